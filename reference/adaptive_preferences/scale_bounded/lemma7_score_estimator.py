"""Lemma 7 (paper A, arXiv 2302.06014, Appendix C.2): the score estimator of Algorithm 3's learning stages.

The surviving text describes the estimator in words — observed against targeted frequency, scaled by the
assumed score — and says that the normaliser of each trial is first taken to be one and "subsequently
correct[ed] for ... by renormalizing". The formulas below are our reconstruction [recon]; the closed
forms of their expectations are ours [derived].

Main statements
---------------
* ``lemma7_estimate(i_t, p, f̂)`` [recon] — X_i = f̂_i·1{i_t = i}/p_i from one observed choice.
* ``lemma7_expected_estimate(μ, p, f̂, f)`` [derived] — E[X] over one round by enumeration; closed form
  f̂ ⊙ q/p = f ⊙ κ (κ of ``lemma6_factors``). It equals f/Z for one common Z only when κ is constant on
  the support of μ.
* ``lemma7_trial_estimate(K, i_t, f̂)`` [recon] — the per-trial form X_i = F̂_K·1{i_t = i}, i ∈ K;
  ``lemma7_trial_expectation`` — E[X_i | K] = f_i/Z_K exactly, Z_K = F_K/F̂_K (the trial's normaliser).
* ``lemma7_range_bound(p, f̂)`` [derived] — max_i f̂_i/p_i, the largest value X takes.
* ``lemma7_update(f̂, p, counts, m)`` [recon] — the average of X over m rounds, one fixed-point step
  f̂ ← f ⊙ κ(f̂) in expectation (f̂ ∝ f is its fixed point); Algorithm 3's ``estimator="lemma7"``.
* ``initial_assumed_scores(v, λ, c)`` [recon] — the pessimistic/optimistic start of the first learning
  stage: f̂_i = c(v_i + λ) if v_i ≥ 1/n, else (v_i + λ)/c.

The renormalised estimator (one joint Luce likelihood for every trial's normaliser) is
``lemma7_luce_mle`` [ours].

Certified: ``lemma7_estimator_expectation_closed_form``
(``certificates/adaptive_preferences/scale_bounded/lemma7_estimator.py``), exact Fractions.
Findings: docs/findings.md, "Lemma 7: the mixture estimator is biased".

Notation
--------
==========  =============================  ==============================================
paper       code                           meaning
==========  =============================  ==============================================
X           ``lemma7_estimate``            Lemma 7's estimator of the scores
i_t         ``chosen``                     the item the agent picked
p           ``p``                          targeted choice distribution (p > 0, in Δ_φ)
f̂, f        ``assumed_scores``, ``true_scores``   assumed and true scores
K, F̂_K      ``menu``                       the shown menu, Σ_{j∈K} f̂_j
Z_K         (returned)                     F_K/F̂_K, the trial's normaliser
==========  =============================  ==============================================

Implementation notes
--------------------
Exact mode (rational vectors, Fraction weights) computes in Fractions. Requires p > 0 (targets lie in Δ_φ).

References: paper A, arXiv 2302.06014, Appendix C.2 (Lemma 7, "initial learning").
"""

from __future__ import annotations

import numbers
from fractions import Fraction

import numpy as np

from reference._numerics import (
    as_vector,
    check_integer,
    check_lam,
    check_menu,
    check_positive_vector,
    check_probability_vector,
    check_real,
    exact_mode,
)
from reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores import (
    check_menu_distribution_pairs,
    check_score_pair,
    menu_weights,
)

__all__ = [
    "lemma7_estimate",
    "lemma7_expected_estimate",
    "lemma7_trial_estimate",
    "lemma7_trial_expectation",
    "lemma7_range_bound",
    "lemma7_update",
    "initial_assumed_scores",
]


def _check_chosen(fn: str, chosen, n: int) -> int:
    """An item index in 0..n−1 (the observed choice)."""
    if isinstance(chosen, (bool, np.bool_)) or not isinstance(chosen, numbers.Integral) or not 0 <= chosen < n:
        raise ValueError(f"{fn}: chosen must be an item index in 0..{n - 1}; got {chosen!r}.")
    return int(chosen)


def _positive_target(fn: str, p, n: int, exact: bool):
    """A probability vector with every entry positive (a point of Δ_φ, φ > 0)."""
    p = check_probability_vector(fn, p, n=n, exact=exact, n_from="assumed_scores")
    if min(p) <= 0:
        raise ValueError(f"{fn}: p must give every item positive probability (a point of Δ_φ, φ > 0); "
                         f"its smallest entry is {min(p)}.")
    return p


