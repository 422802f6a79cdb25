"""Benchmark: vectorised validation (issue 14 item 2) — ``in_ird``, ``menu_times`` and ``ird_margin`` at
n = 10⁶ against the bare arithmetic they wrap, measured in the same run.

Run:  python benchmarks/bench_validation.py      (≈10 seconds; prints one table)

"validation" times the _numerics checks alone (no arithmetic) against the same bare in_ird arithmetic.
The bare arithmetic is what Lemma 1 needs once the arguments are known to be valid: r = p/f, its sum and
its max (``in_ird``), or r = p/f, its sum and k·r/Σr (``menu_times``). The public functions add the coercion
policy's checks (``reference/_numerics.py``: dtype, dimension, finiteness, signs, Σp = 1, 1 ≤ k ≤ n). The
target of issue 14 is a ratio ≤ 10 at n = 10⁶. Best of ``REPEAT`` runs each; the figures are printed,
never asserted (the machine load changes them: ``uptime`` is printed alongside).
"""

from __future__ import annotations

import math
import os
import time

import numpy as np

from reference._numerics import check_k, check_positive_vector, check_probability_vector
from reference.adaptive_preferences.realizability.lemma1_menu_times import in_ird, ird_margin, menu_times

SEED = 20240302
N = 10**6
K = 3
REPEAT = 7


def best_time(fn, *args) -> float:
    best = math.inf
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best


def bare_in_ird(p: np.ndarray, f: np.ndarray, k: int) -> bool:
    """p/f, its sum and its max: k·max(r)/Σr ≤ 1 + 1e-9, no validation."""
    r = p / f
    return bool(k * r.max() / r.sum() <= 1 + 1e-9)


def bare_menu_times(p: np.ndarray, f: np.ndarray, k: int) -> np.ndarray:
    """p/f, its sum and k·r/Σr, no validation."""
    r = p / f
    return k * r / r.sum()


def validation_only(p: np.ndarray, f: np.ndarray, k: int) -> int:
    """The coercion policy's checks alone (what ``validated_menu_times_args`` runs): scores, p, k."""
    scores = check_positive_vector("bench", f)
    check_probability_vector("bench", p, n=len(scores))
    return check_k("bench", k, len(scores))


def main() -> None:
    rng = np.random.default_rng(SEED)
    f = rng.uniform(0.5, 2.0, N)
    p = f / f.sum()  # τ ≡ k/n: inside IRD, so in_ird takes its full path
    print(f"n = {N}, k = {K}, seed {SEED}, best of {REPEAT}; load average {os.getloadavg()}")
    print(f"{'function':<12} {'public (ms)':>12} {'bare (ms)':>10} {'ratio':>7}")
    for name, public, bare in [("in_ird", in_ird, bare_in_ird), ("menu_times", menu_times, bare_menu_times),
                               ("ird_margin", ird_margin, bare_in_ird),
                               ("validation", validation_only, bare_in_ird)]:
        t_pub, t_bare = best_time(public, p, f, K), best_time(bare, p, f, K)
        print(f"{name:<12} {1e3 * t_pub:>12.2f} {1e3 * t_bare:>10.2f} {t_pub / t_bare:>7.1f}")
    p32, f32 = p.astype(np.float32), f.astype(np.float32)
    t32 = best_time(in_ird, p32, f32, K)
    print(f"in_ird on float32 input (converted and renormalised by the coercion policy): {1e3 * t32:.2f} ms")


if __name__ == "__main__":
    main()
