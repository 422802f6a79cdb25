"""Mutation killers, paper A (choice, memory, menu times, MenuDist, projections, EIRD, smoothed simplex, _numerics).

Most tests elsewhere run in exact mode; these pin the *float* paths (and mixed exact/float, numpy-integer inputs)
against closed forms on small hand-made instances, so that a mutant of a float branch changes a checked value.
The issue's named survivors already have killers in ``tests/test_exact_or_error_a_math.py`` (the capped-simplex
float cap, ``in_eird_v``'s float test, ``smooth_point``, ``memory_l1_drift_bound``, the inclusive boundaries);
this file covers the rest. How the mutants were found and which survivors are equivalent: ``docs/mutation.md``.
"""

import math
from fractions import Fraction as F

import numpy as np
import pytest

from reference import _numerics as nm
from reference.adaptive_preferences.realizability import def1_memory as mem
from reference.adaptive_preferences.realizability import lemma1_menu_times as lm
from reference.adaptive_preferences.realizability import lemma1_proof_menu_dist as md
from reference.adaptive_preferences.realizability import sec2_choice as ch
from reference.adaptive_preferences.setting import def4_lemma2_smoothed_simplex as ss
from reference.adaptive_preferences.setting import projections as pj
from reference.adaptive_preferences.setting import sec2_eird as ei

# -- choice ----------------------------------------------------------------------------------------


def test_choice_distribution_float_and_exact_values():
    q = ch.choice_distribution((0, 2), np.array([1.0, 5.0, 3.0]))
    assert isinstance(q, np.ndarray) and list(q) == [0.25, 0.0, 0.75]
    assert ch.choice_distribution((2, 0), [1, 5, 3]) == [F(1, 4), 0, F(3, 4)]


def test_mixture_choice_distribution_float_value():
    mix = [((0, 1), 0.5), ((1, 2), 0.5)]
    p = ch.mixture_choice_distribution(mix, np.array([1.0, 3.0, 1.0]))
    assert p == pytest.approx([0.125, 0.375 + 0.375, 0.125], abs=1e-15)
    exact = ch.mixture_choice_distribution([((0, 1), F(1, 2)), ((1, 2), F(1, 2))], [1, 3, 1])
    assert exact == [F(1, 8), F(3, 4), F(1, 8)]


def test_menu_distribution_float_weights_tolerance():
    ok = ch.check_menu_distribution("f", [((0,), 0.5), ((1,), 0.5 + 1e-13)], 2, 1, exact=False)
    assert [w for _, w in ok] == [0.5, 0.5 + 1e-13]
    with pytest.raises(ValueError, match="sum to 1"):
        ch.check_menu_distribution("f", [((0,), 0.5), ((1,), 0.6)], 2, 1, exact=False)
    with pytest.raises(ValueError, match="non-negative"):
        ch.check_menu_distribution("f", [((0,), 1.5), ((1,), -0.5)], 2, 1, exact=False)


# -- memory ----------------------------------------------------------------------------------------


def test_discounted_memory_update_float_values_and_default_weight():  # the default W₀ = 1
    v, w = mem.discounted_memory_update(np.array([0.5, 0.5]), 0, 0.5)
    assert w == pytest.approx(1.5) and v == pytest.approx([0.5 / 3 * 1 + 2 / 3, 0.5 / 3], abs=1e-15)
    v, w = mem.discounted_memory_update([F(1, 2), F(1, 2)], 1, F(1, 2), F(2))
    assert w == 2 and v == [F(1, 4), F(3, 4)]


def test_memory_from_history_float_and_default_initial_weight():
    # W₀ = 1, v₀ = u: after history (0, 0), γ = 1/2: weights γ² (initial), γ, 1 → v₀ = (¼·½ + ½ + 1)/(¼ + ½ + 1)
    v = mem.memory_from_history([0, 0], 0.5, 2)
    assert v == pytest.approx([(0.125 + 1.5) / 1.75, 0.125 / 1.75], abs=1e-15)
    assert mem.memory_from_history([0, 0], F(1, 2), 2) == [F(13, 14), F(1, 14)]


def test_memory_tracker_matches_the_closed_form_in_floats():
    t = mem.MemoryTracker(3, 0.5)
    for i in (2, 0, 2):
        t.remember(i)
    assert t.memory == pytest.approx(mem.memory_from_history([2, 0, 2], 0.5, 3), abs=1e-15)
    assert t.weight == pytest.approx(0.125 + 0.25 + 0.5 + 1.0)


