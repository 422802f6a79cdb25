"""The real routing benchmark: models, headroom, class gaps, low-rank structure, paired learner table, plots.

``run_benchmark(tasks, seeds, report_dir)`` does, per task (``routing_real.dataset``):

1. expert answers and rewards (``routing_real.instance``; embeddings cached by content hash);
2. per-model top-1 accuracy, the per-query oracle (unconstrained best), the headroom oracle − best
   model, how often the two best models are both right;
3. the class table (``routing_real.classes``) and the comparator: the best log-quadratic policy in
   the nuclear ball of radius τ (``regret.best_fixed_log_quadratic``), with its spectrum and that of
   the unbounded fitted Θ, and the stable rank of each model's query embeddings;
4. every learner of ``routing_real.learners.available_learners`` over ``seeds`` seeds, paired (the
   same seed drives the bandit sampling of every learner): total expected reward Σ_t⟨π_t, r_t⟩ ± SE,
   regret against the best-in-ball value, paired difference to bound-tuned HPG ± SE;
5. plots: cumulative expected reward vs rounds (mean over seeds), per-topic-block accuracy.

τ = 8 by default (s·B·√M read as rank 2 with B ≈ 1.8 at M = 5; a log-quadratic policy with ‖Θ‖_* ≤ 8
has logits in [−8, 8], enough to route almost deterministically). Everything is recorded, nothing
asserted: the certificate ``b_real_routing_*`` (``certificates/embedding_routing/real_routing.py``)
checks what is provable on the same instance.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import reference.embedding_routing.hpg as hpg
import reference.embedding_routing.regret as rg
from reference.embedding_routing.environment import RoutingInstance
from routing_real import classes as cl
from routing_real import dataset as ds
from routing_real import embeddings as em
from routing_real import instance as ri
from routing_real import learners as lr

__all__ = ["TAU", "Prepared", "prepare", "model_table", "learner_table", "run_benchmark"]

TAU = 8.0


@dataclass
class Prepared:
    """A task with its experts' answers, rewards and routing instance."""

    task: ds.Task
    answers: np.ndarray
    instance: RoutingInstance
    experts: list[str]
    stable_ranks: dict[str, float] = field(default_factory=dict)
    cache_hits: dict[str, bool] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    router_embeddings: np.ndarray | None = None


def prepare(name: str, *, subset: bool = False, d_pca: int = ri.D_PCA, cache: bool = True) -> Prepared:
    """Embed, answer, score; the router context from MiniLM (``instance.router_context``)."""
    t0 = time.perf_counter()
    task = ds.load_task(name, subset=subset)
    answers, Q, hits = ri.expert_answers(task, cache=cache)
    R = ri.rewards_from_answers(task, answers)
    X, ctx = ri.router_context(Q["minilm"], d_pca)
    inst = ri.build_instance(X, R, kind=f"wordnet-{task.name}", info={"experts": list(em.EXPERTS), **ctx})
    ranks = {k: ri.stable_rank(v) for k, v in Q.items() if not hasattr(v, "toarray")}
    return Prepared(task, answers, inst, list(em.EXPERTS), ranks, hits, {"model": "minilm", **ctx},
                    time.perf_counter() - t0, np.asarray(Q["minilm"]))


def model_table(task: ds.Task, R: np.ndarray, experts: list[str]) -> dict[str, Any]:
    """Accuracy per model, the per-query oracle, headroom, overlap of the two best, per-topic accuracy."""
    acc = R.mean(axis=0)
    order = np.argsort(-acc)
    a, b = int(order[0]), int(order[1])
    either = (R[:, a] + R[:, b]) > 0
    topics = sorted(set(task.topics), key=task.topics.index)
    t_arr = np.array(task.topics)
    per_topic = {tp: R[t_arr == tp].mean(axis=0).tolist() + [float(R[t_arr == tp].max(axis=1).mean())]
                 for tp in topics}
    return {"accuracy": dict(zip(experts, acc.tolist())), "oracle": float(R.max(axis=1).mean()),
            "headroom": float(R.max(axis=1).mean() - acc[a]), "best_two": [experts[a], experts[b]],
            "both_right": int(np.sum(R[:, a] * R[:, b])), "either_right": int(either.sum()),
            "topic_sizes": {tp: int(np.sum(t_arr == tp)) for tp in topics}, "per_topic": per_topic}


_JOB: dict[str, Any] = {}


def _lockstep_engine() -> Any:
    """``engines.paper_b.routing`` if importable (the lockstep loop: all seeds of a learner at once), else None."""
    try:
        from engines.paper_b import routing
    except ImportError:
        return None
    return routing


def _one_run(job: tuple[int, int]) -> tuple[int, int, np.ndarray | str]:
    """One (learner, seed) run — or, seed = −1, all seeds in lockstep; a learner that raises gives its error."""
    k, seed = job
    spec, inst, tau = _JOB["specs"][k], _JOB["instance"], _JOB["tau"]
    try:
        if seed < 0:
            engine = _lockstep_engine()
            name, params = spec.lockstep
            run = engine.lockstep_routing_run(engine.RouterSpec(name, params(inst, tau)), inst, _JOB["seeds"])
            return k, seed, run.expected
        return k, seed, hpg.run_learner(spec.build(inst, tau, seed), inst, seed).expected
    except Exception as exc:  # noqa: BLE001 — a helper's learner in progress must not stop the benchmark
        return k, seed, f"{type(exc).__name__}: {exc}"


