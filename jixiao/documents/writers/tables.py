"""The official tables, laid out once (表格版式): 绩效目标表 and 绩效自评表 as rows of cells with merges.

``plan_table`` turns a plan (and, for a self-evaluation, its computed ``PlanScore``) into a
``Table``: a title, an information block (信息栏: 部门（单位）名称, 职责, 项目资金, 年度总体目标,
实际完成情况), the indicator header and rows (一级/二级 merged vertically over their rows, "/" rows
for the placeholders) and, for a self-evaluation, the 总分 row with the grade. The xlsx and docx
writers only render a ``Table``; so both formats hold the same layout, and that layout is one
``jixiao.documents.layout`` reads back: its header names come from the layout's synonym table, its
information-block labels from ``INFO_LABELS``.

A self-evaluation's 得分 cells hold the scores jixiao computes (``score_plan``), never the stated ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING

from jixiao.core.errors import Location
from jixiao.core.model import Indicator, Placeholder, Plan, PlanKind, category_spans
from jixiao.documents.layout import INFO_LABELS, KIND_TITLES, header_key
from jixiao.documents.writers.cells import unbreakable_width, value_text

if TYPE_CHECKING:
    from jixiao.core.scoring import IndicatorScore, PlanScore


class Style(StrEnum):
    """How a cell looks and how its number is written."""

    LABEL = "label"  # a bold label of the information block or the header
    TEXT = "text"  # left-aligned prose
    CENTER = "center"  # short centred text (categories, comparators, units)
    NUMBER = "number"  # a measured value, as written
    MONEY = "money"  # 万元, two decimals
    PERCENT = "percent"  # a fraction shown as a percentage, two decimals
    POINTS = "points"  # 分, up to two decimals


@dataclass(slots=True)
class TableCell:
    value: str | Decimal | None
    style: Style = Style.TEXT


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range, 0-based and inclusive, in the table's rows (the title row not counted)."""

    row: int
    col: int
    last_row: int
    last_col: int


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    title: str
    width: float  # Excel's column-width unit (a digit of the default font; a CJK character takes ~2)


@dataclass(slots=True)
class Table:
    name: str  # sheet name
    title: str
    headings: list[str]  # lone lines under the title (the kind, where the title does not tell it)
    columns: list[ColumnSpec]
    rows: list[list[TableCell | None]] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    header_row: int = -1  # index of the indicator header row

    def add(self, *cells: TableCell | None) -> int:
        row = list(cells) + [None] * (len(self.columns) - len(cells))
        self.rows.append(row)
        return len(self.rows) - 1

    def merge(self, row: int, col: int, last_row: int, last_col: int) -> None:
        if last_row > row or last_col > col:
            self.merges.append(Merge(row, col, last_row, last_col))

    def content_widths(self) -> list[float]:
        """What each column's own cells (not merged across columns) need to show whole, in Excel's
        unit (a half-width character): the widest ``cells.unbreakable_width`` of its values."""
        spanning = {
            (m.row, c) for m in self.merges if m.last_col > m.col for c in range(m.col, m.last_col + 1)
        }
        needed = [0.0] * len(self.columns)
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row[: len(needed)]):
                if cell is not None and (r, c) not in spanning:
                    needed[c] = max(needed[c], unbreakable_width(cell.value))
        return needed

    def widths(self) -> list[float]:
        """Each column's width (Excel's unit): its spec's, widened to ``content_widths``, for every
        writer."""
        return [max(c.width, n) for c, n in zip(self.columns, self.content_widths(), strict=True)]


