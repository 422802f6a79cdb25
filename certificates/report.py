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


def relative_slack(result: CertificateResult):
    """(bound − observed)/|bound| on the worst instance: 1 = bound unused, 0 = tight, < 0 = violated.

    Returns ``(value, label)``; exact equalities (bound = observed = 0) are tight by definition.
    """
    w = result.worst or {}
    try:
        bound, observed = float(Fraction(w["bound"])), float(Fraction(w["observed"]))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        try:
            bound, observed = float(w["bound"]), float(w["observed"])
        except (KeyError, TypeError, ValueError):
            return 0.0, "no instance"
    if bound == 0:
        return (0.0, "exact equality") if observed == 0 else (-1.0, "violated")
    return (bound - observed) / abs(bound), f"{(bound - observed) / abs(bound):.2g}"


def overview_plot(results: list[CertificateResult], path: Path) -> Path | None:
    """One bar per certificate: relative slack on its worst instance (0 = tight), red when failed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not results:
        return None
    rows = [(r.id, *relative_slack(r), r.passed) for r in results]
    fig, ax = plt.subplots(figsize=(9, 0.28 * len(rows) + 1.6))
    names = [r[0] for r in rows]
    values = [max(-1.0, min(1.0, r[1])) for r in rows]
    ax.barh(names, values, color=["tab:green" if r[3] else "tab:red" for r in rows])
    for y, (_, value, label, _) in enumerate(rows):
        ax.text(max(0.0, min(1.0, value)) + 0.01, y, label, va="center", fontsize=7)
    ax.set_xlim(-1.05, 1.35)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel("(bound − observed)/|bound| on the worst instance\n"
                  "0 = tight, 1 = unused, < 0 = violated (bars clipped to [−1, 1])")
    ax.invert_yaxis()
    ax.set_title("Certificate audit: relative slack")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
