"""Tables a newcomer uploads, read as a user would check them: a published self-evaluation table
rebuilt as the files it was, and the workbook quirks Excel users leave in theirs.

1. 中江县水利局 2022年财政衔接资金实施项目 绩效目标自评表 (chacewang.com/newsdetail/news242266,
   published as an attachment of 中江县水利局): 分值 before 年度指标值, 产出指标(70分) labels, a
   年度总体目标 block whose labels are 年初设定目标 | 年度总体目标完成情况综述 over their texts, an
   empty 经济效益指标 row, actual values written like their targets (≥266米, 显著提升), a 总分 row and
   a 注 row under the table.
"""

from __future__ import annotations

from decimal import Decimal

import builders
import layout_builders as lb
import pytest
from openpyxl.workbook.workbook import Workbook

from jixiao.core.errors import InputError
from jixiao.core.model import Comparator
from jixiao.core.review import review_plans
from jixiao.core.rules.resolve import rule_of
from jixiao.core.scoring import score_plans
from jixiao.documents.convert import convert_with_libreoffice, soffice_path
from jixiao.documents.load import plans_from_bytes

D = Decimal
GE, LE, EQ, QUAL = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.QUALITATIVE

# ── 1. 中江县水利局 2022 自评表 ─────────────────────────────────────────────────────────────────