TARGET_COLUMNS = [
    ColumnSpec("一级指标", 9),
    ColumnSpec("二级指标", 11),
    ColumnSpec("三级指标", 20),
    ColumnSpec("指标值类型", 7),
    ColumnSpec("指标值", 10),
    ColumnSpec("计量单位", 7),
    ColumnSpec("指标解释", 20),
    ColumnSpec("评（扣）分标准", 30),
    ColumnSpec("分值", 6),
]
SELF_EVALUATION_COLUMNS = [
    ColumnSpec("一级指标", 8),
    ColumnSpec("二级指标", 10),
    ColumnSpec("三级指标", 16),
    ColumnSpec("指标值类型", 6),
    ColumnSpec("年度指标值", 9),
    ColumnSpec("计量单位", 6),
    ColumnSpec("实际完成值", 9),
    ColumnSpec("完成率", 9),
    ColumnSpec("分值", 6),
    ColumnSpec("得分", 6),
    ColumnSpec("偏差原因分析及改进措施", 20),
    ColumnSpec("指标解释", 14),
    ColumnSpec("评（扣）分标准", 22),
]

LAST_YEAR_COLUMN = ColumnSpec("上年实际值", 9)  # only where some indicator has last year's value

FUNDS_HEADINGS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
BUDGET_POINTS = Decimal(10)


def is_self_evaluation(plan: Plan) -> bool:
    """Whether the plan carries actual values (实际完成值 or 全年执行数): a self-evaluation."""
    return any(i.actual is not None for i in plan.indicators) or (
        plan.budget is not None and plan.budget.executed is not None
    )


def kind_title(plan: Plan, self_evaluation: bool | None = None) -> str:
    if self_evaluation is None:
        self_evaluation = is_self_evaluation(plan)
    return KIND_TITLES[(plan.kind, self_evaluation)]


def plan_table(
    plan: Plan, score: PlanScore | None = None, sheet_name: str = "", *, self_evaluation: bool | None = None
) -> Table:
    """The plan as its official table: a self-evaluation table when ``score`` is given, or when
    ``self_evaluation`` is True without a score (the blank form to fill in: ``writers.template``)."""
    if self_evaluation is None:
        self_evaluation = score is not None
    columns = SELF_EVALUATION_COLUMNS if self_evaluation else TARGET_COLUMNS
    last_year = any(i.last_year_actual is not None for i in plan.indicators)
    if last_year:
        columns = [*columns, LAST_YEAR_COLUMN]
    width = len(columns)
    table = new_table(plan, columns, kind_title(plan, self_evaluation), sheet_name)

    info_block(table, plan)
    if plan.budget is not None:
        _funds_block(table, plan, score, self_evaluation)
    field_row(table, "年度总体目标", plan.goal)
    if self_evaluation:
        field_row(table, "实际完成情况", plan.achieved)

    table.header_row = table.add(*(TableCell(c.title, Style.LABEL) for c in columns))
    scores = _scores_by_indicator(plan, score)
    start = len(table.rows)
    for item in ordered_rows(plan):
        if isinstance(item, Placeholder):
            table.add(
                TableCell(item.level1, Style.CENTER),
                TableCell(item.level2, Style.CENTER),
                *(TableCell("/", Style.CENTER) for _ in range(width - 2)),
            )
        elif self_evaluation:
            s = scores.get(id(item))
            table.add(*_self_evaluation_cells(item, s), *_last_year_cells(item, last_year))
        else:
            table.add(*_target_cells(item), *_last_year_cells(item, last_year))
    merge_categories(table, start, len(table.rows))

    if self_evaluation:
        row = table.add(
            TableCell("总分", Style.LABEL),
            *([None] * 7),
            TableCell(score.max_total if score else _max_total(plan), Style.POINTS),
            TableCell(score.total if score else None, Style.POINTS),
            TableCell(f"等级：{score.grade.value if score.grade else '—'}" if score else None, Style.LABEL),
        )
        table.merge(row, 0, row, 7)
        table.merge(row, 10, row, width - 1)
    return table


