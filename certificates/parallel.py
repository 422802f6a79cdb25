"""The parallel and distributed audit: certificates and shards of their instances in several processes.

``paper-audit run --jobs N`` runs the audit's *tasks* in N local processes; ``--scheduler ADDRESS`` runs the
same tasks on a Dask distributed cluster (start one with ``dask scheduler`` and ``dask worker ADDRESS`` on as
many machines as you have, each with this project installed). A task is one certificate, or one *shard* of
the certificates listed in ``SHARDABLE``: a contiguous block of its instance indices (``RunContext.instances``
yields only that block, with the seeds of the whole run — seeds are a function of (run seed, certificate id,
index) only). The shards of a certificate are merged back in index order, so the result — worst slack, worst
instance (the first of the minimal slacks, as in a serial run), instance count, extras — is the serial one,
and the JSON report is identical whatever N or cluster (the ``seconds`` fields aside).

A certificate is shardable when nothing it records depends on which instances ran: it keeps no summary
across instances (``ctx.record``), draws no figure and counts instances only through ``ctx.instances``.
``tests/test_parallel_audit.py`` checks every id in ``SHARDABLE`` sharded against unsharded.

Figures are written by the process that runs the certificate: on a cluster, ``--report`` must name a folder
every worker can write (a shared filesystem), or plots are left on the workers' disks.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from certificates.registry import (
    Certificate,
    CertificateResult,
    Evidence,
    RunContext,
    collect_evidence,
    load_all,
    summarise,
)

__all__ = ["SHARDABLE", "EXPENSIVE_FIRST", "Task", "ShardOutput", "plan_tasks", "run_task", "merge_shards",
           "run_parallel"]

#: Certificates whose instances may be split into shards (what they record does not depend on which instances
#: ran, their work is in ``ctx.instances``) and for which splitting pays (measured: two shards each take about
#: half the serial time on the quick profile); each is checked sharded against unsharded in the test suite.
SHARDABLE: frozenset[str] = frozenset({
    "theorem2_bound_exponent_eq_one_minus_c_over_4", "hardness_best_self_realizable_reward_eq_h_of_mis",
    "hardness_menu_time_solve_and_gradient", "relaxed_ird_contains_ird_of_log_spread_le",
    "targeting_error_le_delta_of_log_spread", "lowest_memory_fill_is_lru_rotation",
})

#: Ids started first (longest first, measured on the quick profile): a pool that starts the long
#: certificates early finishes the short ones in their shadow (longest-processing-time-first scheduling).
EXPENSIVE_FIRST = (
    "algorithm3_memory_exponent_sweep", "algorithm3_invariants_and_regret_le_bound",
    "theorem3_5_baselines_paired_comparison", "b_hpg_regret_scaling_exponents",
    "theorem3_apriori_bound_dominates_and_interior_optimum", "algorithm2_regret_le_theorem2_bound_with_invariants",
    "algorithm3_invariant5_holds_with_noise_scaled_schedule",
    "algorithm3_invariants_hold_under_moving_factor_schedule", "theorem2_bound_exponent_eq_one_minus_c_over_4",
    "mem_ird_iff_menu_times_le_one", "short_memory_learners_lose_a_constant_per_round",
)


@dataclass(frozen=True)
class Task:
    """One unit of work: shard ``shard`` of ``shards`` of certificate ``cert_id``."""

    cert_id: str
    shard: int = 0
    shards: int = 1


def plan_tasks(certs: Sequence[Certificate], jobs: int) -> list[Task]:
    """The tasks of a run, expensive certificates first; shardable ones split into ``jobs`` shards."""
    if not (isinstance(jobs, int) and jobs >= 1):
        raise ValueError(f"plan_tasks: jobs must be an integer >= 1; got {jobs!r}.")
    rank = {cid: i for i, cid in enumerate(EXPENSIVE_FIRST)}
    ordered = sorted(certs, key=lambda c: rank.get(c.id, len(rank)))  # stable: registry order otherwise
    tasks = []
    for cert in ordered:
        shards = jobs if cert.id in SHARDABLE else 1
        tasks.extend(Task(cert.id, j, shards) for j in range(shards))
    return tasks


@dataclass
class ShardOutput:
    """What a worker sends back: the evidence of one task, in the order the certificate yielded it."""

    evidence: list[Evidence]
    error: str | None
    seconds: float
    extra: dict
    figures: list[str]


def run_task(task: Task, profile: str, seed: int, report_dir: str | None) -> tuple[Task, ShardOutput]:
    """Run one task in this process (a worker): load the registry, collect the evidence of the certificate's shard."""
    cert = load_all()[task.cert_id]
    ctx = RunContext(cert.id, profile=profile, seed=seed, report_dir=Path(report_dir) if report_dir else None,
                     shard=(task.shard, task.shards))
    evidence, error, seconds = collect_evidence(cert, ctx)
    return task, ShardOutput(evidence, error, seconds, ctx.extra, ctx.figures)


def merge_shards(cert: Certificate, parts: Sequence[ShardOutput], *, profile: str, seed: int) -> CertificateResult:
    """The serial result from the outputs of a certificate's shards, given in shard order: their evidence
    concatenated (up to the first shard that crashed, where a serial run would have stopped) and summarised
    by the serial runner's own ``summarise``. Shards that recorded different extras cannot be merged: that
    is reported as the certificate's error (it does not belong in ``SHARDABLE``)."""
    evidence: list[Evidence] = []
    error = None
    for part in parts:
        evidence.extend(part.evidence)
        if part.error:
            error = part.error
            break
    if any(part.extra != parts[0].extra for part in parts):
        error = error or f"merge_shards: the shards of {cert.id} recorded different extras; it is not shardable."
    return summarise(cert, evidence, error=error, seconds=sum(p.seconds for p in parts), profile=profile,
                     seed=seed, extra=parts[0].extra, figures=sorted({f for p in parts for f in p.figures}))


def _submitter(jobs: int, scheduler: str | None):
    """A context manager yielding ``submit(fn, *args) -> future`` and the matching ``as_completed``."""
    if scheduler is None:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
        return pool, pool.submit, as_completed
    from distributed import Client
    from distributed import as_completed as dask_as_completed

    client = Client(scheduler, set_as_default=False, timeout=10)
    submit = lambda fn, *a: client.submit(fn, *a, pure=False)
    return client, submit, (lambda fs: dask_as_completed(fs, loop=client.loop))


def run_parallel(certs: Sequence[Certificate], *, profile: str, seed: int, report_dir: Path | None,
                 jobs: int = 1, scheduler: str | None = None,
                 on_done: Callable[[Task, ShardOutput, int, int], None] | None = None) -> list[CertificateResult]:
    """Run ``certs`` as tasks in ``jobs`` local processes (or on the Dask cluster at ``scheduler``) and return
    one merged result per certificate, in the order of ``certs``. ``on_done(task, result, done, total)``
    is called in this process as each task finishes (progress across workers)."""
    tasks = plan_tasks(certs, jobs)
    folder = str(report_dir) if report_dir is not None else None
    owner, submit, completed = _submitter(jobs, scheduler)
    parts: dict[str, dict[int, ShardOutput]] = {c.id: {} for c in certs}
    with owner:
        futures = [submit(run_task, task, profile, seed, folder) for task in tasks]
        for done, future in enumerate(completed(futures), start=1):
            task, output = future.result()
            parts[task.cert_id][task.shard] = output
            if on_done:
                on_done(task, output, done, len(tasks))
    return [merge_shards(c, [parts[c.id][j] for j in sorted(parts[c.id])], profile=profile, seed=seed) for c in certs]
