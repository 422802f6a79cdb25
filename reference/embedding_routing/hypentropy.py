"""Spectral hypentropy geometry: φ_β, its mirror map and inverse, Bregman divergence and projection.

Paper B (arXiv 2606.14929) runs its learner "using online mirror descent with hypentropy
regularization" and mentions "nuclear-norm regularization" [seed, a secondary summary of the paper];
that the regulariser is the *spectral* hypentropy and the parameter set a nuclear-norm ball is our
reading [recon]. The regulariser itself
is Ghai, Hazan & Singer (ALT 2020), "Exponentiated Gradient Meets Gradient Descent" [recon: formula
from that paper]; the projection algorithm, the range R and both strong-convexity proofs (vector and spectral,
Theorem SC) are ours [derived].

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
* Theorem SC (strong convexity, spectral case, c = 1) [derived]. On {‖X‖_* ≤ τ} ⊂ R^{k×n} (k ≤ n), φ_β
  is α-strongly convex w.r.t. ‖·‖_* with ``α = 1/(τ + kβ)``; pointwise, ⟨Δ, ∇²φ(X)Δ⟩ ≥ ‖Δ‖_*²/Σ_i √(σ_i² + β²).
  Proof.
  Step 1 (conjugate). h*(y) = β cosh y (h'(σ) = asinh(σ/β) = y ⇒ σ = β sinh y, h*(y) = σy − h(σ) = β cosh y),
  so φ*(Y) = Σ_i β cosh σ_i(Y), a spectral function of the even C² function f = β cosh, and at Y = ∇φ(X)
  f''(y_i) = β cosh y_i = √(σ_i² + β²) =: g_i.
  Step 2 (Hessian of φ*). In the SVD basis of Y (Ĥ = UᵀHV, k×n) the rectangular divided-difference formula
  (Lewis & Sendov 2005) gives
  ⟨H, ∇²φ*(Y)H⟩ = Σ_i g_i Ĥ_ii² + Σ_{i<j≤k} [A*_ij (Ĥ_ij+Ĥ_ji)²/2 + B*_ij (Ĥ_ij−Ĥ_ji)²/2] + Σ_{i≤k<j} w_i Ĥ_ij²,
  A*_ij = mean of f'' = β cosh over [y_j, y_i], B*_ij = its mean over [−y_j, y_i], w_i = its mean over [0, y_i].
  Step 3 (Hermite–Hadamard: the mean of a convex function over an interval is ≤ the mean of its end values).
  A*_ij, B*_ij ≤ (g_i + g_j)/2 and w_i ≤ (g_i + β)/2. Hence, with rows R_i = Σ_{j≤k} Ĥ_ij², E_i = Σ_{j>k} Ĥ_ij²,
  columns C_j = Σ_i Ĥ_ij² (j ≤ k), E = Σ_i E_i:  ⟨H, ∇²φ*H⟩ ≤ ½Σ_i g_i (R_i + E_i) + ½[Σ_{j≤k} g_j C_j + βE].
  Let ‖H‖_op = 1. Every row of Ĥ has norm ≤ 1, so R_i + E_i ≤ 1 and the first sum is ≤ Σ_i g_i. Every column
  has norm ≤ 1 (C_j ≤ 1), and Σ_j C_j + E = ‖Ĥ‖_F² ≤ rank(Ĥ) ≤ k; since g_j ≥ β, the linear program
  max {Σ_j g_j C_j + βE : 0 ≤ C_j ≤ 1, E ≥ 0, Σ_j C_j + E ≤ k} is attained at C ≡ 1, E = 0 and equals Σ_j g_j.
  Hence ⟨H, ∇²φ*(Y)H⟩ ≤ L‖H‖_op² with L = Σ_i g_i.
  Step 4 (duality of Hessians). ∇²φ*(∇φ(X)) = (∇²φ(X))⁻¹, so for every Δ, choosing H with ‖H‖_op = 1 and
  ⟨H, Δ⟩ = ‖Δ‖_*: ‖Δ‖_*² = ⟨H, Δ⟩² ≤ ⟨H, (∇²φ)⁻¹H⟩·⟨Δ, ∇²φ Δ⟩ ≤ L·⟨Δ, ∇²φ(X)Δ⟩ (Cauchy–Schwarz in the
  ∇²φ inner product).  Step 5 (on the ball). √(σ² + β²) ≤ σ + β gives L ≤ ‖X‖_* + kβ ≤ τ + kβ = 1/α,
  and D_φ(X, Y) = ∫₀¹ (1 − t)⟨Δ, ∇²φ(Y + tΔ)Δ⟩dt ≥ (α/2)‖X − Y‖_*² since the segment stays in the ball.
  (φ is C² because f is even and C² (Lewis–Sendov); at repeated or zero singular values the divided
  differences are limits and the bounds pass to the limit.)  ∎
  Exact checks of the steps: ``tests/test_b_strong_convexity.py`` (sympy: h* = β cosh, Hermite–Hadamard
  for cosh; ``hessian_quadratic_form`` against finite differences of ``mirror_map``); certificate
  ``b_hypentropy_strongly_convex_of_nuclear_ball`` (``certificates/embedding_routing/geometry.py``) and a
  Hypothesis ``target`` search for the worst ratio ⟨Δ, ∇²φΔ⟩·L/‖Δ‖_*² (it reaches 1: the constant is tight,
  e.g. at X = 0, Δ of rank one).
  Findings: docs/findings.md, "Paper B strong convexity: the spectral factor c".
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
α               ``strong_convexity_modulus``      c/(τ + kβ), c = 1
R               ``hypentropy_range_on_nuclear_ball``  max D_φ(U, 0) over the ball
==============  ================================  ==========================================

Implementation notes: everything is float64; SVDs are thin (``full_matrices=False``). arcsinh(σ/β) and
β sinh y are computed without intermediate overflow (``asinh_ratio``, ``beta_sinh``); a result that itself
exceeds float64 raises a ``ValueError`` naming the argument. D_φ(X, Y) falls back to 60-digit arithmetic when
the float formula would cancel (X ≈ Y). Scalars are
validated by ``reference._numerics.check_real`` / ``check_integer``.

References: paper B, arXiv 2606.14929; U. Ghai, E. Hazan, Y. Singer, "Exponentiated Gradient Meets
Gradient Descent", ALT 2020; our formalisation, ``docs/reconstruction_B.md`` §4.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from reference._numerics import as_vector, check_integer, check_real

__all__ = [
    "SPECTRAL_SC_FACTOR",
    "as_matrix",
    "check_beta",
    "check_radius",
    "singular_values",
    "finite_array",
    "asinh_ratio",
    "beta_sinh",
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
    "euclidean_project_nuclear_ball",
    "projection_optimality_residual",
    "strong_convexity_modulus",
    "sc_dual_weight_bound",
    "hessian_quadratic_form",
    "vector_strong_convexity_ratio",
    "spectral_strong_convexity_ratio",
    "hypentropy_range_on_nuclear_ball",
]

#: The factor c in the spectral modulus α = c/(τ + kβ) used by every bound (c = 1: Theorem SC).
SPECTRAL_SC_FACTOR = 1.0


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

def _overflow(fn: str, arg: str, s: np.ndarray) -> None:
    if not np.all(np.isfinite(s)):
        raise ValueError(f"{fn}: {arg} is too large for a float64 SVD (its singular values overflow); "
                         "rescale it.")


def _svd(fn: str, arg: str, A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thin SVD of a validated finite matrix; a named error if LAPACK overflows (entries near 1e308)."""
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    _overflow(fn, arg, s)
    return U, s, Vt


