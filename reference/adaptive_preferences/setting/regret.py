"""Regret against a target set (paper A, Section 2.1) and Monte Carlo over replicates.

Reg_T(S) = max_{p∈S} Σ_t ⟨p, r_t⟩ − E[Σ_t r_t(i_t)]   [seed, Section 2.1]

The benchmark only needs R = Σ_t r_t (the reward sum), since the objective is linear in p.

Main statements
---------------
* ``best_in_box_simplex(R, lower, upper)`` — max ⟨p, R⟩ over {p ∈ Δ(n): lower ≤ p ≤ upper} by the
  greedy closed form (fill the floors, then pour the remaining mass into the best items up to their
  caps). Second route: ``best_in_box_simplex_lp`` (scipy ``linprog``); tests compare them.
* ``best_in_target(R, target, **params)`` — the benchmark for each target set of the issue:

  ===================  ====================================  ======================================
  ``target``           set                                   closed form
  ===================  ====================================  ======================================
  ``"simplex"``        Δ(n)                                  max_i R_i
  ``"capped_simplex"`` {p ∈ Δ(n): p_i ≤ 1/k}  (``k``)         mean of the k largest R_i
  ``"smoothed"``       Δ_φ = {p_i ≥ φ/n}  (``phi``)          (φ/n) Σ R + (1 − φ) max R
  ``"eird_box"``       {p_i ≤ λ/(k−1+λ)}  (``lam``, ``k``)    greedy (box simplex)
  ``"eird_v"``         EIRD_V  (``score_vectors``, ``k``)    LP, ``eird.best_in_eird_v``
  ===================  ====================================  ======================================

* ``regret(R, learner_reward, target, **params)`` — benchmark − learner reward.
* ``expected_reward(model, trajectory, rewards)`` — the learner's pseudo-reward
  Σ_t ⟨q(K_t; v_t), r_t⟩ = Σ_t E[r_t(i_t) | past] of a recorded run (choice noise removed).
* ``monte_carlo(fn, seeds)`` — mean, standard error and a normal 95% interval over replicates.

Notation
--------
=======  =================  ===========================================
paper    code               meaning
=======  =================  ===========================================
Σ r_t    ``reward_sum``     length-n vector R
S        ``target``         target set (name + parameters)
Reg_T    ``regret``         benchmark minus the learner's reward
=======  =================  ===========================================

Implementation notes
--------------------
For *expected* regret, pass as ``learner_reward`` the pseudo-reward Σ_t ⟨x̃_t, r_t⟩ (the expectation
of r_t(i_t) given the past, ``expected_reward``): it has the same expectation as Σ_t r_t(i_t) and
less variance. The Δ_φ benchmark of every certificate is ``best_in_target(R, "smoothed", phi=φ)``
(one implementation; its second route is ``best_in_box_simplex_lp(R, φ/n, 1)``).
Tested: tests/test_regret.py; the Δ_φ closed form = LP is certified in
``theorem3_5_baselines_paired_comparison`` and
``benchmark_ordering_box_le_eird_v_and_delta_phi_le_eird_v_of_lemma2``.

References: paper A, arXiv 2302.06014, §2.1 (regret against a target set).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from reference._numerics import as_vector, check_integer, check_k, check_lam, check_real, speaks_as
from reference.adaptive_preferences.setting.rewards import check_rewards

__all__ = [
    "best_in_box_simplex",
    "best_in_box_simplex_lp",
    "best_in_target",
    "regret",
    "expected_reward",
    "MonteCarloSummary",
    "monte_carlo",
    "TARGETS",
]

TARGETS = ("simplex", "capped_simplex", "smoothed", "eird_box", "eird_v")


def _box_bound(fn: str, arg: str, bound, n: int) -> np.ndarray:
    """A box bound: one finite real for every item, or a length-n vector (coercion policy of _numerics)."""
    if np.ndim(bound) == 0 and not isinstance(bound, (str, bytes)):
        return np.full(n, float(check_real(fn, arg, bound)))
    return as_vector(fn, arg, bound, n=n, n_from="reward_sum").copy()


def best_in_box_simplex(reward_sum, lower, upper) -> tuple[float, np.ndarray]:
    """(value, p): max ⟨p, R⟩ over {p ∈ Δ(n): lower ≤ p ≤ upper}, greedy closed form.

    Start from p = lower; pour the remaining mass 1 − Σ lower into items in decreasing order of R,
    each up to its cap. Optimal by an exchange argument (moving mass from a lower-R item to a
    higher-R one never decreases the value). Raises ValueError if the set is empty.
    """
    fn = "best_in_box_simplex"
    R = as_vector(fn, "reward_sum", reward_sum)
    n = len(R)
    lo, up = _box_bound(fn, "lower", lower, n), _box_bound(fn, "upper", upper, n)
    if np.any(lo > up) or lo.sum() > 1 + 1e-12 or up.sum() < 1 - 1e-12:
        raise ValueError(f"{fn}: the set {{p in simplex: lower <= p <= upper}} is empty "
                         f"(sum lower = {lo.sum()}, sum upper = {up.sum()}).")
    p = lo.copy()
    rest = 1.0 - lo.sum()
    for i in np.argsort(-R, kind="stable"):
        if rest <= 0:
            break
        add = min(up[i] - lo[i], rest)
        p[i] += add
        rest -= add
    return float(p @ R), p


def best_in_box_simplex_lp(reward_sum, lower, upper) -> tuple[float, np.ndarray]:
    """Second route for ``best_in_box_simplex``: scipy ``linprog`` (HiGHS) on the same LP."""
    from scipy.optimize import linprog

    R = as_vector("best_in_box_simplex_lp", "reward_sum", reward_sum)
    n = len(R)
    lower = _box_bound("best_in_box_simplex_lp", "lower", lower, n)
    upper = _box_bound("best_in_box_simplex_lp", "upper", upper, n)
    lo = np.broadcast_to(np.asarray(lower, dtype=float), (n,))
    up = np.broadcast_to(np.asarray(upper, dtype=float), (n,))
    if np.any(lo > up) or lo.sum() > 1.0 + 1e-12 or up.sum() < 1.0 - 1e-12:
        raise ValueError(f"best_in_box_simplex_lp: the box [lower, upper] must meet the simplex (lower <= upper "
                         f"entrywise, Σ lower <= 1 <= Σ upper); got Σ lower = {lo.sum():.6g}, "
                         f"Σ upper = {up.sum():.6g}.")
    res = linprog(-R, A_eq=np.ones((1, n)), b_eq=[1.0], bounds=list(zip(lo, up)), method="highs")
    if res.status != 0:
        raise ValueError(f"best_in_box_simplex_lp: the LP failed: {res.message}")
    return float(res.x @ R), res.x


def best_in_target(reward_sum, target: str = "simplex", **params) -> tuple[float, np.ndarray]:
    """(value, p*): the best fixed distribution in hindsight over the target set (table above)."""
    fn = "best_in_target"
    R = as_vector(fn, "reward_sum", reward_sum)
    n = len(R)
    if target == "simplex":
        return best_in_box_simplex(R, 0.0, 1.0)
    if target == "capped_simplex":
        k = check_k(fn, params.get("k"), n)
        return best_in_box_simplex(R, 0.0, 1.0 / k)
    if target == "smoothed":
        phi = params.get("phi")
        if phi is None:
            raise ValueError(f"{fn}: target 'smoothed' needs phi in [0, 1]; got None.")
        check_real(fn, "phi", phi, low=0, high=1)
        return best_in_box_simplex(R, float(phi) / n, 1.0)
    if target == "eird_box":
        lam, k = params.get("lam"), check_k(fn, params.get("k"), n)
        if lam is None:
            raise ValueError(f"{fn}: target 'eird_box' needs lam in (0, 1]; got None.")
        check_lam(fn, lam)
        cap = float(lam) / (k - 1 + float(lam))
        return best_in_box_simplex(R, 0.0, cap)
    if target == "eird_v":
        import reference.adaptive_preferences.setting.sec2_eird as eird

        value, p = eird.best_in_eird_v(R, params["score_vectors"], params["k"])
        return float(value), np.asarray(p, dtype=float)
    raise ValueError(f"{fn}: target must be one of {TARGETS}; got {target!r}.")


@speaks_as("regret")
def regret(reward_sum, learner_reward: float, target: str = "simplex", **params) -> float:
    """Reg_T(S) = max_{p∈S} ⟨p, Σ_t r_t⟩ − learner_reward."""
    learner_reward = float(check_real("regret", "learner_reward", learner_reward))
    value, _ = best_in_target(reward_sum, target, **params)
    return value - learner_reward


def expected_reward(model, trajectory, rewards) -> float:
    """Σ_t ⟨q(K_t; f(v_t)), r_t⟩ from a recorded trajectory: the learner's reward with choice noise removed.

    ``trajectory`` must have been recorded (``run_interaction(..., record=True)``: it needs the
    menus and memories); ``rewards`` is the (T, n) reward table of the run. Uses
    ``model.scores_batch`` when the model has it.
    """
    fn = "expected_reward"
    if not hasattr(model, "scores"):
        raise ValueError(f"{fn}: model must be a preference model (with a scores method); got {type(model).__name__}.")
    if not hasattr(trajectory, "menus") or not hasattr(trajectory, "memories"):
        raise ValueError(f"{fn}: trajectory must be a Trajectory from run_interaction(..., record=True); "
                         f"got {type(trajectory).__name__}.")
    if len(trajectory.menus) != len(trajectory.memories) or not trajectory.menus:
        raise ValueError(f"{fn}: trajectory must be recorded (run_interaction(..., record=True)); "
                         f"it has {len(trajectory.menus)} menus and {len(trajectory.memories)} memories.")
    V = np.asarray(trajectory.memories, dtype=float)
    F = model.scores_batch(V) if hasattr(model, "scores_batch") else np.array([model.scores(v) for v in V])
    menus = np.asarray(trajectory.menus, dtype=int)
    table = check_rewards(fn, rewards, V.shape[1])
    if table.shape[0] < len(menus):
        raise ValueError(f"{fn}: rewards must have a row for each of the trajectory's {len(menus)} rounds; "
                         f"got {table.shape[0]}.")
    rows = np.arange(len(menus))[:, None]
    f = F[rows, menus]
    q = f / f.sum(axis=1, keepdims=True)  # q(K_t; v_t) on the menu's items
    return float(np.sum(q * table[rows, menus]))


@dataclass
class MonteCarloSummary:
    """Mean, standard error (sample sd/√N) and normal 95% interval of replicate values."""

    values: np.ndarray
    mean: float
    se: float
    ci95: tuple[float, float]

    @property
    def upper3se(self) -> float:
        """mean + 3 SE: what the expectation certificates compare with a bound."""
        return self.mean + 3 * self.se


def monte_carlo(fn: Callable[[int], float], seeds: Iterable[int]) -> MonteCarloSummary:
    """Evaluate ``fn(seed)`` for each seed; summarise. N = 1 gives se = 0 (report N!)."""
    return summarise_replicates("monte_carlo", "fn", fn, seeds)


def summarise_replicates(name: str, arg: str, fn: Callable[[int], float], seeds: Iterable[int]) -> MonteCarloSummary:
    """``monte_carlo`` for the public function ``name`` whose callable argument is called ``arg``."""
    if not callable(fn):
        raise ValueError(f"{name}: {arg} must be a callable seed -> float; got {type(fn).__name__}.")
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise ValueError(f"{name}: seeds must be an iterable of non-negative integers; got {seeds!r:.80}.")
    seeds = [check_integer(name, "seeds", s, minimum=0) for s in seeds]
    values = np.array([float(check_real(name, arg, fn(s), what="(the value it returned)")) for s in seeds])
    if values.size == 0:
        raise ValueError(f"{name}: seeds must not be empty.")
    mean = float(values.mean())
    se = float(values.std(ddof=1) / math.sqrt(values.size)) if values.size > 1 else 0.0
    return MonteCarloSummary(values, mean, se, (mean - 1.96 * se, mean + 1.96 * se))
