"""Algorithm 3 (recon): Lemmas 6–8 exactly, burn-in, the optimization stage's invariants, the bound."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, note, target
from hypothesis import strategies as st

import reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd as sba
from reference.adaptive_preferences.realizability.sec2_choice import all_menus, mixture_choice_distribution
from reference.adaptive_preferences.setting.def2_def3_models import random_scale_bounded_model
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction

import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
F = Fraction


@st.composite
def lemma6_instances(draw, cover=False):
    """(n, k, μ, f̂, f): a random menu distribution with Fraction weights and positive rational scores."""
    n = draw(st.integers(2, 6))
    k = draw(st.integers(1, n))
    menus = all_menus(n, k)
    idx = draw(st.lists(st.integers(0, len(menus) - 1), min_size=1, max_size=5, unique=True))
    if cover:  # make every item appear (p > 0)
        for i in range(n):
            if not any(i in menus[j] for j in idx):
                idx.append(next(j for j, m in enumerate(menus) if i in m))
    raw = draw(st.lists(st.integers(1, 9), min_size=len(idx), max_size=len(idx)))
    mu = [(menus[j], F(w, sum(raw))) for j, w in zip(idx, raw)]
    pos = st.builds(F, st.integers(1, 30), st.integers(1, 30))
    fh = draw(st.lists(pos, min_size=n, max_size=n))
    f = draw(st.lists(pos, min_size=n, max_size=n))
    return n, k, mu, fh, f


# ------------------------------------------------------------------------------------------------
# Lemma 6
# ------------------------------------------------------------------------------------------------
@given(inst=lemma6_instances())
@example(inst=(2, 1, [((0,), F(1, 2)), ((1,), F(1, 2))], [F(1), F(1)], [F(1), F(5)]))  # k = 1: q = p
def test_lemma6_factorisation_and_ratio_interval_exact(inst):
    n, k, mu, fh, f = inst
    p = mixture_choice_distribution(mu, fh, k)
    q = sba.lemma6_expected_choice(mu, f)
    r, kappa = sba.lemma6_factors(mu, fh, f)
    lo, hi = sba.lemma6_ratio_interval(fh, f)
    for i in range(n):
        if p[i] > 0:
            assert q[i] == p[i] * r[i] * kappa[i]
            assert lo <= q[i] / p[i] <= hi
    l1 = sum(abs(a - b) for a, b in zip(q, p))
    bound = sba.lemma6_l1_bound(fh, f)
    note(f"l1={l1} bound={bound}")
    if bound > 0:
        target(float(l1 / bound))
    assert l1 <= bound


def test_lemma6_k_equals_one_gives_q_equal_p_and_kappa_inverse_r():
    mu = [((0,), F(1, 3)), ((1,), F(2, 3))]
    fh, f = [F(1), F(2)], [F(3), F(1)]
    assert sba.lemma6_expected_choice(mu, f) == [F(1, 3), F(2, 3)]
    r, kappa = sba.lemma6_factors(mu, fh, f)
    assert kappa == [1 / r[0], 1 / r[1]]


def test_lemma6_l1_bound_value_on_a_single_menu():
    fh = [F(1), F(1)]
    f = [F(3), F(1)]  # ρ = 3; p = (1/2, 1/2), q = (3/4, 1/4)
    mu = [((0, 1), F(1))]
    q = sba.lemma6_expected_choice(mu, f)
    p = mixture_choice_distribution(mu, fh, 2)
    assert sba.lemma6_l1_bound(fh, f) == F(1)
    assert sum(abs(a - b) for a, b in zip(q, p)) == F(1, 2)


def test_lemma6_common_scale_changes_nothing():
    mu = [((0, 1), F(1, 2)), ((1, 2), F(1, 2))]
    fh = [F(1), F(2), F(3)]
    f = [3 * x for x in fh]
    assert sba.lemma6_expected_choice(mu, f) == mixture_choice_distribution(mu, fh, 2)
    assert sba.lemma6_ratio_interval(fh, f) == (1, 1)


def test_lemma6_float_mode_matches_exact():
    mu = [((0, 1), F(1, 4)), ((0, 2), F(3, 4))]
    f = [F(1), F(2), F(5)]
    exact = sba.lemma6_expected_choice(mu, f)
    flt = sba.lemma6_expected_choice([(m, float(w)) for m, w in mu], [float(x) for x in f])
    assert np.allclose(flt, [float(x) for x in exact], atol=1e-15)


def test_lemma6_rejects_bad_input():
    with pytest.raises(ValueError, match="lemma6_expected_choice: menu_distribution must be a non-empty list"):
        sba.lemma6_expected_choice([], [1, 2])
    with pytest.raises(ValueError, match="lemma6_factors: true_scores"):
        sba.lemma6_factors([((0,), F(1))], [1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="weights must sum to 1"):
        sba.lemma6_expected_choice([((0,), F(1, 2))], [1, 2])


# ------------------------------------------------------------------------------------------------
# Lemma 7
# ------------------------------------------------------------------------------------------------
@given(inst=lemma6_instances(cover=True))
def test_lemma7_expectation_closed_form_equals_f_times_kappa(inst):
    n, k, mu, fh, f = inst
    p = mixture_choice_distribution(mu, fh, k)
    e = sba.lemma7_expected_estimate(mu, p, fh, f)
    _, kappa = sba.lemma6_factors(mu, fh, f)
    assert e == [f[i] * kappa[i] for i in range(n)]
    # and by enumerating the estimator itself
    enum = [F(0)] * n
    for menu, w in mu:
        tot = sum(f[j] for j in menu)
        for j in menu:
            x = sba.lemma7_estimate(j, p, fh)
            enum = [a + w * f[j] / tot * b for a, b in zip(enum, x)]
    assert enum == e
    assert max(max(sba.lemma7_estimate(j, p, fh)) for j in range(n)) <= sba.lemma7_range_bound(p, fh)


@given(inst=lemma6_instances())
def test_lemma7_trial_estimator_exactly_unbiased_up_to_trial_normaliser(inst):
    n, k, mu, fh, f = inst
    for menu, _ in mu:
        e, Z = sba.lemma7_trial_expectation(menu, fh, f)
        for i in menu:
            assert e[i] == f[i] / Z


def test_lemma7_mixture_estimator_is_biased_in_general_finding():
    """The seed's 'common normaliser' fails for mixtures: k = 1, two menus, f ≠ f̂ (recorded finding)."""
    mu = [((0,), F(1, 2)), ((1,), F(1, 2))]
    fh, f = [F(1), F(1)], [F(1), F(3)]
    p = mixture_choice_distribution(mu, fh, 1)
    e = sba.lemma7_expected_estimate(mu, p, fh, f)
    assert e[0] / f[0] != e[1] / f[1]


