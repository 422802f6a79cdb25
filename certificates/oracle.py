"""The oracle harness: compare your (fast) implementation with the reference on generated instances.

Command line::

    python -m certificates oracle menu_times mypkg.fast:menu_times --examples 500 --seed 0

In a test::

    from certificates.oracle import assert_matches_reference
    def test_my_menu_times():
        assert_matches_reference("menu_times", my_menu_times)

Hypothesis generates valid instances with the strategies of ``certificates.strategies`` (seeded:
the same seed gives the same instances), calls the reference and the candidate with the same
arguments, and compares them with the function's named comparison. On a mismatch Hypothesis
*shrinks* to a minimal differing instance, which is printed with both outputs (exit status 1).

Comparisons
-----------
* **exact** — when the reference returns Fractions (rational input) and the candidate does too,
  they must be equal. A candidate that returns floats on rational input is compared with the
  float tolerance instead (so a numpy implementation can be checked on exact instances too).
* **float** — ``max |ref − cand| ≤ atol + rtol·max(1, |ref|)`` with the function's named tolerance.
* **bool** (``in_ird``) — equal, except float instances within ``BOUNDARY_BAND`` of the boundary
  (|1 − max τ| ≤ 1e-9), where rounding decides and either answer is accepted.
* **induced distribution** (``menu_dist``, ``menu_dist_comb``) — the candidate's menus are validated
  (size k, distinct items, weights ≥ 0 summing to 1) and the distribution they induce,
  Σ_K μ_K q(K; v), must equal p (exactly on rational input). Menus themselves may differ.

Supported functions: see ``FUNCTIONS`` (``python -m certificates oracle --help``).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

import certificates.strategies as cs

__all__ = ["FUNCTIONS", "OracleSpec", "OracleMismatch", "compare_once", "assert_matches_reference", "main"]

#: Float tolerances, by name.
TOLERANCES = {
    "tight": (1e-12, 1e-12),  # (atol, rtol): rounding-level agreement
    "menu_times": (1e-12, 1e-9),
    "projection": (1e-9, 1e-9),
    "induced": (1e-9, 0.0),
}
#: in_ird on float instances: within this distance of the boundary either answer is accepted.
BOUNDARY_BAND = 1e-9


class OracleMismatch(AssertionError):
    """The candidate disagrees with the reference; ``instance`` holds the minimal differing input."""

    def __init__(self, message: str, instance: dict | None = None):
        super().__init__(message)
        self.instance = instance


def _ap(module: str):
    """The paper-A module ``reference.adaptive_preferences.<module>``, looked up at call time so that
    a mutant patching a module attribute is seen by the oracle too."""
    return importlib.import_module(f"reference.adaptive_preferences.{module}")


def _is_rational_seq(x) -> bool:
    try:
        return len(x) > 0 and all(isinstance(e, (int, Fraction)) and not isinstance(e, bool) for e in x)
    except TypeError:
        return False


def _to_float_array(x, what: str):
    try:
        arr = np.asarray([float(e) for e in x], dtype=float)
    except (TypeError, ValueError):
        raise OracleMismatch(f"the candidate's {what} is not a sequence of numbers: {x!r}") from None
    return arr


def _compare_vectors(ref, cand, tol_name: str, what: str = "output"):
    """None if equal under the rule; else a sentence saying how they differ."""
    if cand is None or not hasattr(cand, "__len__"):
        return f"the candidate's {what} is not a vector: {cand!r}"
    if len(cand) != len(ref):
        return f"the candidate's {what} has length {len(cand)}, the reference's {len(ref)}"
    if _is_rational_seq(ref) and _is_rational_seq(cand):
        bad = [i for i, (a, b) in enumerate(zip(ref, cand)) if Fraction(a) != Fraction(b)]
        return None if not bad else (f"exact {what}s differ at entries {bad[:5]}: reference "
                                     f"{[str(ref[i]) for i in bad[:3]]}, candidate {[str(cand[i]) for i in bad[:3]]}")
    atol, rtol = TOLERANCES[tol_name]
    r = _to_float_array(ref, what)
    c = _to_float_array(cand, what)
    if not np.all(np.isfinite(c)):
        return f"the candidate's {what} has non-finite entries: {c}"
    err = np.abs(r - c)
    allowed = atol + rtol * np.maximum(1.0, np.abs(r))
    if np.all(err <= allowed):
        return None
    i = int(np.argmax(err - allowed))
    return (f"{what}s differ by {err[i]:.3e} at entry {i} (allowed {allowed[i]:.1e}, tolerance '{tol_name}'): "
            f"reference {float(r[i])!r}, candidate {float(c[i])!r}")


def _compare_scalar(ref, cand, tol_name):
    return _compare_vectors([ref], [cand] if not hasattr(cand, "__len__") else cand, tol_name, "value")


# --------------------------------------------------------------------------------------------
# comparisons per function
# --------------------------------------------------------------------------------------------
def _cmp_vector(tol_name):
    def cmp(args, ref, cand):
        return _compare_vectors(ref, cand, tol_name)
    return cmp


def _cmp_in_ird(args, ref, cand):
    if not isinstance(cand, (bool, np.bool_)):
        return f"the candidate returned {cand!r}, not a bool"
    if bool(cand) == bool(ref):
        return None
    p, scores, k = args
    if not (_is_rational_seq(p) and _is_rational_seq(scores)):
        margin = float(_ap("realizability.lemma1_menu_times").ird_margin(p, scores, k))
        if abs(margin) <= BOUNDARY_BAND:
            return None  # on the boundary in floats: rounding decides
    return f"membership differs: reference {bool(ref)}, candidate {bool(cand)}"


def _cmp_scalar(tol_name):
    def cmp(args, ref, cand):
        return _compare_scalar(ref, cand, tol_name)
    return cmp


def _cmp_memory_update(args, ref, cand):
    if not (isinstance(cand, (tuple, list)) and len(cand) == 2):
        return f"the candidate must return (memory, weight); got {cand!r}"
    return _compare_vectors(ref[0], cand[0], "tight", "memory") or _compare_scalar(ref[1], cand[1], "tight")


def _cmp_induced(args, ref, cand):
    p, scores, k = args
    choice = _ap("realizability.sec2_choice")
    exact = _is_rational_seq(p) and _is_rational_seq(scores)
    try:
        pairs = list(cand)
        cand_exact = exact and all(isinstance(w, (int, Fraction)) for _, w in pairs)
        checked = choice.check_menu_distribution("oracle", pairs, len(p), k, exact=cand_exact)
    except (ValueError, TypeError) as exc:
        return f"the candidate's menu distribution is invalid: {exc}"
    induced = choice.mixture_choice_distribution(checked, scores if cand_exact else [float(s) for s in scores], k)
    return _compare_vectors(p, induced, "induced", "induced distribution")


# --------------------------------------------------------------------------------------------
# instance strategies per function (each returns the positional arguments as a tuple)
# --------------------------------------------------------------------------------------------
@st.composite
def _menu_and_scores(draw):
    n, k = draw(cs.sizes(1, 8))
    return draw(cs.menus(n, k)), draw(cs.score_vectors(n))


@st.composite
def _p_scores_k(draw):
    return draw(st.one_of(cs.ird_points(), cs.any_points()))


@st.composite
def _ird_instance(draw):
    return draw(cs.ird_points())


@st.composite
def _memory_update_instance(draw):
    n = draw(st.integers(1, 8))
    exact = draw(st.booleans())
    v = draw(cs.memory_vectors(n, exact=exact))
    chosen = draw(st.integers(0, n - 1))
    if exact:
        gamma = Fraction(draw(st.integers(1, 10)), 10)
        weight = Fraction(draw(st.integers(0, 20)), draw(st.integers(1, 5)))
    else:
        gamma = draw(st.sampled_from([0.1, 0.5, 0.9, 0.99, 1.0]))
        weight = draw(st.floats(0, 100))
    return v, chosen, gamma, weight


@st.composite
def _box_instance(draw):
    return draw(cs.box_simplex_instances())


@st.composite
def _credit_instance(draw):
    n, k = draw(cs.sizes(1, 7))
    exact = draw(st.booleans())
    return draw(cs.menu_distributions(n, k, exact=exact)), draw(cs.score_vectors(n, exact=exact)), k


@dataclass(frozen=True)
class OracleSpec:
    """How to check one function: the reference (module, attribute), instances, comparison."""

    module: str
    attr: str
    strategy: Callable[[], Any]
    compare: Callable[[tuple, Any, Any], str | None]
    rule: str

    def reference(self) -> Callable:
        return getattr(_ap(self.module), self.attr)


FUNCTIONS: dict[str, OracleSpec] = {
    "choice_distribution": OracleSpec(
        "realizability.sec2_choice", "choice_distribution", _menu_and_scores, _cmp_vector("tight"),
        "exact / tight float (1e-12)"),
    "menu_times": OracleSpec(
        "realizability.lemma1_menu_times", "menu_times", _p_scores_k, _cmp_vector("menu_times"),
        "exact / float rtol 1e-9"),
    "in_ird": OracleSpec(
        "realizability.lemma1_menu_times", "in_ird", _p_scores_k, _cmp_in_ird,
        f"equal bools (float instances within {BOUNDARY_BAND} of the boundary: either)"),
    "ird_margin": OracleSpec(
        "realizability.lemma1_menu_times", "ird_margin", _p_scores_k, _cmp_scalar("menu_times"),
        "exact / float rtol 1e-9"),
    "discounted_memory_update": OracleSpec(
        "realizability.def1_memory", "discounted_memory_update", _memory_update_instance,
        _cmp_memory_update, "exact / tight float, both memory and weight"),
    "project_onto_box_simplex": OracleSpec(
        "setting.projections", "project_onto_box_simplex", _box_instance,
        _cmp_vector("projection"), "exact / float 1e-9"),
    "menu_dist": OracleSpec(
        "realizability.lemma1_proof_menu_dist", "menu_dist", _ird_instance, _cmp_induced,
        "valid menu distribution inducing p (exact / 1e-9)"),
    "menu_dist_comb": OracleSpec(
        "realizability.lemma1_proof_menu_dist", "menu_dist_comb", _ird_instance, _cmp_induced,
        "valid menu distribution inducing p (exact / 1e-9)"),
    "credit_menu_times": OracleSpec(
        "realizability.lemma1_proof_menu_dist", "credit_menu_times", _credit_instance, _cmp_vector("menu_times"),
        "exact / float rtol 1e-9"),
}


def _describe(x):
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, Fraction):
        return str(x)
    if isinstance(x, (list, tuple)):
        return type(x)(_describe(e) for e in x)
    return x


def compare_once(function: str, candidate: Callable, args: tuple) -> str | None:
    """Run reference and candidate on ``args``; None if they agree, else a sentence. Reference
    errors mean the instance is outside the function's domain (never generated by our strategies)."""
    spec = FUNCTIONS[function]
    ref = spec.reference()(*args)
    try:
        cand = candidate(*args)
    except Exception as exc:  # the candidate crashing on a valid instance is a mismatch
        return f"the candidate raised {type(exc).__name__}: {exc}"
    return spec.compare(args, ref, cand)


