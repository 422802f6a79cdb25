"""Preference models (paper A, Section 2.4; Definitions 2–3): memory vector v ↦ scores f(v).

Main statements
---------------
* ``PreferenceModel`` — the protocol: ``n`` items, ``scores(memory) -> f(v)`` (positive), and the
  constants the theory uses when they are known: ``lam`` (score floor λ, scores in [λ, 1]) and
  ``lipschitz`` (L, w.r.t. ‖·‖₁ on Δ(n)).
* ``ConstantModel`` — f(v) = f for all v (the toy example of Section 2.2).
* ``SigmoidModel`` / ``random_smooth_model`` — f_i(v) = λ + (1−λ)·σ(a_i + ⟨b_i, v⟩ + vᵀC_i v), a
  (λ, L)-smooth model (Definition 2) with a *computed, proved* L (see ``sigmoid_lipschitz``).
* ``ScaleBoundedModel`` / ``random_scale_bounded_model`` — f_i(v) = s·c^{tanh(h_i(v))}·(v_i + λ)
  with h_i linear: (λ, c)-scale-bounded (Definition 3, as fixed in ``def4_lemma2_smoothed_simplex``) and smooth
  with a computed L (see ``scale_bounded_lipschitz``).
* ``LinearScaleModel`` / ``extreme_scale_bounded_model`` — f_i(v) = κ_i (v_i + λ): the extreme cases of
  Definition 3 (κ_i ∈ {1/c, c}), exact-capable.
* ``empirical_lipschitz_ratio(model, ...)`` — max over sampled (and adversarial) pairs of
  |f_i(v) − f_i(w)| / (L ‖v − w‖₁): ≤ 1 is consistent with the computed L on those pairs.

Definition 2 (smooth) [recon]: f is (λ, L)-smooth if every f_i maps Δ(n) into [λ, 1] and is
L-Lipschitz w.r.t. ‖·‖₁.

A fact used twice below (Hölder on the simplex) [derived]: for v, w ∈ Δ(n) put d = v − w, so
Σ_j d_j = 0. Then for any vector g and any constant m,
    ⟨g, d⟩ = ⟨g − m·1, d⟩ ≤ ‖g − m·1‖_∞ ‖d‖₁,
and m = (max g + min g)/2 gives  |⟨g, d⟩| ≤ ½ (max_j g_j − min_j g_j) ‖d‖₁;  also |d_i| ≤ ½ ‖d‖₁
(the positive and the negative parts of d each carry half of ‖d‖₁).

Notation
--------
=======  ===============  ==========================
paper    code             meaning
=======  ===============  ==========================
f(v)     ``scores(v)``    score vector at memory v
λ        ``lam``          score floor
L        ``lipschitz``    Lipschitz constant (‖·‖₁)
c        ``c``            scale-bound factor (Def. 3)
=======  ===============  ==========================

Implementation notes
--------------------
``scores`` validates the memory with vectorised numpy checks (it is called every round of long
simulations) and falls back to the full-sentence validator only to word the error;
``scores_batch(V)`` evaluates an (m, n) array of memories at once (no validation beyond shape).
Constructors validate their scalars with ``reference._numerics``. ``ExtremeScaleBoundedModel`` and
``FactorModel`` are the unvalidated-memory fast forms of ``LinearScaleModel`` used by the Theorem 3/5
certificates.

Certified: ``smooth_model_lipschitz_le_computed`` and ``random_scale_bounded_model_is_scale_bounded``
(certificates/adaptive_preferences/setting/def2_def3_models.py). Findings: docs/findings.md,
"Definition 2: computed Lipschitz constants against sampled pairs" and "Definition 3: the sampled
scale-bound margin".

References: paper A, arXiv 2302.06014, §2.4 (preference models), Definitions 2–3.
"""

from __future__ import annotations

import numbers
from fractions import Fraction
from typing import Protocol, runtime_checkable

import numpy as np

from reference._numerics import (
    FLOAT_SUM_ATOL,
    as_vector,
    check_integer,
    check_lam,
    check_positive_vector,
    check_probability_vector,
    check_real,
    exact_mode,
    rng_from,
)

