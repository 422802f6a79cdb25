"""Oracle entries for paper A's long- and short-memory machinery (arXiv 2302.06014, §3, §4, §6): memory
drift (Lemmas 4–5), the QP projection onto a polytope and OGD's regret (Lemma 3), DBG's bound (Theorem 1),
the Theorem 2 / 3 / 5 bounds, and the lowest-memory menu rules.

Same conventions as ``functions_a``. The theorem bounds return named terms (a dataclass or a dict): every
numeric term of the reference must be present and agree; prose (assumption strings, reasons) is not compared.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

import certificates.strategies as cs
from certificates.oracle import compare as cmp
from certificates.oracle.core import FunctionEntry, Tolerance, register
from certificates.oracle.functions_a import EXACT, ROUNDING, A

__all__ = ["DRIFT", "FLOOR", "QP", "REGRET", "SQUARES", "BOUND", "ENTRIES"]

DRIFT = Tolerance("drift", 1e-9, 1e-10,
                  "the closed form (1 − γ^r)/(1 − γ) loses ≈ eps/(1 − γ) ≤ 1e-10 relative for 1 − γ ≥ 1e-6 "
                  "(the strategy's contract); 2(1 − kept) loses as much absolutely")
FLOOR = Tolerance("floor", 0.0, 1e-9,
                  "⌊εW/2⌋: equal, or ±1 when εW/2 lies within 1e-9·max(1, εW/2) of an integer (one rounding decides)")
QP = Tolerance("qp", 0.0, 2e-3,
               "the reference QP is verified by a KKT residual ≤ 1e-6 whose complementarity products certify x only "
               "to ≈ √1e-6 at degenerate points (6.2e-4 observed); the candidate must also be feasible (1e-7) and "
               "no farther from y than the reference (up to 1e-7 and the reference's own infeasibility)")
REGRET = Tolerance("regret", 1e-12, 1e-15,
                   "Σ_t ⟨g_t, x* − x_t⟩ cancels: the allowed error is 1e-12·Σ_t Σ_i |g_ti|(|x*_i| + |x_ti|) "
                   "(added to atol), ≈ T·n·eps of the summed magnitudes")
SQUARES = Tolerance("squares", 1e-12, 1e-15,
                    "‖x₁ − x*‖²/(2η) + (η/2)Σ_t ‖g_t‖²: ≤ T·n + n non-negative terms, ≈ T·n·eps ≤ 2e-13 relative")
BOUND = Tolerance("bound", 1e-9, 1e-12,
                  "sums of ≤ 10 named terms, each a few products, square roots, logs and powers of floats: agreement "
                  "to ≈ 1e-13 relative; each term on its own scale")


# --------------------------------------------------------------------------------------------
# Lemmas 4–5: memory drift
# --------------------------------------------------------------------------------------------
def _gamma_weight_rounds(lo, hi):
    @st.composite
    def build(draw):
        exact = draw(st.booleans())
        gamma = draw(cs.discounts(exact=exact))
        weight = Fraction(draw(st.integers(0, 10**6)), draw(st.sampled_from([1, 7, 1000])))
        rounds = draw(st.integers(0, 60)) if exact else draw(st.sampled_from([draw(st.integers(0, 10**6)), 0, 1]))
        return gamma, (weight if exact else float(weight)), rounds
    return build()


def _gamma_weight_eps(lo, hi):
    """(γ, W, ε) with ε sometimes exactly Lemma 4's bound at some r (the count's threshold), or ≥ 2."""
    from reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift import memory_drift_bound  # noqa

    @st.composite
    def build(draw):
        gamma = draw(cs.discounts(exact=False))
        weight = float(Fraction(draw(st.integers(0, 10**6)), draw(st.sampled_from([1, 7, 1000]))))
        shape = draw(st.sampled_from(["threshold", "generic", "two"]))
        if shape == "threshold":
            eps = float(memory_drift_bound(gamma, weight, draw(st.integers(1, 10**5))))
        else:
            eps = 2.0 if shape == "two" else draw(st.floats(1e-9, 1.99))
        return gamma, weight, eps
    return build()


def _lower_instance(lo, hi):
    """(γ, W, ε) with W ≤ H = 1/(1 − γ) and ε·W/2 often an integer."""
    @st.composite
    def build(draw):
        gamma = draw(cs.discounts(exact=False))
        horizon = math.inf if gamma == 1 else 1 / (1 - gamma)
        weight = float(draw(st.integers(0, int(min(horizon, 10**6)))))
        eps = 2 * draw(st.integers(0, 10)) / weight if weight and draw(st.booleans()) else draw(st.floats(0, 2))
        return gamma, weight, eps
    return build()


# --------------------------------------------------------------------------------------------
# Lemma 3: the polytope projection and OGD's regret; Theorem 1 (DBG)
# --------------------------------------------------------------------------------------------
def _polytope_instance(lo, hi):
    """(y, A, b), non-empty: the capped simplex (A = I, b = 1/k), box-EIRD_V at the box corners (b = 0), or
    random rows with b = A x0 + s for a simplex point x0 (s ≥ 0, often 0). |y| ≤ 10 (see ``QP``)."""
    from reference.adaptive_preferences.long_memory.lemma3_contracting_ogd import (  # noqa: PLC0415
        eird_v_polytope,
        project_onto_polytope,
    )
    from reference.adaptive_preferences.setting.sec2_eird import box_corner_scores  # noqa: PLC0415

    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(lo, hi))
        y = np.array([draw(st.floats(-10, 10)) for _ in range(n)])
        shape = draw(st.sampled_from(["capped", "eird", "random"]))
        if shape == "capped":
            return y, np.eye(n), np.full(n, 1.0 / k)
        if shape == "eird" and n > 1:
            lam = max(draw(st.floats(0.05, 1.0)), (k - 1) / (n - 1))
            return (y, *eird_v_polytope(box_corner_scores(n, lam), k))
        rows = draw(st.integers(1, 2 * n))
        a = np.array([[draw(st.floats(-1, 1)) for _ in range(n)] for _ in range(rows)])
        x0 = np.asarray(draw(cs.simplex_points(n, exact=False)))
        slack = np.array([draw(st.sampled_from([0.0, 0.0, draw(st.floats(0, 1))])) for _ in range(rows)])
        try:  # ≈ 1 random polytope in 300: the reference's QP fails its own KKT check and raises
            project_onto_polytope(y, a, a @ x0 + slack)
        except ValueError:
            return y, np.eye(n), np.full(n, 1.0 / k)
        return y, a, a @ x0 + slack
    return build()


@st.composite
def _plays(draw, n, T, exact):
    """(iterates, gradients, x*) from a drawn seed (bulk data: Hypothesis shrinks n, T and the seed)."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    w = rng.integers(0, 5, size=(T + 1, n)) + (rng.random((T + 1, n)) < 0.2) * 10**6
    w[w.sum(axis=1) == 0, 0] = 1
    g = rng.integers(-20, 21, size=(T, n))
    if draw(st.booleans()):  # tied gradients
        g = np.tile(g[:, :1], (1, n))
    if exact:
        points = [[Fraction(int(x), int(row.sum())) for x in row] for row in w]
        grads = [[Fraction(int(x), 4) for x in row] for row in g]
    else:
        points = list(w / w.sum(axis=1, keepdims=True))
        grads = list(g * rng.random((T, n)) * 5)
    return points[:T], grads, points[T]


