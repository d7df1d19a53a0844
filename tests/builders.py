"""Builders of real test files (测试文件): .xlsx, .docx, .pdf, .csv, .xls and hostile zips, in memory.

Nothing here mocks a library: spreadsheets come from openpyxl, Word files from python-docx; PDFs and
.xls files are written byte by byte (no PDF or .xls writer is installed), so each builder below
documents the format subset it writes.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence

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
