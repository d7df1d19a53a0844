"""Open a document and read its plans (读取文件): the one entry point the CLI and web use.

The format is chosen by content (``formats.detect_format``), the file name only breaks ties. Every
failure is an ``InputError`` naming the file; nothing is half-read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from jixiao.core.errors import InputError, Location
from jixiao.core.model import Plan
from jixiao.core.serialize import plans_from_dict
from jixiao.documents.grid import Grid
from jixiao.documents.limits import DEFAULT_LIMITS, Limits


def load_plans(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Plan]:
    """Read every plan in the file at ``path``, whatever its format."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"无法打开文件：{exc.strerror}", Location(file=str(path))) from exc
    limits.check_size(size, name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", Location(file=str(path))) from exc
    return plans_from_bytes(data, name, limits)


def plans_from_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[Plan]:
    """Read every plan in a document given as bytes (an upload, a file)."""
    from jixiao.documents.formats import Format, detect_format

    if not data.strip():
        raise InputError("文件是空的", Location(file=name))
    limits.check_size(len(data), name)
    fmt = detect_format(data, name)
    if fmt is Format.JSON:
        return _plans_from_json(data, name)
    grids = _GRID_READERS[fmt]()(data, name)
    from jixiao.documents.layout import plans_from_grids

    return plans_from_grids(grids)


def _plans_from_json(data: bytes, name: str) -> list[Plan]:
    try:
        obj = json.loads(data.decode("utf-8-sig"), parse_float=Decimal, parse_int=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"不是有效的 JSON：{exc}", Location(file=name)) from exc
    return plans_from_dict(obj, name)


def _text_reader() -> Callable[[bytes, str], list[Grid]]:
    from jixiao.documents.formats import decode_text
    from jixiao.documents.text_reader import read_extracted_text

    return lambda data, name: read_extracted_text(decode_text(data, name), name)


def _xlsx() -> Callable[[bytes, str], list[Grid]]:
    from jixiao.documents.spreadsheet import read_xlsx

    return read_xlsx


def _xls() -> Callable[[bytes, str], list[Grid]]:
    from jixiao.documents.spreadsheet import read_xls

    return read_xls


def _docx() -> Callable[[bytes, str], list[Grid]]:
    from jixiao.documents.word import read_docx

    return read_docx


def _pdf() -> Callable[[bytes, str], list[Grid]]:
    from jixiao.documents.pdf import read_pdf

    return read_pdf


def _csv() -> Callable[[bytes, str], list[Grid]]:
    from jixiao.documents.csv_reader import read_csv

    return read_csv


# Readers are imported when first needed: importing pdfplumber or python-docx costs time the
# CLI should not pay for a text file.
_GRID_READERS = {
    "text": _text_reader,
    "xlsx": _xlsx,
    "xls": _xls,
    "docx": _docx,
    "pdf": _pdf,
    "csv": _csv,
}
