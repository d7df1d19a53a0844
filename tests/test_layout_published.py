"""Published tables found on public pages, rebuilt here as the files they were (.docx, .xlsx, text)
and read field by field. Personal names and telephone numbers are left out; names of units, projects
and indicators, and every figure, are as published. Where a page's text lost a cell the table cannot
have lacked (a comparator run into its number by the extraction), the rebuilt cell is the plain
reading, said at the row.

1. 鄂州市2022年市直部门预算项目支出绩效目标表 (desk33.com/d-245426, a .docx): a cost block
   (成本构成 | 金额 | 测算依据 | 2020年/2021年实际执行数) above the indicators; the indicator header
   has no 三级指标: 一级指标 holds 数量指标/质量指标 and 二级指标 the names, 绩效标准 the
   explanation and 当年预期实现值 the target.
2. 某县项目支出绩效自评表 (dyrmt.com/article-132779-22): 指标值 with its comparator and unit in the
   cell (=100%, ≤10次), four weights of 22.5, a 合计 row and 评价结论 under the table (.xlsx with
   merged cells).
3. 池州市贵池区棠溪镇 委托业务项目 2022年度自评表 (anthempetcare.com upload_cz, a Word file;
   realdocs/04 is its flattened text): 产出指标(50分) labels, targets with units in the cell
   (≥50个, ≥100百分比, ≤90万元), text targets with 达成预期指标 as the actual, an empty category
   row, a funds block whose total row is zeros while its 其中 row holds the amounts (.docx).
4. 重庆 西部科学城融媒体中心 部门整体绩效自评表 2021 (m.yzwku.com/doc/98587, a .docx; realdocs/09
   is its OCR text): no category columns at all — 指标名称 | 计量单位 | 指标性质 | 年初指标值 |
   调整指标值 | 全年完成值 | 得分系数 | 指标权重(分) | 指标得分(分) | 是否核心指标 (.docx).
"""

from __future__ import annotations

from decimal import Decimal

import layout_builders as lb
import pytest

from jixiao.core.model import Comparator, Plan, PlanKind
from jixiao.core.review import review_plans
from jixiao.documents.convert import convert_with_libreoffice, soffice_path
from jixiao.documents.load import plans_from_bytes

D = Decimal
GE, LE, EQ, QUAL = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.QUALITATIVE


def fields(plan: Plan) -> list[tuple[object, ...]]:
    return [(i.level1, i.level2, i.name, i.comparator, i.target, i.unit, i.weight) for i in plan.indicators]


# ── 1. 鄂州 2022 项目支出绩效目标表 ────────────────────────────────────────────────────────────

EZHOU = lb.Layout(
    [
        ["鄂州市2022年市直部门预算项目支出绩效目标表"],
        ["项目名称", "滨湖大楼办公大楼运行保障", None, "项目类别", "本级支出项目"],
        ["项目性质", "持续性项目", None, "立项依据", "市机关事务服务中心三定方案"],
        ["项目预算", "成本构成", "金额", "测算(公式)依据", "2020年实际执行数", "2021年实际执行数"],
        [None, "保安服务费", "191", "依据招标文件", "191", "191"],
        [None, "保洁服务费", "99", "依据招标文件", "99", "99"],
        [None, "水电气、维修维护费", "524", "根据三定方案,各项费用据实结算", "372.88", "504.55"],
        [None, "合计", "814", None, "662.98", "794.55"],
        ["绩效目标", "以办公大楼服务对象满意为目标，着力打造文明型机关、卫生型机关。"],
        ["绩效指标", None, None, None, "保障绩效目标实现措施"],
        ["一级指标", "二级指标", "绩效标准", "当年预期实现值", None],
        ["数量指标", "办公大楼日常维修维护次数", "反映办公大楼全年维修维护情况", "2280次", None],
        [None, "大楼安检巡察次数", "反映大楼保卫巡检情况", "200次", None],
        ["质量指标", "办公大楼日常维修维护验收合格率", "反映办公大楼全年维修维护质量情况", "≥92%", None],
        # the page's text gives "292%": its ≥ came out as a 2
        [None, "经常性大型设备更新验收合格率", "反映办公大楼大型设备更新验收情况", "≥92%", None],
        [None, "重要设备维修维保验收合格率", "反映设备设施维保质量情况", "95%", None],
    ],
    merges=[
        (0, 0, 0, 5),
        (3, 0, 7, 0),
        (8, 1, 8, 5),
        (9, 0, 9, 3),
        (9, 4, 10, 4),
        (11, 0, 12, 0),
        (13, 0, 15, 0),
    ],
)


