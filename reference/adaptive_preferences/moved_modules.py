"""Module paths of paper A before the layout by paper section (0.2.0, issue 11) → where they went.

Importing an old path (``import reference.adaptive_preferences.dbg``) raises ``ModuleNotFoundError``
naming the new module, instead of a bare "No module named …": user code breaks loudly, with the fix in
the message. Every *name* the package exported is still exported (``reference.adaptive_preferences.X``);
only module paths moved. The full table is ``docs/CHANGELOG.md``.
"""

from __future__ import annotations

import importlib.abc
import sys

#: old module name (under ``reference.adaptive_preferences``) → its new module path(s) there.
MOVED = {
    "choice": "realizability.sec2_choice",
    "memory": "realizability.def1_memory",
    "menu_times": "realizability.lemma1_menu_times",
    "menu_dist": "realizability.lemma1_proof_menu_dist",
    "ird_lp": "realizability.ird_all_menus_lp",
    "models": "setting.def2_def3_models",
    "smoothed_simplex": "setting.def4_lemma2_smoothed_simplex",
    "eird": "setting.sec2_eird",
    "projections": "setting.projections",
    "simulator": "setting.sec2_simulator",
    "rewards": "setting.rewards",
    "regret": "setting.regret",
    "baselines": "setting.baselines",
    "ogd": "long_memory.lemma3_contracting_ogd",
    "dbg": "long_memory.thm1_dbg",
    "memory_horizon": "long_memory.lemma4_lemma5_memory_drift",
    "score_learning": "long_memory.sec3_score_learning",
    "targeting": "long_memory.alg2_eird_targeting",
    "theorem2": "long_memory.thm2_regret_bound",
    "scale_bounded_algorithm": "scale_bounded (split by item: Lemmas 6–8, burn-in, Algorithm 3, Theorem 3)",
    "hardness": "hardness.thm4_mis_reduction",
    "short_memory": "short_memory.thm6_lower_bound",
    "short_memory_algorithm": "short_memory (split by item: EXP-φ, Theorem 5)",
}

PACKAGE = "reference.adaptive_preferences"


class MovedModuleFinder(importlib.abc.MetaPathFinder):
    """A meta-path finder that answers only for the old module paths, by raising a helpful error."""

    def find_spec(self, fullname, path=None, target=None):
        prefix, _, name = fullname.rpartition(".")
        if prefix == PACKAGE and name in MOVED:
            raise ModuleNotFoundError(
                f"{fullname} moved to {PACKAGE}.{MOVED[name]} in 0.2.0 (layout by paper section); "
                f"the package-level names are unchanged (import {PACKAGE} as ap; ap.<name>). "
                f"See docs/CHANGELOG.md.", name=fullname)
        return None


def install() -> None:
    """Put the finder on ``sys.meta_path`` once."""
    if not any(isinstance(f, MovedModuleFinder) for f in sys.meta_path):
        sys.meta_path.append(MovedModuleFinder())
