"""Menu times and Lemma 1 (paper A, Section 3.1, Appendix B.1).

Main statements
---------------
* ``menu_times(p, scores, k)`` — τ_i(p; v) = k · (p_i / f_i) / Σ_j (p_j / f_j)        [recon]
* ``menu_times_sum`` — Σ_i τ_i = k for every p and v                                   [seed]
* ``in_ird(p, scores, k)`` — **Lemma 1**: p ∈ IRD(v) ⇔ max_i τ_i(p; v) ≤ 1              [seed + recon]
* ``ird_margin(p, scores, k)`` — 1 − max_i τ_i, how much Lemma 1's condition holds by.

Why τ (the derivation we re-did, spec §5). If a menu distribution μ induces p, then item i is
chosen with probability p_i = Σ_{K∋i} μ_K f_i / F_K (F_K = Σ_{j∈K} f_j). Put
α_K = (μ_K/F_K) / Z with Z = Σ_K μ_K/F_K: then p_i / f_i = Z Σ_{K∋i} α_K, so
τ_i := Σ_{K∋i} α_K = (p_i/f_i)/Z, and since each menu has k items Σ_i τ_i = k Σ_K α_K = k,
which fixes Z = Σ_j (p_j/f_j)/k. τ_i is the share of "menu time" item i must be on the menu;
it cannot exceed 1. The converse (any τ ∈ [0,1]^n with Σ τ = k is realised) is MenuDist.

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
Certified: ``menu_times_sum_eq_k`` (numeric and sympy), ``mem_ird_iff_menu_times_le_one``
(agreement with the all-menus LP), ``credit_menu_times_eq_menu_times``.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

import numpy as np

from reference._numerics import check_k, check_positive_vector, check_probability_vector, exact_mode

__all__ = ["menu_times", "in_ird", "ird_margin", "IRD_FLOAT_ATOL"]

#: Tolerance of float-mode ``in_ird``: max τ ≤ 1 + IRD_FLOAT_ATOL. Exact mode uses none.
IRD_FLOAT_ATOL = 1e-9


def _validated(fn: str, p, scores, k):
    exact = exact_mode(p, scores)
    f = check_positive_vector(fn, scores, exact=exact)
    n = len(f)
    p = check_probability_vector(fn, p, n=n, exact=exact)
    k = check_k(fn, k, n)
    return p, f, k, exact


def _menu_times_validated(p, f, k, exact):
    if exact:
        ratios = [pi / fi for pi, fi in zip(p, f)]  # p_i / f_i
        z = sum(ratios, Fraction(0))  # Σ_j p_j / f_j  (> 0 since p ≠ 0)
        return [k * r / z for r in ratios]
    ratios = p / f
    return k * ratios / ratios.sum()


def menu_times(p, scores, k):
    """τ_i(p; v) = k (p_i/f_i) / Σ_j (p_j/f_j): the menu time item i needs for p to be realised.

    Σ_i τ_i = k always. Exact (list of Fractions) when p and scores are rational.
    """
    p, f, k, exact = _validated("menu_times", p, scores, k)
    return _menu_times_validated(p, f, k, exact)


def ird_margin(p, scores, k):
    """1 − max_i τ_i(p; v): non-negative iff p ∈ IRD(v) (Lemma 1). Exact in exact mode."""
    p, f, k, exact = _validated("ird_margin", p, scores, k)
    tau = _menu_times_validated(p, f, k, exact)
    return 1 - max(tau)


def in_ird(p, scores, k, *, atol: float = IRD_FLOAT_ATOL) -> bool:
    """Lemma 1: p ∈ IRD(v) ⇔ max_i τ_i(p; v) ≤ 1.

    Exact mode: no tolerance. Float mode: max τ ≤ 1 + ``atol``.
    """
    p, f, k, exact = _validated("in_ird", p, scores, k)
    if isinstance(atol, (bool, np.bool_)) or not isinstance(atol, numbers.Real) or not 0 <= atol < math.inf:
        raise ValueError(f"in_ird: atol must be a finite non-negative number; got {atol!r}.")
    tau = _menu_times_validated(p, f, k, exact)
    if exact:
        return max(tau) <= 1
    return bool(np.max(tau) <= 1 + atol)
