"""Hardness (paper A §5, Appendix D): Theorem 4: the Max-Independent-Set reduction.

Modules:
* ``thm4_mis_reduction``
"""

from reference.adaptive_preferences.hardness.thm4_mis_reduction import (
    HardnessModel,
    best_reward_for_set_size,
    is_self_realizable,
)

__all__ = [
    "HardnessModel",
    "best_reward_for_set_size",
    "is_self_realizable",
]
