r"""The linearized-regret bound of HPG: statement, proof, and each term as a function.

Paper B (arXiv 2606.14929) states that HPG "attains $\tilde{\mathcal O}(s\sqrt{M T})$ linearized
policy regret -- where $s, M$, and $T$ are the intrinsic rank of the experts, the number of models,
and the number of rounds -- thus avoiding a curse of dimensionality" [seed, abstract]. Its theorem
and proof did not survive. Everything below is our derivation for *our* HPG (``hpg.HPG``) [derived];
the constants are ours. The parameter-free scheme and its bound (PF) are our own [project].
Certified by ``b_omd_inequality_pathwise`` (Steps 1–3 on arbitrary gradient sequences,
``certificates/embedding_routing/omd.py``), ``b_hpg_expected_regret_le_bound`` (the Theorem,
``certificates/embedding_routing/hpg_regret.py``), ``b_parameter_free_hpg_regret_pathwise`` ((PF),
``certificates/embedding_routing/parameter_free.py``) and, for the rates, ``b_hpg_regret_scaling_exponents``
(``certificates/embedding_routing/scaling.py``). Findings: docs/findings.md, "Paper B HPG bound: tightness
on randomized instances" and "Paper B HPG regret: scaling exponents".

Setting
-------
K = {Θ ∈ R^{d×dM} : ‖Θ‖_* ≤ τ};  k = min(d, dM) = d singular values;  φ = φ_β spectral hypentropy;
Θ_1 = 0;  ∇φ(Θ̃_{t+1}) = ∇φ(Θ_t) + η g_t;  Θ_{t+1} = argmin_{Θ∈K} D_φ(Θ, Θ̃_{t+1}).
The dual pair of norms is (‖·‖_*, ‖·‖_op), so ⟨G, Δ⟩ ≤ ‖G‖_op‖Δ‖_* and max_{U∈K} ⟨G, U⟩ = τ‖G‖_op.

Step 1 (one OMD step, no convexity constant needed). For every U ∈ K,
    η⟨g_t, U − Θ_t⟩ ≤ D(U, Θ_t) − D(U, Θ_{t+1}) + [η⟨g_t, Θ_{t+1} − Θ_t⟩ − D(Θ_{t+1}, Θ_t)].
  Proof. Θ_{t+1} minimises the convex D(·, Θ̃_{t+1}) over K, so ⟨∇φ(Θ̃_{t+1}) − ∇φ(Θ_{t+1}), U − Θ_{t+1}⟩ ≤ 0,
  i.e. η⟨g_t, U − Θ_{t+1}⟩ ≤ ⟨∇φ(Θ_{t+1}) − ∇φ(Θ_t), U − Θ_{t+1}⟩. The three-point identity
  ⟨∇φ(a) − ∇φ(b), c − a⟩ = D(c, b) − D(c, a) − D(a, b) with (a, b, c) = (Θ_{t+1}, Θ_t, U) turns the right
  side into D(U, Θ_t) − D(U, Θ_{t+1}) − D(Θ_{t+1}, Θ_t). Add η⟨g_t, Θ_{t+1} − Θ_t⟩ to both sides.  ∎

Step 2 (stability). If φ is α-strongly convex on K w.r.t. ‖·‖_*, then with Δ = Θ_{t+1} − Θ_t ∈ K − K,
    η⟨g_t, Δ⟩ − D(Θ_{t+1}, Θ_t) ≤ η‖g_t‖_op‖Δ‖_* − (α/2)‖Δ‖_*² ≤ η²‖g_t‖_op² / (2α)
  (maximise the quadratic in ‖Δ‖_*). Both iterates lie in K, so the modulus over K suffices; the
  unprojected Θ̃_{t+1} never enters. We use α = c/(τ + dβ), c = ``hypentropy.SPECTRAL_SC_FACTOR`` = 1,
  proved in ``hypentropy`` (Theorem SC: ∇²φ* is bounded by Σ_i √(σ_i² + β²) ≤ τ + dβ in ‖·‖_op).

Step 3 (range). ∇φ(0) = 0, so D(U, Θ_1) = φ(U) − φ(0) ≤ R(τ, β) := τ asinh(τ/β) − √(τ² + β²) + β
  (``hypentropy.hypentropy_range_on_nuclear_ball``; convex in each σ_i, maximal at σ = τe_1).

Summing Step 1 over t (the D(U, Θ_t) telescope, D(U, Θ_{T+1}) ≥ 0) and using Steps 2–3, for *every*
gradient sequence g_1..g_T (pathwise, deterministic):
    (OMD)  max_{U∈K} Σ_t ⟨g_t, U − Θ_t⟩ = τ‖Σ_t g_t‖_op − Σ_t ⟨g_t, Θ_t⟩ ≤ R/η + (η/(2α)) Σ_t ‖g_t‖_op².

Theorem (expected linearized regret of HPG). With g_t = Ĝ_t (REINFORCE) and an oblivious adversary,
for every fixed U ∈ K,  E Σ_t ⟨∇J_t(Θ_t), U − Θ_t⟩ ≤ R/η + η T Ψ²(1 − 1/M) / (2α),
where Ψ = max_t ‖Ψ(x_t)‖_op. Proof: Θ_t is F_{t−1}-measurable and E[Ĝ_t | F_{t−1}] = ∇J_t(Θ_t), so the
left side equals E Σ_t ⟨Ĝ_t, U − Θ_t⟩; apply (OMD) inside the expectation; finally
E[‖Ĝ_t‖_op² | F_{t−1}] = ‖Ψ_t‖_op² Σ_m π_m r_t(m)² ‖e_m − π‖² ≤ Ψ² (1 − ‖π‖²) ≤ Ψ² (1 − 1/M).  ∎
The quantity bounded is the pseudo-regret max_U E[·] (comparator fixed before the randomness); the
realized regret E max_U[·] exceeds it by at most τ E‖Σ_t (∇J_t − Ĝ_t)‖_op, a matrix-martingale term we
report but do not bound here.

Tuning (``hpg_tuned_parameters``). η* = √(2αR / (TΨ²(1 − 1/M))) gives 2√(R·TΨ²(1 − 1/M)/(2α))
= √(2R T Ψ²(1 − 1/M)(τ + dβ)/c). With β = τ/d: τ + dβ = 2τ and R ≤ τ asinh(d), so
    bound ≤ 2τΨ √(T (1 − 1/M) asinh(d) / c) = 2 · τΨ √(T (1 − 1/M) asinh(d))     (c = 1).
Instantiation τ = sB√M (the nuclear ball contains C(s, B) = {rank ≤ s, ‖Θ_m‖_op ≤ B}, since
‖Θ‖_* ≤ s‖Θ‖_op ≤ s√M B):
    bound ≤ 2 · sBΨ √(M T asinh(d)) = Õ(sB√(MT)),  asinh(d) ≤ ln(2d + 1): polylog in d.  (headline)
The containment holds for the *stacked* reading of s (rank of [Θ_1 | … | Θ_M] ≤ s); for the *per-block*
reading (each Θ_m of rank ≤ s) the tight radius is sB·M (``rank_readings``), so the rate becomes Õ(sB M√T).

Euclidean baseline (``ogd_expected_regret_bound``): projected OGD on {‖Θ‖_F ≤ τ} ⊇ K has
pseudo-regret ≤ τ²/(2η) + (η/2) T G_F², G_F² = (1 − 1/M) max_t‖Ψ_t‖_F²; with η = τ/(G_F√T) this is τG_F√T,
and G_F can be √d times Ψ for full-rank features: the d-dependence HPG avoids.

Parameter-free HPG (``hpg.ParameterFreeHPG``: KT coin betting for the scale × HPG on the unit nuclear
ball for the direction) [project's own scheme]. With g_t = ⟨Ĝ_t, W_t⟩/g_max ∈ [−1, 1], g_max = √2Ψ,
S_T = Σ_t g_t and Θ_t = z_t W_t, for every U = uV (u ≥ 0, ‖V‖_* ≤ 1) the identity
    Σ_t ⟨Ĝ_t, U − Θ_t⟩ = g_max·(u S_T − Σ_t g_t z_t) + u·Σ_t ⟨Ĝ_t, V − W_t⟩
holds. KT wealth: Wealth_T = ε + Σ_t g_t z_t ≥ ε F_T(S_T), F_T(S) = 2^T Γ((T+S+1)/2) Γ((T−S+1)/2) / (π T!)
(Orabona & Pál 2016; equality for ±1 coins — checked by sampling in ``b_parameter_free_hpg_regret_pathwise``).
Hence u S_T − Σ g_t z_t ≤ ε + max_{|S|≤T} (uS − εF_T(S)) =: K_T(u) (``kt_scale_regret_bound``), and with
the direction learner's pathwise bound on the unit ball (τ = 1, its own β_1, α_1) — the adaptive one,
2√(D_max,1 Σ_t‖Ĝ_t‖_op²/α_1) (``adaptive_omd_pathwise_bound``), or (OMD) with a fixed η_1:
    (PF)  max_{‖U‖_*≤u} Σ_t⟨Ĝ_t, U − Θ_t⟩ ≤ g_max·K_T(u) + u·(direction bound)
for every u ≥ 0 at once (the right side increases with u), pathwise. K_T(u) = O(u√(T log(1 + uT/ε)) + ε):
an extra log factor (ours; the abstract gives no rate for it); no knowledge of s or B is used.

Notation
--------
======  ==================  =====================================================
symbol  Python              meaning
======  ==================  =====================================================
T, M    ``T``, ``M``        rounds, experts
d       ``d``               query dimension (k = d singular values of Θ)
τ, β    ``tau``, ``beta``   nuclear-ball radius, hypentropy scale
η       ``eta``             step size
α, c    ``alpha``, ``factor``  strong-convexity modulus α = c/(τ + dβ)
R       ``R``               range R(τ, β) of D_φ(·, 0) over the ball
Ψ       ``psi_max``         max_t ‖Ψ(x_t)‖_op
ε, u    ``epsilon``, ``u``  KT initial wealth, comparator nuclear norm
F_T     ``kt_log_potential``   KT potential (its logarithm)
K_T(u)  ``kt_scale_regret_bound``  KT scale regret bound
======  ==================  =====================================================

Implementation notes: every bound returns its terms by name (``range_term``, ``stability_term``,
``scale_term``, ``direction_term``, ``total``) so that certificates record which term dominates.

References: paper B, arXiv 2606.14929 (abstract); F. Orabona, D. Pál, "Coin Betting and
Parameter-Free Online Learning", NeurIPS 2016; our formalisation, ``docs/reconstruction_B.md`` §5–6.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from scipy.special import digamma

from reference._numerics import check_integer, check_real
from reference.embedding_routing import hypentropy as hy

__all__ = [
    "hpg_tuned_parameters",
    "hpg_linearized_regret_bound",
    "omd_pathwise_bound",
    "hpg_headline_bound",
    "ogd_expected_regret_bound",
    "bregman_diameter",
    "adaptive_omd_pathwise_bound",
    "kt_log_potential",
    "kt_scale_regret_bound",
    "parameter_free_pathwise_bound",
]


def _variance_factor(M: int) -> float:
    # E‖e_m − π‖² = 1 − ‖π‖² ≤ 1 − 1/M   (second-moment term of REINFORCE)
    return 1.0 - 1.0 / M


def _check_geometry(fn: str, tau: float, beta: float, factor: float | None) -> None:
    """τ > 0, β > 0 and c > 0 (if given), named under the caller's name."""
    hy.check_radius(fn, tau)
    hy.check_beta(fn, beta)
    if factor is not None:
        check_real(fn, "factor", factor, low=0, low_open=True)


