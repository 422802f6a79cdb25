"""Score learning (paper A, Section 3.3 / B.3, recon) and memory drift (Appendix B.2, Lemmas 4–5)."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, note, target
from hypothesis import strategies as st

import reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift as mh
import reference.adaptive_preferences.long_memory.sec3_score_learning as sl
from reference.adaptive_preferences.realizability.def1_memory import memory_from_history
from reference.adaptive_preferences.realizability.sec2_choice import choice_distribution


# ---------------------------------------------------------------- the query design
@pytest.mark.parametrize("n,k", [(2, 2), (3, 2), (4, 2), (4, 3), (5, 3), (6, 4), (5, 5)])
def test_reference_design_covers_every_item_with_home_menu_containing_it(n, k):
    d = sl.reference_design(n, k)
    assert len(d.menus) == math.ceil((n - 1) / (k - 1))
    for menu in d.menus:
        assert len(menu) == k and len(set(menu)) == k and 0 in menu and list(menu) == sorted(menu)
    assert d.home[0] is None
    for i in range(1, n):
        assert i in d.menus[d.home[i]]
    assert d.pairs == len(d.menus) + n - 1


def test_reference_design_rejects_k_one_and_small_n():
    with pytest.raises(ValueError, match="reference_design: k must be at least 2"):
        sl.reference_design(4, 1)
    with pytest.raises(ValueError, match="reference_design: n must be an integer >= 2"):
        sl.reference_design(1, 1)


def test_estimate_is_exact_when_counts_are_proportional_to_choice_probabilities():
    f = np.array([0.5, 1.0, 0.25, 0.75, 0.4])
    d = sl.reference_design(5, 3)
    shows = 10**6
    counts = np.array([np.round(shows * choice_distribution(m, f)).astype(int) for m in d.menus])
    f_hat, positive = sl.estimate_scores(d, counts)
    assert positive and f_hat.max() == 1.0
    assert sl.log_spread(f_hat, f) < 1e-5


def test_estimate_flags_zero_counts():
    d = sl.reference_design(3, 2)
    counts = np.array([[5, 0, 0], [5, 0, 3]])
    f_hat, positive = sl.estimate_scores(d, counts)
    assert not positive and np.all(f_hat > 0)
    with pytest.raises(ValueError, match="estimate_scores: counts must have shape"):
        sl.estimate_scores(d, np.zeros((3, 3)))


def test_log_spread_is_scale_free_and_zero_iff_proportional():
    f = np.array([0.3, 0.9, 0.6])
    assert sl.log_spread(7 * f, f) == pytest.approx(0.0, abs=1e-15)
    assert sl.log_spread(f * np.array([1, 2, 1]), f) == pytest.approx(math.log(2))
    with pytest.raises(ValueError, match="log_spread"):
        sl.log_spread([1.0, -1.0, 1.0], f)


def test_score_query_enforces_its_schedule():
    q = sl.ScoreQuery(3, 2, 2)
    assert q.length == 4
    with pytest.raises(ValueError, match="ScoreQuery.record: menu must be the scheduled query menu"):
        q.record((1, 2), 1)
    with pytest.raises(ValueError, match="ScoreQuery.estimate: the phase has 0 of its 4 choices"):
        q.estimate()
    for _ in range(4):
        q.record(q.menu(), q.menu()[0])
    with pytest.raises(ValueError, match="already has all 4 choices"):
        q.record((0, 1), 0)


# ---------------------------------------------------------------- the accuracy guarantee
def test_accuracy_bound_matches_its_formula_and_monotonicity():
    n, k, lam, L, s, beta = 4, 2, 0.5, 0.3, 400, 0.1
    d = sl.reference_design(n, k)
    h = math.sqrt(math.log(2 * d.pairs / beta) / (2 * s))  # Hoeffding radius
    u = h / (lam / (lam + k - 1))  # relative
    eta = 2 * L * 0.01 / lam  # drift in log choice probability
    expected = 2 * (math.log(math.exp(eta) + u) - math.log(math.exp(-eta) - u))
    assert sl.score_accuracy_bound(n, k, lam, L, s, 0.01, beta) == pytest.approx(expected)
    assert sl.score_accuracy_bound(n, k, lam, L, 4 * s, 0.01, beta) < expected
    assert sl.score_accuracy_bound(n, k, lam, L, s, 0.05, beta) > expected
    assert sl.score_accuracy_bound(n, k, lam, L, 1, 0.0, beta) == math.inf
    with pytest.raises(ValueError, match=r"score_accuracy_bound: beta must be a finite real number in \(0, 1\)"):
        sl.score_accuracy_bound(n, k, lam, L, s, 0.0, 1.5)
    with pytest.raises(ValueError, match="score_accuracy_bound: drift must be"):
        sl.score_accuracy_bound(n, k, lam, L, s, -1.0, 0.1)


@given(seed=st.integers(0, 2**32 - 1))
def test_accuracy_bound_covers_a_constant_model_phase(seed):
    # With β = 1e-6 a miss would be a bug, not bad luck.
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 6))
    k = int(rng.integers(2, n + 1))
    lam = float(rng.uniform(0.2, 1.0))
    f = rng.uniform(lam, 1.0, size=n)
    d = sl.reference_design(n, k)
    shows = 2000
    counts = np.array([rng.multinomial(shows, choice_distribution(m, f)) for m in d.menus])
    spread = sl.log_spread(sl.estimate_scores(d, counts)[0], f)
    bound = sl.score_accuracy_bound(n, k, lam, 0.0, shows, 0.0, 1e-6)
    note(f"spread={spread}, bound={bound}")
    target(spread / bound if math.isfinite(bound) else 0.0)
    assert spread <= bound


# ---------------------------------------------------------------- Lemmas 4–5 (memory drift)
@given(n=st.integers(2, 5), num=st.integers(1, 10), w0=st.integers(0, 5), t=st.integers(0, 5), r=st.integers(1, 6))
@example(n=2, num=10, w0=0, t=0, r=1)
def test_lemma4_is_attained_by_repeating_an_absent_item(n, num, w0, t, r):
    gamma = Fraction(num, 10)
    v1 = [Fraction(1)] + [Fraction(0)] * (n - 1)
    hist = [0] * t + [n - 1] * r  # item n−1 absent from v_t, picked r times
    vt = memory_from_history(hist[:t], gamma, n, v1, w0)
    vtr = memory_from_history(hist, gamma, n, v1, w0)
    weight = gamma**t * w0 + sum((gamma**j for j in range(t)), Fraction(0))
    assert sum(abs(a - b) for a, b in zip(vtr, vt)) == mh.memory_drift_bound(gamma, weight, r)


def test_lemma5_rounds_are_maximal_and_above_closed_form():
    for gamma, weight, eps in [(0.99, 10.0, 0.1), (0.999, 1000.0, 0.5), (1.0, 5.0, 0.3), (0.9, 1.0, 1.9)]:
        r = mh.rounds_within_drift(gamma, weight, eps)
        assert mh.memory_drift_bound(gamma, weight, r) <= eps < mh.memory_drift_bound(gamma, weight, r + 1)
        assert mh.rounds_within_drift_lower(gamma, weight, eps) <= r
    assert mh.memory_drift_bound(0.5, 3.0, 0) == 0.0
    with pytest.raises(ValueError, match="memory_drift_bound: rounds must be an integer >= 0"):
        mh.memory_drift_bound(0.5, 1.0, -1)
    with pytest.raises(ValueError, match="rounds_within_drift_lower: weight must be at most the horizon"):
        mh.rounds_within_drift_lower(0.5, 3.0, 0.1)