def test_lemma7_rejects_bad_input():
    with pytest.raises(ValueError, match="lemma7_estimate: p must give every item positive probability"):
        sba.lemma7_estimate(0, [F(1), F(0)], [1, 1])
    with pytest.raises(ValueError, match="lemma7_estimate: chosen must be an item index"):
        sba.lemma7_estimate(5, [F(1, 2), F(1, 2)], [1, 1])
    with pytest.raises(ValueError, match="lemma7_trial_estimate: chosen=2 is not on the menu"):
        sba.lemma7_trial_estimate((0, 1), 2, [1, 1, 1])


# ------------------------------------------------------------------------------------------------
# Lemma 8
# ------------------------------------------------------------------------------------------------
@given(inst=lemma6_instances(cover=True), eps_num=st.integers(0, 60), signs=st.lists(st.integers(-1, 1), min_size=6,
                                                                                       max_size=6))
def test_lemma8_targeting_error_le_2eps(inst, eps_num, signs):
    n, k, mu0, _, f = inst
    eps = F(eps_num, 100)
    fh = [fi * (1 + s * eps) for fi, s in zip(f, signs)]
    assert sba.multiplicative_accuracy(fh, f) <= eps
    p = mixture_choice_distribution(mu0, fh, k)
    mu = md.menu_dist(p, fh, k)
    q = sba.lemma6_expected_choice(mu, f)
    l1 = sum(abs(a - b) for a, b in zip(q, p))
    bound = sba.lemma8_targeting_error_bound(eps)
    if bound > 0:
        target(float(l1 / bound))
    assert l1 <= bound


def test_lemma8_bound_values_and_errors():
    assert sba.lemma8_targeting_error_bound(F(0)) == 0
    assert sba.lemma8_targeting_error_bound(F(1, 3)) == F(2, 3)
    with pytest.raises(ValueError, match="lemma8_targeting_error_bound: eps must be a number in \\[0, 1\\)"):
        sba.lemma8_targeting_error_bound(1)


def test_lemma7_update_fixed_point_is_proportional_scores():
    f = np.array([0.3, 0.7, 1.0, 0.5])
    p = np.full(4, 0.25)
    mu = md.menu_dist(p, 2 * f, 2)
    q = np.asarray(sba.lemma6_expected_choice(mu, f))
    new = sba.lemma7_update(2 * f, p, q * 1e6, 10**6)
    assert np.allclose(new, f / f.max(), atol=1e-9)


# ------------------------------------------------------------------------------------------------
# burn-in
# ------------------------------------------------------------------------------------------------
def test_lowest_k_menu_breaks_ties_by_index():
    assert sba.lowest_k_menu([0.25, 0.25, 0.25, 0.25], 2) == (0, 1)
    assert sba.lowest_k_menu([0.4, 0.1, 0.3, 0.2], 2) == (1, 3)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_burn_in_max_memory_invariant_holds_and_reaches_uniform(k):
    n, gamma, lam, c = 6, 0.98, 0.1, 1.2
    model = random_scale_bounded_model(n, lam, c, 3)
    agent = Agent(model, gamma, seed=4)
    b = sba.BurnIn(n, k, gamma, eps=0.2, saturate_rounds=100)
    for t in range(3000):
        menu = b.propose(t)
        b.observe(t, menu, agent.choose(menu), 0.0)
        assert np.allclose(b.memory, agent.memory, atol=1e-12)  # tracking is exact (same v_1, W_0)
        if b.done:
            break
    assert b.invariant_slack >= 0
    assert b.done, f"k={k}: not near-uniform after 3000 rounds"


