"""Runs of Algorithm 3 shared by the Theorem 3 certificates (paper A, arXiv 2302.06014, §4.1 / Appendix C.2).

``run_algorithm3`` runs ``ScaleBoundedOGD`` with a Theorem 3 schedule against an agent and returns the regret
against Δ_φ, the pathwise ``theorem3_regret_bound`` and the recommender (its observer holds the invariant
checks). ``binomial_critical_count`` is the one-sided binomial test of the high-probability invariants (1, 5).
``spread_always_one`` and ``never_stale`` are mutant replacements several certificates register.
"""

from __future__ import annotations

import reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd as alg3
import reference.adaptive_preferences.scale_bounded.lemma7_luce_mle as ll
import reference.adaptive_preferences.scale_bounded.thm3_bounds as tb
import reference.adaptive_preferences.scale_bounded.thm3_schedules as sch
import reference.adaptive_preferences.setting.regret as reg
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction

__all__ = ["run_algorithm3", "delta_phi_regret", "binomial_critical_count", "spread_always_one", "never_stale"]

SPREAD_TARGET = "reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores:score_spread"


def delta_phi_regret(trajectory, phi) -> float:
    """Reg_T(Δ_φ) of a run: max_{p∈Δ_φ} ⟨p, Σ_t r_t⟩ (``best_in_target``) − the learner's total reward."""
    return reg.best_in_target(trajectory.reward_sum, "smoothed", phi=phi)[0] - trajectory.total_reward


def run_algorithm3(model, rewards, *, n, k, lam, c, phi, c_exp, seed, schedule=None):
    """One run of Algorithm 3 with γ = 1 − T^{−c}: (regret vs Δ_φ, bound terms, the recommender).

    Default schedule: ``theorem3_invariant_parameters`` (close above the memory-noise floor, B = ⌈H ln(4/close)⌉,
    drift = 2 close + 0.2, m = max(⌈H⌉, ⌈12n/φ⌉), one learning stage at first); the invariant thresholds use
    L_κ = ``factor_log_lipschitz``."""
    T = rewards.shape[0]
    pr = (schedule or sch.theorem3_invariant_parameters)(T, c_exp, n, k, phi)
    alg = alg3.ScaleBoundedOGD.from_schedule(n, k, pr, phi=phi, horizon=T, lam=lam, c=c, seed=seed, monitor=model,
                                             factor_lipschitz=ll.factor_log_lipschitz(model))
    tr = run_interaction(alg, Agent(model, pr["gamma"], seed=seed + 1), rewards, k)
    L = alg.ledger
    bound = tb.theorem3_regret_bound(T=T, n=n, phi=phi, batch=pr["batch"], eta=pr["eta"],
                                     steps_rounds=L["step_rounds_completed"], grad_sq_sum=L["grad_sq_sum"],
                                     bias=L["bias"], targeting=L["targeting"], movement=L["movement"])
    return delta_phi_regret(tr, phi), bound, alg


def binomial_critical_count(N, delta, alpha=1e-3):
    """The largest failure count f with P(Binomial(N, δ) ≥ f) ≥ α: more failures reject 'rate ≤ δ' at level α."""
    from scipy.stats import binom

    f = 0
    while f < N and binom.sf(f, N, delta) >= alpha:  # sf(f) = P(X ≥ f + 1)
        f += 1
    return f


def spread_always_one(estimate, true_scores):
    """Mutant: the scale-free score spread is taken as 1 (claims perfect estimates)."""
    return 1.0


def never_stale(built_for, current):
    """Mutant: μ is never rebuilt for the moving estimate (stale menus)."""
    return 1.0
