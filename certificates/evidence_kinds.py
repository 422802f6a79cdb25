"""What kind of evidence an instance gives, and how close to failing it is — so that reports never put a
yes/no check and a bound on one "slack" axis.

Kinds
-----
* ``bound`` — an inequality ``observed ≤ bound`` between two meaningful quantities (a regret and its bound,
  a norm and its constant). Its *relative slack* ``(bound − observed)/|bound|`` says how much of the bound is
  used: 0 = tight, 1 = observed is 0, < 0 = violated. When a certificate records only the slack (``observed``
  is 0 and ``bound`` is the margin it computed), the relative slack is not defined and only the slack is shown.
* ``tolerance`` — an equality ``|lhs − rhs| ≤ tol`` checked up to rounding: the tolerance is positive and
  at most ``TOLERANCE_MAX``. What it shows is the fraction of the tolerance used, ``observed/tol``.
* ``check`` — an exact yes/no check: the bound is 0 and ``observed`` is 0 when it holds (an exact residual in
  Fractions, a count of mismatches, a 0/1 flag, or the amount of a violation ``max(0, …)``). It holds or it
  fails; a holding check is never "tight".
* ``measurement`` — a figure the certificate records (``ctx.record``: a tightness ratio, a fitted slope) and
  does not check.

A certificate may declare the kind of an evidence (``Evidence(..., kind="tolerance")``); otherwise it is
inferred from the evidence by ``kind_of`` with the rules above (bound = 0 → check; 0 < bound ≤ 1e-6 →
tolerance; else bound).

Choosing the worst instance
---------------------------
``worst_key`` orders evidence from worst to best across kinds: violated instances first (most negative
``margin`` first), then the passing ones by ``margin`` — relative slack of a bound, unused fraction
``1 − observed/tol`` of a tolerance, 1 for a holding check — and on equal margins a bound before a tolerance
before a check. So the worst instance is the one closest to failing; a holding check is the worst only when
nothing else was checked, and then it is only an example (every holding check is as far from failing as
every other).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

__all__ = ["KINDS", "TOLERANCE_MAX", "kind_of", "margin", "worst_key", "relative_slack", "KindTally"]

#: Kind → what a reader should call it.
KINDS = {
    "bound": "bound with slack",
    "tolerance": "equality within a tolerance",
    "check": "exact yes/no check",
    "measurement": "recorded measurement (not checked)",
}
#: A positive bound at most this small is a numerical tolerance, not a mathematical bound.
TOLERANCE_MAX = 1e-6


def _float(x: Any) -> float:
    try:
        return float(Fraction(x)) if isinstance(x, str) and "/" in x else float(x)
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return math.nan


def kind_of(ev) -> str:
    """The evidence's declared kind, else the kind inferred from its bound (see the module docstring)."""
    declared = getattr(ev, "kind", None)
    if declared:
        if declared not in KINDS:
            raise ValueError(f"kind_of: an evidence kind must be one of {tuple(KINDS)}; got {declared!r}.")
        return declared
    bound = _float(ev.bound)
    if bound == 0:
        return "check"
    if 0 < bound <= TOLERANCE_MAX:
        return "tolerance"
    return "bound"


def relative_slack(observed: Any, bound: Any) -> float | None:
    """``(bound − observed)/|bound|`` of a bound: 1 = unused, 0 = tight, < 0 = violated; None when undefined
    (bound 0, a non-finite side, or a slack-only record with ``observed`` = 0)."""
    o, b = _float(observed), _float(bound)
    if not (math.isfinite(o) and math.isfinite(b)) or b == 0 or o == 0:
        return None
    return (b - o) / abs(b)


def margin(ev, kind: str | None = None) -> float:
    """How far the instance is from failing, comparable across kinds: ≥ 0 holds, < 0 fails, 1 = far."""
    kind = kind or kind_of(ev)
    slack = _float(ev.slack)
    sign = 1.0 if slack >= 0 else -1.0
    if kind == "check" or not math.isfinite(slack):
        return sign
    if kind == "tolerance":
        tol = _float(ev.bound)
        return slack / tol if tol > 0 else sign
    rel = relative_slack(ev.observed, ev.bound)
    if rel is None:  # slack only: on the edge when the slack is 0
        return 0.0 if slack == 0 else sign
    return rel


#: On equal margins the more informative kind is shown as the worst: a bound, then a tolerance, then a check.
_KIND_RANK = {kind: i for i, kind in enumerate(KINDS)}


def worst_key(ev, kind: str | None = None) -> tuple:
    """Sort key, smallest = worst: violated first, then by ``margin``, then bound < tolerance < check, then by
    the raw slack."""
    kind = kind or kind_of(ev)
    slack = _float(ev.slack)
    return (slack >= 0, margin(ev, kind), _KIND_RANK[kind], slack if not math.isnan(slack) else -math.inf)


class KindTally:
    """Counts, failures and the worst instance of each kind, as evidence streams past (see ``run_certificate``)."""

    def __init__(self) -> None:
        self._rows: dict[str, dict] = {}

    def add(self, ev) -> None:
        kind = kind_of(ev)
        key = worst_key(ev, kind)
        row = self._rows.setdefault(kind, {"count": 0, "failed": 0, "key": None, "worst": None})
        row["count"] += 1
        row["failed"] += int(_float(ev.slack) < 0)
        if row["key"] is None or key < row["key"]:
            row["key"], row["worst"] = key, ev

    def to_json(self) -> dict:
        """``{kind: {label, count, failed, margin, worst}}`` in the order of ``KINDS``; for a check that always
        held, ``worst`` is renamed ``example`` (the first one: no holding check is closer to failing)."""
        out = {}
        for kind in KINDS:
            row = self._rows.get(kind)
            if row is None:
                continue
            ev = row["worst"]
            entry = {"label": KINDS[kind], "count": row["count"], "failed": row["failed"],
                     "margin": row["key"][1]}
            if kind == "bound":
                entry["relative_slack"] = relative_slack(ev.observed, ev.bound)
            if kind == "tolerance":
                entry["fraction_of_tolerance_used"] = _float(ev.observed) / _float(ev.bound)
            entry["example" if kind == "check" and not row["failed"] else "worst"] = ev.to_json()
            out[kind] = entry
        return out
