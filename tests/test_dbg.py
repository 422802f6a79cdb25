"""Deferred Bandit Gradient: the deferral rule, the estimator, the bound's algebra (sympy), errors."""

import math

import numpy as np
import pytest
import sympy as sp

import reference.adaptive_preferences.long_memory.lemma3_contracting_ogd as ogd
import reference.adaptive_preferences.long_memory.thm1_dbg as dbg


def test_deferred_window():
    assert dbg.deferred_window(5, 3) == range(2, 5)  # s = t−m..t−1
    assert dbg.deferred_window(1, 3) == range(0, 1)  # clipped at round 0
    assert dbg.deferred_window(0, 3) == range(0, 0)  # g_0 = 0
    assert dbg.deferred_window(5, 1, lag=0) == range(5, 6)  # OGD without deferral: g_t = r̂_t


@pytest.mark.parametrize("T,m", [(10, 1), (10, 4), (10, 10), (3, 5)])
def test_omitted_weights_sum(T, m):
    w = dbg.omitted_weights(T, m)
    expected = (m + 1) / 2 if T >= m else sum(1 - min(m, T - 1 - s) / m for s in range(T))
    assert math.isclose(w.sum(), expected)
    assert np.all((0 <= w) & (w <= 1))


def test_max_inverse_sum_is_attained_at_a_vertex_and_dominates_random_points():
    rng = np.random.default_rng(0)
    for n, xi in [(2, 0.1), (5, 0.05), (4, 0.25)]:
        S = dbg.max_inverse_sum(n, xi)
        v = np.full(n, xi)
        v[0] = 1 - (n - 1) * xi
        assert math.isclose(S, float(np.sum(1 / v)))
        for _ in range(200):
            x = xi + (1 - n * xi) * rng.dirichlet(np.ones(n))
            assert np.sum(1 / x) <= S + 1e-9


def test_bound_terms_named_and_summed():
    b = dbg.dbg_regret_bound(5, 1000, 4, 0.01, 0.02, 1.0, 0.05, contraction_total=0.1)
    assert math.isclose(b.total, sum(b.terms.values()))
    assert math.isclose(b.terms["perturbation bias delta T/(2 xi)"], 0.02 * 1000 / 0.1)
    b0 = dbg.dbg_regret_bound(5, 1000, 1, 0.01, 0.0, 1.0, 0.05)
    assert b0.terms["perturbation bias delta T/(2 xi)"] == 0
    assert b0.terms["further lag eta T (m-1)/2 sqrt((1+beta)S) G"] == 0
    assert math.isclose(b0.G2, dbg.max_inverse_sum(5, 0.05))  # m = 1: G² = S
    # monotone in δ
    assert dbg.dbg_regret_bound(5, 1000, 4, 0.01, 0.05, 1.0, 0.05).total > b.total


def test_calibrated_eta_minimises_the_eta_part_sympy():
    eta, D, T, C = sp.symbols("eta D T C", positive=True)
    f = D**2 / (2 * eta) + eta * T * C
    star = sp.solve(sp.diff(f, eta), eta)[0]
    assert sp.simplify(star - D / sp.sqrt(2 * T * C)) == 0
    assert sp.simplify(f.subs(eta, star) - D * sp.sqrt(2 * T * C)) == 0
    e = dbg.dbg_calibrated_eta(5, 1000, 3, 0.01, 1.2, 0.05)
    tot = lambda x: dbg.dbg_regret_bound(5, 1000, 3, x, 0.01, 1.2, 0.05).total  # noqa: E731
    assert tot(e) <= tot(1.05 * e) and tot(e) <= tot(e / 1.05)


def test_bound_is_order_sqrt_T_for_delta_zero():
    def best(T):
        e = dbg.dbg_calibrated_eta(4, T, 2, 0.0, 1.0, 0.1)
        return dbg.dbg_regret_bound(4, T, 2, e, 0.0, 1.0, 0.1).total
    ratio = best(10**6) / best(10**4)
    assert 9.5 < ratio < 10.5  # √100 = 10, up to the constant (m+1)/2


