"""Mutation killers, paper B (``hypentropy``, ``policies``): tests that kill mutants which survived the other tests.

Each test pins a value by a second route (a closed form, an explicit SVD, an exact ``Fraction`` computation, a
finite difference) on small hand-made instances, on the float path and, where one exists, the exact path.
How the mutants were found and which survivors are equivalent: ``docs/mutation.md``.
"""

from fractions import Fraction as F

import numpy as np
import pytest

from reference.embedding_routing import hypentropy as hy
from reference.embedding_routing import policies as pol

# -- hypentropy: norms ------------------------------------------------------------------------

DIAG = np.diag([3.0, 2.0, 0.5])  # singular values 3, 2, 0.5


def test_operator_norm_is_the_largest_singular_value():  # kills σ_2 (or σ_min) for σ_1
    assert hy.operator_norm(DIAG) == 3.0
    assert hy.operator_norm(-DIAG) == 3.0
    assert hy.operator_norm(np.array([[0.0, 1.0], [0.0, 0.0]])) == 1.0  # non-symmetric: σ_1 = 1, eigenvalues 0


def test_nuclear_norm_and_singular_values_of_a_diagonal():
    assert hy.nuclear_norm(DIAG) == pytest.approx(5.5, rel=1e-15)
    assert list(hy.singular_values(DIAG)) == pytest.approx([3.0, 2.0, 0.5], rel=1e-15)
    assert hy.nuclear_norm(np.ones((2, 3))) == pytest.approx(np.sqrt(6.0), rel=1e-14)  # rank one, σ = √6


def test_strong_convexity_modulus_value():  # α = c/(τ + kβ)
    assert hy.strong_convexity_modulus(2.0, 0.5, 3) == pytest.approx(1 / 3.5, rel=1e-15)
    assert hy.strong_convexity_modulus(2.0, 0.5, 1) == pytest.approx(1 / 2.5, rel=1e-15)
    assert hy.strong_convexity_modulus(2.0, 0.5, 3, factor=2.0) == pytest.approx(2 / 3.5, rel=1e-15)


# -- hypentropy: the regularizer and its maps --------------------------------------------------

def test_hypentropy_scalar_closed_form():  # h_β(σ) = σ asinh(σ/β) − √(σ² + β²)
    s, b = np.array([0.0, 0.3, 2.0, -1.5]), 0.7
    expected = s * np.arcsinh(s / b) - np.sqrt(s**2 + b**2)
    assert hy.hypentropy_scalar(s, b) == pytest.approx(expected, rel=1e-14)
    assert hy.hypentropy_vector(s, b) == pytest.approx(float(np.sum(expected)), rel=1e-14)
    assert hy.spectral_hypentropy(DIAG, b) == pytest.approx(float(np.sum(hy.hypentropy_scalar([3, 2, .5], b))))


def test_asinh_ratio_and_beta_sinh_in_both_regimes():
    b = 0.25
    small = np.array([-3.0, 0.0, 1.0, 19.0])
    assert hy.asinh_ratio(small, b) == pytest.approx(np.arcsinh(small / b), rel=1e-14)
    assert hy.beta_sinh(small, b) == pytest.approx(b * np.sinh(small), rel=1e-13)
    big = np.array([25.0, -30.0, 600.0])  # |y| > 20: the overflow-free branch
    assert hy.beta_sinh(big, b) == pytest.approx(b * np.sinh(big), rel=1e-13)
    huge = np.array([1e308, -1e308])  # σ/β overflows: ln 2 + ln|σ| − ln β
    expected = np.sign(huge) * (np.log(2.0) + np.log(np.abs(huge)) - np.log(b))
    assert hy.asinh_ratio(huge, b) == pytest.approx(expected, rel=1e-14)


def test_mirror_map_and_its_inverse_on_a_known_svd():
    rng = np.random.default_rng(5)
    U = np.linalg.qr(rng.standard_normal((3, 3)))[0]
    V = np.linalg.qr(rng.standard_normal((4, 3)))[0]
    s, b = np.array([2.0, 0.7, 0.1]), 0.3
    X = (U * s) @ V.T
    assert hy.mirror_map(X, b) == pytest.approx((U * np.arcsinh(s / b)) @ V.T, abs=1e-12)
    Y = (U * s) @ V.T
    assert hy.inverse_mirror_map(Y, b) == pytest.approx((U * (b * np.sinh(s))) @ V.T, abs=1e-12)


