"""Reward sequences from oblivious adversaries (paper A, Section 2.1: r_t ∈ [0, 1]^n).

An *oblivious* adversary fixes the whole sequence r_1, …, r_T before the interaction starts, so a
reward sequence is simply a ``(T, n)`` array. Every generator here draws from an explicit seed.

Main statements
---------------
* ``check_rewards(fn, rewards, n=None)`` — validation: a finite ``(T, n)`` array with entries in [0, 1].
* ``iid_rewards`` — i.i.d. Bernoulli (or uniform) rewards with fixed per-item means.
* ``piecewise_stationary_rewards`` — means redrawn at ``switches`` random change points.
* ``drifting_best_rewards`` — the best item drifts cyclically through the items.
* ``alternating_blocks_rewards`` — blocks of doubling length alternating between two items, so the
  cumulative leader keeps flipping: the classical pattern that makes follow-the-leader-style
  learners (and slowly-adapting EXP3/OGD) pay regret linear in the block length.
* ``random_adversary(T, n, seed)`` — one of the above, chosen and parametrised by the seed (used by
  the Monte Carlo certificates to randomise over adversaries).
* Stochastic environments of the Theorem 3 and Theorem 5 certificates (Bernoulli draws from means):
  ``stationary_bernoulli_rewards`` (fixed means, one item ``best_gap`` ahead),
  ``windowed_stochastic_rewards`` (means re-drawn every window, one item best overall),
  ``dominant_window_means`` / ``best_every_window_means`` (per-window means with a dominant item).

Notation
--------
=======  ==============  =====================================
paper    code            meaning
=======  ==============  =====================================
r_t      ``rewards[t]``  reward vector of round t, in [0, 1]^n
T        ``T``           horizon (rows)
n        ``n``           items (columns)
=======  ==============  =====================================

Implementation notes
--------------------
Randomness only through ``reference._numerics.rng_from`` (an int seed or a numpy Generator, which is
used as is: the caller's stream continues). Tested: tests/test_rewards.py.

References: paper A, arXiv 2302.06014, §2.1 (oblivious adversary, r_t ∈ [0, 1]^n).
"""

from __future__ import annotations

import math

import numpy as np

from reference._numerics import check_integer, check_real, rng_from, speaks_as

__all__ = [
    "stationary_bernoulli_rewards",
    "windowed_stochastic_rewards",
    "dominant_window_means",
    "best_every_window_means",
    "check_rewards",
    "iid_rewards",
    "piecewise_stationary_rewards",
    "drifting_best_rewards",
    "alternating_blocks_rewards",
    "random_adversary",
    "ADVERSARIES",
]