def _sv(fn: str, arg: str, A: np.ndarray) -> np.ndarray:
    """σ(A) of a validated finite matrix (descending); a named error if LAPACK overflows."""
    s = np.linalg.svd(A, compute_uv=False)
    _overflow(fn, arg, s)
    return s


def singular_values(X: ArrayLike, *, fn: str = "singular_values", arg: str = "X") -> np.ndarray:
    """σ(X), descending, length min(rows, cols)."""
    return _sv(fn, arg, as_matrix(fn, arg, X))


def nuclear_norm(X: ArrayLike, *, fn: str = "nuclear_norm", arg: str = "X") -> float:
    """‖X‖_* = Σ σ_i(X) (the trace norm)."""
    return float(np.sum(singular_values(X, fn=fn, arg=arg)))


def operator_norm(X: ArrayLike, *, fn: str = "operator_norm", arg: str = "X") -> float:
    """‖X‖_op = σ_1(X) (the largest singular value), the dual norm of ‖·‖_*."""
    return float(np.max(singular_values(X, fn=fn, arg=arg)))


# -- overflow-free scalar maps ------------------------------------------------------------------

def finite_array(fn: str, arg: str, x: ArrayLike) -> np.ndarray:
    """A finite real array (any shape, non-empty) as float64, or a ``ValueError`` naming ``arg``."""
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{fn}: {arg} must be an array of real numbers.") from None
    if a.size == 0 or not np.all(np.isfinite(a)):
        raise ValueError(f"{fn}: {arg} must be a non-empty array of finite numbers.")
    return a


