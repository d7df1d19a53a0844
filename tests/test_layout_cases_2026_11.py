"""The layout cases of issue 11 (../shared/cases/layouts-2026-11/): each reads as its README says, in
its own format and as the same table built here in another one (.xlsx with merged cells for the
.csv and .txt cases, .docx for the .xlsx cases).

The expectations below are the README's tables, row for row: level1, level2, name, comparator, target,
unit, weight (and actual, stated score for self-evaluations). Where the README accepts "≥ or =" for a
bare value, either is accepted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import layout_builders as lb
import openpyxl
import pytest
from cli_helpers import jixiao

from jixiao.core.model import Comparator, Plan
from jixiao.core.review import review_plans
from jixiao.core.serialize import plans_to_dict
from jixiao.documents.layout.info import plan_title
from jixiao.documents.load import plans_from_bytes

CASES = Path(__file__).resolve().parents[2] / "shared" / "cases" / "layouts-2026-11"
D = Decimal
GE, LE, EQ, QUAL = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.QUALITATIVE
GE_OR_EQ = (GE, EQ)
NO_CMP = None  # the README's null: a target left unfilled with no comparator written

Row = tuple[object, ...]


@dataclass(frozen=True)
class Expected:
    plans: list[tuple[str, Decimal | None, list[Row]]]  # (title, budget, indicator rows)
    placeholders: tuple[str, ...] = ()  # level1 of the placeholders of the first plan


def one(*rows: Row, placeholders: tuple[str, ...] = ()) -> Expected:
    return Expected([("", None, list(rows))], placeholders)


SAT = ("满意度指标", "服务对象满意度指标")
MONITORING = ("产出指标", "质量指标", "监测数据必须合格", EQ, D(100), "%", None, D(100), D(10))
REVIEWED = (*SAT, "整编资料审核", GE_OR_EQ, D(98), "%", None, D(98), D("19.6"))
SHELTER = ("产出指标", "数量指标", "野生动物收容所", GE, D(200), "平方米", D(10), D("204.46"), D(10))
BUDGET_ROWS = [
    ("预算绩效", "预算管理", "预算执行进度(7月)", GE, D(40), "%", D(7)),
    ("预算绩效", "预算管理", "预算调整次数（实际调整数）", (LE, EQ), D(0), "次", D(5)),
    ("预算绩效", "预算管理", "结转结余资金率", (LE, EQ), D(0), "%", D(25)),
]
REPAIR = ("产出指标", "数量指标", "开展修复工程(个)", GE, D(1), "个", None)

EXPECTED: dict[str, Expected] = {
    "K01-longterm-annual-columns.csv": one(
        ("产出指标", "数量指标", "重点建设工程安排数量", GE_OR_EQ, D(2), "", None),
        (*SAT, "学生、家长、社会满意度", GE, D(90), "%", None),
    ),
    "K01b-longterm-annual-both-filled.csv": one(
        ("产出指标", "数量指标", "重点建设工程安排数量", GE_OR_EQ, D(2), "", None),
    ),
    "K02-subtotal-row-under-header.csv": one(
        ("效益指标", "社会效益指标", "维护社会稳定", GE, D(95), "%", D(10)),
        (*SAT, "人民群众满意度", GE, D(95), "%", D(10)),
    ),
    "K03-multi-project-list.csv": Expected(
        [
            (
                "村组干部报酬",
                D("3309840.00"),
                [("产出指标", "数量指标", "村组干部人数", GE, D(230), "人", D(90))],
            ),
            (
                "基层组织活动经费",
                D("660000.00"),
                [("产出指标", "数量指标", "行政村数量", EQ, D(11), "个", D(90))],
            ),
        ]
    ),
    "K04-header-nianchu-mubiaozhi.csv": one(MONITORING),
    "K05-merged-block-label-then-category-only-row.xlsx": one(
        MONITORING, REVIEWED, placeholders=("效益指标",)
    ),
    "K05b-two-blocks-merged-label.xlsx": one(
        MONITORING,
        REVIEWED,
        ("产出指标", "质量指标", "监测数据资料整编", EQ, D(100), "%", None, D(100), D(20)),
        placeholders=("效益指标",),
    ),
    "K05c-two-blocks-unmerged-OK.xlsx": one(
        MONITORING,
        REVIEWED,
        ("产出指标", "质量指标", "监测数据资料整编", EQ, D(100), "%", None, D(100), D(20)),
        placeholders=("效益指标",),
    ),
    "K06-per-area-target-columns.csv": Expected([("笏石街道办", None, [REPAIR]), ("埭头镇", None, [REPAIR])]),
    "K07-weight-from-quanzhong-column.csv": one(*BUDGET_ROWS),
    "K07b-two-fenzhi-columns.csv": one(BUDGET_ROWS[0]),
    "K08-one-indicator-two-subscore-rows.xlsx": one(
        ("项目效果", "经济效益", "是否促进地方经济项目推广和外拓", QUAL, "是", "是/否", D(10)),
    ),
    "K10-unit-only-value.csv": one(
        ("产出指标", "质量指标", "工程验收合格率", GE, D(95), "%", D(45)),
        ("产出指标", "质量指标", "工程验收合格率2", GE, None, "%", D(45)),
        ("产出指标", "数量指标", "新建堤防长度", NO_CMP, None, "公里", D(45)),
    ),
    "K11-bare-100pct-misquoted.csv": one(("产出指标", "质量指标", "项目竣工验收率", EQ, D(100), "%", D(90))),
    "K12-pipe-separated.txt": one(
        SHELTER, ("产出指标", "数量指标", "钢结构圈养围栏", GE, D(120), "米", D(10), D("121.5"), D(10))
    ),
    "K12b-markdown-pipe.txt": one(SHELTER),
    "K12c-tab-separated-OK.txt": one(SHELTER),
    "K14-template-placeholders.csv": one(
        ("产出指标", "数量指标", "景点开发数量", GE, D(4), "个", D(45)),
        (*SAT, "游客满意度", GE, None, "%", D(45)),
    ),
    "K15-xiangmu-xiaoguo-category.csv": one(
        ("项目产出", "产出数量", "出国任务完成率", EQ, D(100), "%", D(45)),
        ("项目效果", "经济效益", "是否促进地方经济项目推广和外拓", QUAL, "是", "", D(45)),
    ),
}


def _evaluated(plan: Plan) -> bool:
    return any(i.actual is not None or i.stated_score is not None for i in plan.indicators)


def check(plans: list[Plan], expected: Expected, where: str) -> None:
    # "An empty title" in the cases' README is a table that gives none: the plan is then called what a
    # person would call it (issue 12, item 9: its unit's or project's name and the official table name),
    # a self-evaluation's title for a 自评表 (these cases' tables with 实际完成值 and 得分), never a
    # target table's.
    assert [(p.title, None if p.budget is None else p.budget.annual) for p in plans] == [
        (title or plan_title(p.kind, p.unit, self_evaluation=_evaluated(p)), budget)
        for (title, budget, _), p in zip(expected.plans, plans, strict=False)
    ], where
    for plan, (_, _, rows) in zip(plans, expected.plans, strict=True):
        assert len(plan.indicators) == len(rows), (where, [i.name for i in plan.indicators])
        exported = plans_to_dict([plan])["plans"][0]["indicators"]  # type: ignore[index]
        for indicator, shown, row in zip(plan.indicators, exported, rows, strict=True):
            level1, level2, name, cmp, target, unit, weight, *rest = row
            got = (indicator.level1, indicator.level2, indicator.name, indicator.target, indicator.unit)
            assert got == (level1, level2, name, target, unit), where
            assert indicator.weight == weight, (where, name)
            if cmp is NO_CMP:
                assert shown["comparator"] is None, (where, name)
            elif isinstance(cmp, tuple):
                assert indicator.comparator in cmp, (where, name)
            else:
                assert indicator.comparator is cmp, (where, name)
            if rest:
                assert (indicator.actual, indicator.stated_score) == tuple(rest), (where, name)
    if expected.placeholders:
        assert [p.level1 for p in plans[0].placeholders] == list(expected.placeholders), where
    assert not any(p.title == "效益指标" for p in plans), where


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_case_reads_as_its_readme_says(name: str) -> None:
    plans = plans_from_bytes((CASES / name).read_bytes(), name)
    check(plans, EXPECTED[name], name)


def test_every_case_of_the_folder_has_an_expectation() -> None:
    assert sorted(p.name for p in CASES.iterdir() if p.name != "README.md") == sorted(EXPECTED)


# ── the same tables in another format ───────────────────────────────────────────────────────────


def layout_of(name: str) -> lb.Layout:
    """A case file's cells as a Layout (merged ranges kept): the table to write in another format."""
    data = (CASES / name).read_bytes()
    if name.endswith(".xlsx"):
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet is not None
        rows: list[list[lb.CellValue]] = [list(row) for row in sheet.iter_rows(values_only=True)]  # type: ignore[misc]
        merges = [
            (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in sheet.merged_cells.ranges
        ]
        return lb.Layout(rows, merges)
    if name.endswith(".csv"):
        return lb.Layout([list(row) for row in csv.reader(io.StringIO(data.decode()))])
    # pipe and tab text: the short row's lost leading cell is the merged cell of the row above
    lines = [line for line in data.decode().splitlines() if line.strip() and not set(line) <= set("|- :")]
    cells = [
        [c.strip() for c in line.strip().strip("|").split("|" if "|" in line else "\t")] for line in lines
    ]
    width = len(cells[0])
    merges = []
    for index, row in enumerate(cells):
        if len(row) < width:
            missing = width - len(row)
            cells[index] = [""] * missing + row
            merges += [(index - 1, c, index, c) for c in range(missing)]
    return lb.Layout([list(row) for row in cells], merges)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_case_reads_the_same_as_a_table_built_in_another_format(name: str) -> None:
    layout = layout_of(name)
    if name.endswith(".xlsx"):
        data, other = lb.docx(layout), "case.docx"
    else:
        data, other = lb.xlsx({"Sheet1": layout}), "case.xlsx"
    check(plans_from_bytes(data, other), EXPECTED[name], f"{name} as {other}")


# ── what the review says of them ─────────────────────────────────────────────────────────────


def codes(name: str) -> list[tuple[str, str | None]]:
    plans = plans_from_bytes((CASES / name).read_bytes(), name)
    return [(f.code, f.indicator) for f in review_plans(plans)]


def test_the_review_reports_the_targets_left_unfilled_and_not_as_vague_qualitative_targets() -> None:
    found = codes("K10-unit-only-value.csv")
    assert ("target-missing", "工程验收合格率2") in found
    assert ("target-missing", "新建堤防长度") in found
    assert not any(code == "vague-target" for code, _ in found)


def test_the_review_reports_each_template_placeholder() -> None:
    found = codes("K14-template-placeholders.csv")
    assert found.count(("template-placeholder", "景点开发数量")) == 1  # in the name
    assert found.count(("template-placeholder", "游客满意度")) == 1  # the value
    assert ("target-missing", "游客满意度") in found


def test_the_review_counts_older_category_names_by_their_family() -> None:
    plans = plans_from_bytes((CASES / "K15-xiangmu-xiaoguo-category.csv").read_bytes(), "K15.csv")
    messages = [f.message for f in review_plans(plans) if f.code == "category-missing"]
    assert len(messages) == 1 and "满意度" in messages[0]  # 项目效果 is an 效益 category


def test_the_review_quotes_a_bare_100_percent_as_written() -> None:
    plans = plans_from_bytes((CASES / "K11-bare-100pct-misquoted.csv").read_bytes(), "K11.csv")
    findings = review_plans(plans)
    assert not any("≥100%" in f.message or "≥ 100%" in f.message for f in findings)
    assert not any(f.code == "target-over-100" for f in findings)


def test_a_table_without_weights_gets_one_note_not_a_warning_per_row() -> None:
    plans = plans_from_bytes((CASES / "K01-longterm-annual-columns.csv").read_bytes(), "K01.csv")
    found = [f.code for f in review_plans(plans)]
    assert found.count("weights-absent") == 1
    assert "weight-missing" not in found and "weight-sum" not in found


def test_the_long_term_set_is_kept_as_information_on_the_plan() -> None:
    (plan,) = plans_from_bytes((CASES / "K01b-longterm-annual-both-filled.csv").read_bytes(), "K01b.csv")
    assert plan.info["长期绩效指标"] == "工程数量：5"
    assert [i.name for i in plan.indicators] == ["重点建设工程安排数量"]


def test_the_direction_column_and_the_explanation_are_read_per_area() -> None:
    plans = plans_from_bytes((CASES / "K06-per-area-target-columns.csv").read_bytes(), "K06.csv")
    assert [p.indicators[0].explanation for p in plans] == ["反映项目开展情况"] * 2


# ── honest failure ──────────────────────────────────────────────────────────────────────────────


def test_a_header_with_no_indicator_under_it_is_an_error_naming_the_header_and_the_stop(
    tmp_path: Path,
) -> None:
    path = tmp_path / "stopped.csv"
    path.write_text("一级指标,二级指标,三级指标,指标值\n注：本表由某局填报,,,\n", encoding="utf-8")

    result = jixiao("import", path)

    assert result.exit_code == 1
    assert "共 0 个指标" not in result.stdout
    assert "stopped.csv 第1行 A列" in result.stderr  # the header
    assert "第2行 A列「注：本表由某局填报」" in result.stderr  # what stopped the reading
    review = jixiao("review", path)
    assert review.exit_code == 1 and "效益指标" not in review.stdout + review.stderr


def test_json_on_a_file_that_cannot_be_read_prints_an_error_object(tmp_path: Path) -> None:
    path = tmp_path / "stopped.csv"
    path.write_text("一级指标,二级指标,三级指标,指标值\n注：本表由某局填报,,,\n", encoding="utf-8")

    result = jixiao("import", "--json", path)

    assert result.exit_code == 1
    error = result.json()["error"]
    assert error["code"] == "input-error"
    assert error["location"] == {"file": "stopped.csv", "row": 1, "column": 1}
    assert error["message"] in result.stderr.replace("\n", "")


def test_the_no_table_message_names_only_the_columns_it_did_not_recognise(tmp_path: Path) -> None:
    path = tmp_path / "no-target.csv"
    path.write_text(
        "一级指标,二级指标,三级指标,完成情况\n产出指标,数量指标,培训人数,很好\n", encoding="utf-8"
    )

    result = jixiao("import", path)

    assert result.exit_code == 1
    said = result.stderr.replace("\n", "")
    assert "没有「指标值」列" in said and "「三级指标」「指标值」" not in said
    assert "认出了一级指标、二级指标、三级指标" in said


# ── kinds without a case file: prose, aligned columns, one cell a line, deadlines, funds block ──────

PROSE = (
    "2023年植树造林项目绩效目标公示\n\n"
    "产出指标：数量指标:种植数量(≥**株)>=17600株；成活率(≥**%)>=85；时效指标:完成及时率100%；"
    "效益指标：生态效益指标：新增绿地面积≥12公顷；满意度指标：群众满意度≥90%\n"
)


def test_targets_announced_in_prose_are_indicators_with_category_comparator_target_and_unit() -> None:
    (plan,) = plans_from_bytes(PROSE.encode(), "公示.txt")
    got = [(i.level1, i.level2, i.name, i.comparator, i.target, i.unit) for i in plan.indicators]
    assert got == [
        ("产出指标", "数量指标", "种植数量", GE, D(17600), "株"),
        ("产出指标", "数量指标", "成活率", GE, D(85), "%"),  # the unit from the placeholder (≥**%)
        ("产出指标", "时效指标", "完成及时率", EQ, D(100), "%"),
        ("效益指标", "生态效益指标", "新增绿地面积", GE, D(12), "公顷"),
        ("满意度指标", "", "群众满意度", GE, D(90), "%"),
    ]
    assert plan.title == "2023年植树造林项目绩效目标公示"
    assert [(f.code, f.indicator) for f in review_plans([plan]) if f.code == "template-placeholder"] == [
        ("template-placeholder", "种植数量"),
        ("template-placeholder", "成活率"),
    ]


SELF_EVAL = lb.Layout(
    [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "野生动物收容所", "≥200平方米", "204.46平方米", 10, 10],
        [None, "时效指标", "工程完工时间", "2023年12月", "2023年11月", 10, 10],
        [None, None, "资料归档时间", "2023.07-2023.12", "2024年1月", 10, 0],
        [None, None, "验收时间", "12月底前", "11月20日", 10, 10],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10],
    ],
    [(1, 0, 4, 0), (2, 1, 4, 1)],
)


