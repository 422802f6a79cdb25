"""Score learning near the current memory (paper A, §3.3 / Appendix B.3) [recon + derived].

Paper A (arXiv 2302.06014, §3.3) says Algorithm 2 "periodically pause[s] to refresh our estimates
of the agent's current preferences, wherein all items are shown to the agent sufficiently often",
uses "a Hoeffding bound", and normalises "the empirical frequencies observed for each [menu — our
reading; the word is lost] such that their scores agree on [a common item — our reading; the symbol
is lost]". The formulas and the query design are lost; this module is this project's
reconstruction of that routine, with its own accuracy guarantee.

Main statements
---------------
* ``reference_design(n, k)`` — the query menus: every menu contains the reference item 0 plus
  k − 1 others; item i ≥ 1 has a *home menu*. G = ⌈(n−1)/(k−1)⌉ menus (the last one is filled
  up with already-covered items, which are not estimated from it).
* ``ScoreQuery`` — one learning phase: shows the G menus round-robin, ``shows`` times each
  (m = G·shows rounds, ``query_length``), counts choices; ``estimate_scores`` returns f̂ with
  f̂_0 = 1 and f̂_i = c_i / c_0 on i's home menu, rescaled to max f̂ = 1 (scores matter only up
  to scale).
* ``score_accuracy_bound(n, k, lam, lipschitz, shows, drift, beta)`` — **the accuracy
  guarantee** [derived]: with probability ≥ 1 − β,

      σ(f̂, f(v_ref)) := max_i log(f̂_i/f_i) − min_i log(f̂_i/f_i) ≤ 2 (hi − lo),
      hi = log(e^{η} + h/q_min),   lo = log(e^{−η} − h/q_min),

  with  h = sqrt(log(2(G + n − 1)/β) / (2·shows))   (Azuma–Hoeffding, union bound),
        q_min = λ / (λ + k − 1)                      (least choice probability on a menu),
        η = 2 L d / λ                                 (memory drift d during the phase).
  ``σ`` (``log_spread``) is scale-free: it is exactly what menu times and targeting need
  (τ_i(p; f̂) ≤ e^{σ} τ_i(p; f), ``sec3_decision_sets``; Lemma 6, ``sec3_targeting_lemma6``).

Proof of the guarantee (each step one line)
-------------------------------------------
1. Fix a query menu K and an item j ∈ K that is estimated from K (j = 0, or j's home menu is K).
   K is shown at ``shows`` fixed rounds t_1..t_s. X_r = 1{i_{t_r} = j} − q_j(K; v_{t_r}) is a
   martingale difference sequence with range 1, so (Azuma–Hoeffding) with prob. ≥ 1 − β'
       | c_j/s − q̄_j | ≤ h' = sqrt(log(2/β')/(2s)),     q̄_j = (1/s) Σ_r q_j(K; v_{t_r}).
   There are G + (n − 1) such pairs (K, j); β' = β/(G + n − 1) makes all hold at once.
2. Drift: every query round's memory is within d of v_ref (the phase's first memory), d from
   Lemma 4 (``lemma4_lemma5_memory_drift.memory_drift_bound``). Scores lie in [λ, 1] and are
   L-Lipschitz, so |log f_j(v) − log f_j(v_ref)| ≤ L d/λ, and the same for F_K = Σ_{j∈K} f_j
   (F_K ≥ kλ, moves by ≤ kLd). Hence q_j(K; v_t) ∈ q*_j·[e^{−η}, e^{η}] with q*_j = q_j(K; v_ref),
   η = 2Ld/λ.
3. q*_j ≥ λ/(λ + k − 1) = q_min (f_j ≥ λ, the k − 1 others ≤ 1), so with u = h/q_min:
       c_j/(s q*_j) ∈ [e^{−η} − u, e^{η} + u],   i.e.   log(c_j/(s q*_j)) ∈ [lo, hi].
4. f̂_i/f̂_0 = c_i/c_0 on i's home menu and f_i/f_0 = q*_i/q*_0 on the same menu, so
       e_i := log(f̂_i/f_i) − log(f̂_0/f_0) ∈ [lo − hi, hi − lo]   (e_0 = 0),
   and σ = max e − min e ≤ 2(hi − lo). Rescaling f̂ changes no e_i − e_j.                          ∎
The bound is ``inf`` (vacuous) when e^{−η} ≤ u.

Certified in ``certificates/adaptive_preferences/long_memory/sec3_score_learning.py``
(``score_estimate_log_spread_le_accuracy_bound_whp``: the fraction of phases with σ ≤ bound is
≥ 1 − β, binomial test, for constant and drifting smooth models).
Findings: docs/findings.md, "Score learning: tightness of the accuracy bound".

Notation
--------
==========  ==========================  ==========================================
paper/ours  code                        meaning
==========  ==========================  ==========================================
f(v)        ``scores``                  true scores at memory v
f̂           ``estimate``                estimated scores (max 1)
v_ref       ``reference_memory``        memory when the phase starts
s           ``shows``                   times each query menu is shown
m = G·s     ``query_length``            rounds of one learning phase
d           ``drift``                   ‖v_t − v_ref‖₁ bound during the phase
σ           ``log_spread``              scale-free log error of f̂
β           ``beta``                    failure probability of one phase
h, q_min    ``hoeffding_radius``,       deviation of one frequency, least choice
            ``choice_probability_floor``  probability
==========  ==========================  ==========================================

Implementation notes
--------------------
k = 1 cannot learn anything from choices (the agent takes the one item shown) and needs nothing:
every distribution is realisable. ``reference_design`` rejects k = 1. A zero count (only on the
failure event) is replaced by 1/2 so f̂ stays positive; such an estimate is flagged.

References
----------
Paper A: Agarwal & Brown, arXiv 2302.06014, §3.3 and Appendix B.3; Appendix B.2 (Lemma 4).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from reference._numerics import check_integer, check_k, check_lam, check_positive_vector, check_real, speaks_as

__all__ = [
    "ReferenceDesign",
    "reference_design",
    "query_length",
    "ScoreQuery",
    "estimate_scores",
    "log_spread",
    "choice_probability_floor",
    "hoeffding_radius",
    "score_accuracy_bound",
]


@dataclass(frozen=True)
class ReferenceDesign:
    """Query menus (each contains item 0) and ``home[i]`` = index of the menu item i ≥ 1 is read from."""

    n: int
    k: int
    menus: tuple
    home: tuple  # home[0] is None (item 0 is in every menu)

    @property
    def pairs(self) -> int:
        """G + n − 1: the number of (menu, item) counts the estimate uses (the union bound's size)."""
        return len(self.menus) + self.n - 1


def reference_design(n: int, k: int) -> ReferenceDesign:
    """The G = ⌈(n−1)/(k−1)⌉ query menus {0} ∪ (a block of k − 1 other items), with home menus.

    Block g holds items 1 + g(k−1), …; the last block wraps around to items 1, 2, … to reach
    size k − 1 (those fillers keep their first home). Requires 2 ≤ k ≤ n.
    """
    fn = "reference_design"
    n = check_integer(fn, "n", n, minimum=2)
    k = check_k(fn, k, n)
    if k < 2:
        raise ValueError(f"{fn}: k must be at least 2 to learn scores from choices; got k={k} "
                         f"(with k = 1 the agent takes the single item shown, and every distribution is "
                         f"realisable without scores).")
    others = list(range(1, n))
    size = k - 1
    g_count = math.ceil(len(others) / size)
    menus, home = [], [None] * n
    for g in range(g_count):
        block = others[g * size:(g + 1) * size]
        for i in block:
            home[i] = g
        filler = [i for i in others if i not in block][: size - len(block)]
        menus.append(tuple(sorted([0] + block + filler)))
    return ReferenceDesign(n=n, k=k, menus=tuple(menus), home=tuple(home))


@speaks_as("query_length")
def query_length(n: int, k: int, shows: int) -> int:
    """m = G · shows: the number of rounds of one learning phase."""
    return len(reference_design(n, k).menus) * check_integer("query_length", "shows", shows)


class ScoreQuery:
    """One learning phase: ``menu(r)`` is the r-th query menu (round-robin), ``record`` a choice.

    After ``query_length`` records, ``estimate()`` gives f̂ (max 1). ``reference_memory`` and
    ``start_weight`` are stored for the accuracy bound (the phase estimates f(reference_memory)).
    """

    @speaks_as("ScoreQuery")
    def __init__(self, n: int, k: int, shows: int, *, reference_memory=None, start_weight=None):
        self.design = reference_design(n, k)
        self.shows = check_integer("ScoreQuery", "shows", shows)
        self.length = len(self.design.menus) * self.shows
        self.counts = np.zeros((len(self.design.menus), n), dtype=int)
        self.recorded = 0
        self.reference_memory = None if reference_memory is None else np.array(reference_memory, dtype=float)
        self.start_weight = start_weight

    @property
    def done(self) -> bool:
        return self.recorded >= self.length

    def menu(self, r: int | None = None) -> tuple:
        """The query menu of phase round r (default: the next one)."""
        r = self.recorded if r is None else r
        return self.design.menus[r % len(self.design.menus)]

    def record(self, menu, chosen: int) -> None:
        fn = "ScoreQuery.record"
        if self.done:
            raise ValueError(f"{fn}: the phase already has all {self.length} choices.")
        expected = self.menu()
        if tuple(menu) != expected:
            raise ValueError(f"{fn}: menu must be the scheduled query menu {expected}; got {tuple(menu)}.")
        if chosen not in expected:
            raise ValueError(f"{fn}: chosen must be an item of the menu {expected}; got {chosen!r}.")
        self.counts[self.recorded % len(self.design.menus), chosen] += 1
        self.recorded += 1

    def estimate(self):
        """f̂ from the counts (``estimate_scores``); raises if the phase is not finished."""
        if not self.done:
            raise ValueError(f"ScoreQuery.estimate: the phase has {self.recorded} of its {self.length} choices.")
        return estimate_scores(self.design, self.counts)


def estimate_scores(design: ReferenceDesign, counts) -> tuple[np.ndarray, bool]:
    """f̂_0 = 1, f̂_i = c_i/c_0 on i's home menu, rescaled to max 1. Returns (f̂, all counts positive).

    ``counts[g, j]`` = times item j was chosen from query menu g. A zero count is replaced by 1/2
    (only happens outside the guarantee's event; the flag says so).
    """
    if not isinstance(design, ReferenceDesign):
        raise ValueError(f"estimate_scores: design must be a ReferenceDesign; got {type(design).__name__}.")
    raw = np.asarray(counts)
    if raw.dtype.kind not in "iuf" or not np.isfinite(raw).all() or (raw < 0).any():
        raise ValueError(f"estimate_scores: counts must be a (G, n) array of non-negative counts; got {counts!r:.80}.")
    counts = raw.astype(float)
    if counts.shape != (len(design.menus), design.n):
        raise ValueError(f"estimate_scores: counts must have shape (G, n) = ({len(design.menus)}, {design.n}); "
                         f"got {counts.shape}.")
    f_hat = np.ones(design.n)
    positive = True
    for i in range(1, design.n):
        g = design.home[i]
        c_i, c_0 = counts[g, i], counts[g, 0]
        positive = positive and c_i > 0 and c_0 > 0
        f_hat[i] = max(c_i, 0.5) / max(c_0, 0.5)  # ratio f_i/f_0 on i's home menu
    return f_hat / f_hat.max(), bool(positive)


def log_spread(estimate, scores) -> float:
    """σ(f̂, f) = max_i log(f̂_i/f_i) − min_i log(f̂_i/f_i): 0 iff f̂ ∝ f; invariant under rescaling."""
    fn = "log_spread"
    f_hat = check_positive_vector(fn, estimate, arg="estimate")
    f = check_positive_vector(fn, scores, arg="scores", n=len(f_hat), n_from="estimate")
    e = np.log(np.asarray(f_hat, dtype=float)) - np.log(np.asarray(f, dtype=float))
    return float(e.max() - e.min())


def choice_probability_floor(lam, k: int) -> float:
    """q_min = λ/(λ + k − 1): the least probability of any item on any menu when scores ∈ [λ, 1]."""
    lam = float(check_lam("choice_probability_floor", lam))
    k = check_integer("choice_probability_floor", "k", k)
    return lam / (lam + k - 1)


def hoeffding_radius(shows: int, beta_each) -> float:
    """h = sqrt(log(2/β')/(2s)): Azuma–Hoeffding radius of one empirical choice frequency."""
    fn = "hoeffding_radius"
    shows = check_integer(fn, "shows", shows)
    check_real(fn, "beta_each", beta_each, low=0, high=1, low_open=True, high_open=True)
    return math.sqrt((math.log(2) - math.log(beta_each)) / (2 * shows))


@speaks_as("score_accuracy_bound")
def score_accuracy_bound(n: int, k: int, lam, lipschitz, shows: int, drift, beta) -> float:
    """With prob. ≥ 1 − β one phase's f̂ has log_spread(f̂, f(v_ref)) ≤ the returned σ̄ (see module doc).

    ``drift`` bounds ‖v_t − v_ref‖₁ over the phase's rounds (Lemma 4). Returns ``inf`` when vacuous.
    """
    fn = "score_accuracy_bound"
    design = reference_design(n, k)
    lam = float(check_lam(fn, lam))
    check_real(fn, "lipschitz", lipschitz, low=0)
    check_real(fn, "drift", drift, low=0)
    check_real(fn, "beta", beta, low=0, high=1, low_open=True, high_open=True)
    h = hoeffding_radius(shows, beta / design.pairs)  # deviation of one choice frequency
    q_min = choice_probability_floor(lam, k)  # least choice probability on a menu
    u = h / q_min  # relative deviation
    eta = 2 * float(lipschitz) * float(drift) / lam  # log drift of one choice probability
    lower = math.exp(-eta) - u
    if lower <= 0:
        return math.inf
    hi = math.log(math.exp(eta) + u)
    lo = math.log(lower)
    return 2 * (hi - lo)
