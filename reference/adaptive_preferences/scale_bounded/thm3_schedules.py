"""Theorem 3's schedules (paper A, arXiv 2302.06014, §4.1 / Appendix C.2): Algorithm 3's parameters for γ = 1 − T^{−c}.

The surviving text says that Algorithm 3 runs with memory horizon H = T^c and that its regret has an interior
optimum in c; the schedule (batch length, learning length, step size) is lost. The four schedules below are
this project's [project]; their exponents are derived in ``thm3_bounds``.

Main statements
---------------
* ``theorem3_parameters(T, c, n, k, φ)`` — the first ("fixed") schedule: B = ⌈H⌉, m = ⌈max(H, 40n)⌉,
  η = D/(G√J), used by ``theorem3_apriori_bound(schedule="fixed")``.
* ``theorem3_invariant_parameters`` — the default ("invariant") schedule, under which invariant 5 can hold:
  close = max(0.1, 2.5·noise), B = ⌈H ln(4/close)⌉, relearn_drift = 2·close + 0.2, m = ``theorem3_learn_rounds``,
  stale_tol = min(0.02, 1/√H).
* ``theorem3_moving_factor_parameters`` ("moving") — shrinks the free drift d = T^{−(1−c)/4} and close ≍
  max(√(n/H), d), so that the a-priori bound stays sublinear when the factors move (L_κ > 0).
* ``theorem3_reuse_parameters`` ("reuse") — for ``relearn="steps"``: close = max(2.5·noise, δ_x⁰) with no floor.
* ``theorem3_learn_rounds(H, n, φ)`` — m = learn_factor · max(⌈H⌉, ⌈12 n/φ⌉): ≥ 12 expected choices per item.
* ``stationary_memory_noise(p, γ)`` [derived] — √(2/π) Σ_i √(p_i(1 − p_i)(1 − γ)/(1 + γ)), the Gaussian
  approximation of E‖v − p‖₁ for the stationary memory: the floor of invariant 5's tolerance.
* ``delta_phi_radius_sq(n, φ)`` — D² = (1 − φ)²(1 − 1/n) = max_{x∈Δ_φ} ‖u_n − x‖², the OGD distance term;
  ``ogd_step_size(T, B, n, φ)`` — η = √(D²/(G² J)), J = max(1, T/(2B)), G² = n²/(φB) + n.

Each schedule function returns a dict (``gamma``, ``H``, ``batch``, ``learn_rounds``, ``eta`` and, except the
fixed one, ``close``, ``relearn_drift``, ``stale_tol``; ``free_drift`` for "moving", ``relearn`` for "reuse");
``Algorithm3Schedule.from_parameters`` turns it into Algorithm 3's parameter object.

Certified: ``algorithm3_invariant5_holds_with_noise_scaled_schedule`` (invariant), the moving/reuse schedules in
``theorem3_moving_factors_apriori_sublinear_optimum_one_third`` and
``algorithm3_invariants_hold_under_moving_factor_schedule`` (``certificates/adaptive_preferences/scale_bounded/``).
Findings: docs/findings.md, "Theorem 3: invariant 5 needs a noise-scaled tolerance",
"Theorem 3: the learning length".

Notation
--------
==========  =============================  ==============================================
paper       code                           meaning
==========  =============================  ==============================================
c           ``c_exp``                      memory exponent, H = T^c, γ = 1 − 1/H
B, J        ``batch``                      rounds per OGD step, J ≈ T/(2B) steps
m           ``learn_rounds``               rounds per learning stage
η, D, G     ``eta``                        OGD step size, distance, gradient scale
d           ``free_drift``                 drift allowed beyond 2·close before re-learning
==========  =============================  ==============================================

Implementation notes
--------------------
The memory noise at u_n is written with H (``uniform_memory_noise``), because γ = 1 − 1/H rounds to 1.0 in
floats for huge H (the a-priori bounds are evaluated up to T = 10⁶⁰).

References: paper A, arXiv 2302.06014, §4.1 and Appendix C.2.
"""

from __future__ import annotations

import math

import numpy as np

from reference._numerics import check_integer, check_k, check_probability_vector, check_real

