"""MenuDist (staged), the comb construction and crediting: Lemma 1's proof, both halves."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, note, target
from hypothesis import strategies as st
from lemma1_strategies import any_points, float_ird_points, ird_points, p_from_menu_times

import reference.adaptive_preferences as ap
import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md

CONSTRUCTIONS = [md.menu_dist, md.menu_dist_comb]
F = Fraction


def _assert_valid_distribution(mu, n, k, exact):
    menus = [m for m, _ in mu]
    assert len(set(menus)) == len(menus), "duplicate menus must be merged"
    for menu, w in mu:
        assert len(menu) == k and len(set(menu)) == k and list(menu) == sorted(menu)
        assert all(0 <= i < n for i in menu)
        assert w > 0, "zero weights must be dropped"
        assert isinstance(w, Fraction) == exact
    total = sum(w for _, w in mu)
    assert total == 1 if exact else abs(total - 1) < 1e-12


# ---------------------------------------------------------------------------------------------
# (⇐) both constructions reproduce p exactly
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("construct", CONSTRUCTIONS, ids=lambda c: c.__name__)
@given(inst=ird_points())
@example(inst=([F(1, 3), F(1, 3), F(1, 3)], [1, 1, 1], 3, [F(1)] * 3))  # k = n: the single menu
@example(inst=([F(1)], [F(1, 2)], 1, [F(1)]))  # n = 1
@example(inst=([F(1, 2), F(1, 2), F(0)], [1, 1, 1], 2, [F(1), F(1), F(0)]))  # tight with a zero
@example(inst=([F(1, 4)] * 4, [1, 2, 3, 4], 2, None))  # uniform target, distinct scores
def test_construction_reproduces_p_exactly(construct, inst):
    p, scores, k, _tau = inst
    mu = construct(p, scores, k)
    _assert_valid_distribution(mu, len(p), k, exact=True)
    assert ap.mixture_choice_distribution(mu, scores, k) == p
    margin = ap.ird_margin(p, scores, k)
    note(f"margin={margin}, menus={len(mu)}")
    target(-float(margin), label="closeness to the IRD boundary")


@pytest.mark.parametrize("construct", CONSTRUCTIONS, ids=lambda c: c.__name__)
@given(inst=float_ird_points())
def test_construction_reproduces_p_in_floats(construct, inst):
    p, scores, k = inst
    mu = construct(p, scores, k)
    _assert_valid_distribution(mu, len(p), k, exact=False)
    err = float(np.max(np.abs(ap.mixture_choice_distribution(mu, scores, k) - p)))
    note(f"err={err}")
    target(err, label="reproduction error")
    assert err <= 1e-12


@given(inst=ird_points())
def test_comb_uses_at_most_n_menus_and_staged_at_most_n_stages(inst):
    p, scores, k, _ = inst
    assert len(md.menu_dist_comb(p, scores, k)) <= len(p)
    stages = md.menu_dist_stages(p, scores, k)
    assert len(stages) <= len(p)
    assert sum(s.duration for s in stages) == 1  # stage lengths sum to Σ τ / k = 1


@given(inst=ird_points())
def test_staged_menu_times_are_exactly_tau(inst):
    """The stages hand item i exactly τ_i menu-time units (before the F_K reweighting)."""
    p, scores, k, tau = inst
    got = [Fraction(0)] * len(p)
    for stage in md.menu_dist_stages(p, scores, k):
        for menu, alpha in stage.windows():
            for i in menu:
                got[i] += alpha
    assert got == ap.menu_times(p, scores, k)


@given(inst=ird_points(max_n=9))
@example(inst=([F(1, 5)] * 5, [1] * 5, 2, [F(2, 5)] * 5))
def test_run_aggregation_equals_literal_round_robin_windows(inst):
    """stage_menu_times sums the paper's round-robin windows without listing them: same totals."""
    p, scores, k, _ = inst
    stages = md.menu_dist_stages(p, scores, k)
    literal: dict = {}
    for stage in stages:
        for menu, alpha in stage.windows():
            literal[menu] = literal.get(menu, 0) + alpha
    aggregated: dict = {}
    for menu, alpha in md.stage_menu_times(stages):
        aggregated[menu] = aggregated.get(menu, 0) + alpha
    assert aggregated == literal


@given(inst=float_ird_points(min_n=20, max_n=80))
def test_run_aggregation_equals_literal_windows_in_floats(inst):
    p, scores, k = inst
    stages = md.menu_dist_stages(p, scores, k)
    literal: dict = {}
    for stage in stages:
        for menu, alpha in stage.windows():
            literal[menu] = literal.get(menu, 0.0) + alpha
    aggregated: dict = {}
    for menu, alpha in md.stage_menu_times(stages):
        aggregated[menu] = aggregated.get(menu, 0.0) + alpha
    assert aggregated.keys() == literal.keys()
    assert max(abs(aggregated[m] - literal[m]) for m in literal) <= 1e-13


