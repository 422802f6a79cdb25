"""Definitions 3–4 and Lemma 2: smoothed simplex membership, scale-bounded margins, the Lemma 2 bound."""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import example, given, note, target
from hypothesis import strategies as st

from reference.adaptive_preferences.realizability.lemma1_menu_times import menu_times
from reference.adaptive_preferences.setting.def2_def3_models import (
    extreme_scale_bounded_model,
    random_scale_bounded_model,
)
from reference.adaptive_preferences.setting.def4_lemma2_smoothed_simplex import (
    in_smoothed_simplex,
    is_scale_bounded_at,
    lemma2_ball_memories,
    lemma2_conclusion_at,
    lemma2_condition,
    lemma2_menu_time_bound,
    lemma2_min_phi,
    lemma2_worst_menu_time,
    scale_bounded_margin,
    smooth_point,
    smoothed_simplex_margin,
    smoothed_simplex_vertices,
)


def test_smoothed_simplex_definition_two_routes():
    p = [F(1, 2), F(1, 3), F(1, 6)]
    assert smoothed_simplex_margin(p, F(1, 2)) == 0 and in_smoothed_simplex(p, F(1, 2))
    assert not in_smoothed_simplex(p, F(3, 5))
    # route 2: p ∈ Δ_φ ⇔ p = (1 − φ)q + φ u_n for some q ∈ Δ(n)
    q = [(pi - F(1, 2) / 3) / (1 - F(1, 2)) for pi in p]
    assert min(q) >= 0 and sum(q) == 1 and smooth_point(q, F(1, 2)) == p
    assert smoothed_simplex_vertices(3, F(1, 4))[0] == [F(5, 6), F(1, 12), F(1, 12)]
    assert all(in_smoothed_simplex(v, F(1, 4)) for v in smoothed_simplex_vertices(3, F(1, 4)))
    assert smoothed_simplex_vertices(2, 1) == [[F(1, 2), F(1, 2)]] * 2
    assert np.allclose(smoothed_simplex_vertices(2, 0.5)[1], [0.25, 0.75])


@given(st.integers(2, 6), st.integers(1, 6), st.fractions(F(1, 1000), 1, max_denominator=1000),
       st.fractions(1, 3, max_denominator=10), st.fractions(0, 1, max_denominator=100),
       st.fractions(0, F(1, 5), max_denominator=1000))
@example(3, 2, F(1, 10), F(1), F(0), F(0))
def test_lemma2_bound_dominates_extreme_models_exactly(n, k, lam, c, phi, eps):
    """max τ over the ε-ball corners ≤ B, exactly (Fractions), for every extreme model and vertex."""
    k = min(k, n)
    bound = lemma2_menu_time_bound(n, k, lam, c, phi, eps)
    worst = F(0)
    for fav in range(n):
        model = extreme_scale_bounded_model(n, lam, c, fav)
        for p in smoothed_simplex_vertices(n, phi):
            tau, _v = lemma2_worst_menu_time(model, p, k, eps, from_items=[fav])
            worst = max(worst, tau)
    note(f"B={bound}, worst={worst}")
    target(float(worst / bound))
    assert worst <= bound


@given(st.integers(2, 7), st.integers(1, 7), st.sampled_from([1e-3, 1e-2, 0.1]), st.sampled_from([1.0, 1.2, 2.0]),
       st.integers(0, 2**31))
def test_lemma2_conclusion_on_random_scale_bounded_models(n, k, lam, c, seed):
    k = min(k, n)
    eps = lam / 2
    phi = lemma2_min_phi(n, k, lam, c, eps)
    if phi is None:  # condition impossible: check it is impossible even at u_n for the extreme model
        model = extreme_scale_bounded_model(n, lam, c, 0)
        assert max(menu_times(np.full(n, 1 / n), model.scores(np.full(n, 1 / n)), k)) > 1 - 1e-12 or eps > 0
        return
    assert lemma2_condition(n, k, lam, c, phi, eps)[0]
    model = random_scale_bounded_model(n, lam, c, seed, strength=2.0)
    for p in smoothed_simplex_vertices(n, phi):
        tau, _ = lemma2_worst_menu_time(model, p, k, eps, n_random=3, seed=seed)
        assert tau <= 1 + 1e-12


def test_lemma2_bound_is_attained_at_a_vertex():
    # c = 1, ε = 0, p the vertex of Δ_φ: τ_0 equals B exactly
    n, k, lam, c, phi, eps = 4, 2, F(1, 10), F(1), F(1, 2), F(0)
    p = smoothed_simplex_vertices(n, phi)[0]
    model = extreme_scale_bounded_model(n, lam, c, 0)
    assert max(menu_times(p, model.scores(p), k)) == lemma2_menu_time_bound(n, k, lam, c, phi, eps)


def test_lemma2_sanity_cases():
    assert lemma2_condition(5, 1, F(1, 100), 3, 0, F(1, 100))[0]  # k = 1: always
    assert lemma2_menu_time_bound(5, 3, F(1, 100), 1, 0, 0) == 3  # φ = 0: no guarantee (B = k)
    assert lemma2_min_phi(5, 2, 0.01, 1.0, 0.0) < 0.05  # small λ ⇒ small φ suffices
    assert lemma2_min_phi(5, 3, 0.01, 1.5, 0.005) is None  # c² > (n−1)/(k−1): not even u_n works
    holds, margin = lemma2_condition(5, 2, F(1, 100), F(11, 10), F(1, 10), F(1, 100))
    assert holds and margin == F(3137, 8703)


