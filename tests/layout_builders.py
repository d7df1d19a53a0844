"""One table laid out, written in every format (版式样例): the layouts of the layout tests.

A ``Layout`` is rows of cell values (text, numbers, ``None`` for an empty cell) and merged ranges
(first row, first column, last row, last column; 0-based, inclusive), the anchor holding the text.
The writers below put it in real files with the real libraries (openpyxl, python-docx) or the
hand-written writers of ``tests/builders.py`` (.xls, PDF, CSV), and in the extracted-text format of
the seed: there a merged range is one cell and the positions it covers are empty cells — at its
top-left, or, with ``middle=True``, with its text in the middle row, as a vertically centred cell
comes out of some exports.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import builders
import openpyxl
from docx import Document

from jixiao.core.errors import Location
from jixiao.core.model import Comparator, Indicator, Plan

CellValue = str | int | float | Decimal | None
Merge = tuple[int, int, int, int]


@dataclass
class Layout:
    rows: list[list[CellValue]]
    merges: list[Merge] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def texts(self, middle: bool = False) -> list[list[str]]:
        """Rows of text, full width; a merged range's text once, at its anchor (or middle row)."""
        width = self.width
        out = [[text(row[c]) if c < len(row) else "" for c in range(width)] for row in self.rows]
        for r0, c0, r1, c1 in self.merges:
            anchor = out[r0][c0]
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    out[r][c] = ""
            out[(r0 + r1) // 2 if middle else r0][c0] = anchor
        return out


def text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def stack(*layouts: Layout, gap: int = 2) -> Layout:
    """Layouts one under another in one sheet, ``gap`` empty rows between them."""
    rows: list[list[CellValue]] = []
    merges: list[Merge] = []
    for layout in layouts:
        if rows:
            rows.extend([[] for _ in range(gap)])
        top = len(rows)
        rows.extend(list(row) for row in layout.rows)
        merges.extend((r0 + top, c0, r1 + top, c1) for r0, c0, r1, c1 in layout.merges)
    return Layout(rows, merges)


# ── writers ────────────────────────────────────────────────────────────────────────────────────


def xlsx(sheets: dict[str, Layout], percent: Sequence[str] = ()) -> bytes:
    """A workbook, one sheet per layout, merged ranges merged; ``percent`` cells ("G5") get "0.00%"."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, layout in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(layout.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    cell = sheet.cell(
                        row=r, column=c, value=float(value) if isinstance(value, Decimal) else value
                    )
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"  # text a person typed ("=100%"), not a formula
        for r0, c0, r1, c1 in layout.merges:
            sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        for ref in percent:
            sheet[ref].number_format = "0.00%"
    return builders.workbook_bytes(book)


def xls(sheets: dict[str, Layout]) -> bytes:
    """An Excel 97-2003 workbook (BIFF8, ``builders.xls_bytes``) with its merged ranges."""
    data: dict[str, list[list[str | float | None]]] = {}
    merges: dict[str, list[str]] = {}
    for name, layout in sheets.items():
        data[name] = [
            [
                None
                if value is None or value == ""
                else float(value)
                if isinstance(value, int | float | Decimal)
                else str(value)
                for value in row
            ]
            for row in layout.rows
        ]
        merges[name] = [f"{_ref(r0, c0)}:{_ref(r1, c1)}" for r0, c0, r1, c1 in layout.merges]
    return builders.xls_bytes(data, merges)


def _ref(row: int, column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def docx(*parts: str | Layout) -> bytes:
    """A Word document: paragraphs (str) and tables (Layout), merged ranges merged (vertical
    merges become w:vMerge, horizontal ones w:gridSpan)."""
    document = Document()
    for part in parts:
        if isinstance(part, str):
            document.add_paragraph(part)
            continue
        table = document.add_table(rows=len(part.rows), cols=part.width)
        covered: set[tuple[int, int]] = set()
        for r0, c0, r1, c1 in part.merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
            covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
        cells = table._cells  # the grid, row by row (table.cell() rebuilds it at every call)
        for r, row in enumerate(part.rows):
            for c, value in enumerate(row):
                if (r, c) not in covered and value is not None:
                    cells[r * part.width + c].text = text(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def extracted_text(*parts: str | Layout, middle: bool = False) -> str:
    """The seed's extracted-text format: a cell a line after a tab, a blank line after each row, five
    blank lines between tables; a lone str is a one-cell row."""
    chunks: list[str] = []
    for part in parts:
        rows = [[part]] if isinstance(part, str) else part.texts(middle=middle)
        chunk = "".join("".join(f"\t{cell}\n" for cell in row) + "\n" for row in rows)
        chunks.append(chunk)
    return "\n\n\n\n".join(chunks)


def csv(layout: Layout, encoding: str = "utf-8") -> bytes:
    return builders.csv_bytes(layout.texts(), encoding=encoding)


@dataclass
class PdfPage:
    lines_above: list[str]
    table: Layout
    heights: list[float]
    lines_below: list[str] = field(default_factory=list)


def pdf(pages: Sequence[PdfPage], widths: Sequence[float], size: float = 7) -> bytes:
    """A ruled-table PDF, one table a page, with lines of text above and below it."""
    builder = builders.PdfBuilder()
    for page in pages:
        builder.page()
        y = 40.0
        for line in page.lines_above:
            builder.text(30, y, line, size=10)
            y += 16
        cells = [[text(v) if i < len(row) else "" for i, v in enumerate(row)] for row in page.table.rows]
        builder.table(30, y, widths, page.heights, cells, merges=page.table.merges, size=size)
        y += sum(page.heights) + 20
        for line in page.lines_below:
            builder.text(30, y, line, size=10)
            y += 16
    return builder.build()


# ── expectations ───────────────────────────────────────────────────────────────────────────────

GE, LE, EQ, QUAL = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.QUALITATIVE


def ind(
    level1: str,
    level2: str,
    name: str,
    comparator: Comparator,
    target: Decimal | str | None,
    target_text: str,
    unit: str = "",
    *,
    explanation: str = "",
    rule: str = "",
    weight: Decimal | None = None,
    actual: Decimal | str | None = None,
    score: Decimal | None = None,
    reason: str = "",
    last_year: Decimal | str | None = None,
    source: Location | None = None,
    inferred: bool = False,
) -> Indicator:
    """An expected indicator, every field written out (those not given are empty); ``inferred``:
    the table wrote no comparator (``comparator_inferred``)."""
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        comparator=comparator,
        target=target,
        target_text=target_text,
        unit=unit,
        explanation=explanation,
        rule_text=rule,
        weight=weight,
        actual=actual,
        stated_score=score,
        source=source,
        reason=reason,
        last_year_actual=last_year,
        comparator_inferred=inferred,
    )


def cell(file: str, sheet: str, ref: str) -> Location:
    """A spreadsheet cell's location ("E14")."""
    letters = "".join(c for c in ref if c.isalpha())
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    row = int(ref[len(letters) :])
    return Location(file=file, sheet=sheet, row=row, column=column, cell=ref)


def check_indicators(plan: Plan, expected: list[Indicator], *, sources: bool = True) -> None:
    """Every field of every indicator (its source too, unless ``sources`` is False), one by one so
    that a mismatch names its row and field; numbers and phrases must be of the expected type."""
    assert len(plan.indicators) == len(expected), [i.name for i in plan.indicators]
    for number, (got, want) in enumerate(zip(plan.indicators, expected, strict=True), start=1):
        for name in Indicator.__slots__:
            if name == "source" and not sources:
                continue
            g, w = getattr(got, name), getattr(want, name)
            assert g == w, f"indicator {number} ({want.name}) field {name}: {g!r} != {w!r}"
            assert type(g) is type(w), f"indicator {number} ({want.name}) field {name}: type"
