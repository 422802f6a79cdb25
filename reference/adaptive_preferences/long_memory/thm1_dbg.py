"""Deferred Bandit Gradient (paper A, §3.2, Theorem 1, Appendix A) and the bound it meets [recon + derived].

Main statements
---------------
* ``DeferredBanditGradient`` — the algorithm (below), a bandit learner over distributions.
* ``dbg_regret_bound(n, T, m, η, δ, D, ξ, H)`` — Theorem 1 as this project states and proves it,
  every term named (``DBGBound``); ``dbg_calibrated_eta`` — the step size minimising it.
* ``deferred_window`` / ``omitted_weights`` — the deferral rule and eq. (4)'s omitted shares.
* ``run_dbg`` — one run against a reward table with an admissible perturbation (``no_perturbation``,
  ``RandomPerturbation``, ``AdversarialPerturbation``, ``StealFromSmallest``).
* ``bandit_ogd_regret_bound`` — the same analysis without deferral (m = 1, no lag).

The algorithm [paper A's prose, §3.2; the steps' formulas are our reconstruction]
-----------------------------------------------------------------------------------
Adversarial linear rewards r_t ∈ [0,1]^n over distributions on n items; decision sets
K_0 ⊇ K_1 ⊇ … (a ``schedule``, see ``lemma3_contracting_ogd``); bandit feedback. Round t
(0-based, as the simulator):

1. the learner's distribution is x_t ∈ K_t (``distribution(t)``);
2. an unobserved perturbation replaces it by x̃_t = x_t + ε_t ∈ Δ(n), ‖ε_t‖₁ ≤ δ (``perturbation``);
3. i_t ~ x̃_t is drawn, the learner sees r_t(i_t) only (``update(t, i_t, r_t(i_t))``);
4. importance-weighted estimate r̂_t = r_t(i_t) e_{i_t} / x_t(i_t) — divided by x_t, the only
   distribution the learner knows;
5. deferral: each estimate is spread evenly over the next m rounds' gradients,
   g_t = (1/m) Σ_{s=t−m}^{t−1} r̂_s   (estimates before round 0 are 0);
6. contracting OGD on the deferred gradients: x_{t+1} = Π_{K_{t+1}}(x_t + η g_t).

``lag=0, m=1`` turns deferral off (g_t = r̂_t): the "OGD without deferral" baseline.

Theorem 1 (this project's bound — paper A's formula is lost) [derived]
----------------------------------------------------------------------
Hypotheses: rewards oblivious; schedule fixed in advance, nested, every x ∈ K_0 has x_i ≥ ξ > 0,
ℓ2 diameter ≤ D, total shrinkage H ≥ Σ_t sup_{x∈K_t} dist(x, K_{t+1}); ε_t may depend on the past
(not on i_t) with ‖ε_t‖₁ ≤ δ. Write β = δ/(2ξ), S = max_{x∈K_0} Σ_i 1/x_i
≤ S(n, ξ) := (n−1)/ξ + 1/(1 − (n−1)ξ), and

    G² = (1+β) S / m + (1 − 1/m)(1+β)² n.

Then for every p ∈ K_{T−1} (so in every K_t):

    Σ_t ⟨p, r_t⟩ − E Σ_t r_t(i_t)
        ≤ D²/(2η)                               # OGD distance term (Lemma 3)
        + (η/2) T G²                            # variance of the deferred gradients (Appendix A, (3))
        + η T (1+β) n G                         # one-step lag: r̂_s meets x_{s+1}, drawn independently of i_s
        + η T ((m−1)/2) √((1+β) S) G            # further lag: r̂_s is also applied at x_{s+2..s+m}
        + ((m+1)/2) (1+β) n H                   # contraction drift inside the deferral window
        + (m+1)/2                               # the m omitted rounds, eq. (4)
        + β T                                   # perturbation bias, δT/(2ξ)

Proof. (F = history before the draw of round s.)
(i) Facts about r̂_s. r̄_s := E[r̂_s | F] = r_s ⊙ x̃_s ⊘ x_s. Since Σε_s = 0, the negative and positive
    parts of ε_s have mass ≤ δ/2 each, so x̃_s(i)/x_s(i) ∈ [1−β, 1+β]. Hence ⟨x_s, r̄_s⟩ = ⟨x̃_s, r_s⟩
    (the expected reward), ⟨p, r̄_s⟩ ≥ ⟨p, r_s⟩ − Σ_i p_i ε_s(i)⁻/x_s(i) ≥ ⟨p, r_s⟩ − β,
    ‖r̄_s‖_∞ ≤ 1+β, E[‖r̂_s‖₁ | F] = Σ_i x̃_i r_i/x_i ≤ (1+β) n, E[‖r̂_s‖² | F] = Σ_i x̃_i r_i²/x_i² ≤ (1+β) S.
    (S: Σ 1/x_i is convex, so its max over the polytope {x ≥ ξ} ∩ Δ is at a vertex ξ1 + (1−nξ)e_j.)
(ii) Variance (the binomial argument of Appendix A, in conditional form). ‖g_t‖² = m⁻²(Σ_s ‖r̂_s‖² +
    2Σ_{s<s'} ⟨r̂_s, r̂_{s'}⟩); E⟨r̂_s, r̂_{s'}⟩ = E⟨r̂_s, r̄_{s'}⟩ ≤ (1+β) E‖r̂_s‖₁ ≤ (1+β)² n; with at
    most m terms: E‖g_t‖² ≤ (1+β)S/m + (1−1/m)(1+β)² n = G². Certified: ``dbg_deferred_gradient_sq_norm_le_bound``.
(iii) Omitted rounds, eq. (4), pathwise: Σ_t g_t = Σ_s w_s r̂_s with w_s = min(m, T−1−s)/m, so
    Σ_s r̂_s − Σ_t g_t = Σ_{s>T−1−m} (1 − w_s) r̂_s and Σ_s (1 − w_s) ≤ (m+1)/2.
    Certified pathwise: ``dbg_omitted_rounds_identity``.
(iv) Lemma 3 on g_t (pathwise): Σ_t ⟨g_t, p − x_t⟩ ≤ D²/(2η) + (η/2) Σ_t ‖g_t‖².
(v) Comparator side: by (i) and (iii), Σ_t ⟨p, r_t⟩ ≤ E Σ_t ⟨g_t, p⟩ + (m+1)/2 + βT.
(vi) Learner side: E Σ_t r_t(i_t) = E Σ_s ⟨r̂_s, x_s⟩ and Σ_t ⟨g_t, x_t⟩ = Σ_s (1/m) Σ_{t=s+1}^{s+m∧T−1}
    ⟨r̂_s, x_t⟩, so E Σ_t ⟨g_t, x_t⟩ − E Σ_t r_t(i_t) ≤ E Σ_s (1/m) Σ_t ⟨r̂_s, x_t − x_s⟩ (the dropped
    terms (1 − w_s)⟨r̂_s, x_s⟩ are ≥ 0). Each ⟨r̂_s, x_t − x_s⟩ ≤ ‖r̂_s‖ Σ_{u=s}^{t−1} ‖x_{u+1} − x_u‖ and
    ‖x_{u+1} − x_u‖ ≤ η‖g_u‖ + h_u (non-expansive projection onto K_{u+1}, plus dist(x_u, K_{u+1}) ≤ h_u).
    Terms with u = s: g_s is F-measurable, so E[‖r̂_s‖ ‖g_s‖] ≤ (1+β) n G (weight 1 per s).
    Terms with u > s (weight (m−1)/2 per s): Cauchy–Schwarz, E[‖r̂_s‖ ‖g_u‖] ≤ √((1+β)S) G.
    Contraction terms: Σ_u h_u · (1+β) n · (m+1)/2.
Adding (iv), (v), (vi) gives the bound.                                                          ∎

Calibration. With C = G²/2 + (1+β) n G + ((m−1)/2) √((1+β)S) G the η-dependent part is
D²/(2η) + ηTC, minimised at η* = D/√(2TC), where it equals D√(2TC). For δ = 0, H = 0:
Reg ≤ D √(2 C T) + (m+1)/2 = O(√T) against K (``dbg_calibrated_eta``); δ enters linearly as
δT/(2ξ) (bias) and through β in C. Example: ξ = c/n, m = 1, δ = 0 gives S ≤ n²/c + 1/(1−c),
C ≤ S/2 + n√S and Reg ≤ √2·D·n·√((1/(2c) + 1/√c + o(1)) T) = O(n√T) against K = {x ≥ ξ}; against
all of Δ(n) add ≤ nξT = cT (the comparator must be moved into K), so c ≍ T^{−1/3}·n^{2/3} gives
O(n^{2/3} T^{2/3}) over the simplex. In this bound the lag terms grow with m faster than the
variance term shrinks, so the bound is smallest at m = 1.
Findings: docs/findings.md, "Theorem 1: deferral does not help the bound", "Theorem 1: floors cost
what exploration costs", "Theorem 1: the perturbation term" and "Theorem 1: measured regret".

Certified in ``certificates/adaptive_preferences/long_memory/thm1_dbg.py``:
``dbg_expected_regret_le_bound`` (the bound, Monte Carlo mean + 3 SE),
``dbg_deferred_gradient_sq_norm_le_bound`` (step (ii)), ``dbg_omitted_rounds_identity`` (step (iii)),
``dbg_perturbation_relative_bias_le_beta`` (step (i)'s β and the δ-dependence).

Notation
--------
=========  ======================  ==========================================
paper      code                    meaning
=========  ======================  ==========================================
x_t        ``distribution(t)``     learner's distribution, in K_t
x̃_t        ``perturbation(...)``   played (perturbed) distribution
ε_t, δ     ``delta``               perturbation and its ℓ1 budget
r̂_s        ``estimate``            importance-weighted estimate
g_t        ``deferred_gradient``   mean of the last m estimates
m          ``m``                   deferral length
η          ``eta``                 step size
ξ, D, H    ``schedule.*``          min coordinate, diameter, contraction
=========  ======================  ==========================================

Implementation notes
--------------------
The deferral rule is a module function (``deferred_window``) and the learner's gradient a method
(``deferred_gradient``) so that certificate mutants can replace them. Bookkeeping for audits
(``estimate_sum``, ``gradient_sum``, ``sq_norms``, ``estimates``) is described on the class.

References
----------
Paper A: Agarwal & Brown, arXiv 2302.06014, §3.2 (Deferred Bandit Gradient, Theorem 1) and
Appendix A (eqs. (3)–(4), Lemma 3).
"""

