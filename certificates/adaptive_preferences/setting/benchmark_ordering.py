"""Paper A, the benchmarks of the baselines comparison, ordered and each computed by two routes [derived].

Certificate ``benchmark_ordering_box_le_eird_v_and_delta_phi_le_eird_v_of_lemma2``, on random (λ, c)-scale-bounded
models (random ``ScaleBoundedModel``s and extreme linear ones):

(i) the Δ_φ value: closed form (``regret.best_in_target(R, "smoothed")``) = LP (``best_in_box_simplex_lp``);
(ii) where the box applies (``sec2_eird.box_applies``: λ' = λ/(c²(1+λ)) ≥ (k−1)/(n−1)), the box value's greedy
     closed form = the EIRD_V LP at the box corners, the box maximiser has max τ ≤ 1 at every memory of V
     (box ⊆ EIRD), hence value(box) ≤ value(EIRD_V);
(iii) where φ ≥ ``lemma2_min_phi(n, k, λ, c, ε = 2)`` (Lemma 2 at every memory), every vertex of Δ_φ has
     max τ ≤ 1 at every v ∈ V and value(Δ_φ) ≤ value(EIRD_V);
(iv) cvxpy (``best_in_eird_v``) and HiGHS (``eird_v_empty_linprog``) agree on whether EIRD_V is empty, and every
     empty EIRD_V has an exact Farkas witness (``eird_emptiness``: y ≥ 0, Aᵀy > 0 in Fractions);
(v) where c²λ(n−1)² < (k−1)(1+(n−1)λ) (EIRD = ∅ for every model: ``eird_empty_of_lam_lt``) the LP finds EIRD_V
     empty.

So box ⊆ EIRD ⊆ EIRD_V and (under Lemma 2's condition) Δ_φ ⊆ EIRD order the benchmark values:
regret vs EIRD lies between regret vs box and regret vs EIRD_V.

Notation
--------
=============  ==================================  ============================================
paper / ours   code                                meaning
=============  ==================================  ============================================
λ'             ``sec2_eird.score_ratio_floor``     min score / max score of a (λ, c) model
V              ``eird_reference_memories``         finite memory set of EIRD_V (|V| = 2n + 31)
Δ_φ            ``best_in_target(R, "smoothed")``   φ-smoothed simplex benchmark
=============  ==================================  ============================================

Implementation notes
--------------------
Half the instances come from the regime where the box applies (k = 2, λ ≥ 1/2), half from anywhere, so both
the box evidence and the emptiness evidence occur. Every reference function a mutant patches is called as a
module attribute (``eird.score_ratio_floor``, ``eird.eird_box_cap`` through ``eird.best_in_eird_box``,
``ss.lemma2_min_phi``). Findings from runs: docs/findings.md, "EIRD: emptiness on the Theorem 3 instances".
"""

from __future__ import annotations

import math

import numpy as np

import reference.adaptive_preferences.setting.def4_lemma2_smoothed_simplex as ss
import reference.adaptive_preferences.setting.eird_emptiness as ee
import reference.adaptive_preferences.setting.regret as rg
import reference.adaptive_preferences.setting.sec2_eird as eird
from certificates.registry import Evidence, Mutant, certificate
from reference.adaptive_preferences.realizability.lemma1_menu_times import menu_times
from reference.adaptive_preferences.setting.def2_def3_models import (
    extreme_scale_bounded_model,
    random_scale_bounded_model,
)


def _cap_ignoring_lambda(lam, k):
    return 1.0 / k


def _ratio_floor_without_c(lam, c):
    return float(lam) / (1.0 + float(lam))


def _random_ordering_instance(rng):
    """Half the instances from the regime where the box applies (k = 2, λ ≥ 1/2), half from anywhere."""
    box_regime = bool(rng.integers(0, 2))
    while True:
        n = int(rng.integers(3, 7))
        k = 2 if box_regime else int(rng.integers(2, min(3, n - 1) + 1))
        lam = float(rng.choice([0.5, 1.0] if box_regime else [0.05, 0.2, 0.5, 1.0]))
        c = float(rng.choice([1.0, 1.1, 1.3]))
        if not box_regime or eird.box_applies(n, k, lam, c):
            break
    R = rng.uniform(0, 1, size=n) * float(rng.integers(10, 1000))
    if rng.integers(0, 2):
        model, kind = extreme_scale_bounded_model(n, lam, c, int(np.argmax(R))), "extreme (best item disliked)"
    else:
        model, kind = random_scale_bounded_model(n, lam, c, int(rng.integers(2**31)), normalize=True), "random"
    phi_min = ss.lemma2_min_phi(n, k, lam, c, 2.0)
    if phi_min is not None and rng.integers(0, 2):
        phi = float(phi_min + (1.0 - phi_min) * rng.uniform())
    else:
        phi = float(rng.uniform())
    return n, k, lam, c, phi, R, model, kind


