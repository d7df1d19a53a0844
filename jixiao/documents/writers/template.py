"""The actual-values template (实际完成值填报模板): each plan's official self-evaluation table (自评表) as
an .xlsx to fill in, read back by ``jixiao score FILE --actuals template.xlsx``.

The table is the one ``tables.plan_table`` lays out for a self-evaluation, rendered by
``tables_xlsx``, with the plan's targets filled in and these cells left blank for the unit:

- 实际完成值 of each indicator — validated as a number for a quantitative indicator, as a choice of
  是 / 部分完成 / 否 for a qualitative one;
- 偏差原因分析及改进措施, and the 实际完成情况 against the yearly goal — free text;
- 得分, the self-assessed points (自评得分), optional — a number from 0 to the weight; jixiao computes
  the score anyway, and ``jixiao review`` re-checks a stated one;
- the funds block (项目资金: 年初预算数, 全年预算数, 全年执行数 in 万元, validated as numbers ≥ 0, and its
  得分), and the 总分's 得分.

Every other cell — the targets, rules, weights — is locked: the sheet is protected (without a
password: protection guards against slips, not against the unit), the input cells are unlocked
and shaded. A "填写说明" line under the title says what to fill in; it is a row of two cells, a
label the layout does not know and its text, which the layout passes over when reading back.

A project always gets its funds block (budget execution carries 10 points); a department plan gets
it when its targets state a budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from openpyxl.styles import PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.core.model import Budget, Comparator, Indicator, Plan, PlanKind
from jixiao.documents.writers.cells import plain, printable_plan
from jixiao.documents.writers.export import output_format, write_bytes
from jixiao.documents.writers.tables import (
    BUDGET_POINTS,
    SELF_EVALUATION_COLUMNS,
    Merge,
    Style,
    Table,
    TableCell,
    ordered_rows,
    plan_table,
)
from jixiao.documents.writers.tables_xlsx import tables_workbook

INSTRUCTION_LABEL = "填写说明"
INSTRUCTION = (
    "请只填写浅黄色单元格：实际完成值（数值不带单位；定性指标选“是”“部分完成”“否”）、"
    "未完成指标的偏差原因及改进措施、资金的全年预算数和全年执行数（万元）；得分可不填，"
    "由系统按评分标准计算。其余单元格已锁定。"
)
QUALITATIVE_CHOICES = ("是", "部分完成", "否")
"""What a qualitative indicator's actual value may be: achieved, partly achieved, not achieved."""

INPUT_FILL = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
_UNLOCKED = Protection(locked=False)
_ANY_NUMBER = ("-1000000000000", "1000000000000")

_COLUMN = {spec.title: index for index, spec in enumerate(SELF_EVALUATION_COLUMNS)}
ACTUAL_COLUMN = _COLUMN["实际完成值"]
SCORE_COLUMN = _COLUMN["得分"]
REASON_COLUMN = _COLUMN["偏差原因分析及改进措施"]
FUNDS_INPUT_COLUMNS = (2, 3, 4)  # 年初预算数, 全年预算数, 全年执行数 (FUNDS_HEADINGS from column C)
FUNDS_SCORE_COLUMN = 7


class Kind:
    """What an input cell takes (its validation)."""

    NUMBER = "number"  # a quantitative actual value: any number
    CHOICE = "choice"  # a qualitative actual value: 是 / 部分完成 / 否
    MONEY = "money"  # 万元, ≥ 0
    POINTS = "points"  # 0 … ``limit``
    TEXT = "text"  # free text


@dataclass(slots=True)
class TemplateSheet:
    """A template table and where its input cells are: (table row, column) → kind and limit."""

    table: Table
    inputs: dict[tuple[int, int], tuple[str, Decimal | None]] = field(default_factory=dict)


def template_plan(plan: Plan) -> Plan:
    """The plan with every self-evaluation value cleared: the targets only, ready to be filled in."""
    budget = plan.budget
    if budget is not None:
        budget = Budget(annual=budget.annual, executed=None, initial=budget.initial)
    elif plan.kind is PlanKind.PROJECT:
        budget = Budget(annual=None, executed=None)
    return replace(
        plan,
        budget=budget,
        stated_total=None,
        achieved="",
        indicators=[replace(i, actual=None, stated_score=None, reason="") for i in plan.indicators],
    )


