"""Oracle entries for paper B's deterministic functions (Dai, Golrezaei & Jaillet, arXiv 2606.14929).

Every public function of ``reference/embedding_routing/`` that is deterministic and cheap has an entry named
after it: the reference (looked up at call time), a strategy that *builds* valid instances with d (the query
dimension) in ``lo..hi`` (default up to 32; M ≤ 8 experts, so Θ is at most 32 × 256) from
``certificates.strategies_b``, and a comparison with a named, magnitude-scaled tolerance and its reason.

How outputs are compared
------------------------
* matrices and vectors entrywise, allowed error ``atol + rtol·max|ref|`` (``cmp.vectors``): a projection onto
  a ball of radius 1e-3 is held to 1e-3·rtol, not to rtol;
* outputs that are sums of terms of both signs (φ_β, D_φ, logits, coefficients π(r − J), τ‖G‖_op − ⟨G, Θ⟩,
  the optimality residual, ln F_T) are held to ``rtol·Σ|terms|`` (``cmp.scaled``): rounding is relative to
  the terms, not to the (possibly ~0) result, for the reference as for any correct implementation;
* dicts (bounds by term, residuals) key by key, each term relative to itself (``cmp.mapping``);
* the Bregman projection by its (unique) projected matrix; the dual shift ν only where the function returns it.

Keyword-only references (the bounds) are checked through positional adapters in this module
(``<name>_positional``, argument order in ``KEYWORDS``); wrap a keyword-only candidate with ``positional``.

Not covered (reason): the validators ``as_matrix`` / ``check_beta`` / ``check_radius``; functions of a
``RoutingRun`` or ``RoutingInstance`` (trajectory oracle); seeded or optimisation-based values
(``make_queries``, ``make_features(kind='multi_vector')``, ``planted_*``, ``*_class_value``,
``best_fixed_log_quadratic``, ``class_gap_table``, ...); ``linearized_regret_cvxpy`` (a solver route).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

import certificates.strategies_b as sb
import reference.embedding_routing.bounds as bounds_module
from certificates.oracle import compare as cmp
from certificates.oracle.core import FunctionEntry, Tolerance, register

__all__ = ["KEYWORDS", "positional", "ENTRIES", "COPY", "ROUNDING", "LOGITS", "SOFTMAX", "SPECTRAL", "PROJECTION",
           "DUAL_SHIFT", "CANCELLATION", "BOUND", "KT_SEARCH"]

B = "reference.embedding_routing"
HY, POL, BD, RG, ENV, HPG = (f"{B}.{m}" for m in ("hypentropy", "policies", "bounds", "regret", "environment", "hpg"))
RR = f"{B}.rank_readings"
HERE = "certificates.oracle.functions_b"

#: atol of every float tolerance: below the smallest normal float (2.2e-308) rounding is absolute.
TINY = 1e-300
COPY = Tolerance("copy", 0.0, 0.0, "a reshape or an argmax copies entries: no arithmetic, so equality")
ROUNDING = Tolerance("rounding", 1e-12, TINY, "a few multiplications and additions per entry: agreement to rounding")
LOGITS = Tolerance("logits", 1e-12, TINY,
                   "⟨Θ_m, Ψ⟩ sums d² ≤ 1024 products of both signs: error ≲ d·eps relative to Σ|Θ_ij Ψ_ij| (the scale)")
SOFTMAX = Tolerance("softmax", 1e-9, TINY,
                    "an absolute logit error δ (≈ d·eps·|z|, |z| ≲ 1e3) is a relative error δ of every probability")
SPECTRAL = Tolerance("spectral", 1e-9, TINY, "backward-stable SVDs differ by eps·‖X‖ per σ and f = asinh(·/β) "
                                            "amplifies by ≤ 1/β (‖X‖_op/β ≤ 1e6 drawn): ≲ 1e-10·max|ref|")
PROJECTION = Tolerance("projection", 1e-9, TINY, "the projection is unique and 1-Lipschitz; SVD + a root finder for ν "
                                                "agree to ≈ k·eps·(1 + β/τ) relative, β/τ ≤ 1e3 drawn")
DUAL_SHIFT = Tolerance("dual-shift", 1e-10, 1e-12, "ν solves Σ β sinh(max(y_i − ν, 0)) = τ, a root of slope ≤ −τ: "
                                                   "determined to ≈ k·eps·(1 + ν)")
CANCELLATION = Tolerance("cancellation", 1e-10, TINY,
                         "a sum of terms of both signs: rounding is relative to Σ|terms| (the scale), not the result")
BOUND = Tolerance("bound", 1e-10, TINY, "closed forms of a few terms, each relative to itself; R = τ asinh(τ/β) − "
                                       "√(τ²+β²) + β loses eps·(β/τ)² (β ≤ 100τ drawn)")
KT_SEARCH = Tolerance("kt-search", 1e-9, TINY, "max_S (uS − εF_T(S)) of a concave function: a search to |ΔS| ≈ 1e-8·T "
                                              "errs by O(ΔS²) in value")


# --------------------------------------------------------------------------------------------
# keyword-only references: positional adapters (looked up at call time)
# --------------------------------------------------------------------------------------------
#: Positional order of each keyword-only bound (None = the reference's own positional argument).
KEYWORDS: dict[str, tuple[str | None, ...]] = {
    "hpg_tuned_parameters": ("T", "M", "d", "tau", "psi_max", "beta", "factor"),
    "hpg_linearized_regret_bound": ("T", "M", "d", "tau", "beta", "eta", "psi_max", "factor"),
    "omd_pathwise_bound": (None, "d", "tau", "beta", "eta", "factor"),
    "hpg_headline_bound": ("T", "M", "d", "s", "B", "psi_max", "factor"),
    "ogd_expected_regret_bound": ("T", "M", "tau", "fro_max", "eta"),
    "parameter_free_pathwise_bound": (None, "T", "sq_op_norms", "g_max", "epsilon", "d", "direction_beta",
                                      "direction_eta", "factor"),
}


def _call(fn: Callable, name: str, args: tuple) -> Any:
    names = KEYWORDS[name]
    return fn(*[a for n, a in zip(names, args) if n is None], **{n: a for n, a in zip(names, args) if n})


def positional(name: str, candidate: Callable) -> Callable:
    """Wrap a candidate with the reference's keyword-only signature so the oracle can call it positionally
    (order ``KEYWORDS[name]``): ``assert_matches_reference(name, positional(name, my_fn))``."""
    def call(*args: Any) -> Any:
        return _call(candidate, name, args)
    call.__qualname__ = call.__name__ = f"positional_{name}"
    return call


def _adapter(name: str) -> Callable:
    def reference(*args: Any) -> Any:
        return _call(getattr(bounds_module, name), name, args)     # looked up at call time
    reference.__doc__ = f"bounds.{name} called positionally in the order {KEYWORDS[name]}."
    return reference


for _name in KEYWORDS:
    globals()[f"{_name}_positional"] = _adapter(_name)


# --------------------------------------------------------------------------------------------
# instance strategies: (lo, hi) bound d
# --------------------------------------------------------------------------------------------
def _op(X: np.ndarray) -> float:
    return float(np.linalg.norm(X, 2)) if X.size and X.any() else 0.0


@st.composite
def _shape(draw, lo: int, hi: int) -> tuple[int, int]:
    """(d, dM) or its transpose: the hypentropy functions take any matrix."""
    d, M = draw(sb.dims(lo, hi))
    return (d * M, d) if draw(st.booleans()) else (d, d * M)


@st.composite
def _matrix(draw, lo: int, hi: int) -> np.ndarray:
    """A d × dM matrix (or its transpose) of operator norm 1e-6..1e6."""
    return draw(sb.matrices(*draw(_shape(lo, hi)), op=draw(sb.magnitudes(-6.0, 6.0))))


@st.composite
def _matrix_beta(draw, lo: int, hi: int) -> tuple:
    X = draw(_matrix(lo, hi))
    return X, draw(sb.betas(_op(X)))                      # β/‖X‖_op ∈ [1e-6, 1e3]


@st.composite
def _values_beta(draw, lo: int, hi: int) -> tuple:
    """(σ or x, β): a vector of length d (signs drawn) with β/max|x| ∈ [1e-6, 1e3]."""
    k = draw(st.integers(lo, hi))
    s = draw(sb.spectra(k)) * draw(sb.magnitudes(-6.0, 6.0))
    s = s * np.where(np.array([draw(st.booleans()) for _ in range(k)]), -1.0, 1.0)
    return s, draw(sb.betas(float(np.max(np.abs(s)))))


@st.composite
def _dual_beta(draw, lo: int, hi: int) -> tuple:
    """(Y, β): a dual point with σ(Y) ≤ 40, so that β sinh σ stays finite."""
    Y = draw(sb.matrices(*draw(_shape(lo, hi)), op=draw(st.one_of(sb.magnitudes(-6.0, 1.0), sb.reals(0.0, 40.0)))))
    return Y, draw(sb.magnitudes(-6.0, 3.0))


@st.composite
def _pair_beta(draw, lo: int, hi: int) -> tuple:
    """(X, Y, β): X = Y, X = 0, X near Y (relative 1e-3..1) or X independent of Y."""
    Y, beta = draw(_matrix_beta(lo, hi))
    mode = draw(st.sampled_from(["equal", "zero", "near", "independent"]))
    scale = max(_op(Y), 1e-300)
    if mode == "equal":
        X = Y.copy()
    elif mode == "zero":
        X = np.zeros_like(Y)
    elif mode == "near":
        X = Y + draw(sb.matrices(*Y.shape, op=scale * draw(sb.magnitudes(-3.0, 0.0))))
    else:
        X = draw(sb.matrices(*Y.shape, op=scale * draw(sb.magnitudes(-2.0, 2.0))))
    return X, Y, max(beta, _op(X) / sb.MAX_COND)


@st.composite
def _spectrum_instance(draw, lo: int, hi: int) -> tuple:
    tau = draw(sb.magnitudes(-3.0, 3.0))
    s, _ = draw(sb.ball_spectra(draw(st.integers(lo, hi)), tau))
    return s, tau, draw(sb.betas(tau))


@st.composite
def _dual_projection_instance(draw, lo: int, hi: int) -> tuple:
    """(Y, τ, β) with Y = ∇φ(X̃) for an X̃ placed against the ball (``ball_spectra``)."""
    d, M = draw(sb.dims(lo, hi))
    tau = draw(sb.magnitudes(-3.0, 3.0))
    beta = draw(sb.betas(tau))
    s, _ = draw(sb.ball_spectra(d, tau))
    return draw(sb.matrices(d, d * M, spectrum=np.arcsinh(s / beta))), tau, beta


@st.composite
def _residual_instance(draw, lo: int, hi: int) -> tuple:
    """(X*, X̃, τ, β): X* the projection of X̃ (vi ≈ 0; computed by the reference: only the instance's
    interest, not its validity, depends on it), perturbed, scaled, X̃ itself, or 0."""
    import reference.embedding_routing.hypentropy as hy  # noqa: PLC0415

    X, tau, beta = draw(sb.projection_instances(lo, hi, max_cond=sb.MAX_COND))
    P = hy.bregman_project_nuclear_ball(X, tau, beta)
    mode = draw(st.sampled_from(["projection", "perturbed", "scaled", "unprojected", "zero"]))
    if mode == "perturbed":
        P = P + draw(sb.matrices(*X.shape, op=max(_op(P), tau) * draw(sb.magnitudes(-9.0, -1.0))))
    star = {"projection": P, "perturbed": P, "scaled": 0.5 * P, "unprojected": X, "zero": 0 * X}[mode]
    return star, X, tau, max(beta, _op(star) / sb.MAX_COND)


@st.composite
def _vector_ratio_instance(draw, lo: int, hi: int) -> tuple:
    """(x, y, D, β): ‖x‖₁ ≤ D, y = x + D·ε·w (ε ∈ [1e-3, 1]) so the ratio's denominator stays away from 0."""
    k = draw(st.integers(lo, hi))
    D = draw(sb.magnitudes(-3.0, 3.0))
    rng = np.random.default_rng(draw(sb.SEEDS))
    x, w = rng.standard_normal(k), rng.standard_normal(k)
    x *= D * draw(sb.reals(0.0, 1.0)) / np.abs(x).sum()
    y = x + D * draw(sb.magnitudes(-3.0, 0.0)) * w / np.abs(w).sum()
    return x, y, D, draw(sb.betas(D, -5.0, 2.0))


