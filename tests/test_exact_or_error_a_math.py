"""Issue 12, paper A mathematics: named regression tests for every silent wrong answer fixed, and float-path
tests that kill the mutants which survived in exact-mode tests.

Independent checks: exact Fraction projections of the float input (projections), exact Fractions of the
float inputs (menu times, MenuDist reproduction), closed forms (memory drift).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import reference.adaptive_preferences.long_memory.lemma3_contracting_ogd as ogd
import reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift as drift
import reference.adaptive_preferences.realizability.def1_memory as mem
import reference.adaptive_preferences.realizability.lemma1_menu_times as mt
import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
import reference.adaptive_preferences.setting.def4_lemma2_smoothed_simplex as sm
import reference.adaptive_preferences.setting.projections as pj
import reference.adaptive_preferences.setting.sec2_eird as eird

U = 2.0**-53


# ------------------------------------------------------------------------------------------
# helpers: the exact projection of the float input; exact reproduction error of a float μ
# ------------------------------------------------------------------------------------------
def _exact_projection(y, lo, up):
    n = len(y)
    lo_v = np.broadcast_to(np.asarray(lo, dtype=float), (n,))
    up_v = np.broadcast_to(np.asarray(up, dtype=float), (n,))
    q = [[Fraction(float(e)) for e in v] for v in (y, lo_v, up_v)]
    return pj._project_validated(*q, True), lo_v, up_v


def _check_float_projection(y, lo, up):
    x = np.asarray(pj.project_onto_box_simplex(np.asarray(y, dtype=float), lo, up))
    exact, lo_v, up_v = _exact_projection(y, lo, up)
    tol = pj._float_tolerance(len(y), lo_v, up_v)
    assert np.all(x >= lo_v) and np.all(x <= up_v)
    assert max(abs(Fraction(float(a)) - b) for a, b in zip(x, exact)) <= tol
    assert abs(sum(Fraction(float(a)) for a in x) - 1) <= tol
    return x


def _exact_reproduction_error(mu, p, f) -> float:
    fq, pq = [Fraction(float(x)) for x in f], [Fraction(float(x)) for x in p]
    q = [Fraction(0)] * len(fq)
    for menu, w in mu:
        menu_score = sum(fq[j] for j in menu)
        for i in menu:
            q[i] += Fraction(float(w)) * fq[i] / menu_score
    return float(max(abs(a - b / sum(pq)) for a, b in zip(q, pq)))


# ------------------------------------------------------------------------------------------
# 1. projections at every magnitude
# ------------------------------------------------------------------------------------------
def test_project_onto_simplex_huge_negative_coordinate_issue_case():
    assert list(pj.project_onto_simplex([0.0, -1e16])) == [1.0, 0.0]  # was [1, 1]


def test_project_onto_capped_simplex_huge_negative_coordinate_issue_case():
    assert list(pj.project_onto_capped_simplex([0.0, 0.0, -1e16], 2)) == [0.5, 0.5, 0.0]  # was [.5, .5, .5]


def test_project_onto_box_simplex_huge_positive_coordinate_issue_case():
    assert list(pj.project_onto_box_simplex([1e17, 0.0], 0, 2)) == [1.0, 0.0]  # was [0, 0]


def test_project_onto_smoothed_simplex_huge_coordinate_issue_case():
    x = pj.project_onto_smoothed_simplex([1e17, 0.0, 0.0, 1.0], 0.3)  # was [.075] * 4
    assert np.allclose(x, [0.775, 0.075, 0.075, 0.075], rtol=0, atol=1e-15)


def test_projection_output_is_accepted_by_menu_times_after_a_huge_step():
    x = pj.project_onto_capped_simplex(np.array([1e12, 0.3, 0.2, 0.1]), 2)  # the knock-on of the issue
    assert mt.in_ird(x, [1.0, 1.0, 1.0, 1.0], 2)


def test_projection_collapsed_breakpoints_with_free_coordinate_far_below_the_top():
    # the free coordinate (index 2) sits 4e15 below the top one: both breakpoint pairs collapse
    y = [-3.81663852e15, -4.89866565e15, 3.79767725e15, -1.38189810e15, -3.79811612e289, -1.07839013e16,
         8.05471974e15]
    lo = [0.11392644, 0.00865562, 0.29543426, 0.00990806, 0.00222001, 0.0489148, 0.34815862]
    up = [0.12885014, 0.42664186, 0.43146581, 0.3065606, 0.44987171, 0.08436933, 0.39877676]
    _check_float_projection(y, lo, up)


@given(n=st.integers(1, 9), base=st.floats(-1e300, 1e300), step_exp=st.floats(8, 300),
       sign=st.sampled_from([-1.0, 1.0]), seed=st.integers(0, 2**32 - 1), kind=st.integers(0, 3))
@example(n=2, base=0.0, step_exp=16.0, sign=-1.0, seed=0, kind=0)
def test_float_projection_within_tolerance_of_exact_at_extreme_magnitudes(n, base, step_exp, sign, seed, kind):
    rng = np.random.default_rng(seed)
    y = base + rng.normal(size=n) * 10.0 ** float(rng.uniform(-3, 3))
    y[int(rng.integers(0, n))] += sign * 10.0**step_exp
    y = np.clip(y, -1e300, 1e300)
    k = int(rng.integers(1, n + 1))
    lo, up = [(0.0, 1.0), (0.0, 1.0 / k), (float(rng.uniform()) / n, 1.0), (0.0, 1.0)][kind]
    if sum(Fraction(up) for _ in range(n)) < 1:  # n·fl(1/k) < 1: empty in exact arithmetic
        return
    _check_float_projection(y, lo, up)


def test_capped_simplex_float_cap_is_one_over_k():  # kills the 1/k → 2/k mutant on the float path
    x = pj.project_onto_capped_simplex([10.0, 1.0, 0.0], 2)
    assert list(x) == [0.5, 0.5, 0.0]


def test_eird_box_agrees_with_best_in_eird_box_at_the_threshold():
    n, k = 4, 2
    lam = (k - 1) / (n - 1)  # float λ = (k−1)/(n−1): the set is {u_n}
    x = pj.project_onto_eird_box([0.9, 0.1, 0.0, 0.0], lam, k)
    value, p = eird.best_in_eird_box([3.0, 2.0, 1.0, 0.0], lam, k)  # was EmptySetError
    assert np.allclose(x, 0.25, atol=1e-12) and np.allclose(p, 0.25, atol=1e-12)
    assert value == pytest.approx(1.5, abs=1e-12)


def test_polytope_projection_is_certified_close_to_the_projection():
    # EIRD_V of two score vectors: the solver alone is only ~1e-6 accurate; the polished answer is certified
    rng = np.random.default_rng(3)
    y = rng.normal(size=4)
    A, b = ogd.eird_v_polytope([np.ones(4), np.array([1.0, 0.5, 0.8, 0.9])], 2)
    x = ogd.project_onto_polytope(y, A, b)
    assert np.all(A @ x <= 1e-12) and abs(x.sum() - 1) <= 1e-12 and np.all(x >= 0)
    # independent check: the projection onto the active face {x_1 = 0, A_0 x = A_6 x = 0, Σ x = 1}, which
    # the KKT conditions single out here, solved in closed form by least squares
    C = np.vstack([A[[0, 6]], np.ones(4), np.eye(4)[1]])
    d = np.array([0.0, 0.0, 1.0, 0.0])
    face = y - np.linalg.pinv(C) @ (C @ y - d)
    assert np.max(np.abs(x - face)) <= 1e-12
    with pytest.raises(ValueError, match="project_onto_polytope: tol must be a finite real number >= 0"):
        ogd.project_onto_polytope(y, A, b, tol=float("nan"))


# ------------------------------------------------------------------------------------------
# 2. menu times without overflow
# ------------------------------------------------------------------------------------------
def test_menu_times_smallest_positive_score_issue_case():
    tau = mt.menu_times([0.2, 0.3, 0.1, 0.4], [5e-324, 1.0, 1.0, 1.0], 2)  # was [nan, 0, 0, 0]
    assert np.all(np.isfinite(tau)) and tau[0] == 2.0 and math.fsum(tau) == 2.0


def test_menu_times_all_scores_tiny_issue_case():
    tau = mt.menu_times([1, 0, 0, 0, 0], [2.3e-308] * 5, 5)  # was [inf, 0, ...]
    assert list(tau) == [5.0, 0.0, 0.0, 0.0, 0.0]


@given(p=st.lists(st.floats(0, 1), min_size=2, max_size=6), exps=st.lists(st.floats(-1074, 1023), min_size=6,
                                                                          max_size=6), k=st.integers(1, 6))
def test_menu_times_finite_and_close_to_exact_for_every_valid_input(p, exps, k):
    if sum(p) == 0:
        return
    p = np.asarray(p) / math.fsum(p)
    if abs(math.fsum(p) - 1) > 1e-9 or np.any(p < 0):
        return
    f = np.maximum(np.asarray([2.0 ** e for e in exps[: len(p)]]), 5e-324)
    k = min(k, len(p))
    tau = mt.menu_times(p, f, k)
    exact = mt.menu_times_from_validated([Fraction(float(x)) for x in p], [Fraction(float(x)) for x in f], k, True)
    assert np.all(np.isfinite(tau))
    assert max(abs(Fraction(float(a)) - b) for a, b in zip(tau, exact)) <= 5 * U * k + 2.0**-1070


def test_menu_dist_rejects_point_outside_ird_with_tiny_score_cleanly():
    for fn in (md.menu_dist, md.menu_dist_comb):  # menu_dist returned [] (NaN passed builtin max)
        with pytest.raises(ValueError, match=rf"{fn.__name__}: p is not in IRD\(v\): item 0 needs menu time"):
            fn([0.2, 0.3, 0.1, 0.4], [5e-324, 1.0, 1.0, 1.0], 2)


# ------------------------------------------------------------------------------------------
# 3. float MenuDist within 1e-12
# ------------------------------------------------------------------------------------------
def test_menu_dist_minimal_small_lambda_case():
    p, f = [0.5, 0.5 - 1e-9, 1e-9], [1e-9, 1.0, 1.0]
    for fn in (md.menu_dist, md.menu_dist_comb):  # was 6.3e-9
        assert _exact_reproduction_error(fn(p, f, 1), p, f) <= md.MENU_DIST_FLOAT_TOL


@pytest.mark.parametrize("lam", [1e-3, 1e-6, 1e-9, 1e-12])
def test_menu_dist_float_error_within_tolerance_across_lambda(lam):
    rng = np.random.default_rng(int(-math.log10(lam)))
    for _ in range(15):
        n = int(rng.integers(2, 9))
        k = int(rng.integers(1, n))
        f = np.exp(rng.uniform(math.log(lam), 0, size=n))
        f[0] = lam
        tau = rng.dirichlet(np.ones(n)) * k
        if tau.max() > 1:
            continue
        p = tau * f / math.fsum(tau * f)
        for fn in (md.menu_dist, md.menu_dist_comb):
            assert _exact_reproduction_error(fn(p, f, k), p, f) <= md.MENU_DIST_FLOAT_TOL


def test_menu_dist_float_error_bound_dominates_the_error():
    p, f, k = np.array([0.3, 0.3, 0.2, 0.2]), np.array([1.0, 0.5, 0.25, 0.125]), 2
    tau = mt.menu_times(p, f, k)
    alpha = md._menu_time_units_water_fill(tau, k, False)
    bound = md.menu_dist_float_error_bound(alpha, tau, f, p, k)
    assert _exact_reproduction_error(md.reweight_by_menu_score(alpha, f, False), p, f) <= bound <= 1e-13


# ------------------------------------------------------------------------------------------
# 4. tolerances are validated
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_tolerances_rejected_with_named_errors(bad):
    with pytest.raises(ValueError, match="in_smoothed_simplex: atol must be a finite real number >= 0"):
        sm.in_smoothed_simplex([0.5, 0.5], 0.1, atol=bad)
    with pytest.raises(ValueError, match="is_scale_bounded_at: atol must be a finite real number >= 0"):
        sm.is_scale_bounded_at([1.0, 1.0], [0.5, 0.5], 0.5, 2, atol=bad)
    with pytest.raises(ValueError, match="in_ird: atol must be a finite real number >= 0"):
        mt.in_ird([0.5, 0.5], [1.0, 1.0], 1, atol=bad)
    with pytest.raises(ValueError, match="in_eird_v_lp: tol must be a finite real number >= 0"):
        eird.in_eird_v_lp([0.5, 0.5], [[1.0, 1.0]], 1, tol=bad)
    with pytest.raises(ValueError, match="BoxSchedule.check_nested: tol must be a finite real number >= 0"):
        ogd.BoxSchedule(2, 0.0, 1.0).check_nested(3, tol=bad)


# ------------------------------------------------------------------------------------------
# 5. memory drift in floats; Lemma 2 at n = 1; OGD regret validation
# ------------------------------------------------------------------------------------------
def test_memory_weight_after_and_drift_bound_accurate_near_gamma_one():
    g = 1 - 1e-9
    w_exact = drift.memory_weight_after(Fraction(g), Fraction(1), 10)
    d_exact = drift.memory_drift_bound(Fraction(g), Fraction(1), 3)
    assert abs(Fraction(drift.memory_weight_after(g, 1.0, 10)) - w_exact) <= 8 * U * w_exact
    assert abs(Fraction(drift.memory_drift_bound(g, 1.0, 3)) - d_exact) <= 12 * U * d_exact


@pytest.mark.parametrize("eps", [2 - 1e-12, 2 - 1e-6, 1.9999, 1.5, 0.3])
@pytest.mark.parametrize("gamma,weight", [(0.5, 1.0), (0.9, 3.0), (0.99, 0.5), (0.999, 1000.0)])
def test_rounds_within_drift_is_maximal_near_eps_two(eps, gamma, weight):
    r = drift.rounds_within_drift(gamma, weight, eps)
    gq, wq, eq = Fraction(gamma), Fraction(weight), Fraction(eps)

    def fits(rounds):  # Lemma 4's bound 2 G_r/(γ^r W + G_r) ≤ eps, exactly: (2 − eps) G_r ≤ eps γ^r W
        power = gq**rounds
        return (2 - eq) * (1 - power) / (1 - gq) <= eq * power * wq

    assert fits(r) and not fits(r + 1)
    if r < 50:  # the reference's exact route agrees (it sums r Fractions)
        assert drift.memory_drift_bound(gq, wq, r) <= eps < drift.memory_drift_bound(gq, wq, r + 1)


def test_memory_l1_drift_bound_is_attained_in_floats():  # kills 2w → 3w
    v, _ = mem.discounted_memory_update([1.0, 0.0], 1, 0.5, 1.0)
    attained = abs(v[0] - 1.0) + abs(v[1] - 0.0)
    assert mem.memory_l1_drift_bound(0.5, 1.0) == pytest.approx(attained, rel=1e-15)
    assert mem.memory_l1_drift_bound(0.5, 1.0) == pytest.approx(2 / 1.5, rel=1e-15)


class _ConstantModel:
    def scores(self, memory):
        return [1.0] * len(memory)


def test_lemma2_worst_menu_time_at_n_one():  # was ZeroDivisionError deep inside
    worst, v = sm.lemma2_worst_menu_time(_ConstantModel(), [1.0], 1, 0.5)
    assert worst == 1.0 and list(v) == [1.0]


def test_ogd_linear_regret_validates_its_arguments():
    assert ogd.ogd_linear_regret([[1, 0]], [[1, 2]], [0, 1]) == 1
    with pytest.raises(ValueError, match="ogd_linear_regret: iterates and gradients must have the same length T"):
        ogd.ogd_linear_regret([[1, 0], [0, 1]], [[1, 2]], [0, 1])
    with pytest.raises(ValueError, match=r"ogd_linear_regret: gradients\[0\] must have length n=2"):
        ogd.ogd_linear_regret([[1, 0]], [[1, 2, 3]], [0, 1])
    with pytest.raises(ValueError, match=r"ogd_linear_regret: gradients\[0\] must contain only finite numbers"):
        ogd.ogd_linear_regret([[1.0, 0.0]], [[1.0, float("nan")]], [0.0, 1.0])
    with pytest.raises(ValueError, match="ogd_linear_regret_bound: eta must be a finite real number > 0"):
        ogd.ogd_linear_regret_bound([1, 0], [0, 1], -1, [[1, 2]])


# ------------------------------------------------------------------------------------------
# 6. float-path mutant killers
# ------------------------------------------------------------------------------------------
def test_in_eird_v_float_rejects_menu_time_between_one_and_two():  # kills 1 + atol → 2 + atol
    p = [0.6, 0.4]  # at f = (1, 2), k = 2: τ_0 = 2·0.6/(0.6 + 0.2) = 1.5 ∈ (1, 2)
    assert not eird.in_eird_v(p, [[1.0, 2.0]], 2)
    assert eird.in_eird_v([0.5, 0.5], [[1.0, 1.0]], 2)


def test_smooth_point_float_formula():  # kills (1 − φ)·p → (1 − φ)/p
    x = sm.smooth_point([0.5, 0.25, 0.25], 0.2)
    assert np.allclose(x, [0.8 * 0.5 + 0.2 / 3, 0.8 * 0.25 + 0.2 / 3, 0.8 * 0.25 + 0.2 / 3], rtol=0, atol=1e-15)


def test_float_membership_boundaries_are_inclusive():  # kills <= → < at max τ = 1 and p_i = φ/n
    assert mt.in_ird([0.5, 0.5, 0.0], [1.0, 1.0, 1.0], 2, atol=0.0)
    assert sm.in_smoothed_simplex([0.25, 0.75], 0.5)
    assert eird.in_eird_box([0.5, 0.5], 1.0, 2)


# ------------------------------------------------------------------------------------------
# 7. messages name the function and the argument
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fn", [mt.menu_times, mt.in_ird, mt.ird_margin, md.menu_dist, md.menu_dist_comb,
                                md.menu_dist_stages])
def test_wrong_length_scores_is_not_blamed_on_p(fn):
    with pytest.raises(ValueError, match=rf"^{fn.__name__}: p and scores must have the same length n .*"
                                         r"p has length 2 and scores has length 3\."):
        fn([0.5, 0.5], [1.0, 1.0, 1.0], 1)


def test_in_smoothed_simplex_names_itself():
    with pytest.raises(ValueError, match=r"^in_smoothed_simplex: p must be a probability vector"):
        sm.in_smoothed_simplex([0.5, 0.6], 0.1)


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf"), "1e-7"])
def test_in_ird_lp_and_ird_witness_lp_reject_a_bad_tolerance(bad):
    """Issue 12: ``tol=-1`` or NaN made the LP answer False for points inside IRD(v)."""
    from reference.adaptive_preferences.realizability import ird_all_menus_lp as lp

    with pytest.raises((ValueError, TypeError), match=r"^in_ird_lp: tol"):
        lp.in_ird_lp([0.5, 0.5], [1, 1], 1, tol=bad)
    with pytest.raises((ValueError, TypeError), match=r"^ird_witness_lp: atol"):
        lp.ird_witness_lp([0.5, 0.5], [1, 1], 1, atol=bad)


# ------------------------------------------------------------------------------------------
# issue 12, second pass (fuzz census): silent answers and vague errors, one named case each
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("scores", [[5e-324, 5e-321, 5e-324], [5e-324, 1.0, 1.0], [1e308, 5e-324, 1.0]])
def test_credit_menu_times_with_denormal_scores_is_exact_of_the_float_input(scores):  # was NaN
    mu = [((0, 1), 0.5), ((1, 2), 0.25), ((0, 2), 0.25)]
    tau = md.credit_menu_times(mu, np.array(scores), 2)
    exact = md.credit_menu_times([(m, Fraction(w)) for m, w in mu], [Fraction(s) for s in scores], 2)
    assert np.all(np.isfinite(tau)) and max(abs(float(a) - float(b)) for a, b in zip(tau, exact)) <= 4 * U


def test_projection_kkt_residual_of_the_exact_projection_at_huge_y():  # was 0.9 (θ = y − x rounded)
    assert pj.projection_kkt_residual(np.array([1e16]), [Fraction(1)], Fraction(1, 10), Fraction(1)) == 0.0
    y = np.array([1e16, 0.3, -0.2])
    x, lo, up = _exact_projection(y, 0.1, 1.0)
    assert pj.projection_kkt_residual(y, np.array([float(e) for e in x]), 0.1, 1.0) <= 4 * U


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_polytope_projection_kkt_residual_rejects_non_finite_x(bad):  # was NaN
    with pytest.raises(ValueError, match=r"^polytope_projection_kkt_residual: x must contain only finite"):
        ogd.polytope_projection_kkt_residual(np.zeros(2), [bad, 0.5], np.array([[1.0, 0.0]]), [0.5], [0.0], 0.0,
                                             np.zeros(2))


@pytest.mark.parametrize("kw,arg", [
    (dict(alpha_pairs=[]), "alpha_pairs"), (dict(k=float("nan")), "k"), (dict(p=[float("nan"), 0.5]), "p"),
    (dict(tau=[1.0, -math.inf]), "tau"), (dict(f=None), "f"), (dict(alpha_pairs=[((0, 5), 1.0)]), "alpha_pairs"),
])
def test_menu_dist_float_error_bound_validates(kw, arg):  # was NaN / inf / TypeError
    base = dict(alpha_pairs=[((0, 1), 1.0)], tau=np.array([1.0, 1.0]), f=np.array([1.0, 2.0]),
                p=np.array([1 / 3, 2 / 3]), k=2)
    with pytest.raises(ValueError, match=rf"^menu_dist_float_error_bound: .*{arg}"):
        md.menu_dist_float_error_bound(**{**base, **kw})


def test_menu_times_from_validated_is_internal():
    assert "menu_times_from_validated" not in mt.__all__


@pytest.mark.parametrize("chosen", [-1, -1000000, 4, 1.0, True, None])
def test_memory_tracker_remember_rejects_a_bad_item(chosen):  # was IndexError (or wrap-around for −1)
    tr = mem.MemoryTracker(4, 0.5)
    with pytest.raises(ValueError, match=r"^MemoryTracker.remember: chosen must be an item index"):
        tr.remember(chosen)
    assert tr.weight == 1.0 and np.allclose(tr.memory, 0.25)


@pytest.mark.parametrize("call,message", [
    (lambda: ogd.FloorSchedule(4, [0.0, float("nan")]), r"^FloorSchedule: floors must be a finite"),
    (lambda: ogd.FloorSchedule(0, [0.0]), r"^FloorSchedule: n must be an integer"),
    (lambda: ogd.FloorSchedule(4, None), r"^FloorSchedule: floors must be a finite"),
    (lambda: ogd.BoxSchedule(4).project(0, 0.5), r"^BoxSchedule.project: y must be"),
    (lambda: ogd.BoxSchedule(4).contains(0, []), r"^BoxSchedule.contains: x must not be empty"),
    (lambda: ogd.ProjectionSchedule(4, 3), r"^ProjectionSchedule: projections must be"),
    (lambda: ogd.as_schedule(4, None), r"^as_schedule: schedule must be"),
    (lambda: ogd.contracting_ogd([np.ones(4)], None, np.full(4, 0.25), 0.1), r"^contracting_ogd: schedule must be"),
    (lambda: ogd.ogd_step(np.full(4, 0.25), np.ones(4), 0.1, None), r"^ogd_step: project_next must be"),
    (lambda: ogd.ogd_step([float("nan")] * 4, np.ones(4), 0.1, pj.project_onto_simplex), r"^ogd_step: x must"),
    (lambda: ogd.eird_v_polytope([[1.0, "j"]], 1), r"^eird_v_polytope: score_vectors"),
    (lambda: ogd.project_onto_polytope(np.zeros(2), "junk", [0.5]), r"^project_onto_polytope: A must be"),
    (lambda: eird.eird_v_constraint_rows(None, 1), r"^eird_v_constraint_rows: score_vectors"),
    (lambda: eird.in_eird_v([0.5, 0.5], 3, 1), r"^in_eird_v: score_vectors"),
    (lambda: eird.eird_box_is_empty(4, [0.3]), r"^eird_box_is_empty: cap must be"),
    (lambda: eird.best_in_eird_box([1.0, 0.0, 0.0, 0.0], 1e-300, 2), r"^best_in_eird_box: .*lam="),
    (lambda: pj.project_onto_capped_simplex([0.5], 2), r"^project_onto_capped_simplex: k must .*length of y"),
    (lambda: sm.scale_bounded_margin(np.float64(1.0), [0.5, 0.5], 0.5, 1.5), r"^scale_bounded_margin: model_or_scores"),
    (lambda: sm.lemma2_worst_menu_time("model", [0.5, 0.5], 1, 0.1), r"^lemma2_worst_menu_time: model must be"),
    (lambda: sm.lemma2_conclusion_at({}, [0.5, 0.5], 1, 0.1), r"^lemma2_conclusion_at: model must be"),
    (lambda: drift.rounds_within_drift_lower(0.5, 1.0, float("nan")), r"^rounds_within_drift_lower: eps must be"),
    (lambda: mem.memory_from_history(1.5, 0.5, 4), r"^memory_from_history: history must be"),
    (lambda: md.stage_menu_times(None), r"^stage_menu_times: stages must be"),
    (lambda: md.reweight_by_menu_score(None, np.ones(2), False), r"^reweight_by_menu_score: alpha_pairs must be"),
])
def test_vague_errors_now_name_the_function_and_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