__all__ = [
    "LEARN_HITS",
    "delta_phi_radius_sq",
    "ogd_step_size",
    "stationary_memory_noise",
    "uniform_memory_noise",
    "theorem3_learn_rounds",
    "theorem3_parameters",
    "theorem3_invariant_parameters",
    "theorem3_moving_factor_parameters",
    "theorem3_reuse_parameters",
]

LEARN_HITS = 12  # expected choices of the least-targeted item per learning stage (``theorem3_learn_rounds``)


def _check_phi_n(fn: str, n, phi, *, phi_open: bool = True) -> int:
    """n ≥ 1 items and φ ∈ (0, 1] (φ ∈ [0, 1] when ``phi_open`` is false): the smoothed simplex Δ_φ."""
    n = check_integer(fn, "n", n)
    check_real(fn, "phi", phi, low=0, high=1, low_open=phi_open)
    return n


def _check_schedule(fn: str, T, c_exp, n, k, phi) -> None:
    """Theorem 3's schedule arguments: T ≥ 2 rounds, c ∈ (0, 1], 1 ≤ k ≤ n, φ ∈ (0, 1]."""
    check_real(fn, "T", T, low=2, what="(H = T^c must exceed 1)")
    check_real(fn, "c_exp", c_exp, low=0, high=1, low_open=True)
    check_k(fn, k, _check_phi_n(fn, n, phi))


def delta_phi_radius_sq(n: int, phi: float) -> float:
    """D² = (1 − φ)²(1 − 1/n): the largest squared ℓ2 distance from u_n (OGD's x_1) to a point of Δ_φ."""
    n = _check_phi_n("delta_phi_radius_sq", n, phi, phi_open=False)
    return (1 - phi) ** 2 * (1 - 1 / n)


def ogd_step_size(T: float, batch: int, n: int, phi: float) -> float:
    """η = D/(G√J) with J = max(1, T/(2B)) steps, G² = n²/(φB) + n, D² = ``delta_phi_radius_sq``."""
    fn = "ogd_step_size"
    check_real(fn, "T", T, low=1)
    batch, n = check_integer(fn, "batch", batch), _check_phi_n(fn, n, phi)
    J = max(1.0, T / (2.0 * batch))
    G2 = n * n / (phi * batch) + n
    return math.sqrt(delta_phi_radius_sq(n, phi) / (G2 * J))


def stationary_memory_noise(p, gamma) -> float:
    """√(2/π) Σ_i √(p_i(1 − p_i)(1 − γ)/(1 + γ)): the Gaussian approximation of E‖v − p‖₁ for the
    stationary discounted memory when every choice is drawn i.i.d. from p [derived].

    Exact ingredient: v_i = (1 − γ) Σ_s γ^s X_{t−s}, X ~ Bernoulli(p_i) i.i.d., so
    Var v_i = p_i(1 − p_i)(1 − γ)² Σ_s γ^{2s} = p_i(1 − p_i)(1 − γ)/(1 + γ); E|Z| = √(2/π) σ for a
    normal Z (central limit in the horizon H = 1/(1 − γ)). The floor below which invariant 5's
    tolerance cannot go.
    """
    fn = "stationary_memory_noise"
    p = np.asarray(check_probability_vector(fn, p), dtype=float)
    gamma = check_real(fn, "gamma", gamma, low=0, high=1, high_open=True)
    return float(math.sqrt(2 / math.pi) * np.sqrt(p * (1 - p) * (1 - gamma) / (1 + gamma)).sum())


def uniform_memory_noise(n: int, H: float, *, multiple: float = 1.0) -> float:
    """multiple · ``stationary_memory_noise(u_n, γ)`` written with H = 1/(1 − γ) (no rounding of γ to 1)."""
    fn = "uniform_memory_noise"
    n = check_integer(fn, "n", n)
    check_real(fn, "H", H, low=1, what="(the memory horizon 1/(1 − γ))")
    check_real(fn, "multiple", multiple, low=0)
    return multiple * math.sqrt(2 / math.pi) * n * math.sqrt((1 / n) * (1 - 1 / n) / (2 * H - 1))


