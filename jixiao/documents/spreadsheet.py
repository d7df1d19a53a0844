"""Spreadsheets (电子表格): .xlsx and .xls workbooks → one grid per non-empty visible worksheet.

A hidden sheet (hidden or very hidden) is what its author put out of sight: a draft, last year's
figures, lists for drop-downs. It is read only when no visible sheet holds anything, so a workbook
gives the tables a person sees in Excel or WPS.

.xlsx is read with python-calamine. .xls is read with xlrd: calamine's .xls parser trusts counts in
the file (a damaged shared-string count made it reserve 858 GB and abort the whole process in the
mutation tests), while xlrd, pure Python, fails with an exception that becomes an ``InputError``. Values become the text a
person sees in Excel: an integral number is "40", not "40.0"; other numbers are shortest, at Excel's
15 significant digits ("0.1", not "0.1000000000000000055"); a percent-formatted cell is "95%", and text a
number format writes around the number is kept ('"≥"0"人次"' shows 500 as "≥500人次"), in .xlsx and .xls; dates
are ISO ("2023-01-05"). Formulas are never evaluated or executed: a formula cell shows the value Excel
stored when it last saved the file; where none was stored (a file written by a program, never saved by
Excel or WPS) the cell's text is empty and ``Cell.formula`` keeps the formula, for the layout to refuse
it where it reads a value. A cell covered by a merged range carries its anchor's text with
``merged=True``.

Before calamine sees an .xlsx, ``limits.inspect_zip`` has checked the container and measured every
worksheet; an .xls is measured from its BIFF records.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from xml.etree import ElementTree

from jixiao.core.errors import Location, column_letter
from jixiao.documents.formats import OLE2_MAGIC
from jixiao.documents.grid import Cell, Grid
from jixiao.documents.limits import (
    DEFAULT_LIMITS,
    CellCursor,
    Limits,
    TextBudget,
    check_size,
    column_number,
    inspect_zip,
    refuse,
    scan_tags,
    third_party_errors,
)

RawValue = int | float | str | bool | date | datetime | time | timedelta | None
Position = tuple[int, int]  # (row, column), 0-based, absolute in the sheet
Merge = tuple[Position, Position]  # first and last cell of a merged range

# ── values as a person sees them ────────────────────────────────────────────────────────────────


def plain_decimal(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 1E+2 → "100", 0.50 → "0.5"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def number_text(value: float) -> str:
    """A number as Excel shows it in a General cell: integral without ".0", else shortest at 15
    significant digits (what Excel keeps), never in exponent form."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return plain_decimal(Decimal(format(value, ".15g")))


def percent_text(value: float, decimals: int) -> str:
    """0.95 in a "0%" cell → "95%"; 0.9512 in a "0.00%" cell → "95.12%"."""
    scaled = Decimal(format(value, ".15g")) * 100
    return f"{scaled.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)}%"


@dataclass(frozen=True, slots=True)
class Shown:
    """How a cell's number format (数字格式) shows a number: the text written around it ('"≥"0"人次"'
    shows 500 as "≥500人次") and, for a percent format, its decimals ("0.00%" shows 0.9812 as
    "98.12%")."""

    prefix: str = ""
    suffix: str = ""
    percent: int | None = None


# Letters that make a format a date, time, text or scientific one: not a number with text around it.
_NOT_PLAIN = frozenset("yYmMdDhHsSeEbBgGaAnN@")
_CURRENCY = frozenset("¥￥$€£")  # shown by accounting formats; the unit is 万元 or 元 elsewhere


def shown_by(code: str) -> Shown | None:
    """What a number format code's first section does to a number, or ``None`` when it shows the
    number as General does (General, "0.00", "#,##0") or is not a number format (dates, text).

    Quoted text ("≥"), escaped characters (\\≤) and other literal characters are kept before or after
    the number; colours and conditions ([Red], [>=100]), padding (_x, *x) and currency symbols are
    not. Thousands separators and fixed decimals are not reproduced (the number reads the same)."""
    section = _first_section(code)
    before: list[str] = []
    after: list[str] = []
    number = percent = False
    decimals: int | None = None
    index = 0
    while index < len(section):
        char = section[index]
        literal = ""
        if char == '"':
            end = section.find('"', index + 1)
            end = len(section) if end < 0 else end
            literal, index = section[index + 1 : end], end + 1
        elif char == "\\":
            literal, index = section[index + 1 : index + 2], index + 2
        elif char == "[":
            end = section.find("]", index)
            index = len(section) if end < 0 else end + 1
        elif char in "_*":
            index += 2
        elif char in "0#?,.":
            if char == ".":
                decimals = 0
            elif char != "," and decimals is not None:
                decimals += 1
            number, index = True, index + 1
        elif char == "%":
            percent, index = True, index + 1
        elif char in _NOT_PLAIN:
            return None
        else:
            literal, index = char, index + 1
        literal = "".join(c for c in literal if c not in _CURRENCY)
        (after if number else before).append(literal)
    shown = Shown("".join(before).strip(), "".join(after).strip(), (decimals or 0) if percent else None)
    if not number or shown == Shown():
        return None
    return shown