def check_rewards(fn: str, rewards, n: int | None = None) -> np.ndarray:
    """Validate a reward sequence: a finite float array of shape (T, n), T ≥ 1, entries in [0, 1]."""
    try:
        r = np.asarray(rewards, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{fn}: rewards must be a (T, n) array of numbers in [0, 1].") from None
    if r.ndim != 2 or r.shape[0] < 1 or r.shape[1] < 1:
        raise ValueError(f"{fn}: rewards must have shape (T, n) with T, n >= 1; got shape {r.shape}.")
    if n is not None and r.shape[1] != n:
        raise ValueError(f"{fn}: rewards must have shape (T, n) with n={n}; got shape {r.shape}.")
    if not np.all(np.isfinite(r)):
        raise ValueError(f"{fn}: rewards must be finite; found a non-finite entry.")
    if r.min() < 0 or r.max() > 1:
        t, i = np.unravel_index(int(np.argmax((r < 0) | (r > 1))), r.shape)
        raise ValueError(f"{fn}: rewards must lie in [0, 1]; entry (t={t}, i={i}) is {r[t, i]}.")
    return r


def iid_rewards(T: int, n: int, seed, *, means=None, kind: str = "bernoulli") -> np.ndarray:
    """r_t(i) ~ Bernoulli(μ_i) (or Uniform on [μ_i − w, μ_i + w] ∩ [0,1] for kind="uniform"), i.i.d. over t.

    ``means`` defaults to μ ~ Uniform[0, 1]^n drawn from the seed.
    """
    fn = "iid_rewards"
    T = check_integer(fn, "T", T)
    n = check_integer(fn, "n", n)
    rng = rng_from(seed, fn="iid_rewards")
    mu = rng.uniform(0, 1, size=n) if means is None else np.asarray(means, dtype=float)
    if mu.shape != (n,) or mu.min() < 0 or mu.max() > 1:
        raise ValueError(f"{fn}: means must be a length-n={n} vector in [0, 1].")
    if kind == "bernoulli":
        return (rng.random((T, n)) < mu).astype(float)
    if kind == "uniform":
        w = np.minimum(mu, 1 - mu)
        return mu + w * rng.uniform(-1, 1, size=(T, n))
    raise ValueError(f"{fn}: kind must be 'bernoulli' or 'uniform'; got {kind!r}.")


def piecewise_stationary_rewards(T: int, n: int, seed, *, switches: int = 3) -> np.ndarray:
    """Bernoulli rewards whose means are redrawn at ``switches`` change points (uniform over 1..T−1)."""
    fn = "piecewise_stationary_rewards"
    T = check_integer(fn, "T", T)
    n = check_integer(fn, "n", n)
    switches = check_integer(fn, "switches", switches, minimum=0)
    rng = rng_from(seed, fn="piecewise_stationary_rewards")
    cuts = np.sort(rng.choice(np.arange(1, T), size=min(switches, T - 1), replace=False)) if T > 1 else []
    bounds = [0, *[int(c) for c in cuts], T]
    out = np.empty((T, n))
    for a, b in zip(bounds[:-1], bounds[1:]):
        mu = rng.uniform(0, 1, size=n)
        out[a:b] = rng.random((b - a, n)) < mu
    return out


def drifting_best_rewards(T: int, n: int, seed, *, period: int | None = None, gap: float = 0.3) -> np.ndarray:
    """The best item moves one step (i → i+1 mod n) every ``period`` rounds; it gets mean 0.5 + gap.

    The others have mean 0.5 − gap/2; rewards are Bernoulli. ``period`` defaults to ⌈T/n⌉.
    """
    fn = "drifting_best_rewards"
    T = check_integer(fn, "T", T)
    n = check_integer(fn, "n", n)
    period = -(-T // n) if period is None else check_integer(fn, "period", period)
    check_real(fn, "gap", gap, low=0, high=0.5)
    rng = rng_from(seed, fn="drifting_best_rewards")
    start = int(rng.integers(0, n))
    best = (start + np.arange(T) // period) % n
    mu = np.full((T, n), 0.5 - gap / 2)
    mu[np.arange(T), best] = 0.5 + gap
    return (rng.random((T, n)) < mu).astype(float)


def alternating_blocks_rewards(T: int, n: int, seed=None, *, first_block: int = 1, margin: float = 0.05) -> np.ndarray:
    """Deterministic blocks of doubling length (first_block, 2·first_block, …) alternating between
    items 1 and 0 (reward 1 to the block's item, 0 to the other; the rest get 0). Item 0 additionally
    gets ``margin`` in every round (it breaks ties). Each new block is as long as all previous ones
    together, so the cumulative leader flips at (nearly) every block: a learner that chases the
    recent leader is always one block behind and its regret grows linearly with T.
    ``seed`` is accepted for a uniform signature (the pattern is deterministic).
    """
    fn = "alternating_blocks_rewards"
    T = check_integer(fn, "T", T)
    n = check_integer(fn, "n", n, minimum=2)
    first_block = check_integer(fn, "first_block", first_block)
    check_real(fn, "margin", margin, low=0, high=1)
    out = np.zeros((T, n))
    t, length, item = 0, first_block, 1  # start with item 1 so the leader flips against item 0
    while t < T:
        out[t:t + length, item] = 1.0
        t += length
        length *= 2
        item = 1 - item
    out[:, 0] = np.minimum(out[:, 0] + margin, 1.0)
    return out


ADVERSARIES = {
    "iid": lambda T, n, rng: iid_rewards(T, n, rng),
    "piecewise": lambda T, n, rng: piecewise_stationary_rewards(T, n, rng, switches=int(rng.integers(1, 6))),
    "drifting": lambda T, n, rng: drifting_best_rewards(T, n, rng),
    "alternating": lambda T, n, rng: alternating_blocks_rewards(T, max(n, 2), rng,
                                                                first_block=int(rng.integers(1, 9))),
}


@speaks_as("random_adversary")
def random_adversary(T: int, n: int, seed) -> tuple[str, np.ndarray]:
    """(name, rewards): an adversary drawn from ``ADVERSARIES`` and parametrised by ``seed``."""
    rng = rng_from(seed, fn="random_adversary")
    names = sorted(ADVERSARIES)
    name = names[int(rng.integers(0, len(names)))]
    if name == "alternating" and n < 2:
        name = "iid"
    return name, ADVERSARIES[name](T, n, rng)


# ------------------------------------------------------------------------------------------------
# stochastic environments of the Theorem 3 and Theorem 5 certificates (Bernoulli draws from window means)
# ------------------------------------------------------------------------------------------------
def stationary_bernoulli_rewards(T, n, rng, *, best_gap=0.3):
    """Bernoulli rewards with fixed means in [0.2, 0.6] and one item ``best_gap`` above the best other."""
    fn = "stationary_bernoulli_rewards"
    T, n = check_integer(fn, "T", T), check_integer(fn, "n", n)
    check_real(fn, "best_gap", best_gap, low=0, high=1)
    rng = rng_from(rng, fn="stationary_bernoulli_rewards", arg="rng")
    means = rng.uniform(0.2, 0.6, size=n)
    means[int(rng.integers(0, n))] = min(1.0, means.max() + best_gap)
    return (rng.uniform(size=(T, n)) < means).astype(float)


def windowed_stochastic_rewards(T, n, L_env, rng, *, gap=0.3):
    """Bernoulli rewards whose means are constant on windows of L_env rounds and change adversarially
    between windows (the best item is fixed overall but every window re-draws the others' means)."""
    fn = "windowed_stochastic_rewards"
    T, n, L_env = check_integer(fn, "T", T), check_integer(fn, "n", n), check_integer(fn, "L_env", L_env)
    check_real(fn, "gap", gap, low=0, high=1)
    rng = rng_from(rng, fn="windowed_stochastic_rewards", arg="rng")
    blocks = math.ceil(T / L_env)
    means = rng.uniform(0.0, 1.0 - gap, size=(blocks, n))
    best = int(rng.integers(0, n))
    means[:, best] = np.minimum(1.0, means.max(axis=1) * 0.5 + 0.5 * (1.0 - gap) + gap * rng.uniform(0, 1, blocks))
    means = np.repeat(means, L_env, axis=0)[:T]
    return (rng.uniform(size=(T, n)) < means).astype(float)


def dominant_window_means(T, n, L, rng, *, margin=0.1):
    """Per-window means, constant on windows of L rounds (aligned with the pulls), adversarially re-drawn
    each window, with one item a* at least ``margin`` above the others' average in every window."""
    fn = "dominant_window_means"
    T, n, L = check_integer(fn, "T", T), check_integer(fn, "n", n, minimum=2), check_integer(fn, "L", L)
    check_real(fn, "margin", margin, low=0, high=1)
    rng = rng_from(rng, fn="dominant_window_means", arg="rng")
    N = math.ceil(T / L)
    mw = rng.uniform(0.0, 1.0 - margin, size=(N, n))
    best = int(rng.integers(0, n))
    others = (mw.sum(axis=1) - mw[:, best]) / (n - 1)
    mw[:, best] = np.minimum(1.0, np.maximum(mw[:, best], others + margin))
    return np.repeat(mw, L, axis=0)[:T]


def best_every_window_means(T, n, L, rng, *, margin=0.2):
    """Per-window means (constant on windows of L rounds), re-drawn each window; one item a* best in every window."""
    fn = "best_every_window_means"
    T, n, L = check_integer(fn, "T", T), check_integer(fn, "n", n), check_integer(fn, "L", L)
    check_real(fn, "margin", margin, low=0, high=1)
    rng = rng_from(rng, fn="best_every_window_means", arg="rng")
    N = math.ceil(T / L)
    mw = rng.uniform(0.0, 0.8, size=(N, n))
    best = int(rng.integers(0, n))
    mw[:, best] = np.minimum(1.0, mw.max(axis=1) + margin * rng.uniform(0, 1, N))
    return np.repeat(mw, L, axis=0)[:T]
