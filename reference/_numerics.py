"""Shared numerics: argument validation, exact/float mode, simplex helpers, seeded randomness.

Every public function of the reference validates its arguments here *first*, so that bad input
gets a full-sentence ``ValueError`` naming the function and the argument, never a wrong answer.

Coercion policy (one rule for every public function)
----------------------------------------------------
Every public function validates its arguments with the validators below, so it inherits these rules.
A rejected argument raises ``ValueError`` whose message starts with the qualified public name
(``menu_times: ``, ``Agent.choose: ``) and names the argument.

Vectors (``as_vector``, ``check_probability_vector``, ``check_positive_vector``):

* **The container decides the mode.** A numpy array of a numeric dtype is *machine numbers*: it is
  always computed in float64, never in exact mode. Exact mode needs a Python sequence (or an
  ``object`` array) whose entries are all ``int`` / ``numpy.integer`` / ``Fraction``. So
  ``menu_times(np.array([1, 0, 0]), np.array([1, 2, 3]), 1)`` is a float computation (it used to
  return Fractions because the dtype happened to be integer); ``menu_times([1, 0, 0], [1, 2, 3], 1)``
  is exact.
* **float64** arrays are used as they are (no copy; validation is vectorised, no per-entry Python loop).
* **float32 / float16** arrays (and sequences of such scalars) are *accepted* and converted to float64;
  the conversion is exact. A probability vector of lower precision carries only that precision, so its
  sum is checked against ``max(FLOAT_SUM_ATOL, n·eps(dtype))`` (n·1.2e-7 for float32: the worst
  rounding of n entries, each normalised in float32) and it is then renormalised in float64
  (p / Σp, a relative change below the input's own resolution). Rejecting float32 would turn a
  representation choice into an error; accepting it silently with the float64 tolerance rejected
  correct float32 input by accident (issue 12).
* **Integer-dtype arrays** are converted to float64 (exact for |entries| ≤ 2^53, correctly rounded above).
* **bool** entries or bool arrays are rejected (a mask passed as a vector is a bug, not the numbers 0/1).
* **str / bytes** entries (numeric strings such as ``"0.5"``), ``None``, complex numbers and other
  objects are rejected; NaN and ±inf are rejected; empty vectors and arrays of dimension ≠ 1 are rejected.
* **Mixed Fraction / float**: if any vector of a call holds a float (or is a numpy array), the call is in
  float mode and every ``Fraction`` is converted to the nearest float64 (correctly rounded). Exact mode
  is all-or-nothing: it is chosen only when *every* vector is rational.

Scalars (``check_real``, ``check_integer``, ``check_k``, ``check_menu``):

* A **real** argument accepts ``int``, ``float``, ``Fraction`` and numpy integer / floating scalars;
  it must be finite, and an int or Fraction must not exceed the largest float64 (1.8e308) in magnitude
  (so that float mode can convert it). ``bool``, ``str``, ``None`` and complex numbers are rejected. A ``Fraction``
  is returned unchanged (exact mode stays exact).
* An **integer** argument (a count, a size such as ``k``, a menu item) must have an integer *type*:
  ``int`` or a numpy integer, returned as a Python ``int``. ``2.0``, ``Fraction(2)``, ``bool``, strings
  and ``None`` are rejected, as Python's own ``range`` and ``math.comb`` do: a float where a count is
  expected almost always comes from arithmetic (``T / 2``) whose rounding the caller must choose. (Before,
  this was the one strict rule while vectors accepted ``True`` and ``"0.5"``; now both are strict.)

Exact mode
----------
A vector is *rational* when it is not a numeric numpy array and every entry is an ``int`` or a
``fractions.Fraction`` (``bool`` and floats are not). When every vector handed to a function is
rational, the function computes with ``Fraction`` arithmetic and returns lists of ``Fraction``: no
tolerance anywhere. Otherwise it computes in ``float64`` numpy arrays and compares with the tolerance it
documents.

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

import copy
import functools
import math
import numbers
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
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
    "errors_as",
    "speaks_as",
]

#: Tolerance on |Σ p − 1| accepted for float probability vectors (exact mode demands equality). The
#: tolerance used is max(FLOAT_SUM_ATOL, n·eps) where eps is the machine epsilon of the input's precision
#: (2.2e-16 for float64, 1.2e-7 for float32): see the coercion policy above.
FLOAT_SUM_ATOL = 1e-9

_EPS64 = float(np.finfo(np.float64).eps)
_FLOAT_MAX = float(np.finfo(np.float64).max)
_NOT_NUMBERS = (bool, np.bool_, str, bytes)


def _is_rational_scalar(x) -> bool:
    return isinstance(x, (Fraction, int, np.integer)) and not isinstance(x, (bool, np.bool_))


def is_rational_vector(x) -> bool:
    """True iff ``x`` is not a numeric numpy array and every entry is an ``int`` or a ``Fraction``
    (the exact-mode test; numeric numpy arrays are machine numbers, always float mode)."""
    if isinstance(x, np.ndarray) and x.dtype != object:
        return False
    if isinstance(x, (str, bytes)):
        return False
    try:
        return len(x) > 0 and all(_is_rational_scalar(e) for e in x)
    except TypeError:
        return False


def exact_mode(*vectors) -> bool:
    """True iff every given vector is rational: then the caller computes with Fractions."""
    return all(is_rational_vector(v) for v in vectors)


def to_fraction_vector(x) -> list[Fraction]:
    """Entries of a rational vector as a list of ``Fraction`` (ints become Fractions)."""
    if not is_rational_vector(x):
        raise ValueError(f"to_fraction_vector: x must be a non-empty sequence of ints or Fractions; got {x!r:.80}.")
    return [Fraction(int(e)) if isinstance(e, np.integer) else Fraction(e) for e in x]


def _check_entries(fn: str, arg: str, x) -> None:
    """Per-entry type check of a Python sequence (or object array): real numbers only, no bools."""
    for i, e in enumerate(x):
        if isinstance(e, _NOT_NUMBERS) or not isinstance(e, numbers.Real):
            if hasattr(e, "__len__") and not isinstance(e, (str, bytes)):
                try:
                    shape = f"got an array of shape {np.shape(x)}"
                except ValueError:
                    shape = f"entry {i} is itself a sequence"
                raise ValueError(f"{fn}: {arg} must be one-dimensional; {shape}.")
            raise ValueError(
                f"{fn}: {arg} must contain only real numbers (int, float or Fraction; not bool, str or "
                f"None); entry {i} is {e!r} of type {type(e).__name__}."
            )


def _float_array(fn: str, arg: str, x) -> tuple[np.ndarray, float]:
    """``x`` as a finite 1-d float64 array, and the machine epsilon of the precision it came in."""
    if isinstance(x, (str, bytes)) or not hasattr(x, "__len__"):
        raise ValueError(f"{fn}: {arg} must be a one-dimensional sequence of numbers; got {type(x).__name__}.")
    if not isinstance(x, np.ndarray) or x.dtype == object:
        if getattr(x, "ndim", 1) == 1:
            _check_entries(fn, arg, x)
    try:
        raw = np.asarray(x)
    except (TypeError, ValueError):
        raise ValueError(f"{fn}: {arg} must be a one-dimensional sequence of numbers.") from None
    if raw.ndim != 1:
        raise ValueError(f"{fn}: {arg} must be one-dimensional; got an array of shape {raw.shape}.")
    kind = raw.dtype.kind
    if kind not in "fiuO":
        what = {"b": "bool", "U": "str", "S": "bytes", "c": "complex"}.get(kind, str(raw.dtype))
        raise ValueError(f"{fn}: {arg} must contain real numbers; got an array of dtype {what}.")
    eps = float(np.finfo(raw.dtype).eps) if kind == "f" and raw.dtype.itemsize < 8 else _EPS64
    try:
        arr = raw.astype(np.float64, copy=False)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{fn}: {arg} has an entry too large for a float64 number.") from None
    if not np.isfinite(arr).all():
        i = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise ValueError(f"{fn}: {arg} must contain only finite numbers; entry {i} is {arr[i]}.")
    return arr, eps


def _check_length(fn: str, arg: str, size: int, n: int | None, n_from: str | None = None) -> None:
    if size == 0:
        raise ValueError(f"{fn}: {arg} must not be empty.")
    if n is not None and size != n:
        other = f" while {n_from} has length {n}" if n_from else ""
        raise ValueError(f"{fn}: {arg} must have length n={n} (one entry per item); got length {size}{other}.")


def as_vector(fn: str, arg: str, x, *, n: int | None = None, exact: bool = False, n_from: str | None = None):
    """Validate that ``x`` is a finite 1-d vector (of length ``n`` if given), by the coercion policy.

    Returns a list of ``Fraction`` when ``exact`` is true, else a float64 numpy array (no copy for a
    float64 array). ``n_from`` names the argument that fixed ``n``: a length mismatch then names both
    (so a wrong-length ``scores`` is not blamed on ``p`` alone).
    """
    vec: list[Fraction] | np.ndarray
    if exact:
        if isinstance(x, (str, bytes)) or not hasattr(x, "__len__"):
            raise ValueError(
                f"{fn}: {arg} must be a one-dimensional sequence of numbers; got {type(x).__name__}.")
        if not is_rational_vector(x):
            raise ValueError(f"{fn}: {arg} must contain only ints or Fractions in exact mode.")
        vec = to_fraction_vector(x)
    else:
        vec, _ = _float_array(fn, arg, x)
    _check_length(fn, arg, len(vec), n, n_from)
    return vec


def check_probability_vector(fn: str, p, *, arg: str = "p", n: int | None = None, exact: bool = False,
                             n_from: str | None = None):
    """Validate a probability vector: finite, non-negative, summing to 1.

    Exact mode demands ``sum == 1`` exactly; float mode accepts ``|sum − 1| <= max(FLOAT_SUM_ATOL, n·eps)``
    with eps the machine epsilon of the input's precision, and renormalises inputs of lower precision than
    float64 (float32, float16) in float64.
    """
    if exact:
        vec = as_vector(fn, arg, p, n=n, exact=True, n_from=n_from)
        for i, e in enumerate(vec):
            if e < 0:
                raise ValueError(f"{fn}: {arg} must be a probability vector; entry {i} is negative ({e}).")
        if sum(vec) != 1:
            raise ValueError(f"{fn}: {arg} must be a probability vector of length n={len(vec)}; "
                             f"its entries sum to {sum(vec)}, not 1.")
        return vec
    arr, eps = _float_array(fn, arg, p)
    _check_length(fn, arg, arr.size, n, n_from)
    if (arr < 0).any():
        i = int(np.flatnonzero(arr < 0)[0])
        raise ValueError(f"{fn}: {arg} must be a probability vector; entry {i} is negative ({arr[i]}).")
    total = float(np.sum(arr))
    if abs(total - 1.0) > max(FLOAT_SUM_ATOL, arr.size * eps):
        raise ValueError(f"{fn}: {arg} must be a probability vector of length n={arr.size}; "
                         f"its entries sum to {total}, not 1.")
    return arr / total if eps > _EPS64 else arr


def check_positive_vector(fn: str, x, *, arg: str = "scores", n: int | None = None, exact: bool = False,
                          n_from: str | None = None):
    """Validate a vector of strictly positive finite numbers (e.g. preference scores)."""
    vec = as_vector(fn, arg, x, n=n, exact=exact, n_from=n_from)
    if exact:
        bad = [i for i, e in enumerate(vec) if not e > 0]
        if bad:
            raise ValueError(f"{fn}: {arg} must be positive; entry {bad[0]} is {vec[bad[0]]}.")
        return vec
    if not (vec > 0).all():
        i = int(np.flatnonzero(~(vec > 0))[0])
        raise ValueError(f"{fn}: {arg} must be positive; entry {i} is {vec[i]}.")
    return vec


def _exact_integer(x: Any) -> int | None:
    """``int(x)`` when ``x`` has an integer type (``int``, numpy integer; not a bool), else None."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        return None
    return int(x)