__all__ = [
    "ExtremeScaleBoundedModel",
    "FactorModel",
    "PreferenceModel",
    "ConstantModel",
    "SigmoidModel",
    "ScaleBoundedModel",
    "random_smooth_model",
    "random_scale_bounded_model",
    "sigmoid_lipschitz",
    "scale_bounded_lipschitz",
    "empirical_lipschitz_ratio",
    "LinearScaleModel",
    "extreme_scale_bounded_model",
]


@runtime_checkable
class PreferenceModel(Protocol):
    """A preference model: ``scores(memory)`` returns f(v), a length-``n`` vector of positive scores.

    Models that satisfy Definition 2 also expose ``lam`` (λ, scores ∈ [λ, 1]) and ``lipschitz``
    (L); a model that does not know a constant sets it to ``None``.
    """

    n: int
    lam: float | None
    lipschitz: float | None

    def scores(self, memory) -> np.ndarray: ...


class ConstantModel:
    """f(v) = f for every memory v. Smooth with L = 0 and λ = min f (when max f ≤ 1).

    With rational ``scores`` and rational memory, ``scores`` returns Fractions (exact mode).
    """

    def __init__(self, scores):
        exact = exact_mode(scores)
        self._f = check_positive_vector("ConstantModel", scores, exact=exact)
        self._exact = exact
        self.n = len(self._f)
        self.lam = min(self._f)
        self.lipschitz = 0.0

    def scores(self, memory):
        check_probability_vector("ConstantModel.scores", memory, arg="memory", n=self.n,
                                 exact=exact_mode(memory))
        return list(self._f) if self._exact else np.array(self._f, dtype=float)

    def __repr__(self) -> str:
        return f"ConstantModel(scores={[str(x) if isinstance(x, Fraction) else float(x) for x in self._f]})"


# ------------------------------------------------------------------------------------------------
# shared helpers
# ------------------------------------------------------------------------------------------------
def _fast_memory(fn: str, memory, n: int) -> np.ndarray:
    """Vectorised check that ``memory`` is a float probability vector of length n (fast path)."""
    return check_probability_vector(fn, memory, arg="memory", n=n)  # vectorised for float64 arrays


def _real_array(fn: str, arg: str, x) -> np.ndarray:
    """``x`` as a float array; an error naming ``arg`` when it is not an array of real numbers."""
    raw = np.asarray(x) if not isinstance(x, (str, bytes)) else np.asarray([x])
    if raw.dtype.kind not in "fiu":
        raise ValueError(f"{fn}: {arg} must be an array of real numbers; got dtype {raw.dtype}.")
    return raw.astype(float)


def _memory_batch(fn: str, V, n: int) -> np.ndarray:
    """Validate a batch of memories: an (m, n) array (or one length-n vector) of probability vectors."""
    try:
        arr = np.atleast_2d(np.asarray(V, dtype=float))
    except (TypeError, ValueError):
        raise ValueError(f"{fn}: V must be an (m, n) array of memories (probability vectors); got {V!r:.80}.") from None
    if arr.ndim != 2 or arr.shape[1] != n or arr.shape[0] == 0 or np.asarray(V).dtype.kind not in "fiu":
        raise ValueError(f"{fn}: V must be an (m, n={n}) array of real memories; got shape {np.shape(V)}.")
    if not np.isfinite(arr).all() or (arr < 0).any() or (np.abs(arr.sum(axis=1) - 1) > FLOAT_SUM_ATOL).any():
        raise ValueError(f"{fn}: V must hold probability vectors (finite, non-negative, rows summing to 1).")
    return arr


