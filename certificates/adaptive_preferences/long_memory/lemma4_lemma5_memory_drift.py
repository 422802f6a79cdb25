"""Paper A, Appendix B.2 (Lemmas 4–5, reconstructed): memory drift bounds, checked on random histories.

Certificate ``memory_drift_le_lemma4_bound`` (reference:
``reference/adaptive_preferences/long_memory/lemma4_lemma5_memory_drift.py``): Lemma 4 exactly, in
Fractions, on random histories and on the attaining history (r picks of one item absent from v_t);
Lemma 5's ``rounds_within_drift`` is maximal (checked at r* and r* + 1) and above its closed form.
"""

from __future__ import annotations

from fractions import Fraction

import reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift as mh
from certificates.registry import Evidence, Mutant, certificate
from reference.adaptive_preferences.realizability.def1_memory import memory_from_history


def _steady_state_only(gamma, weight, rounds):
    """Broken Lemma 4: the steady-state form 2(1 − γ^r), wrong while W < H (early rounds)."""
    return 2 * (1 - float(gamma) ** rounds)


@certificate(
    id="memory_drift_le_lemma4_bound",
    paper="A",
    item="Appendix B.2, Lemmas 4–5 (recon)",
    statement="‖v_{t+r} − v_t‖₁ ≤ 2(1 − γ^r W/W_r) for every history (exact in Fractions), with equality when all r "
              "picks are one item absent from v_t; rounds_within_drift(γ, W, ε) is the largest r with bound ≤ ε.",
    mutants=[Mutant("steady-state-bound", "Lemma 4 without the weight W (2(1 − γ^r))",
                    {"reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift:memory_drift_bound":
                         _steady_state_only})],
)
def memory_drift_le_lemma4_bound(ctx):
    for seed, rng in ctx.instances(quick=150, standard=1500, audit=15000, smoke=20):
        n = int(rng.integers(2, 6))
        gamma = Fraction(int(rng.integers(1, 20)), 20)
        if rng.random() < 0.3:
            gamma = Fraction(1)
        w0 = Fraction(int(rng.integers(0, 4)))
        t = int(rng.integers(0, 6))
        r = int(rng.integers(1, 8))
        hist = [int(x) for x in rng.integers(0, n, size=t + r)]
        if rng.random() < 0.5:  # the attaining history: r picks of one item absent from v_t
            hist = [0] * t + [n - 1] * r
            hist[:t] = [0] * t
        v1 = [Fraction(1, n)] * n if rng.random() < 0.5 else [Fraction(1)] + [Fraction(0)] * (n - 1)
        vt = memory_from_history(hist[:t], gamma, n, v1, w0)
        vtr = memory_from_history(hist, gamma, n, v1, w0)
        weight_t = gamma**t * w0 + sum((gamma**j for j in range(t)), Fraction(0))  # W behind v_t
        drift = sum(abs(a - b) for a, b in zip(vtr, vt))
        bound = mh.memory_drift_bound(gamma, weight_t, r)
        yield Evidence(observed=drift, bound=bound, seed=seed,
                       instance={"n": n, "gamma": gamma, "W0": w0, "t": t, "r": r, "history": hist})
    # Lemma 5: r* = rounds_within_drift is the largest r with bound ≤ ε (checked at r* and r* + 1)
    for seed, rng in ctx.instances(quick=60, standard=600, audit=6000, smoke=10):
        gamma = float(1 - 10 ** rng.uniform(-4, -0.5))
        weight = float(rng.uniform(0, 1 / (1 - gamma)))
        eps = float(rng.uniform(0.01, 1.5))
        r = mh.rounds_within_drift(gamma, weight, eps)
        over = float(mh.memory_drift_bound(gamma, weight, r + 1)) - eps  # must be > 0
        under = float(mh.memory_drift_bound(gamma, weight, r)) - eps  # must be ≤ 0
        lower = mh.rounds_within_drift_lower(gamma, weight, eps)
        yield Evidence(observed=max(under, -over, lower - r, 0.0) if over > 0 else 1.0, bound=0.0, seed=seed,
                       instance={"gamma": gamma, "W": weight, "eps": eps, "r": r, "closed_form_lower": lower})
