"""``GET /api/v1/library``: the indicator library (指标库), listed or searched, a page at a time.

What a caller sees follows ``permissions.library_units``, as on the library pages: every entry's
name, category, units and the spread across units per year (aggregates) to any logged-in caller; the
rows of a unit (target, actual, completion per year) only for units whose plans the caller may see.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, overload

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate

from jixiao.core.library import Entry, Library, Range, entries_by_category
from jixiao.web.accounts.models import Organisation
from jixiao.web.accounts.permissions import library_units
from jixiao.web.library.build import current_library, organisation_label

router = Router(tags=["指标库"])

PAGE_SIZE = 50
QUERY_MAX = 100  # characters of ``q`` looked up (a name is never longer in practice)


@router.get("", summary="指标库：列出与查找", response=list[dict[str, Any]])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=200)
def list_library(
    request: HttpRequest, q: str = "", level1: str = "", unit: str = ""
) -> Sequence[dict[str, Any]]:
    """不带 q：全部条目，按类别与名称排序；带 q：名称含 q（归一后，如全角半角、空格、“比例/率”）的条目，
    名称以 q 开头的在前，一级指标为 level1、计量单位为 unit 的优先。分页：page（从 1 起）、page_size（默认 50，
    最多 200），返回 items 与总数 count。每个条目：编号 id（用于 /library/entry/?id=）、名称、类别、计量单位、
    各年度各单位目标与实际的分布（spread）；history 只含调用者可查看的单位的逐年目标、实际、完成率。"""
    library = current_library()
    if q.strip():
        found = [s.entry for s in library.suggest(q[:QUERY_MAX], level1, unit, limit=len(library.entries))]
    else:
        found = [e for _category, entries in entries_by_category(library) for e in entries]
    ids = library_units(request.user)
    visible = {
        organisation_label(u) for u in Organisation.objects.filter(pk__in=ids).select_related("parent")
    }
    return _Entries(found, library, visible)


class _Entries(Sequence[dict[str, Any]]):
    """The entries found, turned into JSON only for the page the paginator slices out."""

    def __init__(self, entries: list[Entry], library: Library, visible: set[str]) -> None:
        self.entries, self.library, self.visible = entries, library, visible

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [entry_json(e, self.visible) for e in self.entries[index]]
        return entry_json(self.entries[index], self.visible)


def entry_json(entry: Entry, visible: set[str]) -> dict[str, Any]:
    """One entry as the API gives it; ``visible``: the unit labels ("部门/单位") whose rows are shown."""
    spreads = [entry.spread(year) for year in entry.years()]
    return {
        "id": entry.id,
        "name": entry.name,
        "level1": entry.level1,
        "level2": entry.level2,
        "unit": entry.unit,
        "names": list(entry.variants),
        "units": list(entry.units),
        "records": entry.observation_count,
        "years": entry.years(),
        "common_in": sorted(entry.common_in),
        "explanation": entry.explanation(),
        "spread": [
            {"year": s.year, "units": s.units, "targets": _range(s.targets), "actuals": _range(s.actuals)}
            for s in spreads
            if s is not None
        ],
        "history": [
            {
                "year": o.year,
                "unit": o.organisation,
                "comparator": o.indicator.comparator.symbol,
                "target": o.indicator.target,
                "actual": o.indicator.actual,
                "measure": o.indicator.unit,
                "completion": o.completion,
                "met": o.met,
            }
            for o in sorted(entry.observations, key=lambda o: (o.year, o.organisation))
            if o.organisation in visible
        ],
    }


def _range(r: Range | None) -> dict[str, Decimal] | None:
    return None if r is None else {"low": r.low, "median": r.middle, "high": r.high}
