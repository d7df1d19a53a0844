"""The library of all plans in the database (指标库), and the history a plan is reviewed with.

``current_library()`` builds a ``jixiao.core.library.Library`` from every stored plan (each with its
unit as "部门/单位", its budget year and its unit's sector) and the bureau's corrections, and keeps it
in the process until a plan or a correction changes. ``history_for(plan)`` is what the plan page
reviews a plan with: earlier years of its own unit, the common indicators of its sector.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db.models import Count, Max

from jixiao.core.library import Correction as CoreCorrection
from jixiao.core.library import History, Library, MarkCommon, Merge, PlanRecord, Split, build_library
from jixiao.web.accounts.models import Organisation
from jixiao.web.library.models import Correction, CorrectionKind
from jixiao.web.plans.convert import to_core
from jixiao.web.plans.models import Plan

_lock = threading.Lock()
_cached: tuple[Any, Library] | None = None


def organisation_label(unit: Organisation) -> str:
    """How the library names a unit: "株洲市工业和信息化局/机关" (a unit's name alone is not unique)."""
    return f"{unit.parent.name}/{unit.name}" if unit.parent is not None else unit.name


def corrections() -> list[CoreCorrection]:
    """The stored corrections as core corrections, oldest first."""
    made: list[CoreCorrection] = []
    for row in Correction.objects.all():
        if row.kind == CorrectionKind.MERGE:
            made.append(Merge(row.entry, row.other, row.reason))
        elif row.kind == CorrectionKind.SPLIT:
            made.append(Split(row.entry, row.name, row.reason))
        else:
            made.append(MarkCommon(row.entry, row.sector))
    return made


def _version() -> Any:
    plans = Plan.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    fixes = Correction.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (plans["n"], plans["at"], fixes["n"], fixes["last"])


def build_from_database() -> Library:
    """Every stored plan as library records, corrections applied (no cache)."""
    plans = Plan.objects.select_related("unit", "unit__parent").prefetch_related(
        "indicator_rows", "placeholder_rows"
    )
    records = [PlanRecord(to_core(p), p.year, organisation_label(p.unit), p.unit.sector) for p in plans]
    return build_library(records, corrections())


def current_library() -> Library:
    """The library, rebuilt only when a plan or a correction changed since it was built."""
    global _cached
    version = _version()
    with _lock:
        if _cached is None or _cached[0] != version:
            _cached = (version, build_from_database())
        return _cached[1]


def history_for(plan: Plan) -> History:
    """The history a stored plan is reviewed with: its unit's earlier years, its sector."""
    return History(current_library(), plan.year, organisation_label(plan.unit), plan.unit.sector or None)