def assert_matches_reference(function: str, candidate: Callable, *, examples: int = 200, seed: int = 0,
                             derandomize: bool = False):
    """Raise ``OracleMismatch`` (an AssertionError) with the minimal differing instance, else return
    a summary dict. ``function`` is a key of ``FUNCTIONS``; ``candidate`` takes the reference's arguments."""
    if function not in FUNCTIONS:
        raise ValueError(f"assert_matches_reference: function must be one of {sorted(FUNCTIONS)}; got {function!r}.")
    if not callable(candidate):
        raise ValueError(f"assert_matches_reference: candidate must be callable; got {candidate!r}.")
    if isinstance(examples, bool) or not isinstance(examples, int) or examples < 1:
        raise ValueError(f"assert_matches_reference: examples must be a positive integer; got {examples!r}.")
    spec = FUNCTIONS[function]
    last_failure: dict = {}
    count = {"n": 0}

    @hypothesis_seed(seed)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=derandomize,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(spec.strategy())
    def check(args):
        count["n"] += 1
        message = compare_once(function, candidate, args)
        if message is not None:
            last_failure.clear()
            last_failure.update({"args": args, "message": message})
            raise OracleMismatch(message)

    try:
        check()
    except OracleMismatch:
        args = last_failure["args"]  # Hypothesis replays the shrunk (minimal) example last
        ref = spec.reference()(*args)
        try:
            cand = candidate(*args)
        except Exception as exc:
            cand = f"<raised {type(exc).__name__}: {exc}>"
        instance = {"function": function, "arguments": _describe(args), "reference": _describe(ref),
                    "candidate": _describe(cand), "difference": last_failure["message"], "rule": spec.rule,
                    "seed": seed}
        lines = [f"oracle: the candidate for {function} disagrees with the reference (seed {seed}).",
                 "Minimal differing instance (shrunk by Hypothesis):"]
        lines += [f"  {key}: {value}" for key, value in instance.items()]
        raise OracleMismatch("\n".join(lines), instance) from None
    return {"function": function, "examples": count["n"], "seed": seed, "rule": spec.rule, "passed": True}


