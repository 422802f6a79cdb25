"""Theorem 3 (paper A, arXiv 2302.06014, §4.1; restated in Appendix C.2 as "Theorem 9"): Algorithm 3's regret bounds.

The surviving text: the regret against Δ_φ decays "as [γ] approaches 1 (in addition to 0)" and "Our optimal
rate over [Δ_φ] is again [lost], yet this time occurring when [c = lost]" (brackets: our reading; the symbols
are lost). The rate is lost; the bounds below are this project's [project], each with its proof.

Main statements
---------------
* ``theorem3_regret_bound(...)`` [project] — pathwise terms whose expectation bounds E Reg_T(Δ_φ) for
  oblivious rewards (every run; fed by the observer's ``ledger``).
* ``theorem3_apriori_bound(T, c, n, k, φ, schedule=)`` [project] — explicit terms that dominate the pathwise
  ones, a function of (T, c, n, φ) and the algorithm's constants, under stated assumptions (A1c coverage,
  A3 no movement, A5 invariant 5; A1 accuracy for ``schedule="fixed"`` only). Schedules: "invariant"
  (default), "moving", "reuse", "fixed" (``thm3_schedules``).
* Exponents (sympy): ``theorem3_apriori_exponent`` e(c) = max((1+c)/2, 1 − c/2, c) and ``theorem3_optimal_c``
  (c* = 1/2, e* = 3/4) when the factors are constant (L_κ = 0) or with re-learning on step rounds;
  ``theorem3_apriori_exponent_moving_factors`` e(c) = max((3+c)/4, 1 − c/2, c) and
  ``theorem3_optimal_c_moving_factors`` (c* = 1/3, e* = 5/6, a*(c) = (1 − c)/4) with the shrinking drift.

Certified (``certificates/adaptive_preferences/scale_bounded/``): ``algorithm3_invariants_and_regret_le_bound``,
``algorithm3_memory_exponent_sweep`` (regret ≤ the pathwise bound),
``theorem3_apriori_bound_dominates_and_interior_optimum`` and
``theorem3_moving_factors_apriori_sublinear_optimum_one_third`` (the a-priori bound and its exponents).
Findings: docs/findings.md, "Theorem 3: the a-priori bound's assumptions", "Theorem 3: moving factors".

Notation
--------
==========  =============================  ==============================================
paper       code                           meaning
==========  =============================  ==============================================
c           ``c_exp``                      memory exponent, H = T^c
ρ_t, ρ̄      ``rho_bar``                    score spread of round t, its a-priori bound
g_j         ``grad_sq_sum``                OGD gradient of step j (Σ_j ‖g_j‖²)
δ_x         ``delta_x``                    per-step iterate movement bound √n η n/φ
L_κ         ``factor_lipschitz``           ℓ1 → log Lipschitz constant of the factors
β₀          ``coverage``                   A1c: λ₂(Λ) ≥ β₀ per learning round
R           ``relearn_count_bound``        bound on the number of re-learnings (refits)
==========  =============================  ==============================================

Implementation notes
--------------------
sympy is imported inside the exponent functions only. The a-priori bound keeps drift − 2·close apart
(``free_drift``): it underflows beside close at huge T.

References: paper A, arXiv 2302.06014, §4.1 and Appendix C.2.
"""

from __future__ import annotations

import math

import reference.adaptive_preferences.scale_bounded.alg3_invariants as inv
import reference.adaptive_preferences.scale_bounded.thm3_schedules as sch
from reference._numerics import check_integer, check_real, speaks_as

__all__ = [
    "theorem3_regret_bound",
    "theorem3_apriori_bound",
    "theorem3_apriori_exponent",
    "theorem3_optimal_c",
    "theorem3_apriori_exponent_moving_factors",
    "theorem3_optimal_c_moving_factors",
]

APRIORI_SCHEDULES = ("invariant", "moving", "reuse", "fixed")


