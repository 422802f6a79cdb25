"""Audit reports: JSON records, a Markdown summary and an overview plot that keep the kinds of evidence apart.

A certificate's instances give evidence of different kinds (``certificates/evidence_kinds.py``): bounds
``observed ≤ bound`` with a slack, equalities within a numerical tolerance, exact yes/no checks, and
figures it only records. A bound can be tight; a yes/no check holds or fails and is never "tight"; a
tolerance equality uses some fraction of its tolerance. The reports show each kind on its own scale:
``report.json`` (``kinds`` per certificate), ``report.md`` (one column per kind) and
``overview_worst_slack.png`` (one panel per kind). The JSON is deterministic apart from ``created`` and
``seconds``: its evidence and kinds depend only on (certificate, profile, seed).
"""

from __future__ import annotations

import json
import math
import platform
import time
from fractions import Fraction
from pathlib import Path

from certificates.evidence_kinds import KINDS
from certificates.registry import CertificateResult, jsonable

#: How to read the kinds, shown at the top of report.md and stored in report.json.
READING = {
    "bound": "observed ≤ bound; relative slack (bound − observed)/|bound| of the instance closest to failing: "
             "0 = tight, 1 = the observed side is 0, < 0 = violated",
    "tolerance": "|lhs − rhs| ≤ tol with 0 < tol ≤ 1e-6 (rounding); the largest residual as a fraction of its "
                 "tolerance: 1 = at the tolerance",
    "check": "bound 0: an exact residual, a mismatch count, a 0/1 flag or the amount of a violation; it holds or "
             "fails, and a holding check is never 'tight'",
    "measurement": "a figure the certificate records (ctx.record) and does not check",
}


def format_slack(x) -> str:
    """Worst slack for humans: exact Fractions stay exact ("0" or "1/3"), floats get 3 significant digits."""
    if x is None:
        return "—"
    if isinstance(x, Fraction):
        return str(x) if len(str(x)) <= 24 else f"{float(x):.3g} (exact)"
    try:
        return f"{float(x):.3g}"
    except (TypeError, ValueError):
        return str(x)


def write_reports(results: list[CertificateResult], *, json_path: Path | None, report_dir: Path | None,
                  profile: str, seed: int) -> list[Path]:
    written = []
    payload = {
        "profile": profile,
        "seed": seed,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": platform.python_version(),
        "passed": all(r.passed for r in results),
        "evidence_kinds": {kind: {"label": KINDS[kind], "reading": READING[kind]} for kind in KINDS},
        "certificates": [r.to_json() for r in results],
    }
    targets = []
    if json_path is not None:
        targets.append(json_path)
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        targets.append(report_dir / "report.json")
    for path in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(jsonable(payload), indent=2))
        written.append(path)
    if report_dir is not None:
        md = report_dir / "report.md"
        md.write_text(markdown_summary(results, profile=profile, seed=seed))
        written.append(md)
        png = overview_plot(results, report_dir / "overview_worst_slack.png", profile=profile, seed=seed)
        if png:
            written.append(png)
    return written


# ------------------------------------------------------------------------------------------------
# one cell per kind
# ------------------------------------------------------------------------------------------------
def relative_slack(result: CertificateResult):
    """The tightest *bound* of a result: ``(value, label)`` with value = (bound − observed)/|bound| (1 = unused,
    0 = tight, < 0 = violated), or ``(None, label)`` when the certificate checks no bound or records only the
    slack. Yes/no checks and tolerance equalities have no relative slack (see ``kind_cells``)."""
    row = result.kinds.get("bound")
    if row is None:
        return None, "no bound"
    value = row.get("relative_slack")
    if value is None:
        return None, f"slack {format_slack((row.get('worst') or {}).get('slack'))} (observed side 0)"
    return value, f"{value:.2g}"


def _fraction_used(row: dict) -> float | None:
    value = row.get("fraction_of_tolerance_used")
    return value if isinstance(value, (int, float)) and math.isfinite(value) else None


