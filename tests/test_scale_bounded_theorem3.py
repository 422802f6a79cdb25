"""Theorem 3 of paper A (arXiv 2302.06014, §4.1): the schedules, the a-priori bounds, their exponents (ours)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import reference.adaptive_preferences.scale_bounded as sba


def test_theorem3_parameters_memory_schedule():
    pr = sba.theorem3_parameters(10_000, 0.5, 5, 2, 0.3)
    assert math.isclose(pr["gamma"], 1 - 10_000 ** -0.5)
    assert pr["batch"] == 100 and pr["learn_rounds"] == 200 and pr["eta"] > 0


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
        tot = [sba.theorem3_apriori_bound(T, c, 5, 2, 0.3, factor_lipschitz=0.5, schedule=schedule)["total"]
               for T in Ts]
        return np.polyfit(np.log(Ts), np.log(tot), 1)[0]

    assert abs(slope(1 / 3, "moving") - 5 / 6) < 0.02
    assert abs(slope(0.5, "moving") - 7 / 8) < 0.02
    assert slope(1 / 3, "invariant") > 0.99  # constant re-learning drift: the bias is linear in T
    A = sba.theorem3_apriori_bound(1e40, 0.5, 5, 2, 0.3, factor_lipschitz=0.5, schedule="moving")
    assert 1 <= A["relearn_count_bound"] and A["schedule"]["free_drift"] > 0


def test_moving_schedule_rejects_bad_parameters():
    with pytest.raises(ValueError, match="drift_scale must be a finite real number > 0"):
        sba.theorem3_moving_factor_parameters(1000, 0.5, 5, 2, 0.3, drift_scale=0)
    with pytest.raises(ValueError, match="drift_max must be a finite real number > 0"):
        sba.theorem3_moving_factor_parameters(1000, 0.5, 5, 2, 0.3, drift_max=-1.0)
    with pytest.raises(ValueError, match="c_exp must be a finite real number in"):
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
    from certificates.stats import paired_interior_minimum

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


def test_apriori_bound_reports_the_rigorous_invariant5_threshold():
    A = sba.theorem3_apriori_bound(3000, 0.2, 5, 2, 0.3)
    i5 = A["invariant5"]
    assert math.isclose(i5["tau_bar"], i5["start_gap_term"] + i5["bias_term"] + i5["martingale_term"])
    assert not i5["step_end_within_close"] and i5["tau_bar"] > i5["close"]  # runnable T: A5 stays an assumption
    far = sba.theorem3_apriori_bound(1e40, 0.5, 5, 2, 0.3)["invariant5"]
    assert far["step_end_within_close"] and far["tau_bar"] <= far["close"]  # L_κ = 0, huge T: proved whp
    moving = sba.theorem3_apriori_bound(1e40, 0.5, 5, 2, 0.3, factor_lipschitz=0.5)["invariant5"]
    assert not moving["step_end_within_close"]



@pytest.mark.parametrize("n,H", [(2, 1.5), (5, 10.0), (5, 55.0), (8, 1e4)])
def test_uniform_memory_noise_is_the_stationary_noise_at_u_n(n, H):
    """The H-form used by the schedules (no rounding of γ to 1) agrees with the general formula at u_n."""
    gamma = 1 - 1 / H
    general = sba.stationary_memory_noise(np.full(n, 1 / n), gamma)
    assert math.isclose(sba.uniform_memory_noise(n, H), general, rel_tol=1e-9)
    assert sba.uniform_memory_noise(n, H, multiple=2.5) == pytest.approx(2.5 * general, rel=1e-9)


def test_ogd_step_size_and_radius():
    assert sba.delta_phi_radius_sq(5, 0.3) == pytest.approx(0.7**2 * 0.8)
    pr = sba.theorem3_parameters(10_000, 0.5, 5, 2, 0.3)
    assert pr["eta"] == sba.ogd_step_size(10_000, pr["batch"], 5, 0.3)
    # the distance term: u_n to the farthest point (1 − φ)e_i + φu_n of Δ_φ
    far = 0.7 * np.eye(5)[0] + 0.3 / 5
    assert math.isclose(float(((far - 0.2) ** 2).sum()), sba.delta_phi_radius_sq(5, 0.3))
