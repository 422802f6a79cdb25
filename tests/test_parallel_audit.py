"""The parallel and distributed audit (issue 14): ``run --jobs N`` and ``run --scheduler ADDRESS`` give the
JSON report of the serial run (timing fields aside), shards partition a certificate's instances, usage
errors exit 2."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certificates.cli import main
from certificates.parallel import SHARDABLE, Task, merge_shards, plan_tasks, run_task
from certificates.registry import load_all, run_certificate, shard_bounds

#: Fast certificates of both papers (smoke profile): exact, float, LP and sympy routes.
IDS = ["menu_times_sum_eq_k", "credit_menu_times_eq_menu_times", "b_mirror_map_round_trip",
       "eird_box_eq_cap_condition", "dbg_omitted_rounds_identity", "memory_recursion_eq_closed_form"]


def _report(path):
    data = json.loads(path.read_text())
    certs = data["certificates"]
    for c in certs:
        c.pop("seconds")
    return [c["id"] for c in certs], certs


def _run(tmp_path, name, *extra):
    out = tmp_path / f"{name}.json"
    rc = main(["run", "--profile", "smoke", "--only", *IDS, "--json", str(out), "--no-progress", *extra])
    return rc, _report(out)


def test_jobs_2_gives_the_serial_json(tmp_path):
    rc1, serial = _run(tmp_path, "serial")
    rc2, parallel = _run(tmp_path, "jobs2", "--jobs", "2")
    assert rc1 == rc2 == 0
    assert serial == parallel
    assert serial[0] == IDS  # certificates reported in the order asked, whatever order they finished in


def test_dask_local_cluster_gives_the_serial_json(tmp_path):
    distributed = pytest.importorskip("distributed")
    _, serial = _run(tmp_path, "serial")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl:
        rc, dask = _run(tmp_path, "dask", "--scheduler", cl.scheduler_address)
    assert rc == 0
    assert dask == serial


@pytest.mark.parametrize("argv", [["--jobs", "0"], ["--jobs", "two"], ["--jobs", "-1"]])
def test_bad_jobs_is_a_usage_error(argv):
    with pytest.raises(SystemExit) as exc:
        main(["run", "--only", IDS[0], *argv])
    assert exc.value.code == 2


@given(total=st.integers(0, 500), shards=st.integers(1, 16))
def test_shards_partition_the_instance_indices(total, shards):
    blocks = [shard_bounds(total, j, shards) for j in range(shards)]
    assert blocks[0][0] == 0 and blocks[-1][1] == total
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:]))
    assert all(hi - lo in (total // shards, -(-total // shards)) for lo, hi in blocks)


def test_plan_puts_every_certificate_once_and_shards_only_shardable_ones():
    certs = list(load_all().values())
    tasks = plan_tasks(certs, 3)
    assert {t.cert_id for t in tasks} == {c.id for c in certs}
    for t in tasks:
        assert t.shards == (3 if t.cert_id in SHARDABLE else 1)
    with pytest.raises(ValueError, match=r"plan_tasks: jobs must be an integer >= 1"):
        plan_tasks(certs, 0)


@pytest.mark.parametrize("cert_id", sorted(SHARDABLE) + ["menu_times_sum_eq_k"])
def test_shards_merge_to_the_serial_result(cert_id):
    """Every shardable certificate, and one that yields evidence outside ``ctx.instances`` (kept once, by the
    first shard), at the smoke profile in 3 shards (the quick profile's identity: benchmarks/bench_audit.py)."""
    cert = load_all()[cert_id]
    serial = run_certificate(cert, profile="smoke").to_json()
    outputs = [run_task(Task(cert_id, j, 3), "smoke", 0, None)[1] for j in range(3)]
    merged = merge_shards(cert, outputs, profile="smoke", seed=0).to_json()
    serial.pop("seconds")
    merged.pop("seconds")
    assert merged == serial


def test_a_crashing_shard_ends_the_merged_run_where_a_serial_run_stops():
    cert = load_all()["menu_times_sum_eq_k"]
    outputs = [run_task(Task(cert.id, j, 2), "smoke", 0, None)[1] for j in range(2)]
    outputs[0].error = "RuntimeError: boom"
    merged = merge_shards(cert, outputs, profile="smoke", seed=0)
    assert not merged.passed and merged.error == "RuntimeError: boom"
    assert merged.instances == len(outputs[0].evidence)