def kind_cells(result: CertificateResult) -> dict[str, str]:
    """One short Markdown cell per kind: tightest bound, tolerance used, checks held, figures recorded."""
    cells = {kind: "—" for kind in KINDS}
    for kind, row in result.kinds.items():
        count, failed = row["count"], row["failed"]
        bad = f"**{failed} of {count} violated**; " if failed else ""
        if kind == "bound":
            cells[kind] = f"{bad}{relative_slack(result)[1]} (n={count})"
        elif kind == "tolerance":
            used = _fraction_used(row)
            cells[kind] = f"{bad}{'—' if used is None else f'{used:.2g}'} (n={count})"
        elif kind == "check":
            cells[kind] = f"**{failed} of {count} failed**" if failed else f"{count}/{count} held"
    if result.extra:
        cells["measurement"] = str(len(result.extra))
    return cells


def _status(r: CertificateResult) -> str:
    return "pass" if r.passed else ("**ERROR**" if r.error else "**VIOLATED**")


def _kind_lines(r: CertificateResult) -> list[str]:
    lines = []
    for kind, row in r.kinds.items():
        ev = row.get("worst") or row.get("example") or {}
        head = f"- **{KINDS[kind]}** — {row['count']} instance(s), {row['failed']} failed"
        if kind == "check" and not row["failed"]:
            what = "example (every holding check is as far from failing as any other)"
        else:
            what = "closest to failing"
        lines.append(f"{head}; {what}: observed `{ev.get('observed')}` ≤ bound `{ev.get('bound')}`, "
                     f"slack `{ev.get('slack')}`, seed `{ev.get('seed')}`")
        if kind == "bound" and row.get("relative_slack") is not None:
            lines.append(f"  - relative slack `{row['relative_slack']:.3g}` (0 = tight)")
        if kind == "tolerance" and _fraction_used(row) is not None:
            lines.append(f"  - fraction of the tolerance used `{_fraction_used(row):.3g}`")
        if ev.get("note"):
            lines.append(f"  - note: {ev['note']}")
        lines.append(f"  - instance: `{json.dumps(ev.get('instance'))[:600]}`")
    return lines


def markdown_summary(results: list[CertificateResult], *, profile: str, seed: int) -> str:
    n_fail = sum(not r.passed for r in results)
    lines = [
        f"# Certificate audit — profile `{profile}`, seed {seed}",
        "",
        f"{len(results) - n_fail} passed, {n_fail} failed. Each certificate's evidence is reported by kind, "
        "each on its own scale (never one \"slack\" axis for all):",
        "",
        *[f"- **{KINDS[k]}** — {READING[k]}." for k in KINDS],
        "",
        f"Replay any row with `python -m certificates run --only ID --seed {seed} --profile {profile}` "
        "(add `--report DIR` for its plots); every instance's seed is printed below.",
        "",
        "| certificate | paper / item | bounds: tightest relative slack | tolerance: largest fraction used "
        "| yes/no checks | recorded | status | seconds |",
        "|---|---|---:|---:|---:|---:|---|---:|",
    ]
    for r in results:
        c = kind_cells(r)
        lines.append(f"| `{r.id}` | {r.paper} / {r.item} | {c['bound']} | {c['tolerance']} | {c['check']} | "
                     f"{c['measurement']} | {_status(r)} | {r.seconds:.1f} |")
    lines.append("")
    for r in results:
        lines += [f"## `{r.id}`", "", f"*{r.paper} / {r.item}* — {r.statement}", ""]
        if r.error:
            lines += [f"**Error:** {r.error}", ""]
        lines += _kind_lines(r)
        for key, value in r.extra.items():
            lines.append(f"- recorded (not checked) {key}: `{json.dumps(jsonable(value))[:600]}`")
        for fig in r.figures:
            lines.append(f"\n![{fig}]({fig})")
        lines.append("")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------
# the overview plot: one panel per kind
# ------------------------------------------------------------------------------------------------
#: Where the tolerance panel draws a residual of exactly 0 (log scale), and its right edge.
_TOL_FLOOR, _TOL_CEIL = 1e-6, 30.0


