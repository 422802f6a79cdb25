"""Baselines on the same instances and seeds as the paper's algorithms: EXP3 (log-domain), OGD
without deferral, EXP3 over menus, a dynamics-blind fixed menu recommender, an adapter from
item-level bandits to the simulator's ``Recommender`` protocol (k = 1), and a bandit learner over
distributions realised through MenuDist (box-EIRD targeting) [project].

Main statements
---------------
* ``Exp3(n_arms, eta)`` — EXP3 with loss estimates ℓ̂ = (1 − r) 1[a]/p_a and weights kept in the log
  domain (log w ← log w − η ℓ̂; p = softmax(log w), computed with the max subtracted), so it never
  overflows. Bound [standard, e.g. Lattimore–Szepesvári Thm 11.1]: E Reg ≤ ln K/η + η K T/2,
  minimised at η = √(2 ln K/(K T)) (``exp3_eta``, ``exp3_regret_bound``). Same interface as DBG:
  ``distribution(t)`` / ``update(t, arm, reward)``.
* ``BanditOGD(n, eta, schedule)`` — OGD on r̂_t directly (DBG with m = 1, lag = 0). Bound:
  ``thm1_dbg.bandit_ogd_regret_bound``.
* ``Exp3MenuRecommender(menus, eta, seed)`` — EXP3 whose arms are menus (small n, k): a
  ``Recommender`` for ``run_interaction``.
* ``FixedMenuRecommender(menu | menu distribution, seed)`` — always the same menu, or a fresh
  draw from a fixed menu distribution (blind to the agent's dynamics).
* ``ItemBanditRecommender(learner, seed)`` — k = 1: propose the item drawn from
  ``learner.distribution(t)``, feed the reward back.
* ``BoxTargetingRecommender(learner, k, gamma, assumed, seed)`` — a bandit learner over
  distributions (``DeferredBanditGradient`` or ``BanditOGD``) realised through MenuDist under
  *assumed* scores: x_t = learner.distribution(t), show K ~ MenuDist(x_t, assumed(v_t)), feed back
  (i_t, r_t(i_t)). The memory v_t is tracked by ``MemoryTracker`` (Definition 1).
  With the TRUE scores and x_t in the box of ``box_schedule`` (oracle targeting) [derived]:
  box ⊆ IRD(v_t) for a (λ, c)-scale-bounded model (``sec2_eird.score_ratio_floor``), so by Lemma 1
  MenuDist(x_t, f(v_t)) induces exactly x_t and DBG runs with δ = 0: Theorem 1
  (``thm1_dbg.dbg_regret_bound``) bounds its pseudo-regret against every p in the decision set.
  With scores ≡ 1 (dynamics-blind) there is no guarantee.
* ``box_schedule(n, k, λ, c, floor)`` — the decision set K = {x ∈ Δ(n) : ξ ≤ x_i ≤ λ'/(k − 1 + λ')}
  of oracle box targeting (constant, so no contraction).
* Every recommender here has ``menu_distribution(t)``: the menu distribution ``propose(t)`` draws from (no side
  effects; the oracle's replay mode compares it, ``certificates.oracle.trajectories``).

Notation
--------
=============  ============================  ==================================================
paper / ours   code                          meaning
=============  ============================  ==================================================
η              ``eta``                       step size
x_t            ``learner.distribution(t)``   the learner's target distribution
f(v_t)         ``assumed(memory)``           scores MenuDist is built with
λ'             ``sec2_eird.score_ratio_floor``  min score / max score of a (λ, c) model
ξ              ``floor``                     lower bound of every coordinate of K
=============  ============================  ==================================================

Implementation notes
--------------------
Every menu distribution is sampled by ``sec2_simulator.sample_menu`` with the recommender's own
rng; MenuDist is called as ``md.menu_dist`` (a module attribute) so that certificate mutants can
patch it. Certified (oracle targeting is exact, DBG ≤ Theorem 1): ``theorem3_5_baselines_paired_comparison``
(certificates/adaptive_preferences/setting/baselines.py).

References: paper A, arXiv 2302.06014, §2.1 (protocol), §3 (DBG, Theorem 1); Lattimore &
Szepesvári, Bandit Algorithms (2020), Ch. 11 (EXP3).
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Callable

import numpy as np

import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
import reference.adaptive_preferences.setting.sec2_eird as eird
from reference._numerics import (
    FLOAT_SUM_ATOL,
    check_integer,
    check_k,
    check_lam,
    check_menu,
    check_real,
    rng_from,
    speaks_as,
)
from reference.adaptive_preferences.long_memory.lemma3_contracting_ogd import BoxSchedule
from reference.adaptive_preferences.long_memory.thm1_dbg import DeferredBanditGradient
from reference.adaptive_preferences.realizability.def1_memory import MemoryTracker
from reference.adaptive_preferences.setting.sec2_simulator import sample_menu

__all__ = [
    "Exp3",
    "exp3_eta",
    "exp3_regret_bound",
    "BanditOGD",
    "Exp3MenuRecommender",
    "FixedMenuRecommender",
    "ItemBanditRecommender",
    "BoxTargetingRecommender",
    "box_schedule",
]


def _check_open_menu(fn: str, arg: str, menu) -> tuple[int, ...]:
    """A menu whose n is not known here: distinct non-negative integer items, in the given order."""
    if isinstance(menu, (str, bytes)) or not hasattr(menu, "__iter__"):
        raise ValueError(f"{fn}: {arg} must hold menus (sequences of item indices); got {menu!r:.80}.")
    items = tuple(menu)
    check_menu(fn, items, sys.maxsize, arg=arg)
    return tuple(int(i) for i in items)


def _check_open_distribution(fn: str, arg: str, dist) -> list:
    """[(menu, weight)] with weights ≥ 0 summing to 1 (±FLOAT_SUM_ATOL)."""
    out = []
    for pair in dist:
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"{fn}: {arg} must be a menu or a list of (menu, weight) pairs; got {pair!r:.80}.")
        out.append((_check_open_menu(fn, arg, pair[0]), check_real(fn, f"{arg} weight", pair[1], low=0)))
    total = sum(float(w) for _, w in out)
    if abs(total - 1) > FLOAT_SUM_ATOL:
        raise ValueError(f"{fn}: {arg} weights must sum to 1; they sum to {total}.")
    return out


def exp3_eta(n_arms: int, T: int) -> float:
    """η = √(2 ln K / (K T)), the step size minimising ln K/η + ηKT/2."""
    n_arms, T = check_integer("exp3_eta", "n_arms", n_arms), check_integer("exp3_eta", "T", T)
    return math.sqrt(2 * math.log(max(n_arms, 2)) / (n_arms * T))


def exp3_regret_bound(n_arms: int, T: int, eta: float) -> float:
    """ln K/η + η K T/2: EXP3's expected-regret bound (loss-based estimates, rewards in [0, 1])."""
    fn = "exp3_regret_bound"
    n_arms, T = check_integer(fn, "n_arms", n_arms), check_integer(fn, "T", T)
    check_real(fn, "eta", eta, low=0, low_open=True)
    return math.log(n_arms) / eta + eta * n_arms * T / 2


