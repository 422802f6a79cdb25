"""``lockstep_run(algorithm, instance, seeds)``: R replicates of paper A's interaction advanced together.

Replicate r is ``engines.scalar_run.scalar_run(algorithm, instance, seeds[r])`` computed with arrays: the same
three generators per seed (``derive_generators``: agent, recommender, rewards), the reward table drawn first from
the rewards generator (``instance_rewards``), and the agent's and recommender's doubles drawn in advance with
``random(size)`` — each draw of the reference is one ``Generator.choice(m, p=…)``, which consumes exactly one double
(``core.draw_rows``): the agent one per round, ``dbg`` and ``exp3_menus`` one per round, ``exp_phi`` one per window.

Same round protocol as ``run_interaction`` (§2.1): propose K_t, record v_t, the agent picks i_t ~ q(K_t; v_t) and
updates its memory (Definition 1), the recommender observes r_t(i_t). The result ``LockstepRun`` holds the fields of
``ScalarRun`` with a leading replicate axis. What is identical and what agrees within a tolerance is stated in
``certificates.oracle.trajectories_a.check_lockstep_a`` (the oracle that certifies this engine).

Covered: ``LOCKSTEP_ALGORITHMS`` (``dbg``, ``exp_phi``, ``exp3_menus``); Algorithms 2 and 3 are not (their profile,
and why they leave lockstep, is in the findings). Limit: ``dbg`` replays the reference's menus only while its x_t
picks the same MenuDist list; at exact ties (assumed scores ≡ 1) a 1-ulp difference of x_t can reorder that list, and
the same double then draws another menu (5 of 8 replicates identical over 300 rounds on such an instance).
Findings: docs/findings.md, "Lockstep engine (issue 14): MenuDist's menu list is not continuous in p".
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from engines.paper_a.algorithms import LockstepDBG, LockstepExp3Menus, LockstepExpPhi
from engines.paper_a.core import LockstepAgent
from engines.scalar_run import check_instance, derive_generators, instance_rewards

__all__ = ["LOCKSTEP_ALGORITHMS", "LockstepRun", "lockstep_run", "recommender_draws"]

#: algorithm name → lockstep class.
LOCKSTEP_ALGORITHMS = {"dbg": LockstepDBG, "exp_phi": LockstepExpPhi, "exp3_menus": LockstepExp3Menus}


@dataclass
class LockstepRun:
    """``ScalarRun``'s fields for R replicates: menus (R, T, k), choices (R, T), rewards_received (R, T), memories
    (R, T, n), iterates (R, T, d), reward_table (R, T, n), total_reward (R,); ``seeds`` the replicates' seeds."""

    menus: np.ndarray
    choices: np.ndarray
    rewards_received: np.ndarray
    memories: np.ndarray
    iterates: np.ndarray
    iterate_name: str
    reward_table: np.ndarray
    total_reward: np.ndarray
    seeds: tuple


