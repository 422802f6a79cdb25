"""Fast versions of paper B's Bregman projection and of HPG, checked by the correctness oracle (a worked example).

Paper B: Dai, Golrezaei & Jaillet, arXiv 2606.14929. The references are
``reference.embedding_routing.hypentropy.bregman_project_nuclear_ball`` and
``reference.embedding_routing.hpg.HPG``. The projection spends most of its time in a *bisection* for
the dual shift ν (about 50 Python iterations per call). Here ν is solved in closed form:

* With y_i = arcsinh(σ̃_i/β) the dual coordinates, the projection is σ_i = β sinh(max(y_i − ν, 0)) with
  Σ σ_i = τ (when ‖X̃‖_* > τ). On a fixed active set A = {i : y_i > ν} the equation
  (β/2) Σ_A (e^{y_i − ν} − e^{ν − y_i}) = τ is a quadratic in z = e^{ν − c} (c = max y):
  B z² + (2τ/β) z − A = 0 with A = Σ_A e^{y_i − c}, B = Σ_A e^{c − y_i}, whose positive root is
  z = A / (τ/β + √((τ/β)² + AB)) (the form without cancellation).
* The active set: sort y in decreasing order; the mass at the breakpoint ν = y_(j),
  β Σ_{i<j} sinh(y_(i) − y_(j)), is non-decreasing in j, and A is the top j* entries where j* is the
  number of breakpoints with mass < τ. Two cumulative sums: O(d log d), no iteration.

``bregman_project_nuclear_ball(X, tau, beta, method="svd")`` takes the reference's arguments. The
default ``method="svd"`` keeps the reference's thin SVD; ``method="gram"`` uses the eigendecomposition of
the small Gram matrix X Xᵀ instead (cheaper for wide matrices, but σ = √λ loses half the digits of
small singular values: see ``examples/README.md`` for what the oracle says about it).

``FastHPG`` has HPG's constructor and methods (``distribution``, ``update``, ``step``, attributes
``theta``, ``Y``, ``eta``, ``beta``, ``tau``) and runs the same recursion with the closed-form shift,
inlined REINFORCE gradients, no per-round validation and (default ``method="hybrid"``) the d × d Gram
matrix instead of the thin SVD of the d × dM dual point in rounds where the projection is inactive: there
Θ = U diag(β sinh(s)/s) Uᵀ Ỹ is an analytic function of ỸỸᵀ, so nothing is lost to σ = √λ.

Check them (from the repository root)::

    python -m certificates oracle bregman_project_nuclear_ball examples.fast_paper_b:bregman_project_nuclear_ball
    python -m certificates oracle HPG examples.fast_paper_b:FastHPG

Run ``python examples/fast_paper_b.py`` for a timing comparison with the reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np

from reference.embedding_routing import bounds as bd

__all__ = ["dual_shift", "project_singular_values", "bregman_project_nuclear_ball", "bregman_project_dual",
           "gram_project_dual", "FastHPG", "timing_table"]


# --------------------------------------------------------------------------------------------
# the dual shift ν in closed form
# --------------------------------------------------------------------------------------------
def dual_shift(y: np.ndarray, tau: float, beta: float) -> float:
    """ν ≥ 0 with β Σ sinh(max(y_i − ν, 0)) = τ, for dual coordinates y ≥ 0 whose mass β Σ sinh(y_i) > τ."""
    ys = np.sort(np.asarray(y, dtype=float))[::-1]
    c = ys[0]
    up = np.exp(ys - c)                                   # e^{y_i − c} ≤ 1
    with np.errstate(over="ignore", invalid="ignore"):
        down = np.exp(c - ys)                             # e^{c − y_i} ≥ 1 (inf only for hopeless entries)
        a_cum, b_cum = np.cumsum(up), np.cumsum(down)
        # mass at the breakpoint ν = y_(j): (β/2) Σ_{i<j} (e^{y_i − y_j} − e^{y_j − y_i})
        mass = 0.5 * beta * (down[1:] * a_cum[:-1] - up[1:] * b_cum[:-1])
    j = 1 + int(np.count_nonzero(mass < tau))             # the active set is the top j entries
    a, b = a_cum[j - 1], b_cum[j - 1]
    r = tau / beta
    nu = c + np.log(a) - np.log(r + np.sqrt(r * r + a * b))  # ν = c + log z, z the positive root
    low = ys[j] if j < ys.size else 0.0
    return float(min(max(nu, low, 0.0), ys[j - 1]))        # rounding cannot leave the bracket


def project_singular_values(sigma_tilde: Any, tau: float, beta: float) -> tuple[np.ndarray, float]:
    """(σ, ν): σ_i = β sinh(max(arcsinh(σ̃_i/β) − ν, 0)) with Σ σ = τ, or (σ̃, 0) if Σ σ̃ ≤ τ already."""
    s = np.asarray(sigma_tilde, dtype=float)
    if s.sum() <= tau:
        return s.copy(), 0.0
    y = np.arcsinh(s / beta)                              # dual coordinates of σ̃
    nu = dual_shift(y, tau, beta)
    return beta * np.sinh(np.maximum(y - nu, 0.0)), nu


# --------------------------------------------------------------------------------------------
# the Bregman projection onto the nuclear ball
# --------------------------------------------------------------------------------------------
def _gram_projection(A: np.ndarray, tau: float, beta: float) -> np.ndarray:
    """U diag(σ_new/σ) Uᵀ A from the eigendecomposition of the smaller Gram matrix (σ = √λ)."""
    wide = A.shape[0] <= A.shape[1]
    lam, U = np.linalg.eigh(A @ A.T if wide else A.T @ A)
    s = np.sqrt(np.maximum(lam, 0.0))
    if s.sum() <= tau:
        return A.copy()
    sigma, _ = project_singular_values(s, tau, beta)
    ratio = np.divide(sigma, s, out=np.zeros_like(s), where=s > 0)
    W = (U * ratio) @ U.T
    return W @ A if wide else A @ W


def bregman_project_nuclear_ball(X_tilde: Any, tau: float, beta: float, *, method: str = "svd") -> np.ndarray:
    """argmin {D_φ(X, X̃) : ‖X‖_* ≤ τ} = U diag(σ) Vᵀ with σ from ``project_singular_values`` (no validation).

    ``method="svd"`` (default): thin SVD of X̃; ``method="gram"``: eigendecomposition of X̃X̃ᵀ (or X̃ᵀX̃).
    """
    A = np.asarray(X_tilde, dtype=float)
    tau, beta = float(tau), float(beta)
    if method == "gram":
        return _gram_projection(A, tau, beta)
    if method != "svd":
        raise ValueError(f"bregman_project_nuclear_ball: method must be 'svd' or 'gram'; got {method!r}.")
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    if s.sum() <= tau:
        return A.copy()
    sigma, _ = project_singular_values(s, tau, beta)
    return (U * sigma) @ Vt


def bregman_project_dual(Y: Any, tau: float, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """Y ↦ (X, ∇φ(X)) with X = Π(∇φ*(Y)): one thin SVD, σ(Y) ↦ max(σ(Y) − ν, 0) (as the reference)."""
    U, y, Vt = np.linalg.svd(np.asarray(Y, dtype=float), full_matrices=False)
    primal = beta * np.sinh(y)
    nu = 0.0 if primal.sum() <= tau else dual_shift(np.arcsinh(primal / beta), tau, beta)
    shifted = np.maximum(y - nu, 0.0)
    return (U * (beta * np.sinh(shifted))) @ Vt, (U * shifted) @ Vt


# --------------------------------------------------------------------------------------------
# HPG with the closed-form shift
# --------------------------------------------------------------------------------------------
def _beta_sinhc(s: np.ndarray, beta: float) -> np.ndarray:
    """β sinh(s)/s (= β at s = 0): the map Θ = F(ỸỸᵀ) Ỹ of an inactive projection, F analytic in s²."""
    safe = np.where(s > 1e-4, s, 1.0)
    return beta * np.where(s > 1e-4, np.sinh(safe) / safe, 1.0 + s * s / 6.0)


def gram_project_dual(Y: np.ndarray, tau: float, beta: float, *, exact_active: bool = True
                      ) -> tuple[np.ndarray, np.ndarray]:
    """``bregman_project_dual`` from the eigendecomposition of the d×d Gram matrix ỸỸᵀ.

    Inactive projection (β Σ sinh σ_i(Ỹ) ≤ τ): Y is unchanged and Θ = U diag(β sinh(s)/s) Uᵀ Ỹ, an
    analytic function of ỸỸᵀ (no square-root loss). Active projection: ``exact_active=True`` falls back to
    the thin SVD; ``False`` applies U diag(g(s)/s) Uᵀ, whose kink at s = ν loses digits when Ỹ is
    rank-deficient (small s = √λ are known only to √eps·‖Ỹ‖).
    """
    lam, U = np.linalg.eigh(Y @ Y.T)
    s = np.sqrt(np.maximum(lam, 0.0))
    if beta * np.sinh(s).sum() <= tau:
        return ((U * _beta_sinhc(s, beta)) @ U.T) @ Y, Y
    if exact_active:
        return bregman_project_dual(Y, tau, beta)
    nu = dual_shift(s, tau, beta)
    shifted = np.maximum(s - nu, 0.0)
    safe = np.where(s > 0, s, 1.0)
    theta_ratio = np.where(s > 0, beta * np.sinh(shifted) / safe, 0.0)
    dual_ratio = np.where(s > 0, shifted / safe, 0.0)
    return ((U * theta_ratio) @ U.T) @ Y, ((U * dual_ratio) @ U.T) @ Y


class FastHPG:
    """Hypentropy Policy Gradient over {‖Θ‖_* ≤ τ} ⊂ R^{d×dM}: the reference ``HPG`` recursion, faster.

    Same constructor and defaults as ``reference.embedding_routing.hpg.HPG`` (β = τ/d and the tuned η of
    ``bounds.hpg_tuned_parameters``); ``theta`` is Θ_t, ``Y`` = ∇φ_β(Θ_t). ``method``: ``"hybrid"``
    (default: Gram eigendecomposition while the projection is inactive, thin SVD when it is active),
    ``"svd"`` (always the thin SVD) or ``"gram"`` (always the Gram matrix: faster, less accurate).
    """

    METHODS = ("hybrid", "svd", "gram")

    def __init__(self, d: int, M: int, T: int, tau: float, *, beta: float | None = None,
                 eta: float | None = None, psi_max: float = 1.0, method: str = "hybrid") -> None:
        if method not in self.METHODS:
            raise ValueError(f"FastHPG: method must be one of {self.METHODS}; got {method!r}.")
        tuned = bd.hpg_tuned_parameters(T=T, M=M, d=d, tau=tau, psi_max=psi_max, beta=beta)
        self.d, self.M, self.tau, self.method = int(d), int(M), float(tau), method
        self.beta = float(tuned["beta"])
        self.eta = float(eta) if eta is not None else float(tuned["eta"])
        self.theta = np.zeros((d, d * M))          # Θ_1 = 0
        self.Y = np.zeros((d, d * M))              # ∇φ(Θ_1) = 0
        self._pi: np.ndarray | None = None

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """π_t = softmax(⟨Θ_m, Ψ⟩)_m."""
        d, M = self.d, self.M
        z = np.einsum("imj,ij->m", self.theta.reshape(d, M, d), np.asarray(Psi, dtype=float))
        e = np.exp(z - z.max())
        self._pi = e / e.sum()
        return self._pi

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """REINFORCE Ĝ = r (e_m − π)ᵀ ⊗ Ψ, then the OMD step."""
        if self._pi is None:
            raise RuntimeError("FastHPG.update: call distribution(t, x, Psi) first; no policy was played.")
        c = -float(reward) * self._pi
        c[m] += float(reward)                                     # c = r (e_m − π)
        F = np.asarray(Psi, dtype=float)
        self.step((F[:, None, :] * c[None, :, None]).reshape(self.d, self.d * self.M))

    def step(self, G: np.ndarray) -> None:
        """Ỹ = Y + ηG, then the Bregman projection in dual coordinates."""
        Y_tilde = self.Y + self.eta * G
        if self.method == "svd":
            self.theta, self.Y = bregman_project_dual(Y_tilde, self.tau, self.beta)
        else:
            self.theta, self.Y = gram_project_dual(Y_tilde, self.tau, self.beta,
                                                   exact_active=self.method == "hybrid")


# --------------------------------------------------------------------------------------------
# timing comparison (python examples/fast_paper_b.py)
# --------------------------------------------------------------------------------------------
def _play(cls: Any, instance: Any, seed: int) -> np.ndarray:
    """Play ``cls`` on ``instance`` (m_t ~ π_t by inverse CDF from pre-drawn uniforms); returns the policies."""
    learner = cls(instance.d, instance.M, instance.T, 1.0)
    uniforms = np.random.default_rng(seed).random(instance.T)
    pis = np.empty((instance.T, instance.M))
    for t in range(instance.T):
        x, Psi, r = instance.queries[t], instance.features[t], instance.rewards[t]
        pis[t] = learner.distribution(t, x, Psi)
        m = min(int(np.searchsorted(np.cumsum(pis[t]), uniforms[t])), instance.M - 1)
        learner.update(t, x, Psi, m, float(r[m]))
    return pis


def timing_table(dims: Sequence[tuple[int, int]] = ((4, 3), (8, 4), (16, 5), (32, 8)), rounds: int = 200,
                 seed: int = 0) -> list[dict]:
    """Reference vs fast: one projection of a random d×dM matrix, and ``rounds`` rounds of HPG."""
    from examples.timing import best_time  # noqa: PLC0415 (only the timing script needs it)
    from reference.embedding_routing import environment as env  # noqa: PLC0415
    from reference.embedding_routing import hypentropy as hy  # noqa: PLC0415
    from reference.embedding_routing.hpg import HPG  # noqa: PLC0415

    rng = np.random.default_rng(seed)
    rows = []
    for d, M in dims:
        X = rng.normal(size=(d, d * M))
        tau, beta = 0.5 * float(np.linalg.svd(X, compute_uv=False).sum()), 1.0 / d
        for method in ("svd", "gram"):
            fast = partial(bregman_project_nuclear_ball, method=method)
            err = float(np.max(np.abs(hy.bregman_project_nuclear_ball(X, tau, beta) - fast(X, tau, beta))))
            args = (X, tau, beta)
            t_ref, t_fast = best_time(hy.bregman_project_nuclear_ball, args, 0.3, 256), best_time(fast, args, 0.3, 256)
            rows.append({"what": f"projection ({method})", "d": d, "M": M, "reference_s": t_ref, "fast_s": t_fast,
                         "speedup": t_ref / t_fast, "max_abs_diff": err})
        inst = env.planted_instance(rounds, d, M, 2, seed)
        t_ref, t_fast = best_time(_play, (HPG, inst, seed), 1.0, 256), best_time(_play, (FastHPG, inst, seed), 1.0, 256)
        diff = float(np.max(np.abs(_play(HPG, inst, seed) - _play(FastHPG, inst, seed))))
        rows.append({"what": f"HPG, {rounds} rounds", "d": d, "M": M, "reference_s": t_ref, "fast_s": t_fast,
                     "speedup": t_ref / t_fast, "max_abs_diff": diff})
    return rows


def print_table(rows: list[dict]) -> None:
    print(f"{'what':<20} {'d':>3} {'M':>3} {'reference':>11} {'fast':>11} {'speed-up':>9} {'max |diff|':>11}")
    for r in rows:
        print(f"{r['what']:<20} {r['d']:>3} {r['M']:>3} {r['reference_s']:>10.2e}s {r['fast_s']:>10.2e}s "
              f"{r['speedup']:>8.1f}x {r['max_abs_diff']:>11.1e}")


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
    print_table(timing_table())
