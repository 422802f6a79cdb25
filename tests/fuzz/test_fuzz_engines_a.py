"""Fuzzing the public functions of ``engines.paper_a`` and ``engines.scalar_run`` (issue 14).

Contract: on any input a public function either raises ``ValueError``/``TypeError`` whose message starts with its
qualified name, or returns an answer that an independent check verifies. ``FUZZED`` maps each public name to that
check.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import reference.adaptive_preferences as ap
from engines import scalar_run as sr
from engines.paper_a import (
    LockstepAgent,
    batch_scores,
    draw_rows,
    lockstep_run,
    lockstep_run_dbg,
    project_rows_onto_box_simplex,
    recommender_draws,
    row_sum_sequential,
)
from engines.paper_a import menu_dist_kernel as kernel

#: The packages whose ``__all__`` names this module covers (tests/fuzz/test_fuzz_coverage.py).
PACKAGES = ("engines.paper_a", "engines.scalar_run")

FUZZED: dict[str, str] = {
    "engines.scalar_run.InstanceA": "validated by check_instance (junk fuzzed through scalar_run / lockstep_run)",
    "engines.scalar_run.ScalarRun": "scalar_run's result: compared field by field with lockstep_run's replicate",
    "engines.scalar_run.PAPER_A_ALGORITHMS": "every name runs in scalar_run; the others go to paper B's engine",
    "engines.paper_a.LockstepRun": "lockstep_run's result: each replicate compared with its ScalarRun",
    "engines.paper_a.LOCKSTEP_ALGORITHMS": "every name fuzzed through lockstep_run against scalar_run",
    "engines.paper_a.LockstepDBG": "built by lockstep_run (checked against scalar_run); junk constructor arguments "
                                   "raise named errors",
    "engines.paper_a.LockstepExpPhi": "as LockstepDBG",
    "engines.paper_a.LockstepExp3Menus": "as LockstepDBG",
    "engines.paper_a.DBGLockstepRun": "lockstep_run_dbg's result: compared with run_dbg's DBGRun per replicate",
    "engines.paper_a.menu_dist_kernel.AVAILABLE": "numba import probe; both branches checked (the kernel, and the "
                                                  "reference menu_dist per replicate without it)",
    "engines.scalar_run.scalar_run": "replicate = lockstep_run's replicate (identical choices/menus; also the oracle "
                                     "check_lockstep_a in tests/test_engines_paper_a.py)",
    "engines.scalar_run.derive_generators": "numpy SeedSequence(seed).spawn(3) → default_rng, first doubles equal",
    "engines.scalar_run.instance_rewards": "shape (T, n), entries in [0, 1], same table from the same generator seed",
    "engines.scalar_run.check_instance": "returns the instance unchanged or raises a named error",
    "engines.paper_a.lockstep_run": "scalar_run(algorithm, instance, seed) per replicate (identical choices)",
    "engines.paper_a.lockstep_run_dbg": "reference run_dbg(DeferredBanditGradient(…), rewards, seed) per replicate "
                                        "(identical choices, x_t ≤ 1e-12)",
    "engines.paper_a.recommender_draws": "⌈T/window⌉ for exp_phi, T otherwise (one Generator.choice per draw)",
    "engines.paper_a.draw_rows": "numpy Generator.choice(m, p=row) fed the same double",
    "engines.paper_a.row_sum_sequential": "math.fsum per row within k·eps·Σ|a|",
    "engines.paper_a.project_rows_onto_box_simplex": "reference project_onto_box_simplex per row (≤ 1e-12)",
    "engines.paper_a.batch_scores": "model.scores(v) row by row (≤ 1e-12 relative)",
    "engines.paper_a.LockstepAgent": "MemoryTracker.remember per replicate, bit for bit",
    "engines.paper_a.menu_dist_kernel.menu_dist_rows": "reference menu_dist: same menus in the same order, weights "
                                                       "≤ 1e-12",
    "engines.paper_a.menu_dist_kernel.draw_box_menus": "sample_menu on the reference menu_dist with the same double",
}

NAMES = ("LockstepDBG", "LockstepExpPhi", "LockstepExp3Menus", "lockstep_run_dbg", "scalar_run", "derive_generators",
         "instance_rewards", "check_instance", "lockstep_run", "recommender_draws", "draw_rows", "row_sum_sequential",
         "project_rows_onto_box_simplex", "batch_scores", "LockstepAgent", "LockstepAgent.remember", "menu_dist_rows",
         "draw_box_menus")


def _named(exc: Exception) -> bool:
    return str(exc).startswith(tuple(f"{name}: " for name in NAMES)) or str(exc).startswith(
        ("iid_rewards: ", "Agent: ", "box_schedule: ", "menu_dist: ", "BoxSchedule: ", "project_onto_box_simplex: ",
         "DeferredBanditGradient", "ExpPhi: ", "Exp3", "run_interaction: ", "scalar_routing_run: ", "build_router: "))


junk = st.one_of(st.none(), st.integers(-3, 3), st.floats(allow_nan=True), st.text(max_size=3),
                 st.lists(st.floats(-2, 2), max_size=4), st.lists(st.lists(st.floats(-2, 2), min_size=2,
                                                                           max_size=2), max_size=3))


@st.composite
def instances(draw):
    n = draw(st.integers(2, 6))
    k = draw(st.integers(1, n))
    model = ap.random_scale_bounded_model(n, 1.0, 1.2, draw(st.integers(0, 50)), normalize=True)
    algorithm = draw(st.sampled_from(["exp_phi", "exp3_menus", "dbg"]))
    gamma = draw(st.sampled_from([0.2, 0.45, 0.7, 0.95]))
    params: dict = {}
    if algorithm == "exp_phi":
        params = {"window": draw(st.integers(1, 4))}
    elif algorithm == "dbg":
        k = 1 if not ap.setting.sec2_eird.box_applies(n, k, 1.0, 1.2) else k
        params = {"eta": draw(st.sampled_from([0.01, 0.2])), "m": draw(st.integers(1, 3)),
                  "upper": ap.box_schedule(n, k, 1.0, 1.2, floor=0.5 / n).upper if k > 1 else 1.0}
    rewards = draw(st.sampled_from(["uniform", "bernoulli", "drifting", "piecewise"]))
    return algorithm, sr.InstanceA(model, k, gamma, draw(st.integers(1, 12)), rewards, params)


@given(instances(), st.lists(st.integers(0, 2**32), min_size=1, max_size=3))
def test_lockstep_run_replicates_are_scalar_runs(case, seeds):
    algorithm, inst = case
    try:
        run = lockstep_run(algorithm, inst, seeds)
    except (ValueError, TypeError) as exc:
        assert _named(exc), exc
        with pytest.raises(type(exc)):
            sr.scalar_run(algorithm, inst, seeds[0])
        return
    for r, seed in enumerate(seeds):
        ref = sr.scalar_run(algorithm, inst, seed)
        assert np.array_equal(run.choices[r], ref.choices) and np.array_equal(run.menus[r], ref.menus)
        assert np.abs(run.iterates[r] - ref.iterates).max() <= 1e-8 * max(1.0, np.abs(ref.iterates).max())
    assert recommender_draws(algorithm, inst) == (-(-inst.T // inst.params["window"]) if algorithm == "exp_phi"
                                                  else inst.T)


@given(junk, junk, junk)
def test_scalar_run_and_lockstep_run_reject_junk(algorithm, instance, seed):
    for fn in (sr.scalar_run, lockstep_run):
        try:
            fn(algorithm, instance, seed)
        except (ValueError, TypeError) as exc:
            assert _named(exc), exc
        else:  # pragma: no cover - junk is never a valid instance
            raise AssertionError(f"{fn.__name__} accepted junk")


@given(junk)
def test_check_instance_and_seed_helpers_reject_junk(value):
    for call in (lambda: sr.check_instance("check_instance", value), lambda: sr.derive_generators(value),
                 lambda: sr.instance_rewards(value, np.random.default_rng(0))):
        try:
            out = call()
        except (ValueError, TypeError) as exc:
            assert _named(exc), exc
        else:
            assert isinstance(value, int) and value >= 0 and len(out) == 3  # derive_generators(valid seed)
            kids = np.random.SeedSequence(value).spawn(3)
            assert [g.random() for g in out] == [np.random.default_rng(c).random() for c in kids]


@given(st.integers(1, 5), st.integers(1, 6), st.integers(0, 2**32), st.booleans())
def test_draw_rows_is_generator_choice(R, m, seed, bad):
    rng = np.random.default_rng(seed)
    P = rng.dirichlet(np.ones(m), size=R)
    if bad:
        P[0, 0] += 0.5
    try:
        idx = draw_rows(P, np.random.default_rng(seed + 1).random(R))
    except ValueError as exc:
        assert bad and _named(exc), exc
        return
    chooser = np.random.default_rng(seed + 1)
    assert list(idx) == [chooser.choice(m, p=p) for p in P]


@given(st.integers(1, 4), st.integers(2, 30), st.integers(0, 2**32))
def test_projection_and_sums_agree_with_independent_routes(R, n, seed):
    rng = np.random.default_rng(seed)
    lo, up = rng.uniform(0, 1.2 / n), rng.uniform(0.8 / n, 1.0)
    Y = rng.normal(size=(R, n))
    assert np.allclose(row_sum_sequential(Y), [np.sum(y) for y in Y], rtol=0, atol=1e-12 * n)
    try:
        X = project_rows_onto_box_simplex(Y, lo, up)
    except ValueError as exc:
        assert _named(exc) and (n * lo > 1 or n * up < 1 or lo > up), exc
        return
    assert np.abs(X - np.array([ap.project_onto_box_simplex(y, lo, up) for y in Y])).max() <= 1e-12


@given(st.integers(1, 4), st.integers(2, 8), st.integers(0, 2**32))
def test_agent_scores_and_memory(R, n, seed):
    model = ap.random_scale_bounded_model(n, 1.0, 1.2, seed % 1000, normalize=True)
    rng = np.random.default_rng(seed)
    V = rng.dirichlet(np.ones(n), size=R)
    F = batch_scores(model, V)
    assert np.allclose(F, [model.scores(v) for v in V], rtol=1e-12, atol=0)
    agent, trackers = LockstepAgent(model, 0.6, R), [ap.MemoryTracker(n, 0.6) for _ in range(R)]
    for _ in range(20):
        chosen = rng.integers(0, n, size=R)
        agent.remember(chosen)
        for tr, c in zip(trackers, chosen):
            tr.remember(int(c))
    assert np.array_equal(agent.memory, [tr.memory for tr in trackers])


@given(st.integers(2, 9), st.data())
def test_menu_dist_kernel_is_the_reference(n, data):
    k = data.draw(st.integers(1, n))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32)))
    x = rng.dirichlet(np.full(n, data.draw(st.sampled_from([0.3, 1.0, 5.0]))))
    f = np.ones(n) if data.draw(st.booleans()) else rng.uniform(0.2, 1.0, size=n)
    try:
        ref = ap.menu_dist(x, f, k)
    except ValueError:
        with pytest.raises(ValueError, match="^menu_dist_rows: "):
            kernel.menu_dist_rows(x[None], f[None], k)
        return
    mine = kernel.menu_dist_rows(x[None], f[None], k)[0]
    assert [m for m, _ in mine] == [m for m, _ in ref]
    assert max(abs(a - b) for (_, a), (_, b) in zip(mine, ref)) <= 1e-12
    u = rng.random()
    menus, failed = kernel.draw_box_menus(x[None], f[None], k, np.array([u]))
    ordered = sorted(ref, key=lambda pair: tuple(pair[0]))  # sample_menu draws from the menus sorted
    cdf = np.cumsum(np.array([w for _, w in ordered]) / sum(w for _, w in ordered))
    assert not failed[0] and tuple(menus[0]) in [m for m, _ in ref]
    assert tuple(menus[0]) == ordered[min(int(np.searchsorted(cdf / cdf[-1], u, side="right")), len(ref) - 1)][0]


@given(st.integers(1, 6), st.integers(1, 3), st.integers(1, 30), st.floats(0, 0.4), st.sampled_from([0.01, 0.3, 2.0]),
       st.lists(st.integers(0, 2**32), min_size=1, max_size=3), st.integers(0, 2**32))
def test_lockstep_run_dbg_is_run_dbg(n, m, T, floor_share, eta, seeds, seed):
    table = np.random.default_rng(seed).random((T, n))
    lower = floor_share / n
    try:
        run = lockstep_run_dbg(n, eta, m, lower, table, seeds, record=True)
    except (ValueError, TypeError) as exc:
        assert _named(exc), exc
        return
    for r, s in enumerate(seeds):
        ref = ap.run_dbg(ap.DeferredBanditGradient(n, eta=eta, m=m, schedule=ap.BoxSchedule(n, lower, 1.0)), table,
                         seed=s, record=True)
        assert np.array_equal(run.chosen[r], ref.chosen)
        assert np.abs(run.played[r] - np.array(ref.played)).max() <= 1e-12


@given(junk, junk, junk, junk)
def test_lockstep_run_dbg_rejects_junk(n, m, lower, rewards):
    try:
        lockstep_run_dbg(n, 0.1, m, lower, rewards, [0])
    except (ValueError, TypeError) as exc:
        assert _named(exc), exc


@given(junk, junk, junk)
def test_lockstep_classes_reject_junk(instance, agent, U_rec):
    from engines.paper_a import LockstepDBG, LockstepExp3Menus, LockstepExpPhi

    for cls in (LockstepDBG, LockstepExpPhi, LockstepExp3Menus):
        try:
            cls(instance, agent, U_rec)
        except (ValueError, TypeError) as exc:
            assert _named(exc), exc
        else:  # pragma: no cover
            raise AssertionError(f"{cls.__name__} accepted junk")