def test_bregman_divergence_closed_form_for_diagonals():  # D(X, Y) = Σ h(x) − h(y) − h'(y)(x − y), commuting case
    b = 0.4
    x, y = np.array([1.5, 0.2]), np.array([0.5, 0.9])
    expected = np.sum(hy.hypentropy_scalar(x, b) - hy.hypentropy_scalar(y, b) - np.arcsinh(y / b) * (x - y))
    assert hy.bregman_divergence(np.diag(x), np.diag(y), b) == pytest.approx(float(expected), rel=1e-12)
    assert hy.bregman_divergence(np.diag(x), np.diag(x), b) == pytest.approx(0.0, abs=1e-15)


def test_projection_optimality_residual_formula():  # vi = τ‖G‖_op − ⟨G, X*⟩, G = ∇φ(X̃) − ∇φ(X*)
    b, tau = 0.5, 2.0
    A, B = np.diag([1.0, 0.5]), np.diag([0.25, 2.0])
    G = np.diag(np.arcsinh(np.array([0.25, 2.0]) / b) - np.arcsinh(np.array([1.0, 0.5]) / b))
    vi = tau * np.abs(np.diag(G)).max() - float(np.sum(G * A))
    res = hy.projection_optimality_residual(A, B, tau, b)
    assert res["vi"] == pytest.approx(vi, rel=1e-13)
    assert res["infeasibility"] == 0.0
    res = hy.projection_optimality_residual(2 * A, B, tau, b)  # ‖2A‖_* = 3 > τ = 2
    assert res["infeasibility"] == pytest.approx(1.0, rel=1e-14)


def test_euclidean_projection_onto_the_nuclear_ball():  # soft-threshold the singular values to sum τ
    X = np.diag([3.0, 1.0, 0.2])
    assert hy.euclidean_project_nuclear_ball(X, 2.0) == pytest.approx(np.diag([2.0, 0.0, 0.0]), abs=1e-14)
    assert hy.euclidean_project_nuclear_ball(X, 3.6) == pytest.approx(np.diag([2.8, 0.8, 0.0]), abs=1e-14)
    assert hy.euclidean_project_nuclear_ball(X, 10.0) == pytest.approx(X, abs=0)  # inside: unchanged


def test_bregman_projection_keeps_inside_points_and_lands_on_the_sphere_from_outside():
    b = 0.3
    inside = np.diag([0.5, 0.25])
    assert hy.bregman_project_nuclear_ball(inside, 1.0, b) == pytest.approx(inside, abs=1e-12)
    out = hy.bregman_project_nuclear_ball(np.diag([3.0, 1.0]), 1.0, b)
    assert hy.nuclear_norm(out) == pytest.approx(1.0, rel=1e-9)
    res = hy.projection_optimality_residual(out, np.diag([3.0, 1.0]), 1.0, b)
    assert res["vi"] <= 1e-8


def test_sc_dual_weight_bound_value():
    assert hy.sc_dual_weight_bound([3.0, 4.0], 4.0) == pytest.approx(5.0 + np.sqrt(32.0), rel=1e-15)


# -- policies -----------------------------------------------------------------------------------

def test_multi_vector_features_valid_path():  # Σ_j w_j v_j v_jᵀ
    V = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]])
    w = [0.5, -2.0]
    expected = 0.5 * np.outer(V[0], V[0]) - 2.0 * np.outer(V[1], V[1])
    assert pol.multi_vector_features(V, w) == pytest.approx(expected, abs=0)
    assert pol.quadratic_features([1.0, -2.0]) == pytest.approx(np.array([[1.0, -2.0], [-2.0, 4.0]]), abs=0)


