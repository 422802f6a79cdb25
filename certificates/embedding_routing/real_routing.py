"""Paper B on real embedding models: what is provable on the WordNet routing instances.

The instances are the shipped snapshots of ``routing_real`` (``data/routing_real/<task>_instance.npz``:
MiniLM router context with its constant coordinate, rewards of five real embedding experts on the
WordNet reverse-dictionary tasks; ``routing_real/instance.py``). No model is needed to rebuild them.

Certificates
------------
* ``b_real_routing_hpg_linearized_regret_le_bound`` [derived bound, real instance]: bound-tuned HPG's
  estimated expected linearized regret against the nuclear ball τ = 8 (mean + 3 SE over replicate
  runs, ``regret.pseudo_linearized_regret``) is ≤ the Theorem's R/η + ηTΨ²(1 − 1/M)/(2α)
  (``bounds.hpg_linearized_regret_bound``) — the bound makes no assumption on how rewards arise, so
  it must hold on real data too (tightness ≈ 0.2–0.3 here). Mutant: the bound computed with the range
  of the unit ball (τ forgotten); caught on the noun task (T = 1797), not at T ≤ 695. A wrong-sign
  mirror step is *not* caught on these instances: at
  the bound-tuned η HPG barely moves from Θ = 0 in T ≤ 1797 rounds (its reward is within 15% of
  uniform), so descent and ascent have nearly the same regret — itself a finding (docs/findings.md).
* ``b_real_routing_log_linear_embeds_in_log_quadratic`` [derived]: with the constant coordinate
  x_d = 1/√2, Θ_m = √2 e_d w_mᵀ + 2b_m e_d e_dᵀ (``routing_real.classes.embed_log_linear``) gives
  exactly the log-linear policy softmax(W x + b) on every real round (max |Δπ| ≤ 1e-12), hence the
  class-value ordering constant ≤ log-linear ≤ log-quadratic ≤ unconstrained; the values computed
  with the embedded witnesses are checked in that order (tolerance 1e-9·T for float sums). The
  reference's own log-quadratic optimiser, started at 0, is recorded beside (it stops 1.6e-5 below
  the log-linear value on the noun task: a lower estimate, not a violation of the containment).
  Mutant: the embedding without the √2 (what one gets forgetting x_d = 1/√2).

Findings: docs/findings.md, "Paper B on real embedding models".
"""

from __future__ import annotations

import math

import numpy as np

import reference.embedding_routing.bounds as bd
import reference.embedding_routing.hpg as hpg
import reference.embedding_routing.regret as rg
import routing_real.classes as cl
from certificates.registry import Evidence, Mutant, certificate
from reference.embedding_routing import policies as pol
from routing_real import dataset as ds
from routing_real import instance as ri

TAU = 8.0


def _instance(task: str, rounds: int | None):
    inst, _, experts = ri.load_snapshot(ds.load_task(task))
    if rounds is not None and rounds < inst.T:
        inst = ri.build_instance(inst.queries[:rounds], inst.rewards[:rounds], kind=inst.kind + f"[:{rounds}]")
    return inst, experts


@certificate(
    id="b_real_routing_hpg_linearized_regret_le_bound",
    paper="B",
    item="HPG linearized-regret bound on real embedding-model routing (WordNet tasks)",
    statement="On the WordNet reverse-dictionary routing instances (5 real embedding experts, MiniLM router context, "
              "d = 9, Ψ = x xᵀ), bound-tuned HPG's estimated expected linearized regret against ‖Θ‖_* ≤ 8 (mean + 3 SE "
              "over replicate runs) is ≤ R/η + ηTΨ²(1 − 1/M)/(2α).",
    mutants=[Mutant("unit-ball-range", "the range term of the unit ball, R(1, β), in place of R(τ, β)",
                    {"reference.embedding_routing.hypentropy:hypentropy_range_on_nuclear_ball":
                     lambda tau, beta: _range_of_unit_ball(beta)})],
)
def b_real_routing_hpg_linearized_regret_le_bound(ctx):
    both = [("verb", None), ("noun", None)]
    plan = ctx.choose(smoke=[("noun", None)], quick=both, standard=both, audit=both)
    reps = ctx.choose(smoke=2, quick=4, standard=10, audit=20)
    for (task, rounds), (seed, rng) in zip(plan, ctx.instances(quick=2, smoke=1, standard=2, audit=2)):
        inst, experts = _instance(task, rounds)
        psi = inst.feature_op_norm_max()
        runs, learner = [], None
        for _ in range(reps):
            learner = hpg.HPG(inst.d, inst.M, inst.T, TAU, psi_max=psi)
            runs.append(hpg.run_learner(learner, inst, int(rng.integers(2 ** 31))))
        terms = bd.hpg_linearized_regret_bound(T=inst.T, M=inst.M, d=inst.d, tau=TAU, beta=learner.beta,
                                               eta=learner.eta, psi_max=psi)
        pseudo = rg.pseudo_linearized_regret(runs, TAU)
        observed = pseudo["value"] + 3.0 * pseudo["se"]
        yield Evidence(observed=float(observed), bound=float(terms["total"]), seed=seed,
                       instance={"task": task, "T": inst.T, "d": inst.d, "M": inst.M, "experts": experts, "tau": TAU,
                                 "reps": reps, "pseudo_regret": pseudo["value"], "se": pseudo["se"],
                                 "tightness": observed / terms["total"],
                                 "mean_reward": float(np.mean([r.total_expected_reward for r in runs]))})


