"""Render the project's docstrings as they are written (a Sphinx extension for ``autodoc``).

The docstrings are plain text with a few reStructuredText habits (``code``, bullet lists, simple tables) and
underlined headings. This hook, on ``autodoc-process-docstring``:

1. turns an underlined heading (``Title`` over ``-----``) into ``.. rubric:: Title`` (a section title inside an
   ``automodule`` is an error in reStructuredText);
2. turns ``$…$`` (LaTeX quoted from the paper) into the ``:math:`` role, so the bundled MathJax renders it;
3. parses each part (the text before the first heading, each heading's body) with docutils; if that reports
   anything (an unmatched ``*``, a ``|word|`` read as a substitution, a ``name_`` read as a link …) that part is
   shown verbatim, preformatted, instead — the build never fails on a docstring's punctuation and never
   rewrites its words. ``FALLBACKS`` lists the parts shown verbatim (the build prints how many).
"""

from __future__ import annotations

import io
import re

from docutils.core import publish_doctree
from docutils.utils import SystemMessage

#: Objects whose docstring is shown verbatim (not valid reStructuredText).
FALLBACKS: list[str] = []
_UNDERLINE = re.compile(r"^\s*([-=~^\"'`#*+])\1{2,}\s*$")
_DOLLAR = re.compile(r"(?<![\\$\w`])\$([^$\n`]+?)\$(?![\w$])")
_ROLE = re.compile(r":[\w:]+:`")


def headings_to_rubrics(lines: list[str]) -> list[str]:
    """``Title`` / ``-----`` pairs → ``.. rubric:: Title`` (same indentation), other lines unchanged."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and not _UNDERLINE.match(line) and _UNDERLINE.match(nxt) \
                and len(nxt.strip()) >= len(line.strip()) and (i == 0 or not lines[i - 1].strip()):
            indent = line[: len(line) - len(line.lstrip())]
            out += [f"{indent}.. rubric:: {line.strip()}", ""]
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def dollars_to_math(line: str) -> str:
    r"""``$x$`` → ``:math:`x``` outside inline literals (LaTeX backslashes kept: the role reads raw text)."""
    pieces = re.split(r"(``[^`]*``)", line)
    return "".join(p if p.startswith("``") else _DOLLAR.sub(lambda m: rf"\ :math:`{m.group(1)}`\ ", p)
                   for p in pieces)


def parses_cleanly(text: str) -> bool:
    """True when docutils reads ``text`` with no warning or error (roles are stubbed as literal)."""
    stream = io.StringIO()
    probe = _ROLE.sub(lambda m: ":literal:`" if not m.group(0).startswith(":math:") else m.group(0), text)
    try:
        publish_doctree(probe, settings_overrides={"report_level": 2, "halt_level": 5, "warning_stream": stream,
                                                   "file_insertion_enabled": False, "raw_enabled": False})
    except SystemMessage:
        return False
    return not stream.getvalue().strip()


def verbatim(lines: list[str]) -> list[str]:
    """Lines shown as they are, preformatted."""
    if not any(line.strip() for line in lines):
        return list(lines)
    return [".. code-block:: text", ""] + [f"   {line}" if line.strip() else "" for line in lines] + [""]


def chunks(lines: list[str]) -> list[list[str]]:
    """Split at the rubrics: the text before the first heading, then each heading with its body."""
    out: list[list[str]] = [[]]
    for line in lines:
        if line.lstrip().startswith(".. rubric::"):
            out.append([])
        out[-1].append(line)
    return out


def process_docstring(app, what, name, obj, options, lines: list[str]) -> None:
    """Each part (the text before the first heading, each heading's body) as reStructuredText if it parses
    cleanly, else verbatim; headings as rubrics; ``$…$`` as math."""
    result: list[str] = []
    for part in chunks(headings_to_rubrics(list(lines))):
        head = part[:1] if part and part[0].lstrip().startswith(".. rubric::") else []
        body = part[len(head):]
        converted = [dollars_to_math(line) for line in body]
        if parses_cleanly("\n".join(converted)):
            result += head + converted
        else:
            FALLBACKS.append(f"{name} ({head[0].split('::', 1)[1].strip() if head else 'opening'})")
            result += head + verbatim(body)
    lines[:] = result


def _report(app, exception):
    if exception is None and FALLBACKS:
        print(f"safe_docstrings: {len(FALLBACKS)} docstring parts shown verbatim (not valid reStructuredText)")


def setup(app):
    app.connect("autodoc-process-docstring", process_docstring)
    app.connect("build-finished", _report)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
