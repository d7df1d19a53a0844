"""The library pages (指标库): browse by category and sector, one entry, suggestions, the .xlsx export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.core.library import entries_by_category
from jixiao.documents.writers.library_xlsx import library_xlsx
from jixiao.web.accounts.models import Organisation
from jixiao.web.accounts.permissions import get_plan_for_user, library_units
from jixiao.web.library import present
from jixiao.web.library.build import current_library, organisation_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def library_index(request: HttpRequest) -> HttpResponse:
    library = current_library()
    sector = request.GET.get("sector", "")
    groups = [
        (category, [e for e in entries if not sector or any(o.sector == sector for o in e.observations)])
        for category, entries in entries_by_category(library)
    ]
    sectors = sorted({o.sector for e in library.entries.values() for o in e.observations if o.sector})
    context = {"groups": [g for g in groups if g[1]], "sectors": sectors, "sector": sector}
    return render(request, "library/index.html", context)


@login_required
def library_entry(request: HttpRequest) -> HttpResponse:
    entry = current_library().entries.get(request.GET.get("id", ""))
    if entry is None:
        raise Http404("指标库中没有这个条目")
    labels = {organisation_label(u) for u in _units(request)}
    context = {
        "entry": entry,
        "years": present.years(entry),
        "rows": present.rows(entry, labels),
        "chart": present.chart(entry),
    }
    return render(request, "library/entry.html", context)


@login_required
def library_suggest(request: HttpRequest) -> HttpResponse:
    """The suggestions for a typed indicator name, as an HTML fragment for htmx (``?q=&plan=``)."""
    plan_id = request.GET.get("plan", "")
    if plan_id and not (plan_id.isdigit() and len(plan_id) < 10):
        raise Http404("没有这个绩效目标表，或您无权查看")
    plan = get_plan_for_user(request.user, int(plan_id)) if plan_id else None
    found = current_library().suggest(
        request.GET.get("q", "")[:100], request.GET.get("level1", ""), request.GET.get("unit", "")
    )
    context = {"suggestions": present.suggestions(found, plan)}
    return render(request, "library/_suggestions.html", context)


@login_required
def library_export(request: HttpRequest) -> HttpResponse:
    labels = {organisation_label(u) for u in _units(request)}
    data = library_xlsx(current_library(), labels)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E6%8C%87%E6%A0%87%E5%BA%93.xlsx"
    return response


def _units(request: HttpRequest) -> list[Organisation]:
    ids = library_units(request.user)
    return list(Organisation.objects.filter(pk__in=ids).select_related("parent"))
