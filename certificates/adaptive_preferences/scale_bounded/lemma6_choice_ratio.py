"""Paper A, arXiv 2302.06014, Appendix B.3 — Lemma 6 (choice under assumed scores), certified exactly.

The statement and proofs are in ``reference/adaptive_preferences/scale_bounded/lemma6_choice_under_assumed_scores.py``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores as l6
from certificates.adaptive_preferences.scale_bounded.exact_instances import random_mu, random_scores
from certificates.registry import Evidence, Mutant, certificate
from reference.adaptive_preferences.realizability.sec2_choice import mixture_choice_distribution

_ORIG_L6_RATIO = l6.lemma6_ratio_interval


def _ratio_without_square(fh, f):  # claims r-range only: q_i/p_i ∈ [sqrt(a/b), sqrt(b/a)] (too tight)
    lo, hi = _ORIG_L6_RATIO(fh, f)
    return Fraction(math.sqrt(lo)).limit_denominator(10**6), Fraction(math.sqrt(hi)).limit_denominator(10**6)


def _expected_choice_with_assumed_totals(mu, f):  # forgets to renormalise by the true F_K
    out = [Fraction(0)] * len(f)
    for menu, w in mu:
        for i in menu:
            out[i] += w * f[i] / len(menu)
    return out


@certificate(
    id="lemma6_choice_ratio_within_score_ratio",
    paper="A",
    item="Lemma 6 (expected choice under assumed scores, B.3)",
    statement="If μ realises p under assumed scores f̂ and r = f/f̂ ∈ [a, b], the true expected choice "
              "q = Σ μ_K q(K; f) satisfies q_i = p_i r_i κ_i exactly and a/b ≤ q_i/p_i ≤ b/a (exact Fractions); "
              "hence ‖q − p‖₁ ≤ 2(ρ − 1)/(ρ + 1), ρ = b/a (sharp).",
    mutants=[Mutant("sqrt-interval", "claims the interval [√(a/b), √(b/a)] (only the r-factor, no κ)",
                    {"reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores:"
                     "lemma6_ratio_interval": _ratio_without_square}),
             Mutant("no-true-normaliser", "expected choice without the true menu total F_K",
                    {"reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores:"
                     "lemma6_expected_choice": _expected_choice_with_assumed_totals})],
)
def lemma6_choice_ratio_within_score_ratio(ctx):
    worst_tight = 0.0
    for seed, rng in ctx.instances(quick=200, standard=2000, audit=20000, smoke=25):
        n = int(rng.integers(2, 7))
        k = int(rng.integers(1, n + 1))
        mu = random_mu(rng, n, k)
        fh = random_scores(rng, n)
        f = random_scores(rng, n)
        p = mixture_choice_distribution(mu, fh, k)
        q = l6.lemma6_expected_choice(mu, f)
        r, kappa = l6.lemma6_factors(mu, fh, f)
        lo, hi = l6.lemma6_ratio_interval(fh, f)
        # (i) the exact factorisation q_i = p_i r_i κ_i
        ident = max(abs(q[i] - (p[i] * r[i] * kappa[i] if kappa[i] is not None else 0)) for i in range(n))
        # (ii) the ratio interval on the support; (iii) the l1 bound
        excess = max([max(lo - q[i] / p[i], q[i] / p[i] - hi) for i in range(n) if p[i] > 0])
        l1 = sum(abs(a - b) for a, b in zip(q, p))
        l1_bound = l6.lemma6_l1_bound(fh, f)
        if l1_bound > 0:
            worst_tight = max(worst_tight, float(l1 / l1_bound))
        inst = {"n": n, "k": k, "mu": mu, "assumed": fh, "true": f}
        yield Evidence(observed=ident, bound=Fraction(0), seed=seed, instance=inst, note="q = p r κ")
        yield Evidence(observed=max(excess, Fraction(0)) if excess <= 0 else excess, bound=Fraction(0),
                       seed=seed, instance=inst, note="a/b ≤ q_i/p_i ≤ b/a")
        yield Evidence(observed=l1, bound=l1_bound, seed=seed, instance=inst, note="‖q − p‖₁ ≤ 2(ρ−1)/(ρ+1)")
    ctx.record("l1_tightness_max", worst_tight)
