"""Paper B, why log-quadratic: misspecification of small classes, intractability of the unconstrained one.

Paper B (arXiv 2606.14929) states that "standard regret notions suffer from structural
misspecification or statistical intractability" and that the log-quadratic class "is expressive
enough to capture query-dependent model routing" [seed, abstract]. A comparison of the four classes
on a shopping-query data set is reported only by a secondary digest we could not check; we do not
use it. The instances, the construction and the pass thresholds below are ours [project / derived].

Certificates
------------
* ``b_log_quadratic_closes_misspecification_gap`` [project]: on quadratic-routing instances
  (``environment.planted_instance(..., query_kind="sphere")``) constant and log-linear classes keep
  a per-round gap against the unconstrained class that the log-quadratic class closes
  (``regret.class_gap_table``). Mutant: the log-quadratic value computed on linear features.
* ``b_unconstrained_class_forces_linear_regret`` [derived]: on ``environment.never_repeating_instance``
  every learner's expected regret is T(1 − 1/M) (proof in ``reference/embedding_routing/regret.py``).
  Mutant: contexts that repeat (memorisable).

Findings: docs/findings.md, "Paper B misspecification: class gaps".

Implementation notes: standard errors through ``certificates.stats.standard_error``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import reference.embedding_routing.environment as env
import reference.embedding_routing.hpg as hpg
import reference.embedding_routing.regret as rg
from certificates.registry import Evidence, Mutant, certificate
from certificates.stats import standard_error

_ORIG_LOGLIN = rg.log_linear_class_value
_ORIG_NEVER = env.never_repeating_instance


def _log_quadratic_as_log_linear(features, rewards, seed, *, planted=None, restarts=2, max_entry=1e3):
    # broken: the "log-quadratic" value computed with linear features x (recovered from Ψ = x xᵀ up to sign)
    F = np.asarray(features, dtype=float)
    w, V = np.linalg.eigh(F)
    x = V[:, :, -1] * np.sqrt(np.maximum(w[:, -1:], 0.0))
    x *= np.sign(x[:, :1] + 1e-300)
    return _ORIG_LOGLIN(x, rewards, seed)


def _repeating_contexts(T, d, M, seed, repeat_contexts=None):
    return _ORIG_NEVER(T, d, M, seed, repeat_contexts=3)


GAP_FLOOR = 0.02          # a class "keeps a gap" when its per-round gap is at least this
CLOSE_FACTOR = 0.25       # log-quadratic "closes" it when its gap is at most this fraction of log-linear's


@certificate(
    id="b_log_quadratic_closes_misspecification_gap",
    paper="B",
    item="Misspecification of constant and log-linear classes "
         "(seed: 'structural misspecification'; instances: project)",
    statement=f"On quadratic-routing instances (queries uniform on the sphere, r_t(m) = ½ + ½ x_tᵀA_m x_t "
              f"with random traceless A_m, ‖A_m‖_op = 1), the per-round suboptimality gaps against the "
              f"unconstrained class satisfy "
              f"gap(constant) ≥ gap(log-linear) ≥ {GAP_FLOOR} and gap(log-quadratic) ≤ {CLOSE_FACTOR}·gap(log-linear) "
              "(values of log-linear / log-quadratic are the best found by L-BFGS, i.e. gaps are upper estimates).",
    mutants=[
        Mutant("linear-features", "the log-quadratic value computed on linear features x instead of Ψ = x xᵀ",
               {"reference.embedding_routing.regret:log_quadratic_class_value": _log_quadratic_as_log_linear}),
    ],
)
def b_log_quadratic_closes_misspecification_gap(ctx):
    T = ctx.choose(smoke=200, quick=300, standard=1000, audit=3000)
    tables = []
    for seed, rng in ctx.instances(quick=4, standard=20, audit=100, smoke=2):
        d = int(rng.integers(2, 5))
        M = int(rng.integers(2, 4))
        inst = env.planted_instance(T, d, M, d, rng, B=1.0, query_kind="sphere", feature_kind="rank_one")
        gaps = rg.class_gap_table(inst, rng.integers(2 ** 31))
        tables.append(gaps)
        desc = {"d": d, "M": M, "T": T, **{f"gap_{k}": v for k, v in gaps.items()}}
        yield Evidence(observed=GAP_FLOOR, bound=gaps["log_linear"], seed=seed,
                       instance={**desc, "check": "log-linear keeps a gap"})
        yield Evidence(observed=gaps["log_linear"] - 1e-9, bound=gaps["constant"], seed=seed,
                       instance={**desc, "check": "constant ≥ log-linear"})
        yield Evidence(observed=gaps["log_quadratic"], bound=CLOSE_FACTOR * gaps["log_linear"], seed=seed,
                       instance={**desc, "check": "log-quadratic closes it"})
    ctx.record("gap_table_mean", {k: float(np.mean([t[k] for t in tables])) for k in tables[0]})
    ctx.record("gap_tables", tables)


def _learner_factories(d: int, M: int, T: int) -> dict[str, Callable[[], hpg.Router]]:
    """The five learners of the intractability check, each built fresh per replicate."""
    return {
        "hpg": lambda: hpg.HPG(d, M, T, np.sqrt(M)),
        "exp3": lambda: hpg.Exp3(M, T),
        "log_linear_pg": lambda: hpg.LogLinearPolicyGradient(d, M, T, np.sqrt(M)),
        "tabular_exp3": lambda: hpg.TabularExp3(M, T),
        "uniform": lambda: hpg.UniformRouter(M),
    }


@certificate(
    id="b_unconstrained_class_forces_linear_regret",
    paper="B",
    item="Intractability of the unconstrained class (seed: 'statistical intractability'; construction derived)",
    statement="On never-repeating contexts with hidden uniform labels (r_t(m) = 1[m = b_t]), every learner's "
              "expected regret against the unconstrained class is exactly T(1 − 1/M): for HPG, EXP3, log-linear PG, "
              "a per-context EXP3 and the uniform router, |mean regret/T − (1 − 1/M)| ≤ 4·SE + 1e-12 over "
              "independent instances.",
    mutants=[
        Mutant("repeating-contexts", "the construction cycles 3 contexts with fixed labels (memorisable)",
               {"reference.embedding_routing.environment:never_repeating_instance": _repeating_contexts}),
    ],
)
def b_unconstrained_class_forces_linear_regret(ctx):
    T = ctx.choose(smoke=120, quick=150, standard=500, audit=2000)
    reps = ctx.choose(smoke=6, quick=6, standard=20, audit=60)
    for seed, rng in ctx.instances(quick=2, standard=6, audit=20, smoke=1):
        d = int(rng.integers(2, 6))
        M = int(rng.integers(2, 5))
        target = rg.unconstrained_regret_lower_bound(T, M) / T
        for name, make in _learner_factories(d, M, T).items():
            per = []
            for _ in range(reps):
                inst = env.never_repeating_instance(T, d, M, rng.integers(2 ** 31))
                run = hpg.run_learner(make(), inst, rng.integers(2 ** 31))
                per.append((rg.unconstrained_value(inst.rewards) - run.total_expected_reward) / T)
            mean = float(np.mean(per))
            se = standard_error(per)
            yield Evidence(observed=abs(mean - target), bound=4 * se + 1e-12, seed=seed,
                           instance={"learner": name, "d": d, "M": M, "T": T, "reps": reps,
                                     "mean_regret_per_round": mean, "se": se, "target": target})
