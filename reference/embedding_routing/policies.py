"""Policy classes for routing a query to one of M experts, expected reward J_t, its gradient, REINFORCE.

Paper B compares four policy classes [seed: "log-quadratic policy class"; constant, log-linear and
unconstrained comparators appear in its experiments]. The formulas below are this project's
formalization [recon] (spec ``B_embedding_routing.md``).

Main statements
---------------
* log-quadratic policy  π_Θ(m | x) ∝ exp(⟨Θ_m, Ψ(x)⟩), Θ = [Θ_1 | … | Θ_M] ∈ R^{d×dM}  [recon]
* J_t(Θ) = Σ_m π_Θ(m | x_t) r_t(m)                                                      [recon]
* ∇_{Θ_m} J_t = π_m (r_t(m) − J_t) Ψ(x_t)  (``exact_gradient``)                          [derived]
* REINFORCE, one sample m_t ~ π:  Ĝ_{t,m} = r_t(m_t)(1[m = m_t] − π_m) Ψ(x_t)             [derived]
  E_{m_t ~ π}[Ĝ_t] = ∇J_t exactly, and ‖Ĝ_t‖_op = r_t(m_t)·‖e_{m_t} − π‖₂·‖Ψ‖_op ≤ √2‖Ψ‖_op
  (certificate ``b_reinforce_unbiased_and_bounded``). Moreover E‖e_{m_t} − π‖₂² = 1 − ‖π‖₂² ≤ 1 − 1/M,
  so E‖Ĝ_t‖_op² ≤ (1 − 1/M)‖Ψ‖_op² (used by ``bounds.hpg_expected_regret_bound``).

Every gradient here has the form [c_1 Ψ | … | c_M Ψ] = cᵀ ⊗ Ψ for a coefficient vector c ∈ R^M;
``gradient_from_coefficients`` builds it and ‖cᵀ ⊗ Ψ‖_op = ‖c‖₂‖Ψ‖_op (because
(cᵀ⊗Ψ)(cᵀ⊗Ψ)ᵀ = ‖c‖² ΨΨᵀ). The coefficient functions accept rationals and then compute exactly.

Notation
--------
========  ======================  ==============================================
symbol    Python                  meaning
========  ======================  ==============================================
x         ``x``                   query, ‖x‖₂ ≤ 1
Ψ(x)      ``Psi``                 kernel features, symmetric d×d, ‖Ψ‖_op ≤ 1
Θ         ``Theta``               d×dM parameter, block m = columns m·d … (m+1)·d − 1
π         ``pi``                  probability vector over the M experts
r_t(m)    ``r``                   reward vector in [0, 1]^M (all known to the simulator)
m_t       ``m``                   the sampled expert (0-based)
========  ======================  ==============================================
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from reference._numerics import as_vector, check_probability_vector, exact_mode

__all__ = [
    "quadratic_features",
    "multi_vector_features",
    "softmax",
    "theta_blocks",
    "log_quadratic_logits",
    "log_quadratic_policy",
    "log_linear_policy",
    "constant_policy",
    "best_response",
    "expected_reward",
    "gradient_from_coefficients",
    "exact_gradient_coefficients",
    "exact_gradient",
    "reinforce_coefficients",
    "reinforce_gradient",
]


# -- features --------------------------------------------------------------------------------

def quadratic_features(x) -> np.ndarray:
    """Ψ(x) = x xᵀ (rank one; ‖Ψ‖_op = ‖Ψ‖_* = ‖x‖²)."""
    x = as_vector("quadratic_features", "x", x)
    return np.outer(x, x)


def multi_vector_features(vectors, weights) -> np.ndarray:
    """Ψ = Σ_j w_j v_j v_jᵀ for several query vectors v_j (multi-vector queries; full rank in general).

    ‖Ψ‖_op ≤ Σ|w_j|‖v_j‖²; with orthonormal v_j and |w_j| ≤ 1 it is ≤ 1 while ‖Ψ‖_F can be √d.
    """
    V = np.asarray(vectors, dtype=float)
    w = as_vector("multi_vector_features", "weights", weights)
    if V.ndim != 2 or V.shape[0] != w.size:
        raise ValueError("multi_vector_features: vectors must be a (J, d) array with one weight per vector; "
                         f"got shape {V.shape} and {w.size} weights.")
    return (V.T * w) @ V


# -- policies --------------------------------------------------------------------------------

def softmax(logits) -> np.ndarray:
    """Numerically stable softmax: exp(z − max z) / Σ exp(z − max z)."""
    z = as_vector("softmax", "logits", logits)
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def theta_blocks(Theta, d: int, M: int) -> np.ndarray:
    """View Θ ∈ R^{d×dM} as the stack (M, d, d) of its blocks Θ_m."""
    Theta = np.asarray(Theta, dtype=float)
    if Theta.shape != (d, d * M):
        raise ValueError(f"theta_blocks: Theta must have shape (d, d*M) = ({d}, {d * M}); got {Theta.shape}.")
    return Theta.reshape(d, M, d).transpose(1, 0, 2)


def log_quadratic_logits(Theta, Psi) -> np.ndarray:
    """z_m = ⟨Θ_m, Ψ⟩ = Σ_ij (Θ_m)_ij Ψ_ij for m = 0..M−1 (O(d²M) work)."""
    Psi = np.asarray(Psi, dtype=float)
    d = Psi.shape[0]
    if Psi.shape != (d, d):
        raise ValueError(f"log_quadratic_logits: Psi must be a square matrix; got shape {Psi.shape}.")
    Theta = np.asarray(Theta, dtype=float)
    if Theta.ndim != 2 or Theta.shape[0] != d or Theta.shape[1] % d:
        raise ValueError(f"log_quadratic_logits: Theta must have shape (d, d*M) with d={d}; got {Theta.shape}.")
    M = Theta.shape[1] // d
    return np.einsum("imj,ij->m", Theta.reshape(d, M, d), Psi)


def log_quadratic_policy(Theta, Psi) -> np.ndarray:
    """π_Θ(· | x) = softmax(⟨Θ_m, Ψ(x)⟩)_m."""
    return softmax(log_quadratic_logits(Theta, Psi))


def log_linear_policy(W, b, x) -> np.ndarray:
    """π(· | x) = softmax(W x + b), W ∈ R^{M×d}, b ∈ R^M."""
    W = np.asarray(W, dtype=float)
    return softmax(W @ as_vector("log_linear_policy", "x", x) + as_vector("log_linear_policy", "b", b))


def constant_policy(logits) -> np.ndarray:
    """π(·) = softmax(b), the same for every query."""
    return softmax(logits)


def best_response(r) -> np.ndarray:
    """The unconstrained class at one query: all mass on argmax_m r(m) (lowest index on ties)."""
    r = as_vector("best_response", "r", r)
    p = np.zeros(r.size)
    p[int(np.argmax(r))] = 1.0
    return p


def expected_reward(pi, r):
    """J = Σ_m π_m r(m) (exact for rational inputs)."""
    exact = exact_mode(pi, r)
    pi = check_probability_vector("expected_reward", pi, exact=exact)
    r = as_vector("expected_reward", "r", r, n=len(pi), exact=exact)
    if exact:
        return sum((a * b for a, b in zip(pi, r)), Fraction(0))
    return float(pi @ r)


# -- gradients -------------------------------------------------------------------------------

def gradient_from_coefficients(c, Psi) -> np.ndarray:
    """[c_1 Ψ | … | c_M Ψ] = cᵀ ⊗ Ψ ∈ R^{d×dM}."""
    c = np.asarray(c, dtype=float).ravel()
    Psi = np.asarray(Psi, dtype=float)
    d = Psi.shape[0]
    # entry (i, m·d + j) = c_m Ψ_ij — the same as np.kron(c[None, :], Ψ), without its overhead
    return (Psi[:, None, :] * c[None, :, None]).reshape(d, c.size * d)


def exact_gradient_coefficients(pi, r):
    """c_m = π_m (r(m) − J), so ∇_{Θ_m} J = c_m Ψ (exact for rational inputs)."""
    exact = exact_mode(pi, r)
    pi = check_probability_vector("exact_gradient_coefficients", pi, exact=exact)
    r = as_vector("exact_gradient_coefficients", "r", r, n=len(pi), exact=exact)
    J = expected_reward(pi, r)
    if exact:
        return [p * (x - J) for p, x in zip(pi, r)]
    return pi * (r - J)


def exact_gradient(Theta, Psi, r) -> np.ndarray:
    """∇_Θ J_t(Θ) = [π_m (r(m) − J) Ψ]_m (the true gradient; needs every r(m))."""
    pi = log_quadratic_policy(Theta, Psi)
    return gradient_from_coefficients(exact_gradient_coefficients(pi, np.asarray(r, dtype=float)), Psi)


def reinforce_coefficients(pi, m: int, reward):
    """c = r_t(m_t)(e_{m_t} − π): the REINFORCE coefficients from the one observed reward."""
    exact = exact_mode(pi, [reward])
    pi = check_probability_vector("reinforce_coefficients", pi, exact=exact)
    M = len(pi)
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or not 0 <= m < M:
        raise ValueError(f"reinforce_coefficients: m must be an expert index in 0..{M - 1}; got {m!r}.")
    if exact:
        reward = Fraction(reward)
        return [reward * ((1 if j == m else 0) - p) for j, p in enumerate(pi)]
    e = np.zeros(M)
    e[m] = 1.0
    return float(reward) * (e - pi)


def reinforce_gradient(pi, Psi, m: int, reward) -> np.ndarray:
    """Ĝ_t = r_t(m_t)(e_{m_t} − π)ᵀ ⊗ Ψ(x_t): unbiased for ∇J_t, ‖Ĝ_t‖_op ≤ √2‖Ψ‖_op."""
    return gradient_from_coefficients(np.asarray(reinforce_coefficients(pi, m, reward), dtype=float), Psi)
