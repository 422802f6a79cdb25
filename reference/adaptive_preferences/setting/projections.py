"""Euclidean projections onto box-constrained simplices (the decision sets of paper A's OGD steps).

Main statements
---------------
* ``project_onto_box_simplex(y, lower, upper)`` — Π(y) = argmin ‖x − y‖₂ s.t. Σ x = 1,
  lower ≤ x ≤ upper. Every decision set of paper A that we project onto is of this form:

  ======================================  ==========================  ===========================
  set                                     lower                       upper
  ======================================  ==========================  ===========================
  Δ(n) (the simplex)                      0                           1
  IRD for constant scores (Section 2.2)   0                           1/k          [seed]
  Δ_φ, the φ-smoothed simplex (Def. 4)    φ/n                         1            [recon]
  box-EIRD {p : p_i ≤ λ/(k−1+λ)} (§5)     0                           λ/(k−1+λ)    [derived]
  ======================================  ==========================  ===========================

* ``projection_kkt_residual(y, x, lower, upper)`` — how far x is from being that projection,
  by the optimality (KKT) conditions. A second, independent route is a cvxpy QP
  (``tests/test_projections.py`` and the certificate ``box_simplex_projection_satisfies_kkt``).

Why the projection has the form x_i = clip(y_i − θ, l_i, u_i) (the KKT conditions, derived).
The Lagrangian of min ½‖x − y‖² s.t. Σ x = 1, l ≤ x ≤ u with multiplier θ for the equality is
separable: coordinate i minimises ½(x_i − y_i)² + θ x_i over [l_i, u_i], whose minimiser is
clip(y_i − θ, l_i, u_i). The problem is strictly convex, so x is *the* projection iff x is
feasible and x_i = clip(y_i − θ, l_i, u_i) for one common θ. The function
S(θ) = Σ_i clip(y_i − θ, l_i, u_i) is continuous, non-increasing and piecewise linear, with kinks
only at the 2n breakpoints y_i − u_i and y_i − l_i; S(−∞) = Σ u ≥ 1 ≥ Σ l = S(+∞). So θ is
found *exactly*: sort the breakpoints, binary-search the two consecutive breakpoints between which
S crosses 1 (S is linear there), and solve that linear equation. O(n log n), no iteration to a
tolerance; with rational input the whole computation is in Fractions and the answer is exact.

Notation
--------
=========  ====================  ================================================
paper      code                  meaning
=========  ====================  ================================================
y          ``y``                 the point being projected (e.g. x_t − η g_t)
l, u       ``lower``, ``upper``  box bounds (scalars or length-n vectors)
θ          ``theta``             multiplier of Σ x = 1 (the water level)
φ          ``phi``               smoothing of Δ_φ (Definition 4)
λ, k       ``lam``, ``k``        score floor and menu size (box-EIRD)
=========  ====================  ================================================

Implementation notes
--------------------
Exact mode: y and the bounds all ints/Fractions → a list of Fractions, Σ x == 1 exactly.
Float mode: numpy float64; the feasibility test Σ l ≤ 1 ≤ Σ u accepts a rounding slack of
``PROJECTION_FEASIBILITY_ATOL`` (so λ = (k−1)/(n−1), where box-EIRD = {u_n}, works in floats).

Float mode, at every magnitude [derived; certified]. For every finite float input (|y_i| up to
1e300), with x* the exact projection of the float input, u = 2⁻⁵³ and B = 1 + max|l| + max|u|:
the bounds hold exactly (l ≤ x ≤ u, by the final clip), and

    ‖x − x*‖∞ ≤ tol  and  |Σ x − 1| ≤ tol,     tol = 16 (n + 2) u B   (``_float_tolerance``),

whenever Σ l ≤ 1 ≤ Σ u holds exactly for the float bounds (within ``PROJECTION_FEASIBILITY_ATOL``
of empty the answer is u or l, as before).

Why the naive form fails: with |y| ≫ 1 the breakpoints y_i − u_i and y_i − l_i round to the same
float (a collapsed interval makes every coordinate look fixed), a rounded breakpoint decides an
early exit wrongly, and clip(y − θ) with |θ| ≈ |y| loses u·|y|. The float route therefore
(1) searches the breakpoints with virtual ends ±∞ and no early exit on y (only the bound-only cases
Σ u ≤ 1 and Σ l ≥ 1 return u or l); (2) identifies a *crossing* coordinate r (free at θ, or the one
whose collapsed breakpoints are where S crosses 1; so |θ* − y_r| ≤ B) and shifts y by y_r — exact
(Sterbenz) for every y_i within a factor 2 of y_r, and for the others |y_i − y_r| ≥ |y_r|/2 so they
are clipped in both problems unless |y_r| ≤ 2B, where the shift errs by ≤ u(|y_i − y_r|) = O(uB) on
every coordinate that can be free; the projection is invariant under the shift, and y ↦ Π(y) is
2-Lipschitz in ‖·‖∞ (θ moves by at most the perturbation); (3) re-solves the shifted problem, now
with |θ| ≤ B, so θ = (Σ_free z_i + Σ_fixed bounds − 1)/m (``math.fsum``) errs by O(n u B), and
clip(z − θ) by u B more; (4) spreads the residual 1 − fsum(x) over the free coordinates and clips.
Steps (2)–(3) repeat until the crossing coordinate has |z_r| ≤ B (one pass for ordinary inputs,
two in every extreme case we tried; at most six). The constant 16 covers these steps with room; the certificate
``box_simplex_projection_float_within_tol_of_exact`` measures ≤ 1 u on 1e8–1e300 steps.
The box-EIRD cap is ``sec2_eird.eird_box_cap`` (one implementation of λ/(k − 1 + λ)).

Certified: ``box_simplex_projection_satisfies_kkt`` (certificates/adaptive_preferences/setting/projections.py).
Benchmarked: benchmarks/bench_projections.py. Findings: docs/findings.md, "Projections: the cvxpy QP as a
second route".

References: paper A, arXiv 2302.06014, §3 (OGD over the decision sets), Definition 4 (Δ_φ); the KKT
conditions of a strictly convex QP.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

import numpy as np

import reference.adaptive_preferences.setting.sec2_eird as eird
from reference._numerics import as_vector, check_k, check_lam, check_real, exact_mode, is_rational_vector

__all__ = [
    "PROJECTION_FEASIBILITY_ATOL",
    "project_onto_box_simplex",
    "project_onto_simplex",
    "project_onto_capped_simplex",
    "project_onto_smoothed_simplex",
    "project_onto_eird_box",
    "projection_kkt_residual",
]

#: Float mode: Σ lower ≤ 1 + atol and Σ upper ≥ 1 − atol are accepted as feasible.
PROJECTION_FEASIBILITY_ATOL = 1e-12


# --------------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------------
def _is_rational_scalar(x) -> bool:
    return is_rational_vector([x])


def _bound_vector(fn: str, arg: str, b, n: int, exact: bool):
    """A scalar or length-n bound as a length-n vector (Fractions in exact mode)."""
    if isinstance(b, (bool, np.bool_)):
        raise ValueError(f"{fn}: {arg} must be a real number or a vector of length n={n}; got {b!r}.")
    if isinstance(b, numbers.Real):
        if not np.isfinite(float(b)):
            raise ValueError(f"{fn}: {arg} must be finite; got {b}.")
        return [Fraction(b)] * n if exact else np.full(n, float(b))
    return as_vector(fn, arg, b, n=n, exact=exact)


def _is_rational_bound(b) -> bool:
    if isinstance(b, numbers.Real) and not isinstance(b, (bool, np.bool_)):
        return _is_rational_scalar(b)
    return is_rational_vector(b)


def _validated(fn: str, y, lower, upper):
    """Validate (y, lower, upper); check the box-simplex is non-empty. Returns (y, l, u, exact)."""
    if isinstance(y, (str, bytes)) or not hasattr(y, "__len__"):
        raise ValueError(f"{fn}: y must be a one-dimensional sequence of numbers; got {type(y).__name__}.")
    exact = exact_mode(y) and _is_rational_bound(lower) and _is_rational_bound(upper)
    y = as_vector(fn, "y", y, exact=exact)
    n = len(y)
    lo = _bound_vector(fn, "lower", lower, n, exact)
    up = _bound_vector(fn, "upper", upper, n, exact)
    for i in range(n):
        if lo[i] > up[i]:
            raise ValueError(f"{fn}: lower must be <= upper in every coordinate; "
                             f"coordinate {i} has lower {lo[i]} > upper {up[i]}.")
    atol = 0 if exact else PROJECTION_FEASIBILITY_ATOL
    sum_lo = sum(lo) if exact else float(np.sum(lo))
    sum_up = sum(up) if exact else float(np.sum(up))
    if sum_lo > 1 + atol:
        raise ValueError(f"{fn}: the set {{x : sum x = 1, lower <= x <= upper}} is empty because "
                         f"the lower bounds sum to {sum_lo} > 1.")
    if sum_up < 1 - atol:
        raise ValueError(f"{fn}: the set {{x : sum x = 1, lower <= x <= upper}} is empty because "
                         f"the upper bounds sum to {sum_up} < 1.")
    return y, lo, up, exact


# --------------------------------------------------------------------------------------------
# the projection
# --------------------------------------------------------------------------------------------
#: Up to this n the float path evaluates S at all 2n breakpoints at once instead of bisecting.
_VECTORISED_MAX_N = 64


def _clip_sum(y, lo, up, theta, exact):
    """S(θ) = Σ_i clip(y_i − θ, l_i, u_i) — non-increasing in θ."""
    if exact:
        return sum((min(max(yi - theta, li), ui) for yi, li, ui in zip(y, lo, up)), Fraction(0))
    return float(np.sum(np.clip(y - theta, lo, up)))


def _project_validated(y, lo, up, exact):
    """The projection on validated arguments: exact breakpoint search, or the float route."""
    if not exact:
        return _project_float(y, lo, up)
    n = len(y)
    breaks = sorted([y[i] - up[i] for i in range(n)] + [y[i] - lo[i] for i in range(n)])
    # S(breaks[0]) = Σ u ≥ 1 and S(breaks[-1]) = Σ l ≤ 1.
    if _clip_sum(y, lo, up, breaks[0], exact) <= 1:
        return list(up)
    if _clip_sum(y, lo, up, breaks[-1], exact) >= 1:
        return list(lo)
    a, b = 0, len(breaks) - 1  # invariant: S(breaks[a]) > 1 >= S(breaks[b])
    while b - a > 1:
        mid = (a + b) // 2
        if _clip_sum(y, lo, up, breaks[mid], exact) > 1:
            a = mid
        else:
            b = mid
    t0, t1 = breaks[a], breaks[b]
    # On (t0, t1) no coordinate changes regime.
    at_upper = [y[i] - up[i] >= t1 for i in range(n)]  # y_i − θ ≥ u_i on the interval
    at_lower = [y[i] - lo[i] <= t0 for i in range(n)]  # y_i − θ ≤ l_i on the interval
    free = [not (at_upper[i] or at_lower[i]) for i in range(n)]
    m = sum(free)
    if m == 0:  # S constant on the interval: cannot cross 1 strictly inside — take t1.
        theta = t1
    else:
        # Σ_free (y_i − θ) + Σ_upper u_i + Σ_lower l_i = 1
        fixed = sum((up[i] for i in range(n) if at_upper[i]), Fraction(0)) + \
            sum((lo[i] for i in range(n) if at_lower[i]), Fraction(0))
        theta = (sum((y[i] for i in range(n) if free[i]), Fraction(0)) + fixed - 1) / m
    return [min(max(y[i] - theta, lo[i]), up[i]) for i in range(n)]


def _float_theta(z, lo, up):
    """One float pass: (θ, x, r) with S(θ) = Σ clip(z − θ, l, u) ≈ 1, x = clip(z − θ, l, u), and a
    *crossing* coordinate r (free at θ, or whose collapsed breakpoints are where S crosses 1)."""
    breaks = np.sort(np.concatenate([z - up, z - lo]))
    # Largest a with S(breaks[a]) > 1 (a = -1 if none: rounding can put S(breaks[0]) at <= 1).
    if len(z) <= _VECTORISED_MAX_N:
        s_all = np.clip(z[None, :] - breaks[:, None], lo, up).sum(axis=1)
        above = np.flatnonzero(s_all > 1)
        a = int(above[-1]) if above.size else -1
    else:
        a, b = -1, len(breaks)  # invariant: S(breaks[a]) > 1 >= S(breaks[b]) (virtual ends ±∞)
        while b - a > 1:
            mid = (a + b) // 2
            if float(np.sum(np.clip(z - breaks[mid], lo, up))) > 1:
                a = mid
            else:
                b = mid
    t0 = breaks[a] if a >= 0 else -np.inf
    t1 = breaks[a + 1] if a + 1 < len(breaks) else np.inf
    # On the open interval (t0, t1) each coordinate is at its upper bound, at its lower bound, or free.
    at_upper = (z - up) >= t1
    at_lower = (z - lo) <= t0
    free = ~(at_upper | at_lower)
    fixed = math.fsum(up[at_upper]) + math.fsum(lo[at_lower])
    if free.any():
        theta = (math.fsum(z[free]) + fixed - 1.0) / int(free.sum())
        theta = min(max(theta, t0), t1)
        r = int(np.flatnonzero(free)[0])
    elif (fixed <= 1 and np.isfinite(t0)) or not np.isfinite(t1):
        # S jumps below 1 at t0: a coordinate whose breakpoints collapsed onto t0 crosses
        theta = t0
        r = int(np.argmin(np.abs((z - lo) - t0)))
    else:  # S is still above 1 on (t0, t1): the crossing is at t1
        theta = t1
        r = int(np.argmin(np.abs((z - up) - t1)))
    return theta, np.clip(z - theta, lo, up), r


def _float_tolerance(n: int, lo, up) -> float:
    """16 (n + 2) u (1 + max|l| + max|u|): the float route's stated tolerance (module docstring)."""
    return 16 * (n + 2) * 2.0**-53 * (1 + float(np.max(np.abs(lo))) + float(np.max(np.abs(up))))