def test_burn_in_k1_is_deterministic_round_robin():
    b = sba.BurnIn(3, 1, 0.9, eps=0.05, saturate_rounds=0)
    menus = [b.propose(t) for t in range(1)]
    assert menus == [(0,)]


def test_burn_in_rejects_bad_parameters():
    with pytest.raises(ValueError, match="BurnIn: gamma must be a number in \\(0, 1\\)"):
        sba.BurnIn(3, 1, 1.0, eps=0.1, saturate_rounds=0)
    with pytest.raises(ValueError, match="BurnIn: saturate_rounds must be a non-negative integer"):
        sba.BurnIn(3, 1, 0.9, eps=0.1, saturate_rounds=-1)


# ------------------------------------------------------------------------------------------------
# optimization stage
# ------------------------------------------------------------------------------------------------
def test_theorem3_parameters_memory_schedule():
    pr = sba.theorem3_parameters(10_000, 0.5, 5, 2, 0.3)
    assert math.isclose(pr["gamma"], 1 - 10_000 ** -0.5)
    assert pr["batch"] == 100 and pr["learn_rounds"] == 200 and pr["eta"] > 0


def test_algorithm3_run_keeps_hard_invariants_and_bound_dominates_regret():
    n, k, lam, c, phi, T = 4, 2, 0.05, 1.2, 0.3, 2500
    model = random_scale_bounded_model(n, lam, c, 11)
    pr = sba.theorem3_parameters(T, 0.5, n, k, phi)
    rng = np.random.default_rng(0)
    rewards = (rng.uniform(size=(T, n)) < np.array([0.2, 0.8, 0.4, 0.3])).astype(float)
    alg = sba.ScaleBoundedOGD(n, k, pr["gamma"], phi=phi, horizon=T, lam=lam, c=c, seed=1, batch=pr["batch"],
                              learn_rounds=pr["learn_rounds"], eta=pr["eta"], monitor=model)
    tr = run_interaction(alg, Agent(model, pr["gamma"], seed=2), rewards, k)
    for name in ("gradient", "step_start", "choice"):
        assert alg.invariants[name]["violations"] == 0, name
    assert alg.invariants["choice"]["checks"] > 0
    assert all(x.min() >= phi / n - 1e-12 for x in alg.iterates)
    L = alg.ledger
    bound = sba.theorem3_regret_bound(T=T, n=n, phi=phi, batch=pr["batch"], eta=pr["eta"],
                                      steps_rounds=L["step_rounds_completed"], grad_sq_sum=L["grad_sq_sum"],
                                      bias=L["bias"], targeting=L["targeting"], movement=L["movement"])
    assert math.isclose(bound["total"], sum(v for key, v in bound.items() if key != "total"))
    R = tr.reward_sum
    regret = (1 - phi) * R.max() + phi * R.mean() - tr.total_reward
    assert regret <= bound["total"]  # one run; the certificate does the Monte Carlo version


def test_scale_bounded_ogd_rejects_bad_parameters():
    with pytest.raises(ValueError, match="ScaleBoundedOGD: phi must be a number in \\(0, 1\\]"):
        sba.ScaleBoundedOGD(3, 2, 0.9, phi=0, horizon=10, lam=0.1, c=1.2, seed=0, batch=2, learn_rounds=2, eta=0.1)
    with pytest.raises(ValueError, match="ScaleBoundedOGD: batch must be a positive integer"):
        sba.ScaleBoundedOGD(3, 2, 0.9, phi=0.3, horizon=10, lam=0.1, c=1.2, seed=0, batch=0, learn_rounds=2, eta=0.1)


def test_initial_assumed_scores_pessimistic_optimistic():
    v = np.array([0.5, 0.3, 0.2, 0.0])
    f = sba.initial_assumed_scores(v, 0.1, 2.0)
    assert np.allclose(f, [1.2, 0.8, 0.15, 0.05])


# ------------------------------------------------------------------------------------------------
# Theorem 3 a-priori bound (ours)
# ------------------------------------------------------------------------------------------------
def test_theorem3_optimal_c_is_one_half_with_exponent_three_quarters():
    import sympy as sp

    c_star, e_star = sba.theorem3_optimal_c()
    assert c_star == sp.Rational(1, 2) and e_star == sp.Rational(3, 4)
    assert sba.theorem3_apriori_exponent(sp.Rational(1, 10)) > e_star
    assert sba.theorem3_apriori_exponent(1) == 1


