"""Layout understanding (版式识别): grids of cells → plans, by content, not position.

Every reader (text, xlsx, docx, pdf, csv) produces ``Grid``s; this module finds the indicator tables
in them and reads the plans (绩效目标表). Nothing here depends on where a table sits: columns are
recognised by their header text (``COLUMN_SYNONYMS``), the information block by its labels
(``INFO_LABELS``), the plan's kind by the words its own headings use.

The rows of all grids are read as one stream, in order:

- Rows before a table (the information block, 信息栏) are collected: a row of labels only is a
  heading ("部门（单位）职责 | 年度履职目标"); a label followed by a value is a field
  ("部门单位名称 | 株洲市工业和信息化局机关", also "单位名称：…" in one cell); a lone text is a title
  ("项目绩效目标"), unless it is a caption ("绩效指标", "分解指标") or page noise.
- A header row (表头) is a row whose cells name at least the indicator and target columns.
- A header starts a new plan when the rows since the previous table hold something that starts a
  plan (a heading, a field, a title other than the current plan's), when the grid comes from
  another sheet, or when there is no plan yet. Otherwise — a header repeated after a page break,
  with at most captions or page numbers in between — it continues the same plan.
- Rows under a header are indicators, or placeholders ("/" or empty rows: no indicator of this
  kind), until a row that is not part of the table (a label, a title) ends it. Blank 一级/二级 cells
  (merged cells) are filled from the row above within the plan.

After reading, a plan that states no unit name inherits it from the department plan before it in
the same document (a project table under a department table).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from jixiao.core.errors import InputError, Location, ValueParseError
from jixiao.core.labels import normalise_label, to_simplified
from jixiao.core.model import Comparator, Indicator, Placeholder, Plan, PlanKind, Value
from jixiao.core.values import parse_comparator, parse_number, parse_value
from jixiao.documents.grid import Cell, Grid

# ── columns ──────────────────────────────────────────────────────────────────────────────────


class Column(StrEnum):
    """The columns of an indicator table (指标表的列)."""

    LEVEL1 = "level1"  # 一级指标
    LEVEL2 = "level2"  # 二级指标
    NAME = "name"  # 三级指标
    COMPARATOR = "comparator"  # 指标值类型
    TARGET = "target"  # 指标值
    UNIT = "unit"  # 计量单位
    EXPLANATION = "explanation"  # 指标解释
    RULE = "rule"  # 评(扣)分标准
    WEIGHT = "weight"  # 分值 / 权重 / 备注
    ACTUAL = "actual"  # 实际完成值
    STATED_SCORE = "stated_score"  # 得分
    REASON = "reason"  # 偏差原因分析及改进措施


COLUMN_TITLES: dict[Column, str] = {
    Column.LEVEL1: "一级指标",
    Column.LEVEL2: "二级指标",
    Column.NAME: "三级指标",
    Column.COMPARATOR: "指标值类型",
    Column.TARGET: "指标值",
    Column.UNIT: "计量单位",
    Column.EXPLANATION: "指标解释",
    Column.RULE: "评（扣）分标准",
    Column.WEIGHT: "分值",
    Column.ACTUAL: "实际完成值",
    Column.STATED_SCORE: "得分",
    Column.REASON: "偏差原因",
}
"""How messages name a column."""


@dataclass(frozen=True, slots=True)
class ColumnSynonyms:
    """Header texts that name one column (列名同义词).

    ``names`` and ``patterns`` are matched against the header cell's *bare key*: the text after
    ``normalise_label`` and ``to_simplified``, with whitespace and punctuation removed, so
    "评(扣)分标准", "评/扣分标准", "评（扣分标准）" and "指标值类 型" all reach their column. A trailing
    parenthesised note is also tried without it ("分值（分）" → 分值). ``rank`` orders synonyms that
    claim the same column in one header: the lowest wins (备注 is the weight only where no 分值 or
    权重 column exists).
    """

    column: Column
    names: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    rank: int = 0


COLUMN_SYNONYMS: tuple[ColumnSynonyms, ...] = (
    ColumnSynonyms(Column.LEVEL1, ("一级指标", "一级指标名称")),
    ColumnSynonyms(Column.LEVEL2, ("二级指标", "二级指标名称")),
    ColumnSynonyms(Column.NAME, ("三级指标", "三级指标名称", "指标名称", "具体指标")),
    ColumnSynonyms(Column.COMPARATOR, ("指标值类型", "指标性质", "指标类型", "指标值性质", "比较符号")),
    ColumnSynonyms(
        Column.TARGET,
        (
            "指标值",
            "年度指标值",
            "目标值",
            "年度目标值",
            "指标目标值",
            "预期目标值",
            "预期指标值",
            "计划指标值",
        ),
        (r"^预期.*实现值$",),
    ),
    ColumnSynonyms(Column.UNIT, ("计量单位", "度量单位", "单位")),
    ColumnSynonyms(Column.EXPLANATION, ("指标解释", "指标值内容", "指标说明", "指标值说明", "指标解释说明")),
    ColumnSynonyms(Column.RULE, ("评扣分标准", "评分标准", "扣分标准", "评分规则", "评分办法", "评价标准")),
    ColumnSynonyms(Column.WEIGHT, ("分值", "权重", "指标分值", "指标权重", "权重分值", "分值权重")),
    ColumnSynonyms(Column.WEIGHT, ("备注",), rank=1),
    ColumnSynonyms(
        Column.ACTUAL,
        ("实际完成值", "全年实际值", "完成值", "实际值", "全年实际完成值", "实际完成情况", "全年完成值"),
    ),
    ColumnSynonyms(Column.STATED_SCORE, ("得分", "自评得分", "实际得分")),
    ColumnSynonyms(Column.REASON, (), (r"^偏差原因", r"^未完成原因", r"原因分析")),
)

REQUIRED_COLUMNS = (Column.NAME, Column.TARGET)
"""A header must name these; ``MIN_HEADER_COLUMNS`` columns in all."""
MIN_HEADER_COLUMNS = 3

_PUNCTUATION = re.compile(r"[^\w%]+")
_TRAILING_NOTE = re.compile(r"[(（][^()（）]*[)）]$")


def header_key(text: str) -> str:
    """A header or label cell's bare key: simplified, cleaned, no whitespace or punctuation."""
    cleaned = to_simplified(normalise_label(text))
    return _PUNCTUATION.sub("", cleaned).replace("_", "")


