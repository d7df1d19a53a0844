"""What the library pages show of an entry: rows per unit and year, spreads, suggestion lines.

Formatting only (numbers as people write them, completion as a percentage): no rule is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.library import Entry, Spread, Suggestion
from jixiao.core.model import Comparator, Value
from jixiao.core.scoring import format_percent
from jixiao.web.library.build import organisation_label
from jixiao.web.plans.models import Plan


def number(value: Value | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}{unit}"
    return value


def target(comparator: Comparator, value: Value | None, unit: str) -> str:
    if comparator is Comparator.QUALITATIVE:
        return number(value)
    return f"{comparator.symbol}{number(value, unit)}"


@dataclass(frozen=True)
class HistoryRow:
    year: int
    organisation: str
    target: str
    actual: str
    completion: str
    met: str


def rows(entry: Entry, visible: set[str]) -> list[HistoryRow]:
    """The entry's rows of the units in ``visible`` (labels), newest year first."""
    made = []
    for o in sorted(entry.observations, key=lambda o: (-o.year, o.organisation)):
        if o.organisation not in visible:
            continue
        ind = o.indicator
        completion = o.completion
        met = {True: "完成", False: "未完成", None: "—"}[o.met]
        made.append(
            HistoryRow(
                o.year,
                o.organisation,
                target(ind.comparator, ind.target, ind.unit),
                number(ind.actual, ind.unit if isinstance(ind.actual, Decimal) else ""),
                format_percent(completion) if completion is not None else "—",
                met,
            )
        )
    return made


@dataclass(frozen=True)
class YearSpread:
    year: int
    units: int
    targets: str
    actuals: str


def _range(spread: Spread, which: str, unit: str) -> str:
    r = spread.targets if which == "targets" else spread.actuals
    if r is None:
        return "—"
    if r.low == r.high:  # one value (one unit, or all alike): no range to show
        return number(r.low, unit)
    return f"{number(r.low, unit)} ～ {number(r.high, unit)}（中位数 {number(r.middle, unit)}）"


def years(entry: Entry) -> list[YearSpread]:
    made = []
    for year in reversed(entry.years()):
        spread = entry.spread(year)
        if spread is not None:
            made.append(
                YearSpread(
                    year,
                    spread.units,
                    _range(spread, "targets", entry.unit),
                    _range(spread, "actuals", entry.unit),
                )
            )
    return made


@dataclass(frozen=True)
class SuggestionLine:
    name: str
    level1: str
    level2: str
    unit: str
    entry_id: str
    last: str  # this unit's latest earlier target and actual, or ""
    spread: str  # the spread across units of the latest year (before the plan's; with actuals first), or ""


def suggestions(found: list[Suggestion], plan: Plan | None) -> list[SuggestionLine]:
    """Lines for the suggestion list: with this unit's last values when a plan is given."""
    made = []
    for s in found:
        entry = s.entry
        last = ""
        if plan is not None:
            past = entry.history(organisation_label(plan.unit), plan.year)
            if past:
                o = past[-1]
                ind = o.indicator
                last = f"本单位{o.year}年：目标{target(ind.comparator, ind.target, ind.unit)}，实际{number(ind.actual, ind.unit if isinstance(ind.actual, Decimal) else '')}"
        spread = ""
        before = plan.year if plan is not None else None
        earlier = [y for y in years(entry) if before is None or y.year < before]
        latest = next((y for y in earlier if y.actuals != "—"), earlier[0] if earlier else None)
        if latest is not None:
            spread = f"{latest.year}年{latest.units}个单位：目标 {latest.targets}；实际 {latest.actuals}"
        made.append(
            SuggestionLine(entry.name, entry.level1, entry.level2, entry.unit, entry.id, last, spread)
        )
    return made


def chart(entry: Entry) -> dict[str, object]:
    """The entry chart's data (目标与实际): per year, the median target and median actual across
    units (numbers only; None where a year has none), in the entry's unit. Floats: for drawing only,
    the table beside the chart gives the exact values."""
    spreads = [s for s in (entry.spread(y) for y in entry.years()) if s is not None]
    return {
        "unit": entry.unit,
        "years": [str(s.year) for s in spreads],
        "targets": [float(s.targets.middle) if s.targets else None for s in spreads],
        "actuals": [float(s.actuals.middle) if s.actuals else None for s in spreads],
        "units": [s.units for s in spreads],
    }
