"""Paper B regressions of issue 12 (each listed case by name) and tests that kill the listed mutation survivors.

The fuzz suite (``tests/fuzz/test_fuzz_b.py``) replays the same cases among its ``EXTREME`` list; here each one
states its expected answer or message exactly.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest

import reference.adaptive_preferences as ap
import reference.embedding_routing as er
import reference.embedding_routing.bounds as bd
import reference.embedding_routing.environment as env
import reference.embedding_routing.hpg as hpg
import reference.embedding_routing.hypentropy as hy
import reference.embedding_routing.policies as pol
import reference.embedding_routing.rank_readings as rr
import reference.embedding_routing.regret as rg


# -- NaN / inf / overflow ---------------------------------------------------------------------------
def test_projection_of_huge_matrix_is_finite_and_optimal():
    X = hy.bregman_project_nuclear_ball(1e300 * np.eye(2), 1.0, 1e-10)
    assert np.allclose(X, 0.5 * np.eye(2), rtol=1e-12)
    res = hy.projection_optimality_residual(X, 1e300 * np.eye(2), 1.0, 1e-10)
    assert res["infeasibility"] == 0.0 and res["vi"] <= 1e-8


def test_inverse_mirror_map_overflow_is_a_named_error_and_representable_values_are_exact():
    with pytest.raises(ValueError, match=r"^inverse_mirror_map: Y is too large"):
        hy.inverse_mirror_map(800 * np.eye(2), 1.0)
    got = hy.inverse_mirror_map(720 * np.eye(2), 1e-10)[0, 0]              # sinh(720) overflows, β sinh does not
    assert got == pytest.approx(math.exp(720 + math.log(1e-10 / 2)), rel=1e-12)


def test_mirror_map_of_huge_sigma_over_beta_uses_the_log_form():
    got = hy.mirror_map(1e300 * np.eye(1), 1e-10)[0, 0]
    assert got == pytest.approx(math.log(2) + math.log(1e300) - math.log(1e-10), rel=1e-15)


@pytest.mark.parametrize("call, match", [
    (lambda: pol.reinforce_gradient([0.5, 0.5], np.eye(2), 0, float("nan")), r"^reinforce_gradient: reward"),
    (lambda: pol.reinforce_gradient([0.5, 0.5], np.full((2, 2), np.nan), 0, 0.5), r"^reinforce_gradient: Psi"),
    (lambda: rg.linearized_regret(np.eye(2), float("nan"), 1.0), r"^linearized_regret: inner_sum"),
    (lambda: env.RoutingInstance(np.eye(2)[:1], np.eye(2)[None], np.array([[np.nan, 1.0]])),
     r"^RoutingInstance: rewards"),
    (lambda: env.RoutingInstance(np.eye(2)[:1], 5 * np.eye(2)[None], np.array([[0.0, 1.0]])),
     r"^RoutingInstance: features must have ‖Ψ_t‖_op ≤ 1"),
    (lambda: env.RoutingInstance(np.eye(2)[:1], np.eye(2)[None], np.zeros((1, 0))), r"^RoutingInstance: rewards"),
    (lambda: env.planted_instance(5, 3, 2, 1, 0, B=0.0), r"^planted_instance: B"),
    (lambda: env.planted_instance(5, 3, 2, 1, 0, B=float("nan")), r"^planted_instance: B"),
    (lambda: env.planted_instance(5, 3, 2, 1, 0, reward_noise=-0.1), r"^planted_instance: reward_noise"),
    (lambda: env.make_features(np.array([[np.nan, 0.0]])), r"^make_features: queries"),
    (lambda: env.make_features(np.array([[10.0, 0.0]])), r"^make_features: queries must have ‖x_t‖₂ ≤ 1"),
    (lambda: env.make_queries("subspace", 5, 3, 0, basis=np.ones((4, 2))), r"^make_queries: basis must be a d×s"),
    (lambda: env.make_queries("basis", 5, 3, 0, basis=5 * np.eye(3)[:, :2]), r"^make_queries: basis must have ortho"),
    (lambda: env.low_rank_expert_instance(5, 3, 2, 0, 0), r"^low_rank_expert_instance: s"),
    (lambda: env.low_rank_expert_instance(5, 3, 0, 1, 0), r"^low_rank_expert_instance: M"),
    (lambda: env.low_rank_expert_instance(5, 3, 2, 1, 0, p=0), r"^low_rank_expert_instance: p"),
    (lambda: hpg.HPG(2, 2, 5, 1.0, eta=-0.1), r"^HPG: eta"),
    (lambda: hpg.HPG(2, 2, 5, 1.0, eta=float("nan")), r"^HPG: eta"),
    (lambda: hpg.Exp3(2, 5, eta=-0.1), r"^Exp3: eta"),
    (lambda: hpg.EuclideanPolicyGradient(2, 2, 5, 1.0, fro_max=-1.0), r"^EuclideanPolicyGradient: fro_max"),
    (lambda: hpg.EuclideanPolicyGradient(2, 2, 5, -1.0), r"^EuclideanPolicyGradient: tau"),
    (lambda: hpg.LogLinearPolicyGradient(2, 2, 5, -1.0), r"^LogLinearPolicyGradient: radius"),
    (lambda: hpg.ParameterFreeHPG(2, 2, 5, epsilon=0.0), r"^ParameterFreeHPG: epsilon"),
    (lambda: bd.hpg_linearized_regret_bound(T=-100, M=2, d=2, tau=1.0, beta=0.5, eta=0.1),
     r"^hpg_linearized_regret_bound: T"),
    (lambda: bd.hpg_linearized_regret_bound(T=100, M=2, d=2, tau=1.0, beta=0.5, eta=-0.1),
     r"^hpg_linearized_regret_bound: eta"),
    (lambda: bd.hpg_linearized_regret_bound(T=2.5, M=2, d=2, tau=1.0, beta=0.5, eta=0.1),
     r"^hpg_linearized_regret_bound: T"),
    (lambda: bd.hpg_linearized_regret_bound(T=9, M=2, d=2, tau=1.0, beta=0.5, eta=0.1, psi_max=float("nan")),
     r"^hpg_linearized_regret_bound: psi_max"),
    (lambda: bd.omd_pathwise_bound([-1.0], d=2, tau=1.0, beta=0.5, eta=0.1), r"^omd_pathwise_bound: sq_op_norms"),
    (lambda: bd.hpg_headline_bound(T=10, M=2, d=2, s=1, B=-1.0), r"^hpg_headline_bound: B"),
    (lambda: bd.hpg_headline_bound(T=10, M=2, d=0, s=1, B=1.0), r"^hpg_headline_bound: d"),
    (lambda: bd.ogd_expected_regret_bound(T=0, M=2, tau=1.0, fro_max=1.0, eta=0.1), r"^ogd_expected_regret_bound: T"),
    (lambda: bd.hpg_tuned_parameters(T=10, M=1, d=2, tau=1.0), r"^hpg_tuned_parameters: M"),
])
def test_issue12_case_raises_a_named_error(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_errors_come_at_construction_and_huge_eta_works():
    L = hpg.HPG(2, 2, 5, 1.0, eta=1e4)                       # was: an error one round late, from an internal name
    L.distribution(0, np.array([1.0, 0.0]), np.diag([1.0, 0.0]))
    L.update(0, np.array([1.0, 0.0]), np.diag([1.0, 0.0]), 1, 1.0)
    assert hy.nuclear_norm(L.theta) <= 1.0 * (1 + 1e-12) and np.all(np.isfinite(L.theta))
    with pytest.raises(ValueError, match=r"^HPG.update: reward"):
        L.update(0, np.array([1.0, 0.0]), np.diag([1.0, 0.0]), 1, float("nan"))


def test_actual_policy_regret_rejects_bad_tau_and_a_run_of_another_instance():
    a = env.planted_instance(8, 3, 2, 1, 0, query_kind="sphere")
    b = env.planted_instance(8, 3, 2, 1, 1, query_kind="sphere")
    run = hpg.run_learner(hpg.HPG(3, 2, 8, 1.0), a, 0)
    with pytest.raises(ValueError, match=r"^actual_policy_regret: tau"):
        rg.actual_policy_regret(run, a, 0.0, 0)
    with pytest.raises(ValueError, match=r"^actual_policy_regret: run must be a play of this instance"):
        rg.actual_policy_regret(run, b, 1.0, 0, iterations=2)
    assert math.isfinite(rg.actual_policy_regret(run, a, 1.0, 0, iterations=2))


# -- non-symmetric Ψ --------------------------------------------------------------------------------
def test_nonsymmetric_features_use_the_operator_norm():
    inst = env.RoutingInstance(np.array([[1.0, 0.0]]), np.array([[[0.0, 1.0], [0.0, 0.0]]]), np.array([[0.0, 1.0]]))
    assert inst.feature_op_norm_max() == 1.0
    run = hpg.run_learner(hpg.HPG(2, 2, 1, 1.0), inst, 0)
    c = np.asarray(pol.reinforce_coefficients(run.pis[0], int(run.chosen[0]), float(inst.rewards[0, run.chosen[0]])))
    assert run.est_sq_norms[0] == pytest.approx(float(c @ c) * 1.0)        # ‖Ĝ‖_op² = ‖c‖²‖Ψ‖_op², ‖Ψ‖_op = 1


# -- the spectral Bregman divergence without cancellation ------------------------------------------
def test_bregman_divergence_is_accurate_when_x_and_y_agree_to_1e8():
    rng = np.random.default_rng(0)
    negative = 0
    for _ in range(50):
        Y = rng.standard_normal((2, 3))
        D = rng.standard_normal((2, 3)) * 1e-8 * np.linalg.norm(Y)
        v = hy.bregman_divergence(Y + D, Y, 0.5)
        negative += v < 0
        q = 0.5 * hy.hessian_quadratic_form(Y, D, 0.5)                     # second-order value, error O(‖D‖³)
        assert v == pytest.approx(q, rel=1e-5)
    assert negative == 0
    assert hy.bregman_divergence(np.eye(2), np.eye(2), 0.3) == 0.0


# -- the oracle's known problems ---------------------------------------------------------------------
def test_kt_scale_regret_bound_never_under_estimates_and_is_zero_at_T0():
    assert bd.kt_scale_regret_bound(0, 1.0, 1.0) == 0.0
    for T, u, eps in [(788, 0.001, 100.0), (400, 3.0, 20.0), (1030, 10.0, 1.0), (5000, 10.0, 1.0), (10**6, 1.0, 1.0)]:
        v = bd.kt_scale_regret_bound(T, u, eps)
        S = np.linspace(0, T, 20001)
        logs = np.array([math.log(eps) + bd.kt_log_potential(T, float(s)) for s in S])
        grid = max(u * s - math.exp(lv) for s, lv in zip(S, logs) if lv < 700)
        assert math.isfinite(v) and v >= eps + grid - 1e-9 * abs(v)


def test_range_on_the_ball_has_no_cancellation_for_tiny_tau():
    tau, beta = 1e-9, 1.0
    assert hy.hypentropy_range_on_nuclear_ball(tau, beta) == pytest.approx(tau ** 2 / (2 * beta), rel=1e-9)
    assert math.isfinite(hy.hypentropy_range_on_nuclear_ball(1e200, 1e-100))


# -- mutation survivors ------------------------------------------------------------------------------
def test_multi_vector_features_valid_path():
    V = np.array([[1.0, 0.0, 0.0], [0.0, 0.6, 0.8]])
    Psi = pol.multi_vector_features(V, [0.5, -1.0])
    assert np.allclose(Psi, 0.5 * np.outer(V[0], V[0]) - np.outer(V[1], V[1]), atol=0)


def test_operator_norm_is_the_largest_singular_value():
    X = np.diag([1.0, 3.0, 2.0])
    assert hy.operator_norm(X) == 3.0
    assert hy.nuclear_norm(X) == 6.0


def test_projection_optimality_residual_formula():
    """X* = 0 against X̃ = diag(2, 1): G = ∇φ(X̃), vi = τ·asinh(2/β) − 0; X* outside the ball: infeasibility."""
    beta, tau = 0.5, 0.7
    res = hy.projection_optimality_residual(np.zeros((2, 2)), np.diag([2.0, 1.0]), tau, beta)
    assert res == {"infeasibility": 0.0, "vi": pytest.approx(tau * math.asinh(2.0 / beta), rel=1e-14)}
    res = hy.projection_optimality_residual(np.diag([1.0, 0.5]), np.diag([1.0, 0.5]), tau, beta)
    assert res["infeasibility"] == pytest.approx(0.8) and res["vi"] == 0.0


def test_exact_gradient_coefficients_are_pi_times_r_minus_J():
    pi, r = [F(1, 4), F(3, 4)], [F(1, 5), F(3, 5)]
    J = F(1, 4) * F(1, 5) + F(3, 4) * F(3, 5)
    assert pol.exact_gradient_coefficients(pi, r) == [F(1, 4) * (F(1, 5) - J), F(3, 4) * (F(3, 5) - J)]
    assert sum(pol.exact_gradient_coefficients(pi, r)) == 0


def test_paper_a_default_initial_weight_is_one():      # survivor listed in issue 12 (paper A's def1_memory)
    assert ap.memory_from_history([0], F(1, 2), 2) == [F(5, 6), F(1, 6)]


def test_paper_a_in_ird_boundary_is_inclusive():        # survivor listed in issue 12: max τ = 1 exactly
    assert max(ap.menu_times([F(1, 2), F(1, 2)], [1, 1], 2)) == 1
    assert ap.in_ird([F(1, 2), F(1, 2)], [1, 1], 2)


# -- issue 15: the new learners and readings -----------------------------------------------------------
def test_adaptive_hpg_is_within_its_pathwise_bound_on_a_run():
    inst = env.planted_instance(60, 3, 2, 1, 0, query_kind="sphere")
    L = hpg.AdaptiveHPG(3, 2, 60, 1.0)
    run = hpg.run_learner(L, inst, 1)
    lhs = rg.estimated_linearized_regret_of_run(run, 1.0)
    assert lhs <= bd.adaptive_omd_pathwise_bound(run.est_sq_norms, d=3, tau=1.0, beta=L.beta)["total"]


def test_nuclear_euclidean_pg_stays_in_the_nuclear_ball():
    inst = env.planted_instance(30, 3, 2, 1, 0, query_kind="sphere")
    L = hpg.NuclearEuclideanPolicyGradient(3, 2, 30, 0.5, fro_max=inst.feature_fro_norm_max())
    hpg.run_learner(L, inst, 1)
    assert hy.nuclear_norm(L.theta) <= 0.5 * (1 + 1e-12)


def test_rank_readings_example_and_radii():
    Theta = np.hstack([np.diag([1.0, 0.0]), np.diag([0.0, 1.0])])      # d = M = 2, s = 1 per block
    assert rr.block_ranks(Theta, 2) == [1, 1] and rr.stacked_rank(Theta, 2) == 2
    assert hy.nuclear_norm(Theta) == pytest.approx(2.0)
    assert rr.stacked_radius(1, 1.0, 2) == pytest.approx(math.sqrt(2)) and math.sqrt(2) < 2.0
    assert rr.blocks_radius(1, 1.0, 2, 2) == pytest.approx(2.0)
    T = rr.planted_blocks_theta(8, 3, 2, 1.0, 0)
    assert hy.nuclear_norm(T) == pytest.approx(rr.blocks_radius(2, 1.0, 3, 8))       # tight when d ≥ sM
    assert all(r == 2 for r in rr.block_ranks(T, 8))


def test_public_names_are_exported():
    for name in ("AdaptiveHPG", "NuclearEuclideanPolicyGradient", "rank_readings"):
        assert name in er.__all__
