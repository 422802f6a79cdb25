"""Reward adversaries (paper A, Section 2.1): shapes, ranges, reproducibility, the patterns they promise."""

import numpy as np
import pytest

import reference.adaptive_preferences.setting.rewards as rw


@pytest.mark.parametrize("name", sorted(rw.ADVERSARIES))
def test_adversary_shape_range_and_replay(name):
    r1 = rw.ADVERSARIES[name](50, 4, np.random.default_rng(3))
    r2 = rw.ADVERSARIES[name](50, 4, np.random.default_rng(3))
    assert r1.shape == (50, 4)
    assert r1.min() >= 0 and r1.max() <= 1
    np.testing.assert_array_equal(r1, r2)
    rw.check_rewards("t", r1, 4)


def test_random_adversary_is_reproducible_and_valid():
    name, r = rw.random_adversary(30, 3, 11)
    name2, r2 = rw.random_adversary(30, 3, 11)
    assert name == name2 and np.array_equal(r, r2)
    assert name in rw.ADVERSARIES


def test_iid_means_are_respected():
    r = rw.iid_rewards(20000, 3, 0, means=[0.1, 0.5, 0.9])
    np.testing.assert_allclose(r.mean(axis=0), [0.1, 0.5, 0.9], atol=0.02)


def test_alternating_blocks_leader_flips():
    r = rw.alternating_blocks_rewards(200, 3, first_block=2)
    assert np.all(r[:, 2] == 0) and np.all(r[:2, 1] == 1)
    # the leader (cumulative best) changes several times: the pattern that hurts follow-the-leader
    leaders = np.argmax(np.cumsum(r, axis=0), axis=1)
    assert np.count_nonzero(np.diff(leaders)) >= 3


def test_piecewise_has_at_most_switches_plus_one_regimes():
    r = rw.piecewise_stationary_rewards(100, 2, 5, switches=2)
    assert r.shape == (100, 2)


def test_drifting_best_moves():
    r = rw.drifting_best_rewards(4000, 4, 1, period=1000, gap=0.4)
    best = [int(np.argmax(r[a:a + 1000].mean(axis=0))) for a in range(0, 4000, 1000)]
    assert len(set(best)) == 4


def test_check_rewards_errors():
    with pytest.raises(ValueError, match=r"f: rewards must lie in \[0, 1\]; entry \(t=1, i=0\) is 1.5"):
        rw.check_rewards("f", [[0, 0], [1.5, 0]])
    with pytest.raises(ValueError, match=r"f: rewards must have shape \(T, n\) with n=3"):
        rw.check_rewards("f", np.zeros((2, 2)), 3)
    with pytest.raises(ValueError, match="f: rewards must be finite"):
        rw.check_rewards("f", [[np.nan]])
    with pytest.raises(ValueError, match="iid_rewards: T must be an integer >= 1"):
        rw.iid_rewards(0, 2, 0)
    with pytest.raises(ValueError, match="iid_rewards: kind must be"):
        rw.iid_rewards(2, 2, 0, kind="gauss")
