"""Editing a plan on its page (在线编辑): cells in place, rows added, deleted, moved, blocks pasted.

Each view changes the plan through ``convert`` (history with ``ChangeWay.PAGE``) inside one
transaction, after checking the revision the page was rendered with (``locking``), and answers with
the sheet re-rendered: the table, the rules as understood, the review's findings, the scores. Typed
texts are read by ``documents.layout.typed`` — the same reading as a file's rows — and a text that
cannot be read is refused at its field (422) with nothing saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from jixiao.core.errors import InputError
from jixiao.core.model import Indicator
from jixiao.core.model import Plan as CorePlan
from jixiao.core.workflow import Part, field_part
from jixiao.documents.layout.headers import Column
from jixiao.documents.layout.typed import (
    TYPED_COLUMNS,
    edit_indicator,
    read_typed_indicator,
    read_typed_rows,
    split_pasted,
)
from jixiao.web.accounts.permissions import Action, can, get_plan_for_user, require
from jixiao.web.plans import analysis
from jixiao.web.plans.convert import delete_row, insert_rows, move_row, to_core, update_rows
from jixiao.web.plans.locking import StaleRevision, hold_for_edit
from jixiao.web.plans.models import ChangeWay, Plan
from jixiao.web.workflow.notes import notes_for, status_of

PASTE_MAX_BYTES = 1024 * 1024
"""A pasted block larger than this (1 MB, thousands of rows) is refused unread."""

TARGET_FIELDS = TYPED_COLUMNS[: TYPED_COLUMNS.index(Column.ACTUAL)]  # the official target table's
SELF_EVALUATION_FIELDS = TYPED_COLUMNS[len(TARGET_FIELDS) :]  # 实际完成值, 得分, 偏差原因
MODES = {"targets": "plans/_sheet.html", "self-evaluation": "plans/_sheet.html"}
PARTS = {"targets": Part.TARGETS, "self-evaluation": Part.ACTUALS}
"""What each page edits: the targets in 草稿, the actual values in 自评填报 (``permissions.edit_lock``)."""


@dataclass
class Refusal(Exception):
    """Typed input that is not saved: the message, the row and field it is shown at and what was typed
    there. ``stale``: refused because someone else saved the plan since the page was drawn (409) — the
    message is the whole plan's and is shown above the sheet; the typed text stays in its field."""

    message: str
    row: int | None = None
    field: str | None = None
    typed: str = ""
    stale: bool = False

    @property
    def above_sheet(self) -> bool:
        """Whether the message is shown above the sheet (a stale save, or no field to show it at)."""
        return self.stale or (self.row is None and self.field is None)

    @property
    def at_field(self) -> str:
        """What the field says: the message, or for a stale save where to read it."""
        return (
            "未保存：这张表已被他人修改（见表上方的说明），您填的内容仍在这里" if self.stale else self.message
        )


def sheet_context(
    request: HttpRequest, plan: Plan, mode: str, refusal: Refusal | None = None
) -> dict[str, object]:
    """What ``plans/_sheet.html`` shows of ``plan`` in ``mode`` ("targets" or "self-evaluation"); its
    ``review`` (``analysis.review_stored``, the one review of the request) and ``status`` (its place in
    the flow, read once) are for the workflow panel."""
    reviewed = analysis.review_stored(plan)
    status = status_of(plan)
    return {
        "plan": plan,
        "review": reviewed,
        "status": status,
        "sheet": analysis.analyse(reviewed),
        "can_edit": can(request.user, Action.EDIT, plan, PARTS.get(mode, Part.TARGETS), status.state),
        "mode": mode if mode in MODES else "targets",
        "refusal": refusal,
        "fields": SELF_EVALUATION_FIELDS if mode == "self-evaluation" else TARGET_FIELDS,
        "paste_max": PASTE_MAX_BYTES,
        "notes": notes_for(plan, status),  # a return's comments beside their rows, explanations by findings
    }


def _write(
    request: HttpRequest,
    plan_id: int,
    change: Callable[[Plan, CorePlan], None],
    part: Part = Part.TARGETS,
    typed: Refusal | None = None,
) -> HttpResponse:
    """Check who, which ``part`` the plan's state opens and which revision, apply ``change`` atomically,
    answer with the sheet. ``typed``: the cell (row, field) and the text typed into it, shown there with
    the message when the save is refused as stale (409), so that what was typed is not lost."""
    plan = get_plan_for_user(request.user, plan_id)
    require(request.user, Action.EDIT, plan, part)
    refusal, status = None, 200
    try:
        with transaction.atomic():
            plan = hold_for_edit(plan, request.user, request.POST.get("revision"), (part,))
            change(plan, to_core(plan))
    except StaleRevision as exc:
        refusal, status = replace(typed or Refusal(""), message=exc.redrawn(), stale=True), 409
    except Refusal as exc:
        refusal, status = exc, 422
    plan.refresh_from_db()
    mode = request.POST.get("mode", "targets")
    context = sheet_context(request, plan, mode, refusal)
    return render(request, "plans/_sheet.html", context, status=status)


def _row(core: CorePlan, index: int) -> Indicator:
    if not 0 <= index < len(core.indicators):
        raise Refusal("这一行已不存在，请刷新页面")
    return core.indicators[index]


def _above(core: CorePlan, index: int) -> tuple[str, str]:
    if 0 < index <= len(core.indicators):
        prev = core.indicators[index - 1]
        return prev.level1, prev.level2
    return "", ""