def test_ezhou_project_targets_with_the_categories_one_column_down_read_field_by_field() -> None:
    (plan,) = plans_from_bytes(lb.docx(EZHOU), "鄂州2022项目绩效目标表.docx")
    assert plan.title == "滨湖大楼办公大楼运行保障"
    assert plan.kind is PlanKind.PROJECT
    assert plan.goal.startswith("以办公大楼服务对象满意为目标")
    got = [(i.level1, i.level2, i.name, i.target, i.unit) for i in plan.indicators]
    assert got == [
        ("产出指标", "数量指标", "办公大楼日常维修维护次数", D(2280), "次"),
        ("产出指标", "数量指标", "大楼安检巡察次数", D(200), "次"),
        ("产出指标", "质量指标", "办公大楼日常维修维护验收合格率", D(92), "%"),
        ("产出指标", "质量指标", "经常性大型设备更新验收合格率", D(92), "%"),
        ("产出指标", "质量指标", "重要设备维修维保验收合格率", D(95), "%"),
    ]
    assert [i.comparator for i in plan.indicators[2:4]] == [GE, GE]
    assert plan.indicators[0].comparator in (GE, EQ)
    assert plan.indicators[0].explanation == "反映办公大楼全年维修维护情况"


# ── 2. a county's self-evaluation, dyrmt.com ─────────────────────────────────────────────────

DYRMT = lb.Layout(
    [
        ["项目支出绩效自评表"],
        ["项目名称", "机关事业单位养老保险缴费"],
        ["一级指标", "二级指标", "三级指标", "指标值", "完成值", "权重", "得分", "未完成原因分析"],
        ["产出指标", "数量指标", "足额保障率", "=100%", None, 22.5, None, None],
        [None, None, "科目调整次数", "≤10次", None, 22.5, None, None],
        [None, "时效指标", "按时发放率", "=100%", None, 22.5, None, None],
        ["效益指标", "经济效益指标", "结余率(计算方法为:结余数/预算数)", "≤5%", None, 22.5, None, None],
        ["合计", None, None, None, None, 100, None, None],
        ["评价结论", "及时、足额缴纳。"],
        ["存在问题", "暂无"],
        ["改进措施", "暂无"],
        ["项目负责人:", None, "财务负责人:"],
    ],
    merges=[(0, 0, 0, 7), (1, 1, 1, 7), (3, 0, 5, 0), (3, 1, 4, 1), (7, 0, 7, 4), (8, 1, 8, 7)],
)


def test_county_self_evaluation_with_comparators_in_the_value_cell_reads_field_by_field() -> None:
    (plan,) = plans_from_bytes(lb.xlsx({"自评表": DYRMT}), "自评表.xlsx")
    assert plan.title == "机关事业单位养老保险缴费"
    assert fields(plan) == [
        ("产出指标", "数量指标", "足额保障率", EQ, D(100), "%", D("22.5")),
        ("产出指标", "数量指标", "科目调整次数", LE, D(10), "次", D("22.5")),
        ("产出指标", "时效指标", "按时发放率", EQ, D(100), "%", D("22.5")),
        ("效益指标", "经济效益指标", "结余率(计算方法为:结余数/预算数)", LE, D(5), "%", D("22.5")),
    ]
    assert plan.stated_total is None or plan.stated_total == D(100)


# ── 3. 贵池区棠溪镇 委托业务项目 ─────────────────────────────────────────────────────────────────

