"""``python -m certificates explain ITEM``: statement, proof, code and live evidence of one paper item.

ITEM is a certificate id (``menu_times_sum_eq_k``) or a paper item as ``paper_map.md`` names it, with its
paper prefix (``"A Lemma 1"``, ``"B HPG"``; case-insensitive; see ``certificates.paper_items``);
``explain --list`` prints every item. The page shows, for every row of the map the item names:

1. the statement (the map's item cell) with its status tags (seed / recon / derived / project …);
2. the proof: the docstring of each implementing module (where this project keeps its proofs), the
   sections of ``docs/reconstruction_A.md`` / ``docs/reconstruction_B.md`` that name the item, and the
   research-log headings (``docs/findings.md``) the row cites;
3. the source of every implementing function (read from its file, not imported);
4. the evidence: each certificate run at the ``smoke`` profile (``--profile`` to change, ``--no-run`` to skip),
   by evidence kind (bounds with their slack, tolerance equalities, yes/no checks, recorded measurements),
   with both sides and the seed of the worst instance and the exact command that replays it.

The same content as data, for other front ends (the documentation site): ``item_record(item)`` (statement,
status, proof texts, sources, certificate ids and files; no certificate is run) and
``evidence_record(result)`` (a run's evidence by kind, with the replay command).
"""

from __future__ import annotations

import ast
import difflib
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from certificates import evidence_kinds
from certificates.paper_items import ROOT, PaperItem, contains_phrase, find_items, load_items, related_items
from certificates.registry import PROFILES, Certificate, CertificateResult, load_all, run_certificate

__all__ = ["Selection", "UnknownItem", "resolve", "item_record", "evidence_record", "replay_command",
           "certificate_file", "filter_certificates", "configure", "cmd_explain"]

#: Numbered labels whose reconstruction section is found by its heading ("## 6. Lemma 1 — menu times …").
_LABEL = re.compile(r"\b(?:Lemma|Theorem|Definition|Algorithm|Corollary|Invariant)s? \d+\b")
_STATUS_STYLE = {"seed": "green", "recon": "yellow", "derived": "cyan", "project": "magenta", "ours": "magenta",
                 "measured": "blue", "secondary": "red"}


class UnknownItem(ValueError):
    """No certificate id and no row of ``paper_map.md`` matches the query; ``suggestions`` are the closest."""

    def __init__(self, query: str, suggestions: list[str]):
        self.query, self.suggestions = query, suggestions
        hint = f" Closest: {'; '.join(suggestions)}." if suggestions else ""
        super().__init__(f"explain: unknown item {query!r}.{hint} "
                         "Run 'python -m certificates explain --list' to see every item.")


@dataclass
class Selection:
    """What a query names: rows of the map, the certificates they cite, and rows that mention it."""

    query: str
    items: list[PaperItem]
    certificate_ids: list[str]
    related: list[PaperItem] = field(default_factory=list)


def certificate_file(cert: Certificate) -> str:
    """The file that registers ``cert``, relative to the repository root."""
    return cert.module.replace(".", "/") + ".py"


def resolve(query: str) -> Selection:
    """A certificate id (exact, case-insensitive) or a paper item (``certificates.paper_items.find_items``).

    Raises ``UnknownItem`` (a ``ValueError``) with the closest labels and ids (difflib) when nothing matches.
    """
    if not query.strip():
        raise UnknownItem(query, [])
    registry = load_all()
    items = load_items()
    by_id = {cid.lower(): cid for cid in registry}
    if query.strip().lower() in by_id:
        cid = by_id[query.strip().lower()]
        return Selection(query, [it for it in items if cid in it.certificate_ids], [cid])
    found = find_items(query, items)
    if not found:
        labels = list(dict.fromkeys(it.label for it in items if it.paper)) + list(registry)
        lowered = {c.lower(): c for c in labels}
        close = difflib.get_close_matches(query.strip().lower(), list(lowered), n=5, cutoff=0.5)
        raise UnknownItem(query, [lowered[c] for c in close])
    ids = list(dict.fromkeys(cid for it in found for cid in it.certificate_ids))
    return Selection(query, found, ids, related_items(query, found, items))


def filter_certificates(registry: dict, *, item: str | None = None, paper: str | None = None) -> list[Certificate]:
    """Certificates of one paper (``"A"``/``"B"``) and/or one item: those the map's rows for ``item`` cite, and
    those whose own ``item`` field contains its phrase (e.g. ``item="A Lemma 1"``)."""
    certs = list(registry.values())
    if paper:
        certs = [c for c in certs if c.paper == paper.upper()]
    if item:
        named = {cid for it in find_items(item) for cid in it.certificate_ids}
        phrase = re.sub(r"^\s*[ABab]\s+", "", item).strip().lower()
        prefix = re.match(r"\s*([ABab])\s+", item)
        certs = [c for c in certs if c.id in named or (contains_phrase(c.item.lower(), phrase)
                                                        and (prefix is None or c.paper == prefix.group(1).upper()))]
    return certs


