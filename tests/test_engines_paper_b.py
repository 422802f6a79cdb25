"""engines.paper_b: the efficient HPG and the lockstep routing loop, certified against the reference.

Claims, one test each: the closed-form dual shift equals the reference's bisection; Brand's update and the
re-factorisation return the thin SVD of the updated matrix; ``EfficientHPG`` passes the trajectory oracle's
``HPG`` entry for T = 2000 rounds at d ≤ 8 and T = 300 rounds at d = 64 (the full T = 2000 at d = 64 runs in
``benchmarks/bench_efficient_hpg.py``); every lockstep class passes its oracle entry with R = 3 replicates; every
replicate of ``lockstep_routing_run`` reproduces ``scalar_routing_run`` with its seed (identical experts, the rest
within the oracle's router tolerance); arguments are validated with qualified messages.
"""

import numpy as np
import pytest

from certificates.oracle import assert_trajectory_matches
from certificates.oracle import compare as cmp
from certificates.oracle.trajectories_b import ROUTER
from engines.paper_b import lockstep as ls
from engines.paper_b import spectral as sp
from engines.paper_b.efficient_hpg import EfficientHPG
from engines.paper_b.routing import (
    ROUTING_ALGORITHMS,
    RouterSpec,
    inverse_cdf_draws,
    lockstep_routing_run,
    scalar_routing_run,
)
from reference.embedding_routing import hpg
from reference.embedding_routing.environment import planted_instance
from reference.embedding_routing.hypentropy import bregman_project_dual, project_singular_values


def _orthonormal(rng, n, r):
    Q, _ = np.linalg.qr(rng.standard_normal((n, r)))
    return Q


# -- kernels -------------------------------------------------------------------------------------
def test_dual_shift_equals_reference_bisection():
    rng = np.random.default_rng(0)
    for _ in range(400):
        y = np.abs(rng.standard_normal(int(rng.integers(1, 20)))) * rng.choice([1e-3, 1.0, 5.0, 30.0])
        tau, beta = float(rng.uniform(0.05, 5)), float(rng.choice([1e-3, 0.1, 1.0]))
        nu = sp.dual_shift(y, tau, beta)
        ref = project_singular_values(beta * np.sinh(y), tau, beta)[1]
        assert abs(nu - ref) <= 1e-13 * max(1.0, ref)
        assert np.sum(beta * np.sinh(np.maximum(y - nu, 0))) <= tau or nu == 0.0


def test_dual_shift_closed_forms():
    # one active value: β sinh(y − ν) = τ  ⇔  ν = y − asinh(τ/β); inactive ball: ν = 0
    assert sp.dual_shift(np.array([3.0]), 0.5, 0.1) == pytest.approx(3.0 - np.arcsinh(5.0), abs=1e-14)
    assert sp.dual_shift(np.array([1e-3, 2e-3]), 10.0, 1.0) == 0.0


@pytest.mark.parametrize("k", [1, 3])
def test_brand_update_is_thin_svd_of_the_sum(k):
    rng = np.random.default_rng(k)
    p, q, r = 7, 20, 4
    U, V, y = _orthonormal(rng, p, r), _orthonormal(rng, q, r), np.sort(rng.uniform(0.1, 2, r))[::-1]
    A, B = rng.standard_normal((p, k)), rng.standard_normal((q, k))
    U2, y2, V2 = sp.brand_update(U, y, V, A, B)
    assert np.allclose((U2 * y2) @ V2.T, (U * y) @ V.T + A @ B.T, atol=1e-12)
    assert np.allclose(U2.T @ U2, np.eye(y2.size), atol=1e-12) and np.allclose(V2.T @ V2, np.eye(y2.size), atol=1e-12)
    assert np.allclose(y2, np.linalg.svd((U * y) @ V.T + A @ B.T, compute_uv=False)[:y2.size], atol=1e-12)


def test_brand_update_keeps_rank_when_update_lies_in_span():
    rng = np.random.default_rng(3)
    U, V = _orthonormal(rng, 5, 5), _orthonormal(rng, 9, 5)
    U2, y2, V2 = sp.brand_update(U, np.arange(5, 0, -1.0), V, rng.standard_normal((5, 1)), rng.standard_normal((9, 1)))
    assert y2.size <= 5 and U2.shape == (5, y2.size)


