"""The library of all plans in the database (指标库), and the history a plan is reviewed with.

``current_library()`` builds a ``jixiao.core.library.Library`` from every stored plan (each with its
unit as "部门/单位", its budget year and its unit's sector) and the bureau's corrections, and keeps it
in the process. Each call asks the database one cheap question — how many plans, the sum of their
revisions, the highest id, the last save: every save raises a plan's revision — and when the answer
changed, it refiles only the plans whose revision (or time of last save) changed (``Library.replace``), so a save costs the next request
milliseconds, not a rebuild of the whole library. A changed correction rebuilds it. (A unit renamed or
given another sector reaches the library with the next save of its plans or the next rebuild.)
``history_for(plan)`` is what the plan page reviews a plan with: earlier years of its own unit, the
common indicators of its sector.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Sum

from jixiao.core.library import Correction as CoreCorrection
from jixiao.core.library import History, Library, MarkCommon, Merge, PlanRecord, Split, build_library
from jixiao.web.accounts.models import Organisation
from jixiao.web.library.models import Correction, CorrectionKind
from jixiao.web.plans.convert import to_core
from jixiao.web.plans.models import Plan

_lock = threading.Lock()


@dataclass
class _Kept:
    """The library this process keeps, and what it was built from."""

    plans: Any  # the plans' signature (count, sum of revisions, highest id, last save)
    corrections: Any  # the corrections' signature (count, highest id)
    revisions: dict[int, Any]  # plan id → (revision, last save) filed
    library: Library


_kept: _Kept | None = None


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


def _plans_signature() -> Any:
    plans = Plan.objects.aggregate(
        n=Count("pk"), revisions=Sum("revision"), last=Max("pk"), saved=Max("updated_at")
    )
    return (plans["n"], plans["revisions"], plans["last"], plans["saved"])


def _revisions() -> dict[int, Any]:
    """Each plan's (revision, last save): the time tells a plan apart from an earlier one that had
    its id (a test's rolled-back database gives ids again)."""
    return {
        pk: (revision, saved)
        for pk, revision, saved in Plan.objects.values_list("pk", "revision", "updated_at")
    }


def _corrections_signature() -> Any:
    fixes = Correction.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (fixes["n"], fixes["last"])


def _records(plans: Iterable[Plan]) -> Iterator[PlanRecord]:
    """The stored plans as library records, read as they are filed."""
    for p in plans:
        yield PlanRecord(to_core(p), p.year, organisation_label(p.unit), p.unit.sector, p.pk)


def _stored_plans() -> Any:
    return Plan.objects.select_related("unit", "unit__parent").prefetch_related(
        "indicator_rows", "placeholder_rows"
    )


def build_from_database() -> Library:
    """Every stored plan as library records, corrections applied (no cache)."""
    return build_library(_records(_stored_plans()), corrections())


def current_library() -> Library:
    """The library of every stored plan, kept in the process and brought up to date plan by plan."""
    global _kept
    plans, fixes = _plans_signature(), _corrections_signature()
    with _lock:
        kept = _kept
        if kept is None or kept.corrections != fixes:
            revisions = _revisions()
            kept = _Kept(plans, fixes, revisions, build_from_database())
        elif kept.plans != plans:
            revisions = _revisions()
            changed = [pk for pk, revision in revisions.items() if kept.revisions.get(pk) != revision]
            for pk in kept.revisions.keys() - revisions.keys():
                kept.library.replace(pk, [])
            for record in _records(_stored_plans().filter(pk__in=changed)):
                kept.library.replace(record.source, [record])
            kept = _Kept(plans, fixes, revisions, kept.library)
        _kept = kept
        return kept.library


def history_for(plan: Plan) -> History:
    """The history a stored plan is reviewed with: its unit's earlier years, its sector."""
    return History(current_library(), plan.year, organisation_label(plan.unit), plan.unit.sector or None)
