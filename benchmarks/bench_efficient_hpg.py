"""Per-round time of the reference HPG against the efficient HPG (rank-one Brand updates of a thin SVD), issue 15.

Measured in one run (printed, never asserted), M = 4, Ψ = x xᵀ, one BLAS thread:

* scenario "subspace" (queries uniform on the sphere of a random s = 4 dimensional subspace; rewards from a planted
  rank-4 log-quadratic model, τ = s·B·√M): the efficient HPG keeps r ≤ s = 4 ≪ d singular values.
  d ∈ {32, 64, 128, 256, 512, 1024}. The reference's round is one dense SVD of the d × dM dual matrix, so it is
  timed over few rounds at large d (the counts are printed); the efficient one over 200 rounds after 100 rounds
  of warm-up (so r has reached its steady value). Fitted d-slopes by OLS on log–log (``certificates.stats``).
* scenario "sphere" (queries uniform on the whole sphere, so r grows with the number of rounds, up to d): the
  efficient HPG's time and r at d ∈ {32, 64, 128, 256} after 300 rounds, and a cProfile of its rounds at the
  largest d naming the step that bounds it.
* accuracy: the trajectory oracle's replay of ``EfficientHPG`` against ``HPG`` over T = 2000 rounds at d = 64
  (the test suite runs T = 2000 at d ≤ 16 and T = 300 at d = 64), plus the largest |Δπ| and |ΔΘ| seen along a
  replay of our own (same actions).

Run: ``python benchmarks/bench_efficient_hpg.py [--quick]`` (``--quick``: d ≤ 256, fewer rounds, no T = 2000
check). Findings: docs/findings.md, "Paper B efficient HPG: per-round cost".
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

from certificates.oracle import assert_trajectory_matches  # noqa: E402
from certificates.stats import loglog_slope  # noqa: E402
from engines.paper_b.efficient_hpg import EfficientHPG  # noqa: E402
from reference.embedding_routing import environment as env  # noqa: E402
from reference.embedding_routing import hpg  # noqa: E402

M, S, SEED = 4, 4, 2026
REFERENCE_ROUNDS = {32: 20, 64: 20, 128: 10, 256: 4, 512: 2, 1024: 2}


class Stream:
    """Queries and rewards generated on the fly (a (T, d, d) feature table would not fit at d = 1024)."""

    def __init__(self, d: int, kind: str, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.theta, self.P = env.planted_theta(d, M, S, 1.0, self.rng)
        self.blocks = self.theta.reshape(d, M, d)
        self.kind, self.d = kind, d

    def next(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        g = self.rng.standard_normal(S if self.kind == "subspace" else self.d)
        x = self.P @ g if self.kind == "subspace" else g
        x /= np.linalg.norm(x)
        z = np.einsum("i,imj,j->m", x, self.blocks, x)
        return x, np.multiply.outer(x, x), 0.5 + 0.5 * np.clip(z, -1.0, 1.0)


def per_round(learner, stream: Stream, warm: int, timed: int, seed: int) -> float:
    """Seconds per round (distribution + update) over ``timed`` rounds after ``warm`` untimed ones."""
    rng = np.random.default_rng(seed)
    total = 0.0
    for t in range(warm + timed):
        x, Psi, r = stream.next()
        start = time.perf_counter()
        pi = learner.distribution(t, x, Psi)
        m = int(rng.choice(M, p=pi))
        learner.update(t, x, Psi, m, float(r[m]))
        if t >= warm:
            total += time.perf_counter() - start
    return total / timed


def cost_table(ds: list[int], quick: bool) -> None:
    print("\n== scenario 'subspace' (r ≤ s = 4): seconds per round, M = 4, Ψ = x xᵀ")
    print(f"{'d':>5} {'ref rounds':>10} {'reference':>11} {'efficient':>11} {'r':>3} {'ratio':>9}")
    ref_t, eff_t = [], []
    for d in ds:
        tau = S * np.sqrt(M)
        T = 10_000
        eff = EfficientHPG(d, M, T, tau)
        e = per_round(eff, Stream(d, "subspace", SEED), 20 if quick else 100, 50 if quick else 200, SEED)
        n_ref = min(REFERENCE_ROUNDS[d], 5 if quick else 100)
        r = per_round(hpg.HPG(d, M, T, tau), Stream(d, "subspace", SEED), 1, n_ref, SEED)
        ref_t.append(r)
        eff_t.append(e)
        print(f"{d:>5} {n_ref:>10} {r:>11.3e} {e:>11.3e} {eff.rank:>3} {r / e:>9.1f}")
    for name, ts in (("reference", ref_t), ("efficient", eff_t)):
        fit = loglog_slope(ds, ts)
        tail = loglog_slope(ds[-3:], ts[-3:])["slope"]
        print(f"d-slope of {name}: {fit['slope']:.2f} (95% CI {fit['ci95']}); over the last three d: {tail:.2f}")


def sphere_table(ds: list[int], quick: bool) -> None:
    print("\n== scenario 'sphere' (r grows with t): efficient HPG after warm-up, seconds per round")
    last = None
    for d in ds:
        eff = EfficientHPG(d, M, 10_000, S * np.sqrt(M))
        stream = Stream(d, "sphere", SEED)
        e = per_round(eff, stream, 100 if quick else 300, 50, SEED)
        print(f"  d = {d:>4}: {e:.3e} s/round, r = {eff.rank}")
        last = (eff, stream)
    assert last is not None
    eff, stream = last
    prof = cProfile.Profile()
    prof.enable()
    per_round(eff, stream, 0, 30, SEED + 1)
    prof.disable()
    print(f"  profile of 30 rounds at d = {ds[-1]} (r = {eff.rank}), top by own time:")
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(6)


def divergence(d: int, T: int, seed: int) -> tuple[float, float]:
    """Largest |Δπ_t| and |ΔΘ_t| between HPG and EfficientHPG driven by the same actions (the reference's draws)."""
    inst = env.planted_instance(T, d, M, 2, seed, query_kind="sphere")
    tau = float(inst.info["tau"])
    ref, eff = hpg.HPG(d, M, T, tau), EfficientHPG(d, M, T, tau)
    rng = np.random.default_rng(seed)
    dpi = dth = 0.0
    for t in range(T):
        x, Psi, r = inst.queries[t], inst.features[t], inst.rewards[t]
        p, q = ref.distribution(t, x, Psi), eff.distribution(t, x, Psi)
        dpi = max(dpi, float(np.abs(p - q).max()))
        m = int(rng.choice(M, p=p))
        ref.update(t, x, Psi, m, float(r[m]))
        eff.update(t, x, Psi, m, float(r[m]))
        if t % 50 == 0 or t == T - 1:
            dth = max(dth, float(np.abs(ref.theta - eff.theta).max()))
    return dpi, dth


def accuracy(quick: bool) -> None:
    print("\n== accuracy against the reference")
    T = 300 if quick else 2000
    start = time.perf_counter()
    summary = assert_trajectory_matches("HPG", EfficientHPG, rounds=T, max_size=64, instances=2, seed=SEED)
    print(f"trajectory oracle, HPG entry, T = {T}, sizes {[i['size'] for i in summary['instances']]}: passed "
          f"({summary['tolerance']}) in {time.perf_counter() - start:.1f} s")
    dpi, dth = divergence(64, T, SEED)
    print(f"own replay, d = 64, T = {T}, sphere queries: max |Δπ| = {dpi:.2e}, max |ΔΘ| (every 50 rounds) = {dth:.2e}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    print("load before:", os.getloadavg())
    ds = [32, 64, 128, 256] if args.quick else [32, 64, 128, 256, 512, 1024]
    cost_table(ds, args.quick)
    sphere_table([32, 64, 128] if args.quick else [32, 64, 128, 256], args.quick)
    accuracy(args.quick)
    print("load after:", os.getloadavg())


if __name__ == "__main__":
    main()
