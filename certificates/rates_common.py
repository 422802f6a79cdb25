"""Rate certificates (issue 14, item 4): fit a regret exponent over T, compare it with the claimed rate, give a verdict.

Every rate certificate (``*_rate.py``, ``embedding_routing/hpg_rates.py``) measures one quantity y(T) per replicate
on a grid of horizons spanning ≥ 3 decades (standard and audit profiles), fits log y = a + b·log T by least
squares over every replicate point (``certificates.stats.loglog_slope``: slope b, its 95 % Student-t interval
[lo, hi]) and compares b with the slope the claimed rate has *over the same grid*:

    claimed slope  s* = a + p · (ln ln T_max − ln ln T_min)/(ln T_max − ln T_min)

for a rate Õ(T^a · (log T)^p) (p = 0 for a rate without logarithms): the secant slope of T^a (ln T)^p between
the grid's ends, i.e. exactly what a regret equal to the claimed rate would give on this grid [derived].
Where the project has the theorem's bound as a function of T (its constants depend on T through a T-dependent
floor or step), the checked slope is max(s*, b_B) with b_B the least-squares slope of the bound itself over the
same grid (``bound_slope``): what the theorem predicts on this grid; the verdict against the nominal s* alone is
recorded beside it (``nominal_verdict``).

Verdict (``rate_verdict``), at the largest T run:

* ``contradicted`` — lo > s*: the whole interval lies above the claimed slope (the claim is an upper bound on
  the growth, so a measured exponent above it is a violation; this is the checked part, it fails the
  certificate and is a finding);
* ``supported`` — lo ≤ s* and the half-width (hi − lo)/2 ≤ the target (0.1 unless a certificate states
  otherwise);
* ``undecided`` — lo ≤ s* but the interval is wider than the target, or more than ``MAX_FLOORED_SHARE`` of the
  points were floored (below).

Regret can be negative on a lucky run (a pseudo-regret against the best fixed point in hindsight, or the
linearized regret of a policy-gradient run), and logs need positive values: each certificate states what it
fits, and the values are floored at ``floor`` (one round's reward, 1, unless stated) before the logs. A floored
point raises small values, so it *lowers* the fitted slope: it can hide a contradiction, never create one. The
share of floored points is recorded; above ``MAX_FLOORED_SHARE`` the verdict is at best ``undecided``.

Each certificate records one row per claim under ``ctx.record("rates", …)``: claim, claimed slope, fitted
slope, 95 % interval, half-width, T range, replicates, seconds, verdict (``rate_row``). The benchmark
``benchmarks/bench_rates.py`` prints them as the exponent table.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import numpy as np

from certificates.registry import Evidence
from certificates.stats import loglog_slope

__all__ = ["MAX_FLOORED_SHARE", "HALF_WIDTH_TARGET", "claimed_slope", "fit_rate", "rate_verdict", "rate_row",
           "rate_evidence", "decade_grid", "bound_slope", "Stopwatch"]

#: Above this share of floored points a fit cannot support a claim (the verdict is at best "undecided").
MAX_FLOORED_SHARE = 0.1

#: The issue's target half-width of the 95 % interval.
HALF_WIDTH_TARGET = 0.1


def claimed_slope(a: float, log_power: float, T_min: float, T_max: float) -> float:
    """Secant slope of T^a (ln T)^p between T_min and T_max (module docstring); T_min > e so ln ln T is defined."""
    if not (math.isfinite(a) and math.isfinite(log_power)):
        raise ValueError("claimed_slope: a and log_power must be finite numbers.")
    if not (math.e < T_min < T_max):
        raise ValueError(f"claimed_slope: T_min and T_max must satisfy e < T_min < T_max; got {T_min}, {T_max}.")
    lnlo, lnhi = math.log(T_min), math.log(T_max)
    return a + log_power * (math.log(lnhi) - math.log(lnlo)) / (lnhi - lnlo)


def bound_slope(Ts: Sequence[float], bound) -> float:
    """Least-squares log-log slope of ``bound(T)`` over the horizons ``Ts`` (each distinct T once)."""
    grid = sorted(set(Ts))
    return float(loglog_slope(grid, [bound(T) for T in grid])["slope"])


def decade_grid(T_min: int, T_max: int, per_decade: int = 2) -> list[int]:
    """Horizons from T_min to T_max, ``per_decade`` per factor 10, geometrically spaced, rounded, distinct."""
    if not (isinstance(T_min, int) and isinstance(T_max, int) and 1 <= T_min < T_max):
        raise ValueError(f"decade_grid: T_min and T_max must be integers with 1 ≤ T_min < T_max; got {T_min}, "
                         f"{T_max}.")
    steps = max(2, round(per_decade * math.log10(T_max / T_min)) + 1)
    return sorted({int(round(v)) for v in np.geomspace(T_min, T_max, steps)})


def _within_group_slope(xs, ys, groups) -> dict:
    """OLS slope of log y on log x with one intercept per group (fixed effects), its SE and 95 % t-interval
    (n − groups − 1 degrees of freedom)."""
    from scipy import stats  # noqa: PLC0415

    x, y, g = np.log(np.asarray(xs, dtype=float)), np.log(np.asarray(ys, dtype=float)), np.asarray(groups)
    xd, yd = x.copy(), y.copy()
    labels = np.unique(g)
    for lab in labels:
        sel = g == lab
        xd[sel] -= x[sel].mean()
        yd[sel] -= y[sel].mean()
    sxx = float(xd @ xd)
    dof = x.size - labels.size - 1
    if sxx <= 0 or dof < 1:
        raise ValueError("fit_rate: each group needs at least two distinct x and the fit a positive dof.")
    slope = float(xd @ yd) / sxx
    se = math.sqrt(float(np.sum((yd - slope * xd) ** 2)) / dof / sxx)
    half = float(stats.t.ppf(0.975, dof)) * se
    return {"slope": slope, "se": se, "ci95": [slope - half, slope + half], "points": int(x.size)}


def fit_rate(xs: Sequence[float], ys: Sequence[float], *, floor: float = 1.0, groups=None) -> dict:
    """``loglog_slope`` of max(y, floor) on x over every point; adds the half-width and the floored share.

    With ``groups`` (one label per point, e.g. the replicate whose model and adversary are kept across T), the
    slope is fitted within groups (one intercept per group): level differences between groups leave the residual.
    """
    if not (isinstance(floor, (int, float)) and floor > 0 and math.isfinite(floor)):
        raise ValueError(f"fit_rate: floor must be a positive finite number; got {floor!r}.")
    y = np.asarray(ys, dtype=float)
    if not np.all(np.isfinite(y)):
        raise ValueError("fit_rate: every y must be finite.")
    if groups is not None and len(groups) != y.size:
        raise ValueError(f"fit_rate: groups must hold one label per point; got {len(groups)} for {y.size} points.")
    fit = loglog_slope(xs, np.maximum(y, floor)) if groups is None else \
        _within_group_slope(xs, np.maximum(y, floor), groups)
    half = None if fit["ci95"] is None else (fit["ci95"][1] - fit["ci95"][0]) / 2
    return {**fit, "half_width": half, "floored_share": float(np.mean(y < floor)), "floor": floor,
            "T_range": [float(min(xs)), float(max(xs))]}


def rate_verdict(fit: dict, claimed: float, *, target: float = HALF_WIDTH_TARGET) -> str:
    """``contradicted`` / ``supported`` / ``undecided`` (module docstring) for a fit from ``fit_rate``."""
    if fit["ci95"] is None:
        return "undecided"
    lo = fit["ci95"][0]
    if lo > claimed:
        return "contradicted"
    if fit["half_width"] <= target and fit["floored_share"] <= MAX_FLOORED_SHARE:
        return "supported"
    return "undecided"


def rate_row(claim: str, fit: dict, claimed: float, *, replicates: int, seconds: float,
             target: float = HALF_WIDTH_TARGET, note: str = "", nominal: float | None = None) -> dict:
    """One row of the exponent table (JSON-able); ``claimed`` is the checked slope, ``nominal`` the rate's exponent
    (default: ``claimed``)."""
    nominal = claimed if nominal is None else nominal
    return {"claim": claim, "claimed_slope": round(claimed, 4), "nominal_slope": round(nominal, 4),
            "nominal_verdict": rate_verdict(fit, nominal, target=target), "slope": fit["slope"], "ci95": fit["ci95"],
            "half_width": fit["half_width"], "target_half_width": target, "T_range": fit["T_range"],
            "replicates": replicates, "points": fit["points"], "floored_share": fit["floored_share"],
            "seconds": round(seconds, 2), "verdict": rate_verdict(fit, claimed, target=target), "note": note}


def rate_evidence(row: dict, seed: int | None, instance: dict) -> Evidence:
    """The checked part: the interval's lower end ≤ the claimed slope (fails exactly when ``contradicted``)."""
    lo = row["slope"] if row["ci95"] is None else row["ci95"][0]
    return Evidence(observed=lo, bound=row["claimed_slope"], seed=seed, kind="bound",
                    instance={**instance, **row},
                    note=f"{row['claim']}: 95% interval's lower end vs the claimed slope; verdict {row['verdict']}")


class Stopwatch:
    """Wall seconds since construction (``seconds()``)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def seconds(self) -> float:
        return time.perf_counter() - self.start
