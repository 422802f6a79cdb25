"""Fuzz entries for the public names of ``engines.paper_b`` (issue 12's contract, applied to the engines).

Contract: each call either raises ``ValueError``/``TypeError`` whose message starts with the qualified name, or
returns an answer that an independent check verifies (``FUZZED`` names the check). Inputs: junk (None, str, bool,
NaN/±inf, negative, zero, huge, wrong shapes, Fractions) mixed with valid-but-extreme values.
"""

import math
from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from engines.paper_b import efficient_hpg as eh
from engines.paper_b import lockstep as ls
from engines.paper_b import routing as rt
from engines.paper_b import spectral as sp
from reference.embedding_routing import hpg
from reference.embedding_routing.environment import planted_instance
from reference.embedding_routing.hypentropy import project_singular_values

#: The packages whose ``__all__`` names this module covers (``tests/fuzz/test_fuzz_coverage.py``).
PACKAGES = ("engines.paper_b",)

#: public name → the independent check its valid answers pass.
FUZZED: dict[str, str] = {
    "FEATURE_MODES": "constant: each mode constructs EfficientHPG; any other value raises (efficient HPG fuzz)",
    "ROUTING_ALGORITHMS": "constant: each name runs in lockstep and scalar and they agree (routing fuzz)",
    "dual_shift": "the reference's bisection (project_singular_values) gives the same ν; Σσ(ν) ≤ τ",
    "brand_update": "U'diag(y')V'ᵀ equals the dense U diag(y) Vᵀ + A Bᵀ; U', V' orthonormal",
    "refactor": "the product is unchanged and the factors orthonormal",
    "check_dual_range": "through EfficientHPG / LockstepHPG: a raise exactly when asinh(τ/β) + 2η·max(ψ, 1) > 700",
    "DUAL_RANGE": "constant: the limit check_dual_range enforces (efficient HPG fuzz)",
    "EfficientHPG": "constructor: same η, β as HPG; one round: same policy and Θ as HPG",
    "LockstepHPG": "one round: every replicate's policy and Θ equal HPG's",
    "LockstepExp3": "one round: every replicate's policy and scores equal Exp3's",
    "LockstepEuclideanPolicyGradient": "one round: policy and Θ equal EuclideanPolicyGradient's",
    "LockstepLogLinearPolicyGradient": "one round: policy, W, b equal LogLinearPolicyGradient's",
    "LockstepUniformRouter": "the uniform policy for every replicate",
    "inverse_cdf_draws": "Generator.choice(M, p) with the same random() draw",
    "build_router": "the reference class's object (same type and parameters as a direct construction)",
    "build_lockstep": "the lockstep class with R replicates and the reference's parameters",
    "scalar_routing_run": "equals hpg.run_learner on the same learner and seed",
    "lockstep_routing_run": "replicate r equals scalar_routing_run with seeds[r] (identical experts)",
    "RouterSpec": "through lockstep_routing_run / scalar_routing_run: an unknown name raises",
    "LockstepRun": "replicate(r) validated; equals the scalar run (lockstep_routing_run entry)",
}

JUNK = st.sampled_from([None, "1", True, float("nan"), float("inf"), -1.0, 0.0, -1, 1e308, [], [[1.0]],
                        np.array([[np.nan]]), Fraction(1, 3), np.float32(2.0), 2 ** 70, -1e-300])


def _raises_named(fn, name, *args, **kwargs):
    try:
        return True, fn(*args, **kwargs)
    except (ValueError, TypeError) as exc:
        assert str(exc).startswith(f"{name}: "), f"{name}: unqualified message {exc!r}"
        return False, None


@given(y=st.one_of(JUNK, st.lists(st.floats(0, 50), min_size=1, max_size=8)),
       tau=st.one_of(JUNK, st.floats(1e-3, 1e3)), beta=st.one_of(JUNK, st.floats(1e-4, 10)))
