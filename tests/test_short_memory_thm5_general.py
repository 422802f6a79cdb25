"""Theorem 5 for k ≥ 2 under a condition (paper A, §6.1 / E.1, ours): the seed's bound g̃ and its concavity,
Lemma F, the condition, the window L₀, the bound; the k = 3 counterexample.

Reference: reference/adaptive_preferences/short_memory/thm5_general.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given, note, target
from hypothesis import strategies as st
from short_memory_strategies import params

import reference.adaptive_preferences.short_memory.sec6_exp_phi as ep
import reference.adaptive_preferences.short_memory.thm5_exp_phi as sm
import reference.adaptive_preferences.short_memory.thm5_general as gen
from reference.adaptive_preferences.setting.def2_def3_models import FactorModel
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction


def test_linear_regret_instance_is_scale_bounded_and_in_scope():
    inst = gen.theorem5_linear_regret_instance()
    c = inst["c"]
    assert all(1 / c - 1e-12 <= f <= c + 1e-12 for f in inst["factors"])
    assert sm.vertex_phi_min(inst["n"], inst["k"], inst["lam"], c) <= inst["phi"]
    assert math.isclose(sm.smoothed_benchmark(np.asarray(inst["reward"]), inst["phi"]), inst["benchmark_per_round"])


# ------------------------------------------------------------------------------------------------
# Theorem 5 for k ≥ 3 (ours): g̃, Lemma F, the condition, the bound
# ------------------------------------------------------------------------------------------------
def concavity_cap(n: int, k: int) -> float:
    """The largest float c with c·c·(k − 1) ≤ n − 1 as the reference evaluates it.

    ``math.sqrt((n − 1)/(k − 1))`` can round up past the cap (e.g. √7 for n = 8, k = 2 gives
    c·c = 7.000000000000001 > 7), so step down to the last float inside.
    """
    c = math.sqrt((n - 1) / (k - 1))
    while gen.seed_bound_concavity_margin(n, k, c) < 0:
        c = math.nextafter(c, 0.0)
    return c


@st.composite
def concave_params(draw):
    """(n, k, λ, c, γ) with k ≥ 2, γ < 1/2 and c²(k−1) ≤ n−1 (c drawn up to its float cap, cap included)."""
    n = draw(st.integers(3, 12))
    k = draw(st.integers(2, n - 1))
    lam = draw(st.floats(0.01, 1.0))
    c = draw(st.floats(1.0, concavity_cap(n, k)))
    gamma = draw(st.floats(0.0, 0.49))
    return n, k, lam, c, gamma


def test_concavity_cap_is_the_last_float_inside_the_condition():
    for n in range(3, 13):
        for k in range(2, n):
            c = concavity_cap(n, k)
            assert gen.seed_bound_concavity_margin(n, k, c) >= 0
            assert gen.seed_bound_concavity_margin(n, k, math.nextafter(c, math.inf)) < 0
    assert concavity_cap(8, 2) < math.sqrt(7)  # the float square root overshoots here


@given(p=params(), seed=st.integers(0, 2**31 - 1))
def test_seed_bound_is_a_valid_per_round_lower_bound_and_dominates_g(p, seed):
    n, k, lam, c, _ = p
    k = max(k, 2)
    rng = np.random.default_rng(seed)
    v = rng.dirichlet(np.full(n, 0.5))
    f = np.array([(v[i] + lam) * rng.choice([1 / c, c, rng.uniform(1 / c, c)]) for i in range(n)])
    a = int(rng.integers(0, n))
    menu = ep.lowest_fill_menu(a, v, k)
    prob = f[a] / f[list(menu)].sum()
    g_tilde = float(gen.seed_committed_choice_lower_bound(v[a], n, k, lam, c))
    target(g_tilde - prob)
    note(f"P={prob}, g~={g_tilde}")
    assert g_tilde <= prob + 1e-12
    assert g_tilde >= float(sm.committed_choice_lower_bound(v[a], n, k, lam, c)) - 1e-15


def test_seed_bound_second_derivative_closed_form_and_concavity_condition():
    _, residual, positive = gen.seed_bound_second_derivative()
    assert residual == 0
    lam, c, k, n = (sp.Symbol(x, positive=True) for x in ("lambda", "c", "k", "n"))
    assert sp.simplify(positive - c**2 * (k - 1) * (lam * n + 1) / (n - 1)) == 0  # b₀ − λb₁ > 0 for k > 1
    xs = np.linspace(0, 1, 201)
    for n, k, c, concave in [(8, 3, 1.1, True), (4, 3, 1.5, False), (5, 3, math.sqrt(2), True), (6, 4, 1.5, False)]:
        g = gen.seed_committed_choice_lower_bound(xs, n, k, 0.1, c)
        second = np.diff(g, 2)
        assert (np.all(second <= 1e-15) if concave else np.all(second > 0)), (n, k, c)
        assert (c * c * (k - 1) <= n - 1 + 1e-12) == concave


@given(p=concave_params(), L=st.integers(1, 300))
@example(p=(8, 2, 0.5, concavity_cap(8, 2), 0.3), L=10)  # the float boundary that used to raise (c = √7)
@example(p=(11, 3, 0.05, concavity_cap(11, 3), 0.0), L=300)
def test_seed_window_bounds_closed_form_equals_recursion_and_cumulative_sum(p, L):
    n, k, lam, c, gamma = p
    ell = gen.seed_window_frequency_lower_bounds(L, n, k, lam, c, gamma)
    g0, g1 = gen.seed_committed_choice_lower_bound([0.0, 1.0], n, k, lam, c)
    m, rec = 0.0, []
    for _ in range(L):
        h = (1 - m) * g0 + m * g1
        rec.append(h)
        m += (1 - gamma) * (h - m)
    assert np.allclose(ell, rec, atol=1e-12)
    assert math.isclose(float(gen.seed_window_frequency_sum(L, n, k, lam, c, gamma)), float(ell.sum()), rel_tol=1e-9,
                        abs_tol=1e-9)
    assert ell[-1] <= gen.seed_fixed_point(n, k, lam, c) + 1e-12
    assert gen.seed_fixed_point(n, k, lam, c) >= sm.fixed_point(n, k, lam, c) - 1e-12


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
        menu = ep.recency_fill_menu(a, last, m0, k)
        chosen = menu[i]
        counts[chosen] += 1
        last[chosen] = t
    F = int(counts.sum() - counts[a])
    worst = int(np.delete(counts, a).max())
    bound = gen.filler_count_upper_bound(F, n, k)
    target(float(worst - bound))
    assert worst <= bound


def test_lemma_f_is_tight_for_a_rotating_agent_and_exceeds_equal_share():
    """An agent that always picks the newest-entered filler: fillers 1, 2 alternate while 3 waits."""
    n, k, a = 4, 3, 0
    last = np.full(n, -1.0)
    m0 = np.full(n, 0.25)
    counts = np.zeros(n, dtype=int)
    for t in range(12):
        menu = [i for i in ep.recency_fill_menu(a, last, m0, k) if i != a]
        chosen = max(menu, key=lambda i: (last[i], i))  # most recent of the two fillers in the menu
        counts[chosen] += 1
        last[chosen] = t
    F = int(counts.sum())
    assert np.delete(counts, a).max() == math.floor(gen.filler_count_upper_bound(F, n, k))
    assert np.delete(counts, a).max() > 1 + (F - 1) / (n - 1)  # the equal split fails


@given(p=concave_params(), u=st.floats(0.05, 1.0))
def test_theorem5_general_window_is_where_the_filler_excess_turns_nonpositive(p, u):
    n, k, lam, c, gamma = p
    pm = gen.theorem5_general_phi_min(n, k, lam, c)
    if pm >= 1:
        assert not gen.theorem5_general_condition(n, k, lam, c, gamma, 1.0)["holds"]
        return
    phi = pm + u * (1 - pm)
    L0 = gen.theorem5_general_window(n, k, lam, c, gamma, phi)
    note(f"phi_min={pm}, phi={phi}, L0={L0}")
    if L0 is None:  # only when φ is so close to φ_min that L0 > 10^6
        assert phi - pm < 1e-3
        return
    for L in range(L0, L0 + 50):
        assert gen.filler_excess(L, n, k, lam, c, gamma, phi) <= 1e-9
    if L0 > 1:
        assert gen.filler_excess(L0 - 1, n, k, lam, c, gamma, phi) > 0
    assert gen.theorem5_general_condition(n, k, lam, c, gamma, phi)["holds"]


def test_theorem5_general_window_is_none_below_phi_min():
    n, k, lam, c, gamma = 8, 3, 0.05, 1.1, 0.3
    pm = gen.theorem5_general_phi_min(n, k, lam, c)
    assert gen.theorem5_general_window(n, k, lam, c, gamma, pm - 0.02) is None
    assert gen.theorem5_general_window(n, k, lam, c, gamma, 0.9) == 49


def test_counterexample_is_outside_the_condition_on_every_count():
    inst = gen.theorem5_linear_regret_instance()
    m = gen.theorem5_general_condition(inst["n"], inst["k"], inst["lam"], inst["c"], inst["gamma"], inst["phi"])
    assert not m["holds"] and m["gamma"] <= 0 and m["concavity"] < 0 and m["phi"] < 0


def test_general_bound_terms_filler_zero_at_L0_and_apriori_exponent_half():
    n, k, lam, c, gamma, phi = 8, 3, 0.05, 1.1, 0.3, 0.9
    L = gen.theorem5_general_window(n, k, lam, c, gamma, phi)
    rng = np.random.default_rng(0)
    mw = rng.uniform(0, 0.8, size=(10, n))
    mw[:, 2] = mw.max(axis=1) + 0.1
    mu = np.repeat(mw, L, axis=0)[: 10 * L - 3]
    terms = gen.theorem5_general_regret_bound(mu, L, n, k, lam, c, gamma, phi)
    assert terms["filler"] == 0
    assert math.isclose(terms["total"], terms["exp3"] + terms["unfinished"])
    assert terms["total"] <= gen.theorem5_general_apriori_bound(mu.shape[0], n, k, lam, c, gamma, phi, L)
    short_mu = np.repeat(mw, L // 2, axis=0)
    short = gen.theorem5_general_regret_bound(short_mu, L // 2, n, k, lam, c, gamma, phi)
    assert short["filler"] > 0  # below L0 the filler term is live
    grid = [10**4, 10**5, 10**6, 10**7, 10**8]
    vals = [gen.theorem5_general_apriori_bound(T, n, k, lam, c, gamma, phi) for T in grid]
    assert abs(np.polyfit(np.log(grid), np.log(vals), 1)[0] - 0.5) < 0.01


def test_general_bound_validates_its_hypotheses():
    mu = np.full((12, 8), 0.5)
    with pytest.raises(ValueError, match="theorem5_general_regret_bound: gamma must be < 1/2"):
        gen.theorem5_general_regret_bound(mu, 4, 8, 3, 0.1, 1.1, 0.5, 0.9)
    with pytest.raises(ValueError, match=r"theorem5_general_regret_bound: needs c²\(k − 1\) <= n − 1"):
        gen.theorem5_general_regret_bound(mu, 4, 8, 3, 0.1, 2.0, 0.3, 0.9)
    bad = mu.copy()
    bad[:4, 0] = 0.9
    bad[4:8, 1] = 0.9
    with pytest.raises(ValueError, match="one item that is best"):
        gen.theorem5_general_regret_bound(bad, 4, 8, 3, 0.1, 1.1, 0.3, 0.9)
    bad = mu.copy()
    bad[1, 0] = 0.1
    with pytest.raises(ValueError, match="constant on every pull window"):
        gen.theorem5_general_regret_bound(bad, 4, 8, 3, 0.1, 1.1, 0.3, 0.9)
    with pytest.raises(ValueError, match="filler_count_upper_bound: F must be an integer >= 0"):
        gen.filler_count_upper_bound(-1, 5, 3)
    with pytest.raises(ValueError, match="seed_window_frequency_lower_bounds: needs c²"):
        gen.seed_window_frequency_lower_bounds(10, 4, 3, 0.2, 1.5, 0.3)
    with pytest.raises(ValueError, match="theorem5_general_apriori_bound: phi=0.5 is not above"):
        gen.theorem5_general_apriori_bound(1000, 8, 3, 0.05, 1.1, 0.3, 0.5)


def test_concavity_check_and_condition_agree_at_the_float_boundary():
    """Every function needing c²(k − 1) ≤ n − 1 and the condition's margin use one predicate."""
    n, k, lam, gamma, phi = 8, 3, 0.05, 0.3, 0.99
    inside = concavity_cap(n, k)
    outside = math.nextafter(inside, math.inf)
    assert gen.theorem5_general_condition(n, k, lam, inside, gamma, phi)["concavity"] >= 0
    gen.seed_window_frequency_lower_bounds(5, n, k, lam, inside, gamma)  # no error at the cap
    assert gen.theorem5_general_condition(n, k, lam, outside, gamma, phi)["concavity"] < 0
    for fn in (gen.seed_window_frequency_lower_bounds, gen.filler_excess):
        args = (5, n, k, lam, outside, gamma) + ((phi,) if fn is gen.filler_excess else ())
        with pytest.raises(ValueError, match=rf"{fn.__name__}: needs c²\(k − 1\) <= n − 1"):
            fn(*args)


