"""Effective memory horizons (paper A, Appendix B.2: Lemmas 4 and 5) [recon + derived].

Paper A (arXiv 2302.06014, Appendix B.2) states both lemmas in words only (the formulas are lost):
memory moves little over a few rounds (Lemma 4, "bounding memory drift"), so it stays near its
value for a number of rounds that grows with the horizon (Lemma 5). The forms below are this
project's reconstruction, with our proofs.

Main statements
---------------
* ``memory_drift_bound(gamma, weight, rounds)`` — **Lemma 4** [recon]: whatever the agent picks,
  r further rounds move memory by at most

      ‖v_{t+r} − v_t‖₁ ≤ 2 (1 − γ^r W / W_r),      W_r = γ^r W + (1 − γ^r)/(1 − γ),

  where W is the total memory weight behind v_t (``Agent.weight``). At the steady state
  W = H = 1/(1 − γ) this is 2(1 − γ^r) ≤ 2 r (1 − γ). The bound is attained.
* ``rounds_within_drift(gamma, weight, eps)`` — **Lemma 5** [recon]: the largest r with Lemma 4's
  bound ≤ eps (memory stays within eps of v_t for at least that many rounds).
* ``rounds_within_drift_lower(gamma, weight, eps)`` [derived]: r ≥ ⌊eps·W/2⌋ whenever W ≤ H.
* ``memory_weight_after(gamma, weight, rounds)`` — W_r (Definition 1).

Proof of Lemma 4 (Definition 1, closed form). After r more selections i_1..i_r,

    v_{t+r} = (γ^r W v_t + Σ_{j=1}^{r} γ^{r−j} e_{i_j}) / W_r,

so v_{t+r} − v_t = (1 − γ^r W / W_r)(z − v_t) with z a probability vector (the discounted
distribution of the new selections), and ‖z − v_t‖₁ ≤ 2. Equality when all r picks are one item j
with v_t(j) = 0.                                                                                   ∎
Proof of the closed-form Lemma 5: 1 − γ^r W/W_r = (Σ_{j<r} γ^j) / W_r ≤ r / W_r, and W_r ≥ W when
W ≤ H (weights increase toward H), so r ≤ eps·W/2 suffices.                                        ∎

Certified in ``certificates/adaptive_preferences/long_memory/lemma4_lemma5_memory_drift.py``
(``memory_drift_le_lemma4_bound``: exact in Fractions on random histories, tightness on the
attaining history, maximality of ``rounds_within_drift``).

Notation
--------
=========  ======================  =======================================
paper      code                    meaning
=========  ======================  =======================================
γ          ``gamma``               discount factor in (0, 1]
W          ``weight``              total weight behind v_t (W_0 = 1 default)
W_r        ``memory_weight_after`` weight after r more rounds
r          ``rounds``              rounds elapsed since v_t
ε          ``eps``                 drift budget in ‖·‖₁
H          (1 − γ)⁻¹               effective memory horizon
=========  ======================  =======================================

Implementation notes
--------------------
Exact (Fractions) when ``gamma`` and ``weight`` are rational. ``rounds_within_drift`` finds r by
doubling and bisection (the bound is non-decreasing in r). Floats: G_r = Σ_{j<r} γ^j is computed as
−expm1(r·log1p(−(1−γ)))/(1−γ) and Lemma 4's bound as 2 G_r/(γ^r W + G_r), so neither loses
eps/(1 − γ) to cancellation (relative errors ≤ 6u and ≤ 10u, u = 2⁻⁵³) [derived]; the test of
``rounds_within_drift`` is (2 − ε) G_r ≤ ε γ^r W, exact in its subtraction for ε ∈ [1, 2].

References
----------
Paper A: Agarwal & Brown, arXiv 2302.06014, Appendix B.2 (Lemmas 4 and 5); Definition 1 (memory).
"""

from __future__ import annotations

import math
from fractions import Fraction

from reference._numerics import check_gamma, check_integer, check_real, check_weight, is_rational_vector

__all__ = ["memory_weight_after", "memory_drift_bound", "rounds_within_drift", "rounds_within_drift_lower"]


def memory_weight_after(gamma, weight, rounds):
    """W_r = γ^r W + Σ_{j<r} γ^j: the memory weight after ``rounds`` more updates (Definition 1)."""
    fn = "memory_weight_after"
    gamma, weight = check_gamma(fn, gamma), check_weight(fn, weight)
    rounds = check_integer(fn, "rounds", rounds, minimum=0)
    if is_rational_vector([gamma, weight]):
        gamma, weight = Fraction(gamma), Fraction(weight)
        return gamma**rounds * weight + sum((gamma**j for j in range(rounds)), Fraction(0))
    gamma, weight = float(gamma), float(weight)
    return _power(gamma, rounds) * weight + _geometric(gamma, rounds)


