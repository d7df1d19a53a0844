"""Review (审核): the seed's known problems are each found on the right indicator, and nothing else."""

from __future__ import annotations

from decimal import Decimal

import pytest
from builders import xlsx
from openpyxl.workbook.workbook import Workbook

from jixiao.core.errors import Location, RuleError
from jixiao.core.library import normalise_category
from jixiao.core.model import Comparator, Indicator, Plan, PlanKind
from jixiao.core.review import CHECKS, CODES, Finding, Severity, review_plan, review_plans
from jixiao.core.rules.model import AllOrNothing
from jixiao.core.rules.recognise import Recognition
from jixiao.documents.load import plans_from_bytes

GE, LE, EQ, QUAL = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.QUALITATIVE

LINEAR = "完成率小于60%不得分，大于等于60%,得分=（完成率-60%）/（1-60%）*指标分值"
PROJECT_LINEAR = (
    "完成比例赋分，完成率小于60%为不及格，不得分；大于等于60%的，按超过的比重赋分，"
    "计算公式为：得分=（实际完成率-60%）/（1-60%）×指标分值"
)
DONE = "完成得分，未完成不得分"


def row(
    level1: str,
    level2: str,
    name: str,
    comparator: Comparator,
    target: str,
    unit: str,
    rule_text: str,
    weight: str | None,
    line: int = 0,
) -> Indicator:
    number = comparator is not QUAL
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        comparator=comparator,
        target=Decimal(target) if number else target,
        target_text=target,
        unit=unit,
        explanation=name,
        rule_text=rule_text,
        weight=None if weight is None else Decimal(weight),
        source=Location(file="seed.txt", line=line) if line else None,
    )


def seed_plans() -> list[Plan]:
    """The seed's two tables, written out by hand (placeholder rows aside)."""
    out, eff, sat, cost = "产出指标", "效益指标", "满意度指标", "成本指标"
    department = Plan(
        kind=PlanKind.DEPARTMENT,
        title="部门整体支出绩效目标",
        unit="株洲市工业和信息化局机关",
        indicators=[
            row(out, "数量指标", "新增省级“小巨人”企业数", GE, "40", "家", LINEAR, "6", line=33),
            row(out, "数量指标", "新增国家级“小巨人”企业数", GE, "15", "家", LINEAR, "6"),
            row(out, "数量指标", "规模工业增长率", GE, "7", "%", LINEAR, None),
            row(out, "数量指标", "技改投资增长率", GE, "5", "%", LINEAR, None),
            row(out, "数量指标", "园区技工贸总收入增长率", GE, "8", "%", LINEAR, "5"),
            row(out, "数量指标", "新增省级及以上创新平台", GE, "10", "%", LINEAR, "5", line=78),
            row(out, "质量指标", "制造业增加值占GDP比重", GE, "32", "%", LINEAR, "5"),
            row(out, "时效指标", "资金拨付进度", EQ, "100", "%", LINEAR, "4"),
            row(out, "时效指标", "部门预决算公开", QUAL, "按要求及时公开", "是", DONE, "6"),
            row(eff, "经济效益指标", "园区技工贸收入", GE, "5500", "亿元", LINEAR, "8"),
            row(eff, "社会效益指标", "五好园区创建", QUAL, "有序推进", "是", DONE, "8"),
            row(eff, "社会效益指标", "企业培育成效", QUAL, "明显", "是", DONE, "8"),
            row(eff, "可持续影响指标", "产业生态环境", QUAL, "持续优化", "是", DONE, "8"),
            row(
                sat,
                "服务对象满意度指标",
                "群众满意度",
                GE,
                "90",
                "%",
                "满意度大于等于90%得8分，小于90%且大于等于80%得7分，满意度小于等于80%且大 于等于60%得6分，"
                "满意度小于60%不得分",
                "9",
            ),
            row(
                cost,
                "经济成本指标",
                "机关内人力成本",
                LE,
                "1950",
                "万元",
                "成本小于等于1950万元得2分，大于1950万元不得分。",
                "2",
            ),
        ],
    )
    project = Plan(
        kind=PlanKind.PROJECT,
        title="项目绩效目标",
        indicators=[
            row(
                cost,
                "经济成本指标",
                "专项资金使用率",
                GE,
                "90",
                "%",
                "使用率大于等于90%的得满分，其他按比例扣分",
                "10",
            ),
            row(
                cost,
                "社会成本指标",
                "企业验收合格率",
                GE,
                "100",
                "%",
                "验收合格率达100%，得满分，其他按比例扣分",
                "5",
            ),
            row(
                out,
                "数量指标",
                "中小企业专项国、省“专精特新”小巨人专项补助",
                GE,
                "30",
                "家",
                PROJECT_LINEAR,
                "15",
            ),
            row(out, "质量指标", "推动企业向智能化转型", GE, "10", "家", PROJECT_LINEAR, "10"),
            row(
                out,
                "时效指标",
                "补助资金按时发放",
                GE,
                "100",
                "%",
                "资金准时到企，得满分，其他按比例扣分",
                "10",
            ),
            row(
                eff,
                "经济效益指标",
                "全年园区技工贸总收入实现增长",
                GE,
                "5500",
                "亿元",
                PROJECT_LINEAR.replace("不得分；", "不得分："),
                "15",
            ),
            row(
                eff,
                "社会效益指标",
                "规模以上工业增加值增速",
                GE,
                "5",
                "%",
                "按评判等级赋分，5%以上得满分，其他按比例扣分",
                "10",
            ),
            row(
                eff,
                "生态效益指标",
                "推动企业向绿色化转型",
                GE,
                "50",
                "家",
                PROJECT_LINEAR.replace("完成率小于", "完成率\n小于"),
                "5",
            ),
            row(
                sat,
                "服务对象满意度指标",
                "满意度",
                GE,
                "90",
                "%",
                "满意度大于等于90%的得10分，其他按比例扣分",
                "10",
            ),
        ],
    )
    return [department, project]