def _web_text(layout: lb.Layout, between_cells: str, between_rows: str) -> str:
    """The table as a page's text: a merged cell's lost copies leave its rows short."""
    rows = []
    for row in layout.texts():
        cells = list(row)
        while cells and not cells[0]:
            cells.pop(0)
        rows.append(between_cells.join(cells))
    return between_rows.join(rows) + "\n"


def _aligned(layout: lb.Layout) -> str:
    """Space-aligned columns."""
    return _web_text(layout, "    ", "\n")


def _one_cell_a_line(layout: lb.Layout) -> str:
    """One cell a line, a blank line after each row."""
    return _web_text(layout, "\n", "\n\n")


@pytest.mark.parametrize("form", [_aligned, _one_cell_a_line])
def test_space_aligned_columns_and_one_cell_a_line_read_like_the_table(form: object) -> None:
    text = form(SELF_EVAL)  # type: ignore[operator]
    want = plans_from_bytes(lb.xlsx({"Sheet1": SELF_EVAL}), "table.xlsx")
    got = plans_from_bytes(text.encode(), "web.txt")
    assert [(i.level1, i.level2, i.name, i.target, i.actual, i.weight) for i in got[0].indicators] == [
        (i.level1, i.level2, i.name, i.target, i.actual, i.weight) for i in want[0].indicators
    ]


