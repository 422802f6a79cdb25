"""Paper A, Section 4.1 / Appendix C.2 (Algorithm 3, Theorem 3 = Theorem 9): Lemmas 6–8, burn-in.

Every statement here is a reconstruction (the seed's formulas are stripped); see the module header
of ``reference/adaptive_preferences/scale_bounded/alg3_scale_bounded_ogd.py`` for the proofs.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

import reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd as sba
from reference.adaptive_preferences.setting.rewards import stationary_bernoulli_rewards
from certificates.registry import Evidence, Mutant, certificate
from reference.adaptive_preferences.setting.baselines import Exp3MenuRecommender
from reference.adaptive_preferences.realizability.sec2_choice import all_menus, mixture_choice_distribution
from reference.adaptive_preferences.setting.def2_def3_models import random_scale_bounded_model
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction

# the package re-exports the function ``menu_dist``, which shadows the module attribute
import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
# ------------------------------------------------------------------------------------------------
# random exact instances
# ------------------------------------------------------------------------------------------------
def _random_mu(rng, n, k):
    """A random menu distribution with Fraction weights on 1..min(6, C(n,k)) menus."""
    menus = all_menus(n, k)
    m = int(rng.integers(1, min(6, len(menus)) + 1))
    chosen = rng.choice(len(menus), size=m, replace=False)
    raw = [int(x) for x in rng.integers(1, 10, size=m)]
    return [(menus[int(i)], Fraction(w, sum(raw))) for i, w in zip(chosen, raw)]


def _random_scores(rng, n, lo=1, hi=20):
    return [Fraction(int(a), int(b)) for a, b in zip(rng.integers(lo, hi, size=n), rng.integers(lo, hi, size=n))]


def _covering_mu(rng, n, k):
    """μ whose support covers every item (so p > 0, as for targets in Δ_φ)."""
    mu = _random_mu(rng, n, k)
    covered = {i for menu, _ in mu for i in menu}
    extra = [(tuple(sorted({(s + j) % n for j in range(k)})), Fraction(1)) for s in range(0, n, k)
             if not set((s + j) % n for j in range(k)) <= covered]
    if extra:
        mu = [(m, w / 2) for m, w in mu] + [(m, Fraction(1, 2 * len(extra))) for m, _ in extra]
    return mu


def _perturbed(rng, f, eps):
    """f̂ with f̂_i/f_i ∈ {1−ε, 1+ε} or in between (adversarial extremes half the time)."""
    n = len(f)
    if rng.integers(0, 2):
        signs = [1 if s else -1 for s in rng.integers(0, 2, size=n)]
        return [fi * (1 + s * eps) for fi, s in zip(f, signs)]
    return [fi * (1 + eps * Fraction(int(u), 8)) for fi, u in zip(f, rng.integers(-8, 9, size=n))]


# ------------------------------------------------------------------------------------------------
# Lemma 6
# ------------------------------------------------------------------------------------------------
_ORIG_L6_RATIO = sba.lemma6_ratio_interval


def _ratio_without_square(fh, f):  # claims r-range only: q_i/p_i ∈ [sqrt(a/b), sqrt(b/a)] (too tight)
    lo, hi = _ORIG_L6_RATIO(fh, f)
    return Fraction(math.sqrt(lo)).limit_denominator(10**6), Fraction(math.sqrt(hi)).limit_denominator(10**6)


def _expected_choice_with_assumed_totals(mu, f):  # forgets to renormalise by the true F_K
    out = [Fraction(0)] * len(f)
    for menu, w in mu:
        for i in menu:
            out[i] += w * f[i] / len(menu)
    return out


@certificate(
    id="lemma6_choice_ratio_within_score_ratio",
    paper="A",
    item="Lemma 6 (expected choice under assumed scores, B.3)",
    statement="If μ realises p under assumed scores f̂ and r = f/f̂ ∈ [a, b], the true expected choice "
              "q = Σ μ_K q(K; f) satisfies q_i = p_i r_i κ_i exactly and a/b ≤ q_i/p_i ≤ b/a (exact Fractions); "
              "hence ‖q − p‖₁ ≤ 2(ρ − 1)/(ρ + 1), ρ = b/a (sharp).",
    mutants=[Mutant("sqrt-interval", "claims the interval [√(a/b), √(b/a)] (only the r-factor, no κ)",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:lemma6_ratio_interval":
                     _ratio_without_square}),
             Mutant("no-true-normaliser", "expected choice without the true menu total F_K",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:lemma6_expected_choice":
                     _expected_choice_with_assumed_totals})],
)
def lemma6_choice_ratio_within_score_ratio(ctx):
    worst_tight = 0.0
    for seed, rng in ctx.instances(quick=200, standard=2000, audit=20000, smoke=25):
        n = int(rng.integers(2, 7))
        k = int(rng.integers(1, n + 1))
        mu = _random_mu(rng, n, k)
        fh = _random_scores(rng, n)
        f = _random_scores(rng, n)
        p = mixture_choice_distribution(mu, fh, k)
        q = sba.lemma6_expected_choice(mu, f)
        r, kappa = sba.lemma6_factors(mu, fh, f)
        lo, hi = sba.lemma6_ratio_interval(fh, f)
        # (i) the exact factorisation q_i = p_i r_i κ_i
        ident = max(abs(q[i] - (p[i] * r[i] * kappa[i] if kappa[i] is not None else 0)) for i in range(n))
        # (ii) the ratio interval on the support; (iii) the l1 bound
        excess = max([max(lo - q[i] / p[i], q[i] / p[i] - hi) for i in range(n) if p[i] > 0])
        l1 = sum(abs(a - b) for a, b in zip(q, p))
        l1_bound = sba.lemma6_l1_bound(fh, f)
        if l1_bound > 0:
            worst_tight = max(worst_tight, float(l1 / l1_bound))
        inst = {"n": n, "k": k, "mu": mu, "assumed": fh, "true": f}
        yield Evidence(observed=ident, bound=Fraction(0), seed=seed, instance=inst, note="q = p r κ")
        yield Evidence(observed=max(excess, Fraction(0)) if excess <= 0 else excess, bound=Fraction(0),
                       seed=seed, instance=inst, note="a/b ≤ q_i/p_i ≤ b/a")
        yield Evidence(observed=l1, bound=l1_bound, seed=seed, instance=inst, note="‖q − p‖₁ ≤ 2(ρ−1)/(ρ+1)")
    ctx.record("l1_tightness_max", worst_tight)


# ------------------------------------------------------------------------------------------------
# Lemma 7
# ------------------------------------------------------------------------------------------------
_ORIG_L7 = sba.lemma7_estimate
_ORIG_TRIAL = sba.lemma7_trial_estimate


def _estimate_without_assumed(chosen, p, fh):  # observed/targeted only, forgets the assumed score
    x = _ORIG_L7(chosen, p, [1] * len(fh))
    return x


def _trial_with_targeted_prob(menu, chosen, fh):  # divides by p instead of the menu's targeted q̂
    x = _ORIG_TRIAL(menu, chosen, fh)
    return [None if e is None else e * fh[chosen] for e in x]


@certificate(
    id="lemma7_estimator_expectation_closed_form",
    paper="A",
    item="Lemma 7 (unbiased score estimator, C.2)",
    statement="Over one round (K ~ μ, choice ~ q(K; f)) the estimator X_i = f̂_i 1{i_t=i}/p_i has expectation "
              "exactly f̂ ⊙ q/p = f ⊙ κ (enumeration vs closed form, Fractions); the per-trial estimator "
              "X_i = F̂_K 1{i_t=i} is exactly unbiased for f_i/Z_K, Z_K = F_K/F̂_K; and every realised X_i is "
              "≤ max_j f̂_j/p_j (the range bound).",
    mutants=[Mutant("no-assumed-score", "estimator 1{i_t=i}/p_i without the assumed score f̂_i",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:lemma7_estimate":
                     _estimate_without_assumed}),
             Mutant("trial-wrong-weight", "per-trial estimator multiplied by f̂_chosen",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:lemma7_trial_estimate":
                     _trial_with_targeted_prob})],
)
def lemma7_estimator_expectation_closed_form(ctx):
    common_z_violation = Fraction(0)
    for seed, rng in ctx.instances(quick=150, standard=1500, audit=15000, smoke=20):
        n = int(rng.integers(2, 7))
        k = int(rng.integers(1, n + 1))
        mu = _covering_mu(rng, n, k)
        fh = _random_scores(rng, n)
        f = _random_scores(rng, n)
        p = mixture_choice_distribution(mu, fh, k)
        # Route 1: enumerate the round's outcomes, evaluating the estimator on each.
        enum = [Fraction(0)] * n
        max_x = Fraction(0)
        for menu, w in mu:
            F = sum(f[j] for j in menu)
            for j in menu:
                x = sba.lemma7_estimate(j, p, fh)
                max_x = max(max_x, max(x))
                for i in range(n):
                    enum[i] += w * (f[j] / F) * x[i]
        # Route 2: the closed form f ⊙ κ (Lemma 6 factors).
        _, kappa = sba.lemma6_factors(mu, fh, f)
        closed = [f[i] * kappa[i] for i in range(n)]
        inst = {"n": n, "k": k, "mu": mu, "assumed": fh, "true": f}
        yield Evidence(observed=max(abs(a - b) for a, b in zip(enum, closed)), bound=Fraction(0), seed=seed,
                       instance=inst, note="E[X] = f ⊙ κ")
        yield Evidence(observed=max_x, bound=sba.lemma7_range_bound(p, fh), seed=seed, instance=inst,
                       note="range")
        ratios = [enum[i] / f[i] for i in range(n)]
        common_z_violation = max(common_z_violation, max(ratios) / min(ratios) - 1)
        # per-trial estimator: exact unbiasedness for f_i / Z_K on each menu
        for menu, _ in mu:
            F = sum(f[j] for j in menu)
            e = [Fraction(0)] * n
            for j in menu:
                x = sba.lemma7_trial_estimate(menu, j, fh)
                for i in menu:
                    e[i] += (f[j] / F) * x[i]
            Z = F / sum(fh[j] for j in menu)
            yield Evidence(observed=max(abs(e[i] - f[i] / Z) for i in menu), bound=Fraction(0), seed=seed,
                           instance={**inst, "menu": menu}, note="E[X | K] = f/Z_K")
    # The seed's idealisation (a common normaliser for the mixture estimator) fails in general:
    ctx.record("mixture_estimator_max_relative_spread_of_E[X]/f", float(common_z_violation))


# ------------------------------------------------------------------------------------------------
# Lemma 8
# ------------------------------------------------------------------------------------------------
def _lemma8_bound_too_small(eps):
    return eps / 2


_ORIG_MENU_DIST = md.menu_dist


def _menu_dist_ignoring_scores(p, scores, k):  # builds the menus as if every score were 1
    return _ORIG_MENU_DIST(p, [Fraction(1)] * len(p) if isinstance(p[0], Fraction) else np.ones(len(p)), k)


@certificate(
    id="lemma8_targeting_error_le_2eps",
    paper="A",
    item="Lemma 8 (targeting accuracy from score accuracy, C.2)",
    statement="If (1−ε) f ≤ f̂ ≤ (1+ε) f and μ = MenuDist(p, f̂) (or any μ realising p under f̂), then the "
              "true choice distribution q satisfies ‖q − p‖₁ ≤ 2ε (exact Fractions).",
    mutants=[Mutant("bound-eps", "claims ‖q − p‖₁ ≤ ε/2",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:lemma8_targeting_error_bound":
                     _lemma8_bound_too_small}),
             Mutant("menu-dist-ignores-scores", "MenuDist built with all scores 1 (targets the wrong thing)",
                    {"reference.adaptive_preferences.realizability.lemma1_proof_menu_dist:menu_dist": _menu_dist_ignoring_scores})],
)
def lemma8_targeting_error_le_2eps(ctx):
    tight = 0.0
    for seed, rng in ctx.instances(quick=150, standard=1500, audit=15000, smoke=40):
        n = int(rng.integers(2, 7))
        k = int(rng.integers(1, n + 1))
        eps = Fraction(int(rng.integers(1, 40)), 100)
        f = _random_scores(rng, n)
        fh = _perturbed(rng, f, eps)
        if rng.integers(0, 2):
            mu = _random_mu(rng, n, k)  # any μ; p is whatever it realises under f̂
            route = "random mu"
            p = mixture_choice_distribution(mu, fh, k)
        else:
            mu0 = _covering_mu(rng, n, k)
            p = mixture_choice_distribution(mu0, fh, k)  # the target, in IRD under f̂
            mu = md.menu_dist(p, fh, k)  # MenuDist's menus for it
            route = "menu_dist"
        q = sba.lemma6_expected_choice(mu, f)
        l1 = sum(abs(a - b) for a, b in zip(q, p))
        bound = sba.lemma8_targeting_error_bound(eps)
        tight = max(tight, float(l1 / bound))
        yield Evidence(observed=l1, bound=bound, seed=seed,
                       instance={"n": n, "k": k, "eps": eps, "route": route, "true": f, "assumed": fh, "mu": mu})
    ctx.record("tightness_max_l1_over_bound", tight)


# ------------------------------------------------------------------------------------------------
# Burn-in
# ------------------------------------------------------------------------------------------------
def burn_in_escape_margin(n, k, lam, c):
    """1 − λ − D with D = c²(k−1)(1/(n−k+1) + λ): positive ⇒ the lowest item's mean-field drift is upward.

    [derived, this project's] The lowest item (always on the menu) is chosen with probability
    ≥ (x+λ)/(x+λ+D) at memory x (Definition 3 and Σ_{j∈K∖i} v_j ≤ (k−1)/(n−k+1)); this exceeds x for
    all x ≤ 1 − λ − D. When D ≥ 1 an item can be held near λ·(something) for long stretches: the seed's
    "no item gets stuck near 0" needs a condition of this kind.
    """
    return 1.0 - lam - c * c * (k - 1) * (1.0 / (n - k + 1) + lam)


def burn_in_round_budget(n, k, gamma, eps, lam, c):
    """The seed's claimed Õ(1/(1−γ)) burn-in time, with this project's explicit constant (a *claim*):

        B = ⌈ 2 H ln(2n/ε) / margin ⌉,  H = 1/(1−γ),  margin = ``burn_in_escape_margin``.
    """
    H = 1.0 / (1.0 - gamma)
    return math.ceil(2.0 * H * math.log(2 * n / eps) / burn_in_escape_margin(n, k, lam, c))


def _show_highest(self_memory, k):
    v = np.asarray(self_memory, dtype=float)
    return tuple(sorted(int(i) for i in np.argsort(-v, kind="stable")[:k]))


@certificate(
    id="burn_in_reaches_uniform_and_max_memory_invariant",
    paper="A",
    item="Theorem 3 / Algorithm 3 burn-in (C.2)",
    statement="Lowest-k burn-in after saturation: (i) deterministic invariant max_i M_i ≤ the recursive bound "
              "every round; (ii) the seed's claim, reconstructed: when the escape margin 1 − λ − c²(k−1)(1/(n−k+1)+λ) "
              "is ≥ 1/4, the mean rounds to ‖v − u_n‖₁ ≤ ε (+3 SE) is ≤ B = ⌈2H ln(2n/ε)/margin⌉ "
              "across random scale-bounded models.",
    mutants=[Mutant("show-highest", "shows the k highest-memory items instead of the lowest",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:lowest_k_menu": _show_highest})],
)
def burn_in_reaches_uniform_and_max_memory_invariant(ctx):
    reps = ctx.choose(smoke=3, quick=6, standard=20, audit=20)
    ratios = []
    for seed, rng in ctx.instances(quick=6, standard=30, audit=40, smoke=2):
        while True:
            n = int(rng.integers(4, 9))
            k = int(rng.integers(1, min(3, n - 1) + 1))
            lam = float(rng.choice([0.02, 0.05, 0.1]))
            c = float(rng.choice([1.2, 1.5, 2.0]))
            if burn_in_escape_margin(n, k, lam, c) >= 0.25:
                break
        gamma = float(rng.choice([0.97, 0.98, 0.99]))
        eps = float(rng.choice([0.1, 0.2]))
        model = random_scale_bounded_model(n, lam, c, int(rng.integers(2**31)))
        H = 1.0 / (1.0 - gamma)
        S = math.ceil(H * math.log(n))
        budget = burn_in_round_budget(n, k, gamma, eps, lam, c)
        times = []
        for r in range(reps):
            agent = Agent(model, gamma, seed=int(rng.integers(2**31)))
            b = sba.BurnIn(n, k, gamma, eps=eps, saturate_rounds=S)
            for t in range(S + 3 * budget):
                menu = b.propose(t)
                b.observe(t, menu, agent.choose(menu), 0.0)
                if b.done:
                    break
            times.append((b.finished_at - S) if b.done else 3 * budget)
            inst = {"n": n, "k": k, "lam": lam, "c": c, "gamma": gamma, "eps": eps, "rep": r}
            yield Evidence(observed=0.0, bound=b.invariant_slack, seed=seed, instance=inst,
                           note="max memory ≤ deterministic bound (slack = min over rounds)")
        mean = float(np.mean(times))
        se = float(np.std(times, ddof=1) / math.sqrt(len(times))) if len(times) > 1 else 0.0
        ratios.append(mean / budget)
        yield Evidence(observed=mean + 3 * se, bound=float(budget), seed=seed,
                       instance={"n": n, "k": k, "lam": lam, "c": c, "gamma": gamma, "eps": eps, "times": times},
                       note="rounds to ε-uniform (mean + 3 SE) vs claimed budget")
    ctx.record("burn_in_mean_over_budget_max", max(ratios))
    # Finding (recorded, not certified): outside the escape condition (margin < 0) an item can stall near 0.
    stall_reps = ctx.choose(smoke=0, quick=0, standard=6, audit=20)
    if stall_reps:
        n, k, lam, c, gamma, eps = 6, 3, 0.01, 2.0, 0.99, 0.1
        H = 1.0 / (1.0 - gamma)
        S, cap = math.ceil(H * math.log(n)), math.ceil(30 * H * math.log(2 * n / eps))
        from reference.adaptive_preferences.setting.def2_def3_models import ExtremeScaleBoundedModel

        times = []
        for r in range(stall_reps):
            # worst case of Definition 3: one disliked item (factor 1/c), the others liked (factor c)
            model = ExtremeScaleBoundedModel(lam, c, [-1] + [1] * (n - 1))
            agent = Agent(model, gamma, seed=2000 + r)
            b = sba.BurnIn(n, k, gamma, eps=eps, saturate_rounds=S)
            for t in range(S + cap):
                menu = b.propose(t)
                b.observe(t, menu, agent.choose(menu), 0.0)
                if b.done:
                    break
            times.append((b.finished_at - S) if b.done else None)
        ctx.record("stall_regime_rounds_to_eps", {"n": n, "k": k, "lam": lam, "c": c, "gamma": gamma, "eps": eps,
                                                  "margin": burn_in_escape_margin(n, k, lam, c),
                                                  "H_ln(n/eps)": H * math.log(n / eps), "cap": cap, "times": times})


# ------------------------------------------------------------------------------------------------
# Algorithm 3 end to end: invariants (C.2 items 1–6) and our Theorem 3 bound; the c-sweep
# ------------------------------------------------------------------------------------------------
def run_algorithm3(model, rewards, *, n, k, lam, c, phi, c_exp, seed, schedule=None):
    """One run of Algorithm 3 with γ = 1 − T^{−c}: (regret vs Δ_φ, bound terms, the recommender).

    Default schedule: ``theorem3_invariant_parameters`` (close above the memory-noise floor, B = ⌈H ln(4/close)⌉,
    drift = 2 close + 0.2, m = max(⌈H⌉, ⌈12n/φ⌉), one learning stage at first); the invariant thresholds use
    L_κ = ``factor_log_lipschitz``."""
    T = rewards.shape[0]
    pr = (schedule or sba.theorem3_invariant_parameters)(T, c_exp, n, k, phi)
    alg = sba.ScaleBoundedOGD.from_schedule(n, k, pr, phi=phi, horizon=T, lam=lam, c=c, seed=seed, monitor=model,
                                            factor_lipschitz=sba.factor_log_lipschitz(model))
    tr = run_interaction(alg, Agent(model, pr["gamma"], seed=seed + 1), rewards, k)
    R = tr.reward_sum
    regret = (1 - phi) * R.max() + phi * R.mean() - tr.total_reward
    L = alg.ledger
    bound = sba.theorem3_regret_bound(T=T, n=n, phi=phi, batch=pr["batch"], eta=pr["eta"],
                                      steps_rounds=L["step_rounds_completed"], grad_sq_sum=L["grad_sq_sum"],
                                      bias=L["bias"], targeting=L["targeting"], movement=L["movement"])
    return regret, bound, alg


def _spread_always_one(estimate, true_scores):
    return 1.0


def _never_stale(built_for, current):  # μ is never rebuilt for the moving estimate (the old stale menus)
    return 1.0


def binomial_critical_count(N, delta, alpha=1e-3):
    """The largest failure count f with P(Binomial(N, δ) ≥ f) ≥ α: more failures reject 'rate ≤ δ' at level α."""
    from scipy.stats import binom

    f = 0
    while f < N and binom.sf(f, N, delta) >= alpha:  # sf(f) = P(X ≥ f + 1)
        f += 1
    return f


@certificate(
    id="algorithm3_invariants_and_regret_le_bound",
    paper="A",
    item="Theorem 3 / Theorem 9 (Algorithm 3, C.2 invariants 1–6)",
    statement="Algorithm 3 (recon, noise-scaled schedule, Luce-MLE learning, fresh menus) on random (λ, c)-scale-"
              "bounded models, γ = 1 − T^{−c}: invariants 3, 4, 6 and menu freshness (ρ_t ≤ ρ(f̂(v_t), f(v_t))(1 + "
              "stale_tol)) hold in every round; invariant 2 (ln ρ_t ≤ ln ρ̄_1 + min(2L_κ‖v_t − v_ref‖₁, 4 ln c) + "
              "ln(1 + stale_tol)) holds in every step round of every stage where invariant 1 held; invariant 1 "
              "(calibrated level-δ bound) fails in at most a fraction δ of learning stages (one-sided binomial test, "
              "α = 1e-3) and its rigorous bound never fails; Monte Carlo regret vs Δ_φ (mean + 3 SE of the paired "
              "difference) ≤ the mean of our pathwise Theorem 3 bound.",
    mutants=[Mutant("spread-one", "the scale-free score spread is taken as 1 (claims perfect estimates)",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:score_spread": _spread_always_one}),
             Mutant("stale-menus", "μ is not rebuilt when the estimate moves (the old stale menu distributions)",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:stale_menu_spread": _never_stale})],
)
def algorithm3_invariants_and_regret_le_bound(ctx):
    reps = ctx.choose(smoke=2, quick=4, standard=8, audit=8)
    T = ctx.choose(smoke=2200, quick=3000, standard=8000, audit=12000)
    reported = {}
    stages = []
    for seed, rng in ctx.instances(quick=2, standard=4, audit=6, smoke=1):
        n, k = int(rng.choice([4, 5])), 2
        lam, c = 0.05, float(rng.choice([1.2, 1.4]))
        phi = 0.3
        c_exp = float(rng.choice([0.4, 0.5]))
        if ctx.profile == "smoke":  # the instance where the mutants show within the smoke budget
            n, c, c_exp = 5, 1.4, 0.4
        model = random_scale_bounded_model(n, lam, c, int(rng.integers(2**31)))
        rewards = stationary_bernoulli_rewards(T, n, np.random.default_rng(seed))
        regs, bounds = [], []
        for r in range(reps):
            reg, bound, alg = run_algorithm3(model, rewards, n=n, k=k, lam=lam, c=c, phi=phi, c_exp=c_exp,
                                             seed=int(rng.integers(2**31)))
            regs.append(reg)
            bounds.append(bound["total"])
            inst = {"n": n, "k": k, "lam": lam, "c": c, "phi": phi, "c_exp": c_exp, "T": T, "rep": r}
            for name in ("gradient", "step_start", "choice", "menu_fresh", "target_spread_given_learn",
                         "learn_spread_rigorous"):
                inv = alg.invariants[name]
                yield Evidence(observed=inv["violations"], bound=0, seed=seed, instance={**inst, "invariant": name,
                               "checks": inv["checks"], "worst_excess": inv["worst"]}, note=f"invariant {name}")
            for name in ("learn_spread", "target_spread", "step_end", "step_end_heuristic"):
                inv = alg.invariants[name]
                reported.setdefault(name, [0, 0])
                reported[name][0] += inv["checks"]
                reported[name][1] += inv["violations"]
            stages.extend(alg.learn_stages)
            if alg.spreads:
                reported.setdefault("spread_median_max", []).append(
                    [float(np.median(alg.spreads)), float(np.max(alg.spreads))])
        # paired: the claim is E[regret − bound terms] ≤ 0; compare mean regret + 3 SE(difference) with the mean bound
        diff = np.asarray(regs) - np.asarray(bounds)
        dse = float(np.std(diff, ddof=1) / math.sqrt(len(diff)))
        mean, bmean = float(np.mean(regs)), float(np.mean(bounds))
        yield Evidence(observed=mean + 3 * dse, bound=bmean, seed=seed,
                       instance={"n": n, "c": c, "c_exp": c_exp, "T": T, "regrets": regs, "bounds": bounds,
                                 "last_terms": bound}, note="regret vs Δ_φ ≤ our bound")
    # invariant 1 (whp): failures among the learning stages vs Binomial(N, δ)
    fails = sum(1 for st in stages if not st["held"])
    delta = 0.05
    yield Evidence(observed=fails, bound=binomial_critical_count(len(stages), delta), seed=None,
                   instance={"stages": len(stages), "delta": delta}, note="invariant 1 failure count (binomial test)")
    ctx.record("reported_invariants_checks_violations", reported)
    ctx.record("learn_stages", [{key: (round(v, 4) if isinstance(v, float) else v) for key, v in st.items()}
                                for st in stages])
    if stages:
        ctx.record("learn_tightness_observed_over_calibrated_max",
                   max(st["log_spread"] / st["calibrated"] for st in stages))


def paired_interior_minimum(table, cs, c_best=None):
    """The interior-minimum test of the c-sweep (reported, not certified) [ours].

    ``table[c]`` is a list of per-block values (regret/T), the blocks paired across c (same rewards, same seeds).
    c_best = the interior grid point (not an end of ``cs``) with the least mean; for each end e,
    d_b = table[e][b] − table[c_best][b] and z_e = mean(d)/SE(d) (SE = sd/√blocks). "Interior minimum" means
    both z > 2 (c_best beats both ends by more than 2 SE of the paired differences). c_best is selected on the
    same data, so the z-scores are optimistic by the selection (a max over the interior points); pass ``c_best``
    chosen on other data (the sweep: the other horizons) for a test without selection."""
    inner = cs[1:-1]
    means = {c_: float(np.mean(table[c_])) for c_ in cs}
    best = min(inner, key=lambda c_: means[c_]) if c_best is None else c_best
    out = {"c_best": best, "mean_by_c": means}
    for side, e in (("small_c", cs[0]), ("large_c", cs[-1])):
        d = np.asarray(table[e]) - np.asarray(table[best])
        se = float(np.std(d, ddof=1) / math.sqrt(len(d))) if len(d) > 1 else math.inf
        out[f"diff_{side}"] = float(d.mean())
        out[f"se_{side}"] = se
        out[f"z_{side}"] = float(d.mean() / se) if se > 0 else math.copysign(math.inf, float(d.mean()))
    out["interior_minimum"] = bool(out["z_small_c"] > 2 and out["z_large_c"] > 2)
    out["blocks"] = len(table[cs[0]])
    return out


def _fit_exponent(points):
    """OLS slope of log regret on log T over individual runs (regret > 0) with a 95% t-interval."""
    from scipy import stats

    pts = [(T, r) for T, r in points if r > 0]
    Ts = sorted({T for T, _ in pts})
    if len(Ts) < 2 or len(pts) < 3:
        return {"slope": None, "ci95": None, "runs": len(pts)}
    res = stats.linregress(np.log([p[0] for p in pts]), np.log([p[1] for p in pts]))
    half = stats.t.ppf(0.975, len(pts) - 2) * res.stderr
    return {"slope": float(res.slope), "ci95": [float(res.slope - half), float(res.slope + half)], "runs": len(pts),
            "dropped_nonpositive": len(points) - len(pts)}


@certificate(
    id="algorithm3_memory_exponent_sweep",
    paper="A",
    item="Theorem 3 (dependence on c, γ = 1 − T^{−c})",
    statement="For c on a grid (γ = 1 − T^{−c}) and paired replicates (same rewards and seeds across c), Algorithm 3's "
              "Monte Carlo regret vs Δ_φ (mean + 3 SE of the paired difference) stays ≤ the mean of our pathwise "
              "Theorem 3 bound at every (c, T), and invariant 6 holds in every round. Recorded, not certified: regret/T "
              "± SE per (c, T), the burn-in + learning share of every run, the paired interior-minimum z-scores "
              "(the seed: regret decays as γ → 1 and as γ → 0, an interior optimum in c) and fitted T-exponents per c "
              "with 95% intervals; plotted.",
    mutants=[Mutant("spread-one", "the scale-free score spread is taken as 1 (claims perfect estimates)",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:score_spread": _spread_always_one})],
)
def algorithm3_memory_exponent_sweep(ctx):
    cs = ctx.choose(smoke=[0.5], quick=[0.05, 0.2, 0.5, 0.9], standard=[0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9])
    Ts = ctx.choose(smoke=[2000], quick=[2500], standard=[2500, 5000, 10000], audit=[4000, 8000, 16000, 32000])
    reps = ctx.choose(smoke=2, quick=3, standard=5, audit=6)
    n, k, lam, c, phi = 5, 2, 0.05, 1.3, 0.3
    seed = ctx.instance_seed(0)
    model = random_scale_bounded_model(n, lam, c, seed)
    rows, runs_by = [], {}  # runs_by[(c, T)] = per-replicate dicts (paired across c)
    for T in Ts:
        rewards = [stationary_bernoulli_rewards(T, n, np.random.default_rng([seed, T, r])) for r in range(reps)]
        for c_exp in cs:
            runs = [run_algorithm3(model, rewards[r], n=n, k=k, lam=lam, c=c, phi=phi, c_exp=c_exp,
                                   seed=seed + 7 * r) for r in range(reps)]  # same rewards and seeds for every c
            regs = [x[0] for x in runs]
            bds = [x[1]["total"] for x in runs]
            share = [(x[2].rounds["burn"] + x[2].rounds["learn"]) / T for x in runs]
            runs_by[(c_exp, T)] = [{"regret": g, "share": s_} for g, s_ in zip(regs, share)]
            mean = float(np.mean(regs))
            se = float(np.std(regs, ddof=1) / math.sqrt(reps)) if reps > 1 else math.nan
            bmean = float(np.mean(bds))
            dse = float(np.std(np.asarray(regs) - np.asarray(bds), ddof=1) / math.sqrt(reps))  # paired
            for x in runs:  # invariant 6 (Lemma 6 in situ) must hold in every step round
                inv = x[2].invariants["choice"]
                yield Evidence(observed=inv["violations"], bound=0, seed=seed,
                               instance={"c": c_exp, "T": T, "checks": inv["checks"]}, note="invariant choice")
            rows.append({"c": c_exp, "T": T, "regret_over_T": mean / T, "se_over_T": se / T, "bound_over_T": bmean / T,
                         # share of the horizon spent in burn-in + learning (memory held, no OGD progress)
                         "burn_learn_share": float(np.mean(share)), "burn_learn_share_max": float(np.max(share)),
                         "learning_stages": float(np.mean([len(x[2].learn_stages) for x in runs])),
                         "violations_target_spread": sum(x[2].invariants["target_spread"]["violations"] for x in runs)})
            yield Evidence(observed=mean + 3 * dse, bound=bmean, seed=seed,
                           instance={"c": c_exp, "T": T, "regrets": regs, "bounds": bds}, note="regret ≤ pathwise bound")
    ctx.record("rows", rows)
    # the pathwise bound's per-round size: ≥ 1 means the certified inequality is implied by regret ≤ T (vacuous)
    ctx.record("pathwise_bound_over_T_min", min(r["bound_over_T"] for r in rows))
    ctx.record("cells_with_pathwise_bound_over_T_ge_1", sum(r["bound_over_T"] >= 1 for r in rows))
    if len(cs) >= 3:  # the interior-minimum test (paired across c), per T and pooled over (T, replicate) blocks
        tests = {}
        for T in Ts:
            tests[f"T={T}"] = paired_interior_minimum({c_: [x["regret"] / T for x in runs_by[(c_, T)]] for c_ in cs}, cs)
        for T in Ts if len(Ts) > 1 else ():  # c_best chosen on the other T's (no selection on the tested data)
            others = {c_: [x["regret"] / T2 for T2 in Ts if T2 != T for x in runs_by[(c_, T2)]] for c_ in cs}
            held = paired_interior_minimum(others, cs)["c_best"]
            tests[f"T={T} held-out"] = paired_interior_minimum(
                {c_: [x["regret"] / T for x in runs_by[(c_, T)]] for c_ in cs}, cs, c_best=held)
        tests["pooled"] = paired_interior_minimum(  # blocks = (T, replicate) pairs
            {c_: [x["regret"] / T for T in Ts for x in runs_by[(c_, T)]] for c_ in cs}, cs) if len(Ts) > 1 else \
            tests[f"T={Ts[0]}"]
        ctx.record("interior_minimum_tests", tests)
        ctx.record("interior_minimum_z_pooled", {key: tests["pooled"][key] for key in
                                                 ("c_best", "z_small_c", "z_large_c", "interior_minimum")})
    if len(Ts) >= 2:
        ctx.record("regret_exponent_by_c", {str(c_): _fit_exponent([(T, x["regret"]) for T in Ts
                                                                    for x in runs_by[(c_, T)]]) for c_ in cs})
    if ctx.profile in ("standard", "audit"):  # dynamics-blind baseline on the largest T: EXP3 over all menus
        T = max(Ts)
        rewards = stationary_bernoulli_rewards(T, n, np.random.default_rng([seed, T, 0]))
        menus = all_menus(n, k)
        blind = []
        for c_exp in (cs[0], cs[-1]):
            gamma = 1.0 - float(T) ** (-c_exp)
            rec = Exp3MenuRecommender(menus, eta=math.sqrt(2 * math.log(len(menus)) / (len(menus) * T)), seed=11)
            tr = run_interaction(rec, Agent(model, gamma, seed=seed + 1), rewards, k)
            R = tr.reward_sum
            blind.append({"c": c_exp, "regret_over_T": ((1 - phi) * R.max() + phi * R.mean() - tr.total_reward) / T})
        ctx.record(f"blind_exp3_menus_T{T}", blind)
    path = ctx.figure_path("regret_over_T_vs_c")
    if path is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 4))
        for i, T in enumerate(Ts):
            pts = sorted((r["c"], r["regret_over_T"], r["se_over_T"], r["bound_over_T"], r["burn_learn_share"])
                         for r in rows if r["T"] == T)
            col = f"C{i}"
            ax.errorbar([p[0] for p in pts], [p[1] for p in pts], yerr=[2 * p[2] for p in pts], fmt="o-", capsize=3,
                        color=col, label=f"T={T}")
            bx.plot([p[0] for p in pts], [p[3] for p in pts], ":", color=col, label=f"pathwise bound/T, T={T}")
            bx.plot([p[0] for p in pts], [p[4] for p in pts], "s--", color=col, ms=3,
                    label=f"burn-in + learning share, T={T}")
        ax.set_xlabel("c  (γ = 1 − T^−c)")
        ax.set_ylabel("regret/T vs Δ_φ  (± 2 SE, paired replicates)")
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=7)
        bx.set_xlabel("c")
        bx.set_yscale("log")
        bx.legend(fontsize=6)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)


# ------------------------------------------------------------------------------------------------
# Theorem 3: the a-priori bound (ours) and its c-dependence
# ------------------------------------------------------------------------------------------------
_ORIG_APRIORI = sba.theorem3_apriori_bound


def _apriori_without_bias(T, c_exp, n, k, phi, **kw):  # forgets the estimation error (A1's terms)
    terms = dict(_ORIG_APRIORI(T, c_exp, n, k, phi, **kw))
    terms["total"] -= terms["bias"] + terms["targeting"]
    terms["bias"] = terms["targeting"] = 0.0
    return terms


def _monotone_exponent(c=None):
    import sympy as sp

    cs = sp.Symbol("c", positive=True)
    e = (1 + cs) / 2
    return e if c is None else e.subs(cs, c)


@certificate(
    id="theorem3_apriori_bound_dominates_and_interior_optimum",
    paper="A",
    item="Theorem 3 (ours): a-priori bound O(T^{max((1+c)/2, 1−c/2)}), ρ̄ derived, under A1c, A3, A5",
    statement="(i) sympy: e(c) = max((1+c)/2, 1−c/2, c) has its minimum 3/4 at the interior point c = 1/2 (grid "
              "check on (0, 1]); the implemented theorem3_apriori_bound (noise-scaled schedule, derived ρ̄, L_κ = 0)'s c-argmin at "
              "T ∈ {1e16, 1e20} is interior and its fitted T-exponent at c = 1/2 (T ∈ [1e16, 1e22]) is within 0.05 of 3/4; (ii) on the sweep instances the a-priori bound "
              "dominates the measured regret (mean + 3 SE), the pathwise bound, and, with no assumption, the pathwise "
              "OGD term and the burn-in rounds of every run.",
    mutants=[Mutant("monotone-exponent", "exponent (1+c)/2 only (forgets the estimation-error term)",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:theorem3_apriori_exponent":
                     _monotone_exponent}),
             Mutant("no-bias", "a-priori bound without the bias/targeting terms of (A1)",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:theorem3_apriori_bound":
                     _apriori_without_bias})],
)
def theorem3_apriori_bound_dominates_and_interior_optimum(ctx):
    import sympy as sp

    c_star, e_star = sba.theorem3_optimal_c()
    grid = [sp.Rational(i, 100) for i in range(1, 101)]
    vals = [sba.theorem3_apriori_exponent(c) for c in grid]
    i_min = min(range(len(grid)), key=lambda i: vals[i])
    yield Evidence(observed=abs(Fraction(str(c_star)) - Fraction(1, 2)) + abs(Fraction(str(e_star)) - Fraction(3, 4)),
                   bound=Fraction(0), seed=None, instance={"c_star": str(c_star), "e_star": str(e_star)},
                   note="sympy: argmin c* = 1/2, e(c*) = 3/4")
    yield Evidence(observed=abs(Fraction(str(grid[i_min])) - Fraction(1, 2)), bound=Fraction(0), seed=None,
                   instance={"grid_argmin": str(grid[i_min]), "e_min": str(vals[i_min]), "e(0.01)": str(vals[0]),
                             "e(1)": str(vals[-1])}, note="grid argmin of e(c) is 1/2 (interior)")
    n, k, phi = 5, 2, 0.3
    cs = np.linspace(0.05, 0.95, 19)
    for T in (1e16, 1e20):  # the derived ρ̄ is capped at c⁴ below T ≈ 1e14 (vacuous constants, see report)
        tot = [sba.theorem3_apriori_bound(T, float(c), n, k, phi)["total"] for c in cs]
        j = int(np.argmin(tot))
        yield Evidence(observed=float(abs(cs[j] - 0.5)), bound=0.2, seed=None,
                       instance={"T": T, "argmin_c": float(cs[j]), "at_0.05": tot[0], "at_0.95": tot[-1], "min": tot[j]},
                       note="the implemented bound's c-argmin is interior (near 1/2)")
    Tg = [1e16, 1e18, 1e20, 1e22]
    slope = float(np.polyfit(np.log(Tg), np.log([sba.theorem3_apriori_bound(T, 0.5, n, k, phi)["total"] for T in Tg]),
                             1)[0])
    ctx.record("apriori_exponent_fit_at_c_half", slope)
    yield Evidence(observed=abs(slope - 0.75), bound=0.05, seed=None, instance={"Ts": Tg, "slope": slope},
                   note="fitted exponent of the a-priori bound at c = 1/2")
    # (ii) the sweep instances (as algorithm3_memory_exponent_sweep): measured regret, pathwise bound, terms
    sweep = ctx.choose(smoke=[0.5], quick=[0.3, 0.6, 0.9], standard=[0.2, 0.35, 0.5, 0.65, 0.8, 0.95])
    T = ctx.choose(smoke=1500, quick=2000, standard=8000, audit=16000)
    reps = ctx.choose(smoke=2, quick=3, standard=4, audit=6)
    lam, c = 0.05, 1.3
    seed = ctx.instance_seed(0)
    model = random_scale_bounded_model(n, lam, c, seed)
    rows = []
    for c_exp in sweep:
        rewards = stationary_bernoulli_rewards(T, n, np.random.default_rng(seed + T))
        runs = [run_algorithm3(model, rewards, n=n, k=k, lam=lam, c=c, phi=phi, c_exp=c_exp, seed=seed + 7 * r)
                for r in range(reps)]
        A = sba.theorem3_apriori_bound(T, c_exp, n, k, phi, c=c, factor_lipschitz=sba.factor_log_lipschitz(model))
        regs = [x[0] for x in runs]
        mean, se = float(np.mean(regs)), float(np.std(regs, ddof=1) / math.sqrt(reps))
        inst = {"c": c_exp, "T": T, "n": n, "phi": phi}
        yield Evidence(observed=mean + 3 * se, bound=A["total"], seed=seed, instance={**inst, "regrets": regs},
                       note="measured regret ≤ a-priori bound")
        for reg, bnd, alg in runs:
            yield Evidence(observed=bnd["total"], bound=A["total"], seed=seed, instance=inst,
                           note="pathwise bound ≤ a-priori bound (observed on the sweep, see assumptions)")
            yield Evidence(observed=bnd["ogd"], bound=A["ogd"] * (1 + 1e-12), seed=seed, instance=inst,
                           note="pathwise OGD term ≤ a-priori OGD term (no assumption)")
            yield Evidence(observed=alg.rounds["burn"], bound=A["burn"], seed=seed, instance=inst,
                           note="burn-in rounds ≤ a-priori burn term (no assumption)")
            rows.append({"c": c_exp, "regret": reg, "pathwise": bnd["total"], "apriori": A["total"],
                         "rho_bar": A["rho_bar"], "max_spread": alg.ledger["max_spread"],
                         "A1c_coverage_min": min((st["lambda2_per_round"] for st in alg.learn_stages), default=None),
                         "A1_held": alg.ledger["max_spread"] <= A["rho_bar"],
                         "A3_held": bnd["movement"] == 0.0,
                         "A5_step_end_violations": alg.invariants["step_end"]["violations"],
                         "memory_noise_at_u_n": sba.stationary_memory_noise(np.full(n, 1.0 / n),
                                                                             alg.gamma)})
    ctx.record("sweep_rows", rows)
    ctx.record("apriori_over_T_by_c", {str(r["c"]): r["apriori"] / T for r in rows})


# ------------------------------------------------------------------------------------------------
# Gap C: invariant 5 with a noise-scaled tolerance
# ------------------------------------------------------------------------------------------------
def _threshold_without_martingale(*, start_gap, carry, bias, weight_sq_sum, n, delta):  # drops the Azuma term
    tau, parts = _ORIG_INVARIANT5_THRESHOLD(start_gap=start_gap, carry=carry, bias=bias, weight_sq_sum=weight_sq_sum,
                                            n=n, delta=delta)
    return tau - parts["martingale_term"], {**parts, "martingale_term": 0.0}


_ORIG_INVARIANT5_THRESHOLD = sba.invariant5_threshold


@certificate(
    id="algorithm3_invariant5_holds_with_noise_scaled_schedule",
    paper="A",
    item="Appendix C.2 invariant 5 (ours: a proved high-probability threshold)",
    statement="With theorem3_invariant_parameters (B = ⌈H ln(4/close)⌉, close = max(0.1, 2.5·stationary_memory_noise"
              "(u_n, γ)), drift = 2·close + 0.2) on random scale-bounded models and γ = 1 − T^{−c}, c ∈ {0.1, 0.2, "
              "0.4, …, 0.7}: at each step end ‖v − x_j‖₁ ≤ invariant5_threshold = α‖v_{t₀} − x_j‖₁ + Σ_s ω_s b_s + "
              "√(2Σ_s ω_s² ln((2ⁿ − 2)/δ)) fails w.p. ≤ δ = 0.05 per step — the failure count passes a one-sided "
              "binomial test (α = 1e-3) per c and pooled; the heuristic close's failure rate is recorded.",
    mutants=[Mutant("no-martingale", "the threshold without the Azuma–Hoeffding term (start gap + bias only)",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:invariant5_threshold":
                     _threshold_without_martingale})],
)
def algorithm3_invariant5_holds_with_noise_scaled_schedule(ctx):
    grid = ctx.choose(smoke=[(0.2, 3000)],
                      quick=[(0.1, 1500), (0.2, 2500), (0.4, 1500), (0.5, 1500), (0.6, 1500), (0.7, 1500)],
                      standard=[(0.1, 3000), (0.2, 4000), (0.4, 4000), (0.5, 4000), (0.6, 8000), (0.7, 8000)])
    n, k, lam, c, phi = 5, 2, 0.05, 1.3, 0.3
    per_c = {}
    counts = {}
    for seed, rng in ctx.instances(quick=1, standard=3, audit=6, smoke=1):
        model = random_scale_bounded_model(n, lam, c, int(rng.integers(2**31)))
        for c_exp, T in grid:
            pr = sba.theorem3_invariant_parameters(T, c_exp, n, k, phi)
            alg = sba.ScaleBoundedOGD(n, k, pr["gamma"], phi=phi, horizon=T, lam=lam, c=c, seed=int(rng.integers(2**31)),
                                      batch=pr["batch"], learn_rounds=pr["learn_rounds"], eta=pr["eta"],
                                      close=pr["close"], relearn_drift=pr["relearn_drift"], stale_tol=pr["stale_tol"],
                                      monitor=model, factor_lipschitz=sba.factor_log_lipschitz(model))
            rewards = stationary_bernoulli_rewards(T, n, np.random.default_rng(seed + T))
            run_interaction(alg, Agent(model, pr["gamma"], seed=int(rng.integers(2**31))), rewards, k)
            row = per_c.setdefault(c_exp, {"T": T, "H": pr["H"], "close": pr["close"], "batch": pr["batch"],
                                            "delta": alg.step_end_delta, "checks": 0, "rigorous_failures": 0,
                                            "heuristic_failures": 0, "rigorous_worst": -math.inf,
                                            "heuristic_worst": -math.inf, "threshold_mean": [],
                                            "terms_mean": [], "observed_mean": []})
            inv, heu = alg.invariants["step_end"], alg.invariants["step_end_heuristic"]
            row["checks"] += inv["checks"]
            row["rigorous_failures"] += inv["violations"]
            row["heuristic_failures"] += heu["violations"]
            row["rigorous_worst"] = max(row["rigorous_worst"], inv["worst"])
            row["heuristic_worst"] = max(row["heuristic_worst"], heu["worst"])
            for e in alg.step_ends:
                row["threshold_mean"].append(e["threshold"])
                row["observed_mean"].append(e["observed"])
                row["terms_mean"].append([e["start_gap_term"], e["bias_term"], e["martingale_term"]])
            for name in ("learn_spread", "target_spread"):
                counts.setdefault(name, [0, 0])
                counts[name][0] += alg.invariants[name]["checks"]
                counts[name][1] += alg.invariants[name]["violations"]
    total_checks = total_fails = 0
    delta = None
    for c_exp, row in per_c.items():
        delta = row["delta"]
        total_checks += row["checks"]
        total_fails += row["rigorous_failures"]
        yield Evidence(observed=row["rigorous_failures"], bound=binomial_critical_count(row["checks"], delta), seed=None,
                       instance={"c": c_exp, "T": row["T"], "close": row["close"], "batch": row["batch"],
                                 "checks": row["checks"], "delta": delta, "worst_excess": row["rigorous_worst"]},
                       note="invariant 5 (rigorous threshold) failure count (binomial test)")
        for key in ("threshold_mean", "observed_mean"):
            row[key] = float(np.mean(row[key])) if row[key] else None
        row["terms_mean"] = [float(x) for x in np.mean(row["terms_mean"], axis=0)] if row["terms_mean"] else None
        row["heuristic_failure_rate"] = row["heuristic_failures"] / max(row["checks"], 1)
        row["rigorous_failure_rate"] = row["rigorous_failures"] / max(row["checks"], 1)
    yield Evidence(observed=total_fails, bound=binomial_critical_count(total_checks, delta), seed=None,
                   instance={"checks": total_checks, "delta": delta}, note="invariant 5 pooled failure count")
    ctx.record("invariant5_by_c", {str(c_exp): row for c_exp, row in per_c.items()})
    ctx.record("invariants_checks_violations", counts)


# ------------------------------------------------------------------------------------------------
# Theorem 3 with moving factors (L_κ > 0): the shrinking re-learning drift (ours)
# ------------------------------------------------------------------------------------------------
_ORIG_INVARIANT_SCHEDULE = sba.theorem3_invariant_parameters
_ORIG_MOVING_SCHEDULE = sba.theorem3_moving_factor_parameters


def _constant_drift_schedule(T, c_exp, n, k, phi, **kw):  # the L_κ = 0 schedule: free drift 0.2, close ≥ 0.1
    return _ORIG_INVARIANT_SCHEDULE(T, c_exp, n, k, phi)


def _l0_exponent(c=None):  # the L_κ = 0 exponent max((1+c)/2, 1 − c/2, c)
    import sympy as sp

    cs = sp.Symbol("c", positive=True)
    e = sp.Max((1 + cs) / 2, 1 - cs / 2, cs)
    return e if c is None else e.subs(cs, c)


_ORIG_REUSE_SCHEDULE = sba.theorem3_reuse_parameters


def _reuse_close_floor(T, c_exp, n, k, phi, **kw):  # keeps the invariant schedule's close ≥ 0.1 (does not shrink)
    pr = dict(_ORIG_REUSE_SCHEDULE(T, c_exp, n, k, phi, **kw))
    inv = _ORIG_INVARIANT_SCHEDULE(T, c_exp, n, k, phi)
    pr.update(close=max(pr["close"], 0.1), batch=inv["batch"], eta=inv["eta"])
    return pr


def _drift_at_two_close(T, c_exp, n, k, phi, **kw):  # forgets the free drift: relearn_drift = 2·close
    pr = dict(_ORIG_MOVING_SCHEDULE(T, c_exp, n, k, phi, **kw))
    pr.update(relearn_drift=2 * pr["close"], free_drift=0.0)
    return pr


@certificate(
    id="theorem3_moving_factors_apriori_sublinear_optimum_one_third",
    paper="A",
    item="Theorem 3 / Theorem 9 (ours): a-priori rate when the factors move with memory (L_κ > 0)",
    statement="With the shrinking re-learning drift d = T^{−(1−c)/4} (theorem3_moving_factor_parameters): (i) sympy "
              "derives a*(c) = (1−c)/4, e(c) = max((3+c)/4, 1−c/2), argmin c* = 1/3, e* = 5/6 (grid check); (ii) the "
              "implemented theorem3_apriori_bound(schedule='moving', L_κ = 0.5)'s fitted T-exponent over "
              "T ∈ [1e40, 1e60] is within 0.02 of e(c) at c ∈ {1/3, 1/2} (sublinear: ≤ 0.9 at c = 1/3) and its "
              "c-argmin on a 0.05-grid at T ∈ {1e40, 1e60} is within 0.05 of 1/3; (iii) the binding constraint: "
              "close = 2.5·noise (the relearn_drift > 2·close floor) for c < 1/3 and close = d for c > 1/3; (iv) "
              "re-learning on windows of step rounds (schedule='reuse', L_κ = 0.5): fitted exponent within 0.02 of "
              "max((1+c)/2, 1−c/2) at c ∈ {0.4, 1/2} (3/4 at c = 1/2) and c-argmin within 0.1 of 1/2.",
    mutants=[Mutant("constant-drift", "the L_κ = 0 schedule (free drift 0.2, close ≥ 0.1): bias linear in T",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:theorem3_moving_factor_parameters":
                     _constant_drift_schedule}),
             Mutant("reuse-close-floor", "the reuse schedule keeps close ≥ 0.1: the L_κ terms never shrink",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:theorem3_reuse_parameters":
                     _reuse_close_floor}),
             Mutant("l0-exponent", "claims the L_κ = 0 exponent max((1+c)/2, 1−c/2) for moving factors",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:theorem3_apriori_exponent_moving_factors":
                     _l0_exponent})],
)
def theorem3_moving_factors_apriori_sublinear_optimum_one_third(ctx):
    import sympy as sp

    c_star, e_star, a_star = sba.theorem3_optimal_c_moving_factors()
    cs_ = sp.Symbol("c", positive=True)
    yield Evidence(observed=abs(Fraction(str(c_star)) - Fraction(1, 3)) + abs(Fraction(str(e_star)) - Fraction(5, 6)),
                   bound=Fraction(0), seed=None, instance={"c_star": str(c_star), "e_star": str(e_star)},
                   note="sympy: argmin c* = 1/3, e(c*) = 5/6")
    a_gap = sp.simplify(a_star.subs(sp.Symbol("c", positive=True), cs_) - (1 - cs_) / 4)
    yield Evidence(observed=0 if a_gap == 0 else 1, bound=0, seed=None, instance={"a_star": str(a_star)},
                   note="sympy: drift exponent a*(c) = (1 − c)/4")
    grid = [sp.Rational(i, 60) for i in range(1, 61)]
    vals = [sba.theorem3_apriori_exponent_moving_factors(c) for c in grid]
    i_min = min(range(len(grid)), key=lambda i: vals[i])
    yield Evidence(observed=abs(Fraction(str(grid[i_min])) - Fraction(1, 3)), bound=Fraction(0), seed=None,
                   instance={"grid_argmin": str(grid[i_min]), "e_min": str(vals[i_min])},
                   note="grid argmin of e(c) is 1/3")
    n, k, phi, L = 5, 2, 0.3, 0.5

    def total(T, c_exp, schedule="moving"):
        return sba.theorem3_apriori_bound(T, c_exp, n, k, phi, factor_lipschitz=L, schedule=schedule)["total"]

    Tg = [10.0**x for x in (40, 45, 50, 55, 60)]
    slopes = {}
    for c_exp in (1 / 3, 1 / 2):
        slope = float(np.polyfit(np.log(Tg), np.log([total(T, c_exp) for T in Tg]), 1)[0])
        e = float(sba.theorem3_apriori_exponent_moving_factors(sp.Rational(c_exp).limit_denominator(10)))
        slopes[round(c_exp, 4)] = slope
        yield Evidence(observed=abs(slope - e), bound=0.02, seed=None,
                       instance={"c": c_exp, "slope": slope, "e(c)": e, "L_kappa": L},
                       note="fitted exponent of the moving-schedule bound vs e(c)")
        if c_exp == 1 / 3:
            yield Evidence(observed=slope, bound=0.9, seed=None, instance={"c": c_exp, "L_kappa": L},
                           note="sublinear: fitted exponent at c = 1/3 ≤ 0.9")
    ctx.record("moving_fitted_exponent_by_c", slopes)
    ctx.record("invariant_schedule_fitted_exponent_at_c_third_L0.5",
               float(np.polyfit(np.log(Tg), np.log([total(T, 1 / 3, "invariant") for T in Tg]), 1)[0]))
    cgrid = np.linspace(0.05, 0.95, 19)
    for T in (1e40, 1e60):
        tot = [total(T, float(c)) for c in cgrid]
        j = int(np.argmin(tot))
        yield Evidence(observed=float(abs(cgrid[j] - 1 / 3)), bound=0.05, seed=None,
                       instance={"T": T, "argmin_c": float(cgrid[j]), "min_over_T": tot[j] / T},
                       note="the implemented bound's c-argmin is near 1/3")
    ctx.record("total_over_T_at_c_third_L0.5", {f"{T:.0e}": total(T, 1 / 3) / T
                                                for T in (1e8, 1e12, 1e16, 1e20, 1e24, 1e28, 1e32, 1e40)})
    # (iii) which constraint binds, asymptotically (T = 1e40): the noise floor for c < 1/3, the free drift above
    wrong = []
    for c_exp in (0.1, 0.2, 0.3, 0.4, 0.6, 0.8):
        pr = sba.theorem3_moving_factor_parameters(1e40, c_exp, n, k, phi)
        noise_binds = pr["close"] > pr["free_drift"]
        if noise_binds != (c_exp < 1 / 3) or not pr["relearn_drift"] > 2 * pr["close"]:
            wrong.append(c_exp)
    yield Evidence(observed=len(wrong), bound=0, seed=None, instance={"T": 1e40, "wrong_c": wrong},
                   note="close = noise floor iff c < 1/3; relearn_drift > 2·close")
    # (iv) re-learning that reuses the step rounds: the L_κ = 0 exponent, for L_κ > 0
    reuse_slopes = {}
    for c_exp in (0.4, 0.5):
        slope = float(np.polyfit(np.log(Tg), np.log([total(T, c_exp, "reuse") for T in Tg]), 1)[0])
        e = float(sba.theorem3_apriori_exponent(sp.Rational(c_exp).limit_denominator(10)))
        reuse_slopes[c_exp] = slope
        yield Evidence(observed=abs(slope - e), bound=0.02, seed=None,
                       instance={"c": c_exp, "slope": slope, "e(c)": e, "L_kappa": L, "schedule": "reuse"},
                       note="fitted exponent of the reuse bound vs max((1+c)/2, 1−c/2)")
    ctx.record("reuse_fitted_exponent_by_c", reuse_slopes)
    for T in (1e40, 1e60):
        tot = [total(T, float(c), "reuse") for c in cgrid]
        j = int(np.argmin(tot))
        yield Evidence(observed=float(abs(cgrid[j] - 0.5)), bound=0.1, seed=None,
                       instance={"T": T, "argmin_c": float(cgrid[j]), "min_over_T": tot[j] / T, "schedule": "reuse"},
                       note="the reuse bound's c-argmin is near 1/2")
    ctx.record("reuse_total_over_T_at_c_half_L0.5", {f"{T:.0e}": total(T, 0.5, "reuse") / T
                                                     for T in (1e8, 1e12, 1e16, 1e20, 1e24, 1e28, 1e32, 1e40)})


@certificate(
    id="algorithm3_invariants_hold_under_moving_factor_schedule",
    paper="A",
    item="Theorem 3 / Theorem 9 (Algorithm 3 with the shrinking re-learning drift, C.2 invariants)",
    statement="Algorithm 3 run with theorem3_moving_factor_parameters (relearn_drift = 2·close + d > 2·close) and "
              "with theorem3_reuse_parameters (relearn='steps': κ̂ refitted on windows of step rounds) on random "
              "(λ, c)-scale-bounded models: invariants 3, 4, 6, menu freshness and invariant 2 given invariant 1 hold "
              "in every round, the rigorous invariant-1 bound never fails, invariant 5 (rigorous threshold invariant5_threshold, level δ) "
              "fails in at most a binomially plausible fraction δ of step ends, and Monte Carlo "
              "regret vs Δ_φ (mean + 3 SE of the paired difference) ≤ the mean pathwise Theorem 3 bound.",
    mutants=[Mutant("spread-one", "the scale-free score spread is taken as 1 (claims perfect estimates)",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:score_spread": _spread_always_one}),
             Mutant("drift-at-two-close", "relearn_drift = 2·close (no free drift: re-learning count unbounded)",
                    {"reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd:theorem3_moving_factor_parameters":
                     _drift_at_two_close})],
)
def algorithm3_invariants_hold_under_moving_factor_schedule(ctx):
    reps = ctx.choose(smoke=2, quick=2, standard=6, audit=8)
    T = ctx.choose(smoke=1200, quick=3000, standard=8000, audit=12000)
    n, k, lam, c, phi = 5, 2, 0.05, 1.4, 0.3
    rows = []
    for (seed, rng), sched_name in ((si, nm) for si in ctx.instances(quick=1, standard=3, audit=4, smoke=1)
                                    for nm in ("moving", "reuse")):
        schedule = sba.theorem3_moving_factor_parameters if sched_name == "moving" else sba.theorem3_reuse_parameters
        c_exp = 0.4 if ctx.profile == "smoke" else float(rng.choice([0.4, 0.5]))
        model = random_scale_bounded_model(n, lam, c, int(rng.integers(2**31)))
        rewards = stationary_bernoulli_rewards(T, n, np.random.default_rng(seed))
        pr = schedule(T, c_exp, n, k, phi)
        inst = {"schedule": sched_name, "n": n, "c": c, "c_exp": c_exp, "T": T, "close": pr["close"],
                "relearn_drift": pr["relearn_drift"]}
        if sched_name == "moving":
            yield Evidence(observed=2 * pr["close"], bound=pr["relearn_drift"] - 1e-12, seed=seed, instance=inst,
                           note="schedule: relearn_drift > 2·close")
        regs, bounds = [], []
        for r in range(reps):
            reg, bound, alg = run_algorithm3(model, rewards, n=n, k=k, lam=lam, c=c, phi=phi, c_exp=c_exp,
                                             seed=int(rng.integers(2**31)), schedule=schedule)
            regs.append(reg)
            bounds.append(bound["total"])
            for name in ("gradient", "step_start", "choice", "menu_fresh", "target_spread_given_learn",
                         "learn_spread_rigorous", "step_end"):
                inv = alg.invariants[name]
                crit = binomial_critical_count(inv["checks"], alg.step_end_delta) if name == "step_end" else 0
                yield Evidence(observed=inv["violations"], bound=crit, seed=seed,
                               instance={**inst, "rep": r, "invariant": name, "checks": inv["checks"],
                                         "worst_excess": inv["worst"]},
                               note=f"invariant {name}" + (" (whp: binomial test)" if name == "step_end" else ""))
            rows.append({"schedule": sched_name, "c_exp": c_exp, "regret": reg, "pathwise": bound["total"],
                         "learning_stages": len(alg.learn_stages), "refits": alg.refits, "steps": alg.steps,
                         "A1c_coverage_min": min((st["lambda2_per_round"] for st in alg.learn_stages), default=None),
                         "learn_spread_violations": alg.invariants["learn_spread"]["violations"],
                         "step_end_checks": alg.invariants["step_end"]["checks"],
                         "step_end_heuristic_violations": alg.invariants["step_end_heuristic"]["violations"]})
        diff = np.asarray(regs) - np.asarray(bounds)
        dse = float(np.std(diff, ddof=1) / math.sqrt(len(diff)))
        yield Evidence(observed=float(np.mean(regs)) + 3 * dse, bound=float(np.mean(bounds)), seed=seed,
                       instance={**inst, "regrets": regs, "bounds": bounds}, note="regret vs Δ_φ ≤ pathwise bound")
    ctx.record("runs", rows)
