"""The stream of rows (行流): grids in document order → plans.

- Rows before a table are collected (``info.read_block`` reads them when the table starts).
- A header row (表头) is a row whose cells name at least the indicator and target columns; a row of
  column names just above it ("绩效指标 | 年度指标值 | 实际完成值 …" over "一级指标 | … | 指标值 |
  度量单位"), or just below it ("2021年实际实现值 | 预期2022年实现值" under "指标值"), makes a two-row
  header with it.
- A header starts a new plan when the rows since the previous table hold something that starts a
  plan (a heading, a field, a funds block, a title other than the current plan's), when the grid
  comes from another sheet or Word table, or when there is no plan yet. Otherwise — a header
  repeated after a page break, with at most captions or page numbers in between — it continues the
  same plan, as do rows that go on at the top of the next page without a header.
- Rows under a header are read by ``rows`` until one that is not part of the table.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from jixiao.core.errors import InputError, Location
from jixiao.core.model import Budget, Plan, PlanKind
from jixiao.core.values import parse_value
from jixiao.documents.grid import Cell, Grid
from jixiao.documents.layout.headers import (
    COLUMN_TITLES,
    REQUIRED_COLUMNS,
    Column,
    Header,
    block_term,
    build_header,
    clean_text,
    detect_header,
    is_header_part,
    recognise_header,
)
from jixiao.documents.layout.info import (
    InfoField,
    is_kind_title,
    kind_from_words,
    plan_title,
    read_block,
    total_value,
)
from jixiao.documents.layout.rows import (
    PlanBuilder,
    cell_at,
    read_long_term,
    read_row,
    read_total,
    row_kind,
    set_long_term_aside,
    settle_placeholders,
    text_of,
)


def plans_from_grids(grids: Sequence[Grid]) -> list[Plan]:
    """Every plan in a document's grids (版式识别), in document order.

    Raises ``InputError`` naming the file, and what it did see, when there is no indicator table;
    ``ValueParseError`` naming the cell for a value that cannot be read ("abc" as a ≥ target).
    """
    reader = _Reader()
    for grid in grids:
        reader.read_grid(grid)
    plans = reader.finish()
    if not plans:
        raise _no_table_error(grids, reader.best_header)
    _inherit_units(plans)
    for plan in plans:
        if not plan.title:
            evaluation = id(plan) in reader.evaluations
            plan.title = plan_title(
                plan.kind, plan.unit, plan.info.get("项目名称", ""), self_evaluation=evaluation
            )
    return plans


@dataclass
class _Reader:
    pending: list[list[Cell]] = field(default_factory=list)
    current: PlanBuilder | None = None
    in_table: bool = False
    plans: list[Plan] = field(default_factory=list)
    best_header: tuple[int, list[Cell]] | None = None  # for the error: the most header-like row
    previous: list[Cell] | None = None  # the row just read in this grid
    open_header: list[Cell] | None = None  # a one-row header the next row may add a row to
    evaluations: set[int] = field(default_factory=set)  # ids of the plans read from a 自评表

    def read_grid(self, grid: Grid) -> None:
        self.previous = self.open_header = None
        for cell in grid.text_before:
            self._read_row([cell], grid)
        self.previous = self.open_header = None
        for row in grid.rows:
            self._read_row(_drop_row_copies(row), grid)
        self.open_header = None

    def _read_row(self, row: list[Cell], grid: Grid) -> None:
        if all(cell.blank for cell in row):
            self.previous = self.open_header = None
            return
        if self._lower_header_row(row):
            return
        header = detect_header(row)
        two_rows = False
        upper = self.previous
        if (
            upper is not None
            and self.pending
            and self.pending[-1] is upper
            and is_header_part(upper, lower=False)
        ):
            combined = build_header([upper, row])
            if combined is not None and (header is None or len(combined.columns) >= len(header.columns)):
                header, two_rows = combined, True
                self.pending.pop()
        if header is not None:
            self._start_table(header, grid)
            self.open_header = None if two_rows else row
            self.previous = row
            return
        self.previous = row
        if self.in_table and self.current is not None:
            kind = row_kind(row, self.current.header)
            if kind == "total":
                for builder in self._builders():
                    read_total(row, builder)
                return
            if kind == "skip":
                return
            if kind in ("row", "group"):
                self._switch_project(row)
                if kind == "row":
                    for builder in self._builders():
                        read_row(row, builder)
                        read_long_term(row, builder)
                return
            if self.current.stopped_at is None:
                self.current.stopped_at = row
            self.in_table = False
        self._remember_header_candidate(row)
        self.pending.append(row)

    def _lower_header_row(self, row: list[Cell]) -> bool:
        """The row under a one-row header, when it is the header's second row."""
        upper, self.open_header = self.open_header, None
        if upper is None or self.current is None or not is_header_part(row, lower=True):
            return False
        combined = build_header([upper, row])
        if combined is None:
            return False
        self.current.header = combined
        self.previous = row
        return True

    def _builders(self) -> list[PlanBuilder]:
        """The plan being read and, with one target column per area, the other areas' plans."""
        return [] if self.current is None else [self.current, *self.current.areas]

    def _switch_project(self, row: list[Cell]) -> None:
        """A list of several projects (kind 3): a row naming another 项目名称 starts that project's
        plan, under the same header; a row with an empty 项目名称 continues the project above."""
        current = self.current
        if current is None:
            return
        cell = cell_at(row, current.header, Column.PROJECT)
        name = text_of(cell)
        if not name or name == current.project:
            return
        budget_cell = cell_at(row, current.header, Column.BUDGET)
        amount = parse_value(text_of(budget_cell)).number
        budget = None if amount is None else Budget(annual=amount, executed=None)
        if current.project or current.plan.indicators or current.plan.placeholders:
            self._close_plan()
            plan = Plan(kind=current.plan.kind, unit=current.plan.unit, info=dict(current.plan.info))
            plan.source = cell.location if cell is not None else None
            self.current = current = PlanBuilder(
                plan=plan, header=current.header, sheet=current.sheet, kind_known=current.kind_known
            )
        current.project = name
        current.plan.title = name
        if budget is not None:
            current.plan.budget = budget

    def _start_table(self, header: Header, grid: Grid) -> None:
        sheet = grid.source.sheet
        continues = (
            self.current is not None
            and not _starts_plan(self.pending, self.current.plan)
            and (sheet is None or self.current.sheet is None or sheet == self.current.sheet)
        )
        term = block_term(header)
        if continues and self.current is not None:
            if term == "年度":
                set_long_term_aside(self.current)
            self.current.header = header
            for builder, (index, _) in zip(self.current.areas, header.areas[1:], strict=False):
                builder.header = _area_header(header, index)
        else:
            self._close_plan()
            plan, kind_known = _plan_from_block(self.pending, header)
            self.current = PlanBuilder(plan=plan, header=header, sheet=sheet, kind_known=kind_known)
            if header.areas:
                # One target column per area (kind 6): one plan per area, titled with the area.
                first_title = plan.title
                plan.title = header.areas[0][1]
                for index, area in header.areas[1:]:
                    other = copy.deepcopy(plan)
                    other.title = area
                    self.current.areas.append(
                        PlanBuilder(
                            plan=other, header=_area_header(header, index), sheet=sheet, kind_known=kind_known
                        )
                    )
                if first_title:
                    for builder in self._builders():
                        builder.plan.info.setdefault("表题", first_title)
        if term == "长期" and self.current is not None:
            plan = self.current.plan
            self.current.long_term_start = (len(plan.indicators), len(plan.placeholders))
        self.pending = []
        self.in_table = True

    def _remember_header_candidate(self, row: list[Cell]) -> None:
        count = len(recognise_header(row))
        if count and (self.best_header is None or count > self.best_header[0]):
            self.best_header = (count, row)

    def _close_plan(self) -> None:
        if self.current is not None:
            for builder in self._builders():
                plan = builder.plan
                if not plan.indicators and not plan.placeholders:
                    raise _empty_table_error(builder)
                settle_placeholders(plan)
                if not builder.kind_known:
                    plan.kind = _kind_by_weights(plan)
                if is_self_evaluation(plan, builder.header):
                    self.evaluations.add(id(plan))
                self.plans.append(plan)
            self.current = None

    def finish(self) -> list[Plan]:
        self._close_plan()
        return self.plans