def test_fuzz_dual_shift(y, tau, beta):
    arr = np.asarray(y, dtype=float) if isinstance(y, list) and y and not isinstance(y[0], list) else y
    ok, nu = _raises_named(sp.dual_shift, "dual_shift", arr, tau, beta)
    if ok:
        yv = np.asarray(arr, dtype=float)
        mass = float(np.sum(beta * np.sinh(np.maximum(yv - nu, 0.0))))
        assert nu >= 0 and (mass <= tau * (1 + 1e-12) or not np.isfinite(mass))
        if yv.size and np.all(np.isfinite(beta * np.sinh(yv))):  # the reference needs ≥ 1 value; ν(∅) = 0
            ref = project_singular_values(beta * np.sinh(yv), tau, beta)[1]
            assert abs(nu - ref) <= 1e-9 * max(1.0, ref)


@given(seed=st.integers(0, 2**32 - 1), r=st.integers(0, 4), k=st.integers(1, 3),
       junk=st.one_of(st.none(), JUNK), which=st.sampled_from(["U", "y", "V", "A", "B"]))
def test_fuzz_brand_update_and_refactor(seed, r, k, junk, which):
    rng = np.random.default_rng(seed)
    p, q = 5, 9
    args = {"U": np.linalg.qr(rng.standard_normal((p, r)))[0], "y": np.sort(rng.uniform(0, 3, r))[::-1],
            "V": np.linalg.qr(rng.standard_normal((q, r)))[0], "A": rng.standard_normal((p, k)),
            "B": rng.standard_normal((q, k))}
    if junk is not None:
        args[which] = junk
    ok, out = _raises_named(sp.brand_update, "brand_update", args["U"], args["y"], args["V"], args["A"], args["B"])
    if ok:
        U2, y2, V2 = out
        dense = (args["U"] * args["y"]) @ args["V"].T + np.asarray(args["A"]) @ np.asarray(args["B"]).T
        assert np.allclose((U2 * y2) @ V2.T, dense, atol=1e-10 * max(1.0, np.abs(dense).max()))
        assert np.allclose(U2.T @ U2, np.eye(y2.size), atol=1e-10)
        ok2, out2 = _raises_named(sp.refactor, "refactor", U2, y2, V2)
        assert ok2 and np.allclose((out2[0] * out2[1]) @ out2[2].T, dense, atol=1e-10 * max(1.0, np.abs(dense).max()))


@given(d=st.one_of(JUNK, st.integers(1, 6)), M=st.one_of(JUNK, st.integers(2, 4)),
       tau=st.one_of(JUNK, st.floats(0.1, 5)), eta=st.one_of(st.none(), JUNK, st.floats(1e-3, 10)),
       seed=st.integers(0, 1000))
def test_fuzz_efficient_hpg_and_lockstep_hpg(d, M, tau, eta, seed):
    features = eh.FEATURE_MODES[seed % 2] if seed % 3 else "fast"
    ok_f, _ = _raises_named(eh.EfficientHPG, "EfficientHPG", 2, 2, 20, 1.0, features=features)
    assert ok_f == (features in eh.FEATURE_MODES)
    ok, eff = _raises_named(eh.EfficientHPG, "EfficientHPG", d, M, 20, tau, eta=eta)
    ok2, lock = _raises_named(ls.LockstepHPG, "LockstepHPG", d, M, 20, tau, eta=eta, replicates=2)
    assert ok == ok2
    if ok:  # the engines refuse exactly the step sizes whose dual iterate could leave float64's sinh range
        assert math.asinh(eff.tau / eff.beta) + 2 * eff.eta <= sp.DUAL_RANGE
    if ok:
        ref = hpg.HPG(d, M, 20, tau, eta=eta)
        assert (eff.eta, eff.beta) == (ref.eta, ref.beta) == (lock.eta, lock.beta)
        x = np.random.default_rng(seed).standard_normal(d)
        x /= max(np.linalg.norm(x), 1e-12)
        for t in range(3):
            Psi = np.outer(x, x)
            p = ref.distribution(t, x, Psi)
            assert np.allclose(eff.distribution(t, x, Psi), p, atol=1e-12)
            assert np.allclose(lock.policies(t, x, Psi), p, atol=1e-12)
            ref.update(t, x, Psi, t % M, 0.7)
            eff.update(t, x, Psi, t % M, 0.7)
            lock.update_batch(t, x, Psi, np.full(2, t % M), np.full(2, 0.7))
            assert np.allclose(eff.theta, ref.theta, atol=1e-10) and np.allclose(lock.thetas[1], ref.theta, atol=1e-10)


