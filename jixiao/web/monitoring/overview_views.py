"""The overview pages (驾驶舱): the year's overview, drilled down by department and unit, and each
panel's table as .xlsx. Who sees what: ``permissions.overview_scope``; what is counted: ``overview``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from jixiao.web.accounts.permissions import overview_scope, require_overview, visible_plans, visible_rounds
from jixiao.web.monitoring import overview as panels
from jixiao.web.monitoring.models import Round
from jixiao.web.workflow.timeline import list_xlsx


@login_required
def overview_home(request: HttpRequest) -> HttpResponse:
    """The overview of the latest year with a monitoring round (else with plans) the person sees."""
    require_overview(request.user)
    year = visible_rounds(request.user).values_list("year", flat=True).order_by("-year").first()
    year = year or visible_plans(request.user).values_list("year", flat=True).order_by("-year").first()
    return redirect("overview", year=year or timezone.localdate().year)


def _board(request: HttpRequest, year: int, full: bool = False) -> panels.Board:
    scope = overview_scope(request.user, year, request.GET.get("department"), request.GET.get("unit"))
    rounds = visible_rounds(request.user).filter(year=year)
    wanted = request.GET.get("round", "")
    current: Round | None = (
        rounds.filter(pk=int(wanted)).first() if wanted.isdigit() else rounds.order_by("-cut_off").first()
    )
    if wanted and current is None:
        raise Http404("没有这个监控轮次，或您无权查看")
    return panels.board(scope, current, timezone.localdate(), full)


@login_required
def overview(request: HttpRequest, year: int) -> HttpResponse:
    board = _board(request, year)
    shown = [panels.shown(board.panels[name]) for name in panels.PANEL_NAMES]
    query = request.GET.urlencode()
    rounds = visible_rounds(request.user).filter(year=year).order_by("cut_off")
    context = {"board": board, "shown": shown, "query": query, "rounds": rounds, "year": year}
    return render(request, "overview/overview.html", context)


@login_required
def overview_export(request: HttpRequest, year: int, panel: str) -> HttpResponse:
    """One panel's table (all its rows) as .xlsx, for the same scope and round as the page."""
    if panel not in panels.PANEL_NAMES:
        raise Http404("没有这个表")
    board = _board(request, year, full=True)
    found = board.panels[panel]
    where = board.scope.unit or board.scope.department
    title = f"{year}年 {found.title}" + (f" · {where.name}" if where else "")
    data = list_xlsx(
        found.title[:31], title, found.headings, panels.export_rows(found), [24] * len(found.headings)
    )
    return HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": content_disposition_header(True, f"{year}年驾驶舱-{found.title}.xlsx")
        },
    )
