"""``jixiao export``: the official tables (.xlsx, .docx) — read back by jixiao and by the libraries."""

from __future__ import annotations

import io
import zipfile
from dataclasses import fields, replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from jixiao.core.model import Plan
from jixiao.documents.load import load_plans, plans_from_bytes
from jixiao.documents.writers import export_tables
from jixiao.documents.writers.samples import sample_department, sample_project
from tests.cli_helpers import jixiao

FORMATS = ["xlsx", "docx"]


def without_sources(plan: Plan) -> Plan:
    return replace(
        plan,
        source=None,
        indicators=[replace(i, source=None) for i in plan.indicators],
        placeholders=[replace(p, source=None) for p in plan.placeholders],
    )


def assert_same_plans(expected: list[Plan], actual: list[Plan], skip: tuple[str, ...] = ()) -> None:
    """Field for field, sources aside; a mismatch names the plan and the field."""
    assert len(actual) == len(expected)
    for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
        want, got = without_sources(want), without_sources(got)
        for f in fields(Plan):
            if f.name in skip:
                continue
            assert getattr(got, f.name) == getattr(want, f.name), f"plan {index} field {f.name}"


def read_back(data: bytes, fmt: str) -> list[Plan]:
    if fmt == "docx":
        pytest.importorskip("jixiao.documents.word")
    return plans_from_bytes(data, f"export.{fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_round_trips_the_seed(seed_path: Path, fmt: str) -> None:
    plans = load_plans(seed_path)
    back = read_back(export_tables(plans, fmt), fmt)
    assert_same_plans(plans, back)
    assert [len(p.indicators) for p in back] == [15, 9]
    assert [len(p.placeholders) for p in back] == [3, 2]


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_round_trips_hand_built_target_tables(fmt: str) -> None:
    plans = [sample_department(), sample_project()]
    back = read_back(export_tables(plans, fmt), fmt)
    assert_same_plans(plans, back)


def test_it_merges_category_cells_over_their_rows() -> None:
    book = openpyxl.load_workbook(io.BytesIO(export_tables([sample_project()], "xlsx")))
    sheet = book.worksheets[0]
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "一级指标")
    merged = {str(m) for m in sheet.merged_cells.ranges}
    # 产出指标 spans its four rows, 数量指标 its two; the placeholder is a "/" row.
    assert f"A{header + 1}:A{header + 4}" in merged
    assert f"B{header + 1}:B{header + 2}" in merged
    slash_rows = [r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, 3).value == "/"]
    assert [sheet.cell(r, 2).value for r in slash_rows] == ["生态效益指标"]
    benefit = next(r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, 1).value == "效益指标")
    assert f"A{benefit}:A{slash_rows[0]}" in merged or f"A{slash_rows[0]}:A{benefit}" in merged


def test_it_writes_the_layout_people_submit_in_xlsx() -> None:
    book = openpyxl.load_workbook(io.BytesIO(export_tables([sample_project()], "xlsx")))
    sheet = book.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "项目支出绩效目标表"
    assert sheet["A1"].font.name == "宋体"
    labels = {row[0]: row[2] for row in values[1:] if row[0] and row[2]}
    assert labels["项目名称"] == "中小企业发展专项资金"
    assert labels["年度总体目标"].startswith("支持中小企业")
    header = next(row for row in values if row[0] == "一级指标")
    assert header == [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值类型",
        "指标值",
        "计量单位",
        "指标解释",
        "评（扣）分标准",
        "分值",
    ]
    funds = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "年度资金总额")
    annual = sheet.cell(funds, 4)
    assert annual.value == 1200 and annual.number_format == "0.00"
    body = next(
        sheet.cell(r, 3) for r in range(1, sheet.max_row + 1) if sheet.cell(r, 3).value == "培训企业人次"
    )
    assert body.font.name == "仿宋"
    assert body.border.left.style == "thin" and body.border.bottom.style == "thin"
    assert sheet.column_dimensions["H"].width > sheet.column_dimensions["I"].width