def test_ball_memories_stay_in_ball():
    p = [F(1, 2), F(1, 4), F(1, 4)]
    for v in lemma2_ball_memories(p, F(1, 5)):
        assert sum(v) == 1 and min(v) >= 0 and sum(abs(a - b) for a, b in zip(v, p)) <= F(1, 5)
    for v in lemma2_ball_memories(np.array([0.9, 0.1, 0.0]), 0.3, n_random=20, seed=1):
        assert abs(v.sum() - 1) < 1e-12 and v.min() >= 0 and np.abs(v - [0.9, 0.1, 0.0]).sum() <= 0.3 + 1e-12


def test_scale_bounded_margin_routes():
    f = [F(1, 5), F(2)]
    assert scale_bounded_margin(f, [F(0), F(1)], F(1, 10), 2) == min(F(1, 5) - F(1, 20), F(2, 10) - F(1, 5),
                                                                     2 - F(11, 20), F(22, 10) - 2)
    assert is_scale_bounded_at(f, [F(0), F(1)], F(1, 10), 2)
    assert not is_scale_bounded_at(f, [F(0), F(1)], F(1, 10), F(3, 2))
    assert scale_bounded_margin(np.array([0.5, 1.0]), [0.5, 0.5], 0.5, 1.0, scale=1.0) == pytest.approx(-0.5)


def test_errors_are_full_sentences():
    with pytest.raises(ValueError, match=r"^in_smoothed_simplex: phi must be a finite real number in \[0, 1\]; got 2"):
        in_smoothed_simplex([0.5, 0.5], 2)
    with pytest.raises(ValueError, match=r"^in_smoothed_simplex: p must be a probability vector"):
        in_smoothed_simplex([0.5, 0.6], 0.1)
    with pytest.raises(ValueError, match=r"^smoothed_simplex_margin: p must be a probability vector"):
        smoothed_simplex_margin([0.5, 0.6], 0.1)
    with pytest.raises(ValueError, match=r"^is_scale_bounded_at: lam must be a finite real number"):
        is_scale_bounded_at([1.0, 1.0], [0.5, 0.5], 0, 2)
    with pytest.raises(ValueError, match=r"^lemma2_condition: c must be a finite real number >= 1; got 0.5"):
        lemma2_condition(3, 2, 0.1, 0.5, 0.5, 0)
    with pytest.raises(ValueError, match=r"^lemma2_min_phi: eps must be a finite real number in \[0, 2\]"):
        lemma2_min_phi(3, 2, 0.1, 1.0, 3.0)
    with pytest.raises(ValueError, match=r"^lemma2_worst_menu_time: eps must be a finite real number in \[0, 2\]"):
        lemma2_worst_menu_time(extreme_scale_bounded_model(3, 0.1, 1.0, 0), [0.5, 0.25, 0.25], 2, 3.0)
    with pytest.raises(ValueError, match=r"^lemma2_ball_memories: n_random must be an integer >= 0; got -1"):
        lemma2_ball_memories([0.5, 0.5], 0.1, n_random=-1)
    with pytest.raises(ValueError, match=r"lemma2_menu_time_bound: k must be an integer with 1 <= k <= n=3; got k=4"):
        lemma2_menu_time_bound(3, 4, 0.1, 1, 0.5, 0)
    with pytest.raises(ValueError, match=r"lemma2_menu_time_bound: c must be a finite real number >= 1; got 0.5"):
        lemma2_menu_time_bound(3, 2, 0.1, 0.5, 0.5, 0)
    with pytest.raises(ValueError, match=r"lemma2_menu_time_bound: eps must be a finite real number in \[0, 2\] \(the"
                                         r" l1 diameter"):
        lemma2_menu_time_bound(3, 2, 0.1, 1, 0.5, 3)
    with pytest.raises(ValueError, match=r"scale_bounded_margin: lam must be a finite real number in \(0, 1\]; got 0"):
        scale_bounded_margin([1.0, 1.0], [0.5, 0.5], 0, 2)
    with pytest.raises(ValueError, match=r"scale_bounded_margin: model_or_scores must have length n=2"):
        scale_bounded_margin([1.0, 1.0, 1.0], [0.5, 0.5], 0.5, 2)
    with pytest.raises(ValueError, match=r"smoothed_simplex_vertices: n must be an integer >= 2; got 1"):
        smoothed_simplex_vertices(1, 0.5)


def test_lemma2_conclusion_two_routes_agree():
    n, k, lam, c, eps = 4, 2, F(1, 20), F(6, 5), F(1, 40)
    phi = F(lemma2_min_phi(n, k, float(lam), float(c), float(eps))).limit_denominator(10**6) + F(1, 10**6)
    assert lemma2_condition(n, k, lam, c, phi, eps)[0]
    model = extreme_scale_bounded_model(n, lam, c, 0)
    out = lemma2_conclusion_at(model, smoothed_simplex_vertices(n, phi)[0], k, eps)
    assert out["in_ird"] and out["in_ird_lp"] and out["worst_tau"] <= 1
    # below the threshold the conclusion fails by both routes
    phi_bad = phi * F(1, 2)
    out = lemma2_conclusion_at(model, smoothed_simplex_vertices(n, phi_bad)[0], k, eps)
    assert not out["in_ird"] and not out["in_ird_lp"]


def test_necessary_condition_on_c():
    # at φ = 1, ε = 0 the bound is k c²/(c² + n − 1): no φ works iff c²(k − 1) > n − 1
    assert lemma2_menu_time_bound(5, 3, F(1, 10), 2, 1, 0) == F(3 * 4, 4 + 4)
    assert lemma2_min_phi(5, 3, 0.1, 2.0 ** 0.5 * 0.999, 0.0) is not None
    assert lemma2_min_phi(5, 3, 0.1, 2.0 ** 0.5 * 1.001, 0.0) is None
