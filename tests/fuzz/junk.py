"""Shared junk strategies and the fuzz property for the public-API fuzz suites (issue 12 item 2).

Any fuzz module (``tests/fuzz/test_fuzz_*.py``) may import this one::

    from tests.fuzz.junk import junk_like, outcome_of, Outcome

``junk_like(valid)`` draws a *corruption* of a valid argument: wrong shapes (0-d, 2-D, empty), NaN/±inf,
negative, zero, huge (1e300) and denormal (5e-324) magnitudes, float32/int/bool/str/None/Fraction mixes and
mismatched lengths, chosen by the kind of the valid value (vector, integer, real, menu, other object).
``extreme_vectors`` draws valid-but-extreme positive vectors (entries spanning 5e-324..1e300).

``outcome_of(qualname, param, call)`` runs one call and classifies it by the house rule: an error is *clear*
when it is a ``ValueError``/``TypeError`` whose message starts with ``qualname + ": "`` and names the
corrupted parameter; otherwise *vague*; any other exception is an *unclear crash*; a return value is handed
to the caller's independent check (a *silent wrong answer* when the check fails).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

__all__ = ["SCALAR_JUNK", "INT_JUNK", "junk_scalars", "junk_integers", "junk_vectors", "junk_menus",
           "junk_objects", "junk_like", "extreme_vectors", "Outcome", "outcome_of", "is_finite_output",
           "is_vector", "is_menu"]

NAN, INF = float("nan"), float("inf")
TINY, HUGE = 5e-324, 1e300

#: Junk for real scalars: non-finite, signs, zero, extreme magnitudes, wrong types.
SCALAR_JUNK: list[Any] = [NAN, INF, -INF, -1.0, -1, 0, 0.0, HUGE, -HUGE, TINY, 1e-300, True, False, "0.5", None,
                          1j, [0.5], np.float32("nan"), np.array([0.5, 0.5]), 10**400]
#: Junk for integer scalars: non-integers, bools, signs, zero, huge.
INT_JUNK: list[Any] = [0, -1, -(10**6), 2.5, 2.0, Fraction(2), True, "2", None, NAN, INF, [2], np.float64(3.0)]


def junk_scalars():
    return st.sampled_from(SCALAR_JUNK)


def junk_integers():
    return st.sampled_from(INT_JUNK)


def junk_objects():
    return st.sampled_from([None, "junk", 3, 0.5, object(), [], (), {"a": 1}])


@st.composite
def junk_vectors(draw, n: int, base=None):
    """A corrupted length-``n`` vector (``base`` is a valid one to start from, else uniform)."""
    base = np.full(n, 1.0 / n) if base is None else np.asarray([float(e) for e in base])
    kind = draw(st.sampled_from(["entry", "entry", "entry", "shape", "length", "dtype", "scale", "type"]))
    if kind == "entry":
        i = draw(st.integers(0, n - 1))
        bad = draw(st.sampled_from([NAN, INF, -INF, -1.0, -1e-300, 0.0, HUGE, TINY, True, "0.5", None,
                                    Fraction(1, 3), 1j]))
        out = list(base)
        out[i] = bad
        return out
    if kind == "shape":
        return draw(st.sampled_from([[], np.array([]), [list(base)], np.stack([base, base]), 0.5, base[0],
                                     np.float64(0.5), np.zeros((0, n))]))
    if kind == "length":
        m = draw(st.sampled_from([max(n - 1, 0), n + 1, 2 * n + 3]))
        return list(np.resize(base, m)) if m else []
    if kind == "dtype":
        return draw(st.sampled_from([base.astype(np.float32), base.astype(np.int64), base > 0,
                                     np.array([str(e) for e in base]), [str(e) for e in base],
                                     [Fraction(e) for e in base[:-1]] + [float(base[-1])],
                                     np.array(base, dtype=object), base.astype(complex)]))
    if kind == "scale":
        return list(base * draw(st.sampled_from([HUGE, TINY, -1.0, 0.0, 1e16, 1e-16])))
    return draw(junk_objects())


@st.composite
def junk_menus(draw, n: int, k: int):
    return draw(st.sampled_from([(), (0, 0)[:max(k, 2)], tuple(range(k + 1)), (n,), (-1,), (0.0,), (True,),
                                 ("0",), None, 3, [[0, 1]], tuple(range(max(k - 1, 0)))]))


@st.composite
def extreme_vectors(draw, n: int, *, positive: bool = True):
    """Valid-but-extreme positive vectors: entries spanning denormal to huge magnitudes."""
    scale = draw(st.sampled_from([TINY, 2.3e-308, 1e-300, 1e-12, 1.0, 1e12, 1e300]))
    spread = draw(st.lists(st.sampled_from([1.0, 2.0, 1e-3, 1e3, 0.5]), min_size=n, max_size=n))
    v = np.array([scale * s for s in spread])
    v = np.where(np.isfinite(v) & (v > 0), v, scale)
    return v if positive else -v


def junk_like(valid: Any, *, n: int | None = None, k: int | None = None):
    """A strategy of corruptions of ``valid``, by its kind."""
    if isinstance(valid, (bool, np.bool_)):
        return st.sampled_from([None, "yes", 2, NAN, [True]])
    if isinstance(valid, (int, np.integer)):
        return junk_integers()
    if isinstance(valid, (float, Fraction, np.floating)):
        return junk_scalars()
    if isinstance(valid, tuple) and valid and all(isinstance(e, (int, np.integer)) for e in valid):
        size = n or (max(valid) + 1)
        return st.one_of(junk_menus(size, k or len(valid)), junk_vectors(len(valid)))
    if isinstance(valid, np.ndarray) and valid.ndim == 1 and valid.dtype.kind == "f" and valid.size:
        return junk_vectors(valid.size, valid)
    if isinstance(valid, list) and valid and all(isinstance(e, (float, int, Fraction)) and not isinstance(e, bool)
                                                 for e in valid):
        return junk_vectors(len(valid), valid)
    if isinstance(valid, np.ndarray) and valid.ndim == 2 and valid.size:
        return st.sampled_from([valid[0], valid.T if valid.shape[0] != valid.shape[1] else valid[:, :-1],
                                np.full(valid.shape, NAN), -valid, valid * HUGE, np.zeros((0, 0)), None, "junk",
                                valid.astype(np.float32), valid[:-1] if valid.shape[0] > 1 else valid[:, :0]])
    return junk_objects()


@dataclass
class Outcome:
    """One fuzz call: ``kind`` is ok / clear / vague / crash / silent; ``detail`` says why."""

    kind: str
    detail: str = ""
    value: Any = None


def outcome_of(qualname: str, param: str | None, call: Callable[[], Any]) -> Outcome:
    """Run ``call()``; classify an exception by the house rule, or return the value for the caller to check."""
    try:
        value = call()
    except (ValueError, TypeError) as exc:
        msg = str(exc)
        if not msg.startswith(qualname + ": "):
            return Outcome("vague", f"{type(exc).__name__} does not start with {qualname + ': '!r}: {msg[:200]}")
        if param is not None and param not in msg:
            return Outcome("vague", f"{type(exc).__name__} does not name {param!r}: {msg[:200]}")
        return Outcome("clear", msg[:200])
    except Exception as exc:  # noqa: BLE001 (any other exception is the finding)
        return Outcome("crash", f"{type(exc).__name__}: {str(exc)[:200]}")
    return Outcome("ok", value=value)


def is_finite_output(x: Any, depth: int = 0) -> bool:
    """Every number reachable in ``x`` (scalars, arrays, lists, tuples, dicts, dataclass fields) is finite."""
    if depth > 6 or x is None or isinstance(x, (str, bytes, bool, np.bool_, Fraction, int, np.integer, range)):
        return True
    if isinstance(x, (float, np.floating)):
        return math.isfinite(float(x))
    if isinstance(x, np.ndarray):
        return x.dtype.kind not in "fc" or bool(np.isfinite(x).all())
    if isinstance(x, dict):
        return all(is_finite_output(v, depth + 1) for v in x.values())
    if isinstance(x, (list, tuple)):
        return all(is_finite_output(v, depth + 1) for v in x[:2000])
    fields = getattr(x, "__dataclass_fields__", None)
    if fields:
        return all(is_finite_output(getattr(x, f), depth + 1) for f in fields)
    return True


def is_vector(x: Any, n: int) -> bool:
    """A length-n finite float64 array or a length-n list of Fractions."""
    if isinstance(x, np.ndarray):
        return x.shape == (n,) and x.dtype == np.float64 and bool(np.isfinite(x).all())
    return isinstance(x, list) and len(x) == n and all(isinstance(e, Fraction) for e in x)


def is_menu(menu: Any, n: int, k: int) -> bool:
    return (isinstance(menu, tuple) and len(menu) == k and len(set(menu)) == k
            and all(isinstance(i, int) and 0 <= i < n for i in menu))
