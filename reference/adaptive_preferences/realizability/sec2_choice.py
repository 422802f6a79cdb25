"""The choice model of paper A (Section 2.1): menus and the choice distribution q(K; v).

Main statements
---------------
* ``choice_distribution(menu, scores)`` — q(K; v)_i = f_i(v) / Σ_{j∈K} f_j(v) for i ∈ K, else 0.
  [seed: "selection probabilities for each are proportional to these scores"]
* ``all_menus(n, k)`` — C([n], k), the menus, in lexicographic order.
* ``mixture_choice_distribution(menu_distribution, scores)`` — Σ_K μ_K q(K; v), the choice
  distribution induced by a menu distribution μ (IRD(v) is the set of these, over all μ) [seed].
  The one implementation of this sum: MenuDist's checks, the simulator certificates and the
  baselines use it.
* ``check_menu_distribution(fn, μ, n, k, exact=…)`` — validation of a menu distribution.

Notation
--------
=============  =====================  ==================================
paper          code                   meaning
=============  =====================  ==================================
K              ``menu``               sorted tuple of k distinct items
f(v)           ``scores``             positive score vector at memory v
q(K; v)        ``choice_distribution``
μ              ``menu_distribution``  list of ``(menu, weight)``
=============  =====================  ==================================

Implementation notes
--------------------
Exact mode (all scores ints/Fractions, all weights Fractions) returns lists of ``Fraction``.
Certified in ``certificates/`` by every IRD certificate (this is the primitive they all use:
``mem_ird_iff_menu_times_le_one``, ``menu_dist_reproduces_p``, ``credit_menu_times_eq_menu_times``
in certificates/adaptive_preferences/realizability/lemma1_proof_menu_dist.py).

References: paper A, arXiv 2302.06014, §2.1 (the choice model) and §2.2 (IRD).
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from reference._numerics import (
    FLOAT_SUM_ATOL,
    check_integer,
    check_k,
    check_menu,
    check_positive_vector,
    exact_mode,
    is_rational_vector,
)
from reference.adaptive_preferences.realizability._types import Menu, MenuDistribution, Vector, VectorLike

__all__ = ["choice_distribution", "all_menus", "mixture_choice_distribution", "check_menu_distribution"]


def choice_distribution(menu: Sequence[int], scores: VectorLike) -> Vector:
    """q(K; v): the agent picks i ∈ K with probability f_i / Σ_{j∈K} f_j (0 off the menu).

    ``scores`` is the length-n vector f(v) > 0. Returns a length-n vector (Fractions in exact mode).
    """
    fn = "choice_distribution"
    exact = exact_mode(scores)
    f = check_positive_vector(fn, scores, exact=exact)
    n = len(f)
    menu = check_menu(fn, menu, n)
    total = sum(f[j] for j in menu)  # F_K, the menu's score mass
    if exact:
        q_exact = [Fraction(0)] * n
        for i in menu:
            q_exact[i] = f[i] / total
        return q_exact
    q = np.zeros(n)
    idx = list(menu)
    q[idx] = f[idx] / total
    return q


def all_menus(n: int, k: int) -> list[Menu]:
    """Every menu of size k from n items, as sorted tuples, in lexicographic order (C(n, k) of them)."""
    n = check_integer("all_menus", "n", n)
    k = check_k("all_menus", k, n)
    return list(itertools.combinations(range(n), k))


def check_menu_distribution(fn: str, menu_distribution, n: int, k: int, *, exact: bool) -> MenuDistribution:
    """Validate a menu distribution: a non-empty list of (menu, weight), weights ≥ 0 summing to 1.

    Returns ``[(menu_tuple, weight)]`` with Fraction weights in exact mode, floats otherwise.
    """
    n = check_integer(fn, "n", n)
    k = check_k(fn, k, n)
    if not isinstance(exact, (bool, np.bool_)):
        raise ValueError(f"{fn}: exact must be a bool; got {type(exact).__name__}.")
    try:
        if isinstance(menu_distribution, (str, bytes, dict)):
            raise TypeError
        pairs = list(menu_distribution)
    except TypeError:
        raise ValueError(f"{fn}: menu_distribution must be a list of (menu, weight) pairs.") from None
    if not pairs:
        raise ValueError(f"{fn}: menu_distribution must not be empty.")
    out: MenuDistribution = []
    for entry in pairs:
        if not (isinstance(entry, (tuple, list)) and len(entry) == 2):
            raise ValueError(f"{fn}: menu_distribution must be a list of (menu, weight) pairs; got {entry!r}.")
        menu, w = entry
        menu = check_menu(fn, menu, n, k, arg="menu_distribution menu")
        if exact:
            if not is_rational_vector([w]):
                raise ValueError(f"{fn}: menu_distribution weights must be ints or Fractions in exact mode; got {w!r}.")
            w = Fraction(w)
        else:
            if isinstance(w, (bool, np.bool_)) or not isinstance(w, numbers.Real):
                raise ValueError(f"{fn}: menu_distribution weights must be real numbers (not bool, str or None); "
                                 f"got {w!r}.")
            try:
                w = float(w)
            except OverflowError:
                w = math.inf
            if not np.isfinite(w):
                raise ValueError(f"{fn}: menu_distribution weights must be finite; got {w}.")
        if w < 0:
            raise ValueError(f"{fn}: menu_distribution weights must be non-negative; menu {menu} has weight {w}.")
        out.append((menu, w))
    total = sum(w for _, w in out)
    if (exact and total != 1) or (not exact and abs(total - 1.0) > FLOAT_SUM_ATOL):
        raise ValueError(f"{fn}: menu_distribution weights must sum to 1; they sum to {total}.")
    return out


def mixture_choice_distribution(menu_distribution, scores: VectorLike, k: int | None = None) -> Vector:
    """Σ_K μ_K q(K; v): the item distribution a menu distribution induces at scores f(v).

    ``menu_distribution`` is a list of ``(menu, weight)``; menus must all have size k (inferred
    from the first menu when ``k`` is None). Exact when the scores and the weights are rational.
    """
    fn = "mixture_choice_distribution"
    if not isinstance(menu_distribution, (list, tuple)):
        raise ValueError(f"{fn}: menu_distribution must be a non-empty list of (menu, weight) pairs; "
                         f"got {type(menu_distribution).__name__}.")
    pairs = list(menu_distribution)
    weights = [w for _, w in pairs] if all(isinstance(e, (tuple, list)) and len(e) == 2 for e in pairs) else []
    exact = exact_mode(scores) and is_rational_vector(weights)
    f = check_positive_vector(fn, scores, exact=exact)
    n = len(f)
    if k is None:
        if not pairs or not isinstance(pairs[0], (tuple, list)) or len(pairs[0]) != 2:
            raise ValueError(f"{fn}: menu_distribution must be a non-empty list of (menu, weight) pairs.")
        if not isinstance(pairs[0][0], (tuple, list)):
            raise ValueError(f"{fn}: menu_distribution menus must be sequences of item indices; got {pairs[0][0]!r}.")
        k = len(pairs[0][0])
    pairs = check_menu_distribution(fn, pairs, n, k, exact=exact)
    p: Vector = [Fraction(0)] * n if exact else np.zeros(n)
    for menu, w in pairs:
        total = sum(f[j] for j in menu)
        for i in menu:
            p[i] += w * f[i] / total
    return p