def test_memory_step_size_horizon_and_drift_values():
    assert mem.memory_step_size(0.5, 2.0) == pytest.approx(0.5)
    assert mem.memory_l1_drift_bound(0.5, 2.0) == pytest.approx(1.0)
    assert mem.effective_horizon(0.75) == pytest.approx(4.0) and mem.effective_horizon(1) == float("inf")


# -- menu times -----------------------------------------------------------------------------------


def test_menu_times_float_value_and_numpy_integer_inputs():
    tau = lm.menu_times(np.array([0.2, 0.3, 0.5]), np.array([1.0, 3.0, 5.0]), 2)
    r = np.array([0.2, 0.1, 0.1])
    assert tau == pytest.approx(2 * r / r.sum(), rel=1e-15)
    ints = lm.menu_times(np.array([1, 0, 0]), np.array([1, 2, 3]), 1)  # numeric array: float mode
    assert isinstance(ints, np.ndarray) and list(ints) == [1.0, 0.0, 0.0]
    exact = lm.menu_times([np.int64(1), 0, 0], [1, 2, 3], 1)  # numpy integers in a list: exact mode
    assert exact == [1, 0, 0] and all(isinstance(t, F) for t in exact)


def test_mixed_exact_and_float_inputs_compute_in_floats():
    tau = lm.menu_times([F(1, 2), F(1, 2)], [1.0, 3.0], 1)
    assert isinstance(tau, np.ndarray) and tau == pytest.approx([0.75, 0.25], rel=1e-15)


def test_ird_margin_and_in_ird_float_boundary_at_max_tau_one():
    p, f = np.array([0.5, 0.25, 0.25]), np.array([1.0, 1.0, 1.0])
    assert lm.ird_margin(p, f, 2) == pytest.approx(0.0, abs=1e-15)  # τ = (1, ½, ½)
    assert lm.in_ird(p, f, 2, atol=0.0)  # max τ = 1 exactly: inside (≤, not <)
    assert lm.in_ird([F(1, 2), F(1, 4), F(1, 4)], [1, 1, 1], 2)
    assert not lm.in_ird(np.array([0.6, 0.2, 0.2]), f, 2, atol=0.1)  # τ₁ = 1.2 > 1 + 0.1
    assert lm.in_ird(np.array([0.6, 0.2, 0.2]), f, 2, atol=0.2 + 1e-12)
    assert lm.ird_margin(np.array([0.6, 0.2, 0.2]), f, 2) == pytest.approx(-0.2, abs=1e-15)


# -- MenuDist -------------------------------------------------------------------------------------


def _reproduces(mu, p, f):
    q = ch.mixture_choice_distribution(mu, f)
    return np.max(np.abs(np.asarray(q, dtype=float) - np.asarray(p, dtype=float)))


@pytest.mark.parametrize("route", [md.menu_dist, md.menu_dist_comb])
def test_menu_dist_float_routes_reproduce_p_and_have_size_k_menus(route):
    p, f = np.array([0.4, 0.3, 0.2, 0.1]), np.array([2.0, 1.0, 1.0, 0.5])
    mu = route(p, f, 2)
    assert all(len(m) == 2 for m, _ in mu) and sum(w for _, w in mu) == pytest.approx(1.0, abs=1e-15)
    assert all(w >= 0 for _, w in mu)
    assert _reproduces(mu, p, f) <= 1e-12
    assert md.credit_menu_times(mu, f, 2) == pytest.approx(lm.menu_times(p, f, 2), abs=1e-12)


# -- projections ----------------------------------------------------------------------------------


