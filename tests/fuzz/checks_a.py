"""Independent checks of paper A's answers, for the fuzz suite: each recomputes the claim by another route
(exact recomputation in Fractions from the float inputs — ``Fraction(x)`` is exact for a float —, membership,
KKT conditions of a projection, greedy optimality, enumeration) and returns None when the answer passes,
else one sentence. ``CHECKS`` maps a public name to (description, check(kwargs, value)).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from tests.fuzz.junk import is_finite_output

Check = Callable[[dict, Any], "str | None"]
REL = 1e-9  # float answers vs exact recomputation: relative tolerance (a few roundings per entry)


def fr(x: Any) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x) if not isinstance(x, np.generic) else Fraction(x.item())


def frv(v: Any) -> list[Fraction]:
    return [fr(e) for e in (v.tolist() if isinstance(v, np.ndarray) else v)]


def _close(got: Any, want: list[Fraction] | Fraction, scale: float = 1.0, rel: float = REL) -> str | None:
    got_l = [got] if not hasattr(got, "__len__") else list(got)
    want_l = [want] if isinstance(want, Fraction) else list(want)
    if len(got_l) != len(want_l):
        return f"length {len(got_l)} ≠ {len(want_l)}"
    for i, (g, w) in enumerate(zip(got_l, want_l)):
        if isinstance(g, Fraction):
            if g != w:
                return f"entry {i}: exact {g} ≠ {w}"
            continue
        g = float(g)
        if not math.isfinite(g) or abs(g - float(w)) > rel * max(scale, abs(float(w))):
            return f"entry {i}: {g!r} vs exact {float(w)!r}"
    return None


def _tau(p: Any, f: Any, k: int) -> list[Fraction]:
    r = [a / b for a, b in zip(frv(p), frv(f))]
    z = sum(r)
    return [k * x / z for x in r]


def _q(menu: Any, f: Any) -> list[Fraction]:
    fv = frv(f)
    z = sum(fv[i] for i in menu)
    return [fv[i] / z if i in menu else Fraction(0) for i in range(len(fv))]


def _mixture(mu: Any, f: Any) -> list[Fraction]:
    out = [Fraction(0)] * len(f)
    for menu, w in mu:
        out = [o + fr(w) * q for o, q in zip(out, _q(tuple(menu), f))]
    return out


def check_menu_times(kw: dict, tau: Any) -> str | None:
    return _close(tau, _tau(kw["p"], kw["scores"], kw["k"]), scale=kw["k"])


def check_ird_margin(kw: dict, m: Any) -> str | None:
    return _close(m, 1 - max(_tau(kw["p"], kw["scores"], kw["k"])))


def check_in_ird(kw: dict, ans: Any) -> str | None:
    margin = 1 - max(_tau(kw["p"], kw["scores"], kw["k"]))
    if not isinstance(ans, bool):
        return f"returned {type(ans).__name__}, not bool"
    if margin >= 0 and not ans or margin < -1e-8 and ans:
        return f"answer {ans} but the exact margin 1 − max τ is {float(margin):.3g}"
    return None


def check_choice(kw: dict, q: Any) -> str | None:
    return _close(q, _q(tuple(kw["menu"]), kw["scores"]))


def check_mixture(kw: dict, q: Any) -> str | None:
    return _close(q, _mixture(kw["menu_distribution"], kw["scores"]))


def check_credit(kw: dict, tau: Any) -> str | None:
    return _close(tau, _tau(_mixture(kw["menu_distribution"], kw["scores"]), kw["scores"], kw["k"]), scale=kw["k"])


def check_menu_dist(kw: dict, mu: Any) -> str | None:
    n, k = len(kw["scores"]), kw["k"]
    total = Fraction(0)
    for menu, w in mu:
        if len(set(menu)) != k or not all(0 <= i < n for i in menu) or fr(w) < -1e-15:
            return f"({menu}, {w}) is not a menu of k={k} items with a non-negative weight"
        total += fr(w)
    if abs(total - 1) > 1e-12:
        return f"weights sum to {float(total)}"
    p = frv(kw["p"])  # the coercion policy reads p as p/Σp (float32 input is renormalised)
    mix = _mixture(mu, kw["scores"])
    if not all(isinstance(w, Fraction) for _, w in mu):  # float μ: within MenuDist's 1e-12, not equality
        mix = [float(x) for x in mix]
    return _close(mix, [x / sum(p) for x in p], rel=1e-12)


def check_memory_update(kw: dict, out: Any) -> str | None:
    v, w = out
    g, W = fr(kw["gamma"]), fr(kw.get("weight", 1))
    W1 = g * W + 1
    want = [(g * W * x + (1 if i == kw["chosen"] else 0)) / W1 for i, x in enumerate(frv(kw["memory"]))]
    return _close(v, want) or _close(w, W1)


def check_memory_history(kw: dict, v: Any) -> str | None:
    n, g = kw["n"], fr(kw["gamma"])
    mem = frv(kw["initial_memory"]) if kw.get("initial_memory") is not None else [Fraction(1, n)] * n
    W = fr(kw.get("initial_weight", 1))
    for c in kw["history"]:
        W1 = g * W + 1
        mem = [(g * W * x + (1 if i == c else 0)) / W1 for i, x in enumerate(mem)]
        W = W1
    return _close(v, mem)


def check_step(kw: dict, s: Any) -> str | None:
    return _close(s, 1 / (fr(kw["gamma"]) * fr(kw["weight"]) + 1))


def check_drift(kw: dict, s: Any) -> str | None:
    return _close(s, 2 / (fr(kw["gamma"]) * fr(kw["weight"]) + 1))


def check_horizon(kw: dict, h: Any) -> str | None:
    g = fr(kw["gamma"])
    return (None if h == math.inf else "γ = 1 must give ∞") if g == 1 else _close(h, 1 / (1 - g))


def check_all_menus(kw: dict, menus: Any) -> str | None:
    want = list(itertools.combinations(range(kw["n"]), kw["k"]))
    return None if [tuple(m) for m in menus] == want else "not the lexicographic list of all k-subsets"


def box_kkt(y: Any, x: Any, lower: Any, upper: Any) -> str | None:
    """x = Π_{Δ ∩ [l, u]}(y) ⇔ x feasible and x = clip(y − θ, l, u) for one θ (checked on interval bounds)."""
    y, x = np.asarray(y, float), np.asarray([float(e) for e in x])
    n = y.size
    lo, up = np.broadcast_to(np.asarray(lower, float), n), np.broadcast_to(np.asarray(upper, float), n)
    ymax = float(np.max(np.abs(y))) if n else 0.0
    tol = 1e-9 + 8 * n * np.finfo(float).eps * max(ymax, 1.0)
    if x.shape != (n,) or not np.isfinite(x).all():
        return f"x has shape {x.shape} or non-finite entries"
    if abs(x.sum() - 1) > 1e-9 or (x < lo - 1e-12).any() or (x > up + 1e-12).any():
        return f"infeasible: Σx − 1 = {x.sum() - 1:.3g}, bounds violated by {max((lo - x).max(), (x - up).max()):.3g}"
    theta_lo, theta_hi = -math.inf, math.inf
    for i in range(n):  # x_i = l_i ⇒ y_i − θ ≤ l_i; x_i = u_i ⇒ y_i − θ ≥ u_i; else θ = y_i − x_i
        at_lo, at_up = x[i] <= lo[i] + 1e-12, x[i] >= up[i] - 1e-12
        if at_lo and at_up:
            continue
        if at_lo:
            theta_lo = max(theta_lo, y[i] - lo[i])
        elif at_up:
            theta_hi = min(theta_hi, y[i] - up[i])
        else:
            theta_lo, theta_hi = max(theta_lo, y[i] - x[i]), min(theta_hi, y[i] - x[i])
    if theta_lo > theta_hi + tol:
        return f"KKT violated: no common water level θ (θ ≥ {theta_lo:.17g} and θ ≤ {theta_hi:.17g})"
    return None


def _proj(lower: Callable[[dict, int], Any], upper: Callable[[dict, int], Any]) -> Check:
    def check(kw: dict, x: Any) -> str | None:
        n = len(kw["y"])
        return box_kkt([float(e) for e in kw["y"]], x, lower(kw, n), upper(kw, n))
    return check


def _cap(kw: dict) -> float:
    lam, k = fr(kw["lam"]), kw["k"]
    return float(lam / (k - 1 + lam))


def check_eird_cap(kw: dict, c: Any) -> str | None:
    return _close(c, fr(kw["lam"]) / (kw["k"] - 1 + fr(kw["lam"])))


def check_in_eird_box(kw: dict, ans: Any) -> str | None:
    cap = fr(kw["lam"]) / (kw["k"] - 1 + fr(kw["lam"]))
    gap = cap - max(frv(kw["p"]))
    if (gap >= 0) == bool(ans) or abs(gap) <= 1e-9:
        return None
    return f"answer {ans}, exact cap − max p = {float(gap):.3g}"


def check_best_in_box(values: Callable[[dict], tuple[Any, Any, Any]]) -> Check:
    """Greedy optimum recomputed: fill lower, then pour the rest into the largest rewards up to their caps."""
    def check(kw: dict, out: Any) -> str | None:
        R, lo, up = values(kw)
        value, x = out
        R = np.asarray(R, float)
        n = R.size
        lo, up = np.broadcast_to(np.asarray(lo, float), n).copy(), np.broadcast_to(np.asarray(up, float), n)
        rest = 1 - lo.sum()
        for i in np.argsort(-R, kind="stable"):
            add = min(up[i] - lo[i], rest)
            lo[i] += add
            rest -= add
        best = float(R @ lo)
        x = np.asarray([float(e) for e in x])
        _, lo0, up0 = values(kw)
        lo0, up0 = np.broadcast_to(np.asarray(lo0, float), n), np.broadcast_to(np.asarray(up0, float), n)
        if abs(x.sum() - 1) > 1e-9 or (x < lo0 - 1e-12).any() or (x > up0 + 1e-12).any():
            return f"x = {x} is not in the box-simplex"
        if abs(float(value) - float(R @ x)) > 1e-9 * max(1.0, abs(best)):
            return f"value {value} is not ⟨R, x⟩ = {float(R @ x)}"
        if abs(float(value) - best) <= 1e-9 * max(1.0, abs(best)):
            return None
        return f"value {value} ≠ greedy optimum {best}"
    return check


def check_smooth_point(kw: dict, x: Any) -> str | None:
    p, phi = frv(kw["p"]), fr(kw["phi"])
    return _close(x, [(1 - phi) * e + phi / len(p) for e in p])


def check_smoothed_margin(kw: dict, m: Any) -> str | None:
    p = frv(kw["p"])
    return _close(m, min(p) - fr(kw["phi"]) / len(p))


def check_in_smoothed(kw: dict, ans: Any) -> str | None:
    p = frv(kw["p"])
    gap = min(p) - fr(kw["phi"]) / len(p)
    if (gap >= 0) == bool(ans) or abs(gap) <= 1e-12:
        return None
    return f"answer {ans}, exact min p − φ/n = {float(gap):.3g}"


def check_vertices(kw: dict, vs: Any) -> str | None:
    n, phi = kw["n"], fr(kw["phi"])
    for i, v in enumerate(vs):
        err = _close(v, [(1 - phi) * (1 if j == i else 0) + phi / n for j in range(n)])
        if err:
            return f"vertex {i}: {err}"
    return None if len(vs) == n else f"{len(vs)} vertices, not n={n}"


def check_lowest_menu(kw: dict, menu: Any) -> str | None:
    v = [float(e) for e in kw["memory"]]
    inside = [v[i] for i in menu]
    outside = [v[i] for i in range(len(v)) if i not in menu]
    ok = len(menu) == kw["k"] and (not outside or max(inside) <= min(outside))
    return None if ok else f"menu {menu} is not k={kw['k']} lowest-memory items of {v}"


def check_lowest_fill(kw: dict, menu: Any) -> str | None:
    v, arm = [float(e) for e in kw["memory"]], kw["arm"]
    others = [i for i in menu if i != arm]
    outside = [v[i] for i in range(len(v)) if i not in menu]
    fillers_lowest = not outside or not others or max(v[i] for i in others) <= min(outside)
    ok = arm in menu and len(menu) == kw["k"] and fillers_lowest
    return None if ok else f"menu {menu} is not {{arm}} ∪ lowest-memory fillers of {v}"


def check_finite(kw: dict, value: Any) -> str | None:
    return None if is_finite_output(value) else f"non-finite output {value!r:.200}"


def check_theorem2(kw: dict, bound: Any) -> str | None:
    """A vacuous bound (``valid`` False: the parameters miss the theorem's conditions) may be infinite."""
    return None if getattr(bound, "valid", True) is False else check_finite(kw, bound)


def _box_values(kw: dict):
    return kw["reward_sum"], kw["lower"], kw["upper"]


def _eird_box_values(kw: dict):
    return kw["rewards_sum"], 0.0, _cap(kw)


CHECKS: dict[str, tuple[str, Check]] = {
    "menu_times": ("exact recomputation of τ = k(p/f)/Σ(p/f) in Fractions from the float inputs", check_menu_times),
    "ird_margin": ("exact recomputation of 1 − max τ in Fractions", check_ird_margin),
    "in_ird": ("exact margin 1 − max τ in Fractions decides membership (band 1e-8)", check_in_ird),
    "choice_distribution": ("exact recomputation of q(K; f) in Fractions", check_choice),
    "mixture_choice_distribution": ("exact recomputation of Σ μ_K q(K; f) in Fractions", check_mixture),
    "credit_menu_times": ("Lemma 1 route: τ of the induced distribution, in Fractions", check_credit),
    "menu_dist": ("round trip: menus of size k, weights ≥ 0 summing to 1, Σ μ q(K; f) = p (1e-12, Fractions)",
                  check_menu_dist),
    "menu_dist_comb": ("round trip: menus of size k, weights ≥ 0 summing to 1, Σ μ q(K; f) = p (1e-12, Fractions)",
                       check_menu_dist),
    "discounted_memory_update": ("Definition 1 recomputed in Fractions", check_memory_update),
    "memory_from_history": ("Definition 1 iterated in Fractions", check_memory_history),
    "memory_step_size": ("1/(γW + 1) in Fractions", check_step),
    "memory_l1_drift_bound": ("2/(γW + 1) in Fractions", check_drift),
    "effective_horizon": ("1/(1 − γ) in Fractions (∞ at γ = 1)", check_horizon),
    "all_menus": ("itertools.combinations enumeration", check_all_menus),
    "project_onto_simplex": ("feasibility + KKT water level (independent)",
                             _proj(lambda kw, n: 0.0, lambda kw, n: 1.0)),
    "project_onto_capped_simplex": ("feasibility + KKT water level on [0, 1/k]",
                                    _proj(lambda kw, n: 0.0, lambda kw, n: 1 / kw["k"])),
    "project_onto_box_simplex": ("feasibility + KKT water level on [lower, upper]",
                                 _proj(lambda kw, n: kw["lower"], lambda kw, n: kw["upper"])),
    "project_onto_smoothed_simplex": ("feasibility + KKT water level on [φ/n, 1]",
                                      _proj(lambda kw, n: float(kw["phi"]) / n, lambda kw, n: 1.0)),
    "project_onto_eird_box": ("feasibility + KKT water level on [0, λ/(k−1+λ)]",
                              _proj(lambda kw, n: 0.0, lambda kw, n: _cap(kw))),
    "eird_box_cap": ("λ/(k − 1 + λ) in Fractions", check_eird_cap),
    "in_eird_box": ("max p ≤ λ/(k−1+λ) in Fractions (band 1e-9)", check_in_eird_box),
    "best_in_eird_box": ("greedy optimum recomputed, value = ⟨R, p⟩", check_best_in_box(_eird_box_values)),
    "best_in_box_simplex": ("greedy optimum recomputed, value = ⟨R, p⟩", check_best_in_box(_box_values)),
    "smooth_point": ("(1 − φ)p + φ/n in Fractions", check_smooth_point),
    "smoothed_simplex_margin": ("min p − φ/n in Fractions", check_smoothed_margin),
    "in_smoothed_simplex": ("min p − φ/n ≥ 0 in Fractions (band 1e-12)", check_in_smoothed),
    "smoothed_simplex_vertices": ("(1 − φ)e_i + φ/n in Fractions", check_vertices),
    "lowest_k_menu": ("membership: the k items of lowest memory", check_lowest_menu),
    "theorem2_regret_bound": ("every number finite when valid (a vacuous bound, valid=False, may be inf)",
                              check_theorem2),
    "lowest_fill_menu": ("membership: arm plus the k − 1 lowest-memory others", check_lowest_fill),
}
