"""Verified reference implementation of two online-learning papers.

* ``reference.adaptive_preferences`` — Agarwal & Brown, *Online Recommendations for Agents with
  Discounted Adaptive Preferences* (ALT 2024).
* ``reference.embedding_routing`` — Dai, Golrezaei & Jaillet, *Policy Regret for Embedding Model
  Routing: Contextual Bandits with Low-Rank Experts* (2026).

Every function mirrors one definition, lemma or algorithm; ``paper_map.md`` lists them all with
their status (seed / recon / derived), certificate and tests.
"""
