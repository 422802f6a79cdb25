"""Paper A — Agarwal & Brown, *Online Recommendations for Agents with Discounted Adaptive Preferences*
(ALT 2024, arXiv 2302.06014).

One sub-package per part of the paper, one module per item; the module name says the item it holds
(``def1_`` Definition 1, ``lemma1_`` Lemma 1, ``thm1_`` Theorem 1, ``alg2_`` Algorithm 2, ``sec2_`` a
section's setting). Every module opens with its statement, status tag (seed / recon / derived / project),
notation table and proof, and names the certificate that checks it. ``paper_map.md`` maps every numbered
item to its function, certificate and tests; ``docs/reconstruction_A.md`` states our reading of the paper
(whose surviving text lost its formulas); ``docs/findings.md`` is the research log.

Reading order (every module):

``realizability/`` — the core (§2.1–2.2, §3.1, Appendix B.1)
  1. ``sec2_choice``             menus, q(K; v), the mixture Σ_K μ_K q(K; v)
  2. ``def1_memory``             Definition 1: discounted memory (recursion, closed form, ``MemoryTracker``)
  3. ``lemma1_menu_times``       Lemma 1: menu times τ, IRD ⇔ max τ ≤ 1
  4. ``lemma1_proof_menu_dist``  Appendix B.1: crediting (⇒), MenuDist and the comb (⇐)
  5. ``ird_all_menus_lp``        the 2022 paper's all-menus LP: an independent IRD oracle
  (``_types``: annotation aliases only)
``setting/`` — the objects every result is stated with (§2, §4, Definitions 2–4, Lemma 2)
  6. ``def2_def3_models``        Definitions 2–3: smooth and scale-bounded preference models, model library
  7. ``def4_lemma2_smoothed_simplex``  Definitions 3–4, Lemma 2: scale-bounded margin, Δ_φ, the ball in IRD
  8. ``sec2_eird``               §2.2: EIRD corollaries (the score box, the uniform condition, EIRD_V)
  9. ``eird_emptiness``          when EIRD is empty: threshold on λ, Farkas certificates
  10. ``projections``            Euclidean projections onto Δ(n), capped simplex, Δ_φ, the EIRD box
  11. ``sec2_simulator``         §2.1: the interaction protocol (``Agent``, ``Recommender``, ``run_interaction``)
  12. ``rewards``                oblivious reward sequences
  13. ``regret``                 regret against a target set, Monte Carlo
  14. ``baselines``              EXP3, OGD without deferral, EXP3 over menus, fixed menus, box targeting
``long_memory/`` — §3, Appendices A and B.2–B.3
  15. ``lemma3_contracting_ogd`` Lemma 3: contracting OGD, decision-set schedules
  16. ``thm1_dbg``               §3.2, Theorem 1: Deferred Bandit Gradient and its bound
  17. ``lemma4_lemma5_memory_drift``  Lemmas 4–5: memory drift, rounds within a drift budget
  18. ``sec3_score_learning``    §3.3: score learning near the current memory
  19. ``sec3_decision_sets``     §3.3: decision sets containing EIRD, their contraction
  20. ``sec3_targeting_lemma6``  §3.3 targeting with MenuDist; Appendix B.3 Lemma 6
  21. ``alg2_eird_targeting``    Algorithm 2
  22. ``thm2_regret_bound``      Theorem 2
``scale_bounded/`` — §4, Appendix C
  23. ``lemma6_choice_under_assumed_scores``  Lemma 6: choice under assumed scores
  24. ``lemma7_score_estimator`` Lemma 7: the score estimator
  25. ``lemma7_luce_mle``        Lemma 7 renormalised (ours): Luce maximum likelihood, spread bounds
  26. ``lemma8_targeting_accuracy``  Lemma 8
  27. ``burn_in``                Algorithm 3's burn-in
  28. ``alg3_schedule``          Algorithm 3's parameters as one object
  29. ``alg3_scale_bounded_ogd`` Algorithm 3
  30. ``alg3_invariants``        Appendix C.2's invariants 1–6, an observer
  31. ``thm3_schedules``         Theorem 3's schedules (γ = 1 − T^{−c})
  32. ``thm3_bounds``            Theorem 3: pathwise and a-priori bounds, the optimal c
``hardness/`` — §5, Appendix D
  33. ``thm4_mis_reduction``     Theorem 4: the Maximum-Independent-Set reduction
``short_memory/`` — §6, Appendix E
  34. ``sec6_exp_phi``           EXP-φ
  35. ``thm5_exp_phi``           Theorem 5 for every instance
  36. ``thm5_k2``                Theorem 5, k = 2
  37. ``thm5_general``           Theorem 5, k ≥ 2 under a condition; the k = 3 counterexample
  38. ``thm6_lower_bound``       Theorem 6: the short-memory lower bound
(``moved_modules``: the module paths before 0.2.0 raise an error naming the new path.)

Every public name is re-exported here (``import reference.adaptive_preferences as ap; ap.menu_times``) and
by its sub-package. Module paths are never shadowed: ``import reference.adaptive_preferences.realizability
.lemma1_menu_times as mt`` yields the module, which is how certificates reach the code their mutants patch.
"""

