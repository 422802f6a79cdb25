"""Shared numerics: argument validation, exact/float mode, simplex helpers, seeded randomness.

Every public function of the reference validates its arguments here *first*, so that bad input
gets a full-sentence ``ValueError`` naming the function and the argument, never a wrong answer.

Exact mode
----------
A vector is *rational* when every entry is an ``int`` or a ``fractions.Fraction`` (``bool`` and
floats are not). When every vector handed to a function is rational, the function computes with
``Fraction`` arithmetic and returns lists of ``Fraction``: no tolerance anywhere. Otherwise it
computes in ``float64`` numpy arrays and compares with the tolerance it documents.

Notation
--------
=========  ===========================================
``n``      number of items (length of every vector)
``p``      a probability vector (point of the simplex)
``k``      menu size, ``1 <= k <= n``
``menu``   sorted tuple of ``k`` distinct item indices
=========  ===========================================
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = [
    "FLOAT_SUM_ATOL",
    "is_rational_vector",
    "exact_mode",
    "as_vector",
    "check_probability_vector",
    "check_positive_vector",
    "check_k",
    "check_menu",
    "check_same_length",
    "check_real",
    "check_integer",
    "check_gamma",
    "check_weight",
    "check_lam",
    "to_fraction_vector",
    "rng_from",
    "uniform",
]

#: Tolerance on |Σ p − 1| accepted for float probability vectors (exact mode demands equality).
FLOAT_SUM_ATOL = 1e-9


def _is_rational_scalar(x) -> bool:
    return isinstance(x, (Fraction, int, np.integer)) and not isinstance(x, (bool, np.bool_))


def is_rational_vector(x) -> bool:
    """True iff every entry of ``x`` is an ``int`` or a ``Fraction`` (the exact-mode test)."""
    try:
        return len(x) > 0 and all(_is_rational_scalar(e) for e in x)
    except TypeError:
        return False


def exact_mode(*vectors) -> bool:
    """True iff every given vector is rational: then the caller computes with Fractions."""
    return all(is_rational_vector(v) for v in vectors)


def to_fraction_vector(x) -> list[Fraction]:
    """Entries of a rational vector as a list of ``Fraction`` (ints become Fractions)."""
    return [Fraction(int(e)) if isinstance(e, np.integer) else Fraction(e) for e in x]


def as_vector(fn: str, arg: str, x, *, n: int | None = None, exact: bool = False):
    """Validate that ``x`` is a finite 1-d vector (of length ``n`` if given).

    Returns a list of ``Fraction`` when ``exact`` is true, else a float64 numpy array.
    """
    if isinstance(x, (str, bytes)) or not hasattr(x, "__len__"):
        raise ValueError(f"{fn}: {arg} must be a one-dimensional sequence of numbers; got {type(x).__name__}.")
    vec: list[Fraction] | np.ndarray
    if exact:
        if not is_rational_vector(x):
            raise ValueError(f"{fn}: {arg} must contain only ints or Fractions in exact mode.")
        vec = to_fraction_vector(x)
    else:
        try:
            arr = np.asarray(x, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{fn}: {arg} must be a one-dimensional sequence of numbers.") from None
        if arr.ndim != 1:
            raise ValueError(f"{fn}: {arg} must be one-dimensional; got an array of shape {arr.shape}.")
        bad = np.flatnonzero(~np.isfinite(arr))
        if bad.size:
            i = int(bad[0])
            raise ValueError(f"{fn}: {arg} must contain only finite numbers; entry {i} is {arr[i]}.")
        vec = arr
    if len(vec) == 0:
        raise ValueError(f"{fn}: {arg} must not be empty.")
    if n is not None and len(vec) != n:
        raise ValueError(
            f"{fn}: {arg} must have length n={n} (one entry per item); got length {len(vec)}."
        )
    return vec


def check_probability_vector(fn: str, p, *, arg: str = "p", n: int | None = None, exact: bool = False):
    """Validate a probability vector: finite, non-negative, summing to 1.

    Exact mode demands ``sum == 1`` exactly; float mode accepts ``|sum − 1| <= FLOAT_SUM_ATOL``.
    """
    vec = as_vector(fn, arg, p, n=n, exact=exact)
    for i, e in enumerate(vec):
        if e < 0:
            raise ValueError(f"{fn}: {arg} must be a probability vector; entry {i} is negative ({e}).")
    total = sum(vec) if exact else float(np.sum(vec))
    if (exact and total != 1) or (not exact and abs(total - 1.0) > FLOAT_SUM_ATOL):
        raise ValueError(
            f"{fn}: {arg} must be a probability vector of length n={len(vec)}; "
            f"its entries sum to {total}, not 1."
        )
    return vec


def check_positive_vector(fn: str, x, *, arg: str = "scores", n: int | None = None, exact: bool = False):
    """Validate a vector of strictly positive finite numbers (e.g. preference scores)."""
    vec = as_vector(fn, arg, x, n=n, exact=exact)
    for i, e in enumerate(vec):
        if not e > 0:
            raise ValueError(f"{fn}: {arg} must be positive; entry {i} is {e}.")
    return vec


def check_k(fn: str, k, n: int) -> int:
    """Validate the menu size: an integer with ``1 <= k <= n``."""
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, numbers.Integral):
        raise ValueError(f"{fn}: k must be an integer with 1 <= k <= n={n}; got k={k!r}.")
    if not 1 <= int(k) <= n:
        raise ValueError(f"{fn}: k must be an integer with 1 <= k <= n={n}; got k={k}.")
    return int(k)


def check_menu(fn: str, menu, n: int, k: int | None = None, *, arg: str = "menu") -> tuple[int, ...]:
    """Validate a menu: distinct integer items in ``0..n-1`` (exactly ``k`` of them if given).

    Returns the menu as a sorted tuple of ints.
    """
    try:
        items = list(menu)
    except TypeError:
        raise ValueError(f"{fn}: {arg} must be a sequence of item indices; got {menu!r}.") from None
    for item in items:
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Integral):
            raise ValueError(f"{fn}: {arg} items must be integers in 0..{n - 1}; got {item!r}.")
        if not 0 <= int(item) < n:
            raise ValueError(f"{fn}: {arg} item {item} is out of range; items are 0..{n - 1}.")
    if len(set(items)) != len(items):
        raise ValueError(f"{fn}: {arg} must list distinct items; got {tuple(items)} with a duplicate.")
    if k is not None and len(items) != k:
        raise ValueError(f"{fn}: {arg} must have exactly k={k} items; got {len(items)}.")
    if not items:
        raise ValueError(f"{fn}: {arg} must not be empty.")
    return tuple(sorted(int(i) for i in items))


def check_same_length(fn: str, **vectors) -> int:
    """Validate that all named vectors have one common length; return it."""
    lengths = {name: len(v) for name, v in vectors.items()}
    if len(set(lengths.values())) > 1:
        desc = ", ".join(f"{name} has length {ln}" for name, ln in lengths.items())
        raise ValueError(f"{fn}: arguments must have the same length n; {desc}.")
    return next(iter(lengths.values()))


def check_real(fn: str, arg: str, x: Any, *, low: Any = None, high: Any = None, low_open: bool = False,
               high_open: bool = False, what: str = "") -> Any:
    """Validate a finite real scalar (not a bool) in the interval given by ``low``/``high``.

    Returns ``x`` unchanged (a Fraction stays exact). ``what`` is an optional clause explaining the
    range ("so that each step outweighs all earlier ones").
    """
    if low is not None and high is not None:
        interval = f"in {'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
    elif low is not None:
        interval = f"{'>' if low_open else '>='} {low}"
    elif high is not None:
        interval = f"{'<' if high_open else '<='} {high}"
    else:
        interval = "(any finite value)"
    ok = (not isinstance(x, (bool, np.bool_)) and isinstance(x, numbers.Real) and math.isfinite(float(x))
          and (low is None or (x > low if low_open else x >= low))
          and (high is None or (x < high if high_open else x <= high)))
    if not ok:
        raise ValueError(f"{fn}: {arg} must be a finite real number {interval}{' ' + what if what else ''}; got {x!r}.")
    return x


def check_integer(fn: str, arg: str, x: Any, *, minimum: int = 1) -> int:
    """Validate an integer (not a bool) with ``x >= minimum``; returns it as ``int``."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral) or int(x) < minimum:
        raise ValueError(f"{fn}: {arg} must be an integer >= {minimum}; got {x!r}.")
    return int(x)


