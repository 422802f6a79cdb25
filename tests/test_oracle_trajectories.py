"""The algorithm oracle (certificates.oracle.trajectories): every reference class passes against itself, a planted
bug in each is caught (bugs after round 100 within 30 s at the default options), independent re-implementations
pass, the statistical mode separates a differently-drawing correct candidate from a wrong learning rate, and the
recommenders' new ``menu_distribution`` is the distribution ``propose`` draws from, with no side effects."""

import argparse
import copy
import time
from collections import Counter

import numpy as np
import pytest
from rich.console import Console
from scipy import stats

import reference.adaptive_preferences.long_memory.alg2_eird_targeting as tg
import reference.adaptive_preferences.long_memory.thm1_dbg as dbg
import reference.adaptive_preferences.scale_bounded.alg3_scale_bounded_ogd as a3
import reference.adaptive_preferences.setting.baselines as bl
import reference.adaptive_preferences.short_memory.sec6_exp_phi as ep
import reference.embedding_routing.hpg as hpg
from certificates.oracle import ALGORITHMS, OracleMismatch, OracleUsageError, assert_trajectory_matches, load_entries
from certificates.oracle.cli import main
from certificates.oracle.trajectories import SPECS, instance_plan, replay

REQUIRED = ["DeferredBanditGradient", "Algorithm2", "ScaleBoundedOGD", "ExpPhi", "A.Exp3", "BanditOGD",
            "Exp3MenuRecommender", "FixedMenuRecommender", "ItemBanditRecommender", "BoxTargetingRecommender", "HPG",
            "ParameterFreeHPG", "B.Exp3", "EuclideanPolicyGradient", "LogLinearPolicyGradient", "TabularExp3",
            "UniformRouter", "AdaptiveHPG", "NuclearEuclideanPolicyGradient"]
load_entries()  # fills SPECS


def test_table_covers_every_required_algorithm():
    assert sorted(ALGORITHMS) == sorted(REQUIRED)
    for name in REQUIRED:
        entry = ALGORITHMS[name]
        assert entry.default_rounds >= 300 and entry.protocol and entry.tolerance.reason
        assert "\n" not in entry.tolerance.reason


@pytest.mark.parametrize("name", REQUIRED)
def test_reference_class_subclassed_without_change_passes(name):
    unchanged = type("Unchanged", (ALGORITHMS[name].reference(),), {})
    summary = assert_trajectory_matches(name, unchanged)
    assert summary["passed"] and summary["rounds"] == 300 and len(summary["instances"]) == 4
    assert summary["instances"][0]["size"] == min(64 if ALGORITHMS[name].paper == "A" else 32,
                                                 SPECS[name].size_cap or 64)


# -- one planted bug per algorithm ----------------------------------------------------------
def _scaled(base, path, factor):
    """``base`` with the attribute ``path`` (e.g. "eta", "dbg.eta") multiplied by ``factor`` after construction."""
    def __init__(self, *args, **kwargs):
        base.__init__(self, *args, **kwargs)
        *owners, attr = path.split(".")
        obj = self
        for part in owners:
            obj = getattr(obj, part)
        setattr(obj, attr, getattr(obj, attr) * factor)
    return type(f"{base.__name__}Scaled", (base,), {"__init__": __init__})


class DBGForgetsAfter100(dbg.DeferredBanditGradient):
    """Drops the oldest deferred estimate of the window from round 101 on."""

    def deferred_gradient(self, t):
        g = super().deferred_gradient(t)
        if t > 100:
            s, i, v = self._recent[0]
            if s in dbg.deferred_window(t, self.m, self.lag):
                g[i] -= v / self.m
        return g


class HPGStepDoublesAfter100(hpg.HPG):
    def update(self, t, x, Psi, m, reward):
        if t == 101:
            self.eta *= 2
        super().update(t, x, Psi, m, reward)


class Exp3UniformWeights(bl.Exp3):
    """Importance weight 1/n instead of 1/p_arm."""

    def update(self, t, arm, reward, prob=None):
        super().update(t, arm, reward, prob=1.0 / self.n)


class Alg3DoubleStep(a3.ScaleBoundedOGD):
    @classmethod
    def from_schedule(cls, n, k, schedule, **kwargs):
        return super().from_schedule(n, k, {**schedule, "eta": 2 * schedule["eta"]}, **kwargs)