@speaks_as("theorem3_regret_bound")
def theorem3_regret_bound(*, T, n, phi, batch, eta, steps_rounds, grad_sq_sum, bias, targeting, movement):
    """Our Theorem 3 bound, E Reg_T(Δ_φ) ≤ E[the sum of these pathwise terms] (oblivious rewards) [project]:

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
    The a-priori rate is ``theorem3_apriori_bound``.
    """
    fn = "theorem3_regret_bound"
    check_integer(fn, "T", T)
    check_integer(fn, "steps_rounds", steps_rounds, minimum=0)
    if steps_rounds > T:
        raise ValueError(f"{fn}: steps_rounds must be at most T={T}; got {steps_rounds}.")
    check_integer(fn, "batch", batch)
    check_real(fn, "eta", eta, low=0, low_open=True)
    for name, value in (("grad_sq_sum", grad_sq_sum), ("bias", bias), ("targeting", targeting),
                        ("movement", movement)):
        check_real(fn, name, value, low=0)
    terms = {
        "other": float(T - steps_rounds),
        "ogd": batch * (sch.delta_phi_radius_sq(n, phi) / (2 * eta) + eta / 2 * grad_sq_sum),
        "bias": float(bias),
        "targeting": float(targeting),
        "movement": float(movement),
    }
    terms["total"] = sum(terms.values())
    return terms


def _check_apriori_model(c, coverage, factor_lipschitz) -> None:
    fn = "theorem3_apriori_bound"
    check_real(fn, "c", c, low=1, low_open=True)
    check_real(fn, "coverage", coverage, low=0, low_open=True)
    check_real(fn, "factor_lipschitz", factor_lipschitz, low=0)


def _step_geometry(T, B, n, phi, eta):
    """(J, D², G_max, δ_x): J = ⌊T/B⌋ ≥ #steps, D² = ``delta_phi_radius_sq``, G_max = n/φ ≥ ‖g_j‖₂ (invariant 3),
    δ_x = √n η G_max ≥ ‖x_{j+1} − x_j‖₁ (projection is 1-Lipschitz)."""
    g_max = n / phi
    return math.floor(T / B), sch.delta_phi_radius_sq(n, phi), g_max, math.sqrt(n) * eta * g_max


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