def test_cyclic_witness_attains_the_benchmark_on_the_counterexample():
    inst = gen.theorem5_linear_regret_instance()
    T = 4000
    model = FactorModel(inst["lam"], inst["factors"])
    rewards = np.tile(np.asarray(inst["reward"], dtype=float), (T, 1))
    rec = gen.CyclicMenuRecommender(inst["witness_menus"])
    assert [rec.propose(t) for t in range(3)] == [(0, 1, 2), (0, 1, 3), (0, 1, 2)]
    tr = run_interaction(rec, Agent(model, inst["gamma"], seed=0), rewards, inst["k"])
    assert tr.total_reward / T >= inst["benchmark_per_round"]
    with pytest.raises(ValueError, match="CyclicMenuRecommender: menus must list at least one menu"):
        gen.CyclicMenuRecommender([])


@given(p=concave_params(), u=st.floats(0.0, 1.0), top=st.integers(1, 3000))
def test_theorem5_general_window_bisection_agrees_with_the_whole_grid(p, u, top):
    """Second route: E on every L ≤ max_window (the grid the bisections replace)."""
    n, k, lam, c, gamma = p
    phi = u
    Ls = np.arange(1, top + 1)
    E = np.array([gen.filler_excess(int(L), n, k, lam, c, gamma, phi) for L in Ls])
    pos = np.nonzero(E > 0)[0]
    grid = None if not np.any(E <= 0) else (1 if pos.size == 0 else int(pos[-1]) + 2)
    assert gen.theorem5_general_window(n, k, lam, c, gamma, phi, max_window=top) == grid