def _power(gamma: float, rounds: int) -> float:
    """γ^r in floats (relative error ≤ 2u for r ≤ 2^53; underflows to 0 gracefully)."""
    return gamma**rounds if rounds < 2**31 else math.exp(rounds * math.log(gamma)) if gamma > 0 else 0.0


def _geometric(gamma: float, rounds: int) -> float:
    """G_r = Σ_{j<r} γ^j in floats without cancellation [derived].

    (1 − γ^r)/(1 − γ) loses eps/(1 − γ) when γ is near 1; instead G_r = −expm1(r·log1p(−(1−γ)))/(1−γ),
    where 1 − γ is exact for γ ≥ 1/2 (Sterbenz) and every step has relative error ≤ u, so G_r has
    relative error ≤ 6u (u = 2⁻⁵³) for r·|log γ| ≤ 2^50. γ = 0 gives G_r = 1 (r ≥ 1), γ = 1 gives r.
    """
    if rounds == 0:
        return 0.0
    if gamma == 1:
        return float(rounds)
    if gamma == 0:
        return 1.0
    return -math.expm1(rounds * math.log1p(-(1.0 - gamma))) / (1.0 - gamma)


def memory_drift_bound(gamma, weight, rounds):
    """Lemma 4 [recon]: ‖v_{t+r} − v_t‖₁ ≤ 2 (1 − γ^r W / W_r) for every choice sequence.

    ``weight`` is W, the memory weight behind v_t (``Agent.weight`` at round t); for W = 0 and
    r ≥ 1 the bound is 2 (v_t carries no weight). Exact with rational ``gamma`` and ``weight``.
    """
    fn = "memory_drift_bound"
    gamma, weight = check_gamma(fn, gamma), check_weight(fn, weight)
    rounds = check_integer(fn, "rounds", rounds, minimum=0)
    if rounds == 0:
        return Fraction(0) if is_rational_vector([gamma, weight]) else 0.0
    if is_rational_vector([gamma, weight]):
        w_r = memory_weight_after(gamma, weight, rounds)
        kept = gamma**rounds * weight / w_r  # share of v_t still in v_{t+r}
        return 2 * (1 - kept)
    # floats: 1 − γ^r W/W_r = G_r / (γ^r W + G_r) (the proof below), free of cancellation: relative error ≤ 10u
    g_r = _geometric(float(gamma), rounds)
    return 2 * g_r / (_power(float(gamma), rounds) * float(weight) + g_r)


def rounds_within_drift(gamma, weight, eps, *, max_rounds: int = 10**9) -> int:
    """Lemma 5 [recon]: the largest r ≤ max_rounds with Lemma 4's bound ≤ eps.

    Memory is then guaranteed to stay within ``eps`` (in ‖·‖₁) of v_t for r rounds. The bound
    is non-decreasing in r, so r is found by doubling and bisection (O(log r) evaluations).
    """
    fn = "rounds_within_drift"
    gamma, weight = check_gamma(fn, gamma), check_weight(fn, weight)
    check_real(fn, "eps", eps, low=0)
    gamma, weight, eps = float(gamma), float(weight), float(eps)

    def ok(r):  # 2 G_r/(γ^r W + G_r) ≤ eps ⇔ (2 − eps) G_r ≤ eps γ^r W: no cancellation near eps = 2
        return (2 - eps) * _geometric(gamma, r) <= eps * _power(gamma, r) * weight

    if eps >= 2:
        return max_rounds
    hi = 1
    while hi <= max_rounds and ok(hi):
        hi *= 2
    if hi > max_rounds:
        return max_rounds if ok(max_rounds) else _bisect(ok, hi // 2, max_rounds)
    return _bisect(ok, hi // 2, hi)


def _bisect(ok, lo: int, hi: int) -> int:
    """Largest r in [lo, hi) with ok(r), given ok(lo) (or lo = 0) and not ok(hi)."""
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            lo = mid
        else:
            hi = mid
    return lo


def rounds_within_drift_lower(gamma, weight, eps) -> int:
    """Closed-form Lemma 5 [derived]: if W ≤ H then r = ⌊eps·W/2⌋ rounds keep drift ≤ eps.

    Proof: 1 − γ^r W/W_r = (Σ_{j<r} γ^j)/W_r ≤ r/W_r ≤ r/W (W_r ≥ W when W ≤ H = 1/(1−γ)).
    """
    fn = "rounds_within_drift_lower"
    gamma, weight = check_gamma(fn, gamma), check_weight(fn, weight)
    if gamma < 1 and weight > 1 / (1 - float(gamma)) + 1e-12:
        raise ValueError(f"{fn}: weight must be at most the horizon 1/(1 − gamma) = {1 / (1 - float(gamma))}; "
                         f"got {weight}.")
    eps = check_real(fn, "eps", eps, low=0)
    return int(math.floor(float(eps) * float(weight) / 2))
