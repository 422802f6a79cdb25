"""Random exact instances for the Lemma 6–8 certificates (paper A, arXiv 2302.06014, Appendices B.3 and C.2).

Menu distributions with Fraction weights and positive rational scores, so that the certificates check
Lemmas 6–8 with no tolerance. Every draw comes from the certificate's per-instance ``rng``.
"""

from __future__ import annotations

from fractions import Fraction

from reference.adaptive_preferences.realizability.sec2_choice import all_menus

__all__ = ["random_mu", "random_scores", "covering_mu", "perturbed_scores"]


def random_mu(rng, n, k):
    """A random menu distribution with Fraction weights on 1..min(6, C(n,k)) menus."""
    menus = all_menus(n, k)
    m = int(rng.integers(1, min(6, len(menus)) + 1))
    chosen = rng.choice(len(menus), size=m, replace=False)
    raw = [int(x) for x in rng.integers(1, 10, size=m)]
    return [(menus[int(i)], Fraction(w, sum(raw))) for i, w in zip(chosen, raw)]


def random_scores(rng, n, lo=1, hi=20):
    """n positive rational scores a/b with a, b drawn from lo..hi−1."""
    return [Fraction(int(a), int(b)) for a, b in zip(rng.integers(lo, hi, size=n), rng.integers(lo, hi, size=n))]


def covering_mu(rng, n, k):
    """μ whose support covers every item (so p > 0, as for targets in Δ_φ)."""
    mu = random_mu(rng, n, k)
    covered = {i for menu, _ in mu for i in menu}
    extra = [(tuple(sorted({(s + j) % n for j in range(k)})), Fraction(1)) for s in range(0, n, k)
             if not set((s + j) % n for j in range(k)) <= covered]
    if extra:
        mu = [(m, w / 2) for m, w in mu] + [(m, Fraction(1, 2 * len(extra))) for m, _ in extra]
    return mu


def perturbed_scores(rng, f, eps):
    """f̂ with f̂_i/f_i ∈ {1−ε, 1+ε} or in between (adversarial extremes half the time)."""
    n = len(f)
    if rng.integers(0, 2):
        signs = [1 if s else -1 for s in rng.integers(0, 2, size=n)]
        return [fi * (1 + s * eps) for fi, s in zip(f, signs)]
    return [fi * (1 + eps * Fraction(int(u), 8)) for fi, u in zip(f, rng.integers(-8, 9, size=n))]