def match_column(text: str) -> tuple[Column, int] | None:
    """The column a header cell names, with its synonym's rank; None when it names none."""
    cleaned = to_simplified(normalise_label(text)).strip()
    keys = [_PUNCTUATION.sub("", cleaned).replace("_", "")]
    without_note = _TRAILING_NOTE.sub("", cleaned)
    if without_note != cleaned:
        keys.append(_PUNCTUATION.sub("", without_note).replace("_", ""))
    for key in keys:
        if not key:
            continue
        for synonyms in COLUMN_SYNONYMS:
            if key in synonyms.names or any(re.search(p, key) for p in synonyms.patterns):
                return synonyms.column, synonyms.rank
    return None


@dataclass(frozen=True, slots=True)
class Header:
    """A recognised header row: which cell index holds which column."""

    columns: dict[Column, int]
    ranks: dict[Column, int]
    cells: tuple[Cell, ...]


def recognise_header(row: Sequence[Cell]) -> dict[Column, tuple[int, int]]:
    """Every column the row's cells name: column → (cell index, rank); the best rank wins."""
    found: dict[Column, tuple[int, int]] = {}
    for index, cell in enumerate(row):
        if cell.blank:
            continue
        match = match_column(cell.text)
        if match is None:
            continue
        column, rank = match
        if column not in found or rank < found[column][1]:
            found[column] = (index, rank)
    return found


def detect_header(row: Sequence[Cell]) -> Header | None:
    """The row as an indicator-table header, or None when it is not one."""
    found = recognise_header(row)
    if len(found) < MIN_HEADER_COLUMNS or any(c not in found for c in REQUIRED_COLUMNS):
        return None
    return Header(
        columns={c: i for c, (i, _) in found.items()},
        ranks={c: r for c, (_, r) in found.items()},
        cells=tuple(row),
    )


# ── the information block ────────────────────────────────────────────────────────────────────


class InfoField(StrEnum):
    """Where an information-block label's value goes in the plan."""

    UNIT = "unit"
    DUTIES = "duties"
    GOAL = "goal"
    TITLE = "title"  # 项目名称: the plan's title, also kept in info
    INFO = "info"  # kept in plan.info under the label


