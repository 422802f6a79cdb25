"""Public-API fuzz of paper B (issue 12 item 2): every name in ``reference.embedding_routing.__all__`` and in
the ``__all__`` of its modules (bounds, environment, hpg, hypentropy, policies, rank_readings, regret).

Each public callable (functions, and classes through their constructors and public methods) gets calls in
which one argument of a valid call (``VALID``) is replaced by a corruption drawn by ``tests.fuzz.junk.junk_like``
(wrong shapes, empty, 2-D, NaN/±inf, negative, zero, huge and denormal magnitudes, float32/int/bool/str/None/
Fraction mixes, mismatched lengths), plus the valid call itself and the regression cases of the issue
(``EXTREME``: 1e300·I, 800·I, X ≈ Y to 1e-8, non-symmetric Ψ, T ≳ 1030, …).

The property (house rule): the call raises ``ValueError``/``TypeError`` whose message starts with the qualified
name (``HPG: ``, ``HPG.update: ``) and names the corrupted parameter, or it returns an answer that the
independent check of ``FUZZED[name]`` accepts (``CHECKS``; otherwise every number in the answer is finite).

Census (counts of ok / clear / vague / crash / silent per name, on this tree or an older one)::

    python tests/fuzz/test_fuzz_b.py [--reference-root /tmp/before_b]
"""

from __future__ import annotations

import inspect
import math
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

if __name__ == "__main__" and "--reference-root" in sys.argv:       # census of another tree's reference/
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--reference-root") + 1]).resolve()))
    sys.path.insert(1, str(Path(__file__).resolve().parents[2]))
elif __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import reference.embedding_routing as er  # noqa: E402
from tests.fuzz.junk import Outcome, is_finite_output, junk_like, outcome_of  # noqa: E402

#: The packages whose ``__all__`` names this module's FUZZED covers (read by tests/fuzz/test_fuzz_coverage.py).
PACKAGES = ("reference.embedding_routing",)
MODULES = [m for m in ("bounds", "environment", "hpg", "hypentropy", "policies", "rank_readings", "regret")
           if hasattr(er, m)]
D, M, T = 3, 2, 6
RNG = np.random.default_rng(0)


def _owner(name: str) -> Any:
    for mod in [er] + [getattr(er, m) for m in MODULES]:
        if name in getattr(mod, "__all__", ()) and hasattr(mod, name):
            return getattr(mod, name)
    return None


NAMES = sorted({n for n in er.__all__} | {n for m in MODULES for n in getattr(er, m).__all__})


# ------------------------------------------------------------------------------------------------
# valid calls
# ------------------------------------------------------------------------------------------------
def _mat(shape=(D, D * M), scale=1.0, seed=1):
    return np.random.default_rng(seed).standard_normal(shape) * scale


def _inst():
    return er.planted_instance(T, D, M, 1, 0, query_kind="sphere")


def _run(learner=None):
    inst = _inst()
    return er.run_learner(learner or er.HPG(D, M, T, 1.0), inst, 1), inst


def _psi():
    x = np.array([0.6, 0.0, 0.8])
    return np.outer(x, x)


