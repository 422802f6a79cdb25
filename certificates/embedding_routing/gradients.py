"""Paper B, policy gradients: the exact gradient ∇J_t and the REINFORCE estimate (unbiased, bounded).

Paper B (arXiv 2606.14929) learns with "a policy gradient algorithm" [seed, abstract]; the gradient
of our log-quadratic policy and the REINFORCE estimate's properties are our proofs [derived],
stated and proved in ``reference/embedding_routing/policies.py``.

Certificate ``b_reinforce_unbiased_and_bounded`` [derived]: E_{m~π}[Ĝ(m)] = ∇J exactly (Fractions)
and in floats, ‖Ĝ(m)‖_op ≤ √2‖Ψ‖_op, and the closed-form ∇J against central finite differences.
Mutants: REINFORCE without the −π baseline; importance-weighted REINFORCE; ∇J without the factor π_m.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import reference.embedding_routing.policies as pol
from certificates.registry import Evidence, Mutant, certificate
from reference._numerics import exact_mode

_ORIG_REINFORCE = pol.reinforce_coefficients


def _reinforce_without_baseline(pi, m, reward):
    # c = r e_m: forgets the −π term (biased: E = π ⊙ r, not π ⊙ (r − J))
    c = _ORIG_REINFORCE(pi, m, reward)
    return [ci + reward * p for ci, p in zip(c, pi)] if isinstance(c, list) else c + float(reward) * np.asarray(pi)


def _reinforce_importance_weighted(pi, m, reward):
    # c = (r/π_m)(e_m − π): importance weighting makes it biased here and unbounded
    c = _ORIG_REINFORCE(pi, m, reward)
    return [ci / pi[m] for ci in c] if isinstance(c, list) else c / pi[m]


def _exact_gradient_without_pi(pi, r):
    exact = exact_mode(pi, r)
    J = sum(a * b for a, b in zip(pi, r))
    return [x - J for x in r] if exact else np.asarray(r, dtype=float) - J


def _rational_simplex(rng, M):
    raw = [int(v) for v in rng.integers(0, 9, size=M)]
    if sum(raw) == 0:
        raw[0] = 1
    return [Fraction(v, sum(raw)) for v in raw]


@certificate(
    id="b_reinforce_unbiased_and_bounded",
    paper="B",
    item="REINFORCE gradient of the log-quadratic policy (derived)",
    statement="For every π ∈ Δ(M), r ∈ [0,1]^M and Ψ: Σ_m π_m Ĝ(m) = ∇J = [π_m(r_m − J)Ψ]_m exactly (Fractions, "
              "exact expectation over m_t), and ≤1e-12 in floats; ‖Ĝ(m)‖_op ≤ √2‖Ψ‖_op for every m (exact on the "
              "coefficients: ‖c‖² ≤ 2r²); and the closed-form ∇J matches central finite differences of J(Θ) "
              "(≤1e-6 relative).",
    mutants=[
        Mutant("no-baseline", "REINFORCE without the −π term (biased gradient)",
               {"reference.embedding_routing.policies:reinforce_coefficients": _reinforce_without_baseline}),
        Mutant("importance-weighted", "REINFORCE divided by π_{m_t} (biased here, and unbounded)",
               {"reference.embedding_routing.policies:reinforce_coefficients": _reinforce_importance_weighted}),
        Mutant("gradient-without-pi", "∇_{Θ_m} J without the factor π_m",
               {"reference.embedding_routing.policies:exact_gradient_coefficients": _exact_gradient_without_pi}),
    ],
)
def b_reinforce_unbiased_and_bounded(ctx):
    for seed, rng in ctx.instances(quick=80, standard=1500, audit=15000, smoke=20):
        M = int(rng.integers(2, 7))
        # exact route: rational π and r, expectation over m_t computed exactly
        pi = _rational_simplex(rng, M)
        r = [Fraction(int(a), 12) for a in rng.integers(0, 13, size=M)]
        mean = [Fraction(0)] * M
        worst_norm_excess = Fraction(-10)
        for m in range(M):
            c = pol.reinforce_coefficients(pi, m, r[m])
            mean = [a + pi[m] * b for a, b in zip(mean, c)]
            worst_norm_excess = max(worst_norm_excess, sum(ci * ci for ci in c) - 2 * r[m] * r[m])
        target = pol.exact_gradient_coefficients(pi, r)
        residual = max(abs(a - b) for a, b in zip(mean, target))
        yield Evidence(observed=residual, bound=Fraction(0), seed=seed,
                       instance={"route": "exact-unbiased", "pi": pi, "r": r})
        yield Evidence(observed=worst_norm_excess, bound=Fraction(0), seed=seed,
                       instance={"route": "exact-norm ‖c‖² − 2r²", "pi": pi, "r": r})
        # float route with matrices: softmax policy, random symmetric Ψ, ‖Ĝ‖_op against √2‖Ψ‖_op
        d = int(rng.integers(1, 5))
        A = rng.standard_normal((d, d))
        Psi = (A + A.T) / 2
        Psi /= max(np.abs(np.linalg.eigvalsh(Psi)).max(), 1e-12)
        Theta = rng.standard_normal((d, d * M)) * rng.uniform(0.1, 3)
        rf = rng.uniform(0, 1, size=M)
        pif = pol.log_quadratic_policy(Theta, Psi)
        grad = pol.exact_gradient(Theta, Psi, rf)
        est_mean = sum(pif[m] * pol.reinforce_gradient(pif, Psi, m, rf[m]) for m in range(M))
        yield Evidence(observed=float(np.abs(est_mean - grad).max()), bound=1e-12, seed=seed,
                       instance={"route": "float-unbiased", "d": d, "M": M})
        psi_op = float(np.abs(np.linalg.eigvalsh(Psi)).max())
        worst = max(np.linalg.norm(pol.reinforce_gradient(pif, Psi, m, rf[m]), 2) for m in range(M))
        yield Evidence(observed=float(worst), bound=float(np.sqrt(2) * psi_op * (1 + 1e-12)), seed=seed,
                       instance={"route": "float-norm", "d": d, "M": M})
        # second route for ∇J: central finite differences of J(Θ) = ⟨π_Θ, r⟩
        h = 1e-6
        fd = np.zeros_like(Theta)
        for i in range(d):
            for j in range(d * M):
                E = np.zeros_like(Theta)
                E[i, j] = h
                fd[i, j] = (pol.log_quadratic_policy(Theta + E, Psi) @ rf
                            - pol.log_quadratic_policy(Theta - E, Psi) @ rf) / (2 * h)
        err = float(np.abs(fd - grad).max())
        yield Evidence(observed=err, bound=1e-6 * (1 + float(np.abs(grad).max())), seed=seed,
                       instance={"route": "finite-differences", "d": d, "M": M})
