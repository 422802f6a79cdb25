"""Paper A, §3.2 Theorem 1 / Appendix A (Deferred Bandit Gradient): this project's bound, checked four ways.

Reference: ``reference/adaptive_preferences/long_memory/thm1_dbg.py`` (the algorithm, the bound and
its proof (i)–(vi)).

* ``dbg_expected_regret_le_bound`` (a) — Monte Carlo mean + 3 SE of the pseudo-regret
  max_{p∈K_T} Σ⟨p, r_t⟩ − Σ⟨x̃_t, r_t⟩ over replicates ≤ ``dbg_regret_bound`` on random adversaries,
  deferral lengths, perturbations and (contracting) floor schedules; records tightness ratios and,
  with a report directory, plots regret curves of DBG, OGD without deferral and EXP3 with the
  bound overlaid.
* ``dbg_deferred_gradient_sq_norm_le_bound`` (b) — E‖g_t‖² ≤ G² (the binomial argument of
  Appendix A, in conditional form): exactly at a fixed x (closed form of E‖g_t‖², equality at a
  vertex with all-one rewards), by Monte Carlo on running DBG, and the two routes agree.
* ``dbg_omitted_rounds_identity`` (c) — eq. (4) pathwise: Σ_s r̂_s − Σ_t g_t = Σ_s (1 − w_s) r̂_s,
  w_s = min(m, T−1−s)/m, and Σ_s (1 − w_s) = (m+1)/2.
* ``dbg_perturbation_relative_bias_le_beta`` (d) — the perturbation enters only through the
  relative error x̃_t(i)/x_t(i) − 1 ≥ −β, β = δ/(2ξ) (pathwise, every round and item, given
  x_t ≥ ξ), and E Reg(δ) ≤ B(δ) along a δ grid; records the measured regret slope in δ next to
  the bound's.

Findings: docs/findings.md, "Theorem 1: deferral does not help the bound".
"""

from __future__ import annotations

import numpy as np

import reference.adaptive_preferences.long_memory.lemma3_contracting_ogd as ogd
import reference.adaptive_preferences.long_memory.thm1_dbg as dbg
import reference.adaptive_preferences.setting.baselines as bl
import reference.adaptive_preferences.setting.regret as rg
import reference.adaptive_preferences.setting.rewards as rw
from certificates.plots import figure
from certificates.registry import Evidence, Mutant, certificate
from certificates.stats import mean_se

_ORIGINAL_DBG = dbg.DeferredBanditGradient
_ORIGINAL_BOUND = dbg.dbg_regret_bound
_ORIGINAL_PROJ = ogd.proj


# ------------------------------------------------------------------------------------------------
# mutants
# ------------------------------------------------------------------------------------------------
class _DescentDBG(_ORIGINAL_DBG):
    """Mutant: steps against the deferred gradient."""

    def deferred_gradient(self, t):
        return -super().deferred_gradient(t)


class _SumNotMeanDBG(_ORIGINAL_DBG):
    """Mutant: g_t = Σ (not the mean) of the last m estimates."""

    def deferred_gradient(self, t):
        return self.m * super().deferred_gradient(t)


def _window_off_by_one(t, m, lag=1):
    """Mutant: the window includes the current round (s = t−m+1..t)."""
    return range(max(0, t - m + 1), t + 1)


def _window_too_short(t, m, lag=1):
    """Mutant: the window covers only m−1 past rounds (s = t−m+1..t−1)."""
    return range(max(0, t - m + 1), t)


def _bound_without_cross_term(n, T, m, eta, delta, D, xi, contraction_total=0.0):
    """Mutant: G² = (1+β)S/m, forgetting the (1 − 1/m)(1+β)² n cross term."""
    b = _ORIGINAL_BOUND(n, T, m, eta, delta, D, xi, contraction_total)
    b.G2 = (1 + b.beta) * b.S / m
    return b


