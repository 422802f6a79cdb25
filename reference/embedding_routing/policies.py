"""Policy classes for routing a query to one of M experts, expected reward J_t, its gradient, REINFORCE.

Paper B (arXiv 2606.14929) names a "log-quadratic policy class" [seed, abstract: "we identify a
log-quadratic policy class that is expressive enough to capture query-dependent model routing, yet
structured enough to allow efficient online learning"] and compares it with regret notions that
"suffer from structural misspecification or statistical intractability" [seed, abstract]. The
formulas below are our formalisation [recon] (``docs/reconstruction_B.md`` §2); the gradient facts
are our proofs [derived].

Main statements
---------------
* log-quadratic policy  π_Θ(m | x) ∝ exp(⟨Θ_m, Ψ(x)⟩), Θ = [Θ_1 | … | Θ_M] ∈ R^{d×dM}  [recon]
* constant π(m) = softmax(b); log-linear π ∝ exp(W x + b); unconstrained = best response  [recon]
* J_t(Θ) = Σ_m π_Θ(m | x_t) r_t(m)                                                      [recon]
* ∇_{Θ_m} J_t = π_m (r_t(m) − J_t) Ψ(x_t)  (``exact_gradient``)                          [derived]
* REINFORCE, one sample m_t ~ π:  Ĝ_{t,m} = r_t(m_t)(1[m = m_t] − π_m) Ψ(x_t)             [derived]
  E_{m_t ~ π}[Ĝ_t] = ∇J_t exactly, and ‖Ĝ_t‖_op = r_t(m_t)·‖e_{m_t} − π‖₂·‖Ψ‖_op ≤ √2‖Ψ‖_op.
  Moreover E‖e_{m_t} − π‖₂² = 1 − ‖π‖₂² ≤ 1 − 1/M, so E‖Ĝ_t‖_op² ≤ (1 − 1/M)‖Ψ‖_op²
  (used by the Theorem in ``bounds``).
  Proof. E_m[r(m)(e_m − π)] = Σ_m π_m r(m) e_m − J π = π ⊙ (r − J) (the coefficients of ∇J);
  ‖e_m − π‖₂² = (1 − π_m)² + Σ_{j≠m} π_j² ≤ (1 − π_m)² + (1 − π_m)² ≤ 2; and
  Σ_m π_m ‖e_m − π‖² = 1 − 2‖π‖² + ‖π‖² = 1 − ‖π‖² ≤ 1 − 1/M by Cauchy–Schwarz.  ∎
  Certified by ``b_reinforce_unbiased_and_bounded`` (``certificates/embedding_routing/gradients.py``).

Every gradient here has the form [c_1 Ψ | … | c_M Ψ] = cᵀ ⊗ Ψ for a coefficient vector c ∈ R^M;
``gradient_from_coefficients`` builds it and ‖cᵀ ⊗ Ψ‖_op = ‖c‖₂‖Ψ‖_op (because
(cᵀ⊗Ψ)(cᵀ⊗Ψ)ᵀ = ‖c‖² ΨΨᵀ).

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
c         ``c``                   gradient coefficients, ∇ = cᵀ ⊗ Ψ
========  ======================  ==============================================

Implementation notes: the coefficient functions accept rationals (ints / ``Fraction``) and then
compute exactly (``reference._numerics.exact_mode``); everything else is float64. The batched
``log_quadratic_logits_batch`` and ``softmax_rows`` are the vectorised forms of
``log_quadratic_logits`` and ``softmax`` used over whole instances (checked against them in
``tests/test_b_routing.py``).

References: paper B, arXiv 2606.14929 (abstract); Williams (1992) for REINFORCE.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike

from reference._numerics import as_vector, check_integer, check_probability_vector, check_real, exact_mode

__all__ = [
    "quadratic_features",
    "multi_vector_features",
    "softmax",
    "softmax_rows",
    "theta_blocks",
    "log_quadratic_logits",
    "log_quadratic_logits_batch",
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

#: A vector in float mode (array-like) or in exact mode (a sequence of ints / Fractions).
VectorLike: TypeAlias = ArrayLike | Sequence[Fraction]
#: Gradient coefficients: a float64 array, or a list of Fractions in exact mode.
Coefficients: TypeAlias = np.ndarray | list[Fraction]


# -- validation ------------------------------------------------------------------------------

def check_matrix(fn: str, arg: str, X: ArrayLike, *, square: bool = False, ndim: int = 2) -> np.ndarray:
    """A finite real array with ``ndim`` axes (non-empty; square in its last two axes if asked), as float64."""
    try:
        A = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{fn}: {arg} must be a real array of numbers.") from None
    if A.ndim != ndim or A.size == 0:
        raise ValueError(f"{fn}: {arg} must be a non-empty {ndim}-d array; got an array of shape {A.shape}.")
    if square and A.shape[-1] != A.shape[-2]:
        raise ValueError(f"{fn}: {arg} must be square (d×d features); got shape {A.shape}.")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{fn}: {arg} must contain only finite numbers.")
    return A


def check_reward(fn: str, reward: float | Fraction) -> float | Fraction:
    """A reward r ∈ [0, 1] (finite; a Fraction stays exact)."""
    return check_real(fn, "reward", reward, low=0, high=1, what="(rewards lie in [0, 1])")


# -- features --------------------------------------------------------------------------------

def quadratic_features(x: ArrayLike) -> np.ndarray:
    """Ψ(x) = x xᵀ (rank one; ‖Ψ‖_op = ‖Ψ‖_* = ‖x‖²)."""
    v = as_vector("quadratic_features", "x", x)
    return np.outer(v, v)


def multi_vector_features(vectors: ArrayLike, weights: ArrayLike) -> np.ndarray:
    """Ψ = Σ_j w_j v_j v_jᵀ for several query vectors v_j (multi-vector queries; full rank in general).

    ‖Ψ‖_op ≤ Σ|w_j|‖v_j‖²; with orthonormal v_j and |w_j| ≤ 1 it is ≤ 1 while ‖Ψ‖_F can be √d.
    """
    V = check_matrix("multi_vector_features", "vectors", vectors)
    w = as_vector("multi_vector_features", "weights", weights)
    if V.ndim != 2 or V.shape[0] != w.size:
        raise ValueError("multi_vector_features: vectors must be a (J, d) array with one weight per vector; "
                         f"got shape {V.shape} and {w.size} weights.")
    with np.errstate(over="ignore", invalid="ignore"):
        out = (V.T * w) @ V
    if not np.all(np.isfinite(out)):
        raise ValueError("multi_vector_features: Σ_j w_j v_j v_jᵀ overflows float64; vectors or weights are too large.")
    return out


# -- policies --------------------------------------------------------------------------------

def softmax(logits: ArrayLike) -> np.ndarray:
    """Numerically stable softmax: exp(z − max z) / Σ exp(z − max z)."""
    z = as_vector("softmax", "logits", logits)
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def softmax_rows(Z: np.ndarray) -> np.ndarray:
    """``softmax`` applied to every row of a (T, M) logit matrix (vectorised; no validation)."""
    Z = check_matrix("softmax_rows", "Z", Z)
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    return P / P.sum(axis=1, keepdims=True)


def theta_blocks(Theta: ArrayLike, d: int, M: int) -> np.ndarray:
    """View Θ ∈ R^{d×dM} as the stack (M, d, d) of its blocks Θ_m."""
    d, M = check_integer("theta_blocks", "d", d), check_integer("theta_blocks", "M", M)
    A = check_matrix("theta_blocks", "Theta", Theta)
    if A.shape != (d, d * M):
        raise ValueError(f"theta_blocks: Theta must have shape (d, d*M) = ({d}, {d * M}); got {A.shape}.")
    return A.reshape(d, M, d).transpose(1, 0, 2)


def _theta_for(fn: str, Theta: ArrayLike, d: int) -> tuple[np.ndarray, int]:
    """Θ as float64 with shape (d, d·M); returns (Θ, M)."""
    A = check_matrix(fn, "Theta", Theta)
    if A.shape[0] != d or A.shape[1] % d:
        raise ValueError(f"{fn}: Theta must have shape (d, d*M) with d={d}; got {A.shape}.")
    return A, A.shape[1] // d


def log_quadratic_logits(Theta: ArrayLike, Psi: ArrayLike) -> np.ndarray:
    """z_m = ⟨Θ_m, Ψ⟩ = Σ_ij (Θ_m)_ij Ψ_ij for m = 0..M−1 (O(d²M) work)."""
    F = check_matrix("log_quadratic_logits", "Psi", Psi, square=True)
    d = F.shape[0]
    A, M = _theta_for("log_quadratic_logits", Theta, d)
    return np.einsum("imj,ij->m", A.reshape(d, M, d), F)


def log_quadratic_logits_batch(Theta: ArrayLike, features: ArrayLike) -> np.ndarray:
    """z_{t,m} = ⟨Θ_m, Ψ_t⟩ for a stack of features (T, d, d): the (T, M) logits of every round."""
    F = check_matrix("log_quadratic_logits_batch", "features", features, square=True, ndim=3)
    d = F.shape[1]
    A, M = _theta_for("log_quadratic_logits_batch", Theta, d)
    return np.einsum("imj,tij->tm", A.reshape(d, M, d), F)


def log_quadratic_policy(Theta: ArrayLike, Psi: ArrayLike) -> np.ndarray:
    """π_Θ(· | x) = softmax(⟨Θ_m, Ψ(x)⟩)_m  [recon]."""
    fn = "log_quadratic_policy"
    F = check_matrix(fn, "Psi", Psi, square=True)
    A, _ = _theta_for(fn, Theta, F.shape[0])
    z = log_quadratic_logits(A, F)
    if not np.all(np.isfinite(z)):
        raise ValueError(f"{fn}: the logits ⟨Θ_m, Ψ⟩ overflow float64; Theta or Psi is too large.")
    return softmax(z)


def log_linear_policy(W: ArrayLike, b: ArrayLike, x: ArrayLike) -> np.ndarray:
    """π(· | x) = softmax(W x + b), W ∈ R^{M×d}, b ∈ R^M  [recon]."""
    fn = "log_linear_policy"
    A = check_matrix(fn, "W", W)
    v = as_vector(fn, "x", x, n=A.shape[1])
    return softmax(A @ v + as_vector(fn, "b", b, n=A.shape[0]))


def constant_policy(logits: ArrayLike) -> np.ndarray:
    """π(·) = softmax(b), the same for every query  [recon]."""
    return softmax(as_vector("constant_policy", "logits", logits))


def best_response(r: ArrayLike) -> np.ndarray:
    """The unconstrained class at one query: all mass on argmax_m r(m) (lowest index on ties)."""
    v = as_vector("best_response", "r", r)
    p = np.zeros(v.size)
    p[int(np.argmax(v))] = 1.0
    return p


def expected_reward(pi: VectorLike, r: VectorLike) -> float | Fraction:
    """J = Σ_m π_m r(m) (exact for rational inputs)."""
    exact = exact_mode(pi, r)
    p = check_probability_vector("expected_reward", pi, arg="pi", exact=exact)
    v = as_vector("expected_reward", "r", r, n=len(p), exact=exact)
    if exact:
        return sum((a * b for a, b in zip(p, v)), Fraction(0))
    return float(p @ v)


# -- gradients -------------------------------------------------------------------------------

def gradient_from_coefficients(c: VectorLike, Psi: ArrayLike) -> np.ndarray:
    """[c_1 Ψ | … | c_M Ψ] = cᵀ ⊗ Ψ ∈ R^{d×dM}."""
    cv = as_vector("gradient_from_coefficients", "c", c)
    F = check_matrix("gradient_from_coefficients", "Psi", Psi, square=True)
    d = F.shape[0]
    # entry (i, m·d + j) = c_m Ψ_ij — the same as np.kron(c[None, :], Ψ), without its overhead
    return (F[:, None, :] * cv[None, :, None]).reshape(d, cv.size * d)


def exact_gradient_coefficients(pi: VectorLike, r: VectorLike) -> Coefficients:
    """c_m = π_m (r(m) − J), so ∇_{Θ_m} J = c_m Ψ (exact for rational inputs)  [derived]."""
    exact = exact_mode(pi, r)
    p = check_probability_vector("exact_gradient_coefficients", pi, arg="pi", exact=exact)
    v = as_vector("exact_gradient_coefficients", "r", r, n=len(p), exact=exact)
    J = expected_reward(p, v)
    if exact:
        return [a * (x - J) for a, x in zip(p, v)]
    return p * (v - J)


def exact_gradient(Theta: ArrayLike, Psi: ArrayLike, r: ArrayLike) -> np.ndarray:
    """∇_Θ J_t(Θ) = [π_m (r(m) − J) Ψ]_m (the true gradient; needs every r(m))  [derived]."""
    fn = "exact_gradient"
    F = check_matrix(fn, "Psi", Psi, square=True)
    A, M = _theta_for(fn, Theta, F.shape[0])
    v = as_vector(fn, "r", r, n=M)
    pi = log_quadratic_policy(A, F)
    return gradient_from_coefficients(exact_gradient_coefficients(pi, v), F)


def reinforce_coefficients(pi: VectorLike, m: int, reward: float | Fraction) -> Coefficients:
    """c = r_t(m_t)(e_{m_t} − π): the REINFORCE coefficients from the one observed reward  [derived]."""
    fn = "reinforce_coefficients"
    exact = exact_mode(pi, [reward])
    p = check_probability_vector(fn, pi, arg="pi", exact=exact)
    M = len(p)
    m = check_integer(fn, "m", m, minimum=0)
    if m >= M:
        raise ValueError(f"{fn}: m must be an expert index in 0..{M - 1}; got {m!r}.")
    check_reward(fn, reward)
    if exact:
        q = Fraction(reward)
        return [q * ((1 if j == m else 0) - a) for j, a in enumerate(p)]
    e = np.zeros(M)
    e[m] = 1.0
    return float(reward) * (e - p)


def reinforce_gradient(pi: VectorLike, Psi: ArrayLike, m: int, reward: float) -> np.ndarray:
    """Ĝ_t = r_t(m_t)(e_{m_t} − π)ᵀ ⊗ Ψ(x_t): unbiased for ∇J_t, ‖Ĝ_t‖_op ≤ √2‖Ψ‖_op  [derived]."""
    fn = "reinforce_gradient"
    F = check_matrix(fn, "Psi", Psi, square=True)
    p = check_probability_vector(fn, pi, arg="pi", exact=exact_mode(pi, [reward]))
    m = check_integer(fn, "m", m, minimum=0)
    if m >= len(p):
        raise ValueError(f"{fn}: m must be an expert index in 0..{len(p) - 1}; got {m!r}.")
    check_reward(fn, reward)
    return gradient_from_coefficients(np.asarray(reinforce_coefficients(pi, m, reward), dtype=float), F)
