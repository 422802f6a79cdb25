"""Paper A, the OGD decision sets: projections onto box-constrained simplices (Δ(n), capped simplex, Δ_φ, box-EIRD).

Certificate ``box_simplex_projection_satisfies_kkt``: ``project_onto_box_simplex`` returns the Euclidean projection
— its KKT residual (``projection_kkt_residual``, an independent route) is 0 in exact mode and ≤ 1e-12·max(1, ‖y‖∞)
in floats — and it agrees with a cvxpy QP (a third route).

Certificate ``box_simplex_projection_float_within_tol_of_exact``: at every magnitude (‖y‖∞ up to 1e300,
single-coordinate steps 1e8–1e300), the float route keeps l ≤ x ≤ u exactly and is within the stated
tolerance 16(n+2)·2⁻⁵³·(1 + max|l| + max|u|) of the exact Fraction projection of the float input, in Σx and
in its exact KKT residual (independent routes).
"""

from __future__ import annotations

from fractions import Fraction

import cvxpy as cp
import numpy as np

import reference.adaptive_preferences.setting.projections as pj
import reference.adaptive_preferences.setting.sec2_eird as eird
from certificates.registry import Evidence, Mutant, certificate

#: Float tolerance (relative to max(1, ‖y‖∞)) on the KKT residual of the breakpoint algorithm.
KKT_TOL = 1e-12
#: Tolerance on ‖x − x_cvxpy‖∞ (the QP solver's accuracy at tolerances 1e-12; findings: docs/findings.md,
#: "Projections: the cvxpy QP as a second route").
QP_TOL = 1e-6


def _random_box(rng, n, exact):
    kind = int(rng.integers(0, 5))
    if exact:
        y = [Fraction(int(a), int(b)) for a, b in zip(rng.integers(-20, 21, size=n), rng.integers(1, 8, size=n))]
    else:
        y = rng.normal(size=n) * float(rng.choice([1e-3, 1.0, 30.0]))
    if kind == 0:  # simplex
        return "simplex", y, 0, 1
    if kind == 1:  # capped simplex (constant-score IRD)
        k = int(rng.integers(1, n + 1))
        return f"capped k={k}", y, 0, (Fraction(1, k) if exact else 1.0 / k)
    if kind == 2:  # smoothed simplex
        phi = Fraction(int(rng.integers(0, 11)), 10)
        return f"smoothed phi={phi}", y, (phi / n if exact else float(phi) / n), 1
    if kind == 3:  # box-EIRD at the feasibility threshold or above
        k = int(rng.integers(1, n + 1))
        lam = Fraction(k - 1, n - 1) if n > 1 else Fraction(1)
        lam = max(lam, Fraction(1, 100)) + Fraction(int(rng.integers(0, 3)), 10)
        lam = min(lam, Fraction(1))
        cap = eird.eird_box_cap(lam, k)
        return f"eird box k={k} lam={lam}", y, 0, (cap if exact else float(cap))
    # general random box with Σ l ≤ 1 ≤ Σ u
    lo = rng.dirichlet(np.ones(n)) * rng.uniform(0, 1)
    up = lo + rng.dirichlet(np.ones(n)) * rng.uniform(1 - lo.sum(), 2)
    if exact:
        lo = [Fraction(x).limit_denominator(50) for x in lo]
        lo = [l * Fraction(99, 100) for l in lo]
        up = [max(Fraction(u).limit_denominator(50) + Fraction(1, 50), l) for u, l in zip(up, lo)]
        if sum(up) < 1:
            up = [u + (1 - sum(up)) / n + Fraction(1, 100) for u in up]
    return "general box", y, lo, up


def _qp(y, lo, up):
    n = len(y)
    y = np.asarray([float(e) for e in y])
    lo = np.broadcast_to(np.asarray([float(e) for e in np.atleast_1d(lo)]), (n,))
    up = np.broadcast_to(np.asarray([float(e) for e in np.atleast_1d(up)]), (n,))
    x = cp.Variable(n)
    prob = cp.Problem(cp.Minimize(cp.sum_squares(x - y)), [cp.sum(x) == 1, x >= lo, x <= up])
    prob.solve(solver=cp.CLARABEL, tol_gap_abs=1e-12, tol_gap_rel=1e-12, tol_feas=1e-12, tol_ktratio=1e-10)
    return np.asarray(x.value)


