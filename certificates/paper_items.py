"""The rows of ``paper_map.md`` as data: one ``PaperItem`` per numbered item of either paper.

``paper_map.md`` is the table of contents of the project (its format is stated at its top and checked by
``tests/test_paper_map.py``): a row ``| item | status | code | certificates | tests |`` under a section heading
that fixes the roots of its paths. This module reads it once and names every row so that a reader can ask for
it on the command line (``python -m certificates explain "A Lemma 1"``):

* ``PaperItem.name`` — the item cell up to its first ``:``, ``;`` or `` — `` with parenthetical remarks
  (`` (…)``) removed: ``"Lemma 1 (§3.1): menu times …"`` → ``"Lemma 1"``;
* ``PaperItem.label`` — the paper prefix and the name, ``"A Lemma 1"``, ``"B Hypentropy Policy Gradient"``;
* ``PaperItem.acronym`` — the initials of two or more capitalised words in a row, ``"HPG"``, ``"DBG"``.

``find_items(query)`` resolves a query ``"<paper> <phrase>"`` (case-insensitive) to the rows it names:
the row named exactly so and every row whose name contains the phrase as whole words, else rows whose
acronym is the phrase, else rows whose name contains it, else rows whose item cell contains it.
``"A Lemma 1"`` gives Lemma 1 and the rows of its proof (Appendix B.1) and corollaries; ``"B HPG"`` gives
Hypentropy Policy Gradient.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PaperItem", "ROOT", "MAP", "load_items", "find_items", "item_labels", "related_items", "normalise",
           "contains_phrase"]

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "paper_map.md"
#: Section heading prefix → (paper, code root, certificate root), as stated in the map.
SECTIONS = {
    "## Paper A": ("A", "reference/adaptive_preferences", "certificates/adaptive_preferences"),
    "## Paper B": ("B", "reference/embedding_routing", "certificates/embedding_routing"),
    "## The audit machinery": ("", "", ""),
}
STATUS_TAGS = ("seed", "recon", "derived", "project", "ours", "measured", "secondary")
_GROUP = re.compile(r"`([\w/.]+\.py)`\s*:\s*((?:`[\w.]+`(?:\s*,\s*)?)+)")
_NAME = re.compile(r"`([\w.]+)`")
#: A parenthetical remark: `` (…)`` holding a word or a § and followed by ``:``, ``,``, ``;``, `` —`` or the end
#: (math such as ``(k−1)/(n−1)`` or ``(λ, c)-scale-bounded``, and labels such as ``eq. (3)``, ``(⇒)``, stay).
_REMARK = re.compile(r" \((?=[^()]*[A-Za-z§])(?:[^()]|\([^()]*\))*\)(?=[:,;]| —|$)")
_REFERENCE = re.compile(r"`(docs/[\w.]+\.md)`\s*§\s*\"([^\"]+)\"")


@dataclass(frozen=True)
class PaperItem:
    """One row of ``paper_map.md``; every path is relative to the repository root."""

    paper: str
    section: str
    lineno: int
    text: str
    status: str
    code: tuple = ()          # ((path, (name, …)), …)
    certificates: tuple = ()  # ((path, (id, …)), …)
    tests: tuple = ()
    references: tuple = ()    # ((docs/….md, heading), …) cited in the item cell
    tags: tuple = field(default=())

    @property
    def name(self) -> str:
        text, previous = self.text, None
        while previous != text:
            previous, text = text, _REMARK.sub("", text)
        return re.split(r" — |: |; ", text, maxsplit=1)[0].strip()

    @property
    def label(self) -> str:
        return f"{self.paper} {self.name}".strip()

    @property
    def acronym(self) -> str:
        runs = re.findall(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b", self.name)
        return "".join(w[0] for w in re.split(r"[ -]", runs[0])) if runs else ""

    @property
    def certificate_ids(self) -> list[str]:
        return [cid for _, ids in self.certificates for cid in ids]


def _groups(cell: str, root: str) -> tuple:
    return tuple((str(Path(root) / rel) if root else rel, tuple(_NAME.findall(names)))
                 for rel, names in _GROUP.findall(cell))


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> tuple[PaperItem, ...]:
    items, roots, section = [], None, ""
    for lineno, line in enumerate(Path(path).read_text().splitlines(), start=1):
        for prefix, value in SECTIONS.items():
            if line.startswith(prefix):
                roots = value
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if roots is None or len(cells) != 5 or cells[0] in ("item", "") or set(cells[0]) <= set("-: "):
            continue
        text, status, code, certs, tests = cells
        tags = tuple(t for t in STATUS_TAGS if re.search(rf"\b{t}\b", status.lower()))
        items.append(PaperItem(
            paper=roots[0], section=section, lineno=lineno, text=text, status=status,
            code=_groups(code, roots[1]), certificates=_groups(certs, roots[2]),
            tests=tuple(re.findall(r"`(tests/[\w/]+\.py)`", tests)),
            references=tuple(_REFERENCE.findall(text)), tags=tags))
    return tuple(items)


def load_items(path: Path | None = None) -> list[PaperItem]:
    """Every row of ``paper_map.md`` (both papers and the audit machinery), in the map's order."""
    path = Path(path) if path is not None else MAP
    return list(_load(str(path), path.stat().st_mtime))