VALID: dict[str, Callable[[], dict]] = {
    "hpg_tuned_parameters": lambda: dict(T=100, M=M, d=D, tau=1.0),
    "hpg_linearized_regret_bound": lambda: dict(T=100, M=M, d=D, tau=1.0, beta=0.3, eta=0.1),
    "omd_pathwise_bound": lambda: dict(sq_op_norms=[0.5, 1.0], d=D, tau=1.0, beta=0.3, eta=0.1),
    "adaptive_omd_pathwise_bound": lambda: dict(sq_op_norms=[0.5, 1.0], d=D, tau=1.0, beta=0.3),
    "hpg_headline_bound": lambda: dict(T=100, M=M, d=D, s=1, B=1.0),
    "ogd_expected_regret_bound": lambda: dict(T=100, M=M, tau=1.0, fro_max=1.0, eta=0.1),
    "bregman_diameter": lambda: dict(tau=1.0, beta=0.3),
    "kt_log_potential": lambda: dict(T=10, S=3.0),
    "kt_scale_regret_bound": lambda: dict(T=50, u=2.0, epsilon=1.0),
    "parameter_free_pathwise_bound": lambda: dict(u=1.0, T=2, sq_op_norms=[0.5, 1.0], g_max=1.5, epsilon=1.0, d=D,
                                                  direction_beta=0.3, direction_eta=0.1),
    "RoutingInstance": lambda: dict(queries=np.eye(D)[[0, 1]], features=np.stack([np.diag([1.0, 0, 0]),
                                    np.diag([0, 1.0, 0])]), rewards=np.array([[0.2, 0.8], [0.5, 0.5]])),
    "feature_op_norms": lambda: dict(features=np.stack([_psi(), np.eye(D) * 0.5])),
    "make_queries": lambda: dict(kind="subspace", T=T, d=D, seed=0, basis=np.eye(D)[:, :2]),
    "make_features": lambda: dict(queries=np.eye(D)[[0, 2]] * 0.9, kind="multi_vector", seed=0),
    "LowRankExpert": lambda: dict(A=_mat((2, D)), E=_mat((4, 2))),
    "random_low_rank_experts": lambda: dict(M=M, d=D, s=1, n_items=4, seed=0),
    "expert_rewards": lambda: dict(experts=er.environment.random_low_rank_experts(M, D, 1, 4, 0),
                                   queries=np.eye(D)[[0, 1]], thetas=np.ones((2, 2)) / 2,
                                   item_features=np.eye(4)[:, :2] * 0.5),
    "low_rank_expert_instance": lambda: dict(T=T, d=D, M=M, s=1, seed=0, n_items=5, p=2),
    "planted_theta": lambda: dict(d=D, M=M, s=1, B=1.0, seed=0),
    "planted_instance": lambda: dict(T=T, d=D, M=M, s=1, seed=0, B=1.0, reward_noise=0.1),
    "never_repeating_instance": lambda: dict(T=T, d=D, M=M, seed=0),
    "HPG": lambda: dict(d=D, M=M, T=T, tau=1.0, eta=0.5),
    "AdaptiveHPG": lambda: dict(d=D, M=M, T=T, tau=1.0),
    "ParameterFreeHPG": lambda: dict(d=D, M=M, T=T, epsilon=1.0),
    "EuclideanPolicyGradient": lambda: dict(d=D, M=M, T=T, tau=1.0, fro_max=1.0),
    "NuclearEuclideanPolicyGradient": lambda: dict(d=D, M=M, T=T, tau=1.0, fro_max=1.0),
    "Exp3": lambda: dict(M=M, T=T, eta=0.1),
    "LogLinearPolicyGradient": lambda: dict(d=D, M=M, T=T, radius=1.0),
    "TabularExp3": lambda: dict(M=M, T=T),
    "UniformRouter": lambda: dict(M=M),
    "run_learner": lambda: dict(learner=er.HPG(D, M, T, 1.0), instance=_inst(), seed=1),
    "mirror_ascent_step": lambda: dict(Y=_mat(), G=_mat(seed=2), eta=0.1),
    "as_matrix": lambda: dict(fn="f", arg="X", X=_mat()),
    "finite_array": lambda: dict(fn="f", arg="x", x=_mat()),
    "check_beta": lambda: dict(fn="f", beta=0.5),
    "check_radius": lambda: dict(fn="f", tau=0.5),
    "singular_values": lambda: dict(X=_mat()),
    "asinh_ratio": lambda: dict(sigma=np.array([0.0, 1.0, 1e300]), beta=0.5),
    "beta_sinh": lambda: dict(y=np.array([0.0, 1.0, 30.0]), beta=0.5),
    "nuclear_norm": lambda: dict(X=_mat()),
    "operator_norm": lambda: dict(X=_mat()),
    "hypentropy_scalar": lambda: dict(sigma=np.array([0.0, 1.0, 2.0]), beta=0.5),
    "hypentropy_vector": lambda: dict(x=np.array([0.3, -1.0, 2.0]), beta=0.5),
    "spectral_hypentropy": lambda: dict(X=_mat(), beta=0.5),
    "mirror_map": lambda: dict(X=_mat(), beta=0.5),
    "inverse_mirror_map": lambda: dict(Y=_mat(), beta=0.5),
    "bregman_divergence": lambda: dict(X=_mat(), Y=_mat(seed=2), beta=0.5),
    "project_singular_values": lambda: dict(sigma_tilde=np.array([3.0, 1.0, 0.5]), tau=1.0, beta=0.5),
    "bregman_project_nuclear_ball": lambda: dict(X_tilde=_mat(scale=3.0), tau=1.0, beta=0.5),
    "bregman_project_dual": lambda: dict(Y=_mat(scale=3.0), tau=1.0, beta=0.5),
    "euclidean_project_nuclear_ball": lambda: dict(X=_mat(scale=3.0), tau=1.0),
    "projection_optimality_residual": lambda: dict(
        X_star=er.hypentropy.bregman_project_nuclear_ball(_mat(scale=3.0), 1.0, 0.5), X_tilde=_mat(scale=3.0),
        tau=1.0, beta=0.5),
    "strong_convexity_modulus": lambda: dict(tau=1.0, beta=0.5, k=D),
    "sc_dual_weight_bound": lambda: dict(sigma=np.array([1.0, 0.5]), beta=0.5),
    "hessian_quadratic_form": lambda: dict(X=_mat(), Delta=_mat(seed=3), beta=0.5),
    "vector_strong_convexity_ratio": lambda: dict(x=np.array([0.2, -0.3]), y=np.array([0.1, 0.4]), D=1.0, beta=0.5),
    "spectral_strong_convexity_ratio": lambda: dict(X=_mat(scale=0.1), Y=_mat(scale=0.1, seed=2), tau=5.0, beta=0.5),
    "hypentropy_range_on_nuclear_ball": lambda: dict(tau=1.0, beta=0.5),
    "quadratic_features": lambda: dict(x=np.array([0.6, 0.0, 0.8])),
    "multi_vector_features": lambda: dict(vectors=np.eye(D)[:2], weights=np.array([1.0, -0.5])),
    "softmax": lambda: dict(logits=np.array([1.0, 2.0, 3.0])),
    "softmax_rows": lambda: dict(Z=_mat((4, M))),
    "theta_blocks": lambda: dict(Theta=_mat(), d=D, M=M),
    "log_quadratic_logits": lambda: dict(Theta=_mat(), Psi=_psi()),
    "log_quadratic_logits_batch": lambda: dict(Theta=_mat(), features=np.stack([_psi(), np.eye(D)])),
    "log_quadratic_policy": lambda: dict(Theta=_mat(), Psi=_psi()),
    "log_linear_policy": lambda: dict(W=_mat((M, D)), b=np.zeros(M), x=np.array([0.6, 0.0, 0.8])),
    "constant_policy": lambda: dict(logits=np.array([0.0, 1.0])),
    "best_response": lambda: dict(r=np.array([0.2, 0.9, 0.1])),
    "expected_reward": lambda: dict(pi=np.array([0.25, 0.75]), r=np.array([0.2, 0.6])),
    "gradient_from_coefficients": lambda: dict(c=np.array([0.1, -0.1]), Psi=_psi()),
    "exact_gradient_coefficients": lambda: dict(pi=np.array([0.25, 0.75]), r=np.array([0.2, 0.6])),
    "exact_gradient": lambda: dict(Theta=_mat(), Psi=_psi(), r=np.array([0.2, 0.6])),
    "reinforce_coefficients": lambda: dict(pi=np.array([0.25, 0.75]), m=1, reward=0.6),
    "reinforce_gradient": lambda: dict(pi=np.array([0.25, 0.75]), Psi=_psi(), m=1, reward=0.6),
    "stacked_radius": lambda: dict(s=2, B=1.0, M=M),
    "blocks_radius": lambda: dict(s=2, B=1.0, M=M, d=D),
    "block_ranks": lambda: dict(Theta=_mat(), d=D),
    "stacked_rank": lambda: dict(Theta=_mat(), d=D),
    "planted_blocks_theta": lambda: dict(d=D, M=M, s=1, B=1.0, seed=0),
    "planted_blocks_instance": lambda: dict(T=T, d=D, M=M, s=1, seed=0),
    "linearized_regret": lambda: dict(grad_sum=_mat(), inner_sum=0.3, tau=1.0),
    "linearized_regret_cvxpy": lambda: dict(grad_sum=_mat((2, 4)), inner_sum=0.3, tau=1.0),
    "linearized_regret_of_run": lambda: dict(run=_run()[0], tau=1.0),
    "estimated_linearized_regret_of_run": lambda: dict(run=_run()[0], tau=1.0),
    "pseudo_linearized_regret": lambda: dict(runs=[_run()[0], _run()[0]], tau=1.0),
    "total_expected_reward": lambda: dict(Theta=_mat(), instance=_inst()),
    "project_nuclear_ball_euclidean": lambda: dict(X=_mat(scale=3.0), tau=1.0),
    "best_fixed_log_quadratic": lambda: dict(instance=_inst(), tau=1.0, seed=0, iterations=5),
    "actual_policy_regret": lambda: dict(**dict(zip(("run", "instance"), _run())), tau=1.0, seed=0, iterations=5),
    "unconstrained_value": lambda: dict(rewards=np.array([[0.2, 0.8], [0.5, 0.1]])),
    "constant_class_value": lambda: dict(rewards=np.array([[0.2, 0.8], [0.5, 0.1]])),
    "log_linear_class_value": lambda: dict(queries=np.eye(D)[[0, 1]], rewards=np.array([[0.2, 0.8], [0.5, 0.1]]),
                                           seed=0, restarts=1),
    "log_quadratic_class_value": lambda: dict(features=np.stack([_psi(), np.eye(D)]),
                                              rewards=np.array([[0.2, 0.8], [0.5, 0.1]]), seed=0, restarts=1),
    "class_gap_table": lambda: dict(instance=_inst(), seed=0),
    "log_quadratic_value_of_instance": lambda: dict(instance=_inst(), seed=0),
    "unconstrained_regret_lower_bound": lambda: dict(T=T, M=M),
}
#: Arguments of learner methods (the learner is built from VALID[class]).
METHOD_ARGS: dict[str, Callable[[], Any]] = {
    "t": lambda: 0, "x": lambda: np.array([0.6, 0.0, 0.8]), "Psi": _psi, "m": lambda: 1, "reward": lambda: 0.6,
    "G": lambda: _mat(scale=0.1), "g": lambda: 0.5, "z": lambda: 0.2,
}
PROTOCOLS = {"Router", "LogQuadraticRouter"}
RECORDS = {"RoutingRun"}
SLOW = {"class_gap_table": 2, "log_quadratic_value_of_instance": 2, "log_linear_class_value": 3,
        "log_quadratic_class_value": 3, "linearized_regret_cvxpy": 3, "best_fixed_log_quadratic": 4,
        "actual_policy_regret": 4, "pseudo_linearized_regret": 4}
