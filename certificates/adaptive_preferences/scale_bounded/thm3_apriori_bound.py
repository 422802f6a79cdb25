"""Paper A, arXiv 2302.06014, §4.1 — Theorem 3, a-priori form (ours): the exponent, its interior optimum, domination.

The bound and its proofs are in ``reference/adaptive_preferences/scale_bounded/thm3_bounds.py`` [project].
Findings: docs/findings.md, "Theorem 3: the a-priori bound's assumptions".
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import reference.adaptive_preferences.scale_bounded.lemma7_luce_mle as ll
import reference.adaptive_preferences.scale_bounded.thm3_bounds as tb
import reference.adaptive_preferences.scale_bounded.thm3_schedules as sch
from certificates.adaptive_preferences.scale_bounded.alg3_runs import run_algorithm3
from certificates.registry import Evidence, Mutant, certificate
from certificates.stats import loglog_slope, mean_se
from reference.adaptive_preferences.setting.def2_def3_models import random_scale_bounded_model
from reference.adaptive_preferences.setting.rewards import stationary_bernoulli_rewards

_ORIG_APRIORI = tb.theorem3_apriori_bound


def _apriori_without_bias(T, c_exp, n, k, phi, **kw):  # forgets the estimation error (A1's terms)
    terms = dict(_ORIG_APRIORI(T, c_exp, n, k, phi, **kw))
    terms["total"] -= terms["bias"] + terms["targeting"]
    terms["bias"] = terms["targeting"] = 0.0
    return terms


def _monotone_exponent(c=None):
    import sympy as sp

    cs = sp.Symbol("c", positive=True)
    e = (1 + cs) / 2
    return e if c is None else e.subs(cs, c)


def _exponent_evidence():
    """(i) sympy: argmin c* = 1/2 with e(c*) = 3/4, and the grid argmin of e(c) on (0, 1]."""
    import sympy as sp

    c_star, e_star = tb.theorem3_optimal_c()
    grid = [sp.Rational(i, 100) for i in range(1, 101)]
    vals = [tb.theorem3_apriori_exponent(c) for c in grid]
    i_min = min(range(len(grid)), key=lambda i: vals[i])
    yield Evidence(observed=abs(Fraction(str(c_star)) - Fraction(1, 2)) + abs(Fraction(str(e_star)) - Fraction(3, 4)),
                   bound=Fraction(0), seed=None, instance={"c_star": str(c_star), "e_star": str(e_star)},
                   note="sympy: argmin c* = 1/2, e(c*) = 3/4")
    yield Evidence(observed=abs(Fraction(str(grid[i_min])) - Fraction(1, 2)), bound=Fraction(0), seed=None,
                   instance={"grid_argmin": str(grid[i_min]), "e_min": str(vals[i_min]), "e(0.01)": str(vals[0]),
                             "e(1)": str(vals[-1])}, note="grid argmin of e(c) is 1/2 (interior)")


def _implemented_bound_evidence(ctx, n, k, phi):
    """(i) the implemented bound's c-argmin at T ∈ {1e16, 1e20} and its fitted T-exponent at c = 1/2."""
    cs = np.linspace(0.05, 0.95, 19)
    for T in (1e16, 1e20):  # the derived ρ̄ is capped at c⁴ below T ≈ 1e14 (vacuous constants)
        tot = [tb.theorem3_apriori_bound(T, float(c), n, k, phi)["total"] for c in cs]
        j = int(np.argmin(tot))
        yield Evidence(observed=float(abs(cs[j] - 0.5)), bound=0.2, seed=None,
                       instance={"T": T, "argmin_c": float(cs[j]), "at_0.05": tot[0], "at_0.95": tot[-1],
                                 "min": tot[j]},
                       note="the implemented bound's c-argmin is interior (near 1/2)")
    Tg = [1e16, 1e18, 1e20, 1e22]
    slope = loglog_slope(Tg, [tb.theorem3_apriori_bound(T, 0.5, n, k, phi)["total"] for T in Tg])["slope"]
    ctx.record("apriori_exponent_fit_at_c_half", slope)
    yield Evidence(observed=abs(slope - 0.75), bound=0.05, seed=None, instance={"Ts": Tg, "slope": slope},
                   note="fitted exponent of the a-priori bound at c = 1/2")


