"""Public-API fuzz of paper A (issue 12 item 2): every name in ``reference.adaptive_preferences.__all__``.

Two tiers per public callable (functions, and classes through their constructors and public methods):

* **junk** — one argument of a valid call (``valid_a``) is replaced by a corruption drawn by
  ``tests.fuzz.junk.junk_like`` (wrong shapes, empty, 2-D, NaN/±inf, negative, zero, huge and denormal
  magnitudes, float32/int/bool/str/None/Fraction mixes, mismatched lengths);
* **extreme** — for every function the oracle covers (``certificates.oracle.FUNCTIONS``), valid instances
  drawn by the oracle's own strategy, with scores pushed to denormal/huge magnitudes and projection inputs
  scaled up to 1e300.

The property (house rule): the call raises ``ValueError``/``TypeError`` whose message starts with the
qualified name (``menu_times: ``, ``Agent.choose: ``) and contains the corrupted parameter's name, or it
returns an answer that the independent check of ``FUZZED[name]`` accepts (``checks_a.CHECKS``; otherwise every
number in the answer must be finite). Records (result containers), protocols, exceptions and constants are
covered by the checks named in ``FUZZED``.

``CASES`` records how many cases are drawn per name (under every profile: the budget is fixed here so the
paper-A fuzz runs in under a minute on one core). Known failures whose fix belongs to another file's owner
are ``xfail(strict=True)`` with the case listed in ``KNOWN``.

Census (counts of clear / vague / crash / silent per name, on any tree)::

    python tests/fuzz/census_a.py [--reference-root /tmp/before_a]
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import reference.adaptive_preferences as ap
from tests.fuzz import valid_a as va
from tests.fuzz.checks_a import CHECKS, check_finite, frv
from tests.fuzz.junk import Outcome, extreme_vectors, junk_like, outcome_of

PROTOCOLS = {"PreferenceModel", "Recommender"}
RECORDS = {"Stage", "Trajectory", "DBGBound", "DBGRun", "Theorem2Bound", "BuiltMenus", "ReferenceDesign",
           "MonteCarloSummary"}
EXTRA_METHOD_ARGS = {"reward": lambda: 0.5, "prob": lambda: 0.5, "V": lambda: np.array([va.P, va.P[::-1]]),
                     "item": lambda: 1, "i": lambda: 1, "memory": lambda: np.array(va.P)}
#: Cases drawn per name and tier (junk, extreme); names not listed draw DEFAULT_CASES.
DEFAULT_CASES = (14, 0)
SLOW = {"in_ird_lp": 2, "ird_witness_lp": 2, "ird_lp_residual": 2, "ird_distance_lower_bound": 2, "in_eird_v_lp": 2,
        "best_in_eird_v": 3, "eird_v_empty_linprog": 3, "eird_v_emptiness_witness": 3, "eird_v_value": 3,
        "best_in_box_simplex_lp": 3, "theorem3_apriori_exponent": 1, "theorem3_optimal_c": 1,
        "theorem3_apriori_exponent_moving_factors": 1, "theorem3_optimal_c_moving_factors": 1,
        "theorem3_apriori_bound": 3, "lemma2_conclusion_at": 3, "lemma2_worst_menu_time": 4, "lemma2_min_phi": 4,
        "ScaleBoundedOGD": 4, "Algorithm2": 4, "theory_parameters": 2, "practical_parameters": 4,
        "run_interaction": 5, "run_dbg": 5, "eird_reference_memories": 4, "project_onto_polytope": 4,
        "PolytopeSchedule": 3, "eird_v_polytope": 3, "theorem5_general_window": 3, "empirical_lipschitz_ratio": 4,
        "luce_factor_mle": 5, "is_self_realizable": 5, "DecisionSet": 5, "ContractedSchedule": 4,
        "rounds_within_drift": 6, "BurnIn": 6, "ExpPhi": 6, "theorem5_apriori_bound": 4,
        "concavity_second_derivative": 1, "seed_bound_concavity_margin": 2, "seed_bound_second_derivative": 2,
        "max_self_realizable_reward_by_patterns": 4, "max_self_realizable_reward_by_witnesses": 4}


def _oracle_functions() -> dict:
    from certificates.oracle import FUNCTIONS  # noqa: PLC0415

    return {name: e for name, e in FUNCTIONS.items() if e.paper == "A"}


ORACLE_A = _oracle_functions()


def cases(name: str) -> tuple[int, int]:
    junk = SLOW.get(name, DEFAULT_CASES[0])
    return junk, (max(6, junk) if name in ORACLE_A else 0)


def kind_of(name: str) -> str:
    obj = va.OBJECTS[name]
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return "exception"
    if name in PROTOCOLS:
        return "protocol"
    if name in RECORDS:
        return "record"
    if inspect.isclass(obj) and not isinstance(obj, type(list[int])):
        return "class"
    return "function" if inspect.isfunction(obj) or inspect.isbuiltin(obj) else "constant"


def _check_for(name: str) -> tuple[str, Callable]:
    if name in CHECKS:
        return CHECKS[name]
    if name in ORACLE_A:
        return ("exact-mode recomputation: the same call on the inputs converted exactly to Fractions agrees "
                "(1e-9 relative) where the function has an exact mode; every output number finite", check_finite)
    return "every number in the answer finite, of the documented container", check_finite


def _describe(name: str) -> str:
    kind = kind_of(name)
    if kind == "exception":
        return "exception class: subclass of ValueError/RuntimeError, raised with a qualified message"
    if kind == "protocol":
        return "protocol: isinstance holds for the reference's conforming classes"
    if kind == "constant":
        return "constant or typing alias: every number in it finite"
    if kind == "record":
        return "result record: constructed from valid fields, fields round-trip (built only by the reference)"
    if kind == "class":
        return "constructor + public methods: junk per argument; answers finite; " + _check_for(name)[0]
    return _check_for(name)[0]


#: Public name → the independent check used (read by tests/fuzz/test_fuzz_coverage.py).
FUZZED: dict[str, str] = {name: _describe(name) for name in va.OBJECTS}


# ------------------------------------------------------------------------------------------------
# the calls
# ------------------------------------------------------------------------------------------------
def _methods(cls: type) -> list[str]:
    return [m for m, v in vars(cls).items() if not m.startswith("_") and callable(v)
            and not isinstance(v, (staticmethod, classmethod))]


def _method_kwargs(method: Callable) -> dict[str, Any] | None:
    out = {}
    for p in list(inspect.signature(method).parameters.values())[1:]:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.default is not p.empty:
            continue
        make = EXTRA_METHOD_ARGS.get(p.name) or va.DEFAULTS.get(p.name)
        if make is None:
            return None
        out[p.name] = make()
    return out


def targets(name: str) -> list[tuple[str, Callable[[dict], Any], Callable[[], dict]]]:
    """(qualified name, call(kwargs), valid kwargs) for a function, or a class's constructor and methods."""
    obj = va.OBJECTS[name]
    out: list = [(name, lambda kw: obj(**kw), lambda: va.valid_kwargs(name))]
    if kind_of(name) == "class":
        for m in _methods(obj):
            base = _method_kwargs(getattr(obj, m))
            if base is None:
                continue
            def call(kw, m=m):
                return getattr(obj(**va.valid_kwargs(name)), m)(**kw)
            out.append((f"{name}.{m}", call, lambda m=m: _method_kwargs(getattr(obj, m))))
    return out


