"""The trusted core: choice model (Section 2.1), discounted memory (Definition 1), menu times (Lemma 1).

Validation messages are pinned for every public function; properties are tested on built instances.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import comb

import numpy as np
import pytest
from hypothesis import example, given, note, target
from hypothesis import strategies as st
from lemma1_strategies import any_points, exact_scores, ird_points, rational_simplex, sizes

import reference.adaptive_preferences as ap

F = Fraction
NAN, INF = float("nan"), float("inf")


# =============================================================================================
# choice model
# =============================================================================================
@given(size=sizes(max_n=7), data=st.data())
def test_choice_distribution_is_proportional_on_the_menu(size, data):
    n, k = size
    scores = data.draw(exact_scores(n))
    menu = tuple(sorted(data.draw(st.permutations(range(n)))[:k]))
    q = ap.choice_distribution(menu, scores)
    assert sum(q) == 1 and all(q[i] == 0 for i in range(n) if i not in menu)
    for i, j in itertools.combinations(menu, 2):
        assert q[i] * scores[j] == q[j] * scores[i]  # q_i / q_j = f_i / f_j
    qf = ap.choice_distribution(menu, [float(f) for f in scores])
    assert np.allclose(qf, [float(x) for x in q], atol=1e-15)


def test_choice_distribution_menu_order_is_irrelevant():
    assert ap.choice_distribution((2, 0), [1, 2, 3]) == ap.choice_distribution([0, 2], [1, 2, 3]) == [
        F(1, 4), F(0), F(3, 4)]


@pytest.mark.parametrize("n,k", [(1, 1), (4, 1), (4, 2), (4, 4), (6, 3)])
def test_all_menus_count_and_order(n, k):
    menus = ap.all_menus(n, k)
    assert len(menus) == comb(n, k) and menus == sorted(menus)
    assert all(len(set(m)) == k for m in menus)


def test_mixture_of_point_masses_is_the_mixture():
    mu = [((0,), F(1, 3)), ((2,), F(2, 3))]
    assert ap.mixture_choice_distribution(mu, [1, 5, 7]) == [F(1, 3), F(0), F(2, 3)]
    assert np.allclose(ap.mixture_choice_distribution([((0, 1), 1.0)], [1.0, 3.0]), [0.25, 0.75])


@pytest.mark.parametrize("call,message", [
    (lambda: ap.choice_distribution((0, 1), [1, 0, 1]), r"^choice_distribution: scores must be positive; entry 1 is 0"),
    (lambda: ap.choice_distribution((0, 1), [1, -1.5, 1]),
     r"^choice_distribution: scores must be positive; entry 1 is -1.5"),
    (lambda: ap.choice_distribution((0, 1), [1, NAN, 1]),
     r"^choice_distribution: scores must contain only finite numbers; entry 1 is nan"),
    (lambda: ap.choice_distribution((0, 1), [1, INF, 1]),
     r"^choice_distribution: scores must contain only finite numbers; entry 1 is inf"),
    (lambda: ap.choice_distribution((0, 3), [1, 1, 1]),
     r"^choice_distribution: menu item 3 is out of range; items are 0..2"),
    (lambda: ap.choice_distribution((0, -1), [1, 1, 1]), r"^choice_distribution: menu item -1 is out of range"),
    (lambda: ap.choice_distribution((1, 1), [1, 1, 1]),
     r"^choice_distribution: menu must list distinct items; got \(1, 1\) with a duplicate"),
    (lambda: ap.choice_distribution((0.0, 1), [1, 1, 1]),
     r"^choice_distribution: menu items must be integers in 0..2; got 0.0"),
    (lambda: ap.choice_distribution((), [1, 1, 1]), r"^choice_distribution: menu must not be empty"),
    (lambda: ap.choice_distribution(3, [1, 1, 1]),
     r"^choice_distribution: menu must be a sequence of item indices; got 3"),
    (lambda: ap.choice_distribution((0,), []), r"^choice_distribution: scores must not be empty"),
    (lambda: ap.choice_distribution((0,), "ab"), r"^choice_distribution: scores must be a one-dimensional sequence"),
    (lambda: ap.all_menus(0, 1), r"^all_menus: n must be an integer >= 1; got 0"),
    (lambda: ap.all_menus(3, 0), r"^all_menus: k must be an integer with 1 <= k <= n=3; got k=0"),
    (lambda: ap.all_menus(3, 4), r"^all_menus: k must be an integer with 1 <= k <= n=3; got k=4"),
    (lambda: ap.mixture_choice_distribution([], [1, 1]),
     r"^mixture_choice_distribution: menu_distribution must be a non-empty list"),
    (lambda: ap.mixture_choice_distribution([((0,), 0.5)], [1, 1]),
     r"^mixture_choice_distribution: menu_distribution weights must sum to 1; they sum to 0.5"),
    (lambda: ap.mixture_choice_distribution([((0,), 1.5), ((1,), -0.5)], [1, 1]),
     r"weights must be non-negative; menu \(1,\) has weight -0.5"),
    (lambda: ap.mixture_choice_distribution([((0,), 0.5), ((1,), NAN)], [1, 1]), r"weights must be finite; got nan"),
    (lambda: ap.mixture_choice_distribution([((0,), 0.5), ((0, 1), 0.5)], [1, 1]),
     r"menu_distribution menu must have exactly k=1 items; got 2"),
    (lambda: ap.mixture_choice_distribution([((0, 2), 1.0)], [1, 1]), r"menu_distribution menu item 2 is out of range"),
    (lambda: ap.mixture_choice_distribution([((0, 1), 1.0)], [1, 1], k=1), r"must have exactly k=1 items; got 2"),
    (lambda: ap.mixture_choice_distribution([(0, 1, 1.0)], [1, 1]),
     r"must be a non-empty list of \(menu, weight\) pairs"),
])
def test_choice_validation_messages(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# =============================================================================================
# discounted memory (Definition 1)
# =============================================================================================
@given(
    n=st.integers(1, 5),
    gamma=st.fractions(min_value=F(1, 10), max_value=1, max_denominator=10).filter(lambda g: g > 0),
    w0=st.fractions(min_value=0, max_value=4, max_denominator=4),
    data=st.data(),
)
@example(n=2, gamma=F(1), w0=F(0), data=None)  # γ = 1, W_0 = 0: the empirical distribution of selections
def test_recursion_equals_closed_form_exactly(n, gamma, w0, data):
    if data is None:
        history, v1 = [0, 1, 1, 0, 1], [F(1, 2), F(1, 2)]
    else:
        history = data.draw(st.lists(st.integers(0, n - 1), max_size=12))
        v1 = data.draw(rational_simplex(n))
    v, w = v1, w0
    for i in history:
        v, w = ap.discounted_memory_update(v, i, gamma, w)
    assert v == ap.memory_from_history(history, gamma, n, initial_memory=v1, initial_weight=w0)
    if gamma == 1 and w0 == 0 and history:
        assert v == [F(history.count(i), len(history)) for i in range(n)]


@given(seed=st.integers(0, 2**32 - 1))
def test_recursion_equals_closed_form_in_floats(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 8))
    gamma, w0 = float(rng.uniform(0.01, 1)), float(rng.uniform(0, 5))
    history = [int(i) for i in rng.integers(0, n, size=int(rng.integers(0, 60)))]
    v1 = rng.dirichlet(np.ones(n))
    v, w = v1, w0
    for i in history:
        v, w = ap.discounted_memory_update(v, i, gamma, w)
    err = float(np.max(np.abs(v - ap.memory_from_history(history, gamma, n, initial_memory=v1, initial_weight=w0))))
    target(err, label="recursion vs closed form")
    assert err <= 1e-12


def test_memory_step_size_matches_spec_formula():
    gamma, w = F(1, 3), F(0)
    for t in range(1, 8):
        step = ap.memory_step_size(gamma, w)
        assert step == (1 - gamma) / (1 - gamma**t)  # spec §2: w_t = (1 − γ)/(1 − γ^t) for W_0 = 0
        w = gamma * w + 1


def test_memory_drift_bound_and_horizon():
    v, w = [F(1, 4)] * 4, F(1)
    new, _ = ap.discounted_memory_update(v, 2, F(1, 2), w)
    assert sum(abs(a - b) for a, b in zip(new, v)) <= ap.memory_l1_drift_bound(F(1, 2), w)
    assert ap.effective_horizon(0.5) == 2.0 and ap.effective_horizon(1) == float("inf")


def test_empty_history_returns_initial_memory():
    assert ap.memory_from_history([], F(1, 2), 3) == [F(1, 3)] * 3
    assert np.allclose(ap.memory_from_history([], 0.5, 2, initial_memory=[0.2, 0.8]), [0.2, 0.8])


@pytest.mark.parametrize("call,message", [
    (lambda: ap.discounted_memory_update([0.5, 0.5], 0, 0, 1),
     r"^discounted_memory_update: gamma must be a finite real number in \(0, 1\]; got 0"),
    (lambda: ap.discounted_memory_update([0.5, 0.5], 0, 1.5, 1),
     r"^discounted_memory_update: gamma must be a finite real number in \(0, 1\]; got 1.5"),
    (lambda: ap.discounted_memory_update([0.5, 0.5], 0, NAN, 1),
     r"^discounted_memory_update: gamma must be a finite real number in \(0, 1\]; got nan"),
    (lambda: ap.discounted_memory_update([0.5, 0.5], 0, "a", 1),
     r"^discounted_memory_update: gamma must be a finite real number in \(0, 1\]"),
    (lambda: ap.discounted_memory_update([0.5, 0.5], 0, 0.5, -1),
     r"^discounted_memory_update: weight must be a finite real number >= 0; got -1"),
    (lambda: ap.discounted_memory_update([0.5, 0.5], 0, 0.5, INF),
     r"^discounted_memory_update: weight must be a finite real number >= 0; got inf"),
    (lambda: ap.discounted_memory_update([0.5, 0.5], 2, 0.5, 1),
     r"^discounted_memory_update: chosen must be an item index in 0..1; got 2"),
    (lambda: ap.discounted_memory_update([0.5, 0.5], True, 0.5, 1),
     r"^discounted_memory_update: chosen must be an item index in 0..1; got True"),
    (lambda: ap.discounted_memory_update([0.6, 0.5], 0, 0.5, 1),
     r"^discounted_memory_update: memory must be a probability vector of length n=2; its entries sum to 1.1"),
    (lambda: ap.discounted_memory_update([1.5, -0.5], 0, 0.5, 1),
     r"^discounted_memory_update: memory must be a probability vector; entry 1 is negative"),
    (lambda: ap.discounted_memory_update([NAN, 0.5], 0, 0.5, 1),
     r"^discounted_memory_update: memory must contain only finite numbers; entry 0 is nan"),
    (lambda: ap.memory_from_history([0], 0.5, 0), r"^memory_from_history: n must be an integer >= 1; got 0"),
    (lambda: ap.memory_from_history([0, 3], 0.5, 2),
     r"^memory_from_history: history must list item indices in 0..1; got 3"),
    (lambda: ap.memory_from_history([0], 0.5, 2, initial_memory=[1.0]),
     r"^memory_from_history: initial_memory must have length n=2"),
    (lambda: ap.memory_from_history([0], 0.5, 2, initial_weight=-2),
     r"^memory_from_history: initial_weight must be a finite real number >= 0; got -2"),
    (lambda: ap.memory_from_history([0], 0.5, 2, initial_weight=INF),
     r"^memory_from_history: initial_weight must be a finite real number >= 0; got inf"),
    (lambda: ap.memory_from_history([0], 2, 2),
     r"^memory_from_history: gamma must be a finite real number in \(0, 1\]; got 2"),
    (lambda: ap.memory_step_size(0.5, -1), r"^memory_step_size: weight must be a finite real number >= 0"),
    (lambda: ap.effective_horizon(0), r"^effective_horizon: gamma must be a finite real number in \(0, 1\]; got 0"),
    (lambda: ap.Agent(ap.ConstantModel([1.0, 1.0]), 0.5, seed=0, initial_weight=-1),
     r"^Agent: initial_weight must be a finite real number >= 0; got -1"),
    (lambda: ap.in_ird([0.5, 0.5], [1.0, 1.0], 1, atol=-1e-9),
     r"^in_ird: atol must be a finite real number >= 0; got -1e-09"),
    (lambda: ap.in_ird([0.5, 0.5], [1.0, 1.0], 1, atol=NAN),
     r"^in_ird: atol must be a finite real number >= 0; got nan"),
])
def test_memory_validation_messages(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# =============================================================================================
# menu times (Lemma 1)
# =============================================================================================
@given(inst=any_points())
def test_menu_times_sum_to_k_and_margin_matches(inst):
    p, scores, k = inst
    tau = ap.menu_times(p, scores, k)
    assert sum(tau) == k and all(t >= 0 for t in tau)
    margin = ap.ird_margin(p, scores, k)
    assert margin == 1 - max(tau)
    assert ap.in_ird(p, scores, k) == (margin >= 0)
    target(-abs(float(margin)), label="closeness to the boundary")


@given(inst=ird_points())
@example(inst=([F(1, 2), F(1, 2), F(0)], [1, 1, 1], 2, [F(1), F(1), F(0)]))
def test_points_built_from_tau_have_that_tau_and_are_in_ird(inst):
    p, scores, k, tau = inst
    assert ap.menu_times(p, scores, k) == tau
    assert ap.in_ird(p, scores, k)
    note(f"max τ = {max(tau)}")


@given(inst=any_points(min_n=2), data=st.data())
def test_menu_times_permutation_and_scale_invariance(inst, data):
    p, scores, k = inst
    perm = data.draw(st.permutations(range(len(p))))
    c = data.draw(st.fractions(min_value=F(1, 7), max_value=7))
    tau = ap.menu_times(p, scores, k)
    assert ap.menu_times([p[i] for i in perm], [scores[i] for i in perm], k) == [tau[i] for i in perm]
    assert ap.menu_times(p, [c * f for f in scores], k) == tau  # scores matter only up to scale


@given(inst=any_points())
def test_float_menu_times_match_exact(inst):
    p, scores, k = inst
    exact = ap.menu_times(p, scores, k)
    floats = ap.menu_times([float(x) for x in p], [float(f) for f in scores], k)
    assert np.allclose(floats, [float(t) for t in exact], rtol=1e-12, atol=1e-15)


def test_degenerate_k():
    p, f = [F(1, 2), F(1, 3), F(1, 6)], [F(1), F(2), F(3)]
    assert ap.in_ird(p, f, 1)  # k = 1: IRD(v) = Δ(n)
    assert ap.menu_times(p, f, 3) != [1, 1, 1] and not ap.in_ird(p, f, 3)
    q = ap.choice_distribution((0, 1, 2), f)  # k = n: IRD(v) = {q([n]; v)}
    assert ap.menu_times(q, f, 3) == [1, 1, 1] and ap.in_ird(q, f, 3)
    assert ap.menu_times([F(1)], [F(5)], 1) == [1]  # n = 1


def test_uniform_scores_capped_simplex():
    assert ap.in_ird([F(1, 2), F(1, 2), F(0)], [3, 3, 3], 2)
    assert not ap.in_ird([F(1, 2) + F(1, 100), F(1, 2) - F(1, 100), F(0)], [3, 3, 3], 2)


def test_float_tolerance_of_in_ird():
    p = np.array([0.5 + 1e-12, 0.5 - 1e-12, 0.0])
    assert ap.in_ird(p, [1.0, 1.0, 1.0], 2)  # within IRD_FLOAT_ATOL
    assert not ap.in_ird(p, [1.0, 1.0, 1.0], 2, atol=0.0)


MT_FUNCTIONS = [ap.menu_times, ap.in_ird, ap.ird_margin]


@pytest.mark.parametrize("fn", MT_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("p,scores,k,message", [
    ([0.5, -0.1, 0.6], [1, 1, 1], 2, r"p must be a probability vector; entry 1 is negative \(-0.1\)"),
    ([0.5, 0.6, 0.1], [1, 1, 1], 2, r"p must be a probability vector of length n=3; its entries sum to 1.2"),
    ([F(1, 2), F(1, 3), F(0)], [1, 1, 1], 2,
     r"p must be a probability vector of length n=3; its entries sum to 5/6, not 1"),
    ([0.5, NAN, 0.5], [1, 1, 1], 2, r"p must contain only finite numbers; entry 1 is nan"),
    ([0.5, -INF, 0.5], [1, 1, 1], 2, r"p must contain only finite numbers; entry 1 is -inf"),
    ([0.5, 0.5], [1, 1, 1], 2, r"p and scores must have the same length n.*p has length 2 and scores has length 3"),
    ([[0.5, 0.5]], [1], 1, r"p must be one-dimensional; got an array of shape \(1, 2\)"),
    ([0.5, 0.5, 0.0], [1, 0, 1], 2, r"scores must be positive; entry 1 is 0"),
    ([0.5, 0.5, 0.0], [1, -3, 1], 2, r"scores must be positive; entry 1 is -3"),
    ([0.5, 0.5, 0.0], [1, NAN, 1], 2, r"scores must contain only finite numbers; entry 1 is nan"),
    ([0.5, 0.5, 0.0], [], 2, r"scores must not be empty"),
    ([0.5, 0.5, 0.0], [1, 1, 1], 0, r"k must be an integer with 1 <= k <= n=3; got k=0"),
    ([0.5, 0.5, 0.0], [1, 1, 1], 4, r"k must be an integer with 1 <= k <= n=3; got k=4"),
    ([0.5, 0.5, 0.0], [1, 1, 1], 2.0, r"k must be an integer with 1 <= k <= n=3; got k=2.0"),
    ([0.5, 0.5, 0.0], [1, 1, 1], True, r"k must be an integer with 1 <= k <= n=3; got k=True"),
])
def test_menu_times_validation_messages(fn, p, scores, k, message):
    with pytest.raises(ValueError, match=rf"^{fn.__name__}: {message}"):
        fn(p, scores, k)
