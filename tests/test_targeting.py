"""Targeting (paper A, §3.3, recon): decision sets, pull, δ(σ) (Appendix B.3 Lemma 6), Algorithm 2 end to end."""

import math

import cvxpy as cp
import numpy as np
import pytest
from hypothesis import given, note, target
from hypothesis import strategies as st

import reference.adaptive_preferences.long_memory.alg2_eird_targeting as tg
import reference.adaptive_preferences.long_memory.sec3_decision_sets as ds
import reference.adaptive_preferences.long_memory.sec3_targeting_lemma6 as tl
import reference.adaptive_preferences.long_memory.thm2_regret_bound as t2
import reference.adaptive_preferences.setting.def2_def3_models as models
import reference.adaptive_preferences.setting.rewards as rewards
from reference.adaptive_preferences.realizability.lemma1_menu_times import menu_times
from reference.adaptive_preferences.realizability.sec2_choice import all_menus, mixture_choice_distribution
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction


@st.composite
def instances(draw):
    n = draw(st.integers(2, 6))
    k = draw(st.integers(1, n))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    f = rng.uniform(0.2, 1.0, size=n)
    p = rng.dirichlet(np.full(n, 0.7))
    sigma = draw(st.sampled_from([0.0, 0.05, 0.3, 1.0]))
    e = rng.uniform(0, sigma, size=n)
    return n, k, f, p, sigma, f * np.exp(e), rng


@given(instances())
def test_constraint_matrix_encodes_relaxed_menu_time_cap(inst):
    n, k, f, p, sigma, f_hat, rng = inst
    slack = float(rng.uniform(0, 0.5))
    a = ds.ird_constraint_matrix(f_hat, k, slack)
    inside = np.max(a @ p) <= 1e-12
    on_boundary = abs(ds.relaxed_ird_margin(p, f_hat, k, slack)) < 1e-9
    assert inside == (np.max(menu_times(p, f_hat, k)) <= 1 + slack + 1e-9) or on_boundary


@given(instances())
def test_ird_of_true_scores_inside_relaxed_set_of_estimate(inst):
    n, k, f, p, sigma, f_hat, rng = inst
    menus = all_menus(n, k)
    x = np.asarray(mixture_choice_distribution(list(zip(menus, rng.dirichlet(np.ones(len(menus))))), f), dtype=float)
    margin = ds.relaxed_ird_margin(x, f_hat, k, ds.containment_slack(sigma))
    target(-margin)
    assert margin >= -1e-9


@given(instances())
def test_pull_lands_in_ird_and_is_minimal(inst):
    n, k, f, p, sigma, f_hat, rng = inst
    x2, pull = tl.pull_into_ird(p, f_hat, k)
    assert np.max(menu_times(x2, f_hat, k)) <= 1 + 1e-9
    assert abs(x2.sum() - 1) < 1e-12 and x2.min() >= 0
    if pull == 0:
        assert np.max(menu_times(p, f_hat, k)) <= 1 + 1e-12
    elif pull < 1 and k < n:
        pi = f_hat / f_hat.sum()
        less = (1 - 0.99 * pull) * p + 0.99 * pull * pi
        assert np.max(menu_times(less, f_hat, k)) > 1


@given(instances())
def test_targeting_error_within_delta_of_log_spread(inst):
    n, k, f, p, sigma, f_hat, rng = inst
    mu, x2, pull = tl.targeting_menu_distribution(p, f_hat, k)
    induced = tl.induced_choice_distribution(mu, f)
    spread = float(np.ptp(np.log(f_hat / f)))
    err = float(np.abs(induced - x2).sum())
    note(f"err={err}, delta={tl.targeting_error_bound(spread)}")
    target(err - tl.targeting_error_bound(spread))
    assert err <= tl.targeting_error_bound(spread) + 1e-9


def test_targeting_error_bound_shape():
    assert tl.targeting_error_bound(0.0) == 0.0
    assert tl.targeting_error_bound(math.log(2)) == pytest.approx(1.0)
    assert tl.targeting_error_bound(0.1) == pytest.approx(math.expm1(0.1))
    assert tl.targeting_error_bound(5.0) == pytest.approx(2 * (1 - math.exp(-5)))
    assert tl.targeting_error_bound(math.inf) == 2.0
    with pytest.raises(ValueError, match="targeting_error_bound: sigma must be a finite real number >= 0"):
        tl.targeting_error_bound(-0.1)


def test_decision_set_projection_agrees_with_cvxpy():
    rng = np.random.default_rng(7)
    n, k = 5, 2
    dset = ds.DecisionSet(n, k)
    for _ in range(3):
        dset.add(rng.uniform(0.5, 1.0, size=n), 0.05)
    for _ in range(5):
        y = rng.normal(size=n)
        x = dset.project(y)
        z = cp.Variable(n)
        cp.Problem(cp.Minimize(cp.sum_squares(z - y)), [z >= 0, cp.sum(z) == 1, dset.matrix @ z <= 0]).solve()
        assert np.abs(x - z.value).max() < 1e-5
        assert dset.residual(x) <= ds.PROJECTION_FEAS_ATOL


