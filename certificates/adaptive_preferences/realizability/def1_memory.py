"""Paper A, Definition 1 (discounted memory): the recursion equals the closed form.

Certificate ``memory_recursion_eq_closed_form``: starting from v_1 with pseudo-weight W_0, running
``discounted_memory_update`` along a history i_1..i_t gives exactly ``memory_from_history`` (the
closed form (γ^t W_0 v_1 + Σ_s γ^{t−s} e_{i_s}) / (γ^t W_0 + Σ_s γ^{t−s})), in Fractions, and to
1e-12 in floats. With W_0 = 0 the step sizes are the normalised discounted average's
w_t = (1 − γ)/(1 − γ^t) (γ < 1) and 1/t (γ = 1), checked exactly too. Definition 1 is our reconstruction
(recon): reference/adaptive_preferences/realizability/def1_memory.py.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import reference.adaptive_preferences.realizability.def1_memory as mem
from certificates.registry import Evidence, Mutant, certificate

_ORIGINAL_UPDATE = mem.discounted_memory_update


def _update_undiscounted_weight(memory, chosen, gamma, weight=1):
    """Mutant: W_t = W_{t−1} + 1 (forgets to discount the old weight)."""
    return _ORIGINAL_UPDATE(memory, chosen, 1 if isinstance(gamma, (int, Fraction)) else 1.0, weight)


def _random_case(rng, exact: bool):
    n = int(rng.integers(1, 7))
    t = int(rng.integers(0, 16))
    history = [int(i) for i in rng.integers(0, n, size=t)]
    if exact:
        gamma = Fraction(int(rng.integers(1, 11)), 10)
        w0 = Fraction(int(rng.integers(0, 5)), int(rng.integers(1, 4)))
        raw = [int(x) for x in rng.integers(0, 6, size=n)]
        raw[0] += 1
        v1 = [Fraction(x, sum(raw)) for x in raw]
    else:
        gamma = float(rng.uniform(0.05, 1.0))
        w0 = float(rng.uniform(0, 4)) if rng.integers(0, 4) else 0.0
        v1 = rng.dirichlet(np.ones(n))
    return n, history, gamma, w0, v1


@certificate(
    id="memory_recursion_eq_closed_form",
    paper="A",
    item="Definition 1",
    statement="The discounted-memory recursion v_{t+1} = (γW_{t−1} v_t + e_{i_t})/W_t, W_t = γW_{t−1} + 1, equals the "
              "closed form (γ^t W_0 v_1 + Σ_s γ^{t−s} e_{i_s})/(γ^t W_0 + Σ_s γ^{t−s}) exactly in Fractions and within "
              "1e-12 in floats; with W_0 = 0 the step size is (1−γ)/(1−γ^t) exactly.",
    mutants=[Mutant("undiscounted-weight", "the recursion's weight is not discounted (W_t = W_{t−1} + 1)",
                    {"reference.adaptive_preferences.realizability.def1_memory:discounted_memory_update":
                     _update_undiscounted_weight})],
)
def memory_recursion_eq_closed_form(ctx):
    for index, (seed, rng) in enumerate(ctx.instances(quick=300, standard=3000, audit=30000, smoke=12)):
        exact = index % 2 == 0
        n, history, gamma, w0, v1 = _random_case(rng, exact)
        if index % 6 == 0:  # make sure γ < 1 and a non-trivial history are covered in smoke
            gamma = Fraction(1, 2) if exact else 0.5
            history = history or [0, 0]
        v, weight = (list(v1) if exact else np.array(v1)), w0
        steps = []
        for i in history:
            before = weight
            v, weight = mem.discounted_memory_update(v, i, gamma, weight)
            steps.append((before, weight))
        closed = mem.memory_from_history(history, gamma, n, initial_memory=v1, initial_weight=w0)
        err = max(abs(a - b) for a, b in zip(v, closed))
        yield Evidence(observed=err if exact else float(err), bound=Fraction(0) if exact else 1e-12, seed=seed,
                       instance={"n": n, "gamma": gamma, "W0": w0, "v1": v1, "history": history})
        if exact and w0 == 0 and history:
            # the W_0 = 0 step size: w_t = 1/W_t = (1 − γ)/(1 − γ^t), or 1/t at γ = 1
            t = len(history)
            spec = Fraction(1, t) if gamma == 1 else (1 - gamma) / (1 - gamma**t)
            yield Evidence(observed=abs(1 / weight - spec), bound=Fraction(0), seed=seed,
                           instance={"check": "step_size", "gamma": gamma, "t": t, "W_t": weight})
