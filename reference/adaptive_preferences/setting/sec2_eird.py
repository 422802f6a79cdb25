"""EIRD: distributions realisable at every memory (paper A, §2.2) — corollaries of Lemma 1.

EIRD = ∩_{v ∈ Δ(n)} IRD(v) [seed]. By Lemma 1 it is {p : max_i τ_i(p; v) ≤ 1 for all v}, i.e.

    k p_i / f_i(v) ≤ Σ_j p_j / f_j(v)      for every item i and every memory v,          (★)

a family of constraints *linear in p*. Computable versions [derived]:

Main statements
---------------
* **Box corollary** (``eird_box_cap``, ``in_eird_box``, ``best_in_eird_box``): for every score
  vector f in the box [λ, 1]^n, p ∈ IRD(f) ⇔ p_i ≤ λ/(k − 1 + λ) for all i. So the box cap set
  is an inner approximation of EIRD for any model with scores in [λ, 1] (proof below).
* **Uniform corollary** (``uniform_in_eird_box``): u_n is in the box set ⇔ λ ≥ (k − 1)/(n − 1)
  (the seed: §3.3's assumption on λ "ensures that EIRD is non-empty (and contains the uniform
  distribution)").
* **Box corollary for scale-bounded models** (``score_ratio_floor``, ``box_applies``) [derived]:
  a (λ, c)-scale-bounded model has min_i f_i(v)/max_j f_j(v) ≥ λ' = λ/(c²(1 + λ)) at every v, so
  the box set with floor λ' lies in EIRD, and it is non-empty iff λ' ≥ (k − 1)/(n − 1).
* **EIRD_V** (``in_eird_v``, ``in_eird_v_lp``, ``best_in_eird_v``, ``eird_v_constraint_rows``):
  for a finite set V of memories with score vectors f(v), EIRD_V = {p ∈ Δ(n) : (★) for v ∈ V}
  ⊇ EIRD — an outer approximation, a polytope {p ∈ Δ(n) : A p ≤ 0}, and the best-in-hindsight
  benchmark max_{p ∈ EIRD_V} ⟨R, p⟩ is an LP. When EIRD_V is empty: ``eird_emptiness``.

Proof of the box corollary [derived]. Condition (★) for item i reads
(k − 1) p_i / f_i ≤ Σ_{j≠i} p_j / f_j. Its left side depends only on f_i and is largest at
f_i = λ; its right side depends only on the other scores and is smallest at f_j = 1 (j ≠ i). So
(★) holds for every f ∈ [λ, 1]^n iff it holds at the corner f^{(i)} = (1, …, 1, λ at i, 1, …, 1),
where it reads (k − 1) p_i / λ ≤ 1 − p_i ⇔ p_i (k − 1 + λ) ≤ λ ⇔ p_i ≤ λ/(k − 1 + λ).
For k = 1 the cap is 1 (every p is realisable: show the single item). The uniform point has
p_i = 1/n ≤ λ/(k − 1 + λ) ⇔ k − 1 + λ ≤ nλ ⇔ λ ≥ (k − 1)/(n − 1) (n ≥ 2). The n corners f^{(i)}
are therefore "the box corners that matter": EIRD_{corners} equals the box cap set exactly.

Notation
--------
=================  ===========================  ==========================================
paper              code                         meaning
=================  ===========================  ==========================================
λ                  ``lam``                      score floor, scores in [λ, 1]
λ/(k−1+λ)          ``eird_box_cap(lam, k)``     per-item cap of the box corollary
λ'                 ``score_ratio_floor(λ, c)``  min score / max score of a (λ, c) model
{f(v) : v ∈ V}     ``score_vectors``            finite list of positive score vectors
A                  ``eird_v_constraint_rows``   EIRD_V = {p ∈ Δ(n) : A p ≤ 0}
Σ_t r_t            ``rewards_sum``              cumulative reward vector R
=================  ===========================  ==========================================

Implementation notes
--------------------
Exact mode for the box corollary: rational ``p`` and ``lam`` compare with no tolerance and
``best_in_eird_box`` returns Fractions. ``in_eird_v`` uses Lemma 1 (exact for rational input,
``IRD_FLOAT_ATOL`` otherwise); ``in_eird_v_lp`` asks the all-menus LP once per v.
``best_in_eird_v`` solves the LP with cvxpy (imported inside the function: importing it takes
about a second) and VERIFIES its answer: p is cleaned and checked feasible (max τ ≤ 1 +
``BEST_FEAS_ATOL`` at every v), and optimality is certified by a dual bound built from the
solver's multipliers y ≥ 0 (ν = max_i (R − Aᵀy)_i is a valid upper bound on the LP value by weak
duality; the gap ν − ⟨R, p⟩ must be ≤ ``BEST_GAP_ATOL``). An empty set raises ``EmptySetError``.

Certified: ``eird_box_eq_cap_condition``, ``uniform_mem_eird_box_iff_lam_ge``
(certificates/adaptive_preferences/setting/sec2_eird.py); ``score_ratio_floor``/``box_applies`` and
``best_in_eird_v`` in ``benchmark_ordering_box_le_eird_v_and_delta_phi_le_eird_v_of_lemma2``
(certificates/adaptive_preferences/setting/benchmark_ordering.py).

References: paper A, arXiv 2302.06014, §2.2 (EIRD), §3.3 (the assumption on λ), Lemma 1.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import reference.adaptive_preferences.realizability.ird_all_menus_lp as ird_lp
from reference._numerics import (
    as_vector,
    check_integer,
    check_k,
    check_lam,
    check_positive_vector,
    check_probability_vector,
    check_real,
    exact_mode,
    is_rational_vector,
)
from reference.adaptive_preferences.realizability.lemma1_menu_times import IRD_FLOAT_ATOL, menu_times_from_validated

__all__ = [
    "EmptySetError",
    "EIRD_BOX_EMPTY_ATOL",
    "eird_box_is_empty",
    "check_score_vectors",
    "eird_v_constraint_rows",
    "score_ratio_floor",
    "box_applies",
    "eird_box_cap",
    "in_eird_box",
    "uniform_in_eird_box",
    "box_corner_scores",
    "in_eird_v",
    "in_eird_v_lp",
    "best_in_eird_v",
    "best_in_eird_box",
    "BEST_FEAS_ATOL",
    "BEST_GAP_ATOL",
]

class EmptySetError(ValueError):
    """The benchmark set (EIRD_V, the EIRD box) is empty: there is no best-in-hindsight point."""


#: ``best_in_eird_v``: the returned p satisfies max τ ≤ 1 + BEST_FEAS_ATOL at every v.
BEST_FEAS_ATOL = 1e-7
#: ``best_in_eird_v``: certified duality gap (dual bound − ⟨R, p⟩) at most this.
BEST_GAP_ATOL = 1e-6


#: Float mode: the box set is taken as non-empty when n·λ/(k−1+λ) ≥ 1 − EIRD_BOX_EMPTY_ATOL (so
#: λ = (k−1)/(n−1), where the set is {u_n}, is non-empty in floats too). Exact mode: no slack.
EIRD_BOX_EMPTY_ATOL = 1e-12


def eird_box_is_empty(n: int, cap) -> bool:
    """The box set {p ∈ Δ(n) : p_i ≤ cap} is empty ⇔ n·cap < 1 (float: < 1 − ``EIRD_BOX_EMPTY_ATOL``)."""
    n = check_integer("eird_box_is_empty", "n", n)
    cap = check_real("eird_box_is_empty", "cap", cap, low=0)
    return n * cap < 1 - (0 if isinstance(cap, Fraction) else EIRD_BOX_EMPTY_ATOL)


def eird_box_cap(lam, k):
    """λ/(k − 1 + λ): the largest p_i realisable for every score vector in [λ, 1]^n (k ≥ 1).

    Exact (a Fraction) when ``lam`` is an int or a Fraction.
    """
    fn = "eird_box_cap"
    lam = check_lam(fn, lam)
    k = check_integer(fn, "k", k)
    if is_rational_vector([lam]):
        lam = Fraction(lam)
    return lam / (k - 1 + lam)


def in_eird_box(p, lam, k) -> bool:
    """Box corollary: p ∈ IRD(f) for every f ∈ [λ, 1]^n ⇔ max_i p_i ≤ λ/(k − 1 + λ).

    Exact when p and λ are rational; float mode allows ``IRD_FLOAT_ATOL`` on the cap.
    """
    fn = "in_eird_box"
    lam = check_lam(fn, lam)
    exact = exact_mode(p) and is_rational_vector([lam])
    p = check_probability_vector(fn, p, exact=exact)
    k = check_k(fn, k, len(p))
    cap = eird_box_cap(Fraction(lam) if exact else float(lam), k)
    return max(p) <= cap if exact else bool(np.max(p) <= cap + IRD_FLOAT_ATOL)


def uniform_in_eird_box(n, k, lam) -> bool:
    """u_n lies in the box set ⇔ λ ≥ (k − 1)/(n − 1) (n ≥ 2; always for n = 1). Exact for rational λ."""
    fn = "uniform_in_eird_box"
    n = check_integer(fn, "n", n)
    k = check_k(fn, k, n)
    lam = check_lam(fn, lam)
    if n == 1:
        return True
    if is_rational_vector([lam]):
        return Fraction(lam) >= Fraction(k - 1, n - 1)
    return float(lam) >= (k - 1) / (n - 1)


def score_ratio_floor(lam, c) -> float:
    """λ' = λ/(c²(1 + λ)) ≤ min_i f_i(v)/max_j f_j(v) for every (λ, c)-scale-bounded model and memory v.

    [derived] Definition 3 (as fixed in ``def4_lemma2_smoothed_simplex``) gives, with the model's
    common scale s > 0, f_i ≥ s(v_i + λ)/c ≥ sλ/c and f_j ≤ s c (v_j + λ) ≤ s c (1 + λ); divide.
    Menu times are scale-free, so the box corollary applies to f/max f ∈ [λ', 1]^n: the box set
    {p : p_i ≤ λ'/(k − 1 + λ')} ⊆ EIRD. Attained by ``extreme_scale_bounded_model`` with the
    memory on a liked item (tests/test_theorem3_5_baselines.py). Certified (as the input of the
    box benchmark): ``benchmark_ordering_box_le_eird_v_and_delta_phi_le_eird_v_of_lemma2``.
    """
    fn = "score_ratio_floor"
    check_lam(fn, lam)
    check_real(fn, "c", c, low=1)
    return float(lam) / (float(c) ** 2 * (1.0 + float(lam)))


def box_applies(n, k, lam, c) -> bool:
    """The box corollary's set is non-empty for every (λ, c)-scale-bounded model [derived]:
    u_n ∈ box ⇔ λ' = ``score_ratio_floor(λ, c)`` ≥ (k − 1)/(n − 1) (``uniform_in_eird_box``)."""
    fn = "box_applies"
    n = check_integer(fn, "n", n)
    k = check_k(fn, k, n)
    check_lam(fn, lam)
    check_real(fn, "c", c, low=1)
    return bool(uniform_in_eird_box(n, k, score_ratio_floor(lam, c)))


