"""Paper A, baselines on the Theorem 3 / Theorem 5 instances: Algorithm 3 / EXP-φ against DBG, Algorithm 2 and
dynamics-blind learners, run paired (identical reward matrix and agent seed per replicate) [project].

Certificate ``theorem3_5_baselines_paired_comparison`` certifies only what follows from proved statements;
rankings are recorded (``ctx.record``), never asserted:

(i) DBG with oracle box targeting induces exactly its iterate x_t every round (``setting.baselines.
    BoxTargetingRecommender``: the box lies in IRD(v_t) by ``sec2_eird.score_ratio_floor``, then MenuDist);
(ii) its pseudo-regret against its decision set (mean + 3 SE) is ≤ Theorem 1's bound at δ = 0;
(iii) the Δ_φ benchmark's closed form (``regret.best_in_target(R, "smoothed")``) equals its LP
    (``regret.best_in_box_simplex_lp``);
(iv) EXP-φ's pseudo-regret (mean + 3 SE) is ≤ our Theorem 5 bound;
(v) where EIRD_V is empty, an exact Farkas witness (``eird_emptiness``) proves EIRD = ∅ (no EIRD benchmark).

Learners (``compare_on_instance``): Algorithm 3 (``ScaleBoundedOGD``, long memory) or EXP-φ (γ < 1/2); DBG with
oracle box targeting and Algorithm 2 (practical calibration) where the box applies; EXP3 over all menus and OGD
without deferral realised as if scores were ≡ 1 (dynamics-blind) everywhere. Regret is pseudo-regret:
benchmark − Σ_t ⟨q(K_t; v_t), r_t⟩ (``regret.expected_reward``). Benchmarks: Δ_φ, box-EIRD (inner approximation:
value ≤ the EIRD value), EIRD_V (outer approximation at the finite memory set V of
``eird_emptiness.eird_reference_memories``: value ≥ the EIRD value), so regret vs EIRD lies in
[regret vs box, regret vs EIRD_V]. The box-vs-EIRD_V-vs-Δ_φ ordering itself is certified in
``benchmark_ordering.py``.

Notation
--------
=============  ====================================  ==================================================
paper / ours   code                                  meaning
=============  ====================================  ==================================================
λ, c           ``lam``, ``c``                        Definition 3 constants of the instance
λ'             ``sec2_eird.score_ratio_floor``       min score / max score at any memory
Δ_φ            ``regret.best_in_target(…"smoothed")``  φ-smoothed simplex benchmark
K              ``setting.baselines.box_schedule``    DBG's decision set box ∩ {x ≥ ξ}
V              ``eird_reference_memories``           finite memory set of the EIRD_V benchmark
=============  ====================================  ==================================================

Implementation notes
--------------------
Instance builders (``INSTANCES``, ``compare_on_instance``) and the learner adapters (``algorithm3_recommender``,
``exp_phi_recommender``, ``oracle_dbg_recommender``, ``blind_ogd_recommender``, ``theorem5_bound_total``) live
here; every mathematical object is in the reference. Algorithm 3 and EXP-φ are reached through their sections'
packages (``reference.adaptive_preferences.scale_bounded`` / ``short_memory``), which re-export them whichever module
holds them. MenuDist is reached as ``md.menu_dist`` and the Δ_φ benchmark as ``rg.best_in_target`` (module
attributes) so that the mutants can patch them.
Findings from runs: docs/findings.md, "Baselines: Theorem 3/5 instances".
"""

from __future__ import annotations

import math

import numpy as np

import reference.adaptive_preferences.long_memory.alg2_eird_targeting as tg
import reference.adaptive_preferences.long_memory.thm1_dbg as dbg_mod
import reference.adaptive_preferences.long_memory.thm2_regret_bound as t2
import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
import reference.adaptive_preferences.scale_bounded as sba
import reference.adaptive_preferences.setting.baselines as bl
import reference.adaptive_preferences.setting.eird_emptiness as ee
import reference.adaptive_preferences.setting.regret as rg
import reference.adaptive_preferences.setting.sec2_eird as eird
import reference.adaptive_preferences.short_memory as sm
from certificates.plots import figure
from certificates.registry import Evidence, Mutant, certificate
from certificates.stats import mean_se
from reference.adaptive_preferences.long_memory.lemma3_contracting_ogd import BoxSchedule
from reference.adaptive_preferences.realizability.sec2_choice import all_menus, mixture_choice_distribution
from reference.adaptive_preferences.setting.def2_def3_models import (
    extreme_scale_bounded_model,
    random_scale_bounded_model,
)
from reference.adaptive_preferences.setting.rewards import stationary_bernoulli_rewards, windowed_stochastic_rewards
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction

