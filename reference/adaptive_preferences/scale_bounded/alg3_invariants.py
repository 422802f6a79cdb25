"""Appendix C.2's invariants 1–6 of Algorithm 3 (paper A, arXiv 2302.06014), checked at run time by an observer.

The surviving text lists six invariants that the proof of Theorem 3 maintains (learning accuracy, targeting
accuracy, gradient range, iterate in Δ_φ, memory close to the iterate at each step's end, choice close to the
target); their formulas are lost. Our thresholds are derived [derived] or ours [ours]; invariant 5's
high-probability threshold is proved below.

Main statements
---------------
* ``Algorithm3Invariants(monitor=None, factor_lipschitz=None)`` — the observer ``ScaleBoundedOGD`` notifies
  (``attach``, ``learning_finished``, ``step_started``, ``round_without_menus``, ``step_round_proposed``,
  ``step_round_observed``, ``step_finished``). ``monitor`` (the true model) is used only here, never for
  decisions. ``invariants[name]`` holds checks, violations and the worst excess; ``ledger`` the per-run
  quantities of ``theorem3_regret_bound``; ``learn_stages``, ``step_ends``, ``spreads`` each check's values.

    1 ``learn_spread``  after a learning stage ln ρ(f̂(v_ref), f(v_ref)) ≤ ln ρ̄₁ = ``luce_calibrated_spread``
                        (level δ) + the learning-drift term (whp); ``learn_spread_rigorous``: ≤ ``luce_spread_bound``
    2 ``target_spread`` every step round ln ρ_t ≤ ln ρ̄₁ + min(2 L_κ‖v_t − v_ref‖₁, 4 ln c) + ln(1 + stale_tol),
                        an exact consequence of 1 (|Δ ln κ_i| ≤ L_κ‖Δv‖₁): ``target_spread_given_learn`` must be 0;
      ``menu_fresh``    ρ_t ≤ ρ(f̂(v_t), f(v_t))·(1 + stale_tol) (exact: the rebuild rule)
    3 ``gradient``      g_j ≥ 0 and g_j(i) ≤ (count_i/B)·n/φ (y_t ∈ Δ_φ)
    4 ``step_start``    x_j ∈ Δ_φ
    5 ``step_end``      ‖v − x_j‖₁ ≤ ``invariant5_threshold`` when step j ends (whp, level δ₅ per step);
      ``step_end_heuristic``  ‖v − x_j‖₁ ≤ the schedule's ``close`` (reported, not a theorem)
    6 ``choice``        ‖q_t − y_t‖₁ ≤ 2(ρ_t − 1)/(ρ_t + 1), q_t the exact expected choice (Lemma 6)

* ``invariant5_threshold`` [derived] — w.p. ≥ 1 − δ, ‖v_end − x_j‖₁ ≤ α g₀ + Σ_s ω_s b_s + √(2 Σ_s ω_s² ln((2ⁿ − 2)/δ)).
* ``invariant5_apriori_threshold`` [derived] — its a-priori form τ̄ for a full step of B rounds.

Certified (``certificates/adaptive_preferences/scale_bounded/``): ``algorithm3_invariants_and_regret_le_bound``
(invariants 1–4, 6, freshness), ``algorithm3_invariant5_holds_with_noise_scaled_schedule`` (invariant 5),
``algorithm3_invariants_hold_under_moving_factor_schedule``.
Findings: docs/findings.md, "Theorem 3: invariant 5 needs a noise-scaled tolerance".

Notation
--------
==========  =============================  ==============================================
paper       code                           meaning
==========  =============================  ==============================================
ρ_t         ``spreads``                    spread of f̂_μ (μ's build scores) against f(v_t)
ρ̄₁          ``log_rho_learn``              (log) learning accuracy of the last stage
v_ref       ``alg.v_ref``                  memory at the last learning end
α, g₀       ``carry``, ``start_gap``       share of the step's start memory, ‖v_{t₀} − x_j‖₁
ω_s, b_s    (accumulated)                  weight of round s in v_end, bound on ‖q_s − x_j‖₁
δ, δ₅       ``delta``, ``step_end_delta``  levels of invariants 1 and 5
==========  =============================  ==============================================

Implementation notes
--------------------
The observer reads the algorithm's state at each notification and writes nothing to it, so a run with and
without a monitor makes the same decisions and the same random draws. Checks allow 1e-9 of rounding.

References: paper A, arXiv 2302.06014, Appendix C.2 (the six invariants); Azuma–Hoeffding for invariant 5.
"""

