"""Self-evaluation tables (自评表) in the layouts real counties publish, read from real files.

Each layout is modelled on a table in ../shared/realdocs/ (named in its test); the expectations are
written by hand, every field of every indicator, with the cell each indicator was read from.
"""

from __future__ import annotations

from decimal import Decimal

import layout_builders as lb
from layout_builders import EQ, GE, LE, QUAL, cell, check_indicators, ind

from jixiao.core.errors import Location
from jixiao.core.model import Budget, Indicator, Plan, PlanKind
from jixiao.documents.load import plans_from_bytes

D = Decimal


# ── 1. the 10号 project self-evaluation table (03-lijiang) ─────────────────────────────────────────

LIJIANG_GOAL = "完成2020年度卫片执法图斑核查整改，全年违法行为责停率达到95%以上。"
LIJIANG_ACHIEVED = "完成全部图斑核查，违法行为责停率95%，个别图斑整改滞后。"
LIJIANG_REASON = "个别图斑整改滞后；加强督办"


def lijiang() -> lb.Layout:
    """The 10号 table (财预〔2020〕10号 附件) as Lijiang's 古城区 fills it: title, 项目名称, 主管部门 |
    实施单位, the funds block (项目资金 merged down its five rows), 年度总体目标 over 预期目标 |
    实际完成情况, a caption column 绩效指标 merged down the table, a two-row header (年度指标值 over
    指标性质 | 指标值 | 度量单位), 一级 merged over its rows, and the 总分 row. Eleven columns A–K."""
    rows: list[list[lb.CellValue]] = [
        ["2020年度项目支出绩效自评表"],
        ["项目名称", None, "2020年省级自然资源卫片执法补助经费"],
        ["主管部门", None, "丽江市自然资源和规划局", None, None, "实施单位", None, "丽江市古城区自然资源局"],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 7.29, 7.29, 7.29, 10, 1, 10],
        [None, "其中：当年财政拨款", 7.29, 7.29, 7.29, "—", 1, "—"],
        [None, "上年结转资金", None, None, None, "—", None, "—"],
        [None, "其他资金", None, None, None, "—", None, "—"],
        ["年度总体目标", "预期目标", None, None, None, "实际完成情况"],
        [None, LIJIANG_GOAL, None, None, None, LIJIANG_ACHIEVED],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", None, None, "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        [None, None, None, None, "指标性质", "指标值", "度量单位"],
        [None, "产出指标", "数量指标", "卫片执法补助经费", "﹦", 72890, "元", 72890, 10, 9],
        [None, None, "质量指标", "项目验收合格率", "﹦", 100, "%", 100, 20, 19],
        [None, None, "时效指标", "项目完成及时率", "﹦", 100, "%", 98, 20, 19, LIJIANG_REASON],
        [None, "效益指标", "社会效益指标", "违法行为责停率", "≥", 95, "%", 95, 30, 27],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥", 95, "%", 96, 10, 10],
        ["总分", None, None, None, None, None, None, None, 100, 94],
    ]  # fmt: skip
    merges: list[lb.Merge] = [
        (0, 0, 0, 10),
        (1, 0, 1, 1), (1, 2, 1, 10),
        (2, 0, 2, 1), (2, 2, 2, 4), (2, 5, 2, 6), (2, 7, 2, 10),
        (3, 0, 7, 0), (3, 8, 3, 10), (4, 8, 4, 10),
        (8, 0, 9, 0), (8, 1, 8, 4), (8, 5, 8, 10), (9, 1, 9, 4), (9, 5, 9, 10),
        (10, 0, 16, 0), (10, 1, 11, 1), (10, 2, 11, 2), (10, 3, 11, 3), (10, 4, 10, 6),
        (10, 7, 11, 7), (10, 8, 11, 8), (10, 9, 11, 9), (10, 10, 11, 10),
        (12, 1, 14, 1),
        (17, 0, 17, 7),
    ]  # fmt: skip
    return lb.Layout(rows, merges)


