"""Paper A, Definitions 2–3: the model library's computed constants hold (Lipschitz, score range, scale bounds)."""

from __future__ import annotations

import numpy as np

import reference.adaptive_preferences.setting.def2_def3_models as md
import reference.adaptive_preferences.setting.def4_lemma2_smoothed_simplex as ss
from certificates.registry import Evidence, Mutant, certificate

_ORIG_SB = md.random_scale_bounded_model
#: Rounding room on the sampled Lipschitz ratio: L is attained exactly by linear models, and a
#: difference quotient over a step of 1e-4 carries a relative rounding error of order 1e-12.
RATIO_TOL = 1e-8


def _steep_sigmoid(x):  # a steeper activation than the one the Lipschitz proof assumes
    return 0.5 * (1.0 + np.tanh(1.5 * x))


def _sb_lipschitz_without_memory_term(lam, c, b, scale=1.0):  # drops the derivative of (v_i + λ)
    b = np.asarray(b, dtype=float)
    return float(scale * c * np.max(np.log(c) * md._half_range(b) * (1.0 + lam)))


def _sb_model_with_squared_c(n, lam, c, seed, *, strength=1.0, normalize=False):  # factors in [1/c², c²]
    m = _ORIG_SB(n, lam, c * c, seed, strength=strength, normalize=normalize)
    m.c = c
    return m


def _models(rng, ctx):
    n = int(rng.integers(2, ctx.choose(smoke=6, quick=9, audit=20)))
    lam = float(rng.choice([0.01, 0.1, 0.5]))
    c = float(rng.choice([1.0, 1.5, 2.0, 4.0]))
    s = int(rng.integers(2**31))
    strength = float(rng.choice([0.0, 0.5, 1.0, 3.0]))
    return [
        ("sigmoid", md.random_smooth_model(n, lam, s, strength=max(strength, 0.5), quadratic=bool(s % 2))),
        ("scale-bounded", md.random_scale_bounded_model(n, lam, c, s, strength=strength, normalize=bool(s % 3 == 0))),
        ("linear extreme", md.extreme_scale_bounded_model(n, lam, max(c, 1.5), int(rng.integers(n)))),
    ]


@certificate(
    id="smooth_model_lipschitz_le_computed",
    paper="A",
    item="Definition 2 (smooth models) — model library",
    statement="Every library model's computed ‖·‖₁-Lipschitz constant L bounds |f_i(v) − f_i(w)| / ‖v − w‖₁ on sampled "
              "and adversarial pairs of Δ(n) (observed: the worst ratio to L; bound 1), and SigmoidModel scores lie "
              "in [λ, 1].",
    mutants=[
        Mutant("steeper-sigmoid", "the activation is 3× steeper than the proof assumes",
               {"reference.adaptive_preferences.setting.def2_def3_models:_sigmoid": _steep_sigmoid}),
        Mutant("sb-lipschitz-drops-term", "scale-bounded L without the derivative of (v_i + λ)",
               {"reference.adaptive_preferences.setting.def2_def3_models:scale_bounded_lipschitz":
                _sb_lipschitz_without_memory_term}),
    ],
)
def smooth_model_lipschitz_le_computed(ctx):
    ratios = {}
    pairs = ctx.choose(smoke=200, quick=400, audit=4000)
    for seed, rng in ctx.instances(smoke=6, quick=40, standard=400, audit=2000):
        for name, model in _models(rng, ctx):
            if not model.lipschitz > 0:  # a zero constant is itself a claim: the model must be constant
                model_l = 1e-300
            else:
                model_l = model.lipschitz
            ratio, witness = md.empirical_lipschitz_ratio(model, pairs, int(rng.integers(2**31)), lipschitz=model_l)
            ratios[name] = max(ratios.get(name, 0.0), ratio)
            yield Evidence(observed=ratio, bound=1.0 + RATIO_TOL, seed=seed,
                           instance={"model": repr(model), "witness": witness})
            if name == "sigmoid":
                V = rng.dirichlet(np.full(model.n, 0.3), size=200)
                F = model.scores_batch(V)
                out = max(float(np.max(F)) - 1.0, model.lam - float(np.min(F)))
                yield Evidence(observed=out, bound=0.0, seed=seed,
                               instance={"route": "scores in [λ, 1]", "model": repr(model)})
    ctx.record("worst empirical / computed Lipschitz ratio by model family", ratios)


@certificate(
    id="random_scale_bounded_model_is_scale_bounded",
    paper="A",
    item="Definition 3 (scale-bounded) [recon, ours] — model library",
    statement="random_scale_bounded_model(n, λ, c, …) satisfies (v_i+λ)/c ≤ f_i(v)/s ≤ c(v_i+λ) at the vertices, "
              "u_n and random memories (observed: −margin; bound 0), and the margin is exactly the distance to the "
              "nearer inequality for linear models (exact Fractions).",
    mutants=[Mutant("factor-range-squared", "the model's factors range over [1/c², c²]",
                    {"reference.adaptive_preferences.setting.def2_def3_models:random_scale_bounded_model":
                     _sb_model_with_squared_c})],
)
def random_scale_bounded_model_is_scale_bounded(ctx):
    worst = None
    for seed, rng in ctx.instances(smoke=8, quick=60, standard=600, audit=6000):
        n = int(rng.integers(2, 10))
        lam = float(rng.choice([0.001, 0.05, 0.3, 1.0]))
        c = float(rng.choice([1.2, 2.0, 5.0]))
        model = md.random_scale_bounded_model(n, lam, c, int(rng.integers(2**31)),
                                              strength=float(rng.choice([0.5, 2.0, 5.0])),
                                              normalize=bool(rng.integers(2)))
        margin, v = ss.scale_bounded_sampled_margin(model, lam, c, ctx.choose(smoke=100, quick=200, audit=2000),
                                                    int(rng.integers(2**31)), scale=model.scale)
        worst = margin if worst is None else min(worst, margin)
        yield Evidence(observed=-margin, bound=1e-12, seed=seed,
                       instance={"model": repr(model), "lam": lam, "c": c, "worst_memory": v})
    ctx.record("smallest sampled margin", worst)
