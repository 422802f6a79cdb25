"""The oracle's core: entries, tolerances, the Hypothesis runner, readable failures.

An *entry* says how to check one reference function (``FunctionEntry``) or algorithm
(``AlgorithmEntry``, see ``certificates.oracle.trajectories``) against a candidate implementation:
where the reference lives (looked up at call time, so mutants and monkeypatches are seen), how to
build valid instances up to a size, and how to compare outputs with a named ``Tolerance`` whose
one-line ``reason`` says why it is right for that function.

``ORACLES`` maps every supported name (``python -m certificates oracle --list``) to its entry.
Names are the reference's function or class name; where both papers define one (``Exp3``) the name
carries the paper: ``A.Exp3`` / ``B.Exp3``.
"""

from __future__ import annotations

import importlib
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed

__all__ = [
    "DEFAULT_MAX_SIZE",
    "Tolerance",
    "FunctionEntry",
    "AlgorithmEntry",
    "ORACLES",
    "register",
    "OracleMismatch",
    "OracleUsageError",
    "check_function",
    "python_literal",
    "candidate_source",
    "load_candidate",
]

#: Default largest size drawn: n (items) for paper A, d (query dimension) for paper B. Large enough that
#: vectorised code paths and bugs that fire only for n > 20 are exercised.
DEFAULT_MAX_SIZE = {"A": 64, "B": 32}


class OracleMismatch(AssertionError):
    """The candidate disagrees with the reference; ``report`` holds the minimal differing instance."""

    def __init__(self, message: str, report: dict | None = None):
        super().__init__(message)
        self.report = report or {}
        self.instance = self.report  # the name used before 0.2.0


class OracleUsageError(ValueError):
    """A usage error (unknown name, unloadable candidate, bad option): exit status 2 in the CLI."""


@dataclass(frozen=True)
class Tolerance:
    """``|ref − cand| ≤ atol + rtol · scale`` entrywise, where ``scale`` = max |ref| over the output
    (so the tolerance follows the quantity's magnitude: a 1e-6 relative error on a radius-1e-3 ball is
    a mismatch). Exact (rational) outputs are compared for equality, whatever the tolerance."""

    name: str
    rtol: float
    atol: float
    reason: str

    def allowed(self, ref: np.ndarray) -> float:
        scale = float(np.max(np.abs(ref))) if ref.size else 0.0
        return self.atol + self.rtol * scale

    def describe(self) -> str:
        return f"{self.name}: |Δ| ≤ {self.atol:g} + {self.rtol:g}·max|ref| — {self.reason}"


@dataclass
class FunctionEntry:
    """How to check one deterministic reference function.

    ``strategy(min_size, max_size)`` returns a Hypothesis strategy of positional-argument tuples;
    ``compare(args, ref, cand, tolerance)`` returns None when they agree, else one sentence.
    ``sizes`` caps the size this entry can draw (e.g. the all-menus LP enumerates C(n, k) menus).
    """

    name: str
    paper: str
    module: str
    attr: str
    strategy: Callable[[int, int], Any]
    compare: Callable[[tuple, Any, Any, Tolerance], str | None]
    tolerance: Tolerance
    max_size_cap: int | None = None
    kind: str = field(default="function", init=False)

    def reference(self) -> Callable:
        return getattr(importlib.import_module(self.module), self.attr)

    def effective_max_size(self, max_size: int | None) -> int:
        size = DEFAULT_MAX_SIZE[self.paper] if max_size is None else int(max_size)
        return min(size, self.max_size_cap) if self.max_size_cap else size


@dataclass
class AlgorithmEntry:
    """How to check one algorithm (a class): ``run(candidate_cls, rounds=, max_size=, seed=, mode=)``
    drives reference and candidate and returns a summary dict, or raises ``OracleMismatch``."""

    name: str
    paper: str
    module: str
    attr: str
    run: Callable[..., dict]
    tolerance: Tolerance
    protocol: str
    default_rounds: int = 300
    kind: str = field(default="algorithm", init=False)

    def reference(self) -> Callable:
        return getattr(importlib.import_module(self.module), self.attr)


