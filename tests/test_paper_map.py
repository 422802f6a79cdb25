"""``paper_map.md`` is checked like code: every file, function and certificate a row names exists where the
row says, every certificate appears in some row, and every row carries a status tag.

Format (stated at the top of the map): a table row is ``| item | status | code | certificates | tests |``.
``code`` and ``certificates`` cells list groups ``\\`path.py\\`: \\`name\\`, \\`name\\``` separated by ``;``,
with paths relative to the roots the map's section states (``ROOTS`` below); ``tests`` lists
``\\`tests/test_….py\\``` files; ``—`` means none.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from certificates.registry import load_all

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "paper_map.md"
#: Section heading prefix → (code root, certificate root), as stated in the map.
ROOTS = {
    "## Paper A": ("reference/adaptive_preferences", "certificates/adaptive_preferences"),
    "## Paper B": ("reference/embedding_routing", "certificates/embedding_routing"),
    "## The audit machinery": ("", ""),
}
STATUS_TAGS = ("seed", "recon", "derived", "project", "ours", "measured", "secondary")
GROUP = re.compile(r"`([\w/.]+\.py)`\s*:\s*((?:`[\w.]+`(?:\s*,\s*)?)+)")
NAME = re.compile(r"`([\w.]+)`")


def _rows():
    roots = None
    for lineno, line in enumerate(MAP.read_text().splitlines(), start=1):
        for prefix, value in ROOTS.items():
            if line.startswith(prefix):
                roots = value
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) == 5 and cells[0] not in ("item", "") and not set(cells[0]) <= set("-: "):
            assert roots is not None, f"paper_map.md:{lineno}: table row before any section heading"
            yield lineno, cells, roots


def _defined_names(path: Path) -> dict[str, set[str]]:
    """Top-level names of a module, and for each class its attribute names (methods, properties)."""
    tree = ast.parse(path.read_text())
    names: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] = {n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
            if isinstance(node, ast.ClassDef):
                names[node.name] |= {t.id for n in node.body if isinstance(n, ast.AnnAssign)
                                     for t in [n.target] if isinstance(t, ast.Name)}
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update({t.id: set() for t in targets if isinstance(t, ast.Name)})
    return names


def _groups(cell: str):
    for match in GROUP.finditer(cell):
        yield match.group(1), NAME.findall(match.group(2))


ROWS = list(_rows())


def test_the_map_has_rows_for_both_papers():
    assert len(ROWS) > 60
    assert {roots for _, _, roots in ROWS} >= {ROOTS["## Paper A"], ROOTS["## Paper B"]}


@pytest.mark.parametrize(("lineno", "cells", "roots"), ROWS, ids=[f"line{r[0]}" for r in ROWS])
def test_row_names_existing_files_functions_and_certificates(lineno, cells, roots):
    item, status, code, certs, tests = cells
    where = f"paper_map.md:{lineno} ({item[:40]})"
    opening = status.lower().lstrip("*_ ")
    assert opening.startswith(STATUS_TAGS), f"{where}: the status cell must open with a tag; got {status!r}"
    assert code == "—" or list(_groups(code)), f"{where}: the code cell names no `file.py`: `name`"
    for rel, names in _groups(code):
        path = ROOT / roots[0] / rel
        assert path.is_file(), f"{where}: no file {path.relative_to(ROOT)}"
        defined = _defined_names(path)
        for name in names:
            head, _, attr = name.partition(".")
            assert head in defined, f"{where}: {name} is not defined in {path.relative_to(ROOT)}"
            assert not attr or attr in defined[head], f"{where}: {head} has no {attr} in {path.relative_to(ROOT)}"
    registry = load_all()
    for rel, ids in _groups(certs):
        path = ROOT / roots[1] / rel
        assert path.is_file(), f"{where}: no file {path.relative_to(ROOT)}"
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for cid in ids:
            assert cid in registry, f"{where}: no certificate {cid}"
            assert registry[cid].module == module, f"{where}: {cid} lives in {registry[cid].module}, not {module}"
    for name in re.findall(r"`(tests/[\w/]+\.py)`", tests):
        assert (ROOT / name).is_file(), f"{where}: no test file {name}"


def test_every_certificate_appears_in_the_map():
    named = {cid for _, cells, _ in ROWS for _, ids in _groups(cells[3]) for cid in ids}
    missing = sorted(set(load_all()) - named)
    assert not missing, f"certificates no row of paper_map.md names: {missing}"
