"""A stored plan as the interchange JSON (交换格式, docs/schema.json) and back, for the API.

A plan travels as the object ``jixiao import --json`` writes for it, plus its record: ``id``,
``unit_id``, ``year``, ``revision`` (send it back unchanged when replacing the plan), ``updated_at``,
``updated_by``. The interchange fields are those ``core.serialize`` writes, derived from it so that a
field added there is accepted here; anything else is refused with its path.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from jixiao.core.bounds import check_plans
from jixiao.core.errors import Location
from jixiao.core.model import Plan as CorePlan
from jixiao.core.serialize import plan_to_dict, plans_from_dict
from jixiao.core.workflow import State, parts_changed
from jixiao.web.accounts.permissions import Action, require
from jixiao.web.api.errors import ApiError, body_not_json
from jixiao.web.plans.convert import User, replace_plan, to_core
from jixiao.web.plans.locking import hold_for_edit
from jixiao.web.plans.models import ChangeWay, Plan

RECORD_KEYS = ("id", "unit_id", "year", "revision", "updated_at", "updated_by", "state", "version")
BODY_NAME = "请求正文"


def plan_json(plan: Plan, core: CorePlan | None = None) -> dict[str, Any]:
    """``plan`` as the interchange JSON of one plan with its record fields."""
    data = plan_to_dict(core if core is not None else to_core(plan))
    who = plan.updated_by
    data.update(
        id=plan.pk,
        unit_id=plan.unit_id,
        year=plan.year,
        revision=plan.revision,
        updated_at=plan.updated_at.isoformat(),
        updated_by=None if who is None else (who.get_full_name() or who.get_username()),
        **flow_fields(plan),
    )
    return data


def flow_fields(plan: Plan) -> dict[str, Any]:
    """``state`` (the workflow state's value, ``draft`` for a plan never submitted; docs/workflow.md)
    and ``version`` (1, then one more per adjustment) of ``plan``."""
    from jixiao.web.workflow.models import PlanFlow

    row = PlanFlow.objects.filter(plan_id=plan.pk).values_list("state", "version").first()
    state, version = row if row else (State.DRAFT.value, 1)
    return {"state": state, "version": version}


@cache
def _shape() -> dict[str, frozenset[str]]:
    """The keys each object of the interchange format may have, as ``core.serialize`` writes them."""
    sample = plans_from_dict(
        {"plans": [{"budget": {}, "placeholders": [{}], "indicators": [{"name": "样例"}]}]}
    )[0]
    written: Any = plan_to_dict(sample)
    return {
        "plan": frozenset(written) | frozenset(RECORD_KEYS),
        "budget": frozenset(written["budget"]),
        "placeholder": frozenset(written["placeholders"][0]),
        "indicator": frozenset(written["indicators"][0]),
        "source": frozenset(Location.__slots__),
    }


def _unknown(obj: Any, kind: str, path: str) -> str | None:
    """The path of the first key of ``obj`` (and its parts) that the format does not have, else None."""
    if not isinstance(obj, Mapping):
        return None  # a wrong type is the reader's to name
    shape = _shape()
    for key in obj:
        if key not in shape[kind]:
            return f"{path}.{key}" if path else str(key)
    inner = [("budget", "budget"), ("source", "source")]
    for key, part in inner:
        found = _unknown(obj.get(key), part, f"{path}.{key}" if path else key)
        if found:
            return found
    for key, part in (("placeholders", "placeholder"), ("indicators", "indicator")):
        items = obj.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            found = _unknown(item, part, f"{path}.{key}[{i}]" if path else f"{key}[{i}]")
            if found:
                return found
    return None


def read_json(request: HttpRequest) -> Any:
    """The request body as JSON, numbers as exact decimals; 400 if it is not JSON."""
    try:
        return json.loads(request.body.decode("utf-8-sig"), parse_float=Decimal)
    except (ValueError, RecursionError) as exc:
        raise body_not_json(exc) from None


def plan_from_json(body: Any, plan: Plan) -> tuple[CorePlan, int]:
    """The core plan a PUT body holds and the revision it was read at; ``ApiError`` 422 naming the
    path for an unknown field, a missing revision or a record field that does not match ``plan``;
    ``InputError`` (with its path) for a value the interchange reader refuses or one out of the bounds
    every import keeps (``core.bounds.check_plans``: numbers, text lengths, characters)."""
    if not isinstance(body, Mapping):
        raise ApiError(422, "请求正文应为一张绩效目标表的 JSON 对象", "input-invalid", None)
    unknown = _unknown(body, "plan", "")
    if unknown:
        raise ApiError(
            422, f"字段 {unknown}：交换格式中没有这一项（见 docs/schema.json）", "unknown-field", unknown
        )
    revision = body.get("revision")
    if isinstance(revision, bool) or not isinstance(revision, int):
        raise ApiError(
            422,
            "字段 revision：应为读取时的修订号（整数），用于确认没有覆盖他人的修改",
            "input-invalid",
            "revision",
        )
    for key, value in (("id", plan.pk), ("unit_id", plan.unit_id), ("year", plan.year)):
        if key in body and body[key] != value:
            raise ApiError(
                422, f"字段 {key}：与这张表不符（应为 {value}），单位和年度不能在此修改", "input-invalid", key
            )
    interchange = {k: v for k, v in body.items() if k not in RECORD_KEYS}
    core = plans_from_dict({"plans": [interchange]}, BODY_NAME)[0]
    check_plans([core], BODY_NAME, with_paths=True)  # the bounds a file import keeps (core.bounds)
    return core, revision


@transaction.atomic
def save_over(plan: Plan, seen: int, core: CorePlan, user: User) -> Plan:
    """Store ``core`` into ``plan`` as a change made through the API, if the plan is still at revision
    ``seen`` (its row locked meanwhile; ``locking.StaleRevision`` otherwise) and its state opens every
    part the change touches (``core.workflow.parts_changed``: targets in 草稿, actual values in 自评填报;
    ``PermissionDenied`` with the reason otherwise). Nothing is saved when refused."""
    current = hold_for_edit(plan, user, seen)
    for part in parts_changed(to_core(current), core):
        require(user, Action.EDIT, current, part)
    return replace_plan(current, core, user, ChangeWay.API)
