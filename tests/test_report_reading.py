"""Reports a reader reads right: evidence kinds kept apart (``certificates/evidence_kinds.py``,
``certificates/report.py``), the worst instance is the one closest to failing, every figure is titled with
its certificate and run, and the JSON is deterministic.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from certificates.evidence_kinds import kind_of
from certificates.plots import figure, figure_title
from certificates.registry import Certificate, Evidence, RunContext, load_all, run_certificate
from certificates.report import kind_cells, markdown_summary, overview_plot, relative_slack, write_reports


def _checks_then_bound(ctx):
    for i in range(3):  # exact yes/no checks first: they used to be "the worst" (ties at slack 0)
        yield Evidence(observed=Fraction(0), bound=Fraction(0), seed=i, instance={"i": i})
    yield Evidence(observed=1e-15, bound=1e-12, seed=10, instance={"route": "float"})
    yield Evidence(observed=0.5, bound=1.0, seed=11, instance={"route": "bound, half used"})
    yield Evidence(observed=0.2, bound=1.0, seed=12, instance={"route": "bound, a fifth used"})


def _pure_checks(ctx):
    for i in range(4):
        yield Evidence(observed=0, bound=0, seed=i)


def _failing_check(ctx):
    yield Evidence(observed=0.1, bound=1.0, seed=1)
    yield Evidence(observed=1, bound=0, seed=2, note="mismatch")


def _cert(check, cid="fake_cert") -> Certificate:
    return Certificate(id=cid, paper="A", item="Lemma 0", statement="a test certificate", check=check)


def test_kinds_are_inferred_from_the_bound_and_can_be_declared():
    assert kind_of(Evidence(observed=Fraction(0), bound=Fraction(0), seed=None)) == "check"
    assert kind_of(Evidence(observed=0.0, bound=0.0, seed=None)) == "check"       # max(0, violation) vs 0
    assert kind_of(Evidence(observed=1e-16, bound=1e-12, seed=None)) == "tolerance"
    assert kind_of(Evidence(observed=3.0, bound=5.0, seed=None)) == "bound"
    assert kind_of(Evidence(observed=0.01, bound=0.02, seed=None, kind="tolerance")) == "tolerance"
    with pytest.raises(ValueError, match="kind_of: an evidence kind must be one of"):
        kind_of(Evidence(observed=0, bound=1, seed=None, kind="slack"))


def test_the_worst_instance_is_the_one_closest_to_failing_not_the_first_tie():
    result = run_certificate(_cert(_checks_then_bound), profile="smoke")
    assert result.passed and result.worst["seed"] == 11              # the bound at half its value
    assert result.kinds["check"]["count"] == 3 and "example" in result.kinds["check"]
    assert result.kinds["tolerance"]["fraction_of_tolerance_used"] == pytest.approx(1e-3)
    assert result.kinds["bound"]["relative_slack"] == pytest.approx(0.5)
    failing = run_certificate(_cert(_failing_check), profile="smoke")
    assert not failing.passed and failing.worst["seed"] == 2 and failing.kinds["check"]["failed"] == 1
    assert "worst" in failing.kinds["check"]


def test_lemma1_worst_instance_is_a_float_instance_not_the_first_symbolic_check():
    result = run_certificate(load_all()["menu_times_sum_eq_k"], profile="smoke")
    assert result.worst["instance"]["route"] == "float"
    assert result.kinds["check"]["count"] >= 4 and result.kinds["tolerance"]["count"] >= 1


def test_yes_no_checks_are_never_reported_as_tight_bounds(tmp_path):
    results = [run_certificate(_cert(_pure_checks, "only_checks"), profile="smoke"),
               run_certificate(_cert(_checks_then_bound, "mixed"), profile="smoke")]
    assert relative_slack(results[0]) == (None, "no bound")           # was (0.0, "exact equality")
    assert kind_cells(results[0])["check"] == "4/4 held" and kind_cells(results[0])["bound"] == "—"
    md = markdown_summary(results, profile="smoke", seed=0)
    assert "exact equality" not in md and "tight" not in md.split("| certificate |")[1].split("\n")[2]
    assert "every holding check is as far from failing as any other" in md
    assert overview_plot(results, tmp_path / "o.png", profile="smoke", seed=0).stat().st_size > 0


def test_json_report_is_deterministic_and_carries_the_kinds(tmp_path):
    def payload(folder):
        result = run_certificate(_cert(_checks_then_bound), profile="smoke", seed=3)
        write_reports([result], json_path=None, report_dir=folder, profile="smoke", seed=3)
        data = json.loads((folder / "report.json").read_text())
        data.pop("created")
        for rec in data["certificates"]:
            rec.pop("seconds")
        return data

    first, second = payload(tmp_path / "a"), payload(tmp_path / "b")
    assert first == second
    assert set(first["evidence_kinds"]) == {"bound", "tolerance", "check", "measurement"}
    assert first["certificates"][0]["kinds"]["bound"]["worst"]["kind"] == "bound"


def test_every_figure_is_titled_with_certificate_profile_and_seed(tmp_path):
    ctx = RunContext("some_certificate", profile="smoke", seed=5, report_dir=tmp_path)
    path = ctx.figure_path("curve")
    with figure(path, ctx=ctx, title="what is drawn") as (fig, (ax,)):
        ax.plot([0, 1], [0, 1])
        title = fig._suptitle.get_text()
    assert title == "some_certificate — profile smoke, seed 5\nwhat is drawn" == figure_title(ctx, "what is drawn")
    assert path.stat().st_size > 0
    assert figure_title(path=path) == "some_certificate"  # without ctx: the id from the file name
