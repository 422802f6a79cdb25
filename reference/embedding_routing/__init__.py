"""Paper B — Dai, Golrezaei & Jaillet, Policy Regret for Embedding Model Routing (2026).

Only the abstract and summaries of paper B survive; the math here is this project's
formalization (see ``../shared/spec/B_embedding_routing.md`` and ``paper_map.md``).

Modules (one readable function per item; each module opens with its notation table):

* ``environment`` — queries, kernel features Ψ, low-rank experts, rewards, instances [recon]
* ``policies``    — constant / log-linear / log-quadratic / best response, J_t, ∇J_t, REINFORCE [recon/derived]
* ``hypentropy``  — spectral hypentropy φ_β, mirror map, inverse, Bregman divergence and projection [recon/derived]
* ``hpg``         — HPG, parameter-free HPG, Euclidean / EXP3 / log-linear baselines, ``run_learner`` [recon]
* ``regret``      — linearized regret (closed form), actual regret, class values, intractability [recon/derived]
* ``bounds``      — the derived linearized-regret bound of HPG, term by term, with its proof [derived]
"""

from reference.embedding_routing import bounds, environment, hpg, hypentropy, policies, regret
# (the function hypentropy.hypentropy is deliberately not re-exported: it would shadow the module)
from reference.embedding_routing.bounds import (
    hpg_headline_bound,
    hpg_linearized_regret_bound,
    hpg_tuned_parameters,
    omd_pathwise_bound,
)
from reference.embedding_routing.environment import (
    RoutingInstance,
    low_rank_expert_instance,
    make_features,
    make_queries,
    never_repeating_instance,
    planted_instance,
)
from reference.embedding_routing.hpg import (
    HPG,
    EuclideanPolicyGradient,
    Exp3,
    LogLinearPolicyGradient,
    ParameterFreeHPG,
    run_learner,
)
from reference.embedding_routing.hypentropy import (
    bregman_divergence,
    bregman_project_nuclear_ball,
    inverse_mirror_map,
    mirror_map,
)
from reference.embedding_routing.policies import (
    exact_gradient,
    log_quadratic_policy,
    reinforce_gradient,
)
from reference.embedding_routing.regret import (
    actual_policy_regret,
    class_gap_table,
    linearized_regret,
)

__all__ = [
    "bounds",
    "environment",
    "hpg",
    "hypentropy",
    "policies",
    "regret",
    "hpg_headline_bound",
    "hpg_linearized_regret_bound",
    "hpg_tuned_parameters",
    "omd_pathwise_bound",
    "RoutingInstance",
    "low_rank_expert_instance",
    "make_features",
    "make_queries",
    "never_repeating_instance",
    "planted_instance",
    "HPG",
    "EuclideanPolicyGradient",
    "Exp3",
    "LogLinearPolicyGradient",
    "ParameterFreeHPG",
    "run_learner",
    "bregman_divergence",
    "bregman_project_nuclear_ball",
    "inverse_mirror_map",
    "mirror_map",
    "exact_gradient",
    "log_quadratic_policy",
    "reinforce_gradient",
    "actual_policy_regret",
    "class_gap_table",
    "linearized_regret",
]
