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
``score_vectors(n, exact, wide)``  f > 0 with ties and extreme ratios (1e6 in floats, 1e12 if wide, 1000² exact)
``menus(n, k)``                    a sorted tuple of k distinct items
``menu_time_vectors(n, k)``        τ ∈ [0,1]^n with Σ τ = k exactly (Fractions), often with τ_i = 1
``ird_points(exact)``              (p, scores, k) with p ∈ IRD(scores): p_i ∝ τ_i f_i (Lemma 1)
``any_points(exact)``              (p, scores, k) with p an arbitrary point of Δ(n)
``menu_distributions(n, k, exact)`` a list of (menu, weight), weights > 0 summing to 1
``box_simplex_instances(exact)``   (y, lower, upper) with Σ lower ≤ 1 ≤ Σ upper, lower ≤ upper (n ∈ min_n..max_n)
``projection_points(n, exact)``    y ∈ R^n to project: generic, tied, near the simplex, |y| up to 1e6
``capped_points(n, cap, exact)``   p ∈ Δ(n) with max p ≤ cap, often with entries exactly at the cap
``reward_sums(n, exact)``          R ≥ 0 (cumulative rewards): ties, zeros, magnitudes up to 1e6
``eird_box_parameters(n, exact)``  (λ, k) with λ ≥ (k − 1)/(n − 1) (box-EIRD non-empty), often equal
``lemma2_parameters(n, exact)``    (n, k, λ, c, φ, ε) of Lemma 2, with c = 1, φ ∈ {0, 1}, ε on kinks
``discounts(exact)``               γ ∈ (0, 1]: 1 exactly, 1 − 10^{-j}, rationals
``memory_histories(n, exact)``     (history, γ, n, v_1, W_0) for Definition 1's closed form
``scale_bounded_scores(n, exact)`` (f, v, λ, c) with f_i = κ_i (v_i + λ), κ_i ∈ [1/c, c] (often at the ends)
``hardness_instances(m, exact)``   (HardnessModel, p, k): Appendix D's witnesses (τ_0 = 1) and others
=================================  ==============================================================

``exact`` is True (Fractions), False (floats) or None (either, drawn). Every strategy is a
``@st.composite`` that constructs what is valid; nothing is rejected with ``assume``. Sizes up to 64 and
beyond draw fast (200 instances of any strategy at n = 64 in under 2 s). Where a list of choices mixes a
generic value with boundary values, the generic one comes first: Hypothesis draws the first element of
``sampled_from`` far more often than the others (and shrinks towards it).
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
    "projection_points",
    "capped_points",
    "reward_sums",
    "eird_box_parameters",
    "lemma2_parameters",
    "discounts",
    "memory_histories",
    "scale_bounded_scores",
    "hardness_instances",
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
def score_vectors(draw, n: int, exact: bool | None = None, *, wide: bool = False):
    """Positive scores: generic, tied (few distinct values), or extreme ratios (tiny/large).

    Float ratios max f/min f reach 1e6 (``wide=True``: scores spanning 1e-6..1e6, ratios up to 1e12);
    exact ones 1000².
    """
    exact = _exact_flag(draw, exact)
    shape = draw(st.sampled_from(["generic", "ties", "extreme", *(["wide"] if wide else [])]))
    if exact:
        if shape == "ties":
            return [Fraction(draw(st.integers(1, 3)), 3) for _ in range(n)]
        if shape in ("extreme", "wide"):
            return [Fraction(draw(st.sampled_from([1, 1000])), draw(st.sampled_from([1, 1000]))) for _ in range(n)]
        return [Fraction(draw(st.integers(1, 30)), draw(st.integers(1, 30))) for _ in range(n)]
    if shape == "ties":
        return np.array([draw(st.sampled_from([0.25, 0.5, 1.0])) for _ in range(n)])
    if shape == "extreme":
        return np.array([10.0 ** draw(st.integers(-6, 0)) for _ in range(n)])
    if shape == "wide":
        return np.array([draw(st.floats(1.0, 9.99)) * 10.0 ** draw(st.integers(-6, 5)) for _ in range(n)])
    return np.array([draw(st.floats(1e-3, 1.0)) for _ in range(n)])