def box_corner_scores(n, lam):
    """The n corners f^{(i)} = (1, …, λ at i, …, 1) of [λ, 1]^n that decide the box corollary.

    Exact (Fractions) for rational λ; float arrays otherwise.
    """
    fn = "box_corner_scores"
    n = check_integer(fn, "n", n)
    lam = check_lam(fn, lam)
    exact = is_rational_vector([lam])
    corners = []
    for i in range(n):
        if exact:
            f = [Fraction(1)] * n
            f[i] = Fraction(lam)
        else:
            f = np.ones(n)
            f[i] = float(lam)
        corners.append(f)
    return corners


def check_score_vectors(fn: str, score_vectors, n: int | None = None, exact: bool = False) -> list:
    """Validate V's score vectors {f(v) : v ∈ V}: a non-empty list of positive vectors of length n.

    ``n`` defaults to the length of the first vector. Returns them as float64 arrays (lists of
    Fractions when ``exact``); errors name ``fn``.
    """
    try:
        if isinstance(score_vectors, (str, bytes, dict)):
            raise TypeError
        vectors = list(score_vectors)
    except TypeError:
        raise ValueError(f"{fn}: score_vectors must be a non-empty list of score vectors.") from None
    if not vectors:
        raise ValueError(f"{fn}: score_vectors must be a non-empty list of score vectors.")
    out = []
    for idx, f in enumerate(vectors):
        out.append(check_positive_vector(fn, f, arg=f"score_vectors[{idx}]", n=n, exact=exact))
        n = len(out[0])  # every vector has the length of the first (or the given n)
    return out


