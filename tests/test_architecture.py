"""The architecture of issue 11, checked: layout limits, no shadowed modules, no private imports
across modules, lazy solvers, nothing outside the repository cited, the public names of before kept.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import check_layout  # noqa: E402

#: Every name ``reference.adaptive_preferences`` exported before the move into folders (issue 11).
PAPER_A_NAMES_BEFORE = [
    "all_menus", "choice_distribution", "mixture_choice_distribution", "discounted_memory_update",
    "effective_horizon", "memory_from_history", "memory_l1_drift_bound", "memory_step_size", "in_ird",
    "ird_margin", "menu_times", "credit_menu_times", "menu_dist", "menu_dist_comb", "menu_dist_stages",
    "LPSolverError", "in_ird_lp", "ird_lp_residual", "ird_witness_lp", "best_in_eird_box", "best_in_eird_v",
    "box_corner_scores", "eird_box_cap", "in_eird_box", "in_eird_v", "in_eird_v_lp", "uniform_in_eird_box",
    "ConstantModel", "PreferenceModel", "LinearScaleModel", "ScaleBoundedModel", "SigmoidModel",
    "empirical_lipschitz_ratio", "extreme_scale_bounded_model", "random_scale_bounded_model",
    "random_smooth_model", "in_smoothed_simplex", "is_scale_bounded_at", "lemma2_conclusion_at",
    "lemma2_condition", "lemma2_menu_time_bound", "lemma2_min_phi", "lemma2_worst_menu_time",
    "scale_bounded_margin", "smooth_point", "smoothed_simplex_vertices", "Agent", "Recommender", "Trajectory",
    "run_interaction", "replicate_interaction", "sample_menu", "alternating_blocks_rewards", "check_rewards",
    "drifting_best_rewards", "iid_rewards", "piecewise_stationary_rewards", "random_adversary",
    "best_in_box_simplex", "best_in_target", "monte_carlo", "BoxSchedule", "FloorSchedule", "contracting_ogd",
    "DeferredBanditGradient", "dbg_calibrated_eta", "dbg_regret_bound", "run_dbg", "BanditOGD", "Exp3",
    "Exp3MenuRecommender", "FixedMenuRecommender", "ItemBanditRecommender", "project_onto_box_simplex",
    "project_onto_capped_simplex", "project_onto_eird_box", "project_onto_simplex",
    "project_onto_smoothed_simplex", "projection_kkt_residual", "HardnessModel", "best_reward_for_set_size",
    "is_self_realizable", "ShortMemoryLowerBoundModel", "decode_recent_history", "encode_history", "BurnIn",
    "ScaleBoundedOGD", "lemma6_expected_choice", "lemma7_estimate", "lemma8_targeting_error_bound",
    "theorem3_regret_bound", "theorem3_apriori_bound", "ExpPhi", "theorem5_regret_bound",
    "theorem5_k2_regret_bound", "theorem5_general_condition", "theorem5_general_regret_bound",
    "memory_drift_bound", "rounds_within_drift", "ScoreQuery", "log_spread", "reference_design",
    "score_accuracy_bound", "Algorithm2", "Algorithm2Parameters", "DecisionSet", "pull_into_ird",
    "targeting_error_bound", "targeting_menu_distribution", "practical_parameters", "rate_exponent",
    "theorem2_regret_bound", "theory_parameters"
]
#: Every name ``reference.embedding_routing`` exported before issue 11.
PAPER_B_NAMES_BEFORE = [
    "bounds", "environment", "hpg", "hypentropy", "policies", "regret", "hpg_headline_bound",
    "hpg_linearized_regret_bound", "hpg_tuned_parameters", "omd_pathwise_bound", "RoutingInstance",
    "low_rank_expert_instance", "make_features", "make_queries", "never_repeating_instance", "planted_instance",
    "HPG", "EuclideanPolicyGradient", "Exp3", "LogLinearPolicyGradient", "ParameterFreeHPG", "run_learner",
    "bregman_divergence", "bregman_project_nuclear_ball", "inverse_mirror_map", "mirror_map", "exact_gradient",
    "log_quadratic_policy", "reinforce_gradient", "actual_policy_regret", "class_gap_table", "linearized_regret"
]


def _python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def test_files_and_functions_within_layout_limits():
    big_files, big_functions = check_layout.offenders([str(ROOT / "reference"), str(ROOT / "certificates")])
    assert not big_files, f"files over {check_layout.MAX_FILE_LINES} lines: {big_files}"
    assert not big_functions, f"functions over {check_layout.MAX_FUNCTION_CODE_LINES} code lines: {big_functions}"


def _packages():
    for top in ("reference", "certificates"):
        pkg = importlib.import_module(top)
        yield pkg
        for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{top}."):
            if info.ispkg:
                yield importlib.import_module(info.name)


def test_no_module_is_shadowed_by_a_package_attribute():
    """``import a.b.c as x`` must give the module c (mutant targets and readers rely on it)."""
    shadowed = []
    for pkg in _packages():
        for info in pkgutil.iter_modules(pkg.__path__):
            module = importlib.import_module(f"{pkg.__name__}.{info.name}")
            if getattr(pkg, info.name) is not module:
                shadowed.append(f"{pkg.__name__}.{info.name}")
    assert not shadowed, f"package attributes shadowing a submodule: {shadowed}"


def test_no_private_name_imported_from_another_module():
    """No private helper crosses a module boundary; the one exception is the tests of the validators
    themselves, which import the module ``reference._numerics`` (whose functions are public in its ``__all__``)."""
    offenders = []
    for path in _python_files("reference", "certificates", "tests", "benchmarks", "engines", "routing_real"):
        in_tests = path.is_relative_to(ROOT / "tests")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("reference", "certificates")):
                offenders += [f"{path.relative_to(ROOT)}: from {node.module} import {a.name}"
                              for a in node.names if a.name.startswith("_")
                              and not (in_tests and node.module == "reference" and a.name == "_numerics")]
    assert not offenders, "private helpers imported across modules:\n" + "\n".join(offenders)


def test_no_import_module_workarounds():
    """Dynamic imports only where they are the point: loading certificate modules, mutant targets and
    users' candidates by name (registry, oracle)."""
    allowed = {ROOT / "certificates" / "registry.py", ROOT / "certificates" / "oracle" / "core.py",
               ROOT / "certificates" / "oracle" / "__init__.py", Path(__file__).resolve(),
               # the fuzz suite's registry of public callables walks every module's __all__ by name
               ROOT / "tests" / "fuzz" / "census_a.py", ROOT / "tests" / "fuzz" / "test_fuzz_coverage.py",
               ROOT / "tests" / "fuzz" / "valid_a.py"}
    offenders = [str(p.relative_to(ROOT)) for p in _python_files("reference", "certificates", "tests", "benchmarks")
                 if p not in allowed and "import_module(" in p.read_text()]
    assert not offenders, f"importlib.import_module outside the registry/oracle: {offenders}"


