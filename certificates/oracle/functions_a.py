"""Oracle entries for paper A's deterministic functions (Agarwal & Brown, ALT 2024, arXiv 2302.06014):
choice, menu times, MenuDist and memory (``realizability``), and the box-simplex projection.

Each entry: the reference function (looked up at call time), a strategy that *builds* valid instances of
sizes ``lo..hi`` (n, the number of items; default up to 64) reaching the hard cases (ties, boundaries,
exact Fractions, extreme magnitudes within the contract), and a comparison with a named tolerance whose
reason is stated in one line. The other paper-A entries: ``functions_a_setting`` (projections, EIRD,
smoothed simplex, Lemma 2, Theorem 4) and ``functions_a_bounds`` (memory drift, OGD/DBG, the theorems'
bounds, the decision-set and score-learning scalars).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

import certificates.strategies as cs
from certificates.oracle import compare as cmp
from certificates.oracle.core import FunctionEntry, Tolerance, register

__all__ = ["ROUNDING", "MENU_TIMES", "PROJECTION", "INDUCED", "BOUNDARY", "SUMS", "EXACT", "ENTRIES",
           "projection_compare", "A"]

A = "reference.adaptive_preferences"
EPS = float(np.finfo(float).eps)

ROUNDING = Tolerance("rounding", 1e-12, 1e-15,
                     "a few multiplications and one division per entry: agreement to rounding")
MENU_TIMES = Tolerance("menu-times", 1e-9, 1e-12,
                       "k·(p_i/f_i)/Σ_j p_j/f_j sums n ratios of scores spanning up to 1e6: ≈ n·1e6·eps relative")
PROJECTION = Tolerance("projection", 1e-9, 1e-12,
                       "the projection is unique; a breakpoint search and a bisection agree to ≈ n·eps·max|y| "
                       "(4·n·eps·max|y| is added to the allowed error)")
INDUCED = Tolerance("induced", 1e-9, 1e-12,
                    "Σ_K μ_K q(K; f) over ≤ n menus re-sums p with ≈ n·eps·max f/min f relative error")
BOUNDARY = Tolerance("boundary", 0.0, 2e-9,
                     "the reference accepts max τ ≤ 1 + 1e-9 (IRD_FLOAT_ATOL), the exact test max τ ≤ 1: "
                     "on float instances with |1 − max τ| ≤ 2e-9 either answer")
SUMS = Tolerance("sums", 1e-10, 1e-15,
                 "sums of ≤ 60 discounted terms (γ^j, j ≤ 60) divided by their total: ≈ t·eps relative")
EXACT = Tolerance("exact", 0.0, 0.0, "integer outputs (menus, rounds): equal, in the order the reference documents")


# --------------------------------------------------------------------------------------------
# instance strategies: (lo, hi) bound n
# --------------------------------------------------------------------------------------------
def _menu_and_scores(lo: int, hi: int):
    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(lo, hi))
        return draw(cs.menus(n, k)), draw(cs.score_vectors(n, wide=True))
    return build()


@st.composite
def _wide_points(draw, lo: int, hi: int):
    """(p, scores, k) with float scores spanning 1e-6..1e6."""
    n, k = draw(cs.sizes(lo, hi))
    return draw(cs.simplex_points(n, exact=False)), draw(cs.score_vectors(n, exact=False, wide=True)), k


def _p_scores_k(lo: int, hi: int):
    return st.one_of(cs.ird_points(min_n=lo, max_n=hi), cs.any_points(min_n=lo, max_n=hi), _wide_points(lo, hi))


def _ird_instance(lo: int, hi: int):
    return cs.ird_points(min_n=lo, max_n=hi)


def _memory_update_instance(lo: int, hi: int):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        exact = draw(st.booleans())
        v = draw(cs.memory_vectors(n, exact=exact))
        chosen = draw(st.integers(0, n - 1))
        gamma = draw(cs.discounts(exact=exact))
        weight = Fraction(draw(st.integers(0, 200)), draw(st.integers(1, 5)))
        return v, chosen, gamma, (weight if exact else float(weight))
    return build()


def _box_instance(lo: int, hi: int):
    return cs.box_simplex_instances(min_n=lo, max_n=hi, max_abs=1e6)


def _credit_instance(lo: int, hi: int):
    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(lo, hi))
        exact = draw(st.booleans())
        return draw(cs.menu_distributions(n, k, exact=exact)), draw(cs.score_vectors(n, exact=exact)), k
    return build()


def _history_instance(lo: int, hi: int):
    return cs.memory_histories(min_n=lo, max_n=hi)


def _gamma_weight(lo: int, hi: int):
    @st.composite
    def build(draw):
        exact = draw(st.booleans())
        weight = Fraction(draw(st.integers(0, 10**6)), draw(st.sampled_from([1, 3, 1000])))
        return draw(cs.discounts(exact=exact)), (weight if exact else float(weight))
    return build()


def _gamma(lo: int, hi: int):
    return st.builds(lambda g: (g,), cs.discounts())


def _all_menus_instance(lo: int, hi: int):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        k = draw(st.sampled_from([1, n, max(1, n - 1), min(2, n), min(3, n)]))
        return n, (k if math.comb(n, k) <= 5000 else 1)
    return build()


# --------------------------------------------------------------------------------------------
# comparisons
# --------------------------------------------------------------------------------------------
_vector = cmp.vector_rule
_scalar = cmp.scalar_rule
_tree = cmp.tree_rule


def projection_compare(args, ref, cand, tol):
    """Vectors, with 4·n·eps·max|y| added to the allowed error (the water level θ is a mean of up to n
    entries of y); exact outputs equal."""
    y = np.asarray([float(e) for e in args[0]])
    scaled = Tolerance(tol.name, tol.rtol, tol.atol + 4 * y.size * EPS * float(np.max(np.abs(y))), tol.reason)
    return cmp.vectors(ref, cand, scaled, "projection")


def _in_ird(args, ref, cand, tol):
    """Equal bools; on float instances within ``tol.atol`` of the boundary (|1 − max τ|) rounding decides."""
    import reference.adaptive_preferences.realizability.lemma1_menu_times as mt  # noqa: PLC0415

    p, scores, k = args
    on_boundary = not (cmp.is_rational(p) and cmp.is_rational(scores)) and abs(
        float(mt.ird_margin(p, scores, k))) <= tol.atol
    return cmp.boolean(ref, cand, on_boundary, "membership")


def _memory_update(args, ref, cand, tol):
    return cmp.pair(ref, cand, tol, ("memory", "weight"))


def _induced(args, ref, cand, tol):
    p, scores, k = args
    return cmp.induced_distribution(p, scores, k, cand, tol)


def _menus(args, ref, cand, tol):
    try:
        got = [tuple(int(i) for i in m) for m in cand]
    except TypeError:
        return f"the candidate's output is not a list of menus: {cand!r}"
    if got == list(ref):
        return None
    if sorted(got) == list(ref):
        return "the candidate lists the right menus but not in lexicographic order"
    return f"the candidate lists {len(got)} menus, the reference {len(ref)}; first difference " \
           f"{next((a, b) for a, b in zip([*ref, None], [*got, None]) if a != b)}"


REALIZABILITY = f"{A}.realizability"
ENTRIES = [
    FunctionEntry("choice_distribution", "A", f"{REALIZABILITY}.sec2_choice", "choice_distribution",
                  _menu_and_scores, _vector, ROUNDING),
    FunctionEntry("menu_times", "A", f"{REALIZABILITY}.lemma1_menu_times", "menu_times", _p_scores_k, _vector,
                  MENU_TIMES),
    FunctionEntry("in_ird", "A", f"{REALIZABILITY}.lemma1_menu_times", "in_ird", _p_scores_k, _in_ird, BOUNDARY),
    FunctionEntry("ird_margin", "A", f"{REALIZABILITY}.lemma1_menu_times", "ird_margin", _p_scores_k, _scalar,
                  MENU_TIMES),
    FunctionEntry("discounted_memory_update", "A", f"{REALIZABILITY}.def1_memory", "discounted_memory_update",
                  _memory_update_instance, _memory_update, ROUNDING),
    FunctionEntry("project_onto_box_simplex", "A", f"{A}.setting.projections", "project_onto_box_simplex",
                  _box_instance, projection_compare, PROJECTION),
    FunctionEntry("menu_dist", "A", f"{REALIZABILITY}.lemma1_proof_menu_dist", "menu_dist", _ird_instance,
                  _induced, INDUCED),
    FunctionEntry("menu_dist_comb", "A", f"{REALIZABILITY}.lemma1_proof_menu_dist", "menu_dist_comb",
                  _ird_instance, _induced, INDUCED),
    FunctionEntry("credit_menu_times", "A", f"{REALIZABILITY}.lemma1_proof_menu_dist", "credit_menu_times",
                  _credit_instance, _vector, MENU_TIMES),
    FunctionEntry("mixture_choice_distribution", "A", f"{REALIZABILITY}.sec2_choice", "mixture_choice_distribution",
                  _credit_instance, _vector, INDUCED),
    FunctionEntry("memory_from_history", "A", f"{REALIZABILITY}.def1_memory", "memory_from_history",
                  _history_instance, _vector, SUMS),
    FunctionEntry("memory_step_size", "A", f"{REALIZABILITY}.def1_memory", "memory_step_size", _gamma_weight,
                  _scalar, ROUNDING),
    FunctionEntry("memory_l1_drift_bound", "A", f"{REALIZABILITY}.def1_memory", "memory_l1_drift_bound",
                  _gamma_weight, _scalar, ROUNDING),
    FunctionEntry("effective_horizon", "A", f"{REALIZABILITY}.def1_memory", "effective_horizon", _gamma, _tree,
                  ROUNDING),
    FunctionEntry("all_menus", "A", f"{REALIZABILITY}.sec2_choice", "all_menus", _all_menus_instance, _menus, EXACT),
]

for _entry in ENTRIES:
    register(_entry)