def run_junk(name: str, data) -> tuple[str, Outcome]:
    tlist = targets(name)
    qual, call, valid = tlist[data.draw(st.integers(0, len(tlist) - 1), label="target")]
    kw = valid()
    if not kw:
        return qual, outcome_of(qual, None, lambda: call(kw))
    param = data.draw(st.sampled_from(sorted(set(kw) - {"fn"})), label="param")
    kw[param] = data.draw(junk_like(kw[param], n=va.N, k=va.K), label=f"junk {param}")
    prefix = kw.get("fn", qual)  # validator helpers speak for the public caller named by ``fn``
    out = outcome_of(prefix, param, lambda: call(kw))
    if out.kind == "ok":
        reason = (_check_for(name)[1] if qual == name else check_finite)(kw, out.value)
        if reason:
            return qual, Outcome("silent", f"{param}={kw[param]!r:.120}: {reason}")
    return qual, out


def _bind(name: str, args: tuple) -> dict:
    return dict(inspect.signature(va.OBJECTS[name]).bind(*args).arguments)


def run_extreme(name: str, data) -> tuple[str, Outcome]:
    entry = ORACLE_A[name]
    kw = _bind(name, data.draw(entry.strategy(1, 8), label="instance"))
    if "scores" in kw and data.draw(st.booleans(), label="extreme scores"):
        kw["scores"] = data.draw(extreme_vectors(len(kw["scores"])), label="scores")
    if "y" in kw and data.draw(st.booleans(), label="extreme y"):
        y = np.asarray([float(e) for e in kw["y"]])
        y[data.draw(st.integers(0, y.size - 1))] += data.draw(st.sampled_from([1e8, 1e16, -1e16, 1e17, 1e300]))
        kw["y"] = y
    out = outcome_of(name, None, lambda: va.OBJECTS[name](**kw))
    if out.kind == "clear":  # valid input: an error is acceptable only if it names a real limit of the contract
        return name, out
    if out.kind == "ok":
        reason = _check_for(name)[1](kw, out.value) or _exact_route(name, kw, out.value)
        if reason:
            return name, Outcome("silent", f"{reason} on {kw!r:.300}")
    return name, out


