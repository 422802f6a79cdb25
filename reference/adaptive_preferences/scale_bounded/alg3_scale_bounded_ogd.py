"""Algorithm 3 and Theorem 3 (paper A, Section 4.1, Appendix C.2): scale-bounded agents, target Δ_φ.

Everything here is a **reconstruction** [recon]: the seed keeps the prose of Section 4.1 and of
Appendix C.2 (burn-in, initial learning, Lemmas 7–8, the six invariants, "slowed-down OGD") but
every formula, the algorithm box and Theorem 3's rate are stripped. The bounds stated below are
*this project's*: each is one the code provably satisfies, with explicit constants and a proof
sketch next to it. Definition 3 is the one fixed in ``smoothed_simplex``/``models`` (helper 2b):

    f is (λ, c)-scale-bounded  ⇔  (v_i + λ)/c ≤ f_i(v)/s ≤ c (v_i + λ)  for all i, v   (s > 0 a common scale).

Main statements
---------------
* **Lemma 6** [seed B.3, recon]: ``lemma6_expected_choice`` — the *exact* expected choice
  distribution q = Σ_K μ_K q(K; f) when a menu distribution μ built for assumed scores f̂ (it
  realises p under f̂) meets true scores f; ``lemma6_factors`` — the exact factorisation
  q_i = p_i · r_i · κ_i, r_i = f_i/f̂_i, κ_i = (Σ_{K∋i} μ_K/F_K)/(Σ_{K∋i} μ_K/F̂_K); and
  ``lemma6_ratio_interval`` — with a = min r, b = max r:  a/b ≤ q_i/p_i ≤ b/a, hence
  ``lemma6_l1_bound``: ‖q − p‖₁ ≤ 2(ρ − 1)/(ρ + 1) with ρ = b/a (the best bound given only the
  ratio interval; ``targeting.targeting_error_bound`` is the same lemma derived independently).
* **Lemma 7** [seed C.2, recon]: ``lemma7_estimate`` — the estimator X_i = f̂_i·1{i_t = i}/p_i
  ("observed vs targeted frequency", scaled by the assumed score); ``lemma7_expected_estimate``
  — its exact expectation over one choice, f̂ ⊙ q / p = f ⊙ κ; ``lemma7_trial_estimate`` — the
  per-trial form (conditioned on the shown menu K): X_i = F̂_K·1{i_t = i}, exactly unbiased for
  f_i/Z_K with the trial's normaliser Z_K = F_K/F̂_K (the seed: "we initially assume [Z = 1] for
  each trial, and will subsequently correct for this ... by renormalizing"); ``lemma7_range_bound``.
* **Lemma 8** [seed C.2, recon]: ``lemma8_targeting_error_bound(eps)`` — if
  (1−ε) f_i ≤ f̂_i ≤ (1+ε) f_i for all i, the choice distribution produced when targeting p with
  f̂ satisfies ‖q − p‖₁ ≤ 2ε  (Lemma 6 with ρ = b/a ≤ (1+ε)/(1−ε)).
* **Burn-in** [seed C.2 prose, recon]: ``BurnIn`` — saturate memory on k items, then always show
  the k lowest-memory items; ``lowest_k_max_memory_bound`` — a deterministic invariant of the
  lowest-k rule (any agent behaviour): max_i v_i never exceeds it.
* **Algorithm 3 / Theorem 3** [seed prose, recon + project bound]: ``ScaleBoundedOGD`` (burn-in →
  initial learning → OGD steps over Δ_φ that move the whole memory, re-learning on drift; the six
  invariants of C.2 as run-time checks) and ``theorem3_regret_bound`` (pathwise terms whose
  expectation bounds E Reg_T(Δ_φ)); ``theorem3_parameters`` — the schedule for γ = 1 − T^{−c}.
* **Lemma 7, renormalised** [ours]: ``luce_factor_mle`` — the Luce maximum-likelihood estimate of the
  factors κ (f = κ ⊙ (v + λ), w_t = v_t + λ known), every trial's normaliser estimated jointly (the seed's
  "correct ... by renormalizing"), constrained to Definition 3's box; ``luce_spread_bound`` — rigorous:
  w.p. ≥ 1 − δ, ln ρ(κ̂, κ(v_ref)) ≤ min(2√(R_max(Λ)/λ₂(Λ))(√(4M ln(2/δ)) + Σ_t D_t), 4 ln c) (Pinelis +
  curvature floor Λ, ``luce_curvature_floor``; D_t = 2L_κ‖v_t − v_ref‖₁, ``factor_log_lipschitz``);
  ``luce_calibrated_spread`` — the asymptotic-normal level-δ version z·√R_max(Î) (coverage tested).
  ``stale_menu_spread``: Algorithm 3 rebuilds μ when f̂(v_t) moved by more than 1 + stale_tol.
* **Theorem 3, a-priori form** [ours]: ``theorem3_apriori_bound(T, c, n, k, φ)`` — explicit terms
  dominating the pathwise ones. The default ``schedule="invariant"`` derives the learning accuracy ρ̄ from
  ``luce_spread_bound`` and assumes only A1c (coverage of the learning stages, observable), A3 (no
  movement) and A5 (invariant 5 with the schedule's ``close``); ``schedule="fixed"`` is the first version,
  which assumed A1 (spread ≤ 1 + κ_ρ√(n/(φm))). E Reg_T(Δ_φ) = O(T^{e(c)}), e(c) = max((1+c)/2, 1 − c/2)
  (``theorem3_apriori_exponent``), minimised at the interior c = 1/2 with e = 3/4
  (``theorem3_optimal_c``, sympy). ``stationary_memory_noise`` explains why invariant 5 with a
  fixed ``close`` cannot hold at short horizons (see the finding in ``theorem3_apriori_bound``).
  Invariant 5 [derived, ours]: ``invariant5_threshold`` — w.p. ≥ 1 − δ, at a step's end
  ‖v − x_j‖₁ ≤ α‖v_{t₀} − x_j‖₁ + Σ_s ω_s b_s + √(2 Σ_s ω_s² ln((2ⁿ − 2)/δ)) (start gap + Lemma-6 bias and movement
  + an ℓ₁ Azuma–Hoeffding term; Definition 1's weights ω_s are deterministic); ``ScaleBoundedOGD`` checks
  ``step_end`` against it and the schedule's heuristic ``close`` as ``step_end_heuristic``;
  ``invariant5_apriori_threshold`` its a-priori form (≈ 1.4·close + the targeting error).
  These rates need L_κ = 0 (factors constant in memory): for L_κ > 0 the constant re-learning drift makes
  the bias linear in T. ``theorem3_moving_factor_parameters`` (``schedule="moving"``) shrinks the free drift
  d = T^{−(1−c)/4} and close ≍ max(√(n/H), d): e(c) = max((3+c)/4, 1 − c/2), optimum c* = 1/3, e* = 5/6
  (``theorem3_apriori_exponent_moving_factors``, ``theorem3_optimal_c_moving_factors``, sympy).
  Re-learning on the step rounds instead (``ScaleBoundedOGD(relearn="steps")``, ``theorem3_reuse_parameters``,
  ``schedule="reuse"``) costs no rounds, so the factor drift is only the window's (≍ δ_x + close): the
  L_κ = 0 exponent max((1+c)/2, 1 − c/2), optimum c = 1/2, e = 3/4, holds for every L_κ.

Numbering. The seed's Lemma 6 sits in Appendix B.3 (the analysis of Algorithm 2, where Theorem 2 is
restated under the label "Theorem 5"); Lemma 7's proof in C.2 "recalls" it. Theorem 3 is restated in
C.2 as "Theorem 9". Section 6.1's Theorem 5 says "Algorithm 3 obtains regret" although the algorithm
there is EXP-φ (``short_memory_algorithm``): labels in the seed are not unique.

Finding about the seed's Lemma 7 (certified, see ``certificates/adaptive_preferences/scale_bounded/thm3_scale_bounded_ogd.py``). Lemma 7's proof
"recalls Lemma 6" to write the expected choice as q ∝ p ⊙ f/f̂ (a *common* normaliser). That is
exact only when F_K/F̂_K is the same for every menu in the support of μ (e.g. f ∝ f̂, or μ a single
menu); in general κ_i varies with i (k = 1 is the extreme case: q = p whatever f is, κ_i = 1/r_i).
What *is* exact: the closed form E[X] = f ⊙ κ, κ_i ∈ [1/b, 1/a]; and the per-trial estimator is
exactly unbiased for f_i/Z_K. Iterating (f̂ ← renormalised estimate) contracts the error because
κ is the identity at f̂ ∝ f (the fixed point), which is how Algorithm 3's learning stages use it.

Notation
--------
==========  =============================  ==============================================
paper       code                           meaning
==========  =============================  ==============================================
f̂           ``assumed_scores``             scores the recommender assumes / estimated
f           ``true_scores``                the agent's scores at the current memory
μ           ``menu_distribution``          list of (menu, weight), realises p under f̂
p           ``p``                          targeted choice distribution
q           ``lemma6_expected_choice``     choice distribution actually induced under f
F_K, F̂_K    ``menu score``                 Σ_{j∈K} f_j,  Σ_{j∈K} f̂_j
r, κ        ``lemma6_factors``             f/f̂ and the menu-mixing factor of Lemma 6
X           ``lemma7_estimate``            Lemma 7 estimator of the scores
ε           ``eps``                        multiplicative accuracy of f̂ (Lemma 8)
c, λ        ``c``, ``lam``                 Definition 3 constants
==========  =============================  ==============================================

Implementation notes
--------------------
Exact mode (every vector rational, μ's weights Fractions) computes Lemmas 6–7 in Fractions, so
the certificates check identities with no tolerance. The algorithms track the agent's memory from
the observed choices (γ known, as the seed assumes in B.3) starting from their own guess of v_1;
saturation makes the unknown initial memory's share ≤ γ^S W_0 / W_S (see ``BurnIn``).
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

import numpy as np

from reference._numerics import (
    check_k,
    check_positive_vector,
    check_probability_vector,
    exact_mode,
    is_rational_vector,
)
from reference.adaptive_preferences.realizability.sec2_choice import check_menu_distribution

__all__ = [
    "lemma6_expected_choice",
    "lemma6_factors",
    "lemma6_ratio_interval",
    "lemma6_l1_bound",
    "lemma7_estimate",
    "lemma7_expected_estimate",
    "lemma7_trial_estimate",
    "lemma7_trial_expectation",
    "lemma7_range_bound",
    "lemma8_targeting_error_bound",
    "multiplicative_accuracy",
    "lowest_k_menu",
    "lowest_k_max_memory_bound",
    "BurnIn",
    "score_spread",
    "stale_menu_spread",
    "initial_assumed_scores",
    "lemma7_update",
    "factor_log_lipschitz",
    "luce_factor_mle",
    "luce_information",
    "luce_curvature_floor",
    "luce_spread_bound",
    "luce_calibrated_spread",
    "ScaleBoundedOGD",
    "theorem3_parameters",
    "theorem3_regret_bound",
    "theorem3_apriori_bound",
    "theorem3_apriori_exponent",
    "theorem3_optimal_c",
    "stationary_memory_noise",
    "invariant5_threshold",
    "invariant5_apriori_threshold",
    "theorem3_invariant_parameters",
    "theorem3_learn_rounds",
    "theorem3_moving_factor_parameters",
    "theorem3_apriori_exponent_moving_factors",
    "theorem3_optimal_c_moving_factors",
    "theorem3_reuse_parameters",
]


# ------------------------------------------------------------------------------------------------
# validation helpers
# ------------------------------------------------------------------------------------------------
def _scores_pair(fn: str, assumed_scores, true_scores, weights=()):
    exact = exact_mode(assumed_scores, true_scores) and (not weights or is_rational_vector(list(weights)))
    fh = check_positive_vector(fn, assumed_scores, arg="assumed_scores", exact=exact)
    f = check_positive_vector(fn, true_scores, arg="true_scores", n=len(fh), exact=exact)
    return fh, f, exact


def _mu(fn: str, menu_distribution, n: int, exact: bool):
    pairs = list(menu_distribution) if menu_distribution is not None else []
    if not pairs or not isinstance(pairs[0], (tuple, list)) or len(pairs[0]) != 2:
        raise ValueError(f"{fn}: menu_distribution must be a non-empty list of (menu, weight) pairs.")
    k = len(tuple(pairs[0][0]))
    return check_menu_distribution(fn, pairs, n, k, exact=exact), k


def _weights(menu_distribution):
    try:
        return [e[1] for e in menu_distribution]
    except (TypeError, IndexError):
        return []


# ------------------------------------------------------------------------------------------------
# Lemma 6: the expected choice distribution under assumed scores
# ------------------------------------------------------------------------------------------------
def lemma6_expected_choice(menu_distribution, true_scores):
    """q_i = Σ_K μ_K f_i / F_K: what μ (built for assumed scores) induces under the true scores f.

    Lemma 6 [recon] is about this vector: if μ realises p under f̂, then q_i = p_i r_i κ_i
    (``lemma6_factors``) and a/b ≤ q_i/p_i ≤ b/a (``lemma6_ratio_interval``). Exact in exact mode.
    """
    fn = "lemma6_expected_choice"
    exact = exact_mode(true_scores) and is_rational_vector(_weights(menu_distribution))
    f = check_positive_vector(fn, true_scores, arg="true_scores", exact=exact)
    pairs, _ = _mu(fn, menu_distribution, len(f), exact)
    q = [Fraction(0)] * len(f) if exact else np.zeros(len(f))
    for menu, w in pairs:
        total = sum(f[j] for j in menu)  # F_K under the true scores
        for i in menu:
            q[i] += w * f[i] / total
    return q


def lemma6_factors(menu_distribution, assumed_scores, true_scores):
    """(r, κ): r_i = f_i/f̂_i and κ_i = (Σ_{K∋i} μ_K/F_K) / (Σ_{K∋i} μ_K/F̂_K) (κ_i = None off supp).

    Identity (Lemma 6, exact form) [derived]: with p = Σ μ_K q(K; f̂) and q = Σ μ_K q(K; f),
        p_i = f̂_i Σ_{K∋i} μ_K/F̂_K,   q_i = f_i Σ_{K∋i} μ_K/F_K,   so   q_i = p_i · r_i · κ_i.
    Since F_K = Σ_{j∈K} r_j f̂_j ∈ [a F̂_K, b F̂_K] (a = min r, b = max r), κ_i ∈ [1/b, 1/a].
    """
    fn = "lemma6_factors"
    fh, f, exact = _scores_pair(fn, assumed_scores, true_scores, _weights(menu_distribution))
    pairs, _ = _mu(fn, menu_distribution, len(f), exact)
    zero = Fraction(0) if exact else 0.0
    num = [zero] * len(f)  # Σ_{K∋i} μ_K / F_K
    den = [zero] * len(f)  # Σ_{K∋i} μ_K / F̂_K
    for menu, w in pairs:
        F = sum(f[j] for j in menu)
        Fh = sum(fh[j] for j in menu)
        for i in menu:
            num[i] += w / F
            den[i] += w / Fh
    r = [fi / fhi for fi, fhi in zip(f, fh)]
    kappa = [(a / b if b > 0 else None) for a, b in zip(num, den)]
    return r, kappa


def lemma6_ratio_interval(assumed_scores, true_scores):
    """(a/b, b/a) with a = min_i f_i/f̂_i, b = max_i f_i/f̂_i: Lemma 6's bounds on q_i/p_i.

    Proof: q_i/p_i = r_i κ_i with r_i ∈ [a, b] and κ_i ∈ [1/b, 1/a] (``lemma6_factors``).
    """
    fh, f, _ = _scores_pair("lemma6_ratio_interval", assumed_scores, true_scores)
    r = [fi / fhi for fi, fhi in zip(f, fh)]
    a, b = min(r), max(r)
    return a / b, b / a


def lemma6_l1_bound(assumed_scores, true_scores):
    """2(ρ − 1)/(ρ + 1) ≥ ‖q − p‖₁ with ρ = b/a (Lemma 6, ℓ1 form) [derived].

    Proof: both sum to 1, so ‖q − p‖₁ = 2 Σ_i (q_i − p_i)^+ = 2 Σ_i (p_i − q_i)^+. With
    A = Σ_{i: q_i > p_i} p_i and q_i/p_i ∈ [1/ρ, ρ]: the first form is ≤ 2(ρ − 1)A, the second
    ≤ 2(1 − 1/ρ)(1 − A); the smaller of the two is largest at A = 1/(1 + ρ), where both equal
    2(ρ − 1)/(ρ + 1). This step is sharp (q_i = ρ p_i on p-mass 1/(1+ρ), q_i = p_i/ρ elsewhere);
    whether a menu structure attains it is not claimed (the certificate records the tightness).
    (The cruder 2(1 − 1/ρ) and ρ − 1 are both ≥ it; ``targeting.targeting_error_bound`` uses their min.)
    """
    _, rho = lemma6_ratio_interval(assumed_scores, true_scores)
    return 2 * (rho - 1) / (rho + 1)


# ------------------------------------------------------------------------------------------------
# Lemma 7: the score estimator
# ------------------------------------------------------------------------------------------------
def _check_chosen(fn: str, chosen, n: int) -> int:
    if isinstance(chosen, bool) or not isinstance(chosen, numbers.Integral) or not 0 <= chosen < n:
        raise ValueError(f"{fn}: chosen must be an item index in 0..{n - 1}; got {chosen!r}.")
    return int(chosen)


def _positive_target(fn: str, p, n: int, exact: bool):
    p = check_probability_vector(fn, p, n=n, exact=exact)
    if min(p) <= 0:
        raise ValueError(f"{fn}: p must give every item positive probability (a point of Δ_φ, φ > 0); "
                         f"its smallest entry is {min(p)}.")
    return p


def lemma7_estimate(chosen, p, assumed_scores):
    """X_i = f̂_i · 1{i_t = i} / p_i: Lemma 7's estimator from one observed choice.

    "Observed vs targeted frequency" (1{i_t = i} vs p_i) times the assumed score. Its exact
    expectation is ``lemma7_expected_estimate``. Requires p > 0 (targets lie in Δ_φ).
    """
    fn = "lemma7_estimate"
    exact = exact_mode(p, assumed_scores)
    fh = check_positive_vector(fn, assumed_scores, arg="assumed_scores", exact=exact)
    p = _positive_target(fn, p, len(fh), exact)
    chosen = _check_chosen(fn, chosen, len(fh))
    x = [Fraction(0)] * len(fh) if exact else np.zeros(len(fh))
    x[chosen] = fh[chosen] / p[chosen]
    return x


def lemma7_expected_estimate(menu_distribution, p, assumed_scores, true_scores):
    """E[X] over one round (menu K ~ μ, choice ~ q(K; f)), by enumeration: Σ_K μ_K Σ_{j∈K} (f_j/F_K) X(j).

    Closed form [derived]: E[X_i] = f̂_i q_i / p_i = f_i κ_i (``lemma6_factors``); it equals
    f_i / Z for a common Z exactly when κ is constant on the support. Exact in exact mode.
    """
    fn = "lemma7_expected_estimate"
    fh, f, exact = _scores_pair(fn, assumed_scores, true_scores, _weights(menu_distribution))
    exact = exact and exact_mode(p)
    p = _positive_target(fn, p, len(f), exact)
    pairs, _ = _mu(fn, menu_distribution, len(f), exact)
    e = [Fraction(0)] * len(f) if exact else np.zeros(len(f))
    for menu, w in pairs:
        total = sum(f[j] for j in menu)
        for j in menu:  # outcome: the agent picks j, X = lemma7_estimate(j, ...)
            prob = w * f[j] / total
            e[j] += prob * fh[j] / p[j]
    return e


def lemma7_trial_estimate(menu, chosen, assumed_scores):
    """Per-trial Lemma 7 estimator: X_i = F̂_K · 1{i_t = i} = f̂_i · 1{i_t = i} / q̂_i(K), i ∈ K.

    q̂_i(K) = f̂_i/F̂_K is the *targeted* frequency of i on the shown menu. Given K,
    E[X_i | K] = F̂_K f_i / F_K = f_i / Z_K with Z_K = F_K / F̂_K — exactly unbiased up to the
    trial's normaliser (``lemma7_trial_expectation``). Entries off the menu are None.
    """
    fn = "lemma7_trial_estimate"
    exact = exact_mode(assumed_scores)
    fh = check_positive_vector(fn, assumed_scores, arg="assumed_scores", exact=exact)
    menu = tuple(int(i) for i in menu)
    if len(set(menu)) != len(menu) or not all(0 <= i < len(fh) for i in menu):
        raise ValueError(f"{fn}: menu must list distinct items from 0..{len(fh) - 1}; got {menu}.")
    chosen = _check_chosen(fn, chosen, len(fh))
    if chosen not in menu:
        raise ValueError(f"{fn}: chosen={chosen} is not on the menu {menu}.")
    Fh = sum(fh[j] for j in menu)
    zero = Fraction(0) if exact else 0.0
    return [(Fh if i == chosen else zero) if i in menu else None for i in range(len(fh))]


def lemma7_trial_expectation(menu, assumed_scores, true_scores):
    """(E[X_i | K] by enumeration over the choice, Z_K = F_K/F̂_K): E[X_i | K] = f_i/Z_K exactly."""
    fn = "lemma7_trial_expectation"
    fh, f, exact = _scores_pair(fn, assumed_scores, true_scores)
    menu = tuple(int(i) for i in menu)
    F = sum(f[j] for j in menu)
    e = [Fraction(0) if exact else 0.0 if i in menu else None for i in range(len(f))]
    for j in menu:
        x = lemma7_trial_estimate(menu, j, fh)
        for i in menu:
            e[i] += (f[j] / F) * x[i]
    Z = F / sum(fh[j] for j in menu)
    return e, Z


def lemma7_range_bound(p, assumed_scores):
    """max_i f̂_i / p_i: the largest value X can take (X ∈ {0, f̂_i/p_i} coordinate-wise).

    Under Definition 3 with f̂ scale-bounded at v (f̂_i ≤ c(v_i + λ)s) and p ∈ Δ_φ (p_i ≥ φ/n)
    this is ≤ c s (1 + λ) n/φ; near uniform memory (v_i ≤ 2/n) and p near u_n it is O(c s (1 + nλ)).
    """
    fn = "lemma7_range_bound"
    exact = exact_mode(p, assumed_scores)
    fh = check_positive_vector(fn, assumed_scores, arg="assumed_scores", exact=exact)
    p = _positive_target(fn, p, len(fh), exact)
    return max(a / b for a, b in zip(fh, p))


# ------------------------------------------------------------------------------------------------
# Lemma 8: targeting accuracy from score accuracy
# ------------------------------------------------------------------------------------------------
def _check_eps(fn: str, eps):
    if isinstance(eps, bool) or not isinstance(eps, (numbers.Real, Fraction)) or not 0 <= eps < 1:
        raise ValueError(f"{fn}: eps must be a number in [0, 1); got {eps!r}.")
    return eps


def lemma8_targeting_error_bound(eps):
    """2ε: the ℓ1 targeting error when every estimate is within a factor (1 ± ε).

    Lemma 8 [recon]: (1−ε) f_i ≤ f̂_i ≤ (1+ε) f_i ∀i and μ realises p under f̂ ⇒
    ‖Σ μ_K q(K; f) − p‖₁ ≤ 2ε.
    Proof: r_i = f_i/f̂_i ∈ [1/(1+ε), 1/(1−ε)], so ρ = b/a ≤ (1+ε)/(1−ε); ``lemma6_l1_bound``
    2(ρ − 1)/(ρ + 1) increases in ρ and equals 2ε at ρ = (1+ε)/(1−ε). Exact for Fraction ε.
    """
    eps = _check_eps("lemma8_targeting_error_bound", eps)
    return 2 * eps


def multiplicative_accuracy(estimate, true_scores):
    """max_i |f̂_i/f_i − 1|: the ε for which Lemma 8's hypothesis holds (no rescaling)."""
    fh, f, _ = _scores_pair("multiplicative_accuracy", estimate, true_scores)
    return max(abs(a / b - 1) for a, b in zip(fh, f))