INFO_LABELS: dict[str, InfoField] = {
    "部门单位名称": InfoField.UNIT,
    "部门名称": InfoField.UNIT,
    "单位名称": InfoField.UNIT,
    "预算单位": InfoField.UNIT,
    "预算单位名称": InfoField.UNIT,
    "填报单位": InfoField.UNIT,
    "部门单位职责": InfoField.DUTIES,
    "部门职责": InfoField.DUTIES,
    "单位职责": InfoField.DUTIES,
    "部门主要职责": InfoField.DUTIES,
    "年度总体目标": InfoField.GOAL,
    "绩效目标": InfoField.GOAL,
    "年度绩效目标": InfoField.GOAL,
    "总体目标": InfoField.GOAL,
    "年度目标": InfoField.GOAL,
    "年度履职目标": InfoField.GOAL,
    "项目名称": InfoField.TITLE,
    "主管部门": InfoField.INFO,
    "实施单位": InfoField.INFO,
    "项目负责人": InfoField.INFO,
    "项目属性": InfoField.INFO,
    "项目类别": InfoField.INFO,
    "项目期限": InfoField.INFO,
    "资金来源": InfoField.INFO,
}
"""Information-block labels (信息栏), by bare key (see ``header_key``)."""

CAPTIONS = frozenset({"绩效指标", "分解指标", "年度绩效指标", "绩效指标表", "指标", "续表", "续"})
"""Lone texts that caption the indicator part of a plan: neither a title nor the start of a plan."""

_NOISE = re.compile(r"^(第?\d+页(共\d+页)?|共\d+页|\d+|单位万元|金额单位万元)$")
_TOTAL_ROW = frozenset({"合计", "总分", "总计", "小计", "总得分"})
_CATEGORY = re.compile(r"^(产出|效益|满意|成本|经济|社会|生态|可持续|数量|质量|时效|服务对象)")
_HEADING = re.compile(r"(绩效目标|绩效指标|自评|申报表|目标表|评价表)")
_LABEL_VALUE = re.compile(r"^([^：:]{2,12})[：:]\s*(\S.*)$", re.DOTALL)

DEPARTMENT_MARKERS = (
    "部门整体",
    "单位整体",
    "整体支出",
    "部门单位名称",
    "部门单位职责",
    "部门职责",
    "年度履职目标",
)
PROJECT_MARKERS = ("项目", "分解指标")
"""Words in a plan's own headings and labels that tell its kind (bare keys, matched as substrings)."""


def info_label(text: str) -> InfoField | None:
    """The field an information-block label names, or None."""
    return INFO_LABELS.get(header_key(text))


# ── reading ──────────────────────────────────────────────────────────────────────────────────


def plans_from_grids(grids: Sequence[Grid]) -> list[Plan]:
    """Every plan in a document's grids (版式识别), in document order.

    Raises ``InputError`` naming the file, and what it did see, when there is no indicator table.
    """
    reader = _Reader()
    for grid in grids:
        reader.read_grid(grid)
    plans = reader.finish()
    if not plans:
        raise _no_table_error(grids, reader.best_header)
    _inherit_units(plans)
    return plans


@dataclass
class _PlanBuilder:
    plan: Plan
    header: Header
    sheet: str | None
    kind_known: bool  # its headings or labels told the kind
    level1: str = ""
    level2: str = ""


@dataclass
class _Reader:
    pending: list[list[Cell]] = field(default_factory=list)
    current: _PlanBuilder | None = None
    in_table: bool = False
    plans: list[Plan] = field(default_factory=list)
    best_header: tuple[int, list[Cell]] | None = None  # for the error: the most header-like row

    def read_grid(self, grid: Grid) -> None:
        for cell in grid.text_before:
            self._read_row([cell], grid)
        for row in grid.rows:
            self._read_row(_drop_row_copies(row), grid)

    def _read_row(self, row: list[Cell], grid: Grid) -> None:
        if all(cell.blank for cell in row):
            return
        header = detect_header(row)
        if header is not None:
            self._start_table(header, grid)
            return
        if self.in_table and self.current is not None:
            kind = _table_row_kind(row, self.current.header)
            if kind == "total":
                return
            if kind == "row":
                _read_table_row(row, self.current)
                return
            self.in_table = False
        self._remember_header_candidate(row)
        self.pending.append(row)

    def _start_table(self, header: Header, grid: Grid) -> None:
        sheet = grid.source.sheet
        continues = (
            self.current is not None
            and not _starts_plan(self.pending, self.current.plan)
            and (sheet is None or self.current.sheet is None or sheet == self.current.sheet)
        )
        if continues and self.current is not None:
            self.current.header = header
        else:
            self._close_plan()
            plan, kind_known = _plan_from_block(self.pending, header)
            self.current = _PlanBuilder(plan=plan, header=header, sheet=sheet, kind_known=kind_known)
        self.pending = []
        self.in_table = True

    def _remember_header_candidate(self, row: list[Cell]) -> None:
        count = len(recognise_header(row))
        if count and (self.best_header is None or count > self.best_header[0]):
            self.best_header = (count, row)

    def _close_plan(self) -> None:
        if self.current is not None:
            plan = self.current.plan
            if not self.current.kind_known:
                plan.kind = _kind_by_weights(plan)
            self.plans.append(plan)
            self.current = None

    def finish(self) -> list[Plan]:
        self._close_plan()
        return self.plans