def test_deadlines_are_dates_and_an_actual_on_or_before_the_deadline_meets_it() -> None:
    from jixiao.core.rules.resolve import rule_of
    from jixiao.core.scoring import score_plan

    (plan,) = plans_from_bytes(lb.xlsx({"Sheet1": SELF_EVAL}), "deadlines.xlsx")
    due = {i.name: (i.comparator, i.target) for i in plan.indicators}
    assert due["工程完工时间"] == (QUAL, "2023年12月") and due["验收时间"] == (QUAL, "12月底前")

    scores = {s.indicator.name: s.score for s in score_plan(plan, rule_of).indicators}
    assert scores["工程完工时间"] == D(10)  # 2023年11月 is before 2023年12月
    assert scores["资料归档时间"] == D(0)  # 2024年1月 is after the range 2023.07-2023.12
    assert scores["验收时间"] == D(10)  # 11月20日 is before 12月底
    assert not [f for f in review_plans([plan]) if f.code == "stated-score-mismatch"]


def test_a_bare_100_percent_is_quoted_as_written_when_scored() -> None:
    from jixiao.core.rules.resolve import rule_of
    from jixiao.core.scoring import score_plan

    (plan,) = plans_from_bytes((CASES / "K04-header-nianchu-mubiaozhi.csv").read_bytes(), "K04.csv")
    plan.indicators[0].weight = D(10)
    plan.indicators[0].actual = D(90)
    (score,) = score_plan(plan, rule_of).indicators
    assert "100%" in score.explanation and "= 100%" not in score.explanation and "≥" not in score.explanation


