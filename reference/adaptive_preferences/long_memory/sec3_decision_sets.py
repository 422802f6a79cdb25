"""Decision sets that contain EIRD, and their φ-contraction (paper A, §3.3 "Targeting EIRD") [recon + derived].

Paper A (arXiv 2302.06014, §3.3 and Appendix B.3) describes Algorithm 2's decision sets in prose
only: DBG runs on sets built from the score estimates, which "always contain EIRD", and the
iterates are contracted toward the uniform distribution. The formulas are lost; this module is
this project's reconstruction, with our own proofs.

Main statements
---------------
* ``ird_constraint_matrix(f_hat, k, slack)`` — the rows of the linear constraints
  k p_i/f̂_i ≤ (1 + slack) Σ_j p_j/f̂_j (Lemma 1 with menu-time cap 1 + slack), so that
  C(f̂, slack) := {p ∈ Δ(n) : max_i τ_i(p; f̂) ≤ 1 + slack} = {p ∈ Δ(n) : A p ≤ 0}.
* ``containment_slack(σ)`` = e^{σ} − 1 and the statement "decision sets always contain EIRD"
  [derived]: if log_spread(f̂, f(v)) ≤ σ then τ_i(p; f̂) ≤ e^{σ} τ_i(p; f(v)), so
      EIRD ⊆ IRD(v) ⊆ C(f̂, e^{σ} − 1).
* ``DecisionSet`` — D_j = ∩_{ℓ ≤ j} C(f̂^ℓ, s): contracting (constraints are only added); every
  D_j ⊇ EIRD on the estimates' good event. ``project`` is the Euclidean projection (OSQP QP, the
  answer verified for feasibility; cvxpy is the second route in ``tests/test_targeting.py``).
* ``ContractedSchedule`` — the sets DBG runs on: K_j = (1 − φ) D_j + φ u_n (paper A's
  "φ-contraction"), so every x ∈ K_j has x_i ≥ φ/n = ξ and
  Π_K(y) = φu + (1 − φ) Π_D((y − φu)/(1 − φ)).
* ``contraction_for_realisability(σ, λ, n, k)`` [derived]: if φ ≥ φ_σ then every point of K_j is
  in IRD(f̂^j), i.e. realisable by MenuDist with the estimate, where
      φ_σ = s R / (s R + 1 − e^{σ} τ_u),   s = e^{σ} − 1,   R = e^{σ}/λ,   τ_u = k/(1 + (n − 1)λ);
  this needs e^{σ} τ_u < 1, i.e. λ > (k − 1)/(n − 1) with room for σ.

Proof of containment. Write f̂_i = C f_i e^{e_i} with max e − min e ≤ σ; then p_i/f̂_i =
(p_i/f_i) e^{−e_i}/C and
    τ_i(p; f̂) = k (p_i/f_i) e^{−e_i} / Σ_j (p_j/f_j) e^{−e_j} ≤ τ_i(p; f) e^{max e − e_i} ≤ e^{σ} τ_i(p; f).   ∎

Proof of the contraction threshold. With a = 1/f̂, g_i(p) = k p_i a_i − Σ_j p_j a_j is linear and
p ∈ IRD(f̂) iff g_i(p) ≤ 0 for all i. On D_j, g_i(x) ≤ s Σ_j x_j a_j ≤ s a_max. At u_n,
g_i(u) = (τ_i(u; f̂) − 1) Σ_j a_j / n ≤ −(1 − e^{σ} τ_u) a_min, because τ_u = k/(1 + (n−1)λ) is the
largest menu time of u_n under any f ∈ [λ, 1]^n (corner f_i = λ, the others 1) and τ_i(u; f̂) ≤
e^{σ} τ_i(u; f). Hence (1 − φ) g_i(x) + φ g_i(u) ≤ 0 once φ ≥ φ_σ, using a_max/a_min ≤ R.   ∎

Certified in ``certificates/adaptive_preferences/long_memory/sec3_decision_sets.py``
(``relaxed_ird_contains_ird_of_log_spread_le``: containment on random and LP-boundary points of
IRD(f) and on a box-corollary vertex, and realisability after the φ_σ-contraction).

Notation
--------
============  ===================================  =============================================
paper/ours    code                                 meaning
============  ===================================  =============================================
f̂^ℓ          ``f_hat``                            ℓ-th score estimate (max 1)
s             ``slack``                            menu-time relaxation e^{σ̄} − 1
C(f̂, s)      ``ird_constraint_matrix``            relaxed IRD set of one estimate
D_j           ``DecisionSet``                      ∩ of the relaxed IRD sets so far
φ, ξ = φ/n    ``phi``, ``min_coordinate``          contraction toward u_n, min coordinate
K_j           ``ContractedSchedule``               (1 − φ) D_j + φ u_n
τ_u           ``uniform_menu_time_cap``            max menu time of u_n over f ∈ [λ, 1]^n
φ_σ           ``contraction_for_realisability``    least φ making K_j ⊆ IRD(f̂)
============  ===================================  =============================================

Implementation notes
--------------------
Rows of ``ird_constraint_matrix`` are divided by Σ_j 1/f̂_j (scale only, for conditioning).
``DecisionSet`` keeps one OSQP solver per set of constraints and rebuilds it when a constraint is
added; an answer whose feasibility residual exceeds ``PROJECTION_FEAS_ATOL`` raises
``RuntimeError`` (the set may be empty outside the good event: ``Algorithm2`` then keeps only the
newest constraint, ``DecisionSet.keep_newest_only``).

References
----------
Paper A: Agarwal & Brown, "Online Recommendations for Agents with Discounted Adaptive
Preferences", ALT 2024, arXiv 2302.06014, §3.3 and Appendix B.3; Lemma 1 (menu times).
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import osqp
import scipy.sparse as sparse

import reference.adaptive_preferences.setting.projections as proj
from reference._numerics import (
    as_vector,
    check_integer,
    check_k,
    check_lam,
    check_positive_vector,
    check_probability_vector,
    check_real,
    errors_as,
)
from reference.adaptive_preferences.realizability.lemma1_menu_times import menu_times

__all__ = [
    "PROJECTION_FEAS_ATOL",
    "ird_constraint_matrix",
    "relaxed_ird_margin",
    "containment_slack",
    "DecisionSet",
    "ContractedSchedule",
    "uniform_menu_time_cap",
    "contraction_for_realisability",
]

#: Feasibility tolerance of the QP projection (after cleaning) — larger residuals raise.
PROJECTION_FEAS_ATOL = 1e-7


def _is_inf(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and x == math.inf


def ird_constraint_matrix(f_hat, k: int, slack) -> np.ndarray:
    """A (n × n) with C(f̂, slack) = {p ∈ Δ(n) : A p ≤ 0}: row i is k e_i/f̂_i − (1 + slack)·(1/f̂).

    Rows are divided by Σ_j 1/f̂_j (scale only, for conditioning). ``slack = inf`` gives no rows.
    """
    fn = "ird_constraint_matrix"
    f = np.asarray(check_positive_vector(fn, f_hat, arg="f_hat"), dtype=float)
    n = len(f)
    k = check_k(fn, k, n)
    if _is_inf(slack):
        return np.zeros((0, n))
    check_real(fn, "slack", slack, low=0, what="(slack = inf is also accepted: no constraint)")
    a = 1.0 / f
    rows = k * np.diag(a) - (1.0 + float(slack)) * a[None, :]
    return rows / a.sum()


def relaxed_ird_margin(p, f_hat, k: int, slack) -> float:
    """(1 + slack) − max_i τ_i(p; f̂): ≥ 0 iff p ∈ C(f̂, slack)."""
    fn = "relaxed_ird_margin"
    f = check_positive_vector(fn, f_hat, arg="f_hat")
    p = check_probability_vector(fn, p, n=len(f), n_from="f_hat")
    k = check_k(fn, k, len(f))
    if not _is_inf(slack):
        check_real(fn, "slack", slack, low=0, what="(or inf)")
    tau = np.asarray(menu_times(p, f, k), dtype=float)
    return float(1.0 + slack - tau.max())


def containment_slack(sigma) -> float:
    """s(σ) = e^{σ} − 1: C(f̂, s) ⊇ IRD(v) whenever log_spread(f̂, f(v)) ≤ σ (module doc, containment)."""
    if _is_inf(sigma):
        return math.inf
    check_real("containment_slack", "sigma", sigma, low=0, high=709, what="(or inf; e^σ must be a float)")
    return math.expm1(sigma)


class DecisionSet:
    """D = ∩_ℓ C(f̂^ℓ, slack_ℓ) ⊆ Δ(n); contracting: ``add`` only adds constraints.

    ``project(y)`` solves min ‖x − y‖₂ over D with OSQP and verifies the answer (feasibility
    residual ≤ ``PROJECTION_FEAS_ATOL`` after cleaning, else ``RuntimeError``).
    """

    def __init__(self, n: int, k: int):
        fn = "DecisionSet"
        self.n = check_integer(fn, "n", n)
        self.k = check_k(fn, k, self.n)
        self.blocks: list[np.ndarray] = []
        self.estimates: list[tuple[np.ndarray, float]] = []
        self._solver = None

    @property
    def matrix(self) -> np.ndarray:
        return np.vstack(self.blocks) if self.blocks else np.zeros((0, self.n))

    def add(self, f_hat, slack) -> None:
        """Intersect with C(f̂, slack) (no-op for slack = inf, which is all of Δ(n))."""
        with errors_as("DecisionSet.add"):
            rows = ird_constraint_matrix(f_hat, self.k, slack)
        self.estimates.append((np.asarray(f_hat, dtype=float).copy(), float(slack)))
        if rows.shape[0]:
            self.blocks.append(rows)
            self._solver = None

    def keep_newest_only(self) -> None:
        """Drop every constraint block but the newest (the fallback when the intersection is empty)."""
        self.blocks = self.blocks[-1:]
        self._solver = None

    def residual(self, x) -> float:
        """max(0, max(A x), max(−x), |Σx − 1|): 0 iff x ∈ D."""
        x = as_vector("DecisionSet.residual", "x", x, n=self.n)
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
        """Π_D(y): Euclidean projection onto D (onto Δ(n) while D has no constraint), verified."""
        y = np.asarray(y, dtype=float)
        if not self.blocks:
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

    Implements the schedule protocol of ``lemma3_contracting_ogd``: ``project(t, y)``,
    ``contains(t, x)``, ``min_coordinate`` (ξ = φ/n), ``diameter`` (√2 (1 − φ)),
    ``contraction_total`` (None: the sets change only at learning phases; Theorem 2's bound charges
    phases × diameter, ``thm2_regret_bound``).
    """

    def __init__(self, decision_set: DecisionSet, phi: float):
        check_real("ContractedSchedule", "phi", phi, low=0, high=1, low_open=True, high_open=True)
        if not isinstance(decision_set, DecisionSet):
            raise ValueError(f"ContractedSchedule: decision_set must be a DecisionSet; "
                             f"got {type(decision_set).__name__}.")
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
    fn = "uniform_menu_time_cap"
    n = check_integer(fn, "n", n)
    k = check_k(fn, k, n)
    return k / (1 + (n - 1) * float(check_lam(fn, lam)))


def contraction_for_realisability(sigma, lam, n: int, k: int) -> float:
    """φ_σ = sR/(sR + 1 − e^{σ}τ_u), s = e^{σ}−1, R = e^{σ}/λ (module doc); 1.0 when e^{σ}τ_u ≥ 1."""
    fn = "contraction_for_realisability"
    check_lam(fn, lam)
    k = check_k(fn, k, check_integer(fn, "n", n))
    if not _is_inf(sigma):
        check_real(fn, "sigma", sigma, low=0, high=709, what="(or inf; e^σ must be a float)")
    if k == 1:
        return 0.0
    if _is_inf(sigma):
        return 1.0
    margin = 1.0 - math.exp(sigma) * uniform_menu_time_cap(n, k, lam)  # 1 − e^{σ} τ_u
    if margin <= 0:
        return 1.0
    s = math.expm1(sigma)  # slack e^{σ} − 1
    r = math.exp(sigma) / float(lam)  # R ≥ a_max / a_min
    return s * r / (s * r + margin)
