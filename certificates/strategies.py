"""Public Hypothesis strategies that *build* valid instances of paper A's objects (no filtering).

Use them in your own property tests, or through the oracle harness (``certificates.oracle``):

    from hypothesis import given
    from certificates.strategies import ird_points
    @given(ird_points())
    def test_my_menu_dist(inst):
        p, scores, k = inst ...

Strategies
----------
=================================  ==============================================================
``sizes(min_n, max_n)``            (n, k) with 1 ≤ k ≤ n, k drawn after n
``simplex_points(n, exact)``       p ∈ Δ(n): Dirichlet-like, with zeros, near-vertices, exact Fractions
``memory_vectors(n, exact)``       the same, named for memories v ∈ Δ(n)
``score_vectors(n, exact)``        f > 0 with ties and extreme ratios (up to 1e6 in floats, 1000² exact)
``menus(n, k)``                    a sorted tuple of k distinct items
``menu_time_vectors(n, k)``        τ ∈ [0,1]^n with Σ τ = k exactly (Fractions), often with τ_i = 1
``ird_points(exact)``              (p, scores, k) with p ∈ IRD(scores): p_i ∝ τ_i f_i (Lemma 1)
``any_points(exact)``              (p, scores, k) with p an arbitrary point of Δ(n)
``menu_distributions(n, k, exact)`` a list of (menu, weight), weights > 0 summing to 1
``box_simplex_instances(exact)``   (y, lower, upper) with Σ lower ≤ 1 ≤ Σ upper, lower ≤ upper
=================================  ==============================================================

``exact`` is True (Fractions), False (floats) or None (either, drawn). Every strategy is a
``@st.composite`` that constructs what is valid; nothing is rejected with ``assume``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

__all__ = [
    "sizes",
    "simplex_points",
    "memory_vectors",
    "score_vectors",
    "menus",
    "menu_time_vectors",
    "ird_points",
    "any_points",
    "menu_distributions",
    "box_simplex_instances",
]


def _exact_flag(draw, exact):
    return draw(st.booleans()) if exact is None else bool(exact)


@st.composite
def sizes(draw, min_n: int = 1, max_n: int = 7):
    """(n, k) with min_n ≤ n ≤ max_n and 1 ≤ k ≤ n (k drawn after n)."""
    n = draw(st.integers(min_n, max_n))
    k = draw(st.integers(1, n))
    return n, k


@st.composite
def simplex_points(draw, n: int, exact: bool | None = None):
    """A point of Δ(n): normalised non-negative draws; shapes: generic, with zeros, near a vertex, uniform."""
    exact = _exact_flag(draw, exact)
    shape = draw(st.sampled_from(["generic", "zeros", "vertex", "near-vertex", "uniform"]))
    if exact:
        if shape == "uniform":
            return [Fraction(1, n)] * n
        if shape == "vertex":
            i = draw(st.integers(0, n - 1))
            return [Fraction(int(j == i)) for j in range(n)]
        lo = 0 if shape == "zeros" else 1
        w = [Fraction(draw(st.integers(lo, 20))) for _ in range(n)]
        if shape == "near-vertex":
            w[draw(st.integers(0, n - 1))] += 10**6
        if sum(w) == 0:
            w[draw(st.integers(0, n - 1))] = Fraction(1)
        total = sum(w)
        return [x / total for x in w]
    if shape == "uniform":
        return np.full(n, 1.0 / n)
    if shape == "vertex":
        return np.eye(n)[draw(st.integers(0, n - 1))]
    lo = 0.0 if shape == "zeros" else 1e-3
    w = np.array([draw(st.floats(lo, 1.0)) for _ in range(n)])
    if shape == "zeros":
        w = w * np.array([draw(st.booleans()) for _ in range(n)])
    if shape == "near-vertex":
        w[draw(st.integers(0, n - 1))] += 1e6
    if w.sum() == 0:
        w[draw(st.integers(0, n - 1))] = 1.0
    return w / w.sum()


memory_vectors = simplex_points


@st.composite
def score_vectors(draw, n: int, exact: bool | None = None):
    """Positive scores: generic, tied (few distinct values), or extreme ratios (tiny/large)."""
    exact = _exact_flag(draw, exact)
    shape = draw(st.sampled_from(["generic", "ties", "extreme"]))
    if exact:
        if shape == "ties":
            return [Fraction(draw(st.integers(1, 3)), 3) for _ in range(n)]
        if shape == "extreme":
            return [Fraction(draw(st.sampled_from([1, 1000])), draw(st.sampled_from([1, 1000]))) for _ in range(n)]
        return [Fraction(draw(st.integers(1, 30)), draw(st.integers(1, 30))) for _ in range(n)]
    if shape == "ties":
        return np.array([draw(st.sampled_from([0.25, 0.5, 1.0])) for _ in range(n)])
    if shape == "extreme":
        return np.array([10.0 ** draw(st.integers(-6, 0)) for _ in range(n)])
    return np.array([draw(st.floats(1e-3, 1.0)) for _ in range(n)])


@st.composite
def menus(draw, n: int, k: int):
    """A menu: a sorted tuple of k distinct items of 0..n−1."""
    items = draw(st.permutations(list(range(n))))
    return tuple(sorted(items[:k]))


def _cap(tau):
    """Cap entries at 1, moving the excess to the others in proportion to their room (exact)."""
    tau = list(tau)
    while max(tau) > 1:
        excess = sum(t - 1 for t in tau if t > 1)
        tau = [min(t, Fraction(1)) for t in tau]
        room = sum(1 - t for t in tau)
        tau = [t + excess * (1 - t) / room for t in tau]
    return tau


@st.composite
def menu_time_vectors(draw, n: int, k: int):
    """τ ∈ [0, 1]^n with Σ τ = k exactly (Fractions); j items pinned at the boundary τ_i = 1."""
    j = draw(st.integers(0, k))  # items with τ_i = 1
    pinned = set(draw(st.permutations(list(range(n))))[:j])
    rest = [i for i in range(n) if i not in pinned]
    tau = [Fraction(0)] * n
    for i in pinned:
        tau[i] = Fraction(1)
    mass = Fraction(k - j)
    if rest and mass > 0:
        w = [Fraction(draw(st.integers(0, 10))) for _ in rest]
        if sum(w) == 0:
            w = [Fraction(1)] * len(rest)
        share = _cap([mass * x / sum(w) for x in w])
        for i, t in zip(rest, share):
            tau[i] = t
    return tau


@st.composite
def ird_points(draw, exact: bool | None = None, min_n: int = 1, max_n: int = 7):
    """(p, scores, k) with p ∈ IRD(scores): p_i ∝ τ_i f_i for a τ built by ``menu_time_vectors``.

    By Lemma 1 these are exactly the points of IRD (max τ(p) = max τ ≤ 1). Float mode converts the
    exact instance to floats (so max τ may exceed 1 by rounding when τ_i = 1).
    """
    exact = _exact_flag(draw, exact)
    n, k = draw(sizes(min_n, max_n))
    f = draw(score_vectors(n, exact=True))
    tau = draw(menu_time_vectors(n, k))
    w = [t * fi for t, fi in zip(tau, f)]
    p = [x / sum(w) for x in w]
    if exact:
        return p, f, k
    return np.array([float(x) for x in p]), np.array([float(x) for x in f]), k


@st.composite
def any_points(draw, exact: bool | None = None, min_n: int = 1, max_n: int = 7):
    """(p, scores, k) with p an arbitrary point of Δ(n) (in or out of IRD)."""
    exact = _exact_flag(draw, exact)
    n, k = draw(sizes(min_n, max_n))
    return draw(simplex_points(n, exact=exact)), draw(score_vectors(n, exact=exact)), k


@st.composite
def menu_distributions(draw, n: int, k: int, exact: bool | None = None):
    """A menu distribution: 1–4 distinct menus of size k with positive weights summing to 1."""
    exact = _exact_flag(draw, exact)
    m = draw(st.integers(1, 4))
    chosen = list(dict.fromkeys(draw(menus(n, k)) for _ in range(m)))
    w = [draw(st.integers(1, 9)) for _ in chosen]
    if exact:
        return [(menu, Fraction(x, sum(w))) for menu, x in zip(chosen, w)]
    return [(menu, x / sum(w)) for menu, x in zip(chosen, w)]


@st.composite
def box_simplex_instances(draw, exact: bool | None = None, max_n: int = 8):
    """(y, lower, upper) with a non-empty box-simplex {Σ x = 1, lower ≤ x ≤ upper}.

    Shapes: the simplex (0, 1), a capped simplex (0, 1/k), a smoothed simplex (φ/n, 1), a general
    box (lower built from a share of 1, upper = lower + a share of at least the remaining room).
    """
    exact = _exact_flag(draw, exact)
    n = draw(st.integers(1, max_n))
    if exact:
        y = [Fraction(draw(st.integers(-40, 40)), draw(st.integers(1, 8))) for _ in range(n)]
    else:
        y = np.array([draw(st.floats(-50, 50)) for _ in range(n)])
    shape = draw(st.sampled_from(["simplex", "capped", "smoothed", "box"]))
    if shape == "simplex":
        return y, Fraction(0), Fraction(1)
    if shape == "capped":
        k = draw(st.integers(1, n))
        return y, Fraction(0), Fraction(1, k)
    if shape == "smoothed":
        phi = Fraction(draw(st.integers(0, 10)), 10)
        return y, phi / n, Fraction(1)
    lw = [Fraction(draw(st.integers(0, 9))) for _ in range(n)]
    lo_total = Fraction(draw(st.integers(0, 10)), 10)
    lower = [x / sum(lw) * lo_total for x in lw] if sum(lw) > 0 else [Fraction(0)] * n
    uw = [Fraction(draw(st.integers(1, 9))) for _ in range(n)]
    room = (1 - sum(lower)) * Fraction(draw(st.integers(10, 30)), 10)
    upper = [lo + x / sum(uw) * room for lo, x in zip(lower, uw)]
    if exact:
        return y, lower, upper
    return y, np.array([float(x) for x in lower]), np.array([float(x) for x in upper])