# ------------------------------------------------------------------------------------------------
# the record of one item (data; no certificate is run)
# ------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=256)
def _parsed(path: Path, mtime: float) -> tuple[str, ast.Module]:
    text = path.read_text()
    return text, ast.parse(text)


def _definition(path: Path, name: str) -> dict:
    """Source, first line and docstring of ``name`` (``Class.method`` allowed) in the file, read with ``ast``."""
    text, tree = _parsed(path, path.stat().st_mtime)
    nodes, node = tree.body, None
    for part in name.split("."):
        node = next((n for n in nodes if getattr(n, "name", None) == part
                     or (isinstance(n, (ast.Assign, ast.AnnAssign)) and part in _targets(n))), None)
        if node is None:
            return {"name": name, "path": str(path.relative_to(ROOT)), "lineno": None, "source": "", "docstring": ""}
        nodes = getattr(node, "body", [])
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    lines = text.splitlines()[start - 1:node.end_lineno]
    doc = ast.get_docstring(node) if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) else ""
    return {"name": name, "path": str(path.relative_to(ROOT)), "lineno": start, "source": "\n".join(lines) + "\n",
            "docstring": doc or ""}


def _targets(node) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return [t.id for t in targets if isinstance(t, ast.Name)]


def _module_docstring(rel: str) -> dict:
    path = ROOT / rel
    return {"path": rel, "module": rel.removesuffix(".py").replace("/", "."),
            "docstring": ast.get_docstring(_parsed(path, path.stat().st_mtime)[1]) or ""}


def _doc_sections(doc: str, wanted) -> list[dict]:
    """Sections of a Markdown file (heading to the next heading of the same or a higher level) whose heading is
    ``wanted(heading)``."""
    path = ROOT / doc
    if not path.is_file():
        return []
    lines, out = path.read_text().splitlines(), []
    for i, line in enumerate(lines):
        match = re.match(r"(#+)\s+(.*)", line)
        if not match or not wanted(match.group(2).strip()):
            continue
        level, end = len(match.group(1)), len(lines)
        for j in range(i + 1, len(lines)):
            nxt = re.match(r"(#+)\s", lines[j])
            if nxt and len(nxt.group(1)) <= level:
                end = j
                break
        out.append({"doc": doc, "heading": match.group(2).strip(), "text": "\n".join(lines[i + 1:end]).strip()})
    return out


def _reconstruction(item: PaperItem) -> list[dict]:
    doc = f"docs/reconstruction_{item.paper}.md" if item.paper else ""
    cited = {h for d, h in item.references if d == doc}
    labels = [m.group(0).lower() for m in _LABEL.finditer(item.name)]
    return _doc_sections(doc, lambda h: h in cited or any(contains_phrase(h.lower(), lab) for lab in labels))


def item_record(item: PaperItem | str) -> dict:
    """Everything a page needs about one row of ``paper_map.md`` (or the first row a query names), as JSON-able
    data: ``label``, ``paper``, ``name``, ``statement`` (the item cell), ``status`` (the status cell), ``tags``,
    ``section``, ``map_line``, ``proofs`` (module docstrings: ``path``, ``module``, ``docstring``),
    ``reconstruction`` (``doc``, ``heading``, ``text``), ``findings`` (headings of ``docs/findings.md``),
    ``code`` (per function: ``name``, ``path``, ``lineno``, ``source``, ``docstring``), ``certificates``
    (``id``, ``file``, ``statement``, ``item``, ``mutants``, ``replay``) and ``tests``. Runs no certificate.
    """
    if isinstance(item, str):
        item = resolve(item).items[0]
    registry = load_all()
    files = list(dict.fromkeys(path for path, _ in item.code))
    certs = [registry[cid] for cid in item.certificate_ids if cid in registry]
    return {
        "label": item.label, "paper": item.paper, "name": item.name, "statement": item.text,
        "status": item.status, "tags": list(item.tags), "section": item.section, "map_line": item.lineno,
        "proofs": [_module_docstring(f) for f in files],
        "reconstruction": _reconstruction(item),
        "findings": [h for d, h in item.references if d == "docs/findings.md"],
        "code": [_definition(ROOT / path, name) for path, names in item.code for name in names],
        "certificates": [{"id": c.id, "file": certificate_file(c), "statement": c.statement, "item": c.item,
                          "mutants": [m.name for m in c.mutants], "replay": replay_command(c.id)} for c in certs],
        "tests": list(item.tests),
    }