#: At most this many shift-and-resolve passes of the float route (two suffice in every case we tried).
_MAX_SHIFT_PASSES = 6


def _project_float(y, lo, up):
    """Float route: breakpoint search on y shifted by a free coordinate, then a sum repair.

    See "Float mode" in the module docstring for why each step is there and the tolerance.
    """
    if math.fsum(up) <= 1:  # the set is {u} (Σ u = 1 up to the feasibility slack)
        return up.copy()
    if math.fsum(lo) >= 1:  # the set is {l}
        return lo.copy()
    z = y.copy()
    scale = 1 + float(np.max(np.abs(lo))) + float(np.max(np.abs(up)))  # B of the tolerance
    for _ in range(_MAX_SHIFT_PASSES):
        _, x, r = _float_theta(z, lo, up)
        if abs(z[r]) <= scale:  # θ is already of the size of the bounds: no shift needed
            break
        z = z - z[r]  # shift so that the crossing coordinate is 0 (exact within a factor 2: Sterbenz)
    # sum repair: spread the rounding residual over the free coordinates, then re-clip
    inside = (x > lo) & (x < up)
    if inside.any():
        x[inside] += (1.0 - math.fsum(x)) / int(inside.sum())
        x = np.clip(x, lo, up)
    return x


def project_onto_box_simplex(y, lower, upper):
    """Π(y) = argmin_x ‖x − y‖₂ subject to Σ_i x_i = 1 and lower ≤ x ≤ upper.

    ``lower``/``upper`` are scalars or length-n vectors. Raises ValueError when the set is empty
    (Σ lower > 1, Σ upper < 1, or lower_i > upper_i). Exact O(n log n) breakpoint algorithm:
    x_i = clip(y_i − θ, l_i, u_i) with θ solved exactly (see the module docstring). Exact
    (Fractions) when y and the bounds are rational. Floats, any finite |y| ≤ 1e300: l ≤ x ≤ u exactly,
    ‖x − Π(y)‖∞ and |Σ x − 1| ≤ 16 (n+2) 2⁻⁵³ (1 + max|l| + max|u|) [derived]. Certified:
    ``box_simplex_projection_satisfies_kkt``, ``box_simplex_projection_float_within_tol_of_exact``.
    """
    y, lo, up, exact = _validated("project_onto_box_simplex", y, lower, upper)
    return _project_validated(y, lo, up, exact)


