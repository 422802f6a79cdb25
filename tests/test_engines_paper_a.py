"""The lockstep engine of paper A (issue 14), certified by the trajectory oracle against ``scalar_run``.

Every covered algorithm: replicate r of ``lockstep_run(algorithm, instance, seeds)`` reproduces
``scalar_run(algorithm, instance, seeds[r])`` — identical menus, choices and rewards, memories and iterates within
the oracle's ``LOCKSTEP`` tolerance (``certificates.oracle.trajectories_a.check_lockstep_a``).
"""

from __future__ import annotations

import numpy as np
import pytest

import reference.adaptive_preferences as ap
from certificates.oracle.trajectories_a import check_lockstep_a
from engines.paper_a import (
    LockstepAgent,
    draw_rows,
    lockstep_run,
    lockstep_run_dbg,
    project_rows_onto_box_simplex,
)
from engines.paper_a import menu_dist_kernel as kernel
from engines.scalar_run import InstanceA, derive_generators, scalar_run


def _model(n: int, seed: int = 3):
    return ap.random_scale_bounded_model(n, 1.0, 1.2, seed, normalize=True)


def _dbg_instance(n: int, k: int, T: int, **extra) -> InstanceA:
    upper = ap.box_schedule(n, k, 1.0, 1.2, floor=0.5 / n).upper
    return InstanceA(_model(n), k, 0.9, T, "uniform", {"eta": 0.05, "upper": upper, **extra})


# ------------------------------------------------------------------------------------------------
# the draw and the memory primitives
# ------------------------------------------------------------------------------------------------
def test_draw_rows_is_generator_choice_given_its_double():
    rng = np.random.default_rng(1)
    P = rng.dirichlet(np.full(5, 0.5), size=20_000)
    P[:100, 0] = 0.0
    P[:100] /= P[:100].sum(axis=1, keepdims=True)
    chooser = np.random.default_rng(7)
    expected = np.array([chooser.choice(5, p=p) for p in P])
    assert np.array_equal(draw_rows(P, np.random.default_rng(7).random(len(P))), expected)


def test_doubles_drawn_in_advance_are_the_sequential_ones():
    a, b = np.random.default_rng(11), np.random.default_rng(11)
    assert np.array_equal(a.random(1000), np.array([b.random() for _ in range(1000)]))
    c, d = np.random.default_rng(5), np.random.default_rng(5)
    for _ in range(7):
        c.choice(1, p=[1.0])  # a one-item menu still consumes one double
    assert c.random() == d.random(8)[-1]


def test_lockstep_agent_memory_is_the_memory_tracker_bit_for_bit():
    model = _model(6)
    agent = LockstepAgent(model, 0.8, 3)
    trackers = [ap.MemoryTracker(6, 0.8) for _ in range(3)]
    rng = np.random.default_rng(0)
    for _ in range(200):
        chosen = rng.integers(0, 6, size=3)
        agent.remember(chosen)
        for tr, c in zip(trackers, chosen):
            tr.remember(int(c))
    assert np.array_equal(agent.memory, np.array([tr.memory for tr in trackers]))


@pytest.mark.parametrize("n", [2, 3, 10, 70])
def test_box_projection_rows_agree_with_the_reference(n):
    rng = np.random.default_rng(n)
    for _ in range(30):
        lo, up = rng.uniform(0, 1 / n), (rng.uniform(1 / n, 1) if rng.random() < 0.7 else 1.0)
        Y = rng.normal(size=(6, n)) * rng.choice([0.01, 0.3, 3.0]) + 1 / n
        X = project_rows_onto_box_simplex(Y, lo, up)
        ref = np.array([ap.project_onto_box_simplex(y, lo, up) for y in Y])
        assert np.abs(X - ref).max() <= 1e-13


# ------------------------------------------------------------------------------------------------
# MenuDist for all replicates (the numba kernel, or its plain-Python form without numba)
# ------------------------------------------------------------------------------------------------
def _box_points(rng, n: int, k: int, count: int):
    cap = 1.0 / k  # IRD at constant scores; at other scores a point may leave IRD (the tests skip or expect an error)
    model = ap.random_scale_bounded_model(n, 1.0, 1.2, int(rng.integers(100)), normalize=True)
    for j in range(count):
        x = ap.project_onto_box_simplex(rng.dirichlet(np.full(n, rng.choice([0.3, 3.0]))), 0.5 / n * (j % 2), cap)
        yield x, (np.ones(n) if j % 3 == 0 else model.scores(rng.dirichlet(np.ones(n))))


