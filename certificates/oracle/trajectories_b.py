"""Algorithm oracle entries for paper B (Dai, Golrezaei & Jaillet, arXiv 2606.14929): the routers, each with an
instance builder ``scenario(instance_seed, d, T)`` (protocols and modes: ``certificates.oracle.trajectories``).

Instances are ``planted_instance`` tables (rank s ≤ 3 planted Θ*, M ∈ 2..5 experts, queries in the planted
subspace, on the sphere or ±basis vectors; rank-one or multi-vector features), so the rewards are continuous and
query-dependent and every REINFORCE step moves the iterate; d goes up to ``max_size`` (default 32). The nuclear
radius τ is the planted one (s·B·√M) times 1/2, 1 or 2, so HPG's projection is active on some instances and not on
others. ``TabularExp3`` gets ±basis queries (its contexts repeat).
"""

from __future__ import annotations

import numpy as np

from certificates.oracle.core import Tolerance
from certificates.oracle.trajectories import AlgorithmSpec, Scenario, register_algorithm
from reference.embedding_routing.environment import planted_instance

__all__ = ["ROUTER", "SPECS_B"]

B = "reference.embedding_routing.hpg"

ROUTER = Tolerance("trajectory-svd", 1e-7, 1e-10,
                   "one LAPACK SVD per round (≈ d·eps relative, singular vectors unique up to sign) composed with "
                   "sinh/asinh over T rounds: rounding ≈ 1e-11; a step or gradient bug moves π_t by ≥ 1e-5")


def _instance(rng: np.random.Generator, d: int, T: int, query_kind: str | None = None):
    M = int(rng.integers(2, 6))
    s = int(rng.integers(1, min(d, 3) + 1))
    kind = query_kind or str(rng.choice(["subspace", "sphere", "basis"]))
    feature = str(rng.choice(["rank_one", "multi_vector"]))
    inst = planted_instance(T, d, M, s, int(rng.integers(2**31)), query_kind=kind, feature_kind=feature)
    tau = float(inst.info["tau"] * rng.choice([0.5, 1.0, 2.0]))
    return inst, M, tau, {"d": d, "M": M, "s": s, "query_kind": kind, "feature_kind": feature, "tau": tau}


def _router_scenario(kind: str):
    def scenario(instance_seed: int, d: int, T: int) -> Scenario:
        rng = np.random.default_rng(instance_seed)
        inst, M, tau, params = _instance(rng, d, T, "basis" if kind == "tabular" else None)
        if kind == "hpg":
            psi = float(inst.feature_op_norm_max()) if rng.random() < 0.5 else 1.0
            build, call = (lambda cls: cls(d, M, T, tau, psi_max=psi)), f"cls({d}, {M}, {T}, {tau!r}, psi_max={psi!r})"
        elif kind == "pf":
            eps = float(rng.choice([1.0, 0.5]))
            build, call = (lambda cls: cls(d, M, T, epsilon=eps)), f"cls({d}, {M}, {T}, epsilon={eps!r})"
        elif kind == "euclid":
            fro = float(inst.feature_fro_norm_max())
            build, call = (lambda cls: cls(d, M, T, tau, fro_max=fro)), f"cls({d}, {M}, {T}, {tau!r}, fro_max={fro!r})"
        elif kind == "loglinear":
            build, call = (lambda cls: cls(d, M, T, tau)), f"cls({d}, {M}, {T}, {tau!r})"
        elif kind in ("exp3", "tabular"):
            build, call = (lambda cls: cls(M, T)), f"cls({M}, {T})"
        else:
            build, call = (lambda cls: cls(M)), f"cls({M})"
        return Scenario(build, call, inst.rewards, params, routing=inst)
    return scenario


def _spec(name: str, attr: str, kind: str, iterates: tuple[str, ...] = (), note: str = "") -> AlgorithmSpec:
    return AlgorithmSpec(name, "B", B, attr, "router", _router_scenario(kind), ROUTER, min_size=1, iterates=iterates,
                         note=note)


SPECS_B = [
    _spec("HPG", "HPG", "hpg", ("theta",), "Θ_t (theta) is compared after every update when the candidate has it."),
    _spec("ParameterFreeHPG", "ParameterFreeHPG", "pf", ("theta",),
          "Θ_t = z_t W_t (theta) is compared after every update when the candidate has it."),
    _spec("B.Exp3", "Exp3", "exp3", ("scores",)),
    _spec("AdaptiveHPG", "AdaptiveHPG", "hpg", ("theta",), "HPG with η_t from the observed gradients; Θ_t compared."),
    _spec("EuclideanPolicyGradient", "EuclideanPolicyGradient", "euclid", ("theta",)),
    _spec("NuclearEuclideanPolicyGradient", "NuclearEuclideanPolicyGradient", "euclid", ("theta",),
          "Projected OGD on HPG's nuclear ball; Θ_t compared."),
    _spec("LogLinearPolicyGradient", "LogLinearPolicyGradient", "loglinear", ("W", "b")),
    _spec("TabularExp3", "TabularExp3", "tabular", note="Queries are ±basis vectors, so contexts repeat."),
    _spec("UniformRouter", "UniformRouter", "uniform"),
]

for _s in SPECS_B:
    register_algorithm(_s)