def _exact_route(name: str, kw: dict, value: Any) -> str | None:
    """Recompute in exact mode (inputs converted exactly to Fractions) when the function has one."""
    if name in CHECKS:
        return None
    conv = {k: (frv(v) if isinstance(v, np.ndarray) and v.ndim == 1 and v.dtype.kind == "f" else
                (frv([v])[0] if isinstance(v, float) else v)) for k, v in kw.items()}
    try:
        exact = va.OBJECTS[name](**conv)
    except (ValueError, TypeError):
        return None
    a, b = _numbers(value), _numbers(exact)
    if len(a) != len(b) or not any(isinstance(e, type(frv([1])[0])) for e in b):
        return None
    worst = max((abs(float(x) - float(y)) / max(1.0, abs(float(y))) for x, y in zip(a, b)), default=0.0)
    return None if worst <= 1e-9 else f"float answer differs from the exact-mode answer by {worst:.3g} (relative)"


def _numbers(x: Any) -> list:
    if isinstance(x, np.ndarray):
        return list(x.ravel())
    if isinstance(x, (list, tuple)):
        return [e for v in x for e in _numbers(v)]
    return [x] if isinstance(x, (int, float, np.number)) or type(x).__name__ == "Fraction" else []


# ------------------------------------------------------------------------------------------------
# the tests
# ------------------------------------------------------------------------------------------------
from tests.fuzz.known_a import KNOWN  # noqa: E402  (name → {tier: the failing case}; xfail strict)

CALLABLE = [n for n in va.OBJECTS if kind_of(n) in ("function", "class")]


def _param(name: str, tier: str):
    case = KNOWN.get(name, {}).get(tier)
    marks = [pytest.mark.xfail(strict=True, reason=case)] if case else []
    return pytest.param(name, marks=marks, id=name)


def fuzz_name(name: str, tier: str, collect: list | None = None) -> None:
    n_cases = cases(name)[0 if tier == "junk" else 1]
    if not n_cases:
        return
    runner = run_junk if tier == "junk" else run_extreme
    known = collect is not None or tier in KNOWN.get(name, {})  # no shrinking where the failure is listed

    @settings(max_examples=n_cases, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck),
              phases=[Phase.explicit, Phase.generate] if known else list(Phase))
    @given(data=st.data())
    def body(data):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            qual, out = runner(name, data)
        if collect is not None:
            collect.append((qual, out))
            return
        assert out.kind in ("ok", "clear"), f"{qual}: {out.kind}: {out.detail}"

    body()


@pytest.mark.parametrize("name", [_param(n, "junk") for n in CALLABLE])
def test_fuzz_junk(name):
    fuzz_name(name, "junk")


@pytest.mark.parametrize("name", [_param(n, "extreme") for n in CALLABLE if n in ORACLE_A])
def test_fuzz_extreme(name):
    fuzz_name(name, "extreme")


def test_records_protocols_constants_exceptions():
    for name in va.OBJECTS:
        obj, kind = va.OBJECTS[name], kind_of(name)
        if kind == "exception":
            assert issubclass(obj, (ValueError, RuntimeError)), name
        elif kind == "constant":  # numbers, tuples/dicts of names, and typing aliases (Menu, Vector, …)
            assert check_finite({}, obj) is None, name
        elif kind == "record":
            kw = va.valid_kwargs(name)
            rec = obj(**kw)
            assert all(getattr(rec, k) is v for k, v in kw.items()), name
    assert isinstance(ap.random_scale_bounded_model(4, 0.5, 1.5, 0), ap.PreferenceModel)
    assert isinstance(ap.FixedMenuRecommender((0, 1)), ap.Recommender)


def census(names: list[str] | None = None) -> dict[tuple[str, str], list[tuple[str, Outcome]]]:
    """Every drawn case's outcome per (public name, tier), never failing: the before/after report."""
    out: dict[tuple[str, str], list[tuple[str, Outcome]]] = {}
    for name in names or CALLABLE:
        for tier in ("junk", "extreme"):
            got: list = []
            try:
                fuzz_name(name, tier, got)
            except Exception as exc:  # noqa: BLE001 (a harness failure on an old tree is counted, not raised)
                got.append((name, Outcome("harness", f"{type(exc).__name__}: {exc}")))
            if got:
                out[(name, tier)] = got
    return out


