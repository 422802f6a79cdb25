"""Paper B: HPG's regret exponents in T, d, M and s, measured on the lockstep router loop (issue 14, item 4).

Paper B (arXiv 2606.14929, abstract): HPG attains Õ(s√(MT)) linearized policy regret, "avoiding a curse of
dimensionality" [seed]. Our bound [derived] is ``bounds.hpg_headline_bound`` = 2τΨ√(T(1 − 1/M)asinh(d)/c),
τ = sB√M. Engine: ``engines.paper_b.routing.lockstep_routing_run("hpg", instance, seeds)`` (R replicates of
``hpg.run_learner``, certified identical to it); the regret of replicate r is ``regret.linearized_regret`` of its
gradient sums (the true gradients ∇J_t(Θ_t), as ``linearized_regret_of_run``).

Certificate ``b_hpg_regret_exponents_le_claimed`` [project: measurements turned into checks; fit and verdicts in
``certificates/rates_common.py``]. Planted instances (``environment.planted_instance``: queries ±p_j, B = 1,
τ = sB√M), one fresh instance per block, R lockstep replicates per instance, one point per replicate: its
linearized regret floored at 1 before the logs (a realized linearized regret can be ≤ 0). Per parameter
(others fixed) the fitted log-log slope's 95 % interval's lower end must not exceed the checked slope
max(nominal, the headline bound's own slope over the same grid): nominal T 1/2, M 1/2, s 1. In d the nominal is 0
and the Õ hides logarithms (our bound has √asinh d, slope ≈ 0.2 over d ∈ [4, 64]); the checked d slope is that of
one log factor, ln(2d + 1) (≈ 0.3 over [4, 32]), as ``scaling.py`` states: a weak test, over small d a log and a
small power look alike; the nominal (d⁰) verdict is recorded beside it. The d series uses full-rank
(multi-vector) Ψ, the others rank-one Ψ. Mutant: HPG fed 1 − r (it learns the worst expert): linear regret in T, red.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import engines.paper_b.lockstep as bls
import engines.paper_b.routing as brt
import reference.embedding_routing.bounds as bd
import reference.embedding_routing.environment as env
import reference.embedding_routing.regret as rg
from certificates import rates_common as rc
from certificates.registry import Mutant, certificate


class _InvertedRewardHPG(bls.LockstepHPG):
    """Mutant: HPG updates on 1 − r, so it climbs towards the worst expert."""

    def update_batch(self, t, x, Psi, m, rewards):
        return super().update_batch(t, x, Psi, m, 1.0 - np.asarray(rewards))


def hpg_lockstep_regrets(T: int, d: int, M: int, s: int, R: int, instance_seed: int,
                         features: str = "rank_one") -> np.ndarray:
    """Linearized regrets of R lockstep HPG replicates on one planted instance (module docstring)."""
    inst = env.planted_instance(T, d, M, s, np.random.default_rng(instance_seed), B=1.0, query_kind="basis",
                                feature_kind=features)
    tau = float(inst.info["tau"])
    run = brt.lockstep_routing_run("hpg", inst, list(range(R)))
    return np.array([rg.linearized_regret(run.grad_sum[r], run.inner_sum[r], tau) for r in range(R)])


def _series(ctx, values, make: Callable[[int], dict], blocks: int, R: int, seed: int):
    xs, ys = [], []
    for v in values:
        for b in range(blocks):
            regs = hpg_lockstep_regrets(R=R, instance_seed=seed + 7919 * b + v, **make(v))
            xs += [v] * R
            ys += regs.tolist()
    return xs, ys


def _plan(ctx):
    """(name, grid, kwargs(v), nominal exponent) per parameter."""
    Ts = ctx.choose(smoke=[30, 100, 300], quick=[30, 100, 300], standard=rc.decade_grid(10, 10_000),
                    audit=rc.decade_grid(30, 100_000))
    T0 = ctx.choose(smoke=100, quick=100, standard=1000, audit=3000)
    plan = [("T", Ts, lambda T: dict(T=T, d=6, M=2, s=2), 0.5)]
    if ctx.profile != "smoke":
        plan += [("s", [1, 2, 4, 8], lambda s: dict(T=T0, d=8, M=2, s=s), 1.0),
                 ("M", [2, 4, 8, 16], lambda M: dict(T=T0, d=6, M=M, s=2), 0.5),
                 ("d", ctx.choose(quick=[4, 8, 16], standard=[4, 8, 16, 32, 64]),
                  lambda d: dict(T=T0, d=d, M=2, s=2, features="multi_vector"), 0.0)]
    return plan


@certificate(
    id="b_hpg_regret_exponents_le_claimed",
    paper="B",
    item="HPG regret exponents in T, d, M, s (measured, lockstep engine)",
    statement="Fitted log-log slopes of HPG's linearized regret on planted instances (lockstep replicates, regrets "
              "floored at 1): for each of T, s, M, d the 95% interval's lower end ≤ max(nominal exponent of "
              "Õ(s√(MT)) — T 1/2, s 1, M 1/2, d 0 — , the headline bound's own slope over the grid); verdict "
              "supported / contradicted / undecided (half-width target 0.1). The smoke profile fits T only.",
    mutants=[Mutant("inverted-rewards", "HPG updates on 1 − r (learns the worst expert): linear regret in T",
                    {"engines.paper_b.routing:_LOCKSTEP": {**brt._LOCKSTEP, "hpg": _InvertedRewardHPG}})],
)
def b_hpg_regret_exponents_le_claimed(ctx):
    blocks = ctx.choose(smoke=2, quick=2, standard=3, audit=8)
    R = ctx.choose(smoke=4, quick=4, standard=16, audit=16)
    seed = ctx.instance_seed(0)
    rows = []
    for name, grid, make, nominal in _plan(ctx):
        clock = rc.Stopwatch()
        xs, ys = _series(ctx, grid, make, blocks, R, seed)
        fit = rc.fit_rate(xs, ys)
        bound = lambda v: bd.hpg_headline_bound(  # noqa: E731
            **{k: w for k, w in make(v).items() if k in ("T", "M", "d", "s")}, B=1.0)  # noqa: B023
        law = bound if name != "d" else (lambda v: float(np.log(2 * v + 1)))  # noqa: E731  one log factor in d
        checked = max(nominal, rc.bound_slope(grid, law))
        row = rc.rate_row(f"Paper B, HPG exponent in {name}", fit, checked, nominal=nominal,
                          replicates=blocks * R, seconds=clock.seconds(),
                          note=f"{blocks} planted instances × {R} lockstep replicates per value; points = "
                               "replicate linearized regrets floored at 1")
        row["grid"] = list(grid)
        rows.append(row)
        yield rc.rate_evidence(row, seed, {"parameter": name, "fixed": {k: v for k, v in make(grid[0]).items()
                                                                        if k != name}})
    ctx.record("rates", rows)