from __future__ import annotations

import math
import numbers
from collections import deque
from dataclasses import dataclass, field

import numpy as np

import reference.adaptive_preferences.long_memory.lemma3_contracting_ogd as ogd
from reference._numerics import as_vector, check_integer, check_real, rng_from, speaks_as
from reference.adaptive_preferences.setting.rewards import check_rewards

__all__ = [
    "DeferredBanditGradient",
    "deferred_window",
    "omitted_weights",
    "max_inverse_sum",
    "DBGBound",
    "dbg_regret_bound",
    "dbg_calibrated_eta",
    "bandit_ogd_regret_bound",
    "no_perturbation",
    "RandomPerturbation",
    "AdversarialPerturbation",
    "StealFromSmallest",
    "DBGRun",
    "run_dbg",
]


# ------------------------------------------------------------------------------------------------
# the deferral rule (module functions, so that certificates' mutants can patch them)
# ------------------------------------------------------------------------------------------------
def deferred_window(t: int, m: int, lag: int = 1) -> range:
    """The rounds s whose estimates enter g_t: s ∈ [t − m − lag + 1, t − lag] ∩ [0, ∞).

    lag = 1 (DBG): s = t−m, …, t−1. lag = 0, m = 1: s = t (OGD without deferral).
    """
    fn = "deferred_window"
    t, m = check_integer(fn, "t", t, minimum=0), check_integer(fn, "m", m)
    _check_lag(fn, lag)
    return range(max(0, t - m - lag + 1), t - lag + 1)