class _ProjIgnoringFloors:
    """Mutant module: projects onto {Σx = 1, 0 ≤ x ≤ upper}, ignoring the floors (wrong set)."""

    @staticmethod
    def project_onto_box_simplex(y, lower, upper):
        return _ORIGINAL_PROJ.project_onto_box_simplex(y, 0.0, upper)


# ------------------------------------------------------------------------------------------------
# shared helpers
# ------------------------------------------------------------------------------------------------
def _perturbation(name, delta):
    return {"none": dbg.no_perturbation, "random": dbg.RandomPerturbation(delta),
            "adversarial": dbg.AdversarialPerturbation(delta), "steal": dbg.StealFromSmallest(delta)}[name]


def _schedule(n, xi, T, contracting, rng):
    if not contracting:
        return ogd.FloorSchedule(n, [xi])
    top = xi + float(rng.uniform(0, 1)) * (1 / n - xi) * 0.5
    floors = list(np.linspace(xi, top, T))
    return ogd.FloorSchedule(n, floors)


def _best_last(R, schedule, T):
    lo, up = schedule.bounds(T - 1)
    return rg.best_in_box_simplex(R, float(lo), float(up))[0]


def _pseudo_regret(n, T, m, eta, schedule, rewards, seed, pert, delta, record=False):
    learner = dbg.DeferredBanditGradient(n, eta=eta, m=m, schedule=schedule, record=record)
    run = dbg.run_dbg(learner, rewards, seed=seed, perturbation=pert, delta=delta, record=record)
    return _best_last(run.reward_sum, schedule, T) - run.expected_reward, run, learner


def _bound(n, T, m, eta, delta, schedule):
    return dbg.dbg_regret_bound(n, T, m, eta, delta, schedule.diameter, float(schedule.min_coordinate),
                                schedule.contraction_total)


# ------------------------------------------------------------------------------------------------
# (a) the regret bound in expectation
# ------------------------------------------------------------------------------------------------
def _regret_instances(ctx):
    """Smoke: one instance with a clear gap (so a broken learner shows). Then random ones."""
    yield None, {"n": 3, "T": 2000, "m": 2, "xi": 0.05, "delta": 0.0, "pert": "none", "contracting": False,
                 "adversary": "iid-gap", "reps": 2}
    if ctx.profile == "smoke":
        return
    for seed, rng in ctx.instances(quick=3, standard=20, audit=100):
        n = int(rng.integers(2, 7))
        xi = float(rng.choice([0.2, 0.5])) / n
        yield seed, {"n": n, "T": ctx.choose(quick=1500, standard=5000, audit=20000),
                     "m": int(rng.choice([1, 2, 4, 8])),
                     "xi": xi, "delta": float(rng.choice([0.0, 0.5, 1.0])) * xi,
                     "pert": str(rng.choice(["random", "adversarial", "steal"])),
                     "contracting": bool(rng.integers(0, 2)), "adversary": "random",
                     "reps": ctx.choose(quick=3, standard=6, audit=20), "rng": rng}


