"""Short memory (paper A, §6, Appendix E): EXP-φ and Theorem 5, the lower bound of Theorem 6.

Modules:
* ``sec6_exp_phi`` — the EXP-φ algorithm (``ExpPhi``) and its filling rules (Lemma R)
* ``thm5_exp_phi`` — Theorem 5 for every instance (E.1's choice bound, concavity, window bounds)
* ``thm5_k2`` — Theorem 5 for k = 2, γ < 1/2 (exact rotation, O(T^{2/3}))
* ``thm5_general`` — Theorem 5 for k ≥ 2 under a condition (Lemma F, O(√T)); the k = 3 counterexample
* ``thm6_lower_bound`` — Theorem 6's construction (history encoding, the random model family)
"""

from reference.adaptive_preferences.short_memory.sec6_exp_phi import (
    ExpPhi,
    lowest_fill_menu,
    recency_fill_menu,
)
from reference.adaptive_preferences.short_memory.thm5_exp_phi import (
    smoothed_benchmark,
    theorem5_regret_bound,
    theorem5_window,
    vertex_phi_min,
    window_frequency_lower_bounds,
)
from reference.adaptive_preferences.short_memory.thm5_general import (
    CyclicMenuRecommender,
    filler_count_upper_bound,
    theorem5_general_apriori_bound,
    theorem5_general_condition,
    theorem5_general_regret_bound,
    theorem5_general_window,
    theorem5_linear_regret_instance,
)
from reference.adaptive_preferences.short_memory.thm5_k2 import (
    theorem5_k2_apriori_bound,
    theorem5_k2_regret_bound,
    theorem5_k2_window,
)
from reference.adaptive_preferences.short_memory.thm6_lower_bound import (
    ShortMemoryLowerBoundModel,
    decode_recent_history,
    encode_history,
)

__all__ = [
    "ExpPhi",
    "lowest_fill_menu",
    "recency_fill_menu",
    "smoothed_benchmark",
    "theorem5_regret_bound",
    "theorem5_window",
    "vertex_phi_min",
    "window_frequency_lower_bounds",
    "theorem5_k2_apriori_bound",
    "theorem5_k2_regret_bound",
    "theorem5_k2_window",
    "CyclicMenuRecommender",
    "filler_count_upper_bound",
    "theorem5_general_apriori_bound",
    "theorem5_general_condition",
    "theorem5_general_regret_bound",
    "theorem5_general_window",
    "theorem5_linear_regret_instance",
    "ShortMemoryLowerBoundModel",
    "decode_recent_history",
    "encode_history",
]