@pytest.mark.parametrize(("n", "k"), [(2, 1), (3, 2), (5, 2), (10, 2), (10, 3), (24, 4)])
def test_menu_dist_kernel_lists_the_reference_menus_in_its_order(n, k):
    rng = np.random.default_rng(100 * n + k)
    for x, f in _box_points(rng, n, k, 12):
        if ap.ird_margin(x, f, k) < 0:
            with pytest.raises(ValueError, match="^menu_dist_rows: row 0 of P is not in IRD"):
                kernel.menu_dist_rows(x[None], f[None], k)
            continue
        ref = ap.menu_dist(x, f, k)
        mine = kernel.menu_dist_rows(x[None], f[None], k)[0]
        assert [m for m, _ in mine] == [m for m, _ in ref]
        assert max(abs(a - b) for (_, a), (_, b) in zip(mine, ref)) <= 1e-12


def test_menu_dist_kernel_draw_is_sample_menu():
    rng = np.random.default_rng(9)
    X, F = map(np.array, zip(*[(x, f) for x, f in _box_points(rng, 10, 2, 60) if ap.ird_margin(x, f, 2) >= 0]))
    U = np.random.default_rng(3).random(len(X))
    menus, failed = kernel.draw_box_menus(X, F, 2, U)
    draws = np.random.default_rng(3)  # one generator, one double per draw, as the engine's U
    expected = [ap.sample_menu(ap.menu_dist(x, f, 2), draws) for x, f in zip(X, F)]
    assert not failed.any() and [tuple(m) for m in menus] == expected


def test_dbg_without_the_kernel_calls_the_reference_menu_dist(monkeypatch):
    monkeypatch.setattr(kernel, "AVAILABLE", False)
    summary = check_lockstep_a("dbg", _dbg_instance(6, 2, 60), range(3))
    assert summary["identical"] == 3