def on(findings: list[Finding], code: str) -> list[tuple[int, str | None]]:
    """(plan, indicator) of every finding with ``code``."""
    return [(f.plan, f.indicator) for f in findings if f.code == code]


@pytest.fixture
def seed_findings() -> list[Finding]:
    return review_plans(seed_plans())


def test_it_has_two_seed_tables_of_15_and_9_indicators() -> None:
    department, project = seed_plans()
    assert (len(department.indicators), len(project.indicators)) == (15, 9)


def test_it_finds_the_missing_weights_of_the_seed(seed_findings: list[Finding]) -> None:
    assert on(seed_findings, "weight-missing") == [(0, "规模工业增长率"), (0, "技改投资增长率")]


def test_it_finds_the_department_weights_short_of_100(seed_findings: list[Finding]) -> None:
    (finding,) = [f for f in seed_findings if f.code == "weight-sum"]
    assert (finding.plan, finding.indicator, finding.severity) == (0, None, Severity.ERROR)
    assert "80分" in finding.message and "100分" in finding.message and "2个指标未填分值" in finding.message
    assert "还差20分" in finding.message


def test_it_accepts_the_project_weights_summing_to_90(seed_findings: list[Finding]) -> None:
    assert (1, None) not in on(seed_findings, "weight-sum")


def test_it_finds_the_satisfaction_rule_giving_8_of_9(seed_findings: list[Finding]) -> None:
    assert on(seed_findings, "rule-max-mismatch") == [(0, "群众满意度")]
    (finding,) = [f for f in seed_findings if f.code == "rule-max-mismatch"]
    assert "最高只给8分" in finding.message and "分值为9分" in finding.message


def test_it_finds_the_satisfaction_bands_overlapping_at_80(seed_findings: list[Finding]) -> None:
    assert on(seed_findings, "band-overlap") == [(0, "群众满意度")]
    (finding,) = [f for f in seed_findings if f.code == "band-overlap"]
    assert "实际值为80%" in finding.message
    assert "第2档（<90%且≥80%，7分）" in finding.message and "第3档（≤80%且≥60%，6分）" in finding.message
    assert "只给7分" in finding.message


