"""File format detection by content (文件格式识别).

A file's bytes decide its format; its name's extension only breaks ties (a one-column CSV, a broken
JSON file). Zip containers are told apart by their members (``xl/workbook.xml``, ``word/document.xml``),
OLE2 containers by their stream names, text by its shape: the extracted-text format of the seed has
one cell a line after a tab, a CSV has the same number of delimited columns on every line.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections import Counter
from enum import StrEnum
from pathlib import PurePath

from jixiao.core.errors import InputError, Location
from jixiao.documents.limits import (
    DEFAULT_LIMITS,
    Limits,
    check_size,
    deeper_than,
    third_party_errors,
    zip_member_count,
)
from jixiao.documents.text_reader import looks_binary, looks_like_extracted_text
from jixiao.documents.web_text import looks_like_pipe_table


class Format(StrEnum):
    """The formats jixiao reads (可读取的格式)."""

    XLSX = "xlsx"
    XLS = "xls"
    DOCX = "docx"
    PDF = "pdf"
    CSV = "csv"
    TEXT = "text"  # extracted text (one cell a line after a tab) or web text (pipes, columns, prose)
    JSON = "json"  # jixiao's own interchange format
    DOC = "doc"  # Word 97-2003, WPS Writer, OpenDocument text (.doc, .wps, .odt): converted by LibreOffice
    ET = "et"  # WPS spreadsheets and OpenDocument spreadsheets (.et, .ods): converted by LibreOffice


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAMPLE = 64 * 1024
DELIMITERS = (",", "\t", ";")


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower()


def _first_bytes(data: bytes) -> str:
    return data[:16].hex(" ").upper()


def detect_format(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Format:
    """The format of ``data`` judged by its content; ``name`` is used in messages and to break ties."""
    check_size(data, name, limits)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(data, name)
    if data.startswith(OLE2_MAGIC):
        return _ole_format(data, name)
    if b"%PDF-" in data[:1024]:
        return Format.PDF
    sample = _decode_sample(data)
    if sample is None:
        hint = ""
        if _extension(name) in (".pdf", ".xlsx", ".xls", ".docx", ".csv", ".json", ".txt"):
            hint = f"；文件名是 {_extension(name)}，但内容不是这种格式"
        raise InputError(
            f"无法识别的文件格式：不是 Excel、Word、PDF 或文字文件（开头字节：{_first_bytes(data)}）{hint}",
            Location(file=name),
        )
    return _text_format(data, sample, name, limits)


def _zip_format(data: bytes, name: str) -> Format:
    zip_member_count(data, name)  # a complete directory, before zipfile parses it
    with third_party_errors(name, "zip 结构损坏，无法读取"), zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        mimetype = (
            archive.read("mimetype")[:100].decode("ascii", "replace")
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200
            else ""
        )
    members = set(names)
    if "xl/workbook.xml" in members:
        return Format.XLSX
    if "word/document.xml" in members:
        return Format.DOCX
    if "xl/workbook.bin" in members:
        raise InputError(
            "这是 Excel 二进制工作簿（.xlsb），请在 Excel 中另存为 .xlsx 后再导入", Location(file=name)
        )
    if "opendocument.spreadsheet" in mimetype:
        return Format.ET  # converted to .xlsx by LibreOffice, as a WPS spreadsheet is
    if "opendocument.text" in mimetype:
        return Format.DOC  # converted to .docx by LibreOffice
    if any(member.startswith("ppt/") for member in members):
        raise InputError("这是 PowerPoint 演示文稿，jixiao 不读取演示文稿", Location(file=name))
    if any(member.startswith("xl/") for member in members):
        return Format.XLSX
    if any(member.startswith("word/") for member in members):
        return Format.DOCX
    shown = "、".join(names[:5]) or "（空）"
    raise InputError(
        f"无法识别的文件格式：这是一个 zip 压缩包，但不是 .xlsx 或 .docx（其中的文件：{shown}）",
        Location(file=name),
    )


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _ole_format(data: bytes, name: str) -> Format:
    """OLE2 compound files hold .xls, .doc and password-protected .xlsx/.docx; their directory names
    are stored in UTF-16."""
    if _utf16("EncryptedPackage") in data:
        raise InputError("文件有密码保护（已加密），请在 Office 中去掉密码后再导入", Location(file=name))
    if _extension(name) in (".et", ".ett"):
        return Format.ET
    if _utf16("Workbook") in data or _utf16("Book\x00") in data:
        return Format.XLS
    if _utf16("WordDocument") in data or _extension(name) in (".doc", ".wps", ".wpt", ".dot"):
        return Format.DOC
    if _extension(name) == ".xls":
        return Format.XLS
    raise InputError(
        f"无法识别的文件格式：这是一个 OLE2 复合文档，但不是 .xls 工作簿（开头字节：{_first_bytes(data)}）",
        Location(file=name),
    )


def _bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _decode_prefix(data: bytes, encoding: str, complete: bool) -> str | None:
    """``data`` decoded strictly; when it is only a prefix, a character cut at its end is dropped."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(data) - 4:
            try:
                return data[: exc.start].decode(encoding)
            except UnicodeDecodeError:
                return None
        return None


def _decode_sample(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    complete = len(data) <= _SAMPLE
    bom = _bom_encoding(sample)
    if bom is None and b"\x00" in sample:
        return None
    for encoding in (bom,) if bom else ("utf-8", "gb18030"):
        text = _decode_prefix(
            sample if complete else sample[: len(sample) - len(sample) % 2], encoding, complete
        )
        if text is not None and not looks_binary(text):
            return text
    return None


def decode_text(data: bytes, name: str) -> str:
    """Text bytes decoded: a byte-order mark wins, else UTF-8, else GB18030 (Chinese Excel and Notepad
    save GBK); carriage returns are kept for the caller's line splitting."""
    bom = _bom_encoding(data)
    for encoding in (bom,) if bom else ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.removeprefix("\ufeff")
    raise InputError(
        "无法识别文字编码（既不是 UTF-8，也不是 GBK/GB18030）；请另存为 UTF-8 编码后再导入",
        Location(file=name),
    )


def sniff_delimiter(text: str) -> str | None:
    """The delimiter (comma, tab or semicolon) that splits the first lines into the same number of
    columns, at least two; ``None`` when none does."""
    lines = [line for line in text.splitlines()[:60] if line.strip()]
    if not lines:
        return None
    best: tuple[float, int, str] | None = None
    for delimiter in DELIMITERS:
        try:
            widths = [len(record) for record in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        width, count = Counter(widths).most_common(1)[0]
        share = count / len(widths)
        if width >= 2 and share >= 0.6 and (best is None or (share, width) > best[:2]):
            best = (share, width, delimiter)
    return best[2] if best else None


def _text_format(data: bytes, sample: str, name: str, limits: Limits) -> Format:
    extension = _extension(name)
    head = sample.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return Format.JSON
    if head.startswith("["):
        if extension == ".json":
            return Format.JSON
        try:
            text = decode_text(data, name)
            if deeper_than(text, limits.max_json_depth):
                return Format.JSON  # refused as such by the JSON reader, with the line
            json.loads(text)
        except (ValueError, InputError):
            pass
        else:
            return Format.JSON
    if len(data) > _SAMPLE:
        sample = sample[: sample.rfind("\n") + 1] or sample  # whole lines only
    if looks_like_extracted_text(sample) or looks_like_pipe_table(sample):
        return Format.TEXT
    if sniff_delimiter(sample) is not None:
        return Format.CSV
    if extension in (".csv", ".tsv"):
        return Format.CSV
    return Format.TEXT
