"""Paper A, EIRD corollaries of Lemma 1 [derived]: the score box [λ, 1]^n and the uniform point.

Certificates
------------
* ``eird_box_eq_cap_condition`` — p ∈ IRD(f) for every f ∈ [λ,1]^n ⇔ p_i ≤ λ/(k−1+λ) ∀i: when the cap
  holds, p ∈ IRD(f) at all n worst corners and at random interior f; when it fails, some corner f
  has p ∉ IRD(f). Exact (Fractions). Second route: greedy ``best_in_eird_box`` = the EIRD_V LP at
  the n corners (floats, 1e-6).
* ``uniform_mem_eird_box_iff_lam_ge`` — u_n is in the box set ⇔ λ ≥ (k−1)/(n−1), at the threshold
  exactly and just off it, checked against Lemma 1 at the corners.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import reference.adaptive_preferences as ap
import reference.adaptive_preferences.setting.sec2_eird as eird
from certificates.registry import Evidence, Mutant, certificate


def _rational_lam(rng) -> Fraction:
    return Fraction(int(rng.integers(1, 20)), 20)


def _wrong_cap(lam, k):
    """Mutant: λ/(k + λ) instead of λ/(k − 1 + λ)."""
    lam = Fraction(lam) if isinstance(lam, (int, Fraction)) else lam
    return lam / (k + lam)


def _box_instance(rng, index, n, k, lam):
    cap = eird.eird_box_cap(lam, k)
    kind = ("random", "on_cap", "over_cap")[index % 3]
    if kind == "random" or n * cap < 1:
        raw = [int(x) for x in rng.integers(0, 9, size=n)]
        raw[0] += 1
        return kind, [Fraction(x, sum(raw)) for x in raw]
    # fill items up to the cap in random order (the last one gets the leftover): max p = cap
    p, left = [Fraction(0)] * n, Fraction(1)
    for i in (int(j) for j in rng.permutation(n)):
        give = min(cap, left)
        p[i], left = give, left - give
    if kind == "over_cap":  # push the largest entry just over the cap
        top = max(range(n), key=lambda i: p[i])
        delta = Fraction(1, 1000 * n)
        p = [(1 - delta) * x for x in p]
        p[top] += delta
    return kind, p


@certificate(
    id="eird_box_eq_cap_condition",
    paper="A",
    item="EIRD box corollary (of Lemma 1)",
    statement="For scores anywhere in [λ,1]^n: p ∈ IRD(f) for all such f ⇔ max_i p_i ≤ λ/(k−1+λ). Exact: in the "
              "box ⇒ in IRD at the n corners (1,…,λ,…,1) and at random rational interior f; outside ⇒ some corner "
              "excludes it. Second route: greedy best_in_eird_box equals the EIRD_V LP at the corners (≤1e-6).",
    mutants=[Mutant("cap-lam/(k+lam)", "the box cap computed as λ/(k+λ)",
                    {"reference.adaptive_preferences.setting.sec2_eird:eird_box_cap": _wrong_cap})],
)
def eird_box_eq_cap_condition(ctx):
    lp_every = ctx.choose(smoke=4, quick=4, standard=4, audit=1)
    for index, (seed, rng) in enumerate(ctx.instances(quick=120, standard=1200, audit=12000, smoke=9)):
        n = int(rng.integers(2, 8))
        k = int(rng.integers(1, n + 1))
        lam = _rational_lam(rng)
        kind, p = _box_instance(rng, index, n, k, lam)
        in_box = eird.in_eird_box(p, lam, k)
        corners = eird.box_corner_scores(n, lam)
        at_corners = all(ap.in_ird(p, f, k) for f in corners)
        interior = [[Fraction(int(rng.integers(int(lam * 20), 21)), 20) for _ in range(n)] for _ in range(3)]
        interior = [[max(x, lam) for x in f] for f in interior]
        at_interior = all(ap.in_ird(p, f, k) for f in interior)
        # (⇒) in the box ⇒ in IRD at every corner and interior f; (⇐) outside ⇒ some corner excludes p
        wrong = (in_box and not (at_corners and at_interior)) or (not in_box and at_corners)
        yield Evidence(observed=int(wrong), bound=0, seed=seed,
                       instance={"kind": kind, "p": p, "lam": lam, "k": k, "in_box": in_box,
                                 "in_ird_at_all_corners": at_corners, "in_ird_at_interior": at_interior})
        if index % lp_every == 0 and n * eird.eird_box_cap(lam, k) >= 1:
            rewards = rng.uniform(0, 5, size=n)
            greedy, _ = eird.best_in_eird_box(rewards, float(lam), k)
            by_lp, _ = eird.best_in_eird_v(rewards, [np.asarray(f, dtype=float) for f in corners], k)
            yield Evidence(observed=abs(greedy - by_lp), bound=1e-6, seed=seed,
                           instance={"check": "greedy==lp", "rewards": rewards, "lam": lam, "k": k,
                                     "greedy": greedy, "lp": by_lp})


def _uniform_wrong_threshold(n, k, lam):
    """Mutant: λ ≥ k/n instead of (k − 1)/(n − 1)."""
    return Fraction(lam) >= Fraction(k, n)


@certificate(
    id="uniform_mem_eird_box_iff_lam_ge",
    paper="A",
    item="EIRD uniform corollary (Section 2.2/3.3 assumption on λ)",
    statement="u_n ∈ IRD(f) for every f ∈ [λ,1]^n ⇔ λ ≥ (k−1)/(n−1): the closed form agrees exactly with the box "
              "test and with Lemma 1 at the n worst corners, at the threshold and 1/(100n) either side.",
    mutants=[Mutant("threshold-k/n", "u_n ∈ EIRD_box iff λ ≥ k/n",
                    {"reference.adaptive_preferences.setting.sec2_eird:uniform_in_eird_box":
                     _uniform_wrong_threshold})],
)
def uniform_mem_eird_box_iff_lam_ge(ctx):
    for index, (seed, rng) in enumerate(ctx.instances(quick=120, standard=1200, audit=12000, smoke=12)):
        n = int(rng.integers(2, 10))
        k = int(rng.integers(1, n + 1))
        threshold = Fraction(k - 1, n - 1)
        offset = (Fraction(0), Fraction(1, 100 * n), -Fraction(1, 100 * n), Fraction(0))[index % 4]
        lam = threshold + offset if index % 4 != 3 else _rational_lam(rng)
        if not 0 < lam <= 1:
            lam = Fraction(1) if lam > 1 else Fraction(1, 100 * n)
        u = [Fraction(1, n)] * n
        closed = eird.uniform_in_eird_box(n, k, lam)
        truth = lam >= threshold
        box = eird.in_eird_box(u, lam, k)
        corners = all(ap.in_ird(u, f, k) for f in eird.box_corner_scores(n, lam))
        agree = closed == truth == box == corners
        yield Evidence(observed=int(not agree), bound=0, seed=seed,
                       instance={"n": n, "k": k, "lam": lam, "threshold": threshold, "closed_form": closed,
                                 "box": box, "lemma1_at_corners": corners})