@certificate(
    id="dbg_expected_regret_le_bound",
    paper="A",
    item="Theorem 1 (Deferred Bandit Gradient)",
    statement="E[max_{p∈K_T} Σ⟨p, r_t⟩ − Σ r_t(i_t)] ≤ D²/(2η) + (η/2)TG² + ηT(1+β)nG + ηT((m−1)/2)√((1+β)S)G "
              "+ ((m+1)/2)(1+β)nH + (m+1)/2 + δT/(2ξ) [derived bound, long_memory/thm1_dbg.py], "
              "checked as Monte Carlo mean + 3 SE.",
    mutants=[Mutant("descent-instead-of-ascent", "DBG steps against its deferred gradient",
                    {"reference.adaptive_preferences.long_memory.thm1_dbg:DeferredBanditGradient": _DescentDBG})],
)
def dbg_expected_regret_le_bound(ctx):
    ratios = []
    for seed, inst in _regret_instances(ctx):
        n, T, m, xi, delta = inst["n"], inst["T"], inst["m"], inst["xi"], inst["delta"]
        rng = inst.pop("rng", None) or np.random.default_rng(12345)
        schedule = _schedule(n, xi, T, inst["contracting"], rng)
        if inst["adversary"] == "iid-gap":
            name, rewards = "iid-gap", rw.iid_rewards(T, n, rng, means=np.linspace(0.9, 0.1, n))
        else:
            name, rewards = rw.random_adversary(T, n, int(rng.integers(0, 2**31)))
        eta = dbg.dbg_calibrated_eta(n, T, m, delta, schedule.diameter, xi)
        pert = _perturbation(inst["pert"], delta)
        regs = [_pseudo_regret(n, T, m, eta, schedule, rewards, int(rng.integers(0, 2**31)), pert, delta)[0]
                for _ in range(inst["reps"])]
        mean, se = mean_se(regs)
        b = _bound(n, T, m, eta, delta, schedule)
        ratios.append((mean + 3 * se) / b.total)
        yield Evidence(observed=mean + 3 * se, bound=b.total, seed=seed,
                       instance={**{k: v for k, v in inst.items()}, "adversary": name, "eta": eta, "mean": mean,
                                 "se": se, "terms": b.terms, "bound_over_T": b.total / T},
                       note="mean + 3 SE of pseudo-regret vs the derived DBG bound")
    ctx.record("tightness (mean+3SE)/bound: max", max(ratios))
    ctx.record("tightness (mean+3SE)/bound: median", float(np.median(ratios)))
    path = ctx.figure_path("regret_curves")
    if path is not None:
        _plot_curves(path, ctx=ctx)


