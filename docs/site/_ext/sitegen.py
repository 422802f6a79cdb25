"""Generate the site's pages from ``paper_map.md`` and the source tree at build time (a Sphinx extension).

Nothing generated is checked in: ``docs/site/a/``, ``docs/site/b/``, ``docs/site/api/`` and ``audit.md`` are
written here, at ``config-inited``, from

* the rows of ``paper_map.md`` (read by ``certificates.paper_items.load_items``, the parser ``explain`` uses);
* the module docstrings (``automodule`` renders them: the proof sketches);
* the source files (``literalinclude`` with ``:pyobject:`` shows each implementing function);
* the certificates (a code cell runs each at the ``smoke`` profile when the page is built; myst-nb caches it).

Grouping. A row's page is the page of the *first* file of its code cell (the module that implements the item and
whose docstring holds its proof): one page per reference module, ``a/<folder>/<module>`` for paper A and
``b/<module>`` for paper B. A row with no code lives on its section's page (``a/<folder>/index``, ``b/index``); the
audit machinery's rows live on ``audit``. ``plan()`` returns that mapping without writing anything (the tests use
it: every row of the map must land on a page).

Files are rewritten only when their text changes, so a warm build re-reads nothing.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from certificates.paper_items import PaperItem, load_items

HERE = Path(__file__).resolve().parent
SITE = HERE.parent
ROOT = SITE.parent.parent
#: Folders (and files) of the site that this module owns: regenerated on every build.
GENERATED_DIRS = ("a", "b", "api")
GENERATED_FILES = ("audit.md",)
#: Paper → (code root, page folder, citation).
PAPERS = {
    "A": ("reference/adaptive_preferences/", "a",
          "Paper A — Agarwal & Brown, *Online Recommendations for Agents with Discounted Adaptive Preferences*, "
          "ALT 2024, arXiv 2302.06014"),
    "B": ("reference/embedding_routing/", "b",
          "Paper B — Dai, Golrezaei & Jaillet, *Policy Regret for Embedding Model Routing*, arXiv 2606.14929"),
}
#: The packages the API reference documents, one page per module.
API_PACKAGES = ("reference", "certificates", "engines")
STATUS_TAGS = ("seed", "recon", "derived", "project", "ours", "measured", "secondary")
HEADER = "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n"


@dataclass
class Page:
    """One generated item page: the rows it shows, the module it documents (None for a section page)."""

    docname: str
    title: str
    section: str
    module_path: str | None = None
    items: list[PaperItem] = field(default_factory=list)
    #: Certificates whose live cell is on this page: (id, certificate file); each runs on one page only.
    certificates: list[tuple[str, str]] = field(default_factory=list)
    #: Every certificate the page's rows name → the docname of the page that runs it.
    homes: dict[str, str] = field(default_factory=dict)


def dotted(path: str) -> str:
    """``reference/a/b.py`` → ``reference.a.b`` (packages: without ``__init__``)."""
    parts = list(Path(path).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def section_docname(item: PaperItem) -> str:
    """The docname of the page of the item's section of the map."""
    if not item.paper:
        return "audit"
    folder = PAPERS[item.paper][1]
    match = re.search(r"\(`(\w+)/`\)", item.section)
    return f"{folder}/{match.group(1)}/index" if match else f"{folder}/index"


def module_docname(item: PaperItem) -> str | None:
    """The docname of the page of the item's implementing module (first code file), or None."""
    if not item.paper or not item.code:
        return None
    root, folder, _ = PAPERS[item.paper]
    path = item.code[0][0]
    if not path.startswith(root):
        return None
    return f"{folder}/{Path(path[len(root):]).with_suffix('').as_posix()}"


def page_of(item: PaperItem) -> str:
    """The docname where the row is shown in full."""
    return module_docname(item) or section_docname(item)


@functools.lru_cache(maxsize=256)
def module_docstring(path: str) -> str:
    """The docstring of a repository file ('' when it has none)."""
    return ast.get_docstring(ast.parse((ROOT / path).read_text())) or ""


def certified_in_docstring(cert_id: str, path: str) -> bool:
    """True when a paragraph of the module's docstring says "Certified" and names ``cert_id``."""
    return any("Certified" in para and cert_id in para for para in re.split(r"\n\s*\n", module_docstring(path)))


def module_title(path: str) -> str:
    """The first line of a module's docstring, without its final period (the page title)."""
    doc = module_docstring(path) or dotted(path)
    return doc.strip().splitlines()[0].rstrip(".")


def plan(items: list[PaperItem] | None = None) -> dict[str, Page]:
    """Every page the map calls for, keyed by docname, with the rows each shows (no file is written)."""
    items = load_items() if items is None else items
    pages: dict[str, Page] = {}
    for item in items:
        section = section_docname(item)
        if section not in pages:
            pages[section] = Page(section, item.section, section)
        name = module_docname(item)
        if name is None:
            pages[section].items.append(item)
            continue
        if name not in pages:
            pages[name] = Page(name, module_title(item.code[0][0]), section, module_path=item.code[0][0])
        pages[name].items.append(item)
    assign_certificates(pages)
    return pages


