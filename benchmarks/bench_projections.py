"""Benchmark: the exact breakpoint projection onto box-simplices vs a cvxpy QP, and its scaling in n.

Run:  python benchmarks/bench_projections.py      (≈1 minute; prints two tables from one run)

1. project_onto_box_simplex vs the cvxpy QP (Clarabel, tight tolerances): time and max |difference|.
2. Scaling of project_onto_box_simplex (float and exact mode) and of the KKT verifier, with the
   fitted log-log slope (the algorithm is O(n log n): expect a slope ≈ 1; the verifier is O(n²)).
"""

from __future__ import annotations

import math
import time
from fractions import Fraction

import cvxpy as cp
import numpy as np

from reference.adaptive_preferences.setting.projections import project_onto_box_simplex, projection_kkt_residual

SEED = 20240302


def timed(fn, *args, repeat: int = 3):
    best = math.inf
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best, out


def instance(rng, n):
    y = rng.normal(size=n) * 2
    lo = rng.dirichlet(np.ones(n)) * 0.5
    up = lo + rng.dirichlet(np.ones(n)) * 1.5
    return y, lo, up


def qp(y, lo, up):
    x = cp.Variable(len(y))
    cp.Problem(cp.Minimize(cp.sum_squares(x - y)), [cp.sum(x) == 1, x >= lo, x <= up]).solve(
        solver=cp.CLARABEL, tol_gap_abs=1e-12, tol_gap_rel=1e-12, tol_feas=1e-12, tol_ktratio=1e-10)
    return x.value


def slope(ns, ts):
    return float(np.polyfit(np.log(ns), np.log(ts), 1)[0])


def main():
    rng = np.random.default_rng(SEED)
    print("1. breakpoint projection vs cvxpy QP")
    print(f"{'n':>6} {'ours (s)':>10} {'QP (s)':>10} {'speed-up':>9} {'max |diff|':>11}")
    for n in (10, 100, 1000):
        y, lo, up = instance(rng, n)
        t_ours, x = timed(project_onto_box_simplex, y, lo, up)
        t_qp, xq = timed(qp, y, lo, up, repeat=1)
        print(f"{n:>6} {t_ours:>10.2e} {t_qp:>10.2e} {t_qp / t_ours:>9.0f} {np.max(np.abs(x - xq)):>11.1e}")

    print("\n2. scaling (best of 3)")
    print(f"{'n':>8} {'float (s)':>10} {'exact (s)':>10} {'KKT verifier (s)':>17} {'KKT residual':>13}")
    ns, tf, ne, te, nv, tv = [], [], [], [], [], []
    for n in (1000, 4000, 16000, 64000, 256000):
        y, lo, up = instance(rng, n)
        t, x = timed(project_onto_box_simplex, y, lo, up)
        ns.append(n)
        tf.append(t)
        row = f"{n:>8} {t:>10.2e}"
        if n <= 4000:
            ye = [Fraction(int(v * 1000), 1000) for v in y]
            t_e, _ = timed(project_onto_box_simplex, ye, 0, Fraction(2, n), repeat=1)
            ne.append(n)
            te.append(t_e)
            row += f" {t_e:>10.2e}"
        else:
            row += f" {'-':>10}"
        if n <= 4000:
            t_v, res = timed(projection_kkt_residual, y, x, lo, up, repeat=1)
            nv.append(n)
            tv.append(t_v)
            row += f" {t_v:>17.2e} {res:>13.1e}"
        print(row)
    print(f"\nfitted slopes: float projection {slope(ns, tf):.2f} (O(n log n) ⇒ ≈1), "
          f"exact {slope(ne, te):.2f}, KKT verifier {slope(nv, tv):.2f} (O(n²) ⇒ ≈2)")


if __name__ == "__main__":
    main()
