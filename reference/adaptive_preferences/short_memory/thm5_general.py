"""Theorem 5 for k ≥ 2 under a condition (paper A, §6.1 / Appendix E.1): EXP-φ's regret is O(√T); and
the k = 3 counterexample showing that without it the linear term of the every-instance bound is necessary.

Status: **ours** [derived], built on the seed's tighter choice bound [recon]. The surviving text asserts
that "the fraction of each other item played also quicly [sic] approaches [φ/n — our reading; the symbol
is lost] in expectation"; for lowest-memory filling with k ≥ 3 that is false in general (the
counterexample below), and true in a one-sided form under the condition below.

Main statements
---------------
* **The seed's choice bound g̃ and its concavity** [recon]. E.1 bounds the fillers' memory by "the total
  weight of items in memory other than [a]"; our reading of the lost bound: the k − 1 lowest of the other
  n − 1 items carry Σ v_j ≤ (k − 1)(1 − x)/(n − 1), which gives (``seed_committed_choice_lower_bound``)

      P(a chosen | v) ≥ g̃(x) = (x + λ)/(x + λ + c²(k−1)((1 − x)/(n−1) + λ)),   x = v_a.

  g̃ = (x + λ)/(b₀ + b₁x) with b₁ = 1 − c²(k−1)/(n−1), and g̃'' = −2b₁(b₀ − λb₁)/(b₀ + b₁x)³ with
  b₀ − λb₁ > 0 (``seed_bound_second_derivative``, sympy): **g̃ is concave iff c²(k − 1) ≤ n − 1**
  (``seed_bound_concavity_margin`` ≥ 0) — our reading of the seed's "concave for positive [x] when [the
  condition; lost]" ("the denominator increases in x"). Under it, the chord/induction argument of
  ``thm5_exp_phi.window_frequency_lower_bounds`` applies verbatim: E C_a ≥ Σ_{t<L} ℓ̃_t with
  ℓ̃_t = g̃(0) + slope·m̃*(1 − ρ^t), m̃* = g̃(0)/(1 − g̃(1) + g̃(0)), ρ = 1 − (1 − γ)(1 − slope)
  (``seed_window_frequency_lower_bounds``, ``seed_window_frequency_sum``, ``seed_fixed_point``). g̃ ≥ g,
  so m̃* ≥ m*.
* **Lemma F (LRU rotation, pathwise)** (``filler_count_upper_bound``). With γ < 1/2 the fillers are the
  k − 1 least recently chosen non-committed items (Lemma R, ``sec6_exp_phi``). A chosen filler j becomes
  the most recent of the n − 1 non-committed items and is back in the k − 1 slots only when ≤ k − 2 of
  them are less recent than it; while j is out, every chosen filler is one of those and moves behind j.
  So ≥ n − k other filler choices separate two choices of j, and in a pull with F filler choices
  C_j ≤ 1 + (F − 1)/(n − k + 1) (also for F = 0). An equal split would need n − 1 in place of n − k + 1.
* **The deficit identity.** For a pull of a with per-round means μ (constant in the window) and the
  vertex V_a = (1 − φ)e_a + φu_n: using Σ_i E C_i = L and L v* − E C_a = Σ_{j≠a}(E C_j − Lφ/n),

      L⟨V_a, μ⟩ − Σ_i E C_i μ_i = Σ_{j≠a} (E C_j − Lφ/n)(μ_a − μ_j).

  If a is **best in the window** (μ_a ≥ μ_j for all j), each term is ≤ E(L)^+ (μ_a − μ_j), where by
  Lemma F and E F = L − E C_a ≤ L − Σℓ̃ (``filler_excess``)

      E(L) = 1 + (L − Σ_{t<L} ℓ̃_t − 1)/(n − k + 1) − Lφ/n  ≥  E C_j − Lφ/n.

  E is concave in L with slope → (1 − m̃*)/(n − k + 1) − φ/n, negative iff φ > φ_min^(k).
* **Condition** (``theorem5_general_condition``): γ < 1/2, c²(k − 1) ≤ n − 1, and
  φ > φ_min^(k) := n(1 − m̃*)/(n − k + 1) (``theorem5_general_phi_min``; a non-empty φ-range iff
  m̃* > (k − 1)/n). Rewards: means constant on each pull window, adversarial between windows, with one
  item a* best in every window (e.g. any stationary reward distribution); the agent starts from the
  algorithm's guess of v_1 (uniform, W_0 = 1). Under the condition each filler's expected share of a
  pull is ≤ φ/n (for L ≥ L₀) and the committed item takes the rest: the seed's claim, one-sided.
* ``theorem5_general_regret_bound`` — **our Theorem 5, k ≥ 2** (pseudo-regret against the means):

      Reg^μ_T(Δ_φ) ≤ L√(2Nn ln n) + Σ_{w<N} Σ_{j≠a*} E(L)^+ (μ_w(a*) − μ_w(j)) + Σ_{t≥NL} ⟨V_{a*}, μ_t⟩
                   ≤ L√(2Nn ln n) + N(n − 1)E(L)^+ + L              (``theorem5_general_apriori_bound``),

  and at L = L₀ := min{L : E(L') ≤ 0 for all L' ≥ L} (``theorem5_general_window``; finite iff
  φ > φ_min^(k)) the middle term vanishes: **Reg^μ_T(Δ_φ) ≤ √(2 T L₀ n ln n) + L₀ = O(√T)**.
  Proof: benchmark = Σ_t ⟨V_{a*}, μ_t⟩ (a* maximises Σμ); per window, G_w(a*) (the conditional expected
  reward of pulling a*, from whatever memory the window starts in) is ≥ L⟨V_{a*}, μ_w⟩ −
  Σ_j E(L)^+(μ_w(a*) − μ_w(j)) by the identity, Lemma F and the ℓ̃ bound (both hold from any start);
  EXP3 on payoffs G_w/L ∈ [0, 1] (observed window averages are unbiased, bounded samples) gives
  E Σ_w G_w(I_w) ≥ E Σ_w G_w(a*) − L√(2Nn ln n); the unfinished window costs ≤ L. For k = 2 this gives
  √T for a*-best rewards, complementing the T^{2/3} bound of ``thm5_k2`` for a*-dominant rewards.
* **The counterexample** (``theorem5_linear_regret_instance``) [derived]: n = 4, k = 3, λ = 0.2, c = 1.5,
  γ = 1/2, f_i(v) = c^{±1}(v_i + λ) with factors (1/c, 1/c, c, c), φ = 1 = ``vertex_phi_min``,
  r_t = (1, 1, 0, 0); benchmark ⟨u_4, r⟩ = 1/2 per round. EXP-φ's regret against Δ_φ is linear in T,
  while the memory-blind cycle of menus {0,1,2},{0,1,3} (``CyclicMenuRecommender``) earns at least the
  benchmark: the benchmark is attainable and EXP-φ's filling rule is what fails. Mechanism: with
  k − 1 ≥ 2 slots the disliked filler 1 stays at the front of the lowest-memory queue (its memory stays
  lowest) while the liked fillers 2, 3 rotate through the other slot and take the choices. The instance
  violates all three parts of the condition (γ = 1/2; c²(k−1) = 4.5 > 3; φ_min^(3) > 1).
* **Readings** [derived]: the counterexample survives the other readings of Definition 3 and Δ_φ:

  =====================================================  ====================================================
  reading                                                 the k = 3 counterexample
  =====================================================  ====================================================
  D1 Δ_φ = {p : p_i ≥ φ/n, Σp = 1} (ours)                 linear regret (certified)
  D2 Δ_φ = conv{(1 − φ)e_i + φu_n}                        same set as D1 (extreme points, exact)
  D3 Δ_φ = {p : p_i ≥ φ'} with φ' ≤ 1/n                   D1 with φ = nφ'; survives at φ' = 1/n
  any φ ∈ [0, 1]                                          Δ_φ ⊇ Δ_1 = {u_n}: regret only grows
  R1 ∃ common s > 0: (v_i+λ)/c ≤ f_i/s ≤ c(v_i+λ) (ours)  qualifies (exact)
  R2 no scale (s = 1)                                     qualifies unchanged (exact)
  R3 a scale per item                                     weaker than R1; qualifies
  R5 scores normalised (Σf = 1), absolute bounds          same choice probabilities, a larger c' (exact);
                                                          linear regret with the L tuned for c'
  R4 additive floor: λ + v_i/c ≤ f_i/s ≤ λ + c v_i         survives after re-tuning c = 5/2 (κ = (2/5, 2/5,
                                                          5/2, 5/2), λ = 0.2, γ = 1/2); not with c = 1.5
  =====================================================  ====================================================

Certified in certificates/adaptive_preferences/short_memory/: ``exp_phi_filler_count_le_rotation_bound``
(Lemma F, exact, pathwise) and ``theorem5_general_exp_phi_regret_le_bound`` (g̃'s concavity, the per-round
bound g̃ with exact probabilities, the bound by Monte Carlo) in thm5_general.py;
``theorem5_exp_phi_linear_regret_k3`` (the counterexample) in thm5_exp_phi.py;
``theorem5_counterexample_survives_readings`` (the table) in thm5_general.py.
Findings: docs/findings.md, "Theorem 5: why the general bound keeps a linear term",
"Theorem 5 for k ≥ 3: the φ-range", "Theorem 5: the counterexample under other readings".

Notation
--------
==========  ========================================  ============================================
paper/ours  code                                      meaning
==========  ========================================  ============================================
g̃, ℓ̃_t      ``seed_committed_choice_lower_bound``,    the seed's choice bound (with 1 − x) and its
            ``seed_window_frequency_lower_bounds``    per-round window bounds
m̃*          ``seed_fixed_point``                      limit of the chord recursion for g̃
C_j, F      ``filler_count_upper_bound``              filler j's count, filler choices in a pull
E(L)        ``filler_excess``                         bound on E C_j − Lφ/n
φ_min^(k)   ``theorem5_general_phi_min``              threshold of the condition
L₀          ``theorem5_general_window``               first L with E ≤ 0 from then on
V_a         ``vertex``                                (1 − φ)e_a + φu_n
==========  ========================================  ============================================

Implementation notes
--------------------
The concavity test c²(k − 1) ≤ n − 1 is the one float expression ``seed_bound_concavity_margin`` ≥ 0,
used by every function that needs it and by ``theorem5_general_condition``, so they never disagree.
``filler_count_upper_bound`` is exact (``Fraction``). ``theorem5_general_window`` evaluates E on
L = 1..max_window at once (vectorised closed form of Σℓ̃).

References: paper A, arXiv 2302.06014, §6.1 (Theorem 5) and Appendix E.1.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

import numpy as np

from reference._numerics import check_integer, check_k, check_real, errors_as
from reference.adaptive_preferences.short_memory.thm5_exp_phi import check_scale_bounded_params
from reference.adaptive_preferences.short_memory.thm5_k2 import check_window_means

__all__ = [
    "seed_committed_choice_lower_bound",
    "seed_bound_second_derivative",
    "seed_bound_concavity_margin",
    "seed_fixed_point",
    "seed_window_frequency_lower_bounds",
    "seed_window_frequency_sum",
    "filler_count_upper_bound",
    "theorem5_general_phi_min",
    "theorem5_general_condition",
    "filler_excess",
    "theorem5_general_window",
    "theorem5_general_regret_bound",
    "theorem5_general_apriori_bound",
    "theorem5_linear_regret_instance",
    "CyclicMenuRecommender",
]


# ------------------------------------------------------------------------------------------------
# the seed's choice bound g̃, its concavity and the window bounds ℓ̃
# ------------------------------------------------------------------------------------------------
def seed_committed_choice_lower_bound(x, n, k, lam, c):
    """g̃(x) = (x + λ)/(x + λ + c²(k−1)((1 − x)/(n−1) + λ)) ≤ P(committed item chosen) at its memory x.

    The seed's E.1 form [recon]: the k − 1 lowest of the other n − 1 items carry Σ v_j ≤ (k−1)(1−x)/(n−1)
    (``committed_choice_lower_bound`` drops the factor 1 − x). g̃ ≥ g. Concave in x iff c²(k−1) ≤ n−1
    (``seed_bound_second_derivative``). Vectorised over x.
    """
    n, k, lam, c = check_scale_bounded_params("seed_committed_choice_lower_bound", n, k, lam, c)
    x = np.asarray(x, dtype=float)
    fillers = c * c * (k - 1) * ((1.0 - x) / (n - 1) + lam)  # the fillers' score mass (over s/c)
    return (x + lam) / (x + lam + fillers)


def seed_bound_second_derivative():
    """Sympy: (g̃'', residual, b₀ − λb₁). Writing g̃ = (x+λ)/(b₀ + b₁x) with b₁ = 1 − c²(k−1)/(n−1) and
    b₀ = λ + c²(k−1)(1/(n−1) + λ) (the identity is checked: ``residual`` includes it),
    g̃'' = −2b₁(b₀ − λb₁)/(b₀ + b₁x)³ and b₀ − λb₁ = c²(k−1)(1 + λn)/(n−1) > 0, so g̃'' ≤ 0 on [0, 1] iff
    b₁ ≥ 0 iff c²(k−1) ≤ n−1. ``residual`` is 0 when both identities hold (``cancel``, fast).
    """
    import sympy as sp

    x, lam, c, k, n, b0, b1 = sp.symbols("x lambda c k n b0 b1", positive=True)
    g = (x + lam) / (b0 + b1 * x)
    g2 = sp.diff(g, x, 2)
    r_deriv = sp.cancel(g2 + 2 * b1 * (b0 - lam * b1) / (b0 + b1 * x) ** 3)  # the generic second derivative
    B1 = 1 - c**2 * (k - 1) / (n - 1)
    B0 = lam + c**2 * (k - 1) * (1 / (n - 1) + lam)
    r_denominator = sp.cancel(x + lam + c**2 * (k - 1) * ((1 - x) / (n - 1) + lam) - (B0 + B1 * x))  # g̃'s form
    positive = sp.factor(sp.cancel(B0 - lam * B1))
    return g2.subs({b0: B0, b1: B1}), r_deriv + r_denominator, positive


def seed_bound_concavity_margin(n, k, c) -> float:
    """(n − 1) − c²(k − 1): g̃ is concave on [0, 1] iff this is ≥ 0 (``seed_bound_second_derivative``)."""
    fn = "seed_bound_concavity_margin"
    n = check_integer(fn, "n", n, minimum=2)
    k = check_k(fn, k, n)
    c = check_real(fn, "c", c, low=1)
    return (n - 1) - c * c * (k - 1)


def _check_concave(fn, n, k, c):
    if seed_bound_concavity_margin(n, k, c) < 0:
        raise ValueError(f"{fn}: needs c²(k − 1) <= n − 1 (the seed bound's concavity condition); got "
                         f"c²(k − 1) = {c * c * (k - 1):.17g} > n − 1 = {n - 1}.")


def _seed_chord(n, k, lam, c):
    """(g̃(0), slope g̃(1) − g̃(0), m̃*, 1 − slope) of the chord of g̃.

    1 − slope = (1 − g̃(1)) + g̃(0) with 1 − g̃(1) = c²(k−1)λ/(1 + λ + c²(k−1)λ) written without cancellation
    (for λ near the smallest double, 1 − slope computed as 1 − (g̃(1) − g̃(0)) rounds to 0).
    """
    g0, g1 = seed_committed_choice_lower_bound([0.0, 1.0], n, k, lam, c)
    filler1 = c * c * (k - 1) * lam
    one_minus = filler1 / (1.0 + lam + filler1) + float(g0)
    return float(g0), float(g1 - g0), float(g0) / one_minus, one_minus


def seed_fixed_point(n, k, lam, c):
    """m̃* = g̃(0)/(1 − g̃(1) + g̃(0)): the limit of the committed memory's lower bound under g̃ (chord)."""
    n, k, lam, c = check_scale_bounded_params("seed_fixed_point", n, k, lam, c)
    return _seed_chord(n, k, lam, c)[2]


