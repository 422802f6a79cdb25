"""Paper A, Theorem 6 (Section 6.2, Appendix E.2): the short-memory lower-bound construction.

* ``short_memory_history_decoding_is_exact`` — for γ < 1/2 a memory vector encodes the truncated
  history: decode(encode(h)) = last d items of h for every history of length ≤ L (Fractions and
  floats), and the state separation bounds (within 2γ^d, between ≥ 2γ^{d−1}(1 − 2γ)) hold.
* ``short_memory_model_properties_hold_exactly`` — on every state of small models of the random
  family: the optimal menus are exactly {1} ∪ A_s ∪ {j}, worth 1/n; the optimal policy induces u_n;
  u_n ∈ IRD(f(s)) (tight, and under 1/f-interpolation between states); every inconsistent menu
  gives ≤ 1/(2n − k) (attained); the EIRD benchmark max{p_1 : p ∈ EIRD} is exactly 1/n; at a fresh
  state every menu loses ≥ (1 − (k−1)/C(n−1,k−2))·gap; the optimal policy makes the state uniform.
* ``short_memory_learners_lose_a_constant_per_round`` — simulation: EXP3 over menus (baselines),
  EXP-φ (Theorem 5's algorithm) and a state-aware per-state EXP3 earn, over the horizon, at least
  a quarter of the gap 1/n − 1/(2n − k) less per round than the optimal policy (= the EIRD
  benchmark); the best *fixed* menu (exact stationary Markov-chain reward) too. Regret-vs-T figure.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

import reference.adaptive_preferences.realizability.lemma1_menu_times as mt
import reference.adaptive_preferences.short_memory.thm6_lower_bound as sm
from certificates.plots import figure
from certificates.registry import Evidence, Mutant, certificate
from reference.adaptive_preferences.realizability.sec2_choice import (
    all_menus,
    choice_distribution,
    mixture_choice_distribution,
)
from reference.adaptive_preferences.setting.baselines import Exp3, Exp3MenuRecommender, exp3_eta
from reference.adaptive_preferences.setting.sec2_simulator import Agent, run_interaction, sample_menu
from reference.adaptive_preferences.short_memory.sec6_exp_phi import ExpPhi

# ------------------------------------------------------------------------------------------------
# mutants
# ------------------------------------------------------------------------------------------------
_ORIG_DECODE = sm.decode_recent_history
_ORIG_MODEL = sm.ShortMemoryLowerBoundModel


def _decode_without_subtracting(memory, gamma, depth):
    """Mutant: reads the d largest entries instead of peeling off γ^j per step."""
    v = [float(x) for x in memory]
    order = sorted(range(len(v)), key=lambda i: -v[i])
    return tuple(reversed([order[min(j, len(order) - 1)] for j in range(depth)]))


class _ReversedScoresModel(_ORIG_MODEL):
    """Mutant: the other textual reading of E.2 — score 1 on {1} ∪ A_s and λ elsewhere."""

    def state_scores(self, state):
        low = {0, *self.companion_set(state)}
        return [Fraction(1) if i in low else self.lam for i in range(self.n)]


class _StateIndependentModel(_ORIG_MODEL):
    """Mutant: the same companion set A = {1, …, k−2} at every state (no state dependence)."""

    def companion_set(self, state):
        return tuple(range(1, self.k - 1))


class _WrongLambdaModel(_ORIG_MODEL):
    """Mutant: λ = 1/(n − k) instead of 1/(n − k + 1)."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.lam = Fraction(1, self.n - self.k)


