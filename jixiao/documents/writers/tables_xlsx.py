"""Official tables as an Excel workbook (绩效目标表 / 绩效自评表 .xlsx): one sheet per plan.

Renders ``tables.Table``: merged ranges, thin borders on every cell of the table, column widths,
wrapped text with row heights to fit it, 宋体 for the title and labels and 仿宋 for the body, numbers
as numbers with the formats people use (万元 ``0.00``, percentages ``0.00%``). Every text cell is
written as text: a value that begins with = + - @ is stored as a string with Excel's quote prefix,
so it is shown, never evaluated.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.documents.writers.cells import clean_text, line_count, looks_like_formula
from jixiao.documents.writers.fonts import BODY_FONT, HEADING_FONT
from jixiao.documents.writers.tables import Style, Table, TableCell

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TITLE_FONT = Font(name=HEADING_FONT, size=16, bold=True, charset=134)
_HEADING_FONT = Font(name=HEADING_FONT, size=12, charset=134)
_LABEL_FONT = Font(name=HEADING_FONT, size=10.5, bold=True, charset=134)
_BODY_FONT = Font(name=BODY_FONT, size=10.5, charset=134)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)
_FORMATS = {Style.MONEY: "0.00", Style.PERCENT: "0.00%", Style.POINTS: "General", Style.NUMBER: "General"}
_LINE_HEIGHT = 14.0  # points per line of 10.5 pt CJK text
_SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def write_text(cell: XlCell, text: str) -> None:
    """Put ``text`` in ``cell`` as a string, never a formula (quote prefix for = + - @)."""
    cell.value = clean_text(text)
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True


def write_value(cell: XlCell, value: str | Decimal | None, number_format: str = "General") -> None:
    if value is None:
        return
    if isinstance(value, Decimal):
        if number_format.endswith("%"):  # a rate to the 0.01% it shows
            value = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        cell.value = value
        cell.number_format = number_format
    else:
        write_text(cell, value)


SheetHook = Callable[[Worksheet, Table, int], None]
"""Called after a table is rendered: the sheet, the table, the sheet row of the table's first row."""


def tables_workbook(tables: Sequence[Table], finish: SheetHook | None = None) -> bytes:
    """A workbook with one sheet per table, as bytes; ``finish`` completes each sheet (the template
    unlocks and validates its input cells)."""
    workbook = Workbook()
    default = workbook.active
    used: set[str] = set()
    for index, table in enumerate(tables, 1):
        sheet = workbook.create_sheet(_sheet_name(index, table.name, used))
        first = render_table(sheet, table)
        if finish is not None:
            finish(sheet, table, first)
    if default is not None:
        workbook.remove(default)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(index: int, name: str, used: set[str]) -> str:
    base = f"表{index} {name}".translate(_SHEET_NAME_FORBIDDEN).strip("'")[:31].strip()
    candidate, n = base, 2
    while candidate in used:
        candidate = f"{base[:27]}({n})"
        n += 1
    used.add(candidate)
    return candidate


