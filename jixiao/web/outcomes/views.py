"""The results-applied pages (结果应用): the list by department, its .xlsx, the bureau's policy."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import escape_uri_path

from jixiao.core.errors import InputError
from jixiao.core.outcomes import GRADE_ORDER
from jixiao.core.scoring import Grade
from jixiao.web.accounts.models import Organisation
from jixiao.web.accounts.permissions import bureaus_of, person, require_results, reviewed_bureaus
from jixiao.web.outcomes import service

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def results_page(request: HttpRequest, year: int) -> HttpResponse:
    require_results(request.user)
    departments = service.results(request.user, year)
    bureaus = bureaus_of(request.user)
    policy = service.policy_of(bureaus[0] if bureaus else None)
    context = {
        "year": year,
        "departments": departments,
        "policy": policy,
        "can_edit": bool(reviewed_bureaus(request.user)),
    }
    return render(request, "outcomes/results.html", context)


@login_required
def results_export(request: HttpRequest, year: int) -> HttpResponse:
    require_results(request.user)
    data = service.results_xlsx(service.results(request.user, year), year)
    response = HttpResponse(data, content_type=XLSX)
    name = escape_uri_path(f"{year}年度绩效评价结果应用.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    """GET: the bureau's policy; POST (its 财政审核人): ``action-优``, ``change-优`` (percent) … saved."""
    require_results(request.user)
    bureaus = reviewed_bureaus(request.user) if request.method == "POST" else bureaus_of(request.user)
    bureau = Organisation.objects.filter(pk__in=bureaus).order_by("pk").first()
    if request.method == "POST":
        if bureau is None:
            return _policy_page(request, None, 403, "只有财政审核人可以设置结果应用政策")
        try:
            service.save_policy(person(request), bureau, _rows(request.POST))
        except InputError as exc:
            return _policy_page(request, bureau, 422, f"未保存：{exc}")
        messages.success(request, "已保存结果应用政策")
        return redirect("results-policy")
    return _policy_page(request, bureau)


def _policy_page(
    request: HttpRequest, bureau: Organisation | None, status: int = 200, error: str = ""
) -> HttpResponse:
    if error:
        messages.error(request, error)
    context = {
        "bureau": bureau,
        "policy": service.policy_of(bureau.pk if bureau else None),
        "can_edit": bureau is not None and bureau.pk in reviewed_bureaus(request.user),
        "form": request.POST if request.method == "POST" else None,
    }
    return render(request, "outcomes/policy.html", context, status=status)


def _rows(form: object) -> dict[Grade, tuple[str, Decimal | None]]:
    """The form's rows; a percentage that is not a number raises InputError naming the grade."""
    rows = {}
    for grade in GRADE_ORDER:
        text = str(form.get(f"change-{grade.value}", "")).strip().rstrip("%％")  # type: ignore[attr-defined]
        try:
            change = Decimal(text) / 100 if text else None
        except InvalidOperation:
            raise InputError(f"等级「{grade.value}」的下年预算调整比例「{text}」不是数值") from None
        rows[grade] = (str(form.get(f"action-{grade.value}", "")), change)  # type: ignore[attr-defined]
    return rows