# ------------------------------------------------------------------------------------------------
# 1. the memory encodes the truncated history
# ------------------------------------------------------------------------------------------------
@certificate(
    id="short_memory_history_decoding_is_exact",
    paper="A",
    item="Theorem 6 (Appendix E.2, memory encodes history)",
    statement="For γ < 1/2 (pseudo-weight 1/(1−γ)), decode_recent_history(encode_history(h), d) = the last d "
              "items of h for every history h of length ≤ L and every d ≤ |h| (exact in Fractions and in floats); "
              "memories with equal last-d items are ≤ 2γ^d apart in ℓ1, with different ones ≥ 2γ^{d−1}(1−2γ).",
    mutants=[
        Mutant("decode-without-subtracting", "decoding by sorting entries instead of peeling off γ^j",
               {"reference.adaptive_preferences.short_memory.thm6_lower_bound:decode_recent_history":
                _decode_without_subtracting}),
        Mutant("decode-newest-first", "the decoded history returned newest first",
               {"reference.adaptive_preferences.short_memory.thm6_lower_bound:decode_recent_history":
                    lambda memory, gamma, depth: tuple(reversed(_ORIG_DECODE(memory, gamma, depth)))}),
    ],
)
def short_memory_history_decoding_is_exact(ctx):
    cases = ctx.choose(smoke=[(3, Fraction(1, 3), 4)],
                       quick=[(2, Fraction(1, 3), 7), (3, Fraction(1, 3), 4), (4, Fraction(2, 5), 3),
                              (3, Fraction(49, 100), 4)],
                       audit=[(2, Fraction(1, 3), 12), (3, Fraction(1, 3), 7), (4, Fraction(2, 5), 6),
                              (5, Fraction(1, 5), 5), (3, Fraction(49, 100), 7)])
    for n, gamma, L in cases:
        mismatches, checked = 0, 0
        for length in range(1, L + 1):
            for h in itertools.product(range(n), repeat=length):
                v = sm.encode_history(h, gamma, n)
                vf = np.array([float(x) for x in v])
                for d in range(1, length + 1):
                    checked += 2
                    mismatches += sm.decode_recent_history(v, gamma, d) != h[-d:]
                    mismatches += sm.decode_recent_history(vf, float(gamma), d) != h[-d:]
        yield Evidence(observed=Fraction(mismatches), bound=Fraction(0), seed=None,
                       instance={"n": n, "gamma": gamma, "max_length": L, "decodings_checked": checked})
        # state separation on all histories of length d + 2
        d = max(1, min(3, L - 2))
        vecs = {h: sm.encode_history(h, gamma, n) for h in itertools.product(range(n), repeat=d + 2)}
        within_bound, between_bound = sm.state_separation_bounds(gamma, d)
        max_within, min_between = Fraction(0), None
        keys = list(vecs)
        for a, b in itertools.combinations(keys, 2):
            dist = sum(abs(x - y) for x, y in zip(vecs[a], vecs[b]))
            if a[-d:] == b[-d:]:
                max_within = max(max_within, dist)
            elif min_between is None or dist < min_between:
                min_between = dist
        yield Evidence(observed=max_within, bound=within_bound, seed=None,
                       instance={"n": n, "gamma": gamma, "d": d, "route": "within-state ℓ1 diameter ≤ 2γ^d"})
        yield Evidence(observed=between_bound, bound=min_between, seed=None,
                       instance={"n": n, "gamma": gamma, "d": d, "route": "between-state ℓ1 distance ≥ 2γ^{d−1}(1−2γ)",
                                 "min_between": min_between})
        ctx.record(f"separation tightness n={n} γ={gamma} d={d} (min between / bound)",
                   float(min_between / between_bound))


# ------------------------------------------------------------------------------------------------
# 2. the random model family: exact properties on every state
# ------------------------------------------------------------------------------------------------
MODEL_MUTANTS = [
    Mutant("reversed-scores", "score 1 on {1} ∪ A_s and λ elsewhere (the other textual reading)",
           {"reference.adaptive_preferences.short_memory.thm6_lower_bound:ShortMemoryLowerBoundModel":
            _ReversedScoresModel}),
    Mutant("wrong-lambda", "λ = 1/(n − k) instead of 1/(n − k + 1)",
           {"reference.adaptive_preferences.short_memory.thm6_lower_bound:ShortMemoryLowerBoundModel":
            _WrongLambdaModel}),
]


