"""Tests for the baselines comparison of the Theorem 3/5 instances: the reference pieces it uses
(``sec2_eird.score_ratio_floor``/``box_applies``, ``eird_emptiness``, ``setting.baselines.box_schedule`` and
``BoxTargetingRecommender``, ``regret.expected_reward``) and the certificate's helpers
(certificates/adaptive_preferences/setting/baselines.py)."""

import math

import numpy as np
import pytest
from hypothesis import given, note, settings, target
from hypothesis import strategies as st

import certificates.adaptive_preferences.setting.baselines as b
import reference.adaptive_preferences.setting.baselines as bl
import reference.adaptive_preferences.setting.eird_emptiness as ee
import reference.adaptive_preferences.setting.regret as rg
import reference.adaptive_preferences.setting.sec2_eird as eird
from reference.adaptive_preferences.realizability.sec2_choice import mixture_choice_distribution
from reference.adaptive_preferences.setting.def2_def3_models import (
    extreme_scale_bounded_model,
    random_scale_bounded_model,
)
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction


# ------------------------------------------------------------------------------------------------
# score_ratio_floor / box_applies / box_schedule
# ------------------------------------------------------------------------------------------------
def test_score_ratio_floor_value():
    assert eird.score_ratio_floor(1.0, 1.0) == pytest.approx(0.5)
    assert eird.score_ratio_floor(1.0, 1.2) == pytest.approx(1.0 / (1.44 * 2.0))


@pytest.mark.parametrize("lam,c,match", [(0.0, 1.0, "lam must be a finite real number in \\(0, 1\\]"),
                                         (1.5, 1.0, "lam must be"), (0.5, 0.9, "c must be a finite real number >= 1"),
                                         (0.5, math.inf, "c must be"), (True, 1.0, "lam must be")])
def test_score_ratio_floor_rejects_bad_input(lam, c, match):
    with pytest.raises(ValueError, match="score_ratio_floor: " + match):
        eird.score_ratio_floor(lam, c)


@settings(deadline=None)
@given(n=st.integers(2, 7), lam=st.sampled_from([0.05, 0.2, 0.5, 1.0]), c=st.sampled_from([1.0, 1.2, 1.5, 2.0]),
       seed=st.integers(0, 2**31 - 1), normalize=st.booleans())
def test_score_ratio_floor_bounds_every_memory(n, lam, c, seed, normalize):
    """min_i f_i(v)/max_j f_j(v) ≥ λ/(c²(1+λ)) for random scale-bounded models and memories (incl. vertices)."""
    model = random_scale_bounded_model(n, lam, c, seed, normalize=normalize)
    rng = np.random.default_rng(seed)
    V = np.vstack([np.eye(n), rng.dirichlet(np.full(n, 0.3), size=20)])
    F = model.scores_batch(V)
    ratio = float((F.min(axis=1) / F.max(axis=1)).min())
    floor = eird.score_ratio_floor(lam, c)
    note(f"ratio {ratio}, floor {floor}")
    target(floor - ratio)
    assert ratio >= floor * (1 - 1e-12)


def test_score_ratio_floor_is_attained_by_the_extreme_model():
    n, lam, c = 4, 0.5, 1.5
    model = extreme_scale_bounded_model(n, lam, c, 0)  # item 0 disliked, the others liked
    f = np.asarray(model.scores(np.eye(n)[1]), dtype=float)  # memory all on a liked item
    assert f.min() / f.max() == pytest.approx(eird.score_ratio_floor(lam, c), rel=1e-12)


def test_box_applies_matches_the_uniform_condition():
    for n in range(3, 8):
        for k in range(2, n):
            for lam in (0.05, 0.5, 1.0):
                for c in (1.0, 1.2):
                    want = eird.score_ratio_floor(lam, c) >= (k - 1) / (n - 1)
                    assert eird.box_applies(n, k, lam, c) == want


def test_box_schedule_rejects_empty_box_and_bad_floor():
    with pytest.raises(ValueError, match="box_schedule: the EIRD box is empty"):
        bl.box_schedule(5, 2, 0.05, 1.3, floor=0.01)
    with pytest.raises(ValueError, match="box_schedule: floor must be in"):
        bl.box_schedule(5, 2, 1.0, 1.2, floor=0.5)
    sched = bl.box_schedule(5, 2, 1.0, 1.2, floor=0.02)
    lo, up = sched.bounds(0)
    assert lo == 0.02 and up == pytest.approx(float(eird.eird_box_cap(eird.score_ratio_floor(1.0, 1.2), 2)))