def replay_command(cert_id: str, profile: str = "smoke", seed: int = 0) -> str:
    """The command that reruns a certificate exactly (every instance's seed derives from the run seed and id)."""
    return f"python -m certificates run --only {cert_id} --profile {profile} --seed {seed}"


def evidence_record(result: CertificateResult) -> dict:
    """A run's evidence for readers: per kind (``evidence_kinds.KINDS``) the count, the failures and the worst
    instance (both sides, slack, seed, instance, note; for checks that all held, an example), the recorded
    measurements, the figures and the replay command."""
    return {"id": result.id, "passed": result.passed, "error": result.error, "profile": result.profile,
            "seed": result.seed, "instances": result.instances, "seconds": round(result.seconds, 3),
            "kinds": result.kinds, "measurements": result.to_json()["extra"], "figures": list(result.figures),
            "replay": replay_command(result.id, result.profile, result.seed)}


# ------------------------------------------------------------------------------------------------
# the terminal page (rich)
# ------------------------------------------------------------------------------------------------
def _short(value, limit: int = 400) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + " …"


def _tags(item: PaperItem) -> str:
    return " ".join(f"[bold {_STATUS_STYLE.get(t, 'white')}]\\[{t}][/]" for t in item.tags) or "[dim]\\[untagged][/]"


def _print_statements(console, selection: Selection) -> None:
    from rich.panel import Panel  # noqa: PLC0415 (rich: the audit's terminal toolkit)

    for item in selection.items:
        body = f"{_tags(item)}  [dim]{item.status}[/]\n\n{item.text}"
        console.print(Panel(body, title=f"[bold]{item.label}[/]", subtitle=f"paper_map.md:{item.lineno} · "
                            f"{item.section}", title_align="left", subtitle_align="left"), highlight=False)


def _print_proofs(console, records: list[dict]) -> None:
    from rich.panel import Panel  # noqa: PLC0415

    seen = set()
    console.rule("[bold]Proof and reconstruction")
    for rec in records:
        for proof in rec["proofs"]:
            if proof["path"] not in seen and proof["docstring"]:
                seen.add(proof["path"])
                console.print(Panel(proof["docstring"], title=f"module {proof['module']} — {proof['path']}",
                                    title_align="left"), highlight=False, markup=False)
        for sec in rec["reconstruction"]:
            key = (sec["doc"], sec["heading"])
            if key not in seen:
                seen.add(key)
                console.print(Panel(sec["text"], title=f"{sec['doc']} § \"{sec['heading']}\" (our reading)",
                                    title_align="left"), highlight=False, markup=False)
        for heading in rec["findings"]:
            if ("findings", heading) not in seen:
                seen.add(("findings", heading))
                console.print(f"Research log: docs/findings.md § \"{heading}\"", highlight=False, markup=False)
    if not seen:
        console.print("[dim]No module of this item has a docstring and no reconstruction section names it.[/]")


def _print_code(console, records: list[dict]) -> None:
    from rich.syntax import Syntax  # noqa: PLC0415

    console.rule("[bold]Code")
    seen = set()
    for rec in records:
        for code in rec["code"]:
            key = (code["path"], code["name"])
            if key in seen or not code["source"]:
                continue
            seen.add(key)
            console.print(f"[bold]{code['path']}:{code['lineno']}[/] — {code['name']}", highlight=False)
            console.print(Syntax(code["source"], "python", line_numbers=True, start_line=code["lineno"],
                                 word_wrap=True, theme="ansi_dark"))
    if not seen:
        console.print("[dim]This row names no code.[/]")


def _evidence_table(result: CertificateResult):
    from rich.table import Table  # noqa: PLC0415

    table = Table(title=f"{result.id} — profile {result.profile}, seed {result.seed}: {result.instances} "
                        f"instances, {result.seconds:.1f} s", title_justify="left")
    for col in ("kind", "checked", "failed", "closest to failing: observed ≤ bound", "slack", "reading"):
        table.add_column(col, overflow="fold")
    for kind, row in result.kinds.items():
        ev = row.get("worst") or row.get("example") or {}
        if kind == "check":
            reading = "all held (yes/no: no instance is closer to failing)" if not row["failed"] else "FAILED"
        elif kind == "tolerance":
            reading = f"{row['fraction_of_tolerance_used']:.3g} of the tolerance used"
        else:
            rel = row.get("relative_slack")
            reading = (f"relative slack {rel:.3g} (0 = tight)" if rel is not None
                       else "observed side 0: only the slack is meaningful")
        table.add_row(evidence_kinds.KINDS[kind], str(row["count"]), str(row["failed"]),
                      f"{_short(ev.get('observed'), 40)} ≤ {_short(ev.get('bound'), 40)}",
                      _short(ev.get("slack"), 30), reading)
    if result.extra:
        table.add_row(evidence_kinds.KINDS["measurement"], str(len(result.extra)), "—", "—", "—",
                      "; ".join(result.extra)[:200])
    return table