@certificate(
    id="short_memory_model_properties_hold_exactly",
    paper="A",
    item="Theorem 6 (Appendix E.2, the random model family)",
    statement="For every state s of models of the family (λ = 1/(n−k+1)): argmax_K q(K;s)_1 = {{1} ∪ A_s ∪ {j}} "
              "with value 1/n; the optimal policy (j uniform) induces u_n; max_i τ_i(u_n; f(s)) = 1; u_n ∈ IRD of "
              "random 1/f-interpolations of state scores; max over inconsistent menus = 1/(2n−k); the averaged "
              "Lemma-1 bound gives max{p_1 : p ∈ EIRD} ≤ 1/n, attained by u_n (LP cross-check); at a fresh state every "
              "menu loses ≥ (1 − (k−1)/C(n−1,k−2))(1/n − 1/(2n−k)); under the optimal policy the state is uniform "
              "on the n^d states after d rounds. Exact (Fractions).",
    mutants=MODEL_MUTANTS,
)
def short_memory_model_properties_hold_exactly(ctx):
    cases = ctx.choose(smoke=[(5, 3), (6, 4)], quick=[(4, 3), (5, 3), (6, 3), (6, 4), (7, 4), (8, 5)],
                       audit=[(4, 3), (5, 3), (5, 4), (6, 3), (6, 4), (6, 5), (7, 3), (7, 4), (8, 5), (9, 5)])
    seeds_per_case = ctx.choose(smoke=1, quick=2, audit=5)
    depth = 2
    for n, k in cases:
        opt = sm.optimal_reward(n, k)
        bad = sm.inconsistent_menu_reward_bound(n, k)
        # the closed forms equal their stated values
        yield Evidence(observed=abs(opt - Fraction(1, n)) + abs(bad - Fraction(1, 2 * n - k)), bound=Fraction(0),
                       seed=None, instance={"n": n, "k": k, "route": "λ/(1+(k−1)λ) = 1/n and λ/(2+(k−2)λ) = 1/(2n−k)"})
        for r in range(seeds_per_case):
            seed = ctx.instance_seed(1000 * n + 10 * k + r)
            model = sm.ShortMemoryLowerBoundModel(n, k, depth=depth, seed=seed)
            yield from _state_properties_evidence(ctx, model, seed)
        yield from _fresh_state_evidence(ctx, n, k)
        yield from _optimal_policy_state_law_evidence(ctx, n, k, depth)
        yield from _eird_benchmark_evidence(n, k)


_STATE_ROUTES = {
    "argmax": "optimal menus = {1} ∪ A_s ∪ {j} (states where not)",
    "value": "optimal value = 1/n",
    "uniform": "optimal policy induces u_n",
    "tau": "max τ(u_n; f(s)) = 1 (u_n ∈ IRD, tight)",
    "inconsistent": "max over inconsistent menus = 1/(2n−k)",
}


def _state_properties_evidence(ctx, model, seed):
    """On every state s of ``model``: optimal menus and value, u_n induced and tight in IRD, inconsistent menus;
    then u_n ∈ IRD of random 1/f-interpolations of the state scores."""
    n, k, depth = model.n, model.k, model.depth
    u = [Fraction(1, n)] * n
    menus = all_menus(n, k)
    worst = {"argmax": 0, "value": Fraction(0), "uniform": Fraction(0), "tau": Fraction(0),
             "inconsistent": Fraction(0)}
    state_scores = []
    for state in itertools.product(range(n), repeat=depth):
        f = model.state_scores(state)
        state_scores.append(f)
        A = set(model.companion_set(state))
        q1 = {K: choice_distribution(K, f)[0] for K in menus}
        best = max(q1.values())
        argmax = {K for K, q in q1.items() if q == best}
        worst["argmax"] += argmax != set(model.optimal_menus(state))
        worst["value"] = max(worst["value"], abs(best - Fraction(1, n)))
        induced = mixture_choice_distribution(model.optimal_menu_distribution(state), f, k)
        worst["uniform"] = max(worst["uniform"], max(abs(a - b) for a, b in zip(induced, u)))
        worst["tau"] = max(worst["tau"], abs(max(mt.menu_times(u, f, k)) - 1))
        inconsistent = max(q for K, q in q1.items() if not ({0} | A) <= set(K))
        worst["inconsistent"] = max(worst["inconsistent"], abs(inconsistent - Fraction(1, 2 * n - k)))
    inst = {"n": n, "k": k, "depth": depth, "model_seed": seed, "lam": Fraction(1, n - k + 1)}
    yield Evidence(observed=Fraction(worst["argmax"]), bound=Fraction(0), seed=seed,
                   instance={**inst, "route": _STATE_ROUTES["argmax"]})
    for key in ("value", "uniform", "tau", "inconsistent"):
        yield Evidence(observed=worst[key], bound=Fraction(0), seed=seed,
                       instance={**inst, "route": _STATE_ROUTES[key]})
    # u_n survives interpolation of 1/f between states (and towards the default scores 1)
    rng = np.random.default_rng(seed)
    margins = []
    for _ in range(ctx.choose(smoke=5, quick=20, audit=200)):
        idx = rng.choice(len(state_scores), size=3, replace=False)
        raw = [int(x) for x in rng.integers(0, 5, size=4)]
        raw[0] += 1
        w = [Fraction(x, sum(raw)) for x in raw]
        vecs = [state_scores[i] for i in idx] + [[Fraction(1)] * n]
        f = sm.interpolate_inverse_scores(vecs, w)
        margins.append(mt.ird_margin(u, f, k))
    yield Evidence(observed=Fraction(0), bound=min(margins), seed=seed,
                   instance={**inst, "route": "u_n ∈ IRD(f) for 1/f-interpolated scores (min margin)"})


