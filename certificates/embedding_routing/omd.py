"""Paper B, HPG's online-mirror-descent inequality, pathwise, for arbitrary gradient sequences.

Paper B (arXiv 2606.14929) builds HPG on "online mirror descent with hypentropy regularization"
[seed, a secondary summary]; the inequality checked here is our derivation [derived]: Steps 1–3 of
``reference/embedding_routing/bounds.py``. HPG's update
(``hpg.HPG.step``: mirror ascent + Bregman projection onto the nuclear ball) is run on gradient
sequences that no bandit would produce (large, adversarial, constant, alternating), and both forms
of the inequality are checked on the realised path:

(A) max_{‖U‖_*≤τ} Σ_t⟨g_t, U − Θ_t⟩ ≤ R/η + Σ_t [⟨g_t, Θ_{t+1} − Θ_t⟩ − D_φ(Θ_{t+1}, Θ_t)/η]   (no constant)
(B) max_{‖U‖_*≤τ} Σ_t⟨g_t, U − Θ_t⟩ ≤ R/η + (η/(2α)) Σ_t ‖g_t‖_op²                        (α = c/(τ + dβ))

Certificate ``b_omd_inequality_pathwise`` [derived]. Mutants: the mirror step with the wrong sign
(``mirror_descent_step``, shared with the other HPG certificates); no Bregman projection. The left
side is ``regret.linearized_regret``. Findings: docs/findings.md, "Paper B HPG bound: tightness on
randomized instances".
"""

from __future__ import annotations

import numpy as np

import reference.embedding_routing.bounds as bd
import reference.embedding_routing.hpg as hpg
import reference.embedding_routing.hypentropy as hy
import reference.embedding_routing.regret as rg
from certificates.registry import Evidence, Mutant, certificate


def mirror_descent_step(Y: np.ndarray, G: np.ndarray, eta: float) -> np.ndarray:
    """Mutant of ``hpg.mirror_ascent_step``: Y − ηG, the wrong sign (mirror *descent* on rewards)."""
    return Y - eta * G


def _no_projection(Y, tau, beta):
    return hy.inverse_mirror_map(Y, beta), np.asarray(Y, dtype=float)


def gradient_sequence(rng, T, d, M):
    """One of four families of adversarial gradient sequences in R^{d×dM} (scaled by a random ‖·‖_op)."""
    kind = str(rng.choice(["gaussian", "rank_one", "constant", "alternating"]))
    scale = float(10 ** rng.uniform(-1, 1))
    base = rng.standard_normal((d, d * M))
    seq = []
    for t in range(T):
        if kind == "gaussian":
            G = rng.standard_normal((d, d * M))
        elif kind == "rank_one":
            x = rng.standard_normal(d)
            G = np.kron(rng.uniform(-1, 1, size=(1, M)), np.outer(x, x))
        elif kind == "constant":
            G = base
        else:
            G = base * (1 if t % 2 == 0 else -1)
        seq.append(G * scale / max(np.linalg.norm(G, 2), 1e-12))
    return kind, seq


@certificate(
    id="b_omd_inequality_pathwise",
    paper="B",
    item="OMD regret inequality of HPG (derived; Steps 1–3 of bounds.py)",
    statement="For every gradient sequence g_1..g_T (four adversarial families, random d, M, T, τ, β, η), HPG's "
              "iterates satisfy (A) max_U Σ⟨g_t, U − Θ_t⟩ ≤ R/η + Σ[⟨g_t, Θ_{t+1} − Θ_t⟩ − D(Θ_{t+1}, Θ_t)/η] and "
              "(B) ≤ R/η + (η/(2α))Σ‖g_t‖_op² with α = 1/(τ + dβ) — pathwise, up to 1e-8 relative float error.",
    mutants=[
        Mutant("wrong-sign", "mirror step Y − ηG (descent on rewards)",
               {"reference.embedding_routing.hpg:mirror_ascent_step": mirror_descent_step}),
        Mutant("projection-skipped", "no Bregman projection: the iterates leave the nuclear ball",
               {"reference.embedding_routing.hypentropy:bregman_project_dual": _no_projection}),
    ],
)
def b_omd_inequality_pathwise(ctx):
    worst_ratio = 0.0
    for seed, rng in ctx.instances(quick=40, standard=600, audit=6000, smoke=12):
        d = int(rng.integers(1, 5))
        M = int(rng.integers(2, 4))
        T = int(rng.integers(5, 41))
        tau = float(10 ** rng.uniform(-1, 1))
        beta = float(tau * 10 ** rng.uniform(-2, 0.5))
        eta = float(10 ** rng.uniform(-2, 0.5))
        kind, seq = gradient_sequence(rng, T, d, M)
        learner = hpg.HPG(d, M, T, tau, beta=beta, eta=eta)
        gsum = np.zeros((d, d * M))
        inner = 0.0
        stability_exact = 0.0
        for G in seq:
            theta = learner.theta.copy()
            learner.step(G)
            gsum += G
            inner += float(np.sum(G * theta))
            stability_exact += (float(np.sum(G * (learner.theta - theta)))
                                - hy.bregman_divergence(learner.theta, theta, beta) / eta)
        lhs = rg.linearized_regret(gsum, inner, tau)
        R = hy.hypentropy_range_on_nuclear_ball(tau, beta)
        bound_a = R / eta + stability_exact
        terms_b = bd.omd_pathwise_bound([np.linalg.norm(G, 2) ** 2 for G in seq], d=d, tau=tau, beta=beta, eta=eta)
        tol = 1e-8 * (1.0 + abs(lhs) + R / eta + abs(stability_exact))
        inst = {"kind": kind, "d": d, "M": M, "T": T, "tau": tau, "beta": beta, "eta": eta}
        yield Evidence(observed=float(lhs), bound=float(bound_a + tol), seed=seed, instance={**inst, "form": "A"})
        yield Evidence(observed=float(lhs), bound=float(terms_b["total"] + tol), seed=seed,
                       instance={**inst, "form": "B", "range_term": terms_b["range_term"],
                                 "stability_term": terms_b["stability_term"]})
        worst_ratio = max(worst_ratio, lhs / terms_b["total"])
    ctx.record("max_lhs_over_bound_B", float(worst_ratio))
