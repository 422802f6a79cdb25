"""Theorem 5 for every instance (paper A, §6.1 / Appendix E.1): EXP-φ's regret against Δ_φ, with a linear term.

Status. The surviving text keeps the skeleton of E.1 (a lower bound on the committed item's choice
probability, a second-derivative test, Jensen's inequality, EXP3 plus Hoeffding over the pulls); every
formula, the window length and Theorem 5's rate are lost. The statements below are **ours**
([derived]), proved here with explicit constants. Definition 3 as fixed in ``smoothed_simplex``:
(v_i + λ)/c ≤ f_i(v)/s ≤ c (v_i + λ). The algorithm is ``sec6_exp_phi.ExpPhi``.

Main statements
---------------
* ``committed_choice_lower_bound(x, n, k, lam, c)`` [derived] — g(x) = (x + λ)/(x + λ + D),
  D = c²(k − 1)(1/(n − 1) + λ) (``filler_score_bound``): a lower bound on the probability that the
  committed item a is chosen when its memory is x and the other k − 1 menu slots hold the lowest-memory
  items. Proof: f_a ≥ s(x + λ)/c; each filler j has f_j ≤ s c (v_j + λ); the k − 1 lowest of the other
  n − 1 items carry Σ v_j ≤ (k − 1)(1 − x)/(n − 1) ≤ (k − 1)/(n − 1); and y ↦ y/(y + z) increases in y
  and decreases in z.
* **Concavity step of E.1** [seed: "A second derivative test shows that the above probability function
  is concave"]: g''(x) = −2D/(x + λ + D)³ < 0 (``concavity_second_derivative``, sympy). Hence, for any
  random memory X ∈ [0, 1] with mean m, E g(X) ≥ (1 − m) g(0) + m g(1) =: h(m) (``chord_lower_bound``;
  a concave function lies above its chord — the seed's "extremal case where the expectation is entirely
  composed of trials in which [x = 0] or [x = 1]", the two values being our reading: the symbols are lost).
* ``window_frequency_lower_bounds(L, n, k, lam, c, gamma)`` [derived] — ℓ_t, t = 0..L−1, with
  P(a chosen at round t of a pull) ≥ ℓ_t from *any* starting memory: ℓ_t = h(m_t) where m_0 = 0,
  m_{t+1} = m_t + (1 − γ)(h(m_t) − m_t), i.e. m_t = m*(1 − ρ^t), m* = g(0)/(1 − g(1) + g(0))
  (``fixed_point``), ρ = 1 − (1 − γ)(1 − g(1) + g(0)).
  Proof: E v_a(t+1) = (1 − w_t) E v_a(t) + w_t P(a chosen at t) ≥ (1 − w_t) E v_a(t) + w_t h(E v_a(t))
  (chord), the map x ↦ x + w(h(x) − x) is increasing, and w_t = 1/W_t ≥ 1 − γ (W_t ≤ 1/(1 − γ) when
  W_0 ≤ 1/(1 − γ)) only speeds up the approach to m* from below. Induction gives E v_a(t) ≥ m_t.
* ``rounds_to_vertex_value(phi, ...)`` — the first t with ℓ_t ≥ v* := 1 − φ + φ/n (the committed item's
  vertex value in Δ_φ), or None when m* ≤ v*; ``vertex_phi_min`` — the smallest φ with m* > v*.
* ``smoothed_benchmark(R, phi)`` — max_{p∈Δ_φ} ⟨p, R⟩ = (1 − φ) max R + (φ/n) Σ R, computed by the
  setting's ``best_in_target(R, "smoothed", phi=φ)``.
* ``theorem5_regret_bound(rewards, L, n, k, lam, c, gamma, phi)`` — **our Theorem 5, every instance**
  [derived]: for oblivious rewards r_t ∈ [0, 1]^n, with N = ⌊T/L⌋, R = Σ_t r_t, a* = argmax R,

      Reg_T(Δ_φ) ≤ L √(2 N n ln n)                                  (EXP3 over N windows, payoffs/L)
                 + Σ_{t<NL} (1 − φ − ℓ_{t mod L}) r_t(a*)           (pull warm-up vs the vertex weight)
                 + (1 − φ) Σ_{t≥NL} r_t(a*)                         (the unfinished last window)
                 + (φ/n) Σ_i R_i.                                   (the benchmark's uniform share)

  Proof: the benchmark is (1 − φ) R_{a*} + (φ/n) Σ R. The expected reward of a pull of a in window w,
  given the history, is G_w(a) ≥ Σ_{t∈w} ℓ_{t−start} r_t(a) (the frequency bound; other items' rewards
  ≥ 0). G_w is measurable w.r.t. the history before the window, and the observed window average is an
  unbiased [0, 1]-valued sample of G_w(I_w)/L, so the EXP3 pseudo-regret bound (loss-based) gives
  E Σ_w G_w(I_w) ≥ Σ_w E G_w(a*) − L√(2Nn ln n). Subtract.
  The last term is linear in T: this bound does not control the *fillers'* frequencies, which the
  benchmark's vertex wants at φ/n each. For φ ≥ ``vertex_phi_min`` the bound is sublinear for the reduced
  benchmark (1 − φ) max R, at rate O((B n ln n)^{1/3} T^{2/3}) with L ≍ (2T B²/(n ln n))^{1/3}
  (``theorem5_window``), B = Σ_t (m* − ℓ_t) the pull's transient (``transient_deficit``). The linear
  term is necessary for k ≥ 3 in general (a certified counterexample, ``thm5_general``); it is removed for
  k = 2, γ < 1/2 (``thm5_k2``) and, under a sufficient condition, for every k ≥ 2 (``thm5_general``).
  Findings: docs/findings.md, "Theorem 5: why the general bound keeps a linear term".

Certified in certificates/adaptive_preferences/short_memory/thm5_exp_phi.py:
``committed_choice_bound_concave_chord`` (concavity and chord), ``committed_item_frequency_ge_window_bound``
(ℓ_t against exact choice probabilities), ``theorem5_exp_phi_regret_le_bound`` (the bound, and the
benchmark's closed form against an LP).

Notation
--------
==========  ==================================  ============================================
paper/ours  code                                meaning
==========  ==================================  ============================================
L           ``window`` / ``L``                  rounds per pull
N           ``N``                               ⌊T/L⌋ pulls
a, a*       ``arm``, ``a``                      committed item; the benchmark's item
D           ``filler_score_bound``              fillers' score mass bound
g, h        ``committed_choice_lower_bound``,   choice bound and its chord
            ``chord_lower_bound``
ℓ_t         ``window_frequency_lower_bounds``   per-round choice lower bound in a pull
m*          ``fixed_point``                     limit of the memory lower bound
B           ``transient_deficit``               Σ_t (m* − ℓ_t)
φ, v*       ``phi``, 1 − φ + φ/n                smoothing of Δ_φ; the vertex's item weight
==========  ==================================  ============================================

Implementation notes
--------------------
Every bound here is plain float arithmetic (no probabilities): the certificates compare it with Monte
Carlo regret + 3 SE. ``check_scale_bounded_params`` validates (n, k, λ, c) for every Theorem 5 module.

References: paper A, arXiv 2302.06014, §6.1 (Theorem 5) and Appendix E.1; Bubeck & Cesa-Bianchi (2012),
Regret Analysis of Stochastic and Nonstochastic Multi-armed Bandit Problems, Thm 3.1 (EXP3).
"""