# ------------------------------------------------------------------------------------------------
# the shared validators of reference/_numerics.py (the coercion policy; pinned case by case in
# tests/test_coercion_policy.py): junk in every argument must be a clear error or a value of the right type
# ------------------------------------------------------------------------------------------------
from reference import _numerics as nm  # noqa: E402

NUMERICS: dict[str, tuple[Callable[..., Any], dict[str, Any], str]] = {
    "as_vector": (lambda x: nm.as_vector("fz", "x", x), {"x": [0.5, 0.5]}, "finite 1-d float64 array or Fractions"),
    "check_probability_vector": (lambda p: nm.check_probability_vector("fz", p), {"p": [0.5, 0.5]},
                                 "membership: entries ≥ 0 summing to 1 (float tolerance)"),
    "check_positive_vector": (lambda x: nm.check_positive_vector("fz", x, arg="x"), {"x": [0.5, 2.0]},
                              "membership: every entry > 0 and finite"),
    "check_k": (lambda k: nm.check_k("fz", k, 3), {"k": 2}, "an int in 1..n"),
    "check_menu": (lambda menu: nm.check_menu("fz", menu, 3), {"menu": (0, 2)}, "sorted tuple of distinct ints"),
    "check_same_length": (lambda a: nm.check_same_length("fz", a=a, b=[1, 2]), {"a": [1, 2]}, "the common length"),
    "check_real": (lambda x: nm.check_real("fz", "x", x, low=0), {"x": 0.5}, "the argument, finite and ≥ low"),
    "check_integer": (lambda x: nm.check_integer("fz", "x", x), {"x": 3}, "an int ≥ minimum"),
    "check_gamma": (lambda gamma: nm.check_gamma("fz", gamma), {"gamma": 0.5}, "γ ∈ (0, 1]"),
    "check_weight": (lambda weight: nm.check_weight("fz", weight), {"weight": 1.0}, "W ≥ 0"),
    "check_lam": (lambda lam: nm.check_lam("fz", lam), {"lam": 0.5}, "λ ∈ (0, 1]"),
    "rng_from": (lambda seed: nm.rng_from(seed, fn="fz"), {"seed": 3}, "a numpy Generator"),
    "uniform": (lambda n: nm.uniform(n), {"n": 3}, "the uniform vector of length n, summing to 1"),
    "is_rational_vector": (lambda x: nm.is_rational_vector(x), {"x": [1, 2]}, "a bool; never raises"),
    "exact_mode": (lambda x: nm.exact_mode(x), {"x": [1, 2]}, "a bool; never raises"),
    "to_fraction_vector": (lambda x: nm.to_fraction_vector(x), {"x": [1, 2]}, "round trip: Fractions equal to x"),
    "errors_as": (lambda fn: nm.errors_as(fn), {"fn": "fz"}, "a context manager renaming delegated errors"),
    "speaks_as": (lambda fn: nm.speaks_as(fn), {"fn": "fz"}, "a decorator renaming delegated errors"),
    "FLOAT_SUM_ATOL": (lambda: nm.FLOAT_SUM_ATOL, {}, "constant: a positive float"),
}
FUZZED.update({name: f"_numerics validator: {check}" for name, (_, _, check) in NUMERICS.items()})
PACKAGES = ("reference.adaptive_preferences", "reference._numerics")


@pytest.mark.parametrize("name", sorted(NUMERICS))
@settings(max_examples=25, deadline=None, database=None, derandomize=True)
@given(data=st.data())
def test_fuzz_numerics(name, data):
    call, valid, _ = NUMERICS[name]
    kw = dict(valid)
    if not kw:
        assert call() > 0
        return
    param = next(iter(kw))
    kw[param] = data.draw(junk_like(kw[param], n=2, k=1), label=param)
    prefix = name if name in ("uniform", "to_fraction_vector", "is_rational_vector", "exact_mode") else "fz"
    out = outcome_of(prefix, None, lambda: call(**kw))
    assert out.kind in ("ok", "clear"), f"{name}({param}={kw[param]!r}): {out.kind}: {out.detail}"
    if out.kind == "ok" and name not in ("is_rational_vector", "exact_mode", "errors_as", "speaks_as", "rng_from"):
        assert check_finite(kw, out.value) is None, f"{name}({param}={kw[param]!r}) returned {out.value!r}"
