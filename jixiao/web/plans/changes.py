"""Changes of plans and rows (修改记录), read from their django-simple-history records.

Each saved change keeps the whole row after it, who saved it, when, and how (页面/上传/接口 in
``history_change_reason``); a change is the difference between one record of a row and the one before
it. ``row_changes`` serves a row's history, ``plan_changes`` the API, ``unit_changes`` a unit's change
log; all newest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model

from jixiao.core.errors import Location
from jixiao.web.plans.convert import plain
from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan

ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}
NOT_SHOWN = {"id", "plan", "revision", "created_at", "updated_at", "created_by", "updated_by", "unit"}
EMPTY = "（空）"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's old → new value, as a person reads them."""

    field: str
    label: str
    old: str
    new: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "label": self.label, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class Change:
    """One saved change of a plan or an indicator row."""

    when: datetime
    who: str
    way: str  # ChangeWay value: page, upload, api, demo, system
    action: str  # 新建 / 修改 / 删除
    kind: str  # "plan" or "indicator"
    plan_id: int
    row_id: int | None
    name: str  # the row's indicator name, or the plan's title
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def way_label(self) -> str:
        return ChangeWay(self.way).label if self.way in ChangeWay.values else (self.way or "未记录")

    def to_dict(self) -> dict[str, Any]:
        return {
            "when": self.when.isoformat(),
            "who": self.who,
            "way": self.way,
            "way_label": self.way_label,
            "action": self.action,
            "kind": self.kind,
            "plan_id": self.plan_id,
            "row_id": self.row_id,
            "name": self.name,
            "fields": [f.to_dict() for f in self.fields],
        }


def display(model: type[Model], name: str, value: Any) -> str:
    """A stored value as the pages show it: decimals without trailing zeros, choices by their label,
    sources by their place (工作表「…」 单元格 C5), empty as （空）."""
    if value is None or value == "" or value == {}:
        return EMPTY
    choices = dict(getattr(model._meta.get_field(name), "flatchoices", None) or ())
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{plain(value)}"
    if name == "source" and isinstance(value, dict):
        return Location(**value).describe()
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    return str(value)


def _fields(model: type[Model]) -> list[tuple[str, str]]:
    return [
        (f.name, str(getattr(f, "verbose_name", f.name)))
        for f in model._meta.concrete_fields
        if f.name not in NOT_SHOWN
    ]


def _who(record: Any) -> str:
    user = record.history_user
    if user is None:
        return "系统"
    return str(user.get_full_name() or user.get_username())


def _changes(model: type[Model], records: Iterable[Any], kind: str, title: str = "name") -> list[Change]:
    """Changes from ``records`` (historical rows ordered by object id, then time)."""
    fields = _fields(model)
    out: list[Change] = []
    previous: Any = None
    for record in records:
        before = previous if previous is not None and previous.id == record.id else None
        diffs = []
        for name, label in fields:
            new = getattr(record, name)
            old = getattr(before, name) if before is not None else None
            shown = (display(model, name, old), display(model, name, new))
            if record.history_type == "-" or shown[0] == shown[1]:  # "" and None both read （空）
                continue
            diffs.append(FieldChange(name, label, *shown))
        if diffs or record.history_type != "~":
            out.append(
                Change(
                    when=record.history_date,
                    who=_who(record),
                    way=record.history_change_reason or "",
                    action=ACTIONS[record.history_type],
                    kind=kind,
                    plan_id=record.id if kind == "plan" else record.plan_id,
                    row_id=None if kind == "plan" else record.id,
                    name=getattr(record, title) or "（未命名）",
                    fields=diffs,
                )
            )
        previous = record
    return out


def _newest_first(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: c.when, reverse=True)


ORDER = ("id", "history_date", "history_id")


def row_changes(plan: Plan, row_id: int) -> list[Change]:
    """Every change of indicator row ``row_id`` of ``plan`` (also after the row was deleted)."""
    records = IndicatorRow.history.filter(plan_id=plan.pk, id=row_id).select_related("history_user")
    return _newest_first(_changes(IndicatorRow, records.order_by(*ORDER), "indicator"))


def plans_changes(plan_ids: Sequence[int]) -> list[Change]:
    """Every change of the plans ``plan_ids`` and of their rows."""
    plans = Plan.history.filter(id__in=plan_ids).select_related("history_user").order_by(*ORDER)
    rows = IndicatorRow.history.filter(plan_id__in=plan_ids).select_related("history_user")
    return _newest_first(
        _changes(Plan, plans, "plan", title="title")
        + _changes(IndicatorRow, rows.order_by(*ORDER), "indicator")
    )
