"""Algorithm oracle entries for paper A (Agarwal & Brown, ALT 2024, arXiv 2302.06014): the item learners and the
recommenders, each with an instance builder ``scenario(instance_seed, n, T)`` (protocols and modes:
``certificates.oracle.trajectories``).

Instances are chosen so that a wrong step size shows: decision sets with room (a box [ξ, cap] with ξ ≤ 0.5/n, or a
contracting floor schedule, never a single point), oblivious rewards (i.i.d. uniform or Bernoulli,
piecewise, drifting: the iterate keeps moving instead of settling on a vertex), and step sizes at or above
the calibrated ones. Every learner sees n up to ``max_size`` (default 64), except Algorithm 3 (n ≤ 8: its burn-in
and learning stage grow with n, and with n > 8 no OGD step would happen within 300 rounds). Algorithm 2's
learning phases are shortened (shows ≤ T/(4G)) and Algorithm 3's learning stage is m = 4n rounds instead of the
schedule's max(H, 12n/φ), so both reach their learning steps within the default 300 rounds.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

import reference.adaptive_preferences.long_memory.sec3_score_learning as sl
import reference.adaptive_preferences.long_memory.thm1_dbg as dbg
import reference.adaptive_preferences.long_memory.thm2_regret_bound as t2
import reference.adaptive_preferences.scale_bounded.thm3_schedules as sch
import reference.adaptive_preferences.setting.baselines as bl
import reference.adaptive_preferences.setting.def2_def3_models as models
import reference.adaptive_preferences.setting.sec2_eird as eird
from certificates.oracle.core import Tolerance
from certificates.oracle.trajectories import AlgorithmSpec, Scenario, register_algorithm
from reference.adaptive_preferences.long_memory.lemma3_contracting_ogd import BoxSchedule, FloorSchedule
from reference.adaptive_preferences.realizability.sec2_choice import all_menus
from reference.adaptive_preferences.setting.rewards import ADVERSARIES, iid_rewards, windowed_stochastic_rewards
from reference.adaptive_preferences.setting.sec2_simulator import Agent

__all__ = ["TRAJECTORY", "BRANCHING", "SPECS_A", "Ones", "LOCKSTEP", "check_lockstep_a"]

A = "reference.adaptive_preferences"

TRAJECTORY = Tolerance("trajectory", 1e-8, 1e-12,
                       "T rounds of non-expansive projections / softmaxes, each exact to ≈ n·eps: rounding stays "
                       "≈ T·n·eps ≈ 1e-12, a wrong step or gradient moves x_t by ≥ 1e-6")
BRANCHING = Tolerance("trajectory-branching", 1e-8, 1e-12,
                      "as 'trajectory' (MenuDist re-sums n ratios ≈ n·eps·max f/min f); the re-learning and "
                      "realisability thresholds are compared exactly, so only an instance within rounding of one "
                      "could fork")


class Ones:
    """The dynamics-blind assumed scores v ↦ (1, …, 1) (a named callable, so reports can print it)."""

    def __init__(self, n: int):
        self.n = n

    def __call__(self, memory) -> np.ndarray:
        return np.ones(self.n)

    def __repr__(self) -> str:
        return f"Ones({self.n})"


def _seed(rng: np.random.Generator) -> int:
    return int(rng.integers(2**31))


def _rewards(rng: np.random.Generator, T: int, n: int) -> np.ndarray:
    """An oblivious reward table: i.i.d. uniform (every update moves the iterate), i.i.d. Bernoulli, piecewise
    stationary, drifting best item, or (n ≤ 3 only: it rewards two items) alternating blocks."""
    kinds = ["uniform", "iid", "piecewise", "drifting"] + (["alternating"] if n <= 3 else [])
    kind = kinds[int(rng.integers(len(kinds)))]
    return iid_rewards(T, n, rng, kind="uniform") if kind == "uniform" else ADVERSARIES[kind](T, n, rng)


# --------------------------------------------------------------------------------------------
# item learners
# --------------------------------------------------------------------------------------------
def _schedule(rng: np.random.Generator, n: int, T: int):
    """(make, text): a constant box [ξ, cap] or a contracting floor schedule ξ_0 → ξ_1 over the T rounds."""
    xi0 = float(rng.uniform(0.05, 0.5)) / n
    if rng.random() < 0.6:
        cap = 1.0 if rng.random() < 0.5 else min(1.0, float(rng.uniform(4.0, 10.0)) / n)
        return (lambda: BoxSchedule(n, xi0, cap)), f"BoxSchedule({n}, {xi0!r}, {cap!r})"
    xi1 = xi0 + float(rng.uniform(0.0, 0.6)) * (1.0 / n - xi0)
    floors = [float(a) for a in np.linspace(xi0, xi1, T + 1)]
    return (lambda: FloorSchedule(n, floors)), f"FloorSchedule({n}, np.linspace({xi0!r}, {xi1!r}, {T + 1}))"


def _dbg_learner(rng: np.random.Generator, n: int, T: int, *, ogd: bool = False):
    """(make(cls), text, params) of a DBG (or BanditOGD) learner with a calibrated-or-larger step."""
    make_schedule, sched_text = _schedule(rng, n, T)
    s = make_schedule()
    m, lag = (1, 0) if ogd else (int(rng.choice([1, 2, 3, 5])), 1)
    eta = float(dbg.dbg_calibrated_eta(n, T, m, 0.0, s.diameter, s.min_coordinate) * rng.choice([1.0, 3.0]))
    x1 = rng.dirichlet(np.ones(n)) if rng.random() < 0.3 else None
    params = {"n": n, "eta": eta, "m": m, "lag": lag, "schedule": sched_text, "x1": x1}

    def extra() -> dict:  # a fresh copy of x1 for each object
        return {} if x1 is None else {"x1": x1.copy()}

    given = "" if x1 is None else ", x1=x1"
    if ogd:
        return (lambda cls: cls(n, eta=eta, schedule=make_schedule(), **extra())), \
            f"cls({n}, eta={eta!r}, schedule={sched_text}{given})", params
    return (lambda cls: cls(n, eta=eta, m=m, schedule=make_schedule(), lag=lag, **extra())), \
        f"cls({n}, eta={eta!r}, m={m}, schedule={sched_text}, lag={lag}{given})", params


def _learner_scenario(kind: str):
    def scenario(instance_seed: int, n: int, T: int) -> Scenario:
        rng = np.random.default_rng(instance_seed)
        R = _rewards(rng, T, n)
        if kind == "exp3":
            eta = float(bl.exp3_eta(n, T) * rng.choice([1.0, 4.0]))
            return Scenario(lambda cls: cls(n, eta=eta), f"cls({n}, eta={eta!r})", R, {"n_arms": n, "eta": eta})
        build, call, params = _dbg_learner(rng, n, T, ogd=kind == "ogd")
        return Scenario(build, call, R, params)
    return scenario


# --------------------------------------------------------------------------------------------
# recommenders
# --------------------------------------------------------------------------------------------
def _menu_size(rng: np.random.Generator, n: int) -> int:
    """k ∈ 1..min(4, n − 1): with k = n every menu is the whole set and the recommender's choices are invisible."""
    return int(rng.integers(1, max(1, min(4, n - 1)) + 1))


