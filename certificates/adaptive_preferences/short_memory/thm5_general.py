"""Paper A, §6.1 / Appendix E.1 (Theorem 5 for k ≥ 2 under a condition, ours): LRU rotation (Lemma F), the
condition, the bound, and the k = 3 counterexample under other readings of Definition 3 and Δ_φ.

All statements are this project's; proofs in ``reference/adaptive_preferences/short_memory/thm5_general.py``.

* ``exp_phi_filler_count_le_rotation_bound`` — Lemma F, exact and pathwise, on EXP-φ's own runs.
* ``theorem5_general_exp_phi_regret_le_bound`` — g̃'s concavity (sympy), the per-round bound g̃ with exact
  probabilities, E C_a* ≥ Σℓ̃, the fillers' E C_j ≤ Lφ/n, and the regret bound, under the condition.
* ``theorem5_counterexample_survives_readings`` — the counterexample under readings D1–D3, R1–R5.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

import reference.adaptive_preferences.short_memory.sec6_exp_phi as ep
import reference.adaptive_preferences.short_memory.thm5_exp_phi as sm
import reference.adaptive_preferences.short_memory.thm5_general as gen
from certificates.adaptive_preferences.short_memory.thm5_exp_phi import most_recent_fill_menu
from certificates.plots import figure
from certificates.registry import Evidence, Mutant, certificate
from certificates.stats import loglog_slope, mean_se, paired_difference, standard_error
from reference.adaptive_preferences.setting.def2_def3_models import (
    FactorModel,
    extreme_scale_bounded_model,
    random_scale_bounded_model,
)
from reference.adaptive_preferences.setting.rewards import best_every_window_means
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction


class CommitArm:
    """Commit ``arm`` forever with EXP-φ's own filling (``recency_fill_menu``): the pull EXP3 competes with."""

    def __init__(self, n, k, arm):
        self.n, self.k, self.arm = n, k, arm
        self.last = np.full(n, -1.0)
        self.m0 = np.full(n, 1.0 / n)
        self.t = 0

    def propose(self, t):
        return ep.recency_fill_menu(self.arm, self.last, self.m0, self.k)

    def observe(self, t, menu, chosen, reward):
        self.last[chosen] = self.t
        self.t += 1


def _window_counts(choices, arms, L, n):
    """Per window w (arm arms[w]): (C_arm, max filler count, F) from a recorded choice sequence."""
    ch = np.asarray(choices)
    out = []
    for w, arm in enumerate(arms):
        cnt = np.bincount(ch[w * L:(w + 1) * L], minlength=n)
        fill = np.delete(cnt, arm)
        out.append((int(cnt[arm]), int(fill.max()), int(fill.sum())))
    return out


# ------------------------------------------------------------------------------------------------
# Lemma F: pathwise per-filler count bound of LRU filling
# ------------------------------------------------------------------------------------------------
def _equal_share_bound(F, n, k):  # an equal split of the filler choices (the seed's claim): counts as if k = 2
    return 1 + Fraction(int(F) - 1, int(n) - 1)


