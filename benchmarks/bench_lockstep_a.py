"""Lockstep engine vs the scalar reference, per replicate-round, for paper A's algorithms (issue 14, item 5).

For each algorithm covered by ``engines.paper_a.lockstep_run`` and n ∈ {10, 100} (k = 2): the scalar reference
``scalar_run(algorithm, instance, seed)`` on a few seeds, and ``lockstep_run`` with R ∈ {1, 16, 64, 256} replicates,
both for T rounds; printed: µs per replicate-round and the ratio scalar / lockstep, all measured in this one run
(print ``uptime`` beside it: the machine's load moves both sides). Also checks, on the R = 16 run, how many
replicates are identical to their scalar runs (first 3 seeds; the oracle in tests/test_engines_paper_a.py checks
all of them). Last, DBG alone as Theorem 1's learner: ``run_dbg`` vs ``lockstep_run_dbg``. Numba's compile/cache
load is done before timing. Whole script: about 2–4 minutes on 2 cores.

Run: ``OPENBLAS_NUM_THREADS=1 python benchmarks/bench_lockstep_a.py [--quick]``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import reference.adaptive_preferences as ap  # noqa: E402
from engines.paper_a import lockstep_run, lockstep_run_dbg  # noqa: E402
from engines.paper_a import menu_dist_kernel as kernel  # noqa: E402
from engines.scalar_run import InstanceA, scalar_run  # noqa: E402

K = 2


def instance(algorithm: str, n: int, T: int) -> InstanceA:
    model = ap.random_scale_bounded_model(n, 1.0, 1.2, 3, normalize=True)
    if algorithm == "dbg":
        upper = ap.box_schedule(n, K, 1.0, 1.2, floor=0.5 / n).upper
        return InstanceA(model, K, 0.9, T, "uniform", {"eta": 0.05, "upper": upper})
    if algorithm == "exp_phi":
        return InstanceA(model, K, 0.3, T, "uniform", {"window": 3})
    return InstanceA(model, K, 0.9, T, "uniform", {})


def per_round(fn, replicates: int, T: int) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) / (replicates * T) * 1e6


def bench(algorithm: str, n: int, T: int, seeds: int, Rs: tuple[int, ...]) -> None:
    inst = instance(algorithm, n, T)
    lockstep_run(algorithm, inst, [0])  # warm-up (numba cache load)
    scalar = per_round(lambda: [scalar_run(algorithm, inst, s) for s in range(seeds)], seeds, T)
    print(f"{algorithm:11s} n={n:3d} k={K} T={T}: scalar {scalar:8.1f} µs/replicate-round")
    for R in Rs:
        run: dict = {}
        t = per_round(lambda run=run, R=R: run.setdefault("r", lockstep_run(algorithm, inst, range(R))), R, T)
        line = f"    R={R:3d}: lockstep {t:7.2f} µs/replicate-round  ratio {scalar / t:6.1f}×"
        if R == 16:
            same = sum(int(np.array_equal(run["r"].choices[s], scalar_run(algorithm, inst, s).choices))
                       for s in range(3))
            line += f"  (choices identical {same}/3 checked here)"
        print(line, flush=True)


def bench_learner(n: int, T: int, seeds: int, Rs: tuple[int, ...]) -> None:
    """DBG alone (Theorem 1's learner): ``run_dbg`` vs ``lockstep_run_dbg`` (floor 0.5/n, m = 1)."""
    table, floor = ap.iid_rewards(T, n, 4, kind="uniform"), 0.5 / n

    def scalar_runs():
        for s in range(seeds):
            ap.run_dbg(ap.DeferredBanditGradient(n, eta=0.05, m=1, schedule=ap.BoxSchedule(n, floor, 1.0)), table,
                       seed=s)

    scalar = per_round(scalar_runs, seeds, T)
    print(f"dbg_learner n={n:3d}     T={T}: scalar {scalar:8.1f} µs/replicate-round (run_dbg)")
    for R in Rs:
        t = per_round(lambda R=R: lockstep_run_dbg(n, 0.05, 1, floor, table, range(R)), R, T)
        print(f"    R={R:3d}: lockstep {t:7.2f} µs/replicate-round  ratio {scalar / t:6.1f}×", flush=True)


def main() -> None:
    quick = "--quick" in sys.argv
    print(f"uptime: {os.popen('uptime').read().strip()}")
    print(f"numba MenuDist kernel: {'on' if kernel.AVAILABLE else 'off (reference menu_dist per replicate)'}")
    Rs = (1, 16, 64) if quick else (1, 16, 64, 256)
    for algorithm in ("dbg", "exp_phi", "exp3_menus"):
        for n in (10, 100):
            T = 60 if quick else (150 if n == 10 else 80)
            bench(algorithm, n, T, 2 if quick else 3, Rs)
    for n in (10, 100):
        bench_learner(n, 100 if quick else 300, 2 if quick else 3, Rs)
    print(f"uptime: {os.popen('uptime').read().strip()}")


if __name__ == "__main__":
    main()
