"""Template tags of the plan sheet (表格单元格): one editable or read-only cell."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from jixiao.documents.layout.headers import COLUMN_TITLES, Column
from jixiao.documents.layout.typed import indicator_texts
from jixiao.documents.writers import cells
from jixiao.web.plans.analysis import Row

register = template.Library()

LONG = {Column.EXPLANATION, Column.RULE, Column.REASON, Column.NAME}
LABELS = {**COLUMN_TITLES, Column.STATED_SCORE: "自评得分", Column.REASON: "偏差原因分析及改进措施"}


@register.simple_tag(takes_context=True)
def cell(context: Any, row: Row, field: str) -> SafeString:
    """The cell of ``field`` (a ``Column`` value) in ``row``: an input where the person may edit it in
    this mode, with the refused text and its message when the last save was refused there.

    The name cell (三级指标) of an editable target table asks the indicator library (指标库) for
    suggestions as it is typed (``static/jixiao/library.js``); choosing one saves the name with the
    entry's category and unit through this same cell's save.

    Rendered here rather than by an included template: a 40-row table has some 300 cells, and an
    included template per cell was half of the plan page's server time.
    """
    column = Column(field)
    refusal = context.get("refusal")
    refused = refusal is not None and refusal.row == row.index and refusal.field == field
    text = escape(refusal.typed if refused else _texts(context, row)[column])
    if not (context.get("can_edit") and column in context.get("fields", ())):
        return mark_safe(f'<span class="text">{text}</span>')
    index, error = row.index, escape(refusal.message) if refused else ""
    url = row_url(context, "plan-cell", index)
    attributes = (
        f'id="cell-{index}-{field}" name="value" aria-label="第{index + 1}行 {LABELS[column]}" '
        f'class="cell{" invalid" if error else ""}" hx-post="{url}" hx-trigger="change" '
        'hx-target="#sheet" hx-swap="outerHTML" '  # the rule cell sits in a box that targets its note
        f'hx-vals=\'{{"field": "{field}"}}\''
    )
    if error:
        attributes += f' aria-invalid="true" aria-describedby="error-{index}-{field}"'
    suggest = column is Column.NAME and context.get("mode") == "targets"
    if suggest:
        attributes += (
            f' data-library-suggest="{_url(context, "library-suggest")}?plan={context["plan"].pk}"'
            f' data-library-list="suggest-{index}" data-library-save'
            f' data-level1="{escape(row.indicator.level1)}" autocomplete="off"'
        )
    if column in LONG:
        html = f'<textarea {attributes} rows="2">{text}</textarea>'
    else:
        html = f'<input {attributes} value="{text}">'
    if error:
        html += f'<span class="field-error" id="error-{index}-{field}" role="alert">{error}</span>'
    if suggest:
        html += (
            f'<div class="suggest-list" id="suggest-{index}" data-library-list-of="cell-{index}-name"></div>'
        )
    return mark_safe(html)  # every text above is escaped; the rest is this function's own markup


def _texts(context: Any, row: Row) -> dict[Column, str]:
    """The row's cell texts, computed once per row and render."""
    cache = context.render_context.setdefault("sheet-texts", {})
    if row.index not in cache:
        cache[row.index] = indicator_texts(row.indicator)
    return cache[row.index]  # type: ignore[no-any-return]


_SLOT = 987654321
"""A row index no table reaches: reversed once, then replaced by each row's index."""


@register.simple_tag(takes_context=True)
def row_url(context: Any, name: str, index: int) -> str:
    """``{% url name plan.id index %}`` for a row of the sheet, reversed once per URL name and render
    (a 40-row table has some 250 row URLs; reversing each was a tenth of the page's server time)."""
    cache = context.render_context.setdefault("sheet-urls", {})
    pattern = cache.get(name)
    if pattern is None:
        pattern = cache[name] = reverse(name, args=[context["plan"].pk, _SLOT])
    return str(pattern).replace(str(_SLOT), str(index))


def _url(context: Any, name: str) -> str:
    cache = context.render_context.setdefault("sheet-urls", {})
    if name not in cache:
        cache[name] = reverse(name)
    return str(cache[name])


@register.simple_tag(name="rule_note")
def rule_note_tag(note: str, understood: bool) -> SafeString:
    """How a scoring rule was understood (``analysis.rule_note``), as the rule cell shows it below the
    rule and the rule-note view answers while it is typed (a tag, not an included template: one per
    row of the table)."""
    return format_html(
        '<span class="rule-note {}">{}{}</span>',
        "ok" if understood else "no",
        "已识别：" if understood else "未识别：",
        note,
    )


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
