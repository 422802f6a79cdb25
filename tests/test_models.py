"""The preference-model library: shapes, score ranges, computed Lipschitz constants, validation."""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from reference.adaptive_preferences.setting.def2_def3_models import (
    ConstantModel,
    LinearScaleModel,
    PreferenceModel,
    ScaleBoundedModel,
    SigmoidModel,
    empirical_lipschitz_ratio,
    extreme_scale_bounded_model,
    random_scale_bounded_model,
    random_smooth_model,
    scale_bounded_lipschitz,
    sigmoid_lipschitz,
)
from reference.adaptive_preferences.setting.def4_lemma2_smoothed_simplex import (
    scale_bounded_margin,
    scale_bounded_sampled_margin,
)


@given(st.integers(2, 8), st.sampled_from([0.01, 0.3, 0.9]), st.integers(0, 2**31), st.booleans())
def test_smooth_model_scores_in_range_and_lipschitz(n, lam, seed, quadratic):
    m = random_smooth_model(n, lam, seed, quadratic=quadratic)
    assert isinstance(m, PreferenceModel)
    V = np.random.default_rng(seed).dirichlet(np.ones(n), size=50)
    F_ = m.scores_batch(V)
    assert np.all(F_ >= lam) and np.all(F_ <= 1)
    assert np.allclose(F_[3], m.scores(V[3]), atol=1e-15)
    ratio, witness = empirical_lipschitz_ratio(m, 200, seed)
    note(f"ratio={ratio}, witness={witness}")
    assert ratio <= 1 + 1e-8


@given(st.integers(2, 8), st.sampled_from([0.001, 0.2, 1.0]), st.sampled_from([1.0, 1.5, 3.0]),
       st.integers(0, 2**31), st.booleans())
def test_scale_bounded_model_definition3_and_lipschitz(n, lam, c, seed, normalize):
    m = random_scale_bounded_model(n, lam, c, seed, strength=2.0, normalize=normalize)
    margin, _ = scale_bounded_sampled_margin(m, lam, c, 100, seed, scale=m.scale)
    assert margin >= -1e-12
    if normalize:
        V = np.random.default_rng(seed).dirichlet(np.ones(n), size=50)
        assert np.all(m.scores_batch(V) <= 1 + 1e-12) and np.all(m.scores_batch(V) >= m.lam - 1e-12)
    assert empirical_lipschitz_ratio(m, 200, seed)[0] <= 1 + 1e-8


def test_linear_scale_model_exact_and_extreme():
    m = extreme_scale_bounded_model(3, F(1, 10), 2, 1)
    v = [F(1, 2), F(1, 4), F(1, 4)]
    assert m.scores(v) == [F(6, 5), F(7, 40), F(7, 10)]
    assert m.c == 2 and m.lipschitz == 1 and m.lam == F(1, 20)
    assert scale_bounded_margin(m, v, F(1, 10), 2) == 0  # extreme: both inequalities tight somewhere
    assert scale_bounded_margin(m, v, F(1, 10), 3) > 0
    assert scale_bounded_margin(m, v, F(1, 10), F(3, 2)) < 0
    lin = LinearScaleModel(0.5, [1.0, 2.0])
    assert np.allclose(lin.scores([0.5, 0.5]), [1.0, 2.0])


def test_lipschitz_formulas_on_hand_examples():
    # g_0(v) = ⟨b_0, v⟩ with b_0 = (0, 4): half range 2, so L = (1 − λ)/4 · 2
    b = np.array([[0.0, 4.0], [0.0, 0.0]])
    assert sigmoid_lipschitz(0.5, b, None) == pytest.approx(0.25)
    assert scale_bounded_lipschitz(0.5, 1.0, np.zeros((2, 2))) == pytest.approx(0.5)
    m = SigmoidModel(0.5, [0.0, -2.0], b)
    assert m.lipschitz == pytest.approx(0.25)
    # at v = (1/2, 1/2) ± t(e_1 − e_0): the slope of f_0 is σ'(2)·4·... ≤ L
    v, w = np.array([0.5, 0.5]), np.array([0.4999, 0.5001])
    assert abs(m.scores(v)[0] - m.scores(w)[0]) <= m.lipschitz * np.abs(v - w).sum()


def test_constant_model_unchanged():
    m = ConstantModel([F(1, 2), F(1)])
    assert m.scores([F(1), F(0)]) == [F(1, 2), F(1)] and m.lipschitz == 0.0


def test_errors_are_full_sentences():
    with pytest.raises(ValueError, match=r"random_smooth_model: n must be an integer >= 2; got 1"):
        random_smooth_model(1, 0.5, 0)
    with pytest.raises(ValueError, match=r"random_smooth_model: lam must be a finite real number in \(0, 1\]; got 0"):
        random_smooth_model(3, 0, 0)
    with pytest.raises(ValueError, match=r"random_smooth_model: seed must be given explicitly"):
        random_smooth_model(3, 0.5, None)
    with pytest.raises(ValueError, match=r"random_scale_bounded_model: c must be a finite real number >= 1; got 0.5"):
        random_scale_bounded_model(3, 0.5, 0.5, 0)
    with pytest.raises(ValueError, match=r"SigmoidModel: b must be a finite array of shape \(n, n\)=\(2, 2\)"):
        SigmoidModel(0.5, [0, 0], np.zeros((3, 3)))
    m = random_smooth_model(3, 0.5, 0)
    with pytest.raises(ValueError, match=r"SigmoidModel.scores: memory must be a probability vector of length n=3;"
                                         r" its entries sum to 2"):
        m.scores([1.0, 1.0, 0.0])
    with pytest.raises(ValueError, match=r"memory must have length n=3"):
        m.scores([1.0, 0.0])
    with pytest.raises(ValueError, match=r"extreme_scale_bounded_model: favoured must be an item index in 0..2; got 3"):
        extreme_scale_bounded_model(3, 0.1, 2, 3)
    with pytest.raises(ValueError, match=r"empirical_lipschitz_ratio: the model's Lipschitz constant must be a"
                                         r" positive number"):
        empirical_lipschitz_ratio(ScaleBoundedModel(0.5, 1.0, [0, 0], np.zeros((2, 2))), 10, 0, lipschitz=0.0)
