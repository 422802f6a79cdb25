"""Theorem 4 (paper A, §5 / Appendix D): the reduction from Maximum Independent Set.

Main statements
---------------
* ``HardnessModel(edges, m, lam)`` — the preference model the reduction builds from a graph G on
  m vertices: n = m + 1 items, item 0 (the paper's "item 1") is the only item with reward 1, the
  m other items are G's vertices and have constant score 1, and item 0's score is the *circuit*

      f_0(v) = λ + (1 − λ) · ι(v) · c(v) / m                                          [recon]

  where the memory v "proposes" the vertex set S(v) = {j : v_j > 0 and m·v_j ≥ 1 − v_0}
  (``proposal_set``), c(v) = |S(v)| counts it and ι(v) = 1 iff S(v) is independent in G.
* ``self_realizability_margin(model, p, k)`` — 1 − max_i τ_i(p; f(p)): p is *realizable from
  itself*, p ∈ IRD(f(p)), iff this is ≥ 0 (Lemma 1, through ``menu_times``).
* ``best_reward_for_set_size(s, m, lam, k)`` — Appendix D's menu-time solve (*): with the other
  scores equal to 1, τ_0 ≤ 1 ⇔ p_0 ≤ g/((k − 1) + g) with g = f_0 = λ + (1 − λ)s/m      [recon]
  (certified symbolically with sympy: ``hardness_menu_time_solve_and_gradient``).
* **Theorem 4, exact form we certify** [derived from Appendix D]: for 2 ≤ k ≤ m (the reduction
  uses k = 2), max{p_0 : p ∈ IRD(f(p))} = h(α(G)) with h(s) = g(s)/((k − 1) + g(s)) and α(G)
  the independence number. Proof: for every p, S(p) is independent or ι = 0, so f_0(p) ≤ g(α)
  and τ_0 ≤ 1 forces p_0 ≤ h(α) (h is increasing); the witness ``witness_distribution`` (p_0 = h(α),
  the rest uniform on a maximum independent set, or near-uniform with sub-threshold filler when
  α < k − 1) attains it with τ_0 = 1 and τ_j ≤ 1.
  Since h(s) ∈ [g(s)/2, g(s)] for k = 2, a factor-c approximation of the optimum yields a
  factor-2c approximation of α(G) (up to the additive λ slack): the appendix's hardness transfer.
  Certified by brute force on all graphs with ≤ 7 vertices and random graphs up to 12
  (``hardness_best_self_realizable_reward_eq_h_of_mis``), by two routes:
  - ``max_self_realizable_reward_by_witnesses`` — the appendix's candidates, one per vertex
    subset (independent or not: the circuit decides), checked exactly (Fractions);
  - ``max_self_realizable_reward_by_patterns`` — independent of the appendix's argument: the
    model is constant on each region {p : S(p) = T}, so the supremum is the max over all 2^m
    patterns T of an LP (maximise p_0 over the closure of the region intersected with the
    polytope IRD(f_T), Lemma 1 being linear in p for fixed scores). An upper bound that
    meets the witnesses' lower bound.

Notation
--------
===========  ============================  =============================================
paper        code                          meaning
===========  ============================  =============================================
G, m         ``edges``, ``m``              graph on vertices 0..m−1 (items 1..m)
item 1       item ``0``                    the only rewarded item (reward 1, others 0)
S(v)         ``proposal_set``              vertices the memory proposes
x_j          ``proposal_gates``            gate: vertex j proposed
e_uv         ``edge_gates``                gate: both ends of edge uv proposed
ι(v)         ``independence_gate``         AND of all ¬e_uv
c(v)         ``counter_gate``              Σ_j x_j
f_1(v)       ``HardnessModel.scores``      λ + (1 − λ) ι c / m   (others: 1)
α(G)         (certificate: networkx)       independence number
h(s)         ``best_reward_for_set_size``  best self-realizable reward given |S| = s
===========  ============================  =============================================

Implementation notes
--------------------
Reconstruction choices (the surviving text lost every formula of Appendix D; see paper_map.md):
* the threshold of a proposal is relative, m·v_j ≥ 1 − v_0 (at least the uniform share of the
  mass not on item 1), so a memory whose non-item-1 mass is uniform on S proposes exactly S,
  matching "the score will only be maximized when the memory mass not placed on item [1] is
  (near-)uniformly allocated across items corresponding to the maximum independent set" (the
  bracketed item number is lost in the surviving text; ours);
* the other items' constant score is 1 (so f_0 ≤ 1 and (*) gives p_0 ≤ 1/k, our reading of the
  appendix's "This is at most [1/k] for any [s]", both bracketed symbols lost), and the counter
  ι·c "arithmetically scaled" is, in our reading, the affine map onto [λ, 1]. k = 2 is the
  reduction's menu size; the same optimum holds for every k ≤ m because mass below the proposal
  threshold can carry the menu time an independent set is too small for.
* The circuit is a threshold circuit: f_0 is piecewise constant, **not** Lipschitz (Theorem 4 as
  stated in Section 5 asks only for a circuit representation; a ramp of width δ instead of each
  step would make it Lipschitz with L = O(m/δ), not needed here).
Exact mode: rational p gives Fraction scores and exact menu times (no tolerance anywhere).

Certified in certificates/adaptive_preferences/hardness/thm4_mis_reduction.py:
``hardness_best_self_realizable_reward_eq_h_of_mis`` (the optimum, three routes),
``hardness_circuit_scores_size_of_proposed_independent_set`` (the circuit) and
``hardness_menu_time_solve_and_gradient`` ((*) and the gradient, sympy).
Findings: docs/findings.md, "Theorem 4: the optimum for every menu size".

References: paper A, arXiv 2302.06014, §5 (Theorem 4) and Appendix D; Arora & Barak (2009),
Computational Complexity (Max Independent Set is Poly-APX-hard).
"""

