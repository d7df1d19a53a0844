"""Legacy office formats (.doc, .wps, .et) and OpenDocument (.odt, .ods) through LibreOffice: what a
user sees when it is missing, when a conversion runs too long, and when the file is not what its name
says (issue 11, item 17).

Reading real .doc/.wps/.et/.odt/.ods files, and mutated ones, is in ``test_fuzz_readers``; a
published table as .doc and .odt in ``test_layout_published``."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from jixiao.core.errors import InputError
from jixiao.documents.convert import convert_with_libreoffice, soffice_path
from jixiao.documents.formats import OLE2_MAGIC, Format, detect_format
from jixiao.documents.load import plans_from_bytes

# An OLE2 container naming a WordDocument stream: what detection sees first of a .doc file.
WORD_97 = OLE2_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(4096)

needs_libreoffice = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice (soffice) is not installed"
)


@pytest.mark.parametrize("name", ["旧表.doc", "旧表.wps"])
def test_it_sends_word_97_and_wps_documents_to_the_conversion(name: str) -> None:
    assert detect_format(WORD_97, name) is Format.DOC


def test_it_sends_wps_spreadsheets_to_the_conversion() -> None:
    workbook = OLE2_MAGIC + bytes(504) + "Workbook".encode("utf-16-le") + bytes(4096)
    assert detect_format(workbook, "旧表.et") is Format.ET
    assert detect_format(workbook, "旧表.xls") is Format.XLS


@pytest.mark.parametrize(
    ("mimetype", "name", "expected"),
    [
        ("application/vnd.oasis.opendocument.text", "表.odt", Format.DOC),
        ("application/vnd.oasis.opendocument.spreadsheet", "表.ods", Format.ET),
    ],
)
def test_it_sends_opendocument_files_to_the_conversion(mimetype: str, name: str, expected: Format) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    assert detect_format(buffer.getvalue(), name) is expected


def test_without_libreoffice_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no soffice on it

    with pytest.raises(InputError) as caught:
        plans_from_bytes(WORD_97, "旧表.doc")

    message = str(caught.value)
    assert message.startswith("旧表.doc")
    assert "LibreOffice" in message and "libreoffice-writer-nogui" in message and "另存为 .docx" in message


@needs_libreoffice
def test_a_conversion_that_runs_too_long_is_stopped_with_a_message() -> None:
    with pytest.raises(InputError) as caught:
        convert_with_libreoffice(WORD_97, "慢.doc", "docx", seconds=0.2)
    assert "慢.doc" in str(caught.value) and "超过 0.2 秒" in str(caught.value)


@needs_libreoffice
def test_a_file_libreoffice_cannot_convert_is_a_clear_error() -> None:
    with pytest.raises(InputError) as caught:
        plans_from_bytes(WORD_97, "坏.doc")
    assert str(caught.value).startswith("坏.doc")
