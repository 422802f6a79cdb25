"""Build the documentation site once per test session (shared by tests/test_docs_site.py and tests/test_browser.py).

``build()`` runs ``python -m sphinx -j 2 -W --keep-going -q -b html docs/site docs/site/_build/html`` — the command of
``make docs`` — under a file lock, at most once per pytest run: with pytest-xdist every worker of a run shares
``PYTEST_XDIST_TESTRUNUID``, and the first worker to take the lock builds while the others wait and reuse its
result (a stamp file records the run id, the exit code and the output).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent.parent
OUT = SITE / "_build" / "html"
STAMP = SITE / "_build" / "last-build.json"
COMMAND = [sys.executable, "-m", "sphinx", "-j", "2", "-W", "--keep-going", "-q", "-b", "html", str(SITE), str(OUT)]


def build(run_id: str | None = None) -> dict:
    """Build the site (or reuse this run's build); return ``{"returncode", "output", "seconds", "run_id"}``."""
    run_id = run_id or os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid{os.getpid()}"
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    with open(SITE / "_build" / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if STAMP.is_file():
            previous = json.loads(STAMP.read_text())
            if previous.get("run_id") == run_id:
                return previous
        start = time.perf_counter()
        proc = subprocess.run(COMMAND, cwd=ROOT, capture_output=True, text=True)
        result = {"run_id": run_id, "returncode": proc.returncode, "output": proc.stdout + proc.stderr,
                  "seconds": round(time.perf_counter() - start, 1)}
        STAMP.write_text(json.dumps(result))
        return result


if __name__ == "__main__":
    outcome = build(run_id=f"cli{time.time()}")
    print(outcome["output"], end="")
    print(f"docs: built in {outcome['seconds']} s -> {OUT}")
    sys.exit(outcome["returncode"])
