"""Run one certificate inside a page's notebook cell and show its evidence (used by the generated pages).

``show(cert_id, module)`` imports the certificate's module (only that one: ``load_all`` would import all of
them), runs the certificate at the ``smoke`` profile with run seed 0 — the same instances as
``python -m certificates run --profile smoke --only ID`` — keeping *every* instance's evidence, and displays

* a one-line verdict (pass/fail, instances, worst slack, seconds);
* the evidence table: both sides of the bound, the slack (bound − observed; negative = violated), the
  instance seed that replays it, the instance;
* the figures the certificate records (``ctx.record``) and draws itself (``ctx.figure_path``);
* a plot titled with the certificate and the profile, one panel per kind of evidence
  (``certificates.evidence_kinds``): for bounds both sides per instance, for equalities within a tolerance the
  fraction of the tolerance used; exact yes/no checks are counted, never plotted as if they were tight.
"""

from __future__ import annotations

import html
import importlib
import json
import math
import tempfile
import time
from fractions import Fraction
from pathlib import Path

try:  # the evidence kinds of the reports (bound / tolerance / check / measurement)
    from certificates.evidence_kinds import kind_of, worst_key
except ImportError:  # an older checkout: infer the kind from the bound alone
    def kind_of(ev) -> str:
        bound = _float(ev.bound)
        return "check" if bound == 0 else "tolerance" if bound is not None and 0 < bound <= 1e-6 else "bound"

    def worst_key(ev) -> tuple:
        return (ev.slack >= 0, ev.slack)

PROFILE = "smoke"
SEED = 0
MAX_ROWS = 30


def _float(x) -> float | None:
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _fmt(x) -> str:
    if isinstance(x, Fraction) and len(str(x)) <= 24:
        return f"{x} ({float(x):.4g})" if x.denominator != 1 else str(x)
    value = _float(x)
    return f"{value:.6g}" if value is not None else html.escape(str(x))[:40]


def collect(cert_id: str, module: str, report_dir: Path):
    """Run the certificate, keeping every Evidence; return (certificate, context, evidence, error, seconds)."""
    from certificates.registry import REGISTRY, RunContext

    importlib.import_module(module)
    cert = REGISTRY[cert_id]
    ctx = RunContext(cert_id, profile=PROFILE, seed=SEED, report_dir=report_dir)
    evidence, error, start = [], None, time.perf_counter()
    try:
        evidence.extend(cert.check(ctx))
    except Exception as exc:  # a crash is evidence too: the certificate did not hold
        error = f"{type(exc).__name__}: {exc}"
    return cert, ctx, evidence, error, time.perf_counter() - start


def verdict(evidence, error, seconds) -> str:
    worst = min(evidence, key=worst_key) if evidence else None
    passed = error is None and worst is not None and worst.slack >= 0
    word = "PASS" if passed else "FAIL"
    parts = [f'<span class="cert-{word.lower()}">{word}</span>', f"{len(evidence)} instances",
             f"profile {PROFILE}, run seed {SEED}", f"{seconds:.2f} s"]
    if worst is not None:
        where = "" if worst.seed is None else f" (instance seed {worst.seed})"
        parts.insert(2, f"worst slack {_fmt(worst.slack)}{where}")
    if error:
        parts.append(f"error: {html.escape(error)}")
    return "<p class=\"cert-verdict\">" + " · ".join(parts) + "</p>"


def evidence_table(evidence) -> str:
    """Every instance: #, instance seed, observed, bound, slack, note, instance (worst row marked)."""
    if not evidence:
        return "<p>No instance was checked.</p>"
    worst = min(range(len(evidence)), key=lambda i: worst_key(evidence[i]))
    rows = ["<tr><th>#</th><th>kind</th><th>instance seed</th><th>observed</th><th>bound</th>"
            "<th>slack = bound − observed</th><th>note</th><th>instance</th></tr>"]
    shown = sorted(set(range(min(len(evidence), MAX_ROWS))) | {worst})
    for i in shown:
        ev = evidence[i]
        instance = json.dumps(_jsonable(ev.instance), ensure_ascii=False)
        cls = ' class="cert-worst"' if i == worst else ""
        seed = "—" if ev.seed is None else ev.seed
        rows.append(f"<tr{cls}><td>{i}</td><td>{kind_of(ev)}</td><td>{seed}</td><td>{_fmt(ev.observed)}</td><td>{_fmt(ev.bound)}</td>"
                    f"<td>{_fmt(ev.slack)}</td><td>{html.escape(str(ev.note))[:80]}</td>"
                    f"<td><code>{html.escape(instance[:160])}{'…' if len(instance) > 160 else ''}</code></td></tr>")
    more = len(evidence) - len(shown)
    tail = f"<p>… and {more} more instances (all in <code>--json</code> output).</p>" if more > 0 else ""
    return '<table class="cert-evidence">' + "".join(rows) + "</table>" + tail