_ORIG = pj._project_validated


def _mutant_simplex_normalise(y, lo, up, exact):  # "project" by clipping then renormalising
    x = _ORIG(y, lo, up, exact)
    if exact:
        c = [min(max(yi, li), ui) for yi, li, ui in zip(y, lo, up)]
        s = sum(c)
        return [ci / s for ci in c] if s > 0 else x
    c = np.clip(y, lo, up)
    return c / c.sum() if c.sum() > 0 else x


def _mutant_ignore_upper(y, lo, up, exact):  # forgets the upper bound
    big = [Fraction(10**6)] * len(y) if exact else np.full(len(y), 1e6)
    return _ORIG(y, lo, big, exact)


@certificate(
    id="box_simplex_projection_satisfies_kkt",
    paper="A",
    item="OGD decision sets (Δ(n), IRD of constant scores, Δ_φ of Definition 4, box-EIRD)",
    statement="project_onto_box_simplex returns the Euclidean projection: its KKT residual is 0 in exact mode "
              f"and ≤ {KKT_TOL}·max(1,‖y‖∞) in floats, and it agrees with a cvxpy QP within {QP_TOL}.",
    mutants=[
        Mutant("clip-and-normalise", "clip y to the box then renormalise (not a projection)",
               {"reference.adaptive_preferences.setting.projections:_project_validated": _mutant_simplex_normalise}),
        Mutant("ignore-upper", "solve with the upper bound dropped",
               {"reference.adaptive_preferences.setting.projections:_project_validated": _mutant_ignore_upper}),
    ],
)
def box_simplex_projection_satisfies_kkt(ctx):
    worst_qp = 0.0
    for seed, rng in ctx.instances(smoke=16, quick=300, standard=3000, audit=30000):
        n = int(rng.integers(1, ctx.choose(smoke=6, quick=12, audit=40)))
        exact = bool(rng.integers(0, 2))
        kind, y, lo, up = _random_box(rng, n, exact)
        x = pj.project_onto_box_simplex(y, lo, up)
        res = pj.projection_kkt_residual(y, x, lo, up)
        scale = max(1.0, max(abs(float(e)) for e in y))
        bound = Fraction(0) if exact else KKT_TOL * scale
        yield Evidence(observed=res, bound=bound, seed=seed,
                       instance={"route": "kkt", "set": kind, "exact": exact, "y": y, "lower": lo, "upper": up,
                                 "x": x})
        if n <= 8 and (seed % 3 == 0 or ctx.profile == "smoke"):
            xq = _qp(y, lo, up)
            diff = float(np.max(np.abs(np.asarray([float(e) for e in x]) - xq)))
            worst_qp = max(worst_qp, diff)
            yield Evidence(observed=diff, bound=QP_TOL * scale, seed=seed,
                           instance={"route": "cvxpy QP", "set": kind, "y": y, "lower": lo, "upper": up,
                                     "x": x, "x_qp": xq})
    ctx.record("worst |x - x_cvxpy|_inf", worst_qp)


# ------------------------------------------------------------------------------------------
# box_simplex_projection_float_within_tol_of_exact
# ------------------------------------------------------------------------------------------
_ORIG_FLOAT = pj._project_float


def _mutant_no_shift(y, lo, up):
    """The single-pass float route: no shift to the crossing coordinate (the pre-fix behaviour)."""
    _, x, _ = pj._float_theta(y, lo, up)
    return x


def _mutant_no_sum_repair(y, lo, up):
    """The float route without its final repair of Σ x."""
    x = _ORIG_FLOAT(y, lo, up)
    inside = (x > lo) & (x < up)
    return x + (inside * 64 * 2.0**-53 * len(x) if inside.any() else 0.0)