def assign_certificates(pages: dict[str, Page]) -> None:
    """Run each certificate on one page (its *home*) among the module pages whose rows name it: the module the
    certificate file mirrors (same file name), else the first whose docstring says "Certified" in the paragraph
    that names it, else the first in the map's order."""
    candidates: dict[str, list[tuple[Page, str]]] = {}
    for page in pages.values():
        for item in page.items if page.module_path else []:
            for path, ids in item.certificates:
                for cid in ids:
                    if page not in [p for p, _ in candidates.setdefault(cid, [])]:
                        candidates[cid].append((page, path))
    home: dict[str, str] = {}
    for cid, options in candidates.items():
        page, path = min(options, key=lambda option, cid=cid: home_rank(cid, *option))
        home[cid] = page.docname
        page.certificates.append((cid, path))
    for page in pages.values():
        page.homes = {cid: home[cid] for item in page.items for cid in item.certificate_ids if cid in home}


def home_rank(cert_id: str, page: Page, path: str) -> int:
    """0: the certificate file mirrors the page's module; 1: the module's docstring certifies it by name; 2: else."""
    if Path(path).name == Path(page.module_path or "").name:
        return 0
    return 1 if certified_in_docstring(cert_id, page.module_path or "") else 2


def evidence_label(docname: str, cert_id: str) -> str:
    """The label of a certificate's live-evidence section (unique across the site)."""
    return re.sub(r"[^a-z0-9]+", "-", f"{docname}-{cert_id}".lower()).strip("-")


# -- writing -------------------------------------------------------------------------------------------------------

def write_if_changed(path: Path, text: str, written: set[Path]) -> None:
    """Write ``text`` to ``path`` unless it already holds it (keeps mtimes, so warm builds stay warm)."""
    written.add(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text() != text:
        path.write_text(text)


def generate(site: Path = SITE) -> dict[str, Page]:
    """Write every generated page under ``site`` and delete stale ones; return the plan."""
    import pagetext  # the page templates (this folder is on sys.path when Sphinx loads the extension)

    pages = plan()
    written: set[Path] = set()
    sections = [p for p in pages.values() if p.module_path is None]
    for page in pages.values():
        children = [p for p in pages.values() if p.module_path and p.section == page.docname]
        text = pagetext.section_page(page, children) if page.module_path is None else pagetext.module_page(page)
        write_if_changed(site / f"{page.docname}.md", text, written)
    for _, folder, citation in PAPERS.values():
        mine = [p for p in sections if p.docname.startswith(f"{folder}/") and p.docname != f"{folder}/index"]
        if f"{folder}/index" not in pages:
            write_if_changed(site / folder / "index.md", pagetext.paper_page(citation, mine), written)
    modules = api_modules()
    for module in modules:
        write_if_changed(site / "api" / f"{module}.md", pagetext.api_page(module), written)
    write_if_changed(site / "api" / "index.md", pagetext.api_index(modules), written)
    for folder in GENERATED_DIRS:
        for path in (site / folder).rglob("*.md"):
            if path not in written:
                path.unlink()
    return pages


def api_modules() -> list[str]:
    """Every public module of the documented packages (private ``_x`` modules and ``__main__`` left out)."""
    found = []
    for package in API_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if path.name == "__main__.py" or any(p.startswith("_") and p != "__init__.py" for p in rel.parts):
                continue
            found.append(dotted(rel.as_posix()))
    return found


def definition_lines(path: str) -> dict[str, tuple[int, int, bool]]:
    """Top-level names (and ``Class.method``) of a source file → (first line, last line, is a def or class)."""
    tree = ast.parse((ROOT / path).read_text())
    spans: dict[str, tuple[int, int, bool]] = {}

    def span(node: ast.AST) -> tuple[int, int, bool]:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        is_def = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        return first, node.end_lineno or node.lineno, is_def

    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            spans[node.name] = span(node)
            for sub in getattr(node, "body", []) if isinstance(node, ast.ClassDef) else []:
                if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    spans[f"{node.name}.{sub.name}"] = span(sub)
                elif isinstance(sub, ast.AnnAssign) and isinstance(sub.target, ast.Name):
                    spans[f"{node.name}.{sub.target.id}"] = span(sub)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    spans[target.id] = span(node)
    return spans


def create_execution_cache(app, config) -> None:
    """Create myst-nb's jupyter-cache database before a parallel read starts (two reader processes creating it at
    once fail with "table already exists")."""
    if config.nb_execution_mode == "cache":
        from jupyter_cache import get_cache

        get_cache(config.nb_execution_cache_path).list_cache_records()


def setup(app):
    app.connect("config-inited", lambda app, config: generate(Path(app.srcdir)))
    app.connect("config-inited", create_execution_cache)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