def _ogd_regret(lo, hi):
    @st.composite
    def build(draw):
        n, exact = draw(st.integers(lo, hi)), draw(st.booleans())
        return draw(_plays(n, draw(st.integers(1, 12)), exact))
    return build()


def _ogd_bound(lo, hi):
    @st.composite
    def build(draw):
        n, exact = draw(st.integers(lo, hi)), draw(st.booleans())
        iterates, grads, x_star = draw(_plays(n, draw(st.integers(1, 12)), exact))
        eta = Fraction(1, draw(st.integers(1, 1000)))
        return iterates[0], x_star, (eta if exact else float(eta)), grads
    return build()


def _xi(draw, n):
    return draw(st.sampled_from([(1.0 / n) * draw(st.floats(1e-6, 1.0)), 1.0 / n]))


def _n_xi(lo, hi):
    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        return n, _xi(draw, n)
    return build()


def _omitted(lo, hi):
    return st.tuples(st.integers(1, 300), st.integers(1, 40), st.sampled_from([0, 1]))


def _window(lo, hi):
    return st.tuples(st.integers(0, 500), st.integers(1, 40), st.sampled_from([0, 1]))


@st.composite
def _dbg_common(draw, lo, hi):
    n = draw(st.integers(lo, hi))
    xi = _xi(draw, n)
    T = draw(st.sampled_from([draw(st.integers(1, 10**5)), 1, 10**6]))
    delta = draw(st.sampled_from([2 * xi * draw(st.floats(0, 0.999)), 0.0]))
    D = math.sqrt(2) * (1 - n * xi) if draw(st.booleans()) else draw(st.floats(0, 2))
    return n, T, delta, D, xi