def asinh_ratio(sigma: ArrayLike, beta: float) -> np.ndarray:
    """arcsinh(σ/β) elementwise without overflow: where σ/β overflows, arcsinh(σ/β) = ln 2 + ln|σ| − ln β
    (exact to rounding, since arcsinh(y) = ln(2y) + O(1/y²) and 1/y² < 1e-600 there)."""
    return _asinh_ratio(finite_array("asinh_ratio", "sigma", sigma), check_beta("asinh_ratio", beta))


def _asinh_ratio(sigma: ArrayLike, beta: float) -> np.ndarray:
    s = np.asarray(sigma, dtype=float)
    with np.errstate(over="ignore"):
        r = s / beta
    big = ~np.isfinite(r)
    if not np.any(big):
        return np.arcsinh(r)
    out = np.arcsinh(np.where(big, 0.0, r))
    out[big] = np.sign(s[big]) * (math.log(2.0) + np.log(np.abs(s[big])) - math.log(beta))
    return out


def beta_sinh(y: ArrayLike, beta: float) -> np.ndarray:
    """β·sinh(y) elementwise without intermediate overflow: for |y| > 20, β sinh y = sign(y)·exp(|y| + ln(β/2))
    ·(1 − e^{−2|y|}); a result beyond the float64 range raises a ``ValueError`` naming y."""
    out = _beta_sinh(finite_array("beta_sinh", "y", y), check_beta("beta_sinh", beta))
    if not np.all(np.isfinite(out)):
        raise ValueError("beta_sinh: y is too large: β·sinh(y) exceeds the float64 range.")
    return out


def _beta_sinh(y: ArrayLike, beta: float) -> np.ndarray:
    """``beta_sinh`` without validation; inf where the value exceeds float64 (used inside the bisection)."""
    v = np.asarray(y, dtype=float)
    big = np.abs(v) > 20.0
    with np.errstate(over="ignore"):
        out = beta * np.sinh(np.where(big, 0.0, v))
        a = np.abs(v[big])
        out[big] = np.sign(v[big]) * np.exp(a + math.log(beta / 2.0)) * -np.expm1(-2.0 * a)
    return out


# -- the regularizer --------------------------------------------------------------------------

def hypentropy_scalar(sigma: ArrayLike, beta: float) -> np.ndarray:
    """h_β(σ) = σ·arcsinh(σ/β) − √(σ² + β²) (elementwise; h_β'' = 1/√(σ² + β²)).

    Validated (finite σ, β > 0); computed as σ·arcsinh(σ/β) − hypot(σ, β) so that nothing overflows
    before the result does."""
    beta = check_beta("hypentropy_scalar", beta)
    s = finite_array("hypentropy_scalar", "sigma", sigma)
    with np.errstate(over="ignore"):
        out = s * _asinh_ratio(s, beta) - np.hypot(s, beta)
    if not np.all(np.isfinite(out)):
        raise ValueError("hypentropy_scalar: sigma is too large: h_β(σ) overflows float64.")
    return out


def hypentropy_vector(x: ArrayLike, beta: float) -> float:
    """Vector hypentropy Σ_i h_β(x_i) (Ghai et al. 2020, eq. for vectors)."""
    beta = check_beta("hypentropy_vector", beta)
    v = as_vector("hypentropy_vector", "x", x)
    return float(np.sum(hypentropy_scalar(v, beta)))


