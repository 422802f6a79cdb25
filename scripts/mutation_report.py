"""Mutation score per module: mutmut 3.x, one module at a time, each with its own test subset.

Usage (from the repository root; ``make mutation`` runs all modules)::

    .venv/bin/python scripts/mutation_report.py                 # every module below
    .venv/bin/python scripts/mutation_report.py menu_times eird # some modules
    .venv/bin/python scripts/mutation_report.py --report-only   # re-read the last results, run nothing

For each module the script builds a scratch folder ``mutants/runs/<module>/`` holding symbolic links to
``reference/``, ``tests/`` and ``examples/`` and a ``pyproject.toml`` whose ``[tool.mutmut]`` section is the
repository's one with ``only_mutate`` set to that module and ``pytest_add_cli_args_test_selection`` set to the
module's test subset (``MODULES`` below). It runs ``nice -n 19 mutmut run --max-children 1`` there (one worker, low
priority: the machine is shared), then classifies every mutant from its diff:

* **message-only**: the mutant changes only what an error message says — every changed line lies inside a
  ``raise`` statement, or the only tokens that differ are string literals (or the names ``fn``/``arg``/``FN``
  that carry the qualified name into the validators) passed to a validator (``check_*``, ``as_vector``,
  ``errors_as``, …). The exception type and the condition that raises are unchanged.
* **value**: every other mutant (it can change a computed value, a branch, or whether an error is raised).

The score printed per module is killed / (value mutants that some test ran), with timeouts counted as killed
(a mutant that loops is detected) and mutants no selected test reaches ("no tests") listed separately.
mutmut selects, for each mutant, the tests of the subset that call the mutated function (it records calls in
a first "stats" run).
"""

from __future__ import annotations

import argparse
import ast
import difflib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tokenize
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "mutants" / "runs"
MUTMUT = ROOT / ".venv" / "bin" / "mutmut"

RA = "reference/adaptive_preferences"
KILLERS_A = "tests/test_mutation_killers_a.py"
KILLERS_A2 = "tests/test_mutation_killers_a2.py"  # projections and MenuDist (the 600-line limit)
KILLERS_B = "tests/test_mutation_killers_b.py"
EXACT_A = "tests/test_exact_or_error_a_math.py"
CORE = "tests/test_core_choice_memory_menu_times.py"
ORACLE_A = ORACLE_B = "oracle"  # the oracle tests of the module's functions (``oracle_tests``)

# module name -> (source file, test subset). The subset is the module's own tests, the oracle's tests of the module's
# functions (reference against an independent re-implementation: test_independent_alternative_passes[<function>] of
# tests/test_oracle_paper_{a,b}.py) and the mutation killers; mutmut runs, per
# mutant, only the tests of the subset that reach the mutated function. The public-API fuzz suite (tests/fuzz/) is
# left out: each of its tests reaches every function, so every surviving mutant would re-run it (minutes each).
MODULES: dict[str, tuple[str, list[str]]] = {
    "choice": (f"{RA}/realizability/sec2_choice.py", [CORE, "tests/test_menu_dist.py", ORACLE_A, KILLERS_A,
                                                       KILLERS_A2]),
    "memory": (f"{RA}/realizability/def1_memory.py", [CORE, EXACT_A, ORACLE_A, KILLERS_A, KILLERS_A2]),
    "menu_times": (f"{RA}/realizability/lemma1_menu_times.py", [CORE, EXACT_A, ORACLE_A, KILLERS_A, KILLERS_A2]),
    "menu_dist": (f"{RA}/realizability/lemma1_proof_menu_dist.py", ["tests/test_menu_dist.py", EXACT_A, ORACLE_A,
                                                                     KILLERS_A, KILLERS_A2]),
    "projections": (f"{RA}/setting/projections.py", ["tests/test_projections.py", EXACT_A, ORACLE_A, KILLERS_A,
                                                      KILLERS_A2]),
    "eird": (f"{RA}/setting/sec2_eird.py", ["tests/test_eird.py", EXACT_A, ORACLE_A, KILLERS_A, KILLERS_A2]),
    "smoothed_simplex": (f"{RA}/setting/def4_lemma2_smoothed_simplex.py", ["tests/test_smoothed_simplex.py", EXACT_A,
                                                                             ORACLE_A, KILLERS_A, KILLERS_A2]),
    "hypentropy": ("reference/embedding_routing/hypentropy.py", ["tests/test_b_hypentropy.py", ORACLE_B, KILLERS_B]),
    "policies": ("reference/embedding_routing/policies.py", ["tests/test_b_routing.py", ORACLE_B, KILLERS_B]),
    "_numerics": ("reference/_numerics.py", ["tests/test_coercion_policy.py", CORE, EXACT_A, ORACLE_A, KILLERS_A,
                                             KILLERS_A2]),
}

