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

__all__ = ["is_rational", "vectors", "scalar", "boolean", "pair", "induced_distribution", "integer", "tree",
           "best_value_and_point", "scaled", "mapping", "parts", "vector_rule", "scalar_rule", "tree_rule"]


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
    return (f"{what}s differ by {err[i]:.3e} at entry {index} (allowed {allowed:.6e}, tolerance '{tol.name}'): "
            f"reference {float(r.ravel()[i])!r}, candidate {float(c.ravel()[i])!r}")


def scalar(ref: Any, cand: Any, tol: Tolerance, what: str = "value") -> str | None:
    if isinstance(cand, (bool, np.bool_)) or (not isinstance(cand, Fraction) and np.ndim(cand) != 0):
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
    return vectors(ref[0], cand[0], tol, names[0]) or vectors([ref[1]], [cand[1]], tol, names[1])


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


# --------------------------------------------------------------------------------------------
# helpers added for the paper-A entries (functions_a*.py): integers, nested numbers, optima
# --------------------------------------------------------------------------------------------
def integer(ref: Any, cand: Any, what: str = "count", off_by_one_ok: bool = False) -> str | None:
    """Equal integers; ``off_by_one_ok`` when the instance sits within rounding of the threshold that
    decides the count (then ref ± 1 is also right)."""
    if isinstance(cand, (bool, np.bool_)) or not isinstance(cand, (int, np.integer)):
        return f"the candidate's {what} is {cand!r}, not an integer"
    if int(cand) == int(ref) or (off_by_one_ok and abs(int(cand) - int(ref)) == 1):
        return None
    return f"{what}s differ: reference {int(ref)}, candidate {int(cand)}"


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float, Fraction, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_))


def tree(ref: Any, cand: Any, tol: Tolerance, what: str = "output", skip: tuple = ()) -> str | None:
    """Nested outputs (dicts, dataclasses, tuples, lists, arrays, numbers, bools) compared leaf by leaf:
    numbers by ``scalar`` (each leaf on its own scale), bools and None equal, strings ignored (prose);
    dict keys / dataclass fields in ``skip`` are not compared. Every key of the reference must be present."""
    if hasattr(ref, "__dataclass_fields__"):
        ref = {f: getattr(ref, f) for f in ref.__dataclass_fields__}
        missing = [f for f in ref if not hasattr(cand, f) and not (isinstance(cand, dict) and f in cand)]
        if missing:
            return f"the candidate's {what} has no field {missing[0]!r}"
        cand = {f: (cand[f] if isinstance(cand, dict) else getattr(cand, f)) for f in ref}
    if isinstance(ref, dict):
        if not isinstance(cand, dict):
            return f"the candidate's {what} is not a dict: {cand!r}"
        for key, value in ref.items():
            if key in skip:
                continue
            if key not in cand:
                return f"the candidate's {what} has no entry {key!r}"
            message = tree(value, cand[key], tol, f"{what}[{key!r}]", skip)
            if message:
                return message
        return None
    if isinstance(ref, str):
        return None
    if ref is None:
        return None if cand is None else f"{what}s differ: reference None, candidate {cand!r}"
    if isinstance(ref, (bool, np.bool_)):
        return boolean(ref, cand, False, what)
    if _is_number(ref):
        if not _is_number(cand):
            return f"the candidate's {what} is {cand!r}, not a number"
        if isinstance(ref, float) and not np.isfinite(ref):
            return None if float(cand) == ref else f"{what}s differ: reference {ref}, candidate {cand}"
        return scalar(ref, cand, tol, what)
    if isinstance(ref, (list, tuple, np.ndarray)) and len(ref) and not all(_is_number(e) for e in np.ravel(
            np.asarray(ref, dtype=object))):
        if not isinstance(cand, (list, tuple, np.ndarray)) or len(cand) != len(ref):
            return f"the candidate's {what} has {len(cand) if hasattr(cand, '__len__') else '?'} entries, " \
                   f"the reference's {len(ref)}"
        for i, (a, b) in enumerate(zip(ref, cand)):
            message = tree(a, b, tol, f"{what}[{i}]", skip)
            if message:
                return message
        return None
    return vectors(ref, cand, tol, what)


