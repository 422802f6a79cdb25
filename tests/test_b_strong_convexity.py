"""Theorem SC (spectral hypentropy is 1/(τ + kβ)-strongly convex w.r.t. ‖·‖_*, c = 1): exact checks of its steps
and a Hypothesis ``target`` search that tries to break it (``reference/embedding_routing/hypentropy.py``)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given, note, settings, target
from hypothesis import strategies as st

import reference.embedding_routing.hypentropy as hy


# -- Step 1: the conjugate of h_β is β cosh, and f'' = β cosh y = √(σ² + β²) at y = h'(σ) -----------
def test_step1_conjugate_of_hypentropy_is_beta_cosh_exactly():
    """h*(y) = σy − h(σ) at y = h'(σ) = asinh(σ/β), and it equals β cosh y there (so h* = β cosh, since h' is
    onto R); β cosh(h'(σ)) = √(σ² + β²) is f''(y) of Step 1."""
    s, b = sp.symbols("sigma beta", positive=True)
    h = s * sp.asinh(s / b) - sp.sqrt(s ** 2 + b ** 2)
    y = sp.asinh(s / b)
    assert sp.simplify(sp.diff(h, s) - y) == 0
    conj_at_y = s * y - h
    beta_cosh_y = b * sp.cosh(y)
    assert sp.simplify(conj_at_y - sp.sqrt(s ** 2 + b ** 2)) == 0
    assert sp.simplify(beta_cosh_y - sp.sqrt(s ** 2 + b ** 2)) == 0


# -- Step 3: Hermite–Hadamard for β cosh (mean over [a, c] ≤ mean of the end values) ----------------
@settings(max_examples=200, deadline=None)
@given(st.floats(-20, 20), st.floats(-20, 20), st.floats(1e-3, 10))
def test_step3_hermite_hadamard_for_cosh(a, c, beta):
    if abs(a - c) < 1e-6:
        return
    mean = beta * (math.sinh(c) - math.sinh(a)) / (c - a)
    assert mean <= beta * (math.cosh(a) + math.cosh(c)) / 2 * (1 + 1e-12)


def test_step3_linear_program_value_is_sum_of_g():
    """max {Σ g_j C_j + βE : 0 ≤ C_j ≤ 1, E ≥ 0, ΣC_j + E ≤ k} = Σ g_j when every g_j ≥ β (scipy LP)."""
    from scipy.optimize import linprog

    rng = np.random.default_rng(0)
    for _ in range(50):
        k = int(rng.integers(1, 6))
        beta = float(rng.uniform(0.1, 2))
        g = beta + rng.exponential(1.0, size=k)
        res = linprog(-np.r_[g, beta], A_ub=[np.ones(k + 1)], b_ub=[k], bounds=[(0, 1)] * k + [(0, None)])
        assert -res.fun == pytest.approx(g.sum(), rel=1e-9)


# -- the Hessian formula against finite differences of the mirror map -----------------------------
@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(0, 2 ** 31 - 1))
def test_hessian_quadratic_form_matches_finite_differences(rows, cols, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((rows, cols)) * 10 ** rng.uniform(-1, 1)
    D = rng.standard_normal((rows, cols))
    beta = float(10 ** rng.uniform(-1, 1))
    q = hy.hessian_quadratic_form(X, D, beta)
    e = 1e-5
    fd = float(np.sum(D * (hy.mirror_map(X + e * D, beta) - hy.mirror_map(X - e * D, beta)))) / (2 * e)
    assert q == pytest.approx(fd, rel=1e-6, abs=1e-9)


# -- the pointwise statement, adversarially -------------------------------------------------------
@st.composite
def hessian_instances(draw):
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    seed = draw(st.integers(0, 2 ** 31 - 1))
    rng = np.random.default_rng(seed)
    scale = draw(st.sampled_from([0.0, 1e-3, 0.1, 1.0, 10.0, 100.0]))
    X = rng.standard_normal((rows, cols)) * scale
    D = rng.standard_normal((rows, cols))
    if draw(st.booleans()):                      # equal singular values: the tight directions at X = 0
        U, _, Vt = np.linalg.svd(D, full_matrices=False)
        D = U @ Vt
    beta = draw(st.sampled_from([1e-2, 0.1, 1.0, 10.0]))
    return X, D, beta


@settings(max_examples=150, deadline=None)
@given(hessian_instances())
@example((np.zeros((2, 3)), np.array([[1.0, 0, 0], [0, 1.0, 0]]), 1.0))       # X = 0, Δ a partial isometry: = 1
def test_theorem_sc_pointwise_ratio_at_least_one(inst):
    X, D, beta = inst
    q = hy.hessian_quadratic_form(X, D, beta)
    L = hy.sc_dual_weight_bound(hy.singular_values(X), beta)
    ratio = q * L / hy.nuclear_norm(D) ** 2
    note(f"ratio {ratio}")
    target(-ratio, label="minus the normalised Hessian ratio")
    assert ratio >= 1 - 1e-9


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 3), st.integers(1, 4), st.integers(0, 2 ** 31 - 1), st.sampled_from([0.05, 0.5, 5.0]))
def test_theorem_sc_bregman_form_on_the_ball(rows, cols, seed, beta):
    """D_φ(X, Y) ≥ ½‖X − Y‖_*²/(τ + kβ) with c = 1 on pairs of the ball (the form every bound uses)."""
    rng = np.random.default_rng(seed)
    tau = float(10 ** rng.uniform(-1, 1))
    X, Y = (rng.standard_normal((rows, cols)) for _ in range(2))
    X *= tau * rng.uniform(0, 1) / hy.nuclear_norm(X)
    Y = X + (Y * tau / hy.nuclear_norm(Y) - X) * 10 ** rng.uniform(-4, 0)
    if hy.nuclear_norm(Y) > tau:
        Y *= tau / hy.nuclear_norm(Y)
    lhs = hy.bregman_divergence(X, Y, beta)
    rhs = 0.5 * hy.strong_convexity_modulus(tau, beta, min(rows, cols)) * hy.nuclear_norm(X - Y) ** 2
    target(float(rhs / max(lhs, 1e-300)), label="modulus ratio")
    assert lhs >= rhs * (1 - 1e-7)


def test_modulus_uses_factor_one_and_the_k_beta_term():
    assert hy.SPECTRAL_SC_FACTOR == 1.0
    assert hy.strong_convexity_modulus(2.0, 0.5, 3) == pytest.approx(1 / 3.5)
    assert hy.strong_convexity_modulus(2.0, 0.5, 3, factor=0.5) == pytest.approx(0.5 / 3.5)
    with pytest.raises(ValueError, match="strong_convexity_modulus: factor must be"):
        hy.strong_convexity_modulus(1.0, 1.0, 1, factor=0.0)