@speaks_as("theorem3_apriori_bound")
def theorem3_apriori_bound(T, c_exp, n, k, phi, *, schedule="invariant", c=1.3, factor_lipschitz=0.0,
                           coverage=0.005, stale_tol=None, kappa_rho=3.0, burn_eps=0.2, close=0.1, relearn_drift=0.3,
                           initial_learn_iters=1, relearn_iters=1):
    """A-priori Theorem 3 bound for ``ScaleBoundedOGD`` [project]: a dict of the terms, ``total``, ``rho_bar``,
    ``assumptions`` (and, for the derived schedules, ``log_rho_learn``, ``relearn_count_bound``, ``invariant5``, …).

    Terms shared by every schedule (H = T^c; B, m, η from the schedule; J = ⌊T/B⌋ ≥ #steps, D² = (1−φ)²(1−1/n),
    G_max = n/φ; proofs):
      burn       ⌈H ln n⌉ + ⌈6H ln(2n/ε_b)⌉        BurnIn's deterministic cap (no assumption)
      learning   (i₀ + i_r R) m,  R = min(J, 1 + ⌊J δ_x/(drift − 2·close)⌋),  δ_x = √n η G_max
                 ‖x_{j+1} − x_j‖₁ ≤ √n ‖x_{j+1} − x_j‖₂ ≤ √n η ‖g_j‖₂ ≤ δ_x (projection is 1-Lipschitz,
                 ‖g_j‖₂ ≤ n/φ pathwise: g_j(i) ≤ (count_i/B)(n/φ), invariant 3). Under (A5) a re-learning
                 after step j needs 2·close + (j − j')δ_x > drift, j' the step of the previous learning
                 end, so consecutive re-learnings are ≥ (drift − 2 close)/δ_x steps apart.
      last_step  B                                 the unfinished step
      ogd        B (D²/(2η) + η J G_max²/2)        pathwise OGD bound with Σ_j ‖g_j‖² ≤ J G_max² (no assumption)
      bias       2(ρ̄ − 1) T                        in Σ_t 2(ρ_t − 1)
      targeting  (ρ̄ − 1)/(ρ̄ + 1) T                 in Σ_t (ρ_t − 1)/(ρ_t + 1)
      movement   0                                  (A3) x_j realisable under f̂ in every step round (y_t = x_j)

    ``schedule="invariant"`` (default; ``theorem3_invariant_parameters``) and ``"moving"``
    (``theorem3_moving_factor_parameters``): Luce-MLE learning with ρ̄ *derived* from ``luce_spread_bound``,

      ln ρ̄ = min(2√2 (√(4 ln(2/δ)/M) + 4 L_κ·close)/β₀, 4 ln c) + min(2 L_κ min(drift + close + δ_x, 2), 4 ln c)
             + ln(1 + stale_tol),

    M = ``relearn_iters``·m, δ = 1/T per stage (the ``failure`` term (1 + R)δT counts the stages), stale_tol
    defaulting to the schedule's. The first part is ``luce_spread_bound`` with λ₂(Λ) ≥ β₀ M (R_max ≤ 2/λ₂) and
    the learning drift ‖v_t − v_ref‖₁ ≤ 2·close; the second is invariant 2's factor drift; the third the
    rebuild tolerance. Assumptions: (A1c) λ₂(Λ) ≥ β₀ = ``coverage`` per round (observable:
    ``learn_stages[*]["lambda2_per_round"]``); (A3); (A5) memory within ``close`` of the iterate at
    step/learning ends and within drift + close of v_ref in step rounds. ``terms["invariant5"]`` reports
    invariant 5's a-priori threshold τ̄ (``invariant5_apriori_threshold`` at δ₅ = 1/T² per step) and whether
    τ̄ ≤ close, i.e. whether A5's step-end part is a consequence w.p. ≥ 1 − J/T².
    Rate (L_κ = 0): e(c) = max((1+c)/2, 1 − c/2) up to logs (``theorem3_apriori_exponent``), optimum c = 1/2,
    e = 3/4. For L_κ > 0 a constant relearn_drift makes the bias linear in T; the "moving" schedule shrinks it:
    e(c) = max((3 + c)/4, 1 − c/2), c* = 1/3, e* = 5/6 (``theorem3_optimal_c_moving_factors``).

    ``schedule="reuse"``: ``_theorem3_apriori_reuse`` (``relearn="steps"``), the L_κ = 0 exponent for every L_κ.

    ``schedule="fixed"``: ``theorem3_parameters``, with (A1) assumed instead of derived: every step round's
    spread ρ_t ≤ ρ̄ := 1 + κ_ρ √(n/(φ m)) (Lemma 7 at its sampling rate: each item targeted with frequency
    ≥ φ/n, so each count has ≥ mφ/n expected hits and relative error ≍ √(n/(mφ))). Rate: B ≍ m ≍ T^c,
    η ≍ 1/√J, J ≍ T^{1−c}: burn, last_step = O(T^c); learning, ogd = O(T^{(1+c)/2}); bias + targeting =
    O(T^{1−c/2}); e(c) → 1 as c → 0 (too few rounds per memory horizon) and as c → 1 (few, long OGD steps).
    """
    fn = "theorem3_apriori_bound"
    check_real(fn, "T", T, low=1)
    check_real(fn, "c_exp", c_exp, low=0, high=1, low_open=True)
    check_real(fn, "phi", phi, low=0, high=1, low_open=True, high_open=True)
    if schedule not in APRIORI_SCHEDULES:
        raise ValueError(f"{fn}: schedule must be 'invariant', 'moving', 'reuse' or 'fixed'; got {schedule!r}.")
    if schedule in ("invariant", "moving"):
        params = sch.theorem3_invariant_parameters if schedule == "invariant" else sch.theorem3_moving_factor_parameters
        return _theorem3_apriori_invariant(T, c_exp, n, k, phi, c=c, factor_lipschitz=factor_lipschitz,
                                           coverage=coverage, stale_tol=stale_tol, burn_eps=burn_eps,
                                           initial_learn_iters=initial_learn_iters, relearn_iters=relearn_iters,
                                           params=params)
    if schedule == "reuse":
        return _theorem3_apriori_reuse(T, c_exp, n, k, phi, c=c, factor_lipschitz=factor_lipschitz,
                                       coverage=coverage, stale_tol=stale_tol, burn_eps=burn_eps,
                                       initial_learn_iters=initial_learn_iters)
    return _theorem3_apriori_fixed(T, c_exp, n, k, phi, kappa_rho=kappa_rho, burn_eps=burn_eps, close=close,
                                   relearn_drift=relearn_drift, initial_learn_iters=initial_learn_iters,
                                   relearn_iters=relearn_iters)


