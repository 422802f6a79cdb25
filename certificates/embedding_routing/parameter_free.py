"""Paper B, parameter-free HPG: its pathwise regret bound for every comparator radius u at once.

Paper B (arXiv 2606.14929) provides "an computationally efficient and parameter-free implementation
of HPG" (sic) [seed, abstract]; the surviving text gives no rate for it (the extra log factor below is what
our scheme costs [derived]). The scheme (KT coin betting for the scale × HPG on the unit nuclear ball for the
direction) and its bound (PF) are our own [project]: ``hpg.ParameterFreeHPG`` and
``bounds.parameter_free_pathwise_bound`` in ``reference/embedding_routing/``.

Certificate ``b_parameter_free_hpg_regret_pathwise`` [project]: (i) the KT potential inequality
through the learner's own bettor (``bet`` / ``settle_coin``); (ii) the pathwise bound (PF) on routing
instances for a grid of comparator radii, with the adaptive direction learner's bound
2√(D_max·S_T/α_1). Mutant: betting three times the KT fraction. Findings:
docs/findings.md, "Paper B parameter-free HPG: choice of scheme".
"""

from __future__ import annotations

import math

import numpy as np

import reference.embedding_routing.bounds as bd
import reference.embedding_routing.environment as env
import reference.embedding_routing.hpg as hpg
import reference.embedding_routing.hypentropy as hy
import reference.embedding_routing.regret as rg
from certificates.registry import Evidence, Mutant, certificate

_ORIG_PF = hpg.ParameterFreeHPG


class _OverBetting(_ORIG_PF):
    """Bets three times the KT fraction: the wealth can collapse, so the KT potential bound fails."""

    def bet(self) -> float:
        return 3.0 * super().bet()


@certificate(
    id="b_parameter_free_hpg_regret_pathwise",
    paper="B",
    item="Parameter-free HPG (seed: a parameter-free implementation exists; "
         "scheme, bound and its extra log factor: project's own)",
    statement="KT wealth ≥ εF_T(S_T) on random coin sequences in [−1, 1] (equality for ±1 coins; 1e-9 on the logs), "
              "and on randomized "
              "routing instances, for every u in a grid (including the planted ‖Θ*‖_*), ParameterFreeHPG's estimated-"
              "gradient regret u‖ΣĜ_t‖_op − Σ⟨Ĝ_t, Θ_t⟩ ≤ g_max·K_T(u) + u·2√(D_max,1·Σ‖Ĝ_t‖_op²/α_1) (the "
              "adaptive direction learner on the unit ball), pathwise "
              "(up to 1e-9 relative). Its true-gradient pseudo-regret is recorded beside HPG-with-known-τ's.",
    mutants=[
        Mutant("over-betting", "bet 3× the KT fraction",
               {"reference.embedding_routing.hpg:ParameterFreeHPG": _OverBetting}),
    ],
)
def b_parameter_free_hpg_regret_pathwise(ctx):
    # (i) the KT potential inequality on raw coin sequences, through the learner's own bettor
    for seed, rng in ctx.instances(quick=40, standard=400, audit=4000, smoke=10):
        T = int(rng.integers(1, 120))
        kind = int(rng.integers(0, 3))
        coins = (rng.choice([-1.0, 1.0], size=T) if kind == 0 else
                 rng.uniform(-1, 1, size=T) if kind == 1 else np.full(T, float(rng.uniform(-1, 1))))
        bettor = hpg.ParameterFreeHPG(1, 2, T)
        for c in coins:
            bettor.settle_coin(c, bettor.bet())
        log_lower = math.log(bettor.epsilon) + bd.kt_log_potential(T, float(np.sum(coins)))
        wealth = bettor.wealth
        # equality holds for ±1 coins, so allow 1e-9 of float error in the logs
        yield Evidence(observed=float(log_lower), bound=(float(math.log(wealth)) + 1e-9) if wealth > 0 else -math.inf,
                       seed=seed, instance={"check": "KT wealth ≥ εF_T(S_T) (logs)", "T": T, "coins": kind,
                                            "S_T": float(np.sum(coins))},
                       note="observed ln(εF_T(S_T)), bound ln(wealth)")
    # (ii) the pathwise regret bound (PF) on routing instances
    T = ctx.choose(smoke=100, quick=150, standard=400, audit=1000)
    rows = []
    for seed, rng in ctx.instances(quick=3, standard=12, audit=60, smoke=2):
        d = int(rng.integers(3, 7))
        M = int(rng.integers(2, 4))
        s = int(rng.integers(1, 3))
        B = float(rng.choice([0.5, 1.0, 2.0]))
        qk = str(rng.choice(["subspace", "basis", "clustered"]))
        inst = env.planted_instance(T, d, M, s, rng, B=B, query_kind=qk)
        psi = max(inst.feature_op_norm_max(), 1e-12)
        learner = hpg.ParameterFreeHPG(d, M, T, psi_max=psi)
        run = hpg.run_learner(learner, inst, rng.integers(2 ** 31))
        planted_norm = hy.nuclear_norm(inst.planted)
        for u in sorted({0.25, 1.0, 4.0, round(planted_norm, 6)}):
            lhs = rg.linearized_regret(run.est_grad_sum, run.est_inner_sum, u)
            terms = bd.parameter_free_pathwise_bound(u, T=T, sq_op_norms=run.est_sq_norms, g_max=learner.g_max,
                                                     epsilon=learner.epsilon, d=d,
                                                     direction_beta=learner.direction.beta)
            tol = 1e-9 * (1 + abs(lhs) + terms["total"])
            row = {"d": d, "M": M, "s": s, "B": B, "queries": qk, "u": u, "lhs": lhs, **terms,
                   "ratio": lhs / terms["total"]}
            rows.append(row)
            yield Evidence(observed=float(lhs), bound=float(terms["total"] + tol), seed=seed, instance=row)
    ctx.record("max_ratio", float(max(r["ratio"] for r in rows)))
