"""Paper A, §3.3 / Appendix B.3 (recon): score learning near the current memory — coverage of the
accuracy guarantee ``score_accuracy_bound`` over many learning phases.

Certificate ``score_estimate_log_spread_le_accuracy_bound_whp`` (reference:
``reference/adaptive_preferences/long_memory/sec3_score_learning.py``): over R phases, the number
with log_spread(f̂, f(v_ref)) above the bound is at most the (1 − 10⁻³) quantile of Binomial(R, β),
for a designed instance (unequal menu score sums), constant models (multinomial counts) and
drifting smooth models (an ``Agent`` answers the queries).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

import reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift as mh
import reference.adaptive_preferences.long_memory.sec3_score_learning as sl
from certificates.registry import Evidence, Mutant, certificate
from reference.adaptive_preferences.realizability.sec2_choice import choice_distribution
from reference.adaptive_preferences.setting.def2_def3_models import random_smooth_model
from reference.adaptive_preferences.setting.sec2_simulator import Agent

BETA = 0.2  # stated failure probability per phase (large, so coverage is a sharp test)
FALSE_ALARM = 1e-3  # the certificate fails if misses exceed the (1 − FALSE_ALARM) quantile of Bin(R, β)

_ORIGINAL_ESTIMATE = sl.estimate_scores
_ORIGINAL_RADIUS = sl.hoeffding_radius


def _raw_frequencies(design, counts):
    """Broken estimator: item frequencies on the home menu, never divided by the reference count."""
    counts = np.asarray(counts, dtype=float)
    shows = counts[0].sum()
    f = np.array([counts[0, 0] / shows] + [counts[design.home[i], i] / shows for i in range(1, design.n)])
    f = np.maximum(f, 0.5 / shows)
    return f / f.max(), True


def _radius_too_small(shows, beta_each):
    """Broken guarantee: the Hoeffding radius without its log(2/β') factor, divided by 4."""
    return math.sqrt(1 / (2 * shows)) / 4


def _phase_constant(rng, n, k, lam, shows, f=None):
    """A phase against constant scores: counts are multinomial (no drift), f(v_ref) = f."""
    if f is None:
        f = rng.uniform(lam, 1.0, size=n)
        f[int(rng.integers(0, n))] = lam
    design = sl.reference_design(n, k)
    counts = np.zeros((len(design.menus), n), dtype=int)
    for g, menu in enumerate(design.menus):
        q = choice_distribution(menu, f)
        counts[g] = rng.multinomial(shows, q / q.sum())
    f_hat, _ = sl.estimate_scores(design, counts)
    bound = sl.score_accuracy_bound(n, k, lam, 0.0, shows, 0.0, BETA)
    return sl.log_spread(f_hat, f), bound


def _phase_smooth(rng, model, n, k, shows, gamma, weight):
    """A phase against a drifting smooth model: run ScoreQuery with an Agent, truth = f(v_ref)."""
    memory = rng.dirichlet(np.ones(n))
    agent = Agent(model, gamma, seed=int(rng.integers(2**31)), initial_memory=memory, initial_weight=weight)
    query = sl.ScoreQuery(n, k, shows, reference_memory=agent.memory.copy(), start_weight=agent.weight)
    truth = model.scores(agent.memory)
    while not query.done:
        menu = query.menu()
        query.record(menu, agent.choose(menu))
    f_hat, _ = query.estimate()
    drift = float(mh.memory_drift_bound(gamma, weight, query.length - 1))
    bound = sl.score_accuracy_bound(n, k, model.lam, model.lipschitz, shows, drift, BETA)
    return sl.log_spread(f_hat, truth), bound


@certificate(
    id="score_estimate_log_spread_le_accuracy_bound_whp",
    paper="A",
    item="Section 3.3 / Appendix B.3: score learning (recon)",
    statement=f"Over R learning phases, the number with log_spread(f̂, f(v_ref)) > score_accuracy_bound(…, β={BETA}) "
              f"is at most the {1 - FALSE_ALARM} quantile of Binomial(R, β) (coverage ≥ 1 − β), for constant "
              f"models (multinomial route) and drifting smooth models (Agent route).",
    mutants=[
        Mutant("raw-frequencies", "estimator never divides by the reference item's count",
               {"reference.adaptive_preferences.long_memory.sec3_score_learning:estimate_scores": _raw_frequencies}),
        Mutant("radius-too-small", "Hoeffding radius without log(2/β') and divided by 4",
               {"reference.adaptive_preferences.long_memory.sec3_score_learning:hoeffding_radius": _radius_too_small}),
    ],
)
def score_estimate_log_spread_le_accuracy_bound_whp(ctx):
    ratios = []
    for index, (seed, rng) in enumerate(ctx.instances(quick=6, standard=30, audit=60, smoke=2)):
        kinds = ("designed", "constant", "smooth") if ctx.profile != "smoke" else ("designed", "smooth")
        kind = kinds[index % len(kinds)]
        n = int(rng.integers(3, 6))
        k = int(rng.integers(2, n + 1))
        lam = float(rng.uniform(0.4, 0.9))
        fixed = None
        if kind == "designed":  # query menus with unequal score sums: where a wrong normalisation shows
            n, k, lam = 4, 2, 0.4
            fixed = np.array([0.4, 1.0, 0.4, 1.0])
        if kind == "smooth":
            model = random_smooth_model(n, lam, int(rng.integers(2**31)), strength=0.3, quadratic=False)
            shows = ctx.choose(smoke=300, quick=400, audit=1000)
            reps = ctx.choose(smoke=8, quick=10, audit=20)
            gamma, weight = 0.999, 500.0
            results = [_phase_smooth(rng, model, n, k, shows, gamma, weight) for _ in range(reps)]
        else:
            shows = ctx.choose(smoke=3000, quick=5000, audit=20000)
            reps = ctx.choose(smoke=40, quick=100, audit=1000)
            results = [_phase_constant(rng, n, k, lam, shows, fixed) for _ in range(reps)]
        misses = sum(1 for s, b in results if not s <= b)
        allowed = int(stats.binom.ppf(1 - FALSE_ALARM, reps, BETA))
        finite = [s / b for s, b in results if math.isfinite(b) and b > 0]
        ratios.extend(finite)
        yield Evidence(observed=misses, bound=allowed, seed=seed,
                       instance={"n": n, "k": k, "lam": lam, "model": kind,
                                 "shows": shows, "phases": reps, "beta": BETA,
                                 "worst_spread_over_bound": max(finite) if finite else None})
    if ratios:
        ctx.record("mean log_spread / bound (tightness)", float(np.mean(ratios)))
        ctx.record("max log_spread / bound", float(np.max(ratios)))