def test_exact_gradient_coefficients_sign_exact_and_float():  # c_m = π_m (r_m − J), J = Σ π r
    pi, r = [F(1, 2), F(1, 3), F(1, 6)], [F(1), F(0), F(1, 2)]
    J = F(1, 2) + F(1, 12)
    assert pol.expected_reward(pi, r) == J
    exact = pol.exact_gradient_coefficients(pi, r)
    assert exact == [F(1, 2) * (1 - J), F(1, 3) * (0 - J), F(1, 6) * (F(1, 2) - J)]
    floats = pol.exact_gradient_coefficients(np.array([0.5, 1 / 3, 1 / 6]), np.array([1.0, 0.0, 0.5]))
    assert floats == pytest.approx([float(c) for c in exact], rel=1e-14)
    assert sum(exact) == 0  # Σ_m π_m (r_m − J) = 0


def test_exact_gradient_matches_a_finite_difference():
    rng = np.random.default_rng(11)
    d, M = 2, 3
    Theta, x, r = rng.standard_normal((d, d * M)), rng.standard_normal(d), rng.uniform(0, 1, M)
    Psi = np.outer(x, x)
    G = pol.exact_gradient(Theta, Psi, r)
    h = 1e-6
    fd = np.zeros_like(Theta)
    for i in range(d):
        for j in range(d * M):
            E = np.zeros_like(Theta)
            E[i, j] = h
            up = pol.expected_reward(pol.log_quadratic_policy(Theta + E, Psi), r)
            down = pol.expected_reward(pol.log_quadratic_policy(Theta - E, Psi), r)
            fd[i, j] = (up - down) / (2 * h)
    assert G == pytest.approx(fd, abs=1e-8)


def test_reinforce_coefficients_and_gradient_values():  # c = r (e_m − π)
    pi, reward = [F(1, 4), F(3, 4)], F(1, 2)
    assert pol.reinforce_coefficients(pi, 1, reward) == [F(-1, 8), F(1, 8)]
    c = pol.reinforce_coefficients(np.array([0.25, 0.75]), 0, 0.5)
    assert c == pytest.approx([0.375, -0.375], abs=0)
    Psi = np.array([[1.0, 2.0], [3.0, 4.0]])
    G = pol.reinforce_gradient(np.array([0.25, 0.75]), Psi, 0, 0.5)
    assert G == pytest.approx(np.hstack([0.375 * Psi, -0.375 * Psi]), abs=0)


def test_log_quadratic_logits_policy_and_blocks():
    d, M = 2, 3
    Theta = np.arange(d * d * M, dtype=float).reshape(d, d * M) / 10
    Psi = np.array([[1.0, -1.0], [0.5, 2.0]])
    blocks = pol.theta_blocks(Theta, d, M)
    z = np.array([np.sum(blocks[m] * Psi) for m in range(M)])
    assert pol.log_quadratic_logits(Theta, Psi) == pytest.approx(z, rel=1e-14)
    assert pol.log_quadratic_logits_batch(Theta, np.stack([Psi, 2 * Psi])) == pytest.approx(np.stack([z, 2 * z]))
    e = np.exp(z - z.max())
    assert pol.log_quadratic_policy(Theta, Psi) == pytest.approx(e / e.sum(), rel=1e-14)
    assert pol.gradient_from_coefficients([1.0, -2.0, 0.5], Psi) == pytest.approx(
        np.hstack([Psi, -2 * Psi, 0.5 * Psi]), abs=0)


def test_softmax_log_linear_constant_and_best_response():
    z = np.array([1000.0, 999.0, 0.0])  # stable: no overflow
    e = np.exp(z - 1000.0)
    assert pol.softmax(z) == pytest.approx(e / e.sum(), rel=1e-14)
    assert pol.softmax_rows(np.stack([z, z - 5])) == pytest.approx(np.stack([e / e.sum()] * 2), rel=1e-14)
    W, b, x = np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([0.5, -0.5]), np.array([1.0, 1.0])
    assert pol.log_linear_policy(W, b, x) == pytest.approx(pol.softmax([1.5, 1.5]), rel=1e-15)
    assert pol.constant_policy([0.0, np.log(3.0)]) == pytest.approx([0.25, 0.75], rel=1e-14)
    assert list(pol.best_response([0.2, 0.9, 0.9])) == [0.0, 1.0, 0.0]  # lowest index on ties


# -- policies: every validation fires, with the function's name -------------------------------------

PSI_RECT = np.ones((2, 3))
THETA = np.zeros((2, 6))


