"""EXP-φ and Theorem 5 for every instance (paper A, §6.1 / E.1): the committed-item bound, its concavity, the
window recursion, the bound; the algorithm (memory tracking, Lemma R's recency filling).

Reference: reference/adaptive_preferences/short_memory/sec6_exp_phi.py and thm5_exp_phi.py.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, note, target
from hypothesis import strategies as st
from scipy.optimize import linprog
from short_memory_strategies import params

import reference.adaptive_preferences.short_memory.sec6_exp_phi as ep
import reference.adaptive_preferences.short_memory.thm5_exp_phi as sm
from reference.adaptive_preferences.setting.def2_def3_models import random_scale_bounded_model
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction


def test_concavity_residual_is_zero_and_second_derivative_negative():
    _, g2, residual = sm.concavity_second_derivative()
    assert residual == 0
    x, lam, D = sp.symbols("x lambda D", positive=True)
    assert sp.simplify(g2 + 2 * D / (x + lam + D) ** 3) == 0


@given(p=params(), xs=st.lists(st.floats(0, 1), min_size=1, max_size=5), data=st.data())
def test_chord_below_expected_g(p, xs, data):
    n, k, lam, c, _ = p
    w = np.array(data.draw(st.lists(st.floats(0.01, 1), min_size=len(xs), max_size=len(xs))))
    w /= w.sum()
    xs = np.array(xs)
    lhs = float(w @ sm.committed_choice_lower_bound(xs, n, k, lam, c))
    chord = float(sm.chord_lower_bound(float(w @ xs), n, k, lam, c))
    target(chord - lhs)
    assert chord <= lhs + 1e-12


def test_committed_bound_is_exact_for_extreme_model_at_round_zero():
    """f_a = (x+λ)/c, fillers c(v_j+λ) with v_j = 1/(n−1): the bound g(0) is attained."""
    n, k, lam, c = 5, 3, 0.2, 1.5
    v = np.full(n, 1 / (n - 1))
    v[0] = 0
    f = np.array([(v[i] + lam) * (c if i else 1 / c) for i in range(n)])
    menu = ep.lowest_fill_menu(0, v, k)
    prob = f[0] / f[list(menu)].sum()
    assert math.isclose(prob, float(sm.committed_choice_lower_bound(0.0, n, k, lam, c)))


@given(p=params())
def test_fixed_point_solves_chord_equation_and_window_bounds_increase_to_it(p):
    n, k, lam, c, gamma = p
    m = sm.fixed_point(n, k, lam, c)
    assert math.isclose(float(sm.chord_lower_bound(m, n, k, lam, c)), m, rel_tol=1e-12, abs_tol=1e-15)
    ell = sm.window_frequency_lower_bounds(60, n, k, lam, c, gamma)
    assert np.all(np.diff(ell) >= -1e-15) and ell[-1] <= m + 1e-12
    # closed form equals the recursion m_{t+1} = m_t + (1 − γ)(h(m_t) − m_t)
    mt, rec = 0.0, []
    for _ in range(60):
        rec.append(float(sm.chord_lower_bound(mt, n, k, lam, c)))
        mt = mt + (1 - gamma) * (float(sm.chord_lower_bound(mt, n, k, lam, c)) - mt)
    assert np.allclose(ell, rec, atol=1e-12)


@given(p=params(), phi=st.floats(0.0, 1.0))
def test_rounds_to_vertex_value_is_the_first_crossing(p, phi):
    n, k, lam, c, gamma = p
    t = sm.rounds_to_vertex_value(phi, n, k, lam, c, gamma)
    tgt = 1 - phi + phi / n
    note(f"t={t}")
    if t is None:
        assert sm.fixed_point(n, k, lam, c) <= tgt + 1e-12
    elif t < 10**5:
        ell = sm.window_frequency_lower_bounds(t + 1, n, k, lam, c, gamma)
        assert ell[t] >= tgt - 1e-9
        if t > 0:
            assert ell[t - 1] < tgt + 1e-9


def test_vertex_phi_min_makes_the_vertex_reachable():
    n, k, lam, c, gamma = 6, 2, 0.3, 1.2, 0.5
    phi = sm.vertex_phi_min(n, k, lam, c) + 0.01
    assert sm.rounds_to_vertex_value(phi, n, k, lam, c, gamma) is not None
    assert sm.rounds_to_vertex_value(max(0.0, phi - 0.05), n, k, lam, c, gamma) is None


@given(R=st.lists(st.floats(0, 100), min_size=2, max_size=8), phi=st.floats(0, 1))
def test_smoothed_benchmark_equals_lp(R, phi):
    R = np.array(R)
    n = len(R)
    res = linprog(-R, A_eq=np.ones((1, n)), b_eq=[1.0], bounds=[(phi / n, 1.0)] * n, method="highs")
    # HiGHS' feasibility tolerance is ~1e-7 on the bounds, hence the tolerance scaled by Σ R
    assert math.isclose(sm.smoothed_benchmark(R, phi), -res.fun, rel_tol=1e-9, abs_tol=1e-6 * max(1.0, R.sum()))


def test_lowest_fill_menu():
    assert ep.lowest_fill_menu(3, [0.1, 0.5, 0.2, 0.0, 0.2], 3) == (0, 2, 3)
    assert ep.lowest_fill_menu(0, [0.1, 0.5, 0.2, 0.0, 0.2], 1) == (0,)


def test_theorem5_bound_terms_and_exp_phi_run():
    n, k, lam, c, gamma, phi, T = 5, 2, 0.3, 1.2, 0.5, 0.7, 600
    L = sm.theorem5_window(T, n, k, lam, c, gamma, phi)
    rng = np.random.default_rng(0)
    rewards = (rng.uniform(size=(T, n)) < 0.5).astype(float)
    bound = sm.theorem5_regret_bound(rewards, L, n, k, lam, c, gamma, phi)
    assert math.isclose(bound["total"], sum(v for key, v in bound.items() if key != "total"))
    alg = ep.ExpPhi(n, k, gamma, window=L, horizon=T, seed=1)
    model = random_scale_bounded_model(n, lam, c, 2)
    tr = run_interaction(alg, Agent(model, gamma, seed=3), rewards, k)
    assert len(alg.pulls) == T // L
    assert all(0 <= s <= 1 for s in alg.committed_share)
    assert math.isclose(alg.filler_shares().sum(), 1.0) or alg.filler_shares().sum() == 0
    regret = sm.smoothed_benchmark(tr.reward_sum, phi) - tr.total_reward
    assert regret <= bound["total"]


def test_transient_deficit_matches_sum():
    n, k, lam, c, gamma = 6, 2, 0.3, 1.2, 0.8
    ell = sm.window_frequency_lower_bounds(5000, n, k, lam, c, gamma)
    m = sm.fixed_point(n, k, lam, c)
    assert math.isclose(sm.transient_deficit(n, k, lam, c, gamma), float((m - ell).sum()), rel_tol=1e-9)


def test_errors_are_full_sentences():
    with pytest.raises(ValueError, match="committed_choice_lower_bound: c must be a finite real number >= 1"):
        sm.committed_choice_lower_bound(0.1, 5, 2, 0.1, 0.5)
    with pytest.raises(ValueError, match="window_frequency_lower_bounds: L must be an integer >= 1"):
        sm.window_frequency_lower_bounds(0, 5, 2, 0.1, 1.2, 0.5)
    with pytest.raises(ValueError, match="ExpPhi: horizon must be an integer >= 1"):
        ep.ExpPhi(5, 2, 0.5, window=3, horizon=0, seed=0)
    with pytest.raises(ValueError, match=r"ExpPhi: gamma must be a finite real number in \(0, 1\)"):
        ep.ExpPhi(5, 2, 0.0, window=3, horizon=10, seed=0)
    with pytest.raises(ValueError, match="smoothed_benchmark: phi must be a finite real number in"):
        sm.smoothed_benchmark([1.0, 2.0], 1.5)
    with pytest.raises(ValueError, match="theorem5_regret_bound: rewards must have shape"):
        sm.theorem5_regret_bound(np.zeros((3, 4)), 2, 5, 2, 0.1, 1.2, 0.5, 0.5)


@given(R=st.lists(st.floats(0, 100), min_size=2, max_size=8), phi=st.floats(0, 1))
def test_smoothed_benchmark_is_the_best_vertex(R, phi):
    """The setting's greedy route equals the closed form (1 − φ) max R + (φ/n) Σ R."""
    R = np.array(R)
    closed = (1 - phi) * R.max() + phi * R.mean()
    assert math.isclose(sm.smoothed_benchmark(R, phi), closed, rel_tol=1e-12, abs_tol=1e-9)