class Exp3MenusWrongArm(bl.Exp3MenuRecommender):
    def observe(self, t, menu, chosen, reward):
        self._last = (0, self._last[1])
        super().observe(t, menu, chosen, reward)


class FixedReversedWeights(bl.FixedMenuRecommender):
    def __init__(self, menu_or_distribution, *, seed=0):
        super().__init__(menu_or_distribution, seed=seed)
        if self.distribution is not None and len(self.distribution) > 1:
            ws = [w for _, w in self.distribution][::-1]
            self.distribution = [(m, w) for (m, _), w in zip(self.distribution, ws)]


class ItemBanditLossFeedback(bl.ItemBanditRecommender):
    def observe(self, t, menu, chosen, reward):
        super().observe(t, menu, chosen, 1.0 - reward)


class BoxSkipsOddUpdates(bl.BoxTargetingRecommender):
    def observe(self, t, menu, chosen, reward):
        if t % 2 == 0:
            self.learner.update(t, int(chosen), float(reward))
        else:
            self.learner.update(t, int(chosen), 0.0)
        self.tracker.remember(int(chosen))


class PFBetsOnRounds(hpg.ParameterFreeHPG):
    def bet(self):
        return self.coin_sum / max(self.rounds, 1) * self.wealth


class LogLinearFrozenBias(hpg.LogLinearPolicyGradient):
    def update(self, t, x, Psi, m, reward):
        b = self.b.copy()
        super().update(t, x, Psi, m, reward)
        self.b = b


class TabularWrongEta(hpg.TabularExp3):
    def distribution(self, t, x, Psi):
        key = tuple(np.round(np.asarray(x, dtype=float), 9))
        self.tables.setdefault(key, hpg.Exp3(self.M, self.T, eta=0.5))
        return super().distribution(t, x, Psi)


class UniformTiltsAfter100(hpg.UniformRouter):
    def distribution(self, t, x, Psi):
        p = super().distribution(t, x, Psi)
        if t > 100:
            p = p.copy()
            p[0] *= 2
            p /= p.sum()
        return p


BUGS = {
    "DeferredBanditGradient": DBGForgetsAfter100,
    "BanditOGD": _scaled(bl.BanditOGD, "eta", 1.01),
    "A.Exp3": Exp3UniformWeights,
    "Algorithm2": _scaled(tg.Algorithm2, "dbg.eta", 1.5),
    "ScaleBoundedOGD": Alg3DoubleStep,
    "ExpPhi": _scaled(ep.ExpPhi, "eta", 1.1),
    "Exp3MenuRecommender": Exp3MenusWrongArm,
    "FixedMenuRecommender": FixedReversedWeights,
    "ItemBanditRecommender": ItemBanditLossFeedback,
    "BoxTargetingRecommender": BoxSkipsOddUpdates,
    "HPG": HPGStepDoublesAfter100,
    "ParameterFreeHPG": PFBetsOnRounds,
    "B.Exp3": _scaled(hpg.Exp3, "eta", 1.01),
    "EuclideanPolicyGradient": _scaled(hpg.EuclideanPolicyGradient, "eta", 1.01),
    "LogLinearPolicyGradient": LogLinearFrozenBias,
    "TabularExp3": TabularWrongEta,
    "UniformRouter": UniformTiltsAfter100,
    "AdaptiveHPG": _scaled(hpg.AdaptiveHPG, "scale", 1.01),
    "NuclearEuclideanPolicyGradient": _scaled(hpg.NuclearEuclideanPolicyGradient, "eta", 1.01),
}


@pytest.mark.parametrize("name", REQUIRED)
def test_planted_bug_is_caught(name):
    with pytest.raises(OracleMismatch, match=r"disagrees with the reference at round \d+") as info:
        assert_trajectory_matches(name, BUGS[name])
    report = info.value.report
    assert report["name"] == name and report["mode"] == "replay" and isinstance(report["round"], int)
    assert report["quantity"] and "differ" in report["difference"] or "raised" in report["difference"]
    assert "replay(" in report["replay"] and f"instance_seed={report['instance_seed']}" in report["replay"]


