"""The all-menus LP (2022 paper's route): independent oracle for Lemma 1."""

from __future__ import annotations

from fractions import Fraction

import cvxpy as cp
import numpy as np
import pytest
from hypothesis import example, given, note, settings, target
from lemma1_strategies import any_points, ird_points

import reference.adaptive_preferences as ap
import reference.adaptive_preferences.realizability.ird_all_menus_lp as ird_lp

F = Fraction


@settings(max_examples=40)
@given(inst=any_points(max_n=6))
@example(inst=([F(1, 2), F(1, 2), F(0)], [1, 1, 1], 2))  # max τ = 1 exactly
@example(inst=([F(1, 2), F(1, 4), F(1, 4)], [1, 1, 1], 2))  # inside, tight on item 0
@example(inst=([F(51, 100), F(49, 100), F(0)], [1, 1, 1], 2))  # just outside
@example(inst=([F(1)], [F(1, 3)], 1))  # n = 1
def test_lp_agrees_with_lemma1(inst):
    p, scores, k = inst
    value, mu = ird_lp.ird_lp_residual(p, scores, k)
    lower = ird_lp.ird_distance_lower_bound(p, scores, k)
    note(f"LP value {value}, Lemma-1 lower bound {lower}, max τ {max(ap.menu_times(p, scores, k))}")
    target(-abs(float(ap.ird_margin(p, scores, k))), label="closeness to the boundary")
    assert value >= float(lower) - 1e-9  # the LP respects Lemma 1's separating functional
    if lower > 10 * ird_lp.LP_MEMBERSHIP_TOL or lower == 0:  # decidable at the LP tolerance
        assert ird_lp.in_ird_lp(p, scores, k) == ap.in_ird(p, scores, k)


@settings(max_examples=30)
@given(inst=ird_points(max_n=6))
def test_witness_reproduces_p(inst):
    p, scores, k, _ = inst
    mu = ird_lp.ird_witness_lp(p, scores, k)
    assert all(w > 0 for _, w in mu) and abs(sum(w for _, w in mu) - 1) < 1e-12
    q = ap.mixture_choice_distribution(mu, [float(f) for f in scores], k)
    assert np.max(np.abs(q - np.array([float(x) for x in p]))) <= ird_lp.WITNESS_ATOL


def test_witness_refuses_points_outside():
    with pytest.raises(ValueError, match=r"ird_witness_lp: p is not in IRD\(v\): the all-menus LP value "
                                         r"min ‖Σ μ q − p‖_∞ is 2\.000e-01 > atol=1e-07"):
        ird_lp.ird_witness_lp([0.7, 0.3, 0.0], [1.0, 1.0, 1.0], 2)


def test_lp_value_and_lower_bound_on_a_simple_case():
    """p = (0.7, 0.3, 0), k = 2, f ≡ 1: IRD = {p_i ≤ 1/2}, so the ∞-distance is 0.2 (item 0 must lose 0.2);
    Lemma 1's functional L_0 = 2x_0 − Σx has L_0(p) = 0.4 and Lipschitz constant 1 + 2 = 3: bound 2/15."""
    value, _ = ird_lp.ird_lp_residual([0.7, 0.3, 0.0], [1.0, 1.0, 1.0], 2)
    assert value == pytest.approx(0.2, abs=1e-9)
    assert ird_lp.ird_distance_lower_bound([F(7, 10), F(3, 10), F(0)], [1, 1, 1], 2) == F(2, 15)


def test_lower_bound_exact_zero_on_boundary():
    assert ird_lp.ird_distance_lower_bound([F(1, 2), F(1, 2), F(0)], [1, 1, 1], 2) == 0


def test_too_many_menus_is_refused():
    n = 30
    with pytest.raises(ValueError, match=r"in_ird_lp: the all-menus LP would need C\(n=30, k=15\) = 155117520 "
                                         r"variables, more than MAX_LP_MENUS=200000; use menu_times.in_ird"):
        ird_lp.in_ird_lp(np.full(n, 1 / n), np.ones(n), 15)


class _FakeProblem:
    def __init__(self, status):
        self.status = status

    def solve(self, solver=None):
        if self.status == "raise":
            raise cp.error.SolverError("boom")
        return 0.0


@pytest.mark.parametrize("status", [cp.INFEASIBLE, cp.OPTIMAL_INACCURATE, cp.UNBOUNDED])
def test_non_optimal_status_raises(monkeypatch, status):
    original = ird_lp._solve
    monkeypatch.setattr(ird_lp, "_solve", lambda problem, fn: original(_FakeProblem(status), fn))
    with pytest.raises(ird_lp.LPSolverError, match=rf"in_ird_lp: the LP solver \w+ returned status "
                                                   rf"'{status}', not 'optimal'; membership is unknown"):
        ird_lp.in_ird_lp([0.5, 0.5], [1.0, 1.0], 1)


def test_solver_exception_raises(monkeypatch):
    original = ird_lp._solve
    monkeypatch.setattr(ird_lp, "_solve", lambda problem, fn: original(_FakeProblem("raise"), fn))
    with pytest.raises(ird_lp.LPSolverError, match=r"in_ird_lp: the LP solver \w+ failed: boom"):
        ird_lp.in_ird_lp([0.5, 0.5], [1.0, 1.0], 1)


def test_bad_witness_is_caught(monkeypatch):
    """A solver that claims optimality but returns a wrong μ is caught by the re-verification."""
    original_lp = ird_lp._lp

    def lying_lp(fn, p, scores, k):
        value, menus, mu, q, pv = original_lp(fn, p, scores, k)
        wrong = np.zeros_like(mu)
        wrong[0] = 1.0
        return value, menus, wrong, q, pv

    monkeypatch.setattr(ird_lp, "_lp", lying_lp)
    with pytest.raises(ird_lp.LPSolverError, match=r"ird_witness_lp: the cleaned LP witness reproduces p only to"):
        ird_lp.ird_witness_lp([0.25, 0.25, 0.25, 0.25], [1.0, 1.0, 1.0, 1.0], 2)


def test_solver_choice():
    assert ird_lp.lp_solver() in (cp.HIGHS, cp.CLARABEL)


@pytest.mark.parametrize("fn", [ird_lp.in_ird_lp, ird_lp.ird_witness_lp, ird_lp.ird_lp_residual])
@pytest.mark.parametrize(
    "p,scores,k,message",
    [
        ([0.5, -0.1, 0.6], [1, 1, 1], 2, r"p must be a probability vector; entry 1 is negative"),
        ([0.5, 0.6, 0.1], [1, 1, 1], 2, r"p must be a probability vector of length n=3; its entries sum to 1.2"),
        ([0.5, float("nan"), 0.5], [1, 1, 1], 2, r"p must contain only finite numbers; entry 1 is nan"),
        ([0.5, 0.5], [1, 1, 1], 2, r"p and scores must have the same length n.*p has length 2 and scores has length 3"),
        ([0.5, 0.5, 0.0], [1, 0, 1], 2, r"scores must be positive; entry 1 is 0"),
        ([0.5, 0.5, 0.0], [1, 1, 1], 0, r"k must be an integer with 1 <= k <= n=3; got k=0"),
    ],
)
def test_validation_messages(fn, p, scores, k, message):
    with pytest.raises(ValueError, match=rf"^{fn.__name__}: {message}"):
        fn(p, scores, k)


def test_importing_the_package_does_not_import_cvxpy():
    """The LP solvers are imported inside the functions that solve: ``import reference.adaptive_preferences``
    stays fast (cvxpy alone takes about a second to import)."""
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys, reference.adaptive_preferences; print('cvxpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"
