"""Template filters of the monitoring pages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

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