def _print_result(console, cert: Certificate, result: CertificateResult) -> None:
    status = "[green]holds[/]" if result.passed else "[red]VIOLATED[/]"
    console.print(_evidence_table(result))
    console.print(f"{status} — {cert.statement}", highlight=False)
    if result.error:
        console.print(f"[red]error:[/] {result.error}", highlight=False)
    for kind, row in result.kinds.items():
        ev = row.get("worst") or row.get("example")
        if ev:
            what = "example instance" if "example" in row else "worst instance"
            console.print(f"  {evidence_kinds.KINDS[kind]} — {what}: seed {ev.get('seed')}"
                          + (f", note: {ev['note']}" if ev.get("note") else ""), highlight=False, markup=False)
            console.print(f"    instance: {_short(ev.get('instance'))}", highlight=False, markup=False)
    for key, value in result.extra.items():
        console.print(f"  recorded (not checked) {key}: {_short(value, 200)}", highlight=False, markup=False)
    for fig in result.figures:
        console.print(f"  figure: {fig}", highlight=False, markup=False)
    console.print(f"  replay: [bold]{replay_command(result.id, result.profile, result.seed)}[/]"
                  f"  (add --report DIR for its plots; each instance draws from np.random.default_rng(seed))",
                  highlight=False)


def _print_evidence(console, selection: Selection, args) -> int:
    registry = load_all()
    console.rule(f"[bold]Evidence — profile {args.profile}, seed {args.seed}")
    failed = 0
    for cid in selection.certificate_ids:
        cert = registry[cid]
        console.print(f"[bold]{cid}[/] — {certificate_file(cert)} ({len(cert.mutants)} mutant(s))", highlight=False)
        if args.no_run:
            console.print(f"  {cert.statement}\n  run it: [bold]{replay_command(cid, args.profile, args.seed)}[/]",
                          highlight=False)
            continue
        result = run_certificate(cert, profile=args.profile, seed=args.seed,
                                 report_dir=Path(args.report) if args.report else None)
        failed += not result.passed
        _print_result(console, cert, result)
    if not selection.certificate_ids:
        console.print("[dim]No certificate checks this row.[/]")
    return failed


def _print_list(console) -> None:
    from rich.table import Table  # noqa: PLC0415

    items = [it for it in load_items() if it.paper]
    table = Table(title=f"{len(items)} paper items (explain takes the label, a phrase of it, an acronym such as "
                        f"'B HPG', or a certificate id)", title_justify="left")
    for col in ("label", "status", "certificates"):
        table.add_column(col, overflow="fold")
    for it in items:
        table.add_row(it.label + (f" ({it.acronym})" if it.acronym else ""), " ".join(it.tags),
                      ", ".join(it.certificate_ids) or "—")
    console.print(table)


def cmd_explain(args, console) -> int:
    """The ``explain`` subcommand: 0 = shown (and every certificate run held), 1 = a certificate was violated,
    2 = unknown item or bad arguments."""
    from certificates.cli import USAGE_ERROR  # noqa: PLC0415 (cli imports this module)

    if args.list:
        _print_list(console)
        return 0
    query = " ".join(args.item)
    try:
        selection = resolve(query)
    except UnknownItem as exc:
        console.print(f"[red]usage error:[/] {exc}", highlight=False)
        return USAGE_ERROR
    records = [item_record(it) for it in selection.items]
    console.rule(f"[bold]{query}[/] — {len(selection.items)} row(s) of paper_map.md")
    _print_statements(console, selection)
    _print_proofs(console, records)
    _print_code(console, records)
    failed = _print_evidence(console, selection, args)
    if selection.related:
        console.print("Related rows (explain them by label): " + "; ".join(it.label for it in selection.related),
                      highlight=False, markup=False)
    return 1 if failed else 0


def configure(sub, seed_type=int) -> None:
    """Add ``explain`` to the command line's subparsers (``seed_type``: the command line's seed parser)."""
    ex = sub.add_parser("explain", help="statement, proof, code and live evidence of a paper item or certificate")
    ex.add_argument("item", nargs="*", help='a certificate id or a paper item, e.g. "A Lemma 1", "B HPG"')
    ex.add_argument("--list", action="store_true", help="print every paper item explain knows")
    ex.add_argument("--profile", choices=PROFILES, default="smoke", help="profile of the certificate runs")
    ex.add_argument("--seed", type=seed_type, default=0)
    ex.add_argument("--no-run", action="store_true", help="show the certificates without running them")
    ex.add_argument("--report", metavar="DIR", help="also write the certificates' plots to DIR")