def _theorem3_apriori_fixed(T, c_exp, n, k, phi, *, kappa_rho, burn_eps, close, relearn_drift, initial_learn_iters,
                            relearn_iters):
    """``theorem3_apriori_bound(schedule="fixed")``: ``theorem3_parameters`` with (A1) assumed."""
    if not relearn_drift > 2 * close:
        raise ValueError(f"theorem3_apriori_bound: relearn_drift must exceed 2*close; got {relearn_drift} and {close}.")
    pr = sch.theorem3_parameters(T, c_exp, n, k, phi)
    H, B, m, eta = pr["H"], pr["batch"], pr["learn_rounds"], pr["eta"]
    J, D2, g_max, delta_x = _step_geometry(T, B, n, phi, eta)
    R = min(J, 1 + math.floor(J * delta_x / (relearn_drift - 2 * close)))
    rho_bar = 1.0 + kappa_rho * math.sqrt(n / (phi * m))
    terms = _apriori_terms(T=T, H=H, n=n, burn_eps=burn_eps, learning=(initial_learn_iters + relearn_iters * R) * m,
                           B=B, D2=D2, eta=eta, J=J, g_max=g_max, rho_bar=rho_bar)
    terms["assumptions"] = ("A1: spread rho_t <= rho_bar every step round (invariants 1-2)",
                            "A3: x_j realisable under the estimate every step round (movement 0)",
                            "A5: memory within close of the iterate at every step/learning end (invariant 5)")
    return terms


def _derived_log_spread(*, T, M, c, factor_lipschitz, coverage, learn_drift, step_drift, stale_tol):
    """(ln ρ̄, ln ρ̄₁, statistical part, cap): ``luce_spread_bound`` a priori (δ = 1/T, λ₂ ≥ β₀ M, learning drift
    2 L_κ·``learn_drift`` per round) + invariant 2's factor drift min(2 L_κ·step_drift, 4 ln c) + ln(1 + stale_tol)."""
    cap = 4 * math.log(c)
    delta = 1.0 / T
    stat = 2 * math.sqrt(2) * (math.sqrt(4 * math.log(2 / delta) / M) + 2 * factor_lipschitz * learn_drift) / coverage
    log_rho1 = min(stat, cap)
    log_rho = log_rho1 + min(2 * factor_lipschitz * step_drift, cap) + math.log1p(stale_tol)
    return log_rho, log_rho1, stat, cap


