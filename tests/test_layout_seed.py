"""The seed (株洲市工信局 2023 绩效目标, extracted text) imports exactly.

The expectations below are written by hand from the seed's text (examples/zhuzhou-gxj-2023-targets.txt),
line numbers included; they are not the parser's output pasted back.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from jixiao.core.model import Comparator, Plan, PlanKind
from jixiao.documents.layout import plans_from_grids
from jixiao.documents.text_reader import read_extracted_text

GE, LE, EQ, QUAL = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.QUALITATIVE
FILE = "zhuzhou-gxj-2023-targets.txt"

# The department table's threshold-linear rule, as written (lines 32, 42, …).
LINEAR = "完成率小于60%不得分，大于等于60%,得分=（完成率-60%）/（1-60%）*指标分值"
DONE = "完成得分，未完成不得分"
# The project table's threshold-linear rule (lines 268, 278; 332–333 split over two lines).
PROJECT_LINEAR = (
    "完成比例赋分，完成率小于60%为不及格，不得分；大于等于60%的，按超过的比重赋分，"
    "计算公式为：得分=（实际完成率-60%）/（1-60%）×指标分值"
)
# Line 298 writes a full-width colon where the others have a semicolon.
PROJECT_LINEAR_COLON = PROJECT_LINEAR.replace("不得分；", "不得分：")


class Row(NamedTuple):
    line: int
    level1: str
    level2: str
    name: str
    comparator: Comparator
    target: Decimal | str
    target_text: str
    unit: str
    explanation: str
    rule_text: str
    weight: Decimal | None


D = Decimal

DEPARTMENT = [
    Row(27, "产出指标", "数量指标", "新增省级“小巨人”企业数", GE, D(40), "40", "家",
        "新增省级“小巨人”企业数值", LINEAR, D(6)),
    Row(37, "产出指标", "数量指标", "新增国家级“小巨人”企业数", GE, D(15), "15", "家",
        "新增国家级“小巨人”企业数", LINEAR, D(6)),
    Row(47, "产出指标", "数量指标", "规模工业增长率", GE, D(7), "7", "%",
        "规模工业增长率", LINEAR, None),
    Row(57, "产出指标", "数量指标", "技改投资增长率", GE, D(5), "5", "%",
        "技改投资增长率", LINEAR, None),
    Row(67, "产出指标", "数量指标", "园区技工贸总收入增长率", GE, D(8), "8", "%",
        "园区技工贸总收入增长率", LINEAR, D(5)),
    Row(77, "产出指标", "数量指标", "新增省级及以上创新平台", GE, D(10), "10", "%",
        "新增省级及以上创新平台", LINEAR, D(5)),
    Row(87, "产出指标", "质量指标", "制造业增加值占GDP比重", GE, D(32), "32", "%",
        "制造业增加值占GDP比重", LINEAR, D(5)),
    Row(97, "产出指标", "时效指标", "资金拨付进度", EQ, D(100), "100", "%",
        "按财政要求及时拨付资金", LINEAR, D(4)),
    Row(107, "产出指标", "时效指标", "部门预决算公开", QUAL, "按要求及时公开", "按要求及时公开", "",
        "按财政要求做好部门预决算公开工作", DONE, D(6)),
    Row(117, "效益指标", "经济效益指标", "园区技工贸收入", GE, D(5500), "5500", "亿元",
        "园区技工贸收入", LINEAR, D(8)),
    Row(127, "效益指标", "社会效益指标", "五好园区创建", QUAL, "有序推进", "有序推进", "",
        "有序推进五好园区创建", DONE, D(8)),
    Row(137, "效益指标", "社会效益指标", "企业培育成效", QUAL, "明显", "明显", "",
        "企业培育成效明显", DONE, D(8)),
    Row(157, "效益指标", "可持续影响指标", "产业生态环境", QUAL, "持续优化", "持续优化", "",
        "持续优化产业生态环境", DONE, D(8)),
    Row(167, "满意度指标", "服务对象满意度指标", "群众满意度", GE, D(90), "90", "%",
        "群众对我部门工作的满意程度",
        "满意度大于等于90%得8分，小于90%且大于等于80%得7分，满意度小于等于80%且大于等于60%得6分，"
        "满意度小于60%不得分", D(9)),
    Row(177, "成本指标", "经济成本指标", "机关内人力成本", LE, D(1950), "1950", "万元",
        "机关内人员成本（不包含公用经费支出，只计算人员类支出）",
        "成本小于等于1950万元得2分，大于1950万元不得分。", D(2)),
]  # fmt: skip

PROJECT = [
    Row(229, "成本指标", "经济成本指标", "专项资金使用率", GE, D(90), "90", "%",
        "专项资金使用率90%以上", "使用率大于等于90%的得满分，其他按比例扣分", D(10)),
    Row(240, "成本指标", "社会成本指标", "企业验收合格率", GE, D(100), "100", "%",
        "企业验收合格率达100%", "验收合格率达100%，得满分，其他按比例扣分", D(5)),
    Row(261, "产出指标", "数量指标", "中小企业专项国、省“专精特新”小巨人专项补助", GE, D(30), "30", "家",
        "新增国省“专精特新”小巨人30家以上", PROJECT_LINEAR, D(15)),
    Row(273, "产出指标", "质量指标", "推动企业向智能化转型", GE, D(10), "10", "家",
        "新增智能制造标杆车间、企业10个以上", PROJECT_LINEAR, D(10)),
    Row(283, "产出指标", "时效指标", "补助资金按时发放", GE, D(100), "100", "%",
        "补助资金按时发放", "资金准时到企，得满分，其他按比例扣分", D(10)),
    Row(293, "效益指标", "经济效益指标", "全年园区技工贸总收入实现增长", GE, D(5500), "5500", "亿元",
        "全年园区技工贸总收入超5500亿元", PROJECT_LINEAR_COLON, D(15)),
    Row(317, "效益指标", "社会效益指标", "规模以上工业增加值增速", GE, D(5), "5", "%",
        "规模以上工业增加值增速5%以上", "按评判等级赋分，5%以上得满分，其他按比例扣分", D(10)),
    Row(327, "效益指标", "生态效益指标", "推动企业向绿色化转型", GE, D(50), "50", "家",
        "完成自愿性清洁生产审核企业50家以上", PROJECT_LINEAR, D(5)),
    Row(348, "满意度指标", "服务对象满意度指标", "满意度", GE, D(90), "90", "%",
        "服务对象满意度90%以上", "满意度大于等于90%的得10分，其他按比例扣分", D(10)),
]  # fmt: skip

UNIT = "株洲市工业和信息化局机关"
DUTIES = (
    "根据本市国民经济和社会发展总体规划，拟定全市工业和信息化领域的发展规化、年度计划及相关政策并组织实施。"
)
DEPARTMENT_GOAL = (
    "全面贯彻市委、市政府决策部署，完整准确全面贯彻新发展理念，按照“聚焦、裂变、创新、升级、品牌”工作思路，"
    "全力推进新型工业化，加快构建新发展格局，着力推动高质量发展，奋力培育制造名城，打造国家重要先进制造业高地，"
    "全力推动株洲先进制造业代表国家深度参与全球竞争、实现并领跑。1.突出稳增长，全力振作工业经济运行。"
    "2.突出培育企业，培育壮大工业市场主体。3.突出建链群，加快构建现代产业体系。4.突出强园区，"
    "深入推进“五好”园区创建。"
)
PROJECT_GOAL = (
    "根据《株洲市2023年产业发展“千百十”工程实施方案》、《关于深化园区体制机制改革推动“五好”园区创建的实施意见》"
    "（株发〔2022〕6号）、《株洲市中小企业公共服务体系建设及管理办法》（株工信发〔2023〕15号）、"
    "《关于印发<株洲市培育规模以上工业企业实施方案>的通知》（株政办发〔2022〕1号）、"
    "《洲市专精特新中小企业增育行动方案（2022-2025）》（株政办发〔2022〕7号）、"
    "关于印发《株洲市“四个一批”标杆中小企业认定管理暂行办法》的通知（株工信发〔2022〕32号）等系列文件，"
    "为全力建设制造名城，加快打造重要先进制造业高地，市工信局立足推进新型工业化目标，围绕“3+3+2”现代产业体系，"
    "统筹推动产业发展“千百十”工程、智赋千企、三送三解三优等重点工作，力争实现工业经济稳增长。"
)


@pytest.fixture
def plans(seed_path: Path) -> list[Plan]:
    return plans_from_grids(read_extracted_text(seed_path.read_text(encoding="utf-8"), FILE))


def test_it_finds_a_department_plan_and_a_project_plan(plans: list[Plan]) -> None:
    assert [p.kind for p in plans] == [PlanKind.DEPARTMENT, PlanKind.PROJECT]
    assert [len(p.indicators) for p in plans] == [15, 9]


def test_it_reads_the_department_information_block(plans: list[Plan]) -> None:
    department = plans[0]
    # The table gives no title, only a pair of labels: the plan is called what a person would call it.
    assert department.title == "株洲市工业和信息化局机关部门整体绩效目标表"
    assert department.unit == UNIT
    assert department.duties == DUTIES
    assert department.goal == DEPARTMENT_GOAL
    assert department.info == {}
    assert department.source is not None
    assert (department.source.file, department.source.line) == (FILE, 1)


def test_it_reads_the_project_heading_goal_and_inherits_the_unit(plans: list[Plan]) -> None:
    project = plans[1]
    assert project.title == "株洲市工业和信息化局机关项目绩效目标表"
    assert project.unit == UNIT  # the project table names no unit: the department's, before it
    assert project.duties == ""
    assert project.goal == PROJECT_GOAL
    assert project.source is not None
    assert project.source.line == 210


def check_indicators(plan: Plan, expected: list[Row]) -> None:
    assert len(plan.indicators) == len(expected)
    for indicator, row in zip(plan.indicators, expected, strict=True):
        assert indicator.source is not None
        got = Row(
            indicator.source.line or 0,
            indicator.level1,
            indicator.level2,
            indicator.name,
            indicator.comparator,
            indicator.target,  # type: ignore[arg-type]
            indicator.target_text,
            indicator.unit,
            indicator.explanation,
            indicator.rule_text,
            indicator.weight,
        )
        assert got == row
        assert type(got.target) is type(row.target)
        assert indicator.source.file == FILE
        assert indicator.actual is None
        assert indicator.stated_score is None
        assert indicator.reason == ""


def test_it_reads_every_field_of_every_department_indicator(plans: list[Plan]) -> None:
    check_indicators(plans[0], DEPARTMENT)


def test_it_reads_every_field_of_every_project_indicator(plans: list[Plan]) -> None:
    check_indicators(plans[1], PROJECT)


def test_it_recognises_the_placeholder_rows(plans: list[Plan]) -> None:
    department, project = plans
    assert [(p.level1, p.level2) for p in department.placeholders] == [
        ("效益指标", "生态效益指标"),
        ("成本指标", "社会成本指标"),
        ("成本指标", "生态环境成本指标"),
    ]
    assert [(p.level1, p.level2) for p in project.placeholders] == [
        ("成本指标", "生态环境成本指标"),
        ("效益指标", "可持续影响指标"),
    ]
    assert [p.source.line for p in department.placeholders if p.source] == [147, 188, 198]
    assert [p.source.line for p in project.placeholders if p.source] == [251, 338]


def test_it_keeps_missing_weights_as_none_never_zero(plans: list[Plan]) -> None:
    weights = {i.name: i.weight for i in plans[0].indicators}
    assert weights["规模工业增长率"] is None
    assert weights["技改投资增长率"] is None
    assert sum(w for w in weights.values() if w is not None) == 80
    assert sum(i.weight for i in plans[1].indicators if i.weight is not None) == 90


def test_it_keeps_qualitative_targets_as_their_phrases(plans: list[Plan]) -> None:
    qualitative = {i.name: i.target for i in plans[0].indicators if i.comparator is QUAL}
    assert qualitative == {
        "部门预决算公开": "按要求及时公开",
        "五好园区创建": "有序推进",
        "企业培育成效": "明显",
        "产业生态环境": "持续优化",
    }
    assert all(i.unit == "" for i in plans[0].indicators if i.comparator is QUAL)
    assert all(isinstance(i.target, Decimal) for p in plans for i in p.indicators if i.comparator is not QUAL)


def test_it_continues_the_project_plan_across_the_repeated_header(plans: list[Plan]) -> None:
    lines = [i.source.line for i in plans[1].indicators if i.source]
    assert lines[-3:] == [317, 327, 348]  # after the header repeated at line 305
    assert len(plans) == 2


def test_it_names_the_source_of_an_indicator_by_file_and_line(plans: list[Plan]) -> None:
    indicator = plans[0].indicators[1]
    assert indicator.source is not None
    assert indicator.source.describe() == f"{FILE} 第37行"
