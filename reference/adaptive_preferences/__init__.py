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

from reference.adaptive_preferences import (
    hardness,
    long_memory,
    moved_modules,
    realizability,
    scale_bounded,
    setting,
    short_memory,
)

# Every sub-package's public API, re-exported here; each sub-package's __init__ lists its names explicitly.
from reference.adaptive_preferences.hardness import *  # noqa: F403
from reference.adaptive_preferences.long_memory import *  # noqa: F403
from reference.adaptive_preferences.realizability import *  # noqa: F403
from reference.adaptive_preferences.scale_bounded import *  # noqa: F403
from reference.adaptive_preferences.setting import *  # noqa: F403
from reference.adaptive_preferences.short_memory import *  # noqa: F403

moved_modules.install()  # old module paths raise an error naming the new one (docs/CHANGELOG.md)

__all__ = [
    *realizability.__all__,
    *setting.__all__,
    *long_memory.__all__,
    *scale_bounded.__all__,
    *hardness.__all__,
    *short_memory.__all__,
]