def lijiang_expected(source: dict[str, Location]) -> list[Indicator]:
    out, level1 = "产出指标", "效益指标"
    return [
        ind(out, "数量指标", "卫片执法补助经费", EQ, D(72890), "72890", "元", weight=D(10), actual=D(72890),
            score=D(9), source=source["D13"]),
        ind(out, "质量指标", "项目验收合格率", EQ, D(100), "100", "%", weight=D(20), actual=D(100),
            score=D(19), source=source["D14"]),
        ind(out, "时效指标", "项目完成及时率", EQ, D(100), "100", "%", weight=D(20), actual=D(98),
            score=D(19), reason=LIJIANG_REASON, source=source["D15"]),
        ind(level1, "社会效益指标", "违法行为责停率", GE, D(95), "95", "%", weight=D(30), actual=D(95),
            score=D(27), source=source["D16"]),
        ind("满意度指标", "服务对象满意度指标", "满意度", GE, D(95), "95", "%", weight=D(10), actual=D(96),
            score=D(10), source=source["D17"]),
    ]  # fmt: skip


def check_lijiang_plan(plan: Plan) -> None:
    assert plan.kind is PlanKind.PROJECT
    assert plan.title == "2020年省级自然资源卫片执法补助经费"
    assert plan.unit == "丽江市古城区自然资源局"
    assert plan.info == {
        "项目名称": "2020年省级自然资源卫片执法补助经费",
        "主管部门": "丽江市自然资源和规划局",
        "实施单位": "丽江市古城区自然资源局",
    }
    assert (plan.goal, plan.achieved, plan.duties) == (LIJIANG_GOAL, LIJIANG_ACHIEVED, "")
    assert plan.budget == Budget(annual=D("7.29"), executed=D("7.29"), initial=D("7.29"), stated_score=D(10))
    assert plan.stated_total == D(94)
    assert plan.placeholders == []


def test_it_reads_every_field_of_the_10hao_self_evaluation_in_xlsx_with_merged_cells() -> None:
    data = lb.xlsx({"自评表": lijiang()}, percent=["G5", "G6"])
    (plan,) = plans_from_bytes(data, "lijiang.xlsx")
    check_lijiang_plan(plan)
    sources = {f"D{r}": cell("lijiang.xlsx", "自评表", f"D{r}") for r in range(13, 18)}
    check_indicators(plan, lijiang_expected(sources))
    assert plan.source == cell("lijiang.xlsx", "自评表", "A1")


def test_it_reads_every_field_of_the_10hao_self_evaluation_in_docx_with_vertical_merges() -> None:
    data = lb.docx("附件", lijiang())
    (plan,) = plans_from_bytes(data, "lijiang.docx")
    check_lijiang_plan(plan)
    sources = {f"D{r}": Location(file="lijiang.docx", sheet="表1", row=r, column=4) for r in range(13, 18)}
    check_indicators(plan, lijiang_expected(sources))


def test_it_reads_the_10hao_table_as_extracted_text_with_labels_in_the_middle_of_merges() -> None:
    text = lb.extracted_text(lijiang(), middle=True)
    (plan,) = plans_from_bytes(text.encode(), "lijiang.txt")
    check_lijiang_plan(plan)
    assert [(i.level1, i.level2, i.name) for i in plan.indicators] == [
        ("产出指标", "数量指标", "卫片执法补助经费"),
        ("产出指标", "质量指标", "项目验收合格率"),
        ("产出指标", "时效指标", "项目完成及时率"),
        ("效益指标", "社会效益指标", "违法行为责停率"),
        ("满意度指标", "服务对象满意度指标", "满意度"),
    ]


# ── 2. a Sichuan table (10-qingshen): 指标性质, 完成值, 权重, 未完成原因分析, 预算执行情况 ─────────────

QINGSHEN_GOAL = (
    "严格执行相关政策，保障工资及时、足额发放或社保及时、足额缴纳，预算编制科学合理，减少结余资金。"
)
QINGSHEN_ACHIEVED = "工资及社保按月足额发放、缴纳，仅3月因系统升级延迟两日。"
QINGSHEN_DELAY = "3月社保系统升级，发放延迟两日"


