"""IRD membership by the all-menus LP (the method of Agarwal & Brown 2022; paper A, Section 2.2).

Main statements
---------------
* ``ird_lp_residual(p, scores, k)`` — the LP value t* = min_{μ ∈ Δ(C([n],k))} ‖Σ_K μ_K q(K; v) − p‖_∞
  and the minimising μ. p ∈ IRD(v) ⇔ t* = 0 (IRD(v) = conv{q(K; v)} is closed) [seed].
* ``in_ird_lp(p, scores, k, tol=LP_MEMBERSHIP_TOL)`` — membership decided as t* ≤ tol.
* ``ird_witness_lp(p, scores, k)`` — a menu distribution μ inducing p, re-verified before return.

This is the independent oracle for Lemma 1 (``lemma1_menu_times.in_ird``): one LP variable per menu, so
C(n, k) variables — exponential in k, which is exactly what Lemma 1 removes.

The LP (variables μ ∈ R^{C(n,k)}, t ∈ R)::

    minimise t   s.t.  −t ≤ (Q μ − p)_i ≤ t  (i = 1..n),   μ ≥ 0,   Σ_K μ_K = 1,

where column K of Q is q(K; v). It is always feasible (any μ, t large), so the solver's answer
is a number, not a feasibility verdict: an infeasible membership question shows up as t* > 0
instead of a fragile "infeasible" status.

Tolerances (documented, used everywhere)
----------------------------------------
* ``LP_MEMBERSHIP_TOL = 1e-7``: ``in_ird_lp`` says "in" iff t* ≤ 1e-7. HiGHS's default primal
  feasibility tolerance is 1e-7, so values below it are indistinguishable from 0. A point whose
  menu time exceeds 1 by ε is at ∞-distance ≥ ε·S·f_min/(n+k−2) from IRD(v) (S = Σ_j p_j/f_j; proof
  in ``ird_distance_lower_bound``), so "just outside" points must be outside by more than that.
* ``WITNESS_ATOL = 1e-7``: a returned witness satisfies ‖Σ μ q − p‖_∞ ≤ 1e-7, μ ≥ 0, Σ μ = 1
  (re-checked after clipping the solver's tiny negative entries and renormalising).
* ``MAX_LP_MENUS = 200_000``: above this many menus the LP is refused with a clear error.

Solver: HiGHS (``cp.HIGHS``) when installed, else Clarabel. Any status other than ``optimal``
raises ``LPSolverError`` naming the status — never a silent False.

cvxpy is imported inside the functions that solve (importing it takes about a second), so
importing the package does not pay for it.

Certified: ``mem_ird_iff_menu_times_le_one``, ``menu_dist_reproduces_p`` (witness route),
``constant_scores_ird_eq_capped_simplex`` (certificates/adaptive_preferences/realizability/lemma1_proof_menu_dist.py).
Findings: docs/findings.md, "Lemma 1: LP tolerance and the boundary".

References: Agarwal & Brown (2022), arXiv 2210.07773 (IRD by the all-menus LP); paper A, arXiv 2302.06014, §2.2.
"""

from __future__ import annotations

from math import comb
from typing import TYPE_CHECKING, Any

import numpy as np

from reference._numerics import check_real
from reference.adaptive_preferences.realizability._types import MenuDistribution, VectorLike
from reference.adaptive_preferences.realizability.lemma1_menu_times import validated_menu_times_args
from reference.adaptive_preferences.realizability.sec2_choice import all_menus

if TYPE_CHECKING:  # cvxpy is imported lazily, inside the functions that solve (it takes ~1 s to import)
    import cvxpy as cp

__all__ = [
    "LP_MEMBERSHIP_TOL",
    "WITNESS_ATOL",
    "MAX_LP_MENUS",
    "LPSolverError",
    "ird_lp_residual",
    "in_ird_lp",
    "ird_witness_lp",
    "ird_distance_lower_bound",
    "lp_solver",
]

LP_MEMBERSHIP_TOL = 1e-7
WITNESS_ATOL = 1e-7
MAX_LP_MENUS = 200_000


class LPSolverError(RuntimeError):
    """The LP solver failed or returned a non-optimal status (the answer is unknown, not False)."""


def lp_solver() -> str:
    """The solver used: HiGHS if installed, else Clarabel."""
    import cvxpy as cp

    installed = cp.installed_solvers()
    return cp.HIGHS if cp.HIGHS in installed else cp.CLARABEL


def _solve(problem: cp.Problem, fn: str) -> float:
    """Solve and insist on an optimal status; the single place the LP solver is called."""
    import cvxpy as cp

    solver = lp_solver()
    try:
        value = problem.solve(solver=solver)
    except cp.error.SolverError as exc:
        raise LPSolverError(f"{fn}: the LP solver {solver} failed: {exc}") from None
    if problem.status != cp.OPTIMAL:
        raise LPSolverError(
            f"{fn}: the LP solver {solver} returned status {problem.status!r}, not 'optimal'; "
            f"membership is unknown."
        )
    return float(value)


def _choice_matrix(f: np.ndarray, menus) -> np.ndarray:
    """Q with column K = q(K; v) (n × C(n,k))."""
    n = len(f)
    idx = np.asarray(menus, dtype=np.int64)  # (M, k)
    q = np.zeros((n, len(menus)))
    cols = np.arange(len(menus))[:, None]
    q[idx, np.broadcast_to(cols, idx.shape)] = f[idx] / f[idx].sum(axis=1, keepdims=True)
    return q


