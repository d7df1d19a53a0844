"""Word documents (Word 文档): .docx → one grid per top-level table, with the paragraphs before it.

Tables are read from the document's XML (opened by python-docx), placed on the table's column grid:

- a cell spanning columns (``w:gridSpan``) gives one ``Cell`` per grid column, the copies with
  ``merged=True``; so does a legacy horizontal merge (``w:hMerge``);
- a cell continuing a vertical merge (``w:vMerge`` without ``restart``) carries the text of the cell
  above it with ``merged=True``, as a merged range does in a spreadsheet;
- rows starting late (``w:gridBefore``) or ending early are padded with blank cells;
- tables, rows and cells wrapped in content controls (``w:sdt``) are read too; the text of a table
  nested in a cell becomes part of that cell's text.

Table N is called "表N": its cells have ``Location(file, sheet="表N", row, column)``. The body's
paragraphs since the previous table go into the grid's ``text_before`` with ``Location(file, line=k)``
(k counts the body's paragraphs). Paragraphs after the last table make one more grid, "正文", with
no rows.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jixiao.core.errors import Location
from jixiao.documents.grid import Cell, Grid
from jixiao.documents.limits import DEFAULT_LIMITS, Limits, TextBudget, inspect_zip, third_party_errors

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WRAPPERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"}
_TEXT_SKIP = {f"{W}delText", f"{W}instrText", f"{W}rPr", f"{W}pPr", f"{W}sdtPr", MC_FALLBACK}

Element = Any  # an lxml element of python-docx's tree (python-docx ships no type information)


def read_docx(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[Grid]:
    """A .docx document → its tables as grids "表1", "表2", …, in document order."""
    inspect_zip(data, name, limits)
    import docx

    with third_party_errors(name, "无法读取 Word 文档（.docx）"):
        body = docx.Document(io.BytesIO(data)).element.body
        return _read_body(body, name, TextBudget(name, limits))


def _read_body(body: Element, file: str, budget: TextBudget) -> list[Grid]:
    grids: list[Grid] = []
    paragraphs: list[Cell] = []
    line = 0
    for block in _blocks(body, {f"{W}p", f"{W}tbl"}):
        if block.tag == f"{W}p":
            line += 1
            text = paragraph_text(block)
            if text.strip():
                budget.add_row([text])
                paragraphs.append(Cell(text, Location(file=file, line=line)))
            continue
        number = len(grids) + 1
        label = f"表{number}"
        grid = Grid(
            rows=_table_rows(block, file, label, budget),
            source=Location(file=file, sheet=label),
            name=label,
            text_before=paragraphs,
        )
        grids.append(grid)
        paragraphs = []
    if paragraphs:
        grids.append(Grid(rows=[], source=Location(file=file), name="正文", text_before=paragraphs))
    return grids


def _blocks(parent: Element, tags: set[str]) -> Iterator[Element]:
    """Children of ``parent`` with one of ``tags``, in order, looking through content controls."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child, tags)


def paragraph_text(paragraph: Element) -> str:
    """A paragraph's text: runs, tabs, line breaks; deleted revisions and field codes left out."""
    parts: list[str] = []
    _collect_text(paragraph, parts)
    return "".join(parts)


def _collect_text(element: Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _TEXT_SKIP:
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        else:
            _collect_text(child, parts)


def cell_text(cell: Element) -> str:
    """A table cell's paragraphs (also those of a table nested in it), one line each."""
    lines: list[str] = []
    _cell_lines(cell, lines)
    return "\n".join(lines).strip("\n")


def _cell_lines(element: Element, lines: list[str]) -> None:
    for block in _blocks(element, {f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc"}):
        if block.tag == f"{W}p":
            lines.append(paragraph_text(block))
        else:
            _cell_lines(block, lines)


@dataclass(slots=True)
class _Placed:
    column: int
    span: int
    text: str
    vertical: str | None  # None, "restart" or "continue"
    horizontal_continue: bool


def _property(element: Element, container: str, name: str) -> Element | None:
    properties = element.find(f"{W}{container}")
    return None if properties is None else properties.find(f"{W}{name}")


def _number(element: Element | None, default: int) -> int:
    if element is None:
        return default
    value = element.get(f"{W}val", "")
    return int(value) if value.isdigit() and 0 < int(value) < 10_000 else default


def _place_row(row: Element) -> list[_Placed]:
    column = _number(_property(row, "trPr", "gridBefore"), 0)
    placed: list[_Placed] = []
    for cell in _blocks(row, {f"{W}tc"}):
        span = _number(_property(cell, "tcPr", "gridSpan"), 1)
        merge = _property(cell, "tcPr", "vMerge")
        vertical = None if merge is None else ("restart" if merge.get(f"{W}val") == "restart" else "continue")
        legacy = _property(cell, "tcPr", "hMerge")
        horizontal_continue = legacy is not None and legacy.get(f"{W}val") != "restart"
        placed.append(_Placed(column, span, cell_text(cell), vertical, horizontal_continue))
        column += span
    return placed


def _table_rows(table: Element, file: str, label: str, budget: TextBudget) -> list[list[Cell]]:
    placed_rows = [_place_row(row) for row in _blocks(table, {f"{W}tr"})]
    declared = len(table.findall(f"{W}tblGrid/{W}gridCol"))
    width = max([declared, *(cell.column + cell.span for row in placed_rows for cell in row)])
    if width > budget.limits.max_columns:
        budget.add_row([""] * width)  # refuses with the width
    rows: list[list[Cell]] = []
    for index, placed in enumerate(placed_rows):
        above = rows[-1] if rows else None
        cells: list[Cell | None] = [None] * width
        for item in placed:
            text, merged = item.text, False
            if item.vertical == "continue" and above is not None and item.column < len(above):
                text, merged = above[item.column].text, True
            elif item.horizontal_continue and item.column > 0 and cells[item.column - 1] is not None:
                left = cells[item.column - 1]
                text, merged = (left.text if left else text), True
            for offset in range(item.span):
                column = item.column + offset
                if column < width:
                    location = Location(file=file, sheet=label, row=index + 1, column=column + 1)
                    cells[column] = Cell(text, location, merged=merged or offset > 0)
        row = [
            cell or Cell("", Location(file=file, sheet=label, row=index + 1, column=column + 1))
            for column, cell in enumerate(cells)
        ]
        budget.add_row([cell.text for cell in row])
        rows.append(row)
    return rows
