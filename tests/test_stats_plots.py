"""The statistics and the figure helper every certificate uses (certificates/stats.py, certificates/plots.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from certificates import stats
from certificates.plots import figure


def test_standard_error_is_sample_sd_over_root_n():
    x = np.random.default_rng(0).normal(size=37)
    assert stats.standard_error(x) == pytest.approx(np.std(x, ddof=1) / math.sqrt(37), rel=1e-15)
    cols = np.random.default_rng(1).normal(size=(9, 4))
    assert np.allclose(stats.standard_error(cols, axis=0), cols.std(axis=0, ddof=1) / 3.0)
    assert stats.standard_error([5.0]) == 0.0
    assert stats.standard_error([5.0], empty=math.inf) == math.inf
    assert stats.mean_se([1.0, 3.0]) == (2.0, 1.0)


def test_paired_difference_mean_se_and_z():
    a, b = [3.0, 5.0, 4.0, 6.0], [1.0, 2.0, 2.0, 3.0]
    out = stats.paired_difference(a, b)
    d = np.subtract(a, b)
    assert out["mean"] == d.mean() and out["pairs"] == 4
    assert out["z"] == pytest.approx(d.mean() / (d.std(ddof=1) / 2.0))
    assert stats.paired_difference([1.0, 1.0], [0.0, 0.0])["z"] == math.inf  # no spread, positive mean


def test_loglog_slope_recovers_a_power_law_and_covers_it_under_noise():
    xs = np.array([10.0, 20.0, 40.0, 80.0, 160.0])
    exact = stats.loglog_slope(xs, 3.0 * xs**0.5)
    assert exact["slope"] == pytest.approx(0.5, abs=1e-12) and exact["points"] == 5
    noisy = stats.loglog_slope(np.repeat(xs, 8), 3.0 * np.repeat(xs, 8) ** 0.75
                               * np.exp(np.random.default_rng(2).normal(0, 0.05, 40)))
    lo, hi = noisy["ci95"]
    assert lo < 0.75 < hi and noisy["se"] > 0
    assert stats.loglog_slope([1.0, 2.0], [1.0, 4.0])["ci95"] is None  # two points: no interval
    with pytest.raises(ValueError, match="loglog_slope"):
        stats.loglog_slope([1.0, 2.0, 3.0], [1.0, 0.0, 2.0])


def test_paired_interior_minimum_detects_a_dip_and_not_a_slope():
    rng = np.random.default_rng(3)
    noise = rng.normal(0, 0.01, size=(3, 20))
    dip = {0.1: list(1.0 + noise[0]), 0.5: list(0.5 + noise[1]), 0.9: list(1.0 + noise[2])}
    assert stats.paired_interior_minimum(dip, [0.1, 0.5, 0.9])["interior_minimum"]
    ramp = {0.1: list(0.2 + noise[0]), 0.5: list(0.5 + noise[1]), 0.9: list(1.0 + noise[2])}
    assert not stats.paired_interior_minimum(ramp, [0.1, 0.5, 0.9])["interior_minimum"]


def test_figure_saves_a_png_and_closes_it(tmp_path):
    import matplotlib.pyplot as plt

    path = tmp_path / "f.png"
    before = len(plt.get_fignums())
    with figure(path, ncols=2, title="t") as (fig, axes):
        assert len(axes) == 2
        axes[0].plot([0, 1], [0, 1])
    assert path.stat().st_size > 0 and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(plt.get_fignums()) == before