def _lp(fn: str, p: VectorLike, scores: VectorLike, k: int) -> tuple[float, list, np.ndarray, np.ndarray, np.ndarray]:
    """Validate, build and solve the all-menus LP: (t*, menus, μ, Q, p as floats)."""
    import cvxpy as cp

    p, f, k, _exact = validated_menu_times_args(fn, p, scores, k)
    n = len(f)
    n_menus = comb(n, k)
    if n_menus > MAX_LP_MENUS:
        raise ValueError(
            f"{fn}: the all-menus LP would need C(n={n}, k={k}) = {n_menus} variables, more than "
            f"MAX_LP_MENUS={MAX_LP_MENUS}; use menu_times.in_ird (Lemma 1) instead."
        )
    p_float = np.asarray([float(x) for x in p])
    f_float = np.asarray([float(x) for x in f])
    menus = all_menus(n, k)
    q = _choice_matrix(f_float, menus)
    mu = cp.Variable(len(menus), nonneg=True)
    t = cp.Variable()
    residual = q @ mu - p_float
    problem = cp.Problem(cp.Minimize(t), [residual <= t, -residual <= t, cp.sum(mu) == 1])
    value = _solve(problem, fn)
    return value, menus, np.asarray(mu.value, dtype=float), q, p_float


def ird_lp_residual(p: VectorLike, scores: VectorLike, k: int) -> tuple[float, MenuDistribution]:
    """t* = min_μ ‖Σ_K μ_K q(K; v) − p‖_∞ over menu distributions μ (the LP value) and that μ.

    Returns ``(t_star, [(menu, weight), ...])`` (weights as returned by the solver, zeros dropped).
    """
    value, menus, mu, _q, _p = _lp("ird_lp_residual", p, scores, k)
    return value, [(menu, float(w)) for menu, w in zip(menus, mu) if w > 0]


def in_ird_lp(p: VectorLike, scores: VectorLike, k: int, *, tol: float = LP_MEMBERSHIP_TOL) -> bool:
    """p ∈ IRD(v) by the all-menus LP: t* ≤ ``tol`` (default ``LP_MEMBERSHIP_TOL`` = 1e-7).

    Raises ``LPSolverError`` if the solver does not report an optimal solution.
    """
    value, *_ = _lp("in_ird_lp", p, scores, k)
    return value <= check_real("in_ird_lp", "tol", tol, low=0)


def ird_witness_lp(p: VectorLike, scores: VectorLike, k: int, *, atol: float = WITNESS_ATOL) -> MenuDistribution:
    """A menu distribution μ (list of ``(menu, weight)``) with ‖Σ μ_K q(K; v) − p‖_∞ ≤ ``atol``.

    The solver's μ is cleaned (negatives ≤ 1e-9 clipped, renormalised, zeros dropped) and then
    RE-VERIFIED: μ ≥ 0, Σ μ = 1, residual ≤ ``atol``. Raises ``ValueError`` if the LP value shows
    p ∉ IRD(v) (t* > atol), ``LPSolverError`` on solver failure or a witness that fails the check.
    """
    fn = "ird_witness_lp"
    value, menus, mu, q, p_float = _lp(fn, p, scores, k)
    atol = check_real(fn, "atol", atol, low=0)
    if value > atol:
        raise ValueError(
            f"{fn}: p is not in IRD(v): the all-menus LP value min ‖Σ μ q − p‖_∞ is {value:.3e} > atol={atol:g}."
        )
    if mu.min() < -1e-9:
        raise LPSolverError(f"{fn}: the LP solver returned a negative weight {mu.min():.3e}.")
    mu = np.clip(mu, 0.0, None)
    mu = mu / mu.sum()
    residual = float(np.max(np.abs(q @ mu - p_float)))
    if residual > atol:
        raise LPSolverError(f"{fn}: the cleaned LP witness reproduces p only to {residual:.3e} > atol={atol:g}.")
    return [(menu, float(w)) for menu, w in zip(menus, mu) if w > 0]


def ird_distance_lower_bound(p: VectorLike, scores: VectorLike, k: int) -> Any:
    """A lower bound on the ∞-distance from p to IRD(v), from Lemma 1's linear functional [derived].

    For item i put L_i(x) = k x_i/f_i − Σ_j x_j/f_j. Lemma 1 says L_i ≤ 0 on IRD(v), and
    L_i(p) = S (τ_i − 1) with S = Σ_j p_j/f_j. L_i is Lipschitz w.r.t. ‖·‖_∞ with constant
    (k−1)/f_i + Σ_{j≠i} 1/f_j ≤ (n+k−2)/f_min, so ‖p' − p‖_∞ ≥ S (max τ − 1) f_min/(n+k−2) for every
    p' ∈ IRD(v). Returns max(0, that bound), exact (a Fraction) in exact mode, so a point with
    max τ = 1 exactly gets 0. (Hence the LP value t* is at least it.)
    """
    p, f, k, exact = validated_menu_times_args("ird_distance_lower_bound", p, scores, k)
    if not exact:
        p, f = list(np.asarray(p, dtype=float)), list(np.asarray(f, dtype=float))
    ratios = [pi / fi for pi, fi in zip(p, f)]  # p_i / f_i
    s = sum(ratios)  # S
    inv_total = sum(1 / fi for fi in f)  # Σ_j 1/f_j
    best = 0
    for i in range(len(f)):
        excess = k * ratios[i] - s  # L_i(p) = S (τ_i − 1)
        lipschitz = (k - 1) / f[i] + (inv_total - 1 / f[i])  # ∞-norm Lipschitz constant of L_i
        if lipschitz > 0:  # = 0 only for n = k = 1, where L_i ≡ 0
            best = max(best, excess / lipschitz)
    return best if exact else float(best)
