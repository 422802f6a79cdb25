"""Scale-bounded models (paper A §4, Appendix C): Lemmas 6–8, burn-in, Algorithm 3 and Theorem 3.

Modules (one paper item each):
* ``lemma6_choice_under_assumed_scores`` — Lemma 6 (Appendix B.3): choice under assumed scores
* ``lemma7_score_estimator`` — Lemma 7 (Appendix C.2): the score estimator and its expectations
* ``lemma7_luce_mle`` — Lemma 7 renormalised (ours): Luce maximum likelihood of the factors, spread bounds
* ``lemma8_targeting_accuracy`` — Lemma 8 (Appendix C.2): targeting accuracy from score accuracy
* ``burn_in`` — Algorithm 3's burn-in and its deterministic invariant
* ``alg3_schedule`` — ``Algorithm3Schedule``, Algorithm 3's parameters
* ``alg3_scale_bounded_ogd`` — Algorithm 3 (``ScaleBoundedOGD``)
* ``alg3_invariants`` — Appendix C.2's invariants 1–6 (the observer), invariant 5's threshold
* ``thm3_schedules`` — Theorem 3's four schedules (fixed, invariant, moving, reuse)
* ``thm3_bounds`` — Theorem 3's pathwise and a-priori bounds, exponents (sympy)
"""

from reference.adaptive_preferences.scale_bounded.alg3_invariants import (
    INVARIANT_NAMES,
    Algorithm3Invariants,
    invariant5_apriori_threshold,
    invariant5_threshold,
)
from reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd import (
    BuiltMenus,
    ScaleBoundedOGD,
    stale_menu_spread,
)
from reference.adaptive_preferences.scale_bounded.alg3_schedule import (
    ESTIMATORS,
    RELEARN_RULES,
    SCHEDULE_KEYS,
    Algorithm3Schedule,
)
from reference.adaptive_preferences.scale_bounded.burn_in import (
    BurnIn,
    check_items_menu_discount,
    lowest_k_max_memory_bound,
    lowest_k_menu,
)
from reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores import (
    check_menu_distribution_pairs,
    check_score_pair,
    lemma6_expected_choice,
    lemma6_factors,
    lemma6_l1_bound,
    lemma6_ratio_interval,
    menu_weights,
    score_spread,
)
from reference.adaptive_preferences.scale_bounded.lemma7_luce_mle import (
    factor_log_lipschitz,
    luce_calibrated_spread,
    luce_curvature_floor,
    luce_factor_mle,
    luce_information,
    luce_spread_bound,
)
from reference.adaptive_preferences.scale_bounded.lemma7_score_estimator import (
    initial_assumed_scores,
    lemma7_estimate,
    lemma7_expected_estimate,
    lemma7_range_bound,
    lemma7_trial_estimate,
    lemma7_trial_expectation,
    lemma7_update,
)
from reference.adaptive_preferences.scale_bounded.lemma8_targeting_accuracy import (
    lemma8_targeting_error_bound,
    multiplicative_accuracy,
)
from reference.adaptive_preferences.scale_bounded.thm3_bounds import (
    theorem3_apriori_bound,
    theorem3_apriori_exponent,
    theorem3_apriori_exponent_moving_factors,
    theorem3_optimal_c,
    theorem3_optimal_c_moving_factors,
    theorem3_regret_bound,
)
from reference.adaptive_preferences.scale_bounded.thm3_schedules import (
    LEARN_HITS,
    delta_phi_radius_sq,
    ogd_step_size,
    stationary_memory_noise,
    theorem3_invariant_parameters,
    theorem3_learn_rounds,
    theorem3_moving_factor_parameters,
    theorem3_parameters,
    theorem3_reuse_parameters,
    uniform_memory_noise,
)

__all__ = [
    # Lemma 6
    "check_score_pair",
    "check_menu_distribution_pairs",
    "menu_weights",
    "lemma6_expected_choice",
    "lemma6_factors",
    "lemma6_ratio_interval",
    "lemma6_l1_bound",
    "score_spread",
    # Lemma 7
    "lemma7_estimate",
    "lemma7_expected_estimate",
    "lemma7_trial_estimate",
    "lemma7_trial_expectation",
    "lemma7_range_bound",
    "lemma7_update",
    "initial_assumed_scores",
    "factor_log_lipschitz",
    "luce_factor_mle",
    "luce_information",
    "luce_curvature_floor",
    "luce_spread_bound",
    "luce_calibrated_spread",
    # Lemma 8
    "lemma8_targeting_error_bound",
    "multiplicative_accuracy",
    # burn-in
    "lowest_k_menu",
    "lowest_k_max_memory_bound",
    "check_items_menu_discount",
    "BurnIn",
    # Algorithm 3
    "Algorithm3Schedule",
    "SCHEDULE_KEYS",
    "ESTIMATORS",
    "RELEARN_RULES",
    "ScaleBoundedOGD",
    "BuiltMenus",
    "stale_menu_spread",
    "Algorithm3Invariants",
    "INVARIANT_NAMES",
    "invariant5_threshold",
    "invariant5_apriori_threshold",
    # Theorem 3
    "LEARN_HITS",
    "delta_phi_radius_sq",
    "ogd_step_size",
    "stationary_memory_noise",
    "uniform_memory_noise",
    "theorem3_learn_rounds",
    "theorem3_parameters",
    "theorem3_invariant_parameters",
    "theorem3_moving_factor_parameters",
    "theorem3_reuse_parameters",
    "theorem3_regret_bound",
    "theorem3_apriori_bound",
    "theorem3_apriori_exponent",
    "theorem3_optimal_c",
    "theorem3_apriori_exponent_moving_factors",
    "theorem3_optimal_c_moving_factors",
]
