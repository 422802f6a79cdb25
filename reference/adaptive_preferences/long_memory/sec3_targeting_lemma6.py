"""Targeting DBG's distribution with MenuDist (paper A, §3.3) and its error (Appendix B.3, Lemma 6) [recon + derived].

Paper A (arXiv 2302.06014, §3.3) turns the bandit learner's distribution x_t into menus with
MenuDist computed from the *estimated* scores f̂; Appendix B.3, Lemma 6 bounds how far the choice
distribution the agent then produces under its *true* scores can be from x_t. The surviving text
lost Lemma 6's formula; the multiplicative form below is ours (a second derivation, ``lemma6_l1_bound``
of ``reference.adaptive_preferences.scale_bounded``, is compared with it in ``tests/test_lemma6_two_routes.py``).

Main statements
---------------
* ``pull_into_ird(x, f_hat, k)`` [ours] — the fallback outside the good event (and the only
  targeting step when φ < φ_σ): the least β-mix x' = β x + (1 − β) π̂ toward π̂ = f̂/Σf̂
  (τ(π̂; f̂) = k/n ≤ 1) with x' ∈ IRD(f̂). Exact: g_i(p) = k p_i/f̂_i − Σ_j p_j/f̂_j is linear, so
      1 − β = max_i g_i(x)⁺ / (g_i(x)⁺ − g_i(π̂)).
* ``targeting_menu_distribution(x, f_hat, k)`` — DBG's x_t → the menus shown: (μ, x', pull) with
  x' = pull_into_ird(x, f̂) and μ = MenuDist(x', f̂, k) (Lemma 1).
* ``induced_choice_distribution(μ, f)`` — p = Σ_K μ_K q(K; f), computed exactly from the true scores.
* ``targeting_error_bound(σ)`` — **Lemma 6** [derived, our multiplicative form]: if μ realises x'
  under f̂ and log_spread(f̂, f) ≤ σ, the induced p under the true f satisfies
      p_i / x'_i ∈ [e^{−σ}, e^{σ}]   and   ‖p − x'‖₁ ≤ δ(σ) = min(e^{σ} − 1, 2(1 − e^{−σ})).

Proof of Lemma 6. Per menu K, with a'_i = f_i/f̂_i,
    q_i(K; f) / q_i(K; f̂) = a'_i / (Σ_{j∈K} a'_j f̂_j / F̂_K),      F̂_K = Σ_{j∈K} f̂_j,
a ratio of a'_i to a weighted mean of a' over K, hence in [e^{−σ}, e^{σ}]; averaging over μ keeps
p_i/x'_i in the same interval (x'_i = Σ_K μ_K q_i(K; f̂)). Then |p_i − x'_i| ≤ (e^{σ} − 1) x'_i, so
‖p − x'‖₁ ≤ e^{σ} − 1; and since Σ p = Σ x' the ℓ1 distance is twice the negative part,
Σ_i (x'_i − p_i)⁺ ≤ (1 − e^{−σ}) Σ x'_i = 1 − e^{−σ}.                                             ∎

Certified in ``certificates/adaptive_preferences/long_memory/sec3_targeting_lemma6.py``
(``targeting_error_le_delta_of_log_spread``) and at run time inside Algorithm 2
(``algorithm2_regret_le_theorem2_bound_with_invariants``, invariant "targeting").
Findings: docs/findings.md, "Lemma 6: rounding noise in the ratio check".

Notation
--------
============  ===========================  =============================================
paper/ours    code                         meaning
============  ===========================  =============================================
x_t           ``x``                        DBG's distribution
x'_t          ``target``                   point handed to MenuDist (x_t on the good event)
π̂            ``pi``                       f̂/Σf̂ (menu times all k/n)
1 − β         ``pull``                     weight moved toward π̂
μ             ``mu``                       menu distribution MenuDist(x', f̂)
σ             ``sigma``                    log_spread(f̂, f)
δ(σ)          ``targeting_error_bound``    ‖induced − target‖₁ bound
============  ===========================  =============================================

Implementation notes
--------------------
``targeting_menu_distribution`` calls ``pull_into_ird`` and ``md.menu_dist`` through module
attributes so that certificate mutants can replace them. ``pull_into_ird`` inflates the exact
pull by a relative 1e-9 plus ``margin`` so that x' lands strictly inside IRD(f̂) in floating point.

References
----------
Paper A: Agarwal & Brown, arXiv 2302.06014, §3.3 ("Targeting EIRD"), Appendix B.3 Lemma 6;
Lemma 1 (MenuDist).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
from reference._numerics import check_k, check_positive_vector, check_probability_vector, check_real, speaks_as
from reference.adaptive_preferences.realizability.sec2_choice import mixture_choice_distribution
from reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores import (
    check_menu_distribution_pairs,
)

__all__ = [
    "pull_into_ird",
    "targeting_menu_distribution",
    "induced_choice_distribution",
    "targeting_error_bound",
]


def pull_into_ird(x, f_hat, k: int, *, margin: float = 1e-12):
    """(x', 1 − β): the least mix x' = β x + (1−β) π̂, π̂ = f̂/Σf̂, with max τ(x'; f̂) ≤ 1 − margin·[pulled].

    1 − β = 0 when x ∈ IRD(f̂) already. Exact formula from the linearity of g_i (module doc).
    """
    fn = "pull_into_ird"
    f = np.asarray(check_positive_vector(fn, f_hat, arg="f_hat"), dtype=float)
    x = np.asarray(check_probability_vector(fn, x, arg="x", n=len(f), n_from="f_hat"), dtype=float)
    n = len(f)
    k = check_k(fn, k, n)
    a = 1.0 / f
    gx = k * x * a - x @ a  # g_i(x) = (τ_i − 1) Σ x_j a_j
    if gx.max() <= 0:
        return x.copy(), 0.0
    pi = f / f.sum()
    g_pi = k * pi * a - pi @ a  # = (k − n)/Σf̂ for every i
    pos = gx > 0
    denom = gx[pos] - g_pi[pos]
    if np.any(denom <= 0):  # k = n: only π̂ is realisable
        return pi, 1.0
    pull = float(np.max(gx[pos] / denom))
    pull = min(1.0, pull * (1 + 1e-9) + margin)
    return (1 - pull) * x + pull * pi, pull


@speaks_as("targeting_menu_distribution")
def targeting_menu_distribution(x, f_hat, k: int):
    """DBG's x_t → (μ, x', pull): x' = pull_into_ird(x, f̂) and μ = MenuDist(x', f̂, k)."""
    target, pull = pull_into_ird(x, f_hat, k)
    mu = md.menu_dist(target, np.asarray(f_hat, dtype=float), k)
    return mu, target, pull


@speaks_as("induced_choice_distribution")
def induced_choice_distribution(menu_distribution, true_scores) -> np.ndarray:
    """Σ_K μ_K q(K; f(v_t)) computed exactly from the TRUE scores (audits and certificates)."""
    f = check_positive_vector("induced_choice_distribution", true_scores, arg="true_scores")
    check_menu_distribution_pairs("induced_choice_distribution", menu_distribution, len(f), False)
    return np.asarray(mixture_choice_distribution(menu_distribution, f), dtype=float)


def targeting_error_bound(sigma) -> float:
    """Lemma 6: δ(σ) = min(e^{σ} − 1, 2(1 − e^{−σ})) bounds ‖induced − x'‖₁ when log_spread(f̂, f) ≤ σ."""
    if isinstance(sigma, numbers.Real) and not isinstance(sigma, bool) and sigma == math.inf:
        return 2.0
    check_real("targeting_error_bound", "sigma", sigma, low=0, what="(sigma = inf is also accepted: δ = 2)")
    if sigma > 1:  # e^σ − 1 > 1.7 ≥ 2(1 − e^{−σ}) there: the min is the second term (and expm1 may overflow)
        return float(-2 * math.expm1(-sigma))
    return float(min(math.expm1(sigma), -2 * math.expm1(-sigma)))
