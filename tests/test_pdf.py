"""Reading ruled PDF tables into grids (pdf.py). The PDFs are written by tests/builders.py; Chinese
text uses a Type0 font with a ToUnicode map, as Word and WPS exports do."""

from __future__ import annotations

import builders
import pytest

from jixiao.core.errors import InputError
from jixiao.documents.grid import Grid
from jixiao.documents.pdf import read_pdf


def texts(grid: Grid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


@pytest.fixture(scope="module")
def grids() -> list[Grid]:
    return read_pdf(builders.target_table_pdf(), "目标表.pdf")


def test_it_reads_each_ruled_table_per_page_as_a_grid(grids: list[Grid]) -> None:
    assert [grid.name for grid in grids] == ["第1页 表1", "第2页 表1", "正文"]
    assert [grid.source.page for grid in grids[:2]] == [1, 2]
    assert texts(grids[0])[0] == builders.PDF_HEADER
    assert texts(grids[1]) == [
        builders.PDF_HEADER,
        ["满意度指标", "服务对象满意度指标", "企业满意度", "≥90%", "10"],
    ]


def test_it_keeps_chinese_text_and_numbers_intact(grids: list[Grid]) -> None:
    assert [row[2].text for row in grids[0].rows[1:]] == [row[2] for row in builders.PDF_ROWS]
    assert [row[3].text for row in grids[0].rows[1:]] == ["≥40家", "≥15家", "100%", "≥1950人"]
    assert [row[4].text for row in grids[0].rows[1:]] == ["6", "6", "0.5", "10"]


def test_it_gives_every_cell_its_page_row_and_column(grids: list[Grid]) -> None:
    cell = grids[0].rows[4][3]

    assert cell.text == "≥1950人"
    assert (cell.location.file, cell.location.page, cell.location.row, cell.location.column) == (
        "目标表.pdf",
        1,
        5,
        4,
    )
    assert cell.location.describe() == "目标表.pdf 第1页 第5行 D列"
    assert grids[1].rows[1][0].location.page == 2


def test_it_fills_positions_covered_by_merged_cells(grids: list[Grid]) -> None:
    level1 = [(row[0].text, row[0].merged) for row in grids[0].rows[1:]]
    level2 = [(row[1].text, row[1].merged) for row in grids[0].rows[1:]]

    assert level1 == [("产出指标", False), ("产出指标", True), ("产出指标", True), ("效益指标", False)]
    assert level2 == [("数量指标", False), ("数量指标", True), ("质量指标", False), ("社会效益指标", False)]


def test_it_puts_the_lines_outside_tables_before_the_next_table(grids: list[Grid]) -> None:
    assert [cell.text for cell in grids[0].text_before] == [
        "项目支出绩效目标表",
        "项目名称：工业发展专项资金",
    ]
    assert grids[0].text_before[1].location.page == 1
    assert [cell.text for cell in grids[1].text_before] == ["- 1 -"]
    assert [cell.text for cell in grids[2].text_before] == ["Filled by: Zhang San"]
    assert grids[2].rows == []


def test_it_refuses_a_pdf_without_a_text_layer() -> None:
    builder = builders.PdfBuilder().page()
    builder.table(40, 40, [100, 100], [20, 20], [["", ""], ["", ""]])

    with pytest.raises(InputError, match="没有文字层（扫描图像）") as caught:
        read_pdf(builder.build(), "扫描件.pdf")

    assert caught.value.location is not None and caught.value.location.file == "扫描件.pdf"


def test_it_refuses_an_encrypted_pdf_clearly() -> None:
    builder = builders.PdfBuilder().page()
    builder.text(40, 40, "保密文件")

    with pytest.raises(InputError, match="密码保护"):
        read_pdf(builder.build(password="secret"), "加密.pdf")


def test_it_reads_a_pdf_without_tables_as_lines() -> None:
    builder = builders.PdfBuilder().page()
    builder.text(40, 40, "年度总体目标")
    builder.text(40, 60, "Target 2023")

    grids = read_pdf(builder.build(), "text.pdf")

    assert [(grid.name, [cell.text for cell in grid.text_before]) for grid in grids] == [
        ("正文", ["年度总体目标", "Target 2023"])
    ]


def test_it_gives_up_on_a_pdf_that_takes_longer_than_its_time_limit() -> None:
    from dataclasses import replace

    from jixiao.documents.limits import DEFAULT_LIMITS

    with pytest.raises(InputError) as caught:
        read_pdf(
            builders.target_table_pdf(),
            "慢.pdf",
            replace(DEFAULT_LIMITS, max_pdf_seconds=-1, isolate_pdf=False),
        )
    assert (
        "慢.pdf" in str(caught.value) and "超过" in caught.value.message and "第1页" in caught.value.message
    )
