"""The algorithm oracle: replay a candidate class against the reference algorithm round by round, or compare
paired regret over seeds.

Protocols (method names and signatures are the reference's)
-----------------------------------------------------------
* **item learners** (paper A: ``DeferredBanditGradient``, ``BanditOGD``, ``A.Exp3``): ``distribution(t)`` → x_t, a
  probability vector over the n items; ``update(t, chosen, reward)``.
* **recommenders** (paper A: ``Algorithm2``, ``ScaleBoundedOGD``, ``ExpPhi``, ``Exp3MenuRecommender``,
  ``FixedMenuRecommender``, ``ItemBanditRecommender``, ``BoxTargetingRecommender``): ``propose(t)`` → a menu of k
  items; ``observe(t, menu, chosen, reward)``; ``menu_distribution(t)`` → [(menu, weight)], the distribution
  ``propose(t)`` draws from, without side effects (for EXP-φ at a window start: the distribution over menus that
  its arm draw induces; ``propose`` remains the authority). ``menu_distribution`` is optional for a candidate:
  without it only the proposals are compared.
* **routers** (paper B: ``HPG``, ``ParameterFreeHPG``, ``B.Exp3``, ``EuclideanPolicyGradient``,
  ``LogLinearPolicyGradient``, ``TabularExp3``, ``UniformRouter``): ``distribution(t, x, Psi)`` → π_t over the M
  experts; ``update(t, x, Psi, m, reward)``.
A candidate class takes the reference's constructor arguments, ``seed=`` included (``ScaleBoundedOGD``: its
``from_schedule`` classmethod, with a schedule of ``theorem3_invariant_parameters``).

Replay mode (default)
---------------------
Each instance (an instance seed and a size: n for paper A, d for paper B) builds the reference and the candidate
with the same constructor arguments and drives both with the same realised actions: the harness draws the item or
expert from the REFERENCE's distribution with its own generator (``default_rng(instance seed)``); a recommender's
shown menu is the reference's proposal (its own generator is seeded by the instance, and so is the candidate's, so
a correct candidate draws the same menus) and the harness's agent chooses from it. Every round compares, with the
entry's named tolerance: the item distribution / the policy; for recommenders the item distribution
``menu_distribution(t)`` induces at the agent's current true scores (so two decompositions of the same target
agree), then the proposals as sets; after each update the iterates the reference exposes (``theta`` of HPG, ``x``
of Algorithm 3, ``W``/``b`` of the log-linear baseline) when the candidate has an attribute of that name. The first
differing round and quantity is reported with the instance seed and a ``replay(...)`` snippet. Instance 0 has the
largest size, instance 1 the smallest, the others random sizes in between.

Statistical mode (``mode="statistical"``)
------------------------------------------
For candidates that use their randomness differently. For each of ``instances`` seeds (default 30) the reference
and the candidate each play the same instance alone (same rewards, same agent seed, same constructor seed, same
harness seed: common random numbers), and the pseudo-regret against the best fixed item / expert is recorded
(Σ_t ⟨x_t, r_t⟩, Σ_t ⟨q(K_t; v_t), r_t⟩ or Σ_t ⟨π_t, r_t⟩ subtracted from the best column sum). A two-sided paired
t-test on the per-seed differences at level 0.01 fails the candidate; the summary reports the smallest mean
difference the test detects with power 0.8 at that level, (t_{0.995} + t_{0.8})·SE, from the observed SE.

Implementation notes. An entry is an ``AlgorithmSpec`` (protocol, instance builder, tolerance, size limits,
compared iterates) registered as an ``AlgorithmEntry`` whose ``run`` is ``run_algorithm``; the instance builders
live in ``trajectories_a`` (paper A) and ``trajectories_b`` (paper B). The reference class is looked up at call time.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np

from certificates.oracle import compare as cmp
from certificates.oracle.core import (
    DEFAULT_MAX_SIZE,
    AlgorithmEntry,
    OracleMismatch,
    OracleUsageError,
    Tolerance,
    candidate_source,
    get_entry,
    python_literal,
    register,
)

__all__ = ["DEFAULT_ROUNDS", "DEFAULT_INSTANCES", "LEVEL", "POWER", "Scenario", "AlgorithmSpec", "SPECS",
           "register_algorithm", "run_algorithm", "replay", "instance_plan"]

#: Rounds per trajectory: long enough that a bug after round 100 shows.
DEFAULT_ROUNDS = 300
#: Instances per check: replayed instances, or seeds of the paired regret comparison.
DEFAULT_INSTANCES = {"replay": 4, "statistical": 30}
#: Level and power of the statistical mode's paired t-test.
LEVEL, POWER = 0.01, 0.8
PROTOCOLS = ("learner", "recommender", "router")

PROTOCOL_TEXT = {
    "learner": "item learner: distribution(t) -> x_t over the n items; update(t, chosen, reward). Replay compares "
               "x_t every round; the item is drawn from the reference's x_t.",
    "recommender": "recommender: propose(t) -> menu; observe(t, menu, chosen, reward); menu_distribution(t) -> "
                   "[(menu, weight)] (optional for a candidate). Replay compares the item distribution "
                   "menu_distribution(t) induces at the agent's true scores, then the proposals (same seed= as the "
                   "reference); the reference's menu is shown to the harness's agent.",
    "router": "router: distribution(t, x, Psi) -> pi_t over the M experts; update(t, x, Psi, m, reward). Replay "
              "compares pi_t every round (and the exposed iterates after each update); m is drawn from the "
              "reference's pi_t.",
}


@dataclass
class Scenario:
    """One instance: how to build the algorithm from a class, and what it plays against.

    ``build(cls)`` returns a fresh object with this instance's constructor arguments; ``call`` is that constructor
    call as Python (for reports); ``rewards`` is (T, n) or (T, M); ``agent()`` a fresh seeded agent (recommenders);
    ``routing`` the ``RoutingInstance`` (routers); ``params`` the printable parameters.
    """

    build: Callable[[Any], Any]
    call: str
    rewards: np.ndarray
    params: dict
    agent: Callable[[], Any] | None = None
    k: int | None = None
    routing: Any = None


@dataclass(frozen=True)
class AlgorithmSpec:
    """How to check one algorithm: its protocol, instance builder ``scenario(instance_seed, size, rounds)``,
    tolerance, sizes (``min_size``..min(max_size, ``size_cap``)) and the iterates compared after each update."""

    name: str
    paper: str
    module: str
    attr: str
    protocol: str
    scenario: Callable[[int, int, int], Scenario]
    tolerance: Tolerance
    min_size: int = 2
    size_cap: int | None = None
    iterates: tuple[str, ...] = ()
    note: str = ""


#: name → spec of every registered algorithm.
SPECS: dict[str, AlgorithmSpec] = {}


def register_algorithm(spec: AlgorithmSpec) -> AlgorithmEntry:
    """Register ``spec`` as an ``AlgorithmEntry`` (``run`` = ``run_algorithm`` bound to the spec)."""
    if spec.protocol not in PROTOCOLS:
        raise ValueError(f"register_algorithm: protocol must be one of {PROTOCOLS}; got {spec.protocol!r}.")
    SPECS[spec.name] = spec
    text = PROTOCOL_TEXT[spec.protocol] + (f" {spec.note}" if spec.note else "")
    entry = AlgorithmEntry(spec.name, spec.paper, spec.module, spec.attr, functools.partial(run_algorithm, spec),
                           spec.tolerance, text, DEFAULT_ROUNDS)
    register(entry)
    return entry


def _reference(spec: AlgorithmSpec) -> Any:
    return get_entry("trajectories", spec.name, "algorithm").reference()


# --------------------------------------------------------------------------------------------
# options and the instance plan
# --------------------------------------------------------------------------------------------
def _positive(fn: str, name: str, value: Any, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise OracleUsageError(f"{fn}: {name} must be an integer ≥ {minimum}; got {value!r}.")
    return int(value)


def instance_plan(spec: AlgorithmSpec, max_size: int | None, count: int, seed: int) -> list[tuple[int, int]]:
    """[(instance seed, size)]: instance 0 at the largest size, instance 1 at the smallest, then random sizes."""
    cap = DEFAULT_MAX_SIZE[spec.paper] if max_size is None else max_size
    hi = min(cap, spec.size_cap) if spec.size_cap else cap
    if hi < spec.min_size:
        raise OracleUsageError(f"{spec.name}: max_size must be at least {spec.min_size}; got {max_size!r}.")
    rng = np.random.default_rng([seed, 1])
    sizes = [hi, spec.min_size] + [int(rng.integers(spec.min_size, hi + 1)) for _ in range(max(0, count - 2))]
    seeds = np.random.SeedSequence(seed).generate_state(count)
    return [(int(s), size) for s, size in zip(seeds, sizes[:count])]


def run_algorithm(spec: AlgorithmSpec, candidate: Any, *, rounds: int | None = None, max_size: int | None = None,
                  seed: int = 0, mode: str = "replay", instances: int | None = None) -> dict:
    """The ``run`` of every algorithm entry (see the module docstring): a summary dict, or ``OracleMismatch``."""
    __tracebackhide__ = True
    fn = spec.name
    if mode not in DEFAULT_INSTANCES:
        raise OracleUsageError(f"{fn}: mode must be 'replay' or 'statistical'; got {mode!r}.")
    if not callable(candidate):
        raise OracleUsageError(f"{fn}: candidate must be a class taking the reference's constructor arguments; "
                               f"got {candidate!r}.")
    rounds = _positive(fn, "rounds", DEFAULT_ROUNDS if rounds is None else rounds)
    if max_size is not None:
        _positive(fn, "max_size", max_size)
    seed = _positive(fn, "seed", seed, minimum=0)
    count = _positive(fn, "instances", DEFAULT_INSTANCES[mode] if instances is None else instances,
                      minimum=2 if mode == "statistical" else 1)
    plan = instance_plan(spec, max_size, count, seed)
    if mode == "statistical":
        return _statistical(spec, candidate, plan, rounds, seed)
    done = [_replay_instance(spec, candidate, s, size, rounds, seed) for s, size in plan]
    return {"name": spec.name, "kind": "algorithm", "mode": "replay", "seed": seed, "rounds": rounds,
            "instances": done, "compared": sorted({q for d in done for q in d.pop("compared")}),
            "tolerance": spec.tolerance.describe(), "passed": True}


def replay(name: str, candidate: Any, *, instance_seed: int, size: int, rounds: int = DEFAULT_ROUNDS,
           seed: int = 0) -> dict:
    """Replay one instance (the snippet of a mismatch report): raises ``OracleMismatch`` at the first difference."""
    __tracebackhide__ = True
    get_entry("replay", name, "algorithm")
    return _replay_instance(SPECS[name], candidate, int(instance_seed), int(size), int(rounds), int(seed))


# --------------------------------------------------------------------------------------------
# replay mode
# --------------------------------------------------------------------------------------------
class _Replay:
    """One replayed instance: reference, candidate, the harness's generator, and the failure report."""

    def __init__(self, spec: AlgorithmSpec, candidate: Any, instance_seed: int, size: int, rounds: int, seed: int):
        self.spec, self.candidate, self.rounds, self.seed = spec, candidate, rounds, seed
        self.instance_seed, self.size = instance_seed, size
        self.scenario = spec.scenario(instance_seed, size, rounds)
        self.rng = np.random.default_rng(instance_seed)
        self.compared: set[str] = set()
        self.ref = self.scenario.build(_reference(spec))
        self.cand = self.guard(None, "its constructor", self.scenario.build, candidate)

    def guard(self, t: int | None, what: str, fn: Callable, *args: Any) -> Any:
        """Call the candidate; its exception is a mismatch at round t."""
        try:
            return fn(*args)
        except Exception as exc:  # noqa: BLE001 (the candidate's crash is part of the report)
            self.fail(t, what, f"the candidate raised {type(exc).__name__}: {exc}")

    def compare(self, t: int | None, quantity: str, ref: Any, cand: Any) -> None:
        self.compared.add(quantity)
        message = cmp.vectors(np.asarray(ref, dtype=float), cand, self.spec.tolerance, "value")
        if message is not None:
            self.fail(t, quantity, message, ref, cand)

    def compare_iterates(self, t: int) -> None:
        for name in self.spec.iterates:
            if hasattr(self.cand, name):
                self.compare(t, f"{name} after the update", getattr(self.ref, name), getattr(self.cand, name))

    def fail(self, t: int | None, quantity: str, message: str, ref: Any = None, cand: Any = None,
             extra: dict | None = None) -> NoReturn:
        __tracebackhide__ = True
        raise _replay_mismatch(self, t, quantity, message, (ref, cand), extra or {})


