"""Paper A, Section 3.3, Theorem 2, Algorithm 2, Appendix B.3 (all reconstructed): decision sets contain
EIRD, targeting error ≤ δ(σ), the bound's exponent is 1 − c/4, and Algorithm 2 runs with its proof's
invariants checked at run time (regret vs EIRD_V, baselines, measured exponents)."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

import reference.adaptive_preferences.long_memory.alg2_eird_targeting as tg
import reference.adaptive_preferences.long_memory.thm2_regret_bound as t2
import reference.adaptive_preferences.long_memory.sec3_score_learning as sl
import reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift as mh
from certificates.registry import Evidence, Mutant, certificate
import reference.adaptive_preferences.setting.sec2_eird as eird
import reference.adaptive_preferences.setting.def2_def3_models as models
import reference.adaptive_preferences.setting.rewards as rewards
from reference.adaptive_preferences.setting.baselines import Exp3MenuRecommender, FixedMenuRecommender, exp3_eta
from reference.adaptive_preferences.realizability.sec2_choice import all_menus, mixture_choice_distribution
from reference.adaptive_preferences.realizability.lemma1_menu_times import menu_times
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction

_ORIGINAL_PHI = tg.contraction_for_realisability


def _half_phi(sigma, lam, n, k):
    """Broken φ_σ: half the contraction the realisability argument needs."""
    return 0.5 * _ORIGINAL_PHI(sigma, lam, n, k)


def _random_ird_point(rng, f, k):
    """A random point of IRD(f): a random menu distribution's induced choice distribution, or an
    EIRD_V-style boundary point (max of a random linear reward over IRD(f), an LP vertex)."""
    n = len(f)
    if rng.random() < 0.5:
        menus = all_menus(n, k)
        w = rng.dirichlet(np.full(len(menus), 0.3))
        return np.asarray(mixture_choice_distribution(list(zip(menus, w)), f), dtype=float)
    _, p = eird.best_in_eird_v(rng.uniform(size=n), [f], k)
    return np.asarray(p, dtype=float)


def _perturbed(rng, f, sigma):
    """f̂ = c·f·e^{e}, e uniform in [0, σ] with both ends hit (log_spread exactly σ)."""
    e = rng.uniform(0, sigma, size=len(f))
    e[int(rng.integers(len(f)))] = 0.0
    e[int(rng.integers(len(f)))] = sigma
    f_hat = f * np.exp(e)
    return f_hat / f_hat.max()


@certificate(
    id="relaxed_ird_contains_ird_of_log_spread_le",
    paper="A",
    item="Section 3.3 / B.3: decision sets contain EIRD (recon)",
    statement="If log_spread(f̂, f(v)) ≤ σ then every p ∈ IRD(v) (so every p ∈ EIRD, EIRD_V and the box corollary) "
              "has max_i τ_i(p; f̂) ≤ 1 + containment_slack(σ) = e^σ; and with φ ≥ φ_σ every point of "
              "(1−φ)C(f̂, e^σ−1) + φu_n is in IRD(f̂) (realisable by MenuDist with the estimate).",
    mutants=[Mutant("zero-slack", "decision sets not relaxed (slack 0)",
                    {"reference.adaptive_preferences.long_memory.alg2_eird_targeting:containment_slack": lambda sigma: 0.0}),
             Mutant("half-contraction", "φ_σ halved",
                    {"reference.adaptive_preferences.long_memory.alg2_eird_targeting:contraction_for_realisability": _half_phi})],
)
def relaxed_ird_contains_ird_of_log_spread_le(ctx):
    for seed, rng in ctx.instances(quick=150, standard=1500, audit=15000, smoke=40):
        n = int(rng.integers(3, 6))
        k = int(rng.integers(2, n))
        lam = float(rng.uniform((k - 1) / (n - 1) + 0.05, 1.0)) if (k - 1) / (n - 1) < 0.9 else 0.97
        f = rng.uniform(lam, 1.0, size=n)
        f[int(rng.integers(n))] = lam
        sigma = float(rng.choice([0.01, 0.05, 0.2, 0.5]))
        f_hat = _perturbed(rng, f, sigma)
        # (1) containment: IRD(f) ⊆ C(f̂, s(σ)), checked on random and LP-boundary points and the box corner
        p = _random_ird_point(rng, f, k)
        tau_hat = float(np.max(menu_times(p, f_hat, k)))
        yield Evidence(observed=tau_hat, bound=1 + tg.containment_slack(sigma) + 1e-9, seed=seed,
                       instance={"part": "containment", "n": n, "k": k, "f": f, "f_hat": f_hat, "sigma": sigma, "p": p})
        cap = lam / (k - 1 + lam)  # box corollary point: mass cap on as many items as possible
        box = np.zeros(n)
        order = rng.permutation(n)
        rest = 1.0
        for i in order:
            box[i] = min(cap, rest)
            rest -= box[i]
        if rest <= 1e-12:
            yield Evidence(observed=float(np.max(menu_times(box, f_hat, k))),
                           bound=1 + tg.containment_slack(sigma) + 1e-9, seed=seed,
                           instance={"part": "box corollary", "n": n, "k": k, "lam": lam, "sigma": sigma})
        # (2) realisability after the φ-contraction: a relaxed-set boundary point, contracted
        phi = tg.contraction_for_realisability(sigma, lam, n, k)
        if phi < 1:
            x = _random_ird_point(rng, f, k)  # in C(f̂, e^σ − 1) by (1)
            y = (1 - phi) * x + phi * np.full(n, 1.0 / n)
            yield Evidence(observed=float(np.max(menu_times(y, f_hat, k))), bound=1 + 1e-9, seed=seed,
                           instance={"part": "contraction", "n": n, "k": k, "lam": lam, "sigma": sigma, "phi": phi})


def _bound_sigma_over_4(sigma):
    return sigma / 4


@certificate(
    id="targeting_error_le_delta_of_log_spread",
    paper="A",
    item="Section 3.3 / B.3 Lemma 6 (recon): targeting",
    statement="For x ∈ IRD(f̂) and μ = MenuDist(x', f̂), the choice distribution induced under the true f (computed "
              "exactly, mixture_choice_distribution) satisfies ‖p − x‖₁ ≤ δ(σ) = min(e^σ − 1, 2(1 − e^{−σ})) and "
              "p_i/x_i ∈ [e^{−σ}, e^σ], σ = log_spread(f̂, f).",
    mutants=[Mutant("delta-too-small", "δ(σ) = σ/4",
                    {"reference.adaptive_preferences.long_memory.alg2_eird_targeting:targeting_error_bound": _bound_sigma_over_4}),
             Mutant("uniform-menus", "MenuDist replaced by the uniform distribution over menus",
                    {"reference.adaptive_preferences.long_memory.alg2_eird_targeting:targeting_menu_distribution":
                         lambda x, f_hat, k: ([(m, 1.0 / len(all_menus(len(x), k))) for m in all_menus(len(x), k)],
                                              np.asarray(x, dtype=float), 0.0)})],
)
def targeting_error_le_delta_of_log_spread(ctx):
    for seed, rng in ctx.instances(quick=200, standard=2000, audit=20000, smoke=40):
        n = int(rng.integers(2, 7))
        k = int(rng.integers(1, n + 1))
        lam = float(rng.uniform(0.2, 1.0))
        f = rng.uniform(lam, 1.0, size=n)
        sigma = float(rng.choice([0.0, 0.01, 0.1, 0.5, 1.5]))
        f_hat = _perturbed(rng, f, sigma) if sigma > 0 else f / f.max()
        x = _random_ird_point(rng, f_hat, k)
        mu, target, pull = tg.targeting_menu_distribution(x, f_hat, k)
        p = tg.induced_choice_distribution(mu, f)
        spread = 0.0 if sigma == 0 else sl.log_spread(f_hat, f)
        err = float(np.abs(p - target).sum()) + float(np.abs(target - x).sum())
        yield Evidence(observed=err, bound=tg.targeting_error_bound(spread) + 1e-9, seed=seed,
                       instance={"n": n, "k": k, "sigma": spread, "f": f, "f_hat": f_hat, "x": x, "pull": pull})
        mask = target > 1e-6  # the ratio of tiny float entries is rounding noise (seen at 1e-8 in audit)
        ratio = np.abs(np.log(p[mask] / target[mask])).max() if mask.any() else 0.0
        yield Evidence(observed=float(ratio), bound=spread + 1e-7, seed=seed,
                       instance={"part": "ratio", "n": n, "k": k, "sigma": spread})


def _fit_slope(Ts, values):
    """OLS slope of log(value) on log(T) with a 95% t-interval (values > 0)."""
    x, y = np.log(np.asarray(Ts, dtype=float)), np.log(np.asarray(values, dtype=float))
    res = stats.linregress(x, y)
    dof = max(len(x) - 2, 1)
    half = stats.t.ppf(0.975, dof) * res.stderr if len(x) > 2 else float("inf")
    return float(res.slope), float(res.slope - half), float(res.slope + half)


@certificate(
    id="theorem2_bound_exponent_eq_one_minus_c_over_4",
    paper="A",
    item="Theorem 2 (recon): rate",
    statement="With theory_parameters, log(theorem2_regret_bound) vs log T (T where the bound is non-vacuous, "
              "γ = 1 − T^{−c}) has slope within 0.05 of rate_exponent(c) = 1 − c/4 for c ∈ {1/4, 1/2, 1}; the bound "
              "is valid (< T) at every T used.",
    mutants=[Mutant("wrong-rate", "rate claimed as 1 − c/2",
                    {"reference.adaptive_preferences.long_memory.thm2_regret_bound:rate_exponent": lambda c: 1 - min(c, 1) / 2}),
             Mutant("phases-every-query", "N counted as if a phase followed every query (drift threshold ignored)",
                    {"reference.adaptive_preferences.long_memory.thm2_regret_bound:max_phases":
                         lambda g, w, T, t0, m, D: math.ceil((T - t0) / max(m, 1))})],
)
def theorem2_bound_exponent_eq_one_minus_c_over_4(ctx):
    n, k, lam, L = 3, 2, 0.9, 0.1
    grids = {1.0: [12, 18, 24], 0.5: [18, 24, 30], 0.25: [36, 48, 60]}
    if ctx.profile == "smoke":
        grids = {1.0: [12, 18], 0.5: [24, 30]}
    grid = ctx.choose(smoke=4, quick=5, audit=7)
    table = {}
    for c, exps in grids.items():
        Ts = [10**e for e in exps]
        totals = []
        for T in Ts:
            t2._max_phases_cached.cache_clear()
            _, b = t2.theory_parameters(n, k, lam, L, t2.gamma_for_exponent(T, c), T, grid=grid)
            totals.append(b.total)
            yield Evidence(observed=b.total / T, bound=1.0 if b.valid else 0.0, seed=None,
                           instance={"c": c, "T": f"1e{int(round(math.log10(T)))}", "valid": b.valid, "reason": b.reason,
                                     "terms": {key: v / T for key, v in b.terms.items()}})
        x, y = np.log(np.asarray(Ts, dtype=float)), np.log(np.asarray(totals, dtype=float))
        slope = float(np.polyfit(x, y, 1)[0]) if len(Ts) >= 2 else float("nan")
        rate = t2.rate_exponent(c)
        table[str(c)] = {"slope": slope, "rate": rate, "bound/T": [tot / T for tot, T in zip(totals, Ts)]}
        yield Evidence(observed=abs(slope - rate), bound=0.05, seed=None,
                       instance={"c": c, "slope": slope, "rate_exponent": rate, "T": [f"1e{e}" for e in exps]})
    ctx.record("bound exponents (theory parameters)", table)


# ------------------------------------------------------------------------------------------------
# Algorithm 2 on simulated agents: invariants at run time, regret vs EIRD_V, baselines, exponents
# ------------------------------------------------------------------------------------------------
def _expected_reward(model, traj, R):
    """Σ_t ⟨q(K_t; v_t), r_t⟩: the learner's expected reward given its menus (removes choice noise)."""
    total = 0.0
    for t, (menu, v) in enumerate(zip(traj.menus, traj.memories)):
        f = model.scores(v)[list(menu)]
        total += float(f @ R[t, list(menu)] / f.sum())
    return total