def spectral_hypentropy(X: ArrayLike, beta: float) -> float:
    """Spectral hypentropy φ_β(X) = Σ_i h_β(σ_i(X)) of a matrix [recon: Ghai, Hazan & Singer 2020].

    h_β is applied to the singular values, so φ_β is unitarily invariant; φ_β(0) = −kβ with
    k = min(rows, cols), and ∇φ_β is ``mirror_map``.
    """
    beta = check_beta("spectral_hypentropy", beta)
    s = singular_values(X, fn="spectral_hypentropy", arg="X")
    return float(np.sum(hypentropy_scalar(s, beta)))


def mirror_map(X: ArrayLike, beta: float) -> np.ndarray:
    """∇φ_β(X) = U diag(arcsinh(σ/β)) Vᵀ for the thin SVD X = U diag(σ) Vᵀ (overflow-free ``asinh_ratio``)."""
    beta = check_beta("mirror_map", beta)
    U, s, Vt = _svd("mirror_map", "X", as_matrix("mirror_map", "X", X))
    return (U * _asinh_ratio(s, beta)) @ Vt


def inverse_mirror_map(Y: ArrayLike, beta: float) -> np.ndarray:
    """(∇φ_β)⁻¹(Y) = ∇φ_β*(Y) = U diag(β sinh σ(Y)) Vᵀ (certified: ``b_mirror_map_round_trip``).

    β sinh σ is computed overflow-free (``beta_sinh``); if the answer itself is not a float64 matrix
    (σ_1(Y) ≳ 710 + ln(2/β)) the call raises a ``ValueError`` naming Y."""
    beta = check_beta("inverse_mirror_map", beta)
    U, s, Vt = _svd("inverse_mirror_map", "Y", as_matrix("inverse_mirror_map", "Y", Y))
    sig = _beta_sinh(s, beta)
    if not np.all(np.isfinite(sig)):
        raise ValueError(f"inverse_mirror_map: Y is too large: β·sinh(σ_1(Y)) with σ_1(Y) = {s[0]:.6g} and "
                         f"β = {beta:.6g} exceeds the float64 range.")
    return (U * sig) @ Vt


def _divergence_float(A: np.ndarray, B: np.ndarray, beta: float) -> tuple[float, float]:
    """(D_φ(A, B) by the float formula, an upper bound on its rounding error)."""
    hA = hypentropy_scalar(_sv("bregman_divergence", "X", A), beta)
    U, sB, Vt = _svd("bregman_divergence", "Y", B)
    hB = hypentropy_scalar(sB, beta)
    lin = (U * _asinh_ratio(sB, beta)) @ Vt * (A - B)
    terms = float(np.sum(np.abs(hA)) + np.sum(np.abs(hB)) + np.sum(np.abs(lin)))
    # rounding-error scale of the three sums (measured: the actual error stays below 0.3 of this on random pairs)
    err = 4.0 * np.finfo(float).eps * (terms + float(np.sum(np.abs(A)) + np.sum(np.abs(B))))
    return float(np.sum(hA) - np.sum(hB) - np.sum(lin)), err


def _divergence_high_precision(A: np.ndarray, B: np.ndarray, beta: float, digits: int = 60) -> float:
    """D_φ(A, B) with every step at ``digits`` decimal digits (mpmath SVDs of the exact float inputs)."""
    import mpmath

    with mpmath.workdps(digits):
        b = mpmath.mpf(beta)

        def h(s):
            return s * mpmath.asinh(s / b) - mpmath.sqrt(s * s + b * b)

        Am = mpmath.matrix(A.tolist())
        Bm = mpmath.matrix(B.tolist())
        sA = mpmath.svd_r(Am, compute_uv=False)
        Ub, sBm, Vb = mpmath.svd_r(Bm, compute_uv=True)
        D = Am - Bm
        lin = mpmath.mpf(0)
        for i in range(len(sBm)):
            u = Ub[:, i]
            v = Vb[i, :]
            lin += mpmath.asinh(sBm[i] / b) * (u.T * D * v.T)[0, 0]
        val = sum(h(x) for x in sA) - sum(h(x) for x in sBm) - lin
        return float(val)