# Slow tests left out of every subset (each takes minutes under mutmut's call tracking; they target extreme inputs,
# not the mutants): pytest -k expression.
SLOW = "not (extreme_magnitudes or every_valid_input or polytope_projection or across_lambda or bound_dominates)"

# mutmut's exit-code classes (mutmut.__main__.status_by_exit_code), folded.
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
MESSAGE_NAMES = {"fn", "arg", "FN", "_FN", "n_from", "name", "where", "what", "msg", "message"}
VALIDATOR = re.compile(r"\b(check_\w+|_check_\w+|as_vector|as_matrix|_svd|_sv|finite_array|_theta_for|errors_as|"
                       r"_float_array|rng_from|validated_\w+)\s*\(")


ORACLE_LIST = """
import importlib, json, sys
sys.path[:0] = [".", "tests"]
from certificates.oracle import FUNCTIONS
out = {}
for paper in "ab":
    alternatives = importlib.import_module(f"test_oracle_paper_{paper}").ALTERNATIVES
    for name in sorted(alternatives):
        module = FUNCTIONS[name].reference().__module__
        test = f"tests/test_oracle_paper_{paper}.py::test_independent_alternative_passes[{name}]"
        out.setdefault(module, []).append(test)
json.dump(out, sys.stdout)
"""


def oracle_tests(source: str) -> list[str]:
    """The oracle's independent-alternative tests of the functions defined in ``source`` (cached per run of this
    script in mutants/runs/oracle_tests.json)."""
    cache = RUNS / "oracle_tests.json"
    if not cache.exists():
        RUNS.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", ORACLE_LIST], cwd=ROOT, env=_env(),
                              capture_output=True, text=True, check=True)
        cache.write_text(done.stdout)
    module = source.removesuffix(".py").replace("/", ".")
    return json.loads(cache.read_text()).get(module, [])


def selection(name: str) -> list[str]:
    source, tests = MODULES[name]
    out = []
    for t in tests:
        out += oracle_tests(source) if t == "oracle" else [t] if (ROOT / t).exists() else []
    return out


def _toml_value(value) -> str:
    return json.dumps(value)  # strings, lists of strings, numbers and booleans: JSON is valid TOML here