# ------------------------------------------------------------------------------------------------
# the recommenders
# ------------------------------------------------------------------------------------------------
def test_oracle_dbg_induces_its_iterate_and_tracks_memory():
    n, k, lam, c, T, gamma = 5, 2, 1.0, 1.2, 150, 0.9
    model = random_scale_bounded_model(n, lam, c, 3, normalize=True)
    rewards = b.stationary_bernoulli_rewards(T, n, np.random.default_rng(0))
    rec, sched, _eta = b.oracle_dbg_recommender(model, n, k, gamma, T, lam=lam, c=c, seed=1, record=True)
    agent = Agent(model, gamma, seed=2)
    traj = run_interaction(rec, agent, rewards, k, record=True)
    assert np.array_equal(rec.memory, agent.memory)  # one MemoryTracker implementation: bit for bit
    for x, mu, v in zip(rec.targets, rec.menu_dists, traj.memories):
        assert sched.contains(0, x) <= 1e-9
        q = np.asarray(mixture_choice_distribution(mu, model.scores(v)), dtype=float)
        assert np.abs(q - x).sum() <= 1e-9


def test_blind_ogd_stays_in_its_box_and_realises_x_under_uniform_scores():
    n, k, T = 5, 2, 80
    rewards = b.stationary_bernoulli_rewards(T, n, np.random.default_rng(1))
    model = random_scale_bounded_model(n, 0.05, 1.3, 4)
    rec = b.blind_ogd_recommender(n, k, 0.9, T, seed=7)
    rec.record = True
    run_interaction(rec, Agent(model, 0.9, seed=2), rewards, k)
    for x, mu in zip(rec.targets, rec.menu_dists):
        assert x.min() >= 0.1 / n - 1e-12 and x.max() <= 1 / k + 1e-12
        q = np.asarray(mixture_choice_distribution(mu, np.ones(n)), dtype=float)  # what the blind learner assumes
        assert np.abs(q - x).sum() <= 1e-9


def test_adapters_build_the_headline_learners():
    _alg, gamma = b.algorithm3_recommender(5, 2, lam=0.05, c=1.3, phi=0.3, T=400, c_exp=0.5, seed=0)
    assert gamma == pytest.approx(1 - 400 ** -0.5)
    rec, L = b.exp_phi_recommender(4, 2, 0.3, 500, lam=0.5, c=1.2, phi=0.9, seed=0)
    assert 1 <= L <= 500 and rec.L == L


# ------------------------------------------------------------------------------------------------
# benchmarks: two routes
# ------------------------------------------------------------------------------------------------
@settings(deadline=None)
@given(R=st.lists(st.floats(0, 100), min_size=2, max_size=7), phi=st.floats(0, 1))
def test_delta_phi_value_closed_form_eq_lp(R, phi):
    """The Δ_φ benchmark the comparison uses: greedy closed form = LP (scipy HiGHS)."""
    closed = rg.best_in_target(R, "smoothed", phi=phi)[0]
    lp = rg.best_in_box_simplex_lp(R, phi / len(R), 1.0)[0]
    note(f"closed {closed}, lp {lp}")
    assert closed == pytest.approx(lp, abs=1e-7 * max(1.0, sum(R)))


def test_eird_v_empty_on_theorem3_model_and_two_solvers_agree():
    rng = np.random.default_rng(0)
    empty_model = random_scale_bounded_model(5, 0.05, 1.3, 1, normalize=True)
    full_model = random_scale_bounded_model(5, 1.0, 1.2, 1, normalize=True)
    for model, empty in ((empty_model, True), (full_model, False)):
        V = [model.scores(v) for v in ee.eird_reference_memories(5, rng, random=10)]
        assert (ee.eird_v_value(np.arange(5.0), V, 2) is None) == empty
        assert ee.eird_v_empty_linprog(V, 2) == empty


def test_eird_reference_memories_are_distributions():
    V = ee.eird_reference_memories(4, np.random.default_rng(0), random=6)
    assert len(V) == 4 + 1 + 4 + 6
    for v in V:
        assert np.all(np.asarray(v) >= 0) and abs(float(np.sum(v)) - 1) < 1e-12


def test_expected_reward_matches_brute_force():
    n, k, T, gamma = 4, 2, 40, 0.7
    model = random_scale_bounded_model(n, 0.5, 1.2, 0)
    rewards = np.random.default_rng(3).uniform(size=(T, n))
    rec = b.blind_ogd_recommender(n, k, gamma, T, seed=0)
    traj = run_interaction(rec, Agent(model, gamma, seed=1), rewards, k, record=True)
    brute = 0.0
    for t, (menu, v) in enumerate(zip(traj.menus, traj.memories)):
        f = model.scores(v)
        brute += sum(f[i] / sum(f[j] for j in menu) * rewards[t, i] for i in menu)
    assert rg.expected_reward(model, traj, rewards) == pytest.approx(brute, rel=1e-12)


def test_paired_summary():
    s = b.paired_summary([1.0, 3.0], reference=[0.0, 1.0])
    assert s["mean"] == 2.0 and s["se"] == pytest.approx(1.0)
    assert s["diff_mean"] == 1.5 and s["diff_se"] == pytest.approx(0.5)
    assert b.paired_summary([2.0])["se"] == 0.0


