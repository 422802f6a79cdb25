"""Theorem 2 (paper A, Section 3.3; Appendix B.3 "Theorem 5") — this project's reconstructed bound.

The seed's statement and constants are stripped ("Algorithm 2 obtains regret bounded by ."); the
prose says: sublinear for memory horizon T^c for every c > 0, the 2022 paper's Õ(T^{3/4}) for
uniform memory, degrading to linear as the horizon vanishes. Below is the bound OUR Algorithm 2
(``targeting.Algorithm2``) provably satisfies, with every term named, and the parameter choice
from (n, k, λ, L, γ, T). It is marked **recon/derived**: not the paper's words.

Theorem 2 (recon). Let f be (λ, L)-smooth with λ > (k−1)/(n−1), memory γ-discounted (γ, v_1, W_0
known), rewards oblivious in [0,1]^n. Algorithm 2 with parameters P (``Algorithm2Parameters``)
satisfies, for every p* ∈ EIRD,

    Σ_t ⟨p*, r_t⟩ − E Σ_t r_t(i_t)
      ≤ T_0                                # burn-in rounds (memory still moving fast)
      + N·m                                # learning rounds: N phases (``max_phases``) of m = G·shows
      + φ·T                                # comparator contraction: p_φ = (1−φ)p* + φu_n ∈ every K_j
      + DBG_T(β_up, β_down, ξ = φ/n)       # DBG regret vs p_φ (dbg.py's bound, multiplicative form)
      + N·β·T                              # some phase's estimate missed its accuracy (prob ≤ Nβ)

Proof sketch (each step is a function certified elsewhere).
1. Non-DBG rounds (burn-in, learning) cost ≤ 1 each. ``max_phases`` bounds N: a phase starting at t
   is followed by ≥ max(m, r(W_t, D) + 1) rounds before the next (Lemma 5, ``rounds_within_drift``).
2. Good event E (prob ≥ 1 − Nβ): every phase has log_spread(f̂, f(v_ref)) ≤ σ̄
   (``score_accuracy_bound``; phase drift ≤ D after burn-in, ``burn_in_rounds``).
3. On E: EIRD ⊆ D_j (``relaxed_ird_contains_ird``), so p_φ ∈ K_j = (1−φ)D_j + φu for all j.
4. On E and φ ≥ φ_σ(σ̄): x_t ∈ IRD(f̂) (``contraction_for_realisability``), so MenuDist realises x_t
   exactly under f̂; under the true f(v_t), log_spread ≤ σ_max = σ̄ + 2LD/λ (Lipschitz, drift ≤ D
   since the last phase), and the played x̃_t has x̃_i/x_i ∈ [e^{−σ_max}, e^{σ_max}] (our Lemma 6).
5. DBG under a multiplicative perturbation. In dbg.py's proof, β enters only via
   x̃_s(i)/x_s(i) ∈ [1−β, 1+β]: the comparator bias ⟨p, r_s − r̄_s⟩ ≤ Σ p_i ε_i⁻/x_i uses the lower
   side (β_down = 1 − e^{−σ_max}), the variance/lag terms the upper side (β_up = e^{σ_max} − 1).
   So DBG_T = dbg_regret_bound(…, δ = 2ξβ_up, …) with its bias term βT replaced by β_down·T, and
   contraction H ≤ N·diam. (Needs β_up < 1. The DBG-round subsequence is chosen by the history,
   but each r_s is fixed before round s's draw, which is all dbg.py's conditional steps use.)
6. Outside E regret ≤ T.                                                                           ∎

Rate (derived). Put H = 1/(1−γ) = T^c (c ≤ 1), steady state w ≈ 1/H. With shows s, threshold D:
    N·m ≈ (2T/(H D))·G s             (drift 2/H per round, a phase every D·H/2 rounds)
    T·σ_max ≈ T·(4 u + 4η + 2LD/λ),  u ∝ 1/√s (Hoeffding), η ∝ L m/(λH) (phase drift)
    φT, β_down T ∝ T σ_max;  DBG ∝ √(T n/ξ) = O(T^{2/3}) at the best ξ.
Balancing T/√s ≍ s T^{1−c}/D ≍ T·D gives s ≍ T^{c/2}, D ≍ T^{−c/4} and

    Reg_T(EIRD) = Õ(T^{1 − c/4})      (``rate_exponent``),

(i) sublinear for every c > 0; (ii) c = 1 (and γ = 1, H = ∞: drift Σ 2/t = O(log T)) gives
Õ(T^{3/4}), the 2022 paper's rate; (iii) → T as c → 0. The burn-in T_0 ≍ m/D ≍ T^{3c/4} and the
phase-drift term T^{1−c/2} are lower order for c ≤ 1. Constants: ``theorem2_regret_bound``.

Size of the constants (``benchmarks/bench_theorem2.py``, n=3, k=2, λ=0.9, L=0.1). The bound is
below T only from T ≈ 10^9 (c = 1), 10^18 (c = 1/2), 10^36 (c = 1/4); at T = 10^12, c = 1 it is
0.22·T, dominated by the learning rounds (0.09·T), the contraction φ_σ·T (0.09·T: φ_σ grows like
σ̄/(1 − τ_u), so the bound degrades as λ ↓ (k−1)/(n−1)) and the perturbation bias (0.02·T). Fitted
exponents of the bound over its non-vacuous range: 0.773, 0.877, 0.939 for c = 1, 1/2, 1/4
(rate 1 − c/4: 0.75, 0.875, 0.9375; the excess at c = 1 is the log factor).

Notation
--------
==========  ==========================  ===============================================
ours        code                        meaning
==========  ==========================  ===============================================
T_0         ``burn_in``                 rounds before the first phase
N           ``max_phases``              worst-case number of learning phases
m           ``query_length``            rounds per phase (G·shows)
σ̄, σ_max   ``sigma_bar``, ``sigma_max``  phase accuracy / accuracy at any DBG round
φ, ξ        ``phi``                     contraction, min coordinate φ/n
c           ``horizon_exponent``        H = T^c
==========  ==========================  ===============================================
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass

import reference.adaptive_preferences.long_memory.thm1_dbg as dbg_mod
import reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift as mh
import reference.adaptive_preferences.long_memory.sec3_score_learning as sl
import reference.adaptive_preferences.long_memory.alg2_eird_targeting as tg
__all__ = [
    "Theorem2Bound",
    "memory_weight_at",
    "max_phases",
    "theorem2_regret_bound",
    "theory_parameters",
    "practical_parameters",
    "rate_exponent",
    "gamma_for_exponent",
]


def rate_exponent(c) -> float:
    """The reconstructed rate: Reg_T = Õ(T^{1 − c/4}) for H = T^c, c ∈ (0, 1] (3/4 for c ≥ 1)."""
    if isinstance(c, bool) or not isinstance(c, numbers.Real) or not c > 0:
        raise ValueError(f"rate_exponent: c must be a positive number; got {c!r}.")
    return 1.0 - min(float(c), 1.0) / 4.0


def gamma_for_exponent(T: int, c) -> float:
    """γ = 1 − T^{−c} (horizon T^c), the long-memory regime of Section 3."""
    return 1.0 - float(T) ** (-float(c))


def memory_weight_at(gamma, initial_weight, t: int) -> float:
    """W_t = γ^t W_0 + (1 − γ^t)/(1 − γ) (t rounds after W_0; Definition 1)."""
    return mh.memory_weight_after(float(gamma), float(initial_weight), int(t))


def max_phases(gamma, initial_weight, T: int, burn_in: int, query_len: int, drift_threshold) -> int:
    """N: an upper bound on the learning phases Algorithm 2 can start in rounds burn_in..T−1.

    A phase starting at t (weight W_t) is followed by at least c(t) = max(m, r(W_t) + 1) rounds
    before the next one, r = rounds_within_drift(γ, W_t, D) (Lemma 5, proof step 1). W_t and
    hence c(t) are non-decreasing in t (W_0 ≤ H), so on a block of rounds [t, t_b) at most
    ⌈(t_b − t)/c(t)⌉ phases start. Blocks end when W has grown by 50% (or at T): O(log H) blocks.
    """
    gamma, T = float(gamma), int(T)
    t, count = int(burn_in), 0
    while t < T:
        w = memory_weight_at(gamma, initial_weight, t)
        cycle = max(int(query_len), mh.rounds_within_drift(gamma, w, float(drift_threshold), max_rounds=T) + 1)
        t_end = _round_weight_reaches(gamma, initial_weight, 1.5 * w, T)
        t_end = max(t_end, t + cycle)
        count += math.ceil((min(t_end, T) - t) / cycle)
        t = t_end
    return count


@functools.lru_cache(maxsize=4096)
def _max_phases_cached(gamma, initial_weight, T, burn_in, query_len, drift_threshold):
    return max_phases(gamma, initial_weight, T, burn_in, query_len, drift_threshold)


def _round_weight_reaches(gamma, initial_weight, target, T: int) -> int:
    """First t ≥ 0 with W_t ≥ target (T if never before T); W_t non-decreasing when W_0 ≤ H."""
    if memory_weight_at(gamma, initial_weight, T) < target:
        return T
    lo, hi = 0, T
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if memory_weight_at(gamma, initial_weight, mid) >= target:
            hi = mid
        else:
            lo = mid
    return hi


@dataclass
class Theorem2Bound:
    """The bound's named terms, total, and the quantities it was computed from."""

    terms: dict
    total: float
    sigma_bar: float
    sigma_max: float
    phi_needed: float
    phases: int
    query_length: int
    burn_in: int
    valid: bool  # False when a hypothesis fails (then total = T, the trivial bound)
    reason: str = ""


