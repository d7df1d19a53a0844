"""History pages (修改记录): a row's history and a unit's change log, from ``plans.changes``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.web.accounts.permissions import get_plan_for_user, get_unit_for_user
from jixiao.web.plans.changes import plans_changes, row_changes
from jixiao.web.plans.models import Plan

PER_PAGE = 100


@login_required
def row_history(request: HttpRequest, plan_id: int, row_id: int) -> HttpResponse:
    """Every change of one indicator row: per field old → new, who, when, the way."""
    plan = get_plan_for_user(request.user, plan_id)
    changes = row_changes(plan, row_id)
    if not changes:
        raise Http404("这张表中没有这个指标")
    entries = [(c, plan) for c in changes]
    return render(
        request, "plans/row_history.html", {"plan": plan, "entries": entries, "name": changes[0].name}
    )


@login_required
def unit_changes(request: HttpRequest, unit_id: int) -> HttpResponse:
    """All changes of a unit's plans and their rows, newest first, a hundred a page."""
    unit = get_unit_for_user(request.user, unit_id)
    plans = {p.pk: p for p in Plan.objects.filter(unit=unit)}
    page = Paginator(plans_changes(list(plans)), PER_PAGE).get_page(request.GET.get("page"))
    entries = [(c, plans.get(c.plan_id)) for c in page]
    return render(request, "plans/unit_changes.html", {"unit": unit, "page": page, "entries": entries})
