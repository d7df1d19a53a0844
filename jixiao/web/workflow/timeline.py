"""What a reviewer reads of a plan's past (时间线与版本): the timeline of steps and value changes, the
versions, and the differences since a return or between two versions — read from the records, never
written here.

``timeline(plan)`` merges, in time order, every ``Transition`` (with its comments and explanations, and
for a publication the published result), every value change django-simple-history kept of the plan and
its indicator rows (who, when, the way, old → new) and every score the finance re-check set (复核得分,
beside the unit's own). ``timeline_xlsx`` writes it to a spreadsheet.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from jixiao.core import workflow as flow
from jixiao.core.model import Plan as CorePlan
from jixiao.core.serialize import plans_from_dict
from jixiao.core.workflow import PlanDiff, plan_diff, show
from jixiao.web.plans.convert import to_core
from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan
from jixiao.web.workflow.models import Explanation, PlanVersion, RecheckScore, Transition

HIDDEN = {"revision", "updated_by", "created_by", "source", "position", "plan", "has_budget", "id"}
"""Bookkeeping columns the timeline does not show as value changes."""


@dataclass(frozen=True, slots=True)
class Event:
    """One line of a plan's timeline: when, who, what kind (流程 / 修改 / 复核), a title and its details."""

    at: datetime
    who: str
    kind: str
    title: str
    details: tuple[str, ...] = field(default=())
    order: int = 0  # ties in time: steps after the changes they carried


def timeline(plan: Plan) -> list[Event]:
    """Every step and every value change of ``plan``, oldest first."""
    events = [*_steps(plan), *_plan_changes(plan), *_row_changes(plan), *_rechecks(plan)]
    return sorted(events, key=lambda e: (e.at, e.order))


def _steps(plan: Plan) -> Iterator[Event]:
    moves = (
        Transition.objects.filter(plan=plan)
        .defer("snapshot")
        .select_related("publication")
        .prefetch_related("comments", "explanations")
    )
    for m in moves:
        details = [f"原因/意见：{m.reason}"] if m.reason else []
        published = getattr(m, "publication", None)
        if published is not None:
            details.append(
                f"发布结果：总分 {show(published.total)} / {show(published.max_total)}，"
                f"百分制 {published.normalized:.2f}，等级 {published.grade or '—'}，"
                f"复核改分 {published.rechecked} 项"
            )
        details += [
            f"意见（{(c.indicator_name and '「' + c.indicator_name + '」') or c.get_target_display()}）：{c.text}"
            for c in m.comments.all()
        ]
        details += [_explained(e) for e in m.explanations.all()]
        title = (
            f"{flow.Action(m.action).label}：{flow.State(m.from_state).label} → {flow.State(m.to_state).label}"
            f"（第{m.version}版）"
        )
        yield Event(m.at, f"{m.by_name}（{flow.Role(m.role).label}）", "流程", title, tuple(details), 1)


def _rechecks(plan: Plan) -> Iterator[Event]:
    """The finance re-check's scores (复核得分), each kept beside the unit's own: who set which score of
    which indicator, from the unit's, and why."""
    for r in RecheckScore.objects.filter(plan=plan).select_related("by"):
        name = (r.by.get_full_name() or r.by.username) if r.by is not None else "—"
        who = f"{name}（{flow.Role.FINANCE_REVIEWER.label}）"
        details = (f"单位自评得分 {show(r.unit_score)} → 复核得分 {show(r.score)}", f"复核理由：{r.reason}")
        yield Event(r.at, who, "复核", f"复核得分「{r.indicator_name}」", details)


def _explained(e: Explanation) -> str:
    where = f"「{e.indicator_name}」" if e.indicator_name else "全表"
    return f"说明 {e.code}{where}：{e.text}"


def _who(record: Any) -> str:
    user = record.history_user
    name = (user.get_full_name() or user.username) if user is not None else "系统"
    way = record.history_change_reason
    return f"{name}（{ChangeWay(way).label}）" if way in ChangeWay.values else name


def _labels(model: type[Any]) -> dict[str, str]:
    return {f.name: str(f.verbose_name) for f in model._meta.fields}


def _plan_changes(plan: Plan) -> Iterator[Event]:
    labels = _labels(Plan)
    records = list(Plan.history.filter(id=plan.pk).order_by("history_date", "history_id"))
    for prev, rec in zip([None, *records], records, strict=False):
        if prev is None:
            yield Event(rec.history_date, _who(rec), "修改", "创建绩效目标表")
            continue
        lines = _diff_lines(prev, rec, labels)
        if lines:
            yield Event(rec.history_date, _who(rec), "修改", "修改表头", tuple(lines))