def test_it_finds_no_gap_in_the_seed_bands(seed_findings: list[Finding]) -> None:
    assert on(seed_findings, "band-gap") == []


def test_it_finds_the_innovation_platforms_counted_in_percent(seed_findings: list[Finding]) -> None:
    assert on(seed_findings, "unit-mismatch") == [(0, "新增省级及以上创新平台")]
    (finding,) = [f for f in seed_findings if f.code == "unit-mismatch"]
    assert "目标10%" in finding.message
    assert finding.location == Location(file="seed.txt", line=78)


def test_it_finds_the_rates_that_cannot_exceed_100(seed_findings: list[Finding]) -> None:
    assert on(seed_findings, "target-over-100") == [(1, "企业验收合格率"), (1, "补助资金按时发放")]


def test_it_finds_the_vague_qualitative_targets(seed_findings: list[Finding]) -> None:
    vague = on(seed_findings, "vague-target")
    assert (0, "五好园区创建") in vague and (0, "企业培育成效") in vague
    assert (0, "部门预决算公开") not in vague


def test_it_recognises_every_seed_rule(seed_findings: list[Finding]) -> None:
    assert on(seed_findings, "rule-unrecognized") == []
    assert on(seed_findings, "rule-override-invalid") == []


def test_it_finds_both_categories_in_the_seed(seed_findings: list[Finding]) -> None:
    assert on(seed_findings, "category-missing") == []


def test_it_finds_exactly_these_problems_in_the_seed(seed_findings: list[Finding]) -> None:
    assert sorted({f.code for f in seed_findings}) == [
        "band-overlap",
        "rule-max-mismatch",
        "target-over-100",
        "unit-mismatch",
        "vague-target",
        "weight-missing",
        "weight-sum",
    ]
    assert on(seed_findings, "vague-target") == [
        (0, "五好园区创建"),
        (0, "企业培育成效"),
        (0, "产业生态环境"),
    ]


# --- no false alarms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["规模工业增长率", "资金拨付进度", "制造业增加值占GDP比重", "补助资金按时发放"]
)
def test_it_accepts_percent_on_rates_and_progress(name: str) -> None:
    plan = Plan(
        PlanKind.DEPARTMENT, indicators=[row("产出指标", "数量指标", name, GE, "7", "%", LINEAR, "100")]
    )
    assert on(review_plan(plan, 0), "unit-mismatch") == []


def test_it_accepts_a_target_published_as_required() -> None:
    plan = Plan(
        PlanKind.DEPARTMENT,
        indicators=[row("产出指标", "时效指标", "部门预决算公开", QUAL, "按要求及时公开", "是", DONE, "100")],
    )
    assert on(review_plan(plan, 0), "vague-target") == []


def test_it_accepts_eq_100_percent_and_growth_of_100_percent() -> None:
    plan = Plan(
        PlanKind.DEPARTMENT,
        indicators=[
            row("产出指标", "时效指标", "资金拨付进度", EQ, "100", "%", LINEAR, "50"),
            row("效益指标", "经济效益指标", "出口额增长率", GE, "100", "%", LINEAR, "50"),
        ],
    )
    assert on(review_plan(plan, 0), "target-over-100") == []


def test_it_accepts_cumulative_bands_read_in_order() -> None:
    plan = Plan(
        PlanKind.DEPARTMENT,
        indicators=[
            row(
                "满意度指标",
                "服务对象满意度指标",
                "满意度",
                GE,
                "90",
                "%",
                "满意度≥90%得10分，≥80%得8分，其他不得分",
                "10",
            )
        ],
    )
    findings = review_plan(plan, 0)
    assert on(findings, "band-overlap") == [] and on(findings, "band-gap") == []


# --- synthetic plans ------------------------------------------------------------------------------


def test_it_finds_a_count_ending_in_shu_given_in_percent() -> None:
    plan = Plan(
        PlanKind.DEPARTMENT,
        indicators=[row("产出指标", "数量指标", "达标企业数", GE, "10", "%", LINEAR, "100")],
    )
    (finding,) = [f for f in review_plan(plan, 0) if f.code == "unit-mismatch"]
    assert "“数”结尾" in finding.message