def _dbg_bound(lo, hi):
    @st.composite
    def build(draw):
        n, T, delta, D, xi = draw(_dbg_common(lo, hi))
        m = draw(st.sampled_from([draw(st.integers(1, 50)), 1]))
        eta = 10.0 ** draw(st.floats(-6, 0))
        return n, T, m, eta, delta, D, xi, draw(st.sampled_from([draw(st.floats(0, 10)), 0.0]))
    return build()


def _dbg_eta(lo, hi):
    @st.composite
    def build(draw):
        n, T, delta, D, xi = draw(_dbg_common(lo, hi))
        return n, T, draw(st.sampled_from([draw(st.integers(1, 50)), 1])), delta, max(D, 1e-3), xi
    return build()


def _bandit_ogd(lo, hi):
    @st.composite
    def build(draw):
        n, T, delta, D, xi = draw(_dbg_common(lo, hi))
        return n, T, 10.0 ** draw(st.floats(-6, 0)), delta, D, xi
    return build()


# --------------------------------------------------------------------------------------------
# Theorems 2, 3, 5
# --------------------------------------------------------------------------------------------
def _theorem2(lo, hi):
    """(n, k, λ, L, γ, T, params): k = 1 (valid), practical parameters (hypotheses usually fail: the bound is
    T), or theory parameters (grid 2) at T up to 1e14 with L = 0 (often valid); λ ≤ (k−1)/(n−1) too."""
    import reference.adaptive_preferences.long_memory.thm2_regret_bound as t2  # noqa: PLC0415

    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(max(lo, 2), max(hi, 2)))
        lam = draw(st.sampled_from([draw(st.floats(0.05, 1.0)), 1.0]))
        lipschitz = draw(st.sampled_from([draw(st.floats(0, 2)), 0.0]))
        T = 10 ** draw(st.integers(2, 14))
        gamma = draw(st.sampled_from([1 - 10.0 ** -draw(st.integers(1, 6)), 1.0]))
        if draw(st.booleans()):
            params = t2.practical_parameters(n, k, lam, lipschitz, gamma, T)
        else:
            params = t2.theory_parameters(n, k, lam, lipschitz, gamma, T, grid=2)[0]
        return n, k, lam, lipschitz, gamma, T, params
    return build()


def _theorem3(lo, hi):
    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(max(lo, 2), max(hi, 2)))
        T = draw(st.sampled_from([int(10 ** draw(st.floats(1, 9))), 10, 10**9]))
        c_exp = draw(st.sampled_from([draw(st.floats(0.01, 1.0)), 1.0, 0.5]))
        return T, c_exp, n, k, draw(st.sampled_from([draw(st.floats(0.001, 0.999)), 0.5]))
    return build()


def _theorem5(lo, hi):
    """(rewards, L, n, k, λ, c, γ, φ): Bernoulli or tied tables T ≤ 120 (argmax ties common), L ≤ T + 1."""
    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(max(lo, 2), max(hi, 2)))
        T = draw(st.integers(1, 120))
        seed = draw(st.integers(0, 2**16))
        rng = np.random.default_rng(seed)
        shape = draw(st.sampled_from(["bernoulli", "tied", "uniform"]))
        if shape == "tied":
            rewards = np.tile(rng.integers(0, 2, size=(T, 1)), (1, n)).astype(float)
        else:
            rewards = rng.random((T, n)) if shape == "uniform" else (rng.random((T, n)) < 0.5).astype(float)
        L = draw(st.sampled_from([draw(st.integers(1, T)), 1, T, T + 1]))
        lam = draw(st.sampled_from([draw(st.floats(0.01, 1.0)), 1.0]))
        c = draw(st.sampled_from([draw(st.floats(1.0, 3.0)), 1.0]))
        gamma = draw(st.sampled_from([draw(st.floats(0.0001, 0.9999)), 0.0001, 0.5]))
        return rewards, L, n, k, lam, c, gamma, draw(st.sampled_from([draw(st.floats(0, 1)), 0.0, 1.0]))
    return build()


def _memory_k(lo, hi):
    """(memory, k) with many tied weights (quantised to a few levels)."""
    @st.composite
    def build(draw):
        n, k = draw(cs.sizes(lo, hi))
        w = np.array([float(draw(st.integers(0, 3))) for _ in range(n)]) + (1e-9 if draw(st.booleans()) else 0)
        return (w / w.sum() if w.sum() > 0 else np.full(n, 1 / n)), k
    return build()


