"""Downloads from the plan page (下载): every file the CLI writes, by the same writers.

Official tables (.xlsx/.docx), the actual-values template (.xlsx), the self-evaluation report
(.pdf/.docx) and the disclosure pack (公开版: tables .xlsx, report .pdf). Files are made in memory and
sent with their Chinese names (RFC 6266 ``filename*``). The tables and the template, which follow from
the plan alone, are kept in Django's cache per plan revision (``KEPT``); the reports are made each time
(they state the day they were made).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

from jixiao.core.errors import JixiaoError
from jixiao.core.model import Plan as CorePlan
from jixiao.web.accounts.permissions import get_plan_for_user
from jixiao.web.plans.convert import to_core


def _tables(fmt: str, public: bool = False) -> Callable[[CorePlan], bytes]:
    def make(plan: CorePlan) -> bytes:
        from jixiao.documents.writers.export import export_tables

        return export_tables([plan], fmt, public)

    return make


def _report(fmt: str, public: bool = False) -> Callable[[CorePlan], bytes]:
    def make(plan: CorePlan) -> bytes:
        from jixiao.documents.writers.report import build_report, render_report

        return render_report(build_report([plan], public), fmt)

    return make


def _template(plan: CorePlan) -> bytes:
    from jixiao.documents.writers.template import template_workbook

    return template_workbook([plan])


DOWNLOADS: dict[str, tuple[str, Callable[[CorePlan], bytes]]] = {
    "tables.xlsx": ("绩效表", _tables("xlsx")),
    "tables.docx": ("绩效表", _tables("docx")),
    "template.xlsx": ("实际值填报模板", _template),
    "report.pdf": ("绩效自评报告", _report("pdf")),
    "report.docx": ("绩效自评报告", _report("docx")),
    "public.xlsx": ("绩效表（公开版）", _tables("xlsx", public=True)),
    "public.pdf": ("绩效自评报告（公开版）", _report("pdf", public=True)),
}
KEPT = {"tables.xlsx", "tables.docx", "template.xlsx", "public.xlsx"}
"""The downloads made from the plan alone, kept in Django's cache per plan id, revision and time saved:
every change of a plan raises its revision, so a kept file is never stale."""

TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
def download(request: HttpRequest, plan_id: int, what: str) -> HttpResponse:
    """One of ``DOWNLOADS`` for a plan the person can see (404 otherwise)."""
    plan = get_plan_for_user(request.user, plan_id)
    if what not in DOWNLOADS:
        raise Http404("没有这种下载")
    label, make = DOWNLOADS[what]
    suffix = what.rsplit(".", 1)[1]
    key = plan.kept_key(f"download:{what}")
    data: bytes | None = cache.get(key) if what in KEPT else None
    if data is None:
        try:
            data = make(to_core(plan))
        except JixiaoError as exc:  # a writer's refusal, in Chinese
            messages.error(request, f"未能生成{label}：{exc}")
            return redirect("plan-detail", plan_id=plan.pk)
        if what in KEPT:
            cache.set(key, data, plan.KEEP_SECONDS)
    name = f"{plan.year}年{plan.title or plan.unit.full_name}{label}.{suffix}"
    return HttpResponse(
        data,
        content_type=TYPES[suffix],
        headers={"Content-Disposition": content_disposition_header(True, name)},
    )
