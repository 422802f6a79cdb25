"""Paper B — Dai, Golrezaei & Jaillet, Policy Regret for Embedding Model Routing (2026).

Only the abstract and summaries of paper B survive; the math here is this project's
formalization (see ``../shared/spec/B_embedding_routing.md`` and ``paper_map.md``).
"""