#: Every supported name → its entry (filled by functions_a, functions_b, trajectories).
ORACLES: dict[str, FunctionEntry | AlgorithmEntry] = {}


def register(entry: FunctionEntry | AlgorithmEntry) -> FunctionEntry | AlgorithmEntry:
    if entry.name in ORACLES:
        raise ValueError(f"register: oracle name {entry.name!r} is registered twice.")
    if entry.paper not in DEFAULT_MAX_SIZE:
        raise ValueError(f"register: paper must be 'A' or 'B'; got {entry.paper!r}.")
    ORACLES[entry.name] = entry
    return entry


# --------------------------------------------------------------------------------------------
# readable failures: instances as Python that can be pasted
# --------------------------------------------------------------------------------------------
def python_literal(x: Any) -> str:
    """Python source that rebuilds ``x``: ``Fraction(1, 7)``, ``np.array([...])``, tuples, lists, dicts."""
    if isinstance(x, Fraction):
        return f"Fraction({x.numerator}, {x.denominator})"
    if isinstance(x, (bool, np.bool_)):
        return repr(bool(x))
    if isinstance(x, (int, np.integer)):
        return repr(int(x))
    if isinstance(x, (float, np.floating)):
        v = float(x)
        return repr(v) if math.isfinite(v) else f"float({str(v)!r})"
    if isinstance(x, np.ndarray):
        body = python_literal(x.tolist())
        return f"np.array({body})" if x.dtype == np.float64 else f"np.array({body}, dtype=np.{x.dtype})"
    if isinstance(x, tuple):
        inner = ", ".join(python_literal(e) for e in x)
        return f"({inner},)" if len(x) == 1 else f"({inner})"
    if isinstance(x, list):
        return "[" + ", ".join(python_literal(e) for e in x) + "]"
    if isinstance(x, dict):
        return "{" + ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in x.items()) + "}"
    return repr(x)


def candidate_source(candidate: Any) -> tuple[str, str]:
    """(import line, expression) that name the candidate in a replay snippet."""
    module, qual = getattr(candidate, "__module__", None), getattr(candidate, "__qualname__", None)
    if module and qual and "<" not in qual and module != "__main__":
        head = qual.split(".")[0]
        return f"from {module} import {head}", qual
    return "# candidate = <your implementation>", "candidate"


def replay_snippet(entry: FunctionEntry, args: tuple, candidate: Any) -> str:
    imp, expr = candidate_source(candidate)
    return "\n".join([
        "from fractions import Fraction",
        "import numpy as np",
        f"import {entry.module} as reference_module",
        imp,
        f"args = {python_literal(tuple(args))}",
        f"reference = reference_module.{entry.attr}(*args)",
        f"candidate = {expr}(*args)",
    ])


def _mismatch_report(entry: FunctionEntry, args: tuple, candidate: Any, message: str, seed: int,
                     examples: int) -> OracleMismatch:
    ref = entry.reference()(*args)
    try:
        cand: Any = candidate(*args)
    except Exception as exc:  # noqa: BLE001 (the candidate's crash is part of the report)
        cand = f"<raised {type(exc).__name__}: {exc}>"
    report = {"name": entry.name, "arguments": python_literal(tuple(args)), "reference": python_literal(ref),
              "candidate": cand if isinstance(cand, str) else python_literal(cand), "difference": message,
              "tolerance": entry.tolerance.describe(), "seed": seed, "examples_run": examples,
              "replay": replay_snippet(entry, args, candidate)}
    lines = [f"oracle: the candidate for {entry.name} disagrees with the reference (seed {seed}, "
             f"{examples} calls including shrinking).",
             f"First difference: {message}",
             f"Tolerance: {report['tolerance']}",
             "Minimal differing instance (shrunk by Hypothesis):",
             f"  arguments: {report['arguments']}",
             f"  reference: {report['reference']}",
             f"  candidate: {report['candidate']}",
             "Replay it:", *("    " + line for line in report["replay"].splitlines())]
    return OracleMismatch("\n".join(lines), report)


