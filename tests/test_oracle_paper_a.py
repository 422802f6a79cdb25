"""The oracle's paper-A function entries: for every entry the reference (re-imported) and, where cheap, an
independent implementation written from the definition pass; a planted bug is caught.

Independent routes: projections by bisection on the water level θ or by sorting (Duchi et al.), not the
reference's breakpoint search; menu times and choice by their formulas in Fractions or floats; memory by
iterating Definition 1; drift counts by the closed form r = ⌊log c₀ / log γ⌋; the polytope QP by OSQP;
bounds from their printed formulas. Three planted bugs (n > 20 only, k = n only, ties only) are caught
with the DEFAULT options (200 examples, n ≤ 64); the time and examples until the bug fired are printed.
"""

import itertools
import math
import time
from fractions import Fraction as F
from types import SimpleNamespace

import numpy as np
import osqp
import pytest
from scipy import sparse
from scipy.optimize import brentq

from certificates.oracle import FUNCTIONS, OracleMismatch, assert_matches_reference

NAMES_A = sorted(n for n, e in FUNCTIONS.items() if e.paper == "A")
EXAMPLES = 20


def ref(name):
    """The reference function, re-imported under another name."""
    return FUNCTIONS[name].reference()


def exact(*xs):
    return all(isinstance(e, (int, F)) and not isinstance(e, bool) for x in xs for e in np.ravel(
        np.asarray(x, dtype=object)))


# -- independent alternatives: realizability ---------------------------------------------------
def alt_choice(menu, f):
    total = sum(f[j] for j in menu)
    return [f[i] / total if i in menu else 0 * total for i in range(len(f))]


def alt_menu_times(p, f, k):
    r = [F(a) / F(b) for a, b in zip(p, f)] if exact(p, f) else [float(a) / float(b) for a, b in zip(p, f)]
    return [k * x / sum(r) for x in r]


def alt_in_ird(p, f, k):
    return max(alt_menu_times(p, f, k)) <= (1 if exact(p, f) else 1 + 1e-9)


def alt_update(v, i, gamma, w):
    new_w = gamma * w + 1
    out = [gamma * w * x / new_w for x in v]
    out[i] += 1 / new_w
    return out, new_w


def alt_box(y, lower, upper):  # bisection on θ (a different algorithm from the breakpoint search)
    y = np.asarray([float(e) for e in y])
    lo = np.broadcast_to(np.asarray(lower, dtype=float), y.shape)
    up = np.broadcast_to(np.asarray(upper, dtype=float), y.shape)
    a, b = float(np.min(y - up)) - 1, float(np.max(y - lo)) + 1
    for _ in range(200):
        mid = (a + b) / 2
        a, b = (mid, b) if np.clip(y - mid, lo, up).sum() > 1 else (a, mid)
    return np.clip(y - (a + b) / 2, lo, up)


def alt_credit(mu, f, k):
    units = [(m, w / sum(f[j] for j in m)) for m, w in mu]
    z = sum(u for _, u in units)
    return [sum(u for m, u in units if i in m) / z for i in range(len(f))]


def alt_mixture(mu, f, k):
    return [sum(w * alt_choice(m, f)[i] for m, w in mu) for i in range(len(f))]


def alt_history(history, gamma, n, v1, w0):
    v = [F(1, n)] * n if v1 is None and exact([gamma, w0]) else (np.full(n, 1 / n) if v1 is None else list(v1))
    for i in history:
        v, w0 = alt_update(v, i, gamma, w0)
    return v


def duchi(y, off=0):  # Π_Δ by sorting (Duchi et al. 2008); ``off`` plants an off-by-one in the divisor
    u = np.sort(np.asarray(y, dtype=float))[::-1]
    css = np.cumsum(u)
    rho = int(np.flatnonzero(u - (css - 1) / np.arange(1, len(u) + 1) > 0)[-1])
    return np.maximum(np.asarray(y, dtype=float) - (css[rho] - 1) / (rho + 1 + off), 0)


# -- setting -------------------------------------------------------------------------------------
def cap_of(lam, k):
    return lam / (k - 1 + lam)