def omitted_weights(T: int, m: int, lag: int = 1) -> np.ndarray:
    """1 − w_s, the share of r̂_s never applied within T rounds (closed form, eq. (4)).

    r̂_s enters g_t for t ∈ [s + lag, s + lag + m − 1] ∩ [0, T−1], i.e. min(m, max(0, T − s − lag))
    times, each with weight 1/m.
    """
    fn = "omitted_weights"
    T, m = check_integer(fn, "T", T), check_integer(fn, "m", m)
    _check_lag(fn, lag)
    s = np.arange(T)
    used = np.minimum(m, np.maximum(0, T - s - lag))
    return 1.0 - used / m


def max_inverse_sum(n: int, xi: float) -> float:
    """S(n, ξ) = max{Σ_i 1/x_i : x ∈ Δ(n), x ≥ ξ} = (n−1)/ξ + 1/(1 − (n−1)ξ) (attained at a vertex)."""
    fn = "max_inverse_sum"
    n = check_integer(fn, "n", n)
    check_real(fn, "xi", xi, low=0, low_open=True)
    if xi > 1 / n + 1e-15:
        raise ValueError(f"{fn}: xi must be in (0, 1/n] = (0, {1 / n}]; got {xi}.")
    return (n - 1) / xi + 1.0 / (1.0 - (n - 1) * xi)


