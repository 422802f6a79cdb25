"""Lemma 3 (contracting OGD): the pathwise bound under a Hypothesis search, every projection checked by KKT."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, note, target
from hypothesis import strategies as st

import reference.adaptive_preferences.long_memory.lemma3_contracting_ogd as ogd
import reference.adaptive_preferences.setting.projections as proj

small_fraction = st.fractions(min_value=-4, max_value=4, max_denominator=6)


@st.composite
def contracting_instances(draw):
    """n, a rising floor schedule (rational, ≤ 1/(2n)), rational gradients, η, the best vertex x*."""
    n = draw(st.integers(2, 4))
    T = draw(st.integers(1, 10))
    steps = draw(st.lists(st.integers(0, 6), min_size=T, max_size=T))
    floors = sorted(Fraction(s, 12 * n) for s in steps)
    gradients = draw(st.lists(st.lists(small_fraction, min_size=n, max_size=n), min_size=T, max_size=T))
    eta = draw(st.fractions(min_value=Fraction(1, 20), max_value=4, max_denominator=20))
    return n, floors, gradients, eta


def _best_vertex(R, a):
    n = len(R)
    p = [a] * n
    p[max(range(n), key=lambda i: R[i])] += 1 - n * a
    return p


@given(contracting_instances())
@example((2, [Fraction(0)], [[Fraction(0), Fraction(0)]], Fraction(1)))  # T = 1, zero gradient: 0 <= 0
def test_contracting_ogd_pathwise_bound_exact(inst):
    n, floors, gradients, eta = inst
    schedule = ogd.FloorSchedule(n, floors)
    x1 = proj.project_onto_box_simplex([Fraction(1, n)] * n, floors[0], 1)
    iterates = ogd.contracting_ogd(gradients, schedule, x1, eta)
    R = [sum(g[i] for g in gradients) for i in range(n)]
    x_star = _best_vertex(R, floors[-1])
    regret = ogd.ogd_linear_regret(iterates, gradients, x_star)
    bound = ogd.ogd_linear_regret_bound(iterates[0], x_star, eta, gradients)
    slack = bound - regret
    note(f"regret={regret} bound={bound}")
    target(-float(slack), label="negative slack (tightness)")
    assert slack >= 0
    for t, x in enumerate(iterates):
        assert schedule.contains(t, x) == 0
        assert all(isinstance(e, Fraction) for e in x)


@given(contracting_instances())
def test_every_ogd_step_is_the_kkt_projection(inst):
    n, floors, gradients, eta = inst
    schedule = ogd.FloorSchedule(n, floors)
    x1 = proj.project_onto_box_simplex([Fraction(1, n)] * n, floors[0], 1)
    iterates = ogd.contracting_ogd(gradients, schedule, x1, eta)
    for t in range(len(iterates) - 1):
        y = [a + eta * g for a, g in zip(iterates[t], gradients[t])]
        assert proj.projection_kkt_residual(y, iterates[t + 1], floors[min(t + 1, len(floors) - 1)], 1) == 0


def test_float_mode_agrees_with_exact_mode():
    rng = np.random.default_rng(0)
    n, T = 4, 30
    floors = sorted(Fraction(int(s), 40) for s in rng.integers(0, 5, size=T))
    grads = [[Fraction(int(v), 3) for v in rng.integers(-6, 7, size=n)] for _ in range(T)]
    exact = ogd.contracting_ogd(grads, ogd.FloorSchedule(n, floors), [Fraction(1, n)] * n, Fraction(1, 7))
    flt = ogd.contracting_ogd([[float(v) for v in g] for g in grads], ogd.FloorSchedule(n, [float(a) for a in floors]),
                              np.full(n, 1 / n), 1 / 7)
    np.testing.assert_allclose(np.array(exact, dtype=float), np.array(flt), atol=1e-12)


def test_floor_schedule_constants():
    s = ogd.FloorSchedule(3, [0.1, 0.2])
    assert s.min_coordinate == 0.1
    assert np.isclose(s.diameter, np.sqrt(2) * 0.7)
    assert np.isclose(s.contraction_total, 0.1 * np.sqrt(6))
    # the farthest point of K_0 from K_1 (a vertex) is at distance (a1 − a0)·√(n(n−1))
    v = np.array([0.1, 0.1, 0.8])
    assert np.isclose(np.linalg.norm(v - s.project(1, v)), s.contraction_total)


def test_polytope_projection_cvxpy_satisfies_kkt_on_boxes():
    rng = np.random.default_rng(1)
    for _ in range(5):
        y = rng.normal(size=4)
        A = np.vstack([-np.eye(4), np.eye(4)])
        b = np.concatenate([-np.full(4, 0.05), np.full(4, 0.6)])
        x = ogd.project_onto_polytope(y, A, b)
        assert proj.projection_kkt_residual(y, x, 0.05, 0.6) < 1e-6
        np.testing.assert_allclose(x, proj.project_onto_box_simplex(y, 0.05, 0.6), atol=1e-6)


def test_ogd_errors():
    s = ogd.FloorSchedule(2, [0.25])
    with pytest.raises(ValueError, match="contracting_ogd: x1 must lie in the first decision set K_0"):
        ogd.contracting_ogd([[1.0, 0.0]], s, [1.0, 0.0], 0.1)
    with pytest.raises(ValueError, match="contracting_ogd: eta must be a finite real number > 0"):
        ogd.contracting_ogd([[1.0, 0.0]], s, [0.5, 0.5], 0)
    with pytest.raises(ValueError, match="FloorSchedule: floors must be non-decreasing"):
        ogd.FloorSchedule(3, [0.2, 0.1])
    with pytest.raises(ValueError, match=r"FloorSchedule: every floor must be a number in \[0, 1/n\]"):
        ogd.FloorSchedule(3, [0.5])
    with pytest.raises(ValueError, match="BoxSchedule.check_nested: K_1 is not contained in K_0"):
        ogd.BoxSchedule(3, lambda t: 0.2 - 0.1 * t, 1.0, contraction_total=0.0).check_nested(2)