def _fresh_state_evidence(ctx, n, k):
    """Fresh states: the best expected reward without knowledge of A_s (exact) vs the derived bound."""
    fresh = sm.fresh_state_best_reward(n, k)
    yield Evidence(observed=sm.fresh_state_regret_lower_bound(n, k), bound=Fraction(1, n) - fresh, seed=None,
                   instance={"n": n, "k": k, "route": "fresh-state regret ≥ (1 − (k−1)/C(n−1,k−2))·gap",
                             "fresh_best": fresh})
    ctx.record(f"fresh-state regret / gap (n={n}, k={k})",
               float((Fraction(1, n) - fresh) / (Fraction(1, n) - Fraction(1, 2 * n - k))))


def _optimal_policy_state_law_evidence(ctx, n, k, depth):
    """Under the optimal policy the state law after d rounds is exactly uniform on the n^d states."""
    model = sm.ShortMemoryLowerBoundModel(n, k, depth=depth, seed=ctx.instance_seed(n * k))
    law = {tuple([0] * depth): Fraction(1)}
    for _ in range(depth):
        nxt = {}
        for st, pr in law.items():
            q = mixture_choice_distribution(model.optimal_menu_distribution(st), model.state_scores(st), k)
            for j in range(n):
                if q[j]:
                    key = st[1:] + (j,)
                    nxt[key] = nxt.get(key, Fraction(0)) + pr * q[j]
        law = nxt
    dev = max([abs(pr - Fraction(1, n**depth)) for pr in law.values()] + [Fraction(n**depth - len(law))])
    yield Evidence(observed=dev, bound=Fraction(0), seed=None,
                   instance={"n": n, "k": k, "route": "state law under the optimal policy is uniform after d rounds"})


def _eird_benchmark_evidence(n, k):
    """The EIRD benchmark: averaged Lemma-1 bound (exact) and the LP over ∩_A IRD(f^A) (floats)."""
    from scipy.optimize import linprog

    ub = sm.eird_item_one_upper_bound(n, k)
    yield Evidence(observed=abs(ub - Fraction(1, n)), bound=Fraction(0), seed=None,
                   instance={"n": n, "k": k, "route": "averaged τ_1 ≤ 1 gives p_1 ≤ 1/n", "bound": ub})
    lam = Fraction(1, n - k + 1)
    rows = []
    for A in itertools.combinations(range(1, n), k - 2):
        g = np.array([1.0 / float(lam) if (i == 0 or i in A) else 1.0 for i in range(n)])
        for i in range(n):  # Lemma 1 for the scores f^A: k p_i/f_i − Σ_j p_j/f_j ≤ 0
            row = -g.copy()
            row[i] += k * g[i]
            rows.append(row)
    c = np.zeros(n)
    c[0] = -1.0
    res = linprog(c, A_ub=np.array(rows), b_ub=np.zeros(len(rows)), A_eq=np.ones((1, n)), b_eq=[1.0],
                  bounds=[(0, None)] * n, method="highs")
    yield Evidence(observed=abs(-res.fun - 1.0 / n), bound=1e-9, seed=None,
                   instance={"n": n, "k": k, "route": "LP max p_1 over ∩_A IRD(f^A)", "lp": -res.fun})


