"""``python -m certificates oracle`` (= ``paper-audit oracle``): one command for functions and algorithms.

Exit status: 0 agree (or ``--list``), 1 mismatch (minimal instance printed), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from certificates.oracle import load_entries
from certificates.oracle.core import (
    DEFAULT_MAX_SIZE,
    AlgorithmEntry,
    OracleMismatch,
    OracleUsageError,
    check_function,
    get_entry,
    load_candidate,
)

__all__ = ["configure", "main"]


def configure(sub: argparse._SubParsersAction) -> None:
    orc = sub.add_parser("oracle", help="compare a candidate implementation (function or algorithm) with the "
                                        "reference", description=__doc__,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    orc.add_argument("name", nargs="?", help="a name printed by --list: a function (menu_times) or an algorithm "
                                             "class (HPG, DeferredBanditGradient, A.Exp3, B.Exp3, ...)")
    orc.add_argument("candidate", nargs="?", help="module:attribute of the candidate, e.g. mypkg.fast:menu_times")
    orc.add_argument("--list", action="store_true", help="list every supported name with its tolerance")
    orc.add_argument("--examples", type=int, default=200, help="function instances to generate (default 200)")
    orc.add_argument("--max-size", type=int, default=None,
                     help=f"largest n (paper A, default {DEFAULT_MAX_SIZE['A']}) or d (paper B, default "
                          f"{DEFAULT_MAX_SIZE['B']})")
    orc.add_argument("--min-size", type=int, default=1, help="smallest size drawn; --min-size N --max-size N pins N")
    orc.add_argument("--seed", type=int, default=0)
    orc.add_argument("--rounds", type=int, default=None, help="rounds per algorithm trajectory")
    orc.add_argument("--mode", choices=("replay", "statistical"), default="replay",
                     help="algorithms: replay the reference's actions (default) or compare paired regret")
    orc.add_argument("--json", metavar="PATH", help="write the summary or the mismatch report as JSON")


def _list(console) -> int:
    from rich.table import Table  # noqa: PLC0415

    table = Table(title="oracle entries")
    for col in ("name", "kind", "paper", "reference", "tolerance"):
        table.add_column(col, overflow="fold")
    for name, entry in load_entries().items():
        table.add_row(name, entry.kind, entry.paper, f"{entry.module}.{entry.attr}", entry.tolerance.describe())
    console.print(table)
    return 0


def _write_json(path: str | None, payload: dict) -> None:
    if path:
        Path(path).write_text(json.dumps(payload, indent=2, default=str, ensure_ascii=False))


def main(args, console) -> int:
    """CLI entry: 0 if they agree, 1 if not, 2 on a usage error."""
    if args.list:
        return _list(console)
    try:
        if not args.name or not args.candidate:
            raise OracleUsageError("oracle: give NAME and CANDIDATE (module:attribute), or --list.")
        entry = get_entry("oracle", args.name)
        candidate = load_candidate(args.candidate)
        for opt in ("examples", "rounds", "max_size"):
            value = getattr(args, opt, None)
            if value is not None and value < 1:
                raise OracleUsageError(f"oracle: --{opt.replace('_', '-')} must be a positive integer; got {value}.")
        console.print(f"oracle: {args.name} — reference {entry.module}.{entry.attr} vs {args.candidate}; seed "
                      f"{args.seed}; {entry.tolerance.describe()}", markup=False, highlight=False)
        if isinstance(entry, AlgorithmEntry):
            summary = entry.run(candidate, rounds=args.rounds, max_size=args.max_size, seed=args.seed,
                                mode=args.mode, instances=None)
        else:
            summary = check_function(args.name, candidate, examples=args.examples, max_size=args.max_size,
                                     min_size=args.min_size, seed=args.seed)
    except OracleUsageError as exc:
        console.print(f"[red]usage error:[/] {exc}", highlight=False)
        return 2
    except OracleMismatch as exc:
        console.print("[red]MISMATCH[/]")
        console.print(str(exc), markup=False, highlight=False)
        _write_json(args.json, {"passed": False, **exc.report})
        return 1
    console.print(f"[green]agree[/]: {json.dumps(summary, default=str, ensure_ascii=False)}", highlight=False)
    _write_json(args.json, summary)
    return 0
