"""Burn-in of Algorithm 3 (paper A, arXiv 2302.06014, Appendix C.2): saturate k items, then show the k lowest.

The surviving prose of Appendix C.2 describes the burn-in: first concentrate the memory on [k — our reading;
the symbol is lost] items, so that the recommender's tracked memory no longer depends on the unknown initial
memory; then show low-memory items until the memory is near uniform. The rule below is our reconstruction
[recon]; its deterministic invariant is ours [derived].

Main statements
---------------
* ``lowest_k_menu(v, k)`` [recon] — the k items of smallest memory (ties by index).
* ``lowest_k_max_memory_bound(n, k, step, previous_max)`` [derived] — a deterministic invariant of the
  lowest-k rule (any agent behaviour): after a round of Definition 1 with step s = 1/W_t,
  max_i v_i ≤ max((1 − s)·previous_max, (1 − s)/(n − k + 1) + s).
* ``BurnIn`` [recon] — phase 1 shows K_0 = {0, …, k−1} for S rounds; phase 2 shows ``lowest_k_menu`` until
  ‖v − u_n‖₁ ≤ ε. The surviving text claims that no item gets stuck and u_n is reached within Õ(1/(1 − γ))
  rounds; the certificate tests that claim with an explicit budget (a claim, not proved here).

Certified: ``burn_in_reaches_uniform_and_max_memory_invariant``
(``certificates/adaptive_preferences/scale_bounded/burn_in.py``): the invariant in every round; the
rounds to ε-uniform against the budget ⌈2H ln(2n/ε)/margin⌉ when the escape margin is ≥ 1/4.
Findings: docs/findings.md, "Burn-in: the stall regime".

Notation
--------
==========  =============================  ==============================================
paper       code                           meaning
==========  =============================  ==============================================
v_t         ``memory``                     tracked memory (Definition 1, ``MemoryTracker``)
W_t         ``weight``                     total discounted weight of the history
S           ``saturate_rounds``            rounds of phase 1
ε           ``eps``                        target distance ‖v − u_n‖₁
γ, H        ``gamma``                      discount, H = 1/(1 − γ)
==========  =============================  ==============================================

Implementation notes
--------------------
The memory is tracked from the observed choices with Definition 1's one implementation
(``realizability.def1_memory.MemoryTracker``), so it equals the agent's memory bit for bit when the
recommender starts from the agent's (v_1, W_0). After S rounds of saturation the unknown initial memory's
share is ≤ γ^S W_0/W_S. The invariant is evaluated with the tracker's own floating-point operations, so
it holds exactly in floats (rounding is monotone). Recommender protocol: ``propose(t)`` /
``observe(t, menu, chosen, reward)``.

References: paper A, arXiv 2302.06014, Appendix C.2 (burn-in).
"""

from __future__ import annotations

import math

import numpy as np

from reference._numerics import as_vector, check_integer, check_k, check_real
from reference.adaptive_preferences.realizability.def1_memory import MemoryTracker

__all__ = ["lowest_k_menu", "lowest_k_max_memory_bound", "check_items_menu_discount", "BurnIn"]


def lowest_k_menu(memory, k: int) -> tuple[int, ...]:
    """The k items with the smallest memory weight (ties by index), as a sorted menu."""
    v = as_vector("lowest_k_menu", "memory", memory)
    k = check_k("lowest_k_menu", k, len(v))
    order = np.lexsort((np.arange(len(v)), v))
    return tuple(sorted(int(i) for i in order[:k]))


def lowest_k_max_memory_bound(n: int, k: int, step: float, previous_max: float) -> float:
    """Deterministic invariant of the lowest-k rule: an upper bound on max_i v_i after one round [derived].

    If the menu is the k items with the smallest memory, the chosen item j had v_j ≤ v_(k) (the k-th smallest)
    ≤ 1/(n − k + 1) (the n − k + 1 largest entries sum to ≤ 1). Definition 1 with step s = 1/W_t (W_t = γW_{t−1} + 1)
    gives v_j' = (1 − s)v_j + s and v_i' = (1 − s)v_i for every other i, so

        max_i v_i' ≤ max((1 − s) · previous_max, (1 − s)/(n − k + 1) + s).

    (Unnormalised, M = W v: max_i M_i' ≤ max(γ · max_i M_i, γW/(n − k + 1) + 1).) Any agent behaviour (no
    probability involved): certified at every round of the burn-in. Computed with the same floating-point
    operations as ``MemoryTracker.remember``, whose rounding is monotone, so the bound holds exactly in floats.
    """
    fn = "lowest_k_max_memory_bound"
    n = check_integer(fn, "n", n)
    k = check_k(fn, k, n)
    check_real(fn, "step", step, low=0, high=1)
    check_real(fn, "previous_max", previous_max, low=0, high=1)
    keep = 1.0 - step  # the factor MemoryTracker multiplies the memory by
    return max(previous_max * keep, (1.0 / (n - k + 1)) * keep + step)


