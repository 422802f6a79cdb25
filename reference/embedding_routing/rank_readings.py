"""Two readings of the intrinsic rank s, their nuclear radii, and planted instances of both kinds.

Paper B (arXiv 2606.14929) calls s "the intrinsic rank of the experts" [seed, abstract]; which matrix has
rank s is not said. Two readings [recon], with Θ = [Θ_1 | … | Θ_M] ∈ R^{d×dM} and ‖Θ_m‖_op ≤ B:

* C_stacked(s, B) = {rank Θ ≤ s}: the experts share one s-dimensional latent space (``environment.planted_theta``).
* C_blocks(s, B)  = {rank Θ_m ≤ s for every m}: each expert has its own rank-s map
  (``environment.low_rank_expert_instance``, ``planted_blocks_theta``).

Main statements [derived]
-------------------------
* ``stacked_radius`` = sB√M ≥ ‖Θ‖_* on C_stacked: ‖Θ‖_* ≤ rank·‖Θ‖_op ≤ s·√M·B (‖Θ‖_op² = ‖ΣΘ_mΘ_mᵀ‖ ≤ MB²).
* ``blocks_radius`` = B√(sM·min(d, sM)) ≥ ‖Θ‖_* on C_blocks, and it is tight.
  Proof. rank Θ ≤ r := min(d, sM), and ‖Θ‖_F² = Σ_m ‖Θ_m‖_F² ≤ M·s·B², so ‖Θ‖_* ≤ √r·‖Θ‖_F ≤ B√(sM·r)
  (Cauchy–Schwarz on the r singular values). Tightness: blocks Θ_m = B·P_m Q_mᵀ with orthonormal d×s P_m,
  Q_m and Σ_m P_m P_mᵀ = (sM/r)·I on an r-dimensional subspace (a tight fusion frame; e.g. mutually
  orthogonal P_m when d ≥ sM, or the complements of a basis for s = d − 1, M = d) give ΘΘᵀ = (sMB²/r)·Π_r, so
  all r singular values equal B√(sM/r) and ‖Θ‖_* = B√(sM·r).  ∎
  For d ≥ sM this is sBM = √M·(sB√M): the per-block reading costs a factor √M in the radius, so HPG's bound
  becomes Õ(sB·M√T) under it; the abstract's Õ(s√(MT)) is the rate of the *stacked* reading.
  Example: d = M = 2, s = 1, Θ_1 = e₁e₁ᵀ, Θ_2 = e₂e₂ᵀ: ‖Θ‖_* = 2 > sB√M = √2.

Certified by ``b_rank_readings_nuclear_containment`` (``certificates/embedding_routing/rank_readings.py``),
which also records HPG's measured s-exponent under each reading.

Notation
--------
======  =====================  ===========================================
symbol  Python                 meaning
======  =====================  ===========================================
s, B    ``s``, ``B``           rank, operator-norm bound of each block
r       ``min(d, s*M)``        the largest possible rank of Θ in C_blocks
======  =====================  ===========================================

References: paper B, arXiv 2606.14929 (abstract); P. G. Casazza, G. Kutyniok, "Frames of subspaces" (2004)
for tight fusion frames.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from reference._numerics import check_integer, check_real, rng_from
from reference.embedding_routing import policies as pol
from reference.embedding_routing.environment import (
    FEATURE_KINDS,
    QUERY_KINDS,
    RoutingInstance,
    SeedLike,
    check_kind,
    check_seed,
    make_features,
    make_queries,
)

__all__ = [
    "stacked_radius",
    "blocks_radius",
    "block_ranks",
    "stacked_rank",
    "planted_blocks_theta",
    "planted_blocks_instance",
]


def _check_sbm(fn: str, s: int, B: float, M: int) -> tuple[int, float, int]:
    s, M = check_integer(fn, "s", s), check_integer(fn, "M", M)
    B = float(check_real(fn, "B", B, low=0, low_open=True, high=1e150, what="(the operator-norm bound of each block)"))
    return s, B, M


def stacked_radius(s: int, B: float, M: int) -> float:
    """sB√M: the nuclear radius containing C_stacked(s, B) [derived]."""
    s, B, M = _check_sbm("stacked_radius", s, B, M)
    return s * B * math.sqrt(M)


def blocks_radius(s: int, B: float, M: int, d: int) -> float:
    """B√(sM·min(d, sM)): the tight nuclear radius containing C_blocks(s, B) [derived]."""
    s, B, M = _check_sbm("blocks_radius", s, B, M)
    d = check_integer("blocks_radius", "d", d)
    if s > d:
        raise ValueError(f"blocks_radius: s must be at most d={d}; got s={s}.")
    return B * math.sqrt(s * M * min(d, s * M))


def _blocks(fn: str, Theta: ArrayLike, d: int) -> np.ndarray:
    d = check_integer(fn, "d", d)
    A = pol.check_matrix(fn, "Theta", Theta)
    if A.shape[0] != d or A.shape[1] % d:
        raise ValueError(f"{fn}: Theta must have shape (d, d*M) with d={d}; got {A.shape}.")
    return A


def _rank(A: np.ndarray) -> int:
    s = np.linalg.svd(A, compute_uv=False)
    return int(np.sum(s > 1e-10 * max(float(s[0]) if s.size else 0.0, 1e-300)))


def block_ranks(Theta: ArrayLike, d: int) -> list[int]:
    """rank Θ_m for each block (numerical rank: σ > 1e-10·σ_1)."""
    A = _blocks("block_ranks", Theta, d)
    return [_rank(A[:, m * d:(m + 1) * d]) for m in range(A.shape[1] // d)]


def stacked_rank(Theta: ArrayLike, d: int) -> int:
    """rank [Θ_1 | … | Θ_M] (numerical rank: σ > 1e-10·σ_1)."""
    return _rank(_blocks("stacked_rank", Theta, d))


def planted_blocks_theta(d: int, M: int, s: int, B: float, seed: SeedLike, *, spread: bool = True) -> np.ndarray:
    """Θ* with blocks Θ_m = B·P_m C_m P_mᵀ of rank s, ‖Θ_m‖_op = B, each on its own subspace [recon].

    ``spread=True`` takes the P_m from consecutive columns of one random orthogonal matrix (mutually orthogonal
    when d ≥ sM, wrapping around otherwise), the near-worst case for ‖Θ*‖_*; C_m = diag(±1) with signs drawn.
    """
    fn = "planted_blocks_theta"
    d, M, s = check_integer(fn, "d", d), check_integer(fn, "M", M), check_integer(fn, "s", s)
    if s > d:
        raise ValueError(f"{fn}: s must be at most d={d}; got s={s}.")
    B = float(check_real(fn, "B", B, low=0, low_open=True, high=1e150))
    rng = rng_from(check_seed(fn, seed))
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    blocks = []
    for m in range(M):
        if spread:
            P = Q[:, [(m * s + j) % d for j in range(s)]]
        else:
            P, _ = np.linalg.qr(rng.standard_normal((d, s)))
        signs = rng.choice([-1.0, 1.0], size=s)
        blocks.append(B * (P * signs) @ P.T)
    return np.hstack(blocks)


def planted_blocks_instance(T: int, d: int, M: int, s: int, seed: SeedLike, *, B: float = 1.0,
                            query_kind: str = "sphere", feature_kind: str = "rank_one") -> RoutingInstance:
    """r_t(m) = ½ + ½ clip(⟨Θ*_m, Ψ_t⟩/B) for Θ* from ``planted_blocks_theta`` (per-block rank s) [recon]."""
    fn = "planted_blocks_instance"
    T = check_integer(fn, "T", T)
    d, M, s = check_integer(fn, "d", d), check_integer(fn, "M", M), check_integer(fn, "s", s)
    if s > d:
        raise ValueError(f"{fn}: s must be at most d={d}; got s={s}.")
    B = float(check_real(fn, "B", B, low=0, low_open=True, high=1e150))
    check_kind(fn, "query_kind", query_kind, tuple(k for k in QUERY_KINDS if k not in ("subspace", "basis")))
    check_kind(fn, "feature_kind", feature_kind, FEATURE_KINDS)
    rng = rng_from(check_seed(fn, seed))
    Theta = planted_blocks_theta(d, M, s, B, rng)
    X = make_queries(query_kind, T, d, rng)
    F = make_features(X, feature_kind, rng)
    R = 0.5 + 0.5 * np.clip(pol.log_quadratic_logits_batch(Theta, F) / B, -1.0, 1.0)
    return RoutingInstance(queries=X, features=F, rewards=R, kind="planted_blocks", planted=Theta,
                           info={"s": s, "B": B, "tau": blocks_radius(s, B, M, d), "reading": "blocks"})
