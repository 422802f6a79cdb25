"""Lockstep recommenders of paper A: R replicates of one algorithm advanced together (issue 14).

Each class mirrors one reference recommender operation by operation, with the replicate as the leading array
axis, and consumes its generator's doubles in the reference's order (``core.draw_rows``):

* ``LockstepDBG`` — ``BoxTargetingRecommender(DeferredBanditGradient(n, η, m, BoxSchedule(n, lower, upper)), k, γ,
  assumed)`` (paper A §3.2 and the box-targeting baseline): x_t, μ_t = MenuDist(x_t, assumed(v_t)), K ~ μ_t (one
  double per round), r̂_t = r_t(i_t)/x_t(i_t), g_t = (1/m) Σ_{s=t−m}^{t−1} r̂_s e_{i_s}, x_{t+1} = Π_box(x_t + η g_t).
  MenuDist and the draw run for all replicates in one compiled call (``menu_dist_kernel``, numba) when numba is
  installed, else per replicate through the reference's ``menu_dist``; both draw over the pairs sorted by menu, as
  ``sample_menu`` does (so the draw does not depend on MenuDist's list order); everything else is vectorised.
* ``LockstepExpPhi`` — ``ExpPhi`` (§6.1): one double per window start draws the arm from softmax(log w); the menu
  is the arm plus the k − 1 least-recently-chosen others (γ < 1/2, Lemma R) or lowest-memory others; the window's
  mean reward updates log w_arm by −η(1 − x)/p_arm.
* ``LockstepExp3Menus`` — ``Exp3MenuRecommender``: one double per round draws the menu from softmax(log w).

The tracked memory of every recommender is the agent's (same v_1, W_0 and float operations: ``MemoryTracker``), so
the engine reads it from the ``LockstepAgent``.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from engines.paper_a import menu_dist_kernel as kernel
from engines.paper_a.core import _batch_scores, _draw, _project, project_rows_onto_box_simplex

__all__ = ["LockstepDBG", "LockstepExpPhi", "LockstepExp3Menus"]


def _check_parts(fn: str, instance, agent, U_rec, per_window: bool = False) -> None:
    """The constructor arguments every lockstep class takes (``lockstep_run`` builds them; errors name ``fn``):
    an ``InstanceA``, a ``LockstepAgent`` for its n items, and U_rec, the recommender's doubles, of shape (R, draws)
    with draws = T (one per round) or ⌈T/window⌉ (``per_window``: one per window start)."""
    from engines.paper_a.core import LockstepAgent  # noqa: PLC0415
    from engines.scalar_run import check_instance  # noqa: PLC0415

    instance = check_instance(fn, instance)
    draws = instance.T
    if per_window:
        window = instance.params.get("window", 1)
        if isinstance(window, bool) or not isinstance(window, int) or window < 1:
            raise ValueError(f"{fn}: instance.params['window'] must be an integer ≥ 1; got {window!r}.")
        draws = -(-instance.T // window)
    if not isinstance(agent, LockstepAgent) or agent.n != instance.n:
        raise TypeError(f"{fn}: agent must be a LockstepAgent for n={instance.n} items.")
    U = U_rec if isinstance(U_rec, np.ndarray) else None
    if U is None or U.shape != (agent.R, draws) or U.dtype != float or (U.size and (U.min() < 0 or U.max() >= 1)):
        raise ValueError(f"{fn}: U_rec must be a float array of shape (R, draws) = ({agent.R}, {draws}) in [0, 1).")


def _softmax_rows(log_w: np.ndarray) -> np.ndarray:
    """exp(log w − max log w) normalised, per row (the reference's EXP3 distribution)."""
    z = np.exp(log_w - log_w.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


class LockstepDBG:
    """R replicates of box-targeted DBG (module docstring); ``x`` is (R, n), the learners' x_t."""

    iterate_name = "x"

    def __init__(self, instance, agent, U_rec: np.ndarray):
        import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md  # noqa: PLC0415

        _check_parts("LockstepDBG", instance, agent, U_rec)
        p, n = instance.params, instance.n
        if "eta" not in p:
            raise ValueError("LockstepDBG: instance.params must set 'eta' for this algorithm.")
        self.md, self.agent, self.U, self.n, self.k = md, agent, U_rec, n, instance.k
        self.eta, self.m = float(p["eta"]), int(p.get("m", 1))
        self.lower, self.upper = float(p.get("lower", 0.5 / n)), float(p.get("upper", 1.0))
        self.assumed = p.get("assumed", "true")
        self.model = instance.model
        R = agent.R
        self.x = project_rows_onto_box_simplex(np.full((R, n), 1.0 / n), self.lower, self.upper)  # validates
        self.recent: deque = deque()  # (s, i_s (R,), r̂_s(i_s) (R,)) of the last m + 1 rounds
        self.rows = np.arange(R)

    def iterate(self) -> np.ndarray:
        return self.x

    def propose(self, t: int) -> np.ndarray:
        V = self.agent.memory
        F = _batch_scores(self.model, V) if self.assumed == "true" else np.ones_like(V)
        if kernel.AVAILABLE:  # MenuDist and the draw for every replicate in one compiled call
            menus, failed = kernel.draw_box_menus(self.x, F, self.k, self.U[:, t])
            for r in np.flatnonzero(failed):  # x_t outside IRD: the reference's menu_dist raises its error
                self.md.menu_dist(self.x[r], F[r], self.k)
            return menus
        menus = np.empty((self.agent.R, self.k), dtype=np.int64)
        for r in range(self.agent.R):  # without numba: the reference's menu_dist per replicate
            mu = sorted(self.md.menu_dist(self.x[r], F[r], self.k), key=lambda pair: tuple(pair[0]))  # as sample_menu
            w = np.array([float(wt) for _, wt in mu])
            a = int(_draw((w / w.sum())[None, :], self.U[r:r + 1, t])[0])
            menus[r] = mu[a][0]
        return menus

    def observe(self, t: int, menus: np.ndarray, chosen: np.ndarray, reward: np.ndarray) -> None:
        value = reward / self.x[self.rows, chosen]  # r̂_t(i_t), divided by x_t
        self.recent.append((t, chosen, value))
        while self.recent and self.recent[0][0] < t - self.m:
            self.recent.popleft()
        g = np.zeros_like(self.x)
        for s, i, v in self.recent:
            if t - self.m <= s <= t - 1:  # deferred_window(t, m, lag=1)
                g[self.rows, i] += v / self.m
        self.x = _project(self.x + self.eta * g, self.lower, self.upper)


class LockstepExpPhi:
    """R replicates of EXP-φ (module docstring); ``log_w`` is (R, n)."""

    iterate_name = "log_w"

    def __init__(self, instance, agent, U_rec: np.ndarray):
        _check_parts("LockstepExpPhi", instance, agent, U_rec, per_window=True)
        n, k, T = instance.n, instance.k, instance.T
        self.agent, self.U, self.n, self.k = agent, U_rec, n, k
        self.gamma = float(instance.gamma)
        self.L = int(instance.params.get("window", 1))
        self.N = max(1, T // self.L)
        eta = instance.params.get("eta")
        self.eta = math.sqrt(2.0 * math.log(n) / (self.N * n)) if eta is None else float(eta)
        R = agent.R
        self.log_w = np.zeros((R, n))
        self.initial_mass = agent.memory * agent.weight[:, None]  # W_0 · v_1
        self.last_choice = np.full((R, n), -1.0)
        self.rounds_seen = 0
        self.use_recency = self.gamma < 0.5 and float(self.initial_mass.max()) <= 1.0
        self.equal_initial_mass = bool(np.all(self.initial_mass == self.initial_mass[0, 0]))
        self.arm = np.zeros(R, dtype=np.int64)
        self.prob = np.ones(R)
        self.t_in_window, self.pulls = 0, 0
        self.window_reward = np.zeros(R)
        self.rows, self.index = np.arange(R), np.broadcast_to(np.arange(n), (R, n))

    def iterate(self) -> np.ndarray:
        return self.log_w

    def _fill(self) -> np.ndarray:
        R, n, k = self.agent.R, self.n, self.k
        if self.use_recency and self.equal_initial_mass:
            # recency_fill_menu with equal initial masses: the order is (last choice, index); the distinct keys
            # last·n + index (exact integers in float64) make the k − 1 smallest others a partition, not a sort
            key = self.last_choice * n + self.index
            key[self.rows, self.arm] = np.inf
            others = (np.argmin(key, axis=1)[:, None] if k == 2 else
                      np.argpartition(key, k - 2, axis=1)[:, : k - 1]) if k > 1 else np.empty((R, 0), np.int64)
        else:
            if self.use_recency:  # recency_fill_menu: by last choice, then initial mass, then index
                order = np.lexsort((self.index, self.initial_mass, self.last_choice), axis=-1)
            else:  # lowest_fill_menu: by tracked memory, ties by index (a stable sort)
                order = np.argsort(self.agent.memory, axis=1, kind="stable")
            others = order[order != self.arm[:, None]].reshape(R, n - 1)[:, : k - 1]
        return np.sort(np.concatenate([self.arm[:, None], others], axis=1), axis=1)

    def propose(self, t: int) -> np.ndarray:
        if self.t_in_window == 0:  # a new pull: one double per replicate
            p = _softmax_rows(self.log_w)
            self.arm = _draw(p, self.U[:, self.pulls])
            self.prob = p[self.rows, self.arm]
            self.pulls += 1
        return self._fill()

    def observe(self, t: int, menus: np.ndarray, chosen: np.ndarray, reward: np.ndarray) -> None:
        self.last_choice[self.rows, chosen] = self.rounds_seen
        self.rounds_seen += 1
        self.window_reward += reward
        self.t_in_window += 1
        if self.t_in_window == self.L:
            x = self.window_reward / self.L
            self.log_w[self.rows, self.arm] -= self.eta * (1.0 - x) / self.prob
            self.log_w -= self.log_w.max(axis=1, keepdims=True)
            self.t_in_window = 0
            self.window_reward = np.zeros(self.agent.R)


class LockstepExp3Menus:
    """R replicates of EXP3 over a fixed list of menus; ``log_w`` is (R, number of menus)."""

    iterate_name = "log_w"

    def __init__(self, instance, agent, U_rec: np.ndarray):
        from reference.adaptive_preferences.realizability.sec2_choice import all_menus  # noqa: PLC0415
        from reference.adaptive_preferences.setting.baselines import exp3_eta  # noqa: PLC0415

        _check_parts("LockstepExp3Menus", instance, agent, U_rec)
        p = instance.params
        self.menus = np.array([tuple(m) for m in p.get("menus", all_menus(instance.n, instance.k))], dtype=np.int64)
        self.eta = float(p.get("eta", exp3_eta(len(self.menus), instance.T)))
        self.agent, self.U = agent, U_rec
        self.log_w = np.zeros((agent.R, len(self.menus)))
        self.rows = np.arange(agent.R)
        self.arm, self.prob = np.zeros(agent.R, dtype=np.int64), np.ones(agent.R)

    def iterate(self) -> np.ndarray:
        return self.log_w

    def propose(self, t: int) -> np.ndarray:
        p = _softmax_rows(self.log_w)
        self.arm = _draw(p, self.U[:, t])
        self.prob = p[self.rows, self.arm]
        return self.menus[self.arm]

    def observe(self, t: int, menus: np.ndarray, chosen: np.ndarray, reward: np.ndarray) -> None:
        self.log_w[self.rows, self.arm] -= self.eta * (1.0 - reward) / self.prob
        self.log_w -= self.log_w.max(axis=1, keepdims=True)
