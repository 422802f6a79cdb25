"""Paper A, Appendix A, Lemma 3 (contracting OGD): the pathwise regret bound for linear losses, exactly.

Reference: ``reference/adaptive_preferences/long_memory/lemma3_contracting_ogd.py`` (statement and proof).

Certificate ``contracting_ogd_linear_regret_le_bound``: for random (and adversarially biased)
rational gradient sequences, rational step sizes and random *contracting* box-simplex schedules
(floors rising, caps falling), contracting OGD computed in Fractions satisfies, for the best
x* ∈ K_{T−1} in hindsight (a vertex, the hardest comparator for a linear objective),

    Σ_t ⟨g_t, x* − x_t⟩ ≤ ‖x_1 − x*‖²/(2η) + (η/2) Σ_t ‖g_t‖²    (exact, no tolerance),

and every iterate lies in its own decision set (feasibility residual exactly 0). The Hypothesis
search for tight/adversarial cases (``target`` on the slack) is in ``tests/test_ogd.py``.
"""

from __future__ import annotations

from fractions import Fraction

import reference.adaptive_preferences.long_memory.lemma3_contracting_ogd as ogd
import reference.adaptive_preferences.setting.projections as proj
from certificates.registry import Evidence, Mutant, certificate

_ORIGINAL_OGD = ogd.contracting_ogd


def _ogd_previous_set(gradients, schedule, x1, eta):
    """Mutant: projects x_t + η g_t onto K_t instead of K_{t+1} (ignores the contraction)."""

    class _Lagged:
        n = schedule.n

        def project(self, t, y):
            return schedule.project(max(t - 1, 0), y)

        def contains(self, t, x):
            return schedule.contains(t, x)

    return _ORIGINAL_OGD(gradients, _Lagged(), x1, eta)


def _ogd_descent(gradients, schedule, x1, eta):
    """Mutant: steps against the reward gradient (x_t − η g_t)."""
    return _ORIGINAL_OGD([[-gi for gi in g] for g in gradients], schedule, x1, eta)


def _exact_best_vertex(R, lo, up):
    """argmax ⟨p, R⟩ over {Σp = 1, lo ≤ p ≤ up} in Fractions (greedy fill, as ``best_in_box_simplex``)."""
    n = len(R)
    p = list(lo)
    rest = 1 - sum(lo)
    for i in sorted(range(n), key=lambda j: -R[j]):
        add = min(up[i] - lo[i], rest)
        p[i] += add
        rest -= add
    return p


def _instance(rng):
    n = int(rng.integers(2, 6))
    T = int(rng.integers(3, 25))
    # contracting box schedule: floors rise from 0 to a_max ≤ 1/(2n), caps fall from 1 to c_min ≥ 2/n
    a_steps = sorted(Fraction(int(x), 4 * n * 8) for x in rng.integers(0, 9, size=T))
    c_steps = sorted((1 - Fraction(int(x), 8) * (1 - Fraction(2, n)) for x in rng.integers(0, 9, size=T)),
                     reverse=True)
    lower = lambda t: a_steps[min(t, T - 1)]  # noqa: E731
    upper = lambda t: c_steps[min(t, T - 1)]  # noqa: E731
    schedule = ogd.BoxSchedule(n, lower, upper, contraction_total=None, min_coordinate=a_steps[0])
    biased = bool(rng.integers(0, 2))
    scale = int(rng.integers(1, 6))
    base = [Fraction(int(x), 4) for x in rng.integers(-4, 5, size=n)]
    gradients = []
    for _ in range(T):
        noise = [Fraction(int(x), 4) for x in rng.integers(-4 * scale, 4 * scale + 1, size=n)]
        gradients.append([b * scale + e for b, e in zip(base, noise)] if biased else noise)
    eta = Fraction(int(rng.integers(1, 9)), int(rng.integers(1, 9)) * 8)
    x1 = proj.project_onto_box_simplex([Fraction(1, n)] * n, lower(0), upper(0))
    return n, T, schedule, gradients, eta, x1, biased, (a_steps, c_steps)


@certificate(
    id="contracting_ogd_linear_regret_le_bound",
    paper="A",
    item="Lemma 3 (contracting OGD)",
    statement="For linear rewards, ANY gradient sequence and nested decision sets K_0 ⊇ K_1 ⊇ …, contracting OGD "
              "x_{t+1} = Π_{K_{t+1}}(x_t + η g_t) has Σ_t ⟨g_t, x* − x_t⟩ ≤ ‖x_1 − x*‖²/(2η) + (η/2) Σ_t ‖g_t‖² "
              "for every x* in the last set, and x_t ∈ K_t (exact, in Fractions).",
    mutants=[
        Mutant("project-onto-previous-set",
               "projects onto K_t instead of K_{t+1} (iterates leave the contracting sets)",
               {"reference.adaptive_preferences.long_memory.lemma3_contracting_ogd:contracting_ogd":
                    _ogd_previous_set}),
        Mutant("descent-instead-of-ascent", "steps x_t − η g_t on rewards",
               {"reference.adaptive_preferences.long_memory.lemma3_contracting_ogd:contracting_ogd": _ogd_descent}),
    ],
)
def contracting_ogd_linear_regret_le_bound(ctx):
    tightest = None
    for seed, rng in ctx.instances(quick=60, standard=600, audit=6000, smoke=8):
        n, T, schedule, gradients, eta, x1, biased, (a_steps, c_steps) = _instance(rng)
        iterates = ogd.contracting_ogd(gradients, schedule, x1, eta)
        R = [sum(g[i] for g in gradients) for i in range(n)]
        lo, up = schedule.bounds(T - 1)
        x_star = _exact_best_vertex(R, [Fraction(lo)] * n, [Fraction(up)] * n)
        regret = ogd.ogd_linear_regret(iterates, gradients, x_star)
        bound = ogd.ogd_linear_regret_bound(iterates[0], x_star, eta, gradients)
        inst = {"n": n, "T": T, "eta": eta, "biased_gradients": biased, "floors": a_steps, "caps": c_steps}
        yield Evidence(observed=regret, bound=bound, seed=seed, instance={**inst, "side": "regret <= bound"})
        infeasible = sum(schedule.contains(t, x) for t, x in enumerate(iterates))
        yield Evidence(observed=infeasible, bound=Fraction(0), seed=seed,
                       instance={**inst, "side": "sum_t residual(x_t in K_t) == 0"})
        if bound > 0:
            ratio = float(regret / bound)
            tightest = ratio if tightest is None else max(tightest, ratio)
    ctx.record("max observed regret/bound ratio", tightest)