GUICHI_HEAD: list[list[lb.CellValue]] = [
    ["项目支出绩效自评表"],
    ["(2022年度)"],
    ["项目名称", None, "委托业务项目"],
    [
        "主管部门",
        None,
        "219-池州市贵池区棠溪镇人民政府",
        None,
        "实施单位",
        "219001-池州市贵池区棠溪镇人民政府",
    ],
    ["项目资金 (万元)", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    [None, "年度资金总额:", 0, 0, 0, 10, 0, 0],
    [None, "其中:本年财政拨款", 90, 89.974, 89.974, None, None, None],
    [None, "上年结转资金"],
    [None, "其他资金"],
    ["年度总体目标", "预期目标", None, None, "实际完成情况"],
    [
        None,
        "本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;"
        "30万元用于基建工程项目设计、规划、测绘。",
        None,
        None,
        "本项目共完成预算资金89.97万元。",
    ],
    [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
]
GUICHI_ROWS: list[list[lb.CellValue]] = [
    [None, "产出指标(50分)", "数量指标", "基建工程委托业务项目数量", "≥50个", "50", 8, 8, None],
    [None, None, "质量指标", "委托业务报告合格率", "≥100百分比", "100", 8, 8, None],
    [None, None, None, "经费支出合规性", "严格执行相关制度规定", "达成预期指标", 8, 8, None],
    [None, None, "时效指标", "提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", 8, 8, None],
    [None, None, "成本指标", "项目总成本", "≤90万元", "90", 8, 8, None],
    [None, None, None, "单项业务成本", "符合相关规定", "达成预期指标", 10, 10, None],
    [
        None,
        "效益指标(30分)",
        "社会效益指标",
        "对维护基建市场公平的影响程度",
        "效果明显",
        "达成预期指标",
        10,
        10,
        None,
    ],
    [None, None, "生态效益指标", "对控制基建项目成本影响程度", "效果明显", "达成预期指标", 10, 10, None],
    [
        None,
        None,
        "可持续影响指标",
        "对推动基建项目“四项制度”健全和落实的持续性影响",
        "效果明显",
        "达成预期指标",
        10,
        10,
        None,
    ],
    [None, None, "经济效益指标", None, None, None, None, None, None],
    [None, "满意度指标(10分)", "满意度指标", "公众满意度", "≥90%", "95%", 10, 10, None],
]
GUICHI = lb.Layout(
    GUICHI_HEAD + GUICHI_ROWS,
    merges=[
        (0, 0, 0, 8),
        (1, 0, 1, 8),
        (4, 0, 8, 0),
        (9, 0, 10, 0),
        (11, 0, 22, 0),
        (12, 1, 17, 1),
        (18, 1, 21, 1),
    ],
)


def test_guichi_self_evaluation_in_word_reads_budget_units_and_text_targets() -> None:
    (plan,) = plans_from_bytes(lb.docx(GUICHI), "委托业务项目自评表.docx")
    assert plan.title == "委托业务项目"
    assert plan.unit == "219001-池州市贵池区棠溪镇人民政府"
    assert plan.budget is not None  # the total row is zeros: its 其中 row holds the amounts
    assert (plan.budget.annual, plan.budget.executed) == (D("89.974"), D("89.974"))
    got = [
        (i.level1, i.level2, i.name, i.comparator, i.target, i.unit, i.weight, i.actual)
        for i in plan.indicators
    ]
    assert got[:3] == [
        ("产出指标", "数量指标", "基建工程委托业务项目数量", GE, D(50), "个", D(8), D(50)),
        ("产出指标", "质量指标", "委托业务报告合格率", GE, D(100), "%", D(8), D(100)),  # 百分比 is %
        ("产出指标", "质量指标", "经费支出合规性", QUAL, "严格执行相关制度规定", "", D(8), "达成预期指标"),
    ]
    assert got[4] == ("产出指标", "成本指标", "项目总成本", LE, D(90), "万元", D(8), D(90))
    assert [i.name for i in plan.indicators if i.level1 == "效益指标"] == [
        "对维护基建市场公平的影响程度",
        "对控制基建项目成本影响程度",
        "对推动基建项目“四项制度”健全和落实的持续性影响",
    ]
    assert [(p.level1, p.level2) for p in plan.placeholders] == [("效益指标", "经济效益指标")]
    assert plan.indicators[-1].name == "公众满意度"
    assert sum(i.weight or 0 for i in plan.indicators) == 90
    # the stated quotas hold: 50 + 30 + 10
    findings = {f.code for f in review_plans([plan])}
    assert "category-quota-mismatch" not in findings


# ── 4. 重庆 西部科学城融媒体中心 部门整体绩效自评表 ────────────────────────────────────────────────

CHONGQING = lb.Layout(
    [
        ["部门整体绩效自评表"],
        ["主管部门", "重庆高新区党工委宣传部", "财政处室", "", "自评总分(分)", "97.6"],
        ["当年绩效目标", "年初绩效目标", None, "全年(调整)绩效目标", None, "全年目标实际完成情况"],
        [
            None,
            "无",
            None,
            "保障融媒体中心正常人事基础、日常运转，有效承担西部(重庆)科学城新闻宣传管理、思想文化领域建设等工作。",
            None,
            "中心2021年较好地完成了履职任务。",
        ],
        [
            "指标名称",
            "计量单位",
            "指标性质",
            "年初指标值",
            "调整指标值",
            "全年完成值",
            "得分系数(%)",
            "指标权重(分)",
            "指标得分(分)",
            "是否核心指标",
        ],
        ["财政供养人员控制率", "%", "定量指标", "100%", None, "92%", "100%", 2, 2, "否"],
        ["基础信息完善", "%", "定量指标", "100%", None, "100%", "100%", 1, 1, "否"],
        ["预算完成率", "%", "定量指标", "70%", None, "76%", "100%", 2, 2, "是"],
        ["预算调整率", "%", "定量指标", "3%", None, "0", "100%", 2, 2, "否"],
        ["结转结余率", "%", "定量指标", "2%", None, "0", "100%", 2, 2, "是"],
        ["管理制度健全性", None, "定性指标", "高", None, "高", "100%", 3, 3, "否"],
        ["资金使用合规性", None, "定性指标", "好", None, "好", "100%", 5, 5, "否"],
        ["固定资产利用率", "%", "定量指标", "90%", None, "100%", "100%", 2, 2, "否"],
        ["播发稿件数量", "篇", "定量指标", "2200篇", None, "2859篇", "100%", 10, 10, "是"],
        ["业务保障能力提升", "%", "定量指标", "90%", None, "95%", "100%", 10, 10, "否"],
    ],
    merges=[(0, 0, 0, 9), (2, 1, 2, 2), (2, 3, 2, 4), (2, 0, 3, 0), (3, 1, 3, 2), (3, 3, 3, 4)],
)


def test_chongqing_department_self_evaluation_without_category_columns_reads_field_by_field() -> None:
    (plan,) = plans_from_bytes(lb.docx(CHONGQING), "部门整体绩效自评表.docx")
    assert plan.kind is PlanKind.DEPARTMENT
    assert plan.stated_total == D("97.6")
    got = [
        (i.name, i.comparator, i.target, i.unit, i.weight, i.actual, i.stated_score) for i in plan.indicators
    ]
    assert got[0] == ("财政供养人员控制率", EQ, D(100), "%", D(2), D(92), D(2))
    assert got[2] == ("预算完成率", GE, D(70), "%", D(2), D(76), D(2))
    # rates of something to avoid: lower is better when no comparator is written (kind 9)
    assert got[3][:3] == ("预算调整率", LE, D(3))
    assert got[4][:3] == ("结转结余率", LE, D(2))
    assert got[5] == ("管理制度健全性", QUAL, "高", "", D(3), "高", D(3))
    assert got[8] == ("播发稿件数量", GE, D(2200), "篇", D(10), D(2859), D(10))
    assert len(plan.indicators) == 10
    assert sum(i.weight or 0 for i in plan.indicators) == 39


@pytest.mark.parametrize(
    "layout", [EZHOU, DYRMT, GUICHI, CHONGQING], ids=["ezhou", "dyrmt", "guichi", "chongqing"]
)
def test_each_published_table_reads_the_same_as_tab_separated_text(layout: lb.Layout) -> None:
    """The same table pasted from a page as tab-separated text reads to the same indicators."""
    text = "\n".join("\t".join(row) for row in layout.texts())
    from_docx = plans_from_bytes(lb.docx(layout), "table.docx")
    from_text = plans_from_bytes(text.encode(), "table.txt")
    assert [fields(p) for p in from_text] == [fields(p) for p in from_docx]


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("extension", ["doc", "odt"])
def test_the_guichi_table_as_word_97_or_opendocument_reads_the_same(extension: str) -> None:
    """The office's own formats: the same table saved as .doc or .odt goes through LibreOffice."""
    # Word always ends a document with a paragraph; a python-docx file ending in its table loses the
    # table in LibreOffice's .doc export, so the rebuilt file ends as Word's do.
    original = lb.docx(GUICHI, "")
    converted = convert_with_libreoffice(original, "委托业务项目自评表.docx", extension)
    (plan,) = plans_from_bytes(converted, f"委托业务项目自评表.{extension}")
    (want,) = plans_from_bytes(original, "委托业务项目自评表.docx")
    assert fields(plan) == fields(want)
    assert plan.budget == want.budget and plan.title == want.title