def theorem3_learn_rounds(H: float, n: int, phi: float, *, learn_factor: int = 1, hits: int = LEARN_HITS) -> int:
    """m = learn_factor · max(⌈H⌉, ⌈hits · n/φ⌉): the learning-stage length of the schedules [derived].

    With the one-shot Luce MLE (``estimator="mle"``), invariant 1's threshold is computed from the stage's own
    data (``luce_calibrated_spread``), so it needs no particular m to be *valid* — only the normal
    approximation behind it, i.e. enough choices of every item: a learning round targets p = v̄ ∈ Δ_φ, so item i
    is chosen w.p. ≈ p_i ≥ φ/n and E[count_i] ≥ m φ/n ≥ ``hits`` (= 12). The a-priori rate only needs m ≳ H
    (ln ρ̄ ≍ √(ln T/m) ≍ T^{−c/2}). One initial stage suffices (the MLE is consistent in one shot).
    Calibration at this m is binomial-tested (``algorithm3_invariants_and_regret_le_bound``).
    Findings: docs/findings.md, "Theorem 3: the learning length".
    """
    fn = "theorem3_learn_rounds"
    check_real(fn, "H", H, low=1, what="(the memory horizon 1/(1 − γ))")
    n = _check_phi_n(fn, n, phi)
    learn_factor, hits = check_integer(fn, "learn_factor", learn_factor), check_integer(fn, "hits", hits)
    return int(learn_factor) * max(math.ceil(H), math.ceil(hits * n / phi))


def theorem3_parameters(T: int, c_exp: float, n: int, k: int, phi: float) -> dict:
    """The fixed schedule for γ = 1 − T^{−c} (H = T^c) [project]: batch B = ⌈H⌉, learning m = ⌈max(H, 40n)⌉
    rounds, J ≈ T/(2B) steps, η = D/(G√J) with D² = (1−φ)²(1 − 1/n), G² = n²/(φB) + n (``ogd_step_size``)."""
    _check_schedule("theorem3_parameters", T, c_exp, n, k, phi)
    H = float(T) ** c_exp
    gamma = 1.0 - 1.0 / H
    B = max(1, math.ceil(H))
    m = max(math.ceil(H), 40 * n)
    return {"gamma": gamma, "H": H, "batch": B, "learn_rounds": m, "eta": ogd_step_size(T, B, n, phi)}


def theorem3_invariant_parameters(T: int, c_exp: float, n: int, k: int, phi: float, *, learn_factor: int = 1) -> dict:
    """The default schedule for γ = 1 − T^{−c}, under which invariant 5 can hold [project]:

      close          = max(0.1, 2.5 · stationary_memory_noise(u_n, γ))   (above the noise floor)
      batch B        = ⌈H ln(4/close)⌉                                    (γ^B ≤ close/4: the start-of-step gap
                                                                           contracts)
      relearn_drift  = 2·close + 0.2                                      (drift − 2·close = 0.2: the re-learning
                                                                           count of ``theorem3_apriori_bound``)
      learn_rounds m = ``theorem3_learn_rounds(H, n, φ, learn_factor)``   (≥ 12 expected choices per item)
      η              = ``ogd_step_size(T, B, n, φ)``
      stale_tol      = min(0.02, 1/√H)                                     (μ rebuilt when f̂(v_t) moved by more;
                                                                            → 0 so invariant 2's factor → 1)

    ``close`` is a Gaussian heuristic (2.5 × the mean deviation of the memory at u_n); the proved threshold of
    invariant 5 is ``invariant5_threshold``. Findings: docs/findings.md, "Theorem 3: invariant 5 needs a
    noise-scaled tolerance".
    """
    _check_schedule("theorem3_invariant_parameters", T, c_exp, n, k, phi)
    check_integer("theorem3_invariant_parameters", "learn_factor", learn_factor)
    pr = theorem3_parameters(T, c_exp, n, k, phi)
    H, gamma = pr["H"], pr["gamma"]
    close = max(0.1, uniform_memory_noise(n, H, multiple=2.5))
    B = max(1, math.ceil(H * math.log(4.0 / close)))
    m = theorem3_learn_rounds(H, n, phi, learn_factor=learn_factor)
    return {"gamma": gamma, "H": H, "batch": B, "learn_rounds": m, "eta": ogd_step_size(T, B, n, phi), "close": close,
            "relearn_drift": 2 * close + 0.2, "stale_tol": min(0.02, 1.0 / math.sqrt(H))}