@given(M=st.one_of(JUNK, st.integers(2, 5)), eta=st.one_of(st.none(), JUNK, st.floats(1e-3, 5)),
       R=st.one_of(JUNK, st.integers(1, 3)), d=st.integers(1, 4))
def test_fuzz_lockstep_baselines(M, eta, R, d):
    cases = [(ls.LockstepExp3, hpg.Exp3, (M, 30), {"eta": eta}, "scores"),
             (ls.LockstepEuclideanPolicyGradient, hpg.EuclideanPolicyGradient, (d, M, 30, 1.5), {"eta": eta}, "theta"),
             (ls.LockstepLogLinearPolicyGradient, hpg.LogLinearPolicyGradient, (d, M, 30, 1.5), {"eta": eta}, "W"),
             (ls.LockstepUniformRouter, hpg.UniformRouter, (M,), {}, None)]
    x = np.linspace(0.1, 0.5, d)
    for cls, ref_cls, args, kwargs, iterate in cases:
        ok, lock = _raises_named(cls, cls.__name__, *args, replicates=R, **kwargs)
        if not ok:
            continue
        ref = ref_cls(*args, **kwargs)
        P = lock.policies(0, x, np.outer(x, x))
        assert P.shape == (R, ref.M if hasattr(ref, "M") else M)
        assert np.allclose(P, ref.distribution(0, x, np.outer(x, x)), atol=1e-12)
        ref.update(0, x, np.outer(x, x), 1, 0.4)
        lock.update_batch(0, x, np.outer(x, x), np.ones(R, dtype=int), np.full(R, 0.4))
        if iterate:
            assert np.allclose(getattr(lock, iterate), getattr(ref, iterate), atol=1e-12)


@given(P=st.one_of(JUNK, st.lists(st.lists(st.floats(0, 10), min_size=3, max_size=3), min_size=1, max_size=4)),
       seed=st.integers(0, 2**32 - 1))
def test_fuzz_inverse_cdf_draws(P, seed):
    arr = np.asarray(P, dtype=float) if isinstance(P, list) and P and isinstance(P[0], list) else P
    n = np.asarray(arr).shape[0] if isinstance(arr, np.ndarray) and arr.ndim >= 1 else 1
    u = np.random.default_rng(seed).random(n)
    ok, m = _raises_named(rt.inverse_cdf_draws, "inverse_cdf_draws", arr, u)
    if ok:
        twin = np.random.default_rng(seed)
        assert list(m) == [int(twin.choice(row.size, p=row / row.sum())) for row in arr]


@given(alg=st.one_of(JUNK, st.sampled_from(rt.ROUTING_ALGORITHMS + ("dbg", "HPG"))),
       seeds=st.one_of(JUNK, st.lists(st.integers(0, 50), min_size=1, max_size=3)),
       r=st.one_of(JUNK, st.integers(0, 3)))
def test_fuzz_routing_runs(alg, seeds, r):
    inst = planted_instance(12, 3, 2, 1, 5)
    spec = rt.RouterSpec(alg) if isinstance(alg, str) else alg
    ok, run = _raises_named(rt.lockstep_routing_run, "lockstep_routing_run", spec, inst, seeds)
    ok_b, learner = _raises_named(rt.build_router, "build_router", spec, inst)
    ok_l, lock = _raises_named(rt.build_lockstep, "build_lockstep", spec, inst, 2)
    if not ok:
        return
    assert ok_b and ok_l and lock.R == 2
    assert type(learner).__name__ in {"HPG", "EfficientHPG", "Exp3", "EuclideanPolicyGradient",
                                      "LogLinearPolicyGradient", "UniformRouter"}
    ok_r, rep = _raises_named(run.replicate, "LockstepRun.replicate", r)
    if ok_r:
        ok_s, ref = _raises_named(rt.scalar_routing_run, "scalar_routing_run", spec, inst, run.seeds[r])
        assert ok_s and np.array_equal(ref.chosen, rep.chosen)
        assert np.allclose(ref.pis, rep.pis, atol=1e-10)
