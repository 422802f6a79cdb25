"""Baselines on the same instances and seeds as DBG: EXP3 (log-domain), OGD without deferral,
EXP3 over menus, a dynamics-blind fixed menu recommender, and an adapter from item-level bandits
to the simulator's ``Recommender`` protocol (k = 1).

Main statements
---------------
* ``Exp3(n_arms, eta)`` — EXP3 with loss estimates ℓ̂ = (1 − r) 1[a]/p_a and weights kept in the log
  domain (log w ← log w − η ℓ̂; p = softmax(log w), computed with the max subtracted), so it never
  overflows. Bound [standard, e.g. Lattimore–Szepesvári Thm 11.1]: E Reg ≤ ln K/η + η K T/2,
  minimised at η = √(2 ln K/(K T)) (``exp3_eta``, ``exp3_regret_bound``). Same interface as DBG:
  ``distribution(t)`` / ``update(t, arm, reward)``.
* ``BanditOGD(n, eta, schedule)`` — OGD on r̂_t directly (DBG with m = 1, lag = 0). Bound:
  ``dbg.bandit_ogd_regret_bound``.
* ``Exp3MenuRecommender(menus, eta, seed)`` — EXP3 whose arms are menus (small n, k): a
  ``Recommender`` for ``run_interaction``.
* ``FixedMenuRecommender(menu | menu distribution, seed)`` — always the same menu, or a fresh
  draw from a fixed menu distribution (blind to the agent's dynamics).
* ``ItemBanditRecommender(learner, seed)`` — k = 1: propose the item drawn from
  ``learner.distribution(t)``, feed the reward back.

Implementation notes
--------------------
``sample_menu`` (in ``simulator``) draws a menu from a menu distribution with the recommender's
own rng; the recommenders here use it.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from reference._numerics import rng_from
from reference.adaptive_preferences.long_memory.thm1_dbg import DeferredBanditGradient

__all__ = [
    "Exp3",
    "exp3_eta",
    "exp3_regret_bound",
    "BanditOGD",
    "Exp3MenuRecommender",
    "FixedMenuRecommender",
    "ItemBanditRecommender",
]


def exp3_eta(n_arms: int, T: int) -> float:
    """η = √(2 ln K / (K T)), the step size minimising ln K/η + ηKT/2."""
    return math.sqrt(2 * math.log(max(n_arms, 2)) / (n_arms * T))


def exp3_regret_bound(n_arms: int, T: int, eta: float) -> float:
    """ln K/η + η K T/2: EXP3's expected-regret bound (loss-based estimates, rewards in [0, 1])."""
    return math.log(n_arms) / eta + eta * n_arms * T / 2


class Exp3:
    """EXP3 over ``n_arms`` arms (arbitrary finite list), log-domain weights, loss-based estimates."""

    def __init__(self, n_arms: int, *, eta: float):
        fn = "Exp3"
        if isinstance(n_arms, bool) or not isinstance(n_arms, numbers.Integral) or n_arms < 1:
            raise ValueError(f"{fn}: n_arms must be a positive integer; got {n_arms!r}.")
        if isinstance(eta, bool) or not isinstance(eta, numbers.Real) or not (eta > 0 and math.isfinite(eta)):
            raise ValueError(f"{fn}: eta must be a positive finite number; got {eta!r}.")
        self.n = int(n_arms)
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
        if not (isinstance(reward, numbers.Real) and 0 <= reward <= 1):
            raise ValueError(f"{fn}: reward must be a number in [0, 1]; got {reward!r}.")
        p = self.distribution()[arm] if prob is None else float(prob)
        if not p > 0:
            raise ValueError(f"{fn}: the played arm must have had positive probability; arm {arm} has p = {p}.")
        self.log_weights[arm] -= self.eta * (1.0 - float(reward)) / p
        self.log_weights -= self.log_weights.max()  # keep the numbers O(1); p is unchanged


class BanditOGD(DeferredBanditGradient):
    """OGD without deferral: x_{t+1} = Π_{K_{t+1}}(x_t + η r̂_t) (DBG with m = 1, lag = 0)."""

    def __init__(self, n: int, *, eta: float, schedule, x1=None, record: bool = False):
        super().__init__(n, eta=eta, m=1, schedule=schedule, x1=x1, lag=0, record=record)


class Exp3MenuRecommender:
    """EXP3 whose arms are the given menus; a ``Recommender`` (propose/observe) for the simulator."""

    def __init__(self, menus, *, eta: float, seed):
        menus = [tuple(m) for m in menus]
        if not menus:
            raise ValueError("Exp3MenuRecommender: menus must not be empty.")
        self.menus = menus
        self.index = {m: a for a, m in enumerate(menus)}
        self.exp3 = Exp3(len(menus), eta=eta)
        self.rng = rng_from(seed)
        self._last = None

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
        from reference.adaptive_preferences.setting.sec2_simulator import sample_menu

        self._sample_menu = sample_menu
        self.rng = rng_from(seed)
        first = menu_or_distribution[0] if len(menu_or_distribution) else None
        if isinstance(first, numbers.Integral):
            self.menu = tuple(int(i) for i in menu_or_distribution)
            self.distribution = None
        else:
            self.menu = None
            self.distribution = [(tuple(m), w) for m, w in menu_or_distribution]

    def propose(self, t: int) -> tuple[int, ...]:
        if self.menu is not None:
            return self.menu
        return self._sample_menu(self.distribution, self.rng)

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        return None


class ItemBanditRecommender:
    """k = 1 adapter: propose the item drawn from ``learner.distribution(t)``; feed back its reward."""

    def __init__(self, learner, *, seed):
        self.learner = learner
        self.rng = rng_from(seed)
        self._p = None

    def propose(self, t: int) -> tuple[int, ...]:
        x = np.asarray(self.learner.distribution(t), dtype=float)
        x = np.clip(x, 0, None)
        x /= x.sum()
        i = int(self.rng.choice(len(x), p=x))
        return (i,)

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        self.learner.update(t, int(chosen), float(reward))
