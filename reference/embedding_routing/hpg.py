"""Learners for the routing bandit: HPG, its parameter-free variant, and the baselines.

[seed] HPG = "Hypentropy Policy Gradient": policy gradient via online mirror descent with (spectral)
hypentropy regularization over a nuclear-norm-bounded set, REINFORCE-style gradients, adapting to
the unknown rank; a parameter-free implementation exists (extra log factor).
[recon] The algorithm box below is this project's (spec ``B_embedding_routing.md``); the paper's box
did not survive.

HPG (``HPG``), with Θ_1 = 0 and dual variable Y_t = ∇φ_β(Θ_t):
  1. π_t = softmax(⟨Θ_{t,m}, Ψ(x_t)⟩)_m;  sample m_t ~ π_t;  observe r_t(m_t);
  2. Ĝ_t = r_t(m_t)(e_{m_t} − π_t)ᵀ ⊗ Ψ(x_t)                        (REINFORCE, ``policies``)
  3. mirror ascent  Ỹ_{t+1} = Y_t + η Ĝ_t                          (∇φ(Θ̃_{t+1}) = ∇φ(Θ_t) + ηĜ_t)
  4. Bregman projection onto {‖Θ‖_* ≤ τ}: one SVD of Ỹ_{t+1}, σ(Ỹ) ↦ max(σ(Ỹ) − ν, 0),
     Θ_{t+1} = U diag(β sinh(·)) Vᵀ                               (``hypentropy.bregman_project_dual``)
Cost per round: O(d²M) for the logits and the rank-structured gradient, plus one thin SVD of a
d×dM matrix, O(d³M) (measured in ``benchmarks/bench_routing.py``).
Default tuning (``bounds.hpg_tuned_parameters``): β = τ/d, η = √(2αR / (T G²(1 − 1/M))).

Parameter-free HPG (``ParameterFreeHPG``) [project's own choice of scheme]: it knows neither s nor B
(so not τ). It runs a *direction* learner — HPG on the unit nuclear ball — and a one-dimensional
*scale* learner — the Krichevsky–Trofimov (KT) coin-betting bettor of Orabona & Pál (2016) with
initial wealth ε — on the scalar rewards g_t = ⟨Ĝ_t, W_t⟩/(√2 Ψ_max) ∈ [−1, 1], and plays
Θ_t = z_t W_t. For any comparator U = ‖U‖_* V: Σ⟨Ĝ_t, U − Θ_t⟩ = √2Ψ_max·[‖U‖_* Σg_t − Σ g_t z_t]
+ ‖U‖_*·Σ⟨Ĝ_t, V − W_t⟩, i.e. (scale regret at ‖U‖_*) + ‖U‖_*·(direction regret on the unit ball).
The KT scale regret is O(‖U‖_*√(T log(1 + ‖U‖_* T/ε))) (Orabona & Pál 2016), which is the extra log
factor. Why this scheme: it needs one extra scalar per round (no grid of τ's, no restarts) and its
guarantee is the sum of two guarantees we can evaluate pathwise: ``bounds.parameter_free_pathwise_bound``
(PF), certified by ``b_parameter_free_hpg_regret_pathwise`` for every comparator radius u at once.

Baselines: ``EuclideanPolicyGradient`` (projected OGD on the Frobenius ball of radius τ with the
same REINFORCE gradients; step τ/(G_F√T), G_F = √(1−1/M)·max‖Ψ‖_F), ``Exp3`` over the experts
(constant class, bandit), ``LogLinearPolicyGradient`` (π ∝ exp(W x + b), REINFORCE + projected OGD),
``TabularExp3`` (one EXP3 per distinct context; used in the intractability certificate) and
``UniformRouter``.

Learner protocol: ``distribution(t, x, Psi) -> π`` and ``update(t, x, Psi, m, reward)``;
log-quadratic learners also expose ``theta`` (the Θ_t used by the last ``distribution`` call).
``run_learner`` plays a learner on a ``RoutingInstance`` and accumulates what the regrets need.

Notation: as in ``policies`` and ``hypentropy``; η = ``eta``, β = ``beta``, τ = ``tau``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from reference._numerics import rng_from
from reference.embedding_routing import bounds as _bounds
from reference.embedding_routing import hypentropy as hy
from reference.embedding_routing import policies as pol

__all__ = [
    "HPG",
    "ParameterFreeHPG",
    "EuclideanPolicyGradient",
    "Exp3",
    "LogLinearPolicyGradient",
    "TabularExp3",
    "UniformRouter",
    "RoutingRun",
    "run_learner",
    "mirror_ascent_step",
]


def mirror_ascent_step(Y, G, eta):
    """Unconstrained mirror ascent in dual coordinates: Ỹ = Y + ηG (∇φ(Θ̃) = ∇φ(Θ) + ηG)."""
    return Y + eta * G


class HPG:
    """Hypentropy Policy Gradient over the nuclear ball {‖Θ‖_* ≤ τ} ⊂ R^{d×dM}."""

    def __init__(self, d: int, M: int, T: int, tau: float, *, beta: float | None = None,
                 eta: float | None = None, psi_max: float = 1.0):
        tuned = _bounds.hpg_tuned_parameters(T=T, M=M, d=d, tau=tau, psi_max=psi_max)
        self.d, self.M, self.tau = d, M, float(tau)
        self.beta = float(beta) if beta is not None else tuned["beta"]
        self.eta = float(eta) if eta is not None else _bounds.hpg_tuned_parameters(
            T=T, M=M, d=d, tau=tau, psi_max=psi_max, beta=self.beta)["eta"]
        self.theta = np.zeros((d, d * M))          # Θ_1 = 0
        self.Y = np.zeros((d, d * M))              # ∇φ(Θ_1) = 0
        self._pi = None

    def distribution(self, t, x, Psi):
        self._pi = pol.log_quadratic_policy(self.theta, Psi)
        return self._pi

    def update(self, t, x, Psi, m, reward):
        G = pol.reinforce_gradient(self._pi, Psi, m, reward)
        self.step(G)

    def step(self, G):
        """One OMD step on an arbitrary gradient G (used by the pathwise certificate too)."""
        Y_tilde = mirror_ascent_step(self.Y, G, self.eta)
        self.theta, self.Y = hy.bregman_project_dual(Y_tilde, self.tau, self.beta)


class ParameterFreeHPG:
    """KT coin-betting scale × HPG direction on the unit nuclear ball (needs neither s nor B)."""

    def __init__(self, d: int, M: int, T: int, *, epsilon: float = 1.0, psi_max: float = 1.0):
        self.direction = HPG(d, M, T, 1.0, psi_max=psi_max)
        self.epsilon = float(epsilon)
        self.wealth = float(epsilon)
        self.coin_sum = 0.0
        self.rounds = 0
        self.g_max = math.sqrt(2.0) * psi_max
        self.z = 0.0
        self.theta = np.zeros((d, d * M))
        self._pi = None

    def _bet(self):
        # KT: bet the fraction β_t = (Σ_{s<t} g_s)/t of the current wealth.
        return self.coin_sum / (self.rounds + 1) * self.wealth

    def distribution(self, t, x, Psi):
        self.z = self._bet()
        self.theta = self.z * self.direction.theta
        self._pi = pol.log_quadratic_policy(self.theta, Psi)
        return self._pi

    def update(self, t, x, Psi, m, reward):
        G = pol.reinforce_gradient(self._pi, Psi, m, reward)
        g = float(np.sum(G * self.direction.theta)) / self.g_max     # coin outcome in [−1, 1]
        self.wealth += g * self.z
        self.coin_sum += g
        self.rounds += 1
        self.direction.step(G)


class EuclideanPolicyGradient:
    """Projected OGD on {‖Θ‖_F ≤ τ} with REINFORCE gradients (the Euclidean baseline)."""

    def __init__(self, d: int, M: int, T: int, tau: float, *, fro_max: float = 1.0, eta: float | None = None):
        self.d, self.M, self.tau = d, M, float(tau)
        g_f = math.sqrt(max(1.0 - 1.0 / M, 1e-12)) * fro_max
        self.eta = float(eta) if eta is not None else self.tau / (g_f * math.sqrt(T))
        self.theta = np.zeros((d, d * M))
        self._pi = None

    def distribution(self, t, x, Psi):
        self._pi = pol.log_quadratic_policy(self.theta, Psi)
        return self._pi

    def update(self, t, x, Psi, m, reward):
        self.step(pol.reinforce_gradient(self._pi, Psi, m, reward))

    def step(self, G):
        th = self.theta + self.eta * G
        n = float(np.linalg.norm(th))
        self.theta = th if n <= self.tau else th * (self.tau / n)


class Exp3:
    """EXP3 over the M experts (the constant class under bandit feedback), loss-based estimates."""

    def __init__(self, M: int, T: int, *, eta: float | None = None):
        self.M = M
        self.eta = float(eta) if eta is not None else math.sqrt(2.0 * math.log(max(M, 2)) / (T * M))
        self.scores = np.zeros(M)
        self._pi = None

    def distribution(self, t=None, x=None, Psi=None):
        self._pi = pol.softmax(self.eta * self.scores)
        return self._pi

    def update(self, t, x, Psi, m, reward):
        # importance-weighted loss estimate: ℓ̂(m) = (1 − r)/π_m on the played arm
        self.scores[m] -= (1.0 - reward) / self._pi[m]


class LogLinearPolicyGradient:
    """π ∝ exp(W x + b) with REINFORCE gradients and projected OGD on ‖(W, b)‖_F ≤ radius."""

    def __init__(self, d: int, M: int, T: int, radius: float, *, eta: float | None = None):
        self.W = np.zeros((M, d))
        self.b = np.zeros(M)
        self.radius = float(radius)
        self.eta = float(eta) if eta is not None else self.radius / math.sqrt(2.0 * T)
        self._pi = None

    def distribution(self, t, x, Psi):
        self._pi = pol.log_linear_policy(self.W, self.b, x)
        return self._pi

    def update(self, t, x, Psi, m, reward):
        c = np.asarray(pol.reinforce_coefficients(self._pi, m, reward))
        W = self.W + self.eta * np.outer(c, x)
        b = self.b + self.eta * c
        n = math.sqrt(float(np.sum(W * W) + np.sum(b * b)))
        scale = 1.0 if n <= self.radius else self.radius / n
        self.W, self.b = W * scale, b * scale


class TabularExp3:
    """One EXP3 per distinct context (rounded to 9 decimals): learns only when contexts repeat."""

    def __init__(self, M: int, T: int):
        self.M, self.T = M, T
        self.tables: dict = {}
        self._key = None

    def distribution(self, t, x, Psi):
        self._key = tuple(np.round(np.asarray(x, dtype=float), 9))
        learner = self.tables.setdefault(self._key, Exp3(self.M, self.T, eta=math.sqrt(math.log(max(self.M, 2)) / 4)))
        return learner.distribution()

    def update(self, t, x, Psi, m, reward):
        self.tables[self._key].update(t, x, Psi, m, reward)


class UniformRouter:
    """π = uniform over the M experts, every round."""

    def __init__(self, M: int):
        self.M = M

    def distribution(self, t, x, Psi):
        return np.full(self.M, 1.0 / self.M)

    def update(self, t, x, Psi, m, reward):
        pass


@dataclass
class RoutingRun:
    """What one play of a learner leaves behind (true rewards known to the simulator).

    ``pis`` (T, M) the policies played; ``chosen`` (T,) the sampled experts; ``expected`` (T,)
    J_t = Σ_m π_t(m) r_t(m); for log-quadratic learners ``grad_sum`` = Σ_t ∇J_t(Θ_t) (d×dM),
    ``inner_sum`` = Σ_t ⟨∇J_t(Θ_t), Θ_t⟩, ``est_grad_sum`` = Σ_t Ĝ_t, ``est_inner_sum`` = Σ_t ⟨Ĝ_t, Θ_t⟩,
    ``est_sq_norms`` (T,) = ‖Ĝ_t‖_op².
    """

    pis: np.ndarray
    chosen: np.ndarray
    expected: np.ndarray
    grad_sum: np.ndarray | None = None
    inner_sum: float | None = None
    est_grad_sum: np.ndarray | None = None
    est_inner_sum: float | None = None
    est_sq_norms: np.ndarray | None = None
    info: dict = field(default_factory=dict)

    @property
    def total_expected_reward(self) -> float:
        return float(np.sum(self.expected))


def run_learner(learner, instance, seed) -> RoutingRun:
    """Play ``learner`` on ``instance`` with bandit feedback; m_t ~ π_t from ``rng_from(seed)``.

    For learners with a ``theta`` attribute, ⟨∇J_t(Θ_t), Θ_t⟩ = Σ_m c_{t,m} z_{t,m} with
    c_t = π_t ⊙ (r_t − J_t) and z_t the logits, and ∇J_t = c_tᵀ ⊗ Ψ_t, so nothing of size T·d²M is kept.
    """
    rng = rng_from(seed)
    T, M = instance.T, instance.M
    d = instance.d
    pis = np.empty((T, M))
    chosen = np.empty(T, dtype=int)
    expected = np.empty(T)
    has_theta = hasattr(learner, "theta")
    grad_sum = np.zeros((d, d * M)) if has_theta else None
    est_sum = np.zeros((d, d * M)) if has_theta else None
    inner = est_inner = 0.0
    sq = np.empty(T) if has_theta else None
    psi_op = np.abs(np.linalg.eigvalsh(instance.features)).max(axis=1) if has_theta else None
    for t in range(T):
        x, Psi, r = instance.queries[t], instance.features[t], instance.rewards[t]
        pi = learner.distribution(t, x, Psi)
        m = int(rng.choice(M, p=pi))
        pis[t], chosen[t] = pi, m
        expected[t] = float(pi @ r)
        if has_theta:
            z = pol.log_quadratic_logits(learner.theta, Psi)
            c = pi * (r - expected[t])                                # true-gradient coefficients
            c_hat = np.asarray(pol.reinforce_coefficients(pi, m, float(r[m])))
            grad_sum += pol.gradient_from_coefficients(c, Psi)
            est_sum += pol.gradient_from_coefficients(c_hat, Psi)
            inner += float(c @ z)
            est_inner += float(c_hat @ z)
            sq[t] = float(c_hat @ c_hat) * float(psi_op[t]) ** 2           # ‖Ĝ_t‖_op² = ‖c‖²‖Ψ‖_op²
        learner.update(t, x, Psi, m, float(r[m]))
    return RoutingRun(pis=pis, chosen=chosen, expected=expected, grad_sum=grad_sum, inner_sum=inner,
                      est_grad_sum=est_sum, est_inner_sum=est_inner, est_sq_norms=sq)
