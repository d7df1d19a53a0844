"""Reading Word tables into grids (word.py)."""

from __future__ import annotations

import builders
import docx
import pytest
from docx.oxml import parse_xml

from jixiao.core.errors import InputError
from jixiao.documents.grid import Grid
from jixiao.documents.word import read_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def texts(grid: Grid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


def merged(grid: Grid) -> list[list[bool]]:
    return [[cell.merged for cell in row] for row in grid.rows]


def test_it_reads_each_table_as_a_grid_named_by_its_number() -> None:
    grids = read_docx(builders.target_table_docx(), "目标表.docx")

    assert [grid.name for grid in grids] == ["表1", "表2", "正文"]
    assert grids[0].source.sheet == "表1"
    assert texts(grids[1]) == [["年度资金总额", "1950万元"], ["其中：财政拨款", "1950万元"]]
    assert grids[2].rows == []


def test_it_gives_every_cell_its_table_row_and_column() -> None:
    grid = read_docx(builders.target_table_docx(), "目标表.docx")[0]

    cell = grid.rows[4][3]
    assert cell.text == "≥1950人"
    assert (cell.location.file, cell.location.sheet, cell.location.row, cell.location.column) == (
        "目标表.docx",
        "表1",
        5,
        4,
    )
    assert cell.location.page is None and cell.location.cell is None
    assert cell.location.describe() == "目标表.docx 表1 第5行 D列"


def test_it_fills_vertically_merged_category_cells_with_the_anchor_text() -> None:
    grid = read_docx(builders.target_table_docx(), "目标表.docx")[0]

    assert [row[0].text for row in grid.rows[1:]] == ["产出指标"] * 3 + ["效益指标", "满意度指标"]
    assert [row[0].merged for row in grid.rows[1:]] == [False, True, True, False, False]
    assert [row[1].text for row in grid.rows[1:4]] == ["数量指标", "数量指标", "质量指标"]
    assert [row[1].merged for row in grid.rows[1:4]] == [False, True, False]


def test_it_gives_a_horizontally_merged_cell_one_cell_per_column() -> None:
    grid = read_docx(builders.target_table_docx(), "目标表.docx")[0]

    assert texts(grid)[5] == ["满意度指标", "服务对象满意度指标", "服务对象满意度指标", "≥90%", "10"]
    assert merged(grid)[5] == [False, False, True, False, False]
    assert all(len(row) == 5 for row in grid.rows)


def test_it_keeps_the_paragraphs_before_each_table() -> None:
    grids = read_docx(builders.target_table_docx(), "目标表.docx")

    assert [cell.text for cell in grids[0].text_before] == [
        "项目支出绩效目标表",
        "项目名称：工业发展专项资金",
    ]
    assert [cell.location.line for cell in grids[0].text_before] == [1, 2]
    assert [cell.text for cell in grids[1].text_before] == ["二、资金情况"]
    assert [cell.text for cell in grids[2].text_before] == ["填报人：张三"]


def test_it_keeps_chinese_text_and_cell_line_breaks() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "评(扣)分标准"
    table.cell(0, 1).paragraphs[0].text = "完成率小于60%不得分；"
    table.cell(0, 1).add_paragraph("大于等于60%，按比例得分")

    grid = read_docx(builders.docx_bytes(document), "a.docx")[0]

    assert texts(grid) == [["评(扣)分标准", "完成率小于60%不得分；\n大于等于60%，按比例得分"]]


def test_it_reads_rows_and_cells_inside_content_controls() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for row, values in enumerate([["指标", "指标值"], ["企业数", "40"]]):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    row = table.rows[1]._tr
    wrapper = parse_xml(f"<w:sdt {W_NS}><w:sdtPr/><w:sdtContent/></w:sdt>")
    row.addprevious(wrapper)
    wrapper[1].append(row)

    grid = read_docx(builders.docx_bytes(document), "sdt.docx")[0]

    assert texts(grid) == [["指标", "指标值"], ["企业数", "40"]]


def test_it_pads_a_row_that_starts_late_with_blank_cells() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for row, values in enumerate([["一级", "二级", "三级"], ["删去", "数量", "质量"]]):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    second = table.rows[1]._tr
    second.remove(second.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")[0])
    second.insert(0, parse_xml(f'<w:trPr {W_NS}><w:gridBefore w:val="1"/></w:trPr>'))

    grid = read_docx(builders.docx_bytes(document), "late.docx")[0]

    assert texts(grid)[1] == ["", "数量", "质量"]
    assert grid.rows[1][1].location.column == 2


def test_it_refuses_a_docx_with_broken_xml() -> None:
    data = builders.rezip(
        builders.target_table_docx(), replace={"word/document.xml": b"<w:document><w:body><w:p>"}
    )

    with pytest.raises(InputError) as caught:
        read_docx(data, "坏.docx")

    assert "坏.docx" in str(caught.value)
    assert "Word" in caught.value.message


def test_it_refuses_a_docx_with_macros() -> None:
    data = builders.rezip(builders.target_table_docx(), add={"word/vbaProject.bin": b"\x00" * 10})

    with pytest.raises(InputError, match="宏"):
        read_docx(data, "宏.docm")