def test_theorem3_apriori_bound_terms_and_validation():
    parts = ("burn", "learning", "last_step", "ogd", "bias", "targeting", "movement")
    A = sba.theorem3_apriori_bound(10**6, 0.5, 5, 2, 0.3, schedule="fixed")
    assert math.isclose(A["total"], sum(A[p] for p in parts))
    assert A["movement"] == 0 and A["rho_bar"] > 1 and len(A["assumptions"]) == 3
    A = sba.theorem3_apriori_bound(10**6, 0.5, 5, 2, 0.3)  # default: noise-scaled schedule, derived ρ̄
    assert math.isclose(A["total"], sum(A[p] for p in parts + ("failure",)))
    assert A["learn_capped"] and math.isclose(A["log_rho_learn"], 4 * math.log(1.3))  # vacuous at 1e6
    B = sba.theorem3_apriori_bound(1e20, 0.5, 5, 2, 0.3)
    assert not B["learn_capped"] and B["rho_bar"] < 1.1
    assert sba.theorem3_apriori_bound(1e20, 0.5, 5, 2, 0.3, factor_lipschitz=0.5)["rho_bar"] > B["rho_bar"]
    with pytest.raises(ValueError, match="relearn_drift must exceed"):
        sba.theorem3_apriori_bound(1000, 0.5, 5, 2, 0.3, schedule="fixed", close=0.2, relearn_drift=0.3)
    with pytest.raises(ValueError, match="schedule must be"):
        sba.theorem3_apriori_bound(1000, 0.5, 5, 2, 0.3, schedule="other")
    with pytest.raises(ValueError, match="c_exp must be"):
        sba.theorem3_apriori_bound(1000, 0.0, 5, 2, 0.3)


def test_theorem3_apriori_bound_exponent_tracks_e_of_c():
    Ts = [1e18, 1e20, 1e22]
    for c in (0.4, 0.5, 0.6):
        slope = np.polyfit(np.log(Ts), np.log([sba.theorem3_apriori_bound(T, c, 5, 2, 0.3)["total"] for T in Ts]), 1)[0]
        assert abs(slope - float(sba.theorem3_apriori_exponent(c))) < 0.06


def test_theorem3_optimal_c_moving_factors_is_one_third_with_exponent_five_sixths():
    import sympy as sp

    c_star, e_star, a_star = sba.theorem3_optimal_c_moving_factors()
    c = sp.Symbol("c", positive=True)
    assert c_star == sp.Rational(1, 3) and e_star == sp.Rational(5, 6)
    assert sp.simplify(a_star - (1 - c) / 4) == 0
    assert sba.theorem3_apriori_exponent_moving_factors(sp.Rational(1, 10)) > e_star
    assert sba.theorem3_apriori_exponent_moving_factors(sp.Rational(1, 2)) == sp.Rational(7, 8)
    assert sba.theorem3_apriori_exponent_moving_factors(1) == 1


@pytest.mark.parametrize("c_exp", [0.1, 1 / 3, 0.5, 0.9])
@pytest.mark.parametrize("T", [3000, 1e6, 1e20, 1e40])
def test_moving_schedule_drift_shrinks_and_stays_above_two_close(c_exp, T):
    n = 5
    pr = sba.theorem3_moving_factor_parameters(T, c_exp, n, 2, 0.3)
    d = pr["free_drift"]
    assert d == pytest.approx(min(0.2, T ** (-(1 - c_exp) / 4)))
    assert pr["relearn_drift"] > 2 * pr["close"] and pr["close"] >= d
    noise = sba.stationary_memory_noise(np.full(n, 1.0 / n), pr["gamma"]) if pr["H"] < 1e12 else None
    if noise is not None:
        assert pr["close"] >= 2.5 * noise * (1 - 1e-9)
    assert pr["batch"] == max(1, math.ceil(pr["H"] * math.log(4 / pr["close"])))


def test_moving_schedule_bound_is_sublinear_where_the_invariant_schedule_is_linear():
    Ts = [1e40, 1e50, 1e60]

    def slope(c, schedule):
        tot = [sba.theorem3_apriori_bound(T, c, 5, 2, 0.3, factor_lipschitz=0.5, schedule=schedule)["total"] for T in Ts]
        return np.polyfit(np.log(Ts), np.log(tot), 1)[0]

    assert abs(slope(1 / 3, "moving") - 5 / 6) < 0.02
    assert abs(slope(0.5, "moving") - 7 / 8) < 0.02
    assert slope(1 / 3, "invariant") > 0.99  # constant re-learning drift: the bias is linear in T
    A = sba.theorem3_apriori_bound(1e40, 0.5, 5, 2, 0.3, factor_lipschitz=0.5, schedule="moving")
    assert 1 <= A["relearn_count_bound"] and A["schedule"]["free_drift"] > 0


def test_moving_schedule_rejects_bad_parameters():
    with pytest.raises(ValueError, match="drift_scale must be a positive number"):
        sba.theorem3_moving_factor_parameters(1000, 0.5, 5, 2, 0.3, drift_scale=0)
    with pytest.raises(ValueError, match="drift_max must be a positive number"):
        sba.theorem3_moving_factor_parameters(1000, 0.5, 5, 2, 0.3, drift_max=-1.0)
    with pytest.raises(ValueError, match="c_exp must be a number in"):
        sba.theorem3_moving_factor_parameters(1000, 1.5, 5, 2, 0.3)