def test_it_finds_percent_written_out_in_words() -> None:
    plan = Plan(
        PlanKind.PROJECT,
        indicators=[row("产出指标", "质量指标", "委托业务报告合格率", GE, "100", "百分比", LINEAR, "90")],
    )
    (finding,) = [f for f in review_plan(plan, 0) if f.code == "unit-mismatch"]
    assert "百分比" in finding.message and "“%”" in finding.message


def test_it_reports_a_rule_it_cannot_read_and_how_to_override() -> None:
    plan = Plan(
        PlanKind.PROJECT,
        indicators=[
            row(
                "产出指标", "数量指标", "业务工作支出安排金额", GE, "28.8", "万元", "未达指标值酌情扣分", "90"
            )
        ],
    )
    (finding,) = [f for f in review_plan(plan, 3) if f.code == "rule-unrecognized"]
    assert (finding.code, finding.severity, finding.plan) == ("rule-unrecognized", Severity.WARNING, 3)
    assert "“未达指标值酌情扣分”" in finding.message
    assert "财预〔2020〕10号" in finding.message and "linear(floor=60%)" in finding.message


def test_it_reports_category_missing_for_outcome_and_satisfaction() -> None:
    plan = Plan(
        PlanKind.PROJECT,
        indicators=[row("产出指标", "数量指标", "新增企业数", GE, "10", "家", LINEAR, "90")],
        source=Location(file="plan.xlsx", sheet="表2"),
    )
    findings = [f for f in review_plan(plan, 0) if f.code == "category-missing"]
    assert [f.indicator for f in findings] == [None, None]
    assert "效益指标" in findings[0].message and "满意度指标" in findings[1].message
    assert findings[0].location == Location(file="plan.xlsx", sheet="表2")


def test_it_finds_a_gap_between_bands() -> None:
    plan = Plan(
        PlanKind.DEPARTMENT,
        indicators=[
            row(
                "满意度指标",
                "服务对象满意度指标",
                "满意度",
                GE,
                "90",
                "%",
                "满意度≥90%得10分，80%≤满意度<85%得6分",
                "100",
            ),
        ],
    )
    gaps = [f for f in review_plan(plan, 0) if f.code == "band-gap"]
    assert [f.severity for f in gaps] == [Severity.INFO, Severity.INFO]
    assert "实际值<80%" in gaps[0].message and "85%≤实际值<90%" in gaps[1].message


def test_it_finds_a_band_that_can_never_be_reached() -> None:
    plan = Plan(
        PlanKind.DEPARTMENT,
        indicators=[
            row(
                "满意度指标",
                "服务对象满意度指标",
                "满意度",
                GE,
                "90",
                "%",
                "满意度≥60%得6分，≥80%得10分，其他不得分",
                "10",
            )
        ],
    )
    findings = [f for f in review_plan(plan, 0) if f.code in {"band-overlap", "rule-max-mismatch"}]
    assert [f.code for f in findings] == ["band-overlap"]
    assert "完全包含在第1档" in findings[0].message


def test_it_reports_a_bad_override_instead_of_failing() -> None:
    def broken(indicator: Indicator) -> Recognition:
        raise RuleError(f"指标「{indicator.name}」的自定义规则有误：linear(floor=)")

    plan = Plan(
        PlanKind.DEPARTMENT, indicators=[row("效益指标", "社会效益指标", "x", GE, "1", "家", LINEAR, "50")]
    )
    findings = review_plan(plan, 0, broken)
    assert on(findings, "rule-override-invalid") == [(0, "x")]


def test_it_uses_the_rule_the_caller_gives() -> None:
    plan = Plan(
        PlanKind.DEPARTMENT,
        indicators=[row("效益指标", "社会效益指标", "x", GE, "1", "家", "未达指标值酌情扣分", "100")],
    )
    findings = review_plan(
        plan, 0, lambda ind: Recognition(AllOrNothing(), True, "自定义规则：all_or_nothing")
    )
    assert on(findings, "rule-unrecognized") == []