CHOSEN_FIELDS = (Column.LEVEL1, Column.LEVEL2, Column.UNIT)
"""What a name chosen from the indicator library (指标库) brings with it: ``with-level1`` etc."""


@login_required
@require_POST
def edit_cell(request: HttpRequest, plan_id: int, index: int) -> HttpResponse:
    """One field of one row, typed: read as a table cell is, or refused at the field.

    A name chosen from the library's suggestions comes with the entry's category and unit
    (``with-level1``, ``with-level2``, ``with-unit``): they are saved in the same change, for this
    row only (a category typed into a merged cell renames it for every row it covers).
    """
    field = request.POST.get("field", "")
    text = request.POST.get("value", "")
    chosen = {c: request.POST[f"with-{c.value}"] for c in CHOSEN_FIELDS if f"with-{c.value}" in request.POST}

    def change(plan: Plan, core: CorePlan) -> None:
        old = _row(core, index)
        if field not in {c.value for c in (*TARGET_FIELDS, *SELF_EVALUATION_FIELDS)}:
            raise Refusal(f"不能修改的栏目：{field}", index, field, text)
        if chosen and field != Column.NAME.value:
            raise Refusal("指标库的类别和计量单位只随三级指标名称保存", index, field, text)
        try:
            new = edit_indicator(old, Column(field), text, _above(core, index))
            for column, value in chosen.items():
                new = edit_indicator(new, column, value, _above(core, index))
        except InputError as exc:
            raise Refusal(exc.message, index, field, text) from exc
        changes = {index: new}
        for other in [] if chosen else analysis.merged_with(core.indicators, index, field):
            merged = {field: getattr(new, field)}  # the category cell renamed for every row it covers
            changes[other] = replace(core.indicators[other], **merged)
        update_rows(plan, changes, request.user, ChangeWay.PAGE)

    return _write(request, plan_id, change, field_part(field), Refusal("", index, field, text))


@login_required
@require_POST
def rule_note(request: HttpRequest, plan_id: int, index: int) -> HttpResponse:
    """How a scoring rule being typed is understood (not saved)."""
    plan = get_plan_for_user(request.user, plan_id)
    require(request.user, Action.EDIT, plan, Part.TARGETS)
    core = to_core(plan)
    typed = replace(_row_or_404(core, index), rule_text=request.POST.get("value", ""))
    note, understood = analysis.rule_note(typed)
    return render(request, "plans/_rule_note.html", {"note": note, "understood": understood})


def _row_or_404(core: CorePlan, index: int) -> Indicator:
    from django.http import Http404

    if not 0 <= index < len(core.indicators):
        raise Http404("这一行已不存在")
    return core.indicators[index]


@login_required
@require_POST
def add_row(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A new row below row ``at`` (at the end when not given), in the category of the row above."""

    def change(plan: Plan, core: CorePlan) -> None:
        at = _index(request.POST.get("at"), len(core.indicators))
        level1, level2 = _above(core, at)
        new = read_typed_indicator({Column.LEVEL1: level1, Column.LEVEL2: level2, Column.NAME: "新指标"})
        insert_rows(plan, at, CorePlan(kind=core.kind, indicators=[new]), request.user, ChangeWay.PAGE)

    return _write(request, plan_id, change)


@login_required
@require_POST
def delete(request: HttpRequest, plan_id: int, index: int) -> HttpResponse:
    def change(plan: Plan, core: CorePlan) -> None:
        _row(core, index)
        delete_row(plan, index, request.user, ChangeWay.PAGE)

    return _write(request, plan_id, change)


@login_required
@require_POST
def move(request: HttpRequest, plan_id: int, index: int) -> HttpResponse:
    offset = -1 if request.POST.get("direction") == "up" else 1

    def change(plan: Plan, core: CorePlan) -> None:
        _row(core, index)
        move_row(plan, index, offset, request.user, ChangeWay.PAGE)

    return _write(request, plan_id, change)


@login_required
@require_POST
def paste(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A block copied from Excel or WPS (tab-separated rows) inserted below row ``at``; refused unread
    when larger than ``PASTE_MAX_BYTES``, refused whole when one cell cannot be read."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > PASTE_MAX_BYTES + 4096:
        return paste_too_large(request, plan_id)

    def change(plan: Plan, core: CorePlan) -> None:
        text = request.POST.get("text", "")
        at = _index(request.POST.get("at"), len(core.indicators))
        try:
            block = read_typed_rows(split_pasted(text), "粘贴的内容", _above(core, at))
        except InputError as exc:
            raise Refusal(str(exc), field="paste", typed=text) from exc
        if not block.indicators and not block.placeholders:
            raise Refusal("粘贴的内容中没有指标行", field="paste")
        block.indicators = [replace(i, source=None) for i in block.indicators]
        insert_rows(plan, at, block, request.user, ChangeWay.PAGE)

    return _write(request, plan_id, change)


def paste_too_large(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    require(request.user, Action.EDIT, plan, Part.TARGETS)
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    refusal = Refusal(
        f"粘贴的内容过大（{size / 1024 / 1024:.1f} MB，上限 {PASTE_MAX_BYTES // 1024} KB），未保存："
        "请分几次粘贴，或把整张表作为文件上传",
        field="paste",
    )
    context = sheet_context(request, plan, request.POST.get("mode", "targets"), refusal)
    return render(request, "plans/_sheet.html", context, status=413)


def _index(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw not in (None, "") else default
    except ValueError:
        return default