def _plot_curves(path, n=5, T=3000, m=4, xi=0.05, seed=7, ctx=None):
    rewards = rw.drifting_best_rewards(T, n, seed, period=T // 2)
    schedule = ogd.FloorSchedule(n, [xi])
    eta = dbg.dbg_calibrated_eta(n, T, m, 0.0, schedule.diameter, xi)
    curves = {}
    cum = np.cumsum(rewards, axis=0)
    best_k = xi * cum.sum(axis=1) + (1 - n * xi) * cum.max(axis=1)  # best in K = {x ≥ ξ} per prefix
    best_simplex = cum.max(axis=1)
    for label, learner, best in [
        (f"DBG m={m}, calibrated η", dbg.DeferredBanditGradient(n, eta=eta, m=m, schedule=schedule), best_k),
        (f"DBG m={m}, 10× η", dbg.DeferredBanditGradient(n, eta=10 * eta, m=m, schedule=schedule), best_k),
        ("OGD (no deferral), calibrated η", bl.BanditOGD(n, eta=eta, schedule=schedule), best_k),
        ("EXP3 (vs best item in Δ)", bl.Exp3(n, eta=bl.exp3_eta(n, T)), best_simplex),
    ]:
        run = dbg.run_dbg(learner, rewards, seed=seed)
        curves[label] = best - np.cumsum(run.per_round)
    ts = np.arange(1, T + 1)
    bound = [dbg.dbg_regret_bound(n, int(t), m, eta, 0.0, schedule.diameter, xi).total for t in ts[::50]]
    dbg_cal, ogd_cal = (c for label, c in curves.items() if "calibrated" in label)
    overlap = float(np.max(np.abs(dbg_cal - ogd_cal)))  # the two calibrated curves nearly coincide
    styles = [{"lw": 4, "alpha": 0.4, "color": "C0"}, {"color": "C1"}, {"lw": 1.2, "ls": "--", "color": "C2"},
              {"color": "C3"}]
    with figure(path, figsize=(6.4, 4.6), ctx=ctx,
                title=f"one run, drifting best item, n={n}, ξ={xi}, T={T}, seed {seed}") as (_, (ax,)):
        for (label, c), style in zip(curves.items(), styles):
            if label.startswith("OGD"):
                label += f"\n(dashed: within {overlap:.1f} of the wide DBG m={m} line)"
            ax.plot(ts, c, label=label, **style)
        ax.plot(ts[::50], bound, "k:", label=f"derived DBG bound (m={m}, calibrated η)")
        ax.set_xlabel("round t")
        ax.set_ylabel("pseudo-regret vs best in K (symlog)")
        ax.set_yscale("symlog")
        ax.legend(fontsize=7, loc="lower left")


# ------------------------------------------------------------------------------------------------
# (b) the squared norm of the deferred gradients
# ------------------------------------------------------------------------------------------------
def exact_sq_norm_at_fixed_x(x, x_tilde, r, m):
    """E‖g_t‖² when x_t = x, x̃_t = x̃ and r_t = r for the whole window (m independent draws):
    (1/m) Σ_i x̃_i r_i²/x_i² + (1 − 1/m) Σ_i (r_i x̃_i/x_i)²  (mean-square of an average of m i.i.d. vectors)."""
    x, xt, r = (np.asarray(a, dtype=float) for a in (x, x_tilde, r))
    second = float(np.sum(xt * r**2 / x**2))
    mean = r * xt / x
    return second / m + (1 - 1 / m) * float(mean @ mean)


@certificate(
    id="dbg_deferred_gradient_sq_norm_le_bound",
    paper="A",
    item="Appendix A, eq. (3) (squared norm of deferred gradients)",
    statement="E‖g_t‖² ≤ G² = (1+β)S/m + (1 − 1/m)(1+β)² n, S = (n−1)/ξ + 1/(1−(n−1)ξ): exactly at a fixed x "
              "(equality at a vertex of {x ≥ ξ} with all-one rewards) and by Monte Carlo on running DBG.",
    mutants=[
        Mutant("G2-without-cross-term", "G² forgets the (1 − 1/m)(1+β)² n term",
               {"reference.adaptive_preferences.long_memory.thm1_dbg:dbg_regret_bound": _bound_without_cross_term}),
        Mutant("sum-not-mean", "g_t sums the last m estimates instead of averaging",
               {"reference.adaptive_preferences.long_memory.thm1_dbg:DeferredBanditGradient": _SumNotMeanDBG}),
    ],
)
def dbg_deferred_gradient_sq_norm_le_bound(ctx):
    ratios = []
    for seed, rng in ctx.instances(quick=12, standard=100, audit=1000, smoke=3):
        n = int(rng.integers(2, 7))
        xi = float(rng.uniform(0.1, 1.0)) / n
        m = int(rng.choice([2, 3, 4, 8]))
        delta = float(rng.choice([0.0, 0.5, 0.9])) * xi
        b = dbg.dbg_regret_bound(n, 10, m, 1.0, delta, 1.0, xi)
        # exact route, the tight case: x at a vertex, all-one rewards, perturbation raising every x_i/x̃_i ratio
        x = np.full(n, xi)
        x[0] = 1 - (n - 1) * xi
        xt = x.copy()
        if delta > 0:
            xt[0] -= delta / 2
            xt[1] += delta / 2
        exact = exact_sq_norm_at_fixed_x(x, xt, np.ones(n), m)
        ratios.append(exact / b.G2)
        yield Evidence(observed=exact, bound=b.G2, seed=seed,
                       instance={"route": "exact, vertex, all-one rewards", "n": n, "xi": xi, "m": m, "delta": delta})
        # Monte Carlo route on running DBG (η tiny: x stays put, and the closed form applies)
        T = ctx.choose(smoke=400, quick=600, audit=4000)
        rewards = np.ones((T, n))
        sched = ogd.FloorSchedule(n, [xi])
        learner = dbg.DeferredBanditGradient(n, eta=1e-12, m=m, schedule=sched, x1=x, record=True)
        fixed = lambda t, xx, r, g, xt=xt: xt  # noqa: E731
        dbg.run_dbg(learner, rewards, seed=seed, perturbation=fixed, delta=delta + 1e-12)
        sq = np.asarray(learner.sq_norms[m:])
        blocks = sq[: (sq.size // 20) * 20].reshape(20, -1).mean(axis=1)  # 20 batch means (windows overlap)
        mean, se = mean_se(blocks)
        yield Evidence(observed=abs(mean - exact), bound=4 * se + 1e-9 * exact, seed=seed,
                       instance={"route": "Monte Carlo vs exact at fixed x (batch means)", "n": n, "m": m,
                                 "mc_mean": mean, "se": se, "exact": exact})
        # Monte Carlo on a moving DBG with random adversarial rewards
        _, rewards = rw.random_adversary(T, n, seed)
        eta = dbg.dbg_calibrated_eta(n, T, m, delta, sched.diameter, xi)
        learner = dbg.DeferredBanditGradient(n, eta=eta, m=m, schedule=sched, record=True)
        dbg.run_dbg(learner, rewards, seed=seed, perturbation=dbg.StealFromSmallest(delta), delta=delta)
        sq = np.asarray(learner.sq_norms[m:])
        blocks = sq[: (sq.size // 20) * 20].reshape(20, -1).mean(axis=1)
        mean, se = mean_se(blocks)
        yield Evidence(observed=mean + 3 * se, bound=b.G2, seed=seed,
                       instance={"route": "Monte Carlo, running DBG", "n": n, "xi": xi, "m": m, "delta": delta,
                                 "mean": mean, "se": se})
    ctx.record("exact E||g||^2 / G^2 at the vertex (1 = tight)", float(np.max(ratios)))


# ------------------------------------------------------------------------------------------------
# (c) eq. (4): the m omitted rounds, pathwise
# ------------------------------------------------------------------------------------------------
@certificate(
    id="dbg_omitted_rounds_identity",
    paper="A",
    item="Appendix A, eq. (4) (m omitted rounds)",
    statement="Pathwise: Σ_{s<T} r̂_s − Σ_{t<T} g_t = Σ_s (1 − min(m, T−1−s)/m) r̂_s (only fractions of the last m "
              "estimates are never applied), and Σ_s (1 − min(m, T−1−s)/m) = (m+1)/2 for T ≥ m.",
    mutants=[
        Mutant("window-off-by-one", "g_t averages r̂_{t−m+1..t} (includes the current round)",
               {"reference.adaptive_preferences.long_memory.thm1_dbg:deferred_window": _window_off_by_one}),
        Mutant("window-too-short", "g_t averages only m−1 past estimates (still divided by m)",
               {"reference.adaptive_preferences.long_memory.thm1_dbg:deferred_window": _window_too_short}),
    ],
)
def dbg_omitted_rounds_identity(ctx):
    for seed, rng in ctx.instances(quick=20, standard=200, audit=2000, smoke=4):
        n = int(rng.integers(2, 8))
        m = int(rng.integers(1, 12))
        T = int(rng.integers(m, 200))
        xi = float(rng.uniform(0.05, 1.0)) / n
        sched = ogd.FloorSchedule(n, [xi])
        _, rewards = rw.random_adversary(T, n, seed)
        learner = dbg.DeferredBanditGradient(n, eta=float(rng.uniform(0.001, 0.2)), m=m, schedule=sched, record=True)
        dbg.run_dbg(learner, rewards, seed=seed)
        omitted = np.zeros(n)
        total_weight = 0.0
        for s, i, v in learner.estimates:
            w = 1.0 - min(m, T - 1 - s) / m  # closed form, independent of deferred_window
            omitted[i] += w * v
            total_weight += w
        lhs = learner.estimate_sum - learner.gradient_sum
        scale = 1.0 + float(np.abs(learner.estimate_sum).max())
        yield Evidence(observed=float(np.abs(lhs - omitted).max()), bound=1e-9 * scale, seed=seed,
                       instance={"n": n, "m": m, "T": T, "side": "vector identity"})
        yield Evidence(observed=abs(total_weight - (m + 1) / 2), bound=1e-9 * m, seed=seed,
                       instance={"n": n, "m": m, "T": T, "side": "sum of omitted weights = (m+1)/2"})


# ------------------------------------------------------------------------------------------------
# (d) perturbation sensitivity
# ------------------------------------------------------------------------------------------------
@certificate(
    id="dbg_perturbation_relative_bias_le_beta",
    paper="A",
    item="Theorem 1 (perturbation term δT/(2ξ))",
    statement="With x_t ≥ ξ, every admissible perturbation (‖ε_t‖₁ ≤ δ, x̃_t ∈ Δ) has (x_t(i) − x̃_t(i))⁺/x_t(i) "
              "≤ β = δ/(2ξ) for all t, i (pathwise) — the per-round estimator bias the bound's δT/(2ξ) term pays "
              "for — and E Reg(δ) ≤ B(δ) along a δ grid (Monte Carlo mean + 3 SE).",
    mutants=[Mutant("projection-ignores-floors", "decision sets projected onto without their floors (x_t < ξ)",
                    {"reference.adaptive_preferences.long_memory.lemma3_contracting_ogd:proj": _ProjIgnoringFloors})],
)
def dbg_perturbation_relative_bias_le_beta(ctx):
    slopes = []
    for seed, rng in ctx.instances(quick=2, standard=10, audit=50, smoke=1):
        n = int(rng.integers(2, 5))
        xi = 0.5 / n
        m = int(rng.choice([1, 2, 4]))
        T = ctx.choose(smoke=800, quick=1000, audit=10000)
        reps = ctx.choose(smoke=1, quick=3, audit=10)
        rewards = rw.iid_rewards(T, n, rng, means=np.linspace(0.9, 0.1, n))
        sched = ogd.FloorSchedule(n, [xi])
        means = []
        eta = dbg.dbg_calibrated_eta(n, T, m, 0.0, sched.diameter, xi)
        for frac in (0.0, 0.95):
            delta = frac * 2 * xi
            # pathwise part: the perturbation that maximises the relative error (steal from the smallest x_i)
            _, run, _ = _pseudo_regret(n, T, m, eta, sched, rewards, seed, dbg.StealFromSmallest(delta), delta,
                                       record=True)
            X, Xt = np.array(run.played), np.array(run.perturbed)
            taken = np.clip(X - Xt, 0, None)
            rel = np.divide(taken, X, out=np.where(taken > 0, np.inf, 0.0), where=X > 0)
            worst_rel = float(np.max(rel))
            min_x = float(X.min())
            # expectation part: the perturbation that costs most reward (best-reward items → worst item)
            regs = [_pseudo_regret(n, T, m, eta, sched, rewards, seed + 1 + r, dbg.AdversarialPerturbation(delta),
                                   delta)[0] for r in range(reps)]
            beta = delta / (2 * xi)
            inst = {"n": n, "m": m, "T": T, "xi": xi, "delta": delta, "min_x": min_x}
            yield Evidence(observed=max(0.0, xi - min_x), bound=1e-12, seed=seed,
                           instance={**inst, "side": "hypothesis x_t >= xi (iterates respect the floors)"})
            yield Evidence(observed=worst_rel, bound=beta + 1e-12, seed=seed,
                           instance={**inst, "side": "max relative perturbation <= beta"})
            mean, se = mean_se(regs) if reps > 1 else (regs[0], 0.0)
            b = _bound(n, T, m, eta, delta, sched)
            yield Evidence(observed=mean + 3 * se, bound=b.total, seed=seed,
                           instance={**inst, "side": "E Reg(delta) <= B(delta)", "terms": b.terms})
            means.append((delta, mean, b.total))
        (d0, r0, b0), (d1, r1, b1) = means[0], means[-1]
        slopes.append({"n": n, "m": m, "measured dReg/ddelta": (r1 - r0) / (d1 - d0),
                       "bound dB/ddelta": (b1 - b0) / (d1 - d0)})
    ctx.record("regret slope in delta: measured vs bound", slopes)
