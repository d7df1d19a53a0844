"""Template filters of the overview (驾驶舱): a table cell as shown, a row beside its link."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

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
def panel_rows(panel: Any) -> SafeString:
    """A panel's table body: one ``<tr>`` a row, numbers right-aligned (``num``), "—" for nothing,
    the row's link on its linked column, a level as its coloured tag, an overdue row marked.

    Written as escaped strings rather than ``format_html`` per cell: the page's six tables hold some
    2,500 cells at 100 departments, and ``format_html`` per cell was some 30% of the page's profiled
    time."""
    linked = LINKED_COLUMN.get(panel.name, 0)
    levels = panel.name == "warnings"
    rows = []
    for row, link in zip(panel.rows, panel.links, strict=True):
        cells = []
        for n, value in enumerate(row):
            text = "—" if value is None else escape(str(value))
            if n == linked and link:
                text = f'<a href="{escape(link)}">{text}</a>'
            if levels and n == 0:
                text = f'<span class="level {LEVEL_CLASSES.get(str(value), "level-none")}">{text}</span>'
            number = isinstance(value, int | Decimal) and not isinstance(value, bool)
            cells.append(f'<td class="num">{text}</td>' if number else f"<td>{text}</td>")
        overdue = panel.name == "states" and row[-1]
        rows.append(('<tr class="overdue">' if overdue else "<tr>") + "".join(cells) + "</tr>")
    if not rows:
        return mark_safe(f'<tr><td colspan="{len(panel.headings)}">无</td></tr>')
    return mark_safe("".join(rows))
