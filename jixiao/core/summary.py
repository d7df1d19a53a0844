"""The summary's computations across many plans (汇总计算): grade distribution (等级分布), ranking by
normalized score (得分排名) and findings counted by code (常见问题).

One implementation for every caller: ``jixiao summary`` (``documents.writers.summary``) applies them to
plans it scored and reviewed from files; the web overview (驾驶舱) to published results and stored
review findings. Pure: no files, no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

T = TypeVar("T")
M = TypeVar("M")

GRADES = ("优", "良", "中", "差")
"""The four grades (等级), best first (财预〔2020〕10号: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60)."""

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def grade_distribution(grades: Iterable[str | None]) -> list[tuple[str, int]]:
    """How many plans have each grade: ``[("优", n), ("良", n), ("中", n), ("差", n)]`` in that order,
    zeros kept; ``None`` or an empty grade (not graded) is not counted."""
    counts = Counter(g for g in grades if g)
    return [(g, counts.get(g, 0)) for g in GRADES]


def ranked(
    items: Iterable[T], normalized: Callable[[T], Decimal | None], tie: Callable[[T], tuple[str, str]]
) -> list[T]:
    """The items with a normalized score (百分制得分, 0–100), best first; ties by ``tie`` (unit, then
    name). Items whose score is ``None`` (not scored) are left out."""
    scored = [(score, item) for item in items if (score := normalized(item)) is not None]
    scored.sort(key=lambda pair: (-pair[0], tie(pair[1])))
    return [item for _, item in scored]


def findings_by_code(
    found: Iterable[tuple[Hashable, str, str, M, int]], limit: int | None = None
) -> list[tuple[str, str, int, int, M]]:
    """Findings counted by code (常见问题): from ``(plan key, code, severity, message, occurrences)``
    tuples (``occurrences``: 1 a finding, or a plan's findings of one code counted beforehand),
    ``(code, severity, occurrences, plans affected, an example message)``, most frequent first, then
    the more serious, then by code; at most ``limit`` rows (all when ``None``). The severity and the
    example are those of the code's first finding (``message`` may be any reference to it)."""
    first: dict[str, tuple[str, M]] = {}
    occurrences: Counter[str] = Counter()
    plans: dict[str, set[Hashable]] = {}
    for plan, code, severity, message, n in found:
        first.setdefault(code, (severity, message))
        occurrences[code] += n
        plans.setdefault(code, set()).add(plan)
    rows = [(code, first[code][0], occurrences[code], len(plans[code]), first[code][1]) for code in first]
    rows.sort(key=lambda r: (-r[2], SEVERITY_ORDER.get(r[1], 9), r[0]))
    return rows if limit is None else rows[:limit]


def count_by_code(codes: Iterable[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    """One plan's findings ``(code, severity)`` counted beforehand for ``findings_by_code``:
    ``(code, severity of its first, occurrences, index of its first)``, in order of first occurrence."""
    seen: dict[str, list[Any]] = {}
    for index, (code, severity) in enumerate(codes):
        if code in seen:
            seen[code][2] += 1
        else:
            seen[code] = [code, severity, 1, index]
    return [(c, s, n, i) for c, s, n, i in seen.values()]
