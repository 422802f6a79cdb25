"""Paper A, arXiv 2302.06014, Appendix C.2 — Lemma 8 (targeting accuracy from score accuracy), certified exactly.

The statement and proof are in ``reference/adaptive_preferences/scale_bounded/lemma8_targeting_accuracy.py``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
import reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores as l6
import reference.adaptive_preferences.scale_bounded.lemma8_targeting_accuracy as l8
from certificates.adaptive_preferences.scale_bounded.exact_instances import (
    covering_mu,
    perturbed_scores,
    random_mu,
    random_scores,
)
from certificates.registry import Evidence, Mutant, certificate
from reference.adaptive_preferences.realizability.sec2_choice import mixture_choice_distribution


def _lemma8_bound_too_small(eps):
    return eps / 2


_ORIG_MENU_DIST = md.menu_dist


def _menu_dist_ignoring_scores(p, scores, k):  # builds the menus as if every score were 1
    return _ORIG_MENU_DIST(p, [Fraction(1)] * len(p) if isinstance(p[0], Fraction) else np.ones(len(p)), k)


@certificate(
    id="lemma8_targeting_error_le_2eps",
    paper="A",
    item="Lemma 8 (targeting accuracy from score accuracy, C.2)",
    statement="If (1−ε) f ≤ f̂ ≤ (1+ε) f and μ = MenuDist(p, f̂) (or any μ realising p under f̂), then the "
              "true choice distribution q satisfies ‖q − p‖₁ ≤ 2ε (exact Fractions).",
    mutants=[Mutant("bound-eps", "claims ‖q − p‖₁ ≤ ε/2",
                    {"reference.adaptive_preferences.scale_bounded.lemma8_targeting_accuracy:"
                     "lemma8_targeting_error_bound": _lemma8_bound_too_small}),
             Mutant("menu-dist-ignores-scores", "MenuDist built with all scores 1 (targets the wrong thing)",
                    {"reference.adaptive_preferences.realizability.lemma1_proof_menu_dist:menu_dist":
                     _menu_dist_ignoring_scores})],
)
def lemma8_targeting_error_le_2eps(ctx):
    tight = 0.0
    for seed, rng in ctx.instances(quick=150, standard=1500, audit=15000, smoke=40):
        n = int(rng.integers(2, 7))
        k = int(rng.integers(1, n + 1))
        eps = Fraction(int(rng.integers(1, 40)), 100)
        f = random_scores(rng, n)
        fh = perturbed_scores(rng, f, eps)
        if rng.integers(0, 2):
            mu = random_mu(rng, n, k)  # any μ; p is whatever it realises under f̂
            route = "random mu"
            p = mixture_choice_distribution(mu, fh, k)
        else:
            mu0 = covering_mu(rng, n, k)
            p = mixture_choice_distribution(mu0, fh, k)  # the target, in IRD under f̂
            mu = md.menu_dist(p, fh, k)  # MenuDist's menus for it
            route = "menu_dist"
        q = l6.lemma6_expected_choice(mu, f)
        l1 = sum(abs(a - b) for a, b in zip(q, p))
        bound = l8.lemma8_targeting_error_bound(eps)
        tight = max(tight, float(l1 / bound))
        yield Evidence(observed=l1, bound=bound, seed=seed,
                       instance={"n": n, "k": k, "eps": eps, "route": route, "true": f, "assumed": fh, "mu": mu})
    ctx.record("tightness_max_l1_over_bound", tight)
