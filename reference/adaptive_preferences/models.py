"""Preference models (paper A, Section 2.4; Definitions 2–3): memory vector v ↦ scores f(v).

Main statements
---------------
* ``PreferenceModel`` — the protocol: ``n`` items, ``scores(memory) -> f(v)`` (positive), and the
  constants the theory uses when they are known: ``lam`` (score floor λ, scores in [λ, 1]) and
  ``lipschitz`` (L, w.r.t. ‖·‖₁ on Δ(n)).
* ``ConstantModel`` — f(v) = f for all v (the toy example of Section 2.2).

Definition 2 (smooth) [recon]: f is (λ, L)-smooth if every f_i maps Δ(n) into [λ, 1] and is
L-Lipschitz w.r.t. ‖·‖₁.

Notation
--------
=======  ===============  ==========================
paper    code             meaning
=======  ===============  ==========================
f(v)     ``scores(v)``    score vector at memory v
λ        ``lam``          score floor
L        ``lipschitz``    Lipschitz constant (‖·‖₁)
=======  ===============  ==========================
"""

from __future__ import annotations

from fractions import Fraction
from typing import Protocol, runtime_checkable

import numpy as np

from reference._numerics import check_positive_vector, check_probability_vector, exact_mode

__all__ = ["PreferenceModel", "ConstantModel"]


@runtime_checkable
class PreferenceModel(Protocol):
    """A preference model: ``scores(memory)`` returns f(v), a length-``n`` vector of positive scores.

    Models that satisfy Definition 2 also expose ``lam`` (λ, scores ∈ [λ, 1]) and ``lipschitz``
    (L); a model that does not know a constant sets it to ``None``.
    """

    n: int
    lam: float | None
    lipschitz: float | None

    def scores(self, memory) -> np.ndarray: ...


class ConstantModel:
    """f(v) = f for every memory v. Smooth with L = 0 and λ = min f (when max f ≤ 1).

    With rational ``scores`` and rational memory, ``scores`` returns Fractions (exact mode).
    """

    def __init__(self, scores):
        exact = exact_mode(scores)
        self._f = check_positive_vector("ConstantModel", scores, exact=exact)
        self._exact = exact
        self.n = len(self._f)
        self.lam = min(self._f)
        self.lipschitz = 0.0

    def scores(self, memory):
        check_probability_vector("ConstantModel.scores", memory, arg="memory", n=self.n,
                                 exact=exact_mode(memory))
        return list(self._f) if self._exact else np.array(self._f, dtype=float)

    def __repr__(self) -> str:
        return f"ConstantModel(scores={[str(x) if isinstance(x, Fraction) else float(x) for x in self._f]})"
