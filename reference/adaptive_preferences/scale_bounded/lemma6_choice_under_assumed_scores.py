"""Lemma 6 (paper A, arXiv 2302.06014, Appendix B.3; recalled in Appendix C.2): choice under assumed scores.

A menu distribution μ is built for *assumed* scores f̂ (it realises p = Σ_K μ_K q(K; f̂)); the agent
chooses with its *true* scores f. Lemma 6 says how far the induced choice distribution q is from p.
The surviving text keeps the lemma's role, not its formula: the statement below is our reconstruction
[recon], its constants and proofs are ours [derived].

Main statements
---------------
* ``lemma6_expected_choice(μ, f)`` [recon] — q = Σ_K μ_K q(K; f), what μ induces under the true scores
  (the mixture of §2.1: ``realizability.sec2_choice.mixture_choice_distribution``, one implementation).
* ``lemma6_factors(μ, f̂, f)`` [derived] — the exact factorisation q_i = p_i · r_i · κ_i with
  r_i = f_i/f̂_i and κ_i = (Σ_{K∋i} μ_K/F_K)/(Σ_{K∋i} μ_K/F̂_K) ∈ [1/b, 1/a].
* ``lemma6_ratio_interval(f̂, f)`` [recon] — with a = min r, b = max r:  a/b ≤ q_i/p_i ≤ b/a.
* ``lemma6_l1_bound(f̂, f)`` [derived] — ‖q − p‖₁ ≤ 2(ρ − 1)/(ρ + 1), ρ = b/a, the best bound given only
  the ratio interval (``long_memory.alg2_eird_targeting.targeting_error_bound`` is the same lemma derived
  independently; ``tests/test_lemma6_two_routes.py`` relates the two).
* ``score_spread(f̂, f)`` — ρ = b/a, the scale-free accuracy Lemma 6 needs (floats, used at run time).

Certified: ``lemma6_choice_ratio_within_score_ratio``
(``certificates/adaptive_preferences/scale_bounded/lemma6_choice_ratio.py``), exact Fractions.
Findings: docs/findings.md, "Lemma 6: the single-normaliser form".

Notation
--------
==========  =============================  ==============================================
paper       code                           meaning
==========  =============================  ==============================================
f̂           ``assumed_scores``             scores the recommender assumes / estimated
f           ``true_scores``                the agent's scores at the current memory
μ           ``menu_distribution``          list of (menu, weight), realises p under f̂
p           ``p``                          targeted choice distribution
q           ``lemma6_expected_choice``     choice distribution actually induced under f
F_K, F̂_K    (menu score)                   Σ_{j∈K} f_j,  Σ_{j∈K} f̂_j
r, κ        ``lemma6_factors``             f/f̂ and the menu-mixing factor
ρ           ``score_spread``               max_i r_i / min_i r_i
==========  =============================  ==============================================

Implementation notes
--------------------
Exact mode (every vector rational, μ's weights Fractions) computes in Fractions, so the certificate
checks the identities with no tolerance. ``check_score_pair`` and ``check_menu_distribution_pairs`` are
the argument checks Lemmas 6 and 7 share.

References: paper A, arXiv 2302.06014, Appendix B.3 (Lemma 6) and Appendix C.2 (its use in Lemma 7).
"""

from __future__ import annotations

import math
from fractions import Fraction

import reference.adaptive_preferences.realizability.sec2_choice as sc
from reference._numerics import (
    check_integer,
    check_menu,
    check_positive_vector,
    check_real,
    errors_as,
    exact_mode,
    is_rational_vector,
)

__all__ = [
    "check_score_pair",
    "check_menu_distribution_pairs",
    "menu_weights",
    "lemma6_expected_choice",
    "lemma6_factors",
    "lemma6_ratio_interval",
    "lemma6_l1_bound",
    "score_spread",
]