def test_refactor_keeps_the_matrix():
    rng = np.random.default_rng(4)
    U = _orthonormal(rng, 6, 3) + 1e-10 * rng.standard_normal((6, 3))    # slightly off orthonormal
    V, y = _orthonormal(rng, 12, 3), np.array([3.0, 2.0, 1.0])
    U2, y2, V2 = sp.refactor(U, y, V)
    assert np.allclose((U2 * y2) @ V2.T, (U * y) @ V.T, atol=1e-13)
    assert np.abs(U2.T @ U2 - np.eye(3)).max() < 1e-14


# -- the efficient HPG -----------------------------------------------------------------------------
def test_efficient_hpg_passes_oracle_over_2000_rounds():
    summary = assert_trajectory_matches("HPG", EfficientHPG, rounds=2000, max_size=8, instances=2, seed=1)
    assert summary["passed"] and {"theta after the update"} <= set(summary["compared"])


def test_efficient_hpg_passes_oracle_at_d64():
    summary = assert_trajectory_matches("HPG", EfficientHPG, rounds=300, max_size=64, instances=1, seed=2)
    assert summary["instances"][0]["size"] == 64


def test_efficient_hpg_rank_stays_in_query_subspace():
    inst = planted_instance(300, 24, 3, 3, 5, query_kind="subspace")
    learner = EfficientHPG(24, 3, 300, float(inst.info["tau"]))
    hpg.run_learner(learner, inst, 0)
    assert 1 <= learner.rank <= 3


def test_efficient_hpg_general_feature_path_on_rank_one_features():
    inst = planted_instance(200, 6, 3, 2, 8, query_kind="sphere")
    tau = float(inst.info["tau"])
    ref = hpg.run_learner(hpg.HPG(6, 3, 200, tau), inst, 4)
    slow = hpg.run_learner(EfficientHPG(6, 3, 200, tau, features="general", refactor_every=7), inst, 4)
    assert np.array_equal(ref.chosen, slow.chosen) and np.abs(ref.pis - slow.pis).max() < 1e-12


def test_efficient_hpg_general_step_equals_reference_step():
    rng = np.random.default_rng(6)
    ref, eff = hpg.HPG(5, 3, 100, 2.0, eta=0.7), EfficientHPG(5, 3, 100, 2.0, eta=0.7)
    for _ in range(5):
        G = rng.standard_normal((5, 15))
        ref.step(G)
        eff.step(G)
    assert np.allclose(ref.theta, eff.theta, atol=1e-12)
    theta, Y = bregman_project_dual(ref.Y, 2.0, ref.beta)
    assert np.allclose(eff.Y, Y, atol=1e-12)


def test_efficient_hpg_validation_messages():
    with pytest.raises(ValueError, match=r"^EfficientHPG: .*tau"):
        EfficientHPG(4, 2, 10, -1.0)
    with pytest.raises(ValueError, match=r"^EfficientHPG: refactor_every"):
        EfficientHPG(4, 2, 10, 1.0, refactor_every=0)
    with pytest.raises(ValueError, match=r"^EfficientHPG: features"):
        EfficientHPG(4, 2, 10, 1.0, features="fast")
    learner = EfficientHPG(3, 2, 10, 1.0)
    x = np.array([1.0, 0, 0])
    with pytest.raises(RuntimeError, match=r"^EfficientHPG.update: call distribution"):
        learner.update(0, x, np.outer(x, x), 0, 1.0)
    learner.distribution(0, x, np.outer(x, x))
    with pytest.raises(ValueError, match=r"^EfficientHPG.update: m must"):
        learner.update(0, x, np.outer(x, x), 2, 1.0)
    with pytest.raises(ValueError, match=r"^EfficientHPG.logits: x must have shape"):
        learner.distribution(0, x[:2], np.outer(x, x))


# -- the lockstep routing loop ------------------------------------------------------------------------
def _with_replicates(cls, R):
    def __init__(self, *args, **kwargs):
        cls.__init__(self, *args, replicates=R, **kwargs)
    return type(f"{cls.__name__}R{R}", (cls,), {"__init__": __init__})


@pytest.mark.parametrize("name, cls", [("HPG", ls.LockstepHPG), ("B.Exp3", ls.LockstepExp3),
                                       ("EuclideanPolicyGradient", ls.LockstepEuclideanPolicyGradient),
                                       ("LogLinearPolicyGradient", ls.LockstepLogLinearPolicyGradient),
                                       ("UniformRouter", ls.LockstepUniformRouter)])
def test_lockstep_class_passes_oracle(name, cls):
    assert assert_trajectory_matches(name, _with_replicates(cls, 3), max_size=12, instances=3)["passed"]


