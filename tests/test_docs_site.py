"""The documentation site (``make docs``, ``docs/site/``): every row of ``paper_map.md`` has a page, the map links
every page, the build has zero warnings, and the built HTML loads nothing from the network.

The build runs once per pytest session (``docs/site/sitebuild.py``, shared with ``tests/test_browser.py``); a cold
build executes every certificate's live cell at the ``smoke`` profile (myst-nb caches them for warm builds).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "docs" / "site"
sys.path[:0] = [str(SITE / "_ext"), str(SITE)]

import formulas  # noqa: E402
import safe_docstrings  # noqa: E402
import sitebuild  # noqa: E402
import sitegen  # noqa: E402

from certificates.paper_items import load_items  # noqa: E402
from certificates.registry import load_all  # noqa: E402

HTML = SITE / "_build" / "html"


@pytest.fixture(scope="module")
def built():
    result = sitebuild.build()
    assert result["returncode"] == 0, f"make docs failed (warnings are errors):\n{result['output'][-6000:]}"
    return result


def test_every_row_of_the_map_lands_on_a_page():
    pages = sitegen.plan()
    items = load_items()
    assert len(items) > 60
    for item in items:
        page = pages.get(sitegen.page_of(item))
        assert page is not None, f"paper_map.md:{item.lineno}: no page for {item.text[:60]!r}"
        assert item in page.items, f"paper_map.md:{item.lineno}: the page {page.docname} does not show the row"


def test_every_certificate_of_a_module_page_runs_live_on_exactly_one_page():
    """Certificates named by rows of module pages run once; those named only by rows without a module page (code
    outside the reference packages) are listed with their replay command. (That every registered certificate has
    a row is tests/test_paper_map.py's check.)"""
    pages = sitegen.plan()
    runs = [cid for page in pages.values() for cid, _ in page.certificates]
    assert len(runs) == len(set(runs))
    named = {cid for page in pages.values() if page.module_path for item in page.items for cid in item.certificate_ids}
    assert set(runs) == named, sorted(set(runs) ^ named)
    assert set(runs) <= set(load_all()), sorted(set(runs) - set(load_all()))


def test_the_map_links_every_page_in_one_click():
    """paper_map.md names the built page of every module page and section page (a link under each section)."""
    text = (ROOT / "paper_map.md").read_text()
    linked = set(re.findall(r"\(docs/site/_build/html/([\w/]+)\.html\)", text))
    missing = sorted(name for name in sitegen.plan() if name not in linked)
    assert not missing, ("paper_map.md has no link to these pages (add them to the 'Pages' line under the row's "
                         f"section, as docs/site/_build/html/<page>.html): {missing}")


def test_hand_written_formulas_name_generated_pages():
    pages = sitegen.plan()
    assert set(formulas.FORMULAS) <= set(pages), sorted(set(formulas.FORMULAS) - set(pages))
    for entries in formulas.FORMULAS.values():
        for _, tag, _ in entries:
            assert tag.split()[0] in sitegen.STATUS_TAGS


def test_docstrings_are_rendered_as_written():
    lines = ["Title", "-----", "Body with ``code`` and $\\tilde O(\\sqrt{T})$.", "", "Bad", "---",
             "menus |K| = k"]
    safe_docstrings.process_docstring(None, "module", "m", None, None, lines)
    assert lines[0] == ".. rubric:: Title"
    assert any(":math:`\\tilde O(\\sqrt{T})`" in line for line in lines)
    bad = lines.index(".. rubric:: Bad")
    assert lines[bad + 1:bad + 3] == [".. code-block:: text", ""] and "   menus |K| = k" in lines


def test_docs_build_has_zero_warnings_and_every_page(built):
    # Sphinx's warnings read "path:line: WARNING: …" (the kernels' own "[IPKernelApp] WARNING | …" is not one).
    problems = [line for line in built["output"].splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL):", line)]
    assert not problems, problems[:20]
    missing = [name for name in sitegen.plan() if not (HTML / f"{name}.html").is_file()]
    assert not missing, missing
    for name in ("index", "reading", "findings", "api/index", "audit"):
        assert (HTML / f"{name}.html").is_file(), name


def test_built_html_loads_nothing_from_the_network(built):
    remote = re.compile(r"<(?:script|link|img)[^>]+(?:src|href)=\"(?:https?:)?//", re.I)
    offenders = [str(p.relative_to(HTML)) for p in HTML.rglob("*.html") if remote.search(p.read_text())]
    assert not offenders, offenders
    assert (HTML / "_static" / "mathjax" / "tex-chtml.js").is_file()


def test_lemma1_page_has_statement_proof_code_and_live_evidence(built):
    page = (HTML / "a" / "realizability" / "lemma1_menu_times.html").read_text()
    assert "Lemma 1 (§3.1)" in page and "status-seed" in page                    # statement, status tag
    assert "Why τ" in page                                                        # the module docstring (proof)
    assert re.search(r"def</span>(<span class=\"w\">)? ?(</span>)?<span class=\"nf\">menu_times<", page)  # the code
    assert "cert-evidence" in page and "<img" in page and "cert-pass" in page     # live evidence: table, plot
    assert "menu_times_sum_eq_k" in page
