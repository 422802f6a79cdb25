"""Policy regrets: linearized (exact, closed form), actual (by optimisation), class values, lower bound.

Paper B (arXiv 2606.14929) bounds "linearized policy regret" [seed, abstract] — only linearized
policy regret, a limitation we read from the abstract's wording — and states that "standard regret
notions suffer from structural misspecification or statistical intractability" [seed, abstract].
The definitions below are our formalisation [recon] (``docs/reconstruction_B.md`` §3); the
closed form and the intractability argument are our proofs [derived].

Main statements
---------------
* linearized policy regret over K = {‖U‖_* ≤ τ} [recon definition]:
  max_{U∈K} Σ_t ⟨∇J_t(Θ_t), U − Θ_t⟩ = τ‖Σ_t ∇J_t(Θ_t)‖_op − Σ_t ⟨∇J_t(Θ_t), Θ_t⟩   [derived, exact:
  the nuclear and operator norms are dual] — ``linearized_regret``; second route: a cvxpy solve
  (``linearized_regret_cvxpy``, small matrices, in the tests).
* actual policy regret [recon]: max_{U∈K} Σ_t J_t(U) − Σ_t J_t(Θ_t). J_t is not concave in U, so
  ``best_fixed_log_quadratic`` returns the best value *found* by projected gradient ascent from
  several starts: the reported actual regret is a lower estimate of the true one.
* class values [project] (misspecification table, offline, full information, on a fixed query sample):
  constant max_m Σ_t r_t(m) (exact: linear in π); log-linear and log-quadratic by L-BFGS from several
  starts (values found, i.e. lower estimates); unconstrained Σ_t max_m r_t(m) (exact). Certificate
  ``b_log_quadratic_closes_misspecification_gap`` (``certificates/embedding_routing/classes.py``);
  Findings: docs/findings.md, "Paper B misspecification: class gaps".
* intractability [derived]: on ``environment.never_repeating_instance`` every learner's expected
  regret against the unconstrained class equals T(1 − 1/M) (``unconstrained_regret_lower_bound``):
  π_t is a function of the past, which is independent of the fresh label b_t, so
  E[r_t(m_t) | F_{t−1}] = Σ_m π_t(m)/M = 1/M, while the map x_t ↦ b_t (well defined because contexts
  never repeat) earns 1 per round. Certificate ``b_unconstrained_class_forces_linear_regret``
  (``certificates/embedding_routing/classes.py``).

Notation
--------
=========  =====================  =====================================================
symbol     Python                 meaning
=========  =====================  =====================================================
τ          ``tau``                radius of the comparator ball K = {‖U‖_* ≤ τ}
Σ_t g_t    ``grad_sum``           summed gradients (d×dM), from ``hpg.run_learner``
Σ⟨g_t,Θ_t⟩ ``inner_sum``          summed inner products with the played iterates
U          ``U``                  comparator (d×dM)
V_class    ``*_class_value``      best total expected reward found in a class
=========  =====================  =====================================================

Implementation notes: the whole-instance values use the batched ``policies.log_quadratic_logits_batch``
and ``policies.softmax_rows``; optimisation-based values are *found* values (lower estimates of the
supremum), never claimed optimal.

References: paper B, arXiv 2606.14929 (abstract); our formalisation, ``docs/reconstruction_B.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import minimize

from reference._numerics import check_integer, check_real, rng_from
from reference.embedding_routing import hypentropy as hy
from reference.embedding_routing import policies as pol
from reference.embedding_routing.environment import RoutingInstance, SeedLike, check_seed
from reference.embedding_routing.hpg import RoutingRun

__all__ = [
    "linearized_regret",
    "linearized_regret_cvxpy",
    "linearized_regret_of_run",
    "estimated_linearized_regret_of_run",
    "pseudo_linearized_regret",
    "total_expected_reward",
    "project_nuclear_ball_euclidean",
    "best_fixed_log_quadratic",
    "actual_policy_regret",
    "unconstrained_value",
    "constant_class_value",
    "log_linear_class_value",
    "log_quadratic_class_value",
    "class_gap_table",
    "log_quadratic_value_of_instance",
    "unconstrained_regret_lower_bound",
]


def _check_instance(fn: str, instance: RoutingInstance) -> RoutingInstance:
    if not isinstance(instance, RoutingInstance):
        raise TypeError(f"{fn}: instance must be a RoutingInstance; got {type(instance).__name__}.")
    return instance


def _check_rewards(fn: str, rewards: ArrayLike, arg: str = "rewards") -> np.ndarray:
    R = pol.check_matrix(fn, arg, rewards)
    if np.any(R < 0) or np.any(R > 1):
        raise ValueError(f"{fn}: {arg} must lie in [0, 1].")
    return R


def linearized_regret(grad_sum: ArrayLike, inner_sum: float, tau: float) -> float:
    """τ‖Σ_t g_t‖_op − Σ_t ⟨g_t, Θ_t⟩ = max_{‖U‖_* ≤ τ} Σ_t ⟨g_t, U − Θ_t⟩."""
    fn = "linearized_regret"
    tau = hy.check_radius(fn, tau)
    inner = float(check_real(fn, "inner_sum", inner_sum))
    value = tau * hy.operator_norm(grad_sum, fn=fn, arg="grad_sum") - inner
    if not np.isfinite(value):
        raise ValueError(f"{fn}: τ‖grad_sum‖_op − inner_sum overflows float64; tau or grad_sum is too large.")
    return value


def linearized_regret_cvxpy(grad_sum: ArrayLike, inner_sum: float, tau: float) -> float:
    """Second route: solve max ⟨G, U⟩ s.t. ‖U‖_* ≤ τ with cvxpy (small matrices only)."""
    import cvxpy as cp

    fn = "linearized_regret_cvxpy"
    tau = hy.check_radius(fn, tau)
    check_real(fn, "inner_sum", inner_sum)
    G = hy.as_matrix(fn, "grad_sum", grad_sum)
    U = cp.Variable(G.shape)
    prob = cp.Problem(cp.Maximize(cp.sum(cp.multiply(G, U))), [cp.normNuc(U) <= tau])
    prob.solve()
    return float(prob.value) - float(inner_sum)


def _log_quadratic_sums(run: RoutingRun, fn: str) -> tuple[np.ndarray, float, np.ndarray, float]:
    """(Σ∇J_t, Σ⟨∇J_t, Θ_t⟩, ΣĜ_t, Σ⟨Ĝ_t, Θ_t⟩) of a run; only log-quadratic learners record them."""
    if not isinstance(run, RoutingRun):
        raise TypeError(f"{fn}: run must be a RoutingRun (from hpg.run_learner); got {type(run).__name__}.")
    if run.grad_sum is None or run.inner_sum is None or run.est_grad_sum is None or run.est_inner_sum is None:
        raise ValueError(f"{fn}: run must come from a log-quadratic learner (one with theta); "
                         "its gradient sums are None.")
    return run.grad_sum, run.inner_sum, run.est_grad_sum, run.est_inner_sum


def linearized_regret_of_run(run: RoutingRun, tau: float) -> float:
    """Linearized regret of one run with the true gradients ∇J_t(Θ_t)."""
    hy.check_radius("linearized_regret_of_run", tau)
    grad_sum, inner_sum, _, _ = _log_quadratic_sums(run, "linearized_regret_of_run")
    return linearized_regret(grad_sum, inner_sum, tau)


def estimated_linearized_regret_of_run(run: RoutingRun, tau: float) -> float:
    """The same with the REINFORCE estimates Ĝ_t (the quantity the pathwise OMD bound controls)."""
    hy.check_radius("estimated_linearized_regret_of_run", tau)
    _, _, est_grad_sum, est_inner_sum = _log_quadratic_sums(run, "estimated_linearized_regret_of_run")
    return linearized_regret(est_grad_sum, est_inner_sum, tau)


def pseudo_linearized_regret(runs: Sequence[RoutingRun], tau: float) -> dict[str, Any]:
    """max_U mean_r Σ_t ⟨∇J_t(Θ_t^r), U − Θ_t^r⟩ over replicate runs r, with a standard error.

    Returns ``{"value", "se", "per_run"}`` where per_run[r] is run r's regret against the common
    maximiser U* = τ u vᵀ (top singular pair of the mean gradient sum). By Jensen the value is an
    upward-biased estimate of max_U E[·] — conservative for an upper-bound certificate.
    """
    tau = hy.check_radius("pseudo_linearized_regret", tau)
    if isinstance(runs, RoutingRun) or not hasattr(runs, "__len__") or len(runs) == 0:
        raise ValueError("pseudo_linearized_regret: runs must be a non-empty sequence of RoutingRun.")
    sums = [_log_quadratic_sums(r, "pseudo_linearized_regret") for r in runs]
    G = np.mean([g for g, _, _, _ in sums], axis=0)
    U, s, Vt = np.linalg.svd(G, full_matrices=False)
    U_star = tau * np.outer(U[:, 0], Vt[0])
    per_run = np.array([float(np.sum(g * U_star)) - inner for g, inner, _, _ in sums])
    se = float(np.std(per_run, ddof=1) / np.sqrt(len(runs))) if len(runs) > 1 else 0.0
    return {"value": float(np.mean(per_run)), "se": se, "per_run": per_run}


def total_expected_reward(Theta: ArrayLike, instance: RoutingInstance) -> float:
    """Σ_t J_t(Θ) = Σ_t Σ_m π_Θ(m | x_t) r_t(m) for a fixed Θ."""
    fn = "total_expected_reward"
    instance = _check_instance(fn, instance)
    Theta = pol.check_matrix(fn, "Theta", Theta)
    if Theta.shape != (instance.d, instance.d * instance.M):
        raise ValueError(f"{fn}: Theta must have shape (d, d·M) = ({instance.d}, {instance.d * instance.M}); "
                         f"got {Theta.shape}.")
    P = pol.softmax_rows(pol.log_quadratic_logits_batch(Theta, instance.features))
    return float(np.sum(P * instance.rewards))


def _total_reward_and_grad(Theta: np.ndarray, instance: RoutingInstance) -> tuple[float, np.ndarray]:
    """(Σ_t J_t(Θ), ∇_Θ Σ_t J_t(Θ)) for a fixed Θ, in one pass over the instance."""
    d, M = instance.d, instance.M
    P = pol.softmax_rows(pol.log_quadratic_logits_batch(Theta, instance.features))
    J = np.sum(P * instance.rewards, axis=1, keepdims=True)
    C = P * (instance.rewards - J)                                   # (T, M) gradient coefficients
    grad = np.einsum("tm,tij->imj", C, instance.features).reshape(d, d * M)
    return float(np.sum(J)), grad


def project_nuclear_ball_euclidean(X: ArrayLike, tau: float) -> np.ndarray:
    """Frobenius projection onto {‖X‖_* ≤ τ}: project the singular values onto the ℓ1 ball
    (``hypentropy.euclidean_project_nuclear_ball``, validated under this name)."""
    fn = "project_nuclear_ball_euclidean"
    return hy.euclidean_project_nuclear_ball(hy.as_matrix(fn, "X", X), hy.check_radius(fn, tau))


def _projected_ascent(U: np.ndarray, instance: RoutingInstance, tau: float, step0: float,
                      iterations: int) -> tuple[float, np.ndarray]:
    """Projected gradient ascent on Σ_t J_t from U, step growing ×1.5 on success, halving on failure."""
    U = project_nuclear_ball_euclidean(U, tau)
    val, g = _total_reward_and_grad(U, instance)
    step = step0
    for _ in range(iterations):
        cand = project_nuclear_ball_euclidean(U + step * g, tau)
        cv, cg = _total_reward_and_grad(cand, instance)
        if cv >= val:
            U, val, g = cand, cv, cg
            step = min(step * 1.5, 1e6 * step0)
        else:
            step *= 0.5
            if step < 1e-12 * step0:
                break
    return val, U


def best_fixed_log_quadratic(instance: RoutingInstance, tau: float, seed: SeedLike, *,
                             starts: Sequence[np.ndarray] | None = None,
                             iterations: int = 300) -> tuple[float, np.ndarray]:
    """max over ‖U‖_* ≤ τ of Σ_t J_t(U), best found by projected gradient ascent (a lower estimate).

    Starts: 0, the planted Θ* rescaled to the ball (if any), one random point, and ``starts``.
    Step 1/L with L = Σ_t ‖Ψ_t‖_F² / 2 (a Lipschitz constant of ∇Σ J_t in Frobenius norm, up to the
    softmax curvature 1/2), backtracking when the value decreases.
    """
    fn = "best_fixed_log_quadratic"
    instance = _check_instance(fn, instance)
    tau = hy.check_radius(fn, tau)
    iterations = check_integer(fn, "iterations", iterations)
    for i, U0 in enumerate(starts or []):
        if pol.check_matrix(fn, "starts", U0).shape != (instance.d, instance.d * instance.M):
            raise ValueError(f"{fn}: starts[{i}] must have shape (d, d·M) = ({instance.d}, {instance.d * instance.M}).")
    rng = rng_from(check_seed(fn, seed))
    d, M = instance.d, instance.M
    inits = [np.zeros((d, d * M))]
    if instance.planted is not None:
        P = instance.planted
        inits.append(P * (tau / max(hy.nuclear_norm(P), 1e-12)))
    inits.append(project_nuclear_ball_euclidean(rng.standard_normal((d, d * M)), tau))
    inits += list(starts or [])
    step0 = 1.0 / max(0.5 * float(np.sum(instance.features ** 2)), 1e-12)
    best_val, best_U = -np.inf, inits[0]
    for U0 in inits:
        val, U = _projected_ascent(U0, instance, tau, step0, iterations)
        if val > best_val:
            best_val, best_U = val, U
    return best_val, best_U


def actual_policy_regret(run: RoutingRun, instance: RoutingInstance, tau: float, seed: SeedLike, **kw: Any) -> float:
    """(best Σ_t J_t(U) found over the ball) − Σ_t J_t(Θ_t).

    The run must be a play of this instance: its policies have shape (T, M) and its recorded J_t equal
    Σ_m π_t(m) r_t(m) for this instance's rewards (1e-9); otherwise a ``ValueError`` names ``run``.
    """
    fn = "actual_policy_regret"
    instance = _check_instance(fn, instance)
    if not isinstance(run, RoutingRun):
        raise TypeError(f"{fn}: run must be a RoutingRun (from hpg.run_learner); got {type(run).__name__}.")
    hy.check_radius(fn, tau)
    if (np.shape(run.pis) != (instance.T, instance.M)
            or not np.allclose(np.sum(run.pis * instance.rewards, axis=1), run.expected, rtol=0, atol=1e-9)):
        raise ValueError(f"{fn}: run must be a play of this instance (T={instance.T}, M={instance.M}); its "
                         "policies or expected rewards do not match the instance's rewards.")
    best, _ = best_fixed_log_quadratic(instance, tau, seed, **kw)
    return best - run.total_expected_reward


def unconstrained_value(rewards: ArrayLike) -> float:
    """Σ_t max_m r_t(m): the unconstrained best response (exact)."""
    return float(np.sum(np.max(_check_rewards("unconstrained_value", rewards), axis=1)))


def constant_class_value(rewards: ArrayLike) -> float:
    """max_π Σ_t ⟨π, r_t⟩ = max_m Σ_t r_t(m) (exact: a linear function of π is maximal at a vertex)."""
    return float(np.max(np.sum(_check_rewards("constant_class_value", rewards), axis=0)))


def log_linear_class_value(queries: ArrayLike, rewards: ArrayLike, seed: SeedLike, *, restarts: int = 3,
                           max_norm: float = 1e3) -> float:
    """sup over (W, b) of Σ_t ⟨softmax(W x_t + b), r_t⟩, best found by L-BFGS (a lower estimate)."""
    fn = "log_linear_class_value"
    X = pol.check_matrix(fn, "queries", queries)
    R = _check_rewards(fn, rewards)
    if R.shape[0] != X.shape[0]:
        raise ValueError(f"{fn}: rewards must have one row per query ({X.shape[0]}); got {R.shape[0]}.")
    restarts = check_integer(fn, "restarts", restarts)
    check_real(fn, "max_norm", max_norm, low=0, low_open=True)
    T, d = X.shape
    M = R.shape[1]
    Xa = np.hstack([X, np.ones((T, 1))])
    rng = rng_from(check_seed(fn, seed))

    def neg(w: np.ndarray) -> tuple[float, np.ndarray]:
        Wb = w.reshape(M, d + 1)
        P = pol.softmax_rows(Xa @ Wb.T)
        J = np.sum(P * R, axis=1, keepdims=True)
        return -float(np.sum(J)), -((P * (R - J)).T @ Xa).ravel()

    best = constant_class_value(R)
    for k in range(restarts):
        w0 = np.zeros(M * (d + 1)) if k == 0 else rng.standard_normal(M * (d + 1))
        res = minimize(neg, w0, jac=True, method="L-BFGS-B", bounds=[(-max_norm, max_norm)] * w0.size,
                       options={"maxiter": 500})
        best = max(best, -float(res.fun))
    return best


def log_quadratic_class_value(features: ArrayLike, rewards: ArrayLike, seed: SeedLike, *,
                              planted: np.ndarray | None = None, restarts: int = 2, max_entry: float = 1e3) -> float:
    """sup over Θ of Σ_t ⟨softmax(⟨Θ_m, Ψ_t⟩), r_t⟩, best found by L-BFGS (a lower estimate).

    Starts: 0, random, and (if given) scaled copies λΘ* of the planted parameter.
    """
    fn = "log_quadratic_class_value"
    F = pol.check_matrix(fn, "features", features, square=True, ndim=3)
    R = _check_rewards(fn, rewards)
    if R.shape[0] != F.shape[0]:
        raise ValueError(f"{fn}: rewards must have one row per feature matrix ({F.shape[0]}); got {R.shape[0]}.")
    restarts = check_integer(fn, "restarts", restarts)
    check_real(fn, "max_entry", max_entry, low=0, low_open=True)
    T, d, _ = F.shape
    M = R.shape[1]
    if planted is not None and pol.check_matrix(fn, "planted", planted).shape != (d, d * M):
        raise ValueError(f"{fn}: planted must have shape (d, d·M) = ({d}, {d * M}).")
    Fv = F.reshape(T, d * d)
    rng = rng_from(check_seed(fn, seed))

    def neg(w: np.ndarray) -> tuple[float, np.ndarray]:
        Th = w.reshape(M, d * d)
        P = pol.softmax_rows(Fv @ Th.T)
        J = np.sum(P * R, axis=1, keepdims=True)
        return -float(np.sum(J)), -((P * (R - J)).T @ Fv).ravel()

    def blocks(Theta: np.ndarray) -> np.ndarray:
        return np.asarray(Theta, dtype=float).reshape(d, M, d).transpose(1, 0, 2).reshape(-1)

    inits = [np.zeros(M * d * d)] + [rng.standard_normal(M * d * d) for _ in range(restarts - 1)]
    if planted is not None:
        inits += [lam * blocks(planted) for lam in (10.0, 100.0)]
    best = -np.inf
    for w0 in inits:
        res = minimize(neg, w0, jac=True, method="L-BFGS-B", bounds=[(-max_entry, max_entry)] * w0.size,
                       options={"maxiter": 500})
        best = max(best, -float(res.fun), -neg(w0)[0])
    return best


def class_gap_table(instance: RoutingInstance, seed: SeedLike) -> dict[str, float]:
    """Per-round suboptimality gaps (V_unconstrained − V_class)/T for the four classes."""
    T = _check_instance("class_gap_table", instance).T
    check_seed("class_gap_table", seed)
    v_unc = unconstrained_value(instance.rewards)
    values = {
        "constant": constant_class_value(instance.rewards),
        "log_linear": log_linear_class_value(instance.queries, instance.rewards, seed),
        "log_quadratic": log_quadratic_value_of_instance(instance, seed),
        "unconstrained": v_unc,
    }
    return {name: (v_unc - v) / T for name, v in values.items()}


def log_quadratic_value_of_instance(instance: RoutingInstance, seed: SeedLike) -> float:
    """log_quadratic_class_value on an instance (hook kept separate so a mutant can patch features)."""
    _check_instance("log_quadratic_value_of_instance", instance)
    return log_quadratic_class_value(instance.features, instance.rewards, seed, planted=instance.planted)


def unconstrained_regret_lower_bound(T: int, M: int) -> float:
    """T(1 − 1/M): every learner's expected regret on the never-repeating construction."""
    T = check_integer("unconstrained_regret_lower_bound", "T", T)
    M = check_integer("unconstrained_regret_lower_bound", "M", M)
    return T * (1.0 - 1.0 / M)
