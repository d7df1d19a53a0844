"""Template tags of the plan sheet (表格单元格): one editable or read-only cell."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from jixiao.documents.layout.headers import COLUMN_TITLES, Column
from jixiao.documents.layout.typed import indicator_texts
from jixiao.documents.writers import cells
from jixiao.web.plans.analysis import Row

register = template.Library()

LONG = {Column.EXPLANATION, Column.RULE, Column.REASON, Column.NAME}
LABELS = {**COLUMN_TITLES, Column.STATED_SCORE: "自评得分", Column.REASON: "偏差原因分析及改进措施"}


@register.inclusion_tag("plans/_cell.html", takes_context=True)
def cell(context: Any, row: Row, field: str) -> dict[str, Any]:
    """The cell of ``field`` (a ``Column`` value) in ``row``: an input where the person may edit it in
    this mode, with the refused text and its message when the last save was refused there."""
    column = Column(field)
    refusal = context.get("refusal")
    refused = refusal is not None and refusal.row == row.index and refusal.field == field
    text = indicator_texts(row.indicator)[column]
    return {
        "plan": context["plan"],
        "row": row,
        "field": field,
        "label": f"第{row.index + 1}行 {LABELS[column]}",
        "text": refusal.typed if refused else text,
        "editable": context.get("can_edit") and column in context.get("fields", ()),
        "long": column in LONG,
        "error": refusal.message if refused else "",
    }


@register.filter
def percent(rate: Any) -> str:
    """A completion or execution rate (0.875) as the tables write it ("87.50%"); "" for None."""
    return cells.percent(rate) if isinstance(rate, Decimal) else ""


@register.filter
def where(location: Any) -> str:
    """Where a value was read, without the file name (the page names the file above): "工作表「表1」
    单元格 C7"; "—" when unknown."""
    return (
        location.describe(with_file=False) if location is not None and hasattr(location, "describe") else "—"
    )