BLOCK_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值(A)", "实际完成值(B)", "分值", "得分"]
FUNDS_AND_BLOCKS = lb.Layout(
    [
        ["2023年度项目支出绩效自评表"],
        ["项目名称", "水文监测", None, "主管部门", "某市水利局"],
        ["项目资金（万元）", "预算数(A)", "执行数(B)", "执行率(B/A)", "分值", "得分"],
        ["年度资金总额", 120, 114, "95%", 10, 9.5],
        ["年度绩效目标1(40分)", *BLOCK_HEADER],
        [None, "产出指标", "质量指标", "监测数据必须合格", "100%", "100%", 40, 40],
        ["年度绩效目标2(50分)", *BLOCK_HEADER],
        [None, "效益指标", "社会效益指标", "防汛决策支撑", "有效", "有效", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "用户满意度", "≥90%", "95%", 20, 20],
        ["总分", None, None, None, None, None, 100, 99.5],
    ],
    [(4, 0, 5, 0), (6, 0, 8, 0)],
)


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_a_self_evaluation_with_blocks_reads_its_funds_block_and_total(fmt: str) -> None:
    data = {"xlsx": lambda: lb.xlsx({"S": FUNDS_AND_BLOCKS}), "docx": lambda: lb.docx(FUNDS_AND_BLOCKS)}.get(
        fmt, lambda: lb.csv(FUNDS_AND_BLOCKS)
    )()
    (plan,) = plans_from_bytes(data, f"blocks.{fmt}")
    assert plan.title == "水文监测"
    assert plan.budget is not None
    assert (plan.budget.annual, plan.budget.executed, plan.budget.stated_score) == (D(120), D(114), D("9.5"))
    assert plan.stated_total == D("99.5")
    assert [(i.name, i.weight, i.stated_score) for i in plan.indicators] == [
        ("监测数据必须合格", D(40), D(40)),
        ("防汛决策支撑", D(30), D(30)),
        ("用户满意度", D(20), D(20)),
    ]