# ------------------------------------------------------------------------------------------------
# argument checks shared by Lemmas 6 and 7
# ------------------------------------------------------------------------------------------------
def menu_weights(menu_distribution) -> list:
    """The weights of a list of (menu, weight) pairs ([] when it is not one: the validator then says why)."""
    try:
        return [e[1] for e in menu_distribution]
    except (TypeError, IndexError):
        return []


def check_score_pair(fn: str, assumed_scores, true_scores, weights=()):
    """Validate (f̂, f): positive vectors of one length n; returns (f̂, f, exact).

    Exact mode when both vectors and the given ``weights`` are rational.
    """
    exact = exact_mode(assumed_scores, true_scores) and (not weights or is_rational_vector(list(weights)))
    fh = check_positive_vector(fn, assumed_scores, arg="assumed_scores", exact=exact)
    f = check_positive_vector(fn, true_scores, arg="true_scores", n=len(fh), exact=exact, n_from="assumed_scores")
    return fh, f, exact


def check_menu_distribution_pairs(fn: str, menu_distribution, n: int, exact: bool):
    """Validate μ: a non-empty list of (menu, weight) with menus of one size k; returns (pairs, k)."""
    bad = ValueError(f"{fn}: menu_distribution must be a non-empty list of (menu, weight) pairs; "
                     f"got {menu_distribution!r:.80}.")
    if isinstance(menu_distribution, (str, bytes, dict)) or not hasattr(menu_distribution, "__iter__"):
        raise bad
    pairs = list(menu_distribution)
    if not pairs or not all(isinstance(e, (tuple, list)) and len(e) == 2 for e in pairs):
        raise bad
    n = check_integer(fn, "n", n)
    menus = [check_menu(fn, menu, n, arg="menu_distribution") for menu, _ in pairs]
    k = len(menus[0])
    if any(len(m) != k for m in menus):
        raise ValueError(f"{fn}: menu_distribution must list menus of one size k; got sizes "
                         f"{sorted({len(m) for m in menus})}.")
    for _, w in pairs:
        check_real(fn, "menu_distribution weight", w, low=0)
    checked = sc.check_menu_distribution(fn, [(m, w) for m, (_, w) in zip(menus, pairs)], n, k, exact=bool(exact))
    return checked, k


# ------------------------------------------------------------------------------------------------
# Lemma 6
# ------------------------------------------------------------------------------------------------
def lemma6_expected_choice(menu_distribution, true_scores):
    """q_i = Σ_K μ_K f_i / F_K: what μ (built for assumed scores) induces under the true scores f [recon].

    Lemma 6 is about this vector: if μ realises p under f̂, then q_i = p_i r_i κ_i (``lemma6_factors``)
    and a/b ≤ q_i/p_i ≤ b/a (``lemma6_ratio_interval``). It is §2.1's mixture Σ_K μ_K q(K; f), computed by
    ``mixture_choice_distribution`` (its errors are worded as this function's). Exact in exact mode.
    """
    fn = "lemma6_expected_choice"
    exact = exact_mode(true_scores)
    f = check_positive_vector(fn, true_scores, arg="true_scores", exact=exact)
    exact = exact and is_rational_vector(menu_weights(menu_distribution))
    check_menu_distribution_pairs(fn, menu_distribution, len(f), exact)
    with errors_as("lemma6_expected_choice"):
        return sc.mixture_choice_distribution(menu_distribution, true_scores)


