"""Long memory (paper A §3, Appendices A and B): Lemma 3 (contracting OGD), Theorem 1 (DBG), Lemmas 4–5, score learning, Algorithm 2 and Theorem 2 (EIRD targeting).

Modules:
* ``lemma3_contracting_ogd``
* ``thm1_dbg``
* ``lemma4_lemma5_memory_drift``
* ``sec3_score_learning``
* ``alg2_eird_targeting``
* ``thm2_regret_bound``
"""

from reference.adaptive_preferences.long_memory.lemma3_contracting_ogd import (
    BoxSchedule,
    FloorSchedule,
    contracting_ogd,
)
from reference.adaptive_preferences.long_memory.thm1_dbg import (
    DeferredBanditGradient,
    dbg_calibrated_eta,
    dbg_regret_bound,
    run_dbg,
)
from reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift import (
    memory_drift_bound,
    rounds_within_drift,
)
from reference.adaptive_preferences.long_memory.sec3_score_learning import (
    ScoreQuery,
    log_spread,
    reference_design,
    score_accuracy_bound,
)
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
]