def alt_best_box(r, lower, upper):  # greedy, ties broken by the LARGER index (another maximiser)
    r = np.asarray([float(x) for x in r])
    p = np.broadcast_to(np.asarray(lower, dtype=float), r.shape).copy()
    up = np.broadcast_to(np.asarray(upper, dtype=float), r.shape)
    for i in sorted(range(len(r)), key=lambda j: (-r[j], -j)):
        add = min(up[i] - p[i], 1 - p.sum())
        p[i] += max(add, 0)
    return float(r @ p), p


def alt_scale_margin(f, v, lam, c):
    return min(min(fi - (vi + lam) / c, c * (vi + lam) - fi) for fi, vi in zip(f, v))


def alt_lemma2_bound(n, k, lam, c, phi, eps):
    half, a_min, a_max = eps / 2, phi / n, 1 - (n - 1) * phi / n
    h = [a / (max(a - half, 0) + lam) for a in (a_min, min(max(half, a_min), a_max), a_max)]
    s_star = (n - 1) * a_min / (a_min + lam + half / (n - 1))
    return k * c * c * max(h) / (c * c * max(h) + s_star)


def alt_min_phi(n, k, lam, c, eps):
    def g(phi):
        return 1 - alt_lemma2_bound(n, k, lam, c, phi, eps)
    if g(1.0) < 0:
        return None
    return 0.0 if g(0.0) >= 0 else brentq(g, 0.0, 1.0, xtol=1e-15, rtol=1e-15)


def alt_worst(model, p, k, eps, skip_even=False):  # the ball memories, enumerated from the docstring
    half = eps / 2
    memories = [list(p)]
    for i, j in itertools.product(range(len(p)), repeat=2):
        m = min(half, p[i])
        if m > 0 and (i != j or not skip_even):
            v = list(p)
            for t in range(len(p)):
                v[t] += (-m if t == i else (m if t == j else 0)) if i != j else (-m if t == i else m / (len(p) - 1))
            memories.append(v)
    taus = [max(alt_menu_times(p, model.scores(v), k)) for v in memories]
    best = max(range(len(taus)), key=lambda t: (taus[t], -t))
    return taus[best], memories[best]


# -- bounds -------------------------------------------------------------------------------------
def alt_weight_after(gamma, w, r):
    if r <= 200:
        for _ in range(r):
            w = gamma * w + 1
        return w
    return gamma**r * w + (r if gamma == 1 else -math.expm1(r * math.log1p(-(1 - gamma))) / (1 - gamma))


def alt_drift(gamma, w, r):
    return 0 * w if r == 0 else 2 * (1 - gamma**r * w / alt_weight_after(gamma, w, r))


def alt_rounds(gamma, w, eps, max_rounds=10**9):  # closed form bound(r) ≤ ε ⇔ γ^r ≥ c₀, then a local fix-up
    if eps >= 2:
        return max_rounds
    if w == 0:
        return 0
    if gamma == 1:
        r = math.floor(eps * w / (2 - eps))
    else:
        c0 = (1 - eps / 2) / (1 - gamma) / (w * eps / 2 + (1 - eps / 2) / (1 - gamma))
        r = math.floor(math.log(c0) / math.log(gamma))
    r = max(0, min(max_rounds, r))
    while r < max_rounds and alt_drift(gamma, w, r + 1) <= eps:  # the closed form rounds at the threshold
        r += 1
    while r > 0 and alt_drift(gamma, w, r) > eps:
        r -= 1
    return r


def alt_polytope(y, A, b):  # OSQP (ADMM, polished) instead of the reference's cvxpy/Clarabel interior point
    n = len(y)
    cons = sparse.csc_matrix(np.vstack([A, np.ones((1, n)), np.eye(n)]))
    solver = osqp.OSQP()
    solver.setup(sparse.eye(n, format="csc"), -np.asarray(y, dtype=float), cons,
                 np.r_[np.full(len(b), -np.inf), 1.0, np.zeros(n)], np.r_[b, 1.0, np.full(n, np.inf)],
                 verbose=False, eps_abs=1e-12, eps_rel=1e-12, polishing=True, max_iter=100000)
    return solver.solve(raise_error=False).x


