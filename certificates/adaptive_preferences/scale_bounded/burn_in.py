"""Paper A, arXiv 2302.06014, Appendix C.2 — Algorithm 3's burn-in: its deterministic invariant and the rounds it takes.

The rule and the invariant are in ``reference/adaptive_preferences/scale_bounded/burn_in.py``; the escape margin
and the round budget below are this project's explicit form of the surviving text's claim that the burn-in
reaches near-uniform memory within Õ(1/(1 − γ)) rounds [project].
Findings: docs/findings.md, "Burn-in: the stall regime".
"""

from __future__ import annotations

import math

import numpy as np

import reference.adaptive_preferences.scale_bounded.burn_in as bi
from certificates.registry import Evidence, Mutant, certificate
from certificates.stats import mean_se
from reference.adaptive_preferences.setting.def2_def3_models import (
    ExtremeScaleBoundedModel,
    random_scale_bounded_model,
)
from reference.adaptive_preferences.setting.sec2_simulator import Agent

__all__ = ["burn_in_escape_margin", "burn_in_round_budget"]


def burn_in_escape_margin(n, k, lam, c):
    """1 − λ − D with D = c²(k−1)(1/(n−k+1) + λ): positive ⇒ the lowest item's mean-field drift is upward [derived].

    The lowest item (always on the menu) is chosen with probability ≥ (x+λ)/(x+λ+D) at memory x (Definition 3
    and Σ_{j∈K∖i} v_j ≤ (k−1)/(n−k+1)); this exceeds x for all x ≤ 1 − λ − D. When D ≥ 1 an item can be held
    near λ·(something) for long stretches: the claim that no item gets stuck needs a condition of this kind.
    """
    return 1.0 - lam - c * c * (k - 1) * (1.0 / (n - k + 1) + lam)


def burn_in_round_budget(n, k, gamma, eps, lam, c):
    """The claimed Õ(1/(1−γ)) burn-in time, with this project's explicit constant (a *claim*) [project]:

        B = ⌈ 2 H ln(2n/ε) / margin ⌉,  H = 1/(1−γ),  margin = ``burn_in_escape_margin``.
    """
    H = 1.0 / (1.0 - gamma)
    return math.ceil(2.0 * H * math.log(2 * n / eps) / burn_in_escape_margin(n, k, lam, c))


def _show_highest(self_memory, k):
    v = np.asarray(self_memory, dtype=float)
    return tuple(sorted(int(i) for i in np.argsort(-v, kind="stable")[:k]))


def _run_burn_in(burn, agent, rounds: int):
    """Run the burn-in against the agent for at most ``rounds`` rounds (it stops when ε-uniform)."""
    for t in range(rounds):
        menu = burn.propose(t)
        burn.observe(t, menu, agent.choose(menu), 0.0)
        if burn.done:
            break
    return burn


def _escaping_instance(rng):
    """(n, k, λ, c) with the escape margin ≥ 1/4 (redrawn until it is)."""
    while True:
        n = int(rng.integers(4, 9))
        k = int(rng.integers(1, min(3, n - 1) + 1))
        lam = float(rng.choice([0.02, 0.05, 0.1]))
        c = float(rng.choice([1.2, 1.5, 2.0]))
        if burn_in_escape_margin(n, k, lam, c) >= 0.25:
            return n, k, lam, c


def _stall_regime(reps: int) -> dict:
    """Recorded, not certified: outside the escape condition (margin < 0) an item can stall near 0."""
    n, k, lam, c, gamma, eps = 6, 3, 0.01, 2.0, 0.99, 0.1
    H = 1.0 / (1.0 - gamma)
    S, cap = math.ceil(H * math.log(n)), math.ceil(30 * H * math.log(2 * n / eps))
    times = []
    for r in range(reps):
        # worst case of Definition 3: one disliked item (factor 1/c), the others liked (factor c)
        model = ExtremeScaleBoundedModel(lam, c, [-1] + [1] * (n - 1))
        b = _run_burn_in(bi.BurnIn(n, k, gamma, eps=eps, saturate_rounds=S), Agent(model, gamma, seed=2000 + r),
                         S + cap)
        times.append((b.finished_at - S) if b.done else None)
    return {"n": n, "k": k, "lam": lam, "c": c, "gamma": gamma, "eps": eps,
            "margin": burn_in_escape_margin(n, k, lam, c), "H_ln(n/eps)": H * math.log(n / eps), "cap": cap,
            "times": times}


@certificate(
    id="burn_in_reaches_uniform_and_max_memory_invariant",
    paper="A",
    item="Theorem 3 / Algorithm 3 burn-in (C.2)",
    statement="Lowest-k burn-in after saturation: (i) deterministic invariant max_i M_i ≤ the recursive bound "
              "every round; (ii) the seed's claim, reconstructed: when the escape margin 1 − λ − c²(k−1)(1/(n−k+1)+λ) "
              "is ≥ 1/4, the mean rounds to ‖v − u_n‖₁ ≤ ε (+3 SE) is ≤ B = ⌈2H ln(2n/ε)/margin⌉ "
              "across random scale-bounded models.",
    mutants=[Mutant("show-highest", "shows the k highest-memory items instead of the lowest",
                    {"reference.adaptive_preferences.scale_bounded.burn_in:lowest_k_menu": _show_highest})],
)
def burn_in_reaches_uniform_and_max_memory_invariant(ctx):
    reps = ctx.choose(smoke=3, quick=6, standard=20, audit=20)
    ratios = []
    for seed, rng in ctx.instances(quick=6, standard=30, audit=40, smoke=2):
        n, k, lam, c = _escaping_instance(rng)
        gamma = float(rng.choice([0.97, 0.98, 0.99]))
        eps = float(rng.choice([0.1, 0.2]))
        model = random_scale_bounded_model(n, lam, c, int(rng.integers(2**31)))
        S = math.ceil(1.0 / (1.0 - gamma) * math.log(n))
        budget = burn_in_round_budget(n, k, gamma, eps, lam, c)
        times = []
        for r in range(reps):
            agent = Agent(model, gamma, seed=int(rng.integers(2**31)))
            b = _run_burn_in(bi.BurnIn(n, k, gamma, eps=eps, saturate_rounds=S), agent, S + 3 * budget)
            times.append((b.finished_at - S) if b.done else 3 * budget)
            inst = {"n": n, "k": k, "lam": lam, "c": c, "gamma": gamma, "eps": eps, "rep": r}
            yield Evidence(observed=0.0, bound=b.invariant_slack, seed=seed, instance=inst,
                           note="max memory ≤ deterministic bound (slack = min over rounds)")
        mean, se = mean_se(times)
        ratios.append(mean / budget)
        yield Evidence(observed=mean + 3 * se, bound=float(budget), seed=seed,
                       instance={"n": n, "k": k, "lam": lam, "c": c, "gamma": gamma, "eps": eps, "times": times},
                       note="rounds to ε-uniform (mean + 3 SE) vs claimed budget")
    ctx.record("burn_in_mean_over_budget_max", max(ratios))
    stall_reps = ctx.choose(smoke=0, quick=0, standard=6, audit=20)
    if stall_reps:
        ctx.record("stall_regime_rounds_to_eps", _stall_regime(stall_reps))