def test_it_reports_the_project_weights_against_90() -> None:
    plan = Plan(
        PlanKind.PROJECT, indicators=[row("效益指标", "社会效益指标", "x", GE, "1", "家", LINEAR, "100")]
    )
    (finding,) = [f for f in review_plan(plan, 0) if f.code == "weight-sum"]
    assert "应为90分（预算执行率另占10分）" in finding.message and "多出10分" in finding.message


def test_it_gives_findings_as_dicts(seed_findings: list[Finding]) -> None:
    first = next(f for f in seed_findings if f.code == "unit-mismatch")
    assert first.to_dict() == {
        "code": "unit-mismatch",
        "severity": "warning",
        "plan": 0,
        "indicator": "新增省级及以上创新平台",
        "message": first.message,
        "location": {"file": "seed.txt", "line": 78},
    }
    plan_level = next(f for f in seed_findings if f.code == "weight-sum")
    assert set(plan_level.to_dict()) == {"code", "severity", "plan", "indicator", "message"}


def test_it_gives_every_finding_a_known_code_and_its_severity(seed_findings: list[Finding]) -> None:
    for finding in seed_findings:
        assert CODES[finding.code][0] is finding.severity
    assert len(CHECKS) == len(set(CHECKS))


def test_it_reviews_numbers_longer_than_the_decimal_context() -> None:
    huge = "1" + "0" * 30
    exceeded = row("产出指标", "数量指标", "新增企业数", GE, "1", "家", LINEAR, huge)
    exceeded.actual, exceeded.stated_score = Decimal(huge), Decimal(1)
    findings = review_plan(Plan(PlanKind.PROJECT, indicators=[exceeded]))
    over = next(f for f in findings if f.code == "over-achievement")
    assert f"是目标1家的{huge}00%" in over.message
    mismatch = next(f for f in findings if f.code == "stated-score-mismatch")
    assert f"按评分标准应得{huge}分" in mismatch.message


SATISFACTION_LEVEL1 = [
    "社会公众或服务对象满意度指标",
    "社会公众或服务对象满意度指标（10分）",
    "服务对象满意度指标(10分)",
    "社會公眾或服務對象滿意度指標",
    "社会公众或服务对象 满意度指标",
    "社会公众满意度指标",
]


def _satisfaction_table(level1: str, level2: str) -> bytes:
    rows: list[list[object]] = [
        ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "度量单位", "评(扣)分标准", "分值"],
        ["产出指标", "数量指标", "培训人次", "≥", 200, "人次", DONE, 50],
        ["效益指标", "社会效益指标", "参训人员持证率", "≥", 80, "%", DONE, 30],
        [level1, level2, "参训人员满意度", "≥", 90, "%", DONE, 10],
    ]

    def fill(workbook: Workbook) -> None:
        for line in rows:
            workbook.active.append(line)  # type: ignore[union-attr]

    return xlsx(fill)


@pytest.mark.parametrize("level1", SATISFACTION_LEVEL1)
@pytest.mark.parametrize("level2", ["服务对象满意度指标", "社会公众或服务对象满意度指标", ""])
def test_it_counts_a_satisfaction_category_however_the_first_level_spells_it(
    level1: str, level2: str
) -> None:
    (plan,) = plans_from_bytes(_satisfaction_table(level1, level2), "自评.xlsx")
    satisfaction = next(i for i in plan.indicators if i.name == "参训人员满意度")
    assert not [f for f in review_plan(plan, 0) if f.code == "category-missing"]
    first, second = normalise_category(satisfaction.level1, satisfaction.level2)
    assert first == "满意度指标"
    assert second == (level2 or "")  # a 二级 label stays as written where it is 二级


def test_it_keeps_a_second_level_that_repeats_the_first_as_written() -> None:
    assert normalise_category("服务对象满意度指标", "服务对象满意度指标") == (
        "满意度指标",
        "服务对象满意度指标",
    )
    assert normalise_category("满意度指标", "满意度指标") == ("满意度指标", "满意度指标")
    assert normalise_category("满意度指标", "服务对象满意度") == ("满意度指标", "服务对象满意度指标")
