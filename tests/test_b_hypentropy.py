"""Spectral hypentropy: values, mirror map, Bregman projection (second route), strong convexity search."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given, note, settings, target
from hypothesis import strategies as st
from scipy.optimize import minimize

import reference.embedding_routing.hypentropy as hy

SEEDS = st.integers(0, 2 ** 32 - 1)


def test_phi_at_zero_is_minus_k_beta():
    assert hy.spectral_hypentropy(np.zeros((3, 5)), 0.7) == pytest.approx(-3 * 0.7)


def test_spectral_hypentropy_of_a_diagonal_matrix_is_the_vector_hypentropy():
    sigma = np.array([2.0, 0.5, 0.0])
    assert hy.spectral_hypentropy(np.diag(sigma), 0.3) == pytest.approx(hy.hypentropy_vector(sigma, 0.3))


def test_scalar_hypentropy_second_derivative_matches_sympy():
    s, b = sp.symbols("sigma beta", positive=True)
    h = s * sp.asinh(s / b) - sp.sqrt(s ** 2 + b ** 2)
    assert sp.simplify(sp.diff(h, s) - sp.asinh(s / b)) == 0
    assert sp.simplify(sp.diff(h, s, 2) - 1 / sp.sqrt(s ** 2 + b ** 2)) == 0


def test_range_formula_matches_the_vertex_and_dominates_random_points():
    rng = np.random.default_rng(0)
    tau, beta = 2.5, 0.3
    R = hy.hypentropy_range_on_nuclear_ball(tau, beta)
    X = np.zeros((3, 4))
    X[0, 0] = tau
    assert hy.bregman_divergence(X, np.zeros((3, 4)), beta) == pytest.approx(R)
    for _ in range(50):
        U = rng.standard_normal((3, 4))
        U *= tau / hy.nuclear_norm(U) * rng.uniform()
        assert hy.bregman_divergence(U, np.zeros((3, 4)), beta) <= R + 1e-12


@given(SEEDS)
def test_mirror_map_round_trip(seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((int(rng.integers(1, 5)), int(rng.integers(1, 5)))) * 10 ** rng.uniform(-2, 2)
    beta = 10 ** rng.uniform(-3, 1)
    back = hy.inverse_mirror_map(hy.mirror_map(X, beta), beta)
    assert np.allclose(back, X, rtol=1e-9, atol=1e-9 * np.linalg.norm(X))


@given(SEEDS)
def test_bregman_divergence_nonnegative_and_zero_on_diagonal(seed):
    rng = np.random.default_rng(seed)
    X, Y = rng.standard_normal((2, 3, 4))
    beta = 10 ** rng.uniform(-2, 1)
    assert hy.bregman_divergence(X, Y, beta) >= -1e-10
    assert abs(hy.bregman_divergence(X, X, beta)) <= 1e-10


def _scipy_vector_projection(s_tilde, tau, beta):
    """Second route: SLSQP on min Σ D_h(σ_i, σ̃_i) s.t. σ ≥ 0, Σσ ≤ τ."""
    y = np.arcsinh(s_tilde / beta)

    def obj(s):
        return float(np.sum(hy.hypentropy_scalar(s, beta) - y * s))

    def grad(s):
        return np.arcsinh(s / beta) - y

    res = minimize(obj, np.full(s_tilde.size, tau / s_tilde.size / 2), jac=grad, method="SLSQP",
                   bounds=[(0, None)] * s_tilde.size,
                   constraints=[{"type": "ineq", "fun": lambda s: tau - np.sum(s), "jac": lambda s: -np.ones_like(s)}],
                   options={"ftol": 1e-14, "maxiter": 500})
    return res.x, obj(res.x)


@given(SEEDS)
@settings(max_examples=30)
def test_projection_matches_scipy_on_singular_values(seed):
    rng = np.random.default_rng(seed)
    s_tilde = np.abs(rng.standard_normal(int(rng.integers(1, 6)))) * 3
    tau = float(s_tilde.sum() * rng.uniform(0.1, 0.9))
    beta = float(10 ** rng.uniform(-1, 0.5))
    sigma, nu = hy.project_singular_values(s_tilde, tau, beta)
    ref, ref_val = _scipy_vector_projection(s_tilde, tau, beta)
    y = np.arcsinh(s_tilde / beta)
    our_val = float(np.sum(hy.hypentropy_scalar(sigma, beta) - y * sigma))
    note(f"ours={sigma}, scipy={ref}, nu={nu}")
    assert sigma.sum() <= tau * (1 + 1e-12)
    assert our_val <= ref_val + 1e-8 * (1 + abs(ref_val))
    assert np.allclose(sigma, ref, atol=1e-4 * max(1.0, tau))


def test_projection_is_identity_inside_the_ball():
    X = np.array([[0.2, 0.0], [0.0, 0.1]])
    assert np.allclose(hy.bregman_project_nuclear_ball(X, 1.0, 0.5), X)


def test_projection_dual_and_primal_routes_agree():
    rng = np.random.default_rng(3)
    Y = rng.standard_normal((3, 6)) * 2
    X, Yp = hy.bregman_project_dual(Y, 1.5, 0.2)
    assert np.allclose(X, hy.bregman_project_nuclear_ball(hy.inverse_mirror_map(Y, 0.2), 1.5, 0.2), atol=1e-10)
    assert np.allclose(hy.mirror_map(X, 0.2), Yp, atol=1e-8)
    res = hy.projection_optimality_residual(X, hy.inverse_mirror_map(Y, 0.2), 1.5, 0.2)
    assert res["infeasibility"] <= 1e-12 and res["vi"] <= 1e-8


@st.composite
def pairs_in_nuclear_ball(draw):
    """(X, Y, τ, β) with ‖X‖_*, ‖Y‖_* ≤ τ, built from drawn singular values and a seed for the vectors."""
    d = draw(st.integers(1, 3))
    n = draw(st.integers(1, 4))
    tau = draw(st.floats(0.05, 30.0))
    beta = draw(st.floats(0.001, 30.0))
    seed = draw(SEEDS)
    k = min(d, n)
    rng = np.random.default_rng(seed)

    def point(w):
        U, _, Vt = np.linalg.svd(rng.standard_normal((d, n)), full_matrices=False)
        w = np.asarray(w[:k], dtype=float)
        return (U * (tau * w / max(w.sum(), 1.0))) @ Vt

    wx = draw(st.lists(st.floats(0.0, 1.0), min_size=k, max_size=k))
    X = point(wx)
    rel = draw(st.floats(1e-3, 1.0))
    Y = X + rel * tau * rng.standard_normal((d, n)) / math.sqrt(d * n)
    if hy.nuclear_norm(Y) > tau:
        Y *= tau / hy.nuclear_norm(Y)
    return X, Y, tau, beta


@given(pairs_in_nuclear_ball())
@settings(max_examples=200)
@example((np.array([[0.9]]), np.array([[1.0]]), 1.0, 0.001))       # the scalar near-tight case
def test_spectral_strong_convexity_factor_survives_targeted_search(case):
    X, Y, tau, beta = case
    if hy.nuclear_norm(X - Y) < 1e-6 * tau:
        return
    ratio = hy.spectral_strong_convexity_ratio(X, Y, tau, beta)
    note(f"normalised ratio (τ + kβ)D/(½‖Δ‖²) = {ratio}")
    target(-ratio, label="minus normalised ratio")          # steer toward the worst pair
    assert ratio >= hy.SPECTRAL_SC_FACTOR


@given(SEEDS)
def test_vector_strong_convexity_constant_one(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, 6))
    D = float(10 ** rng.uniform(-1, 1.5))
    beta = float(10 ** rng.uniform(-2, 1))
    x = rng.standard_normal(k)
    x *= D * rng.uniform() / np.abs(x).sum()
    y = rng.standard_normal(k)
    y *= D * rng.uniform() / np.abs(y).sum()
    assert hy.vector_strong_convexity_ratio(x, y, D, beta) >= 1 - 1e-9


@pytest.mark.parametrize("fn,args,match", [
    (hy.spectral_hypentropy, (np.eye(2), 0.0),
     r"spectral_hypentropy: beta must be a finite real number > 0 \(the hypentropy scale\); got 0.0"),
    (hy.bregman_project_nuclear_ball, (np.eye(2), -1.0, 1.0),
     r"bregman_project_nuclear_ball: tau must be a finite real number > 0 \(the nuclear-ball radius\)"),
    (hy.mirror_map, (np.zeros(3), 1.0), "mirror_map: X must be a non-empty 2-d matrix"),
    (hy.bregman_divergence, (np.eye(2), np.eye(3), 1.0), "bregman_divergence: X and Y must have the same shape"),
    (hy.strong_convexity_modulus, (1.0, 1.0, 0), "strong_convexity_modulus: k must be an integer >= 1; got 0"),
])
def test_messages(fn, args, match):
    with pytest.raises(ValueError, match=match):
        fn(*args)