def _check_seed_window_args(fn, n, k, lam, c, gamma):
    n, k, lam, c = check_scale_bounded_params(fn, n, k, lam, c)
    gamma = float(check_real(fn, "gamma", gamma, low=0, high=1, high_open=True))
    _check_concave(fn, n, k, c)
    return n, k, lam, c, gamma


def seed_window_frequency_lower_bounds(L, n, k, lam, c, gamma):
    """ℓ̃_0..ℓ̃_{L−1} from g̃ (needs c²(k−1) ≤ n−1): ℓ̃_t = g̃(0) + slope·m̃*(1 − ρ^t), ρ = 1 − (1−γ)(1 − slope).

    Same proof as ``window_frequency_lower_bounds`` (chord of the concave g̃, induction on E v_a(t)).
    """
    fn = "seed_window_frequency_lower_bounds"
    L = check_integer(fn, "L", L)
    n, k, lam, c, gamma = _check_seed_window_args(fn, n, k, lam, c, gamma)
    g0, slope, m_star, one_minus = _seed_chord(n, k, lam, c)
    x = (1.0 - gamma) * one_minus  # 1 − ρ
    with np.errstate(divide="ignore", invalid="ignore"):
        decay = -np.expm1(np.arange(L) * np.log1p(-x)) if x < 1 else (np.arange(L) > 0).astype(float)  # 1 − ρ^t
    return g0 + slope * m_star * decay


