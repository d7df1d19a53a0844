"""The workflow in the API (流程接口): transitions, a plan's timeline, versions and their differences, and
the caller's to-do list.

``POST /plans/{id}/transitions`` goes through ``workflow.services.STEPS`` — the same functions, checks
and Chinese reasons as the pages: 404 for a plan the caller may not see, 403 when it is not their step,
409 for an action the plan's state does not allow (or a plan that left the ``expected`` state), 422 for
a missing reason, a blocked submission (the error findings and unexplained warnings listed) or a comment
or explanation that names no row of the plan — each with ``path`` naming the field.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from jixiao.core import workflow as flow
from jixiao.core.errors import (
    NotYourStep,
    ReasonRequired,
    SubmissionBlocked,
    TransitionRefused,
    WorkflowError,
)
from jixiao.core.model import Comparator
from jixiao.core.review import Finding
from jixiao.core.serialize import indicator_to_dict
from jixiao.web.accounts.permissions import get_plan_for_user, person
from jixiao.web.api.errors import ApiError
from jixiao.web.plans.models import IndicatorRow, Plan
from jixiao.web.workflow import services
from jixiao.web.workflow import todo as todo_list
from jixiao.web.workflow.models import PlanFlow, PlanVersion, Transition
from jixiao.web.workflow.notes import status_of
from jixiao.web.workflow.services import CommentInput, ExplanationInput
from jixiao.web.workflow.timeline import timeline, version_diff, version_unknown

router = Router(tags=["流程"])


class CommentIn(Schema):
    """退回意见: on an indicator row (``indicator``: its id) or a field (``field``: goal, budget, title,
    duties, plan)."""

    text: str
    indicator: int | None = None
    field: str = ""


class ExplanationIn(Schema):
    """警告说明: the finding's code (``GET …/review``), its indicator row id (null for the whole table)."""

    finding: str
    text: str
    indicator: int | None = None


class TransitionIn(Schema):
    action: str
    reason: str = ""
    expected: str | None = None
    comments: list[CommentIn] = []
    explanations: list[ExplanationIn] = []