from __future__ import annotations

import itertools
import numbers
from fractions import Fraction

import numpy as np

import reference.adaptive_preferences.realizability.lemma1_menu_times as mt  # mutants patch its ird_margin
from reference._numerics import (
    check_integer,
    check_k,
    check_lam,
    check_probability_vector,
    errors_as,
    exact_mode,
    speaks_as,
)

__all__ = [
    "HardnessModel",
    "proposal_set",
    "proposal_gates",
    "edge_gates",
    "independence_gate",
    "counter_gate",
    "best_reward_for_set_size",
    "witness_distribution",
    "witness_menu_distribution",
    "self_realizability_margin",
    "is_self_realizable",
    "max_self_realizable_reward_by_witnesses",
    "max_self_realizable_reward_by_patterns",
]


# --------------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------------
def _exact_integer(x) -> int | None:
    """``int(x)`` for an int or numpy integer (not a bool), else None (the coercion policy's integer rule)."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        return None
    return int(x)


def _check_edges(fn: str, edges, m: int) -> list[tuple[int, int]]:
    """Edges as given (order kept): pairs of distinct integer vertices in 0..m−1."""
    if isinstance(edges, (str, bytes)) or not hasattr(edges, "__iter__"):
        raise ValueError(f"{fn}: edges must be a sequence of vertex pairs; got {edges!r:.80}.")
    out = []
    for e in edges:
        pair = list(e) if hasattr(e, "__iter__") and not isinstance(e, (str, bytes)) else None
        ints = [_exact_integer(x) for x in pair] if pair is not None else [None]
        if len(ints) != 2 or None in ints:
            raise ValueError(f"{fn}: edges must be pairs of integer vertex indices; got {e!r:.80}.")
        u, v = ints
        if not (0 <= u < m and 0 <= v < m) or u == v:
            raise ValueError(f"{fn}: every edge must join two distinct vertices in 0..{m - 1}; got {e!r}.")
        out.append((u, v))
    return out


def _check_graph(fn: str, edges, m):
    m = check_integer(fn, "m (the number of vertices)", m)
    out = {(min(u, v), max(u, v)) for u, v in _check_edges(fn, edges, m)}
    return tuple(sorted(out)), m


def _check_bits(fn: str, arg: str, x) -> list[int]:
    """A non-empty sequence of 0/1 integer gate outputs (not bools)."""
    if isinstance(x, (str, bytes)) or not hasattr(x, "__iter__") \
            or not all(_exact_integer(b) is not None and b in (0, 1) for b in x):
        raise ValueError(f"{fn}: {arg} must be a sequence of 0/1 integer bits; got {x!r:.80}.")
    bits = [int(b) for b in x]
    if not bits:
        raise ValueError(f"{fn}: {arg} must not be empty.")
    return bits


def _check_memory(fn: str, memory, m: int):
    """Memory vector of length m + 1 (a probability vector; exact when rational)."""
    return check_probability_vector(fn, memory, arg="memory", n=m + 1, exact=exact_mode(memory))


# --------------------------------------------------------------------------------------------
# the circuit (Appendix D), gate by gate
# --------------------------------------------------------------------------------------------
def proposal_gates(memory, m: int) -> list[int]:
    """x_j = 1 iff vertex j (item j+1) is proposed: v_{j+1} > 0 and m·v_{j+1} ≥ 1 − v_0 [recon]."""
    m = check_integer("proposal_gates", "m", m)
    memory = _check_memory("proposal_gates", memory, m)
    rest = 1 - memory[0]  # mass not on item 1
    return [int(memory[j + 1] > 0 and m * memory[j + 1] >= rest) for j in range(m)]


def edge_gates(x, edges) -> list[int]:
    """e_uv = x_u AND x_v for each edge uv: 1 iff the proposal contains both ends."""
    x = _check_bits("edge_gates", "x", x)
    edges = _check_edges("edge_gates", edges, len(x))
    return [x[u] & x[v] for u, v in edges]


def independence_gate(e) -> int:
    """ι = AND over edges of NOT e_uv: 1 iff the proposed set is independent (ι = 1 for no edges)."""
    if isinstance(e, (str, bytes)) or not hasattr(e, "__iter__") \
            or not all(_exact_integer(b) is not None and b in (0, 1) for b in e):
        raise ValueError(f"independence_gate: e must be a sequence of 0/1 integer edge bits; got {e!r:.80}.")
    return int(not any(e))


def counter_gate(x) -> int:
    """c = Σ_j x_j: the size of the proposed set."""
    if isinstance(x, (str, bytes)) or not hasattr(x, "__iter__") \
            or not all(_exact_integer(b) is not None and b in (0, 1) for b in x):
        raise ValueError(f"counter_gate: x must be a sequence of 0/1 proposal bits; got {x!r:.80}.")
    return sum(int(b) for b in x)


def proposal_set(memory, m: int) -> frozenset:
    """S(v) = {j : x_j(v) = 1}, the vertex set the memory vector proposes."""
    with errors_as("proposal_set"):
        gates = proposal_gates(memory, m)
    return frozenset(j for j, xj in enumerate(gates) if xj)


class HardnessModel:
    """The reduction's preference model for a graph: f_0 = λ + (1−λ)·ι·c/m, f_j = 1 (j ≥ 1).

    ``edges`` lists pairs of vertices in 0..m−1; vertex j is item j + 1. ``lam`` ∈ (0, 1] is the
    score floor. ``scores(memory)`` evaluates the circuit; it returns Fractions when the memory
    and λ are rational. ``lipschitz`` is None: the threshold circuit is discontinuous.
    """

    def __init__(self, edges, m: int, lam=Fraction(1, 100)):
        fn = "HardnessModel"
        self.edges, self.m = _check_graph(fn, edges, m)
        self.lam = check_lam(fn, lam)
        self.n = self.m + 1
        self.lipschitz = None

    def item_one_score(self, memory):
        """f_0(v) = λ + (1 − λ)·ι(v)·c(v)/m: the circuit's output."""
        memory = _check_memory("HardnessModel.item_one_score", memory, self.m)
        x = proposal_gates(memory, self.m)
        e = edge_gates(x, self.edges)
        valid_size = independence_gate(e) * counter_gate(x)  # |S| if independent, else 0
        if isinstance(self.lam, (int, Fraction)):
            return self.lam + (1 - self.lam) * Fraction(valid_size, self.m)
        return self.lam + (1 - self.lam) * valid_size / self.m

    def scores(self, memory):
        exact = exact_mode(memory) and isinstance(self.lam, (int, Fraction))
        v = check_probability_vector("HardnessModel.scores", memory, arg="memory", n=self.n, exact=exact)
        f0 = self.item_one_score(v)
        if exact:
            return [Fraction(f0)] + [Fraction(1)] * self.m
        out = np.ones(self.n)
        out[0] = float(f0)
        return out

    def __repr__(self) -> str:
        return f"HardnessModel(m={self.m}, edges={list(self.edges)}, lam={self.lam})"


