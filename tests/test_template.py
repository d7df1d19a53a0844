"""The actual-values template (实际完成值填报模板): ``jixiao template`` writes the self-evaluation table to
fill in; filled (here with openpyxl, as a unit would in Excel) it scores as the same values in JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.core.actuals import apply_actuals
from jixiao.core.model import Budget, Comparator, Plan, PlanKind
from jixiao.core.rules.resolve import rule_of
from jixiao.core.scoring import PlanScore, score_plan
from jixiao.documents.load import load_plans, plans_from_bytes
from jixiao.documents.writers.samples import sample_department, sample_project
from jixiao.documents.writers.template import INSTRUCTION, INSTRUCTION_LABEL, template_workbook
from tests.cli_helpers import jixiao


@pytest.fixture
def seed_plans(seed_path: Path) -> list[Plan]:
    return load_plans(seed_path)


@pytest.fixture
def json_actuals(seed_path: Path) -> list[Plan]:
    return load_plans(seed_path.with_name("zhuzhou-gxj-2023-actuals.json"))


def header_columns(sheet: Worksheet) -> tuple[int, dict[str, int]]:
    """The indicator header's row and its columns by title, as a person finds them."""
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "一级指标")
    return row, {str(c.value): c.column for c in sheet[row] if c.value}


def row_of(sheet: Worksheet, column: int, text: str) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, column).value == text)