class Exp3:
    """EXP3 over ``n_arms`` arms (arbitrary finite list), log-domain weights, loss-based estimates."""

    def __init__(self, n_arms: int, *, eta: float):
        fn = "Exp3"
        self.n = check_integer(fn, "n_arms", n_arms)
        check_real(fn, "eta", eta, low=0, low_open=True)
        self.eta = float(eta)
        self.log_weights = np.zeros(self.n)

    def distribution(self, t: int | None = None) -> np.ndarray:
        """p_t = softmax(log w) with the maximum subtracted (stable for any magnitude)."""
        z = self.log_weights - self.log_weights.max()
        w = np.exp(z)
        return w / w.sum()

    def update(self, t: int | None, arm: int, reward: float, prob: float | None = None) -> None:
        """log w_arm −= η (1 − reward)/p_arm (p_arm: current probability unless ``prob`` is given)."""
        fn = "Exp3.update"
        if isinstance(arm, (bool, np.bool_)) or not isinstance(arm, numbers.Integral) or not 0 <= arm < self.n:
            raise ValueError(f"{fn}: arm must be an index in 0..{self.n - 1}; got {arm!r}.")
        check_real(fn, "reward", reward, low=0, high=1)
        p = self.distribution()[arm] if prob is None else float(prob)
        if not p > 0:
            raise ValueError(f"{fn}: the played arm must have had positive probability; arm {arm} has p = {p}.")
        self.log_weights[arm] -= self.eta * (1.0 - float(reward)) / p
        self.log_weights -= self.log_weights.max()  # keep the numbers O(1); p is unchanged