@pytest.mark.parametrize("name, quantity", [("DeferredBanditGradient", "distribution(t)"),
                                            ("HPG", "theta after the update")])
def test_bug_after_round_100_is_caught_within_30_seconds_at_default_options(name, quantity):
    start = time.perf_counter()
    with pytest.raises(OracleMismatch) as info:
        assert_trajectory_matches(name, BUGS[name])
    seconds = time.perf_counter() - start
    report = info.value.report
    print(f"{name}: first mismatch at round {report['round']} ({report['quantity']}), instance seed "
          f"{report['instance_seed']}, size {report['size']}, after {seconds:.2f} s")
    assert 100 < report["round"] <= 110 and report["quantity"] == quantity and seconds <= 30
    assert report["size"] == (64 if ALGORITHMS[name].paper == "A" else 32)  # the first instance already shows it
    with pytest.raises(OracleMismatch, match=f"at round {report['round']} of 300"):  # the snippet replays it
        replay(name, BUGS[name], instance_seed=report["instance_seed"], size=report["size"])


# -- independent re-implementations pass (the tolerance is not too tight) ---------------------
def _box_simplex_projection(y, lower, upper):
    """Projection onto {Σx = 1, lower ≤ x ≤ upper} by bisection on the water level (not the reference's route)."""
    lo = np.broadcast_to(np.asarray(lower, dtype=float), y.shape)
    up = np.broadcast_to(np.asarray(upper, dtype=float), y.shape)
    a, b = float(np.min(y - up)) - 1, float(np.max(y - lo)) + 1
    for _ in range(200):
        mid = (a + b) / 2
        a, b = (mid, b) if np.clip(y - mid, lo, up).sum() > 1 else (a, mid)
    return np.clip(y - (a + b) / 2, lo, up)


class DBGFromScratch:
    """DBG written from the module docstring: full history, own projection through ``schedule.bounds``."""

    def __init__(self, n, *, eta, m, schedule, x1=None, lag=1):
        self.n, self.eta, self.m, self.lag, self.schedule = n, eta, m, lag, schedule
        x1 = np.full(n, 1.0 / n) if x1 is None else np.asarray(x1, dtype=float)
        self.x, self.history = _box_simplex_projection(x1, *schedule.bounds(0)), []

    def distribution(self, t):
        return self.x.copy()

    def update(self, t, chosen, reward):
        self.history.append((t, chosen, reward / self.x[chosen]))
        g = np.zeros(self.n)
        for s, i, v in self.history:
            if t - self.m - self.lag + 1 <= s <= t - self.lag:
                g[i] += v
        self.x = _box_simplex_projection(self.x + self.eta * g / self.m, *self.schedule.bounds(t + 1))


class Exp3ProbabilityDomain:
    """EXP3 with weights kept as probabilities (renormalised every round) instead of log-weights."""

    def __init__(self, n_arms, *, eta):
        self.p, self.eta = np.full(n_arms, 1.0 / n_arms), eta

    def distribution(self, t=None):
        return self.p.copy()

    def update(self, t, arm, reward):
        w = self.p.copy()
        w[arm] *= np.exp(-self.eta * (1.0 - reward) / self.p[arm])
        self.p = w / w.sum()


