"""Scoring (评分), hand-computed to two decimals: completion, points per rule, totals, grades."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.errors import RuleError
from jixiao.core.model import Budget, Comparator, Indicator, Plan, PlanKind, Value
from jixiao.core.rules.language import parse_rule
from jixiao.core.rules.model import NationalDefault, QualitativeTiers, Rule, ThresholdLinear
from jixiao.core.scoring import (
    Grade,
    IndicatorScore,
    compile_rule,
    completion_rate,
    grade_for,
    score_indicator,
    score_plan,
)

D = Decimal
GE, LE, EQ, QUALITATIVE = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.QUALITATIVE
SEED_BANDS = "bands(>=90:8, <90 and >=80:7, <=80 and >=60:6, <60:0)"  # the seed's 群众满意度, as written


def indicator(
    comparator: Comparator,
    target: Value | None,
    actual: Value | None,
    weight: str | None,
    unit: str = "",
    name: str = "指标",
) -> Indicator:
    return Indicator(
        "产出指标",
        "数量指标",
        name,
        comparator,
        target,
        str(target),
        unit=unit,
        weight=None if weight is None else D(weight),
        actual=actual,
    )


def score(
    comparator: Comparator, target: Value | None, actual: Value | None, weight: str | None, rule: str
) -> IndicatorScore:
    return score_indicator(indicator(comparator, target, actual, weight), parse_rule(rule))


# --- completion ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "target", "actual", "expected"),
    [
        (GE, D(8), D(7), D("0.875")),
        (GE, D(40), D(52), D("1.3")),  # reported uncapped
        (EQ, D(100), D(95), D("0.95")),
        (GE, D(7), D(-2), D(-2) / D(7)),  # negative growth: a negative completion
        (LE, D(1950), D(1900), D(1)),
        (LE, D(1950), D(1950), D(1)),
        (LE, D(1950), D(2000), D("0.975")),
        (LE, D(0), D(0), D(1)),  # "≤ 0 起": none happened
        (QUALITATIVE, "按要求及时公开", "是", D(1)),
        (QUALITATIVE, "按要求及时公开", "完成", D(1)),
        (QUALITATIVE, "按要求及时公开", "否", D(0)),
        (QUALITATIVE, "明显", "部分完成", D("0.6")),
        (QUALITATIVE, "明显", "基本完成", D("0.6")),
    ],
)
def test_it_computes_the_completion_rate(
    comparator: Comparator, target: Value, actual: Value, expected: Decimal
) -> None:
    assert completion_rate(comparator, target, actual) == expected


@pytest.mark.parametrize(
    ("comparator", "target", "actual"),
    [
        (GE, D(40), None),  # no actual
        (GE, D(0), D(5)),  # target 0: no division by zero
        (EQ, D(0), D(5)),
        (GE, D(-3), D(5)),
        (GE, None, D(5)),
        (GE, "明显", D(5)),
        (LE, D(-1), D(5)),
        (QUALITATIVE, "明显", "进展顺利"),  # neither achieved nor not
        (QUALITATIVE, "明显", D(1)),
    ],
)
def test_it_gives_no_completion_rate_where_there_is_none(
    comparator: Comparator, target: Value | None, actual: Value | None
) -> None:
    assert completion_rate(comparator, target, actual) is None


def test_it_uses_the_tiers_share_for_a_partly_achieved_qualitative_actual() -> None:
    tiers = QualitativeTiers(partial=D("0.5"))
    assert completion_rate(QUALITATIVE, "明显", "部分完成", tiers) == D("0.5")


# --- threshold-linear ---------------------------------------------------------------------------


def test_it_scores_the_seeds_example_as_written() -> None:
    result = score(GE, D(8), D(7), "5", "linear(floor=60%)")
    assert result.completion == D("0.875")
    assert result.score == D("3.44")
    assert result.explanation == "完成率 87.5%（7 ÷ 8）≥ 60%：(87.5% − 60%) ÷ 40% × 5 = 3.44 分"


def test_it_gives_nothing_exactly_at_the_floor() -> None:
    result = score(GE, D(40), D(24), "6", "linear(floor=60%)")
    assert result.completion == D("0.6")
    assert result.score == D("0.00")
    assert result.explanation == "完成率 60%（24 ÷ 40）≥ 60%：(60% − 60%) ÷ 40% × 6 = 0.00 分"


def test_it_gives_nothing_below_the_floor() -> None:
    result = score(GE, D(40), D("23.9"), "6", "linear(floor=60%)")
    assert result.score == D("0.00")
    assert result.explanation == "完成率 59.75%（23.9 ÷ 40）< 60%：0.00 分"


def test_it_rounds_points_half_up_once() -> None:
    # (24.4 ÷ 40 − 0.6) ÷ 0.4 × 5 = 0.125 exactly: half up gives 0.13 (half even would give 0.12).
    assert score(GE, D(40), D("24.4"), "5", "linear(floor=60%)").score == D("0.13")
    # 30 ÷ 40 = 75%: (0.75 − 0.6) ÷ 0.4 × 6 = 2.25.
    assert score(GE, D(40), D(30), "6", "linear(floor=60%)").score == D("2.25")
    # 12 ÷ 15 = 80%: (0.8 − 0.6) ÷ 0.4 × 6 = 3.
    assert score(GE, D(15), D(12), "6", "linear(floor=60%)").score == D("3.00")


def test_it_caps_over_achievement_at_the_weight_and_reports_completion_uncapped() -> None:
    result = score(GE, D(40), D(52), "6", "linear(floor=60%)")
    assert result.completion == D("1.3")
    assert result.score == D("6.00")
    assert result.explanation == "完成率 130%（52 ÷ 40）≥ 100%：得满分 6.00 分"


def test_it_gives_negative_growth_a_negative_completion_and_no_points() -> None:
    result = score(GE, D(7), D(-2), "5", "linear(floor=60%)")
    assert result.completion is not None and result.completion < 0
    assert result.completion == D(-2) / D(7)
    assert result.score == D("0.00")
    assert result.explanation == "完成率 -28.57%（-2 ÷ 7）< 60%：0.00 分"


def test_it_gives_an_indicator_without_weight_its_completion_and_no_points() -> None:
    result = score(GE, D(7), D("7.5"), None, "linear(floor=60%)")
    assert result.completion == D("7.5") / D(7)
    assert result.score is None
    assert result.explanation == "完成率 107.14%（7.5 ÷ 7）；未设分值，不计分"


def test_it_scores_a_le_indicator_linearly_above_its_target() -> None:
    # 45 ÷ 50 = 90%: (0.9 − 0.6) ÷ 0.4 × 4 = 3.
    result = score(LE, D(45), D(50), "4", "linear(floor=60%)")
    assert result.completion == D("0.9")
    assert result.score == D("3.00")
    assert result.explanation == "完成率 90%（45 ÷ 50，实际超出目标）≥ 60%：(90% − 60%) ÷ 40% × 4 = 3.00 分"


# --- bands, cap ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "points", "band"),
    [
        ("95", "8.00", "≥90%"),
        ("90", "8.00", "≥90%"),  # exactly on the boundary: ≥90 holds
        ("89.9", "7.00", "<90% 且 ≥80%"),
        ("80", "7.00", "<90% 且 ≥80%"),  # both the 2nd and the 3rd band hold; the first written wins
        ("79.9", "6.00", "≤80% 且 ≥60%"),
        ("60", "6.00", "≤80% 且 ≥60%"),
        ("59.9", "0.00", "<60%"),
    ],
)
def test_it_gives_the_points_of_the_first_band_that_holds(actual: str, points: str, band: str) -> None:
    result = score_indicator(indicator(GE, D(90), D(actual), "9", unit="%"), parse_rule(SEED_BANDS))
    assert result.score == D(points)
    assert f"实际 {actual}% 落在「{band}」档：{points} 分" in result.explanation


def test_it_scores_bands_on_the_completion_rate() -> None:
    rule = "bands(completion, >=100%:10, >=80%:8, else:0)"
    assert score(GE, D(40), D(40), "10", rule).score == D("10.00")
    result = score(GE, D(40), D(33), "10", rule)
    assert result.score == D("8.00")
    assert result.explanation == "完成率 82.5%（33 ÷ 40）；完成率 82.5% 落在「≥80%」档：8.00 分"
    assert "落在「其他」档" in score(GE, D(40), D(20), "10", rule).explanation


def test_it_gives_nothing_when_no_band_holds() -> None:
    result = score(GE, D(90), D(50), "9", "bands(>=90:8, >=80:7)")
    assert result.score == D("0.00")
    assert result.explanation.endswith("实际 50 不在任何一档：0.00 分")


def test_it_holds_band_points_to_the_weight() -> None:
    result = score(GE, D(90), D(95), "5", "bands(>=90:8, else:0)")
    assert result.score == D("5.00")
    assert "（档内 8 分超过分值 5，按 5 计）" in result.explanation


@pytest.mark.parametrize(("actual", "points"), [("1900", "2.00"), ("1950", "2.00"), ("2000", "0.00")])
def test_it_scores_a_le_cost_on_both_sides_of_its_cap(actual: str, points: str) -> None:
    result = score_indicator(
        indicator(LE, D(1950), D(actual), "2", unit="万元"), parse_rule("cap(1950, points=2)")
    )
    assert result.score == D(points)


def test_it_explains_the_cap_with_actual_and_limit() -> None:
    rule = parse_rule("cap(1950, points=2)")
    below = score_indicator(indicator(LE, D(1950), D(1900), "2", unit="万元"), rule)
    above = score_indicator(indicator(LE, D(1950), D(2000), "2", unit="万元"), rule)
    assert below.explanation == "完成率 100%（1900 ≤ 1950）；实际 1900万元 ≤ 上限 1950万元：2.00 分"
    assert (
        above.explanation
        == "完成率 97.5%（1950 ÷ 2000，实际超出目标）；实际 2000万元 > 上限 1950万元：0.00 分"
    )


def test_it_gives_a_cap_without_points_the_weight() -> None:
    assert score(LE, D(300), D(280), "5", "cap(300)").score == D("5.00")


# --- threshold-else-proportional, proportional, all-or-nothing --------------------------------------


def test_it_gives_full_points_at_or_above_the_threshold_else_in_proportion() -> None:
    rule = parse_rule("threshold(90)")
    assert score_indicator(indicator(GE, D(90), D(95), "10", "%"), rule).score == D("10.00")
    assert score_indicator(indicator(GE, D(90), D(90), "10", "%"), rule).score == D("10.00")
    result = score_indicator(indicator(GE, D(90), D(85), "10", "%"), rule)
    assert result.score == D("9.44")  # 85 ÷ 90 × 10 = 9.444…
    assert result.explanation == "完成率 94.44%（85 ÷ 90）；实际 85% < 门槛 90%：85 ÷ 90 × 10 = 9.44 分"
    assert score_indicator(indicator(GE, D(90), D(-5), "10", "%"), rule).score == D("0.00")


def test_it_takes_the_target_as_the_threshold_where_the_rule_names_none() -> None:
    result = score_indicator(indicator(GE, D(100), D(95), "10", "%"), parse_rule("threshold(target)"))
    assert result.score == D("9.50")
    assert "实际 95% < 目标 100%：95 ÷ 100 × 10 = 9.50 分" in result.explanation


def test_it_scores_proportionally_up_to_the_weight() -> None:
    result = score(GE, D(40), D(35), "6", "proportional")
    assert result.score == D("5.25")
    assert result.explanation == "完成率 87.5%（35 ÷ 40）：87.5% × 6 = 5.25 分"
    assert score(GE, D(40), D(50), "6", "proportional").score == D("6.00")
    assert score(GE, D(40), D(-1), "6", "proportional").score == D("0.00")


@pytest.mark.parametrize(
    ("actual", "points", "explanation"),
    [
        ("是", "6.00", "实际「是」判定为达成（完成率 100%）：得满分 6.00 分"),
        ("完成", "6.00", "实际「完成」判定为达成（完成率 100%）：得满分 6.00 分"),
        ("否", "0.00", "实际「否」判定为未达成（完成率 0%），完成得分、未完成不得分：0.00 分"),
        ("部分完成", "0.00", "实际「部分完成」判定为部分达成（完成率 60%），完成得分、未完成不得分：0.00 分"),
    ],
)
def test_it_scores_qualitative_yes_and_no_all_or_nothing(actual: str, points: str, explanation: str) -> None:
    result = score(QUALITATIVE, "按要求及时公开", actual, "6", "all_or_nothing")
    assert result.score == D(points)
    assert result.explanation == explanation


def test_it_does_not_guess_a_qualitative_actual_it_cannot_read() -> None:
    result = score(QUALITATIVE, "有序推进", "进展顺利", "8", "all_or_nothing")
    assert result.completion is None
    assert result.score is None
    assert result.explanation == "无法判断实际完成值「进展顺利」是否达成，不计分"


def test_it_scores_a_quantitative_all_or_nothing_by_its_comparator() -> None:
    assert score(EQ, D(100), D(100), "4", "all_or_nothing").score == D("4.00")
    result = score(EQ, D(100), D(99), "4", "all_or_nothing")
    assert result.score == D("0.00")
    assert result.explanation == "完成率 99%（99 ÷ 100）；实际 99 未达到目标 = 100：0.00 分"
    assert score(LE, D(45), D(40), "4", "all_or_nothing").score == D("4.00")


# --- the national default ---------------------------------------------------------------------


def test_it_gives_full_points_when_the_target_is_met_under_the_national_default() -> None:
    result = score(GE, D(12), D(13), "5", "default")
    assert result.score == D("5.00")
    assert result.explanation == "完成率 108.33%（13 ÷ 12）；达到目标（≥ 12）：得满分 5.00 分"


def test_it_gives_completion_times_weight_when_not_met_under_the_national_default() -> None:
    assert score(GE, D(12), D(9), "5", "default").score == D("3.75")  # 0.75 × 5
    result = score(LE, D(1950), D(2000), "2", "default")
    assert result.score == D("1.95")  # 1950 ÷ 2000 × 2
    assert result.explanation.endswith("未达到目标（≤ 1950）：97.5% × 2 = 1.95 分")
    over = score(EQ, D(100), D(110), "4", "default")  # "=" missed by going over: 110% × 4, held to 4
    assert over.score == D("4.00")
    assert "超过分值按 4 计" in over.explanation


@pytest.mark.parametrize(
    ("actual", "points"), [("是", "8.00"), ("基本完成", "4.80"), ("部分完成", "4.80"), ("否", "0.00")]
)
def test_it_judges_a_qualitative_indicator_in_three_tiers(actual: str, points: str) -> None:
    assert score(QUALITATIVE, "明显", actual, "8", "default").score == D(points)


def test_it_uses_configured_tier_shares() -> None:
    rule = NationalDefault(QualitativeTiers(partial=D("0.5")))
    result = score_indicator(indicator(QUALITATIVE, "明显", "部分完成", "8"), rule)
    assert result.score == D("4.00")
    assert result.explanation == "实际「部分完成」判定为部分达成（完成率 50%）：50% × 8 = 4.00 分"


# --- what cannot be scored ----------------------------------------------------------------------


def test_it_says_when_no_actual_was_reported() -> None:
    result = score(GE, D(40), None, "6", "linear(floor=60%)")
    assert (result.completion, result.score, result.explanation) == (None, None, "未填报实际完成值")


def test_it_explains_a_zero_target_instead_of_dividing_by_it() -> None:
    result = score(GE, D(0), D(3), "2", "linear(floor=60%)")
    assert result.completion is None
    assert result.score is None
    assert result.explanation == "目标值为 0，不能作除数，无法计算完成率；不计分"
    # A rule that does not need the completion rate still scores.
    assert score(GE, D(0), D(3), "2", "all_or_nothing").score == D("2.00")


def test_it_keeps_points_under_a_weight_with_more_than_two_decimals() -> None:
    assert score(GE, D(10), D(10), "3.335", "linear(floor=60%)").score == D("3.33")


# --- budget, totals, grades ---------------------------------------------------------------------


def project(budget: Budget | None, indicators: list[Indicator]) -> Plan:
    return Plan(PlanKind.PROJECT, title="产业发展专项", budget=budget, indicators=indicators)


def rule_for(ind: Indicator) -> Rule:
    return parse_rule(ind.rule_override or "linear(floor=60%)")


def with_rule(ind: Indicator, rule: str) -> Indicator:
    ind.rule_override = rule
    return ind


@pytest.mark.parametrize(
    ("annual", "executed", "points", "rate"),
    [
        ("100", "95", "9.50", "0.95"),
        ("100", "120", "10.00", "1.2"),
        ("300", "200", "6.67", None),
        ("100", "0", "0.00", "0"),
    ],
)
def test_it_scores_budget_execution_out_of_ten(
    annual: str, executed: str, points: str, rate: str | None
) -> None:
    result = score_plan(project(Budget(D(annual), D(executed)), []), rule_for)
    assert result.budget_score == D(points)
    assert result.budget_rate == (D(executed) / D(annual) if rate is None else D(rate))
    assert (result.total, result.max_total) == (D(points), D(10))


def test_it_scores_no_budget_without_figures_or_for_a_department() -> None:
    assert score_plan(project(Budget(None, D(5)), []), rule_for).budget_score is None
    assert score_plan(project(Budget(D(0), D(5)), []), rule_for).budget_score is None
    department = Plan(PlanKind.DEPARTMENT, budget=Budget(D(100), D(100)))
    result = score_plan(department, rule_for)
    assert (result.budget_score, result.total, result.max_total, result.normalized, result.grade) == (
        None,
        D(0),
        D(0),
        None,
        None,
    )


def test_it_totals_a_small_plan_and_grades_it() -> None:
    plan = project(
        Budget(D(100), D(90)),
        [
            indicator(GE, D(40), D(40), "50", name="新增企业"),  # 50.00
            indicator(GE, D(8), D(7), "30", name="园区增长率"),  # (0.875 − 0.6) ÷ 0.4 × 30 = 20.625 → 20.63
            with_rule(indicator(GE, D(90), D(85), "10", "%", name="满意度"), SEED_BANDS),  # 7.00
            indicator(GE, D(10), None, "5", name="未填报"),  # not scored: not in max_total
            indicator(GE, D(10), D(10), None, name="无分值"),  # not scored
        ],
    )
    result = score_plan(plan, rule_for)
    assert [s.score for s in result.indicators] == [D("50.00"), D("20.63"), D("7.00"), None, None]
    assert result.budget_score == D("9.00")
    assert result.total == D("86.63")
    assert result.max_total == D(100)
    assert result.normalized == D("86.63")
    assert result.grade is Grade.GOOD


def test_it_rescales_to_a_hundred_what_was_scored() -> None:
    plan = Plan(
        PlanKind.DEPARTMENT,
        indicators=[indicator(GE, D(8), D(7), "5"), indicator(QUALITATIVE, "按要求", "是", "6")],
    )
    result = score_plan(plan, lambda ind: parse_rule("linear" if ind.comparator is GE else "all_or_nothing"))
    assert result.total == D("9.44")  # 3.44 + 6.00
    assert result.max_total == D(11)
    assert result.normalized == D("85.82")  # 9.44 ÷ 11 × 100 = 85.818…
    assert result.grade is Grade.GOOD


@pytest.mark.parametrize(
    ("normalized", "grade"),
    [
        ("100", Grade.EXCELLENT),
        ("90", Grade.EXCELLENT),
        ("89.99", Grade.GOOD),
        ("80", Grade.GOOD),
        ("79.99", Grade.FAIR),
        ("60", Grade.FAIR),
        ("59.99", Grade.POOR),
        ("0", Grade.POOR),
    ],
)
def test_it_grades_at_the_boundaries(normalized: str, grade: Grade) -> None:
    assert grade_for(D(normalized)) is grade


def test_it_writes_scores_as_the_json_wants_them() -> None:
    plan = project(Budget(D(100), D(95)), [indicator(GE, D(8), D(7), "5", name="园区增长率")])
    data = score_plan(plan, rule_for).to_dict()
    assert list(data) == [
        "kind",
        "title",
        "unit",
        "total",
        "max_total",
        "normalized",
        "grade",
        "provisional",
        "missing_actuals",
        "budget_score",
        "budget_rate",
        "indicators",
    ]
    assert (data["kind"], data["grade"], data["total"], data["budget_score"]) == (
        "project",
        "良",
        D("12.94"),
        D("9.50"),
    )
    rows = data["indicators"]
    assert isinstance(rows, list)
    assert rows[0] == {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "园区增长率",
        "weight": D(5),
        "actual": D(7),
        "completion": D("0.875"),
        "score": D("3.44"),
        "rule": {"kind": "threshold_linear", "floor": "0.6"},
        "explanation": "完成率 87.5%（7 ÷ 8）≥ 60%：(87.5% − 60%) ÷ 40% × 5 = 3.44 分",
    }
    text = json.dumps(data, default=lambda d: float(d) if isinstance(d, Decimal) else d, ensure_ascii=False)
    assert '"score": 3.44' in text


# --- the compiled path, by hand -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "comparator", "target", "weight", "actual", "expected"),
    [
        ("linear(floor=60%)", GE, "8", "5", "7", ("0.875", "3.44")),
        ("linear(floor=60%)", GE, "40", "6", "24", ("0.6", "0.00")),
        ("linear(floor=60%)", GE, "7", "5", "-2", (str(D(-2) / D(7)), "0.00")),
        ("linear(floor=60%)", LE, "45", "4", "50", ("0.9", "3.00")),
        (SEED_BANDS, GE, "90", "9", "80", (str(D(80) / D(90)), "7.00")),
        ("cap(1950, points=2)", LE, "1950", "2", "2000", ("0.975", "0.00")),
        ("threshold(90)", GE, "90", "10", "85", (str(D(85) / D(90)), "9.44")),
        ("all_or_nothing", EQ, "100", "4", "100", ("1", "4.00")),
        ("default", LE, "1950", "2", "2000", ("0.975", "1.95")),
        ("all_or_nothing", GE, "0", "2", "3", (None, "2.00")),
    ],
)
def test_it_compiles_a_rule_into_a_scorer_that_agrees(
    rule: str, comparator: Comparator, target: str, weight: str, actual: str, expected: tuple[str | None, str]
) -> None:
    scorer = compile_rule(parse_rule(rule), comparator, D(target), D(weight))
    completion, points = scorer(D(actual))
    assert completion == (None if expected[0] is None else D(expected[0]))
    assert points == D(expected[1])


def test_it_refuses_to_compile_what_it_could_not_score() -> None:
    with pytest.raises(RuleError, match="定性"):
        compile_rule(parse_rule("all_or_nothing"), QUALITATIVE, D(1), D(6))
    with pytest.raises(RuleError, match="目标值 0"):
        compile_rule(parse_rule("linear"), GE, D(0), D(6))
    with pytest.raises(RuleError, match="分值为负"):
        compile_rule(parse_rule("linear"), GE, D(10), D(-1))
    with pytest.raises(RuleError, match="超过 100%"):
        compile_rule(ThresholdLinear(D("1.2")), GE, D(10), D(5))


# --- the documentation ----------------------------------------------------------------------------

SYMBOLS = {"≥": GE, "≤": LE, "=": EQ, "定性": QUALITATIVE}


def test_it_gives_every_worked_example_of_the_documentation() -> None:
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in (Path(__file__).parent.parent / "docs" / "scoring.md")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.startswith("| `")
    ]
    assert len(rows) >= 20
    for rule, target_cell, actual_cell, weight, points, explanation in rows:
        symbol, target_text = target_cell.split(" ", 1)
        comparator = SYMBOLS[symbol]
        target: Value
        unit = ""
        actual: Value | None = None if actual_cell == "—" else actual_cell
        if comparator is not QUALITATIVE:
            match = re.fullmatch(r"(-?[0-9.]+)(.*)", target_text)
            assert match, target_cell
            target, unit = D(match.group(1)), match.group(2)
            actual = None if actual is None else D(actual)
        else:
            target = target_text
        ind = indicator(comparator, target, actual, None if weight == "—" else weight, unit)
        result = score_indicator(ind, parse_rule(rule.strip("`")))
        assert result.score == (None if points == "—" else D(points)), rule
        assert result.explanation == explanation


HUGE = "1" + "0" * 30  # more digits than the 28 of the Decimal context


def test_it_scores_a_weight_longer_than_the_decimal_context_exactly() -> None:
    met = score(GE, D(8), D(9), HUGE, "linear(floor=60%)")
    assert met.score == D(HUGE)
    assert "得满分 " + HUGE + ".00 分" in met.explanation
    assert score(GE, D(8), D(7), HUGE, "linear(floor=60%)").score == D(HUGE) * D(275) / D(400)
    assert score(GE, D(8), D(9), HUGE + ".999", "proportional").score == D(HUGE + ".99")


@pytest.mark.parametrize(
    ("rule", "weight", "actual"),
    [
        ("linear(floor=60%)", HUGE, "7"),
        ("proportional", HUGE, "7"),
        ("threshold(9)", HUGE, "7"),
        (f"bands(>=7:{HUGE}, else:0)", "5", "7"),
        (f"cap(8, points={HUGE})", "5", "7"),
    ],
)
def test_it_compiles_a_rule_whose_points_are_longer_than_the_decimal_context(
    rule: str, weight: str, actual: str
) -> None:
    scorer = compile_rule(parse_rule(rule), GE, D(8), D(weight))
    reference = score(GE, D(8), D(actual), weight, rule)
    assert scorer(D(actual)) == (reference.completion, reference.score)
