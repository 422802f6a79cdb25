"""The text of the generated pages (MyST markdown; item pages are MyST-NB text notebooks).

Every page is built from the sources: row texts and status cells from ``paper_map.md``, proofs by ``automodule``
(the module docstring), code by ``literalinclude`` (``:pyobject:`` or the definition's lines), evidence by a code
cell that runs the certificate when the page is built. Nothing here copies a docstring or a function.
"""

from __future__ import annotations

import hashlib
import html
import os
from pathlib import Path

from formulas import FORMULAS
from sitegen import HEADER, PAPERS, ROOT, STATUS_TAGS, Page, definition_lines, dotted, evidence_label

HOW_TO_READ = "reading"


def rel(source: str, target: str) -> str:
    """Relative link from docname ``source`` to docname ``target`` (a ``.md`` path MyST resolves)."""
    return os.path.relpath(f"{target}.md", os.path.dirname(source) or ".").replace(os.sep, "/")


def status_badges(status: str) -> str:
    """The status cell with its tags as coloured badges (the full cell follows, verbatim)."""
    low = status.lower()
    tags = [t for t in STATUS_TAGS if f"{t}" in low]
    badges = " ".join(f'<span class="status-tag status-{t}">{t}</span>' for t in tags)
    return f"{badges} — {status}" if badges else status


def item_block(item, page: Page) -> str:
    """One row of the map: heading, status, the row's text, its code, certificates and tests."""
    lines = [f"### {item.name or item.text[:60]}", "", f"**Status:** {status_badges(item.status)}", "",
             f"**The row in `paper_map.md`** (line {item.lineno}): {item.text}", ""]
    if item.code:
        refs = []
        for path, names in item.code:
            module = dotted(path)
            refs += [f"{{py:obj}}`{name} <{module}.{name}>`" for name in names]
        lines += ["- **Code:** " + ", ".join(refs)]
    if item.certificates:
        ids = [f"{{ref}}`{cid} <{evidence_label(page.homes[cid], cid)}>`" if cid in page.homes else f"`{cid}`"
               for cid in item.certificate_ids]
        lines += ["- **Certificates** (live evidence): " + ", ".join(ids)]
    if item.tests:
        lines += ["- **Tests:** " + ", ".join(f"`{t}`" for t in item.tests)]
    return "\n".join(lines) + "\n"


def formula_block(docname: str) -> str:
    """The row's key formulas typeset (LaTeX, rendered by the bundled MathJax), each with its tag."""
    entries = FORMULAS.get(docname, ())
    if not entries:
        return ""
    out = ["## The statement in formulas", "",
           "Typeset from the rows above and the module docstring below (which is the reference); "
           "the tag says where each formula comes from.", ""]
    for latex, tag, caption in entries:
        out += [f"{caption} <span class=\"status-tag status-{tag.split()[0]}\">{tag}</span>", "",
                "$$", latex, "$$", ""]
    return "\n".join(out)


def code_block(page: Page) -> str:
    """Every implementing definition named by the page's rows, included from its source file."""
    seen: list[tuple[str, str]] = []
    for item in page.items:
        for path, names in item.code:
            seen += [(path, n) for n in names if (path, n) not in seen]
    out = ["## The code", "",
           "Included from the source files at build time (the first one open; click a name to open the others).", ""]
    values = []
    for index, (path, name) in enumerate(seen):
        spans = definition_lines(path)
        if name not in spans or not spans[name][2]:
            values.append(f"{{py:obj}}`{name} <{dotted(path)}.{name}>` (`{path}`)")
            continue
        opened = " open" if index == 0 else ""
        out += [f"<details{opened}><summary><code>{html.escape(name)}</code> — <code>{path}</code></summary>", "",
                f"```{{literalinclude}} {rel_file(page.docname, path)}", ":language: python",
                ":pyobject: " + name, ":lineno-match:", "```", "", "</details>", ""]
    if values:
        out += ["Module-level values (see the API reference): " + ", ".join(values) + ".", ""]
    return "\n".join(out)


def rel_file(docname: str, path: str) -> str:
    """Path of a repository file relative to the page's folder (literalinclude resolves it from there)."""
    page_dir = (ROOT / "docs" / "site" / docname).parent
    return os.path.relpath(ROOT / path, page_dir).replace(os.sep, "/")


