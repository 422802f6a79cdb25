"""Theorem 5 for k = 2, γ < 1/2 (paper A, §6.1 / E.1, ours): rounding loss, the upper choice bound, the bound's
hypotheses, the a-priori exponent 2/3, and EXP-φ's exact filler rotation.

Reference: reference/adaptive_preferences/short_memory/thm5_k2.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from short_memory_strategies import params

import reference.adaptive_preferences.short_memory.sec6_exp_phi as ep
import reference.adaptive_preferences.short_memory.thm5_exp_phi as sm
import reference.adaptive_preferences.short_memory.thm5_k2 as k2
from reference.adaptive_preferences.setting.def2_def3_models import random_scale_bounded_model
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction


def test_filler_rounding_deficit_is_the_max_over_remainders():
    for n in range(2, 12):
        best = max(r * (n - 1 - r) / (n - 1) for r in range(n - 1)) if n > 2 else 0.0
        assert math.isclose(k2.filler_rounding_deficit(n), best)


@given(p=params(), seed=st.integers(0, 2**31 - 1))
def test_committed_choice_upper_bound_dominates_exact_choice_probability(p, seed):
    n, k, lam, c, _ = p
    rng = np.random.default_rng(seed)
    v = rng.dirichlet(np.ones(n))
    f = np.array([(v[i] + lam) * rng.uniform(1 / c, c) for i in range(n)])
    menu = ep.lowest_fill_menu(0, v, k)
    assert f[0] / f[list(menu)].sum() <= k2.committed_choice_upper_bound(n, k, lam, c) + 1e-12


def test_k2_bound_validates_its_hypotheses():
    mu = np.full((12, 3), 0.5)
    with pytest.raises(ValueError, match="gamma must be < 1/2"):
        k2.theorem5_k2_regret_bound(mu, 4, 3, 0.5, 1.2, 0.5, 0.9)
    bad = mu.copy()
    bad[1, 0] = 0.1
    with pytest.raises(ValueError, match="constant on every pull window"):
        k2.theorem5_k2_regret_bound(bad, 4, 3, 0.5, 1.2, 0.3, 0.9)
    terms = k2.theorem5_k2_regret_bound(mu, 4, 3, 0.5, 1.2, 0.3, 0.9)
    assert terms["overshoot"] == 0 and terms["warmup"] == 0  # all items equal: no a*-vs-average gap


def test_k2_apriori_bound_has_exponent_two_thirds():
    n, lam, c, gamma = 4, 0.5, 1.2, 0.3
    phi = sm.vertex_phi_min(n, 2, lam, c) + 0.05
    grid = [10**4, 10**5, 10**6, 10**7, 10**8]
    vals = [k2.theorem5_k2_apriori_bound(T, n, lam, c, gamma, phi) for T in grid]
    slope = np.polyfit(np.log(grid), np.log(vals), 1)[0]
    assert abs(slope - 2 / 3) < 0.03
    assert math.isfinite(k2.vertex_transient(n, 2, lam, c, gamma, phi))
    assert k2.vertex_transient(n, 2, lam, c, gamma, sm.vertex_phi_min(n, 2, lam, c) - 0.05) == math.inf


def test_exp_phi_k2_fillers_rotate_exactly():
    n, lam, c, gamma, L = 5, 0.3, 1.5, 0.4, 13
    model = random_scale_bounded_model(n, lam, c, 3)
    rewards = np.random.default_rng(0).uniform(size=(20 * L, n))
    alg = ep.ExpPhi(n, 2, gamma, window=L, horizon=20 * L, seed=1)
    tr = run_interaction(alg, Agent(model, gamma, seed=2), rewards, 2, record=True)
    ch = np.asarray(tr.choices)
    for w, arm in enumerate(alg.pulls):
        fill = np.delete(np.bincount(ch[w * L:(w + 1) * L], minlength=n), arm)
        assert fill.max() - fill.min() <= 1
