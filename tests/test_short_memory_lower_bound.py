"""Tests for Theorem 6's construction (reference/adaptive_preferences/short_memory/thm6_lower_bound.py)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, note
from hypothesis import strategies as st

import reference.adaptive_preferences.short_memory.thm6_lower_bound as sm
from reference.adaptive_preferences import (
    Agent,
    all_menus,
    choice_distribution,
    menu_times,
    mixture_choice_distribution,
)

GAMMAS = [Fraction(1, 3), Fraction(1, 5), Fraction(2, 5), Fraction(49, 100)]


@st.composite
def histories(draw, max_n=5, max_len=8):
    n = draw(st.integers(2, max_n))
    h = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=max_len))
    return n, tuple(h)


@st.composite
def family_sizes(draw):
    n = draw(st.integers(4, 8))
    k = draw(st.integers(3, n - 1))
    return n, k


# -- bad input --------------------------------------------------------------------------------
def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="decode_recent_history: gamma must be a finite real number in \\(0, 1/2\\)"):
        sm.decode_recent_history([Fraction(1, 2)] * 2, Fraction(1, 2), 1)
    with pytest.raises(ValueError, match="decode_recent_history: depth must be an integer >= 1"):
        sm.decode_recent_history([Fraction(1, 2)] * 2, Fraction(1, 3), 0)
    with pytest.raises(ValueError, match="ShortMemoryLowerBoundModel: k must satisfy 3 ≤ k ≤ n − 1"):
        sm.ShortMemoryLowerBoundModel(5, 2)
    with pytest.raises(ValueError, match="ShortMemoryLowerBoundModel: n must be an integer >= 4"):
        sm.ShortMemoryLowerBoundModel(3, 3)
    with pytest.raises(ValueError, match="interpolate_inverse_scores: weights must be non-negative and sum to 1"):
        sm.interpolate_inverse_scores([[1, 1]], [Fraction(1, 2)])


def test_infeasible_memory_is_rejected_not_decoded():
    # u_n itself is not the memory of any history of length ≥ 1
    with pytest.raises(ValueError, match="decode_recent_history: memory does not encode a history of length ≥ 1"):
        sm.decode_recent_history([Fraction(1, 4)] * 4, Fraction(1, 3), 1)
    # a one-step history cannot be decoded two steps deep
    v = sm.encode_history([2], Fraction(1, 3), 4)
    with pytest.raises(ValueError, match="is not a feasible memory vector"):
        sm.decode_recent_history(v, Fraction(1, 3), 2)


# -- encoding / decoding ----------------------------------------------------------------------
@given(histories(), st.sampled_from(GAMMAS))
@example((2, (0, 0, 0, 0, 0, 1)), Fraction(49, 100))
def test_decoding_inverts_encoding_exactly_and_in_floats(nh, gamma):
    n, h = nh
    v = sm.encode_history(h, gamma, n)
    vf = np.array([float(x) for x in v])
    for d in range(1, len(h) + 1):
        assert sm.decode_recent_history(v, gamma, d) == h[-d:]
        assert sm.decode_recent_history(vf, float(gamma), d) == h[-d:]


def test_total_weight_is_stationary_so_the_agent_keeps_a_decodable_memory():
    gamma, n = Fraction(1, 3), 4
    pre = (1, 3)
    model = sm.ShortMemoryLowerBoundModel(n, 3, depth=2, seed=3)
    v0 = np.array([float(x) for x in sm.encode_history(pre, gamma, n)])
    agent = Agent(model, float(gamma), seed=0, initial_memory=v0, initial_weight=float(sm.stationary_weight(gamma)))
    hist = list(pre)
    for _ in range(200):
        hist.append(agent.choose((0, 1, 2)))
        assert model.state(agent.memory) == tuple(hist[-2:])


def test_state_separation_bounds_on_all_short_histories():
    gamma, n, d = Fraction(1, 3), 3, 2
    within, between = sm.state_separation_bounds(gamma, d)
    vecs = {h: sm.encode_history(h, gamma, n) for h in itertools.product(range(n), repeat=d + 2)}
    for a, b in itertools.combinations(vecs, 2):
        dist = sum(abs(x - y) for x, y in zip(vecs[a], vecs[b]))
        if a[-d:] == b[-d:]:
            assert dist <= within
        else:
            assert dist >= between


# -- the random family ----------------------------------------------------------------------------
@given(family_sizes(), st.integers(0, 2**31 - 1), st.tuples(st.integers(0, 7), st.integers(0, 7)))
@example((6, 3), 0, (1, 2))
def test_optimal_menus_value_uniform_and_inconsistent_bound(nk, seed, raw_state):
    n, k = nk
    state = tuple(i % n for i in raw_state)
    model = sm.ShortMemoryLowerBoundModel(n, k, depth=2, seed=seed)
    A = model.companion_set(state)
    assert len(A) == k - 2 and set(A) <= set(range(1, n))
    f = model.state_scores(state)
    q1 = {K: choice_distribution(K, f)[0] for K in all_menus(n, k)}
    best = max(q1.values())
    note(f"A={A} best={best}")
    assert best == sm.optimal_reward(n, k) == Fraction(1, n)
    assert {K for K, q in q1.items() if q == best} == set(model.optimal_menus(state))
    u = [Fraction(1, n)] * n
    assert mixture_choice_distribution(model.optimal_menu_distribution(state), f, k) == u
    assert max(menu_times(u, f, k)) == 1
    worst_inconsistent = max(q for K, q in q1.items() if not ({0, *A} <= set(K)))
    assert worst_inconsistent == sm.inconsistent_menu_reward_bound(n, k) == Fraction(1, 2 * n - k)


@given(family_sizes())
def test_eird_benchmark_is_one_over_n(nk):
    n, k = nk
    assert sm.eird_item_one_upper_bound(n, k) == Fraction(1, n)


def test_companion_sets_are_reproducible_and_vary_with_the_state():
    a = sm.ShortMemoryLowerBoundModel(8, 4, depth=2, seed=11)
    b = sm.ShortMemoryLowerBoundModel(8, 4, depth=2, seed=11)
    sets = {a.companion_set(s) for s in itertools.product(range(8), repeat=2)}
    assert all(a.companion_set(s) == b.companion_set(s) for s in [(0, 1), (7, 7)])
    assert len(sets) > 5  # C(7, 2) = 21 possible sets over 64 states


def test_float_and_exact_scores_agree():
    model = sm.ShortMemoryLowerBoundModel(5, 3, depth=2, seed=1)
    v = sm.encode_history((4, 0, 2), Fraction(1, 3), 5)
    assert np.allclose(model.scores(np.array([float(x) for x in v])), [float(x) for x in model.scores(v)])


def test_lipschitz_constant_formula():
    # L = (n − k)/(γ^{d−1}(1 − 2γ)): n=6, k=3, γ=1/3, d=2 → 3/((1/3)(1/3)) = 27
    assert sm.lower_bound_lipschitz_constant(6, 3, Fraction(1, 3), 2) == 27


@given(family_sizes())
def test_fresh_state_regret_bound_holds(nk):
    n, k = nk
    loss = Fraction(1, n) - sm.fresh_state_best_reward(n, k)
    note(f"loss={loss} bound={sm.fresh_state_regret_lower_bound(n, k)}")
    assert loss >= sm.fresh_state_regret_lower_bound(n, k) >= 0


def test_fresh_state_bound_is_tight_for_k_equal_3():
    # k = 3: A_s is a single item, an inconsistent menu earns exactly 1/(2n − k)
    for n in range(4, 8):
        assert Fraction(1, n) - sm.fresh_state_best_reward(n, 3) == sm.fresh_state_regret_lower_bound(n, 3)
