"""Paper A, Lemma 1 and its proof (Appendix B.1): menu times decide IRD, MenuDist realises it.

Certificates
------------
* ``mem_ird_iff_menu_times_le_one`` — Lemma 1's membership test agrees with the all-menus LP
  (exact boundary cases with max τ = 1, ties, zeros, k = 1, k = n, points just outside).
* ``menu_dist_reproduces_p`` — both constructions (staged MenuDist, comb) reproduce p exactly in
  Fractions and to ≤ 1e-12 in floats; the LP witness within ``WITNESS_ATOL``.
* ``menu_dist_float_error_bound_holds`` — in floats, the a-posteriori bound ``menu_dist_float_error_bound``
  dominates the exact reproduction error of both constructions' menu-time units (scores spread over
  [λ, 1], λ down to 1e-12), and the returned μ (with its exact fallback) reproduces p/Σp within
  ``MENU_DIST_FLOAT_TOL`` = 1e-12.
* ``credit_menu_times_eq_menu_times`` — crediting a random μ gives exactly τ(p) of the p it induces.
* ``constant_scores_ird_eq_capped_simplex`` — the toy example: constant scores ⇒ IRD = {p_i ≤ 1/k}.

Instances are built, not filtered: a point of IRD is made from a menu-time vector τ ∈ [0,1]^n with
Σ τ = k (p_i ∝ τ_i f_i has exactly these menu times), so max τ = 1 is hit exactly.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import reference.adaptive_preferences as ap
import reference.adaptive_preferences.realizability.ird_all_menus_lp as ird_lp
import reference.adaptive_preferences.realizability.lemma1_menu_times as mt
import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
from certificates.registry import Evidence, Mutant, certificate

# ------------------------------------------------------------------------------------------
# instance builders (exact)
# ------------------------------------------------------------------------------------------


def _rational_scores(rng, n: int, *, ties: bool) -> list[Fraction]:
    if ties:  # few distinct values → many ties
        return [Fraction(int(rng.integers(1, 4)), 3) for _ in range(n)]
    return [Fraction(int(a), int(b)) for a, b in zip(rng.integers(1, 30, size=n), rng.integers(1, 30, size=n))]


def _rational_simplex(rng, n: int, *, zeros: bool) -> list[Fraction]:
    raw = [int(x) for x in rng.integers(0 if zeros else 1, 9, size=n)]
    if sum(raw) == 0:
        raw[int(rng.integers(0, n))] = 1
    total = sum(raw)
    return [Fraction(x, total) for x in raw]


def _tight_menu_times(rng, n: int, k: int) -> list[Fraction]:
    """τ ∈ [0,1]^n, Σ τ = k, with at least one τ_i = 1 exactly (and possibly zeros)."""
    ones = int(rng.integers(1, k + 1))
    idx = [int(i) for i in rng.permutation(n)]
    tau = [Fraction(0)] * n
    for i in idx[:ones]:
        tau[i] = Fraction(1)
    rest, left = idx[ones:], k - ones
    if left:
        w = [int(x) for x in rng.integers(1, 6, size=len(rest))]
        cand = [Fraction(left * x, sum(w)) for x in w]
        if max(cand) > 1:
            cand = [Fraction(left, len(rest))] * len(rest)
        for i, t in zip(rest, cand):
            tau[i] = t
    return tau


def p_from_menu_times(tau, scores) -> list[Fraction]:
    """The p with menu times τ at scores f: p_i = τ_i f_i / Σ_j τ_j f_j (exact)."""
    mass = [t * f for t, f in zip(tau, scores)]
    total = sum(mass)
    return [x / total for x in mass]


def _push_out(p, item: int, eps: Fraction) -> list[Fraction]:
    """(1 − ε) p + ε e_item: raises τ_item strictly above 1 when τ_item(p) = 1 and k > 1."""
    q = [(1 - eps) * x for x in p]
    q[item] += eps
    return q


def _instance(rng, index: int):
    """Cycle through the kinds: random, tight (max τ = 1), just outside, ties/zeros, k ∈ {1, n}."""
    kind = ("random", "tight", "outside", "ties", "k_edge")[index % 5]
    n = int(rng.integers(2, 7))
    k = int(rng.integers(1, n + 1))
    if kind == "k_edge":
        k = 1 if rng.integers(0, 2) else n
    scores = _rational_scores(rng, n, ties=kind == "ties")
    if kind in ("random", "ties", "k_edge"):
        p = _rational_simplex(rng, n, zeros=kind != "random")
        if kind == "k_edge" and k == n:  # IRD = {q(all items)}: hit it half the time
            p = p_from_menu_times([Fraction(1)] * n, scores) if rng.integers(0, 2) else p
        return kind, p, scores, k
    if kind == "tight":
        return kind, p_from_menu_times(_tight_menu_times(rng, n, k), scores), scores, k
    k = max(k, 2)  # outside: needs k ≥ 2 (k = 1 ⇒ IRD = Δ(n))
    tau = _tight_menu_times(rng, n, k)
    p = p_from_menu_times(tau, scores)
    item = next(i for i, t in enumerate(tau) if t == 1)
    eps = Fraction(1, 200)
    return kind, _push_out(p, item, eps), scores, k


# ------------------------------------------------------------------------------------------
# mem_ird_iff_menu_times_le_one
# ------------------------------------------------------------------------------------------

_ORIGINAL_IN_IRD = ap.in_ird


def _in_ird_strict(p, scores, k, **kw):
    """Mutant: max τ < 1 (misses the boundary)."""
    return max(ap.menu_times(p, scores, k)) < 1


def _in_ird_ignores_scores(p, scores, k, **kw):
    """Mutant: menu times computed as if all scores were equal (the toy example's test)."""
    return _ORIGINAL_IN_IRD(p, [1] * len(p), k)


@certificate(
    id="mem_ird_iff_menu_times_le_one",
    paper="A",
    item="Lemma 1",
    statement="p ∈ IRD(v) ⇔ max_i τ_i(p; v) ≤ 1: Lemma 1's test (exact Fractions) agrees with the all-menus LP "
              "(p ∈ IRD ⇔ LP value ≤ 1e-7) on random, tight (max τ = 1 exactly), tied-score, zero-mass, k = 1, "
              "k = n and just-outside instances; the LP value is ≥ Lemma 1's distance lower bound.",
    mutants=[
        Mutant("strict-inequality", "membership as max τ < 1 (boundary points rejected)",
               {"reference.adaptive_preferences:in_ird": _in_ird_strict}),
        Mutant("ignore-scores", "membership tested with all scores equal",
               {"reference.adaptive_preferences:in_ird": _in_ird_ignores_scores}),
    ],
)
def mem_ird_iff_menu_times_le_one(ctx):
    undecided = 0
    max_in_value, min_out_value = 0.0, float("inf")
    for index, (seed, rng) in enumerate(ctx.instances(quick=150, standard=1500, audit=15000, smoke=15)):
        kind, p, scores, k = _instance(rng, index)
        by_lemma = ap.in_ird(p, scores, k)
        value, _ = ird_lp.ird_lp_residual(p, scores, k)
        lower = ird_lp.ird_distance_lower_bound(p, scores, k)
        # Lemma 1's functional bounds the LP value from below; the LP must respect it.
        yield Evidence(observed=max(0.0, float(lower) - value - 1e-9), bound=0.0, seed=seed,
                       instance={"check": "lp_value>=lemma1_lower_bound", "kind": kind, "p": p,
                                 "scores": scores, "k": k, "lp_value": value, "lower_bound": lower})
        if 0 < lower <= 10 * ird_lp.LP_MEMBERSHIP_TOL:
            undecided += 1  # outside by less than the LP can resolve at its tolerance
            continue
        by_lp = ird_lp.in_ird_lp(p, scores, k)
        if by_lemma:
            max_in_value = max(max_in_value, value)
        else:
            min_out_value = min(min_out_value, value)
        yield Evidence(observed=int(by_lemma != by_lp), bound=0, seed=seed,
                       instance={"check": "lemma1==lp", "kind": kind, "p": p, "scores": scores, "k": k,
                                 "max_tau": max(ap.menu_times(p, scores, k)), "lemma1": by_lemma,
                                 "lp": by_lp, "lp_value": value})
    ctx.record("max_lp_value_inside", max_in_value)
    ctx.record("min_lp_value_outside", min_out_value)
    ctx.record("skipped_outside_below_lp_resolution", undecided)


# ------------------------------------------------------------------------------------------
# menu_dist_reproduces_p
# ------------------------------------------------------------------------------------------

_ORIGINAL_REWEIGHT = md.reweight_by_menu_score


def _reweight_without_scores(alpha_pairs, f, exact):
    """Mutant: μ_K = α_K (forgets the F_K reweighting of B.1)."""
    return _ORIGINAL_REWEIGHT(alpha_pairs, [1] * len(f) if exact else np.ones(len(f)), exact)


_ORIGINAL_WATER_FILL = md._water_fill


def _water_fill_last_stage_doubled(tau, k, exact):
    """Mutant: the last water-filling stage lasts twice as long (menu times no longer match τ)."""
    stages = _ORIGINAL_WATER_FILL(tau, k, exact)
    last = stages[-1]
    return stages[:-1] + [md.Stage(last.order, last.n_fixed, last.n_tied, last.slots, last.duration * 2)]


def _float_instance(rng):
    n = int(rng.integers(2, 40))
    k = int(rng.integers(1, n + 1))
    f = rng.uniform(0.05, 1.0, size=n)
    tau = rng.dirichlet(np.full(n, 0.7)) * k if k < n else np.ones(n)
    if tau.max() > 1:  # water-fill the excess into the others: still Σ τ = k, max ≤ 1
        over = tau > 1
        excess = float(np.sum(tau[over] - 1))
        tau[over] = 1.0
        room = 1 - tau
        tau = tau + excess * room / room.sum()
    p = tau * f
    return p / p.sum(), f, k


@certificate(
    id="menu_dist_reproduces_p",
    paper="A",
    item="Lemma 1 (MenuDist, Appendix B.1)",
    statement="For p ∈ IRD(v), MenuDist (staged water-filling) and the comb construction return menu "
              "distributions μ with Σ_K μ_K q(K; v) = p exactly in Fractions and within 1e-12 in floats; the "
              "all-menus LP witness reproduces p within WITNESS_ATOL = 1e-7.",
    mutants=[
        Mutant("no-score-reweighting", "μ_K = α_K instead of α_K F_K / Σ α F",
               {"reference.adaptive_preferences.realizability.lemma1_proof_menu_dist:reweight_by_menu_score":
                _reweight_without_scores}),
        Mutant("last-stage-doubled", "the last water-filling stage lasts twice as long",
               {"reference.adaptive_preferences.realizability.lemma1_proof_menu_dist:_water_fill":
                _water_fill_last_stage_doubled}),
    ],
)
def menu_dist_reproduces_p(ctx):
    sizes = []
    for index, (seed, rng) in enumerate(ctx.instances(quick=200, standard=2000, audit=20000, smoke=12)):
        route = ("exact", "float", "exact", "lp")[index % 4]
        if route == "float":
            p, scores, k = _float_instance(rng)
        else:
            n = int(rng.integers(2, 7))
            k = int(rng.integers(1, n + 1))
            scores = _rational_scores(rng, n, ties=bool(rng.integers(0, 2)))
            tau = _tight_menu_times(rng, n, k) if rng.integers(0, 2) else None
            if tau is None:  # a random interior-or-boundary τ: mix a tight τ with the uniform k/n
                t = _tight_menu_times(rng, n, k)
                tau = [(x + Fraction(k, n)) / 2 for x in t]
            p = p_from_menu_times(tau, scores)
        constructions = ("menu_dist", "menu_dist_comb") if route != "lp" else ("ird_witness_lp",)
        for name in constructions:
            if name == "ird_witness_lp":
                mu = ird_lp.ird_witness_lp(p, scores, k)
                bound = ird_lp.WITNESS_ATOL
            else:
                mu = getattr(md, name)(p, scores, k)
                bound = Fraction(0) if route == "exact" else 1e-12
            q = ap.mixture_choice_distribution(mu, scores, k)
            err = max(abs(a - b) for a, b in zip(q, p))
            if route == "float":
                err = float(err)
            sizes.append(len(mu))
            yield Evidence(observed=err, bound=bound, seed=seed,
                           instance={"construction": name, "route": route, "p": p, "scores": scores, "k": k,
                                     "menus": len(mu)})
    ctx.record("max_menus", max(sizes) if sizes else 0)


# ------------------------------------------------------------------------------------------
# credit_menu_times_eq_menu_times
# ------------------------------------------------------------------------------------------

_ORIGINAL_CREDIT = md.credit_menu_times


def _credit_without_menu_scores(menu_distribution, scores, k):
    """Mutant: α_K ∝ μ_K (no division by F_K)."""
    return _ORIGINAL_CREDIT(menu_distribution, [1] * len(scores), k)


@certificate(
    id="credit_menu_times_eq_menu_times",
    paper="A",
    item="Lemma 1 (⇒, crediting)",
    statement="For any menu distribution μ inducing p at scores f, crediting α_K ∝ μ_K/F_K gives "
              "Σ_{K∋i} α_K = τ_i(p; v) exactly (Fractions), hence max τ ≤ 1 on IRD(v).",
    mutants=[Mutant("no-division-by-menu-score", "α_K ∝ μ_K instead of μ_K/F_K",
                    {"reference.adaptive_preferences.realizability.lemma1_proof_menu_dist:credit_menu_times":
                     _credit_without_menu_scores})],
)
def credit_menu_times_eq_menu_times(ctx):
    for seed, rng in ctx.instances(quick=300, standard=3000, audit=30000, smoke=10):
        n = int(rng.integers(2, 8))
        k = int(rng.integers(1, n + 1))
        scores = _rational_scores(rng, n, ties=bool(rng.integers(0, 2)))
        count = int(rng.integers(1, 6))
        menus = [tuple(sorted(int(i) for i in rng.choice(n, size=k, replace=False))) for _ in range(count)]
        raw = [int(x) for x in rng.integers(1, 10, size=count)]
        mu = [(m, Fraction(w, sum(raw))) for m, w in zip(menus, raw)]  # duplicates allowed
        p = ap.mixture_choice_distribution(mu, scores, k)
        credited = md.credit_menu_times(mu, scores, k)
        tau = ap.menu_times(p, scores, k)
        err = max(abs(a - b) for a, b in zip(credited, tau))
        yield Evidence(observed=err, bound=Fraction(0), seed=seed,
                       instance={"mu": mu, "scores": scores, "k": k, "p": p})
        yield Evidence(observed=max(tau), bound=Fraction(1), seed=seed,
                       instance={"check": "max_tau<=1", "mu": mu, "scores": scores, "k": k})


# ------------------------------------------------------------------------------------------
# constant_scores_ird_eq_capped_simplex
# ------------------------------------------------------------------------------------------


def _in_ird_cap_too_loose(p, scores, k, **kw):
    """Mutant: the capped simplex with cap 1/(k − 1) (wrong toy-example cap)."""
    return max(p) <= Fraction(1, max(k - 1, 1))


@certificate(
    id="constant_scores_ird_eq_capped_simplex",
    paper="A",
    item="Section 2.2 (toy example)",
    statement="With constant scores f ≡ c, IRD(v) = {p ∈ Δ(n) : p_i ≤ 1/k}: Lemma 1's test, the capped-simplex "
              "condition and the all-menus LP agree, exactly, both directions (cap hit exactly and exceeded by "
              "1/(2k·n)).",
    mutants=[Mutant("cap-1/(k-1)", "IRD tested as p_i ≤ 1/(k−1)",
                    {"reference.adaptive_preferences:in_ird": _in_ird_cap_too_loose})],
)
def constant_scores_ird_eq_capped_simplex(ctx):
    for index, (seed, rng) in enumerate(ctx.instances(quick=60, standard=600, audit=6000, smoke=9)):
        n = int(rng.integers(2, 7))
        k = int(rng.integers(2, n + 1)) if index % 3 else int(rng.integers(1, n + 1))
        c = Fraction(int(rng.integers(1, 10)), int(rng.integers(1, 10)))
        scores = [c] * n
        kind = ("random", "cap", "over")[index % 3]
        if kind == "random":
            p = _rational_simplex(rng, n, zeros=True)
        else:  # on the cap: k items at 1/k; over: move 1/(2kn) mass onto one of them
            support = [int(i) for i in rng.choice(n, size=k, replace=False)]
            p = [Fraction(0)] * n
            for i in support:
                p[i] = Fraction(1, k)
            if kind == "over" and k >= 2:
                p = _push_out(p, support[0], Fraction(1, 2 * k * n))  # p_i = (1−δ)/k + δ > 1/k
        capped = max(p) <= Fraction(1, k)
        by_lemma = ap.in_ird(p, scores, k)
        by_lp = ird_lp.in_ird_lp(p, scores, k)
        agree = (capped == by_lemma) and (capped == by_lp)
        yield Evidence(observed=int(not agree), bound=0, seed=seed,
                       instance={"kind": kind, "p": p, "c": c, "k": k, "capped": capped, "lemma1": by_lemma,
                                 "lp": by_lp})


# ------------------------------------------------------------------------------------------
# menu_dist_float_error_bound_holds
# ------------------------------------------------------------------------------------------
_ORIGINAL_FLOAT_BOUND = md.menu_dist_float_error_bound


def _exact_reproduction_error(mu, p, f) -> float:
    """‖Σ_K μ_K q(K; v) − p/Σp‖∞ computed exactly in Fractions of the float μ, p, f."""
    fq = [Fraction(float(x)) for x in f]
    pq = [Fraction(float(x)) for x in p]
    total = sum(pq)
    q = [Fraction(0)] * len(fq)
    for menu, w in mu:
        menu_score = sum(fq[j] for j in menu)
        for i in menu:
            q[i] += Fraction(float(w)) * fq[i] / menu_score
    return float(max(abs(a - b / total) for a, b in zip(q, pq)))


def _spread_instance(rng):
    """p ∈ IRD(f) in floats with scores log-uniform in [λ, 1], λ = 10^−U(0, 12) (both ends attained)."""
    n = int(rng.integers(2, 14))
    k = int(rng.integers(1, n + 1))
    lam = 10.0 ** -float(rng.uniform(0, 12))
    f = np.exp(rng.uniform(np.log(lam), 0.0, size=n))
    f[int(rng.integers(0, n))] = lam
    tau = rng.dirichlet(np.full(n, 0.5)) * k if k < n else np.ones(n)
    if tau.max() > 1:
        over = tau > 1
        excess = float(np.sum(tau[over] - 1))
        tau[over] = 1.0
        room = 1 - tau
        tau = tau + excess * room / room.sum()
    p = tau * f
    return p / p.sum(), f, k, lam


@certificate(
    id="menu_dist_float_error_bound_holds",
    paper="A",
    item="Lemma 1 (MenuDist, Appendix B.1), float mode",
    statement="For float p ∈ IRD(f) with scores in [λ, 1] (λ down to 1e-12): the exact reproduction error of the "
              "float reweighting of MenuDist's and the comb's menu-time units is ≤ menu_dist_float_error_bound "
              "[derived], and menu_dist / menu_dist_comb (falling back to exact Fractions of the float input when "
              "that bound exceeds 1e-12) reproduce p/Σp within MENU_DIST_FLOAT_TOL = 1e-12.",
    mutants=[
        Mutant("never-fall-back", "the bound is taken as 0, so the float answer is always returned",
               {"reference.adaptive_preferences.realizability.lemma1_proof_menu_dist:menu_dist_float_error_bound":
                lambda *a, **kw: 0.0}),
        Mutant("bound-without-score-spread", "the bound divided by 1/λ (drops the g_i/S factor)",
               {"reference.adaptive_preferences.realizability.lemma1_proof_menu_dist:menu_dist_float_error_bound":
                lambda alpha, tau, f, p, k: _ORIGINAL_FLOAT_BOUND(alpha, tau, f, p, k) * float(np.min(f) / np.max(f))}),
    ],
)
def menu_dist_float_error_bound_holds(ctx):
    fallbacks = 0
    for seed, rng in ctx.instances(smoke=12, quick=120, standard=1200, audit=12000):
        p, f, k, lam = _spread_instance(rng)
        tau = mt.menu_times(p, f, k)
        if float(np.max(tau)) > 1:  # rounding put p just outside IRD: not this claim
            continue
        for name, units in (("water-fill", md._menu_time_units_water_fill), ("comb", md._menu_time_units_comb)):
            alpha = units(tau, k, False)
            bound = md.menu_dist_float_error_bound(alpha, tau, f, p, k)
            inst = {"construction": name, "p": p, "scores": f, "k": k, "lambda": lam}
            if np.isfinite(bound):
                err = _exact_reproduction_error(md.reweight_by_menu_score(alpha, f, False), p, f)
                yield Evidence(observed=err, bound=bound, seed=seed, instance={"claim": "a-posteriori bound", **inst})
            fallbacks += bool(bound > md.MENU_DIST_FLOAT_TOL)
        for name in ("menu_dist", "menu_dist_comb"):
            err = _exact_reproduction_error(getattr(md, name)(p, f, k), p, f)
            yield Evidence(observed=err, bound=md.MENU_DIST_FLOAT_TOL, seed=seed,
                           instance={"claim": "returned mu", "construction": name, "p": p, "scores": f, "k": k,
                                     "lambda": lam})
    ctx.record("exact fallbacks", fallbacks)
