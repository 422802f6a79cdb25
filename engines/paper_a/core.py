"""Lockstep primitives for paper A: R replicates' agents, draws and box-simplex projections as (R, ·) arrays.

Main statements
---------------
* ``draw_rows(p, u)`` — row r's index drawn from the probability row p[r] with the uniform u[r], exactly as
  ``numpy.random.Generator.choice(m, p=p[r])`` does with the double it consumes: cdf = cumsum(p), cdf /= cdf[−1],
  index = #{j : cdf_j ≤ u} (``searchsorted(side="right")``). Hence a generator that only ever makes such draws
  yields the same indices when its doubles are drawn in advance with ``random(size)`` (PCG64 produces the same
  doubles either way; 20,000/20,000 draws identical, checked in ``tests/test_engines_paper_a.py``).
* ``LockstepAgent`` — R agents with discounted memory (Definition 1): W ← γW + 1, s = 1/W, v ← (1 − s)v,
  v_i += s, the float operations of ``MemoryTracker.remember`` in the same order (so memories are bit-identical
  whenever the choices are), choosing i ∈ K with probability f_i(v)/Σ_{j∈K} f_j(v) (§2.1).
* ``project_rows_onto_box_simplex(Y, lower, upper)`` — Π onto {x ∈ Δ(n) : lower ≤ x ≤ upper} for every row:
  S(θ) = Σ_i clip(y_i − θ, l, u) is piecewise linear and non-increasing with breakpoints y_i − u, y_i − l; S at
  all sorted breakpoints by one cumulative sum of slopes, the last breakpoint with S > 1, then θ from the free
  coordinates as the reference does. Agrees with ``setting.projections.project_onto_box_simplex`` within
  ≈ n·eps (tolerance of the trajectory oracle: 1e-8 relative).

Implementation notes. Row sums over a menu (k entries) are done left to right, as numpy sums fewer than 8
entries, so q(K; v) is bit-identical given the same scores. Scores come from ``model.scores_batch(V)`` when the
model has it (a matrix product: may differ from ``model.scores(v)`` in the last bit), else row by row.

References: paper A, arXiv 2302.06014, §2.1 (choice model) and Definition 1 (memory).
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["draw_rows", "row_sum_sequential", "LockstepAgent", "project_rows_onto_box_simplex", "batch_scores"]


def _check_rows(fn: str, name: str, a, ndim: int) -> np.ndarray:
    try:
        arr = np.asarray(a, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{fn}: {name} must be a numeric array.") from None
    if arr.ndim != ndim or not np.all(np.isfinite(arr)):
        raise ValueError(f"{fn}: {name} must be a finite {ndim}-dimensional array; got shape {arr.shape}.")
    return arr


def draw_rows(p, u) -> np.ndarray:
    """Index drawn per row: ``Generator.choice(m, p=p[r])`` given its uniform double u[r] (module docstring).

    ``p``: (R, m) rows of non-negative weights summing to 1 (within 1e-8); ``u``: (R,) doubles in [0, 1).
    """
    fn = "draw_rows"
    p = _check_rows(fn, "p", p, 2)
    u = _check_rows(fn, "u", u, 1)
    if u.shape[0] != p.shape[0] or p.shape[1] < 1:
        raise ValueError(f"{fn}: p must have shape (R, m ≥ 1) and u shape (R,); got {p.shape} and {u.shape}.")
    if p.min(initial=0.0) < 0 or np.any(np.abs(p.sum(axis=1) - 1.0) > 1e-8):
        raise ValueError(f"{fn}: every row of p must be a probability vector (entries ≥ 0 summing to 1).")
    if u.min(initial=0.0) < 0 or u.max(initial=0.0) >= 1:
        raise ValueError(f"{fn}: u must lie in [0, 1); got values in [{u.min()}, {u.max()}].")
    return _draw(p, u)


def _draw(p: np.ndarray, u: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(p, axis=1)
    cdf /= cdf[:, -1:]
    return (cdf <= u[:, None]).sum(axis=1)


def row_sum_sequential(a) -> np.ndarray:
    """Σ_j a[r, j] added left to right (numpy's order for fewer than 8 entries), for every row r."""
    a = _check_rows("row_sum_sequential", "a", a, 2)
    return _row_sum(a)


def _row_sum(a: np.ndarray) -> np.ndarray:
    s = a[:, 0].copy()
    for j in range(1, a.shape[1]):
        s += a[:, j]
    return s


def batch_scores(model, V) -> np.ndarray:
    """f(v) for every row v of V: ``model.scores_batch(V)`` when available, else ``model.scores`` row by row."""
    fn = "batch_scores"
    if not callable(getattr(model, "scores", None)) or not isinstance(getattr(model, "n", None), numbers.Integral):
        raise TypeError(f"{fn}: model must be a preference model with an integer n and scores(v).")
    V = _check_rows(fn, "V", V, 2)
    if V.shape[1] != model.n or V.min(initial=0.0) < 0 or np.any(np.abs(V.sum(axis=1) - 1) > 1e-9):
        raise ValueError(f"{fn}: every row of V must be a probability vector of length n={model.n}.")
    return _batch_scores(model, V)


def _batch_scores(model, V: np.ndarray) -> np.ndarray:
    batch = getattr(model, "scores_batch", None)
    if callable(batch):
        return np.asarray(batch(V), dtype=float)
    return np.array([np.asarray(model.scores(v), dtype=float) for v in V])


class LockstepAgent:
    """R agents ``Agent(model, γ)`` (v_1 = u_n, W_0 = 1) advanced together; ``memory`` is (R, n), ``weight`` (R,)."""

    def __init__(self, model, gamma: float, R: int):
        fn = "LockstepAgent"
        if not callable(getattr(model, "scores", None)) or not isinstance(getattr(model, "n", None), numbers.Integral):
            raise TypeError(f"{fn}: model must be a preference model with an integer n and scores(v).")
        if isinstance(R, bool) or not isinstance(R, numbers.Integral) or R < 1:
            raise ValueError(f"{fn}: R must be a positive integer; got {R!r}.")
        if isinstance(gamma, bool) or not isinstance(gamma, numbers.Real) or not 0 < float(gamma) <= 1:
            raise ValueError(f"{fn}: gamma must be a number in (0, 1]; got {gamma!r}.")
        self.model, self.n, self.R, self.gamma = model, int(model.n), int(R), float(gamma)
        self.memory = np.full((self.R, self.n), 1.0 / self.n)
        self.weight = np.ones(self.R)
        self.rows = np.arange(self.R)

    def scores(self) -> np.ndarray:
        """f(v_t) for every replicate, (R, n)."""
        return _batch_scores(self.model, self.memory)

    def choose(self, menus: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Each replicate picks from its menu (menus: (R, k) in the menu's order) with its uniform; memory updates."""
        f = self.scores()[self.rows[:, None], menus]
        probs = f / _row_sum(f)[:, None]
        chosen = menus[self.rows, _draw(probs, u)]
        self.remember(chosen)
        return chosen

    def remember(self, chosen: np.ndarray) -> None:
        """Definition 1 for every replicate, in ``MemoryTracker.remember``'s operation order."""
        self.weight = self.gamma * self.weight + 1.0
        step = 1.0 / self.weight
        self.memory *= (1.0 - step)[:, None]
        self.memory[self.rows, chosen] += step


def project_rows_onto_box_simplex(Y, lower: float, upper: float) -> np.ndarray:
    """Π_{ {x ∈ Δ(n): lower ≤ x ≤ upper} }(y) for every row y of Y (module docstring); scalar bounds."""
    fn = "project_rows_onto_box_simplex"
    Y = _check_rows(fn, "Y", Y, 2)
    lo, up = float(lower), float(upper)
    n = Y.shape[1]
    if not (np.isfinite(lo) and np.isfinite(up)) or lo > up or n * lo > 1 + 1e-12 or n * up < 1 - 1e-12:
        raise ValueError(f"{fn}: the box [{lo}, {up}] must meet the simplex in R^{n} (n·lower ≤ 1 ≤ n·upper).")
    return _project(Y, lo, up)


def _project(Y: np.ndarray, lo: float, up: float) -> np.ndarray:
    R, n = Y.shape
    breaks = np.concatenate([Y - up, Y - lo], axis=1)
    order = np.argsort(breaks, axis=1, kind="stable")
    B = np.take_along_axis(breaks, order, axis=1)
    # slope of S just right of each breakpoint: −(number of free coordinates)
    enter = np.where(order < n, 1, -1)  # y_i − u: coordinate i becomes free; y_i − l: it reaches the floor
    free = np.cumsum(enter, axis=1)
    S = np.empty_like(B)
    S[:, 0] = n * up
    S[:, 1:] = n * up - np.cumsum(free[:, :-1] * np.diff(B, axis=1), axis=1)
    if n * up <= 1:  # the box's only point is (upper, …, upper)
        return np.full_like(Y, up)
    if n * lo >= 1:
        return np.full_like(Y, lo)
    above = S > 1  # S(B_0) = n·upper > 1 and S(B_last) = n·lower < 1: the last breakpoint with S > 1 is < 2n − 1
    a = np.minimum((2 * n - 1) - np.argmax(above[:, ::-1], axis=1), 2 * n - 2)
    rows = np.arange(R)
    t0, t1 = B[rows, a], B[rows, a + 1]
    mid = (t0 + t1) / 2  # on (t0, t1) no coordinate changes regime: classify at the midpoint
    at_upper = (Y - up) > mid[:, None]
    at_lower = (Y - lo) < mid[:, None]
    is_free = ~(at_upper | at_lower)
    m = is_free.sum(axis=1)
    fixed = up * at_upper.sum(axis=1) + lo * at_lower.sum(axis=1)
    # Σ_free (y_i − θ) + Σ_upper u + Σ_lower l = 1
    theta = np.where(m > 0, (np.where(is_free, Y, 0.0).sum(axis=1) + fixed - 1.0) / np.maximum(m, 1), t1)
    X = np.clip(Y - theta[:, None], lo, up)
    return X
