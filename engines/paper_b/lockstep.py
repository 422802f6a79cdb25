"""R replicates of paper B's routers advanced together in numpy arrays (the lockstep engine, issue 14).

Each class takes the reference class's constructor arguments plus ``replicates=R`` and holds R independent
copies of the learner's state stacked along a leading axis. ``policies(t, x, Psi)`` returns the (R, M) policies
of round t (every replicate sees the same query: they share the instance and differ in the experts drawn);
``update_batch(t, x, Psi, m, rewards)`` feeds each replicate its own expert m[r] and reward. The classes also
speak the reference's scalar router protocol (``distribution`` / ``update`` on replicate 0, every replicate fed
the same expert; iterates ``theta``, ``scores``, ``W``, ``b`` of replicate 0), so the trajectory oracle replays
them against the reference classes directly.

Main statements
---------------
* Same arithmetic as the reference [ours]: for each replicate the update is the reference's formula, term by
  term (REINFORCE coefficients c = r(e_m − π), the gradient cᵀ ⊗ Ψ, the step, the projection). The differences
  are the order of floating-point sums (logits, norms), the dual shift ν in closed form (``spectral.dual_shift``,
  vectorised) instead of by bisection, and in ``LockstepHPG`` two exact identities used to avoid an SVD per
  replicate-round: when β Σ sinh σ_i(Ỹ) < τ (read off the eigenvalues of the d × d Gram matrix) the projection is
  the identity, so Y_{t+1} = Ỹ; and Θ = g(YYᵀ)Y with g(λ) = β sinh(√λ)/√λ, so the logits of Ψ = x xᵀ are
  (g(YYᵀ)x)ᵀ(Y_m x), a Horner recursion of matrix–vector products (see ``LockstepHPG``). Each is equal to the
  reference's value up to rounding (tests: replicates equal ``scalar_routing_run`` within the oracle's router
  tolerance, identical experts).
* Parameters (η, β, defaults) are read from a reference object built with the same arguments, so they cannot
  drift from the reference.

Implementation notes: validation of constructor arguments is the reference's (messages renamed to this class);
``update_batch`` checks the shapes of m and rewards. Tolerance and certification: ``engines.paper_b.routing``.
"""

from __future__ import annotations

import math

import numpy as np

from engines.paper_b import spectral as sp
from reference.embedding_routing import hpg as ref_hpg

__all__ = ["LockstepHPG", "LockstepExp3", "LockstepEuclideanPolicyGradient", "LockstepLogLinearPolicyGradient",
           "LockstepUniformRouter"]


def _softmax_rows(Z: np.ndarray) -> np.ndarray:
    """Row-wise ``policies.softmax``: exp(z − max z)/Σ."""
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _batched_dual_shift(Ys: np.ndarray, tau: float, beta: float) -> np.ndarray:
    """``spectral.dual_shift`` for each row of Ys (R, k), rows sorted in decreasing order (as SVDs return them)."""
    R = Ys.shape[0]
    nu = np.zeros(R)
    with np.errstate(over="ignore"):                 # an overflowing mass is +inf: the ball is active
        active = (beta * np.sinh(Ys)).sum(axis=1) > tau
    if not np.any(active):
        return nu
    Y = Ys[active]
    top = Y[:, :1]
    a = tau / beta
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        A = np.cumsum(np.exp(Y - top), axis=1)
        B = np.cumsum(np.exp(top - Y), axis=1)
        nus = top + np.log(A / (a + np.sqrt(a * a + A * B)))
    below = np.concatenate([Y[:, 1:], np.zeros((Y.shape[0], 1))], axis=1)
    ok = (nus >= below) & (nus <= Y) & np.isfinite(nus)
    first = np.argmax(ok, axis=1)
    sol = np.maximum(nus[np.arange(Y.shape[0]), first], 0.0)
    idx = np.nonzero(active)[0]
    for j in np.nonzero(~ok.any(axis=1))[0]:          # overflow only: the scalar route (with its fallback)
        sol[j] = sp._dual_shift(Y[j], tau, beta)
    for _ in range(16):                               # Σσ ≤ τ in floats, as the reference guarantees
        gap = Y - sol[:, None]
        with np.errstate(over="ignore", invalid="ignore"):
            excess = (beta * np.sinh(np.maximum(gap, 0.0))).sum(axis=1) - tau
        over = excess > 0
        if not np.any(over):
            break
        slope = (beta * np.cosh(gap) * (gap > 0)).sum(axis=1)
        sol[over] = np.nextafter(sol[over] + excess[over] / slope[over], np.inf)
    nu[idx] = sol
    return nu