@st.composite
def _spectral_ratio_instance(draw, lo: int, hi: int) -> tuple:
    X, tau, beta = draw(sb.projection_instances(lo, hi, max_M=4, max_cond=1e5))
    eps = max(tau, _op(X)) * draw(sb.magnitudes(-3.0, 0.0))
    return X, X + draw(sb.matrices(*X.shape, op=eps)), tau, max(beta, (_op(X) + eps) / 1e5)


@st.composite
def _tau_beta(draw, lo: int, hi: int, beta_hi: float = 2.0) -> tuple:
    tau = draw(sb.magnitudes(-3.0, 3.0))
    return tau, draw(sb.betas(tau, -6.0, beta_hi))


@st.composite
def _policy_instance(draw, lo: int, hi: int, batch: bool = False) -> tuple:
    d, M = draw(sb.dims(lo, hi))
    Theta = draw(sb.thetas(d, M))
    if batch:
        return Theta, np.stack([draw(sb.features(d)) for _ in range(draw(st.integers(1, 4)))])
    return Theta, draw(sb.features(d))


def _logit_vector(draw, M: int) -> np.ndarray:
    """Logits of length M: ties, generic, ≈ 1e3 (a naive exp overflows), spread over ±3e3."""
    mode = draw(st.sampled_from(["ties", "generic", "large", "spread"]))
    z = np.random.default_rng(draw(sb.SEEDS)).standard_normal(M)
    return {"ties": lambda: np.full(M, draw(sb.reals(-1e3, 1e3))), "generic": lambda: z,
            "large": lambda: 1e3 + z, "spread": lambda: 1e3 * z}[mode]()


