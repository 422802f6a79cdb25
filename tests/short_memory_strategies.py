"""Hypothesis strategies shared by the short-memory tests (paper A, §6): valid (n, k, λ, c, γ) draws."""

from __future__ import annotations

from hypothesis import strategies as st


@st.composite
def params(draw):
    """(n, k, λ, c, γ) with 3 ≤ n ≤ 9, 1 ≤ k ≤ n, λ ∈ [0.01, 1], c ∈ [1, 3], γ ∈ [0, 0.95]."""
    n = draw(st.integers(3, 9))
    k = draw(st.integers(1, n))
    lam = draw(st.floats(0.01, 1.0))
    c = draw(st.floats(1.0, 3.0))
    gamma = draw(st.floats(0.0, 0.95))
    return n, k, lam, c, gamma
