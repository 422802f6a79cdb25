"""Statistics shared by every certificate: standard errors, paired differences, log-log slopes.

One implementation per operation, so that every certificate reports its Monte Carlo evidence the
same way:

=============================  ====================================================================
``standard_error(x)``          s/√n with the unbiased s (ddof = 1); ``empty`` (default 0.0) for n ≤ 1
``mean_se(x)``                 (mean, standard error) as floats
``paired_difference(a, b)``    mean, SE and z-score of a − b over paired replicates
``loglog_slope(xs, ys)``       OLS slope of log y on log x with its SE and 95 % t-interval
=============================  ====================================================================

A slope fitted here is a *measurement* (recorded in a report), never a verdict by itself: a
certificate that turns a measurement into a pass/fail states the threshold in its own statement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["standard_error", "mean_se", "paired_difference", "loglog_slope", "paired_interior_minimum"]


def standard_error(x, *, axis: int | None = None, empty: float = 0.0):
    """Standard error of the mean, s/√n with ddof = 1, along ``axis`` (a float when ``axis`` is None).

    With fewer than two values there is no spread to estimate: returns ``empty`` (0.0 by default;
    certificates that must not pass on one replicate pass ``math.inf`` or ``math.nan``).
    """
    arr = np.asarray(x, dtype=float)
    count = arr.size if axis is None else arr.shape[axis]
    if count < 2:
        return empty if axis is None else np.full(np.delete(arr.shape, axis), empty)
    se = np.std(arr, axis=axis, ddof=1) / math.sqrt(count)
    return float(se) if axis is None else se


def mean_se(x, *, empty: float = 0.0) -> tuple[float, float]:
    """(mean, standard error) of the values ``x``."""
    arr = np.asarray(x, dtype=float)
    return float(np.mean(arr)), standard_error(arr, empty=empty)


def paired_difference(a, b, *, empty: float = math.inf) -> dict:
    """Mean, SE and z-score of the paired differences a_i − b_i (same seeds, same instances).

    ``z = mean / se`` (``inf``/``-inf`` when se = 0 and mean ≠ 0; 0 when both are 0).
    """
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    mean, se = float(np.mean(d)), standard_error(d, empty=empty)
    if se > 0 and math.isfinite(se):
        z = mean / se
    else:
        z = 0.0 if mean == 0 else math.copysign(math.inf, mean)
    return {"mean": mean, "se": se, "z": z, "pairs": int(d.size)}


def loglog_slope(xs: Sequence[float], ys: Sequence[float]) -> dict:
    """OLS fit of log y = a + b·log x over every point (replicates included): the exponent b.

    Returns ``{"slope", "se", "ci95": [lo, hi], "points"}``; the interval is the two-sided 95 %
    Student-t interval with n − 2 degrees of freedom (``None`` with fewer than three points, and
    ``se``/``ci95`` are then ``None`` too). Every y must be positive.
    """
    from scipy import stats  # noqa: PLC0415 (scipy only when a slope is fitted)

    xa, ya = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if not (np.all(xa > 0) and np.all(ya > 0)):
        raise ValueError("loglog_slope: every x and y must be positive and finite.")
    x, y = np.log(xa), np.log(ya)
    if x.size != y.size or x.size < 2:
        raise ValueError(f"loglog_slope: xs and ys must have one common length ≥ 2; got {x.size} and {y.size}.")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("loglog_slope: every x and y must be positive and finite.")
    res = stats.linregress(x, y)
    if x.size < 3:
        return {"slope": float(res.slope), "se": None, "ci95": None, "points": int(x.size)}
    half = float(stats.t.ppf(0.975, x.size - 2) * res.stderr)
    return {"slope": float(res.slope), "se": float(res.stderr),
            "ci95": [float(res.slope - half), float(res.slope + half)], "points": int(x.size)}


def paired_interior_minimum(table, cs, c_best=None):
    """The interior-minimum test of a parameter sweep (reported, not certified): is some interior grid point
    better than both ends, by more than 2 SE of the paired differences?

    ``table[c]`` is a list of per-block values (e.g. regret/T), the blocks paired across c (same rewards, same
    seeds). c_best = the interior grid point (not an end of ``cs``) with the least mean; for each end e,
    d_b = table[e][b] − table[c_best][b] and z_e = mean(d)/SE(d) (``standard_error``; SE = ∞ for one block, so
    z = 0). "Interior minimum" means both z > 2. c_best is selected on the same data, so the z-scores are
    optimistic by the selection (a max over the interior points); pass ``c_best`` chosen on other data (e.g.
    other horizons) for a test without selection.
    """
    inner = cs[1:-1]
    means = {c_: float(np.mean(table[c_])) for c_ in cs}
    best = min(inner, key=lambda c_: means[c_]) if c_best is None else c_best
    out = {"c_best": best, "mean_by_c": means}
    for side, e in (("small_c", cs[0]), ("large_c", cs[-1])):
        d = np.asarray(table[e]) - np.asarray(table[best])
        se = standard_error(d, empty=math.inf)
        out[f"diff_{side}"] = float(d.mean())
        out[f"se_{side}"] = se
        out[f"z_{side}"] = float(d.mean() / se) if se > 0 else math.copysign(math.inf, float(d.mean()))
    out["interior_minimum"] = bool(out["z_small_c"] > 2 and out["z_large_c"] > 2)
    out["blocks"] = len(table[cs[0]])
    return out