def _bound_panel(ax, results, colors) -> None:
    for y, r in enumerate(results):
        value, label = relative_slack(r)
        if value is not None:
            ax.barh(y, max(-0.5, min(1.0, value)), color=colors[y], height=0.7)
            ax.plot([max(-0.5, min(1.0, value))], [y], marker="|", ms=9, color="black")  # visible at 0 too
            ax.text(max(0.0, min(1.0, value)) + 0.02, y, label, va="center", fontsize=7)
        elif "bound" in r.kinds:
            ax.plot([0], [y], marker="D", ms=4, color=colors[y])
            ax.text(0.04, y, label, va="center", fontsize=7)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-0.55, 1.45)
    ax.set_xticks([-0.5, 0, 0.5, 1])
    ax.set_title("bounds: tightest instance", fontsize=9)
    ax.set_xlabel("relative slack (bound − observed)/|bound|\n0 = tight · 1 = unused · < 0 violated\n"
                  "| = the tightest instance · ◆ = observed side 0: only the slack", fontsize=8)


def _tolerance_panel(ax, results, colors) -> None:
    for y, r in enumerate(results):
        row = r.kinds.get("tolerance")
        used = _fraction_used(row) if row else None
        if row is None or used is None:
            continue
        shown = min(_TOL_CEIL, max(_TOL_FLOOR, used))
        ax.plot([shown], [y], marker="o" if used > 0 else "<", ms=5, color=colors[y])
        ax.text(shown * 1.6, y, f"{used:.1g}" if used > 0 else "0", va="center", fontsize=7)
    ax.set_xscale("log")
    ax.set_xlim(_TOL_FLOOR / 3, _TOL_CEIL * 10)
    ax.axvline(1.0, color="black", lw=0.8)
    ax.set_title("equalities within a tolerance", fontsize=9)
    ax.set_xlabel("largest |lhs − rhs| / tolerance\n1 = at the tolerance · ◀ = exactly 0", fontsize=8)


def _check_panel(ax, results) -> None:
    for y, r in enumerate(results):
        row = r.kinds.get("check")
        parts = []
        if row:
            held = row["count"] - row["failed"]
            parts.append(f"{held}/{row['count']} held" if not row["failed"] else f"{row['failed']} FAILED")
        if r.extra:
            parts.append(f"{len(r.extra)} rec.")
        if r.error:
            parts.append("ERROR")
        color = "tab:red" if (row and row["failed"]) or r.error else "black"
        ax.text(0.03, y, " · ".join(parts), va="center", fontsize=7, color=color)
    ax.set_xlim(0, 1)
    ax.set_xticks([])
    ax.set_title("yes/no checks · recorded", fontsize=9)
    ax.set_xlabel("exact checks hold or fail\n(no slack); rec. = recorded,\nnot checked", fontsize=8)


def overview_plot(results: list[CertificateResult], path: Path, *, profile: str = "?", seed: int | str = "?"
                  ) -> Path | None:
    """One row per certificate and one panel per kind of evidence: the tightest bound's relative slack, the
    largest tolerance residual as a fraction of its tolerance (log scale), the yes/no checks that held and the
    number of recorded figures. Red = the certificate failed. Titled with the profile and seed."""
    import matplotlib  # noqa: PLC0415 (optional dependency: only the audit draws)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    if not results:
        return None
    colors = ["tab:green" if r.passed else "tab:red" for r in results]
    fig, axes = plt.subplots(1, 3, figsize=(14, 0.24 * len(results) + 2.6), sharey=True,
                             gridspec_kw={"width_ratios": [3, 2.4, 1.3]}, layout="constrained")
    _bound_panel(axes[0], results, colors)
    _tolerance_panel(axes[1], results, colors)
    _check_panel(axes[2], results)
    axes[0].set_yticks(range(len(results)), [r.id for r in results], fontsize=7)
    axes[0].set_ylim(len(results) - 0.5, -0.5)
    for ax in axes:
        ax.grid(axis="x", lw=0.3, alpha=0.5)
    n_fail = sum(not r.passed for r in results)
    fig.suptitle(f"Certificate audit — profile {profile}, seed {seed}: {len(results) - n_fail} of {len(results)} "
                 "certificates hold (red = failed); each kind of evidence on its own scale", fontsize=10)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
