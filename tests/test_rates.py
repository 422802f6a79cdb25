"""The rate certificates (issue 14, item 4): the fitting helpers, the verdicts, and each certificate's smoke run
passing on the code and going red on its mutants."""

import math

import numpy as np
import pytest

from certificates import rates_common as rc
from certificates.registry import load_all, run_certificate

RATE_CERTIFICATES = ("dbg_regret_exponent_le_claimed", "algorithm2_regret_exponent_le_claimed",
                     "algorithm3_c_minimum_not_at_an_end", "exp_phi_regret_exponent_le_claimed",
                     "b_hpg_regret_exponents_le_claimed")


def test_claimed_slope_without_logs_is_the_exponent_and_a_log_adds_its_secant_slope():
    assert rc.claimed_slope(0.5, 0, 100, 10**5) == 0.5
    lo, hi = 100, 10**5
    secant = (math.log(hi ** 0.75 * math.log(hi)) - math.log(lo ** 0.75 * math.log(lo))) / math.log(hi / lo)
    assert rc.claimed_slope(0.75, 1, lo, hi) == pytest.approx(secant, rel=1e-12)


def test_claimed_slope_rejects_a_grid_below_e():
    with pytest.raises(ValueError, match=r"^claimed_slope: T_min and T_max"):
        rc.claimed_slope(0.5, 1, 2, 100)


def test_decade_grid_spans_its_ends_with_distinct_integers():
    grid = rc.decade_grid(100, 100_000)
    assert grid[0] == 100 and grid[-1] == 100_000 and len(grid) == 7 and grid == sorted(set(grid))
    with pytest.raises(ValueError, match=r"^decade_grid: "):
        rc.decade_grid(10, 10)


def test_fit_rate_recovers_a_power_law_and_reports_the_floored_share():
    rng = np.random.default_rng(0)
    xs = np.repeat(rc.decade_grid(100, 100_000), 10)
    ys = 3.0 * xs ** 0.6 * np.exp(0.1 * rng.standard_normal(xs.size))
    fit = rc.fit_rate(xs, ys)
    assert fit["ci95"][0] < 0.6 < fit["ci95"][1] and fit["half_width"] < 0.02 and fit["floored_share"] == 0.0
    assert rc.fit_rate([10, 20, 40], [0.5, -1.0, 3.0])["floored_share"] == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match=r"^fit_rate: floor"):
        rc.fit_rate([10, 20, 40], [1, 2, 3], floor=0)


def _fit(lo, hi, floored=0.0):
    return {"slope": (lo + hi) / 2, "ci95": [lo, hi], "half_width": (hi - lo) / 2, "floored_share": floored}


def test_verdicts_contradicted_supported_undecided():
    assert rc.rate_verdict(_fit(0.55, 0.65), 0.5) == "contradicted"
    assert rc.rate_verdict(_fit(0.45, 0.6), 0.5) == "supported"
    assert rc.rate_verdict(_fit(0.2, 0.9), 0.5) == "undecided"          # too wide
    assert rc.rate_verdict(_fit(0.45, 0.6, floored=0.5), 0.5) == "undecided"  # too many floored points
    assert rc.rate_verdict({"ci95": None}, 0.5) == "undecided"


def test_rate_evidence_fails_exactly_when_contradicted():
    for lo, hi in ((0.55, 0.65), (0.45, 0.6), (0.2, 0.9)):
        row = rc.rate_row("claim", {**_fit(lo, hi), "points": 9, "T_range": [10, 1000]}, 0.5, replicates=3,
                          seconds=0.0)
        ev = rc.rate_evidence(row, 0, {})
        assert (ev.slack < 0) == (row["verdict"] == "contradicted")


def test_bound_slope_of_a_power_law_is_its_exponent():
    assert rc.bound_slope([10, 100, 1000], lambda T: 2 * T ** 0.5) == pytest.approx(0.5)


REGISTRY = load_all()


@pytest.mark.parametrize("cert_id", RATE_CERTIFICATES)
def test_rate_certificate_passes_on_smoke_and_records_rows(cert_id):
    result = run_certificate(REGISTRY[cert_id], profile="smoke", seed=0)
    assert result.passed, f"{cert_id}: {result.error or 'violated'}; worst {result.worst}"
    rows = result.extra["rates"]
    assert rows and all(r["verdict"] in ("supported", "contradicted", "undecided") for r in rows)


@pytest.mark.parametrize("cert_id,mutant", [(c, m.name) for c in RATE_CERTIFICATES for m in REGISTRY[c].mutants])
def test_rate_certificate_goes_red_on_its_mutant(cert_id, mutant):
    cert = REGISTRY[cert_id]
    with next(m for m in cert.mutants if m.name == mutant).applied():
        result = run_certificate(cert, profile="smoke", seed=0)
    assert not result.passed, f"mutant {mutant!r} survived {cert_id}"
