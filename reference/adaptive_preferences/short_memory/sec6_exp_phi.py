"""EXP-φ (paper A, §6.1 / Appendix E.1) [recon]: EXP3 over the vertices of Δ_φ, one pull = one window.

The surviving text names the algorithm "EXP-" (the symbol is lost; we write EXP-φ) and keeps its idea:
"view each vertex of the smoothed simplex as an action for a multi-armed bandit problem, where each
'pull' corresponds to several rounds. When we 'commit' to playing an item in the menu for a sufficiently
long time, while otherwise playing items with the smallest weight in memory, the scale-bounded property
will ensure that the selection frequency of that item gravitates towards its vertex in the smoothed
simplex". The window length, the learning rate and the feedback are ours.

Main statements
---------------
* ``ExpPhi`` [recon] — the algorithm: loss-based EXP3 (η = √(2 ln n/(N n)), N = ⌊T/L⌋) over the n
  vertices (1 − φ)e_a + φu_n of Δ_φ; a pull of vertex a commits item a for a window of L rounds and
  fills the other k − 1 slots with the lowest-memory items (memory tracked from the choices with the
  agent's own ``MemoryTracker``, γ, v_1 and W_0 known); the window's average reward is the bandit feedback.
* ``lowest_fill_menu(arm, memory, k)`` — {a} ∪ the k − 1 other items with the smallest memory.
* **Lemma R** [derived, ours] (``recency_fill_menu``): if γ < 1/2 and the initial masses W_0·v_1 are
  ≤ 1, the tracked masses order the items by recency, so lowest-memory filling = least-recently-chosen
  filling. Proof: an item last chosen at s_i > s_j has mass ≥ γ^{t−s_i}, while item j's mass is
  ≤ Σ_{u ≥ t−s_j} γ^u = γ^{t−s_j}/(1 − γ) < γ^{t−s_j−1} ≤ γ^{t−s_i} (γ/(1 − γ) < 1); never-chosen
  items keep their initial order below every chosen one. Certified in exact arithmetic:
  ``lowest_memory_fill_is_lru_rotation`` (certificates/adaptive_preferences/short_memory/thm5_exp_phi.py).
  Consequences: with k = 2 the fillers rotate exactly (``thm5_k2``); for k ≥ 3 each filler's count is
  bounded by Lemma F (``thm5_general.filler_count_upper_bound``).

Notation
--------
==========  ==============================  ============================================
paper/ours  code                            meaning
==========  ==============================  ============================================
L           ``window`` / ``ExpPhi.L``       rounds per pull
N           ``ExpPhi.N``                    ⌊T/L⌋ pulls
a           ``arm``                         committed item (vertex (1−φ)e_a + φu_n)
v_t, W_t    ``ExpPhi.tracker``              tracked memory (Definition 1)
η           ``eta``                         EXP3 learning rate
==========  ==============================  ============================================

Implementation notes
--------------------
For γ < 1/2 (initial masses ≤ 1) ``ExpPhi`` fills by recency (Lemma R): the same menus as the
lowest tracked memory, but immune to the floating-point underflow of γ^t on long runs. Otherwise it
fills by the tracked memory itself. ``ExpPhi`` records the arm of every pull (``pulls``), the committed
item's share of each window (``committed_share``) and the fillers' choice counts (``filler_shares``).

References: paper A, arXiv 2302.06014, §6.1 and Appendix E.1; Bubeck & Cesa-Bianchi (2012), Thm 3.1
(loss-based EXP3). Theorem 5's bounds on this algorithm: ``thm5_exp_phi`` (every instance),
``thm5_k2`` (k = 2), ``thm5_general`` (k ≥ 2 under a condition).
"""

from __future__ import annotations

import math

import numpy as np

from reference._numerics import as_vector, check_integer, check_k, check_real, rng_from
from reference.adaptive_preferences.realizability.def1_memory import MemoryTracker

__all__ = ["ExpPhi", "lowest_fill_menu", "recency_fill_menu"]


def _check_arm(fn: str, arm, n: int) -> int:
    arm = check_integer(fn, "arm", arm, minimum=0)
    if arm >= n:
        raise ValueError(f"{fn}: arm must be an item index in 0..{n - 1}; got {arm}.")
    return arm


def lowest_fill_menu(arm: int, memory, k: int) -> tuple[int, ...]:
    """{arm} ∪ the k − 1 other items with the smallest memory (ties by index), sorted."""
    fn = "lowest_fill_menu"
    v = as_vector(fn, "memory", memory)
    arm, k = _check_arm(fn, arm, len(v)), check_k(fn, k, len(v))
    others = [i for i in np.lexsort((np.arange(len(v)), v)) if i != arm]
    return tuple(sorted([int(arm)] + [int(i) for i in others[: k - 1]]))


def recency_fill_menu(arm: int, last_choice, initial_mass, k: int) -> tuple[int, ...]:
    """{arm} ∪ the k − 1 least-recently-chosen other items (never chosen first, by initial mass, then index).

    Lemma R (module docstring): for γ < 1/2 and initial masses ≤ 1 this is exactly
    ``lowest_fill_menu`` on the tracked memory, but immune to floating-point underflow of γ^t.
    """
    fn = "recency_fill_menu"
    last = as_vector(fn, "last_choice", last_choice)
    m0 = as_vector(fn, "initial_mass", initial_mass, n=len(last), n_from="last_choice")
    arm, k = _check_arm(fn, arm, len(last)), check_k(fn, k, len(last))
    order = np.lexsort((np.arange(len(last)), m0, last))
    others = [int(i) for i in order if i != arm]
    return tuple(sorted([int(arm)] + others[: k - 1]))