def _check_common(fn: str, *, T: int, M: int | None = None, d: int | None = None, psi_max: float | None = None,
                  eta: float | None = None, m_min: int = 1) -> None:
    """T ≥ 1 (an integer), M ≥ m_min, d ≥ 1, Ψ > 0, η > 0, each named in the error."""
    check_integer(fn, "T", T, minimum=1)
    if M is not None:
        check_integer(fn, "M", M, minimum=m_min)
    if d is not None:
        check_integer(fn, "d", d, minimum=1)
    if psi_max is not None:
        check_real(fn, "psi_max", psi_max, low=0, low_open=True)
    if eta is not None:
        check_real(fn, "eta", eta, low=0, low_open=True, what="(the step size)")


def _check_sq_norms(fn: str, sq_op_norms: Iterable[float]) -> float:
    """Σ_t ‖g_t‖_op² of finite non-negative squared norms (an empty path sums to 0)."""
    try:
        vals = np.asarray(list(sq_op_norms) if not isinstance(sq_op_norms, np.ndarray) else sq_op_norms, dtype=float)
    except (TypeError, ValueError):
        vals = np.array([np.nan])
    if isinstance(sq_op_norms, (str, bytes)) or vals.ndim != 1 or not np.all(np.isfinite(vals)) or np.any(vals < 0):
        raise ValueError(f"{fn}: sq_op_norms must be a one-dimensional sequence of finite non-negative numbers "
                         "(the squared operator norms ‖g_t‖_op²).")
    total = math.fsum(vals.tolist())
    if not math.isfinite(total):
        raise ValueError(f"{fn}: sq_op_norms sum to more than the float64 range.")
    return total


