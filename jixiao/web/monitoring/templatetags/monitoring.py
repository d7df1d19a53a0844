"""Template filters and tags of the monitoring pages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.formats import localize

register = template.Library()


def percent_value(fraction: Decimal | None) -> Decimal | None:
    """A fraction as a percentage to 0.01 (ROUND_HALF_UP): 0.49589 → 49.59; what tables and charts show."""
    if fraction is None:
        return None
    return (fraction * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@register.filter
def percent(fraction: Decimal | None) -> str:
    """``{{ value|percent }}`` → "49.59%", or "—"."""
    value = percent_value(fraction)
    return "—" if value is None else f"{value}%"


@register.simple_tag
def kept(typed: Any, name: str, stored: Any, index: int | None = None) -> str:
    """What the field ``name`` (``name-index`` when ``index`` is given) of the entry form shows: the
    text sent (``typed``, the refused form) when there is one, else the stored value ("" for none)."""
    field = name if index is None else f"{name}-{index}"
    if typed is not None:
        return str(typed.get(field, ""))
    return "" if stored is None else str(localize(stored))  # as ``{{ stored }}`` shows it