def _renamed(exc: Exception, fn: str) -> Exception:
    text = str(exc)
    return type(exc)(f"{fn}: {text.split(': ', 1)[1] if ': ' in text else text}")


def _reference(fn: str, cls: type, *args, **kwargs):
    try:
        return cls(*args, **kwargs)
    except (TypeError, ValueError) as exc:
        raise _renamed(exc, fn) from None


def _replicates(fn: str, R: int) -> int:
    if isinstance(R, bool) or not isinstance(R, (int, np.integer)) or R < 1:
        raise ValueError(f"{fn}: replicates must be a positive integer; got {R!r}.")
    return int(R)


#: Largest state (entries) a lockstep learner allocates: 2³¹ float64 = 16 GiB.
MAX_STATE_ENTRIES = 2 ** 31


def _zeros(fn: str, *shape: int) -> np.ndarray:
    """np.zeros(shape), refusing states larger than MAX_STATE_ENTRIES with a named message."""
    if np.prod([float(n) for n in shape]) > MAX_STATE_ENTRIES:
        raise ValueError(f"{fn}: replicates × state size must be at most {MAX_STATE_ENTRIES} entries; "
                         f"got the shape {shape}.")
    return np.zeros(shape)


class _Lockstep:
    """The shared protocol: batched policies/updates, and the scalar router protocol on replicate 0."""

    M: int
    R: int
    name = "Lockstep"
    _pis: np.ndarray | None = None
    logits_last: np.ndarray | None = None

    def policies(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _apply(self, x: np.ndarray, Psi: np.ndarray, C: np.ndarray, m: np.ndarray, rewards: np.ndarray) -> None:
        raise NotImplementedError

    def update_batch(self, t: int, x: np.ndarray, Psi: np.ndarray, m: np.ndarray, rewards: np.ndarray) -> None:
        """Replicate r played expert m[r] and observed rewards[r]: the reference's update, for every r at once."""
        fn = f"{self.name}.update_batch"
        if self._pis is None:
            raise RuntimeError(f"{fn}: call policies(t, x, Psi) first; no policy was played.")
        m = np.asarray(m)
        rewards = np.asarray(rewards, dtype=float)
        if m.shape != (self.R,) or m.dtype.kind not in "iu" or np.any(m < 0) or np.any(m >= self.M):
            raise ValueError(f"{fn}: m must hold one expert index in 0..{self.M - 1} per replicate (R={self.R}).")
        if rewards.shape != (self.R,) or not np.all(np.isfinite(rewards)):
            raise ValueError(f"{fn}: rewards must hold one finite reward per replicate (R={self.R}).")
        E = np.zeros((self.R, self.M))
        E[np.arange(self.R), m] = 1.0
        C = rewards[:, None] * (E - self._pis)                      # REINFORCE coefficients, one row per replicate
        self._apply(np.asarray(x, dtype=float), np.asarray(Psi, dtype=float), C, m, rewards)

    def distribution(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """Replicate 0's policy (the scalar router protocol, for the trajectory oracle)."""
        return self.policies(t, x, Psi)[0]

    def update(self, t: int, x: np.ndarray, Psi: np.ndarray, m: int, reward: float) -> None:
        """Every replicate plays m and observes reward (the scalar router protocol)."""
        self.update_batch(t, x, Psi, np.full(self.R, int(m)), np.full(self.R, float(reward)))


class _LogQuadratic(_Lockstep):
    """Policies from stacked Θ (R, d, dM): z_{r,m} = ⟨Θ_{r,m}, Ψ⟩."""

    d: int
    thetas: np.ndarray

    @property
    def theta(self) -> np.ndarray:
        """Replicate 0's Θ (what the oracle compares)."""
        return self.thetas[0]

    def policies(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """π_r = softmax(⟨Θ_{r,m}, Ψ⟩)_m for every replicate."""
        F = np.asarray(Psi, dtype=float)
        if F.shape != (self.d, self.d):
            raise ValueError(f"{self.name}.policies: Psi must have shape ({self.d}, {self.d}); got {F.shape}.")
        self.logits_last = np.einsum("rimj,ij->rm", self.thetas.reshape(self.R, self.d, self.M, self.d), F)
        self._pis = _softmax_rows(self.logits_last)
        return self._pis

    def _gradients(self, Psi: np.ndarray, C: np.ndarray) -> np.ndarray:
        """Ĝ_r = c_rᵀ ⊗ Ψ, stacked (R, d, dM) (entry (i, m·d + j) = c_{r,m} Ψ_ij, as the reference builds it)."""
        return (Psi[None, :, None, :] * C[:, None, :, None]).reshape(self.R, self.d, self.M * self.d)


def _sinhc_coefficients(y_max: float) -> np.ndarray | None:
    """Taylor coefficients β-free of g(λ) = sinh(√λ)/√λ = Σ_k λ^k/(2k+1)!, enough for λ ≤ y_max² to 1e-17
    relative (all terms positive: no cancellation); None when y_max > 30 (then the SVD route is used)."""
    if not y_max <= 30.0:
        return None
    coeffs, term, k = [1.0], 1.0, 0
    lam = y_max * y_max
    while term > 1e-17 and k < 200:                 # term = λ^k/(2k+1)! bounds the tail relative to g ≥ 1
        k += 1
        term = lam ** k / math.factorial(2 * k + 1)
        coeffs.append(1.0 / math.factorial(2 * k + 1))
    return np.array(coeffs)


class LockstepHPG(_LogQuadratic):
    """R replicates of ``HPG``: the dual iterates Y_r are kept; Θ_r = β sinh(Y_r) (spectral) only when needed.

    Round for replicate r: Ỹ = Y + ηĜ. The ball is inactive (ν = 0, so Y_{t+1} = Ỹ exactly; the reference's SVD
    returns the same matrix up to rounding) iff β Σ sinh σ_i(Ỹ) ≤ τ. For Ψ = x xᵀ, Ĝ has rank one with
    σ₁(ηĜ) = g = η‖c‖‖x‖², and [derived] Σ_i sinh σ_i(Ỹ) ≤ Σ_i sinh σ_i(Y) + sinh(σ₁(Y) + g) − sinh σ₁(Y): Ky Fan's
    inequalities Σ_{i≤k} σ_i(A + B) ≤ Σ_{i≤k} (σ_i(A) + σ_i(B)) say σ(A + B) is weakly majorised by σ(A) + σ(B),
    and Σ f(·) of a convex increasing f respects weak majorisation (Tomić–Weyl). So upper bounds ``mass`` on
    β Σ sinh σ_i(Y) and ``s1`` on σ₁(Y) are carried forward (the increment is increasing in σ₁, so bounds may
    replace exact values). Only when the bound reaches τ(1 − 1e-9) (or Ψ is not x xᵀ) are the exact values read
    off the eigenvalues of the d × d Gram matrix ỸỸᵀ (``eigvalsh``, batched); where the exact mass reaches
    τ(1 − 1e-9) the reference's route runs: one SVD of Ỹ, the shift ν, Y_{t+1} = U diag(max(y − ν, 0)) Vᵀ.
    Policies: Θ = g(YYᵀ) Y with g(λ) = β sinh(√λ)/√λ (because
    Y = U diag(y) Vᵀ gives g(YYᵀ) Y = U diag(β sinh y) Vᵀ), so for Ψ = x xᵀ the logits are
    z_m = xᵀ Θ_m x = (g(YYᵀ) x)ᵀ (Y_m x), with g(YYᵀ) x by Horner's rule on its Taylor series (positive terms,
    degree chosen from the bound on max y); other features (and max y > 30) use Θ from a batched SVD of Y.
    """

    name = "LockstepHPG"

    def __init__(self, d: int, M: int, T: int, tau: float, *, beta: float | None = None, eta: float | None = None,
                 psi_max: float = 1.0, replicates: int = 1) -> None:
        ref = _reference(self.name, ref_hpg.HPG, d, M, T, tau, beta=beta, eta=eta, psi_max=psi_max)
        sp.check_dual_range(self.name, ref.eta, ref.tau, ref.beta, psi_max)
        self.R = _replicates(self.name, replicates)
        self.d, self.M, self.tau, self.beta, self.eta = ref.d, ref.M, ref.tau, ref.beta, ref.eta
        self.Ys = _zeros(self.name, self.R, self.d, self.d * self.M)
        self.Gram = np.zeros((self.R, self.d, self.d))      # Y Yᵀ
        self.y_max = 0.0                                     # max over replicates of the bound s1
        self.mass = np.zeros(self.R)                         # upper bound on β Σ sinh σ_i(Y_r) (exact after a check)
        self.s1 = np.zeros(self.R)                           # upper bound on σ₁(Y_r)
        self.projected_rounds = 0                            # replicate-rounds that took the SVD route
        self._thetas: np.ndarray | None = None

    @property
    def thetas(self) -> np.ndarray:  # type: ignore[override]
        """Θ_r = U diag(β sinh y) Vᵀ for every replicate (one batched SVD of the Y_r; cached)."""
        if self._thetas is None:
            U, y, Vt = np.linalg.svd(self.Ys, full_matrices=False)
            self._thetas = (U * (self.beta * np.sinh(y))[:, None, :]) @ Vt
        return self._thetas

    def policies(self, t: int, x: np.ndarray, Psi: np.ndarray) -> np.ndarray:
        """π_r = softmax(⟨Θ_{r,m}, Ψ⟩)_m; the Horner route when Ψ = x xᵀ entrywise."""
        xv, F = np.asarray(x, dtype=float), np.asarray(Psi, dtype=float)
        coeffs = _sinhc_coefficients(self.y_max)
        if coeffs is None or xv.shape != (self.d,) or not np.array_equal(F, np.multiply.outer(xv, xv)):
            return super().policies(t, x, Psi)
        v = np.broadcast_to(coeffs[-1] * xv, (self.R, self.d))
        for c in coeffs[-2::-1]:                                     # v = g(G) x / β by Horner
            v = np.einsum("rij,rj->ri", self.Gram, v) + c * xv
        Yx = np.einsum("rimj,j->rim", self.Ys.reshape(self.R, self.d, self.M, self.d), xv)
        self.logits_last = self.beta * np.einsum("ri,rim->rm", v, Yx)
        self._pis = _softmax_rows(self.logits_last)
        return self._pis

    def _apply(self, x, Psi, C, m, rewards) -> None:
        Y_tilde = self.Ys + self.eta * self._gradients(Psi, C)
        G = Y_tilde @ Y_tilde.transpose(0, 2, 1)
        check = np.ones(self.R, dtype=bool)
        if x.shape == (self.d,) and np.array_equal(Psi, np.multiply.outer(x, x)):
            g = self.eta * np.sqrt(np.einsum("rm,rm->r", C, C)) * float(x @ x)    # σ₁(ηĜ_r) = η‖c_r‖‖x‖²
            with np.errstate(over="ignore"):
                bound = self.mass + self.beta * (np.sinh(self.s1 + g) - np.sinh(self.s1))
            check = ~(bound <= self.tau * (1.0 - 1e-9))
            self.mass, self.s1 = np.where(check, self.mass, bound), np.where(check, self.s1, self.s1 + g)
        if np.any(check):
            self._exact(Y_tilde, G, check)
        self.Ys, self.Gram, self.y_max = Y_tilde, G, float(self.s1.max())
        self._thetas = None

    def _exact(self, Y_tilde: np.ndarray, G: np.ndarray, check: np.ndarray) -> None:
        """Replicates whose mass bound reached τ: exact mass from eigvalsh, and the SVD route where it is ≥ τ."""
        idx = np.nonzero(check)[0]
        y = np.sqrt(np.maximum(np.linalg.eigvalsh(G[idx]), 0.0))[:, ::-1]
        with np.errstate(over="ignore"):
            mass = (self.beta * np.sinh(y)).sum(axis=1)
        maybe = mass > self.tau * (1.0 - 1e-9)
        if np.any(maybe):                                            # the reference's route for these replicates
            rows = idx[maybe]
            self.projected_rounds += rows.size
            U, ys, Vt = np.linalg.svd(Y_tilde[rows], full_matrices=False)
            nu = _batched_dual_shift(ys, self.tau, self.beta)
            y_new = np.maximum(ys - nu[:, None], 0.0)
            Y_tilde[rows] = (U * y_new[:, None, :]) @ Vt
            G[rows] = (U * (y_new ** 2)[:, None, :]) @ U.transpose(0, 2, 1)
            y[maybe] = y_new
            mass[maybe] = (self.beta * np.sinh(y_new)).sum(axis=1)
        self.mass[idx], self.s1[idx] = mass, y[:, 0]


class LockstepEuclideanPolicyGradient(_LogQuadratic):
    """R replicates of ``EuclideanPolicyGradient``: Θ ← Π_{‖·‖_F ≤ τ}(Θ + ηĜ)."""

    name = "LockstepEuclideanPolicyGradient"

    def __init__(self, d: int, M: int, T: int, tau: float, *, fro_max: float = 1.0, eta: float | None = None,
                 replicates: int = 1) -> None:
        ref = _reference(self.name, ref_hpg.EuclideanPolicyGradient, d, M, T, tau, fro_max=fro_max, eta=eta)
        self.R = _replicates(self.name, replicates)
        self.d, self.M, self.tau, self.eta = ref.d, ref.M, ref.tau, ref.eta
        self.thetas = _zeros(self.name, self.R, self.d, self.d * self.M)

    def _apply(self, x, Psi, C, m, rewards) -> None:
        th = self.thetas + self.eta * self._gradients(Psi, C)
        n = np.sqrt(np.einsum("rij,rij->r", th, th))
        scale = np.where(n <= self.tau, 1.0, self.tau / np.where(n > 0, n, 1.0))
        self.thetas = np.where((n <= self.tau)[:, None, None], th, th * scale[:, None, None])


class LockstepExp3(_Lockstep):
    """R replicates of paper B's ``Exp3`` over the experts (loss-based importance weights)."""

    name = "LockstepExp3"

    def __init__(self, M: int, T: int, *, eta: float | None = None, replicates: int = 1) -> None:
        ref = _reference(self.name, ref_hpg.Exp3, M, T, eta=eta)
        self.R = _replicates(self.name, replicates)
        self.M, self.eta = ref.M, ref.eta
        self.scores_batch = _zeros(self.name, self.R, self.M)

    @property
    def scores(self) -> np.ndarray:
        """Replicate 0's scores."""
        return self.scores_batch[0]

    def policies(self, t: int, x: np.ndarray | None = None, Psi: np.ndarray | None = None) -> np.ndarray:
        """π_r ∝ exp(η·scores_r)."""
        self._pis = _softmax_rows(self.eta * self.scores_batch)
        return self._pis

    def _apply(self, x, Psi, C, m, rewards) -> None:
        rows, P = np.arange(self.R), self._pis
        assert P is not None
        self.scores_batch[rows, m] -= (1.0 - rewards) / P[rows, m]


class LockstepLogLinearPolicyGradient(_Lockstep):
    """R replicates of ``LogLinearPolicyGradient``: π ∝ exp(W x + b), REINFORCE, projected OGD on ‖(W, b)‖_F."""

    name = "LockstepLogLinearPolicyGradient"

    def __init__(self, d: int, M: int, T: int, radius: float, *, eta: float | None = None,
                 replicates: int = 1) -> None:
        ref = _reference(self.name, ref_hpg.LogLinearPolicyGradient, d, M, T, radius, eta=eta)
        self.R = _replicates(self.name, replicates)
        self.d, self.M, self.radius, self.eta = d, ref.W.shape[0], ref.radius, ref.eta
        self.Ws = _zeros(self.name, self.R, self.M, self.d)
        self.bs = np.zeros((self.R, self.M))

    @property
    def W(self) -> np.ndarray:
        """Replicate 0's W."""
        return self.Ws[0]

    @property
    def b(self) -> np.ndarray:
        """Replicate 0's b."""
        return self.bs[0]

    def policies(self, t: int, x: np.ndarray, Psi: np.ndarray | None = None) -> np.ndarray:
        """π_r = softmax(W_r x + b_r)."""
        xv = np.asarray(x, dtype=float)
        if xv.shape != (self.d,):
            raise ValueError(f"{self.name}.policies: x must have shape ({self.d},); got {xv.shape}.")
        self._pis = _softmax_rows(self.Ws @ xv + self.bs)
        return self._pis

    def _apply(self, x, Psi, C, m, rewards) -> None:
        W = self.Ws + self.eta * (C[:, :, None] * x[None, None, :])
        b = self.bs + self.eta * C
        n = np.sqrt(np.einsum("rmj,rmj->r", W, W) + np.einsum("rm,rm->r", b, b))
        scale = np.where(n <= self.radius, 1.0, self.radius / np.where(n > 0, n, 1.0))
        self.Ws, self.bs = W * scale[:, None, None], b * scale[:, None]


class LockstepUniformRouter(_Lockstep):
    """R replicates of ``UniformRouter`` (π = 1/M; nothing to learn)."""

    name = "LockstepUniformRouter"

    def __init__(self, M: int, *, replicates: int = 1) -> None:
        ref = _reference(self.name, ref_hpg.UniformRouter, M)
        self.R = _replicates(self.name, replicates)
        self.M = ref.M
        _zeros(self.name, self.R, self.M)

    def policies(self, t: int, x: np.ndarray | None = None, Psi: np.ndarray | None = None) -> np.ndarray:
        """The uniform distribution, for every replicate."""
        self._pis = np.full((self.R, self.M), 1.0 / self.M)
        return self._pis

    def _apply(self, x, Psi, C, m, rewards) -> None:
        """Nothing to learn."""