__all__ = [
    "INSTANCES",
    "algorithm3_recommender",
    "blind_ogd_recommender",
    "compare_on_instance",
    "exp_phi_recommender",
    "oracle_dbg_recommender",
    "paired_summary",
    "stationary_bernoulli_rewards",
    "theorem5_bound_total",
    "windowed_stochastic_rewards",
]


# ------------------------------------------------------------------------------------------------
# learner adapters (the recommenders of the comparison, with the parameters the theorems use)
# ------------------------------------------------------------------------------------------------
def oracle_dbg_recommender(model, n, k, gamma, T, *, lam, c, seed, floor_phi=0.1, m=4, record=False):
    """DBG (deferral m) on K = box ∩ {x ≥ φ'/n}, targeted with the TRUE scores; η = ``dbg_calibrated_eta``.

    Returns (recommender, schedule, eta). Theorem 1 applies with δ = 0 (the induced distribution is x_t).
    """
    sched = bl.box_schedule(n, k, lam, c, floor=floor_phi / n)
    eta = dbg_mod.dbg_calibrated_eta(n, T, m, 0.0, sched.diameter, sched.min_coordinate)
    learner = dbg_mod.DeferredBanditGradient(n, eta=eta, m=m, schedule=sched)
    return bl.BoxTargetingRecommender(learner, k, gamma, model.scores, seed=seed, record=record), sched, eta


def blind_ogd_recommender(n, k, gamma, T, *, seed, floor_phi=0.1):
    """OGD without deferral on {φ'/n ≤ x ≤ 1/k}, realised as if the agent chose uniformly (scores ≡ 1).

    η = D/√(T S) minimises ``dbg.bandit_ogd_regret_bound`` at δ = 0 (a bound that does NOT apply here:
    the induced choices differ from x_t, so the estimates are biased)."""
    sched = BoxSchedule(n, floor_phi / n, 1.0 / k)
    S = dbg_mod.max_inverse_sum(n, sched.min_coordinate)
    eta = sched.diameter / math.sqrt(T * S)
    learner = bl.BanditOGD(n, eta=eta, schedule=sched)
    return bl.BoxTargetingRecommender(learner, k, gamma, lambda v: np.ones(n), seed=seed)


def algorithm3_recommender(n, k, *, lam, c, phi, T, c_exp, seed, model=None, monitor=None, learn_rounds=None):
    """Algorithm 3 (γ = 1 − T^{−c}) with the schedule the Theorem 3 certificates use by default
    (``theorem3_invariant_parameters``); ``model`` supplies the factor Lipschitz constant
    (``factor_log_lipschitz``); ``learn_rounds`` overrides the schedule's (the benchmark shortens learning to
    time the step stage). Returns (recommender, γ)."""
    pr = dict(sba.theorem3_invariant_parameters(T, c_exp, n, k, phi))
    if learn_rounds is not None:
        pr["learn_rounds"] = int(learn_rounds)
    extra = {} if model is None else {"factor_lipschitz": sba.factor_log_lipschitz(model)}
    alg = sba.ScaleBoundedOGD.from_schedule(n, k, pr, phi=phi, horizon=T, lam=lam, c=c, seed=seed, monitor=monitor,
                                            **extra)
    return alg, pr["gamma"]


def exp_phi_recommender(n, k, gamma, T, *, lam, c, phi, seed):
    """EXP-φ with the window ``theorem5_window``: (recommender, L)."""
    L = sm.theorem5_window(T, n, k, lam, c, gamma, phi)
    return sm.ExpPhi(n, k, gamma, window=L, horizon=T, seed=seed), L


def theorem5_bound_total(rewards, L, n, k, lam, c, gamma, phi) -> float:
    """Our Theorem 5 bound on E Reg_T(Δ_φ) of EXP-φ (``theorem5_regret_bound``, total)."""
    return float(sm.theorem5_regret_bound(rewards, L, n, k, lam, c, gamma, phi)["total"])


