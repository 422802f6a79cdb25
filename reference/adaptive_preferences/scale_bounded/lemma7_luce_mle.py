"""Lemma 7, renormalised (ours; paper A, arXiv 2302.06014, Appendix C.2): Luce maximum likelihood of the factors.

Paper A's Lemma 7 takes each trial's normaliser to be one and says it will "subsequently correct for this
... by renormalizing". Our construction [ours]: under Definition 3 the scores factor as
f(v) = s·κ(v) ⊙ (v + λ) with κ_i(v) ∈ [1/c, c] (after a common shift), and the recommender knows
w_t = v_t + λ (it tracks the memory). So only κ is unknown, and the choices follow a Luce model
P(i_t = a | K_t) = κ_a w_{t,a} / Σ_{b∈K_t} κ_b w_{t,b}: its maximum-likelihood estimate renormalises every
trial jointly, in one shot.

Main statements
---------------
* ``luce_factor_mle(menus, choices, offsets, c=)`` [ours] — κ̂ = e^{θ̂}, the constrained MLE on the box
  [−ln c, ln c]ⁿ (concave log-likelihood, L-BFGS-B).
* ``luce_information`` — the observed Fisher information Σ_t (diag π_t − π_t π_tᵀ) at κ.
* ``luce_curvature_floor`` [derived] — Λ = Σ_t L_t ⪯ Σ_t Cov_{π_t(θ)} for every θ in the box.
* ``luce_spread_bound`` [derived] — w.p. ≥ 1 − δ,
  ln ρ(κ̂, κ(v_ref)) ≤ min(2√(R_max(Λ)/λ₂(Λ))(√(4M ln(2/δ)) + Σ_t D_t), 4 ln c) (Pinelis + curvature floor;
  D_t = 2L_κ‖v_t − v_ref‖₁).
* ``luce_calibrated_spread`` [ours] — the asymptotic-normal level-δ version z·√R_max(Î) (its coverage is
  binomial-tested by the certificate).
* ``factor_log_lipschitz(model)`` [derived] — L_κ with |ln κ_i(v) − ln κ_i(w)| ≤ L_κ‖v − w‖₁.

Certified: invariant 1 of ``algorithm3_invariants_and_regret_le_bound``
(``certificates/adaptive_preferences/scale_bounded/alg3_invariants_and_regret.py``): the rigorous bound never
fails, the calibrated one fails in at most a binomially plausible fraction δ of learning stages.
Findings: docs/findings.md, "Lemma 7: the renormalised estimator".

Notation
--------
==========  =============================  ==============================================
paper       code                           meaning
==========  =============================  ==============================================
κ, κ̂        ``kappa``, return value         factors f_i(v)/(s(v_i + λ)) and their estimate
θ           ``theta``                      ln κ (shifted to the box's centre)
w_t         ``offsets[t]``                 v_t + λ, known (tracked memory)
K_t, i_t    ``menus[t]``, ``choices[t]``   shown menu (0/1 incidence row), chosen item
π_t(θ)      (internal)                     Luce choice distribution on K_t
Λ           ``luce_curvature_floor``       curvature floor of the log-likelihood on the box
R_max, λ₂   (``details``)                  max effective resistance, spectral gap
L_κ         ``factor_log_lipschitz``       ℓ1 → log Lipschitz constant of κ
==========  =============================  ==============================================

Implementation notes
--------------------
scipy is imported inside the functions that need it (importing the reference loads no solver).

References: paper A, arXiv 2302.06014, Appendix C.2; Luce (1959) for the choice model; Pinelis (1994) for the
Hilbert-space martingale inequality.
"""

from __future__ import annotations

import math

import numpy as np

from reference._numerics import as_vector, check_positive_vector, check_real

__all__ = [
    "factor_log_lipschitz",
    "luce_factor_mle",
    "luce_information",
    "luce_curvature_floor",
    "luce_spread_bound",
    "luce_calibrated_spread",
]