DEFAULT_CASES = 10


def kind_of(name: str) -> str:
    obj = _owner(name)
    if inspect.ismodule(obj):
        return "module"
    if name in PROTOCOLS:
        return "protocol"
    if name in RECORDS:
        return "record"
    if inspect.isclass(obj):
        return "class"
    return "function" if callable(obj) and not isinstance(obj, type(int | None)) else "constant"


# ------------------------------------------------------------------------------------------------
# independent checks: (kwargs, value) → None when the answer is verified, else the reason
# ------------------------------------------------------------------------------------------------
def _close(a: float, b: float, rel: float = 1e-8) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def _sv2(X) -> np.ndarray:
    """σ(X) from the eigenvalues of XᵀX or XXᵀ (a second route to the SVD)."""
    A = np.asarray(X, dtype=float)
    G = A @ A.T if A.shape[0] <= A.shape[1] else A.T @ A
    return np.sqrt(np.clip(np.sort(np.linalg.eigvalsh(G))[::-1], 0, None))


def _prob(v) -> str | None:
    p = np.asarray(v, dtype=float)
    return None if np.all(p >= 0) and abs(p.sum() - 1) <= 1e-9 else "not a probability vector"


def _check_projection(kw, X) -> str | None:
    tau, beta = float(kw["tau"]), float(kw["beta"])
    res = er.hypentropy.projection_optimality_residual(X, kw["X_tilde"], tau, beta)
    top = np.linalg.norm(np.asarray(kw["X_tilde"], dtype=float), 2)
    scale = (1 + tau) * (1 + float(er.hypentropy.asinh_ratio([top], beta)[0]))
    return None if res["infeasibility"] <= 1e-9 * tau and res["vi"] <= 1e-6 * scale else f"KKT residual {res}"


