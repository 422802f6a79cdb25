"""The one way certificates draw a figure: ``with figure(path, ...) as (fig, axes):``.

Matplotlib is imported only here and only when a report directory was asked for (the audit needs
it; the reference does not). Every figure is saved with the same resolution and layout, and closed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

__all__ = ["figure", "DPI"]

#: Resolution of every certificate figure.
DPI = 110


@contextlib.contextmanager
def figure(path: Path, *, ncols: int = 1, nrows: int = 1, figsize=(5, 3.5), dpi: int = DPI,
           title: str | None = None) -> Iterator[tuple]:
    """Yield ``(fig, axes)`` (``axes`` a flat list), then lay out, save to ``path`` and close."""
    import matplotlib  # noqa: PLC0415 (optional dependency: only the audit draws)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False)
    try:
        if title:
            fig.suptitle(title, fontsize=9)
        yield fig, list(axes.ravel())
        fig.tight_layout()
        fig.savefig(path, dpi=dpi)
    finally:
        plt.close(fig)
