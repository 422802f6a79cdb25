"""Theorem 6 (paper A, Section 6.2, Appendix E.2): the short-memory lower-bound construction.

Main statements
---------------
* ``encode_history`` / ``decode_recent_history`` — for γ < 1/2 the newest step of memory weighs
  more than all earlier steps together (1 > γ + γ² + … = γ/(1 − γ)), so a memory vector encodes
  the history: greedy γ-adic decoding recovers the last d selections exactly [seed prose].
  Encoding uses the core ``memory_from_history`` with pseudo-weight W_0 = 1/(1 − γ), which makes
  the total weight stationary (W_t = γW_{t−1} + 1 = 1/(1 − γ)) so decoding needs no clock.
  Certified: ``short_memory_history_decoding_is_exact`` (round trip on all histories, Fractions).
* ``state_separation_bounds(gamma, d)`` [derived] — memories with the same last d selections are
  within ℓ1 distance 2γ^d; memories whose last d selections differ are ≥ 2γ^{d−1}(1 − 2γ) apart.
* ``ShortMemoryLowerBoundModel(n, k, d, gamma, seed)`` — one model of the random family M
  [recon: the seed lost every formula of the generating process]:
    - the state s(v) is the decoded last-d history (n^d states);
    - λ = 1/(n − k + 1);
    - for each state s, A_s is a uniformly random set of k − 2 items among {1, …, n−1}
      (item 0 is the paper's item 1, the only item with reward 1);
    - f_i(s) = λ if i = 0 or i ∈ A_s, and f_i(s) = 1 otherwise.
  The surviving sentence is "Let [f_i(s) = ·] if [i = 1] or [i ∈ A_s], and [·] otherwise" (the
  bracketed symbols are lost): its two readings are λ on {1} ∪ A_s and 1 elsewhere (ours), or the
  reverse. Ours is the only one under which the optimal menu distribution generates u_n, as the
  appendix asserts; with scores 1 on {1} ∪ A_s item 1 is chosen w.p. 1/(k − 1 + λ) ≠ 1/n (the
  reverse reading is a mutant of ``short_memory_model_properties_hold_exactly``).
* Properties [recon values, certified exactly by ``short_memory_model_properties_hold_exactly``]:
    - ``optimal_menus(state)`` — the menus maximising item 0's choice probability are exactly
      {0} ∪ A_s ∪ {j}, j ∉ {0} ∪ A_s; value ``optimal_reward(n, k)`` = λ/(1 + (k − 1)λ) = 1/n;
    - ``optimal_menu_distribution(state)`` (j uniform) induces u_n; u_n ∈ IRD(f(s)) with
      τ = 1 on {0} ∪ A_s (tight) and 1/(n − k + 1) elsewhere;
    - every menu inconsistent with A_s gives item 0 probability ≤ ``inconsistent_menu_reward_bound``
      = λ/(2 + (k − 2)λ) = 1/(2n − k) (attained): a per-round loss ≥ (n − k)/(n(2n − k));
    - ``eird_item_one_upper_bound(n, k)`` = 1/n: averaging Lemma 1's constraint τ_0 ≤ 1 over all
      companion sets gives p_0 ≤ 1/n on ∩_s IRD(f(s)) ⊇ EIRD, and u_n attains it, so the EIRD
      benchmark earns exactly 1/n per round (= the optimal policy: regret against EIRD is
      regret against the optimal policy).
* ``fresh_state_best_reward`` / ``fresh_state_regret_lower_bound`` [derived, E.2's "random
  hypothesis" step]: at a state never visited, A_s is uniform and independent of everything seen, so
  every menu loses ≥ (1 − (k−1)/C(n−1, k−2))·(1/n − 1/(2n−k)) in expectation; under consistent play
  choices are i.i.d. uniform, so the state law is exactly uniform on the n^d states and the chance
  that round t revisits a state is ≤ t/n^d — the quasi-polynomial horizon when d = Θ(log n).
* ``interpolate_inverse_scores`` [derived] — the smooth extension between states: interpolate
  1/f (a partition of unity over states, default scores 1 far from every state). Lemma 1's
  condition for u_n, k/f_i ≤ Σ_j 1/f_j, is linear in 1/f, so u_n ∈ IRD(f(v)) for *every* v
  (u_n ∈ EIRD), and f is L-smooth with L = (1/λ − 1)/ρ, ρ = γ^{d−1}(1 − 2γ) (bump radius, half
  the state separation): L = (n − k)/(γ^{d−1}(1 − 2γ)) — poly(n) when d = O(log n).

Notation
--------
===========  =================================  ===========================================
paper        code                               meaning
===========  =================================  ===========================================
γ            ``gamma``                          discount, < 1/2 (default 1/3)
(trunc.)     ``depth`` / ``d``                  length of the decoded history (state)
s            ``state``                          tuple of the last d items, oldest first
A_s          ``companion_set(state)``           the k − 2 items to show with item 1
λ            ``lam``                            1/(n − k + 1)
item 1       item ``0``                         reward 1 every round, others 0
===========  =================================  ===========================================

Implementation notes
--------------------
``scores(memory)`` is defined on *feasible* memory vectors (those the dynamics produce from an
encoded start, which is how the simulator is set up: ``initial_memory=encode_history(pre, …)``,
``initial_weight=1/(1 − γ)``); an infeasible vector raises ``ValueError`` — its scores are given
by the interpolation above, which we certify but do not evaluate (it needs distances to the
fractal sets of feasible memories). The companion sets are drawn lazily and reproducibly from
``numpy.random.default_rng([seed, *state])`` (a uniformly random model of the family).
Float memory is decoded with a threshold halfway between the newest step's weight γ^j and the
largest possible rival γ^{j+1}/(1 − γ); exact (Fraction) memory is decoded with no tolerance.

Certified in certificates/adaptive_preferences/short_memory/thm6_lower_bound.py:
``short_memory_history_decoding_is_exact`` (encoding, decoding, separation),
``short_memory_model_properties_hold_exactly`` (the family's exact properties, the EIRD benchmark,
fresh states) and ``short_memory_learners_lose_a_constant_per_round`` (simulation).

References: paper A, arXiv 2302.06014, §6.2 (Theorem 6) and Appendix E.2.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import comb

import numpy as np

from reference._numerics import (
    FLOAT_SUM_ATOL,
    as_vector,
    check_integer,
    check_k,
    check_positive_vector,
    check_probability_vector,
    check_real,
    errors_as,
    exact_mode,
    is_rational_vector,
    speaks_as,
)
from reference.adaptive_preferences.realizability.def1_memory import memory_from_history
from reference.adaptive_preferences.realizability.sec2_choice import choice_distribution

__all__ = [
    "encode_history",
    "decode_recent_history",
    "state_separation_bounds",
    "ShortMemoryLowerBoundModel",
    "optimal_reward",
    "inconsistent_menu_reward_bound",
    "eird_item_one_upper_bound",
    "interpolate_inverse_scores",
    "lower_bound_lipschitz_constant",
    "fresh_state_best_reward",
    "fresh_state_regret_lower_bound",
]

DEFAULT_GAMMA = Fraction(1, 3)


#: ``check_real`` arguments for Theorem 6's discount γ ∈ (0, 1/2) (returned unchanged, exact if rational)
_SMALL_GAMMA = {"low": 0, "high": Fraction(1, 2), "low_open": True, "high_open": True,
               "what": "so that each step outweighs all earlier ones"}


# --------------------------------------------------------------------------------------------
# memory encodes the truncated history
# --------------------------------------------------------------------------------------------
def stationary_weight(gamma):
    """W = 1/(1 − γ): the pseudo-weight that keeps the total memory weight constant (W = γW + 1)."""
    return 1 / (1 - gamma)


def encode_history(history, gamma, n: int, initial_memory=None):
    """The memory vector after ``history`` (oldest first), started from v_1 (default u_n) with
    pseudo-weight W_0 = 1/(1 − γ). Thin wrapper of the core ``memory_from_history``.

    Exact (Fractions) when γ is rational.
    """
    fn = "encode_history"
    gamma = check_real(fn, "gamma", gamma, **_SMALL_GAMMA)
    n = check_integer(fn, "n", n)
    if isinstance(history, (str, bytes)) or not hasattr(history, "__iter__"):
        raise ValueError(f"{fn}: history must be a sequence of item indices; got {history!r:.80}.")
    exact = isinstance(gamma, (int, Fraction))
    if exact and initial_memory is None:
        initial_memory = [Fraction(1, n)] * n
    weight = stationary_weight(Fraction(gamma) if exact else gamma)
    with errors_as(fn):
        return memory_from_history(history, gamma, n, initial_memory=initial_memory, initial_weight=weight)


def decode_recent_history(memory, gamma, depth: int) -> tuple[int, ...]:
    """The last ``depth`` selections (oldest first) encoded in a memory vector of total weight 1/(1−γ).

    Greedy γ-adic decoding: in w = v/(1 − γ) the newest item carries ≥ 1 = γ^0 and every other
    item < γ/(1 − γ) < 1; remove γ^0 from it and repeat with γ^1, … Raises ``ValueError`` if the
    vector is not a feasible memory of a history at least ``depth`` long.
    """
    fn = "decode_recent_history"
    gamma = check_real(fn, "gamma", gamma, **_SMALL_GAMMA)
    depth = check_integer(fn, "depth", depth)
    exact = exact_mode(memory) and is_rational_vector([gamma])
    v = check_probability_vector(fn, memory, arg="memory", exact=exact)
    if exact:
        gamma = Fraction(gamma)
        w = [x / (1 - gamma) for x in v]
    else:
        gamma = float(gamma)
        w = np.asarray(v, dtype=float) / (1 - gamma)
    items = []
    for j in range(depth):
        a = max(range(len(w)), key=lambda i: w[i]) if exact else int(np.argmax(w))
        step = gamma**j  # weight of the selection made j rounds ago
        # exact: the newest remaining step weighs γ^j exactly; float: halfway to the rival bound
        threshold = step if exact else step * (1 + gamma / (1 - gamma)) / 2
        if w[a] < threshold:
            raise ValueError(f"{fn}: memory does not encode a history of length ≥ {depth} at gamma={gamma} "
                             f"(no item carries weight γ^{j} at lag {j}); it is not a feasible memory vector.")
        items.append(int(a))
        w[a] -= step
    return tuple(reversed(items))


def state_separation_bounds(gamma, depth: int):
    """(within, between) [derived]: memories with equal last-``depth`` histories are ≤ 2γ^d apart
    in ℓ1; memories whose last-``depth`` histories differ are ≥ 2γ^{d−1}(1 − 2γ) apart.

    Proof: normalised memory gives lag j weight (1 − γ)γ^j and everything older than d total mass
    γ^d (hence the first bound). If the histories first differ at lag j < d, the item a chosen at
    lag j in one history has remainder ≥ γ^j (unnormalised) there and ≤ γ^{j+1}/(1 − γ) in the
    other; both remainders have the same total, so ‖v − v'‖₁ ≥ 2(1 − γ)(γ^j − γ^{j+1}/(1 − γ))
    = 2γ^j(1 − 2γ) ≥ 2γ^{d−1}(1 − 2γ).
    """
    fn = "state_separation_bounds"
    gamma = check_real(fn, "gamma", gamma, **_SMALL_GAMMA)
    depth = check_integer(fn, "depth", depth)
    if isinstance(gamma, (int, Fraction)):
        gamma = Fraction(gamma)
    return 2 * gamma**depth, 2 * gamma ** (depth - 1) * (1 - 2 * gamma)


@speaks_as("lower_bound_lipschitz_constant")
def lower_bound_lipschitz_constant(n: int, k: int, gamma, depth: int):
    """L = (1/λ − 1)/ρ = (n − k)/(γ^{d−1}(1 − 2γ)): smoothness of the interpolated model [derived]."""
    fn = "lower_bound_lipschitz_constant"
    n = check_integer(fn, "n", n)
    k = check_k(fn, k, n)
    with errors_as(fn):
        _, between = state_separation_bounds(gamma, depth)
    return Fraction(n - k) / (between / 2) if isinstance(between, Fraction) else (n - k) / (between / 2)


# --------------------------------------------------------------------------------------------
# the random model family
# --------------------------------------------------------------------------------------------
def _check_nk(fn: str, n, k):
    n = check_integer(fn, "n", n, minimum=4)
    k = check_k(fn, k, n)
    if not 3 <= k <= n - 1:
        raise ValueError(f"{fn}: k must satisfy 3 ≤ k ≤ n − 1 (A_s has k − 2 ≥ 1 items and a final slot "
                         f"remains); got k={k}, n={n}.")
    return n, k


def optimal_reward(n: int, k: int) -> Fraction:
    """λ/(1 + (k − 1)λ) with λ = 1/(n − k + 1), which equals 1/n: item 0's choice probability under an
    optimal menu {0} ∪ A_s ∪ {j} (k − 1 items of score λ, one of score 1)."""
    n, k = _check_nk("optimal_reward", n, k)
    lam = Fraction(1, n - k + 1)
    return lam / (1 + (k - 1) * lam)


def inconsistent_menu_reward_bound(n: int, k: int) -> Fraction:
    """λ/(2 + (k − 2)λ) = 1/(2n − k): the most item 0 can get from a menu that misses some item of
    A_s (best case: item 0, k − 3 items of A_s and two score-1 items) [recon of E.2's bound]."""
    n, k = _check_nk("inconsistent_menu_reward_bound", n, k)
    lam = Fraction(1, n - k + 1)
    return lam / (2 + (k - 2) * lam)


class ShortMemoryLowerBoundModel:
    """One model of Theorem 6's random family (see the module docstring for the construction).

    ``scores(memory)`` decodes the state (last ``depth`` selections) and returns f(s): λ on item 0
    and on A_s, 1 elsewhere (Fractions for Fraction memory). ``companion_set(state)`` is A_s,
    drawn from ``default_rng([seed, *state])`` (reproducible, uniform over (k−2)-subsets of 1..n−1).
    ``constant_companions``: optional fixed A for every state (a *state-independent* model; used
    to show the lower bound disappears when the optimal menu does not depend on the state).
    """

    def __init__(self, n: int, k: int, depth: int = 2, gamma=DEFAULT_GAMMA, *, seed: int = 0):
        fn = "ShortMemoryLowerBoundModel"
        self.n, self.k = _check_nk(fn, n, k)
        self.depth = check_integer(fn, "depth", depth)
        self.gamma = check_real(fn, "gamma", gamma, **_SMALL_GAMMA)
        self.seed = int(seed)
        self.lam = Fraction(1, self.n - self.k + 1)
        self.lipschitz = float(lower_bound_lipschitz_constant(self.n, self.k, self.gamma, self.depth))
        self._cache: dict = {}
        self._float_cache: dict = {}

    # -- the random process of E.2 ----------------------------------------------------------
    def companion_set(self, state) -> tuple[int, ...]:
        """A_s: k − 2 items sampled uniformly without replacement from {1, …, n − 1}."""
        state = tuple(int(i) for i in state)
        if state not in self._cache:
            rng = np.random.default_rng([self.seed, *state])
            self._cache[state] = tuple(sorted(int(i) for i in rng.choice(np.arange(1, self.n), self.k - 2,
                                                                           replace=False)))
        return self._cache[state]

    def state_scores(self, state) -> list[Fraction]:
        """f(s): λ for item 0 and A_s, 1 for the others (exact)."""
        low = {0, *self.companion_set(state)}
        return [self.lam if i in low else Fraction(1) for i in range(self.n)]

    @speaks_as("ShortMemoryLowerBoundModel.state")
    def state(self, memory) -> tuple[int, ...]:
        """The rounded state of a feasible memory vector: its last ``depth`` selections."""
        return decode_recent_history(memory, self.gamma, self.depth)

    @speaks_as("ShortMemoryLowerBoundModel.scores")
    def scores(self, memory):
        state = self.state(memory)
        if exact_mode(memory):
            return self.state_scores(state)
        if state not in self._float_cache:
            self._float_cache[state] = np.array([float(x) for x in self.state_scores(state)])
        return self._float_cache[state].copy()

    # -- the optimal policy ------------------------------------------------------------------
    def optimal_menus(self, state) -> list[tuple[int, ...]]:
        """The menus {0} ∪ A_s ∪ {j} for every j outside {0} ∪ A_s (all optimal)."""
        core = {0, *self.companion_set(state)}
        return [tuple(sorted(core | {j})) for j in range(self.n) if j not in core]

    def optimal_menu_distribution(self, state) -> list[tuple[tuple[int, ...], Fraction]]:
        """The optimal policy at s: {0} ∪ A_s plus a uniformly random final item (induces u_n)."""
        menus = self.optimal_menus(state)
        return [(K, Fraction(1, len(menus))) for K in menus]

    def item_one_probability(self, state, menu):
        """q(K; s)_0: the expected reward of showing ``menu`` at state s (exact)."""
        return choice_distribution(menu, self.state_scores(state))[0]

    def __repr__(self) -> str:
        return (f"ShortMemoryLowerBoundModel(n={self.n}, k={self.k}, depth={self.depth}, gamma={self.gamma}, "
                f"seed={self.seed})")


def eird_item_one_upper_bound(n: int, k: int) -> Fraction:
    """An exact upper bound on max{p_0 : p ∈ ∩_A IRD(f^A)} ⊇ EIRD, by averaging Lemma 1's τ_0 ≤ 1.

    For every companion set A, τ_0 ≤ 1 reads (k − 1) p_0/λ ≤ Σ_{j≥1} p_j/f_j^A. Averaging over all
    C(n − 1, k − 2) sets A gives (k − 1) p_0/λ ≤ Σ_{j≥1} p_j ḡ_j ≤ (1 − p_0) max_j ḡ_j with
    ḡ_j = avg_A 1/f_j^A, hence p_0 ≤ ḡ/((k − 1)/λ + ḡ). Computed by enumeration (equals 1/n).
    """
    n, k = _check_nk("eird_item_one_upper_bound", n, k)
    lam = Fraction(1, n - k + 1)
    sets = list(itertools.combinations(range(1, n), k - 2))
    g_bar = [sum((1 / lam if j in A else Fraction(1)) for A in sets) / len(sets) for j in range(1, n)]
    g = max(g_bar)
    return g / ((k - 1) / lam + g)


def fresh_state_best_reward(n: int, k: int) -> Fraction:
    """max_K E_A[q(K; f^A)_0]: the best expected reward at a state whose A_s the learner knows nothing
    about (A uniform over (k−2)-subsets of {1..n−1}, independent of the past). Exact enumeration."""
    n, k = _check_nk("fresh_state_best_reward", n, k)
    lam = Fraction(1, n - k + 1)
    sets = list(itertools.combinations(range(1, n), k - 2))
    best = Fraction(0)
    for K in itertools.combinations(range(n), k):
        if 0 not in K:
            continue
        total = Fraction(0)
        for A in sets:
            f = [lam if (i == 0 or i in A) else Fraction(1) for i in range(n)]
            total += choice_distribution(K, f)[0]
        best = max(best, total / len(sets))
    return best


def fresh_state_regret_lower_bound(n: int, k: int) -> Fraction:
    """(1 − (k−1)/C(n−1, k−2)) · (1/n − 1/(2n−k)): the regret of any menu at a fresh state [derived].

    A menu K ∋ 0 is consistent with A (A ⊆ K) for k − 1 of the C(n−1, k−2) equally likely sets;
    otherwise it earns ≤ 1/(2n − k) instead of 1/n (E.2's "random hypothesis for A_s").
    """
    n, k = _check_nk("fresh_state_regret_lower_bound", n, k)
    p_consistent = Fraction(k - 1, comb(n - 1, k - 2))
    return max(Fraction(0), 1 - p_consistent) * (Fraction(1, n) - Fraction(1, 2 * n - k))


def interpolate_inverse_scores(score_vectors, weights):
    """f = 1 / Σ_s w_s (1/f(s)): the extension rule between states (weights ≥ 0 summing to 1).

    Lemma 1's condition for u_n (k/f_i ≤ Σ_j 1/f_j) is linear in 1/f, so it survives this
    interpolation; with Lipschitz bump weights this is the smooth model of Theorem 6 [derived].
    """
    fn = "interpolate_inverse_scores"
    if isinstance(score_vectors, (str, bytes)) or not hasattr(score_vectors, "__iter__"):
        raise ValueError(f"{fn}: score_vectors must be a sequence of score vectors; got {score_vectors!r:.80}.")
    raw = list(score_vectors)
    if isinstance(weights, (str, bytes)) or not hasattr(weights, "__len__") or not raw or len(raw) != len(weights):
        raise ValueError(f"{fn}: score_vectors and weights must be non-empty and of equal length; "
                         f"got {len(raw)} score vectors and weights={weights!r:.80}.")
    exact = exact_mode(weights, *raw)
    w = as_vector(fn, "weights", weights, exact=exact)
    if any(x < 0 for x in w) or (sum(w) != 1 if exact else abs(float(np.sum(w)) - 1.0) > FLOAT_SUM_ATOL):
        raise ValueError(f"{fn}: weights must be non-negative and sum to 1; got sum {sum(w)}.")
    n = len(as_vector(fn, "score_vectors", raw[0], exact=exact))
    vecs = [check_positive_vector(fn, v, arg="score_vectors", n=n, exact=exact) for v in raw]
    return [1 / sum(wi / v[i] for wi, v in zip(w, vecs)) for i in range(n)]