# ------------------------------------------------------------------------------------------------
# 3. simulation: learners lose a constant per round
# ------------------------------------------------------------------------------------------------
class _OracleRecommender:
    """Knows the model: plays the optimal policy (A_s plus a uniform final item) at the decoded state."""

    def __init__(self, model, pre_history, seed):
        self.model, self.hist, self.rng = model, list(pre_history), np.random.default_rng(seed)

    def propose(self, t):
        state = tuple(self.hist[-self.model.depth:])
        return sample_menu(self.model.optimal_menu_distribution(state), self.rng)

    def observe(self, t, menu, chosen, reward):
        self.hist.append(chosen)


class _PerStateExp3Recommender:
    """State-aware learner: one EXP3 over all menus per state (the state is read off the choices seen)."""

    def __init__(self, menus, depth, pre_history, eta, seed):
        self.menus, self.depth, self.eta = list(menus), depth, eta
        self.hist, self.rng, self.tables, self._last = list(pre_history), np.random.default_rng(seed), {}, None

    def propose(self, t):
        state = tuple(self.hist[-self.depth:])
        learner = self.tables.setdefault(state, Exp3(len(self.menus), eta=self.eta))
        p = learner.distribution()
        a = int(self.rng.choice(len(p), p=p))
        self._last = (learner, a, float(p[a]))
        return self.menus[a]

    def observe(self, t, menu, chosen, reward):
        learner, a, p = self._last
        learner.update(t, a, reward, prob=p)
        self.hist.append(chosen)


def _pseudo_rewards(model, traj):
    """E[r_t(i_t) | past] = q(K_t; f(v_t))_1 along the run (variance-free expected reward)."""
    out = np.empty(len(traj.menus))
    for t, (mem, menu) in enumerate(zip(traj.memories, traj.menus)):
        if 0 not in menu:
            out[t] = 0.0
            continue
        f = model.scores(mem)
        out[t] = f[0] / sum(f[j] for j in menu)
    return out


def _fixed_menu_stationary_reward(model, menu):
    """Exact long-run expected reward of always showing ``menu``: stationary law of the chain of
    last-d choices (all inside the menu), solved as a linear system."""
    if 0 not in menu:
        return 0.0
    states = list(itertools.product(menu, repeat=model.depth))
    index = {s: i for i, s in enumerate(states)}
    P = np.zeros((len(states), len(states)))
    reward = np.zeros(len(states))
    for s in states:
        q = choice_distribution(menu, model.state_scores(s))
        reward[index[s]] = float(q[0])
        for j in menu:
            P[index[s], index[s[1:] + (j,)]] += float(q[j])
    A = np.vstack([P.T - np.eye(len(states)), np.ones(len(states))])
    b = np.zeros(len(states) + 1)
    b[-1] = 1.0
    pi = np.linalg.lstsq(A, b, rcond=None)[0]
    return float(pi @ reward)


SIM_MUTANTS = [
    Mutant("state-independent-companions", "A_s the same at every state: a fixed menu is optimal, no lower bound",
           {"reference.adaptive_preferences.short_memory.thm6_lower_bound:ShortMemoryLowerBoundModel":
            _StateIndependentModel}),
]


