"""``python -m certificates explain`` and ``list --item/--paper``: one page per paper item, in the terminal.

The page of an item shows its statement and status tags, the proof (the implementing module's docstring and
the reconstruction section that names it), the implementing functions' source, and its certificates'
evidence with the exact replay command; an unknown item exits 2 with the closest labels.
"""

from __future__ import annotations

import pytest

from certificates.cli import main
from certificates.explain import UnknownItem, evidence_record, item_record, resolve
from certificates.paper_items import find_items, item_labels, load_items
from certificates.registry import load_all, run_certificate


def _explain(capsys, *argv) -> tuple[int, str]:
    code = main(["explain", *argv])
    return code, capsys.readouterr().out


def test_explain_paper_a_item_shows_statement_proof_code_and_certificates(capsys):
    code, out = _explain(capsys, "a lemma 1", "--no-run")
    assert code == 0
    assert "A Lemma 1" in out and "[seed]" in out and "[recon]" in out          # statement with status tags
    assert "Appendix B.1, proof of Lemma 1" in out                               # the proof's rows come along
    assert "module reference.adaptive_preferences.realizability.lemma1_menu_times" in out  # the module docstring
    assert 'docs/reconstruction_A.md § "6. Lemma 1' in out                       # the reconstruction section
    assert "def menu_times(" in out and "def menu_dist(" in out                  # the implementing source
    for cid in ("menu_times_sum_eq_k", "mem_ird_iff_menu_times_le_one", "credit_menu_times_eq_menu_times",
                "menu_dist_reproduces_p"):
        assert f"python -m certificates run --only {cid} --profile smoke --seed 0" in out


def test_explain_paper_b_item_by_acronym(capsys):
    code, out = _explain(capsys, "B", "HPG", "--no-run")  # unquoted words are joined
    assert code == 0
    assert "B Hypentropy Policy Gradient" in out
    assert "class HPG" in out and "b_omd_inequality_pathwise" in out
    assert "Related rows" in out and "B Õ(s√(MT)) linearized policy regret" in out


def test_explain_runs_a_fast_certificate_at_smoke_and_shows_its_evidence(capsys):
    code, out = _explain(capsys, "A Lemma 4")
    assert code == 0
    assert "memory_drift_le_lemma4_bound — profile smoke, seed 0" in out
    assert "bound with slack" in out and "exact yes/no check" in out           # evidence by kind
    assert "relative slack" in out and "worst instance: seed" in out
    assert "replay: python -m certificates run --only memory_drift_le_lemma4_bound --profile smoke --seed 0" in out


def test_explain_list_prints_every_item_of_both_papers(capsys):
    code, out = _explain(capsys, "--list")
    assert code == 0
    for label in ("A Lemma 1", "A Theorem 1", "B Hypentropy Policy Gradient", "B Misspecification"):
        assert label in out
    assert "(HPG)" in out


@pytest.mark.parametrize("query", ["A Lemma 11", "no_such_certificate", "C Lemma 1", ""])
def test_unknown_item_exits_2_with_the_closest_matches(capsys, query):
    code, out = _explain(capsys, query, "--no-run")
    assert code == 2
    assert "usage error" in out and "explain --list" in out
    if query == "A Lemma 11":
        assert "Closest:" in out and "A Lemma 1" in out


def test_certificate_id_is_an_item_too():
    sel = resolve("MENU_TIMES_SUM_EQ_K")
    assert sel.certificate_ids == ["menu_times_sum_eq_k"]
    assert any(it.name == "Lemma 1" for it in sel.items)
    with pytest.raises(ValueError, match="explain: unknown item"):
        resolve("A Lemma 99")
    assert issubclass(UnknownItem, ValueError)


def test_list_filters_by_item_and_paper_and_shows_files(capsys):
    assert main(["list", "--item", "A Lemma 1"]) == 0
    out = capsys.readouterr().out
    assert "menu_times_sum_eq_k" in out and "realizability/lemma1_menu_times.py" in out
    assert "b_hpg_expected_regret_le_bound" not in out
    assert main(["list", "--paper", "B"]) == 0
    out = capsys.readouterr().out
    assert "b_hpg_expected_regret_le_bound" in out and "menu_times_sum_eq_k" not in out
    assert "certificates/embedding_routing/hpg_regret.py" in out
    assert main(["list", "--item", "B No Such Thing"]) == 2


def test_every_label_finds_its_own_row():
    items = [it for it in load_items() if it.paper]
    for it in items:
        assert it in find_items(it.label), it.label
    assert len(item_labels()) >= 60


def test_item_record_is_the_page_as_data():
    rec = item_record("A Theorem 1")
    assert rec["label"] == "A Theorem 1" and "project" in rec["tags"]
    assert rec["statement"].startswith("Theorem 1 (§3.2)")
    assert any("thm1_dbg" in p["module"] and p["docstring"] for p in rec["proofs"])
    assert any(c["name"] == "dbg_regret_bound" and c["source"].startswith("def dbg_regret_bound") for c in rec["code"])
    assert rec["certificates"][0]["file"].startswith("certificates/adaptive_preferences/long_memory/")
    assert rec["findings"] and rec["tests"]
    cert = load_all()["menu_times_sum_eq_k"]
    ev = evidence_record(run_certificate(cert, profile="smoke"))
    assert set(ev["kinds"]) == {"tolerance", "check"} and ev["replay"].endswith("--profile smoke --seed 0")


def test_every_row_has_a_record_with_its_sources_and_proofs():
    """The documentation site renders every row from ``item_record``: each named function's source is found."""
    for it in load_items():
        rec = item_record(it)
        assert all(code["source"] and code["lineno"] for code in rec["code"]), it.label
        assert all(proof["docstring"] for proof in rec["proofs"]), it.label
