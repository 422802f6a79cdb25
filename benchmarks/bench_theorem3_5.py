"""Benchmark: issue 6 (Theorems 3 and 5) — per-round cost of the learners, and the certificates' wall time.

Run:  python benchmarks/bench_theorem3_5.py            (≈2–3 minutes unloaded, one run, prints two tables)
      python benchmarks/bench_theorem3_5.py --quick    (n ≤ 16, no certificate timing; ≈20 s)
      python benchmarks/bench_theorem3_5.py --no-certs (skip table 2)

1. Per-round cost (wall time of ``run_interaction`` / T with the agent, and the time inside the recommender)
   at n ∈ {4, 8, 16, 32, 64}, k = 2, of Algorithm 3 (``ScaleBoundedOGD`` via the certificates' default
   schedule, γ = 1 − T^{−0.45}, learning shortened to max(50, 10n) rounds per stage), EXP-φ (``ExpPhi``,
   γ = 0.3), DBG with oracle box-EIRD targeting (n-dimensional projection + MenuDist per round), EXP3 over
   all C(n, 2) menus, and the agent + simulator alone (a fixed menu), on one normalised random
   (λ = 1, c = 1.2)-scale-bounded model (the box applies for every n here: λ' = 0.347 ≥ 1/(n − 1)). Fitted
   log-log slope of cost vs n (least squares over the n grid, and between the two largest n). Algorithm 3's
   stage mix (burn-in / learning / steps) is printed, and its step rounds are timed separately.
2. Wall time of every issue-6 certificate (modules ``certificates/a_theorem3*.py`` and ``a_theorem5*.py``:
   a_theorem3, a_theorem3_5_baselines, a_theorem5, a_theorem5_general) in the quick profile, run once
   through the registry API (pass/fail shown).

Measured ratios only; nothing here is asserted. One BLAS thread (set below, as the Makefile does).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import math
import time

import numpy as np

import certificates.adaptive_preferences.setting.baselines as bl
from reference.adaptive_preferences.realizability.sec2_choice import all_menus
from reference.adaptive_preferences.setting.baselines import (
    Exp3MenuRecommender,
    FixedMenuRecommender,
    exp3_eta,
)
from reference.adaptive_preferences.setting.def2_def3_models import random_scale_bounded_model
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction

SEED = 20260601
LAM, C, PHI, K = 1.0, 1.2, 0.3, 2
REPEATS = 2
ALG3_T = 6000


def _learner(name, model, n, T, seed):
    """(recommender, γ) for one learner; Algorithm 3 at γ = 1 − T^{−0.45}, EXP-φ at γ = 0.3, the others at 0.98."""
    if name == "Algorithm 3":  # the certificates' default schedule, γ = 1 − T^{−0.45}, learning shortened to
        # max(50, 10n) rounds per stage so that the step stage is reached at every n (a stage's per-round cost
        # does not depend on its length)
        return bl.algorithm3_recommender(n, K, lam=LAM, c=C, phi=PHI, T=T, c_exp=0.45, seed=seed, model=model,
                                         learn_rounds=max(50, 10 * n))
    if name == "EXP-phi":
        gamma = 0.3
        return bl.exp_phi_recommender(n, K, gamma, T, lam=LAM, c=C, phi=0.9, seed=seed)[0], gamma
    if name == "DBG (oracle box)":
        gamma = 0.98
        return bl.oracle_dbg_recommender(model, n, K, gamma, T, lam=LAM, c=C, seed=seed)[0], gamma
    if name == "EXP3 over menus":
        menus = all_menus(n, K)
        return Exp3MenuRecommender(menus, eta=exp3_eta(len(menus), T), seed=seed), 0.98
    if name == "agent only (fixed menu)":
        return FixedMenuRecommender(tuple(range(K)), seed=seed), 0.98
    raise ValueError(name)


LEARNERS = ("Algorithm 3", "EXP-phi", "DBG (oracle box)", "EXP3 over menus", "agent only (fixed menu)")


class _Timed:
    """Wraps a recommender: accumulates the time spent inside propose/observe, per stage when it has one."""

    def __init__(self, rec):
        self.rec = rec
        self.seconds = {}
        self.rounds = {}

    def propose(self, t):
        self._stage = getattr(self.rec, "stage", "all")
        start = time.perf_counter()
        menu = self.rec.propose(t)
        self._spent = time.perf_counter() - start
        return menu

    def observe(self, t, menu, chosen, reward):
        start = time.perf_counter()
        self.rec.observe(t, menu, chosen, reward)
        spent = self._spent + time.perf_counter() - start
        self.seconds[self._stage] = self.seconds.get(self._stage, 0.0) + spent
        self.rounds[self._stage] = self.rounds.get(self._stage, 0) + 1


def _slopes(ns, costs):
    logn, logc = np.log(ns), np.log(costs)
    return float(np.polyfit(logn, logc, 1)[0]), float((logc[-1] - logc[-2]) / (logn[-1] - logn[-2]))


def per_round_costs(ns, T):
    print(f"\n1. Per-round cost in µs (k = {K}; min over {REPEATS} runs). 'total' = run_interaction / T (agent and "
          f"simulator included); 'learner' = time inside the recommender's propose + observe per round. "
          f"T = {T}, Algorithm 3: T = {ALG3_T} (so that its step stage is reached at every n).")
    print(f"{'learner':38s}" + "".join(f"{'n=' + str(n):>9s}" for n in ns) + f"{'slope':>7s}{'top2':>7s}")
    table, stage_mix = {}, {}
    for name in LEARNERS:
        horizon = ALG3_T if name == "Algorithm 3" else T
        total, own, steps = [], [], []
        for n in ns:
            model = random_scale_bounded_model(n, LAM, C, SEED + n, normalize=True)
            rewards = bl.stationary_bernoulli_rewards(horizon, n, np.random.default_rng(SEED + n))
            best = (math.inf, math.inf, math.inf)
            for _ in range(REPEATS):  # the minimum over repeats (least disturbed by the shared machine)
                rec, gamma = _learner(name, model, n, horizon, SEED)
                timed = _Timed(rec)
                agent = Agent(model, gamma, seed=SEED + 1)
                start = time.perf_counter()
                run_interaction(timed, agent, rewards, K)
                wall = (time.perf_counter() - start) / horizon
                inside = sum(timed.seconds.values()) / horizon
                step = (timed.seconds.get("step", math.nan) / timed.rounds["step"]
                        if "step" in timed.rounds else math.nan)
                best = (min(best[0], wall), min(best[1], inside), min(best[2], step))
                if name == "Algorithm 3":
                    stage_mix[n] = dict(timed.rounds)
            total.append(best[0])
            own.append(best[1])
            steps.append(best[2])
        table[name] = {"total": total, "learner": own}
        rows = [("total", total), ("learner", own)]
        if name == "Algorithm 3":
            rows.append(("learner, step rounds only", steps))
        for label, costs in rows:
            if name == "agent only (fixed menu)" and label == "learner":
                continue
            slope, top2 = _slopes(ns, costs) if all(np.isfinite(costs)) else (math.nan, math.nan)
            cells = "".join(f"{1e6 * x:9.1f}" if math.isfinite(x) else f"{'—':>9s}" for x in costs)
            print(f"{name + ' ' + label:38s}" + cells + f"{slope:7.2f}{top2:7.2f}")
    print("\n   Algorithm 3 stage mix (rounds): " + "; ".join(f"n={n}: {m}" for n, m in stage_mix.items()))
    return table


def certificate_times():
    from certificates.registry import load_all, run_certificate

    registry = load_all()
    # every module of issue 6: a_theorem3*, a_theorem5* (incl. a_theorem3_5_baselines, a_theorem5_general)
    modules = ("certificates.adaptive_preferences.scale_bounded.",
               "certificates.adaptive_preferences.short_memory.thm5_exp_phi")
    ids = [cid for cid, cert in registry.items() if cert.module.startswith(modules)]
    print(f"\n2. Issue-6 certificates, quick profile, seed 0 ({len(ids)} certificates, one run each)")
    print(f"{'certificate':72s}{'seconds':>9s}{'instances':>11s}  passed")
    total = 0.0
    for cid in ids:
        res = run_certificate(registry[cid], profile="quick", seed=0)
        total += res.seconds
        print(f"{cid:72s}{res.seconds:9.2f}{res.instances:11d}  {res.passed}")
    print(f"{'total':72s}{total:9.2f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="n ≤ 16 and no certificate timing")
    ap.add_argument("--no-certs", action="store_true", help="skip the certificate timing table")
    args = ap.parse_args()
    global ALG3_T
    ns = (4, 8, 16) if args.quick else (4, 8, 16, 32, 64)
    T = 800 if args.quick else 2000
    if args.quick:
        ALG3_T = 2500
    start = time.perf_counter()
    per_round_costs(ns, T)
    if not (args.quick or args.no_certs):
        certificate_times()
    print(f"\nwall time {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