def paired_summary(values, reference=None) -> dict:
    """Mean and SE (``certificates.stats.mean_se``) of replicate values; with ``reference`` also of the
    paired difference values − reference (same seeds)."""
    mean, se = mean_se(values)
    out = {"mean": mean, "se": se}
    if reference is not None:
        out["diff_mean"], out["diff_se"] = mean_se(np.asarray(values, dtype=float) - np.asarray(reference, dtype=float))
    return out


# ------------------------------------------------------------------------------------------------
# the instances
# ------------------------------------------------------------------------------------------------
#: name → spec. ``memory``: "long" (γ = 1 − T^{−c_exp}, Algorithm 3) or "short" (fixed γ < 1/2, EXP-φ).
INSTANCES = {
    "larger-lambda long memory": {"n": 5, "k": 2, "lam": 1.0, "c": 1.2, "phi": 0.3, "memory": "long",
                                  "c_exp": 0.5, "model": "random", "rewards": "stationary"},
    "Theorem 3 instance": {"n": 5, "k": 2, "lam": 0.05, "c": 1.3, "phi": 0.3, "memory": "long", "c_exp": 0.5,
                           "model": "random", "rewards": "stationary"},
    "Theorem 5 instance": {"n": 4, "k": 2, "lam": 0.5, "c": 1.2, "phi": None, "memory": "short", "gamma": 0.3,
                           "model": "extreme", "rewards": "windowed"},
    "larger-lambda short memory": {"n": 4, "k": 2, "lam": 1.0, "c": 1.1, "phi": None, "memory": "short",
                                   "gamma": 0.3, "model": "random", "rewards": "windowed"},
}

DBG = "DBG (oracle box targeting)"
ALG2 = "Algorithm 2 (practical)"
EXP3 = "EXP3 over menus"
BLIND = "OGD no deferral (blind)"


def _instance_setup(spec, T, seed):
    """(model, γ, φ, rewards) for one instance spec."""
    n, k, lam, c = spec["n"], spec["k"], spec["lam"], spec["c"]
    rng = np.random.default_rng(seed)
    if spec["memory"] == "long":
        phi = spec["phi"]
        gamma = 1.0 - float(T) ** (-spec["c_exp"])  # γ = 1 − T^{−c}, as every Theorem 3 schedule
        rewards = stationary_bernoulli_rewards(T, n, rng)
    else:
        gamma = spec["gamma"]
        phi = min(1.0, sm.vertex_phi_min(n, k, lam, c) + 0.05)
        L = sm.theorem5_window(T, n, k, lam, c, gamma, phi)
        rewards = windowed_stochastic_rewards(T, n, L, rng)
    if spec["model"] == "extreme":  # the best item is the least liked (Definition 3's boundary)
        model = extreme_scale_bounded_model(n, lam, c, int(np.argmax(rewards.sum(axis=0))))
    else:
        model = random_scale_bounded_model(n, lam, c, int(rng.integers(2**31)), normalize=True)
    return model, gamma, phi, rewards


def _benchmarks(model, R, spec, phi, seed):
    """(box applies, V's score vectors, {benchmark → value or None}) of one instance."""
    n, k, lam, c = spec["n"], spec["k"], spec["lam"], spec["c"]
    applies = eird.box_applies(n, k, lam, c)
    V = [model.scores(v) for v in ee.eird_reference_memories(n, np.random.default_rng(seed + 1))]
    bench = {"delta_phi": rg.best_in_target(R, "smoothed", phi=phi)[0],
             "box": float(eird.best_in_eird_box(R, eird.score_ratio_floor(lam, c), k)[0]) if applies else None,
             "eird_v": ee.eird_v_value(R, V, k)}
    return applies, V, bench


