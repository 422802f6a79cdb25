"""Policy-class values on the real instance, in-sample and held-out, and the low-rank structure of the best Θ.

Classes (paper B's four; formulas are our reconstruction, ``reference.embedding_routing.policies``):
constant π; log-linear π ∝ exp(W x + b); log-quadratic π_m ∝ exp⟨Θ_m, x xᵀ⟩ (unbounded, and in the
nuclear ball ‖Θ‖_* ≤ τ, the learners' comparator); unconstrained (per-query best response).

In-sample values come from ``reference.embedding_routing.regret`` (the oracle's functions); the fits
here (``fit_log_linear``, ``fit_log_quadratic``) maximise the same objectives and return the
parameters, so a policy fitted on the even rounds is scored on the odd rounds (held-out; the split
interleaves, so both halves cover every topic block). Their in-sample values are a second route to
the reference's (``tests/test_routing_real.py``). All values are lower estimates of the suprema
(local optimisation from a few starts, one of them the best constant policy: the warm start matters,
from 0 alone L-BFGS stops below the constant class on these 0/1 rewards), except constant and
unconstrained, which are exact. The last coordinate of x is the constant 1/√2 (``instance``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import minimize

import reference.embedding_routing.regret as rg
from reference.embedding_routing import policies as pol
from reference.embedding_routing.environment import RoutingInstance

__all__ = ["context_sensitivity", "embed_log_linear", "fit_log_linear", "fit_log_quadratic", "value_log_linear",
           "value_log_quadratic", "class_rows",
           "theta_spectrum"]


def _lbfgs(neg, size: int, seed: int, bound: float, restarts: int, warm: np.ndarray) -> np.ndarray:
    """Best of L-BFGS-B runs from 0, from ``warm`` (the best constant policy, logit gap 4) and random points."""
    rng = np.random.default_rng(seed)
    best, best_w = np.inf, np.zeros(size)
    for k in range(restarts + 1):
        w0 = np.zeros(size) if k == 0 else warm if k == 1 else 0.1 * rng.standard_normal(size)
        res = minimize(neg, w0, jac=True, method="L-BFGS-B", bounds=[(-bound, bound)] * size, options={"maxiter": 500})
        if res.fun < best:
            best, best_w = float(res.fun), res.x
    return best_w


def value_log_linear(Wb: np.ndarray, X: np.ndarray, R: np.ndarray) -> float:
    """Σ_t ⟨softmax(W x_t + b), r_t⟩ with Wb = [W | b] (M × (d+1))."""
    Xa = np.hstack([X, np.ones((len(X), 1))])
    return float(np.sum(pol.softmax_rows(Xa @ Wb.T) * R))


def fit_log_linear(X: np.ndarray, R: np.ndarray, seed: int, *, restarts: int = 3, bound: float = 1e3) -> np.ndarray:
    """argmax found of Σ_t ⟨softmax(W x_t + b), r_t⟩ by L-BFGS-B (entries in [−bound, bound]); returns [W | b]."""
    T, d = X.shape
    M = R.shape[1]
    Xa = np.hstack([X, np.ones((T, 1))])

    def neg(w: np.ndarray) -> tuple[float, np.ndarray]:
        P = pol.softmax_rows(Xa @ w.reshape(M, d + 1).T)
        J = np.sum(P * R, axis=1, keepdims=True)
        return -float(np.sum(J)), -((P * (R - J)).T @ Xa).ravel()

    warm = np.zeros((M, d + 1))
    warm[int(np.argmax(R.sum(axis=0))), d] = 4.0                 # bias b: the best constant policy
    return _lbfgs(neg, M * (d + 1), seed, bound, restarts, warm.ravel()).reshape(M, d + 1)


def embed_log_linear(Wb: np.ndarray) -> np.ndarray:
    """Θ (M, d, d) with ⟨Θ_m, x xᵀ⟩ = w_m·x + b_m whenever x_d = 1/√2 (the router's constant coordinate) [derived].

    Θ_m = √2 e_d w_mᵀ + 2 b_m e_d e_dᵀ: then xᵀΘ_m x = √2 x_d (w_m·x) + 2 b_m x_d² = w_m·x + b_m.
    So on the real instance every log-linear policy is a log-quadratic one and V_log-linear ≤ V_log-quadratic
    (certificate ``b_real_routing_log_linear_embeds_in_log_quadratic``).
    """
    Wb = np.asarray(Wb, dtype=float)
    M, d1 = Wb.shape
    d = d1 - 1
    Th = np.zeros((M, d, d))
    Th[:, d - 1, :] = np.sqrt(2.0) * Wb[:, :d]
    Th[:, d - 1, d - 1] += 2.0 * Wb[:, d]
    return Th


def value_log_quadratic(Th: np.ndarray, F: np.ndarray, R: np.ndarray) -> float:
    """Σ_t ⟨softmax(⟨Θ_m, Ψ_t⟩), r_t⟩ with Th (M, d, d)."""
    T = F.shape[0]
    return float(np.sum(pol.softmax_rows(F.reshape(T, -1) @ Th.reshape(len(Th), -1).T) * R))


def fit_log_quadratic(F: np.ndarray, R: np.ndarray, seed: int, *, restarts: int = 2, bound: float = 1e3) -> np.ndarray:
    """argmax found of Σ_t ⟨softmax(⟨Θ_m, Ψ_t⟩), r_t⟩ by L-BFGS-B; returns Θ as (M, d, d) blocks."""
    T, d, _ = F.shape
    M = R.shape[1]
    Fv = F.reshape(T, d * d)

    def neg(w: np.ndarray) -> tuple[float, np.ndarray]:
        P = pol.softmax_rows(Fv @ w.reshape(M, d * d).T)
        J = np.sum(P * R, axis=1, keepdims=True)
        return -float(np.sum(J)), -((P * (R - J)).T @ Fv).ravel()

    warm = np.zeros((M, d, d))
    warm[int(np.argmax(R.sum(axis=0))), d - 1, d - 1] = 8.0      # x_d² = 1/2: logit 4 on the best constant expert
    return _lbfgs(neg, M * d * d, seed, bound, restarts, warm.ravel()).reshape(M, d, d)


def _stacked(Th: np.ndarray) -> np.ndarray:
    """(M, d, d) blocks → the d × dM stacked matrix [Θ_1 … Θ_M]."""
    return np.concatenate(list(Th), axis=1)


def theta_spectrum(Theta: np.ndarray) -> dict[str, Any]:
    """Singular values of a stacked Θ, the energy share of the top two, the stable rank ‖Θ‖_F²/‖Θ‖_op²."""
    s = np.linalg.svd(Theta, compute_uv=False)
    e = s ** 2
    return {"singular_values": s, "top2_energy": float(e[:2].sum() / max(e.sum(), 1e-300)),
            "stable_rank": float(e.sum() / max(e[0], 1e-300)), "nuclear_norm": float(s.sum())}


def class_rows(inst: RoutingInstance, tau: float, seed: int, *, best_in_ball: dict[float, float]
               ) -> tuple[list[dict], dict]:
    """Per class: in-sample value and gap per round to the unconstrained best, held-out (fit even, score odd).

    Returns (rows, extra) with extra = {"theta_unbounded": the stacked fitted Θ (full data)}.
    """
    X, F, R = inst.queries, inst.features, inst.rewards
    T = inst.T
    tr, te = np.arange(0, T, 2), np.arange(1, T, 2)
    v_unc, v_unc_te = rg.unconstrained_value(R), rg.unconstrained_value(R[te])
    ll, ll_full = fit_log_linear(X[tr], R[tr], seed), fit_log_linear(X, R, seed)
    lq = fit_log_quadratic(F[tr], R[tr], seed)
    lq_full = fit_log_quadratic(F, R, seed)
    best_m = int(np.argmax(R[tr].sum(axis=0)))
    ins = {"constant": rg.constant_class_value(R),
           "log-linear": max(rg.log_linear_class_value(X, R, seed), value_log_linear(ll_full, X, R)),
           **{f"log-quadratic, ‖Θ‖_* ≤ {t:g}": v for t, v in best_in_ball.items()},
           "log-quadratic": max(rg.log_quadratic_class_value(F, R, seed), value_log_quadratic(lq_full, F, R)),
           "unconstrained": v_unc}
    held = {"constant": float(R[te, best_m].sum()), "log-linear": value_log_linear(ll, X[te], R[te]),
            **{f"log-quadratic, ‖Θ‖_* ≤ {t:g}": None for t in best_in_ball},
            "log-quadratic": value_log_quadratic(lq, F[te], R[te]),
            "unconstrained": v_unc_te}
    rows = []
    for name, v in ins.items():
        h = held.get(name)
        rows.append({"class": name, "in_sample": v, "in_sample_gap": (v_unc - v) / T,
                     "held_out": h, "held_out_gap": None if h is None else (v_unc_te - h) / len(te)})
    return rows, {"theta_unbounded": _stacked(lq_full)}


def context_sensitivity(Q: np.ndarray, R: np.ndarray, dims: tuple[int, ...], seed: int) -> list[dict]:
    """Log-quadratic (unbounded) value in-sample and held-out for router contexts of d_pca ∈ dims components."""
    from routing_real.instance import router_context

    T = len(R)
    tr, te = np.arange(0, T, 2), np.arange(1, T, 2)
    v_unc, v_unc_te = rg.unconstrained_value(R), rg.unconstrained_value(R[te])
    rows = []
    for k in dims:
        X, _ = router_context(Q, k)
        F = np.einsum("ti,tj->tij", X, X)
        full, half = fit_log_quadratic(F, R, seed), fit_log_quadratic(F[tr], R[tr], seed)
        v, h = value_log_quadratic(full, F, R), value_log_quadratic(half, F[te], R[te])
        rows.append({"d_pca": k, "in_sample": v, "in_sample_gap": (v_unc - v) / T, "held_out": h,
                     "held_out_gap": (v_unc_te - h) / len(te)})
    return rows
