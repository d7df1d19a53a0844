"""Limits against hostile files (恶意文件防护): size, zip bombs, macros, oversized sheets.

Every reader calls these checks *before* a third-party library sees the bytes:

- ``check_size`` — the input itself (default 50 MB).
- ``inspect_zip`` — for .xlsx and .docx, the zip's central directory is read with bounded work:
  member count, paths (no absolute or ``..`` names), encrypted members, compression methods, macros
  (``vbaProject.bin``), the declared uncompressed total and the per-member compression ratio. It
  then inflates each member itself, in bounded chunks, to check that the declared sizes are true
  (python-docx's zipfile and the zip library inside python-calamine trust the data, not the
  directory: a .docx member declared as 21 KB that inflates to 4 GB). For .xlsx it also measures
  each worksheet's used area: a two-cell sheet at A1 and XFD1048576 makes calamine allocate a dense
  range of 17 billion cells and abort the whole process, so such a sheet is refused here first.
- PDF streams and references are checked in ``pdf_guard.py``.
- ``check_json_depth`` — the nesting of a JSON text, before a parser recurses into it.
- ``TextBudget`` — a running count of cells and characters while a reader builds its grids.

Every refusal is an ``InputError`` naming the file and the reason.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO

from jixiao.core.errors import InputError, Location

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """The caps a reader enforces (读取上限); the defaults suit any real target table by a wide margin."""

    max_input_bytes: int = 50 * MB
    max_uncompressed_bytes: int = 200 * MB  # a zip's members together, or a PDF's streams together
    max_compression_ratio: float = 100.0  # uncompressed ÷ compressed, for one member ...
    ratio_applies_above: int = 1 * MB  # ... whose uncompressed size is above this
    max_zip_members: int = 10_000
    max_part_bytes: int = 50 * MB  # one member of a zip, uncompressed (an XML part becomes a tree)
    # all grids of one file together (for a sheet: its used area). A department workbook of 100
    # project sheets of 40 × 12 cells is 48,000; reading costs ~15 µs a cell, so this caps it at ~4 s.
    max_cells: int = 250_000
    max_columns: int = 500  # one sheet's or table's width
    max_text_chars: int = 50_000_000  # all cell texts of one file together
    max_cell_chars: int = 100_000  # one cell of a text, CSV, Word or PDF table (fields have tighter limits)
    max_shared_string_bytes: int = 256 * 1024  # one entry of an .xlsx's shared strings (XML bytes)
    max_pdf_pages: int = 1_000
    # Reading time of a PDF, checked after each page (a second line behind the child's clock).
    max_pdf_seconds: float = 30.0
    # A PDF is parsed in a child process (``pdf.read_pdf``) killed after max_pdf_seconds (plus its
    # start-up) and limited to this much address space; ``isolate_pdf=False`` parses in-process
    # (the fuzz tests, for speed), leaving only the checks of pdf_guard.py and the per-page clock.
    max_pdf_memory_bytes: int = 1024 * MB
    isolate_pdf: bool = True
    max_json_depth: int = 32  # nesting of arrays and objects (the interchange format needs 5)


DEFAULT_LIMITS = Limits()


def refuse(name: str, message: str) -> InputError:
    return InputError(message, Location(file=name))


def human_size(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} 字节"


def check_size(data: bytes, name: str, limits: Limits) -> None:
    """The input's own size: empty files and files over ``max_input_bytes`` are refused."""
    if not data:
        raise refuse(name, "文件是空的（0 字节）")
    if len(data) > limits.max_input_bytes:
        raise refuse(
            name,
            f"文件过大（{human_size(len(data))}），超过上限 {human_size(limits.max_input_bytes)}",
        )


# ── zip containers (.xlsx, .docx) ────────────────────────────────────────────────────────────────

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_LOCAL_HEADER = b"PK\x03\x04"
_CHUNK = 64 * 1024


def zip_member_count(data: bytes, name: str) -> int:
    """The member count from the end-of-central-directory record, before anything parses the directory."""
    eocd = data.rfind(_EOCD, max(0, len(data) - 22 - 65535))
    if eocd < 0 or eocd + 22 > len(data):
        raise refuse(name, "zip 结构不完整（找不到中央目录结尾），文件可能被截断或损坏")
    (count,) = struct.unpack_from("<H", data, eocd + 10)
    if count != 0xFFFF:
        return int(count)
    locator = eocd - 20
    if locator < 0 or data[locator : locator + 4] != _ZIP64_LOCATOR:
        return int(count)
    (offset,) = struct.unpack_from("<Q", data, locator + 8)
    if offset + 56 > len(data) or data[offset : offset + 4] != _ZIP64_EOCD:
        raise refuse(name, "zip64 目录记录损坏，文件可能被截断或损坏")
    (count64,) = struct.unpack_from("<Q", data, offset + 32)
    return int(count64)


