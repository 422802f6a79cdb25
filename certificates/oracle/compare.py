"""Comparison rules of the oracle: each returns None when reference and candidate agree, else one sentence
naming the first difference (entry, both values, the allowed error and the tolerance's name).

* **exact** — when the reference returns Fractions (rational input) and the candidate does too, they must
  be equal. A candidate that returns floats on rational input is held to the float tolerance instead (so a
  numpy implementation can be checked on exact instances too).
* **float** — ``|ref − cand| ≤ atol + rtol·max|ref|`` entrywise (``Tolerance``); shapes must match and the
  candidate's output must be finite.
* **bool** — equal, except where the caller says the instance is within rounding of the boundary.
* **induced distribution** — a candidate menu distribution is valid (menus of k distinct items, weights
  ≥ 0 summing to 1) and induces p: Σ_K μ_K q(K; f) = p (exactly on rational input); menus may differ.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from certificates.oracle.core import Tolerance

__all__ = ["is_rational", "vectors", "scalar", "boolean", "induced_distribution", "pair"]


def is_rational(x: Any) -> bool:
    """True for an int/Fraction or a (nested) sequence of them only (no bools, no floats)."""
    if isinstance(x, (bool, np.bool_)):
        return False
    if isinstance(x, (int, Fraction, np.integer)):
        return True
    if isinstance(x, np.ndarray):
        return x.dtype == object and all(is_rational(e) for e in x.ravel())
    if isinstance(x, (list, tuple)):
        return len(x) > 0 and all(is_rational(e) for e in x)
    return False


def _as_float_array(x: Any) -> np.ndarray | None:
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        try:
            arr = np.asarray([float(e) for e in x], dtype=float)
        except (TypeError, ValueError):
            return None
    return arr


def vectors(ref: Any, cand: Any, tol: Tolerance, what: str = "output") -> str | None:
    """Entrywise comparison of two arrays (any shape): exact on rational outputs, else ``tol``."""
    if cand is None or isinstance(cand, (str, bytes)):
        return f"the candidate's {what} is not an array: {cand!r}"
    if is_rational(ref) and is_rational(cand):
        r, c = np.asarray(ref, dtype=object).ravel(), np.asarray(cand, dtype=object).ravel()
        if r.shape != c.shape:
            return f"the candidate's {what} has {c.size} entries, the reference's {r.size}"
        bad = [i for i, (a, b) in enumerate(zip(r, c)) if Fraction(a) != Fraction(b)]
        return None if not bad else (f"exact {what}s differ at entry {bad[0]}: reference {r[bad[0]]}, "
                                     f"candidate {c[bad[0]]} ({len(bad)} entries differ)")
    r, c = _as_float_array(ref), _as_float_array(cand)
    if c is None:
        return f"the candidate's {what} is not numeric: {cand!r}"
    assert r is not None
    if r.shape != c.shape:
        return f"the candidate's {what} has shape {c.shape}, the reference's {r.shape}"
    if not np.all(np.isfinite(c)):
        i = int(np.flatnonzero(~np.isfinite(c.ravel()))[0])
        return f"the candidate's {what} has a non-finite entry {i}: {c.ravel()[i]}"
    err = np.abs(r - c).ravel()
    allowed = tol.allowed(r)
    if np.all(err <= allowed):
        return None
    i = int(np.argmax(err))
    index = np.unravel_index(i, r.shape) if r.ndim > 1 else i
    return (f"{what}s differ by {err[i]:.3e} at entry {index} (allowed {allowed:.1e}, tolerance '{tol.name}'): "
            f"reference {float(r.ravel()[i])!r}, candidate {float(c.ravel()[i])!r}")


def scalar(ref: Any, cand: Any, tol: Tolerance, what: str = "value") -> str | None:
    if isinstance(cand, (bool, np.bool_)) or (np.ndim(cand) != 0 if not isinstance(cand, Fraction) else False):
        return f"the candidate's {what} is not a number: {cand!r}"
    return vectors([ref], [cand], tol, what)


def boolean(ref: Any, cand: Any, on_boundary: bool = False, what: str = "answer") -> str | None:
    if not isinstance(cand, (bool, np.bool_)):
        return f"the candidate's {what} is {cand!r}, not a bool"
    if bool(cand) == bool(ref) or on_boundary:
        return None
    return f"{what}s differ: reference {bool(ref)}, candidate {bool(cand)}"


def pair(ref: Any, cand: Any, tol: Tolerance, names: tuple[str, str]) -> str | None:
    """A 2-tuple output (e.g. (memory, weight)) compared part by part."""
    if not (isinstance(cand, (tuple, list)) and len(cand) == 2):
        return f"the candidate must return ({names[0]}, {names[1]}); got {cand!r}"
    return vectors(ref[0], cand[0], tol, names[0]) or vectors(np.atleast_1d(ref[1]) if not isinstance(
        ref[1], Fraction) else [ref[1]], [cand[1]], tol, names[1])


def induced_distribution(p: Any, scores: Any, k: int, cand: Any, tol: Tolerance) -> str | None:
    """The candidate's menu distribution is valid and induces p (Lemma 1's MenuDist contract)."""
    import reference.adaptive_preferences.realizability.sec2_choice as choice  # noqa: PLC0415

    exact = is_rational(p) and is_rational(scores)
    try:
        pairs = list(cand)
        cand_exact = exact and all(isinstance(w, (int, Fraction)) for _, w in pairs)
        checked = choice.check_menu_distribution("oracle", pairs, len(p), k, exact=cand_exact)
    except (ValueError, TypeError) as exc:
        return f"the candidate's menu distribution is invalid: {exc}"
    induced = choice.mixture_choice_distribution(checked, scores if cand_exact else [float(s) for s in scores], k)
    return vectors(p, induced, tol, "induced distribution")