def _replay_snippet(run: _Replay) -> str:
    imp, expr = candidate_source(run.candidate)
    return "\n".join(["from certificates.oracle.trajectories import replay", imp,
                      f"replay({run.spec.name!r}, {expr}, instance_seed={run.instance_seed}, size={run.size}, "
                      f"rounds={run.rounds}, seed={run.seed})"])


def _shorten(text: str | None, limit: int = 600) -> str | None:
    """At most ``limit`` characters of a printed value, with how much was left out."""
    if text is None or len(text) <= limit:
        return text
    return f"{text[:limit]} … ({len(text) - limit} more characters; full value in the report / --json)"


def _replay_mismatch(run: _Replay, t: int | None, quantity: str, message: str, values: tuple,
                     extra: dict) -> OracleMismatch:
    spec, (ref, cand) = run.spec, values
    where = "in the constructor" if t is None else f"at round {t} of {run.rounds}"
    report = {"name": spec.name, "mode": "replay", "round": t, "quantity": quantity, "difference": message,
              "reference": python_literal(ref), "candidate": python_literal(cand) if cand is not None else None,
              "tolerance": spec.tolerance.describe(), "seed": run.seed, "instance_seed": run.instance_seed,
              "size": run.size, "rounds": run.rounds, "instance": python_literal(run.scenario.params),
              "constructor": run.scenario.call, "replay": _replay_snippet(run),
              **{key: python_literal(value) for key, value in extra.items()}}
    lines = [f"oracle: the candidate for {spec.name} disagrees with the reference {where} (instance seed "
             f"{run.instance_seed}, size {run.size}; seed {run.seed}).",
             f"First difference: {quantity}: {message}", f"Tolerance: {report['tolerance']}",
             f"Instance: {report['instance']}", f"Constructor: {run.scenario.call}"]
    if ref is not None:  # long arrays are cut in the printed text; the report (and --json) keeps them whole
        lines += [f"  reference: {_shorten(report['reference'])}", f"  candidate: {_shorten(report['candidate'])}"]
    lines += ["Replay it:", *("    " + line for line in report["replay"].splitlines())]
    return OracleMismatch("\n".join(lines), report)


