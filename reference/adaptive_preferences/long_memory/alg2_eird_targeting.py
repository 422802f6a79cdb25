"""Algorithm 2: targeting EIRD with Deferred Bandit Gradient (paper A, §3.3) [recon].

Paper A (arXiv 2302.06014, §3.3 and Appendix B.3) describes Algorithm 2 in prose: it
"periodically pause[s] to refresh our estimates of the agent's current preferences", runs the
Deferred Bandit Gradient on decision sets built from those estimates, and shows menus that target
DBG's distribution. The algorithm box is lost; this module is **this project's reconstruction**,
assembled from the pieces of the neighbouring modules.

Main statements
---------------
* ``Algorithm2`` — the recommender (``Recommender`` protocol of ``setting.sec2_simulator``):
  1. burn-in, rounds 0..T_0 − 1: the query menus round-robin (memory warms up; nothing learned);
  2. a learning phase (``sec3_score_learning.ScoreQuery``, m = G·shows rounds) when there is no
     estimate yet or ``needs_relearn``: ‖v_t − v_ref‖₁ > D since the last estimate; at its end
     f̂ is added to the decision set with slack e^{σ̄} − 1 (``sec3_decision_sets``) and DBG's
     iterate is re-projected;
  3. otherwise a DBG round: x_t = DBG's distribution on K_j = (1 − φ) D_j + φ u_n, (μ, x') =
     ``targeting_menu_distribution`` (``sec3_targeting_lemma6``), a menu K ~ μ is shown, and DBG
     is updated with (i_t, r_t(i_t)) (importance weight 1/x_t(i_t)).
  k = 1: no learning (every distribution is realisable), DBG on the contracted simplex.
  ``menu_distribution(t)`` is the distribution ``propose(t)`` draws its menu from (no side effects).
* ``needs_relearn(v_t, v_ref, D)`` — the re-learning rule ‖v_t − v_ref‖₁ > D.
* ``burn_in_rounds(γ, W_0, m, D, T)`` — T_0: the first round from which every phase of m rounds
  drifts at most D (Lemma 4, ``lemma4_lemma5_memory_drift``).
* ``Algorithm2Parameters`` — shows, D, β, φ, η, deferral, T_0 and σ̄ (``thm2_regret_bound``
  derives them: ``theory_parameters`` for the bound, ``practical_parameters`` for simulations).

The regret bound Algorithm 2 provably meets, and its proof, are in ``thm2_regret_bound``.
Certified in ``certificates/adaptive_preferences/long_memory/alg2_eird_targeting.py``
(``algorithm2_regret_le_theorem2_bound_with_invariants``: the proof's invariants checked on every
run, and the pseudo-regret against the bound).
Findings: docs/findings.md, "Algorithm 2: measured regret and learning rounds".

Notation
--------
============  ===========================  =============================================
paper/ours    code                         meaning
============  ===========================  =============================================
v_t           ``memory``                   the agent's memory (tracked exactly)
v_ref         ``reference_memory``         memory when the last learning phase started
D             ``drift_threshold``          re-learn when ‖v_t − v_ref‖₁ > D
T_0           ``burn_in``                  rounds before the first phase
f̂            ``f_hat``                    the estimate in use (max 1)
σ̄            ``sigma_bar``                accuracy every phase is credited with
φ             ``phi``                      DBG's contraction toward u_n
η, m          ``eta``, ``defer``           DBG's step size and deferral length
============  ===========================  =============================================

Implementation notes
--------------------
The recommender tracks the agent's memory with the simulator's own ``MemoryTracker`` (γ, v_1 and
W_0 known, as paper A §3.3 assumes: "we can exactly track the agent's memory vector"), so both agree
bit for bit. Menus are drawn with ``setting.sec2_simulator.sample_menu``. Calls to the pieces go
through module attributes (``ds.containment_slack``, ``tl.targeting_menu_distribution``,
``sl.estimate_scores``, …) so that certificate mutants can patch them.

References
----------
Paper A: Agarwal & Brown, arXiv 2302.06014, §3.3 (Algorithm 2), Appendix B.3 (its analysis,
"Theorem 5"); §3.2 (Deferred Bandit Gradient); Lemma 1 (MenuDist); Definition 1 (memory).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

import reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift as mh
import reference.adaptive_preferences.long_memory.sec3_decision_sets as ds
import reference.adaptive_preferences.long_memory.sec3_score_learning as sl
import reference.adaptive_preferences.long_memory.sec3_targeting_lemma6 as tl
import reference.adaptive_preferences.long_memory.thm1_dbg as dbg_mod
from reference._numerics import as_vector, check_integer, check_k, check_real, rng_from
from reference.adaptive_preferences.realizability.def1_memory import MemoryTracker
from reference.adaptive_preferences.setting.sec2_simulator import sample_menu

__all__ = [
    "Algorithm2Parameters",
    "needs_relearn",
    "burn_in_rounds",
    "Algorithm2",
]


@dataclass
class Algorithm2Parameters:
    """Parameters of Algorithm 2 (``thm2_regret_bound.theory_parameters`` derives them from (n,k,λ,L,γ,T)).

    ``shows``: times each query menu is shown per phase; ``drift_threshold``: D; ``beta``: failure
    probability per phase; ``phi``: DBG's contraction; ``eta``, ``defer``: DBG step and deferral;
    ``burn_in``: rounds before the first phase; ``sigma_bar``: the accuracy every phase is credited
    with (``score_accuracy_bound`` at the worst phase drift after burn-in); ``slack`` = e^{σ̄} − 1.
    """

    shows: int
    drift_threshold: float
    beta: float
    phi: float
    eta: float
    defer: int
    burn_in: int
    sigma_bar: float
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        fn = "Algorithm2Parameters"
        check_integer(fn, "shows", self.shows)
        check_integer(fn, "defer", self.defer)
        check_integer(fn, "burn_in", self.burn_in, minimum=0)
        check_real(fn, "eta", self.eta, low=0, low_open=True)
        check_real(fn, "beta", self.beta, low=0, high=1, low_open=True)
        check_real(fn, "phi", self.phi, low=0, high=1, high_open=True)
        for name in ("drift_threshold", "sigma_bar"):
            value = getattr(self, name)
            if value != float("inf"):
                check_real(fn, name, value, low=0, what="(or inf)")

    @property
    def slack(self) -> float:
        return ds.containment_slack(self.sigma_bar)


def needs_relearn(memory, reference_memory, drift_threshold) -> bool:
    """Algorithm 2's re-learning rule: ‖v_t − v_ref‖₁ > D (or no estimate yet: reference None)."""
    fn = "needs_relearn"
    v = as_vector(fn, "memory", memory)
    check_real(fn, "drift_threshold", drift_threshold, low=0)
    if reference_memory is None:
        return True
    ref = as_vector(fn, "reference_memory", reference_memory, n=len(v), n_from="memory")
    return float(np.abs(v - ref).sum()) > drift_threshold