def _area_header(header: Header, index: int) -> Header:
    """The header of one area's plan: its own target column."""
    return replace(header, columns={**header.columns, Column.TARGET: index})


def _empty_table_error(builder: PlanBuilder) -> InputError:
    """A header was found but no indicator was read under it: say where, and what stopped it."""
    first = next((cell for cell in builder.header.cells if not cell.blank), builder.header.cells[0])
    names = "".join(f"「{COLUMN_TITLES[c]}」" for c in sorted(builder.header.columns, key=list(Column).index))
    if builder.stopped_at is not None:
        stop_cell = next(cell for cell in builder.stopped_at if not cell.blank)
        why = (
            f"表头下的{replace(stop_cell.location, file=None).describe()}「{_short(stop_cell.text)}」"
            "不像指标行，读取在此停止"
        )
    else:
        why = "表头下面没有任何指标行"
    return InputError(
        f"找到了指标表的表头（认出{names}），但没有读到任何指标：{why}。"
        "请检查表头下的行是否填写了三级指标和指标值",
        first.location,
    )


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


def is_self_evaluation(plan: Plan, header: Header) -> bool:
    """Whether a plan was read from a self-evaluation table (自评表): its header has a 得分 column, or an
    实际完成值 column and no monitoring one (累计完成值, 预计全年完成值), or it holds actual values or the
    funds executed (全年执行数)."""
    columns = header.columns
    evaluated = Column.ACTUAL in columns and Column.TO_DATE not in columns and Column.EXPECTED not in columns
    return (
        Column.STATED_SCORE in columns
        or evaluated
        or any(i.actual is not None or i.stated_score is not None for i in plan.indicators)
        or (plan.budget is not None and plan.budget.executed is not None)
    )