@certificate(
    id="exp_phi_filler_count_le_rotation_bound",
    paper="A",
    item="Theorem 5 proof (ours, Lemma F): LRU fillers rotate, each ≤ 1 + (F−1)/(n−k+1) per pull",
    statement="In every pull window of EXP-φ (γ < 1/2, so lowest memory = least recently chosen), every filler's "
              "count is ≤ 1 + (F − 1)/(n − k + 1), F = the window's filler choices (exact, pathwise), for k ∈ 2..n−1 "
              "on random and extreme scale-bounded models; the equal-share count 1 + (F−1)/(n−1) (the seed's claim) "
              "is recorded, and is exceeded for k ≥ 3.",
    mutants=[Mutant("equal-share", "the seed's equal-share count 1 + (F−1)/(n−1) in place of n − k + 1",
                    {"reference.adaptive_preferences.short_memory.thm5_general:filler_count_upper_bound":
                     _equal_share_bound}),
             Mutant("most-recent-fill", "fill with the most recently chosen items (no rotation)",
                    {"reference.adaptive_preferences.short_memory.sec6_exp_phi:recency_fill_menu":
                     most_recent_fill_menu})],
)
def exp_phi_filler_count_le_rotation_bound(ctx):
    worst_equal_share = Fraction(0)
    for seed, rng in ctx.instances(quick=12, standard=100, audit=1000, smoke=4):
        n = int(rng.integers(4, 9))
        k = int(rng.integers(2, n)) if seed != ctx.instance_seed(0) else 3
        lam = float(rng.choice([0.05, 0.2, 0.5]))
        c = float(rng.choice([1.0, 1.5, 2.0]))
        gamma = float(rng.uniform(0.05, 0.49))
        L = int(rng.integers(15, 60))
        T = 8 * L
        if rng.integers(0, 2):
            model, kind = random_scale_bounded_model(n, lam, c, int(rng.integers(2**31)), strength=0.5), "random"
        else:
            model, kind = extreme_scale_bounded_model(n, lam, c, int(rng.integers(0, n))), "extreme"
        alg = ep.ExpPhi(n, k, gamma, window=L, horizon=T, seed=int(rng.integers(2**31)))
        tr = run_interaction(alg, Agent(model, gamma, seed=int(rng.integers(2**31))), rng.uniform(size=(T, n)), k,
                             record=True)
        excess = None
        for _, cmax, F in _window_counts(tr.choices, alg.pulls, L, n):
            slack = gen.filler_count_upper_bound(F, n, k) - cmax
            excess = slack if excess is None else min(excess, slack)
            worst_equal_share = max(worst_equal_share, cmax - _equal_share_bound(F, n, k))
        yield Evidence(observed=Fraction(0), bound=excess, seed=seed,
                       instance={"n": n, "k": k, "lam": lam, "c": c, "gamma": gamma, "L": L, "model": kind},
                       note="min over windows of (bound − max filler count) ≥ 0")
    ctx.record("max_filler_count_above_equal_share", str(worst_equal_share))


# ------------------------------------------------------------------------------------------------
# our Theorem 5 for k ≥ 3 under the condition
# ------------------------------------------------------------------------------------------------
def _draw_condition_params(rng):
    """Rejection-sample (n, k, λ, c, γ, φ) from a box until ``theorem5_general_condition`` holds."""
    draws = 0
    while True:
        draws += 1
        n = int(rng.integers(5, 11))
        k = int(rng.choice([3, 4]))
        lam = float(rng.choice([0.05, 0.1, 0.2]))
        c = float(rng.choice([1.0, 1.1, 1.2]))
        gamma = float(rng.choice([0.2, 0.3, 0.45]))
        phi = float(rng.uniform(0.5, 1.0))
        if c * c * (k - 1) <= n - 1 and gen.theorem5_general_condition(n, k, lam, c, gamma, phi)["holds"]:
            return (n, k, lam, c, gamma, phi), draws


def _pointwise_gap(model, traj, arm, n, k, lam, c):
    """max over rounds of g̃(v_arm(t)) − q(K_t; v_t)_arm on a recorded run (≤ 0 is the seed's per-round bound)."""
    V = np.asarray(traj.memories)
    S = model.scores_batch(V)
    menus = np.asarray(traj.menus)
    prob = S[:, arm] / np.take_along_axis(S, menus, axis=1).sum(axis=1)
    return float(np.max(gen.seed_committed_choice_lower_bound(V[:, arm], n, k, lam, c) - prob))


def _no_floor_seed_bound(x, n, k, lam, c):  # forgets the fillers' exploration floor λ
    x = np.asarray(x, dtype=float)
    return (x + lam) / (x + lam + c * c * (k - 1) * (1.0 - x) / (n - 1))