def project_onto_simplex(y):
    """Π_{Δ(n)}(y): Euclidean projection onto the probability simplex (lower 0, upper 1)."""
    y, lo, up, exact = _validated("project_onto_simplex", y, 0, 1)
    return _project_validated(y, lo, up, exact)


def _exact_integer_like(k) -> bool:
    return isinstance(k, (int, np.integer)) and not isinstance(k, (bool, np.bool_))


def _exact_or_float(x):
    """A validated scalar as a Fraction (rational input) or a float."""
    return Fraction(x) if _is_rational_scalar(x) else float(x)


def project_onto_capped_simplex(y, k):
    """Π onto {p ∈ Δ(n) : p_i ≤ 1/k}: the IRD of constant scores (Section 2.2, toy example) [seed]."""
    fn = "project_onto_capped_simplex"
    n = len(y) if hasattr(y, "__len__") and not isinstance(y, (str, bytes)) else None
    if n is None:
        raise ValueError(f"{fn}: y must be a one-dimensional sequence of numbers; got {type(y).__name__}.")
    if not (_exact_integer_like(k) and 1 <= k <= n):
        raise ValueError(f"{fn}: k must be an integer with 1 <= k <= n={n}; got k={k!r} (n is the length of y).")
    k = check_k(fn, k, n)
    cap = Fraction(1, k) if exact_mode(y) else 1.0 / k
    y, lo, up, exact = _validated(fn, y, 0, cap)
    return _project_validated(y, lo, up, exact)