def prepare(name: str, deselect: list[str] = (), killers: bool = True) -> Path:
    """The scratch folder of one module: links to the sources, a copy of tests/ (without the mutation killers'
    tests when ``killers`` is false: the score *before* them, same configuration) and its own [tool.mutmut]."""
    run = RUNS / name
    run.mkdir(parents=True, exist_ok=True)
    for folder in ("reference", "examples"):
        link = run / folder
        if not link.exists():
            link.symlink_to(ROOT / folder)
    if (run / "tests").is_symlink():
        (run / "tests").unlink()
    shutil.copytree(ROOT / "tests", run / "tests", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
    if not killers:
        for killer in (KILLERS_A, KILLERS_A2, KILLERS_B):
            (run / killer).write_text('"""Left out: the score before the mutation killers."""\n')
    base = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]
    mutmut = dict(base["mutmut"])
    mutmut["only_mutate"] = [MODULES[name][0]]
    mutmut["pytest_add_cli_args_test_selection"] = selection(name)
    mutmut.pop("also_copy", None)
    mutmut["pytest_add_cli_args"] = list(mutmut.get("pytest_add_cli_args", [])) + ["-k", SLOW] + [
        arg for nodeid in deselect for arg in ("--deselect", nodeid)]
    lines = ["[tool.pytest.ini_options]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in base["pytest"]["ini_options"].items()]
    lines += ["", "[tool.mutmut]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in mutmut.items()]
    (run / "pyproject.toml").write_text("\n".join(lines) + "\n")
    return run


DESELECT = RUNS / "deselected.txt"  # tests failing on the unmutated code (shared by the modules; see run_mutmut)
GENERATE = """
from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants
from mutmut.utils.file_utils import setup_source_paths
import os
os.makedirs("mutants", exist_ok=True)
copy_src_dir(); copy_also_copy_files(); setup_source_paths(); create_mutants(1)
"""


def _env() -> dict:
    return dict(os.environ, HYPOTHESIS_PROFILE="ci", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")


def _deselected() -> list[str]:
    return sorted(set(DESELECT.read_text().split("\n")) - {""}) if DESELECT.exists() else []


def run_mutmut(name: str, *, fresh: bool, rerun: bool, messages: bool, killers: bool = True,
               only_survivors: bool = False) -> tuple[float, int]:
    """Run mutmut on one module (one worker, nice 19): the value mutants not yet run (all value mutants that
    survived, with ``rerun``; the message-only ones too, with ``messages``). Returns (wall seconds, mutants run).

    mutmut needs the selected tests to pass on the unmutated code: a test that fails there (another change in
    progress) is deselected, recorded in ``mutants/runs/deselected.txt`` and reported, never counted as a kill."""
    run = prepare(name, deselect=_deselected(), killers=killers)
    if fresh and (run / "mutants").exists():
        subprocess.run(["rm", "-rf", str(run / "mutants")], check=True)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "-c", GENERATE], cwd=run, env=_env(), capture_output=True, check=True)
    todo = []
    names, in_raise = defined_names(ROOT / MODULES[name][0]), raise_lines(ROOT / MODULES[name][0])
    before = _with_carried(run, _mutmut_state(run))
    (run / "carried.json").write_text(json.dumps({key: status for key, (status, _) in before.items()
                                                  if status != "not checked"}))
    for key, (status, diff) in before.items():
        kind = classify(diff, names, in_raise)
        if kind == "message" and not messages:
            continue
        if (status == "not checked" and not only_survivors) or (rerun and status not in KILLED | {"not checked"}):
            todo.append(key)
    start = time.monotonic()
    for _attempt in range(8):
        if not todo:
            break
        with open(run / "mutmut.log", "w") as log:
            subprocess.run(["nice", "-n", "19", str(MUTMUT), "run", "--max-children", "1", *todo], cwd=run,
                           env=_env(), stdout=log, stderr=subprocess.STDOUT, check=False)
        text = (run / "mutmut.log").read_text(errors="replace")
        if "failed to collect stats" not in text and "Failed to run clean test" not in text:
            break
        failed = re.findall(r"^FAILED (\S+\[.*\]|\S+)(?: - .*)?$", text, flags=re.M)
        if not failed:
            print(f"  {name}: mutmut could not start; see {run / 'mutmut.log'}", flush=True)
            break
        print(f"  {name}: deselecting tests that fail on the unmutated code: {failed}", flush=True)
        with open(DESELECT, "a") as f:
            f.write("".join(nodeid + "\n" for nodeid in failed))
        prepare(name, deselect=_deselected(), killers=killers)
    # A changed mutmut configuration (a newly deselected test, another test file) makes mutmut forget every
    # verdict: every verdict known before this run is carried over (written before mutmut starts, so that an
    # interrupted run keeps them); ``_with_carried`` prefers mutmut's own verdict wherever it has one, so the
    # mutants re-run here get their new verdicts (same code: mutmut also resets a mutant whose function changed).
    return time.monotonic() - start, len(todo)


def _with_carried(run: Path, state: dict) -> dict:
    """mutmut's state with the carried-over verdicts filled in where mutmut has none."""
    path = run / "carried.json"
    carried = json.loads(path.read_text()) if path.exists() else {}
    return {key: [carried.get(key, status) if status == "not checked" else status, diff]
            for key, (status, diff) in state.items()}


def _mutmut_state(run: Path):
    """(status by mutant name, diff by mutant name), read through mutmut's own API inside the scratch folder."""
    code = r"""
import json, sys
from mutmut.__main__ import SourceFileMutationData, walk_mutatable_files, status_by_exit_code
from mutmut.mutation.diff_apply import get_diff_for_mutant
out = {}
for path in walk_mutatable_files():
    m = SourceFileMutationData(path=path)
    m.load()
    for key, code in m.exit_code_by_key.items():
        out[key] = [status_by_exit_code[code], get_diff_for_mutant(key, path=path)]
json.dump(out, sys.stdout)
"""
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", code], cwd=run, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def _tokens(line: str) -> list[tuple[int, str]]:
    try:
        return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline)
                if t.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [(tokenize.OP, line)]