def _bound_without_exp3(means, L, n, k, lam, c, gamma, phi):
    terms = _ORIG_GENERAL(means, L, n, k, lam, c, gamma, phi)
    terms["total"] -= terms["exp3"]
    terms["exp3"] = 0.0
    return terms


_ORIG_GENERAL = gen.theorem5_general_regret_bound


@certificate(
    id="theorem5_general_exp_phi_regret_le_bound",
    paper="A",
    item="Theorem 5 (ours, k ≥ 3): sublinear regret of EXP-φ against Δ_φ under γ < 1/2, c²(k−1) ≤ n−1, "
         "φ > φ_min^(k)",
    statement="For random (n, k ∈ {3,4}, λ, c, γ, φ) satisfying theorem5_general_condition (rejection-sampled: not "
              "vacuous), extreme scale-bounded agents (a* least liked) and window-stochastic rewards with one item "
              "best in every window, at L = L₀: (i) E C_a* per pull ≥ Σ ℓ̃_t (mean + 3 SE); every round's exact choice "
              "probability ≥ g̃(v_a*); (ii) every filler "
              "count ≤ 1 + (F−1)/(n−k+1) (pathwise) and each filler's E C_j ≤ Lφ/n + E(L) ≤ Lφ/n (mean + 3 SE); "
              "(iii) EXP-φ's pseudo-regret against Δ_φ (mean + 3 SE) ≤ "
              "theorem5_general_regret_bound ≤ the a-priori √(2TL₀n ln n) + L₀; the counterexample lies outside the "
              "condition.",
    mutants=[Mutant("no-filler-floor", "g̃ without the fillers' λ floor (claims the committed share tends to 1)",
                    {"reference.adaptive_preferences.short_memory.thm5_general:seed_committed_choice_lower_bound":
                     _no_floor_seed_bound}),
             Mutant("no-exp3", "bound without the EXP3 learning term",
                    {"reference.adaptive_preferences.short_memory.thm5_general:theorem5_general_regret_bound":
                     _bound_without_exp3})],
)
def theorem5_general_exp_phi_regret_le_bound(ctx):
    """Measured runs: docs/findings.md, "Theorem 5 for k ≥ 3: measured regret"."""
    reps = ctx.choose(smoke=3, quick=3, standard=6, audit=10)
    Ts = ctx.choose(smoke=[2000], quick=[1000, 2000, 4000], standard=[2000, 4000, 8000, 16000, 32000],
                    audit=[2000, 4000, 8000, 16000, 32000, 64000])
    yield from _concavity_and_counterexample_evidence()
    rows, total_draws, accepted = [], 0, 0
    for seed, rng in ctx.instances(quick=1, standard=3, audit=6, smoke=1):
        (n, k, lam, c, gamma, phi), draws = _draw_condition_params(rng)
        total_draws, accepted = total_draws + draws, accepted + 1
        if seed == ctx.instance_seed(0):  # a fixed k = 3 instance first (exponents are reported for k = 3)
            n, k, lam, c, gamma, phi = 8, 3, 0.05, 1.1, 0.3, 0.9
        cond = gen.theorem5_general_condition(n, k, lam, c, gamma, phi)
        L = gen.theorem5_general_window(n, k, lam, c, gamma, phi)
        base = {"n": n, "k": k, "lam": lam, "c": c, "gamma": gamma, "phi": phi, "L": L}
        yield Evidence(observed=gen.theorem5_general_phi_min(n, k, lam, c), bound=phi, seed=seed,
                       instance={**base, "margins": cond}, note="φ_min^(k) < φ (condition, not vacuous)")
        for T in Ts:
            mu = best_every_window_means(T, n, L, np.random.default_rng(seed + T))
            runs = _general_runs(mu, base, reps, rng)
            row = yield from _general_evidence(mu, base, runs, seed, T)
            rows.append(row)
    ctx.record("condition_acceptance", {"accepted": accepted, "draws": total_draws})
    ctx.record("rows", rows)
    _fit_and_plot_general(ctx, rows)


