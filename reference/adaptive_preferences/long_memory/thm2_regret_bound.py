"""Theorem 2: Algorithm 2's regret against EIRD (paper A, §3.3; Appendix B.3 "Theorem 5") [recon + derived].

Paper A (arXiv 2302.06014, §3.3) states Theorem 2 with its formula lost ("Algorithm 2 obtains
regret bounded by [formula lost]."); the prose says the regret is sublinear for a memory horizon
T^c for every c > 0, recovers the Õ(T^{3/4}) of Agarwal & Brown (2022) for uniform memory, and
degrades to linear as the horizon vanishes. Below is the bound OUR Algorithm 2
(``alg2_eird_targeting.Algorithm2``) provably satisfies, every term named, and the parameter
choice from (n, k, λ, L, γ, T). It is this project's statement, not the paper's words.

Main statements
---------------
* ``theorem2_regret_bound(n, k, λ, L, γ, T, params)`` — the bound below, its terms named
  (``Theorem2Bound``; ``valid`` is False and the total is T when a hypothesis fails).
* ``max_phases(γ, W_0, T, T_0, m, D)`` — N, a worst-case count of learning phases (Lemma 5).
* ``theory_parameters`` / ``practical_parameters`` — ``Algorithm2Parameters`` minimising the bound
  over a grid / sized for simulations (the latter NOT covered by the bound).
* ``rate_exponent(c)`` = 1 − c/4 [derived]: Reg_T(EIRD) = Õ(T^{1 − c/4}) for H = T^c.

Theorem 2 (recon). Let f be (λ, L)-smooth with λ > (k−1)/(n−1), memory γ-discounted (γ, v_1, W_0
known), rewards oblivious in [0,1]^n. Algorithm 2 with parameters P (``Algorithm2Parameters``)
satisfies, for every p* ∈ EIRD,

    Σ_t ⟨p*, r_t⟩ − E Σ_t r_t(i_t)
      ≤ T_0                                # burn-in rounds (memory still moving fast)
      + N·m                                # learning rounds: N phases (``max_phases``) of m = G·shows
      + φ·T                                # comparator contraction: p_φ = (1−φ)p* + φu_n ∈ every K_j
      + DBG_T(β_up, β_down, ξ = φ/n)       # DBG regret vs p_φ (Theorem 1's bound, multiplicative form)
      + N·β·T                              # some phase's estimate missed its accuracy (prob ≤ Nβ)

Proof (each step is a function certified elsewhere).
1. Non-DBG rounds (burn-in, learning) cost ≤ 1 each. ``max_phases`` bounds N: a phase starting at t
   is followed by ≥ max(m, r(W_t, D) + 1) rounds before the next (Lemma 5, ``rounds_within_drift``).
2. Good event E (prob ≥ 1 − Nβ): every phase has log_spread(f̂, f(v_ref)) ≤ σ̄
   (``score_accuracy_bound``; phase drift ≤ D after burn-in, ``burn_in_rounds``).
3. On E: EIRD ⊆ D_j (``sec3_decision_sets``, containment), so p_φ ∈ K_j = (1−φ)D_j + φu for all j.
4. On E and φ ≥ φ_σ(σ̄): x_t ∈ IRD(f̂) (``contraction_for_realisability``), so MenuDist realises x_t
   exactly under f̂; under the true f(v_t), log_spread ≤ σ_max = σ̄ + 2LD/λ (Lipschitz, drift ≤ D
   since the last phase), and the played x̃_t has x̃_i/x_i ∈ [e^{−σ_max}, e^{σ_max}] (Lemma 6,
   ``sec3_targeting_lemma6``).
5. DBG under a multiplicative perturbation. In Theorem 1's proof (``thm1_dbg``), β enters only via
   x̃_s(i)/x_s(i) ∈ [1−β, 1+β]: the comparator bias ⟨p, r_s − r̄_s⟩ ≤ Σ p_i ε_i⁻/x_i uses the lower
   side (β_down = 1 − e^{−σ_max}), the variance/lag terms the upper side (β_up = e^{σ_max} − 1).
   So DBG_T = dbg_regret_bound(…, δ = 2ξβ_up, …) with its bias term βT replaced by β_down·T, and
   contraction H ≤ N·diam. (Needs β_up < 1. The DBG-round subsequence is chosen by the history,
   but each r_s is fixed before round s's draw, which is all Theorem 1's conditional steps use.)
6. Outside E regret ≤ T.                                                                           ∎

Rate (derived). Put H = 1/(1−γ) = T^c (c ≤ 1), steady state w ≈ 1/H. With shows s, threshold D:
    N·m ≈ (2T/(H D))·G s             (drift 2/H per round, a phase every D·H/2 rounds)
    T·σ_max ≈ T·(4 u + 4η + 2LD/λ),  u ∝ 1/√s (Hoeffding), η ∝ L m/(λH) (phase drift)
    φT, β_down T ∝ T σ_max;  DBG ∝ √(T n/ξ) = O(T^{2/3}) at the best ξ.
Balancing T/√s ≍ s T^{1−c}/D ≍ T·D gives s ≍ T^{c/2}, D ≍ T^{−c/4} and

    Reg_T(EIRD) = Õ(T^{1 − c/4})      (``rate_exponent``),

(i) sublinear for every c > 0; (ii) c = 1 (and γ = 1, H = ∞: drift Σ 2/t = O(log T)) gives
Õ(T^{3/4}), the rate of Agarwal & Brown (2022); (iii) → T as c → 0. The burn-in T_0 ≍ m/D ≍ T^{3c/4}
and the phase-drift term T^{1−c/2} are lower order for c ≤ 1. Constants: ``theorem2_regret_bound``.

Certified in ``certificates/adaptive_preferences/long_memory/thm2_regret_bound.py``
(``theorem2_bound_exponent_eq_one_minus_c_over_4``: the bound's fitted exponent is 1 − c/4) and
``certificates/adaptive_preferences/long_memory/alg2_eird_targeting.py``
(``algorithm2_regret_le_theorem2_bound_with_invariants``: the proof's invariants on every run).
Findings: docs/findings.md, "Theorem 2: size of the constants" (the bound is below T only from
T ≈ 10⁹ at c = 1), "Theorem 2: measured exponents" and "Theorem 2: the appendix label".

Notation
--------
==========  ============================  ===============================================
ours        code                          meaning
==========  ============================  ===============================================
T_0         ``burn_in``                   rounds before the first phase
N           ``max_phases``                worst-case number of learning phases
m           ``query_length``              rounds per phase (G·shows)
σ̄, σ_max   ``sigma_bar``, ``sigma_max``  phase accuracy / accuracy at any DBG round
φ, ξ        ``phi``                       contraction, min coordinate φ/n
β_up/down   ``beta_up``, ``beta_down``    upper / lower relative perturbation of x_t
c           ``horizon_exponent``          H = T^c (``gamma_for_exponent``)
==========  ============================  ===============================================

Implementation notes
--------------------
``theory_parameters`` evaluates the bound thousands of times on the same arguments, so N is
memoised (``max_phases_cached``, an ``lru_cache`` of ``max_phases``); a caller that patches
``max_phases`` must call ``max_phases_cached.cache_clear()`` first.

References
----------
Paper A: Agarwal & Brown, arXiv 2302.06014, §3.3 (Theorem 2), Appendix B.3 ("Theorem 5");
Agarwal & Brown, "Diversified Recommendations for Agents with Adaptive Preferences", NeurIPS 2022.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import reference.adaptive_preferences.long_memory.alg2_eird_targeting as tg
import reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift as mh
import reference.adaptive_preferences.long_memory.sec3_decision_sets as ds
import reference.adaptive_preferences.long_memory.sec3_score_learning as sl
import reference.adaptive_preferences.long_memory.thm1_dbg as dbg_mod
from reference._numerics import check_gamma, check_integer, check_k, check_lam, check_real, speaks_as

__all__ = [
    "Theorem2Bound",
    "memory_weight_at",
    "max_phases",
    "max_phases_cached",
    "theorem2_regret_bound",
    "theory_parameters",
    "practical_parameters",
    "rate_exponent",
    "gamma_for_exponent",
]


def rate_exponent(c) -> float:
    """The reconstructed rate: Reg_T = Õ(T^{1 − c/4}) for H = T^c, c ∈ (0, 1] (3/4 for c ≥ 1)."""
    check_real("rate_exponent", "c", c, low=0, low_open=True)
    return 1.0 - min(float(c), 1.0) / 4.0


def gamma_for_exponent(T: int, c) -> float:
    """γ = 1 − T^{−c} (horizon T^c), the long-memory regime of Section 3."""
    fn = "gamma_for_exponent"
    check_real(fn, "T", T, low=1, low_open=True)
    check_real(fn, "c", c, low=0, low_open=True)
    return 1.0 - float(T) ** (-float(c))


@speaks_as("memory_weight_at")
def _check_setting(fn: str, n, k, lam, lipschitz, gamma, T, initial_weight) -> None:
    """Theorem 2's setting: n ≥ 2 items, 1 ≤ k ≤ n, λ ∈ (0, 1], L ≥ 0, γ ∈ (0, 1], T ≥ 1, W_0 ≥ 0."""
    check_k(fn, k, check_integer(fn, "n", n, minimum=2))
    check_lam(fn, lam)
    check_real(fn, "lipschitz", lipschitz, low=0)
    check_gamma(fn, gamma)
    check_integer(fn, "T", T)
    check_real(fn, "initial_weight", initial_weight, low=0)


