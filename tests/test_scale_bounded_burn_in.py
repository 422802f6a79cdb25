"""Algorithm 3's burn-in (paper A, arXiv 2302.06014, Appendix C.2): the lowest-k rule, its invariant, the tracking."""

from __future__ import annotations

import numpy as np
import pytest

import reference.adaptive_preferences.scale_bounded as sba
from reference.adaptive_preferences.setting.def2_def3_models import random_scale_bounded_model
from reference.adaptive_preferences.setting.sec2_simulator import Agent


def test_lowest_k_menu_breaks_ties_by_index():
    assert sba.lowest_k_menu([0.25, 0.25, 0.25, 0.25], 2) == (0, 1)
    assert sba.lowest_k_menu([0.4, 0.1, 0.3, 0.2], 2) == (1, 3)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_burn_in_max_memory_invariant_holds_and_reaches_uniform(k):
    n, gamma, lam, c = 6, 0.98, 0.1, 1.2
    model = random_scale_bounded_model(n, lam, c, 3)
    agent = Agent(model, gamma, seed=4)
    b = sba.BurnIn(n, k, gamma, eps=0.2, saturate_rounds=100)
    for t in range(3000):
        menu = b.propose(t)
        b.observe(t, menu, agent.choose(menu), 0.0)
        assert np.array_equal(b.memory, agent.memory)  # one Definition 1 implementation: same bits (same v_1, W_0)
        if b.done:
            break
    assert b.invariant_slack >= 0
    assert b.done, f"k={k}: not near-uniform after 3000 rounds"


def test_burn_in_k1_is_deterministic_round_robin():
    b = sba.BurnIn(3, 1, 0.9, eps=0.05, saturate_rounds=0)
    menus = [b.propose(t) for t in range(1)]
    assert menus == [(0,)]


def test_burn_in_rejects_bad_parameters():
    with pytest.raises(ValueError, match="BurnIn: gamma must be a finite real number in \\(0, 1\\)"):
        sba.BurnIn(3, 1, 1.0, eps=0.1, saturate_rounds=0)
    with pytest.raises(ValueError, match="BurnIn: saturate_rounds must be an integer >= 0"):
        sba.BurnIn(3, 1, 0.9, eps=0.1, saturate_rounds=-1)



@pytest.mark.parametrize("n,k,gamma", [(4, 1, 0.9), (6, 2, 0.97), (7, 3, 0.99), (5, 4, 0.95)])
def test_max_memory_invariant_holds_exactly_for_any_agent_behaviour(n, k, gamma):
    """The invariant needs no probability: an adversary picking the menu's highest-memory item cannot break it,
    and it holds in floats with no tolerance (the bound uses MemoryTracker's own operations)."""
    rng = np.random.default_rng(n * 10 + k)
    for adversarial in (True, False):
        b = sba.BurnIn(n, k, gamma, eps=1e-9, saturate_rounds=int(rng.integers(0, 30)))
        for t in range(2000):
            menu = b.propose(t)
            v = b.memory
            chosen = max(menu, key=lambda i: v[i]) if adversarial else int(rng.choice(menu))
            before = b.max_memory_bound
            b.observe(t, menu, chosen, 0.0)
            if b.rounds > b.saturate_rounds:
                step = 1 / b.weight  # the unnormalised form: max M' ≤ max(γ·max M, γW/(n − k + 1) + 1)
                assert b.max_memory_bound == pytest.approx(max((1 - step) * before, (1 - step) / (n - k + 1) + step))
                assert float(b.memory.max()) <= b.max_memory_bound
        assert b.invariant_slack >= 0


def test_lowest_k_max_memory_bound_is_the_unnormalised_recursion_divided_by_w():
    n, k, gamma, W, M_max = 6, 2, 0.95, 7.3, 2.1
    W_next = gamma * W + 1
    unnormalised = max(gamma * M_max, gamma * W / (n - k + 1) + 1)
    assert sba.lowest_k_max_memory_bound(n, k, 1 / W_next, M_max / W) == pytest.approx(unnormalised / W_next)
