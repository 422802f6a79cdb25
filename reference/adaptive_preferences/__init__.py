"""Paper A — Agarwal & Brown, Online Recommendations for Agents with Discounted Adaptive Preferences.

The public API. Modules, in reading order:

* ``choice``      — Section 2.1: menus, q(K; v), induced distributions of menu distributions.
* ``memory``      — Definition 1: discounted memory (recursion and closed form).
* ``menu_times``  — Lemma 1: menu times τ, IRD membership.
* ``menu_dist``   — Lemma 1's proof (B.1): crediting (⇒), MenuDist and the comb (⇐).
* ``ird_lp``      — the all-menus LP (2022 paper's route): independent IRD oracle.
* ``eird``        — EIRD corollaries: the score box, the uniform condition, EIRD_V and its LP.
* ``models``      — Definitions 2–3: preference models (protocol and library).
* ``smoothed_simplex`` — Definitions 3–4, Lemma 2: scale-bounded models, Δ_φ, the ball around it in IRD.
* ``projections`` — Euclidean projections onto Δ(n), capped simplex, Δ_φ, box-EIRD (OGD steps).
* ``simulator``   — Section 2.1: the interaction protocol (Agent, Recommender, run_interaction).
* ``hardness``    — Theorem 4 (Appendix D): the MIS reduction model, best self-realizable reward.
* ``short_memory`` — Theorem 6 (Appendix E.2): history encoding and the lower-bound model family.
"""

from reference.adaptive_preferences.realizability.sec2_choice import (
    all_menus,
    choice_distribution,
    mixture_choice_distribution,
)
from reference.adaptive_preferences.realizability.def1_memory import (
    discounted_memory_update,
    effective_horizon,
    memory_from_history,
    memory_l1_drift_bound,
    memory_step_size,
)
from reference.adaptive_preferences.realizability.lemma1_menu_times import in_ird, ird_margin, menu_times
from reference.adaptive_preferences.realizability.lemma1_proof_menu_dist import credit_menu_times, menu_dist, menu_dist_comb, menu_dist_stages
from reference.adaptive_preferences.realizability.ird_all_menus_lp import LPSolverError, in_ird_lp, ird_lp_residual, ird_witness_lp
from reference.adaptive_preferences.setting.sec2_eird import (
    best_in_eird_box,
    best_in_eird_v,
    box_corner_scores,
    eird_box_cap,
    in_eird_box,
    in_eird_v,
    in_eird_v_lp,
    uniform_in_eird_box,
)
from reference.adaptive_preferences.setting.def2_def3_models import (
    ConstantModel,
    LinearScaleModel,
    PreferenceModel,
    ScaleBoundedModel,
    SigmoidModel,
    empirical_lipschitz_ratio,
    extreme_scale_bounded_model,
    random_scale_bounded_model,
    random_smooth_model,
)
from reference.adaptive_preferences.setting.def4_lemma2_smoothed_simplex import (
    in_smoothed_simplex,
    is_scale_bounded_at,
    lemma2_conclusion_at,
    lemma2_condition,
    lemma2_menu_time_bound,
    lemma2_min_phi,
    lemma2_worst_menu_time,
    scale_bounded_margin,
    smooth_point,
    smoothed_simplex_vertices,
)
from reference.adaptive_preferences.setting.sec2_simulator import Agent, Recommender, Trajectory, run_interaction
from reference.adaptive_preferences.setting.sec2_simulator import replicate_interaction, sample_menu
from reference.adaptive_preferences.setting.rewards import (
    alternating_blocks_rewards,
    check_rewards,
    drifting_best_rewards,
    iid_rewards,
    piecewise_stationary_rewards,
    random_adversary,
)
from reference.adaptive_preferences.setting.regret import best_in_box_simplex, best_in_target, monte_carlo
from reference.adaptive_preferences.long_memory.lemma3_contracting_ogd import BoxSchedule, FloorSchedule, contracting_ogd
from reference.adaptive_preferences.long_memory.thm1_dbg import DeferredBanditGradient, dbg_calibrated_eta, dbg_regret_bound, run_dbg
from reference.adaptive_preferences.setting.baselines import (
    BanditOGD,
    Exp3,
    Exp3MenuRecommender,
    FixedMenuRecommender,
    ItemBanditRecommender,
)
from reference.adaptive_preferences.setting.projections import (
    project_onto_box_simplex,
    project_onto_capped_simplex,
    project_onto_eird_box,
    project_onto_simplex,
    project_onto_smoothed_simplex,
    projection_kkt_residual,
)
from reference.adaptive_preferences.hardness.thm4_mis_reduction import HardnessModel, best_reward_for_set_size, is_self_realizable
from reference.adaptive_preferences.short_memory.thm6_lower_bound import (
    ShortMemoryLowerBoundModel,
    decode_recent_history,
    encode_history,
)
from reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd import (
    BurnIn,
    ScaleBoundedOGD,
    lemma6_expected_choice,
    lemma7_estimate,
    lemma8_targeting_error_bound,
    theorem3_apriori_bound,
    theorem3_regret_bound,
)
from reference.adaptive_preferences.short_memory.thm5_exp_phi import (
    ExpPhi,
    theorem5_general_condition,
    theorem5_general_regret_bound,
    theorem5_k2_regret_bound,
    theorem5_regret_bound,
)

from reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift import memory_drift_bound, rounds_within_drift
from reference.adaptive_preferences.long_memory.sec3_score_learning import ScoreQuery, log_spread, reference_design, score_accuracy_bound
from reference.adaptive_preferences.long_memory.alg2_eird_targeting import (
    Algorithm2,
    Algorithm2Parameters,
    DecisionSet,
    pull_into_ird,
    targeting_error_bound,
    targeting_menu_distribution,
)
from reference.adaptive_preferences.long_memory.thm2_regret_bound import (
    practical_parameters,
    rate_exponent,
    theorem2_regret_bound,
    theory_parameters,
)

__all__ = [
    "all_menus",
    "choice_distribution",
    "mixture_choice_distribution",
    "discounted_memory_update",
    "effective_horizon",
    "memory_from_history",
    "memory_l1_drift_bound",
    "memory_step_size",
    "in_ird",
    "ird_margin",
    "menu_times",
    "credit_menu_times",
    "menu_dist",
    "menu_dist_comb",
    "menu_dist_stages",
    "LPSolverError",
    "in_ird_lp",
    "ird_lp_residual",
    "ird_witness_lp",
    "best_in_eird_box",
    "best_in_eird_v",
    "box_corner_scores",
    "eird_box_cap",
    "in_eird_box",
    "in_eird_v",
    "in_eird_v_lp",
    "uniform_in_eird_box",
    "ConstantModel",
    "PreferenceModel",
    "LinearScaleModel",
    "ScaleBoundedModel",
    "SigmoidModel",
    "empirical_lipschitz_ratio",
    "extreme_scale_bounded_model",
    "random_scale_bounded_model",
    "random_smooth_model",
    "in_smoothed_simplex",
    "is_scale_bounded_at",
    "lemma2_conclusion_at",
    "lemma2_condition",
    "lemma2_menu_time_bound",
    "lemma2_min_phi",
    "lemma2_worst_menu_time",
    "scale_bounded_margin",
    "smooth_point",
    "smoothed_simplex_vertices",
    "Agent",
    "Recommender",
    "Trajectory",
    "run_interaction",
    "replicate_interaction",
    "sample_menu",
    "alternating_blocks_rewards",
    "check_rewards",
    "drifting_best_rewards",
    "iid_rewards",
    "piecewise_stationary_rewards",
    "random_adversary",
    "best_in_box_simplex",
    "best_in_target",
    "monte_carlo",
    "BoxSchedule",
    "FloorSchedule",
    "contracting_ogd",
    "DeferredBanditGradient",
    "dbg_calibrated_eta",
    "dbg_regret_bound",
    "run_dbg",
    "BanditOGD",
    "Exp3",
    "Exp3MenuRecommender",
    "FixedMenuRecommender",
    "ItemBanditRecommender",
    "project_onto_box_simplex",
    "project_onto_capped_simplex",
    "project_onto_eird_box",
    "project_onto_simplex",
    "project_onto_smoothed_simplex",
    "projection_kkt_residual",
    "HardnessModel",
    "best_reward_for_set_size",
    "is_self_realizable",
    "ShortMemoryLowerBoundModel",
    "decode_recent_history",
    "encode_history",
    "BurnIn",
    "ScaleBoundedOGD",
    "lemma6_expected_choice",
    "lemma7_estimate",
    "lemma8_targeting_error_bound",
    "theorem3_regret_bound",
    "theorem3_apriori_bound",
    "ExpPhi",
    "theorem5_regret_bound",
    "theorem5_k2_regret_bound",
    "theorem5_general_condition",
    "theorem5_general_regret_bound",
    "memory_drift_bound",
    "rounds_within_drift",
    "ScoreQuery",
    "log_spread",
    "reference_design",
    "score_accuracy_bound",
    "Algorithm2",
    "Algorithm2Parameters",
    "DecisionSet",
    "pull_into_ird",
    "targeting_error_bound",
    "targeting_menu_distribution",
    "practical_parameters",
    "rate_exponent",
    "theorem2_regret_bound",
    "theory_parameters",
]