class BanditOGD(DeferredBanditGradient):
    """OGD without deferral: x_{t+1} = Π_{K_{t+1}}(x_t + η r̂_t) (DBG with m = 1, lag = 0)."""

    @speaks_as("BanditOGD")
    def __init__(self, n: int, *, eta: float, schedule, x1=None, record: bool = False):
        super().__init__(n, eta=eta, m=1, schedule=schedule, x1=x1, lag=0, record=record)


class Exp3MenuRecommender:
    """EXP3 whose arms are the given menus; a ``Recommender`` (propose/observe) for the simulator."""

    def __init__(self, menus, *, eta: float, seed):
        fn = "Exp3MenuRecommender"
        if isinstance(menus, (str, bytes)) or not hasattr(menus, "__iter__"):
            raise ValueError(f"{fn}: menus must be a non-empty list of menus; got {menus!r:.80}.")
        menus = [_check_open_menu(fn, "menus", m) for m in menus]
        if not menus:
            raise ValueError("Exp3MenuRecommender: menus must not be empty.")
        check_real(fn, "eta", eta, low=0, low_open=True)
        self.menus = menus
        self.index = {m: a for a, m in enumerate(menus)}
        self.exp3 = Exp3(len(menus), eta=eta)
        self.rng = rng_from(seed, fn="Exp3MenuRecommender")
        self._last = None

    def menu_distribution(self, t: int) -> list:
        """EXP3's distribution over the menus (the one ``propose(t)`` draws from): [(menu_a, p_a)]."""
        p = self.exp3.distribution()
        return [(m, float(w)) for m, w in zip(self.menus, p)]

    def propose(self, t: int) -> tuple[int, ...]:
        p = self.exp3.distribution()
        a = int(self.rng.choice(len(p), p=p))
        self._last = (a, float(p[a]))
        return self.menus[a]

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        a, p = self._last
        self.exp3.update(t, a, reward, prob=p)


class FixedMenuRecommender:
    """Always the same menu, or a fresh draw from a fixed menu distribution [(menu, weight), …]."""

    def __init__(self, menu_or_distribution, *, seed=0):
        fn, arg = "FixedMenuRecommender", "menu_or_distribution"
        self.rng = rng_from(seed, fn=fn)
        if isinstance(menu_or_distribution, (str, bytes)) or not hasattr(menu_or_distribution, "__len__") \
                or not len(menu_or_distribution):
            raise ValueError(f"{fn}: {arg} must be a non-empty menu or a list of (menu, weight); "
                             f"got {menu_or_distribution!r:.80}.")
        first = menu_or_distribution[0]
        if isinstance(first, numbers.Integral) or isinstance(first, (float, np.floating, str, bool)):
            self.menu = _check_open_menu(fn, arg, menu_or_distribution)
            self.distribution = None
        else:
            self.menu = None
            self.distribution = _check_open_distribution(fn, arg, menu_or_distribution)

    def menu_distribution(self, t: int) -> list:
        """[(menu, 1)] or the fixed menu distribution (the one ``propose(t)`` draws from)."""
        return [(self.menu, 1.0)] if self.menu is not None else list(self.distribution)

    def propose(self, t: int) -> tuple[int, ...]:
        if self.menu is not None:
            return self.menu
        return sample_menu(self.distribution, self.rng)

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        return None


class ItemBanditRecommender:
    """k = 1 adapter: propose the item drawn from ``learner.distribution(t)``; feed back its reward."""

    def __init__(self, learner, *, seed):
        self.learner = learner
        self.rng = rng_from(seed, fn="ItemBanditRecommender")
        self._p = None

    def _item_distribution(self, t: int) -> np.ndarray:
        """The learner's x_t, clipped at 0 and renormalised."""
        x = np.asarray(self.learner.distribution(t), dtype=float)
        x = np.clip(x, 0, None)
        x /= x.sum()
        return x

    def menu_distribution(self, t: int) -> list:
        """[((i,), x_t(i))]: the one-item menus ``propose(t)`` draws from."""
        return [((i,), float(w)) for i, w in enumerate(self._item_distribution(t))]

    def propose(self, t: int) -> tuple[int, ...]:
        x = self._item_distribution(t)
        i = int(self.rng.choice(len(x), p=x))
        return (i,)

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        self.learner.update(t, int(chosen), float(reward))