def _check_lag(fn, lag):
    if isinstance(lag, bool) or lag not in (0, 1):
        raise ValueError(f"{fn}: lag must be 0 (no deferral) or 1 (DBG); got {lag!r}.")


def _check_params(fn, eta, m, lag):
    check_real(fn, "eta", eta, low=0, low_open=True)
    check_integer(fn, "m", m)  # the deferral length
    _check_lag(fn, lag)


def _check_horizon(fn, n, T, delta, D, xi):
    """n ≥ 1 items, T ≥ 1 rounds, δ ∈ [0, 2ξ), D ≥ 0 finite, ξ ∈ (0, 1/n] (checked by ``max_inverse_sum``)."""
    check_integer(fn, "n", n)
    check_integer(fn, "T", T)
    check_real(fn, "D", D, low=0)
    check_real(fn, "xi", xi, low=0, low_open=True)
    check_real(fn, "delta", delta)
    if not 0 <= delta < 2 * xi:
        raise ValueError(f"{fn}: delta must be in [0, 2*xi) = [0, {2 * xi}) so that x̃ stays positive; got {delta}.")
    if xi > 1 / n + 1e-15:
        raise ValueError(f"{fn}: xi must be in (0, 1/n] = (0, {1 / n}]; got {xi}.")


def _check_schedule(fn: str, n: int, schedule):
    """A schedule object, a callable t ↦ projection, or a non-empty sequence of projection functions."""
    if hasattr(schedule, "project") and hasattr(schedule, "n"):
        return schedule
    ok = callable(schedule) or (not isinstance(schedule, (str, bytes)) and hasattr(schedule, "__len__")
                                and len(schedule) > 0 and all(callable(f) for f in schedule))
    if not ok:
        raise ValueError(f"{fn}: schedule must be a schedule object (BoxSchedule, FloorSchedule, …), a callable "
                         f"t -> projection or a non-empty sequence of projection functions; got {schedule!r:.80}.")
    return ogd.as_schedule(n, schedule)