def _jsonable(x):
    from certificates.registry import jsonable

    return jsonable(x)


def recorded_table(extra: dict) -> str:
    """The figures the certificate recorded (``ctx.record``), one row each, long values cut."""
    if not extra:
        return ""
    rows = "".join(f"<tr><td><code>{html.escape(str(k))}</code></td><td><code>"
                   f"{html.escape(json.dumps(_jsonable(v), ensure_ascii=False)[:200])}</code></td></tr>"
                   for k, v in extra.items())
    return f'<p>Recorded figures:</p><table class="cert-recorded">{rows}</table>'


def plot(cert_id: str, evidence) -> str | None:
    """One panel per kind that has something to show: bounds (both sides per instance) and tolerances (the
    fraction of the tolerance used); exact checks are not plotted. Returns a sentence about what is not plotted."""
    bounds = [(i, _float(ev.observed), _float(ev.bound)) for i, ev in enumerate(evidence) if kind_of(ev) == "bound"]
    tols = [(i, _float(ev.observed), _float(ev.bound)) for i, ev in enumerate(evidence) if kind_of(ev) == "tolerance"]
    bounds = [b for b in bounds if b[1] is not None and b[2] is not None]
    tols = [t for t in tols if t[1] is not None and t[2]]
    checks = sum(kind_of(ev) == "check" for ev in evidence)
    note = (f"{checks} exact yes/no check{'s' if checks != 1 else ''} not plotted (observed = bound = 0 when it "
            "holds: no slack to compare)." if checks else None)
    panels = [p for p in (bounds, tols) if p]
    if not panels:
        return note
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(7.0 if len(panels) == 1 else 9.5, 3.0), dpi=100,
                             layout="constrained", squeeze=False)
    axes = list(axes[0])
    if bounds:
        ax = axes.pop(0)
        xs = [i for i, _, _ in bounds]
        ax.plot(xs, [b for _, _, b in bounds], "_", markersize=14, mew=2, color="C3", label="bound")
        ax.plot(xs, [o for _, o, _ in bounds], "o", color="C0", label="observed (must stay ≤ bound)")
        values = [abs(v) for _, o, b in bounds for v in (o, b) if v != 0]
        if values and min(min(o, b) for _, o, b in bounds) > 0 and max(values) / min(values) > 100:
            ax.set_yscale("log")
        ax.set(xlabel="instance #", ylabel="value", title="bounds: both sides")
        ax.legend(fontsize=8, loc="best")
    if tols:
        ax = axes.pop(0)
        ax.axhline(1.0, color="C3", lw=1.5, label="tolerance (1 = all of it)")
        ax.plot([i for i, _, _ in tols], [o / t for _, o, t in tols], "o", color="C2", label="|lhs − rhs| / tolerance")
        ax.set(xlabel="instance #", ylabel="fraction of the tolerance", ylim=(-0.05, 1.1),
               title="equalities within a tolerance")
        ax.legend(fontsize=8, loc="center right")
    fig.suptitle(f"{cert_id} — profile {PROFILE}, run seed {SEED}", fontsize=9)
    plt.show()
    return note


def show(cert_id: str, module: str) -> None:
    """Run ``cert_id`` (registered in ``module``) at the smoke profile and display its evidence."""
    from IPython.display import HTML, Image, display

    with tempfile.TemporaryDirectory() as tmp:
        cert, ctx, evidence, error, seconds = collect(cert_id, module, Path(tmp))
        display(HTML(f"<p class=\"cert-statement\">{html.escape(cert.statement)}</p>"
                     + verdict(evidence, error, seconds) + evidence_table(evidence) + recorded_table(ctx.extra)))
        for name in ctx.figures:
            if (Path(tmp) / name).is_file():
                display(Image(filename=str(Path(tmp) / name)))
    note = plot(cert_id, evidence)
    if note:
        display(HTML(f"<p><em>{html.escape(note)}</em></p>"))
