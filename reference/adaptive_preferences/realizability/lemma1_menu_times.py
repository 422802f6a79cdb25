"""Menu times and Lemma 1 (paper A, §3.1, Appendix B.1).

Main statements
---------------
* ``menu_times(p, scores, k)`` — τ_i(p; v) = k · (p_i / f_i) / Σ_j (p_j / f_j)        [recon]
* Σ_i τ_i = k for every p and v                                                        [seed]
* ``in_ird(p, scores, k)`` — **Lemma 1**: p ∈ IRD(v) ⇔ max_i τ_i(p; v) ≤ 1              [seed + recon]
* ``ird_margin(p, scores, k)`` — 1 − max_i τ_i, how much Lemma 1's condition holds by.

Why τ [recon: the paper's formula for τ is lost; this derivation fixes it]. If a menu
distribution μ induces p, then item i is chosen with probability p_i = Σ_{K∋i} μ_K f_i / F_K
(F_K = Σ_{j∈K} f_j). Put α_K = (μ_K/F_K) / Z with Z = Σ_K μ_K/F_K: then p_i / f_i = Z Σ_{K∋i} α_K,
so τ_i := Σ_{K∋i} α_K = (p_i/f_i)/Z, and since each menu has k items Σ_i τ_i = k Σ_K α_K = k,
which fixes Z = Σ_j (p_j/f_j)/k. τ_i is the share of "menu time" item i must be on the menu;
it cannot exceed 1. The converse (any τ ∈ [0,1]^n with Σ τ = k is realised) is MenuDist
(``lemma1_proof_menu_dist``).

Notation
--------
=========  =================  =============================
paper      code               meaning
=========  =================  =============================
τ_i(p; v)  ``menu_times``     menu time of item i
f(v)       ``scores``         positive scores at memory v
IRD(v)     ``in_ird``         conv{ q(K; v) : |K| = k }
=========  =================  =============================

Implementation notes
--------------------
Exact mode (p and scores all ints/Fractions): τ is a list of Fractions and ``in_ird`` compares
with no tolerance. Float mode never overflows: every ratio p_i/f_i is rescaled by a power of two
before the division (``_scaled_ratios``), so τ is finite for scores down to the smallest positive
double, with relative error ≤ 5u + 2⁻⁹⁷ (u = 2⁻⁵³) per entry [derived]. Float ``in_ird`` accepts
max τ ≤ 1 + ``atol`` (default 1e-9, because τ is computed from floats; exact mode is the oracle
for boundary cases). O(n) time.
``validated_menu_times_args`` and ``menu_times_from_validated`` are the validation and the formula
as two steps, shared by MenuDist, the all-menus LP and EIRD (they validate once, then reuse τ).

Certified: ``menu_times_sum_eq_k`` (numeric and sympy; certificates/adaptive_preferences/realizability/
lemma1_menu_times.py), ``mem_ird_iff_menu_times_le_one`` (agreement with the all-menus LP) and
``credit_menu_times_eq_menu_times`` (certificates/adaptive_preferences/realizability/lemma1_proof_menu_dist.py).
Findings: docs/findings.md, "Lemma 1: LP tolerance and the boundary".

References: paper A, arXiv 2302.06014, §3.1 (Lemma 1) and Appendix B.1 (its proof).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from reference._numerics import check_k, check_positive_vector, check_probability_vector, check_real, exact_mode
from reference.adaptive_preferences.realizability._types import Vector, VectorLike

__all__ = [
    "menu_times",
    "in_ird",
    "ird_margin",
    "IRD_FLOAT_ATOL",
    "validated_menu_times_args",
]

#: Tolerance of float-mode ``in_ird``: max τ ≤ 1 + IRD_FLOAT_ATOL. Exact mode uses none.
IRD_FLOAT_ATOL = 1e-9


def validated_menu_times_args(fn: str, p: VectorLike, scores: VectorLike, k: int) -> tuple[Vector, Vector, int, bool]:
    """Validate (p, scores, k) for function ``fn``: returns ``(p, f, k, exact)``.

    Exact mode when p and the scores are rational (then p and f are lists of Fractions), else
    float64 arrays. Errors name ``fn`` and the argument (p a probability vector of length n,
    scores positive, 1 ≤ k ≤ n).
    """
    exact = exact_mode(p, scores)
    p_vec = check_probability_vector(fn, p, exact=exact)
    n = len(p_vec)
    f = check_positive_vector(fn, scores, exact=exact)
    if len(f) != n:
        raise ValueError(f"{fn}: p and scores must have the same length n (one entry per item); "
                         f"p has length {n} and scores has length {len(f)}.")
    return p_vec, f, check_k(fn, k, n), exact


def menu_times_from_validated(p: Vector, f: Vector, k: int, exact: bool) -> Vector:
    """τ = k (p/f) / Σ_j (p_j/f_j) on arguments already returned by ``validated_menu_times_args``.

    Internal fast path (not in ``__all__``, no validation): callers pass validated arguments; the public
    entry point is ``menu_times``."""
    if exact:
        ratios = [pi / fi for pi, fi in zip(p, f)]  # p_i / f_i
        z = sum(ratios, Fraction(0))  # Σ_j p_j / f_j  (> 0 since p ≠ 0)
        return [k * r / z for r in ratios]
    tau = _scaled_ratios(np.asarray(p, dtype=float), np.asarray(f, dtype=float))
    tau *= k
    return tau


#: Block length of ``_sum_of_terms`` (2^15 doubles = 256 KiB: in cache, below malloc's mmap threshold).
_CHUNK = 2 ** 15
#: The smallest normal double: a quotient at least this large is correctly rounded to relative error u.
_NORMAL = 2.0 ** -1022


def _scaled_ratios(p: np.ndarray, f: np.ndarray) -> np.ndarray:
    """(p_i/f_i) / Σ_j (p_j/f_j) in floats with no overflow or NaN, for every p ≥ 0 (not all 0), f > 0.

    Terms. p_i/f_i overflows for f_i near the smallest double, so where a quotient would overflow or fall
    below the normal range, each ratio is split as mantissa·2^exponent (``np.frexp``): p_i/f_i =
    (mp_i/mf_i)·2^(ep_i − ef_i) with mp_i/mf_i ∈ (1/2, 2); otherwise the quotient p_i/f_i itself is used
    (correctly rounded, relative error ≤ u, as the mantissa quotient). Either way every ratio is divided by
    2^E, E the exponent of the largest (an exact scaling), giving terms ≤ 2 with the largest ≥ 1/2, so the
    sum is in [1/2, 2n]; terms below 2^−1074 underflow to 0 (an absolute error < 2^−1074 per term).

    Sum. ``_sum_of_terms`` is the correctly rounded sum of the rounded terms up to a relative 2^−99 (n ≤ 2^26).
    So each result has relative error ≤ 4u + 2^−98 (u = 2^−53: the term, the sum, its rounding, the final
    division), plus 2^−1073 absolute; ``menu_times`` multiplies by k (one more rounding: ≤ 5u + 2^−97)
    [derived]. Vectorised throughout: O(n) numpy passes, no per-entry Python.
    """
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        q = p / f
    big = float(np.max(q))
    normal = q.min() >= _NORMAL or not np.any((q < _NORMAL) & (p > 0))
    if math.isfinite(big) and normal:
        terms = q
        terms *= math.ldexp(1.0, -math.frexp(big)[1])  # a power of two: exact (as ldexp)
    else:
        mp, ep = np.frexp(p)
        mf, ef = np.frexp(f)
        expo = ep.astype(np.int64) - ef.astype(np.int64)
        top = int(np.max(expo[p > 0]))  # p has a positive entry (validated)
        terms = np.ldexp(mp / mf, np.maximum(expo - top, -1100))  # ratio / 2^E; 2^−1100 underflows to 0
    terms /= _sum_of_terms(terms)
    return terms


def _sum_of_terms(t: np.ndarray) -> float:
    """Σ t for 0 ≤ t_i ≤ 2, n ≤ 2^26: the correctly rounded sum up to a relative error 2^−99 [derived].

    Each t_i = a_i·2^−26 + b_i·2^−52 + c_i·2^−78 + r_i with integers a_i ≤ 2^27, b_i, c_i < 2^26 and
    0 ≤ r_i < 2^−78, every piece exact (t_i − a_i·2^−26 is a multiple of ulp(t_i) below 2^−26, so it is a
    double; likewise below). The integer sums are below 2^53, so numpy adds them exactly; Σ r_i ≤ n·2^−78 is
    added with error ≤ ⌈log₂ n⌉·u·n·2^−78; ``math.fsum`` rounds the four partial sums once. With Σ t ≥ 1/2
    the error beyond that rounding is ≤ 2^−99·Σ t. (``math.fsum`` of all n terms is exact too, but costs
    ~130 ms at n = 10⁶ against ~10 ms here.)
    """
    if t.size > 2 ** 26:
        return math.fsum(t)
    sums = [0.0, 0.0, 0.0, 0.0]  # Σa, Σb, Σc (exact integers < 2^53) and Σr
    for start in range(0, t.size, _CHUNK):  # chunks stay in cache; no array of size n is allocated
        rest = t[start:start + _CHUNK].copy()
        digits = np.empty_like(rest)
        for level, shift in enumerate((26, 52, 78)):  # in place: scaling by powers of two is exact
            np.floor(np.multiply(rest, math.ldexp(1.0, shift), out=digits), out=digits)
            sums[level] += float(np.sum(digits))
            rest -= np.multiply(digits, math.ldexp(1.0, -shift), out=digits)
        sums[3] += float(np.sum(rest))
    parts = [math.ldexp(sums[0], -26), math.ldexp(sums[1], -52), math.ldexp(sums[2], -78), sums[3]]
    return math.fsum(parts)


def menu_times(p: VectorLike, scores: VectorLike, k: int) -> Vector:
    """τ_i(p; v) = k (p_i/f_i) / Σ_j (p_j/f_j): the menu time item i needs for p to be realised.

    Σ_i τ_i = k always. Exact (list of Fractions) when p and scores are rational.
    """
    p, f, k, exact = validated_menu_times_args("menu_times", p, scores, k)
    return menu_times_from_validated(p, f, k, exact)


def ird_margin(p: VectorLike, scores: VectorLike, k: int):
    """1 − max_i τ_i(p; v): non-negative iff p ∈ IRD(v) (Lemma 1). Exact in exact mode."""
    p, f, k, exact = validated_menu_times_args("ird_margin", p, scores, k)
    tau = menu_times_from_validated(p, f, k, exact)
    return 1 - max(tau) if exact else 1.0 - float(np.max(tau))


def in_ird(p: VectorLike, scores: VectorLike, k: int, *, atol: float = IRD_FLOAT_ATOL) -> bool:
    """Lemma 1: p ∈ IRD(v) ⇔ max_i τ_i(p; v) ≤ 1.

    Exact mode: no tolerance. Float mode: max τ ≤ 1 + ``atol``.
    """
    p, f, k, exact = validated_menu_times_args("in_ird", p, scores, k)
    check_real("in_ird", "atol", atol, low=0)
    tau = menu_times_from_validated(p, f, k, exact)
    if exact:
        return max(tau) <= 1
    return bool(np.max(tau) <= 1 + atol)
