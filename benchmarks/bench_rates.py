"""Benchmark: the rate certificates (issue 14, item 4) at one profile, printed as the exponent table.

Run:  python benchmarks/bench_rates.py                          (standard profile, every rate certificate)
      python benchmarks/bench_rates.py --profile audit --only dbg_regret_exponent_le_claimed
      python benchmarks/bench_rates.py --from-json reports/rates/*.json   (print the table of saved runs)

Each certificate is one fresh ``python -m certificates run --profile P --only ID --json …`` process (set
``--jobs`` to run that many at once). The table: claim, measured exponent [95 % interval], the checked slope (and
the nominal one when they differ), T range, replicates, wall seconds, verdict; Theorem 3's rows give the best c
per (model, T) and the paired z-scores instead. The machine's load average is printed before and after.
Measured, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATE_CERTIFICATES = ("dbg_regret_exponent_le_claimed", "exp_phi_regret_exponent_le_claimed",
                     "b_hpg_regret_exponents_le_claimed", "algorithm2_regret_exponent_le_claimed",
                     "algorithm3_c_minimum_not_at_an_end")


def run_one(cert_id: str, profile: str, seed: int, out: Path) -> tuple[str, float]:
    cmd = [sys.executable, "-m", "certificates", "run", "--profile", profile, "--seed", str(seed), "--only", cert_id,
           "--json", str(out), "--no-progress"]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"bench_rates: {' '.join(cmd)} failed with status {done.returncode}:\n{done.stderr[-2000:]}")
    return cert_id, time.perf_counter() - start


def _interval(row: dict) -> str:
    ci = row.get("ci95")
    return "—" if ci is None else f"{row['slope']:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]"


def _num(x) -> str:
    """A float with two decimals; JSON's "inf"/"-inf"/"nan" strings as they are."""
    return f"{x:.2f}" if isinstance(x, (int, float)) else str(x)


def format_row(row: dict) -> str:
    """One Markdown table row of the exponent table."""
    if "c_best_overall" in row:  # Theorem 3: the minimum over c
        what = (f"best c {row['c_best_overall']} (interior {row['c_best_interior']}); z ends "
                f"{_num(row['z_small_c'])}, {_num(row['z_large_c'])} (t {_num(row['critical_t'])})")
        return f"| {row['claim']} | {what} | — | T = {row['T']} | {row['replicates']} | {row['seconds']} | " \
               f"{row['verdict']} |"
    claimed = f"{row['claimed_slope']:.3f}"
    if abs(row.get("nominal_slope", row["claimed_slope"]) - row["claimed_slope"]) > 1e-9:
        claimed += f" (nominal {row['nominal_slope']:.3f}: {row['nominal_verdict']})"
    lo, hi = row["T_range"]
    return f"| {row['claim']} | {_interval(row)} | {claimed} | {lo:g}–{hi:g} | {row['replicates']} | " \
           f"{row['seconds']} | {row['verdict']} |"


def print_table(paths) -> None:
    print("| claim | measured exponent [95% CI] | checked slope | T (or grid) range | replicates | seconds | "
          "verdict |")
    print("|---|---|---|---|---|---|---|")
    for path in paths:
        report = json.loads(Path(path).read_text())
        for cert in report["certificates"]:
            for row in cert.get("extra", {}).get("rates", []):
                print(format_row(row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="standard")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="+", default=list(RATE_CERTIFICATES))
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--from-json", nargs="+", default=None)
    args = parser.parse_args()
    if args.from_json:
        print_table(args.from_json)
        return
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        outs = {cid: Path(tmp) / f"{cid}.json" for cid in args.only}
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            walls = dict(pool.map(lambda cid: run_one(cid, args.profile, args.seed, outs[cid]), args.only))
        for cid in args.only:
            print(f"{cid}: {walls[cid]:.1f} s wall (process, imports included)")
        print_table([outs[cid] for cid in args.only])
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