def test_float_projections_against_closed_forms():
    assert pj.project_onto_simplex(np.array([0.5, 0.1, -0.2])) == pytest.approx([0.7, 0.3, 0.0], abs=1e-15)
    capped = pj.project_onto_capped_simplex(np.array([2.0, 0.0, 0.0]), 2)  # cap 1/2: (½, ¼, ¼)
    assert capped == pytest.approx([0.5, 0.25, 0.25], abs=1e-15)
    box = pj.project_onto_box_simplex(np.array([1.0, 0.0, 0.0]), 0.1, 0.6)  # (0.6, 0.2, 0.2)
    assert box == pytest.approx([0.6, 0.2, 0.2], abs=1e-15)
    smooth = pj.project_onto_smoothed_simplex(np.array([1.0, 0.0, 0.0]), 0.3)  # floor φ/n = 0.1
    assert smooth == pytest.approx([0.8, 0.1, 0.1], abs=1e-15)
    assert pj.project_onto_simplex([F(1, 2), F(1, 10), F(-1, 5)]) == [F(7, 10), F(3, 10), 0]


def test_projection_kkt_residual_is_zero_at_the_projection_and_positive_elsewhere():
    y = np.array([0.5, 0.1, -0.2])
    x = pj.project_onto_simplex(y)
    assert pj.projection_kkt_residual(y, x, 0.0, 1.0) <= 1e-14
    assert pj.projection_kkt_residual(y, np.array([1 / 3] * 3), 0.0, 1.0) > 0.1


def test_project_onto_eird_box_caps_at_lambda_over_k_minus_one_plus_lambda():
    x = pj.project_onto_eird_box(np.array([1.0, 0.0, 0.0, 0.0]), 0.5, 2)  # cap ⅓
    assert max(x) == pytest.approx(1 / 3, abs=1e-15) and sum(x) == pytest.approx(1.0, abs=1e-15)


# -- EIRD ------------------------------------------------------------------------------------------


def test_eird_box_float_values():
    assert ei.eird_box_cap(0.5, 2) == pytest.approx(1 / 3) and ei.eird_box_cap(F(1, 2), 2) == F(1, 3)
    assert ei.in_eird_box(np.array([1 / 3, 1 / 3, 1 / 3]), 0.5, 2)
    assert not ei.in_eird_box(np.array([0.4, 0.3, 0.3]), 0.5, 2)
    assert not ei.eird_box_is_empty(3, 1 / 3) and ei.eird_box_is_empty(3, 0.3)
    assert ei.uniform_in_eird_box(3, 2, 0.5) and not ei.uniform_in_eird_box(3, 2, 0.4)
    assert ei.score_ratio_floor(0.5, 2.0) == pytest.approx(0.5 / (4 * 1.5))


def test_in_eird_v_float_over_several_score_vectors():
    p = np.array([0.5, 0.25, 0.25])
    assert ei.in_eird_v(p, [np.ones(3)], 2)  # τ = (1, ½, ½)
    assert not ei.in_eird_v(p, [np.ones(3), np.array([0.5, 1.0, 1.0])], 2)  # second v: τ₁ = 4/3
    A = ei.eird_v_constraint_rows([np.array([1.0, 2.0, 4.0])], 2)
    row = 2 * np.eye(3) / np.array([1.0, 2.0, 4.0]) - 1 / np.array([1.0, 2.0, 4.0])
    assert A == pytest.approx(row, rel=1e-15)


# -- smoothed simplex -------------------------------------------------------------------------------


def test_smoothed_simplex_float_values():
    p = np.array([0.6, 0.3, 0.1])
    assert ss.smoothed_simplex_margin(p, 0.15) == pytest.approx(0.05, abs=1e-15)
    assert ss.in_smoothed_simplex(p, 0.3)  # p₃ = φ/n exactly: inside
    assert not ss.in_smoothed_simplex(p, 0.33) and ss.in_smoothed_simplex(p, 0.33, atol=0.011)
    assert ss.smooth_point(np.array([1.0, 0.0]), 0.5) == pytest.approx([0.75, 0.25], abs=1e-15)
    vertices = ss.smoothed_simplex_vertices(3, 0.3)
    assert vertices[1] == pytest.approx([0.1, 0.8, 0.1], abs=1e-15)
    assert ss.smoothed_simplex_vertices(2, F(1, 2))[0] == [F(3, 4), F(1, 4)]


# -- _numerics ---------------------------------------------------------------------------------------


