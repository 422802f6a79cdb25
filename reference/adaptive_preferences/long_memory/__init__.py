"""Long memory (paper A, §3, Appendices A and B.2–B.3): DBG, score learning, Algorithm 2 and Theorem 2.

Modules, one paper item each (paper A, arXiv 2302.06014):

==================================  ===================================================================
``lemma3_contracting_ogd``          Appendix A, Lemma 3: contracting OGD and decision-set schedules
``thm1_dbg``                        §3.2, Theorem 1: Deferred Bandit Gradient and its regret bound
``lemma4_lemma5_memory_drift``      Appendix B.2, Lemmas 4–5: memory drift over r rounds
``sec3_score_learning``             §3.3 / Appendix B.3: score learning and its accuracy guarantee
``sec3_decision_sets``              §3.3: decision sets ⊇ EIRD and their φ-contraction
``sec3_targeting_lemma6``           §3.3 targeting with MenuDist; Appendix B.3, Lemma 6 (its error)
``alg2_eird_targeting``             §3.3, Algorithm 2 (the recommender)
``thm2_regret_bound``               §3.3 / Appendix B.3, Theorem 2: the bound, parameters, rate
==================================  ===================================================================

Every public name of these modules is re-exported here.
"""

from reference.adaptive_preferences.long_memory.alg2_eird_targeting import (
    Algorithm2,
    Algorithm2Parameters,
    burn_in_rounds,
    needs_relearn,
)
from reference.adaptive_preferences.long_memory.lemma3_contracting_ogd import (
    SIMPLEX_DIAMETER,
    BoxSchedule,
    FloorSchedule,
    PolytopeSchedule,
    ProjectionSchedule,
    as_schedule,
    contracting_ogd,
    eird_v_polytope,
    ogd_linear_regret,
    ogd_linear_regret_bound,
    ogd_step,
    polytope_projection_kkt_residual,
    project_onto_polytope,
)
from reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift import (
    memory_drift_bound,
    memory_weight_after,
    rounds_within_drift,
    rounds_within_drift_lower,
)
from reference.adaptive_preferences.long_memory.sec3_decision_sets import (
    PROJECTION_FEAS_ATOL,
    ContractedSchedule,
    DecisionSet,
    containment_slack,
    contraction_for_realisability,
    ird_constraint_matrix,
    relaxed_ird_margin,
    uniform_menu_time_cap,
)
from reference.adaptive_preferences.long_memory.sec3_score_learning import (
    ReferenceDesign,
    ScoreQuery,
    choice_probability_floor,
    estimate_scores,
    hoeffding_radius,
    log_spread,
    query_length,
    reference_design,
    score_accuracy_bound,
)
from reference.adaptive_preferences.long_memory.sec3_targeting_lemma6 import (
    induced_choice_distribution,
    pull_into_ird,
    targeting_error_bound,
    targeting_menu_distribution,
)
from reference.adaptive_preferences.long_memory.thm1_dbg import (
    AdversarialPerturbation,
    DBGBound,
    DBGRun,
    DeferredBanditGradient,
    RandomPerturbation,
    StealFromSmallest,
    bandit_ogd_regret_bound,
    dbg_calibrated_eta,
    dbg_regret_bound,
    deferred_window,
    max_inverse_sum,
    no_perturbation,
    omitted_weights,
    run_dbg,
)
from reference.adaptive_preferences.long_memory.thm2_regret_bound import (
    Theorem2Bound,
    gamma_for_exponent,
    max_phases,
    max_phases_cached,
    memory_weight_at,
    practical_parameters,
    rate_exponent,
    theorem2_regret_bound,
    theory_parameters,
)

__all__ = [
    # lemma3_contracting_ogd
    "SIMPLEX_DIAMETER",
    "BoxSchedule",
    "FloorSchedule",
    "PolytopeSchedule",
    "ProjectionSchedule",
    "as_schedule",
    "contracting_ogd",
    "eird_v_polytope",
    "ogd_linear_regret",
    "ogd_linear_regret_bound",
    "ogd_step",
    "polytope_projection_kkt_residual",
    "project_onto_polytope",
    # thm1_dbg
    "AdversarialPerturbation",
    "DBGBound",
    "DBGRun",
    "DeferredBanditGradient",
    "RandomPerturbation",
    "StealFromSmallest",
    "bandit_ogd_regret_bound",
    "dbg_calibrated_eta",
    "dbg_regret_bound",
    "deferred_window",
    "max_inverse_sum",
    "no_perturbation",
    "omitted_weights",
    "run_dbg",
    # lemma4_lemma5_memory_drift
    "memory_drift_bound",
    "memory_weight_after",
    "rounds_within_drift",
    "rounds_within_drift_lower",
    # sec3_score_learning
    "ReferenceDesign",
    "ScoreQuery",
    "choice_probability_floor",
    "estimate_scores",
    "hoeffding_radius",
    "log_spread",
    "query_length",
    "reference_design",
    "score_accuracy_bound",
    # sec3_decision_sets
    "PROJECTION_FEAS_ATOL",
    "ContractedSchedule",
    "DecisionSet",
    "containment_slack",
    "contraction_for_realisability",
    "ird_constraint_matrix",
    "relaxed_ird_margin",
    "uniform_menu_time_cap",
    # sec3_targeting_lemma6
    "induced_choice_distribution",
    "pull_into_ird",
    "targeting_error_bound",
    "targeting_menu_distribution",
    # alg2_eird_targeting
    "Algorithm2",
    "Algorithm2Parameters",
    "burn_in_rounds",
    "needs_relearn",
    # thm2_regret_bound
    "Theorem2Bound",
    "gamma_for_exponent",
    "max_phases",
    "max_phases_cached",
    "memory_weight_at",
    "practical_parameters",
    "rate_exponent",
    "theorem2_regret_bound",
    "theory_parameters",
]
