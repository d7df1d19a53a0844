"""A plan's versions (版本): the list (who began each, when, why, when it was approved), two versions side
by side with the differences marked, and the same side by side as .xlsx.

Version 1 is the plan as first declared; each adjustment (调整) begins the next. An approved version's
content is the one kept at its approval (``PlanVersion.content``); the version being prepared is the
plan as it is now (``timeline.version_plan``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.core.model import Indicator
from jixiao.core.workflow import SideRow, side_by_side
from jixiao.documents.writers.versions_xlsx import SIDE_FIELDS, difference, side_values, versions_xlsx
from jixiao.web.accounts.permissions import get_plan_for_user
from jixiao.web.plans.models import Plan
from jixiao.web.workflow.models import PlanVersion
from jixiao.web.workflow.notes import status_of
from jixiao.web.workflow.timeline import version_diff, version_plan, version_unknown
from jixiao.web.workflow.views import _xlsx


@dataclass(frozen=True, slots=True)
class Version:
    """One version as the list shows it: its number, its record (``None`` for a version 1 never
    approved) and whether it is the one being prepared now."""

    number: int
    record: PlanVersion | None
    current: bool

    @property
    def label(self) -> str:
        return f"第{self.number}版"


def versions_of(plan: Plan) -> list[Version]:
    """Every version of ``plan``, 1 to the current one."""
    current = status_of(plan).version
    records = {v.number: v for v in PlanVersion.objects.filter(plan=plan).select_related("started_by")}
    return [Version(n, records.get(n), n == current) for n in range(1, current + 1)]


def _pick(query: Any, last: int) -> tuple[int, int]:
    """The two versions compared: ``?from=V&to=W``, by default the one before the current and the current."""

    def number(name: str, default: int) -> int:
        raw = str(query.get(name, ""))
        if not raw:
            return default
        unknown = version_unknown(raw, last)
        if unknown:
            raise Http404(unknown)
        return int(raw)

    return number("from", max(1, last - 1)), number("to", last)


def _compared(plan: Plan, old: int, new: int) -> tuple[Any, Any]:
    a, b = version_plan(plan, old), version_plan(plan, new)
    if a is None or b is None:
        raise Http404(f"第{old if a is None else new}版没有保存的内容")
    return a, b


def _cells(row: SideRow, side: Indicator | None, whole: str) -> list[tuple[str, str]]:
    """One side's cells as (text, mark): ``whole`` (added/removed) for a row only this side has,
    "changed" for a field that differs, "gap" for the empty side."""
    if side is None:
        return [("", "gap")] * len(SIDE_FIELDS)
    texts = side_values(side)
    if row.kind == whole:
        return [(t, whole) for t in texts]
    return [(t, "changed" if name in row.changed else "") for name, t in zip(SIDE_FIELDS, texts, strict=True)]


@login_required
def plan_versions(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    versions = versions_of(plan)
    old, new = _pick(request.GET, len(versions))
    a, b = _compared(plan, old, new)
    lines = [
        (row.kind, _cells(row, row.old, "removed"), _cells(row, row.new, "added"), difference(row))
        for row in side_by_side(a, b)
    ]
    context = {
        "plan": plan,
        "versions": versions,
        "old": old,
        "new": new,
        "lines": lines,
        "header_changes": version_diff(plan, old, new).plan,  # type: ignore[union-attr]
        "fields": SIDE_FIELDS,
    }
    return render(request, "workflow/versions.html", context)


@login_required
def plan_versions_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    old, new = _pick(request.GET, len(versions_of(plan)))
    a, b = _compared(plan, old, new)
    title = f"{plan.year}年 {plan.title or plan.get_kind_display()}（{plan.unit.full_name}）第{old}版与第{new}版对照"
    content = versions_xlsx(title, f"第{old}版", f"第{new}版", a, b)
    return _xlsx(content, f"plan-{plan.pk}-versions-{old}-{new}.xlsx")
