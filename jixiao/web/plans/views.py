"""The plan pages (绩效目标表页面): home, the list, one plan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.web.accounts.permissions import Action, can, get_plan_for_user, visible_plans, writable_units
from jixiao.web.library.build import history_for
from jixiao.web.plans import analysis
from jixiao.web.plans.convert import to_core


@login_required
def home(request: HttpRequest) -> HttpResponse:
    plans = visible_plans(request.user).select_related("unit", "unit__parent").order_by("-updated_at")[:20]
    return render(
        request,
        "plans/home.html",
        {"plans": plans, "writable_units": writable_units(request.user)},
    )


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = visible_plans(request.user).select_related("unit", "unit__parent")
    year = request.GET.get("year", "")
    if year.isdigit():
        plans = plans.filter(year=int(year))
    years = visible_plans(request.user).values_list("year", flat=True).distinct().order_by("-year")
    return render(request, "plans/list.html", {"plans": plans, "years": years, "year": year})


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    core = to_core(plan)
    context = {
        "plan": plan,
        "sheet": analysis.analyse(core, history_for(plan)),
        "can_edit": can(request.user, Action.EDIT, plan),
    }
    return render(request, "plans/detail.html", context)
