"""The oracle's paper-B function entries: for every entry the reference (re-imported) and, where cheap, an
independent implementation written from the definition pass; a planted bug is caught with its instance.

Independent routes: singular values and spectral functions by ``eigh`` of the Hermitian dilation
[[0, X], [Xᵀ, 0]] (eigenvalues ±σ_i; for an odd f, U f(σ) Vᵀ is the top-right block of Q f(Λ) Qᵀ) instead
of the SVD; the dual shift ν by ``brentq`` instead of bisection; softmax by log-sum-exp; the KT maximum
by bisection on the derivative; bounds from their printed formulas.
"""

import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from scipy.optimize import brentq
from scipy.special import digamma, gammaln, logsumexp

import certificates.oracle.functions_b as fb
import certificates.strategies_b as sb
from certificates.oracle import FUNCTIONS, OracleMismatch, assert_matches_reference, compare_once

NAMES_B = [n for n, e in FUNCTIONS.items() if e.paper == "B"]
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # planted bugs overflow on purpose


def ref(name):
    return FUNCTIONS[name].reference()


# -- independent alternatives -------------------------------------------------------------------
def dilation(X):
    X = np.asarray(X, dtype=float)
    r, c = X.shape
    H = np.zeros((r + c, r + c))
    H[:r, r:], H[r:, :r] = X, X.T
    lam, Q = np.linalg.eigh(H)
    return lam, Q, r


def spectral_apply(X, f):
    """U f(σ) Vᵀ for an odd f (f(0) = 0)."""
    lam, Q, r = dilation(X)
    return ((Q * f(lam)) @ Q.T)[:r, r:]


def sv(X):
    lam, _, _ = dilation(X)
    return np.clip(np.sort(lam)[::-1][:min(np.shape(X))], 0.0, None)


def asinh(x):
    a = np.abs(x)
    return np.sign(x) * np.log1p(a + a * a / (1.0 + np.sqrt(1.0 + a * a)))


def h(s, beta):
    s = np.asarray(s, dtype=float)
    return s * asinh(s / beta) - np.sqrt(s * s + beta * beta)


def phi(X, beta):
    return float(np.sum(h(sv(X), beta)))


def mirror(X, beta):
    return spectral_apply(X, lambda lam: asinh(lam / beta))


def inverse_mirror(Y, beta):
    return spectral_apply(Y, lambda lam: beta * np.sinh(lam))


def divergence(X, Y, beta):
    return phi(X, beta) - phi(Y, beta) - float(np.sum(mirror(Y, beta) * (np.asarray(X) - np.asarray(Y))))


def shift(s, tau, beta):
    """ν ≥ 0 with Σ β sinh(max(asinh(σ̃/β) − ν, 0)) = τ (brentq), 0 inside the ball."""
    s = np.asarray(s, dtype=float)
    if s.sum() <= tau:
        return 0.0
    y = asinh(s / beta)

    def excess(nu):
        return float(np.sum(beta * np.sinh(np.maximum(y - nu, 0.0)))) - tau

    return 0.0 if excess(0.0) <= 0 else brentq(excess, 0.0, float(y.max()), xtol=1e-300, rtol=8.9e-16, maxiter=500)


def project_sv(s, tau, beta):
    nu = shift(s, tau, beta)
    return beta * np.sinh(np.maximum(asinh(np.asarray(s, dtype=float) / beta) - nu, 0.0)), nu


def bregman_projection(X, tau, beta):
    nu = shift(sv(X), tau, beta)
    return spectral_apply(X, lambda lam: np.sign(lam) * beta * np.sinh(np.maximum(asinh(np.abs(lam) / beta) - nu, 0)))


def dual_projection(Y, tau, beta):
    nu = shift(beta * np.sinh(sv(Y)), tau, beta)
    X = spectral_apply(Y, lambda lam: np.sign(lam) * beta * np.sinh(np.maximum(np.abs(lam) - nu, 0.0)))
    return X, spectral_apply(Y, lambda lam: np.sign(lam) * np.maximum(np.abs(lam) - nu, 0.0))