def best_value_and_point(ref: Any, cand: Any, tol: Tolerance, rewards: Any, lower: Any, upper: Any) -> str | None:
    """``(value, p)`` of max ⟨R, p⟩ over {p ∈ Δ(n) : lower ≤ p ≤ upper}: the value must agree; the
    maximiser need not be the reference's (ties), only feasible and attain the value."""
    if not (isinstance(cand, (tuple, list)) and len(cand) == 2):
        return f"the candidate must return (value, p); got {cand!r}"
    message = scalar(ref[0], cand[0], tol, "optimal value")
    if message:
        return message
    exact = is_rational(cand[1]) and is_rational(rewards) and is_rational(np.atleast_1d(np.asarray(
        lower, dtype=object))) and is_rational(np.atleast_1d(np.asarray(upper, dtype=object)))
    if exact:
        p = [Fraction(x) for x in cand[1]]
        n = len(p)
        lo = [Fraction(x) for x in np.broadcast_to(np.asarray(lower, dtype=object), (n,))]
        up = [Fraction(x) for x in np.broadcast_to(np.asarray(upper, dtype=object), (n,))]
        if sum(p) != 1 or any(a < b for a, b in zip(p, lo)) or any(a > b for a, b in zip(p, up)):
            return f"the candidate's maximiser is not in the set: {p}"
        value = sum(Fraction(r) * x for r, x in zip(rewards, p))
        return None if value == Fraction(ref[0]) else f"the candidate's maximiser has value {value}, not {ref[0]}"
    p = _as_float_array(cand[1])
    r = np.asarray([float(x) for x in rewards])
    if p is None or p.shape != r.shape:
        return f"the candidate's maximiser is not a vector of length {r.size}: {cand[1]!r}"
    lo = np.broadcast_to(np.asarray(lower, dtype=float), r.shape)
    up = np.broadcast_to(np.asarray(upper, dtype=float), r.shape)
    slack = tol.atol + tol.rtol
    if abs(p.sum() - 1) > slack or np.any(p < lo - slack) or np.any(p > up + slack):
        return f"the candidate's maximiser is not in the set (sum {p.sum()!r}, bounds violated by " \
               f"{max(float(np.max(lo - p)), float(np.max(p - up)))!r})"
    return scalar(ref[0], float(r @ p), tol, "value of the candidate's maximiser")




# -- helpers added for paper B (certificates/oracle/functions_b.py) --------------------------------
def scaled(ref: Any, cand: Any, tol: Tolerance, scale: float, what: str = "output") -> str | None:
    """``vectors`` with the allowed error ``atol + rtol·scale`` for a caller-given ``scale``: the magnitude of
    the terms the output is computed from, when the output itself suffers cancellation (a divergence, a
    residual that is 0 at the optimum, logits summing d² products of both signs)."""
    from dataclasses import replace  # noqa: PLC0415

    return vectors(ref, cand, replace(tol, atol=tol.atol + tol.rtol * float(scale), rtol=0.0), what)


def mapping(ref: dict, cand: Any, tol: Tolerance, scales: dict | None = None, what: str = "value") -> str | None:
    """A dict output (a bound by term, a residual): the candidate has every key of the reference and each
    value agrees within ``atol + rtol·scales[key]`` (default scale |ref[key]|: each term relative to itself)."""
    if not hasattr(cand, "keys"):
        return f"the candidate's {what} is not a dict: {cand!r}"
    missing = [k for k in ref if k not in cand]
    if missing:
        return f"the candidate's {what} lacks the key {missing[0]!r} (reference keys {sorted(ref)})"
    for key, r in ref.items():
        scale = abs(float(r)) if scales is None or key not in scales else float(scales[key])
        message = scaled([r], [cand[key]] if np.ndim(cand[key]) == 0 else cand[key], tol, scale, f"{what} {key!r}")
        if message:
            return message
    return None


def parts(ref: tuple, cand: Any, tols: tuple, names: tuple) -> str | None:
    """A tuple output compared part by part, each part with its own tolerance (entrywise, ``vectors``)."""
    if not (isinstance(cand, (tuple, list)) and len(cand) == len(ref)):
        return f"the candidate must return a {len(ref)}-tuple ({', '.join(names)}); got {type(cand).__name__}"
    for r, c, tol, name in zip(ref, cand, tols, names):
        message = vectors(np.atleast_1d(r), np.atleast_1d(np.asarray(c, dtype=float)) if np.ndim(c) == 0 else c,
                          tol, name)
        if message:
            return message
    return None




# Rules in the entries' signature (args, ref, cand, tol), for entries that compare the whole output one way.
def vector_rule(args: Any, ref: Any, cand: Any, tol: Tolerance) -> str | None:
    return vectors(ref, cand, tol)


def scalar_rule(args: Any, ref: Any, cand: Any, tol: Tolerance) -> str | None:
    return scalar(ref, cand, tol)


def tree_rule(args: Any, ref: Any, cand: Any, tol: Tolerance) -> str | None:
    return tree(ref, cand, tol)
