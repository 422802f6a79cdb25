"""Lemma 8 (paper A, arXiv 2302.06014, Appendix C.2): targeting accuracy from score accuracy.

The surviving text says that accurate score estimates give accurate targeting; the constant is lost.
Our statement [recon] with a derived constant [derived]:

Main statements
---------------
* ``lemma8_targeting_error_bound(ε)`` — if (1 − ε) f_i ≤ f̂_i ≤ (1 + ε) f_i for all i and μ realises p
  under f̂ (e.g. μ = MenuDist(p, f̂)), then the true choice distribution q = Σ_K μ_K q(K; f) satisfies
  ‖q − p‖₁ ≤ 2ε.
* ``multiplicative_accuracy(f̂, f)`` — max_i |f̂_i/f_i − 1|, the ε for which the hypothesis holds.

Proof: r_i = f_i/f̂_i ∈ [1/(1 + ε), 1/(1 − ε)], so ρ = max r/min r ≤ (1 + ε)/(1 − ε); Lemma 6's ℓ1 form
2(ρ − 1)/(ρ + 1) (``lemma6_l1_bound``) increases in ρ and equals 2ε at ρ = (1 + ε)/(1 − ε).

Certified: ``lemma8_targeting_error_le_2eps``
(``certificates/adaptive_preferences/scale_bounded/lemma8_targeting.py``), exact Fractions.

Notation
--------
==========  =============================  ==============================================
paper       code                           meaning
==========  =============================  ==============================================
ε           ``eps``                        multiplicative accuracy of f̂
f̂, f        ``estimate``, ``true_scores``  assumed and true scores
==========  =============================  ==============================================

Implementation notes
--------------------
Exact for a Fraction ε and rational scores; ``multiplicative_accuracy`` does not rescale f̂ (Lemma 6 itself is
scale-free: ``score_spread``).

References: paper A, arXiv 2302.06014, Appendix C.2 (Lemma 8).
"""

from __future__ import annotations

from reference._numerics import check_positive_vector, check_real
from reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores import check_score_pair

__all__ = ["lemma8_targeting_error_bound", "multiplicative_accuracy"]


def lemma8_targeting_error_bound(eps):
    """2ε: the ℓ1 targeting error when every estimate is within a factor (1 ± ε) [recon, constant derived].

    (1−ε) f_i ≤ f̂_i ≤ (1+ε) f_i ∀i and μ realises p under f̂ ⇒ ‖Σ μ_K q(K; f) − p‖₁ ≤ 2ε (proof in the
    module header). Exact for a Fraction ε.
    """
    eps = check_real("lemma8_targeting_error_bound", "eps", eps, low=0, high=1, high_open=True)
    return 2 * eps


def multiplicative_accuracy(estimate, true_scores):
    """max_i |f̂_i/f_i − 1|: the ε for which Lemma 8's hypothesis holds (no rescaling)."""
    est = check_positive_vector("multiplicative_accuracy", estimate, arg="estimate")
    check_positive_vector("multiplicative_accuracy", true_scores, arg="true_scores", n=len(est), n_from="estimate")
    fh, f, _ = check_score_pair("multiplicative_accuracy", estimate, true_scores)
    return max(abs(a / b - 1) for a, b in zip(fh, f))