def learner_table(inst: RoutingInstance, specs: list[lr.LearnerSpec], seeds: list[int], tau: float,
                  best_in_ball: float, *, workers: int = 2) -> tuple[list[dict], dict[str, np.ndarray]]:
    """Paired runs; rows with reward ± SE, regret to the best-in-ball value, difference to specs[0] ± SE."""
    _JOB.update(specs=specs, instance=inst, tau=tau, seeds=seeds)
    fast = _lockstep_engine() is not None
    jobs = [(k, -1) if fast and spec.lockstep else (k, s) for k, spec in enumerate(specs)
            for s in (seeds[:1] if fast and spec.lockstep else seeds)]
    if workers > 1 and "fork" in mp.get_all_start_methods():
        with mp.get_context("fork").Pool(workers) as pool:
            results = pool.map(_one_run, jobs, chunksize=1)
    else:
        results = [_one_run(j) for j in jobs]
    curves = {spec.name: np.zeros((len(seeds), inst.T)) for spec in specs}
    errors: dict[str, str] = {}
    for k, seed, expected in results:
        if isinstance(expected, str):
            errors[specs[k].name] = expected
        elif seed < 0:
            curves[specs[k].name][:] = expected
        else:
            curves[specs[k].name][seeds.index(seed)] = expected
    for name in errors:
        curves.pop(name)
    totals = {name: c.sum(axis=1) for name, c in curves.items()}
    ref = totals[specs[0].name]
    n = len(seeds)
    rows = []
    for spec in specs:
        if spec.name in errors:
            rows.append({"learner": spec.name, "family": spec.family, "error": errors[spec.name]})
            continue
        tot = totals[spec.name]
        diff = tot - ref
        se = lambda v: float(np.std(v, ddof=1) / np.sqrt(n)) if n > 1 else 0.0
        rows.append({"learner": spec.name, "family": spec.family, "reward": float(tot.mean()), "se": se(tot),
                     "regret_vs_ball": float(best_in_ball - tot.mean()), "diff_vs_first": float(diff.mean()),
                     "diff_se": se(diff)})
    return rows, curves


#: Bump when the class computations change: their results are cached under a key that includes it.
CLASS_CACHE_VERSION = 1


def _class_tables(p: Prepared, tau: float) -> dict[str, Any]:
    """Best Θ in the balls τ and 4τ, the class rows, the context sensitivity — cached by a hash of their inputs."""
    inst = p.instance
    parts = [str(CLASS_CACHE_VERSION), repr(tau), inst.queries.tobytes(), inst.rewards.tobytes(),
             b"" if p.router_embeddings is None else p.router_embeddings.tobytes()]
    key = em.content_key(*parts)
    path = em.cache_dir() / f"classes-{key}.npz"
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            return json.loads(str(z["tables"])) | {"U": z["U"], "theta_unbounded": z["theta_unbounded"]}
    best, U = rg.best_fixed_log_quadratic(inst, tau, 0, iterations=300)
    wide, _ = rg.best_fixed_log_quadratic(inst, 4 * tau, 0, iterations=300)
    rows, extra = cl.class_rows(inst, tau, 0, best_in_ball={tau: best, 4 * tau: wide})
    sens = [] if p.router_embeddings is None else cl.context_sensitivity(p.router_embeddings, inst.rewards, (16, 32), 0)
    tables = {"best": best, "rows": rows, "sens": sens}
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, tables=np.array(json.dumps(_jsonable(tables))), U=U, theta_unbounded=extra["theta_unbounded"])
    return tables | {"U": U, "theta_unbounded": extra["theta_unbounded"]}


def _task_report(p: Prepared, seeds: list[int], tau: float, workers: int) -> tuple[dict, dict]:
    inst = p.instance
    t0 = time.perf_counter()
    ct = _class_tables(p, tau)
    best, U, rows, sens, extra = ct["best"], ct["U"], ct["rows"], ct["sens"], {"theta_unbounded": ct["theta_unbounded"]}
    t1 = time.perf_counter()
    specs, missing = lr.available_learners()
    lrows, curves = learner_table(inst, specs, seeds, tau, best, workers=workers)
    t2 = time.perf_counter()
    spec_ball = cl.theta_spectrum(U)
    spec_unb = cl.theta_spectrum(extra["theta_unbounded"])
    report = {
        "task": p.task.name, "T": inst.T, "d": inst.d, "M": inst.M, "items": len(p.task.items), "tau": tau,
        "experts": p.experts, "context": p.context, "cache_hits": p.cache_hits,
        "models": model_table(p.task, inst.rewards, p.experts),
        "stable_ranks": p.stable_ranks, "classes": rows, "best_in_ball": best, "context_sensitivity": sens,
        "theta_ball": {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in spec_ball.items()},
        "theta_unbounded": {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in spec_unb.items()},
        "learners": lrows, "seeds": seeds, "missing_learners": missing,
        "seconds": {"prepare": p.seconds, "classes": t1 - t0, "learners": t2 - t1},
    }
    return report, curves


def run_benchmark(tasks: list[str], seeds: int, report_dir: Path, *, tau: float = TAU, workers: int = 2,
                  subset: bool = False) -> dict[str, Any]:
    """Run every task; write report.json, report.md and the plots into ``report_dir``; return the report."""
    from routing_real import report as rp

    report_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"tasks": {}}
    for name in tasks:
        p = prepare(name, subset=subset)
        rep, curves = _task_report(p, list(range(seeds)), tau, workers)
        rep["plots"] = rp.plots(rep, curves, p, report_dir)
        out["tasks"][name] = rep
    (report_dir / "report.json").write_text(json.dumps(_jsonable(out), indent=1), encoding="utf-8")
    (report_dir / "report.md").write_text(rp.markdown(out), encoding="utf-8")
    return out


def _jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return _jsonable(x.tolist())
    if isinstance(x, (np.floating, np.integer, np.bool_)):
        return x.item()
    return x