def check_k(fn: str, k, n: int) -> int:
    """Validate the menu size: an integer (int or numpy integer; not a bool) with ``1 <= k <= n``."""
    value = _exact_integer(k)
    if value is None or not 1 <= value <= n:
        raise ValueError(f"{fn}: k must be an integer with 1 <= k <= n={n}; got k={k!r}.")
    return value


def check_menu(fn: str, menu, n: int, k: int | None = None, *, arg: str = "menu") -> tuple[int, ...]:
    """Validate a menu: distinct integer items in ``0..n-1`` (exactly ``k`` of them if given).

    Returns the menu as a sorted tuple of ints.
    """
    if isinstance(menu, (str, bytes)):
        raise ValueError(f"{fn}: {arg} must be a sequence of item indices; got {menu!r}.")
    try:
        items = list(menu)
    except TypeError:
        raise ValueError(f"{fn}: {arg} must be a sequence of item indices; got {menu!r}.") from None
    values = []
    for item in items:
        value = _exact_integer(item)
        if value is None:
            raise ValueError(f"{fn}: {arg} items must be integers in 0..{n - 1}; got {item!r}.")
        if not 0 <= value < n:
            raise ValueError(f"{fn}: {arg} item {item} is out of range; items are 0..{n - 1}.")
        values.append(value)
    if len(set(values)) != len(values):
        raise ValueError(f"{fn}: {arg} must list distinct items; got {tuple(values)} with a duplicate.")
    if k is not None and len(values) != k:
        raise ValueError(f"{fn}: {arg} must have exactly k={k} items; got {len(values)}.")
    if not values:
        raise ValueError(f"{fn}: {arg} must not be empty.")
    return tuple(sorted(values))