def test_stationary_memory_noise_matches_simulation():
    rng = np.random.default_rng(0)
    p = np.array([0.4, 0.3, 0.15, 0.09, 0.06])
    H = 50
    g = 1 - 1 / H
    v = p.copy()
    dist = []
    for t, i in enumerate(rng.choice(len(p), size=40 * H + 8000, p=p)):
        v *= g
        v[i] += 1 - g
        if t > 20 * H:
            dist.append(np.abs(v - p).sum())
    assert abs(np.mean(dist) / sba.stationary_memory_noise(p, g) - 1) < 0.1
    with pytest.raises(ValueError, match="gamma must be"):
        sba.stationary_memory_noise(p, 1.0)


@pytest.mark.parametrize("c_exp", [0.3, 0.5, 0.7, 0.9])
def test_theorem3_invariant_parameters_contract_above_the_noise_floor(c_exp):
    T, n = 5000, 5
    pr = sba.theorem3_invariant_parameters(T, c_exp, n, 2, 0.3)
    noise = sba.stationary_memory_noise(np.full(n, 1 / n), pr["gamma"])
    assert pr["close"] >= 2.5 * noise - 1e-12 and pr["close"] >= 0.1
    assert pr["gamma"] ** pr["batch"] <= pr["close"] / 4 + 1e-12
    assert math.isclose(pr["relearn_drift"] - 2 * pr["close"], 0.2)
    assert pr["learn_rounds"] == max(math.ceil(pr["H"]), math.ceil(sba.LEARN_HITS * n / 0.3))
    assert pr["learn_rounds"] == sba.theorem3_learn_rounds(pr["H"], n, 0.3)


def test_learn_rounds_give_every_item_the_expected_hits_and_cover_the_horizon():
    for H, n, phi in ((1.5, 5, 0.3), (80.0, 4, 0.5), (5000.0, 5, 0.3), (3.0, 10, 0.1)):
        m = sba.theorem3_learn_rounds(H, n, phi)
        assert m * phi / n >= sba.LEARN_HITS - 1e-9 and m >= H  # ≥ 12 expected choices of a φ/n item; m ≥ H
        assert sba.theorem3_learn_rounds(H, n, phi, learn_factor=3) == 3 * m
    assert sba.theorem3_moving_factor_parameters(5000, 0.5, 5, 2, 0.3)["learn_rounds"] == 4 * sba.theorem3_learn_rounds(
        5000**0.5, 5, 0.3)


def test_one_initial_learning_stage_for_the_mle_two_for_the_fixed_point_estimator():
    kw = dict(phi=0.3, horizon=100, lam=0.05, c=1.3, seed=0, batch=5, learn_rounds=5, eta=0.1)
    assert sba.ScaleBoundedOGD(5, 2, 0.9, **kw).initial_learn_iters == 1
    assert sba.ScaleBoundedOGD(5, 2, 0.9, estimator="lemma7", **kw).initial_learn_iters == 2
    assert sba.ScaleBoundedOGD(5, 2, 0.9, initial_learn_iters=3, **kw).initial_learn_iters == 3


# ------------------------------------------------------------------------------------------------
# Lemma 7 renormalised (ours): the Luce MLE of the factors, its bounds, fresh menus
# ------------------------------------------------------------------------------------------------
def _luce_sample(rng, n, k, m, theta, drift=0.0):
    menus = all_menus(n, k)
    A = np.zeros((m, n))
    W = rng.uniform(0.1, 0.5, size=(m, n))
    ch = np.zeros(m, dtype=int)
    for t in range(m):
        K = list(menus[int(rng.integers(len(menus)))])
        A[t, K] = 1
        th = theta + drift * rng.uniform(-1, 1, size=n)
        z = np.exp(th[K]) * W[t, K]
        ch[t] = K[int(rng.choice(len(K), p=z / z.sum()))]
    return A, W, ch


def test_luce_factor_mle_is_consistent_and_within_its_bounds():
    rng = np.random.default_rng(5)
    n, k, c = 5, 2, 1.4
    theta = rng.uniform(-math.log(c), math.log(c), size=n)
    errs = []
    for m in (500, 8000):
        A, W, ch = _luce_sample(rng, n, k, m, theta)
        kh = sba.luce_factor_mle(A, ch, W, c=c)
        assert np.all(kh >= 1 / c - 1e-9) and np.all(kh <= c + 1e-9)
        err = math.log(sba.score_spread(kh, np.exp(theta)))
        errs.append(err)
        rig, info = sba.luce_spread_bound(A, W, c=c, delta=0.05)
        assert err <= rig and info["lambda2_per_round"] > 0
        assert err <= sba.luce_calibrated_spread(A, W, kh, delta=0.05)
    assert errs[1] < errs[0] and errs[1] < 0.1


def test_luce_factor_mle_k1_and_validation():
    A = np.eye(3)[[0, 1, 2, 0]]
    assert np.all(sba.luce_factor_mle(A, [0, 1, 2, 0], np.ones((4, 3)), c=2.0) == 1.0)
    with pytest.raises(ValueError, match="every choice must be an item of its round's menu"):
        sba.luce_factor_mle(A, [1, 1, 2, 0], np.ones((4, 3)), c=2.0)