def theorem2_regret_bound(n: int, k: int, lam, lipschitz, gamma, T: int, params: "tg.Algorithm2Parameters",
                          *, initial_weight=1.0) -> Theorem2Bound:
    """The Theorem 2 (recon) bound for Algorithm 2 with ``params`` (module doc, terms named)."""
    fn = "theorem2_regret_bound"
    if isinstance(T, bool) or not isinstance(T, numbers.Integral) or T < 1:
        raise ValueError(f"{fn}: T must be a positive integer; got {T!r}.")
    lam = float(lam)
    if not 0 < lam <= 1:
        raise ValueError(f"{fn}: lam must be in (0, 1]; got {lam}.")
    if k >= 2 and lam <= (k - 1) / (n - 1):
        return Theorem2Bound({}, float(T), math.inf, math.inf, 1.0, 0, 0, 0, False,
                             f"needs lam > (k-1)/(n-1) = {(k - 1) / (n - 1)}")
    m = sl.query_length(n, k, params.shows) if k >= 2 else 0
    t0 = params.burn_in if k >= 2 else 0
    if k >= 2:
        w0 = memory_weight_at(gamma, initial_weight, t0)
        phase_drift = mh.memory_drift_bound(float(gamma), w0, max(m - 1, 0))
        sigma_bar = sl.score_accuracy_bound(n, k, lam, float(lipschitz), params.shows, float(phase_drift),
                                            params.beta)
        phases = _max_phases_cached(float(gamma), float(initial_weight), int(T), int(t0), int(m),
                                    float(params.drift_threshold))
        sigma_max = sigma_bar + 2 * float(lipschitz) * float(params.drift_threshold) / lam
    else:
        sigma_bar = sigma_max = 0.0
        phases = 0
    phi_needed = tg.contraction_for_realisability(sigma_bar, lam, n, k)
    beta_up = math.expm1(sigma_max) if math.isfinite(sigma_max) else math.inf
    beta_down = -math.expm1(-sigma_max) if math.isfinite(sigma_max) else 1.0
    reasons = []
    if params.sigma_bar < sigma_bar - 1e-12:
        reasons.append(f"params.sigma_bar={params.sigma_bar} is below the accuracy bound {sigma_bar}")
    if params.phi < phi_needed:
        reasons.append(f"phi={params.phi} < phi_needed={phi_needed} (targets not realisable)")
    if not beta_up < 1:
        reasons.append(f"beta_up = e^sigma_max − 1 = {beta_up} ≥ 1")
    if reasons:
        return Theorem2Bound({}, float(T), sigma_bar, sigma_max, phi_needed, phases, m, t0, False, "; ".join(reasons))
    xi = params.phi / n
    diam = math.sqrt(2.0) * (1 - params.phi)
    dbg_b = dbg_mod.dbg_regret_bound(n, T, params.defer, params.eta, 2 * xi * beta_up, diam, xi,
                                     contraction_total=phases * diam)
    dbg_terms = {f"DBG: {name}": value for name, value in dbg_b.terms.items()
                 if not name.startswith("perturbation bias")}
    terms = {
        "burn-in T_0": float(t0),
        "learning rounds N*m": float(phases * m),
        "comparator contraction phi*T": params.phi * T,
        **dbg_terms,
        "DBG: perturbation bias beta_down*T": beta_down * T,
        "failure N*beta*T": phases * params.beta * T,
    }
    total = float(sum(terms.values()))
    return Theorem2Bound(terms, total, sigma_bar, sigma_max, phi_needed, phases, m, t0, True)


