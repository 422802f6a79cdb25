"""Paper B, HPG's expected linearized policy regret against the derived bound (with tightness ratios).

Paper B (arXiv 2606.14929): HPG "attains Õ(s√(MT)) linearized policy regret" [seed, abstract; the
abstract writes the rate in LaTeX]. Our bound [derived] (the Theorem of
``reference/embedding_routing/bounds.py``): for every fixed U in the nuclear ball of radius τ,
E Σ_t⟨∇J_t(Θ_t), U − Θ_t⟩ ≤ R/η + ηTΨ²(1 − 1/M)/(2α).

Certificate ``b_hpg_expected_regret_le_bound`` [derived]. Mutant: the mirror step with the wrong
sign (descent on rewards). Findings: docs/findings.md, "Paper B HPG bound: tightness on randomized
instances".

Estimate: R replicate runs of HPG on one randomized instance (independent bandit randomness); the
pseudo-regret max_U mean_r[·] (``regret.pseudo_linearized_regret``: upward-biased by Jensen, hence
conservative) plus 3 standard errors must stay below the bound. Beside it we record, per instance,
the realized regret mean_r max_U[·] (not covered by the theorem), the regret measured with the
REINFORCE estimates, the actual policy regret (best fixed Θ found by optimisation), and the
parameter-free variant's and the Euclidean baseline's linearized regrets.
"""

from __future__ import annotations

import numpy as np

import reference.embedding_routing.bounds as bd
import reference.embedding_routing.environment as env
import reference.embedding_routing.hpg as hpg
import reference.embedding_routing.regret as rg
from certificates.embedding_routing.omd import mirror_descent_step
from certificates.registry import Evidence, Mutant, certificate


def random_instance(rng, *, T, family=None):
    """A randomized routing instance and the radius τ of the comparator ball it is scored against.

    Families: ``planted`` (random query/feature kinds), ``constant_context`` (planted with s = 1 and
    queries ±p, so Ψ_t = ppᵀ and the rewards are fixed: the tightest case we know), ``experts``.
    """
    d = int(rng.integers(3, 9))
    M = int(rng.integers(2, 5))
    s = int(rng.integers(1, min(3, d) + 1))
    B = float(rng.choice([0.25, 1.0]))
    family = family or str(rng.choice(["planted", "planted", "constant_context", "experts"]))
    if family == "constant_context":
        s = 1
        inst = env.planted_instance(T, d, M, s, rng, B=B, query_kind="subspace", feature_kind="rank_one")
        desc = {"family": family, "queries": "subspace", "features": "rank_one"}
    elif family == "planted":
        qk = str(rng.choice(["subspace", "sphere", "clustered", "drifting", "switching"]))
        fk = str(rng.choice(["rank_one", "multi_vector"]))
        inst = env.planted_instance(T, d, M, s, rng, B=B, query_kind=qk, feature_kind=fk,
                                    reward_noise=float(rng.choice([0.0, 0.1])))
        desc = {"family": family, "queries": qk, "features": fk}
    else:
        qk = str(rng.choice(["clustered", "drifting", "switching", "sphere"]))
        inst = env.low_rank_expert_instance(T, d, M, s, rng, query_kind=qk)
        desc = {"family": family, "queries": qk, "features": "rank_one"}
    tau = s * B * np.sqrt(M)
    return inst, tau, {**desc, "d": d, "M": M, "s": s, "B": B, "T": T, "tau": tau}


@certificate(
    id="b_hpg_expected_regret_le_bound",
    paper="B",
    item="HPG linearized-regret bound (seed: Õ(s√(MT)); derived constants)",
    statement="On randomized instances (planted rank-s log-quadratic rewards with random/clustered/drifting/switching "
              "queries and rank-one or multi-vector features; a fixed-context planted family; low-rank-expert "
              "instances; B ∈ {1/4, 1}), HPG's estimated expected "
              "linearized regret against the nuclear ball τ = sB√M, mean + 3 SE over replicate runs, is ≤ "
              "R/η + ηTΨ²(1 − 1/M)/(2α) with α = 1/(τ + dβ). Tightness ratios recorded.",
    mutants=[
        Mutant("wrong-sign", "mirror step Y − ηĜ (descent on rewards)",
               {"reference.embedding_routing.hpg:mirror_ascent_step": mirror_descent_step}),
    ],
)
def b_hpg_expected_regret_le_bound(ctx):
    T = ctx.choose(smoke=150, quick=150, standard=400, audit=1000)
    # smoke: only the tightest family, so that a broken HPG is seen to fail within seconds
    reps = ctx.choose(smoke=4, quick=5, standard=12, audit=30)
    rows = []
    for seed, rng in ctx.instances(quick=4, standard=20, audit=100, smoke=2):
        inst, tau, desc = random_instance(rng, T=T, family="constant_context" if ctx.profile == "smoke" else None)
        psi_max = inst.feature_op_norm_max()
        runs, pf_runs, ogd_runs = [], [], []
        learner = None
        for _ in range(reps):
            learner = hpg.HPG(inst.d, inst.M, T, tau, psi_max=max(psi_max, 1e-12))
            runs.append(hpg.run_learner(learner, inst, rng.integers(2 ** 31)))
        terms = bd.hpg_linearized_regret_bound(T=T, M=inst.M, d=inst.d, tau=tau, beta=learner.beta, eta=learner.eta,
                                               psi_max=psi_max)
        pseudo = rg.pseudo_linearized_regret(runs, tau)
        observed = pseudo["value"] + 3.0 * pseudo["se"]
        realized = float(np.mean([rg.linearized_regret_of_run(run, tau) for run in runs]))
        estimated = float(np.mean([rg.estimated_linearized_regret_of_run(run, tau) for run in runs]))
        row = {**desc, "pseudo_regret": pseudo["value"], "se": pseudo["se"], "bound": terms["total"],
               "range_term": terms["range_term"], "stability_term": terms["stability_term"],
               "tightness": observed / terms["total"], "realized_regret": realized,
               "estimated_gradient_regret": estimated}
        if ctx.profile != "smoke":
            best, _ = rg.best_fixed_log_quadratic(inst, tau, rng.integers(2 ** 31),
                                                  iterations=ctx.choose(quick=40, standard=150, audit=300))
            row["actual_policy_regret"] = best - float(np.mean([run.total_expected_reward for run in runs]))
            for _ in range(max(2, reps // 3)):
                pf_runs.append(hpg.run_learner(hpg.ParameterFreeHPG(inst.d, inst.M, T, psi_max=max(psi_max, 1e-12)),
                                               inst, rng.integers(2 ** 31)))
                ogd_runs.append(hpg.run_learner(
                    hpg.EuclideanPolicyGradient(inst.d, inst.M, T, tau, fro_max=inst.feature_fro_norm_max()),
                    inst, rng.integers(2 ** 31)))
            row["parameter_free_pseudo_regret"] = rg.pseudo_linearized_regret(pf_runs, tau)["value"]
            row["euclidean_pseudo_regret"] = rg.pseudo_linearized_regret(ogd_runs, tau)["value"]
        rows.append(row)
        yield Evidence(observed=float(observed), bound=float(terms["total"]), seed=seed, instance=row)
    ratios = [r["tightness"] for r in rows]
    ctx.record("tightness_max", float(max(ratios)))
    ctx.record("tightness_median", float(np.median(ratios)))
    ctx.record("instances", rows)
