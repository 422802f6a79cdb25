"""Scale-bounded models, the φ-smoothed simplex and Lemma 2 (paper A, §4, Appendix C.1).

Main statements
---------------
* **Definition 3 (scale-bounded) [recon; the precise form is this project's choice].** The seed
  says only that scores are "bounded above and below by linear functions of the item's own memory
  weight, within a multiplicative factor" (the ALT abstract: "pseudo-increasing"); its formula is
  stripped. We fix: for λ ∈ (0, 1] and c ≥ 1, f is **(λ, c)-scale-bounded** if for every item i
  and every memory v ∈ Δ(n)

        (v_i + λ) / c  ≤  f_i(v)  ≤  c · (v_i + λ).

  Choice probabilities and menu times are invariant under f ↦ s·f (s > 0 common to all items),
  so a model whose scores are s·f (e.g. normalised into [0, 1]) is treated through ``scale=s``.
  ``scale_bounded_margin`` returns how much the inequalities hold by at one memory;
  ``scale_bounded_sampled_margin`` over many memories.
* **Definition 4 (φ-smoothed simplex) [recon].** Δ_φ = {(1 − φ)p + φ u_n : p ∈ Δ(n)}
  = {p ∈ Δ(n) : p_i ≥ φ/n ∀i}; vertices (1 − φ)e_i + φ u_n. ``in_smoothed_simplex``,
  ``smoothed_simplex_margin``, ``smooth_point``, ``smoothed_simplex_vertices``.
* **Lemma 2 [seed prose; the condition below is derived here].** For a (λ, c)-scale-bounded model,
  every p ∈ Δ_φ and every memory v ∈ Δ(n) with ‖v − p‖₁ ≤ ε: max_i τ_i(p; v) ≤ B(n, k, λ, c, φ, ε),
  hence p ∈ IRD(v) (Lemma 1) whenever B ≤ 1. ``lemma2_menu_time_bound`` computes B,
  ``lemma2_condition`` returns (B ≤ 1, 1 − B), ``lemma2_min_phi`` the smallest φ that satisfies it,
  ``lemma2_worst_menu_time`` searches the ε-ball adversarially for the largest max τ on an instance.
  Certified: ``mem_ird_of_mem_smoothed_simplex_of_scale_bounded``, ``lemma2_condition_not_vacuous``
  (certificates/adaptive_preferences/setting/def4_lemma2_smoothed_simplex.py); Definition 3 of the model
  library: ``random_scale_bounded_model_is_scale_bounded`` (certificates/adaptive_preferences/setting/
  def2_def3_models.py).

Lemma 2 — the bound and its proof [derived, this project's; it follows the seed's C.1 route]
-----------------------------------------------------------------------------------------------
Fix i. Write N = p_i / (v_i + λ) and S = Σ_{j≠i} p_j / (v_j + λ).

  τ_i = k (p_i/f_i) / (p_i/f_i + Σ_{j≠i} p_j/f_j)                       (menu time, Lemma 1)
  x ↦ x/(x + y) is increasing in x and decreasing in y (x, y > 0)
  p_i/f_i ≤ c · p_i/(v_i + λ) = c N                                      (f_i ≥ (v_i + λ)/c)
  p_j/f_j ≥ p_j / (c (v_j + λ))  for j ≠ i, so Σ_{j≠i} p_j/f_j ≥ S/c     (f_j ≤ c (v_j + λ))
  ⇒ τ_i ≤ k · cN / (cN + S/c) = k c² N / (c² N + S).                    (★)

Distances. Let d = v − p. Σ_j d_j = 0, so Σ_j d_j⁺ = Σ_j d_j⁻ = ‖d‖₁/2 ≤ ε/2. Hence
  v_i ≥ p_i − ε/2  and  v_i ≥ 0                                          (i loses at most ε/2)
  v_j ≤ p_j + d_j,  d_j ≥ 0,  Σ_{j≠i} d_j ≤ ε/2                          (the others gain at most ε/2)

Upper bound on N. With a = p_i ∈ [φ/n, a_max], a_max = 1 − (n − 1)φ/n:
  N ≤ h(a) := a / (max(a − ε/2, 0) + λ)
  h is increasing on [0, ε/2] (= a/λ) and monotone on [ε/2, ∞) (derivative (λ − ε/2)/(a − ε/2 + λ)²),
  so N ≤ N* := max{ h(φ/n), h(clip(ε/2, φ/n, a_max)), h(a_max) }.

Lower bound on S (the seed: "each term is minimized … when p_j = [φ/n — our reading; the symbol is
lost]").
  p_j/(v_j + λ) ≥ p_j/(p_j + λ + d_j)
  ∂/∂p [p/(p + λ + d)] = (λ + d)/(p + λ + d)² > 0, so with p_j ≥ φ/n:
  p_j/(v_j + λ) ≥ g(d_j) := (φ/n)/(φ/n + λ + d_j)
  g is convex and decreasing in d_j, so by Jensen with Σ_{j≠i} d_j ≤ ε/2:
  S ≥ Σ_{j≠i} g(d_j) ≥ (n − 1) g(ε/(2(n − 1))) =: S* = (n−1)(φ/n) / (φ/n + λ + ε/(2(n−1))).

Conclusion. Since (★) increases in N and decreases in S,
  max_i τ_i(p; v) ≤ B := k c² N* / (c² N* + S*),
and B ≤ 1 ⇔ (k − 1) c² N* ≤ S*. Then p ∈ IRD(v) by Lemma 1.

A necessary condition on c (derived): at φ = 1 (p = u_n), ε = 0 and the extreme model
(f_i = (v_i + λ)/c, f_j = c (v_j + λ)), τ_i = k c² / (c² + n − 1); so no φ can work unless
c² (k − 1) ≤ n − 1. Our B reduces to exactly this at φ = 1, ε = 0.

Sanity checks of the bound: k = 1 gives B ≤ 1 always (every p is realised by single-item menus);
φ = 0 gives S* = 0 and B = k (no guarantee); ε ≥ 2λ lets v_i = 0 with p_i = ε/2, so N* ≥ ε/(2λ)
grows as λ → 0: the ball must shrink with λ. At c = 1, ε = 0 the worst point is a vertex of Δ_φ
and the condition reads (k − 1) a_max/(a_max + λ) ≤ (n − 1) φ/(φ + nλ): φ of order kλ suffices —
"φ large enough relative to λ", and φ can be small when λ is.

Notation
--------
=========  ==========================  =================================================
paper      code                        meaning
=========  ==========================  =================================================
Δ_φ        ``in_smoothed_simplex``     φ-smoothed simplex
φ          ``phi``                     smoothing weight in [0, 1]
λ, c       ``lam``, ``c``              Definition 3's floor and factor
ε          ``eps``                     ℓ₁ radius of the memory ball around p
τ_i        ``menu_times``              menu time (Lemma 1)
B          ``lemma2_menu_time_bound``  our bound on max_i τ_i over the ball
=========  ==========================  =================================================

Implementation notes
--------------------
Exact mode: rational p / φ (and rational λ, c, ε for the Lemma 2 bound) → Fractions, no
tolerance. The Lemma 2 bound is elementary arithmetic, so with rational parameters it is exact.
Scalars are validated by ``reference._numerics``; every error names the public function called.
Findings: docs/findings.md, "Lemma 2: tightness of the sufficient condition".

References: paper A, arXiv 2302.06014, §4 (Definitions 3–4), Appendix C.1 (Lemma 2).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

# The module (not the function of the same name re-exported by the package), so that certificate
# mutants can patch ``reference.adaptive_preferences.realizability.lemma1_menu_times:menu_times``.
import reference.adaptive_preferences.realizability.lemma1_menu_times as _mt
from reference._numerics import (
    as_vector,
    check_integer,
    check_k,
    check_lam,
    check_probability_vector,
    check_real,
    errors_as,
    exact_mode,
    is_rational_vector,
    rng_from,
)

__all__ = [
    "scale_bounded_margin",
    "is_scale_bounded_at",
    "scale_bounded_sampled_margin",
    "in_smoothed_simplex",
    "smoothed_simplex_margin",
    "smooth_point",
    "smoothed_simplex_vertices",
    "lemma2_menu_time_bound",
    "lemma2_condition",
    "lemma2_min_phi",
    "lemma2_ball_memories",
    "lemma2_worst_menu_time",
    "lemma2_conclusion_at",
]


# ------------------------------------------------------------------------------------------------
# parameter validation (reference._numerics; ``fn`` is the public function the caller called)
# ------------------------------------------------------------------------------------------------
def _lam_c(fn: str, lam, c):
    return check_lam(fn, lam), check_real(fn, "c", c, low=1)


def _phi(fn: str, phi):
    return check_real(fn, "phi", phi, low=0, high=1)


def _eps(fn: str, eps):
    return check_real(fn, "eps", eps, low=0, high=2, what="(the l1 diameter of the simplex is 2)")


def _is_rational(*xs) -> bool:
    return is_rational_vector(xs)


# ------------------------------------------------------------------------------------------------
# Definition 3: scale-bounded
# ------------------------------------------------------------------------------------------------
def scale_bounded_margin(model_or_scores, memory, lam, c, *, scale=1):
    """min_i min( f_i/s − (v_i + λ)/c ,  c (v_i + λ) − f_i/s ): ≥ 0 iff Definition 3 holds at v.

    ``model_or_scores`` is a model (anything with ``.scores(memory)``) or the score vector f(v)
    itself; ``scale`` is the common factor s of a rescaled model (``ScaleBoundedModel.scale``).
    Exact (a Fraction) when memory, scores, λ, c and s are rational.
    """
    return _scale_bounded_margin("scale_bounded_margin", model_or_scores, memory, lam, c, scale)


def _scale_bounded_margin(fn: str, model_or_scores, memory, lam, c, scale):
    lam, c = _lam_c(fn, lam, c)
    check_real(fn, "scale", scale, low=0, low_open=True)
    exact = exact_mode(memory) and _is_rational(lam, c, scale)
    v = check_probability_vector(fn, memory, arg="memory", exact=exact)
    n = len(v)
    f = model_or_scores.scores(memory) if hasattr(model_or_scores, "scores") else model_or_scores
    exact = exact and exact_mode(f)
    if not exact:
        v = np.asarray([float(e) for e in v])
    f = as_vector(fn, "model_or_scores", f, n=n, exact=exact, n_from="memory")
    if exact:
        lam, c, scale = Fraction(lam), Fraction(c), Fraction(scale)
        return min(min(fi / scale - (vi + lam) / c, c * (vi + lam) - fi / scale) for fi, vi in zip(f, v))
    g = f / float(scale)
    lower_gap = g - (v + float(lam)) / float(c)  # f_i/s − (v_i + λ)/c
    upper_gap = float(c) * (v + float(lam)) - g  # c (v_i + λ) − f_i/s
    return float(min(lower_gap.min(), upper_gap.min()))


def is_scale_bounded_at(model_or_scores, memory, lam, c, *, scale=1, atol=0.0) -> bool:
    """Definition 3 at one memory: ``scale_bounded_margin(...) >= −atol`` (atol 0 by default)."""
    fn = "is_scale_bounded_at"
    atol = check_real(fn, "atol", atol, low=0)
    return _scale_bounded_margin(fn, model_or_scores, memory, lam, c, scale) >= -atol


def scale_bounded_sampled_margin(model, lam, c, n_samples, seed, *, scale=1):
    """Minimum of ``scale_bounded_margin`` over the vertices e_i, u_n and ``n_samples`` random memories.

    Random memories are Dirichlet draws with concentration 0.1, 1 and 10 (near-vertices, interior,
    near-uniform). Returns ``(margin, worst_memory)``; a sampled check, not a proof.
    """
    fn = "scale_bounded_sampled_margin"
    lam, c = _lam_c(fn, lam, c)
    n_samples = check_integer(fn, "n_samples", n_samples, minimum=0)
    if not (hasattr(model, "scores") and isinstance(getattr(model, "n", None), int)):
        raise ValueError(f"{fn}: model must be a preference model (with n and scores(memory)); "
                         f"got {type(model).__name__}.")
    rng = rng_from(seed, fn=fn)
    n = model.n
    V = [np.eye(n)[i] for i in range(n)] + [np.full(n, 1.0 / n)]
    alphas = rng.choice([0.1, 1.0, 10.0], size=n_samples)
    V += [rng.dirichlet(np.full(n, a)) for a in alphas]
    V = np.array(V)
    F = model.scores_batch(V) if hasattr(model, "scores_batch") else np.array([model.scores(v) for v in V])
    g = F / float(scale)
    gaps = np.minimum(g - (V + float(lam)) / float(c), float(c) * (V + float(lam)) - g).min(axis=1)
    m = int(np.argmin(gaps))
    return float(gaps[m]), V[m]


# ------------------------------------------------------------------------------------------------
# Definition 4: the φ-smoothed simplex
# ------------------------------------------------------------------------------------------------
def smoothed_simplex_margin(p, phi):
    """min_i p_i − φ/n: ≥ 0 iff the probability vector p lies in Δ_φ. Exact when p, φ rational."""
    return _smoothed_simplex_margin("smoothed_simplex_margin", p, phi)


def _smoothed_simplex_margin(fn: str, p, phi):
    phi = _phi(fn, phi)
    exact = exact_mode(p) and _is_rational(phi)
    p = check_probability_vector(fn, p, exact=exact)
    n = len(p)
    if exact:
        return min(p) - Fraction(phi) / n
    return float(np.min(p)) - float(phi) / n


def in_smoothed_simplex(p, phi, *, atol: float = 0.0) -> bool:
    """Definition 4: p ∈ Δ_φ ⇔ p ∈ Δ(n) and p_i ≥ φ/n for all i (exact mode: no tolerance).

    Float mode accepts p_i ≥ φ/n − ``atol`` (default 0) and |Σ p − 1| ≤ FLOAT_SUM_ATOL.
    """
    fn = "in_smoothed_simplex"
    atol = check_real(fn, "atol", atol, low=0)
    return _smoothed_simplex_margin(fn, p, phi) >= -atol


def smooth_point(p, phi):
    """(1 − φ) p + φ u_n: the map of Definition 4 from Δ(n) onto Δ_φ (exact when rational)."""
    fn = "smooth_point"
    phi = _phi(fn, phi)
    exact = exact_mode(p) and _is_rational(phi)
    p = check_probability_vector(fn, p, exact=exact)
    n = len(p)
    if exact:
        phi = Fraction(phi)
        return [(1 - phi) * pi + phi / n for pi in p]
    return (1.0 - float(phi)) * p + float(phi) / n


def smoothed_simplex_vertices(n, phi):
    """The n vertices (1 − φ) e_i + φ u_n of Δ_φ (lists of Fractions when φ is rational)."""
    fn = "smoothed_simplex_vertices"
    n, phi = check_integer(fn, "n", n, minimum=2), _phi(fn, phi)
    if _is_rational(phi):
        phi = Fraction(phi)
        return [[(1 - phi) * (1 if j == i else 0) + phi / n for j in range(n)] for i in range(n)]
    return [(1.0 - float(phi)) * np.eye(n)[i] + float(phi) / n for i in range(n)]


# ------------------------------------------------------------------------------------------------
# Lemma 2
# ------------------------------------------------------------------------------------------------
def _lemma2_parts(n, k, lam, c, phi, eps):
    """(N*, S*) of the proof in the module docstring (exact when every input is rational)."""
    if _is_rational(lam, c, phi, eps):
        lam, c, phi, eps = (Fraction(x) for x in (lam, c, phi, eps))
    else:
        lam, c, phi, eps = (float(x) for x in (lam, c, phi, eps))
    half = eps / 2  # the largest loss of v_i and the largest total gain of the others
    a_min = phi / n  # smallest p_i in Δ_φ
    a_max = 1 - (n - 1) * phi / n  # largest p_i in Δ_φ

    def h(a):  # upper bound on p_i/(v_i + λ) when p_i = a
        return a / (max(a - half, 0) + lam)

    kink = min(max(half, a_min), a_max)
    n_star = max(h(a_min), h(kink), h(a_max))
    # lower bound on Σ_{j≠i} p_j/(v_j + λ): every p_j at φ/n, the gain ε/2 spread evenly (Jensen)
    s_star = (n - 1) * a_min / (a_min + lam + half / (n - 1))
    return n_star, s_star, c


def lemma2_menu_time_bound(n, k, lam, c, phi, eps):
    """B = k c² N* / (c² N* + S*) ≥ max_i τ_i(p; v) for every (λ, c)-scale-bounded model, every
    p ∈ Δ_φ and every v ∈ Δ(n) with ‖v − p‖₁ ≤ ε (proof in the module docstring) [derived].

    Exact (a Fraction) when λ, c, φ, ε are rational. B ≤ 1 is Lemma 2's sufficient condition.
    """
    return _menu_time_bound("lemma2_menu_time_bound", n, k, lam, c, phi, eps)


def _menu_time_bound(fn: str, n, k, lam, c, phi, eps):
    n = check_integer(fn, "n", n, minimum=2)
    k = check_k(fn, k, n)
    (lam, c), phi, eps = _lam_c(fn, lam, c), _phi(fn, phi), _eps(fn, eps)
    n_star, s_star, c = _lemma2_parts(n, k, lam, c, phi, eps)
    c2n = c * c * n_star
    return k * c2n / (c2n + s_star)


def lemma2_condition(n, k, lam, c, phi, eps):
    """Lemma 2's sufficient condition (ours): returns ``(holds, margin)`` with margin = 1 − B.

    holds ⇔ B ≤ 1 ⇔ (k − 1) c² N* ≤ S*; then every p ∈ Δ_φ is in IRD(v) for every memory v with
    ‖v − p‖₁ ≤ ε, for every (λ, c)-scale-bounded model. Exact when the inputs are rational.
    """
    margin = 1 - _menu_time_bound("lemma2_condition", n, k, lam, c, phi, eps)
    return bool(margin >= 0), margin


def lemma2_min_phi(n, k, lam, c, eps, *, iterations: int = 60):
    """The smallest φ ∈ [0, 1] with ``lemma2_condition`` true, or None if even φ = 1 fails.

    B is non-increasing in φ (S* grows, the range of p_i shrinks), so bisection applies; the
    returned φ satisfies the condition (it is the upper end of the final bracket).
    """
    fn = "lemma2_min_phi"
    n = check_integer(fn, "n", n, minimum=2)
    k = check_k(fn, k, n)
    lam, c = (float(x) for x in _lam_c(fn, lam, c))
    eps = float(_eps(fn, eps))
    if not lemma2_condition(n, k, lam, c, 1.0, eps)[0]:
        return None
    if lemma2_condition(n, k, lam, c, 0.0, eps)[0]:
        return 0.0
    lo, hi = 0.0, 1.0
    for _ in range(iterations):
        mid = (lo + hi) / 2
        if lemma2_condition(n, k, lam, c, mid, eps)[0]:
            hi = mid
        else:
            lo = mid
    return hi


def lemma2_ball_memories(p, eps, *, n_random: int = 0, seed=None, from_items=None):
    """Adversarial memories v ∈ Δ(n) with ‖v − p‖₁ ≤ ε around p (the corners the proof worries about).

    For every item i, m_i = min(ε/2, p_i) of mass leaves i and goes (a) all to one other item j
    (every j), (b) evenly to all others (Jensen's worst case in the proof); also v = p itself and
    ``n_random`` random points of the ball (a random direction with Σ = 0 scaled to ‖·‖₁ ≤ ε, then
    clipped to the simplex by scaling). ``from_items`` restricts the items i that lose mass
    (default: all). Exact (Fractions) when p and ε are rational. Returns a list of vectors.
    """
    return _ball_memories("lemma2_ball_memories", p, eps, n_random, seed, from_items)


def _ball_memories(fn: str, p, eps, n_random, seed, from_items):
    eps = _eps(fn, eps)
    n_random = check_integer(fn, "n_random", n_random, minimum=0)
    exact = exact_mode(p) and _is_rational(eps)
    p = check_probability_vector(fn, p, exact=exact)
    n = len(p)
    half = Fraction(eps) / 2 if exact else float(eps) / 2
    out = [list(p) if exact else p.copy()]
    for i in range(n) if from_items is None else from_items:
        m = min(half, p[i])
        if m <= 0 or n == 1:  # n = 1: Δ(1) = {p}, the ball holds only v = p
            continue
        for j in range(n):
            if j == i:
                continue
            v = list(p) if exact else p.copy()
            v[i] -= m
            v[j] += m
            out.append(v)
        v = list(p) if exact else p.copy()
        for j in range(n):
            v[j] += -m if j == i else m / (n - 1)
        out.append(v)
    if n_random:
        rng = rng_from(seed, fn=fn)
        pf = np.asarray([float(x) for x in p])
        for _ in range(n_random):
            d = rng.normal(size=n)
            d -= d.mean()
            d *= rng.uniform(0, float(eps)) / max(np.abs(d).sum(), 1e-300)
            # largest t ∈ [0, 1] keeping p + t d ≥ 0
            neg = d < 0
            t = min(1.0, float(np.min(pf[neg] / -d[neg]))) if neg.any() else 1.0
            v = pf + t * d
            v = np.maximum(v, 0.0)
            out.append(v / v.sum())
    return out


def lemma2_worst_menu_time(model, p, k, eps, *, n_random: int = 0, seed=None, from_items=None):
    """max over ``lemma2_ball_memories(p, eps)`` of max_i τ_i(p; v) with f = model.scores(v).

    Lemma 2's conclusion on this instance is ``worst ≤ 1`` (Lemma 1); our bound says
    ``worst ≤ lemma2_menu_time_bound(...)``. Returns ``(worst_tau, worst_memory)``; exact when the
    model, p and ε are rational. Menu times by ``menu_times.menu_times`` (Lemma 1's route).
    """
    return _worst_menu_time("lemma2_worst_menu_time", model, p, k, eps, n_random, seed, from_items)


def _worst_menu_time(fn: str, model, p, k, eps, n_random, seed, from_items):
    if not callable(getattr(model, "scores", None)):
        raise ValueError(f"{fn}: model must be a preference model (with scores(memory)); got {type(model).__name__}.")
    exact = exact_mode(p)
    p_checked = check_probability_vector(fn, p, exact=exact)
    check_k(fn, k, len(p_checked))
    worst, worst_v = None, None
    for v in _ball_memories(fn, p, eps, n_random, seed, from_items):
        with errors_as(fn):
            tau = max(_mt.menu_times(p, model.scores(v), k))
        if worst is None or tau > worst:
            worst, worst_v = tau, v
    return worst, worst_v


def lemma2_conclusion_at(model, p, k, eps, *, n_random: int = 0, seed=None, use_lp: bool = True):
    """Lemma 2's conclusion on one instance, by two routes: a dict with

    * ``worst_tau`` / ``worst_memory`` — ``lemma2_worst_menu_time`` (Lemma 1's route);
    * ``in_ird`` — worst_tau ≤ 1 (exact in exact mode, else ``in_ird``'s float tolerance);
    * ``lp_residual`` — the all-menus LP's t* = min_μ ‖Σ μ_K q(K; v) − p‖_∞ at the worst memory
      (``ird_lp.ird_lp_residual``; None when ``use_lp`` is false or C(n, k) is too large);
    * ``in_ird_lp`` — lp_residual ≤ ``ird_lp.LP_MEMBERSHIP_TOL`` (None without the LP).
    """
    worst, v = _worst_menu_time("lemma2_conclusion_at", model, p, k, eps, n_random, seed, None)
    exact = isinstance(worst, Fraction)
    out = {"worst_tau": worst, "worst_memory": v,
           "in_ird": bool(worst <= 1) if exact else bool(float(worst) <= 1 + _mt.IRD_FLOAT_ATOL),
           "lp_residual": None, "in_ird_lp": None}
    if use_lp:
        import reference.adaptive_preferences.realizability.ird_all_menus_lp as ird_lp
        try:
            t_star, _mu = ird_lp.ird_lp_residual(p, model.scores(v), k)
        except ValueError:  # too many menus for the LP route
            return out
        out["lp_residual"] = t_star
        out["in_ird_lp"] = bool(t_star <= ird_lp.LP_MEMBERSHIP_TOL)
    return out