def test_estimator_conditional_mean_is_r_times_xtilde_over_x():
    # fixed x (η tiny), fixed perturbation: mean of g over rounds ≈ r ⊙ x̃ ⊘ x
    n, T = 3, 5000
    x = np.array([0.5, 0.3, 0.2])
    xt = np.array([0.45, 0.35, 0.2])
    r = np.array([0.9, 0.5, 0.2])
    learner = dbg.DeferredBanditGradient(n, eta=1e-12, m=1, schedule=ogd.FloorSchedule(n, [0.1]), x1=x, lag=0)
    dbg.run_dbg(learner, np.tile(r, (T, 1)), seed=1, perturbation=lambda t, a, b, c: a + (xt - x), delta=0.1 + 1e-9)
    se = np.sqrt(r**2 * xt / x**2 / T)  # sd of r_i 1[i_t = i]/x_i, over √T
    assert np.all(np.abs(learner.estimate_sum / T - r * xt / x) <= 4 * se)


def test_iterates_stay_in_the_decision_sets_and_replay():
    n, T = 4, 300
    sched = ogd.FloorSchedule(n, list(np.linspace(0.05, 0.15, T)))
    rewards = np.random.default_rng(0).random((T, n))

    def run(seed):
        learner = dbg.DeferredBanditGradient(n, eta=0.05, m=3, schedule=sched)
        xs = []
        out = dbg.run_dbg(learner, rewards, seed=seed, perturbation=dbg.RandomPerturbation(0.05), delta=0.05,
                          record=True)
        for t, x in enumerate(out.played):
            xs.append(x)
            assert sched.contains(t, x) < 1e-12
        return out.expected_reward

    assert run(3) == run(3)


def test_bandit_ogd_uses_the_current_estimate():
    learner = dbg.DeferredBanditGradient(2, eta=0.1, m=1, schedule=ogd.FloorSchedule(2, [0.1]), lag=0, record=True)
    learner.update(0, 0, 1.0)
    assert math.isclose(learner.sq_norms[0], (1 / 0.5) ** 2)


def test_dbg_errors():
    sched = ogd.FloorSchedule(3, [0.1])
    with pytest.raises(ValueError, match="DeferredBanditGradient: m must be an integer >= 1"):
        dbg.DeferredBanditGradient(3, eta=0.1, m=0, schedule=sched)
    with pytest.raises(ValueError, match="DeferredBanditGradient: eta must be a finite real number > 0"):
        dbg.DeferredBanditGradient(3, eta=-1, m=1, schedule=sched)
    with pytest.raises(ValueError, match="the schedule is for n=3 items, not n=4"):
        dbg.DeferredBanditGradient(4, eta=0.1, m=1, schedule=sched)
    learner = dbg.DeferredBanditGradient(3, eta=0.1, m=2, schedule=sched)
    with pytest.raises(ValueError, match="rounds must be played in order; expected round 0, got 1"):
        learner.update(1, 0, 0.5)
    with pytest.raises(ValueError, match=r"DeferredBanditGradient.update: reward must be a finite real number in \[0"):
        learner.update(0, 0, 1.5)
    with pytest.raises(ValueError, match=r"chosen must be an item index in 0..2"):
        learner.update(0, 3, 0.5)
    with pytest.raises(ValueError, match=r"dbg_regret_bound: delta must be in \[0, 2\*xi\)"):
        dbg.dbg_regret_bound(3, 10, 1, 0.1, 0.3, 1.0, 0.1)
    with pytest.raises(ValueError, match="max_inverse_sum: xi must be in"):
        dbg.max_inverse_sum(3, 0.5)
    with pytest.raises(ValueError, match="run_dbg: the perturbation at round 0 is not admissible"):
        dbg.run_dbg(dbg.DeferredBanditGradient(3, eta=0.1, m=1, schedule=sched), np.ones((2, 3)), seed=0,
                    perturbation=dbg.RandomPerturbation(0.2), delta=0.1)


def test_schedule_given_as_projection_functions():
    import reference.adaptive_preferences.setting.projections as proj

    n, T = 3, 50
    rewards = np.random.default_rng(2).random((T, n))
    a = dbg.DeferredBanditGradient(n, eta=0.1, m=2, schedule=ogd.FloorSchedule(n, [0.1]))
    b = dbg.DeferredBanditGradient(n, eta=0.1, m=2,
                                   schedule=lambda t: (lambda y: proj.project_onto_smoothed_simplex(y, 0.3)))
    c = dbg.DeferredBanditGradient(n, eta=0.1, m=2, schedule=[lambda y: proj.project_onto_smoothed_simplex(y, 0.3)])
    ra, rb, rc = (dbg.run_dbg(learner, rewards, seed=5).expected_reward for learner in (a, b, c))
    assert math.isclose(ra, rb, rel_tol=1e-12) and math.isclose(ra, rc, rel_tol=1e-12)