def alt_dbg(n, T, m, eta, delta, D, xi, H=0.0):
    S = (n - 1) / xi + 1 / (1 - (n - 1) * xi)
    beta = delta / (2 * xi)
    G2 = (1 + beta) * S / m + (1 - 1 / m) * (1 + beta) ** 2 * n
    terms = dict(zip(ref("dbg_regret_bound")(n, T, m, eta, delta, D, xi, H).terms, [
        D**2 / (2 * eta), eta * T * G2 / 2, eta * T * (1 + beta) * n * math.sqrt(G2),
        eta * T * (m - 1) / 2 * math.sqrt((1 + beta) * S * G2), (m + 1) / 2 * (1 + beta) * n * H, (m + 1) / 2,
        beta * T]))
    return SimpleNamespace(terms=terms, total=sum(terms.values()), G2=G2, S=S, beta=beta)


def alt_theorem5(rewards, L, n, k, lam, c, gamma, phi):  # a* = the LAST tied argmax (ties accepted)
    ell = np.asarray(ref("theorem5_regret_bound").__globals__["window_frequency_lower_bounds"](L, n, k, lam, c, gamma))
    R = rewards.sum(axis=0)
    a = int(np.flatnonzero(R == R.max())[-1])
    N = len(rewards) // L
    terms = {"exp3": L * math.sqrt(2 * N * n * math.log(n)) if N else 0.0,
             "warmup": float(sum((1 - phi - ell[t % L]) * rewards[t, a] for t in range(N * L))),
             "unfinished": float((1 - phi) * rewards[N * L:, a].sum()), "uniform_share": float(phi * R.mean())}
    return {**terms, "total": sum(terms.values())}


def lowest(v, k, skip=None):
    return tuple(sorted(sorted((i for i in range(len(v)) if i != skip), key=lambda i: (v[i], i))[:k]))


ALTERNATIVES = {
    "choice_distribution": alt_choice,
    "menu_times": alt_menu_times,
    "in_ird": alt_in_ird,
    "ird_margin": lambda p, f, k: 1 - max(alt_menu_times(p, f, k)),
    "discounted_memory_update": alt_update,
    "project_onto_box_simplex": alt_box,
    "menu_dist": lambda p, f, k: ref("menu_dist_comb")(p, f, k),
    "menu_dist_comb": lambda p, f, k: ref("menu_dist")(p, f, k),
    "credit_menu_times": alt_credit,
    "mixture_choice_distribution": alt_mixture,
    "memory_from_history": alt_history,
    "memory_step_size": lambda g, w: 1 / (g * w + 1),
    "memory_l1_drift_bound": lambda g, w: 2 / (g * w + 1),
    "effective_horizon": lambda g: math.inf if g == 1 else 1 / (1 - float(g)),
    "all_menus": lambda n, k: list(itertools.combinations(range(n), k)),
    "project_onto_simplex": duchi,
    "project_onto_capped_simplex": lambda y, k: alt_box(y, 0, 1 / k),
    "project_onto_smoothed_simplex": lambda y, phi: alt_box(y, float(phi) / len(y), 1),
    "project_onto_eird_box": lambda y, lam, k: alt_box(y, 0, float(cap_of(lam, k))),
    "eird_box_cap": cap_of,
    "in_eird_box": lambda p, lam, k: bool(max(p) <= cap_of(lam, k) + (0 if exact(p, [lam]) else 1e-9)),
    "best_in_eird_box": lambda r, lam, k: alt_best_box(r, 0, float(cap_of(lam, k))),
    "uniform_in_eird_box": lambda n, k, lam: n == 1 or lam >= F(k - 1, n - 1),
    "box_corner_scores": lambda n, lam: [[lam if j == i else 1 for j in range(n)] for i in range(n)],
    "score_ratio_floor": lambda lam, c: lam / (c * c * (1 + lam)),
    "box_applies": lambda n, k, lam, c: lam / (c * c * (1 + lam)) >= (k - 1) / (n - 1),
    "in_eird_v": lambda p, vs, k: all(alt_in_ird(p, f, k) for f in vs),
    "in_smoothed_simplex": lambda p, phi: bool(min(p) >= phi / len(p)),
    "smooth_point": lambda p, phi: [(1 - phi) * x + phi / len(p) for x in p],
    "smoothed_simplex_margin": lambda p, phi: min(p) - phi / len(p),
    "smoothed_simplex_vertices": lambda n, phi: [[(1 - phi) * (i == j) + phi / n for j in range(n)] for i in range(n)],
    "scale_bounded_margin": alt_scale_margin,
    "is_scale_bounded_at": lambda f, v, lam, c: bool(alt_scale_margin(f, v, lam, c) >= 0),
    "lemma2_menu_time_bound": alt_lemma2_bound,
    "lemma2_condition": lambda *a: (bool(alt_lemma2_bound(*a) <= 1), 1 - alt_lemma2_bound(*a)),
    "lemma2_min_phi": alt_min_phi,
    "lemma2_worst_menu_time": alt_worst,
    "best_reward_for_set_size": lambda s, m, lam, k: (g := lam + (1 - lam) * F(s, m)) / (k - 1 + g),
    "is_self_realizable": lambda model, p, k: alt_in_ird(p, model.scores(p), k),
    "best_in_box_simplex": alt_best_box,
    "memory_weight_after": alt_weight_after,
    "memory_drift_bound": alt_drift,
    "rounds_within_drift": alt_rounds,
    "rounds_within_drift_lower": lambda g, w, eps: int(eps * w / 2),
    "project_onto_polytope": alt_polytope,
    "ogd_linear_regret": lambda xs, gs, s: sum(sum(g * (a - b) for g, a, b in zip(gt, s, x)) for x, gt in zip(xs, gs)),
    "ogd_linear_regret_bound": lambda x1, s, eta, gs: (sum((a - b) ** 2 for a, b in zip(x1, s)) / (2 * eta)
                                                       + eta * sum(g * g for gt in gs for g in gt) / 2),
    "max_inverse_sum": lambda n, xi: sum(1 / x for x in [1 - (n - 1) * xi] + [xi] * (n - 1)),
    "omitted_weights": lambda T, m, lag: np.array([1 - sum(1 for t in range(s + lag, min(s + lag + m, T))) / m
                                                   for s in range(T)]),
    "deferred_window": lambda t, m, lag: [s for s in range(t - m - lag + 1, t - lag + 1) if s >= 0],
    "dbg_regret_bound": alt_dbg,
    "bandit_ogd_regret_bound": lambda n, T, eta, delta, D, xi: (
        D**2 / (2 * eta) + eta / 2 * T * (1 + delta / (2 * xi)) * alt_dbg(n, T, 1, 1, delta, D, xi).S
        + delta / (2 * xi) * T),
    "theorem5_regret_bound": alt_theorem5,
    "lowest_k_menu": lambda v, k: lowest(v, k),
    "lowest_fill_menu": lambda arm, v, k: tuple(sorted((arm, *lowest(v, k - 1, skip=arm)))),
}


