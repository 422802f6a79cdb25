"""The coercion policy of ``reference/_numerics.py`` (issue 12): one rule for every public function.

Named regression tests for the issue-12 paper-A cases that the policy decides: float32 probability vectors,
bools and numeric strings in vectors, integer parameters given as 2.0 / Fraction(2), integer-dtype arrays.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

import reference.adaptive_preferences as ap
from reference import _numerics as nm

P3 = [0.5, 0.3, 0.2]
S3 = [1.0, 2.0, 3.0]


# ---------------------------------------------------------------- float32 is accepted by rule
def test_float32_probability_vector_is_accepted_and_renormalised():
    """Issue 12: a float32 p whose float32 sum is off by ~2e-8 was rejected by FLOAT_SUM_ATOL = 1e-9."""
    p32 = np.random.default_rng(0).random(5).astype(np.float32)
    p32 /= p32.sum()  # normalised in float32: its exact sum is 1 − 2.7e-8
    assert abs(float(np.sum(p32.astype(np.float64))) - 1) > 10 * nm.FLOAT_SUM_ATOL  # the case of the issue
    p = nm.check_probability_vector("t", p32)
    assert p.dtype == np.float64 and abs(p.sum() - 1) <= 1e-12
    assert np.allclose(p, p32.astype(np.float64), rtol=1e-6, atol=0)
    assert ap.in_ird(p32, np.ones(5, dtype=np.float32), 2)
    tau = ap.menu_times(p32, np.ones(5, dtype=np.float32), 2)
    assert tau.dtype == np.float64 and abs(tau.sum() - 2) <= 1e-9


def test_float32_sum_tolerance_is_n_eps32_not_anything():
    p32 = np.array([0.5, 0.6], dtype=np.float32)  # sums to 1.1: far beyond n·eps32
    with pytest.raises(ValueError, match=r"^menu_times: p must be a probability vector of length n=2; its entries sum"):
        ap.menu_times(p32, [1.0, 1.0], 1)


def test_float64_tolerance_unchanged_for_small_n():
    with pytest.raises(ValueError, match=r"^menu_times: p must be a probability vector"):
        ap.menu_times([0.5, 0.5 + 1e-8], [1.0, 1.0], 1)
    assert ap.in_ird([0.5, 0.5 + 1e-10], [1.0, 1.0], 2)  # within FLOAT_SUM_ATOL: accepted


# ---------------------------------------------------------------- bools, strings, None, complex
@pytest.mark.parametrize("p, what", [
    ([True, False, False], "entry 0 is True of type bool"),
    (["0.5", "0.3", "0.2"], "entry 0 is '0.5' of type str"),
    ([0.5, None, 0.5], "entry 1 is None of type NoneType"),
    ([0.5, 0.3, 0.2j], "entry 2 is 0.2j of type complex"),
])
def test_vectors_reject_non_numbers(p, what):
    with pytest.raises(ValueError, match=rf"^menu_times: p must contain only real numbers .*{what}"):
        ap.menu_times(p, S3, 1)


@pytest.mark.parametrize("arr, dtype", [
    (np.array([True, False, False]), "bool"),
    (np.array(["0.5", "0.3", "0.2"]), "str"),
    (np.array([0.5, 0.3, 0.2], dtype=complex), "complex"),
])
def test_arrays_of_non_real_dtype_are_rejected(arr, dtype):
    with pytest.raises(ValueError, match=rf"^in_ird: p must contain real numbers; got an array of dtype {dtype}"):
        ap.in_ird(arr, S3, 1)


def test_bool_scores_are_rejected_and_name_scores():
    with pytest.raises(ValueError, match=r"^menu_times: scores must contain only real numbers"):
        ap.menu_times(P3, [True, True, True], 1)


# ---------------------------------------------------------------- integer parameters: integer types only
@pytest.mark.parametrize("k", [2.0, F(2), np.float64(2.0), True, "2", None, 2.5])
def test_k_must_have_an_integer_type(k):
    with pytest.raises(ValueError, match=r"^menu_times: k must be an integer with 1 <= k <= n=3; got k="):
        ap.menu_times(P3, S3, k)


@pytest.mark.parametrize("k", [2, np.int64(2), np.int8(2)])
def test_k_integer_types_are_accepted(k):
    tau = ap.menu_times(P3, S3, k)
    assert isinstance(tau, np.ndarray) and abs(tau.sum() - 2) < 1e-12


def test_menu_items_follow_the_integer_rule():
    with pytest.raises(ValueError, match=r"^choice_distribution: menu items must be integers"):
        ap.choice_distribution((0.0, 1.0), S3)
    assert ap.choice_distribution((np.int64(0), 1), [1, 3, 5]) == [F(1, 4), F(3, 4), F(0)]


def test_integer_parameter_rejects_integral_float():
    with pytest.raises(ValueError, match=r"^all_menus: n must be an integer"):
        ap.all_menus(3.0, 2)
    with pytest.raises(ValueError, match=r"^uniform: n must be an integer >= 1; got 0"):
        nm.uniform(0)


# ---------------------------------------------------------------- the container decides the mode
def test_integer_dtype_arrays_are_float_mode():
    """Issue 12: menu_times(np.array([1,0,0]), np.array([1,2,3]), 1) returned Fractions (integer dtype)."""
    tau = ap.menu_times(np.array([1, 0, 0]), np.array([1, 2, 3]), 1)
    assert isinstance(tau, np.ndarray) and tau.dtype == np.float64
    assert tau.tolist() == [1.0, 0.0, 0.0]


def test_python_int_lists_are_exact_mode():
    tau = ap.menu_times([1, 0, 0], [1, 2, 3], 1)
    assert tau == [F(1), F(0), F(0)] and all(isinstance(t, F) for t in tau)


def test_object_array_of_fractions_is_exact_mode():
    p = np.array([F(1, 2), F(1, 4), F(1, 4)], dtype=object)
    assert ap.menu_times(p, [1, 2, 3], 2) == ap.menu_times([F(1, 2), F(1, 4), F(1, 4)], [1, 2, 3], 2)


def test_mixed_fraction_and_float_is_float_mode_by_rule():
    mixed = ap.menu_times([F(1, 2), 0.3, F(1, 5)], S3, 2)
    assert isinstance(mixed, np.ndarray)
    assert np.allclose(mixed, ap.menu_times(P3, S3, 2), rtol=0, atol=1e-15)
    across = ap.menu_times([F(1, 2), F(3, 10), F(1, 5)], S3, 2)  # exact p, float scores: float mode
    assert isinstance(across, np.ndarray)


def test_is_rational_vector_rule():
    assert nm.is_rational_vector([1, F(1, 2), np.int64(3)])
    assert not nm.is_rational_vector(np.array([1, 2, 3]))
    assert not nm.is_rational_vector([1, True])
    assert not nm.is_rational_vector("12")
    assert not nm.is_rational_vector([])


# ---------------------------------------------------------------- real scalars
@pytest.mark.parametrize("gamma", [True, "0.5", None, float("nan"), 1j])
def test_real_scalars_reject_non_reals(gamma):
    with pytest.raises(ValueError, match=r"^memory_step_size: gamma must be a finite real number"):
        ap.memory_step_size(gamma, 1.0)


def test_real_scalars_accept_fraction_numpy_and_huge_ints():
    assert nm.check_real("t", "x", F(1, 3), low=0) == F(1, 3)
    assert nm.check_real("t", "x", np.float32(0.5), low=0) == np.float32(0.5)
    assert nm.check_real("t", "x", 10**300, low=0) == 10**300
    with pytest.raises(ValueError, match=r"^t: x must be a finite real number >= 0; got 1000"):
        nm.check_real("t", "x", 10**400, low=0)  # no float64 holds it: float mode would overflow


def test_huge_python_int_in_a_float_vector_is_a_clear_error():
    with pytest.raises(ValueError, match=r"^menu_times: scores has an entry too large for a float64"):
        ap.menu_times(P3, [1.0, 10**400, 2.0], 1)


def test_two_dimensional_and_empty_vectors():
    with pytest.raises(ValueError, match=r"^menu_times: p must be one-dimensional; got an array of shape \(1, 3\)"):
        ap.menu_times(np.array([P3]), S3, 1)
    with pytest.raises(ValueError, match=r"^menu_times: scores must not be empty"):
        ap.menu_times(P3, np.array([]), 1)


def test_a_float_memory_with_a_rational_gamma_is_a_float_call():
    """A float anywhere makes the whole call float: float64 memory, float weight (was an object array)."""
    from fractions import Fraction

    import reference.adaptive_preferences as ap

    v, w = ap.discounted_memory_update(np.array([0.5, 0.5]), 0, Fraction(1, 2))
    assert v.dtype == np.float64 and type(w) is float and np.allclose(v, [5 / 6, 1 / 6])
    m = ap.memory_from_history([0], Fraction(1, 2), 2, initial_memory=np.array([0.5, 0.5]))
    assert m.dtype == np.float64 and np.allclose(m, [5 / 6, 1 / 6])
