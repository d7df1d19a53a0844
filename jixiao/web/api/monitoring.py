"""Monitoring (绩效运行监控) through the API: the rounds, a plan's entry in a round (read, write), its
computed levels, and its workflow steps.

The levels are ``core.monitoring``'s, through ``monitoring.service`` (the page's and the upload's path):
``GET`` answers what ``jixiao monitor --json`` prints for the plan, plus the entry's state in the flow,
each indicator's ``index``, ``reason`` and ``correction``. ``PUT`` changes the fields it names and keeps
the others; a value that cannot be used is refused with 422, its ``path`` and a Chinese ``detail``
naming the indicator and the field, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router

from jixiao.core import workflow as flow
from jixiao.core.bounds import TEXT_LIMITS, number_problem, text_problem
from jixiao.core.errors import InputError
from jixiao.core.model import Indicator
from jixiao.core.model import Plan as CorePlan
from jixiao.core.monitoring import year_elapsed
from jixiao.web.accounts.permissions import (
    flow_roles,
    get_round_and_plan_for_user,
    person,
    require_monitoring_entry,
    visible_rounds,
)
from jixiao.web.api.errors import ApiError
from jixiao.web.api.interchange import read_json
from jixiao.web.monitoring import service, steps
from jixiao.web.monitoring.convert import store_entries, with_entries
from jixiao.web.monitoring.models import Round
from jixiao.web.plans.models import ChangeWay, Plan

router = Router(tags=["绩效运行监控"])

INDICATOR_FIELDS = {
    "to_date": "累计完成值",
    "expected": "预计全年完成值",
    "reason": "偏差原因",
    "correction": "纠偏措施",
}
ENTRY_FIELDS = {
    "executed_to_date": "累计执行数",
    "budget_reason": "预算执行偏差原因",
    "budget_correction": "预算执行纠偏措施",
    "indicators": "指标",
}

ENTRY_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "只改写给出的字段，其余保持不变。"
                    '{"executed_to_date": 累计执行数（万元）, "budget_reason": …, "budget_correction": …, '
                    '"indicators": [{"index": 指标序号（从0起，同 GET）, "to_date": 累计完成值, '
                    '"expected": 预计全年完成值, "reason": 偏差原因, "correction": 纠偏措施}]}。'
                    "定量指标的值为数值（或“12家”这样的文字），定性指标为 按进度 / 滞后 / 无法完成；null 清空。",
                }
            }
        },
    }
}

STEP_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["action"],
                    "description": '{"action": "submit" | "approve" | "return", "reason": 退回原因, '
                    '"expected": 读取时的 state（可选；不符时 409）}',
                }
            }
        },
    }
}


def _round_json(r: Round) -> dict[str, Any]:
    return {
        "id": r.pk,
        "year": r.year,
        "cut_off": r.cut_off.isoformat(),
        "elapsed": year_elapsed(r.cut_off),
        "thresholds": {
            "mild_gap": r.mild_gap,
            "severe_gap": r.severe_gap,
            "mild_forecast": r.mild_forecast,
            "severe_forecast": r.severe_forecast,
        },
    }


@router.get("/rounds", summary="监控轮次")
def list_rounds(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    """调用者所在财政局的监控轮次（可按预算年度 year 筛选）：编号、年度、截止日期、时间进度、偏差阈值（小数，0.05 = 5 个百分点）。"""
    rounds = visible_rounds(request.user)
    if year is not None:
        rounds = rounds.filter(year=year)
    return {"rounds": [_round_json(r) for r in rounds]}


def _round_and_plan(request: HttpRequest, round_id: int, plan_id: int) -> tuple[Round, Plan]:
    return get_round_and_plan_for_user(request.user, round_id, plan_id)


def entry_json(request: HttpRequest, round_: Round, plan: Plan) -> dict[str, Any]:
    """A plan's entry with its levels (``PlanStatus.to_dict``), state and the caller's possible steps."""
    status = service.status_of(round_, plan)
    data: dict[str, Any] = status.to_dict()
    for index, (item, s) in enumerate(zip(data["indicators"], status.indicators, strict=True)):
        item.update(index=index, reason=s.indicator.reason, correction=s.indicator.correction)
    if status.budget is not None:
        data["budget"].update(reason=status.budget.reason, correction=status.budget.correction)
    row = steps.entry_flow(round_, plan)
    state = flow.State(row.state)
    data.update(
        round=_round_json(round_),
        plan_id=plan.pk,
        state=state.value,
        state_label=state.label,
        returned_from=row.returned_from or None,
        actions=[a.value for a in flow.actions_for(state, flow_roles(request.user, plan))],
    )
    return data


@router.get("/rounds/{int:round_id}/plans/{int:plan_id}", summary="一张表的监控填报与偏差等级")
def get_entry(request: HttpRequest, round_id: int, plan_id: int) -> dict[str, Any]:
    """与 `jixiao monitor --json` 对这张表的输出相同（时间进度、每个指标的完成进度、预计完成率、偏差等级及其说明、
    资金执行、提交前须补充的各项），另加 index、reason、correction，填报状态 state 和调用者此时可做的 actions。"""
    round_, plan = _round_and_plan(request, round_id, plan_id)
    return entry_json(request, round_, plan)


@router.put("/rounds/{int:round_id}/plans/{int:plan_id}", summary="填报监控值", openapi_extra=ENTRY_BODY)
def put_entry(request: HttpRequest, round_id: int, plan_id: int) -> dict[str, Any]:
    """只有本单位填报人、且在「监控填报」环节可以修改（送审后锁定，退回后可再改）。返回与 GET 相同的内容。"""
    round_, plan = _round_and_plan(request, round_id, plan_id)
    require_monitoring_entry(request.user, plan, steps.entry_state(round_, plan))
    core = merged_entry(with_entries(plan, service.entry_of(round_, plan)), read_json(request))
    store_entries(round_, plan, core, request.user, ChangeWay.API)
    return entry_json(request, round_, plan)


@router.post(
    "/rounds/{int:round_id}/plans/{int:plan_id}/transitions",
    summary="提交、审核通过或退回",
    openapi_extra=STEP_BODY,
)
def post_step(request: HttpRequest, round_id: int, plan_id: int) -> dict[str, Any]:
    """与页面上的按钮相同（流程见 docs/workflow.md）：偏差未写明原因和纠偏措施时不能提交（422，列出须补充的各项）；
    不是调用者的环节时 403；环节已变（expected 不符）时 409。返回与 GET 相同的内容。"""
    round_, plan = _round_and_plan(request, round_id, plan_id)
    body = read_json(request)
    if not isinstance(body, Mapping):
        raise ApiError(422, "请求正文应为 JSON 对象", "input-invalid", None)
    action = _choice(body, "action", flow.Action, required=True)
    expected = _choice(body, "expected", flow.State, required=False)
    reason = body.get("reason", "")
    if not isinstance(reason, str):
        raise ApiError(422, "字段 reason：退回原因应为文字", "input-invalid", "reason")
    assert isinstance(action, flow.Action)
    steps.take_step(round_, plan, person(request), action, reason, expected)
    return entry_json(request, round_, plan)


def _choice(body: Mapping[str, Any], key: str, kind: Any, *, required: bool) -> Any:
    value = body.get(key)
    if value is None and not required:
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = "、".join(m.value for m in kind)
        raise ApiError(
            422, f"字段 {key}：「{value}」不是可用的值（可用：{allowed}）", "input-invalid", key
        ) from None


# ── the PUT body onto the entry ──────────────────────────────────────────────────────────────


def merged_entry(core: CorePlan, body: Any) -> CorePlan:
    """``core`` (the plan with its entry as stored) with the fields ``body`` names; ``ApiError`` 422 with
    the path of the first field that cannot be used."""
    if not isinstance(body, Mapping):
        raise ApiError(422, "请求正文应为 JSON 对象（见接口说明）", "input-invalid", None)
    _known(body, ENTRY_FIELDS, "")
    indicators = list(core.indicators)
    items = body.get("indicators", [])
    if not isinstance(items, list):
        raise ApiError(422, "字段 indicators：应为列表", "input-invalid", "indicators")
    for i, item in enumerate(items):
        path = f"indicators[{i}]"
        if not isinstance(item, Mapping):
            raise ApiError(422, f"字段 {path}：应为 JSON 对象", "input-invalid", path)
        _known(item, {"index": "指标序号", **INDICATOR_FIELDS}, path)
        index = item.get("index")
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(indicators):
            raise ApiError(
                422,
                f"字段 {path}.index：应为指标序号 0–{len(indicators) - 1}（同 GET 的 index），实际为 {index!r}",
                "input-invalid",
                f"{path}.index",
            )
        indicators[index] = _indicator(indicators[index], item, path)
    budget = core.budget
    given = {k: body[k] for k in ("executed_to_date", "budget_reason", "budget_correction") if k in body}
    if given and budget is None:
        key = next(iter(given))
        raise ApiError(
            422, f"字段 {key}：这张表没有资金信息，不能填写{ENTRY_FIELDS[key]}", "input-invalid", key
        )
    if budget is not None and given:
        changes: dict[str, Any] = {}
        if "executed_to_date" in given:
            changes["executed_to_date"] = _number(given["executed_to_date"], "executed_to_date", "累计执行数")
        for key, field in (("budget_reason", "reason"), ("budget_correction", "correction")):
            if key in given:
                changes[field] = _text(given[key], key, ENTRY_FIELDS[key])
        budget = replace(budget, **changes)
    return replace(core, indicators=indicators, budget=budget)


def _known(obj: Mapping[str, Any], fields: Mapping[str, str], path: str) -> None:
    for key in obj:
        if key not in fields:
            where = f"{path}.{key}" if path else str(key)
            raise ApiError(
                422, f"字段 {where}：没有这一项（可用：{'、'.join(fields)}）", "unknown-field", where
            )


def _indicator(ind: Indicator, item: Mapping[str, Any], path: str) -> Indicator:
    changes: dict[str, Any] = {}
    for key in ("to_date", "expected"):
        if key not in item:
            continue
        value, where, label = item[key], f"{path}.{key}", INDICATOR_FIELDS[key]
        if value is None:
            changes[key] = None
        elif isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            raise ApiError(
                422, f"字段 {where}：指标「{ind.name}」的{label}应为数值或文字", "input-invalid", where
            )
        else:
            try:
                entered = service.entered_value(ind, label, str(value))
            except InputError as exc:
                raise ApiError(422, f"字段 {where}：{exc}", "input-invalid", where) from None
            if isinstance(entered, Decimal):
                _check_number(entered, where, f"指标「{ind.name}」的{label}")
            elif entered is not None:
                _check_text(entered, where, f"指标「{ind.name}」的{label}", TEXT_LIMITS["value_text"])
            changes[key] = entered
    for key in ("reason", "correction"):
        if key in item:
            changes[key] = _text(item[key], f"{path}.{key}", f"指标「{ind.name}」的{INDICATOR_FIELDS[key]}")
    return replace(ind, **changes)


def _number(value: Any, path: str, label: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ApiError(422, f"字段 {path}：{label}应为数值（万元），实际为 {value!r}", "input-invalid", path)
    number = Decimal(value)
    _check_number(number, path, label)
    if number < 0:  # an amount of money, as on the page (core.values.parse_funds)
        raise ApiError(422, f"字段 {path}：{label}不能为负数，实际为 {value}", "input-invalid", path)
    return number


def _check_number(number: Decimal, path: str, label: str) -> None:
    problem = number_problem(number)
    if problem is not None:
        raise ApiError(422, f"字段 {path}：{label}{problem}", "input-invalid", path)


def _text(value: Any, path: str, label: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApiError(422, f"字段 {path}：{label}应为文字", "input-invalid", path)
    _check_text(value, path, label, TEXT_LIMITS["reason"])
    return value.strip()


def _check_text(text: str, path: str, label: str, limit: int) -> None:
    problem = text_problem(text, limit)
    if problem is not None:
        raise ApiError(422, f"字段 {path}：{label}{problem}", "input-invalid", path)
