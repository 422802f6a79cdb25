"""Algorithm 3 (paper A, arXiv 2302.06014, §4.1 / Appendix C.2): the schedule object, runs, the observer."""

from __future__ import annotations

import math

import numpy as np
import pytest

import reference.adaptive_preferences.scale_bounded as sba
from reference.adaptive_preferences.setting.def2_def3_models import random_scale_bounded_model
from reference.adaptive_preferences.setting.regret import best_in_target
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction

SMALL = dict(phi=0.3, horizon=100, lam=0.05, c=1.3, batch=5, learn_rounds=5, eta=0.1)  # a valid schedule's fields


def _schedule(**fields):
    return sba.Algorithm3Schedule(**{"gamma": 0.9, **SMALL, **fields})


def test_algorithm3_run_keeps_hard_invariants_and_bound_dominates_regret():
    n, k, lam, c, phi, T = 4, 2, 0.05, 1.2, 0.3, 2500
    model = random_scale_bounded_model(n, lam, c, 11)
    pr = sba.theorem3_parameters(T, 0.5, n, k, phi)
    rng = np.random.default_rng(0)
    rewards = (rng.uniform(size=(T, n)) < np.array([0.2, 0.8, 0.4, 0.3])).astype(float)
    alg = sba.ScaleBoundedOGD.from_schedule(n, k, pr, phi=phi, horizon=T, lam=lam, c=c, seed=1, monitor=model)
    tr = run_interaction(alg, Agent(model, pr["gamma"], seed=2), rewards, k)
    for name in ("gradient", "step_start", "choice"):
        assert alg.invariants[name]["violations"] == 0, name
    assert alg.invariants["choice"]["checks"] > 0
    assert all(x.min() >= phi / n - 1e-12 for x in alg.iterates)
    L = alg.ledger
    bound = sba.theorem3_regret_bound(T=T, n=n, phi=phi, batch=pr["batch"], eta=pr["eta"],
                                      steps_rounds=L["step_rounds_completed"], grad_sq_sum=L["grad_sq_sum"],
                                      bias=L["bias"], targeting=L["targeting"], movement=L["movement"])
    assert math.isclose(bound["total"], sum(v for key, v in bound.items() if key != "total"))
    R = tr.reward_sum
    regret = best_in_target(R, "smoothed", phi=phi)[0] - tr.total_reward
    assert regret <= bound["total"]  # one run; the certificate does the Monte Carlo version


def test_schedule_and_algorithm_reject_bad_parameters():
    with pytest.raises(ValueError, match="Algorithm3Schedule: phi must be a finite real number in \\(0, 1\\]"):
        _schedule(phi=0)
    with pytest.raises(ValueError, match="Algorithm3Schedule: batch must be an integer >= 1"):
        _schedule(batch=0)
    with pytest.raises(ValueError, match="Algorithm3Schedule: gamma must be a finite real number in \\(0, 1\\)"):
        _schedule(gamma=1.0)
    with pytest.raises(ValueError, match="ScaleBoundedOGD: schedule must be an Algorithm3Schedule"):
        sba.ScaleBoundedOGD(3, 2, {"gamma": 0.9}, seed=0)
    with pytest.raises(ValueError, match="ScaleBoundedOGD: n must be an integer >= 2"):
        sba.ScaleBoundedOGD(1, 1, _schedule(), seed=0)


def test_one_initial_learning_stage_for_the_mle_two_for_the_fixed_point_estimator():
    assert _schedule().initial_learn_iters == 1
    assert _schedule(estimator="lemma7").initial_learn_iters == 2
    assert _schedule(initial_learn_iters=3).initial_learn_iters == 3
    assert _schedule().step_end_delta == _schedule().delta and _schedule(step_end_delta=0.01).step_end_delta == 0.01


def test_algorithm3_fresh_menus_and_invariant2_given_invariant1():
    n, k, lam, c, phi, T = 5, 2, 0.05, 1.3, 0.3, 2500
    model = random_scale_bounded_model(n, lam, c, 1)
    pr = sba.theorem3_invariant_parameters(T, 0.4, n, k, phi)
    alg = sba.ScaleBoundedOGD.from_schedule(n, k, pr, phi=phi, horizon=T, lam=lam, c=c, seed=3, monitor=model,
                                            factor_lipschitz=sba.factor_log_lipschitz(model))
    rewards = (np.random.default_rng(0).uniform(size=(T, n)) < 0.5).astype(float)
    run_interaction(alg, Agent(model, pr["gamma"], seed=4), rewards, k)
    assert alg.invariants["menu_fresh"]["checks"] > 0 and alg.invariants["menu_fresh"]["violations"] == 0
    assert alg.invariants["target_spread_given_learn"]["violations"] == 0
    assert alg.learn_stages and all(st["log_spread"] <= st["rigorous"] for st in alg.learn_stages)
    with pytest.raises(ValueError, match="estimator must be"):
        _schedule(estimator="other")