def _starts_plan(rows: Sequence[Sequence[Cell]], current: Plan) -> bool:
    """Whether the rows between two headers start a new plan (see the module docstring)."""
    block = read_block(rows)
    if block.fields or block.budget is not None:
        return True
    return any(heading != current.title for heading in block.headings)


def _plan_from_block(rows: Sequence[Sequence[Cell]], header: Header) -> tuple[Plan, bool]:
    """A plan from the rows before its table; and whether they told its kind."""
    block = read_block(rows)
    kind = kind_from_words(block.words)
    plan = Plan(kind=kind or PlanKind.PROJECT, budget=block.budget)
    titles = [h for h in block.headings if not is_kind_title(h)]
    if titles:
        plan.title = titles[0]
    for field_, label, value in block.fields:
        if field_ is InfoField.UNIT and not plan.unit:
            plan.unit = value
        elif field_ is InfoField.DUTIES and not plan.duties:
            plan.duties = value
        elif field_ is InfoField.GOAL and _adjusted_goal(label):
            plan.goal = value  # the adjusted goal wins; an initial one read before stays in info
        elif field_ is InfoField.GOAL and "年初" in label:
            plan.info[INITIAL_GOAL] = value
            plan.goal = plan.goal or value
        elif field_ is InfoField.GOAL and not plan.goal:
            plan.goal = value
        elif field_ is InfoField.ACHIEVED and not plan.achieved:
            plan.achieved = value
        elif field_ is InfoField.TOTAL:
            plan.stated_total = total_value(value, None)
        elif field_ is InfoField.TITLE:
            plan.title = value
            plan.info[label] = value
        elif field_ in (InfoField.UNIT, InfoField.DUTIES, InfoField.GOAL, InfoField.ACHIEVED):
            continue  # a second value for a field already read (a repeated label)
        else:
            plan.info[label] = value
    if plan.info.get(INITIAL_GOAL) == plan.goal:  # no adjusted goal: the initial one is the goal
        del plan.info[INITIAL_GOAL]
    if not plan.unit and "实施单位" in plan.info:
        plan.unit = plan.info["实施单位"]
    first = next((cell for row in rows for cell in row if not cell.blank), None)
    plan.source = (first or header.cells[0]).location
    return plan, kind is not None


INITIAL_GOAL = "年初绩效目标"
"""Where a plan keeps its initial goal when the table also gives the adjusted (全年) one, its goal."""


def _adjusted_goal(label: str) -> bool:
    """全年绩效目标, 全年（调整）绩效目标, 调整后绩效目标: the goal as adjusted during the year."""
    return "目标" in label and ("调整" in label or label.startswith("全年"))


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
        absent = "".join(f"「{COLUMN_TITLES[c]}」" for c in REQUIRED_COLUMNS if c not in found)
        message = f"未找到指标表：没有{absent}列"
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
    text = clean_text(text).replace("\n", " ").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