def render_table(sheet: Worksheet, table: Table) -> int:
    """Write ``table`` on ``sheet``; the sheet row (1-based) of the table's first row."""
    width = len(table.columns)
    widths = table.widths()
    for col, column_width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(col)].width = column_width
    looks = _Looks()

    row_no = 1
    top = [(table.title, _TITLE_FONT)] if table.title else []
    for line, font in [*top, *((h, _HEADING_FONT) for h in table.headings)]:
        cell = sheet.cell(row=row_no, column=1)
        write_text(cell, line)
        looks.apply(cell, font, _CENTER)
        _merge(sheet, row_no, 1, row_no, width)
        sheet.row_dimensions[row_no].height = 30 if font is _TITLE_FONT else 20
        row_no += 1
    first = row_no

    spans: dict[tuple[int, int], int] = {}  # (row, col) → columns the cell spans
    for merge in table.merges:
        spans[(merge.row, merge.col)] = merge.last_col - merge.col + 1
        _merge(sheet, first + merge.row, merge.col + 1, first + merge.last_row, merge.last_col + 1)
    for r, row in enumerate(table.rows):
        lines = 1
        for c in range(width):
            cell = sheet.cell(row=first + r, column=c + 1)
            spec = row[c] if c < len(row) else None
            if spec is None:
                looks.apply(cell, _BODY_FONT, border=_BORDER)
                continue
            _fill(cell, spec, looks)
            span = spans.get((r, c), 1)
            column_width = sum(widths[c : c + span])
            text = spec.value if isinstance(spec.value, str) else ""
            lines = max(lines, line_count(text, column_width - 1))
        sheet.row_dimensions[first + r].height = min(409, max(20.0, lines * _LINE_HEIGHT + 6))

    last = first + len(table.rows) - 1
    sheet.print_title_rows = f"{first + table.header_row}:{first + table.header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_area = f"A1:{get_column_letter(width)}{last}"
    return first


def _merge(sheet: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """Merge the range (1-based, inclusive) as ``Worksheet.merge_cells`` does, without its
    ``MergedCellRange.format``: that gives every cell of the range the top-left cell's border edges
    and protection, one hashed style assignment per cell, and ``render_table`` styles each of them
    afterwards anyway."""
    merged = MergedCellRange(
        sheet, CellRange(min_row=first_row, min_col=first_col, max_row=last_row, max_col=last_col).coord
    )
    sheet.merged_cells.add(merged)
    for row, col in merged.cells:
        if (row, col) != (first_row, first_col):
            sheet._cells[row, col] = MergedCell(sheet, row, col)


class _Looks:
    """The looks (font, alignment, border, number format, quote prefix) of one sheet's cells, each
    resolved once into openpyxl's style indices and copied to every other cell that has it.

    Assigning a ``Font``, ``Border`` or ``Alignment`` to a cell hashes the whole object into the
    workbook's style tables (most of a table's writing time when done per cell); a cell's look is
    its ``StyleArray`` of those indices, which openpyxl itself copies between cells
    (``WorksheetCopy``). A look is known by the identity of its style objects (kept alive here, so
    an identity is never reused) with the number format and quote prefix; its first cell is styled
    through the public attributes, so the workbook's style tables fill in the same order as before.
    """

    def __init__(self) -> None:
        self._looks: dict[tuple[int, int, int, str | None, bool], tuple[StyleArray, tuple[object, ...]]] = {}

    def apply(
        self,
        cell: XlCell,
        font: Font,
        alignment: Alignment | None = None,
        number_format: str | None = None,
        border: Border | None = None,
    ) -> None:
        """Give ``cell`` (its value written, with its quote prefix) ``font``, ``alignment``,
        ``number_format`` and ``border``; None leaves openpyxl's default (General, no border)."""
        key = (id(font), id(alignment), id(border), number_format, bool(cell.quotePrefix))
        known = self._looks.get(key)
        if known is not None:
            cell._style = StyleArray(known[0])
            return
        if border is not None:
            cell.border = border
        if number_format is not None:
            cell.number_format = number_format
        cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        self._looks[key] = (StyleArray(cell._style), (font, alignment, border))


def _fill(cell: XlCell, spec: TableCell, looks: _Looks) -> None:
    style: Any = spec.style
    number_format = _FORMATS.get(style, "General")
    write_value(cell, spec.value, number_format)
    if style is Style.LABEL:
        font, alignment = _LABEL_FONT, _CENTER
    else:
        font = _BODY_FONT
        if style is Style.TEXT:
            alignment = _LEFT
        elif style in (Style.CENTER, Style.PERCENT, Style.POINTS, Style.NUMBER):
            alignment = _CENTER
        else:
            alignment = _RIGHT
    number = isinstance(spec.value, Decimal)  # a text or blank cell keeps openpyxl's General
    looks.apply(cell, font, alignment, number_format if number else None, _BORDER)