QUOTAS = lb.Layout(
    [
        ["一级指标", "权重", "二级指标", "分值", "三级指标", "计量单位", "目标值(标准)", "分值"],
        ["预算绩效", 20, "预算管理", 20, "预算执行进度(7月)", "%", "40%", 10],
        [None, None, None, None, "预算调整次数", "次", "0", 10],
        ["项目绩效", 80, "产出", 50, "新建堤防长度", "公里", "≥12", 50],
        [None, None, "效果", 20, "防洪标准达标率", "%", "100%", 30],
    ],
    [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 2, 3), (3, 0, 4, 0), (3, 1, 4, 1)],
)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_upper_weight_columns_are_category_quotas_checked_against_their_rows(fmt: str) -> None:
    data = lb.xlsx({"S": QUOTAS}) if fmt == "xlsx" else lb.csv(QUOTAS)
    (plan,) = plans_from_bytes(data, f"quotas.{fmt}")

    assert [i.weight for i in plan.indicators] == [D(10), D(10), D(50), D(30)]
    assert [(q.level1, q.level2, q.points) for q in plan.quotas] == [
        ("预算绩效", "", D(20)),
        ("预算绩效", "预算管理", D(20)),
        ("项目绩效", "", D(80)),
        ("项目绩效", "产出", D(50)),
        ("项目绩效", "效果", D(20)),
    ]
    quota = [f.message for f in review_plans([plan]) if f.code == "category-quota"]
    assert quota == [
        "二级指标「效果」的分值为20分，其下1个指标的分值合计为30分：请核对该类别的分值或其下各指标的分值，使两者一致。"
    ]