def check_same_length(fn: str, **vectors) -> int:
    """Validate that all named vectors have one common length; return it."""
    for name, v in vectors.items():
        if isinstance(v, (str, bytes)) or not hasattr(v, "__len__"):
            raise ValueError(f"{fn}: {name} must be a one-dimensional sequence of numbers; got {type(v).__name__}.")
    lengths = {name: len(v) for name, v in vectors.items()}
    if len(set(lengths.values())) > 1:
        desc = ", ".join(f"{name} has length {ln}" for name, ln in lengths.items())
        raise ValueError(f"{fn}: arguments must have the same length n; {desc}.")
    return next(iter(lengths.values()))


def _finite_real(x: Any) -> bool:
    """A real number (not a bool, str or None) that is finite (ints and Fractions: at most the float64 maximum)."""
    if isinstance(x, _NOT_NUMBERS) or not isinstance(x, numbers.Real):
        return False
    if isinstance(x, (numbers.Integral, Fraction)):
        return bool(abs(Fraction(x)) <= _FLOAT_MAX)  # representable: float mode converts it without overflow
    return math.isfinite(float(x))


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
    ok = (_finite_real(x)
          and (low is None or (x > low if low_open else x >= low))
          and (high is None or (x < high if high_open else x <= high)))
    if not ok:
        raise ValueError(f"{fn}: {arg} must be a finite real number {interval}{' ' + what if what else ''}; got {x!r}.")
    return x


