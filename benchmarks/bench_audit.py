"""Benchmark: wall time of the quick audit, serial and in parallel (issue 14).

Run:  python benchmarks/bench_audit.py                 (quick profile, --jobs 1 then --jobs 2; ≈3 minutes)
      python benchmarks/bench_audit.py --profile smoke --jobs 1 2 4

Each run is a fresh ``python -m certificates run`` process (imports included, as a user sees it); the
script prints each wall time, the ratio to ``--jobs 1`` measured in the same run, the machine's load
average before each run, and whether the JSON reports are identical (timing fields aside, through
``scripts/compare_audit.py``). Measured, never asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed_run(profile: str, jobs: int, json_path: Path) -> float:
    cmd = [sys.executable, "-m", "certificates", "run", "--profile", profile, "--jobs", str(jobs),
           "--json", str(json_path), "--no-progress"]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"bench_audit: {' '.join(cmd)} failed with status {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="quick")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench_audit_"))
    base = None
    print(f"{'jobs':>5} {'wall s':>8} {'× jobs 1':>9} {'load (1 min) before':>20}  JSON vs jobs {args.jobs[0]}")
    for jobs in args.jobs:
        load = os.getloadavg()[0]
        out = folder / f"jobs{jobs}.json"
        seconds = timed_run(args.profile, jobs, out)
        if base is None:
            base, first, same = seconds, out, "—"
        else:
            cmp = subprocess.run([sys.executable, str(ROOT / "scripts" / "compare_audit.py"), str(first), str(out)],
                                 capture_output=True, text=True)
            same = "identical" if cmp.returncode == 0 else f"DIFFERS: {cmp.stdout.strip()[-200:]}"
        print(f"{jobs:>5} {seconds:>8.1f} {base / seconds:>9.2f} {load:>20.2f}  {same}")
    print(f"profile {args.profile}; {os.cpu_count()} CPUs; reports in {folder}")


if __name__ == "__main__":
    main()
