"""Targeting EIRD: decision sets, targeting via MenuDist, and Algorithm 2 (paper A, Section 3.3) [recon].

The seed's algorithm box for Algorithm 2 is lost; its prose (Section 3.3, Appendix B.3) describes
the pieces, and this module is **this project's reconstruction** of them. Everything a proof
step needs is a function here; ``theorem2`` turns them into the regret bound.

Main statements
---------------
* ``ird_constraint_matrix(f_hat, k, slack)`` — rows of the linear constraints
  k p_i/f̂_i ≤ (1 + slack) Σ_j p_j/f̂_j (Lemma 1 with menu-time cap 1 + slack).
* ``relaxed_ird_contains_ird`` [derived, "decision sets always contain EIRD"]: if
  log_spread(f̂, f(v)) ≤ σ then τ_i(p; f̂) ≤ e^{σ} τ_i(p; f(v)), so
      EIRD ⊆ IRD(v) ⊆ C(f̂, e^{σ} − 1) := {p ∈ Δ(n) : max_i τ_i(p; f̂) ≤ e^{σ}}.
  Proof: write f̂_i = C f_i e^{e_i} with max e − min e ≤ σ; then p_i/f̂_i = (p_i/f_i) e^{−e_i}/C
  and τ_i(p; f̂) = k (p_i/f_i) e^{−e_i} / Σ_j (p_j/f_j) e^{−e_j} ≤ τ_i(p; f) e^{max e − e_i}.   ∎
* ``DecisionSet`` — D_j = ∩_{ℓ ≤ j} C(f̂^ℓ, s): contracting (constraints are only added), every
  D_j ⊇ EIRD on the estimates' good event. ``project`` is the Euclidean projection (OSQP QP,
  answer verified for feasibility; cvxpy is the second route in the tests).
* ``ContractedSchedule`` — what DBG runs on: K_j = (1 − φ) D_j + φ u_n (the seed's
  "φ-contraction"), so every x ∈ K_j has x_i ≥ φ/n = ξ, and Π_{K}(y) = φu + (1−φ) Π_D((y − φu)/(1−φ)).
* ``contraction_for_realisability(sigma, lam, n, k)`` [derived]: if φ ≥ φ_σ then every point of
  K_j is in IRD(f̂^j) (realisable by MenuDist with the estimate). With a = 1/f̂,
  g_i(p) = k p_i a_i − Σ_j p_j a_j is linear; on D_j, g_i(x) ≤ s Σ_j x_j a_j ≤ s a_max (s = e^{σ}−1);
  at u_n, g_i(u) = (τ_i(u; f̂) − 1) Σ_j a_j / n ≤ −(1 − e^{σ} τ_u) a_min with
  τ_u = k/(1 + (n−1)λ) ≥ max_i τ_i(u; f) for every f ∈ [λ,1]^n. So (1−φ) g_i(x) + φ g_i(u) ≤ 0 once
      φ ≥ φ_σ = s R / (s R + 1 − e^{σ} τ_u),     R = e^{σ}/λ ≥ a_max/a_min,
  which needs e^{σ} τ_u < 1, i.e. λ > (k − 1)/(n − 1) with room for σ.
* ``pull_into_ird(x, f_hat, k)`` — the fallback outside the good event (and the only targeting
  step when φ < φ_σ): the least β-mix x' = β x + (1 − β) π̂ toward π̂ = f̂/Σf̂ (τ(π̂) = k/n ≤ 1)
  with x' ∈ IRD(f̂); exact (g is linear, so 1 − β = max_i g_i⁺/(g_i⁺ − g_i(π̂))).
* ``targeting_menu_distribution(x, f_hat, k)`` — MenuDist(x', f̂): DBG's x_t → the menus shown.
* ``targeting_error_bound(sigma)`` [derived, our Lemma 6]: if μ realises x' under f̂ and
  log_spread(f̂, f) ≤ σ, the induced choice distribution p under the true f satisfies
      p_i / x'_i ∈ [e^{−σ}, e^{σ}]   and   ‖p − x'‖₁ ≤ δ(σ) = min(e^{σ} − 1, 2(1 − e^{−σ})).
  Proof: per menu, q_i(K; f)/q_i(K; f̂) = a'_i / (Σ_{j∈K} a'_j f̂_j / F̂_K) with a'_i = f_i/f̂_i, a
  ratio of a'_i to a weighted mean of a' over K, hence in [e^{−σ}, e^{σ}]; average over μ. Then
  |p_i − x'_i| ≤ (e^{σ} − 1) x'_i, and (negative parts) Σ (x'_i − p_i)⁺ ≤ 1 − e^{−σ}.          ∎
* ``Algorithm2`` — the recommender (Recommender protocol): burn-in, learning phases
  (``score_learning.ScoreQuery``) whenever memory moved more than ``drift_threshold`` since the
  last estimate, DBG (``dbg.DeferredBanditGradient``) on ``ContractedSchedule`` in between.

Notation
--------
============  ===========================  =============================================
paper/ours    code                         meaning
============  ===========================  =============================================
f̂^ℓ          ``f_hat``                    ℓ-th score estimate (max 1)
s             ``slack``                    menu-time relaxation e^{σ̄} − 1
D_j           ``DecisionSet``              ∩ of relaxed IRD sets of the estimates so far
φ, ξ = φ/n    ``phi``                      contraction toward u_n, min coordinate
x_t           ``x``                        DBG's distribution
x'_t          ``target``                   point handed to MenuDist (x_t on the good event)
π̂            ``score_proportional``       f̂/Σf̂ (menu times all k/n)
δ(σ)          ``targeting_error_bound``    ‖induced − target‖₁ bound
D             ``drift_threshold``          re-learn when ‖v_t − v_ref‖₁ > D
============  ===========================  =============================================

Implementation notes
--------------------
Calls go through module attributes (``md.menu_dist``, ``sl.estimate_scores``,
``score_accuracy_bound`` …) so certificate mutants can patch them. The recommender tracks the
agent's memory itself (γ, v_1 and W_0 known, as the seed assumes: "we can exactly track the agent's
memory vector"). Certified in ``certificates/adaptive_preferences/long_memory/thm2_regret_bound.py``.
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass, field

import numpy as np
import osqp
import scipy.sparse as sparse

import reference.adaptive_preferences.long_memory.thm1_dbg as dbg_mod
import reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift as mh
import reference.adaptive_preferences.long_memory.sec3_score_learning as sl
from reference._numerics import check_k, check_positive_vector, check_probability_vector, rng_from

# the package re-exports a *function* named menu_dist, which shadows the submodule attribute
import reference.adaptive_preferences.realizability.lemma1_proof_menu_dist as md
from reference.adaptive_preferences.realizability.sec2_choice import mixture_choice_distribution
from reference.adaptive_preferences.realizability.lemma1_menu_times import menu_times
from reference._numerics import check_gamma, check_weight

__all__ = [
    "ird_constraint_matrix",
    "relaxed_ird_margin",
    "DecisionSet",
    "ContractedSchedule",
    "uniform_menu_time_cap",
    "contraction_for_realisability",
    "pull_into_ird",
    "targeting_menu_distribution",
    "induced_choice_distribution",
    "targeting_error_bound",
    "Algorithm2Parameters",
    "containment_slack",
    "needs_relearn",
    "Algorithm2",
    "burn_in_rounds",
]

#: Feasibility tolerance of the QP projection (after cleaning) — larger residuals raise.
PROJECTION_FEAS_ATOL = 1e-7


# ------------------------------------------------------------------------------------------------
# decision sets
# ------------------------------------------------------------------------------------------------
def ird_constraint_matrix(f_hat, k: int, slack) -> np.ndarray:
    """A (n × n) with C(f̂, slack) = {p ∈ Δ(n) : A p ≤ 0}: row i is k e_i/f̂_i − (1 + slack)·(1/f̂).

    Rows are divided by Σ_j 1/f̂_j (scale only, for conditioning). ``slack = inf`` gives no rows.
    """
    fn = "ird_constraint_matrix"
    f = np.asarray(check_positive_vector(fn, f_hat, arg="f_hat"), dtype=float)
    n = len(f)
    k = check_k(fn, k, n)
    if isinstance(slack, bool) or not isinstance(slack, numbers.Real) or not slack >= 0:
        raise ValueError(f"{fn}: slack must be a non-negative number (possibly inf); got {slack!r}.")
    if math.isinf(slack):
        return np.zeros((0, n))
    a = 1.0 / f
    rows = k * np.diag(a) - (1.0 + float(slack)) * a[None, :]
    return rows / a.sum()


def relaxed_ird_margin(p, f_hat, k: int, slack) -> float:
    """(1 + slack) − max_i τ_i(p; f̂): ≥ 0 iff p ∈ C(f̂, slack)."""
    tau = np.asarray(menu_times(np.asarray(p, dtype=float), np.asarray(f_hat, dtype=float), k), dtype=float)
    return float(1.0 + slack - tau.max())


class DecisionSet:
    """D = ∩_ℓ C(f̂^ℓ, slack_ℓ) ⊆ Δ(n); contracting: ``add`` only adds constraints.

    ``project(y)`` solves min ‖x − y‖₂ over D with OSQP and verifies the answer (feasibility
    residual ≤ ``PROJECTION_FEAS_ATOL`` after cleaning, else ``RuntimeError``).
    """

    def __init__(self, n: int, k: int):
        self.n, self.k = int(n), int(k)
        self.blocks: list[np.ndarray] = []
        self.estimates: list[tuple[np.ndarray, float]] = []
        self._solver = None

    @property
    def matrix(self) -> np.ndarray:
        return np.vstack(self.blocks) if self.blocks else np.zeros((0, self.n))

    def add(self, f_hat, slack) -> None:
        """Intersect with C(f̂, slack) (no-op for slack = inf, which is all of Δ(n))."""
        rows = ird_constraint_matrix(f_hat, self.k, slack)
        self.estimates.append((np.asarray(f_hat, dtype=float).copy(), float(slack)))
        if rows.shape[0]:
            self.blocks.append(rows)
            self._solver = None

    def residual(self, x) -> float:
        """max(0, max(A x), max(−x), |Σx − 1|): 0 iff x ∈ D."""
        x = np.asarray(x, dtype=float)
        a = self.matrix
        parts = [0.0, float(np.max(-x)), abs(float(x.sum()) - 1.0)]
        if a.shape[0]:
            parts.append(float(np.max(a @ x)))
        return max(parts)

    def _setup(self):
        a = self.matrix
        n = self.n
        cons = sparse.csc_matrix(np.vstack([a, np.ones((1, n)), np.eye(n)]))
        lower = np.r_[np.full(a.shape[0], -np.inf), 1.0, np.zeros(n)]
        upper = np.r_[np.zeros(a.shape[0]), 1.0, np.full(n, np.inf)]
        solver = osqp.OSQP()
        solver.setup(sparse.eye(n, format="csc"), np.zeros(n), cons, lower, upper, verbose=False,
                     eps_abs=1e-10, eps_rel=1e-10, polishing=True, max_iter=20000)
        self._solver = solver

    def project(self, y) -> np.ndarray:
        y = np.asarray(y, dtype=float)
        if not self.blocks:
            import reference.adaptive_preferences.setting.projections as proj

            return np.asarray(proj.project_onto_simplex(y), dtype=float)
        if self._solver is None:
            self._setup()
        self._solver.update(q=-y)
        res = self._solver.solve(raise_error=False)
        x = np.clip(np.asarray(res.x, dtype=float), 0.0, None)
        if not np.all(np.isfinite(x)) or x.sum() <= 0:
            raise RuntimeError(f"DecisionSet.project: the QP solver failed (status {res.info.status}); "
                               f"the decision set may be empty.")
        x = x / x.sum()
        resid = self.residual(x)
        if resid > PROJECTION_FEAS_ATOL:
            raise RuntimeError(f"DecisionSet.project: the QP answer violates the constraints by {resid} "
                               f"(status {res.info.status}); the decision set may be empty.")
        return x


class ContractedSchedule:
    """DBG's decision sets K = (1 − φ) D + φ u_n for the current D (a ``DecisionSet``).

    Implements the schedule protocol of ``ogd``: ``project(t, y)``, ``contains(t, x)``,
    ``min_coordinate`` (ξ = φ/n), ``diameter`` (√2 (1 − φ)), ``contraction_total`` (None: the
    sets change only at learning phases; ``theorem2`` bounds the total by phases × diameter).
    """

    def __init__(self, decision_set: DecisionSet, phi: float):
        if not (isinstance(phi, numbers.Real) and 0 < phi < 1):
            raise ValueError(f"ContractedSchedule: phi must be in (0, 1); got {phi!r}.")
        self.decision_set = decision_set
        self.n = decision_set.n
        self.phi = float(phi)
        self.min_coordinate = self.phi / self.n
        self.diameter = math.sqrt(2.0) * (1 - self.phi)
        self.contraction_total = None

    def project(self, t, y):
        u = np.full(self.n, 1.0 / self.n)
        z = (np.asarray(y, dtype=float) - self.phi * u) / (1 - self.phi)
        return self.phi * u + (1 - self.phi) * self.decision_set.project(z)

    def contains(self, t, x):
        u = np.full(self.n, 1.0 / self.n)
        return self.decision_set.residual((np.asarray(x, dtype=float) - self.phi * u) / (1 - self.phi))


def uniform_menu_time_cap(n: int, k: int, lam) -> float:
    """τ_u = k/(1 + (n−1)λ) = max over f ∈ [λ,1]^n and i of τ_i(u_n; f) (corner f_i = λ, others 1)."""
    return k / (1 + (n - 1) * float(lam))


def contraction_for_realisability(sigma, lam, n: int, k: int) -> float:
    """φ_σ = sR/(sR + 1 − e^{σ}τ_u), s = e^{σ}−1, R = e^{σ}/λ (module doc); 1.0 when e^{σ}τ_u ≥ 1."""
    if k == 1:
        return 0.0
    if not math.isfinite(sigma):
        return 1.0
    margin = 1.0 - math.exp(sigma) * uniform_menu_time_cap(n, k, lam)
    if margin <= 0:
        return 1.0
    s = math.expm1(sigma)
    r = math.exp(sigma) / float(lam)
    return s * r / (s * r + margin)


# ------------------------------------------------------------------------------------------------
# targeting
# ------------------------------------------------------------------------------------------------
def pull_into_ird(x, f_hat, k: int, *, margin: float = 1e-12):
    """(x', 1 − β): the least mix x' = β x + (1−β) π̂, π̂ = f̂/Σf̂, with max τ(x'; f̂) ≤ 1 − margin·[pulled].

    1 − β = 0 when x ∈ IRD(f̂) already. Exact formula from the linearity of g_i (module doc).
    """
    fn = "pull_into_ird"
    f = np.asarray(check_positive_vector(fn, f_hat, arg="f_hat"), dtype=float)
    x = np.asarray(check_probability_vector(fn, x, arg="x", n=len(f)), dtype=float)
    n = len(f)
    k = check_k(fn, k, n)
    a = 1.0 / f
    gx = k * x * a - x @ a  # g_i(x) = (τ_i − 1) Σ x_j a_j
    if gx.max() <= 0:
        return x.copy(), 0.0
    pi = f / f.sum()
    g_pi = k * pi * a - pi @ a  # = (k − n)/Σf̂ for every i
    pos = gx > 0
    denom = gx[pos] - g_pi[pos]
    if np.any(denom <= 0):  # k = n: only π̂ is realisable
        return pi, 1.0
    pull = float(np.max(gx[pos] / denom))
    pull = min(1.0, pull * (1 + 1e-9) + margin)
    return (1 - pull) * x + pull * pi, pull


def targeting_menu_distribution(x, f_hat, k: int):
    """DBG's x_t → (μ, x', pull): x' = pull_into_ird(x, f̂) and μ = MenuDist(x', f̂, k)."""
    target, pull = pull_into_ird(x, f_hat, k)
    mu = md.menu_dist(target, np.asarray(f_hat, dtype=float), k)
    return mu, target, pull


def induced_choice_distribution(menu_distribution, true_scores) -> np.ndarray:
    """Σ_K μ_K q(K; f(v_t)) computed exactly from the TRUE scores (certificates only)."""
    return np.asarray(mixture_choice_distribution(menu_distribution, np.asarray(true_scores, dtype=float)),
                      dtype=float)


def targeting_error_bound(sigma) -> float:
    """δ(σ) = min(e^{σ} − 1, 2(1 − e^{−σ})): ‖induced − x'‖₁ when log_spread(f̂, f) ≤ σ (module doc)."""
    if isinstance(sigma, bool) or not isinstance(sigma, numbers.Real) or not sigma >= 0:
        raise ValueError(f"targeting_error_bound: sigma must be a non-negative number; got {sigma!r}.")
    if math.isinf(sigma):
        return 2.0
    return float(min(math.expm1(sigma), -2 * math.expm1(-sigma)))