def _drop_row_copies(row: Sequence[Cell]) -> list[Cell]:
    """A row with horizontal copies of merged cells blanked: a merged title or value counts once."""
    cleaned: list[Cell] = []
    previous: Cell | None = None
    for cell in row:
        if cell.merged and previous is not None and not cell.blank and cell.text == previous.text:
            cleaned.append(Cell("", cell.location, merged=True))
        else:
            cleaned.append(cell)
        previous = cell
    return cleaned


def _cell(row: Sequence[Cell], header: Header, column: Column) -> Cell | None:
    index = header.columns.get(column)
    if index is None or index >= len(row):
        return None
    return row[index]


def _text(cell: Cell | None) -> str:
    """A cell's text, cleaned (normalise_label); a lone "/" counts as empty."""
    if cell is None or cell.blank:
        return ""
    text = normalise_label(cell.text).strip()
    return "" if text in ("/", "／") else text


def _first_text(row: Sequence[Cell]) -> str:
    return next((cell.text for cell in row if not cell.blank), "")


def _table_row_kind(row: Sequence[Cell], header: Header) -> str:
    """ "row" (an indicator or placeholder), "total" (合计/总分: skipped) or "end" (not the table)."""
    first = header_key(_first_text(row))
    if first in _TOTAL_ROW:
        return "total"
    if first in INFO_LABELS or first in CAPTIONS or _label_value(_first_text(row)) is not None:
        return "end"
    level_columns = {header.columns.get(Column.LEVEL1), header.columns.get(Column.LEVEL2)}
    for column, index in header.columns.items():
        if column in (Column.LEVEL1, Column.LEVEL2):
            continue
        if index < len(row) and not row[index].blank:
            return "row"
    # Only the category cells (or cells outside the known columns) hold text: an empty row of a
    # category ("no indicator of this kind"), or a title or note under the table.
    texts = [
        header_key(row[i].text) for i in level_columns if i is not None and i < len(row) and not row[i].blank
    ]
    outside = [
        cell for index, cell in enumerate(row) if not cell.blank and index not in set(header.columns.values())
    ]
    if texts and not outside and all(_CATEGORY.match(t) for t in texts):
        return "row"
    return "end"


def _read_table_row(row: Sequence[Cell], builder: _PlanBuilder) -> None:
    header = builder.header
    level1_cell = _cell(row, header, Column.LEVEL1)
    level2_cell = _cell(row, header, Column.LEVEL2)
    level1 = _text(level1_cell)
    level2 = _text(level2_cell)
    if level1:
        if not level2 and level1 == builder.level1:
            level2 = builder.level2
    else:
        level1 = builder.level1
        level2 = level2 or builder.level2
    builder.level1, builder.level2 = level1, level2

    name_cell = _cell(row, header, Column.NAME)
    target_cell = _cell(row, header, Column.TARGET)
    unit_cell = _cell(row, header, Column.UNIT)
    first = next(cell for cell in row if not cell.blank)
    if not any(_text(c) for c in (name_cell, target_cell, unit_cell)):
        builder.plan.placeholders.append(
            Placeholder(level1=level1, level2=level2, source=(name_cell or first).location)
        )
        return
    builder.plan.indicators.append(_indicator(row, header, level1, level2, name_cell or first))


