"""The correctness oracle: check your (fast) implementation against the reference, function by function
and algorithm by algorithm.

Command line (``paper-audit oracle …`` is the same)::

    python -m certificates oracle --list
    python -m certificates oracle menu_times mypkg.fast:menu_times [--examples 500] [--max-size 64] [--seed 0]
    python -m certificates oracle HPG mypkg.fast:FastHPG [--rounds 300] [--max-size 32] [--json out.json]

Exit status 0 = agree, 1 = mismatch (the minimal instance is printed, with a replay snippet), 2 = usage
error (unknown name, unloadable candidate, bad option).

In a test::

    from certificates.oracle import assert_matches_reference, assert_trajectory_matches
    def test_fast_menu_times():
        assert_matches_reference("menu_times", my_menu_times, max_size=64)
    def test_fast_hpg():
        assert_trajectory_matches("HPG", MyHPG, rounds=300)

or through the pytest plugin this package installs (fixture ``oracle``; options ``--oracle-examples``,
``--oracle-max-size``, ``--oracle-seed``, ``--oracle-rounds``). Functions: Hypothesis builds valid
instances (``certificates.strategies``, public for your own property tests) of sizes up to ``max_size`` —
n for paper A (default 64), d for paper B (default 32); pin one size with ``min_size=max_size`` (CLI
``--min-size``). On a mismatch Hypothesis shrinks to a minimal differing instance. Algorithms: see
``certificates.oracle.trajectories`` for the protocols, the replay and the statistical modes.

Modules: ``core`` (entries, tolerances, the runner, failure reports), ``compare`` (comparison rules),
``functions_a`` / ``functions_b`` (the function entries of paper A / B), ``trajectories`` (the algorithm
harness) and ``trajectories_a`` / ``trajectories_b`` (the algorithm entries of paper A / B),
``cli`` (the subcommand), ``pytest_plugin``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from certificates.oracle.core import (
    DEFAULT_MAX_SIZE,
    ORACLES,
    AlgorithmEntry,
    FunctionEntry,
    OracleMismatch,
    OracleUsageError,
    Tolerance,
    check_function,
    get_entry,
    load_candidate,
    python_literal,
)
from certificates.oracle.core import compare_once as _compare_entry

__all__ = [
    "DEFAULT_MAX_SIZE",
    "ORACLES",
    "FUNCTIONS",
    "ALGORITHMS",
    "AlgorithmEntry",
    "FunctionEntry",
    "OracleMismatch",
    "OracleUsageError",
    "Tolerance",
    "assert_matches_reference",
    "assert_trajectory_matches",
    "compare_once",
    "load_candidate",
    "load_entries",
    "python_literal",
]

#: The modules that register entries, in listing order.
ENTRY_MODULES = ("functions_a", "functions_a_setting", "functions_a_bounds", "functions_b", "trajectories",
                 "trajectories_a", "trajectories_b")


def load_entries() -> dict[str, FunctionEntry | AlgorithmEntry]:
    """Import every entry module once (each registers its entries into ``ORACLES``)."""
    for name in ENTRY_MODULES:
        try:
            importlib.import_module(f"certificates.oracle.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"certificates.oracle.{name}":
                raise
    return ORACLES


def assert_matches_reference(function: str, candidate: Callable, *, examples: int = 200,
                             max_size: int | None = None, min_size: int = 1, seed: int = 0,
                             derandomize: bool = False) -> dict:
    """Raise ``OracleMismatch`` (an AssertionError) with the minimal differing instance, else return a
    summary dict. ``function`` is a name of ``python -m certificates oracle --list``; ``candidate`` takes
    the reference's arguments."""
    __tracebackhide__ = True
    return check_function(function, candidate, examples=examples, max_size=max_size, min_size=min_size,
                          seed=seed, derandomize=derandomize)


def assert_trajectory_matches(algorithm: str, candidate: Any, *, rounds: int | None = None,
                              max_size: int | None = None, seed: int = 0, mode: str = "replay",
                              instances: int | None = None) -> dict:
    """Check a candidate algorithm class against the reference algorithm ``algorithm`` (``--list``):
    ``mode="replay"`` drives both with the same instance and the same realised actions and compares
    every round's output; ``mode="statistical"`` compares paired regret over seeds. Raises
    ``OracleMismatch`` with the first round and quantity that differ, else returns a summary."""
    __tracebackhide__ = True
    entry = get_entry("assert_trajectory_matches", algorithm, "algorithm")
    assert isinstance(entry, AlgorithmEntry)
    return entry.run(candidate, rounds=rounds, max_size=max_size, seed=seed, mode=mode, instances=instances)


def compare_once(function: str, candidate: Callable, args: tuple) -> str | None:
    """Run reference and candidate on one instance ``args``: None if they agree, else a sentence."""
    entry = get_entry("compare_once", function, "function")
    assert isinstance(entry, FunctionEntry)
    return _compare_entry(entry, candidate, args)


load_entries()
#: Function entries (name → ``FunctionEntry``) and algorithm entries (name → ``AlgorithmEntry``).
FUNCTIONS: dict[str, FunctionEntry] = {n: e for n, e in ORACLES.items() if isinstance(e, FunctionEntry)}
ALGORITHMS: dict[str, AlgorithmEntry] = {n: e for n, e in ORACLES.items() if isinstance(e, AlgorithmEntry)}