def _first_section(code: str) -> str:
    """The positive numbers' section of a format code ("0;-0;0" → "0"), quotes respected."""
    quoted = False
    for index, char in enumerate(code):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            return code[:index]
    return code


def cell_text(value: RawValue, shown: Shown | None = None) -> str:
    """The text of a calamine or xlrd value, a number as its format ``shown`` shows it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int) and shown is None:
        return str(value)
    if isinstance(value, int | float):
        value = float(value)
        if shown is None:
            return number_text(value)
        text = number_text(value) if shown.percent is None else percent_text(value, shown.percent)
        return f"{shown.prefix}{text}{shown.suffix}"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value).replace("\r\n", "\n")


# ── grids ──────────────────────────────────────────────────────────────────────────────────────


@dataclass(slots=True)
class RawSheet:
    """One worksheet as read by a library: values from ``origin`` on, merged ranges, the cells whose
    number format changes how a number reads (``Shown``)."""

    name: str
    origin: Position
    rows: Iterable[Sequence[RawValue]]
    merges: list[Merge]
    shown: dict[Position, Shown]
    formulas: dict[Position, str] = field(default_factory=dict)  # formulas without a stored value


def build_grid(file: str, sheet: RawSheet, budget: TextBudget) -> Grid | None:
    """A rectangular grid of the sheet's used area; ``None`` when the sheet has no text at all."""
    top, left = sheet.origin
    rows: list[list[Cell]] = []
    for offset, values in enumerate(sheet.rows):
        number = top + offset
        texts = [
            cell_text(value, sheet.shown.get((number, left + index))) for index, value in enumerate(values)
        ]
        budget.add_row(texts)
        rows.append(
            [
                Cell(
                    text,
                    _location(file, sheet.name, number, left + index),
                    formula="" if text else sheet.formulas.get((number, left + index), ""),
                )
                for index, text in enumerate(texts)
            ]
        )
    width = max((len(cells) for cells in rows), default=0)
    for offset, cells in enumerate(rows):
        for index in range(len(cells), width):
            cells.append(Cell("", _location(file, sheet.name, top + offset, left + index)))
    if not any(not cell.blank for row in rows for cell in row):
        return None
    _spread_merges(rows, top, left, sheet.merges)
    return Grid(rows=rows, source=Location(file=file, sheet=sheet.name), name=sheet.name)


def _location(file: str, sheet: str, row: int, column: int) -> Location:
    return Location(
        file=file, sheet=sheet, row=row + 1, column=column + 1, cell=f"{_letter(column + 1)}{row + 1}"
    )


@lru_cache(maxsize=1024)
def _letter(column: int) -> str:
    return column_letter(column)


def _spread_merges(rows: list[list[Cell]], top: int, left: int, merges: list[Merge]) -> None:
    """Covered cells of each merged range get the anchor's text with ``merged=True``; ranges are
    clipped to the grid (a merge reaching past the data only widens the look of the sheet)."""
    height = len(rows)
    width = len(rows[0]) if rows else 0
    for (first_row, first_column), (last_row, last_column) in merges:
        anchor_row, anchor_column = first_row - top, first_column - left
        if not (0 <= anchor_row < height and 0 <= anchor_column < width):
            continue
        text = rows[anchor_row][anchor_column].text
        for row in range(anchor_row, min(last_row - top, height - 1) + 1):
            for column in range(anchor_column, min(last_column - left, width - 1) + 1):
                if (row, column) != (anchor_row, anchor_column):
                    covered = rows[row][column]
                    rows[row][column] = Cell(text, covered.location, merged=True)


# ── .xlsx ──────────────────────────────────────────────────────────────────────────────────────


