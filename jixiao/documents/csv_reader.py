"""CSV files (逗号分隔文件) → one grid.

Encodings: a byte-order mark wins (UTF-8, UTF-16), else UTF-8, else GB18030 — Chinese Excel saves
"CSV (逗号分隔)" in GBK. The delimiter (comma, tab or semicolon) is sniffed from the first lines, or
taken from Excel's ``sep=;`` first line. Quoted fields may hold delimiters and line breaks. Every cell
has ``Location(file, row, column)``, the row counting records, not physical lines. Cells are kept as
typed: a CSV has no number formats, so "40" stays "40".
"""

from __future__ import annotations

import csv
import io
import re

from jixiao.core.errors import InputError, Location
from jixiao.documents.formats import decode_text, sniff_delimiter
from jixiao.documents.grid import Cell, Grid
from jixiao.documents.limits import DEFAULT_LIMITS, Limits, TextBudget, check_size

_EXCEL_SEPARATOR = re.compile(r"\Asep=(.)\r?\n")


def read_csv(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[Grid]:
    """A CSV file → one grid named after the file."""
    check_size(data, name, limits)
    text = decode_text(data, name)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError("CSV 中有空字符（NUL），这不是文字文件", Location(file=name, line=line))
    declared = _EXCEL_SEPARATOR.match(text)
    if declared:
        delimiter = declared.group(1)
        text = text[declared.end() :]
    else:
        delimiter = sniff_delimiter(text) or ","
    budget = TextBudget(name, limits)
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            budget.add_row(record)
            records.append(record)
    except csv.Error as exc:
        raise InputError(
            f"CSV 格式错误：{exc}（分隔符「{_describe(delimiter)}」）",
            Location(file=name, line=reader.line_num),
        ) from exc
    while records and not any(field.strip() for field in records[-1]):
        records.pop()
    if not records:
        raise InputError("CSV 文件没有内容", Location(file=name))
    width = max(len(record) for record in records)
    budget.count(width * len(records) - budget.cells, 0)  # short records are padded to the widest
    rows = [
        [
            Cell(
                record[column] if column < len(record) else "",
                Location(file=name, row=row + 1, column=column + 1),
            )
            for column in range(width)
        ]
        for row, record in enumerate(records)
    ]
    return [Grid(rows=rows, source=Location(file=name), name=name)]


def _describe(delimiter: str) -> str:
    return {",": "逗号", "\t": "制表符", ";": "分号"}.get(delimiter, delimiter)