def fill(template: bytes, actuals: list[Plan]) -> bytes:
    """The template filled in with openpyxl: each plan's sheet, each indicator's row found by its name."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    for sheet, plan in zip(book.worksheets, actuals, strict=True):
        _, columns = header_columns(sheet)
        for indicator in plan.indicators:
            row = row_of(sheet, columns["三级指标"], indicator.name)
            actual = indicator.actual
            sheet.cell(row, columns["实际完成值"]).value = (
                float(actual) if isinstance(actual, Decimal) else actual
            )
            if indicator.reason:
                sheet.cell(row, columns["偏差原因分析及改进措施"]).value = indicator.reason
        if plan.budget is not None:
            funds = row_of(sheet, 1, "年度资金总额")
            heading = {sheet.cell(funds - 1, c).value: c for c in range(1, sheet.max_column + 1)}
            sheet.cell(funds, heading["全年预算数"]).value = float(plan.budget.annual or 0)
            sheet.cell(funds, heading["全年执行数"]).value = float(plan.budget.executed or 0)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def scored(targets: list[Plan], actuals: list[Plan]) -> list[PlanScore]:
    return [score_plan(plan, rule_of) for plan in apply_actuals(targets, actuals)]


def indicator_results(scores: list[PlanScore]) -> list[list[tuple[object, ...]]]:
    return [
        [
            (s.indicator.name, s.indicator.actual, s.indicator.reason, s.completion, s.score)
            for s in plan.indicators
        ]
        for plan in scores
    ]


def test_it_scores_a_filled_template_as_the_same_values_in_json(
    seed_plans: list[Plan], json_actuals: list[Plan]
) -> None:
    filled = fill(template_workbook(seed_plans), json_actuals)

    from_template = scored(seed_plans, plans_from_bytes(filled, "actuals.xlsx"))
    from_json = scored(seed_plans, json_actuals)

    assert indicator_results(from_template) == indicator_results(from_json)
    assert [[s.explanation for s in p.indicators] for p in from_template] == [
        [s.explanation for s in p.indicators] for p in from_json
    ]
    assert sum(1 for p in from_json for s in p.indicators if s.score is not None) == 22  # 2 have no weight
    assert from_json[1].budget_score == Decimal("9.58")  # the funds block: 1150 ÷ 1200 of 10 points
    assert [(p.budget_rate, p.budget_score) for p in from_template] == [
        (p.budget_rate, p.budget_score) for p in from_json
    ]
    assert [(p.total, p.max_total, p.normalized, p.grade) for p in from_template] == [
        (p.total, p.max_total, p.normalized, p.grade) for p in from_json
    ]


def test_it_rechecks_the_scores_a_unit_states_in_the_template(seed_plans: list[Plan]) -> None:
    from jixiao.core.review import review_plans
    from jixiao.core.rules.resolve import resolve_rule

    book = openpyxl.load_workbook(io.BytesIO(template_workbook(seed_plans)))
    sheet = book.worksheets[1]  # the project
    _, columns = header_columns(sheet)
    row = row_of(sheet, columns["三级指标"], "专项资金使用率")  # ≥90%, 10 points, all or nothing
    sheet.cell(row, columns["实际完成值"]).value = 95.8
    sheet.cell(row, columns["得分"]).value = 8  # met, yet docked 2 points
    sheet.cell(row_of(sheet, 1, "总分"), columns["得分"]).value = 9  # not the sum of the stated rows
    out = io.BytesIO()
    book.save(out)

    plans = apply_actuals(seed_plans, plans_from_bytes(out.getvalue(), "actuals.xlsx"))
    findings = [f for f in review_plans(plans, resolve_rule) if f.code.startswith("stated-")]

    assert [(f.code, f.plan, f.indicator) for f in findings] == [
        ("stated-score-mismatch", 1, "专项资金使用率"),
        ("stated-total-mismatch", 1, None),
    ]
    assert "自评得分8分，按评分标准应得10分" in findings[0].message
    assert "目标已完成却被扣了2分" in findings[0].message
    assert "自评总分写为9分" in findings[1].message and "合计为8分" in findings[1].message


def test_it_protects_the_targets_and_validates_the_input_cells(seed_plans: list[Plan]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook(seed_plans)))
    department, project = book.worksheets

    for sheet in (department, project):
        assert sheet.protection.sheet
        header, columns = header_columns(sheet)
        assert sheet.cell(header, 1).protection.locked
        validations = sheet.data_validations.dataValidation
        for plan_sheet_row in range(header + 1, sheet.max_row):
            name = sheet.cell(plan_sheet_row, columns["三级指标"]).value
            if name in (None, "/"):
                continue
            target = sheet.cell(plan_sheet_row, columns["年度指标值"])
            actual = sheet.cell(plan_sheet_row, columns["实际完成值"])
            reason = sheet.cell(plan_sheet_row, columns["偏差原因分析及改进措施"])
            assert target.value not in (None, "") and target.protection.locked, name
            assert sheet.cell(plan_sheet_row, columns["评（扣）分标准"]).protection.locked
            assert sheet.cell(plan_sheet_row, columns["分值"]).protection.locked
            assert actual.value is None and not actual.protection.locked, name
            assert reason.value is None and not reason.protection.locked, name
            (rule,) = [v for v in validations if actual.coordinate in v.sqref]
            if sheet.cell(plan_sheet_row, columns["指标值类型"]).value == Comparator.QUALITATIVE.symbol:
                assert (rule.type, rule.formula1) == ("list", '"是,部分完成,否"'), name
            else:
                assert (rule.type, rule.operator) == ("decimal", "between"), name
            assert rule.showErrorMessage and rule.allow_blank
            assert not [v for v in validations if reason.coordinate in v.sqref]  # free text

    funds = row_of(project, 1, "年度资金总额")
    for column in (3, 4, 5):  # 年初预算数, 全年预算数, 全年执行数
        cell = project.cell(funds, column)
        assert not cell.protection.locked
        (rule,) = [v for v in project.data_validations.dataValidation if cell.coordinate in v.sqref]
        assert (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert project.cell(funds, 6).value == 10 and project.cell(funds, 6).protection.locked  # 分值
    assert project.cell(funds, 7).protection.locked  # 执行率: jixiao computes it


def test_it_tells_what_to_fill_in_and_reads_back_as_the_targets(seed_plans: list[Plan]) -> None:
    data = template_workbook(seed_plans)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[1]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]

    assert rows[0][0] == "项目支出绩效自评表"  # the official table name (表名), then the plan's title
    assert rows[1][0] == seed_plans[1].title
    instruction = next(r for r in rows if r[0] == INSTRUCTION_LABEL)
    assert instruction[2] == INSTRUCTION and "实际完成值" in INSTRUCTION and "全年执行数" in INSTRUCTION
    header = next(r for r in rows if r[0] == "一级指标")
    assert header[6:11] == ["实际完成值", "完成率", "分值", "得分", "偏差原因分析及改进措施"]
    assert next(r for r in rows if r[0] == "总分")[8] == 90 + 10

    back = plans_from_bytes(data, "template.xlsx")
    assert [p.kind for p in back] == [PlanKind.DEPARTMENT, PlanKind.PROJECT]
    for want, got in zip(seed_plans, back, strict=True):
        assert (got.title, got.unit, got.goal) == (want.title, want.unit, want.goal)
        assert [replace(i, source=None) for i in got.indicators] == [
            replace(i, source=None) for i in want.indicators
        ]
        assert all(i.actual is None and i.stated_score is None for i in got.indicators)
        assert (got.stated_total, got.achieved) == (None, "")  # 总分 and 实际完成情况 left blank
    assert back[0].budget is None  # the department states no funds
    assert back[1].budget == Budget(annual=None, executed=None)  # the project's funds block, blank


def test_it_gives_a_project_a_funds_block_and_a_department_one_only_with_a_budget() -> None:
    project = sample_project()
    project.budget = None
    department = sample_department()
    with_budget = replace(sample_department(), budget=Budget(annual=Decimal(500), executed=None))

    book = openpyxl.load_workbook(io.BytesIO(template_workbook([project, department, with_budget])))
    labels = [[row[0].value for row in sheet.iter_rows()] for sheet in book.worksheets]

    assert ["年度资金总额" in sheet for sheet in labels] == [True, False, True]
    funds = row_of(book.worksheets[2], 1, "年度资金总额")
    assert book.worksheets[2].cell(funds, 4).value == 500  # a known 全年预算数 is filled in, still editable


def test_it_leaves_out_the_values_of_a_self_evaluation_it_is_given() -> None:
    plan = sample_project(with_actuals=True)
    sheet = openpyxl.load_workbook(io.BytesIO(template_workbook([plan]))).worksheets[0]
    header, columns = header_columns(sheet)

    actuals = [sheet.cell(r, columns["实际完成值"]).value for r in range(header + 1, sheet.max_row + 1)]
    assert set(actuals) <= {None, "/"} and None in actuals
    assert sheet.cell(row_of(sheet, 1, "年度资金总额"), 5).value is None  # 全年执行数


def test_it_writes_and_scores_a_template_from_the_command_line(
    seed_path: Path, json_actuals: list[Plan], tmp_path: Path
) -> None:
    template = tmp_path / "actuals.xlsx"
    result = jixiao(*["template", str(seed_path), "-o", str(template)])
    assert result.exit_code == 0, result.output
    assert "2 张表" in result.output

    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(fill(template.read_bytes(), json_actuals))
    json_path = seed_path.with_name("zhuzhou-gxj-2023-actuals.json")

    def scores(actuals: Path) -> list[list[tuple[object, ...]]]:
        result = jixiao(*["score", str(seed_path), "--actuals", str(actuals), "--json"])
        assert result.exit_code == 0, result.output
        plans = json.loads(result.stdout)["plans"]
        return [
            [(i["name"], i["actual"], i["completion"], i["score"]) for i in p["indicators"]] for p in plans
        ]

    assert scores(filled) == scores(json_path)


def test_it_scores_a_filled_template_saved_as_csv(
    seed_plans: list[Plan], json_actuals: list[Plan], tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(fill(template_workbook(seed_plans), json_actuals)))
    path = tmp_path / "actuals.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        for sheet in book.worksheets:  # both sheets, one after the other, as values
            for row in sheet.iter_rows(values_only=True):
                writer.writerow(["" if v is None else v for v in row])

    from_csv = scored(seed_plans, load_plans(path))

    assert indicator_results(from_csv) == indicator_results(scored(seed_plans, json_actuals))


def test_it_refuses_to_write_a_template_that_is_not_xlsx(seed_path: Path, tmp_path: Path) -> None:
    result = jixiao(*["template", str(seed_path), "-o", str(tmp_path / "t.docx")])

    assert result.exit_code == 1
    assert "不支持的输出格式" in result.output.replace("\n", "")
    assert not (tmp_path / "t.docx").exists()