@st.composite
def menus(draw, n: int, k: int):
    """A menu: a sorted tuple of k distinct items of 0..n−1."""
    items = draw(st.permutations(list(range(n))))
    return tuple(sorted(items[:k]))


def _cap(tau, top=Fraction(1)):
    """Cap entries at ``top``, moving the excess to the others in proportion to their room (exact;
    needs Σ tau ≤ top·len(tau))."""
    tau = list(tau)
    while max(tau) > top:
        excess = sum(t - top for t in tau if t > top)
        tau = [min(t, top) for t in tau]
        room = sum(top - t for t in tau)
        tau = [t + excess * (top - t) / room for t in tau]
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
def box_simplex_instances(draw, exact: bool | None = None, max_n: int = 8, min_n: int = 1,
                          max_abs: float = 50.0):
    """(y, lower, upper) with a non-empty box-simplex {Σ x = 1, lower ≤ x ≤ upper}.

    Shapes: the simplex (0, 1), a capped simplex (0, 1/k) (k = n: the single point u_n), a smoothed
    simplex (φ/n, 1) (φ = 1: u_n), a general box (lower built from a share of 1, upper = lower + a
    share of at least the remaining room; Σ lower = 1 or Σ upper = 1 exactly happen). ``y`` comes
    from ``projection_points`` (ties, |y| up to ``max_abs``).
    """
    exact = _exact_flag(draw, exact)
    n = draw(st.integers(min_n, max_n))
    y = draw(projection_points(n, exact=exact, max_abs=max_abs))
    shape = draw(st.sampled_from(["simplex", "capped", "smoothed", "box"]))
    if shape == "simplex":
        return y, Fraction(0), Fraction(1)
    if shape == "capped":
        k = draw(st.sampled_from([draw(st.integers(1, n)), 1, n]))
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


@st.composite
def projection_points(draw, n: int, exact: bool | None = None, max_abs: float = 50.0):
    """A point y ∈ R^n to project. Shapes: generic in [−max_abs, max_abs]; tied (values from a set of
    three, so breakpoints coincide); near the simplex (a point of Δ(n) plus noise ≤ 1e-3); large
    (entries ±10^e·u with 10^e ≤ max_abs, one item lifted above the rest)."""
    exact = _exact_flag(draw, exact)
    shape = draw(st.sampled_from(["generic", "ties", "near-simplex", "large"]))
    top = max(0, int(np.floor(np.log10(max_abs))))
    if shape == "ties":
        vals = [Fraction(draw(st.integers(-6, 6)), 4) for _ in range(3)]
        y = [draw(st.sampled_from(vals)) for _ in range(n)]
    elif shape == "near-simplex":
        p = draw(simplex_points(n, exact=True))
        y = [x + Fraction(draw(st.integers(-1000, 1000)), 10**6) for x in p]
    elif shape == "large":
        y = [Fraction(draw(st.integers(-100, 100)), 100) * 10 ** draw(st.integers(0, top)) for _ in range(n)]
        y[draw(st.integers(0, n - 1))] += 10**top
    elif exact:
        y = [Fraction(draw(st.integers(-40, 40)), draw(st.integers(1, 8))) for _ in range(n)]
    else:
        return np.array([draw(st.floats(-max_abs, max_abs)) for _ in range(n)])
    if exact:
        return [Fraction(x) for x in y]
    return np.array([float(x) for x in y])


