"""The audit machinery itself: evidence, aggregation, replayable seeds, reports, CLI exit codes."""

import json
from fractions import Fraction

import pytest

from certificates.cli import main
from certificates.registry import Certificate, Evidence, RunContext, jsonable, load_all, run_certificate


def _cert(check, id="toy_cert"):
    return Certificate(id=id, paper="A", item="toy", statement="toy statement", check=check)


def test_worst_slack_is_the_minimum_and_carries_its_instance():
    def check(ctx):
        for seed, _rng in ctx.instances(quick=5):
            yield Evidence(observed=seed % 7, bound=3, seed=seed, instance={"seed_mod_7": seed % 7})

    result = run_certificate(_cert(check), profile="quick", seed=1)
    assert result.instances == 5
    assert result.worst_slack == 3 - result.worst["instance"]["seed_mod_7"]
    assert result.passed == (result.worst_slack >= 0)


def test_violation_is_reported_not_hidden():
    def check(ctx):
        yield Evidence(observed=Fraction(3, 2), bound=1, seed=0, instance={})

    result = run_certificate(_cert(check), profile="quick")
    assert not result.passed and result.worst_slack == Fraction(-1, 2)
    assert result.to_json()["worst_slack"] == "-1/2"  # exact slack stays exact in JSON


def test_a_crash_is_a_failure_with_the_error_recorded():
    def check(ctx):
        yield Evidence(observed=0, bound=1, seed=0)
        raise RuntimeError("solver exploded")

    result = run_certificate(_cert(check), profile="quick")
    assert not result.passed and "solver exploded" in result.error


def test_a_certificate_that_checks_nothing_fails():
    result = run_certificate(_cert(lambda ctx: iter(())), profile="quick")
    assert not result.passed and result.error == "the certificate checked no instance"


def test_instance_seeds_replay_and_depend_on_run_seed_and_id():
    a = RunContext("x", seed=0)
    assert [s for s, _ in a.instances(quick=3)] == [s for s, _ in RunContext("x", seed=0).instances(quick=3)]
    assert a.instance_seed(0) != RunContext("x", seed=1).instance_seed(0)
    assert a.instance_seed(0) != RunContext("y", seed=0).instance_seed(0)


def test_profiles_scale_instance_counts():
    counts = {p: RunContext("x", profile=p).count(quick=50) for p in ("smoke", "quick", "standard", "audit")}
    assert counts == {"smoke": 8, "quick": 50, "standard": 500, "audit": 5000}
    with pytest.raises(ValueError, match="RunContext: profile must be one of"):
        RunContext("x", profile="fast")


def test_jsonable_keeps_fractions_exact_and_flattens_arrays():
    import numpy as np

    assert jsonable({"a": Fraction(1, 3), "b": np.array([1.5, 2.0]), "c": (np.int64(2),)}) == {
        "a": "1/3", "b": [1.5, 2.0], "c": [2]}


def test_every_registered_certificate_is_well_formed():
    registry = load_all()
    assert registry, "no certificate registered"
    for cid, cert in registry.items():
        assert cid == cert.id and cert.paper in ("A", "B") and cert.item and cert.statement, cid


def test_cli_run_writes_reports_and_exit_code(tmp_path, capsys):
    out = tmp_path / "r"
    code = main(["run", "--only", "menu_times_sum_eq_k", "--profile", "smoke", "--report", str(out),
                 "--json", str(tmp_path / "x.json"), "--no-progress"])
    assert code == 0
    payload = json.loads((out / "report.json").read_text())
    record = payload["certificates"][0]
    for key in ("id", "paper", "item", "passed", "instances", "worst_slack", "seed"):
        assert key in record
    assert (out / "report.md").read_text().startswith("# Certificate audit")
    assert (out / "overview_worst_slack.png").exists()
    assert json.loads((tmp_path / "x.json").read_text())["passed"] is True


def test_cli_exit_code_is_one_when_a_mutant_breaks_a_certificate():
    code = main(["mutants", "--only", "menu_times_sum_eq_k"])
    assert code == 0  # 0 means every mutant was caught


def test_cli_unknown_id_is_a_clear_error(capsys):
    assert main(["run", "--only", "no_such_certificate", "--no-progress"]) == 2
    assert "unknown certificate id(s): no_such_certificate" in capsys.readouterr().out


def test_cli_run_exits_one_when_a_certificate_is_violated():
    cert = load_all()["menu_times_sum_eq_k"]
    with cert.mutants[0].applied():
        code = main(["run", "--only", "menu_times_sum_eq_k", "--profile", "smoke", "--no-progress"])
    assert code == 1


@pytest.mark.parametrize("argv", [
    ["run", "--only", "no_such_id"],
    ["mutants", "--only", "no_such_id"],
    ["run", "--only", "menu_times_sum_eq_k", "--report", "/proc/no/such/folder"],
    ["run", "--only", "menu_times_sum_eq_k", "--json", "/proc/no/such/folder/out.json"],
])
def test_usage_and_environment_errors_exit_2_never_1(argv):
    """Exit status 2 is a usage or environment error; 1 would claim a certificate was violated."""
    assert main(argv) == 2


@pytest.mark.parametrize("seed", ["-5", "abc"])
def test_a_negative_or_non_integer_seed_is_a_usage_error(seed):
    with pytest.raises(SystemExit) as info:  # argparse's own usage error: status 2
        main(["run", "--only", "menu_times_sum_eq_k", "--seed", seed])
    assert info.value.code == 2
