"""Paper A, Lemma 1 (menu times): Σ τ = k, numerically, exactly and symbolically."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

import reference.adaptive_preferences as ap
from certificates.registry import Evidence, Mutant, certificate


def _random_instance(rng, *, exact: bool):
    n = int(rng.integers(2, 9))
    k = int(rng.integers(1, n + 1))
    if exact:
        raw = [int(x) for x in rng.integers(0, 7, size=n)]
        if sum(raw) == 0:
            raw[0] = 1
        p = [Fraction(x, sum(raw)) for x in raw]
        scores = [Fraction(int(a), int(b)) for a, b in zip(rng.integers(1, 20, size=n), rng.integers(1, 20, size=n))]
    else:
        p = rng.dirichlet(np.full(n, 0.5))
        scores = rng.uniform(0.01, 1.0, size=n)
    return p, scores, k


_ORIGINAL_MENU_TIMES = ap.menu_times


def _menu_times_without_k(p, scores, k):
    tau = _ORIGINAL_MENU_TIMES(p, scores, k)
    return [t / k for t in tau] if isinstance(tau, list) else tau / k


@certificate(
    id="menu_times_sum_eq_k",
    paper="A",
    item="Lemma 1 (menu times)",
    statement="Σ_i τ_i(p; v) = k for every p ∈ Δ(n) and scores f > 0 (exact in Fractions, ≤1e-12·k in floats, "
              "and symbolically with sympy).",
    mutants=[Mutant("drop-k", "menu times computed without the factor k",
                    {"reference.adaptive_preferences:menu_times": _menu_times_without_k})],
)
def menu_times_sum_eq_k(ctx):
    # Symbolic route: Σ_i k (p_i/f_i) / Σ_j (p_j/f_j) simplifies to k for symbolic n = 2..5.
    for n in range(2, 6):
        p = sp.symbols(f"p0:{n}", positive=True)
        f = sp.symbols(f"f0:{n}", positive=True)
        k = sp.Symbol("k", positive=True)
        z = sum(pi / fi for pi, fi in zip(p, f))
        total = sp.simplify(sum(k * (pi / fi) / z for pi, fi in zip(p, f)) - k)
        yield Evidence(observed=Fraction(0) if total == 0 else Fraction(1), bound=Fraction(0), seed=None,
                       instance={"route": "sympy", "n": n, "residual": str(total)})
    for seed, rng in ctx.instances(quick=300, standard=3000, audit=30000):
        exact = bool(rng.integers(0, 2))
        p, scores, k = _random_instance(rng, exact=exact)
        tau = ap.menu_times(p, scores, k)
        residual = abs(sum(tau) - k)
        bound = Fraction(0) if exact else 1e-12 * k
        yield Evidence(observed=residual, bound=bound, seed=seed,
                       instance={"route": "exact" if exact else "float", "p": p, "scores": scores, "k": k})
