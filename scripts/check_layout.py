"""Layout limits of issue 11: files of at most 600 lines, functions of at most 60 lines of code.

    python scripts/check_layout.py [FOLDER ...]      # default: reference certificates

A function's lines of code exclude its docstring, comments and blank lines (nested functions count
towards their enclosing function too, as they are read with it). Prints each offender and a summary
line ``N files M funcs``; exit status 1 when there is any offender.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MAX_FILE_LINES = 600
MAX_FUNCTION_CODE_LINES = 60


def _docstring_lines(node: ast.AST) -> set[int]:
    body = getattr(node, "body", [])
    first = body[0] if body else None
    if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        return set(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return set()


def function_code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> int:
    """Lines of ``node`` that are neither its docstring, nor blank, nor a comment."""
    doc = _docstring_lines(node)
    count = 0
    for i in range(node.lineno, (node.end_lineno or node.lineno) + 1):
        text = lines[i - 1].strip()
        if i not in doc and text and not text.startswith("#"):
            count += 1
    return count


def offenders(folders: list[str]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(files over MAX_FILE_LINES, functions over MAX_FUNCTION_CODE_LINES) as (size, location) pairs."""
    big_files, big_functions = [], []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.py")):
            source = path.read_text()
            lines = source.splitlines()
            if len(lines) > MAX_FILE_LINES:
                big_files.append((len(lines), str(path)))
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    size = function_code_lines(node, lines)
                    if size > MAX_FUNCTION_CODE_LINES:
                        big_functions.append((size, f"{path}:{node.lineno} {node.name}"))
    return sorted(big_files, reverse=True), sorted(big_functions, reverse=True)


def main(argv: list[str]) -> int:
    big_files, big_functions = offenders(argv or ["reference", "certificates"])
    for size, where in big_files:
        print("FILE", size, where)
    for size, where in big_functions:
        print("FUNC", size, where)
    print(len(big_files), "files", len(big_functions), "funcs")
    return 1 if big_files or big_functions else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
