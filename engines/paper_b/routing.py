"""One routing run from one seed (``scalar_routing_run``) and R of them in lockstep (``lockstep_routing_run``).

Seed derivation [ours; the rule ``engines/scalar_run.py`` hands paper-B names to]: a routing instance is a fixed
oblivious table (queries, features, every reward), so the only randomness of a run is the expert draw
m_t ~ π_t, and the reference's ``hpg.run_learner(learner, instance, seed)`` draws it with
``numpy.random.default_rng(seed).choice(M, p=π_t)``. ``Generator.choice`` with p draws one double u_t =
``random()`` and returns the number of entries of cdf = cumsum(π_t)/cumsum(π_t)[−1] that are ≤ u_t
(``searchsorted(…, side='right')``). So ``scalar_routing_run`` is exactly ``run_learner`` (no seed of its own),
and the lockstep engine draws replicate r's uniforms ``default_rng(seeds[r]).random(T)`` once and applies the same
inverse-CDF rule: replicate r reproduces ``scalar_routing_run(algorithm, instance, seeds[r])`` with identical
experts whenever the policies agree to within the distance of u_t from the nearest cdf entry (the policies agree
to ~1e-15, so a differing draw has probability ~1e-15 per round; tests compare every action).

Algorithms (``ROUTING_ALGORITHMS``; a ``RouterSpec`` carries constructor keywords, a bare name uses defaults):
``"hpg"`` (``HPG``; τ defaults to ``instance.info["tau"]``), ``"efficient_hpg"`` (scalar only: ``EfficientHPG``;
its lockstep form is ``"hpg"``'s), ``"exp3"``, ``"euclidean_pg"`` (τ as HPG), ``"log_linear_pg"`` (radius
defaults to τ), ``"uniform"``.

Main statements
---------------
* ``lockstep_routing_run(alg, instance, seeds).replicate(r)`` equals ``scalar_routing_run(alg, instance,
  seeds[r])`` field by field: ``chosen`` identical, ``pis``/``expected``/gradient sums within the oracle's router
  tolerance (``certificates.oracle.trajectories_b.ROUTER``: 1e-10 + 1e-7·max|ref|) [measured; tests in
  ``tests/test_engines_paper_b.py``, which also replay every lockstep class through the trajectory oracle].
* The gradient sums of a log-quadratic run are accumulated at the end, Σ_t c_{t,m} Ψ_t as one matrix product over
  t (the reference adds one d × dM matrix per round): the same sums in a different order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engines.paper_b import lockstep as ls
from engines.paper_b.efficient_hpg import EfficientHPG
from reference.embedding_routing import hpg as ref_hpg
from reference.embedding_routing.environment import RoutingInstance

__all__ = ["ROUTING_ALGORITHMS", "RouterSpec", "LockstepRun", "build_router", "build_lockstep",
           "scalar_routing_run", "lockstep_routing_run", "inverse_cdf_draws"]

ROUTING_ALGORITHMS = ("hpg", "efficient_hpg", "exp3", "euclidean_pg", "log_linear_pg", "uniform")
_LOG_QUADRATIC = ("hpg", "efficient_hpg", "euclidean_pg")


@dataclass(frozen=True)
class RouterSpec:
    """An algorithm name from ``ROUTING_ALGORITHMS`` and constructor keywords (tau, eta, beta, psi_max, …)."""

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)


def _spec(fn: str, algorithm: Any) -> RouterSpec:
    spec = RouterSpec(algorithm) if isinstance(algorithm, str) else algorithm
    if not isinstance(spec, RouterSpec):
        raise TypeError(f"{fn}: algorithm must be a name in {ROUTING_ALGORITHMS} or a RouterSpec; "
                        f"got {type(algorithm).__name__}.")
    if spec.name not in ROUTING_ALGORITHMS:
        raise ValueError(f"{fn}: algorithm must be one of {ROUTING_ALGORITHMS}; got {spec.name!r}.")
    return spec


def _check_instance(fn: str, instance: Any) -> RoutingInstance:
    if not isinstance(instance, RoutingInstance):
        raise TypeError(f"{fn}: instance must be a RoutingInstance; got {type(instance).__name__}.")
    return instance


def _arguments(spec: RouterSpec, instance: RoutingInstance) -> tuple[tuple, dict]:
    """(positional, keyword) constructor arguments of the reference class for this instance."""
    p = dict(spec.params)
    d, M, T = instance.d, instance.M, instance.T
    tau = p.pop("tau", instance.info.get("tau", 1.0))
    if spec.name in ("hpg", "efficient_hpg", "euclidean_pg"):
        return (d, M, T, tau), p
    if spec.name == "log_linear_pg":
        return (d, M, T, p.pop("radius", tau)), p
    if spec.name == "exp3":
        return (M, T), p
    return (M,), p


_SCALAR = {"hpg": ref_hpg.HPG, "efficient_hpg": EfficientHPG, "exp3": ref_hpg.Exp3,
           "euclidean_pg": ref_hpg.EuclideanPolicyGradient, "log_linear_pg": ref_hpg.LogLinearPolicyGradient,
           "uniform": ref_hpg.UniformRouter}
_LOCKSTEP = {"hpg": ls.LockstepHPG, "efficient_hpg": ls.LockstepHPG, "exp3": ls.LockstepExp3,
             "euclidean_pg": ls.LockstepEuclideanPolicyGradient, "log_linear_pg": ls.LockstepLogLinearPolicyGradient,
             "uniform": ls.LockstepUniformRouter}


def build_router(algorithm: str | RouterSpec, instance: RoutingInstance) -> Any:
    """The scalar learner (reference class, or ``EfficientHPG``) for ``algorithm`` on ``instance``."""
    spec = _spec("build_router", algorithm)
    args, kwargs = _arguments(spec, _check_instance("build_router", instance))
    return _SCALAR[spec.name](*args, **kwargs)


def build_lockstep(algorithm: str | RouterSpec, instance: RoutingInstance, replicates: int) -> Any:
    """The lockstep learner with R = ``replicates`` copies for ``algorithm`` on ``instance``."""
    spec = _spec("build_lockstep", algorithm)
    args, kwargs = _arguments(spec, _check_instance("build_lockstep", instance))
    if spec.name == "efficient_hpg":
        for key in ("refactor_every", "features"):
            kwargs.pop(key, None)
    return _LOCKSTEP[spec.name](*args, replicates=replicates, **kwargs)


def scalar_routing_run(algorithm: str | RouterSpec, instance: RoutingInstance, seed: int) -> ref_hpg.RoutingRun:
    """The reference run: ``hpg.run_learner(build_router(algorithm, instance), instance, seed)``."""
    fn = "scalar_routing_run"
    _check_instance(fn, instance)
    _seeds(fn, [seed])
    return ref_hpg.run_learner(build_router(algorithm, instance), instance, int(seed))


def _seeds(fn: str, seeds: Any) -> list[int]:
    try:
        out = list(seeds)
    except TypeError:
        raise TypeError(f"{fn}: seeds must be a sequence of non-negative integers; got {type(seeds).__name__}.") \
            from None
    if not out or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 0 for s in out):
        raise ValueError(f"{fn}: seeds must be a non-empty sequence of non-negative integers; got {seeds!r}.")
    return [int(s) for s in out]


def inverse_cdf_draws(P: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Row r: the index ``Generator.choice(M, p=P[r])`` returns when its ``random()`` gives u[r].

    P (R, M): rows of non-negative finite numbers with positive sums; u (R,) in [0, 1). Messages
    ``inverse_cdf_draws: ``.
    """
    fn = "inverse_cdf_draws"
    P, u = np.asarray(P), np.asarray(u)
    if P.dtype.kind not in "fiu" or P.ndim != 2 or P.shape[1] < 1 or u.dtype.kind != "f" or u.shape != (P.shape[0],):
        raise ValueError(f"{fn}: P must be a real (R, M) array and u a float array of shape (R,); "
                         f"got shapes {P.shape} and {u.shape}.")
    if not (np.all(np.isfinite(P)) and np.all(P >= 0) and np.all(P.sum(axis=1) > 0)):
        raise ValueError(f"{fn}: P must hold finite non-negative rows with positive sums.")
    if not np.all((u >= 0) & (u < 1)):
        raise ValueError(f"{fn}: u must lie in [0, 1).")
    cdf = np.cumsum(P.astype(float), axis=1)
    cdf /= cdf[:, -1:]
    return np.sum(cdf <= u[:, None], axis=1)


