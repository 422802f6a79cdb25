"""Audit reports: JSON records, a Markdown summary and an overview plot."""

from __future__ import annotations

import json
import platform
import time
from fractions import Fraction
from pathlib import Path

from certificates.registry import CertificateResult, jsonable


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
        png = overview_plot(results, report_dir / "overview_worst_slack.png")
        if png:
            written.append(png)
    return written


def markdown_summary(results: list[CertificateResult], *, profile: str, seed: int) -> str:
    n_fail = sum(not r.passed for r in results)
    lines = [
        f"# Certificate audit — profile `{profile}`, seed {seed}",
        "",
        f"{len(results) - n_fail} passed, {n_fail} failed. Slack = bound − observed on the worst "
        "instance (negative = violated). Replay any row with "
        f"`python -m certificates run --only ID --seed {seed} --profile {profile}`.",
        "",
        "| certificate | paper / item | instances | worst slack | status | seconds |",
        "|---|---|---:|---:|---|---:|",
    ]
    for r in results:
        status = "pass" if r.passed else ("**ERROR**" if r.error else "**VIOLATED**")
        lines.append(f"| `{r.id}` | {r.paper} / {r.item} | {r.instances} | {format_slack(r.worst_slack)} | "
                     f"{status} | {r.seconds:.1f} |")
    lines.append("")
    for r in results:
        lines += [f"## `{r.id}`", "", f"*{r.paper} / {r.item}* — {r.statement}", ""]
        if r.error:
            lines += [f"**Error:** {r.error}", ""]
        if r.worst:
            w = r.worst
            lines += [f"- worst instance: seed `{w.get('seed')}`, observed `{w.get('observed')}`, "
                      f"bound `{w.get('bound')}`, slack `{w.get('slack')}`"]
            if w.get("note"):
                lines.append(f"- note: {w['note']}")
            lines.append(f"- instance: `{json.dumps(w.get('instance'))[:600]}`")
        for key, value in r.extra.items():
            lines.append(f"- {key}: `{json.dumps(jsonable(value))[:600]}`")
        for fig in r.figures:
            lines.append(f"\n![{fig}]({fig})")
        lines.append("")
    return "\n".join(lines)


def overview_plot(results: list[CertificateResult], path: Path) -> Path | None:
    """A horizontal bar per certificate: worst slack (symlog scale), red when violated."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [(r.id, float(r.worst_slack) if r.worst_slack is not None else 0.0, r.passed) for r in results]
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(rows) + 1.5))
    names = [r[0] for r in rows]
    values = [r[1] for r in rows]
    colors = ["tab:green" if r[2] else "tab:red" for r in rows]
    ax.barh(names, values, color=colors)
    ax.set_xscale("symlog", linthresh=1e-12)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel("worst slack (bound − observed), symlog")
    ax.invert_yaxis()
    ax.set_title("Certificate audit: worst observed slack")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
