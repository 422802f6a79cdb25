"""Projections onto box-constrained simplices: exactness, KKT, a cvxpy QP, degenerate cases, errors."""

from fractions import Fraction as F

import cvxpy as cp
import numpy as np
import pytest
from hypothesis import example, given, note
from hypothesis import strategies as st

from reference.adaptive_preferences.setting.projections import (
    project_onto_box_simplex,
    project_onto_capped_simplex,
    project_onto_eird_box,
    project_onto_simplex,
    project_onto_smoothed_simplex,
    projection_kkt_residual,
)
from reference.adaptive_preferences.setting.sec2_eird import eird_box_cap


@st.composite
def box_instances(draw):
    """(y, lower, upper) with Σ lower ≤ 1 ≤ Σ upper and lower ≤ upper, built valid."""
    n = draw(st.integers(1, 8))
    y = np.array(draw(st.lists(st.floats(-50, 50), min_size=n, max_size=n)))
    lw = np.array(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    lo_total = draw(st.floats(0, 1))
    lo = lw / lw.sum() * lo_total if lw.sum() > 0 else np.zeros(n)
    extra = np.array(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    need = 1 - lo.sum()
    up = lo + (extra / extra.sum() * need * draw(st.floats(1, 3)) if extra.sum() > 0 else need / n * 1.5)
    return y, lo, up


@given(box_instances())
def test_projection_satisfies_kkt(inst):
    y, lo, up = inst
    x = project_onto_box_simplex(y, lo, up)
    res = projection_kkt_residual(y, x, lo, up)
    note(f"x={x}, residual={res}")
    assert res <= 1e-12 * max(1.0, np.abs(y).max())


@given(st.lists(st.fractions(-5, 5, max_denominator=9), min_size=1, max_size=6), st.integers(1, 6))
@example([F(0), F(0), F(0)], 2)
@example([F(1), F(1), F(-1)], 3)
def test_capped_projection_exact(y, k):
    k = min(k, len(y))
    x = project_onto_capped_simplex(y, k)
    assert all(isinstance(e, F) for e in x)
    assert sum(x) == 1 and all(0 <= e <= F(1, k) for e in x)
    assert projection_kkt_residual(y, x, 0, F(1, k)) == 0


def _qp(y, lo, up):
    x = cp.Variable(len(y))
    cp.Problem(cp.Minimize(cp.sum_squares(x - y)), [cp.sum(x) == 1, x >= lo, x <= up]).solve(
        solver=cp.CLARABEL, tol_gap_abs=1e-12, tol_gap_rel=1e-12, tol_feas=1e-12, tol_ktratio=1e-10)
    return x.value


def test_agrees_with_cvxpy_qp():
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = int(rng.integers(2, 7))
        y = rng.normal(size=n) * 3
        lo = rng.dirichlet(np.ones(n)) * 0.5
        up = lo + rng.dirichlet(np.ones(n)) * 1.2
        x = project_onto_box_simplex(y, lo, up)
        assert np.max(np.abs(x - _qp(y, lo, up))) < 1e-6


def test_degenerate_and_special_sets():
    assert project_onto_simplex([F(1, 2), F(1, 2)]) == [F(1, 2), F(1, 2)]  # already inside: fixed point
    assert project_onto_simplex([5]) == [1]
    assert project_onto_simplex([F(3), F(0), F(0)]) == [1, 0, 0]
    # Δ_φ with φ = 1 is the single point u_n
    assert project_onto_smoothed_simplex([F(9), F(-4), F(0)], 1) == [F(1, 3)] * 3
    # box-EIRD at λ = (k−1)/(n−1) is {u_n}; floats accept the rounding
    assert project_onto_eird_box([F(1), F(0), F(0), F(0)], F(1, 3), 2) == [F(1, 4)] * 4
    x = project_onto_eird_box(np.array([1.0, 0, 0, 0]), 1 / 3, 2)
    assert np.allclose(x, 0.25)
    assert eird_box_cap(F(1, 2), 2) == F(1, 3)
    # smoothed floor respected
    x = project_onto_smoothed_simplex(np.array([1.0, 0, 0, 0]), 0.4)
    assert np.all(x >= 0.1 - 1e-15) and abs(x.sum() - 1) < 1e-12
    # ties
    assert project_onto_capped_simplex([F(1), F(1), F(1), F(1)], 2) == [F(1, 4)] * 4


def test_kkt_residual_detects_wrong_point():
    y = [F(1), F(0), F(0)]
    assert projection_kkt_residual(y, [F(1), F(0), F(0)], 0, 1) == 0
    assert projection_kkt_residual(y, [F(1, 3)] * 3, 0, 1) > 0
    assert projection_kkt_residual(y, [F(1, 2), F(1, 2), F(0)], 0, 1) > 0  # feasible but not optimal
    assert projection_kkt_residual(y, [F(2), F(-1), F(0)], 0, 1) >= 1  # infeasible


def test_errors_are_full_sentences():
    with pytest.raises(ValueError, match=r"project_onto_box_simplex: the set .* is empty because the lower bounds sum"
                                         r" to 3/2 > 1"):
        project_onto_box_simplex([0, 0, 0], F(1, 2), 1)
    with pytest.raises(ValueError, match=r"the upper bounds sum to 3/4 < 1"):
        project_onto_box_simplex([0, 0, 0], 0, F(1, 4))
    with pytest.raises(ValueError, match=r"lower must be <= upper in every coordinate; coordinate 1"):
        project_onto_box_simplex([0, 0], [0, 1], [1, F(1, 2)])
    with pytest.raises(ValueError, match=r"project_onto_box_simplex: y must contain only finite numbers"):
        project_onto_box_simplex([0.0, float("nan")], 0, 1)
    with pytest.raises(ValueError, match=r"upper must have length n=2"):
        project_onto_box_simplex([0.0, 1.0], 0, [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"project_onto_capped_simplex: k must be an integer with 1 <= k <= n=2; got"
                                         r" k=3"):
        project_onto_capped_simplex([0.0, 1.0], 3)
    with pytest.raises(ValueError, match=r"project_onto_smoothed_simplex: phi must be a finite real number in \[0,"
                                         r" 1\]; got 1.5"):
        project_onto_smoothed_simplex([0.0, 1.0], 1.5)
    with pytest.raises(ValueError, match=r"project_onto_eird_box: the box-EIRD set is empty.*lam >= \(k-1\)/\(n-1\) ="
                                         r" 1/2"):
        project_onto_eird_box([0.0, 1.0, 0.0], F(1, 10), 2)
    with pytest.raises(ValueError, match=r"project_onto_eird_box: lam must be a finite real number in \(0, 1\]; got 0"):
        project_onto_eird_box([0.0, 1.0, 0.0], 0, 2)