@st.composite
def _logits(draw, lo: int, hi: int, rows: bool = False) -> tuple:
    """(z,) with M ∈ 1..8, or (Z,) with T ∈ 1..hi rows of logits."""
    M = draw(st.integers(1, 8))
    if rows:
        return (np.array([_logit_vector(draw, M) for _ in range(draw(st.integers(1, max(hi, 1))))]),)
    return (_logit_vector(draw, M),)


@st.composite
def _log_linear(draw, lo: int, hi: int) -> tuple:
    d, M = draw(sb.dims(lo, hi))
    W = draw(sb.matrices(M, d, op=draw(sb.magnitudes(-3.0, 3.0))))
    return W, _logit_vector(draw, M), draw(sb.queries(d))


@st.composite
def _pi_r(draw, lo: int, hi: int, theta: bool = False) -> tuple:
    exact = draw(st.booleans()) and not theta
    d, M = draw(sb.dims(lo, hi))
    r = draw(sb.reward_vectors(M, exact=exact))
    if theta:
        return draw(sb.thetas(d, M)), draw(sb.features(d)), r
    return draw(sb.probability_vectors(M, exact=exact)), r


@st.composite
def _reinforce(draw, lo: int, hi: int, psi: bool = False) -> tuple:
    exact = draw(st.booleans()) and not psi
    d, M = draw(sb.dims(lo, hi))
    pi = draw(sb.probability_vectors(M, exact=exact))
    m, reward = draw(st.integers(0, M - 1)), draw(sb.reward_vectors(1, exact=exact))[0]
    return (pi, draw(sb.features(d)), m, reward) if psi else (pi, m, reward)


