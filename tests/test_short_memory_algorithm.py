"""EXP-φ and Theorem 5 (recon): the committed-item bound, its concavity, the window recursion, the bound."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, note, target
from hypothesis import strategies as st
from scipy.optimize import linprog

import reference.adaptive_preferences.short_memory.thm5_exp_phi as sm
from reference.adaptive_preferences.setting.def2_def3_models import random_scale_bounded_model
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction


@st.composite
def params(draw):
    n = draw(st.integers(3, 9))
    k = draw(st.integers(1, n))
    lam = draw(st.floats(0.01, 1.0))
    c = draw(st.floats(1.0, 3.0))
    gamma = draw(st.floats(0.0, 0.95))
    return n, k, lam, c, gamma


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
    menu = sm.lowest_fill_menu(0, v, k)
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
    assert sm.lowest_fill_menu(3, [0.1, 0.5, 0.2, 0.0, 0.2], 3) == (0, 2, 3)
    assert sm.lowest_fill_menu(0, [0.1, 0.5, 0.2, 0.0, 0.2], 1) == (0,)


def test_theorem5_bound_terms_and_exp_phi_run():
    n, k, lam, c, gamma, phi, T = 5, 2, 0.3, 1.2, 0.5, 0.7, 600
    L = sm.theorem5_window(T, n, k, lam, c, gamma, phi)
    rng = np.random.default_rng(0)
    rewards = (rng.uniform(size=(T, n)) < 0.5).astype(float)
    bound = sm.theorem5_regret_bound(rewards, L, n, k, lam, c, gamma, phi)
    assert math.isclose(bound["total"], sum(v for key, v in bound.items() if key != "total"))
    alg = sm.ExpPhi(n, k, gamma, window=L, horizon=T, seed=1)
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
    with pytest.raises(ValueError, match="committed_choice_lower_bound: c must be a finite number >= 1"):
        sm.committed_choice_lower_bound(0.1, 5, 2, 0.1, 0.5)
    with pytest.raises(ValueError, match="window_frequency_lower_bounds: window must be a positive integer"):
        sm.window_frequency_lower_bounds(0, 5, 2, 0.1, 1.2, 0.5)
    with pytest.raises(ValueError, match="ExpPhi: horizon must be a positive integer"):
        sm.ExpPhi(5, 2, 0.5, window=3, horizon=0, seed=0)
    with pytest.raises(ValueError, match="theorem5_regret_bound: rewards must have shape"):
        sm.theorem5_regret_bound(np.zeros((3, 4)), 2, 5, 2, 0.1, 1.2, 0.5, 0.5)


# ------------------------------------------------------------------------------------------------
# Gap A: Lemma R, the k = 2 bound, the k = 3 finding
# ------------------------------------------------------------------------------------------------
from fractions import Fraction  # noqa: E402


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
        assert sm.lowest_fill_menu(a, ranks, min(k, n)) == sm.recency_fill_menu(a, last, [float(x) for x in m0], min(k, n))


def test_lemma_r_needs_gamma_below_half():
    """γ = 3/5: an item chosen three times earlier outweighs one chosen once more recently — recency ≠ memory."""
    g = Fraction(3, 5)
    mass_old_twice = g**2 + g**3 + g**4  # chosen at lags 2, 3, 4
    mass_recent_once = g**1
    assert mass_old_twice > mass_recent_once


def test_filler_rounding_deficit_is_the_max_over_remainders():
    for n in range(2, 12):
        best = max(r * (n - 1 - r) / (n - 1) for r in range(n - 1)) if n > 2 else 0.0
        assert math.isclose(sm.filler_rounding_deficit(n), best)


@given(p=params(), seed=st.integers(0, 2**31 - 1))
def test_committed_choice_upper_bound_dominates_exact_choice_probability(p, seed):
    n, k, lam, c, _ = p
    rng = np.random.default_rng(seed)
    v = rng.dirichlet(np.ones(n))
    f = np.array([(v[i] + lam) * rng.uniform(1 / c, c) for i in range(n)])
    menu = sm.lowest_fill_menu(0, v, k)
    assert f[0] / f[list(menu)].sum() <= sm.committed_choice_upper_bound(n, k, lam, c) + 1e-12


def test_k2_bound_validates_its_hypotheses():
    mu = np.full((12, 3), 0.5)
    with pytest.raises(ValueError, match="gamma must be < 1/2"):
        sm.theorem5_k2_regret_bound(mu, 4, 3, 0.5, 1.2, 0.5, 0.9)
    bad = mu.copy()
    bad[1, 0] = 0.1
    with pytest.raises(ValueError, match="constant on every pull window"):
        sm.theorem5_k2_regret_bound(bad, 4, 3, 0.5, 1.2, 0.3, 0.9)
    terms = sm.theorem5_k2_regret_bound(mu, 4, 3, 0.5, 1.2, 0.3, 0.9)
    assert terms["overshoot"] == 0 and terms["warmup"] == 0  # all items equal: no a*-vs-average gap


def test_k2_apriori_bound_has_exponent_two_thirds():
    n, lam, c, gamma = 4, 0.5, 1.2, 0.3
    phi = sm.vertex_phi_min(n, 2, lam, c) + 0.05
    grid = [10**4, 10**5, 10**6, 10**7, 10**8]
    vals = [sm.theorem5_k2_apriori_bound(T, n, lam, c, gamma, phi) for T in grid]
    slope = np.polyfit(np.log(grid), np.log(vals), 1)[0]
    assert abs(slope - 2 / 3) < 0.03
    assert math.isfinite(sm.vertex_transient(n, 2, lam, c, gamma, phi))
    assert sm.vertex_transient(n, 2, lam, c, gamma, sm.vertex_phi_min(n, 2, lam, c) - 0.05) == math.inf


def test_exp_phi_k2_fillers_rotate_exactly():
    n, lam, c, gamma, L = 5, 0.3, 1.5, 0.4, 13
    model = random_scale_bounded_model(n, lam, c, 3)
    rewards = np.random.default_rng(0).uniform(size=(20 * L, n))
    alg = sm.ExpPhi(n, 2, gamma, window=L, horizon=20 * L, seed=1)
    tr = run_interaction(alg, Agent(model, gamma, seed=2), rewards, 2, record=True)
    ch = np.asarray(tr.choices)
    for w, arm in enumerate(alg.pulls):
        fill = np.delete(np.bincount(ch[w * L:(w + 1) * L], minlength=n), arm)
        assert fill.max() - fill.min() <= 1


def test_linear_regret_instance_is_scale_bounded_and_in_scope():
    inst = sm.theorem5_linear_regret_instance()
    c = inst["c"]
    assert all(1 / c - 1e-12 <= f <= c + 1e-12 for f in inst["factors"])
    assert sm.vertex_phi_min(inst["n"], inst["k"], inst["lam"], c) <= inst["phi"]
    assert math.isclose(sm.smoothed_benchmark(np.asarray(inst["reward"]), inst["phi"]), inst["benchmark_per_round"])


# ------------------------------------------------------------------------------------------------
# Theorem 5 for k ≥ 3 (ours): g̃, Lemma F, the condition, the bound
# ------------------------------------------------------------------------------------------------
@st.composite
def concave_params(draw):
    """(n, k, λ, c, γ) with k ≥ 2, γ < 1/2 and c²(k−1) ≤ n−1 (c drawn below its cap)."""
    n = draw(st.integers(3, 12))
    k = draw(st.integers(2, n - 1))
    lam = draw(st.floats(0.01, 1.0))
    c = draw(st.floats(1.0, math.sqrt((n - 1) / (k - 1))))
    gamma = draw(st.floats(0.0, 0.49))
    return n, k, lam, c, gamma


@given(p=params(), seed=st.integers(0, 2**31 - 1))
def test_seed_bound_is_a_valid_per_round_lower_bound_and_dominates_g(p, seed):
    n, k, lam, c, _ = p
    k = max(k, 2)
    rng = np.random.default_rng(seed)
    v = rng.dirichlet(np.full(n, 0.5))
    f = np.array([(v[i] + lam) * rng.choice([1 / c, c, rng.uniform(1 / c, c)]) for i in range(n)])
    a = int(rng.integers(0, n))
    menu = sm.lowest_fill_menu(a, v, k)
    prob = f[a] / f[list(menu)].sum()
    g_tilde = float(sm.seed_committed_choice_lower_bound(v[a], n, k, lam, c))
    target(g_tilde - prob)
    note(f"P={prob}, g~={g_tilde}")
    assert g_tilde <= prob + 1e-12
    assert g_tilde >= float(sm.committed_choice_lower_bound(v[a], n, k, lam, c)) - 1e-15


def test_seed_bound_second_derivative_closed_form_and_concavity_condition():
    _, residual, positive = sm.seed_bound_second_derivative()
    assert residual == 0
    lam, c, k, n = (sp.Symbol(x, positive=True) for x in ("lambda", "c", "k", "n"))
    assert sp.simplify(positive - c**2 * (k - 1) * (lam * n + 1) / (n - 1)) == 0  # b₀ − λb₁ > 0 for k > 1
    xs = np.linspace(0, 1, 201)
    for n, k, c, concave in [(8, 3, 1.1, True), (4, 3, 1.5, False), (5, 3, math.sqrt(2), True), (6, 4, 1.5, False)]:
        g = sm.seed_committed_choice_lower_bound(xs, n, k, 0.1, c)
        second = np.diff(g, 2)
        assert (np.all(second <= 1e-15) if concave else np.all(second > 0)), (n, k, c)
        assert (c * c * (k - 1) <= n - 1 + 1e-12) == concave


@given(p=concave_params(), L=st.integers(1, 300))
def test_seed_window_bounds_closed_form_equals_recursion_and_cumulative_sum(p, L):
    n, k, lam, c, gamma = p
    ell = sm.seed_window_frequency_lower_bounds(L, n, k, lam, c, gamma)
    g0, g1 = sm.seed_committed_choice_lower_bound([0.0, 1.0], n, k, lam, c)
    m, rec = 0.0, []
    for _ in range(L):
        h = (1 - m) * g0 + m * g1
        rec.append(h)
        m += (1 - gamma) * (h - m)
    assert np.allclose(ell, rec, atol=1e-12)
    assert math.isclose(float(sm._seed_cumulative(L, n, k, lam, c, gamma)), float(ell.sum()), rel_tol=1e-9,
                        abs_tol=1e-9)
    assert ell[-1] <= sm.seed_fixed_point(n, k, lam, c) + 1e-12
    assert sm.seed_fixed_point(n, k, lam, c) >= sm.fixed_point(n, k, lam, c) - 1e-12


@given(n=st.integers(3, 9), data=st.data())
def test_lemma_f_any_choice_sequence_respects_the_filler_count_bound(n, data):
    """Pathwise: whatever the agent picks from LRU menus, each filler's count ≤ 1 + (F−1)/(n−k+1)."""
    k = data.draw(st.integers(2, n - 1))
    a = data.draw(st.integers(0, n - 1))
    picks = data.draw(st.lists(st.integers(0, k - 1), min_size=1, max_size=80))
    m0 = np.array(data.draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    last = np.full(n, -1.0)
    counts = np.zeros(n, dtype=int)
    for t, i in enumerate(picks):
        menu = sm.recency_fill_menu(a, last, m0, k)
        chosen = menu[i]
        counts[chosen] += 1
        last[chosen] = t
    F = int(counts.sum() - counts[a])
    worst = int(np.delete(counts, a).max())
    bound = sm.filler_count_upper_bound(F, n, k)
    target(float(worst - bound))
    assert worst <= bound


def test_lemma_f_is_tight_for_a_rotating_agent_and_exceeds_equal_share():
    """An agent that always picks the newest-entered filler: fillers 1, 2 alternate while 3 waits."""
    n, k, a = 4, 3, 0
    last = np.full(n, -1.0)
    m0 = np.full(n, 0.25)
    counts = np.zeros(n, dtype=int)
    for t in range(12):
        menu = [i for i in sm.recency_fill_menu(a, last, m0, k) if i != a]
        chosen = max(menu, key=lambda i: (last[i], i))  # most recent of the two fillers in the menu
        counts[chosen] += 1
        last[chosen] = t
    F = int(counts.sum())
    assert np.delete(counts, a).max() == math.floor(sm.filler_count_upper_bound(F, n, k))
    assert np.delete(counts, a).max() > 1 + (F - 1) / (n - 1)  # the equal split fails


@given(p=concave_params(), u=st.floats(0.05, 1.0))
def test_theorem5_general_window_is_where_the_filler_excess_turns_nonpositive(p, u):
    n, k, lam, c, gamma = p
    pm = sm.theorem5_general_phi_min(n, k, lam, c)
    if pm >= 1:
        assert not sm.theorem5_general_condition(n, k, lam, c, gamma, 1.0)["holds"]
        return
    phi = pm + u * (1 - pm)
    L0 = sm.theorem5_general_window(n, k, lam, c, gamma, phi)
    note(f"phi_min={pm}, phi={phi}, L0={L0}")
    if L0 is None:  # only when φ is so close to φ_min that L0 > 10^6
        assert phi - pm < 1e-3
        return
    for L in range(L0, L0 + 50):
        assert sm.filler_excess(L, n, k, lam, c, gamma, phi) <= 1e-9
    if L0 > 1:
        assert sm.filler_excess(L0 - 1, n, k, lam, c, gamma, phi) > 0
    assert sm.theorem5_general_condition(n, k, lam, c, gamma, phi)["holds"]


def test_theorem5_general_window_is_none_below_phi_min():
    n, k, lam, c, gamma = 8, 3, 0.05, 1.1, 0.3
    pm = sm.theorem5_general_phi_min(n, k, lam, c)
    assert sm.theorem5_general_window(n, k, lam, c, gamma, pm - 0.02) is None
    assert sm.theorem5_general_window(n, k, lam, c, gamma, 0.9) == 49


def test_counterexample_is_outside_the_condition_on_every_count():
    inst = sm.theorem5_linear_regret_instance()
    m = sm.theorem5_general_condition(inst["n"], inst["k"], inst["lam"], inst["c"], inst["gamma"], inst["phi"])
    assert not m["holds"] and m["gamma"] <= 0 and m["concavity"] < 0 and m["phi"] < 0


def test_general_bound_terms_filler_zero_at_L0_and_apriori_exponent_half():
    n, k, lam, c, gamma, phi = 8, 3, 0.05, 1.1, 0.3, 0.9
    L = sm.theorem5_general_window(n, k, lam, c, gamma, phi)
    rng = np.random.default_rng(0)
    mw = rng.uniform(0, 0.8, size=(10, n))
    mw[:, 2] = mw.max(axis=1) + 0.1
    mu = np.repeat(mw, L, axis=0)[: 10 * L - 3]
    terms = sm.theorem5_general_regret_bound(mu, L, n, k, lam, c, gamma, phi)
    assert terms["filler"] == 0
    assert math.isclose(terms["total"], terms["exp3"] + terms["unfinished"])
    assert terms["total"] <= sm.theorem5_general_apriori_bound(mu.shape[0], n, k, lam, c, gamma, phi, L)
    short_mu = np.repeat(mw, L // 2, axis=0)
    short = sm.theorem5_general_regret_bound(short_mu, L // 2, n, k, lam, c, gamma, phi)
    assert short["filler"] > 0  # below L0 the filler term is live
    grid = [10**4, 10**5, 10**6, 10**7, 10**8]
    vals = [sm.theorem5_general_apriori_bound(T, n, k, lam, c, gamma, phi) for T in grid]
    assert abs(np.polyfit(np.log(grid), np.log(vals), 1)[0] - 0.5) < 0.01


def test_general_bound_validates_its_hypotheses():
    mu = np.full((12, 8), 0.5)
    with pytest.raises(ValueError, match="theorem5_general_regret_bound: gamma must be < 1/2"):
        sm.theorem5_general_regret_bound(mu, 4, 8, 3, 0.1, 1.1, 0.5, 0.9)
    with pytest.raises(ValueError, match=r"theorem5_general_regret_bound: needs c²\(k − 1\) <= n − 1"):
        sm.theorem5_general_regret_bound(mu, 4, 8, 3, 0.1, 2.0, 0.3, 0.9)
    bad = mu.copy()
    bad[:4, 0] = 0.9
    bad[4:8, 1] = 0.9
    with pytest.raises(ValueError, match="one item that is best"):
        sm.theorem5_general_regret_bound(bad, 4, 8, 3, 0.1, 1.1, 0.3, 0.9)
    bad = mu.copy()
    bad[1, 0] = 0.1
    with pytest.raises(ValueError, match="constant on every pull window"):
        sm.theorem5_general_regret_bound(bad, 4, 8, 3, 0.1, 1.1, 0.3, 0.9)
    with pytest.raises(ValueError, match="filler_count_upper_bound: F must be a non-negative integer"):
        sm.filler_count_upper_bound(-1, 5, 3)
    with pytest.raises(ValueError, match="seed_window_frequency_lower_bounds: needs c²"):
        sm.seed_window_frequency_lower_bounds(10, 4, 3, 0.2, 1.5, 0.3)
    with pytest.raises(ValueError, match="theorem5_general_apriori_bound: phi=0.5 is not above"):
        sm.theorem5_general_apriori_bound(1000, 8, 3, 0.05, 1.1, 0.3, 0.5)
