"""Two versions of a plan side by side as a workbook (版本对照.xlsx).

Sheet 版本对照: a title line, the header fields that changed (old → new), then one row per indicator:
the old version's 一级/二级/三级指标, 指标值类型, 指标值, 计量单位, 评（扣）分标准, 分值, the same of
the new version, and 差异 (新增 / 删除 / the changed fields, old → new). Changed cells are filled orange,
added rows green, removed rows red, as the versions page marks them.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.core.model import Indicator, Plan
from jixiao.core.workflow import INDICATOR_FIELDS, SideRow, plan_diff, show, side_by_side
from jixiao.documents.writers.tables_xlsx import write_value

SIDE_FIELDS = ("level1", "level2", "name", "comparator", "target", "unit", "rule_text", "weight")
"""The indicator fields each side shows (the official target table's columns)."""

FILLS = {
    "changed": PatternFill("solid", fgColor="FFE8CC"),
    "added": PatternFill("solid", fgColor="D1FADF"),
    "removed": PatternFill("solid", fgColor="FEE4E2"),
}
WIDTHS = (10, 14, 24, 6, 10, 8, 30, 6)


def side_values(indicator: Indicator | None) -> list[str]:
    """The texts of ``SIDE_FIELDS`` of one side ("" for a side without the row)."""
    if indicator is None:
        return [""] * len(SIDE_FIELDS)
    return [
        show(getattr(indicator, name)) if getattr(indicator, name) not in (None, "") else ""
        for name in SIDE_FIELDS
    ]


def _side_cells(indicator: Indicator | None) -> list[str | Decimal]:
    """One side's cells in the workbook: ``side_values``, but a numeric 指标值 or 分值 as its number
    (Excel then sums and sorts it, and marks no "number stored as text")."""
    if indicator is None:
        return list(side_values(None))
    return [
        value if isinstance(value := getattr(indicator, name), Decimal) else text
        for name, text in zip(SIDE_FIELDS, side_values(indicator), strict=True)
    ]


def difference(row: SideRow) -> str:
    """The 差异 cell of one line: 新增, 删除, or each changed field as old → new."""
    if row.kind in ("added", "removed"):
        return "新增" if row.kind == "added" else "删除"
    return "；".join(
        f"{label}：{show(getattr(row.old, name))} → {show(getattr(row.new, name))}"
        for name, label in INDICATOR_FIELDS.items()
        if name in row.changed
    )


def _line(sheet: Worksheet, values: list[str | Decimal], bold: bool = False) -> tuple[XlCell, ...]:
    """Append ``values`` as a row (texts never formulas, numbers as numbers) and return its cells."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet["A1"].value is not None else 1
    cells = []
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        write_value(cell, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    return tuple(cells)


def versions_xlsx(title: str, old_label: str, new_label: str, old: Plan, new: Plan) -> bytes:
    """The workbook as bytes: ``old`` (headed ``old_label``, e.g. 第1版) beside ``new``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "版本对照"
    _line(sheet, [title])[0].font = Font(bold=True, size=14)
    for change in plan_diff(old, new).plan:
        _line(sheet, [f"表头 {change.describe()}"])
    width = len(SIDE_FIELDS)
    _line(sheet, [old_label, *[""] * (width - 1), new_label], bold=True)
    labels = [INDICATOR_FIELDS[name] for name in SIDE_FIELDS]
    _line(sheet, [*labels, *labels, "差异"], bold=True)
    for row in side_by_side(old, new):
        cells = _line(sheet, [*_side_cells(row.old), *_side_cells(row.new), difference(row)])
        for index, cell in enumerate(cells[: 2 * width]):
            if row.kind in ("added", "removed"):
                if (index < width) == (row.kind == "removed"):
                    cell.fill = FILLS[row.kind]
            elif SIDE_FIELDS[index % width] in row.changed:
                cell.fill = FILLS["changed"]
    for index, column_width in enumerate((*WIDTHS, *WIDTHS, 48)):
        sheet.column_dimensions[get_column_letter(index + 1)].width = column_width
    out = BytesIO()
    book.save(out)
    return out.getvalue()
