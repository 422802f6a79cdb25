"""Learners for the routing bandit: HPG, its parameter-free variant, and the baselines.

Paper B (arXiv 2606.14929) proposes "a policy gradient algorithm called Hypentropy Policy Gradient
(HPG)" that "provably adapts to the unknown low-rank structure under incomplete information", and
"an computationally efficient and parameter-free implementation of HPG" (sic) [seed, abstract]. Its
algorithm box did not survive: the box below is our reconstruction [recon]
(``docs/reconstruction_B.md`` §5–6); the parameter-free scheme is our own [project].

Main statements
---------------
HPG (``HPG``) [recon], with Θ_1 = 0 and dual variable Y_t = ∇φ_β(Θ_t):
  1. π_t = softmax(⟨Θ_{t,m}, Ψ(x_t)⟩)_m;  sample m_t ~ π_t;  observe r_t(m_t);
  2. Ĝ_t = r_t(m_t)(e_{m_t} − π_t)ᵀ ⊗ Ψ(x_t)                        (REINFORCE, ``policies``)
  3. mirror ascent  Ỹ_{t+1} = Y_t + η Ĝ_t                          (∇φ(Θ̃_{t+1}) = ∇φ(Θ_t) + ηĜ_t)
  4. Bregman projection onto {‖Θ‖_* ≤ τ}: one SVD of Ỹ_{t+1}, σ(Ỹ) ↦ max(σ(Ỹ) − ν, 0),
     Θ_{t+1} = U diag(β sinh(·)) Vᵀ                               (``hypentropy.bregman_project_dual``)
Default tuning (``bounds.hpg_tuned_parameters``): β = τ/d, η = √(2αR / (T Ψ²(1 − 1/M))).
Its regret bound is the Theorem of ``bounds`` (certificates ``b_omd_inequality_pathwise``,
``certificates/embedding_routing/omd.py``, and ``b_hpg_expected_regret_le_bound``,
``certificates/embedding_routing/hpg_regret.py``).

Parameter-free HPG (``ParameterFreeHPG``) [project]: it knows neither s nor B (so not τ). It runs a
*direction* learner — ``AdaptiveHPG`` on the unit nuclear ball — and a one-dimensional *scale* learner — the
Krichevsky–Trofimov (KT) coin-betting bettor of Orabona & Pál (2016) with initial wealth ε = √T — on the
scalar rewards g_t = ⟨Ĝ_t, W_t⟩/(√2 Ψ_max) ∈ [−1, 1], and plays Θ_t = z_t W_t. For any comparator
U = ‖U‖_* V: Σ⟨Ĝ_t, U − Θ_t⟩ = √2Ψ_max·[‖U‖_* Σg_t − Σ g_t z_t] + ‖U‖_*·Σ⟨Ĝ_t, V − W_t⟩, i.e.
(scale regret at ‖U‖_*) + ‖U‖_*·(direction regret on the unit ball). The KT scale regret is
O(‖U‖_*√(T log(1 + ‖U‖_* T/ε))) (Orabona & Pál 2016): an extra log factor (ours). The bound (PF)
of ``bounds.parameter_free_pathwise_bound`` is certified by ``b_parameter_free_hpg_regret_pathwise``
(``certificates/embedding_routing/parameter_free.py``) for every comparator radius u at once.
Findings: docs/findings.md, "Paper B parameter-free HPG: choice of scheme".

Practical step size [derived]: ``AdaptiveHPG``, η_t = √(αD_max/Σ_{s≤t}‖g_s‖_op²), pathwise regret
≤ 2√(D_max Σ_t‖g_t‖_op²/α) (``bounds.adaptive_omd_pathwise_bound``, certificate ``b_adaptive_hpg_regret_pathwise``,
``certificates/embedding_routing/practical.py``).

Baselines [project]: ``NuclearEuclideanPolicyGradient`` (projected OGD on HPG's nuclear ball, the like-for-like
baseline), ``EuclideanPolicyGradient`` (projected OGD on the Frobenius ball of radius τ — a different, larger class —
with the same REINFORCE gradients; step τ/(G_F√T), G_F = √(1−1/M)·max‖Ψ‖_F), ``Exp3`` over the
experts (constant class, bandit), ``LogLinearPolicyGradient`` (π ∝ exp(W x + b), REINFORCE +
projected OGD), ``TabularExp3`` (one EXP3 per distinct context; used in the intractability
certificate) and ``UniformRouter``.

Notation
--------
=====  ==================  =====================================================
symbol Python              meaning
=====  ==================  =====================================================
η      ``eta``             step size
β      ``beta``            hypentropy scale
τ      ``tau``             nuclear-ball radius
Y_t    ``Y``               dual iterate ∇φ_β(Θ_t)
Θ_t    ``theta``           the parameter used by the last ``distribution`` call
ε      ``epsilon``         KT initial wealth
z_t    ``z``               KT bet (the scale of Θ_t)
W_t    ``direction.theta`` direction iterate on the unit nuclear ball
=====  ==================  =====================================================

Implementation notes. Learner protocol (``Router``): ``distribution(t, x, Psi) -> π`` and
``update(t, x, Psi, m, reward)``; log-quadratic learners (``LogQuadraticRouter``) also expose
``theta``. ``run_learner`` plays a learner on a ``RoutingInstance`` and accumulates what the regrets
need. Cost per round of HPG: O(d²M) for the logits and the rank-structured gradient, plus one thin
SVD of a d×dM matrix, O(d³M) (measured in ``benchmarks/bench_routing.py``).

References: paper B, arXiv 2606.14929 (abstract); F. Orabona, D. Pál, "Coin Betting and
Parameter-Free Online Learning", NeurIPS 2016; P. Auer et al., "The Nonstochastic Multiarmed Bandit
Problem", SIAM J. Comput. 2002 (EXP3).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from reference._numerics import check_integer, check_real, rng_from
from reference.embedding_routing import bounds as bd
from reference.embedding_routing import hypentropy as hy
from reference.embedding_routing import policies as pol
from reference.embedding_routing.environment import RoutingInstance, SeedLike, feature_op_norms

__all__ = [
    "Router",
    "LogQuadraticRouter",
    "HPG",
    "AdaptiveHPG",
    "ParameterFreeHPG",
    "EuclideanPolicyGradient",
    "NuclearEuclideanPolicyGradient",
    "Exp3",
    "LogLinearPolicyGradient",
    "TabularExp3",
    "UniformRouter",
    "RoutingRun",
    "run_learner",
    "mirror_ascent_step",
]


class Router(Protocol):
    """A routing learner: a policy π_t over the M experts each round, then the bandit feedback."""

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """π_t(· | x_t), a probability vector of length M."""
        ...

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """Learn from the played expert m_t and its reward r_t(m_t)."""
        ...


@runtime_checkable
class LogQuadraticRouter(Router, Protocol):
    """A router whose policy is log-quadratic, π_t = π_{Θ_t}: ``theta`` is the Θ_t last played."""

    theta: np.ndarray


class _PlayedPolicy:
    """Keeps the π_t returned by the last ``distribution`` call for the following ``update``."""

    _pi: np.ndarray | None = None

    def _last_policy(self) -> np.ndarray:
        if self._pi is None:
            raise RuntimeError(f"{type(self).__name__}.update: call distribution(t, x, Psi) first; "
                               "no policy was played.")
        return self._pi


def mirror_ascent_step(Y: np.ndarray, G: np.ndarray, eta: float) -> np.ndarray:
    """Unconstrained mirror ascent in dual coordinates: Ỹ = Y + ηG (∇φ(Θ̃) = ∇φ(Θ) + ηG)."""
    fn = "mirror_ascent_step"
    Ya, Ga = pol.check_matrix(fn, "Y", Y), pol.check_matrix(fn, "G", G)
    if Ya.shape != Ga.shape:
        raise ValueError(f"{fn}: Y and G must have the same shape; got {Ya.shape} and {Ga.shape}.")
    check_real(fn, "eta", eta, low=0, what="(the step size)")
    out = Ya + eta * Ga
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{fn}: Y + ηG overflows float64; eta or G is too large.")
    return out


def _check_round(fn: str, d: int, Psi: np.ndarray) -> np.ndarray:
    """Ψ_t of a d-dimensional learner: a finite d×d matrix."""
    F = pol.check_matrix(fn, "Psi", Psi, square=True)
    if F.shape != (d, d):
        raise ValueError(f"{fn}: Psi must have shape (d, d) = ({d}, {d}); got {F.shape}.")
    return F


def _check_feedback(fn: str, M: int, m: int, reward: float) -> None:
    """The played expert m ∈ 0..M−1 and its reward r ∈ [0, 1]."""
    m = check_integer(fn, "m", m, minimum=0)
    if m >= M:
        raise ValueError(f"{fn}: m must be an expert index in 0..{M - 1}; got {m}.")
    pol.check_reward(fn, reward)


def _check_gradient(fn: str, G: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    A = pol.check_matrix(fn, "G", G)
    if A.shape != shape:
        raise ValueError(f"{fn}: G must have shape {shape}; got {A.shape}.")
    return A


class HPG(_PlayedPolicy):
    """Hypentropy Policy Gradient over the nuclear ball {‖Θ‖_* ≤ τ} ⊂ R^{d×dM} [recon]."""

    def __init__(self, d: int, M: int, T: int, tau: float, *, beta: float | None = None,
                 eta: float | None = None, psi_max: float = 1.0) -> None:
        fn = type(self).__name__
        d, M, T = check_integer(fn, "d", d), check_integer(fn, "M", M, minimum=2), check_integer(fn, "T", T)
        tau = hy.check_radius(fn, tau)
        if beta is not None:
            hy.check_beta(fn, beta)
        if eta is not None:
            check_real(fn, "eta", eta, low=0, low_open=True, what="(the step size)")
        check_real(fn, "psi_max", psi_max, low=0, low_open=True)
        self.T = T
        tuned = bd.hpg_tuned_parameters(T=T, M=M, d=d, tau=tau, psi_max=psi_max)
        self.d, self.M, self.tau = d, M, float(tau)
        self.beta = float(beta) if beta is not None else tuned["beta"]
        self.eta = float(eta) if eta is not None else bd.hpg_tuned_parameters(
            T=T, M=M, d=d, tau=tau, psi_max=psi_max, beta=self.beta)["eta"]
        self.theta = np.zeros((d, d * M))          # Θ_1 = 0
        self.Y = np.zeros((d, d * M))              # ∇φ(Θ_1) = 0

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """π_t = π_{Θ_t}(· | x_t)."""
        F = _check_round(f"{type(self).__name__}.distribution", self.d, Psi)
        self._pi = pol.log_quadratic_policy(self.theta, F)
        return self._pi

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """Steps 2–4 with the REINFORCE estimate Ĝ_t."""
        fn = f"{type(self).__name__}.update"
        _check_feedback(fn, self.M, m, reward)
        G = pol.reinforce_gradient(self._last_policy(), _check_round(fn, self.d, Psi), m, reward)
        self.step(G)

    def step(self, G: np.ndarray) -> None:
        """One OMD step on an arbitrary gradient G (used by the pathwise certificate too)."""
        G = _check_gradient(f"{type(self).__name__}.step", G, self.theta.shape)
        Y_tilde = mirror_ascent_step(self.Y, G, self.eta)
        self.theta, self.Y = hy.bregman_project_dual(Y_tilde, self.tau, self.beta)


class AdaptiveHPG(HPG):
    """HPG with the data-adaptive schedule η_t = √(α·D_max / Σ_{s≤t}‖g_s‖_op²) (AdaGrad-style) [derived].

    Theorem (adaptive OMD, pathwise) [derived]. With D_max = 2τ·asinh(τ/β) ≥ max_{U,V∈K} D_φ(U, V) (``bounds.
    bregman_diameter``) and η_t non-increasing, Step 1 of ``bounds`` divided by η_t and summed gives
    Σ_t⟨g_t, U − Θ_t⟩ ≤ D_max/η_T + Σ_t η_t‖g_t‖_op²/(2α); with η_t = c/√S_t (S_t = Σ_{s≤t}‖g_s‖²,
    c = √(αD_max)) and Σ_t ‖g_t‖²/√S_t ≤ 2√S_T this is ≤ 2√(D_max·S_T/α) (``bounds.adaptive_omd_pathwise_bound``;
    certificate ``b_adaptive_hpg_regret_pathwise``). No T, no Ψ: the observed gradients set the step. Rounds
    with g_t = 0 change nothing (1/η stays 0 until the first non-zero gradient).
    """

    def __init__(self, d: int, M: int, T: int, tau: float, *, beta: float | None = None,
                 psi_max: float = 1.0) -> None:
        super().__init__(d, M, T, tau, beta=beta, psi_max=psi_max)
        self.alpha = hy.strong_convexity_modulus(self.tau, self.beta, d)
        self.diameter = bd.bregman_diameter(self.tau, self.beta)
        self.scale = math.sqrt(self.alpha * self.diameter)           # c = √(α D_max)
        self.sum_sq = 0.0

    def step(self, G: np.ndarray) -> None:
        """η_t from S_t = S_{t−1} + ‖G‖_op², then the HPG step with that η_t."""
        G = _check_gradient(f"{type(self).__name__}.step", G, self.theta.shape)
        self.sum_sq += hy.operator_norm(G, fn=f"{type(self).__name__}.step", arg="G") ** 2
        if self.sum_sq == 0.0:
            return
        self.eta = self.scale / math.sqrt(self.sum_sq)
        super().step(G)


class ParameterFreeHPG(_PlayedPolicy):
    """KT coin-betting scale × adaptive HPG direction on the unit nuclear ball (needs neither s nor B) [project].

    Why the first version learned nothing (diagnosis, README planted instance): its direction learner was HPG
    with the bound-tuned η of the unit ball, so W_t stayed small and the coins g_t = ⟨Ĝ_t, W_t⟩/g_max averaged
    ≈ 0.05; KT wealth grows like ε·exp(S_t²/(2t)), i.e. by e^{0.5} over T = 400 rounds, so the bet z_t never
    left ≈ 0.1 (the comparator's scale is ‖Θ*‖_* ≈ 3.5). Two changes: the direction learner is ``AdaptiveHPG``
    (it reaches the boundary of the unit ball quickly, so the coins carry the signal) and the initial wealth is
    ε = √T by default (the scale term g_max·K_T(u) then costs an additive g_max√T, the order of the rate
    itself, and ln(1 + uT/ε) becomes ln(1 + u√T)). Findings: docs/findings.md, "Paper B parameter-free HPG:
    choice of scheme".
    """

    def __init__(self, d: int, M: int, T: int, *, epsilon: float | None = None, psi_max: float = 1.0) -> None:
        fn = "ParameterFreeHPG"
        d, M, T = check_integer(fn, "d", d), check_integer(fn, "M", M, minimum=2), check_integer(fn, "T", T)
        if epsilon is not None:
            check_real(fn, "epsilon", epsilon, low=0, low_open=True, what="(the initial wealth)")
        check_real(fn, "psi_max", psi_max, low=0, low_open=True)
        self.d, self.M = d, M
        self.direction = AdaptiveHPG(d, M, T, 1.0, psi_max=psi_max)
        self.epsilon = float(epsilon) if epsilon is not None else math.sqrt(T)
        self.wealth = self.epsilon
        self.coin_sum = 0.0
        self.rounds = 0
        self.g_max = math.sqrt(2.0) * psi_max
        self.z = 0.0
        self.theta = np.zeros((d, d * M))

    def bet(self) -> float:
        """KT: bet the fraction (Σ_{s<t} g_s)/t of the current wealth."""
        return self.coin_sum / (self.rounds + 1) * self.wealth

    def settle_coin(self, g: float, z: float) -> None:
        """The coin g ∈ [−1, 1] came out after betting z: wealth += g·z, and g joins the KT statistics."""
        fn = "ParameterFreeHPG.settle_coin"
        g = float(check_real(fn, "g", g, low=-1, high=1, what="(a coin outcome)"))
        z = float(check_real(fn, "z", z))
        self.wealth += g * z
        self.coin_sum += g
        self.rounds += 1

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """Plays Θ_t = z_t W_t with z_t the KT bet."""
        F = _check_round("ParameterFreeHPG.distribution", self.d, Psi)
        self.z = self.bet()
        self.theta = self.z * self.direction.theta
        self._pi = pol.log_quadratic_policy(self.theta, F)
        return self._pi

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """Coin g_t = ⟨Ĝ_t, W_t⟩/g_max for the scale, the adaptive HPG step on Ĝ_t for the direction."""
        fn = "ParameterFreeHPG.update"
        _check_feedback(fn, self.M, m, reward)
        G = pol.reinforce_gradient(self._last_policy(), _check_round(fn, self.d, Psi), m, reward)
        g = float(np.sum(G * self.direction.theta)) / self.g_max     # coin outcome in [−1, 1]
        self.settle_coin(min(max(g, -1.0), 1.0), self.z)              # clip only float rounding (|g| ≤ 1 proved)
        self.direction.step(G)


class EuclideanPolicyGradient(_PlayedPolicy):
    """Projected OGD on the *Frobenius* ball {‖Θ‖_F ≤ τ} with REINFORCE gradients [project].

    A different class from HPG's: the Frobenius ball strictly contains the nuclear ball of the same radius, so
    its linearized regret against the nuclear ball can be negative. The like-for-like baseline is
    ``NuclearEuclideanPolicyGradient``.
    """

    def __init__(self, d: int, M: int, T: int, tau: float, *, fro_max: float = 1.0, eta: float | None = None) -> None:
        fn = type(self).__name__
        d, M, T = check_integer(fn, "d", d), check_integer(fn, "M", M, minimum=2), check_integer(fn, "T", T)
        tau = hy.check_radius(fn, tau)
        check_real(fn, "fro_max", fro_max, low=0, low_open=True)
        if eta is not None:
            check_real(fn, "eta", eta, low=0, low_open=True, what="(the step size)")
        self.d, self.M, self.tau = d, M, float(tau)
        g_f = math.sqrt(1.0 - 1.0 / M) * fro_max
        self.eta = float(eta) if eta is not None else self.tau / (g_f * math.sqrt(T))
        self.theta = np.zeros((d, d * M))

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """π_t = π_{Θ_t}(· | x_t)."""
        F = _check_round(f"{type(self).__name__}.distribution", self.d, Psi)
        self._pi = pol.log_quadratic_policy(self.theta, F)
        return self._pi

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """Gradient step on the REINFORCE estimate, then the projection."""
        fn = f"{type(self).__name__}.update"
        _check_feedback(fn, self.M, m, reward)
        self.step(pol.reinforce_gradient(self._last_policy(), _check_round(fn, self.d, Psi), m, reward))

    def step(self, G: np.ndarray) -> None:
        """Θ ← Π_{‖·‖_F ≤ τ}(Θ + ηG)."""
        th = self.theta + self.eta * _check_gradient(f"{type(self).__name__}.step", G, self.theta.shape)
        n = float(np.linalg.norm(th))
        self.theta = th if n <= self.tau else th * (self.tau / n)


class NuclearEuclideanPolicyGradient(EuclideanPolicyGradient):
    """Projected OGD on HPG's own set {‖Θ‖_* ≤ τ} (Euclidean projection: soft-threshold σ) [project].

    Step size by HPG's rule — minimise the two-term bound (range)/η + η·T·(second moment)/2: here the range is
    max_{U∈K} ‖U‖_F²/2 = τ²/2 and E‖Ĝ_t‖_F² ≤ (1 − 1/M)‖Ψ_t‖_F², so η = τ/(G_F√T), G_F = √(1 − 1/M)·fro_max, and
    the expected linearized regret is ≤ τG_F√T (``bounds.ogd_expected_regret_bound``) [derived].
    """

    def step(self, G: np.ndarray) -> None:
        """Θ ← Π^F_{‖·‖_* ≤ τ}(Θ + ηG)."""
        th = self.theta + self.eta * _check_gradient(f"{type(self).__name__}.step", G, self.theta.shape)
        self.theta = hy.euclidean_project_nuclear_ball(th, self.tau)


class Exp3(_PlayedPolicy):
    """EXP3 over the M experts (the constant class under bandit feedback), loss-based estimates."""

    def __init__(self, M: int, T: int, *, eta: float | None = None) -> None:
        self.M = check_integer("Exp3", "M", M)
        T = check_integer("Exp3", "T", T)
        if eta is not None:
            check_real("Exp3", "eta", eta, low=0, low_open=True, what="(the learning rate)")
        self.eta = float(eta) if eta is not None else math.sqrt(2.0 * math.log(max(M, 2)) / (T * M))
        self.scores = np.zeros(M)

    def distribution(self, t: int | None = None, x: np.ndarray | None = None,
                     Psi: np.ndarray | None = None) -> np.ndarray:
        """π ∝ exp(η·scores), the same for every query."""
        self._pi = pol.softmax(self.eta * self.scores)
        return self._pi

    def update(self, t: int, x: np.ndarray | None, Psi: np.ndarray | None, m: int, reward: float) -> None:
        """Importance-weighted loss estimate ℓ̂(m) = (1 − r)/π_m on the played arm."""
        _check_feedback("Exp3.update", self.M, m, reward)
        self.scores[m] -= (1.0 - reward) / self._last_policy()[m]


class LogLinearPolicyGradient(_PlayedPolicy):
    """π ∝ exp(W x + b) with REINFORCE gradients and projected OGD on ‖(W, b)‖_F ≤ radius [project]."""

    def __init__(self, d: int, M: int, T: int, radius: float, *, eta: float | None = None) -> None:
        fn = "LogLinearPolicyGradient"
        d, M, T = check_integer(fn, "d", d), check_integer(fn, "M", M), check_integer(fn, "T", T)
        check_real(fn, "radius", radius, low=0, low_open=True)
        if eta is not None:
            check_real(fn, "eta", eta, low=0, low_open=True, what="(the step size)")
        self.d, self.M = d, M
        self.W = np.zeros((M, d))
        self.b = np.zeros(M)
        self.radius = float(radius)
        self.eta = float(eta) if eta is not None else self.radius / math.sqrt(2.0 * T)

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """π = softmax(W x + b)."""
        from reference._numerics import as_vector

        self._pi = pol.log_linear_policy(self.W, self.b, as_vector("LogLinearPolicyGradient.distribution", "x", x,
                                                                     n=self.d))
        return self._pi

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """(W, b) ← Π((W, b) + η c (x, 1)ᵀ) with the REINFORCE coefficients c."""
        from reference._numerics import as_vector

        fn = "LogLinearPolicyGradient.update"
        _check_feedback(fn, self.M, m, reward)
        x = as_vector(fn, "x", x, n=self.d)
        c = np.asarray(pol.reinforce_coefficients(self._last_policy(), m, reward))
        W = self.W + self.eta * np.outer(c, x)
        b = self.b + self.eta * c
        n = math.sqrt(float(np.sum(W * W) + np.sum(b * b)))
        scale = 1.0 if n <= self.radius else self.radius / n
        self.W, self.b = W * scale, b * scale


class TabularExp3:
    """One EXP3 per distinct context (rounded to 9 decimals): learns only when contexts repeat [project]."""

    def __init__(self, M: int, T: int) -> None:
        self.M, self.T = check_integer("TabularExp3", "M", M), check_integer("TabularExp3", "T", T)
        self.tables: dict[tuple[float, ...], Exp3] = {}
        self._key: tuple[float, ...] = ()

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """The EXP3 policy of this context's table."""
        from reference._numerics import as_vector

        self._key = tuple(np.round(as_vector("TabularExp3.distribution", "x", x), 9))
        learner = self.tables.setdefault(self._key, Exp3(self.M, self.T, eta=math.sqrt(math.log(max(self.M, 2)) / 4)))
        return learner.distribution()

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """Update the table of the context just played."""
        if self._key not in self.tables:
            raise RuntimeError("TabularExp3.update: call distribution(t, x, Psi) first; no policy was played.")
        _check_feedback("TabularExp3.update", self.M, m, reward)
        self.tables[self._key].update(t, x, Psi, m, reward)


class UniformRouter:
    """π = uniform over the M experts, every round."""

    def __init__(self, M: int) -> None:
        self.M = check_integer("UniformRouter", "M", M)

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """The uniform distribution."""
        return np.full(self.M, 1.0 / self.M)

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """Nothing to learn (the feedback is still validated)."""
        _check_feedback("UniformRouter.update", self.M, m, reward)


@dataclass
class RoutingRun:
    """What one play of a learner leaves behind (true rewards known to the simulator).

    ``pis`` (T, M) the policies played; ``chosen`` (T,) the sampled experts; ``expected`` (T,)
    J_t = Σ_m π_t(m) r_t(m); for log-quadratic learners ``grad_sum`` = Σ_t ∇J_t(Θ_t) (d×dM),
    ``inner_sum`` = Σ_t ⟨∇J_t(Θ_t), Θ_t⟩, ``est_grad_sum`` = Σ_t Ĝ_t, ``est_inner_sum`` = Σ_t ⟨Ĝ_t, Θ_t⟩,
    ``est_sq_norms`` (T,) = ‖Ĝ_t‖_op² (for other learners these are None and the inner sums 0).
    """

    pis: np.ndarray
    chosen: np.ndarray
    expected: np.ndarray
    grad_sum: np.ndarray | None = None
    inner_sum: float | None = None
    est_grad_sum: np.ndarray | None = None
    est_inner_sum: float | None = None
    est_sq_norms: np.ndarray | None = None
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def total_expected_reward(self) -> float:
        """Σ_t J_t(Θ_t)."""
        return float(np.sum(self.expected))


@dataclass
class _GradientTotals:
    """Running sums of the true and REINFORCE gradients of a log-quadratic learner's run."""

    grad_sum: np.ndarray
    est_grad_sum: np.ndarray
    sq_norms: np.ndarray
    psi_op: np.ndarray
    inner: float = 0.0
    est_inner: float = 0.0

    @classmethod
    def start(cls, instance: RoutingInstance) -> _GradientTotals:
        d, M = instance.d, instance.M
        # ‖Ψ_t‖_op = largest singular value (eigenvalues would be wrong for non-symmetric Ψ)
        return cls(grad_sum=np.zeros((d, d * M)), est_grad_sum=np.zeros((d, d * M)), sq_norms=np.empty(instance.T),
                   psi_op=feature_op_norms(instance.features))

    def add(self, t: int, theta: np.ndarray, Psi: np.ndarray, pi: np.ndarray, m: int, r: np.ndarray,
            J: float) -> None:
        """Round t: ∇J_t = cᵀ ⊗ Ψ_t with c = π ⊙ (r − J), Ĝ_t = ĉᵀ ⊗ Ψ_t, and both inner products with Θ_t."""
        z = pol.log_quadratic_logits(theta, Psi)
        c = pi * (r - J)                                                 # true-gradient coefficients
        c_hat = np.asarray(pol.reinforce_coefficients(pi, m, float(r[m])))
        self.grad_sum += pol.gradient_from_coefficients(c, Psi)
        self.est_grad_sum += pol.gradient_from_coefficients(c_hat, Psi)
        self.inner += float(c @ z)
        self.est_inner += float(c_hat @ z)
        self.sq_norms[t] = float(c_hat @ c_hat) * float(self.psi_op[t]) ** 2    # ‖Ĝ_t‖_op² = ‖c‖²‖Ψ‖_op²


def _checked_policy(fn: str, pi: Any, M: int, t: int) -> np.ndarray:
    p = np.asarray(pi, dtype=float)
    if p.shape != (M,) or not np.all(np.isfinite(p)) or np.any(p < 0) or abs(float(np.sum(p)) - 1.0) > 1e-9:
        raise ValueError(f"{fn}: learner.distribution must return a probability vector of length M={M}; "
                         f"round {t} returned {pi!r}.")
    return p


def run_learner(learner: Router, instance: RoutingInstance, seed: SeedLike) -> RoutingRun:
    """Play ``learner`` on ``instance`` with bandit feedback; m_t ~ π_t from ``rng_from(seed)``.

    For log-quadratic learners, ⟨∇J_t(Θ_t), Θ_t⟩ = Σ_m c_{t,m} z_{t,m} with c_t = π_t ⊙ (r_t − J_t)
    and z_t the logits, and ∇J_t = c_tᵀ ⊗ Ψ_t, so nothing of size T·d²M is kept.
    """
    fn = "run_learner"
    if not isinstance(instance, RoutingInstance):
        raise TypeError(f"{fn}: instance must be a RoutingInstance; got {type(instance).__name__}.")
    if not (callable(getattr(learner, "distribution", None)) and callable(getattr(learner, "update", None))):
        raise TypeError(f"{fn}: learner must have distribution(t, x, Psi) and update(t, x, Psi, m, reward).")
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer, np.random.Generator)):
        raise ValueError(f"{fn}: seed must be an int or a numpy Generator; got {seed!r}.")
    rng = rng_from(seed)
    T, M = instance.T, instance.M
    pis = np.empty((T, M))
    chosen = np.empty(T, dtype=int)
    expected = np.empty(T)
    lq = learner if isinstance(learner, LogQuadraticRouter) else None
    totals = _GradientTotals.start(instance) if lq is not None else None
    for t in range(T):
        x, Psi, r = instance.queries[t], instance.features[t], instance.rewards[t]
        pi = _checked_policy(fn, learner.distribution(t, x, Psi), M, t)
        m = int(rng.choice(M, p=pi))
        pis[t], chosen[t] = pi, m
        expected[t] = float(pi @ r)
        if lq is not None and totals is not None:
            totals.add(t, lq.theta, Psi, pi, m, r, expected[t])
        learner.update(t, x, Psi, m, float(r[m]))
    if totals is None:
        return RoutingRun(pis=pis, chosen=chosen, expected=expected, inner_sum=0.0, est_inner_sum=0.0)
    return RoutingRun(pis=pis, chosen=chosen, expected=expected, grad_sum=totals.grad_sum, inner_sum=totals.inner,
                      est_grad_sum=totals.est_grad_sum, est_inner_sum=totals.est_inner, est_sq_norms=totals.sq_norms)
