"""Census of the paper-A fuzz: outcome counts per public callable, on this tree or an older one.

    python tests/fuzz/census_a.py                                   # the current tree
    python tests/fuzz/census_a.py --reference-root /tmp/before_a    # another tree's ``reference`` package
    python tests/fuzz/census_a.py --write-known                     # regenerate tests/fuzz/known_a.py

Kinds: ok (answer passed its independent check), clear (house-rule error), vague (ValueError/TypeError without
the qualified name or the parameter), crash (any other exception), silent (a wrong answer), harness (the fuzz
could not build a call: a name or signature the older tree lacks).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pprint
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BAD = ("vague", "crash", "silent", "harness")
#: Module (last part) → owner, for the known-failure list; everything else is A-validate's.
OWNERS = {m: "A-math" for m in ("projections", "lemma1_menu_times", "lemma1_proof_menu_dist", "sec2_choice",
                                "def1_memory", "sec2_eird", "eird_emptiness", "def4_lemma2_smoothed_simplex",
                                "lemma4_lemma5_memory_drift", "lemma3_contracting_ogd")}
OWNERS["thm5_general"] = "lead"


def owner(name: str) -> str:
    va = importlib.import_module("tests.fuzz.valid_a")
    module = getattr(va.OBJECTS.get(name), "__module__", "") or ""
    return OWNERS.get(module.rsplit(".", 1)[-1], "A-validate")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-root", default=None, help="a tree whose reference/ package is fuzzed instead")
    parser.add_argument("--json", default=None)
    parser.add_argument("--write-known", action="store_true")
    args = parser.parse_args()
    if args.reference_root:
        sys.path.insert(0, str(Path(args.reference_root).resolve()))
        import reference  # noqa: F401, PLC0415  (cached from the other tree)
    sys.path.insert(0 if not args.reference_root else 1, str(ROOT))
    from tests.fuzz import test_fuzz_a as fa  # noqa: PLC0415

    t0 = time.perf_counter()
    results = fa.census()
    totals: Counter = Counter()
    per_qual: dict[str, Counter] = {}
    known: dict[str, dict[str, str]] = {}
    for (name, tier), got in sorted(results.items()):
        for qual, out in got:
            totals[out.kind] += 1
            per_qual.setdefault(qual, Counter())[out.kind] += 1
        bad = [(q, o) for q, o in got if o.kind in BAD]
        if bad:
            q, o = bad[0]
            kinds = dict(Counter(o.kind for _, o in bad))
            known.setdefault(name, {})[tier] = f"{owner(name)} · {kinds} · {q}: {o.detail[:220]}"
            print(f"{name:<36} {tier:<8} {kinds}  e.g. {q}: {o.detail[:160]}")
    cases = Counter(name for (name, _), got in results.items() for _ in got)
    print(f"cases drawn per name: min {min(cases.values())}, max {max(cases.values())}, total {sum(cases.values())}")
    print(f"totals: {dict(totals)}  ({time.perf_counter() - t0:.1f} s, reference from "
          f"{sys.modules['reference'].__file__})")
    by_owner = Counter((v.split(' · ')[0], k) for t in known.values() for k, v in t.items())
    print(f"failing (name, tier) by owner: {dict(by_owner)}")
    if args.json:
        Path(args.json).write_text(json.dumps({"totals": totals, "per_name": per_qual, "known": known,
                                               "cases": cases}, indent=1, default=str))
    if args.write_known:
        path = ROOT / "tests" / "fuzz" / "known_a.py"
        head = path.read_text().split("KNOWN: dict")[0]
        path.write_text(head + "KNOWN: dict[str, dict[str, str]] = " + pprint.pformat(known, width=116) + "\n")


if __name__ == "__main__":
    main()
