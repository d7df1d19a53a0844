"""The extracted-text format (提取文本): cells, lines, continuation lines, bad input."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.errors import InputError
from jixiao.documents.layout import plans_from_grids
from jixiao.documents.text_reader import looks_like_extracted_text, read_extracted_text


def test_it_reads_one_cell_a_line_and_a_blank_line_between_rows() -> None:
    text = "\t一级指标\n\t二级指标\n\n\t产出指标\n\t数量指标\n"
    (grid,) = read_extracted_text(text, "t.txt")
    assert [[c.text for c in row] for row in grid.rows] == [
        ["一级指标", "二级指标"],
        ["产出指标", "数量指标"],
    ]


def test_it_gives_every_cell_its_file_and_first_line() -> None:
    text = "\t一级指标\n\t二级指标\n\n\t产出指标\n\t数量指标\n"
    (grid,) = read_extracted_text(text, "t.txt")
    assert [[(c.location.file, c.location.line) for c in row] for row in grid.rows] == [
        [("t.txt", 1), ("t.txt", 2)],
        [("t.txt", 4), ("t.txt", 5)],
    ]
    assert grid.source.file == "t.txt"
    assert grid.source.line == 1
    assert grid.rows[1][0].location.describe() == "t.txt 第4行"


def test_it_joins_continuation_lines_to_the_cell_above_and_keeps_its_first_line() -> None:
    text = "\t名称\n\t机关内人员成本（不包含公用经费支\n出，只计算人员类支出）\n\t2\n"
    (grid,) = read_extracted_text(text, "t.txt")
    (row,) = grid.rows
    assert [c.text for c in row] == ["名称", "机关内人员成本（不包含公用经费支\n出，只计算人员类支出）", "2"]
    assert [c.location.line for c in row] == [1, 2, 4]


def test_it_reads_a_lone_tab_as_an_empty_cell() -> None:
    text = "\t\n\t社会成本指标\n\t/\n\t\n\t/\n"
    (grid,) = read_extracted_text(text, "t.txt")
    (row,) = grid.rows
    assert [c.text for c in row] == ["", "社会成本指标", "/", "", "/"]
    assert [c.blank for c in row] == [True, False, False, True, False]
    assert [c.location.line for c in row] == [1, 2, 3, 4, 5]


def test_it_tolerates_spaces_before_the_tab_a_bom_and_crlf_line_ends() -> None:
    text = "\ufeff \t部门（单位）职责\r\n\t年度履职目标\r\n\r\n\t部门单位名称\r\n"
    (grid,) = read_extracted_text(text, "t.txt")
    assert [[c.text for c in row] for row in grid.rows] == [
        ["部门（单位）职责", "年度履职目标"],
        ["部门单位名称"],
    ]
    assert [[c.location.line for c in row] for row in grid.rows] == [[1, 2], [4]]


def test_it_starts_a_new_grid_after_several_blank_lines() -> None:
    text = "\ta\n\tb\n\n\tc\n\n\n\n\td\n\n\n"
    first, second = read_extracted_text(text, "t.txt")
    assert [[c.text for c in row] for row in first.rows] == [["a", "b"], ["c"]]
    assert [[c.text for c in row] for row in second.rows] == [["d"]]
    assert second.source.line == 8
    assert second.rows[0][0].location.line == 8


def test_it_reads_the_seed_into_three_grids_with_the_right_lines(seed_path: Path) -> None:
    grids = read_extracted_text(seed_path.read_text(encoding="utf-8"), "seed.txt")
    assert [g.source.line for g in grids] == [1, 210, 305]
    assert [len(g.rows) for g in grids] == [24, 11, 5]
    header = grids[0].rows[5]
    assert [c.location.line for c in header] == list(range(15, 24))
    assert header[3].text == "指标值类 型"
    cost = grids[0].rows[21]
    assert cost[6].text == "机关内人员成本（不包含公用经费支\n出，只计算人员类支出）"
    assert cost[6].location.line == 181
    assert cost[7].location.line == 183
    subsidy = grids[1].rows[7]
    assert subsidy[2].text == "中小企业专项国、\n省“专精特新”小\n巨人专项补助"
    assert [c.location.line for c in subsidy][2:4] == [261, 264]


def test_it_sniffs_the_format_by_tabs(seed_path: Path) -> None:
    assert looks_like_extracted_text(seed_path.read_text(encoding="utf-8"))
    assert not looks_like_extracted_text("一级指标,二级指标,三级指标\n产出指标,数量指标,x\n")
    assert not looks_like_extracted_text("")
    assert not looks_like_extracted_text("\n\n  \n")
    assert not looks_like_extracted_text("\t\x00\x01\x02\x03\x04\x05\x06" * 50)


def test_it_refuses_an_empty_file_naming_it() -> None:
    for text in ("", "\n\n   \n", "\ufeff"):
        with pytest.raises(InputError) as caught:
            read_extracted_text(text, "empty.txt")
        assert "empty.txt" in str(caught.value)
        assert "空" in str(caught.value)


def test_it_refuses_binary_junk_naming_it() -> None:
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(4096)).decode("latin-1")
    with pytest.raises(InputError) as caught:
        read_extracted_text(junk, "junk.bin")
    assert "junk.bin" in str(caught.value)
    assert "二进制" in str(caught.value)


def test_it_refuses_binary_junk_decoded_with_replacement_characters() -> None:
    rng = random.Random(8)
    junk = bytes(rng.randrange(256) for _ in range(4096)).decode("utf-8", errors="replace")
    with pytest.raises(InputError) as caught:
        plans_from_grids(read_extracted_text(junk, "junk.bin"))
    assert "junk.bin" in str(caught.value)


def test_it_says_what_it_saw_when_a_text_has_no_indicator_columns() -> None:
    text = "\t项目名称\n\t园区道路\n\n\t序号\n\t内容\n\t金额\n\n\t1\n\t路面\n\t300\n"
    with pytest.raises(InputError) as caught:
        plans_from_grids(read_extracted_text(text, "notes.txt"))
    message = str(caught.value)
    assert message.startswith("notes.txt")
    assert "未找到指标表" in message
    assert "三级指标" in message
    assert "「序号」" in message or "「项目名称」" in message


def test_it_names_the_columns_it_did_recognise_when_the_header_is_incomplete() -> None:
    text = "\t一级指标\n\t二级指标\n\t计量单位\n\n\t产出指标\n\t数量指标\n\t家\n"
    with pytest.raises(InputError) as caught:
        plans_from_grids(read_extracted_text(text, "half.txt"))
    message = str(caught.value)
    assert message.startswith("half.txt：")
    assert "第1行" in message
    assert "「一级指标」「二级指标」「计量单位」" in message
    assert "缺少" in message


@pytest.mark.parametrize(
    "text",
    [
        "\t\t\t\n\n\n\t\n",
        "no tabs at all, just a sentence\n",
        "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n",
        "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n\t产出指标\n",
        "\n\n\n\t三级指标\n\t指标值\n\n\tx\n\tabc\n",
    ],
)
def test_it_raises_only_input_errors_on_odd_texts(text: str) -> None:
    try:
        plans_from_grids(read_extracted_text(text, "odd.txt"))
    except InputError as error:
        assert "odd.txt" in str(error)


# ── layout on small texts: by content, not position ──────────────────────────────────────────


def extracted(*rows: list[str]) -> str:
    """Rows of cells in the extracted-text format."""
    return "\n".join("".join(f"\t{cell}\n" for cell in row) for row in rows)


def test_it_reads_a_self_evaluation_table_with_its_own_column_names() -> None:
    text = extracted(
        ["项目名称", "园区道路维护"],
        ["主管部门", "市工信局", "实施单位", "市园区服务中心"],
        [
            "一级指标",
            "二级指标",
            "三級指標",
            "年度指標值",
            "實際完成值",
            "分值",
            "得分",
            "偏差原因分析及改進措施",
            "备注",
        ],
        ["产出指标", "数量指标", "维护道路", "≥12公里", "10公里", "20", "16", "资金到位晚", "见附件"],
        ["", "时效指标", "完成时间", "2023年底前完成", "按时完成", "10", "10", "/", ""],
    )
    (plan,) = plans_from_grids(read_extracted_text(text, "self.txt"))
    assert plan.title == "园区道路维护"
    assert plan.info == {"项目名称": "园区道路维护", "主管部门": "市工信局", "实施单位": "市园区服务中心"}
    assert plan.unit == "市园区服务中心"
    assert plan.kind == "project"
    first, second = plan.indicators
    assert (first.comparator, first.target, first.unit, first.target_text) == (
        "ge",
        Decimal(12),
        "公里",
        "≥12公里",
    )
    assert (first.actual, first.weight, first.stated_score, first.reason) == (
        Decimal(10),
        Decimal(20),
        Decimal(16),
        "资金到位晚",
    )
    assert (second.level1, second.comparator, second.target, second.actual, second.reason) == (
        "产出指标",
        "qualitative",
        "2023年底前完成",
        "按时完成",
        "",
    )


def test_it_takes_the_comparator_and_unit_from_inside_the_value() -> None:
    text = extracted(
        ["一级指标", "二级指标", "三级指标", "指标值", "计量单位", "权重"],
        ["产出指标", "质量指标", "带宽", "≥80M", "", "5"],
        ["满意度指标", "服务对象满意度指标", "满意度", "90%以上", "", "5"],
        ["成本指标", "经济成本指标", "成本", "≤1950", "万元", "5"],
    )
    (plan,) = plans_from_grids(read_extracted_text(text, "v.txt"))
    assert [(i.comparator, i.target, i.unit) for i in plan.indicators] == [
        ("ge", Decimal(80), "M"),
        ("ge", Decimal(90), "%"),
        ("le", Decimal(1950), "万元"),
    ]


def test_it_takes_the_weight_from_a_score_column_and_not_from_remarks() -> None:
    text = extracted(
        ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "分值（分）", "备注"],
        ["产出指标", "数量指标", "培训人次", "≥", "300", "10", "按季度统计"],
        ["产出指标", "数量指标", "检查次数", "≥", "4", "", "暂无"],
    )
    (plan,) = plans_from_grids(read_extracted_text(text, "w.txt"))
    assert [i.weight for i in plan.indicators] == [Decimal(10), None]


def test_it_refuses_a_word_as_a_quantitative_target_naming_the_line() -> None:
    text = extracted(
        ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位"],
        ["产出指标", "数量指标", "培训人次", "≥", "abc", "人次"],
    )
    with pytest.raises(InputError) as caught:
        plans_from_grids(read_extracted_text(text, "abc.txt"))
    assert str(caught.value).startswith("abc.txt 第12行")
    assert "abc" in caught.value.message


def test_it_reads_label_value_cells_and_starts_a_plan_at_each_heading() -> None:
    text = (
        extracted(
            ["2023年度部门整体支出绩效目标表"],
            ["单位名称：株洲市某局"],
            ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
            ["产出指标", "数量指标", "甲", "5", "100"],
        )
        + "\n\n\n"
        + extracted(
            ["项目支出绩效目标表"],
            ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
            ["产出指标", "数量指标", "乙", "6", "90"],
        )
        + "\n\n\n"
        + extracted(
            ["第 2 页"],
            ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
            ["", "", "丙", "7", ""],
        )
    )
    department, project = plans_from_grids(read_extracted_text(text, "two.txt"))
    assert (department.kind, department.title, department.unit) == (
        "department",
        "2023年度部门整体支出绩效目标表",
        "株洲市某局",
    )
    # The bare table name says what kind of table it is, not which project: the plan is called by
    # its unit and the table's name, as a person would call it.
    assert (project.kind, project.title, project.unit) == (
        "project",
        "株洲市某局项目绩效目标表",
        "株洲市某局",
    )
    assert [(i.level1, i.level2, i.name) for i in project.indicators] == [
        ("产出指标", "数量指标", "乙"),
        ("产出指标", "数量指标", "丙"),
    ]
