"""Reading .xlsx and .xls workbooks into grids (spreadsheet.py)."""

from __future__ import annotations

import datetime

import builders
import pytest
from openpyxl.workbook.workbook import Workbook

from jixiao.core.errors import InputError
from jixiao.documents.formats import OLE2_MAGIC
from jixiao.documents.grid import Grid
from jixiao.documents.spreadsheet import cell_text, number_text, read_xls, read_xlsx, shown_by


def texts(grid: Grid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


def test_it_reads_each_non_empty_sheet_as_a_grid_named_after_it() -> None:
    grids = read_xlsx(builders.target_table_xlsx(), "目标表.xlsx")

    assert [grid.name for grid in grids] == ["项目绩效目标", "说明"]
    assert grids[0].source.file == "目标表.xlsx"
    assert grids[0].source.sheet == "项目绩效目标"
    assert texts(grids[1]) == [["填报说明"]]
    assert grids[1].rows[0][0].location.cell == "C4"


def test_it_gives_every_cell_its_sheet_row_column_and_cell_name() -> None:
    grid = read_xlsx(builders.target_table_xlsx(), "目标表.xlsx")[0]

    value = grid.rows[2][4]
    assert value.text == "40"
    assert (value.location.file, value.location.sheet) == ("目标表.xlsx", "项目绩效目标")
    assert (value.location.row, value.location.column, value.location.cell) == (3, 5, "E3")
    assert value.location.describe() == "目标表.xlsx 工作表「项目绩效目标」 单元格 E3"


def test_it_keeps_chinese_text_intact() -> None:
    grid = read_xlsx(builders.target_table_xlsx(), "目标表.xlsx")[0]

    assert texts(grid)[1] == builders.TARGET_ROWS[0]
    assert grid.rows[2][2].text == "新增省级“小巨人”企业数"


def test_it_shows_numbers_as_a_person_sees_them() -> None:
    grid = read_xlsx(builders.target_table_xlsx(), "目标表.xlsx")[0]

    assert [row[4].text for row in grid.rows[2:]] == ["40", "15", "100%", "1950"]
    assert [row[7].text for row in grid.rows[2:]] == ["6", "6", "0.5", "0.1"]


def test_it_shows_a_percent_formatted_cell_with_its_percent_sign() -> None:
    def fill(workbook: Workbook) -> None:
        sheet = workbook.active
        sheet.append(["满意度", 0.95, 0.9512, 0.9])
        sheet["B1"].number_format = "0%"
        sheet["C1"].number_format = "0.00%"
        sheet["D1"].number_format = "0.0"

    grid = read_xlsx(builders.xlsx(fill), "p.xlsx")[0]

    assert texts(grid) == [["满意度", "95%", "95.12%", "0.9"]]


def test_it_fills_cells_covered_by_a_merged_range_with_the_anchor_text_marked_merged() -> None:
    grid = read_xlsx(builders.target_table_xlsx(), "目标表.xlsx")[0]

    level1 = [(row[0].text, row[0].merged) for row in grid.rows[2:]]
    level2 = [(row[1].text, row[1].merged) for row in grid.rows[2:]]
    assert level1 == [("产出指标", False), ("产出指标", True), ("产出指标", True), ("效益指标", False)]
    assert level2 == [("数量指标", False), ("数量指标", True), ("质量指标", False), ("社会效益指标", False)]
    title = grid.rows[0]
    assert [cell.text for cell in title] == ["2023年项目绩效目标表"] * 8
    assert [cell.merged for cell in title] == [False] + [True] * 7


def test_it_uses_the_cached_value_of_a_formula_and_never_evaluates_one() -> None:
    grid = read_xlsx(builders.cached_formula_xlsx(), "f.xlsx")[0]

    assert texts(grid) == [["单价", "数量", "金额"], ["19.5", "100", "1950"], ["1", "2", ""]]


def test_it_places_a_sheet_that_does_not_start_at_a1() -> None:
    def fill(workbook: Workbook) -> None:
        sheet = workbook.active
        sheet["C3"] = "指标"
        sheet["D5"] = 5
        sheet["B7"] = "备注"

    grid = read_xlsx(builders.xlsx(fill), "o.xlsx")[0]

    assert texts(grid) == [["", "指标", ""], ["", "", ""], ["", "", "5"], ["", "", ""], ["备注", "", ""]]
    assert grid.rows[0][0].location.cell == "B3"
    assert grid.rows[2][2].location.cell == "D5"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (40.0, "40"),
        (40, "40"),
        (0.5, "0.5"),
        (0.1 + 0.2, "0.3"),
        (1950.0, "1950"),
        (1e-05, "0.00001"),
        (-3.25, "-3.25"),
        (1.5e16, "15000000000000000"),
        (-0.0, "0"),
    ],
)
def test_it_writes_numbers_without_float_noise(value: float, text: str) -> None:
    assert number_text(float(value)) == text


