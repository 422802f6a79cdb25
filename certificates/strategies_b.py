"""Public Hypothesis strategies that *build* valid instances of paper B's objects (no filtering).

Use them in your own property tests, or through the oracle harness (``certificates.oracle``)::

    from hypothesis import given
    from certificates.strategies_b import projection_instances
    @given(projection_instances(max_d=8))
    def test_my_projection(inst):
        X_tilde, tau, beta = inst ...

Structure (shape of a spectrum, placement against the ball, ties) is drawn by Hypothesis, so it shrinks
to the simplest failing structure; the orthonormal factors and generic entries come from a drawn seed
(``np.random.default_rng(seed)``), so 32×256 matrices cost one QR, not 8192 draws.

Strategies
----------
==========================================  ===================================================================
``dims(min_d, max_d, min_M, max_M)``        (d, M): query dimension d, experts M (Θ is d × dM)
``reals(lo, hi)``                           floats in [lo, hi], no subnormals (|x| < 1e-100 → 0)
``magnitudes(lo, hi)``                      10^e, e ∈ [lo, hi], with the endpoints and 1 drawn often
``spectra(k)``                              σ₁ = 1 ≥ … ≥ 0: generic, repeated (ties), equal, rank-deficient,
                                            spread over 1e-12..1 (ill-conditioned), rank one
``matrices(rows, cols, nuclear=, op=)``     U diag(σ) Vᵀ scaled to a nuclear or operator norm
``ball_spectra(k, tau)``                    (σ, placement): Σσ = ratio·τ, placement zero / inside /
                                            just-inside / on / just-outside / outside / far-outside
                                            (just-* at relative distance 1e-15..1e-6)
``ball_points(rows, cols, tau)``            (X, placement): U diag(σ) Vᵀ with σ from ``ball_spectra``
``betas(scale)``                            β = scale·10^e, e ∈ [−6, 3]
``projection_instances(min_d, max_d)``      (X̃, τ, β) for the Bregman projection, X̃ of shape d × dM
``queries(d)``                              x, ‖x‖ ≤ 1: unit, inside, tiny, zero, ±basis vector, equal entries
``features(d, kind)``                       Ψ, ‖Ψ‖_op ≤ 1: rank one x xᵀ, multi-vector Σ w_j v_j v_jᵀ,
                                            non-symmetric U diag(σ) Vᵀ, zero
``multi_vector_args(d)``                    (vectors (J, d), weights (J,)) for ``multi_vector_features``
``thetas(d, M)``                            Θ (d × dM) with tied logits (zero, equal blocks, two tied blocks),
                                            generic, large (logits up to ~1e3), low rank
``reward_vectors(M, exact)``                r ∈ [0, 1]^M: generic, ties, {0, 1}, equal, one-hot; Fractions
``probability_vectors(M, exact)``           π ∈ Δ(M) (``certificates.strategies.simplex_points``)
``gradients(d, M)``                         cᵀ ⊗ Ψ (the REINFORCE form) or a general d × dM matrix
==========================================  ===================================================================

Contract limits (the reference accepts more; see ``certificates.oracle.functions_b``): matrices handed to
the mirror map keep ‖X‖_op/β ≤ ``MAX_COND`` = 1e6 (the mirror map's condition number is 1/β, so beyond it
two correct implementations differ by more than rounding), and dual points keep σ(Y) ≤ 40 (β sinh σ stays
finite). ``exact`` is True (Fractions), False (floats) or None (drawn).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from certificates.strategies import simplex_points

__all__ = [
    "SEEDS",
    "MAX_COND",
    "PLACEMENTS",
    "SPECTRUM_SHAPES",
    "dims",
    "reals",
    "magnitudes",
    "spectra",
    "orthonormal",
    "matrices",
    "ball_spectra",
    "ball_points",
    "betas",
    "projection_instances",
    "queries",
    "features",
    "multi_vector_args",
    "thetas",
    "reward_vectors",
    "probability_vectors",
    "gradients",
]

SEEDS = st.integers(0, 2**32 - 1)
#: Largest ‖X‖_op/β drawn for inputs of the mirror map (its condition number is 1/β).
MAX_COND = 1e6
PLACEMENTS = ("zero", "inside", "just-inside", "on", "just-outside", "outside", "far-outside")
#: Placements as drawn: the boundary cases twice as often as the others.
_PLACEMENT_DRAWS = ("just-outside", "on", "just-inside", *PLACEMENTS)
SPECTRUM_SHAPES = ("generic", "repeated", "equal", "rank-deficient", "spread", "rank-one")


def _rng(draw) -> np.random.Generator:
    return np.random.default_rng(draw(SEEDS))


@st.composite
def dims(draw, min_d: int = 1, max_d: int = 8, min_M: int = 1, max_M: int = 8):
    """(d, M) with min_d ≤ d ≤ max_d and min_M ≤ M ≤ max_M."""
    return draw(st.integers(min_d, max_d)), draw(st.integers(min_M, max_M))


def reals(lo: float, hi: float):
    """Floats in [lo, hi] without subnormals; |x| < 1e-100 becomes 0 (so no product of drawn values
    underflows, where rounding is no longer relative)."""
    return st.floats(lo, hi, allow_subnormal=False).map(lambda x: 0.0 if abs(x) < 1e-100 else x)


def magnitudes(lo: float, hi: float):
    """10^e for e ∈ [lo, hi]; the endpoints (and 1 when inside) are drawn often."""
    special = ([1.0] if lo <= 0 <= hi else []) + [10.0 ** lo, 10.0 ** hi]
    return st.one_of(st.sampled_from(special), st.floats(lo, hi).map(lambda e: 10.0 ** e))


@st.composite
def spectra(draw, k: int, shape: str | None = None):
    """A descending spectrum σ ∈ [0, 1]^k with σ₁ = 1 (one of ``SPECTRUM_SHAPES``)."""
    shape = shape or draw(st.sampled_from(SPECTRUM_SHAPES))
    rng = _rng(draw)
    if shape == "repeated":          # ties between singular values (non-unique singular vectors)
        s = rng.uniform(0.1, 1.0, 2)[rng.integers(0, 2, k)]
    elif shape == "equal":
        s = np.ones(k)
    elif shape == "rank-deficient":  # some exact zeros
        s = rng.uniform(0.05, 1.0, k)
        s[draw(st.integers(1, k)):] = 0.0
    elif shape == "spread":          # condition number up to 1e12
        s = 10.0 ** rng.uniform(-12, 0, k)
    elif shape == "rank-one":
        s = np.zeros(k)
        s[0] = 1.0
    else:
        s = rng.uniform(0.05, 1.0, k)
    s = np.sort(s)[::-1]
    return s / s[0]


def orthonormal(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """An n × k matrix with orthonormal columns (k ≤ n), from the QR of a Gaussian matrix."""
    Q, R = np.linalg.qr(rng.standard_normal((n, k)))
    return Q * np.sign(np.where(np.diag(R) == 0, 1.0, np.diag(R)))


@st.composite
def matrices(draw, rows: int, cols: int, *, nuclear: float | None = None, op: float | None = None,
             spectrum: np.ndarray | None = None):
    """U diag(σ) Vᵀ (rows × cols) with a drawn spectrum, scaled so that ‖X‖_* = nuclear or ‖X‖_op = op."""
    k = min(rows, cols)
    s = draw(spectra(k)) if spectrum is None else np.asarray(spectrum, dtype=float)
    if nuclear is not None:
        s = s * (nuclear / s.sum())
    elif op is not None:
        s = s * op
    rng = _rng(draw)
    return (orthonormal(rng, rows, k) * s) @ orthonormal(rng, cols, k).T


@st.composite
def ball_spectra(draw, k: int, tau: float, placement: str | None = None):
    """(σ, placement): a spectrum of length k with Σσ = ratio·τ: ratio 0, (0.01, 0.99), 1 − δ, 1, 1 + δ,
    (1.01, 10), 10..1000, δ ∈ {1e-15, 1e-12, 1e-9, 1e-6} or log-uniform in
    [1e-15, 1e-6] (δ = 1e-15: on the boundary up to rounding); the
    three boundary placements are drawn twice as often as the others."""
    placement = placement or draw(st.sampled_from(_PLACEMENT_DRAWS))
    if placement == "zero":
        return np.zeros(k), placement
    delta = draw(st.one_of(st.sampled_from([1e-6, 1e-9, 1e-12, 1e-15]),
                           st.floats(-15.0, -6.0).map(lambda e: 10.0 ** e)))
    ratio = {"inside": lambda: draw(reals(0.01, 0.99)), "just-inside": lambda: 1.0 - delta,
             "on": lambda: 1.0, "just-outside": lambda: 1.0 + delta,
             "outside": lambda: draw(reals(1.01, 10.0)),
             "far-outside": lambda: draw(magnitudes(1.0, 3.0))}[placement]()
    s = draw(spectra(k))
    return s * (ratio * tau / s.sum()), placement


@st.composite
def ball_points(draw, rows: int, cols: int, tau: float, placement: str | None = None):
    """(X, placement): X = U diag(σ) Vᵀ with σ from ``ball_spectra`` (‖X‖_* = ratio·τ up to rounding)."""
    s, placement = draw(ball_spectra(min(rows, cols), tau, placement))
    return draw(matrices(rows, cols, spectrum=s)), placement


def betas(scale: float = 1.0, lo: float = -6.0, hi: float = 3.0):
    """β = scale·10^e, e ∈ [lo, hi] (β small: near the nuclear norm; β large: near Euclidean)."""
    return magnitudes(lo, hi).map(lambda b: scale * b)


@st.composite
def projection_instances(draw, min_d: int = 1, max_d: int = 8, max_M: int = 8, *, max_cond: float | None = None):
    """(X̃, τ, β): X̃ ∈ R^{d × dM} placed against the nuclear ball of radius τ ∈ [1e-3, 1e3] (see
    ``ball_points``), β/τ ∈ [1e-6, 1e3]; with ``max_cond``, β ≥ ‖X̃‖_op/max_cond."""
    d, M = draw(dims(min_d, max_d, 1, max_M))
    tau = draw(magnitudes(-3.0, 3.0))
    X, _ = draw(ball_points(d, d * M, tau))
    beta = draw(betas(tau))
    if max_cond is not None and X.any():
        beta = max(beta, float(np.linalg.norm(X, 2)) / max_cond)
    return X, tau, beta


@st.composite
def queries(draw, d: int):
    """x ∈ R^d with ‖x‖ ≤ 1: unit, inside, tiny (1e-8), zero, ±e_i, equal entries (ties)."""
    shape = draw(st.sampled_from(["unit", "inside", "tiny", "zero", "basis", "ties"]))
    if shape == "zero":
        return np.zeros(d)
    if shape == "basis":
        return np.eye(d)[draw(st.integers(0, d - 1))] * draw(st.sampled_from([1.0, -1.0]))
    if shape == "ties":
        return np.full(d, 1.0 / np.sqrt(d))
    v = _rng(draw).standard_normal(d)
    v /= np.linalg.norm(v)
    return v * {"unit": 1.0, "inside": draw(reals(0.0, 1.0)), "tiny": 1e-8}[shape]


@st.composite
def multi_vector_args(draw, d: int):
    """(vectors, weights): J ≤ d orthonormal rows v_j and weights in [−1, 1] (±1 often), so ‖Ψ‖_op ≤ 1."""
    J = draw(st.integers(1, d))
    V = orthonormal(_rng(draw), d, J).T
    w = np.array([draw(st.one_of(st.sampled_from([-1.0, 0.0, 1.0]), reals(-1.0, 1.0))) for _ in range(J)])
    return V, w


@st.composite
def features(draw, d: int, kind: str | None = None):
    """Ψ ∈ R^{d×d}, ‖Ψ‖_op ≤ 1: ``rank_one`` x xᵀ, ``multi_vector``, ``non_symmetric`` or ``zero``."""
    kind = kind or draw(st.sampled_from(["rank_one", "multi_vector", "non_symmetric", "zero"]))
    if kind == "zero":
        return np.zeros((d, d))
    if kind == "rank_one":
        x = draw(queries(d))
        return np.outer(x, x)
    if kind == "multi_vector":
        V, w = draw(multi_vector_args(d))
        return (V.T * w) @ V
    return draw(matrices(d, d, op=draw(reals(0.0, 1.0))))


@st.composite
def thetas(draw, d: int, M: int, *, scale: float | None = None):
    """Θ ∈ R^{d × dM} (block m = columns md..(m+1)d−1): zero or equal blocks (all logits tie), two tied
    blocks, generic, low rank, large (blocks of operator norm ~1e3: softmax far from uniform)."""
    mode = draw(st.sampled_from(["zero", "equal-blocks", "two-tied", "generic", "low-rank", "large"]))
    scale = scale if scale is not None else (1e3 if mode == "large" else draw(magnitudes(-3.0, 2.0)))
    if mode == "zero":
        return np.zeros((d, d * M))
    rng = _rng(draw)
    blocks = [rng.standard_normal((d, d)) for _ in range(M)]
    if mode == "equal-blocks":
        blocks = [blocks[0]] * M
    elif mode == "two-tied" and M >= 2:
        blocks[1] = blocks[0]
    elif mode == "low-rank":
        u = rng.standard_normal(d)
        blocks = [np.outer(u, rng.standard_normal(d)) for _ in range(M)]
    blocks = [b / max(np.linalg.norm(b, 2), 1e-300) for b in blocks]
    return scale * np.hstack(blocks)


@st.composite
def reward_vectors(draw, M: int, exact: bool | None = None):
    """r ∈ [0, 1]^M: generic, ties (two values), {0, 1} extremes, all equal, one-hot; exact → Fractions."""
    exact = draw(st.booleans()) if exact is None else bool(exact)
    shape = draw(st.sampled_from(["generic", "ties", "extremes", "equal", "one-hot"]))
    if shape == "one-hot":
        i = draw(st.integers(0, M - 1))
        vals = [Fraction(int(j == i)) for j in range(M)]
    elif shape == "equal":
        vals = [Fraction(draw(st.integers(0, 10)), 10)] * M
    elif shape == "extremes":
        vals = [Fraction(draw(st.integers(0, 1))) for _ in range(M)]
    elif shape == "ties":
        a, b = Fraction(draw(st.integers(0, 10)), 10), Fraction(draw(st.integers(0, 10)), 10)
        vals = [a if draw(st.booleans()) else b for _ in range(M)]
    else:
        if not exact:
            return _rng(draw).uniform(0.0, 1.0, M)
        vals = [Fraction(draw(st.integers(0, 97)), 97) for _ in range(M)]
    return vals if exact else np.array([float(v) for v in vals])


def probability_vectors(M: int, exact: bool | None = None):
    """π ∈ Δ(M) with zeros, vertices, near-vertices, uniform (``certificates.strategies.simplex_points``)."""
    return simplex_points(M, exact=exact)


@st.composite
def gradients(draw, d: int, M: int):
    """A gradient in R^{d × dM}: cᵀ ⊗ Ψ (the REINFORCE / exact-gradient form) or a general matrix."""
    if draw(st.booleans()):
        c = _rng(draw).uniform(-1.0, 1.0, M)
        F = draw(features(d))
        return (F[:, None, :] * c[None, :, None]).reshape(d, d * M)
    return draw(matrices(d, d * M, op=draw(magnitudes(-3.0, 1.0))))
