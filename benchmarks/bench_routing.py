"""Per-round cost of HPG (paper B, arXiv 2606.14929) against d and M, and against a naive cvxpy projection.

A secondary summary of paper B reports "a per-round time of O(d^2 q M) and a projection-free approach
in practice" [seed, secondary summary; we read "d^2 q" as d_q², d_q the query dimension — our
reading]. Our HPG adds one thin SVD of the d×dM dual matrix, O(d³M). This script measures, in one run:

* the per-round time of HPG (policy + REINFORCE + mirror step + Bregman projection) for
  d ∈ {8, 16, 32, 64, 128} at M = 2 and M ∈ {2, 4, 8, 16} at d = 32, split into the O(d²M) part
  (logits and the rank-structured gradient) and the SVD/projection part, with fitted log-log
  exponents (stated: 2 in d and 1 in M for the O(d²M) part; the SVD part is ≈ 3 in d, 1 in M);
* the ratio against a naive implementation that projects with cvxpy every round. cvxpy cannot
  express the hypentropy Bregman projection (no arcsinh atom), so the naive step is the Euclidean
  nuclear-ball projection min ‖X − X̃‖_F s.t. ‖X‖_* ≤ τ solved as a conic program — the natural
  "project with a solver" implementation; d ∈ {4, 8, 16}, M = 2.

Run: ``python benchmarks/bench_routing.py [--quick] [--figure PATH]``. BLAS is pinned to one thread
(set before numpy is imported) so that timings are not dominated by thread oversubscription. Slopes
are ``certificates.stats.loglog_slope``, the figure ``certificates.plots.figure``. Timings are
measurements, never asserted; Findings: docs/findings.md, "Paper B per-round cost: benchmark".
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import reference.embedding_routing.environment as env  # noqa: E402
import reference.embedding_routing.hpg as hpg  # noqa: E402
import reference.embedding_routing.hypentropy as hy  # noqa: E402
import reference.embedding_routing.policies as pol  # noqa: E402
from certificates.plots import figure  # noqa: E402
from certificates.stats import loglog_slope  # noqa: E402


def _stream(T: int, d: int, M: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = env.make_queries("sphere", T, d, seed)
    F = env.make_features(X, "rank_one")
    R = np.random.default_rng(seed).uniform(0, 1, size=(T, M))
    return X, F, R


def time_hpg(d: int, M: int, rounds: int, seed: int = 0) -> tuple[float, float, float]:
    """Mean seconds per round: total, O(d²M) part, SVD+projection part."""
    X, F, R = _stream(rounds, d, M, seed)
    L = hpg.HPG(d, M, rounds, np.sqrt(M))
    rng = np.random.default_rng(seed)
    t_total = t_cheap = t_svd = 0.0
    for t in range(rounds):
        t0 = time.perf_counter()
        pi = L.distribution(t, X[t], F[t])                         # O(d²M) logits + softmax
        m = int(rng.choice(M, p=pi))
        G = pol.reinforce_gradient(pi, F[t], m, float(R[t, m]))    # O(d²M) rank-structured gradient
        Yt = hpg.mirror_ascent_step(L.Y, G, L.eta)                 # O(d²M)
        t1 = time.perf_counter()
        L.theta, L.Y = hy.bregman_project_dual(Yt, L.tau, L.beta)  # thin SVD + bisection
        t2 = time.perf_counter()
        t_total += t2 - t0
        t_cheap += t1 - t0
        t_svd += t2 - t1
    return t_total / rounds, t_cheap / rounds, t_svd / rounds


def time_naive_cvxpy(d: int, M: int, rounds: int, seed: int = 0) -> float:
    """Mean seconds per round of the same loop with a cvxpy nuclear-ball projection."""
    import cvxpy as cp

    X, F, R = _stream(rounds, d, M, seed)
    theta = np.zeros((d, d * M))
    tau, eta = np.sqrt(M), 0.1
    rng = np.random.default_rng(seed)
    Z = cp.Variable((d, d * M))
    P = cp.Parameter((d, d * M))
    prob = cp.Problem(cp.Minimize(cp.sum_squares(Z - P)), [cp.normNuc(Z) <= tau])
    start = time.perf_counter()
    for t in range(rounds):
        pi = pol.log_quadratic_policy(theta, F[t])
        m = int(rng.choice(M, p=pi))
        P.value = theta + eta * pol.reinforce_gradient(pi, F[t], m, float(R[t, m]))
        prob.solve()
        theta = Z.value
    return (time.perf_counter() - start) / rounds


def fit(xs, ys) -> float:
    """The log-log OLS slope (``certificates.stats.loglog_slope``)."""
    return float(loglog_slope(xs, ys)["slope"])


def _draw(path: str, ds, rows_d, Ms, rows_m) -> None:
    """Two log-log panels (d at M = 2, M at d = 32): total, O(d²M) part, SVD + projection."""
    with figure(path, ncols=2, figsize=(8, 3.2)) as (_, axes):
        for ax, xs, rows, name in [(axes[0], ds, rows_d, "d (M = 2)"), (axes[1], Ms, rows_m, "M (d = 32)")]:
            for k, label in [(1, "total"), (2, "O(d²M) part"), (3, "SVD + projection")]:
                ax.loglog(xs, [1e3 * r[k] for r in rows], "o-", label=label)
            ax.set_xlabel(name)
            ax.set_ylabel("ms per round")
        axes[0].legend(fontsize=8)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds (a few seconds)")
    ap.add_argument("--figure", default=None, help="save a log-log plot here (PNG)")
    args = ap.parse_args()
    rounds = 30 if args.quick else 120

    ds = [8, 16, 32, 64, 128]
    rows_d = [(d, *time_hpg(d, 2, rounds if d <= 64 else max(10, rounds // 4))) for d in ds]
    Ms = [2, 4, 8, 16]
    rows_m = [(M, *time_hpg(32, M, rounds)) for M in Ms]

    print("HPG per-round time, M = 2")
    print(f"{'d':>5} {'total ms':>10} {'O(d²M) ms':>11} {'SVD+proj ms':>12}")
    for d, tot, cheap, svd in rows_d:
        print(f"{d:>5} {1e3 * tot:>10.3f} {1e3 * cheap:>11.3f} {1e3 * svd:>12.3f}")
    print(f"fitted exponent in d: total {fit(ds, [r[1] for r in rows_d]):.2f}, "
          f"O(d²M) part {fit(ds, [r[2] for r in rows_d]):.2f} (stated 2), "
          f"SVD part {fit(ds, [r[3] for r in rows_d]):.2f} (dense SVD: 3)")
    print(f"  on d ≥ 32 only (less Python overhead): O(d²M) part {fit(ds[2:], [r[2] for r in rows_d[2:]]):.2f}, "
          f"SVD part {fit(ds[2:], [r[3] for r in rows_d[2:]]):.2f}")
    print("\nHPG per-round time, d = 32")
    print(f"{'M':>5} {'total ms':>10} {'O(d²M) ms':>11} {'SVD+proj ms':>12}")
    for M, tot, cheap, svd in rows_m:
        print(f"{M:>5} {1e3 * tot:>10.3f} {1e3 * cheap:>11.3f} {1e3 * svd:>12.3f}")
    print(f"fitted exponent in M: total {fit(Ms, [r[1] for r in rows_m]):.2f}, "
          f"O(d²M) part {fit(Ms, [r[2] for r in rows_m]):.2f} (stated 1), "
          f"SVD part {fit(Ms, [r[3] for r in rows_m]):.2f} (thin SVD of d×dM: 1)")

    print("\nNaive: cvxpy nuclear-ball projection every round (M = 2)")
    print(f"{'d':>5} {'HPG ms':>10} {'cvxpy ms':>10} {'ratio':>8}")
    for d in [4, 8, 16]:
        ours = time_hpg(d, 2, rounds)[0]
        naive = time_naive_cvxpy(d, 2, 3 if args.quick else 8)
        print(f"{d:>5} {1e3 * ours:>10.3f} {1e3 * naive:>10.1f} {naive / ours:>8.0f}×")

    if args.figure:
        _draw(args.figure, ds, rows_d, Ms, rows_m)
        print(f"\nfigure: {args.figure}")


if __name__ == "__main__":
    main()
