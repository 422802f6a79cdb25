"""The routing environment: queries, kernel features, low-rank experts, rewards, instances.

Paper B (Dai, Golrezaei & Jaillet, "Policy Regret for Embedding Model Routing", arXiv 2606.14929)
survives only as its abstract; everything concrete below is our formalisation (``docs/reconstruction_B.md``).

Main statements
---------------
* [seed, abstract] "We formalize embedding model routing as an adversarial contextual linear bandit
  with low-rank experts, where contexts are queries, actions are items, and experts are the
  embedding models working on low-rank latent representation spaces."
* [recon] An *oblivious* adversary fixes the whole table (x_t, Ψ_t, r_t(1..M)) before round 1; the
  learner sees x_t (hence Ψ_t), picks m_t and observes r_t(m_t) only. The simulator keeps every
  r_t(m) so that true gradients and regrets can be computed exactly (``RoutingInstance``).
* [recon] Queries (``make_queries``): ``sphere``/``ball`` (random), ``clustered``, ``drifting``,
  ``switching`` (adversarial switching between two subspaces), ``subspace`` (inside span P), ``basis``.
* [recon] Features (``make_features``): ``rank_one`` Ψ = x xᵀ, and ``multi_vector``
  Ψ = x xᵀ + Σ_j w_j q_j q_jᵀ with q_j an orthonormal basis of x^⊥ and w_j ~ U[−w, w]: full rank,
  ‖Ψ‖_op ≤ 1, ‖Ψ‖_F up to √d.
* [recon] ``LowRankExpert``: query map A_m ∈ R^{s×d} (hidden from the router), item embeddings
  E_m ∈ R^{n×s}; it answers x with its top item argmax_i ⟨E_m[i], A_m x⟩; the reward of routing to m
  is the contextual linear reward ½ + ½⟨θ_t, z(item)⟩ ∈ [0, 1] (‖θ_t‖, ‖z‖ ≤ 1).
* [recon] ``planted_instance``: rewards r_t(m) = ½ + ½·clip(⟨Θ*_m, Ψ_t⟩/B) for a planted Θ* of rank ≤ s
  with blocks Θ*_m = P C_m Pᵀ, ‖C_m‖_op ≤ B: the best routing of x is argmax_m ⟨Θ*_m, Ψ(x)⟩, the limit
  of the log-quadratic policy λΘ* as λ → ∞. [derived] Θ* lies in the nuclear ball of radius sB√M:
  ‖Θ*‖_* ≤ rank·‖Θ*‖_op ≤ s·√M·B (tested in ``tests/test_b_routing.py``). With queries on the sphere
  it is the *quadratic routing* instance of ``b_log_quadratic_closes_misspecification_gap``
  (``certificates/embedding_routing/classes.py``).
* [derived] ``never_repeating_instance``: distinct contexts, hidden labels b_t ~ U{0..M−1},
  r_t(m) = 1[m = b_t] (the intractability construction, ``regret.unconstrained_regret_lower_bound``;
  certificate ``b_unconstrained_class_forces_linear_regret``, ``certificates/embedding_routing/classes.py``).

Notation
--------
======  =================  =====================================
symbol  Python             meaning
======  =================  =====================================
T, d    ``T``, ``d``       rounds, query dimension
M, s    ``M``, ``s``       experts, intrinsic rank
B       ``B``              operator-norm bound of each Θ*_m
x_t     ``queries[t]``     query (‖x_t‖ ≤ 1)
Ψ_t     ``features[t]``    kernel features (d×d, symmetric)
r_t(m)  ``rewards[t, m]``  reward in [0, 1]
======  =================  =====================================

Implementation notes: all randomness flows through ``reference._numerics.rng_from`` (an int seed or
a numpy ``Generator``; ``SeedLike``); scalars are validated by ``reference._numerics`` with messages
that start with the function's name.

References: paper B, arXiv 2606.14929 (abstract); our formalisation, ``docs/reconstruction_B.md`` §1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike

from reference._numerics import as_vector, check_integer, check_real, rng_from
from reference.embedding_routing import policies as pol

__all__ = [
    "QUERY_KINDS",
    "FEATURE_KINDS",
    "SeedLike",
    "RoutingInstance",
    "feature_op_norms",
    "make_queries",
    "make_features",
    "LowRankExpert",
    "random_low_rank_experts",
    "expert_rewards",
    "low_rank_expert_instance",
    "planted_theta",
    "planted_instance",
    "never_repeating_instance",
]

#: Slack on ‖x_t‖ ≤ 1 and ‖Ψ_t‖_op ≤ 1 for float rounding of unit vectors.
NORM_ATOL = 1e-9

QUERY_KINDS = ("sphere", "ball", "clustered", "drifting", "switching", "subspace", "basis")
FEATURE_KINDS = ("rank_one", "multi_vector")

#: What ``reference._numerics.rng_from`` accepts: an integer seed or a numpy ``Generator``.
SeedLike: TypeAlias = int | np.integer | np.random.Generator


@dataclass
class RoutingInstance:
    """One oblivious adversary's table: queries (T,d), features (T,d,d), rewards (T,M) in [0,1]."""

    queries: np.ndarray
    features: np.ndarray
    rewards: np.ndarray
    kind: str = ""
    planted: np.ndarray | None = None
    info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        fn = "RoutingInstance"
        self.queries = pol.check_matrix(fn, "queries", self.queries)
        self.features = pol.check_matrix(fn, "features", self.features, ndim=3)
        self.rewards = pol.check_matrix(fn, "rewards", self.rewards)
        T, d = self.queries.shape
        if self.features.shape != (T, d, d):
            raise ValueError(f"RoutingInstance: features must have shape (T, d, d) = ({T}, {d}, {d}); "
                             f"got {self.features.shape}.")
        if self.rewards.shape[0] != T:
            raise ValueError(f"RoutingInstance: rewards must have shape (T, M) with T={T}; got {self.rewards.shape}.")
        if np.any(self.rewards < 0) or np.any(self.rewards > 1):
            raise ValueError("RoutingInstance: rewards must lie in [0, 1].")
        if np.max(np.linalg.norm(self.queries, axis=1)) > 1.0 + NORM_ATOL:
            raise ValueError("RoutingInstance: queries must have ‖x_t‖₂ ≤ 1 (every bound assumes it); "
                             f"the largest norm is {float(np.max(np.linalg.norm(self.queries, axis=1)))}.")
        op = feature_op_norms(self.features)
        if np.max(op) > 1.0 + NORM_ATOL:
            raise ValueError("RoutingInstance: features must have ‖Ψ_t‖_op ≤ 1 (every bound assumes it); "
                             f"the largest operator norm is {float(np.max(op))}.")
        if self.planted is not None:
            self.planted = pol.check_matrix(fn, "planted", self.planted)
            if self.planted.shape != (d, d * self.M):
                raise ValueError(f"RoutingInstance: planted must have shape (d, d·M) = ({d}, {d * self.M}); "
                                 f"got {self.planted.shape}.")

    @property
    def T(self) -> int:
        """Number of rounds."""
        return int(self.queries.shape[0])

    @property
    def d(self) -> int:
        """Query dimension."""
        return int(self.queries.shape[1])

    @property
    def M(self) -> int:
        """Number of experts."""
        return int(self.rewards.shape[1])

    def feature_op_norm_max(self) -> float:
        """max_t ‖Ψ_t‖_op (the Ψ of every bound; ≤ 1 by construction): the largest singular value, so
        non-symmetric Ψ are measured correctly too (eigenvalues are not the operator norm there)."""
        return float(np.max(feature_op_norms(self.features)))

    def feature_fro_norm_max(self) -> float:
        """max_t ‖Ψ_t‖_F (the G_F of the Euclidean baseline; up to √d times the operator norm)."""
        return float(np.sqrt((self.features ** 2).sum(axis=(1, 2)).max()))


