"""Lemmas 6–8 of paper A (arXiv 2302.06014, Appendices B.3 and C.2), exactly in Fractions; Lemma 7's update."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, note, target
from hypothesis import strategies as st

import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
import reference.adaptive_preferences.scale_bounded as sba
from reference.adaptive_preferences.realizability.sec2_choice import all_menus, mixture_choice_distribution

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


def test_lemma6_expected_choice_is_the_mixture_of_section_2():
    mu = [((0, 1), F(1, 4)), ((1, 2), F(3, 4))]
    f = [F(2), F(1), F(3)]
    assert sba.lemma6_expected_choice(mu, f) == mixture_choice_distribution(mu, f, 2)


def test_lemma6_rejects_bad_input():
    with pytest.raises(ValueError, match="lemma6_expected_choice: menu_distribution must be a non-empty list"):
        sba.lemma6_expected_choice([], [1, 2])
    with pytest.raises(ValueError, match="lemma6_factors: true_scores"):
        sba.lemma6_factors([((0,), F(1))], [1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="weights must sum to 1"):
        sba.lemma6_expected_choice([((0,), F(1, 2))], [1, 2])


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
    message = "lemma8_targeting_error_bound: eps must be a finite real number in \\[0, 1\\)"
    with pytest.raises(ValueError, match=message):
        sba.lemma8_targeting_error_bound(1)


def test_lemma7_update_fixed_point_is_proportional_scores():
    f = np.array([0.3, 0.7, 1.0, 0.5])
    p = np.full(4, 0.25)
    mu = md.menu_dist(p, 2 * f, 2)
    q = np.asarray(sba.lemma6_expected_choice(mu, f))
    new = sba.lemma7_update(2 * f, p, q * 1e6, 10**6)
    assert np.allclose(new, f / f.max(), atol=1e-9)


def test_initial_assumed_scores_pessimistic_optimistic():
    v = np.array([0.5, 0.3, 0.2, 0.0])
    f = sba.initial_assumed_scores(v, 0.1, 2.0)
    assert np.allclose(f, [1.2, 0.8, 0.15, 0.05])

