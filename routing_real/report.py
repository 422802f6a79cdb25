"""Markdown tables and plots of the real routing benchmark (``routing_real.benchmark``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["markdown", "plots"]


def _f(v: Any, nd: int = 4) -> str:
    return "—" if v is None else f"{v:.{nd}f}"


def _models_md(r: dict) -> list[str]:
    m = r["models"]
    lines = ["| model | top-1 accuracy | stable rank of query embeddings |", "|---|---|---|"]
    for name, a in m["accuracy"].items():
        lines.append(f"| {name} | {a:.4f} | {_f(r['stable_ranks'].get(name), 2)} |")
    lines.append(f"| per-query oracle | {m['oracle']:.4f} | |")
    lines.append("")
    lines.append(f"Headroom oracle − best model: {m['headroom']:.4f}. Best two ({', '.join(m['best_two'])}) are both "
                 f"right on {m['both_right']} of the {m['either_right']} queries where either is.")
    return lines


def _classes_md(r: dict) -> list[str]:
    lines = ["| class | in-sample value | gap/round | held-out value (odd rounds) | held-out gap/round |",
             "|---|---|---|---|---|"]
    for row in r["classes"]:
        lines.append(f"| {row['class']} | {row['in_sample']:.1f} | {row['in_sample_gap']:.4f} | "
                     f"{_f(row['held_out'], 1)} | {_f(row['held_out_gap'])} |")
    for row in r.get("context_sensitivity", []):
        lines.append(f"| log-quadratic, context d_pca = {row['d_pca']} | {row['in_sample']:.1f} | "
                     f"{row['in_sample_gap']:.4f} | {row['held_out']:.1f} | {row['held_out_gap']:.4f} |")
    tb, tu = r["theta_ball"], r["theta_unbounded"]
    lines += ["", f"Best Θ in the ball (‖Θ‖_* ≤ {r['tau']:g}): singular values "
              f"{', '.join(f'{s:.2f}' for s in tb['singular_values'][:4])}, top-2 energy {tb['top2_energy']:.3f}. "
              f"Unbounded fitted Θ: ‖Θ‖_* = {tu['nuclear_norm']:.1f}, top-2 energy {tu['top2_energy']:.3f}, "
              f"stable rank {tu['stable_rank']:.2f} (of min(d, dM) = {r['d']})."]
    return lines


def _learners_md(r: dict) -> list[str]:
    first = r["learners"][0]["learner"]
    lines = [f"| learner | family | reward ± SE | regret vs best in ball ({r['best_in_ball']:.1f}) | "
             f"paired diff vs {first} ± SE |", "|---|---|---|---|---|"]
    for row in sorted(r["learners"], key=lambda x: -x.get("reward", -np.inf)):
        if "error" in row:
            lines.append(f"| {row['learner']} | {row['family']} | failed: {row['error'][:80]} | | |")
            continue
        lines.append(f"| {row['learner']} | {row['family']} | {row['reward']:.1f} ± {row['se']:.1f} | "
                     f"{row['regret_vs_ball']:.1f} | {row['diff_vs_first']:+.1f} ± {row['diff_se']:.1f} |")
    if r["missing_learners"]:
        lines += ["", "Learners looked up but not found: " + ", ".join(f"`{m}`" for m in r["missing_learners"]) + "."]
    return lines


def markdown(out: dict) -> str:
    """The whole report as markdown."""
    lines = ["# Paper B on real embedding models — WordNet reverse dictionary", ""]
    for name, r in out["tasks"].items():
        c = r["context"]
        lines += [f"## Task `{name}`: T = {r['T']} glosses, {r['items']} items, M = {r['M']} experts", "",
                  f"Router context: {c['model']} query embedding, {c['d_pca']} principal components "
                  f"({c['explained_variance']:.3f} of the variance), unit-normalised, constant coordinate "
                  f"x ← (x, 1)/√2 (d = {r['d']}); Ψ = x xᵀ. Seeds: {len(r['seeds'])}. "
                  f"Seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in r["seconds"].items()) + ".", ""]
        lines += ["### Models", ""] + _models_md(r) + ["", "### Policy classes", ""] + _classes_md(r)
        lines += ["", "### Learners (paired over seeds)", ""] + _learners_md(r) + [""]
        lines += [f"![{p.split('_')[0]}]({p})" for p in r.get("plots", [])] + [""]
    return "\n".join(lines)


def plots(r: dict, curves: dict[str, np.ndarray], p: Any, folder: Path) -> list[str]:
    """cumulative_<task>.png and topics_<task>.png; returns their file names."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    name = r["task"]
    fig, ax = plt.subplots(figsize=(8, 5))
    for j, (learner, c) in enumerate(curves.items()):
        ax.plot(np.cumsum(c.mean(axis=0)), label=learner, lw=1.2, ls=("-", "--", "-.")[j // 10 % 3],
                color=plt.get_cmap("tab10")(j % 10))
    R = p.instance.rewards
    ax.plot(np.cumsum(R[:, int(np.argmax(R.sum(0)))]), "k--", lw=1, label="best constant (hindsight)")
    ax.plot(np.cumsum(R.max(axis=1)), "k:", lw=1, label="per-query oracle")
    ax.set_xlabel("round t (topic-block order)")
    ax.set_ylabel("cumulative expected reward")
    ax.set_title(f"WordNet {name}: mean over {len(r['seeds'])} seeds")
    ax.legend(fontsize=7)
    fig.tight_layout()
    f1 = f"cumulative_{name}.png"
    fig.savefig(folder / f1, dpi=110)
    plt.close(fig)
    topics = list(r["models"]["per_topic"])
    acc = np.array([r["models"]["per_topic"][tp] for tp in topics])
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / acc.shape[1]
    for j, label in enumerate(r["experts"] + ["oracle"]):
        ax.bar(np.arange(len(topics)) + j * width, acc[:, j], width, label=label)
    ax.set_xticks(np.arange(len(topics)) + 0.4, [t.split(".")[1] for t in topics], rotation=60, fontsize=7)
    ax.set_ylabel("top-1 accuracy")
    ax.set_title(f"WordNet {name}: accuracy per topic block")
    ax.legend(fontsize=7)
    fig.tight_layout()
    f2 = f"topics_{name}.png"
    fig.savefig(folder / f2, dpi=110)
    plt.close(fig)
    return [f1, f2]