def _string_token(tok: tuple[int, str]) -> bool:
    kind, text = tok
    fstring = getattr(tokenize, "FSTRING_START", -1), getattr(tokenize, "FSTRING_MIDDLE", -1), \
        getattr(tokenize, "FSTRING_END", -1)
    return kind == tokenize.STRING or kind in fstring or (kind == tokenize.NAME and text in MESSAGE_NAMES | {"None"})


def raise_lines(source: Path) -> set[str]:
    """The stripped text of every line that lies inside a ``raise`` statement of the module."""
    text = source.read_text()
    lines = text.splitlines()
    inside: set[int] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Raise):
            inside.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    outside = {lines[i - 1].strip() for i in range(1, len(lines) + 1) if i not in inside}
    return {lines[i - 1].strip() for i in inside} - outside  # a line text also found outside a raise: not counted


def _is_message_token(old: tuple[int, str], line: str, names: set[str]) -> bool:
    """Can this original token, replaced by another string or None, only change an error message?"""
    kind, text = old
    if kind == tokenize.NAME:
        return text in MESSAGE_NAMES  # fn / arg / FN carry the qualified name into the messages
    if kind != tokenize.STRING and not _string_token(old):
        return False
    content = text.strip("\"'")
    if content in names or content.split(".")[0] in names:
        return True  # the qualified name of a function or class of the module, passed on for its messages
    assignment = re.match(r"\s*(\w+)\s*[:=]", line)
    return bool(VALIDATOR.search(line)) or bool(assignment and assignment.group(1) in MESSAGE_NAMES)


def classify(diff: str, names: set[str] = frozenset(), in_raise: set[str] = frozenset()) -> str:
    """'message' if the mutant only changes an error message (see the module docstring), else 'value'.

    ``names``: the functions and classes defined in the module (a string equal to one of them is a qualified
    name passed on for messages, e.g. ``_step_size("memory_l1_drift_bound", …)``); ``in_raise``: ``raise_lines``."""
    lines = diff.splitlines()[2:]  # skip the --- / +++ header
    removed = [l[1:] for l in lines if l.startswith("-")]
    added = [l[1:] for l in lines if l.startswith("+")]
    if not removed:
        return "value"
    if all(line.strip() in in_raise for line in removed):
        return "message"
    if len(removed) != len(added):
        return "value"
    for old, new in zip(removed, added):
        a, b = _tokens(old), _tokens(new)
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            if op == "delete" and _message_keyword(a[i1:i2]):
                continue  # a dropped fn=… / arg=… / what=… keyword argument
            if op != "replace" or i2 - i1 != j2 - j1:
                return "value"
            for i, (x, y) in enumerate(zip(a[i1:i2], b[j1:j2]), start=i1):
                keyword = i >= 2 and a[i - 1][1] == "=" and (a[i - 2][1] in MESSAGE_NAMES or (
                    i >= 4 and a[i - 2][1] == "str" and a[i - 4][1] in MESSAGE_NAMES))  # arg="X", arg: str = "X"
                if not ((keyword and _string_token(x) or _is_message_token(x, old, names)) and _string_token(y)):
                    return "value"
    return "message"