@pytest.mark.parametrize("gamma", [0.3, 0.7])
def test_exp_phi_tracks_the_agents_memory_bit_for_bit(gamma):
    """One Definition 1 implementation: ExpPhi's MemoryTracker equals the agent's after every round."""
    n, k, L, T = 5, 3, 7, 60
    model = random_scale_bounded_model(n, 0.3, 1.2, 4)
    alg = ep.ExpPhi(n, k, gamma, window=L, horizon=T, seed=5)
    agent = Agent(model, gamma, seed=6)
    for t in range(T):
        menu = alg.propose(t)
        chosen = agent.choose(menu)
        alg.observe(t, menu, chosen, 0.5)
        assert np.array_equal(alg.memory, agent.memory) and alg.tracker.weight == agent.weight
    assert alg.use_recency == (gamma < 0.5)


# ------------------------------------------------------------------------------------------------
# Lemma R: recency filling = lowest-memory filling for γ < 1/2
# ------------------------------------------------------------------------------------------------
@given(n=st.integers(3, 7), num=st.integers(1, 49), hist=st.lists(st.integers(0, 6), max_size=30),
       k=st.integers(2, 3), data=st.data())
def test_recency_fill_equals_lowest_exact_memory_for_gamma_below_half(n, num, hist, k, data):
    gamma = Fraction(num, 100)
    m0 = [Fraction(data.draw(st.integers(0, 10)), 10) for _ in range(n)]
    mass, last = list(m0), [-1] * n
    for t, i in enumerate(hist):
        i %= n
        mass = [gamma * x for x in mass]
        mass[i] += 1
        last[i] = t
    ranks = np.array([float(sorted(set(mass)).index(x)) for x in mass])
    for a in range(n):
        recency = ep.recency_fill_menu(a, last, [float(x) for x in m0], min(k, n))
        assert ep.lowest_fill_menu(a, ranks, min(k, n)) == recency


def test_lemma_r_needs_gamma_below_half():
    """γ = 3/5: an item chosen three times earlier outweighs one chosen once more recently — recency ≠ memory."""
    g = Fraction(3, 5)
    mass_old_twice = g**2 + g**3 + g**4  # chosen at lags 2, 3, 4
    mass_recent_once = g**1
    assert mass_old_twice > mass_recent_once
