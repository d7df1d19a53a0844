"""Template filters of the overview (驾驶舱): a table cell as shown, a row beside its link."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jixiao.core.monitoring import Level

register = template.Library()

LEVEL_CLASSES = {
    Level.NORMAL.value: "level-normal",
    Level.MILD.value: "level-mild",
    Level.SEVERE.value: "level-severe",
}


LINKED_COLUMN = {"warnings": 3, "ranking": 1}
"""The column holding a row's link (the drill-down); the first one for the other panels."""


@register.simple_tag
def panel_rows(panel: Any) -> str:
    """A panel's table body: one ``<tr>`` a row, numbers right-aligned (``num``), "—" for nothing,
    the row's link on its linked column, a level as its coloured tag, an overdue row marked."""
    linked = LINKED_COLUMN.get(panel.name, 0)
    rows = []
    for row, link in zip(panel.rows, panel.links, strict=True):
        cells = []
        for n, value in enumerate(row):
            number = isinstance(value, int | Decimal) and not isinstance(value, bool)
            text = format_html('<a href="{}">{}</a>', link, value) if n == linked and link else _shown(value)
            if panel.name == "warnings" and n == 0:
                text = format_html(
                    '<span class="level {}">{}</span>', LEVEL_CLASSES.get(str(value), "level-none"), value
                )
            cells.append(
                format_html('<td class="num">{}</td>', text) if number else format_html("<td>{}</td>", text)
            )
        overdue = panel.name == "states" and row[-1]
        rows.append(
            format_html(
                "<tr{}>{}</tr>", mark_safe(' class="overdue"') if overdue else "", mark_safe("".join(cells))
            )
        )
    if not rows:
        return format_html('<tr><td colspan="{}">无</td></tr>', len(panel.headings))
    return mark_safe("".join(rows))


def _shown(value: object) -> str:
    return "—" if value is None else str(value)