def test_numerics_mode_and_helpers():
    assert nm.exact_mode([1, F(1, 2)], [np.int64(2)]) and not nm.exact_mode([1, 0.5])
    assert not nm.exact_mode(np.array([1, 2]))  # a numeric array is always float
    assert nm.uniform(4, exact=True) == [F(1, 4)] * 4 and list(nm.uniform(2)) == [0.5, 0.5]
    assert nm.fsum([0.1] * 10) == 1.0 and nm.fsum([F(1, 3)] * 3) == 1
    assert nm.max_abs_diff([1.0, 2.0], [1.5, 1.0]) == 1.0
    p32 = np.array([0.1, 0.2, 0.7], dtype=np.float32)
    q = nm.check_probability_vector("f", p32)
    assert q.dtype == np.float64 and abs(q.sum() - 1.0) <= 1e-15
    assert nm.check_k("f", np.int64(2), 3) == 2 and type(nm.check_k("f", np.int64(2), 3)) is int


def test_eird_box_boundaries_exact_and_float():
    assert ei.eird_box_is_empty(3, F(1, 3) - F(1, 10**15))  # exact: no slack
    assert not ei.eird_box_is_empty(3, (1 - 1e-13) / 3)  # float: slack EIRD_BOX_EMPTY_ATOL = 1e-12
    assert not ei.uniform_in_eird_box(4, 2, F(1, 3) - F(1, 10**20))  # exact comparison, below (k−1)/(n−1)
    value, p = ei.best_in_eird_box(np.array([1.0, 0.0, 0.0]), F(1, 2), 2)  # float rewards: float mode
    assert isinstance(p, np.ndarray) and p == pytest.approx([1 / 3] * 3) and value == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match=r"^eird_box_is_empty: cap"):
        ei.eird_box_is_empty(3, -0.1)
    with pytest.raises(ValueError, match=r"^box_applies: c"):
        ei.box_applies(3, 2, 0.5, 0.5)


def test_best_in_eird_box_exact_fill_stays_exact():  # cap ⅓, n = 4: fills ⅓, ⅓, ⅓ exactly
    value, p = ei.best_in_eird_box([F(3), F(2), F(1), F(0)], F(1, 2), 2)
    assert p == [F(1, 3), F(1, 3), F(1, 3), 0] and all(isinstance(x, F) for x in p)
    assert value == 2


# -- choice: validation of menu distributions (mutation run of 2026-12-06 13:25) --------------------


def test_check_menu_distribution_rejects_bad_entries_with_its_own_message():
    with pytest.raises(ValueError, match=r"^f: menu_distribution must be a list of \(menu, weight\) pairs"):
        ch.check_menu_distribution("f", [((0,), 0.5, 1), ((1,), 0.5)], 2, 1, exact=False)  # a triple
    with pytest.raises(ValueError, match=r"^f: menu_distribution weights must be real numbers"):
        ch.check_menu_distribution("f", [((0,), "0.5"), ((1,), 0.5)], 2, 1, exact=False)  # float("0.5") would pass
    with pytest.raises(ValueError, match=r"^f: menu_distribution weights must be finite"):
        ch.check_menu_distribution("f", [((0,), 10**400), ((1,), 0.5)], 2, 1, exact=False)  # float() overflows


def test_check_menu_distribution_accepts_zero_weights_in_both_modes():
    assert ch.check_menu_distribution("f", [((0,), 1.0), ((1,), 0.0)], 2, 1, exact=False)[1] == ((1,), 0.0)
    assert ch.check_menu_distribution("f", [((0,), 1), ((1,), 0)], 2, 1, exact=True)[1] == ((1,), 0)


def test_mixture_choice_distribution_float_mode_returns_an_array():
    p = ch.mixture_choice_distribution([((0, 1), 1.0)], np.array([1.0, 3.0]))
    assert isinstance(p, np.ndarray) and p.dtype == np.float64 and list(p) == [0.25, 0.75]


# -- memory: modes, bounds and validation (mutation run of 2026-12-06 13:27) -------------------------


def test_discounted_memory_update_float_memory_with_rational_gamma_stays_float():
    v, _ = mem.discounted_memory_update(np.array([0.5, 0.5]), 0, F(1, 2))  # float memory: float mode
    assert isinstance(v, np.ndarray) and not any(isinstance(x, F) for x in v)
    assert v == pytest.approx([5 / 6, 1 / 6], abs=1e-15)