def _row_changes(plan: Plan) -> Iterator[Event]:
    labels = _labels(IndicatorRow)
    records = list(IndicatorRow.history.filter(plan_id=plan.pk).order_by("id", "history_date", "history_id"))
    previous: dict[int, Any] = {}
    for rec in records:
        prev = previous.get(rec.id)
        previous[rec.id] = rec
        if rec.history_type == "+":
            yield Event(rec.history_date, _who(rec), "修改", f"新增指标「{rec.name}」")
        elif rec.history_type == "-":
            yield Event(rec.history_date, _who(rec), "修改", f"删除指标「{rec.name}」")
        elif prev is not None:
            lines = _diff_lines(prev, rec, labels)
            if lines:
                yield Event(rec.history_date, _who(rec), "修改", f"修改指标「{rec.name}」", tuple(lines))


def _diff_lines(prev: Any, rec: Any, labels: dict[str, str]) -> list[str]:
    delta = rec.diff_against(prev, excluded_fields=[f for f in HIDDEN if f in labels])
    return [f"{labels.get(c.field, c.field)}：{show(c.old)} → {show(c.new)}" for c in delta.changes]


TIMELINE_COLUMNS = ("时间", "人员", "类别", "事项", "详情")


def timeline_xlsx(plan: Plan, events: Sequence[Event] | None = None) -> bytes:
    """The timeline as an .xlsx workbook (one row per event, details on lines of one cell)."""
    rows = [
        [
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.who,
            e.kind,
            _safe(e.title),
            _safe("\n".join(e.details)),
        ]
        for e in (timeline(plan) if events is None else events)
    ]
    title = f"{plan.year}年 {plan.title or plan.get_kind_display()}（{plan.unit.full_name}）时间线"
    return list_xlsx("时间线", title, TIMELINE_COLUMNS, rows, (20, 24, 8, 48, 80))


def list_xlsx(
    name: str, title: str, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[int]
) -> bytes:
    """A one-sheet list as .xlsx: a title line, a bold header, the rows (text cells wrap), column widths."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = name
    sheet.append([title])
    sheet.append(list(header))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe(text: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# ── versions and differences ────────────────────────────────────────────────────────────────


def snapshot_plan(snapshot: object) -> CorePlan:
    """The core plan a stored snapshot (interchange JSON of one plan) holds."""
    return plans_from_dict({"plans": [snapshot]}, "快照")[0]


def diff_since_return(plan: Plan) -> PlanDiff | None:
    """What changed since the plan was last returned (the plan as returned → as it is now); ``None`` when
    it was never returned in this version."""
    last = Transition.objects.filter(plan=plan).order_by("-at", "-id").only("version").first()
    back = (
        Transition.objects.filter(plan=plan, action=flow.Action.RETURN.value, version=last.version)
        .order_by("-at", "-id")
        .first()
        if last
        else None
    )
    if back is None:
        return None
    return plan_diff(snapshot_plan(back.snapshot), to_core(plan))


def version_unknown(number: str | int, last: int) -> str | None:
    """Why ``number`` (as typed in a query) names no version of a plan whose versions are 1 to ``last``
    — "没有第3版，这张表有第1至第2版"; None when it names one. The versions page and the API's diff."""
    if str(number).isdigit() and 1 <= int(number) <= last:
        return None
    return f"没有第{number}版，这张表有第1至第{last}版"


def version_plan(plan: Plan, number: int) -> CorePlan | None:
    """Version ``number`` of ``plan``: its approved content, or, for the version being prepared, the plan
    as it is now; ``None`` for a version that does not exist."""
    version = PlanVersion.objects.filter(plan=plan, number=number).first()
    if version is not None and version.content is not None:
        return snapshot_plan(version.content)
    current = getattr(plan, "flow", None)
    if number == (current.version if current else 1):
        return to_core(plan)
    return None


def version_diff(plan: Plan, old: int, new: int) -> PlanDiff | None:
    """The differences between versions ``old`` and ``new`` of ``plan``; ``None`` if either is unknown."""
    a, b = version_plan(plan, old), version_plan(plan, new)
    return None if a is None or b is None else plan_diff(a, b)