def bregman_divergence(X: ArrayLike, Y: ArrayLike, beta: float) -> float:
    """D_φ(X, Y) = φ(X) − φ(Y) − ⟨∇φ(Y), X − Y⟩ ≥ 0, accurate to a relative 1e-8 even when X ≈ Y.

    The float formula subtracts quantities of size |φ| to obtain a result of size ‖X − Y‖²: when its
    rounding-error bound is not below 1e-8 of the result (X and Y agree to ≳ 1e-4 relative), the same
    formula is evaluated at 60 significant digits on the exact float inputs (``mpmath``), so the answer
    is never negative and keeps ~8 correct digits. X = Y returns 0 exactly.
    """
    beta = check_beta("bregman_divergence", beta)
    A = as_matrix("bregman_divergence", "X", X)
    B = as_matrix("bregman_divergence", "Y", Y)
    if A.shape != B.shape:
        raise ValueError(f"bregman_divergence: X and Y must have the same shape; got {A.shape} and {B.shape}.")
    if np.array_equal(A, B):
        return 0.0
    value, err = _divergence_float(A, B, beta)
    if value > 1e8 * err:
        return value
    return max(_divergence_high_precision(A, B, beta), 0.0)


# -- the Bregman projection onto the nuclear ball ---------------------------------------------

def _dual_shift(y: np.ndarray, tau: float, beta: float, iterations: int) -> float:
    """The KKT multiplier ν ≥ 0 with Σ_i β sinh(max(y_i − ν, 0)) ≤ τ, tight unless ν = 0 (dual coordinates y ≥ 0).

    mass(ν) is continuous and decreasing; bisection on [0, max y] (mass(max y) = 0 ≤ τ). ``beta_sinh`` returns inf
    rather than overflowing, and inf > τ compares correctly, so huge y (e.g. after a huge step) are handled."""
    def mass(nu: float) -> float:
        with np.errstate(over="ignore"):
            return float(np.sum(_beta_sinh(np.maximum(y - nu, 0.0), beta)))

    if mass(0.0) <= tau:
        return 0.0
    lo, hi = 0.0, float(np.max(y))                    # mass(lo) > τ ≥ 0 = mass(hi)
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        if mass(mid) > tau:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-15 * max(1.0, hi):
            break
    return hi


def project_singular_values(sigma_tilde: ArrayLike, tau: float, beta: float, *,
                            iterations: int = 200) -> tuple[np.ndarray, float]:
    """Vector Bregman projection of σ̃ ≥ 0 onto {σ ≥ 0, Σσ ≤ τ}: returns (σ, ν).

    KKT [derived]: σ_i = β sinh(max(arcsinh(σ̃_i/β) − ν, 0)), ν ≥ 0, ν·(Σσ − τ) = 0. The map
    ν ↦ Σσ_i(ν) is continuous and decreasing, so bisection on ν ∈ [0, max arcsinh(σ̃/β)] finds the
    root; the returned ν is the upper end of the final bracket, so Σσ ≤ τ holds exactly in floats.
    """
    fn = "project_singular_values"
    beta = check_beta(fn, beta)
    tau = check_radius(fn, tau)
    iterations = check_integer(fn, "iterations", iterations)
    s = as_vector(fn, "sigma_tilde", sigma_tilde)
    if np.any(s < 0):
        raise ValueError(f"{fn}: sigma_tilde must be non-negative (singular values); got min {float(np.min(s))}.")
    if math.fsum(s) <= tau:
        return s.copy(), 0.0
    y = _asinh_ratio(s, beta)                         # dual coordinates of σ̃ (overflow-free)
    nu = _dual_shift(y, tau, beta, iterations)
    return _beta_sinh(np.maximum(y - nu, 0.0), beta), nu


