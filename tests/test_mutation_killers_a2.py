"""Mutation killers, paper A, part 2: projections and MenuDist (``tests/test_mutation_killers_a.py`` has the rest).

Float routes against the exact projection / exact arithmetic of the float input, the documented formulas of the
float error bound and the validation of their vectors. How the mutants were found and which survivors are
equivalent: ``docs/mutation.md``.
"""

import math
from fractions import Fraction as F

import numpy as np
import pytest

from reference.adaptive_preferences.realizability import lemma1_menu_times as lm
from reference.adaptive_preferences.realizability import lemma1_proof_menu_dist as md
from reference.adaptive_preferences.realizability import sec2_choice as ch
from reference.adaptive_preferences.setting import projections as pj

# -- projections: the float route against the exact projection of the float input (13:45 run) -------


def _exact_box_projection(y, lo, up):
    n = len(y)
    lo = [F(float(b)) for b in (lo if np.ndim(lo) else [lo] * n)]
    up = [F(float(b)) for b in (up if np.ndim(up) else [up] * n)]
    return pj.project_onto_box_simplex([F(float(v)) for v in y], lo, up), lo, up


def _check_float_projection(y, lower, upper):
    x = pj.project_onto_box_simplex(np.asarray(y, dtype=float), lower, upper)
    exact, lo, up = _exact_box_projection(y, lower, upper)
    n = len(y)
    tol = 16 * (n + 2) * 2.0**-53 * (1 + float(max(abs(b) for b in lo)) + float(max(abs(b) for b in up)))
    assert all(float(lo[i]) <= x[i] <= float(up[i]) for i in range(n))  # the bounds hold exactly
    assert abs(math.fsum(x) - 1) <= tol
    assert max(abs(F(float(x[i])) - exact[i]) for i in range(n)) <= tol


@pytest.mark.parametrize("n", [3, 64, 65, 100])  # n > 64: the bisection over breakpoints
def test_float_box_projection_is_within_tolerance_of_the_exact_one(n):
    rng = np.random.default_rng(n)
    for scale in (1.0, 1e8, 1e17):
        _check_float_projection(rng.normal(size=n) * scale, 0.0, 1.0)
        lo = rng.uniform(0, 0.5 / n, size=n)
        up = lo + rng.uniform(2.0 / n, 3.0 / n, size=n)
        up[0] = lo[0]  # a coordinate fixed by its bounds (collapsed breakpoints)
        _check_float_projection(rng.normal(size=n) * scale, lo, up)
    y = np.zeros(n)
    y[0] = 1e17  # one huge step: the shift-and-resolve passes
    _check_float_projection(y, 0.0, 2.0)
    y[1] = -1e16
    _check_float_projection(y, 0.1 / n, 1.0)


def test_issue_extreme_projections_are_exact_in_floats():
    assert list(pj.project_onto_simplex([0.0, -1e16])) == [1.0, 0.0]
    assert list(pj.project_onto_capped_simplex([0.0, 0.0, -1e16], 2)) == [0.5, 0.5, 0.0]
    assert list(pj.project_onto_box_simplex([1e17, 0.0], 0, 2)) == [1.0, 0.0]
    x = pj.project_onto_smoothed_simplex([1e17, 0.0, 0.0, 1.0], 0.3)
    assert x == pytest.approx([0.775, 0.075, 0.075, 0.075], abs=1e-15)


def test_float_tolerance_formula_and_wrapper_modes():
    lo, up = np.full(3, 0.1), np.full(3, 2.0)
    assert pj._float_tolerance(3, lo, up) == 16 * 5 * 2.0**-53 * 3.1  # 16 (n+2) u (1 + max|l| + max|u|)
    x = pj.project_onto_smoothed_simplex(np.array([1.0, 0.0, 0.0]), F(3, 10))  # float y: floor float(φ)/n
    assert x[1] == 0.3 / 3 and x[2] == 0.3 / 3
    assert isinstance(pj.project_onto_smoothed_simplex([F(1), 0, 0], 0.3), np.ndarray)  # float φ: float mode
    exact = pj.project_onto_box_simplex([F(1), 0, 0], [F(0)] * 3, [F(1, 2)] * 3)  # rational vector bounds
    assert exact == [F(1, 2), F(1, 4), F(1, 4)] and all(isinstance(v, F) for v in exact)
    for f in (pj.project_onto_capped_simplex, pj.project_onto_smoothed_simplex):
        with pytest.raises(ValueError, match=rf"^{f.__name__}: y must be"):
            f(5, 1)
    with pytest.raises(ValueError, match=r"^project_onto_eird_box: y must be"):
        pj.project_onto_eird_box(5, 0.5, 1)


