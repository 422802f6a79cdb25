"""Paper A, §3.3 targeting and Appendix B.3 Lemma 6 (our multiplicative form): the choice distribution
MenuDist induces under the true scores is within δ(σ) of its target.

Certificate ``targeting_error_le_delta_of_log_spread`` (reference:
``reference/adaptive_preferences/long_memory/sec3_targeting_lemma6.py``): for a random point x of
IRD(f̂), (μ, x', pull) = targeting_menu_distribution(x, f̂, k) and p = Σ_K μ_K q(K; f) computed
exactly from the true scores,

    ‖p − x'‖₁ + ‖x' − x‖₁ ≤ δ(σ) = min(e^σ − 1, 2(1 − e^{−σ}))   and   |log(p_i/x'_i)| ≤ σ,

σ = log_spread(f̂, f) (the pull is 0 here, x being realisable under f̂).
"""

from __future__ import annotations

import numpy as np

import reference.adaptive_preferences.long_memory.sec3_score_learning as sl
import reference.adaptive_preferences.long_memory.sec3_targeting_lemma6 as tl
from certificates.adaptive_preferences.long_memory.sec3_decision_sets import perturbed_estimate, random_ird_point
from certificates.registry import Evidence, Mutant, certificate
from reference.adaptive_preferences.realizability.sec2_choice import all_menus


def _bound_sigma_over_4(sigma):
    """Broken Lemma 6: δ(σ) = σ/4."""
    return sigma / 4


def _uniform_menus(x, f_hat, k):
    """Broken targeting: the uniform distribution over menus instead of MenuDist."""
    menus = all_menus(len(x), k)
    return [(m, 1.0 / len(menus)) for m in menus], np.asarray(x, dtype=float), 0.0


@certificate(
    id="targeting_error_le_delta_of_log_spread",
    paper="A",
    item="Section 3.3 / B.3 Lemma 6 (recon): targeting",
    statement="For x ∈ IRD(f̂) and μ = MenuDist(x', f̂), the choice distribution induced under the true f (computed "
              "exactly, mixture_choice_distribution) satisfies ‖p − x‖₁ ≤ δ(σ) = min(e^σ − 1, 2(1 − e^{−σ})) and "
              "p_i/x_i ∈ [e^{−σ}, e^σ], σ = log_spread(f̂, f).",
    mutants=[Mutant("delta-too-small", "δ(σ) = σ/4",
                    {"reference.adaptive_preferences.long_memory.sec3_targeting_lemma6:targeting_error_bound":
                         _bound_sigma_over_4}),
             Mutant("uniform-menus", "MenuDist replaced by the uniform distribution over menus",
                    {"reference.adaptive_preferences.long_memory.sec3_targeting_lemma6:targeting_menu_distribution":
                         _uniform_menus})],
)
def targeting_error_le_delta_of_log_spread(ctx):
    for seed, rng in ctx.instances(quick=200, standard=2000, audit=20000, smoke=40):
        n = int(rng.integers(2, 7))
        k = int(rng.integers(1, n + 1))
        lam = float(rng.uniform(0.2, 1.0))
        f = rng.uniform(lam, 1.0, size=n)
        sigma = float(rng.choice([0.0, 0.01, 0.1, 0.5, 1.5]))
        f_hat = perturbed_estimate(rng, f, sigma) if sigma > 0 else f / f.max()
        x = random_ird_point(rng, f_hat, k)
        mu, target, pull = tl.targeting_menu_distribution(x, f_hat, k)
        p = tl.induced_choice_distribution(mu, f)
        spread = 0.0 if sigma == 0 else sl.log_spread(f_hat, f)
        err = float(np.abs(p - target).sum()) + float(np.abs(target - x).sum())
        yield Evidence(observed=err, bound=tl.targeting_error_bound(spread) + 1e-9, seed=seed,
                       instance={"n": n, "k": k, "sigma": spread, "f": f, "f_hat": f_hat, "x": x, "pull": pull})
        mask = target > 1e-6  # the ratio of tiny float entries is rounding noise
        ratio = np.abs(np.log(p[mask] / target[mask])).max() if mask.any() else 0.0
        yield Evidence(observed=float(ratio), bound=spread + 1e-7, seed=seed,
                       instance={"part": "ratio", "n": n, "k": k, "sigma": spread})
