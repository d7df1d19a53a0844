"""Exported tables as a reader sees them on paper (issue 12, item 2): rendered by LibreOffice to PDF,
every value is there in full — no "###" for a number wider than its column.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook

from tests.cli_helpers import ACTUALS, SEED, jixiao

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _pdf_text(document: Path, tmp_path: Path) -> str:
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(document)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    with pdfplumber.open(tmp_path / f"{document.stem}.pdf") as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def _shown(value: object, number_format: str) -> str:
    """A number as the spreadsheet shows it under its format."""
    number = Decimal(str(value))
    if number_format == "0.00":
        return f"{number:.2f}"
    if number_format == "0.00%":
        return f"{number * 100:.2f}%"
    return f"{number.normalize():f}"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (make bench installs it)")
@pytest.mark.parametrize("actuals", [True, False], ids=["self-evaluation", "targets"])
def test_every_number_of_an_exported_xlsx_prints_whole(actuals: bool, tmp_path: Path) -> None:
    out = tmp_path / "表.xlsx"
    extra = ["--actuals", ACTUALS] if actuals else []
    assert jixiao("export", SEED, "-o", out, *extra).exit_code == 0

    text = re.sub(r"\s", "", _pdf_text(out, tmp_path))

    assert "###" not in text
    book = load_workbook(out)
    numbers = [
        _shown(cell.value, cell.number_format)
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
    ]
    assert numbers
    missing = [n for n in numbers if n not in text]
    assert missing == []


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (make bench installs it)")
def test_every_number_of_an_exported_docx_prints_whole(tmp_path: Path) -> None:
    out = tmp_path / "表.docx"
    assert jixiao("export", SEED, "-o", out, "--actuals", ACTUALS).exit_code == 0
    from docx import Document

    cells = [c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells]
    numbers = {c for c in cells if re.fullmatch(r"[\d.]+%?", c)}

    text = re.sub(r"\s", "", _pdf_text(out, tmp_path))

    assert numbers
    assert sorted(n for n in numbers if n not in text) == []