def bregman_project_nuclear_ball(X_tilde: ArrayLike, tau: float, beta: float) -> np.ndarray:
    """argmin {D_φ(X, X̃) : ‖X‖_* ≤ τ} = U diag(project_singular_values(σ̃)) Vᵀ  [derived]."""
    fn = "bregman_project_nuclear_ball"
    beta = check_beta(fn, beta)
    tau = check_radius(fn, tau)
    U, s, Vt = _svd(fn, "X_tilde", as_matrix(fn, "X_tilde", X_tilde))
    sigma, _ = project_singular_values(s, tau, beta)
    return (U * sigma) @ Vt


def bregman_project_dual(Y: ArrayLike, tau: float, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """The projection in dual coordinates (one SVD): Y ↦ (X, ∇φ(X)) with X = Π(∇φ*(Y)).

    In dual coordinates the projection is a shift of the singular values,
    σ(Y) ↦ max(σ(Y) − ν, 0): this is what HPG runs every round. ν is found on the dual values
    directly (``_dual_shift``), so no β sinh σ(Y) is formed before the shift: any finite Y works.
    """
    fn = "bregman_project_dual"
    beta = check_beta(fn, beta)
    tau = check_radius(fn, tau)
    U, y, Vt = _svd(fn, "Y", as_matrix(fn, "Y", Y))
    nu = _dual_shift(y, tau, beta, 200)
    y_new = np.maximum(y - nu, 0.0)
    return (U * _beta_sinh(y_new, beta)) @ Vt, (U * y_new) @ Vt


def euclidean_project_nuclear_ball(X: ArrayLike, tau: float) -> np.ndarray:
    """argmin {‖Z − X‖_F : ‖Z‖_* ≤ τ} = U diag(max(σ − θ, 0)) Vᵀ, θ the ℓ1-ball threshold of σ [derived].

    The Frobenius norm is unitarily invariant, so (von Neumann) the projection keeps the singular vectors and
    projects σ onto {σ ≥ 0, Σσ ≤ τ}: θ = (Σ_{i≤ρ} σ_(i) − τ)/ρ with ρ the largest i with σ_(i) > θ_i. Feasible:
    the result is rescaled onto the sphere if rounding leaves Σσ above τ.
    """
    fn = "euclidean_project_nuclear_ball"
    tau = check_radius(fn, tau)
    A = as_matrix(fn, "X", X)
    U, s, Vt = _svd(fn, "X", A)
    if math.fsum(s) <= tau:
        return A.copy()
    css = np.cumsum(s)                                 # s is sorted descending
    ks = np.arange(1, s.size + 1)
    rho = int(np.nonzero(s * ks > css - tau)[0][-1]) if np.any(s * ks > css - tau) else 0
    theta = (css[rho] - tau) / (rho + 1.0)
    sigma = np.maximum(s - theta, 0.0)
    total = math.fsum(sigma)
    if total > tau:
        sigma *= tau / total
    if total == 0.0:                                   # rounding collapsed everything: put τ on σ_1
        sigma[0] = tau
    return (U * sigma) @ Vt


def projection_optimality_residual(X_star: ArrayLike, X_tilde: ArrayLike, tau: float, beta: float) -> dict[str, float]:
    """How far X* is from optimal for min {D_φ(X, X̃) : ‖X‖_* ≤ τ}.

    The problem is convex, so X* is optimal iff it is feasible and the variational inequality
    ⟨∇φ(X̃) − ∇φ(X*), X − X*⟩ ≤ 0 holds for every X in the ball; with G = ∇φ(X̃) − ∇φ(X*) the
    maximum over the ball of ⟨G, X⟩ is τ‖G‖_op, so the VI is ``vi = τ‖G‖_op − ⟨G, X*⟩ ≤ 0``.
    Returns ``{"infeasibility": max(‖X*‖_* − τ, 0), "vi": vi}`` (both ≤ tolerance at optimum).
    """
    fn = "projection_optimality_residual"
    beta = check_beta(fn, beta)
    tau = check_radius(fn, tau)
    A = as_matrix(fn, "X_star", X_star)
    B = as_matrix(fn, "X_tilde", X_tilde)
    if A.shape != B.shape:
        raise ValueError(f"{fn}: X_star and X_tilde must have the same shape; got {A.shape} and {B.shape}.")
    G = mirror_map(B, beta) - mirror_map(A, beta)
    vi = tau * operator_norm(G, fn=fn, arg="X_tilde") - float(np.sum(G * A))
    return {"infeasibility": max(nuclear_norm(A, fn=fn, arg="X_star") - tau, 0.0), "vi": vi}


# -- strong convexity ---------------------------------------------------------------------------

def strong_convexity_modulus(tau: float, beta: float, k: int, *, factor: float | None = None) -> float:
    """α = c/(τ + kβ): the modulus of φ_β on {‖X‖_* ≤ τ} w.r.t. ‖·‖_*, k = min(rows, cols), c = SPECTRAL_SC_FACTOR = 1.

    Proof: Theorem SC in the module header [derived]. With k = dimension this is also the vector case
    1/(D + kβ) w.r.t. ‖·‖₁ (Cauchy–Schwarz). ``factor`` overrides c (c > 0).
    """
    fn = "strong_convexity_modulus"
    tau = check_radius(fn, tau)
    beta = check_beta(fn, beta)
    k = check_integer(fn, "k", k, minimum=1)
    c = SPECTRAL_SC_FACTOR if factor is None else float(check_real(fn, "factor", factor, low=0, low_open=True))
    return c / (tau + k * beta)


def sc_dual_weight_bound(sigma: ArrayLike, beta: float) -> float:
    """L(σ) = Σ_i √(σ_i² + β²): Theorem SC says ⟨Δ, ∇²φ(X)Δ⟩ ≥ ‖Δ‖_*²/L(σ(X)) for every Δ.

    ``hessian_quadratic_form`` is the left side, so a Hypothesis search can try to break it
    (``tests/test_b_strong_convexity.py``).
    """
    fn = "sc_dual_weight_bound"
    beta = check_beta(fn, beta)
    s = as_vector(fn, "sigma", sigma)
    if np.any(s < 0):
        raise ValueError(f"{fn}: sigma must hold non-negative singular values; got min {float(np.min(s))}.")
    return float(np.sum(np.hypot(s, beta)))


def hessian_quadratic_form(X: ArrayLike, Delta: ArrayLike, beta: float) -> float:
    """⟨Δ, ∇²φ_β(X)Δ⟩ by the divided-difference formula (Lewis–Sendov, rectangular case) [derived].

    In the SVD basis (Δ̂ = UᵀΔV, X = U diag(σ) Vᵀ full, k ≤ n, h' = asinh(·/β)):
    Σ_i Δ̂_ii²/√(σ_i²+β²) + Σ_{i<j≤k} [A_ij (Δ̂_ij+Δ̂_ji)²/2 + B_ij (Δ̂_ij−Δ̂_ji)²/2] + Σ_{i≤k<j} (h'(σ_i)/σ_i) Δ̂_ij²,
    A_ij = (h'(σ_i) − h'(σ_j))/(σ_i − σ_j), B_ij = (h'(σ_i) + h'(σ_j))/(σ_i + σ_j) (limits 1/√(σ²+β²) at ties / 0).
    Second route: the finite difference of ``mirror_map`` along Δ (tests).
    """
    fn = "hessian_quadratic_form"
    beta = check_beta(fn, beta)
    A = as_matrix(fn, "X", X)
    D = as_matrix(fn, "Delta", Delta)
    if A.shape != D.shape:
        raise ValueError(f"{fn}: X and Delta must have the same shape; got {A.shape} and {D.shape}.")
    if A.shape[0] > A.shape[1]:
        A, D = A.T, D.T
    k = A.shape[0]
    U, s, Vt = np.linalg.svd(A, full_matrices=True)
    H = U.T @ D @ Vt.T
    g = np.hypot(s, beta)
    hp = _asinh_ratio(s, beta)

    def mean_inv_g(a: float, b: float, fa: float, fb: float, ga: float, gb: float) -> float:
        # (h'(a) − h'(b))/(a − b) = mean of 1/√(t²+β²) over [b, a]; its limit 1/√(a²+β²) when a ≈ b
        return (fa - fb) / (a - b) if abs(a - b) > 1e-9 * (abs(a) + abs(b) + beta) else 2.0 / (ga + gb)

    total = float(np.sum(np.diag(H)[:k] ** 2 / g))
    for i in range(k):
        for j in range(i + 1, k):
            Aij = mean_inv_g(s[i], s[j], hp[i], hp[j], g[i], g[j])
            Bij = mean_inv_g(s[i], -s[j], hp[i], -hp[j], g[i], g[j])
            total += 0.5 * Aij * (H[i, j] + H[j, i]) ** 2 + 0.5 * Bij * (H[i, j] - H[j, i]) ** 2
        w = hp[i] / s[i] if s[i] > 1e-12 * beta else 1.0 / beta
        total += w * float(np.sum(H[i, k:] ** 2))
    return total


def vector_strong_convexity_ratio(x: ArrayLike, y: ArrayLike, D: float, beta: float) -> float:
    """(D + kβ)·D_h(x, y) / (½‖x − y‖₁²): ≥ 1 for ‖x‖₁, ‖y‖₁ ≤ D by the Cauchy–Schwarz argument."""
    fn = "vector_strong_convexity_ratio"
    beta = check_beta(fn, beta)
    D = float(check_real(fn, "D", D, low=0, low_open=True))
    u = as_vector(fn, "x", x)
    v = as_vector(fn, "y", y, n=u.size)
    l1 = float(np.sum(np.abs(u - v)))
    if l1 == 0.0:
        raise ValueError(f"{fn}: x and y must differ (the ratio divides by ‖x − y‖₁²).")
    dh = float(np.sum(hypentropy_scalar(u, beta) - hypentropy_scalar(v, beta) - _asinh_ratio(v, beta) * (u - v)))
    value = (D + u.size * beta) * dh / (0.5 * l1 ** 2)
    if not math.isfinite(value):
        raise ValueError(f"{fn}: the ratio overflows float64; x, y or D is too large.")
    return value


def spectral_strong_convexity_ratio(X: ArrayLike, Y: ArrayLike, tau: float, beta: float) -> float:
    """(τ + kβ)·D_φ(X, Y) / (½‖X − Y‖_*²); the modulus c/(τ + kβ) holds on a pair iff this is ≥ c."""
    fn = "spectral_strong_convexity_ratio"
    tau = check_radius(fn, tau)
    beta = check_beta(fn, beta)
    A = as_matrix(fn, "X", X)
    B = as_matrix(fn, "Y", Y)
    if A.shape != B.shape:
        raise ValueError(f"{fn}: X and Y must have the same shape; got {A.shape} and {B.shape}.")
    nuc = nuclear_norm(A - B, fn=fn, arg="X − Y")
    if nuc == 0.0:
        raise ValueError(f"{fn}: X and Y must differ (the ratio divides by ‖X − Y‖_*²).")
    k = min(A.shape)
    with np.errstate(over="ignore"):
        value = (tau + k * beta) * bregman_divergence(A, B, beta) / (0.5 * nuc * nuc)
    if not math.isfinite(value) or not 0.0 < nuc * nuc < math.inf:
        raise ValueError(f"{fn}: the ratio is not a finite float64 (X − Y, tau or beta too extreme).")
    return float(value)


def hypentropy_range_on_nuclear_ball(tau: float, beta: float) -> float:
    """R = max_{‖U‖_* ≤ τ} D_φ(U, 0) = τ·arcsinh(τ/β) − √(τ² + β²) + β  [derived].

    D_φ(U, 0) = Σ_i [h(σ_i) − h(0)] (∇φ(0) = 0) is a sum of a convex increasing function of each σ_i,
    so over the simplex-like set {σ ≥ 0, Σσ ≤ τ} its maximum sits at a vertex σ = τ e_1.
    Computed as τ·asinh(τ/β) − τ·τ/(√(τ² + β²) + β) (the same number: √(τ²+β²) − β = τ²/(√(τ²+β²) + β)),
    which neither cancels when τ ≪ β nor overflows when τ² would.
    """
    tau = check_radius("hypentropy_range_on_nuclear_ball", tau)
    beta = check_beta("hypentropy_range_on_nuclear_ball", beta)
    asinh = float(_asinh_ratio(np.array([tau]), beta)[0])
    return tau * asinh - tau * (tau / (math.hypot(tau, beta) + beta))
