"""The official tables in .xlsx (writers.tables_xlsx), cell by cell as a person sees them: every cell's
value, font, border, alignment and number format, the merges, column widths, row heights and the print
setup, for target tables, self-evaluation tables and the template, read back with openpyxl."""

from __future__ import annotations

import io
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.core.actuals import apply_actuals
from jixiao.core.model import Plan
from jixiao.documents.load import load_plans
from jixiao.documents.writers.cells import line_count, looks_like_formula
from jixiao.documents.writers.export import plan_tables
from jixiao.documents.writers.samples import sample_department, sample_project
from jixiao.documents.writers.tables import Style, Table
from jixiao.documents.writers.tables_xlsx import tables_workbook

LABEL_STYLES = {Style.LABEL}
CENTRED_STYLES = {Style.LABEL, Style.CENTER, Style.PERCENT, Style.POINTS, Style.NUMBER}
FORMATS = {Style.MONEY: "0.00", Style.PERCENT: "0.00%"}  # of a number; every other cell: General


def look(cell: Any) -> dict[str, object]:
    """What a person sees of a cell: its value, font, borders, alignment, number format and whether
    it is shown as typed text (the quote prefix)."""
    sides = ("left", "right", "top", "bottom")
    return {
        "value": Decimal(str(cell.value)) if isinstance(cell.value, int | float) else cell.value,
        "type": cell.data_type,
        "font": (cell.font.name, cell.font.sz, bool(cell.font.b), cell.font.charset),
        "border": tuple((getattr(cell.border, s).style, _rgb(getattr(cell.border, s).color)) for s in sides),
        "alignment": (cell.alignment.horizontal, cell.alignment.vertical, bool(cell.alignment.wrap_text)),
        "format": cell.number_format,
        "quoted": bool(cell.quotePrefix),
    }


def _rgb(color: Any) -> str | None:
    """A colour as RRGGBB (openpyxl reads "000000" back as "00000000": the same black)."""
    return None if color is None else str(color.rgb)[-6:]