def _range_of_unit_ball(beta: float) -> float:
    """R(1, β) = asinh(1/β) − √(1 + β²) + β (the range on the unit nuclear ball)."""
    return math.asinh(1.0 / beta) - math.hypot(1.0, beta) + beta


def _ordering(inst, Wb: np.ndarray, seed: int) -> tuple[float, dict]:
    """max violation of constant ≤ log-linear ≤ log-quadratic ≤ unconstrained with embedded witnesses."""
    R, X, F = inst.rewards, inst.queries, inst.features
    v_const = rg.constant_class_value(R)
    v_ll = max(v_const, cl.value_log_linear(Wb, X, R))
    v_lq_ref = rg.log_quadratic_class_value(F, R, seed, restarts=1)
    v_lq = max(v_lq_ref, cl.value_log_quadratic(cl.embed_log_linear(Wb), F, R),
               cl.value_log_quadratic(cl.embed_log_linear(_constant_witness(R, X.shape[1])), F, R))
    v_unc = rg.unconstrained_value(R)
    gaps = [v_const - v_ll, v_ll - v_lq, v_lq - v_unc]
    return max(gaps), {"constant": v_const, "log_linear": v_ll, "log_quadratic": v_lq, "unconstrained": v_unc,
                       "reference_log_quadratic_from_zero": v_lq_ref}


def _constant_witness(R: np.ndarray, d: int, gap: float = 40.0) -> np.ndarray:
    Wb = np.zeros((R.shape[1], d + 1))
    Wb[int(np.argmax(R.sum(axis=0))), d] = gap
    return Wb


@certificate(
    id="b_real_routing_log_linear_embeds_in_log_quadratic",
    paper="B",
    item="class-value ordering on the real routing instances (log-linear ⊂ log-quadratic via the constant coordinate)",
    statement="With x_d = 1/√2, Θ_m = √2 e_d w_mᵀ + 2b_m e_d e_dᵀ reproduces softmax(W x + b) on every real round "
              "(max |Δπ| ≤ 1e-12), and the values computed with these witnesses satisfy constant ≤ log-linear ≤ "
              "log-quadratic ≤ unconstrained (tolerance 1e-9·T).",
    mutants=[Mutant("no-sqrt2", "Θ_m = e_d w_mᵀ + 2b_m e_d e_dᵀ (forgets x_d = 1/√2)",
                    {"routing_real.classes:embed_log_linear": lambda Wb: _embed_without_sqrt2(Wb)})],  # noqa: PLW0108
)
def b_real_routing_log_linear_embeds_in_log_quadratic(ctx):
    tasks = ctx.choose(smoke=["verb"], quick=["verb", "noun"], standard=["verb", "noun"], audit=["verb", "noun"])
    draws = ctx.choose(smoke=2, quick=3, standard=10, audit=30)
    for task in tasks:
        inst, experts = _instance(task, None)
        X, F = inst.queries, inst.features
        Xa = np.hstack([X, np.ones((inst.T, 1))])
        for seed, rng in ctx.instances(quick=draws, smoke=draws, standard=draws, audit=draws):
            Wb = rng.normal(0.0, float(rng.choice([0.5, 3.0, 20.0])), size=(inst.M, inst.d + 1))
            P_ll = pol.softmax_rows(Xa @ Wb.T)
            Th = cl.embed_log_linear(Wb)
            P_lq = pol.softmax_rows(F.reshape(inst.T, -1) @ Th.reshape(inst.M, -1).T)
            yield Evidence(observed=float(np.abs(P_ll - P_lq).max()), bound=1e-12, seed=seed,
                           instance={"task": task, "T": inst.T, "check": "embedding", "scale": float(np.abs(Wb).max())})
        Wb_fit = cl.fit_log_linear(X, inst.rewards, 0, restarts=1)
        violation, values = _ordering(inst, Wb_fit, 0)
        yield Evidence(observed=float(violation), bound=1e-9 * inst.T, seed=0,
                       instance={"task": task, "T": inst.T, "check": "ordering", "experts": experts, **values})


def _embed_without_sqrt2(Wb: np.ndarray) -> np.ndarray:
    Wb = np.asarray(Wb, dtype=float)
    M, d = Wb.shape[0], Wb.shape[1] - 1
    Th = np.zeros((M, d, d))
    Th[:, d - 1, :] = Wb[:, :d]
    Th[:, d - 1, d - 1] += 2.0 * np.asarray(Wb)[:, d]
    return Th
