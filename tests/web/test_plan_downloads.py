"""Downloads from the plan page: every file the CLI writes, by the same writers, with Chinese names."""

from __future__ import annotations

import io
from collections.abc import Callable
from urllib.parse import unquote

import pypdfium2
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from jixiao.documents.load import plans_from_bytes
from jixiao.web.plans.convert import to_core
from tests.web.conftest import World
from tests.web.plan_helpers import MISSING_WEIGHT, stored_seed


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return "".join(page.get_textpage().get_text_range() for page in pdf)


def test_it_downloads_every_kind_of_file(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    client = login("head")  # read-only people download too
    for what in ("tables.xlsx", "template.xlsx", "public.xlsx"):
        response = client.get(f"/plans/{plan.pk}/download/{what}/")
        assert response.status_code == 200
        load_workbook(io.BytesIO(response.content))
    tables = client.get(f"/plans/{plan.pk}/download/tables.xlsx/")
    read = plans_from_bytes(tables.content, "t.xlsx")[0]
    assert [i.name for i in read.indicators] == [i.name for i in to_core(plan).indicators]
    assert "filename*=utf-8''" in tables["Content-Disposition"]
    assert "绩效表.xlsx" in unquote(tables["Content-Disposition"])
    docx = client.get(f"/plans/{plan.pk}/download/report.docx/")
    assert MISSING_WEIGHT in "".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs) + "".join(
        c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells
    )
    pdf = client.get(f"/plans/{plan.pk}/download/report.pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert MISSING_WEIGHT in _pdf_text(pdf.content).replace("\r", "").replace("\n", "")


def test_it_is_404_for_outsiders_and_unknown_kinds(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    assert login("other_filler").get(f"/plans/{plan.pk}/download/report.pdf/").status_code == 404
    assert login("filler").get(f"/plans/{plan.pk}/download/secret.exe/").status_code == 404


def test_a_download_after_an_edit_has_the_edit(world: World, login: Callable[[str], Client]) -> None:
    """The tables are kept per revision (``downloads.KEPT``): a cell saved since is in the next download."""
    plan = stored_seed(world)
    filler = login("filler")
    first = filler.get(f"/plans/{plan.pk}/download/tables.xlsx/")
    assert filler.get(f"/plans/{plan.pk}/download/tables.xlsx/").content == first.content  # kept
    name = to_core(plan).indicators[0].name
    plan.refresh_from_db()
    saved = filler.post(
        f"/plans/{plan.pk}/rows/0/",
        {"field": "name", "value": f"{name}（改）", "revision": plan.revision, "mode": "targets"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    again = filler.get(f"/plans/{plan.pk}/download/tables.xlsx/")
    assert plans_from_bytes(again.content, "t.xlsx")[0].indicators[0].name == f"{name}（改）"