def _check_psv(kw, out) -> str | None:
    sigma, nu = out
    ok = np.all(sigma >= 0) and math.fsum(sigma) <= float(kw["tau"]) * (1 + 1e-12) and nu >= 0
    return None if ok else "infeasible singular values"


def _check_round_trip(kw, X) -> str | None:
    back = er.hypentropy.mirror_map(X, kw["beta"])
    Y = np.asarray(kw["Y"], dtype=float)
    return None if np.linalg.norm(back - Y) <= 1e-7 * max(1.0, np.linalg.norm(Y)) else "mirror map round trip fails"


def _check_divergence(kw, v) -> str | None:
    if v < 0:
        return f"negative divergence {v}"
    same = np.array_equal(np.asarray(kw["X"], dtype=float), np.asarray(kw["Y"], dtype=float))
    return "D(X, X) ≠ 0" if same and v != 0 else None


def _check_kt(kw, v) -> str | None:
    Tn, u, eps = int(kw["T"]), float(kw["u"]), float(kw["epsilon"])
    grid = np.linspace(0, Tn, 401)
    logs = np.array([math.log(eps) + er.bounds.kt_log_potential(Tn, float(S)) for S in grid])
    best = max(u * S - math.exp(lv) for S, lv in zip(grid, logs) if lv < 700)
    return None if v >= eps + best - 1e-9 * max(1.0, abs(v)) else f"below a grid value {eps + best}"


