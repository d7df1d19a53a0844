"""Builders of real test files (测试文件): .xlsx, .docx, .pdf, .csv, .xls and hostile zips, in memory.

Nothing here mocks a library: spreadsheets come from openpyxl, Word files from python-docx; PDFs and
.xls files are written byte by byte (no PDF or .xls writer is installed), so each builder below
documents the format subset it writes.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import openpyxl
from openpyxl.workbook.workbook import Workbook

# ── .xlsx ──────────────────────────────────────────────────────────────────────────────────────


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx(fill: Callable[[Workbook], None]) -> bytes:
    """A workbook made by ``fill`` (which gets a new workbook with one sheet), saved by openpyxl."""
    workbook = openpyxl.Workbook()
    fill(workbook)
    return workbook_bytes(workbook)


TARGET_ROWS: list[list[object]] = [
    ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "度量单位", "评(扣)分标准", "备注"],
    ["产出指标", "数量指标", "新增省级“小巨人”企业数", "≥", 40, "家", "完成得分", 6],
    [None, None, "新增国家级“小巨人”企业数", "≥", 15, "家", "完成得分", 6],
    [None, "质量指标", "项目验收合格率", "=", 1, "%", "完成得分", 0.5],
    ["效益指标", "社会效益指标", "带动就业人数", "≥", 1950.0, "人", "完成得分", 0.1],
]


def target_table_xlsx() -> bytes:
    """A project target table: a title row, a header, merged 一级/二级 category cells (A3:A5, B3:B4),
    a merged title (A1:H1), integral floats, a percent-formatted cell and a Chinese sheet name."""

    def fill(workbook: Workbook) -> None:
        sheet = workbook.active
        sheet.title = "项目绩效目标"
        sheet["A1"] = "2023年项目绩效目标表"
        sheet.merge_cells("A1:H1")
        for offset, row in enumerate(TARGET_ROWS):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=offset + 2, column=column, value=value)
        sheet.merge_cells("A3:A5")
        sheet.merge_cells("B3:B4")
        sheet["E5"].number_format = "0%"
        empty = workbook.create_sheet("空表")
        empty.sheet_properties.tabColor = "FF0000"
        notes = workbook.create_sheet("说明")
        notes["C4"] = "填报说明"

    return xlsx(fill)


def rezip(
    data: bytes, replace: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """A copy of a zip with members replaced (``None`` removes one) or added."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in replace:
                content = replace[info.filename]
                if content is not None:
                    target.writestr(info.filename, content)
            else:
                target.writestr(info, source.read(info.filename))
        for member, content in (add or {}).items():
            target.writestr(member, content)
    return out.getvalue()


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def raw_zip(members: Sequence[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written by hand from (name, deflated stream, declared size, crc, method) members, so the
    declared size can be anything (zipfile itself always tells the truth)."""
    body = io.BytesIO()
    directory = io.BytesIO()
    for name, stream, size, crc, method in members:
        encoded = name.encode("utf-8")
        offset = body.tell()
        header = struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(stream), size, len(encoded), 0
        )
        body.write(header + encoded + stream)
        directory.write(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(stream),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = body.tell()
    table = directory.getvalue()
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(table), start, 0)
    return body.getvalue() + table + end


def zeros_deflated(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``megabytes`` MB of zeros, built by repeating one compressed megabyte
    (each copy references only itself), and its CRC; nothing of that size is ever held in memory."""
    block = bytes(1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty final block
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    return chunk * megabytes + final, crc


def zip_bomb_xlsx(megabytes: int = 1024, declared: int | None = None) -> bytes:
    """An .xlsx whose worksheet inflates to ``megabytes`` MB of zeros (about 1000:1) — declared
    truthfully, or as ``declared`` bytes to lie about it."""
    return zip_bomb(target_table_xlsx(), "xl/worksheets/sheet1.xml", megabytes, declared)


def zip_bomb(base: bytes, bomb: str, megabytes: int = 1024, declared: int | None = None) -> bytes:
    """A copy of the zip ``base`` whose member ``bomb`` inflates to ``megabytes`` MB of zeros."""
    stream, crc = zeros_deflated(megabytes)
    members: list[tuple[str, bytes, int, int, int]] = []
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        for info in archive.infolist():
            if info.filename == bomb:
                size = megabytes * 1024 * 1024 if declared is None else declared
                members.append((info.filename, stream, size, crc, zipfile.ZIP_DEFLATED))
            else:
                content = archive.read(info.filename)
                compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
                deflated = compressor.compress(content) + compressor.flush()
                members.append(
                    (info.filename, deflated, len(content), zlib.crc32(content), zipfile.ZIP_DEFLATED)
                )
    return raw_zip(members)


def far_cell_xlsx() -> bytes:
    """A tiny .xlsx with text in A1 and in XFD1048576: calamine would allocate 17 billion cells."""
    data = xlsx(lambda workbook: workbook.active.__setitem__("A1", "a"))
    sheet = member(data, "xl/worksheets/sheet1.xml")
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row></sheetData>'
    return rezip(data, replace={"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", far)})


def cached_formula_xlsx() -> bytes:
    """An .xlsx whose formula cells carry the value Excel cached (openpyxl writes none): C2 = A2*B2
    cached as 1950, C3 a formula with no cached value."""

    def fill(workbook: Workbook) -> None:
        sheet = workbook.active
        sheet.append(["单价", "数量", "金额"])
        sheet.append([19.5, 100, "=A2*B2"])
        sheet.append([1, 2, "=A3*B3"])

    data = xlsx(fill)
    sheet = member(data, "xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b"<f>A2*B2</f><v></v>", b"<f>A2*B2</f><v>1950</v>")
    assert b"<v>1950</v>" in sheet
    return rezip(data, replace={"xl/worksheets/sheet1.xml": sheet})


# ── .docx ──────────────────────────────────────────────────────────────────────────────────────

DOCX_ROWS = [
    ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
    ["产出指标", "数量指标", "新增省级“小巨人”企业数", "≥40家", "6"],
    ["", "", "新增国家级“小巨人”企业数", "≥15家", "6"],
    ["", "质量指标", "项目验收合格率", "100%", "0.5"],
    ["效益指标", "社会效益指标", "带动就业人数", "≥1950人", "10"],
    ["满意度指标", "服务对象满意度指标", "企业满意度", "≥90%", "10"],
]


def docx_bytes(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def target_table_docx() -> bytes:
    """A Word target table as provinces publish them: a title and an information line, then a table
    whose 一级 category cells are merged vertically (产出指标 over three rows, 二级 数量指标 over two),
    a 二级 cell merged across two columns in the last row (服务对象满意度指标 spans 二级 and 三级),
    then a second table and a closing line."""
    import docx

    document = docx.Document()
    document.add_paragraph("项目支出绩效目标表")
    document.add_paragraph("项目名称：工业发展专项资金")
    table = document.add_table(rows=len(DOCX_ROWS), cols=5)
    for row, values in enumerate(DOCX_ROWS):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    table.cell(1, 0).merge(table.cell(3, 0)).text = "产出指标"
    table.cell(1, 1).merge(table.cell(2, 1)).text = "数量指标"
    table.cell(5, 1).merge(table.cell(5, 2)).text = "服务对象满意度指标"
    document.add_paragraph("")
    document.add_paragraph("二、资金情况")
    funds = document.add_table(rows=2, cols=2)
    funds.cell(0, 0).text = "年度资金总额"
    funds.cell(0, 1).text = "1950万元"
    funds.cell(1, 0).text = "其中：财政拨款"
    funds.cell(1, 1).text = "1950万元"
    document.add_paragraph("填报人：张三")
    return docx_bytes(document)


# ── .pdf ───────────────────────────────────────────────────────────────────────────────────────
#
# A minimal PDF writer: pages with stroked lines and text. ASCII text uses the standard Helvetica
# font; other text a Type0 font with Identity-H encoding (two-byte codes equal to the Unicode code
# point, BMP only) and a ToUnicode CMap, the way Word and WPS export Chinese. The font program is
# not embedded: text extraction needs only the CMap, and no CJK font is installed here to draw it.

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _literal(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


@dataclass(frozen=True)
class Stream:
    content: str
    raw: bytes | None = None  # already encoded (e.g. Flate) data, written as is
    filter: str = ""


class PdfBuilder:
    """Pages of lines and text; ``y`` is measured from the top of the page, as pdfplumber does."""

    def __init__(self, width: float = 595, height: float = 842) -> None:
        self.width = width
        self.height = height
        self.pages: list[list[str]] = []
        self.used: set[str] = set()
        self.extra: list[Stream] = []  # unreferenced objects, e.g. a bomb

    def page(self) -> PdfBuilder:
        self.pages.append([])
        return self

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.pages[-1].append(f"{x0:.2f} {self.height - y0:.2f} m {x1:.2f} {self.height - y1:.2f} l S")

    def text(self, x: float, y: float, text: str, size: float = 9) -> None:
        """Text whose baseline is at ``y`` from the top."""
        if text.isascii():
            shown = f"/F1 {size} Tf {_literal(text)} Tj"
        else:
            self.used.update(text)
            shown = f"/F2 {size} Tf <{''.join(f'{ord(char):04X}' for char in text)}> Tj"
        self.pages[-1].append(f"BT {x:.2f} {self.height - y:.2f} Td {shown} ET")

    def table(
        self,
        x: float,
        top: float,
        widths: Sequence[float],
        heights: Sequence[float],
        cells: Sequence[Sequence[str]],
        merges: Sequence[tuple[int, int, int, int]] = (),
        size: float = 9,
    ) -> None:
        """A ruled table; ``merges`` are (first row, first column, last row, last column) ranges whose
        inner rules are left out and whose text is written once, in the first cell."""
        xs = [x]
        for width in widths:
            xs.append(xs[-1] + width)
        ys = [top]
        for height in heights:
            ys.append(ys[-1] + height)

        def owner(row: int, column: int) -> tuple[int, int, int, int]:
            for merge in merges:
                if merge[0] <= row <= merge[2] and merge[1] <= column <= merge[3]:
                    return merge
            return (row, column, row, column)

        for row in range(len(heights) + 1):  # horizontal rules, segment by segment
            for column in range(len(widths)):
                if 0 < row < len(heights) and owner(row - 1, column) == owner(row, column):
                    continue
                self.line(xs[column], ys[row], xs[column + 1], ys[row])
        for column in range(len(widths) + 1):  # vertical rules
            for row in range(len(heights)):
                if 0 < column < len(widths) and owner(row, column - 1) == owner(row, column):
                    continue
                self.line(xs[column], ys[row], xs[column], ys[row + 1])
        for row, values in enumerate(cells):
            for column, value in enumerate(values):
                first = owner(row, column)
                if value and first[:2] == (row, column):
                    lines = value.split("\n")
                    for index, line in enumerate(lines):
                        self.text(xs[column] + 3, ys[row] + 4 + size * (index + 1) + 2 * index, line, size)

    def build(self, password: str | None = None) -> bytes:
        """The PDF file; with ``password``, encrypted with RC4 (standard security handler, revision 2)
        so that opening it needs that user password."""
        objects: list[str | Stream] = []

        def add(body: str | Stream) -> int:
            objects.append(body)
            return len(objects)

        catalog = add("")
        pages_id = add("")
        helvetica = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        descriptor = add(
            "<< /Type /FontDescriptor /FontName /NotoSansSC /Flags 4 /FontBBox [0 -120 1000 880] "
            "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
        )
        cid_font = add(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NotoSansSC /CIDSystemInfo "
            f"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R "
            "/DW 1000 /CIDToGIDMap /Identity >>"
        )
        mapping = "".join(
            f"<{ord(char):04X}> <{ord(char):04X}>\n" for char in sorted(self.used) if ord(char) < 0x10000
        )
        entries = len([char for char in self.used if ord(char) < 0x10000])
        cmap = (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{entries} beginbfchar\n{mapping}endbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end"
        )
        to_unicode = add(Stream(cmap))
        type0 = add(
            "<< /Type /Font /Subtype /Type0 /BaseFont /NotoSansSC /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
        )
        for extra in self.extra:
            add(extra)
        page_ids = []
        for operations in self.pages:
            content = add(Stream("0.5 w\n" + "\n".join(operations)))
            page_ids.append(
                add(
                    f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {self.width} {self.height}] "
                    f"/Resources << /Font << /F1 {helvetica} 0 R /F2 {type0} 0 R >> >> /Contents {content} 0 R >>"
                )
            )
        objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>"
        kids = " ".join(f"{page} 0 R" for page in page_ids)
        objects[pages_id - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>"

        file_id = b"jixiao-test-file"
        key: bytes | None = None
        encrypt_id = None
        if password is not None:
            owner_key = hashlib.md5((b"owner-" + _PAD)[:32]).digest()[:5]  # owner password "owner-"
            owner_entry = _rc4(owner_key, (password.encode("latin-1") + _PAD)[:32])
            permissions = -4
            key = hashlib.md5(
                (password.encode("latin-1") + _PAD)[:32]
                + owner_entry
                + struct.pack("<i", permissions)
                + file_id
            ).digest()[:5]
            user_entry = _rc4(key, _PAD)
            encrypt_id = add(
                f"<< /Filter /Standard /V 1 /R 2 /O <{owner_entry.hex()}> /U <{user_entry.hex()}> /P {permissions} >>"
            )

        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(out.tell())
            if isinstance(body, Stream):
                stream = body.content.encode("latin-1") if body.raw is None else body.raw
                if key is not None:
                    object_key = hashlib.md5(key + struct.pack("<I", number)[:3] + b"\x00\x00").digest()[:10]
                    stream = _rc4(object_key, stream)
                out.write(f"{number} 0 obj\n<< /Length {len(stream)}{body.filter} >>\nstream\n".encode())
                out.write(stream + b"\nendstream\nendobj\n")
            else:
                out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
        start = out.tell()
        out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
        for offset in offsets:
            out.write(f"{offset:010d} 00000 n \n".encode())
        trailer = f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]"
        if encrypt_id is not None:
            trailer += f" /Encrypt {encrypt_id} 0 R"
        out.write(f"{trailer} >>\nstartxref\n{start}\n%%EOF\n".encode())
        return out.getvalue()


PDF_HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "分值"]
PDF_ROWS = [
    ["产出指标", "数量指标", "新增省级“小巨人”企业数", "≥40家", "6"],
    ["", "", "新增国家级“小巨人”企业数", "≥15家", "6"],
    ["", "质量指标", "项目验收合格率", "100%", "0.5"],
    ["效益指标", "社会效益指标", "带动就业人数", "≥1950人", "10"],
]


def target_table_pdf() -> bytes:
    """A two-page PDF as a Word export gives it: page 1 has a title, an information line and a ruled
    table with merged 一级/二级 cells (产出指标 over three rows, 数量指标 over two); the table goes
    on at the top of page 2 with its header repeated, a page number between; a closing line."""
    widths = [70, 80, 190, 70, 40]
    builder = PdfBuilder().page()
    builder.text(200, 50, "项目支出绩效目标表", size=14)
    builder.text(40, 80, "项目名称：工业发展专项资金")
    builder.table(40, 95, widths, [22] * 5, [PDF_HEADER, *PDF_ROWS], merges=[(1, 0, 3, 0), (1, 1, 2, 1)])
    builder.text(290, 820, "- 1 -")
    builder.page()
    last = [["满意度指标", "服务对象满意度指标", "企业满意度", "≥90%", "10"]]
    builder.table(40, 50, widths, [22, 22], [PDF_HEADER, *last])
    builder.text(40, 110, "Filled by: Zhang San")
    return builder.build()


def pdf_bomb(megabytes: int = 300) -> bytes:
    """A one-page PDF carrying a Flate stream of ``megabytes`` MB of zeros (zlib-wrapped)."""
    raw, _ = zeros_deflated(megabytes)
    adler = 1
    block = bytes(1024 * 1024)
    for _ in range(megabytes):
        adler = zlib.adler32(block, adler)
    builder = PdfBuilder().page()
    builder.text(40, 40, "bomb")
    builder.extra.append(
        Stream("", raw=b"\x78\xda" + raw + struct.pack(">I", adler), filter=" /Filter /FlateDecode")
    )
    return builder.build()


# ── .csv ───────────────────────────────────────────────────────────────────────────────────────

CSV_ROWS = [
    ["一级指标", "二级指标", "三级指标", "指标值", "计量单位", "评(扣)分标准", "分值"],
    ["产出指标", "数量指标", "新增省级“小巨人”企业数", "≥40", "家", "完成得分，未完成不得分", "6"],
    ["", "质量指标", "项目验收合格率", "100", "%", "完成率小于60%不得分,\n大于等于60%按比例得分", "0.5"],
    ["效益指标", "社会效益指标", "带动就业人数", "1950", "人", "完成得分", "10"],
]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    """A CSV as Excel writes it: CRLF line ends, quotes only where needed."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


# ── .xls ───────────────────────────────────────────────────────────────────────────────────────
#
# No .xls writer is installed (xlwt is not in the environment), so this writes the subset of BIFF8
# inside an OLE2 compound file that a workbook of text, numbers and merged ranges needs: BOF,
# BOUNDSHEET, SST, LABELSST, NUMBER, MERGEDCELLS, DIMENSIONS and EOF records, one worksheet per
# sheet, in a version-3 compound file with 512-byte sectors and no mini stream.

_ENDOFCHAIN = 0xFFFFFFFE
_FREESECT = 0xFFFFFFFF
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _biff_string(text: str, length_bytes: int) -> bytes:
    encoded = text.encode("utf-16-le")
    size = struct.pack("<B" if length_bytes == 1 else "<H", len(text))
    return size + b"\x01" + encoded


def xls_bytes(
    sheets: dict[str, list[list[str | float | None]]], merges: dict[str, list[str]] | None = None
) -> bytes:
    """An .xls workbook with the given sheets (text and numbers) and merged ranges ("A2:A4")."""
    merges = merges or {}
    strings: list[str] = []
    for rows in sheets.values():
        for row in rows:
            strings.extend(value for value in row if isinstance(value, str) and value not in strings)

    def sheet_stream(name: str, rows: list[list[str | float | None]]) -> bytes:
        width = max((len(row) for row in rows), default=0)
        out = _bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    out += _record(0x00FD, struct.pack("<HHHI", r, c, 15, strings.index(value)))
                elif value is not None:
                    out += _record(0x0203, struct.pack("<HHHd", r, c, 15, float(value)))
        ranges = []
        for text in merges.get(name, []):
            first, last = text.split(":")
            (r0, c0), (r1, c1) = _ref(first), _ref(last)
            ranges.append(struct.pack("<HHHH", r0, r1, c0, c1))
        if ranges:
            out += _record(0x00E5, struct.pack("<H", len(ranges)) + b"".join(ranges))
        return out + _record(0x000A, b"")

    sst = _record(
        0x00FC, struct.pack("<II", len(strings), len(strings)) + b"".join(_biff_string(s, 2) for s in strings)
    )
    xfs = b"".join(
        _record(
            0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5 if i < 15 else 1, 0x20, 0, 0, 0, 0, 0, 0x20C0)
        )
        for i in range(16)
    )
    font = _record(
        0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _biff_string("Arial", 1)
    )
    sheet_streams = [sheet_stream(name, rows) for name, rows in sheets.items()]
    boundsheet_sizes = [4 + 6 + len(_biff_string(name, 1)) for name in sheets]
    globals_size = len(_bof(0x0005)) + len(font) * 5 + len(xfs) + sum(boundsheet_sizes) + len(sst) + 4
    offset = globals_size
    boundsheets = b""
    for name, stream in zip(sheets, sheet_streams, strict=True):
        boundsheets += _record(0x0085, struct.pack("<IBB", offset, 0, 0) + _biff_string(name, 1))
        offset += len(stream)
    workbook = (
        _bof(0x0005) + font * 5 + xfs + boundsheets + sst + _record(0x000A, b"") + b"".join(sheet_streams)
    )
    return _compound_file(workbook)


def _ref(text: str) -> tuple[int, int]:
    letters = "".join(char for char in text if char.isalpha())
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(text[len(letters) :]) - 1, column - 1


def _compound_file(workbook: bytes) -> bytes:
    """An OLE2 compound file (version 3) holding one stream named "Workbook"."""
    size = len(workbook)
    stream = workbook.ljust(max(4096, (size + 511) // 512 * 512), b"\x00")
    sectors = len(stream) // 512
    directory_sector, fat_sector = sectors, sectors + 1
    assert sectors + 2 <= 128, "one FAT sector only"
    fat = [*range(1, sectors), _ENDOFCHAIN, _ENDOFCHAIN, _FATSECT]
    fat += [_FREESECT] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, start: int, length: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NOSTREAM, _NOSTREAM, child)
            + bytes(16 + 4 + 8 + 8)
            + struct.pack("<IQ", start, length)
        )

    directory = (
        entry("Root Entry", 5, 1, _ENDOFCHAIN, 0)
        + entry("Workbook", 2, _NOSTREAM, 0, len(stream))  # at least 4096: not in a mini stream
        + entry("", 0, _NOSTREAM, 0, 0) * 2
    )
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, directory_sector, 0, 4096, _ENDOFCHAIN, 0, _ENDOFCHAIN, 0)
        + struct.pack("<I", fat_sector)
        + struct.pack("<I", _FREESECT) * 108
    )
    assert len(header) == 512
    return header + stream + directory + struct.pack("<128I", *fat)


XLS_ROWS: list[list[str | float | None]] = [
    ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
    ["产出指标", "数量指标", "新增省级“小巨人”企业数", 40.0, 6.0],
    [None, None, "新增国家级“小巨人”企业数", 15.0, 0.5],
    ["效益指标", "社会效益指标", "带动就业人数", 1950.0, 10.0],
]


def target_table_xls() -> bytes:
    """The target table as an Excel 97-2003 workbook: 产出指标 merged over A2:A3, 数量指标 over B2:B3."""
    return xls_bytes({"绩效目标": XLS_ROWS, "说明": [["填报说明"]]}, {"绩效目标": ["A2:A3", "B2:B3"]})


def raw_pdf(bodies: Sequence[bytes]) -> bytes:
    """A PDF written object by object: ``bodies[i]`` is object ``i + 1`` (object 1 the catalog), with
    a correct cross-reference table, so that any structure — a reference loop, a stream under a
    chain of filters — is exactly as given."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, start))
    return out.getvalue()


PDF_FILTERS: dict[str, Callable[[bytes], bytes]] = {
    "FlateDecode": zlib.compress,
    "ASCIIHexDecode": lambda data: binascii.hexlify(data) + b">",
    "ASCII85Decode": lambda data: base64.a85encode(data) + b"~>",
}


def filtered_stream(content: bytes, filters: Sequence[str]) -> bytes:
    """A stream object whose data is ``content`` encoded so that ``/Filter [filters…]`` (applied in
    order, as a reader does) decodes it: the last filter is applied first when encoding."""
    data = content
    for name in reversed(filters):
        data = PDF_FILTERS[name](data)
    names = b" ".join(b"/" + name.encode() for name in filters)
    return b"<< /Length %d /Filter [%s] >>\nstream\n" % (len(data), names) + data + b"\nendstream"


def one_page_pdf(contents: bytes, media_box: bytes = b"[0 0 200 200]", extra: Sequence[bytes] = ()) -> bytes:
    """Catalog, pages, one page whose content stream is object 4 (``contents``), then ``extra``
    objects from 5 on (for loops the page may point into)."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox " + media_box + b" /Contents 4 0 R >>",
            contents,
            *extra,
        ]
    )
