"""Oracle entries for paper A's deterministic functions (Agarwal & Brown, ALT 2024, arXiv 2302.06014).

Each entry: the reference function (looked up at call time), a strategy that *builds* valid instances of
sizes ``lo..hi`` (n, the number of items; default up to 64) reaching the hard cases (ties, boundaries,
exact Fractions, extreme magnitudes within the contract), and a comparison with a named tolerance whose
reason is stated in one line.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

import certificates.strategies as cs
from certificates.oracle import compare as cmp
from certificates.oracle.core import FunctionEntry, Tolerance, register

__all__ = ["ROUNDING", "MENU_TIMES", "PROJECTION", "INDUCED", "ENTRIES"]

A = "reference.adaptive_preferences"

ROUNDING = Tolerance("rounding", 1e-12, 1e-15,
                     "a few multiplications and one division per entry: agreement to rounding")
MENU_TIMES = Tolerance("menu-times", 1e-9, 1e-12,
                       "k·(p_i/f_i)/Σ_j p_j/f_j sums n ratios of scores spanning up to 1e6: ≈ n·1e6·eps relative")
PROJECTION = Tolerance("projection", 1e-9, 1e-12,
                       "the projection is unique; a breakpoint search and a bisection agree to ≈ n·eps·max|y|")
INDUCED = Tolerance("induced", 1e-9, 1e-12,
                    "Σ_K μ_K q(K; f) over ≤ n menus re-sums p with ≈ n·eps·max f/min f relative error")


# --------------------------------------------------------------------------------------------
# instance strategies: (lo, hi) bound n
# --------------------------------------------------------------------------------------------
def _menu_and_scores(lo: int, hi: int):
    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(lo, hi))
        return draw(cs.menus(n, k)), draw(cs.score_vectors(n))
    return build()


def _p_scores_k(lo: int, hi: int):
    return st.one_of(cs.ird_points(min_n=lo, max_n=hi), cs.any_points(min_n=lo, max_n=hi))


def _ird_instance(lo: int, hi: int):
    return cs.ird_points(min_n=lo, max_n=hi)


def _memory_update_instance(lo: int, hi: int):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        exact = draw(st.booleans())
        v = draw(cs.memory_vectors(n, exact=exact))
        chosen = draw(st.integers(0, n - 1))
        if exact:
            gamma = Fraction(draw(st.integers(1, 10)), 10)
            weight = Fraction(draw(st.integers(0, 20)), draw(st.integers(1, 5)))
        else:
            gamma = draw(st.sampled_from([0.1, 0.5, 0.9, 0.99, 1.0]))
            weight = draw(st.floats(0, 100))
        return v, chosen, gamma, weight
    return build()


def _box_instance(lo: int, hi: int):
    return cs.box_simplex_instances(max_n=hi)


def _credit_instance(lo: int, hi: int):
    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(lo, hi))
        exact = draw(st.booleans())
        return draw(cs.menu_distributions(n, k, exact=exact)), draw(cs.score_vectors(n, exact=exact)), k
    return build()


# --------------------------------------------------------------------------------------------
# comparisons
# --------------------------------------------------------------------------------------------
def _vector(args, ref, cand, tol):
    return cmp.vectors(ref, cand, tol)


def _scalar(args, ref, cand, tol):
    return cmp.scalar(ref, cand, tol)


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


BOUNDARY = Tolerance("boundary", 0.0, 1e-9,
                     "float instances with |1 − max τ| ≤ 1e-9 lie on the IRD boundary up to rounding: either answer")

ENTRIES = [
    FunctionEntry("choice_distribution", "A", f"{A}.realizability.sec2_choice", "choice_distribution",
                  _menu_and_scores, _vector, ROUNDING),
    FunctionEntry("menu_times", "A", f"{A}.realizability.lemma1_menu_times", "menu_times", _p_scores_k, _vector,
                  MENU_TIMES),
    FunctionEntry("in_ird", "A", f"{A}.realizability.lemma1_menu_times", "in_ird", _p_scores_k, _in_ird, BOUNDARY),
    FunctionEntry("ird_margin", "A", f"{A}.realizability.lemma1_menu_times", "ird_margin", _p_scores_k, _scalar,
                  MENU_TIMES),
    FunctionEntry("discounted_memory_update", "A", f"{A}.realizability.def1_memory", "discounted_memory_update",
                  _memory_update_instance, _memory_update, ROUNDING),
    FunctionEntry("project_onto_box_simplex", "A", f"{A}.setting.projections", "project_onto_box_simplex",
                  _box_instance, _vector, PROJECTION),
    FunctionEntry("menu_dist", "A", f"{A}.realizability.lemma1_proof_menu_dist", "menu_dist", _ird_instance,
                  _induced, INDUCED),
    FunctionEntry("menu_dist_comb", "A", f"{A}.realizability.lemma1_proof_menu_dist", "menu_dist_comb",
                  _ird_instance, _induced, INDUCED),
    FunctionEntry("credit_menu_times", "A", f"{A}.realizability.lemma1_proof_menu_dist", "credit_menu_times",
                  _credit_instance, _vector, MENU_TIMES),
]

for _entry in ENTRIES:
    register(_entry)