def test_it_writes_the_layout_people_submit_in_docx() -> None:
    document = Document(io.BytesIO(export_tables([sample_department(), sample_project()], "docx")))
    assert len(document.tables) == 2
    table = document.tables[1]
    texts = [[c.text for c in row.cells] for row in table.rows]
    header = next(row for row in texts if row[0] == "一级指标")
    assert header[2] == "三级指标" and header[-1] == "分值"
    funds = next(row for row in texts if row[0] == "年度资金总额")
    assert funds[3] == "1200.00"  # 万元, two decimals
    # 一级 merged vertically: one underlying cell for the four 产出指标 rows.
    first = texts.index(header) + 1
    marks = [table.rows[r]._tr.tc_lst[0].vMerge for r in range(first, first + 5)]
    assert marks == ["restart", "continue", "continue", "continue", None]
    run = table.rows[first].cells[2].paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    borders = document.styles["Table Grid"].element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert borders is not None
    title = document.paragraphs[0]
    assert title.text == "2023年部门整体支出绩效目标表"
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_it_writes_formula_like_text_as_text() -> None:
    plan = sample_project()
    plan.indicators[0].name = '=HYPERLINK("http://example.com/x","点击")'
    plan.indicators[1].explanation = "+1 按人次计"
    plan.indicators[2].rule_text = "-完成得分"
    plan.goal = "@SUM(A1:A9)"
    data = export_tables([plan], "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    name = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert name.data_type == "s" and name.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert all(b"<f>" not in archive.read(n) and b"<f " not in archive.read(n) for n in sheets)
    back = plans_from_bytes(data, "export.xlsx")
    assert back[0].indicators[0].name == '=HYPERLINK("http://example.com/x","点击")'
    assert back[0].goal == "@SUM(A1:A9)"


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_leaves_internal_fields_out_of_the_public_pack(fmt: str) -> None:
    plan = sample_project(with_actuals=True)
    plan.goal += "联系人张小明，电话0731-28686000，手机13912345678。"
    data = export_tables([plan], fmt, public=True)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    else:
        document = Document(io.BytesIO(data))
        text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    for secret in ("张小明", "13812345678", "13912345678", "0731-28686000", "两家企业投产推迟", "项目负责人"):
        assert secret not in text
    assert "服务流程较长" in text  # a reason not marked internal stays
    assert "中小企业发展专项资金" in text


def test_it_exports_from_the_command_line(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.xlsx"
    result = jixiao(*["export", str(seed_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "seed.xlsx" in result.output
    assert [len(p.indicators) for p in load_plans(out)] == [15, 9]


def test_it_refuses_an_output_format_it_cannot_write(seed_path: Path, tmp_path: Path) -> None:
    result = jixiao(*["export", str(seed_path), "-o", str(tmp_path / "seed.odt")])
    assert result.exit_code == 1
    assert "不支持的输出格式" in result.output.replace("\n", "")
    assert not (tmp_path / "seed.odt").exists()


def test_it_keeps_money_and_points_as_numbers_in_xlsx() -> None:
    plan = sample_project()
    book = openpyxl.load_workbook(io.BytesIO(export_tables([plan], "xlsx")))
    sheet = book.worksheets[0]
    weights = [sheet.cell(r, 9).value for r in range(1, sheet.max_row + 1)]
    assert Decimal(str(weights[-1])) == Decimal(10)
    assert all(not isinstance(w, str) or w in ("分值", "/") for w in weights if w is not None)


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_writes_a_self_evaluation_whose_stated_scores_are_the_computed_ones(fmt: str) -> None:
    from jixiao.core.review import review_plans
    from jixiao.core.rules.resolve import resolve_rule, rule_of
    from jixiao.core.scoring import score_plan

    plan = sample_project(with_actuals=True)
    scored = score_plan(plan, rule_of)
    back = read_back(export_tables([plan], fmt), fmt)

    assert plan.budget is not None
    expected = replace(
        plan,
        indicators=[replace(s.indicator, stated_score=s.score) for s in scored.indicators],
        budget=replace(plan.budget, stated_score=scored.budget_score),  # the 得分 the table writes
        stated_total=scored.total,  # the 总分 row
    )
    assert_same_plans([expected], back)
    assert [i.stated_score for i in back[0].indicators] == [s.score for s in scored.indicators]
    codes = {f.code for f in review_plans(back, resolve_rule)}
    assert "stated-score-mismatch" not in codes


def test_it_writes_the_self_evaluation_table_with_funds_total_and_grade() -> None:
    from jixiao.core.rules.resolve import rule_of
    from jixiao.core.scoring import score_plan

    plan = sample_project(with_actuals=True)
    scored = score_plan(plan, rule_of)
    sheet = openpyxl.load_workbook(io.BytesIO(export_tables([plan], "xlsx"))).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "项目支出绩效自评表"
    funds_head = next(r for r in rows if r[0] == "项目资金（万元）")
    assert funds_head[2:8] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    funds = next(r for r in rows if r[0] == "年度资金总额")
    assert [Decimal(str(v)) for v in funds[2:5]] == [Decimal(1000), Decimal(1200), Decimal("1140.5")]
    assert scored.budget_rate is not None
    assert Decimal(str(funds[6])) == scored.budget_rate.quantize(Decimal("0.0001"))
    assert (
        sheet.cell(next(i for i, r in enumerate(rows, 1) if r[0] == "年度资金总额"), 7).number_format
        == "0.00%"
    )
    assert Decimal(str(funds[7])) == scored.budget_score
    header = next(r for r in rows if r[0] == "一级指标")
    assert header[4:11] == [
        "年度指标值",
        "计量单位",
        "实际完成值",
        "完成率",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    total = next(r for r in rows if r[0] == "总分")
    assert Decimal(str(total[9])) == scored.total
    assert total[10] == f"等级：{scored.grade}"
    achieved = next(r for r in rows if r[0] == "实际完成情况")
    assert achieved[2] == plan.achieved


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_exports_the_seed_self_evaluation_with_computed_scores(seed_path: Path, fmt: str) -> None:
    from jixiao.core.actuals import apply_actuals
    from jixiao.core.rules.resolve import rule_of
    from jixiao.core.scoring import score_plan

    plans = apply_actuals(
        load_plans(seed_path), load_plans(seed_path.with_name("zhuzhou-gxj-2023-actuals.json"))
    )
    back = read_back(export_tables(plans, fmt), fmt)
    for plan, read in zip(plans, back, strict=True):
        scored = score_plan(plan, rule_of)
        assert [i.stated_score for i in read.indicators] == [s.score for s in scored.indicators]
        assert [i.actual for i in read.indicators] == [i.actual for i in plan.indicators]
        assert [i.reason for i in read.indicators] == [i.reason for i in plan.indicators]


def test_it_names_a_missing_output_folder_in_chinese(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "没有的文件夹" / "表.xlsx"
    result = jixiao(*["export", str(seed_path), "-o", str(out)])
    assert result.exit_code == 1
    message = result.output.replace("\n", "")
    assert "没有的文件夹" in message and "不存在" in message
    assert "No such file" not in result.output


def test_it_leaves_an_existing_output_whole_when_writing_fails(
    seed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On Windows a workbook open in Excel cannot be replaced: the old file must stay as it was,
    # no temporary file may be left behind, and the message must say what to do.
    import os

    out = tmp_path / "表.xlsx"
    out.write_bytes(b"the file as the user left it")

    def locked(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    result = jixiao(*["export", str(seed_path), "-o", str(out)])
    assert result.exit_code == 1
    message = result.output.replace("\n", "")
    assert "表.xlsx" in message and "请关闭该文件后重试" in message
    assert out.read_bytes() == b"the file as the user left it"
    assert [p.name for p in tmp_path.iterdir()] == ["表.xlsx"]


@pytest.mark.parametrize("command", ["export", "template", "summary"])
def test_it_refuses_to_write_over_the_file_it_reads(seed_path: Path, tmp_path: Path, command: str) -> None:
    # "jixiao export 表.xlsx -o 表.xlsx" would replace the department's own table with jixiao's.
    table = tmp_path / "表.xlsx"
    table.write_bytes(export_tables(load_plans(seed_path), "xlsx"))
    before = table.read_bytes()
    result = jixiao(*[command, str(table), "-o", str(table)])
    assert result.exit_code == 1
    assert "输入文件本身" in result.output.replace("\n", "")
    assert table.read_bytes() == before
