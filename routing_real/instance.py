"""The real routing instance: experts' answers → rewards, MiniLM query embeddings → router context.

A ``reference.embedding_routing.RoutingInstance`` built from a WordNet task (``routing_real.dataset``)
and the embedding experts (``routing_real.embeddings``) [project]:

* **Rewards** r_t(m) = 1 if expert m's top-cosine item for gloss t is a lemma of the gloss's synset,
  else 0 (``expert_answers``, ``rewards_from_answers``). Rewards are in {0, 1} ⊂ [0, 1].
* **Router context** (``router_context``): the MiniLM sentence embedding q_t ∈ R^384 of the gloss
  (the router may run one cheap model on the query), centred over the task's queries, projected on
  its ``d_pca`` leading principal components (default 8), normalised to the unit sphere, then the
  constant coordinate appended: x_t = (z_t/‖z_t‖, 1)/√2, so ‖x_t‖ = 1 and d = d_pca + 1. Without
  the constant coordinate a log-quadratic policy ⟨Θ_m, x xᵀ⟩ is even in x and cannot express a
  per-expert bias; with it, Θ_m's last row/column carry a log-linear part and the corner entry a
  constant (the log-quadratic class then contains the constant and the log-linear classes on the
  same context, up to the scale).
* **Features** Ψ_t = x_t x_tᵀ (rank one, ‖Ψ_t‖_op = 1).
* **Order**: the task's topic-block order (an oblivious switching adversary).

Snapshot: ``save_snapshot`` / ``load_snapshot`` store (contexts, rewards, answers, topics) as a small
``.npz`` shipped in ``data/routing_real/`` so that certificates and tests rebuild the instance with
no model installed; ``tests/test_routing_real.py`` checks the snapshot against the pipeline.

Low-rank structure (``stable_rank``): ‖X‖_F²/‖X‖_op² of each model's centred query embeddings, and
the singular-value spectrum of the best Θ in the nuclear ball (``routing_real.benchmark``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reference.embedding_routing.environment import RoutingInstance
from routing_real import embeddings as em
from routing_real.dataset import DATA_DIR, Task

__all__ = ["D_PCA", "expert_answers", "rewards_from_answers", "router_context", "build_instance", "stable_rank",
           "save_snapshot", "load_snapshot", "snapshot_path"]

#: Leading principal components of the MiniLM query embedding kept in the router context.
D_PCA = 8


def _top_cosine(Q: Any, I: Any, block: int = 512) -> np.ndarray:
    """argmax_i ⟨q_t, e_i⟩ for unit rows (dense or sparse), in blocks of queries (ties: lowest i)."""
    out = np.empty(Q.shape[0], dtype=np.int64)
    for s in range(0, Q.shape[0], block):
        S = Q[s:s + block] @ I.T
        S = S.toarray() if hasattr(S, "toarray") else np.asarray(S)
        out[s:s + block] = np.argmax(S, axis=1)
    return out


def expert_answers(task: Task, experts: Sequence[str] = em.EXPERTS, *, cache: bool = True,
                   folder: Path | None = None) -> tuple[np.ndarray, dict[str, Any], dict[str, bool]]:
    """(answers (T, M): each expert's top item index, query embeddings by expert, cache hits by expert).

    LSA and chargram are fitted on the task's glosses and items (unsupervised; no labels used).
    """
    corpus = list(task.glosses) + list(task.items)
    table = em.expert_embedders(corpus)
    unknown = [e for e in experts if e not in table]
    if unknown:
        raise ValueError(f"expert_answers: experts must be among {list(table)}; got unknown {unknown}.")
    answers = np.empty((task.T, len(experts)), dtype=np.int64)
    queries: dict[str, Any] = {}
    hits: dict[str, bool] = {}
    for m, name in enumerate(experts):
        identity, fn = table[name]
        if cache and name != "chargram":
            Q, hq = em.embed_cached(identity, fn, task.glosses, folder=folder)
            I, hi = em.embed_cached(identity, fn, task.items, folder=folder)
            hits[name] = hq and hi
        else:
            Q, I = fn(task.glosses), fn(task.items)
            hits[name] = False
        answers[:, m] = _top_cosine(Q, I)
        queries[name] = Q
    return answers, queries, hits


def rewards_from_answers(task: Task, answers: np.ndarray) -> np.ndarray:
    """r_t(m) = 1[answers[t, m] ∈ labels(t)] as floats."""
    A = np.asarray(answers)
    if A.shape[0] != task.T:
        raise ValueError(f"rewards_from_answers: answers must have T = {task.T} rows; got {A.shape[0]}.")
    return np.array([[1.0 if int(a) in task.labels[t] else 0.0 for a in A[t]] for t in range(task.T)])


def router_context(Q: np.ndarray, d_pca: int = D_PCA) -> tuple[np.ndarray, dict[str, Any]]:
    """x_t = (z_t/‖z_t‖, 1)/√2 with z_t the d_pca leading principal coordinates of the centred rows of Q."""
    Q = np.asarray(Q, dtype=float)
    if not 1 <= d_pca < min(Q.shape):
        raise ValueError(f"router_context: d_pca must be between 1 and {min(Q.shape) - 1}; got {d_pca}.")
    C = Q - Q.mean(axis=0)
    _, s, Vt = np.linalg.svd(C, full_matrices=False)
    Z = C @ Vt[:d_pca].T
    n = np.linalg.norm(Z, axis=1, keepdims=True)
    Z = Z / np.where(n > 0, n, 1.0)
    X = np.hstack([Z, np.ones((Z.shape[0], 1))]) / np.sqrt(2.0)
    explained = float(np.sum(s[:d_pca] ** 2) / np.sum(s ** 2))
    return X, {"d_pca": d_pca, "explained_variance": explained, "constant_coordinate": True}


def build_instance(contexts: np.ndarray, rewards: np.ndarray, *, kind: str, info: dict[str, Any] | None = None
                   ) -> RoutingInstance:
    """RoutingInstance(queries = contexts, features = x xᵀ, rewards)."""
    X = np.asarray(contexts, dtype=float)
    return RoutingInstance(queries=X, features=np.einsum("ti,tj->tij", X, X), rewards=np.asarray(rewards, dtype=float),
                           kind=kind, info=dict(info or {}))


def stable_rank(X: Any) -> float:
    """‖X − mean‖_F² / ‖X − mean‖_op² of the centred rows (dense)."""
    A = np.asarray(X.toarray() if hasattr(X, "toarray") else X, dtype=float)
    A = A - A.mean(axis=0)
    s = np.linalg.svd(A, compute_uv=False)
    return float(np.sum(s ** 2) / s[0] ** 2)


def snapshot_path(task_name: str, folder: Path | None = None) -> Path:
    """``data/routing_real/<task>_instance.npz``."""
    return (folder or DATA_DIR) / f"{task_name}_instance.npz"


def save_snapshot(path: Path, contexts: np.ndarray, answers: np.ndarray, rewards: np.ndarray,
                  experts: Sequence[str], d_pca: int) -> None:
    """Store what rebuilds the instance without models (contexts as float32, answers and rewards as ints)."""
    np.savez_compressed(path, contexts=np.asarray(contexts, dtype=np.float32), answers=np.asarray(answers, np.int32),
                        rewards=np.asarray(rewards, dtype=np.uint8), experts=np.array(list(experts)),
                        d_pca=np.array(d_pca))


def load_snapshot(task: Task, folder: Path | None = None) -> tuple[RoutingInstance, np.ndarray, list[str]]:
    """(instance, answers, experts) from the shipped snapshot of ``task`` (full task only)."""
    with np.load(snapshot_path(task.name, folder)) as z:
        Z = z["contexts"].astype(float)[:, :-1]                   # undo float32 rounding: ‖z‖ = 1, x_d = 1/√2 exactly
        X = np.hstack([Z / np.linalg.norm(Z, axis=1, keepdims=True), np.ones((len(Z), 1))]) / np.sqrt(2.0)
        R, A, d_pca = z["rewards"].astype(float), z["answers"].astype(np.int64), int(z["d_pca"])
        experts = [str(e) for e in z["experts"]]
    if R.shape[0] != task.T:
        raise ValueError(f"load_snapshot: the snapshot has {R.shape[0]} rounds but task {task.name!r} has {task.T}; "
                         "rebuild it with `python -m certificates routing-real --write-snapshot`.")
    inst = build_instance(X, R, kind=f"wordnet-{task.name}", info={"experts": experts, "d_pca": d_pca,
                                                                    "source": "snapshot"})
    return inst, A, experts
