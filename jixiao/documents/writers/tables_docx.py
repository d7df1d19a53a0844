"""Official tables as a Word document (绩效目标表 / 绩效自评表 .docx): one table per plan.

Renders ``tables.Table`` on landscape A4: the title as a centred paragraph above its table, then the
table with borders (``Table Grid``), merged cells, fixed column widths scaled to the page, the header
row repeated on every page, 宋体 for the title and labels and 仿宋 for the body (set for East Asian
text too: ``w:eastAsia``), numbers written as people write them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from jixiao.documents.writers.cells import clean_text, money, number_text, percent, points
from jixiao.documents.writers.fonts import BODY_FONT, HEADING_FONT, LATIN_FONT
from jixiao.documents.writers.tables import Style, Table, TableCell

PAGE_WIDTH_CM = 29.7
PAGE_HEIGHT_CM = 21.0
MARGIN_CM = 1.8


def set_run_font(run: Any, east_asian: str, size: float | None = None, bold: bool = False) -> None:
    """Name the run's fonts: ``east_asian`` for CJK text (w:eastAsia), Times New Roman for Latin."""
    run.font.name = LATIN_FONT
    r_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), east_asian)
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.bold = True


def new_document(landscape: bool = True) -> Any:
    """An A4 document whose default font is 仿宋 (East Asian) with Times New Roman."""
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    else:
        section.page_width, section.page_height = Cm(PAGE_HEIGHT_CM), Cm(PAGE_WIDTH_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return document


def add_paragraph(
    document: Any, text: str, font: str, size: float, bold: bool = False, center: bool = False
) -> Any:
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run(clean_text(text)), font, size, bold)
    return paragraph


def tables_document(tables: Sequence[Table]) -> bytes:
    """A Word document with each table on its own pages, as bytes."""
    document = new_document(landscape=True)
    for index, table in enumerate(tables):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if table.title:
            add_paragraph(document, table.title, HEADING_FONT, 16, bold=True, center=True)
        for heading in table.headings:
            add_paragraph(document, heading, HEADING_FONT, 12, center=True)
        render_table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


HALF_WIDTH_EMU = Cm(0.2)
"""A half-width character of the 10.5 pt body font, with its share of the cell's padding."""


def fitted_widths(widths: list[float], needed: list[float], usable: int) -> list[float]:
    """Column widths (EMU) filling ``usable``: in proportion to ``widths``, but none narrower than
    its ``needed`` content (half-width characters), taken from the columns that have room to spare."""
    floor = [n * HALF_WIDTH_EMU for n in needed]
    result = [usable * w / sum(widths) for w in widths]
    fixed: set[int] = set()
    while True:
        short = {c for c in range(len(result)) if c not in fixed and result[c] < floor[c]}
        if not short:
            return result
        fixed |= short
        for c in short:
            result[c] = floor[c]
        rest = [c for c in range(len(result)) if c not in fixed]
        share = sum(result[c] for c in rest)
        room = usable - sum(result[c] for c in fixed)
        if not rest or share <= 0 or room <= 0:
            return result
        for c in rest:
            result[c] = result[c] * room / share


def render_table(document: Any, table: Table) -> Any:
    width = len(table.columns)
    doc_table = document.add_table(rows=len(table.rows), cols=width)
    doc_table.style = "Table Grid"
    doc_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    doc_table.autofit = False
    usable = Cm(PAGE_WIDTH_CM - 2 * MARGIN_CM)
    widths = [int(w) for w in fitted_widths(table.widths(), table.content_widths(), usable)]
    for col, w in zip(doc_table.columns, widths, strict=True):
        col.width = w
    grid = [row.cells for row in doc_table.rows]
    for r, row in enumerate(table.rows):
        for c in range(width):
            cell = grid[r][c]
            cell.width = widths[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            spec = row[c] if c < len(row) else None
            if spec is not None and spec.value is not None:
                _fill(cell, spec)
    for merge in table.merges:
        grid[merge.row][merge.col].merge(grid[merge.last_row][merge.last_col])
    if table.header_row >= 0:
        tr_pr = doc_table.rows[table.header_row]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)
    return doc_table


def cell_text(spec: TableCell) -> str:
    """A cell's value as the text Word shows."""
    value = spec.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if spec.style is Style.MONEY:
        return money(value)
    if spec.style is Style.PERCENT:
        return percent(value)
    if spec.style is Style.POINTS:
        return points(value)
    return number_text(value) if isinstance(value, Decimal) else str(value)


def _fill(cell: Any, spec: TableCell) -> None:
    paragraph = cell.paragraphs[0]
    if spec.style is Style.TEXT:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label = spec.style is Style.LABEL
    set_run_font(
        paragraph.add_run(clean_text(cell_text(spec))),
        HEADING_FONT if label else BODY_FONT,
        10.5 if label else 10,
        bold=label,
    )