def _make_recommender(name, spec, model, gamma, phi, T, seed):
    """(recommender, extra) for one learner; extra = ("exp_phi", L) / ("dbg", schedule, η) / None."""
    n, k, lam, c = spec["n"], spec["k"], spec["lam"], spec["c"]
    if name == "Algorithm 3":
        return algorithm3_recommender(n, k, lam=lam, c=c, phi=phi, T=T, c_exp=spec["c_exp"], seed=seed,
                                      model=model)[0], None
    if name == "EXP-phi":
        rec, L = exp_phi_recommender(n, k, gamma, T, lam=lam, c=c, phi=phi, seed=seed)
        return rec, ("exp_phi", L)
    if name == DBG:
        rec, sched, eta = oracle_dbg_recommender(model, n, k, gamma, T, lam=lam, c=c, seed=seed, record=True)
        return rec, ("dbg", sched, eta)
    if name == ALG2:
        # the model is normalised (scores ≤ 1), so its floor is λ' and its Lipschitz constant is scaled
        params = t2.practical_parameters(n, k, eird.score_ratio_floor(lam, c), float(model.lipschitz), gamma, T)
        return tg.Algorithm2(n, k, gamma, params, seed=seed), None
    if name == EXP3:
        menus = all_menus(n, k)
        return bl.Exp3MenuRecommender(menus, eta=bl.exp3_eta(len(menus), T), seed=seed), None
    return blind_ogd_recommender(n, k, gamma, T, seed=seed), None


def _record_dbg(d, rec, traj, model, R, sched, eta, got, T):
    """DBG's max ‖q_t − x_t‖₁ (targeting error), regret vs its decision set K and Theorem 1's bound."""
    err = 0.0
    for x, mu, v in zip(rec.targets, rec.menu_dists, traj.memories):
        q = np.asarray(mixture_choice_distribution(mu, model.scores(v)), dtype=float)
        err = max(err, float(np.abs(q - x).sum()))
    lo, up = sched.bounds(0)
    best_K = float(rg.best_in_box_simplex(R, lo, up)[0])
    d["max_targeting_error"] = max(d.get("max_targeting_error", 0.0), err)
    d.setdefault("regret_vs_K", []).append(best_K - got)
    d["bound"] = dbg_mod.dbg_regret_bound(len(R), T, rec.learner.m, eta, 0.0, sched.diameter,
                                          sched.min_coordinate).total
    d["best_in_K"] = best_K


def compare_on_instance(spec, T, reps, seed, *, learners=None):
    """Run every applicable learner on one instance, ``reps`` paired replicates; return the raw results.

    Returns dict with ``regret`` (learner → {"delta_phi", "box", "eird_v"} → list over replicates), the
    benchmark values, applicability flags, DBG's max targeting error and Theorem 1 bound, EXP-φ's bound.
    """
    n, k, lam, c = spec["n"], spec["k"], spec["lam"], spec["c"]
    model, gamma, phi, rewards = _instance_setup(spec, T, seed)
    R = rewards.sum(axis=0)
    applies, V, bench = _benchmarks(model, R, spec, phi, seed)
    head = "Algorithm 3" if spec["memory"] == "long" else "EXP-phi"
    names = [head, DBG, ALG2, EXP3, BLIND] if applies else [head, EXP3, BLIND]
    if learners is not None:
        names = [x for x in names if x in learners]
    out = {"n": n, "k": k, "lam": lam, "c": c, "phi": phi, "gamma": gamma, "T": T, "reps": reps,
           "box_applies": applies, "lambda_prime": eird.score_ratio_floor(lam, c), "benchmarks": bench,
           "eird_v_size": len(V), "eird_v_scores": V, "learners": names, "dbg": {}, "exp_phi": {}, "reward_sum": R,
           "regret": {name: {"delta_phi": [], "box": [], "eird_v": []} for name in names}}
    for r in range(reps):
        agent_seed, rec_seed = seed + 1000 + r, seed + 2000 + r
        for name in names:
            rec, extra = _make_recommender(name, spec, model, gamma, phi, T, rec_seed)
            traj = run_interaction(rec, Agent(model, gamma, seed=agent_seed), rewards, k, record=True)
            got = rg.expected_reward(model, traj, rewards)
            for key, reg in out["regret"][name].items():
                reg.append(None if bench[key] is None else bench[key] - got)
            if extra and extra[0] == "dbg":
                _record_dbg(out["dbg"], rec, traj, model, R, extra[1], extra[2], got, T)
            if extra and extra[0] == "exp_phi":
                out["exp_phi"]["L"] = extra[1]
                out["exp_phi"]["bound"] = theorem5_bound_total(rewards, extra[1], n, k, lam, c, gamma, phi)
    return out


# ------------------------------------------------------------------------------------------------
# the certificate: the paired comparison (claims only from proved statements; rankings recorded)
# ------------------------------------------------------------------------------------------------
_ORIG_MENU_DIST = md.menu_dist
_ORIG_BEST_IN_TARGET = rg.best_in_target