def test_memory_from_history_zero_initial_weight_and_float_mode_types():
    # W₀ = 0, one selection: the memory is e_i (total weight 1, not 0)
    assert mem.memory_from_history([1], F(1, 2), 2, initial_weight=0) == [0, 1]
    assert list(mem.memory_from_history([1], 0.5, 2, initial_weight=0)) == [0.0, 1.0]
    for history in ([], [0, 1]):
        v = mem.memory_from_history(history, 0.5, 2)
        assert isinstance(v, np.ndarray) and v.dtype == np.float64
    v = mem.memory_from_history([0], 0.5, 2, initial_memory=[F(1, 2), F(1, 2)])  # float γ: float mode
    assert isinstance(v, np.ndarray) and v.dtype == np.float64 and v == pytest.approx([5 / 6, 1 / 6], abs=1e-15)


@pytest.mark.parametrize("bad", [1.5, True, 2])
def test_memory_from_history_rejects_non_indices(bad):
    with pytest.raises(ValueError, match=r"^memory_from_history: history must list item indices"):
        mem.memory_from_history([0, bad], 0.5, 2)


def test_memory_tracker_rejects_initial_memory_of_the_wrong_length():
    with pytest.raises(ValueError, match=r"^MemoryTracker: initial_memory"):
        mem.MemoryTracker(3, 0.5, initial_memory=[0.5, 0.5])


# -- menu times: the overflow-free float route (mutation run of 2026-12-06 13:29) --------------------


def _exact_menu_times(p, f, k):
    ratios = [F(x) / F(y) for x, y in zip(p, f)]
    return [float(k * r / sum(ratios)) for r in ratios]


@pytest.mark.parametrize(("p", "f"), [
    ([1e-12, 1 - 1e-12], [1e308, 1e308]),  # p₁/f₁ = 1e-320: deeply subnormal, must take the frexp route
    ([0.0, 0.5, 0.5], [5e-324, 1e308, 1.5e308]),  # every positive ratio subnormal; the zero entry has the top exponent
    ([0.5, 0.5], [5e-324, 1.0]),  # p₁/f₁ overflows
])
def test_menu_times_extreme_scores_match_exact_arithmetic_without_warnings(p, f):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow inside the float route would warn
        tau = lm.menu_times(np.array(p), np.array(f), 2)
    expected = _exact_menu_times(p, f, 2)
    assert np.all(np.isfinite(tau)) and tau == pytest.approx(expected, rel=1e-14, abs=0.0)


def test_sum_of_terms_is_the_correctly_rounded_sum():
    """``_sum_of_terms``' contract: Σ t for 0 ≤ t ≤ 2 correctly rounded (up to 2^−99 relative), as ``math.fsum``."""
    import math

    rng = np.random.default_rng(12)
    cases = [
        np.array([1.0, 2.0**-53, 2.0**-53]),  # a naive sum rounds to 1.0
        np.array([2.0**-80, 2.0**-80, 3 * 2.0**-90]),  # only the remainder digits
        np.array([1.0, 2.0**-53, 2.0**-79]),  # a near tie decided by the third digit
        rng.uniform(0, 2, 500) * 2.0 ** -rng.integers(0, 100, 500),  # every digit level
        np.full(40_000, 2.0**-80),  # more than one block of 2^15
        np.concatenate([rng.uniform(0, 2, 40_000), np.full(100, 2.0**-85)]),
    ]
    for t in cases:
        assert lm._sum_of_terms(t) == math.fsum(t)


# -- smoothed simplex: Definition 3's margin (mutation run of 2026-12-06 13:30) ----------------------


@pytest.mark.parametrize("scale", [0, -1, 0.0])
def test_scale_bounded_margin_rejects_a_non_positive_scale(scale):
    with pytest.raises(ValueError, match=r"^scale_bounded_margin: scale"):
        ss.scale_bounded_margin([1, 2, 3], [F(1, 2), F(1, 4), F(1, 4)], F(1, 2), 4, scale=scale)


