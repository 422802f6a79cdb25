"""The interaction protocol of paper A (§2.1) — the one place it lives.

Each round t = 1..T:
  1. the recommender proposes a menu K_t of exactly k distinct items (``Recommender.propose``);
  2. the agent picks i_t ∈ K_t with probability q(K_t; v_t)_i = f_i(v_t) / Σ_{j∈K_t} f_j(v_t);
  3. the agent's memory updates by Definition 1 (``MemoryTracker.remember``);
  4. the recommender observes only r_t(i_t) (bandit feedback; ``Recommender.observe``).   [seed]

Main objects
------------
* ``Agent`` — preference model + discounted memory (``MemoryTracker``) + its own rng.
* ``Recommender`` — the protocol a learner implements (``propose`` / ``observe``).
* ``run_interaction`` — runs the loop against an oblivious reward sequence ``rewards[t, i]``.
* ``sample_menu(μ, rng)`` — draws a menu from a menu distribution [(menu, weight), …]: the one
  implementation every recommender that samples menus uses.
* ``replicate_interaction`` — Monte Carlo over seeds (``regret.monte_carlo``).

Notation
--------
=========  ======================  ======================================
paper      code                    meaning
=========  ======================  ======================================
K_t        ``menu``                menu shown at round t
i_t        ``chosen``              item the agent picks
v_t        ``Agent.memory``        the agent's memory (Definition 1)
r_t        ``rewards[t]``          reward vector of round t, in [0, 1]^n
μ          ``menu_distribution``   list of ``(menu, weight)``
=========  ======================  ======================================

Implementation notes
--------------------
This core is deliberately small; reward generators, recording switches, regret against target
sets and Monte Carlo replicates build on it and never re-implement the loop. ``record=True`` keeps
the menus, choices, rewards and memories (O(nT) memory). All randomness comes from explicit seeds.

Certified: ``simulator_run_follows_protocol`` (certificates/adaptive_preferences/setting/sec2_simulator.py).

References: paper A, arXiv 2302.06014, §2.1 (the protocol) and Definition 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from reference._numerics import check_k, check_menu, check_real, rng_from
from reference.adaptive_preferences.realizability.def1_memory import MemoryTracker

__all__ = ["Agent", "Recommender", "Trajectory", "run_interaction", "sample_menu", "replicate_interaction"]


class Agent:
    """An agent with preference model f, discount γ and memory v (Definition 1), choosing by q(K; v).

    ``initial_weight`` is W_0, the pseudo-weight of the initial memory (see ``def1_memory``).
    All randomness comes from ``seed`` (an int or a numpy Generator).
    """

    def __init__(self, model, gamma: float, *, seed, initial_memory=None, initial_weight: float = 1.0):
        if not hasattr(model, "scores") or not isinstance(getattr(model, "n", None), int):
            raise ValueError(f"Agent: model must be a preference model (with n and scores(memory)); "
                             f"got {type(model).__name__}.")
        self.model = model
        self.n = int(model.n)
        self.tracker = MemoryTracker(self.n, gamma, initial_memory=initial_memory, initial_weight=initial_weight,
                                     fn="Agent")
        self.rng = rng_from(seed, fn="Agent")

    @property
    def gamma(self) -> float:
        """γ, the discount factor (held by the memory tracker)."""
        return self.tracker.gamma

    @property
    def memory(self) -> np.ndarray:
        """v_t, the agent's current memory (updated in place by ``remember``)."""
        return self.tracker.memory

    @property
    def weight(self) -> float:
        """W_{t−1}, the total discounted weight of the history so far."""
        return self.tracker.weight

    def current_scores(self) -> np.ndarray:
        """f(v_t) at the current memory."""
        return np.asarray(self.model.scores(self.memory), dtype=float)

    def choice_probabilities(self, menu) -> np.ndarray:
        """q(K; v_t) restricted to the menu's items, in the menu's order."""
        check_menu("Agent.choice_probabilities", menu, self.n)
        f = self.current_scores()[list(menu)]
        return f / f.sum()

    def choose(self, menu) -> int:
        """Sample i ∈ menu from q(menu; v_t), then update memory (Definition 1). Returns i."""
        check_menu("Agent.choose", menu, self.n)  # (validation only: the menu's order is kept)
        menu = tuple(menu)
        probs = self.choice_probabilities(menu)
        chosen = int(menu[int(self.rng.choice(len(menu), p=probs))])
        self.remember(chosen)
        return chosen

    def remember(self, chosen: int) -> None:
        """Definition 1 (``MemoryTracker.remember``): W ← γW + 1, v ← (1 − 1/W) v + (1/W) e_chosen."""
        if isinstance(chosen, (bool, np.bool_)) or not isinstance(chosen, (int, np.integer)) \
                or not 0 <= chosen < self.n:
            raise ValueError(f"Agent.remember: chosen must be an item index in 0..{self.n - 1}; got {chosen!r}.")
        self.tracker.remember(chosen)


@runtime_checkable
class Recommender(Protocol):
    """A learner: proposes a menu each round and sees only the chosen item's reward."""

    def propose(self, t: int) -> tuple[int, ...]: ...

    def observe(self, t: int, menu: tuple[int, ...], chosen: int, reward: float) -> None: ...