def _emptiness_evidence(seed, inst, V, k, ev, counts):
    """(iv)–(v): two solvers agree on EIRD_V = ∅; the λ threshold implies it; an exact Farkas witness proves it."""
    n, lam, c = inst["n"], inst["lam"], inst["c"]
    yield Evidence(observed=int((ev is None) != ee.eird_v_empty_linprog(V, k)), bound=0, seed=seed, instance=inst,
                   note="EIRD_V empty: cvxpy verdict = HiGHS verdict")
    if ee.eird_empty_of_lam_lt(n, k, lam, c)[0]:
        counts["eird_empty_by_lam_condition"] = counts.get("eird_empty_by_lam_condition", 0) + 1
        yield Evidence(observed=int(ev is not None), bound=0, seed=seed, instance=inst,
                       note="λ < (k−1)/((n−1)(c²(n−1)−(k−1))) ⇒ EIRD = ∅: the LP finds EIRD_V empty")
    if ev is None:  # third route: an exact Farkas witness of emptiness
        y = ee.eird_v_emptiness_witness(V, k)
        margin = ee.emptiness_witness_margin(V, k, y) if y is not None else None
        yield Evidence(observed=int(margin is None or margin <= 0), bound=0, seed=seed,
                       instance={**inst, "farkas_margin": None if margin is None else float(margin)},
                       note="EIRD_V = ∅ certified exactly (Farkas: y ≥ 0, Aᵀy > 0)")


def _box_evidence(seed, inst, V, R, k, ev, tol, ratios):
    """(ii): the box value by two routes, its maximiser in IRD(v) for every v ∈ V, value(box) ≤ value(EIRD_V)."""
    n, lam_prime = inst["n"], eird.score_ratio_floor(inst["lam"], inst["c"])
    vb, pb = eird.best_in_eird_box(R, lam_prime, k)
    vb_lp, _ = eird.best_in_eird_v(R, eird.box_corner_scores(n, lam_prime), k)
    yield Evidence(observed=abs(float(vb) - float(vb_lp)), bound=tol, seed=seed, instance=inst,
                   note="box value: greedy closed form = LP at the box corners")
    worst = max(float(np.max(menu_times(np.asarray(pb, dtype=float), f, k))) for f in V)
    yield Evidence(observed=worst, bound=1.0 + 1e-9, seed=seed, instance=inst,
                   note="box maximiser in IRD(v) for every v ∈ V (box ⊆ EIRD)")
    yield Evidence(observed=float(vb), bound=(ev if ev is not None else -math.inf) + tol, seed=seed,
                   instance=inst, note="value(box) ≤ value(EIRD_V)")
    if ev is not None and ev > 0:
        ratios.append(float(vb) / ev)


def _lemma2_evidence(seed, inst, V, k, phi, phi_min, dphi, ev, tol):
    """(iii): the vertices of Δ_φ are in IRD(v) for every v ∈ V, and value(Δ_φ) ≤ value(EIRD_V)."""
    n = inst["n"]
    verts = [(1 - phi) * np.eye(n)[i] + phi / n for i in range(n)]
    worst = max(float(np.max(menu_times(x, f, k))) for x in verts for f in V)
    yield Evidence(observed=worst, bound=1.0 + 1e-9, seed=seed, instance={**inst, "phi_min": phi_min},
                   note="vertices of Δ_φ in IRD(v) for every v ∈ V (Lemma 2, ε = 2)")
    yield Evidence(observed=dphi, bound=(ev if ev is not None else -math.inf) + tol, seed=seed,
                   instance={**inst, "phi_min": phi_min}, note="value(Δ_φ) ≤ value(EIRD_V)")


