"""PDF documents (PDF 文件): ruled tables on each page → grids, with pdfplumber.

Each ruled table of a page is a grid named "第P页 表K", its cells at ``Location(file, page, row,
column)`` (row and column within the table). A table continuing on the next page is a separate grid
there (layout joins them). A position that a merged cell covers (a spanning 一级 category, a
two-column header) carries the merged cell's text with ``merged=True``, as in a spreadsheet.

Text lines outside the tables go into the ``text_before`` of the next table (a title and the
information lines above a table; lines at the foot of a page belong to the table that follows on the
next page) with ``Location(file, page, line)``; lines after the last table make one more grid,
"正文", with no rows. A PDF whose pages have no text at all is a scanned image and is refused with a
message saying so; an encrypted PDF that needs a password is refused too.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jixiao.core.errors import InputError, Location
from jixiao.documents.grid import Cell, Grid
from jixiao.documents.limits import (
    DEFAULT_LIMITS,
    Limits,
    TextBudget,
    human_size,
    refuse,
    third_party_errors,
)
from jixiao.documents.pdf_guard import check_pdf_streams, check_reference_loops

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

SCANNED = "PDF 没有文字层（扫描图像），请提供原始电子文件或文字版 PDF"


def read_pdf(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[Grid]:
    """A text PDF → its ruled tables as grids, page by page, with the lines around them.

    With ``limits.isolate_pdf`` (the default) everything runs in a child process killed after
    ``max_pdf_seconds`` and limited to ``max_pdf_memory_bytes`` of address space: the checks of the
    raw bytes (``pdf_guard``: streams decoded through their filter chains with bounded output,
    reference loops), then pdfplumber. Raises ``InputError`` naming the file (and the page where
    known) for every refusal, a timeout and a memory overrun included.
    """
    if b"%PDF-" not in data[:1024]:
        raise refuse(name, f"不是 PDF 文件（开头字节：{data[:16].hex(' ').upper()}）")
    if limits.isolate_pdf:
        return read_pdf_isolated(data, name, limits)
    return read_pdf_here(data, name, limits)


STARTUP_SECONDS = 10.0
"""Time a child process is given to start Python and import pdfplumber, on top of max_pdf_seconds."""


def read_pdf_isolated(
    data: bytes, name: str, limits: Limits = DEFAULT_LIMITS, *, checks: bool = True
) -> list[Grid]:
    """``read_pdf_here`` (with or without its ``checks``) in a child process (``python -m jixiao.documents.pdf_worker``) with a
    wall-clock limit (``max_pdf_seconds`` + ``STARTUP_SECONDS``) and an address-space limit
    (``max_pdf_memory_bytes``); the grids come back as JSON. A child that overruns either is killed
    (or fails to allocate) and the file is refused with a message saying which limit it met."""
    package_root = str(Path(__file__).resolve().parents[2])
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, environment.get("PYTHONPATH")]))
    settings = json.dumps({"name": name, "limits": dataclasses.asdict(limits), "checks": checks})
    seconds = limits.max_pdf_seconds + STARTUP_SECONDS
    try:
        child = subprocess.run(
            [sys.executable, "-m", "jixiao.documents.pdf_worker", settings],
            input=data,
            capture_output=True,
            timeout=seconds,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise _too_slow(name, limits) from None
    try:
        answer = json.loads(child.stdout)
    except ValueError:
        answer = None
    if child.returncode == 0 and isinstance(answer, dict):
        return grids_from_json(answer, name)
    if child.returncode == -signal.SIGXCPU:
        raise _too_slow(name, limits)
    if b"MemoryError" in child.stderr or child.returncode < 0:
        raise _too_big(name, limits)
    raise refuse(name, f"读取 PDF 的子进程异常退出（状态 {child.returncode}），文件可能已损坏")


def _too_slow(name: str, limits: Limits) -> InputError:
    return refuse(
        name,
        f"读取 PDF 超过 {limits.max_pdf_seconds:g} 秒仍未完成，已停止；文件可能已损坏、过于复杂或是恶意构造",
    )


def _too_big(name: str, limits: Limits) -> InputError:
    return refuse(
        name,
        f"读取 PDF 所需内存超过上限 {human_size(limits.max_pdf_memory_bytes)}，已停止；"
        "文件可能已损坏、过于复杂或是恶意构造",
    )


def grids_to_json(grids: Sequence[Grid]) -> dict[str, object]:
    """Grids as JSON-ready data, for the way back from the child process."""

    def cell(c: Cell) -> list[object]:
        return [c.text, c.location.to_dict(), c.merged]

    return {
        "grids": [
            {
                "rows": [[cell(c) for c in row] for row in grid.rows],
                "source": grid.source.to_dict(),
                "name": grid.name,
                "text_before": [cell(c) for c in grid.text_before],
            }
            for grid in grids
        ]
    }


def error_to_json(error: InputError) -> dict[str, object]:
    return {
        "error": {"message": error.message, "location": error.location.to_dict() if error.location else None}
    }


def grids_from_json(answer: dict[str, Any], name: str) -> list[Grid]:
    """The inverse of ``grids_to_json``; an ``{"error": …}`` answer is raised as the InputError it was."""
    if "error" in answer:
        error = answer["error"]
        where = error.get("location")
        raise InputError(error["message"], Location(**where) if where else Location(file=name))

    def cell(raw: list[Any]) -> Cell:
        return Cell(raw[0], Location(**raw[1]), bool(raw[2]))

    return [
        Grid(
            rows=[[cell(c) for c in row] for row in grid["rows"]],
            source=Location(**grid["source"]),
            name=grid["name"],
            text_before=[cell(c) for c in grid["text_before"]],
        )
        for grid in answer["grids"]
    ]


def read_pdf_here(
    data: bytes, name: str, limits: Limits = DEFAULT_LIMITS, *, checks: bool = True
) -> list[Grid]:
    """The checks of ``pdf_guard`` (unless ``checks`` is false), then pdfplumber, in this process:
    bounded only by those checks and the per-page clock."""
    if checks:
        check_pdf_streams(data, name, limits)
        check_reference_loops(data, name)
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError

    budget = TextBudget(name, limits)
    with _quiet_pdfminer(), third_party_errors(name, "无法读取 PDF"):
        try:
            document = pdfplumber.open(io.BytesIO(data))
            with document:
                return _read_document(document, name, limits, budget)
        except Exception as exc:
            if _caused_by(exc, PDFEncryptionError):
                raise refuse(name, "PDF 有密码保护（已加密），请提供未加密的文件") from exc
            if _caused_by(exc, MemoryError):
                raise _too_big(name, limits) from exc
            raise


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs a warning for every oddity of a damaged file; the reader's own error says what
    matters, so those warnings are held back while it reads."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is ``exc`` or among its arguments, causes and contexts (pdfminer wraps)."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return True
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend(cause for cause in (current.__cause__, current.__context__) if cause is not None)
    return False


def _read_document(document: Any, file: str, limits: Limits, budget: TextBudget) -> list[Grid]:
    pages = document.pages
    if not pages:
        raise refuse(file, "PDF 中没有页面")
    if len(pages) > limits.max_pdf_pages:
        raise refuse(file, f"PDF 有 {len(pages)} 页，超过上限 {limits.max_pdf_pages} 页")
    grids: list[Grid] = []
    lines: list[Cell] = []
    characters = 0
    deadline = time.monotonic() + limits.max_pdf_seconds
    for number, page in enumerate(pages, start=1):
        if time.monotonic() > deadline:
            raise refuse(
                file,
                f"读取 PDF 超过 {limits.max_pdf_seconds:g} 秒（读到第{number}页）仍未完成，文件可能已损坏或过于复杂",
            )
        characters += len(page.chars)
        tables = sorted(page.find_tables(), key=lambda table: (table.bbox[1], table.bbox[0]))
        boxes = [table.bbox for table in tables]
        outside = page.filter(lambda obj, boxes=boxes: not _inside_any(obj, boxes))
        page_lines = list(_text_lines(outside, file, number, budget))
        for index, table in enumerate(tables, start=1):
            top = table.bbox[1]
            lines.extend(cell for cell, line_top in page_lines if line_top < top)
            page_lines = [(cell, line_top) for cell, line_top in page_lines if line_top >= top]
            label = f"第{number}页 表{index}"
            rows = _table_rows(table, file, number, budget)
            grids.append(
                Grid(rows=rows, source=Location(file=file, page=number), name=label, text_before=lines)
            )
            lines = []
        lines.extend(cell for cell, _ in page_lines)
        page.close()
    if characters == 0:
        raise refuse(file, SCANNED)
    if lines:
        grids.append(Grid(rows=[], source=Location(file=file), name="正文", text_before=lines))
    return grids


def _inside_any(obj: dict[str, Any], boxes: Sequence[Box]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _text_lines(page: Any, file: str, number: int, budget: TextBudget) -> Iterator[tuple[Cell, float]]:
    for index, line in enumerate(page.extract_text_lines(), start=1):
        text = line["text"]
        if text.strip():
            budget.add_row([text])
            yield Cell(text, Location(file=file, page=number, line=index)), float(line["top"])


def _table_rows(table: Any, file: str, page: int, budget: TextBudget) -> list[list[Cell]]:
    """The table's text by row and column; a position no cell starts at (covered by a merged cell)
    gets the text of the cell covering its centre."""
    extracted: list[list[str | None]] = table.extract()
    texts: dict[Box, str] = {}
    for row, values in zip(table.rows, extracted, strict=False):
        for box, value in zip(row.cells, values, strict=False):
            if box is not None:
                texts[tuple(box)] = value or ""
    # Column j runs from the j-th distinct left edge of any cell to the next one. (pdfplumber's own
    # column boxes are unions of their cells, so a cell merged across the row widens them all.)
    lefts = sorted({box[0] for box in texts})
    edges = [*lefts, max((box[2] for box in texts), default=0.0)]
    centres = [(edges[j] + edges[j + 1]) / 2 for j in range(len(lefts))]
    rows: list[list[Cell]] = []
    for row_index, row in enumerate(table.rows):
        _, top, _, bottom = row.bbox
        cells: list[Cell] = []
        for column_index, box in enumerate(row.cells):
            location = Location(file=file, page=page, row=row_index + 1, column=column_index + 1)
            if box is not None:
                cells.append(Cell(texts.get(tuple(box), ""), location))
                continue
            x = centres[column_index] if column_index < len(centres) else -1.0
            y = (top + bottom) / 2
            cover = next((b for b in texts if b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)
            cells.append(Cell(texts[cover] if cover else "", location, merged=cover is not None))
        budget.add_row([cell.text for cell in cells])
        rows.append(cells)
    return rows