@certificate(
    id="short_memory_learners_lose_a_constant_per_round",
    paper="A",
    item="Theorem 6 (Appendix E.2, regret lower bound, simulation)",
    statement="On models of the family (n=6, k=3, d=3, γ=1/3; 216 states), over horizons T ≲ #states·#menus, "
              "EXP3 over menus, EXP-φ and a per-state EXP3 earn on average ≤ 1/n − gap/4 per round "
              "(gap = 1/n − 1/(2n−k)), as does the best fixed menu (exact stationary reward), while the optimal "
              "policy earns 1/n = the EIRD benchmark: regret against EIRD grows linearly.",
    mutants=SIM_MUTANTS,
)
def short_memory_learners_lose_a_constant_per_round(ctx):
    n, k, depth, gamma = 6, 3, 3, Fraction(1, 3)
    T = ctx.choose(smoke=400, quick=2500, standard=10000, audit=20000)
    n_models = ctx.choose(smoke=1, quick=2, standard=4, audit=4)
    opt = 1.0 / n
    gap = float(Fraction(1, n) - Fraction(1, 2 * n - k))
    menus = all_menus(n, k)
    eta = exp3_eta(len(menus), T)
    learners = {
        "EXP3 over menus": lambda pre, s: Exp3MenuRecommender(menus, eta=eta, seed=s),
        "EXP-φ (Thm 5)": lambda pre, s: ExpPhi(n, k, float(gamma), window=10, horizon=T, seed=s),
        "per-state EXP3": lambda pre, s: _PerStateExp3Recommender(menus, depth, pre,
                                                                  exp3_eta(len(menus), max(1, T // n**depth)), s),
    }
    curves = {name: [] for name in [_OPTIMAL, *learners]}
    fixed_losses = []
    for r in range(n_models):
        seed = ctx.instance_seed(r)
        model = sm.ShortMemoryLowerBoundModel(n, k, depth=depth, gamma=gamma, seed=seed)
        best_fixed = max(_fixed_menu_stationary_reward(model, K) for K in menus)
        ctx.record(f"best fixed menu per-round regret / gap (model {r})", (opt - best_fixed) / gap)
        fixed_losses.append(opt - best_fixed)
        yield Evidence(observed=best_fixed, bound=opt - gap / 4, seed=seed,
                       instance={"route": "best fixed menu, exact stationary reward", "n": n, "k": k, "depth": depth,
                                 "optimum": opt, "gap": gap})
        yield from _learners_evidence(ctx, model, learners, curves, T, r, seed, gap)
    ctx.record("gap = 1/n − 1/(2n−k)", gap)
    path = ctx.figure_path("regret_vs_T")
    if path is not None:
        _plot_regret_curves(path, curves, fixed_losses, gap, T,
                            f"Theorem 6 family: n={n}, k={k}, d={depth}, γ=1/3, {n_models} model(s)", ctx=ctx)


_OPTIMAL = "optimal policy (= EIRD benchmark)"


def _learners_evidence(ctx, model, learners, curves, T, r, seed, gap):
    """Run the optimal policy and every learner from one encoded start; each learner's average expected reward
    must be ≤ 1/n − gap/4, the optimal policy's exactly 1/n. Appends each run's regret curve to ``curves``."""
    n, k, gamma = model.n, model.k, model.gamma
    opt = 1.0 / n
    rng = np.random.default_rng(seed)
    pre = tuple(int(i) for i in rng.integers(n, size=model.depth))
    v0 = np.array([float(x) for x in sm.encode_history(pre, gamma, n)])
    rewards = np.zeros((T, n))
    rewards[:, 0] = 1.0
    makers = {_OPTIMAL: lambda pre, s: _OracleRecommender(model, pre, s), **learners}
    for name, make in makers.items():
        agent = Agent(model, float(gamma), seed=seed + 1, initial_memory=v0,
                      initial_weight=float(sm.stationary_weight(gamma)))
        traj = run_interaction(make(pre, seed + 2), agent, rewards, k, record=True)
        pseudo = _pseudo_rewards(model, traj)
        curves[name].append(np.cumsum(opt - pseudo))
        avg = float(pseudo.mean())
        if name == _OPTIMAL:
            yield Evidence(observed=abs(avg - opt), bound=1e-12, seed=seed,
                           instance={"route": "optimal policy earns exactly 1/n per round", "T": T, "avg": avg})
        else:
            yield Evidence(observed=avg, bound=opt - gap / 4, seed=seed,
                           instance={"route": f"{name}: average expected reward ≤ 1/n − gap/4", "T": T,
                                     "avg": avg, "optimum": opt, "gap": gap})
            ctx.record(f"{name} per-round regret / gap (model {r})", (opt - avg) / gap)


def _plot_regret_curves(path, curves, fixed_losses, gap, T, title, ctx=None):
    with figure(path, figsize=(6.4, 4.2), dpi=120, ctx=ctx, title=title) as (_, (ax,)):
        ts = np.arange(1, T + 1)
        for name, cs in curves.items():
            ax.plot(ts, np.mean(cs, axis=0), label=name)
        ax.plot(ts, np.mean(fixed_losses) * ts, "-.", color="grey", lw=1.0, label="best fixed menu (exact, stationary)")
        ax.plot(ts, gap * ts, "k--", lw=0.8, label="gap·T (every round inconsistent, item 1 shown)")
        ax.plot(ts, gap / 4 * ts, "k:", lw=0.8, label="gap·T/4 (pass threshold)")
        ax.set_xlabel("T")
        ax.set_ylabel("expected regret vs EIRD (= vs optimal policy)")
        ax.legend(fontsize=7)
