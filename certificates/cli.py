"""Command line: ``paper-audit {list,run,mutants,oracle}``, identical to ``python -m certificates …``.

The console script ``paper-audit`` and ``python -m certificates`` both call ``main`` below. The
implementation lives here, not in ``__main__.py``: a different PyPI distribution also named
``certificates`` overwrites ``certificates/__main__.py`` when it is installed into the same
environment, and ``paper-audit`` keeps working then.

* ``list [--item ITEM] [--paper A|B]`` — every certificate with its paper item, file and statement.
* ``explain ITEM [--profile P] [--seed N] [--no-run]`` / ``explain --list`` — statement, proof, code and
  live evidence of a paper item (``"A Lemma 1"``) or certificate id (``certificates.explain``).
* ``run [--profile quick|standard|audit] [--only ID ...] [--seed N] [--json PATH] [--report DIR]
  [--jobs N | --scheduler ADDRESS]`` — run, print a table with each certificate's worst slack, write
  JSON / Markdown / plots; ``--jobs``/``--scheduler`` run certificates and shards of their instances in
  local processes or on a Dask cluster (``certificates.parallel``) with an identical JSON report.
  Exit status 1 if any certificate is violated (or crashed); 2 on a usage or environment error (an unknown
  id, a negative seed, a report or JSON folder that cannot be written) — never 1 for those.
* ``mutants [--only ID ...]`` — run every certificate against its deliberately broken variants
  (smoke profile) and show that each one goes red. Exit status 1 if a mutant survives.
* ``oracle FUNCTION CANDIDATE`` — compare a candidate implementation with the reference on
  generated instances (see ``certificates.oracle``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from certificates.registry import PROFILES, load_all, run_certificate
from certificates.report import format_slack, kind_cells, write_reports

#: Exit status of a usage or environment error (bad arguments, an unwritable report folder): never the status
#: of a violated certificate (1).
USAGE_ERROR = 2


class UsageError(Exception):
    """A usage or environment error: reported in one line, exit status 2."""


def _select(registry, only):
    if not only:
        return list(registry.values())
    missing = [i for i in only if i not in registry]
    if missing:
        raise UsageError(f"unknown certificate id(s): {', '.join(missing)}. "
                         f"Run 'paper-audit list' (or 'python -m certificates list') to see them.")
    return [registry[i] for i in only]


def _int_at_least(minimum: int, what: str):
    """An argparse type: an integer ≥ ``minimum`` (``what`` names it in the message)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be an integer >= {minimum}; got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{what} must be an integer >= {minimum}; got {value}")
        return value

    return parse


#: argparse type of a seed: numpy's SeedSequence rejects negative ones.
_seed = _int_at_least(0, "the seed")
#: argparse type of --jobs: a number of worker processes.
_jobs = _int_at_least(1, "--jobs")


def _writable_folder(path: str | None, what: str) -> None:
    """Create ``path`` (a folder) if needed and check that a file can be written there, before any run."""
    if path is None:
        return
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".paper-audit-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"{what} {path!r} is not a writable folder: {exc.strerror or exc}.") from None


def _writable_file(path: str | None, what: str) -> None:
    if path is not None:
        _writable_folder(str(Path(path).parent), what + " folder of")


def cmd_list(args, console: Console) -> int:
    from certificates.explain import certificate_file, filter_certificates  # noqa: PLC0415

    registry = load_all()
    certs = filter_certificates(registry, item=getattr(args, "item", None), paper=getattr(args, "paper", None))
    if getattr(args, "item", None) and not certs:
        raise UsageError(f"no certificate checks the item {args.item!r}. "
                         "Run 'python -m certificates explain --list' to see the items.")
    table = Table(title=f"{len(certs)} of {len(registry)} certificates")
    table.add_column("id and file", no_wrap=True)
    for col in ("paper", "item", "statement", "mutants"):
        table.add_column(col, overflow="fold")
    for cert in certs:
        table.add_row(f"{cert.id}\n[dim]{certificate_file(cert)}[/]", cert.paper, cert.item, cert.statement,
                      str(len(cert.mutants)))
    console.print(table)
    return 0


