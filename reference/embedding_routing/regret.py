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

from reference._numerics import rng_from
from reference.embedding_routing import hypentropy as hy
from reference.embedding_routing import policies as pol
from reference.embedding_routing.environment import RoutingInstance, SeedLike
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


def linearized_regret(grad_sum: ArrayLike, inner_sum: float, tau: float) -> float:
    """τ‖Σ_t g_t‖_op − Σ_t ⟨g_t, Θ_t⟩ = max_{‖U‖_* ≤ τ} Σ_t ⟨g_t, U − Θ_t⟩."""
    tau = hy.check_radius("linearized_regret", tau)
    return tau * hy.operator_norm(grad_sum) - float(inner_sum)


def linearized_regret_cvxpy(grad_sum: ArrayLike, inner_sum: float, tau: float) -> float:
    """Second route: solve max ⟨G, U⟩ s.t. ‖U‖_* ≤ τ with cvxpy (small matrices only)."""
    import cvxpy as cp

    G = np.asarray(grad_sum, dtype=float)
    U = cp.Variable(G.shape)
    prob = cp.Problem(cp.Maximize(cp.sum(cp.multiply(G, U))), [cp.normNuc(U) <= tau])
    prob.solve()
    return float(prob.value) - float(inner_sum)


def _log_quadratic_sums(run: RoutingRun, fn: str) -> tuple[np.ndarray, float, np.ndarray, float]:
    """(Σ∇J_t, Σ⟨∇J_t, Θ_t⟩, ΣĜ_t, Σ⟨Ĝ_t, Θ_t⟩) of a run; only log-quadratic learners record them."""
    if run.grad_sum is None or run.inner_sum is None or run.est_grad_sum is None or run.est_inner_sum is None:
        raise ValueError(f"{fn}: run must come from a log-quadratic learner (one with theta); "
                         "its gradient sums are None.")
    return run.grad_sum, run.inner_sum, run.est_grad_sum, run.est_inner_sum


def linearized_regret_of_run(run: RoutingRun, tau: float) -> float:
    """Linearized regret of one run with the true gradients ∇J_t(Θ_t)."""
    grad_sum, inner_sum, _, _ = _log_quadratic_sums(run, "linearized_regret_of_run")
    return linearized_regret(grad_sum, inner_sum, tau)


def estimated_linearized_regret_of_run(run: RoutingRun, tau: float) -> float:
    """The same with the REINFORCE estimates Ĝ_t (the quantity the pathwise OMD bound controls)."""
    _, _, est_grad_sum, est_inner_sum = _log_quadratic_sums(run, "estimated_linearized_regret_of_run")
    return linearized_regret(est_grad_sum, est_inner_sum, tau)


def pseudo_linearized_regret(runs: Sequence[RoutingRun], tau: float) -> dict[str, Any]:
    """max_U mean_r Σ_t ⟨∇J_t(Θ_t^r), U − Θ_t^r⟩ over replicate runs r, with a standard error.

    Returns ``{"value", "se", "per_run"}`` where per_run[r] is run r's regret against the common
    maximiser U* = τ u vᵀ (top singular pair of the mean gradient sum). By Jensen the value is an
    upward-biased estimate of max_U E[·] — conservative for an upper-bound certificate.
    """
    tau = hy.check_radius("pseudo_linearized_regret", tau)
    sums = [_log_quadratic_sums(r, "pseudo_linearized_regret") for r in runs]
    G = np.mean([g for g, _, _, _ in sums], axis=0)
    U, s, Vt = np.linalg.svd(G, full_matrices=False)
    U_star = tau * np.outer(U[:, 0], Vt[0])
    per_run = np.array([float(np.sum(g * U_star)) - inner for g, inner, _, _ in sums])
    se = float(np.std(per_run, ddof=1) / np.sqrt(len(runs))) if len(runs) > 1 else 0.0
    return {"value": float(np.mean(per_run)), "se": se, "per_run": per_run}


def total_expected_reward(Theta: ArrayLike, instance: RoutingInstance) -> float:
    """Σ_t J_t(Θ) = Σ_t Σ_m π_Θ(m | x_t) r_t(m) for a fixed Θ."""
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
    """Frobenius projection onto {‖X‖_* ≤ τ}: project the singular values onto the ℓ1 ball."""
    U, s, Vt = np.linalg.svd(np.asarray(X, dtype=float), full_matrices=False)
    if s.sum() <= tau:
        return np.asarray(X, dtype=float).copy()
    u = np.sort(s)[::-1]
    css = np.cumsum(u)
    idx = np.nonzero(u * np.arange(1, len(u) + 1) > (css - tau))[0]
    rho = int(idx[-1]) if idx.size else 0             # j = 1 always qualifies in exact arithmetic
    if rho == 0:                                      # all mass on σ_1 (avoids (σ_1 − τ) − σ_1 = 0 in floats)
        sigma = np.zeros_like(s)
        sigma[0] = tau
        return (U * sigma) @ Vt
    theta = (css[rho] - tau) / (rho + 1.0)
    return (U * np.maximum(s - theta, 0.0)) @ Vt


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
    tau = hy.check_radius("best_fixed_log_quadratic", tau)
    rng = rng_from(seed)
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
    """(best Σ_t J_t(U) found over the ball) − Σ_t J_t(Θ_t)."""
    best, _ = best_fixed_log_quadratic(instance, tau, seed, **kw)
    return best - run.total_expected_reward


def unconstrained_value(rewards: ArrayLike) -> float:
    """Σ_t max_m r_t(m): the unconstrained best response (exact)."""
    return float(np.sum(np.max(np.asarray(rewards, dtype=float), axis=1)))


def constant_class_value(rewards: ArrayLike) -> float:
    """max_π Σ_t ⟨π, r_t⟩ = max_m Σ_t r_t(m) (exact: a linear function of π is maximal at a vertex)."""
    return float(np.max(np.sum(np.asarray(rewards, dtype=float), axis=0)))


def log_linear_class_value(queries: ArrayLike, rewards: ArrayLike, seed: SeedLike, *, restarts: int = 3,
                           max_norm: float = 1e3) -> float:
    """sup over (W, b) of Σ_t ⟨softmax(W x_t + b), r_t⟩, best found by L-BFGS (a lower estimate)."""
    X = np.asarray(queries, dtype=float)
    R = np.asarray(rewards, dtype=float)
    T, d = X.shape
    M = R.shape[1]
    Xa = np.hstack([X, np.ones((T, 1))])
    rng = rng_from(seed)

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
    F = np.asarray(features, dtype=float)
    R = np.asarray(rewards, dtype=float)
    T, d, _ = F.shape
    M = R.shape[1]
    Fv = F.reshape(T, d * d)
    rng = rng_from(seed)

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
    T = instance.T
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
    return log_quadratic_class_value(instance.features, instance.rewards, seed, planted=instance.planted)


def unconstrained_regret_lower_bound(T: int, M: int) -> float:
    """T(1 − 1/M): every learner's expected regret on the never-repeating construction."""
    return T * (1.0 - 1.0 / M)