@pytest.mark.parametrize("call, name", [
    (lambda: pol.log_quadratic_logits(THETA, PSI_RECT), "log_quadratic_logits"),
    (lambda: pol.log_quadratic_policy(THETA, PSI_RECT), "log_quadratic_policy"),
    (lambda: pol.exact_gradient(THETA, PSI_RECT, [0.5, 0.5, 0.5]), "exact_gradient"),
    (lambda: pol.gradient_from_coefficients([1.0, 2.0], PSI_RECT), "gradient_from_coefficients"),
    (lambda: pol.reinforce_gradient([0.5, 0.5], PSI_RECT, 0, 0.5), "reinforce_gradient"),
])
def test_non_square_features_are_rejected_by_name(call, name):  # kills square=True → False/None/dropped
    with pytest.raises(ValueError, match=rf"^{name}: Psi must be square"):
        call()


def test_check_matrix_shape_dimension_and_dtype():
    with pytest.raises(ValueError, match=r"^f: features must be square"):  # (T, d, e): the last two axes differ
        pol.check_matrix("f", "features", np.ones((2, 2, 3)), square=True, ndim=3)
    with pytest.raises(ValueError, match=r"^log_quadratic_logits_batch: features must be square"):
        pol.log_quadratic_logits_batch(THETA, np.ones((2, 2, 3)))
    with pytest.raises(ValueError, match=r"^f: X must be a non-empty 2-d array"):  # 1-d, non-empty
        pol.check_matrix("f", "X", [1.0, 2.0])
    A = pol.check_matrix("f", "X", [[F(1, 2), 1], [0, 3]])  # Fractions and ints become float64
    assert A.dtype == np.float64 and A[0, 0] == 0.5