def factor_log_lipschitz(model):
    """L_κ with |ln κ_i(v) − ln κ_i(w)| ≤ L_κ ‖v − w‖₁, κ_i(v) = f_i(v)/(s(v_i + λ)) [derived].

    For ``ScaleBoundedModel`` (ln κ_i = ln c · tanh(a_i + ⟨b_i, v⟩)): tanh is 1-Lipschitz and, Σ(v − w) = 0,
    |⟨b_i, v − w⟩| ≤ ½(max_j b_ij − min_j b_ij)‖v − w‖₁ (Hölder on the simplex), so
    L_κ = ln c · max_i ½(max_j b_ij − min_j b_ij). Models without ``b``/``c`` return None (then only the
    Definition 3 cap κ_i(v)/κ_i(w) ∈ [1/c², c²] is known).
    """
    b, c = getattr(model, "b", None), getattr(model, "c", None)
    if b is None or c is None:
        return None
    b = np.asarray(b, dtype=float)
    return float(math.log(c) * 0.5 * (b.max(axis=1) - b.min(axis=1)).max())


def _real_matrix(fn: str, arg: str, x) -> np.ndarray:
    """A finite real 2-d array (no bools, strings or objects)."""
    try:
        raw = np.asarray(x)
        arr = raw.astype(float)
    except (TypeError, ValueError):
        raise ValueError(f"{fn}: {arg} must be an (m, n) array of real numbers.") from None
    if raw.dtype.kind not in "fiu" or arr.ndim != 2 or 0 in arr.shape or not np.isfinite(arr).all():
        raise ValueError(f"{fn}: {arg} must be a non-empty finite (m, n) array of real numbers; "
                         f"got dtype {raw.dtype} and shape {raw.shape}.")
    return arr


def _luce_arrays(fn: str, menus, offsets):
    """Validated (A, W): (m, n) 0/1 menu incidence, (m, n) offsets w_t > 0 on the menus."""
    A = _real_matrix(fn, "menus", menus)  # (m, n) incidence of the shown menus
    W = _real_matrix(fn, "offsets", offsets)  # (m, n) w_t = v_t + λ (known)
    if not np.isin(A, (0.0, 1.0)).all() or (A.sum(axis=1) < 1).any():
        raise ValueError(f"{fn}: menus must be an (m, n) 0/1 incidence array with a non-empty menu in every row.")
    if W.shape != A.shape:
        raise ValueError(f"{fn}: menus and offsets must have one shape (m, n); got {A.shape} and {W.shape}.")
    if np.any(W[A > 0] <= 0):
        raise ValueError(f"{fn}: offsets must be positive on the shown menus.")
    return A, W


def _luce_data(menus, choices, offsets):
    """Validated (A, W, choices): (m, n) menu incidence, (m, n) offsets w_t > 0 on the menus, m choices."""
    fn = "luce_factor_mle"
    A, W = _luce_arrays(fn, menus, offsets)
    raw = np.asarray(choices)
    if raw.dtype.kind not in "iu" or raw.shape != (A.shape[0],):
        raise ValueError(f"{fn}: choices must be a length-m vector of item indices (m = {A.shape[0]} rounds); "
                         f"got dtype {raw.dtype} and shape {raw.shape}.")
    ch = raw.astype(int)
    if (ch < 0).any() or (ch >= A.shape[1]).any() or np.any(A[np.arange(len(ch)), ch] != 1):
        raise ValueError("luce_factor_mle: every choice must be an item of its round's menu.")
    return A, W, ch


def _kappa(fn: str, arg: str, kappa, n: int) -> np.ndarray:
    return check_positive_vector(fn, kappa, arg=arg, n=n, n_from="the columns of menus")


def _luce_probabilities(theta, A, W):
    """π_t(θ) for every round: the Luce choice distribution κ ⊙ w_t on K_t (rows)."""
    z = A * W * np.exp(theta - theta.max())[None, :]
    return z / z.sum(axis=1, keepdims=True)


def _negative_log_likelihood(A, ch, lw, counts):
    """θ ↦ (−ℓ(θ), −∇ℓ(θ)) for the Luce log-likelihood (log-sum-exp per round)."""
    rows = np.arange(len(ch))

    def negll(theta):
        s = np.where(A > 0, theta[None, :] + lw, -np.inf)
        mx = s.max(axis=1, keepdims=True)
        e = np.exp(s - mx)
        Z = e.sum(axis=1, keepdims=True)
        ll = float((s[rows, ch] - mx[:, 0] - np.log(Z[:, 0])).sum())
        grad = counts - (e / Z).sum(axis=0)
        return -ll, -grad

    return negll


