"""Reading CSV files into a grid (csv_reader.py)."""

from __future__ import annotations

import codecs

import builders
import pytest

from jixiao.core.errors import InputError
from jixiao.documents.csv_reader import read_csv
from jixiao.documents.grid import Grid


def texts(grid: Grid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("gbk", ","), ("utf-8-sig", ","), ("utf-8", ","), ("gb18030", "\t"), ("utf-8", ";"), ("utf-16", "\t")],
)
def test_it_reads_chinese_csv_in_each_encoding_and_delimiter(encoding: str, delimiter: str) -> None:
    data = builders.csv_bytes(builders.CSV_ROWS, encoding, delimiter)

    grids = read_csv(data, "目标.csv")

    assert len(grids) == 1
    assert texts(grids[0]) == builders.CSV_ROWS


def test_it_keeps_a_quoted_line_break_inside_its_cell_and_counts_records_as_rows() -> None:
    grid = read_csv(builders.csv_bytes(builders.CSV_ROWS, "gbk"), "目标.csv")[0]

    cell = grid.rows[2][5]
    assert cell.text == "完成率小于60%不得分,\n大于等于60%按比例得分"
    assert (cell.location.file, cell.location.row, cell.location.column) == ("目标.csv", 3, 6)
    assert grid.rows[3][3].location.describe() == "目标.csv 第4行 D列"


def test_it_keeps_numbers_as_typed() -> None:
    grid = read_csv(builders.csv_bytes(builders.CSV_ROWS), "a.csv")[0]

    assert [row[3].text for row in grid.rows[1:]] == ["≥40", "100", "1950"]
    assert [row[6].text for row in grid.rows[1:]] == ["6", "0.5", "10"]


def test_it_pads_short_rows_and_drops_trailing_blank_lines() -> None:
    data = "指标,指标值,单位\n企业数,40\n\n\n".encode()

    grid = read_csv(data, "a.csv")[0]

    assert texts(grid) == [["指标", "指标值", "单位"], ["企业数", "40", ""]]


def test_it_follows_excels_separator_line() -> None:
    data = codecs.BOM_UTF8 + "sep=;\n指标;指标值\n企业数;40\n".encode()

    assert texts(read_csv(data, "a.csv")[0]) == [["指标", "指标值"], ["企业数", "40"]]


def test_it_refuses_an_empty_csv() -> None:
    with pytest.raises(InputError, match="没有内容"):
        read_csv(b"\r\n\r\n", "a.csv")


def test_it_refuses_a_csv_with_nul_bytes_cleanly() -> None:
    with pytest.raises(InputError) as caught:
        read_csv("指标,指标值\n企业数,4\x000\n".encode(), "nul.csv")

    assert "nul.csv 第2行" in str(caught.value)


def test_it_refuses_bytes_in_no_known_encoding() -> None:
    with pytest.raises(InputError, match="编码"):
        read_csv(b"abc,\x81\x20\xff\n", "bad.csv")