class DeferredBanditGradient:
    """DBG as a plain bandit algorithm over distributions (see the module docstring).

    ``schedule``: a schedule object (``BoxSchedule``/``FloorSchedule``/… of
    ``lemma3_contracting_ogd``), a callable t ↦ projection function, or a sequence of projection
    functions (``as_schedule``).
    ``distribution(t)`` returns x_t ∈ K_t; ``update(t, chosen, reward, prob=None)`` feeds the
    chosen item and its reward. The estimate divides by x_t(chosen) (the learner does not know the
    perturbed x̃_t); pass ``prob`` to divide by a known realised probability instead (then the
    estimate is unbiased and the δ-bias term of the bound disappears; the variance bound needs
    prob ≥ ξ − δ/2, which the bound above does not cover — use with care).

    Bookkeeping for audits: ``estimate_sum`` (Σ_s r̂_s), ``gradient_sum`` (Σ_t g_t),
    ``sq_norms`` (‖g_t‖² per round when ``record=True``), ``estimates`` (all (s, i_s, r̂_s(i_s)))
    when ``record=True``.
    """

    def __init__(self, n: int, *, eta: float, m: int, schedule, x1=None, lag: int = 1, record: bool = False):
        fn = "DeferredBanditGradient"
        n = check_integer(fn, "n", n)
        _check_params(fn, eta, m, lag)
        schedule = _check_schedule(fn, n, schedule)
        if schedule.n != n:
            raise ValueError(f"{fn}: the schedule is for n={schedule.n} items, not n={n}.")
        self.n, self.eta, self.m, self.lag, self.schedule = int(n), float(eta), int(m), lag, schedule
        x1 = np.full(n, 1.0 / n) if x1 is None else as_vector(fn, "x1", x1, n=n)
        self._x = np.asarray(schedule.project(0, x1), dtype=float)  # x_0 = Π_{K_0}(x1)
        self._t = 0
        self._recent: deque = deque()  # (s, i_s, r̂_s(i_s)) for the last m + lag rounds
        self.estimate_sum = np.zeros(n)
        self.gradient_sum = np.zeros(n)
        self.record = record
        self.sq_norms: list[float] = []
        self.estimates: list[tuple[int, int, float]] = []

    def distribution(self, t: int) -> np.ndarray:
        """x_t, the distribution the learner wants played in round t."""
        if t != self._t:
            raise ValueError(f"DeferredBanditGradient.distribution: rounds must be played in order; "
                             f"expected round {self._t}, got {t}.")
        return self._x.copy()

    def reproject(self) -> None:
        """x_t ← Π_{K_t}(x_t): call when the decision set K_t has just shrunk (e.g. after re-learning).

        Lemma 3's argument covers it: for every x* ∈ K_t, ‖Π_{K_t}(x) − x*‖ ≤ ‖x − x*‖.
        """
        self._x = np.asarray(self.schedule.project(self._t, self._x), dtype=float)

    @speaks_as("DeferredBanditGradient.deferred_gradient")
    def deferred_gradient(self, t: int) -> np.ndarray:
        """g_t = (1/m) Σ_{s ∈ deferred_window(t)} r̂_s."""
        g = np.zeros(self.n)
        window = deferred_window(t, self.m, self.lag)
        for s, i, v in self._recent:
            if s in window:
                g[i] += v / self.m
        return g

    def update(self, t: int, chosen: int, reward: float, prob: float | None = None) -> None:
        """Feed round t's chosen item and reward; move to x_{t+1} = Π_{K_{t+1}}(x_t + η g_t)."""
        fn = "DeferredBanditGradient.update"
        if t != self._t:
            raise ValueError(f"{fn}: rounds must be played in order; expected round {self._t}, got {t}.")
        if isinstance(chosen, (bool, np.bool_)) or not isinstance(chosen, numbers.Integral) or not 0 <= chosen < self.n:
            raise ValueError(f"{fn}: chosen must be an item index in 0..{self.n - 1}; got {chosen!r}.")
        check_real(fn, "reward", reward, low=0, high=1)
        denom = self._x[chosen] if prob is None else float(prob)
        if not denom > 0:
            raise ValueError(f"{fn}: the probability of the chosen item must be positive; got {denom}.")
        value = float(reward) / denom  # r̂_t(i_t)
        self._recent.append((t, int(chosen), value))
        while self._recent and self._recent[0][0] < t - self.m - self.lag + 1:
            self._recent.popleft()
        self.estimate_sum[chosen] += value
        if self.record:
            self.estimates.append((t, int(chosen), value))
        g = self.deferred_gradient(t)
        self.gradient_sum += g
        if self.record:
            self.sq_norms.append(float(g @ g))
        self._x = np.asarray(self.schedule.project(t + 1, self._x + self.eta * g), dtype=float)
        self._t = t + 1


# ------------------------------------------------------------------------------------------------
# the bound
# ------------------------------------------------------------------------------------------------
@dataclass
class DBGBound:
    """The terms of the DBG regret bound (names as in the module docstring) and their sum."""

    terms: dict
    total: float
    G2: float
    S: float
    beta: float