def evidence_block(page: Page) -> str:
    """One live code cell per certificate: runs it at the smoke profile, shows its evidence table and plot."""
    certs = page.certificates
    others = sorted({cid: home for cid, home in page.homes.items() if home != page.docname}.items())
    if not certs:
        if not others:
            return ""
        return "\n".join(["## Live evidence", "", "The certificates of this page's rows run on the pages below.", ""]
                         + [f"- {{ref}}`{cid} <{evidence_label(home, cid)}>`" for cid, home in others]) + "\n"
    out = ["## Live evidence", "",
           f"Each cell below runs a certificate when this page is built (profile `smoke`, run seed 0) and shows "
           f"every instance it checked: both sides, the slack, the instance seed. See "
           f"[how to read a certificate]({rel(page.docname, HOW_TO_READ)}).", "",
           "```{code-cell} ipython3", ":tags: [remove-cell]", f"# sources: {sources_digest(page)}",
           "from live_evidence import show", "```", ""]
    for cid, path in certs:
        out += [f"({evidence_label(page.docname, cid)})=", f"### `{cid}`", "",
                f"Source: `{path}`. Replay in a terminal: `python -m certificates run --profile smoke --only {cid}`.",
                "", "```{code-cell} ipython3", f'show("{cid}", "{dotted(path)}")', "```", ""]
    if others:
        out += ["Also named by this page's rows, run on their own pages: "
                + ", ".join(f"{{ref}}`{cid} <{evidence_label(home, cid)}>`" for cid, home in others) + ".", ""]
    return "\n".join(out)


def sources_digest(page: Page) -> str:
    """A digest of the files the page's live cells depend on (the certificate files, the rows' code files,
    ``live_evidence.py``): it is part of the cells, so myst-nb's cache re-runs them when any of these changes."""
    files = sorted({path for _, path in page.certificates}
                   | {path for item in page.items for path, _ in item.code}) + ["docs/site/_ext/live_evidence.py"]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.encode() + b"\0" + (ROOT / path).read_bytes())
    return digest.hexdigest()[:16]


def module_page(page: Page) -> str:
    """An item page: rows, formulas, proof sketch (module docstring), code, live evidence."""
    paper = page.items[0].paper
    module = dotted(page.module_path)
    head = [HEADER if page.certificates else "", f"# {page.title}", "",
            f"{PAPERS[paper][2]}. Section: [{page.items[0].section}]({rel(page.docname, page.section)}). "
            f"Module `{module}` ([API reference]({rel(page.docname, 'api/' + module)})).", "",
            "## The items on this page", ""]
    body = [item_block(item, page) for item in page.items]
    proof = ["## Proof sketch and notes — the module docstring", "",
             "```{eval-rst}", ".. automodule:: " + module, "   :no-index:", "```", ""]
    parts = ["\n".join(head), *body, formula_block(page.docname), "\n".join(proof), code_block(page),
             evidence_block(page)]
    return "\n".join(p for p in parts if p)


def section_page(page: Page, children: list[Page]) -> str:
    """A section of the map: every row with a link to its page; rows without code in full."""
    out = [f"# {page.title}", "", "Every row of this section of `paper_map.md`, with the page that shows it.", ""]
    for child in children:
        out += [f"- [{child.title}]({rel(page.docname, child.docname)}) — "
                + "; ".join(f"{it.name} ({it.status.split(';')[0]})" for it in child.items)]
    if page.items:
        out += ["", "## Rows without a module page", ""]
        out += [item_block(item, page) for item in page.items]
    unrun = sorted({cid for item in page.items for cid in item.certificate_ids if cid not in page.homes})
    if unrun:
        out += ["", "Certificates of these rows are not run while the site is built (their code lies outside the "
                "reference packages and may need data or caches); replay them in a terminal:", ""]
        out += [f"- `python -m certificates run --profile smoke --only {cid}`" for cid in unrun]
    if children:
        out += ["", "```{toctree}", ":hidden:", ""] + [rel(page.docname, c.docname)[:-3] for c in children]
        out += ["```"]
    return "\n".join(out) + "\n"


def paper_page(citation: str, sections: list[Page]) -> str:
    """A paper's landing page: its sections."""
    out = [f"# {citation.split(' — ', 1)[0]}", "", citation + ".", "", "```{toctree}", ":maxdepth: 2", ""]
    out += [Path(s.docname).relative_to(Path(s.docname).parts[0]).as_posix() for s in sections]
    return "\n".join(out + ["```", ""])


def api_page(module: str) -> str:
    """One module of the API reference: its docstring and its public members (``__all__``)."""
    members = "" if module.count(".") == 0 or _is_package(module) else "   :members:\n"
    return f"# `{module}`\n\n```{{eval-rst}}\n.. automodule:: {module}\n{members}```\n"


def _is_package(module: str) -> bool:
    return (ROOT / module.replace(".", "/") / "__init__.py").is_file()


def api_index(modules: list[str]) -> str:
    """The API reference's index: one toctree per top-level package."""
    out = ["# API reference", "",
           "Generated from the docstrings (``autodoc``): every public module of `reference` (both papers), "
           "`certificates` and `engines`. Packages show their docstring; modules their public members "
           "(``__all__``), each documented once, in the module that defines it.", ""]
    for package in sorted({m.split(".")[0] for m in modules}, key=lambda p: ("reference", "certificates",
                                                                               "engines").index(p)):
        out += [f"## `{package}`", "", "```{toctree}", ":maxdepth: 1", ""]
        out += [m for m in modules if m.split(".")[0] == package] + ["```", ""]
    return "\n".join(out)