def _draws(P: np.ndarray, u: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(P, axis=1)
    cdf /= cdf[:, -1:]
    return np.sum(cdf <= u[:, None], axis=1)


@dataclass
class LockstepRun:
    """R runs at once: ``pis`` (R, T, M), ``chosen`` (R, T), ``expected`` (R, T); for log-quadratic learners the
    per-replicate gradient sums (as ``RoutingRun``), else None; ``learner`` the final lockstep state."""

    seeds: list[int]
    pis: np.ndarray
    chosen: np.ndarray
    expected: np.ndarray
    grad_sum: np.ndarray | None = None
    inner_sum: np.ndarray | None = None
    est_grad_sum: np.ndarray | None = None
    est_inner_sum: np.ndarray | None = None
    est_sq_norms: np.ndarray | None = None
    learner: Any = None

    def replicate(self, r: int) -> ref_hpg.RoutingRun:
        """Replicate r as the ``RoutingRun`` that ``scalar_routing_run(…, seeds[r])`` returns."""
        if isinstance(r, bool) or not isinstance(r, (int, np.integer)) or not 0 <= r < len(self.seeds):
            raise ValueError(f"LockstepRun.replicate: r must be a replicate index in 0..{len(self.seeds) - 1}; "
                             f"got {r!r}.")
        if self.grad_sum is None:
            return ref_hpg.RoutingRun(pis=self.pis[r], chosen=self.chosen[r], expected=self.expected[r],
                                      inner_sum=0.0, est_inner_sum=0.0)
        assert self.inner_sum is not None and self.est_grad_sum is not None
        assert self.est_inner_sum is not None and self.est_sq_norms is not None
        return ref_hpg.RoutingRun(pis=self.pis[r], chosen=self.chosen[r], expected=self.expected[r],
                                  grad_sum=self.grad_sum[r], inner_sum=float(self.inner_sum[r]),
                                  est_grad_sum=self.est_grad_sum[r], est_inner_sum=float(self.est_inner_sum[r]),
                                  est_sq_norms=self.est_sq_norms[r])


def lockstep_routing_run(algorithm: str | RouterSpec, instance: RoutingInstance,
                         seeds: Sequence[int]) -> LockstepRun:
    """R = len(seeds) runs of ``algorithm`` on ``instance`` advanced together; replicate r ≙ seed seeds[r]."""
    fn = "lockstep_routing_run"
    spec = _spec(fn, algorithm)
    inst = _check_instance(fn, instance)
    seed_list = _seeds(fn, seeds)
    R, T, M = len(seed_list), inst.T, inst.M
    learner = build_lockstep(spec, inst, R)
    U = np.stack([np.random.default_rng(s).random(T) for s in seed_list])   # the draws of run_learner's choice
    pis, chosen, expected = np.empty((R, T, M)), np.empty((R, T), dtype=int), np.empty((R, T))
    lq = spec.name in _LOG_QUADRATIC
    C, C_hat, Z = (np.empty((R, T, M) if lq else (0, 0, 0)) for _ in range(3))
    rows = np.arange(R)
    for t in range(T):
        x, Psi, r = inst.queries[t], inst.features[t], inst.rewards[t]
        P = learner.policies(t, x, Psi)
        m = _draws(P, U[:, t])
        pis[:, t], chosen[:, t] = P, m
        J = P @ r
        expected[:, t] = J
        rewards = r[m]
        if lq:
            C[:, t] = P * (r[None, :] - J[:, None])                          # true-gradient coefficients
            E = np.zeros((R, M))
            E[rows, m] = 1.0
            C_hat[:, t] = rewards[:, None] * (E - P)                         # REINFORCE coefficients
            Z[:, t] = learner.logits_last
        learner.update_batch(t, x, Psi, m, rewards)
    run = LockstepRun(seeds=seed_list, pis=pis, chosen=chosen, expected=expected, learner=learner)
    if lq:
        _gradient_totals(run, inst, C, C_hat, Z)
    return run


def _gradient_totals(run: LockstepRun, inst: RoutingInstance, C: np.ndarray, C_hat: np.ndarray,
                     Z: np.ndarray) -> None:
    """Σ_t c_tᵀ ⊗ Ψ_t, Σ_t ⟨c_t, z_t⟩ (true and REINFORCE) and ‖Ĝ_t‖_op² = ‖ĉ_t‖²‖Ψ_t‖_op², as run_learner keeps."""
    R, T, M = C.shape
    d = inst.d
    F = inst.features.reshape(T, d * d)

    def total(coef: np.ndarray) -> np.ndarray:
        S = coef.transpose(0, 2, 1).reshape(R * M, T) @ F                   # (R·M, d²): Σ_t c_{t,m} Ψ_t
        return S.reshape(R, M, d, d).transpose(0, 2, 1, 3).reshape(R, d, M * d)

    psi_op = np.abs(np.linalg.eigvalsh(inst.features)).max(axis=1)
    run.grad_sum, run.est_grad_sum = total(C), total(C_hat)
    run.inner_sum = np.einsum("rtm,rtm->r", C, Z)
    run.est_inner_sum = np.einsum("rtm,rtm->r", C_hat, Z)
    run.est_sq_norms = np.einsum("rtm,rtm->rt", C_hat, C_hat) * psi_op[None, :] ** 2