def _menu_dist_ignoring_scores(p, scores, k):  # targets as if every score were 1
    return _ORIG_MENU_DIST(p, np.ones(len(p)), k)


def _benchmark_max_only(reward_sum, target="simplex", **params):  # Δ_φ forgets the uniform share of its vertex
    if target != "smoothed":
        return _ORIG_BEST_IN_TARGET(reward_sum, target, **params)
    return float((1.0 - params["phi"]) * np.max(np.asarray(reward_sum, dtype=float))), None


def _table_rows(name, out):
    head = out["learners"][0]
    rows = []
    for learner in out["learners"]:
        reg = out["regret"][learner]
        row = {"instance": name, "learner": learner, "T": out["T"], "reps": out["reps"]}
        row["delta_phi"] = paired_summary(reg["delta_phi"], None if learner == head else
                                          out["regret"][head]["delta_phi"])
        row["box"] = paired_summary(reg["box"]) if out["benchmarks"]["box"] is not None else "box empty"
        row["eird_v"] = paired_summary(reg["eird_v"]) if out["benchmarks"]["eird_v"] is not None else "EIRD_V empty"
        rows.append(row)
    return rows


def _plot_comparison(path, results, ctx=None):
    with figure(path, ncols=len(results), figsize=(4.2 * len(results), 4), ctx=ctx,
                title="paired regret per round of each learner against three benchmarks") as (_fig, axes):
        for ax, (name, out) in zip(axes, results.items()):
            T = out["T"]
            xs = np.arange(len(out["learners"]))
            for off, key, label in ((-0.27, "delta_phi", "vs Δ_φ"), (0.0, "box", "vs box-EIRD (≤ EIRD)"),
                                    (0.27, "eird_v", "vs EIRD_V (≥ EIRD)")):
                if out["benchmarks"][key] is None:
                    continue
                s = [paired_summary(out["regret"][lr][key]) for lr in out["learners"]]
                ax.bar(xs + off, [x["mean"] / T for x in s], 0.27, yerr=[x["se"] / T for x in s], label=label,
                       capsize=3)
            ax.axhline(0, color="k", lw=0.5)
            ax.set_xticks(xs)
            ax.set_xticklabels([lr.split(" (")[0] for lr in out["learners"]], rotation=35, ha="right", fontsize=7)
            eird_note = ("EIRD_V = ∅ ⇒ EIRD = ∅" if out["benchmarks"]["eird_v"] is None
                         else f"|V| = {out['eird_v_size']}")
            ax.set_title(f"{name}\n(box {'applies' if out['box_applies'] else 'empty'}; {eird_note}; T={T}, "
                         f"{out['reps']} paired reps)", fontsize=7)
            ax.set_ylabel("pseudo-regret / T (± SE)")
            ax.legend(fontsize=6)


def _instance_evidence(ctx, name, out, seed):
    """The Evidence of one instance: Δ_φ two routes, EIRD = ∅ by Farkas, DBG's targeting and bound, EXP-φ."""
    inst = {"instance": name, "n": out["n"], "k": out["k"], "lam": out["lam"], "c": out["c"], "phi": out["phi"],
            "gamma": out["gamma"], "T": out["T"], "reps": out["reps"]}
    R = out["reward_sum"]
    lp = rg.best_in_box_simplex_lp(R, out["phi"] / len(R), 1.0)[0]
    yield Evidence(observed=abs(out["benchmarks"]["delta_phi"] - lp), bound=1e-9 * max(1.0, float(R.sum())),
                   seed=seed, instance=inst, note="Δ_φ benchmark: closed form = LP")
    if out["benchmarks"]["eird_v"] is None:  # the EIRD benchmark is undefined here: certify EIRD = ∅
        y = ee.eird_v_emptiness_witness(out["eird_v_scores"], out["k"])
        margin = ee.emptiness_witness_margin(out["eird_v_scores"], out["k"], y) if y is not None else None
        yield Evidence(observed=int(margin is None or margin <= 0), bound=0, seed=seed,
                       instance={**inst, "farkas_margin": None if margin is None else float(margin)},
                       note="EIRD_V = ∅ (exact Farkas witness) ⇒ EIRD = ∅: no EIRD benchmark on this instance")
    if out["dbg"]:
        d = out["dbg"]
        yield Evidence(observed=d["max_targeting_error"], bound=1e-9, seed=seed, instance=inst,
                       note="DBG oracle targeting: induced choice = x_t every round")
        s = paired_summary(d["regret_vs_K"])
        ctx.record(f"dbg_regret_vs_K_over_theorem1_bound [{name}]", (s["mean"] + 3 * s["se"]) / d["bound"])
        yield Evidence(observed=s["mean"] + 3 * s["se"], bound=d["bound"], seed=seed,
                       instance={**inst, "regrets_vs_K": d["regret_vs_K"]}, note="DBG pseudo-regret vs K ≤ Theorem 1")
    if out["exp_phi"]:
        s = paired_summary(out["regret"]["EXP-phi"]["delta_phi"])
        yield Evidence(observed=s["mean"] + 3 * s["se"], bound=out["exp_phi"]["bound"], seed=seed,
                       instance={**inst, "L": out["exp_phi"]["L"]}, note="EXP-φ pseudo-regret vs Δ_φ ≤ our Theorem 5")


