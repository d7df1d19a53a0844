"""The extracted-text format (提取文本): a table as text pulled out of an office document.

The format, as the seed document has it::

    \\t一级指标          ← a cell: a line that starts with a tab
    \\t二级指标
    \\t                  ← an empty cell: a lone tab
                        ← a blank line ends the row
    \\t机关内人员成本（不包含公用经费支
    出，只计算人员类支出）  ← no tab: the cell's own line break, continuing the cell above

Decisions, so that callers can rely on them:

- A cell's ``Location`` is the file and the 1-based line number of the cell's first line.
- A cell's text is the text after its tab; its continuation lines are joined to it with ``"\\n"``
  (layout normalises labels and joins the lines, see ``jixiao.core.labels``).
- Spaces before the tab are tolerated (the seed's first line is ``" \\t部门（单位）职责"``).
- A line of nothing but spaces counts as blank.
- **Grid breaks**: two or more blank lines in a row end the grid and the next row starts a new one
  (the seed separates its tables, and a table's pages, by five blank lines). A break says nothing
  about plans: ``layout`` decides by content whether the next grid starts a new plan or continues
  the table (a header repeated after a page break continues the same plan).
- A line without a tab at the start of a row (nothing to continue) starts a cell of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.core.errors import InputError, Location
from jixiao.documents.grid import Cell, Grid
from jixiao.documents.limits import DEFAULT_LIMITS, Limits, TextBudget

GRID_BREAK_BLANK_LINES = 2
"""This many blank lines in a row (or more) end a grid."""

_CELL_START = re.compile(r"^[ \u3000]*\t")
# Control characters other than tab, line feed, carriage return and form feed (C0 and C1), and the
# replacement character: a text document holds none of these; decoded binary data holds many.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def looks_like_extracted_text(text: str) -> bool:
    """Format sniffing (识别提取文本): at least half the non-blank lines start with a tab (spaces may
    stand before it), and most of those hold just that one tab — a tab-separated table has several."""
    lines = [line for line in split_lines(text) if line.strip()]
    if not lines or looks_binary(text):
        return False
    cells = [line for line in lines if _CELL_START.match(line)]
    if len(cells) * 2 < len(lines):
        return False
    single = sum(1 for line in cells if line.count("\t") == 1)
    return single * 5 >= len(cells) * 4


def read_extracted_text(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> list[Grid]:
    """Read extracted text into grids of cells, each cell knowing its file and line (读取提取文本).

    Raises ``InputError`` naming ``file`` for an empty text, for binary content, and for more cells
    or text than ``limits`` allow (the same file-wide budget as the spreadsheet readers).
    """
    where = Location(file=file)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("文件是空的，没有任何文字内容", where)
    if looks_binary(text):
        raise InputError("文件含有二进制内容（控制字符），不是提取文本格式，无法读取", where)

    grids: list[Grid] = []
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    # The open cell: its first line number and its lines so far.
    cell_line = 0
    cell_lines: list[str] = []
    cell_chars = 0
    blank_run = 0
    budget = TextBudget(file, limits)

    def close_cell() -> None:
        nonlocal cell_lines
        if cell_lines:
            text = "\n".join(cell_lines)
            budget.add_cell(text, len(row) + 1)
            row.append(Cell(text, Location(file=file, line=cell_line)))
            cell_lines = []

    def close_row() -> None:
        nonlocal row
        close_cell()
        if row:
            rows.append(row)
            row = []

    def close_grid() -> None:
        nonlocal rows
        close_row()
        if rows:
            first = rows[0][0].location.line
            grids.append(Grid(rows=rows, source=Location(file=file, line=first)))
            rows = []

    for number, line in enumerate(split_lines(text), start=1):
        start = _CELL_START.match(line)
        if start:
            if blank_run >= GRID_BREAK_BLANK_LINES:
                close_grid()
            blank_run = 0
            close_cell()
            cell_line = number
            cell_lines = [line[start.end() :]]
            cell_chars = len(cell_lines[0])
        elif not line.strip():
            close_row()
            blank_run += 1
        else:
            if blank_run >= GRID_BREAK_BLANK_LINES:
                close_grid()
            blank_run = 0
            if cell_lines:
                cell_chars += len(line) + 1
                budget.check_cell(cell_chars, Location(file=file, line=cell_line))
                cell_lines.append(line)
            else:
                cell_line = number
                cell_lines = [line]
                cell_chars = len(line)
    close_grid()
    return grids


_LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> Iterator[str]:
    """Lines as an editor numbers them: only CR LF, CR and LF break lines (not str.splitlines). One
    at a time: a 50 MB file of short lines would be millions of strings at once."""
    start = 0
    for end in _LINE_END.finditer(text):
        yield text[start : end.start()]
        start = end.end()
    yield text[start:]


def looks_binary(text: str) -> bool:
    """Decoded binary data: NULs, or more than 1% control characters."""
    sample = text[:65536]
    if "\x00" in sample:
        return True
    controls = len(_CONTROL.findall(sample))
    return controls > max(2, len(sample) // 100)
