"""Benchmark: the simulator and Deferred Bandit Gradient — throughput and regret scaling.

Run:  python benchmarks/bench_dbg.py            (≈4 minutes unloaded; 2 replicates per T ≤ 3·10^4, 1 at 10^5)
      python benchmarks/bench_dbg.py --quick    (T up to 2·10^4, ≈1 minute)
      python benchmarks/bench_dbg.py --out DIR  (figures go to DIR, default reports/bench_dbg)

1. Rounds per second: ``run_interaction`` (k = 2, fixed menu and k = 1 with an EXP3 learner) and
   DBG (``run_dbg``) at n ∈ {10, 100, 1000}.
2. Regret vs T (T = 10^3 … 10^5, n = 5, ξ = 0.05, i.i.d. Bernoulli rewards with gap 0.1, calibrated
   step sizes): DBG (m = 1, 4), OGD without deferral and EXP3; fitted log-log slope of the mean
   pseudo-regret against T with a 95% interval (OLS on all replicates), and the derived DBG bound's
   ratio observed/bound at each T. One figure: regret vs T (log-log) with the bound overlaid.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import numpy as np

import reference.adaptive_preferences as ap
import reference.adaptive_preferences.long_memory.lemma3_contracting_ogd as ogd
import reference.adaptive_preferences.long_memory.thm1_dbg as dbg
import reference.adaptive_preferences.setting.baselines as bl
import reference.adaptive_preferences.setting.rewards as rw

SEED = 20240302
#: Bernoulli means of the regret-scaling instance: one best item, gap 0.1 (stationary, so the best
#: fixed distribution is the right benchmark; a drifting best item lets tracking beat it).
MEANS = [0.6, 0.5, 0.5, 0.5, 0.5]


def throughput(ns=(10, 100, 1000), rounds=400):
    rows = []
    for n in ns:
        rng = np.random.default_rng(SEED + n)
        rewards = rng.random((rounds, n))
        model = ap.ConstantModel(rng.uniform(0.2, 1.0, size=n))
        # simulator, fixed menu, k = 2
        agent = ap.Agent(model, 0.9, seed=1)
        start = time.perf_counter()
        ap.run_interaction(bl.FixedMenuRecommender((0, 1)), agent, rewards, 2)
        sim_rps = rounds / (time.perf_counter() - start)
        # simulator with an EXP3 learner, k = 1
        agent = ap.Agent(model, 0.9, seed=1)
        start = time.perf_counter()
        ap.run_interaction(bl.ItemBanditRecommender(bl.Exp3(n, eta=0.05), seed=2), agent, rewards, 1)
        exp3_rps = rounds / (time.perf_counter() - start)
        # DBG (m = 4) on the smoothed simplex
        sched = ogd.FloorSchedule(n, [0.5 / n])
        learner = dbg.DeferredBanditGradient(n, eta=0.01, m=4, schedule=sched)
        start = time.perf_counter()
        dbg.run_dbg(learner, rewards, seed=3)
        dbg_rps = rounds / (time.perf_counter() - start)
        rows.append((n, sim_rps, exp3_rps, dbg_rps))
    print("\n1. Rounds per second (one run each, wall clock)")
    print(f"{'n':>6} {'simulator k=2':>14} {'sim+EXP3 k=1':>13} {'DBG m=4':>9}")
    for n, a, b, c in rows:
        print(f"{n:>6} {a:>14.0f} {b:>13.0f} {c:>9.0f}")
    return rows


def fit_slope(Ts, values):
    """OLS of log(value) on log(T): slope and a 95% interval (t quantile)."""
    from scipy import stats

    x, y = np.log(np.asarray(Ts, dtype=float)), np.log(np.maximum(np.asarray(values, dtype=float), 1e-9))
    res = stats.linregress(x, y)
    q = stats.t.ppf(0.975, len(x) - 2)
    return res.slope, (res.slope - q * res.stderr, res.slope + q * res.stderr)


def regret_scaling(Ts, reps, out_dir):
    n, xi = 5, 0.05
    sched = ogd.FloorSchedule(n, [xi])
    algos = ["DBG m=1", "DBG m=4", "OGD (no deferral)", "EXP3"]
    points = {a: [] for a in algos}
    bounds = {1: [], 4: []}
    for T in Ts:
        for rep in range(reps if T <= 30000 else 1):  # one replicate at T = 10^5 keeps the run to minutes
            rewards = rw.iid_rewards(T, n, SEED + 1000 * rep + T, means=MEANS)
            cum = rewards.sum(axis=0)
            best = xi * cum.sum() + (1 - n * xi) * cum.max()
            best_simplex = cum.max()
            for a in algos:
                if a.startswith("DBG"):
                    m = int(a.split("=")[1])
                    eta = dbg.dbg_calibrated_eta(n, T, m, 0.0, sched.diameter, xi)
                    learner = dbg.DeferredBanditGradient(n, eta=eta, m=m, schedule=sched)
                    ref = best
                elif a.startswith("OGD"):
                    eta = sched.diameter / math.sqrt(T * dbg.max_inverse_sum(n, xi))
                    learner = bl.BanditOGD(n, eta=eta, schedule=sched)
                    ref = best
                else:
                    learner = bl.Exp3(n, eta=bl.exp3_eta(n, T))
                    ref = best_simplex
                run = dbg.run_dbg(learner, rewards, seed=SEED + rep)
                points[a].append((T, ref - run.expected_reward))
        for m in (1, 4):
            eta = dbg.dbg_calibrated_eta(n, T, m, 0.0, sched.diameter, xi)
            bounds[m].append(dbg.dbg_regret_bound(n, T, m, eta, 0.0, sched.diameter, xi).total)
        print(f"   T={T} done", flush=True)
    print(f"\n2. Pseudo-regret vs T (n={n}, ξ={xi}, i.i.d. Bernoulli means {MEANS}, {reps} replicates; "
          "DBG/OGD against the best in K = {x ≥ ξ}, EXP3 against the best item)")
    print(f"{'algorithm':>18} " + " ".join(f"{T:>9}" for T in Ts) + "   slope [95% CI]")
    slopes = {}
    for a in algos:
        means = [np.mean([v for (t, v) in points[a] if t == T]) for T in Ts]
        pos = [(t, v) for t, v in points[a] if v > 0]  # log-log fit on positive regrets only
        if len(pos) > 2:
            slope, ci = fit_slope([t for t, _ in pos], [v for _, v in pos])
        else:
            slope, ci = float("nan"), (float("nan"), float("nan"))
        slopes[a] = (slope, ci)
        print(f"{a:>18} " + " ".join(f"{v:>9.1f}" for v in means) + f"   {slope:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]")
    for m in (1, 4):
        means = [np.mean([v for (t, v) in points[f"DBG m={m}"] if t == T]) for T in Ts]
        ratios = [mu / b for mu, b in zip(means, bounds[m])]
        print(f"{'bound DBG m=' + str(m):>18} " + " ".join(f"{b:>9.1f}" for b in bounds[m]))
        print(f"{'observed/bound':>18} " + " ".join(f"{r:>9.3f}" for r in ratios))
    if out_dir is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        out_dir.mkdir(parents=True, exist_ok=True)
        fig, ax = plt.subplots(figsize=(6, 4))
        for a in algos:
            means = [np.mean([v for (t, v) in points[a] if t == T]) for T in Ts]
            ax.loglog(Ts, np.maximum(means, 1e-1), "o-", label=f"{a} (slope {slopes[a][0]:.2f})")
        for m, style in ((1, "k--"), (4, "k:")):
            ax.loglog(Ts, bounds[m], style, label=f"derived DBG bound, m={m}")
        ax.set_xlabel("T")
        ax.set_ylabel("mean pseudo-regret")
        ax.set_title("Regret vs T (i.i.d. Bernoulli, gap 0.1, n=5)")
        ax.legend(fontsize=7)
        fig.tight_layout()
        path = out_dir / "dbg_regret_vs_T.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        print(f"\nwrote {path}")
    return slopes


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="T up to 2·10^4")
    parser.add_argument("--out", type=Path, default=Path("reports/bench_dbg"))
    args = parser.parse_args()
    throughput()
    Ts = [1000, 3000, 10000, 20000] if args.quick else [1000, 3000, 10000, 30000, 100000]
    regret_scaling(Ts, reps=2, out_dir=args.out)


if __name__ == "__main__":
    main()