def template_sheet(plan: Plan) -> TemplateSheet:
    """The plan's blank self-evaluation table with the instruction line, and its input cells."""
    blank = template_plan(plan)
    table = plan_table(blank, self_evaluation=True)
    _insert_instruction(table)
    sheet = TemplateSheet(table)
    first_indicator = table.header_row + 1
    for offset, item in enumerate(ordered_rows(blank)):
        if not isinstance(item, Indicator):
            continue
        row = first_indicator + offset
        actual = Kind.CHOICE if item.comparator is Comparator.QUALITATIVE else Kind.NUMBER
        sheet.inputs[(row, ACTUAL_COLUMN)] = (actual, None)
        sheet.inputs[(row, REASON_COLUMN)] = (Kind.TEXT, None)
        sheet.inputs[(row, SCORE_COLUMN)] = (Kind.POINTS, item.weight)
    for row, cells in enumerate(table.rows):
        label = cells[0].value if cells and cells[0] is not None else None
        if label == "年度资金总额":
            for column in FUNDS_INPUT_COLUMNS:
                sheet.inputs[(row, column)] = (Kind.MONEY, None)
            sheet.inputs[(row, FUNDS_SCORE_COLUMN)] = (Kind.POINTS, BUDGET_POINTS)
        elif label == "实际完成情况":
            sheet.inputs[(row, 2)] = (Kind.TEXT, None)
        elif label == "总分":
            sheet.inputs[(row, SCORE_COLUMN)] = (Kind.POINTS, None)
    return sheet


def _insert_instruction(table: Table) -> None:
    """The 填写说明 row at the top of the table, everything below moved down one row."""
    width = len(table.columns)
    row: list[TableCell | None] = [TableCell(INSTRUCTION_LABEL, Style.LABEL), None]
    row += [TableCell(INSTRUCTION, Style.TEXT)] + [None] * (width - 3)
    table.rows.insert(0, row)
    table.merges[:] = [Merge(m.row + 1, m.col, m.last_row + 1, m.last_col) for m in table.merges]
    table.header_row += 1
    table.merge(0, 0, 0, 1)
    table.merge(0, 2, 0, width - 1)


def template_workbook(plans: Sequence[Plan]) -> bytes:
    """The template for ``plans`` as .xlsx bytes: one protected sheet per plan."""
    sheets = [template_sheet(printable_plan(plan)) for plan in plans]
    inputs = {id(s.table): s.inputs for s in sheets}

    def finish(sheet: Worksheet, table: Table, first: int) -> None:
        _protect(sheet, inputs[id(table)], first)

    return tables_workbook([s.table for s in sheets], finish)


def write_template(plans: Sequence[Plan], path: Path) -> None:
    """Write the template for ``plans`` to ``path`` (.xlsx only: validation needs a spreadsheet)."""
    output_format(path, ("xlsx",))
    write_bytes(path, template_workbook(plans))


def _protect(sheet: Worksheet, inputs: dict[tuple[int, int], tuple[str, Decimal | None]], first: int) -> None:
    validations: dict[tuple[str, Decimal | None], DataValidation] = {}
    for (row, column), (kind, limit) in inputs.items():
        cell = sheet.cell(row=first + row, column=column + 1)
        cell.protection = _UNLOCKED
        cell.fill = INPUT_FILL
        if kind == Kind.TEXT:
            continue
        key = (kind, limit)
        if key not in validations:
            validations[key] = _validation(kind, limit)
        validations[key].add(cell.coordinate)
    for validation in validations.values():
        sheet.add_data_validation(validation)
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False  # widths and heights may still be changed to read long text
    protection.formatRows = False


def _validation(kind: str, limit: Decimal | None) -> DataValidation:
    if kind == Kind.CHOICE:
        return DataValidation(
            type="list",
            formula1='"' + ",".join(QUALITATIVE_CHOICES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="实际完成值",
            error="定性指标请选择：" + "、".join(QUALITATIVE_CHOICES),
            showInputMessage=True,
            promptTitle="实际完成值",
            prompt="请选择：" + "、".join(QUALITATIVE_CHOICES),
        )
    if kind == Kind.NUMBER:
        low, high = _ANY_NUMBER
        return _decimal("between", low, high, "实际完成值", "请填写数值，不带单位（如 42 或 95.5）")
    if kind == Kind.MONEY:
        return _decimal("greaterThanOrEqual", "0", None, "资金（万元）", "请填写不小于 0 的金额（万元）")
    if limit is None:
        return _decimal("greaterThanOrEqual", "0", None, "得分", "请填写不小于 0 的分数")
    return _decimal("between", "0", plain(limit), "得分", f"请填写 0 到 {plain(limit)} 之间的分数")


def _decimal(operator: str, formula1: str, formula2: str | None, title: str, message: str) -> DataValidation:
    return DataValidation(
        type="decimal",
        operator=operator,
        formula1=formula1,
        formula2=formula2,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=message,
        showInputMessage=True,
        promptTitle=title,
        prompt=message,
    )
