"""Open a document and read its plans (读取文件): the one entry point the CLI and web use.

The format is chosen by content (``formats.detect_format``), the file name only breaks ties. Every
failure is an ``InputError`` naming the file; nothing is half-read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from jixiao.core.bounds import check_plans
from jixiao.core.errors import InputError, Location
from jixiao.core.model import Plan
from jixiao.core.serialize import plans_from_dict
from jixiao.documents.grid import Grid
from jixiao.documents.limits import DEFAULT_LIMITS, Limits, check_json_depth, check_size, human_size

GridReader = Callable[[bytes, str, Limits], list[Grid]]


def load_plans(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Plan]:
    """Read every plan in the file at ``path``, whatever its format."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > limits.max_input_bytes:  # refused before reading it into memory
            raise InputError(
                f"文件过大（{human_size(size)}），超过上限 {human_size(limits.max_input_bytes)}",
                Location(file=name),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(_why_unreadable(exc), Location(file=str(path))) from exc
    return plans_from_bytes(data, name, limits)


def _why_unreadable(exc: OSError) -> str:
    """An operating-system error in words a user can act on."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在，请检查文件名和所在文件夹"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，不是文件"
    if isinstance(exc, PermissionError):
        return "没有读取这个文件的权限（文件可能正在其他程序中打开）"
    return f"无法读取文件（{exc.strerror or exc}）"


def plans_from_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[Plan]:
    """Read every plan in a document given as bytes (an upload, a file).

    Every bound is enforced here, so the CLI and the web application's uploads get the same: the
    reader's limits on size, time and memory (``limits``), then the range and precision of every
    number and the length of every text of the plans read (``core.bounds``, docs/limits.md).
    Raises ``InputError`` naming the file (and the cell, line, page or JSON field where known).
    """
    from jixiao.documents.formats import Format, detect_format

    check_size(data, name, limits)
    fmt = detect_format(data, name, limits)
    try:
        if fmt is Format.JSON:
            plans = _plans_from_json(data, name, limits)
        else:
            grids = _grid_reader(fmt)(data, name, limits)
            from jixiao.documents.layout import plans_from_grids

            plans = plans_from_grids(grids)
    except InputError as exc:
        located = _with_file(exc, name)
        if located is exc:
            raise
        raise located from exc
    check_plans(plans, name, with_paths=fmt is Format.JSON)
    return plans


def _with_file(exc: InputError, name: str) -> InputError:
    """Every error names the file: one raised without it (a value deep in a layout) gets it here,
    keeping the page, sheet and cell it had."""
    location = exc.location
    if location is not None and location.file:
        return exc
    with_file = Location(file=name) if location is None else replace(location, file=name)
    return type(exc)(exc.message, with_file)


def _plans_from_json(data: bytes, name: str, limits: Limits) -> list[Plan]:
    """JSON through msgspec (Decimals exact), after its nesting depth is checked: a parser must never
    recurse into a hostile document."""
    from jixiao.documents.jsonio import loads

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("不是有效的 JSON：不是 UTF-8 编码的文字", Location(file=name)) from exc
    check_json_depth(text, name, limits)
    return plans_from_dict(loads(text, name), name)


def _read_text(data: bytes, name: str, limits: Limits) -> list[Grid]:
    from jixiao.documents.formats import decode_text
    from jixiao.documents.text_reader import looks_like_extracted_text, read_extracted_text
    from jixiao.documents.web_text import read_web_text

    text = decode_text(data, name)
    if looks_like_extracted_text(text):
        return read_extracted_text(text, name, limits)
    return read_web_text(text, name, limits)


def _read_converted_doc(data: bytes, name: str, limits: Limits) -> list[Grid]:
    """A .doc or .wps file: converted to .docx by LibreOffice, then read as one."""
    from jixiao.documents.convert import convert_with_libreoffice
    from jixiao.documents.word import read_docx

    return read_docx(convert_with_libreoffice(data, name, "docx"), name, limits)


def _read_converted_sheet(data: bytes, name: str, limits: Limits) -> list[Grid]:
    """An .et file: converted to .xlsx by LibreOffice, then read as one."""
    from jixiao.documents import spreadsheet
    from jixiao.documents.convert import convert_with_libreoffice

    return spreadsheet.read_xlsx(convert_with_libreoffice(data, name, "xlsx"), name, limits)


def _grid_reader(fmt: str) -> GridReader:
    """The reader for ``fmt``, imported when first needed: importing pdfplumber or python-docx costs
    time the CLI should not pay for a text file."""
    if fmt == "text":
        return _read_text
    if fmt in ("xlsx", "xls"):
        from jixiao.documents import spreadsheet

        return spreadsheet.read_xlsx if fmt == "xlsx" else spreadsheet.read_xls
    if fmt == "docx":
        from jixiao.documents.word import read_docx

        return read_docx
    if fmt == "pdf":
        from jixiao.documents.pdf import read_pdf

        return read_pdf
    if fmt in ("doc", "et"):
        return _read_converted_doc if fmt == "doc" else _read_converted_sheet
    from jixiao.documents.csv_reader import read_csv

    return read_csv