def test_project_onto_eird_box_float_y_uses_the_float_emptiness_slack():
    delta = F(1, 10**14)
    lam = (1 - delta) / (2 + delta)  # n = 3, k = 2: n·λ/(k − 1 + λ) = 1 − δ, empty by 1e-14 < the float slack
    x = pj.project_onto_eird_box(np.array([0.5, 0.3, 0.2]), lam, 2)
    assert isinstance(x, np.ndarray) and x == pytest.approx([1 / 3] * 3, abs=1e-13)
    with pytest.raises(ValueError, match=r"^project_onto_eird_box: the box-EIRD set is empty"):
        pj.project_onto_eird_box([F(1, 2), F(3, 10), F(1, 5)], lam, 2)  # exact: no slack


def test_projection_kkt_residual_float_agrees_with_exact_and_sees_every_block():
    cases = [([F(1, 2), F(7, 10)], [F(1, 2), F(7, 10)], 0, 1),  # Σx ≠ 1: residual 1/5
             ([F(1), F(0)], [F(1, 2), F(1, 2)], F(1, 10), 1),
             ([F(3), F(-1), F(1, 2)], [F(1, 2), F(1, 4), F(1, 4)], [F(0), F(1, 10), F(1, 5)], [F(1, 2), 1, 1])]
    for y, x, lo, up in cases:
        exact = pj.projection_kkt_residual(y, x, lo, up)
        fl = pj.projection_kkt_residual(np.array([float(v) for v in y]), np.array([float(v) for v in x]),
                                        np.array([float(v) for v in lo]) if isinstance(lo, list) else float(lo),
                                        np.array([float(v) for v in up]) if isinstance(up, list) else float(up))
        assert isinstance(exact, F) and fl == pytest.approx(float(exact), abs=1e-15)
    assert pj.projection_kkt_residual(cases[0][0], cases[0][1], 0, 1) == F(1, 5)
    n = 300  # > 256: several blocks of candidate rows; the only multiplier is row 256's (its coordinate is free)
    y = np.full(n, -10.0)
    y[256] = 0.5
    x = np.zeros(n)
    x[256] = 1.0
    assert pj.projection_kkt_residual(y, x, 0.0, 2.0) == 0.0
    with pytest.raises(ValueError, match=r"^projection_kkt_residual: x"):
        pj.projection_kkt_residual(np.zeros(3), np.array([0.5, 0.5]), 0.0, 1.0)


# -- MenuDist: credit menu times, the float error bound, stages (mutation run of 2026-12-06 13:46) -----


def test_credit_menu_times_modes_and_malformed_entries():
    mu = (((0, 1), F(1, 2)), ((1, 2), F(1, 2)))  # a tuple of pairs with rational weights: exact
    assert md.credit_menu_times(mu, [1, 2, 3], 2) == [F(5, 8), F(1), F(3, 8)]
    tau = md.credit_menu_times([((0, 1), F(1))], np.array([1.0, 3.0]), 2)  # float scores: float mode
    assert isinstance(tau, np.ndarray) and list(tau) == [1.0, 1.0]
    tau = md.credit_menu_times([((0, 1), 0.5), ((1, 2), 0.5)], [1, 2, 3], 2)
    assert isinstance(tau, np.ndarray) and list(tau) == [0.625, 1.0, 0.375]
    with pytest.raises(ValueError, match=r"^credit_menu_times: menu_distribution must be a list"):
        md.credit_menu_times([((0,),)], [1, 2], 1)  # an entry that is not a pair


def test_credit_menu_times_tiny_score_ratio_takes_the_exact_route():
    # g = f / 2^e underflows for f₂ = 5e-324; weights 0.1 + 0.9 sum to 1 + 2^-55 as Fractions (renormalised)
    tau = md.credit_menu_times([((0,), 0.1), ((1,), 0.9)], [1.0, 5e-324], 1)
    assert isinstance(tau, np.ndarray) and np.all(np.isfinite(tau))
    w0, w1 = F(0.1), F(0.9) / F(5e-324)
    assert list(tau) == [float(w0 / (w0 + w1)), float(w1 / (w0 + w1))]


def test_menu_dist_float_error_bound_validates_its_vectors():
    f, p = np.array([1.0, 1.0]), np.array([0.5, 0.5])
    pairs = [((0,), 0.5), ((1,), 0.5)]
    assert 0 <= md.menu_dist_float_error_bound(pairs, np.array([0.5, 0.5]), f, p, 1) < 1e-14  # k = 1: τ = p
    half = np.array([0.5, 0.5])
    for tau, pv, arg in [(np.array([0.5, 0.5, 0.0]), p, "tau"), (half, np.array([1.0]), "p"),
                         (np.array([-0.5, 1.5]), p, "tau"), (half, np.array([-0.5, 1.5]), "p"),
                         (half, np.zeros(2), "p")]:
        with pytest.raises(ValueError, match=rf"^menu_dist_float_error_bound: {arg}"):
            md.menu_dist_float_error_bound(pairs, tau, f, pv, 1)