@pytest.mark.parametrize("name", NAMES_A)
def test_reference_reimported_passes(name):
    summary = assert_matches_reference(name, ref(name), examples=EXAMPLES // 3, seed=3)
    assert summary["passed"] and summary["examples"] >= 1


@pytest.mark.parametrize("name", sorted(ALTERNATIVES))
def test_independent_alternative_passes(name):
    examples = 10 if name in ("project_onto_polytope", "lemma2_worst_menu_time") else EXAMPLES
    assert assert_matches_reference(name, ALTERNATIVES[name], examples=examples, seed=1)["passed"]


def test_every_required_entry_is_registered():
    required = """choice_distribution menu_times in_ird ird_margin discounted_memory_update project_onto_box_simplex
        menu_dist menu_dist_comb credit_menu_times project_onto_simplex project_onto_capped_simplex
        project_onto_smoothed_simplex project_onto_eird_box project_onto_polytope in_eird_box best_in_eird_box
        mixture_choice_distribution memory_from_history in_smoothed_simplex lemma2_menu_time_bound lemma2_condition
        lemma2_min_phi lemma2_worst_menu_time best_reward_for_set_size is_self_realizable eird_box_cap
        uniform_in_eird_box in_eird_v smooth_point effective_horizon memory_step_size memory_drift_bound
        rounds_within_drift dbg_regret_bound theorem2_regret_bound theorem3_apriori_bound theorem5_regret_bound"""
    assert not set(required.split()) - set(NAMES_A)
    for name in NAMES_A:
        tol = FUNCTIONS[name].tolerance
        assert tol.name and tol.reason and "\n" not in tol.reason


# -- planted bugs ------------------------------------------------------------------------------
def bug(name, when, how):
    """The reference with its output replaced by ``how(output, *args)`` on instances where ``when(*args)``."""
    f = ref(name)

    def candidate(*args):
        out = f(*args)
        return how(out, *args) if when(*args) else out
    return candidate


def always(*args):
    return True


def scale_first(factor):  # (value, p) or a tuple whose first entry is scaled
    return lambda out, *a: (out[0] * factor, *out[1:])


def with_term(key, factor):  # a bound's named term scaled (total updated): a wrong constant in one term
    def how(out, *a):
        terms = dict(out["terms"] if isinstance(out, dict) and "terms" in out else getattr(out, "terms", out))
        terms[key] = terms[key] * factor
        if isinstance(out, dict):
            return {**out, key: out[key] * factor, "total": out["total"] + out[key] * (factor - 1)}
        return SimpleNamespace(**{**out.__dict__, "terms": terms, "total": sum(terms.values())})
    return how


def drop_last_menu(out, *a):
    rest = out[:-1]
    z = sum(w for _, w in rest)
    return [(m, w / z) for m, w in rest]


BUGS = {  # name → (candidate, what is wrong)
    "choice_distribution": (lambda menu, f: alt_choice(range(len(f)), f) if len(menu) < len(f) else alt_choice(
        menu, f), "normalises over all items, not the menu"),
    "menu_times": (lambda p, f, k: alt_menu_times(p, [1 / x for x in f], k), "p_i·f_i instead of p_i/f_i"),
    "in_ird": (lambda p, f, k: True if k == len(p) else alt_in_ird(p, f, k), "k = n shortcut: 'always realisable'"),
    "ird_margin": (lambda p, f, k: 1 - min(alt_menu_times(p, f, k)), "min τ instead of max τ"),
    "discounted_memory_update": (lambda v, i, g, w: (alt_update(v, i, g, w)[0], g * w), "W_t = γW (forgets + 1)"),
    "project_onto_box_simplex": (lambda y, lo, up: alt_box(y, 0, up), "ignores the lower bounds"),
    "menu_dist": (bug("menu_dist", lambda *a: True, lambda out, *a: drop_last_menu(out) if len(out) > 1 else out),
                  "drops the last menu"),
    "menu_dist_comb": (bug("menu_dist_comb", always, lambda out, *a: drop_last_menu(out) if len(out) > 1 else out),
                       "drops the last menu"),
    "credit_menu_times": (lambda mu, f, k: alt_credit([(m, w * sum(f[j] for j in m)) for m, w in mu], f, k),
                          "forgets to divide μ_K by F_K"),
    "mixture_choice_distribution": (lambda mu, f, k: alt_mixture([(m, 1 / len(mu)) for m, _ in mu], f, k),
                                    "ignores the weights"),
    "memory_from_history": (lambda h, g, n, v1, w0: alt_history(h, g, n, None, w0), "ignores the initial memory"),
    "memory_step_size": (lambda g, w: 1 / (w + 1), "forgets γ"),
    "memory_l1_drift_bound": (lambda g, w: 1 / (g * w + 1), "factor 1 instead of 2"),
    "effective_horizon": (lambda g: math.inf if g == 1 else 1 / (1 - float(g)) + 1, "H + 1"),
    "all_menus": (lambda n, k: sorted(itertools.combinations(range(n), k), reverse=True), "reverse order"),
    "project_onto_simplex": (lambda y: duchi(y, off=1), "off-by-one divisor"),
    "project_onto_capped_simplex": (lambda y, k: duchi(y) if k == len(y) else alt_box(y, 0, 1 / k),
                                    "k = n: forgets the cap"),
    "project_onto_smoothed_simplex": (lambda y, phi: alt_box(y, float(phi) / (len(y) + 1), 1), "floor φ/(n+1)"),
    "project_onto_eird_box": (lambda y, lam, k: alt_box(y, 0, float(lam / (k + lam))), "cap λ/(k + λ)"),
    "projection_kkt_residual": (bug("projection_kkt_residual", always, lambda out, *a: out / 2), "half the residual"),
    "eird_box_cap": (lambda lam, k: lam / (k + lam), "λ/(k + λ)"),
    "in_eird_box": (lambda p, lam, k: bool(max(p) < cap_of(lam, k)), "strict: the cap itself excluded"),
    "best_in_eird_box": (bug("best_in_eird_box", always, scale_first(1 + 1e-9)), "value off by 1e-9 relative"),
    "uniform_in_eird_box": (lambda n, k, lam: n == 1 or lam > F(k - 1, n - 1), "strict at λ = (k−1)/(n−1)"),
    "box_corner_scores": (lambda n, lam: [[lam if j == (i + 1) % n else 1 for j in range(n)] for i in range(n)],
                          "corner λ at i + 1"),
    "score_ratio_floor": (lambda lam, c: lam / (c * (1 + lam)), "c instead of c²"),
    "box_applies": (lambda n, k, lam, c: lam >= (k - 1) / (n - 1), "λ instead of λ'"),
    "in_eird_v": (lambda p, vs, k: alt_in_ird(p, vs[0], k), "checks only the first score vector"),
    "in_smoothed_simplex": (lambda p, phi: bool(min(p) > phi / len(p)), "strict at p_i = φ/n"),
    "smooth_point": (lambda p, phi: [(1 - phi) * x + phi / len(p) ** 2 for x in p], "φ/n² (sums to < 1)"),
    "smoothed_simplex_margin": (lambda p, phi: min(p) - phi, "− φ instead of − φ/n"),
    "smoothed_simplex_vertices": (lambda n, phi: [[(1 - phi) * (i == j) + phi / (n - 1) for j in range(n)]
                                                  for i in range(n)], "φ/(n − 1)"),
    "scale_bounded_margin": (lambda f, v, lam, c: alt_scale_margin(f, v, lam, c * c), "c² in place of c"),
    "is_scale_bounded_at": (lambda f, v, lam, c: bool(alt_scale_margin(f, v, lam, c) > 0), "strict at the bound"),
    "lemma2_menu_time_bound": (lambda n, k, lam, c, phi, eps: alt_lemma2_bound(n, k, lam, c, phi, eps * (n > 2)),
                               "ignores ε when n > 2"),
    "lemma2_condition": (lambda *a: (bool(alt_lemma2_bound(*a) < 1), 1 - alt_lemma2_bound(*a)), "strict B < 1"),
    "lemma2_min_phi": (lambda *a: None if (r := ref("lemma2_min_phi")(*a)) is None else min(1.0, r + 1e-7),
                       "bisection stopped at 1e-7"),
    "lemma2_worst_menu_time": (lambda *a: alt_worst(*a, skip_even=True), "forgets the 'spread evenly' memories"),
    "best_reward_for_set_size": (lambda s, m, lam, k: (g := lam + (1 - lam) * F(s, m)) / (k + g), "k instead of k−1"),
    "is_self_realizable": (lambda model, p, k: alt_in_ird(p, model.scores(np.full(len(p), 1 / len(p))), k),
                           "scores at u_n instead of at p"),
    "best_in_box_simplex": (lambda r, lo, up: alt_best_box(r, 0, up), "ignores the lower bounds"),
    "memory_weight_after": (lambda g, w, r: alt_weight_after(g, w * g, r), "γ^{r+1} W"),
    "memory_drift_bound": (lambda g, w, r: alt_drift(g, w, r) / 2, "1 − kept, not 2(1 − kept)"),
    "rounds_within_drift": (lambda g, w, eps: alt_rounds(g, w, eps) + 1, "one round too many"),
    "rounds_within_drift_lower": (lambda g, w, eps: round(eps * w / 2), "round instead of floor"),
    "project_onto_polytope": (lambda y, A, b: duchi(y), "ignores A x ≤ b"),
    "ogd_linear_regret": (lambda xs, gs, s: ref("ogd_linear_regret")(xs[1:] + xs[:1], gs, s), "iterates shifted"),
    "ogd_linear_regret_bound": (lambda x1, s, eta, gs: ref("ogd_linear_regret_bound")(x1, s, 2 * eta, gs) * 1.5,
                                "wrong constants"),
    "max_inverse_sum": (lambda n, xi: n / xi, "n/ξ"),
    "omitted_weights": (lambda T, m, lag: ref("omitted_weights")(T, m, 1), "lag ignored"),
    "deferred_window": (lambda t, m, lag: range(t - m - lag + 1, t - lag + 1), "negative rounds kept"),
    "dbg_regret_bound": (bug("dbg_regret_bound", always, with_term("omitted rounds (m+1)/2", 2)), "m + 1 omitted"),
    "dbg_calibrated_eta": (lambda *a: ref("dbg_calibrated_eta")(*a) * math.sqrt(2), "√(TC), not √(2TC)"),
    "bandit_ogd_regret_bound": (lambda n, T, eta, delta, D, xi: ref("bandit_ogd_regret_bound")(n, T, eta, 0, D, xi),
                                "forgets the perturbation δ"),
    "theorem2_regret_bound": (bug("theorem2_regret_bound", lambda *a: a[1] >= 2, lambda out, *a: SimpleNamespace(
        **{**out.__dict__, "phases": out.phases + 1})), "one phase too many (k ≥ 2)"),
    "theorem3_apriori_bound": (bug("theorem3_apriori_bound", always, with_term("bias", 0.5)), "bias (ρ̄ − 1)T"),
    "theorem5_regret_bound": (bug("theorem5_regret_bound", always, with_term("uniform_share", 0.0)),
                              "no uniform share"),
    "lowest_k_menu": (lambda v, k: tuple(sorted(sorted(range(len(v)), key=lambda i: (v[i], -i))[:k])),
                      "ties by the larger index"),
    "lowest_fill_menu": (lambda arm, v, k: tuple(sorted({arm, *lowest(v, k - 1)})), "the arm counts as a filler"),
}


def test_every_entry_has_a_planted_bug():
    assert set(BUGS) == set(NAMES_A)


#: small sizes keep Hypothesis's shrinking short (the default size is exercised by the tests below)
BUG_MAX_SIZE = {"in_eird_v": 6, "project_onto_box_simplex": 5, "credit_menu_times": 5, "lemma2_worst_menu_time": 5,
                "menu_dist": 6, "menu_dist_comb": 6, "mixture_choice_distribution": 6, "projection_kkt_residual": 6}


@pytest.mark.parametrize("name", NAMES_A)
def test_planted_bug_is_caught(name):
    with pytest.raises(OracleMismatch):
        assert_matches_reference(name, BUGS[name][0], examples=100, max_size=BUG_MAX_SIZE.get(name, 10), seed=0)


# -- the three bugs of the brief, with the DEFAULT options ---------------------------------------
def timed_first_fire(name, candidate, fires):
    """Run the default check (200 examples, n ≤ 64); return (caught, calls until the bug first fired, seconds)."""
    state = {"calls": 0, "first": None, "t_first": None}
    t0 = time.perf_counter()

    def wrapped(*args):
        state["calls"] += 1
        if state["first"] is None and fires(*args):
            state["first"], state["t_first"] = state["calls"], time.perf_counter() - t0
        return candidate(*args)

    try:
        assert_matches_reference(name, wrapped)
    except OracleMismatch:
        return True, state["first"], state["t_first"], time.perf_counter() - t0
    return False, state["first"], state["t_first"], time.perf_counter() - t0


BRIEF_BUGS = {  # name → (candidate, where the bug fires): the bugs only large n, k = n, ties reach
    "n > 20": ("project_onto_simplex", lambda y: duchi(y, off=1 if len(y) > 20 else 0), lambda y: len(y) > 20),
    "k = n": ("in_ird", BUGS["in_ird"][0], lambda p, f, k: k == len(p) and not alt_in_ird(p, f, k)),
    "ties": ("lowest_k_menu", BUGS["lowest_k_menu"][0], lambda v, k: lowest(v, k) != BUGS["lowest_k_menu"][0](v, k)),
}


@pytest.mark.parametrize("case", sorted(BRIEF_BUGS))
def test_default_options_catch_the_briefs_bugs(case):
    name, candidate, fires = BRIEF_BUGS[case]
    caught, first, t_first, total = timed_first_fire(name, candidate, fires)
    print(f"{name}: bug first fired at call {first} ({t_first:.2f} s); mismatch raised after {total:.2f} s")
    assert caught


def test_a_ties_only_projection_bug_is_caught_with_default_options():
    def merged_ties(y):  # np.unique drops repeated values: wrong θ only when y has ties in the support
        u = np.unique(np.asarray(y, dtype=float))[::-1]
        css = np.cumsum(u)
        rho = int(np.flatnonzero(u - (css - 1) / np.arange(1, len(u) + 1) > 0)[-1])
        return np.maximum(np.asarray(y, dtype=float) - (css[rho] - 1) / (rho + 1), 0)

    caught, first, t_first, total = timed_first_fire(
        "project_onto_simplex", merged_ties, lambda y: np.abs(merged_ties(y) - duchi(y)).max() > 1e-9)
    print(f"project_onto_simplex (merged ties): fired at call {first} ({t_first:.2f} s), raised after {total:.2f} s")
    assert caught