def _theorem3_apriori_invariant(T, c_exp, n, k, phi, *, c, factor_lipschitz, coverage, stale_tol, burn_eps,
                                initial_learn_iters, relearn_iters, params):
    """``theorem3_apriori_bound`` for ``theorem3_invariant_parameters`` or ``theorem3_moving_factor_parameters``
    (``params``; see ``theorem3_apriori_bound`` for every term's proof)."""
    _check_apriori_model(c, coverage, factor_lipschitz)
    pr = params(T, c_exp, n, k, phi)
    H, B, m, eta, close, drift = pr["H"], pr["batch"], pr["learn_rounds"], pr["eta"], pr["close"], pr["relearn_drift"]
    free = pr.get("free_drift", drift - 2 * close)  # drift − 2·close (kept apart: it underflows beside close)
    stale_tol = pr["stale_tol"] if stale_tol is None else stale_tol
    J, D2, g_max, delta_x = _step_geometry(T, B, n, phi, eta)
    R = min(J, 1 + math.floor(J * delta_x / free))
    # learning drift 2·close; step drift ‖v_t − v_ref‖₁ ≤ min(drift + close + δ_x, 2) (the iterate moved by ≤ δ_x)
    log_rho, log_rho1, stat, cap = _derived_log_spread(
        T=T, M=relearn_iters * m, c=c, factor_lipschitz=factor_lipschitz, coverage=coverage, learn_drift=2 * close,
        step_drift=min(drift + close + delta_x, 2.0), stale_tol=stale_tol)
    rho_bar = math.exp(log_rho)
    delta = 1.0 / T  # level of each learning stage's luce_spread_bound event
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
    tau_bar, parts5 = inv.invariant5_apriori_threshold(H, B, n, d5, rho_bar=rho_bar)
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
    ``theorem3_reuse_parameters`` (proofs of the shared terms in ``theorem3_apriori_bound``) [project].

    κ̂ is refitted (Luce MLE) at the first step end after each window of ≥ m step rounds, on that window; no
    dedicated re-learning rounds. A window spans ≤ w = ⌈m/B⌉ + 1 steps, so under (A5) every round of the window
    and of the next one has ‖v_t − v_ref‖₁ ≤ Dw := min(w δ_x + 2·close, 2) (v_ref: the memory at the refit).
      learning   i₀ m                          (the initial stage only)
      ln ρ̄       min(2√2 (√(4 ln(2/δ)/m) + 2 L_κ Dw)/β₀, 4 ln c) + min(2 L_κ Dw, 4 ln c) + ln(1 + stale_tol)
      failure    (1 + ⌊T/m⌋) δ T,  δ = 1/T      (one ``luce_spread_bound`` event per refit)
    Rate: m ≍ H = T^c, B ≍ H ln T, δ_x ≍ T^{−(1−c)/2}, close ≍ max(T^{−c/2}, δ_x): ln ρ̄ ≍ T^{−c/2}√(ln T) +
    T^{−(1−c)/2}, so E Reg = O(T^{max((1+c)/2, 1 − c/2)}) up to logs for every L_κ — the L_κ = 0 exponent
    (``theorem3_apriori_exponent``), optimum c* = 1/2, e* = 3/4 (``theorem3_optimal_c``).
    Caveat: (A5) needs close ≥ the targeting error ≈ 2 L_κ Dw ≥ 4 L_κ·close, which the worst case guarantees
    only for L_κ < 1/4; above it A5 is an assumption checked at run time (invariant 5).
    """
    _check_apriori_model(c, coverage, factor_lipschitz)
    pr = sch.theorem3_reuse_parameters(T, c_exp, n, k, phi)
    H, B, m, eta, close = pr["H"], pr["batch"], pr["learn_rounds"], pr["eta"], pr["close"]
    stale_tol = pr["stale_tol"] if stale_tol is None else stale_tol
    J, D2, g_max, delta_x = _step_geometry(T, B, n, phi, eta)
    w = math.ceil(m / B) + 1
    Dw = min(w * delta_x + 2 * close, 2.0)
    log_rho, log_rho1, stat, cap = _derived_log_spread(
        T=T, M=m, c=c, factor_lipschitz=factor_lipschitz, coverage=coverage, learn_drift=Dw, step_drift=Dw,
        stale_tol=stale_tol)
    rho_bar = math.exp(log_rho)
    refits = math.floor(T / m)
    delta = 1.0 / T  # level of each refit's luce_spread_bound event
    terms = _apriori_terms(T=T, H=H, n=n, burn_eps=burn_eps, learning=initial_learn_iters * m,
                           B=B, D2=D2, eta=eta, J=J, g_max=g_max, rho_bar=rho_bar,
                           failure=float(1 + refits) * delta * T)
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


def theorem3_apriori_exponent(c=None):
    """e(c) = max((1 + c)/2, 1 − c/2, c) as a sympy expression in c (or its value at a given c)."""
    import sympy as sp

    cs = sp.Symbol("c", positive=True)
    e = sp.Max((1 + cs) / 2, 1 - cs / 2, cs)
    return e if c is None else e.subs(cs, c)


def theorem3_optimal_c():
    """The minimiser of e(c) on (0, 1] and the minimum, solved with sympy: (1/2, 3/4) [derived].

    On (0, 1], c ≤ (1 + c)/2, so e = max((1+c)/2, 1 − c/2); the first increases, the second decreases,
    so the minimum is where they cross: (1 + c)/2 = 1 − c/2 ⇔ c = 1/2, e = 3/4.
    """
    import sympy as sp

    c = sp.Symbol("c", positive=True)
    sol = sp.solve(sp.Eq((1 + c) / 2, 1 - c / 2), c)
    c_star = sol[0]
    return c_star, theorem3_apriori_exponent(c_star)


def theorem3_apriori_exponent_moving_factors(c=None):
    """e(c) = max((3 + c)/4, 1 − c/2, c): the a-priori exponent of ``theorem3_apriori_bound(schedule="moving")``
    when L_κ > 0, as a sympy expression in c (or its value at c). Derived by ``theorem3_optimal_c_moving_factors``."""
    import sympy as sp

    cs = sp.Symbol("c", positive=True)
    e = sp.Max((3 + cs) / 4, 1 - cs / 2, cs)
    return e if c is None else e.subs(cs, c)


def theorem3_optimal_c_moving_factors():
    """(c*, e*, a*(c)) = (1/3, 5/6, (1 − c)/4), solved with sympy from the term exponents (d = T^{−a}) [derived]:

        learning (1 + c)/2 + a,   drift bias 1 − a,   noise/statistical bias 1 − c/2,   ogd (1 + c)/2,   burn c.
    Learning: R ≤ 1 + J δ_x/d re-learnings, J δ_x ≍ √J, each of m ≍ H rounds: H √(T/H)/d ≍ T^{(1+c)/2 + a}.
    Bias: T · ln ρ̄, ln ρ̄ ≲ T^{−c/2}√(ln T) + 2 L_κ (3·close + d + δ_x) with close ≍ max(T^{−c/2}, T^{−a}).
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