def _draw(rng: np.random.Generator, p: Any) -> int:
    """An index drawn from the (clipped, renormalised) probability vector p."""
    q = np.clip(np.asarray(p, dtype=float), 0.0, None)
    return int(rng.choice(len(q), p=q / q.sum()))


def _replay_learner(run: _Replay) -> None:
    R = run.scenario.rewards
    for t in range(run.rounds):
        x = np.array(run.ref.distribution(t), dtype=float)
        run.compare(t, "distribution(t)", x, run.guard(t, "distribution(t)", run.cand.distribution, t))
        i = _draw(run.rng, x)
        run.ref.update(t, i, float(R[t, i]))
        run.guard(t, "update(t, chosen, reward)", run.cand.update, t, i, float(R[t, i]))
        run.compare_iterates(t)


def _compare_menus(run: _Replay, t: int, scores: np.ndarray) -> None:
    """The item distributions the two menu distributions induce at the agent's true scores."""
    from reference.adaptive_preferences.realizability.sec2_choice import mixture_choice_distribution  # noqa: PLC0415

    quantity = "menu_distribution(t), as the item distribution it induces at the agent's scores"
    run.compared.add(quantity)
    mu = run.ref.menu_distribution(t)
    mu_c = run.guard(t, "menu_distribution(t)", run.cand.menu_distribution, t)
    k = run.scenario.k
    p = np.asarray(mixture_choice_distribution(mu, scores, k), dtype=float)
    message = cmp.induced_distribution(p, scores, k, mu_c, run.spec.tolerance)
    if message is not None:
        try:
            induced: Any = np.asarray(mixture_choice_distribution(mu_c, scores, k), dtype=float)
        except (ValueError, TypeError):
            induced = mu_c
        run.fail(t, quantity, message, p, induced, {"reference_menu_distribution": mu,
                                                     "candidate_menu_distribution": mu_c, "scores": scores})


