"""Detecting a file's format by its content (formats.py)."""

from __future__ import annotations

import codecs
import io
import os
import zipfile

import builders
import pytest

from jixiao.core.errors import InputError
from jixiao.documents.formats import OLE2_MAGIC, Format, decode_text, detect_format, sniff_delimiter

EXTRACTED = "\t一级指标\n\t二级指标\n\t三级指标\n\n\t产出指标\n\t数量指标\n\t新增企业数\n"


def test_it_tells_xlsx_from_docx_by_their_members_whatever_the_name() -> None:
    data = builders.target_table_xlsx()

    assert detect_format(data, "表.xlsx") is Format.XLSX
    assert detect_format(data, "表.docx") is Format.XLSX
    assert detect_format(data, "附件1") is Format.XLSX


def test_it_recognises_an_ole2_workbook_as_xls() -> None:
    header = OLE2_MAGIC + bytes(100) + "Workbook".encode("utf-16-le") + bytes(100)

    assert detect_format(header, "旧表.dat") is Format.XLS


def test_it_explains_other_ole2_files() -> None:
    word97 = OLE2_MAGIC + bytes(50) + "WordDocument".encode("utf-16-le")
    locked = OLE2_MAGIC + bytes(50) + "EncryptedPackage".encode("utf-16-le")

    assert detect_format(word97, "a.doc") is Format.DOC  # read through LibreOffice (test_legacy_formats)
    with pytest.raises(InputError, match="密码"):
        detect_format(locked, "a.xlsx")


def test_it_recognises_pdf_json_csv_and_extracted_text() -> None:
    assert detect_format(b"%PDF-1.7\n...", "a.bin") is Format.PDF
    assert detect_format(b'{"plans": []}', "a.txt") is Format.JSON
    assert detect_format(b'[{"name": "x"}]', "a.txt") is Format.JSON
    assert (
        detect_format("一级指标,二级指标,指标值\n产出指标,数量指标,40\n".encode("gb18030"), "a.txt")
        is Format.CSV
    )
    assert detect_format("一级指标\t二级指标\t指标值\n产出\t数量\t40\n".encode(), "a.dat") is Format.CSV
    assert detect_format(EXTRACTED.encode(), "a.csv") is Format.TEXT
    assert detect_format(codecs.BOM_UTF8 + EXTRACTED.encode(), "a") is Format.TEXT


def test_it_reads_the_seed_document_as_extracted_text(seed_path: os.PathLike[str]) -> None:
    with open(seed_path, "rb") as seed:
        assert detect_format(seed.read(), "seed.txt") is Format.TEXT


def test_it_uses_the_extension_only_to_break_ties() -> None:
    one_column = "指标\n数量\n质量\n".encode()

    assert detect_format(one_column, "a.csv") is Format.CSV
    assert detect_format(one_column, "a.txt") is Format.TEXT
    assert detect_format(b"[broken", "a.json") is Format.JSON


def test_it_refuses_unknown_binary_and_shows_the_first_bytes() -> None:
    data = bytes(range(256)) * 4

    with pytest.raises(InputError) as caught:
        detect_format(data, "report.pdf")

    assert "00 01 02 03" in caught.value.message
    assert "文件名是 .pdf" in caught.value.message
    assert caught.value.location is not None and caught.value.location.file == "report.pdf"


def test_it_refuses_random_bytes_named_pdf() -> None:
    data = os.urandom(5000)

    with pytest.raises(InputError, match="无法识别的文件格式"):
        detect_format(data, "random.pdf")


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(InputError, match="空"):
        detect_format(b"", "a.csv")


def test_it_names_the_members_of_an_unknown_zip() -> None:
    data = builders.rezip(builders.target_table_xlsx(), replace={"xl/workbook.xml": None})
    data = builders.rezip(
        data, replace={name: None for name in _names(data) if name.startswith("xl/")}, add={"foo.txt": b"x"}
    )

    with pytest.raises(InputError, match=r"foo\.txt"):
        detect_format(data, "a.zip")


def _names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def test_it_decodes_utf8_with_bom_gbk_and_utf16() -> None:
    text = "项目名称：工业发展专项"

    assert decode_text(codecs.BOM_UTF8 + text.encode(), "a") == text
    assert decode_text(text.encode("gbk"), "a") == text
    assert decode_text(text.encode("utf-16"), "a") == text


def test_it_sniffs_comma_tab_and_semicolon_delimiters() -> None:
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","
    assert sniff_delimiter("a\tb\n1\t2\n") == "\t"
    assert sniff_delimiter("a;b;c\n1;2;3\n") == ";"
    assert sniff_delimiter('指标,"说明,含逗号"\n1,2\n') == ","
    assert sniff_delimiter("一段没有分隔符的文字\n") is None
