"""The setting of paper A (§2, Definitions 2–4, Lemma 2): preference models, scale-bounded models and the smoothed simplex, EIRD, projections, the interaction simulator, reward sequences, regret benchmarks, baselines.

Modules:
* ``sec2_eird``
* ``def2_def3_models``
* ``def4_lemma2_smoothed_simplex``
* ``sec2_simulator``
* ``rewards``
* ``regret``
* ``baselines``
* ``projections``
"""

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
    ExtremeScaleBoundedModel,
    FactorModel,
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
from reference.adaptive_preferences.setting.sec2_simulator import (
    Agent,
    Recommender,
    Trajectory,
    run_interaction,
    replicate_interaction,
    sample_menu,
)
from reference.adaptive_preferences.setting.rewards import (
    alternating_blocks_rewards,
    check_rewards,
    drifting_best_rewards,
    iid_rewards,
    piecewise_stationary_rewards,
    random_adversary,
    stationary_bernoulli_rewards,
    windowed_stochastic_rewards,
    dominant_window_means,
    best_every_window_means,
)
from reference.adaptive_preferences.setting.regret import (
    best_in_box_simplex,
    best_in_target,
    monte_carlo,
)
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

__all__ = [
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
    "best_in_target",
    "monte_carlo",
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
]