def qingshen() -> lb.Layout:
    """四川 部门预算项目支出绩效自评表: 报表编号 line, 实施单位（盖章）, 项目年度目标 over its text,
    预算执行情况（10分） with 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因,
    a caption column 绩效指标（90分）, 指标性质 "定量" with the comparator inside the value, 合计,
    then 评价结论 and signatures under the table. Eleven columns A–K."""
    rows: list[list[lb.CellValue]] = [
        ["报表编号：510000_0013zp"],
        ["部门预算项目支出绩效自评表（2023年度）"],
        ["项目名称", None, "51000021R000000019951-工资性支出"],
        ["主管部门", None, "青神县发展和改革局本级", None, None, "实施单位（盖章）", None, "青神县发展和改革局"],
        ["项目年度目标", None, None, None, None, "年度目标完成情况"],
        [QINGSHEN_GOAL, None, None, None, None, QINGSHEN_ACHIEVED],
        ["预算执行情况（10分）", "年度预算数（万元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重",
         "得分", "原因"],
        [None, "总额", 238.93, 251.89, 251.89, "100.00%", 10, 10, "1.预算执行率=预算执行数/调整后预算数"],
        [None, "其中：财政资金", 238.93, 251.89, 251.89, "100.00%", "/", "/"],
        [None, "财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"],
        [None, "单位资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"],
        [None, "其他资金", None, None, None, None, "/", "/"],
        ["绩效指标（90分）", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重",
         "得分", "未完成原因分析"],
        [None, "产出指标", "数量指标", "发放（缴纳）覆盖率", "=", 100, "%", 100, 30, 30],
        [None, None, "时效指标", "工资发放及时率", "≥", 95, "%", 90, 30, 27, QINGSHEN_DELAY],
        [None, "效益指标", "社会效益指标", "足额保障率（参保率）", "=", 100, "%", 100, 20, 20],
        [None, "满意度指标", "服务对象满意度指标", "职工满意度", "定量", "≥90%", None, "92%", 10, 10],
        ["合计", None, None, None, None, None, None, None, 100, 97],
        ["评价结论", None, "项目自评总分97分，工资及社保按时足额保障。"],
        ["存在问题", None, "个别月份发放延迟。"],
        ["项目负责人：", None, None, None, None, "财务负责人："],
    ]  # fmt: skip
    merges: list[lb.Merge] = [
        (0, 0, 0, 10), (1, 0, 1, 10), (2, 0, 2, 1), (2, 2, 2, 10),
        (3, 0, 3, 1), (3, 2, 3, 4), (3, 5, 3, 6), (3, 7, 3, 10),
        (4, 0, 4, 4), (4, 5, 4, 10), (5, 0, 5, 4), (5, 5, 5, 10),
        (6, 0, 11, 0), (6, 8, 6, 10), (7, 8, 7, 10),
        (12, 0, 16, 0), (13, 1, 14, 1),
        (17, 0, 17, 7), (18, 0, 18, 1), (18, 2, 18, 10), (19, 0, 19, 1), (19, 2, 19, 10),
    ]  # fmt: skip
    return lb.Layout(rows, merges)


def test_it_reads_every_field_of_a_sichuan_self_evaluation_in_xls() -> None:
    data = lb.xls({"自评表": qingshen()})
    (plan,) = plans_from_bytes(data, "qingshen.xls")
    assert plan.kind is PlanKind.PROJECT
    assert plan.title == "51000021R000000019951-工资性支出"
    assert plan.unit == "青神县发展和改革局"
    assert plan.info == {
        "报表编号": "510000_0013zp",
        "项目名称": "51000021R000000019951-工资性支出",
        "主管部门": "青神县发展和改革局本级",
        "实施单位": "青神县发展和改革局",
    }
    assert (plan.goal, plan.achieved) == (QINGSHEN_GOAL, QINGSHEN_ACHIEVED)
    assert plan.budget == Budget(
        annual=D("251.89"), executed=D("251.89"), initial=D("238.93"), stated_score=D(10)
    )
    assert plan.stated_total == D(97)
    assert plan.placeholders == []
    at = {r: cell("qingshen.xls", "自评表", f"D{r}") for r in range(14, 18)}
    check_indicators(
        plan,
        [
            ind("产出指标", "数量指标", "发放（缴纳）覆盖率", EQ, D(100), "100", "%", weight=D(30),
                actual=D(100), score=D(30), source=at[14]),
            ind("产出指标", "时效指标", "工资发放及时率", GE, D(95), "95", "%", weight=D(30), actual=D(90),
                score=D(27), reason=QINGSHEN_DELAY, source=at[15]),
            ind("效益指标", "社会效益指标", "足额保障率（参保率）", EQ, D(100), "100", "%", weight=D(20),
                actual=D(100), score=D(20), source=at[16]),
            ind("满意度指标", "服务对象满意度指标", "职工满意度", GE, D(90), "≥90%", "%", weight=D(10),
                actual=D(92), score=D(10), source=at[17]),
        ],
    )  # fmt: skip


