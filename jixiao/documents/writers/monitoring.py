"""The monitoring table (绩效运行监控表), laid out once and written as .xlsx and .docx.

``monitoring_table`` lays out one plan at a round's cut-off (``core.monitoring.PlanStatus``) the way
the official tables are laid out (``tables.Table``, rendered by ``tables_xlsx`` / ``tables_docx``):
the information block with the cut-off date (监控截止日期), the funds row (全年预算数, 累计执行数,
执行率 against 时间进度, 偏差等级, 偏差原因, 纠偏措施), the yearly goal, then per indicator its target,
累计完成值, 完成进度, 预计全年完成值, 偏差等级, 偏差原因 and 纠偏措施, and the plan's conclusion
(监控结论). Written blank (no values entered yet) it is the form a unit fills in; filled, it reads back
through ``jixiao.documents.layout`` (the monitoring columns are among its synonyms), so uploading it
enters a round. 完成进度 and 偏差等级 are computed by ``core.monitoring`` and not read back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from jixiao.core.model import Comparator, Placeholder, Value
from jixiao.core.monitoring import BudgetStatus, IndicatorStatus, PlanStatus, missing_before_submission
from jixiao.documents.layout import MONITORING_TITLES
from jixiao.documents.writers.cells import value_text
from jixiao.documents.writers.tables import (
    ColumnSpec,
    Style,
    Table,
    TableCell,
    field_row,
    identity_cells,
    info_block,
    merge_categories,
    new_table,
    ordered_rows,
)
from jixiao.documents.writers.tables_docx import tables_document
from jixiao.documents.writers.tables_xlsx import tables_workbook

MONITORING_COLUMNS = [
    ColumnSpec("一级指标", 8),
    ColumnSpec("二级指标", 10),
    ColumnSpec("三级指标", 16),
    ColumnSpec("指标值类型", 6),
    ColumnSpec("年度指标值", 9),
    ColumnSpec("计量单位", 6),
    ColumnSpec("累计完成值", 9),
    ColumnSpec("完成进度", 9),
    ColumnSpec("预计全年完成值", 9),
    ColumnSpec("偏差等级", 8),
    ColumnSpec("偏差原因", 18),
    ColumnSpec("纠偏措施", 18),
]
FUNDS_HEADINGS = ("全年预算数", "累计执行数", "执行率", "时间进度", "偏差等级")
CUT_OFF_LABEL = "监控截止日期"
CONCLUSION_LABEL = "监控结论"


def cut_off_text(status: PlanStatus) -> str:
    """ "2025年6月30日（时间进度 49.59%）"."""
    day = status.cut_off
    elapsed = (status.elapsed * 100).quantize(Decimal("0.01"))
    return f"{day.year}年{day.month}月{day.day}日（时间进度 {elapsed}%）"


def monitoring_table(status: PlanStatus, sheet_name: str = "") -> Table:
    """One plan's 绩效运行监控表 at its round's cut-off, as a ``Table``."""
    plan = status.plan
    table = new_table(plan, MONITORING_COLUMNS, MONITORING_TITLES[plan.kind], sheet_name)
    info = {label: value for label, value in plan.info.items() if label != CUT_OFF_LABEL}
    info_block(table, replace(plan, info={CUT_OFF_LABEL: cut_off_text(status), **info}))
    if status.budget is not None:
        _funds(table, status.budget, status.elapsed)
    field_row(table, "年度总体目标", plan.goal)
    table.header_row = table.add(*(TableCell(c.title, Style.LABEL) for c in MONITORING_COLUMNS))
    by_indicator = {id(s.indicator): s for s in status.indicators}
    start = len(table.rows)
    for item in ordered_rows(plan):
        if isinstance(item, Placeholder):
            table.add(
                TableCell(item.level1, Style.CENTER),
                TableCell(item.level2, Style.CENTER),
                *(TableCell("/", Style.CENTER) for _ in range(len(MONITORING_COLUMNS) - 2)),
            )
        else:
            table.add(*_indicator_cells(by_indicator[id(item)]))
    merge_categories(table, start, len(table.rows))
    field_row(table, CONCLUSION_LABEL, conclusion(status))
    return table


def conclusion(status: PlanStatus) -> str:
    """ "整体偏差等级：严重偏差。须补充：…" — the plan's level and what the round still needs."""
    missing = missing_before_submission(status)
    text = f"整体偏差等级：{status.level.value}。"
    if missing:
        text += "须补充：" + "；".join(m.message for m in missing) + "。"
    return text


def _funds(table: Table, budget: BudgetStatus, elapsed: Decimal) -> None:
    width = len(MONITORING_COLUMNS)
    head = table.add(
        TableCell("项目资金（万元）", Style.LABEL),
        None,
        *(TableCell(h, Style.LABEL) for h in FUNDS_HEADINGS),
        TableCell("偏差原因", Style.LABEL),
        None,
        None,
        TableCell("纠偏措施", Style.LABEL),
    )
    row = table.add(
        TableCell("年度资金总额", Style.LABEL),
        None,
        TableCell(budget.annual, Style.MONEY),
        TableCell(budget.executed, Style.MONEY),
        TableCell(budget.execution, Style.PERCENT),
        TableCell(elapsed, Style.PERCENT),
        TableCell(None if budget.level is None else budget.level.value, Style.CENTER),
        TableCell(budget.reason, Style.TEXT),
        None,
        None,
        TableCell(budget.correction, Style.TEXT),
    )
    for r in (head, row):
        table.merge(r, 0, r, 1)
        table.merge(r, 7, r, 9)
        table.merge(r, 10, r, width - 1)


def _indicator_cells(status: IndicatorStatus) -> list[TableCell]:
    ind = status.indicator
    if ind.comparator is Comparator.QUALITATIVE:
        progress = TableCell(None if status.qualitative is None else status.qualitative.value, Style.CENTER)
    else:
        progress = TableCell(status.completion, Style.PERCENT)
    return [
        *identity_cells(ind),
        _value_cell(ind.to_date),
        progress,
        _value_cell(ind.expected),
        TableCell(None if status.level is None else status.level.value, Style.CENTER),
        TableCell(ind.reason, Style.TEXT),
        TableCell(ind.correction, Style.TEXT),
    ]


def _value_cell(value: Value | None) -> TableCell:
    return TableCell(value if isinstance(value, Decimal) else value_text(value), Style.NUMBER)


def _sheet_tables(statuses: Sequence[PlanStatus]) -> list[Table]:
    return [monitoring_table(status) for status in statuses]


def monitoring_xlsx(statuses: Sequence[PlanStatus]) -> bytes:
    """The monitoring tables as an Excel workbook, one sheet per plan."""
    return tables_workbook(_sheet_tables(statuses))


def monitoring_docx(statuses: Sequence[PlanStatus]) -> bytes:
    """The monitoring tables as a Word document, one table per plan."""
    return tables_document(_sheet_tables(statuses))