from reference.adaptive_preferences import moved_modules
from reference.adaptive_preferences.hardness import (
    HardnessModel,
    best_reward_for_set_size,
    is_self_realizable,
)
from reference.adaptive_preferences.long_memory import (
    Algorithm2,
    Algorithm2Parameters,
    BoxSchedule,
    DecisionSet,
    DeferredBanditGradient,
    FloorSchedule,
    ScoreQuery,
    contracting_ogd,
    dbg_calibrated_eta,
    dbg_regret_bound,
    log_spread,
    memory_drift_bound,
    practical_parameters,
    pull_into_ird,
    rate_exponent,
    reference_design,
    rounds_within_drift,
    run_dbg,
    score_accuracy_bound,
    targeting_error_bound,
    targeting_menu_distribution,
    theorem2_regret_bound,
    theory_parameters,
)
from reference.adaptive_preferences.realizability import (
    LPSolverError,
    MemoryTracker,
    all_menus,
    choice_distribution,
    credit_menu_times,
    discounted_memory_update,
    effective_horizon,
    in_ird,
    in_ird_lp,
    ird_lp_residual,
    ird_margin,
    ird_witness_lp,
    memory_from_history,
    memory_l1_drift_bound,
    memory_step_size,
    menu_dist,
    menu_dist_comb,
    menu_dist_stages,
    menu_times,
    mixture_choice_distribution,
)
from reference.adaptive_preferences.scale_bounded import (
    BurnIn,
    ScaleBoundedOGD,
    lemma6_expected_choice,
    lemma7_estimate,
    lemma8_targeting_error_bound,
    theorem3_apriori_bound,
    theorem3_regret_bound,
)
from reference.adaptive_preferences.setting import (
    Agent,
    BanditOGD,
    ConstantModel,
    Exp3,
    Exp3MenuRecommender,
    ExtremeScaleBoundedModel,
    FactorModel,
    FixedMenuRecommender,
    ItemBanditRecommender,
    LinearScaleModel,
    PreferenceModel,
    Recommender,
    ScaleBoundedModel,
    SigmoidModel,
    Trajectory,
    alternating_blocks_rewards,
    best_every_window_means,
    best_in_box_simplex,
    best_in_eird_box,
    best_in_eird_v,
    best_in_target,
    box_corner_scores,
    check_rewards,
    dominant_window_means,
    drifting_best_rewards,
    eird_box_cap,
    empirical_lipschitz_ratio,
    extreme_scale_bounded_model,
    iid_rewards,
    in_eird_box,
    in_eird_v,
    in_eird_v_lp,
    in_smoothed_simplex,
    is_scale_bounded_at,
    lemma2_conclusion_at,
    lemma2_condition,
    lemma2_menu_time_bound,
    lemma2_min_phi,
    lemma2_worst_menu_time,
    monte_carlo,
    piecewise_stationary_rewards,
    project_onto_box_simplex,
    project_onto_capped_simplex,
    project_onto_eird_box,
    project_onto_simplex,
    project_onto_smoothed_simplex,
    projection_kkt_residual,
    random_adversary,
    random_scale_bounded_model,
    random_smooth_model,
    replicate_interaction,
    run_interaction,
    sample_menu,
    scale_bounded_margin,
    smooth_point,
    smoothed_simplex_vertices,
    stationary_bernoulli_rewards,
    uniform_in_eird_box,
    windowed_stochastic_rewards,
)
from reference.adaptive_preferences.short_memory import (
    ExpPhi,
    ShortMemoryLowerBoundModel,
    decode_recent_history,
    encode_history,
    theorem5_general_condition,
    theorem5_general_regret_bound,
    theorem5_k2_regret_bound,
    theorem5_regret_bound,
)

moved_modules.install()  # old module paths raise an error naming the new one (docs/CHANGELOG.md)

__all__ = [
    "all_menus",
    "choice_distribution",
    "mixture_choice_distribution",
    "MemoryTracker",
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
    "BoxSchedule",
    "FloorSchedule",
    "contracting_ogd",
    "DeferredBanditGradient",
    "dbg_calibrated_eta",
    "dbg_regret_bound",
    "run_dbg",
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
    "HardnessModel",
    "best_reward_for_set_size",
    "is_self_realizable",
    "ShortMemoryLowerBoundModel",
    "decode_recent_history",
    "encode_history",
    "ExpPhi",
    "theorem5_general_condition",
    "theorem5_general_regret_bound",
    "theorem5_k2_regret_bound",
    "theorem5_regret_bound",
    "BurnIn",
    "ScaleBoundedOGD",
    "lemma6_expected_choice",
    "lemma7_estimate",
    "lemma8_targeting_error_bound",
    "theorem3_apriori_bound",
    "theorem3_regret_bound",
]