def test_fuzz_regressions_name_L_and_reject_junk():
    """Issue 12 fuzz cases: the window parameter is named ``L`` (its name), junk gets a qualified ValueError."""
    for call in (lambda: gen.filler_excess(0, 4, 2, 0.5, 1.5, 0.25, 0.2),
                 lambda: gen.seed_window_frequency_lower_bounds(0, 4, 2, 0.5, 1.5, 0.25),
                 lambda: gen.theorem5_general_apriori_bound(40, 4, 2, 0.5, 1.5, 0.25, 0.2, L=0),
                 lambda: sm.window_frequency_lower_bounds(0, 4, 2, 0.5, 1.5, 0.25)):
        with pytest.raises(ValueError, match=r"^\w+: L must be an integer >= 1"):
            call()
    with pytest.raises(ValueError, match=r"^seed_window_frequency_sum: L must be an integer >= 0"):
        gen.seed_window_frequency_sum(None, 4, 2, 0.5, 1.5, 0.25)
    with pytest.raises(ValueError, match=r"^seed_bound_concavity_margin: c must be a finite real number"):
        gen.seed_bound_concavity_margin(4, 2, float("nan"))
    with pytest.raises(ValueError, match=r"^theorem5_general_apriori_bound: lam must be"):
        gen.theorem5_general_apriori_bound(40, 4, 2, float("nan"), 1.5, 0.25, 0.2, L=5)
    with pytest.raises(ValueError, match=r"^CyclicMenuRecommender: menus must be a sequence"):
        gen.CyclicMenuRecommender(None)
    with pytest.raises(ValueError, match=r"^CyclicMenuRecommender: every menu in menus"):
        gen.CyclicMenuRecommender([(0, 1.5)])
    with pytest.raises(ValueError, match=r"^CyclicMenuRecommender.propose: t must be an integer >= 0"):
        gen.CyclicMenuRecommender([(0, 1)]).propose(0.5)


@pytest.mark.parametrize("lam", [5e-324, 1e-300, 1e-12])
def test_seed_chord_is_finite_for_tiny_lambda(lam):
    """1 − slope = (1 − g̃(1)) + g̃(0) is computed without cancellation: it used to round to 0 (ZeroDivisionError)."""
    n, k, c, gamma = 4, 2, 1.5, 0.25
    ell = gen.seed_window_frequency_lower_bounds(6, n, k, lam, c, gamma)
    total = gen.seed_window_frequency_sum(6, n, k, lam, c, gamma)
    assert np.isfinite(ell).all() and math.isfinite(float(total))
    assert math.isclose(float(total), float(ell.sum()), rel_tol=1e-9, abs_tol=1e-300)
    assert math.isfinite(gen.filler_excess(6, n, k, lam, c, gamma, 0.2))
