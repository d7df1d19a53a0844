"""Cell text as people write it (单元格文字): money in 万元 with two decimals, percentages with %, and
text that can never turn into a spreadsheet formula.

Everything a writer puts in a cell passes through here, so the xlsx, docx, HTML and PDF outputs
show the same numbers in the same way.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, TypeVar

from jixiao.core.errors import display_width
from jixiao.core.model import Indicator, Placeholder, Plan, Value

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell text that begins with one of these is a formula (or DDE) in Excel, LibreOffice and WPS."""

# C0 controls other than tab, line feed and carriage return, and the two non-characters: what XML
# 1.0 (and so .xlsx and .docx) cannot hold. Lone surrogates, which no encoding can, become U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would evaluate ``text`` if it were typed into a cell."""
    return text.startswith(FORMULA_START)


def clean_text(text: str) -> str:
    """Text safe for XML-based formats: control characters (other than tab and newline) removed."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


_Record = TypeVar("_Record", Plan, Indicator, Placeholder)


def printable_plan(plan: Plan) -> Plan:
    """The plan with ``clean_text`` applied to every text it holds (可打印文字): every writer — tables,
    template, report, summary, charts — starts from this, so all drop the same characters."""
    return replace(
        _cleaned(plan),
        info={clean_text(key): clean_text(value) for key, value in plan.info.items()},
        indicators=[_cleaned(indicator) for indicator in plan.indicators],
        placeholders=[_cleaned(placeholder) for placeholder in plan.placeholders],
    )


def _cleaned(record: _Record) -> _Record:
    texts: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str) and not isinstance(value, Enum):  # a kind or comparator stays
            texts[f.name] = clean_text(value)
    return replace(record, **texts)


def number_text(value: Decimal) -> str:
    """A Decimal as written: no exponent, no trailing ".0" invented ("40", "7.5", "100.00")."""
    if value == value.to_integral_value() and value.as_tuple().exponent >= 0:  # type: ignore[operator]
        return f"{value.quantize(Decimal(1)):f}"
    return f"{value:f}"


def plain(value: Decimal | None) -> str:
    """A number without trailing zeros ("6", "3.44"); "" for None."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):f}"
    return f"{value.normalize():f}"


def value_text(value: Value | None) -> str:
    """A target or actual value as text: numbers as written, phrases as they are."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number_text(value)
    return value


def money(value: Decimal | None) -> str:
    """万元 with two decimals, as the tables write it: "1950.00" (no separators, which readers
    of these tables do not expect)."""
    if value is None:
        return ""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


def points(value: Decimal | None) -> str:
    """Points (分) to two decimals at most, trailing zeros dropped: "6", "3.44"."""
    if value is None:
        return ""
    return plain(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent(rate: Decimal | None, places: int = 2) -> str:
    """A fraction as a percentage: Decimal("0.875") → "87.50%"."""
    if rate is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    return f"{(rate * 100).quantize(quantum, rounding=ROUND_HALF_UP):f}%"


def line_count(text: str, width: float) -> int:
    """Lines ``text`` takes in a column ``width`` half-width characters wide (wrapped, with its own breaks)."""
    per_line = max(int(width), 1)
    return sum(max(1, -(-display_width(part) // per_line)) for part in text.split("\n"))


_UNBROKEN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef，。；：、（）]+")
CELL_MARGIN = 2.0
"""Half-width columns of padding a cell needs beside its text (borders, the spreadsheet's inset)."""


def unbreakable_width(value: object) -> float:
    """The width (half-width columns, CJK counting 2) a cell needs so that ``value`` shows whole:
    a number as a table writes it (two decimals at least: 1200 → "1200.00"), or the longest run of a
    text that cannot wrap (digits, Latin letters and signs: "≥1950", "100%"; CJK text wraps between
    any two characters), plus ``CELL_MARGIN``. A number too wide for its column prints as "###"."""
    if isinstance(value, Decimal):
        text = (
            f"{value:.2f}"
            if value == value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            else f"{value:f}"
        )
        return len(text) + CELL_MARGIN
    if not isinstance(value, str) or not value:
        return 0.0
    runs = _UNBROKEN.findall(value)
    return (max((display_width(r) for r in runs), default=0) + CELL_MARGIN) if runs else 0.0