def normalise(text: str) -> str:
    """Lower case, single spaces, no quotes: how names and queries are compared."""
    return re.sub(r"\s+", " ", text.replace('"', "").replace("“", "").replace("”", "")).strip().lower()


def contains_phrase(haystack: str, phrase: str) -> bool:
    """``phrase`` occurs in ``haystack`` as whole words: "lemma 1" is in "proof of lemma 1's" but not in
    "lemma 10" or "lemma 1.2"."""
    return re.search(rf"(?<![\w.]){re.escape(phrase)}(?![\w.]*\d)(?!\w)", haystack) is not None


def _split_paper(query: str) -> tuple[str | None, str]:
    match = re.match(r"\s*([ABab])\s+(.+)$", query)
    if match:
        return match.group(1).upper(), normalise(match.group(2))
    return None, normalise(query)


def find_items(query: str, items: list[PaperItem] | None = None) -> list[PaperItem]:
    """The rows a query ``"<paper> <phrase>"`` names (see the module docstring); ``[]`` when none.

    Without a paper prefix every paper's rows are searched.
    """
    items = load_items() if items is None else items
    paper, phrase = _split_paper(query)
    pool = [it for it in items if it.paper and (paper is None or it.paper == paper)]
    if not phrase:
        return []
    unquoted = {id(it): normalise(re.sub(r"\"[^\"]*\"", "", it.name)) for it in pool}
    exact = [it for it in pool if normalise(it.name) == phrase]
    by_acronym = [it for it in pool if it.acronym and it.acronym.lower() == phrase]
    named = [it for it in pool if it not in exact and contains_phrase(unquoted[id(it)], phrase)]
    for found in (exact + named if exact else by_acronym, named):
        if found:
            return found
    return [it for it in pool if contains_phrase(normalise(it.text), phrase)]


def related_items(query: str, found: list[PaperItem], items: list[PaperItem] | None = None) -> list[PaperItem]:
    """Other rows of the same paper whose item cell mentions the query's phrase (or the found rows' acronym)."""
    items = load_items() if items is None else items
    paper, phrase = _split_paper(query)
    phrases = {phrase} | {it.acronym.lower() for it in found if it.acronym}
    return [it for it in items if it.paper and (paper is None or it.paper == paper) and it not in found
            and any(contains_phrase(normalise(it.text), p) for p in phrases if p)]


def item_labels(items: list[PaperItem] | None = None) -> list[str]:
    """The distinct labels of both papers' rows (``"A Lemma 1"``), in the map's order."""
    items = load_items() if items is None else items
    return list(dict.fromkeys(it.label for it in items if it.paper))