def _replay_recommender(run: _Replay) -> None:
    R, agent = run.scenario.rewards, run.scenario.agent()
    for t in range(run.rounds):
        if hasattr(run.cand, "menu_distribution"):
            _compare_menus(run, t, np.asarray(agent.current_scores(), dtype=float))
        menu = tuple(int(i) for i in run.ref.propose(t))
        proposal = run.guard(t, "propose(t)", run.cand.propose, t)
        run.compared.add("proposal")
        if not _same_menu(menu, proposal):
            hint = (" (the menu distributions agree: the candidate draws its menus differently from the reference; "
                    "check it with mode='statistical')" if hasattr(run.cand, "menu_distribution") else "")
            run.fail(t, "proposal propose(t)", f"the menus differ{hint}", menu, proposal)
        chosen = agent.choose(menu)
        run.ref.observe(t, menu, chosen, float(R[t, chosen]))
        run.guard(t, "observe(t, menu, chosen, reward)", run.cand.observe, t, menu, chosen, float(R[t, chosen]))
        run.compare_iterates(t)


def _same_menu(menu: tuple, proposal: Any) -> bool:
    try:
        return sorted(int(i) for i in proposal) == sorted(menu)
    except (TypeError, ValueError):
        return False


def _replay_router(run: _Replay) -> None:
    inst = run.scenario.routing
    for t in range(run.rounds):
        x, Psi, r = inst.queries[t], inst.features[t], inst.rewards[t]
        pi = np.array(run.ref.distribution(t, x, Psi), dtype=float)
        run.compare(t, "policy distribution(t, x, Psi)", pi,
                    run.guard(t, "distribution(t, x, Psi)", run.cand.distribution, t, x, Psi))
        m = _draw(run.rng, pi)
        run.ref.update(t, x, Psi, m, float(r[m]))
        run.guard(t, "update(t, x, Psi, m, reward)", run.cand.update, t, x, Psi, m, float(r[m]))
        run.compare_iterates(t)


