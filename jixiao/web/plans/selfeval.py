"""The self-evaluation page (绩效自评): actual values, stated scores and deviation reasons typed into
the same table (``edit.edit_cell``), or read from a filled template (``core.actuals.apply_actuals``);
scores with their explanations per row, budget execution and grade from ``core.scoring``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.core.actuals import apply_actuals
from jixiao.core.errors import InputError, JixiaoError
from jixiao.core.model import Plan as CorePlan
from jixiao.core.values import parse_funds
from jixiao.core.workflow import Part
from jixiao.documents.load import plans_from_bytes
from jixiao.web.accounts.permissions import Action, get_plan_for_user, require
from jixiao.web.plans.convert import replace_plan, to_core, update_plan_fields
from jixiao.web.plans.edit import Refusal, _write
from jixiao.web.plans.locking import StaleRevision, hold_for_edit
from jixiao.web.plans.models import ChangeWay, Plan
from jixiao.web.plans.upload import read_upload
from jixiao.web.plans.views import detail_context


@login_required
def self_evaluation(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The self-evaluation table with the workflow panel, where the unit submits it (提交) when filled."""
    plan = get_plan_for_user(request.user, plan_id, with_flow=True)  # a page that takes no step
    return render(
        request, "plans/self_evaluation.html", detail_context(request, plan, mode="self-evaluation")
    )


@login_required
@require_POST
def budget(request: HttpRequest, plan_id: int) -> HttpResponse:
    """全年执行数 (万元) typed: an amount (``core.values.parse_funds``: "900", "9000000元"), or blank for none."""
    text = request.POST.get("value", "").strip()

    def change(plan: Plan, core: CorePlan) -> None:
        try:
            executed = parse_funds(text, what="全年执行数") if text else None
        except InputError as exc:
            raise Refusal(exc.message, field="budget_executed", typed=text) from exc
        fields: dict[str, object] = {"budget_executed": executed, "has_budget": True}
        update_plan_fields(plan, fields, request.user, ChangeWay.PAGE)

    return _write(request, plan_id, change, Part.ACTUALS, Refusal("", field="budget_executed", typed=text))


@login_required
@require_POST
def upload_actuals(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A filled ``jixiao template`` (or any readable self-evaluation) merged onto the plan."""
    plan = get_plan_for_user(request.user, plan_id)
    require(request.user, Action.EDIT, plan, Part.ACTUALS)
    error = ""
    try:
        name, data = read_upload(request, "file")
        actuals = plans_from_bytes(data, name)
        with transaction.atomic():
            plan = hold_for_edit(plan, request.user, request.POST.get("revision"), (Part.ACTUALS,))
            merged = apply_actuals([to_core(plan)], actuals)[0]
            replace_plan(plan, merged, request.user, ChangeWay.UPLOAD)
    except (JixiaoError, StaleRevision) as exc:
        error = str(exc)
    if error:
        context = detail_context(request, plan, mode="self-evaluation") | {"actuals_error": error}
        return render(request, "plans/self_evaluation.html", context, status=422)
    return redirect("plan-self-evaluation", plan_id=plan.pk)