def feature_op_norms(features: np.ndarray) -> np.ndarray:
    """(‖Ψ_t‖_op)_t = largest singular value of each Ψ_t (batched SVD; valid for non-symmetric Ψ)."""
    F = pol.check_matrix("feature_op_norms", "features", features, square=True, ndim=3)
    return np.linalg.svd(F, compute_uv=False)[:, 0]


def check_kind(fn: str, arg: str, kind: str, kinds: tuple[str, ...]) -> str:
    if not isinstance(kind, str) or kind not in kinds:
        raise ValueError(f"{fn}: {arg} must be one of {kinds}; got {kind!r}.")
    return kind


def check_seed(fn: str, seed: SeedLike) -> SeedLike:
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or int(seed) < 0:
        raise ValueError(f"{fn}: seed must be a non-negative integer or a numpy Generator; got {seed!r}.")
    return seed


def _check_basis(fn: str, basis: ArrayLike | None, kind: str, d: int) -> np.ndarray:
    """A d×s matrix with orthonormal columns (‖PᵀP − I‖_max ≤ 1e-9), 1 ≤ s ≤ d."""
    if basis is None:
        raise ValueError(f"{fn}: kind={kind!r} needs basis, a d×s matrix with orthonormal columns.")
    P = pol.check_matrix(fn, "basis", basis)
    if P.shape[0] != d or P.shape[1] > d:
        raise ValueError(f"{fn}: basis must be a d×s matrix with d={d} rows and s ≤ d columns; got shape {P.shape}.")
    gap = float(np.max(np.abs(P.T @ P - np.eye(P.shape[1]))))
    if gap > 1e-9:
        raise ValueError(f"{fn}: basis must have orthonormal columns; max |PᵀP − I| = {gap:.3g}.")
    return P


