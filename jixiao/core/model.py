"""The domain model: a plan (绩效目标表) with its indicators (绩效指标).

Pure data: no parsing, no scoring, no I/O. Numbers are ``Decimal`` end to end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jixiao.core.errors import Location


class PlanKind(StrEnum):
    """Whose targets: the whole department (部门整体) or one project (项目)."""

    DEPARTMENT = "department"
    PROJECT = "project"


class Comparator(StrEnum):
    """How the actual value is compared with the target (指标值类型)."""

    GE = "ge"  # ≥ — at least
    LE = "le"  # ≤ — at most (costs, reverse indicators)
    EQ = "eq"  # = — exactly
    QUALITATIVE = "qualitative"  # 定性 — a phrase, judged achieved or not

    @property
    def symbol(self) -> str:
        return {"ge": "≥", "le": "≤", "eq": "=", "qualitative": "定性"}[self.value]


Value = Decimal | str
"""A target or actual value: a number, or a phrase for qualitative indicators."""


@dataclass(slots=True)
class Indicator:
    """One row of the indicator table (三级指标)."""

    level1: str
    level2: str
    name: str
    comparator: Comparator
    target: Value | None
    target_text: str
    unit: str = ""
    explanation: str = ""
    rule_text: str = ""
    weight: Decimal | None = None  # None when the table gives none — never 0
    actual: Value | None = None
    stated_score: Decimal | None = None
    source: Location | None = None
    rule_override: str | None = None  # rule-language text that replaces the recognised rule
    reason: str = ""  # 偏差原因分析及改进措施
    last_year_actual: Value | None = None  # 上年实际值, from two-row headers
    comparator_inferred: bool = False  # the table wrote no comparator: read by kind (≥, ≤ for costs, = 100%)
    name_as_written: str = ""  # the name cell as written, when reading changed it (a placeholder dropped)
    # Monitoring (绩效运行监控, jixiao.core.monitoring): values stated at a round's cut-off date.
    to_date: Value | None = None  # 累计完成值; for 定性: 按进度 / 滞后 / 无法完成
    expected: Value | None = None  # 预计全年完成值
    correction: str = ""  # 纠偏措施 (the deviation's reason goes in ``reason``)


@dataclass(slots=True)
class Placeholder:
    """A "/" or empty row: this category has no indicator (不是指标)."""

    level1: str
    level2: str
    source: Location | None = None


@dataclass(slots=True)
class Quota:
    """An upper-level weight (一级 权重, 二级 分值): the points a category's indicators share."""

    level1: str
    level2: str  # "" for a 一级 quota
    points: Decimal
    source: Location | None = None


@dataclass(slots=True)
class Budget:
    """Funds (项目资金, 万元): 全年预算数 and 全年执行数; None where unknown."""

    annual: Decimal | None
    executed: Decimal | None
    initial: Decimal | None = None  # 年初预算数
    stated_score: Decimal | None = None  # 得分 the table gives for budget execution
    # Monitoring (绩效运行监控): funds executed by a round's cut-off date, and why they lag.
    executed_to_date: Decimal | None = None  # 累计执行数
    reason: str = ""  # 偏差原因
    correction: str = ""  # 纠偏措施


@dataclass(slots=True)
class Plan:
    """A performance target table (绩效目标表) or self-evaluation table (自评表)."""

    kind: PlanKind
    title: str = ""
    unit: str = ""  # the department or unit (单位) name
    duties: str = ""  # 部门职责
    goal: str = ""  # 年度总体目标
    achieved: str = ""  # 实际完成情况 (self-evaluations)
    budget: Budget | None = None
    stated_total: Decimal | None = None  # 总分 as the table states it
    placeholders: list[Placeholder] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    quotas: list[Quota] = field(default_factory=list)  # category quotas of a table with weights at 3 levels
    info: dict[str, str] = field(default_factory=dict)  # other header fields: 主管部门, 实施单位, …
    source: Location | None = None


def category_spans(categories: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """How the official table merges its category cells (一级指标、二级指标合并单元格).

    ``categories``: each table row's (一级, 二级), top to bottom. Returns, for each row, the number of
    rows its 一级 cell and its 二级 cell span — 0 where the cell above covers it. A run of equal,
    non-empty 一级 merges; a run of equal, non-empty 二级 merges within one 一级 (the 二级 key is the
    pair); an empty category is never merged.
    """
    spans = [[1, 1] for _ in categories]
    keys: list[list[tuple[str, ...]]] = [
        [(level1,) for level1, _ in categories],
        [tuple(c) for c in categories],
    ]
    for col in (0, 1):
        start = 0
        for row in range(1, len(categories) + 1):
            if row < len(categories) and keys[col][row] == keys[col][start] and categories[start][col]:
                spans[row][col] = 0
                continue
            spans[start][col] = row - start
            start = row
    return [(a, b) for a, b in spans]