def test_it_writes_dates_and_times_as_iso_text() -> None:
    assert cell_text(datetime.date(2023, 1, 5)) == "2023-01-05"
    assert cell_text(datetime.datetime(2023, 1, 5)) == "2023-01-05"
    assert cell_text(datetime.datetime(2023, 1, 5, 10, 30)) == "2023-01-05 10:30:00"
    assert cell_text(datetime.time(10, 30)) == "10:30:00"
    assert cell_text(datetime.timedelta(hours=30)) == "30:00:00"
    assert cell_text(True) == "TRUE"


def test_it_reads_dates_from_a_workbook() -> None:
    grid = read_xlsx(
        builders.xlsx(lambda wb: wb.active.append(["截止日期", datetime.date(2023, 6, 30)])), "d.xlsx"
    )[0]

    assert texts(grid) == [["截止日期", "2023-06-30"]]


def test_it_refuses_an_xls_that_is_not_an_ole2_file() -> None:
    with pytest.raises(InputError, match=r"不是 \.xls 工作簿"):
        read_xls(b"just some text", "a.xls")


def test_it_reads_an_xls_workbook_with_merged_cells_and_numbers() -> None:
    grids = read_xls(builders.target_table_xls(), "旧表.xls")

    assert [grid.name for grid in grids] == ["绩效目标", "说明"]
    grid = grids[0]
    assert texts(grid)[0] == builders.XLS_ROWS[0]
    assert [row[3].text for row in grid.rows[1:]] == ["40", "15", "1950"]
    assert [row[4].text for row in grid.rows[1:]] == ["6", "0.5", "10"]
    assert [(row[0].text, row[0].merged) for row in grid.rows[1:]] == [
        ("产出指标", False),
        ("产出指标", True),
        ("效益指标", False),
    ]
    assert grid.rows[2][1].text == "数量指标" and grid.rows[2][1].merged
    assert grid.rows[3][3].location.describe() == "旧表.xls 工作表「绩效目标」 单元格 D4"


def test_it_refuses_a_broken_xls_cleanly() -> None:
    data = builders.target_table_xls()

    for broken in (data[:600], data[:512] + bytes(len(data) - 512), OLE2_MAGIC + bytes(100)):
        with pytest.raises(InputError) as caught:
            read_xls(broken, "坏.xls")
        assert "坏.xls" in str(caught.value)


@pytest.mark.parametrize(
    ("code", "value", "text"),
    [
        ('"≥"0"人次"', 500, "≥500人次"),
        ('"≥"0%', 0.95, "≥95%"),
        ("\\≤0.0%", 0.025, "≤2.5%"),
        ('[Red]#,##0.0"万元";[Blue]-#,##0.0"万元"', 98.5, "98.5万元"),
        ('"¥"#,##0.00', 20, "20"),
        ("0.00%", 0.9812, "98.12%"),
        ("General", 40, "40"),
        ("#,##0", 1950.0, "1950"),
        ("yyyy-mm-dd", 45000, "45000"),
        ("@", 7, "7"),
    ],
)
def test_a_number_reads_as_its_number_format_shows_it(code: str, value: float, text: str) -> None:
    assert cell_text(value, shown_by(code)) == text
