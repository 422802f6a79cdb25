"""Benchmark: Lemma 1 (menu times) vs the all-menus LP, and the two MenuDist constructions.

Run:  python benchmarks/bench_lemma1.py      (≈1–2 minutes; prints the tables from one run)

1. IRD membership: menu times (O(n)) vs the all-menus LP (C(n,k) variables), n = 10..16.
2. Menu distributions: staged MenuDist vs comb vs LP witness (time, number of menus).
3. Scaling of menu_times / in_ird up to n = 10^6 (fitted log-log slope).
4. Each construction as far as it goes in a few seconds (float and exact mode), with slopes.
"""

from __future__ import annotations

import statistics
import time
from fractions import Fraction
from math import comb

import cvxpy  # noqa: F401  (the LP route imports cvxpy lazily: import it here so no timing includes the import)
import numpy as np

import reference.adaptive_preferences as ap
import reference.adaptive_preferences.realizability.ird_all_menus_lp as ird_lp
import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md

SEED = 20240301


def timed(fn, *args, repeat: int = 3):
    """Median wall time of ``repeat`` calls, and the last result."""
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def ird_instance(rng, n: int, k: int):
    """A float point of IRD(f): menu times from a Dirichlet draw, capped at 1 (Σ τ = k kept)."""
    f = rng.uniform(0.1, 1.0, size=n)
    tau = rng.dirichlet(np.ones(n)) * k if k < n else np.ones(n)
    if tau.max() > 1:
        over = tau > 1
        excess = float(np.sum(tau[over] - 1))
        tau[over] = 1.0
        room = 1 - tau
        tau = tau + excess * room / room.sum()
    p = tau * f
    return p / p.sum(), f


def slope(xs, ys):
    """Least-squares slope of log y on log x."""
    lx, ly = np.log(np.asarray(xs, float)), np.log(np.asarray(ys, float))
    return float(np.polyfit(lx, ly, 1)[0])


def table(title, header, rows):
    print(f"\n## {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")


