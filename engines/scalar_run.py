"""One run of an algorithm from one seed: the scalar reference every engine is certified against (issue 14).

``scalar_run(algorithm, instance, seed)`` runs the readable reference (``reference.adaptive_preferences``:
``Agent``, the recommenders, ``run_interaction``) on a paper-A ``InstanceA`` and returns a ``ScalarRun``
(menus, choices, rewards received, the agent's memory before each choice, and the algorithm's iterate before each
proposal). Paper-B algorithms (any name outside ``PAPER_A_ALGORITHMS``) are passed on to
``engines.paper_b.routing.scalar_routing_run``.

Seed derivation (the one rule both the scalar reference and the lockstep engines use)
-------------------------------------------------------------------------------------
``agent_ss, recommender_ss, rewards_ss = numpy.random.SeedSequence(seed).spawn(3)`` and each part gets its own
``numpy.random.default_rng(child)`` (``derive_generators``): the agent's choices, the recommender's draws and the
reward table never share a stream, so replicate ``seed = r`` is reproducible from r alone and an engine that runs R
replicates builds the same three generators for each r. The reward table is drawn first, from its own generator,
by ``InstanceA.rewards`` (a kind of ``setting.rewards``) or given as a fixed (T, n) table (then it ignores the seed).

Algorithms (``InstanceA.params`` keys; defaults in brackets)
------------------------------------------------------------
* ``"dbg"`` — ``BoxTargetingRecommender(DeferredBanditGradient(n, eta, m, BoxSchedule(n, lower, upper)), k, γ,
  assumed)``: DBG whose x_t is shown through MenuDist under the assumed scores (``assumed`` = ``"true"`` [the
  model's scores] or ``"ones"``). Keys: ``eta``, ``m`` [1], ``lower`` [0.5/n], ``upper`` [1.0]. Iterate: x_t.
* ``"exp_phi"`` — ``ExpPhi(n, k, γ, window, horizon=T, eta)``. Keys: ``window`` [1], ``eta`` [None: the
  reference's default]. Iterate: the log-weights before each proposal.
* ``"exp3_menus"`` — ``Exp3MenuRecommender(menus, eta)``. Keys: ``menus`` [all C(n, k) menus], ``eta``
  [``exp3_eta(len(menus), T)``]. Iterate: the log-weights.
* ``"algorithm2"`` — ``Algorithm2(n, k, γ, params)``. Key: ``params`` (an ``Algorithm2Parameters``). Iterate: DBG's
  x_t inside Algorithm 2.
* ``"algorithm3"`` — ``ScaleBoundedOGD.from_schedule(n, k, schedule, phi, horizon=T, lam, c, **extra)``. Keys:
  ``schedule`` (a dict), ``phi``, ``lam``, ``c``, ``extra`` [{}]. Iterate: the OGD iterate x.

The agent is ``Agent(model, γ)`` with the reference's defaults v_1 = u_n and W_0 = 1.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["PAPER_A_ALGORITHMS", "InstanceA", "ScalarRun", "check_instance", "derive_generators", "instance_rewards",
           "scalar_run"]

#: The paper-A algorithms ``scalar_run`` runs itself; any other name goes to paper B's ``scalar_routing_run``.
PAPER_A_ALGORITHMS = ("dbg", "exp_phi", "exp3_menus", "algorithm2", "algorithm3")


@dataclass(frozen=True)
class InstanceA:
    """A paper-A instance: the agent (``model``, γ), menu size k, horizon T, rewards and algorithm parameters.

    ``rewards`` is a kind drawn from the rewards generator (``"uniform"``, ``"bernoulli"`` or a key of
    ``setting.rewards.ADVERSARIES``) or a fixed (T, n) array in [0, 1]. ``params``: see the module docstring.
    """

    model: Any
    k: int
    gamma: float
    T: int
    rewards: Any = "uniform"
    params: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return int(self.model.n)


@dataclass
class ScalarRun:
    """What one replicate produced: ``menus`` (T, k) as proposed, ``choices`` (T,), ``rewards_received`` (T,),
    ``memories`` (T, n) the agent's memory before each choice, ``iterates`` (T, …) the algorithm's iterate before
    each proposal (named ``iterate_name``), ``reward_table`` (T, n) and ``total_reward`` (``math.fsum`` of the rewards
    received)."""

    menus: np.ndarray
    choices: np.ndarray
    rewards_received: np.ndarray
    memories: np.ndarray
    iterates: np.ndarray
    iterate_name: str
    reward_table: np.ndarray
    total_reward: float


def _check_seed(fn: str, seed: Any) -> int:
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"{fn}: seed must be a non-negative integer; got {seed!r}.")
    return int(seed)


def derive_generators(seed: int) -> tuple[np.random.Generator, np.random.Generator, np.random.Generator]:
    """(agent, recommender, rewards) generators: ``default_rng`` of ``SeedSequence(seed).spawn(3)``, in that order."""
    seed = _check_seed("derive_generators", seed)
    return tuple(np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(3))  # type: ignore


def check_instance(fn: str, instance: Any) -> InstanceA:
    """Validate an ``InstanceA`` for function ``fn`` (errors name ``fn`` and the field)."""
    if not isinstance(instance, InstanceA):
        raise TypeError(f"{fn}: instance must be an InstanceA; got {type(instance).__name__}.")
    model = instance.model
    if not callable(getattr(model, "scores", None)) or not isinstance(getattr(model, "n", None), numbers.Integral):
        raise TypeError(f"{fn}: instance.model must be a preference model with an integer n and scores(v).")
    n = int(model.n)
    for name, value, low in (("k", instance.k, 1), ("T", instance.T, 1)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < low:
            raise ValueError(f"{fn}: instance.{name} must be an integer ≥ {low}; got {value!r}.")
    if instance.k > n:
        raise ValueError(f"{fn}: instance.k must be at most n={n}; got {instance.k}.")
    g = instance.gamma
    if isinstance(g, bool) or not isinstance(g, numbers.Real) or not 0 < float(g) <= 1:
        raise ValueError(f"{fn}: instance.gamma must be a number in (0, 1]; got {g!r}.")
    if not isinstance(instance.params, dict):
        raise TypeError(f"{fn}: instance.params must be a dict; got {type(instance.params).__name__}.")
    if isinstance(instance.rewards, str):
        from reference.adaptive_preferences.setting.rewards import ADVERSARIES  # noqa: PLC0415

        kinds = ("uniform", "bernoulli", *ADVERSARIES)
        if instance.rewards not in kinds:
            raise ValueError(f"{fn}: instance.rewards must be a (T, n) array or one of {kinds}; "
                             f"got {instance.rewards!r}.")
    else:
        table = np.asarray(instance.rewards, dtype=float)
        if table.shape != (instance.T, n) or not np.all(np.isfinite(table)) or table.min() < 0 or table.max() > 1:
            raise ValueError(f"{fn}: instance.rewards must be a (T, n) = ({instance.T}, {n}) array in [0, 1]; "
                             f"got shape {table.shape}.")
    return instance


def instance_rewards(instance: InstanceA, rng: np.random.Generator) -> np.ndarray:
    """The (T, n) reward table of one replicate, drawn from its rewards generator (or the fixed table)."""
    import reference.adaptive_preferences.setting.rewards as rw  # noqa: PLC0415

    fn = "instance_rewards"
    instance = check_instance(fn, instance)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{fn}: rng must be a numpy Generator; got {type(rng).__name__}.")
    T, n, kind = instance.T, instance.n, instance.rewards
    if not isinstance(kind, str):
        return np.array(kind, dtype=float)
    if kind in ("uniform", "bernoulli"):
        return rw.iid_rewards(T, n, rng, kind=kind)
    return np.asarray(rw.ADVERSARIES[kind](T, n, rng), dtype=float)


def _param(fn: str, params: dict, name: str, default: Any = None) -> Any:
    if name not in params and default is None:
        raise ValueError(f"{fn}: instance.params must set {name!r} for this algorithm.")
    return params.get(name, default)


def _assumed(fn: str, instance: InstanceA):
    choice = instance.params.get("assumed", "true")
    if choice == "true":
        return instance.model.scores
    if choice == "ones":
        n = instance.n
        return lambda memory: np.ones(n)
    raise ValueError(f"{fn}: instance.params['assumed'] must be 'true' or 'ones'; got {choice!r}.")


def build_recommender(fn: str, algorithm: str, instance: InstanceA, rng: np.random.Generator):
    """(recommender, iterate_name, snapshot): the reference recommender for ``algorithm`` on ``instance``."""
    import reference.adaptive_preferences as ap  # noqa: PLC0415

    n, k, gamma, T, p = instance.n, instance.k, float(instance.gamma), instance.T, instance.params
    if algorithm == "dbg":
        lower, upper = p.get("lower", 0.5 / n), p.get("upper", 1.0)
        learner = ap.DeferredBanditGradient(n, eta=_param(fn, p, "eta"), m=p.get("m", 1),
                                            schedule=ap.BoxSchedule(n, lower, upper))
        rec = ap.BoxTargetingRecommender(learner, k, gamma, _assumed(fn, instance), seed=rng)
        return rec, "x", lambda t: rec.learner.distribution(t)
    if algorithm == "exp_phi":
        rec = ap.ExpPhi(n, k, gamma, window=p.get("window", 1), horizon=T, seed=rng, eta=p.get("eta"))
        return rec, "log_w", lambda t: rec.log_w.copy()
    if algorithm == "exp3_menus":
        menus = [tuple(m) for m in p.get("menus", ap.all_menus(n, k))]
        rec = ap.Exp3MenuRecommender(menus, eta=p.get("eta", ap.exp3_eta(len(menus), T)), seed=rng)
        return rec, "log_w", lambda t: rec.exp3.log_weights.copy()
    if algorithm == "algorithm2":
        rec = ap.Algorithm2(n, k, gamma, _param(fn, p, "params"), seed=rng)
        return rec, "x", lambda t: rec.dbg._x.copy()
    rec = ap.ScaleBoundedOGD.from_schedule(n, k, dict(_param(fn, p, "schedule")), phi=_param(fn, p, "phi"),
                                           horizon=T, lam=_param(fn, p, "lam"), c=_param(fn, p, "c"), seed=rng,
                                           **p.get("extra", {}))
    return rec, "x", lambda t: rec.x.copy()


class _Recorder:
    """Delegates to the reference recommender; keeps its iterate before each proposal."""

    def __init__(self, rec: Any, snapshot: Any):
        self.rec, self.snapshot, self.iterates = rec, snapshot, []

    def propose(self, t: int):
        self.iterates.append(np.array(self.snapshot(t), dtype=float))
        return self.rec.propose(t)

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        self.rec.observe(t, menu, chosen, reward)


def scalar_run(algorithm: str, instance: Any, seed: int):
    """Replicate ``seed`` of ``algorithm`` on ``instance``, run by the scalar reference (module docstring).

    Paper A: returns a ``ScalarRun``. Any name outside ``PAPER_A_ALGORITHMS`` is paper B's and returns what
    ``engines.paper_b.routing.scalar_routing_run(algorithm, instance, seed)`` returns.
    """
    fn = "scalar_run"
    seed = _check_seed(fn, seed)
    if not (isinstance(algorithm, str) and algorithm in PAPER_A_ALGORITHMS):  # paper B's names or RouterSpec
        try:
            from engines.paper_b.routing import scalar_routing_run  # noqa: PLC0415
        except ImportError:
            raise ValueError(f"{fn}: algorithm must be one of {PAPER_A_ALGORITHMS} (paper A) or a paper-B router; "
                             f"got {algorithm!r:.80} and engines.paper_b.routing is not available.") from None
        return scalar_routing_run(algorithm, instance, seed)
    from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction  # noqa: PLC0415

    instance = check_instance(fn, instance)
    agent_rng, rec_rng, rewards_rng = derive_generators(seed)
    table = instance_rewards(instance, rewards_rng)
    rec, name, snapshot = build_recommender(fn, algorithm, instance, rec_rng)
    recorder = _Recorder(rec, snapshot)
    agent = Agent(instance.model, float(instance.gamma), seed=agent_rng)
    traj = run_interaction(recorder, agent, table, instance.k, record=True)
    return ScalarRun(menus=np.array(traj.menus, dtype=np.int64).reshape(instance.T, instance.k),
                     choices=np.array(traj.choices, dtype=np.int64),
                     rewards_received=np.array(traj.rewards_received, dtype=float),
                     memories=np.array(traj.memories, dtype=float), iterates=np.array(recorder.iterates),
                     iterate_name=name, reward_table=table, total_reward=math.fsum(traj.rewards_received))