def test_reward_generators_are_seeded_binary():
    a = b.stationary_bernoulli_rewards(50, 4, np.random.default_rng(5))
    assert a.shape == (50, 4) and set(np.unique(a)) <= {0.0, 1.0}
    assert np.array_equal(a, b.stationary_bernoulli_rewards(50, 4, np.random.default_rng(5)))
    w = b.windowed_stochastic_rewards(50, 4, 7, np.random.default_rng(5))
    assert w.shape == (50, 4) and set(np.unique(w)) <= {0.0, 1.0}


# ------------------------------------------------------------------------------------------------
# the comparison
# ------------------------------------------------------------------------------------------------
def test_compare_on_instance_is_paired_and_consistent():
    spec = b.INSTANCES["larger-lambda long memory"]
    out = b.compare_on_instance(spec, 200, 2, 11, learners=["DBG (oracle box targeting)", "EXP3 over menus"])
    assert out["learners"] == ["DBG (oracle box targeting)", "EXP3 over menus"]
    bench = out["benchmarks"]
    assert bench["box"] <= bench["eird_v"] + 1e-6  # box ⊆ EIRD ⊆ EIRD_V
    for name in out["learners"]:
        reg = out["regret"][name]
        assert len(reg["delta_phi"]) == 2
        # the same learner reward underlies every benchmark's regret
        for a, e in zip(reg["delta_phi"], reg["eird_v"]):
            assert a - e == pytest.approx(bench["delta_phi"] - bench["eird_v"])
    assert out["dbg"]["max_targeting_error"] <= 1e-9
    again = b.compare_on_instance(spec, 200, 2, 11, learners=["EXP3 over menus"])
    assert again["regret"]["EXP3 over menus"]["delta_phi"] == out["regret"]["EXP3 over menus"]["delta_phi"]


def test_theorem3_instance_has_no_box_learners():
    out = b.compare_on_instance(b.INSTANCES["Theorem 3 instance"], 150, 2, 3, learners=["EXP3 over menus"])
    assert not out["box_applies"] and out["benchmarks"]["box"] is None and out["dbg"] == {}


def test_farkas_witness_certifies_empty_eird_v_exactly():
    rng = np.random.default_rng(0)
    model = random_scale_bounded_model(5, 0.05, 1.3, 1, normalize=True)
    V = [model.scores(v) for v in ee.eird_reference_memories(5, rng, random=10)]
    y = ee.eird_v_emptiness_witness(V, 2)
    assert y is not None and np.all(y >= 0)
    assert ee.emptiness_witness_margin(V, 2, y) > 0
    # a non-empty EIRD_V has no witness, and any y gives margin ≤ 0 there (u_n ∈ EIRD_V for λ = 1, c = 1.2)
    full = random_scale_bounded_model(5, 1.0, 1.2, 1, normalize=True)
    W = [full.scores(v) for v in ee.eird_reference_memories(5, rng, random=10)]
    assert ee.eird_v_emptiness_witness(W, 2) is None
    assert ee.emptiness_witness_margin(W, 2, np.ones(len(W) * 5)) <= 0


@pytest.mark.parametrize("n,k,c", [(5, 2, 1.3), (4, 2, 1.0), (6, 3, 1.2)])
def test_eird_empty_of_lam_lt_is_tight_at_the_leave_one_out_memories(n, k, c):
    """A Definition-3 model with κ_i ≈ c at v_i = 0 and ≈ 1/c at v_i = 1/(n−1) attains the proof's worst case:
    the leave-one-out EIRD_V is empty just below the threshold and non-empty just above it."""
    from reference.adaptive_preferences.setting.def2_def3_models import ScaleBoundedModel

    thr = (k - 1) / ((n - 1) * (c * c * (n - 1) - (k - 1)))
    for lam, empty in ((0.97 * thr, True), (1.03 * thr, False)):
        assert ee.eird_empty_of_lam_lt(n, k, lam, c)[0] == empty
        model = ScaleBoundedModel(lam, c, np.full(n, 6.0), -12.0 * (n - 1) * np.eye(n))
        V = [model.scores((1 - np.eye(n)[i]) / (n - 1)) for i in range(n)]
        assert ee.eird_v_empty_linprog(V, k) == empty


def test_eird_empty_of_lam_lt_rejects_bad_input():
    with pytest.raises(ValueError, match="eird_empty_of_lam_lt: lam must be"):
        ee.eird_empty_of_lam_lt(5, 2, 0.0, 1.0)


def test_emptiness_witness_margin_checks_the_length_of_y():
    V = [np.ones(3), np.ones(3)]
    with pytest.raises(ValueError, match=r"emptiness_witness_margin: y must have one entry per row of A, n·\|V\| = 6"):
        ee.emptiness_witness_margin(V, 2, np.ones(5))


def test_expected_reward_needs_a_recorded_run():
    model = random_scale_bounded_model(3, 0.5, 1.2, 0)
    rewards = np.random.default_rng(0).uniform(size=(5, 3))
    traj = run_interaction(b.blind_ogd_recommender(3, 2, 0.7, 5, seed=0), Agent(model, 0.7, seed=1), rewards, 2)
    with pytest.raises(ValueError, match=r"expected_reward: trajectory must be recorded"):
        rg.expected_reward(model, traj, rewards)
