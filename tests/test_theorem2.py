"""Theorem 2 (paper A, recon): the bound, its parameters and its rate."""


import pytest

import reference.adaptive_preferences.long_memory.sec3_score_learning as sl
import reference.adaptive_preferences.long_memory.thm2_regret_bound as t2


def test_rate_exponent_is_one_minus_c_over_four():
    assert t2.rate_exponent(1) == 0.75
    assert t2.rate_exponent(0.5) == 0.875
    assert t2.rate_exponent(2) == 0.75  # horizon beyond T: the uniform-memory rate
    with pytest.raises(ValueError, match="rate_exponent: c must be a finite real number > 0"):
        t2.rate_exponent(0)
    assert t2.gamma_for_exponent(10**4, 0.5) == pytest.approx(0.99)


def test_max_phases_extremes():
    # D ≥ 2: memory can never move more than 2, so one phase only
    assert t2.max_phases(0.99, 1.0, 1000, 0, 10, 2.0) == 1
    # tiny D: a new phase right after each one (cycle = m)
    assert 90 <= t2.max_phases(0.99, 1.0, 1000, 100, 10, 1e-9) <= 95  # blocks round up: an upper bound
    # monotone in D
    counts = [t2.max_phases(0.999, 1.0, 10**5, 0, 20, d) for d in (0.01, 0.05, 0.2)]
    assert counts[0] >= counts[1] >= counts[2]


def test_bound_invalid_without_margin_on_lambda():
    params = t2.practical_parameters(3, 2, 0.5, 0.1, 0.99, 1000)
    b = t2.theorem2_regret_bound(3, 2, 0.5, 0.1, 0.99, 1000, params)
    assert not b.valid and b.total == 1000 and "lam > (k-1)/(n-1)" in b.reason


def test_theory_bound_is_valid_sublinear_and_sums_its_terms_at_large_T():
    T = 10**12
    params, b = t2.theory_parameters(3, 2, 0.9, 0.1, t2.gamma_for_exponent(T, 1.0), T, grid=5)
    assert b.valid and b.total < 0.5 * T
    assert b.total == pytest.approx(sum(b.terms.values()))
    assert params.phi >= b.phi_needed
    assert b.sigma_bar <= params.sigma_bar + 1e-12
    assert b.query_length == sl.query_length(3, 2, params.shows)


def test_theorem2_rejects_bad_T():
    params = t2.practical_parameters(3, 2, 0.9, 0.1, 0.99, 100)
    with pytest.raises(ValueError, match="theorem2_regret_bound: T must be an integer >= 1"):
        t2.theorem2_regret_bound(3, 2, 0.9, 0.1, 0.99, 0, params)


def test_max_phases_cached_agrees_with_max_phases():
    t2.max_phases_cached.cache_clear()
    for args in [(0.99, 1.0, 1000, 100, 10, 0.05), (0.999, 1.0, 10**5, 0, 20, 0.2)]:
        assert t2.max_phases_cached(*args) == t2.max_phases(*args)