@functools.lru_cache(maxsize=4096)
def burn_in_rounds(gamma, initial_weight, query_len: int, drift_threshold, T: int) -> int:
    """T_0: first round t at which a phase of ``query_len`` rounds drifts ≤ D (Lemma 4), capped at T.

    W_t = γ^t W_0 + (1−γ^t)/(1−γ) is deterministic and non-decreasing (W_0 ≤ H), and the phase
    drift bound decreases as W grows, so every phase starting at t ≥ T_0 drifts at most D; T_0 is
    found by bisection.
    """
    gamma, T = float(gamma), int(T)

    def ok(t):
        w = mh.memory_weight_after(gamma, float(initial_weight), t)
        return mh.memory_drift_bound(gamma, w, max(int(query_len) - 1, 0)) <= drift_threshold

    if ok(0):
        return 0
    if not ok(T):
        return T
    lo, hi = 0, T
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


class Algorithm2:
    """Algorithm 2 [recon]: learn scores, target DBG's x_t with MenuDist, re-learn when memory drifts.

    See the module docstring for the three kinds of rounds. ``record=True`` keeps per-round data
    for audits (x_t, x'_t, μ, v_t, the phase whose estimate is in use, the drift since it).
    """

    def __init__(self, n: int, k: int, gamma, params: Algorithm2Parameters, *, seed,
                 initial_memory=None, initial_weight=1.0, record: bool = False):
        fn = "Algorithm2"
        self.n = check_integer(fn, "n", n, minimum=2)
        self.k = check_k(fn, k, self.n)
        self.tracker = MemoryTracker(self.n, gamma, initial_memory=initial_memory, initial_weight=initial_weight,
                                     fn=fn)
        self.gamma = self.tracker.gamma
        self.params = params
        self.rng = rng_from(seed, fn=fn)
        self.decision_set = ds.DecisionSet(self.n, self.k)
        self.schedule = ds.ContractedSchedule(self.decision_set, params.phi)
        self.dbg = dbg_mod.DeferredBanditGradient(self.n, eta=params.eta, m=params.defer, schedule=self.schedule)
        self.learning = self.k >= 2
        self.f_hat = np.ones(self.n) if not self.learning else None
        self.reference_memory = self.memory.copy()
        self.query: sl.ScoreQuery | None = None
        self.dbg_round = 0
        self.mode = None
        self.phases: list[dict] = []
        self.non_dbg_rounds = 0
        self.pulls: list[float] = []
        self.record = record
        self.rounds: list[dict] = []
        self.burn_in_menus = sl.reference_design(self.n, self.k).menus if self.learning else None

    @property
    def memory(self) -> np.ndarray:
        """v_t, tracked exactly (Definition 1)."""
        return self.tracker.memory

    @property
    def weight(self) -> float:
        """W_t, the memory weight behind v_t."""
        return self.tracker.weight

    # -- Recommender protocol ----------------------------------------------------------------
    def _round_kind(self, t: int) -> str:
        """What round t is: "burn-in", "learn" (a phase is running), "new phase" (the drift rule starts one) or
        "dbg". Read-only: ``propose`` and ``menu_distribution`` both decide through it."""
        if self.learning and t < self.params.burn_in:
            return "burn-in"
        if self.query is not None:
            return "learn"
        if self.learning and needs_relearn(self.memory, None if self.f_hat is None else self.reference_memory,
                                           self.params.drift_threshold):
            return "new phase"
        return "dbg"

    def menu_distribution(self, t: int) -> list:
        """The menu distribution ``propose(t)`` draws from, without side effects (call it before ``propose``):
        one query menu with weight 1 in burn-in and learning rounds (a new phase starts with the design's first
        query menu), μ_t of ``targeting_menu_distribution(x_t, f̂, k)`` in a DBG round."""
        kind = self._round_kind(t)
        if kind == "burn-in":
            return [(self.burn_in_menus[t % len(self.burn_in_menus)], 1.0)]
        if kind == "learn":
            return [(self.query.menu(), 1.0)]
        if kind == "new phase":
            return [(sl.reference_design(self.n, self.k).menus[0], 1.0)]  # ScoreQuery.menu() of a fresh phase
        return tl.targeting_menu_distribution(self.dbg.distribution(self.dbg_round), self.f_hat, self.k)[0]

    def propose(self, t: int):
        t = check_integer("Algorithm2.propose", "t", t, minimum=0)
        p = self.params
        kind = self._round_kind(t)
        if kind == "burn-in":
            self.mode = "burn-in"
            self.non_dbg_rounds += 1
            return self.burn_in_menus[t % len(self.burn_in_menus)]
        if kind == "learn":
            self.mode = "learn"
            self.non_dbg_rounds += 1
            return self.query.menu()
        if kind == "new phase":
            self.query = sl.ScoreQuery(self.n, self.k, p.shows, reference_memory=self.memory.copy(),
                                       start_weight=self.weight)
            self.phases.append({"start": t, "reference_memory": self.memory.copy(), "start_weight": self.weight})
            self.mode = "learn"
            self.non_dbg_rounds += 1
            return self.query.menu()
        self.mode = "dbg"
        return self._dbg_menu(t)

    def _dbg_menu(self, t: int):
        """A DBG round: target x_t with MenuDist under the estimate and draw a menu from μ."""
        x = self.dbg.distribution(self.dbg_round)
        mu, target, pull = tl.targeting_menu_distribution(x, self.f_hat, self.k)
        self.pulls.append(pull)
        menu = sample_menu(mu, self.rng)
        if self.record:
            self.rounds.append({"t": t, "x": x, "target": target, "mu": mu, "memory": self.memory.copy(),
                                "phase": len(self.phases) - 1, "pull": pull,
                                "drift": float(np.abs(self.memory - self.reference_memory).sum())})
        return menu

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        chosen = check_integer("Algorithm2.observe", "chosen", chosen, minimum=0)
        if chosen >= self.n:
            raise ValueError(f"Algorithm2.observe: chosen must be an item in 0..{self.n - 1}; got {chosen}.")
        reward = float(check_real("Algorithm2.observe", "reward", reward))
        if self.mode == "learn":
            self.query.record(menu, chosen)
        elif self.mode == "dbg":
            self.dbg.update(self.dbg_round, int(chosen), float(reward))
            self.dbg_round += 1
        self.tracker.remember(int(chosen))
        if self.mode == "learn" and self.query.done:
            self._end_phase(t)

    def _end_phase(self, t: int) -> None:
        """The phase's estimate becomes the one in use and cuts the decision set (slack e^{σ̄} − 1)."""
        f_hat, positive = sl.estimate_scores(self.query.design, self.query.counts)
        self.f_hat = f_hat
        self.reference_memory = self.query.reference_memory
        self.phases[-1].update({"f_hat": f_hat, "counts_positive": positive, "end": t, "slack": self.params.slack})
        self.decision_set.add(f_hat, ds.containment_slack(self.params.sigma_bar))
        self.query = None
        try:
            self.dbg.reproject()
        except RuntimeError:
            # outside the good event the intersection may be empty: keep only the newest constraint
            self.decision_set.keep_newest_only()
            self.phases[-1]["reset"] = True
            self.dbg.reproject()