def test_algorithm3_relearn_on_step_rounds_refits_and_keeps_hard_invariants():
    n, k, lam, c, phi, T = 5, 2, 0.05, 1.3, 0.3, 3000
    model = random_scale_bounded_model(n, lam, c, 2)
    pr = sba.theorem3_reuse_parameters(T, 0.4, n, k, phi)
    assert pr["relearn"] == "steps"
    alg = sba.ScaleBoundedOGD.from_schedule(n, k, pr, phi=phi, horizon=T, lam=lam, c=c, seed=5, monitor=model,
                                            factor_lipschitz=sba.factor_log_lipschitz(model))
    assert alg.schedule.relearn == "steps"
    rewards = (np.random.default_rng(0).uniform(size=(T, n)) < 0.5).astype(float)
    run_interaction(alg, Agent(model, pr["gamma"], seed=6), rewards, k)
    assert alg.refits >= 1 and len(alg.learn_stages) == 1 + alg.refits
    # no dedicated re-learning rounds
    assert alg.rounds["learn"] == alg.schedule.initial_learn_iters * pr["learn_rounds"]
    for name in ("gradient", "step_start", "choice", "menu_fresh", "target_spread_given_learn",
                 "learn_spread_rigorous"):
        assert alg.invariants[name]["violations"] == 0, name
    with pytest.raises(ValueError, match="relearn must be 'stages' or 'steps'"):
        _schedule(relearn="never")
    with pytest.raises(ValueError, match="relearn='steps' needs estimator='mle'"):
        _schedule(relearn="steps", estimator="lemma7")


def test_from_schedule_passes_every_schedule_key():
    for schedule in (sba.theorem3_invariant_parameters, sba.theorem3_reuse_parameters):
        pr = schedule(3000, 0.4, 5, 2, 0.3)
        alg = sba.ScaleBoundedOGD.from_schedule(5, 2, pr, phi=0.3, horizon=3000, lam=0.05, c=1.3, seed=0)
        s = alg.schedule
        assert (s.gamma, s.batch, s.learn_rounds, s.eta) == (pr["gamma"], pr["batch"], pr["learn_rounds"], pr["eta"])
        assert (s.close, s.relearn_drift, s.stale_tol) == (pr["close"], pr["relearn_drift"], pr["stale_tol"])
        assert s.relearn == pr.get("relearn", "stages") and (s.phi, s.horizon, s.lam, s.c) == (0.3, 3000, 0.05, 1.3)
    pr = sba.theorem3_invariant_parameters(3000, 0.4, 5, 2, 0.3)
    alg = sba.ScaleBoundedOGD.from_schedule(5, 2, pr, phi=0.3, horizon=3000, lam=0.05, c=1.3, seed=0,
                                            estimator="lemma7", close=0.5)
    assert alg.schedule.estimator == "lemma7" and alg.schedule.close == 0.5  # keyword fields override the dict's



def test_the_observer_never_changes_a_decision():
    """With and without a monitor (the true model, seen only by the observer) the run is the same, draw for draw."""
    n, k, lam, c, phi, T = 5, 2, 0.05, 1.3, 0.3, 2500
    model = random_scale_bounded_model(n, lam, c, 4)
    pr = sba.theorem3_invariant_parameters(T, 0.4, n, k, phi)
    rewards = (np.random.default_rng(1).uniform(size=(T, n)) < 0.4).astype(float)
    runs = []
    for monitor in (model, None):
        alg = sba.ScaleBoundedOGD.from_schedule(n, k, pr, phi=phi, horizon=T, lam=lam, c=c, seed=7, monitor=monitor)
        tr = run_interaction(alg, Agent(model, pr["gamma"], seed=8), rewards, k, record=True)
        runs.append((alg, tr))
    (watched, tr_w), (blind, tr_b) = runs
    assert tr_w.menus == tr_b.menus and np.array_equal(tr_w.choices, tr_b.choices)
    assert all(np.array_equal(a, b) for a, b in zip(watched.iterates, blind.iterates)) and watched.steps == blind.steps
    assert watched.invariants["choice"]["checks"] > 0 and blind.invariants["choice"]["checks"] == 0
    assert watched.ledger["grad_sq_sum"] == blind.ledger["grad_sq_sum"]  # the OGD terms need no monitor


def test_tracked_memory_is_the_agents_bit_for_bit():
    """Algorithm 3 tracks the agent's memory with Definition 1's one implementation (same v_1, W_0)."""
    n, k, lam, c, phi, T = 5, 2, 0.05, 1.3, 0.3, 1500
    model = random_scale_bounded_model(n, lam, c, 5)
    pr = sba.theorem3_invariant_parameters(T, 0.4, n, k, phi)
    alg = sba.ScaleBoundedOGD.from_schedule(n, k, pr, phi=phi, horizon=T, lam=lam, c=c, seed=9)
    agent = Agent(model, pr["gamma"], seed=10)
    rewards = np.zeros((T, n))
    run_interaction(alg, agent, rewards, k)
    assert np.array_equal(alg.memory, agent.memory) and alg.memory_weight == agent.tracker.weight
