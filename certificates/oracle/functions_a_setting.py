"""Oracle entries for paper A's setting (arXiv 2302.06014, §2–§5): the projections onto the decision sets,
the box corollary of EIRD and EIRD_V, the φ-smoothed simplex and Definition 3, Lemma 2's bound, Theorem 4's
hardness optimum, and the best fixed distribution in a box-simplex.

Same conventions as ``functions_a``: strategies build valid instances of sizes ``lo..hi`` (n), comparisons
name a tolerance with a one-line reason; boolean answers on float instances within rounding of the
deciding threshold may go either way (the band is stated in the tolerance); set-valued outputs (maximisers
at ties) are compared by what they must satisfy.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

import certificates.strategies as cs
from certificates.oracle import compare as cmp
from certificates.oracle.core import FunctionEntry, Tolerance, register
from certificates.oracle.functions_a import MENU_TIMES, PROJECTION, ROUNDING, A, projection_compare

__all__ = ["OPTIMUM", "LEMMA2", "LEMMA2_MARGIN", "MIN_PHI", "MARGIN", "CAP_BAND", "ENTRIES"]

OPTIMUM = Tolerance("optimum", 1e-12, 1e-15,
                    "the optimal value Σ_i R_i p_i sums ≤ n products: ≈ n·eps·max R; the maximiser may differ at "
                    "ties, it must be feasible (to 1e-12) and attain the value")
LEMMA2 = Tolerance("lemma2", 1e-10, 1e-15,
                   "a dozen operations; a − ε/2 cancels beside λ ≥ 5e-5, so ≤ 1e-11 relative")
LEMMA2_MARGIN = Tolerance("lemma2-margin", 0.0, 1e-9,
                          "1 − B with B ≤ k ≤ 64 known to ≈ 1e-11 relative; holds may go either way when "
                          "|1 − B| ≤ 1e-9")
MIN_PHI = Tolerance("min-phi", 0.0, 1e-9,
                    "φ* is the root of a float-evaluated B(φ) = 1 (bisection to 2^-60): roots agree to ≈ 1e-12; "
                    "None/number may differ when |1 − B(1)| ≤ 1e-9")
MARGIN = Tolerance("margin", 1e-12, 1e-13,
                   "a minimum of differences of quantities ≤ c(1 + λ) ≤ 8: cancellation leaves ≈ 8·eps absolute")
CAP_BAND = Tolerance("cap-band", 0.0, 2e-9,
                     "float instances within 2e-9 of the deciding threshold (a cap, φ/n, (k−1)/(n−1), τ = 1) "
                     "may be answered either way (the reference allows 1e-9 on some)")


def _cast(x, exact):
    """A Fraction (exact) or its float; vectors as lists of Fractions or float arrays."""
    if isinstance(x, (list, tuple)) and not exact:
        return np.array([float(e) for e in x])
    return x if exact else float(x)


# --------------------------------------------------------------------------------------------
# projections
# --------------------------------------------------------------------------------------------
def _y(lo, hi):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        return (draw(cs.projection_points(n, max_abs=1e6)),)
    return build()


def _y_k(lo, hi):
    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(lo, hi))
        return draw(cs.projection_points(n, max_abs=1e6)), k
    return build()


def _y_phi(lo, hi):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        phi = draw(st.sampled_from([Fraction(draw(st.integers(0, 20)), 20), Fraction(0), Fraction(1)]))
        y = draw(cs.projection_points(n, max_abs=1e6))
        return y, (phi if draw(st.booleans()) else float(phi))
    return build()


def _y_lam_k(lo, hi):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        exact = draw(st.booleans())
        lam, k = draw(cs.eird_box_parameters(n, exact=exact))
        return draw(cs.projection_points(n, exact=exact, max_abs=1e6)), lam, k
    return build()


def _kkt_instance(lo, hi):
    """(y, x, lower, upper): x the projection (residual 0), the projection with δ mass moved, or any point."""
    from reference.adaptive_preferences.setting.projections import project_onto_box_simplex  # noqa: PLC0415

    @st.composite
    def build(draw):
        y, lower, upper = draw(cs.box_simplex_instances(min_n=lo, max_n=hi, max_abs=1e6))
        x = project_onto_box_simplex(y, lower, upper)
        n = len(x)
        shape = draw(st.sampled_from(["projection", "moved", "other"]))
        if shape == "moved" and n > 1:
            i, j = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
            delta = Fraction(draw(st.integers(1, 1000)), 10**6)
            x = list(x) if isinstance(x, list) else x.copy()
            x[i] += delta if isinstance(x, list) else float(delta)
            x[j] -= delta if isinstance(x, list) else float(delta)
        elif shape == "other":
            x = draw(cs.simplex_points(n, exact=isinstance(x, list)))
        return y, x, lower, upper
    return build()


# --------------------------------------------------------------------------------------------
# the box corollary, EIRD_V
# --------------------------------------------------------------------------------------------
def _lam_k(lo, hi):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        return draw(cs.eird_box_parameters(n))
    return build()


def _p_lam_k(lo, hi):
    """(p, λ, k): p at the box cap (often exactly), a random simplex point, or just over the cap."""
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        exact = draw(st.booleans())
        lam, k = draw(cs.eird_box_parameters(n, exact=True))
        cap = lam / (k - 1 + lam)
        shape = draw(st.sampled_from(["capped", "any", "over"]))
        if shape == "any" or n == 1:
            p = draw(cs.simplex_points(n, exact=True))
        else:
            p = draw(cs.capped_points(n, cap, exact=True))
            if shape == "over":
                i, j = sorted(range(n), key=lambda t: -p[t])[:2]
                step = min(p[j], Fraction(1, 10**9))
                p[i], p[j] = p[i] + step, p[j] - step
        return _cast(p, exact), _cast(lam, exact), k
    return build()


def _rewards_lam_k(lo, hi):
    """(R, λ, k); float λ nudged up by ulps where n·cap < 1 in floats (the reference then raises)."""
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        exact = draw(st.booleans())
        lam, k = draw(cs.eird_box_parameters(n, exact=exact))
        if not exact:
            while n * (lam / (k - 1 + lam)) < 1:
                lam = float(np.nextafter(lam, 2.0))
        return draw(cs.reward_sums(n, exact=exact)), lam, k
    return build()


def _n_k_lam(lo, hi):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        lam, k = draw(cs.eird_box_parameters(n))
        if draw(st.booleans()) and n > 1 and k > 1:  # below the threshold: u_n outside
            lam = lam * Fraction(draw(st.integers(1, 99)), 100) if isinstance(lam, Fraction) else lam * 0.5
        return n, k, lam
    return build()


def _n_lam(lo, hi):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        return n, draw(cs.eird_box_parameters(n))[0]
    return build()


def _lam_c(lo, hi):
    @st.composite
    def build(draw):
        lam = Fraction(draw(st.integers(1, 100)), 100)
        c = draw(st.sampled_from([Fraction(draw(st.integers(10, 50)), 10), Fraction(1)]))
        return (lam, c) if draw(st.booleans()) else (float(lam), float(c))
    return build()


def _n_k_lam_c(lo, hi):
    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(max(lo, 2), max(hi, 2)))
        lam, c = draw(_lam_c(lo, hi))
        return n, k, lam, c
    return build()


def _eird_v_instance(lo, hi):
    """(p, V, k): p ∈ IRD(V[0]) (often on its boundary); V[1:] random, rescaled copies of V[0] or equal."""
    @st.composite
    def build(draw):
        p, f0, k = draw(cs.ird_points(min_n=lo, max_n=hi, exact=True))
        n = len(p)
        vs = [f0]
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["random", "scaled"]))
            vs.append(draw(cs.score_vectors(n, exact=True)) if kind == "random" else [3 * x for x in f0])
        exact = draw(st.booleans())
        return _cast(p, exact), [_cast(f, exact) for f in vs], k
    return build()


# --------------------------------------------------------------------------------------------
# the smoothed simplex, Definition 3
# --------------------------------------------------------------------------------------------
def _p_phi(lo, hi):
    """(p, φ): p = smooth_point(q, φ') with φ' = φ (on Δ_φ's boundary when q has zeros) or φ ± 1/100."""
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        exact = draw(st.booleans())
        q = draw(cs.simplex_points(n, exact=True))
        phi = draw(st.sampled_from([Fraction(draw(st.integers(0, 20)), 20), Fraction(0), Fraction(1)]))
        shift = draw(st.sampled_from([0, 0, Fraction(1, 100), -Fraction(1, 100)]))
        phi2 = min(max(phi + shift, Fraction(0)), Fraction(1))
        p = [(1 - phi2) * x + phi2 / n for x in q]
        return _cast(p, exact), _cast(phi, exact)
    return build()


def _n_phi(lo, hi):
    @st.composite
    def build(draw):
        n = draw(st.integers(max(lo, 2), max(hi, 2)))
        phi = draw(st.sampled_from([Fraction(draw(st.integers(0, 20)), 20), Fraction(0), Fraction(1)]))
        return n, (phi if draw(st.booleans()) else float(phi))
    return build()


def _scale_bounded(lo, hi):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        return draw(cs.scale_bounded_scores(n))
    return build()


# --------------------------------------------------------------------------------------------
# Lemma 2, Theorem 4, the box-simplex benchmark
# --------------------------------------------------------------------------------------------
def _lemma2(lo, hi):
    return cs.lemma2_parameters(min_n=lo, max_n=hi)


def _lemma2_min_phi(lo, hi):
    return cs.lemma2_parameters(min_n=lo, max_n=hi, exact=False).map(lambda a: (a[0], a[1], a[2], a[3], a[5]))


def _worst_instance(lo, hi):
    """(LinearScaleModel, p, k, ε): factors at 1/c, c or between; p ∈ Δ_φ or any point; ε ∈ [0, 2]."""
    from reference.adaptive_preferences.setting.def2_def3_models import LinearScaleModel  # noqa: PLC0415

    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(max(lo, 2), max(hi, 2)))
        exact = draw(st.booleans())
        lam = Fraction(draw(st.integers(1, 20)), 20)
        c = Fraction(draw(st.integers(10, 30)), 10)
        factors = [draw(st.sampled_from([1 / c, c, Fraction(1)])) for _ in range(n)]
        phi = Fraction(draw(st.integers(0, 10)), 10)
        p = [(1 - phi) * x + phi / n for x in draw(cs.simplex_points(n, exact=True))]
        eps = draw(st.sampled_from([Fraction(draw(st.integers(0, 20)), 10), Fraction(0), Fraction(2)]))
        if exact:
            return LinearScaleModel(lam, factors), p, k, eps
        return LinearScaleModel(float(lam), [float(f) for f in factors]), _cast(p, False), k, float(eps)
    return build()


def _set_size(lo, hi):
    @st.composite
    def build(draw):
        m = draw(st.integers(max(lo - 1, 1), max(hi - 1, 1)))
        s = draw(st.sampled_from([draw(st.integers(0, m)), 0, m]))
        k = draw(st.sampled_from([draw(st.integers(2, m + 1)), 2, m + 1]))
        lam = draw(st.sampled_from([Fraction(draw(st.integers(1, 99)), 100), Fraction(1), Fraction(1, 100)]))
        return s, m, (lam if draw(st.booleans()) else float(lam)), k
    return build()


def _hardness(lo, hi):
    return cs.hardness_instances(min_m=max(lo - 1, 1), max_m=max(hi - 1, 1))


def _box_benchmark(lo, hi):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        _, lower, upper = draw(cs.box_simplex_instances(min_n=n, max_n=n, exact=False))
        return draw(cs.reward_sums(n, exact=False)), lower, upper
    return build()


# --------------------------------------------------------------------------------------------
# comparisons
# --------------------------------------------------------------------------------------------
_vector = cmp.vector_rule
_scalar = cmp.scalar_rule
_tree = cmp.tree_rule


def _is_exact(*xs) -> bool:
    return all(cmp.is_rational(np.atleast_1d(np.asarray(x, dtype=object)).ravel().tolist()) for x in xs)


def _band(args, ref, cand, tol, distance):
    """Boolean with the rounding band: either answer when float and ``distance(args)`` ≤ tol.atol."""
    on_boundary = not _is_exact(*[a for a in args if not hasattr(a, "scores")]) and abs(distance(args)) <= tol.atol
    return cmp.boolean(ref, cand, on_boundary, "answer")


def _in_eird_box(args, ref, cand, tol):
    p, lam, k = args
    return _band(args, ref, cand, tol, lambda a: float(np.max(np.asarray(p, dtype=float))) - lam / (k - 1 + lam))


def _uniform_in_eird_box(args, ref, cand, tol):
    n, k, lam = args
    return _band(args, ref, cand, tol, lambda a: float(lam) - (k - 1) / max(n - 1, 1))


def _box_applies(args, ref, cand, tol):
    n, k, lam, c = args
    floor = float(lam) / (float(c) ** 2 * (1 + float(lam)))
    return cmp.boolean(ref, cand, abs(floor - (k - 1) / (n - 1)) <= tol.atol, "answer")


def _in_eird_v(args, ref, cand, tol):
    import reference.adaptive_preferences.realizability.lemma1_menu_times as mt  # noqa: PLC0415

    p, vs, k = args
    return _band(args, ref, cand, tol, lambda a: min(float(mt.ird_margin(p, f, k)) for f in vs))


def _best_in_eird_box(args, ref, cand, tol):
    from reference.adaptive_preferences.setting.sec2_eird import eird_box_cap  # noqa: PLC0415

    r, lam, k = args
    return cmp.best_value_and_point(ref, cand, tol, r, 0, eird_box_cap(lam, k))


def _best_in_box(args, ref, cand, tol):
    r, lower, upper = args
    return cmp.best_value_and_point(ref, cand, tol, r, lower, upper)


def _in_smoothed(args, ref, cand, tol):
    p, phi = args
    return _band(args, ref, cand, tol, lambda a: float(np.min(np.asarray(p, dtype=float))) - float(phi) / len(p))


def _is_scale_bounded(args, ref, cand, tol):
    from reference.adaptive_preferences.setting.def4_lemma2_smoothed_simplex import (  # noqa: PLC0415
        scale_bounded_margin,
    )

    return _band(args, ref, cand, tol, lambda a: float(scale_bounded_margin(*a)))


def _lemma2_condition(args, ref, cand, tol):
    if not (isinstance(cand, (tuple, list)) and len(cand) == 2):
        return f"the candidate must return (holds, margin); got {cand!r}"
    return cmp.scalar(ref[1], cand[1], tol, "margin") or cmp.boolean(
        ref[0], cand[0], not _is_exact(*args) and abs(float(ref[1])) <= tol.atol, "holds")


def _min_phi(args, ref, cand, tol):
    from reference.adaptive_preferences.setting.def4_lemma2_smoothed_simplex import lemma2_condition  # noqa: PLC0415

    n, k, lam, c, eps = args
    if (ref is None) != (cand is None):
        if abs(float(lemma2_condition(n, k, lam, c, 1.0, eps)[1])) <= tol.atol:
            return None  # B(1) within rounding of 1: "φ = 1 just works" and "no φ works" are both right
        return f"the reference returns {ref!r}, the candidate {cand!r}"
    return None if ref is None else cmp.scalar(ref, cand, tol, "smallest phi")


def _worst_menu_time(args, ref, cand, tol):
    """The worst τ agrees; the candidate's worst memory lies in the ε-ball and attains it (ties allowed)."""
    from reference.adaptive_preferences.realizability.lemma1_menu_times import menu_times  # noqa: PLC0415

    model, p, k, eps = args
    if not (isinstance(cand, (tuple, list)) and len(cand) == 2):
        return f"the candidate must return (worst_tau, worst_memory); got {cand!r}"
    message = cmp.scalar(ref[0], cand[0], tol, "worst menu time")
    if message or cmp.vectors(ref[1], cand[1], tol, "memory") is None:
        return message
    v = cand[1]
    try:
        tau = max(menu_times(p, model.scores(v), k))
    except (ValueError, TypeError) as exc:
        return f"the candidate's worst memory is not a memory: {exc}"
    dist = sum(abs(float(a) - float(b)) for a, b in zip(v, p))
    if dist > float(eps) + 1e-12:
        return f"the candidate's worst memory is at l1 distance {dist} > eps = {eps} from p"
    return cmp.scalar(ref[0], tau, tol, "menu time at the candidate's worst memory")


def _self_realizable(args, ref, cand, tol):
    import reference.adaptive_preferences.realizability.lemma1_menu_times as mt  # noqa: PLC0415

    model, p, k = args
    if _is_exact(p):
        return cmp.boolean(ref, cand, False, "answer")
    pf = np.asarray(p, dtype=float)
    gate = np.abs(model.m * pf[1:] - (1 - pf[0]))
    near_gate = bool(np.any((pf[1:] > 0) & (gate <= tol.atol)))
    near_tau = abs(float(mt.ird_margin(p, model.scores(p), k))) <= tol.atol
    return cmp.boolean(ref, cand, near_gate or near_tau, "answer")


SETTING = f"{A}.setting"
PROJ = f"{SETTING}.projections"
EIRD = f"{SETTING}.sec2_eird"
SMOOTH = f"{SETTING}.def4_lemma2_smoothed_simplex"
ENTRIES = [
    FunctionEntry("project_onto_simplex", "A", PROJ, "project_onto_simplex", _y, projection_compare, PROJECTION),
    FunctionEntry("project_onto_capped_simplex", "A", PROJ, "project_onto_capped_simplex", _y_k, projection_compare,
                  PROJECTION),
    FunctionEntry("project_onto_smoothed_simplex", "A", PROJ, "project_onto_smoothed_simplex", _y_phi,
                  projection_compare, PROJECTION),
    FunctionEntry("project_onto_eird_box", "A", PROJ, "project_onto_eird_box", _y_lam_k, projection_compare,
                  PROJECTION),
    FunctionEntry("projection_kkt_residual", "A", PROJ, "projection_kkt_residual", _kkt_instance,
                  projection_compare, PROJECTION),
    FunctionEntry("eird_box_cap", "A", EIRD, "eird_box_cap", _lam_k, _scalar, ROUNDING),
    FunctionEntry("in_eird_box", "A", EIRD, "in_eird_box", _p_lam_k, _in_eird_box, CAP_BAND),
    FunctionEntry("best_in_eird_box", "A", EIRD, "best_in_eird_box", _rewards_lam_k, _best_in_eird_box, OPTIMUM),
    FunctionEntry("uniform_in_eird_box", "A", EIRD, "uniform_in_eird_box", _n_k_lam, _uniform_in_eird_box,
                  CAP_BAND),
    FunctionEntry("box_corner_scores", "A", EIRD, "box_corner_scores", _n_lam, _tree, ROUNDING),
    FunctionEntry("score_ratio_floor", "A", EIRD, "score_ratio_floor", _lam_c, _scalar, ROUNDING),
    FunctionEntry("box_applies", "A", EIRD, "box_applies", _n_k_lam_c, _box_applies, CAP_BAND),
    FunctionEntry("in_eird_v", "A", EIRD, "in_eird_v", _eird_v_instance, _in_eird_v, CAP_BAND),
    FunctionEntry("in_smoothed_simplex", "A", SMOOTH, "in_smoothed_simplex", _p_phi, _in_smoothed, CAP_BAND),
    FunctionEntry("smooth_point", "A", SMOOTH, "smooth_point", _p_phi, _vector, ROUNDING),
    FunctionEntry("smoothed_simplex_margin", "A", SMOOTH, "smoothed_simplex_margin", _p_phi, _scalar, MARGIN),
    FunctionEntry("smoothed_simplex_vertices", "A", SMOOTH, "smoothed_simplex_vertices", _n_phi, _tree, ROUNDING),
    FunctionEntry("scale_bounded_margin", "A", SMOOTH, "scale_bounded_margin", _scale_bounded, _scalar, MARGIN),
    FunctionEntry("is_scale_bounded_at", "A", SMOOTH, "is_scale_bounded_at", _scale_bounded, _is_scale_bounded,
                  CAP_BAND),
    FunctionEntry("lemma2_menu_time_bound", "A", SMOOTH, "lemma2_menu_time_bound", _lemma2, _scalar, LEMMA2),
    FunctionEntry("lemma2_condition", "A", SMOOTH, "lemma2_condition", _lemma2, _lemma2_condition, LEMMA2_MARGIN),
    FunctionEntry("lemma2_min_phi", "A", SMOOTH, "lemma2_min_phi", _lemma2_min_phi, _min_phi, MIN_PHI),
    FunctionEntry("lemma2_worst_menu_time", "A", SMOOTH, "lemma2_worst_menu_time", _worst_instance,
                  _worst_menu_time, MENU_TIMES, max_size_cap=12),
    FunctionEntry("best_reward_for_set_size", "A", f"{A}.hardness.thm4_mis_reduction", "best_reward_for_set_size",
                  _set_size, _scalar, ROUNDING),
    FunctionEntry("is_self_realizable", "A", f"{A}.hardness.thm4_mis_reduction", "is_self_realizable", _hardness,
                  _self_realizable, CAP_BAND),
    FunctionEntry("best_in_box_simplex", "A", f"{SETTING}.regret", "best_in_box_simplex", _box_benchmark,
                  _best_in_box, OPTIMUM),
]

for _entry in ENTRIES:
    register(_entry)
