"""DBG as a plain bandit learner over distributions (paper A, §3.2, Theorem 1), R replicates in lockstep.

``lockstep_run_dbg(n, eta, m, lower, rewards, seeds)`` reproduces, for every seed,
``run_dbg(DeferredBanditGradient(n, eta=eta, m=m, schedule=S), rewards, seed=seed, record=True)`` of
``reference/adaptive_preferences/long_memory/thm1_dbg.py`` with no perturbation, where S is
``FloorSchedule(n, lower)`` (a sequence of non-decreasing floors a_t, last value repeated: K_t = {x ∈ Δ(n): x ≥ a_t})
or ``BoxSchedule(n, lower, upper)`` (a constant box). This is the run Theorem 1's rate is measured on (no agent, no
MenuDist): each round x_t, one double u per replicate, i_t = #{j : cumsum(x̃)_j ≤ u·Σx̃} (``run_dbg``'s
``searchsorted``, x̃ = x_t clipped at 0 and normalised), r̂_t = r_t(i_t)/x_t(i_t), g_t = (1/m) Σ_{s=t−m}^{t−1} r̂_s,
x_{t+1} = Π_{K_{t+1}}(x_t + η g_t) (``core.project_rows_onto_box_simplex``). The generator of replicate r is
``default_rng(seeds[r])`` (``run_dbg``'s own seed rule), its doubles drawn in advance. Returns the chosen items, the
per-round expected rewards ⟨x̃_t, r_t⟩ and, with ``record=True``, every x_t.

Certified against ``run_dbg`` in ``tests/test_engines_paper_a.py`` (identical choices, x_t within the oracle's
``LOCKSTEP`` tolerance).
"""

from __future__ import annotations

import math
import numbers
from collections import deque
from dataclasses import dataclass

import numpy as np

from engines.paper_a.core import _project, project_rows_onto_box_simplex

__all__ = ["DBGLockstepRun", "lockstep_run_dbg"]


@dataclass
class DBGLockstepRun:
    """``chosen`` (R, T), ``per_round`` (R, T) = ⟨x̃_t, r_t⟩, ``expected_reward`` (R,) = fsum of per_round,
    ``realised_reward`` (R,), ``played`` (R, T, n) the x_t (None unless ``record``), ``x`` (R, n) the last iterate."""

    chosen: np.ndarray
    per_round: np.ndarray
    expected_reward: np.ndarray
    realised_reward: np.ndarray
    played: np.ndarray | None
    x: np.ndarray


def _check(fn: str, n, eta, m, lower, upper, rewards, seeds):
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"{fn}: n must be a positive integer; got {n!r}.")
    if isinstance(eta, bool) or not isinstance(eta, numbers.Real) or not 0 < float(eta) < math.inf:
        raise ValueError(f"{fn}: eta must be a positive number; got {eta!r}.")
    if isinstance(m, bool) or not isinstance(m, numbers.Integral) or m < 1:
        raise ValueError(f"{fn}: m must be a positive integer; got {m!r}.")
    floors = np.atleast_1d(np.asarray(lower, dtype=float))
    if floors.ndim != 1 or floors.size == 0 or not np.all(np.isfinite(floors)) or floors.min() < 0 \
            or np.any(np.diff(floors) < 0) or floors.max() > 1 / n + 1e-15:
        raise ValueError(f"{fn}: lower must be a floor or a non-decreasing sequence of floors in [0, 1/n].")
    r = np.asarray(rewards, dtype=float)
    if r.ndim != 2 or r.shape[1] != n or r.shape[0] < 1 or not np.all(np.isfinite(r)) or r.min() < 0 or r.max() > 1:
        raise ValueError(f"{fn}: rewards must be a (T, n) array in [0, 1] with n={n}; got shape {r.shape}.")
    try:
        seeds = tuple(seeds)
    except TypeError:
        raise TypeError(f"{fn}: seeds must be a sequence of non-negative integers.") from None
    if not seeds or any(isinstance(s, (bool, np.bool_)) or not isinstance(s, numbers.Integral) or s < 0
                        for s in seeds):
        raise ValueError(f"{fn}: seeds must be a non-empty sequence of non-negative integers; got {seeds!r}.")
    return floors, float(upper), r, tuple(int(s) for s in seeds)


def lockstep_run_dbg(n: int, eta: float, m: int, lower, rewards, seeds, *, upper: float = 1.0,
                     record: bool = False) -> DBGLockstepRun:
    """R = len(seeds) replicates of ``run_dbg`` on DBG with floors ``lower`` (and cap ``upper``) (module docstring)."""
    fn = "lockstep_run_dbg"
    floors, upper, r, seeds = _check(fn, n, eta, m, lower, upper, rewards, seeds)
    T, R = r.shape[0], len(seeds)
    U = np.stack([np.random.default_rng(s).random(T) for s in seeds], axis=1)  # (T, R)
    floor = lambda t: float(floors[min(t, floors.size - 1)])  # noqa: E731
    x = project_rows_onto_box_simplex(np.full((R, n), 1.0 / n), floor(0), upper)  # validates the box
    rows, recent = np.arange(R), deque()
    chosen, per_round = np.empty((T, R), dtype=np.int64), np.empty((T, R))
    played = np.empty((T, R, n)) if record else None
    for t in range(T):
        if record:
            played[t] = x
        xt = np.clip(x, 0, None)
        xt /= xt.sum(axis=1, keepdims=True)
        cdf = np.cumsum(xt, axis=1)
        i = np.minimum((cdf <= (U[t] * xt.sum(axis=1))[:, None]).sum(axis=1), n - 1)
        per_round[t] = xt @ r[t]
        reward = r[t, i]
        recent.append((t, i, reward / x[rows, i]))  # r̂_t(i_t), divided by x_t
        while recent and recent[0][0] < t - m:
            recent.popleft()
        g = np.zeros_like(x)
        for s, items, v in recent:
            if t - m <= s <= t - 1:  # deferred_window(t, m, lag=1)
                g[rows, items] += v / m
        x = _project(x + eta * g, floor(t + 1), upper)
        chosen[t] = i
    realised = np.cumsum(r[np.arange(T)[:, None], chosen], axis=0)[-1]  # summed round by round, as run_dbg does
    return DBGLockstepRun(chosen.T, per_round.T, np.array([math.fsum(row) for row in per_round.T]),
                          realised, None if played is None else played.transpose(1, 0, 2), x)
