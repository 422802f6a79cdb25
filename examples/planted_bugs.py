"""Planted bugs: one plausible-looking wrong variant of each fast implementation, for the oracle to catch.

Each variant is a "speed trick" that is right on the instances one tries by hand and wrong on a
narrow class of instances. None of them shows up on a few random inputs; the oracle
(``certificates.oracle``) must find each one, shrink it and print a replay snippet
(``tests/test_examples_oracle.py`` checks that it does).

=======================================  =======================================  ==============================
variant                                  the "trick"                              wrong only when
=======================================  =======================================  ==============================
``menu_times_float32_for_large_n``       float32 arithmetic for long vectors      n > 20
``menu_times_shortcut_k_eq_n``           "k = n: every item is always offered,    k = n (and p ∉ IRD)
                                         so τ = 1"
``project_onto_box_simplex_merged_ties`` merges equal breakpoints (np.unique)     two breakpoints tie (ties in
                                         and keeps one slope change per group     y, or y_i − u_i = y_j − l_j)
``bregman_project_skip_near_boundary``   skips the projection when ‖X̃‖_* is      τ < ‖X̃‖_* ≤ (1 + 1e-6) τ:
                                         within 1e-6 of τ ("close enough")        on the ball's boundary
``StaleBasisHPG``                        after a warm-up of 100 rounds, reuses    after round 100
                                         the previous round's eigenbasis
=======================================  =======================================  ==============================
"""

from __future__ import annotations

from typing import Any

import numpy as np

from examples import fast_paper_a as fa
from examples import fast_paper_b as fb

__all__ = [
    "menu_times_float32_for_large_n",
    "menu_times_shortcut_k_eq_n",
    "project_onto_box_simplex_merged_ties",
    "bregman_project_skip_near_boundary",
    "StaleBasisHPG",
    "PLANTED",
]


def menu_times_float32_for_large_n(p: Any, scores: Any, k: int) -> np.ndarray:
    """BUG (n > 20): float32 for long vectors (≈ 1e-7 relative error; the tolerance is 1e-9)."""
    p, f = fa.as_float_vector(p), fa.as_float_vector(scores)
    if p.size > 20:
        p, f = p.astype(np.float32), f.astype(np.float32)
    ratios = p / f
    return (k * ratios / ratios.sum()).astype(float)


def menu_times_shortcut_k_eq_n(p: Any, scores: Any, k: int) -> np.ndarray:
    """BUG (k = n): τ_i = 1 is right only for p ∝ f (then IRD = {p}); Σ τ = n holds either way."""
    p = fa.as_float_vector(p)
    if k == p.size:
        return np.ones(p.size)
    return fa.menu_times(p, scores, k)


def project_onto_box_simplex_merged_ties(y: Any, lower: Any, upper: Any) -> np.ndarray:
    """BUG (ties): merging equal breakpoints keeps only the first slope change of each tied group."""
    y = fa.as_float_vector(y)
    n = y.size
    lo, up = fa.as_float_vector(lower, n), fa.as_float_vector(upper, n)
    if up.sum() <= 1.0:
        return up.copy()
    if lo.sum() >= 1.0:
        return lo.copy()
    breaks = np.concatenate([y - up, y - lo])
    b, first = np.unique(breaks, return_index=True)               # "skip zero-length pieces"
    slope = np.cumsum(np.concatenate([-np.ones(n), np.ones(n)])[first])  # BUG: drops tied slope changes
    if b.size == 1:
        return np.clip(y - b[0], lo, up)
    s = up.sum() + np.concatenate([[0.0], np.cumsum(slope[:-1] * np.diff(b))])
    a = min(int(np.flatnonzero(s > 1.0)[-1]), b.size - 2)
    t0, t1 = b[a], b[a + 1]
    mid = 0.5 * (t0 + t1)
    at_upper, at_lower = (y - up) > mid, (y - lo) < mid
    free = ~(at_upper | at_lower)
    m = int(free.sum())
    theta = t1 if m == 0 else min(max((y[free].sum() + up[at_upper].sum() + lo[at_lower].sum() - 1.0) / m, t0), t1)
    return np.clip(y - theta, lo, up)


def bregman_project_skip_near_boundary(X_tilde: Any, tau: float, beta: float) -> np.ndarray:
    """BUG (boundary): treats points within a relative 1e-6 outside the ball as inside."""
    A = np.asarray(X_tilde, dtype=float)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    if s.sum() <= float(tau) * (1.0 + 1e-6):                       # "close enough: skip the projection"
        return A.copy()
    sigma, _ = fb.project_singular_values(s, float(tau), float(beta))
    return (U * sigma) @ Vt


class StaleBasisHPG(fb.FastHPG):
    """BUG (after round 100): "the singular vectors have settled", so the eigenbasis U of ỸỸᵀ of the 100th
    update is kept; later updates only refresh the singular values (row norms of UᵀỸ in the old basis)."""

    WARM_UP = 100

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._steps = 0
        self._basis: np.ndarray | None = None

    def step(self, G: np.ndarray) -> None:
        self._steps += 1
        Y_tilde = self.Y + self.eta * G
        if self._steps <= self.WARM_UP:
            if self._steps == self.WARM_UP:
                self._basis = np.linalg.eigh(Y_tilde @ Y_tilde.T)[1]   # frozen from now on
            super().step(G)
            return
        assert self._basis is not None
        U = self._basis
        B = U.T @ Y_tilde                                          # rows: Ỹ in the old basis
        s = np.sqrt(np.einsum("ij,ij->i", B, B))                   # BUG: ignores the off-diagonal part
        nu = 0.0 if self.beta * np.sinh(s).sum() <= self.tau else fb.dual_shift(s, self.tau, self.beta)
        shifted = np.maximum(s - nu, 0.0)
        safe = np.where(s > 0, s, 1.0)
        theta_ratio = np.where(s > 0, self.beta * np.sinh(shifted) / safe, self.beta)
        dual_ratio = np.where(s > 0, shifted / safe, 1.0)
        self.theta, self.Y = U @ (theta_ratio[:, None] * B), U @ (dual_ratio[:, None] * B)


#: oracle name → (planted variant, the condition that triggers it).
PLANTED: dict[str, tuple[Any, str]] = {
    "menu_times/n>20": (menu_times_float32_for_large_n, "n > 20"),
    "menu_times/k=n": (menu_times_shortcut_k_eq_n, "k = n"),
    "project_onto_box_simplex/ties": (project_onto_box_simplex_merged_ties, "tied breakpoints"),
    "bregman_project_nuclear_ball/boundary": (bregman_project_skip_near_boundary, "just outside the ball"),
    "HPG/round>100": (StaleBasisHPG, "after round 100"),
}
