"""Build data/routing_real/ from WordNet 3.0 as Debian's ``wordnet-base`` package ships it.

Usage (from the repository root):

    python scripts/build_wordnet_dataset.py                  # apt-get download wordnet-base, extract, build
    python scripts/build_wordnet_dataset.py --deb FILE.deb   # a downloaded package
    python scripts/build_wordnet_dataset.py --wordnet-dir /usr/share/wordnet   # an installed database

Writes ``<task>_items.txt`` and ``<task>_queries.tsv`` for the tasks of ``routing_real.dataset`` and
``SOURCE.txt`` (the package version and the SHA-256 of every WordNet file read). The construction is
in ``routing_real/dataset.py``; the dataset card is ``data/routing_real/README.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from routing_real.dataset import DATA_DIR, TASKS, build_task, write_task  # noqa: E402

_READ = ("cntlist.rev", "index.noun", "index.verb", "data.noun", "data.verb")


def _extract(deb: Path, into: Path) -> Path:
    subprocess.run(["dpkg-deb", "-x", str(deb), str(into)], check=True)
    return into / "usr" / "share" / "wordnet"


def _download(into: Path) -> Path:
    subprocess.run(["apt-get", "download", "wordnet-base"], cwd=into, check=True)
    debs = sorted(into.glob("wordnet-base_*.deb"))
    if not debs:
        raise SystemExit("build_wordnet_dataset: apt-get download wordnet-base produced no .deb file.")
    return debs[-1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--deb", type=Path, help="a wordnet-base .deb file")
    p.add_argument("--wordnet-dir", type=Path, help="an extracted WordNet 3.0 database folder")
    p.add_argument("--out", type=Path, default=DATA_DIR)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = args.deb.name if args.deb else "installed database"
        if args.wordnet_dir:
            wn = args.wordnet_dir
        else:
            deb = args.deb or _download(Path(tmp))
            source = deb.name
            wn = _extract(deb, Path(tmp) / "root")
        lines = [f"source: Debian package {source}", "files read (SHA-256):"]
        lines += [f"  {name}  {hashlib.sha256((wn / name).read_bytes()).hexdigest()}" for name in _READ]
        for name in TASKS:
            task = build_task(wn, name)
            paths = write_task(task, args.out)
            lines.append(f"task {name}: T = {task.T} queries, n = {len(task.items)} items, "
                         f"{len(set(task.topics))} topics -> {', '.join(p.name for p in paths)}")
            print(lines[-1])
        (args.out / "SOURCE.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