def _agent(model, gamma: float, seed: int):
    return lambda: Agent(model, gamma, seed=seed)


def _algorithm2(instance_seed: int, n: int, T: int) -> Scenario:
    rng = np.random.default_rng(instance_seed)
    k = _menu_size(rng, n)
    lam = float(rng.uniform(0.5, 0.9))
    model = models.random_smooth_model(n, lam, _seed(rng), strength=0.5, quadratic=False)
    gamma = t2.gamma_for_exponent(T, 1.0)
    params = t2.practical_parameters(n, k, lam, model.lipschitz, gamma, T)
    params = dataclasses.replace(params, eta=float(params.eta * rng.choice([1.0, 4.0])))
    if k >= 2:  # shorter learning phases, so that DBG rounds (and re-learning) happen within T
        G = len(sl.reference_design(n, k).menus)
        params = dataclasses.replace(params, shows=max(1, min(params.shows, T // (4 * G))))
    seed, R = _seed(rng), _rewards(rng, T, n)
    return Scenario(lambda cls: cls(n, k, gamma, dataclasses.replace(params), seed=seed),
                    f"cls({n}, {k}, {gamma!r}, params, seed={seed})", R,
                    {"n": n, "k": k, "lam": lam, "gamma": gamma, "params": dataclasses.asdict(params)},
                    agent=_agent(model, gamma, _seed(rng)), k=k)


def _algorithm3(instance_seed: int, n: int, T: int) -> Scenario:
    rng = np.random.default_rng(instance_seed)
    k = int(rng.integers(1, max(1, min(3, n - 1)) + 1))
    lam, c, phi = float(rng.choice([0.5, 1.0])), float(rng.choice([1.1, 1.3])), float(rng.choice([0.3, 0.5]))
    pr = dict(sch.theorem3_invariant_parameters(T, 0.5, n, k, phi))
    pr["learn_rounds"] = 4 * n  # the OGD steps start within T rounds (the schedule's m is max(H, 12n/φ))
    estimator = str(rng.choice(["mle", "lemma7"]))
    relearn = "steps" if estimator == "mle" and rng.random() < 0.3 else "stages"
    model = models.random_scale_bounded_model(n, lam, c, _seed(rng), normalize=True)
    seed, R = _seed(rng), _rewards(rng, T, n)
    kw = {"phi": phi, "horizon": T, "lam": lam, "c": c, "seed": seed, "estimator": estimator, "relearn": relearn}
    return Scenario(lambda cls: cls.from_schedule(n, k, dict(pr), **kw),
                    f"cls.from_schedule({n}, {k}, pr, **{kw!r})", R, {"n": n, "k": k, "schedule": pr, **kw},
                    agent=_agent(model, pr["gamma"], _seed(rng)), k=k)


def _exp_phi(instance_seed: int, n: int, T: int) -> Scenario:
    rng = np.random.default_rng(instance_seed)
    k = _menu_size(rng, n)
    gamma, L = float(rng.choice([0.3, 0.45, 0.7])), int(rng.integers(1, 9))
    eta = None if rng.random() < 0.5 else float(math.sqrt(2 * math.log(n) / (max(1, T // L) * n)) * rng.uniform(1, 4))
    model = models.random_scale_bounded_model(n, 0.5, 1.2, _seed(rng), normalize=True)
    seed = _seed(rng)
    R = windowed_stochastic_rewards(T, n, L, rng) if rng.random() < 0.5 else _rewards(rng, T, n)
    return Scenario(lambda cls: cls(n, k, gamma, window=L, horizon=T, seed=seed, eta=eta),
                    f"cls({n}, {k}, {gamma!r}, window={L}, horizon={T}, seed={seed}, eta={eta!r})", R,
                    {"n": n, "k": k, "gamma": gamma, "window": L, "eta": eta},
                    agent=_agent(model, gamma, _seed(rng)), k=k)


def _random_menus(rng: np.random.Generator, n: int, k: int, count: int) -> list[tuple[int, ...]]:
    if math.comb(n, k) <= count:
        return all_menus(n, k)
    menus: set[tuple[int, ...]] = set()
    while len(menus) < count:
        menus.add(tuple(sorted(int(i) for i in rng.choice(n, size=k, replace=False))))
    return sorted(menus)


def _plain_agent(rng: np.random.Generator, n: int, gamma: float):
    model = models.random_scale_bounded_model(n, 0.5, 1.2, _seed(rng), normalize=True)
    return _agent(model, gamma, _seed(rng))


def _exp3_menus(instance_seed: int, n: int, T: int) -> Scenario:
    rng = np.random.default_rng(instance_seed)
    k = _menu_size(rng, n)
    menus = _random_menus(rng, n, k, 40)
    eta, seed = float(bl.exp3_eta(len(menus), T) * rng.choice([1.0, 4.0])), _seed(rng)
    return Scenario(lambda cls: cls(list(menus), eta=eta, seed=seed), f"cls(menus, eta={eta!r}, seed={seed})",
                    _rewards(rng, T, n), {"n": n, "k": k, "menus": menus, "eta": eta},
                    agent=_plain_agent(rng, n, 0.9), k=k)


def _fixed_menu(instance_seed: int, n: int, T: int) -> Scenario:
    rng = np.random.default_rng(instance_seed)
    k = _menu_size(rng, n)
    menus = _random_menus(rng, n, k, int(rng.integers(1, 7)))
    arg = menus[0] if rng.random() < 0.3 else [(m, float(w)) for m, w in zip(menus, rng.dirichlet(np.ones(len(menus))))]
    seed = _seed(rng)
    return Scenario(lambda cls: cls(list(arg), seed=seed), f"cls({arg!r}, seed={seed})",
                    _rewards(rng, T, n), {"n": n, "k": k, "menu_or_distribution": arg},
                    agent=_plain_agent(rng, n, 0.9), k=k)


def _item_bandit(instance_seed: int, n: int, T: int) -> Scenario:
    rng = np.random.default_rng(instance_seed)
    if rng.random() < 0.5:
        eta = float(bl.exp3_eta(n, T) * rng.choice([1.0, 4.0]))
        make, text, params = (lambda: bl.Exp3(n, eta=eta)), f"Exp3({n}, eta={eta!r})", {"n_arms": n, "eta": eta}
    else:
        build, text, params = _dbg_learner(rng, n, T)
        make, text = (lambda: build(dbg.DeferredBanditGradient)), text.replace("cls(", "DeferredBanditGradient(")
    seed = _seed(rng)
    return Scenario(lambda cls: cls(make(), seed=seed), f"cls({text}, seed={seed})", _rewards(rng, T, n),
                    {"learner": params}, agent=_plain_agent(rng, n, 0.9), k=1)


def _box_targeting(instance_seed: int, n: int, T: int) -> Scenario:
    rng = np.random.default_rng(instance_seed)
    lam, c = 1.0, 1.2
    k = _menu_size(rng, n)
    while not eird.box_applies(n, k, lam, c):
        k -= 1
    sched = bl.box_schedule(n, k, lam, c, floor=float(rng.uniform(0.05, 0.5)) / n)
    lo, cap = sched.lower, sched.upper
    ogd = rng.random() < 0.3
    m = 1 if ogd else int(rng.choice([1, 2, 4]))
    eta = float(dbg.dbg_calibrated_eta(n, T, m, 0.0, sched.diameter, sched.min_coordinate) * rng.choice([1.0, 3.0]))
    gamma = float(rng.choice([0.5, 0.9, 0.99]))
    model = models.random_scale_bounded_model(n, lam, c, _seed(rng), normalize=True)
    assumed = model.scores if rng.random() < 0.6 else Ones(n)
    seed = _seed(rng)

    def learner():
        if ogd:
            return bl.BanditOGD(n, eta=eta, schedule=BoxSchedule(n, lo, cap))
        return dbg.DeferredBanditGradient(n, eta=eta, m=m, schedule=BoxSchedule(n, lo, cap))

    text = (f"BanditOGD({n}, eta={eta!r}, schedule=BoxSchedule({n}, {lo!r}, {cap!r}))" if ogd else
            f"DeferredBanditGradient({n}, eta={eta!r}, m={m}, schedule=BoxSchedule({n}, {lo!r}, {cap!r}))")
    oracle = "model.scores" if assumed is model.scores else repr(assumed)
    return Scenario(lambda cls: cls(learner(), k, gamma, assumed, seed=seed),
                    f"cls({text}, {k}, {gamma!r}, {oracle}, seed={seed})", _rewards(rng, T, n),
                    {"n": n, "k": k, "gamma": gamma, "learner": text, "assumed": oracle},
                    agent=_agent(model, gamma, _seed(rng)), k=k)


SPECS_A = [
    AlgorithmSpec("DeferredBanditGradient", "A", f"{A}.long_memory.thm1_dbg", "DeferredBanditGradient", "learner",
                  _learner_scenario("dbg"), TRAJECTORY),
    AlgorithmSpec("BanditOGD", "A", f"{A}.setting.baselines", "BanditOGD", "learner", _learner_scenario("ogd"),
                  TRAJECTORY),
    AlgorithmSpec("A.Exp3", "A", f"{A}.setting.baselines", "Exp3", "learner", _learner_scenario("exp3"), TRAJECTORY),
    AlgorithmSpec("Algorithm2", "A", f"{A}.long_memory.alg2_eird_targeting", "Algorithm2", "recommender",
                  _algorithm2, BRANCHING, note="Learning phases shortened to shows ≤ T/(4G)."),
    AlgorithmSpec("ScaleBoundedOGD", "A", f"{A}.scale_bounded.alg3_scale_bounded_ogd", "ScaleBoundedOGD",
                  "recommender", _algorithm3, BRANCHING, size_cap=8, iterates=("x",),
                  note="Built with cls.from_schedule(n, k, theorem3_invariant_parameters(T, 0.5, n, k, φ) with "
                       "learn_rounds = 4n, phi=, horizon=, lam=, c=, seed=, estimator=, relearn=); n ≤ 8; the OGD "
                       "iterate x is compared when the candidate has it."),
    AlgorithmSpec("ExpPhi", "A", f"{A}.short_memory.sec6_exp_phi", "ExpPhi", "recommender", _exp_phi, TRAJECTORY,
                  note="At a window start menu_distribution(t) is the mixture over the arm draw."),
    AlgorithmSpec("Exp3MenuRecommender", "A", f"{A}.setting.baselines", "Exp3MenuRecommender", "recommender",
                  _exp3_menus, TRAJECTORY),
    AlgorithmSpec("FixedMenuRecommender", "A", f"{A}.setting.baselines", "FixedMenuRecommender", "recommender",
                  _fixed_menu, TRAJECTORY),
    AlgorithmSpec("ItemBanditRecommender", "A", f"{A}.setting.baselines", "ItemBanditRecommender", "recommender",
                  _item_bandit, TRAJECTORY,
                  note="k = 1; the learner (a reference DeferredBanditGradient or A.Exp3) is built afresh for each."),
    AlgorithmSpec("BoxTargetingRecommender", "A", f"{A}.setting.baselines", "BoxTargetingRecommender", "recommender",
                  _box_targeting, BRANCHING,
                  note="The learner (a reference DBG or BanditOGD on box_schedule) is built afresh for each."),
]

for _spec in SPECS_A:
    register_algorithm(_spec)


# --------------------------------------------------------------------------------------------
# lockstep engines (issue 14): replicate r of an engine against scalar_run(algorithm, instance, seeds[r])
# --------------------------------------------------------------------------------------------
LOCKSTEP = Tolerance("lockstep", 1e-8, 1e-12,
                     "the engine does each replicate's float operations with arrays (batched scores, row-wise "
                     "softmax, a vectorised box-simplex projection): ≈ n·eps per round; menus, choices and rewards "
                     "are compared exactly, memories and iterates with this tolerance")


def _lockstep_mismatch(algorithm: str, seed: int, r: int, t: int | None, quantity: str, message: str,
                       ref, cand) -> AssertionError:
    from certificates.oracle.core import OracleMismatch as Mismatch  # noqa: PLC0415

    where = "in its shape" if t is None else f"at round {t}"
    text = (f"oracle: lockstep replicate {r} (seed {seed}) of {algorithm} disagrees with scalar_run {where}: "
            f"{quantity}: {message}\n  reference: {ref!r}\n  engine:    {cand!r}\nReplay it:\n"
            f"    scalar_run({algorithm!r}, instance, {seed}) against lockstep_run({algorithm!r}, instance, [{seed}])")
    return Mismatch(text, {"algorithm": algorithm, "seed": seed, "replicate": r, "round": t, "quantity": quantity,
                           "difference": message, "tolerance": LOCKSTEP.describe()})


def check_lockstep_a(algorithm: str, instance, seeds, *, engine=None, raise_on_mismatch: bool = True) -> dict:
    """Certify a lockstep engine: replicate r of ``engine(algorithm, instance, seeds)`` against
    ``engines.scalar_run.scalar_run(algorithm, instance, seeds[r])`` (the scalar reference).

    Menus, choices and rewards received must be identical; memories (before each choice) and iterates (before each
    proposal) agree within ``LOCKSTEP``. Returns {"identical": replicates identical in every compared quantity,
    "total", "max_iterate_error" and "max_memory_error" (over the replicates whose menus and choices are identical),
    "first_divergence": [(seed, round) or None per replicate]}.
    With ``raise_on_mismatch`` the first differing replicate raises ``OracleMismatch`` (seed, round, quantity).
    ``engine`` defaults to ``engines.paper_a.lockstep.lockstep_run``.
    """
    from engines.scalar_run import scalar_run  # noqa: PLC0415

    if engine is None:
        from engines.paper_a.lockstep import lockstep_run as engine  # noqa: PLC0415
    seeds = [int(s) for s in seeds]
    run = engine(algorithm, instance, seeds)
    out = {"algorithm": algorithm, "total": len(seeds), "identical": 0, "max_iterate_error": 0.0,
           "max_memory_error": 0.0, "first_divergence": [], "tolerance": LOCKSTEP.describe()}
    for r, seed in enumerate(seeds):
        ref = scalar_run(algorithm, instance, seed)
        diverged = _first_divergence(ref, run, r)
        if diverged is None or (diverged[0] is not None and diverged[1] in ("memories", ref.iterate_name)):
            out["max_iterate_error"] = max(out["max_iterate_error"],
                                           float(np.abs(ref.iterates - run.iterates[r]).max()))
            out["max_memory_error"] = max(out["max_memory_error"], float(np.abs(ref.memories - run.memories[r]).max()))
        out["first_divergence"].append(None if diverged is None else (seed, diverged[0]))
        if diverged is None:
            out["identical"] += 1
        elif raise_on_mismatch:
            raise _lockstep_mismatch(algorithm, seed, r, *diverged)
    return out


def _first_divergence(ref, run, r: int) -> tuple | None:
    """(round, quantity, message, reference value, engine value) of the first difference of replicate r, or None."""
    from certificates.oracle import compare as cmp  # noqa: PLC0415

    exact = (("menus", ref.menus, run.menus[r]), ("choices", ref.choices, run.choices[r]),
             ("rewards received", ref.rewards_received, run.rewards_received[r]))
    close = (("memories", ref.memories, run.memories[r]), (ref.iterate_name, ref.iterates, run.iterates[r]))
    for name, a, b in exact + close:
        if np.shape(a) != np.shape(b):
            return None, name, f"the engine's has shape {np.shape(b)}, the reference's {np.shape(a)}", None, None
    rounds = [(int(np.flatnonzero(np.any((a != b).reshape(len(a), -1), axis=1))[0]), name, a, b)
              for name, a, b in exact if np.any(a != b)]
    if rounds:
        t, name, a, b = min(rounds, key=lambda x: x[0])
        return t, name, "differ", a[t], b[t]
    for name, a, b in close:
        message = cmp.vectors(a, b, LOCKSTEP, name)
        if message is not None:
            t = int(np.argmax(np.abs(a - b).reshape(len(a), -1).max(axis=1)))
            return t, name, message, a[t], b[t]
    return None