def recommender_draws(algorithm: str, instance) -> int:
    """How many doubles the reference recommender draws in T rounds (one per ``Generator.choice``)."""
    fn = "recommender_draws"
    if algorithm not in LOCKSTEP_ALGORITHMS:
        raise ValueError(f"{fn}: algorithm must be one of {tuple(LOCKSTEP_ALGORITHMS)}; got {algorithm!r}.")
    instance = check_instance(fn, instance)
    if algorithm == "exp_phi":
        return -(-instance.T // int(instance.params.get("window", 1)))  # one per window start
    return instance.T


def _check_seeds(fn: str, seeds) -> tuple:
    try:
        seeds = tuple(seeds)
    except TypeError:
        raise TypeError(f"{fn}: seeds must be a sequence of non-negative integers.") from None
    if not seeds or any(isinstance(s, (bool, np.bool_)) or not isinstance(s, numbers.Integral) or s < 0
                        for s in seeds):
        raise ValueError(f"{fn}: seeds must be a non-empty sequence of non-negative integers; got {seeds!r}.")
    return tuple(int(s) for s in seeds)


def _check_params(fn: str, algorithm: str, instance) -> None:
    p = instance.params
    if algorithm == "dbg" and "eta" not in p:
        raise ValueError(f"{fn}: instance.params must set 'eta' for this algorithm.")
    if algorithm == "dbg" and p.get("assumed", "true") not in ("true", "ones"):
        raise ValueError(f"{fn}: instance.params['assumed'] must be 'true' or 'ones'; got {p['assumed']!r}.")
    if algorithm == "exp_phi" and (instance.n < 2 or not isinstance(p.get("window", 1), numbers.Integral)
                                   or p.get("window", 1) < 1 or not 0 < float(instance.gamma) < 1):
        raise ValueError(f"{fn}: exp_phi needs n ≥ 2, an integer window ≥ 1 and gamma in (0, 1); got n="
                         f"{instance.n}, window={p.get('window', 1)!r}, gamma={instance.gamma!r}.")


def _draws_and_tables(algorithm: str, instance, seeds: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each replicate's reward table, agent doubles and recommender doubles, from its three generators."""
    T, R = instance.T, len(seeds)
    draws = recommender_draws(algorithm, instance)
    tables, U_agent, U_rec = [], np.empty((R, T)), np.empty((R, draws))
    for r, seed in enumerate(seeds):
        agent_rng, rec_rng, rewards_rng = derive_generators(seed)
        tables.append(instance_rewards(instance, rewards_rng))
        U_agent[r], U_rec[r] = agent_rng.random(T), rec_rng.random(draws)
    return np.stack(tables), U_agent, U_rec


def lockstep_run(algorithm: str, instance, seeds, *, record: bool = True) -> LockstepRun:
    """Replicates ``scalar_run(algorithm, instance, seed)`` for every seed in ``seeds``, advanced in lockstep.

    ``record=False`` keeps no per-round arrays (menus, choices, rewards received, memories and iterates are None;
    O(R·n) memory besides the reward tables): only ``total_reward``, summed round by round (in ``record=True`` it is
    ``math.fsum`` of the rewards received, as ``scalar_run``'s).
    """
    fn = "lockstep_run"
    if not isinstance(algorithm, str):
        raise TypeError(f"{fn}: algorithm must be a string naming the algorithm; got {type(algorithm).__name__}.")
    if algorithm not in LOCKSTEP_ALGORITHMS:
        raise ValueError(f"{fn}: algorithm must be one of {tuple(LOCKSTEP_ALGORITHMS)}; got {algorithm!r}.")
    if not isinstance(record, bool):
        raise TypeError(f"{fn}: record must be True or False; got {record!r}.")
    instance = check_instance(fn, instance)
    _check_params(fn, algorithm, instance)
    seeds = _check_seeds(fn, seeds)
    T, n, k, R = instance.T, instance.n, instance.k, len(seeds)
    table, U_agent, U_rec = _draws_and_tables(algorithm, instance, seeds)
    agent = LockstepAgent(instance.model, float(instance.gamma), R)
    rec = LOCKSTEP_ALGORITHMS[algorithm](instance, agent, U_rec)
    # per-round records in (T, R, ·) layout (contiguous writes), returned as (R, T, ·) views
    shape = (T, R) if record else (0, R)
    menus, choices = np.empty((*shape, k), dtype=np.int64), np.empty(shape, dtype=np.int64)
    memories, received = np.empty((*shape, n)), np.empty(shape)
    iterates = np.empty((*shape, rec.iterate().shape[1]))
    rows, U_agent, total = np.arange(R), np.ascontiguousarray(U_agent.T), np.zeros(R)
    for t in range(T):
        if record:
            iterates[t] = rec.iterate()
        K = rec.propose(t)
        if record:
            memories[t] = agent.memory
        chosen = agent.choose(K, U_agent[t])
        reward = table[rows, t, chosen]
        rec.observe(t, K, chosen, reward)
        if record:
            menus[t], choices[t], received[t] = K, chosen, reward
        else:
            total += reward
    if not record:
        return LockstepRun(None, None, None, None, None, rec.iterate_name, table, total, seeds)
    received = received.T
    return LockstepRun(menus.transpose(1, 0, 2), choices.T, received, memories.transpose(1, 0, 2),
                       iterates.transpose(1, 0, 2), rec.iterate_name, table,
                       np.array([math.fsum(row) for row in received]), seeds)
