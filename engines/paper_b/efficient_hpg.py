"""Efficient HPG: the reference's Hypentropy Policy Gradient with a thin SVD updated by rank-one steps.

Paper B (arXiv 2606.14929) claims "a computationally efficient ... implementation of HPG" with per-round cost
O(d_q² M) [seed, abstract; the algorithm box is lost]. This module is our implementation of that claim [ours];
the readable ``reference.embedding_routing.hpg.HPG`` stays the oracle, and the trajectory oracle
(``certificates.oracle``, entry ``HPG``) certifies that both produce the same policies and iterates.

Main statements
---------------
* The iterates. HPG keeps the dual matrix Y_t = ∇φ_β(Θ_t) ∈ R^{d×dM}; a round adds ηĜ_t with
  Ĝ_t = cᵀ ⊗ Ψ(x_t), c = r_t(m_t)(e_{m_t} − π_t), and projects: with Ỹ = U diag(ỹ) Vᵀ, Y_{t+1} =
  U diag(max(ỹ − ν, 0)) Vᵀ and Θ_{t+1} = U diag(β sinh(max(ỹ − ν, 0))) Vᵀ (``hypentropy.bregman_project_dual``).
  Θ and Y share their singular vectors, so one thin SVD (U, y, V) of Y describes both.
* Rank-one features [derived]. For Ψ = x xᵀ, Ĝ_t = x ⊗ [c_1 xᵀ, …, c_M xᵀ] = a bᵀ with a = x,
  b = (c ⊗ x) ∈ R^{dM}: one rank-one update of (U, y, V) by Brand's method (``spectral.brand_update``), then the
  projection acts on the singular values only (ν by ``spectral.dual_shift``, in closed form), and the values that
  hit 0 are dropped. The logits need only z_m = xᵀ Θ_m x = (Uᵀx)ᵀ diag(σ) (V_mᵀ x), V_m the rows m·d…(m+1)d − 1
  of V. Cost per round with r kept singular values: O(dM r) (logits, projections onto the factors)
  + O((d + dM)(r + 1)² + (r + 1)³) (core SVD and rotation) + O(d²) (checking Ψ = x xᵀ). The rank r is at most
  d, and at most the dimension of span{x_s : s ≤ t} (queries in an s-dimensional subspace keep r ≤ s). So the
  cost is O(d²M) whenever r = O(√d), and O(d³M) — the order of the dense SVD, with a smaller constant — when
  r grows to d (``benchmarks/bench_efficient_hpg.py`` measures both).
* Other features (the slower, correct path). Ψ = Σ_l s_l a_l b_lᵀ (its SVD) gives Ĝ_t = A Bᵀ with A = [s_l a_l],
  B = [c ⊗ b_l]: one block update of rank rank(Ψ); logits z_m = Σ_k σ_k Σ_j (ΨᵀU)_{jk} (V_m)_{jk}.
* Re-factorisation every K rounds (``refactor_every``): QR of both factors and an SVD of the r × r core
  (``spectral.refactor``), which resets the loss of orthogonality of U and V.

Accuracy argument
-----------------
(i) One round is backward stable, like the reference's. Gram–Schmidt run twice makes [U Q_A], [V Q_B]
orthonormal to O((r + 1)·eps) relative to the drift ω already in U, V; the core SVD is backward stable
(LAPACK); products with orthogonal matrices add O((r + 1)·eps). So the new factors are the exact thin SVD of
Ỹ + E with ‖E‖_F ≤ c·(ω + (r + 1)·eps)·‖Ỹ‖_F, and ω grows by O((r + 1)·eps) per round until the next
re-factorisation resets it: ω ≤ c·K·(r + 1)·eps. The reference's LAPACK SVD has ‖E‖ ≤ c·eps·‖Ỹ‖.
(ii) The projection is well conditioned in the singular values: by Weyl, σ_i moves by ≤ ‖E‖_op; differentiating
β Σ sinh(y_i − ν) = τ gives ∂ν/∂y_i = cosh(y_i − ν)/Σ_active cosh(y_j − ν) ∈ [0, 1] with Σ_i ∂ν/∂y_i = 1, so
|Δν| ≤ max_i |Δy_i|; the closed-form ν of ``dual_shift`` agrees with the reference's bisection to a few ulps
of ν (tested). For fixed ν the map Y ↦ U max(y − ν, 0) Vᵀ is the proximal map of ν‖·‖_* (1-Lipschitz in
Frobenius norm), so a perturbation E of Ỹ moves Y_{t+1} by ≤ ‖E‖_F + √r·|Δν|. Singular values dropped as
rounding noise (≤ 64·eps·(r + 1)·max y) move Θ by ≤ β·sinh of that.
(iii) Across rounds, a difference δ_t between the two iterates changes π_t by ≤ ‖Ψ‖_*·max_m ‖Θ_m − Θ'_m‖_op
(softmax is 1-Lipschitz from ℓ∞ logits to ℓ1) and hence Ĝ_t by ≤ 2η‖Ψ‖_op‖Ψ‖_*·δ_t; we have no a-priori bound on
the amplification over T rounds that is better than exponential, so the agreement over T rounds is a
*measured* claim: the trajectory oracle compares π_t every round and Θ_t after every update within its named
router tolerance (1e-10 + 1e-7·max|ref|) for T = 2000 rounds at d ≤ 8 and T = 300 at d = 64 in
``tests/test_engines_paper_b.py``, and T = 2000 at d = 64 in ``benchmarks/bench_efficient_hpg.py``, which
prints the largest differences seen along a replay (measured: |Δπ| ≤ 1.1e-16, |ΔΘ| ≤ 2.7e-16 over T = 2000 at
d = 64 — the rounding of (i)–(ii), not growing with T). Findings: docs/findings.md, "Paper B efficient HPG:
per-round cost".

Notation
--------
=========  ====================  ===================================================
symbol     Python                meaning
=========  ====================  ===================================================
U, V       ``U``, ``V``          orthonormal singular vectors of Y (d × r, dM × r)
y          ``y``                 dual singular values (> 0), Y = U diag(y) Vᵀ
σ          ``sigma``             β sinh(y): singular values of Θ = U diag(σ) Vᵀ
r          ``rank``              number of kept singular values
K          ``refactor_every``    rounds between re-factorisations
=========  ====================  ===================================================

References: paper B, arXiv 2606.14929 (abstract); M. Brand, "Fast low-rank modifications of the thin singular
value decomposition", Linear Algebra Appl. 415 (2006) 20–30.
"""

