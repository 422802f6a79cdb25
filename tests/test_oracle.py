"""The oracle harness: wrong candidates fail with a minimal instance, correct alternatives pass."""

import argparse
from fractions import Fraction as F

import numpy as np
import pytest
from rich.console import Console

from certificates.oracle import FUNCTIONS, OracleMismatch, OracleUsageError, assert_matches_reference, compare_once
from certificates.oracle.cli import main

EXAMPLES = 25


# -- independent alternative implementations (written from the definitions, not the reference) --
def alt_choice_distribution(menu, scores):
    q = [0.0] * len(scores)
    total = sum(float(scores[j]) for j in menu)
    for i in menu:
        q[i] = float(scores[i]) / total
    return q


def alt_menu_times(p, scores, k):
    ratios = [F(a) / F(b) for a, b in zip(p, scores)] if all(isinstance(x, (int, F)) for x in [*p, *scores]) \
        else [float(a) / float(b) for a, b in zip(p, scores)]
    z = sum(ratios)
    return [k * r / z for r in ratios]


def alt_in_ird(p, scores, k):
    return bool(max(alt_menu_times(p, scores, k)) <= 1 + 1e-12)


def alt_memory_update(memory, chosen, gamma, weight):
    w = gamma * weight + 1
    new = [gamma * weight * x / w for x in memory]
    new[chosen] += 1 / w
    return new, w


def alt_projection(y, lower, upper):  # bisection on the water level θ (a different algorithm)
    y = np.asarray([float(e) for e in y])
    lo = np.broadcast_to(np.asarray(lower, dtype=float), y.shape)
    up = np.broadcast_to(np.asarray(upper, dtype=float), y.shape)
    a, b = float(np.min(y - up)) - 1, float(np.max(y - lo)) + 1
    for _ in range(200):
        mid = (a + b) / 2
        if np.clip(y - mid, lo, up).sum() > 1:
            a = mid
        else:
            b = mid
    return np.clip(y - (a + b) / 2, lo, up)


def alt_credit(menu_distribution, scores, k):
    units = [(m, w / sum(scores[j] for j in m)) for m, w in menu_distribution]
    z = sum(u for _, u in units)
    tau = [0] * len(scores)
    for m, u in units:
        for i in m:
            tau[i] += u / z
    return tau


CORRECT = {
    "choice_distribution": alt_choice_distribution,
    "menu_times": alt_menu_times,
    "in_ird": alt_in_ird,
    "discounted_memory_update": alt_memory_update,
    "project_onto_box_simplex": alt_projection,
    "credit_menu_times": alt_credit,
}


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_alternatives_pass(name):
    summary = assert_matches_reference(name, CORRECT[name], examples=EXAMPLES, seed=1)
    assert summary["passed"] and summary["examples"] >= 1


def test_menu_dist_comb_passes_as_a_menu_dist_candidate():
    from reference.adaptive_preferences.realizability.lemma1_proof_menu_dist import menu_dist_comb

    assert assert_matches_reference("menu_dist", menu_dist_comb, examples=EXAMPLES, seed=2)["passed"]


def test_wrong_menu_times_fails_with_minimal_instance():
    def wrong(p, scores, k):  # forgets the factor k when k ≥ 3
        tau = alt_menu_times(p, scores, k)
        return [t * (k - 1) / k for t in tau] if k >= 3 else tau

    with pytest.raises(OracleMismatch, match=r"Minimal differing instance") as info:
        assert_matches_reference("menu_times", wrong, examples=200, seed=0)
    report = info.value.report
    args = eval(report["arguments"], {"Fraction": F, "np": np})  # the report is Python that rebuilds the instance
    assert args[2] == 3  # shrunk to the smallest k that shows the bug
    assert "differ" in report["difference"]
    assert "Fraction(" in report["replay"] or "np.array(" in report["replay"] or "[" in report["replay"]


def test_wrong_menu_dist_fails():
    from reference.adaptive_preferences.realizability.sec2_choice import all_menus

    def uniform_over_menus(p, scores, k):  # a valid menu distribution that ignores p
        ms = all_menus(len(p), k)
        return [(m, F(1, len(ms))) for m in ms]

    with pytest.raises(OracleMismatch, match=r"induced distribution"):
        assert_matches_reference("menu_dist", uniform_over_menus, examples=60, seed=0, max_size=8)  # C(n, k) menus


def test_crashing_and_malformed_candidates_fail():
    with pytest.raises(OracleMismatch, match=r"the candidate raised ZeroDivisionError"):
        assert_matches_reference("choice_distribution", lambda menu, scores: 1 / 0, examples=5)
    with pytest.raises(OracleMismatch, match=r"has shape \(9,\)"):
        assert_matches_reference("choice_distribution", lambda menu, scores: [0.0] * 9, examples=30)
    message = compare_once("in_ird", lambda p, s, k: "yes", ([F(1)], [F(1)], 1))
    assert message.startswith("the candidate's membership is 'yes'")


def test_exact_candidate_held_to_exact_equality():
    def off_by_tiny(p, scores, k):
        tau = alt_menu_times(p, scores, k)
        return [t + F(1, 10**30) if isinstance(t, F) else t for t in tau]

    with pytest.raises(OracleMismatch, match=r"exact outputs differ"):
        assert_matches_reference("menu_times", off_by_tiny, examples=100, seed=0)


def test_table_covers_required_functions():
    for name in ["choice_distribution", "menu_times", "in_ird", "ird_margin", "discounted_memory_update",
                 "project_onto_box_simplex", "menu_dist", "menu_dist_comb", "credit_menu_times"]:
        assert name in FUNCTIONS


def _args(name, candidate, examples=EXAMPLES, seed=0, **kw):
    opts = {"list": False, "max_size": None, "min_size": 1, "rounds": None, "mode": "replay", "json": None}
    return argparse.Namespace(name=name, candidate=candidate, examples=examples, seed=seed, **{**opts, **kw})


def test_cli_exit_codes(tmp_path, monkeypatch):
    (tmp_path / "cand_mod.py").write_text(
        "def good(p, scores, k):\n"
        "    from reference.adaptive_preferences.realizability.lemma1_menu_times import ird_margin\n"
        "    return ird_margin(p, scores, k)\n"
        "def bad(p, scores, k):\n"
        "    return 0.5\n")
    monkeypatch.chdir(tmp_path)
    console = Console(record=True, width=120)
    assert main(_args("ird_margin", "cand_mod:good"), console) == 0
    assert main(_args("ird_margin", "cand_mod:bad"), console) == 1
    assert "Minimal differing instance" in console.export_text()
    assert main(_args("no_such_function", "cand_mod:good"), console) == 2
    assert main(_args("ird_margin", "cand_mod"), console) == 2


def test_errors_are_full_sentences():
    with pytest.raises(OracleUsageError, match=r"check_function: name must be one of"):
        assert_matches_reference("nope", alt_menu_times)
    with pytest.raises(OracleUsageError, match=r"check_function: candidate must be callable"):
        assert_matches_reference("menu_times", 3)
    with pytest.raises(OracleUsageError, match=r"check_function: examples must be a positive integer"):
        assert_matches_reference("menu_times", alt_menu_times, examples=0)
