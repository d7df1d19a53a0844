"""Template tags of the plan sheet (表格单元格): one editable or read-only cell."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from html import escape  # Django's escape is this with a lazy-text check per call: some 300 cells a page
from typing import TYPE_CHECKING, Any

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from jixiao.documents.layout.headers import COLUMN_TITLES, Column
from jixiao.documents.layout.typed import indicator_texts
from jixiao.documents.writers import cells
from jixiao.web.links import id_link
from jixiao.web.plans.analysis import Row

if TYPE_CHECKING:
    from jixiao.web.workflow.models import Comment

register = template.Library()

LONG = {Column.EXPLANATION, Column.RULE, Column.REASON, Column.NAME}
LABELS = {**COLUMN_TITLES, Column.STATED_SCORE: "自评得分", Column.REASON: "偏差原因分析及改进措施"}


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
    index, error = row.index, escape(refusal.at_field) if refused else ""
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


@register.simple_tag(takes_context=True)
def sheet_rows(context: Any) -> SafeString:
    """The table's rows (``<tr>`` each) of ``context["sheet"]`` in ``context["mode"]``: the merged
    category cells, the cells (``cell``), the score in 自评 mode, the rule and how it was understood, the
    return's comments and the review's findings beside the row, and the row's buttons where the person
    may edit.

    Built here rather than by the template's loop: the template engine's cost per node made the loop
    over a 20-row table most of the plan page's server time (issue 8's load goal).
    """
    mode, can_edit, plan = context.get("mode"), context.get("can_edit"), context["plan"]
    targets = mode != "self-evaluation"
    comments: dict[int, list[Comment]] = context["notes"].rows  # ``sheet_context`` always gives notes
    add_url = _url(context, "plan-add-row", plan.pk) if can_edit and targets else ""
    rows = context["sheet"].rows
    html: list[str] = []
    for n, row in enumerate(rows):
        i = row.index
        html.append(f'<tr id="row-{i}" data-index="{i}">')
        if row.level1_span:
            html.append(f'<td rowspan="{row.level1_span}" class="cat">{cell(context, row, "level1")}</td>')
        if row.level2_span:
            html.append(f'<td rowspan="{row.level2_span}" class="cat">{cell(context, row, "level2")}</td>')
        html.append(
            f'<td class="name">{cell(context, row, "name")}</td>'
            f'<td class="center narrow">{cell(context, row, "comparator")}</td>'
            f'<td class="num">{cell(context, row, "target")}</td>'
            f'<td class="center narrow">{cell(context, row, "unit")}</td>'
        )
        if targets:
            rule_attributes = (
                f' hx-post="{row_url(context, "plan-rule-note", i)}" hx-trigger="input delay:300ms"'
                f' hx-target="#rule-note-{i}" hx-swap="innerHTML" hx-include="find textarea"'
                if can_edit
                else ""
            )
            html.append(
                f'<td class="long">{cell(context, row, "explanation")}</td>'
                f'<td class="rule long"{rule_attributes}>{cell(context, row, "rule")}'
                f'<div class="rule-note-box" id="rule-note-{i}">'
                f"{rule_note_tag(row.rule_note, row.rule_understood)}</div></td>"
                f'<td class="num narrow">{cell(context, row, "weight")}</td>'
            )
        else:
            score = row.score
            weight = row.indicator.weight
            shown = "" if score is None else _shown(score.score, "—")
            explain = f'<small class="explain">{escape(score.explanation)}</small>' if score else ""
            html.append(
                f'<td class="num narrow">{_shown(weight, "")}</td>'
                f'<td class="num">{cell(context, row, "actual")}</td>'
                f'<td class="num">{percent(score.completion) if score else ""}</td>'
                f'<td class="score"><b>{shown}</b>{explain}</td>'
                f'<td class="num narrow">{cell(context, row, "stated_score")}</td>'
                f'<td class="long">{cell(context, row, "reason")}</td>'
            )
        html.append(f'<td class="findings" id="findings-{i}">')
        for k, comment in enumerate(comments.get(i, ()), 1):
            html.append(f'<span class="comment" id="comment-{i}-{k}">退回意见：{escape(comment.text)}</span>')
        for f in row.findings:
            message = escape(f.message)
            short = escape(Truncator(f.message).chars(40))
            html.append(f'<span class="finding {f.severity}" title="{message}">{short}</span>')
        html.append("</td>")
        if can_edit and targets:
            html.append(_row_buttons(context, row, add_url, first=n == 0, last=n == len(rows) - 1))
        html.append("</tr>\n")
    return mark_safe("".join(html))  # every text above is escaped; the rest is this function's own markup


def _row_buttons(context: Any, row: Row, add_url: str, first: bool, last: bool) -> str:
    """The row's 上移 / 下移 / 插入 / 删除 buttons."""
    i, n = row.index, row.index + 1
    move = row_url(context, "plan-move-row", i)
    return (
        '<td class="actions no-print">'
        f'<button type="button" title="上移" aria-label="第{n}行上移" hx-post="{move}"'
        f""" hx-vals='{{"direction": "up"}}'{" disabled" if first else ""}>↑</button>"""
        f'<button type="button" title="下移" aria-label="第{n}行下移" hx-post="{move}"'
        f""" hx-vals='{{"direction": "down"}}'{" disabled" if last else ""}>↓</button>"""
        f'<button type="button" title="在下方插入一行" aria-label="在第{n}行下方插入一行" hx-post="{add_url}"'
        f""" hx-vals='{{"at": "{n}"}}'>＋</button>"""
        f'<button type="button" class="danger" title="删除这一行" aria-label="删除第{n}行"'
        f' hx-post="{row_url(context, "plan-delete-row", i)}"'
        f' hx-confirm="删除第{n}行「{escape(row.indicator.name)}」？">✕</button>'
        "</td>"
    )


def _shown(value: Any, none: str) -> str:
    """A value as ``{{ value|default_if_none:none }}`` shows it (localised, escaped)."""
    return none if value is None else escape(localize(value))


def _texts(context: Any, row: Row) -> dict[Column, str]:
    """The row's cell texts, computed once per row and render."""
    cache = context.render_context.setdefault("sheet-texts", {})
    if row.index not in cache:
        cache[row.index] = indicator_texts(row.indicator)
    return cache[row.index]  # type: ignore[no-any-return]


def row_url(context: Any, name: str, index: int) -> str:
    """``{% url name plan.id index %}`` for a row of the sheet, reversed once per URL name and render
    (``links.id_link``: a 40-row table has some 250 row URLs; reversing each was a tenth of the page's
    server time)."""
    cache: dict[str, Callable[[int], str]] = context.render_context.setdefault("sheet-links", {})
    link = cache.get(name)
    if link is None:
        link = cache[name] = id_link(name, context["plan"].pk)
    return link(index)


def _url(context: Any, name: str, *args: Any) -> str:
    cache = context.render_context.setdefault("sheet-urls", {})
    key = (name, *args)
    if key not in cache:
        cache[key] = reverse(name, args=args or None)
    return str(cache[key])


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
