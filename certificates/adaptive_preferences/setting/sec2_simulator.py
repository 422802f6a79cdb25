"""Paper A, Section 2.1 and Definition 1, simulator side: the recorded protocol is the paper's protocol.

Certificate ``simulator_run_follows_protocol``: on random agents (constant and memory-dependent
smooth models, random γ) and random menu distributions, a recorded ``run_interaction``

1. keeps memory equal to the closed form of Definition 1 computed from the recorded choices
   (pathwise, to 1e-12), and every choice lies in its menu;
2. chooses items with the frequencies q(K_t; v_t) predicts: for each item i, the count of
   choices differs from Σ_t q(K_t; v_t)_i by at most 5 standard deviations
   √(Σ_t q_i(1 − q_i)) (a martingale CLT check; the bound is probabilistic, fixed seeds).
"""

from __future__ import annotations

import numpy as np

import reference.adaptive_preferences as ap
import reference.adaptive_preferences.setting.baselines as baselines
import reference.adaptive_preferences.setting.def2_def3_models as models
import reference.adaptive_preferences.setting.sec2_simulator as sim
from certificates.registry import Evidence, Mutant, certificate

_ORIGINAL_AGENT = sim.Agent


class _UndiscountedAgent(_ORIGINAL_AGENT):
    """Mutant: W ← W + 1 (forgets γ in Definition 1)."""

    def remember(self, chosen):
        tracker = self.tracker  # the agent's MemoryTracker, updated without γ
        tracker.weight = tracker.weight + 1.0
        step = 1.0 / tracker.weight
        tracker.memory *= 1.0 - step
        tracker.memory[chosen] += step


class _UniformChoiceAgent(_ORIGINAL_AGENT):
    """Mutant: chooses uniformly within the menu (ignores the scores)."""

    def choice_probabilities(self, menu):
        return np.full(len(menu), 1.0 / len(menu))


def _model(rng, n):
    if rng.integers(0, 2) and hasattr(models, "random_smooth_model"):
        return models.random_smooth_model(n, 0.2, int(rng.integers(0, 2**31))), "smooth"
    scores = rng.uniform(0.05, 1.0, size=n)
    scores[int(rng.integers(0, n))] = 1.0
    return ap.ConstantModel(scores), "constant"


@certificate(
    id="simulator_run_follows_protocol",
    paper="A",
    item="Section 2.1 + Definition 1 (simulator)",
    statement="A recorded run keeps memory equal to Definition 1's closed form of the recorded choices, every choice "
              "lies in its menu, and choice counts match Σ_t q(K_t; v_t) within 5 standard deviations.",
    mutants=[
        Mutant("memory-without-discount", "the agent's memory update forgets γ",
               {"reference.adaptive_preferences.setting.sec2_simulator:Agent": _UndiscountedAgent}),
        Mutant("choice-ignores-scores", "the agent picks uniformly within the menu",
               {"reference.adaptive_preferences.setting.sec2_simulator:Agent": _UniformChoiceAgent}),
    ],
)
def simulator_run_follows_protocol(ctx):
    for seed, rng in ctx.instances(quick=10, standard=100, audit=1000, smoke=3):
        n = int(rng.integers(3, 7))
        k = int(rng.integers(2, n + 1))
        gamma = 1.0 if rng.random() < 0.2 else float(rng.uniform(0.3, 0.99))
        model, kind = _model(rng, n)
        menus = ap.all_menus(n, k)
        pick = rng.choice(len(menus), size=min(3, len(menus)), replace=False)
        weights = rng.dirichlet(np.ones(len(pick)))
        dist = [(menus[int(a)], float(w)) for a, w in zip(pick, weights)]
        T = ctx.choose(smoke=600, quick=800, audit=3000)
        agent = sim.Agent(model, gamma, seed=int(rng.integers(0, 2**31)))
        rec = baselines.FixedMenuRecommender(dist, seed=int(rng.integers(0, 2**31)))
        traj = sim.run_interaction(rec, agent, rng.random((T, n)), k, record=True)
        inst = {"n": n, "k": k, "gamma": gamma, "model": kind, "T": T}
        # 1. memory = closed form, choices in menus
        dev = 0.0
        for t in range(0, T, max(1, T // 50)):
            closed = ap.memory_from_history(traj.choices[:t], gamma, n)
            dev = max(dev, float(np.max(np.abs(np.asarray(traj.memories[t]) - closed))))
        outside = sum(c not in m for c, m in zip(traj.choices, traj.menus))
        yield Evidence(observed=dev + outside, bound=1e-12, seed=seed,
                       instance={**inst, "side": "memory closed form + choices in menus"})
        # 2. choice counts vs Σ_t q(K_t; v_t)
        expected, var = np.zeros(n), np.zeros(n)
        for menu, v in zip(traj.menus, traj.memories):
            q = np.asarray(ap.choice_distribution(menu, np.asarray(model.scores(v), dtype=float)), dtype=float)
            expected += q
            var += q * (1 - q)
        z = np.abs(traj.chosen_counts - expected) / np.sqrt(np.maximum(var, 1e-12))
        yield Evidence(observed=float(z.max()), bound=5.0, seed=seed,
                       instance={**inst, "side": "max_i |count_i − Σ q_i| / sd_i <= 5"})