# --------------------------------------------------------------------------------------------
# Appendix D's solve and its witnesses
# --------------------------------------------------------------------------------------------
def best_reward_for_set_size(s: int, m: int, lam, k: int = 2):
    """h(s) = g/((k−1) + g), g = λ + (1−λ)s/m: the largest p_0 with τ_0 ≤ 1 when f_0 = g [recon (*)].

    Derivation (Appendix D): with the other scores 1, τ_0 = k(p_0/g)/(p_0/g + (1 − p_0)) ≤ 1
    ⇔ (k − 1) p_0 ≤ (1 − p_0) g. Exact (Fraction) when λ is rational.
    """
    fn = "best_reward_for_set_size"
    m = check_integer(fn, "m", m)
    if isinstance(s, bool) or not isinstance(s, numbers.Integral) or not 0 <= s <= m:
        raise ValueError(f"{fn}: s must be an integer in 0..m={m}; got {s!r}.")
    lam = check_lam(fn, lam)
    k = check_k(fn, k, m + 1)
    if k < 2:
        raise ValueError(f"{fn}: k must be at least 2 (with k = 1 every p = e_i is realizable); got {k}.")
    g = lam + (1 - lam) * (Fraction(s, m) if isinstance(lam, (int, Fraction)) else s / m)  # f_0 at |S| = s
    return g / ((k - 1) + g)