def test_scale_bounded_margin_mode_needs_every_argument_rational():
    scores, memory = [F(1), F(2), F(3)], [F(1, 2), F(1, 4), F(1, 4)]
    assert ss.scale_bounded_margin(scores, memory, F(1, 2), 4) == 0 and isinstance(
        ss.scale_bounded_margin(scores, memory, F(1, 2), 4), F)
    for lam, c, scale in [(0.5, 4, 1), (F(1, 2), 4.0, 1), (F(1, 2), 4, 1.0)]:  # one float argument: float mode
        m = ss.scale_bounded_margin(scores, memory, lam, c, scale=scale)
        assert type(m) is float and m == 0.0
    # float memory with rational (λ, c): float mode (its entries are not checked to sum to 1 exactly)
    m = ss.scale_bounded_margin(np.array([1.0, 2.0, 3.0]), np.array([0.1, 0.2, 0.7]), F(1, 2), 4)
    assert type(m) is float and m == pytest.approx(min(1 - 0.6 / 4, 4 * 0.6 - 1, 2 - 0.7 / 4, 4 * 0.7 - 2,
                                                        3 - 1.2 / 4, 4 * 1.2 - 3), abs=1e-15)


class _AffineModel:  # f(v) = a + b v, a duck-typed preference model (n, scores; scores_batch optional)
    def __init__(self, n, a, b, batch):
        self.n, self.a, self.b = n, a, b
        if batch:
            self.scores_batch = lambda V: self.a + self.b * np.asarray(V)

    def scores(self, v):
        return self.a + self.b * np.asarray(v, dtype=float)


class _QuadraticModel:  # f(v) = 1 + v²/2: the lower gap of Definition 3 is convex in v_i, least at v_i = 2/3
    n = 3

    def scores(self, v):
        return 1.0 + 0.5 * np.asarray(v, dtype=float) ** 2


@pytest.mark.parametrize("batch", [False, True])
def test_scale_bounded_sampled_margin_is_the_minimum_over_its_memories(batch):
    model, lam, c, scale = _QuadraticModel(), 0.5, 3.0, 2.0
    if batch:
        model.scores_batch = lambda V: 1.0 + 0.5 * np.asarray(V) ** 2

    def margin(v, s=scale):
        return ss.scale_bounded_margin(model.scores(v), v, lam, c, scale=s)

    fixed = [np.eye(3)[i] for i in range(3)] + [np.full(3, 1 / 3)]
    m0, v0 = ss.scale_bounded_sampled_margin(model, lam, c, 0, 7, scale=scale)
    assert m0 == pytest.approx(min(margin(v) for v in fixed), abs=1e-15) and margin(v0) == pytest.approx(m0, abs=1e-15)
    m1, _ = ss.scale_bounded_sampled_margin(model, lam, c, 0, 7)  # default scale 1
    assert m1 == pytest.approx(min(margin(v, 1) for v in fixed), abs=1e-15)
    rng = np.random.default_rng(7)  # the documented draws: concentration 0.1, 1 or 10, Dirichlet
    draws = [rng.dirichlet(np.full(3, a)) for a in rng.choice([0.1, 1.0, 10.0], size=20)]
    m20, v20 = ss.scale_bounded_sampled_margin(model, lam, c, 20, 7, scale=scale)
    assert m20 == pytest.approx(min(margin(v) for v in fixed + draws), abs=1e-15) and m20 < m0  # interior minimum
    assert margin(v20) == pytest.approx(m20, abs=1e-15) and abs(v20.sum() - 1) <= 1e-12
    assert m20 > (1 + 0.5 * 4 / 9) / 2 - (2 / 3 + 0.5) / 3 - 1e-15  # the least lower gap, at v_i = 2/3

    class NoN:
        def scores(self, v):
            return np.ones(3)

    for bad in (object(), NoN()):
        with pytest.raises(ValueError, match=r"^scale_bounded_sampled_margin: model"):
            ss.scale_bounded_sampled_margin(bad, lam, c, 1, 7)