def test_a_direction_column_saying_yes_or_no_marks_a_qualitative_indicator_per_area() -> None:
    text = (
        "一级指标,二级指标,三级指标,指标解释,指标方向,甲镇,乙镇\n"
        "产出指标,数量指标,开展修复工程(个),反映项目开展情况,≥,1,2\n"
        "产出指标,质量指标,验收是否合格,反映工程质量,是/否,是,否\n"
    )
    plans = plans_from_bytes(text.encode(), "areas.csv")
    assert [p.title for p in plans] == ["甲镇", "乙镇"]
    assert [[(i.comparator, i.target) for i in p.indicators] for p in plans] == [
        [(GE, D(1)), (QUAL, "是")],
        [(GE, D(2)), (QUAL, "否")],
    ]


# Modelled on a county self-evaluation as a news site printed it (dyrmt.com, 2023; names and figures
# changed): pipe rows that lost their merged 一级/二级 cells, a "|" and a "| |||" line between rows, a
# 合计 row and the 评价结论 rows under the table, padded with empty cells.
WEB_PAGE = """某县2023年度项目支出绩效自评表
项目名称 | 铁路沿线环境整治 |
一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 实际完成值 | 得分 |
产出指标 | 数量指标 | 整治路段长度 | ≥ | 12 | 公里 | 12.5 | 10 |
|
| |||
时效指标 | 安全警示标志设置及时率 | = | 100 | % | 100 | 5 |
|
| |||
成本指标 | 安全隐患排查成本 | ≤ | 6 | 万元 | 6 | 5 |
|
| ||
清理垃圾成本 | ≤ | 4 | 万元 | 4.2 | 4 |
|
| |||
效益指标 | 社会效益指标 | 环境治理亮化美化率 | ≥ | 90 | % | 93 | 10 |
|
| |
安全隐患有效处置率 | ≥ | 90 | % | 91 | 10 |
|
| |||
满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥ | 95 | % | 96 | 10 |
|
| |
合计 | 54 |
|
| |||||||
评价结论 | 完成预算目标，总体评价良好。 | |||||||||
项目负责人: | 财务负责人: |
"""


