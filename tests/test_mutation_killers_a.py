"""Mutation killers, paper A (choice, memory, menu times, MenuDist, projections, EIRD, smoothed simplex, _numerics).

Most tests elsewhere run in exact mode; these pin the *float* paths (and mixed exact/float, numpy-integer inputs)
against closed forms on small hand-made instances, so that a mutant of a float branch changes a checked value.
The issue's named survivors already have killers in ``tests/test_exact_or_error_a_math.py`` (the capped-simplex
float cap, ``in_eird_v``'s float test, ``smooth_point``, ``memory_l1_drift_bound``, the inclusive boundaries);
this file covers the rest. How the mutants were found and which survivors are equivalent: ``docs/mutation.md``.
"""

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
