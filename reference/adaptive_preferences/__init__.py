"""Paper A — Agarwal & Brown, Online Recommendations for Agents with Discounted Adaptive Preferences.

The public API. Modules, in reading order:

* ``choice``      — Section 2.1: menus, q(K; v), induced distributions of menu distributions.
* ``memory``      — Definition 1: discounted memory (recursion and closed form).
* ``menu_times``  — Lemma 1: menu times τ, IRD membership.
* ``models``      — Definitions 2–3: preference models (protocol and library).
* ``simulator``   — Section 2.1: the interaction protocol (Agent, Recommender, run_interaction).
"""

from reference.adaptive_preferences.choice import (
    all_menus,
    choice_distribution,
    mixture_choice_distribution,
)
from reference.adaptive_preferences.memory import (
    discounted_memory_update,
    effective_horizon,
    memory_from_history,
    memory_l1_drift_bound,
    memory_step_size,
)
from reference.adaptive_preferences.menu_times import in_ird, ird_margin, menu_times
from reference.adaptive_preferences.models import ConstantModel, PreferenceModel
from reference.adaptive_preferences.simulator import Agent, Recommender, Trajectory, run_interaction
from reference.adaptive_preferences.projections import (
    project_onto_box_simplex,
    project_onto_capped_simplex,
    project_onto_eird_box,
    project_onto_simplex,
    project_onto_smoothed_simplex,
    projection_kkt_residual,
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
    "ConstantModel",
    "PreferenceModel",
    "Agent",
    "Recommender",
    "Trajectory",
    "run_interaction",
    "project_onto_box_simplex",
    "project_onto_capped_simplex",
    "project_onto_eird_box",
    "project_onto_simplex",
    "project_onto_smoothed_simplex",
    "projection_kkt_residual",
]