CHECKS: dict[str, tuple[str, Callable[[dict, Any], str | None]]] = {
    "singular_values": ("σ agrees with √eig(XᵀX)", lambda kw, s: None if np.allclose(s, _sv2(kw["X"]), rtol=1e-7,
                        atol=1e-7 * float(np.max(_sv2(kw["X"])))) else "σ differs from √eig(XᵀX)"),
    "nuclear_norm": ("‖X‖_F ≤ ‖X‖_* ≤ √k‖X‖_F", lambda kw, v: None if (np.linalg.norm(kw["X"]) * (1 - 1e-9) <= v
                     <= math.sqrt(min(np.shape(kw["X"]))) * np.linalg.norm(kw["X"]) * (1 + 1e-9)) else "out of range"),
    "operator_norm": ("σ_1 = √λ_max(XᵀX) (second route)", lambda kw, v: None if _close(v, float(_sv2(kw["X"])[0]),
                      1e-7) else f"{v} ≠ σ_1"),
    "softmax": ("a probability vector", lambda kw, v: _prob(v)),
    "constant_policy": ("a probability vector", lambda kw, v: _prob(v)),
    "log_quadratic_policy": ("a probability vector", lambda kw, v: _prob(v)),
    "log_linear_policy": ("a probability vector", lambda kw, v: _prob(v)),
    "softmax_rows": ("rows are probability vectors", lambda kw, v: next((_prob(r) for r in v if _prob(r)), None)),
    "bregman_project_nuclear_ball": ("feasible and KKT (projection_optimality_residual)", _check_projection),
    "project_singular_values": ("σ ≥ 0, Σσ ≤ τ, ν ≥ 0", _check_psv),
    "inverse_mirror_map": ("mirror_map(answer) = Y (round trip)", _check_round_trip),
    "bregman_divergence": ("D ≥ 0 and D(X, X) = 0", _check_divergence),
    "euclidean_project_nuclear_ball": ("‖answer‖_* ≤ τ(1 + 1e-9)", lambda kw, X: None if float(np.sum(
        np.linalg.svd(X, compute_uv=False))) <= float(kw["tau"]) * (1 + 1e-9) else "infeasible"),
    "kt_scale_regret_bound": ("≥ ε + max over a 401-point grid of uS − εF_T(S) (never under-estimates)", _check_kt),
    "linearized_regret": ("τσ_1 − inner by the eigenvalue route", lambda kw, v: None if _close(
        v, float(kw["tau"]) * float(_sv2(kw["grad_sum"])[0]) - float(kw["inner_sum"]), 1e-7) else "differs"),
    "hypentropy_range_on_nuclear_ball": ("= D_φ(τe₁e₁ᵀ, 0) by the divergence", lambda kw, v: None if _close(
        v, er.hypentropy.bregman_divergence([[float(kw["tau"])]], [[0.0]], kw["beta"]), 1e-8) else "differs"),
    "strong_convexity_modulus": ("= c/(τ + kβ)", lambda kw, v: None if _close(
        v, 1.0 / (float(kw["tau"]) + int(kw["k"]) * float(kw["beta"])), 1e-12) else "differs"),
}