def new_table(plan: Plan, columns: list[ColumnSpec], kind_name: str, sheet_name: str = "") -> Table:
    """An empty table for ``plan`` headed by its official name (表名: ``kind_name``, "项目支出绩效自评表"),
    with the plan's own title beneath it where that names the plan (a project table names its project
    in the 项目名称 field instead)."""
    width = len(columns)
    named = bool(plan.title) and plan.info.get("项目名称") == plan.title
    title = kind_name if named or not plan.title else plan.title
    labels = title_labels(title)
    tells = kind_name in title  # "2023年部门整体支出绩效目标表": the official name, and which plan
    table = Table(
        name=sheet_name or title,
        title=title if tells else kind_name,
        headings=[] if labels or tells or title == kind_name else [title],
        columns=columns,
    )
    if labels:
        # A title that is a row of labels ("部门（单位）职责 | 年度履职目标", as the seed has it) is
        # written as that row, at the top of the table.
        bounds = [round(i * width / len(labels)) for i in range(len(labels) + 1)]
        row = table.add()
        for part, first, stop in zip(labels, bounds, bounds[1:], strict=False):
            table.rows[row][first] = TableCell(part, Style.LABEL)
            table.merge(row, first, row, stop - 1)
    return table


def field_row(table: Table, label: str, value: str) -> None:
    """A row of the information block: the label over two columns, the value over the rest."""
    row = table.add(TableCell(label, Style.LABEL), None, TableCell(value, Style.TEXT))
    table.merge(row, 0, row, 1)
    table.merge(row, 2, row, len(table.columns) - 1)


def info_block(table: Table, plan: Plan) -> None:
    """The information rows every official table opens with: name, duties, the plan's fields."""
    if plan.kind is PlanKind.DEPARTMENT:
        field_row(table, "部门（单位）名称", plan.unit)
        if plan.duties:
            field_row(table, "部门（单位）职责", plan.duties)
    for label, value in plan.info.items():
        field_row(table, label, value)
    if plan.kind is PlanKind.PROJECT and plan.unit and plan.unit != plan.info.get("实施单位"):
        field_row(table, "单位名称", plan.unit)


def _max_total(plan: Plan) -> Decimal:
    """The points a blank self-evaluation can give: the weights, and 10 for a project's budget execution."""
    weights = sum((i.weight for i in plan.indicators if i.weight is not None), Decimal(0))
    return weights + (BUDGET_POINTS if plan.kind is PlanKind.PROJECT and plan.budget is not None else 0)


def _scores_by_indicator(plan: Plan, score: PlanScore | None) -> dict[int, IndicatorScore]:
    if score is None:
        return {}
    found: dict[int, IndicatorScore] = {id(s.indicator): s for s in score.indicators}
    if all(id(i) in found for i in plan.indicators):
        return found
    return {id(i): s for i, s in zip(plan.indicators, score.indicators, strict=False)}


def title_labels(title: str) -> list[str]:
    """The parts of a title made of information-block labels joined by spaces, else []."""
    parts = title.split()
    if len(parts) > 1 and all(header_key(part) in INFO_LABELS for part in parts):
        return parts
    return []


def ordered_rows(plan: Plan) -> list[Indicator | Placeholder]:
    """Indicators and placeholders in document order: by where they were read when every row
    knows that and the indicators still stand in that order, else (rows moved or added on a page)
    the indicators in their list order, each placeholder after the last indicator of its 一级
    category."""
    items: list[Indicator | Placeholder] = [*plan.indicators, *plan.placeholders]
    keys = [_position(item.source) for item in items]
    in_order = all(
        a is not None and b is not None and a <= b for a, b in pairwise(keys[: len(plan.indicators)])
    )
    if items and all(k is not None for k in keys) and in_order:
        order = sorted(range(len(items)), key=lambda i: keys[i] or (0, 0, 0))
        return [items[i] for i in order]
    rows: list[Indicator | Placeholder] = list(plan.indicators)
    for placeholder in plan.placeholders:
        last = max(
            (
                i
                for i, r in enumerate(rows)
                if r.level1 == placeholder.level1
                and (isinstance(r, Indicator) or r.level2 != placeholder.level2)
            ),
            default=len(rows) - 1,
        )
        rows.insert(last + 1, placeholder)
    return rows