# ------------------------------------------------------------------------------------------------
# Burn-in
# ------------------------------------------------------------------------------------------------
def lowest_k_menu(memory, k: int) -> tuple[int, ...]:
    """The k items with the smallest memory weight (ties by index), as a sorted menu."""
    v = np.asarray(memory, dtype=float)
    order = np.lexsort((np.arange(len(v)), v))
    return tuple(sorted(int(i) for i in order[:k]))


def lowest_k_max_memory_bound(n: int, k: int, gamma: float, weight: float, previous_max_mass: float) -> float:
    """Deterministic invariant of the lowest-k rule: an upper bound on max_i M_i after one round.

    Unnormalised memory M_i (v = M/W, W the memory weight). If the menu is the k items with the
    smallest M, the chosen item j had M_j ≤ m_(k) (the k-th smallest) ≤ W/(n − k + 1) (the n − k + 1
    largest entries sum to ≤ W). After the round W' = γW + 1, M_j' = γM_j + 1, every other M_i' = γM_i:

        max_i M_i' ≤ max(γ · previous_max_mass, γ W/(n − k + 1) + 1).

    Any agent behaviour (no probability involved): certified at every round of the burn-in.
    """
    return max(gamma * previous_max_mass, gamma * weight / (n - k + 1) + 1.0)


