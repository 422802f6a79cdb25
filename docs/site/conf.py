"""Sphinx configuration of the documentation site (``make docs``; sources in this folder, output in _build/html).

Toolchain: Sphinx + MyST-NB (pages are MyST markdown text notebooks, executed at build time with a jupyter-cache
cache) + ``sphinx.ext.autodoc``/``viewcode`` (proofs and the API from the docstrings, code from the sources) +
``_ext/offline_mathjax.py`` (MathJax 3 bundled from the PyPI package ``sphinx-mathjax-offline``: no CDN). The item
pages, the section pages and the API pages are generated from ``paper_map.md`` and the source tree by
``_ext/sitegen.py`` at every build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXT = HERE / "_ext"
sys.path[:0] = [str(EXT), str(ROOT)]
# The notebook kernels inherit this environment: they import live_evidence (in _ext) and the project.
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(EXT), str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")

project = "Verified reference implementation — adaptive preferences & embedding routing"
author = "the project's authors"
copyright = "the project's authors, MIT licence"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "offline_mathjax",
    "sitegen",
    "safe_docstrings",
]

exclude_patterns = ["_build", "_ext", "**/.ipynb_checkpoints", "sitebuild.py"]
templates_path: list[str] = []
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_theme = "alabaster"
html_theme_options = {"page_width": "1180px", "sidebar_width": "260px", "fixed_sidebar": False}
html_title = "Adaptive preferences & embedding routing — teaching companion"
html_show_sourcelink = False

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 0

nb_execution_mode = "cache"
nb_execution_cache_path = str(HERE / "_build" / ".jupyter_cache")
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "description"