def test_repository_cites_no_file_outside_itself():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    offenders = []
    for name in tracked:
        if not name.endswith((".py", ".md", ".toml", ".cfg", ".txt", ".in")) or name == "tests/test_architecture.py":
            continue
        text = (ROOT / name).read_text()
        offenders += [f"{name}: {needle}" for needle in ("shared/seeds", "shared/spec", "../shared") if needle in text]
    assert not offenders, f"references to files outside the repository: {offenders}"


def test_importing_the_reference_loads_no_solver_or_audit_dependency():
    code = ("import sys, reference.adaptive_preferences, reference.embedding_routing; "
            "print(' '.join(m for m in ('cvxpy', 'matplotlib', 'rich', 'hypothesis', 'networkx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "", f"importing the reference imported: {out.strip()}"


@pytest.mark.parametrize(("package", "names"), [
    ("reference.adaptive_preferences", PAPER_A_NAMES_BEFORE),
    ("reference.embedding_routing", PAPER_B_NAMES_BEFORE),
])
def test_every_name_exported_before_is_still_exported(package, names):
    pkg = importlib.import_module(package)
    missing = [n for n in names if not hasattr(pkg, n)]
    assert not missing, f"{package} no longer exports {missing} (see docs/CHANGELOG.md)"


def test_every_findings_link_names_a_heading_of_docs_findings():
    """Docstrings cite the research log as ``Findings: docs/findings.md, "<heading>"``; the heading must exist."""
    import re

    headings = {" ".join(h.split()) for h in re.findall(r"^#+ (.+)$", (ROOT / "docs" / "findings.md").read_text(),
                                                       flags=re.M)}
    broken = []
    for path in _python_files("reference", "certificates"):
        text = path.read_text()
        for match in re.finditer(r'docs/findings\.md,\s*"([^"]+)"', text):
            cited = " ".join(match.group(1).split())
            if cited not in headings:
                broken.append(f"{path.relative_to(ROOT)}: {cited!r}")
    assert not broken, "findings links without a heading in docs/findings.md:\n" + "\n".join(broken)


def test_package_docstring_lists_every_module_in_reading_order():
    import reference.adaptive_preferences as ap

    modules = [p.stem for p in (ROOT / "reference" / "adaptive_preferences").rglob("*.py") if p.stem != "__init__"]
    missing = [m for m in modules if f"``{m}``" not in (ap.__doc__ or "")]
    assert not missing, f"modules missing from the package docstring's reading order: {missing}"
