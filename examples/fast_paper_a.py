"""Fast numpy versions of two paper-A functions, checked by the correctness oracle (a worked example).

Paper A: Agarwal & Brown, ALT 2024, arXiv 2302.06014. The reference implementations are
``reference.adaptive_preferences.realizability.lemma1_menu_times.menu_times`` and
``reference.adaptive_preferences.setting.projections.project_onto_box_simplex``; both validate every
argument and support exact ``Fraction`` arithmetic. The versions here are float64 only and skip the
validation (they accept the same arguments, Fractions included, and convert them to float):

* ``menu_times(p, scores, k)`` — τ_i = k (p_i/f_i) / Σ_j p_j/f_j, and ``menu_times_batch`` for a
  whole (rows, n) array of instances at once.
* ``project_onto_box_simplex(y, lower, upper)`` — argmin ‖x − y‖₂ s.t. Σ x = 1, lower ≤ x ≤ upper.
  x_i = clip(y_i − θ, l_i, u_i); S(θ) = Σ_i clip(y_i − θ, l_i, u_i) is piecewise linear with kinks at
  the 2n breakpoints y − u (coordinate i leaves its upper bound: slope −1) and y − l (it reaches its
  lower bound: slope +1). One sort and two cumulative sums give S at every breakpoint (no Python loop
  and no bisection); θ is then solved on the bracketing piece from the coordinates free there.

Check them (from the repository root)::

    python -m certificates oracle menu_times examples.fast_paper_a:menu_times
    python -m certificates oracle project_onto_box_simplex examples.fast_paper_a:project_onto_box_simplex

Run ``python examples/fast_paper_a.py`` for a timing comparison with the reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["as_float_vector", "menu_times", "menu_times_batch", "project_onto_box_simplex", "timing_table"]


def as_float_vector(x: Any, n: int | None = None) -> np.ndarray:
    """x (array, list of floats/ints/Fractions, or a scalar broadcast to length n) as float64."""
    if isinstance(x, np.ndarray) and x.dtype == np.float64:
        arr = x
    else:
        arr = np.asarray(x, dtype=float)  # Fraction has __float__: exact inputs become floats
    if n is not None and arr.ndim == 0:
        return np.full(n, float(arr))
    return arr


# --------------------------------------------------------------------------------------------
# menu times (Lemma 1)
# --------------------------------------------------------------------------------------------
def menu_times(p: Any, scores: Any, k: int) -> np.ndarray:
    """τ_i = k (p_i/f_i) / Σ_j (p_j/f_j) in float64 (no validation; Fractions are converted)."""
    ratios = as_float_vector(p) / as_float_vector(scores)  # p_i / f_i
    return k * ratios / ratios.sum()                       # k · ratio / Σ ratios


def menu_times_batch(P: np.ndarray, F: np.ndarray, k: int | np.ndarray) -> np.ndarray:
    """Row-wise ``menu_times`` for a (rows, n) array of instances (k a scalar or one per row)."""
    ratios = np.asarray(P, dtype=float) / np.asarray(F, dtype=float)
    kk = np.asarray(k, dtype=float).reshape(-1, 1) if np.ndim(k) else float(k)
    return kk * ratios / ratios.sum(axis=1, keepdims=True)


# --------------------------------------------------------------------------------------------
# Euclidean projection onto {Σ x = 1, lower ≤ x ≤ upper}
# --------------------------------------------------------------------------------------------
def _sum_at_breakpoints(y: np.ndarray, lo: np.ndarray, up: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted breakpoints b and S(b) at each, from S(b_0) = Σ u and the slope on each piece."""
    n = y.size
    breaks = np.concatenate([y - up, y - lo])
    order = np.argsort(breaks)                                       # ties: zero-length pieces, any order
    b = breaks[order]
    slope = np.cumsum(np.where(order < n, -1.0, 1.0))                # leave upper: −1, reach lower: +1;
    # slope[j] is the slope of S on (b_j, b_{j+1})
    s = np.empty(2 * n)
    s[0] = up.sum()                                                  # S(b_0): every coordinate at its upper bound
    np.cumsum(slope[:-1] * np.diff(b), out=s[1:])
    s[1:] += s[0]
    return b, s


