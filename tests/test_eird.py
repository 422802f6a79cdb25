"""EIRD corollaries of Lemma 1: the score box, the uniform condition, EIRD_V and its LPs."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, note, settings, target
from hypothesis import strategies as st
from lemma1_strategies import rational_simplex, sizes

import reference.adaptive_preferences as ap
import reference.adaptive_preferences.realizability.ird_all_menus_lp as ird_lp
import reference.adaptive_preferences.setting.sec2_eird as eird

F = Fraction

lams = st.fractions(min_value=F(1, 50), max_value=1, max_denominator=50).filter(lambda x: x > 0)


# ---------------------------------------------------------------------------------------------
# box corollary
# ---------------------------------------------------------------------------------------------
def test_cap_values():
    assert eird.eird_box_cap(F(1, 2), 1) == 1
    assert eird.eird_box_cap(F(1, 2), 2) == F(1, 3)
    assert eird.eird_box_cap(1, 3) == F(1, 3)  # λ = 1: constant scores, the toy example's 1/k
    assert eird.eird_box_cap(0.5, 2) == pytest.approx(1 / 3)


@given(size=sizes(min_n=2, max_n=6), lam=lams, data=st.data())
@example(size=(3, 2), lam=F(1, 2), data=None)
def test_box_membership_equals_all_corners_and_implies_interior(size, lam, data):
    n, k = size
    if data is None:  # the @example: p on the cap exactly (1/3, 1/3, 1/3) at λ = 1/2, k = 2
        p = [F(1, 3)] * 3
        interior = [[F(3, 4), F(1, 2), F(1)]]
    else:
        p = data.draw(rational_simplex(n))
        interior = [[data.draw(st.fractions(min_value=lam, max_value=1)) for _ in range(n)] for _ in range(2)]
    cap = eird.eird_box_cap(lam, k)
    target(-float(abs(max(p) - cap)), label="closeness to the cap")
    in_box = eird.in_eird_box(p, lam, k)
    assert in_box == (max(p) <= cap)
    corners = eird.box_corner_scores(n, lam)
    assert in_box == all(ap.in_ird(p, f, k) for f in corners)
    assert in_box == eird.in_eird_v(p, corners, k)
    if in_box:
        assert all(ap.in_ird(p, f, k) for f in interior)


def test_box_point_just_over_the_cap_is_excluded_by_its_corner():
    lam, k = F(1, 2), 2  # cap 1/3
    p = [F(1, 3) + F(1, 300), F(1, 3), F(1, 3) - F(1, 300)]
    assert not eird.in_eird_box(p, lam, k)
    corners = eird.box_corner_scores(3, lam)
    assert not ap.in_ird(p, corners[0], k)  # λ on item 0, the item over the cap
    assert ap.in_ird(p, corners[1], k) and ap.in_ird(p, corners[2], k)


@pytest.mark.parametrize("n,k,lam,expected", [
    (5, 3, F(1, 2), True),  # threshold (k−1)/(n−1) = 1/2: exactly on it
    (5, 3, F(49, 100), False),
    (5, 1, F(1, 100), True),  # k = 1: threshold 0
    (4, 4, F(1), True),  # k = n: threshold 1
    (4, 4, F(99, 100), False),
    (1, 1, F(1, 3), True),  # n = 1
])
def test_uniform_condition(n, k, lam, expected):
    assert eird.uniform_in_eird_box(n, k, lam) is expected
    assert eird.in_eird_box([F(1, n)] * n, lam, k) is expected
    assert eird.uniform_in_eird_box(n, k, float(lam)) is expected  # thresholds here are exact in floats


@given(size=sizes(min_n=2, max_n=9), lam=lams)
def test_uniform_condition_iff_threshold(size, lam):
    n, k = size
    assert eird.uniform_in_eird_box(n, k, lam) == (lam >= F(k - 1, n - 1)) == eird.in_eird_box([F(1, n)] * n, lam, k)


# ---------------------------------------------------------------------------------------------
# EIRD_V: Lemma 1 vs the all-menus LP; the best-in-hindsight LP
# ---------------------------------------------------------------------------------------------
@st.composite
def score_sets(draw, n):
    count = draw(st.integers(1, 3))
    return [[F(draw(st.integers(1, 9)), draw(st.integers(1, 9))) for _ in range(n)] for _ in range(count)]


@settings(max_examples=25)
@given(size=sizes(min_n=2, max_n=5), data=st.data())
def test_eird_v_lemma1_agrees_with_lp(size, data):
    n, k = size
    p = data.draw(rational_simplex(n))
    vectors = data.draw(score_sets(n))
    margins = [ird_lp.ird_distance_lower_bound(p, f, k) for f in vectors]
    note(f"lower bounds {margins}")
    if all(m == 0 or m > 10 * ird_lp.LP_MEMBERSHIP_TOL for m in margins):
        assert eird.in_eird_v(p, vectors, k) == eird.in_eird_v_lp(p, vectors, k)


@settings(max_examples=25)
@given(size=sizes(min_n=2, max_n=6), data=st.data())
def test_best_in_eird_v_is_feasible_and_beats_feasible_points(size, data):
    n, k = size
    vectors = data.draw(score_sets(n))
    rewards = np.array([data.draw(st.floats(0, 10)) for _ in range(n)])
    try:
        value, p = eird.best_in_eird_v(rewards, vectors, k)
    except ValueError as exc:  # EIRD_V may be empty for conflicting score vectors
        assert "EIRD_V is empty" in str(exc)
        return
    assert np.all(p >= 0) and abs(p.sum() - 1) < 1e-12
    assert value == pytest.approx(float(rewards @ p))
    worst_tau = max(float(np.max(ap.menu_times(p, np.array(f, dtype=float), k))) for f in vectors)
    assert worst_tau <= 1 + eird.BEST_FEAS_ATOL
    # any point realisable at every v does no better: e.g. each menu-time-feasible vertex candidate
    for f in vectors:
        for q in (ap.choice_distribution(tuple(range(k)), f),):
            if eird.in_eird_v(q, vectors, k):
                assert float(rewards @ np.array(q, dtype=float)) <= value + 1e-7


@settings(max_examples=25)
@given(size=sizes(min_n=2, max_n=7), lam=lams, data=st.data())
def test_best_in_box_greedy_equals_corner_lp(size, lam, data):
    n, k = size
    if n * eird.eird_box_cap(lam, k) < 1:
        with pytest.raises(ValueError, match=r"best_in_eird_box: the box set is empty"):
            eird.best_in_eird_box([1] * n, lam, k)
        return
    rewards = [F(data.draw(st.integers(0, 20))) for _ in range(n)]
    value, p = eird.best_in_eird_box(rewards, lam, k)
    assert sum(p) == 1 and max(p) <= eird.eird_box_cap(lam, k)
    assert value == sum(r * x for r, x in zip(rewards, p))
    corners = [np.array(f, dtype=float) for f in eird.box_corner_scores(n, lam)]
    lp_value, lp_p = eird.best_in_eird_v(np.array(rewards, dtype=float), corners, k)
    assert lp_value == pytest.approx(float(value), abs=1e-6)


def test_best_in_eird_box_exact_example():
    value, p = eird.best_in_eird_box([3, 1, 2], F(1, 2), 2)
    assert value == 2 and p == [F(1, 3)] * 3
    value, p = eird.best_in_eird_box([F(5), F(1), F(2), F(0)], 1, 2)  # cap 1/2
    assert value == F(7, 2) and p == [F(1, 2), F(0), F(1, 2), F(0)]


def test_best_in_eird_v_empty_set():
    # two score vectors demanding opposite extremes: n = 2, k = 2 ⇒ IRD(f) = {q({0,1}; f)} a single point
    with pytest.raises(ValueError, match=r"best_in_eird_v: EIRD_V is empty for these score vectors"):
        eird.best_in_eird_v([1.0, 0.0], [[1.0, 2.0], [2.0, 1.0]], 2)


def test_best_in_eird_v_solver_failure(monkeypatch):
    class Broken:
        def __init__(self, *a, **kw):
            self.status = "solver_error"

        def solve(self, solver=None):
            return None

    import cvxpy as cp  # best_in_eird_v imports cvxpy when it solves: patch the module it will find

    monkeypatch.setattr(cp, "Problem", Broken)
    with pytest.raises(ird_lp.LPSolverError, match=r"best_in_eird_v: the LP solver \w+ returned status "
                                                   r"'solver_error', not 'optimal'"):
        eird.best_in_eird_v([1.0, 0.0], [[1.0, 1.0]], 1)


# ---------------------------------------------------------------------------------------------
# validation messages
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("call,message", [
    (lambda: eird.eird_box_cap(0, 2), r"eird_box_cap: lam must be a finite real number in \(0, 1\]; got 0"),
    (lambda: eird.eird_box_cap(1.5, 2), r"eird_box_cap: lam must be a finite real number in \(0, 1\]; got 1.5"),
    (lambda: eird.eird_box_cap(float("nan"), 2),
     r"eird_box_cap: lam must be a finite real number in \(0, 1\]; got nan"),
    (lambda: eird.eird_box_cap(0.5, 0), r"eird_box_cap: k must be an integer >= 1; got 0"),
    (lambda: eird.in_eird_box([0.5, 0.6], 0.5, 1), r"in_eird_box: p must be a probability vector of length n=2"),
    (lambda: eird.in_eird_box([0.5, 0.5], 0.5, 3), r"in_eird_box: k must be an integer with 1 <= k <= n=2; got k=3"),
    (lambda: eird.in_eird_box([-0.5, 1.5], 0.5, 1),
     r"in_eird_box: p must be a probability vector; entry 0 is negative"),
    (lambda: eird.uniform_in_eird_box(0, 1, 0.5), r"uniform_in_eird_box: n must be an integer >= 1; got 0"),
    (lambda: eird.uniform_in_eird_box(3, 4, 0.5), r"uniform_in_eird_box: k must be an integer with 1 <= k <= n=3"),
    (lambda: eird.in_eird_v([0.5, 0.5], [], 1), r"in_eird_v: score_vectors must be a non-empty list"),
    (lambda: eird.in_eird_v([0.5, 0.5], [[1.0, 0.0]], 1), r"in_eird_v: score_vectors\[0\] must be positive; entry 1"),
    (lambda: eird.in_eird_v([0.5, 0.5], [[1.0, 1.0, 1.0]], 1),
     r"in_eird_v: score_vectors\[0\] must have length n=2 \(one entry per item\); got length 3"),
    (lambda: eird.in_eird_v_lp([0.5, float("inf")], [[1.0, 1.0]], 1), r"in_eird_v_lp: p must contain only finite"),
    (lambda: eird.best_in_eird_v([1.0, float("nan")], [[1.0, 1.0]], 1),
     r"best_in_eird_v: rewards_sum must contain only finite numbers; entry 1 is nan"),
    (lambda: eird.best_in_eird_v([1.0, 2.0], [[1.0, 1.0]], 0), r"best_in_eird_v: k must be an integer"),
    (lambda: eird.in_eird_v_lp([0.5, 0.5], [[1.0, 1.0]], 3), r"in_eird_v_lp: k must be an integer with 1 <= k <= n=2"),
    (lambda: eird.score_ratio_floor(0.5, 0.5), r"score_ratio_floor: c must be a finite real number >= 1; got 0.5"),
    (lambda: eird.box_applies(3, 4, 0.5, 1.0), r"box_applies: k must be an integer with 1 <= k <= n=3; got k=4"),
    (lambda: eird.box_applies(3, 2, 0.0, 1.0), r"box_applies: lam must be a finite real number in \(0, 1\]; got 0"),
    (lambda: eird.best_in_eird_box([1.0, 2.0], -0.1, 1),
     r"best_in_eird_box: lam must be a finite real number in \(0, 1\]; got -0.1"),
    (lambda: eird.box_corner_scores(3, 2), r"box_corner_scores: lam must be a finite real number in \(0, 1\]; got 2"),
])
def test_validation_messages(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_exact_mode_types():
    assert isinstance(eird.eird_box_cap(F(1, 3), 2), Fraction)
    value, p = eird.best_in_eird_box([F(1), F(2)], F(1, 2), 1)
    assert isinstance(value, Fraction) and all(isinstance(x, Fraction) for x in p)
    assert eird.in_eird_v([F(1, 2), F(1, 2)], [[F(1), F(1)]], 2) is True


def test_constraint_rows_are_lemma1_at_every_v():
    """(A p)_{(v,i)} = S_v (τ_i(p; v) − 1) with S_v = Σ_j p_j/f_j(v): A p ≤ 0 is Lemma 1 at every v ∈ V."""
    rng = np.random.default_rng(0)
    n, k = 5, 2
    fs = [rng.uniform(0.1, 1.0, size=n) for _ in range(3)]
    p = rng.dirichlet(np.ones(n))
    A = eird.eird_v_constraint_rows(fs, k)
    assert A.shape == (3 * n, n)
    for b, f in enumerate(fs):
        s = float(np.sum(p / f))
        tau = np.asarray(ap.menu_times(p, f, k))
        np.testing.assert_allclose(A[b * n:(b + 1) * n] @ p, s * (tau - 1), rtol=1e-12, atol=1e-12)


def test_empty_sets_raise_empty_set_error():
    assert issubclass(eird.EmptySetError, ValueError)
    with pytest.raises(eird.EmptySetError, match=r"best_in_eird_box: the box set is empty"):
        eird.best_in_eird_box([1.0, 2.0, 3.0], 0.1, 2)