def _load_candidate(path: str) -> Callable:
    if ":" not in path:
        raise ValueError(f"oracle: the candidate must be given as module:attribute (e.g. mypkg.fast:menu_times); "
                         f"got {path!r}.")
    module_name, attr = path.split(":", 1)
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))  # let users point at modules in the current directory
    module = importlib.import_module(module_name)
    obj = module
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def main(args, console) -> int:
    """CLI entry (``python -m certificates oracle FUNCTION CANDIDATE``): 0 if they agree, 1 if not."""
    if args.function not in FUNCTIONS:
        console.print(f"[red]oracle: unknown function {args.function!r}.[/] Supported: {', '.join(sorted(FUNCTIONS))}")
        return 2
    try:
        candidate = _load_candidate(args.candidate)
    except (ValueError, ImportError, AttributeError) as exc:
        console.print(f"[red]oracle: cannot load the candidate {args.candidate!r}: {exc}[/]")
        return 2
    spec = FUNCTIONS[args.function]
    console.print(f"oracle: {args.function} — reference {spec.module}.{spec.attr} vs {args.candidate}; "
                  f"{args.examples} examples, seed {args.seed}; rule: {spec.rule}")
    try:
        summary = assert_matches_reference(args.function, candidate, examples=args.examples, seed=args.seed)
    except OracleMismatch as exc:
        console.print("[red]MISMATCH[/]")
        console.print(str(exc), markup=False, highlight=False)
        return 1
    console.print(f"[green]agree[/] on {summary['examples']} generated instances.")
    return 0