def bench_membership(rng):
    rows = []
    for n in (10, 12, 14, 16):
        for k in sorted({2, n // 2, n - 2}):
            p, f = ird_instance(rng, n, k)
            t_mt, in_mt = timed(ap.in_ird, p, f, k, repeat=5)
            t_lp, in_lp = timed(ird_lp.in_ird_lp, p, f, k, repeat=1 if comb(n, k) > 3000 else 3)
            rows.append((n, k, comb(n, k), f"{t_mt * 1e6:.0f} µs", f"{t_lp * 1e3:.1f} ms",
                         f"{t_lp / t_mt:,.0f}×", in_mt == in_lp))
    table("1. IRD membership: menu times vs the all-menus LP (HiGHS)",
          ["n", "k", "C(n,k) LP vars", "menu times", "LP", "LP / menu times", "agree"], rows)


def bench_constructions(rng):
    rows = []
    for n, k in ((8, 4), (10, 5), (12, 6), (14, 7)):
        p, f = ird_instance(rng, n, k)
        t_st, mu_st = timed(md.menu_dist, p, f, k)
        t_cb, mu_cb = timed(md.menu_dist_comb, p, f, k)
        t_lp, mu_lp = timed(ird_lp.ird_witness_lp, p, f, k, repeat=1)
        errs = [float(np.max(np.abs(ap.mixture_choice_distribution(mu, f, k) - p))) for mu in (mu_st, mu_cb, mu_lp)]
        rows.append((n, k, f"{t_st * 1e3:.2f} ms / {len(mu_st)}", f"{t_cb * 1e3:.2f} ms / {len(mu_cb)}",
                     f"{t_lp * 1e3:.1f} ms / {len(mu_lp)}", " / ".join(f"{e:.0e}" for e in errs)))
    table("2. Menu distributions (time / number of menus; float mode)",
          ["n", "k", "staged MenuDist", "comb", "LP witness", "max |Σμq − p| (staged/comb/LP)"], rows)


def bench_scaling(rng):
    rows, ns, ts = [], [], []
    for n in (10**3, 10**4, 10**5, 10**6):
        p, f = rng.dirichlet(np.ones(n)), rng.uniform(0.1, 1.0, size=n)
        k = 10
        t_mt, _ = timed(ap.menu_times, p, f, k)
        t_in, _ = timed(ap.in_ird, p, f, k)
        ns.append(n)
        ts.append(t_mt)
        rows.append((f"{n:,}", k, f"{t_mt * 1e3:.2f} ms", f"{t_in * 1e3:.2f} ms"))
    table("3. Scaling of menu_times / in_ird (float, k = 10)", ["n", "k", "menu_times", "in_ird"], rows)
    print(f"\nfitted slope of log time vs log n (menu_times, n ≥ 10^4): {slope(ns[1:], ts[1:]):.2f}")


def bench_how_far(rng, budget: float = 3.0):
    k = 10
    for name, fn in (("staged MenuDist", md.menu_dist), ("comb", md.menu_dist_comb)):
        rows, ns, ts = [], [], []
        for n in (100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000):
            p, f = ird_instance(rng, n, k)
            start = time.perf_counter()
            mu = fn(p, f, k)
            elapsed = time.perf_counter() - start
            stages = len(md.menu_dist_stages(p, f, k)) if fn is md.menu_dist else "—"
            err = float(np.max(np.abs(ap.mixture_choice_distribution(mu, f, k) - p)))
            rows.append((f"{n:,}", stages, f"{len(mu):,}", f"{elapsed:.3f} s", f"{err:.0e}"))
            ns.append(n)
            ts.append(elapsed)
            if elapsed > budget:
                break
        table(f"4. {name}, float mode, k = {k} (until one call exceeds {budget:.0f} s)",
              ["n", "stages", "menus", "time", "max |Σμq − p|"], rows)
        big = [(n, t) for n, t in zip(ns, ts) if n >= 500]
        if len(big) >= 2:
            print(f"\nfitted slope of log time vs log n (n ≥ 500): {slope(*zip(*big)):.2f}")
    # dependence on k at n = 2000: the staged menus grow like n·k (wrapping windows), the comb stays ≤ n
    rows = []
    for kk in (2, 10, 50):
        p, f = ird_instance(rng, 2000, kk)
        t_st, mu_st = timed(md.menu_dist, p, f, kk, repeat=1)
        t_cb, mu_cb = timed(md.menu_dist_comb, p, f, kk, repeat=1)
        rows.append((2000, kk, f"{t_st:.3f} s / {len(mu_st):,}", f"{t_cb:.3f} s / {len(mu_cb):,}"))
    table("4b. Dependence on k at n = 2000 (float): time / menus", ["n", "k", "staged", "comb"], rows)
    # exact mode (Fractions): both constructions, small n
    rows = []
    for n in (20, 50, 100, 200):
        raw = rng.integers(1, 20, size=n)
        scores = [Fraction(int(a), 20) for a in rng.integers(1, 21, size=n)]
        tau = [Fraction(k * int(x), int(raw.sum())) for x in raw]
        if max(tau) > 1:
            tau = [Fraction(k, n)] * n
        mass = [t * s for t, s in zip(tau, scores)]
        p = [x / sum(mass) for x in mass]
        t_st, mu_st = timed(md.menu_dist, p, scores, k, repeat=1)
        t_cb, mu_cb = timed(md.menu_dist_comb, p, scores, k, repeat=1)
        ok = ap.mixture_choice_distribution(mu_st, scores, k) == p == ap.mixture_choice_distribution(mu_cb, scores, k)
        rows.append((n, k, f"{t_st:.3f} s / {len(mu_st):,}", f"{t_cb:.3f} s / {len(mu_cb)}", ok))
    table("4c. Exact mode (Fractions): time / menus", ["n", "k", "staged", "comb", "Σμq == p exactly"], rows)


def main():
    rng = np.random.default_rng(SEED)
    start = time.perf_counter()
    print(f"# bench_lemma1 (seed {SEED}, LP solver {ird_lp.lp_solver()})")
    bench_membership(rng)
    bench_constructions(rng)
    bench_scaling(rng)
    bench_how_far(rng)
    print(f"\ntotal {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
