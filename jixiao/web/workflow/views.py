"""The workflow pages (流程页面): a person's to-do list, a plan's timeline and its .xlsx, the late units."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jixiao.web.accounts.permissions import get_plan_for_user, plan_state, reviewed_bureaus
from jixiao.web.workflow import todo as todo_list
from jixiao.web.workflow.models import Deadline
from jixiao.web.workflow.timeline import timeline, timeline_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


TODO_SHOWN = 200
"""The to-do page lists this many items, the most urgent (overdue, then by deadline); the rest are
counted, and worked through in the reviewers' list (a finance reviewer may have thousands waiting)."""


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    waiting = todo_list.todo(request.user, today, TODO_SHOWN)
    context = {
        "todo": waiting,
        "shown": waiting.items,
        "today": today,
        "is_finance": bool(reviewed_bureaus(request.user)),
    }
    if context["is_finance"]:  # the late units of each year with a deadline, the latest first
        years = Deadline.objects.order_by("-year").values_list("year", flat=True).distinct()
        context["late_years"] = list(years)
    return render(request, "workflow/todo.html", context)


@login_required
def plan_timeline(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    context = {"plan": plan, "events": timeline(plan), "state": plan_state(plan)}
    return render(request, "workflow/timeline.html", context)


@login_required
def plan_timeline_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    return _xlsx(timeline_xlsx(plan), f"plan-{plan.pk}-timeline.xlsx")


@login_required
def late_units_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    if not reviewed_bureaus(request.user):
        raise PermissionDenied("只有财政审核人可以导出逾期单位")
    today = timezone.localdate()
    items = todo_list.late(request.user, year, today)
    return _xlsx(todo_list.late_xlsx(items, year, today), f"late-units-{year}.xlsx")