def _same(ref, cand, what):
    message = cmp.vectors(np.asarray(ref, dtype=float), np.asarray(cand, dtype=float), ROUTER, "value")
    assert message is None, f"{what}: {message}"


def _replicates_equal_scalar_runs(algorithm, inst, seeds):
    run = lockstep_routing_run(algorithm, inst, seeds)
    for r, seed in enumerate(seeds):
        ref, rep = scalar_routing_run(algorithm, inst, seed), run.replicate(r)
        assert np.array_equal(ref.chosen, rep.chosen)
        for field in ("pis", "expected", "grad_sum", "est_grad_sum", "est_sq_norms", "inner_sum", "est_inner_sum"):
            a, b = getattr(ref, field), getattr(rep, field)
            assert (a is None) == (b is None)
            if a is not None:
                _same(a, b, field)
    return run


@pytest.mark.parametrize("feature", ["rank_one", "multi_vector"])
@pytest.mark.parametrize("algorithm", ROUTING_ALGORITHMS)
def test_lockstep_replicates_reproduce_scalar_runs(algorithm, feature):
    inst = planted_instance(150, 6, 3, 2, 11, query_kind="sphere", feature_kind=feature)
    _replicates_equal_scalar_runs(algorithm, inst, [3, 0, 7, 1])


def test_lockstep_hpg_reproduces_scalar_runs_when_the_ball_is_active():
    inst = planted_instance(200, 6, 3, 2, 12, query_kind="subspace")
    run = _replicates_equal_scalar_runs(RouterSpec("hpg", {"eta": 1.0}), inst, [0, 5, 2])
    assert 0 < run.learner.projected_rounds < 3 * 200      # both routes ran


def test_rank_one_update_mass_bound_of_lockstep_hpg():
    # Σ sinh σ_i(Y + a bᵀ) ≤ Σ sinh σ_i(Y) + sinh(σ₁(Y) + ‖a‖‖b‖) − sinh σ₁(Y) (Ky Fan + Tomić–Weyl), tight cases too
    rng = np.random.default_rng(13)
    for _ in range(300):
        Y = rng.standard_normal((4, 8)) * rng.choice([0.01, 0.5, 2.0])
        a, b = rng.standard_normal(4), rng.standard_normal(8) * rng.choice([1e-3, 1.0])
        s, s_new = (np.linalg.svd(Z, compute_uv=False) for Z in (Y, Y + np.outer(a, b)))
        g = np.linalg.norm(a) * np.linalg.norm(b)
        assert np.sinh(s_new).sum() <= np.sinh(s).sum() + np.sinh(s[0] + g) - np.sinh(s[0]) + 1e-12


def test_lockstep_accepts_router_spec_with_parameters():
    inst = planted_instance(40, 4, 2, 1, 2)
    spec = RouterSpec("hpg", {"tau": 3.0, "eta": 0.5})
    run = lockstep_routing_run(spec, inst, [0, 1])
    assert np.array_equal(run.replicate(1).chosen, scalar_routing_run(spec, inst, 1).chosen)
    assert run.learner.eta == 0.5 and run.learner.tau == 3.0


def test_inverse_cdf_draws_equal_generator_choice():
    rng = np.random.default_rng(9)
    P = rng.dirichlet(np.ones(5), size=300)
    u = np.random.default_rng(12).random(300)
    twin = np.random.default_rng(12)
    assert np.array_equal(inverse_cdf_draws(P, u), [twin.choice(5, p=p) for p in P])


def test_routing_validation_messages():
    inst = planted_instance(10, 3, 2, 1, 0)
    with pytest.raises(ValueError, match=r"^lockstep_routing_run: algorithm must be one of"):
        lockstep_routing_run("dbg", inst, [0])
    with pytest.raises(ValueError, match=r"^lockstep_routing_run: seeds must"):
        lockstep_routing_run("hpg", inst, [])
    with pytest.raises(TypeError, match=r"^scalar_routing_run: instance must be a RoutingInstance"):
        scalar_routing_run("hpg", "instance", 0)
    with pytest.raises(ValueError, match=r"^LockstepHPG: replicates"):
        ls.LockstepHPG(3, 2, 10, 1.0, replicates=0)
    learner = ls.LockstepExp3(2, 10, replicates=2)
    learner.policies(0)
    with pytest.raises(ValueError, match=r"^LockstepExp3.update_batch: m must"):
        learner.update_batch(0, None, None, np.array([0, 5]), np.array([1.0, 1.0]))