def _extreme_box_instance(rng, n):
    """A float box (one of the four decision sets or a general box) and a y with extreme magnitudes."""
    kind, _, lo, up = _random_box(rng, n, exact=False)
    y = rng.normal(size=n) * 10.0 ** float(rng.uniform(-3, 3))
    style = int(rng.integers(0, 3))
    if style == 0:  # one coordinate stepped by 1e8–1e300 (an importance-weighted bandit gradient)
        y[int(rng.integers(0, n))] += float(rng.choice([-1.0, 1.0])) * 10.0 ** float(rng.uniform(8, 300))
    elif style == 1:  # every coordinate huge, differences O(1): the free set sits at |y| ≈ 1e8–1e300
        y = y + float(rng.choice([-1.0, 1.0])) * 10.0 ** float(rng.uniform(8, 300))
    else:  # independent magnitudes 1e0–1e300 per coordinate
        y = y * 10.0 ** rng.uniform(0, 300, size=n)
    return kind, np.clip(y, -1e300, 1e300), lo, up


@certificate(
    id="box_simplex_projection_float_within_tol_of_exact",
    paper="A",
    item="OGD decision sets at every magnitude (Δ(n), IRD of constant scores, Δ_φ, box-EIRD, general boxes)",
    statement="In floats, for |y| up to 1e300 (single-coordinate steps 1e8–1e300, all-huge and mixed magnitudes), "
              "project_onto_box_simplex returns x with l ≤ x ≤ u exactly and ‖x − x*‖∞, |Σx − 1| ≤ "
              "16(n+2)·2⁻⁵³·(1 + max|l| + max|u|), x* the exact (Fraction) projection of the float input; its exact "
              "KKT residual obeys the same bound [derived].",
    mutants=[
        Mutant("no-shift", "one breakpoint pass on the unshifted y (the pre-fix float route)",
               {"reference.adaptive_preferences.setting.projections:_project_float": _mutant_no_shift}),
        Mutant("no-sum-repair", "skip the final repair of Σ x (and leave the free coordinates off by 64 n u)",
               {"reference.adaptive_preferences.setting.projections:_project_float": _mutant_no_sum_repair}),
    ],
)
def box_simplex_projection_float_within_tol_of_exact(ctx):
    worst = 0.0
    for seed, rng in ctx.instances(smoke=40, quick=300, standard=3000, audit=30000):
        n = int(rng.integers(1, ctx.choose(smoke=8, quick=12, audit=40)))
        kind, y, lo, up = _extreme_box_instance(rng, n)
        lo_v = np.broadcast_to(np.asarray(lo, dtype=float), (n,)).copy()
        up_v = np.broadcast_to(np.asarray(up, dtype=float), (n,)).copy()
        yq, lq, uq = ([Fraction(float(e)) for e in v] for v in (y, lo_v, up_v))
        if sum(lq) > 1 or sum(uq) < 1:  # empty in exact arithmetic (e.g. n·fl(1/k) < 1): not this claim
            continue
        x = np.asarray(pj.project_onto_box_simplex(y, lo_v, up_v))
        exact = pj._project_validated(yq, lq, uq, True)  # the exact projection of the float input
        xq = [Fraction(float(e)) for e in x]
        dist = float(max(abs(a - b) for a, b in zip(xq, exact)))
        sum_err = float(abs(sum(xq) - 1))
        outside = float(max(max(lq[i] - xq[i], xq[i] - uq[i]) for i in range(n)))
        kkt = float(pj.projection_kkt_residual(yq, xq, lq, uq))
        tol = pj._float_tolerance(n, lo_v, up_v)
        worst = max(worst, dist)
        inst = {"set": kind, "y": y, "lower": lo_v, "upper": up_v, "x": x}
        yield Evidence(observed=dist, bound=tol, seed=seed, instance={"route": "|x - x*|_inf", **inst})
        yield Evidence(observed=max(sum_err, kkt), bound=tol, seed=seed, instance={"route": "|sum-1|, KKT", **inst})
        yield Evidence(observed=max(outside, 0.0), bound=0.0, seed=seed, instance={"route": "bounds", **inst})
    ctx.record("worst |x - x*|_inf", worst)
