"""Paper B — Dai, Golrezaei & Jaillet, "Policy Regret for Embedding Model Routing: Contextual Bandits
with Low-Rank Experts", arXiv 2606.14929 (2026).

Only the paper's abstract survives (with secondary summaries): no theorem, algorithm box or proof.
The mathematics in this package is *our* formalisation of what the abstract states, and every item
says so with its status tag — **seed** (the abstract says it), **recon** (our reconstruction of a
lost definition or algorithm), **derived** (our proof), **project** (our own construction or
choice). ``docs/reconstruction_B.md`` states the whole formalisation in one place for an auditor.

Main statements
---------------
* [seed] routing = adversarial contextual linear bandit with low-rank experts (``environment``);
* [seed names / recon formulas] constant, log-linear, log-quadratic and unconstrained policy classes,
  J_t, ∇J_t and the REINFORCE estimate (``policies``);
* [recon / derived] spectral hypentropy φ_β, mirror map, Bregman projection onto the nuclear ball
  (``hypentropy``);
* [seed name / recon algorithm] Hypentropy Policy Gradient, its parameter-free variant [project]
  and the baselines (``hpg``);
* [recon / derived] linearized and actual policy regret, class values, intractability (``regret``);
* [seed rate / derived constants] HPG's linearized-regret bound, term by term, with its proof
  (``bounds``): ≤ 2·sBΨ√(MT·asinh d) = Õ(sB√(MT)) (c = 1, proved: ``hypentropy`` Theorem SC).

Modules (one readable function per item; each module opens with its notation table):

* ``environment`` — queries, kernel features Ψ, low-rank experts, rewards, instances [recon]
* ``policies``    — constant / log-linear / log-quadratic / best response, J_t, ∇J_t, REINFORCE [recon/derived]
* ``hypentropy``  — spectral hypentropy φ_β (``spectral_hypentropy``), mirror map, inverse, Bregman divergence
  and projection [recon/derived]
* ``hpg``         — HPG, parameter-free HPG, Euclidean / EXP3 / log-linear baselines, ``run_learner`` [recon/project]
* ``regret``      — linearized regret (closed form), actual regret, class values, intractability [recon/derived]
* ``bounds``      — the derived linearized-regret bound of HPG, term by term, with its proof [derived]
* ``rank_readings`` — the two readings of s (stacked / per-block), their nuclear radii, instances [recon/derived]

Certificates: ``certificates/embedding_routing/`` (ids ``b_*``). Findings (measured exponents,
tightness, what was tried): docs/findings.md, the "Paper B ..." sections.

References: paper B, arXiv 2606.14929; U. Ghai, E. Hazan, Y. Singer, "Exponentiated Gradient Meets
Gradient Descent", ALT 2020; F. Orabona, D. Pál, "Coin Betting and Parameter-Free Online Learning",
NeurIPS 2016.
"""

from reference.embedding_routing import bounds, environment, hpg, hypentropy, policies, rank_readings, regret
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
    AdaptiveHPG,
    EuclideanPolicyGradient,
    Exp3,
    LogLinearPolicyGradient,
    NuclearEuclideanPolicyGradient,
    ParameterFreeHPG,
    run_learner,
)
from reference.embedding_routing.hypentropy import (
    bregman_divergence,
    bregman_project_nuclear_ball,
    inverse_mirror_map,
    mirror_map,
    spectral_hypentropy,
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
    "rank_readings",
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
    "AdaptiveHPG",
    "NuclearEuclideanPolicyGradient",
    "EuclideanPolicyGradient",
    "Exp3",
    "LogLinearPolicyGradient",
    "ParameterFreeHPG",
    "run_learner",
    "bregman_divergence",
    "bregman_project_nuclear_ball",
    "inverse_mirror_map",
    "mirror_map",
    "spectral_hypentropy",
    "exact_gradient",
    "log_quadratic_policy",
    "reinforce_gradient",
    "actual_policy_regret",
    "class_gap_table",
    "linearized_regret",
]
