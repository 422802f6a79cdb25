"""The realizability core of paper A (§2.1–2.2, Lemma 1, Appendix B.1): choice, discounted memory, menu times, MenuDist, the all-menus LP.

Modules:
* ``sec2_choice``
* ``def1_memory``
* ``lemma1_menu_times``
* ``lemma1_proof_menu_dist``
* ``ird_all_menus_lp``
"""

from reference.adaptive_preferences.realizability.sec2_choice import (
    all_menus,
    choice_distribution,
    mixture_choice_distribution,
)
from reference.adaptive_preferences.realizability.def1_memory import (
    MemoryTracker,
    discounted_memory_update,
    effective_horizon,
    memory_from_history,
    memory_l1_drift_bound,
    memory_step_size,
)
from reference.adaptive_preferences.realizability.lemma1_menu_times import (
    in_ird,
    ird_margin,
    menu_times,
)
from reference.adaptive_preferences.realizability.lemma1_proof_menu_dist import (
    credit_menu_times,
    menu_dist,
    menu_dist_comb,
    menu_dist_stages,
)
from reference.adaptive_preferences.realizability.ird_all_menus_lp import (
    LPSolverError,
    in_ird_lp,
    ird_lp_residual,
    ird_witness_lp,
)

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
]
