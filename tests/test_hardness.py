"""Tests for Theorem 4's reduction (reference/adaptive_preferences/hardness/thm4_mis_reduction.py)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import example, given, note
from hypothesis import strategies as st

import reference.adaptive_preferences.hardness.thm4_mis_reduction as hd
from reference.adaptive_preferences import menu_times, mixture_choice_distribution


def _alpha_exhaustive(m, edges):
    """Independence number by exhaustive enumeration (a third route, besides the circuit and networkx)."""
    E = {frozenset(e) for e in edges}
    for size in range(m, 0, -1):
        for S in itertools.combinations(range(m), size):
            if not any(frozenset(pair) in E for pair in itertools.combinations(S, 2)):
                return size
    return 0


@st.composite
def graphs(draw, max_m=6):
    m = draw(st.integers(1, max_m))
    pairs = list(itertools.combinations(range(m), 2))
    edges = [e for e in pairs if draw(st.booleans())] if pairs else []
    return m, edges


# -- bad input --------------------------------------------------------------------------------
def test_bad_graph_and_lambda_are_rejected():
    with pytest.raises(ValueError, match=r"HardnessModel: m \(the number of vertices\) must be an integer >= 1"):
        hd.HardnessModel([], 0)
    with pytest.raises(ValueError, match="HardnessModel: every edge must join two distinct vertices"):
        hd.HardnessModel([(0, 0)], 3)
    with pytest.raises(ValueError, match="HardnessModel: every edge must join two distinct vertices in 0..2"):
        hd.HardnessModel([(0, 5)], 3)
    with pytest.raises(ValueError, match="HardnessModel: lam must be a finite real number in \\(0, 1\\]"):
        hd.HardnessModel([], 3, lam=0)
    with pytest.raises(ValueError, match="HardnessModel.scores: memory must be a probability vector"):
        hd.HardnessModel([], 3).scores([Fraction(1, 2)] * 4)


def test_bad_solve_arguments_are_rejected():
    with pytest.raises(ValueError, match="best_reward_for_set_size: s must be an integer in 0..m=3"):
        hd.best_reward_for_set_size(4, 3, Fraction(1, 10))
    with pytest.raises(ValueError, match="best_reward_for_set_size: k must be at least 2"):
        hd.best_reward_for_set_size(1, 3, Fraction(1, 10), k=1)
    with pytest.raises(ValueError, match="witness_menu_distribution: need k ≥ 2 and \\|vertex_set\\| ≥ k − 1"):
        hd.witness_menu_distribution([0], k=3)
    with pytest.raises(ValueError, match="witness_distribution: vertex_set must be a non-empty set of vertices"):
        hd.witness_distribution(hd.HardnessModel([], 3), [])


# -- the circuit ---------------------------------------------------------------------------------
def test_uniform_memory_on_a_set_proposes_exactly_that_set():
    m = 5
    for size in range(1, m + 1):
        for S in itertools.combinations(range(m), size):
            v = [Fraction(1, 3)] + [Fraction(2, 3 * size) if j in S else Fraction(0) for j in range(m)]
            assert hd.proposal_set(v, m) == frozenset(S)


def test_item_one_memory_proposes_nothing():
    assert hd.proposal_set([Fraction(1), Fraction(0), Fraction(0)], 2) == frozenset()


def test_circuit_on_the_five_cycle():
    model = hd.HardnessModel(nx.cycle_graph(5).edges(), 5, Fraction(1, 10))
    indep = hd.witness_distribution(model, [0, 2])
    assert model.scores(indep)[0] == Fraction(1, 10) + Fraction(9, 10) * Fraction(2, 5)
    edge = hd.witness_distribution(model, [0, 1])
    assert model.scores(edge)[0] == Fraction(1, 10)  # not independent → the floor
    assert model.scores(edge)[1:] == [1] * 5


def test_float_scores_agree_with_exact():
    model = hd.HardnessModel(nx.path_graph(4).edges(), 4, Fraction(1, 7))
    v = hd.witness_distribution(model, [0, 2])
    fx = model.scores(v)
    ff = hd.HardnessModel(nx.path_graph(4).edges(), 4, 1 / 7).scores(np.array([float(x) for x in v]))
    assert np.allclose([float(x) for x in fx], ff, atol=1e-15)


# -- the solve and the optimum --------------------------------------------------------------------
def test_degenerate_cases_empty_and_complete_graph():
    lam = Fraction(1, 100)
    empty = hd.HardnessModel([], 4, lam)  # α = m: g = 1, h = 1/2
    assert hd.max_self_realizable_reward_by_witnesses(empty)[0] == Fraction(1, 2)
    complete = hd.HardnessModel(nx.complete_graph(4).edges(), 4, lam)  # α = 1
    assert hd.max_self_realizable_reward_by_witnesses(complete)[0] == hd.best_reward_for_set_size(1, 4, lam)


def test_witness_menu_time_of_item_one_is_exactly_one():
    model = hd.HardnessModel(nx.cycle_graph(6).edges(), 6, Fraction(1, 20))
    for k in (2, 3):
        p = hd.witness_distribution(model, [0, 2, 4], k)
        tau = menu_times(p, model.scores(p), k)
        assert tau[0] == 1 and all(t == Fraction(k - 1, 3) for j, t in enumerate(tau[1:]) if j in (0, 2, 4))


def test_pattern_lps_match_witnesses_on_the_five_cycle():
    model = hd.HardnessModel(nx.cycle_graph(5).edges(), 5, Fraction(1, 100))
    exact, _ = hd.max_self_realizable_reward_by_witnesses(model)
    lp = hd.max_self_realizable_reward_by_patterns(model)
    assert lp["value"] == pytest.approx(float(exact), abs=1e-9)
    assert lp["upper"] <= float(exact) + 1e-9
    assert lp["lps"] == 31


@given(graphs(), st.sampled_from([Fraction(1, 100), Fraction(1, 3), Fraction(1)]), st.sampled_from([2, 3]))
@example((5, list(nx.cycle_graph(5).edges())), Fraction(1, 100), 2)
def test_best_self_realizable_reward_is_h_of_alpha(graph, lam, k):
    m, edges = graph
    alpha = _alpha_exhaustive(m, edges)
    if m < k:
        k = 2
    model = hd.HardnessModel(edges, m, lam)
    value, best = hd.max_self_realizable_reward_by_witnesses(model, k)
    note(f"m={m} edges={edges} alpha={alpha} value={value} best={best}")
    assert value == hd.best_reward_for_set_size(alpha, m, lam, k)
    if lam < 1:  # with λ = 1 the model is constant and every set ties
        assert len(best) == alpha


@given(graphs(), st.sampled_from([2, 3]))
def test_independent_witness_is_realised_by_its_explicit_menu_distribution(graph, k):
    m, edges = graph
    model = hd.HardnessModel(edges, m, Fraction(1, 10))
    E = {frozenset(e) for e in edges}
    S = []  # a greedy maximal independent set
    for j in range(m):
        if all(frozenset((i, j)) not in E for i in S):
            S.append(j)
    if len(S) < k - 1:
        k = 2
    p = hd.witness_distribution(model, S, k)
    mu = hd.witness_menu_distribution(S, k)
    note(f"S={S} p={p} mu={mu}")
    assert mixture_choice_distribution(mu, model.scores(p), k) == p
    assert hd.is_self_realizable(model, p, k)