def _concavity_and_counterexample_evidence():
    """g̃'s closed-form second derivative (sympy), and the counterexample lies outside the condition."""
    # concavity of g̃ iff c²(k−1) ≤ n−1 (sympy: g̃'' = −2 b₁ (b₀ − λ b₁)/(b₀ + b₁ x)³, b₀ − λ b₁ > 0)
    _, residual, positive = gen.seed_bound_second_derivative()
    K, M = sp.symbols("K M", positive=True)  # k = 1 + K, n = 1 + M with K, M > 0
    pos = sp.simplify(positive.subs({sp.Symbol("k", positive=True): 1 + K, sp.Symbol("n", positive=True): 1 + M}))
    ok = residual == 0 and pos.is_positive is True
    yield Evidence(observed=Fraction(0 if ok else 1), bound=Fraction(0), seed=None,
                   instance={"residual": str(residual), "b0 - lam*b1": str(pos)}, note="g̃'' closed form (sympy)")
    ce = gen.theorem5_linear_regret_instance()
    cond = gen.theorem5_general_condition(ce["n"], ce["k"], ce["lam"], ce["c"], ce["gamma"], ce["phi"])
    yield Evidence(observed=Fraction(int(cond["holds"])), bound=Fraction(0), seed=None,
                   instance={k: v for k, v in cond.items()}, note="counterexample violates the condition")