# ------------------------------------------------------------------------------------------------
# Algorithm 2
# ------------------------------------------------------------------------------------------------
@dataclass
class Algorithm2Parameters:
    """Parameters of Algorithm 2 (``theorem2.theory_parameters`` derives them from (n,k,λ,L,γ,T)).

    ``shows``: times each query menu is shown per phase; ``drift_threshold``: D; ``beta``: failure
    probability per phase; ``phi``: DBG's contraction; ``eta``, ``defer``: DBG step and deferral;
    ``burn_in``: rounds before the first phase; ``sigma_bar``: the accuracy every phase is credited
    with (``score_accuracy_bound`` at the worst phase drift after burn-in); ``slack`` = e^{σ̄} − 1.
    """

    shows: int
    drift_threshold: float
    beta: float
    phi: float
    eta: float
    defer: int
    burn_in: int
    sigma_bar: float
    extra: dict = field(default_factory=dict)

    @property
    def slack(self) -> float:
        return containment_slack(self.sigma_bar)


def containment_slack(sigma) -> float:
    """s(σ) = e^{σ} − 1: C(f̂, s) ⊇ IRD(v) whenever log_spread(f̂, f(v)) ≤ σ (``relaxed_ird_contains_ird``)."""
    return math.expm1(sigma) if math.isfinite(sigma) else math.inf