from __future__ import annotations

import math

import numpy as np

import reference.adaptive_preferences.setting.regret as rg
from reference._numerics import as_vector, check_integer, check_k, check_lam, check_real, errors_as, speaks_as
from reference.adaptive_preferences.short_memory.sec6_exp_phi import ExpPhi

__all__ = [
    "ExpPhi",  # the algorithm Theorem 5 bounds (defined in sec6_exp_phi)
    "check_scale_bounded_params",
    "filler_score_bound",
    "committed_choice_lower_bound",
    "chord_lower_bound",
    "fixed_point",
    "concavity_second_derivative",
    "window_frequency_lower_bounds",
    "rounds_to_vertex_value",
    "vertex_phi_min",
    "warmup_deficit",
    "transient_deficit",
    "theorem5_window",
    "smoothed_benchmark",
    "theorem5_regret_bound",
]


def check_scale_bounded_params(fn: str, n, k, lam, c) -> tuple[int, int, float, float]:
    """Validate Theorem 5's (n, k, λ, c): n ≥ 2 items, 1 ≤ k ≤ n, λ ∈ (0, 1], c ≥ 1 (Definition 3)."""
    n = check_integer(fn, "n", n, minimum=2)
    k = check_k(fn, k, n)
    lam = float(check_lam(fn, lam))
    c = float(check_real(fn, "c", c, low=1))
    return n, k, lam, c


def filler_score_bound(n, k, lam, c):
    """D = c²(k − 1)(1/(n − 1) + λ): the k − 1 lowest-memory fillers' scores, in units of s/c, are ≤ D."""
    fn = "filler_score_bound"
    n = check_integer(fn, "n", n, minimum=2)
    k = check_k(fn, k, n)
    check_lam(fn, lam)
    check_real(fn, "c", c, low=1)
    return c * c * (k - 1) * (1.0 / (n - 1) + lam)