REPLAY = {"learner": _replay_learner, "recommender": _replay_recommender, "router": _replay_router}


def _replay_instance(spec: AlgorithmSpec, candidate: Any, instance_seed: int, size: int, rounds: int,
                     seed: int) -> dict:
    __tracebackhide__ = True
    start = time.perf_counter()
    run = _Replay(spec, candidate, instance_seed, size, rounds, seed)
    REPLAY[spec.protocol](run)
    return {"instance_seed": instance_seed, "size": size, "rounds": rounds, "params": run.scenario.params,
            "seconds": round(time.perf_counter() - start, 3), "compared": run.compared}


# --------------------------------------------------------------------------------------------
# statistical mode
# --------------------------------------------------------------------------------------------
def _check_probabilities(t: int, what: str, p: Any, size: int) -> np.ndarray:
    q = np.asarray(p, dtype=float)
    if q.shape != (size,) or not np.all(np.isfinite(q)) or q.min() < -1e-12 or abs(q.sum() - 1) > 1e-9:
        raise ValueError(f"at round {t} its {what} is not a probability vector of length {size}: {p!r}")
    return q


def _play(protocol: str, scenario: Scenario, obj: Any, seed: int, rounds: int) -> float:
    """One run alone: the pseudo-regret against the best fixed item / expert."""
    R, rng, total = scenario.rewards, np.random.default_rng(seed), 0.0
    if protocol == "learner":
        for t in range(rounds):
            x = _check_probabilities(t, "distribution(t)", obj.distribution(t), R.shape[1])
            total += float(x @ R[t])
            i = _draw(rng, x)
            obj.update(t, i, float(R[t, i]))
    elif protocol == "recommender":
        agent = scenario.agent()
        for t in range(rounds):
            menu = tuple(int(i) for i in obj.propose(t))
            if len(set(menu)) != scenario.k or len(menu) != scenario.k or not 0 <= min(menu) <= max(menu) < R.shape[1]:
                raise ValueError(f"at round {t} it proposed {menu}, not a menu of k={scenario.k} distinct items")
            total += float(agent.choice_probabilities(menu) @ R[t, list(menu)])
            chosen = agent.choose(menu)
            obj.observe(t, menu, chosen, float(R[t, chosen]))
    else:
        inst = scenario.routing
        for t in range(rounds):
            x, Psi = inst.queries[t], inst.features[t]
            pi = _check_probabilities(t, "policy", obj.distribution(t, x, Psi), R.shape[1])
            total += float(pi @ R[t])
            m = _draw(rng, pi)
            obj.update(t, x, Psi, m, float(R[t, m]))
    return float(R[:rounds].sum(axis=0).max()) - total