def test_scale_bounded_margin_formula_exact_and_float_with_a_scale():
    def expected(f, v, lam, c, s):
        return min(min(fi / s - (vi + lam) / c, c * (vi + lam) - fi / s) for fi, vi in zip(f, v))

    v, lam = [F(1, 2), F(1, 4), F(1, 4)], F(1, 10)
    for f, c in [([F(3), F(1), F(2)], F(3)), ([F(1, 5), F(9, 5), F(1)], F(4))]:  # a lower / an upper gap is the min
        assert ss.scale_bounded_margin(f, v, lam, c, scale=2) == expected(f, v, lam, c, 2)
        got = ss.scale_bounded_margin(np.array([float(x) for x in f]), np.array([0.5, 0.25, 0.25]), 0.1, float(c),
                                      scale=2.0)
        assert got == pytest.approx(float(expected(f, v, lam, c, 2)), abs=1e-15)
    model = _AffineModel(3, 1.0, np.array([1.0, 2.0, 0.5]), False)  # a model: its scores at the memory
    mem_v = np.array([0.5, 0.25, 0.25])
    assert ss.scale_bounded_margin(model, mem_v, 0.1, 3.0) == ss.scale_bounded_margin(model.scores(mem_v), mem_v,
                                                                                      0.1, 3.0)
    # exact memory and parameters with float scores: float mode (not an exact-mode rejection of the scores)
    assert type(ss.scale_bounded_margin(np.array([1.0, 2.0, 3.0]), v, F(1, 2), 4)) is float
    assert ss.is_scale_bounded_at([F(1), F(2), F(3)], v, F(1, 2), 4)
    assert not ss.is_scale_bounded_at([1.0, 2.0, 3.0], [0.5, 0.25, 0.25], 0.5, 3.9, atol=0.0)
    assert ss.is_scale_bounded_at([1.0, 2.0, 3.0], [0.5, 0.25, 0.25], 0.5, 3.9, atol=0.1)  # margin −0.05


def test_smoothed_simplex_margin_and_smooth_point_modes():
    m = ss.smoothed_simplex_margin([F(1, 2), F(1, 2)], F(1, 2))
    assert m == F(1, 4) and isinstance(m, F)
    m = ss.smoothed_simplex_margin(np.array([0.1, 0.2, 0.7]), F(3, 10))  # float p: float mode, no exact sum check
    assert type(m) is float and m == pytest.approx(0.0, abs=1e-15)
    x = ss.smooth_point(np.array([0.1, 0.2, 0.7]), F(1, 2))
    assert isinstance(x, np.ndarray) and x == pytest.approx([0.05 + 1 / 6, 0.1 + 1 / 6, 0.35 + 1 / 6], abs=1e-15)


def test_lemma2_bound_closed_form_where_the_kink_is_the_maximum():
    # n = 3, φ = 0.3: a ∈ [0.1, 0.8]; ε/2 = 0.3 inside, λ = 0.1: N* = h(0.3) = 3, S* = 0.2/0.35 = 4/7; c = 1
    assert ss.lemma2_menu_time_bound(3, 2, F(1, 10), 1, F(3, 10), F(3, 5)) == F(42, 25)
    for args in [(0.1, 1, F(3, 10), F(3, 5)), (F(1, 10), 1.0, F(3, 10), F(3, 5)), (F(1, 10), 1, 0.3, F(3, 5)),
                 (F(1, 10), 1, F(3, 10), 0.6)]:  # one float argument: a float bound
        b = ss.lemma2_menu_time_bound(3, 2, *args)
        assert type(b) is float and b == pytest.approx(42 / 25, rel=1e-14)
    with pytest.raises(ValueError, match=r"^lemma2_menu_time_bound: n"):
        ss.lemma2_menu_time_bound(1, 1, F(1, 10), 1, F(3, 10), F(3, 5))
    with pytest.raises(ValueError, match=r"^lemma2_min_phi: n"):
        ss.lemma2_min_phi(1, 1, 0.5, 1.0, 0.1)


def test_lemma2_min_phi_is_the_upper_end_of_a_width_two_to_minus_60_bracket():
    phi = ss.lemma2_min_phi(4, 2, 0.5, 1.2, 0.1)
    assert 0 < phi < 1 and phi == ss.lemma2_min_phi(4, 2, 0.5, 1.2, 0.1, iterations=60)
    assert ss.lemma2_condition(4, 2, 0.5, 1.2, phi, 0.1)[0]
    coarse = ss.lemma2_min_phi(4, 2, 0.5, 1.2, 0.1, iterations=4)  # bisection of [0, 1]: a multiple of 1/16
    assert coarse == math.ceil(phi * 16) / 16 and not ss.lemma2_condition(4, 2, 0.5, 1.2, coarse - 1 / 16, 0.1)[0]


