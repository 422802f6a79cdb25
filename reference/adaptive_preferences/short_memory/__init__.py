"""Short memory (paper A §6, Appendix E): EXP-φ and Theorem 5, the lower bound of Theorem 6.

Modules:
* ``thm6_lower_bound``
* ``thm5_exp_phi``
"""

from reference.adaptive_preferences.short_memory.thm6_lower_bound import (
    ShortMemoryLowerBoundModel,
    decode_recent_history,
    encode_history,
)
from reference.adaptive_preferences.short_memory.thm5_exp_phi import (
    ExpPhi,
    theorem5_general_condition,
    theorem5_general_regret_bound,
    theorem5_k2_regret_bound,
    theorem5_regret_bound,
)

__all__ = [
    "ShortMemoryLowerBoundModel",
    "decode_recent_history",
    "encode_history",
    "ExpPhi",
    "theorem5_general_condition",
    "theorem5_general_regret_bound",
    "theorem5_k2_regret_bound",
    "theorem5_regret_bound",
]