def _statistical(spec: AlgorithmSpec, candidate: Any, plan: list, rounds: int, seed: int) -> dict:
    __tracebackhide__ = True
    from scipy import stats  # noqa: PLC0415

    ref_cls, ref_reg, cand_reg = _reference(spec), [], []
    for instance_seed, size in plan:
        sc = spec.scenario(instance_seed, size, rounds)
        ref_reg.append(_play(spec.protocol, sc, sc.build(ref_cls), instance_seed, rounds))
        try:
            cand_reg.append(_play(spec.protocol, sc, sc.build(candidate), instance_seed, rounds))
        except Exception as exc:  # noqa: BLE001
            raise _statistical_crash(spec, candidate, (instance_seed, size, len(plan)), rounds, seed, exc) from None
    diff = np.asarray(cand_reg) - np.asarray(ref_reg)
    N = len(diff)
    mean, se = float(diff.mean()), float(diff.std(ddof=1) / math.sqrt(N))
    p_value = (1.0 if mean == 0 else 0.0) if se == 0 else float(2 * stats.t.sf(abs(mean / se), N - 1))
    detectable = float((stats.t.ppf(1 - LEVEL / 2, N - 1) + stats.t.ppf(POWER, N - 1)) * se)
    summary = {"name": spec.name, "kind": "algorithm", "mode": "statistical", "seed": seed, "rounds": rounds,
               "instances": N, "reference_mean_regret": float(np.mean(ref_reg)),
               "candidate_mean_regret": float(np.mean(cand_reg)), "mean_difference": mean, "se": se,
               "p_value": p_value, "level": LEVEL, "power": POWER, "detectable_difference": detectable,
               "identical_runs": bool(np.all(diff == 0)),  # same draws on every seed: the SE (and so the power) is 0
               "test": "two-sided paired t-test on per-seed pseudo-regret (candidate − reference)",
               "reference_regrets": [float(v) for v in ref_reg], "candidate_regrets": [float(v) for v in cand_reg],
               "passed": p_value >= LEVEL}
    if p_value < LEVEL:
        raise _statistical_mismatch(spec, candidate, summary)
    return summary


def _statistical_snippet(spec: AlgorithmSpec, candidate: Any, seed: int, N: int, rounds: int) -> str:
    imp, expr = candidate_source(candidate)
    return "\n".join(["from certificates.oracle import assert_trajectory_matches", imp,
                      f"assert_trajectory_matches({spec.name!r}, {expr}, mode='statistical', seed={seed}, "
                      f"instances={N}, rounds={rounds})"])


def _statistical_mismatch(spec: AlgorithmSpec, candidate: Any, s: dict) -> OracleMismatch:
    s = {**s, "passed": False, "replay": _statistical_snippet(spec, candidate, s["seed"], s["instances"], s["rounds"])}
    lines = [f"oracle: the candidate for {spec.name} has a different mean regret from the reference ({s['test']} "
             f"over {s['instances']} instances of {s['rounds']} rounds, seed {s['seed']}).",
             f"candidate − reference = {s['mean_difference']:.4g} ± {s['se']:.3g} (SE); p = {s['p_value']:.3g} < "
             f"{LEVEL} (reference mean {s['reference_mean_regret']:.4g}, candidate mean "
             f"{s['candidate_mean_regret']:.4g}).",
             f"The test detects a mean difference of {s['detectable_difference']:.3g} with power {POWER} at level "
             f"{LEVEL}.", "Replay it:", *("    " + line for line in s["replay"].splitlines())]
    return OracleMismatch("\n".join(lines), s)


def _statistical_crash(spec: AlgorithmSpec, candidate: Any, where: tuple[int, int, int], rounds: int, seed: int,
                       exc: Exception) -> OracleMismatch:
    instance_seed, size, count = where
    message = f"the candidate failed on instance seed {instance_seed} (size {size}): {type(exc).__name__}: {exc}"
    report = {"name": spec.name, "mode": "statistical", "difference": message, "seed": seed,
              "instance_seed": instance_seed, "size": size, "rounds": rounds,
              "replay": _statistical_snippet(spec, candidate, seed, count, rounds)}
    return OracleMismatch(f"oracle: {spec.name}: {message}\nReplay it:\n    " +
                          report["replay"].replace("\n", "\n    "), report)