def _build(n, k, lam, lipschitz, gamma, T, shows, drift, phi_extra, beta, defer, initial_weight):
    m = sl.query_length(n, k, shows) if k >= 2 else 0
    t0 = tg.burn_in_rounds(gamma, initial_weight, m, drift, T) if k >= 2 else 0
    if k >= 2:
        w0 = memory_weight_at(gamma, initial_weight, t0)
        sigma_bar = sl.score_accuracy_bound(n, k, lam, lipschitz, shows,
                                            float(mh.memory_drift_bound(float(gamma), w0, max(m - 1, 0))), beta)
    else:
        sigma_bar = 0.0
    phi_needed = tg.contraction_for_realisability(sigma_bar, lam, n, k)
    phi = min(0.999, max(phi_needed, phi_extra))
    xi = phi / n
    sigma_max = sigma_bar + 2 * lipschitz * drift / lam
    beta_up = math.expm1(sigma_max) if math.isfinite(sigma_max) else 0.5
    beta_up = min(beta_up, 0.999)
    eta = dbg_mod.dbg_calibrated_eta(n, T, defer, 2 * xi * beta_up, math.sqrt(2.0) * (1 - phi), xi)
    return tg.Algorithm2Parameters(shows=int(shows), drift_threshold=float(drift), beta=float(beta), phi=float(phi),
                                   eta=float(eta), defer=int(defer), burn_in=int(t0), sigma_bar=float(sigma_bar))