def test_lemma2_ball_memories_corners_counts_and_items():
    p = np.array([0.5, 0.3, 0.2])
    out = ss.lemma2_ball_memories(p, 0.2)  # m_i = 0.1 for every i
    assert len(out) == 1 + 3 * 3 and list(out[1]) == pytest.approx([0.4, 0.4, 0.2], abs=1e-15)
    assert list(out[3]) == pytest.approx([0.4, 0.35, 0.25], abs=1e-15)  # evenly to the others
    assert len(ss.lemma2_ball_memories(p, 0.2, from_items=[0])) == 1 + 3
    assert len(ss.lemma2_ball_memories([0, F(1, 2), F(1, 2)], F(1, 2))) == 1 + 2 * 3  # item 0 has no mass to lose
    assert len(ss.lemma2_ball_memories([F(1, 2), F(1, 2), 0], F(1, 2))) == 1 + 2 * 3
    floats = ss.lemma2_ball_memories(np.array([0.1, 0.2, 0.7]), F(1, 2))  # float p: float mode
    assert all(isinstance(v, np.ndarray) for v in floats)


def test_lemma2_ball_memories_random_points_follow_the_documented_construction():
    p, eps = np.array([0.6, 0.3, 0.1]), 1.5
    got = ss.lemma2_ball_memories(p, eps, n_random=30, seed=5)[-30:]  # some with ‖d‖₁ < 1 before scaling
    rng = np.random.default_rng(5)
    for v in got:
        d = rng.normal(size=3)
        d -= d.mean()
        d *= rng.uniform(0, eps) / np.abs(d).sum()
        t = min(1.0, min(p[i] / -d[i] for i in range(3) if d[i] < 0))
        want = np.maximum(p + t * d, 0.0)
        assert v == pytest.approx(want / want.sum(), abs=1e-15)
        assert np.all(v >= 0) and np.abs(v - p).sum() <= eps + 1e-12


class _ConstantScores:
    def scores(self, v):
        return [1, 1, 1] if isinstance(v, list) else np.ones(3)


def test_lemma2_worst_menu_time_ties_and_from_items():
    worst, v = ss.lemma2_worst_menu_time(_ConstantScores(), [F(1, 2), F(1, 4), F(1, 4)], 2, F(1, 2))
    assert worst == 1 and v == [F(1, 2), F(1, 4), F(1, 4)]  # every memory ties: the first (v = p) is kept
    model = _AffineModel(3, 1.0, np.array([4.0, 0.0, 0.0]), False)  # f₁ grows with v₁
    p = np.array([0.5, 0.25, 0.25])
    w_all, v_all = ss.lemma2_worst_menu_time(model, p, 2, 0.4)
    w_0, v_0 = ss.lemma2_worst_menu_time(model, p, 2, 0.4, from_items=[0])  # only item 0 loses mass
    assert v_all == pytest.approx([0.7, 0.05, 0.25]) and w_all == pytest.approx(0.95 / 1.2)
    assert v_0 == pytest.approx(p) and w_0 == pytest.approx(0.75) and w_0 < w_all


def test_lemma2_conclusion_at_keys_and_both_modes_at_the_boundary():
    keys = {"worst_tau", "worst_memory", "in_ird", "lp_residual", "in_ird_lp"}
    d = F(1, 10**12)
    out = ss.lemma2_conclusion_at(_ConstantScores(), [F(1, 2) + d, F(1, 4), F(1, 4) - d], 2, F(1, 10), use_lp=False)
    assert set(out) == keys and out["worst_tau"] == 1 + 2 * d and out["in_ird"] is False  # exact: no tolerance
    out = ss.lemma2_conclusion_at(_ConstantScores(), [F(1, 2), F(1, 4), F(1, 4)], 2, F(1, 10), use_lp=False)
    assert out["in_ird"] is True and out["worst_memory"] == [F(1, 2), F(1, 4), F(1, 4)]
    fl = ss.lemma2_conclusion_at(_ConstantScores(), np.array([0.5 + 1e-12, 0.25, 0.25 - 1e-12]), 2, 0.1)
    assert set(fl) == keys and fl["in_ird"] is True  # float: within IRD_FLOAT_ATOL
    assert fl["lp_residual"] is not None and 0 <= fl["lp_residual"] <= 1e-9 and fl["in_ird_lp"] is True
    out = ss.lemma2_conclusion_at(_ConstantScores(), np.array([0.7, 0.2, 0.1]), 2, 0.1, n_random=2, seed=3)
    assert out["in_ird"] is False and out["in_ird_lp"] is False and out["lp_residual"] > 0.1  # τ₁ = 1.4