def test_curvature_floor_is_below_the_information_on_the_box():
    rng = np.random.default_rng(2)
    A, W, ch = _luce_sample(rng, 4, 3, 200, np.zeros(4))
    c = 1.5
    Lam = sba.luce_curvature_floor(A, W, c)
    for _ in range(20):
        kappa = np.exp(rng.uniform(-math.log(c), math.log(c), size=4))
        assert np.linalg.eigvalsh(sba.luce_information(A, W, kappa) - Lam).min() >= -1e-9


def test_factor_log_lipschitz_bounds_the_model_factors():
    model = random_scale_bounded_model(5, 0.05, 1.3, 3)
    L = sba.factor_log_lipschitz(model)
    rng = np.random.default_rng(0)
    for _ in range(50):
        v, w = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))
        d = np.abs(np.log(model.factors(v[None])[0]) - np.log(model.factors(w[None])[0])).max()
        assert d <= L * np.abs(v - w).sum() + 1e-12
    assert sba.factor_log_lipschitz(object()) is None


def test_algorithm3_fresh_menus_and_invariant2_given_invariant1():
    n, k, lam, c, phi, T = 5, 2, 0.05, 1.3, 0.3, 2500
    model = random_scale_bounded_model(n, lam, c, 1)
    pr = sba.theorem3_invariant_parameters(T, 0.4, n, k, phi)
    alg = sba.ScaleBoundedOGD(n, k, pr["gamma"], phi=phi, horizon=T, lam=lam, c=c, seed=3, batch=pr["batch"],
                              learn_rounds=pr["learn_rounds"], eta=pr["eta"], close=pr["close"],
                              relearn_drift=pr["relearn_drift"], stale_tol=pr["stale_tol"], monitor=model,
                              factor_lipschitz=sba.factor_log_lipschitz(model))
    rewards = (np.random.default_rng(0).uniform(size=(T, n)) < 0.5).astype(float)
    run_interaction(alg, Agent(model, pr["gamma"], seed=4), rewards, k)
    assert alg.invariants["menu_fresh"]["checks"] > 0 and alg.invariants["menu_fresh"]["violations"] == 0
    assert alg.invariants["target_spread_given_learn"]["violations"] == 0
    assert alg.learn_stages and all(st["log_spread"] <= st["rigorous"] for st in alg.learn_stages)
    with pytest.raises(ValueError, match="estimator must be"):
        sba.ScaleBoundedOGD(n, k, 0.9, phi=phi, horizon=T, lam=lam, c=c, seed=3, batch=5, learn_rounds=5, eta=0.1,
                            estimator="other")


def test_algorithm3_relearn_on_step_rounds_refits_and_keeps_hard_invariants():
    n, k, lam, c, phi, T = 5, 2, 0.05, 1.3, 0.3, 3000
    model = random_scale_bounded_model(n, lam, c, 2)
    pr = sba.theorem3_reuse_parameters(T, 0.4, n, k, phi)
    assert pr["relearn"] == "steps"
    alg = sba.ScaleBoundedOGD(n, k, pr["gamma"], phi=phi, horizon=T, lam=lam, c=c, seed=5, batch=pr["batch"],
                              learn_rounds=pr["learn_rounds"], eta=pr["eta"], close=pr["close"],
                              relearn_drift=pr["relearn_drift"], stale_tol=pr["stale_tol"], monitor=model,
                              factor_lipschitz=sba.factor_log_lipschitz(model), relearn="steps")
    rewards = (np.random.default_rng(0).uniform(size=(T, n)) < 0.5).astype(float)
    run_interaction(alg, Agent(model, pr["gamma"], seed=6), rewards, k)
    assert alg.refits >= 1 and len(alg.learn_stages) == 1 + alg.refits
    assert alg.rounds["learn"] == alg.initial_learn_iters * pr["learn_rounds"]  # no dedicated re-learning rounds
    for name in ("gradient", "step_start", "choice", "menu_fresh", "target_spread_given_learn", "learn_spread_rigorous"):
        assert alg.invariants[name]["violations"] == 0, name
    with pytest.raises(ValueError, match="relearn must be 'stages' or 'steps'"):
        sba.ScaleBoundedOGD(n, k, 0.9, phi=phi, horizon=T, lam=lam, c=c, seed=3, batch=5, learn_rounds=5, eta=0.1,
                            relearn="never")
    with pytest.raises(ValueError, match="relearn='steps' needs estimator='mle'"):
        sba.ScaleBoundedOGD(n, k, 0.9, phi=phi, horizon=T, lam=lam, c=c, seed=3, batch=5, learn_rounds=5, eta=0.1,
                            relearn="steps", estimator="lemma7")


def test_reuse_bound_has_the_constant_factor_exponent_for_moving_factors():
    Ts = [1e40, 1e50, 1e60]
    for c_exp in (0.4, 0.5, 0.6):
        tot = [sba.theorem3_apriori_bound(T, c_exp, 5, 2, 0.3, factor_lipschitz=0.5, schedule="reuse")["total"]
               for T in Ts]
        slope = np.polyfit(np.log(Ts), np.log(tot), 1)[0]
        assert abs(slope - float(sba.theorem3_apriori_exponent(c_exp))) < 0.02
    A = sba.theorem3_apriori_bound(1e20, 0.5, 5, 2, 0.3, schedule="reuse")
    parts = ("burn", "learning", "last_step", "ogd", "bias", "targeting", "movement", "failure")
    assert math.isclose(A["total"], sum(A[p] for p in parts)) and len(A["assumptions"]) == 3


