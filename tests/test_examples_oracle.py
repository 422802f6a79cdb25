"""examples/ dogfoods the oracle: the fast implementations pass it with their default options, every planted
bug is caught and shrunk to an instance that shows its trigger, and the CLI agrees (exit status 0)."""

import subprocess
import sys
from fractions import Fraction
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from certificates.oracle import OracleMismatch, assert_matches_reference, assert_trajectory_matches

# examples/ is importable through pyproject's pytest option pythonpath = ["."] (the repository root)
from examples import fast_paper_a as fa
from examples import fast_paper_b as fb
from examples import planted_bugs as pb

ROOT = Path(__file__).resolve().parents[1]

FAST_FUNCTIONS = {
    "menu_times": fa.menu_times,
    "project_onto_box_simplex": fa.project_onto_box_simplex,
    "bregman_project_nuclear_ball": fb.bregman_project_nuclear_ball,
    "project_singular_values": fb.project_singular_values,
    "bregman_project_dual": fb.bregman_project_dual,
}


def _instance(report: dict) -> tuple:
    """The minimal differing instance of a function report (Python source) as a tuple."""
    return eval(report["arguments"], {"Fraction": Fraction, "np": np})  # noqa: S307 (the oracle's own literal)


@pytest.mark.parametrize("name", sorted(FAST_FUNCTIONS))
def test_fast_function_passes_the_oracle(name):
    summary = assert_matches_reference(name, FAST_FUNCTIONS[name])
    assert summary["passed"] and summary["examples"] == 200


def test_fast_hpg_passes_the_trajectory_oracle(oracle):  # the pytest plugin's fixture
    summary = oracle.algorithm("HPG", fb.FastHPG)  # --oracle-rounds / --oracle-seed / --oracle-max-size apply
    assert summary["passed"]


def test_fast_functions_agree_with_the_reference_on_fractions():
    p, f = [Fraction(1, 3), Fraction(2, 3)], [Fraction(1), Fraction(2)]
    assert np.allclose(fa.menu_times(p, f, 1), [0.5, 0.5])
    assert np.allclose(fa.project_onto_box_simplex([Fraction(1, 3), Fraction(2, 3)], Fraction(0), Fraction(1, 2)),
                       [0.5, 0.5])


def test_gram_projection_is_rejected_where_sqrt_loses_digits():
    """The README's cautionary example: σ = √λ(X Xᵀ) halves the digits of small σ; the oracle shrinks to β ≪ τ."""
    with pytest.raises(OracleMismatch, match=r"tolerance 'projection'"):
        assert_matches_reference("bregman_project_nuclear_ball", partial(fb.bregman_project_nuclear_ball,
                                                                         method="gram"))


def test_planted_float32_for_large_n_is_caught():
    with pytest.raises(OracleMismatch) as info:
        assert_matches_reference("menu_times", pb.menu_times_float32_for_large_n, seed=2)
    p, _, _ = _instance(info.value.report)
    assert len(p) > 20  # shrunk to an instance past the trigger


def test_planted_k_eq_n_shortcut_is_caught():
    with pytest.raises(OracleMismatch) as info:
        assert_matches_reference("menu_times", pb.menu_times_shortcut_k_eq_n, seed=0)
    p, _, k = _instance(info.value.report)
    assert k == len(p)


def test_planted_merged_ties_is_caught():
    with pytest.raises(OracleMismatch) as info:
        assert_matches_reference("project_onto_box_simplex", pb.project_onto_box_simplex_merged_ties, seed=2)
    y, lower, upper = _instance(info.value.report)
    y = fa.as_float_vector(y)
    breaks = np.concatenate([y - fa.as_float_vector(upper, y.size), y - fa.as_float_vector(lower, y.size)])
    assert np.unique(breaks).size < breaks.size  # two breakpoints tie


def test_planted_skip_near_boundary_is_caught():
    with pytest.raises(OracleMismatch) as info:
        assert_matches_reference("bregman_project_nuclear_ball", pb.bregman_project_skip_near_boundary, seed=0)
    X, tau, _ = _instance(info.value.report)
    assert 1.0 < np.linalg.svd(X, compute_uv=False).sum() / tau <= 1.0 + 1e-6  # just outside the ball


def test_planted_stale_basis_hpg_is_caught_after_round_100():
    with pytest.raises(OracleMismatch, match=r"at round \d+ of 300") as info:
        assert_trajectory_matches("HPG", pb.StaleBasisHPG)
    assert info.value.report["round"] >= pb.StaleBasisHPG.WARM_UP
    assert "replay(" in info.value.report["replay"]


def test_cli_accepts_the_fast_menu_times():
    result = subprocess.run([sys.executable, "-m", "certificates", "oracle", "menu_times",
                             "examples.fast_paper_a:menu_times"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "agree" in result.stdout