@certificate(
    id="benchmark_ordering_box_le_eird_v_and_delta_phi_le_eird_v_of_lemma2",
    paper="A",
    item="Benchmarks compared on the Theorem 3 / Theorem 5 instances (box corollary, Lemma 2 at ε = 2, EIRD_V)",
    statement="On random (λ, c)-scale-bounded models (random and extreme): (i) the Δ_φ value closed form = LP; "
              "(ii) where λ' = λ/(c²(1+λ)) ≥ (k−1)/(n−1), the box value closed form = the LP over EIRD at the box "
              "corners, the box maximiser has max τ ≤ 1 at every memory of V, hence value(box) ≤ value(EIRD_V); "
              "(iii) where φ ≥ lemma2_min_phi(n, k, λ, c, ε = 2), every vertex of Δ_φ has max τ ≤ 1 at every v ∈ V "
              "and value(Δ_φ) ≤ value(EIRD_V); (iv) cvxpy and HiGHS agree on whether EIRD_V is empty, and every "
              "empty EIRD_V has an exact Farkas witness (y ≥ 0, Aᵀy > 0 in Fractions); (v) where "
              "c²λ(n−1)² < (k−1)(1+(n−1)λ) (EIRD = ∅ for every model, derived) the LP finds EIRD_V empty.",
    mutants=[Mutant("box-cap-ignores-lambda", "box cap 1/k instead of λ'/(k−1+λ')",
                    {"reference.adaptive_preferences.setting.sec2_eird:eird_box_cap": _cap_ignoring_lambda}),
             Mutant("ratio-floor-forgets-c", "score-ratio floor λ/(1+λ) (forgets the factor c²)",
                    {"reference.adaptive_preferences.setting.sec2_eird:score_ratio_floor": _ratio_floor_without_c}),
             Mutant("lemma2-min-phi-zero", "claims Δ_φ ⊆ EIRD for every φ ≥ 0",
                    {"reference.adaptive_preferences.setting.def4_lemma2_smoothed_simplex:lemma2_min_phi":
                     lambda n, k, lam, c, eps, iterations=60: 0.0})],
)
def benchmark_ordering_box_le_eird_v_and_delta_phi_le_eird_v_of_lemma2(ctx):
    counts = {"instances": 0, "box_applies": 0, "lemma2_eps2_applies": 0, "eird_v_empty": 0}
    empty_by: dict[str, list[int]] = {}
    ratios: list[float] = []
    for seed, rng in ctx.instances(quick=40, standard=400, audit=4000, smoke=24):
        n, k, lam, c, phi, R, model, kind = _random_ordering_instance(rng)
        V = [np.asarray(model.scores(v), dtype=float) for v in ee.eird_reference_memories(n, rng, random=30)]
        inst = {"n": n, "k": k, "lam": lam, "c": c, "phi": phi, "model": kind, "R": R}
        tol = 1e-6 * max(1.0, float(R.sum()))
        counts["instances"] += 1
        # (i) Δ_φ: two routes
        dphi = rg.best_in_target(R, "smoothed", phi=phi)[0]
        yield Evidence(observed=abs(dphi - rg.best_in_box_simplex_lp(R, phi / n, 1.0)[0]), bound=tol, seed=seed,
                       instance=inst, note="Δ_φ value: closed form = LP")
        # (iv), (v) EIRD_V emptiness
        ev = ee.eird_v_value(R, V, k)
        counts["eird_v_empty"] += ev is None
        tally = empty_by.setdefault(f"lam={lam}, c={c}", [0, 0])
        tally[0] += ev is None
        tally[1] += 1
        yield from _emptiness_evidence(seed, inst, V, k, ev, counts)
        # (ii) the box (inner approximation of EIRD)
        if eird.box_applies(n, k, lam, c):
            counts["box_applies"] += 1
            yield from _box_evidence(seed, inst, V, R, k, ev, tol, ratios)
        # (iii) Lemma 2 at ε = 2: Δ_φ ⊆ EIRD
        phi_min = ss.lemma2_min_phi(n, k, lam, c, 2.0)
        if phi_min is not None and phi >= phi_min:
            counts["lemma2_eps2_applies"] += 1
            yield from _lemma2_evidence(seed, inst, V, k, phi, phi_min, dphi, ev, tol)
    ctx.record("counts", counts)
    ctx.record("eird_v_empty_fraction_by_lam_c", {key: v[0] / v[1] for key, v in sorted(empty_by.items())})
    if ratios:
        ctx.record("value_box_over_value_eird_v", {"min": min(ratios), "median": float(np.median(ratios)),
                                                   "max": max(ratios)})