def theorem3_moving_factor_parameters(T: int, c_exp: float, n: int, k: int, phi: float, *, learn_factor: int = 4,
                                      drift_scale: float = 1.0, drift_max: float = 0.2) -> dict:
    """A schedule whose a-priori bound is sublinear also when the factors move (L_κ > 0) [project].

    ``theorem3_invariant_parameters`` re-learns only after a factor drift relearn_drift − 2·close = 0.2 and keeps
    close ≥ 0.1: with L_κ > 0 the spread ρ̄ then stays a constant and the bias term of ``theorem3_apriori_bound``
    is linear in T. Here both shrink with T (everything else as there):

      d (free drift)  = min(drift_max, drift_scale · T^{−(1−c)/4})            (the balancing exponent)
      close           = max(2.5 · stationary_memory_noise(u_n, γ), d)         (above the noise floor and ≥ d: the
                                                                               targeting error ≍ L_κ d moves the
                                                                               memory off x_j by that order)
      relearn_drift   = 2·close + d                                           (> 2·close by construction)
      B, m, η, stale_tol as in ``theorem3_invariant_parameters``, except learn_factor = 4 by default.

    Derivation of the exponent: ``theorem3_optimal_c_moving_factors`` (``thm3_bounds``). Which constraint binds:
    close ≍ max(noise, d) with noise ≍ √(n/H) = T^{−c/2}, d = T^{−(1−c)/4}; noise ≥ d ⇔ c ≤ 1/3 (the
    relearn_drift > 2·close floor binds below c* = 1/3, the free drift above). Caveat: A5 is self-consistent in
    the worst case only for L_κ < 1/8 (close = d); above it A5 stays an assumption checked at run time.
    Findings: docs/findings.md, "Theorem 3: moving factors".
    """
    fn = "theorem3_moving_factor_parameters"
    for name, val in (("drift_scale", drift_scale), ("drift_max", drift_max)):
        check_real(fn, name, val, low=0, low_open=True)
    _check_schedule(fn, T, c_exp, n, k, phi)
    check_integer(fn, "learn_factor", learn_factor)
    pr = dict(theorem3_invariant_parameters(T, c_exp, n, k, phi, learn_factor=learn_factor))
    H = pr["H"]
    d = min(float(drift_max), float(drift_scale) * float(T) ** (-(1.0 - c_exp) / 4.0))
    close = max(2.5 * uniform_memory_noise(n, H), d)
    B = max(1, math.ceil(H * math.log(4.0 / close)))
    pr.update(batch=B, eta=ogd_step_size(T, B, n, phi), close=close, relearn_drift=2 * close + d, free_drift=d)
    return pr


def theorem3_reuse_parameters(T: int, c_exp: float, n: int, k: int, phi: float, *, learn_factor: int = 1) -> dict:
    """Schedule for Algorithm 3 with ``relearn="steps"`` (κ̂ refitted on windows of step rounds) [project].

    As ``theorem3_invariant_parameters`` except close = max(2.5·stationary_memory_noise(u_n, γ), δ_x⁰), with
    δ_x⁰ = √n η⁰ n/φ the per-step iterate movement under that schedule's η⁰ (no 0.1 floor: close → 0, which
    the L_κ terms of ``theorem3_apriori_bound(schedule="reuse")`` need), then B = ⌈H ln(4/close)⌉ and η
    recomputed. ``relearn_drift`` is unused with ``relearn="steps"`` (kept for the schedule object).
    """
    _check_schedule("theorem3_reuse_parameters", T, c_exp, n, k, phi)
    check_integer("theorem3_reuse_parameters", "learn_factor", learn_factor)
    pr = dict(theorem3_invariant_parameters(T, c_exp, n, k, phi, learn_factor=learn_factor))
    H = pr["H"]
    close = min(max(2.5 * uniform_memory_noise(n, H), math.sqrt(n) * pr["eta"] * n / phi), 2.0)
    B = max(1, math.ceil(H * math.log(4.0 / close)))
    pr.update(batch=B, eta=ogd_step_size(T, B, n, phi), close=close, relearn_drift=2 * close + 0.2, relearn="steps")
    return pr