def compare_once(entry: FunctionEntry, candidate: Callable, args: tuple) -> str | None:
    """Run reference and candidate on ``args``; None if they agree, else a sentence. The candidate
    crashing on a valid instance is a mismatch."""
    ref = entry.reference()(*args)
    try:
        cand = candidate(*args)
    except Exception as exc:  # noqa: BLE001
        return f"the candidate raised {type(exc).__name__}: {exc}"
    return entry.compare(args, ref, cand, entry.tolerance)


def _check_options(fn: str, examples: int, max_size: int | None, min_size: int) -> None:
    if isinstance(examples, bool) or not isinstance(examples, int) or examples < 1:
        raise OracleUsageError(f"{fn}: examples must be a positive integer; got {examples!r}.")
    if max_size is not None and (isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 1):
        raise OracleUsageError(f"{fn}: max_size must be a positive integer or None; got {max_size!r}.")
    if isinstance(min_size, bool) or not isinstance(min_size, int) or min_size < 1:
        raise OracleUsageError(f"{fn}: min_size must be a positive integer; got {min_size!r}.")


def get_entry(fn: str, name: str, kind: str | None = None) -> FunctionEntry | AlgorithmEntry:
    from certificates.oracle import load_entries  # noqa: PLC0415 (registers every entry once)

    load_entries()
    if name not in ORACLES or (kind is not None and ORACLES[name].kind != kind):
        names = sorted(n for n, e in ORACLES.items() if kind is None or e.kind == kind)
        raise OracleUsageError(f"{fn}: name must be one of {names} (python -m certificates oracle --list); "
                               f"got {name!r}.")
    return ORACLES[name]


def check_function(name: str, candidate: Callable, *, examples: int = 200, max_size: int | None = None,
                   min_size: int = 1, seed: int = 0, derandomize: bool = False) -> dict:
    """Compare ``candidate`` with the reference function ``name`` on ``examples`` generated instances of
    sizes ``min_size..max_size`` (n for paper A, default 64; d for paper B, default 32; pin one size with
    ``min_size = max_size``). Returns a summary dict, or raises ``OracleMismatch`` with the minimal
    differing instance, both outputs, the first difference, the tolerance and a replay snippet."""
    __tracebackhide__ = True
    fn = "check_function"
    entry = get_entry(fn, name, "function")
    assert isinstance(entry, FunctionEntry)
    if not callable(candidate):
        raise OracleUsageError(f"{fn}: candidate must be callable; got {candidate!r}.")
    _check_options(fn, examples, max_size, min_size)
    hi = entry.effective_max_size(max_size)
    lo = min(min_size, hi)
    failure: dict = {}
    count = {"n": 0}

    @hypothesis_seed(seed)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=derandomize,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(entry.strategy(lo, hi))
    def check(args):
        count["n"] += 1
        message = compare_once(entry, candidate, args)
        if message is not None:
            failure.clear()
            failure.update({"args": args, "message": message, "at": count["n"]})
            raise OracleMismatch(message)

    try:
        check()
    except OracleMismatch:
        # Hypothesis replays the shrunk (minimal) example last
        raise _mismatch_report(entry, failure["args"], candidate, failure["message"], seed, count["n"]) from None
    return {"name": name, "kind": "function", "examples": count["n"], "seed": seed, "sizes": [lo, hi],
            "tolerance": entry.tolerance.describe(), "passed": True}


def load_candidate(path: str) -> Any:
    """``module:attribute`` (dots allowed in the attribute) → the object; modules in the current directory
    are found too. Raises ``OracleUsageError`` with the reason."""
    if not isinstance(path, str) or ":" not in path:
        raise OracleUsageError(f"oracle: the candidate must be given as module:attribute (e.g. "
                               f"mypkg.fast:menu_times); got {path!r}.")
    module_name, attr = path.split(":", 1)
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        obj: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise OracleUsageError(f"oracle: cannot load the candidate {path!r}: {exc}") from None
    return obj