def memory_weight_at(gamma, initial_weight, t: int) -> float:
    """W_t = γ^t W_0 + (1 − γ^t)/(1 − γ) (t rounds after W_0; Definition 1)."""
    fn = "memory_weight_at"
    check_gamma(fn, gamma)
    check_real(fn, "initial_weight", initial_weight, low=0)
    return mh.memory_weight_after(float(gamma), float(initial_weight), check_integer(fn, "t", t, minimum=0))


@speaks_as("max_phases")
def max_phases(gamma, initial_weight, T: int, burn_in: int, query_len: int, drift_threshold) -> int:
    """N: an upper bound on the learning phases Algorithm 2 can start in rounds burn_in..T−1.

    A phase starting at t (weight W_t) is followed by at least c(t) = max(m, r(W_t) + 1) rounds
    before the next one, r = rounds_within_drift(γ, W_t, D) (Lemma 5, proof step 1). W_t and
    hence c(t) are non-decreasing in t (W_0 ≤ H), so on a block of rounds [t, t_b) at most
    ⌈(t_b − t)/c(t)⌉ phases start. Blocks end when W has grown by 50% (or at T): O(log H) blocks.
    """
    fn = "max_phases"
    check_gamma(fn, gamma)
    check_real(fn, "initial_weight", initial_weight, low=0)
    check_integer(fn, "T", T)
    check_integer(fn, "burn_in", burn_in, minimum=0)
    check_integer(fn, "query_len", query_len)
    check_real(fn, "drift_threshold", drift_threshold, low=0, low_open=True)
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
@speaks_as("max_phases_cached")
def max_phases_cached(gamma, initial_weight, T, burn_in, query_len, drift_threshold):
    """``max_phases`` memoised (module doc: clear the cache after patching ``max_phases``)."""
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