def _enum(kind: type[flow.Action] | type[flow.State], value: str, path: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = "、".join(m.value for m in kind)
        raise ApiError(
            422, f"参数 {path}：「{value}」无效（可用：{allowed}）", "parameter-invalid", path
        ) from None


def transition_json(move: Transition) -> dict[str, Any]:
    """One recorded step: id, time, who (name), role, action, from → to (values and Chinese labels),
    version, reason."""
    return {
        "id": move.pk,
        "at": move.at.isoformat(),
        "by": move.by_name,
        "role": move.role,
        "action": move.action,
        "from": move.from_state,
        "from_label": flow.State(move.from_state).label,
        "to": move.to_state,
        "to_label": flow.State(move.to_state).label,
        "version": move.version,
        "reason": move.reason,
    }


def _take(plan: Plan, request: HttpRequest, body: TransitionIn, action: flow.Action) -> Transition:
    """The step ``action`` through its service function (the pages call the same ones)."""
    expected = _enum(flow.State, body.expected, "expected") if body.expected else None
    user = person(request)
    if action is flow.Action.SUBMIT:
        given = [ExplanationInput(e.finding, e.text, e.indicator) for e in body.explanations]
        return services.submit(plan, user, given, expected)
    if action is flow.Action.RETURN:
        comments = [CommentInput(c.text, c.indicator, c.field) for c in body.comments]
        return services.return_plan(plan, user, body.reason, comments, expected)
    if action is flow.Action.APPROVE:
        return services.approve(plan, user, body.reason, expected)
    if action is flow.Action.ADJUST:
        return services.adjust(plan, user, body.reason, expected)
    if action is flow.Action.REOPEN:
        return services.reopen(plan, user, expected)
    return services.publish(plan, user, expected)


def refusal(exc: WorkflowError, plan: Plan) -> HttpResponse:
    """A refused step as the API answers it: 409 for the state, 403 for the role, 422 for the content; a
    blocked submission lists its findings, each with ``indicator_id`` (the row to name in an
    explanation)."""
    if isinstance(exc, TransitionRefused):
        return _error(409, exc.message, "transition-refused", "expected" if "刷新" in exc.message else None)
    if isinstance(exc, NotYourStep):
        return _error(403, exc.message, "forbidden", None)
    if isinstance(exc, ReasonRequired):
        return _error(422, exc.message, "reason-required", "reason")
    if isinstance(exc, SubmissionBlocked):
        rows: dict[str, int] = {}
        for pk, name in IndicatorRow.objects.filter(plan=plan).values_list("pk", "name"):
            rows.setdefault(name, pk)

        def listed(f: Finding) -> dict[str, object]:
            return f.to_dict() | {"indicator_id": rows.get(f.indicator or "")}

        extra = {
            "errors": [listed(f) for f in exc.errors],
            "unexplained": [listed(f) for f in exc.unexplained],
        }
        return _error(422, exc.message, "submission-blocked", "explanations", extra)
    path = "comments" if "意见" in exc.message else "explanations" if "说明" in exc.message else None
    return _error(422, exc.message, "workflow-refused", path)


def _error(
    status: int, detail: str, code: str, path: str | None, extra: dict[str, Any] | None = None
) -> HttpResponse:
    return JsonResponse({"detail": detail, "code": code, "path": path, **(extra or {})}, status=status)


@router.post(
    "/plans/{int:plan_id}/transitions",
    summary="流转（提交、审核通过、退回、调整、开启自评、发布）",
    response={201: dict[str, Any]},
)
def post_transition(
    request: HttpRequest, plan_id: int, body: TransitionIn
) -> Status[dict[str, Any]] | HttpResponse:
    """action：submit 提交、approve 审核通过、return 退回（须 reason，可带 comments）、adjust 调整（须 reason）、
    reopen 开启自评、publish 发布；expected 为您看到的状态（他人已先操作时返回 409 并说明谁在何时操作）；
    提交须对每条警告给出 explanations（finding 为审核代码，indicator 为指标编号；被拦下时 422 的 unexplained
    列出每条警告及其 indicator_id）。返回 201 和这条流转记录。
    与页面同一套规则：不能进行的操作 409，不是您的环节 403，缺少原因或说明 422（path 指明字段）。"""
    plan = get_plan_for_user(request.user, plan_id)
    action = _enum(flow.Action, body.action, "action")
    try:
        move = _take(plan, request, body, action)
    except WorkflowError as exc:
        return refusal(exc, plan)
    return Status(201, transition_json(move))


@router.get("/plans/{int:plan_id}/timeline", summary="一张表的时间线")
def get_timeline(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """每一次流转（谁、何时、从何状态到何状态、原因、意见、说明）和每一次取值修改，按时间先后。"""
    plan = get_plan_for_user(request.user, plan_id)
    events = [
        {"at": e.at.isoformat(), "who": e.who, "kind": e.kind, "title": e.title, "details": list(e.details)}
        for e in timeline(plan)
    ]
    return {"plan": plan.pk, **_flow_of(plan), "events": events}


def _flow_of(plan: Plan) -> dict[str, Any]:
    row = PlanFlow.objects.filter(plan=plan).first()
    state = flow.State(row.state) if row else flow.State.DRAFT
    return {"state": state.value, "state_label": state.label, "version": row.version if row else 1}


def _when(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


@router.get("/plans/{int:plan_id}/versions", summary="一张表的各个版本")
def get_versions(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """版本 1，及每次调整形成的新版本：版本号、调整原因、发起时间和发起人、批复时间（未批复为 null）。"""
    plan = get_plan_for_user(request.user, plan_id)
    versions = [
        {
            "number": v.number,
            "reason": v.reason,
            "started_at": _when(v.started_at),
            "started_by": None
            if v.started_by is None
            else (v.started_by.get_full_name() or v.started_by.username),
            "approved_at": _when(v.approved_at),
        }
        for v in PlanVersion.objects.filter(plan=plan).select_related("started_by")
    ]
    return {"plan": plan.pk, **_flow_of(plan), "versions": versions}


def _value(value: object) -> object:
    if isinstance(value, Comparator):
        return value.symbol
    if value is None or isinstance(value, str | int | Decimal):
        return value
    return str(value)


def _change(change: flow.FieldChange) -> dict[str, Any]:
    return {
        "field": change.field,
        "label": change.label,
        "old": _value(change.old),
        "new": _value(change.new),
    }


@router.get("/plans/{int:plan_id}/diff", summary="两个版本的差异")
def get_diff(
    request: HttpRequest,
    plan_id: int,
    old: int | None = Query(None, alias="from", description="原版本号（也可写作 old）"),  # type: ignore[type-arg]
    new: int | None = Query(None, alias="to", description="新版本号（也可写作 new）"),  # type: ignore[type-arg]
) -> dict[str, Any]:
    """表头字段的修改，新增、删除的指标，及各指标逐字段的原值 → 新值；lines 为审核人读的中文说明。
    版本号用 from/to（或 old/new）；不存在的版本返回 404。"""
    plan = get_plan_for_user(request.user, plan_id)
    old = old if old is not None else _int_param(request, "old")
    new = new if new is not None else _int_param(request, "new")
    for name, given in (("from", old), ("to", new)):
        if given is None:
            raise ApiError(422, f"参数 {name}：缺少此项（版本号）", "parameter-invalid", name)
    assert old is not None and new is not None
    last = status_of(plan).version
    for name, given in (("from", old), ("to", new)):
        unknown = version_unknown(given, last)
        if unknown:
            raise ApiError(404, f"参数 {name}：{unknown}", "not-found", name)
    diff = version_diff(plan, old, new)
    if diff is None:
        raise ApiError(404, f"第{old}版或第{new}版没有保存的内容", "not-found")
    return {
        "plan": plan.pk,
        "from": old,
        "to": new,
        "fields": [_change(c) for c in diff.plan],
        "added": [{"index": i, "indicator": indicator_to_dict(ind)} for i, ind in diff.added],
        "removed": [{"index": i, "indicator": indicator_to_dict(ind)} for i, ind in diff.removed],
        "changed": [
            {
                "old_index": r.old_index,
                "new_index": r.new_index,
                "name": r.name,
                "changes": [_change(c) for c in r.changes],
            }
            for r in diff.changed
        ],
        "lines": diff.lines(),
    }


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ApiError(422, f"参数 {name}：应为整数", "parameter-invalid", name) from None


@router.get("/todo", summary="我的待办")
def get_todo(request: HttpRequest) -> dict[str, Any]:
    """等待您办理的表：状态、由您以何种角色办理、截止日期、是否逾期、是否被退回；逾期的在前。"""
    today = timezone.localdate()
    waiting = todo_list.todo(request.user, today)
    return {
        "today": today.isoformat(),
        "count": waiting.total,
        "overdue": waiting.overdue,
        "counts": waiting.counts,
        "items": [
            {
                "plan": i.plan.pk,
                "year": i.plan.year,
                "unit": i.plan.unit,
                "title": i.plan.title,
                "state": i.state.value,
                "state_label": i.state.label,
                "role": i.role.value,
                "role_label": i.role.label,
                "deadline": i.deadline.isoformat() if i.deadline else None,
                "overdue": i.overdue,
                "returned": i.returned,
            }
            for i in waiting.items
        ],
    }
