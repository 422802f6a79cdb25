"""pytest plugin of the oracle (installed with the package: entry point ``paper_oracle``).

Options: ``--oracle-examples N``, ``--oracle-max-size N``, ``--oracle-seed S``, ``--oracle-rounds T`` set the
defaults of the ``oracle`` fixture, so one test file checks at the size the command line asks for::

    def test_fast_menu_times(oracle):
        oracle.function("menu_times", my_menu_times)          # raises OracleMismatch with a report
    def test_fast_hpg(oracle):
        oracle.algorithm("HPG", MyHPG)
"""

from __future__ import annotations

from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("oracle", "the reference oracle (certificates.oracle)")
    group.addoption("--oracle-examples", type=int, default=None, help="instances per function (default 200)")
    group.addoption("--oracle-max-size", type=int, default=None, help="largest n (paper A) / d (paper B)")
    group.addoption("--oracle-seed", type=int, default=None, help="seed of the generated instances (default 0)")
    group.addoption("--oracle-rounds", type=int, default=None, help="rounds per algorithm trajectory")


class OracleFixture:
    """``function(name, candidate, **options)`` and ``algorithm(name, candidate_cls, **options)``; options
    not given fall back to the command line's ``--oracle-*`` values, then to the oracle's defaults."""

    def __init__(self, defaults: dict[str, Any]):
        self.defaults = {k: v for k, v in defaults.items() if v is not None}

    def function(self, name: str, candidate: Any, **options: Any) -> dict:
        __tracebackhide__ = True
        from certificates.oracle import assert_matches_reference  # noqa: PLC0415

        keys = ("examples", "max_size", "seed")
        return assert_matches_reference(name, candidate, **{**{k: self.defaults[k] for k in keys
                                                               if k in self.defaults}, **options})

    def algorithm(self, name: str, candidate: Any, **options: Any) -> dict:
        __tracebackhide__ = True
        from certificates.oracle import assert_trajectory_matches  # noqa: PLC0415

        keys = ("rounds", "max_size", "seed")
        return assert_trajectory_matches(name, candidate, **{**{k: self.defaults[k] for k in keys
                                                                if k in self.defaults}, **options})


@pytest.fixture
def oracle(request: pytest.FixtureRequest) -> OracleFixture:
    """The reference oracle, with the ``--oracle-*`` command-line options as defaults."""
    get = request.config.getoption
    return OracleFixture({"examples": get("--oracle-examples"), "max_size": get("--oracle-max-size"),
                          "seed": get("--oracle-seed"), "rounds": get("--oracle-rounds")})