@speaks_as("theorem2_regret_bound")
def theorem2_regret_bound(n: int, k: int, lam, lipschitz, gamma, T: int, params: tg.Algorithm2Parameters,
                          *, initial_weight=1.0) -> Theorem2Bound:
    """The Theorem 2 (recon) bound for Algorithm 2 with ``params`` (module doc, terms named)."""
    fn = "theorem2_regret_bound"
    check_integer(fn, "T", T)
    n = check_integer(fn, "n", n, minimum=1)
    k = check_k(fn, k, n)
    lam = float(check_lam(fn, lam))
    check_real(fn, "lipschitz", lipschitz, low=0)
    check_gamma(fn, gamma)
    check_real(fn, "initial_weight", initial_weight, low=0)
    if not isinstance(params, tg.Algorithm2Parameters):
        raise ValueError(f"{fn}: params must be an Algorithm2Parameters; got {type(params).__name__}.")
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
        phases = max_phases_cached(float(gamma), float(initial_weight), int(T), int(t0), int(m),
                                    float(params.drift_threshold))
        sigma_max = sigma_bar + 2 * float(lipschitz) * float(params.drift_threshold) / lam
    else:
        sigma_bar = sigma_max = 0.0
        phases = 0
    phi_needed = ds.contraction_for_realisability(sigma_bar, lam, n, k)
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
    phi_needed = ds.contraction_for_realisability(sigma_bar, lam, n, k)
    phi = min(0.999, max(phi_needed, phi_extra))
    xi = phi / n
    sigma_max = sigma_bar + 2 * lipschitz * drift / lam
    beta_up = math.expm1(sigma_max) if math.isfinite(sigma_max) else 0.5
    beta_up = min(beta_up, 0.999)
    eta = dbg_mod.dbg_calibrated_eta(n, T, defer, 2 * xi * beta_up, math.sqrt(2.0) * (1 - phi), xi)
    return tg.Algorithm2Parameters(shows=int(shows), drift_threshold=float(drift), beta=float(beta), phi=float(phi),
                                   eta=float(eta), defer=int(defer), burn_in=int(t0), sigma_bar=float(sigma_bar))


