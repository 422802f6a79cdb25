"""Policy regrets: linearized (exact, closed form), actual (by optimisation), class values, lower bound.

[seed] Paper B bounds *linearized* policy regret only (stated limitation) and argues that standard
regret notions suffer misspecification (small classes) or intractability (unrestricted policies).
[recon] Definitions (spec ``B_embedding_routing.md``):

* linearized policy regret over K = {‖U‖_* ≤ τ}:
  max_{U∈K} Σ_t ⟨∇J_t(Θ_t), U − Θ_t⟩ = τ‖Σ_t ∇J_t(Θ_t)‖_op − Σ_t ⟨∇J_t(Θ_t), Θ_t⟩   [derived, exact:
  the nuclear and operator norms are dual] — ``linearized_regret``; second route: a cvxpy solve
  (``linearized_regret_cvxpy``, small matrices, in the tests).
* actual policy regret: max_{U∈K} Σ_t J_t(U) − Σ_t J_t(Θ_t). J_t is not concave in U, so
  ``best_fixed_log_quadratic`` returns the best value *found* by projected gradient ascent from
  several starts: the reported actual regret is a lower estimate of the true one.
* class values (misspecification table, offline, full information, on a fixed query sample):
  constant max_m Σ_t r_t(m) (exact: linear in π); log-linear and log-quadratic by L-BFGS from several
  starts (values found, i.e. lower estimates); unconstrained Σ_t max_m r_t(m) (exact).
* intractability [derived]: on ``environment.never_repeating_instance`` every learner's expected
  regret against the unconstrained class equals T(1 − 1/M) (``unconstrained_regret_lower_bound``):
  π_t is a function of the past, which is independent of the fresh label b_t, so
  E[r_t(m_t) | F_{t−1}] = Σ_m π_t(m)/M = 1/M, while the map x_t ↦ b_t (well defined because contexts
  never repeat) earns 1 per round.

Notation: as in ``policies``; τ = ``tau``; the run summaries come from ``hpg.run_learner``.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from reference._numerics import rng_from
from reference.embedding_routing import hypentropy as hy

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


def linearized_regret(grad_sum, inner_sum, tau) -> float:
    """τ‖Σ_t g_t‖_op − Σ_t ⟨g_t, Θ_t⟩ = max_{‖U‖_* ≤ τ} Σ_t ⟨g_t, U − Θ_t⟩."""
    tau = hy.check_radius("linearized_regret", tau)
    return tau * hy.operator_norm(grad_sum) - float(inner_sum)


def linearized_regret_cvxpy(grad_sum, inner_sum, tau) -> float:
    """Second route: solve max ⟨G, U⟩ s.t. ‖U‖_* ≤ τ with cvxpy (small matrices only)."""
    import cvxpy as cp

    G = np.asarray(grad_sum, dtype=float)
    U = cp.Variable(G.shape)
    prob = cp.Problem(cp.Maximize(cp.sum(cp.multiply(G, U))), [cp.normNuc(U) <= tau])
    prob.solve()
    return float(prob.value) - float(inner_sum)


def linearized_regret_of_run(run, tau) -> float:
    """Linearized regret of one run with the true gradients ∇J_t(Θ_t)."""
    return linearized_regret(run.grad_sum, run.inner_sum, tau)


def estimated_linearized_regret_of_run(run, tau) -> float:
    """The same with the REINFORCE estimates Ĝ_t (the quantity the pathwise OMD bound controls)."""
    return linearized_regret(run.est_grad_sum, run.est_inner_sum, tau)


def pseudo_linearized_regret(runs, tau) -> dict:
    """max_U mean_r Σ_t ⟨∇J_t(Θ_t^r), U − Θ_t^r⟩ over replicate runs r, with a standard error.

    Returns ``{"value", "se", "per_run"}`` where per_run[r] is run r's regret against the common
    maximiser U* = τ u vᵀ (top singular pair of the mean gradient sum). By Jensen the value is an
    upward-biased estimate of max_U E[·] — conservative for an upper-bound certificate.
    """
    G = np.mean([r.grad_sum for r in runs], axis=0)
    U, s, Vt = np.linalg.svd(G, full_matrices=False)
    U_star = tau * np.outer(U[:, 0], Vt[0])
    per_run = np.array([float(np.sum(r.grad_sum * U_star)) - r.inner_sum for r in runs])
    se = float(np.std(per_run, ddof=1) / np.sqrt(len(runs))) if len(runs) > 1 else 0.0
    return {"value": float(np.mean(per_run)), "se": se, "per_run": per_run}


def total_expected_reward(Theta, instance) -> float:
    """Σ_t J_t(Θ) = Σ_t Σ_m π_Θ(m | x_t) r_t(m) for a fixed Θ."""
    d, M = instance.d, instance.M
    Z = np.einsum("imj,tij->tm", np.asarray(Theta, dtype=float).reshape(d, M, d), instance.features)
    Z -= Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=1, keepdims=True)
    return float(np.sum(P * instance.rewards))


def _total_reward_and_grad(Theta, instance):
    d, M = instance.d, instance.M
    Z = np.einsum("imj,tij->tm", Theta.reshape(d, M, d), instance.features)
    Z -= Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=1, keepdims=True)
    J = np.sum(P * instance.rewards, axis=1, keepdims=True)
    C = P * (instance.rewards - J)                                   # (T, M) gradient coefficients
    grad = np.einsum("tm,tij->imj", C, instance.features).reshape(d, d * M)
    return float(np.sum(J)), grad


def project_nuclear_ball_euclidean(X, tau) -> np.ndarray:
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


def best_fixed_log_quadratic(instance, tau, seed, *, starts=None, iterations: int = 300) -> tuple[float, np.ndarray]:
    """max over ‖U‖_* ≤ τ of Σ_t J_t(U), best found by projected gradient ascent (a lower estimate).

    Starts: 0, the planted Θ* rescaled to the ball (if any), one random point, and ``starts``.
    Step 1/L with L = Σ_t ‖Ψ_t‖_F² / 2 (a Lipschitz constant of ∇Σ J_t in Frobenius norm, up to the
    softmax curvature 1/2), backtracking when the value decreases.
    """
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
    for U in inits:
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
        if val > best_val:
            best_val, best_U = val, U
    return best_val, best_U


def actual_policy_regret(run, instance, tau, seed, **kw) -> float:
    """(best Σ_t J_t(U) found over the ball) − Σ_t J_t(Θ_t)."""
    best, _ = best_fixed_log_quadratic(instance, tau, seed, **kw)
    return best - run.total_expected_reward


def unconstrained_value(rewards) -> float:
    """Σ_t max_m r_t(m): the unconstrained best response (exact)."""
    return float(np.sum(np.max(np.asarray(rewards, dtype=float), axis=1)))


def constant_class_value(rewards) -> float:
    """max_π Σ_t ⟨π, r_t⟩ = max_m Σ_t r_t(m) (exact: a linear function of π is maximal at a vertex)."""
    return float(np.max(np.sum(np.asarray(rewards, dtype=float), axis=0)))


def _softmax_rows(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    return P / P.sum(axis=1, keepdims=True)


def log_linear_class_value(queries, rewards, seed, *, restarts: int = 3, max_norm: float = 1e3) -> float:
    """sup over (W, b) of Σ_t ⟨softmax(W x_t + b), r_t⟩, best found by L-BFGS (a lower estimate)."""
    X = np.asarray(queries, dtype=float)
    R = np.asarray(rewards, dtype=float)
    T, d = X.shape
    M = R.shape[1]
    Xa = np.hstack([X, np.ones((T, 1))])
    rng = rng_from(seed)

    def neg(w):
        Wb = w.reshape(M, d + 1)
        P = _softmax_rows(Xa @ Wb.T)
        J = np.sum(P * R, axis=1, keepdims=True)
        return -float(np.sum(J)), -((P * (R - J)).T @ Xa).ravel()

    best = constant_class_value(R)
    for k in range(restarts):
        w0 = np.zeros(M * (d + 1)) if k == 0 else rng.standard_normal(M * (d + 1))
        res = minimize(neg, w0, jac=True, method="L-BFGS-B", bounds=[(-max_norm, max_norm)] * w0.size,
                       options={"maxiter": 500})
        best = max(best, -float(res.fun))
    return best


def log_quadratic_class_value(features, rewards, seed, *, planted=None, restarts: int = 2,
                              max_entry: float = 1e3) -> float:
    """sup over Θ of Σ_t ⟨softmax(⟨Θ_m, Ψ_t⟩), r_t⟩, best found by L-BFGS (a lower estimate).

    Starts: 0, random, and (if given) scaled copies λΘ* of the planted parameter.
    """
    F = np.asarray(features, dtype=float)
    R = np.asarray(rewards, dtype=float)
    T, d, _ = F.shape
    M = R.shape[1]
    Fv = F.reshape(T, d * d)
    rng = rng_from(seed)

    def neg(w):
        Th = w.reshape(M, d * d)
        P = _softmax_rows(Fv @ Th.T)
        J = np.sum(P * R, axis=1, keepdims=True)
        return -float(np.sum(J)), -((P * (R - J)).T @ Fv).ravel()

    def blocks(Theta):
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


def class_gap_table(instance, seed) -> dict:
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


def log_quadratic_value_of_instance(instance, seed) -> float:
    """log_quadratic_class_value on an instance (hook kept separate so a mutant can patch features)."""
    return log_quadratic_class_value(instance.features, instance.rewards, seed, planted=instance.planted)


def unconstrained_regret_lower_bound(T: int, M: int) -> float:
    """T(1 − 1/M): every learner's expected regret on the never-repeating construction."""
    return T * (1.0 - 1.0 / M)