# ---------------------------------------------------------------------------------------------
# (⇒) crediting
# ---------------------------------------------------------------------------------------------
@given(inst=ird_points())
def test_crediting_menu_dist_gives_back_menu_times(inst):
    p, scores, k, _ = inst
    tau = ap.menu_times(p, scores, k)
    for construct in CONSTRUCTIONS:
        assert md.credit_menu_times(construct(p, scores, k), scores, k) == tau


@given(data=st.data())
def test_crediting_any_menu_distribution(data):
    n = data.draw(st.integers(1, 6))
    k = data.draw(st.integers(1, n))
    scores = [F(data.draw(st.integers(1, 9)), data.draw(st.integers(1, 9))) for _ in range(n)]
    count = data.draw(st.integers(1, 5))
    menus = [tuple(sorted(data.draw(st.permutations(range(n)))[:k])) for _ in range(count)]
    raw = [data.draw(st.integers(1, 9)) for _ in range(count)]
    mu = [(m, F(w, sum(raw))) for m, w in zip(menus, raw)]
    p = ap.mixture_choice_distribution(mu, scores, k)
    credited = md.credit_menu_times(mu, scores, k)
    assert credited == ap.menu_times(p, scores, k)
    assert max(credited) <= 1 and sum(credited) == k


def test_crediting_float_matches_exact():
    mu = [((0, 1), 0.25), ((1, 2), 0.75)]
    scores = [0.5, 1.0, 0.25]
    exact = md.credit_menu_times([((0, 1), F(1, 4)), ((1, 2), F(3, 4))], [F(1, 2), F(1), F(1, 4)], 2)
    assert np.allclose(md.credit_menu_times(mu, scores, 2), [float(x) for x in exact], atol=1e-15)


# ---------------------------------------------------------------------------------------------
# outside IRD and degenerate cases
# ---------------------------------------------------------------------------------------------
@given(inst=any_points(min_n=2))
def test_menu_dist_succeeds_iff_in_ird(inst):
    p, scores, k = inst
    inside = ap.in_ird(p, scores, k)
    for construct in CONSTRUCTIONS:
        if inside:
            assert ap.mixture_choice_distribution(construct(p, scores, k), scores, k) == p
        else:
            with pytest.raises(ValueError, match=r"p is not in IRD\(v\): item \d+ needs menu time"):
                construct(p, scores, k)


@pytest.mark.parametrize("construct", CONSTRUCTIONS, ids=lambda c: c.__name__)
def test_outside_ird_message(construct):
    with pytest.raises(ValueError, match=rf"{construct.__name__}: p is not in IRD\(v\): item 0 needs menu time "
                                         r"τ_0 = 3/2 > 1 \(Lemma 1\)"):
        construct([F(3, 4), F(1, 4), F(0)], [1, 1, 1], 2)


def test_outside_ird_float_message_and_tolerance():
    with pytest.raises(ValueError, match="menu_dist: p is not in IRD"):
        md.menu_dist([0.6, 0.4, 0.0], [1.0, 1.0, 1.0], 2)
    # on the boundary in floats (τ = (1, 1, 0)): accepted and reproduced
    mu = md.menu_dist([0.5, 0.5, 0.0], [1.0, 1.0, 1.0], 2)
    assert mu == [((0, 1), 1.0)]


def test_k_equals_one_is_the_point_masses():
    """k = 1: the menu {i} is shown with probability p_i (q({i}) = e_i)."""
    p, scores = [F(1, 2), F(1, 3), F(1, 6)], [F(1), F(2), F(3)]
    for construct in CONSTRUCTIONS:
        assert sorted(construct(p, scores, 1)) == [((0,), F(1, 2)), ((1,), F(1, 3)), ((2,), F(1, 6))]


def test_uniform_scores_and_uniform_target():
    n, k = 5, 2
    p = [F(1, n)] * n
    for construct in CONSTRUCTIONS:
        mu = construct(p, [7] * n, k)
        assert ap.mixture_choice_distribution(mu, [7] * n, k) == p


def test_two_items_one_slot_and_full_menu():
    assert md.menu_dist([F(1)], [F(1, 3)], 1) == [((0,), F(1))]
    assert md.menu_dist([F(1, 4), F(3, 4)], [F(1), F(3)], 2) == [((0, 1), F(1))]


def test_tied_stage_uses_round_robin_windows():
    """Four tied items, two seats: the round-robin windows {0,1}, {2,3} each get half the time."""
    stages = md.menu_dist_stages([F(1, 4)] * 4, [1] * 4, 2)
    assert len(stages) == 1 and stages[0].slots == 2 and stages[0].fixed == ()
    assert sorted(stages[0].windows()) == [((0, 1), F(1, 2)), ((2, 3), F(1, 2))]
    # five tied items, two seats: gcd 1 → five windows of 1/5 each, every item in two of them
    windows = list(md.menu_dist_stages([F(1, 5)] * 5, [1] * 5, 2)[0].windows())
    assert len(windows) == 5 and all(a == F(1, 5) for _, a in windows)