GOAL = "对农村地区供水计量设施设备进行改进,对项目区农业用水计量,为项目区农业生产夯实基础"
ACHIEVED = "对项目区农业用水计量,为项目区农业生产夯实基础"
ZHONGJIANG_ROWS: list[list[lb.CellValue]] = [
    ["绩效目标自评表(2022年度)", "", "", "", "", "", "", "", ""],
    ["项目名称", "中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装项目", *[""] * 7],
    ["主管部门", "中江县水利局", "", "", "实施单位", "中江县水利局", "", "", ""],
    ["资金情况(万元)", "", "", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分", ""],
    ["", "年度资金总额:", "", 20, 20, 10, "100.00%", 10, ""],
    ["", "其中:本年财政拨款", "", 20, 20, "", "", "", ""],
    ["", "其他资金", "", "", "", "", "", "", ""],
    ["年度总体目标", "年初设定目标", "", "", "", "年度总体目标完成情况综述", "", "", ""],
    ["", GOAL, "", "", "", ACHIEVED, "", "", ""],
    [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "年度指标值",
        "全年实际值",
        "得分",
        "未完成原因及拟采取的改进措施",
    ],
    ["", "产出指标(70分)", "数量指标", "安装坡面水标尺", 10, "≥266米", "≥266米", 10, ""],
    ["", "", "", "水标尺宽度", 10, "≥50厘米", "≥50厘米", 10, ""],
    ["", "", "质量指标", "项目(工程)验收合格率", 20, "100%", "100%", 20, ""],
    ["", "", "时效指标", "及时(按期)开工率", 10, "≥90%", "≥90%", 10, ""],
    ["", "", "", "及时(按期)完工率", 10, "≥90%", "≥90%", 10, ""],
    ["", "", "成本指标", "项目计划总投资", 10, "20万元", "20万元", 10, ""],
    ["", "效益指标(20分)", "经济效益指标", "", "", "", "", "", ""],
    ["", "", "社会效益指标", "受益脱贫(含监测对象)户人口数", 10, "≥1000人", "≥1000人", 10, ""],
    ["", "", "", "群众生产生活条件改善状况", 10, "显著提升", "显著提升", 10, ""],
    [
        "",
        "满意度指标(10分)",
        "服务对象满意度指标",
        "受益脱贫(含监测对象)户满意度",
        10,
        "≥95%",
        "≥95%",
        10,
        "",
    ],
    ["总分", "", "", "", 100, "", "", 100, ""],
    [
        "注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分。",
        *[""] * 8,
    ],
]
ZHONGJIANG = lb.Layout(
    ZHONGJIANG_ROWS,
    merges=[
        (0, 0, 0, 8),
        (1, 1, 1, 8),
        (2, 1, 2, 3),
        (2, 5, 2, 8),
        (3, 0, 6, 2),
        (7, 0, 8, 0),
        (7, 1, 7, 4),
        (7, 5, 7, 8),
        (8, 1, 8, 4),
        (8, 5, 8, 8),
        (9, 0, 19, 0),
        (10, 1, 15, 1),
        (16, 1, 18, 1),
        (10, 2, 11, 2),
        (13, 2, 14, 2),
        (17, 2, 18, 2),
        (21, 0, 21, 8),
    ],
)
ZHONGJIANG_FILES = {
    "中江县水利局自评表.xlsx": lambda: lb.xlsx({"自评表": ZHONGJIANG}),
    "中江县水利局自评表.docx": lambda: lb.docx(ZHONGJIANG),
    "中江县水利局自评表.pdf": lambda: lb.pdf(
        [lb.PdfPage([], ZHONGJIANG, [18.0] * len(ZHONGJIANG_ROWS))],
        [40, 60, 60, 110, 30, 50, 50, 30, 80],
        size=5,
    ),
}


@pytest.mark.parametrize("name", ZHONGJIANG_FILES)
def test_it_reads_the_zhongjiang_self_evaluation_with_its_goal_block(name: str) -> None:
    (plan,) = plans_from_bytes(ZHONGJIANG_FILES[name](), name)

    assert (plan.goal, plan.achieved) == (GOAL, ACHIEVED)
    assert plan.stated_total == D(100)
    rows = [(i.level1, i.name, i.comparator, i.target, i.unit, i.weight, i.actual) for i in plan.indicators]
    assert rows[0] == ("产出指标", "安装坡面水标尺", GE, D(266), "米", D(10), D(266))
    assert rows[5] == ("产出指标", "项目计划总投资", LE, D(20), "万元", D(10), D(20))
    assert rows[7] == ("效益指标", "群众生产生活条件改善状况", QUAL, "显著提升", "", D(10), "显著提升")
    assert [(p.level1, p.level2) for p in plan.placeholders] == [("效益指标", "经济效益指标")]


def test_a_qualitative_actual_that_restates_its_target_is_scored_as_achieved() -> None:
    """The published table gives 10 of 10 to 群众生产生活条件改善状况, target 显著提升, actual 显著提升:
    an actual written as the target was reached is the target met, not a text jixiao cannot judge."""
    (plan,) = plans_from_bytes(ZHONGJIANG_FILES["中江县水利局自评表.xlsx"](), "中江.xlsx")
    (scored,) = score_plans([plan], rule_of)

    restated = next(s for s in scored.indicators if s.indicator.name == "群众生产生活条件改善状况")
    assert restated.score == D(10), restated.explanation
    assert restated.completion == D(1)


# ── formulas whose value the file does not hold ────────────────────────────────────────────────


def _target_table(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.title = "目标表"
    for row in builders.TARGET_ROWS:
        sheet.append(row)


def test_it_refuses_a_target_given_by_a_formula_the_file_holds_no_value_for() -> None:
    """openpyxl (like many systems' exports) writes formulas without the value Excel would cache:
    the target must not silently become a 定性 row with no target and no weight."""

    def fill(workbook: Workbook) -> None:
        _target_table(workbook)
        workbook.active["E2"] = "=30+10"

    with pytest.raises(InputError) as caught:
        plans_from_bytes(builders.xlsx(fill), "程序导出.xlsx")

    message = str(caught.value)
    assert "程序导出.xlsx" in message and "目标表" in message and "E2" in message
    assert "公式" in message and "保存" in message


def test_it_refuses_a_total_given_by_a_formula_without_its_value() -> None:
    def fill(workbook: Workbook) -> None:
        _target_table(workbook)
        sheet = workbook.active
        sheet["I1"] = "得分"
        sheet.append(["总分", None, None, None, None, None, None, None, "=SUM(I2:I5)"])

    with pytest.raises(InputError, match="I6"):
        plans_from_bytes(builders.xlsx(fill), "总分.xlsx")


def test_a_formula_outside_the_table_without_its_value_does_not_stop_the_reading() -> None:
    def fill(workbook: Workbook) -> None:
        _target_table(workbook)
        workbook.active["K20"] = "=1+1"  # a scratch cell far from the table

    (plan,) = plans_from_bytes(builders.xlsx(fill), "草稿格.xlsx")
    assert [i.target for i in plan.indicators] == [D(40), D(15), D(1), D(1950)]


def test_it_refuses_a_funds_amount_given_by_a_formula_without_its_value() -> None:
    """The 中江 table's funds block with its 全年执行数 summed by a formula a program wrote."""

    def fill(workbook: Workbook) -> None:
        sheet = workbook.active
        sheet.title = "自评表"
        for row in ZHONGJIANG_ROWS:
            sheet.append([value if value != "" else None for value in row])
        sheet["E5"] = "=E6+E7"

    with pytest.raises(InputError) as caught:
        plans_from_bytes(builders.xlsx(fill), "资金.xlsx")

    assert caught.value.location is not None
    assert (caught.value.location.sheet, caught.value.location.cell) == ("自评表", "E5")


# ── hidden sheets ──────────────────────────────────────────────────────────────────────────────


def _draft_and_final(workbook: Workbook) -> None:
    """A hidden 草稿 sheet with last draft's figures before the visible table, as a unit hands it in."""
    _target_table(workbook)
    draft = workbook.active
    draft.title = "草稿"
    draft["E2"] = 4
    draft.sheet_state = "hidden"
    final = workbook.create_sheet("正式")
    for row in builders.TARGET_ROWS:
        final.append(row)


def test_it_reads_the_visible_table_and_not_a_hidden_draft_sheet() -> None:
    (plan,) = plans_from_bytes(builders.xlsx(_draft_and_final), "隐藏草稿.xlsx")

    assert [i.target for i in plan.indicators] == [D(40), D(15), D(1), D(1950)]
    assert {i.source.sheet for i in plan.indicators if i.source is not None} == {"正式"}


def test_it_reads_a_hidden_sheet_when_no_visible_sheet_holds_anything() -> None:
    def fill(workbook: Workbook) -> None:
        _target_table(workbook)
        workbook.active.sheet_state = "hidden"
        workbook.create_sheet("封面")

    (plan,) = plans_from_bytes(builders.xlsx(fill), "只有隐藏表.xlsx")
    assert [i.target for i in plan.indicators] == [D(40), D(15), D(1), D(1950)]


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_it_leaves_a_hidden_draft_sheet_of_an_xls_aside_too() -> None:
    xls = convert_with_libreoffice(builders.xlsx(_draft_and_final), "隐藏草稿.xlsx", "xls")

    (plan,) = plans_from_bytes(xls, "隐藏草稿.xls")
    assert [i.target for i in plan.indicators] == [D(40), D(15), D(1), D(1950)]


# ── number formats: what Excel shows is what is read ───────────────────────────────────────────


def _formatted_targets(workbook: Workbook) -> None:
    """Targets typed as numbers and shown with their comparator and unit by a custom number format,
    as units make their tables look typed: 500 shown ≥500人次, 0.95 shown ≥95%, 100 shown ≤100万元."""
    sheet = workbook.active
    sheet.title = "目标表"
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值", "全年实际值", "分值"])
    sheet.append(["产出指标", "数量指标", "培训人数", 500, 520, 10])
    sheet.append([None, "质量指标", "培训合格率", 0.95, 0.9812, 10])
    sheet.append([None, "成本指标", "培训成本", 100, 98.5, 10])
    sheet.append([None, "质量指标", "差错率", 0.02, 0, 10])
    formats = {"D2": '"≥"0"人次"', "D3": '"≥"0%', "D4": '"≤"0"万元"', "D5": "\\≤0.0%", "E3": "0.00%"}
    for ref, code in formats.items():
        sheet[ref].number_format = code
    sheet["E2"].number_format = '0"人次"'
    sheet["E4"].number_format = '[Blue]#,##0.0"万元";[Red]-#,##0.0"万元"'
    sheet["E5"].number_format = "0.0%"


FORMATTED = [
    ("培训人数", GE, D(500), "人次", D(520)),
    ("培训合格率", GE, D(95), "%", D("98.12")),
    ("培训成本", LE, D(100), "万元", D("98.5")),
    ("差错率", LE, D(2), "%", D(0)),
]


def test_it_reads_a_number_as_its_format_shows_it() -> None:
    (plan,) = plans_from_bytes(builders.xlsx(_formatted_targets), "数字格式.xlsx")

    assert [(i.name, i.comparator, i.target, i.unit, i.actual) for i in plan.indicators] == FORMATTED


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_it_reads_an_xls_percent_and_formatted_cells_as_excel_shows_them() -> None:
    """An .xls (Excel 97-2003, WPS's default in many offices): its 95% cell was read as 0.95."""
    xls = convert_with_libreoffice(builders.xlsx(_formatted_targets), "数字格式.xlsx", "xls")

    (plan,) = plans_from_bytes(xls, "数字格式.xls")
    assert [(i.name, i.comparator, i.target, i.unit, i.actual) for i in plan.indicators] == FORMATTED


# ── a 预算执行率 row inside the indicator table ─────────────────────────────────────────────────

BUDGET_ROW_TABLE = lb.Layout(
    [
        ["项目支出绩效自评表", "", "", "", "", "", "", ""],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值（A）",
            "全年实际值（B）",
            "分值",
            "自评得分",
            "偏差原因分析及改进措施",
        ],
        ["产出指标（50分）", "数量指标", "建设公里数", "＞＝10公里", "12公里", 25, 25, ""],
        ["", "时效指标", "按期完工率", "100％", "100％", 25, 25, ""],
        ["效益指标（30分）", "社会效益指标", "通行条件", "明显改善", "明显改善", 30, 30, ""],
        ["满意度指标（10分）", "服务对象满意度指标", "群众满意度", "≧90％", "95％", 10, 10, ""],
        ["预算执行率（10分）", "", "", "100%", "98%", 10, 9.8, ""],
        ["总分", "", "", "", "", 100, 99.8, ""],
    ],
    merges=[(0, 0, 0, 7), (2, 0, 3, 0)],
)


@pytest.mark.parametrize("name", ["执行率在表内.xlsx", "执行率在表内.docx"])
def test_a_budget_execution_row_in_the_indicator_table_is_the_plans_budget_score(name: str) -> None:
    """Local 自评表 templates put 预算执行率 (10分) as a row of the indicator table, with no 三级指标:
    it was read as an indicator without a name, and the review then found 100 points of indicators
    where a project has 90 (预算执行率另占10分)."""
    data = lb.xlsx({"自评表": BUDGET_ROW_TABLE}) if name.endswith("xlsx") else lb.docx(BUDGET_ROW_TABLE)
    (plan,) = plans_from_bytes(data, name)

    assert [i.name for i in plan.indicators] == ["建设公里数", "按期完工率", "通行条件", "群众满意度"]
    assert plan.budget is not None and plan.budget.stated_score == D("9.8")
    assert plan.info["预算执行率"] == "98%"
    codes = {finding.code for finding in review_plans([plan])}
    assert "weight-sum" not in codes and "stated-total-mismatch" not in codes


# ── 指标内容 naming the indicators (湖南 2021 项目绩效目标表) ─────────────────────────────────────


def _content_block(label: str, rows: list[tuple[str, str, str, str]]) -> list[list[lb.CellValue]]:
    return [[label, "一级指标", "二级指标", "指标内容", "指标值", "备注"]] + [
        ["", level1, level2, name, value, ""] for level1, level2, name, value in rows
    ]


ANNUAL_CONTENT = [
    ("产出指标", "数量指标", "集镇立面改造户数", "≥120户"),
    ("", "质量指标", "工程验收合格率", "100%"),
    ("", "时效指标", "完工时间", "2021年12月底前"),
    ("", "成本指标", "项目总成本", "≤10606.75万元"),
    ("效益指标", "社会效益指标", "群众居住环境", "明显改善"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
]


def test_the_indicator_content_column_names_the_indicators_when_the_header_has_no_third_level() -> None:
    """宁乡市坝塘镇 项目绩效目标表(2021年度) (renrendoc.com/paper/307484460, a Word file): its
    indicator table is 一级指标 | 二级指标 | 指标内容 | 指标值 | 备注, the template of 湖南's counties
    (and 佳县's, docx.baby/p/20793843881926); the published copy left the template's rows nearly empty,
    so the indicators here are illustrative. 指标内容 was read as an explanation, the 二级 categories
    as the indicators' names and the 一级 ones as their 二级."""
    rows = _content_block("年度绩效指标", ANNUAL_CONTENT)
    table = lb.Layout(rows, merges=[(0, 0, len(rows) - 1, 0), (1, 1, 4, 1)])
    (plan,) = plans_from_bytes(lb.docx("项目绩效目标表(2021年度)", table), "坝塘镇.docx")

    assert [(i.level1, i.level2, i.name, i.target) for i in plan.indicators] == [
        ("产出指标", "数量指标", "集镇立面改造户数", D(120)),
        ("产出指标", "质量指标", "工程验收合格率", D(100)),
        ("产出指标", "时效指标", "完工时间", "2021年12月底前"),
        ("产出指标", "成本指标", "项目总成本", D("10606.75")),
        ("效益指标", "社会效益指标", "群众居住环境", "明显改善"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", D(90)),
    ]


def test_an_indicator_content_column_beside_a_third_level_stays_an_explanation() -> None:
    table = lb.Layout(
        [
            ["一级指标", "二级指标", "三级指标", "指标内容", "指标值"],
            ["产出指标", "数量指标", "改造户数", "集镇沿街立面改造", "≥120户"],
        ]
    )
    (plan,) = plans_from_bytes(lb.xlsx({"表": table}), "三级.xlsx")
    assert [(i.name, i.explanation) for i in plan.indicators] == [("改造户数", "集镇沿街立面改造")]


LONG_TERM_CONTENT = [
    ("产出指标", "数量指标", "集镇立面改造户数", "≥500户"),
    ("", "质量指标", "工程验收合格率", "100%"),
    ("效益指标", "社会效益指标", "群众居住环境", "根本改善"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"),
]


def test_a_long_term_block_stacked_above_the_annual_one_is_information_not_indicators() -> None:
    """The 坝塘镇 table puts a 长期绩效指标 block above the 年度绩效指标 one, each labelled in a cell
    merged down column A: the 年度 block is the year's indicators (as with paired 长期/年度 columns),
    the 长期 one information on the plan. Both were read as this year's indicators."""
    long_term = _content_block("长期绩效指标", LONG_TERM_CONTENT)
    annual = _content_block("年度绩效指标", ANNUAL_CONTENT)
    top = len(long_term)
    table = lb.Layout(
        long_term + annual,
        merges=[
            (0, 0, top - 1, 0),
            (1, 1, 2, 1),
            (top, 0, top + len(annual) - 1, 0),
            (top + 1, 1, top + 4, 1),
        ],
    )
    (plan,) = plans_from_bytes(lb.docx("项目绩效目标表(2021年度)", table), "坝塘镇.docx")

    assert [i.name for i in plan.indicators] == [name for _, _, name, _ in ANNUAL_CONTENT]
    assert (
        plan.info["长期绩效指标"]
        == "集镇立面改造户数：≥500户；工程验收合格率：100%；群众居住环境：根本改善；群众满意度：≥95%"
    )


def test_the_annual_goal_under_a_project_goal_caption_is_the_goal_and_the_long_term_one_information() -> None:
    """The 坝塘镇 table's goals, as published: 项目绩效目标 (merged down) | 长期目标 | 年度目标 over
    their texts. Neither was read: the goal was empty."""
    long_goal = "改善镇域内基础设施,振兴乡村经济"
    annual_goal = "全面完成集镇立面改造、机关、学校、乡村振兴等项目,搞好提质改造"
    rows: list[list[lb.CellValue]] = [
        ["项目名称", "镇域内基础设施建设", "", "", "", ""],
        ["项目绩效目标", "长期目标", "", "年度目标", "", ""],
        ["", long_goal, "", annual_goal, "", ""],
        *_content_block("年度绩效指标", ANNUAL_CONTENT),
    ]
    merges = [(0, 1, 0, 5), (1, 0, 2, 0), (1, 1, 1, 2), (1, 3, 1, 5), (2, 1, 2, 2), (2, 3, 2, 5)]
    table = lb.Layout(rows, merges=[*merges, (3, 0, len(rows) - 1, 0)])
    (plan,) = plans_from_bytes(lb.docx("项目绩效目标表(2021年度)", table), "坝塘镇.docx")

    assert (plan.title, plan.goal, plan.info["长期目标"]) == ("镇域内基础设施建设", annual_goal, long_goal)
    assert len(plan.indicators) == len(ANNUAL_CONTENT)


def test_a_formula_whose_stored_value_is_empty_text_is_read_as_empty() -> None:
    """Excel stores =IF(…,"",…) giving "" as a text result with an empty value: it was computed."""

    def fill(workbook: Workbook) -> None:
        _target_table(workbook)
        workbook.active["H3"] = '=IF(E3>100,"",6)'

    data = builders.xlsx(fill)
    sheet = builders.member(data, "xl/worksheets/sheet1.xml")
    saved = sheet.replace(b'<c r="H3"><f>', b'<c r="H3" t="str"><f>')
    assert saved != sheet
    (plan,) = plans_from_bytes(
        builders.rezip(data, replace={"xl/worksheets/sheet1.xml": saved}), "空文本.xlsx"
    )
    assert [i.weight for i in plan.indicators] == [D(6), None, D("0.5"), D("0.1")]