def dbg_regret_bound(n: int, T: int, m: int, eta: float, delta: float, D: float, xi: float,
                     contraction_total: float = 0.0) -> DBGBound:
    """Theorem 1: the expected-regret bound of DBG (module docstring, proof (i)–(vi)), every term named."""
    fn = "dbg_regret_bound"
    _check_params(fn, eta, m, 1)
    _check_horizon(fn, n, T, delta, D, xi)
    check_real(fn, "contraction_total", contraction_total, low=0)
    S = max_inverse_sum(n, xi)
    beta = delta / (2 * xi)
    G2 = (1 + beta) * S / m + (1 - 1 / m) * (1 + beta) ** 2 * n
    G = math.sqrt(G2)
    terms = {
        "distance D^2/(2 eta)": D**2 / (2 * eta),
        "variance (eta/2) T G^2": eta / 2 * T * G2,
        "one-step lag eta T (1+beta) n G": eta * T * (1 + beta) * n * G,
        "further lag eta T (m-1)/2 sqrt((1+beta)S) G": eta * T * (m - 1) / 2 * math.sqrt((1 + beta) * S) * G,
        "contraction (m+1)/2 (1+beta) n H": (m + 1) / 2 * (1 + beta) * n * contraction_total,
        "omitted rounds (m+1)/2": (m + 1) / 2,
        "perturbation bias delta T/(2 xi)": beta * T,
    }
    return DBGBound(terms=terms, total=float(sum(terms.values())), G2=G2, S=S, beta=beta)


def dbg_calibrated_eta(n: int, T: int, m: int, delta: float, D: float, xi: float) -> float:
    """η* = D/√(2TC) minimising D²/(2η) + ηTC, C = G²/2 + (1+β)nG + ((m−1)/2)√((1+β)S) G."""
    fn = "dbg_calibrated_eta"
    check_integer(fn, "m", m)
    _check_horizon(fn, n, T, delta, D, xi)
    check_real(fn, "D", D, low=0, low_open=True, what="(η* = 0 would never move)")
    b = dbg_regret_bound(n, T, m, 1.0, delta, D, xi)
    C = b.G2 / 2 + (1 + b.beta) * n * math.sqrt(b.G2) + (m - 1) / 2 * math.sqrt((1 + b.beta) * b.S * b.G2)
    return D / math.sqrt(2 * T * C)


def bandit_ogd_regret_bound(n: int, T: int, eta: float, delta: float, D: float, xi: float) -> float:
    """OGD without deferral (g_t = r̂_t): D²/(2η) + (η/2) T (1+β) S + βT [derived; no lag, no drift]."""
    fn = "bandit_ogd_regret_bound"
    check_real(fn, "eta", eta, low=0, low_open=True)
    _check_horizon(fn, n, T, delta, D, xi)
    S = max_inverse_sum(n, xi)
    beta = delta / (2 * xi)
    return D**2 / (2 * eta) + eta / 2 * T * (1 + beta) * S + beta * T


# ------------------------------------------------------------------------------------------------
# perturbation models: (t, x_t, r_t, rng) ↦ x̃_t with ‖x̃_t − x_t‖₁ ≤ δ
# ------------------------------------------------------------------------------------------------
def no_perturbation(t, x, r, rng):
    """ε_t = 0."""
    return x


@dataclass
class RandomPerturbation:
    """Moves min(δ/2, x_j) mass from a random item j to a random other item i (‖ε‖₁ ≤ δ)."""

    delta: float

    def __post_init__(self):
        check_real("RandomPerturbation", "delta", self.delta, low=0, high=2, what="(an l1 distance)")

    def __call__(self, t, x, r, rng):
        n = len(x)
        if n < 2 or self.delta == 0:
            return x
        i, j = rng.choice(n, size=2, replace=False)
        amount = min(self.delta / 2, x[j])
        y = x.copy()
        y[j] -= amount
        y[i] += amount
        return y


