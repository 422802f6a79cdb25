"""Theorem 5 for k = 2, γ < 1/2 (paper A, §6.1 / Appendix E.1): EXP-φ's regret against Δ_φ is O(T^{2/3}).

Status: **ours** [derived]. The surviving text states Theorem 5's setting (rewards "stochastic rather
than adversarial for windows of length [L]", changing adversarially between windows) but its rate and
proof formulas are lost. The every-instance bound (``thm5_exp_phi.theorem5_regret_bound``) keeps a term
(φ/n) Σ R linear in T; for k = 2 and γ < 1/2 the fillers rotate exactly and that term disappears.

Main statements
---------------
* **Exact rotation** (from Lemma R, ``sec6_exp_phi``): with k = 2 the filler slot always holds the
  least-recently-chosen non-committed item and a chosen filler goes to the back of the queue, so within
  a pull the n − 1 fillers are chosen in a fixed cyclic order and (pathwise) their counts differ by at
  most 1: C_j ∈ {⌊F/(n−1)⌋, ⌈F/(n−1)⌉}, F = L − C_a.
* **Per-window deficit.** For mean rewards μ_w constant on each pull window (windows aligned with the
  pulls), μ̄_w = mean_{j≠a} μ_w(j), v* = 1 − φ + φ/n:

      E[pull reward] ≥ L μ̄_w + E[C_a](μ_w(a) − μ̄_w) − ρ_n,   ρ_n = ⌊(n−1)²/4⌋/(n−1)  (rounding),
      vertex value   = L(v* μ_w(a) + (1 − v*) μ̄_w),
      deficit_w      ≤ (L v* − E C_a)(μ_w(a) − μ̄_w) + ρ_n
                     ≤ (L v* − Σ_t ℓ_t)(μ_w(a) − μ̄_w)^+ + L (U − v*)^+ (μ̄_w − μ_w(a))^+ + ρ_n,

  with E C_a ≥ Σ_t ℓ_t (``thm5_exp_phi.window_frequency_lower_bounds``) and E C_a ≤ L U,
  U = ``committed_choice_upper_bound`` = c²(1+λ)/(c²(1+λ) + (k−1)λ) (f_a ≤ s c (1 + λ), each filler
  f_j ≥ s λ/c); ρ_n = ``filler_rounding_deficit``.
* ``theorem5_k2_regret_bound`` — **our Theorem 5, k = 2** (pseudo-regret against the means,
  a* = argmax_i Σ_t μ_t(i)):

      Reg^μ_T(Δ_φ) ≤ L√(2Nn ln n) + Σ_{w<N} deficit_w(a*) + Σ_{t ≥ NL} ⟨(1−φ)e_{a*} + φu_n, μ_t⟩.

  Proof: EXP3 over the N pulls as in ``thm5_exp_phi`` (the per-window deficit bound holds from any
  starting memory), plus the unfinished window. The only linear part is the *overshoot*
  L(U − v*)^+(μ̄_w − μ_w(a*))^+, paid only in windows where a* is worse than the average of the others.
* ``theorem5_k2_apriori_bound`` / ``theorem5_k2_window`` — for **a*-dominant** rewards (μ_w(a*) ≥ μ̄_w
  in every window, e.g. any stationary reward distribution) the overshoot vanishes, and for
  φ > ``vertex_phi_min`` (so B_φ := Σ_t (v* − ℓ_t)^+ = ``vertex_transient`` is finite), with
  C = B_φ + ρ_n and L = (2TC²/(n ln n))^{1/3}:

      Reg^μ_T(Δ_φ) ≤ L√(2Nn ln n) + N C + L ≤ 3 (C n ln n/2)^{1/3} T^{2/3} + L   (exponent 2/3).

  Against window-adversarial means the overshoot term remains and is genuinely linear for this
  algorithm: a pull cannot lower its committed item's frequency to v* when that item is liked
  (frequency up to U), and a window where the others are better then loses a constant.
  For a* best in *every* window the k ≥ 2 bound of ``thm5_general`` gives O(√T) instead.

Certified: ``theorem5_k2_exp_phi_regret_le_sublinear_bound`` (rotation pathwise, the bound by Monte
Carlo, the a-priori exponent) in certificates/adaptive_preferences/short_memory/thm5_exp_phi.py.
Findings: docs/findings.md, "Theorem 5: why the general bound keeps a linear term".

Notation
--------
==========  ==============================  ============================================
paper/ours  code                            meaning
==========  ==============================  ============================================
μ_t, μ_w    ``means``, ``mw``               per-round mean rewards; per-window means
μ̄_w         ``others``                      mean of the non-committed items' means
U           ``committed_choice_upper_bound``  upper bound on P(a chosen)
ρ_n         ``filler_rounding_deficit``     rounding loss of an exact rotation
B_φ         ``vertex_transient``            Σ_t (v* − ℓ_t)^+
C_j, F      (counts in a pull)              filler j's count, filler choices
==========  ==============================  ============================================

Implementation notes
--------------------
``check_window_means`` validates the rewards hypothesis (means in [0, 1], constant on each pull window)
for this module and for ``thm5_general``.

References: paper A, arXiv 2302.06014, §6.1 (Theorem 5) and Appendix E.1.
"""