@certificate(
    id="theorem3_5_baselines_paired_comparison",
    paper="A",
    item="Baselines on the Theorem 3 / Theorem 5 instances (Algorithm 3, EXP-φ vs DBG, Algorithm 2, blind)",
    statement="Paired runs (same rewards, same agent seed per replicate) of Algorithm 3 or EXP-φ, DBG with oracle "
              "box-EIRD targeting and Algorithm 2 (where λ/(c²(1+λ)) ≥ (k−1)/(n−1)), EXP3 over menus and blind OGD. "
              "Certified (proved statements only): (i) DBG's induced choice distribution equals its iterate x_t in "
              "every round (‖q_t − x_t‖₁ ≤ 1e-9; box corollary + MenuDist); (ii) DBG's pseudo-regret against its "
              "decision set (mean + 3 SE) ≤ Theorem 1's bound with δ = 0; (iii) the Δ_φ benchmark's closed form equals "
              "its LP; (iv) EXP-φ's pseudo-regret (mean + 3 SE) ≤ our Theorem 5 bound; (v) where EIRD_V is empty, an "
              "exact Farkas witness certifies EIRD = ∅ (no EIRD benchmark there). Regrets vs Δ_φ, box-EIRD and EIRD_V "
              "(± SE, paired differences) are recorded and plotted; no ranking is asserted.",
    mutants=[Mutant("menu-dist-ignores-scores", "DBG's menus built as if every score were 1 (targets the wrong thing)",
                    {"reference.adaptive_preferences.realizability.lemma1_proof_menu_dist:menu_dist":
                     _menu_dist_ignoring_scores}),
             Mutant("benchmark-max-only", "Δ_φ benchmark forgets the uniform share: (1 − φ) max R",
                    {"reference.adaptive_preferences.setting.regret:best_in_target": _benchmark_max_only})],
)
def theorem3_5_baselines_paired_comparison(ctx):
    T = ctx.choose(smoke=400, quick=1500, standard=4000, audit=8000)
    reps = ctx.choose(smoke=2, quick=3, standard=6, audit=10)
    names = ctx.choose(smoke=["larger-lambda long memory"], quick=list(INSTANCES))
    learners = ctx.choose(smoke=["Algorithm 3", DBG, EXP3], quick=None)
    results, rows = {}, []
    for i, name in enumerate(names):
        seed = ctx.instance_seed(i)
        out = compare_on_instance(INSTANCES[name], T, reps, seed, learners=learners)
        results[name] = out
        rows += _table_rows(name, out)
        yield from _instance_evidence(ctx, name, out, seed)
    ctx.record("table", rows)
    ctx.record("benchmarks", {name: {**out["benchmarks"], "box_applies": out["box_applies"],
                                     "lambda_prime": out["lambda_prime"], "|V|": out["eird_v_size"]}
                              for name, out in results.items()})
    ctx.record("ranking_by_mean_regret_vs_delta_phi (recorded, not certified)",
               {name: sorted(out["learners"], key=lambda lr: float(np.mean(out["regret"][lr]["delta_phi"])))
                for name, out in results.items()})
    path = ctx.figure_path("regret_by_learner")
    if path is not None:
        _plot_comparison(path, results, ctx)