@pytest.mark.parametrize("call, message", [
    (lambda: pol.exact_gradient(THETA, np.eye(2), [0.5, 0.5]), r"^exact_gradient: r must have length n=3"),
    (lambda: pol.exact_gradient_coefficients([0.5, 0.5], [1.0]), r"^exact_gradient_coefficients: r must have length"),
    (lambda: pol.expected_reward([0.5, 0.5], [1.0, 0.0, 1.0]), r"^expected_reward: r must have length"),
    (lambda: pol.log_linear_policy(np.eye(2), [0.0, 0.0], [1.0]), r"^log_linear_policy: x must have length n=2"),
    (lambda: pol.log_linear_policy(np.eye(2), [0.0], [1.0, 1.0]), r"^log_linear_policy: b must have length n=2"),
    (lambda: pol.expected_reward([0.5, 0.6], [1.0, 0.0]), r"^expected_reward: pi must be a probability vector"),
    (lambda: pol.exact_gradient_coefficients([2, -1], [1, 0]), r"^exact_gradient_coefficients: pi must be"),
    (lambda: pol.reinforce_gradient([0.5, 0.6], np.eye(2), 0, 0.5), r"^reinforce_gradient: pi must be"),
    (lambda: pol.reinforce_gradient([0.5, 0.5], np.eye(2), 2, 0.5), r"^reinforce_gradient: m must be an expert"),
    (lambda: pol.reinforce_coefficients([0.5, 0.5], 0, -0.5), r"^reinforce_coefficients: reward must be"),
    (lambda: pol.reinforce_coefficients([0.5, 0.5], 0, 1.5), r"^reinforce_coefficients: reward .*rewards lie in"),
])
def test_policy_arguments_are_checked(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_mixed_exact_and_float_policy_inputs_compute_in_floats():  # the mode needs *every* vector rational
    J = pol.expected_reward(np.array([0.5, 0.5]), [F(1), F(0)])
    assert isinstance(J, float) and J == 0.5
    J = pol.expected_reward([F(1, 2), F(1, 2)], np.array([1.0, 0.0]))
    assert isinstance(J, float) and J == 0.5
    c = pol.exact_gradient_coefficients(np.array([0.5, 0.5]), [F(1), F(0)])
    assert isinstance(c, np.ndarray) and list(c) == [0.25, -0.25]
    c = pol.exact_gradient_coefficients([F(1, 2), F(1, 2)], np.array([1.0, 0.0]))
    assert isinstance(c, np.ndarray) and list(c) == [0.25, -0.25]
    c = pol.reinforce_coefficients(np.array([0.25, 0.75]), 0, F(1, 2))
    assert isinstance(c, np.ndarray) and list(c) == [0.375, -0.375]
    G = pol.reinforce_gradient([F(1, 4), F(3, 4)], np.eye(2), 0, F(1, 2))  # exact coefficients, float gradient
    assert G.dtype == np.float64 and G == pytest.approx(np.hstack([0.375 * np.eye(2), -0.375 * np.eye(2)]), abs=0)
    G = pol.reinforce_gradient(np.array([0.25, 0.75]), np.eye(2), 1, F(1, 2))
    assert G.dtype == np.float64 and G == pytest.approx(np.hstack([-0.125 * np.eye(2), 0.125 * np.eye(2)]), abs=0)


# -- hypentropy: boundaries and argument checks ------------------------------------------------------

def test_points_on_the_sphere_are_returned_unchanged():  # kills ‖·‖_* ≤ τ → < τ (exact copies, not re-composed)
    sigma, nu = hy.project_singular_values([0.5, 0.25, 0.25], 1.0, 0.3)
    assert list(sigma) == [0.5, 0.25, 0.25] and nu == 0.0
    X = np.array([[0.3, -0.2], [0.1, 0.4]])
    tau = float(np.sum(hy.singular_values(X)))
    assert np.array_equal(hy.euclidean_project_nuclear_ball(X, tau), X)


def test_euclidean_projection_threshold_index():  # σ = (2, 1, 0), τ = 2: θ = ½, σ* = (1.5, 0.5, 0)
    X = np.diag([2.0, 1.0, 0.0])
    assert hy.euclidean_project_nuclear_ball(X, 2.0) == pytest.approx(np.diag([1.5, 0.5, 0.0]), abs=1e-15)


@pytest.mark.parametrize("call, message", [
    (lambda: hy.sc_dual_weight_bound([-0.5, 1.0], 1.0), r"^sc_dual_weight_bound: sigma must hold non-negative"),
    (lambda: hy.project_singular_values([-0.5, 1.0], 1.0, 1.0), r"^project_singular_values: sigma_tilde must be"),
    (lambda: hy.strong_convexity_modulus(1.0, 1.0, 1, factor=0.0), r"^strong_convexity_modulus: factor"),
    (lambda: hy.strong_convexity_modulus(1.0, 1.0, 1, factor=-1.0), r"^strong_convexity_modulus: factor"),
    (lambda: hy.vector_strong_convexity_ratio([1.0, 0.0], [0.0, 1.0], 0.0, 1.0), r"^vector_strong_convexity_ratio: D"),
    (lambda: hy.vector_strong_convexity_ratio([1.0, 0.0], [0.0, 1.0], -1.0, 1.0), r"^vector_strong_convexity_ratio: D"),
    (lambda: hy.vector_strong_convexity_ratio([1.0, 0.0], [0.0], 1.0, 1.0), r"^vector_strong_convexity_ratio: y"),
])
def test_hypentropy_arguments_are_checked(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_values_at_the_edges_of_the_argument_ranges():
    assert hy.sc_dual_weight_bound([0.0, 0.5], 1.0) == pytest.approx(1.0 + np.sqrt(1.25), rel=1e-15)  # σ = 0 is valid
    assert hy.strong_convexity_modulus(1.0, 1.0, 1, factor=0.5) == pytest.approx(0.25, rel=1e-15)  # c < 1 is valid
    x, y, D, b = np.array([1.0, 0.0]), np.array([0.0, 1.0]), 0.5, 1.0  # D < 1 is valid
    dh = np.sum(hy.hypentropy_scalar(x, b) - hy.hypentropy_scalar(y, b) - np.arcsinh(y / b) * (x - y))
    assert hy.vector_strong_convexity_ratio(x, y, D, b) == pytest.approx((D + 2 * b) * dh / (0.5 * 4.0), rel=1e-14)


@pytest.mark.parametrize("call, arg", [
    (lambda: hy.bregman_project_dual([[np.inf]], 1.0, 1.0), "Y"),
    (lambda: hy.bregman_project_nuclear_ball([[np.nan]], 1.0, 1.0), "X_tilde"),
    (lambda: hy.euclidean_project_nuclear_ball([1.0, 2.0], 1.0), "X"),
    (lambda: hy.inverse_mirror_map([[np.inf]], 1.0), "Y"),
    (lambda: hy.projection_optimality_residual([[np.nan]], [[1.0]], 1.0, 1.0), "X_star"),
    (lambda: hy.projection_optimality_residual([[1.0]], [[np.nan]], 1.0, 1.0), "X_tilde"),
    (lambda: hy.spectral_hypentropy([[np.inf]], 1.0), "X"),
    (lambda: hy.operator_norm([[np.inf]]), "X"),
])
def test_matrix_errors_name_the_argument(call, arg):  # the messages name the argument (house rule)
    with pytest.raises(ValueError, match=rf"^\w+: {arg} must"):
        call()


def test_hessian_quadratic_form_matches_a_derivative_of_the_mirror_map():  # ⟨Δ, ∇²φ(X)Δ⟩ = d/dt ⟨∇φ(X + tΔ), Δ⟩
    rng = np.random.default_rng(2)
    X, Delta, b, h = rng.standard_normal((3, 2)), rng.standard_normal((3, 2)), 0.6, 1e-5
    fd = (np.sum(hy.mirror_map(X + h * Delta, b) * Delta) - np.sum(hy.mirror_map(X - h * Delta, b) * Delta)) / (2 * h)
    assert hy.hessian_quadratic_form(X, Delta, b) == pytest.approx(fd, rel=1e-7)
    D = np.diag([1.0, 0.0])  # diagonal X: Σ Δ_ii² / √(σ_i² + β²)
    assert hy.hessian_quadratic_form(np.diag([2.0, 0.5]), D, b) == pytest.approx(1 / np.hypot(2.0, b), rel=1e-12)


def test_bregman_divergence_of_nearly_equal_matrices_is_accurate():  # the cancellation-free route, D ≈ ½ h''(y) δ²
    b, delta = 0.5, 1e-9
    X, Y = np.diag([1.0 + delta, 0.5]), np.diag([1.0, 0.5])
    expected = 0.5 * delta**2 / np.hypot(1.0, b)  # third-order term: relative 1e-9
    assert hy.bregman_divergence(X, Y, b) == pytest.approx(expected, rel=1e-6)


def test_spectral_strong_convexity_ratio_at_unit_distance_and_overflow():
    b, tau = 0.5, 2.0
    X, Y = np.diag([1.0, 0.0]), np.zeros((2, 2))  # ‖X − Y‖_* = 1 exactly
    D = hy.bregman_divergence(X, Y, b)
    assert hy.spectral_strong_convexity_ratio(X, Y, tau, b) == pytest.approx((tau + 2 * b) * D / 0.5, rel=1e-14)
    with pytest.raises(ValueError, match=r"^spectral_strong_convexity_ratio: "):  # ‖X − Y‖_*² overflows
        hy.spectral_strong_convexity_ratio(np.diag([1e200, 0.0]), Y, tau, b)


def test_reinforce_coefficients_exact_probabilities_with_a_float_reward_are_floats():  # the mode needs the reward too
    c = pol.reinforce_coefficients([F(1, 4), F(3, 4)], 0, 0.5)
    assert isinstance(c, np.ndarray) and list(c) == [0.375, -0.375]


@pytest.mark.parametrize("X, beta", [
    (np.eye(2), 0.6),  # equal singular values: the divided differences' limit branch
    (np.zeros((2, 2)), 0.6),  # σ_i = −σ_j = 0: the limit branch of the antisymmetric part
    (np.diag([1.0, 0.0, 0.0])[:, :2], 0.6),  # a zero singular value: asinh(σ/β)/σ → 1/β
    (np.array([[0.3, 0.1], [-0.2, 0.4], [0.05, 0.0]]), 5.0),  # every σ < β
])
def test_hessian_quadratic_form_at_degenerate_singular_values(X, beta):
    Delta, h = np.random.default_rng(4).standard_normal(X.shape), 1e-5
    up, down = hy.mirror_map(X + h * Delta, beta), hy.mirror_map(X - h * Delta, beta)
    fd = (np.sum(up * Delta) - np.sum(down * Delta)) / (2 * h)
    assert hy.hessian_quadratic_form(X, Delta, beta) == pytest.approx(fd, rel=1e-6)