def test_a_self_evaluation_as_a_news_page_prints_it_reads_field_by_field() -> None:
    (plan,) = plans_from_bytes(WEB_PAGE.encode(), "page.txt")
    assert plan.title == "铁路沿线环境整治"
    got = [
        (i.level1, i.level2, i.name, i.comparator, i.target, i.unit, i.actual, i.stated_score)
        for i in plan.indicators
    ]
    assert got == [
        ("产出指标", "数量指标", "整治路段长度", GE, D(12), "公里", D("12.5"), D(10)),
        ("产出指标", "时效指标", "安全警示标志设置及时率", EQ, D(100), "%", D(100), D(5)),
        ("产出指标", "成本指标", "安全隐患排查成本", LE, D(6), "万元", D(6), D(5)),
        ("产出指标", "成本指标", "清理垃圾成本", LE, D(4), "万元", D("4.2"), D(4)),
        ("效益指标", "社会效益指标", "环境治理亮化美化率", GE, D(90), "%", D(93), D(10)),
        ("效益指标", "社会效益指标", "安全隐患有效处置率", GE, D(90), "%", D(91), D(10)),
        ("满意度指标", "服务对象满意度指标", "群众满意度", GE, D(95), "%", D(96), D(10)),
    ]
    assert [i.source.describe() for i in plan.indicators[:2] if i.source] == [
        "page.txt 第4行 C列",
        "page.txt 第7行 C列",
    ]


def _cell_lines(rows: list[list[str]], row_break: str | None) -> str:
    """A table as a county site's page prints it: one cell a line ended by " |", a lone "|" for an
    empty cell, rows ended by a line of bars (``row_break``) or not ended at all (None)."""
    lines = []
    for row in rows:
        lines += [f"{cell} |" if cell else "|" for cell in row]
        if row_break:
            lines.append(row_break)
    return "\n".join(lines) + "\n"


# Modelled on realdocs/10 (青神) and 06 (鄂州): the same kind of table, names and figures changed.
CELL_ROWS = [
    ["部门预算项目支出绩效自评表(2023年度)"],
    ["项目名称"],
    ["工资性支出"],
    [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
        "未完成原因分析",
    ],
    ["产出指标", "数量指标", "发放覆盖率", "=", "100", "%", "100", "60", "60", ""],
    ["效益指标", "社会效益指标", "足额保障率", "≥", "95", "%", "98", "30", "30", ""],
    ["合计", "90", "", ""],
    ["评价结论", "完成年度目标。"],
]


@pytest.mark.parametrize("row_break", [None, "|||||||"])
def test_one_cell_a_line_ended_by_a_bar_reads_with_or_without_row_ends(row_break: str | None) -> None:
    (plan,) = plans_from_bytes(_cell_lines(CELL_ROWS, row_break).encode(), "cells.txt")
    got = [
        (i.level1, i.level2, i.name, i.comparator, i.target, i.unit, i.actual, i.weight)
        for i in plan.indicators
    ]
    assert got == [
        ("产出指标", "数量指标", "发放覆盖率", EQ, D(100), "%", D(100), D(60)),
        ("效益指标", "社会效益指标", "足额保障率", GE, D(95), "%", D(98), D(30)),
    ]
    assert plan.indicators[0].source is not None and plan.indicators[0].source.line is not None
