"""Baselines: EXP3 in the log domain (stable), its bound on easy instances, menu-level recommenders."""

import math

import numpy as np
import pytest

import reference.adaptive_preferences as ap
import reference.adaptive_preferences.long_memory.lemma3_contracting_ogd as ogd
import reference.adaptive_preferences.long_memory.thm1_dbg as dbg
import reference.adaptive_preferences.setting.baselines as bl
import reference.adaptive_preferences.setting.rewards as rw


def test_exp3_is_stable_under_huge_losses():
    e = bl.Exp3(4, eta=10.0)
    for t in range(200):
        e.update(t, t % 3, 0.0, prob=1e-300)  # enormous loss estimates
        p = e.distribution()
        assert np.all(np.isfinite(p)) and math.isclose(p.sum(), 1.0)
    assert p[3] > 0.99


def test_exp3_matches_softmax_of_cumulative_loss_estimates():
    e = bl.Exp3(3, eta=0.2)
    cum = np.zeros(3)
    rng = np.random.default_rng(0)
    for t in range(50):
        p = e.distribution()
        a = int(rng.choice(3, p=p))
        r = float(rng.random())
        cum[a] += (1 - r) / p[a]
        e.update(t, a, r)
    ref = np.exp(-0.2 * (cum - cum.min()))
    np.testing.assert_allclose(e.distribution(), ref / ref.sum(), rtol=1e-10)


def test_exp3_regret_within_its_bound_monte_carlo():
    n, T = 4, 2000
    eta = bl.exp3_eta(n, T)
    regs = []
    for seed in range(6):
        r = rw.iid_rewards(T, n, seed)
        run = dbg.run_dbg(bl.Exp3(n, eta=eta), r, seed=seed)
        regs.append(r.sum(axis=0).max() - run.expected_reward)
    assert np.mean(regs) + 3 * np.std(regs, ddof=1) / math.sqrt(6) <= bl.exp3_regret_bound(n, T, eta)


def test_bandit_ogd_regret_within_its_bound():
    n, T, xi = 3, 2000, 0.05
    sched = ogd.FloorSchedule(n, [xi])
    S = dbg.max_inverse_sum(n, xi)
    eta = sched.diameter / math.sqrt(T * S)
    r = rw.iid_rewards(T, n, 0, means=[0.8, 0.5, 0.2])
    run = dbg.run_dbg(bl.BanditOGD(n, eta=eta, schedule=sched), r, seed=0)
    best = xi * r.sum() + (1 - n * xi) * r.sum(axis=0).max()
    assert best - run.expected_reward <= dbg.bandit_ogd_regret_bound(n, T, eta, 0.0, sched.diameter, xi)


def test_exp3_menu_recommender_learns_the_best_menu():
    model = ap.ConstantModel([1.0, 1.0, 1.0])
    menus = ap.all_menus(3, 2)
    rec = bl.Exp3MenuRecommender(menus, eta=0.05, seed=0)
    agent = ap.Agent(model, 0.9, seed=1)
    rewards = np.tile([1.0, 1.0, 0.0], (1500, 1))
    traj = ap.run_interaction(rec, agent, rewards, 2, record=True)
    assert traj.menus[-300:].count((0, 1)) > 200


def test_fixed_menu_recommender_modes():
    f = bl.FixedMenuRecommender((2, 0))
    assert f.propose(0) == (2, 0)
    g = bl.FixedMenuRecommender([((0, 1), 1.0)], seed=3)
    assert g.propose(5) == (0, 1)


def test_baseline_errors():
    with pytest.raises(ValueError, match="Exp3: n_arms must be an integer >= 1; got 0"):
        bl.Exp3(0, eta=0.1)
    with pytest.raises(ValueError, match=r"Exp3: eta must be a finite real number > 0; got 0"):
        bl.Exp3(2, eta=0)
    with pytest.raises(ValueError, match=r"Exp3.update: arm must be an index in 0..1"):
        bl.Exp3(2, eta=0.1).update(0, 2, 0.5)
    with pytest.raises(ValueError, match=r"Exp3.update: reward must be a finite real number in \[0, 1\]; got -0.5"):
        bl.Exp3(2, eta=0.1).update(0, 1, -0.5)
    with pytest.raises(ValueError, match="Exp3.update: the played arm must have had positive probability"):
        bl.Exp3(2, eta=0.1).update(0, 1, 0.5, prob=0.0)
    with pytest.raises(ValueError, match="Exp3MenuRecommender: menus must not be empty"):
        bl.Exp3MenuRecommender([], eta=0.1, seed=0)