# -- queries ---------------------------------------------------------------------------------

def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n > 0, n, 1.0)


def _switching_queries(rng: np.random.Generator, T: int, d: int, period: int) -> np.ndarray:
    """Blocks of ``period`` rounds alternating between two random (≤ 2)-dimensional subspaces."""
    Q1, _ = np.linalg.qr(rng.standard_normal((d, min(2, d))))
    Q2, _ = np.linalg.qr(rng.standard_normal((d, min(2, d))))
    out = np.empty((T, d))
    for t in range(T):
        Q = Q1 if (t // period) % 2 == 0 else Q2
        out[t] = _unit(Q @ rng.standard_normal(Q.shape[1]))
    return out


def make_queries(kind: str, T: int, d: int, seed: SeedLike, *, basis: ArrayLike | None = None,
                 clusters: int = 4, spread: float = 0.2, period: int = 25) -> np.ndarray:
    """T oblivious queries in R^d with ‖x_t‖ ≤ 1 (``kind`` in QUERY_KINDS) [recon].

    ``sphere``: uniform on the unit sphere; ``ball``: uniform in the unit ball; ``clustered``: unit
    vectors near ``clusters`` random centres; ``drifting``: a unit vector rotating slowly in a random
    plane plus noise; ``switching``: blocks of ``period`` rounds alternating between two random
    2-d subspaces (an adversarial switching pattern); ``subspace``: uniform on the sphere of
    span(``basis``) (a d×s orthonormal matrix); ``basis``: ±(a uniformly chosen column of ``basis``).
    """
    fn = "make_queries"
    T = check_integer(fn, "T", T)
    d = check_integer(fn, "d", d)
    check_kind(fn, "kind", kind, QUERY_KINDS)
    clusters = check_integer(fn, "clusters", clusters)
    check_real(fn, "spread", spread, low=0)
    period = check_integer(fn, "period", period)
    P = _check_basis(fn, basis, kind, d) if kind in ("subspace", "basis") else None
    rng = rng_from(check_seed(fn, seed))
    if kind == "sphere":
        return _unit(rng.standard_normal((T, d)))
    if kind == "ball":
        return _unit(rng.standard_normal((T, d))) * rng.uniform(0, 1, size=(T, 1)) ** (1.0 / d)
    if kind == "clustered":
        centres = _unit(rng.standard_normal((clusters, d)))
        return _unit(centres[rng.integers(0, clusters, size=T)] + spread * rng.standard_normal((T, d)) / np.sqrt(d))
    if kind == "drifting":
        Q, _ = np.linalg.qr(rng.standard_normal((d, 2)))
        angle = np.linspace(0, np.pi, T)[:, None]
        base = np.cos(angle) * Q[:, 0] + np.sin(angle) * Q[:, min(1, Q.shape[1] - 1)]
        return _unit(base + spread * rng.standard_normal((T, d)) / np.sqrt(d))
    if kind == "switching":
        return _switching_queries(rng, T, d, period)
    # subspace / basis (P validated above)
    assert P is not None
    if kind == "basis":
        cols = rng.integers(0, P.shape[1], size=T)
        return P[:, cols].T * rng.choice([-1.0, 1.0], size=(T, 1))
    return _unit(rng.standard_normal((T, P.shape[1])) @ P.T)


def make_features(queries: ArrayLike, kind: str = "rank_one", seed: SeedLike | None = None, *,
                  noise_weight: float = 1.0) -> np.ndarray:
    """Ψ_t for each query: ``rank_one`` x xᵀ, or ``multi_vector`` x xᵀ + Σ_j w_j q_j q_jᵀ (w_j ~ U[−w, w]) [recon].

    In the multi-vector case q_1..q_{d−1} is a random orthonormal basis of x^⊥, so Ψ is full rank
    with eigenvalues ‖x‖², w_1, …, w_{d−1}: ‖Ψ‖_op ≤ 1 and ‖Ψ‖_F ≈ √(d/3)·w. ``seed`` is needed
    (and used) only by ``multi_vector``.
    """
    fn = "make_features"
    X = pol.check_matrix(fn, "queries", queries)
    check_kind(fn, "kind", kind, FEATURE_KINDS)
    norms = np.linalg.norm(X, axis=1)
    if np.max(norms) > 1.0 + NORM_ATOL:
        raise ValueError(f"{fn}: queries must have ‖x_t‖₂ ≤ 1 (so that ‖Ψ_t‖_op ≤ 1); the largest norm is "
                         f"{float(np.max(norms))}.")
    if kind == "rank_one":
        return np.einsum("ti,tj->tij", X, X)
    check_real(fn, "noise_weight", noise_weight, low=0, high=1)
    if seed is None:
        raise ValueError(f"{fn}: seed must be given for kind='multi_vector' (an int or a numpy Generator).")
    rng = rng_from(check_seed(fn, seed))
    T, d = X.shape
    out = np.empty((T, d, d))
    for t in range(T):
        x = X[t]
        A = np.column_stack([x if np.linalg.norm(x) > 0 else np.eye(d)[0], rng.standard_normal((d, d - 1))])
        Q, _ = np.linalg.qr(A)
        w = rng.uniform(-noise_weight, noise_weight, size=d - 1)
        out[t] = np.outer(x, x) + (Q[:, 1:] * w) @ Q[:, 1:].T
    return out


# -- low-rank experts ------------------------------------------------------------------------

@dataclass
class LowRankExpert:
    """An embedding model: query map A ∈ R^{s×d} (hidden), item embeddings E ∈ R^{n×s} [recon]."""

    A: np.ndarray
    E: np.ndarray

    def answer(self, x: ArrayLike) -> int:
        """Its top item: argmax_i ⟨E[i], A x⟩."""
        fn = "LowRankExpert.answer"
        A, E = pol.check_matrix(fn, "A", self.A), pol.check_matrix(fn, "E", self.E)
        if A.shape[0] != E.shape[1]:
            raise ValueError(f"{fn}: A must be s×d and E n×s with the same s; got A {A.shape} and E {E.shape}.")
        v = as_vector(fn, "x", x, n=A.shape[1])
        return int(np.argmax(E @ (A @ v)))


def random_low_rank_experts(M: int, d: int, s: int, n_items: int, seed: SeedLike) -> list[LowRankExpert]:
    """M experts with Gaussian rank-s query maps and Gaussian item embeddings."""
    fn = "random_low_rank_experts"
    M, d, s = check_integer(fn, "M", M), check_integer(fn, "d", d), check_integer(fn, "s", s)
    n_items = check_integer(fn, "n_items", n_items)
    rng = rng_from(check_seed(fn, seed))
    return [LowRankExpert(A=rng.standard_normal((s, d)) / np.sqrt(d), E=rng.standard_normal((n_items, s)))
            for _ in range(M)]


def expert_rewards(experts: list[LowRankExpert], queries: np.ndarray, thetas: np.ndarray,
                   item_features: ArrayLike) -> np.ndarray:
    """r_t(m) = ½ + ½⟨θ_t, z(item_m(x_t))⟩ ∈ [0, 1] (contextual linear reward; ‖θ_t‖, ‖z‖ ≤ 1) [recon]."""
    fn = "expert_rewards"
    Z = pol.check_matrix(fn, "item_features", item_features)
    X = pol.check_matrix(fn, "queries", queries)
    TH = pol.check_matrix(fn, "thetas", thetas)
    if not isinstance(experts, (list, tuple)) or not experts or not all(isinstance(e, LowRankExpert) for e in experts):
        raise ValueError(f"{fn}: experts must be a non-empty list of LowRankExpert.")
    if TH.shape != (X.shape[0], Z.shape[1]):
        raise ValueError(f"{fn}: thetas must have one row per row of queries ({X.shape[0]}) and one column per "
                         f"column of item_features ({Z.shape[1]}); got {TH.shape}.")
    for ex in experts:
        if ex.A.shape[1] != X.shape[1] or ex.E.shape[0] != Z.shape[0] or ex.A.shape[0] != ex.E.shape[1]:
            raise ValueError(f"{fn}: every expert must map R^{X.shape[1]} to items 0..{Z.shape[0] - 1}; "
                             f"got A {ex.A.shape} and E {ex.E.shape}.")
    queries, thetas = X, TH
    out = np.empty((len(queries), len(experts)))
    for t, (x, th) in enumerate(zip(queries, thetas)):
        for m, ex in enumerate(experts):
            out[t, m] = 0.5 + 0.5 * float(th @ Z[ex.answer(x)])
    return np.clip(out, 0.0, 1.0)


def low_rank_expert_instance(T: int, d: int, M: int, s: int, seed: SeedLike, *, n_items: int = 20, p: int = 4,
                             query_kind: str = "clustered", feature_kind: str = "rank_one") -> RoutingInstance:
    """The full routing story: experts answer with their top item, the adversary's θ_t scores it [recon].

    Each expert has its *own* rank-s query map (the per-block reading of s, ``rank_readings``)."""
    fn = "low_rank_expert_instance"
    T, d, M = check_integer(fn, "T", T), check_integer(fn, "d", d), check_integer(fn, "M", M)
    s, n_items, p = check_integer(fn, "s", s), check_integer(fn, "n_items", n_items), check_integer(fn, "p", p)
    if s > d:
        raise ValueError(f"{fn}: s must be at most d={d} (a rank-s map of R^d); got s={s}.")
    check_kind(fn, "query_kind", query_kind, tuple(k for k in QUERY_KINDS if k not in ("subspace", "basis")))
    check_kind(fn, "feature_kind", feature_kind, FEATURE_KINDS)
    rng = rng_from(check_seed(fn, seed))
    experts = random_low_rank_experts(M, d, s, n_items, rng)
    Z = _unit(rng.standard_normal((n_items, p)))
    theta0 = _unit(rng.standard_normal(p))
    thetas = _unit(theta0 + 0.3 * rng.standard_normal((T, p)))      # a slowly varying adversary
    X = make_queries(query_kind, T, d, rng)
    return RoutingInstance(queries=X, features=make_features(X, feature_kind, rng),
                           rewards=expert_rewards(experts, X, thetas, Z), kind="low_rank_experts",
                           info={"s": s, "n_items": n_items, "p": p})


# -- planted and adversarial instances --------------------------------------------------------

def _check_planted(fn: str, d: int, M: int, s: int, B: float) -> None:
    check_integer(fn, "d", d)
    check_integer(fn, "M", M)
    check_integer(fn, "s", s)
    if s > d:
        raise ValueError(f"{fn}: s must be at most d={d}; got s={s}.")
    check_real(fn, "B", B, low=0, low_open=True, what="(the operator-norm bound of each block)")
    if not math.isfinite(s * B * math.sqrt(M)) or B > 1e150:
        raise ValueError(f"{fn}: B must be at most 1e150 so that the radius sB√M is a float; got {B!r}.")


def _planted_block(rng: np.random.Generator, m: int, M: int, s: int, B: float, *, traceless: bool,
                   diagonal: bool) -> np.ndarray:
    """The s×s core C_m of Θ*_m = P C_m Pᵀ, with ‖C_m‖_op ≤ B (= B for s ≥ 2)."""
    if diagonal and s > 1:          # C_m[j, j] = +B iff m = j mod M: direction p_j has its own best expert
        return B * np.diag([1.0 if m == j % M else -1.0 for j in range(s)])
    if s == 1:                      # scalar blocks: alternate signs so that the experts differ
        return np.array([[(1.0 if m % 2 == 0 else -1.0) * rng.uniform(0.3, 1.0)]]) * B
    C = rng.standard_normal((s, s))
    C = (C + C.T) / 2
    if traceless:
        C -= np.trace(C) / s * np.eye(s)
    C *= B / max(np.abs(np.linalg.eigvalsh(C)).max(), 1e-12)
    return C


def planted_theta(d: int, M: int, s: int, B: float, seed: SeedLike, *, traceless: bool = True,
                  diagonal: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Θ* = [P C_1 Pᵀ | … | P C_M Pᵀ]: rank ≤ s, ‖Θ*_m‖_op ≤ B (= B for s ≥ 2); returns (Θ*, P) [recon]."""
    fn = "planted_theta"
    _check_planted(fn, d, M, s, B)
    rng = rng_from(check_seed(fn, seed))
    P, _ = np.linalg.qr(rng.standard_normal((d, s)))
    blocks = [P @ _planted_block(rng, m, M, s, B, traceless=traceless, diagonal=diagonal) @ P.T for m in range(M)]
    return np.hstack(blocks), P


def planted_instance(T: int, d: int, M: int, s: int, seed: SeedLike, *, B: float = 1.0,
                     query_kind: str = "subspace", feature_kind: str = "rank_one", reward_noise: float = 0.0,
                     noise_weight: float = 1.0) -> RoutingInstance:
    """Rewards from a planted rank-s log-quadratic model: r_t(m) = ½ + ½ clip(⟨Θ*_m, Ψ_t⟩/B, −1, 1) (+ noise) [recon].

    ``query_kind='subspace'`` puts the queries in span P (so the signal does not fade with d);
    ``'basis'`` draws x_t = ±p_j and uses diagonal C_m with (C_m)_jj = B if m = j mod M else −B, so
    each of the s directions has its own best expert and the per-round signal does not fade with s either;
    ``'sphere'`` gives the quadratic-routing instance (best expert = argmax_m xᵀ Θ*_m x).
    """
    fn = "planted_instance"
    check_integer(fn, "T", T)
    _check_planted(fn, d, M, s, B)
    check_kind(fn, "query_kind", query_kind, QUERY_KINDS)
    check_kind(fn, "feature_kind", feature_kind, FEATURE_KINDS)
    check_real(fn, "reward_noise", reward_noise, low=0, what="(the standard deviation of the reward noise)")
    check_real(fn, "noise_weight", noise_weight, low=0, high=1)
    rng = rng_from(check_seed(fn, seed))
    Theta, P = planted_theta(d, M, s, B, rng, diagonal=query_kind == "basis")
    X = make_queries(query_kind, T, d, rng, basis=P if query_kind in ("subspace", "basis") else None)
    F = make_features(X, feature_kind, rng, noise_weight=noise_weight)
    z = pol.log_quadratic_logits_batch(Theta, F)
    R = 0.5 + 0.5 * np.clip(z / B, -1.0, 1.0)
    if reward_noise > 0:
        R = np.clip(R + reward_noise * rng.standard_normal(R.shape), 0.0, 1.0)
    return RoutingInstance(queries=X, features=F, rewards=R, kind="planted", planted=Theta,
                           info={"s": s, "B": B, "tau": s * B * np.sqrt(M), "query_kind": query_kind,
                                 "feature_kind": feature_kind})


def never_repeating_instance(T: int, d: int, M: int, seed: SeedLike, *,
                             repeat_contexts: int | None = None) -> RoutingInstance:
    """Distinct contexts x_t and hidden labels b_t ~ U{0..M−1}: r_t(m) = 1[m = b_t] [derived].

    The unconstrained map x_t ↦ b_t earns T, while any learner's π_t is independent of b_t, so its
    expected reward is T/M: expected regret T(1 − 1/M) against the unconstrained class.
    ``repeat_contexts=k`` (used only by the certificate's mutant) cycles k contexts with fixed labels.
    """
    fn = "never_repeating_instance"
    T, d, M = check_integer(fn, "T", T), check_integer(fn, "d", d), check_integer(fn, "M", M, minimum=2)
    if repeat_contexts is not None:
        check_integer(fn, "repeat_contexts", repeat_contexts)
    elif d < 2 and T > 2:
        raise ValueError(f"{fn}: d must be at least 2 so that T={T} contexts on the sphere can be distinct.")
    rng = rng_from(check_seed(fn, seed))
    if repeat_contexts is None:
        X = make_queries("sphere", T, d, rng)
        labels = rng.integers(0, M, size=T)
        if len({tuple(np.round(x, 12)) for x in X}) != T:
            raise ValueError("never_repeating_instance: contexts collided; draw another seed.")
    else:
        base = make_queries("sphere", repeat_contexts, d, rng)
        base_labels = rng.integers(0, M, size=repeat_contexts)
        idx = np.arange(T) % repeat_contexts
        X, labels = base[idx], base_labels[idx]
    R = np.zeros((T, M))
    R[np.arange(T), labels] = 1.0
    return RoutingInstance(queries=X, features=make_features(X, "rank_one"), rewards=R, kind="never_repeating",
                           info={"labels": labels})