class EuclideanWithKron:
    def __init__(self, d, M, T, tau, *, fro_max=1.0, eta=None):
        self.tau = tau
        self.eta = eta if eta is not None else tau / (np.sqrt(max(1 - 1 / M, 1e-12)) * fro_max * np.sqrt(T))
        self.theta = np.zeros((d, d * M))

    def distribution(self, t, x, Psi):
        z = np.array([np.sum(block * Psi) for block in np.split(self.theta, self.theta.shape[1] // len(Psi), axis=1)])
        self.pi = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        return self.pi

    def update(self, t, x, Psi, m, reward):
        th = self.theta + self.eta * np.kron(reward * (np.eye(len(self.pi))[m] - self.pi)[None, :], Psi)
        norm = np.linalg.norm(th)
        self.theta = th if norm <= self.tau else th * (self.tau / norm)


@pytest.mark.parametrize("name, candidate", [("DeferredBanditGradient", DBGFromScratch),
                                             ("A.Exp3", Exp3ProbabilityDomain),
                                             ("EuclideanPolicyGradient", EuclideanWithKron)])
def test_independent_reimplementations_pass(name, candidate):
    assert assert_trajectory_matches(name, candidate, instances=3)["passed"]


# -- recommenders: optional menu_distribution, own randomness ----------------------------------
class ExpPhiGumbel(ep.ExpPhi):
    """A correct EXP-φ that draws its arm by the Gumbel-max trick (a different use of ``rng``)."""

    def propose(self, t):
        if self.t_in_window == 0:
            p = self.distribution()
            self.arm = int(np.argmax(np.log(np.maximum(p, 1e-300)) + self.rng.gumbel(size=self.n)))
            self.prob = float(p[self.arm])
        return self._fill_menu(self.arm)


class ExpPhiWithoutMenuDistribution:
    def __init__(self, *args, **kwargs):
        self.inner = ep.ExpPhi(*args, **kwargs)

    def propose(self, t):
        return self.inner.propose(t)

    def observe(self, t, menu, chosen, reward):
        self.inner.observe(t, menu, chosen, reward)


def test_candidate_without_menu_distribution_is_compared_on_proposals_only():
    summary = assert_trajectory_matches("ExpPhi", ExpPhiWithoutMenuDistribution, instances=2)
    assert summary["compared"] == ["proposal"]


def test_differently_drawing_candidate_fails_replay_on_proposals_with_a_hint():
    with pytest.raises(OracleMismatch, match=r"(?s)the menu distributions agree.*mode='statistical'") as info:
        assert_trajectory_matches("ExpPhi", ExpPhiGumbel)
    assert info.value.report["quantity"] == "proposal propose(t)"


def _wrong_rate(base, factor):
    return _scaled(base, "eta", factor)


def test_statistical_mode_passes_a_correct_stochastic_candidate_and_fails_a_wrong_learning_rate():
    options = {"mode": "statistical", "rounds": 1000, "max_size": 4, "instances": 20, "seed": 0}
    good = assert_trajectory_matches("ExpPhi", ExpPhiGumbel, **options)
    assert good["passed"] and good["p_value"] >= 0.01 and good["detectable_difference"] > 0
    assert good["detectable_difference"] == pytest.approx(
        (stats.t.ppf(0.995, 19) + stats.t.ppf(0.8, 19)) * good["se"])
    with pytest.raises(OracleMismatch, match=r"(?s)different mean regret.*detects a mean difference") as info:
        assert_trajectory_matches("ExpPhi", _wrong_rate(ExpPhiGumbel, 0.01), **options)
    report = info.value.report
    assert report["p_value"] < 0.01 and report["mean_difference"] > report["detectable_difference"]
    assert "mode='statistical'" in report["replay"]
    same = assert_trajectory_matches("ExpPhi", ep.ExpPhi, mode="statistical", instances=3)  # same draws: no difference
    assert same["mean_difference"] == 0 and same["p_value"] == 1.0


# -- menu_distribution of the reference recommenders -------------------------------------------
RECOMMENDERS = [n for n in REQUIRED if SPECS[n].protocol == "recommender"]


def _trajectory(name, seed, rounds, with_menu_distribution):
    spec = SPECS[name]
    instance_seed, size = instance_plan(spec, 8, 1, seed)[0]
    sc = spec.scenario(instance_seed, size, rounds)
    rec, agent, out = sc.build(ALGORITHMS[name].reference()), sc.agent(), []
    for t in range(rounds):
        mu = rec.menu_distribution(t) if with_menu_distribution else None
        menu = tuple(rec.propose(t))
        if mu is not None:
            assert sorted(menu) in [sorted(m) for m, w in mu if w > 0], (t, menu, mu)
        chosen = agent.choose(menu)
        rec.observe(t, menu, chosen, float(sc.rewards[t, chosen]))
        out.append((menu, chosen))
    return out, rec


@pytest.mark.parametrize("name", RECOMMENDERS)
def test_menu_distribution_has_no_side_effects_and_supports_the_proposal(name):
    with_md, rec = _trajectory(name, 3, 200, True)
    without, rec2 = _trajectory(name, 3, 200, False)
    assert with_md == without
    assert rec.rng.bit_generator.state == rec2.rng.bit_generator.state  # the same draws, in the same order


@pytest.mark.parametrize("name, rounds", [("ExpPhi", 24), ("Algorithm2", 150), ("ScaleBoundedOGD", 120),
                                          ("BoxTargetingRecommender", 40)])
def test_propose_draws_from_menu_distribution(name, rounds):
    """Copies of a recommender mid-run, each with its own generator: their proposals follow menu_distribution(t)."""
    _, rec = _trajectory(name, 5, rounds, False)
    mu = Counter()
    for m, w in rec.menu_distribution(rounds):
        mu[tuple(sorted(m))] += w
    draws = Counter()
    for s in range(1500):
        c = copy.deepcopy(rec)
        c.rng = np.random.default_rng(s)
        draws[tuple(sorted(c.propose(rounds)))] += 1
    support = sorted(set(mu) | set(draws))
    assert set(draws) <= {m for m in mu if mu[m] > 0}
    expected = np.array([mu[m] for m in support]) * 1500
    if len(support) > 1:
        chi2 = float((((np.array([draws[m] for m in support]) - expected) ** 2) / np.maximum(expected, 1e-12)).sum())
        assert stats.chi2.sf(chi2, len(support) - 1) > 1e-4


# -- errors and the command line ---------------------------------------------------------------
def test_candidate_crash_is_a_mismatch_at_its_round():
    class CrashesAt5(hpg.HPG):
        def update(self, t, x, Psi, m, reward):
            if t == 5:
                raise RuntimeError("boom")
            super().update(t, x, Psi, m, reward)

    with pytest.raises(OracleMismatch, match=r"(?s)at round 5 of 300.*the candidate raised RuntimeError: boom") as info:
        assert_trajectory_matches("HPG", CrashesAt5, instances=1)
    assert info.value.report["quantity"] == "update(t, x, Psi, m, reward)"


def test_usage_errors_are_full_sentences():
    with pytest.raises(OracleUsageError, match=r"name must be one of"):
        assert_trajectory_matches("NoSuchAlgorithm", hpg.HPG)
    with pytest.raises(OracleUsageError, match=r"HPG: mode must be 'replay' or 'statistical'"):
        assert_trajectory_matches("HPG", hpg.HPG, mode="fast")
    with pytest.raises(OracleUsageError, match=r"HPG: rounds must be an integer ≥ 1"):
        assert_trajectory_matches("HPG", hpg.HPG, rounds=0)
    with pytest.raises(OracleUsageError, match=r"HPG: instances must be an integer ≥ 2"):
        assert_trajectory_matches("HPG", hpg.HPG, mode="statistical", instances=1)
    with pytest.raises(OracleUsageError, match=r"DeferredBanditGradient: max_size must be at least 2"):
        assert_trajectory_matches("DeferredBanditGradient", dbg.DeferredBanditGradient, max_size=1)


def _args(name, candidate, **kw):
    opts = {"list": False, "max_size": None, "min_size": 1, "rounds": None, "mode": "replay", "json": None,
            "examples": 200, "seed": 0}
    return argparse.Namespace(name=name, candidate=candidate, **{**opts, **kw})


def test_cli_exit_codes_for_algorithms(tmp_path, monkeypatch):
    (tmp_path / "cand_alg.py").write_text(
        "from reference.embedding_routing.hpg import HPG\n"
        "class Good(HPG):\n    pass\n"
        "class Bad(HPG):\n"
        "    def update(self, t, x, Psi, m, reward):\n"
        "        super().update(t, x, Psi, m, 0.5 * reward)\n")
    monkeypatch.chdir(tmp_path)
    console = Console(record=True, width=160)
    assert main(_args("HPG", "cand_alg:Good", rounds=50), console) == 0
    out = tmp_path / "mismatch.json"
    assert main(_args("HPG", "cand_alg:Bad", rounds=50, json=str(out)), console) == 1
    text = console.export_text()
    assert "at round 0 of 50" in text and "from certificates.oracle.trajectories import replay" in text
    assert '"instance_seed"' in out.read_text()
    assert main(_args("HPG", "cand_alg:Good", rounds=30, mode="statistical"), console) == 0
    assert main(_args("HPG", "cand_alg:Good", rounds=0), console) == 2