def _check_for(name: str) -> tuple[str, Callable]:
    if name in CHECKS:
        return CHECKS[name]
    return "every number in the answer finite (the valid call's answer also by its own check)", \
        lambda kw, v: None if is_finite_output(v) else "non-finite number in the answer"


def _describe(name: str) -> str:
    kind = kind_of(name)
    if kind in ("module", "protocol", "record", "constant"):
        return {"module": "module: its __all__ names are fuzzed one by one",
                "protocol": "protocol: isinstance holds for HPG", "record": "result record: built by run_learner",
                "constant": "constant: value of the documented type"}[kind]
    if kind == "class":
        return "constructor + public methods: junk per argument; answers finite; methods keep the class invariants"
    return _check_for(name)[0]


#: Public name → the independent check used (read by tests/fuzz/test_fuzz_coverage.py).
FUZZED: dict[str, str] = {name: _describe(name) for name in NAMES}


# ------------------------------------------------------------------------------------------------
# the calls
# ------------------------------------------------------------------------------------------------
def _methods(cls: type) -> list[str]:
    out = []
    for klass in cls.__mro__:
        if klass.__module__.startswith("reference."):
            out += [m for m, v in vars(klass).items() if not m.startswith("_") and inspect.isfunction(v)]
    return sorted(set(out))


def targets(name: str) -> list[tuple[str, Callable[[dict], Any], Callable[[], dict]]]:
    obj = _owner(name)
    out: list = [(name, lambda kw: obj(**kw), VALID[name])]
    if kind_of(name) == "class":
        for m in _methods(obj):
            params = [p for p in list(inspect.signature(getattr(obj, m)).parameters)[1:]]
            if not all(p in METHOD_ARGS for p in params):
                continue

            def call(kw, m=m):
                learner = obj(**VALID[name]())
                if m in ("update",) and hasattr(learner, "distribution"):
                    learner.distribution(0, METHOD_ARGS["x"](), METHOD_ARGS["Psi"]())
                return getattr(learner, m)(**kw)

            out.append((f"{name}.{m}", call, lambda params=params: {p: METHOD_ARGS[p]() for p in params}))
    return out


def run_case(name: str, data) -> tuple[str, Outcome]:
    tlist = targets(name)
    qual, call, valid = tlist[data.draw(st.integers(0, len(tlist) - 1), label="target")]
    kw = valid()
    params = sorted(set(kw) - {"fn"})
    if not params or data.draw(st.integers(0, 5), label="valid call") == 0:
        param = None
    else:
        param = data.draw(st.sampled_from(params), label="param")
        kw[param] = data.draw(junk_like(kw[param], n=3), label=f"junk {param}")
    prefix = kw.get("fn", qual) if isinstance(kw.get("fn"), str) else qual
    out = outcome_of(prefix, param, lambda: call(kw))
    if out.kind == "ok":
        reason = (_check_for(name)[1] if qual == name else _check_for("")[1])(kw, out.value)
        if reason:
            return qual, Outcome("silent", f"{param}={kw.get(param)!r:.120}: {reason}")
    return qual, out


# ------------------------------------------------------------------------------------------------
# the named regression cases of issue 12 (paper B): each must raise clearly or return a verified answer
# ------------------------------------------------------------------------------------------------
def _ns_instance():
    return dict(queries=np.array([[1.0, 0.0]]), features=np.array([[[0.0, 1.0], [0.0, 0.0]]]),
                rewards=np.array([[0.0, 1.0]]))


