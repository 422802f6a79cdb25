"""Scale-bounded models (paper A §4, Appendix C): Lemmas 6–8, burn-in, Algorithm 3 and Theorem 3.

Modules:
* ``alg3_scale_bounded_ogd``
"""

from reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd import (
    BurnIn,
    ScaleBoundedOGD,
    lemma6_expected_choice,
    lemma7_estimate,
    lemma8_targeting_error_bound,
    theorem3_apriori_bound,
    theorem3_regret_bound,
)

__all__ = [
    "BurnIn",
    "ScaleBoundedOGD",
    "lemma6_expected_choice",
    "lemma7_estimate",
    "lemma8_targeting_error_bound",
    "theorem3_apriori_bound",
    "theorem3_regret_bound",
]