# ---------------------------------------------------------------------------------------------
# symmetry / invariance
# ---------------------------------------------------------------------------------------------
@given(inst=ird_points(min_n=2), data=st.data())
def test_permuting_items_permutes_the_distribution(inst, data):
    p, scores, k, _ = inst
    perm = data.draw(st.permutations(range(len(p))))  # new item j is old item perm[j]
    p2 = [p[i] for i in perm]
    f2 = [scores[i] for i in perm]
    assert ap.menu_times(p2, f2, k) == [ap.menu_times(p, scores, k)[i] for i in perm]
    for construct in CONSTRUCTIONS:
        mu2 = construct(p2, f2, k)
        assert ap.mixture_choice_distribution(mu2, f2, k) == p2


@given(inst=ird_points(), c=st.fractions(min_value=F(1, 10), max_value=10))
def test_scaling_scores_changes_nothing(inst, c):
    p, scores, k, _ = inst
    scaled = [c * f for f in scores]
    assert md.menu_dist(p, scaled, k) == md.menu_dist(p, scores, k)
    assert md.menu_dist_comb(p, scaled, k) == md.menu_dist_comb(p, scores, k)


# ---------------------------------------------------------------------------------------------
# validation messages
# ---------------------------------------------------------------------------------------------
FUNCTIONS = [md.menu_dist, md.menu_dist_comb, md.menu_dist_stages]


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "p,scores,k,message",
    [
        ([0.5, -0.1, 0.6], [1, 1, 1], 2, r"p must be a probability vector; entry 1 is negative"),
        ([0.5, 0.6, 0.1], [1, 1, 1], 2, r"p must be a probability vector of length n=3; its entries sum to 1.2"),
        ([0.5, float("nan"), 0.5], [1, 1, 1], 2, r"p must contain only finite numbers; entry 1 is nan"),
        ([0.5, float("inf"), 0.5], [1, 1, 1], 2, r"p must contain only finite numbers; entry 1 is inf"),
        ([0.5, 0.5], [1, 1, 1], 2, r"p and scores must have the same length n.*p has length 2 and scores has length 3"),
        ([0.5, 0.5, 0.0], [1, 0, 1], 2, r"scores must be positive; entry 1 is 0"),
        ([0.5, 0.5, 0.0], [1, -2.0, 1], 2, r"scores must be positive; entry 1 is -2.0"),
        ([0.5, 0.5, 0.0], [1, 1, 1], 0, r"k must be an integer with 1 <= k <= n=3; got k=0"),
        ([0.5, 0.5, 0.0], [1, 1, 1], 4, r"k must be an integer with 1 <= k <= n=3; got k=4"),
        ([0.5, 0.5, 0.0], [1, 1, 1], 1.5, r"k must be an integer with 1 <= k <= n=3; got k=1.5"),
    ],
)
def test_validation_messages(fn, p, scores, k, message):
    with pytest.raises(ValueError, match=rf"^{fn.__name__}: {message}"):
        fn(p, scores, k)


@pytest.mark.parametrize(
    "mu,message",
    [
        ([((0, 0), F(1))], r"credit_menu_times: menu_distribution menu must list distinct items"),
        ([((0, 5), F(1))], r"credit_menu_times: menu_distribution menu item 5 is out of range; items are 0..2"),
        ([((0, 1, 2), F(1))], r"credit_menu_times: menu_distribution menu must have exactly k=2 items; got 3"),
        ([((0, 1), F(1, 2))], r"credit_menu_times: menu_distribution weights must sum to 1; they sum to 1/2"),
        ([((0, 1), F(3, 2)), ((1, 2), F(-1, 2))], r"weights must be non-negative; menu \(1, 2\) has weight -1/2"),
        ([], r"credit_menu_times: menu_distribution must not be empty"),
    ],
)
def test_credit_validation_messages(mu, message):
    with pytest.raises(ValueError, match=message):
        md.credit_menu_times(mu, [1, 1, 1], 2)


def test_credit_validation_scores_and_k():
    with pytest.raises(ValueError, match=r"credit_menu_times: scores must be positive; entry 2 is 0"):
        md.credit_menu_times([((0, 1), F(1))], [1, 1, 0], 2)
    with pytest.raises(ValueError, match=r"credit_menu_times: k must be an integer with 1 <= k <= n=3; got k=4"):
        md.credit_menu_times([((0, 1), F(1))], [1, 1, 1], 4)


def test_exact_mode_returns_fractions_float_mode_returns_floats():
    mu = md.menu_dist([F(1, 2), F(1, 2)], [1, 2], 1)
    assert all(isinstance(w, Fraction) for _, w in mu)
    mu = md.menu_dist([0.5, 0.5], [1.0, 2.0], 1)
    assert all(isinstance(w, float) for _, w in mu)
    assert math.isclose(sum(w for _, w in mu), 1.0)


def test_p_from_menu_times_helper_has_those_menu_times():
    tau, scores = [F(1), F(1, 2), F(1, 2)], [F(1), F(2), F(3)]
    assert ap.menu_times(p_from_menu_times(tau, scores), scores, 2) == tau
