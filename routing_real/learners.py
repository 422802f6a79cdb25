"""The learners of the real routing benchmark: this project's (through their public API) and peers' (adapters).

Every entry is one line of ``LEARNERS`` — ``LearnerSpec(name, family, build)`` with
``build(instance, tau, seed) -> Router`` (the ``reference.embedding_routing.hpg.Router`` protocol:
``distribution(t, x, Psi) -> π``, ``update(t, x, Psi, m, reward)``) — or of ``OPTIONAL``, a learner
looked up by module and attribute name at run time (helpers add learners to the reference and to
``engines/``; a name not found is reported by ``available_learners`` instead of failing).

Peers [project adapters, thin]: Vowpal Wabbit's ``cb_explore_adf`` (SquareCB exploration; VW
returns a probability vector, which we play as π) and river's ``LinUCBDisjoint`` (deterministic:
π is the one-hot vector of the arm it pulls). Both see the router context x_t (the same d numbers
as our learners), VW with shared×action quadratic interactions, and the reward r_t(m_t) ∈ {0, 1}.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import reference.embedding_routing.hpg as hpg
from reference.embedding_routing.environment import RoutingInstance

__all__ = ["LearnerSpec", "LEARNERS", "OPTIONAL", "available_learners", "VWAdapter", "RiverLinUCBAdapter"]

Build = Callable[[RoutingInstance, float, int], Any]


@dataclass(frozen=True)
class LearnerSpec:
    """A benchmark row: display name, family (ours / baseline / peer), constructor.

    ``lockstep`` (optional): (algorithm name of ``engines.paper_b.routing``, keywords from (instance, τ)) — the
    same learner run for all seeds at once by the lockstep engine, which reproduces ``run_learner`` seed by
    seed (``engines/paper_b/routing.py``); used when that engine is importable.
    """

    name: str
    family: str
    build: Build
    lockstep: tuple[str, Callable[[RoutingInstance, float], dict]] | None = None


class VWAdapter:
    """Vowpal Wabbit ``--cb_explore_adf`` as a Router: shared features x_t, one action namespace per expert."""

    def __init__(self, M: int, seed: int, args: str = "--squarecb") -> None:
        import vowpalwabbit

        self.M = M
        self.vw = vowpalwabbit.Workspace(f"--cb_explore_adf {args} -q sa --quiet --random_seed {int(seed)}")
        self._pi = np.full(M, 1.0 / M)

    def _examples(self, x: np.ndarray, label: tuple[int, float, float] | None = None) -> list[str]:
        shared = "shared |s " + " ".join(f"f{i}:{v:.6g}" for i, v in enumerate(x))
        lines = [shared]
        for m in range(self.M):
            prefix = f"0:{label[1]:.6g}:{label[2]:.6g} " if label is not None and label[0] == m else ""
            lines.append(f"{prefix}|a e{m}")
        return lines

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """VW's exploration pmf over the M experts."""
        p = np.asarray(self.vw.predict(self._examples(x)), dtype=float)
        self._pi = p / p.sum()
        return self._pi

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """Learn with cost −reward at the played expert and its probability."""
        self.vw.learn(self._examples(x, (m, -float(reward), float(self._pi[m]))))


class RiverLinUCBAdapter:
    """river's ``bandit.LinUCBDisjoint`` as a Router (π = one-hot of the pulled expert)."""

    def __init__(self, M: int, seed: int, alpha: float = 1.0) -> None:
        from river import bandit

        self.M = M
        self.policy = bandit.LinUCBDisjoint(alpha=alpha, seed=int(seed))

    @staticmethod
    def _ctx(x: np.ndarray) -> dict[str, float]:
        return {f"f{i}": float(v) for i, v in enumerate(x)}

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """One-hot on the arm LinUCB pulls for context x."""
        arm = int(self.policy.pull(list(range(self.M)), context=self._ctx(x)))
        pi = np.zeros(self.M)
        pi[arm] = 1.0
        return pi

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """Ridge update of the played arm."""
        self.policy.update(int(m), self._ctx(x), float(reward))


def _hpg_scaled(factor: float) -> Build:
    def build(i: RoutingInstance, tau: float, seed: int) -> Any:
        base = hpg.HPG(i.d, i.M, i.T, tau)
        return hpg.HPG(i.d, i.M, i.T, tau, eta=base.eta * factor)
    return build


def _eta100(i: RoutingInstance, tau: float) -> dict:
    return {"tau": tau, "eta": 100.0 * hpg.HPG(i.d, i.M, i.T, tau).eta}


LEARNERS: list[LearnerSpec] = [
    LearnerSpec("HPG (bound-tuned η)", "ours", lambda i, tau, s: hpg.HPG(i.d, i.M, i.T, tau),
                ("hpg", lambda i, tau: {"tau": tau})),
    LearnerSpec("HPG (η × 100, hand-set)", "ours", _hpg_scaled(100.0), ("hpg", _eta100)),
    LearnerSpec("parameter-free HPG", "ours", lambda i, tau, s: hpg.ParameterFreeHPG(i.d, i.M, i.T)),
    LearnerSpec("Euclidean PG (Frobenius ball τ)", "baseline",
                lambda i, tau, s: hpg.EuclideanPolicyGradient(i.d, i.M, i.T, tau, fro_max=i.feature_fro_norm_max()),
                ("euclidean_pg", lambda i, tau: {"tau": tau, "fro_max": i.feature_fro_norm_max()})),
    LearnerSpec("log-linear PG", "baseline", lambda i, tau, s: hpg.LogLinearPolicyGradient(i.d, i.M, i.T, tau),
                ("log_linear_pg", lambda i, tau: {"radius": tau})),
    LearnerSpec("Exp3", "baseline", lambda i, tau, s: hpg.Exp3(i.M, i.T), ("exp3", lambda i, tau: {})),
    LearnerSpec("uniform", "baseline", lambda i, tau, s: hpg.UniformRouter(i.M), ("uniform", lambda i, tau: {})),
    LearnerSpec("VW cb_explore_adf (squarecb)", "peer", lambda i, tau, s: VWAdapter(i.M, s)),
    LearnerSpec("river LinUCBDisjoint", "peer", lambda i, tau, s: RiverLinUCBAdapter(i.M, s)),
]

#: (display name, family, module, attribute, build from the attribute): learners other helpers add.
OPTIONAL: list[tuple[str, str, str, str, Callable[[Any, RoutingInstance, float, int], Any]]] = [
    ("HPG (practical η schedule)", "ours", "reference.embedding_routing.hpg", "AdaptiveHPG",
     lambda C, i, tau, s: C(i.d, i.M, i.T, tau)),
    ("Euclidean PG (nuclear ball τ)", "baseline", "reference.embedding_routing.hpg", "NuclearEuclideanPolicyGradient",
     lambda C, i, tau, s: C(i.d, i.M, i.T, tau)),
    ("efficient HPG (engines, bound-tuned η)", "ours", "engines.paper_b.efficient_hpg", "EfficientHPG",
     lambda C, i, tau, s: C(i.d, i.M, i.T, tau)),
]


def available_learners() -> tuple[list[LearnerSpec], list[str]]:
    """(LEARNERS + the OPTIONAL ones found, the names "module.attribute" of those not found)."""
    specs = list(LEARNERS)
    missing = []
    for name, family, module, attr, build in OPTIONAL:
        try:
            C = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError):
            missing.append(f"{module}.{attr}")
            continue
        specs.append(LearnerSpec(name, family, lambda i, tau, s, C=C, build=build: build(C, i, tau, s)))
    return specs, missing
