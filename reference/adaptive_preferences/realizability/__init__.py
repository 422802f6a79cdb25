"""The realizability core of paper A (§2.1–2.2, Definition 1, Lemma 1, Appendix B.1).

Modules, in reading order:

* ``sec2_choice`` — §2.1: menus, the choice distribution q(K; v), mixtures Σ_K μ_K q(K; v).
* ``def1_memory`` — Definition 1: discounted memory (recursion, closed form, ``MemoryTracker``).
* ``lemma1_menu_times`` — Lemma 1: menu times τ and the membership test p ∈ IRD(v) ⇔ max τ ≤ 1.
* ``lemma1_proof_menu_dist`` — Lemma 1's proof (Appendix B.1): crediting (⇒), MenuDist and the comb (⇐).
* ``ird_all_menus_lp`` — the all-menus LP (the 2022 paper's route): an independent IRD oracle.
* ``_types`` — the type aliases used in the annotations (``Vector``, ``MenuDistribution``, …).

Every name below is re-exported by ``reference.adaptive_preferences``.
"""

from reference.adaptive_preferences.realizability.def1_memory import (
    MemoryTracker,
    discounted_memory_update,
    effective_horizon,
    memory_from_history,
    memory_l1_drift_bound,
    memory_step_size,
)
from reference.adaptive_preferences.realizability.ird_all_menus_lp import (
    LP_MEMBERSHIP_TOL,
    MAX_LP_MENUS,
    WITNESS_ATOL,
    LPSolverError,
    in_ird_lp,
    ird_distance_lower_bound,
    ird_lp_residual,
    ird_witness_lp,
    lp_solver,
)
from reference.adaptive_preferences.realizability.lemma1_menu_times import (
    IRD_FLOAT_ATOL,
    in_ird,
    ird_margin,
    menu_times,
    validated_menu_times_args,
)
from reference.adaptive_preferences.realizability.lemma1_proof_menu_dist import (
    Stage,
    credit_menu_times,
    menu_dist,
    menu_dist_comb,
    menu_dist_stages,
    reweight_by_menu_score,
    stage_menu_times,
)
from reference.adaptive_preferences.realizability.sec2_choice import (
    all_menus,
    check_menu_distribution,
    choice_distribution,
    mixture_choice_distribution,
)

__all__ = [
    "all_menus",
    "check_menu_distribution",
    "choice_distribution",
    "mixture_choice_distribution",
    "MemoryTracker",
    "discounted_memory_update",
    "effective_horizon",
    "memory_from_history",
    "memory_l1_drift_bound",
    "memory_step_size",
    "IRD_FLOAT_ATOL",
    "in_ird",
    "ird_margin",
    "menu_times",
    "validated_menu_times_args",
    "Stage",
    "credit_menu_times",
    "menu_dist",
    "menu_dist_comb",
    "menu_dist_stages",
    "reweight_by_menu_score",
    "stage_menu_times",
    "LP_MEMBERSHIP_TOL",
    "MAX_LP_MENUS",
    "WITNESS_ATOL",
    "LPSolverError",
    "in_ird_lp",
    "ird_distance_lower_bound",
    "ird_lp_residual",
    "ird_witness_lp",
    "lp_solver",
]