def seed_window_frequency_sum(L, n, k, lam, c, gamma):
    """Σ_{t<L} ℓ̃_t in closed form, L·(g̃(0) + slope·m̃*) − slope·m̃*(1 − ρ^L)/(1 − ρ); vectorised over L.

    ``L`` is an integer ≥ 0 or an integer array of them (1 − ρ = (1 − γ)(1 − slope) > 0, without cancellation).
    """
    fn = "seed_window_frequency_sum"
    n, k, lam, c, gamma = _check_seed_window_args(fn, n, k, lam, c, gamma)
    L = _check_lengths(fn, L)
    g0, slope, m_star, one_minus = _seed_chord(n, k, lam, c)
    return L * g0 + slope * m_star * _window_shortfall(L, (1.0 - gamma) * one_minus)


def _window_shortfall(L: np.ndarray, x: float) -> np.ndarray:
    """D(L) = Σ_{t<L} (1 − ρ^t) = L − (1 − ρ^L)/(1 − ρ), ρ = 1 − x ∈ [0, 1), without cancellation.

    The closed form loses all accuracy when L·x is small (D ≈ C(L, 2)·x while both terms are ≈ L); there the
    binomial series D = Σ_{j≥2} (−1)^j C(L, j) x^{j−1} is used (terms shrink by ≤ L·x/3 ≤ 1/60; 14 terms).
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        direct = L + np.expm1(L * np.log1p(-x)) / x if x < 1 else np.maximum(L - 1.0, 0.0)
    term = L * (L - 1.0) / 2.0 * x
    series = term.copy()
    for j in range(2, 15):
        term = -term * (L - j) / (j + 1) * x
        series = series + term
    return np.where(L * x < 0.05, series, direct)


def _check_lengths(fn, L) -> np.ndarray:
    """An integer ≥ 0 or an integer array of them, as a float array (exact up to 2^53)."""
    if isinstance(L, np.ndarray) and L.dtype.kind in "iu" and L.size:
        arr = L
    else:
        arr = np.asarray(check_integer(fn, "L", L, minimum=0))
    if (arr < 0).any():
        raise ValueError(f"{fn}: L must be an integer >= 0 or an array of them; got a negative entry.")
    return arr.astype(float)


# ------------------------------------------------------------------------------------------------
# Lemma F, the condition, E(L) and L₀
# ------------------------------------------------------------------------------------------------
def filler_count_upper_bound(F, n, k):
    """Lemma F (ours, pathwise): in a pull with F filler choices, each filler is chosen ≤ 1 + (F − 1)/(n − k + 1) times.

    For LRU filling (``recency_fill_menu``; = lowest memory when γ < 1/2, Lemma R): after a filler j is
    chosen it is the most recent of the n − 1 non-committed items; it re-enters the k − 1 filler slots only
    once ≤ k − 2 of them are less recent, and while it is out every chosen filler is one of those ahead of
    it and moves behind it. So ≥ n − k other filler choices separate two choices of j. Exact (Fraction)
    for integer F. With k = 2 this is the exact rotation; an equal split would need n − 1 here.
    """
    fn = "filler_count_upper_bound"
    F = check_integer(fn, "F", F, minimum=0)
    n = check_integer(fn, "n", n, minimum=2)
    k = check_k(fn, k, n)
    return 1 + Fraction(F - 1, n - k + 1)


def theorem5_general_phi_min(n, k, lam, c):
    """φ_min^(k) = n(1 − m̃*)/(n − k + 1): for φ above it the committed item's guaranteed share m̃* leaves each
    filler (≤ share/(n − k + 1), Lemma F) below φ/n. May exceed 1 (then no φ qualifies)."""
    n, k, lam, c = check_scale_bounded_params("theorem5_general_phi_min", n, k, lam, c)
    return n * (1.0 - _seed_chord(n, k, lam, c)[2]) / (n - k + 1)


def theorem5_general_condition(n, k, lam, c, gamma, phi):
    """Our sufficient condition for Theorem 5 with k ≥ 2, as margins (all must be > 0; concavity ≥ 0):

    ``gamma`` = 1/2 − γ (Lemma R), ``concavity`` = (n − 1) − c²(k − 1) (chord step for g̃),
    ``phi`` = φ − φ_min^(k) (fillers below φ/n). ``holds`` is their conjunction.
    """
    fn = "theorem5_general_condition"
    n, k, lam, c = check_scale_bounded_params(fn, n, k, lam, c)
    gamma = float(check_real(fn, "gamma", gamma, low=0, high=1, high_open=True))
    phi = float(check_real(fn, "phi", phi, low=0, high=1))
    m = {"gamma": 0.5 - gamma, "concavity": seed_bound_concavity_margin(n, k, c),
         "phi": phi - theorem5_general_phi_min(n, k, lam, c)}
    m["holds"] = bool(m["gamma"] > 0 and m["concavity"] >= 0 and m["phi"] > 0)
    return m


def filler_excess(L, n, k, lam, c, gamma, phi):
    """E(L) = 1 + (L − Σ_{t<L} ℓ̃_t − 1)/(n − k + 1) − Lφ/n ≥ E[C_j] − Lφ/n for every filler j of a pull.

    Lemma F + E C_a ≥ Σ ℓ̃_t. Concave in L; ≤ 0 for all L ≥ ``theorem5_general_window`` under the condition.
    """
    fn = "filler_excess"
    L = check_integer(fn, "L", L)
    n, k, lam, c, gamma = _check_seed_window_args(fn, n, k, lam, c, gamma)
    phi = float(check_real(fn, "phi", phi, low=0, high=1))
    total = seed_window_frequency_sum(L, n, k, lam, c, gamma)
    return float(1.0 + (L - total - 1.0) / (n - k + 1) - L * phi / n)


def theorem5_general_window(n, k, lam, c, gamma, phi, *, max_window: int = 10**6):
    """L₀ = the smallest L such that E(L') ≤ 0 for every L' ≥ L, or None when E > 0 at every L ≤ ``max_window``
    (always when φ ≤ φ_min^(k)). E is concave in L (its increments (1 − ℓ̃_L)/(n−k+1) − φ/n decrease, ℓ̃
    increases), so {E ≤ 0} is an initial plus a final segment of the integers; L₀ starts the final one.

    Found by two bisections instead of a grid of ``max_window`` values: the first finds the peak of E
    (the first L whose increment E(L+1) − E(L) is ≤ 0), the second the last L ≥ peak with E(L) > 0
    (E decreases from the peak on). O(log max_window) evaluations of the closed form.
    """
    fn = "theorem5_general_window"
    n, k, lam, c, gamma = _check_seed_window_args(fn, n, k, lam, c, gamma)
    phi = float(check_real(fn, "phi", phi, low=0, high=1))
    top = check_integer(fn, "max_window", max_window)

    def excess(L: int) -> float:
        return filler_excess(L, n, k, lam, c, gamma, phi)

    if excess(1) > 0 and excess(top) > 0:
        return None  # concave and positive at both ends: positive everywhere on [1, max_window]
    lo, hi = 1, top  # the peak: the first L in [lo, hi] with excess(L + 1) ≤ excess(L) (hi if none)
    while lo < hi:
        mid = (lo + hi) // 2
        if excess(mid + 1) <= excess(mid):
            hi = mid
        else:
            lo = mid + 1
    if excess(lo) <= 0:
        return 1  # the peak is ≤ 0, so E ≤ 0 everywhere
    lo, hi = lo, top  # excess(lo) > 0; the last L with excess(L) > 0 on the decreasing part
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if excess(mid) > 0:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


# ------------------------------------------------------------------------------------------------
# our Theorem 5 for k ≥ 2
# ------------------------------------------------------------------------------------------------
def _best_in_every_window(fn, mw, M):
    """The benchmark's item: a maximiser of Σμ that is best in every window (raises if no item is)."""
    best = mw.max(axis=1) if mw.shape[0] else np.zeros(0)
    cand = [a for a in range(mw.shape[1]) if mw.shape[0] == 0 or np.all(mw[:, a] >= best)]
    if not cand:
        raise ValueError(f"{fn}: means must have one item that is best (largest mean) in every pull window "
                         "(a*-best rewards); no item is.")
    a = int(np.argmax(M))
    return a if a in cand else cand[0]  # ties: any maximiser of Σμ will do; take a best-in-every-window one


def theorem5_general_regret_bound(means, L, n, k, lam, c, gamma, phi):
    """Our Theorem 5 for k ≥ 2 under ``theorem5_general_condition``'s γ < 1/2, c²(k−1) ≤ n−1 (φ free):

    E Reg^μ_T(Δ_φ) of ``ExpPhi`` ≤ ``total`` = ``exp3`` L√(2Nn ln n) + ``filler`` Σ_w Σ_{j≠a*} E(L)^+(μ_w(a*) − μ_w(j))
    + ``unfinished`` Σ_{t≥NL} ⟨(1−φ)e_{a*} + φu_n, μ_t⟩, for means constant on each pull window with one item a*
    best in every window. ``filler`` = 0 for L ≥ ``theorem5_general_window`` (φ > φ_min^(k)). Proof: module docstring.
    """
    fn = "theorem5_general_regret_bound"
    n, k, lam, c = check_scale_bounded_params(fn, n, k, lam, c)
    gamma = float(check_real(fn, "gamma", gamma, low=0, high=1, high_open=True))
    if not gamma < 0.5:
        raise ValueError(f"{fn}: gamma must be < 1/2 (Lemma R: lowest memory = least recently chosen); got {gamma}.")
    _check_concave(fn, n, k, c)
    L = check_integer(fn, "L", L)
    phi = float(check_real(fn, "phi", phi, low=0, high=1))
    mu, _, N, mw = check_window_means(fn, means, n, L)
    a = _best_in_every_window(fn, mw, mu.sum(axis=0))
    vertex = np.full(n, phi / n)
    vertex[a] += 1.0 - phi
    E = filler_excess(L, n, k, lam, c, gamma, phi)
    gaps = (mw[:, a:a + 1] - mw).sum()
    terms = {
        "exp3": L * math.sqrt(2.0 * N * n * math.log(n)) if N > 0 else 0.0,
        "filler": float(max(E, 0.0) * gaps),
        "unfinished": float((mu[N * L:] @ vertex).sum()),
    }
    terms["total"] = sum(terms.values())
    return terms


def theorem5_general_apriori_bound(T, n, k, lam, c, gamma, phi, L=None):
    """A-priori form: L√(2Nn ln n) + N(n − 1)E(L)^+ + L ≥ ``theorem5_general_regret_bound`` for any a*-best means.

    At L = L₀ (``theorem5_general_window``, the default) the middle term is 0: √(2T L₀ n ln n) + L₀ = O(√T).
    """
    fn = "theorem5_general_apriori_bound"
    T = check_integer(fn, "T", T)
    if L is None:
        with errors_as(fn):
            L = theorem5_general_window(n, k, lam, c, gamma, phi)
        if L is None:
            raise ValueError(f"{fn}: phi={phi} is not above φ_min^(k) = {theorem5_general_phi_min(n, k, lam, c):.6g}; "
                             "give the window L explicitly.")
    L = check_integer(fn, "L", L)
    N = T // L
    with errors_as(fn):
        E = filler_excess(L, n, k, lam, c, gamma, phi)
    return L * math.sqrt(2.0 * N * n * math.log(n)) + N * (n - 1) * max(E, 0.0) + L


# ------------------------------------------------------------------------------------------------
# the k = 3 counterexample and its memory-blind witness
# ------------------------------------------------------------------------------------------------
def theorem5_linear_regret_instance():
    """The k = 3 instance of the module docstring on which EXP-φ's regret against Δ_φ is linear.

    Returns a dict: n, k, lam, c, gamma, phi, ``factors`` (f_i(v) = factors_i (v_i + λ), on Definition 3's
    boundary), ``reward`` (the constant reward vector), ``witness_menus`` (a memory-blind cyclic menu
    sequence that beats the benchmark, for ``CyclicMenuRecommender``) and ``benchmark_per_round``.
    """
    c = 1.5
    return {"n": 4, "k": 3, "lam": 0.2, "c": c, "gamma": 0.5, "phi": 1.0,
            "factors": (1 / c, 1 / c, c, c), "reward": (1.0, 1.0, 0.0, 0.0),
            "witness_menus": ((0, 1, 2), (0, 1, 3)), "benchmark_per_round": 0.5}


def _check_menu_items(fn, menu) -> tuple[int, ...]:
    """A menu of distinct non-negative integer items, in the order given (the item range is the simulator's)."""
    if isinstance(menu, (str, bytes)) or not hasattr(menu, "__iter__"):
        raise ValueError(f"{fn}: menus must hold menus (sequences of item indices); got {menu!r:.80}.")
    items = list(menu)
    ints = [None if isinstance(i, (bool, np.bool_)) or not isinstance(i, numbers.Integral) else int(i) for i in items]
    if not ints or None in ints or min(ints) < 0 or len(set(ints)) != len(ints):
        raise ValueError(f"{fn}: every menu in menus must be a non-empty sequence of distinct integer items >= 0; "
                         f"got {menu!r:.80}.")
    return tuple(ints)


class CyclicMenuRecommender:
    """Shows ``menus[t mod len(menus)]`` at round t, blind to memory and rewards (the counterexample's witness)."""

    def __init__(self, menus):
        fn = "CyclicMenuRecommender"
        if isinstance(menus, (str, bytes)) or not hasattr(menus, "__iter__"):
            raise ValueError(f"{fn}: menus must be a sequence of menus (tuples of item indices); got {menus!r:.80}.")
        menus = list(menus)
        if not menus:
            raise ValueError(f"{fn}: menus must list at least one menu.")
        # items are validated against the largest index bound a menu can name (n is the simulator's)
        self.menus = [_check_menu_items(fn, m) for m in menus]

    def propose(self, t: int) -> tuple[int, ...]:
        t = check_integer("CyclicMenuRecommender.propose", "t", t, minimum=0)
        return self.menus[t % len(self.menus)]

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        return None
