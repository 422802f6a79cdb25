"""Spectral hypentropy geometry: φ_β, its mirror map and inverse, Bregman divergence and projection.

Paper B (arXiv 2606.14929) runs its learner "using online mirror descent with hypentropy
regularization" and mentions "nuclear-norm regularization" [seed, a secondary summary of the paper];
that the regulariser is the *spectral* hypentropy and the parameter set a nuclear-norm ball is our
reading [recon]. The regulariser itself
is Ghai, Hazan & Singer (ALT 2020), "Exponentiated Gradient Meets Gradient Descent" [recon: formula
from that paper]; the projection algorithm, the range R and the vector strong-convexity proof are
ours [derived]; the spectral strong-convexity constant is our choice, checked by sampling [project].

Main statements
---------------
* ``spectral_hypentropy(X, β) = φ_β(X) = Σ_i h_β(σ_i(X))``, ``h_β(σ) = σ·arcsinh(σ/β) − √(σ² + β²)`` [recon].
* ``mirror_map(X) = ∇φ_β(X) = U diag(arcsinh(σ/β)) Vᵀ`` and ``inverse_mirror_map(Y) = U diag(β sinh σ(Y)) Vᵀ``
  are mutually inverse [recon] (certificate ``b_mirror_map_round_trip``,
  ``certificates/embedding_routing/geometry.py``).
* ``bregman_project_nuclear_ball`` solves ``min {D_φ(X, X̃) : ‖X‖_* ≤ τ}`` [derived]. Because φ is
  unitarily invariant the minimiser keeps the singular vectors of X̃ (von Neumann's trace inequality)
  and its singular values solve the vector problem, whose KKT conditions give
  ``σ_i = β sinh(max(arcsinh(σ̃_i/β) − ν, 0))`` with the scalar ν ≥ 0 found by bisection so that
  Σσ_i = τ (ν = 0 when ‖X̃‖_* ≤ τ already). Optimality is certified by the variational inequality
  ``⟨∇φ(X̃) − ∇φ(X*), X − X*⟩ ≤ 0 ∀ ‖X‖_* ≤ τ`` ⇔ ``τ‖G‖_op ≤ ⟨G, X*⟩`` for G = ∇φ(X̃) − ∇φ(X*)
  (``projection_optimality_residual``; certificate ``b_bregman_projection_is_optimal``,
  ``certificates/embedding_routing/geometry.py``).
* Strong convexity, vector case [derived, Cauchy–Schwarz]: on {‖x‖₁ ≤ D} ⊂ R^k,
  ``⟨v, ∇²h v⟩ = Σ v_i²/√(x_i²+β²) ≥ (Σ|v_i|)² / Σ√(x_i²+β²) ≥ ‖v‖₁² / (D + kβ)``,
  so h_β is 1/(D + kβ)-strongly convex w.r.t. ‖·‖₁.  ∎
* Strong convexity, spectral case [project]: we use ``α = c/(τ + kβ)`` w.r.t. ‖·‖_* on
  {‖X‖_* ≤ τ}, with k = min(rows, cols) and ``SPECTRAL_SC_FACTOR = c = 1/2``. c = 1/2 is the value
  attributed to Ghai et al. for the spectral case; **we have not re-proved it** — it is checked by
  sampling only (certificate ``b_hypentropy_strongly_convex_of_nuclear_ball``,
  ``certificates/embedding_routing/geometry.py``, and a Hypothesis search with ``target`` in
  ``tests/test_b_hypentropy.py``). Findings: docs/findings.md, "Paper B strong convexity: the spectral factor c".
* ``hypentropy_range_on_nuclear_ball`` = max_{‖U‖_* ≤ τ} D_φ(U, 0) = τ·arcsinh(τ/β) − √(τ² + β²) + β [derived].

Notation
--------
==============  ================================  ==========================================
symbol          Python                            meaning
==============  ================================  ==========================================
β               ``beta``                          hypentropy scale (β > 0)
τ               ``tau``                           nuclear-ball radius
X̃, Y            ``X_tilde``, ``Y``                unconstrained primal point, dual point
σ(X)            ``singular_values(X)``            singular values (length k = min(rows, cols))
φ_β             ``spectral_hypentropy``           the regulariser
ν               ``nu``                            dual shift of the projection (KKT multiplier)
α               ``strong_convexity_modulus``      c/(τ + kβ)
R               ``hypentropy_range_on_nuclear_ball``  max D_φ(U, 0) over the ball
==============  ================================  ==========================================

Implementation notes: everything is float64; SVDs are thin (``full_matrices=False``). D_φ(X, Y)
suffers cancellation when ‖X − Y‖ ≲ 1e-6·scale; the sampling checks keep pairs apart. Scalars are
validated by ``reference._numerics.check_real`` / ``check_integer``.

References: paper B, arXiv 2606.14929; U. Ghai, E. Hazan, Y. Singer, "Exponentiated Gradient Meets
Gradient Descent", ALT 2020; our formalisation, ``docs/reconstruction_B.md`` §4.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from reference._numerics import check_integer, check_real

__all__ = [
    "SPECTRAL_SC_FACTOR",
    "as_matrix",
    "check_beta",
    "check_radius",
    "singular_values",
    "nuclear_norm",
    "operator_norm",
    "hypentropy_scalar",
    "hypentropy_vector",
    "spectral_hypentropy",
    "mirror_map",
    "inverse_mirror_map",
    "bregman_divergence",
    "project_singular_values",
    "bregman_project_nuclear_ball",
    "bregman_project_dual",
    "projection_optimality_residual",
    "strong_convexity_modulus",
    "vector_strong_convexity_ratio",
    "spectral_strong_convexity_ratio",
    "hypentropy_range_on_nuclear_ball",
]

#: The factor c in the spectral modulus α = c/(τ + kβ) used by every bound (checked by sampling only).
SPECTRAL_SC_FACTOR = 0.5


# -- validation -------------------------------------------------------------------------------

def as_matrix(fn: str, arg: str, X: ArrayLike) -> np.ndarray:
    """Validate a finite 2-d real matrix and return it as float64."""
    try:
        A = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{fn}: {arg} must be a real matrix (2-d array of numbers).") from None
    if A.ndim != 2 or A.size == 0:
        raise ValueError(f"{fn}: {arg} must be a non-empty 2-d matrix; got an array of shape {A.shape}.")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{fn}: {arg} must contain only finite numbers.")
    return A


def check_beta(fn: str, beta: float) -> float:
    """β > 0, the hypentropy scale (``check_real`` with the reason in the message); returned as float."""
    return float(check_real(fn, "beta", beta, low=0, low_open=True, what="(the hypentropy scale)"))


def check_radius(fn: str, tau: float) -> float:
    """τ > 0, the nuclear-ball radius (``check_real`` with the reason in the message); returned as float."""
    return float(check_real(fn, "tau", tau, low=0, low_open=True, what="(the nuclear-ball radius)"))


# -- norms ------------------------------------------------------------------------------------

def singular_values(X: ArrayLike) -> np.ndarray:
    """σ(X), descending, length min(rows, cols)."""
    return np.linalg.svd(as_matrix("singular_values", "X", X), compute_uv=False)


def nuclear_norm(X: ArrayLike) -> float:
    """‖X‖_* = Σ σ_i(X) (the trace norm)."""
    return float(np.sum(singular_values(X)))


def operator_norm(X: ArrayLike) -> float:
    """‖X‖_op = σ_1(X), the dual norm of ‖·‖_*."""
    return float(singular_values(X)[0])


# -- the regularizer --------------------------------------------------------------------------

def hypentropy_scalar(sigma: ArrayLike, beta: float) -> np.ndarray:
    """h_β(σ) = σ·arcsinh(σ/β) − √(σ² + β²) (elementwise; h_β'' = 1/√(σ² + β²))."""
    s = np.asarray(sigma, dtype=float)
    return s * np.arcsinh(s / beta) - np.sqrt(s * s + beta * beta)


def hypentropy_vector(x: ArrayLike, beta: float) -> float:
    """Vector hypentropy Σ_i h_β(x_i) (Ghai et al. 2020, eq. for vectors)."""
    beta = check_beta("hypentropy_vector", beta)
    return float(np.sum(hypentropy_scalar(np.asarray(x, dtype=float), beta)))


def spectral_hypentropy(X: ArrayLike, beta: float) -> float:
    """Spectral hypentropy φ_β(X) = Σ_i h_β(σ_i(X)) of a matrix [recon: Ghai, Hazan & Singer 2020].

    h_β is applied to the singular values, so φ_β is unitarily invariant; φ_β(0) = −kβ with
    k = min(rows, cols), and ∇φ_β is ``mirror_map``.
    """
    beta = check_beta("spectral_hypentropy", beta)
    A = as_matrix("spectral_hypentropy", "X", X)
    return float(np.sum(hypentropy_scalar(np.linalg.svd(A, compute_uv=False), beta)))


def mirror_map(X: ArrayLike, beta: float) -> np.ndarray:
    """∇φ_β(X) = U diag(arcsinh(σ/β)) Vᵀ for the thin SVD X = U diag(σ) Vᵀ."""
    beta = check_beta("mirror_map", beta)
    A = as_matrix("mirror_map", "X", X)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return (U * np.arcsinh(s / beta)) @ Vt


def inverse_mirror_map(Y: ArrayLike, beta: float) -> np.ndarray:
    """(∇φ_β)⁻¹(Y) = ∇φ_β*(Y) = U diag(β sinh σ(Y)) Vᵀ (certified: ``b_mirror_map_round_trip``)."""
    beta = check_beta("inverse_mirror_map", beta)
    B = as_matrix("inverse_mirror_map", "Y", Y)
    U, s, Vt = np.linalg.svd(B, full_matrices=False)
    return (U * (beta * np.sinh(s))) @ Vt


def bregman_divergence(X: ArrayLike, Y: ArrayLike, beta: float) -> float:
    """D_φ(X, Y) = φ(X) − φ(Y) − ⟨∇φ(Y), X − Y⟩ ≥ 0."""
    beta = check_beta("bregman_divergence", beta)
    A = as_matrix("bregman_divergence", "X", X)
    B = as_matrix("bregman_divergence", "Y", Y)
    if A.shape != B.shape:
        raise ValueError(f"bregman_divergence: X and Y must have the same shape; got {A.shape} and {B.shape}.")
    return spectral_hypentropy(A, beta) - spectral_hypentropy(B, beta) - float(np.sum(mirror_map(B, beta) * (A - B)))


# -- the Bregman projection onto the nuclear ball ---------------------------------------------

def project_singular_values(sigma_tilde: ArrayLike, tau: float, beta: float, *,
                            iterations: int = 200) -> tuple[np.ndarray, float]:
    """Vector Bregman projection of σ̃ ≥ 0 onto {σ ≥ 0, Σσ ≤ τ}: returns (σ, ν).

    KKT [derived]: σ_i = β sinh(max(arcsinh(σ̃_i/β) − ν, 0)), ν ≥ 0, ν·(Σσ − τ) = 0. The map
    ν ↦ Σσ_i(ν) is continuous and decreasing, so bisection on ν ∈ [0, max arcsinh(σ̃/β)] finds the
    root; the returned ν is the upper end of the final bracket, so Σσ ≤ τ holds exactly in floats.
    """
    beta = check_beta("project_singular_values", beta)
    tau = check_radius("project_singular_values", tau)
    s = np.asarray(sigma_tilde, dtype=float)
    if s.ndim != 1 or np.any(s < 0) or not np.all(np.isfinite(s)):
        raise ValueError("project_singular_values: sigma_tilde must be a finite non-negative vector.")
    if np.sum(s) <= tau:
        return s.copy(), 0.0
    y = np.arcsinh(s / beta)                          # dual coordinates of σ̃

    def mass(nu: float) -> float:
        return float(np.sum(beta * np.sinh(np.maximum(y - nu, 0.0))))

    lo, hi = 0.0, float(np.max(y))                    # mass(lo) > τ ≥ 0 = mass(hi)
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        if mass(mid) > tau:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-15 * max(1.0, hi):
            break
    sigma = beta * np.sinh(np.maximum(y - hi, 0.0))
    return sigma, hi


def bregman_project_nuclear_ball(X_tilde: ArrayLike, tau: float, beta: float) -> np.ndarray:
    """argmin {D_φ(X, X̃) : ‖X‖_* ≤ τ} = U diag(project_singular_values(σ̃)) Vᵀ  [derived]."""
    beta = check_beta("bregman_project_nuclear_ball", beta)
    tau = check_radius("bregman_project_nuclear_ball", tau)
    A = as_matrix("bregman_project_nuclear_ball", "X_tilde", X_tilde)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    sigma, _ = project_singular_values(s, tau, beta)
    return (U * sigma) @ Vt


def bregman_project_dual(Y: ArrayLike, tau: float, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """The projection in dual coordinates (one SVD): Y ↦ (X, ∇φ(X)) with X = Π(∇φ*(Y)).

    In dual coordinates the projection is a shift of the singular values,
    σ(Y) ↦ max(σ(Y) − ν, 0): this is what HPG runs every round.
    """
    beta = check_beta("bregman_project_dual", beta)
    tau = check_radius("bregman_project_dual", tau)
    B = as_matrix("bregman_project_dual", "Y", Y)
    U, y, Vt = np.linalg.svd(B, full_matrices=False)
    sigma, nu = project_singular_values(beta * np.sinh(y), tau, beta)
    return (U * sigma) @ Vt, (U * np.maximum(y - nu, 0.0)) @ Vt


def projection_optimality_residual(X_star: ArrayLike, X_tilde: ArrayLike, tau: float, beta: float) -> dict[str, float]:
    """How far X* is from optimal for min {D_φ(X, X̃) : ‖X‖_* ≤ τ}.

    The problem is convex, so X* is optimal iff it is feasible and the variational inequality
    ⟨∇φ(X̃) − ∇φ(X*), X − X*⟩ ≤ 0 holds for every X in the ball; with G = ∇φ(X̃) − ∇φ(X*) the
    maximum over the ball of ⟨G, X⟩ is τ‖G‖_op, so the VI is ``vi = τ‖G‖_op − ⟨G, X*⟩ ≤ 0``.
    Returns ``{"infeasibility": max(‖X*‖_* − τ, 0), "vi": vi}`` (both ≤ tolerance at optimum).
    """
    beta = check_beta("projection_optimality_residual", beta)
    tau = check_radius("projection_optimality_residual", tau)
    A = as_matrix("projection_optimality_residual", "X_star", X_star)
    B = as_matrix("projection_optimality_residual", "X_tilde", X_tilde)
    G = mirror_map(B, beta) - mirror_map(A, beta)
    vi = tau * operator_norm(G) - float(np.sum(G * A))
    return {"infeasibility": max(nuclear_norm(A) - tau, 0.0), "vi": vi}


# -- strong convexity ---------------------------------------------------------------------------

def strong_convexity_modulus(tau: float, beta: float, k: int, *, factor: float | None = None) -> float:
    """α = c/(τ + kβ): the modulus of φ_β on {‖X‖_* ≤ τ} w.r.t. ‖·‖_* (c = SPECTRAL_SC_FACTOR).

    With ``factor=1`` and k = dimension this is the vector case 1/(D + kβ) w.r.t. ‖·‖₁ (proved by
    Cauchy–Schwarz, module header). The spectral factor 1/2 is checked by sampling only [project].
    """
    tau = check_radius("strong_convexity_modulus", tau)
    beta = check_beta("strong_convexity_modulus", beta)
    k = check_integer("strong_convexity_modulus", "k", k, minimum=1)
    c = SPECTRAL_SC_FACTOR if factor is None else float(factor)
    return c / (tau + k * beta)


def vector_strong_convexity_ratio(x: ArrayLike, y: ArrayLike, D: float, beta: float) -> float:
    """(D + kβ)·D_h(x, y) / (½‖x − y‖₁²): ≥ 1 for ‖x‖₁, ‖y‖₁ ≤ D by the Cauchy–Schwarz argument."""
    beta = check_beta("vector_strong_convexity_ratio", beta)
    u = np.asarray(x, dtype=float)
    v = np.asarray(y, dtype=float)
    dh = float(np.sum(hypentropy_scalar(u, beta) - hypentropy_scalar(v, beta) - np.arcsinh(v / beta) * (u - v)))
    return (D + u.size * beta) * dh / (0.5 * float(np.sum(np.abs(u - v))) ** 2)


def spectral_strong_convexity_ratio(X: ArrayLike, Y: ArrayLike, tau: float, beta: float) -> float:
    """(τ + kβ)·D_φ(X, Y) / (½‖X − Y‖_*²); the modulus c/(τ + kβ) holds on a pair iff this is ≥ c."""
    A = as_matrix("spectral_strong_convexity_ratio", "X", X)
    k = min(A.shape)
    return (tau + k * beta) * bregman_divergence(A, Y, beta) / (0.5 * nuclear_norm(A - np.asarray(Y)) ** 2)


def hypentropy_range_on_nuclear_ball(tau: float, beta: float) -> float:
    """R = max_{‖U‖_* ≤ τ} D_φ(U, 0) = τ·arcsinh(τ/β) − √(τ² + β²) + β  [derived].

    D_φ(U, 0) = Σ_i [h(σ_i) − h(0)] (∇φ(0) = 0) is a sum of a convex increasing function of each σ_i,
    so over the simplex-like set {σ ≥ 0, Σσ ≤ τ} its maximum sits at a vertex σ = τ e_1.
    """
    tau = check_radius("hypentropy_range_on_nuclear_ball", tau)
    beta = check_beta("hypentropy_range_on_nuclear_ball", beta)
    return tau * math.asinh(tau / beta) - math.sqrt(tau * tau + beta * beta) + beta