def _finite(fn: str, value: float, what: str) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{fn}: the bound overflows float64 ({what}); the arguments are too extreme.")
    return value


def hpg_tuned_parameters(*, T: int, M: int, d: int, tau: float, psi_max: float = 1.0, beta: float | None = None,
                         factor: float | None = None) -> dict[str, float]:
    """β = τ/d (unless given), α = c/(τ + dβ), R = R(τ, β), η = √(2αR / (TΨ²(1 − 1/M)))."""
    fn = "hpg_tuned_parameters"
    _check_common(fn, T=T, M=M, d=d, psi_max=psi_max, m_min=2)      # M = 1: nothing to learn, η would be ∞
    tau = hy.check_radius(fn, tau)
    beta = tau / d if beta is None else hy.check_beta(fn, beta)
    _check_geometry(fn, tau, beta, factor)
    alpha = hy.strong_convexity_modulus(tau, beta, d, factor=factor)
    R = hy.hypentropy_range_on_nuclear_ball(tau, beta)
    eta = math.sqrt(2.0 * alpha * R / (T * psi_max ** 2 * _variance_factor(M)))
    if not (math.isfinite(eta) and eta > 0):
        raise ValueError(f"{fn}: the tuned step size is not a positive float64 (η = {eta}); the arguments are too "
                         "extreme (tau, beta, psi_max).")
    return {"beta": beta, "alpha": alpha, "R": R, "eta": eta}