def luce_factor_mle(menus, choices, offsets, *, c):
    """θ̂ = ln κ̂: maximum likelihood of the Luce model P(i_t = a | K_t) = κ_a w_{t,a}/Σ_{b∈K_t} κ_b w_{t,b} [ours].

    Lemma 7's per-trial estimator, renormalised jointly: every trial's normaliser Σ_{b∈K} κ_b w_b is
    estimated together with κ (score equation Σ_t (e_{i_t} − π_t(θ̂)) = 0 on the box's interior).
    w_t = v_t + λ is the tracked memory (known), so under Definition 3 only κ_i(v) = f_i(v)/(s(v_i + λ))
    is unknown; it is constrained to the box [−ln c, ln c]^n (contains a shift of the true ln κ,
    Definition 3). Log-likelihood concave ⇒ L-BFGS-B finds the constrained maximiser. Returns κ̂ = e^{θ̂}.
    Consistent in one shot (no fixed-point iteration, unlike ``lemma7_update``); for k = 1 every
    likelihood is constant (no information) and κ̂ = 1.
    """
    from scipy.optimize import minimize

    A, W, ch = _luce_data(menus, choices, offsets)
    n = A.shape[1]
    check_real("luce_factor_mle", "c", c, low=1)
    L = math.log(float(c))
    counts = np.bincount(ch, minlength=n).astype(float)
    lw = np.log(np.where(A > 0, W, 1.0))
    if A.sum(axis=1).max() <= 1 or L == 0:
        return np.ones(n)
    res = minimize(_negative_log_likelihood(A, ch, lw, counts), np.zeros(n), jac=True, method="L-BFGS-B",
                   bounds=[(-L, L)] * n, options={"gtol": 1e-10, "ftol": 1e-14, "maxiter": 500})
    theta = res.x - (res.x.max() + res.x.min()) / 2
    return np.exp(theta)


def luce_information(menus, offsets, kappa):
    """Σ_t (diag π_t − π_t π_tᵀ) at factors κ: the Luce log-likelihood's (observed) Fisher information."""
    A, W = _luce_arrays("luce_information", menus, offsets)
    P = _luce_probabilities(np.log(_kappa("luce_information", "kappa", kappa, A.shape[1])), A, W)
    return np.diag(P.sum(axis=0)) - P.T @ P


def luce_curvature_floor(menus, offsets, c):
    """Λ = Σ_t L_t ⪯ Σ_t Cov_{π_t(θ)} for every θ in the box [−ln c, ln c]^n [derived].

    L_t is the Laplacian of the complete graph on K_t with edge weights ℓ_a ℓ_b, ℓ_a = w_a/(w_a + c²(W_K − w_a))
    (the least π_a over the box: κ_b/κ_a ≤ c²). Proof: Cov_π(x) = ½ Σ_{a,b∈K} π_a π_b (x_a − x_b)² ≥ xᵀ L_t x.
    """
    A, W = _luce_arrays("luce_curvature_floor", menus, offsets)
    check_real("luce_curvature_floor", "c", c, low=1)
    W = W * A
    WK = W.sum(axis=1, keepdims=True)
    ell = np.where(A > 0, W / (W + float(c) ** 2 * (WK - W)), 0.0)
    # Σ_t L_t with L_t = diag(ℓ_a (S_t − ℓ_a)) − (ℓ ℓᵀ − diag(ℓ²)),  S_t = Σ_a ℓ_a
    S = ell.sum(axis=1, keepdims=True)
    return np.diag((ell * (S - ell)).sum(axis=0)) - (ell.T @ ell - np.diag((ell**2).sum(axis=0)))


def _resistance_and_gap(M):
    """(max_{a,b} (e_a − e_b)ᵀ M⁺ (e_a − e_b), λ₂(M)) for a Laplacian-like PSD matrix M (M1 = 0)."""
    vals = np.linalg.eigvalsh(M)
    gap = float(vals[1]) if len(vals) > 1 else 0.0
    if gap <= 1e-12:
        return math.inf, 0.0
    P = np.linalg.pinv(M, hermitian=True)
    d = np.diag(P)
    R = d[:, None] + d[None, :] - 2 * P
    return float(R.max()), gap


