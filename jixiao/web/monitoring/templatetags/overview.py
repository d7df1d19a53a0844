"""Template filters of the overview (驾驶舱): a table cell as shown, a row beside its link."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from jixiao.core.monitoring import Level

register = template.Library()

LEVEL_CLASSES = {
    Level.NORMAL.value: "level-normal",
    Level.MILD.value: "level-mild",
    Level.SEVERE.value: "level-severe",
}


@register.filter
def rows_with_links(panel: Any) -> list[tuple[list[Any], str | None]]:
    """``(row, link)`` pairs of a panel's table."""
    return list(zip(panel.rows, panel.links, strict=True))


@register.filter
def is_number(cell: object) -> bool:
    return isinstance(cell, int | Decimal) and not isinstance(cell, bool)


@register.filter
def cell(value: object) -> str:
    """A cell as the table shows it: "—" for nothing, numbers as computed (already to 0.01)."""
    return "—" if value is None else str(value)


@register.filter
def level_class(value: str) -> str:
    return LEVEL_CLASSES.get(value, "level-none")