def _unsafe_path(member: str) -> bool:
    path = member.replace("\\", "/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return True
    return ".." in path.split("/")


def inspect_zip(data: bytes, name: str, limits: Limits, *, measure_sheets: bool = False) -> None:
    """Check a zip container before any library opens it, then inflate every member in bounded
    chunks to verify its declared size (a member whose data inflates past what the directory says is
    refused: the libraries that read .xlsx and .docx trust the data). With ``measure_sheets`` (for
    .xlsx) the XML members are also scanned for worksheet areas and forged counts."""
    check_size(data, name, limits)
    count = zip_member_count(data, name)
    if count > limits.max_zip_members:
        raise refuse(name, f"zip 中的文件过多（{count} 个），超过上限 {limits.max_zip_members} 个")
    with third_party_errors(name, "zip 结构损坏，无法读取目录"), zipfile.ZipFile(BytesIO(data)) as archive:
        infos = archive.infolist()
    if len(infos) > limits.max_zip_members:
        raise refuse(name, f"zip 中的文件过多（{len(infos)} 个），超过上限 {limits.max_zip_members} 个")

    seen: set[str] = set()
    total = 0
    for info in infos:
        member = info.filename
        if _unsafe_path(member):
            raise refuse(name, f"zip 中含有不安全的路径「{member}」（绝对路径或 ..），拒绝读取")
        if member in seen:
            raise refuse(name, f"zip 中的「{member}」出现了不止一次，拒绝读取")
        seen.add(member)
        if member.replace("\\", "/").rsplit("/", 1)[-1].lower().startswith("vbaproject"):
            raise refuse(
                name,
                f"文件含有宏（{member}）；jixiao 不接受带宏的文件，请另存为不含宏的 .xlsx 或 .docx 后再导入",
            )
        if info.flag_bits & 0x1:
            raise refuse(name, f"zip 中的「{member}」已加密，无法读取；请去掉密码后再导入")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(name, f"zip 中的「{member}」使用了不支持的压缩方式（{info.compress_type}）")
        if info.file_size > limits.max_part_bytes:
            raise refuse(
                name,
                f"zip 中的「{member}」解压后有 {human_size(info.file_size)}，超过单个部件上限 "
                f"{human_size(limits.max_part_bytes)}，疑似压缩炸弹，拒绝读取",
            )
        total += info.file_size
        if total > limits.max_uncompressed_bytes:
            raise refuse(
                name,
                f"解压后总大小超过上限 {human_size(limits.max_uncompressed_bytes)}"
                f"（已累计 {human_size(total)}），疑似压缩炸弹，拒绝读取",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_applies_above and ratio > limits.max_compression_ratio:
            raise refuse(
                name,
                f"zip 中的「{member}」压缩比异常（{human_size(info.compress_size)} 解压为 "
                f"{human_size(info.file_size)}，约 {ratio:.0f}:1，上限 {limits.max_compression_ratio:.0f}:1），"
                "疑似压缩炸弹，拒绝读取",
            )
    _measure_members(data, name, infos, limits, scan_xml=measure_sheets)


def _member_data(data: bytes, name: str, info: zipfile.ZipInfo) -> memoryview:
    start = info.header_offset
    if start < 0 or start + 30 > len(data) or data[start : start + 4] != _LOCAL_HEADER:
        raise refuse(name, f"zip 中「{info.filename}」的本地文件头损坏，文件可能被截断")
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_length + extra_length
    end = begin + info.compress_size
    if end > len(data):
        raise refuse(name, f"zip 中「{info.filename}」的数据不完整，文件可能被截断")
    return memoryview(data)[begin:end]


def iter_inflated(data: bytes, name: str, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """The member's bytes in chunks, inflated here with bounded output; refused as soon as the output
    exceeds the declared size or ``limit``, or if the stream is broken."""
    raw = _member_data(data, name, info)
    declared = info.file_size
    if info.compress_type == zipfile.ZIP_STORED:
        if len(raw) != declared:
            raise refuse(name, f"zip 中「{info.filename}」的声明大小与实际数据不符")
        for offset in range(0, len(raw), _CHUNK):
            yield bytes(raw[offset : offset + _CHUNK])
        return
    inflater = zlib.decompressobj(-15)
    produced = 0
    try:
        for offset in range(0, len(raw), _CHUNK):
            pending = bytes(raw[offset : offset + _CHUNK])
            while pending and not inflater.eof:
                out = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                produced += len(out)
                if produced > declared or produced > limit:
                    raise refuse(
                        name,
                        f"zip 中「{info.filename}」解压后的实际大小超过了声明的 {human_size(declared)}，"
                        "疑似压缩炸弹，拒绝读取",
                    )
                if out:
                    yield out
            if inflater.eof:
                break
    except zlib.error as exc:
        raise refuse(name, f"zip 中「{info.filename}」的压缩数据损坏（{exc}）") from exc
    if not inflater.eof or produced != declared:
        raise refuse(name, f"zip 中「{info.filename}」的压缩数据不完整，文件可能被截断或损坏")


# A tag of a worksheet's cell grid (<row>, <c>) or of a shared-strings entry (<si>), any prefix.
_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c|si)(?=[\s/>])([^>]*)>")
_ROW_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d+)["']""")
_CELL_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']\$?([A-Za-z]+)\$?(\d+)["']""")


def column_number(letters: str) -> int:
    """A → 1, AA → 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