def _check_n_k_gamma(fn: str, n, k, gamma):
    """Validate n ≥ 2 items, menu size 1 ≤ k ≤ n and a discount γ ∈ (0, 1); return them."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise ValueError(f"{fn}: n must be an integer >= 2; got {n!r}.")
    k = check_k(fn, k, int(n))
    if not (isinstance(gamma, numbers.Real) and 0 < gamma < 1):
        raise ValueError(f"{fn}: gamma must be a number in (0, 1); got {gamma!r}.")
    return int(n), k, gamma


class BurnIn:
    """Burn-in of Algorithm 3 [seed C.2 prose, recon]: saturate k items, then show the k lowest.

    Phase 1 (``saturate_rounds`` S): show K_0 = {0, …, k−1}. Afterwards the initial memory's share is
    ≤ γ^S W_0 / W_S, and every item outside K_0 has memory below it — so the recommender's tracked
    memory is accurate even if v_1 was unknown (the seed: "the memory vector is entirely concentrated
    on k items"). Phase 2: show the k items of lowest tracked memory until ‖v − u_n‖₁ ≤ ``eps`` (or
    ``max_rounds``). The seed's claim: no item gets stuck near 0 and u_n is reached within
    Õ(1/(1−γ)) rounds (certified empirically as the *seed's* claim, not proved here).

    Recommender protocol: ``propose(t)`` / ``observe(t, menu, chosen, reward)``; ``done`` tells when
    near-uniform; ``finished_at`` the round. ``memory`` / ``weight`` track Definition 1 exactly.
    """

    def __init__(self, n: int, k: int, gamma: float, *, eps: float, saturate_rounds: int,
                 max_rounds: int | None = None, initial_memory=None, initial_weight: float = 1.0):
        fn = "BurnIn"
        self.n, self.k, gamma = _check_n_k_gamma(fn, n, k, gamma)
        if not (isinstance(eps, numbers.Real) and 0 < eps <= 2):
            raise ValueError(f"{fn}: eps must be a number in (0, 2]; got {eps!r}.")
        if isinstance(saturate_rounds, bool) or not isinstance(saturate_rounds, numbers.Integral) or saturate_rounds < 0:
            raise ValueError(f"{fn}: saturate_rounds must be a non-negative integer; got {saturate_rounds!r}.")
        self.gamma = float(gamma)
        self.eps = float(eps)
        self.saturate_rounds = int(saturate_rounds)
        self.max_rounds = max_rounds
        self.weight = float(initial_weight)
        v0 = np.full(self.n, 1.0 / self.n) if initial_memory is None else np.asarray(initial_memory, float)
        self.mass = v0 * self.weight  # unnormalised memory M
        self.rounds = 0
        self.finished_at: int | None = None
        self.max_mass_bound = float(self.mass.max())  # running deterministic bound (phase 2)
        self.invariant_slack = math.inf  # min over phase-2 rounds of bound − max M

    @property
    def memory(self) -> np.ndarray:
        return self.mass / self.mass.sum()

    @property
    def done(self) -> bool:
        return self.finished_at is not None

    def distance_to_uniform(self) -> float:
        return float(np.abs(self.memory - 1.0 / self.n).sum())

    def propose(self, t: int) -> tuple[int, ...]:
        if self.rounds < self.saturate_rounds:
            return tuple(range(self.k))
        return lowest_k_menu(self.mass, self.k)

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        in_phase2 = self.rounds >= self.saturate_rounds
        if in_phase2:
            bound = lowest_k_max_memory_bound(self.n, self.k, self.gamma, self.weight, self.max_mass_bound)
        self.mass *= self.gamma
        self.mass[chosen] += 1.0
        self.weight = self.gamma * self.weight + 1.0
        self.rounds += 1
        if in_phase2:
            self.max_mass_bound = bound
            self.invariant_slack = min(self.invariant_slack, bound - float(self.mass.max()))
            if self.finished_at is None and self.distance_to_uniform() <= self.eps:
                self.finished_at = self.rounds
        else:
            self.max_mass_bound = float(self.mass.max())


# ------------------------------------------------------------------------------------------------
# Algorithm 3: burn-in → initial learning → (transit → targeting step → OGD update, re-learning) …
# ------------------------------------------------------------------------------------------------
def score_spread(estimate, true_scores) -> float:
    """ρ = max_i (f_i/f̂_i) / min_i (f_i/f̂_i) ≥ 1: the scale-free accuracy Lemma 6 needs (b/a)."""
    r = np.asarray(true_scores, dtype=float) / np.asarray(estimate, dtype=float)
    return float(r.max() / r.min())


def initial_assumed_scores(memory, lam: float, c: float) -> np.ndarray:
    """The seed's pessimistic/optimistic start: f̂_i = c(v_i + λ) if v_i ≥ 1/n, else (v_i + λ)/c.

    Over-estimating the scores of high-memory items (and under-estimating the low ones) makes the
    menus that target u_n under f̂ favour the low items, which keeps the memory near u_n [seed C.2].
    """
    v = np.asarray(memory, dtype=float)
    n = len(v)
    return np.where(v >= 1.0 / n, c * (v + lam), (v + lam) / c)


def lemma7_update(assumed_scores, p, counts, rounds: int) -> np.ndarray:
    """Average of Lemma 7's estimator over ``rounds`` rounds targeting p: f̂ ⊙ (counts/rounds)/p, max 1.

    ``p`` may be the average over the rounds of the targeted (predicted) choice distribution when the
    assumed scores follow the memory. Zero counts are replaced by 1/2 (keeps f̂ > 0). This is the fixed-point iteration f̂ ← f ⊙ κ(f̂)
    in expectation; f̂ ∝ f is its fixed point (κ constant there, Lemma 6).
    """
    est = np.asarray(assumed_scores, float) * (np.maximum(np.asarray(counts, float), 0.5) / rounds) / np.asarray(p, float)
    return est / est.max()


# ------------------------------------------------------------------------------------------------
# Lemma 7, renormalised (ours): the Luce maximum-likelihood estimate of the factors κ
# ------------------------------------------------------------------------------------------------
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


def _luce_data(menus, choices, offsets):
    A = np.asarray(menus, dtype=float)  # (m, n) incidence of the shown menus
    W = np.asarray(offsets, dtype=float)  # (m, n) w_t = v_t + λ (known)
    ch = np.asarray(choices, dtype=int)
    if A.ndim != 2 or W.shape != A.shape or ch.shape != (A.shape[0],) or A.shape[0] < 1:
        raise ValueError("luce_factor_mle: menus and offsets must be (m, n) arrays and choices a length-m vector; "
                         f"got shapes {A.shape}, {W.shape}, {ch.shape}.")
    if np.any(A[np.arange(len(ch)), ch] != 1):
        raise ValueError("luce_factor_mle: every choice must be an item of its round's menu.")
    if np.any(W[A > 0] <= 0):
        raise ValueError("luce_factor_mle: offsets must be positive on the shown menus.")
    return A, W, ch


def _luce_probs(theta, A, W):
    z = A * W * np.exp(theta - theta.max())[None, :]
    return z / z.sum(axis=1, keepdims=True)


def luce_factor_mle(menus, choices, offsets, *, c):
    """θ̂ = ln κ̂: maximum likelihood of the Luce model P(i_t = a | K_t) = κ_a w_{t,a}/Σ_{b∈K_t} κ_b w_{t,b} [ours].

    Lemma 7's per-trial estimator, renormalised jointly: the seed assumes Z_K = 1 per trial and
    "subsequently correct[s] for this ... by renormalizing"; the MLE estimates every trial's normaliser
    Σ_{b∈K} κ_b w_b together with κ (score equation Σ_t (e_{i_t} − π_t(θ̂)) = 0 on the box's interior).
    w_t = v_t + λ is the tracked memory (known), so under Definition 3 only κ_i(v) = f_i(v)/(s(v_i + λ))
    is unknown; it is constrained to the box [−ln c, ln c]^n (contains a shift of the true ln κ,
    Definition 3). Log-likelihood concave ⇒ L-BFGS-B finds the constrained maximiser. Returns κ̂ = e^{θ̂}.
    Consistent in one shot (no fixed-point iteration, unlike ``lemma7_update``); for k = 1 every
    likelihood is constant (no information) and κ̂ = 1.
    """
    from scipy.optimize import minimize

    A, W, ch = _luce_data(menus, choices, offsets)
    n = A.shape[1]
    L = math.log(float(c))
    counts = np.bincount(ch, minlength=n).astype(float)
    lw = np.log(np.where(A > 0, W, 1.0))
    rows = np.arange(len(ch))

    def negll(theta):
        s = np.where(A > 0, theta[None, :] + lw, -np.inf)
        mx = s.max(axis=1, keepdims=True)
        e = np.exp(s - mx)
        Z = e.sum(axis=1, keepdims=True)
        ll = float((s[rows, ch] - mx[:, 0] - np.log(Z[:, 0])).sum())
        grad = counts - (e / Z).sum(axis=0)
        return -ll, -grad

    if A.sum(axis=1).max() <= 1 or L == 0:
        return np.ones(n)
    res = minimize(negll, np.zeros(n), jac=True, method="L-BFGS-B", bounds=[(-L, L)] * n,
                   options={"gtol": 1e-10, "ftol": 1e-14, "maxiter": 500})
    theta = res.x - (res.x.max() + res.x.min()) / 2
    return np.exp(theta)


def luce_information(menus, offsets, kappa):
    """Σ_t (diag π_t − π_t π_tᵀ) at factors κ: the Luce log-likelihood's (observed) Fisher information."""
    A = np.asarray(menus, dtype=float)
    P = _luce_probs(np.log(np.asarray(kappa, dtype=float)), A, np.asarray(offsets, dtype=float))
    return np.diag(P.sum(axis=0)) - P.T @ P


def luce_curvature_floor(menus, offsets, c):
    """Λ = Σ_t L_t ⪯ Σ_t Cov_{π_t(θ)} for every θ in the box [−ln c, ln c]^n [derived].

    L_t is the Laplacian of the complete graph on K_t with edge weights ℓ_a ℓ_b, ℓ_a = w_a/(w_a + c²(W_K − w_a))
    (the least π_a over the box: κ_b/κ_a ≤ c²). Proof: Cov_π(x) = ½ Σ_{a,b∈K} π_a π_b (x_a − x_b)² ≥ xᵀ L_t x.
    """
    A = np.asarray(menus, dtype=float)
    W = np.asarray(offsets, dtype=float) * A
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
    Returns (bound on ln ρ, details dict with λ₂, R_max, r, b).
    """
    A = np.asarray(menus, dtype=float)
    M = A.shape[0]
    cap = 4 * math.log(float(c))
    R, gap = _resistance_and_gap(luce_curvature_floor(A, offsets, c))
    r = math.sqrt(4 * M * math.log(2 / delta))
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

    A = np.asarray(menus, dtype=float)
    n = A.shape[1]
    R, gap = _resistance_and_gap(luce_information(A, offsets, kappa_hat))
    if gap <= 0:
        return math.inf
    z = float(norm.ppf(1 - delta / (n * (n - 1))))
    return z * math.sqrt(R)


def stale_menu_spread(built_for, current):
    """ρ(f̂ at μ's build, f̂(v_t)) = ρ(v_b + λ, v_t + λ) (κ̂ common to both): the staleness of μ [ours].

    Algorithm 3 rebuilds μ when this exceeds 1 + ``stale_tol``; since ρ is submultiplicative,
    ρ(f̂_μ, f(v_t)) ≤ ρ(f̂(v_t), f(v_t)) · (1 + stale_tol) — the factor in invariant 2's threshold.
    """
    return score_spread(built_for, current)


class _Sampler:
    """Menus of a menu distribution as arrays, for fast repeated sampling with the caller's rng."""

    def __init__(self, mu, n):
        self.menus = [tuple(m) for m, _ in mu]
        w = np.array([float(x) for _, x in mu])
        self.w = w / w.sum()
        self.cdf = np.cumsum(self.w)
        self.incidence = np.zeros((len(self.menus), n))
        for r, m in enumerate(self.menus):
            self.incidence[r, list(m)] = 1.0
        self.mu = mu

    def predicted_choice(self, scores) -> np.ndarray:
        """Σ_K μ_K q(K; f) for scores f (Lemma 6's expected choice), vectorised."""
        F = self.incidence @ scores  # F_K per menu
        return scores * (self.incidence.T @ (self.w / F))

    def draw(self, rng) -> tuple[int, ...]:
        return self.menus[min(int(np.searchsorted(self.cdf, rng.random(), side="right")), len(self.menus) - 1)]


def _realizable(p, f_hat, k) -> bool:
    tau = k * (p / f_hat) / np.sum(p / f_hat)
    return bool(tau.max() <= 1.0 + 1e-9)


class ScaleBoundedOGD:
    """Algorithm 3 [recon]: slowed-down OGD over Δ_φ for a (λ, c)-scale-bounded agent with memory γ.

    Stages (the seed's proof sketch and C.2):
      burn-in      ``BurnIn`` until ‖v − u_n‖₁ ≤ ``burn_eps`` (or its budget);
      learning     ``learn_rounds`` rounds targeting p = v̄ (the memory projected onto Δ_φ, so the
                   memory stays put) with MenuDist(p, f̂); then κ̂ ← ``luce_factor_mle`` on all the
                   stage's rounds so far (``estimator="mle"``, default: Lemma 7 renormalised jointly, ours)
                   or κ̂ ← ``lemma7_update`` (``estimator="lemma7"``: Lemma 7 averaged, a fixed-point step). Scores are estimated in the scale-bounded form f̂(v) = κ̂ ⊙ (v + λ)
                   (the seed: "the scale-bounded condition tethers scores to memory weight"), so the
                   estimate follows the memory between learning stages. ``initial_learn_iters`` iterations at first
                   (default 1 for the one-shot MLE, 2 for the fixed-point ``lemma7``), starting from
                   ``initial_assumed_scores`` (pessimistic/optimistic); ``relearn_iters`` afterwards;
      step j       ``batch`` rounds; each round's menu is drawn from MenuDist(y_t, f̂), where y_t is the
                   farthest realisable point (max τ ≤ 1 under f̂) of the segment from v̄ to the OGD
                   iterate x_j (s ∈ {1, ½, ¼, …}; recomputed every ⌈H/4⌉ rounds, and whenever the
                   estimate f̂(v_t) = κ̂ ⊙ (v_t + λ) has moved from the one μ was built for by a spread
                   ρ((v_t + λ), (v_b + λ)) > 1 + ``stale_tol``: no stale menus) — the whole memory
                   vector is moved toward x_j while the rounds already count for the step;
                   g_j = (1/B) Σ_t r_t(i_t) e_{i_t} / y_t(i_t) (importance weights of the targeted y_t);
                   x_{j+1} = Π_{Δ_φ}(x_j + η g_j) (projected OGD ascent, ``projections``);
      re-learning  after a step, if the memory drifted more than ``relearn_drift`` from the last
                   learning point (``relearn="stages"``, default: ``relearn_iters`` dedicated stages of m rounds);
                   or, with ``relearn="steps"`` [ours], no dedicated rounds: the step rounds are the learning data
                   (the Luce MLE works with any menus) and κ̂ is refitted on them at the first step end after each
                   window of ≥ ``learn_rounds`` step rounds (``refits``; invariant 1 checked on every window).
                   ``theorem3_apriori_bound(schedule="reuse")`` gives it the L_κ = 0 rate for every L_κ.
    The agent's memory is tracked from the choices (γ known). ``monitor`` (optional, the true model) is
    used ONLY for the run-time invariant checks and the bound's per-round spreads, never for decisions.

    Invariants (Appendix C.2 items 1–6, as run-time checks; ``self.invariants``: checks, violations,
    worst excess):
      1 ``learn_spread``  after each learning stage ln ρ(f̂(v_ref), f(v_ref)) ≤ ln ρ̄_1, the calibrated
                          level-δ bound ``luce_calibrated_spread`` + the learning-drift term (whp: certified
                          by a binomial test); ``learn_spread_rigorous``: ≤ ``luce_spread_bound`` (w.p. ≥ 1 − δ)
      2 ``target_spread`` every step round ln ρ_t = ln ρ(f̂_μ, f(v_t)) ≤ ln ρ̄_1 + min(2 L_κ‖v_t − v_ref‖₁, 4 ln c)
                          + ln(1 + ``stale_tol``)  (f̂_μ: the estimate μ was built with, at memory v_b;
                          ρ(f̂_μ, f̂(v_t)) = ρ(v_b + λ, v_t + λ) ≤ 1 + stale_tol by the rebuild rule).
                          Exact consequence of 1 (|Δ ln κ_i| ≤ L_κ‖Δv‖₁, ``factor_log_lipschitz``), so
                          ``target_spread_given_learn`` (violations in stages where 1 held) must be 0;
        ``menu_fresh``    ρ_t ≤ ρ(f̂(v_t), f(v_t))·(1 + stale_tol) (exact: the rebuild rule; must hold)
      3 ``gradient``      g_j ≥ 0 and g_j(i) ≤ (count_i/B)·n/φ (range; y_t ∈ Δ_φ)          (must hold)
      4 ``step_start``    x_j ∈ Δ_φ                                                     (must hold)
      5 ``step_end``      ‖v − x_j‖₁ ≤ τ_j = ``invariant5_threshold`` when step j ends: start gap α‖v_{t₀} − x_j‖₁
                          + bias Σ_s ω_s b_s + martingale √(2 Σ_s ω_s² ln((2ⁿ − 2)/δ₅)), w.p. ≥ 1 − δ₅ per step
                          (δ₅ = ``step_end_delta``, default ``delta``; whp: certified by a binomial test;
                          ``self.step_ends`` keeps each step end's observed value and the three terms)
        ``step_end_heuristic``  ‖v − x_j‖₁ ≤ ``close`` (the schedule's Gaussian heuristic; reported, not a theorem)
      6 ``choice``        ‖q_t − y_t‖₁ ≤ 2(ρ_t − 1)/(ρ_t + 1), q_t the exact expected choice (must hold: Lemma 6)
    The per-run quantities of ``theorem3_regret_bound`` are accumulated in ``self.ledger``.
    """

    def __init__(self, n, k, gamma, *, phi, horizon, lam, c, seed, batch, learn_rounds, eta,
                 initial_learn_iters=None, relearn_iters=1, burn_eps=0.2, close=0.1, relearn_drift=0.3,
                 estimator="mle", stale_tol=0.02, delta=0.05, factor_lipschitz=None, monitor=None,
                 relearn="stages", step_end_delta=None):
        fn = "ScaleBoundedOGD"
        from reference.adaptive_preferences.setting.projections import project_onto_smoothed_simplex

        self._project = project_onto_smoothed_simplex
        self.n, self.k, gamma = _check_n_k_gamma(fn, n, k, gamma)
        if not (isinstance(phi, numbers.Real) and 0 < phi <= 1):
            raise ValueError(f"{fn}: phi must be a number in (0, 1]; got {phi!r}.")
        for name, val in (("batch", batch), ("learn_rounds", learn_rounds)):
            if isinstance(val, bool) or not isinstance(val, numbers.Integral) or val < 1:
                raise ValueError(f"{fn}: {name} must be a positive integer; got {val!r}.")
        if not (isinstance(eta, numbers.Real) and eta > 0):
            raise ValueError(f"{fn}: eta must be a positive number; got {eta!r}.")
        self.gamma, self.phi, self.T = float(gamma), float(phi), int(horizon)
        self.lam, self.c = float(lam), float(c)
        self.H = 1.0 / (1.0 - self.gamma)
        self.rng = np.random.default_rng(seed)
        self.batch, self.learn_rounds, self.eta = int(batch), int(learn_rounds), float(eta)
        if initial_learn_iters is None:  # the one-shot MLE needs one stage; the fixed-point Lemma 7 update iterates
            initial_learn_iters = 1 if estimator == "mle" else 2
        self.initial_learn_iters, self.relearn_iters = int(initial_learn_iters), int(relearn_iters)
        self.close, self.relearn_drift = float(close), float(relearn_drift)
        if estimator not in ("mle", "lemma7"):
            raise ValueError(f"{fn}: estimator must be 'mle' or 'lemma7'; got {estimator!r}.")
        if not (isinstance(stale_tol, numbers.Real) and stale_tol >= 0):
            raise ValueError(f"{fn}: stale_tol must be a number >= 0; got {stale_tol!r}.")
        if not (isinstance(delta, numbers.Real) and 0 < delta < 1):
            raise ValueError(f"{fn}: delta must be a number in (0, 1); got {delta!r}.")
        self.estimator, self.stale_tol, self.delta = estimator, float(stale_tol), float(delta)
        if step_end_delta is None:
            step_end_delta = delta
        if not (isinstance(step_end_delta, numbers.Real) and 0 < step_end_delta < 1):
            raise ValueError(f"{fn}: step_end_delta must be a number in (0, 1); got {step_end_delta!r}.")
        self.step_end_delta = float(step_end_delta)
        if relearn not in ("stages", "steps"):
            raise ValueError(f"{fn}: relearn must be 'stages' or 'steps'; got {relearn!r}.")
        if relearn == "steps" and estimator != "mle":
            raise ValueError(f"{fn}: relearn='steps' needs estimator='mle' (the Luce MLE works with any menus); "
                             f"got estimator={estimator!r}.")
        self.relearn = relearn
        self.factor_lipschitz = None if factor_lipschitz is None else float(factor_lipschitz)
        self._drift_cap = 4.0 * math.log(self.c)  # Definition 3: κ_i(v)/κ_i(w) ∈ [1/c², c²]
        self.retarget_every = max(1, int(math.ceil(self.H / 4)))
        self.monitor = monitor
        S = math.ceil(self.H * math.log(self.n))
        self.burn = BurnIn(self.n, self.k, self.gamma, eps=burn_eps, saturate_rounds=S,
                           max_rounds=S + math.ceil(6 * self.H * math.log(2 * self.n / burn_eps)))
        self.mass = self.burn.mass  # the tracked memory (unnormalised), shared with the burn-in
        self.x = np.full(self.n, 1.0 / self.n)  # x_1 = u_n ∈ Δ_φ
        self.kappa = None  # estimated factors κ̂: f̂(v) = κ̂ ⊙ (v + λ)
        self.v_ref = None
        self.stage = "burn"
        self.counts = np.zeros(self.n)
        self.predicted = np.zeros(self.n)  # Σ_t of the choice distribution predicted under f̂(v_t)
        self.stage_rounds = 0
        self.iters_left = 0
        self.p_learn = None
        self.sampler = None
        self.y = None
        self.g = np.zeros(self.n)
        self.rounds = {"burn": 0, "learn": 0, "step": 0}
        self.steps = 0
        self.iterates = [self.x.copy()]
        self.ledger = {"grad_sq_sum": 0.0, "bias": 0.0, "targeting": 0.0, "movement": 0.0,
                       "step_rounds_completed": 0, "max_spread": 1.0}
        self.invariants = {name: {"checks": 0, "violations": 0, "worst": -math.inf} for name in
                           ("learn_spread", "learn_spread_rigorous", "target_spread", "target_spread_given_learn",
                            "menu_fresh", "gradient", "step_start", "step_end", "step_end_heuristic", "choice")}
        self.step_ends = []  # per step end: observed ‖v − x_j‖₁, τ_j and its terms (invariant 5)
        self._step_gap0 = self._step_w0 = 0.0  # ‖v_{t₀} − x_j‖₁ and W_{t₀} at the step's start
        self._bias_acc = self._w2_acc = 0.0  # Σ_s γ^{t−s} b_s and Σ_s γ^{2(t−s)} over the step's rounds
        self._round_bias = 2.0  # b_s of the current round (set in propose)
        self._stage_data = ([], [], [])  # the learning stage's (menu incidence, w_t = v_t + λ, choice)
        self.learn_stages = []  # per learning stage: observed ln ρ, the calibrated and rigorous bounds
        self.log_rho_learn = None  # ln ρ̄_1 of the last learning stage
        self._learn_held = True
        self.spreads = []  # ρ_t of every step round (monitor only)
        self.refits = 0  # relearn="steps": κ̂ refits on windows of step rounds

    SCHEDULE_KEYS = ("close", "relearn_drift", "stale_tol", "relearn")  # optional keys a schedule may set

    @classmethod
    def from_schedule(cls, n, k, schedule, *, phi, horizon, lam, c, seed, **kwargs):
        """Algorithm 3 with a schedule dict (``theorem3_invariant_parameters``, ``theorem3_moving_factor_parameters``,
        ``theorem3_reuse_parameters``, ``theorem3_parameters``): γ, batch, learn_rounds, η and whichever of
        ``SCHEDULE_KEYS`` the schedule sets; ``kwargs`` (e.g. ``monitor``, ``factor_lipschitz``) pass through."""
        extra = {key: schedule[key] for key in cls.SCHEDULE_KEYS if key in schedule}
        return cls(n, k, schedule["gamma"], phi=phi, horizon=horizon, lam=lam, c=c, seed=seed,
                   batch=schedule["batch"], learn_rounds=schedule["learn_rounds"], eta=schedule["eta"],
                   **extra, **kwargs)

    # -- helpers -------------------------------------------------------------------------------
    @property
    def memory(self) -> np.ndarray:
        return self.mass / self.mass.sum()

    @property
    def f_hat(self):
        """f̂(v_t) = κ̂ ⊙ (v_t + λ): the scale-bounded form tethers the estimate to the current memory."""
        return None if self.kappa is None else self.kappa * (self.memory + self.lam)

    def _check(self, name, value, limit):
        inv = self.invariants[name]
        inv["checks"] += 1
        inv["worst"] = max(inv["worst"], float(value - limit))
        if value > limit + 1e-9:
            inv["violations"] += 1
            return False
        return True

    def _drift_log(self, v, v_ref):
        """A bound on ln ρ(κ(v), κ(v_ref)): min(2 L_κ ‖v − v_ref‖₁, 4 ln c) (4 ln c if L_κ unknown)."""
        if self.factor_lipschitz is None:
            return self._drift_cap
        return min(2.0 * self.factor_lipschitz * float(np.abs(np.asarray(v) - v_ref).sum()), self._drift_cap)

    def _finish_learning(self):
        """Learning stage ends at v_ref: invariant 1 against the calibrated and the rigorous bounds."""
        self.v_ref = self.memory.copy()
        A, W, ch = (np.asarray(x) for x in self._stage_data)
        if self.monitor is None or len(ch) == 0:
            return
        drift = np.array([self._drift_log(w - self.lam, self.v_ref) for w in W])
        rig, info = luce_spread_bound(A, W, c=self.c, delta=self.delta, drift_log=drift)
        stat = luce_calibrated_spread(A, W, self.kappa, delta=self.delta)
        cal = stat + float(drift.mean())  # first-order drift term: the MLE averages the rounds
        self.log_rho_learn = min(cal, self._drift_cap) if math.isfinite(cal) else self._drift_cap
        obs = math.log(score_spread(self.f_hat, self.monitor.scores(self.memory)))
        self._learn_held = self._check("learn_spread", obs, self.log_rho_learn)
        self._check("learn_spread_rigorous", obs, rig)
        self.learn_stages.append({"rounds": len(ch), "log_spread": obs, "calibrated": self.log_rho_learn,
                                  "calibrated_statistical": stat,
                                  "rigorous": rig, "lambda2_per_round": info["lambda2_per_round"],
                                  "max_drift_log": float(drift.max()), "held": self._learn_held})

    def _menu_dist(self, p):
        import importlib

        import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
        sampler = _Sampler(md.menu_dist(p, self.f_hat, self.k), self.n)
        sampler.assumed = self.f_hat.copy()  # the f̂ under which μ realises p (Lemma 6's hypothesis)
        return sampler

    def _v_bar(self):
        return np.asarray(self._project(self.memory, self.phi), dtype=float)

    def _start_learning(self, iters):
        self.stage = "learn"
        self.iters_left = iters
        if self.kappa is None:
            self.kappa = initial_assumed_scores(self.memory, self.lam, self.c) / (self.memory + self.lam)
        self._stage_data = ([], [], [])
        self._learning_iteration()

    def _learning_iteration(self):
        p = self._v_bar()
        s = 1.0
        while not _realizable(p, self.f_hat, self.k) and s > 1e-3:  # shrink toward u_n until realisable
            s /= 2
            p = s * self._v_bar() + (1 - s) / self.n
        self.p_learn = p
        self.sampler = self._menu_dist(p) if _realizable(p, self.f_hat, self.k) else None
        self.counts[:] = 0
        self.predicted[:] = 0
        self.stage_rounds = 0

    def _fallback_targeting(self):
        """2(ρ̄ − 1)/(ρ̄ + 1) without a monitor: ρ_s ≤ c⁴(1 + stale_tol) (κ̂, κ in Definition 3's box); 2 for
        ``estimator="lemma7"`` (its κ̂ is not box-constrained)."""
        if self.estimator != "mle":
            return 2.0
        rho = self.c ** 4 * (1.0 + self.stale_tol)
        return 2 * (rho - 1) / (rho + 1)

    def _check_step_end(self):
        """Invariant 5 at the end of a step: ‖v − x_j‖₁ against ``invariant5_threshold`` (and ``close``)."""
        obs = float(np.abs(self.memory - self.x).sum())
        w_end = float(self.mass.sum())
        carry = self.gamma ** self.stage_rounds * self._step_w0 / w_end  # α = γ^B W_{t₀}/W_end
        tau, parts = invariant5_threshold(start_gap=self._step_gap0, carry=carry, bias=self._bias_acc / w_end,
                                          weight_sq_sum=self._w2_acc / w_end ** 2, n=self.n,
                                          delta=self.step_end_delta)
        held = self._check("step_end", obs, tau)
        self._check("step_end_heuristic", obs, self.close)
        self.step_ends.append({"observed": obs, "threshold": tau, **parts, "close": self.close, "held": held})

    def _stale_spread(self):
        return stale_menu_spread(self.sampler.assumed, self.f_hat)

    def _retarget(self):
        v = self._v_bar()
        s = 1.0
        while s > 1e-3:
            y = v + s * (self.x - v)
            if _realizable(y, self.f_hat, self.k):
                self.y, self.sampler = y, self._menu_dist(y)
                return
            s /= 2
        s = 1.0
        while s > 1e-3:  # even v̄ is not realisable under f̂: shrink toward u_n
            y = s * v + (1 - s) / self.n
            if _realizable(y, self.f_hat, self.k):
                self.y, self.sampler = y, self._menu_dist(y)
                return
            s /= 2
        self.y, self.sampler = None, None

    def _start_step(self):
        if self.stage == "learn":
            self._stage_data = ([], [], [])  # relearn="steps": the step windows start empty
        self.stage = "step"
        self.stage_rounds = 0
        self.counts[:] = 0
        self.g = np.zeros(self.n)
        self._step_gap0 = float(np.abs(self.memory - self.x).sum())
        self._step_w0 = float(self.mass.sum())
        self._bias_acc = self._w2_acc = 0.0
        self._check("step_start", max(0.0, self.phi / self.n - float(self.x.min())), 1e-12)
        self._retarget()

    # -- protocol ------------------------------------------------------------------------------
    def propose(self, t: int) -> tuple[int, ...]:
        if self.stage == "burn":
            return self.burn.propose(t)
        if self.stage == "step" and self.sampler is not None and self._stale_spread() > 1.0 + self.stale_tol:
            self._retarget()  # rebuild μ (and y_t) for the current estimate f̂(v_t)
        if self.sampler is None:  # nothing realisable under f̂: the burn-in rule (lowest-memory items)
            self._round_bias = 2.0  # q_s unknown: ‖q_s − x_j‖₁ ≤ 2
            return lowest_k_menu(self.mass, self.k)
        menu = self.sampler.draw(self.rng)
        if self.stage == "learn":  # the targeted frequencies at this round's memory (Lemma 7's "p")
            self.predicted += self.sampler.predicted_choice(self.f_hat)
        if self.stage == "step":
            y = self.y
            self.ledger["movement"] += float(np.clip(self.x - y, 0, None).sum())  # Σ_i (x_j − y_t)^+
            move = float(np.abs(self.x - y).sum())  # ‖y_s − x_j‖₁ (invariant 5's bias: movement part)
            self._round_bias = min(2.0, move + self._fallback_targeting())
            if self.monitor is not None:
                f = np.asarray(self.monitor.scores(self.memory), dtype=float)
                rho = score_spread(self.sampler.assumed, f)  # μ was built for these scores, not f̂(v_t)
                self.ledger["bias"] += 2.0 * (rho - 1.0)
                self.ledger["targeting"] += (rho - 1.0) / (rho + 1.0)
                self.ledger["max_spread"] = max(self.ledger["max_spread"], rho)
                self.spreads.append(rho)
                self._check("menu_fresh", math.log(rho) - math.log(score_spread(self.f_hat, f)),
                            math.log1p(self.stale_tol) + 1e-12)
                if self.log_rho_learn is not None:
                    limit = (self.log_rho_learn + self._drift_log(self.memory, self.v_ref)
                             + math.log1p(self.stale_tol))
                    held = self._check("target_spread", math.log(rho), limit)
                    if self._learn_held:
                        self._check("target_spread_given_learn", 0.0 if held else 1.0, 0.0)
                self._round_bias = min(2.0, move + 2 * (rho - 1) / (rho + 1))  # Lemma 6 in situ + movement
                q = np.asarray(lemma6_expected_choice(self.sampler.mu, f), dtype=float)
                self._check("choice", float(np.abs(q - y).sum()), 2 * (rho - 1) / (rho + 1) + 1e-9)
        return menu

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        stage = self.stage
        self.rounds[stage] += 1
        if stage == "burn":
            self.burn.observe(t, menu, chosen, reward)  # updates the shared mass
            if self.burn.done or self.burn.rounds >= self.burn.max_rounds:
                self._start_learning(self.initial_learn_iters)
            return
        w_before = self.memory + self.lam  # w_t = v_t + λ of this round's choice
        self.mass *= self.gamma
        self.mass[chosen] += 1.0
        self.stage_rounds += 1
        if stage == "learn":
            self.counts[chosen] += 1
            row = np.zeros(self.n)
            row[list(menu)] = 1.0
            self._stage_data[0].append(row)
            self._stage_data[1].append(w_before)
            self._stage_data[2].append(int(chosen))
            if self.stage_rounds >= self.learn_rounds:
                if self.estimator == "mle":  # Lemma 7 renormalised: Luce MLE on the stage's rounds (ours)
                    self.kappa = luce_factor_mle(self._stage_data[0], self._stage_data[2], self._stage_data[1],
                                                 c=self.c)
                elif self.sampler is not None:  # Lemma 7 averaged, on the factors κ̂
                    self.kappa = lemma7_update(self.kappa, self.predicted / self.stage_rounds, self.counts,
                                               self.stage_rounds)
                self.iters_left -= 1
                if self.iters_left > 0:
                    self._learning_iteration()
                else:
                    self._finish_learning()
                    self._start_step()
            return
        # a step round
        self._bias_acc = self.gamma * self._bias_acc + self._round_bias
        self._w2_acc = self.gamma ** 2 * self._w2_acc + 1.0
        if self.sampler is not None:
            self.g[chosen] += reward / self.y[chosen]
        self.counts[chosen] += 1
        if self.relearn == "steps":  # step rounds double as learning data (Luce MLE, any menus)
            row = np.zeros(self.n)
            row[list(menu)] = 1.0
            self._stage_data[0].append(row)
            self._stage_data[1].append(w_before)
            self._stage_data[2].append(int(chosen))
        if self.stage_rounds % self.retarget_every == 0 and self.stage_rounds < self.batch:
            self._retarget()
        if self.stage_rounds >= self.batch:
            g = self.g / self.stage_rounds
            rng_excess = float((g - self.counts / self.stage_rounds * self.n / self.phi).max())
            self._check("gradient", max(-float(g.min()), rng_excess), 1e-9)
            self._check_step_end()
            self.ledger["grad_sq_sum"] += float(g @ g)
            self.ledger["step_rounds_completed"] += self.stage_rounds
            self.x = np.asarray(self._project(self.x + self.eta * g, self.phi), dtype=float)
            self.iterates.append(self.x.copy())
            self.steps += 1
            if self.relearn == "steps":
                if len(self._stage_data[2]) >= self.learn_rounds:  # a window of ≥ m step rounds: refit κ̂ on it
                    self.kappa = luce_factor_mle(self._stage_data[0], self._stage_data[2], self._stage_data[1],
                                                 c=self.c)
                    self._finish_learning()  # v_ref ← the memory now; invariant 1 on the window
                    self.refits += 1
                    self._stage_data = ([], [], [])
                self._start_step()
            elif self.v_ref is not None and float(np.abs(self.memory - self.v_ref).sum()) > self.relearn_drift:
                self._start_learning(self.relearn_iters)
            else:
                self._start_step()


def theorem3_parameters(T: int, c_exp: float, n: int, k: int, phi: float):
    """This project's schedule for γ = 1 − T^{−c} (H = T^c): batch B = ⌈H⌉, learning m = ⌈max(H, 40n)⌉
    rounds, J ≈ T/(2B) steps, η = D/(G√J) with D² = (1−φ)²(1 − 1/n), G² = n²/(φB) + n."""
    H = float(T) ** c_exp
    gamma = 1.0 - 1.0 / H
    B = max(1, math.ceil(H))
    m = max(math.ceil(H), 40 * n)
    J = max(1.0, T / (2.0 * B))
    G2 = n * n / (phi * B) + n
    D2 = (1 - phi) ** 2 * (1 - 1 / n)
    eta = math.sqrt(D2 / (G2 * J))
    return {"gamma": gamma, "H": H, "batch": B, "learn_rounds": m, "eta": eta}


def theorem3_regret_bound(*, T, n, phi, batch, eta, steps_rounds, grad_sq_sum, bias, targeting, movement):
    """Our Theorem 3 bound, E Reg_T(Δ_φ) ≤ E[the sum of these pathwise terms] (oblivious rewards):

        other      T − (rounds of completed steps)                 (burn-in, learning, last step: ≤ 1 each)
        ogd        B ((1−φ)²(1 − 1/n)/(2η) + (η/2) Σ_j ‖g_j‖²)     (pathwise projected OGD, x_1 = u_n)
        bias       Σ_t 2(ρ_t − 1)                                  (E[g_j | past] ∈ r̄_j·[1/ρ, ρ], Lemma 6)
        targeting  Σ_t (ρ_t − 1)/(ρ_t + 1)                         (Σ_i (y_t − q_t)_i^+ = ½‖q_t − y_t‖₁, Lemma 6)
        movement   Σ_t Σ_i (x_j − y_t)_i^+                        (rounds spent moving memory toward x_j)

    ρ_t = max_i (f_i/f̂_i)/min_i (f_i/f̂_i) at round t, with f = f(v_t) and f̂ the scores the round's menu
    distribution was built for (MenuDist(y_t, f̂) realises y_t under f̂): F_{t−1}-measurable, so each term's
    conditional bound sums to the expectation. Proof: in a step round
    ⟨x*, r_t⟩ − r_t(i_t) = ⟨x* − x_j, r_t⟩ + ⟨x_j − y_t, r_t⟩ + ⟨y_t − q_t, r_t⟩ + (⟨q_t, r_t⟩ − r_t(i_t));
    the last has mean 0, the 2nd ≤ movement, the 3rd ≤ targeting; Σ_{t∈j}⟨x* − x_j, r_t⟩ = B⟨x* − x_j, r̄_j⟩
    = B⟨x* − x_j, g_j⟩ + B⟨x* − x_j, r̄_j − g_j⟩, the first summed over j is the pathwise OGD bound
    (‖x_1 − x*‖² ≤ (1−φ)²(1 − 1/n) for x_1 = u_n), the second has conditional mean ≤ 2·(1/B)Σ_t(ρ_t − 1)·B.
    A-priori rate: ``theorem3_apriori_bound`` makes the sketch below explicit (constants, assumptions).
    (ρ_t ≤ ρ): E Σ‖g_j‖² ≤ J(ρ n²/(φB) + nρ²), so with J ≈ T/(2B), B = T^c, η tuned:
    ogd = O(√(T^{1+c}(n²/φ·T^{−c} + n))) = O(n T^{(1+c)/2}/√φ) … and bias + targeting = O(T(ρ − 1)).
    With learning accuracy ρ − 1 ≍ (H-limited sample size)^{−1/2} ≍ T^{−c/2}, the two balance at c = 1/2:
    the heuristic rate Õ(T^{3/4}) with an interior optimum in c (decays as c → 0 and as c → 1).
    """
    terms = {
        "other": float(T - steps_rounds),
        "ogd": batch * ((1 - phi) ** 2 * (1 - 1 / n) / (2 * eta) + eta / 2 * grad_sq_sum),
        "bias": float(bias),
        "targeting": float(targeting),
        "movement": float(movement),
    }
    terms["total"] = sum(terms.values())
    return terms


def _check_apriori_model(c, coverage, factor_lipschitz):
    fn = "theorem3_apriori_bound"
    if not (isinstance(c, numbers.Real) and c > 1):
        raise ValueError(f"{fn}: c must be a number > 1; got {c!r}.")
    if not (isinstance(coverage, numbers.Real) and coverage > 0):
        raise ValueError(f"{fn}: coverage must be a positive number; got {coverage!r}.")
    if not (isinstance(factor_lipschitz, numbers.Real) and factor_lipschitz >= 0):
        raise ValueError(f"{fn}: factor_lipschitz must be a number >= 0; got {factor_lipschitz!r}.")


def _apriori_terms(*, T, H, n, burn_eps, learning, B, D2, eta, J, g_max, rho_bar, **extra):
    """The a-priori terms every schedule shares (proofs in ``theorem3_apriori_bound``), plus ``extra`` terms,
    ``total`` and ``rho_bar``: burn-in cap, learning rounds, the unfinished step, the OGD bound with
    ‖g_j‖ ≤ g_max, bias 2(ρ̄ − 1)T, targeting (ρ̄ − 1)/(ρ̄ + 1)·T, movement 0 (A3)."""
    terms = {
        "burn": float(math.ceil(H * math.log(n)) + math.ceil(6 * H * math.log(2 * n / burn_eps))),
        "learning": float(learning),
        "last_step": float(B),
        "ogd": B * (D2 / (2 * eta) + eta * J * g_max**2 / 2),
        "bias": 2 * (rho_bar - 1) * T,
        "targeting": (rho_bar - 1) / (rho_bar + 1) * T,
        "movement": 0.0,
        **extra,
    }
    terms["total"] = sum(terms.values())
    terms["rho_bar"] = rho_bar
    return terms


def theorem3_apriori_bound(T, c_exp, n, k, phi, *, schedule="invariant", c=1.3, factor_lipschitz=0.0,
                           coverage=0.005, stale_tol=None, kappa_rho=3.0, burn_eps=0.2, close=0.1, relearn_drift=0.3,
                           initial_learn_iters=1, relearn_iters=1):
    """A-priori Theorem 3 bound (ours) for ``ScaleBoundedOGD``.

    ``schedule="invariant"`` (default; the schedule the certificates run): ``theorem3_invariant_parameters``
    (B = ⌈H ln(4/close)⌉, close = max(0.1, 2.5·noise), drift = 2·close + 0.2, m = max(⌈H⌉, ⌈12n/φ⌉), one initial
    learning stage) with
    Luce-MLE learning, and ρ̄ *derived* (``luce_spread_bound``) instead of assumed:

      ln ρ̄ = min(2√2 (√(4 ln(2/δ)/M) + 4 L_κ·close)/β₀, 4 ln c) + min(2 L_κ min(drift + close + δ_x, 2), 4 ln c)
             + ln(1 + stale_tol)

    with M = ``relearn_iters``·m (the shortest stage), δ = 1/T per stage, so the failure term is ≤ #stages;
    stale_tol defaults to the schedule's min(0.02, 1/√H).
    The first part is ``luce_spread_bound`` with λ₂(Λ) ≥ β₀ M (R_max ≤ 2/λ₂) and the learning drift
    ‖v_t − v_ref‖₁ ≤ 2·close; the second is invariant 2's factor drift (in a step round the memory is within
    drift of v_ref at the step's start and heads for x_j, ‖x_j − v_ref‖₁ ≤ δ_x + close + drift), the third the
    rebuild tolerance.
    Remaining assumptions: (A1c) coverage — the learning comparison Laplacian has λ₂(Λ) ≥ β₀ per round
    (observable: ``learn_stages[*]["lambda2_per_round"]``; measured 0.01–0.06 on the sweep instances);
    (A3) movement 0; (A5) memory within ``close`` of the iterate at step/learning ends and within
    drift + close of v_ref in step rounds. A1 (accuracy) is no longer an assumption.
    Rate (L_κ = 0, i.e. factors constant in v): ln ρ̄ = O(√(log T/T^c)), B = O(T^c log T), so
    e(c) = max((1+c)/2, 1 − c/2) up to logs — optimum c = 1/2, e = 3/4 (unchanged). For L_κ > 0 the factor
    drift allowed before re-learning (relearn_drift ≥ 0.2 + 2·close, a constant) makes ρ̄ − 1 a constant:
    the bias term is linear in T, and a sublinear rate needs relearn_drift → 0:

    ``schedule="moving"``: ``theorem3_moving_factor_parameters`` (free drift d = min(0.2, T^{−(1−c)/4}),
    close = max(2.5·noise, d), relearn_drift = 2·close + d), same terms and formula. For L_κ > 0:
    E Reg = O(T^{e(c)}) up to logs, e(c) = max((3 + c)/4, 1 − c/2) (``theorem3_apriori_exponent_moving_factors``),
    minimised at c* = 1/3 with e* = 5/6 (``theorem3_optimal_c_moving_factors``; derivation in the schedule's
    docstring). Constants: the learning-drift part 2√2·4 L_κ·close/β₀ (β₀ = ``coverage`` = 0.005) keeps the
    learning spread at its cap 4 ln c until close ≲ 1e-3, so with L_κ = 0.5, n = 5, φ = 0.3 the bound is
    vacuous (total/T > 1) below T ≈ 1e26 and its fitted slope reaches e(c) only for T ≳ 1e40 (certified in
    ``theorem3_moving_factors_apriori_sublinear_optimum_one_third``).

    ``schedule="fixed"``: the original ``theorem3_parameters(T, c, n, k, φ)`` form below, with A1 assumed.

    A function of (T, c, n, φ) and the algorithm's fixed constants only. Every term dominates the
    corresponding pathwise term of ``theorem3_regret_bound``; three of them need assumptions, which
    are the Appendix C.2 invariants the pathwise bound only reports:

      (A1) invariants 1–2: every step round's spread ρ_t ≤ ρ̄ := 1 + κ_ρ √(n/(φ m))
           (Lemma 7 at its sampling rate: m learning rounds, each item targeted with frequency ≥ φ/n,
           so each count has ≥ mφ/n expected hits and relative error ≍ √(n/(mφ)); κ_ρ is the
           multiplier of the assumption, default 3);
      (A3) the iterate x_j is realisable under f̂ in every step round (so y_t = x_j and the movement
           term is 0), e.g. Lemma 2 applied to f̂ with the memory inside its ball around x_j;
      (A5) invariant 5 and its learning-end analogue: when a step or a learning stage ends, the memory
           is within ``close`` of the current iterate.

    Terms (H = T^c, B = ⌈H⌉, m = max(⌈H⌉, 40n), J = ⌊T/B⌋ ≥ #steps, D² = (1−φ)²(1−1/n), G_max = n/φ,
    η from ``theorem3_parameters``; proofs):
      burn       ⌈H ln n⌉ + ⌈6H ln(2n/ε_b)⌉        BurnIn's deterministic cap (no assumption)
      learning   (i₀ + i_r R) m,  R = min(J, 1 + ⌊J δ_x/(drift − 2·close)⌋),  δ_x = √n η G_max
                 ‖x_{j+1} − x_j‖₁ ≤ √n ‖x_{j+1} − x_j‖₂ ≤ √n η ‖g_j‖₂ ≤ δ_x (projection is 1-Lipschitz,
                 ‖g_j‖₂ ≤ n/φ pathwise: g_j(i) ≤ (count_i/B)(n/φ), invariant 3). Under (A5) a re-learning
                 after step j needs 2·close + (j − j')δ_x > drift, j' the step of the previous learning
                 end, so consecutive re-learnings are ≥ (drift − 2 close)/δ_x steps apart.
      last_step  B                                 the unfinished step
      ogd        B (D²/(2η) + η J G_max²/2)        pathwise OGD bound with Σ_j ‖g_j‖² ≤ J G_max² (no assumption)
      bias       2(ρ̄ − 1) T                        (A1) in Σ_t 2(ρ_t − 1)
      targeting  (ρ̄ − 1)/(ρ̄ + 1) T                 (A1) in Σ_t (ρ_t − 1)/(ρ_t + 1)
      movement   0                                  (A3)

    Rate. B ≍ m ≍ T^c (once T^c ≥ 40n), η ≍ 1/√J, J ≍ T^{1−c}: burn, last_step = O(T^c);
    learning, ogd = O(√(J)·T^c) = O(T^{(1+c)/2}); bias + targeting = O(T·T^{−c/2}) = O(T^{1−c/2}).
    So E Reg_T(Δ_φ) = O(T^{e(c)}), e(c) = max((1 + c)/2, 1 − c/2) (``theorem3_apriori_exponent``):
    e → 1 as c → 0 (estimates never get accurate: too few rounds per memory horizon) and as c → 1
    (few, long OGD steps), with the interior optimum c = 1/2, e = 3/4 (``theorem3_optimal_c``).
    Returns a dict of the terms, ``total``, ``rho_bar`` and ``assumptions``.

    Finding on the assumptions (gap C). On the sweep instances (n = 5, λ = 0.05, c = 1.3, φ = 0.3,
    T ≤ 3000) A1 and A5 fail in most runs (spreads 2–12 against ρ̄ ≈ 1.9; step ends outside
    ``close`` = 0.1), also for constant-factor models. A5 *cannot* hold at short horizons with a fixed
    ``close``: even with choices drawn exactly from x_j, the discounted memory fluctuates with
    Var v_i = x_i(1 − x_i)(1 − γ)/(1 + γ), so E‖v − x_j‖₁ ≈ √(2/π) Σ_i √(x_i(1 − x_i)/(2H − 1))
    (``stationary_memory_noise``; 0.34 at H = 10, 0.14 at H = 55 for a typical x ∈ Δ_φ, n = 5 —
    matched by simulation). Invariant 5 therefore needs close ≳ 2·noise ≈ 1.6√(n/(2H)) at x ≈ u_n (i.e. H ≳ 1.3 n/close²),
    and a batch B ≳ H ln(2/close) for the deterministic part to contract (B = ⌈H⌉ contracts only by
    1/e). With close ≍ √(n/H) the re-learning count above still obeys the same argument as long as
    relearn_drift > 2·close, i.e. H ≳ 60n for drift 0.3 — so the bound is meaningful in the regime
    H = T^c ≫ n, which the runnable T do not reach for c < 0.6. ``theorem3_invariant_parameters`` is
    the schedule that scales ``close`` with the noise (and B with ln(4/close)), at the price of a weaker
    invariant (close ≈ 0.2–0.6 at the runnable T). ``close`` is a Gaussian heuristic (2.5 × the mean
    deviation): it fails at small c (c = 0.2, T = 3000: 1 step end in ≈ 460). The proved replacement is
    ``invariant5_threshold`` (what ``ScaleBoundedOGD`` checks as ``step_end``; certified as a level-δ statement);
    its a-priori form τ̄ (``invariant5_apriori_threshold`` at δ₅ = 1/T² per step, ρ̄ above, A3) is returned as
    ``terms["invariant5"]`` (schedules "invariant"/"moving"). A5 keeps ``close``: replacing it by τ̄ would need
    relearn_drift > 2τ̄ for the re-learning count, and τ̄ ≥ 2(ρ̄ − 1)/(ρ̄ + 1) + martingale ≫ close at every
    runnable T (n = 5, φ = 0.3, c = 1.3: τ̄/close ≈ 3–18 for T ≤ 10¹⁰). When τ̄ ≤ close
    (``terms["invariant5"]["step_end_within_close"]``; L_κ = 0 only, e.g. c = 0.5 at T = 10⁴⁰, not yet at 10²⁰)
    A5's step-end part is a consequence w.p. ≥ 1 − J/T²; its learning-end and v_ref parts stay assumptions.
    """
    fn = "theorem3_apriori_bound"
    if isinstance(T, bool) or not isinstance(T, numbers.Real) or T < 1:
        raise ValueError(f"{fn}: T must be a number >= 1; got {T!r}.")
    if not (isinstance(c_exp, numbers.Real) and 0 < c_exp <= 1):
        raise ValueError(f"{fn}: c_exp must be a number in (0, 1]; got {c_exp!r}.")
    if not (isinstance(phi, numbers.Real) and 0 < phi < 1):
        raise ValueError(f"{fn}: phi must be a number in (0, 1); got {phi!r}.")
    if schedule in ("invariant", "moving"):
        params = (theorem3_invariant_parameters if schedule == "invariant" else theorem3_moving_factor_parameters)
        return _theorem3_apriori_invariant(T, c_exp, n, k, phi, c=c, factor_lipschitz=factor_lipschitz,
                                           coverage=coverage, stale_tol=stale_tol, burn_eps=burn_eps,
                                           initial_learn_iters=initial_learn_iters, relearn_iters=relearn_iters,
                                           params=params)
    if schedule == "reuse":
        return _theorem3_apriori_reuse(T, c_exp, n, k, phi, c=c, factor_lipschitz=factor_lipschitz,
                                       coverage=coverage, stale_tol=stale_tol, burn_eps=burn_eps,
                                       initial_learn_iters=initial_learn_iters)
    if schedule != "fixed":
        raise ValueError(f"{fn}: schedule must be 'invariant', 'moving', 'reuse' or 'fixed'; got {schedule!r}.")
    if not relearn_drift > 2 * close:
        raise ValueError(f"{fn}: relearn_drift must exceed 2*close; got {relearn_drift} and {close}.")
    pr = theorem3_parameters(T, c_exp, n, k, phi)
    H, B, m, eta = pr["H"], pr["batch"], pr["learn_rounds"], pr["eta"]
    J = math.floor(T / B)
    D2 = (1 - phi) ** 2 * (1 - 1 / n)
    g_max = n / phi
    delta_x = math.sqrt(n) * eta * g_max
    R = min(J, 1 + math.floor(J * delta_x / (relearn_drift - 2 * close)))
    rho_bar = 1.0 + kappa_rho * math.sqrt(n / (phi * m))
    terms = _apriori_terms(T=T, H=H, n=n, burn_eps=burn_eps, learning=(initial_learn_iters + relearn_iters * R) * m,
                           B=B, D2=D2, eta=eta, J=J, g_max=g_max, rho_bar=rho_bar)
    terms["assumptions"] = ("A1: spread rho_t <= rho_bar every step round (invariants 1-2)",
                            "A3: x_j realisable under the estimate every step round (movement 0)",
                            "A5: memory within close of the iterate at every step/learning end (invariant 5)")
    return terms


def _theorem3_apriori_invariant(T, c_exp, n, k, phi, *, c, factor_lipschitz, coverage, stale_tol, burn_eps,
                                initial_learn_iters, relearn_iters, params):
    """``theorem3_apriori_bound`` for ``theorem3_invariant_parameters`` or ``theorem3_moving_factor_parameters``
    (``params``; see ``theorem3_apriori_bound`` for every term's proof)."""
    _check_apriori_model(c, coverage, factor_lipschitz)
    pr = params(T, c_exp, n, k, phi)
    H, B, m, eta, close, drift = pr["H"], pr["batch"], pr["learn_rounds"], pr["eta"], pr["close"], pr["relearn_drift"]
    free = pr.get("free_drift", drift - 2 * close)  # drift − 2·close (kept apart: it underflows beside close)
    stale_tol = pr["stale_tol"] if stale_tol is None else stale_tol
    J = math.floor(T / B)
    D2 = (1 - phi) ** 2 * (1 - 1 / n)
    g_max = n / phi
    delta_x = math.sqrt(n) * eta * g_max
    R = min(J, 1 + math.floor(J * delta_x / free))
    cap = 4 * math.log(c)
    M = relearn_iters * m
    delta = 1.0 / T
    stat = 2 * math.sqrt(2) * (math.sqrt(4 * math.log(2 / delta) / M) + 4 * factor_lipschitz * close) / coverage
    log_rho1 = min(stat, cap)
    # factor drift in step rounds: ‖v_t − v_ref‖₁ ≤ min(drift + close + δ_x, 2) (the step's iterate moved by ≤ δ_x)
    step_drift = min(drift + close + delta_x, 2.0)
    log_rho = log_rho1 + min(2 * factor_lipschitz * step_drift, cap) + math.log1p(stale_tol)
    rho_bar = math.exp(log_rho)
    terms = _apriori_terms(T=T, H=H, n=n, burn_eps=burn_eps, learning=(initial_learn_iters + relearn_iters * R) * m,
                           B=B, D2=D2, eta=eta, J=J, g_max=g_max, rho_bar=rho_bar, failure=float(1 + R) * delta * T)
    terms["log_rho_learn"] = log_rho1
    terms["learn_capped"] = stat >= cap
    terms["relearn_count_bound"] = R
    terms["schedule"] = {"close": close, "relearn_drift": drift, "free_drift": free, "batch": B,
                         "learn_rounds": m, "delta_x": delta_x}
    # invariant 5 made rigorous (informational, the total is unchanged): τ̄ at level δ₅ = 1/T² per step (all J step
    # ends w.p. ≥ 1 − 1/T), with ρ̄ above and movement 0 (A3). τ̄ ≤ close ⇒ A5's step-end part is a consequence.
    d5 = min(0.5, max(float(T) ** -2.0, 1e-300))
    tau_bar, parts5 = invariant5_apriori_threshold(H, B, n, d5, rho_bar=rho_bar)
    terms["invariant5"] = {"tau_bar": tau_bar, **parts5, "close": close, "delta_per_step": d5,
                           "step_end_within_close": tau_bar <= close}
    terms["assumptions"] = ("A1c: coverage lambda2(Lambda) >= coverage * M in every learning stage",
                            "A3: x_j realisable under the estimate every step round (movement 0)",
                            "A5: memory within close of the iterate at step/learning ends, within drift + close "
                            "of v_ref in step rounds (invariant 5)")
    return terms


def _theorem3_apriori_reuse(T, c_exp, n, k, phi, *, c, factor_lipschitz, coverage, stale_tol, burn_eps,
                            initial_learn_iters):
    """``theorem3_apriori_bound(schedule="reuse")``: Algorithm 3 with ``relearn="steps"`` and
    ``theorem3_reuse_parameters`` (proofs of the shared terms in ``theorem3_apriori_bound``) [ours].

    κ̂ is refitted (Luce MLE) at the first step end after each window of ≥ m step rounds, on that window; no
    dedicated re-learning rounds. A window spans ≤ w = ⌈m/B⌉ + 1 steps, so under (A5) every round of the window
    and of the next one has ‖v_t − v_ref‖₁ ≤ Dw := min(w δ_x + 2·close, 2) (v_ref: the memory at the refit).
      learning   i₀ m                          (the initial stage only)
      ln ρ̄       min(2√2 (√(4 ln(2/δ)/m) + 2 L_κ Dw)/β₀, 4 ln c) + min(2 L_κ Dw, 4 ln c) + ln(1 + stale_tol)
      failure    (1 + ⌊T/m⌋) δ T,  δ = 1/T      (one ``luce_spread_bound`` event per refit)
    Rate: m ≍ H = T^c, B ≍ H ln T, δ_x ≍ T^{−(1−c)/2}, close ≍ max(T^{−c/2}, δ_x): ln ρ̄ ≍ T^{−c/2}√(ln T) +
    T^{−(1−c)/2}, so E Reg = O(T^{max((1+c)/2, 1 − c/2)}) up to logs for every L_κ — the L_κ = 0 exponent
    (``theorem3_apriori_exponent``), optimum c* = 1/2, e* = 3/4 (``theorem3_optimal_c``).
    Caveat (as for ``theorem3_moving_factor_parameters``): (A5) needs close ≥ the targeting error
    ≈ 2 L_κ Dw ≥ 4 L_κ·close, which the worst case guarantees only for L_κ < 1/4; above it A5 is an assumption
    checked at run time (invariant 5, ``algorithm3_invariants_hold_under_moving_factor_schedule``).
    """
    _check_apriori_model(c, coverage, factor_lipschitz)
    pr = theorem3_reuse_parameters(T, c_exp, n, k, phi)
    H, B, m, eta, close = pr["H"], pr["batch"], pr["learn_rounds"], pr["eta"], pr["close"]
    stale_tol = pr["stale_tol"] if stale_tol is None else stale_tol
    J = math.floor(T / B)
    D2 = (1 - phi) ** 2 * (1 - 1 / n)
    g_max = n / phi
    delta_x = math.sqrt(n) * eta * g_max
    w = math.ceil(m / B) + 1
    Dw = min(w * delta_x + 2 * close, 2.0)
    cap = 4 * math.log(c)
    delta = 1.0 / T
    stat = 2 * math.sqrt(2) * (math.sqrt(4 * math.log(2 / delta) / m) + 2 * factor_lipschitz * Dw) / coverage
    log_rho1 = min(stat, cap)
    log_rho = log_rho1 + min(2 * factor_lipschitz * Dw, cap) + math.log1p(stale_tol)
    rho_bar = math.exp(log_rho)
    refits = math.floor(T / m)
    terms = _apriori_terms(T=T, H=H, n=n, burn_eps=burn_eps, learning=initial_learn_iters * m,
                           B=B, D2=D2, eta=eta, J=J, g_max=g_max, rho_bar=rho_bar, failure=float(1 + refits) * delta * T)
    terms["log_rho_learn"] = log_rho1
    terms["learn_capped"] = stat >= cap
    terms["relearn_count_bound"] = refits
    terms["schedule"] = {"close": close, "window_drift": Dw, "window_steps": w, "batch": B, "learn_rounds": m,
                         "delta_x": delta_x}
    terms["assumptions"] = ("A1c: coverage lambda2(Lambda) >= coverage * m in the initial stage and every window",
                            "A3: x_j realisable under the estimate every step round (movement 0)",
                            "A5: memory within close of the iterate at step ends, within Dw of v_ref in every round "
                            "of a window and of the next one")
    return terms


def theorem3_reuse_parameters(T: int, c_exp: float, n: int, k: int, phi: float, *, learn_factor: int = 1):
    """Schedule for Algorithm 3 with ``relearn="steps"`` (κ̂ refitted on windows of step rounds) [ours].

    As ``theorem3_invariant_parameters`` except close = max(2.5·stationary_memory_noise(u_n, γ), δ_x⁰), with
    δ_x⁰ = √n η⁰ n/φ the per-step iterate movement under that schedule's η⁰ (no 0.1 floor: close → 0, which
    the L_κ terms of ``theorem3_apriori_bound(schedule="reuse")`` need), then B = ⌈H ln(4/close)⌉ and η
    recomputed. ``relearn_drift`` is unused with ``relearn="steps"`` (kept for the constructor).
    """
    pr = dict(theorem3_invariant_parameters(T, c_exp, n, k, phi, learn_factor=learn_factor))
    H = pr["H"]
    noise = math.sqrt(2 / math.pi) * n * math.sqrt((1 / n) * (1 - 1 / n) / (2 * H - 1))
    close = min(max(2.5 * noise, math.sqrt(n) * pr["eta"] * n / phi), 2.0)
    B = max(1, math.ceil(H * math.log(4.0 / close)))
    J = max(1.0, T / (2.0 * B))
    G2 = n * n / (phi * B) + n
    D2 = (1 - phi) ** 2 * (1 - 1 / n)
    pr.update(batch=B, eta=math.sqrt(D2 / (G2 * J)), close=close, relearn_drift=2 * close + 0.2, relearn="steps")
    return pr


def theorem3_apriori_exponent(c=None):
    """e(c) = max((1 + c)/2, 1 − c/2, c) as a sympy expression in c (or its value at a given c)."""
    import sympy as sp

    cs = sp.Symbol("c", positive=True)
    e = sp.Max((1 + cs) / 2, 1 - cs / 2, cs)
    return e if c is None else e.subs(cs, c)


def theorem3_optimal_c():
    """The minimiser of e(c) on (0, 1] and the minimum, solved with sympy: (1/2, 3/4).

    On (0, 1], c ≤ (1 + c)/2, so e = max((1+c)/2, 1 − c/2); the first increases, the second decreases,
    so the minimum is where they cross: (1 + c)/2 = 1 − c/2 ⇔ c = 1/2, e = 3/4.
    """
    import sympy as sp

    c = sp.Symbol("c", positive=True)
    sol = sp.solve(sp.Eq((1 + c) / 2, 1 - c / 2), c)
    c_star = sol[0]
    return c_star, theorem3_apriori_exponent(c_star)


def stationary_memory_noise(p, gamma):
    """√(2/π) Σ_i √(p_i(1 − p_i)(1 − γ)/(1 + γ)): the Gaussian approximation of E‖v − p‖₁ for the
    stationary discounted memory when every choice is drawn i.i.d. from p.

    Exact ingredient: v_i = (1 − γ) Σ_s γ^s X_{t−s}, X ~ Bernoulli(p_i) i.i.d., so
    Var v_i = p_i(1 − p_i)(1 − γ)² Σ_s γ^{2s} = p_i(1 − p_i)(1 − γ)/(1 + γ); E|Z| = √(2/π) σ for a
    normal Z (central limit in the horizon H = 1/(1 − γ)). The floor below which invariant 5's
    tolerance cannot go.
    """
    p = np.asarray(check_probability_vector("stationary_memory_noise", p), dtype=float)
    if not (isinstance(gamma, numbers.Real) and 0 <= gamma < 1):
        raise ValueError(f"stationary_memory_noise: gamma must be a number in [0, 1); got {gamma!r}.")
    return float(math.sqrt(2 / math.pi) * np.sqrt(p * (1 - p) * (1 - gamma) / (1 + gamma)).sum())


def _log_subsets(n: int) -> float:
    """ln(2ⁿ − 2) (the number of non-empty proper subsets of [n]), overflow-free; 0 for n ≤ 1."""
    if n <= 1:
        return 0.0
    return n * math.log(2.0) + math.log1p(-(2.0 ** (1 - n)))


def invariant5_threshold(*, start_gap, carry, bias, weight_sq_sum, n, delta):
    """τ = α·g₀ + β + √(2 Σ_s ω_s² ln((2ⁿ − 2)/δ)): invariant 5's high-probability threshold [derived, ours].

    Returns ``(tau, parts)`` with parts = {"start_gap_term": α g₀, "bias_term": β, "martingale_term": …}.

    Statement. Let step j of Algorithm 3 start at round t₀ with tracked memory v_{t₀} = M_{t₀}/W_{t₀}
    (Definition 1, ``memory.py``: M the unnormalised memory, W its total weight with v_1's pseudo-weight W_0, so
    W_t = γ W_{t−1} + 1 is *deterministic*) and last B' rounds s = t₀, …, t₀ + B' − 1 with iterate x_j fixed.
    Let q_s = P(i_s = · | past) be round s's exact expected choice (Lemma 6: q_s = Σ_K μ_K q(K; f(v_s))) and
    b_s ≥ ‖q_s − x_j‖₁ any bound fixed before round s's draw. Then, w.p. ≥ 1 − δ (given the past at t₀),

        ‖v_end − x_j‖₁ ≤ α g₀ + Σ_s ω_s b_s + √(2 Σ_s ω_s² ln((2ⁿ − 2)/δ)),

    α = γ^{B'} W_{t₀}/W_end, g₀ = ‖v_{t₀} − x_j‖₁, ω_s = γ^{t₀+B'−1−s}/W_end (α + Σ_s ω_s = 1), W_end = γ^{B'} W_{t₀}
    + Σ_{r<B'} γ^r.  Algorithm 3 uses b_s = min(2, 2(ρ_s − 1)/(ρ_s + 1) + ‖y_s − x_j‖₁) (Lemma 6 in situ: ‖q_s − y_s‖₁
    ≤ 2(ρ_s − 1)/(ρ_s + 1), invariant 6; plus the movement ‖y_s − x_j‖₁, 0 when y_s = x_j; b_s = 2 when no menu
    distribution is realisable).

    Proof. Definition 1 unrolled over the step: M_end = γ^{B'} M_{t₀} + Σ_s γ^{t₀+B'−1−s} e_{i_s}, hence the identity
        v_end − x_j = α (v_{t₀} − x_j) + Σ_s ω_s (q_s − x_j) + Σ_s ω_s (e_{i_s} − q_s)
    (using α + Σ ω_s = 1). The first two terms are bounded in ℓ₁ by α g₀ and Σ ω_s b_s. The third, Z, is a vector
    martingale with *deterministic* weights ω_s (W is deterministic). Since Σ_i Z_i = 0, ‖Z‖₁ = 2 max_S Z(S) over
    non-empty proper subsets S ⊂ [n], Z(S) = Σ_s ω_s (1{i_s ∈ S} − q_s(S)); each increment lies in an interval of
    length ω_s, so Azuma–Hoeffding gives P(Z(S) ≥ ε) ≤ exp(−2ε²/Σ ω_s²), and a union bound over the 2ⁿ − 2 sets
    with ε = √(Σ ω_s² ln((2ⁿ − 2)/δ)/2) gives P(‖Z‖₁ ≥ 2ε) ≤ δ. (The ℓ₁ union over subsets beats n per-coordinate
    bounds: for n = 5, δ = 0.05, 3.3 vs 8.7 times √Σω².) ∎

    Scope: v is the *tracked* memory and q_s is evaluated there (the monitor's convention, as for invariants 2
    and 6); it is the agent's memory when the algorithm's v_1, W_0 are the agent's (the certificates' setting;
    otherwise they differ by the initial share ≤ γ^S W_0/W_S after burn-in). Relation to ``close``: see
    ``invariant5_apriori_threshold``.
    """
    fn = "invariant5_threshold"
    for name, val, lo, hi in (("start_gap", start_gap, 0.0, 2.0 + 1e-9), ("carry", carry, 0.0, 1.0 + 1e-12),
                              ("bias", bias, 0.0, 2.0 + 1e-9), ("weight_sq_sum", weight_sq_sum, 0.0, 1.0 + 1e-12)):
        if isinstance(val, bool) or not isinstance(val, numbers.Real) or not (lo <= val <= hi):
            raise ValueError(f"{fn}: {name} must be a number in [{lo:g}, {hi:g}]; got {val!r}.")
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"{fn}: n must be a positive integer; got {n!r}.")
    if not (isinstance(delta, numbers.Real) and 0 < delta < 1):
        raise ValueError(f"{fn}: delta must be a number in (0, 1); got {delta!r}.")
    gap = float(carry) * float(start_gap)
    mart = 0.0 if n == 1 else math.sqrt(2.0 * float(weight_sq_sum) * (_log_subsets(int(n)) - math.log(delta)))
    tau = gap + float(bias) + mart
    return tau, {"start_gap_term": gap, "bias_term": float(bias), "martingale_term": mart}


def invariant5_apriori_threshold(H, batch, n, delta, *, rho_bar=1.0, movement=0.0):
    """τ̄ = 2γ^B + 2(ρ̄ − 1)/(ρ̄ + 1) + δ_y + √(2 ln((2ⁿ − 2)/δ)/((1 + γ) H))/(1 − γ^B)  (γ = 1 − 1/H) [derived].

    An a-priori bound on ``invariant5_threshold`` for a full step of B rounds, given ρ_s ≤ ρ̄ and ‖y_s − x_j‖₁ ≤ δ_y
    in every step round, when the memory's total weight satisfies W ≤ H (true when W_0 ≤ H: W_t = γW_{t−1} + 1 stays
    below 1/(1 − γ) = H): then α ≤ γ^B (W_end = γ^B W_{t₀} + (1 − γ^B)H ≥ W_{t₀}), g₀ ≤ 2, and
    Σ ω_s² ≤ (Σ_r γ^{2r})/W_end² ≤ H/((1 + γ) H²(1 − γ^B)²). Returns (τ̄, parts).

    Relation to the schedule's heuristic ``close`` = max(0.1, 2.5·stationary_memory_noise(u_n, γ)) ≈
    2.5√(2/π)√((n − 1)/(2H)) (the Gaussian mean deviation at u_n, times 2.5): with B = ⌈H ln(4/close)⌉ the start-gap
    term is ≤ close/2 and the martingale term is √(ln((2ⁿ − 2)/δ)/H)·(1 + O(1/H))/(1 − close/4) — for n = 5,
    δ = 0.05: 2.53/√H vs the heuristic's 2.83/√H — so τ̄ ≈ 1.4·close + 2(ρ̄ − 1)/(ρ̄ + 1) + δ_y when close is not
    at its 0.1 floor: the same order √(n/H) (up to √ln of the union bound), plus the targeting error.
    """
    fn = "invariant5_apriori_threshold"
    if not (isinstance(H, numbers.Real) and H >= 1):
        raise ValueError(f"{fn}: H must be a number >= 1; got {H!r}.")
    if isinstance(batch, bool) or not isinstance(batch, numbers.Integral) or batch < 1:
        raise ValueError(f"{fn}: batch must be a positive integer; got {batch!r}.")
    if not (isinstance(rho_bar, numbers.Real) and rho_bar >= 1):
        raise ValueError(f"{fn}: rho_bar must be a number >= 1; got {rho_bar!r}.")
    if not (isinstance(movement, numbers.Real) and 0 <= movement <= 2):
        raise ValueError(f"{fn}: movement must be a number in [0, 2]; got {movement!r}.")
    if not (isinstance(delta, numbers.Real) and 0 < delta < 1):
        raise ValueError(f"{fn}: delta must be a number in (0, 1); got {delta!r}.")
    gamma = 1.0 - 1.0 / float(H)
    gB = math.exp(int(batch) * math.log1p(-1.0 / float(H))) if H > 1 else 0.0  # γ^B without rounding γ to 1
    gap = 2.0 * gB
    bias = min(2.0, 2 * (rho_bar - 1) / (rho_bar + 1) + float(movement))
    mart = 0.0 if n == 1 else math.sqrt(2 * (_log_subsets(int(n)) - math.log(delta)) / ((1 + gamma) * H)) / (1 - gB)
    return gap + bias + mart, {"start_gap_term": gap, "bias_term": bias, "martingale_term": mart}


LEARN_HITS = 12  # expected choices of the least-targeted item per learning stage (``theorem3_learn_rounds``)


def theorem3_learn_rounds(H: float, n: int, phi: float, *, learn_factor: int = 1, hits: int = LEARN_HITS) -> int:
    """m = learn_factor · max(⌈H⌉, ⌈hits · n/φ⌉): the learning-stage length of the schedules [derived].

    Why this m (with the one-shot Luce MLE, ``estimator="mle"``). Invariant 1's threshold is computed from the
    stage's own data (``luce_calibrated_spread``: z·√R_max(Î) at level δ, plus the learning-drift term), so it
    needs no particular m to be *valid* — only the normal approximation of the MLE behind it, i.e. enough
    choices of every item: a learning round targets p = v̄ ∈ Δ_φ, so item i is chosen w.p. ≈ p_i ≥ φ/n and
    E[count_i] ≥ m φ/n ≥ ``hits`` (= 12; ≈ 40 per item at p = u_n, n = 5, φ = 0.3). The a-priori rate only needs
    m ≳ H (ln ρ̄ ≍ √(ln T/m) ≍ T^{−c/2}). One initial stage suffices: the MLE is consistent in one shot (the
    former 2 stages of 4·max(⌈H⌉, 40n) rounds served the fixed-point ``lemma7_update``, which contracts only
    by iterating). Calibration at this m is binomial-tested (``algorithm3_invariants_and_regret_le_bound``).
    """
    return int(learn_factor) * max(math.ceil(H), math.ceil(hits * n / phi))


def theorem3_invariant_parameters(T: int, c_exp: float, n: int, k: int, phi: float, *, learn_factor: int = 1):
    """A schedule for γ = 1 − T^{−c} under which invariant 5 can hold (gap C; ours).

    ``theorem3_parameters`` uses B = ⌈H⌉ and the algorithm's default close = 0.1; the memory then
    contracts toward the targets only by γ^B ≈ 1/e per step and fluctuates by
    ``stationary_memory_noise`` ≈ 0.8√(n/(2H)) anyway, so invariant 5 fails at short horizons. Here:

      close          = max(0.1, 2.5 · stationary_memory_noise(u_n, γ))   (above the noise floor)
      batch B        = ⌈H ln(4/close)⌉                                    (γ^B ≤ close/4: the start-of-step gap contracts)
      relearn_drift  = 2·close + 0.2                                      (keeps drift − 2·close = 0.2, so the
                                                                           re-learning count of ``theorem3_apriori_bound`` keeps its form)
      learn_rounds m = learn_factor · max(⌈H⌉, ⌈12 n/φ⌉)                  (``theorem3_learn_rounds``: ≥ 12 expected
                                                                           choices per item; one initial stage)
      η              = D/(G√J),  J = T/(2B),  G² = n²/(φB) + n            (as in ``theorem3_parameters``)
      stale_tol      = min(0.02, 1/√H)                                     (μ rebuilt when f̂(v_t) moved by more;
                                                                            → 0 so invariant 2's factor → 1)

    Measured (``algorithm3_invariant5_holds_with_noise_scaled_schedule``): invariant 5 against the proved
    ``invariant5_threshold`` passes its level-δ binomial test for c ∈ {0.1, …, 0.7}; ``close`` itself is a
    heuristic (2.5 × the Gaussian mean deviation) and fails rarely at small c (c = 0.2: ≈ 1 step end in 500). With Luce-MLE learning and fresh menus (the defaults of ``ScaleBoundedOGD``) invariants 1–2
    hold against their derived thresholds (``algorithm3_invariants_and_regret_le_bound``). The default
    schedule of the certificates; the a-priori exponent is unchanged up to logs (``theorem3_apriori_bound``).
    """
    pr = theorem3_parameters(T, c_exp, n, k, phi)
    H, gamma = pr["H"], pr["gamma"]
    # stationary_memory_noise(u_n, γ) written with H (γ rounds to 1.0 in floats for huge H)
    close = max(0.1, 2.5 * math.sqrt(2 / math.pi) * n * math.sqrt((1 / n) * (1 - 1 / n) / (2 * H - 1)))
    B = max(1, math.ceil(H * math.log(4.0 / close)))
    J = max(1.0, T / (2.0 * B))
    G2 = n * n / (phi * B) + n
    D2 = (1 - phi) ** 2 * (1 - 1 / n)
    return {"gamma": gamma, "H": H, "batch": B, "learn_rounds": theorem3_learn_rounds(H, n, phi, learn_factor=learn_factor),
            "eta": math.sqrt(D2 / (G2 * J)), "close": close, "relearn_drift": 2 * close + 0.2,
            "stale_tol": min(0.02, 1.0 / math.sqrt(H))}


def theorem3_moving_factor_parameters(T: int, c_exp: float, n: int, k: int, phi: float, *, learn_factor: int = 4,
                                      drift_scale: float = 1.0, drift_max: float = 0.2):
    """A schedule for γ = 1 − T^{−c} whose a-priori bound is sublinear also when the factors move (L_κ > 0) [ours].

    ``theorem3_invariant_parameters`` re-learns only after a factor drift relearn_drift − 2·close = 0.2 and keeps
    close ≥ 0.1: with L_κ > 0 the spread ρ̄ then stays a constant and the bias term of ``theorem3_apriori_bound``
    is linear in T. Here both shrink with T (everything else as there):

      d (free drift)  = min(drift_max, drift_scale · T^{−(1−c)/4})            (the balancing exponent, below)
      close           = max(2.5 · stationary_memory_noise(u_n, γ), d)         (above the noise floor AND ≥ d:
                                                                               the targeting error ≍ L_κ d moves the
                                                                               memory off x_j by that order)
      relearn_drift   = 2·close + d                                           (> 2·close by construction)
      B, m, η, stale_tol as in ``theorem3_invariant_parameters``, except learn_factor = 4 by default
      (m = 4·max(⌈H⌉, ⌈12n/φ⌉)): a constant in m, invisible in the exponent, but it sets the finite-T argmin of
      this schedule's a-priori bound — on the 0.05 c-grid it is 0.35 at T = 1e40 with learn_factor 4 and 0.40 with
      learn_factor 1 (0.35 for both from T = 1e60 on).

    Derivation of the exponent (``theorem3_apriori_exponent_moving_factors``; H = T^c, d = T^{−a}):
      learning   R ≤ 1 + J δ_x/d re-learnings (consecutive ones ≥ d/δ_x steps apart, ``theorem3_apriori_bound``),
                 J δ_x = √n (n/φ) η J ≍ √J (η ≍ 1/√J), each costs m ≍ H rounds:  H √(T/H)/d ≍ T^{(1+c)/2 + a};
      bias       T · ln ρ̄, ln ρ̄ ≲ (statistical) T^{−c/2}√(ln T) + 2 L_κ (3·close + d + δ_x):
                 close ≍ max(T^{−c/2}, T^{−a}), δ_x ≍ T^{−(1−c)/2}  ⇒  T^{1 − min(c/2, a)};
      ogd        T^{(1+c)/2} (up to logs);  burn ≍ T^c;  failure ≤ 1 + R.
    The learning and drift terms balance at a = (1 − c)/4 (T^{(1+c)/2}/d = T d), so
        e(c) = max((3 + c)/4, 1 − c/2),  minimised where (3 + c)/4 = 1 − c/2:  c* = 1/3, e* = 5/6
    (``theorem3_optimal_c_moving_factors``, sympy). Which constraint binds: close ≍ max(noise, d) with
    noise ≍ √(n/H) = T^{−c/2}, d = T^{−(1−c)/4}; noise ≥ d ⇔ c ≤ 1/3. For c < 1/3 the noise floor binds
    (relearn_drift ≈ 2·close: the condition relearn_drift > 2·close is what limits how small the drift can be,
    and the bias is set by the memory noise T^{1−c/2}); for c > 1/3 the free drift d binds (close = d,
    relearn_drift = 3d, bias ≍ T^{(3+c)/4}); the optimum c* = 1/3 is exactly where they meet.
    At runnable T (≤ 10⁴) d = drift_max = 0.2 for c ≥ 0.25 and close = 2.5·noise ≈ 0.2–1: the schedule then
    coincides with ``theorem3_invariant_parameters`` up to its 0.1 floor on close.

    Consistency of invariant 5 (A5) [caveat]. The memory ends a step within noise + targeting error of x_j, and
    the targeting error is ≤ ln ρ̄ ≥ 2L_κ(drift + close) ≥ 2L_κ(3·close + d): close ≥ that error holds in the worst
    case only for L_κ < 1/8 (close = d) — above it A5 stays an assumption (checked at run time, invariant 5).
    """
    fn = "theorem3_moving_factor_parameters"
    for name, val in (("drift_scale", drift_scale), ("drift_max", drift_max)):
        if isinstance(val, bool) or not isinstance(val, numbers.Real) or not val > 0:
            raise ValueError(f"{fn}: {name} must be a positive number; got {val!r}.")
    if isinstance(c_exp, bool) or not isinstance(c_exp, numbers.Real) or not 0 < c_exp <= 1:
        raise ValueError(f"{fn}: c_exp must be a number in (0, 1]; got {c_exp!r}.")
    pr = dict(theorem3_invariant_parameters(T, c_exp, n, k, phi, learn_factor=learn_factor))
    H = pr["H"]
    d = min(float(drift_max), float(drift_scale) * float(T) ** (-(1.0 - c_exp) / 4.0))
    noise = math.sqrt(2 / math.pi) * n * math.sqrt((1 / n) * (1 - 1 / n) / (2 * H - 1))
    close = max(2.5 * noise, d)
    B = max(1, math.ceil(H * math.log(4.0 / close)))
    J = max(1.0, T / (2.0 * B))
    G2 = n * n / (phi * B) + n
    D2 = (1 - phi) ** 2 * (1 - 1 / n)
    pr.update(batch=B, eta=math.sqrt(D2 / (G2 * J)), close=close, relearn_drift=2 * close + d, free_drift=d)
    return pr


def theorem3_apriori_exponent_moving_factors(c=None):
    """e(c) = max((3 + c)/4, 1 − c/2, c): the a-priori exponent of ``theorem3_apriori_bound(schedule="moving")``
    when L_κ > 0, as a sympy expression in c (or its value at c). Derived by ``theorem3_optimal_c_moving_factors``."""
    import sympy as sp

    cs = sp.Symbol("c", positive=True)
    e = sp.Max((3 + cs) / 4, 1 - cs / 2, cs)
    return e if c is None else e.subs(cs, c)


def theorem3_optimal_c_moving_factors():
    """(c*, e*, a*(c)) = (1/3, 5/6, (1 − c)/4), solved with sympy from the term exponents (d = T^{−a}):

        learning (1 + c)/2 + a,   drift bias 1 − a,   noise/statistical bias 1 − c/2,   ogd (1 + c)/2,   burn c.
    For fixed c the first two balance at a*(c) = (1 − c)/4 (the others do not depend on a), giving
    e(c) = max((3 + c)/4, 1 − c/2) (``theorem3_apriori_exponent_moving_factors``); the increasing and the
    decreasing branch cross at c* = 1/3, e* = 5/6.
    """
    import sympy as sp

    c, a = sp.symbols("c a", positive=True)
    a_star = sp.solve(sp.Eq((1 + c) / 2 + a, 1 - a), a)[0]
    branch_up = sp.simplify((1 + c) / 2 + a_star)
    c_star = sp.solve(sp.Eq(branch_up, 1 - c / 2), c)[0]
    return c_star, theorem3_apriori_exponent_moving_factors(c_star), a_star