# ── 3. value and unit in one column, subtotals in 一级 labels (04-guichi), a PDF over two pages ───

GUICHI_HEADER: list[lb.CellValue] = [
    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因\n分析及改\n进措施",
]  # fmt: skip
GUICHI_WIDTHS = [70, 60, 125, 80, 55, 30, 30, 85]
GUICHI_SLOW = "制度落实\n仍需时间"


def guichi_pdf() -> bytes:
    """安徽 池州 贵池区 委托业务项目 self-evaluation as a Word export prints it: the title and
    label：value lines above a ruled table; the target and its unit in one cell ("≥50个",
    "≥100百分比", "≤90万元") or a phrase; 一级 labels with subtotals ("产出指标(50分)") merged down
    their rows; a page number at the foot of page 1 and the header repeated at the top of page 2."""
    page1 = lb.Layout(
        [
            GUICHI_HEADER,
            ["产出指标(50分)", "数量指标", "基建工程委托业务项目数量", "≥50个", "50", "8", "8"],
            [None, "质量指标", "委托业务报告合格率", "≥100百分比", "100", "8", "8"],
            [None, None, "经费支出合规性", "严格执行相关\n制度规定", "达成预期指标", "8", "8"],
            [None, "时效指标", "提交报告及时性", "在项目计划完成\n时间内完成", "达成预期指标", "8", "8"],
            [None, "成本指标", "项目总成本", "≤90万元", "89.97", "8", "8"],
            [None, None, "单项业务成本", "符合相关规定", "达成预期指标", "10", "10"],
        ],
        [(1, 0, 6, 0), (2, 1, 3, 1), (5, 1, 6, 1)],
    )
    page2 = lb.Layout(
        [
            GUICHI_HEADER,
            ["效益指标(30分)", "社会效益指标", "对维护基建市场公平的\n影响程度", "效果明显", "达成预期指标", "10", "10"],
            [None, "生态效益指标", "对控制基建项目成本\n影响程度", "效果明显", "达成预期指标", "10", "10"],
            [None, "可持续影响指标", "对推动基建项目“四项\n制度”健全和落实的持\n续性影响", "效果明显", "基本达成",
             "10", "8", GUICHI_SLOW],
            ["满意度指标(10分)", "满意度指标", "公众满意度", "≥90%", "95%", "10", "10"],
            ["总分", None, None, None, None, "90", "88"],
        ],
        # The 总分 label merged across five columns on the same page as a merged 一级 cell: a
        # covered position must still take the text of the cell above it, not of its neighbour.
        [(1, 0, 3, 0), (5, 0, 5, 4)],
    )  # fmt: skip
    return lb.pdf(
        [
            lb.PdfPage(
                ["项目支出绩效自评表", "（2022年度）", "项目名称：委托业务项目", "主管部门：池州市贵池区棠溪镇人民政府",
                 "实施单位：池州市贵池区棠溪镇人民政府"],
                page1, [36] + [24] * 6, ["- 1 -"],
            ),
            lb.PdfPage([], page2, [36, 24, 24, 36, 24, 24], ["填表人：王五"]),
        ],
        GUICHI_WIDTHS,
    )  # fmt: skip


