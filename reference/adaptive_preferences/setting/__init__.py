"""The setting of paper A (§2, Definitions 2–4, Lemma 2) and what every section builds on.

Modules, in reading order:

* ``sec2_simulator`` — §2.1: the interaction protocol (``Agent``, ``Recommender``, ``run_interaction``).
* ``rewards`` — §2.1: oblivious reward sequences and the stochastic environments of Theorems 3/5.
* ``regret`` — §2.1: regret against a target set (Δ(n), capped simplex, Δ_φ, box-EIRD, EIRD_V).
* ``def2_def3_models`` — Definitions 2–3: preference models (protocol and library).
* ``def4_lemma2_smoothed_simplex`` — Definitions 3–4, Lemma 2: scale-bounded, Δ_φ, the ball in IRD.
* ``sec2_eird`` — §2.2: EIRD corollaries of Lemma 1 (box, uniform point, scale-bounded box, EIRD_V).
* ``eird_emptiness`` — when EIRD is empty: the λ threshold and exact Farkas certificates.
* ``projections`` — Euclidean projections onto box-constrained simplices (the OGD steps).
* ``baselines`` — EXP3, OGD without deferral, fixed menus, box-EIRD targeting through MenuDist.

Every name below is re-exported by ``reference.adaptive_preferences`` or reachable from here.
"""

from reference.adaptive_preferences.setting.baselines import (
    BanditOGD,
    BoxTargetingRecommender,
    Exp3,
    Exp3MenuRecommender,
    FixedMenuRecommender,
    ItemBanditRecommender,
    box_schedule,
    exp3_eta,
    exp3_regret_bound,
)
from reference.adaptive_preferences.setting.def2_def3_models import (
    ConstantModel,
    ExtremeScaleBoundedModel,
    FactorModel,
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
from reference.adaptive_preferences.setting.eird_emptiness import (
    eird_empty_of_lam_lt,
    eird_reference_memories,
    eird_v_emptiness_witness,
    eird_v_empty_linprog,
    eird_v_value,
    emptiness_witness_margin,
)
from reference.adaptive_preferences.setting.projections import (
    project_onto_box_simplex,
    project_onto_capped_simplex,
    project_onto_eird_box,
    project_onto_simplex,
    project_onto_smoothed_simplex,
    projection_kkt_residual,
)
from reference.adaptive_preferences.setting.regret import (
    best_in_box_simplex,
    best_in_box_simplex_lp,
    best_in_target,
    expected_reward,
    monte_carlo,
)
from reference.adaptive_preferences.setting.rewards import (
    alternating_blocks_rewards,
    best_every_window_means,
    check_rewards,
    dominant_window_means,
    drifting_best_rewards,
    iid_rewards,
    piecewise_stationary_rewards,
    random_adversary,
    stationary_bernoulli_rewards,
    windowed_stochastic_rewards,
)
from reference.adaptive_preferences.setting.sec2_eird import (
    EmptySetError,
    best_in_eird_box,
    best_in_eird_v,
    box_applies,
    box_corner_scores,
    check_score_vectors,
    eird_box_cap,
    eird_v_constraint_rows,
    in_eird_box,
    in_eird_v,
    in_eird_v_lp,
    score_ratio_floor,
    uniform_in_eird_box,
)
from reference.adaptive_preferences.setting.sec2_simulator import (
    Agent,
    Recommender,
    Trajectory,
    replicate_interaction,
    run_interaction,
    sample_menu,
)

__all__ = [
    "EmptySetError",
    "box_applies",
    "check_score_vectors",
    "eird_v_constraint_rows",
    "score_ratio_floor",
    "best_in_eird_box",
    "best_in_eird_v",
    "box_corner_scores",
    "eird_box_cap",
    "in_eird_box",
    "in_eird_v",
    "in_eird_v_lp",
    "uniform_in_eird_box",
    "ConstantModel",
    "LinearScaleModel",
    "PreferenceModel",
    "ScaleBoundedModel",
    "SigmoidModel",
    "empirical_lipschitz_ratio",
    "extreme_scale_bounded_model",
    "random_scale_bounded_model",
    "random_smooth_model",
    "ExtremeScaleBoundedModel",
    "FactorModel",
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
    "stationary_bernoulli_rewards",
    "windowed_stochastic_rewards",
    "dominant_window_means",
    "best_every_window_means",
    "best_in_box_simplex",
    "best_in_box_simplex_lp",
    "best_in_target",
    "expected_reward",
    "monte_carlo",
    "eird_empty_of_lam_lt",
    "eird_reference_memories",
    "eird_v_empty_linprog",
    "eird_v_emptiness_witness",
    "eird_v_value",
    "emptiness_witness_margin",
    "BanditOGD",
    "BoxTargetingRecommender",
    "Exp3",
    "Exp3MenuRecommender",
    "FixedMenuRecommender",
    "ItemBanditRecommender",
    "box_schedule",
    "exp3_eta",
    "exp3_regret_bound",
    "project_onto_box_simplex",
    "project_onto_capped_simplex",
    "project_onto_eird_box",
    "project_onto_simplex",
    "project_onto_smoothed_simplex",
    "projection_kkt_residual",
]