def test_menu_dist_stages_exact_mode_has_no_tolerance():
    d = F(1, 10**12)
    with pytest.raises(ValueError, match=r"^menu_dist_stages: p is not in IRD"):
        md.menu_dist_stages([F(1, 2) + d, F(1, 4), F(1, 4) - d], [1, 1, 1], 2)  # τ₁ = 1 + 2·10⁻¹²


def test_menu_dist_float_error_bound_is_the_documented_formula_and_holds():
    """A second transcription of the docstring's bound (1) + γ(1 + (1)), with its safe-side factors, on units
    with a deliberate error d ≠ 0 and a repeated menu (c = 2); and the bound dominates the exact error."""
    u = 2.0**-53
    f, p, k, n = np.array([1.0, 2.0, 4.0]), np.array([0.2, 0.3, 0.5]), 1, 3
    tau = lm.menu_times(p, f, k)
    a0, a1, a2 = tau[0] / 2, tau[0] / 2 + 1e-10, tau[2] - 3e-11
    pairs = [((0,), a0), ((0,), a1), ((1,), tau[1]), ((2,), a2)]
    d = np.array([math.fsum([a0, a1]), tau[1], a2]) - tau
    delta = 8 * u * (tau + np.abs(d))
    g = f / 4.0
    sg = math.fsum(g * tau) * (1 - (n + 4) * u)
    t = abs(math.fsum(g * d)) + math.fsum(g * (delta + (n + 4) * u * np.abs(d)))
    pbar = p / math.fsum(p)
    core = float(np.max(g * (np.abs(d) + delta) + pbar * t)) / (sg - t) * (1 + 8 * u)
    gamma = 1.01 * (k + 2 + 2) * u
    bound = md.menu_dist_float_error_bound(pairs, tau, f, p, k)
    assert bound == core + gamma * (1 + core) and 1e-11 < bound < 1e-9
    mu = md.reweight_by_menu_score(pairs, f, False)  # the reproduction these units give, measured exactly
    total = sum(F(w) for _, w in mu)  # Σμ = 1 up to rounding: renormalised exactly (a change of ~1e-16)
    q = ch.mixture_choice_distribution([(m, F(w) / total) for m, w in mu], [F(x) for x in f])
    assert max(abs(float(qi - F(float(pi)) / F(float(sum(p))))) for qi, pi in zip(q, p)) <= bound


@pytest.mark.parametrize("k", ["2", None, 2.0])
def test_project_onto_capped_simplex_rejects_a_non_integer_k(k):
    with pytest.raises(ValueError, match=r"^project_onto_capped_simplex: k must be an integer"):
        pj.project_onto_capped_simplex([0.5, 0.5, 0.0], k)


def test_float_menu_dist_is_the_reweighted_water_fill_when_its_bound_is_small():
    p, f = np.array([0.4, 0.3, 0.2, 0.1]), np.array([2.0, 1.0, 1.0, 0.5])
    mu = md.menu_dist(p, f, 2)
    units = md.stage_menu_times(md.menu_dist_stages(p, f, 2))
    assert md.menu_dist_float_error_bound(units, lm.menu_times(p, f, 2), f, p, 2) <= md.MENU_DIST_FLOAT_TOL
    assert mu == md.reweight_by_menu_score(units, f, False)  # the float route itself, not the exact fallback


def test_exact_box_projection_with_a_positive_lower_bound_and_exact_feasibility():
    third = [F(1, 5)] * 3  # θ = 2/5 between the breakpoints 0 and 4/5; items 1, 2 sit at the lower bound
    assert pj.project_onto_box_simplex([F(1), F(0), F(0)], third, 1) == [F(3, 5), F(1, 5), F(1, 5)]
    assert pj.project_onto_box_simplex([F(1), F(0), F(0)], F(1, 5), F(1, 2)) == [F(1, 2), F(1, 4), F(1, 4)]
    with pytest.raises(ValueError, match=r"empty because the lower bounds sum to"):  # exact: no feasibility slack
        pj.project_onto_box_simplex([F(1, 2), F(1, 2)], [F(1, 2) + F(1, 10**13), F(1, 2)], 1)
    with pytest.raises(ValueError, match=r"^project_onto_box_simplex: lower"):
        pj.project_onto_box_simplex([0.5, 0.5], [0.0, 0.0, 0.0], 1.0)


def test_reweight_by_menu_score_types_and_alpha_validation():
    mu = md.reweight_by_menu_score([((0,), 0.25), ((1,), 0.75)], [1.0, 2.0], False)
    assert [m for m, _ in mu] == [(0,), (1,)] and all(type(w) is float for _, w in mu)
    assert [w for _, w in mu] == pytest.approx([0.25 / 1.75, 1.5 / 1.75], abs=1e-15)
    for bad in ([((0,), 0.5)], [((2,), F(1))], [((0,), F(-1, 2)), ((1,), F(3, 2))]):  # float α, index n, α < 0
        with pytest.raises(ValueError, match=r"^reweight_by_menu_score: alpha_pairs"):
            md.reweight_by_menu_score(bad, [1, 2], True)
