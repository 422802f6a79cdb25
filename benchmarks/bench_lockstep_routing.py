"""Lockstep routing loop against the scalar reference, per replicate-round (issue 14).

For HPG and its baselines (Exp3, EuclideanPolicyGradient, LogLinearPolicyGradient, UniformRouter) at d = 16,
M = 4 on one planted instance (s = 2, queries on the sphere, Ψ = x xᵀ, T rounds), this script times, in one run
(printed, never asserted, one BLAS thread):

* the scalar reference: ``engines.paper_b.routing.scalar_routing_run`` (= ``hpg.run_learner``) for a few seeds,
  seconds per round;
* the lockstep engine: ``lockstep_routing_run`` with seeds 0..R−1 for R ∈ {1, 16, 64, 256}, seconds per
  replicate-round, and the ratio scalar / lockstep;
* that every replicate reproduced its scalar run: identical experts on every round, for the seeds that were run
  both ways (the first few), and the largest |Δπ|.

The same for HPG with η = 1 on queries inside the planted subspace, where the nuclear ball becomes active and
the lockstep HPG takes the SVD route on those replicate-rounds (the share is printed). Then a cProfile of the
lockstep HPG at R = 64 names the step that bounds it. Run:
``python benchmarks/bench_lockstep_routing.py [--quick]``. Findings: docs/findings.md, "Paper B lockstep routing".
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import cProfile  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from engines.paper_b.routing import RouterSpec, lockstep_routing_run, scalar_routing_run  # noqa: E402
from reference.embedding_routing.environment import planted_instance  # noqa: E402

ALGORITHMS = ("hpg", "exp3", "euclidean_pg", "log_linear_pg", "uniform")
D, M, S, SEED = 16, 4, 2, 2026


def scalar_time(alg: str | RouterSpec, inst, seeds: list[int]) -> tuple[float, list]:
    start = time.perf_counter()
    runs = [scalar_routing_run(alg, inst, s) for s in seeds]
    return (time.perf_counter() - start) / (len(seeds) * inst.T), runs


def lockstep_time(alg: str | RouterSpec, inst, R: int):
    start = time.perf_counter()
    run = lockstep_routing_run(alg, inst, range(R))
    return (time.perf_counter() - start) / (R * inst.T), run


def active_ball(T: int, Rs: list[int]) -> None:
    """HPG (η = 1) on queries inside the planted subspace: the nuclear ball becomes active (the SVD route runs)."""
    inst = planted_instance(T, D, M, S, SEED, query_kind="subspace")
    spec = RouterSpec("hpg", {"eta": 1.0})
    ts, refs = scalar_time(spec, inst, [0, 1])
    cells, same = [], True
    for R in Rs:
        tl, run = lockstep_time(spec, inst, R)
        share = run.learner.projected_rounds / (R * T)
        cells.append(f"{ts / tl:>6.1f}× ({share:.0%} SVD)")
        same &= all(np.array_equal(ref.chosen, run.replicate(s).chosen) for s, ref in zip([0, 1][:R], refs))
    print(f"{'hpg η=1, subsp.':>14} {ts:>15.3e} " + " ".join(cells) + f"  {same}")
    print("(subspace queries: the ball is active on part of the rounds; the share of replicate-rounds that took "
          "the SVD route is in brackets)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    T = 60 if args.quick else 200
    Rs = [1, 16, 64] if args.quick else [1, 16, 64, 256]
    inst = planted_instance(T, D, M, S, SEED, query_kind="sphere")
    print(f"load before: {os.getloadavg()}; d = {D}, M = {M}, T = {T}, planted s = {S}, sphere queries, Ψ = x xᵀ")
    print(f"{'algorithm':>14} {'scalar s/round':>15} " + " ".join(f"{'R=' + str(R):>10}" for R in Rs)
          + "  identical actions, max |Δπ|")
    for alg in ALGORITHMS:
        seeds = [0, 1, 2]
        ts, scalar_runs = scalar_time(alg, inst, seeds)
        cells, same, dpi = [], True, 0.0
        for R in Rs:
            tl, run = lockstep_time(alg, inst, R)
            cells.append(f"{ts / tl:>9.1f}×")
            for s, ref in zip(seeds[:R], scalar_runs):
                rep = run.replicate(s)
                same &= bool(np.array_equal(ref.chosen, rep.chosen))
                dpi = max(dpi, float(np.abs(ref.pis - rep.pis).max()))
        print(f"{alg:>14} {ts:>15.3e} " + " ".join(cells) + f"  {same}, {dpi:.1e}")
    print("(cells: scalar seconds per round / lockstep seconds per replicate-round)")
    active_ball(T, Rs)
    prof = cProfile.Profile()
    prof.enable()
    lockstep_routing_run("hpg", inst, range(64))
    prof.disable()
    print("profile of the lockstep HPG at R = 64, top by own time:")
    pstats.Stats(prof).sort_stats("tottime").print_stats(5)
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
