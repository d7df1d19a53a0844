"""Layout across whole documents: the seed in other formats, several tables in one sheet, 一级
labels in the middle of their block, and errors that name the cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import layout_builders as lb
import pytest

from jixiao.core.errors import ValueParseError
from jixiao.core.model import Budget, Plan, PlanKind
from jixiao.core.serialize import plans_to_dict
from jixiao.documents.load import load_plans, plans_from_bytes
from jixiao.documents.text_reader import read_extracted_text

D = Decimal

# ── the seed as .xlsx and .docx ──────────────────────────────────────────────────────────────


def seed_layouts(seed_path: Path) -> list[lb.Layout]:
    """The seed's own rows, one layout per plan (its project table's two pages as one table), nine
    columns wide: a row of fewer cells has its last cell merged to the right edge."""
    grids = read_extracted_text(seed_path.read_text(encoding="utf-8"), "seed.txt")
    assert len(grids) == 3  # the department table; the project table and its second page
    layouts = []
    for group in (grids[:1], grids[1:]):
        rows: list[list[lb.CellValue]] = []
        merges: list[lb.Merge] = []
        for grid in group:
            for row in grid.rows:
                values: list[lb.CellValue] = [cell.text for cell in row]
                if len(values) < 9:
                    merges.append((len(rows), len(values) - 1, len(rows), 8))
                rows.append([int(v) if isinstance(v, str) and v.isdigit() else v for v in values])
        layouts.append(lb.Layout(rows, merges))
    return layouts


def without_sources(plans: list[Plan]) -> dict[str, Any]:
    data = plans_to_dict(plans)
    for plan in data["plans"]:  # type: ignore[attr-defined]
        plan.pop("source")
        for item in [*plan["indicators"], *plan["placeholders"]]:
            item.pop("source")
    return data


def test_it_reads_the_seed_laid_out_as_xlsx_to_the_same_plans_as_its_text(seed_path: Path) -> None:
    department, project = seed_layouts(seed_path)
    data = lb.xlsx({"绩效目标": lb.stack(department, project, gap=3)})
    plans = plans_from_bytes(data, "seed.xlsx")
    assert without_sources(plans) == without_sources(load_plans(seed_path))
    assert [len(p.indicators) for p in plans] == [15, 9]
    source = plans[1].indicators[-1].source
    # 24 department rows, 3 empty ones, then the project's 16: its last indicator is row 43.
    assert source is not None and (source.file, source.sheet, source.cell) == ("seed.xlsx", "绩效目标", "C43")


def test_it_reads_the_seed_laid_out_as_docx_to_the_same_plans_as_its_text(seed_path: Path) -> None:
    department, project = seed_layouts(seed_path)
    data = lb.docx(department, "", project)
    plans = plans_from_bytes(data, "seed.docx")
    assert without_sources(plans) == without_sources(load_plans(seed_path))
    assert [p.kind for p in plans] == [PlanKind.DEPARTMENT, PlanKind.PROJECT]
    source = plans[1].indicators[0].source
    assert source is not None and (source.sheet, source.row, source.column) == ("表2", 5, 3)


# ── several tables in one sheet ──────────────────────────────────────────────────────────────


def small_project(name: str, unit: str, rows: list[list[lb.CellValue]], annual: float) -> lb.Layout:
    return lb.Layout(
        [
            ["项目支出绩效目标表"],
            ["项目名称", name, None, "实施单位", unit],
            ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值"],
            ["年度资金总额", annual, annual, None, 10],
            ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
            *rows,
            ["合计", None, None, None, 90],
        ],
        [(0, 0, 0, 4), (1, 1, 1, 2)],
    )


def test_it_reads_several_tables_in_one_sheet_as_several_plans() -> None:
    first = small_project(
        "乡村道路维护",
        "某镇人民政府",
        [
            ["产出指标", "数量指标", "维护道路里程", "≥12公里", 60],
            [None, "时效指标", "完工时间", "2023年10月底前", 30],
        ],
        50,
    )
    second = small_project(
        "饮水安全巩固",
        "某县水利局",
        [["效益指标", "社会效益指标", "受益人口", "≥3000人", 90]],
        "120万",  # type: ignore[arg-type]
    )
    (sheet_plans) = plans_from_bytes(lb.xlsx({"目标表": lb.stack(first, second)}), "two.xlsx")
    assert [(p.title, p.unit) for p in sheet_plans] == [
        ("乡村道路维护", "某镇人民政府"),
        ("饮水安全巩固", "某县水利局"),
    ]
    assert [p.budget for p in sheet_plans] == [
        Budget(annual=D(50), executed=None, initial=D(50)),
        Budget(annual=D(120), executed=None, initial=D(120)),
    ]
    assert [[(i.name, i.target, i.unit, i.weight) for i in p.indicators] for p in sheet_plans] == [
        [("维护道路里程", D(12), "公里", D(60)), ("完工时间", "2023年10月底前", "", D(30))],
        [("受益人口", D(3000), "人", D(90))],
    ]
    assert [p.stated_total for p in sheet_plans] == [None, None]  # 合计 of weights, no 得分 column


# ── 一级 labels in the middle of their block ──────────────────────────────────────────────────


def test_it_gives_the_rows_above_a_label_in_the_middle_of_its_block_to_that_label() -> None:
    """Both hierarchies: 成本指标 as a 二级 of 产出 (older) and as a 一级 of its own (2021); each
    一级 label written in the middle row of its block, as a text export of a merged cell puts it."""
    table = lb.Layout(
        [
            ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
            ["产出指标", "数量指标", "甲", "≥1", 10],
            [None, "质量指标", "乙", "≥2", 10],
            [None, "时效指标", "丙", "≥3", 10],
            [None, "成本指标", "丁", "≤4", 10],
            ["成本指标", "经济成本指标", "戊", "≤5", 10],
            [None, "社会成本指标", "己", "≤6", 10],
            [None, "生态环境成本指标", "/", "/", "/"],
            ["效益指标", "经济效益指标", "庚", "≥7", 10],
            [None, "社会效益指标", "辛", "≥8", 10],
            [None, "可持续影响指标", "壬", "≥9", 5],
            ["满意度指标", "服务对象满意度指标", "癸", "≥90%", 5],
        ],
        [(1, 0, 4, 0), (5, 0, 7, 0), (8, 0, 10, 0)],
    )
    for middle in (False, True):
        (plan,) = plans_from_bytes(lb.extracted_text(table, middle=middle).encode(), "middle.txt")
        assert [(i.level1, i.level2, i.name) for i in plan.indicators] == [
            ("产出指标", "数量指标", "甲"),
            ("产出指标", "质量指标", "乙"),
            ("产出指标", "时效指标", "丙"),
            ("产出指标", "成本指标", "丁"),
            ("成本指标", "经济成本指标", "戊"),
            ("成本指标", "社会成本指标", "己"),
            ("效益指标", "经济效益指标", "庚"),
            ("效益指标", "社会效益指标", "辛"),
            ("效益指标", "可持续影响指标", "壬"),
            ("满意度指标", "服务对象满意度指标", "癸"),
        ], f"middle={middle}"
        assert [(p.level1, p.level2) for p in plan.placeholders] == [("成本指标", "生态环境成本指标")]


# ── provenance: errors name the cell ─────────────────────────────────────────────────────────


def bad_target_table() -> lb.Layout:
    return lb.Layout(
        [
            ["项目支出绩效目标表"],
            ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "分值"],
            ["产出指标", "数量指标", "培训人次", "≥", 300, "人次", 10],
            [None, None, "检查次数", "≥", "abc", "次", 10],
        ],
        [(0, 0, 0, 6), (2, 0, 3, 0), (2, 1, 3, 1)],
    )


def test_it_names_the_sheet_and_cell_of_a_bad_target_in_xlsx() -> None:
    data = lb.xlsx({"说明": lb.Layout([["填报说明"]]), "表2": bad_target_table()})
    with pytest.raises(ValueParseError) as caught:
        plans_from_bytes(data, "bad.xlsx")
    error = caught.value
    assert error.location is not None
    assert (error.location.file, error.location.sheet, error.location.cell) == ("bad.xlsx", "表2", "E4")
    assert str(error).startswith(f"{error.location.describe()}：目标值「abc」不是数值")
    assert "表2" in str(error) and "E4" in str(error)


def test_it_names_the_table_row_and_column_of_a_bad_target_in_docx() -> None:
    with pytest.raises(ValueParseError) as caught:
        plans_from_bytes(lb.docx("说明", bad_target_table()), "bad.docx")
    error = caught.value
    assert error.location is not None
    assert (error.location.sheet, error.location.row, error.location.column) == ("表1", 4, 5)
    assert "表1" in str(error) and "第4行 E列" in str(error) and "「abc」" in str(error)


def test_it_names_the_cell_of_a_bad_weight_and_a_bad_stated_score() -> None:
    table = lb.Layout(
        [
            ["一级指标", "二级指标", "三级指标", "指标值", "分值", "实际完成值", "得分"],
            ["产出指标", "数量指标", "培训人次", "≥300", "很多", 320, 10],
        ]
    )
    with pytest.raises(ValueParseError) as caught:
        plans_from_bytes(lb.xlsx({"自评": table}), "w.xlsx")
    assert caught.value.location is not None and caught.value.location.cell == "E2"
    assert str(caught.value).startswith(f"{caught.value.location.describe()}：分值「很多」不是数值")
    table.rows[1][4], table.rows[1][6] = 10, "满分"
    with pytest.raises(ValueParseError) as caught:
        plans_from_bytes(lb.csv(table), "s.csv")
    assert str(caught.value).startswith("s.csv 第2行 G列：得分「满分」不是数值")


def test_it_names_the_cell_of_a_bad_amount_in_the_funds_block() -> None:
    table = small_project("乡村道路维护", "某镇人民政府", [["产出指标", "数量指标", "甲", "≥1", 90]], 50)
    table.rows[3][2] = "待定"
    with pytest.raises(ValueParseError) as caught:
        plans_from_bytes(lb.xlsx({"目标表": table}), "f.xlsx")
    assert caught.value.location is not None and caught.value.location.cell == "C4"
    assert str(caught.value).startswith(f"{caught.value.location.describe()}：全年预算数「待定」不是数值")