def test_it_reads_value_and_unit_in_one_cell_and_subtotals_from_a_pdf_over_two_pages() -> None:
    (plan,) = plans_from_bytes(guichi_pdf(), "guichi.pdf")
    assert plan.kind is PlanKind.PROJECT
    assert plan.title == "委托业务项目"
    assert plan.unit == "池州市贵池区棠溪镇人民政府"
    assert plan.info == {
        "项目名称": "委托业务项目",
        "主管部门": "池州市贵池区棠溪镇人民政府",
        "实施单位": "池州市贵池区棠溪镇人民政府",
    }
    assert (plan.budget, plan.stated_total, plan.goal, plan.achieved) == (None, D(88), "", "")
    done = "达成预期指标"

    def at(page: int, row: int) -> Location:
        return Location(file="guichi.pdf", page=page, row=row, column=3)

    out, benefit = "产出指标", "效益指标"
    check_indicators(
        plan,
        [
            ind(out, "数量指标", "基建工程委托业务项目数量", GE, D(50), "≥50个", "个", weight=D(8), actual=D(50),
                score=D(8), source=at(1, 2)),
            ind(out, "质量指标", "委托业务报告合格率", GE, D(100), "≥100百分比", "%", weight=D(8), actual=D(100),
                score=D(8), source=at(1, 3)),
            ind(out, "质量指标", "经费支出合规性", QUAL, "严格执行相关制度规定", "严格执行相关制度规定",
                weight=D(8), actual=done, score=D(8), source=at(1, 4)),
            ind(out, "时效指标", "提交报告及时性", QUAL, "在项目计划完成时间内完成", "在项目计划完成时间内完成",
                weight=D(8), actual=done, score=D(8), source=at(1, 5)),
            ind(out, "成本指标", "项目总成本", LE, D(90), "≤90万元", "万元", weight=D(8), actual=D("89.97"),
                score=D(8), source=at(1, 6)),
            ind(out, "成本指标", "单项业务成本", QUAL, "符合相关规定", "符合相关规定", weight=D(10), actual=done,
                score=D(10), source=at(1, 7)),
            ind(benefit, "社会效益指标", "对维护基建市场公平的影响程度", QUAL, "效果明显", "效果明显",
                weight=D(10), actual=done, score=D(10), source=at(2, 2)),
            ind(benefit, "生态效益指标", "对控制基建项目成本影响程度", QUAL, "效果明显", "效果明显",
                weight=D(10), actual=done, score=D(10), source=at(2, 3)),
            ind(benefit, "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响", QUAL, "效果明显",
                "效果明显", weight=D(10), actual="基本达成", score=D(8), reason="制度落实仍需时间",
                source=at(2, 4)),
            ind("满意度指标", "满意度指标", "公众满意度", GE, D(90), "≥90%", "%", weight=D(10), actual=D(95),
                score=D(10), source=at(2, 5)),
        ],
    )  # fmt: skip


def test_it_reads_the_total_row_when_the_caption_column_is_merged_down_to_it() -> None:
    # 绩效指标（90分） merged down through the 合计 row too, 合计 written in the 一级 column: the
    # row is the total, not a "合计" category with no indicator.
    layout = qingshen()
    layout.rows[17] = [None, "合计", None, None, None, None, None, None, 100, 97]
    layout.merges = [m for m in layout.merges if m[0] not in (12, 17)] + [(12, 0, 17, 0), (17, 1, 17, 7)]
    for data, name in ((lb.xlsx({"自评表": layout}), "qingshen.xlsx"), (lb.docx(layout), "qingshen.docx")):
        (plan,) = plans_from_bytes(data, name)
        assert plan.placeholders == [], name
        assert plan.stated_total == D(97), name
        assert len(plan.indicators) == 4, name


def test_it_takes_the_initial_target_where_a_chongqing_table_leaves_the_adjusted_one_blank() -> None:
    # 09-chongqing: 年初指标值 | 调整指标值 | 全年完成值; the adjusted value is filled only where the
    # target was changed during the year.
    layout = lb.Layout(
        [
            ["部门整体绩效自评表"],
            ["指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值", "指标权重（分）",
             "指标得分（分）"],
            ["财政供养人员控制率", "%", "定量指标", "100%", None, "92%", 2, 2],
            ["预算完成率", "%", "定量指标", "70%", "75%", "76%", 2, 2],
            ["管理制度健全性", None, "定性指标", "高", None, "高", 3, 3],
        ]
    )  # fmt: skip
    (plan,) = plans_from_bytes(lb.xlsx({"Sheet1": layout}), "chongqing.xlsx")
    got = [(i.name, i.comparator, i.target, i.target_text, i.unit) for i in plan.indicators]
    assert got == [
        ("财政供养人员控制率", EQ, D(100), "100%", "%"),  # a bare 100%: = 100
        ("预算完成率", GE, D(75), "75%", "%"),
        ("管理制度健全性", QUAL, "高", "高", ""),
    ]