from __future__ import annotations

import math

import numpy as np

from reference._numerics import check_integer, check_real, speaks_as
from reference.adaptive_preferences.short_memory.thm5_exp_phi import (
    check_scale_bounded_params,
    rounds_to_vertex_value,
    theorem5_window,
    window_frequency_lower_bounds,
)

__all__ = [
    "committed_choice_upper_bound",
    "filler_rounding_deficit",
    "vertex_transient",
    "check_window_means",
    "theorem5_k2_regret_bound",
    "theorem5_k2_window",
    "theorem5_k2_apriori_bound",
]


def committed_choice_upper_bound(n, k, lam, c):
    """U = c²(1+λ)/(c²(1+λ) + (k−1)λ) ≥ P(committed item chosen), whatever the memory.

    f_a ≤ s c (x + λ) ≤ s c (1 + λ) and each of the k − 1 fillers has f_j ≥ s λ/c.
    """
    n, k, lam, c = check_scale_bounded_params("committed_choice_upper_bound", n, k, lam, c)
    top = c * c * (1.0 + lam)
    return top / (top + (k - 1) * lam)


def filler_rounding_deficit(n):
    """ρ_n = ⌊(n−1)²/4⌋/(n−1) = max_r r(n−1−r)/(n−1): the most Σ_j (F/(n−1) − C_j)^+ can be when the
    n − 1 filler counts C_j differ by at most one (r of them are one above the others)."""
    n = check_integer("filler_rounding_deficit", "n", n, minimum=2)
    return ((n - 1) ** 2 // 4) / (n - 1)


@speaks_as("vertex_transient")
def vertex_transient(n, k, lam, c, gamma, phi):
    """B_φ = Σ_{t≥0} (v* − ℓ_t)^+, v* = 1 − φ + φ/n: finite iff the vertex value is reachable
    (``rounds_to_vertex_value`` not None); returns math.inf otherwise."""
    t_v = rounds_to_vertex_value(phi, n, k, lam, c, gamma)
    if t_v is None:
        return math.inf
    if t_v == 0:
        return 0.0
    ell = window_frequency_lower_bounds(t_v, n, k, lam, c, gamma)
    return float(np.clip(1.0 - phi + phi / n - ell, 0.0, None).sum())


def check_window_means(fn: str, means, n: int, L: int):
    """Validate per-round means (T×n, in [0, 1], constant on every pull window of L rounds).

    Returns (μ, T, N, μ_w) with N = ⌊T/L⌋ and μ_w the N×n per-window means.
    """
    n = check_integer(fn, "n", n)
    L = check_integer(fn, "L", L)
    try:
        mu = np.asarray(means, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{fn}: means must be a (T, n) array of real numbers; got {type(means).__name__}.") from None
    if mu.ndim == 2 and not np.isfinite(mu).all():
        raise ValueError(f"{fn}: means must contain only finite numbers.")
    if mu.ndim != 2 or mu.shape[1] != n:
        raise ValueError(f"{fn}: means must have shape (T, n) with n={n}; got shape {mu.shape}.")
    if mu.size and (mu.min() < 0 or mu.max() > 1):
        raise ValueError(f"{fn}: means must lie in [0, 1]; got values in [{mu.min()}, {mu.max()}].")
    T = mu.shape[0]
    N = T // L
    full = mu[: N * L].reshape(N, L, n)
    if N and np.any(full != full[:, :1, :]):
        raise ValueError(f"{fn}: means must be constant on every pull window of L={L} rounds (rewards "
                         "stochastic within windows, windows aligned with the pulls).")
    return mu, T, N, full[:, 0, :] if N else np.zeros((0, n))


def theorem5_k2_regret_bound(means, L, n, lam, c, gamma, phi):
    """Our Theorem 5 for k = 2, γ < 1/2: E Reg^μ_T(Δ_φ) of ``ExpPhi`` ≤ the returned ``total``.

    ``means`` (T×n) are the per-round mean rewards, constant on each pull window (rewards are drawn
    independently given the means; pseudo-regret max_{p∈Δ_φ} Σ_t ⟨p, μ_t⟩ − E Σ_t μ_t(i_t)).
    Terms (module docstring): ``exp3`` L√(2Nn ln n); ``warmup`` Σ_w (Lv* − Σℓ)(μ_w(a*) − μ̄_w)^+;
    ``overshoot`` Σ_w L(U − v*)^+(μ̄_w − μ_w(a*))^+ (0 for a*-dominant rewards); ``rounding`` N ρ_n;
    ``unfinished`` Σ_{t≥NL} ⟨vertex(a*), μ_t⟩.
    """
    fn = "theorem5_k2_regret_bound"
    n, _, lam, c = check_scale_bounded_params(fn, n, 2, lam, c)
    gamma = float(check_real(fn, "gamma", gamma, low=0, high=1, high_open=True))
    if not gamma < 0.5:
        raise ValueError(f"{fn}: gamma must be < 1/2 (Lemma R: lowest memory = least recently chosen); got {gamma}.")
    L = check_integer(fn, "L", L)
    phi = float(check_real(fn, "phi", phi, low=0, high=1))
    mu, _, N, mw = check_window_means(fn, means, n, L)
    a = int(np.argmax(mu.sum(axis=0)))
    v_star = 1.0 - phi + phi / n
    ell = window_frequency_lower_bounds(L, n, 2, lam, c, gamma)
    U = committed_choice_upper_bound(n, 2, lam, c)
    others = (mw.sum(axis=1) - mw[:, a]) / (n - 1)
    diff = mw[:, a] - others
    vertex = np.full(n, phi / n)
    vertex[a] += 1.0 - phi
    terms = {
        "exp3": L * math.sqrt(2.0 * N * n * math.log(n)) if N > 0 else 0.0,
        "warmup": float((L * v_star - ell.sum()) * np.clip(diff, 0.0, None).sum()),
        "overshoot": float(L * max(U - v_star, 0.0) * np.clip(-diff, 0.0, None).sum()),
        "rounding": float(N * filler_rounding_deficit(n)),
        "unfinished": float((mu[N * L:] @ vertex).sum()),
    }
    terms["total"] = sum(terms.values())
    return terms


@speaks_as("theorem5_k2_window")
def theorem5_k2_window(T, n, lam, c, gamma, phi):
    """L = (2T C²/(n ln n))^{1/3}, C = B_φ + ρ_n (``vertex_transient`` + ``filler_rounding_deficit``), in [1, T].

    Balances √(2TLn ln n) against T C / L. Falls back to ``theorem5_window`` when B_φ = ∞ (φ ≤ φ_min).
    """
    T = check_integer("theorem5_k2_window", "T", T)
    C = vertex_transient(n, 2, lam, c, gamma, phi) + filler_rounding_deficit(n)
    if not math.isfinite(C):
        return theorem5_window(T, n, 2, lam, c, gamma, phi)
    C = max(C, 1e-9)
    L = (2.0 * T * C * C / (n * math.log(n))) ** (1.0 / 3.0)
    return int(min(max(1, round(L)), T))


@speaks_as("theorem5_k2_apriori_bound")
def theorem5_k2_apriori_bound(T, n, lam, c, gamma, phi, L=None):
    """A-priori form of ``theorem5_k2_regret_bound`` for a*-dominant rewards (overshoot = 0), any means:
    L√(2Nn ln n) + N (B_φ^+ + ρ_n) + L, with B_φ^+ = Σ_{t<L} (v* − ℓ_t)^+ (≤ B_φ), N = ⌊T/L⌋.

    Each window's warm-up term is ≤ (Lv* − Σℓ)^+ (μ(a*) − μ̄)^+ ≤ B_φ^+ and the unfinished window
    earns the benchmark at most L − 1 < L. O(T^{2/3}) at ``theorem5_k2_window`` when φ > φ_min.
    """
    L = theorem5_k2_window(T, n, lam, c, gamma, phi) if L is None else check_integer(
        "theorem5_k2_apriori_bound", "L", L)
    N = T // L
    ell = window_frequency_lower_bounds(L, n, 2, lam, c, gamma)
    b_plus = max(float(L * (1.0 - phi + phi / n) - ell.sum()), 0.0)
    return L * math.sqrt(2.0 * N * n * math.log(n)) + N * (b_plus + filler_rounding_deficit(n)) + L