def _check_model(fn: str, model) -> None:
    if not isinstance(model, HardnessModel):
        raise ValueError(f"{fn}: model must be a HardnessModel; got {type(model).__name__}.")


def _check_vertex_set(fn: str, vertex_set) -> list[int]:
    """A sorted list of distinct integer vertices (range checked by the caller)."""
    if isinstance(vertex_set, (str, bytes)) or not hasattr(vertex_set, "__iter__") or not all(
            isinstance(j, (int, np.integer)) and not isinstance(j, bool) for j in vertex_set):
        raise ValueError(f"{fn}: vertex_set must be a set of integer vertices; got {vertex_set!r:.80}.")
    return sorted(set(int(j) for j in vertex_set))


def witness_distribution(model: HardnessModel, vertex_set, k: int = 2):
    """Appendix D's candidate for a vertex set S: p_0 = h(|S|), the rest (near-)uniform on S (Fractions).

    If |S| ≥ k − 1 the rest is uniform on S (the appendix's witness). If |S| < k − 1 (possible only
    for k ≥ 3) the menu time k − 1 cannot be spread over S alone, so the rest puts share
    a = 1/m + η on S and b = 1/m − |S|η/(m − |S|) < 1/m on the other vertices (below the proposal
    threshold), η = ½·min(1/(k−1) − 1/m, (m − |S|)/(|S| m)) > 0 when m ≥ k: every share is ≤ 1/(k−1),
    so τ_j = (k − 1)·share ≤ 1 — the "near-uniform" allocation [derived]. Either way, if S is
    independent this p proposes exactly S and is realizable from itself with τ_0 = 1; otherwise the
    circuit scores it at f_0 = λ and it is not.
    """
    fn = "witness_distribution"
    _check_model(fn, model)
    S = _check_vertex_set(fn, vertex_set)
    if not S or S[0] < 0 or S[-1] >= model.m:
        raise ValueError(f"{fn}: vertex_set must be a non-empty set of vertices in 0..{model.m - 1}; "
                         f"got {vertex_set!r}.")
    m, s = model.m, len(S)
    if s < k - 1 and m < k:
        raise ValueError(f"{fn}: a set of {s} < k − 1 = {k - 1} vertices needs m ≥ k filler vertices; got m={m}.")
    lam = model.lam if isinstance(model.lam, (int, Fraction)) else Fraction(model.lam).limit_denominator(10**12)
    p0 = best_reward_for_set_size(s, m, lam, k)
    p = [Fraction(0)] * model.n
    p[0] = p0
    if s >= k - 1:
        share = {j: Fraction(1, s) for j in S}  # uniform on S (Appendix D)
    else:
        eta = min(Fraction(1, k - 1) - Fraction(1, m), Fraction(m - s, s * m)) / 2
        share = {j: (Fraction(1, m) + eta if j in S else Fraction(1, m) - s * eta / (m - s)) for j in range(m)}
    for j, w in share.items():
        p[j + 1] = (1 - p0) * w
    return p


