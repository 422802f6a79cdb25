"""Paper A, §3.3 / Appendix B.3 (recon): Algorithm 2's decision sets contain EIRD, and their φ-contraction
is realisable with the estimate.

Certificate ``relaxed_ird_contains_ird_of_log_spread_le`` (reference:
``reference/adaptive_preferences/long_memory/sec3_decision_sets.py``): for true scores f and an
estimate f̂ with log_spread(f̂, f) = σ exactly,

1. containment: every p ∈ IRD(f) — random menu mixtures, LP-boundary points (EIRD_V-style vertices)
   and a box-corollary vertex — has max_i τ_i(p; f̂) ≤ 1 + containment_slack(σ) = e^σ;
2. realisability: with φ = φ_σ, (1 − φ)p + φu_n ∈ IRD(f̂).

``random_ird_point`` and ``perturbed_estimate`` build the instances; the Lemma 6 certificate
(``sec3_targeting_lemma6.py``) uses them too.
"""

from __future__ import annotations

import numpy as np

import reference.adaptive_preferences.long_memory.sec3_decision_sets as ds
import reference.adaptive_preferences.setting.sec2_eird as eird
from certificates.registry import Evidence, Mutant, certificate
from reference.adaptive_preferences.realizability.lemma1_menu_times import menu_times
from reference.adaptive_preferences.realizability.sec2_choice import all_menus, mixture_choice_distribution

__all__ = ["random_ird_point", "perturbed_estimate", "box_corollary_vertex",
           "relaxed_ird_contains_ird_of_log_spread_le"]

_ORIGINAL_PHI = ds.contraction_for_realisability


def _half_phi(sigma, lam, n, k):
    """Broken φ_σ: half the contraction the realisability argument needs."""
    return 0.5 * _ORIGINAL_PHI(sigma, lam, n, k)


def random_ird_point(rng, f, k):
    """A random point of IRD(f): a random menu distribution's induced choice distribution, or an
    EIRD_V-style boundary point (max of a random linear reward over IRD(f), an LP vertex)."""
    n = len(f)
    if rng.random() < 0.5:
        menus = all_menus(n, k)
        w = rng.dirichlet(np.full(len(menus), 0.3))
        return np.asarray(mixture_choice_distribution(list(zip(menus, w)), f), dtype=float)
    _, p = eird.best_in_eird_v(rng.uniform(size=n), [f], k)
    return np.asarray(p, dtype=float)


def perturbed_estimate(rng, f, sigma):
    """f̂ = c·f·e^{e}, e uniform in [0, σ] with both ends hit (log_spread exactly σ), max f̂ = 1."""
    e = rng.uniform(0, sigma, size=len(f))
    e[int(rng.integers(len(f)))] = 0.0
    e[int(rng.integers(len(f)))] = sigma
    f_hat = f * np.exp(e)
    return f_hat / f_hat.max()


def box_corollary_vertex(rng, n, cap):
    """A vertex of the box corollary {p ∈ Δ(n): p ≤ cap}: mass ``cap`` on items in random order
    (returns the point and the mass left over; the point is in the box iff that is ≈ 0)."""
    box, rest = np.zeros(n), 1.0
    for i in rng.permutation(n):
        box[i] = min(cap, rest)
        rest -= box[i]
    return box, rest


@certificate(
    id="relaxed_ird_contains_ird_of_log_spread_le",
    paper="A",
    item="Section 3.3 / B.3: decision sets contain EIRD (recon)",
    statement="If log_spread(f̂, f(v)) ≤ σ then every p ∈ IRD(v) (so every p ∈ EIRD, EIRD_V and the box corollary) "
              "has max_i τ_i(p; f̂) ≤ 1 + containment_slack(σ) = e^σ; and with φ ≥ φ_σ every point of "
              "(1−φ)C(f̂, e^σ−1) + φu_n is in IRD(f̂) (realisable by MenuDist with the estimate).",
    mutants=[Mutant("zero-slack", "decision sets not relaxed (slack 0)",
                    {"reference.adaptive_preferences.long_memory.sec3_decision_sets:containment_slack":
                         lambda sigma: 0.0}),
             Mutant("half-contraction", "φ_σ halved",
                    {"reference.adaptive_preferences.long_memory.sec3_decision_sets:contraction_for_realisability":
                         _half_phi})],
)
def relaxed_ird_contains_ird_of_log_spread_le(ctx):
    for seed, rng in ctx.instances(quick=150, standard=1500, audit=15000, smoke=40):
        n = int(rng.integers(3, 6))
        k = int(rng.integers(2, n))
        lam = float(rng.uniform((k - 1) / (n - 1) + 0.05, 1.0)) if (k - 1) / (n - 1) < 0.9 else 0.97
        f = rng.uniform(lam, 1.0, size=n)
        f[int(rng.integers(n))] = lam
        sigma = float(rng.choice([0.01, 0.05, 0.2, 0.5]))
        f_hat = perturbed_estimate(rng, f, sigma)
        # (1) containment: IRD(f) ⊆ C(f̂, s(σ)), checked on random and LP-boundary points and the box corner
        p = random_ird_point(rng, f, k)
        tau_hat = float(np.max(menu_times(p, f_hat, k)))
        yield Evidence(observed=tau_hat, bound=1 + ds.containment_slack(sigma) + 1e-9, seed=seed,
                       instance={"part": "containment", "n": n, "k": k, "f": f, "f_hat": f_hat, "sigma": sigma, "p": p})
        box, rest = box_corollary_vertex(rng, n, float(eird.eird_box_cap(lam, k)))
        if rest <= 1e-12:
            yield Evidence(observed=float(np.max(menu_times(box, f_hat, k))),
                           bound=1 + ds.containment_slack(sigma) + 1e-9, seed=seed,
                           instance={"part": "box corollary", "n": n, "k": k, "lam": lam, "sigma": sigma})
        # (2) realisability after the φ-contraction: a relaxed-set boundary point, contracted
        phi = ds.contraction_for_realisability(sigma, lam, n, k)
        if phi < 1:
            x = random_ird_point(rng, f, k)  # in C(f̂, e^σ − 1) by (1)
            y = (1 - phi) * x + phi * np.full(n, 1.0 / n)
            yield Evidence(observed=float(np.max(menu_times(y, f_hat, k))), bound=1 + 1e-9, seed=seed,
                           instance={"part": "contraction", "n": n, "k": k, "lam": lam, "sigma": sigma, "phi": phi})