# ------------------------------------------------------------------------------------------------
# the oracle on every covered algorithm
# ------------------------------------------------------------------------------------------------
CASES = {
    "exp_phi recency (γ < 1/2)": ("exp_phi", InstanceA(_model(10), 2, 0.3, 300, "uniform", {"window": 3})),
    "exp_phi lowest memory (γ ≥ 1/2), k = 3": ("exp_phi", InstanceA(_model(7), 3, 0.7, 300, "bernoulli",
                                                                    {"window": 2})),
    "exp_phi n = 2, k = 1": ("exp_phi", InstanceA(_model(2), 1, 0.45, 200, "drifting", {"window": 1, "eta": 0.3})),
    "exp3_menus all menus": ("exp3_menus", InstanceA(_model(6), 2, 0.9, 300, "piecewise", {})),
    "exp3_menus given menus": ("exp3_menus", InstanceA(_model(5), 3, 0.6, 200, "uniform",
                                                       {"menus": [(0, 1, 2), (2, 3, 4), (4, 0, 1)], "eta": 0.2})),
    "dbg true scores, m = 1": ("dbg", _dbg_instance(10, 2, 300)),
    "dbg true scores, m = 3, k = 3": ("dbg", _dbg_instance(8, 3, 200, m=3)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_lockstep_replicates_are_their_scalar_runs(case):
    algorithm, instance = CASES[case]
    summary = check_lockstep_a(algorithm, instance, range(8))
    assert summary["identical"] == summary["total"] == 8
    assert summary["max_memory_error"] <= 1e-12


@pytest.mark.parametrize(("lower", "upper", "m"), [(0.03, 1.0, 1), ("contracting", 1.0, 2), (0.05, 0.3, 3)])
def test_lockstep_dbg_learner_replicates_are_run_dbg(lower, upper, m):
    n, T = 10, 300
    table = ap.iid_rewards(T, n, 4, kind="uniform")
    lower = list(np.linspace(0.01, 0.05, T)) if lower == "contracting" else lower
    schedule = ap.FloorSchedule(n, lower) if isinstance(lower, list) else ap.BoxSchedule(n, lower, upper)
    run = lockstep_run_dbg(n, 0.05, m, lower, table, range(6), upper=upper, record=True)
    for s in range(6):
        ref = ap.run_dbg(ap.DeferredBanditGradient(n, eta=0.05, m=m, schedule=schedule), table, seed=s, record=True)
        assert np.array_equal(run.chosen[s], ref.chosen)
        assert np.abs(run.played[s] - np.array(ref.played)).max() <= 1e-12
        assert run.realised_reward[s] == ref.realised_reward
        assert abs(run.expected_reward[s] - ref.expected_reward) <= 1e-10


def test_record_false_keeps_only_the_totals():
    algorithm, instance = CASES["exp_phi recency (γ < 1/2)"]
    full, bare = lockstep_run(algorithm, instance, range(4)), lockstep_run(algorithm, instance, range(4), record=False)
    assert bare.choices is None and bare.iterates is None
    assert np.allclose(bare.total_reward, full.total_reward, rtol=1e-12, atol=0)


def test_check_lockstep_a_reports_a_wrong_engine():
    algorithm, instance = CASES["exp3_menus all menus"]

    def broken(alg, inst, seeds):
        run = lockstep_run(alg, inst, seeds)
        run.choices[1, 17] = (run.choices[1, 17] + 1) % inst.n
        return run

    with pytest.raises(AssertionError, match=r"replicate 1 \(seed 1\).*round 17"):
        check_lockstep_a(algorithm, instance, range(3), engine=broken)


def test_check_lockstep_a_reports_a_wrong_shape():
    algorithm, instance = CASES["exp3_menus all menus"]

    def short(alg, inst, seeds):
        run = lockstep_run(alg, inst, seeds)
        run.iterates = run.iterates[:, :-1]
        return run

    with pytest.raises(AssertionError, match=r"replicate 0 \(seed 0\).*in its shape: log_w"):
        check_lockstep_a(algorithm, instance, range(2), engine=short)


def test_dbg_with_tied_scores_replicates_are_their_scalar_runs():
    """The finding "Lockstep engine (issue 14): MenuDist's menu list is not continuous in p": with the assumed
    scores ≡ 1, MenuDist's *list* (menus and their order) differs between x_t and a 1-ulp perturbation of it, so a
    draw that indexes the list by position diverged (50/64 replicates identical before). ``sample_menu`` now draws
    over the pairs sorted by menu, and the engine's kernel sorts the same way: every replicate is its scalar run
    (64/64 measured over 300 rounds; 8 here)."""
    instance = _dbg_instance(10, 2, 300, m=3, assumed="ones")
    summary = check_lockstep_a("dbg", instance, range(8))
    assert summary["identical"] == summary["total"] == 8
    assert summary["max_memory_error"] <= 1e-12


def test_sample_menu_does_not_depend_on_the_listing_order():
    mu = [((2, 3), 0.25), ((0, 1), 0.5), ((1, 2), 0.25)]
    for u in range(20):
        drawn = {ap.sample_menu(order, np.random.default_rng(u)) for order in (mu, mu[::-1], mu[1:] + mu[:1])}
        assert len(drawn) == 1


def test_seed_derivation_is_spawn_of_one_seed_sequence():
    agent_rng, rec_rng, rewards_rng = derive_generators(4)
    kids = np.random.SeedSequence(4).spawn(3)
    assert [g.random() for g in (agent_rng, rec_rng, rewards_rng)] == \
        [np.random.default_rng(k).random() for k in kids]
    a, b = scalar_run("exp3_menus", CASES["exp3_menus all menus"][1], 4), \
        scalar_run("exp3_menus", CASES["exp3_menus all menus"][1], 4)
    assert np.array_equal(a.choices, b.choices) and np.array_equal(a.reward_table, b.reward_table)


# ------------------------------------------------------------------------------------------------
# validation
# ------------------------------------------------------------------------------------------------
def test_paper_b_names_go_to_the_routing_engine():
    from engines.paper_b.routing import scalar_routing_run
    from reference.embedding_routing.environment import planted_instance

    inst = planted_instance(20, 4, 2, 1, 0)
    a, b = scalar_run("hpg", inst, 3), scalar_routing_run("hpg", inst, 3)
    assert type(a) is type(b) and np.array_equal(a.chosen, b.chosen)
    assert a.total_expected_reward == b.total_expected_reward


def test_errors_name_the_function_and_the_argument():
    inst = CASES["exp3_menus all menus"][1]
    with pytest.raises(ValueError, match=r"^lockstep_run: algorithm must be one of"):
        lockstep_run("algorithm9", inst, [0])
    with pytest.raises(ValueError, match=r"^lockstep_run: seeds must be"):
        lockstep_run("exp3_menus", inst, [-1])
    with pytest.raises(TypeError, match=r"^scalar_run: instance must be an InstanceA"):
        scalar_run("dbg", {"n": 3}, 0)
    with pytest.raises(ValueError, match=r"^scalar_run: seed must be"):
        scalar_run("dbg", inst, 1.5)
    with pytest.raises(ValueError, match=r"^scalar_run: instance.params must set 'eta'"):
        scalar_run("dbg", InstanceA(_model(4), 2, 0.9, 10), 0)
    with pytest.raises(ValueError, match=r"^draw_rows: every row of p"):
        draw_rows([[0.5, 0.6]], [0.1])
    with pytest.raises(ValueError, match=r"^lockstep_run_dbg: lower must be"):
        lockstep_run_dbg(4, 0.1, 1, [0.2, 0.1], np.zeros((3, 4)), [0])
    with pytest.raises(ValueError, match=r"^lockstep_run_dbg: rewards must be"):
        lockstep_run_dbg(4, 0.1, 1, 0.1, np.zeros((3, 5)), [0])
    with pytest.raises(ValueError, match=r"^project_rows_onto_box_simplex: the box"):
        project_rows_onto_box_simplex(np.zeros((1, 3)), 0.5, 1.0)