@st.composite
def _rewards_table(draw, lo: int, hi: int) -> tuple:
    M = draw(st.integers(1, 8))
    return (np.array([draw(sb.reward_vectors(M, exact=False)) for _ in range(draw(st.integers(1, max(hi, 1))))]),)


@st.composite
def _linearized_instance(draw, lo: int, hi: int) -> tuple:
    """(Σg, Σ⟨g, Θ⟩, τ) with the inner sum at τ‖G‖_op·ratio, ratio ∈ {0, 1 (regret 0), generic}."""
    d, M = draw(sb.dims(lo, hi))
    G = draw(sb.gradients(d, M)) * draw(st.integers(1, 1000))
    tau = draw(sb.magnitudes(-3.0, 3.0))
    ratio = draw(st.one_of(st.sampled_from([0.0, 1.0, -1.0]), sb.reals(-2.0, 2.0)))
    return G, ratio * tau * _op(G), tau


def _common_bound_args(draw, m_min: int = 1) -> dict:
    tau = draw(sb.magnitudes(-3.0, 3.0))
    return {"T": draw(st.integers(1, 10**6)), "M": draw(st.integers(m_min, 8)), "tau": tau,
            "beta": draw(sb.betas(tau, -6.0, 2.0)), "eta": draw(sb.magnitudes(-6.0, 2.0)),
            "psi_max": draw(st.one_of(st.just(1.0), sb.reals(1e-3, 1.0))),
            "factor": draw(st.one_of(st.none(), sb.reals(0.05, 1.0)))}