def hpg_linearized_regret_bound(*, T: int, M: int, d: int, tau: float, beta: float, eta: float,
                                psi_max: float = 1.0, factor: float | None = None) -> dict[str, float]:
    """The Theorem: E-linearized regret ≤ R/η + ηTΨ²(1 − 1/M)/(2α); returns each term by name."""
    fn = "hpg_linearized_regret_bound"
    _check_common(fn, T=T, M=M, d=d, psi_max=psi_max, eta=eta)
    _check_geometry(fn, tau, beta, factor)
    alpha = hy.strong_convexity_modulus(tau, beta, d, factor=factor)
    range_term = hy.hypentropy_range_on_nuclear_ball(tau, beta) / eta             # R/η
    stability_term = eta * T * psi_max ** 2 * _variance_factor(M) / (2.0 * alpha)  # η Σ E‖Ĝ‖²/(2α)
    return {"range_term": range_term, "stability_term": stability_term, "alpha": alpha,
            "total": _finite(fn, range_term + stability_term, "total")}


def omd_pathwise_bound(sq_op_norms: Iterable[float], *, d: int, tau: float, beta: float, eta: float,
                       factor: float | None = None) -> dict[str, float]:
    """(OMD) for one path: R/η + (η/(2α)) Σ_t ‖g_t‖_op², by term."""
    fn = "omd_pathwise_bound"
    check_integer(fn, "d", d, minimum=1)
    check_real(fn, "eta", eta, low=0, low_open=True, what="(the step size)")
    _check_geometry(fn, tau, beta, factor)
    total_sq = _check_sq_norms(fn, sq_op_norms)
    alpha = hy.strong_convexity_modulus(tau, beta, d, factor=factor)
    range_term = hy.hypentropy_range_on_nuclear_ball(tau, beta) / eta
    stability_term = eta / (2.0 * alpha) * total_sq
    return {"range_term": range_term, "stability_term": stability_term, "alpha": alpha,
            "total": _finite(fn, range_term + stability_term, "total")}


def hpg_headline_bound(*, T: int, M: int, d: int, s: int, B: float, psi_max: float = 1.0,
                       factor: float | None = None) -> float:
    """2τΨ√(T(1 − 1/M) asinh(d)/c) with τ = sB√M: the Õ(sB√(MT)) instantiation (≥ the tuned bound)."""
    fn = "hpg_headline_bound"
    _check_common(fn, T=T, M=M, d=d, psi_max=psi_max)
    check_integer(fn, "s", s, minimum=1)
    check_real(fn, "B", B, low=0, low_open=True, what="(the operator-norm bound of each block)")
    c = hy.SPECTRAL_SC_FACTOR if factor is None else float(check_real(fn, "factor", factor, low=0, low_open=True))
    tau = s * B * math.sqrt(M)
    return _finite(fn, 2.0 * tau * psi_max * math.sqrt(T * _variance_factor(M) * math.asinh(d) / c), "value")