@dataclass
class Trajectory:
    """What one run produced. ``menus``/``choices``/``memories`` are kept only when asked (linear in T)."""

    total_reward: float
    chosen_counts: np.ndarray
    reward_sum: np.ndarray  # Σ_t r_t, for regret benchmarks
    menus: list = field(default_factory=list)
    choices: list = field(default_factory=list)
    rewards_received: list = field(default_factory=list)
    memories: list = field(default_factory=list)
    targets: list = field(default_factory=list)  # recommender.current_target(t) when it has one


def sample_menu(menu_distribution, rng) -> tuple[int, ...]:
    """Draw a menu from a menu distribution [(menu, weight), …] with the caller's own rng.

    Weights must be non-negative and sum to 1 (tolerance 1e-9); raises ValueError otherwise.

    The pairs are first sorted by menu (lexicographic order of the item tuples; a stable sort, so a menu
    listed twice keeps its pairs in order), then one uniform draw picks the menu by inverse CDF over that
    order. The drawn menu is therefore a function of the distribution as a *measure* on menus and of the
    rng, not of the order in which the caller lists the menus: ``MenuDist``'s list order is not continuous
    in p at ties, so without the sort two targets p, p' closer than any tolerance could draw different
    menus from the same uniform. Findings: docs/findings.md, "Lockstep engine (issue 14): MenuDist's menu
    list is not continuous in p".
    """
    fn = "sample_menu"
    if isinstance(menu_distribution, (str, bytes)) or not hasattr(menu_distribution, "__iter__"):
        raise ValueError(f"{fn}: menu_distribution must be a list of (menu, weight) pairs; "
                         f"got {menu_distribution!r:.80}.")
    items = list(menu_distribution)
    if not items:
        raise ValueError(f"{fn}: menu_distribution must list at least one (menu, weight) pair.")
    if not all(isinstance(pair, (tuple, list)) and len(pair) == 2 and hasattr(pair[0], "__iter__") for pair in items):
        raise ValueError(f"{fn}: menu_distribution must be a list of (menu, weight) pairs; got {items!r:.80}.")
    try:
        items = sorted(items, key=lambda pair: tuple(pair[0]))  # draw independent of the listing order
    except TypeError:
        raise ValueError(f"{fn}: menu_distribution menus must be tuples of integer items; got {items!r:.80}.") from None
    weights = np.array([float(check_real(fn, "menu_distribution weight", w)) for _, w in items])
    if np.any(weights < 0) or abs(weights.sum() - 1.0) > 1e-9:
        raise ValueError(f"{fn}: menu weights must be non-negative and sum to 1; they sum to {weights.sum()}.")
    a = int(rng_from(rng, fn="sample_menu", arg="rng").choice(len(items), p=weights / weights.sum()))
    return tuple(int(i) for i in items[a][0])


def run_interaction(recommender, agent: Agent, rewards, k: int, *, record: bool = False) -> Trajectory:
    """Run the protocol for T = len(rewards) rounds; ``rewards[t]`` ∈ [0, 1]^n is r_t (oblivious).

    With ``record=True`` the menus, choices, received rewards and memory vectors are kept
    (memory is O(nT)); otherwise only sums are kept (O(n) memory).
    """
    fn = "run_interaction"
    if not isinstance(recommender, Recommender):
        raise ValueError(f"{fn}: recommender must have propose(t) and observe(t, menu, chosen, reward); "
                         f"got {type(recommender).__name__}.")
    if not isinstance(agent, Agent):
        raise ValueError(f"{fn}: agent must be an Agent; got {type(agent).__name__}.")
    try:
        rewards = np.asarray(rewards, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{fn}: rewards must be a (T, n) array of numbers in [0, 1].") from None
    if rewards.ndim != 2 or rewards.shape[1] != agent.n:
        raise ValueError(f"{fn}: rewards must have shape (T, n) with n={agent.n}; got shape {rewards.shape}.")
    if not np.all(np.isfinite(rewards)) or rewards.min(initial=0.0) < 0 or rewards.max(initial=0.0) > 1:
        raise ValueError(f"{fn}: rewards must lie in [0, 1]; got values in "
                         f"[{rewards.min()}, {rewards.max()}].")
    k = check_k(fn, k, agent.n)
    traj = Trajectory(total_reward=0.0, chosen_counts=np.zeros(agent.n, dtype=int), reward_sum=rewards.sum(axis=0))
    for t in range(rewards.shape[0]):
        menu = tuple(int(i) for i in recommender.propose(t))
        if len(menu) != k or len(set(menu)) != k or min(menu) < 0 or max(menu) >= agent.n:
            raise ValueError(f"{fn}: the recommender proposed {menu} at round {t}; a menu must list "
                             f"k={k} distinct items from 0..{agent.n - 1}.")
        if record:
            traj.memories.append(agent.memory.copy())
            target = getattr(recommender, "current_target", None)
            if callable(target):
                traj.targets.append(target(t))
        chosen = agent.choose(menu)
        reward = float(rewards[t, chosen])
        traj.total_reward += reward
        traj.chosen_counts[chosen] += 1
        recommender.observe(t, menu, chosen, reward)
        if record:
            traj.menus.append(menu)
            traj.choices.append(chosen)
            traj.rewards_received.append(reward)
    return traj


def replicate_interaction(make_run, seeds):
    """Monte Carlo over replicates: ``make_run(seed) -> float`` (e.g. a regret) for each seed.

    Returns ``regret.MonteCarloSummary`` (mean, standard error, 95% interval); each replicate is
    reproducible from its seed alone.
    """
    from reference.adaptive_preferences.setting.regret import summarise_replicates

    return summarise_replicates("replicate_interaction", "make_run", make_run, seeds)
