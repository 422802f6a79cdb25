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
  ``lemma6_l1_bound``: ‖q − p‖₁ ≤ 2(1 − a/b).
* **Lemma 7** [seed C.2, recon]: ``lemma7_estimate`` — the estimator X_i = f̂_i·1{i_t = i}/p_i
  ("observed vs targeted frequency", scaled by the assumed score); ``lemma7_expected_estimate``
  — its exact expectation over one choice, f̂ ⊙ q / p = f ⊙ κ; ``lemma7_trial_estimate`` — the
  per-trial form (conditioned on the shown menu K): X_i = F̂_K·1{i_t = i}, exactly unbiased for
  f_i/Z_K with the trial's normaliser Z_K = F_K/F̂_K (the seed: "we initially assume [Z = 1] for
  each trial, and will subsequently correct for this ... by renormalizing"); ``lemma7_range_bound``.
* **Lemma 8** [seed C.2, recon]: ``lemma8_targeting_error_bound(eps)`` — if
  (1−ε) f_i ≤ f̂_i ≤ (1+ε) f_i for all i, the choice distribution produced when targeting p with
  f̂ satisfies ‖q − p‖₁ ≤ 2(1 − (1−ε)/(1+ε)) = 4ε/(1+ε)  (Lemma 6 with a/b = (1−ε)/(1+ε)).
* **Burn-in** [seed C.2 prose, recon]: ``BurnIn`` — saturate memory on k items, then always show
  the k lowest-memory items; ``lowest_k_max_memory_bound`` — a deterministic invariant of the
  lowest-k rule (any agent behaviour): max_i v_i never exceeds it.

Finding about the seed's Lemma 7 (certified, see ``certificates/a_theorem3.py``). Lemma 7's proof
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
from reference.adaptive_preferences.choice import check_menu_distribution

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
    """2(1 − a/b) ≥ ‖q − p‖₁ (Lemma 6, ℓ1 form).

    Proof: Σ_i |q_i − p_i| = 2 Σ_i (p_i − q_i)^+ (both sum to 1) ≤ 2 Σ_i p_i (1 − a/b) = 2(1 − a/b).
    """
    lo, _ = lemma6_ratio_interval(assumed_scores, true_scores)
    return 2 * (1 - lo)


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
    """4ε/(1+ε): the ℓ1 targeting error when every estimate is within a factor (1 ± ε).

    Lemma 8 [recon]: (1−ε) f_i ≤ f̂_i ≤ (1+ε) f_i ∀i and μ realises p under f̂ ⇒
    ‖Σ μ_K q(K; f) − p‖₁ ≤ 2(1 − (1−ε)/(1+ε)) = 4ε/(1+ε).
    Proof: r_i = f_i/f̂_i ∈ [1/(1+ε), 1/(1−ε)], so a/b ≥ (1−ε)/(1+ε); apply ``lemma6_l1_bound``.
    Exact for Fraction ε.
    """
    eps = _check_eps("lemma8_targeting_error_bound", eps)
    return 4 * eps / (1 + eps)


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
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
            raise ValueError(f"{fn}: n must be an integer >= 2; got {n!r}.")
        self.n = int(n)
        self.k = check_k(fn, k, self.n)
        if not (isinstance(gamma, numbers.Real) and 0 < gamma < 1):
            raise ValueError(f"{fn}: gamma must be a number in (0, 1); got {gamma!r}.")
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
