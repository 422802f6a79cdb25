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
with no tolerance. Float mode: ``in_ird`` accepts max τ ≤ 1 + ``atol`` (default 1e-9, because τ is
computed from floats; exact mode is the oracle for boundary cases). O(n) time.
``validated_menu_times_args`` and ``menu_times_from_validated`` are the validation and the formula
as two steps, shared by MenuDist, the all-menus LP and EIRD (they validate once, then reuse τ).

Certified: ``menu_times_sum_eq_k`` (numeric and sympy; certificates/adaptive_preferences/realizability/
lemma1_menu_times.py), ``mem_ird_iff_menu_times_le_one`` (agreement with the all-menus LP) and
``credit_menu_times_eq_menu_times`` (certificates/adaptive_preferences/realizability/lemma1_proof_menu_dist.py).
Findings: docs/findings.md, "Lemma 1: LP tolerance and the boundary".

References: paper A, arXiv 2302.06014, §3.1 (Lemma 1) and Appendix B.1 (its proof).
"""

from __future__ import annotations

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
    "menu_times_from_validated",
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
    f = check_positive_vector(fn, scores, exact=exact)
    n = len(f)
    p_vec = check_probability_vector(fn, p, n=n, exact=exact)
    return p_vec, f, check_k(fn, k, n), exact


def menu_times_from_validated(p: Vector, f: Vector, k: int, exact: bool) -> Vector:
    """τ = k (p/f) / Σ_j (p_j/f_j) on arguments already returned by ``validated_menu_times_args``."""
    if exact:
        ratios = [pi / fi for pi, fi in zip(p, f)]  # p_i / f_i
        z = sum(ratios, Fraction(0))  # Σ_j p_j / f_j  (> 0 since p ≠ 0)
        return [k * r / z for r in ratios]
    ratios_arr = np.asarray(p, dtype=float) / np.asarray(f, dtype=float)  # (no copy: already float64)
    return k * ratios_arr / ratios_arr.sum()


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
    return 1 - max(tau)


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
