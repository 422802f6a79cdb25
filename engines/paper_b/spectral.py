"""Thin-SVD kernels of the efficient HPG: the dual shift ν in closed form, Brand's low-rank update, re-factorisation.

Main statements
---------------
* ``dual_shift(y, tau, beta)`` [derived]: the KKT multiplier ν of the Bregman projection onto the nuclear ball in
  dual coordinates (``reference.embedding_routing.hypentropy.project_singular_values`` finds it by bisection). For
  dual singular values y₁ ≥ … ≥ y_r > 0 the projected primal mass is
  m(ν) = β Σ_i sinh(max(y_i − ν, 0)), continuous and strictly decreasing on [0, y₁]. On the piece where exactly
  the k largest are active (y_{k+1} ≤ ν < y_k) it is (β/2)(A_k e^{−ν} − B_k e^{ν}) with A_k = Σ_{i≤k} e^{y_i},
  B_k = Σ_{i≤k} e^{−y_i}, so m(ν) = τ is the quadratic B_k w² + (2τ/β) w − A_k = 0 in w = e^ν, whose positive root
  w = A_k / (τ/β + √((τ/β)² + A_k B_k)) is computed without cancellation (shifted by y₁ against overflow). The k
  whose root lies in its own piece is the answer (unique, because m is strictly decreasing). ν = 0 when
  m(0) ≤ τ. The returned ν is moved up (Newton steps on the excess, rounded upwards) until m(ν) ≤ τ holds in
  floats, as the reference's bisection guarantees. Second route: the reference's bisection
  (``tests/test_engines_paper_b.py``).
* ``brand_update(U, y, V, A, B)`` [derived; the method of M. Brand, "Fast low-rank modifications of the thin
  singular value decomposition", Linear Algebra Appl. 415 (2006)]: the thin SVD of U diag(y) Vᵀ + A Bᵀ from that of
  U diag(y) Vᵀ. With P = Uᵀ A, A⊥ = A − U P = Q_A R_A (Gram–Schmidt run twice; for k > 1 a rank-revealing
  SVD of A⊥ gives Q_A, R_A with at most p − r columns), and likewise Q = Vᵀ B,
  B⊥ = Q_B R_B,  U diag(y) Vᵀ + A Bᵀ = [U Q_A] K [V Q_B]ᵀ with the small core
  K = [[diag(y) + P Qᵀ, P R_Bᵀ], [R_A Qᵀ, R_A R_Bᵀ]] ((r+k)×(r+k)); the SVD K = U_K S V_Kᵀ gives the factors
  [U Q_A] U_K, S, [V Q_B] V_K. Cost O((d + dM)(r + k)² + (r + k)³) for a d × dM matrix of rank r.
* ``refactor(U, y, V)``: QR of U and V, SVD of the r × r core R_U diag(y) R_Vᵀ: the same matrix with
  orthonormal factors again (undoes the drift of Brand updates; O((d + dM) r² + r³)).

Implementation notes: singular values at or below ``rank_tolerance`` (64·eps·(r + k)·max y) are dropped after an
update: they are zero up to rounding (the SVD of K is backward stable: each singular value is exact to
eps·‖K‖·O(r + k)), and a dual value y contributes β sinh(y) ≤ β·y·(1 + y²) to Θ, so dropping them moves Θ by
at most about β·64·eps·(r+k)·y₁. A column of A⊥ of norm ≤ 64·eps·‖A‖ (the vector lies in span U up to
rounding) is set to zero rather than normalised, so rounding noise never enters the basis.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["dual_shift", "brand_update", "refactor", "check_dual_range", "DUAL_RANGE"]

_EPS = float(np.finfo(float).eps)


def _rank_tolerance(y: np.ndarray, size: int) -> float:
    """Singular values ≤ this are rounding noise: 64·eps·size·max(y) (0 for an empty y)."""
    return 64.0 * _EPS * max(size, 1) * (float(np.max(y)) if y.size else 0.0)


def _mass(y: np.ndarray, nu: float, beta: float) -> float:
    with np.errstate(over="ignore"):                 # an overflowing mass is +inf: the ball is active
        return float(np.sum(beta * np.sinh(np.maximum(y - nu, 0.0))))


def dual_shift(y: np.ndarray, tau: float, beta: float) -> float:
    """ν ≥ 0 with β Σ sinh(max(y_i − ν, 0)) = τ (or ν = 0 if that sum at 0 is ≤ τ), in closed form [derived].

    ``y`` holds the dual singular values (non-negative, any order). Validation: ``dual_shift: `` messages.
    """
    fn = "dual_shift"
    for name, v in (("tau", tau), ("beta", beta)):
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise TypeError(f"{fn}: {name} must be a real number; got {type(v).__name__}.")
        if not math.isfinite(float(v)) or float(v) <= 0:
            raise ValueError(f"{fn}: {name} must be a finite positive number; got {v!r}.")
    arr = np.asarray(y)
    if arr.dtype.kind not in "fiu" or arr.ndim != 1:
        raise ValueError(f"{fn}: y must be a 1-d array of real numbers; got dtype {arr.dtype} and shape {arr.shape}.")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{fn}: y must hold finite non-negative dual singular values.")
    with np.errstate(over="ignore"):
        if arr.size and not math.isfinite(_mass(arr, 0.0, float(beta))):
            raise ValueError(f"{fn}: beta·Σ sinh(y) overflows float64 (beta={beta!r}, max y={float(arr.max())!r}); "
                             "this engine works in primal singular values — use the reference projection.")
    return _dual_shift(arr, float(tau), float(beta))


#: Largest dual singular value whose primal value β·sinh(y) the engines keep in float64 (sinh overflows at ~710).
DUAL_RANGE = 700.0


def check_dual_range(fn: str, eta: float, tau: float, beta: float, psi_max: float) -> None:
    """Raise unless every dual singular value the engines meet stays ≤ ``DUAL_RANGE`` [derived].

    After a projection the dual values are ≤ asinh(τ/β) (β sinh y ≤ τ); one step adds ≤ ‖ηĜ‖_op ≤ 2η·max(Ψ, 1)
    (‖e_m − π‖₂ ≤ √2, rewards in [0, 1]). The reference HPG, which works in dual coordinates, has no such limit.
    """
    reach = math.asinh(tau / beta) + 2.0 * eta * max(psi_max, 1.0)
    if not reach <= DUAL_RANGE:
        raise ValueError(f"{fn}: eta={eta!r} is too large for this engine: a step can take a dual singular value to "
                         f"{reach:.3g} > {DUAL_RANGE:g}, where sinh overflows float64; use the reference "
                         "reference.embedding_routing.HPG (dual coordinates) for such step sizes.")


def _dual_shift(y: np.ndarray, tau: float, beta: float) -> float:
    """``dual_shift`` without validation (the engines' inner loop)."""
    if y.size == 0 or _mass(y, 0.0, beta) <= tau:
        return 0.0
    ys = np.sort(y)[::-1]
    top = float(ys[0])
    a = tau / beta
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        A = np.cumsum(np.exp(ys - top))              # A_k e^{−top}
        Bk = np.cumsum(np.exp(top - ys))             # B_k e^{top}
        w = A / (a + np.sqrt(a * a + A * Bk))        # e^{ν − top}, one root per active count k
        nus = top + np.log(w)
    below = np.append(ys[1:], 0.0)
    ok = np.nonzero((nus >= below) & (nus <= ys) & np.isfinite(nus))[0]
    if ok.size == 0:                                 # only at overflow: the reference's bisection decides
        from reference.embedding_routing.hypentropy import project_singular_values  # noqa: PLC0415

        return float(project_singular_values(beta * np.sinh(y), tau, beta)[1])
    nu = max(float(nus[ok[0]]), 0.0)
    for _ in range(16):                              # Σσ ≤ τ in floats, as the reference guarantees:
        excess = _mass(y, nu, beta) - tau            # a Newton step on the excess, rounded upwards
        if excess <= 0:
            break
        slope = float(np.sum(beta * np.cosh(y - nu) * (y > nu)))
        nu = float(np.nextafter(nu + excess / slope, np.inf))
    return nu


def _orth_complement(basis: np.ndarray, A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(P, Q, R) with A = basis·P + Q·R, Q orthonormal columns ⟂ basis (or zero columns where A ⊂ span basis)."""
    P = basis.T @ A
    W = A - basis @ P
    P2 = basis.T @ W                                  # Gram–Schmidt twice ("twice is enough")
    W -= basis @ P2
    P += P2
    scale = float(np.linalg.norm(A))
    room = basis.shape[0] - basis.shape[1]            # dimension of the orthogonal complement of span(basis)
    if A.shape[1] == 1:
        rho = float(np.linalg.norm(W))
        if room <= 0 or rho <= 64.0 * _EPS * scale:
            return P, np.zeros_like(W), np.zeros((1, 1))
        return P, W / rho, np.array([[rho]])
    Qw, sw, Zt = np.linalg.svd(W, full_matrices=False)  # rank-revealing, unlike QR without pivoting
    keep = np.nonzero(sw > 64.0 * _EPS * scale)[0][:max(room, 0)]
    return P, Qw[:, keep], sw[keep, None] * Zt[keep]


def _brand_update(U: np.ndarray, y: np.ndarray, V: np.ndarray, A: np.ndarray,
                  B: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thin SVD (U', y', V') of U diag(y) Vᵀ + A Bᵀ (Brand 2006), noise-level singular values dropped.

    Shapes: U (p, r), y (r,), V (q, r) with orthonormal columns; A (p, k), B (q, k). No validation (engine kernel).
    """
    P, QA, RA = _orth_complement(U, A)
    Qb, QB, RB = _orth_complement(V, B)
    r, ka, kb = y.size, RA.shape[0], RB.shape[0]
    K = np.empty((r + ka, r + kb))
    K[:r, :r] = P @ Qb.T
    K[:r, :r][np.diag_indices(r)] += y
    K[:r, r:] = P @ RB.T
    K[r:, :r] = RA @ Qb.T
    K[r:, r:] = RA @ RB.T
    UK, s, VKt = np.linalg.svd(K, full_matrices=False)
    keep = s > _rank_tolerance(s, r + max(ka, kb))
    U_new = np.hstack([U, QA]) @ UK[:, keep]
    V_new = np.hstack([V, QB]) @ VKt[keep].T
    return U_new, s[keep], V_new


def _refactor(U: np.ndarray, y: np.ndarray, V: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The thin SVD of U diag(y) Vᵀ recomputed through QR of both factors (orthonormal again to eps)."""
    if y.size == 0:
        return U, y, V
    QU, RU = np.linalg.qr(U)
    QV, RV = np.linalg.qr(V)
    Uc, s, Vct = np.linalg.svd((RU * y) @ RV.T, full_matrices=False)
    keep = s > _rank_tolerance(s, y.size)
    return QU @ Uc[:, keep], s[keep], QV @ Vct[keep].T


def _factors(fn: str, U: object, y: object, V: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate a thin SVD (U, y, V): finite, shapes (p, r), (r,), (q, r), y ≥ 0, U and V orthonormal to 1e-8."""
    arrays = []
    for name, X, ndim in (("U", U, 2), ("y", y, 1), ("V", V, 2)):
        A = np.asarray(X)
        if A.dtype.kind not in "fiu" or A.ndim != ndim:
            raise ValueError(f"{fn}: {name} must be a real {ndim}-d array; got dtype {A.dtype}, shape {A.shape}.")
        A = A.astype(float)
        if not np.all(np.isfinite(A)):
            raise ValueError(f"{fn}: {name} must contain only finite numbers.")
        arrays.append(A)
    Um, yv, Vm = arrays
    r = yv.size
    if Um.shape[1] != r or Vm.shape[1] != r or r > min(Um.shape[0], Vm.shape[0]):
        raise ValueError(f"{fn}: U, y, V must have shapes (p, r), (r,), (q, r) with r ≤ min(p, q); "
                         f"got {Um.shape}, {yv.shape}, {Vm.shape}.")
    if np.any(yv < 0):
        raise ValueError(f"{fn}: y must be non-negative (singular values).")
    for name, X in (("U", Um), ("V", Vm)):
        if r and np.abs(X.T @ X - np.eye(r)).max() > 1e-8:
            raise ValueError(f"{fn}: {name} must have orthonormal columns (|{name}ᵀ{name} − I| ≤ 1e-8).")
    return Um, yv, Vm


def brand_update(U: object, y: object, V: object, A: object, B: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thin SVD (U', y', V') of U diag(y) Vᵀ + A Bᵀ (Brand 2006), noise-level singular values dropped.

    Shapes: U (p, r), y (r,), V (q, r) with orthonormal columns; A (p, k), B (q, k). Messages ``brand_update: ``.
    """
    fn = "brand_update"
    Um, yv, Vm = _factors(fn, U, y, V)
    mats = []
    for name, X, rows in (("A", A, Um.shape[0]), ("B", B, Vm.shape[0])):
        M = np.asarray(X)
        if M.dtype.kind not in "fiu" or M.ndim != 2 or M.shape[0] != rows or M.shape[1] < 1:
            raise ValueError(f"{fn}: {name} must be a real 2-d array with {rows} rows and k ≥ 1 columns; "
                             f"got dtype {M.dtype}, shape {M.shape}.")
        M = M.astype(float)
        if not np.all(np.isfinite(M)):
            raise ValueError(f"{fn}: {name} must contain only finite numbers.")
        mats.append(M)
    if mats[0].shape[1] != mats[1].shape[1]:
        raise ValueError(f"{fn}: A and B must have the same number of columns; got {mats[0].shape[1]} and "
                         f"{mats[1].shape[1]}.")
    return _brand_update(Um, yv, Vm, mats[0], mats[1])


def refactor(U: object, y: object, V: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The thin SVD of U diag(y) Vᵀ recomputed through QR of both factors (messages ``refactor: ``)."""
    Um, yv, Vm = _factors("refactor", U, y, V)
    return _refactor(Um, yv, Vm)
