"""Paper B on real embedding models: a routing benchmark built offline from WordNet 3.0 (issue 16).

Paper B (Dai, Golrezaei & Jaillet, arXiv 2606.14929) routes queries among embedding models; the reference
(``reference.embedding_routing``) exercises it on planted instances. This package builds a real instance
and runs the paper's learners, the baselines and two maintained peers on it. Nothing here is the paper's:
the task, the experts and the router context are this project's choices [project], documented where made.

Modules, in reading order:

* ``dataset``    — the WordNet reverse-dictionary tasks (build from Debian's ``wordnet-base``; load the
  shipped files in ``data/routing_real/``);
* ``embeddings`` — the experts: MiniLM (numpy forward pass; ONNX second route), paraphrase-MiniLM,
  GloVe, LSA, character n-grams; the content-hash cache;
* ``instance``   — answers → rewards, MiniLM → router context x = (z, 1)/√2, the ``RoutingInstance``,
  the shipped snapshot;
* ``classes``    — class values in-sample and held-out, the log-linear ⊂ log-quadratic embedding, spectra;
* ``learners``   — the benchmark's learners (one line each) and the VW / river adapters;
* ``benchmark``  — the tables; ``report`` — markdown and plots; ``cli`` — ``python -m certificates routing-real``.

Certificates: ``certificates/embedding_routing/real_routing.py``. Findings: docs/findings.md,
"Paper B on real embedding models".
"""

__all__ = ["benchmark", "classes", "cli", "dataset", "embeddings", "instance", "learners", "report"]