def dump(sheet: Worksheet) -> dict[str, object]:
    """Everything of a sheet a person sees or prints: each cell's ``look``, the merges, column widths,
    row heights and the print setup."""
    return {
        "cells": {c.coordinate: look(c) for row in sheet.iter_rows() for c in row},
        "merges": sorted(str(m) for m in sheet.merged_cells.ranges),
        "widths": {k: d.width for k, d in sheet.column_dimensions.items()},
        "heights": {k: d.height for k, d in sheet.row_dimensions.items()},
        "print": (
            sheet.page_setup.orientation,
            str(sheet.page_setup.paperSize),
            sheet.page_setup.fitToWidth,
            sheet.page_setup.fitToHeight,
            sheet.sheet_properties.pageSetUpPr.fitToPage,
            sheet.print_options.horizontalCentered,
            sheet.print_title_rows,
            sheet.print_area,
        ),
    }


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def stored_borders(data: bytes, sheet_no: int) -> dict[str, tuple[str | None, ...]]:
    """Each cell's border styles (left, right, top, bottom) as stored in the file: openpyxl, reading a
    workbook, gives the cells a merge covers fresh styles, but Excel draws a merged area's edges
    from those cells' own."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
        sheet = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{sheet_no}.xml"))
    borders = [
        tuple(
            side.get("style") if (side := border.find(MAIN + name)) is not None else None
            for name in ("left", "right", "top", "bottom")
        )
        for border in styles.iter(MAIN + "border")
    ]
    xfs = [int(xf.get("borderId", 0)) for xf in styles.find(MAIN + "cellXfs") or []]
    return {c.get("r", ""): borders[xfs[int(c.get("s", 0))]] for c in sheet.iter(MAIN + "c")}


def seed() -> list[Plan]:
    return load_plans(Path(__file__).parent.parent / "examples" / "zhuzhou-gxj-2023-targets.txt")


def seed_self_evaluation() -> list[Plan]:
    actuals = Path(__file__).parent.parent / "examples" / "zhuzhou-gxj-2023-actuals.json"
    return apply_actuals(seed(), load_plans(actuals))


def hostile_project() -> Plan:
    """A project whose texts begin as formulas would, beside ordinary ones of the same styles."""
    plan = sample_project()
    plan.indicators[0].name = "=SUM(A1:A9)"
    plan.indicators[1].explanation = "+1 按人次计"
    plan.goal = "@年度目标"
    return plan


PLANS = {
    "the seed's target tables": seed,
    "the seed's self-evaluation tables": seed_self_evaluation,
    "hand-built tables, one with formula-like text": lambda: [
        sample_department(),
        hostile_project(),
        sample_project(with_actuals=True),
    ],
}


def expected_look(table: Table, r: int, c: int) -> dict[str, object]:
    """The look of the table's cell (r, c), from its style: labels bold 宋体 centred, prose left,
    short text, rates, points and measured values centred, amounts right with two decimals; every
    cell of the table, blank or covered by a merge, in thin black borders."""
    spec = table.rows[r][c]
    thin = (("thin", "000000"),) * 4
    if spec is None:
        return {"font": ("仿宋", 10.5, False, 134), "border": thin, "alignment": (None, None, False)}
    value = spec.value
    if isinstance(value, Decimal) and spec.style is Style.PERCENT:  # a rate, to the 0.01% it shows
        value = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    horizontal = "center" if spec.style in CENTRED_STYLES else "left" if spec.style is Style.TEXT else "right"
    shown = {
        "value": value if value != "" else None,
        "type": "n" if value is None or isinstance(value, Decimal) else "s",
        "font": ("宋体" if spec.style in LABEL_STYLES else "仿宋", 10.5, spec.style in LABEL_STYLES, 134),
        "border": thin,
        "alignment": (horizontal, "center", True),
        "format": FORMATS.get(spec.style, "General") if isinstance(value, Decimal) else "General",
        "quoted": isinstance(value, str) and looks_like_formula(value),
    }
    if value == "":  # an empty text: nothing shown, however stored
        del shown["type"]
    return shown


@pytest.mark.parametrize("name", PLANS)
def test_it_gives_every_cell_the_look_of_its_style(name: str) -> None:
    tables = plan_tables(PLANS[name]())
    data = tables_workbook(tables)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert len(book.worksheets) == len(tables)
    for index, (sheet, table) in enumerate(zip(book.worksheets, tables, strict=True), 1):
        assert sheet.title.startswith(f"表{index} ")
        shown = dump(sheet)
        cells: Any = shown["cells"]
        first = 1 + bool(table.title) + len(table.headings)
        title = cells["A1"]
        assert title["value"] == table.title and title["font"] == ("宋体", 16, True, 134)
        assert title["alignment"] == ("center", "center", True) and title["border"][0][0] is None
        covered = {
            (m.row + dr, m.col + dc)
            for m in table.merges
            for dr in range(m.last_row - m.row + 1)
            for dc in range(m.last_col - m.col + 1)
            if dr or dc
        }
        stored = stored_borders(data, index)
        for r in range(len(table.rows)):
            for c in range(len(table.columns)):
                coordinate = f"{get_column_letter(c + 1)}{first + r}"
                assert stored[coordinate] == ("thin",) * 4, (sheet.title, coordinate)
                if (r, c) in covered:
                    continue
                want = expected_look(table, r, c)
                got = cells[coordinate]
                assert {k: got[k] for k in want} == want, (sheet.title, coordinate)


@pytest.mark.parametrize("name", PLANS)
def test_it_sizes_merges_and_prints_every_table(name: str) -> None:
    tables = plan_tables(PLANS[name]())
    book = openpyxl.load_workbook(io.BytesIO(tables_workbook(tables)))
    for sheet, table in zip(book.worksheets, tables, strict=True):
        shown: Any = dump(sheet)
        width, first = len(table.columns), 1 + bool(table.title) + len(table.headings)
        last_col = get_column_letter(width)
        widths = table.widths()
        assert shown["widths"] == {get_column_letter(c + 1): w for c, w in enumerate(widths)}
        merges = {f"A{r}:{last_col}{r}" for r in range(1, first)} | {
            f"{get_column_letter(m.col + 1)}{first + m.row}:{get_column_letter(m.last_col + 1)}{first + m.last_row}"
            for m in table.merges
        }
        assert set(shown["merges"]) == merges and len(shown["merges"]) == len(merges)
        for r, row in enumerate(table.rows):
            height = shown["heights"][first + r]
            texts = [
                (cell.value, sum(widths[c : c + _span(table, r, c)]))
                for c, cell in enumerate(row)
                if cell is not None and isinstance(cell.value, str)
            ]
            lines = max([line_count(text, w - 1) for text, w in texts] or [1])
            assert 20 <= height <= 409 and height >= min(409, lines * 14), (sheet.title, first + r)
        header = first + table.header_row
        assert shown["print"] == (
            "landscape",
            "9",  # A4
            1,
            0,
            True,
            True,
            f"${header}:${header}",
            f"'{sheet.title}'!$A$1:${last_col}${first + len(table.rows) - 1}",
        )


def _span(table: Table, r: int, c: int) -> int:
    return next((m.last_col - m.col + 1 for m in table.merges if (m.row, m.col) == (r, c)), 1)
