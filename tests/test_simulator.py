"""The interaction protocol (Section 2.1): recording, memory (Definition 1), menu sampling, errors."""

import numpy as np
import pytest

import reference.adaptive_preferences as ap
import reference.adaptive_preferences.setting.sec2_simulator as sim
from reference.adaptive_preferences.setting.baselines import Exp3, FixedMenuRecommender, ItemBanditRecommender


class _TargetRecommender(FixedMenuRecommender):
    def current_target(self, t):
        return np.array([0.5, 0.5, 0.0])


def test_recorded_memories_match_the_closed_form_and_targets_are_kept():
    model = ap.ConstantModel([1.0, 0.5, 0.25])
    agent = sim.Agent(model, 0.8, seed=4)
    rec = _TargetRecommender([((0, 1), 0.5), ((1, 2), 0.5)], seed=2)
    traj = sim.run_interaction(rec, agent, np.random.default_rng(0).random((40, 3)), 2, record=True)
    for t in range(40):
        expected = ap.memory_from_history(traj.choices[:t], 0.8, 3)
        np.testing.assert_allclose(traj.memories[t], expected, atol=1e-12)
        assert traj.choices[t] in traj.menus[t]
    assert len(traj.targets) == 40
    assert traj.chosen_counts.sum() == 40
    assert np.isclose(traj.total_reward, sum(traj.rewards_received))


def test_unrecorded_run_keeps_only_sums():
    agent = sim.Agent(ap.ConstantModel([1.0, 1.0]), 1.0, seed=0)
    traj = sim.run_interaction(FixedMenuRecommender((0, 1)), agent, np.ones((100, 2)), 2)
    assert traj.menus == [] and traj.memories == [] and traj.total_reward == 100


def test_choice_frequencies_follow_q():
    agent = sim.Agent(ap.ConstantModel([0.6, 0.2, 0.2]), 1.0, seed=1)
    traj = sim.run_interaction(FixedMenuRecommender((0, 1)), agent, np.zeros((5000, 3)), 2)
    assert abs(traj.chosen_counts[0] / 5000 - 0.75) < 0.03
    assert traj.chosen_counts[2] == 0


def test_sample_menu_frequencies_and_errors():
    rng = np.random.default_rng(0)
    dist = [((0, 1), 0.25), ((1, 2), 0.75)]
    draws = [sim.sample_menu(dist, rng) for _ in range(3000)]
    assert abs(draws.count((1, 2)) / 3000 - 0.75) < 0.03
    with pytest.raises(ValueError, match="sample_menu: menu weights must be non-negative and sum to 1"):
        sim.sample_menu([((0, 1), 0.5)], rng)
    with pytest.raises(ValueError, match="sample_menu: menu_distribution must list at least one"):
        sim.sample_menu([], rng)


def test_item_bandit_adapter_k1():
    agent = sim.Agent(ap.ConstantModel([1.0, 1.0, 1.0]), 0.9, seed=0)
    rec = ItemBanditRecommender(Exp3(3, eta=0.1), seed=1)
    traj = sim.run_interaction(rec, agent, np.tile([1.0, 0.0, 0.0], (300, 1)), 1, record=True)
    assert traj.chosen_counts[0] > 200  # EXP3 learns the rewarding item


def test_replicate_interaction():
    def one(seed):
        agent = sim.Agent(ap.ConstantModel([1.0, 1.0]), 1.0, seed=seed)
        return sim.run_interaction(FixedMenuRecommender((0, 1)), agent, np.tile([1.0, 0.0], (50, 1)), 2).total_reward

    s = sim.replicate_interaction(one, range(30))
    assert abs(s.mean - 25) < 4 * s.se + 1e-9


def test_bad_inputs_get_clear_errors():
    model = ap.ConstantModel([1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"Agent: gamma must be a finite real number in \(0, 1\]; got 1.5"):
        sim.Agent(model, 1.5, seed=0)
    with pytest.raises(ValueError, match=r"Agent: gamma must be a finite real number in \(0, 1\]; got 0"):
        sim.Agent(model, 0, seed=0)
    agent = sim.Agent(model, 0.5, seed=0)
    with pytest.raises(ValueError, match=r"run_interaction: the recommender proposed \(0,\) at round 0"):
        sim.run_interaction(FixedMenuRecommender((0,)), agent, np.zeros((3, 3)), 2)
    with pytest.raises(ValueError, match=r"run_interaction: rewards must lie in \[0, 1\]"):
        sim.run_interaction(FixedMenuRecommender((0, 1)), agent, np.full((3, 3), 2.0), 2)
    with pytest.raises(ValueError, match=r"run_interaction: rewards must have shape \(T, n\) with n=3"):
        sim.run_interaction(FixedMenuRecommender((0, 1)), agent, np.zeros((3, 2)), 2)
    with pytest.raises(ValueError, match="run_interaction: k must be an integer"):
        sim.run_interaction(FixedMenuRecommender((0, 1)), agent, np.zeros((3, 3)), 4)