def residual(X_star, X_tilde, tau, beta):
    G = mirror(X_tilde, beta) - mirror(X_star, beta)
    return {"infeasibility": max(float(sv(X_star).sum()) - tau, 0.0),
            "vi": tau * float(sv(G)[0]) - float(np.sum(G * X_star))}


def softmax(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z - logsumexp(z))


def logits(Theta, Psi):
    d = np.shape(Psi)[0]
    return np.array([np.trace(Theta[:, m * d:(m + 1) * d].T @ Psi) for m in range(np.shape(Theta)[1] // d)])


def coefficients(pi, r):
    J = sum(a * b for a, b in zip(pi, r))
    return [a * (b - J) for a, b in zip(pi, r)]


def kron_blocks(c, Psi):
    return np.hstack([float(x) * np.asarray(Psi, dtype=float) for x in c])


def R(tau, beta):  # τ asinh(τ/β) − √(τ²+β²) + β without the cancellation
    return tau * float(asinh(tau / beta)) - tau * tau / (math.hypot(tau, beta) + beta)


def kt_bound(T, u, eps):
    """ε + max_{0≤S≤T} (uS − εF_T(S)) by bisection on g'(S) = u − εF_T(S)(ψ((T+S+1)/2) − ψ((T−S+1)/2))/2."""
    if T == 0:
        return float(eps)

    def lnF(S):
        return T * math.log(2) + gammaln((T + S + 1) / 2) + gammaln((T - S + 1) / 2) - math.log(math.pi) - gammaln(
            T + 1)

    def slope(S):
        return u - eps * math.exp(lnF(S)) * (digamma((T + S + 1) / 2) - digamma((T - S + 1) / 2)) / 2

    S = float(T) if slope(T) >= 0 else (0.0 if slope(0.0) <= 0 else brentq(slope, 0.0, T, xtol=1e-14, rtol=8.9e-16))
    return float(eps + u * S - eps * math.exp(lnF(S)))


def omd(sq, d, tau, beta, eta, factor=None):
    alpha = (1.0 if factor is None else factor) / (tau + d * beta)
    rng, stab = R(tau, beta) / eta, eta / (2 * alpha) * float(sum(sq))
    return {"range_term": rng, "stability_term": stab, "alpha": alpha, "total": rng + stab}


def tuned(T, M, d, tau, psi_max, beta, factor):
    beta = tau / d if beta is None else beta
    alpha = (1.0 if factor is None else factor) / (tau + d * beta)
    return {"beta": beta, "alpha": alpha, "R": R(tau, beta),
            "eta": math.sqrt(2 * alpha * R(tau, beta) / (T * psi_max ** 2 * (1 - 1 / M)))}


def linearized_bound(T, M, d, tau, beta, eta, psi_max, factor):
    alpha = (1.0 if factor is None else factor) / (tau + d * beta)
    rng, stab = R(tau, beta) / eta, eta * T * psi_max ** 2 * (1 - 1 / M) / (2 * alpha)
    return {"range_term": rng, "stability_term": stab, "alpha": alpha, "total": rng + stab}


def pf_bound(u, T, sq, g_max, eps, d, beta1, eta1, factor):
    scale, direction = g_max * kt_bound(T, u, eps), u * omd(sq, d, 1.0, beta1, eta1, factor)["total"]
    return {"scale_term": scale, "direction_term": direction, "total": scale + direction}


def euclidean_projection(X, tau):  # bisection on the soft threshold θ of the singular values
    s = sv(X)
    if s.sum() <= tau:
        return np.asarray(X, dtype=float)
    lo, hi = 0.0, float(s[0])
    for _ in range(200):
        lo, hi = ((lo + hi) / 2, hi) if np.maximum(s - (lo + hi) / 2, 0).sum() > tau else (lo, (lo + hi) / 2)
    theta = hi
    return spectral_apply(X, lambda lam: np.sign(lam) * np.maximum(np.abs(lam) - theta, 0.0))


ALTERNATIVES = {
    "singular_values": sv,
    "nuclear_norm": lambda X: float(sv(X).sum()),
    "operator_norm": lambda X: float(sv(X)[0]),
    "hypentropy_scalar": h,
    "hypentropy_vector": lambda x, beta: float(np.sum(h(x, beta))),
    "spectral_hypentropy": phi,
    "mirror_map": mirror,
    "inverse_mirror_map": inverse_mirror,
    "bregman_divergence": divergence,
    "project_singular_values": project_sv,
    "bregman_project_nuclear_ball": bregman_projection,
    "bregman_project_dual": dual_projection,
    "projection_optimality_residual": residual,
    "strong_convexity_modulus": lambda tau, beta, k: 1.0 / (tau + k * beta),
    "vector_strong_convexity_ratio": lambda x, y, D, beta: (D + len(x) * beta) * float(np.sum(
        h(x, beta) - h(y, beta) - asinh(y / beta) * (x - y))) / (0.5 * float(np.sum(np.abs(x - y))) ** 2),
    "spectral_strong_convexity_ratio": lambda X, Y, tau, beta: (tau + min(X.shape) * beta) * divergence(X, Y, beta)
    / (0.5 * float(sv(X - Y).sum()) ** 2),
    "hypentropy_range_on_nuclear_ball": R,
    "quadratic_features": lambda x: x[:, None] * x[None, :],
    "multi_vector_features": lambda V, w: sum((wj * np.outer(v, v) for v, wj in zip(V, w)), 0 * np.eye(V.shape[1])),
    "softmax": softmax,
    "constant_policy": softmax,
    "softmax_rows": lambda Z: np.array([softmax(z) for z in Z]),
    "theta_blocks": lambda Theta, d, M: np.stack([Theta[:, m * d:(m + 1) * d] for m in range(M)]),
    "log_quadratic_logits": logits,
    "log_quadratic_logits_batch": lambda Theta, Fs: np.array([logits(Theta, P) for P in Fs]),
    "log_quadratic_policy": lambda Theta, Psi: softmax(logits(Theta, Psi)),
    "log_linear_policy": lambda W, b, x: softmax(W @ x + b),
    "best_response": lambda r: np.eye(len(r))[min(i for i, v in enumerate(r) if v == max(r))],
    "expected_reward": lambda pi, r: sum((a * b for a, b in zip(pi, r)), 0 * pi[0]),
    "gradient_from_coefficients": kron_blocks,
    "exact_gradient_coefficients": coefficients,
    "exact_gradient": lambda Theta, Psi, r: kron_blocks(coefficients(softmax(logits(Theta, Psi)), r), Psi),
    "reinforce_coefficients": lambda pi, m, w: [w * ((1 if j == m else 0) - a) for j, a in enumerate(pi)],
    "reinforce_gradient": lambda pi, Psi, m, w: kron_blocks([w * ((j == m) - a) for j, a in enumerate(pi)], Psi),
    "make_features": lambda X, kind: np.array([np.outer(x, x) for x in X]),
    "mirror_ascent_step": lambda Y, G, eta: Y + G * eta,
    "linearized_regret": lambda G, inner, tau: tau * float(sv(G)[0]) - inner,
    "project_nuclear_ball_euclidean": euclidean_projection,
    "euclidean_project_nuclear_ball": euclidean_projection,
    "asinh_ratio": lambda x, beta: asinh(np.asarray(x, dtype=float) / beta),
    "bregman_diameter": lambda tau, beta: 2 * tau * math.asinh(tau / beta),
    "stacked_radius": lambda s, B, M: s * B * math.sqrt(M),
    "blocks_radius": lambda s, B, M, d: B * math.sqrt(s * M * min(d, s * M)),
    "unconstrained_value": lambda Rw: float(sum(max(row) for row in Rw)),
    "constant_class_value": lambda Rw: float(max(Rw.sum(axis=0))),
    "unconstrained_regret_lower_bound": lambda T, M: T * (M - 1) / M,
    "hpg_tuned_parameters": tuned,
    "hpg_linearized_regret_bound": linearized_bound,
    "omd_pathwise_bound": omd,
    "hpg_headline_bound": lambda T, M, d, s, B, psi_max, factor: 2 * s * B * math.sqrt(M) * psi_max * math.sqrt(
        T * (1 - 1 / M) * math.asinh(d) / (1.0 if factor is None else factor)),
    "ogd_expected_regret_bound": lambda T, M, tau, f, eta: tau ** 2 / (2 * eta) + eta * T * (M - 1) / M * f ** 2 / 2,
    "kt_log_potential": lambda T, S: float(T * math.log(2) + gammaln((T + S + 1) / 2) + gammaln((T - S + 1) / 2)
                                           - math.log(math.pi) - gammaln(T + 1)),
    "kt_scale_regret_bound": kt_bound,
    "parameter_free_pathwise_bound": pf_bound,
}


# -- planted bugs (each realistic, most firing only on a hard case) --------------------------------
def wrapped(name, post):
    return lambda *a: post(ref(name)(*a), *a)


def naive_softmax(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum()


def log_asymptote(lam, beta):  # asinh(σ/β) ≈ ln(2σ/β) for σ > β ("fast path"), exact below
    a = np.abs(lam)
    return np.sign(lam) * np.where(a > beta, np.log(2 * np.maximum(a, beta) / beta), asinh(a / beta))


def radial(X, tau):  # Euclidean intuition: shrink every singular value by the same factor
    nuc = float(sv(X).sum())
    return np.asarray(X) * (tau / nuc) if nuc > tau else np.asarray(X)


MUTANTS = {
    "singular_values": lambda X: np.sort(sv(X)),                                         # ascending
    "nuclear_norm": lambda X: float(np.linalg.norm(X)),                                  # Frobenius
    "operator_norm": lambda X: float(np.abs(X).max()),                                   # max entry
    "hypentropy_scalar": lambda s, beta: s * asinh(s / beta) - np.abs(s),                # drops β in √(σ²+β²)
    "hypentropy_vector": lambda x, beta: float(np.sum(h(np.maximum(x, 0), beta))),       # assumes x ≥ 0
    "spectral_hypentropy": lambda X, beta: float(np.sum(h(sv(X)[sv(X) > 1e-9 * sv(X)[0]], beta))),  # drops σ ≈ 0
    "mirror_map": lambda X, beta: spectral_apply(X, lambda lam: log_asymptote(lam, beta)),
    "inverse_mirror_map": lambda Y, beta: spectral_apply(Y, lambda lam: np.sign(lam) * beta * np.where(
        np.abs(lam) > 5, np.exp(np.abs(lam)) / 2, np.sinh(np.abs(lam)))),                # β e^σ/2 for σ > 5
    "bregman_divergence": lambda X, Y, beta: ref("bregman_divergence")(Y, X, beta),      # arguments swapped
    "project_singular_values": lambda s, tau, beta: (s * min(1.0, tau / s.sum()), ref("project_singular_values")(
        s, tau, beta)[1]),
    "bregman_project_nuclear_ball": lambda X, tau, beta: spectral_apply(X, lambda lam: np.sign(lam) * beta * np.sinh(
        np.maximum(asinh(np.abs(lam) / beta) - 2 * shift(sv(X), tau, beta), 0))),       # shift doubled
    "bregman_project_dual": lambda Y, tau, beta: (dual_projection(Y, tau, beta)[0], spectral_apply(
        Y, lambda lam: np.sign(lam) * (np.abs(lam) - shift(beta * np.sinh(sv(Y)), tau, beta)))),  # no max(·, 0)
    "projection_optimality_residual": lambda A, B, tau, beta: {**residual(A, B, tau, beta), "vi": tau * float(
        np.linalg.norm(mirror(B, beta) - mirror(A, beta))) - float(np.sum((mirror(B, beta) - mirror(A, beta)) * A))},
    "strong_convexity_modulus": lambda tau, beta, k: 1.0 / (tau + beta),                 # ignores k
    "vector_strong_convexity_ratio": lambda x, y, D, beta: ref("vector_strong_convexity_ratio")(x, y, D, beta) * float(
        np.sum(np.abs(x - y))) ** 2 / float(np.sum((x - y) ** 2)),                       # ‖·‖₂² denominator
    "spectral_strong_convexity_ratio": lambda X, Y, tau, beta: (tau + max(X.shape) * beta) * divergence(X, Y, beta)
    / (0.5 * float(sv(X - Y).sum()) ** 2),                                               # k = max(rows, cols)
    "hypentropy_range_on_nuclear_ball": lambda tau, beta: R(tau, beta) - beta,           # omits + β
    "quadratic_features": lambda x: np.outer(x, np.abs(x)),                              # sign lost
    "multi_vector_features": lambda V, w: ref("multi_vector_features")(V, np.abs(w)),    # |w|
    "softmax": naive_softmax,                                                            # overflows at z ≈ 1e3
    "constant_policy": naive_softmax,
    "softmax_rows": lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=0),     # wrong axis
    "theta_blocks": lambda Theta, d, M: Theta.reshape(M, d, d),                          # row-major blocks
    "log_quadratic_logits": lambda Theta, Psi: logits(Theta, Psi.T),                     # ⟨Θ_mᵀ, Ψ⟩
    "log_quadratic_logits_batch": lambda Theta, Fs: np.einsum("ijm,tij->tm", Theta.reshape(
        Fs.shape[1], Fs.shape[1], -1), Fs),                                              # interleaved blocks
    "log_quadratic_policy": lambda Theta, Psi: naive_softmax(logits(Theta, Psi)),
    "log_linear_policy": lambda W, b, x: softmax(W @ x),                                 # forgets b
    "best_response": lambda r: np.eye(len(r))[len(r) - 1 - int(np.argmax(np.asarray(r, dtype=float)[::-1]))],
    "expected_reward": lambda pi, r: float(np.dot(np.asarray(pi, dtype=np.float32), np.asarray(r, dtype=np.float32))),
    "gradient_from_coefficients": lambda c, Psi: np.kron(Psi, np.asarray(c)[None, :]),   # interleaved columns
    "exact_gradient_coefficients": lambda pi, r: [a * (b - sum(r) / len(r)) for a, b in zip(pi, r)],  # mean r
    "exact_gradient": lambda Theta, Psi, r: kron_blocks(coefficients(softmax(logits(Theta, Psi)), r), Psi.T),
    "reinforce_coefficients": lambda pi, m, w: [w * (j == m) for j in range(len(pi))],   # no baseline π
    "reinforce_gradient": lambda pi, Psi, m, w: kron_blocks([w * (1 - a) if j == m else 0.0 for j, a in enumerate(pi)],
                                                            Psi),
    "make_features": lambda X, kind: np.einsum("ti,tj->tij", X, X[::-1]),                 # pairs wrong rows
    "mirror_ascent_step": lambda Y, G, eta: Y - eta * G,                                  # descent
    "linearized_regret": lambda G, inner, tau: tau * float(np.linalg.norm(G)) - inner,   # Frobenius
    "project_nuclear_ball_euclidean": radial,
    "euclidean_project_nuclear_ball": radial,
    "asinh_ratio": log_asymptote,
    "bregman_diameter": lambda tau, beta: tau * math.asinh(tau / beta),                  # forgets the factor 2
    "stacked_radius": lambda s, B, M: s * B * M,                                          # M for √M
    "blocks_radius": lambda s, B, M, d: s * B * math.sqrt(M),                            # the stacked radius
    "unconstrained_value": lambda Rw: float(np.sum(np.max(Rw, axis=0))),
    "constant_class_value": lambda Rw: float(np.max(np.sum(Rw, axis=1))),
    "unconstrained_regret_lower_bound": lambda T, M: T / M,
    "hpg_tuned_parameters": lambda T, M, d, tau, psi, beta, factor: tuned(T, M, d, tau, psi, tau if beta is None
                                                                          else beta, factor),  # β = τ, not τ/d
    "hpg_linearized_regret_bound": lambda T, M, *a: linearized_bound(T, 10**9, *a),      # forgets 1 − 1/M
    "omd_pathwise_bound": lambda sq, d, tau, beta, eta, factor: omd(2 * np.asarray(sq), d, tau, beta, eta, factor),
    "hpg_headline_bound": lambda T, M, d, s, B, psi, factor: ALTERNATIVES["hpg_headline_bound"](
        T, M, d, s, B, psi, factor) * math.sqrt(math.log(2 * d + 1) / math.asinh(d)),    # ln(2d+1) for asinh d
    "ogd_expected_regret_bound": lambda T, M, tau, fro, eta: tau ** 2 / (2 * eta) + eta * T * (1 - 1 / M) * fro ** 2,
    "kt_log_potential": lambda T, S: ALTERNATIVES["kt_log_potential"](T, S) + math.log(math.pi),
    "kt_scale_regret_bound": lambda T, u, eps: float(eps + max(u * S - eps * math.exp(ref("kt_log_potential")(T, S))
                                                               for S in np.linspace(0, T, 101))),  # grid only
    "parameter_free_pathwise_bound": lambda u, T, sq, g, eps, d, b1, e1, f: pf_bound(1.0, T, sq, g, eps, d, b1, e1, f),
}


# -- the tests --------------------------------------------------------------------------------------
def test_every_public_deterministic_function_of_paper_b_has_an_entry():
    required = {"mirror_map", "inverse_mirror_map", "bregman_divergence", "bregman_project_nuclear_ball",
                "spectral_hypentropy", "log_quadratic_policy", "exact_gradient", "reinforce_gradient",
                "expected_reward", "linearized_regret", "hpg_linearized_regret_bound", "hpg_tuned_parameters",
                "hpg_headline_bound", "omd_pathwise_bound", "kt_scale_regret_bound", "strong_convexity_modulus",
                "projection_optimality_residual", "softmax_rows", "log_quadratic_logits_batch"}
    assert required <= set(NAMES_B)
    assert set(NAMES_B) == set(ALTERNATIVES) == set(MUTANTS)
    for name in NAMES_B:
        assert FUNCTIONS[name].tolerance.reason and FUNCTIONS[name].compare


@pytest.mark.parametrize("name", NAMES_B)
def test_reference_reimported_passes(name):
    assert assert_matches_reference(name, ref(name), examples=10, seed=1)["passed"]


@pytest.mark.parametrize("name", NAMES_B)
def test_independent_alternative_passes(name):
    assert assert_matches_reference(name, ALTERNATIVES[name], examples=20, seed=2)["passed"]


@pytest.mark.parametrize("name", NAMES_B)
def test_planted_bug_is_caught(name):
    with pytest.raises(OracleMismatch, match="Minimal differing instance"):
        assert_matches_reference(name, MUTANTS[name], examples=200, seed=0, max_size=8)


# -- the hard cases, one by one ------------------------------------------------------------------------
def on_boundary_bug(X_tilde, tau, beta):
    """Right except within 1e-9 (relative) of the sphere ‖X̃‖_* = τ, where it takes the degenerate branch
    'all the mass on σ₁' (τ u₁v₁ᵀ) — the kind of special case a fast implementation adds for speed."""
    U, s, Vt = np.linalg.svd(X_tilde, full_matrices=False)
    if abs(s.sum() - tau) <= 1e-9 * tau:
        return tau * np.outer(U[:, 0], Vt[0])
    return ref("bregman_project_nuclear_ball")(X_tilde, tau, beta)


def unprojected_near_boundary(X_tilde, tau, beta):
    """Right except within 1e-9 (absolute) of the sphere, where it returns X̃ unprojected: an error of 1e-9,
    i.e. 1e-6 relative on a ball of radius 1e-3 (within 1e-9 relative it would be within tolerance)."""
    if abs(float(np.sum(np.linalg.svd(X_tilde, compute_uv=False))) - tau) <= 1e-9:
        return np.array(X_tilde, dtype=float)
    return ref("bregman_project_nuclear_ball")(X_tilde, tau, beta)


@pytest.mark.parametrize("bug", [on_boundary_bug, unprojected_near_boundary])
def test_boundary_only_projection_bug_is_caught_with_default_options(bug):
    seen = {"calls": 0, "first": None}

    def candidate(X_tilde, tau, beta):
        seen["calls"] += 1
        if seen["first"] is None and compare_once("bregman_project_nuclear_ball", bug, (X_tilde, tau, beta)):
            seen["first"] = seen["calls"]
        return bug(X_tilde, tau, beta)

    start = time.perf_counter()
    with pytest.raises(OracleMismatch, match="Minimal differing instance") as info:
        assert_matches_reference("bregman_project_nuclear_ball", candidate)   # 200 examples, d ≤ 32, seed 0
    seconds = time.perf_counter() - start
    print(f"{bug.__name__}: first mismatch at example {seen['first']}, {info.value.report['examples_run']} calls "
          f"with shrinking, {seconds:.2f} s")
    assert seconds <= 30 and seen["first"] is not None
    X, tau, _ = eval(info.value.report["arguments"], {"np": np})
    assert abs(float(np.sum(np.linalg.svd(X, compute_uv=False))) - tau) <= 1e-9 * max(tau, 1)  # on the sphere


def test_mis_scaling_only_when_the_shift_is_active_and_tiny_is_caught():
    def candidate(X_tilde, tau, beta):   # radial shrink instead of the hypentropy shift, just outside the ball
        nuc = float(sv(X_tilde).sum())
        return radial(X_tilde, tau) if tau < nuc <= tau * (1 + 1e-6) else bregman_projection(X_tilde, tau, beta)

    with pytest.raises(OracleMismatch, match="tolerance 'projection'"):
        assert_matches_reference("bregman_project_nuclear_ball", candidate, examples=400, seed=0, max_size=4)


def test_tolerance_scales_with_the_radius():
    X = np.diag([3e-3, 1e-3, 0.0])[:2]
    wrong = lambda X_tilde, tau, beta: ref("bregman_project_nuclear_ball")(X_tilde, tau, beta) * (1 + 1e-6)  # noqa: E731
    assert "tolerance 'projection'" in compare_once("bregman_project_nuclear_ball", wrong, (X, 1e-3, 1e-4))
    assert compare_once("bregman_project_nuclear_ball", bregman_projection, (X, 1e-3, 1e-4)) is None


def test_transposed_blocks_are_caught_only_through_non_symmetric_features():
    Theta, Psi = np.arange(8.0).reshape(2, 4) / 10, np.eye(2) + np.triu(np.ones((2, 2)))
    assert compare_once("log_quadratic_logits", MUTANTS["log_quadratic_logits"], (Theta, (Psi + Psi.T) / 2)) is None
    with pytest.raises(OracleMismatch) as info:
        assert_matches_reference("log_quadratic_logits", MUTANTS["log_quadratic_logits"], seed=0, max_size=4)
    _, Psi_min = eval(info.value.report["arguments"], {"np": np})
    assert not np.allclose(Psi_min, Psi_min.T)


def test_keyword_only_candidates_are_wrapped_by_positional():
    from reference.embedding_routing import bounds

    fast = fb.positional("hpg_tuned_parameters", bounds.hpg_tuned_parameters)
    assert assert_matches_reference("hpg_tuned_parameters", fast, examples=10)["passed"]
    assert FUNCTIONS["omd_pathwise_bound"].reference()([1.0], 2, 1.0, 0.5, 0.1, None) == bounds.omd_pathwise_bound(
        [1.0], d=2, tau=1.0, beta=0.5, eta=0.1)


@settings(max_examples=30, deadline=None)
@given(sb.dims(1, 6).flatmap(lambda dm: sb.ball_points(dm[0], dm[0] * dm[1], 0.01)))
def test_ball_points_sit_where_their_placement_says(point):
    X, placement = point
    ratio = float(np.sum(np.linalg.svd(X, compute_uv=False))) / 0.01
    lo, hi = {"zero": (0, 0), "inside": (0.01, 0.99), "just-inside": (1 - 2e-6, 1), "on": (1 - 1e-13, 1 + 1e-13),
              "just-outside": (1, 1 + 2e-6), "outside": (1.01, 10), "far-outside": (10, 1000)}[placement]
    assert lo - 1e-12 <= ratio <= hi + 1e-12


def test_kt_scale_regret_bound_outside_the_drawn_range():
    assert ref("kt_scale_regret_bound")(788, 0.001, 100.0) == pytest.approx(kt_bound(788, 0.001, 100.0), rel=1e-9)


def test_kt_scale_regret_bound_at_zero_rounds():
    assert ref("kt_scale_regret_bound")(0, 1.0, 1.0) == pytest.approx(1.0 - math.exp(ref("kt_log_potential")(0, 0)))