def _progress(args, console: Console) -> Progress:
    """The run's progress display (one bar per certificate, or one bar of tasks across workers)."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=False, disable=args.no_progress)


def _run_serial(certs, args, console: Console):
    """``--jobs 1``: each certificate in this process, one progress bar per certificate."""
    results = []
    with _progress(args, console) as progress:
        for cert in certs:
            task = progress.add_task(cert.id, total=None)

            def report(done, total, task=task):
                progress.update(task, completed=done, total=total)

            result = run_certificate(cert, profile=args.profile, seed=args.seed,
                                     report_dir=Path(args.report) if args.report else None, progress=report)
            mark = "[green]ok[/]" if result.passed else "[red]VIOLATED[/]"
            progress.update(task, description=f"{cert.id} {mark}")
            results.append(result)
    return results


def _run_parallel(certs, args, console: Console):
    """``--jobs N`` / ``--scheduler ADDRESS``: tasks (certificates, shards) across workers, one bar of tasks done."""
    from certificates.parallel import run_parallel

    where = f"Dask cluster {args.scheduler}" if args.scheduler else f"{args.jobs} processes"
    with _progress(args, console) as progress:
        bar = progress.add_task(f"tasks done on {where}", total=None)

        def on_done(task, output, done, total):
            progress.update(bar, completed=done, total=total)
            if output.error or any(ev.slack < 0 for ev in output.evidence):
                shard = f" (shard {task.shard + 1}/{task.shards})" if task.shards > 1 else ""
                progress.console.print(f"[red]{task.cert_id}{shard} VIOLATED[/]")

        try:
            return run_parallel(certs, profile=args.profile, seed=args.seed,
                                report_dir=Path(args.report) if args.report else None, jobs=args.jobs,
                                scheduler=args.scheduler, on_done=on_done)
        except ImportError as exc:
            raise UsageError(f"--scheduler needs Dask distributed (pip install 'adaptive-routing-reference[dist]'): "
                             f"{exc}.") from None
        except OSError as exc:
            raise UsageError(f"could not reach the Dask scheduler {args.scheduler!r}: {exc}.") from None


def cmd_run(args, console: Console) -> int:
    registry = load_all()
    certs = _select(registry, args.only)
    _writable_folder(args.report, "--report")
    _writable_file(args.json, "--json")
    if args.jobs == 1 and args.scheduler is None:
        results = _run_serial(certs, args, console)
    else:
        results = _run_parallel(certs, args, console)

    table = Table(title=f"Certificate audit — profile {args.profile}, seed {args.seed}")
    for col in ("certificate", "paper / item", "instances", "bound: rel. slack", "tolerance used", "checks",
                "status", "s"):
        table.add_column(col, overflow="fold")
    for r in results:
        status = "[green]pass[/]" if r.passed else ("[red]ERROR[/]" if r.error else "[red]VIOLATED[/]")
        cells = {kind: cell.replace("**", "") for kind, cell in kind_cells(r).items()}
        table.add_row(r.id, f"{r.paper} / {r.item}", str(r.instances), cells["bound"], cells["tolerance"],
                      cells["check"], status, f"{r.seconds:.1f}")
    console.print(table)
    for r in results:
        if not r.passed:
            console.print(f"[red]{r.id}[/]: {r.error or 'bound violated'}; worst instance: {r.worst}")
    if args.json or args.report:
        paths = write_reports(results, json_path=Path(args.json) if args.json else None,
                              report_dir=Path(args.report) if args.report else None,
                              profile=args.profile, seed=args.seed)
        for p in paths:
            console.print(f"wrote {p}")
    failed = sum(not r.passed for r in results)
    console.print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


def cmd_mutants(args, console: Console) -> int:
    registry = load_all()
    certs = _select(registry, args.only)
    table = Table(title="Mutants: every certificate must go red on its broken variants")
    for col in ("certificate", "mutant", "description", "result", "worst slack"):
        table.add_column(col, overflow="fold")
    survivors = 0
    no_mutant = []
    for cert in certs:
        if not cert.mutants:
            no_mutant.append(cert.id)
        for mutant in cert.mutants:
            with mutant.applied():
                r = run_certificate(cert, profile=args.profile, seed=args.seed)
            killed = not r.passed
            survivors += not killed
            table.add_row(cert.id, mutant.name, mutant.description,
                          "[green]caught[/]" if killed else "[red]SURVIVED[/]",
                          format_slack(r.worst_slack) if r.error is None else f"error: {r.error[:60]}")
    console.print(table)
    if no_mutant:
        console.print(f"[yellow]certificates without a registered mutant:[/] {', '.join(no_mutant)}")
    return 1 if survivors else 0


def cmd_oracle(args, console: Console) -> int:
    from certificates.oracle.cli import main as oracle_main  # noqa: PLC0415 (optional heavy import)

    return oracle_main(args, console)


def _prog() -> str:
    """The name the user typed: ``paper-audit`` for the console script, else ``python -m certificates``."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "paper-audit" if name.startswith("paper-audit") else "python -m certificates"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog=_prog(), description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    lst = sub.add_parser("list", help="list every certificate (with its file); --item/--paper filter")
    lst.add_argument("--item", metavar="ITEM", help='a paper item as in paper_map.md, e.g. "A Lemma 1", "B HPG"')
    lst.add_argument("--paper", choices=["A", "B", "a", "b"], help="only this paper's certificates")

    run = sub.add_parser("run", help="run certificates and report their worst slack")
    run.add_argument("--profile", choices=[p for p in PROFILES if p != "smoke"] + ["smoke"], default="quick")
    run.add_argument("--only", nargs="+", metavar="ID")
    run.add_argument("--seed", type=_seed, default=0)
    run.add_argument("--json", metavar="PATH")
    run.add_argument("--report", metavar="DIR")
    run.add_argument("--no-progress", action="store_true", help="no progress bars (logs, CI)")
    run.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                     help="run certificates and shards of their instances in N local processes (same JSON)")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="run the tasks on the Dask distributed cluster at ADDRESS (e.g. tcp://host:8786)")

    mut = sub.add_parser("mutants", help="show every certificate failing on its broken variants")
    mut.add_argument("--only", nargs="+", metavar="ID")
    mut.add_argument("--seed", type=_seed, default=0)
    mut.add_argument("--profile", choices=PROFILES, default="smoke")

    from certificates.oracle.cli import configure as configure_oracle  # noqa: PLC0415

    configure_oracle(sub)

    from certificates import explain  # noqa: PLC0415

    explain.configure(sub, seed_type=_seed)

    from routing_real.cli import register as register_routing_real  # noqa: PLC0415 (issue 16)

    register_routing_real(sub)

    args = parser.parse_args(argv)
    console = Console()
    if not console.is_terminal:  # logs and CI: a wide table instead of one wrapped at 80 columns
        console = Console(width=160)
    command = {"list": cmd_list, "run": cmd_run, "mutants": cmd_mutants, "oracle": cmd_oracle,
               "explain": explain.cmd_explain, "routing-real": lambda a, _console: a.handler(a)}[args.command]
    try:
        return command(args, console)
    except UsageError as exc:
        console.print(f"[red]usage error:[/] {exc}", highlight=False)
        return USAGE_ERROR
