"""When EIRD is empty: a derived threshold on λ, and exact Farkas certificates of EIRD_V = ∅.

EIRD = ∩_v IRD(v) (paper A, §2.2) is the target set of Theorem 2; for the scale-bounded models of
§4 it may be empty, and then there is no EIRD benchmark at all. This module decides that.

Main statements
---------------
* ``eird_empty_of_lam_lt(n, k, λ, c)`` [derived] — EIRD = ∅ for EVERY (λ, c)-scale-bounded model
  when c²λ(n−1)² < (k−1)(1 + (n−1)λ), i.e. λ < (k−1)/((n−1)(c²(n−1) − (k−1))). Returns
  ``(holds, margin)``. The threshold is tight (attained at the leave-one-out memories by a
  Definition-3 model: ``tests/test_theorem3_5_baselines.py``).
* ``eird_v_emptiness_witness(score_vectors, k)`` / ``emptiness_witness_margin(score_vectors, k, y)``
  [derived, Farkas' lemma] — a y ≥ 0 with Aᵀy > 0 (A = ``sec2_eird.eird_v_constraint_rows``)
  proves EIRD_V = ∅, hence EIRD = ∅ (EIRD ⊆ EIRD_V). The witness is found in floats by an LP and
  its margin min_j (Aᵀy)_j is recomputed EXACTLY in Fractions, so the proof does not trust the LP.
* ``eird_v_empty_linprog(score_vectors, k)`` — second route to the verdict: feasibility of EIRD_V by
  HiGHS (scipy), independent of cvxpy's ``best_in_eird_v``.
* ``eird_v_value(reward_sum, score_vectors, k)`` — max_{p ∈ EIRD_V} ⟨p, R⟩ (``best_in_eird_v``), or
  None when EIRD_V is empty.
* ``eird_reference_memories(n, seed, random=40)`` — the finite memory set V used for EIRD_V: the
  vertices e_i, u_n, the leave-one-out memories (1 − e_i)/(n − 1) (where the proof of
  ``eird_empty_of_lam_lt`` bites) and Dirichlet draws.

Proof of ``eird_empty_of_lam_lt`` [derived]. At the leave-one-out memory v⁽ⁱ⁾ = (1 − e_i)/(n − 1),
Definition 3 gives f_i ≤ s c λ and f_j ≥ s(1/(n−1) + λ)/c (j ≠ i). Lemma 1 at v⁽ⁱ⁾ reads
(k−1) p_i/f_i ≤ Σ_{j≠i} p_j/f_j, so (k−1) p_i/(cλ) ≤ c(1 − p_i)(n−1)/(1 + (n−1)λ), i.e.
p_i ≤ β/(1 + β) with β = c²λ(n−1)/((k−1)(1 + (n−1)λ)). Summing over i: 1 ≤ nβ/(1 + β) ⇔
(n−1)β ≥ 1. So (n−1)β < 1 leaves no p ∈ EIRD; (n−1)β < 1 ⇔ margin > 0.                         ∎

Proof of the Farkas certificate. If y ≥ 0 and Aᵀy > 0 componentwise, any p ∈ Δ(n) with A p ≤ 0
would give 0 ≥ yᵀA p = ⟨Aᵀy, p⟩ > 0 (p ≥ 0, p ≠ 0): impossible, so EIRD_V = ∅. Conversely (Farkas'
lemma) EIRD_V = ∅ implies such a y exists, so the LP max t s.t. Aᵀy ≥ t·1, y ≥ 0, Σ y = 1 finds one.

Notation
--------
=============  ============================  ==================================================
paper / ours   code                          meaning
=============  ============================  ==================================================
λ, c           ``lam``, ``c``                Definition 3 constants
V              ``eird_reference_memories``   finite memory set of EIRD_V
f(v), v ∈ V    ``score_vectors``             the model's scores at the memories of V
A              ``sec2_eird.eird_v_constraint_rows``   EIRD_V = {p ∈ Δ(n) : A p ≤ 0}
y              ``eird_v_emptiness_witness``  Farkas multipliers (one per row of A)
=============  ============================  ==================================================

Implementation notes
--------------------
scipy's ``linprog`` (HiGHS) is imported inside the functions that solve. The witness LP scales
each row of A by its largest entry (this only rescales y by positive factors) and the returned y is
un-scaled; ``emptiness_witness_margin`` converts the float scores and y to Fractions exactly.
Findings: docs/findings.md, "EIRD: emptiness on the Theorem 3 instances".

Certified: ``benchmark_ordering_box_le_eird_v_and_delta_phi_le_eird_v_of_lemma2``
(certificates/adaptive_preferences/setting/benchmark_ordering.py: the λ threshold against the LP,
cvxpy and HiGHS agree, every empty EIRD_V has an exact witness) and
``theorem3_5_baselines_paired_comparison`` (certificates/adaptive_preferences/setting/baselines.py).

References: paper A, arXiv 2302.06014, §2.2 (EIRD), Definition 3 (as fixed in
``def4_lemma2_smoothed_simplex``), Lemma 1; Farkas' lemma.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import reference.adaptive_preferences.setting.sec2_eird as eird
from reference._numerics import as_vector, check_integer, check_k, check_lam, check_real, errors_as, rng_from

__all__ = [
    "eird_empty_of_lam_lt",
    "eird_reference_memories",
    "eird_v_value",
    "eird_v_empty_linprog",
    "eird_v_emptiness_witness",
    "emptiness_witness_margin",
]


def eird_empty_of_lam_lt(n: int, k: int, lam, c) -> tuple[bool, float]:
    """(holds, margin): EIRD = ∅ for EVERY (λ, c)-scale-bounded model when margin > 0 [derived].

    margin = (k−1)(1 + (n−1)λ) − c²λ(n−1)²; proof in the module docstring. Certified against the
    LP (EIRD_V with the leave-one-out memories must then be empty).
    """
    fn = "eird_empty_of_lam_lt"
    n = check_integer(fn, "n", n, minimum=2)
    k = check_k(fn, k, n)
    check_lam(fn, lam)
    check_real(fn, "c", c, low=1)
    margin = (k - 1) * (1 + (n - 1) * float(lam)) - float(c) ** 2 * float(lam) * (n - 1) ** 2
    return bool(margin > 0), float(margin)


def eird_reference_memories(n: int, seed, *, random: int = 40) -> list[np.ndarray]:
    """V: the vertices e_i, u_n, the leave-one-out memories (1 − e_i)/(n − 1), and ``random``
    Dirichlet memories (the first half with α = 0.3, the rest with α = 1) drawn from ``seed``.

    The leave-one-out memories are where ``eird_empty_of_lam_lt``'s proof bites: there item i scores
    ≈ λ against ≈ 1/(n−1) for the others, which caps p_i at O(λ(n−1)) for every i at once.
    """
    fn = "eird_reference_memories"
    n = check_integer(fn, "n", n, minimum=2)
    random = check_integer(fn, "random", random, minimum=0)
    rng = rng_from(seed, fn=fn)
    V = [np.eye(n)[i] for i in range(n)] + [np.full(n, 1.0 / n)]
    V += [(1.0 - np.eye(n)[i]) / (n - 1) for i in range(n)]
    V += list(rng.dirichlet(np.full(n, 0.3), size=random // 2))  # first half: α = 0.3 (near the faces)
    V += list(rng.dirichlet(np.ones(n), size=random - random // 2))  # the rest: α = 1 (uniform on Δ(n))
    return V


def eird_v_value(reward_sum, score_vectors, k: int) -> float | None:
    """max_{p ∈ EIRD_V} ⟨p, R⟩ (``sec2_eird.best_in_eird_v``, a verified LP), or None when EIRD_V = ∅."""
    try:
        with errors_as("eird_v_value"):
            value, _ = eird.best_in_eird_v(as_vector("eird_v_value", "reward_sum", reward_sum), score_vectors, k)
    except eird.EmptySetError:
        return None
    return float(value)


def eird_v_empty_linprog(score_vectors, k: int) -> bool:
    """Second route to EIRD_V = ∅: infeasibility of {p ≥ 0, Σp = 1, A p ≤ 0} by HiGHS (scipy).

    Each block of A (one per v) is divided by Σ_j 1/f_j(v) (a positive row scaling: same set).
    """
    from scipy.optimize import linprog

    fn = "eird_v_empty_linprog"
    fs = eird.check_score_vectors(fn, score_vectors)
    n = len(fs[0])
    k = check_k(fn, k, n)
    scale = np.repeat([(1.0 / f).sum() for f in fs], n)
    A = eird.eird_v_constraint_rows(fs, k) / scale[:, None]
    res = linprog(np.zeros(n), A_ub=A, b_ub=np.zeros(A.shape[0]), A_eq=np.ones((1, n)), b_eq=[1.0],
                  bounds=[(0, None)] * n, method="highs")
    if res.status not in (0, 2):
        raise ValueError(f"{fn}: the LP solver failed: {res.message}")
    return res.status == 2


def eird_v_emptiness_witness(score_vectors, k: int) -> np.ndarray | None:
    """A Farkas witness y ≥ 0 with Aᵀy > 0 componentwise, or None if the LP finds none.

    Found by max t s.t. Aᵀy ≥ t·1, y ≥ 0, Σ y = 1 (rows of A scaled to max |entry| 1; y un-scaled
    on return, so Σ y = 1 no longer holds — only the signs matter). A float claim: check it with
    ``emptiness_witness_margin`` before relying on it.
    """
    from scipy.optimize import linprog

    fn = "eird_v_emptiness_witness"
    fs = eird.check_score_vectors(fn, score_vectors)
    A = eird.eird_v_constraint_rows(fs, check_k(fn, k, len(fs[0])))
    m, n = A.shape
    scale = np.abs(A).max(axis=1)  # row scaling only changes y by positive factors
    As = A / scale[:, None]
    c = np.zeros(m + 1)
    c[-1] = -1.0  # maximise t
    A_ub = np.hstack([-As.T, np.ones((n, 1))])  # t − (Aᵀy)_j ≤ 0
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=np.r_[np.ones(m), 0.0][None, :], b_eq=[1.0],
                  bounds=[(0, None)] * m + [(None, None)], method="highs")
    if res.status != 0 or -res.fun <= 0:
        return None
    return np.clip(res.x[:m], 0.0, None) / scale


def emptiness_witness_margin(score_vectors, k: int, y) -> Fraction:
    """min_j (Aᵀy)_j computed EXACTLY (Fractions of the float scores and of y): > 0 proves EIRD_V = ∅.

    Row (v, i) of A is k e_i/f_i(v) − 1/f(v) (``sec2_eird.eird_v_constraint_rows``), here in
    Fractions; ``y`` has one entry per row (n per score vector, in the order of ``score_vectors``).
    """
    fn = "emptiness_witness_margin"
    fs = [[Fraction(float(x)) for x in f] for f in eird.check_score_vectors(fn, score_vectors)]
    n = len(fs[0])
    k = check_k(fn, k, n)
    ys = [Fraction(float(x)) for x in as_vector(fn, "y", y)]
    if len(ys) != n * len(fs):
        raise ValueError(f"{fn}: y must have one entry per row of A, n·|V| = {n * len(fs)}; got {len(ys)}.")
    col = [Fraction(0)] * n
    r = 0
    for f in fs:
        a = [1 / x for x in f]
        for i in range(n):
            if ys[r]:
                for j in range(n):
                    col[j] += ys[r] * ((k if j == i else 0) * a[j] - a[j])
            r += 1
    return min(col)