def _general_runs(mu, base, reps, rng):
    """reps paired runs on Bernoulli(μ) rewards: EXP-φ and always committing a* (same reward draws).

    Returns the per-run rewards on the means (``alg``, ``fix``), a*'s mean count per pull and each filler's
    mean count per pull (``c_a``, ``c_fill``, committing a*), the least slack of Lemma F over all pulls of
    both runs (``excess``) and the largest g̃(v_a*(t)) − P(a* chosen at t) (``pointwise``).
    """
    n, k, lam, c, gamma, L = (base[x] for x in ("n", "k", "lam", "c", "gamma", "L"))
    T = mu.shape[0]
    a_star = int(np.argmax(mu.sum(axis=0)))
    model = extreme_scale_bounded_model(n, lam, c, a_star)
    out = {"alg": [], "fix": [], "c_a": [], "c_fill": [], "excess": Fraction(10**9), "pointwise": -np.inf}
    for _ in range(reps):
        s = int(rng.integers(2**31))
        r = (np.random.default_rng(s).uniform(size=mu.shape) < mu).astype(float)
        alg = ep.ExpPhi(n, k, gamma, window=L, horizon=T, seed=s + 1)
        tr = run_interaction(alg, Agent(model, gamma, seed=s + 2), r, k, record=True)
        out["alg"].append(float(mu[np.arange(T), np.asarray(tr.choices)].sum()))
        tf = run_interaction(CommitArm(n, k, a_star), Agent(model, gamma, seed=s + 3), r, k, record=True)
        out["fix"].append(float(mu[np.arange(T), np.asarray(tf.choices)].sum()))
        out["pointwise"] = max(out["pointwise"], _pointwise_gap(model, tf, a_star, n, k, lam, c))
        fixed_windows = _window_counts(tf.choices, [a_star] * (T // L), L, n)
        for _, cmax, F in _window_counts(tr.choices, alg.pulls, L, n) + fixed_windows:
            out["excess"] = min(out["excess"], gen.filler_count_upper_bound(F, n, k) - cmax)
        out["c_a"].append(np.mean([w[0] for w in fixed_windows]))
        per_item = np.bincount(np.asarray(tf.choices)[: (T // L) * L], minlength=n) / (T // L)
        out["c_fill"].append(np.delete(per_item, a_star))  # mean count per pull of each filler
    return out


def _general_evidence(mu, base, runs, seed, T):
    """The evidence of one (instance, T) from ``_general_runs``; returns the row of the report."""
    n, k, lam, c, gamma, phi, L = (base[x] for x in ("n", "k", "lam", "c", "gamma", "phi", "L"))
    inst = {**base, "T": T}
    yield Evidence(observed=Fraction(0), bound=runs["excess"], seed=seed, instance=inst,
                   note="every filler count ≤ 1 + (F−1)/(n−k+1)")
    yield Evidence(observed=runs["pointwise"], bound=1e-12, seed=seed, instance=inst,
                   note="max_t g̃(v_a*(t)) − P(a* chosen at t) ≤ 0 (exact probabilities, every round)")
    ell_sum = float(gen.seed_window_frequency_lower_bounds(L, n, k, lam, c, gamma).sum())
    ca_mean, ca_se = mean_se(runs["c_a"])
    yield Evidence(observed=ell_sum, bound=ca_mean + 3 * ca_se, seed=seed, instance={**inst, "C_a": runs["c_a"]},
                   note="Σ ℓ̃_t ≤ E C_a* per pull (mean + 3 SE)")
    cf = np.asarray(runs["c_fill"])
    cf_hi = float(np.max(cf.mean(axis=0) + 3 * standard_error(cf, axis=0)))
    yield Evidence(observed=cf_hi, bound=L * phi / n + gen.filler_excess(L, n, k, lam, c, gamma, phi),
                   seed=seed, instance={**inst, "filler_counts": cf.mean(axis=0)},
                   note="each filler's E C_j per pull ≤ Lφ/n + E(L) ≤ Lφ/n (the seed's claim, under the condition)")
    bench = sm.smoothed_benchmark(mu.sum(axis=0), phi)
    regs = [bench - g for g in runs["alg"]]
    mean, se = mean_se(regs)
    terms = gen.theorem5_general_regret_bound(mu, L, n, k, lam, c, gamma, phi)
    apriori = gen.theorem5_general_apriori_bound(T, n, k, lam, c, gamma, phi, L)
    yield Evidence(observed=mean + 3 * se, bound=terms["total"], seed=seed,
                   instance={**inst, "terms": terms, "regrets": regs}, note="pseudo-regret ≤ bound")
    yield Evidence(observed=terms["total"], bound=apriori * (1 + 1e-12), seed=seed, instance=inst,
                   note="instance bound ≤ a-priori bound")
    pull = paired_difference(runs["fix"], runs["alg"])  # paired by seed
    return {"seed": seed, "n": n, "k": k, "phi": phi, "T": T, "regret": mean, "pull_regret": pull["mean"],
            "pull_se": pull["se"], "bound": terms["total"], "apriori": apriori}


def _fit(xs, ys):
    """Log-log slope with its 95 % interval over the positive points, or None with fewer than three."""
    pts = [(x, y) for x, y in zip(xs, ys) if y > 0]
    if len(pts) < 3:
        return None
    fit = loglog_slope([p[0] for p in pts], [p[1] for p in pts])
    return {"slope": fit["slope"], "ci95": fit["ci95"], "points": fit["points"]}


def _fit_and_plot_general(ctx, rows):
    seeds = sorted({r["seed"] for r in rows})
    fits = {}
    for seed in seeds:
        rs = sorted((r for r in rows if r["seed"] == seed), key=lambda r: r["T"])
        Ts = [r["T"] for r in rs]
        fits[f"seed={seed} n={rs[0]['n']} k={rs[0]['k']} phi={rs[0]['phi']:.3f}"] = {
            "pull_regret": _fit(Ts, [r["pull_regret"] for r in rs]),
            "regret_vs_delta_phi": _fit(Ts, [r["regret"] for r in rs]),
            "bound": _fit(Ts, [r["bound"] for r in rs]),
        }
    ctx.record("exponent_fits", fits)
    path = ctx.figure_path("regret_vs_T")
    if path is None or not rows:
        return
    with figure(path, figsize=(6, 4), ctx=ctx, title="EXP-φ, k ≥ 3 under the condition: regret and bound over T"
                ) as (_, (ax,)):
        for i, seed in enumerate(seeds):
            rs = sorted((r for r in rows if r["seed"] == seed), key=lambda r: r["T"])
            T = [r["T"] for r in rs]
            tag = f"n={rs[0]['n']} k={rs[0]['k']} φ={rs[0]['phi']:.2f}"
            col = f"C{i}"
            ax.errorbar(T, [max(r["pull_regret"], 1e-1) for r in rs], yerr=[2 * r["pull_se"] for r in rs],
                        fmt="o-", color=col, label=f"pull regret {tag}")
            ax.plot(T, [max(r["regret"], 1e-1) for r in rs], "s:", color=col, label=f"regret vs Δ_φ {tag}")
            ax.plot(T, [r["bound"] for r in rs], "x--", color=col, label=f"bound {tag}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("T")
        ax.set_ylabel("regret (clipped at 0.1)")
        ax.legend(fontsize=6)


# ------------------------------------------------------------------------------------------------
# the counterexample under other readings of Definition 3 and Δ_φ
# ------------------------------------------------------------------------------------------------
class AdditiveModel:
    """f_i(v) = λ + κ_i v_i: the 'additive floor' reading λ + v_i/c ≤ f_i(v)/s ≤ λ + c v_i when κ_i ∈ [1/c, c]."""

    def __init__(self, lam, factors):
        self.factors = np.asarray(factors, dtype=float)
        self.n = len(self.factors)
        self.sb_lam = float(lam)
        self.lam = float(lam)
        self.lipschitz = float(self.factors.max())

    def scores(self, memory):
        return self.sb_lam + self.factors * np.asarray(memory, dtype=float)


def _exact_vertices(n, phi):
    return {tuple(phi / n + (1 - phi) * (1 if j == i else 0) for j in range(n)) for i in range(n)}


def _exact_extreme_points(n, phi):
    """Basic feasible solutions of {p : p_i ≥ φ/n, Σ p = 1}: n − 1 bounds tight, the last coordinate fixed by
    Σ p = 1."""
    pts = set()
    for free in range(n):
        p = [phi / n] * n
        p[free] = 1 - (n - 1) * phi / n
        if p[free] >= phi / n:
            pts.add(tuple(p))
    return pts


def _reading_membership(factors, lam, c):
    """Exact (Fraction) checks of the constant-factor model f_i = κ_i (v_i + λ) under readings R1–R3, R5."""
    kap = [Fraction(x) for x in factors]
    lam, c = Fraction(lam), Fraction(c)
    n = len(kap)
    r1 = all(1 / c <= x <= c for x in kap)  # s = 1 works (and is the common scale)
    r3 = r1  # per-item scales: a weaker requirement
    # R5: normalised scores f/Σf with absolute bounds: κ_i/Z(v) ∈ [1/c', c'] for Z(v) = Σ κ_j (v_j + λ);
    # Z is linear in v, so its range over Δ(n) is attained at the vertices
    zs = [kap[j] + lam * sum(kap) for j in range(n)]
    c5 = max(max(x / min(zs) for x in kap), max(max(zs) / x for x in kap))
    return {"R1_common_scale": r1, "R2_absolute_s1": r1, "R3_per_item_scale": r3, "R5_normalised_c": c5}


def _regret_per_round(model, n, k, gamma, L, T, phi, seeds, reward):
    rewards = np.tile(np.asarray(reward, dtype=float), (T, 1))
    out = []
    for s in seeds:
        alg = ep.ExpPhi(n, k, gamma, window=L, horizon=T, seed=s)
        tr = run_interaction(alg, Agent(model, gamma, seed=s + 1), rewards, k)
        out.append((sm.smoothed_benchmark(tr.reward_sum, phi) - tr.total_reward) / T)
    return out


@certificate(
    id="theorem5_counterexample_survives_readings",
    paper="A",
    item="Theorem 5 (finding): the k = 3 counterexample under other readings of Definition 3 and Δ_φ",
    statement="Exactly: {p ≥ φ/n, Σp = 1} has the vertices (1−φ)e_i + φu_n as its extreme points (same set), the "
              "benchmark of the counterexample is 1/2 by both routes and Δ_1 ⊆ Δ_φ (so regret is linear for every φ), "
              "and the instance is scale-bounded under R1 (common scale), R2 (s = 1), R3 (per-item scales), R5 "
              "(normalised scores, c' recorded). By simulation, EXP-φ's regret/T (mean − 3 SE) ≥ 0.03 under R5 (its L) "
              "and under R4 (additive floor f = λ + κv, re-tuned c = 5/2), where a memory-blind witness attains the "
              "benchmark.",
    mutants=[Mutant("benchmark-max-only", "benchmark forgets the uniform share: (1 − φ) max R",
                    {"reference.adaptive_preferences.short_memory.thm5_exp_phi:smoothed_benchmark":
                     lambda R, phi: float((1.0 - phi) * np.max(R))})],
)
def theorem5_counterexample_survives_readings(ctx):
    """Measured values of the table: docs/findings.md, "Theorem 5: the counterexample under other readings"."""
    ce = gen.theorem5_linear_regret_instance()
    table = {}
    yield from _delta_phi_readings_evidence(ce, table)
    mem = yield from _scale_readings_evidence(ce, table)
    yield from _simulated_readings_evidence(ctx, ce, float(mem["R5_normalised_c"]), table)
    ctx.record("readings_table", table)


def _delta_phi_readings_evidence(ce, table):
    """Exact: inequality form of Δ_φ = convex hull of the vertices; the benchmark 1/2 by two routes; u_n ∈ Δ_φ."""
    n = ce["n"]
    mism = 0
    for phi in (Fraction(0), Fraction(1, 3), Fraction(1, 2), Fraction(9, 10), Fraction(1)):
        mism += int(_exact_extreme_points(n, phi) != _exact_vertices(n, phi))
    yield Evidence(observed=Fraction(mism), bound=Fraction(0), seed=None, instance={"n": n},
                   note="extreme points of {p ≥ φ/n} = vertices (1−φ)e_i + φu_n")
    table["D1=D2 (p_i ≥ φ/n vs conv of vertices)"] = "same set; counterexample survives"
    R = [Fraction(x) for x in ce["reward"]]
    exact = max(sum(p * r for p, r in zip(v, R)) for v in _exact_vertices(n, Fraction(1)))
    closed = sm.smoothed_benchmark(np.asarray(ce["reward"], dtype=float), 1.0)
    yield Evidence(observed=abs(Fraction(closed) - exact) + abs(exact - Fraction(1, 2)), bound=Fraction(0), seed=None,
                   instance={"exact": str(exact), "closed_form": closed}, note="benchmark = 1/2 exactly (both routes)")
    u = tuple([Fraction(1, n)] * n)
    inside = all(all(x >= phi / n for x in u) for phi in (Fraction(j, 10) for j in range(11)))
    yield Evidence(observed=Fraction(0 if inside else 1), bound=Fraction(0), seed=None, instance={},
                   note="u_n ∈ Δ_φ for all φ: Reg(Δ_φ) ≥ Reg(Δ_1)")
    table["D3 (p_i ≥ φ', φ' = φ/n ≤ 1/n)"] = "reparametrisation (φ' = 1/n ↔ φ = 1); survives"
    table["any φ ∈ [0, 1]"] = "Δ_φ ⊇ Δ_1 = {u_n}: regret ≥ the φ = 1 regret; survives"


def _scale_readings_evidence(ce, table):
    """Exact: the instance is scale-bounded under R1, R2, R3; returns the membership dict (with R5's c')."""
    c_exact = Fraction(ce["c"])  # 3/2 exactly; the instance's factors are c^{±1}
    kap = [1 / c_exact if x < 1 else c_exact for x in ce["factors"]]
    assert np.allclose([float(x) for x in kap], ce["factors"], rtol=1e-15)
    mem = _reading_membership(kap, Fraction(1, 5), c_exact)
    for key in ("R1_common_scale", "R2_absolute_s1", "R3_per_item_scale"):
        yield Evidence(observed=Fraction(0 if mem[key] else 1), bound=Fraction(0), seed=None,
                       instance={"reading": key}, note="instance is scale-bounded under this reading (exact)")
        table[key] = "instance qualifies unchanged (exact); survives (certified by theorem5_exp_phi_linear_regret_k3)"
    return mem


def _simulated_readings_evidence(ctx, ce, c5, table):
    """Simulation: linear regret under R5 (its c') and R4 (additive floor, re-tuned c = 5/2); R4's witness."""
    n, k, lam, c, gamma = ce["n"], ce["k"], ce["lam"], ce["c"], ce["gamma"]
    T = ctx.choose(smoke=1500, quick=2000, standard=4000)
    reps = ctx.choose(smoke=3, quick=3, standard=6)
    model = FactorModel(lam, ce["factors"])  # f/Σf has the same choice probabilities
    L5 = sm.theorem5_window(T, n, k, lam, c5, gamma)
    seeds = [ctx.instance_seed(i) for i in range(reps)]
    regs = _regret_per_round(model, n, k, gamma, L5, T, 1.0, seeds, ce["reward"])
    m5, se5 = mean_se(regs)
    yield Evidence(observed=0.03, bound=m5 - 3 * se5, seed=seeds[0], instance={"c_prime": c5, "L": L5, "T": T,
                   "regret_per_round": regs}, note="R5: linear regret with the normalised reading's c'")
    table["R5_normalised_c"] = f"same dynamics, scale-bounded with c' = {c5:.4f}; regret/T ≈ {m5:.3f}; survives"
    # R4: additive floor, re-tuned: λ = 0.2, c = 5/2, γ = 1/2, κ = (2/5, 2/5, 5/2, 5/2)
    c4 = 2.5
    add = AdditiveModel(lam, (1 / c4, 1 / c4, c4, c4))
    L4 = sm.theorem5_window(T, n, k, lam, c4, gamma)
    regs4 = _regret_per_round(add, n, k, gamma, L4, T, 1.0, seeds, ce["reward"])
    m4, se4 = mean_se(regs4)
    yield Evidence(observed=0.03, bound=m4 - 3 * se4, seed=seeds[0],
                   instance={"lam": lam, "c": c4, "gamma": gamma, "L": L4, "T": T, "regret_per_round": regs4},
                   note="R4 (additive floor, c = 5/2): linear regret")
    wit = [run_interaction(gen.CyclicMenuRecommender(ce["witness_menus"]),
                           Agent(add, gamma, seed=ctx.instance_seed(100 + j)),
                           np.tile(np.asarray(ce["reward"], dtype=float), (T, 1)), k).total_reward / T
           for j in range(2 * reps)]
    wm, wse = mean_se(wit)
    yield Evidence(observed=sm.smoothed_benchmark(np.asarray(ce["reward"], dtype=float), 1.0), bound=wm - 3 * wse,
                   seed=seeds[0], instance={"witness_per_round": wit}, note="R4: memory-blind witness attains 1/2")
    as_given = AdditiveModel(lam, ce["factors"])  # R4 with the instance's own c = 1.5 (recorded, not certified)
    r15 = _regret_per_round(as_given, n, k, gamma, sm.theorem5_window(T, n, k, lam, c, gamma), T, 1.0, seeds,
                            ce["reward"])
    table["R4_additive_floor (c=1.5 as given)"] = (f"does not reproduce: EXP-φ regret/T ≈ {np.mean(r15):.3f} "
                                                   "(measured, not certified)")
    table["R4_additive_floor (re-tuned c=5/2)"] = f"regret/T ≈ {m4:.3f}, witness {wm:.3f} ≥ 1/2; survives"
