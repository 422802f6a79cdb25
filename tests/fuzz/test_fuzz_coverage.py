"""One registry of public callables: every name in every ``__all__`` under ``reference/`` and ``engines/``, and every
oracle entry, must have a fuzz entry.

Each ``tests/fuzz/test_fuzz_*.py`` module exposes ``FUZZED: dict[str, str]`` (public name → the independent check
its fuzz uses) and, optionally, ``PACKAGES: tuple[str, ...]`` — the packages whose ``__all__`` names it covers
(without ``PACKAGES`` its names count for every package). A new public function without a fuzz entry, or a new
oracle entry without one, fails here with the missing names listed per package.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

FUZZ_DIR = Path(__file__).resolve().parent
ROOTS = ("reference", "engines")
#: Oracle papers → the package their names live in.
PAPER_PACKAGE = {"A": "reference.adaptive_preferences", "B": "reference.embedding_routing"}


IMPORT_ERRORS: dict[str, str] = {}


def fuzz_modules() -> dict[str, object]:
    """Every fuzz module that imports (an import error is reported by test_every_fuzz_module_declares_fuzzed)."""
    mods = {}
    for path in sorted(FUZZ_DIR.glob("test_fuzz_*.py")):
        if path.stem == "test_fuzz_coverage":
            continue
        try:
            mods[path.stem] = importlib.import_module(f"tests.fuzz.{path.stem}")
        except ImportError as exc:
            IMPORT_ERRORS[path.stem] = f"{type(exc).__name__}: {exc}"
    return mods


def public_names() -> dict[str, set[str]]:
    """Module name → the names of its ``__all__``, for every module under ``reference/`` and ``engines/``."""
    out: dict[str, set[str]] = {}
    for root in ROOTS:
        try:
            pkg = importlib.import_module(root)
        except ModuleNotFoundError:
            continue
        modules = [pkg.__name__] + [m.name for m in pkgutil.walk_packages(pkg.__path__, prefix=f"{root}.")]
        for name in modules:
            if name.endswith("moved_modules"):
                continue  # raises on import by design (old module paths)
            module = importlib.import_module(name)
            names = getattr(module, "__all__", None)
            if names:
                out[name] = set(names)
    return out


def _applies(mod: object, module: str) -> bool:
    packages = getattr(mod, "PACKAGES", None)
    return packages is None or any(module == p or module.startswith(p + ".") for p in packages)


def _key_covers(key: str, module: str, name: str) -> bool:
    """A FUZZED key is the plain public name, or qualified by a module/package that exports it."""
    if key == name:
        return True
    prefix, _, last = key.rpartition(".")
    return last == name and bool(prefix) and (module == prefix or module.startswith(prefix + ".")
                                              or prefix.startswith(module + "."))


def covered(module: str, mods: dict[str, object], name: str) -> bool:
    """Whether a fuzz module covering ``module`` has a FUZZED entry for ``name``."""
    return any(_key_covers(key, module, name) for mod in mods.values() if _applies(mod, module)
               for key in getattr(mod, "FUZZED", {}))


def test_every_fuzz_module_declares_fuzzed():
    mods = fuzz_modules()
    assert not IMPORT_ERRORS, f"fuzz modules that do not import: {IMPORT_ERRORS}"
    assert mods, "no tests/fuzz/test_fuzz_*.py module found"
    bad = [stem for stem, mod in mods.items()
           if not isinstance(getattr(mod, "FUZZED", None), dict)
           or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in mod.FUZZED.items())]
    assert not bad, f"these fuzz modules lack FUZZED: dict[str, str] with a non-empty check per name: {bad}"


def test_every_public_name_is_fuzzed():
    mods = fuzz_modules()
    missing = {module: sorted(n for n in names if not covered(module, mods, n))
               for module, names in public_names().items()}
    missing = {m: names for m, names in missing.items() if names}
    report = "\n".join(f"  {m}: {', '.join(names)}" for m, names in sorted(missing.items()))
    assert not missing, ("public names without a fuzz entry (add them to FUZZED of a tests/fuzz/test_fuzz_*.py "
                         f"module covering the package):\n{report}")


def test_every_oracle_function_is_fuzzed():
    from certificates.oracle import ALGORITHMS, FUNCTIONS  # noqa: PLC0415

    mods = fuzz_modules()
    missing = []
    for registry in (FUNCTIONS, ALGORITHMS):
        for name, entry in registry.items():
            package = PAPER_PACKAGE[entry.paper]
            plain = name.split(".", 1)[1] if name[:2] in ("A.", "B.") else name
            if not covered(package, mods, plain):
                missing.append(f"{name} (paper {entry.paper}, {entry.module})")
    assert not missing, "oracle entries without a fuzz entry:\n  " + "\n  ".join(sorted(missing))


@pytest.mark.parametrize("stem", sorted(p.stem for p in FUZZ_DIR.glob("test_fuzz_*.py")
                                         if p.stem != "test_fuzz_coverage"))
def test_fuzzed_names_exist(stem):
    """No stale entries: every FUZZED key is a public name of a package its module covers."""
    mod = fuzz_modules().get(stem)
    assert mod is not None, f"{stem} does not import: {IMPORT_ERRORS.get(stem)}"
    exported = [(m, n) for m, names in public_names().items() if _applies(mod, m) for n in names]
    stale = sorted(k for k in mod.FUZZED if not any(_key_covers(k, m, n) for m, n in exported))
    assert not stale, f"{stem}: FUZZED names that no __all__ exports (renamed or removed?): {stale}"