def read_xlsx(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[Grid]:
    """An .xlsx workbook → one grid per non-empty worksheet, in workbook order."""
    inspect_zip(data, name, limits, measure_sheets=True)
    shown = _shown_cells(data)
    formulas = _uncached_formulas(data)
    return _read_with_calamine(data, name, limits, shown, "无法读取 Excel 工作簿（.xlsx）", formulas)


def _read_with_calamine(
    data: bytes,
    name: str,
    limits: Limits,
    shown: dict[str, dict[Position, Shown]],
    what: str,
    formulas: dict[str, dict[Position, str]] | None = None,
) -> list[Grid]:
    import python_calamine

    budget = TextBudget(name, limits)
    grids: list[Grid] = []
    with third_party_errors(name, what):
        try:
            workbook = python_calamine.CalamineWorkbook.from_object(io.BytesIO(data))
        except python_calamine.PasswordError as exc:
            raise refuse(name, "工作簿有密码保护，请在 Excel 中去掉密码后再导入") from exc
        with workbook:
            hidden: list[Grid] = []
            for metadata in workbook.sheets_metadata:
                if metadata.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                sheet = workbook.get_sheet_by_name(metadata.name)
                if sheet.start is None or sheet.end is None:
                    continue
                if sheet.height * sheet.width > limits.max_cells:
                    raise refuse(
                        name,
                        f"工作表「{metadata.name}」的数据区域过大（{sheet.height} 行 × {sheet.width} 列），"
                        f"超过上限 {limits.max_cells} 个单元格",
                    )
                top, left = sheet.start
                # iter_rows yields rows from the sheet's first row (A1's row), columns from ``left``
                rows = (values for index, values in enumerate(sheet.iter_rows()) if index >= top)
                merges = sheet.merged_cell_ranges or []
                raw = RawSheet(
                    metadata.name,
                    (top, left),
                    rows,
                    merges,
                    shown.get(metadata.name, {}),
                    (formulas or {}).get(metadata.name, {}),
                )
                grid = build_grid(name, raw, budget)
                if grid is not None:
                    visible = metadata.visible == python_calamine.SheetVisibleEnum.Visible
                    (grids if visible else hidden).append(grid)
    return grids or hidden


def _xml(archive: zipfile.ZipFile, part: str) -> ElementTree.Element | None:
    """A small part parsed by the standard library (expat refuses entity expansion bombs and never
    fetches external entities)."""
    try:
        return ElementTree.fromstring(archive.read(part))
    except KeyError:
        return None


def _shown_styles(styles: ElementTree.Element) -> dict[int, Shown]:
    """Cell style index → how its number format shows a number, for the formats that change what a
    number reads as (``shown_by``)."""
    codes: dict[int, str] = {9: "0%", 10: "0.00%"}
    for element in styles.iter():
        if _local_name(element.tag) == "numFmt":
            identifier = element.get("numFmtId", "")
            if identifier.isdigit():
                codes[int(identifier)] = element.get("formatCode", "")
    result: dict[int, Shown] = {}
    for container in styles.iter():
        if _local_name(container.tag) == "cellXfs":
            for index, xf in enumerate(container):
                identifier = xf.get("numFmtId", "0")
                shown = shown_by(codes.get(int(identifier), "")) if identifier.isdigit() else None
                if shown is not None:
                    result[index] = shown
    return result


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the zip, through the workbook's relationships."""
    workbook = _xml(archive, "xl/workbook.xml")
    rels = _xml(archive, "xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        return {}
    targets = {
        element.get("Id", ""): element.get("Target", "")
        for element in rels.iter()
        if _local_name(element.tag) == "Relationship"
    }
    parts: dict[str, str] = {}
    for element in workbook.iter():
        if _local_name(element.tag) == "sheet":
            relation = next((value for key, value in element.attrib.items() if _local_name(key) == "id"), "")
            target = targets.get(relation, "")
            if target:
                path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                parts[element.get("name", "")] = posixpath.normpath(path)
    return parts


def _local_name(key: str) -> str:
    """An XML tag or attribute name without its namespace ("{…}sheet" → "sheet")."""
    return key.rsplit("}", 1)[-1]


def _shown_cells(data: bytes) -> dict[str, dict[Position, Shown]]:
    """Per sheet, the cells whose number format changes what a number reads as (a percent, text
    around the number). Best effort: a part that cannot be read here only loses that display
    (calamine reports real damage)."""
    result: dict[str, dict[Position, Shown]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = _xml(archive, "xl/styles.xml")
            shown_styles = _shown_styles(styles) if styles is not None else {}
            if not shown_styles:
                return result
            for sheet, part in _sheet_parts(archive).items():
                result[sheet] = _styled_cells(archive, part, shown_styles)
    except Exception:  # any damage: calamine reads the file next and reports it
        return {}
    return result


def _uncached_formulas(data: bytes) -> dict[str, dict[Position, str]]:
    """Per sheet, the formula cells that hold no stored value, with their formula ("=30+10").

    Only parts where a formula ends its cell without a value (``_VALUELESS``, a scan in C) are parsed:
    a file saved by Excel or WPS stores every formula's value, and parsing a whole sheet in Python
    doubled the time to read a workbook with a formula in it. Best effort, like ``_shown_cells``: a
    part that cannot be parsed here is left to calamine, which reports real damage."""
    result: dict[str, dict[Position, str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for sheet, part in _sheet_parts(archive).items():
                xml = archive.read(part)
                if _VALUELESS.search(xml):
                    found = _formulas_without_value(xml)
                    if found:
                        result[sheet] = found
    except Exception:  # any damage: calamine reads the file next and reports it
        return {}
    return result


_VALUELESS = re.compile(
    rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v\b[^>]*>\s*</(?:\w+:)?v>)?"
    rb"\s*(?:</(?:\w+:)?c>|<(?:\w+:)?extLst\b)"
)
"""A formula (``<f>…</f>`` or a shared one's ``<f …/>``) followed by no value or an empty one before its
cell ends (a cell's children come in the order f, v, is, extLst): a part that may hold a formula
without its value. The parse decides (an empty value of a text result is one)."""


def _formulas_without_value(xml: bytes) -> dict[Position, str]:
    """The ``<c>`` elements of a worksheet part with an ``<f>`` and no ``<v>`` (expat, streamed)."""
    cells: dict[Position, str] = {}
    row = column = 0
    for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = _local_name(element.tag)
        if event == "start":
            if tag == "row":
                reference = element.get("r", "")
                row, column = (int(reference) if reference.isdigit() else row + 1), 0
            elif tag == "c":
                reference = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", element.get("r", ""))
                if reference:
                    row, column = int(reference.group(2)), column_number(reference.group(1))
                else:
                    column += 1
            continue
        if tag == "c":
            children = {_local_name(child.tag): child for child in element}
            formula = children.get("f")
            value = children.get("v")
            # An empty <v> holds a value only for a text result (t="str": a formula giving ""), the
            # way Excel writes =IF(…,"",…); programs write <v></v> or nothing for a value not computed.
            empty = value is None or (not (value.text or "") and element.get("t") != "str")
            if formula is not None and empty and "is" not in children:
                cells[(row - 1, column - 1)] = "=" + (formula.text or "")
            element.clear()
        elif tag == "row":
            element.clear()
    return cells


_STYLE = re.compile(rb"""(?:^|\s)s\s*=\s*["'](\d{1,9})["']""")


def _styled_cells(archive: zipfile.ZipFile, part: str, styles: dict[int, Shown]) -> dict[Position, Shown]:
    cells: dict[Position, Shown] = {}
    cursor = CellCursor()

    def visit(match: re.Match[bytes], _position: int) -> None:
        if cursor.advance(match):
            style = _STYLE.search(match.group(3))
            if style and int(style.group(1)) in styles:
                cells[(cursor.row - 1, cursor.column - 1)] = styles[int(style.group(1))]

    with archive.open(part) as stream:
        scan_tags(iter(lambda: stream.read(64 * 1024), b""), visit)
    return cells


# ── .xls ───────────────────────────────────────────────────────────────────────────────────────

# BIFF8 records that place a cell: row and column are their first two 16-bit fields.
_CELL_RECORDS = {0x0006, 0x00BD, 0x00BE, 0x00D6, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD}


def read_xls(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[Grid]:
    """An .xls (Excel 97-2003) workbook → one grid per non-empty worksheet."""
    check_size(data, name, limits)
    if not data.startswith(OLE2_MAGIC):
        raise refuse(name, f"不是 .xls 工作簿（开头字节：{data[:8].hex(' ').upper()}）")
    _measure_xls(data, name, limits)
    return _read_with_xlrd(data, name, limits)


def _measure_xls(data: bytes, name: str, limits: Limits) -> None:
    """The used area of every sheet, from the BIFF cell records, before the reader allocates it."""
    import xlrd.compdoc

    with third_party_errors(name, "无法读取 Excel 97-2003 工作簿（.xls）"):
        document = xlrd.compdoc.CompDoc(data, logfile=io.StringIO())
        stream = document.get_named_stream("Workbook") or document.get_named_stream("Book")
    if stream is None:
        raise refuse(name, "OLE2 文件中没有工作簿数据流（Workbook），不是 .xls 工作簿")
    cells = 0
    first_row = first_column = 1 << 30
    last_row = last_column = -1
    offset = 0
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        body = offset + 4
        if kind == 0x0809 or kind == 0x000A:  # BOF / EOF: close the previous sheet's area
            if last_row >= 0:
                cells += (last_row - first_row + 1) * (last_column - first_column + 1)
                if last_column - first_column + 1 > limits.max_columns or cells > limits.max_cells:
                    raise refuse(
                        name, f"工作表的数据区域过大（超过上限 {limits.max_cells} 个单元格），拒绝读取"
                    )
            first_row = first_column = 1 << 30
            last_row = last_column = -1
        elif kind in _CELL_RECORDS and length >= 4 and body + 4 <= len(stream):
            row, column = struct.unpack_from("<HH", stream, body)
            last = column
            if kind in (0x00BD, 0x00BE) and length >= 6:  # MULRK / MULBLANK: last column at the end
                (last,) = struct.unpack_from("<H", stream, body + length - 2)
            first_row, last_row = min(first_row, row), max(last_row, row)
            first_column, last_column = min(first_column, column), max(last_column, last, column)
        offset = body + length
    if last_row >= 0:
        cells += (last_row - first_row + 1) * (last_column - first_column + 1)
        if cells > limits.max_cells:
            raise refuse(name, f"工作表的数据区域过大（超过上限 {limits.max_cells} 个单元格），拒绝读取")


def _read_with_xlrd(data: bytes, name: str, limits: Limits) -> list[Grid]:
    import xlrd

    budget = TextBudget(name, limits)
    grids: list[Grid] = []
    with third_party_errors(name, "无法读取 Excel 97-2003 工作簿（.xls）"):
        try:
            book = xlrd.open_workbook(
                file_contents=data, formatting_info=True, logfile=io.StringIO(), on_demand=True
            )
        except xlrd.XLRDError as exc:
            if "encrypt" in str(exc).lower():
                raise refuse(name, "工作簿有密码保护，请在 Excel 中去掉密码后再导入") from exc
            raise
        hidden: list[Grid] = []
        formats = _XlsFormats(book)
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.nrows == 0 or sheet.ncols == 0:
                continue

            shown: dict[Position, Shown] = {}

            def values(
                sheet: xlrd.sheet.Sheet = sheet, shown: dict[Position, Shown] = shown
            ) -> Iterable[list[RawValue]]:
                """The rows' values; each row's formatted numbers entered in ``shown`` before it is
                yielded (``build_grid`` reads them as it takes the row)."""
                for row in range(sheet.nrows):
                    cells = [sheet.cell(row, column) for column in range(sheet.ncols)]
                    for column, cell in enumerate(cells):
                        if cell.ctype == xlrd.XL_CELL_NUMBER:
                            format_shown = formats.shown(cell.xf_index)
                            if format_shown is not None:
                                shown[(row, column)] = format_shown
                    yield [_xlrd_value(cell, book.datemode) for cell in cells]

            merges: list[Merge] = [((r0, c0), (r1 - 1, c1 - 1)) for r0, r1, c0, c1 in sheet.merged_cells]
            grid = build_grid(name, RawSheet(sheet.name, (0, 0), values(), merges, shown), budget)
            if grid is not None:
                (grids if sheet.visibility == 0 else hidden).append(grid)
    return grids or hidden


class _XlsFormats:
    """How each cell style (XF) of an .xls workbook shows a number, looked up once per style."""

    def __init__(self, book: object) -> None:
        self._book = book
        self._shown: dict[int, Shown | None] = {}

    def shown(self, xf_index: int) -> Shown | None:
        if xf_index not in self._shown:
            xf_list = getattr(self._book, "xf_list", [])
            formats = getattr(self._book, "format_map", {})
            key = xf_list[xf_index].format_key if 0 <= xf_index < len(xf_list) else None
            found = formats.get(key)
            self._shown[xf_index] = shown_by(found.format_str) if found is not None else None
        return self._shown[xf_index]


def _xlrd_value(cell: object, datemode: int) -> RawValue:
    import xlrd

    kind = getattr(cell, "ctype", xlrd.XL_CELL_EMPTY)
    value = getattr(cell, "value", "")
    if kind == xlrd.XL_CELL_DATE:
        moment: datetime = xlrd.xldate.xldate_as_datetime(value, datemode)
        return moment
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if isinstance(value, float | int | str):
        return value
    return str(value)