def ogd_expected_regret_bound(*, T: int, M: int, tau: float, fro_max: float, eta: float) -> float:
    """Projected OGD on a ball of Frobenius radius τ: τ²/(2η) + (η/2) T (1 − 1/M) max‖Ψ‖_F²."""
    fn = "ogd_expected_regret_bound"
    _check_common(fn, T=T, M=M, eta=eta)
    tau = hy.check_radius(fn, tau)
    check_real(fn, "fro_max", fro_max, low=0)
    return _finite(fn, tau ** 2 / (2.0 * eta) + 0.5 * eta * T * _variance_factor(M) * fro_max ** 2, "value")


def bregman_diameter(tau: float, beta: float) -> float:
    """D_max = 2τ·asinh(τ/β) ≥ max_{U,V ∈ K} D_φ(U, V) on K = {‖·‖_* ≤ τ}  [derived].

    D(U, V) = [φ(U) − φ(0)] + (⟨∇φ(V), V⟩ − [φ(V) − φ(0)]) − ⟨∇φ(V), U⟩. The first bracket is ≤ R(τ, β); the second
    is Σ_i (√(σ_i² + β²) − β) ≤ √(τ² + β²) − β (convex, increasing, maximal at a vertex); the third is
    ≤ ‖∇φ(V)‖_op‖U‖_* ≤ τ·asinh(τ/β). Summing, with R = τ asinh(τ/β) − (√(τ² + β²) − β): D ≤ 2τ asinh(τ/β).  ∎
    """
    fn = "bregman_diameter"
    tau = hy.check_radius(fn, tau)
    beta = hy.check_beta(fn, beta)
    return _finite(fn, 2.0 * tau * float(hy.asinh_ratio(np.array([tau]), beta)[0]), "value")


def adaptive_omd_pathwise_bound(sq_op_norms: Iterable[float], *, d: int, tau: float, beta: float,
                                factor: float | None = None) -> dict[str, float]:
    """``hpg.AdaptiveHPG``'s pathwise regret bound 2√(D_max·S_T/α), S_T = Σ_t ‖g_t‖_op², by term  [derived].

    With η_t = c/√S_t, c = √(αD_max): D_max/η_T = √(D_max S_T/α) (``range_term``) and Σ_t η_t‖g_t‖²/(2α)
    ≤ c√S_T/α = √(D_max S_T/α) (``stability_term``; Σ_t a_t/√(Σ_{s≤t} a_s) ≤ 2√(Σ_t a_t)).
    """
    fn = "adaptive_omd_pathwise_bound"
    check_integer(fn, "d", d, minimum=1)
    _check_geometry(fn, tau, beta, factor)
    total_sq = _check_sq_norms(fn, sq_op_norms)
    alpha = hy.strong_convexity_modulus(tau, beta, d, factor=factor)
    half = math.sqrt(bregman_diameter(tau, beta) * total_sq / alpha)
    return {"range_term": half, "stability_term": half, "alpha": alpha, "total": _finite(fn, 2.0 * half, "total")}


def kt_log_potential(T: int, S: float) -> float:
    """ln F_T(S) = T ln 2 + lnΓ((T+S+1)/2) + lnΓ((T−S+1)/2) − ln π − lnΓ(T+1), for |S| ≤ T."""
    fn = "kt_log_potential"
    T = check_integer(fn, "T", T, minimum=0)
    S = float(check_real(fn, "S", S, low=-T, high=T, what="(|S| ≤ T: a sum of T coins in [−1, 1])"))
    return (T * math.log(2.0) + math.lgamma((T + S + 1) / 2) + math.lgamma((T - S + 1) / 2)
            - math.log(math.pi) - math.lgamma(T + 1))


def _kt_log_slope(T: int, S: float) -> float:
    """ln of d/dS F_T(S) / F_T(S) = ½[ψ((T+S+1)/2) − ψ((T−S+1)/2)] (−inf at S = 0, where it is 0)."""
    diff = 0.5 * (float(digamma((T + S + 1) / 2)) - float(digamma((T - S + 1) / 2)))
    return math.log(diff) if diff > 0 else -math.inf