@st.composite
def capped_points(draw, n: int, cap, exact: bool | None = None):
    """p ∈ Δ(n) with max p ≤ cap (needs n·cap ≥ 1); j items sit exactly at the cap (j often > 0) and
    the rest of the mass is spread below it. Fractions, or their float conversions."""
    exact = _exact_flag(draw, exact)
    cap = Fraction(cap)
    j = draw(st.integers(0, min(n, int(1 // cap))))
    at_cap = set(draw(st.permutations(list(range(n))))[:j])
    rest = [i for i in range(n) if i not in at_cap]
    mass = 1 - j * cap
    p = [cap if i in at_cap else Fraction(0) for i in range(n)]
    if rest and mass > 0:
        w = [Fraction(draw(st.integers(0, 10))) for _ in rest]
        w = w if sum(w) > 0 else [Fraction(1)] * len(rest)
        for i, x in zip(rest, _cap([mass * x / sum(w) for x in w], cap)):
            p[i] = x
    elif mass > 0:  # every item at the cap: then n·cap = 1 exactly
        p = [Fraction(1, n)] * n
    return p if exact else np.array([float(x) for x in p])


@st.composite
def reward_sums(draw, n: int, exact: bool | None = None):
    """A cumulative reward vector R ≥ 0: small integers (many ties), all equal, generic, or large
    (up to 1e6, with a tie at the top)."""
    exact = _exact_flag(draw, exact)
    shape = draw(st.sampled_from(["ties", "equal", "generic", "large"]))
    if shape == "ties":
        r = [Fraction(draw(st.integers(0, 3))) for _ in range(n)]
    elif shape == "equal":
        r = [Fraction(draw(st.integers(0, 5)))] * n
    elif shape == "large":
        r = [Fraction(draw(st.integers(0, 10**6))) for _ in range(n)]
        if n > 1:
            r[draw(st.integers(0, n - 1))] = max(r)
    elif exact:
        r = [Fraction(draw(st.integers(0, 100)), draw(st.integers(1, 7))) for _ in range(n)]
    else:
        return np.array([draw(st.floats(0, 100)) for _ in range(n)])
    return r if exact else np.array([float(x) for x in r])


@st.composite
def eird_box_parameters(draw, n: int, exact: bool | None = None):
    """(λ, k) with 1 ≤ k ≤ n and λ ∈ (0, 1], λ ≥ (k − 1)/(n − 1): the box-EIRD set is non-empty.
    λ is often exactly (k − 1)/(n − 1) (the set is {u_n}) or 1. Floats are the conversions."""
    exact = _exact_flag(draw, exact)
    k = draw(st.sampled_from([draw(st.integers(1, n)), 1, n]))
    floor = Fraction(k - 1, n - 1) if n > 1 else Fraction(0)
    shape = draw(st.sampled_from(["between", "boundary", "one"]))
    if shape == "one" or (shape == "boundary" and floor == 0):
        lam = Fraction(1) if shape == "one" else Fraction(1, draw(st.integers(1, 10**6)))
    elif shape == "boundary":
        lam = floor
    else:
        lam = floor + (1 - floor) * Fraction(draw(st.integers(1, 20)), 20)
    return (lam if exact else float(lam)), k


@st.composite
def discounts(draw, exact: bool | None = None):
    """γ ∈ (0, 1]: 1 exactly, 1 − 10^{-j} (j ≤ 6: long memory), or a rational in (0, 1)."""
    exact = _exact_flag(draw, exact)
    shape = draw(st.sampled_from(["generic", "one", "long"]))
    if shape == "one":
        g = Fraction(1)
    elif shape == "long":
        g = 1 - Fraction(1, 10 ** draw(st.integers(1, 6)))
    else:
        g = Fraction(draw(st.integers(1, 19)), 20)
    return g if exact else float(g)


@st.composite
def memory_histories(draw, min_n: int = 1, max_n: int = 7, exact: bool | None = None, max_len: int = 60):
    """(history, γ, n, v_1, W_0) for ``memory_from_history``: v_1 None (u_n) or a simplex point, W_0 ≥ 0
    (0 included: the first selection then replaces v_1), history possibly empty."""
    exact = _exact_flag(draw, exact)
    n = draw(st.integers(min_n, max_n))
    history = draw(st.lists(st.integers(0, n - 1), max_size=max_len))
    gamma = draw(discounts(exact=exact))
    v1 = draw(st.none() | simplex_points(n, exact=exact))
    w0 = Fraction(draw(st.integers(0, 40)), draw(st.integers(1, 4)))
    return history, gamma, n, v1, (w0 if exact else float(w0))


@st.composite
def lemma2_parameters(draw, min_n: int = 2, max_n: int = 7, exact: bool | None = None):
    """(n, k, λ, c, φ, ε) for Lemma 2's bound: n ≥ 2, 1 ≤ k ≤ n, λ ∈ (0, 1], c ≥ 1 (often 1),
    φ ∈ [0, 1] (often 0 or 1), ε ∈ [0, 2] (often 0, 2, or on a kink of the proof: ε/2 = φ/n, 2λ)."""
    exact = _exact_flag(draw, exact)
    n = draw(st.integers(max(2, min_n), max(2, max_n)))
    k = draw(st.sampled_from([draw(st.integers(1, n)), 1, n]))
    lam = Fraction(draw(st.integers(1, 20)), 20) / draw(st.sampled_from([1, 1, 10, 1000]))
    c = draw(st.sampled_from([Fraction(draw(st.integers(10, 40)), 10), Fraction(1)]))
    phi = draw(st.sampled_from([Fraction(draw(st.integers(0, 20)), 20), Fraction(0), Fraction(1)]))
    eps = draw(st.sampled_from([Fraction(draw(st.integers(0, 40)), 20), Fraction(0), Fraction(2), 2 * phi / n,
                                min(2 * lam, Fraction(2))]))
    if exact:
        return n, k, lam, c, phi, eps
    return n, k, float(lam), float(c), float(phi), float(eps)


@st.composite
def scale_bounded_scores(draw, n: int, exact: bool | None = None):
    """(f, v, λ, c): a memory v, Definition 3's λ, c, and scores f_i = κ_i (v_i + λ) with κ_i ∈ [1/c, c]
    (often exactly 1/c or c: margin 0), sometimes one κ outside (margin < 0)."""
    exact = _exact_flag(draw, exact)
    v = draw(simplex_points(n, exact=True))
    lam = Fraction(draw(st.integers(1, 20)), 20)
    c = Fraction(draw(st.integers(10, 40)), 10)
    kappa = [draw(st.sampled_from([1 / c + (c - 1 / c) * Fraction(draw(st.integers(0, 10)), 10), 1 / c, c]))
             for _ in range(n)]
    if draw(st.booleans()):
        kappa[draw(st.integers(0, n - 1))] *= draw(st.sampled_from([Fraction(11, 10), Fraction(9, 10)]))
    f = [kp * (vi + lam) for kp, vi in zip(kappa, v)]
    if exact:
        return f, v, lam, c
    return np.array([float(x) for x in f]), np.array([float(x) for x in v]), float(lam), float(c)


@st.composite
def hardness_instances(draw, min_m: int = 1, max_m: int = 6, exact: bool | None = None):
    """(HardnessModel, p, k) of Theorem 4's reduction on a random graph with m vertices: p is Appendix D's
    witness for a random vertex set (τ_0 = 1 exactly when the set is independent), or a simplex point."""
    from reference.adaptive_preferences.hardness.thm4_mis_reduction import (  # noqa: PLC0415
        HardnessModel,
        witness_distribution,
    )

    exact = _exact_flag(draw, exact)
    m = draw(st.integers(max(1, min_m), max(1, max_m)))
    pairs = [(u, v) for u in range(m) for v in range(u + 1, m)]
    density = draw(st.sampled_from([2, 0, 1, 4]))
    edges = [e for e in pairs if draw(st.integers(0, 9)) < density] if len(pairs) <= 400 else \
        [pairs[draw(st.integers(0, len(pairs) - 1))] for _ in range(density * m)]
    lam = Fraction(1, draw(st.sampled_from([2, 10, 100])))
    model = HardnessModel(edges, m, lam if exact else float(lam))
    k = draw(st.integers(2, m + 1)) if m >= 1 else 1
    size = draw(st.integers(1, m))
    vertex_set = draw(st.permutations(list(range(m))))[:size]
    if (size >= k - 1 or m >= k) and draw(st.booleans()):
        p = witness_distribution(HardnessModel(edges, m, lam), vertex_set, k)
    else:
        p = draw(simplex_points(m + 1, exact=True))
    return model, (p if exact else np.array([float(x) for x in p])), k