# ------------------------------------------------------------------------------------------------
# a bandit learner over distributions, realised by MenuDist under assumed scores
# ------------------------------------------------------------------------------------------------
def box_schedule(n: int, k: int, lam, c, *, floor: float) -> BoxSchedule:
    """DBG's decision set K = {x ∈ Δ(n) : ξ ≤ x_i ≤ λ'/(k − 1 + λ')}, ξ = ``floor`` (constant box).

    λ' = ``sec2_eird.score_ratio_floor(λ, c)``. Raises ValueError when the box does not apply
    (λ' < (k − 1)/(n − 1), ``sec2_eird.box_applies``) or ``floor`` is not in [0, min(cap, 1/n)].
    """
    fn = "box_schedule"
    n = check_integer(fn, "n", n, minimum=2)
    k = check_k(fn, k, n)
    check_lam(fn, lam)
    check_real(fn, "c", c, low=1)
    floor = check_real(fn, "floor", floor, low=0)
    cap = float(eird.eird_box_cap(eird.score_ratio_floor(lam, c), k))
    if not eird.box_applies(n, k, lam, c):
        raise ValueError(f"{fn}: the EIRD box is empty for n={n}, k={k}, lam={lam}, c={c}: "
                         f"λ' = {eird.score_ratio_floor(lam, c):.4g} < (k−1)/(n−1) = {(k - 1) / (n - 1):.4g}.")
    if not 0 <= floor <= min(cap, 1.0 / n):
        raise ValueError(f"{fn}: floor must be in [0, min(cap, 1/n)] = [0, {min(cap, 1.0 / n):.4g}]; got {floor!r}.")
    return BoxSchedule(n, float(floor), cap)


class BoxTargetingRecommender:
    """Recommender: x_t = learner.distribution(t); show K ~ MenuDist(x_t, assumed(v_t)); feed back (i_t, r).

    ``assumed(memory)`` gives the scores MenuDist is built with (the true ``model.scores`` for oracle
    targeting, ones for the blind learner). The memory v_t is tracked from the choices by
    ``MemoryTracker`` (Definition 1, v_1 = u_n and W_0 = ``initial_weight`` = 1 as the agent's
    defaults), so it equals the agent's bit for bit. ``record=True`` keeps (x_t, μ_t) per round
    (``targets``, ``menu_dists``), so the induced choice distribution can be recomputed afterwards
    from the agent's true memory.
    """

    @speaks_as("BoxTargetingRecommender")
    def __init__(self, learner, k: int, gamma: float, assumed: Callable[[np.ndarray], object], *, seed,
                 initial_weight: float = 1.0, record: bool = False):
        fn = "BoxTargetingRecommender"
        if not all(hasattr(learner, a) for a in ("n", "distribution", "update")):
            raise ValueError(f"{fn}: learner must be a learner with n, distribution(t) and update(t, item, reward) "
                             f"(DeferredBanditGradient, BanditOGD, …); got {type(learner).__name__}.")
        if not callable(assumed):
            raise ValueError(f"{fn}: assumed must be a callable memory -> scores; got {type(assumed).__name__}.")
        self.learner = learner
        self.n = check_integer(fn, "learner.n", learner.n)
        self.k = check_k(fn, k, self.n)
        self.tracker = MemoryTracker(self.n, gamma, initial_weight=initial_weight, fn=fn)
        self.gamma = self.tracker.gamma
        self.assumed = assumed
        self.rng = rng_from(seed, fn="BoxTargetingRecommender")
        self.record = record
        self.targets: list = []
        self.menu_dists: list = []

    @property
    def memory(self) -> np.ndarray:
        """v_t as tracked from the observed choices (updated in place)."""
        return self.tracker.memory

    @property
    def weight(self) -> float:
        """W_{t−1}, the total discounted weight of the observed history."""
        return self.tracker.weight

    def _target_and_menus(self, t: int) -> tuple[np.ndarray, list]:
        """(x_t, μ_t = MenuDist(x_t, assumed(v_t)))."""
        x = np.asarray(self.learner.distribution(t), dtype=float)
        return x, md.menu_dist(x, np.asarray(self.assumed(self.memory), dtype=float), self.k)

    @speaks_as("BoxTargetingRecommender.menu_distribution")
    def menu_distribution(self, t: int) -> list:
        """μ_t = MenuDist(x_t, assumed(v_t)), the menu distribution ``propose(t)`` draws from (no side effects)."""
        return self._target_and_menus(t)[1]

    @speaks_as("BoxTargetingRecommender.propose")
    def propose(self, t: int) -> tuple[int, ...]:
        x, mu = self._target_and_menus(t)
        if self.record:
            self.targets.append(x)
            self.menu_dists.append(mu)
        return sample_menu(mu, self.rng)

    @speaks_as("BoxTargetingRecommender.observe")
    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        self.learner.update(t, int(chosen), float(reward))
        self.tracker.remember(int(chosen))