def check_gamma(fn: str, gamma: Any, *, arg: str = "gamma") -> Any:
    """Validate Definition 1's discount factor γ ∈ (0, 1] (returned unchanged, exact if rational)."""
    return check_real(fn, arg, gamma, low=0, high=1, low_open=True)


def check_weight(fn: str, weight: Any, arg: str = "weight") -> Any:
    """Validate a memory pseudo-weight W ≥ 0 (Definition 1's W_0), returned unchanged."""
    return check_real(fn, arg, weight, low=0)


def check_lam(fn: str, lam: Any, *, arg: str = "lam") -> Any:
    """Validate a score floor λ ∈ (0, 1] (Definition 3, the EIRD box), returned unchanged."""
    return check_real(fn, arg, lam, low=0, high=1, low_open=True)


def rng_from(seed) -> np.random.Generator:
    """The only way the reference creates randomness: an explicit seed (or Generator) → Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        raise ValueError("rng_from: seed must be given explicitly (an int or a numpy Generator); got None.")
    return np.random.default_rng(seed)


def uniform(n: int, *, exact: bool = False):
    """The uniform distribution u_n (Fractions in exact mode)."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"uniform: n must be a positive integer; got {n!r}.")
    return [Fraction(1, n)] * n if exact else np.full(n, 1.0 / n)


def fsum(values: Iterable) -> float | Fraction:
    """Sum that stays exact for Fractions and is compensated (math.fsum) for floats."""
    values = list(values)
    if values and all(isinstance(v, Fraction) for v in values):
        return sum(values, Fraction(0))
    return math.fsum(float(v) for v in values)


def max_abs_diff(a: Sequence, b: Sequence):
    """max_i |a_i − b_i|, exact when both are rational."""
    return max(abs(x - y) for x, y in zip(a, b, strict=True))