def check_integer(fn: str, arg: str, x: Any, *, minimum: int = 1) -> int:
    """Validate an integer (int or numpy integer; not a bool) with ``x >= minimum``; returns it as ``int``."""
    value = _exact_integer(x)
    if value is None or value < minimum:
        raise ValueError(f"{fn}: {arg} must be an integer >= {minimum}; got {x!r}.")
    return value


def check_gamma(fn: str, gamma: Any, *, arg: str = "gamma") -> Any:
    """Validate Definition 1's discount factor γ ∈ (0, 1] (returned unchanged, exact if rational)."""
    return check_real(fn, arg, gamma, low=0, high=1, low_open=True)


def check_weight(fn: str, weight: Any, arg: str = "weight") -> Any:
    """Validate a memory pseudo-weight W ≥ 0 (Definition 1's W_0), returned unchanged."""
    return check_real(fn, arg, weight, low=0)


def check_lam(fn: str, lam: Any, *, arg: str = "lam") -> Any:
    """Validate a score floor λ ∈ (0, 1] (Definition 3, the EIRD box), returned unchanged."""
    return check_real(fn, arg, lam, low=0, high=1, low_open=True)


@contextmanager
def errors_as(fn: str) -> Iterator[None]:
    """Word the errors of a delegated step as the public caller's: ``"inner: msg"`` becomes ``"fn: msg"``.

    For a public function that validates by calling another public function (``lemma6_expected_choice`` →
    ``mixture_choice_distribution``): the user called ``fn``, so the message must start with ``fn``. The
    exception keeps its type and is chained to the original.
    """
    try:
        yield
    except (ValueError, TypeError) as exc:
        head, sep, rest = str(exc).partition(": ")
        if not sep or head == fn or " " in head:
            raise
        renamed = copy.copy(exc)
        renamed.args = (f"{fn}: {rest}",)
        raise renamed from exc


def speaks_as(fn: str):
    """Decorator: the function's delegated errors are worded as ``fn``'s (``errors_as`` around its body)."""
    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            with errors_as(fn):
                return f(*args, **kwargs)
        return wrapper
    return decorate


def rng_from(seed, *, fn: str = "rng_from", arg: str = "seed") -> np.random.Generator:
    """The only way the reference creates randomness: an explicit seed (or Generator) → Generator.

    A seed is a non-negative integer (int or numpy integer; not a bool), a ``numpy.random.SeedSequence`` or a
    ``numpy.random.Generator`` (used as is). ``fn``/``arg`` name the public caller in the error message.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, np.random.SeedSequence) or (_exact_integer(seed) is not None and int(seed) >= 0):
        return np.random.default_rng(seed)
    raise ValueError(f"{fn}: {arg} must be given explicitly as a non-negative integer or a numpy Generator; "
                     f"got {seed!r}.")


def uniform(n: int, *, exact: bool = False):
    """The uniform distribution u_n (Fractions in exact mode)."""
    size = check_integer("uniform", "n", n)
    return [Fraction(1, size)] * size if exact else np.full(size, 1.0 / size)


def fsum(values: Iterable) -> float | Fraction:
    """Sum that stays exact for Fractions and is compensated (math.fsum) for floats."""
    values = list(values)
    if values and all(isinstance(v, Fraction) for v in values):
        return sum(values, Fraction(0))
    return math.fsum(float(v) for v in values)


def max_abs_diff(a: Sequence, b: Sequence):
    """max_i |a_i − b_i|, exact when both are rational."""
    return max(abs(x - y) for x, y in zip(a, b, strict=True))
