"""Discounted memory (paper A, Definition 1) [recon].

Main statements
---------------
* ``discounted_memory_update(memory, chosen, gamma, weight)`` — one step of the recursion.
* ``memory_from_history(history, gamma, n, initial_memory, initial_weight)`` — the closed form.
  The two are independent routes to the same vector (certified: ``memory_recursion_eq_closed_form``,
  certificates/adaptive_preferences/realizability/def1_memory.py).
* ``MemoryTracker`` — the same recursion kept in place (float64), the one memory tracker that the
  simulator's ``Agent`` and every algorithm that tracks the agent's memory run (tested against
  ``discounted_memory_update`` in ``tests/test_core_choice_memory_menu_times.py``).
* ``memory_step_size``, ``memory_l1_drift_bound`` [derived], ``effective_horizon``.

Definition 1 (our reading; the paper's formula is lost, so the whole definition is **recon**).
After selections i_1, …, i_t,

    v_{t+1} = ( γ^t W_0 v_1 + Σ_{s≤t} γ^{t−s} e_{i_s} ) / ( γ^t W_0 + Σ_{s≤t} γ^{t−s} ),

where v_1 is the arbitrary initial memory and W_0 ≥ 0 its *pseudo-weight* (how many rounds' worth
of history v_1 stands for). Equivalently, with total weight W_t = γ W_{t−1} + 1,

    v_{t+1} = (1 − w_t) v_t + w_t e_{i_t},     w_t = 1 / W_t.

**Our choice for v_1**: the default ``initial_weight=1`` (v_1 counts as one round of history, so
it is not erased at t = 1). ``initial_weight=0`` gives the normalised discounted average
w_t = (1 − γ)/(1 − γ^t), i.e. v_2 = e_{i_1}; with γ = 1 and W_0 = 0 memory is the empirical
distribution of past selections (the uniform memory of Agarwal & Brown 2022). The effective
memory horizon is H = 1/(1 − γ).

Notation
--------
=========  ==================  ======================================
paper      code                meaning
=========  ==================  ======================================
v_t        ``memory``          point of Δ(n)
γ          ``gamma``           discount factor in (0, 1]
W_t        ``weight``          total discounted weight of the history
i_t        ``chosen``          item selected at round t
=========  ==================  ======================================

Implementation notes
--------------------
Exact mode: ``Fraction`` memory and ``Fraction`` γ give exact vectors. ``MemoryTracker`` does the
float64 operations W ← γW + 1, s = 1/W, v ← (1 − s) v, v_i += s in this order, so that every loop
that tracks memory agrees bit for bit with the agent's.
Findings: docs/findings.md, "Definition 1: the pseudo-weight of the initial memory".

References: paper A, arXiv 2302.06014, §2.1 (Definition 1); Agarwal & Brown (2022) for γ = 1.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from fractions import Fraction

import numpy as np

from reference._numerics import (
    check_gamma,
    check_integer,
    check_probability_vector,
    check_weight,
    exact_mode,
    is_rational_vector,
)
from reference.adaptive_preferences.realizability._types import Scalar, Vector, VectorLike

__all__ = [
    "MemoryTracker",
    "discounted_memory_update",
    "memory_from_history",
    "memory_step_size",
    "memory_l1_drift_bound",
    "effective_horizon",
]


def discounted_memory_update(memory: VectorLike, chosen: int, gamma: Scalar,
                             weight: Scalar = 1) -> tuple[Vector, Scalar]:
    """One step of Definition 1: returns ``(v_{t+1}, W_t)`` from ``(v_t, W_{t−1})`` and i_t.

    W_t = γ·W_{t−1} + 1 and v_{t+1} = (γ W_{t−1} v_t + e_{i_t}) / W_t. Exact if ``memory``,
    ``gamma`` and ``weight`` are rational.
    """
    fn = "discounted_memory_update"
    gamma = check_gamma(fn, gamma)
    weight = check_weight(fn, weight)
    exact = exact_mode(memory) and is_rational_vector([gamma, weight])
    v = check_probability_vector(fn, memory, arg="memory", exact=exact)
    n = len(v)
    if isinstance(chosen, (bool, np.bool_)) or not isinstance(chosen, numbers.Integral) or not 0 <= chosen < n:
        raise ValueError(f"{fn}: chosen must be an item index in 0..{n - 1}; got {chosen!r}.")
    if exact:
        gamma, weight = Fraction(gamma), Fraction(weight)
    else:  # the coercion policy: a float anywhere makes the whole call float (its Fractions are rounded)
        gamma, weight = float(gamma), float(weight)
    new_weight = gamma * weight + 1  # W_t
    carried = gamma * weight / new_weight  # 1 − w_t, the share of the old memory
    if exact:
        new = [carried * x for x in v]
    else:
        new = carried * v
    new[int(chosen)] += 1 / new_weight if not exact else Fraction(1) / new_weight
    return new, new_weight


class MemoryTracker:
    """Definition 1 kept in place: ``remember(i)`` does W ← γW + 1, v ← (1 − 1/W) v + (1/W) e_i.

    The float64 form of ``discounted_memory_update`` (which allocates and validates each step) for
    the interaction loop: the agent and every algorithm that knows (γ, v_1, W_0) — "we can exactly
    track the agent's memory vector" (paper A, §3.3) — run this one implementation, so they agree
    bit for bit. ``memory`` is updated in place; ``weight`` is W_t. Defaults: v_1 = u_n, W_0 = 1;
    ``fn`` is the name the validation errors start with (the caller's, e.g. ``"Agent"``).
    """

    def __init__(self, n: int, gamma, *, initial_memory=None, initial_weight=1.0, fn: str = "MemoryTracker"):
        n = check_integer(fn, "n", n)
        self.gamma = float(check_gamma(fn, gamma))
        self.weight = float(check_weight(fn, initial_weight, "initial_weight"))
        if initial_memory is None:
            initial_memory = np.full(n, 1.0 / n)
        self.memory = np.array(check_probability_vector(fn, initial_memory, arg="initial_memory", n=n), dtype=float)

    def remember(self, chosen: int) -> None:
        """One step of Definition 1 after the agent selected item ``chosen`` (an int in 0..n−1)."""
        if not (type(chosen) is int or isinstance(chosen, np.integer)) or not 0 <= chosen < self.memory.size:
            raise ValueError(f"MemoryTracker.remember: chosen must be an item index, an integer in "
                             f"0..{self.memory.size - 1}; got {chosen!r}.")
        self.weight = self.gamma * self.weight + 1.0
        step = 1.0 / self.weight
        self.memory *= 1.0 - step
        self.memory[chosen] += step


def memory_from_history(history: Iterable[int], gamma: Scalar, n: int, initial_memory: VectorLike | None = None,
                        initial_weight: Scalar = 1) -> Vector:
    """Closed form of Definition 1: v_{t+1} from v_1 (weight W_0) and the selections i_1..i_t.

    v_{t+1} = (γ^t W_0 v_1 + Σ_s γ^{t−s} e_{i_s}) / (γ^t W_0 + Σ_s γ^{t−s}). ``initial_memory``
    defaults to u_n. With an empty history returns v_1.
    """
    fn = "memory_from_history"
    gamma = check_gamma(fn, gamma)
    initial_weight = check_weight(fn, initial_weight, "initial_weight")
    n = check_integer(fn, "n", n)
    if isinstance(history, (str, bytes)) or not hasattr(history, "__iter__"):
        raise ValueError(f"{fn}: history must be a sequence of item indices; got {type(history).__name__}.")
    history = list(history)
    for i in history:
        if isinstance(i, (bool, np.bool_)) or not isinstance(i, numbers.Integral) or not 0 <= int(i) < n:
            raise ValueError(f"{fn}: history must list item indices in 0..{n - 1}; got {i!r}.")
    exact_scalars = is_rational_vector([gamma, initial_weight])
    if initial_memory is None:
        exact = exact_scalars
        v1 = [Fraction(1, n)] * n if exact else np.full(n, 1.0 / n)
    else:
        exact = exact_scalars and exact_mode(initial_memory)
        v1 = check_probability_vector(fn, initial_memory, arg="initial_memory", n=n, exact=exact)
    t = len(history)
    if exact:
        gamma, initial_weight = Fraction(gamma), Fraction(initial_weight)
    else:  # the coercion policy: a float anywhere makes the whole call float (its Fractions are rounded)
        gamma, initial_weight = float(gamma), float(initial_weight)
    if t == 0:
        return list(v1) if exact else np.array(v1, dtype=float)
    num = [initial_weight * gamma**t * x for x in v1] if exact else initial_weight * gamma**t * np.asarray(v1)
    den = initial_weight * gamma**t
    for s, i in enumerate(history, start=1):
        w = gamma ** (t - s)
        num[i] += w
        den += w
    if den == 0:  # only when W_0 = 0 and t = 0, excluded above
        raise ValueError(f"{fn}: total memory weight is zero.")
    return [x / den for x in num] if exact else np.asarray(num, dtype=float) / den


def _step_size(fn: str, gamma, weight):
    gamma = check_gamma(fn, gamma)
    weight = check_weight(fn, weight)
    return 1 / (gamma * weight + 1)


def memory_step_size(gamma: Scalar, weight: Scalar):
    """w_t = 1/(γ W_{t−1} + 1): the weight the newest selection gets ((1−γ)/(1−γ^t) for W_0 = 0)."""
    return _step_size("memory_step_size", gamma, weight)


def memory_l1_drift_bound(gamma: Scalar, weight: Scalar):
    """‖v_{t+1} − v_t‖₁ ≤ 2 w_t: one update moves memory by at most twice the step size [derived].

    Proof: v_{t+1} − v_t = w_t (e_{i_t} − v_t) and ‖e_i − v‖₁ = 2(1 − v_i) ≤ 2.
    """
    return 2 * _step_size("memory_l1_drift_bound", gamma, weight)


def effective_horizon(gamma: Scalar) -> float:
    """H = 1/(1 − γ), the effective memory horizon (∞ for γ = 1)."""
    gamma = check_gamma("effective_horizon", gamma)
    return float("inf") if gamma == 1 else 1.0 / (1.0 - float(gamma))