@st.composite
def _bound_instance(draw, lo: int, hi: int, name: str) -> tuple:
    a = _common_bound_args(draw, 2 if name == "hpg_tuned_parameters" else 1)
    a["d"] = draw(st.integers(lo, hi))
    a["s"] = draw(st.integers(1, a["d"]))
    a["B"], a["fro_max"] = draw(sb.magnitudes(-3.0, 3.0)), draw(sb.reals(0.0, 32.0))
    a["sq_op_norms"] = [draw(sb.reals(0.0, 2.0)) for _ in range(draw(st.integers(0, 20)))]
    if name == "hpg_tuned_parameters" and draw(st.booleans()):
        a["beta"] = None
    if name == "parameter_free_pathwise_bound":
        T, u, epsilon = draw(_kt_bound(lo, hi))
        a.update(T=T, u=u, epsilon=epsilon, g_max=draw(sb.reals(1e-3, 2.0)),
                 direction_beta=draw(sb.betas(1.0, -6.0, 2.0)), direction_eta=a["eta"])
    return tuple(a[n] if n else a["sq_op_norms" if name == "omd_pathwise_bound" else "u"] for n in KEYWORDS[name])


@st.composite
def _kt_potential(draw, lo: int, hi: int) -> tuple:
    T = draw(st.integers(0, 1000))
    S = draw(st.one_of(st.sampled_from([-T, 0, T]), st.integers(-T, T), sb.reals(-T, T)))
    return T, S


@st.composite
def _kt_bound(draw, lo: int, hi: int) -> tuple:
    """(T, u, ε) with 1 ≤ T ≤ 500 and u = 0 or u/ε ∈ [1e-4, 1e4]. The reference is a certified upper bound for every
    T ≥ 0 (bisection in logs; K_0 = 0) since issue 12; the range is kept so that the tests' independent alternative
    (plain exp, no T = 0 case) stays within float64."""
    epsilon = draw(sb.magnitudes(-3.0, 2.0))
    u = draw(st.one_of(st.just(0.0), sb.magnitudes(-4.0, 4.0).map(lambda r: r * epsilon)))
    return draw(st.integers(1, 500)), u, epsilon


@st.composite
def _radius_args(draw, lo: int, hi: int, with_d: bool = False) -> tuple:
    """(s, B, M) or (s, B, M, d) with 1 ≤ s ≤ d."""
    d = draw(st.integers(max(lo, 1), max(hi, 1)))
    s, B, M = draw(st.integers(1, d)), draw(sb.magnitudes(-3.0, 3.0)), draw(st.integers(1, 8))
    return (s, B, M, d) if with_d else (s, B, M)


def _args(*strategies: Callable) -> Callable:
    """A (lo, hi) → tuple strategy from per-argument strategies that take d."""
    @st.composite
    def build(draw, lo: int, hi: int) -> tuple:
        d = draw(st.integers(lo, hi))
        return tuple(draw(s(d)) for s in strategies)
    return build


# --------------------------------------------------------------------------------------------
# comparisons (scales are computed with numpy from the arguments, never with the reference)
# --------------------------------------------------------------------------------------------
def _vector(args, ref, cand, tol):
    return cmp.vectors(ref, cand, tol)


def _scalar(args, ref, cand, tol):
    return cmp.scalar(ref, cand, tol)


def _dict(args, ref, cand, tol):
    return cmp.mapping(ref, cand, tol)