def _sigmoid(x):
    """σ(x) = 1/(1 + e^{−x}), computed stably; σ'(x) = σ(x)(1 − σ(x)) ≤ 1/4."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _half_range(g: np.ndarray) -> np.ndarray:
    """½ (max_j g_j − min_j g_j) along the last axis: the ‖·‖₁-dual norm of g on Σ d = 0."""
    return 0.5 * (g.max(axis=-1) - g.min(axis=-1))


# ------------------------------------------------------------------------------------------------
# smooth models: λ + (1 − λ) σ(a_i + ⟨b_i, v⟩ + vᵀ C_i v)
# ------------------------------------------------------------------------------------------------
def sigmoid_lipschitz(lam, b, C) -> float:
    """A proved ‖·‖₁-Lipschitz constant on Δ(n) of f_i(v) = λ + (1−λ) σ(a_i + ⟨b_i,v⟩ + vᵀC_i v).

    Derivation [derived, this project's]:
        f_i(v) − f_i(w) = (1 − λ) (σ(g_i(v)) − σ(g_i(w)))                 (definition)
        |σ(x) − σ(y)| ≤ ¼ |x − y|                                          (σ' = σ(1−σ) ≤ ¼)
        g_i(v) − g_i(w) = ⟨∇g_i(u), v − w⟩ for some u on the segment [w, v] ⊂ Δ(n)  (mean value)
        ∇g_i(u) = b_i + S_i u,  S_i = C_i + C_iᵀ                           (gradient of the quadratic)
        (∇g_i(u))_j ∈ [b_ij + min_l S_i,jl , b_ij + max_l S_i,jl]        (u ∈ Δ(n): a convex combination of columns)
        |⟨∇g_i(u), v − w⟩| ≤ ½ (max_j hi_ij − min_j lo_ij) ‖v − w‖₁     (Hölder on the simplex)
    so L = max_i (1 − λ)/4 · ½ (max_j (b_ij + max_l S_i,jl) − min_j (b_ij + min_l S_i,jl)).
    ``b`` has shape (n, n) (row i is b_i); ``C`` has shape (n, n, n) (C[i] is C_i) or is None.
    """
    fn = "sigmoid_lipschitz"
    check_lam(fn, lam)
    b = _real_array(fn, "b", b)
    if b.ndim != 2 or b.shape[0] != b.shape[1] or not np.isfinite(b).all():
        raise ValueError(f"{fn}: b must be a finite square (n, n) array; got shape {b.shape}.")
    if C is None:
        hi = lo = b
    else:
        C = _real_array(fn, "C", C)
        if C.shape != (b.shape[0],) * 3 or not np.isfinite(C).all():
            raise ValueError(f"{fn}: C must be a finite (n, n, n) array or None; got shape {C.shape}.")
        S = C + np.transpose(C, (0, 2, 1))
        hi = b + S.max(axis=2)  # upper bound on (∇g_i)_j over Δ(n)
        lo = b + S.min(axis=2)  # lower bound
    spread = 0.5 * (hi.max(axis=1) - lo.min(axis=1))  # ½ (max_j hi_ij − min_j lo_ij)
    return float((1.0 - lam) / 4.0 * spread.max())


class SigmoidModel:
    """f_i(v) = λ + (1 − λ)·σ(a_i + ⟨b_i, v⟩ + vᵀ C_i v): (λ, L)-smooth (Definition 2).

    Scores lie in (λ, 1) because σ ∈ (0, 1). ``lipschitz`` is the proved constant of
    ``sigmoid_lipschitz`` (certified on sampled and adversarial pairs by ``smooth_model_lipschitz_le_computed``).
    Shapes: a (n,), b (n, n), C (n, n, n) or None.
    """

    def __init__(self, lam, a, b, C=None):
        fn = "SigmoidModel"
        self.lam = float(check_lam(fn, lam))
        self.a = as_vector(fn, "a", a)
        self.n = n = len(self.a)
        self.b = _real_array(fn, "b", b)
        if self.b.shape != (n, n) or not np.all(np.isfinite(self.b)):
            raise ValueError(f"{fn}: b must be a finite array of shape (n, n)=({n}, {n}); got shape {self.b.shape}.")
        self.C = None if C is None else np.asarray(C, dtype=float)
        if self.C is not None and (self.C.shape != (n, n, n) or not np.all(np.isfinite(self.C))):
            raise ValueError(f"{fn}: C must be a finite array of shape (n, n, n)=({n}, {n}, {n}); "
                             f"got shape {self.C.shape}.")
        self.lipschitz = sigmoid_lipschitz(self.lam, self.b, self.C)

    def logits(self, V: np.ndarray) -> np.ndarray:
        """g_i(v) = a_i + ⟨b_i, v⟩ + vᵀ C_i v for each row v of V (shape (m, n) → (m, n))."""
        V = _memory_batch("SigmoidModel.logits", V, self.n)
        g = self.a[None, :] + V @ self.b.T  # linear term
        if self.C is not None:
            g = g + np.einsum("ijl,ml,mj->mi", self.C, V, V)  # quadratic term vᵀ C_i v
        return g

    def scores_batch(self, V) -> np.ndarray:
        V = _memory_batch("SigmoidModel.scores_batch", V, self.n)
        return self.lam + (1.0 - self.lam) * _sigmoid(self.logits(V))

    def scores(self, memory) -> np.ndarray:
        v = _fast_memory("SigmoidModel.scores", memory, self.n)
        g = self.a + self.b @ v
        if self.C is not None:
            g = g + (self.C @ v) @ v  # (vᵀ C_i v)_i
        return self.lam + (1.0 - self.lam) * _sigmoid(g)

    def __repr__(self) -> str:
        return (f"SigmoidModel(n={self.n}, lam={self.lam}, lipschitz={self.lipschitz:.4g}, "
                f"quadratic={self.C is not None})")


def random_smooth_model(n, lam, seed, *, strength=1.0, quadratic=True) -> SigmoidModel:
    """A random (λ, L)-smooth ``SigmoidModel`` from an explicit seed.

    a_i ~ N(0, 1), b_ij ~ N(0, strength²), C_i,jl ~ N(0, (strength/2)²) (if ``quadratic``);
    L is computed by ``sigmoid_lipschitz`` (it grows linearly with ``strength``).
    """
    fn = "random_smooth_model"
    n = check_integer(fn, "n", n, minimum=2)
    lam = float(check_lam(fn, lam))
    strength = check_real(fn, "strength", strength, low=0)
    rng = rng_from(seed, fn="random_smooth_model")
    a = rng.normal(size=n)
    b = rng.normal(scale=strength, size=(n, n)) if strength > 0 else np.zeros((n, n))
    C = rng.normal(scale=strength / 2, size=(n, n, n)) if (quadratic and strength > 0) else None
    return SigmoidModel(lam, a, b, C)


# ------------------------------------------------------------------------------------------------
# scale-bounded models: s · c^{tanh(h_i(v))} · (v_i + λ)
# ------------------------------------------------------------------------------------------------
def scale_bounded_lipschitz(lam, c, b, scale=1.0) -> float:
    """A proved ‖·‖₁-Lipschitz constant on Δ(n) of f_i(v) = s·c^{tanh(a_i + ⟨b_i, v⟩)}·(v_i + λ).

    Derivation [derived, this project's]. Write κ_i(v) = c^{tanh(h_i(v))} ∈ [1/c, c], h_i linear.
        ∂f_i along d = v − w (Σ d = 0):
            s·κ_i(v)·ln c·sech²(h_i)·⟨b_i, d⟩·(v_i + λ)     (derivative of the factor)
          + s·κ_i(v)·d_i                                     (derivative of v_i + λ)
        |κ_i| ≤ c,  sech² ≤ 1,  v_i + λ ≤ 1 + λ
        |⟨b_i, d⟩| ≤ ½ range(b_i) ‖d‖₁,  |d_i| ≤ ½ ‖d‖₁       (Hölder on the simplex)
    so, by the mean value theorem on the segment (inside Δ(n)),
        L = s·c·max_i ( ln c · ½ range(b_i) · (1 + λ) + ½ ).
    """
    fn = "scale_bounded_lipschitz"
    check_lam(fn, lam)
    check_real(fn, "c", c, low=1)
    check_real(fn, "scale", scale, low=0, low_open=True)
    b = _real_array(fn, "b", b)
    if b.ndim != 2 or b.shape[0] != b.shape[1] or not np.isfinite(b).all():
        raise ValueError(f"{fn}: b must be a finite square (n, n) array; got shape {b.shape}.")
    return float(scale * c * np.max(np.log(c) * _half_range(b) * (1.0 + lam) + 0.5))


class ScaleBoundedModel:
    """f_i(v) = s · c^{tanh(a_i + ⟨b_i, v⟩)} · (v_i + λ): (λ, c)-scale-bounded up to the common scale s.

    Definition 3 (as fixed in ``smoothed_simplex``) asks (v_i + λ)/c ≤ f_i(v) ≤ c (v_i + λ); the
    factor c^{tanh(·)} ∈ (1/c, c) gives exactly that when s = 1. A common scale s > 0 changes
    neither choice probabilities nor menu times; ``normalize=True`` uses s = 1/(c(1 + λ)) so that
    every score is ≤ 1 (the score range of Definition 2), and then the score floor is
    ``lam = s·λ/c``. Attributes: ``sb_lam`` (λ of Definition 3), ``c``, ``scale`` (s),
    ``lam`` (the true score floor s·λ/c), ``lipschitz`` (``scale_bounded_lipschitz``).
    Shapes: a (n,), b (n, n).
    """

    def __init__(self, lam, c, a, b, *, normalize=False):
        fn = "ScaleBoundedModel"
        self.sb_lam = float(check_lam(fn, lam))
        self.c = float(check_real(fn, "c", c, low=1))
        self.a = as_vector(fn, "a", a)
        self.n = n = len(self.a)
        self.b = _real_array(fn, "b", b)
        if self.b.shape != (n, n) or not np.all(np.isfinite(self.b)):
            raise ValueError(f"{fn}: b must be a finite array of shape (n, n)=({n}, {n}); got shape {self.b.shape}.")
        self.scale = 1.0 / (self.c * (1.0 + self.sb_lam)) if normalize else 1.0
        self.lam = self.scale * self.sb_lam / self.c
        self.lipschitz = scale_bounded_lipschitz(self.sb_lam, self.c, self.b, self.scale)
        self._logc = float(np.log(self.c))

    def factors(self, V: np.ndarray) -> np.ndarray:
        """κ_i(v) = c^{tanh(a_i + ⟨b_i, v⟩)} ∈ [1/c, c] for each row v of V."""
        V = _memory_batch("ScaleBoundedModel.factors", V, self.n)
        return np.exp(self._logc * np.tanh(self.a[None, :] + V @ self.b.T))

    def scores_batch(self, V) -> np.ndarray:
        V = _memory_batch("ScaleBoundedModel.scores_batch", V, self.n)
        return self.scale * self.factors(V) * (V + self.sb_lam)

    def scores(self, memory) -> np.ndarray:
        v = _fast_memory("ScaleBoundedModel.scores", memory, self.n)
        return self.scale * np.exp(self._logc * np.tanh(self.a + self.b @ v)) * (v + self.sb_lam)

    def __repr__(self) -> str:
        return (f"ScaleBoundedModel(n={self.n}, lam={self.sb_lam}, c={self.c}, scale={self.scale:.4g}, "
                f"lipschitz={self.lipschitz:.4g})")


def random_scale_bounded_model(n, lam, c, seed, *, strength=1.0, normalize=False) -> ScaleBoundedModel:
    """A random (λ, c)-scale-bounded ``ScaleBoundedModel`` from an explicit seed.

    a_i ~ N(0, 1), b_ij ~ N(0, strength²). With ``strength=0`` the factors are constant per item.
    """
    fn = "random_scale_bounded_model"
    n = check_integer(fn, "n", n, minimum=2)
    lam = float(check_lam(fn, lam))
    check_real(fn, "c", c, low=1)
    strength = check_real(fn, "strength", strength, low=0)
    rng = rng_from(seed, fn="random_scale_bounded_model")
    a = rng.normal(size=n)
    b = rng.normal(scale=strength, size=(n, n)) if strength > 0 else np.zeros((n, n))
    return ScaleBoundedModel(lam, c, a, b, normalize=normalize)


# ------------------------------------------------------------------------------------------------
# checking a Lipschitz constant by sampling
# ------------------------------------------------------------------------------------------------
def empirical_lipschitz_ratio(model, n_pairs, seed, *, lipschitz=None, step=1e-4):
    """max |f_i(v) − f_i(w)| / (L ‖v − w‖₁) over sampled pairs of Δ(n): ≤ 1 is consistent with L.

    Pairs: random Dirichlet pairs (far apart), and adversarial near pairs w = v + t(e_j − e_l)
    along the coordinates j, l with the largest and smallest finite-difference slope of some f_i
    (the direction that attains the Hölder bound). Returns ``(ratio, witness)`` where witness is
    a dict (v, w, i). Uses ``model.scores_batch`` when present.
    """
    fn = "empirical_lipschitz_ratio"
    if not hasattr(model, "scores") or not isinstance(getattr(model, "n", None), int):
        raise ValueError(f"{fn}: model must be a preference model (with n and scores(memory)); "
                         f"got {type(model).__name__}.")
    L = getattr(model, "lipschitz", None) if lipschitz is None else lipschitz
    if L is None or not L > 0:
        raise ValueError(f"{fn}: the model's Lipschitz constant must be a positive number; got {L!r}.")
    n_pairs = check_integer(fn, "n_pairs", n_pairs)
    rng = rng_from(seed, fn="empirical_lipschitz_ratio")
    n = model.n
    batch = getattr(model, "scores_batch", None)

    def F(V):
        return batch(V) if batch is not None else np.array([model.scores(v) for v in V])

    alpha = rng.choice([0.2, 1.0, 5.0], size=n_pairs)[:, None]
    V = rng.gamma(np.broadcast_to(alpha, (n_pairs, n)))
    V = V / V.sum(axis=1, keepdims=True)
    W = rng.dirichlet(np.ones(n), size=n_pairs)
    # adversarial near pairs: finite-difference gradient, then move along (e_jmax − e_jmin)
    fv = F(V)
    h = 1e-6
    grads = np.empty((n_pairs, n, n))  # grads[m, i, j] ≈ ∂f_i/∂v_j (directional, moving mass into j)
    for j in range(n):
        Vj = V * (1 - h)
        Vj[:, j] += h
        grads[:, :, j] = (F(Vj) - fv) / h
    i_star = np.argmax(grads.max(axis=2) - grads.min(axis=2), axis=1)
    gi = grads[np.arange(n_pairs), i_star]
    jmax, jmin = gi.argmax(axis=1), gi.argmin(axis=1)
    # a step of exactly ``step`` (pairs whose donor coordinate is smaller than ``step`` are skipped:
    # a tiny step would measure rounding, not the slope)
    t = np.where(V[np.arange(n_pairs), jmin] >= step, step, 0.0)
    Wn = V.copy()
    Wn[np.arange(n_pairs), jmax] += t
    Wn[np.arange(n_pairs), jmin] -= t
    best, witness = 0.0, None
    for A, B in ((V, W), (V, Wn)):
        dist = np.abs(A - B).sum(axis=1)
        ok = dist > 0.5 * step if B is Wn else dist > 1e-12
        diff = np.abs(F(A) - F(B)).max(axis=1)
        ratio = np.where(ok, diff / (L * np.where(ok, dist, 1.0)), 0.0)
        m = int(np.argmax(ratio))
        if ratio[m] > best:
            best = float(ratio[m])
            witness = {"v": A[m], "w": B[m], "item": int(np.argmax(np.abs(F(A[m:m + 1]) - F(B[m:m + 1]))))}
    return best, witness


# ------------------------------------------------------------------------------------------------
# linear scale models: κ_i (v_i + λ) — the extreme cases of Definition 3, exact-capable
# ------------------------------------------------------------------------------------------------
class LinearScaleModel:
    """f_i(v) = κ_i (v_i + λ) with constant factors κ_i > 0 ("linear in own memory weight").

    It is (λ, c)-scale-bounded (Definition 3) for c = max(max κ, 1/min κ); with κ_i ∈ {1/c, c} it is
    an *extreme* scale-bounded model (the worst case of Lemma 2's proof). Lipschitz:
    |f_i(v) − f_i(w)| = κ_i |v_i − w_i| ≤ κ_i ‖v − w‖₁ / 2, so L = max κ / 2. Exact (Fractions) when
    λ, κ and the memory are rational. ``lam`` here is the score floor min κ·λ; ``sb_lam`` is λ.
    """

    def __init__(self, lam, factors):
        fn = "LinearScaleModel"
        check_lam(fn, lam)
        self._exact = exact_mode([lam]) and exact_mode(factors)
        self._kappa = check_positive_vector(fn, factors, arg="factors", exact=self._exact)
        self.sb_lam = Fraction(lam) if self._exact else float(lam)
        self.n = len(self._kappa)
        self.c = max(max(self._kappa), 1 / min(self._kappa))
        self.lam = min(self._kappa) * self.sb_lam
        self.lipschitz = max(self._kappa) / 2

    def scores(self, memory):
        exact = self._exact and exact_mode(memory)
        if exact:
            v = check_probability_vector("LinearScaleModel.scores", memory, arg="memory", n=self.n, exact=True)
            return [k * (vi + self.sb_lam) for k, vi in zip(self._kappa, v)]
        v = _fast_memory("LinearScaleModel.scores", memory, self.n)
        return np.asarray(self._kappa, dtype=float) * (v + float(self.sb_lam))

    def scores_batch(self, V) -> np.ndarray:
        V = _memory_batch("LinearScaleModel.scores_batch", V, self.n)
        return np.asarray(self._kappa, dtype=float)[None, :] * (V + float(self.sb_lam))

    def __repr__(self) -> str:
        return f"LinearScaleModel(lam={self.sb_lam}, factors={[str(x) for x in self._kappa]})"


def extreme_scale_bounded_model(n, lam, c, favoured) -> LinearScaleModel:
    """The worst model for ``favoured``'s menu time: κ_favoured = 1/c, κ_j = c for j ≠ favoured.

    Item ``favoured`` scores as low as Definition 3 allows and every other item as high: this is
    the configuration that Lemma 2's proof bounds against (numerator up by c, denominator down by c).
    """
    fn = "extreme_scale_bounded_model"
    n = check_integer(fn, "n", n, minimum=2)
    check_lam(fn, lam)
    check_real(fn, "c", c, low=1)
    if isinstance(favoured, (bool, np.bool_)) or not isinstance(favoured, numbers.Integral) or not 0 <= favoured < n:
        raise ValueError(f"{fn}: favoured must be an item index in 0..{n - 1}; got {favoured!r}.")
    exact = exact_mode([lam, c])
    hi = Fraction(c) if exact else float(c)
    lo = 1 / hi
    return LinearScaleModel(lam, [lo if i == favoured else hi for i in range(n)])


class ExtremeScaleBoundedModel:
    """f_i(v) = c^{σ_i}(v_i + λ), σ_i ∈ {−1, +1}: on the boundary of Definition 3 (worst cases).

    With σ_a = −1 for the committed item and +1 for the others, g(x) of ``committed_choice_lower_bound``
    is attained up to the fillers' memory.
    """

    def __init__(self, lam, c, signs):
        fn = "ExtremeScaleBoundedModel"
        check_lam(fn, lam)
        check_real(fn, "c", c, low=1)
        signs = as_vector(fn, "signs", signs)
        if not np.isin(signs, (-1.0, 1.0)).all():
            raise ValueError(f"{fn}: signs must be a vector of entries −1 or +1; got {signs.tolist()}.")
        self.n = len(signs)
        self.sb_lam = float(lam)
        self.c = float(c)
        self.factor = np.array([c ** s for s in signs], dtype=float)
        self.lam = float(lam) / c
        self.lipschitz = float(c)

    def scores(self, memory):
        return self.factor * (_fast_memory("ExtremeScaleBoundedModel.scores", memory, self.n) + self.sb_lam)


class FactorModel:
    """f_i(v) = factors_i (v_i + λ): (λ, c)-scale-bounded when every factor lies in [1/c, c]."""

    def __init__(self, lam, factors):
        fn = "FactorModel"
        check_lam(fn, lam)
        self.factors = check_positive_vector(fn, factors, arg="factors")
        self.n = len(self.factors)
        self.sb_lam = float(lam)
        self.lam = float(lam) * float(self.factors.min())
        self.lipschitz = float(self.factors.max())

    def scores(self, memory):
        return self.factors * (_fast_memory("FactorModel.scores", memory, self.n) + self.sb_lam)
