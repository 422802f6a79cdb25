"""Compare two certificate audits certificate by certificate (issue 11's behaviour-unchanged check).

    python scripts/compare_audit.py BEFORE.json AFTER.json
    python scripts/compare_audit.py BEFORE.json --run [--only ID ...]    # run the current tree now
    python scripts/compare_audit.py --rev REV --run                      # BEFORE = the audit of commit REV

Both audits are ``python -m certificates run --profile quick --seed 0 --json PATH`` outputs (``--run``
and ``--rev`` produce them with exactly these options). Every certificate's JSON must be identical
except timing fields (``seconds`` at any depth: a certificate's own wall-time records too); where a
field differs the script prints the certificate with its old and new worst slack and the first
differing paths. Exit status: 0 when every certificate is identical, 1 when some differ but no verdict
changed, 2 when an id is missing or a verdict changed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMING_FIELDS = {"seconds"}


def _diff(a, b, path="", out=None, limit=5):
    """Paths (JSON pointer-like) where a and b differ, at most ``limit`` of them."""
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key in TIMING_FIELDS:
                continue
            if key not in a or key not in b:
                out.append(f"{path}/{key} (only in {'after' if key in b else 'before'})")
            else:
                _diff(a[key], b[key], f"{path}/{key}", out, limit)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            _diff(x, y, f"{path}/{i}", out, limit)
    elif a != b:
        out.append(f"{path}: {a!r} -> {b!r}"[:200])
    return out


def _load(path) -> dict:
    data = json.loads(Path(path).read_text())
    return {c["id"]: c for c in data["certificates"]}


def _run_audit(cwd: Path, json_path: Path, only=None) -> None:
    cmd = [sys.executable, "-m", "certificates", "run", "--profile", "quick", "--seed", "0", "--no-progress",
           "--json", str(json_path)]
    if only:
        cmd += ["--only", *only]
    subprocess.run(cmd, cwd=cwd, check=False, stdout=subprocess.DEVNULL)


def _audit_of_rev(rev: str, json_path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["git", "worktree", "add", "--detach", tmp, rev], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _run_audit(Path(tmp), json_path)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", tmp], cwd=ROOT, check=False)


def compare(before: dict, after: dict, only=None) -> int:
    ids = only or sorted(set(before) | set(after))
    status, identical = 0, 0
    for cid in ids:
        if cid not in before or cid not in after:
            print(f"MISSING  {cid}: {'not in before' if cid not in before else 'not in after'}")
            status = 2
            continue
        paths = _diff(before[cid], after[cid])
        if not paths:
            identical += 1
            continue
        verdict_changed = before[cid]["passed"] != after[cid]["passed"]
        status = max(status, 2 if verdict_changed else 1)
        print(f"{'VERDICT' if verdict_changed else 'differs'}  {cid}: worst slack "
              f"{before[cid]['worst_slack']} -> {after[cid]['worst_slack']}")
        for p in paths:
            print(f"           {p}")
    print(f"{identical} of {len(ids)} certificates identical (timing fields excepted)")
    return status


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", nargs="?", help="the earlier audit's JSON")
    parser.add_argument("after", nargs="?", help="the later audit's JSON")
    parser.add_argument("--rev", help="produce BEFORE by auditing this git revision in a temporary worktree")
    parser.add_argument("--run", action="store_true", help="produce AFTER by auditing the current tree now")
    parser.add_argument("--only", nargs="+", metavar="ID", help="compare (and run) only these certificates")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        before_path = Path(args.before) if args.before else Path(tmp) / "before.json"
        if args.rev:
            _audit_of_rev(args.rev, before_path)
        after_path = Path(tmp) / "after.json" if args.run else Path(args.after or "")
        if args.run:
            _run_audit(ROOT, after_path, args.only)
        return compare(_load(before_path), _load(after_path), args.only)


if __name__ == "__main__":
    sys.exit(main())