def _indicator(row: Sequence[Cell], header: Header, level1: str, level2: str, name_cell: Cell) -> Indicator:
    target_cell = _cell(row, header, Column.TARGET)
    target_text = "" if target_cell is None else target_cell.text.strip()
    parsed = parse_value(target_text)

    comparator: Comparator | None = None
    comparator_text = _text(_cell(row, header, Column.COMPARATOR))
    if comparator_text:
        comparator = parse_comparator(comparator_text)
    if comparator is None:
        comparator = parsed.comparator
    if comparator is None:
        comparator = Comparator.QUALITATIVE if parsed.number is None else Comparator.GE

    target: Value | None
    if comparator is Comparator.QUALITATIVE:
        target = _text(target_cell) or None
    elif not _text(target_cell):
        target = None
    elif parsed.number is not None:
        target = parsed.number
    else:
        location = name_cell.location if target_cell is None else target_cell.location
        target = parse_number(target_text, location)  # raises ValueParseError naming the cell

    unit = _text(_cell(row, header, Column.UNIT))
    if comparator is Comparator.QUALITATIVE and unit in ("是", "否"):
        # A 定性 row's 计量单位 cell often holds "是" (yes, this is judged achieved or not): a
        # mark, not a unit. It is dropped, not kept elsewhere: the comparator already says it.
        unit = ""
    if not unit and comparator is not Comparator.QUALITATIVE:
        unit = parsed.unit or ""

    return Indicator(
        level1=level1,
        level2=level2,
        name=_text(name_cell),
        comparator=comparator,
        target=target,
        target_text=target_text,
        unit=unit,
        explanation=_text(_cell(row, header, Column.EXPLANATION)),
        rule_text=_text(_cell(row, header, Column.RULE)),
        weight=_weight(row, header),
        actual=_actual(_cell(row, header, Column.ACTUAL)),
        stated_score=_number_or_none(_cell(row, header, Column.STATED_SCORE)),
        source=name_cell.location,
        reason=_text(_cell(row, header, Column.REASON)),
    )


def _weight(row: Sequence[Cell], header: Header) -> Decimal | None:
    """The weight (分值); None when the cell is empty (never 0). A 备注 column's remark is no weight."""
    cell = _cell(row, header, Column.WEIGHT)
    if header.ranks.get(Column.WEIGHT, 0) > 0:
        try:
            return _number_or_none(cell)
        except ValueParseError:
            return None
    return _number_or_none(cell)


def _number_or_none(cell: Cell | None) -> Decimal | None:
    if cell is None or not _text(cell):
        return None
    return parse_number(cell.text.strip(), cell.location)


def _actual(cell: Cell | None) -> Value | None:
    if cell is None or not _text(cell):
        return None
    parsed = parse_value(cell.text.strip())
    return parsed.number if parsed.number is not None else _text(cell)


# ── the information block and the plan's start ───────────────────────────────────────────────


def _label_value(text: str) -> tuple[InfoField, str, str] | None:
    """A "label：value" cell ("单位名称：株洲市…"): its field, label and value."""
    match = _LABEL_VALUE.match(text.strip())
    if match is None:
        return None
    field_ = info_label(match.group(1))
    if field_ is None:
        return None
    return field_, normalise_label(match.group(1)), normalise_label(match.group(2))


@dataclass
class _Block:
    """What the rows before a table say."""

    headings: list[str] = field(default_factory=list)  # rows of labels, and lone titles
    fields: list[tuple[InfoField, str, str]] = field(default_factory=list)  # (field, label, value)
    words: list[str] = field(default_factory=list)  # bare keys of labels and titles, for the kind


def _read_block(rows: Iterable[Sequence[Cell]]) -> _Block:
    block = _Block()
    for row in rows:
        cells = [cell for cell in row if not cell.blank]
        if not cells:
            continue
        keys = [header_key(cell.text) for cell in cells]
        if len(cells) > 1 and all(key in INFO_LABELS for key in keys):
            block.headings.append(" ".join(normalise_label(cell.text) for cell in cells))
            block.words.extend(keys)
            continue
        if len(cells) == 1:
            key = keys[0]
            pair = _label_value(cells[0].text)
            if pair is not None:
                block.fields.append(pair)
                block.words.append(header_key(pair[1]))
            elif key in CAPTIONS:
                block.words.append(key)
            elif key and not _NOISE.match(key) and key not in INFO_LABELS:
                block.headings.append(normalise_label(cells[0].text))
                block.words.append(key)
            continue
        index = 0
        while index < len(cells):
            cell = cells[index]
            label = info_label(cell.text)
            if label is not None and index + 1 < len(cells) and info_label(cells[index + 1].text) is None:
                block.fields.append(
                    (label, normalise_label(cell.text), normalise_label(cells[index + 1].text))
                )
                block.words.append(keys[index])
                index += 2
                continue
            pair = _label_value(cell.text)
            if pair is not None:
                block.fields.append(pair)
                block.words.append(header_key(pair[1]))
            index += 1
    return block


