"""Invariant 5 of Algorithm 3 (paper A, arXiv 2302.06014, Appendix C.2): the proved threshold and its a-priori form."""

from __future__ import annotations

import math

import numpy as np
import pytest

import reference.adaptive_preferences.scale_bounded as sba
from reference.adaptive_preferences.setting.def2_def3_models import random_scale_bounded_model
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction


def test_invariant5_threshold_terms_and_validation():
    tau, parts = sba.invariant5_threshold(start_gap=0.5, carry=0.2, bias=0.1, weight_sq_sum=0.04, n=5, delta=0.05)
    assert math.isclose(parts["start_gap_term"], 0.1) and parts["bias_term"] == 0.1
    assert math.isclose(parts["martingale_term"], math.sqrt(2 * 0.04 * math.log(30 / 0.05)))
    assert math.isclose(tau, sum(parts.values()))
    assert sba.invariant5_threshold(start_gap=1, carry=1, bias=0, weight_sq_sum=0, n=1, delta=0.1)[0] == 1
    big = sba.invariant5_threshold(start_gap=0, carry=0, bias=0, weight_sq_sum=1e-4, n=2000, delta=0.1)[0]
    assert math.isfinite(big)  # ln(2ⁿ − 2) without overflow
    with pytest.raises(ValueError, match="invariant5_threshold: delta must be"):
        sba.invariant5_threshold(start_gap=0, carry=0, bias=0, weight_sq_sum=0, n=3, delta=1.5)
    with pytest.raises(ValueError, match="invariant5_threshold: carry must be"):
        sba.invariant5_threshold(start_gap=0, carry=1.5, bias=0, weight_sq_sum=0, n=3, delta=0.1)


def test_invariant5_decomposition_is_an_identity():
    """v_end − x = α(v₀ − x) + Σ ω_s(q_s − x) + Σ ω_s(e_{i_s} − q_s) along Definition 1 (any q_s, any choices)."""
    from reference.adaptive_preferences.realizability.def1_memory import discounted_memory_update

    rng = np.random.default_rng(0)
    n, gamma, B = 4, 0.8, 7
    v, W = rng.dirichlet(np.ones(n)), 2.5
    v0, W0, x = v.copy(), W, rng.dirichlet(np.ones(n))
    qs, es = [], []
    for _ in range(B):
        q = rng.dirichlet(np.ones(n))
        i = int(rng.choice(n, p=q))
        qs.append(q)
        es.append(np.eye(n)[i])
        v, W = discounted_memory_update(v, i, gamma, W)
    omega = np.array([gamma ** (B - 1 - s) for s in range(B)]) / W
    alpha = gamma**B * W0 / W
    assert math.isclose(alpha + omega.sum(), 1.0)
    rhs = (alpha * (v0 - x) + sum(o * (q - x) for o, q in zip(omega, qs))
           + sum(o * (e - q) for o, q, e in zip(omega, qs, es)))
    assert np.allclose(np.asarray(v) - x, rhs, atol=1e-12)


def test_invariant5_martingale_term_covers_the_l1_deviation():
    """Monte Carlo: ‖Σ ω_s(e_{i_s} − q_s)‖₁ exceeds √(2 Σω² ln((2ⁿ − 2)/δ)) in at most a fraction δ of runs."""
    rng = np.random.default_rng(1)
    n, gamma, B, reps, delta = 4, 0.9, 30, 20000, 0.1
    q = np.array([0.4, 0.3, 0.2, 0.1])
    omega = gamma ** np.arange(B)[::-1]
    omega = omega / (omega.sum() + 3.0)  # a start weight: α = 3/W_end
    choices = rng.choice(n, size=(reps, B), p=q)
    Z = np.stack([(omega[None, :] * (choices == i)).sum(1) - omega.sum() * q[i] for i in range(n)], axis=1)
    mart = sba.invariant5_threshold(start_gap=0, carry=0, bias=0, weight_sq_sum=float(omega @ omega), n=n,
                                    delta=delta)[1]["martingale_term"]
    assert np.mean(np.abs(Z).sum(1) > mart) <= delta


def test_algorithm3_step_end_threshold_terms_within_the_apriori_bound():
    n, k, lam, c, phi, T = 5, 2, 0.05, 1.3, 0.3, 1500
    model = random_scale_bounded_model(n, lam, c, 1)
    pr = sba.theorem3_invariant_parameters(T, 0.2, n, k, phi)
    alg = sba.ScaleBoundedOGD.from_schedule(n, k, pr, phi=phi, horizon=T, lam=lam, c=c, seed=2, monitor=model,
                                            factor_lipschitz=sba.factor_log_lipschitz(model))
    rewards = (np.random.default_rng(3).uniform(size=(T, n)) < [0.2, 0.3, 0.8, 0.4, 0.5]).astype(float)
    run_interaction(alg, Agent(model, pr["gamma"], seed=4), rewards, k)
    ends = alg.step_ends
    assert len(ends) == alg.invariants["step_end"]["checks"] == alg.invariants["step_end_heuristic"]["checks"] > 50
    tau_bar, ap = sba.invariant5_apriori_threshold(pr["H"], pr["batch"], n, alg.schedule.step_end_delta,
                                                   rho_bar=max(alg.spreads), movement=2.0)
    for e in ends:
        assert math.isclose(e["threshold"], e["start_gap_term"] + e["bias_term"] + e["martingale_term"])
        assert e["start_gap_term"] <= ap["start_gap_term"] + 1e-12
        assert e["martingale_term"] <= ap["martingale_term"] + 1e-12
        assert e["held"] == (e["observed"] <= e["threshold"] + 1e-9)
    assert sum(not e["held"] for e in ends) <= 0.05 * len(ends)
    assert ap["start_gap_term"] <= pr["close"] / 2 + 1e-12  # B = ⌈H ln(4/close)⌉: 2γ^B ≤ close/2
    with pytest.raises(ValueError, match="Algorithm3Schedule: step_end_delta must be"):
        sba.Algorithm3Schedule(gamma=0.9, phi=phi, horizon=T, lam=lam, c=c, batch=5, learn_rounds=5, eta=0.1,
                               step_end_delta=0)


def test_invariant5_apriori_threshold_relates_to_close():
    n, phi, delta = 5, 0.3, 0.05
    for c_exp, T in ((0.3, 10_000), (0.5, 10**6), (0.7, 10**8)):
        pr = sba.theorem3_invariant_parameters(T, c_exp, n, 2, phi)
        tau, parts = sba.invariant5_apriori_threshold(pr["H"], pr["batch"], n, delta)
        assert parts["bias_term"] == 0 and parts["start_gap_term"] <= pr["close"] / 2 + 1e-12
        shrink = 1 - pr["close"] / 4  # 1 − γ^B ≥ 1 − close/4
        assert parts["martingale_term"] * shrink <= pr["close"]  # same order √(n/H) as the heuristic (n = 5, δ = 0.05)
        assert tau * shrink <= 1.6 * pr["close"]
    with pytest.raises(ValueError, match="invariant5_apriori_threshold: H must be"):
        sba.invariant5_apriori_threshold(0.5, 3, n, delta)