from __future__ import annotations

import math

import numpy as np

import reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores as l6
import reference.adaptive_preferences.scale_bounded.lemma7_luce_mle as ll
from reference._numerics import check_integer, check_real

__all__ = ["Algorithm3Invariants", "INVARIANT_NAMES", "invariant5_threshold", "invariant5_apriori_threshold"]

INVARIANT_NAMES = ("learn_spread", "learn_spread_rigorous", "target_spread", "target_spread_given_learn",
                   "menu_fresh", "gradient", "step_start", "step_end", "step_end_heuristic", "choice")


def _log_subsets(n: int) -> float:
    """ln(2ⁿ − 2) (the number of non-empty proper subsets of [n]), overflow-free; 0 for n ≤ 1."""
    if n <= 1:
        return 0.0
    return n * math.log(2.0) + math.log1p(-(2.0 ** (1 - n)))


def invariant5_threshold(*, start_gap, carry, bias, weight_sq_sum, n, delta):
    """τ = α·g₀ + β + √(2 Σ_s ω_s² ln((2ⁿ − 2)/δ)): invariant 5's high-probability threshold [derived].

    Returns ``(tau, parts)`` with parts = {"start_gap_term": α g₀, "bias_term": β, "martingale_term": …}.

    Statement. Let step j of Algorithm 3 start at round t₀ with tracked memory v_{t₀} = M_{t₀}/W_{t₀}
    (Definition 1: M the unnormalised memory, W its total weight with v_1's pseudo-weight W_0, so
    W_t = γ W_{t−1} + 1 is *deterministic*) and last B' rounds s = t₀, …, t₀ + B' − 1 with iterate x_j fixed.
    Let q_s = P(i_s = · | past) be round s's exact expected choice (Lemma 6: q_s = Σ_K μ_K q(K; f(v_s))) and
    b_s ≥ ‖q_s − x_j‖₁ any bound fixed before round s's draw. Then, w.p. ≥ 1 − δ (given the past at t₀),

        ‖v_end − x_j‖₁ ≤ α g₀ + Σ_s ω_s b_s + √(2 Σ_s ω_s² ln((2ⁿ − 2)/δ)),

    α = γ^{B'} W_{t₀}/W_end, g₀ = ‖v_{t₀} − x_j‖₁, ω_s = γ^{t₀+B'−1−s}/W_end (α + Σ_s ω_s = 1), W_end = γ^{B'} W_{t₀}
    + Σ_{r<B'} γ^r. Algorithm 3 uses b_s = min(2, 2(ρ_s − 1)/(ρ_s + 1) + ‖y_s − x_j‖₁) (Lemma 6 in situ, invariant 6,
    plus the movement ‖y_s − x_j‖₁; b_s = 2 when no menu distribution is realisable).

    Proof. Definition 1 unrolled over the step: M_end = γ^{B'} M_{t₀} + Σ_s γ^{t₀+B'−1−s} e_{i_s}, hence the identity
        v_end − x_j = α (v_{t₀} − x_j) + Σ_s ω_s (q_s − x_j) + Σ_s ω_s (e_{i_s} − q_s)
    (using α + Σ ω_s = 1). The first two terms are bounded in ℓ₁ by α g₀ and Σ ω_s b_s. The third, Z, is a vector
    martingale with *deterministic* weights ω_s (W is deterministic). Since Σ_i Z_i = 0, ‖Z‖₁ = 2 max_S Z(S) over
    non-empty proper subsets S ⊂ [n], Z(S) = Σ_s ω_s (1{i_s ∈ S} − q_s(S)); each increment lies in an interval of
    length ω_s, so Azuma–Hoeffding gives P(Z(S) ≥ ε) ≤ exp(−2ε²/Σ ω_s²), and a union bound over the 2ⁿ − 2 sets
    with ε = √(Σ ω_s² ln((2ⁿ − 2)/δ)/2) gives P(‖Z‖₁ ≥ 2ε) ≤ δ. ∎

    Scope: v is the *tracked* memory and q_s is evaluated there (as for invariants 2 and 6); it is the agent's
    memory when the algorithm's v_1, W_0 are the agent's (otherwise they differ by the initial share ≤ γ^S W_0/W_S
    after burn-in).
    """
    fn = "invariant5_threshold"
    for name, val, lo, hi in (("start_gap", start_gap, 0.0, 2.0 + 1e-9), ("carry", carry, 0.0, 1.0 + 1e-12),
                              ("bias", bias, 0.0, 2.0 + 1e-9), ("weight_sq_sum", weight_sq_sum, 0.0, 1.0 + 1e-12)):
        check_real(fn, name, val, low=lo, high=hi)
    n = check_integer(fn, "n", n)
    check_real(fn, "delta", delta, low=0, high=1, low_open=True, high_open=True)
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

    Relation to the schedule's heuristic close = max(0.1, 2.5·stationary_memory_noise(u_n, γ)): with
    B = ⌈H ln(4/close)⌉ the start-gap term is ≤ close/2 and the martingale term is √(ln((2ⁿ − 2)/δ)/H)·(1 + O(1/H))
    /(1 − close/4), so τ̄ ≈ 1.4·close + 2(ρ̄ − 1)/(ρ̄ + 1) + δ_y when close is not at its 0.1 floor (n = 5, δ = 0.05):
    the same order √(n/H) up to √ln of the union bound, plus the targeting error.
    """
    fn = "invariant5_apriori_threshold"
    check_real(fn, "H", H, low=1)
    batch = check_integer(fn, "batch", batch)
    n = check_integer(fn, "n", n)
    check_real(fn, "rho_bar", rho_bar, low=1)
    check_real(fn, "movement", movement, low=0, high=2)
    check_real(fn, "delta", delta, low=0, high=1, low_open=True, high_open=True)
    gamma = 1.0 - 1.0 / float(H)
    gB = math.exp(int(batch) * math.log1p(-1.0 / float(H))) if H > 1 else 0.0  # γ^B without rounding γ to 1
    gap = 2.0 * gB
    bias = min(2.0, 2 * (rho_bar - 1) / (rho_bar + 1) + float(movement))
    mart = 0.0 if n == 1 else math.sqrt(2 * (_log_subsets(int(n)) - math.log(delta)) / ((1 + gamma) * H)) / (1 - gB)
    return gap + bias + mart, {"start_gap_term": gap, "bias_term": bias, "martingale_term": mart}


class Algorithm3Invariants:
    """The run-time checks of Appendix C.2's invariants 1–6 and the ledger of ``theorem3_regret_bound`` (module header).

    ``monitor`` (optional, the true model with ``scores(v)``) enables the checks that need the true scores
    (1, 2, freshness, 6) and the ledger's bias/targeting terms; ``factor_lipschitz`` is L_κ
    (``factor_log_lipschitz``; None: only Definition 3's cap 4 ln c is used). Invariants 3–5 and the ledger's
    OGD and movement terms are kept with or without a monitor.
    """

    def __init__(self, monitor=None, factor_lipschitz=None):
        fn = "Algorithm3Invariants"
        if monitor is not None and not callable(getattr(monitor, "scores", None)):
            raise ValueError(f"{fn}: monitor must be None or a preference model with scores(v); "
                             f"got {type(monitor).__name__}.")
        self.monitor = monitor
        self.factor_lipschitz = (None if factor_lipschitz is None
                                 else float(check_real(fn, "factor_lipschitz", factor_lipschitz, low=0)))
        self.invariants = {name: {"checks": 0, "violations": 0, "worst": -math.inf} for name in INVARIANT_NAMES}
        self.ledger = {"grad_sq_sum": 0.0, "bias": 0.0, "targeting": 0.0, "movement": 0.0,
                       "step_rounds_completed": 0, "max_spread": 1.0}
        self.step_ends = []  # per step end: observed ‖v − x_j‖₁, τ_j and its terms (invariant 5)
        self.learn_stages = []  # per learning stage: observed ln ρ, the calibrated and rigorous bounds
        self.spreads = []  # ρ_t of every step round (monitor only)
        self.log_rho_learn = None  # ln ρ̄₁ of the last learning stage
        self.learn_held = True
        self.schedule = None
        self.drift_cap = math.inf
        self._step_gap0 = self._step_w0 = 0.0  # ‖v_{t₀} − x_j‖₁ and W_{t₀} at the step's start
        self._bias_acc = self._w2_acc = 0.0  # Σ_s γ^{t−s} b_s and Σ_s γ^{2(t−s)} over the step's rounds
        self._round_bias = 2.0  # b_s of the current round (set when it is proposed)

    def attach(self, alg) -> None:
        """Called once by the algorithm's constructor: the schedule fixes the levels and caps."""
        self.schedule = alg.schedule
        self.drift_cap = 4.0 * math.log(alg.schedule.c)  # Definition 3: κ_i(v)/κ_i(w) ∈ [1/c², c²]

    # -- bookkeeping -------------------------------------------------------------------------------
    def check(self, name: str, value: float, limit: float) -> bool:
        """Record one check of invariant ``name``: value ≤ limit (+1e-9); returns whether it held."""
        inv = self.invariants[name]
        inv["checks"] += 1
        inv["worst"] = max(inv["worst"], float(value - limit))
        if value > limit + 1e-9:
            inv["violations"] += 1
            return False
        return True

    def drift_log(self, v, v_ref) -> float:
        """A bound on ln ρ(κ(v), κ(v_ref)): min(2 L_κ ‖v − v_ref‖₁, 4 ln c) (4 ln c if L_κ unknown)."""
        if self.factor_lipschitz is None:
            return self.drift_cap
        return min(2.0 * self.factor_lipschitz * float(np.abs(np.asarray(v) - v_ref).sum()), self.drift_cap)

    def fallback_targeting(self) -> float:
        """2(ρ̄ − 1)/(ρ̄ + 1) without a monitor: ρ_s ≤ c⁴(1 + stale_tol) (κ̂, κ in Definition 3's box); 2 for
        ``estimator="lemma7"`` (its κ̂ is not box-constrained). Needs ``attach`` (the algorithm's schedule)."""
        if self.schedule is None:
            raise ValueError("Algorithm3Invariants.fallback_targeting: the invariants are not attached to an "
                             "algorithm yet (its schedule fixes c and stale_tol); pass them to ScaleBoundedOGD first.")
        if self.schedule.estimator != "mle":
            return 2.0
        rho = self.schedule.c ** 4 * (1.0 + self.schedule.stale_tol)
        return 2 * (rho - 1) / (rho + 1)

    # -- invariant 1 -------------------------------------------------------------------------------
    def learning_finished(self, alg) -> None:
        """A learning stage (or refit) ended at v_ref: invariant 1 against the calibrated and the rigorous bounds."""
        A, W, ch = (np.asarray(x) for x in alg.learning_data)
        if self.monitor is None or len(ch) == 0:
            return
        sched = self.schedule
        drift = np.array([self.drift_log(w - sched.lam, alg.v_ref) for w in W])
        rig, info = ll.luce_spread_bound(A, W, c=sched.c, delta=sched.delta, drift_log=drift)
        stat = ll.luce_calibrated_spread(A, W, alg.kappa, delta=sched.delta)
        cal = stat + float(drift.mean())  # first-order drift term: the MLE averages the rounds
        self.log_rho_learn = min(cal, self.drift_cap) if math.isfinite(cal) else self.drift_cap
        obs = math.log(l6.score_spread(alg.f_hat, self.monitor.scores(alg.memory)))
        self.learn_held = self.check("learn_spread", obs, self.log_rho_learn)
        self.check("learn_spread_rigorous", obs, rig)
        self.learn_stages.append({"rounds": len(ch), "log_spread": obs, "calibrated": self.log_rho_learn,
                                  "calibrated_statistical": stat,
                                  "rigorous": rig, "lambda2_per_round": info["lambda2_per_round"],
                                  "max_drift_log": float(drift.max()), "held": self.learn_held})

    # -- a step's rounds: invariants 2, 4, 6 and the ledger ----------------------------------------
    def step_started(self, alg) -> None:
        """Step j starts: invariant 4 (x_j ∈ Δ_φ) and invariant 5's start gap and weight."""
        self._step_gap0 = float(np.abs(alg.memory - alg.x).sum())
        self._step_w0 = alg.memory_weight
        self._bias_acc = self._w2_acc = 0.0
        self.check("step_start", max(0.0, self.schedule.phi / alg.n - float(alg.x.min())), 1e-12)

    def round_without_menus(self, alg) -> None:
        """Nothing was realisable under f̂ (the lowest-memory fallback menu): q_s unknown, ‖q_s − x_j‖₁ ≤ 2."""
        self._round_bias = 2.0

    def step_round_proposed(self, alg) -> None:
        """A step round's menu was drawn from μ = MenuDist(y_t, f̂_μ): the ledger and invariants 2 and 6."""
        x, y = alg.x, alg.y
        self.ledger["movement"] += float(np.clip(x - y, 0, None).sum())  # Σ_i (x_j − y_t)^+
        move = float(np.abs(x - y).sum())  # ‖y_s − x_j‖₁ (invariant 5's bias: movement part)
        self._round_bias = min(2.0, move + self.fallback_targeting())
        if self.monitor is not None:
            self._monitored_step_round(alg, move)

    def _monitored_step_round(self, alg, move: float) -> None:
        f = np.asarray(self.monitor.scores(alg.memory), dtype=float)
        rho = l6.score_spread(alg.menus.assumed, f)  # μ was built for these scores, not f̂(v_t)
        self.ledger["bias"] += 2.0 * (rho - 1.0)
        self.ledger["targeting"] += (rho - 1.0) / (rho + 1.0)
        self.ledger["max_spread"] = max(self.ledger["max_spread"], rho)
        self.spreads.append(rho)
        stale_tol = self.schedule.stale_tol
        self.check("menu_fresh", math.log(rho) - math.log(l6.score_spread(alg.f_hat, f)), math.log1p(stale_tol) + 1e-12)
        if self.log_rho_learn is not None:
            limit = self.log_rho_learn + self.drift_log(alg.memory, alg.v_ref) + math.log1p(stale_tol)
            held = self.check("target_spread", math.log(rho), limit)
            if self.learn_held:
                self.check("target_spread_given_learn", 0.0 if held else 1.0, 0.0)
        self._round_bias = min(2.0, move + 2 * (rho - 1) / (rho + 1))  # Lemma 6 in situ + movement
        q = np.asarray(l6.lemma6_expected_choice(alg.menus.mu, f), dtype=float)
        self.check("choice", float(np.abs(q - alg.y).sum()), 2 * (rho - 1) / (rho + 1) + 1e-9)

    def step_round_observed(self, alg) -> None:
        """A step round's choice was observed: accumulate Σ_s γ^{t−s} b_s and Σ_s γ^{2(t−s)}."""
        gamma = self.schedule.gamma
        self._bias_acc = gamma * self._bias_acc + self._round_bias
        self._w2_acc = gamma ** 2 * self._w2_acc + 1.0

    # -- a step's end: invariants 3 and 5 ------------------------------------------------------------
    def step_finished(self, alg, g) -> None:
        """Step j ended with gradient g_j (before the OGD update): invariants 3 and 5, the ledger's OGD terms."""
        rounds = alg.stage_rounds
        rng_excess = float((g - alg.counts / rounds * alg.n / self.schedule.phi).max())
        self.check("gradient", max(-float(g.min()), rng_excess), 1e-9)
        self._check_step_end(alg)
        self.ledger["grad_sq_sum"] += float(g @ g)
        self.ledger["step_rounds_completed"] += rounds

    def _check_step_end(self, alg) -> None:
        """Invariant 5 at the end of a step: ‖v − x_j‖₁ against ``invariant5_threshold`` (and ``close``)."""
        obs = float(np.abs(alg.memory - alg.x).sum())
        w_end = alg.memory_weight
        carry = self.schedule.gamma ** alg.stage_rounds * self._step_w0 / w_end  # α = γ^B W_{t₀}/W_end
        tau, parts = invariant5_threshold(start_gap=self._step_gap0, carry=carry, bias=self._bias_acc / w_end,
                                          weight_sq_sum=self._w2_acc / w_end ** 2, n=alg.n,
                                          delta=self.schedule.step_end_delta)
        held = self.check("step_end", obs, tau)
        close = self.schedule.close
        self.check("step_end_heuristic", obs, close)
        self.step_ends.append({"observed": obs, "threshold": tau, **parts, "close": close, "held": held})