def in_eird_v(p, score_vectors, k) -> bool:
    """p ∈ EIRD_V ⇔ max_{v ∈ V} max_i τ_i(p; v) ≤ 1 (Lemma 1 at each v; linear in p).

    Exact when p and every score vector are rational; float tolerance ``IRD_FLOAT_ATOL``.
    """
    fn = "in_eird_v"
    vectors = list(score_vectors) if isinstance(score_vectors, (list, tuple, np.ndarray)) else []
    if not vectors:
        raise ValueError(f"{fn}: score_vectors must be a non-empty list of score vectors.")
    exact = exact_mode(p) and all(exact_mode(f) for f in vectors)
    p = check_probability_vector(fn, p, exact=exact)
    n = len(p)
    k = check_k(fn, k, n)
    fs = check_score_vectors(fn, vectors, n, exact)
    worst = max(max(menu_times_from_validated(p, f, k, exact)) for f in fs)
    return worst <= 1 if exact else bool(worst <= 1 + IRD_FLOAT_ATOL)


def in_eird_v_lp(p, score_vectors, k, *, tol: float = ird_lp.LP_MEMBERSHIP_TOL) -> bool:
    """Second route to EIRD_V: the all-menus LP (``in_ird_lp``) at every v ∈ V."""
    fn = "in_eird_v_lp"
    tol = check_real(fn, "tol", tol, low=0)
    p_vec = check_probability_vector(fn, p, exact=exact_mode(p))
    check_k(fn, k, len(p_vec))
    fs = check_score_vectors(fn, score_vectors, len(p_vec), exact=False)
    return all(ird_lp.in_ird_lp(p, f, k, tol=tol) for f in fs)