def needs_relearn(memory, reference_memory, drift_threshold) -> bool:
    """Algorithm 2's re-learning rule: ‖v_t − v_ref‖₁ > D (or no estimate yet: reference None)."""
    if reference_memory is None:
        return True
    return float(np.abs(np.asarray(memory) - np.asarray(reference_memory)).sum()) > drift_threshold


@functools.lru_cache(maxsize=4096)
def burn_in_rounds(gamma, initial_weight, query_len: int, drift_threshold, T: int) -> int:
    """T_0: first round t at which a phase of ``query_len`` rounds drifts ≤ D (Lemma 4), capped at T.

    W_t = γ^t W_0 + (1−γ^t)/(1−γ) is deterministic and non-decreasing (W_0 ≤ H), and the phase
    drift bound decreases as W grows, so every phase starting at t ≥ T_0 drifts at most D; T_0 is
    found by bisection.
    """
    gamma, T = float(gamma), int(T)

    def ok(t):
        w = mh.memory_weight_after(gamma, float(initial_weight), t)
        return mh.memory_drift_bound(gamma, w, max(int(query_len) - 1, 0)) <= drift_threshold

    if ok(0):
        return 0
    if not ok(T):
        return T
    lo, hi = 0, T
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


class Algorithm2:
    """Algorithm 2 [recon]: learn scores, target DBG's x_t with MenuDist, re-learn when memory drifts.

    Rounds 0..burn_in−1: show query menus round-robin (memory warms up; not used). Then:
    * learning phase (m = G·shows rounds) when there is no estimate yet or ‖v_t − v_ref‖₁ > D;
      at its end f̂ is added to the decision set with slack e^{σ̄} − 1 and DBG's iterate is
      re-projected;
    * otherwise a DBG round: x_t = DBG's distribution, (μ, x') = targeting_menu_distribution,
      a menu K ~ μ is shown, DBG is updated with (i_t, r_t(i_t)) (importance weight 1/x_t(i_t)).
    k = 1: no learning (every distribution is realisable), DBG on the contracted simplex.
    ``record=True`` keeps per-round data for audits (x_t, x'_t, μ, v_t, the estimate in use).
    """

    def __init__(self, n: int, k: int, gamma, params: Algorithm2Parameters, *, seed,
                 initial_memory=None, initial_weight=1.0, record: bool = False):
        fn = "Algorithm2"
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
            raise ValueError(f"{fn}: n must be an integer ≥ 2; got {n!r}.")
        self.n, self.k = int(n), check_k(fn, k, n)
        self.gamma = float(check_gamma(fn, gamma))
        self.params = params
        self.rng = rng_from(seed)
        self.memory = (np.full(self.n, 1.0 / self.n) if initial_memory is None
                       else np.array(check_probability_vector(fn, initial_memory, arg="initial_memory", n=self.n),
                                     dtype=float))
        self.weight = float(check_weight(fn, initial_weight, "initial_weight"))
        self.decision_set = DecisionSet(self.n, self.k)
        self.schedule = ContractedSchedule(self.decision_set, params.phi)
        self.dbg = dbg_mod.DeferredBanditGradient(self.n, eta=params.eta, m=params.defer, schedule=self.schedule)
        self.learning = self.k >= 2
        self.f_hat = np.ones(self.n) if not self.learning else None
        self.reference_memory = self.memory.copy()
        self.query: sl.ScoreQuery | None = None
        self.dbg_round = 0
        self.mode = None
        self.phases: list[dict] = []
        self.non_dbg_rounds = 0
        self.pulls: list[float] = []
        self.record = record
        self.rounds: list[dict] = []
        self._burn_design = sl.reference_design(self.n, self.k).menus if self.learning else None
        self._pending = None

    # -- Recommender protocol ----------------------------------------------------------------
    def propose(self, t: int):
        p = self.params
        if self.learning and t < p.burn_in:
            self.mode = "burn-in"
            self.non_dbg_rounds += 1
            return self._burn_design[t % len(self._burn_design)]
        if self.query is not None:
            self.mode = "learn"
            self.non_dbg_rounds += 1
            return self.query.menu()
        if self.learning and needs_relearn(self.memory, None if self.f_hat is None else self.reference_memory,
                                           p.drift_threshold):
            self.query = sl.ScoreQuery(self.n, self.k, p.shows, reference_memory=self.memory.copy(),
                                       start_weight=self.weight)
            self.phases.append({"start": t, "reference_memory": self.memory.copy(), "start_weight": self.weight})
            self.mode = "learn"
            self.non_dbg_rounds += 1
            return self.query.menu()
        self.mode = "dbg"
        x = self.dbg.distribution(self.dbg_round)
        mu, target, pull = targeting_menu_distribution(x, self.f_hat, self.k)
        self.pulls.append(pull)
        weights = np.array([w for _, w in mu], dtype=float)
        menu = mu[int(self.rng.choice(len(mu), p=weights / weights.sum()))][0]
        if self.record:
            self.rounds.append({"t": t, "x": x, "target": target, "mu": mu, "memory": self.memory.copy(),
                                "phase": len(self.phases) - 1, "pull": pull,
                                "drift": float(np.abs(self.memory - self.reference_memory).sum())})
        return menu

    def observe(self, t: int, menu, chosen: int, reward: float) -> None:
        if self.mode == "learn":
            self.query.record(menu, chosen)
        elif self.mode == "dbg":
            self.dbg.update(self.dbg_round, int(chosen), float(reward))
            self.dbg_round += 1
        self._remember(int(chosen))
        if self.mode == "learn" and self.query.done:
            f_hat, positive = sl.estimate_scores(self.query.design, self.query.counts)
            self.f_hat = f_hat
            self.reference_memory = self.query.reference_memory
            self.phases[-1].update({"f_hat": f_hat, "counts_positive": positive, "end": t,
                                    "slack": self.params.slack})
            self.decision_set.add(f_hat, containment_slack(self.params.sigma_bar))
            self.query = None
            try:
                self.dbg.reproject()
            except RuntimeError:
                # outside the good event the intersection may be empty: keep only the newest constraint
                self.decision_set.blocks = self.decision_set.blocks[-1:]
                self.decision_set._solver = None
                self.phases[-1]["reset"] = True
                self.dbg.reproject()

    def _remember(self, chosen: int) -> None:
        """Track v_{t+1} exactly as the agent does (Definition 1; γ, v_1, W_0 known)."""
        self.weight = self.gamma * self.weight + 1.0
        step = 1.0 / self.weight
        self.memory *= 1.0 - step
        self.memory[chosen] += step