def lemma7_estimate(chosen, p, assumed_scores):
    """X_i = f̂_i · 1{i_t = i} / p_i: Lemma 7's estimator from one observed choice [recon].

    Observed against targeted frequency (1{i_t = i} against p_i), times the assumed score. Its exact
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
    fh, f, exact = check_score_pair(fn, assumed_scores, true_scores, menu_weights(menu_distribution))
    exact = exact and exact_mode(p)
    p = _positive_target(fn, p, len(f), exact)
    pairs, _ = check_menu_distribution_pairs(fn, menu_distribution, len(f), exact)
    e = [Fraction(0)] * len(f) if exact else np.zeros(len(f))
    for menu, w in pairs:
        total = sum(f[j] for j in menu)  # F_K
        for j in menu:  # outcome: the agent picks j, X = lemma7_estimate(j, ...)
            prob = w * f[j] / total
            e[j] += prob * fh[j] / p[j]
    return e


def lemma7_trial_estimate(menu, chosen, assumed_scores):
    """Per-trial Lemma 7 estimator: X_i = F̂_K · 1{i_t = i} = f̂_i · 1{i_t = i} / q̂_i(K), i ∈ K [recon].

    q̂_i(K) = f̂_i/F̂_K is the *targeted* frequency of i on the shown menu. Given K,
    E[X_i | K] = F̂_K f_i / F_K = f_i / Z_K with Z_K = F_K / F̂_K — exactly unbiased up to the
    trial's normaliser (``lemma7_trial_expectation``). Entries off the menu are None.
    """
    fn = "lemma7_trial_estimate"
    exact = exact_mode(assumed_scores)
    fh = check_positive_vector(fn, assumed_scores, arg="assumed_scores", exact=exact)
    check_menu(fn, menu, len(fh))
    menu = tuple(int(i) for i in menu)
    chosen = _check_chosen(fn, chosen, len(fh))
    if chosen not in menu:
        raise ValueError(f"{fn}: chosen={chosen} is not on the menu {menu}.")
    Fh = sum(fh[j] for j in menu)  # F̂_K
    zero = Fraction(0) if exact else 0.0
    return [(Fh if i == chosen else zero) if i in menu else None for i in range(len(fh))]


def lemma7_trial_expectation(menu, assumed_scores, true_scores):
    """(E[X_i | K] by enumeration over the choice, Z_K = F_K/F̂_K): E[X_i | K] = f_i/Z_K exactly [derived]."""
    fn = "lemma7_trial_expectation"
    fh, f, exact = check_score_pair(fn, assumed_scores, true_scores)
    check_menu(fn, menu, len(f))
    menu = tuple(int(i) for i in menu)
    F = sum(f[j] for j in menu)  # F_K
    e = [Fraction(0) if exact else 0.0 if i in menu else None for i in range(len(f))]
    for j in menu:
        x = lemma7_trial_estimate(menu, j, fh)
        for i in menu:
            e[i] += (f[j] / F) * x[i]
    Z = F / sum(fh[j] for j in menu)
    return e, Z


def lemma7_range_bound(p, assumed_scores):
    """max_i f̂_i / p_i: the largest value X can take (X ∈ {0, f̂_i/p_i} coordinate-wise) [derived].

    Under Definition 3 with f̂ scale-bounded at v (f̂_i ≤ c(v_i + λ)s) and p ∈ Δ_φ (p_i ≥ φ/n)
    this is ≤ c s (1 + λ) n/φ; near uniform memory (v_i ≤ 2/n) and p near u_n it is O(c s (1 + nλ)).
    """
    fn = "lemma7_range_bound"
    exact = exact_mode(p, assumed_scores)
    fh = check_positive_vector(fn, assumed_scores, arg="assumed_scores", exact=exact)
    p = _positive_target(fn, p, len(fh), exact)
    return max(a / b for a, b in zip(fh, p))


def lemma7_update(assumed_scores, p, counts, rounds: int) -> np.ndarray:
    """Average of Lemma 7's estimator over ``rounds`` rounds targeting p: f̂ ⊙ (counts/rounds)/p, max 1 [recon].

    ``p`` may be the average over the rounds of the targeted (predicted) choice distribution when the
    assumed scores follow the memory. Zero counts are replaced by 1/2 (keeps f̂ > 0). This is the
    fixed-point iteration f̂ ← f ⊙ κ(f̂) in expectation; f̂ ∝ f is its fixed point (κ constant there,
    Lemma 6), so it contracts only by iterating.
    """
    fn = "lemma7_update"
    fh = check_positive_vector(fn, assumed_scores, arg="assumed_scores")
    p = _positive_target(fn, p, len(fh), False)
    counts = as_vector(fn, "counts", counts, n=len(fh), n_from="assumed_scores")
    if (counts < 0).any():
        raise ValueError(f"{fn}: counts must be non-negative; got {counts.tolist()}.")
    rounds = check_integer(fn, "rounds", rounds)
    counts = np.maximum(counts, 0.5)  # zero counts → 1/2
    est = fh * (counts / rounds) / p
    if not np.isfinite(est).all():
        raise ValueError(f"{fn}: f̂ ⊙ (counts/rounds)/p overflows float64 (assumed_scores {fh.max()}, "
                         f"smallest p {p.min()}).")
    return est / est.max()


def initial_assumed_scores(memory, lam: float, c: float) -> np.ndarray:
    """The pessimistic/optimistic start: f̂_i = c(v_i + λ) if v_i ≥ 1/n, else (v_i + λ)/c [recon].

    Over-estimating the scores of high-memory items (and under-estimating the low ones) makes the
    menus that target u_n under f̂ favour the low items, which keeps the memory near u_n (paper A,
    Appendix C.2, "initial learning").
    """
    fn = "initial_assumed_scores"
    v = check_probability_vector(fn, memory, arg="memory")
    n = len(v)
    check_lam(fn, lam)
    check_real(fn, "c", c, low=1)
    return np.where(v >= 1.0 / n, c * (v + lam), (v + lam) / c)
