"""Hypothesis strategies for Lemma 1 tests: they *build* valid instances (no filtering).

* ``exact_scores(n)`` — positive Fractions (optionally few distinct values → ties).
* ``menu_time_vectors(n, k)`` — τ ∈ [0,1]^n with Σ τ = k exactly (Fractions), optionally tight.
* ``ird_points()`` — (p, scores, k, tau) with p ∈ IRD(scores) built from τ: p_i ∝ τ_i f_i.
* ``any_points()`` — (p, scores, k) with p an arbitrary rational point of the simplex.
* ``float_ird_points()`` — the float analogue of ``ird_points``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st


@st.composite
def sizes(draw, min_n: int = 1, max_n: int = 7):
    n = draw(st.integers(min_n, max_n))
    k = draw(st.integers(1, n))  # k drawn after n
    return n, k


@st.composite
def exact_scores(draw, n: int):
    if draw(st.booleans()):  # ties: few distinct values
        return [Fraction(draw(st.integers(1, 3)), 3) for _ in range(n)]
    return [Fraction(draw(st.integers(1, 30)), draw(st.integers(1, 30))) for _ in range(n)]


def cap_menu_times(weights, k: int):
    """τ = k·w/Σw, then the excess above 1 is spread over the others in proportion to their room.

    One pass suffices: after capping, the room Σ(1 − τ_j) = n − (k − e) ≥ e (the excess), so
    τ_j + e (1 − τ_j)/room ≤ 1. Exact for rational weights; Σ τ = k is preserved.
    """
    n = len(weights)
    total = sum(weights)
    tau = [Fraction(k) * w / total for w in weights]
    excess = sum((t - 1 for t in tau if t > 1), Fraction(0))
    if excess == 0:
        return tau
    tau = [min(t, Fraction(1)) for t in tau]
    room = sum(1 - t for t in tau)
    return [t + excess * (1 - t) / room for t in tau] if room else [Fraction(1)] * n


@st.composite
def menu_time_vectors(draw, n: int, k: int):
    weights = [Fraction(draw(st.integers(0, 12))) for _ in range(n)]
    if sum(weights) == 0:
        weights[draw(st.integers(0, n - 1))] = Fraction(1)
    if draw(st.booleans()):  # make one item's time exactly 1 (the boundary of IRD)
        weights[draw(st.integers(0, n - 1))] = Fraction(10**6)
    return cap_menu_times(weights, k)


def p_from_menu_times(tau, scores):
    mass = [t * f for t, f in zip(tau, scores)]
    total = sum(mass)
    return [x / total for x in mass]


@st.composite
def ird_points(draw, min_n: int = 1, max_n: int = 7):
    n, k = draw(sizes(min_n, max_n))
    scores = draw(exact_scores(n))
    tau = draw(menu_time_vectors(n, k))
    return p_from_menu_times(tau, scores), scores, k, tau


@st.composite
def rational_simplex(draw, n: int):
    raw = [draw(st.integers(0, 9)) for _ in range(n)]
    if sum(raw) == 0:
        raw[draw(st.integers(0, n - 1))] = 1
    return [Fraction(x, sum(raw)) for x in raw]


@st.composite
def any_points(draw, min_n: int = 1, max_n: int = 7):
    n, k = draw(sizes(min_n, max_n))
    return draw(rational_simplex(n)), draw(exact_scores(n)), k


@st.composite
def float_ird_points(draw, min_n: int = 1, max_n: int = 40):
    n, k = draw(sizes(min_n, max_n))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    f = rng.uniform(0.05, 1.0, size=n)
    w = rng.dirichlet(np.full(n, 0.7))
    tau = np.array([float(t) for t in cap_menu_times([Fraction(float(x)) for x in w], k)])
    p = tau * f
    return p / p.sum(), f, k
