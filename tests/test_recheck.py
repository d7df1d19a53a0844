"""The self-evaluation re-check (自评复核): stated scores the rules do not give, a stated total that is
not the sum of its rows, missed targets without a reason, targets far exceeded."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from jixiao.core.errors import Location
from jixiao.core.model import Budget, Comparator, Indicator, Plan, PlanKind, Value
from jixiao.core.review import CHECKS, CODES, Finding, Severity, review_plan, review_plans
from jixiao.core.rules.model import AllOrNothing
from jixiao.core.rules.recognise import Recognition
from jixiao.core.rules.resolve import resolve_rule
from jixiao.core.serialize import plans_to_dict
from jixiao.documents.jsonio import dumps
from tests.cli_helpers import jixiao

GE, LE, QUAL = Comparator.GE, Comparator.LE, Comparator.QUALITATIVE
LINEAR = "完成率小于60%不得分，大于等于60%,得分=（完成率-60%）/（1-60%）*指标分值"
DONE = "完成得分，未完成不得分"
RECHECKS = ("stated-score-mismatch", "stated-total-mismatch", "reason-missing", "over-achievement")


def indicator(
    name: str,
    comparator: Comparator,
    target: str,
    unit: str,
    rule_text: str,
    weight: str,
    actual: Value | None,
    stated: str | None = None,
    reason: str = "",
    level1: str = "产出指标",
    level2: str = "数量指标",
) -> Indicator:
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        comparator=comparator,
        target=target if comparator is QUAL else Decimal(target),
        target_text=target,
        unit=unit,
        rule_text=rule_text,
        weight=Decimal(weight),
        actual=actual,
        stated_score=None if stated is None else Decimal(stated),
        reason=reason,
        source=Location(file="自评表.xlsx", sheet="表1", row=8, column=3),
    )


def plan(*indicators: Indicator, stated_total: str | None = None, budget: Budget | None = None) -> Plan:
    return Plan(
        kind=PlanKind.PROJECT,
        title="中小企业发展专项资金",
        indicators=list(indicators),
        budget=budget,
        stated_total=None if stated_total is None else Decimal(stated_total),
    )


def consistent_plan() -> Plan:
    """A self-evaluation whose every stated score is the one its rules give, its total their sum, every
    missed target explained."""
    return plan(
        indicator("新增省级“小巨人”企业数", GE, "40", "家", LINEAR, "6", Decimal(40), "6"),
        indicator("培训企业人次", GE, "500", "人次", LINEAR, "10", Decimal(400), "5", "两期培训合并举办。"),
        indicator("项目验收合格率", GE, "95", "%", DONE, "10", Decimal(96), "10", level2="质量指标"),
        indicator("资金按时拨付", QUAL, "按时拨付", "", DONE, "4", "是", "4", level2="时效指标"),
        indicator(
            "项目成本",
            LE,
            "1950",
            "万元",
            "成本小于等于1950万元得2分，大于1950万元不得分",
            "2",
            Decimal("1932.5"),
            "2",
        ),
        stated_total="36",
        budget=Budget(annual=Decimal(1200), executed=Decimal(1140), stated_score=Decimal(9)),
    )


def rechecks(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.code, f.indicator) for f in findings if f.code in RECHECKS]


def only(findings: list[Finding], code: str) -> Finding:
    (finding,) = [f for f in findings if f.code == code]
    return finding


def test_it_registers_the_rechecks_with_their_severities() -> None:
    assert {code: CODES[code][0] for code in RECHECKS} == {
        "stated-score-mismatch": Severity.WARNING,
        "stated-total-mismatch": Severity.WARNING,
        "reason-missing": Severity.WARNING,
        "over-achievement": Severity.INFO,
    }
    names = [check.__name__ for check in CHECKS]
    assert names[-4:] == [
        "check_stated_score_mismatch",
        "check_stated_total_mismatch",
        "check_reason_missing",
        "check_over_achievement",
    ]


def test_it_finds_nothing_to_recheck_in_a_consistent_self_evaluation() -> None:
    assert rechecks(review_plan(consistent_plan(), 0, resolve_rule)) == []


def test_it_finds_nothing_to_recheck_in_a_target_table_without_actuals() -> None:
    target = consistent_plan()
    for ind in target.indicators:
        ind.actual, ind.stated_score = None, None
    target.stated_total, target.budget = None, None

    assert rechecks(review_plan(target, 0, resolve_rule)) == []


def test_it_finds_a_met_target_docked_points() -> None:
    docked = indicator("新增省级“小巨人”企业数", GE, "40", "家", LINEAR, "6", Decimal(42), "5")

    finding = only(review_plan(plan(docked), 0, resolve_rule), "stated-score-mismatch")

    assert finding.severity is Severity.WARNING
    assert finding.indicator == "新增省级“小巨人”企业数"
    assert finding.location == Location(file="自评表.xlsx", sheet="表1", row=8, column=3)
    assert "自评得分5分，按评分标准应得6分" in finding.message
    assert "完成率 105%（42 ÷ 40）" in finding.message  # why: the scoring's own explanation
    assert "目标已完成却被扣了1分" in finding.message


def test_it_finds_a_missed_target_given_full_points() -> None:
    inflated = indicator(
        "新增国家级“小巨人”企业数", GE, "15", "家", DONE, "6", Decimal(12), "6", "申报不足。"
    )

    finding = only(review_plan(plan(inflated), 0, resolve_rule), "stated-score-mismatch")

    assert "自评得分6分，按评分标准应得0分" in finding.message
    assert "完成率 80%（12 ÷ 15）" in finding.message
    assert "目标未完成却给了满分" in finding.message


def test_it_finds_a_partly_achieved_qualitative_target_given_full_points() -> None:
    partly = indicator("产业生态环境", QUAL, "持续优化", "", "", "5", "部分完成", "5", "配套仍有短板。")

    finding = only(review_plan(plan(partly), 0, resolve_rule), "stated-score-mismatch")

    assert "自评得分5分，按评分标准应得3分" in finding.message
    assert "部分达成" in finding.message and "目标未完成却给了满分" in finding.message


def test_it_says_how_much_a_partial_score_is_off() -> None:
    over = indicator("培训企业人次", GE, "500", "人次", LINEAR, "10", Decimal(400), "7", "合并举办。")
    under = indicator("带动就业人数", GE, "1000", "人", LINEAR, "10", Decimal(800), "4", "招工难。")
    above = indicator("企业验收合格率", GE, "95", "%", DONE, "10", Decimal(96), "12")

    findings = [f for f in review_plan(plan(over, under, above), 0, resolve_rule) if f.code == RECHECKS[0]]

    assert [f.indicator for f in findings] == ["培训企业人次", "带动就业人数", "企业验收合格率"]
    assert "应得5分" in findings[0].message and "多给了2分" in findings[0].message
    assert "应得5分" in findings[1].message and "少给了1分" in findings[1].message
    assert "应得10分" in findings[2].message and "超过了分值10分" in findings[2].message


def test_it_accepts_a_stated_score_within_rounding_of_the_rules() -> None:
    # (87.5% − 60%) ÷ 40% × 5 = 3.4375 → 3.44; a table stating 3.44 or 3.435 agrees, 3.43 does not.
    def finding_for(stated: str) -> list[tuple[str, str | None]]:
        row = indicator("新增企业", GE, "8", "家", LINEAR, "5", Decimal(7), stated, "原因。")
        return rechecks(review_plan(plan(row), 0, resolve_rule))

    assert finding_for("3.44") == []
    assert finding_for("3.435") == []
    assert finding_for("3.43") == [("stated-score-mismatch", "新增企业")]


def test_it_scores_by_the_rule_the_review_is_given() -> None:
    # With an override of all-or-nothing, 42 of 40 still earns full points; 39 of 40 earns none.
    rows = [
        indicator("甲", GE, "40", "家", LINEAR, "6", Decimal(39), "5.63", "原因。"),
        indicator("乙", GE, "40", "家", LINEAR, "6", Decimal(42), "6"),
    ]

    def all_or_nothing(ind: Indicator) -> Recognition:
        return Recognition(rule=AllOrNothing(), recognised=True, note="自定义规则")

    by_prose = rechecks(review_plan(plan(*rows), 0, resolve_rule))
    by_override = review_plan(plan(*rows), 0, all_or_nothing)

    assert by_prose == []  # (97.5% − 60%) ÷ 40% × 6 = 5.625 → 5.63, as stated
    assert rechecks(by_override) == [("stated-score-mismatch", "甲")]
    assert "应得0分" in only(by_override, "stated-score-mismatch").message


def test_it_finds_a_stated_total_that_is_not_the_sum_of_its_rows() -> None:
    table = consistent_plan()
    table.stated_total = Decimal(38)

    finding = only(review_plan(table, 0, resolve_rule), "stated-total-mismatch")

    assert (finding.plan, finding.indicator, finding.severity) == (0, None, Severity.WARNING)
    assert "自评总分写为38分" in finding.message
    assert "5个指标的自评得分与预算执行率得分9分合计为36分" in finding.message
    assert "总分多出2分" in finding.message


def test_it_sums_the_stated_rows_without_a_budget_score() -> None:
    table = consistent_plan()
    table.budget = None
    table.stated_total = Decimal("26.5")

    finding = only(review_plan(table, 0, resolve_rule), "stated-total-mismatch")

    assert "5个指标的自评得分合计为27分" in finding.message and "少了0.5分" in finding.message
    table.stated_total = Decimal(27)
    assert rechecks(review_plan(table, 0, resolve_rule)) == []


def test_it_finds_missed_targets_without_a_reason() -> None:
    table = plan(
        indicator("新增国家级“小巨人”企业数", GE, "15", "家", DONE, "6", Decimal(12)),
        indicator("部门预决算公开", QUAL, "按要求公开", "", DONE, "4", "否"),
        indicator("培训企业人次", GE, "500", "人次", LINEAR, "10", Decimal(400), reason="两期合并举办。"),
        indicator("项目成本", LE, "1950", "万元", "", "2", Decimal(2100)),
        indicator("新增省级“小巨人”企业数", GE, "40", "家", LINEAR, "6", Decimal(40)),
        indicator("资金按时拨付", QUAL, "按时拨付", "", DONE, "4", "是"),
    )

    findings = [f for f in review_plan(table, 0, resolve_rule) if f.code == "reason-missing"]

    assert [f.indicator for f in findings] == ["新增国家级“小巨人”企业数", "部门预决算公开", "项目成本"]
    assert "完成率80%" in findings[0].message and "偏差原因" in findings[0].message
    assert "实际完成情况为“否”" in findings[1].message
    assert "完成率92.86%" in findings[2].message  # a cost over its cap: 1950 ÷ 2100


def test_it_notes_targets_exceeded_by_30_percent_or_more() -> None:
    table = plan(
        indicator("新增省级“小巨人”企业数", GE, "40", "家", LINEAR, "6", Decimal(52)),
        indicator("新增国家级“小巨人”企业数", GE, "15", "家", LINEAR, "6", Decimal(19)),
        indicator("项目成本", LE, "1950", "万元", "", "2", Decimal(1000)),
        indicator("资金按时拨付", QUAL, "按时拨付", "", DONE, "4", "是"),
    )

    findings = [f for f in review_plan(table, 0, resolve_rule) if f.code == "over-achievement"]

    assert [(f.indicator, f.severity) for f in findings] == [("新增省级“小巨人”企业数", Severity.INFO)]
    assert "实际完成52家，是目标40家的130%" in findings[0].message
    assert "目标可能定得偏低" in findings[0].message and "说明" in findings[0].message


def test_it_finds_nothing_to_recheck_in_the_seed_with_its_example_actual_values(seed_path: Path) -> None:
    from jixiao.core.actuals import apply_actuals
    from jixiao.documents.load import load_plans

    plans = apply_actuals(
        load_plans(seed_path), load_plans(seed_path.with_name("zhuzhou-gxj-2023-actuals.json"))
    )

    assert rechecks(review_plans(plans, resolve_rule)) == []


def test_it_rechecks_from_the_command_line(tmp_path: Path) -> None:
    table = consistent_plan()
    table.indicators[0].stated_score = Decimal(5)
    path = tmp_path / "自评.json"
    path.write_bytes(dumps(plans_to_dict([table])))

    result = jixiao(*["review", str(path), "--json"])

    assert result.exit_code == 0, result.output
    codes = [
        (f["code"], f["indicator"]) for f in json.loads(result.stdout)["findings"] if f["code"] in RECHECKS
    ]
    # one row docked a point: the row, and the total that still counts it whole
    assert codes == [("stated-score-mismatch", "新增省级“小巨人”企业数"), ("stated-total-mismatch", None)]
