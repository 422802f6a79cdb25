"""The one way certificates draw a figure: ``with figure(path, ctx=ctx, ...) as (fig, axes):``.

Matplotlib is imported only here and only when a report directory was asked for (the audit needs
it; the reference does not). Every figure is saved with the same resolution and layout, and closed.
Every figure is titled with the certificate that drew it and the run that produced it ("<id> — profile
quick, seed 0"), so a figure copied out of a report still says where it comes from; the layout is
matplotlib's constrained layout and the saved image is cropped to its contents, so labels neither clip
nor overlap.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

__all__ = ["figure", "figure_title", "DPI"]

#: Resolution of every certificate figure.
DPI = 110


def figure_title(ctx=None, what: str | None = None, *, path: Path | None = None) -> str:
    """"<certificate id> — profile P, seed S" (from the run context ``ctx``), then ``what`` on a second line.

    Without ``ctx`` the certificate id is read from the figure's file name (``<id>__<name>.png``, as
    ``RunContext.figure_path`` names it).
    """
    if ctx is not None:
        head = f"{ctx.cert_id} — profile {ctx.profile}, seed {ctx.seed}"
    else:
        head = Path(path).stem.split("__")[0] if path is not None else ""
    return "\n".join(part for part in (head, what) if part)


@contextlib.contextmanager
def figure(path: Path, *, ncols: int = 1, nrows: int = 1, figsize=(5, 3.5), dpi: int = DPI,
           title: str | None = None, ctx=None) -> Iterator[tuple]:
    """Yield ``(fig, axes)`` (``axes`` a flat list), then save to ``path`` and close.

    The figure's title is ``figure_title(ctx, title, path=path)``: the certificate and run, then ``title``.
    """
    import matplotlib  # noqa: PLC0415 (optional dependency: only the audit draws)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, layout="constrained")
    try:
        fig.suptitle(figure_title(ctx, title, path=path), fontsize=9)
        yield fig, list(axes.ravel())
        fig.savefig(path, dpi=dpi, bbox_inches="tight", pad_inches=0.05)
    finally:
        plt.close(fig)