def luce_spread_bound(menus, offsets, *, c, delta, drift_log=0.0):
    """Rigorous bound on ln ρ(κ̂, κ(v_ref)) for ``luce_factor_mle``, holding with probability ≥ 1 − δ [derived].

        ln ρ ≤ min( 2 √(R_max(Λ)/λ₂(Λ)) · (r + b),  4 ln c ),   r = √(4 M ln(2/δ)),   b = Σ_t D_t

    Λ = ``luce_curvature_floor``, M rounds, D_t = ``drift_log[t]`` a bound on the log-spread of κ(v_t)/κ(v_ref)
    (2 L_κ ‖v_t − v_ref‖₁, ``factor_log_lipschitz``). Proof: Δ = θ̂ − θ*, θ* the box-shift of ln κ(v_ref).
    (i) ℓ(θ̂) ≥ ℓ(θ*) and ℓ concave with −∇²ℓ ⪰ Λ on the box ⇒ ΔᵀΛΔ ≤ 2 gᵀΔ, g = ∇ℓ(θ*) = Σ_t (e_{i_t} − π_t(θ*)) ⊥ 1;
    so ‖Λ^{1/2}Δ‖ ≤ 2‖Λ^{+1/2} g‖ ≤ 2‖g‖/√λ₂ and Δ_a − Δ_b ≤ √R_ab ‖Λ^{1/2}Δ‖ (Cauchy–Schwarz).
    (ii) g = martingale + Σ_t (π_t(θ_t) − π_t(θ*)); increments ‖e_i − π‖₂ ≤ √2, so Pinelis' inequality
    (Hilbert space) gives ‖martingale‖ ≤ r w.p. ≥ 1 − δ; and ‖π(θ_t) − π(θ*)‖₁ ≤ 2 tanh(D_t/2) ≤ D_t
    (Lemma 6 on one menu). (iii) Both κ̂ and the shifted κ(v_ref) lie in [1/c, c]^n: ρ ≤ c⁴ always.
    Returns (bound on ln ρ, details dict with λ₂ per round, R_max, r, b and the statistical part).
    """
    fn = "luce_spread_bound"
    A, _ = _luce_arrays(fn, menus, offsets)
    check_real(fn, "c", c, low=1)
    check_real(fn, "delta", delta, low=0, high=1, low_open=True, high_open=True)
    if not np.isscalar(drift_log):
        as_vector(fn, "drift_log", drift_log, n=A.shape[0], n_from="the rows of menus")
    M = A.shape[0]
    cap = 4 * math.log(float(c))
    R, gap = _resistance_and_gap(luce_curvature_floor(A, offsets, c))
    r = math.sqrt(4 * M * (math.log(2) - math.log(delta)))
    b = float(np.sum(drift_log)) if np.ndim(drift_log) else float(drift_log) * M
    stat = 2 * math.sqrt(R / gap) * (r + b) if gap > 0 else math.inf
    return min(stat, cap), {"lambda2_per_round": gap / M, "R_max": R, "r": r, "b": b, "statistical": stat}


def luce_calibrated_spread(menus, offsets, kappa_hat, *, delta):
    """Asymptotic (normal) bound on ln ρ(κ̂, κ): z · max_{a,b} √R_ab(Î), Î = ``luce_information`` at κ̂ [ours].

    The MLE is asymptotically N(θ*, Î⁺) on 1^⊥, so θ̂_a − θ̂_b has standard error √R_ab(Î); with
    z = Φ⁻¹(1 − δ/(n(n − 1))) the union bound over the n(n − 1)/2 pairs gives level δ. Not a finite-sample
    statement: the certificates test its coverage (failure frequency ≤ δ, one-sided binomial test).
    """
    from scipy.stats import norm

    fn = "luce_calibrated_spread"
    A, W = _luce_arrays(fn, menus, offsets)
    n = A.shape[1]
    _kappa(fn, "kappa_hat", kappa_hat, n)
    check_real(fn, "delta", delta, low=0, high=1, low_open=True, high_open=True)
    R, gap = _resistance_and_gap(luce_information(A, W, kappa_hat))
    if gap <= 0:
        return math.inf
    z = float(norm.ppf(1 - delta / (n * (n - 1))))
    return z * math.sqrt(R)