def test_contracted_schedule_has_min_coordinate_and_contains_its_projection():
    dset = ds.DecisionSet(4, 2)
    dset.add(np.array([0.6, 1.0, 0.8, 0.7]), 0.1)
    sch = ds.ContractedSchedule(dset, 0.2)
    x = sch.project(0, np.array([3.0, -1.0, 0.0, 0.2]))
    assert x.min() >= 0.2 / 4 - 1e-12 and sch.contains(0, x) <= 1e-7
    with pytest.raises(ValueError, match=r"ContractedSchedule: phi must be a finite real number in \(0, 1\)"):
        ds.ContractedSchedule(dset, 1.0)


def test_contraction_for_realisability_edge_cases():
    assert ds.contraction_for_realisability(0.0, 0.9, 3, 2) == 0.0
    assert ds.contraction_for_realisability(0.1, 0.5, 3, 2) == 1.0  # λ = (k−1)/(n−1): no margin
    assert ds.contraction_for_realisability(math.inf, 0.9, 3, 2) == 1.0
    assert ds.contraction_for_realisability(0.3, 0.1, 5, 1) == 0.0  # k = 1: everything realisable


@pytest.mark.parametrize("k", [1, 2, 3])
def test_algorithm2_runs_and_counts_its_rounds(k):
    n, lam, T = 4, 0.8, 300
    model = models.random_smooth_model(n, lam, 3, strength=0.3)
    gamma = t2.gamma_for_exponent(T, 1.0)
    params = t2.practical_parameters(n, k, lam, model.lipschitz, gamma, T)
    rec = tg.Algorithm2(n, k, gamma, params, seed=1, record=True)
    traj = run_interaction(rec, Agent(model, gamma, seed=2), rewards.iid_rewards(T, n, 5), k)
    assert rec.non_dbg_rounds + rec.dbg_round == T
    assert traj.chosen_counts.sum() == T
    if k == 1:
        assert rec.phases == [] and rec.non_dbg_rounds == 0
    else:
        assert len(rec.phases) >= 1
        assert all(r["drift"] <= params.drift_threshold for r in rec.rounds)


def test_algorithm2_tracks_the_agent_memory_exactly():
    n, k, lam, T = 4, 2, 0.8, 200
    model = models.random_smooth_model(n, lam, 4, strength=0.3)
    gamma = 0.99
    params = t2.practical_parameters(n, k, lam, model.lipschitz, gamma, T)
    rec = tg.Algorithm2(n, k, gamma, params, seed=1)
    agent = Agent(model, gamma, seed=2)
    run_interaction(rec, agent, rewards.iid_rewards(T, n, 5), k)
    np.testing.assert_array_equal(rec.memory, agent.memory)  # one MemoryTracker: bit for bit
    assert rec.weight == agent.weight


def test_algorithm2_rejects_bad_arguments():
    params = t2.practical_parameters(3, 2, 0.8, 0.1, 0.99, 100)
    with pytest.raises(ValueError, match="Algorithm2: n must be an integer >= 2"):
        tg.Algorithm2(1, 1, 0.99, params, seed=0)
    with pytest.raises(ValueError, match="Algorithm2: gamma must be a finite real number in"):
        tg.Algorithm2(3, 2, 1.5, params, seed=0)


def test_decision_set_keep_newest_only_drops_older_constraints():
    dset = ds.DecisionSet(3, 2)
    dset.add(np.array([1.0, 0.6, 0.8]), 0.0)
    dset.add(np.array([0.7, 1.0, 0.9]), 0.0)
    newest = ds.ird_constraint_matrix(np.array([0.7, 1.0, 0.9]), 2, 0.0)
    dset.keep_newest_only()
    np.testing.assert_array_equal(dset.matrix, newest)
    x = dset.project(np.array([0.9, 0.05, 0.05]))
    assert dset.residual(x) <= ds.PROJECTION_FEAS_ATOL


def test_algorithm2_draws_menus_as_the_simulator_does():
    """Algorithm 2's menu draw is ``sample_menu`` with its own rng (same stream as the hand-written draw)."""
    from reference.adaptive_preferences.setting.sec2_simulator import sample_menu

    mu = tl.targeting_menu_distribution(np.array([0.2, 0.3, 0.5]), np.array([1.0, 0.8, 0.9]), 2)[0]
    a, b = np.random.default_rng(3), np.random.default_rng(3)
    weights = np.array([w for _, w in mu], dtype=float)
    for _ in range(20):
        assert sample_menu(mu, a) == tuple(mu[int(b.choice(len(mu), p=weights / weights.sum()))][0])