def committed_choice_lower_bound(x, n, k, lam, c):
    """g(x) = (x + λ)/(x + λ + D), D = c²(k−1)(1/(n−1) + λ): P(committed item chosen) at its memory x.

    Proof in the module docstring. Vectorised over x.
    """
    n, k, lam, c = check_scale_bounded_params("committed_choice_lower_bound", n, k, lam, c)
    x = np.asarray(x, dtype=float)
    return (x + lam) / (x + lam + filler_score_bound(n, k, lam, c))


@speaks_as("chord_lower_bound")
def chord_lower_bound(m, n, k, lam, c):
    """h(m) = (1 − m) g(0) + m g(1) ≤ E g(X) for every X ∈ [0, 1] with E X = m (g concave)."""
    if np.ndim(m) == 0:
        check_real("chord_lower_bound", "m", m, low=0, high=1)
    else:
        m = as_vector("chord_lower_bound", "m", m)
        if (m < 0).any() or (m > 1).any():
            raise ValueError(f"chord_lower_bound: m must lie in [0, 1]; got {m.tolist()}.")
    with errors_as("chord_lower_bound"):
        g0, g1 = committed_choice_lower_bound([0.0, 1.0], n, k, lam, c)
    return (1.0 - np.asarray(m, dtype=float)) * g0 + np.asarray(m, dtype=float) * g1


@speaks_as("fixed_point")
def fixed_point(n, k, lam, c):
    """m* = g(0)/(1 − g(1) + g(0)): the limit of the memory lower bound (solves h(m) = m)."""
    g0, g1 = committed_choice_lower_bound([0.0, 1.0], n, k, lam, c)
    return float(g0 / (1.0 - g1 + g0))


def concavity_second_derivative():
    """Sympy: (g, g'', residual) with g = (x+λ)/(x+λ+D); residual = g'' + 2D/(x+λ+D)³ simplifies to 0.

    So g'' < 0 for all x ≥ 0 when λ, D > 0: the concavity step of E.1.
    """
    import sympy as sp

    x, lam, D = sp.symbols("x lambda D", positive=True)
    g = (x + lam) / (x + lam + D)
    g2 = sp.diff(g, x, 2)
    residual = sp.simplify(g2 + 2 * D / (x + lam + D) ** 3)
    return g, sp.simplify(g2), residual


def _chord(n, k, lam, c):
    """(g(0), slope g(1) − g(0), m*) of the chord h."""
    g0, g1 = committed_choice_lower_bound([0.0, 1.0], n, k, lam, c)
    slope = g1 - g0
    return g0, slope, g0 / (1.0 - slope)


def window_frequency_lower_bounds(L, n, k, lam, c, gamma):
    """ℓ_0..ℓ_{L−1}: P(committed item chosen at round t of a pull) ≥ ℓ_t from any start memory.

    ℓ_t = h(m_t), m_t = m*(1 − ρ^t), ρ = 1 − (1−γ)(1 − g(1) + g(0)). Proof in the module docstring.
    """
    fn = "window_frequency_lower_bounds"
    L = check_integer(fn, "L", L)
    n, k, lam, c = check_scale_bounded_params(fn, n, k, lam, c)
    gamma = float(check_real(fn, "gamma", gamma, low=0, high=1, high_open=True))
    g0, slope, m_star = _chord(n, k, lam, c)
    rho = 1.0 - (1.0 - gamma) * (1.0 - slope)
    m = m_star * (1.0 - rho ** np.arange(L))
    return g0 + slope * m


def rounds_to_vertex_value(phi, n, k, lam, c, gamma, *, max_rounds: int = 10**7):
    """First t with ℓ_t ≥ 1 − φ + φ/n (the vertex's weight on its item), or None if never."""
    fn = "rounds_to_vertex_value"
    phi = float(check_real(fn, "phi", phi, low=0, high=1))
    n, k, lam, c = check_scale_bounded_params(fn, n, k, lam, c)
    gamma = float(check_real(fn, "gamma", gamma, low=0, high=1, high_open=True))
    target = 1.0 - phi + phi / n
    g0, slope, m_star = _chord(n, k, lam, c)
    if g0 >= target:
        return 0
    if g0 + slope * m_star <= target:  # the limit h(m*) = m* does not exceed the target
        return None
    rho = 1.0 - (1.0 - gamma) * (1.0 - slope)
    # h(m_t) ≥ target ⇔ m*(1 − ρ^t) ≥ (target − g0)/slope ⇔ ρ^t ≤ 1 − (target − g0)/(slope m*)
    need = 1.0 - (target - g0) / (slope * m_star)
    t = math.ceil(math.log(need) / math.log(rho)) if rho > 0 else 1
    return min(max(t, 0), max_rounds)