def test_paired_interior_minimum_detects_a_dip_and_rejects_a_monotone_curve():
    from certificates.adaptive_preferences.scale_bounded.thm3_scale_bounded_ogd import paired_interior_minimum

    rng = np.random.default_rng(0)
    cs = [0.05, 0.2, 0.5, 0.9]
    block = rng.normal(0, 0.05, size=12)  # shared per-block noise (the pairing removes it)
    dip = {c_: list(0.1 + (c_ - 0.3) ** 2 + block + rng.normal(0, 0.005, 12)) for c_ in cs}
    out = paired_interior_minimum(dip, cs)
    assert out["c_best"] in (0.2, 0.5) and out["interior_minimum"] and min(out["z_small_c"], out["z_large_c"]) > 2
    mono = {c_: list(0.1 + c_ + block + rng.normal(0, 0.005, 12)) for c_ in cs}
    out = paired_interior_minimum(mono, cs)
    assert not out["interior_minimum"] and out["z_small_c"] < 0
    assert paired_interior_minimum(mono, cs, c_best=0.5)["c_best"] == 0.5  # chosen elsewhere (held out)


# ------------------------------------------------------------------------------------------------
# invariant 5: the high-probability threshold (start gap + bias + martingale)
# ------------------------------------------------------------------------------------------------
def test_invariant5_threshold_terms_and_validation():
    tau, parts = sba.invariant5_threshold(start_gap=0.5, carry=0.2, bias=0.1, weight_sq_sum=0.04, n=5, delta=0.05)
    assert math.isclose(parts["start_gap_term"], 0.1) and parts["bias_term"] == 0.1
    assert math.isclose(parts["martingale_term"], math.sqrt(2 * 0.04 * math.log(30 / 0.05)))
    assert math.isclose(tau, sum(parts.values()))
    assert sba.invariant5_threshold(start_gap=1, carry=1, bias=0, weight_sq_sum=0, n=1, delta=0.1)[0] == 1
    big = sba.invariant5_threshold(start_gap=0, carry=0, bias=0, weight_sq_sum=1e-4, n=2000, delta=0.1)[0]
    assert math.isfinite(big)  # ln(2ⁿ − 2) without overflow
    with pytest.raises(ValueError, match="invariant5_threshold: delta must be"):
        sba.invariant5_threshold(start_gap=0, carry=0, bias=0, weight_sq_sum=0, n=3, delta=1.5)
    with pytest.raises(ValueError, match="invariant5_threshold: carry must be"):
        sba.invariant5_threshold(start_gap=0, carry=1.5, bias=0, weight_sq_sum=0, n=3, delta=0.1)


def test_invariant5_decomposition_is_an_identity():
    """v_end − x = α(v₀ − x) + Σ ω_s(q_s − x) + Σ ω_s(e_{i_s} − q_s) along Definition 1 (any q_s, any choices)."""
    from reference.adaptive_preferences.realizability.def1_memory import discounted_memory_update

    rng = np.random.default_rng(0)
    n, gamma, B = 4, 0.8, 7
    v, W = rng.dirichlet(np.ones(n)), 2.5
    v0, W0, x = v.copy(), W, rng.dirichlet(np.ones(n))
    qs, es = [], []
    for _ in range(B):
        q = rng.dirichlet(np.ones(n))
        i = int(rng.choice(n, p=q))
        qs.append(q)
        es.append(np.eye(n)[i])
        v, W = discounted_memory_update(v, i, gamma, W)
    omega = np.array([gamma ** (B - 1 - s) for s in range(B)]) / W
    alpha = gamma**B * W0 / W
    assert math.isclose(alpha + omega.sum(), 1.0)
    rhs = alpha * (v0 - x) + sum(o * (q - x) for o, q in zip(omega, qs)) + sum(o * (e - q) for o, q, e in zip(omega, qs, es))
    assert np.allclose(np.asarray(v) - x, rhs, atol=1e-12)


def test_invariant5_martingale_term_covers_the_l1_deviation():
    """Monte Carlo: ‖Σ ω_s(e_{i_s} − q_s)‖₁ exceeds √(2 Σω² ln((2ⁿ − 2)/δ)) in at most a fraction δ of runs."""
    rng = np.random.default_rng(1)
    n, gamma, B, reps, delta = 4, 0.9, 30, 20000, 0.1
    q = np.array([0.4, 0.3, 0.2, 0.1])
    omega = gamma ** np.arange(B)[::-1]
    omega = omega / (omega.sum() + 3.0)  # a start weight: α = 3/W_end
    choices = rng.choice(n, size=(reps, B), p=q)
    Z = np.stack([(omega[None, :] * (choices == i)).sum(1) - omega.sum() * q[i] for i in range(n)], axis=1)
    mart = sba.invariant5_threshold(start_gap=0, carry=0, bias=0, weight_sq_sum=float(omega @ omega), n=n,
                                    delta=delta)[1]["martingale_term"]
    assert np.mean(np.abs(Z).sum(1) > mart) <= delta


