"""Serve MathJax 3 from the build itself, never from a CDN (a Sphinx extension).

The MathJax files come from the PyPI package ``sphinx-mathjax-offline`` (its ``static/mathjax`` folder: MathJax 3's
``tex-chtml.js`` with its fonts and extensions). This extension does what that package's own does — copy the folder
to ``_static/mathjax`` and point ``mathjax_path`` at it — and declares itself safe for parallel builds (the
package's extension does not, which forces Sphinx to read serially).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sphinx.util.fileutil import copy_asset

MATHJAX_ENTRY = "mathjax/tex-chtml.js"


def mathjax_source() -> Path:
    """The ``static/mathjax`` folder of the installed ``sphinx-mathjax-offline`` package."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise RuntimeError("offline_mathjax: the package sphinx-mathjax-offline is not installed; "
                           "install the project's [docs] extra (pip install -e '.[docs]').")
    return Path(spec.origin).parent / "static" / "mathjax"


def copy_mathjax(app, exception) -> None:
    target = Path(app.outdir) / "_static" / "mathjax"
    if exception is None and app.builder.format == "html" and not (target / "tex-chtml.js").is_file():
        copy_asset(str(mathjax_source()), str(target))


def setup(app):
    mathjax_source()  # fail at start-up, not after the build, when the files are missing
    app.config.mathjax_path = MATHJAX_ENTRY
    app.connect("build-finished", copy_mathjax)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
