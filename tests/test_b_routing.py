"""Paper B routing: policies and gradients, environment, HPG and baselines, regrets, the derived bound."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, note, settings
from hypothesis import strategies as st

import reference.embedding_routing as er
import reference.embedding_routing.bounds as bd
import reference.embedding_routing.environment as env
import reference.embedding_routing.hpg as hpg
import reference.embedding_routing.hypentropy as hy
import reference.embedding_routing.policies as pol
import reference.embedding_routing.regret as rg

SEEDS = st.integers(0, 2 ** 32 - 1)


# -- policies --------------------------------------------------------------------------------------

def test_softmax_is_stable_for_huge_logits():
    p = pol.softmax([1e4, 1e4 - 1.0, -1e4])
    assert np.all(np.isfinite(p)) and p.sum() == pytest.approx(1.0)
    assert p[0] == pytest.approx(1 / (1 + np.exp(-1.0)))


def test_log_quadratic_logits_are_block_inner_products():
    rng = np.random.default_rng(1)
    d, M = 3, 4
    Theta = rng.standard_normal((d, d * M))
    x = rng.standard_normal(d)
    Psi = pol.quadratic_features(x)
    z = pol.log_quadratic_logits(Theta, Psi)
    for m in range(M):
        assert z[m] == pytest.approx(x @ Theta[:, m * d:(m + 1) * d] @ x)


def test_gradient_from_coefficients_equals_kron_and_op_norm_factorises():
    rng = np.random.default_rng(2)
    c = rng.standard_normal(3)
    Psi = rng.standard_normal((4, 4))
    G = pol.gradient_from_coefficients(c, Psi)
    assert np.allclose(G, np.kron(c[None, :], Psi))
    assert np.linalg.norm(G, 2) == pytest.approx(np.linalg.norm(c) * np.linalg.norm(Psi, 2))


def test_batched_logits_and_row_softmax_match_the_one_round_functions():
    rng = np.random.default_rng(6)
    d, M, T = 3, 4, 7
    Theta = rng.standard_normal((d, d * M)) * 3
    F = env.make_features(env.make_queries("sphere", T, d, 0), "multi_vector", 1)
    Z = pol.log_quadratic_logits_batch(Theta, F)
    P = pol.softmax_rows(Z)
    for t in range(T):
        assert np.allclose(Z[t], pol.log_quadratic_logits(Theta, F[t]), rtol=1e-13, atol=1e-13)
        assert np.allclose(P[t], pol.log_quadratic_policy(Theta, F[t]), rtol=1e-13, atol=1e-15)


def test_reinforce_exact_expectation_in_fractions():
    pi = [Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)]
    r = [Fraction(1), Fraction(1, 4), Fraction(0)]
    mean = [sum(pi[m] * pol.reinforce_coefficients(pi, m, r[m])[j] for m in range(3)) for j in range(3)]
    assert mean == pol.exact_gradient_coefficients(pi, r)


def test_expected_second_moment_of_reinforce_is_at_most_one_minus_norm_squared():
    rng = np.random.default_rng(4)
    for _ in range(20):
        pi = rng.dirichlet(np.ones(5))
        second = sum(pi[m] * np.sum(pol.reinforce_coefficients(pi, m, 1.0) ** 2) for m in range(5))
        assert second == pytest.approx(1 - pi @ pi)
        assert second <= 1 - 1 / 5 + 1e-12


def test_best_response_and_class_values_on_a_tiny_table():
    R = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    assert rg.unconstrained_value(R) == 3.0
    assert rg.constant_class_value(R) == 2.0
    assert list(pol.best_response([0.2, 0.9, 0.9])) == [0.0, 1.0, 0.0]


@pytest.mark.parametrize("fn,args,match", [
    (pol.reinforce_coefficients, ([0.5, 0.5], 2, 1.0), "reinforce_coefficients: m must be an expert index in 0..1"),
    (pol.reinforce_coefficients, ([0.5, 0.6], 0, 1.0), "reinforce_coefficients: pi must be a probability vector"),
    (pol.reinforce_coefficients, ([0.5, 0.5], -1, 1.0), "reinforce_coefficients: m must be an integer >= 0"),
    (pol.log_quadratic_logits, (np.zeros((2, 5)), np.eye(2)),
     r"log_quadratic_logits: Theta must have shape \(d, d\*M\)"),
    (pol.log_quadratic_logits_batch, (np.zeros((2, 5)), np.zeros((3, 2, 2))),
     r"log_quadratic_logits_batch: Theta must have shape \(d, d\*M\) with d=2"),
    (pol.theta_blocks, (np.zeros((2, 4)), 2, 3), r"theta_blocks: Theta must have shape \(d, d\*M\) = \(2, 6\)"),
    (pol.multi_vector_features, (np.eye(3), [1.0, 1.0]), "multi_vector_features: vectors must be a"),
])
def test_policy_messages(fn, args, match):
    with pytest.raises(ValueError, match=match):
        fn(*args)


# -- environment -----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", env.QUERY_KINDS)
def test_queries_have_norm_at_most_one(kind):
    basis = np.linalg.qr(np.random.default_rng(0).standard_normal((6, 2)))[0]
    X = env.make_queries(kind, 50, 6, 0, basis=basis)
    assert X.shape == (50, 6) and np.all(np.linalg.norm(X, axis=1) <= 1 + 1e-12)


def test_multi_vector_features_are_full_rank_with_op_norm_at_most_one():
    X = env.make_queries("sphere", 5, 8, 1)
    F = env.make_features(X, "multi_vector", 2)
    for P in F:
        ev = np.linalg.eigvalsh(P)
        assert np.abs(ev).max() <= 1 + 1e-12 and np.linalg.matrix_rank(P) == 8


@given(SEEDS, st.integers(2, 6), st.integers(2, 4), st.integers(1, 3))
@settings(max_examples=25)
def test_planted_theta_lies_in_the_nuclear_ball_of_radius_s_b_sqrt_m(seed, d, M, s):
    s = min(s, d)
    Theta, P = env.planted_theta(d, M, s, 0.7, seed)
    assert np.linalg.matrix_rank(Theta, tol=1e-9) <= s
    blocks = pol.theta_blocks(Theta, d, M)
    assert max(np.linalg.norm(b, 2) for b in blocks) <= 0.7 + 1e-12
    assert hy.nuclear_norm(Theta) <= s * 0.7 * np.sqrt(M) + 1e-9


def test_instances_have_rewards_in_unit_interval():
    for inst in [env.planted_instance(40, 4, 3, 2, 0, feature_kind="multi_vector", reward_noise=0.1),
                 env.low_rank_expert_instance(40, 4, 3, 2, 1),
                 env.never_repeating_instance(40, 4, 3, 2)]:
        assert inst.rewards.min() >= 0 and inst.rewards.max() <= 1
        assert inst.feature_op_norm_max() <= 1 + 1e-12


def test_planted_best_response_is_argmax_of_planted_logits():
    inst = env.planted_instance(60, 4, 3, 2, 5, query_kind="sphere")
    z = np.array([pol.log_quadratic_logits(inst.planted, P) for P in inst.features])
    assert np.array_equal(np.argmax(z, axis=1), np.argmax(inst.rewards, axis=1))


def test_low_rank_expert_answers_with_its_top_item():
    ex = env.LowRankExpert(A=np.array([[1.0, 0.0]]), E=np.array([[1.0], [-2.0], [0.5]]))
    assert ex.answer([1.0, 0.0]) == 0 and ex.answer([-1.0, 0.0]) == 1


@pytest.mark.parametrize("call,match", [
    (lambda: env.make_queries("spiral", 3, 2, 0), "make_queries: kind must be one of"),
    (lambda: env.make_queries("sphere", 0, 2, 0), "make_queries: T must be an integer >= 1; got 0"),
    (lambda: env.make_queries("sphere", 3, True, 0), "make_queries: d must be an integer >= 1; got True"),
    (lambda: env.planted_theta(2, 2, 1, 0.0, 0),
     r"planted_theta: B must be a finite real number > 0 \(the operator-norm bound of each block\); got 0.0"),
    (lambda: env.make_features(np.eye(2), "multi_vector", 0, noise_weight=1.5),
     r"make_features: noise_weight must be a finite real number in \[0, 1\]; got 1.5"),
    (lambda: env.make_queries("subspace", 3, 2, 0), "make_queries: kind='subspace' needs basis"),
    (lambda: env.planted_theta(2, 2, 3, 1.0, 0), "planted_theta: s must be at most d=2"),
    (lambda: env.make_features(np.eye(2), "cubic"), "make_features: kind must be one of"),
])
def test_environment_messages(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# -- learners --------------------------------------------------------------------------------------

def test_hpg_iterates_stay_in_the_nuclear_ball_and_policies_are_distributions():
    inst = env.planted_instance(80, 4, 3, 2, 0, feature_kind="multi_vector")
    L = hpg.HPG(4, 3, 80, 1.0, eta=2.0)                        # a large step, to hit the boundary
    for t in range(80):
        pi = L.distribution(t, inst.queries[t], inst.features[t])
        assert pi.sum() == pytest.approx(1.0)
        L.update(t, inst.queries[t], inst.features[t], int(np.argmax(pi)), float(inst.rewards[t, int(np.argmax(pi))]))
        assert hy.nuclear_norm(L.theta) <= 1.0 * (1 + 1e-12)


def test_hpg_with_one_round_is_uniform_and_regret_is_computable():
    inst = env.planted_instance(1, 3, 2, 1, 0)
    run = hpg.run_learner(hpg.HPG(3, 2, 1, 1.0), inst, 0)
    assert np.allclose(run.pis[0], [0.5, 0.5])
    assert rg.linearized_regret_of_run(run, 1.0) >= -1e-12


def test_hpg_learns_on_a_constant_context_instance():
    inst = env.planted_instance(400, 3, 2, 1, 0, B=1.0, query_kind="subspace")
    tau = np.sqrt(2)
    run = hpg.run_learner(hpg.HPG(3, 2, 400, tau), inst, 1)
    best = int(np.argmax(inst.rewards[0]))
    assert run.pis[-50:, best].mean() > run.pis[:50, best].mean() + 0.1


@pytest.mark.parametrize("make", [
    lambda d, M, T: hpg.ParameterFreeHPG(d, M, T),
    lambda d, M, T: hpg.EuclideanPolicyGradient(d, M, T, 1.0),
    lambda d, M, T: hpg.Exp3(M, T),
    lambda d, M, T: hpg.LogLinearPolicyGradient(d, M, T, 1.0),
    lambda d, M, T: hpg.TabularExp3(M, T),
    lambda d, M, T: hpg.UniformRouter(M),
])
def test_every_learner_plays_probability_vectors(make):
    inst = env.planted_instance(60, 3, 3, 2, 4, query_kind="clustered")
    run = hpg.run_learner(make(3, 3, 60), inst, 2)
    assert np.all(run.pis >= 0) and np.allclose(run.pis.sum(axis=1), 1.0)
    assert 0 <= run.total_expected_reward <= 60


def test_parameter_free_hpg_scale_regret_decomposition_holds_pathwise():
    # Σ⟨Ĝ, U − zW⟩ = g_max(‖U‖ Σg − Σ g z) + ‖U‖ Σ⟨Ĝ, V − W⟩: an identity, checked on a run
    inst = env.planted_instance(100, 3, 2, 1, 7, query_kind="subspace")
    L = hpg.ParameterFreeHPG(3, 2, 100)
    rng = np.random.default_rng(0)
    V = inst.planted / hy.nuclear_norm(inst.planted)
    u = 0.8
    lhs = scale = direction = 0.0
    for t in range(100):
        pi = L.distribution(t, inst.queries[t], inst.features[t])
        m = int(rng.choice(2, p=pi))
        G = pol.reinforce_gradient(pi, inst.features[t], m, inst.rewards[t, m])
        W = L.direction.theta.copy()
        g = float(np.sum(G * W)) / L.g_max
        lhs += float(np.sum(G * (u * V - L.theta)))
        scale += L.g_max * (u * g - g * L.z)
        direction += u * float(np.sum(G * (V - W)))
        L.update(t, inst.queries[t], inst.features[t], m, inst.rewards[t, m])
    assert lhs == pytest.approx(scale + direction, abs=1e-9)


# -- regrets and bounds ----------------------------------------------------------------------------

def test_linearized_regret_closed_form_matches_cvxpy():
    rng = np.random.default_rng(0)
    G = rng.standard_normal((3, 6))
    closed = rg.linearized_regret(G, 0.4, 2.0)
    assert closed == pytest.approx(rg.linearized_regret_cvxpy(G, 0.4, 2.0), rel=1e-5, abs=1e-5)


def test_euclidean_nuclear_projection_is_feasible_and_idempotent():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((3, 5)) * 4
    P = rg.project_nuclear_ball_euclidean(X, 2.0)
    assert hy.nuclear_norm(P) == pytest.approx(2.0)
    assert np.allclose(rg.project_nuclear_ball_euclidean(P, 2.0), P)


def test_best_fixed_policy_beats_zero_and_actual_regret_is_reported():
    inst = env.planted_instance(60, 3, 2, 2, 3, query_kind="subspace")
    tau = 2 * np.sqrt(2)
    best, U = rg.best_fixed_log_quadratic(inst, tau, 0, iterations=50)
    assert best >= rg.total_expected_reward(np.zeros((3, 6)), inst) - 1e-9
    assert hy.nuclear_norm(U) <= tau * (1 + 1e-9)
    run = hpg.run_learner(hpg.HPG(3, 2, 60, tau), inst, 0)
    assert np.isfinite(rg.actual_policy_regret(run, inst, tau, 0, iterations=20))


def test_tuned_step_minimises_range_plus_stability_symbolically():
    R, c, eta = sp.symbols("R c eta", positive=True)
    f = R / eta + c * eta
    crit = sp.solve(sp.diff(f, eta), eta)
    assert crit == [sp.sqrt(R / c)]
    assert sp.simplify(f.subs(eta, crit[0]) - 2 * sp.sqrt(R * c)) == 0


@given(st.integers(1, 5000), st.integers(2, 16), st.integers(1, 128), st.integers(1, 8), st.floats(0.1, 3.0))
def test_tuned_bound_is_below_the_headline_instantiation(T, M, d, s, B):
    tau = s * B * np.sqrt(M)
    p = bd.hpg_tuned_parameters(T=T, M=M, d=d, tau=tau)
    total = bd.hpg_linearized_regret_bound(T=T, M=M, d=d, tau=tau, beta=p["beta"], eta=p["eta"])["total"]
    head = bd.hpg_headline_bound(T=T, M=M, d=d, s=s, B=B)
    note(f"tuned={total}, headline={head}")
    assert total <= head * (1 + 1e-12)
    terms = bd.hpg_linearized_regret_bound(T=T, M=M, d=d, tau=tau, beta=p["beta"], eta=p["eta"])
    assert terms["range_term"] == pytest.approx(terms["stability_term"])      # balanced at the optimum


@pytest.mark.parametrize("call,match", [
    (lambda: bd.hpg_tuned_parameters(T=10, M=1, d=3, tau=1.0),
     "hpg_tuned_parameters: M must be an integer >= 2; got 1"),
    (lambda: bd.hpg_tuned_parameters(T=0, M=2, d=3, tau=1.0),
     "hpg_tuned_parameters: T must be an integer >= 1; got 0"),
    (lambda: hpg.HPG(3, 2, 10, 0.0), r"HPG: tau must be a finite real number > 0 \(the nuclear-ball radius\)"),
    (lambda: hpg.HPG(3, 1, 10, 1.0), "HPG: M must be an integer >= 2; got 1"),
    (lambda: hpg.HPG(3, 2, 10, 1.0, eta=-1.0), "HPG: eta must be a finite real number > 0"),
    (lambda: hpg.ParameterFreeHPG(3, 2, 10, epsilon=0.0), "ParameterFreeHPG: epsilon must be a finite real number > 0"),
    (lambda: hpg.EuclideanPolicyGradient(3, 2, 10, 1.0, fro_max=0.0),
     "EuclideanPolicyGradient: fro_max must be a finite real number > 0"),
])
def test_learner_and_tuning_messages(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_update_before_distribution_says_what_is_missing():
    with pytest.raises(RuntimeError, match=r"HPG.update: call distribution\(t, x, Psi\) first"):
        hpg.HPG(2, 2, 10, 1.0).update(0, np.ones(2), np.eye(2), 0, 1.0)


def test_regret_of_a_run_without_gradients_says_so():
    inst = env.planted_instance(5, 2, 2, 1, 0)
    run = hpg.run_learner(hpg.UniformRouter(2), inst, 0)
    with pytest.raises(ValueError, match="linearized_regret_of_run: run must come from a log-quadratic learner"):
        rg.linearized_regret_of_run(run, 1.0)


def test_intractability_value_is_exact_for_the_uniform_router():
    inst = env.never_repeating_instance(90, 3, 3, 0)
    run = hpg.run_learner(hpg.UniformRouter(3), inst, 0)
    assert rg.unconstrained_value(inst.rewards) - run.total_expected_reward == pytest.approx(
        rg.unconstrained_regret_lower_bound(90, 3))


def test_package_exports():
    assert er.HPG is hpg.HPG and er.linearized_regret is rg.linearized_regret
    assert callable(er.bregman_project_nuclear_ball)
    assert er.spectral_hypentropy is hy.spectral_hypentropy and er.hypentropy is hy     # the module, not shadowed
    for name in er.__all__:
        assert hasattr(er, name), name


def test_kt_potential_is_exact_for_unit_coins_and_scale_bound_increases_with_u():
    L = hpg.ParameterFreeHPG(1, 2, 30)
    coins = np.random.default_rng(5).choice([-1.0, 1.0], size=30)
    for c in coins:
        L.settle_coin(c, L.bet())
    assert np.log(L.wealth) == pytest.approx(np.log(L.epsilon) + bd.kt_log_potential(30, float(coins.sum())), abs=1e-10)
    ks = [bd.kt_scale_regret_bound(100, u, 1.0) for u in (0.0, 0.5, 1.0, 2.0, 4.0)]
    assert ks[0] == pytest.approx(1.0 - 1.0 * np.exp(bd.kt_log_potential(100, 0.0)) + 0.0, abs=1.0)
    assert all(a <= b + 1e-12 for a, b in zip(ks, ks[1:]))
    assert ks[-1] <= 4.0 * np.sqrt(100 * 4 * np.log(1 + 24 * 100 ** 2 * 16)) + 1.0     # O(u√(T log(uT)))


def test_feature_norms_of_an_instance():
    inst = env.planted_instance(20, 5, 2, 2, 3, feature_kind="multi_vector")
    assert inst.feature_op_norm_max() == pytest.approx(max(np.linalg.norm(P, 2) for P in inst.features))
    assert inst.feature_fro_norm_max() == pytest.approx(max(np.linalg.norm(P) for P in inst.features))


def test_euclidean_nuclear_projection_of_a_huge_matrix_keeps_the_top_direction():
    X = np.zeros((2, 3))
    X[0, 0], X[1, 1] = 1e20, 3.0
    P = rg.project_nuclear_ball_euclidean(X, 1.0)
    assert P[0, 0] == pytest.approx(1.0) and hy.nuclear_norm(P) == pytest.approx(1.0)
