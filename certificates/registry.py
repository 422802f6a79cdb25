"""The certificate registry: each theorem's bound, checked across randomized instances.

A *certificate* is a generator function decorated with ``@certificate(...)``. It receives a
``RunContext`` and yields one ``Evidence`` per instance it checked: both sides of the bound, the
slack (bound − observed; negative = violated), the instance's seed and a JSON-able description of
the instance. The runner aggregates them into a ``CertificateResult`` (worst slack, the worst
instance, pass/fail). A certificate never returns a bare bool.

Conventions
-----------
* ``id`` states the conclusion (mathlib style): ``menu_times_sum_eq_k``, ``mem_ird_iff_menu_times_le_one``.
* Equalities are certified as ``observed = |lhs − rhs|`` against ``bound = tolerance`` (0 in exact
  mode), so the slack is the unused tolerance.
* Randomness: ``for seed, rng in ctx.instances(quick=…, standard=…, audit=…)`` — each instance
  gets its own seed derived from (run seed, certificate id, index), so any instance replays with
  ``ctx.rng_for(seed)`` / ``np.random.default_rng(seed)``.
* Where certificates live: ``certificates/adaptive_preferences/<section>/<item>.py`` mirrors
  ``reference/adaptive_preferences/<section>/<item>.py`` (paper A), ``certificates/embedding_routing/``
  holds paper B's; ``load_all`` imports every module under those folders.

How mutants reach the code (the rule every certificate and reference module follows)
------------------------------------------------------------------------------------
A *mutant* (``Mutant``, a deliberately broken variant) replaces a module attribute for the duration
of one run: ``{"reference.adaptive_preferences.realizability.lemma1_menu_times:menu_times": broken}``
is ``unittest.mock.patch.object(module, "menu_times", broken)``. A patch is seen only by code that
looks the attribute up *on that module at call time*. Hence:

1. Certificates import the reference module and call through it —
   ``import reference.adaptive_preferences.realizability.lemma1_menu_times as mt`` then
   ``mt.menu_times(...)`` — never ``from … import menu_times`` for a function a mutant patches.
   (Every module path is importable this way: no function of a package is named like one of its
   modules, so ``import a.b.c as x`` always yields the module; ``tests/test_architecture.py``
   checks it.)
2. A reference function that calls another module's function through a module alias
   (``_mt.menu_times``) is patched by the same target; one bound by ``from … import`` is not.
3. The target names the module where the attribute is *looked up*, which is where the caller's
   alias points — after moving a function, move its mutants' targets with it.

``python -m certificates mutants`` (or ``paper-audit mutants``) and
``tests/test_certificates_can_fail.py`` show every certificate going red on its mutants.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

from certificates import evidence_kinds

__all__ = [
    "Evidence",
    "Mutant",
    "Certificate",
    "CertificateResult",
    "RunContext",
    "certificate",
    "REGISTRY",
    "PROFILES",
    "run_certificate",
    "load_all",
    "jsonable",
    "shard_bounds",
    "collect_evidence",
    "summarise",
]

#: Profiles scale the number of instances. ``smoke`` exists for the mutant tests (fast, tiny).
PROFILES = ("smoke", "quick", "standard", "audit")


def jsonable(x: Any) -> Any:
    """Turn evidence into JSON: Fractions become strings "a/b" (exact), arrays become lists."""
    if isinstance(x, Fraction):
        return str(x)
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return x if math.isfinite(x) else str(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.bool_,)):
        return bool(x)
    if isinstance(x, np.ndarray):
        return [jsonable(e) for e in x.tolist()]
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(e) for e in x]
    return x


@dataclass
class Evidence:
    """One checked instance: ``observed`` (the side that must stay small) ≤ ``bound``.

    ``slack = bound − observed`` (negative means the bound is violated on this instance).
    Exact certificates pass Fractions; the slack is then exact too.
    """

    observed: Any
    bound: Any
    seed: int | None
    instance: dict = field(default_factory=dict)
    note: str = ""
    #: "bound", "tolerance", "check" or "measurement" (``certificates/evidence_kinds.py``); None = inferred.
    kind: str | None = None

    @property
    def slack(self):
        return self.bound - self.observed

    def to_json(self) -> dict:
        return jsonable(
            {
                "observed": self.observed,
                "bound": self.bound,
                "slack": self.slack,
                "seed": self.seed,
                "instance": self.instance,
                "note": self.note,
                "kind": evidence_kinds.kind_of(self),
            }
        )


@dataclass(frozen=True)
class Mutant:
    """A deliberately broken variant: ``patches`` maps "module:attribute" → replacement object."""

    name: str
    description: str
    patches: dict

    @contextlib.contextmanager
    def applied(self):
        with contextlib.ExitStack() as stack:
            for target, replacement in self.patches.items():
                module_name, attr = target.split(":")
                module = importlib.import_module(module_name)
                stack.enter_context(mock.patch.object(module, attr, replacement))
            yield


@dataclass
class Certificate:
    id: str
    paper: str
    item: str
    statement: str
    check: Callable[[RunContext], Iterator[Evidence]]
    mutants: tuple = ()
    module: str = ""


@dataclass
class CertificateResult:
    id: str
    paper: str
    item: str
    statement: str
    passed: bool
    instances: int
    worst_slack: Any
    worst: dict | None
    seed: int
    profile: str
    seconds: float
    extra: dict = field(default_factory=dict)
    figures: list = field(default_factory=list)
    error: str | None = None
    #: Per evidence kind: count, failures, the worst instance (``evidence_kinds.KindTally.to_json``).
    kinds: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return jsonable(
            {
                "id": self.id,
                "paper": self.paper,
                "item": self.item,
                "statement": self.statement,
                "passed": self.passed,
                "instances": self.instances,
                "worst_slack": self.worst_slack,
                "worst_slack_float": _as_float(self.worst_slack),
                "seed": self.seed,
                "profile": self.profile,
                "seconds": round(self.seconds, 3),
                "worst": self.worst,
                "extra": self.extra,
                "figures": self.figures,
                "error": self.error,
                "kinds": self.kinds,
            }
        )


def _as_float(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


class RunContext:
    """What a certificate sees: the profile, the run seed, the report directory, a place for extras."""

    def __init__(self, cert_id: str, profile: str = "quick", seed: int = 0, report_dir: Path | None = None,
                 progress: Callable[[int, int | None], None] | None = None, shard: tuple[int, int] = (0, 1)):
        if profile not in PROFILES:
            raise ValueError(f"RunContext: profile must be one of {PROFILES}; got {profile!r}.")
        index, shards = shard
        if not (isinstance(index, int) and isinstance(shards, int) and 0 <= index < shards):
            raise ValueError(f"RunContext: shard must be (index, shards) with 0 <= index < shards; got {shard!r}.")
        self.shard = (index, shards)
        #: True while the certificate works on an instance of ``instances`` (see ``collect_evidence``).
        self.in_instance = False
        self.cert_id = cert_id
        self.profile = profile
        self.seed = int(seed)
        self.report_dir = Path(report_dir) if report_dir is not None else None
        self.extra: dict = {}
        self.figures: list[str] = []
        self._progress = progress

    # -- sizes -----------------------------------------------------------------------------
    def count(self, quick: int, standard: int | None = None, audit: int | None = None,
              smoke: int | None = None) -> int:
        """The number of instances for this profile (standard defaults to 10×quick, audit to 100×)."""
        sizes = {
            "smoke": smoke if smoke is not None else max(1, min(quick, 8)),
            "quick": quick,
            "standard": standard if standard is not None else 10 * quick,
            "audit": audit if audit is not None else 100 * quick,
        }
        return int(sizes[self.profile])

    def choose(self, **by_profile):
        """Pick a value by profile name, falling back smoke→quick→standard→audit order."""
        order = list(PROFILES)
        i = order.index(self.profile)
        for name in order[i:] + order[:i][::-1]:
            if name in by_profile:
                return by_profile[name]
        raise ValueError("RunContext.choose: give at least one profile's value.")

    # -- randomness ------------------------------------------------------------------------
    def instance_seed(self, index: int) -> int:
        """Seed of instance ``index``: a function of (run seed, certificate id, index) only."""
        ss = np.random.SeedSequence([self.seed, zlib.crc32(self.cert_id.encode()), int(index)])
        return int(ss.generate_state(1, dtype=np.uint32)[0])

    @staticmethod
    def rng_for(seed: int) -> np.random.Generator:
        return np.random.default_rng(seed)

    def instances(self, quick: int, standard: int | None = None, audit: int | None = None,
                  smoke: int | None = None) -> Iterator[tuple[int, np.random.Generator]]:
        """Yield ``(seed, rng)`` for each instance of this profile, reporting progress.

        In shard ``(j, J)`` only the j-th of J contiguous blocks of instance indices is yielded (the seeds
        are those of the whole run), so the J shards together check exactly the instances of one run.
        """
        total = self.count(quick, standard, audit, smoke)
        lo, hi = shard_bounds(total, *self.shard)
        for i in range(lo, hi):
            seed = self.instance_seed(i)
            self.in_instance = True
            yield seed, np.random.default_rng(seed)
            if self._progress:
                self._progress(i + 1 - lo, hi - lo)
        self.in_instance = False

    def tick(self, done: int, total: int | None = None) -> None:
        """Report progress for certificates that enumerate instances themselves."""
        if self._progress:
            self._progress(done, total)

    # -- outputs ---------------------------------------------------------------------------
    def record(self, key: str, value) -> None:
        """Keep a summary figure (a tightness ratio, a fitted slope, a table) in the report."""
        self.extra[key] = value

    def figure_path(self, name: str) -> Path | None:
        """Where to save a plot, or None when no report directory was asked for."""
        if self.report_dir is None:
            return None
        self.report_dir.mkdir(parents=True, exist_ok=True)
        path = self.report_dir / f"{self.cert_id}__{name}.png"
        self.figures.append(path.name)
        return path


def shard_bounds(total: int, index: int, shards: int) -> tuple[int, int]:
    """The instance indices [lo, hi) of shard ``index`` of ``shards`` contiguous blocks of ``range(total)``."""
    return total * index // shards, total * (index + 1) // shards


REGISTRY: dict[str, Certificate] = {}


def certificate(*, id: str, paper: str, item: str, statement: str, mutants=()):
    """Register a certificate. ``paper`` is "A" or "B"; ``item`` e.g. "Lemma 1"."""

    def deco(fn):
        if id in REGISTRY:
            raise ValueError(f"certificate: id {id!r} is registered twice.")
        if paper not in ("A", "B"):
            raise ValueError(f"certificate: paper must be 'A' or 'B'; got {paper!r}.")
        REGISTRY[id] = Certificate(id=id, paper=paper, item=item, statement=statement, check=fn,
                                   mutants=tuple(mutants), module=fn.__module__)
        return fn

    return deco


#: The folders that hold certificate modules; each mirrors the reference package of the same name.
CERTIFICATE_PACKAGES = ("adaptive_preferences", "embedding_routing")


def load_all() -> dict[str, Certificate]:
    """Import every certificate module: ``certificates/adaptive_preferences/**.py`` (paper A, one
    folder per paper section, mirroring ``reference/adaptive_preferences/``) and
    ``certificates/embedding_routing/*.py`` (paper B)."""
    pkg_dir = Path(__file__).parent
    for package in CERTIFICATE_PACKAGES:
        for path in sorted((pkg_dir / package).rglob("*.py")):
            if path.name == "__init__.py":
                continue
            dotted = ".".join(path.relative_to(pkg_dir).with_suffix("").parts)
            importlib.import_module(f"certificates.{dotted}")
    return REGISTRY


def collect_evidence(cert: Certificate, ctx: RunContext) -> tuple[list[Evidence], str | None, float]:
    """Run ``cert.check`` and keep its evidence (an exception inside it ends the run with the error recorded).

    In a shard other than the first, evidence yielded outside ``ctx.instances`` (set-up checks, a sympy
    route) is dropped: the first shard keeps it, so the shards' evidence, concatenated in shard order, is
    the serial run's.
    """
    evidence: list[Evidence] = []
    error = None
    start = time.perf_counter()
    try:
        for ev in cert.check(ctx):
            if ctx.shard[0] == 0 or ctx.in_instance:
                evidence.append(ev)
    except Exception as exc:  # a crash is evidence too: the certificate did not hold
        error = f"{type(exc).__name__}: {exc}"
    return evidence, error, time.perf_counter() - start


def summarise(cert: Certificate, evidence: list[Evidence], *, error: str | None, seconds: float, profile: str,
              seed: int, extra: dict, figures: list) -> CertificateResult:
    """The result of a run from its evidence: pass/fail, the worst instance (the first one closest to failing,
    ``evidence_kinds.worst_key``), the tally per evidence kind."""
    worst: Evidence | None = None
    tally = evidence_kinds.KindTally()
    for ev in evidence:
        tally.add(ev)
        if worst is None or evidence_kinds.worst_key(ev) < evidence_kinds.worst_key(worst):
            worst = ev
    passed = error is None and worst is not None and worst.slack >= 0
    if error is None and not evidence:
        error = "the certificate checked no instance"
    return CertificateResult(
        id=cert.id, paper=cert.paper, item=cert.item, statement=cert.statement,
        passed=passed, instances=len(evidence),
        worst_slack=worst.slack if worst is not None else None,
        worst=worst.to_json() if worst is not None else None,
        seed=seed, profile=profile, seconds=seconds, extra=extra, figures=figures, error=error,
        kinds=tally.to_json(),
    )


def run_certificate(cert: Certificate, *, profile: str = "quick", seed: int = 0,
                    report_dir: Path | None = None, progress=None) -> CertificateResult:
    """Run one certificate; an exception inside it is a failure with the error recorded."""
    ctx = RunContext(cert.id, profile=profile, seed=seed, report_dir=report_dir, progress=progress)
    evidence, error, seconds = collect_evidence(cert, ctx)
    return summarise(cert, evidence, error=error, seconds=seconds, profile=profile, seed=seed, extra=ctx.extra,
                     figures=ctx.figures)
