"""The plan pages (绩效目标表页面): home, the list, one plan."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jixiao.web.accounts.permissions import get_plan_for_user, visible_plans, writable_units
from jixiao.web.plans.edit import sheet_context
from jixiao.web.plans.models import LINE, IndicatorRow, Plan, PlanLine, plan_line
from jixiao.web.workflow.panel import panel
from jixiao.web.workflow.todo import todo

HOME_TODO = 10
"""The home page lists this many of what waits for the person (待办), the most urgent; the rest are
counted there and listed on the to-do page."""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The person's recent plans and what waits for them (issue 8: "each person's home page lists what
    waits for them, with counts and deadlines")."""
    plans = _rows(_listed(visible_plans(request.user)).order_by("-updated_at")[:20])
    today = timezone.localdate()
    waiting = todo(request.user, today, HOME_TODO)
    context = {"plans": plans, "writable_units": writable_units(request.user)}
    return render(
        request, "plans/home.html", context | {"todo": waiting, "shown": waiting.items, "today": today}
    )


PER_PAGE = 100
"""Plans a page of the list shows (a finance bureau sees thousands)."""


@dataclass(frozen=True, slots=True)
class ListedPlan:
    """One plan as the plan table lists it (``plans/_plan_table.html``): the plan's line (id, 年度, 单位,
    类型, 名称), 指标数 and 修改时间."""

    line: PlanLine
    indicator_count: int
    updated_at: datetime


def _listed(plans: QuerySet[Plan]) -> QuerySet[Any]:
    """Plans as ``plans/_plan_table.html`` lists them, as value tuples for ``_rows`` (``LISTED``): with
    their unit and department, and how many indicators each has (counted by the database).

    The count is a correlated subquery, not a join grouped by plan: the database counts the rows of
    the plans a page shows only (after the order and the limit), and the paginator's count of plans
    needs no join at all (a grouped join counted every indicator row of every visible plan: 50,000
    rows for a finance bureau's year, 35 ms for the count and 80 ms for a page on PostgreSQL)."""
    rows = IndicatorRow.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
    count = Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField())
    counted = plans.annotate(indicator_count=Coalesce(count, Value(0)))
    ordered = counted.order_by(*(Plan._meta.ordering or ()))
    return ordered.values_list(*LISTED)


LISTED = (*LINE, "indicator_count", "updated_at")
"""The columns ``_listed`` reads: a ``PlanLine``'s, then 指标数 and 修改时间."""


def _rows(values: Iterable[tuple[Any, ...]]) -> list[ListedPlan]:
    """``_listed``'s value tuples as ``ListedPlan``s."""
    return [ListedPlan(plan_line(row), row[-2], row[-1]) for row in values]


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The visible plans, a hundred a page (``?page=``), filtered by ``?year=``."""
    visible = visible_plans(request.user)
    plans = _listed(visible)
    year = request.GET.get("year", "")
    if year.isdigit():
        plans = plans.filter(year=int(year))
    page = Paginator(plans, PER_PAGE).get_page(request.GET.get("page"))
    years = visible.values_list("year", flat=True).distinct().order_by("-year")
    context = {
        "plans": _rows(page.object_list),
        "page": page,
        "years": years,
        "year": year,
        "writable_units": writable_units(request.user),
    }
    return render(request, "plans/list.html", context)


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, with_flow=True)  # a page that takes no step
    return render(request, "plans/detail.html", detail_context(request, plan))


def detail_context(
    request: HttpRequest,
    plan: Plan,
    refusal: str = "",
    typed: dict[str, str] | None = None,
    mode: str = "targets",
) -> dict[str, object]:
    """What ``plans/detail.html`` (``mode`` "targets") and ``plans/self_evaluation.html``
    ("self-evaluation") show: the table (``sheet_context``) and the workflow panel, with a refused
    step's message (``refusal``) and what was typed (``typed``) when given; both from one review of
    the plan (``analysis.review_stored``)."""
    context = sheet_context(request, plan, mode)
    context["flow"] = panel(
        request.user,
        plan,
        refusal,
        typed,
        notes=context["notes"],  # type: ignore[arg-type]
        review=context["review"],  # type: ignore[arg-type]
        status=context["status"],  # type: ignore[arg-type]
    )
    return context