def _run_one(seed, n, k, lam, c, T):
    rng = np.random.default_rng(seed)
    model = models.random_smooth_model(n, lam, int(rng.integers(2**31)), strength=0.5, quadratic=False)
    gamma = t2.gamma_for_exponent(T, c)
    params = t2.practical_parameters(n, k, lam, model.lipschitz, gamma, T)
    name, R = rewards.random_adversary(T, n, int(rng.integers(2**31)))
    rec = tg.Algorithm2(n, k, gamma, params, seed=int(rng.integers(2**31)), record=True)
    agent = Agent(model, gamma, seed=int(rng.integers(2**31)))
    traj = run_interaction(rec, agent, R, k, record=True)
    inv = {}
    # (a) learning-phase count within its bound
    m = sl.query_length(n, k, params.shows)
    inv["phases"] = (len(rec.phases), t2.max_phases(gamma, 1.0, T, params.burn_in, m, params.drift_threshold))
    # (b) drift since the last estimate ≤ D at every DBG round (the rule behind σ_t ≤ σ̄ + 2LD/λ)
    inv["drift"] = (max([r["drift"] for r in rec.rounds], default=0.0), params.drift_threshold)
    # (c) targeting error, exactly from the true scores at v_t
    worst = 0.0
    for r in rec.rounds:
        phase = rec.phases[r["phase"]]
        truth = model.scores(r["memory"])
        p = tg.induced_choice_distribution(r["mu"], truth)
        err = float(np.abs(p - r["target"]).sum())
        worst = max(worst, err - tg.targeting_error_bound(sl.log_spread(phase["f_hat"], truth)))
    inv["targeting"] = (worst, 1e-9)
    # (d) estimates within their stated accuracy (coverage over phases) and (e) EIRD_V inside every set
    V = [model.scores(v) for v in traj.memories[:: max(1, T // 40)]]
    V += [model.scores(ph["reference_memory"]) for ph in rec.phases]
    V += [model.scores(v) for v in rng.dirichlet(np.ones(n), size=10)]
    misses, contain = 0, -np.inf
    eird_points = [eird.best_in_eird_v(rng.uniform(size=n), V, k)[1] for _ in range(3)]
    cap = float(eird.eird_box_cap(lam, k))  # box corollary (inner approximation of EIRD): a vertex
    box, rest = np.zeros(n), 1.0
    for i in rng.permutation(n):
        box[i] = min(cap, rest)
        rest -= box[i]
    if rest <= 1e-12:
        eird_points.append(box)
    for ph in rec.phases:
        if "f_hat" not in ph:
            continue
        truth = model.scores(ph["reference_memory"])
        spread = sl.log_spread(ph["f_hat"], truth)
        drift = float(mh.memory_drift_bound(gamma, ph["start_weight"], m - 1))
        misses += not spread <= sl.score_accuracy_bound(n, k, lam, model.lipschitz, params.shows, drift, params.beta)
        for p in eird_points:  # EIRD_V ⊆ IRD(v_ref) ⊆ C(f̂, s(σ_actual)) and the algorithm's own set
            contain = max(contain, float(np.max(menu_times(p, ph["f_hat"], k))) - 1 - tg.containment_slack(spread))
            if math.isfinite(params.slack):
                contain = max(contain, float(np.max(menu_times(p, ph["f_hat"], k))) - 1 - params.slack)
    n_ph = sum("f_hat" in ph for ph in rec.phases)
    inv["coverage"] = (misses, int(stats.binom.ppf(1 - 1e-3, max(n_ph, 1), params.beta)))
    inv["containment"] = (contain if n_ph else 0.0, 1e-7)
    best, _ = eird.best_in_eird_v(traj.reward_sum, V, k)
    reg = best - _expected_reward(model, traj, R)  # pseudo-regret vs EIRD_V
    bound = t2.theorem2_regret_bound(n, k, lam, model.lipschitz, gamma, T, params)
    # baselines on the same instance (same model, rewards, agent seed)
    top = tuple(sorted(np.argsort(-traj.reward_sum)[:k].tolist()))
    base = {}
    for label, recb in (("fixed best menu", FixedMenuRecommender(top, seed=seed)),
                        ("EXP3 over menus", Exp3MenuRecommender(all_menus(n, k), eta=exp3_eta(len(all_menus(n, k)), T),
                                                                seed=seed))):
        agent_b = Agent(model, gamma, seed=int(seed) + 1)
        trb = run_interaction(recb, agent_b, R, k, record=True)
        base[label] = best - _expected_reward(model, trb, R)
    return {"regret": reg, "bound": bound, "invariants": inv, "baselines": base, "adversary": name,
            "params": {"shows": params.shows, "D": params.drift_threshold, "burn_in": params.burn_in,
                       "phi": params.phi, "sigma_bar": params.sigma_bar}, "non_dbg": rec.non_dbg_rounds}


#: tolerance on (fitted exponent of the learning rounds) − (1 − c/4), one-sided. The worst-case count
#: (max_phases·m) scales like T^{1 − c/4}; measured counts can grow much more slowly (memory is
#: mean-reverting, so it rarely drifts the worst-case amount: exponent 0.37 at c = 1/2 in the audit).
LEARNING_SLOPE_TOL = 0.2


@certificate(
    id="algorithm2_regret_le_theorem2_bound_with_invariants",
    paper="A",
    item="Algorithm 2 / Theorem 2 (recon)",
    statement="Algorithm 2 (practical calibration) on random smooth models and adversaries, n=4, k=2, λ=0.6, "
              "γ = 1 − T^{−c}: every run keeps the proof's invariants (phases ≤ max_phases; drift since the last "
              "estimate ≤ D; exact targeting error ≤ δ(σ_t); estimate coverage; EIRD_V and a box-corollary vertex ⊆ every "
              "relaxed set); "
              "mean + 3SE of pseudo-regret (expected reward given the menus) vs EIRD_V ≤ theorem2_regret_bound (= T, vacuous, when its hypotheses fail — "
              "always at these sizes, stated); the learning rounds after burn-in grow with fitted exponent at most "
              "1 − c/4 + 0.2 (c = 1, 1/2). Regret exponents are fitted and recorded, with no pass criterion (see the note).",
    mutants=[Mutant("never-relearn", "re-learning rule never fires after the first estimate",
                    {"reference.adaptive_preferences.long_memory.alg2_eird_targeting:needs_relearn":
                         lambda memory, reference_memory, D: reference_memory is None}),
             Mutant("zero-slack", "decision sets not relaxed (slack 0)",
                    {"reference.adaptive_preferences.long_memory.alg2_eird_targeting:containment_slack": lambda sigma: 0.0}),
             Mutant("no-pull", "targets handed to MenuDist unrealisable",
                    {"reference.adaptive_preferences.long_memory.alg2_eird_targeting:pull_into_ird":
                         lambda x, f_hat, k, margin=0.0: (np.asarray(x, dtype=float), 0.0)}),
             Mutant("always-relearn", "a learning phase every round (no DBG rounds)",
                    {"reference.adaptive_preferences.long_memory.alg2_eird_targeting:needs_relearn":
                         lambda memory, reference_memory, D: True})],
)
def algorithm2_regret_le_theorem2_bound_with_invariants(ctx):
    n, k, lam = 4, 2, 0.6
    cs = ctx.choose(smoke=[1.0], quick=[1.0, 0.5, 0.25], audit=[1.0, 0.5, 0.25])
    Ts = ctx.choose(smoke=[150, 300, 600], quick=[250, 500, 1000], standard=[250, 500, 1000, 2000],
                    audit=[250, 500, 1000, 2000, 4000])
    reps = ctx.choose(smoke=1, quick=2, standard=4, audit=8)
    table = {}
    for c in cs:
        rows = []
        for T in (Ts if (c == 1.0 or ctx.profile != "smoke") else Ts[:1]):
            runs = []
            for seed, _ in ctx.instances(quick=reps, standard=reps, audit=reps, smoke=reps):
                out = _run_one(seed, n, k, lam, c, T)  # same model/adversary family across T
                runs.append(out)
                for name, (obs, bnd) in out["invariants"].items():
                    yield Evidence(observed=obs, bound=bnd, seed=seed,
                                   instance={"invariant": name, "c": c, "T": T, "params": out["params"]})
            regs = np.array([o["regret"] for o in runs])
            se = float(regs.std(ddof=1) / math.sqrt(len(regs))) if len(regs) > 1 else 0.0
            bound = runs[0]["bound"]
            yield Evidence(observed=float(regs.mean() + 3 * se), bound=float(bound.total), seed=None,
                           instance={"check": "regret mean+3SE vs Theorem 2 bound", "c": c, "T": T,
                                     "bound_valid": bound.valid, "reason": bound.reason})
            rows.append({"T": T, "regret": regs.tolist(), "mean": float(regs.mean()), "se": se,
                         "bound": bound.total, "bound_valid": bound.valid,
                         "non_dbg_rounds": [o["non_dbg"] for o in runs],
                         "learning_rounds": [o["non_dbg"] - o["params"]["burn_in"] for o in runs],
                         "baselines": {b: float(np.mean([o["baselines"][b] for o in runs])) for b in runs[0]["baselines"]}})
        if len(rows) >= 2:
            xs = [r["T"] for r in rows for _ in r["regret"]]
            ys = [max(v, 1.0) for r in rows for v in r["regret"]]  # log scale: regret ≤ 1 counted as 1
            slope, lo, hi = _fit_slope(xs, ys)
            ls = [max(v, 1.0) for r in rows for v in r["learning_rounds"]]
            l_slope, l_lo, l_hi = _fit_slope(xs, ls)
            table[str(c)] = {"regret slope": slope, "regret ci95": [lo, hi], "learning-rounds slope": l_slope,
                             "learning-rounds ci95": [l_lo, l_hi], "rate_exponent": t2.rate_exponent(c), "rows": rows}
            if c >= 0.5:
                yield Evidence(observed=l_slope - t2.rate_exponent(c), bound=LEARNING_SLOPE_TOL, seed=None,
                               instance={"check": "learning rounds after burn-in grow no faster than T^(1 − c/4 + tol)",
                                         "c": c,
                                         "slope": l_slope, "ci95": [l_lo, l_hi], "rate": t2.rate_exponent(c)})
        else:
            table[str(c)] = {"rows": rows, "rate_exponent": t2.rate_exponent(c)}
    ctx.record("measured regret exponents (practical calibration)", table)
    path = ctx.figure_path("regret_over_rate")
    if path is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(5, 3.5))
        for c, entry in table.items():
            Tv = [r["T"] for r in entry["rows"]]
            ax.plot(Tv, [r["mean"] / r["T"] ** t2.rate_exponent(float(c)) for r in entry["rows"]], "o-",
                    label=f"c={c} (rate {t2.rate_exponent(float(c)):.3f})")
        ax.set_xscale("log")
        ax.set_xlabel("T")
        ax.set_ylabel("regret / T^(1 - c/4)")
        ax.legend()
        fig.tight_layout()
        fig.savefig(path, dpi=100)
        plt.close(fig)