def test_algorithm3_step_end_threshold_terms_within_the_apriori_bound():
    n, k, lam, c, phi, T = 5, 2, 0.05, 1.3, 0.3, 1500
    model = random_scale_bounded_model(n, lam, c, 1)
    pr = sba.theorem3_invariant_parameters(T, 0.2, n, k, phi)
    alg = sba.ScaleBoundedOGD(n, k, pr["gamma"], phi=phi, horizon=T, lam=lam, c=c, seed=2, batch=pr["batch"],
                              learn_rounds=pr["learn_rounds"], eta=pr["eta"], close=pr["close"],
                              relearn_drift=pr["relearn_drift"], stale_tol=pr["stale_tol"], monitor=model,
                              factor_lipschitz=sba.factor_log_lipschitz(model))
    rewards = (np.random.default_rng(3).uniform(size=(T, n)) < [0.2, 0.3, 0.8, 0.4, 0.5]).astype(float)
    run_interaction(alg, Agent(model, pr["gamma"], seed=4), rewards, k)
    ends = alg.step_ends
    assert len(ends) == alg.invariants["step_end"]["checks"] == alg.invariants["step_end_heuristic"]["checks"] > 50
    tau_bar, ap = sba.invariant5_apriori_threshold(pr["H"], pr["batch"], n, alg.step_end_delta,
                                                   rho_bar=max(alg.spreads), movement=2.0)
    for e in ends:
        assert math.isclose(e["threshold"], e["start_gap_term"] + e["bias_term"] + e["martingale_term"])
        assert e["start_gap_term"] <= ap["start_gap_term"] + 1e-12
        assert e["martingale_term"] <= ap["martingale_term"] + 1e-12
        assert e["held"] == (e["observed"] <= e["threshold"] + 1e-9)
    assert sum(not e["held"] for e in ends) <= 0.05 * len(ends)
    assert ap["start_gap_term"] <= pr["close"] / 2 + 1e-12  # B = ⌈H ln(4/close)⌉: 2γ^B ≤ close/2
    with pytest.raises(ValueError, match="step_end_delta must be"):
        sba.ScaleBoundedOGD(n, k, 0.9, phi=phi, horizon=T, lam=lam, c=c, seed=3, batch=5, learn_rounds=5, eta=0.1,
                            step_end_delta=0)


def test_invariant5_apriori_threshold_relates_to_close():
    n, phi, delta = 5, 0.3, 0.05
    for c_exp, T in ((0.3, 10_000), (0.5, 10**6), (0.7, 10**8)):
        pr = sba.theorem3_invariant_parameters(T, c_exp, n, 2, phi)
        tau, parts = sba.invariant5_apriori_threshold(pr["H"], pr["batch"], n, delta)
        assert parts["bias_term"] == 0 and parts["start_gap_term"] <= pr["close"] / 2 + 1e-12
        shrink = 1 - pr["close"] / 4  # 1 − γ^B ≥ 1 − close/4
        assert parts["martingale_term"] * shrink <= pr["close"]  # same order √(n/H) as the heuristic (n = 5, δ = 0.05)
        assert tau * shrink <= 1.6 * pr["close"]
    with pytest.raises(ValueError, match="invariant5_apriori_threshold: H must be"):
        sba.invariant5_apriori_threshold(0.5, 3, n, delta)


def test_apriori_bound_reports_the_rigorous_invariant5_threshold():
    A = sba.theorem3_apriori_bound(3000, 0.2, 5, 2, 0.3)
    i5 = A["invariant5"]
    assert math.isclose(i5["tau_bar"], i5["start_gap_term"] + i5["bias_term"] + i5["martingale_term"])
    assert not i5["step_end_within_close"] and i5["tau_bar"] > i5["close"]  # runnable T: A5 stays an assumption
    far = sba.theorem3_apriori_bound(1e40, 0.5, 5, 2, 0.3)["invariant5"]
    assert far["step_end_within_close"] and far["tau_bar"] <= far["close"]  # L_κ = 0, huge T: proved whp
    assert not sba.theorem3_apriori_bound(1e40, 0.5, 5, 2, 0.3, factor_lipschitz=0.5)["invariant5"]["step_end_within_close"]


def test_from_schedule_passes_every_schedule_key():
    for schedule in (sba.theorem3_invariant_parameters, sba.theorem3_reuse_parameters):
        pr = schedule(3000, 0.4, 5, 2, 0.3)
        alg = sba.ScaleBoundedOGD.from_schedule(5, 2, pr, phi=0.3, horizon=3000, lam=0.05, c=1.3, seed=0)
        assert (alg.gamma, alg.batch, alg.learn_rounds, alg.eta) == (pr["gamma"], pr["batch"], pr["learn_rounds"], pr["eta"])
        assert (alg.close, alg.relearn_drift) == (pr["close"], pr["relearn_drift"])