def _message_keyword(tokens: list[tuple[int, str]]) -> bool:
    """Is this token run a keyword argument that only feeds messages (``fn=fn,``, ``arg="X"``, ``what="…"``)?"""
    if len(tokens) < 3 or tokens[0][1] not in MESSAGE_NAMES or tokens[1][1] != "=":
        return False
    rest = [t for t in tokens[2:] if t[1] != ","]
    return all(_string_token(t) or t[1] in MESSAGE_NAMES for t in rest)


def defined_names(source: Path) -> set[str]:
    return set(re.findall(r"^\s*(?:def|class)\s+(\w+)", source.read_text(), flags=re.M))


def summarise(name: str) -> dict:
    state = _with_carried(RUNS / name, _mutmut_state(RUNS / name))
    names, in_raise = defined_names(ROOT / MODULES[name][0]), raise_lines(ROOT / MODULES[name][0])
    counts = {"value": {}, "message": {}}
    survivors = []
    for key, (status, diff) in sorted(state.items()):
        kind = classify(diff, names, in_raise)
        counts[kind][status] = counts[kind].get(status, 0) + 1
        if kind == "value" and status not in KILLED:
            survivors.append((key, status, diff))
    return {"counts": counts, "survivors": survivors}


def _score(counts: dict) -> tuple[int, int]:
    killed = sum(v for s, v in counts.items() if s in KILLED)
    tested = sum(v for s, v in counts.items() if s not in {"not checked", "skipped"})  # "no tests": not killed
    return killed, tested


def main(argv: list[str] | None = None) -> int:
    (RUNS / "oracle_tests.json").unlink(missing_ok=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"modules to run (default: all): {', '.join(MODULES)}")
    parser.add_argument("--report-only", action="store_true", help="print the last results, run nothing")
    parser.add_argument("--fresh", action="store_true", help="discard the previous mutants and results first")
    parser.add_argument("--rerun", action="store_true", help="re-run the value mutants that survived last time")
    parser.add_argument("--no-killers", action="store_true",
                        help="leave tests/test_mutation_killers_{a,b}.py out (the score before them)")
    parser.add_argument("--only-survivors", action="store_true",
                        help="with --rerun: re-run the survivors only, not the mutants never run")
    parser.add_argument("--messages", action="store_true", help="run the message-only mutants too")
    parser.add_argument("--survivors", action="store_true", help="print the diff of every surviving value mutant")
    args = parser.parse_args(argv)
    names = args.modules or list(MODULES)
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {unknown}; choose from {list(MODULES)}")
    print(f"{'module':18} {'value killed/tested':>20} {'score':>6} {'no tests':>8} {'message killed/tested':>22}"
          f" {'wall s':>7}")
    for name in names:
        wall, count = (0.0, 0) if args.report_only else run_mutmut(name, fresh=args.fresh, rerun=args.rerun,
                                                                   messages=args.messages, killers=not args.no_killers,
                                                                   only_survivors=args.only_survivors)
        result = summarise(name)
        vk, vt = _score(result["counts"]["value"])
        mk, mt = _score(result["counts"]["message"])
        no_tests = result["counts"]["value"].get("no tests", 0)
        score = f"{vk / vt:.3f}" if vt else "-"
        print(f"{name:18} {f'{vk}/{vt}':>20} {score:>6} {no_tests:>8} {f'{mk}/{mt}':>22} {wall:7.0f}", flush=True)
        (RUNS / name / "summary.json").write_text(json.dumps(result, indent=1))
        if args.survivors:
            for key, status, diff in result["survivors"]:
                print(f"--- {key} [{status}]\n{diff}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
