"""Type aliases of the realizability core (for annotations only; nothing here runs).

Every public function of the core accepts vectors in either mode of ``reference._numerics``:
rational (ints / ``Fraction``: exact mode, lists of ``Fraction`` come back) or float (anything
numpy turns into a float64 array: float mode, float64 arrays come back).

=====================  ==================================================================
alias                  meaning
=====================  ==================================================================
``Scalar``             one number: an exact ``Fraction``/``int`` or a float
``VectorLike``         an input vector (list/tuple of numbers or a 1-d numpy array)
``Vector``             an output vector: ``list[Fraction]`` (exact) or a float64 array
``Menu``               a menu: sorted tuple of distinct item indices
``MenuDistribution``   a menu distribution μ: list of ``(menu, weight)`` pairs
=====================  ==================================================================
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["Scalar", "VectorLike", "Vector", "Menu", "MenuDistribution"]

Scalar = Fraction | int | float
VectorLike = Sequence[Scalar] | np.ndarray
#: Exact mode returns ``list[Fraction]``, float mode a float64 array; ``Any`` entries keep the
#: arithmetic on either form checkable without casts.
Vector = list[Any] | np.ndarray
Menu = tuple[int, ...]
MenuDistribution = list[tuple[Menu, Any]]