def project_onto_smoothed_simplex(y, phi):
    """Π onto Δ_φ = {p ∈ Δ(n) : p_i ≥ φ/n} (Definition 4 [recon]); φ ∈ [0, 1]."""
    fn = "project_onto_smoothed_simplex"
    if isinstance(y, (str, bytes)) or not hasattr(y, "__len__") or len(y) == 0:
        raise ValueError(f"{fn}: y must be a non-empty one-dimensional sequence of numbers.")
    phi = _exact_or_float(check_real(fn, "phi", phi, low=0, high=1))
    n = len(y)
    floor = phi / n if isinstance(phi, Fraction) and exact_mode(y) else float(phi) / n
    y, lo, up, exact = _validated(fn, y, floor, 1 if isinstance(floor, Fraction) else 1.0)
    return _project_validated(y, lo, up, exact)


def project_onto_eird_box(y, lam, k):
    """Π onto {p ∈ Δ(n) : p_i ≤ λ/(k − 1 + λ)} — EIRD over the score box [λ,1]^n [derived].

    Non-empty iff n λ/(k−1+λ) ≥ 1, i.e. λ ≥ (k − 1)/(n − 1) (then u_n is in it).
    """
    fn = "project_onto_eird_box"
    if isinstance(y, (str, bytes)) or not hasattr(y, "__len__") or len(y) == 0:
        raise ValueError(f"{fn}: y must be a non-empty one-dimensional sequence of numbers.")
    lam = _exact_or_float(check_lam(fn, lam))
    n = len(y)
    k = check_k(fn, k, n)
    cap = eird.eird_box_cap(lam, k)  # λ/(k − 1 + λ), the box corollary's cap
    if not (isinstance(cap, Fraction) and exact_mode(y)):
        cap = float(cap)
    if eird.eird_box_is_empty(n, cap):
        raise ValueError(f"{fn}: the box-EIRD set is empty: n*lam/(k-1+lam) = {cap * n} < 1 "
                         f"(it needs lam >= (k-1)/(n-1) = {Fraction(k - 1, n - 1) if n > 1 else 0}).")
    y, lo, up, exact = _validated(fn, y, 0, cap)
    return _project_validated(y, lo, up, exact)