def eird_v_constraint_rows(score_vectors, k: int) -> np.ndarray:
    """The matrix A with EIRD_V = {p ∈ Δ(n) : A p ≤ 0}: row (v, i) is k e_i/f_i(v) − 1/f(v) [derived].

    (A p)_{(v,i)} = k p_i/f_i(v) − Σ_j p_j/f_j(v) = (Σ_j p_j/f_j(v)) (τ_i(p; v) − 1), so A p ≤ 0 is
    Lemma 1 at every v ∈ V. Rows are stacked v by v (n rows per score vector).
    """
    fn = "eird_v_constraint_rows"
    fs = check_score_vectors(fn, score_vectors)
    k = check_k(fn, k, len(fs[0]))
    rows = []
    for f in fs:
        inv = 1.0 / np.asarray(f, dtype=float)
        rows.append(k * np.diag(inv) - inv[None, :])  # row i: k p_i/f_i − Σ_j p_j/f_j
    return np.vstack(rows)


def best_in_eird_v(rewards_sum, score_vectors, k):
    """Best in hindsight over EIRD_V: (max_{p ∈ EIRD_V} ⟨R, p⟩, a maximiser p) — an LP.

    Constraints: p ≥ 0, Σ p = 1, and for every v ∈ V and item i
    k p_i / f_i(v) − Σ_j p_j / f_j(v) ≤ 0. The answer is verified (feasibility of the cleaned p,
    and a weak-duality bound from the solver's multipliers; see the module notes). Raises
    ``EmptySetError`` (a ``ValueError``) if EIRD_V is empty, ``LPSolverError`` on solver failure or a failed check.
    """
    fn = "best_in_eird_v"
    r = as_vector(fn, "rewards_sum", rewards_sum)
    n = len(r)
    k = check_k(fn, k, n)
    fs = [np.asarray([float(x) for x in f]) for f in check_score_vectors(fn, score_vectors, n, exact=False)]
    a = eird_v_constraint_rows(fs, k)
    import cvxpy as cp  # lazily: importing cvxpy takes about a second

    p = cp.Variable(n, nonneg=True)
    cons = [a @ p <= 0, cp.sum(p) == 1]
    problem = cp.Problem(cp.Maximize(r @ p), cons)
    solver = ird_lp.lp_solver()
    try:
        problem.solve(solver=solver)
    except cp.error.SolverError as exc:
        raise ird_lp.LPSolverError(f"{fn}: the LP solver {solver} failed: {exc}") from None
    if problem.status in (cp.INFEASIBLE, cp.INFEASIBLE_INACCURATE):
        raise EmptySetError(f"{fn}: EIRD_V is empty for these score vectors (the LP is infeasible).")
    if problem.status != cp.OPTIMAL:
        raise ird_lp.LPSolverError(
            f"{fn}: the LP solver {solver} returned status {problem.status!r}, not 'optimal'."
        )
    x = np.clip(np.asarray(p.value, dtype=float), 0.0, None)
    x = x / x.sum()
    # feasibility of the cleaned maximiser, via Lemma 1 at every v
    worst_tau = max(float(np.max(menu_times_from_validated(x, f, k, False))) for f in fs)
    if worst_tau > 1 + BEST_FEAS_ATOL:
        raise ird_lp.LPSolverError(f"{fn}: the LP maximiser has menu time {worst_tau} > 1 at some v.")
    value = float(r @ x)
    # optimality: any y ≥ 0 gives the dual bound ν(y) = max_i (R − Aᵀy)_i ≥ OPT (weak duality)
    y = np.clip(np.asarray(cons[0].dual_value, dtype=float), 0.0, None)
    dual_bound = float(np.max(r - a.T @ y))
    if dual_bound - value > BEST_GAP_ATOL * max(1.0, abs(value)):
        raise ird_lp.LPSolverError(
            f"{fn}: the LP answer is not certified optimal: dual bound {dual_bound} vs value {value}."
        )
    return value, x