def witness_menu_distribution(vertex_set, k: int = 2):
    """An explicit menu distribution realising the witness at its own scores (second route to Lemma 1).

    Menus {0} ∪ W_r for the |S| cyclic windows W_r of k − 1 consecutive vertices of S, each with
    weight 1/|S|: item 0 is on every menu (τ_0 = 1) and each vertex is in k − 1 windows. Needs
    |S| ≥ k − 1. Returns ``[(menu, weight)]`` with items indexed as in the model (vertex j = item j+1).
    """
    fn = "witness_menu_distribution"
    S = _check_vertex_set(fn, vertex_set)
    if len(S) < k - 1 or k < 2:
        raise ValueError(f"{fn}: need k ≥ 2 and |vertex_set| ≥ k − 1; got k={k}, |S|={len(S)}.")
    s = len(S)
    menus = {}
    for r in range(s):
        window = tuple(sorted(S[(r + i) % s] + 1 for i in range(k - 1)))
        menu = (0,) + window
        menus[menu] = menus.get(menu, Fraction(0)) + Fraction(1, s)
    return sorted(menus.items())


@speaks_as("self_realizability_margin")
def self_realizability_margin(model, p, k: int):
    """1 − max_i τ_i(p; f(p)) (Lemma 1 at memory v = p): ≥ 0 iff p ∈ IRD(f(p)). Exact for rational p."""
    _check_model("self_realizability_margin", model)
    check_probability_vector("self_realizability_margin", p, n=model.n, n_from="model.scores")
    return mt.ird_margin(p, model.scores(p), k)


@speaks_as("is_self_realizable")
def is_self_realizable(model, p, k: int) -> bool:
    """p ∈ IRD(f(p)): the distribution is realizable from itself (Lemma 1 via ``menu_times``)."""
    _check_model("is_self_realizable", model)
    check_probability_vector("is_self_realizable", p, n=model.n, n_from="model.scores")
    return mt.in_ird(p, model.scores(p), k)


# --------------------------------------------------------------------------------------------
# two routes to max{p_0 : p ∈ IRD(f(p))}
# --------------------------------------------------------------------------------------------
def max_self_realizable_reward_by_witnesses(model: HardnessModel, k: int = 2):
    """Route 1 (Appendix D's candidates): max p_0 over the self-realizable witnesses of all 2^m − 1
    non-empty vertex subsets (the circuit decides which are independent). Exact (Fraction).

    Returns ``(value, best_set)``; value 0 and set None if no witness is self-realizable.
    Sizes are scanned from m down and a size is skipped once h(size) cannot beat the best found.
    """
    _check_model("max_self_realizable_reward_by_witnesses", model)
    best, best_set = Fraction(0), None
    lam = model.lam if isinstance(model.lam, (int, Fraction)) else Fraction(model.lam).limit_denominator(10**12)
    for size in range(model.m, 0, -1):  # largest sets first: a witness's p_0 = h(|S|) grows with |S|
        if (size < k - 1 and model.m < k) or best_reward_for_set_size(size, model.m, lam, k) <= best:
            continue  # no witness of this size can beat the best found
        for S in itertools.combinations(range(model.m), size):
            p = witness_distribution(model, S, k)
            if self_realizability_margin(model, p, k) >= 0 and p[0] > best:
                best, best_set = p[0], frozenset(S)
    return best, best_set