from __future__ import annotations

import math

import numpy as np

from engines.paper_b import spectral as sp
from reference.embedding_routing import hpg as ref_hpg

__all__ = ["EfficientHPG", "FEATURE_MODES"]

#: ``features`` modes: "auto" uses the rank-one path exactly when Ψ == x xᵀ entrywise (checked each round),
#: "general" always uses the SVD of Ψ.
FEATURE_MODES = ("auto", "general")


def _renamed(exc: Exception, fn: str) -> Exception:
    """The reference constructor's message, under this class's name."""
    text = str(exc)
    text = text.split(": ", 1)[1] if ": " in text else text
    return type(exc)(f"{fn}: {text}")


class EfficientHPG:
    """HPG with a thin SVD of the dual iterate updated by low-rank steps [ours]; same arguments as ``HPG``.

    ``refactor_every`` = K (rounds between exact re-factorisations), ``features`` in ``FEATURE_MODES``.
    Parameters β and η (and their defaults) come from the reference ``HPG`` constructor, so they cannot drift.
    """

    def __init__(self, d: int, M: int, T: int, tau: float, *, beta: float | None = None, eta: float | None = None,
                 psi_max: float = 1.0, refactor_every: int = 50, features: str = "auto") -> None:
        fn = "EfficientHPG"
        try:
            ref = ref_hpg.HPG(d, M, T, tau, beta=beta, eta=eta, psi_max=psi_max)
        except (TypeError, ValueError) as exc:
            raise _renamed(exc, fn) from None
        if isinstance(refactor_every, bool) or not isinstance(refactor_every, (int, np.integer)) or refactor_every < 1:
            raise ValueError(f"{fn}: refactor_every must be a positive integer; got {refactor_every!r}.")
        if features not in FEATURE_MODES:
            raise ValueError(f"{fn}: features must be one of {FEATURE_MODES}; got {features!r}.")
        sp.check_dual_range(fn, ref.eta, ref.tau, ref.beta, psi_max)
        self.d, self.M, self.tau, self.beta, self.eta = ref.d, ref.M, ref.tau, ref.beta, ref.eta
        self.refactor_every, self.features = int(refactor_every), features
        self.U = np.zeros((self.d, 0))
        self.y = np.zeros(0)
        self.V = np.zeros((self.d * self.M, 0))
        self.sigma = np.zeros(0)
        self.rounds = 0
        self._pi: np.ndarray | None = None

    # -- views ----------------------------------------------------------------------------------
    @property
    def rank(self) -> int:
        """r, the number of singular values kept."""
        return int(self.y.size)

    @property
    def theta(self) -> np.ndarray:
        """Θ_t = U diag(σ) Vᵀ (d × dM; materialised on access, O(d²M r))."""
        return (self.U * self.sigma) @ self.V.T

    @property
    def Y(self) -> np.ndarray:
        """The dual iterate U diag(y) Vᵀ (materialised on access)."""
        return (self.U * self.y) @ self.V.T

    # -- the router protocol ----------------------------------------------------------------------
    def _inputs(self, fn: str, x: np.ndarray, Psi: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
        xv = np.asarray(x, dtype=float)
        F = np.asarray(Psi, dtype=float)
        if xv.shape != (self.d,) or F.shape != (self.d, self.d):
            raise ValueError(f"{fn}: x must have shape ({self.d},) and Psi shape ({self.d}, {self.d}); "
                             f"got {xv.shape} and {F.shape}.")
        if not (np.all(np.isfinite(xv)) and np.all(np.isfinite(F))):
            raise ValueError(f"{fn}: x and Psi must contain only finite numbers.")
        rank_one = self.features == "auto" and np.array_equal(F, np.multiply.outer(xv, xv))
        return xv, F, rank_one

    def logits(self, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """z_m = ⟨Θ_m, Ψ⟩ from the factors (O(dMr), plus O(d²r) unless Ψ = x xᵀ)."""
        xv, F, rank_one = self._inputs("EfficientHPG.logits", x, Psi)
        Vb = self.V.reshape(self.M, self.d, self.rank)
        if rank_one:
            return np.einsum("mjk,j->mk", Vb, xv) @ (self.sigma * (self.U.T @ xv))
        return np.einsum("mjk,jk->m", Vb, (F.T @ self.U) * self.sigma)

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """π_t = softmax(z) (the same arithmetic as ``policies.softmax``)."""
        z = self.logits(x, Psi)
        e = np.exp(z - np.max(z))
        self._pi = e / np.sum(e)
        return self._pi

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """REINFORCE coefficients c = r(e_m − π), then ``step_factored`` with Ĝ = cᵀ ⊗ Ψ."""
        fn = "EfficientHPG.update"
        if self._pi is None:
            raise RuntimeError(f"{fn}: call distribution(t, x, Psi) first; no policy was played.")
        if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or not 0 <= m < self.M:
            raise ValueError(f"{fn}: m must be an expert index in 0..{self.M - 1}; got {m!r}.")
        if isinstance(reward, bool) or not isinstance(reward, (int, float, np.integer, np.floating)) \
                or not math.isfinite(float(reward)):
            raise ValueError(f"{fn}: reward must be a finite real number; got {reward!r}.")
        xv, F, rank_one = self._inputs(fn, x, Psi)
        e = np.zeros(self.M)
        e[int(m)] = 1.0
        c = float(reward) * (e - self._pi)
        if rank_one:
            A, B = xv[:, None], (self.eta * np.multiply.outer(c, xv)).reshape(-1, 1)
        else:
            A, B = self._feature_factors(F, c)
        self.step_factored(A, B)

    def _feature_factors(self, F: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """η cᵀ ⊗ Ψ = A Bᵀ from the SVD Ψ = Σ s_l a_l b_lᵀ (nonzero s_l only)."""
        a, s, bt = np.linalg.svd(F)
        keep = s > sp._rank_tolerance(s, s.size)
        A = a[:, keep] * s[keep]
        B = (self.eta * c[:, None, None] * bt[keep].T[None, :, :]).reshape(self.M * self.d, int(keep.sum()))
        return A, B

    def step(self, G: np.ndarray) -> None:
        """One OMD step on an arbitrary gradient G (d × dM), through its SVD (the slow general path)."""
        Gm = np.asarray(G, dtype=float)
        if Gm.shape != (self.d, self.d * self.M) or not np.all(np.isfinite(Gm)):
            raise ValueError(f"EfficientHPG.step: G must be a finite ({self.d}, {self.d * self.M}) matrix; "
                             f"got shape {Gm.shape}.")
        a, s, bt = np.linalg.svd(Gm, full_matrices=False)
        keep = s > sp._rank_tolerance(s, s.size)
        self.step_factored(a[:, keep] * s[keep], self.eta * bt[keep].T)

    def step_factored(self, A: np.ndarray, B: np.ndarray) -> None:
        """Ỹ = Y + A Bᵀ (η already in B) by a Brand update, then the projection on the singular values."""
        U, yt, V = sp._brand_update(self.U, self.y, self.V, A, B)
        nu = sp._dual_shift(yt, self.tau, self.beta)
        y_new = yt - nu
        keep = y_new > 0.0
        self.U, self.y, self.V = U[:, keep], y_new[keep], V[:, keep]
        self.rounds += 1
        if self.rounds % self.refactor_every == 0:
            self.U, self.y, self.V = sp._refactor(self.U, self.y, self.V)
        self.sigma = self.beta * np.sinh(self.y)
