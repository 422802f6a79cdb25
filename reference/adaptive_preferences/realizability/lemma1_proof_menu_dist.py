"""MenuDist and crediting: the two halves of the proof of Lemma 1 (paper A, Appendix B.1).

Main statements
---------------
* ``credit_menu_times(menu_distribution, scores, k)`` — the (⇒) half ("crediting") [recon]:
  from any μ with Σ_K μ_K q(K; v) = p, the menu-time units α_K = (μ_K/F_K) / Σ_K' (μ_K'/F_K')
  give τ_i(p; v) = Σ_{K∋i} α_K ≤ 1 (each α is a probability, item i is in a subset of menus).
* ``menu_dist(p, scores, k)`` — the (⇐) half, the paper's MenuDist [seed prose, recon details]:
  staged water-filling of the remaining menu times r (start r = τ), then μ_K ∝ α_K F_K.
  Σ_K μ_K q(K; v) = p exactly (Fractions). Raises ``ValueError`` when max τ > 1 (p ∉ IRD(v)).
* ``menu_dist_stages(p, scores, k)`` — the compact form of MenuDist: one ``Stage`` per stage
  (fixed items, tied items, slots, duration); at most n stages, O(1) numbers each (they share
  the descending-τ order). ``stage_menu_times(stages)`` sums the stages' round-robin windows.
* ``menu_dist_comb(p, scores, k)`` — an independent second route [derived]: systematic ("comb")
  sampling realises any τ ∈ [0,1]^n with Σ τ = k as inclusion probabilities of ≤ n menus;
  then the same F_K reweighting.

Why the reweighting works (the cancellation of B.1). If menu-time units α (Σ_K α_K = 1) satisfy
Σ_{K∋i} α_K = τ_i, put μ_K = α_K F_K / Σ_K' α_K' F_K'. Then

    Σ_K μ_K q(K)_i = Σ_{K∋i} (α_K F_K / Σ αF) · f_i / F_K = f_i τ_i / Σ_j f_j τ_j = p_i,

because f_i τ_i = k p_i / Σ_j (p_j/f_j) is proportional to p_i (the F_K cancel).

The staged water-filling (our reading of B.1's five invariants). Let θ be the k-th highest
remaining time, n⁺ the number of items strictly above θ and m the number tied at θ (n⁺ < k ≤ n⁺+m).
During a stage the n⁺ items are on every menu (remaining time falls at rate 1) and the m tied items
share the s = k − n⁺ other slots (rate s/m each), realised by the paper's round-robin: menu j
takes the tied items j·s, …, j·s+s−1 (mod m). With g = gcd(m, s) there are m/g distinct windows,
each tied item lies in s/g of them; each window gets menu-time δ·g/m for a stage of length δ.
A stage ends when the lowest fixed item comes down to the tie (δ = (r − θ)/(1 − s/m)), the next
item below joins it (δ = (θ − r_next)·m/s), or the tie reaches 0 (δ = θ·m/s, the end). The
descending order of r never changes and the tie only grows, so there are at most n stages, the
stage lengths sum to Σ τ / k = 1, and (because max τ ≤ 1 = remaining time) nothing goes negative.

Notation
--------
=============  ======================  ======================================
paper          code                    meaning
=============  ======================  ======================================
τ_i            ``tau``                 menu time (``menu_times``)
r_i            ``remaining``           remaining menu time during MenuDist
θ              ``theta``               k-th highest remaining time (the tie)
n⁺, m          ``Stage.fixed/.tied``   items above / tied at θ in a stage
α_K            ``alpha``               menu-time units of menu K (Σ α = 1)
F_K            ``menu_score``          Σ_{j∈K} f_j
μ_K            ``weight``              final menu probability ∝ α_K F_K
=============  ======================  ======================================

Implementation notes
--------------------
Exact mode (p and scores all ints/Fractions): every quantity is a Fraction and the returned μ
reproduces p with no tolerance. Float mode: p ∈ IRD is decided as in ``in_ird`` (max τ ≤ 1 +
``IRD_FLOAT_ATOL``) and the reproduction error ‖Σ μ q − p/Σp‖∞ is at most ``MENU_DIST_FLOAT_TOL`` = 1e-12
whenever the exact menu times of the float input are ≤ 1 [derived]: the float result's error is bounded a
posteriori (``menu_dist_float_error_bound``; it grows like n·eps/(kλ), λ = min f/max f, which reached
3e-5 at λ = 1e-12 before this bound existed), and when that bound exceeds 1e-12 the construction is
redone in exact Fractions of the float input and rounded back (error ≤ 2u). Certified:
``menu_dist_float_error_bound_holds``. Duplicate
menus are merged and zero weights dropped. Listed stage by stage, the round-robin windows number
Σ m/g = Θ(n²); ``stage_menu_times`` sums them run by run instead, so MenuDist returns
O(n·k·(1 + ln k)) distinct menus. The comb emits at most n menus.
Certified: ``menu_dist_reproduces_p``, ``credit_menu_times_eq_menu_times``,
``mem_ird_iff_menu_times_le_one`` (certificates/adaptive_preferences/realizability/lemma1_proof_menu_dist.py).
Benchmarked: benchmarks/bench_lemma1.py. Findings: docs/findings.md, "Lemma 1 (Appendix B.1): size of MenuDist's
output".

References: paper A, arXiv 2302.06014, Appendix B.1 (proof of Lemma 1, MenuDist).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from reference._numerics import as_vector, check_k, check_positive_vector, check_real, exact_mode, is_rational_vector
from reference.adaptive_preferences.realizability._types import Menu, MenuDistribution, Vector, VectorLike
from reference.adaptive_preferences.realizability.lemma1_menu_times import (
    IRD_FLOAT_ATOL,
    menu_times_from_validated,
    validated_menu_times_args,
)
from reference.adaptive_preferences.realizability.sec2_choice import check_menu_distribution

__all__ = [
    "credit_menu_times", "menu_dist", "menu_dist_stages", "menu_dist_comb", "Stage", "stage_menu_times",
    "reweight_by_menu_score", "menu_dist_float_error_bound", "MENU_DIST_FLOAT_TOL",
]


# --------------------------------------------------------------------------------------------
# (⇒) crediting
# --------------------------------------------------------------------------------------------
def credit_menu_times(menu_distribution: MenuDistribution, scores: VectorLike, k: int) -> Vector:
    """τ from any menu distribution μ (the (⇒) half of Lemma 1's proof).

    α_K = (μ_K / F_K) / Σ_K' (μ_K' / F_K'),  τ_i = Σ_{K∋i} α_K.  When μ induces p at scores f,
    this τ equals ``menu_times(p, scores, k)`` (certified: ``credit_menu_times_eq_menu_times``),
    and τ_i ≤ Σ_K α_K = 1 — so p ∈ IRD(v) ⇒ max τ ≤ 1. Exact with rational scores and weights.
    """
    fn = "credit_menu_times"
    pairs = list(menu_distribution) if isinstance(menu_distribution, (list, tuple)) else menu_distribution
    weights = [e[1] for e in pairs] if isinstance(pairs, list) and all(
        isinstance(e, (tuple, list)) and len(e) == 2 for e in pairs) else []
    exact = exact_mode(scores) and is_rational_vector(weights)
    f = check_positive_vector(fn, scores, exact=exact)
    n = len(f)
    k = check_k(fn, k, n)
    pairs = check_menu_distribution(fn, pairs, n, k, exact=exact)
    if not exact:
        e = math.frexp(float(np.max(f)))[1]
        g = np.ldexp(f, -e)  # max g in [1/2, 1): exact unless it underflows; α is invariant under scaling f
        if float(np.min(g)) < 2.0 ** -1000:  # F_K could lose its bits or w/F_K overflow: exact route
            fq = [Fraction(float(x)) for x in f]
            wq = [Fraction(w) for _, w in pairs]  # α is invariant under scaling μ: renormalise exactly
            tau_q = credit_menu_times([(m, w / sum(wq)) for (m, _), w in zip(pairs, wq)], fq, k)
            return np.array([float(t) for t in tau_q])
        f = g
    units = []  # μ_K / F_K: menu-time units, not yet normalised
    for menu, w in pairs:
        menu_score = sum(f[j] for j in menu)  # F_K
        units.append((menu, w / menu_score))
    z = sum(u for _, u in units)  # Σ_K μ_K / F_K  (> 0: some weight is positive)
    tau = [Fraction(0)] * n if exact else np.zeros(n)
    for menu, u in units:
        alpha = u / z  # α_K
        for i in menu:
            tau[i] += alpha
    return tau


# --------------------------------------------------------------------------------------------
# (⇐) MenuDist: staged water-filling
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stage:
    """One stage of MenuDist: ``fixed`` items on every menu, ``tied`` items sharing ``slots`` seats.

    ``duration`` is the stage length δ (the menu-time units the stage hands out; Σ δ = 1).
    The stage's menus are the round-robin windows ``fixed ∪ {tied[(j·s + t) mod m] : t < s}``.
    Stored as the shared descending-τ ``order`` and the counts n⁺ = ``n_fixed``, m = ``n_tied``
    (fixed = order[:n⁺], tied = order[n⁺:n⁺+m]), so n stages cost O(n), not O(n²), memory.
    """

    order: tuple
    n_fixed: int
    n_tied: int
    slots: int
    duration: Any  # a Fraction in exact mode, a float otherwise

    @property
    def fixed(self) -> tuple:
        return self.order[: self.n_fixed]

    @property
    def tied(self) -> tuple:
        return self.order[self.n_fixed: self.n_fixed + self.n_tied]

    def windows(self) -> Iterator[tuple[Menu, Any]]:
        """The distinct round-robin menus of this stage and the menu-time each gets (δ·g/m)."""
        m, s = len(self.tied), self.slots
        g = math.gcd(m, s)
        share = self.duration * Fraction(g, m) if isinstance(self.duration, Fraction) else self.duration * g / m
        for j in range(m // g):
            window = tuple(self.tied[(j * s + t) % m] for t in range(s))
            yield tuple(sorted(self.fixed + window)), share


def _check_in_ird(fn: str, tau, exact: bool):
    top = max(tau) if exact else float(np.max(tau))  # np.max propagates NaN (builtin max may drop it)
    if not exact and not np.isfinite(top):
        raise RuntimeError(f"{fn}: internal error: a menu time is {top} (please report).")
    if (exact and top > 1) or (not exact and top > 1 + IRD_FLOAT_ATOL):
        i = int(np.argmax([float(t) for t in tau]))
        raise ValueError(
            f"{fn}: p is not in IRD(v): item {i} needs menu time τ_{i} = {top} > 1 (Lemma 1), "
            f"so no menu distribution over size-k menus induces p."
        )


def _water_fill(tau, k: int, exact: bool) -> list[Stage]:
    """The stages of MenuDist for a menu-time vector τ (Σ τ = k, max τ ≤ 1)."""
    n = len(tau)
    order = tuple(sorted(range(n), key=lambda i: (-tau[i], i)))  # descending τ; never changes
    t = [tau[i] for i in order]
    zero = Fraction(0) if exact else 0.0
    theta = t[k - 1]  # k-th highest remaining time
    a = sum(1 for x in t if x > theta)  # n⁺: strictly above the tie
    m = sum(1 for x in t if x == theta)  # tied at θ
    elapsed = zero  # time spent so far = how much every fixed item has lost
    stages = []
    for _ in range(n + 2):  # each stage but the last absorbs ≥ 1 item into the tie
        if theta <= 0:
            break
        s = k - a  # seats for the tied items
        rate = Fraction(s, m) if exact else s / m  # the tie falls at rate s/m
        d, event = theta / rate, "end"  # (c) the tie reaches 0
        if a > 0 and s < m:
            d_fixed = (t[a - 1] - elapsed - theta) / (1 - rate)  # (a) lowest fixed item meets the tie
            if d_fixed < d:
                d, event = d_fixed, "fixed"
        if a + m < n:
            d_below = (theta - t[a + m]) / rate  # (b) the tie meets the next item below
            if d_below < d:
                d, event = d_below, "below"
        if d > 0:
            stages.append(Stage(order, a, m, s, d))
            elapsed += d
            theta -= d * rate
        if event == "end":
            theta = zero
            break
        if event == "fixed":
            a, m = a - 1, m + 1
        else:
            m += 1
        while a > 0 and t[a - 1] - elapsed <= theta:  # simultaneous events (exact ties)
            a, m = a - 1, m + 1
        while a + m < n and t[a + m] >= theta:
            m += 1
    if exact and (elapsed != 1 or any(t[j] - elapsed != 0 for j in range(a))):
        raise RuntimeError(f"menu_dist: internal error: stages sum to {elapsed}, not 1 (please report).")
    return stages


def menu_dist_stages(p: VectorLike, scores: VectorLike, k: int) -> list[Stage]:
    """MenuDist's stages for p at scores f (compact form: ≤ n stages, Σ duration = 1).

    Raises ``ValueError`` when p ∉ IRD(v) (max τ > 1).
    """
    fn = "menu_dist_stages"
    p, f, k, exact = validated_menu_times_args(fn, p, scores, k)
    tau = menu_times_from_validated(p, f, k, exact)
    _check_in_ird(fn, tau, exact)
    return _water_fill(list(tau), k, exact)


def reweight_by_menu_score(alpha_pairs: Iterable[tuple[Menu, Any]], f: Vector, exact: bool) -> MenuDistribution:
    """μ_K = α_K F_K / Σ_K' α_K' F_K' from menu-time units (duplicates merged, zeros dropped).

    ``alpha_pairs``: (menu, α ≥ 0) with menus tuples of item indices of f; ``f`` the scores (positive);
    ``exact``: Fractions (rational inputs) or floats."""
    fn = "reweight_by_menu_score"
    if not isinstance(exact, (bool, np.bool_)):
        raise ValueError(f"{fn}: exact must be a bool; got {type(exact).__name__}.")
    f = check_positive_vector(fn, f, arg="f", exact=bool(exact))
    alpha_pairs = _validated_alpha_pairs(fn, alpha_pairs, len(f), exact)
    merged: dict = {}
    for menu, alpha in alpha_pairs:
        if alpha > 0:
            menu_score = sum(f[j] for j in menu)  # F_K
            merged[menu] = merged.get(menu, 0) + alpha * menu_score
    total = sum(merged.values()) if exact else math.fsum(merged.values())
    return [(menu, Fraction(w) / total if exact else float(w / total)) for menu, w in merged.items() if w > 0]


def stage_menu_times(stages: Sequence[Stage]) -> list[tuple[Menu, Any]]:
    """Σ over stages of their round-robin windows' menu time, per distinct menu: [(menu, α_K)].

    Literally Σ_stages Σ_{window} (window, δ·g/m) (``Stage.windows``), computed without listing the
    Θ(n²) windows one by one. Within a stage the windows start at the multiples r of g = gcd(m, s)
    (the subgroup s generates in Z_m), each with menu time δ·g/m. Consecutive stages with the same
    fixed set form a *run* in which the tie only grows at its end (a prefix of the run's longest
    tie T), so a non-wrapping window (r + s ≤ m) is the segment T[r : r+s] of the run, the same menu
    in every stage of the run where it occurs: its total is a sum over the run's stages with
    g | r and r ≤ m − s, done by one sweep per divisor g of s. Wrapping windows (≤ s/g per stage)
    are listed directly. Distinct menus: O(n·k·(1 + ln k)) instead of Σ m/g = O(n²).
    """
    fn = "stage_menu_times"
    if not isinstance(stages, (list, tuple)) or not all(isinstance(st, Stage) for st in stages):
        raise ValueError(f"{fn}: stages must be a list of Stage records (from menu_dist_stages); "
                         f"got {type(stages).__name__}.")
    runs: list[list[Stage]] = []
    for st in stages:
        if runs and runs[-1][0].n_fixed == st.n_fixed:
            runs[-1].append(st)
        else:
            runs.append([st])
    out = []
    for run in runs:
        order, a, s = run[0].order, run[0].n_fixed, run[0].slots
        fixed = order[:a]
        exact = isinstance(run[0].duration, Fraction)
        by_divisor: dict[int, list] = {}
        for st in run:  # every stage's tie is order[a : a+m], a prefix of the run's longest tie
            m = st.n_tied
            g = math.gcd(m, s)
            share = st.duration * Fraction(g, m) if exact else st.duration * g / m  # δ·g/m per window
            by_divisor.setdefault(g, []).append((m - s, share))  # windows r ≡ 0 (mod g), r ≤ m − s
            for r in range(((m - s) // g + 1) * g, m, g):  # wrapping windows: r > m − s
                window = order[a + r: a + m] + order[a: a + r + s - m]
                out.append((tuple(sorted(fixed + window)), share))
        for g, items in by_divisor.items():
            items.sort(key=lambda x: -x[0])  # thresholds m − s, largest first
            top = items[0][0]
            acc, idx = 0, 0
            for r in range(top - top % g, -1, -g):  # sweep r downwards: add stages with m − s ≥ r
                while idx < len(items) and items[idx][0] >= r:
                    acc += items[idx][1]
                    idx += 1
                out.append((tuple(sorted(fixed + order[a + r: a + r + s])), acc))
    return out


def menu_dist(p: VectorLike, scores: VectorLike, k: int) -> MenuDistribution:
    """MenuDist (Lemma 1, ⇐): a menu distribution μ with Σ_K μ_K q(K; v) = p, for p ∈ IRD(v).

    Returns a list of ``(menu, weight)`` (menus sorted tuples, distinct; weights > 0, Σ = 1).
    Exact mode (rational p and scores): Fraction weights, reproduction exact. Raises ``ValueError``
    if max τ > 1. Certified: ``menu_dist_reproduces_p``.
    """
    fn = "menu_dist"
    p, f, k, exact = validated_menu_times_args(fn, p, scores, k)
    tau = menu_times_from_validated(p, f, k, exact)
    _check_in_ird(fn, tau, exact)
    return _with_float_guarantee(_menu_time_units_water_fill, p, f, k, tau, exact)


def _menu_time_units_water_fill(tau, k: int, exact: bool) -> list[tuple[Menu, Any]]:
    """MenuDist's menu-time units α (before the F_K reweighting)."""
    return stage_menu_times(_water_fill(list(tau), k, exact))


# --------------------------------------------------------------------------------------------
# Second route: systematic (comb) sampling
# --------------------------------------------------------------------------------------------
def menu_dist_comb(p: VectorLike, scores: VectorLike, k: int) -> MenuDistribution:
    """A menu distribution inducing p from systematic sampling of τ (≤ n menus) [derived].

    Lay the items' menu times end to end on [0, k): item i owns [C_i, C_{i+1}), C_i = Σ_{j<i} τ_j.
    For u ∈ [0, 1) the comb {u, u+1, …, u+k−1} hits k distinct items (each interval is at most 1
    long), and item i is hit for a set of u of length τ_i. The menu is constant between the
    fractional parts of the C_i, so ≤ n menus with α = segment length; then μ_K ∝ α_K F_K.
    Exact in exact mode. Raises ``ValueError`` when max τ > 1.
    """
    fn = "menu_dist_comb"
    p, f, k, exact = validated_menu_times_args(fn, p, scores, k)
    tau = menu_times_from_validated(p, f, k, exact)
    _check_in_ird(fn, tau, exact)
    return _with_float_guarantee(_menu_time_units_comb, p, f, k, tau, exact)


def _menu_time_units_comb(tau, k: int, exact: bool) -> list[tuple[Menu, Any]]:
    """The comb's menu-time units α: one (menu, segment length) per segment of [0, 1)."""
    fn = "menu_dist_comb"
    n = len(tau)
    cuts: list[Any]
    if exact:
        cuts = [Fraction(0)]
        for x in tau:
            cuts.append(cuts[-1] + x)  # C_0..C_n, C_n = k exactly
        breaks = sorted({c - math.floor(c) for c in cuts[:-1]} | {Fraction(1)})
    else:
        tau = np.asarray(tau, dtype=float) * (k / float(np.sum(tau)))
        cuts = [0.0] + list(np.cumsum(tau))
        cuts[-1] = float(k)  # close the comb exactly
        breaks = sorted({c - math.floor(c) for c in cuts[:-1]} | {1.0})
    pairs = []
    for lo, hi in zip(breaks, breaks[1:]):
        length = hi - lo  # α of this segment's menu
        if length <= 0:
            continue
        u = (lo + hi) / 2
        hits = [min(bisect.bisect_right(cuts, u + r) - 1, n - 1) for r in range(k)]
        if len(set(hits)) < k:  # float mode only: a rounding sliver where some τ_i exceeds 1 by ~1e-16
            if exact or length > IRD_FLOAT_ATOL:
                raise RuntimeError(f"{fn}: internal error: comb hit an item twice at u={u} (please report).")
            continue
        pairs.append((tuple(sorted(hits)), length))
    return pairs


# --------------------------------------------------------------------------------------------
# Float mode: an a-posteriori error bound, and the exact fallback
# --------------------------------------------------------------------------------------------
#: Float MenuDist / comb guarantee: ‖Σ_K μ_K q(K; v) − p/Σp‖∞ ≤ MENU_DIST_FLOAT_TOL when the exact
#: menu times of the float input satisfy max τ ≤ 1 (see ``menu_dist_float_error_bound``).
MENU_DIST_FLOAT_TOL = 1e-12
_U = 2.0 ** -53  # unit roundoff of float64


def menu_dist_float_error_bound(alpha_pairs, tau, f, p, k: int) -> float:
    """A bound on ‖Σ_K μ_K q(K; v) − p/Σp‖∞ for μ = ``reweight_by_menu_score(alpha_pairs, f)`` in floats [derived].

    ``tau`` are the float menu times of (p, f) (``menu_times``: relative error ≤ 5u + 2⁻⁹⁷, u = 2⁻⁵³).
    Proof. Write τ̃_i = Σ_{K∋i} α_K (exact sums of the float units), d = τ̃ − τ (τ exact) and
    g = f / max f (everything below is invariant under scaling f). Exact reweighting of α gives
    μ̃_K = α_K g_K / Σ α g, and Σ_K μ̃_K q(K)_i = g_i τ̃_i / S̃ with S̃ = Σ_j g_j τ̃_j (B.1's cancellation);
    with exact τ, g_i τ_i / S = p_i/Σp, S = Σ_j g_j τ_j. Hence
        |g_i τ̃_i/S̃ − g_i τ_i/S| ≤ (g_i |d_i| + (p_i/Σp) |Σ_j g_j d_j|) / (S − |Σ_j g_j d_j|).     (1)
    The code evaluates d as d̂ = fsum_{K∋i} α_K − τ_float with |d_i − d̂_i| ≤ δ_i = 8u(τ_i + |d̂_i|)
    (fsum is correctly rounded; τ_float has relative error ≤ 5u + 2⁻⁹⁷ < 6u) and bounds every sum in (1) from the
    safe side. Rounding of the reweighting (F_K: k−1 additions; α·F: 1; merging c_K duplicate menus:
    c_K − 1; the fsum total and the division: 2) multiplies each μ_K by 1 + ε_K with
    |ε_K| ≤ γ = 1.01 (k + c + 2) u, c = max c_K, moving the reproduction by ≤ γ (p_i/Σp + (1)).
    The bound is (1) + γ(1 + (1)). How it grows: |d| ≈ n u from the water-filling and
    g_i/S ≤ 1/(k λ) with λ = min f / max f, so it is ≈ (n+1) n u/(k λ) in the worst case — the
    eps/λ growth; it is returned as ``inf`` when S ≤ |Σ g d|. Certified: ``menu_dist_float_error_bound_holds``.
    """
    fn = "menu_dist_float_error_bound"
    f = check_positive_vector(fn, f, arg="f")
    n = len(f)
    tau = as_vector(fn, "tau", tau, n=n, n_from="f")
    if np.any(tau < 0):
        raise ValueError(f"{fn}: tau must be menu times (entries >= 0); got a negative entry.")
    pv = as_vector(fn, "p", p, n=n, n_from="f")
    if np.any(pv < 0) or not pv.sum() > 0:
        raise ValueError(f"{fn}: p must be non-negative with a positive sum.")
    k = check_k(fn, k, n)
    alpha_pairs = _validated_alpha_pairs(fn, alpha_pairs, n, False)
    if not alpha_pairs:
        raise ValueError(f"{fn}: alpha_pairs must not be empty (menu-time units of a menu distribution).")
    acc: list[list[float]] = [[] for _ in range(n)]
    copies: dict = {}
    for menu, a in alpha_pairs:
        copies[menu] = copies.get(menu, 0) + 1
        for i in menu:
            acc[i].append(float(a))
    d = np.array([math.fsum(v) for v in acc]) - tau  # d̂
    delta = 8 * _U * (tau + np.abs(d))  # |d − d̂| ≤ δ
    g = f / np.max(f)
    sg = math.fsum(g * tau) * (1 - (n + 4) * _U)  # S from below
    t = abs(math.fsum(g * d)) + math.fsum(g * (delta + (n + 4) * _U * np.abs(d)))  # |Σ g d| from above
    pbar = pv / math.fsum(pv)
    if sg <= t:
        return math.inf
    core = float(np.max(g * (np.abs(d) + delta) + pbar * t)) / (sg - t) * (1 + 8 * _U)
    gamma = 1.01 * (k + max(copies.values(), default=1) + 2) * _U
    return core + gamma * (1 + core)


def _validated_alpha_pairs(fn: str, alpha_pairs, n: int, exact: bool) -> list:
    """(menu, α) pairs: menus tuples of distinct ints in 0..n−1, α finite reals ≥ 0 (rational if ``exact``)."""
    if isinstance(alpha_pairs, (str, bytes, dict)) or not hasattr(alpha_pairs, "__iter__"):
        raise ValueError(f"{fn}: alpha_pairs must be a sequence of (menu, alpha) pairs; "
                         f"got {type(alpha_pairs).__name__}.")
    out = list(alpha_pairs)
    for entry in out:
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], tuple)
                and all(isinstance(j, (int, np.integer)) and not isinstance(j, bool) and 0 <= j < n
                        for j in entry[0])):
            raise ValueError(f"{fn}: alpha_pairs must be (menu, alpha) pairs, menus tuples of item indices "
                             f"in 0..{n - 1}; got {entry!r:.80}.")
        alpha = check_real(fn, "alpha_pairs", entry[1], low=0, what="(every alpha)")
        if exact and not is_rational_vector([alpha]):
            raise ValueError(f"{fn}: alpha_pairs weights must be ints or Fractions in exact mode; got {alpha!r}.")
    return out


def _with_float_guarantee(units, p, f, k: int, tau, exact: bool) -> MenuDistribution:
    """μ from the menu-time units ``units(tau, k, exact)``; in floats, fall back to exact Fractions of the
    float input (weights rounded back to floats: error ≤ 2u) when the a-posteriori bound exceeds
    ``MENU_DIST_FLOAT_TOL`` and the exact menu times are ≤ 1."""
    alpha = units(tau, k, exact)
    if exact or menu_dist_float_error_bound(alpha, tau, f, p, k) <= MENU_DIST_FLOAT_TOL:
        return reweight_by_menu_score(alpha, f, exact)
    pq = [Fraction(float(x)) for x in p]  # the float input, exactly
    fq = [Fraction(float(x)) for x in f]
    tau_q = menu_times_from_validated(pq, fq, k, True)  # homogeneous in p: reproduces p/Σp
    if max(tau_q) > 1:  # p is outside IRD by less than the float tolerance: no exact μ exists
        return reweight_by_menu_score(alpha, f, exact)
    mu = reweight_by_menu_score(units(tau_q, k, True), fq, True)
    return [(menu, float(w)) for menu, w in mu]