def check_items_menu_discount(fn: str, n, k, gamma) -> tuple[int, int, float]:
    """Validate n ≥ 2 items, a menu size 1 ≤ k ≤ n and a discount γ ∈ (0, 1); returns (n, k, γ)."""
    n = check_integer(fn, "n", n, minimum=2)
    k = check_k(fn, k, n)
    gamma = check_real(fn, "gamma", gamma, low=0, high=1, low_open=True, high_open=True)
    return n, k, float(gamma)


class BurnIn:
    """Burn-in of Algorithm 3 [recon]: saturate k items, then show the k lowest (module header).

    Phase 1 (``saturate_rounds`` S): show K_0 = {0, …, k−1}. Afterwards the initial memory's share is
    ≤ γ^S W_0 / W_S, and every item outside K_0 has memory below it — so the recommender's tracked
    memory is accurate even if v_1 was unknown. Phase 2: show the k items of lowest tracked memory until
    ‖v − u_n‖₁ ≤ ``eps`` (``done``, ``finished_at``); ``max_rounds`` is the budget a caller may stop at.
    ``invariant_slack`` is the least slack of ``lowest_k_max_memory_bound`` over the phase-2 rounds.
    """

    def __init__(self, n: int, k: int, gamma: float, *, eps: float, saturate_rounds: int,
                 max_rounds: int | None = None, initial_memory=None, initial_weight: float = 1.0):
        fn = "BurnIn"
        self.n, self.k, self.gamma = check_items_menu_discount(fn, n, k, gamma)
        self.eps = float(check_real(fn, "eps", eps, low=0, high=2, low_open=True))
        self.saturate_rounds = check_integer(fn, "saturate_rounds", saturate_rounds, minimum=0)
        self.max_rounds = max_rounds
        self.tracker = MemoryTracker(self.n, self.gamma, initial_memory=initial_memory, initial_weight=initial_weight,
                                     fn=fn)
        self.rounds = 0
        self.finished_at: int | None = None
        self.max_memory_bound = float(self.tracker.memory.max())  # running deterministic bound (phase 2)
        self.invariant_slack = math.inf  # min over phase-2 rounds of bound − max_i v_i

    @property
    def memory(self) -> np.ndarray:
        """The tracked memory v_t (a copy)."""
        return self.tracker.memory.copy()

    @property
    def weight(self) -> float:
        """W_t, the total discounted weight of the history."""
        return self.tracker.weight

    @property
    def done(self) -> bool:
        return self.finished_at is not None

    def distance_to_uniform(self) -> float:
        return float(np.abs(self.tracker.memory - 1.0 / self.n).sum())

    def propose(self, t: int) -> tuple[int, ...]:
        if self.rounds < self.saturate_rounds:
            return tuple(range(self.k))
        return lowest_k_menu(self.tracker.memory, self.k)

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        chosen = check_integer("BurnIn.observe", "chosen", chosen, minimum=0)
        if chosen >= self.n:
            raise ValueError(f"BurnIn.observe: chosen must be an item in 0..{self.n - 1}; got {chosen}.")
        in_phase2 = self.rounds >= self.saturate_rounds
        self.tracker.remember(chosen)
        self.rounds += 1
        max_memory = float(self.tracker.memory.max())
        if not in_phase2:
            self.max_memory_bound = max_memory
            return
        step = 1.0 / self.tracker.weight  # the step MemoryTracker.remember just took (same operation)
        self.max_memory_bound = lowest_k_max_memory_bound(self.n, self.k, step, self.max_memory_bound)
        self.invariant_slack = min(self.invariant_slack, self.max_memory_bound - max_memory)
        if self.finished_at is None and self.distance_to_uniform() <= self.eps:
            self.finished_at = self.rounds