def theory_parameters(n: int, k: int, lam, lipschitz, gamma, T: int, *, initial_weight=1.0,
                      grid: int = 8) -> tuple["tg.Algorithm2Parameters", Theorem2Bound]:
    """Parameters minimising ``theorem2_regret_bound`` over a grid around the derived scaling.

    Scaling (module doc): shows = a·H'^{1/2}, D = b·H'^{−1/4}, H' = min(1/(1−γ), T); β = 1/T²
    (so N·β·T ≤ 1); φ = max(φ_σ(σ̄), φ_explore); η = DBG's calibrated step; deferral m = 1
    (dbg.py: its bound is smallest at m = 1). a ∈ 4^{−1..grid−2}, b ∈ 4^{0..−(grid−1)} and
    φ_explore ∈ 2^{−1..−24} are searched (the bound for each is exact; the grid only chooses).
    Returns (parameters, bound).
    """
    lam, lipschitz, T = float(lam), float(lipschitz), int(T)
    h_eff = T if float(gamma) >= 1 else min(1.0 / (1.0 - float(gamma)), T)
    beta = 1.0 / float(T) ** 2
    best = None
    for a in [4.0 ** e for e in range(-1, grid - 1)]:
        shows = max(1, int(round(a * math.sqrt(h_eff))))
        for b in [4.0 ** (-e) for e in range(0, grid)]:
            drift = min(2.0, b * h_eff ** (-0.25)) if lipschitz > 0 else 2.0
            for phi_extra in [2.0 ** (-e) for e in range(1, 25)]:
                params = _build(n, k, lam, lipschitz, gamma, T, shows, drift, phi_extra, beta, 1, initial_weight)
                bound = theorem2_regret_bound(n, k, lam, lipschitz, gamma, T, params, initial_weight=initial_weight)
                if best is None or (bound.valid, -bound.total) > (best[1].valid, -best[1].total):
                    best = (params, bound)
                if params.phi > phi_extra:  # φ_σ dominates: smaller φ_explore changes nothing
                    break
    return best


def practical_parameters(n: int, k: int, lam, lipschitz, gamma, T: int, *, initial_weight=1.0,
                         shows_scale: float = 1.0, drift_scale: float = 2.0, phi: float = 0.1,
                         beta: float = 0.1, burn_in_fraction: float = 0.1) -> "tg.Algorithm2Parameters":
    """Same exponents as ``theory_parameters`` (shows ∝ H'^{1/2}, D ∝ H'^{−1/4}), constants sized
    for simulations of a few thousand rounds, burn-in capped at ``burn_in_fraction``·T.

    NOT covered by the bound (φ < φ_σ, β large): the algorithm then pulls targets into IRD(f̂)
    (``targeting.pull_into_ird``). Used for measured exponents, stated as such. ``sigma_bar`` is the
    accuracy bound at the phase drift after the (capped) burn-in (may be inf: slack inf = no cut).
    """
    T = int(T)
    h_eff = T if float(gamma) >= 1 else min(1.0 / (1.0 - float(gamma)), T)
    shows = max(1, int(round(shows_scale * math.sqrt(h_eff))))
    drift = min(2.0, drift_scale * h_eff ** (-0.25))
    m = sl.query_length(n, k, shows) if k >= 2 else 0
    t0 = min(tg.burn_in_rounds(float(gamma), float(initial_weight), m, drift, T), int(math.ceil(burn_in_fraction * T)))
    if k >= 2:
        w0 = memory_weight_at(gamma, initial_weight, t0)
        sigma_bar = sl.score_accuracy_bound(n, k, float(lam), float(lipschitz), shows,
                                            float(mh.memory_drift_bound(float(gamma), w0, max(m - 1, 0))), beta)
    else:
        sigma_bar = 0.0
    eta = dbg_mod.dbg_calibrated_eta(n, T, 1, 0.0, math.sqrt(2.0) * (1 - phi), phi / n)
    return tg.Algorithm2Parameters(shows=int(shows), drift_threshold=float(drift), beta=float(beta), phi=float(phi),
                                   eta=float(eta), defer=1, burn_in=int(t0), sigma_bar=float(sigma_bar),
                                   extra={"calibration": "practical"})