def kt_scale_regret_bound(T: int, u: float, epsilon: float) -> float:
    """K_T(u) = ε + max_{|S|≤T} (uS − εF_T(S)), an upper bound to float rounding (never an under-estimate).

    f(S) = uS − εF_T(S) is concave (F_T is log-convex, hence convex), and f(−S) ≤ f(S) for S ≥ 0 (F_T is even),
    so the maximum is on [0, T] where f'(S) = u − εF_T'(S) decreases. If f'(T) ≥ 0 the maximum is f(T); else
    bisection on the sign of f' — compared in logs, ln u vs ln ε + ln F_T(S) + ln(F_T'/F_T)(S), so nothing
    overflows for any T — brackets the root S* in [lo, hi], and concavity gives
    max f ≤ f(hi) + |f'(hi)|·(hi − lo) (a certified upper bound). At S*, εF_T(S*) = u/(F_T'/F_T)(S*) is finite.
    T = 0: K_0(u) = ε(1 − F_0(0)) = 0 (F_0 ≡ 1 on {0}).
    """
    fn = "kt_scale_regret_bound"
    T = check_integer(fn, "T", T, minimum=0)
    u = float(check_real(fn, "u", u, low=0))
    epsilon = float(check_real(fn, "epsilon", epsilon, low=0, low_open=True))
    if T == 0:
        return 0.0
    log_eps = math.log(epsilon)

    def eps_F(S: float) -> float:                      # εF_T(S), possibly inf only where it is not needed
        lv = log_eps + kt_log_potential(T, S)
        return math.exp(lv) if lv < 709.0 else math.inf

    def slope_nonneg(S: float) -> bool:                 # f'(S) ≥ 0  ⇔  ln u ≥ ln εF_T(S) + ln(F'/F)(S)
        if u == 0.0:
            return S == 0.0
        return math.log(u) >= log_eps + kt_log_potential(T, S) + _kt_log_slope(T, S)

    def f(S: float) -> float:
        return u * S - eps_F(S)

    if slope_nonneg(float(T)):
        return float(epsilon + f(float(T)))
    lo, hi = 0.0, float(T)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if slope_nonneg(mid):
            lo = mid
        else:
            hi = mid
        if hi - lo <= 4e-16 * max(hi, 1.0):
            break
    F_hi = eps_F(hi)
    slope_hi = abs(u - F_hi * math.exp(_kt_log_slope(T, hi))) if math.isfinite(F_hi) else math.inf
    best = max(f(lo), f(hi) + slope_hi * (hi - lo) if math.isfinite(slope_hi) else f(lo) + u * (hi - lo))
    value = epsilon + best
    return float(value + 4.0 * np.finfo(float).eps * (abs(epsilon) + u * T))


def parameter_free_pathwise_bound(u: float, *, T: int, sq_op_norms: Iterable[float], g_max: float, epsilon: float,
                                  d: int, direction_beta: float, direction_eta: float | None = None,
                                  factor: float | None = None) -> dict[str, float]:
    """(PF): g_max·K_T(u) + u·(direction learner's pathwise bound on the unit ball), by term.

    ``direction_eta`` given: the fixed-step direction (R_1/η_1 + (η_1/(2α_1)) Σ‖Ĝ_t‖_op², ``omd_pathwise_bound``);
    None: ``hpg.ParameterFreeHPG``'s adaptive direction (``adaptive_omd_pathwise_bound``).
    """
    fn = "parameter_free_pathwise_bound"
    u = float(check_real(fn, "u", u, low=0, what="(the comparator radius)"))
    check_real(fn, "g_max", g_max, low=0, low_open=True)
    check_integer(fn, "T", T, minimum=0)
    check_real(fn, "epsilon", epsilon, low=0, low_open=True)
    check_integer(fn, "d", d, minimum=1)
    _check_geometry(fn, 1.0, direction_beta, factor)
    _check_sq_norms(fn, sq_op_norms)
    if direction_eta is not None:
        check_real(fn, "direction_eta", direction_eta, low=0, low_open=True)
    scale_term = g_max * kt_scale_regret_bound(T, u, epsilon)
    if direction_eta is None:
        direction = adaptive_omd_pathwise_bound(sq_op_norms, d=d, tau=1.0, beta=direction_beta, factor=factor)
    else:
        direction = omd_pathwise_bound(sq_op_norms, d=d, tau=1.0, beta=direction_beta, eta=direction_eta,
                                       factor=factor)
    direction_term = u * direction["total"]
    return {"scale_term": scale_term, "direction_term": direction_term,
            "total": _finite(fn, scale_term + direction_term, "total")}