def _sweep_row(c_exp, reg, bnd, alg, A, n):
    return {"c": c_exp, "regret": reg, "pathwise": bnd["total"], "apriori": A["total"],
            "rho_bar": A["rho_bar"], "max_spread": alg.ledger["max_spread"],
            "A1c_coverage_min": min((st["lambda2_per_round"] for st in alg.learn_stages), default=None),
            "A1_held": alg.ledger["max_spread"] <= A["rho_bar"],
            "A3_held": bnd["movement"] == 0.0,
            "A5_step_end_violations": alg.invariants["step_end"]["violations"],
            "memory_noise_at_u_n": sch.stationary_memory_noise(np.full(n, 1.0 / n), alg.schedule.gamma)}


def _sweep_domination(ctx, n, k, phi):
    """(ii) on the sweep instances: measured regret, the pathwise bound and two of its terms ≤ the a-priori bound."""
    sweep = ctx.choose(smoke=[0.5], quick=[0.3, 0.6, 0.9], standard=[0.2, 0.35, 0.5, 0.65, 0.8, 0.95])
    T = ctx.choose(smoke=1500, quick=2000, standard=8000, audit=16000)
    reps = ctx.choose(smoke=2, quick=3, standard=4, audit=6)
    lam, c = 0.05, 1.3
    seed = ctx.instance_seed(0)
    model = random_scale_bounded_model(n, lam, c, seed)
    rows = []
    for c_exp in sweep:
        rewards = stationary_bernoulli_rewards(T, n, np.random.default_rng(seed + T))
        runs = [run_algorithm3(model, rewards, n=n, k=k, lam=lam, c=c, phi=phi, c_exp=c_exp, seed=seed + 7 * r)
                for r in range(reps)]
        A = tb.theorem3_apriori_bound(T, c_exp, n, k, phi, c=c, factor_lipschitz=ll.factor_log_lipschitz(model))
        regs = [x[0] for x in runs]
        mean, se = mean_se(regs)
        inst = {"c": c_exp, "T": T, "n": n, "phi": phi}
        yield Evidence(observed=mean + 3 * se, bound=A["total"], seed=seed, instance={**inst, "regrets": regs},
                       note="measured regret ≤ a-priori bound")
        for reg, bnd, alg in runs:
            yield Evidence(observed=bnd["total"], bound=A["total"], seed=seed, instance=inst,
                           note="pathwise bound ≤ a-priori bound (observed on the sweep, see assumptions)")
            yield Evidence(observed=bnd["ogd"], bound=A["ogd"] * (1 + 1e-12), seed=seed, instance=inst,
                           note="pathwise OGD term ≤ a-priori OGD term (no assumption)")
            yield Evidence(observed=alg.rounds["burn"], bound=A["burn"], seed=seed, instance=inst,
                           note="burn-in rounds ≤ a-priori burn term (no assumption)")
            rows.append(_sweep_row(c_exp, reg, bnd, alg, A, n))
    ctx.record("sweep_rows", rows)
    ctx.record("apriori_over_T_by_c", {str(r["c"]): r["apriori"] / T for r in rows})


@certificate(
    id="theorem3_apriori_bound_dominates_and_interior_optimum",
    paper="A",
    item="Theorem 3 (ours): a-priori bound O(T^{max((1+c)/2, 1−c/2)}), ρ̄ derived, under A1c, A3, A5",
    statement="(i) sympy: e(c) = max((1+c)/2, 1−c/2, c) has its minimum 3/4 at the interior point c = 1/2 (grid "
              "check on (0, 1]); the implemented theorem3_apriori_bound (noise-scaled schedule, derived ρ̄, L_κ = 0)'s "
              "c-argmin at "
              "T ∈ {1e16, 1e20} is interior and its fitted T-exponent at c = 1/2 (T ∈ [1e16, 1e22]) is within 0.05 of "
              "3/4; (ii) on the sweep instances the a-priori bound "
              "dominates the measured regret (mean + 3 SE), the pathwise bound, and, with no assumption, the pathwise "
              "OGD term and the burn-in rounds of every run.",
    mutants=[Mutant("monotone-exponent", "exponent (1+c)/2 only (forgets the estimation-error term)",
                    {"reference.adaptive_preferences.scale_bounded.thm3_bounds:theorem3_apriori_exponent":
                     _monotone_exponent}),
             Mutant("no-bias", "a-priori bound without the bias/targeting terms of (A1)",
                    {"reference.adaptive_preferences.scale_bounded.thm3_bounds:theorem3_apriori_bound":
                     _apriori_without_bias})],
)
def theorem3_apriori_bound_dominates_and_interior_optimum(ctx):
    n, k, phi = 5, 2, 0.3
    yield from _exponent_evidence()
    yield from _implemented_bound_evidence(ctx, n, k, phi)
    yield from _sweep_domination(ctx, n, k, phi)