# --------------------------------------------------------------------------------------------
# the verifier (second route, independent of the breakpoint search)
# --------------------------------------------------------------------------------------------
def projection_kkt_residual(y, x, lower, upper):
    """How far x is from Π(y) by the optimality (KKT) conditions: 0 iff x is the projection.

    Returns max(feasibility violation, min_{θ∈C} max_i |x_i − clip(y_i − θ, l_i, u_i)|), where the
    feasibility violation is max(|Σ x − 1|, max_i (l_i − x_i)⁺, max_i (x_i − u_i)⁺) and
    C = {y_i − x_i} ∪ {y_i − l_i} ∪ {y_i − u_i} (3n candidate multipliers).

    Why C suffices: if x is the projection with multiplier θ*, either some coordinate is free
    (l_i < x_i < u_i, so θ* = y_i − x_i ∈ C), or every coordinate sits at a bound, and then every θ
    in [max_{x_i=l_i} (y_i − l_i), min_{x_i=u_i} (y_i − u_i)] is a multiplier — its endpoints lie
    in C. Conversely a zero residual exhibits a feasible x and a θ satisfying the conditions. Any θ
    gives an upper bound, so a positive residual never hides behind a bad θ choice: it measures
    how far x is from satisfying the conditions with the best candidate multiplier.
    This route never solves Σ clip(y − θ) = 1: it is independent of the breakpoint search.
    Exact (a Fraction) when every input is rational, else a float. O(n²) time (a verifier).
    """
    fn = "projection_kkt_residual"
    y, lo, up, exact = _validated(fn, y, lower, upper)
    exact = exact and exact_mode(x)
    n = len(y)
    if not exact:
        y, lo, up = (np.asarray([float(e) for e in v]) for v in (y, lo, up))
    x = as_vector(fn, "x", x, n=n, exact=exact)
    if exact:
        feas = max([abs(sum(x) - 1)] + [max(lo[i] - x[i], 0) for i in range(n)]
                   + [max(x[i] - up[i], 0) for i in range(n)])
        cands = set([y[i] - x[i] for i in range(n)] + [y[i] - lo[i] for i in range(n)]
                    + [y[i] - up[i] for i in range(n)])
        best = min(max(abs(x[i] - min(max(y[i] - theta, lo[i]), up[i])) for i in range(n))
                   for theta in cands)
        return max(feas, best)
    feas = max(abs(float(np.sum(x)) - 1.0), float(np.max(lo - x)), float(np.max(x - up)), 0.0)
    # θ = y_j − c_j (c ∈ {x, l, u}) enters as y_i − θ = (y_i − y_j) + c_j: rounding θ itself would lose
    # eps·|y_j| (1 for |y| = 1e16 — a residual of 0.9 at the exact projection); y_i − y_j is exact for
    # i = j and, where y_i − θ lands inside [l_i, u_i], off by at most eps·(max u − min l).
    best = np.inf
    for start in range(0, n, 256):  # blocks keep memory O(256 n)
        diff = y[None, :] - y[start:start + 256, None]  # row j: y_i − y_j (overflow to ±inf clips correctly)
        for c in (x, lo, up):
            z = diff + c[start:start + 256, None]
            dev = np.abs(x[None, :] - np.clip(z, lo[None, :], up[None, :])).max(axis=1)
            best = min(best, float(dev.min()))
    return float(max(feas, best))