EXTREME: list[tuple[str, str | None, Callable[[], dict]]] = [
    ("bregman_project_nuclear_ball", None, lambda: dict(X_tilde=1e300 * np.eye(2), tau=1.0, beta=1e-10)),
    ("inverse_mirror_map", "Y", lambda: dict(Y=800 * np.eye(2), beta=1.0)),
    ("inverse_mirror_map", None, lambda: dict(Y=720 * np.eye(2), beta=1e-10)),
    ("mirror_map", None, lambda: dict(X=1e300 * np.eye(2), beta=1e-10)),
    ("reinforce_gradient", "reward", lambda: dict(pi=[0.5, 0.5], Psi=np.eye(2), m=0, reward=float("nan"))),
    ("reinforce_gradient", "Psi", lambda: dict(pi=[0.5, 0.5], Psi=np.full((2, 2), np.nan), m=0, reward=0.5)),
    ("linearized_regret", "inner_sum", lambda: dict(grad_sum=np.eye(2), inner_sum=float("nan"), tau=1.0)),
    ("RoutingInstance", "rewards", lambda: {**_ns_instance(), "rewards": np.array([[np.nan, 1.0]])}),
    ("RoutingInstance", "features", lambda: {**_ns_instance(), "features": 5 * np.eye(2)[None]}),
    ("RoutingInstance", "rewards", lambda: {**_ns_instance(), "rewards": np.zeros((1, 0))}),
    ("planted_instance", "B", lambda: dict(T=5, d=3, M=2, s=1, seed=0, B=0.0)),
    ("planted_instance", "B", lambda: dict(T=5, d=3, M=2, s=1, seed=0, B=float("nan"))),
    ("planted_instance", "reward_noise", lambda: dict(T=5, d=3, M=2, s=1, seed=0, reward_noise=-0.1)),
    ("make_features", "queries", lambda: dict(queries=np.array([[np.nan, 0.0]]))),
    ("make_features", "queries", lambda: dict(queries=np.array([[10.0, 0.0]]))),
    ("HPG", "eta", lambda: dict(d=2, M=2, T=5, tau=1.0, eta=-0.1)),
    ("HPG", "eta", lambda: dict(d=2, M=2, T=5, tau=1.0, eta=float("nan"))),
    ("Exp3", "eta", lambda: dict(M=2, T=5, eta=-0.1)),
    ("EuclideanPolicyGradient", "fro_max", lambda: dict(d=2, M=2, T=5, tau=1.0, fro_max=-1.0)),
    ("EuclideanPolicyGradient", "tau", lambda: dict(d=2, M=2, T=5, tau=-1.0)),
    ("LogLinearPolicyGradient", "radius", lambda: dict(d=2, M=2, T=5, radius=-1.0)),
    ("ParameterFreeHPG", "epsilon", lambda: dict(d=2, M=2, T=5, epsilon=0.0)),
    ("hpg_linearized_regret_bound", "T", lambda: dict(T=-100, M=2, d=2, tau=1.0, beta=0.5, eta=0.1)),
    ("hpg_linearized_regret_bound", "eta", lambda: dict(T=100, M=2, d=2, tau=1.0, beta=0.5, eta=-0.1)),
    ("hpg_linearized_regret_bound", "T", lambda: dict(T=2.5, M=2, d=2, tau=1.0, beta=0.5, eta=0.1)),
    ("hpg_linearized_regret_bound", "psi_max", lambda: dict(T=10, M=2, d=2, tau=1.0, beta=0.5, eta=0.1,
                                                            psi_max=float("nan"))),
    ("omd_pathwise_bound", "sq_op_norms", lambda: dict(sq_op_norms=[-1.0], d=2, tau=1.0, beta=0.5, eta=0.1)),
    ("hpg_headline_bound", "B", lambda: dict(T=10, M=2, d=2, s=1, B=-1.0)),
    ("hpg_headline_bound", "d", lambda: dict(T=10, M=2, d=0, s=1, B=1.0)),
    ("make_queries", "basis", lambda: dict(kind="subspace", T=5, d=3, seed=0, basis=np.ones((4, 2)))),
    ("make_queries", "basis", lambda: dict(kind="basis", T=5, d=3, seed=0, basis=5 * np.eye(3)[:, :2])),
    ("low_rank_expert_instance", "s", lambda: dict(T=5, d=3, M=2, s=0, seed=0)),
    ("low_rank_expert_instance", "M", lambda: dict(T=5, d=3, M=0, s=1, seed=0)),
    ("low_rank_expert_instance", "p", lambda: dict(T=5, d=3, M=2, s=1, seed=0, p=0)),
    ("kt_scale_regret_bound", None, lambda: dict(T=5000, u=10.0, epsilon=1.0)),
    ("kt_scale_regret_bound", None, lambda: dict(T=788, u=0.001, epsilon=100.0)),
    ("hypentropy_range_on_nuclear_ball", None, lambda: dict(tau=1e-9, beta=1.0)),
    ("ogd_expected_regret_bound", "T", lambda: dict(T=0, M=2, tau=1.0, fro_max=1.0, eta=0.1)),
    ("bregman_divergence", None, lambda: dict(X=np.diag([1.0, 2.0]) * (1 + 1e-8), Y=np.diag([1.0, 2.0]), beta=0.5)),
]