def _h_terms(s: np.ndarray, beta: float) -> np.ndarray:
    """|σ asinh(σ/β)| + √(σ² + β²): the two terms of h_β(σ)."""
    s = np.abs(np.asarray(s, dtype=float))
    return s * np.arcsinh(s / beta) + np.hypot(s, beta)


def _sv(X: Any) -> np.ndarray:
    return np.linalg.svd(np.asarray(X, dtype=float), compute_uv=False)


def _by_scale(scale_of: Callable[[tuple], float], what: str = "output") -> Callable:
    def compare(args, ref, cand, tol):
        return cmp.scaled(ref, cand, tol, scale_of(args), what)
    return compare


def _divergence_scale(args) -> float:
    X, Y, beta = np.asarray(args[0], dtype=float), np.asarray(args[1], dtype=float), float(args[2])
    inner = math.asinh(_op(Y) / beta) * float(np.sum(_sv(X - Y)))       # ≥ |⟨∇φ(Y), X − Y⟩|
    return float(_h_terms(_sv(X), beta).sum() + _h_terms(_sv(Y), beta).sum()) + inner


def _vector_ratio_scale(args) -> float:
    x, y, D, beta = (np.asarray(a, dtype=float) for a in args)
    dh = _h_terms(x, beta).sum() + _h_terms(y, beta).sum() + float(np.sum(np.abs(np.arcsinh(y / beta) * (x - y))))
    return float((D + x.size * beta) * dh / (0.5 * np.sum(np.abs(x - y)) ** 2))


def _spectral_ratio_scale(args) -> float:
    X, Y, tau, beta = args
    k = min(np.shape(X))
    return float((tau + k * beta) * _divergence_scale((X, Y, beta)) / (0.5 * np.sum(_sv(np.subtract(X, Y))) ** 2))


def _logits_of(Theta: Any, Psi: Any) -> np.ndarray:
    d = np.shape(Psi)[0]
    return np.einsum("imj,ij->m", np.asarray(Theta, dtype=float).reshape(d, -1, d), np.asarray(Psi, dtype=float))


def _logit_scale(args) -> float:
    Theta, F = np.asarray(args[0], dtype=float), np.abs(np.asarray(args[1], dtype=float))
    d = F.shape[-1]
    blocks = np.abs(Theta).reshape(d, -1, d)
    return float(np.max(np.einsum("imj,...ij->...m", blocks, F))) if blocks.size else 0.0


def _coefficient_scale(args) -> float:
    pi, r = np.asarray([float(e) for e in args[0]]), np.asarray([float(e) for e in args[-1]])
    return float(np.max(pi * (np.abs(r) + abs(float(pi @ r)))))


def _exact_gradient_scale(args) -> float:
    z = _logits_of(*args[:2])
    pi = np.exp(z - z.max())
    pi /= pi.sum()
    return _coefficient_scale((pi, args[2])) * float(np.max(np.abs(args[1]), initial=0.0))


def _coefficients(args, ref, cand, tol):
    """Exact on rational input; else relative to max_m π_m(|r_m| + |J|) (r_m − J cancels)."""
    if cmp.is_rational(ref) and cmp.is_rational(cand):
        return cmp.vectors(ref, cand, tol)
    return cmp.scaled(ref, cand, tol, _coefficient_scale(args))


def _kt_potential_scale(args) -> float:
    T, S = args
    return (T * math.log(2.0) + abs(math.lgamma((T + S + 1) / 2)) + abs(math.lgamma((T - S + 1) / 2))
            + math.log(math.pi) + math.lgamma(T + 1))


def _residual(args, ref, cand, tol):
    """infeasibility vs τ + ‖X*‖_*; vi vs (τ + ‖X*‖_*)(asinh(‖X̃‖_op/β) + asinh(‖X*‖_op/β)) ≥ |each term|."""
    star, tilde, tau, beta = args
    mass = tau + float(np.sum(_sv(star)))
    grad = sum(math.asinh(_op(np.asarray(X, dtype=float)) / beta) for X in (tilde, star))
    return cmp.mapping(ref, cand, tol, {"infeasibility": mass, "vi": mass * grad}, "residual")


def _parts(*tols: Tolerance, names: tuple[str, ...]) -> Callable:
    def compare(args, ref, cand, tol):
        return cmp.parts(ref, cand, tols, names)
    return compare