def project_onto_box_simplex(y: Any, lower: Any, upper: Any) -> np.ndarray:
    """Π(y) onto {Σ x = 1, lower ≤ x ≤ upper} by a vectorised breakpoint search (float64, no validation)."""
    y = as_float_vector(y)
    n = y.size
    lo, up = as_float_vector(lower, n), as_float_vector(upper, n)
    if up.sum() <= 1.0:
        return up.copy()                          # the set is {upper} (up to rounding)
    if lo.sum() >= 1.0:
        return lo.copy()                          # the set is {lower}
    b, s = _sum_at_breakpoints(y, lo, up)
    above = np.flatnonzero(s > 1.0)
    if above.size == 0:                           # rounding: S(b_0) = Σ u > 1 was just checked
        return up.copy()
    a = min(int(above[-1]), 2 * n - 2)            # S(b_a) > 1 ≥ S(b_{a+1})
    t0, t1 = b[a], b[a + 1]
    mid = 0.5 * (t0 + t1)                         # no coordinate changes regime inside (t0, t1)
    at_upper = (y - up) > mid
    at_lower = (y - lo) < mid
    free = ~(at_upper | at_lower)
    m = int(free.sum())
    if m == 0:
        theta = t1
    else:
        # Σ_free (y_i − θ) + Σ_upper u_i + Σ_lower l_i = 1
        theta = (y[free].sum() + up[at_upper].sum() + lo[at_lower].sum() - 1.0) / m
        theta = min(max(theta, t0), t1)
    return np.clip(y - theta, lo, up)


# --------------------------------------------------------------------------------------------
# timing comparison (python examples/fast_paper_a.py)
# --------------------------------------------------------------------------------------------
def timing_table(sizes: Sequence[int] = (10, 100, 1000, 10000), seed: int = 0) -> list[dict]:
    """Reference vs fast time per call for both functions at each n (one run, best of repeats)."""
    from examples.timing import best_time  # noqa: PLC0415 (only the timing script needs it)
    from reference.adaptive_preferences.realizability.lemma1_menu_times import menu_times as ref_mt  # noqa: PLC0415
    from reference.adaptive_preferences.setting.projections import (  # noqa: PLC0415
        project_onto_box_simplex as ref_proj,
    )

    rng = np.random.default_rng(seed)
    rows = []
    for n in sizes:
        p = rng.dirichlet(np.ones(n))
        f = rng.uniform(1e-3, 1.0, n)
        k = max(1, n // 4)
        y = rng.normal(size=n) * 2
        lo = rng.dirichlet(np.ones(n)) * 0.5
        up = lo + rng.dirichlet(np.ones(n)) * 1.5
        for name, ref, fast, args in (("menu_times", ref_mt, menu_times, (p, f, k)),
                                      ("project_onto_box_simplex", ref_proj, project_onto_box_simplex, (y, lo, up))):
            err = float(np.max(np.abs(np.asarray(ref(*args), dtype=float) - fast(*args))))
            t_ref, t_fast = best_time(ref, args), best_time(fast, args)
            rows.append({"function": name, "n": n, "reference_s": t_ref, "fast_s": t_fast,
                         "speedup": t_ref / t_fast, "max_abs_diff": err})
    return rows


def print_table(rows: list[dict]) -> None:
    print(f"{'function':<26} {'n':>6} {'reference':>11} {'fast':>11} {'speed-up':>9} {'max |diff|':>11}")
    for r in rows:
        print(f"{r['function']:<26} {r['n']:>6} {r['reference_s']:>10.2e}s {r['fast_s']:>10.2e}s "
              f"{r['speedup']:>8.1f}x {r['max_abs_diff']:>11.1e}")


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
    print_table(timing_table())