def test_it_reads_a_funds_row_right_under_its_head_with_no_label_of_its_own() -> None:
    # 09-chongqing: 部门预算执行情况（万元） merged down beside its names and the amounts under them,
    # with no 年度资金总额 / 总额 label.
    layout = lb.Layout(
        [
            ["部门整体绩效自评表"],
            ["部门预算执行情况（万元）", "年初预算数", "全年（调整）预算数", "全年执行数", "执行率（%）", "执行率权重",
             "执行率得分（分）"],
            [None, 500, 500, 380, "76%", 10, 7.6],
            ["指标名称", "计量单位", "指标性质", "年初指标值", "全年完成值", "指标权重（分）", "指标得分（分）"],
            ["预算完成率", "%", "定量指标", "70%", "76%", 2, 2],
        ],
        [(1, 0, 2, 0)],
    )  # fmt: skip
    for data, name in ((lb.xlsx({"Sheet1": layout}), "chongqing.xlsx"), (lb.docx(layout), "chongqing.docx")):
        (plan,) = plans_from_bytes(data, name)
        expected = Budget(annual=D(500), executed=D(380), initial=D(500), stated_score=D("7.6"))
        assert plan.budget == expected, name


# ── a 自评表 whose only heading is its table name ──────────────────────────────────────────────────


def _headed_only_by(heading: str, fields: list[list[object]], scores: bool = True) -> bytes:
    from builders import xlsx
    from openpyxl.workbook.workbook import Workbook

    head = ["一级指标", "二级指标", "三级指标", "指标值", "度量单位", "实际完成值", "分值"]
    rows: list[list[object]] = [
        [heading],
        *fields,
        head + (["得分"] if scores else []),
        ["产出指标", "数量指标", "培训人次", "≥200", "人次", 210 if scores else None, 50]
        + ([50] if scores else []),
        ["效益指标", "社会效益指标", "持证率", "≥80", "%", 85 if scores else None, 40]
        + ([40] if scores else []),
    ]

    def fill(workbook: Workbook) -> None:
        for line in rows:
            workbook.active.append(line)  # type: ignore[union-attr]

    return xlsx(fill)


def test_a_self_evaluation_headed_only_by_its_table_name_is_titled_as_a_self_evaluation() -> None:
    """The heading "项目支出绩效自评表" names the kind of table, not the plan; with nothing else to
    name the plan its title is that heading, never the target table's "项目绩效目标表"."""
    (plan,) = plans_from_bytes(_headed_only_by("项目支出绩效自评表", []), "自评.xlsx")
    assert plan.title == "项目支出绩效自评表"
    (blank,) = plans_from_bytes(_headed_only_by("项目支出绩效自评表", [], scores=False), "自评.xlsx")
    assert blank.title == "项目支出绩效自评表"  # a 自评表 not filled in yet is one all the same


def test_a_self_evaluation_with_a_project_name_is_titled_by_it_as_a_self_evaluation() -> None:
    named = _headed_only_by("项目支出绩效自评表", [["项目名称", "职业技能培训补助"]])
    (plan,) = plans_from_bytes(named, "自评.xlsx")
    assert plan.title == "职业技能培训补助"  # the project's name, as for a target table
    department = _headed_only_by("部门整体支出绩效自评表", [["部门（单位）名称", "某县人力资源和社会保障局"]])
    (plan,) = plans_from_bytes(department, "自评.xlsx")
    assert plan.title == "某县人力资源和社会保障局部门整体绩效自评表"


def test_a_target_table_headed_only_by_its_table_name_keeps_its_target_title() -> None:
    from builders import xlsx
    from openpyxl.workbook.workbook import Workbook

    def fill(workbook: Workbook) -> None:
        for line in (["项目支出绩效目标表"], ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
                     ["产出指标", "数量指标", "培训人次", "≥200", 50]):  # fmt: skip
            workbook.active.append(line)  # type: ignore[union-attr]

    (plan,) = plans_from_bytes(xlsx(fill), "目标.xlsx")
    assert plan.title == "项目绩效目标表"
