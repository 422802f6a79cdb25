"""Contracting Online Gradient Descent (paper A, Appendix A, Lemma 3) and decision-set schedules [seed + recon].

Paper A (arXiv 2302.06014, Appendix A) runs online gradient descent on decision sets that shrink
over time ("contracting OGD", the appendix's "Algorithm 5") and states its regret (Lemma 3) as
DG√T; the pathwise form for linear losses below, and its proof, are written out by this project.

Main statements
---------------
* ``contracting_ogd(gradients, schedule, x1, eta)`` — projected OGD for linear *rewards* over nested
  convex sets K_1 ⊇ K_2 ⊇ …: x_{t+1} = Π_{K_{t+1}}(x_t + η g_t). Exact (Fractions) when the
  gradients, x_1, η and the schedule's bounds are rational.
* ``ogd_linear_regret(iterates, gradients, x_star)`` — Σ_t ⟨g_t, x* − x_t⟩.
* ``ogd_linear_regret_bound(x1, x_star, eta, gradients)`` — ‖x_1 − x*‖²/(2η) + (η/2) Σ_t ‖g_t‖².

Lemma 3 (pathwise form for linear losses) [seed + recon]. For ANY gradient sequence g_1..g_T and
ANY nested convex sets, every x* ∈ K_T satisfies

    Σ_t ⟨g_t, x* − x_t⟩ ≤ ‖x_1 − x*‖²/(2η) + (η/2) Σ_t ‖g_t‖².

Proof (each line one step). Let y_{t+1} = x_t + η g_t. Since x* ∈ K_T ⊆ K_{t+1} (we set
K_{T+1} = K_T) and Euclidean projection onto a convex set containing x* does not increase the
distance to x*:
    ‖x_{t+1} − x*‖² ≤ ‖y_{t+1} − x*‖² = ‖x_t − x*‖² − 2η⟨g_t, x* − x_t⟩ + η²‖g_t‖².
Rearranged:  ⟨g_t, x* − x_t⟩ ≤ (‖x_t − x*‖² − ‖x_{t+1} − x*‖²)/(2η) + (η/2)‖g_t‖².
Summing, the distances telescope and −‖x_{T+1} − x*‖² ≤ 0 is dropped.                      ∎
With ‖x_1 − x*‖ ≤ D and ‖g_t‖ ≤ G this is D²/(2η) + ηG²T/2 = DG√T at η = D/(G√T) (paper A's
form). Certified exactly, in Fractions, in ``certificates/adaptive_preferences/long_memory/lemma3_contracting_ogd.py``
(``contracting_ogd_linear_regret_le_bound``; the Hypothesis search for tight cases is in
``tests/test_ogd.py``). Findings: docs/findings.md, "Lemma 3: tightness of the pathwise bound".

Decision-set schedules
----------------------
A schedule is an object with ``project(t, y)`` (Π_{K_t}(y), rounds t = 0, 1, … as in the
simulator), ``contains(t, x)`` (a feasibility residual, 0 iff x ∈ K_t), and, for the DBG bound,
``min_coordinate`` (ξ: every x in every K_t has x_i ≥ ξ), ``diameter`` (D of K_0, ℓ2) and
``contraction_total`` (H ≥ Σ_t sup_{x∈K_t} dist(x, K_{t+1}), how far the sets shrink in total).

* ``BoxSchedule(n, lower, upper)`` — K_t = {x ∈ Δ(n): lower_t ≤ x ≤ upper_t}; ``lower``/``upper``
  are constants or callables t ↦ bound (scalar or vector). Covers Δ(n), the capped simplex,
  Δ_φ and box-EIRD. Nestedness is checked when the schedule is used (``check_nested``).
* ``PolytopeSchedule(A, b)`` — K_t = {x ∈ Δ(n): A_t x ≤ b_t} (e.g. EIRD_V, ``eird_v_polytope``),
  projected by a generic QP through cvxpy (``project_onto_polytope``), polished on its active set and
  returned only with a certified bound ‖x − Π(y)‖₂ ≤ ``tol`` (``_polytope_distance_bound``, derived).
* ``ProjectionSchedule(n, projections, ...)`` — any schedule given as a callable t ↦ (y ↦ Π_{K_t}(y))
  or a sequence of projection functions (the last one repeats); the constants ξ, D, H are supplied
  by the caller (they are properties of the sets the caller knows). ``as_schedule`` wraps
  callables/sequences, so DBG accepts all three forms.
* ``FloorSchedule(n, floors)`` — K_t = {x ∈ Δ(n): x_i ≥ a_t} with a_t non-decreasing (Δ_φ with a
  growing φ = n a_t): the contracting schedule whose H we know in closed form,
  H = Σ_t (a_{t+1} − a_t)·√(n(n−1)) [derived: the farthest point of K_t from K_{t+1} is a vertex
  a_t·1 + (1 − n a_t) e_j, whose projection is the matching vertex of K_{t+1}].

Notation
--------
=========  =====================  ==========================================
paper      code                   meaning
=========  =====================  ==========================================
K_t        ``schedule``           decision set of round t
x_t        ``iterates[t]``        OGD iterate
g_t        ``gradients[t]``       reward gradient of round t
η          ``eta``                step size
D          ``diameter``           ℓ2 diameter of the decision sets
ξ          ``min_coordinate``     smallest coordinate of any point of any K_t
H          ``contraction_total``  total shrinkage of the schedule
=========  =====================  ==========================================

Implementation notes
--------------------
Exact mode (Fractions) whenever the gradients, x_1, η and the schedule's bounds are rational;
otherwise float64 with a 1e-9 feasibility tolerance on x_1. Generic polytopes are projected by a
cvxpy QP, imported only when such a schedule is used.

References
----------
Paper A: Agarwal & Brown, arXiv 2302.06014, Appendix A (Lemma 3, contracting OGD); Zinkevich,
"Online Convex Programming and Generalized Infinitesimal Gradient Ascent", ICML 2003 (OGD).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

import reference.adaptive_preferences.setting.projections as proj
from reference._numerics import (
    as_vector,
    check_integer,
    check_k,
    check_positive_vector,
    check_real,
    errors_as,
    exact_mode,
    is_rational_vector,
)

__all__ = [
    "SIMPLEX_DIAMETER",
    "BoxSchedule",
    "FloorSchedule",
    "contracting_ogd",
    "ogd_step",
    "ogd_linear_regret",
    "ogd_linear_regret_bound",
    "project_onto_polytope",
    "polytope_projection_kkt_residual",
    "eird_v_polytope",
    "PolytopeSchedule",
    "ProjectionSchedule",
    "as_schedule",
]

#: ℓ2 diameter of the simplex, the default ``diameter`` of a schedule.
SIMPLEX_DIAMETER = math.sqrt(2.0)


def _bound_at(b, t):
    return b(t) if callable(b) else b


class BoxSchedule:
    """K_t = {x ∈ Δ(n): lower_t ≤ x ≤ upper_t}; ``lower``/``upper``: constant or callable t ↦ bound.

    ``contraction_total`` must be supplied when the sets change (it is 0 for a constant box) and
    ``min_coordinate`` defaults to min of lower_0 (valid when lower_t is non-decreasing).
    """

    def __init__(self, n: int, lower=0.0, upper=1.0, *, contraction_total: float | None = None,
                 min_coordinate=None):
        self.n = check_integer("BoxSchedule", "n", n)
        self.lower, self.upper = lower, upper
        constant = not callable(lower) and not callable(upper)
        self.contraction_total = 0.0 if (constant and contraction_total is None) else contraction_total
        lo0 = _bound_at(lower, 0)
        self.min_coordinate = (min(np.broadcast_to(np.asarray(lo0, dtype=object), (self.n,)))
                               if min_coordinate is None else min_coordinate)
        lo0f = np.broadcast_to(np.asarray(lo0, dtype=float), (self.n,))
        # ℓ2 diameter of K_0 ≤ √2 · (1 − Σ lower_0): x − x' = (x − l) − (x' − l), two non-negative
        # vectors of mass 1 − Σ l each, so ‖x − x'‖₂ ≤ √(‖x − l‖₂² + ‖x' − l‖₂²) ≤ √2 (1 − Σ l).
        self.diameter = math.sqrt(2.0) * max(0.0, 1.0 - float(lo0f.sum()))

    def bounds(self, t: int):
        return _bound_at(self.lower, t), _bound_at(self.upper, t)

    def project(self, t: int, y):
        fn = f"{type(self).__name__}.project"
        t = check_integer(fn, "t", t, minimum=0)
        y = as_vector(fn, "y", y, n=self.n, exact=exact_mode(y))
        lo, up = self.bounds(t)
        with errors_as(fn):
            return proj.project_onto_box_simplex(y, lo, up)

    def contains(self, t: int, x):
        """Feasibility residual max(|Σx − 1|, max(lower − x)⁺, max(x − upper)⁺): 0 iff x ∈ K_t."""
        fn = f"{type(self).__name__}.contains"
        t = check_integer(fn, "t", t, minimum=0)
        x = as_vector(fn, "x", x, n=self.n, exact=exact_mode(x))
        lo, up = self.bounds(t)
        n = len(x)
        if exact_mode(x) and is_rational_vector(np.broadcast_to(np.asarray(lo, dtype=object), (n,))) \
                and is_rational_vector(np.broadcast_to(np.asarray(up, dtype=object), (n,))):
            lo_v = list(np.broadcast_to(np.asarray(lo, dtype=object), (n,)))
            up_v = list(np.broadcast_to(np.asarray(up, dtype=object), (n,)))
            return max([abs(sum(x) - 1)] + [max(lo_v[i] - x[i], 0) for i in range(n)]
                       + [max(x[i] - up_v[i], 0) for i in range(n)])
        xf = np.asarray(x, dtype=float)
        lo_f = np.broadcast_to(np.asarray(lo, dtype=float), (n,))
        up_f = np.broadcast_to(np.asarray(up, dtype=float), (n,))
        return float(max(abs(xf.sum() - 1.0), float(np.max(lo_f - xf)), float(np.max(xf - up_f)), 0.0))

    def check_nested(self, T: int, tol: float = 0.0):
        """Raise ValueError unless K_0 ⊇ K_1 ⊇ … ⊇ K_{T−1} (lower non-decreasing, upper non-increasing)."""
        tol = check_real("BoxSchedule.check_nested", "tol", tol, low=0)
        for t in range(T - 1):
            lo0, up0 = (np.broadcast_to(np.asarray(b, dtype=float), (self.n,)) for b in self.bounds(t))
            lo1, up1 = (np.broadcast_to(np.asarray(b, dtype=float), (self.n,)) for b in self.bounds(t + 1))
            if np.any(lo1 < lo0 - tol) or np.any(up1 > up0 + tol):
                raise ValueError(f"BoxSchedule.check_nested: K_{t + 1} is not contained in K_{t}: "
                                 f"the bounds must tighten over time.")


class FloorSchedule(BoxSchedule):
    """K_t = {x ∈ Δ(n): x_i ≥ a_t}, a_t = floors[t] non-decreasing in [0, 1/n] (last value repeated)."""

    def __init__(self, n: int, floors):
        fn = "FloorSchedule"
        n = check_integer(fn, "n", n)
        if isinstance(floors, (str, bytes, dict)):
            raise ValueError(f"{fn}: floors must be a number or a sequence of numbers; got {type(floors).__name__}.")
        floors = list(floors) if hasattr(floors, "__len__") else [floors]
        if not floors:
            raise ValueError(f"{fn}: floors must not be empty.")
        for a in floors:
            check_real(fn, "floors", a, low=0, what="(every floor a_t)")
            if a > 1 / n + 1e-15:
                raise ValueError(f"{fn}: every floor must be a number in [0, 1/n] = [0, {1 / n}]; floors has {a!r}.")
        if any(b < a for a, b in zip(floors[:-1], floors[1:])):
            raise ValueError(f"{fn}: floors must be non-decreasing (the sets must contract).")
        self.floors = floors
        last = len(floors) - 1
        upper = Fraction(1) if all(isinstance(a, (int, Fraction)) for a in floors) else 1.0
        super().__init__(n, lambda t: floors[min(t, last)], upper,
                         contraction_total=float(floors[-1] - floors[0]) * math.sqrt(n * (n - 1)),
                         min_coordinate=floors[0])


def ogd_step(x, g, eta, project_next):
    """One step x_{t+1} = Π_{K_{t+1}}(x_t + η g_t) (ascent on linear rewards).

    Exact (lists of Fractions) when x, g and η are rational; ``project_next`` maps a vector to its projection."""
    fn = "ogd_step"
    check_real(fn, "eta", eta, low=0)
    if not callable(project_next):
        raise ValueError(f"{fn}: project_next must be a callable vector -> projection; "
                         f"got {type(project_next).__name__}.")
    exact = exact_mode(x, g) and isinstance(eta, (int, Fraction))
    x = as_vector(fn, "x", x, exact=exact)
    g = as_vector(fn, "g", g, n=len(x), exact=exact, n_from="x")
    if exact:
        return project_next([xi + eta * gi for xi, gi in zip(x, g)])
    return np.asarray(project_next(x + float(eta) * g))


def contracting_ogd(gradients, schedule, x1, eta):
    """Iterates x_0..x_{T−1} of contracting OGD on rewards ⟨g_t, ·⟩ (0-based rounds).

    x_0 = x1 (must lie in K_0), x_{t+1} = Π_{K_{t+1}}(x_t + η g_t). Exact when all inputs are rational.
    """
    fn = "contracting_ogd"
    if not (hasattr(schedule, "project") and hasattr(schedule, "contains") and hasattr(schedule, "n")):
        raise ValueError(f"{fn}: schedule must be a decision-set schedule (with n, project and contains, e.g. "
                         f"BoxSchedule); got {type(schedule).__name__}.")
    if isinstance(gradients, (str, bytes)) or not hasattr(gradients, "__iter__"):
        raise ValueError(f"{fn}: gradients must be a non-empty sequence of vectors; got {type(gradients).__name__}.")
    gradients = list(gradients)
    if not gradients:
        raise ValueError(f"{fn}: gradients must not be empty.")
    check_real(fn, "eta", eta, low=0, low_open=True)
    exact = exact_mode(x1) and all(exact_mode(g) for g in gradients) and isinstance(eta, (int, Fraction))
    x = as_vector(fn, "x1", x1, n=schedule.n, exact=exact)
    if exact:
        x = list(x)
    res = schedule.contains(0, x)
    if res > (0 if exact else 1e-9):
        raise ValueError(f"{fn}: x1 must lie in the first decision set K_0; its feasibility residual is {res}.")
    iterates = [x]
    for t, g in enumerate(gradients):
        as_vector(fn, f"gradients[{t}]", g, n=schedule.n, exact=exact)
    for t, g in enumerate(gradients[:-1]):
        g = as_vector(fn, "gradients[t]", g, n=schedule.n, exact=exact)
        x = ogd_step(x, g, Fraction(eta) if exact else eta, lambda y, s=t + 1: schedule.project(s, y))
        iterates.append(x)
    return iterates


def _ogd_vectors(fn: str, x_star, named_sequences):
    """Validate x* and sequences of vectors of its length n; exact mode when every entry is rational."""
    seqs = {}
    for name, seq in named_sequences.items():
        if isinstance(seq, (str, bytes)) or not hasattr(seq, "__iter__"):
            raise ValueError(f"{fn}: {name} must be a non-empty sequence of vectors; got {type(seq).__name__}.")
        seqs[name] = list(seq)
        if not seqs[name]:
            raise ValueError(f"{fn}: {name} must be a non-empty sequence of vectors.")
    exact = exact_mode(x_star) and all(exact_mode(v) for seq in seqs.values() for v in seq)
    xs = as_vector(fn, "x_star", x_star, exact=exact)
    out = {name: [as_vector(fn, f"{name}[{t}]", v, n=len(xs), exact=exact) for t, v in enumerate(seq)]
           for name, seq in seqs.items()}
    return xs, out, exact


def ogd_linear_regret(iterates, gradients, x_star):
    """Σ_t ⟨g_t, x* − x_t⟩ (exact for rational inputs; one gradient per iterate, all of length n)."""
    fn = "ogd_linear_regret"
    xs, seqs, exact = _ogd_vectors(fn, x_star, {"iterates": iterates, "gradients": gradients})
    its, gs = seqs["iterates"], seqs["gradients"]
    if len(its) != len(gs):
        raise ValueError(f"{fn}: iterates and gradients must have the same length T (one gradient per round); "
                         f"got {len(its)} iterates and {len(gs)} gradients.")
    if exact:
        return sum((sum((gi * (si - xi) for gi, si, xi in zip(g, xs, x)), Fraction(0)) for x, g in zip(its, gs)),
                   Fraction(0))
    return math.fsum(float(np.dot(g, xs - x)) for x, g in zip(its, gs))


def ogd_linear_regret_bound(x1, x_star, eta, gradients):
    """Lemma 3, pathwise: ‖x_1 − x*‖²/(2η) + (η/2) Σ_t ‖g_t‖² (exact for rational inputs)."""
    fn = "ogd_linear_regret_bound"
    check_real(fn, "eta", eta, low=0, low_open=True)
    xs, seqs, exact = _ogd_vectors(fn, x_star, {"gradients": gradients})
    exact = exact and isinstance(eta, (int, Fraction)) and exact_mode(x1)
    x1 = as_vector(fn, "x1", x1, n=len(xs), exact=exact)
    if not exact:
        xs, eta = np.asarray(xs, dtype=float), float(eta)
    gs = seqs["gradients"]
    dist2 = sum((a - b) ** 2 for a, b in zip(x1, xs))
    sq = sum(sum(gi * gi for gi in g) for g in gs)
    return dist2 / (2 * eta) + eta * sq / 2


# ------------------------------------------------------------------------------------------------
# generic polytopes (EIRD_V): a QP through cvxpy, verified by its KKT conditions
# ------------------------------------------------------------------------------------------------
def _polytope_qp(y, A, b):
    import cvxpy as cp

    y = np.asarray(y, dtype=float)
    A = np.atleast_2d(np.asarray(A, dtype=float))
    b = np.asarray(b, dtype=float)
    n = y.size
    x = cp.Variable(n)
    cons = [A @ x <= b, cp.sum(x) == 1, x >= 0]
    prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(x - y)), cons)
    prob.solve(solver=cp.CLARABEL) if "CLARABEL" in cp.installed_solvers() else prob.solve()
    if x.value is None or prob.status not in ("optimal", "optimal_inaccurate"):
        raise ValueError(f"project_onto_polytope: the QP failed (status {prob.status}); is the set empty?")
    duals = np.asarray(cons[0].dual_value), float(cons[1].dual_value), np.asarray(cons[2].dual_value)
    return (np.asarray(x.value), *duals)


def project_onto_polytope(y, A, b, *, tol: float = 1e-6):
    """Π onto {x ∈ Δ(n): A x ≤ b} by a QP (cvxpy), polished on its active set; returned only when the
    certified distance bound ``_polytope_distance_bound`` (‖x − Π(y)‖₂ ≤ bound, derived below) is ≤ ``tol``.

    Rows of A are scaled to unit norm first (the set is unchanged; the solver's conditioning is not).
    The solver's x satisfies the KKT conditions only up to ~1e-7, and a complementarity residual c
    allows a distance of order √c (the old check accepted points 6e-4 from Π(y)), so x is *polished*:
    the constraints with slack ≤ 1e-7 and the coordinates ≤ 1e-7 are taken as active, and the
    equality-constrained projection onto them is solved by least squares (its multipliers too).
    """
    fn = "project_onto_polytope"
    tol = check_real(fn, "tol", tol, low=0)
    y = as_vector(fn, "y", y)
    A, b = _polytope_data(fn, A, b, y.size)
    norms = np.linalg.norm(A, axis=1)
    keep = norms > 0
    if np.any(b[~keep] < 0):
        raise ValueError(f"{fn}: the set is empty: a zero row of A has b < 0.")
    A, b = A[keep] / norms[keep, None], b[keep] / norms[keep]
    raw = _polytope_qp(y, A, b)
    best_x, best = raw[0], _polytope_distance_bound(y, *raw[:1], A, b, *raw[1:])
    try:
        polished = _polish_polytope(y, A, b, raw[0])
        bound = _polytope_distance_bound(y, polished[0], A, b, *polished[1:])
        if bound < best:
            best_x, best = polished[0], bound
    except np.linalg.LinAlgError:
        pass
    if not best <= tol:
        raise ValueError(f"{fn}: the solver's answer is not certified: its distance bound to the projection "
                         f"is {best} > tol={tol}.")
    return best_x


def _real_array(fn: str, arg: str, x, ndim: int) -> np.ndarray:
    """``x`` as a finite float64 array of dimension ``ndim`` (1-d input promoted for a matrix), by the policy."""
    if isinstance(x, (str, bytes)) or not hasattr(x, "__len__"):
        raise ValueError(f"{fn}: {arg} must be a {'matrix' if ndim == 2 else 'vector'} of real numbers; "
                         f"got {type(x).__name__}.")
    rows = np.atleast_2d(np.asarray(x, dtype=object)) if ndim == 2 else np.asarray(x, dtype=object)
    if rows.ndim != ndim or rows.size == 0:
        raise ValueError(f"{fn}: {arg} must be a non-empty {ndim}-d array of real numbers; got shape {rows.shape}.")
    for row in (rows if ndim == 2 else [rows]):
        as_vector(fn, arg, row if isinstance(x, np.ndarray) and x.dtype != object else list(row))
    return rows.astype(float)


def _polytope_data(fn: str, A, b, n: int):
    """(A, b) as a finite (m, n) matrix and a finite vector of length m."""
    A, b = _real_array(fn, "A", A, 2), _real_array(fn, "b", np.atleast_1d(b) if np.ndim(b) == 0 and
                                                    not isinstance(b, (str, bytes)) and b is not None else b, 1)
    if A.shape[1] != n or b.shape != (A.shape[0],):
        raise ValueError(f"{fn}: A must be an (m, n={n}) matrix and b a vector of length m; "
                         f"got A of shape {A.shape} and b of shape {b.shape}.")
    return A, b


def _polish_polytope(y, A, b, x):
    """Active-set polish from the solver's x: project y onto {A_act x = b_act, Σ x = 1, x_J = 0} by least
    squares, add the most violated constraint or drop the most negative multiplier, repeat (a primal
    active-set method warm-started at the solver's active set). Returns (x, μ, ν, λ)."""
    from scipy.optimize import nnls

    n, m = y.size, len(b)
    act, zero = (b - A @ x) <= 1e-7, x <= 1e-7
    for _ in range(2 * (n + m)):
        C = np.vstack([A[act], np.ones((1, n)), -np.eye(n)[zero]])
        d = np.concatenate([b[act], [1.0], np.zeros(int(zero.sum()))])
        xp = y - np.linalg.lstsq(C, C @ y - d, rcond=None)[0]  # projection onto {C x = d}
        viol_a, viol_x = A @ xp - b, -xp
        viol_a[act], viol_x[zero] = -np.inf, -np.inf
        if max(viol_a.max(initial=-np.inf), viol_x.max()) > 1e-13:  # add the most violated constraint
            if viol_a.max(initial=-np.inf) >= viol_x.max():
                act[int(np.argmax(viol_a))] = True
            else:
                zero[int(np.argmax(viol_x))] = True
            continue
        w = np.linalg.lstsq(C.T, y - xp, rcond=None)[0]  # y − x = Cᵀ w
        na = int(act.sum())
        ineq = np.concatenate([w[:na], w[na + 1:]])
        if ineq.size and ineq.min() < -1e-10:  # drop the most negative multiplier's constraint
            j = int(np.argmin(ineq))
            idx = np.flatnonzero(act) if j < na else np.flatnonzero(zero)
            (act if j < na else zero)[idx[j if j < na else j - na]] = False
            continue
        break
    # non-negative multipliers for the final active set (ν split as ν⁺ − ν⁻)
    na = int(act.sum())
    cols = np.hstack([A[act].T, np.ones((n, 1)), -np.ones((n, 1)), -np.eye(n)[:, zero]])
    w = nnls(cols, y - xp, maxiter=50 * (n + m))[0]
    mu, lam = np.zeros(m), np.zeros(n)
    mu[act], nu, lam[zero] = w[:na], float(w[na] - w[na + 1]), w[na + 2:]
    xp = np.maximum(xp, 0.0)
    xp[zero] = 0.0  # on the active bounds exactly (the λ·x term of the distance bound vanishes)
    return xp, mu, nu, lam


def _polytope_distance_bound(y, x, A, b, mu, nu, lam) -> float:
    """‖x − Π(y)‖₂ ≤ ‖s‖₂/2 + √(‖s‖₂²/4 + c) for feasible x, any μ, λ ≥ 0 and ν [derived], where
    s = x − y + Aᵀμ + ν1 − λ and c = Σ μ_i (b − A x)_i + Σ λ_j x_j ≥ 0.

    Proof: with x* = Π(y), ⟨x* − y, x − x*⟩ ≥ 0 (x feasible), so ‖x − x*‖² ≤ ⟨x − x*, x − y⟩
    = ⟨x − x*, s⟩ − ⟨μ, A x − A x*⟩ + ⟨λ, x − x*⟩ (Σ x = Σ x* kills ν) ≤ ‖x − x*‖‖s‖ + c, using
    A x* ≤ b, μ ≥ 0 and x* ≥ 0, λ ≥ 0; solve the quadratic inequality. Infeasible x (beyond 1e-12)
    gets ``inf``; negative multipliers are clipped to 0 (any μ, λ ≥ 0 give a valid bound).
    """
    y, x = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
    mu, lam = np.maximum(np.asarray(mu, dtype=float), 0.0), np.maximum(np.asarray(lam, dtype=float), 0.0)
    slack = b - A @ x
    if np.min(slack, initial=0.0) < -1e-12 or abs(math.fsum(x) - 1) > 1e-12 or np.min(x) < 0:
        return math.inf
    s = np.linalg.norm(x - y + A.T @ mu + nu - lam)
    c = float(np.dot(mu, np.maximum(slack, 0.0)) + np.dot(lam, x))
    return float(s / 2 + math.sqrt(s * s / 4 + c))


def polytope_projection_kkt_residual(y, x, A, b, mu, nu, lam):
    """max of primal infeasibility, dual infeasibility, stationarity ‖x − y + Aᵀμ + ν1 − λ‖_∞ and
    complementary slackness |μ·(Ax − b)|, |λ·x| — 0 iff x = Π(y) with multipliers (μ, ν, λ).

    Not a distance: a complementarity residual c allows ‖x − Π(y)‖ of order √c (a residual of 4e-7
    was seen 6.2e-4 from Π(y)); ``project_onto_polytope`` certifies its answer by the distance bound
    ‖s‖/2 + √(‖s‖²/4 + c) instead (``_polytope_distance_bound``)."""
    fn = "polytope_projection_kkt_residual"
    y = as_vector(fn, "y", y)
    x = as_vector(fn, "x", x, n=y.size, n_from="y")
    A, b = _polytope_data(fn, A, b, y.size)
    mu = as_vector(fn, "mu", mu, n=len(b), n_from="b")
    lam = as_vector(fn, "lam", lam, n=y.size, n_from="y")
    nu = float(check_real(fn, "nu", nu))
    slack = A @ x - b
    primal = max(float(np.max(slack, initial=0.0)), abs(float(x.sum()) - 1), float(np.max(-x, initial=0.0)))
    dual = max(float(np.max(-mu, initial=0.0)), float(np.max(-lam, initial=0.0)))
    stationarity = float(np.max(np.abs(x - y + A.T @ mu + nu - lam)))
    complementary = max(float(np.max(np.abs(mu * slack), initial=0.0)), float(np.max(np.abs(lam * x), initial=0.0)))
    return max(primal, dual, stationarity, complementary)


def eird_v_polytope(score_vectors, k: int):
    """(A, b) with EIRD_V = {p ∈ Δ(n): A p ≤ b}: for every v ∈ V and item i,
    k p_i / f_i(v) − Σ_j p_j / f_j(v) ≤ 0 (every menu time τ_i(p; v) ≤ 1, Lemma 1)."""
    fn = "eird_v_polytope"
    if isinstance(score_vectors, (str, bytes)) or not hasattr(score_vectors, "__len__") or not len(score_vectors):
        raise ValueError(f"{fn}: score_vectors must be a non-empty sequence of score vectors.")
    vecs = [check_positive_vector(fn, f, arg="score_vectors") for f in score_vectors]
    n = vecs[0].size
    for f in vecs:
        _ = as_vector(fn, "score_vectors", f, n=n, n_from="score_vectors[0]")
    k = check_k(fn, k, n)
    rows = []
    for f in vecs:
        inv = 1.0 / f
        if not np.all(np.isfinite(inv)):
            raise ValueError(f"{fn}: score_vectors has a score so small that 1/f overflows; rescale the vector.")
        for i in range(inv.size):
            row = -inv.copy()
            row[i] += k * inv[i]
            rows.append(row)
    A = np.array(rows)
    return A, np.zeros(len(rows))


class PolytopeSchedule:
    """A fixed polytope K = {x ∈ Δ(n): A x ≤ b} (no contraction), projected by ``project_onto_polytope``.

    ``min_coordinate`` (ξ) must be supplied for the DBG bound (it is a property of the polytope).
    """

    def __init__(self, A, b, *, min_coordinate=0.0, diameter=SIMPLEX_DIAMETER):
        self.A = np.atleast_2d(np.asarray(A, dtype=float))
        self.b = np.asarray(b, dtype=float)
        self.n = self.A.shape[1]
        self.min_coordinate = min_coordinate
        self.diameter = diameter
        self.contraction_total = 0.0

    def project(self, t: int, y):
        return project_onto_polytope(y, self.A, self.b)

    def contains(self, t: int, x):
        x = np.asarray(x, dtype=float)
        return float(max(np.max(self.A @ x - self.b, initial=0.0), abs(x.sum() - 1), np.max(-x, initial=0.0)))


class ProjectionSchedule:
    """K_t given only by its projection: ``projections`` is a callable t ↦ proj_t or a sequence of
    projection functions (the last one is repeated). ``contains(t, x)`` = ‖Π_{K_t}(x) − x‖_∞ (0 iff
    x ∈ K_t). The DBG bound's constants are the caller's: ``min_coordinate`` ξ, ``diameter`` D,
    ``contraction_total`` H."""

    def __init__(self, n: int, projections, *, min_coordinate=0.0, diameter=SIMPLEX_DIAMETER,
                 contraction_total=None):
        n = check_integer("ProjectionSchedule", "n", n)
        if not callable(projections):
            seq = list(projections) if isinstance(projections, (list, tuple)) else []
            if not seq or not all(callable(f) for f in seq):
                raise ValueError("ProjectionSchedule: projections must be a callable t -> projection or a "
                                 "non-empty sequence of projection functions.")
            self._at = lambda t: seq[min(t, len(seq) - 1)]
        else:
            self._at = projections
        self.n = int(n)
        self.min_coordinate = min_coordinate
        self.diameter = diameter
        self.contraction_total = contraction_total

    def project(self, t: int, y):
        fn = "ProjectionSchedule.project"
        t = check_integer(fn, "t", t, minimum=0)
        y = as_vector(fn, "y", y, n=self.n, exact=exact_mode(y))
        with errors_as(fn):
            return self._at(t)(y)

    def contains(self, t: int, x):
        fn = "ProjectionSchedule.contains"
        t = check_integer(fn, "t", t, minimum=0)
        x = as_vector(fn, "x", x, n=self.n)
        with errors_as(fn):
            return float(np.max(np.abs(np.asarray(self._at(t)(x), dtype=float) - x)))


def as_schedule(n: int, schedule):
    """A schedule object from a schedule, a callable t ↦ projection, or a sequence of projections."""
    n = check_integer("as_schedule", "n", n)
    if hasattr(schedule, "project") and hasattr(schedule, "n"):
        return schedule
    if not callable(schedule) and not (isinstance(schedule, (list, tuple)) and schedule
                                       and all(callable(f) for f in schedule)):
        raise ValueError("as_schedule: schedule must be a schedule object, a callable t -> projection or a "
                         f"non-empty sequence of projection functions; got {type(schedule).__name__}.")
    return ProjectionSchedule(n, schedule)
