"""Regret against target sets: greedy closed forms vs scipy LP, and Monte Carlo summaries."""

import math

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import reference.adaptive_preferences.setting.regret as rg


@st.composite
def box_instances(draw):
    n = draw(st.integers(1, 7))
    R = draw(st.lists(st.floats(0, 100), min_size=n, max_size=n))
    lo_mass = draw(st.floats(0, 1))
    lo = np.array(draw(st.lists(st.floats(0.01, 1), min_size=n, max_size=n)))
    lo = lo / lo.sum() * lo_mass * 0.999
    up = lo + np.array(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    if up.sum() < 1:
        up = up + (1 - up.sum()) / n + 1e-9
    return np.array(R), lo, np.minimum(up, 1.0)


@given(box_instances())
def test_greedy_equals_lp(inst):
    R, lo, up = inst
    v1, p1 = rg.best_in_box_simplex(R, lo, up)
    v2, _ = rg.best_in_box_simplex_lp(R, lo, up)
    note(f"greedy {v1} lp {v2}")
    assert math.isclose(v1, v2, rel_tol=1e-7, abs_tol=1e-7)
    assert abs(p1.sum() - 1) < 1e-9 and np.all(p1 >= lo - 1e-12) and np.all(p1 <= up + 1e-12)


def test_closed_forms_of_named_targets():
    R = np.array([3.0, 1.0, 2.0, 0.0])
    assert rg.best_in_target(R, "simplex")[0] == 3.0
    assert math.isclose(rg.best_in_target(R, "capped_simplex", k=2)[0], (3 + 2) / 2)
    phi = 0.4
    assert math.isclose(rg.best_in_target(R, "smoothed", phi=phi)[0], phi / 4 * R.sum() + (1 - phi) * 3)
    lam, k = 0.5, 2
    cap = lam / (k - 1 + lam)
    assert math.isclose(rg.best_in_target(R, "eird_box", lam=lam, k=k)[0], cap * (3 + 2 + 1))
    assert rg.regret(R, 1.0, "simplex") == 2.0


def test_eird_v_target_uses_the_lp_and_matches_box_for_constant_scores():
    # one constant score vector f = 1: EIRD_V = {p : k p_i <= 1} = the capped simplex
    R = np.array([0.3, 0.9, 0.5, 0.1])
    v, p = rg.best_in_target(R, "eird_v", score_vectors=[np.ones(4)], k=2)
    assert math.isclose(v, rg.best_in_target(R, "capped_simplex", k=2)[0], rel_tol=1e-7)


def test_monte_carlo_summary():
    s = rg.monte_carlo(lambda seed: float(np.random.default_rng(seed).normal()), range(400))
    assert abs(s.mean) < 4 * s.se and s.ci95[0] < s.mean < s.ci95[1]
    assert math.isclose(s.upper3se, s.mean + 3 * s.se)
    with pytest.raises(ValueError, match="monte_carlo: seeds must not be empty"):
        rg.monte_carlo(lambda s: 0.0, [])


def test_regret_errors():
    with pytest.raises(ValueError, match="best_in_target: target must be one of"):
        rg.best_in_target([1, 2], "ball")
    with pytest.raises(ValueError, match="best_in_box_simplex: the set .* is empty"):
        rg.best_in_box_simplex([1, 2], 0.6, 1.0)
    with pytest.raises(ValueError, match="needs phi in"):
        rg.best_in_target([1, 2], "smoothed")
    with pytest.raises(ValueError, match="best_in_target: k must be an integer"):
        rg.best_in_target([1, 2], "capped_simplex", k=3)