class ExpPhi:
    """EXP-φ [recon]: EXP3 over the n vertices of Δ_φ; a pull = commit the vertex's item for L rounds.

    Recommender protocol (``propose``/``observe``; ``menu_distribution`` is the distribution over menus that
    ``propose`` draws from). ``eta`` defaults to √(2 ln n/(N n)) with
    N = ⌊T/L⌋. ``gamma`` ∈ (0, 1), ``initial_memory`` (default u_n) and ``initial_weight`` (W_0) are the
    agent's, so ``tracker`` (a ``MemoryTracker``) holds the agent's memory bit for bit. Records ``pulls``
    (arm per window), per-window ``committed_share`` (fraction of the window's choices that went to the
    committed item) and ``filler_shares``.
    """

    def __init__(self, n: int, k: int, gamma: float, *, window: int, horizon: int, seed, eta=None,
                 initial_memory=None, initial_weight: float = 1.0):
        fn = "ExpPhi"
        self.n = check_integer(fn, "n", n, minimum=2)
        self.k = check_k(fn, k, self.n)
        self.gamma = float(check_real(fn, "gamma", gamma, low=0, high=1, low_open=True, high_open=True))
        self.L = check_integer(fn, "window", window)
        self.N = max(1, check_integer(fn, "horizon", horizon) // self.L)
        self.eta = math.sqrt(2.0 * math.log(self.n) / (self.N * self.n)) if eta is None else float(eta)
        self.rng = rng_from(seed, fn="ExpPhi")
        self.log_w = np.zeros(self.n)
        self.tracker = MemoryTracker(self.n, self.gamma, initial_memory=initial_memory,
                                     initial_weight=initial_weight, fn=fn)
        # Lemma R: for γ < 1/2 (initial masses W_0·v_1 ≤ 1) the lowest-memory order is the recency order;
        # use it (identical menus, no underflow of γ^t on long runs)
        self.initial_mass = self.tracker.memory * self.tracker.weight
        self.last_choice = np.full(self.n, -1.0)
        self.rounds_seen = 0
        self.use_recency = self.gamma < 0.5 and float(self.initial_mass.max()) <= 1.0
        self.arm = None
        self.prob = None
        self.t_in_window = 0
        self.window_reward = 0.0
        self.window_counts = np.zeros(self.n)
        self.pulls: list[int] = []
        self.committed_share: list[float] = []
        self.filler_counts = np.zeros(self.n)

    @property
    def memory(self) -> np.ndarray:
        """The tracked memory v_t (the agent's, by Definition 1)."""
        return self.tracker.memory

    def distribution(self) -> np.ndarray:
        """EXP3's current distribution over the n vertices (arms)."""
        z = np.exp(self.log_w - self.log_w.max())
        return z / z.sum()

    def _fill_menu(self, arm: int) -> tuple[int, ...]:
        """The menu that commits ``arm`` now: by recency (Lemma R) or by the tracked memory."""
        if self.use_recency:
            return recency_fill_menu(arm, self.last_choice, self.initial_mass, self.k)
        return lowest_fill_menu(arm, self.tracker.memory, self.k)

    def menu_distribution(self, t: int) -> list:
        """The menu distribution of round t, without side effects (call it before ``propose``). Inside a window
        the arm is fixed: [(menu(arm), 1)]. At a window start ``propose`` first draws the arm a ~ p (EXP3), so this
        is the distribution over menus that draw induces, [(menu(a), p_a) for every a]; ``propose`` remains the
        authority (it makes the draw, with ``rng``)."""
        if self.t_in_window == 0:
            p = self.distribution()
            return [(self._fill_menu(a), float(p[a])) for a in range(self.n)]
        return [(self._fill_menu(self.arm), 1.0)]

    def propose(self, t: int) -> tuple[int, ...]:
        if self.t_in_window == 0:  # a new pull: draw the vertex to commit
            p = self.distribution()
            self.arm = int(self.rng.choice(self.n, p=p))
            self.prob = float(p[self.arm])
        return self._fill_menu(self.arm)

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        chosen = check_integer("ExpPhi.observe", "chosen", chosen, minimum=0)
        if chosen >= self.n:
            raise ValueError(f"ExpPhi.observe: chosen must be an item in 0..{self.n - 1}; got {chosen}.")
        reward = float(check_real("ExpPhi.observe", "reward", reward))
        self.tracker.remember(chosen)  # Definition 1, as the agent does
        self.last_choice[chosen] = self.rounds_seen
        self.rounds_seen += 1
        self.window_reward += float(reward)
        self.window_counts[chosen] += 1
        self.t_in_window += 1
        if self.t_in_window == self.L:
            self._end_pull()

    def _end_pull(self) -> None:
        """Feed the window's average reward to EXP3 (loss-based) and record the pull."""
        x = self.window_reward / self.L  # the pull's payoff in [0, 1]
        self.log_w[self.arm] -= self.eta * (1.0 - x) / self.prob  # loss-based EXP3
        self.log_w -= self.log_w.max()
        self.pulls.append(self.arm)
        self.committed_share.append(self.window_counts[self.arm] / self.L)
        fill = self.window_counts.copy()
        fill[self.arm] = 0
        self.filler_counts += fill
        self.t_in_window = 0
        self.window_reward = 0.0
        self.window_counts[:] = 0

    def filler_shares(self) -> np.ndarray:
        """Per item: its share of filler choices over all windows (compare with φ/n, Theorem 5 for k ≥ 3)."""
        tot = self.filler_counts.sum()
        return self.filler_counts / tot if tot > 0 else self.filler_counts
