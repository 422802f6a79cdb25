"""Valid arguments for every public callable of paper A (the base the fuzz corrupts one argument of).

``valid_kwargs(name)`` returns fresh keyword arguments for ``reference.adaptive_preferences.<name>``: the
parameter-name defaults ``DEFAULTS`` (one consistent instance: n = 4 items, menus of k = 2, λ = 1/2,
c = 1, γ = 1/2, φ = 1/5, T = 40), overridden per name by ``SPECIAL``. ``METHODS`` lists, per class, the
public methods the fuzz calls on a constructed instance, with their valid arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

import reference.adaptive_preferences as ap

N, K = 4, 2
P = [0.4, 0.3, 0.2, 0.1]
SCORES = [1.0, 0.8, 0.6, 0.5]
MU = [((0, 1), 0.5), ((2, 3), 0.25), ((1, 3), 0.25)]


def _model():
    return ap.random_scale_bounded_model(N, 0.5, 1.5, 0)


def _box_schedule():
    return ap.BoxSchedule(N)


def _rewards():
    return np.random.default_rng(0).random((40, N))


def _algorithm2_params():
    return ap.practical_parameters(N, K, 0.5, 1.0, 0.9, 200)


DEFAULTS: dict[str, Callable[[], Any]] = {
    "n": lambda: N, "k": lambda: K, "lam": lambda: 0.5, "c": lambda: 1.5, "gamma": lambda: 0.5,
    "phi": lambda: 0.2, "T": lambda: 40, "p": lambda: list(P), "scores": lambda: list(SCORES),
    "seed": lambda: 0, "eta": lambda: 0.1, "menu_distribution": lambda: list(MU),
    "score_vectors": lambda: [list(SCORES), [0.5, 1.0, 0.7, 0.9]], "delta": lambda: 0.1,
    "true_scores": lambda: np.array(SCORES), "assumed_scores": lambda: np.array([0.9, 0.8, 0.7, 0.5]),
    "eps": lambda: 0.1, "y": lambda: np.array([0.3, -0.2, 0.5, 0.1]), "fn": lambda: "fuzzed",
    "memory": lambda: np.array(P), "menus": lambda: [(0, 1), (2, 3), (1, 2)], "model": _model,
    "reward_sum": lambda: np.array([3.0, 1.0, 2.0, 0.5]), "rewards_sum": lambda: np.array([3.0, 1.0, 2.0, 0.5]),
    "m": lambda: 2, "weight": lambda: 1.0, "rng": lambda: np.random.default_rng(0), "L": lambda: 5,
    "x": lambda: np.array(P), "rewards": _rewards, "schedule": _box_schedule, "shows": lambda: 3,
    "drift_threshold": lambda: 0.1, "c_exp": lambda: 0.5, "exact": lambda: False, "lower": lambda: 0.0,
    "upper": lambda: 1.0, "xi": lambda: 0.1, "lipschitz": lambda: 1.0, "f_hat": lambda: np.array(SCORES),
    "burn_in": lambda: 5, "initial_weight": lambda: 1.0, "batch": lambda: 2, "menu": lambda: (0, 1),
    "chosen": lambda: 1, "n_arms": lambda: N, "beta": lambda: 0.1, "D": lambda: 1.5, "t": lambda: 3,
    "rounds": lambda: 5, "estimate": lambda: np.array([0.9, 0.8, 0.7, 0.5]), "sigma": lambda: 0.05,
    "query_len": lambda: 6, "H": lambda: 10.0, "history": lambda: [0, 1, 1, 2], "f": lambda: np.array(SCORES),
    "a": lambda: np.array([0.5, -0.5, 0.2, 0.0]), "b": lambda: np.array([0.1, 0.0, -0.1, 0.2]),
    "factors": lambda: np.array([[1.0, 0.5, 0.2, 0.3], [0.4, 1.0, 0.1, 0.2], [0.3, 0.2, 1.0, 0.5],
                                 [0.2, 0.3, 0.4, 1.0]]),
    "model_or_scores": lambda: np.array(SCORES), "seeds": lambda: [0, 1], "x1": lambda: np.full(N, 0.25),
    "x_star": lambda: np.full(N, 0.25), "counts": lambda: np.array([3, 2, 1, 0]), "slack": lambda: 0.05,
    "params": _algorithm2_params, "sigma_bar": lambda: 0.1, "horizon": lambda: 40, "bias": lambda: 0.1,
    "arm": lambda: 1, "means": lambda: np.array([0.6, 0.5, 0.4, 0.3]), "window": lambda: 5,
    "depth": lambda: 2, "offsets": lambda: np.zeros((3, N)), "edges": lambda: [(0, 1), (1, 2)],
    "s": lambda: 1, "F": lambda: 1, "step": lambda: 0.1, "previous_max": lambda: 0.5, "kappa": lambda: 1.0,
    "kappa_hat": lambda: 1.0, "t_": lambda: 1, "alpha_pairs": lambda: [((0, 1), Fraction(1, 2))],
    "iterates": lambda: [np.full(N, 0.25), np.array(P)], "gradients": lambda: [np.ones(N), np.arange(N) * 1.0],
    "g": lambda: np.ones(N), "A": lambda: np.array([[1.0, 0.0, 0.0, 0.0]]), "mu": lambda: np.zeros(1),
    "nu": lambda: np.zeros(N), "initial_mass": lambda: np.array(P), "last_choice": lambda: np.array([0, 1, 2, 3]),
    "favoured": lambda: 0, "signs": lambda: np.array([1, -1, 1, -1]), "n_pairs": lambda: 5, "L_env": lambda: 5,
    "floor": lambda: 0.01, "floors": lambda: [0.0, 0.01, 0.02], "defer": lambda: 2, "choices": lambda: [0, 2, 1],
    "drift": lambda: 0.01, "beta_each": lambda: 0.1, "saturate_rounds": lambda: 5, "learn_rounds": lambda: 10,
    "start_gap": lambda: 0.1, "carry": lambda: 0.1, "weight_sq_sum": lambda: 1.0, "steps_rounds": lambda: 10,
    "grad_sq_sum": lambda: 1.0, "targeting": lambda: 0.1, "movement": lambda: 0.1, "stages": lambda: [],
    "built_for": lambda: np.array(SCORES), "current": lambda: np.array(SCORES), "r": lambda: np.ones(N),
    "trajectory": lambda: None, "design": lambda: ap.reference_design(N, K),
    "reference_memory": lambda: np.array(P), "decision_set": lambda: ap.DecisionSet(N, K),
    "projections": lambda: [lambda y: ap.project_onto_simplex(y)], "project_next": lambda: ap.project_onto_simplex,
    "menu_or_distribution": lambda: (0, 1), "assumed": lambda: (lambda v: np.array(SCORES)),
    "home": lambda: (0,) * N, "terms": lambda: {}, "total": lambda: 1.0,
}

def _trajectory():
    agent = ap.Agent(_model(), 0.5, seed=0)
    return ap.run_interaction(ap.FixedMenuRecommender((0, 1)), agent, _rewards(), K, record=True)


def _luce():
    menus = np.eye(N)[[0, 1, 2, 3, 0, 1]] + np.eye(N)[[1, 2, 3, 0, 2, 3]]
    return menus, np.ones((6, N)), np.array([0, 2, 3, 0, 2, 1])


def _alg3_schedule():
    return ap.Algorithm3Schedule(gamma=0.9, phi=0.3, horizon=100, lam=0.05, c=1.3, batch=5, learn_rounds=5, eta=0.1)


class _NamedCallable(str):
    """``monte_carlo``'s callable ``fn``: the harness reads a keyword ``fn`` as the name errors must start with
    (validator helpers take ``fn``), so the valid callable is also that name."""

    def __call__(self, seed: int) -> float:
        return float(seed) / 10


def _dbg():
    return ap.DeferredBanditGradient(N, eta=0.1, m=2, schedule=ap.BoxSchedule(N))


#: Per-name overrides: keyword arguments where the name defaults do not fit.
SPECIAL: dict[str, Callable[[], dict[str, Any]]] = {
    "Stage": lambda: dict(order=(0, 1, 2, 3), n_fixed=1, n_tied=1, slots=1, duration=0.5),
    "LinearScaleModel": lambda: dict(lam=0.5, factors=np.array([1.0, 0.5, 0.8, 0.3])),
    "FactorModel": lambda: dict(lam=0.5, factors=np.array([1.0, 0.5, 0.8, 0.3])),
    "ScaleBoundedModel": lambda: dict(lam=0.5, c=1.5, a=np.array([0.5, -0.5, 0.2, 0.0]), b=np.eye(N) * 0.1),
    "SigmoidModel": lambda: dict(lam=0.5, a=np.array([0.5, -0.5, 0.2, 0.0]), b=np.eye(N) * 0.1),
    "Trajectory": lambda: dict(total_reward=1.0, chosen_counts=np.zeros(N), reward_sum=np.zeros(N)),
    "run_interaction": lambda: dict(recommender=ap.FixedMenuRecommender((0, 1)), agent=ap.Agent(_model(), 0.5, seed=0),
                                    rewards=_rewards(), k=K),
    "replicate_interaction": lambda: dict(make_run=lambda s: float(s), seeds=[0, 1, 2]),
    "expected_reward": lambda: dict(model=_model(), trajectory=_trajectory(), rewards=_rewards()),
    "monte_carlo": lambda: dict(fn=_NamedCallable("monte_carlo"), seeds=[0, 1, 2]),
    "is_self_realizable": lambda: dict(model=ap.HardnessModel([(0, 1)], N - 1), p=list(P), k=K),
    "self_realizability_margin": lambda: dict(model=ap.HardnessModel([(0, 1)], N - 1), p=list(P), k=K),
    "emptiness_witness_margin": lambda: dict(score_vectors=[list(SCORES), [0.5, 1.0, 0.7, 0.9]], k=K,
                                             y=np.full(2 * N, 0.125)),
    "BoxTargetingRecommender": lambda: dict(learner=ap.BanditOGD(N, eta=0.1, schedule=ap.BoxSchedule(N, 0.01, 0.5)),
                                            k=K, gamma=0.5, assumed=lambda v: np.ones(N), seed=0),
    "ItemBanditRecommender": lambda: dict(learner=ap.Exp3(N, eta=0.1), seed=0),
    "box_schedule": lambda: dict(n=N, k=K, lam=1.0, c=1.0, floor=0.01),
    "project_onto_polytope": lambda: dict(y=np.array([0.3, -0.2, 0.5, 0.1]), A=np.array([[1.0, 0.0, 0.0, 0.0]]),
                                          b=np.array([0.5])),
    "polytope_projection_kkt_residual": lambda: dict(y=np.array([0.3, -0.2, 0.5, 0.1]),
                                                     x=np.array([0.5, 0.0, 0.5, 0.0]),
                                                     A=np.array([[1.0, 0.0, 0.0, 0.0]]), b=np.array([0.5]),
                                                     mu=np.zeros(1), nu=0.0, lam=np.zeros(N)),
    "DBGBound": lambda: dict(terms={}, total=1.0, G2=1.0, S=1.0, beta=0.1),
    "DBGRun": lambda: dict(expected_reward=1.0, realised_reward=1.0, reward_sum=np.zeros(N)),
    "run_dbg": lambda: dict(learner=_dbg(), rewards=_rewards(), seed=0),
    "estimate_scores": lambda: dict(design=ap.reference_design(N, K),
                                    counts=np.ones((len(ap.reference_design(N, K).menus), N), dtype=int)),
    "luce_factor_mle": lambda: dict(menus=_luce()[0], choices=_luce()[2], offsets=_luce()[1], c=1.5),
    "luce_information": lambda: dict(menus=_luce()[0], offsets=_luce()[1], kappa=np.ones(N)),
    "luce_curvature_floor": lambda: dict(menus=_luce()[0], offsets=_luce()[1], c=1.5),
    "luce_spread_bound": lambda: dict(menus=_luce()[0], offsets=_luce()[1], c=1.5, delta=0.1),
    "luce_calibrated_spread": lambda: dict(menus=_luce()[0], offsets=_luce()[1], kappa_hat=np.ones(N), delta=0.1),
    "ScaleBoundedOGD": lambda: dict(n=N, k=K, schedule=_alg3_schedule(), seed=0),
    "HardnessModel": lambda: dict(edges=[(0, 1)], m=2),
    "theorem5_k2_regret_bound": lambda: dict(means=np.full((40, N), 0.5), L=5, n=N, lam=0.5, c=1.5,
                                             gamma=0.25, phi=0.2),
    "theorem5_general_regret_bound": lambda: dict(means=np.full((40, N), 0.5), L=5, n=N, k=K, lam=0.5,
                                                  c=1.5, gamma=0.25, phi=0.2),
    "theorem5_general_apriori_bound": lambda: dict(T=40, n=N, k=K, lam=0.5, c=1.5, gamma=0.25, phi=0.2, L=5),
    "ShortMemoryLowerBoundModel": lambda: dict(n=5, k=3),
    "decode_recent_history": lambda: dict(memory=ap.encode_history([0, 1, 2], Fraction(1, 3), N), gamma=Fraction(1, 3),
                                          depth=2),
    "encode_history": lambda: dict(history=[0, 1, 2], gamma=Fraction(1, 3), n=N),
    "edge_gates": lambda: dict(x=[1, 0, 1, 1], edges=[(0, 1), (2, 3)]),
    "independence_gate": lambda: dict(e=[0, 1, 0]),
    "witness_distribution": lambda: dict(model=ap.HardnessModel([(0, 1)], 3), vertex_set=[0, 2]),
    "witness_menu_distribution": lambda: dict(vertex_set=[0, 2]),
    "max_self_realizable_reward_by_witnesses": lambda: dict(model=ap.HardnessModel([(0, 1)], 3)),
    "max_self_realizable_reward_by_patterns": lambda: dict(model=ap.HardnessModel([(0, 1)], 3)),
    "menu_dist_float_error_bound": lambda: dict(alpha_pairs=[((0, 1), 1.0)], tau=np.array([1.0, 1.0]),
                                                f=np.array([1.0, 2.0]), p=np.array([1 / 3, 2 / 3]), k=2),
    "sigmoid_lipschitz": lambda: dict(lam=0.5, b=np.eye(N) * 0.1, C=None),
    "scale_bounded_sampled_margin": lambda: dict(model=_model(), lam=0.5, c=1.5, n_samples=5, seed=0),
    "regret": lambda: dict(reward_sum=np.array([3.0, 1.0, 2.0, 0.5]), learner_reward=1.0),
    "MonteCarloSummary": lambda: dict(values=np.array([1.0, 2.0]), mean=1.5, se=0.5, ci95=(0.5, 2.5)),
    "eird_box_is_empty": lambda: dict(n=N, cap=0.3),
    "check_window_means": lambda: dict(fn="fuzzed", means=np.full((40, N), 0.5), n=N, L=5),
    "state_separation_bounds": lambda: dict(gamma=Fraction(1, 3), depth=2),
    "optimal_reward": lambda: dict(n=5, k=3),
    "inconsistent_menu_reward_bound": lambda: dict(n=5, k=3),
    "eird_item_one_upper_bound": lambda: dict(n=5, k=3),
    "fresh_state_best_reward": lambda: dict(n=5, k=3),
    "fresh_state_regret_lower_bound": lambda: dict(n=5, k=3),
    "lower_bound_lipschitz_constant": lambda: dict(n=5, k=3, gamma=Fraction(1, 3), depth=2),
    "Theorem2Bound": lambda: dict(terms={}, total=1.0, sigma_bar=0.1, sigma_max=0.2, phi_needed=0.1, phases=1,
                                  query_length=6, burn_in=5, valid=True),
    "BuiltMenus": lambda: dict(mu=list(MU), assumed=np.array(SCORES)),
    "ReferenceDesign": lambda: dict(n=N, k=K, menus=((0, 1), (2, 3)), home=(0, 2)),
    "chord_lower_bound": lambda: dict(m=0.5, n=N, k=K, lam=0.5, c=1.5),
    "interpolate_inverse_scores": lambda: dict(score_vectors=[list(SCORES), [0.5, 1.0, 0.7, 0.9]],
                                               weights=[0.5, 0.5]),
}


def public_objects(package: str = "reference.adaptive_preferences") -> dict[str, Any]:
    """Every name in every ``__all__`` of the package and its modules → the object (one registry)."""
    import importlib  # noqa: PLC0415
    import pkgutil  # noqa: PLC0415

    pkg = importlib.import_module(package)
    out = {name: getattr(pkg, name) for name in pkg.__all__}
    for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{package}."):
        if info.name.endswith("moved_modules"):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            out.setdefault(name, getattr(module, name))
    return out


OBJECTS = public_objects()


def valid_kwargs(name: str, fn: Callable | None = None) -> dict[str, Any]:
    """Fresh valid keyword arguments for ``ap.<name>`` (required parameters only)."""
    import inspect  # noqa: PLC0415

    if name in SPECIAL:
        return SPECIAL[name]()
    target = OBJECTS[name] if fn is None else fn
    out: dict[str, Any] = {}
    for p in inspect.signature(target).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name == "self" or p.default is not p.empty:
            continue
        out[p.name] = DEFAULTS[p.name]()
    return out