def _starts_plan(rows: Sequence[Sequence[Cell]], current: Plan) -> bool:
    """Whether the rows between two headers start a new plan (see the module docstring)."""
    block = _read_block(rows)
    if block.fields:
        return True
    return any(heading != current.title for heading in block.headings)


def _plan_from_block(rows: Sequence[Sequence[Cell]], header: Header) -> tuple[Plan, bool]:
    """A plan from the rows before its table; and whether they told its kind."""
    block = _read_block(rows)
    kind = _kind_from_words(block.words)
    plan = Plan(kind=kind or PlanKind.PROJECT)
    if block.headings:
        plan.title = block.headings[0]
    for field_, label, value in block.fields:
        if field_ is InfoField.UNIT and not plan.unit:
            plan.unit = value
        elif field_ is InfoField.DUTIES and not plan.duties:
            plan.duties = value
        elif field_ is InfoField.GOAL and not plan.goal:
            plan.goal = value
        elif field_ is InfoField.TITLE:
            plan.title = value
            plan.info[label] = value
        else:
            plan.info[label] = value
    if not plan.unit and "实施单位" in plan.info:
        plan.unit = plan.info["实施单位"]
    first = next((cell for row in rows for cell in row if not cell.blank), None)
    plan.source = (first or header.cells[0]).location
    return plan, kind is not None


def _kind_from_words(words: Iterable[str]) -> PlanKind | None:
    """The kind its own headings and labels say; None when they say neither or both equally."""
    department = project = 0
    for word in words:
        if any(marker in word for marker in DEPARTMENT_MARKERS):
            department += 1
        elif any(marker in word for marker in PROJECT_MARKERS):
            project += 1
    if department > project:
        return PlanKind.DEPARTMENT
    if project > department:
        return PlanKind.PROJECT
    return None


def _kind_by_weights(plan: Plan) -> PlanKind:
    """Last resort when no words tell: a project's indicators carry 90 points (budget execution
    the other 10), a department's 100; without either, a project (the commoner table)."""
    weights = [i.weight for i in plan.indicators if i.weight is not None]
    if weights and sum(weights) == 100:
        return PlanKind.DEPARTMENT
    return PlanKind.PROJECT


def _inherit_units(plans: Sequence[Plan]) -> None:
    """A plan with no unit name takes the unit of the department plan before it in the same file."""
    last_department: Plan | None = None
    for plan in plans:
        same_file = last_department is not None and (
            last_department.source.file if last_department.source else None
        ) == (plan.source.file if plan.source else None)
        if not plan.unit and last_department is not None and same_file:
            plan.unit = last_department.unit
        if plan.kind is PlanKind.DEPARTMENT and plan.unit:
            last_department = plan


# ── when there is no table ───────────────────────────────────────────────────────────────────


def _no_table_error(grids: Sequence[Grid], best: tuple[int, list[Cell]] | None) -> InputError:
    file = next((g.source.file for g in grids if g.source.file), None)
    where = Location(file=file)
    wanted = "".join(f"「{COLUMN_TITLES[c]}」" for c in REQUIRED_COLUMNS)
    message = f"未找到指标表：没有{wanted}等列"
    if best is not None:
        row = best[1]
        found = recognise_header(row)
        seen = "".join(f"「{_short(cell.text)}」" for cell in row if not cell.blank)
        recognised = "、".join(COLUMN_TITLES[c] for c in found)
        missing = "、".join(COLUMN_TITLES[c] for c in REQUIRED_COLUMNS if c not in found)
        first = next(cell for cell in row if not cell.blank)
        at = replace(first.location, file=None).describe()
        return InputError(
            f"{message}。最像表头的一行在{at}：{seen}；认出了{recognised}，缺少{missing}", where
        )
    cells = [cell for grid in grids for row in grid.rows for cell in row if not cell.blank]
    cells = [*(c for g in grids for c in g.text_before if not c.blank), *cells]
    if not cells:
        return InputError(f"{message}：文件里没有任何文字", where)
    shown = "".join(f"「{_short(cell.text)}」" for cell in cells[:10])
    more = f"等 {len(cells)} 个单元格" if len(cells) > 10 else ""
    return InputError(f"{message}。看到的是：{shown}{more}", where)


def _short(text: str, limit: int = 20) -> str:
    text = normalise_label(text).replace("\n", " ").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