def best_in_eird_box(rewards_sum, lam, k):
    """max ⟨R, p⟩ over the box set {p ∈ Δ(n) : p_i ≤ c}, c = λ/(k−1+λ): greedy fill [derived].

    Sort items by reward (descending, ties by index) and give each c until the mass 1 is used.
    Optimal by the exchange argument (moving mass to a higher reward never hurts). Returns
    ``(value, p)``; exact (Fractions) for rational R and λ. Raises ``EmptySetError`` when the set is
    empty (n·c < 1, i.e. λ < (k−1)/(n−1)). Cross-checked with ``best_in_eird_v`` at
    ``box_corner_scores``.
    """
    fn = "best_in_eird_box"
    lam = check_lam(fn, lam)
    exact = exact_mode(rewards_sum) and is_rational_vector([lam])
    r = as_vector(fn, "rewards_sum", rewards_sum, exact=exact)
    n = len(r)
    k = check_k(fn, k, n)
    cap = eird_box_cap(Fraction(lam) if exact else float(lam), k)
    if eird_box_is_empty(n, cap):
        raise EmptySetError(
            f"{fn}: the box set is empty for lam={lam!r}: n·λ/(k−1+λ) = {n * cap} < 1 (needs λ ≥ (k−1)/(n−1))."
        )
    p = [Fraction(0)] * n if exact else np.zeros(n)
    left = Fraction(1) if exact else 1.0
    for i in sorted(range(n), key=lambda j: (-r[j], j)):
        give = min(cap, left)
        p[i] = give
        left -= give
        if left <= 0:
            break
    if not exact and left > 0:  # n·cap within EIRD_BOX_EMPTY_ATOL below 1: the set is {u_n} up to rounding
        p = p / float(np.sum(p))
    value = sum(ri * pi for ri, pi in zip(r, p)) if exact else float(np.dot(r, p))
    return value, p