def max_self_realizable_reward_by_patterns(model: HardnessModel, k: int = 2):
    """Route 2 (independent of the appendix's argument): sup{p_0 : p ∈ IRD(f(p))} by one LP per
    proposal pattern T ⊆ V.

    On the region R_T = {p : S(p) = T} the scores are the constant f_T (evaluated by the circuit
    at a point of R_T), and IRD(f_T) = {p : k p_i/f_i ≤ Σ_j p_j/f_j ∀i} is a polytope (Lemma 1).
    Each LP maximises p_0 over closure(R_T) ∩ IRD(f_T) (m p_j ≥ 1 − p_0 on T, ≤ on V∖T), an upper
    bound on the supremum over R_T; T = ∅ is the single point e_0 (checked directly).

    Solver output is a claim, so each LP's optimum is bounded from above by weak duality with
    HiGHS's multipliers y: for feasible x ≥ 0 with Σx = 1, −p_0 = c·x ≥ b·y + min(0, min_i (c − Aᵀy)_i).
    Returns a dict: ``value`` (best primal p_0, float), ``upper`` (max dual-certified upper bound),
    ``pattern`` (the best T), ``lps`` (number solved), ``infeasible`` (patterns HiGHS reported
    infeasible; they contribute nothing).
    """
    _check_model("max_self_realizable_reward_by_patterns", model)
    from scipy.optimize import linprog

    m, n = model.m, model.n
    out = {"value": -1.0, "upper": -1.0, "pattern": None, "lps": 0, "infeasible": 0}
    e0 = [Fraction(1)] + [Fraction(0)] * m
    if self_realizability_margin(model, e0, k) >= 0:
        out.update(value=1.0, upper=1.0, pattern=frozenset())
    for size in range(1, m + 1):
        for T in itertools.combinations(range(m), size):
            rep = [Fraction(1, 2)] + [Fraction(1, 2 * size) if j in T else Fraction(0) for j in range(m)]
            assert proposal_set(rep, m) == frozenset(T)
            g = 1.0 / np.asarray(model.scores(rep), dtype=float)  # 1/f_T
            A, b = [], []
            for j in range(m):  # the region's closure
                row = np.zeros(n)
                if j in T:  # 1 − p_0 − m p_j ≤ 0
                    row[0], row[j + 1] = -1.0, -m
                    A.append(row), b.append(-1.0)
                else:  # m p_j − (1 − p_0) ≤ 0
                    row[0], row[j + 1] = 1.0, m
                    A.append(row), b.append(1.0)
            for i in range(n):  # Lemma 1: k p_i/f_i − Σ_j p_j/f_j ≤ 0
                row = -g.copy()
                row[i] += k * g[i]
                A.append(row), b.append(0.0)
            A, b = np.array(A), np.array(b)
            c = np.zeros(n)
            c[0] = -1.0
            res = linprog(c, A_ub=A, b_ub=b, A_eq=np.ones((1, n)), b_eq=[1.0],
                          bounds=[(0, None)] * n, method="highs")
            out["lps"] += 1
            if res.status == 2:
                out["infeasible"] += 1
                continue
            if res.status != 0:
                raise RuntimeError(f"max_self_realizable_reward_by_patterns: HiGHS failed on pattern {T}: "
                                   f"{res.message}")
            y_ub = np.minimum(res.ineqlin.marginals, 0.0)  # dual multipliers (≤ 0 for ≤ rows)
            y_eq = res.eqlin.marginals
            reduced = c - A.T @ y_ub - y_eq[0]  # reduced costs; ≥ 0 at dual feasibility
            upper = -(b @ y_ub + y_eq[0]) - min(0.0, float(reduced.min()))  # weak duality
            if -res.fun > out["value"]:
                out["value"], out["pattern"] = float(-res.fun), frozenset(T)
            out["upper"] = max(out["upper"], float(upper))
    return out