def _entry(name: str, module: str, strategy: Callable, compare: Callable, tol: Tolerance, attr: str | None = None,
           cap: int | None = None) -> FunctionEntry:
    return FunctionEntry(name, "B", module, attr or name, strategy, compare, tol, max_size_cap=cap)


def _kw_entry(name: str, compare: Callable, tol: Tolerance) -> FunctionEntry:
    return _entry(name, HERE, lambda lo, hi: _bound_instance(lo, hi, name), compare, tol, f"{name}_positional")


_X = lambda lo, hi: _matrix(lo, hi).map(lambda X: (X,))  # noqa: E731
_D = lambda d: sb.queries(d)  # noqa: E731

ENTRIES = [
    # -- hypentropy: norms, the regulariser, the mirror map, the projection ---------------------
    _entry("singular_values", HY, _X, _vector, SPECTRAL),
    _entry("nuclear_norm", HY, _X, _scalar, SPECTRAL),
    _entry("operator_norm", HY, _X, _scalar, SPECTRAL),
    _entry("hypentropy_scalar", HY, _values_beta, _by_scale(lambda a: float(np.max(_h_terms(*a)))), CANCELLATION),
    _entry("hypentropy_vector", HY, _values_beta, _by_scale(lambda a: float(np.sum(_h_terms(*a)))), CANCELLATION),
    _entry("spectral_hypentropy", HY, _matrix_beta, _by_scale(lambda a: float(np.sum(_h_terms(_sv(a[0]), a[1])))),
           CANCELLATION),
    _entry("mirror_map", HY, _matrix_beta, _vector, SPECTRAL),
    _entry("inverse_mirror_map", HY, _dual_beta, _vector, SPECTRAL),
    _entry("bregman_divergence", HY, _pair_beta, _by_scale(_divergence_scale, "divergence"), CANCELLATION),
    _entry("project_singular_values", HY, _spectrum_instance, _parts(PROJECTION, DUAL_SHIFT, names=("sigma", "nu")),
           PROJECTION),
    _entry("bregman_project_nuclear_ball", HY, lambda lo, hi: sb.projection_instances(lo, hi), _vector, PROJECTION),
    _entry("bregman_project_dual", HY, _dual_projection_instance,
           _parts(PROJECTION, SPECTRAL, names=("projection", "its mirror image")), PROJECTION),
    _entry("projection_optimality_residual", HY, _residual_instance, _residual, CANCELLATION),
    _entry("strong_convexity_modulus", HY, _args(lambda d: sb.magnitudes(-3.0, 3.0), lambda d: sb.magnitudes(-6.0, 3.0),
                                                 st.just), _scalar, ROUNDING),
    _entry("vector_strong_convexity_ratio", HY, _vector_ratio_instance, _by_scale(_vector_ratio_scale, "ratio"),
           CANCELLATION),
    _entry("spectral_strong_convexity_ratio", HY, _spectral_ratio_instance, _by_scale(_spectral_ratio_scale, "ratio"),
           CANCELLATION),
    _entry("hypentropy_range_on_nuclear_ball", HY, _tau_beta, _scalar, BOUND),
    _entry("asinh_ratio", HY, _values_beta, _vector, SPECTRAL),
    _entry("euclidean_project_nuclear_ball", HY,
           lambda lo, hi: sb.projection_instances(lo, hi).map(lambda a: a[:2]), _vector, PROJECTION),
    _entry("bregman_diameter", BD, _tau_beta, _scalar, BOUND),
    _entry("stacked_radius", RR, _radius_args, _scalar, ROUNDING),
    _entry("blocks_radius", RR, lambda lo, hi: _radius_args(lo, hi, True), _scalar, ROUNDING),
    # -- policies: features, softmax, logits, J, gradients ----------------------------------------
    _entry("quadratic_features", POL, _args(_D), _vector, ROUNDING),
    _entry("multi_vector_features", POL, lambda lo, hi: st.integers(lo, hi).flatmap(sb.multi_vector_args),
           _vector, ROUNDING),
    _entry("softmax", POL, _logits, _vector, SOFTMAX),
    _entry("constant_policy", POL, _logits, _vector, SOFTMAX),
    _entry("softmax_rows", POL, lambda lo, hi: _logits(lo, hi, True), _vector, SOFTMAX),
    _entry("theta_blocks", POL, lambda lo, hi: sb.dims(lo, hi).flatmap(
        lambda dm: sb.thetas(*dm).map(lambda T: (T, *dm))), _vector, COPY),
    _entry("log_quadratic_logits", POL, _policy_instance, _by_scale(_logit_scale, "logit"), LOGITS),
    _entry("log_quadratic_logits_batch", POL, lambda lo, hi: _policy_instance(lo, hi, True),
           _by_scale(_logit_scale, "logit"), LOGITS),
    _entry("log_quadratic_policy", POL, _policy_instance, _vector, SOFTMAX),
    _entry("log_linear_policy", POL, _log_linear, _vector, SOFTMAX),
    _entry("best_response", POL, lambda lo, hi: st.integers(1, 8).flatmap(
        lambda M: sb.reward_vectors(M)).map(lambda r: (r,)), _vector, COPY),
    _entry("expected_reward", POL, _pi_r, _scalar, ROUNDING),
    _entry("gradient_from_coefficients", POL, lambda lo, hi: sb.dims(lo, hi).flatmap(lambda dm: st.tuples(
        st.lists(sb.reals(-1.0, 1.0), min_size=dm[1], max_size=dm[1]).map(np.array), sb.features(dm[0]))),
        _vector, ROUNDING),
    _entry("exact_gradient_coefficients", POL, _pi_r, _coefficients, ROUNDING),
    _entry("exact_gradient", POL, lambda lo, hi: _pi_r(lo, hi, True), _by_scale(_exact_gradient_scale), SOFTMAX),
    _entry("reinforce_coefficients", POL, _reinforce, _vector, ROUNDING),
    _entry("reinforce_gradient", POL, lambda lo, hi: _reinforce(lo, hi, True), _vector, ROUNDING),
    # -- environment, hpg, regret -----------------------------------------------------------------
    _entry("make_features", ENV, lambda lo, hi: st.integers(lo, hi).flatmap(lambda d: st.lists(
        sb.queries(d), min_size=1, max_size=5)).map(lambda xs: (np.array(xs), "rank_one")), _vector, ROUNDING),
    _entry("mirror_ascent_step", HPG, lambda lo, hi: sb.dims(lo, hi).flatmap(lambda dm: st.tuples(
        sb.matrices(dm[0], dm[0] * dm[1], op=30.0), sb.gradients(*dm), sb.magnitudes(-6.0, 2.0))), _vector, ROUNDING),
    _entry("linearized_regret", RG, _linearized_instance,
           _by_scale(lambda a: a[2] * _op(a[0]) + abs(a[1]), "regret"), CANCELLATION),
    _entry("project_nuclear_ball_euclidean", RG, lambda lo, hi: sb.projection_instances(lo, hi).map(lambda a: a[:2]),
           _vector, PROJECTION),
    _entry("unconstrained_value", RG, _rewards_table, _scalar, ROUNDING),
    _entry("constant_class_value", RG, _rewards_table, _scalar, ROUNDING),
    _entry("unconstrained_regret_lower_bound", RG, lambda lo, hi: st.tuples(st.integers(1, 10**6), st.integers(1, 8)),
           _scalar, ROUNDING),
    # -- bounds -------------------------------------------------------------------------------------
    _kw_entry("hpg_tuned_parameters", _dict, BOUND),
    _kw_entry("hpg_linearized_regret_bound", _dict, BOUND),
    _kw_entry("omd_pathwise_bound", _dict, BOUND),
    _kw_entry("hpg_headline_bound", _scalar, BOUND),
    _kw_entry("ogd_expected_regret_bound", _scalar, BOUND),
    _entry("kt_log_potential", BD, _kt_potential, _by_scale(_kt_potential_scale, "ln F_T"), CANCELLATION),
    _entry("kt_scale_regret_bound", BD, _kt_bound, _scalar, KT_SEARCH),
    _kw_entry("parameter_free_pathwise_bound", _dict, KT_SEARCH),
]

for _entry_ in ENTRIES:
    register(_entry_)