def _arm_memory_k(lo, hi):
    @st.composite
    def build(draw):
        memory, k = draw(_memory_k(lo, hi))
        return draw(st.integers(0, len(memory) - 1)), memory, k
    return build()


# --------------------------------------------------------------------------------------------
# comparisons
# --------------------------------------------------------------------------------------------
_scalar = cmp.scalar_rule


_vector = cmp.vector_rule


_tree = cmp.tree_rule


def _rounds(args, ref, cand, tol):
    """Equal counts, except that a count r is also right when it is the answer for some ε' within the bound's
    own float precision (``tol.atol``) of ε: bound(r) ≤ ε + atol and bound(r + 1) ≥ ε − atol. (At ε = bound(r₀)
    two float evaluations of the bound split r₀ − 1 / r₀; near ε = 2 the bound 2(1 − kept) cancels and the
    reference's own count is 2 above the exact one at ε = 2 − 2e-15.) ε ≥ 2: exactly ``max_rounds``."""
    from reference.adaptive_preferences.long_memory.lemma4_lemma5_memory_drift import memory_drift_bound  # noqa

    gamma, weight, eps = args
    message = cmp.integer(ref, cand, "round count")
    if message is None or eps >= 2 or not isinstance(cand, (int, np.integer)) or cand < 0:
        return message
    r = int(cand)
    fits = float(memory_drift_bound(gamma, weight, r)) <= eps + tol.atol
    maximal = float(memory_drift_bound(gamma, weight, r + 1)) >= eps - tol.atol
    return None if fits and maximal else message


def _rounds_lower(args, ref, cand, tol):
    gamma, weight, eps = args
    x = eps * weight / 2
    return cmp.integer(ref, cand, "round count", abs(x - round(x)) <= tol.atol * max(1.0, x))


def _polytope(args, ref, cand, tol):
    y, a, b = args
    message = cmp.vectors(ref, cand, tol, "projection")
    if message:
        return message
    x = np.asarray(cand, dtype=float)
    violation = max(float(np.max(a @ x - b, initial=0.0)), abs(float(x.sum()) - 1), float(np.max(-x)))
    if violation > 1e-7:
        return f"the candidate's projection is infeasible by {violation:.2e} (allowed 1e-7)"
    r = np.asarray(ref, dtype=float)
    d_ref, d_cand = float(np.sum((r - y) ** 2)), float(np.sum((x - y) ** 2))
    # the reference may sit outside the set by v (≈ 1e-8): then its distance undercuts the optimum by ≲ √n·v·|r − y|
    v_ref = max(float(np.max(a @ r - b, initial=0.0)), abs(float(r.sum()) - 1), float(np.max(-r)))
    if d_cand > d_ref + 1e-7 * (1 + float(np.abs(y).max())) + 10 * math.sqrt(y.size) * v_ref * math.sqrt(d_ref):
        return f"the candidate's point is farther from y than the reference's: {d_cand!r} > {d_ref!r}"
    return None


def _regret(args, ref, cand, tol):
    iterates, grads, x_star = args
    mass = sum(abs(float(g)) * (abs(float(s)) + abs(float(x))) for it, gr in zip(iterates, grads)
               for g, s, x in zip(gr, x_star, it))
    return cmp.scalar(ref, cand, Tolerance(tol.name, tol.rtol, tol.atol + 1e-12 * mass, tol.reason), "regret")


def _window_compare(args, ref, cand, tol):
    try:
        got = [int(s) for s in cand]
    except TypeError:
        return f"the candidate's window is not a sequence of rounds: {cand!r}"
    return None if got == list(ref) else f"windows differ: reference {list(ref)}, candidate {got}"


def _menu(args, ref, cand, tol):
    try:
        got = tuple(int(i) for i in cand)
    except TypeError:
        return f"the candidate's menu is not a sequence of items: {cand!r}"
    return None if got == tuple(ref) else f"menus differ: reference {tuple(ref)}, candidate {got}"


