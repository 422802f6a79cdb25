import ast, sys, pathlib
def code_lines(node, src_lines):
    # lines of node excluding docstring and blank/comment lines
    start, end = node.lineno, node.end_lineno
    doc = set()
    body = getattr(node, 'body', [])
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], 'value', None), ast.Constant) and isinstance(body[0].value.value, str):
        doc = set(range(body[0].lineno, body[0].end_lineno + 1))
    n = 0
    for i in range(start, end + 1):
        if i in doc: continue
        s = src_lines[i - 1].strip()
        if not s or s.startswith('#'): continue
        n += 1
    return n
big_files, big_funcs = [], []
for root in sys.argv[1:]:
    for p in sorted(pathlib.Path(root).rglob('*.py')):
        src = p.read_text(); lines = src.splitlines()
        if len(lines) > 600: big_files.append((len(lines), str(p)))
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = code_lines(node, lines)
                if n > 60: big_funcs.append((n, f"{p}:{node.lineno} {node.name}"))
for x in sorted(big_files, reverse=True): print("FILE", *x)
for x in sorted(big_funcs, reverse=True): print("FUNC", *x)
print(len(big_files), "files", len(big_funcs), "funcs")