@dataclass(slots=True)
class CellCursor:
    """Where the next ``<c>`` of a worksheet lands, the way Excel and calamine place cells: a ``r``
    attribute wins, a missing one means the next row or column (1-based)."""

    row: int = 0
    column: int = 0

    def advance(self, match: re.Match[bytes]) -> bool:
        """Move past a ``<row>`` or ``<c>`` tag; true for a cell tag with content (not ``<c/>``)."""
        closing, tag, attributes = match.group(1), match.group(2), match.group(3)
        if closing or tag == b"si":
            return False
        if tag == b"row":
            found = _ROW_REF.search(attributes)
            self.row = int(found.group(1)) if found else self.row + 1
            self.column = 0
            return False
        cell = _CELL_REF.search(attributes)
        if cell:
            self.column = column_number(cell.group(1).decode("ascii"))
            self.row = int(cell.group(2))
        else:
            self.column += 1
        return not attributes.endswith(b"/")


@dataclass(slots=True)
class SheetExtent:
    """The used area of one worksheet part (cells with content only), and the longest shared string."""

    cursor: CellCursor = field(default_factory=CellCursor)
    first_row: int | None = None
    last_row: int = 0
    first_column: int | None = None
    last_column: int = 0
    longest_shared_string: int = 0
    _string_start: int | None = None

    @property
    def rows(self) -> int:
        return 0 if self.first_row is None else self.last_row - self.first_row + 1

    @property
    def columns(self) -> int:
        return 0 if self.first_column is None else self.last_column - self.first_column + 1

    def see(self, match: re.Match[bytes], position: int) -> None:
        if match.group(2) == b"si":
            if match.group(1):
                if self._string_start is not None:
                    length = position + match.end() - self._string_start
                    self.longest_shared_string = max(self.longest_shared_string, length)
                self._string_start = None
            elif not match.group(3).endswith(b"/"):
                self._string_start = position + match.start()
            return
        if not self.cursor.advance(match):
            return
        row, column = self.cursor.row, self.cursor.column
        self.first_row = row if self.first_row is None else min(self.first_row, row)
        self.last_row = max(self.last_row, row)
        self.first_column = column if self.first_column is None else min(self.first_column, column)
        self.last_column = max(self.last_column, column)


def scan_tags(chunks: Iterator[bytes], visit: Callable[[re.Match[bytes], int], None]) -> None:
    """Run ``visit(match, offset_of_buffer)`` on every ``_TAG`` in a stream of chunks, across chunk ends."""
    carry = b""
    position = 0
    for chunk in chunks:
        buffer = carry + chunk
        end = 0
        for match in _TAG.finditer(buffer):
            visit(match, position)
            end = match.end()
        tail = buffer.rfind(b"<", end)
        keep = tail if tail >= 0 and buffer.find(b">", tail) < 0 else len(buffer)
        if len(buffer) - keep > _CHUNK:  # an unterminated tag longer than a chunk: not a cell tag
            keep = len(buffer)
        position += keep
        carry = buffer[keep:]


# A declared count (``<sst uniqueCount="…">``, ``<cellXfs count="…">``): calamine reserves memory
# for it up front, so a forged count of four billion aborts the process.
_COUNT = re.compile(rb"""<[^<>]*?\s(?:count|uniqueCount)\s*=\s*["'](\d{1,20})["']""")


def _checked_counts(chunks: Iterator[bytes], name: str, member: str, limit: int) -> Iterator[bytes]:
    tail = b""
    for chunk in chunks:
        for match in _COUNT.finditer(tail + chunk):
            if int(match.group(1)) > limit:
                raise refuse(
                    name,
                    f"「{member}」声明了 {int(match.group(1))} 个条目，超过上限 {limit} 个，拒绝读取",
                )
        tail = chunk[-256:]
        yield chunk