def run_extreme(i: int) -> tuple[str, Outcome]:
    name, param, make = EXTREME[i]
    kw = make()
    obj = _owner(name)
    if obj is None:
        return name, Outcome("harness", f"{name} missing")
    out = outcome_of(name, param, lambda: obj(**kw))
    if out.kind == "ok":
        reason = _check_for(name)[1](kw, out.value)
        if reason:
            return name, Outcome("silent", f"{reason} on {kw!r:.200}")
    return name, out


def _nonsymmetric_op_norm() -> tuple[str, Outcome]:
    inst = er.RoutingInstance(**_ns_instance())
    v = inst.feature_op_norm_max()
    return "RoutingInstance.feature_op_norm_max", Outcome("ok" if v == 1.0 else "silent", f"got {v}, want 1")


# ------------------------------------------------------------------------------------------------
# the tests
# ------------------------------------------------------------------------------------------------
CALLABLE = [n for n in NAMES if kind_of(n) in ("function", "class")]


def fuzz_name(name: str, collect: list | None = None) -> None:
    @settings(max_examples=SLOW.get(name, DEFAULT_CASES), deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def body(data):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            qual, out = run_case(name, data)
        if collect is not None:
            collect.append((qual, out))
            return
        assert out.kind in ("ok", "clear"), f"{qual}: {out.kind}: {out.detail}"

    body()


def test_every_public_name_has_a_valid_call_and_a_check():
    assert set(FUZZED) == set(NAMES)
    missing = [n for n in CALLABLE if n not in VALID]
    assert not missing, f"public callables without a valid call in VALID: {missing}"


@pytest.mark.parametrize("name", CALLABLE)
def test_fuzz_junk(name):
    fuzz_name(name)


@pytest.mark.parametrize("i", range(len(EXTREME)), ids=[f"{n}-{p}" for n, p, _ in EXTREME])
def test_issue12_regression_case(i):
    qual, out = run_extreme(i)
    assert out.kind in ("ok", "clear"), f"{qual}: {out.kind}: {out.detail}"


def test_nonsymmetric_features_use_the_true_operator_norm():
    qual, out = _nonsymmetric_op_norm()
    assert out.kind == "ok", out.detail


def test_records_protocols_constants():
    assert isinstance(er.HPG(2, 2, 5, 1.0), er.hpg.LogQuadraticRouter)
    assert er.hypentropy.SPECTRAL_SC_FACTOR == 1.0
    assert set(er.environment.QUERY_KINDS) >= {"sphere", "basis"}


def census() -> dict[str, dict[str, int]]:
    """Outcome counts per qualified name over the junk cases and the regression cases, never failing."""
    counts: dict[str, dict[str, int]] = {}

    def add(qual, out):
        counts.setdefault(qual, {}).setdefault(out.kind, 0)
        counts[qual][out.kind] += 1

    for name in CALLABLE:
        if name not in VALID:
            add(name, Outcome("harness"))
            continue
        got: list = []
        try:
            fuzz_name(name, got)
        except Exception as exc:  # noqa: BLE001 (an older tree may lack a name or signature)
            got.append((name, Outcome("harness", str(exc)[:100])))
        for qual, out in got:
            add(qual, out)
    for i in range(len(EXTREME)):
        try:
            add(*run_extreme(i))
        except Exception as exc:  # noqa: BLE001
            add(EXTREME[i][0], Outcome("harness", str(exc)[:100]))
    try:
        add(*_nonsymmetric_op_norm())
    except Exception:  # noqa: BLE001
        add("RoutingInstance.feature_op_norm_max", Outcome("crash"))
    return counts


if __name__ == "__main__":
    import time

    t0 = time.perf_counter()
    result = census()
    totals: dict[str, int] = {}
    for qual, c in sorted(result.items()):
        for k, v in c.items():
            totals[k] = totals.get(k, 0) + v
        bad = {k: v for k, v in c.items() if k in ("vague", "crash", "silent", "harness")}
        if bad:
            print(f"{qual:45s} {bad}")
    print("totals:", totals, f"({time.perf_counter() - t0:.1f} s)")