@speaks_as("theory_parameters")
def theory_parameters(n: int, k: int, lam, lipschitz, gamma, T: int, *, initial_weight=1.0,
                      grid: int = 8) -> tuple[tg.Algorithm2Parameters, Theorem2Bound]:
    """Parameters minimising ``theorem2_regret_bound`` over a grid around the derived scaling.

    Scaling (module doc): shows = a·H'^{1/2}, D = b·H'^{−1/4}, H' = min(1/(1−γ), T); β = 1/T²
    (so N·β·T ≤ 1); φ = max(φ_σ(σ̄), φ_explore); η = DBG's calibrated step; deferral m = 1
    (Theorem 1's bound is smallest at m = 1). a ∈ 4^{−1..grid−2}, b ∈ 4^{0..−(grid−1)} and
    φ_explore ∈ 2^{−1..−24} are searched (the bound for each is exact; the grid only chooses).
    Returns (parameters, bound).
    """
    _check_setting("theory_parameters", n, k, lam, lipschitz, gamma, T, initial_weight)
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


@speaks_as("practical_parameters")
def practical_parameters(n: int, k: int, lam, lipschitz, gamma, T: int, *, initial_weight=1.0,
                         shows_scale: float = 1.0, drift_scale: float = 2.0, phi: float = 0.1,
                         beta: float = 0.1, burn_in_fraction: float = 0.1) -> tg.Algorithm2Parameters:
    """Same exponents as ``theory_parameters`` (shows ∝ H'^{1/2}, D ∝ H'^{−1/4}), constants sized
    for simulations of a few thousand rounds, burn-in capped at ``burn_in_fraction``·T.

    NOT covered by the bound (φ < φ_σ, β large): the algorithm then pulls targets into IRD(f̂)
    (``sec3_targeting_lemma6.pull_into_ird``). Used for measured regret, stated as such. ``sigma_bar`` is the
    accuracy bound at the phase drift after the (capped) burn-in (may be inf: slack inf = no cut).
    """
    _check_setting("practical_parameters", n, k, lam, lipschitz, gamma, T, initial_weight)
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