@dataclass
class AdversarialPerturbation:
    """Moves δ/2 mass from the items with the highest r_t to the one with the lowest r_t."""

    delta: float

    def __post_init__(self):
        check_real("AdversarialPerturbation", "delta", self.delta, low=0, high=2, what="(an l1 distance)")

    def __call__(self, t, x, r, rng):
        y = x.copy()
        rest = self.delta / 2
        worst = int(np.argmin(r))
        for j in np.argsort(-r, kind="stable"):
            if rest <= 0 or j == worst:
                break
            amount = min(rest, y[j])
            y[j] -= amount
            y[worst] += amount
            rest -= amount
        return y


@dataclass
class StealFromSmallest:
    """Moves min(δ/2, x_j) mass from the least likely item j to the most likely one.

    This maximises the relative error x̃_j/x_j − 1 that biases the estimate of item j — the
    quantity the bound charges as β = δ/(2ξ) per round.
    """

    delta: float

    def __post_init__(self):
        check_real("StealFromSmallest", "delta", self.delta, low=0, high=2, what="(an l1 distance)")

    def __call__(self, t, x, r, rng):
        y = x.copy()
        j, i = int(np.argmin(x)), int(np.argmax(x))
        if i == j:
            return y
        amount = min(self.delta / 2, y[j])
        y[j] -= amount
        y[i] += amount
        return y


@dataclass
class DBGRun:
    """One run of a bandit learner over distributions: pseudo-reward Σ⟨x̃_t, r_t⟩, realised reward."""

    expected_reward: float
    realised_reward: float
    reward_sum: np.ndarray
    per_round: np.ndarray | None = None  # ⟨x̃_t, r_t⟩ for each round
    played: list = field(default_factory=list)
    perturbed: list = field(default_factory=list)
    chosen: list = field(default_factory=list)


def run_dbg(learner, rewards, *, seed, perturbation=no_perturbation, delta: float = 0.0,
            record: bool = False) -> DBGRun:
    """Run a learner with ``distribution(t)``/``update(t, i, r)`` against ``rewards`` (T × n).

    Each round: x_t = learner.distribution(t); x̃_t = perturbation(t, x_t, r_t, rng) (checked:
    x̃_t ∈ Δ(n) and ‖x̃_t − x_t‖₁ ≤ δ); i_t ~ x̃_t; learner.update(t, i_t, r_t(i_t)).
    """
    fn = "run_dbg"
    if not all(callable(getattr(learner, a, None)) for a in ("distribution", "update")) \
            or not isinstance(getattr(learner, "n", None), int):
        raise ValueError(f"{fn}: learner must have n, distribution(t) and update(t, i, r); "
                         f"got {type(learner).__name__}.")
    if not callable(perturbation):
        raise ValueError(f"{fn}: perturbation must be a callable (t, x, r, rng) -> x̃; got {perturbation!r:.60}.")
    r = check_rewards(fn, rewards, learner.n)
    rng = rng_from(seed, fn=fn)
    out = DBGRun(0.0, 0.0, r.sum(axis=0))
    exp_total = []
    for t in range(r.shape[0]):
        x = learner.distribution(t)
        xt = np.asarray(perturbation(t, x, r[t], rng), dtype=float)
        dev = float(np.abs(xt - x).sum())
        if dev > delta + 1e-9 or xt.min() < -1e-12 or abs(xt.sum() - 1) > 1e-9:
            raise ValueError(f"{fn}: the perturbation at round {t} is not admissible: ‖x̃ − x‖₁ = {dev} "
                             f"(delta = {delta}), min x̃ = {xt.min()}, Σ x̃ = {xt.sum()}.")
        xt = np.clip(xt, 0, None)
        xt /= xt.sum()
        i = min(int(np.searchsorted(np.cumsum(xt), rng.random() * xt.sum(), side='right')), len(xt) - 1)
        exp_total.append(float(xt @ r[t]))
        out.realised_reward += float(r[t, i])
        learner.update(t, i, float(r[t, i]))
        if record:
            out.played.append(x)
            out.perturbed.append(xt)
            out.chosen.append(i)
    out.expected_reward = math.fsum(exp_total)
    out.per_round = np.array(exp_total)
    return out