def lemma6_factors(menu_distribution, assumed_scores, true_scores):
    """(r, κ): r_i = f_i/f̂_i and κ_i = (Σ_{K∋i} μ_K/F_K) / (Σ_{K∋i} μ_K/F̂_K) (κ_i = None off supp) [derived].

    Identity (Lemma 6, exact form): with p = Σ μ_K q(K; f̂) and q = Σ μ_K q(K; f),
        p_i = f̂_i Σ_{K∋i} μ_K/F̂_K,   q_i = f_i Σ_{K∋i} μ_K/F_K,   so   q_i = p_i · r_i · κ_i.
    Since F_K = Σ_{j∈K} r_j f̂_j ∈ [a F̂_K, b F̂_K] (a = min r, b = max r), κ_i ∈ [1/b, 1/a].
    """
    fn = "lemma6_factors"
    fh, f, exact = check_score_pair(fn, assumed_scores, true_scores, menu_weights(menu_distribution))
    pairs, _ = check_menu_distribution_pairs(fn, menu_distribution, len(f), exact)
    zero = Fraction(0) if exact else 0.0
    num = [zero] * len(f)  # Σ_{K∋i} μ_K / F_K
    den = [zero] * len(f)  # Σ_{K∋i} μ_K / F̂_K
    for menu, w in pairs:
        F = sum(f[j] for j in menu)  # F_K, true scores
        Fh = sum(fh[j] for j in menu)  # F̂_K, assumed scores
        for i in menu:
            num[i] += w / F
            den[i] += w / Fh
    r = [fi / fhi for fi, fhi in zip(f, fh)]
    kappa = [(a / b if b > 0 else None) for a, b in zip(num, den)]
    return r, kappa


def lemma6_ratio_interval(assumed_scores, true_scores):
    """(a/b, b/a) with a = min_i f_i/f̂_i, b = max_i f_i/f̂_i: Lemma 6's bounds on q_i/p_i [recon].

    Proof: q_i/p_i = r_i κ_i with r_i ∈ [a, b] and κ_i ∈ [1/b, 1/a] (``lemma6_factors``).
    """
    fh, f, _ = check_score_pair("lemma6_ratio_interval", assumed_scores, true_scores)
    r = [fi / fhi for fi, fhi in zip(f, fh)]
    a, b = min(r), max(r)
    return _finite_ratio("lemma6_ratio_interval", a, b)


def _finite_ratio(fn: str, a, b, den: str = "assumed_scores"):
    """(a/b, b/a) for the extreme ratios a ≤ b of f/f̂; an error when floats cannot hold them."""
    if not isinstance(a, Fraction) and not (0 < a and math.isfinite(b) and math.isfinite(b / a)):
        raise ValueError(f"{fn}: the score ratios true_scores/{den} span [{a}, {b}], beyond float64 "
                         f"range; pass the scores as Fractions for an exact answer.")
    return a / b, b / a


def lemma6_l1_bound(assumed_scores, true_scores):
    """2(ρ − 1)/(ρ + 1) ≥ ‖q − p‖₁ with ρ = b/a (Lemma 6, ℓ1 form) [derived].

    Proof: both sum to 1, so ‖q − p‖₁ = 2 Σ_i (q_i − p_i)^+ = 2 Σ_i (p_i − q_i)^+. With
    A = Σ_{i: q_i > p_i} p_i and q_i/p_i ∈ [1/ρ, ρ]: the first form is ≤ 2(ρ − 1)A, the second
    ≤ 2(1 − 1/ρ)(1 − A); the smaller of the two is largest at A = 1/(1 + ρ), where both equal
    2(ρ − 1)/(ρ + 1). This step is sharp (q_i = ρ p_i on p-mass 1/(1+ρ), q_i = p_i/ρ elsewhere);
    whether a menu structure attains it is not claimed (the certificate records the tightness).
    (The cruder 2(1 − 1/ρ) and ρ − 1 are both ≥ it; ``targeting_error_bound`` uses their min.)
    """
    with errors_as("lemma6_l1_bound"):
        _, rho = lemma6_ratio_interval(assumed_scores, true_scores)
    return 2 * (rho - 1) / (rho + 1)


def score_spread(estimate, true_scores) -> float:
    """ρ = max_i (f_i/f̂_i) / min_i (f_i/f̂_i) ≥ 1: the scale-free accuracy Lemma 6 needs (b/a), in floats."""
    fn = "score_spread"
    fh = check_positive_vector(fn, estimate, arg="estimate")
    r = check_positive_vector(fn, true_scores, arg="true_scores", n=len(fh), n_from="estimate") / fh
    return float(_finite_ratio(fn, float(r.min()), float(r.max()), den="estimate")[1])
