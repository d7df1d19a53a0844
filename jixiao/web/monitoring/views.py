"""The monitoring pages (绩效运行监控页面): the rounds, a unit's entry for one plan, the overview."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jixiao.core import workflow as flow
from jixiao.core.errors import InputError, TransitionRefused, WorkflowError
from jixiao.core.monitoring import missing_before_submission
from jixiao.web.accounts.permissions import (
    can_view_overview,
    flow_roles,
    get_round_and_plan_for_user,
    get_round_for_user,
    monitoring_entry_lock,
    person,
    require_monitoring_entry,
    require_overview,
    visible_plans,
    visible_rounds,
)
from jixiao.web.monitoring import service, steps
from jixiao.web.monitoring.convert import store_entries
from jixiao.web.monitoring.models import Round
from jixiao.web.plans.models import ChangeWay, Plan


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = list(visible_rounds(request.user))
    plans = list(visible_plans(request.user).select_related("unit", "unit__parent"))
    states = steps.entry_states(rounds, plans)
    waiting = steps.waiting_for_user(request.user, rounds, plans)
    listed = [
        (
            r,
            [
                (p, states.get((r.pk, p.pk), flow.State.MONITOR_FILLING), (r.pk, p.pk) in waiting)
                for p in plans
                if p.year == r.year
            ],
        )
        for r in rounds
    ]
    context = {"rounds": listed, "overview": can_view_overview(request.user)}
    return render(request, "monitoring/rounds.html", context)


def _round_and_plan(request: HttpRequest, round_id: int, plan_id: int) -> tuple[Round, Plan]:
    return get_round_and_plan_for_user(request.user, round_id, plan_id)


def _entry_page(
    request: HttpRequest, round_: Round, plan: Plan, status_code: int = 200, typed: Any = None
) -> HttpResponse:
    """The entry page; ``typed``: the form as sent when its save was refused, shown in its fields instead
    of what is stored, so that nothing typed is lost."""
    status = service.status_of(round_, plan)
    state = steps.entry_state(round_, plan)
    context = {
        "round": round_,
        "plan": plan,
        "status": status,
        "missing": missing_before_submission(status),
        "can_edit": monitoring_entry_lock(request.user, plan, state) is None,
        "flow": steps.entry_flow(round_, plan),
        "actions": flow.actions_for(state, flow_roles(request.user, plan)),
        "typed": typed,
    }
    return render(request, "monitoring/entry.html", context, status=status_code)


@login_required
def entry(request: HttpRequest, round_id: int, plan_id: int) -> HttpResponse:
    round_, plan = _round_and_plan(request, round_id, plan_id)
    if request.method != "POST":
        return _entry_page(request, round_, plan)
    require_monitoring_entry(request.user, plan, steps.entry_state(round_, plan))
    try:
        core = service.core_from_form(round_, plan, request.POST)
    except InputError as exc:
        messages.error(request, f"未保存：{exc}")
        return _entry_page(request, round_, plan, 400, typed=request.POST)
    store_entries(round_, plan, core, request.user, ChangeWay.PAGE)
    messages.success(request, "已保存监控填报")
    return redirect("monitoring-entry", round_id=round_.pk, plan_id=plan.pk)


@login_required
@require_POST
def upload(request: HttpRequest, round_id: int, plan_id: int) -> HttpResponse:
    round_, plan = _round_and_plan(request, round_id, plan_id)
    require_monitoring_entry(request.user, plan, steps.entry_state(round_, plan))
    file = request.FILES.get("file")
    if file is None or file.size is None or file.size > settings.UPLOAD_MAX_BYTES:
        messages.error(request, "未保存：请选择不超过上传限制的绩效运行监控表文件")
        return _entry_page(request, round_, plan, 400)
    try:
        service.upload_entries(round_, plan, file.read(), file.name or "上传文件", request.user)
    except InputError as exc:
        messages.error(request, f"未保存：{exc}")
        return _entry_page(request, round_, plan, 400)
    messages.success(request, f"已读入 {file.name}")
    return redirect("monitoring-entry", round_id=round_.pk, plan_id=plan.pk)


# monitoring workflow and results applied
@login_required
@require_POST
def step(request: HttpRequest, round_id: int, plan_id: int) -> HttpResponse:
    """提交 / 审核通过 / 退回 a plan's entry in the round (``steps.take_step``)."""
    round_, plan = _round_and_plan(request, round_id, plan_id)
    try:
        action, expected = (
            flow.Action(request.POST.get("action", "")),
            flow.State(request.POST.get("expected", "")),
        )
    except ValueError:
        messages.error(request, "未办理：请求缺少操作或当前环节")
        return _entry_page(request, round_, plan, 400)
    try:
        move = steps.take_step(
            round_, plan, person(request), action, request.POST.get("reason", ""), expected
        )
    except WorkflowError as refused:
        messages.error(request, f"未办理：{refused.message}")
        return _entry_page(request, round_, plan, 409 if isinstance(refused, TransitionRefused) else 422)
    messages.success(
        request, f"已{flow.Action(move.action).label}：现在处于「{flow.State(move.to_state).label}」"
    )
    return redirect("monitoring-entry", round_id=round_.pk, plan_id=plan.pk)


@login_required
def overview(request: HttpRequest, round_id: int) -> HttpResponse:
    """A round's overview is the year's overview (驾驶舱) with that round as the current one."""
    require_overview(request.user)
    round_ = get_round_for_user(request.user, round_id)
    return redirect(f"{reverse('overview', args=[round_.year])}?round={round_.pk}")
