"""Algorithm 3 (paper A, arXiv 2302.06014, §4.1 / Appendix C.2): slowed-down OGD over Δ_φ for scale-bounded agents.

The surviving text keeps Algorithm 3's stages in prose — burn-in, initial learning (Lemmas 7–8), then
"slowed-down" OGD steps over Δ_φ that move the whole memory vector, re-learning when needed — but not the
algorithm box. ``ScaleBoundedOGD`` is our reconstruction [recon], with our own choices marked [ours].

Main statements
---------------
* ``ScaleBoundedOGD(n, k, schedule, seed=, observer=)`` [recon] — the recommender (``propose`` / ``observe``;
  ``menu_distribution(t)`` is the distribution ``propose(t)`` draws from, without side effects).
  ``schedule`` is an ``Algorithm3Schedule``; ``ScaleBoundedOGD.from_schedule(n, k, pr, phi=, horizon=, lam=, c=,
  seed=, monitor=, factor_lipschitz=, **schedule_fields)`` builds it from a Theorem 3 schedule dict.
* ``stale_menu_spread(f̂_μ, f̂(v_t))`` [ours] — ρ(v_b + λ, v_t + λ): how stale the menu distribution is;
  μ is rebuilt when it exceeds 1 + stale_tol.

Stages (one instance runs them in order; ``stage`` names the current one):
  burn-in      ``BurnIn`` until ‖v − u_n‖₁ ≤ ``burn_eps`` (or its budget);
  learning     ``learn_rounds`` rounds targeting p = v̄ (the memory projected onto Δ_φ, so the memory stays
               put) with MenuDist(p, f̂); then κ̂ ← ``luce_factor_mle`` on the stage's rounds (``estimator="mle"``,
               ours) or κ̂ ← ``lemma7_update`` (``estimator="lemma7"``). Scores are estimated in the
               scale-bounded form f̂(v) = κ̂ ⊙ (v + λ) (the surviving text: "the scale-bounded condition tethers
               scores to memory weight"), so the estimate follows the memory between learning stages;
  step j       ``batch`` rounds; each round's menu is drawn from MenuDist(y_t, f̂), y_t the farthest realisable
               point (Lemma 1) of the segment from v̄ to the OGD iterate x_j (s ∈ {1, ½, ¼, …}; recomputed every
               ⌈H/4⌉ rounds and whenever ``stale_menu_spread`` > 1 + ``stale_tol``); the whole memory moves
               toward x_j while the rounds already count for the step;
               g_j = (1/B) Σ_t r_t(i_t) e_{i_t} / y_t(i_t);  x_{j+1} = Π_{Δ_φ}(x_j + η g_j);
  re-learning  after a step, if ‖v − v_ref‖₁ > ``relearn_drift`` (``relearn="stages"``: ``relearn_iters`` stages),
               or, with ``relearn="steps"`` [ours], κ̂ refitted on each window of ≥ ``learn_rounds`` step rounds
               at the first step end after it (no dedicated rounds; ``refits``).

The observer (``Algorithm3Invariants``) is notified at each stage boundary and step round; it checks
Appendix C.2's invariants 1–6 and keeps the ledger of ``theorem3_regret_bound``. The algorithm holds no
monitoring state: ``invariants``, ``ledger``, ``learn_stages``, ``step_ends`` and ``spreads`` are the
observer's, shown through read-only properties.

Certified: ``algorithm3_invariants_and_regret_le_bound``, ``algorithm3_memory_exponent_sweep``,
``algorithm3_invariant5_holds_with_noise_scaled_schedule``, ``algorithm3_invariants_hold_under_moving_factor_schedule``
(``certificates/adaptive_preferences/scale_bounded/``).
Findings: docs/findings.md, "Algorithm 3: stale menus", "Theorem 3: the c-sweep".

Notation
--------
==========  =============================  ==============================================
paper       code                           meaning
==========  =============================  ==============================================
v_t, W_t    ``memory``, ``memory_weight``  tracked memory and its weight (Definition 1)
v̄           (``_v_bar``)                   memory projected onto Δ_φ
κ̂, f̂        ``kappa``, ``f_hat``           estimated factors, f̂(v_t) = κ̂ ⊙ (v_t + λ)
x_j, y_t    ``x``, ``y``                   OGD iterate, the round's realisable target
μ           ``menus.mu``                   MenuDist(y_t, f̂) (``menus.assumed``: the f̂ it was built for)
g_j         ``g``                          importance-weighted gradient of step j
v_ref       ``v_ref``                      memory at the last learning end
==========  =============================  ==============================================

Implementation notes
--------------------
The agent's memory is tracked from the choices with ``MemoryTracker`` (γ known, as paper A assumes in
Appendix B.3), starting from the algorithm's own guess of v_1; saturation makes the unknown initial memory's
share ≤ γ^S W_0/W_S (``BurnIn``). All randomness is the instance's ``rng`` (menu draws, ``sample_menu``).

References: paper A, arXiv 2302.06014, §4.1 and Appendix C.2.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

import reference.adaptive_preferences.realizability.lemma1_menu_times as mt
import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
import reference.adaptive_preferences.realizability.sec2_choice as sc
import reference.adaptive_preferences.scale_bounded.burn_in as bi
import reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores as l6
import reference.adaptive_preferences.scale_bounded.lemma7_luce_mle as ll
import reference.adaptive_preferences.scale_bounded.lemma7_score_estimator as l7
import reference.adaptive_preferences.setting.projections as proj
import reference.adaptive_preferences.setting.sec2_simulator as sim
from reference._numerics import check_positive_vector, rng_from, speaks_as
from reference.adaptive_preferences.scale_bounded.alg3_invariants import Algorithm3Invariants
from reference.adaptive_preferences.scale_bounded.alg3_schedule import Algorithm3Schedule

__all__ = ["ScaleBoundedOGD", "BuiltMenus", "stale_menu_spread"]


@speaks_as("stale_menu_spread")
def stale_menu_spread(built_for, current) -> float:
    """ρ(f̂ at μ's build, f̂(v_t)) = ρ(v_b + λ, v_t + λ) (κ̂ common to both): the staleness of μ [ours].

    Algorithm 3 rebuilds μ when this exceeds 1 + ``stale_tol``; since ρ is submultiplicative,
    ρ(f̂_μ, f(v_t)) ≤ ρ(f̂(v_t), f(v_t)) · (1 + stale_tol) — the factor in invariant 2's threshold.
    """
    built_for = check_positive_vector("stale_menu_spread", built_for, arg="built_for")
    current = check_positive_vector("stale_menu_spread", current, arg="current", n=len(built_for), n_from="built_for")
    return l6.score_spread(built_for, current)


@dataclass(frozen=True)
class BuiltMenus:
    """A menu distribution μ = MenuDist(p, f̂) and the assumed scores f̂ it realises p under (Lemma 6's hypothesis)."""

    mu: list
    assumed: np.ndarray


def _halvings():
    """s = 1, 1/2, 1/4, … while s > 1e-3 (ten values)."""
    s = 1.0
    while s > 1e-3:
        yield s
        s /= 2


class ScaleBoundedOGD:
    """Algorithm 3 [recon]: slowed-down OGD over Δ_φ for a (λ, c)-scale-bounded agent with memory γ (module header).

    ``schedule`` (``Algorithm3Schedule``) holds every parameter; ``seed`` the menu draws; ``observer``
    (default ``Algorithm3Invariants()``, no monitor) is notified and checks the invariants.
    """

    def __init__(self, n: int, k: int, schedule: Algorithm3Schedule, *, seed,
                 observer: Algorithm3Invariants | None = None):
        fn = "ScaleBoundedOGD"
        if not isinstance(schedule, Algorithm3Schedule):
            raise ValueError(f"{fn}: schedule must be an Algorithm3Schedule; got {type(schedule).__name__} "
                             "(use ScaleBoundedOGD.from_schedule for a schedule dict).")
        self.n, self.k, _ = bi.check_items_menu_discount(fn, n, k, schedule.gamma)
        self.schedule = schedule
        self.rng = rng_from(seed, fn="ScaleBoundedOGD")
        H = schedule.H
        self.retarget_every = max(1, int(math.ceil(H / 4)))
        S = math.ceil(H * math.log(self.n))
        self.burn = bi.BurnIn(self.n, self.k, schedule.gamma, eps=schedule.burn_eps, saturate_rounds=S,
                              max_rounds=S + math.ceil(6 * H * math.log(2 * self.n / schedule.burn_eps)))
        self.tracker = self.burn.tracker  # the tracked memory, shared with the burn-in
        self.x = np.full(self.n, 1.0 / self.n)  # x_1 = u_n ∈ Δ_φ
        self.kappa = None  # estimated factors κ̂: f̂(v) = κ̂ ⊙ (v + λ)
        self.v_ref = None
        self.stage = "burn"
        self.counts = np.zeros(self.n)
        self.predicted = np.zeros(self.n)  # Σ_t of the choice distribution predicted under f̂(v_t) (lemma7 only)
        self.stage_rounds = 0
        self.iters_left = 0
        self.p_learn = None
        self.menus: BuiltMenus | None = None
        self.y = None
        self.g = np.zeros(self.n)
        self.rounds = {"burn": 0, "learn": 0, "step": 0}
        self.steps = 0
        self.iterates = [self.x.copy()]
        self.learning_data = ([], [], [])  # the learning window's (menu incidence, w_t = v_t + λ, choice)
        self.refits = 0  # relearn="steps": κ̂ refits on windows of step rounds
        self.observer = Algorithm3Invariants() if observer is None else observer
        self.observer.attach(self)

    @classmethod
    def from_schedule(cls, n, k, schedule, *, phi, horizon, lam, c, seed, monitor=None, factor_lipschitz=None,
                      **kwargs):
        """Algorithm 3 with a schedule dict (``theorem3_invariant_parameters``, ``theorem3_moving_factor_parameters``,
        ``theorem3_reuse_parameters``, ``theorem3_parameters``): γ, batch, learn_rounds, η and whichever of
        ``SCHEDULE_KEYS`` the dict sets; ``kwargs`` set other ``Algorithm3Schedule`` fields. ``monitor`` and
        ``factor_lipschitz`` go to the observer (``Algorithm3Invariants``)."""
        sched = Algorithm3Schedule.from_parameters(schedule, phi=phi, horizon=horizon, lam=lam, c=c, **kwargs)
        return cls(n, k, sched, seed=seed, observer=Algorithm3Invariants(monitor, factor_lipschitz))

    # -- state ---------------------------------------------------------------------------------
    @property
    def memory(self) -> np.ndarray:
        """The tracked memory v_t (a copy)."""
        return self.tracker.memory.copy()

    @property
    def memory_weight(self) -> float:
        """W_t, the total discounted weight of the tracked memory."""
        return self.tracker.weight

    @property
    def f_hat(self):
        """f̂(v_t) = κ̂ ⊙ (v_t + λ): the scale-bounded form tethers the estimate to the current memory."""
        return None if self.kappa is None else self.kappa * (self.memory + self.schedule.lam)

    # the observer's records, read-only
    invariants = property(lambda self: self.observer.invariants, doc="Invariant checks (``Algorithm3Invariants``).")
    ledger = property(lambda self: self.observer.ledger, doc="Per-run terms of ``theorem3_regret_bound``.")
    learn_stages = property(lambda self: self.observer.learn_stages, doc="Invariant 1, per learning stage.")
    step_ends = property(lambda self: self.observer.step_ends, doc="Invariant 5, per step end.")
    spreads = property(lambda self: self.observer.spreads, doc="ρ_t of every step round (with a monitor).")

    # -- targets and menus -----------------------------------------------------------------------
    def _v_bar(self) -> np.ndarray:
        return np.asarray(proj.project_onto_smoothed_simplex(self.memory, self.schedule.phi), dtype=float)

    def _realizable(self, p) -> bool:
        """p ∈ IRD(v) under the estimate f̂ (Lemma 1: max_i τ_i(p; f̂) ≤ 1)."""
        return mt.in_ird(p, self.f_hat, self.k)

    def _build_menus(self, p) -> BuiltMenus:
        f_hat = self.f_hat
        return BuiltMenus(md.menu_dist(p, f_hat, self.k), f_hat.copy())

    def _farthest_realizable(self) -> tuple[np.ndarray | None, BuiltMenus | None]:
        """(y_t, MenuDist(y_t, f̂)): the farthest realisable point from v̄ toward x_j (else toward u_n), or
        (None, None). Read-only (``_retarget`` stores it; ``menu_distribution`` only looks)."""
        v = self._v_bar()
        toward_x = (v + s * (self.x - v) for s in _halvings())
        toward_uniform = (s * v + (1 - s) / self.n for s in _halvings())  # even v̄ is not realisable under f̂
        for y in itertools.chain(toward_x, toward_uniform):
            if self._realizable(y):
                return y, self._build_menus(y)
        return None, None

    def _retarget(self) -> None:
        """y_t ← the farthest realisable point from v̄ toward x_j (else toward u_n), and μ ← MenuDist(y_t, f̂)."""
        self.y, self.menus = self._farthest_realizable()

    def _stale_spread(self) -> float:
        return stale_menu_spread(self.menus.assumed, self.f_hat)

    # -- stages --------------------------------------------------------------------------------
    def _start_learning(self, iters: int) -> None:
        self.stage = "learn"
        self.iters_left = iters
        if self.kappa is None:
            memory = self.memory
            lam, c = self.schedule.lam, self.schedule.c
            self.kappa = l7.initial_assumed_scores(memory, lam, c) / (memory + lam)
        self.learning_data = ([], [], [])
        self._learning_iteration()

    def _learning_iteration(self) -> None:
        """Target p = v̄ (shrunk toward u_n until realisable under f̂) for ``learn_rounds`` rounds."""
        v = self._v_bar()
        p, s = v, 1.0
        while not self._realizable(p) and s > 1e-3:
            s /= 2
            p = s * v + (1 - s) / self.n
        self.p_learn = p
        self.menus = self._build_menus(p) if self._realizable(p) else None
        self.counts[:] = 0
        self.predicted[:] = 0
        self.stage_rounds = 0

    def _finish_learning(self) -> None:
        """A learning stage (or refit) ends at v_ref; the observer checks invariant 1."""
        self.v_ref = self.memory.copy()
        self.observer.learning_finished(self)

    def _start_step(self) -> None:
        if self.stage == "learn":
            self.learning_data = ([], [], [])  # relearn="steps": the step windows start empty
        self.stage = "step"
        self.stage_rounds = 0
        self.counts[:] = 0
        self.g = np.zeros(self.n)
        self.observer.step_started(self)
        self._retarget()

    def _fit_factors(self) -> None:
        """κ̂ ← the Luce MLE on the learning window (Lemma 7 renormalised, ours)."""
        menus, offsets, choices = self.learning_data
        self.kappa = ll.luce_factor_mle(menus, choices, offsets, c=self.schedule.c)

    def _record_round(self, menu, chosen: int, w_before) -> None:
        row = np.zeros(self.n)
        row[list(menu)] = 1.0
        self.learning_data[0].append(row)
        self.learning_data[1].append(w_before)
        self.learning_data[2].append(int(chosen))

    # -- protocol ------------------------------------------------------------------------------
    def _menus_are_stale(self) -> bool:
        """A step round rebuilds μ (and y_t) when f̂(v_t) has moved by more than ``stale_tol`` since μ was built."""
        return self.stage == "step" and self.menus is not None and self._stale_spread() > 1.0 + self.schedule.stale_tol

    def menu_distribution(self, t: int) -> list:
        """The menu distribution ``propose(t)`` draws from, without side effects (call it before ``propose``):
        the burn-in's menu or the lowest-memory menu (nothing realisable) with weight 1, else μ = MenuDist(·, f̂)
        (rebuilt first, as ``propose`` would, when it is stale)."""
        if self.stage == "burn":
            return [(self.burn.propose(t), 1.0)]  # BurnIn.propose only reads its state
        menus = self._farthest_realizable()[1] if self._menus_are_stale() else self.menus
        if menus is None:
            return [(bi.lowest_k_menu(self.tracker.memory, self.k), 1.0)]
        return list(menus.mu)

    def propose(self, t: int) -> tuple[int, ...]:
        if self.stage == "burn":
            return self.burn.propose(t)
        if self._menus_are_stale():
            self._retarget()  # rebuild μ (and y_t) for the current estimate f̂(v_t)
        if self.menus is None:  # nothing realisable under f̂: the burn-in rule (lowest-memory items)
            self.observer.round_without_menus(self)
            return bi.lowest_k_menu(self.tracker.memory, self.k)
        menu = sim.sample_menu(self.menus.mu, self.rng)
        if self.stage == "learn" and self.schedule.estimator == "lemma7":  # Lemma 7's "p" at this round's memory
            self.predicted += sc.mixture_choice_distribution(self.menus.mu, self.f_hat)
        if self.stage == "step":
            self.observer.step_round_proposed(self)
        return menu

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        stage = self.stage
        self.rounds[stage] += 1
        if stage == "burn":
            self.burn.observe(t, menu, chosen, reward)  # updates the shared tracker
            if self.burn.done or self.burn.rounds >= self.burn.max_rounds:
                self._start_learning(self.schedule.initial_learn_iters)
            return
        w_before = self.memory + self.schedule.lam  # w_t = v_t + λ of this round's choice
        self.tracker.remember(chosen)  # Definition 1 (MemoryTracker)
        self.stage_rounds += 1
        if stage == "learn":
            self._observe_learning(menu, chosen, w_before)
        else:
            self._observe_step(menu, chosen, reward, w_before)

    def _observe_learning(self, menu, chosen: int, w_before) -> None:
        self.counts[chosen] += 1
        self._record_round(menu, chosen, w_before)
        if self.stage_rounds < self.schedule.learn_rounds:
            return
        if self.schedule.estimator == "mle":
            self._fit_factors()
        elif self.menus is not None:  # Lemma 7 averaged, on the factors κ̂
            self.kappa = l7.lemma7_update(self.kappa, self.predicted / self.stage_rounds, self.counts,
                                          self.stage_rounds)
        self.iters_left -= 1
        if self.iters_left > 0:
            self._learning_iteration()
        else:
            self._finish_learning()
            self._start_step()

    def _observe_step(self, menu, chosen: int, reward: float, w_before) -> None:
        self.observer.step_round_observed(self)
        if self.menus is not None:
            self.g[chosen] += reward / self.y[chosen]
        self.counts[chosen] += 1
        if self.schedule.relearn == "steps":  # step rounds double as learning data (Luce MLE, any menus)
            self._record_round(menu, chosen, w_before)
        if self.stage_rounds % self.retarget_every == 0 and self.stage_rounds < self.schedule.batch:
            self._retarget()
        if self.stage_rounds >= self.schedule.batch:
            self._end_step()

    def _end_step(self) -> None:
        """x_{j+1} = Π_{Δ_φ}(x_j + η g_j), then re-learning (or a refit) or the next step."""
        g = self.g / self.stage_rounds
        self.observer.step_finished(self, g)
        self.x = np.asarray(proj.project_onto_smoothed_simplex(self.x + self.schedule.eta * g, self.schedule.phi),
                            dtype=float)
        self.iterates.append(self.x.copy())
        self.steps += 1
        if self.schedule.relearn == "steps":
            if len(self.learning_data[2]) >= self.schedule.learn_rounds:  # a window of ≥ m step rounds: refit κ̂
                self._fit_factors()
                self._finish_learning()  # v_ref ← the memory now; invariant 1 on the window
                self.refits += 1
                self.learning_data = ([], [], [])
            self._start_step()
        elif self.v_ref is not None and float(np.abs(self.memory - self.v_ref).sum()) > self.schedule.relearn_drift:
            self._start_learning(self.schedule.relearn_iters)
        else:
            self._start_step()