def _measure_members(
    data: bytes, name: str, infos: list[zipfile.ZipInfo], limits: Limits, *, scan_xml: bool
) -> None:
    budget = limits.max_uncompressed_bytes
    cells = 0
    for info in infos:
        extent = SheetExtent()
        chunks = iter_inflated(data, name, info, budget)
        if scan_xml and info.filename.lower().endswith((".xml", ".rels")):
            scan_tags(_checked_counts(chunks, name, info.filename, limits.max_cells), extent.see)
        else:
            for _ in chunks:
                pass
        budget -= info.file_size
        if extent.longest_shared_string > limits.max_shared_string_bytes:
            raise refuse(
                name,
                f"「{info.filename}」中有一个文字条目长达 {human_size(extent.longest_shared_string)}，"
                f"超过上限 {human_size(limits.max_shared_string_bytes)}，拒绝读取",
            )
        if extent.columns > limits.max_columns:
            raise refuse(
                name,
                f"「{info.filename}」的数据区域宽达 {extent.columns} 列，超过上限 {limits.max_columns} 列，拒绝读取",
            )
        cells += extent.rows * extent.columns
        if cells > limits.max_cells:
            raise refuse(
                name,
                f"「{info.filename}」的数据区域过大（{extent.rows} 行 × {extent.columns} 列），"
                f"全部工作表合计超过上限 {limits.max_cells} 个单元格，拒绝读取",
            )


# ── JSON ─────────────────────────────────────────────────────────────────────────────────────────

# A JSON string (skipped whole, so brackets inside it do not count) or one bracket.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def deeper_than(text: str, limit: int) -> int | None:
    """The offset in JSON ``text`` where its nesting of arrays and objects first passes ``limit``
    levels, or None; strings are skipped, so brackets inside them do not count."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return match.start()
        elif token in ("]", "}"):
            depth -= 1
    return None


def check_json_depth(text: str, name: str, limits: Limits) -> None:
    """Refuse JSON text nested deeper than ``max_json_depth`` before a parser recurses into it
    (Python's parser raises RecursionError at about 1,000 levels, others crash); the message names the
    line where the limit is passed."""
    offset = deeper_than(text, limits.max_json_depth)
    if offset is not None:
        raise InputError(
            f"JSON 嵌套层数超过上限 {limits.max_json_depth} 层，不是 jixiao 交换格式，拒绝读取",
            Location(file=name, line=text.count("\n", 0, offset) + 1),
        )


# ── cells and text while building grids ──────────────────────────────────────────────────────────


@dataclass(slots=True)
class TextBudget:
    """Counts cells and characters as a reader builds its grids, and refuses past the limits."""

    name: str
    limits: Limits
    cells: int = 0
    chars: int = 0

    def add_row(self, texts: list[str]) -> None:
        self.check_width(len(texts))
        for text in texts:
            self.check_cell(len(text))
        self.count(len(texts), sum(len(text) for text in texts))

    def add_cell(self, text: str, column: int) -> None:
        """One cell at 1-based ``column`` of its row, for readers that build a row cell by cell."""
        self.check_width(column)
        self.check_cell(len(text))
        self.count(1, len(text))

    def check_cell(self, chars: int, where: Location | None = None) -> None:
        """One cell's length; ``where`` names the cell when the reader knows it."""
        if chars > self.limits.max_cell_chars:
            raise InputError(
                f"一个单元格的文字长达 {chars} 个字符以上，超过上限 {self.limits.max_cell_chars} 个，拒绝读取",
                where or Location(file=self.name),
            )

    def check_width(self, columns: int) -> None:
        if columns > self.limits.max_columns:
            raise refuse(self.name, f"表格宽达 {columns} 列，超过上限 {self.limits.max_columns} 列，拒绝读取")

    def count(self, cells: int, chars: int) -> None:
        self.cells += cells
        self.chars += chars
        if self.cells > self.limits.max_cells:
            raise refuse(self.name, f"单元格总数超过上限 {self.limits.max_cells} 个，拒绝读取")
        if self.chars > self.limits.max_text_chars:
            raise refuse(self.name, f"文字总量超过上限 {self.limits.max_text_chars} 个字符，拒绝读取")


# ── the boundary: third-party exceptions become InputError ──────────────────────────────────────


@contextmanager
def third_party_errors(name: str, what: str) -> Iterator[None]:
    """Translate any exception a library raises while reading into an ``InputError`` that names the
    file, says what was being read, and shows what the library saw. ``MemoryError`` passes through;
    a Rust panic inside python-calamine (``PanicException``, a ``BaseException``) is translated too."""
    try:
        yield
    except (InputError, MemoryError):
        raise
    except Exception as exc:
        raise _translated(name, what, exc) from exc
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise _translated(name, what, exc) from exc


def _translated(name: str, what: str, exc: BaseException) -> InputError:
    detail = f"{type(exc).__name__}: {exc}".strip()
    if len(detail) > 300:
        detail = detail[:300] + "…"
    return refuse(name, f"{what}：文件已损坏或不是有效的文件（{detail}）")
