"""Lemma 7 renormalised (ours; paper A, arXiv 2302.06014, Appendix C.2): the Luce MLE of the factors and its bounds."""

from __future__ import annotations

import math

import numpy as np
import pytest

import reference.adaptive_preferences.scale_bounded as sba
from reference.adaptive_preferences.realizability.sec2_choice import all_menus
from reference.adaptive_preferences.setting.def2_def3_models import random_scale_bounded_model


def _luce_sample(rng, n, k, m, theta, drift=0.0):
    menus = all_menus(n, k)
    A = np.zeros((m, n))
    W = rng.uniform(0.1, 0.5, size=(m, n))
    ch = np.zeros(m, dtype=int)
    for t in range(m):
        K = list(menus[int(rng.integers(len(menus)))])
        A[t, K] = 1
        th = theta + drift * rng.uniform(-1, 1, size=n)
        z = np.exp(th[K]) * W[t, K]
        ch[t] = K[int(rng.choice(len(K), p=z / z.sum()))]
    return A, W, ch


def test_luce_factor_mle_is_consistent_and_within_its_bounds():
    rng = np.random.default_rng(5)
    n, k, c = 5, 2, 1.4
    theta = rng.uniform(-math.log(c), math.log(c), size=n)
    errs = []
    for m in (500, 8000):
        A, W, ch = _luce_sample(rng, n, k, m, theta)
        kh = sba.luce_factor_mle(A, ch, W, c=c)
        assert np.all(kh >= 1 / c - 1e-9) and np.all(kh <= c + 1e-9)
        err = math.log(sba.score_spread(kh, np.exp(theta)))
        errs.append(err)
        rig, info = sba.luce_spread_bound(A, W, c=c, delta=0.05)
        assert err <= rig and info["lambda2_per_round"] > 0
        assert err <= sba.luce_calibrated_spread(A, W, kh, delta=0.05)
    assert errs[1] < errs[0] and errs[1] < 0.1


def test_luce_factor_mle_k1_and_validation():
    A = np.eye(3)[[0, 1, 2, 0]]
    assert np.all(sba.luce_factor_mle(A, [0, 1, 2, 0], np.ones((4, 3)), c=2.0) == 1.0)
    with pytest.raises(ValueError, match="every choice must be an item of its round's menu"):
        sba.luce_factor_mle(A, [1, 1, 2, 0], np.ones((4, 3)), c=2.0)


def test_curvature_floor_is_below_the_information_on_the_box():
    rng = np.random.default_rng(2)
    A, W, ch = _luce_sample(rng, 4, 3, 200, np.zeros(4))
    c = 1.5
    Lam = sba.luce_curvature_floor(A, W, c)
    for _ in range(20):
        kappa = np.exp(rng.uniform(-math.log(c), math.log(c), size=4))
        assert np.linalg.eigvalsh(sba.luce_information(A, W, kappa) - Lam).min() >= -1e-9


def test_factor_log_lipschitz_bounds_the_model_factors():
    model = random_scale_bounded_model(5, 0.05, 1.3, 3)
    L = sba.factor_log_lipschitz(model)
    rng = np.random.default_rng(0)
    for _ in range(50):
        v, w = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))
        d = np.abs(np.log(model.factors(v[None])[0]) - np.log(model.factors(w[None])[0])).max()
        assert d <= L * np.abs(v - w).sum() + 1e-12
    assert sba.factor_log_lipschitz(object()) is None