def _theorem3_compare(args, ref, cand, tol):
    """Every numeric term; the two derived flags may differ only within 1e-9 of their thresholds."""
    message = cmp.tree(ref, cand, tol, skip=("learn_capped", "step_end_within_close"))
    if message:
        return message
    near_cap = abs(ref["log_rho_learn"] - 4 * math.log(1.3)) <= 1e-9
    inv = ref["invariant5"]
    near_close = abs(inv["tau_bar"] - inv["close"]) <= 1e-9 * max(1.0, inv["close"])
    return cmp.boolean(ref["learn_capped"], cand.get("learn_capped"), near_cap, "learn_capped") or cmp.boolean(
        inv["step_end_within_close"], cand["invariant5"].get("step_end_within_close"), near_close,
        "invariant5 step_end_within_close")


def _theorem5_compare(args, ref, cand, tol):
    """The terms for a* = argmax Σ_t r_t (first index); at tied maxima any tied a* is accepted."""
    import reference.adaptive_preferences.short_memory.thm5_exp_phi as t5  # noqa: PLC0415

    message = cmp.tree(ref, cand, tol)
    if message is None:
        return None
    rewards, *rest = args
    totals = rewards.sum(axis=0)
    first = int(np.argmax(totals))
    for j in np.flatnonzero(totals == totals[first])[1:]:
        swapped = rewards.copy()
        swapped[:, [first, j]] = swapped[:, [j, first]]
        if cmp.tree(t5.theorem5_regret_bound(swapped, *rest), cand, tol) is None:
            return None
    return message


LONG = f"{A}.long_memory"
DRIFT_MODULE = f"{LONG}.lemma4_lemma5_memory_drift"
OGD = f"{LONG}.lemma3_contracting_ogd"
DBG = f"{LONG}.thm1_dbg"
ENTRIES = [
    FunctionEntry("memory_weight_after", "A", DRIFT_MODULE, "memory_weight_after", _gamma_weight_rounds, _scalar,
                  DRIFT),
    FunctionEntry("memory_drift_bound", "A", DRIFT_MODULE, "memory_drift_bound", _gamma_weight_rounds, _scalar,
                  DRIFT),
    FunctionEntry("rounds_within_drift", "A", DRIFT_MODULE, "rounds_within_drift", _gamma_weight_eps, _rounds,
                  DRIFT),
    FunctionEntry("rounds_within_drift_lower", "A", DRIFT_MODULE, "rounds_within_drift_lower", _lower_instance,
                  _rounds_lower, FLOOR),
    FunctionEntry("project_onto_polytope", "A", OGD, "project_onto_polytope", _polytope_instance, _polytope, QP,
                  max_size_cap=16),
    FunctionEntry("ogd_linear_regret", "A", OGD, "ogd_linear_regret", _ogd_regret, _regret, REGRET),
    FunctionEntry("ogd_linear_regret_bound", "A", OGD, "ogd_linear_regret_bound", _ogd_bound, _scalar, SQUARES),
    FunctionEntry("max_inverse_sum", "A", DBG, "max_inverse_sum", _n_xi, _scalar, BOUND),
    FunctionEntry("omitted_weights", "A", DBG, "omitted_weights", _omitted, _vector, ROUNDING),
    FunctionEntry("deferred_window", "A", DBG, "deferred_window", _window, _window_compare, EXACT),
    FunctionEntry("dbg_regret_bound", "A", DBG, "dbg_regret_bound", _dbg_bound, _tree, BOUND),
    FunctionEntry("dbg_calibrated_eta", "A", DBG, "dbg_calibrated_eta", _dbg_eta, _scalar, BOUND),
    FunctionEntry("bandit_ogd_regret_bound", "A", DBG, "bandit_ogd_regret_bound", _bandit_ogd, _scalar, BOUND),
    FunctionEntry("theorem2_regret_bound", "A", f"{LONG}.thm2_regret_bound", "theorem2_regret_bound", _theorem2,
                  _tree, BOUND),
    FunctionEntry("theorem3_apriori_bound", "A", f"{A}.scale_bounded.thm3_bounds", "theorem3_apriori_bound",
                  _theorem3, _theorem3_compare, BOUND),
    FunctionEntry("theorem5_regret_bound", "A", f"{A}.short_memory.thm5_exp_phi", "theorem5_regret_bound",
                  _theorem5, _theorem5_compare, BOUND),
    FunctionEntry("lowest_k_menu", "A", f"{A}.scale_bounded.burn_in", "lowest_k_menu", _memory_k, _menu, EXACT),
    FunctionEntry("lowest_fill_menu", "A", f"{A}.short_memory.sec6_exp_phi", "lowest_fill_menu", _arm_memory_k,
                  _menu, EXACT),
]

for _entry in ENTRIES:
    register(_entry)
