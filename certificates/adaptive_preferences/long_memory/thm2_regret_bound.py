"""Paper A, §3.3 Theorem 2 (our reconstructed bound): its exponent is 1 − c/4.

Certificate ``theorem2_bound_exponent_eq_one_minus_c_over_4`` (reference:
``reference/adaptive_preferences/long_memory/thm2_regret_bound.py``): with ``theory_parameters``
(n = 3, k = 2, λ = 0.9, L = 0.1, γ = 1 − T^{−c}), the bound is valid and below T at every T used,
and the log-log slope of the bound in T is within 0.05 of ``rate_exponent(c)`` = 1 − c/4 for
c ∈ {1, 1/2, 1/4}. The T grids start where the bound is non-vacuous.
Findings: docs/findings.md, "Theorem 2: size of the constants".
"""

from __future__ import annotations

import math

import reference.adaptive_preferences.long_memory.thm2_regret_bound as t2
from certificates.registry import Evidence, Mutant, certificate
from certificates.stats import loglog_slope


def _phases_every_query(gamma, initial_weight, T, burn_in, query_len, drift_threshold):
    """Broken N: a phase after every query (the drift threshold ignored)."""
    return math.ceil((T - burn_in) / max(query_len, 1))


@certificate(
    id="theorem2_bound_exponent_eq_one_minus_c_over_4",
    paper="A",
    item="Theorem 2 (recon): rate",
    statement="With theory_parameters, log(theorem2_regret_bound) vs log T (T where the bound is non-vacuous, "
              "γ = 1 − T^{−c}) has slope within 0.05 of rate_exponent(c) = 1 − c/4 for c ∈ {1/4, 1/2, 1}; the bound "
              "is valid (< T) at every T used.",
    mutants=[Mutant("wrong-rate", "rate claimed as 1 − c/2",
                    {"reference.adaptive_preferences.long_memory.thm2_regret_bound:rate_exponent":
                         lambda c: 1 - min(c, 1) / 2}),
             Mutant("phases-every-query", "N counted as if a phase followed every query (drift threshold ignored)",
                    {"reference.adaptive_preferences.long_memory.thm2_regret_bound:max_phases": _phases_every_query})],
)
def theorem2_bound_exponent_eq_one_minus_c_over_4(ctx):
    n, k, lam, L = 3, 2, 0.9, 0.1
    grids = {1.0: [12, 18, 24], 0.5: [18, 24, 30], 0.25: [36, 48, 60]}
    if ctx.profile == "smoke":
        grids = {1.0: [12, 18], 0.5: [24, 30]}
    grid = ctx.choose(smoke=4, quick=5, audit=7)
    table = {}
    for c, exps in grids.items():
        Ts = [10**e for e in exps]
        totals = []
        for T in Ts:
            t2.max_phases_cached.cache_clear()  # a mutant may have replaced max_phases
            _, b = t2.theory_parameters(n, k, lam, L, t2.gamma_for_exponent(T, c), T, grid=grid)
            totals.append(b.total)
            yield Evidence(observed=b.total / T, bound=1.0 if b.valid else 0.0, seed=None,
                           instance={"c": c, "T": f"1e{int(round(math.log10(T)))}", "valid": b.valid,
                                     "reason": b.reason, "terms": {key: v / T for key, v in b.terms.items()}})
        slope = loglog_slope(Ts, totals)["slope"]
        rate = t2.rate_exponent(c)
        table[str(c)] = {"slope": slope, "rate": rate, "bound/T": [tot / T for tot, T in zip(totals, Ts)]}
        yield Evidence(observed=abs(slope - rate), bound=0.05, seed=None,
                       instance={"c": c, "slope": slope, "rate_exponent": rate, "T": [f"1e{e}" for e in exps]})
    ctx.record("bound exponents (theory parameters)", table)
