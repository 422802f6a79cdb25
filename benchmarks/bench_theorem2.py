"""Theorem 2 (paper A, recon): where the bound becomes non-vacuous, its fitted exponents, and what
Algorithm 2 costs per round. Run: ``python benchmarks/bench_theorem2.py`` (about a minute).

Prints
  1. bound/T of ``theorem2_regret_bound`` with ``theory_parameters`` for c ∈ {1/4, 1/2, 1} over T,
     and the fitted exponent of the bound next to the reconstructed rate 1 − c/4;
  2. Algorithm 2 (practical calibration) on one random smooth model: seconds per round, learning
     rounds, pseudo-regret vs EIRD_V, and the same for EXP3 over menus.
"""

from __future__ import annotations

import time

import numpy as np

import reference.adaptive_preferences.long_memory.alg2_eird_targeting as tg
import reference.adaptive_preferences.long_memory.thm2_regret_bound as t2
import reference.adaptive_preferences.setting.def2_def3_models as models
import reference.adaptive_preferences.setting.rewards as rewards
import reference.adaptive_preferences.setting.sec2_eird as eird
from reference.adaptive_preferences.realizability.sec2_choice import all_menus
from reference.adaptive_preferences.setting.baselines import Exp3MenuRecommender, exp3_eta
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction


def bound_table():
    n, k, lam, L = 3, 2, 0.9, 0.1
    grids = {1.0: [9, 12, 18, 24], 0.5: [12, 18, 24, 30], 0.25: [24, 36, 48, 60]}
    print("1. Theorem 2 (recon) bound with theory_parameters, n=3, k=2, λ=0.9, L=0.1")
    print(f"{'c':>5} {'T':>6} {'bound/T':>10} {'valid':>6} {'shows':>10} {'D':>9} {'phi':>9}")
    for c, exps in grids.items():
        Ts, totals = [], []
        for e in exps:
            T = 10**e
            params, b = t2.theory_parameters(n, k, lam, L, t2.gamma_for_exponent(T, c), T, grid=6)
            print(f"{c:5.2f} {'1e' + str(e):>6} {b.total / T:10.3e} {str(b.valid):>6} {params.shows:10d} "
                  f"{params.drift_threshold:9.2e} {params.phi:9.2e}")
            if b.valid and b.total < T:
                Ts.append(T)
                totals.append(b.total)
        if len(Ts) >= 2:
            slope = np.polyfit(np.log(np.asarray(Ts, dtype=float)), np.log(np.asarray(totals, dtype=float)), 1)[0]
            print(f"      fitted exponent of the bound (non-vacuous T): {slope:.3f}   "
                  f"rate 1 − c/4 = {t2.rate_exponent(c):.3f}")


def expected_reward(model, traj, R):
    return sum(float(model.scores(v)[list(m)] @ R[t, list(m)] / model.scores(v)[list(m)].sum())
               for t, (m, v) in enumerate(zip(traj.menus, traj.memories)))


def simulation_table():
    n, k, lam = 4, 2, 0.6
    print("\n2. Algorithm 2 (practical calibration), n=4, k=2, λ=0.6, one random smooth model, i.i.d. rewards")
    print(f"{'c':>5} {'T':>6} {'s/round':>9} {'learn':>6} {'regret':>8} {'EXP3-menus':>10}")
    model = models.random_smooth_model(n, lam, 11, strength=0.5, quadratic=False)
    for c in (1.0, 0.5):
        for T in (500, 1000, 2000):
            gamma = t2.gamma_for_exponent(T, c)
            R = rewards.iid_rewards(T, n, 3)
            params = t2.practical_parameters(n, k, lam, model.lipschitz, gamma, T)
            rec = tg.Algorithm2(n, k, gamma, params, seed=5)
            start = time.perf_counter()
            traj = run_interaction(rec, Agent(model, gamma, seed=6), R, k, record=True)
            secs = (time.perf_counter() - start) / T
            V = [model.scores(v) for v in traj.memories[:: max(1, T // 40)]]
            best, _ = eird.best_in_eird_v(traj.reward_sum, V, k)
            base = run_interaction(Exp3MenuRecommender(all_menus(n, k), eta=exp3_eta(len(all_menus(n, k)), T), seed=5),
                                   Agent(model, gamma, seed=6), R, k, record=True)
            print(f"{c:5.2f} {T:6d} {secs:9.2e} {rec.non_dbg_rounds:6d} {best - expected_reward(model, traj, R):8.1f} "
                  f"{best - expected_reward(model, base, R):10.1f}")


if __name__ == "__main__":
    bound_table()
    simulation_table()