def _position(source: Location | None) -> tuple[int, int, int] | None:
    if source is None:
        return None
    line = source.line if source.line is not None else source.row
    if line is None:
        return None
    return (source.page or 0, line, source.column or 0)


def _funds_block(table: Table, plan: Plan, score: PlanScore | None, self_evaluation: bool) -> None:
    budget = plan.budget
    assert budget is not None
    head = table.add(
        TableCell("项目资金（万元）", Style.LABEL),
        None,
        *(TableCell(h, Style.LABEL) for h in FUNDS_HEADINGS),
    )
    table.merge(head, 0, head, 1)
    row = table.add(
        TableCell("年度资金总额", Style.LABEL),
        None,
        TableCell(budget.initial, Style.MONEY),
        TableCell(budget.annual, Style.MONEY),
        TableCell(budget.executed, Style.MONEY),
        TableCell(BUDGET_POINTS, Style.POINTS),
        TableCell(score.budget_rate if score else None, Style.PERCENT),
        TableCell(
            score.budget_score if score else (budget.stated_score if not self_evaluation else None),
            Style.POINTS,
        ),
    )
    table.merge(row, 0, row, 1)
    last = len(table.columns) - 1
    if last > 7:
        table.merge(head, 8, head, last)
        table.merge(row, 8, row, last)


def identity_cells(ind: Indicator) -> list[TableCell]:
    """一级, 二级, 三级, 指标值类型, 指标值, 计量单位: the columns both tables begin with."""
    return [
        TableCell(ind.level1, Style.CENTER),
        TableCell(ind.level2, Style.CENTER),
        TableCell(ind.name, Style.TEXT),
        TableCell(ind.comparator.symbol, Style.CENTER),
        TableCell(_target_text(ind), Style.CENTER),
        TableCell(ind.unit, Style.CENTER),
    ]


def _target_cells(ind: Indicator) -> list[TableCell]:
    return [
        *identity_cells(ind),
        TableCell(ind.explanation, Style.TEXT),
        TableCell(ind.rule_text, Style.TEXT),
        TableCell(ind.weight, Style.POINTS),
    ]


def _self_evaluation_cells(ind: Indicator, score: IndicatorScore | None) -> list[TableCell]:
    completion = score.completion if score is not None else None
    points = score.score if score is not None else None
    actual = ind.actual
    return [
        *identity_cells(ind),
        TableCell(actual if isinstance(actual, Decimal) else value_text(actual), Style.NUMBER),
        TableCell(completion, Style.PERCENT),
        TableCell(ind.weight, Style.POINTS),
        TableCell(points, Style.POINTS),
        TableCell(ind.reason, Style.TEXT),
        TableCell(ind.explanation, Style.TEXT),
        TableCell(ind.rule_text, Style.TEXT),
    ]


def _last_year_cells(ind: Indicator, shown: bool) -> list[TableCell]:
    """上年实际值, when the table has that column."""
    if not shown:
        return []
    value = ind.last_year_actual
    return [TableCell(value if isinstance(value, Decimal) else value_text(value), Style.NUMBER)]


def _target_text(ind: Indicator) -> str:
    """The target as its table wrote it (the original text), else as jixiao holds it."""
    return ind.target_text or value_text(ind.target)


def merge_categories(table: Table, start: int, stop: int) -> None:
    """Merge 一级 cells over runs of the same category, 二级 cells over runs within one 一级
    (``core.model.category_spans``: the rule the plan page draws its table with too)."""
    spans = category_spans(
        [(_cell_text(table, row, 0), _cell_text(table, row, 1)) for row in range(start, stop)]
    )
    for row, merged in enumerate(spans, start):
        for col, span in enumerate(merged):
            if span > 1:
                table.merge(row, col, row + span - 1, col)
            elif span == 0:
                table.rows[row][col] = None


def _cell_text(table: Table, row: int, col: int) -> str:
    cell = table.rows[row][col]
    return str(cell.value) if cell is not None and cell.value is not None else ""