def vertex_phi_min(n, k, lam, c):
    """Smallest φ with m* > 1 − φ + φ/n, i.e. φ > (1 − m*) n/(n − 1): the vertex value is reachable."""
    n, k, lam, c = check_scale_bounded_params("vertex_phi_min", n, k, lam, c)
    return min(1.0, (1.0 - fixed_point(n, k, lam, c)) * n / (n - 1))


@speaks_as("warmup_deficit")
def warmup_deficit(L, n, k, lam, c, gamma, phi):
    """B_L = Σ_{t<L} (1 − φ − ℓ_t)^+: the most a pull can lose to the vertex's item weight (per unit reward)."""
    phi = float(check_real("warmup_deficit", "phi", phi, low=0, high=1))
    ell = window_frequency_lower_bounds(L, n, k, lam, c, gamma)
    return float(np.clip(1.0 - phi - ell, 0.0, None).sum())


def transient_deficit(n, k, lam, c, gamma):
    """B = Σ_{t≥0} (m* − ℓ_t) = slope·m*/(1 − ρ) in closed form: the pull's warm-up loss.

    ℓ_t = g(0) + slope·m*(1 − ρ^t) and m* = g(0) + slope·m*, so m* − ℓ_t = slope·m*·ρ^t and the sum is
    slope·m*/(1 − ρ) (ρ = 1 − (1−γ)(1 − slope)).
    """
    n, k, lam, c = check_scale_bounded_params("transient_deficit", n, k, lam, c)
    gamma = float(check_real("transient_deficit", "gamma", gamma, low=0, high=1, high_open=True))
    _, slope, m_star = _chord(n, k, lam, c)
    return float(slope * m_star / ((1.0 - gamma) * (1.0 - slope)))


@speaks_as("theorem5_window")
def theorem5_window(T, n, k, lam, c, gamma, phi=None):
    """L ≍ (2 T B²/(n ln n))^{1/3}, B = ``transient_deficit`` (balances T·B/L against √(2TLn ln n)).

    Clipped to [1, T]. ``phi`` is accepted for symmetry (the transient does not depend on it).
    """
    T = check_integer("theorem5_window", "T", T)
    B = max(transient_deficit(n, k, lam, c, gamma), 1e-9)
    L = (2.0 * T * B * B / (n * math.log(n))) ** (1.0 / 3.0)
    return int(min(max(1, round(L)), T))


@speaks_as("smoothed_benchmark")
def smoothed_benchmark(reward_sum, phi) -> float:
    """max_{p∈Δ_φ} ⟨p, R⟩ = (1 − φ) max R + (φ/n) Σ R (best vertex; linear objective).

    The setting's one implementation: ``best_in_target(R, "smoothed", phi=φ)`` (greedy box simplex).
    """
    phi = float(check_real("smoothed_benchmark", "phi", phi, low=0, high=1))
    return float(rg.best_in_target(reward_sum, "smoothed", phi=phi)[0])


def theorem5_regret_bound(rewards, L, n, k, lam, c, gamma, phi):
    """Our Theorem 5 bound on Reg_T(Δ_φ) of ``ExpPhi`` for the oblivious reward table ``rewards`` (T×n).

    Terms (module docstring): EXP3 L√(2Nn ln n) + warm-up Σ_{t<NL}(1−φ−ℓ_{t mod L}) r_t(a*) +
    unfinished window (1−φ)Σ_{t≥NL} r_t(a*) + uniform share (φ/n) Σ R. Returns a dict of the terms
    and their ``total``.
    """
    fn = "theorem5_regret_bound"
    n, k, lam, c = check_scale_bounded_params(fn, n, k, lam, c)
    try:
        r = np.asarray(rewards, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{fn}: rewards must be a (T, n) array of real numbers; "
                         f"got {type(rewards).__name__}.") from None
    if r.ndim == 2 and not np.isfinite(r).all():
        raise ValueError(f"{fn}: rewards must contain only finite numbers.")
    if r.ndim != 2 or r.shape[1] != n:
        raise ValueError(f"{fn}: rewards must have shape (T, n) with n={n}; got shape {r.shape}.")
    L = check_integer(fn, "L", L)
    phi = float(check_real(fn, "phi", phi, low=0, high=1))
    T = r.shape[0]
    N = T // L
    R = r.sum(axis=0)
    a = int(np.argmax(R))
    with errors_as(fn):
        ell = window_frequency_lower_bounds(L, n, k, lam, c, gamma)
    full = r[: N * L, a].reshape(N, L) if N > 0 else np.zeros((0, L))
    terms = {
        "exp3": L * math.sqrt(2.0 * N * n * math.log(n)) if N > 0 else 0.0,
        "warmup": float(((1.0 - phi - ell)[None, :] * full).sum()),
        "unfinished": float((1.0 - phi) * r[N * L:, a].sum()),
        "uniform_share": float(phi * R.mean()),
    }
    terms["total"] = sum(terms.values())
    return terms
