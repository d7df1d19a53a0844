"""Rule recognition (评分规则识别): every rule text of the seed, and the common variants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.model import Comparator, Indicator
from jixiao.core.rules.model import (
    AllOrNothing,
    Band,
    Bands,
    Bound,
    Cap,
    NationalDefault,
    Operator,
    Proportional,
    Rule,
    ThresholdElseProportional,
    ThresholdLinear,
)
from jixiao.core.rules.recognise import Recognition, normalise_rule_text, recognise

D = Decimal


def indicator(unit: str = "%", weight: str | None = "10", rule_text: str = "") -> Indicator:
    return Indicator(
        level1="产出指标",
        level2="数量指标",
        name="测试指标",
        comparator=Comparator.GE,
        target=D(90),
        target_text="90",
        unit=unit,
        rule_text=rule_text,
        weight=None if weight is None else D(weight),
    )


def band(points: str, *bounds: tuple[Operator, str]) -> Band:
    return Band(tuple(Bound(op, D(value)) for op, value in bounds), D(points))


def assert_recognised(result: Recognition, rule: Rule) -> None:
    assert result.recognised, result.note
    assert result.rule == rule
    assert result.note


def assert_not_recognised(result: Recognition) -> None:
    assert not result.recognised
    assert result.rule == NationalDefault()
    assert "财预〔2020〕10号" in result.note


# --- every rule text of the seed ---------------------------------------------------------------

SEED_LINEAR = "完成率小于60%不得分，大于等于60%,得分=（完成率-60%）/（1-60%）*指标分值"
SEED_PROJECT_LINEAR = (
    "完成比例赋分，完成率小于60%为不及格，不得分；大于等于60%的，按超过的比重赋分，"
    "计算公式为：得分=（实际完成率-60%）/（1-60%）×指标分值"
)
SEED_SATISFACTION = "满意度大于等于90%得8分，小于90%且大于等于80%得7分，满意度小于等于80%且大 于等于60%得6分，满意度小于60%不得分"
SEED_SATISFACTION_BANDS = Bands(
    subject="actual",
    bands=(
        band("8", ("ge", "90")),
        band("7", ("lt", "90"), ("ge", "80")),
        band("6", ("le", "80"), ("ge", "60")),
        band("0", ("lt", "60")),
    ),
)


def test_it_recognises_the_seed_threshold_linear_rule() -> None:
    assert_recognised(recognise(SEED_LINEAR), ThresholdLinear(D("0.6")))


def test_it_explains_the_threshold_linear_rule() -> None:
    assert recognise(SEED_LINEAR).note == "完成率低于60%不得分，60%起线性得分，完成率100%得满分"


def test_it_recognises_the_seed_project_threshold_linear_rule() -> None:
    assert_recognised(recognise(SEED_PROJECT_LINEAR), ThresholdLinear(D("0.6")))


def test_it_recognises_the_project_rule_written_with_a_colon() -> None:
    text = SEED_PROJECT_LINEAR.replace("不得分；", "不得分：")
    assert_recognised(recognise(text), ThresholdLinear(D("0.6")))


def test_it_recognises_the_project_rule_with_a_line_break_inside() -> None:
    text = "完成比例赋分，完成率\n小于60%为不及格，不得分；" + SEED_PROJECT_LINEAR.split("不得分；", 1)[1]
    assert_recognised(recognise(text), ThresholdLinear(D("0.6")))


def test_it_recognises_the_seed_all_or_nothing_rule() -> None:
    assert_recognised(recognise("完成得分，未完成不得分"), AllOrNothing())


def test_it_recognises_the_seed_satisfaction_bands_as_written() -> None:
    assert_recognised(recognise(SEED_SATISFACTION), SEED_SATISFACTION_BANDS)


def test_it_reads_the_satisfaction_bands_in_the_indicators_percent() -> None:
    result = recognise(SEED_SATISFACTION, indicator(unit="%", weight="9"))
    assert_recognised(result, SEED_SATISFACTION_BANDS)
    assert result.note == "按实际值分档：≥90%得8分；<90%且≥80%得7分；≤80%且≥60%得6分；<60%得0分"


def test_it_recognises_the_seed_cost_cap() -> None:
    result = recognise("成本小于等于1950万元得2分，大于1950万元不得分。", indicator(unit="万元", weight="2"))
    assert_recognised(result, Cap(D(1950), D(2)))


def test_it_recognises_the_seed_usage_threshold() -> None:
    result = recognise("使用率大于等于90%的得满分，其他按比例扣分", indicator(unit="%"))
    assert_recognised(result, ThresholdElseProportional(D(90)))


def test_it_recognises_the_seed_acceptance_threshold() -> None:
    assert_recognised(
        recognise("验收合格率达100%，得满分，其他按比例扣分"), ThresholdElseProportional(D(100))
    )


def test_it_takes_the_target_as_threshold_when_the_prose_names_none() -> None:
    result = recognise("资金准时到企，得满分，其他按比例扣分", indicator(unit="%"))
    assert_recognised(result, ThresholdElseProportional(None))
    assert "目标值" in result.note


def test_it_reads_5_percent_and_above_as_threshold_5() -> None:
    result = recognise("按评判等级赋分，5%以上得满分，其他按比例扣分", indicator(unit="%"))
    assert_recognised(result, ThresholdElseProportional(D(5)))


def test_it_recognises_the_seed_satisfaction_threshold_with_points() -> None:
    result = recognise("满意度大于等于90%的得10分，其他按比例扣分", indicator(unit="%", weight="10"))
    assert_recognised(result, ThresholdElseProportional(D(90)))


# --- common variants ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        ("完成率低于50%不得分，大于等于50%,得分=（完成率-50%）/（1-50%）*指标分值", "0.5"),
        ("完成率小于70%不得分；得分=(完成率-70%)÷(100%-70%)×分值", "0.7"),
        ("得分=（完成率－60％）／（１－60％）×指标分值", "0.6"),
        ("完成率低于60%不得分，超过60%的按超过的比重赋分", "0.6"),
    ],
)
def test_it_recognises_threshold_linear_with_other_floors(text: str, floor: str) -> None:
    assert_recognised(recognise(text), ThresholdLinear(D(floor)))


def test_it_refuses_a_floor_that_disagrees_with_its_formula() -> None:
    result = recognise("完成率小于50%不得分，大于等于50%,得分=（完成率-60%）/（1-60%）*指标分值")
    assert_not_recognised(result)
    assert "50%、60%" in result.note


@pytest.mark.parametrize("floor", ["100", "120"])
def test_it_refuses_a_floor_of_100_percent_or_more(floor: str) -> None:
    result = recognise(f"完成率小于{floor}%不得分，得分=（完成率-{floor}%）/（1-{floor}%）*指标分值")
    assert_not_recognised(result)
    assert f"及格线{floor}%不低于100%" in result.note


def test_it_refuses_to_guess_what_proportional_above_a_floor_means() -> None:
    result = recognise("完成率低于60%不得分，60%以上按比例得分")
    assert_not_recognised(result)
    assert "两种读法" in result.note


@pytest.mark.parametrize(
    "text",
    [
        "按完成比例赋分",
        "按实际完成比例得分",
        "按比例得分",
        "按完成率计分",
        "达到目标值得满分，未达到按完成比例得分",
    ],
)
def test_it_recognises_proportional_rules(text: str) -> None:
    assert_recognised(recognise(text), Proportional())


def test_it_recognises_bands_on_the_completion_rate_as_fractions() -> None:
    result = recognise("完成率大于等于100%得10分，大于等于80%得8分，其他不得分")
    rule = Bands(subject="completion", bands=(band("10", ("ge", "1")), band("8", ("ge", "0.8")), band("0")))
    assert_recognised(result, rule)
    assert result.note == "按完成率分档：≥100%得10分；≥80%得8分；其他得0分"


def test_it_recognises_bands_written_with_glyphs_and_ranges() -> None:
    result = recognise("≥90%得5分；80%≤满意度<90%得4分；<80%不得分", indicator(unit="%", weight="5"))
    rule = Bands(
        subject="actual",
        bands=(band("5", ("ge", "90")), band("4", ("ge", "80"), ("lt", "90")), band("0", ("lt", "80"))),
    )
    assert_recognised(result, rule)


def test_it_reads_above_and_below_as_including_the_number() -> None:
    result = recognise("90%(含)以上得5分，80%以上得3分，80%以下不得分")
    rule = Bands(
        subject="actual", bands=(band("5", ("ge", "90")), band("3", ("ge", "80")), band("0", ("le", "80")))
    )
    assert_recognised(result, rule)


def test_it_reads_chinese_numerals_in_points() -> None:
    result = recognise("满意度大于等于90%得八分，大于等于80%得六点五分，其他不得分")
    rule = Bands(subject="actual", bands=(band("8", ("ge", "90")), band("6.5", ("ge", "80")), band("0")))
    assert_recognised(result, rule)


def test_it_gives_full_marks_in_a_band_the_indicators_weight() -> None:
    result = recognise("满意度≥95%得满分，≥85%得3分，其他不得分", indicator(weight="5"))
    rule = Bands(subject="actual", bands=(band("5", ("ge", "95")), band("3", ("ge", "85")), band("0")))
    assert_recognised(result, rule)


def test_it_refuses_full_marks_in_a_band_when_no_weight_is_known() -> None:
    result = recognise("满意度≥95%得满分，≥85%得3分，其他不得分")
    assert_not_recognised(result)
    assert "分值" in result.note


def test_it_refuses_percent_bands_on_an_indicator_counted_in_units() -> None:
    result = recognise("大于等于90%得6分，其他不得分", indicator(unit="家", weight="6"))
    assert_not_recognised(result)
    assert "“家”" in result.note


@pytest.mark.parametrize(
    "text",
    [
        "达到得满分，未达到不得分",
        "是得分，否不得分",
        "按时完成得满分，未按时完成不得分",
        "完成得6分，未完成不得分",
    ],
)
def test_it_recognises_all_or_nothing_variants(text: str) -> None:
    assert_recognised(recognise(text, indicator(weight="6")), AllOrNothing())


def test_it_refuses_all_or_nothing_points_that_are_not_the_weight() -> None:
    result = recognise("完成得5分，未完成不得分", indicator(weight="6"))
    assert_not_recognised(result)
    assert "5分" in result.note and "6分" in result.note


def test_it_refuses_a_threshold_points_that_are_not_the_weight() -> None:
    result = recognise("满意度大于等于90%的得8分，其他按比例扣分", indicator(weight="10"))
    assert_not_recognised(result)


def test_it_recognises_a_cap_with_full_marks() -> None:
    result = recognise("费用控制在50万元以内得满分，超出不得分", indicator(unit="万元"))
    assert_recognised(result, Cap(D(50), None))


def test_it_refuses_a_cap_in_another_unit_than_the_indicators() -> None:
    result = recognise("成本小于等于1950万元得2分，大于1950万元不得分。", indicator(unit="亿元"))
    assert_not_recognised(result)
    assert "万元" in result.note and "亿元" in result.note


def test_it_refuses_a_threshold_on_the_completion_rate() -> None:
    assert_not_recognised(recognise("完成率达到90%得满分，其他按比例扣分"))


@pytest.mark.parametrize("text", ["", "/", " ／ ", "—", "无"])
def test_it_applies_the_national_default_where_no_rule_is_given(text: str) -> None:
    result = recognise(text)
    assert result.recognised
    assert result.rule == NationalDefault()
    assert "财预〔2020〕10号" in result.note


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("未达指标值酌情扣分", "酌情"),
        ("每降低1个百分点扣0.5分", "每…扣…分"),
        ("满意度大于等于90%得满分，每降低1个百分点扣0.5分", "每…扣…分"),
        ("根据实际情况综合评定", "未能识别"),
        ("abc", "未能识别"),
    ],
)
def test_it_says_so_when_it_does_not_understand(text: str, reason: str) -> None:
    result = recognise(text, indicator())
    assert_not_recognised(result)
    assert reason in result.note


def test_it_normalises_spaces_and_full_width_punctuation() -> None:
    assert normalise_rule_text(" 小于等于80％且大 于等于60％，得６分。") == "小于等于80%且大于等于60%,得6分"


def test_it_gives_a_dict_for_json() -> None:
    assert recognise(SEED_LINEAR).to_dict() == {
        "rule": {"kind": "threshold_linear", "floor": "0.6"},
        "recognised": True,
        "note": "完成率低于60%不得分，60%起线性得分，完成率100%得满分",
    }


RULE_ALPHABET = (
    "0123456789.%％,，;；:：()（）≥≤<>=且得分满不完成率大于小于等于以上以下其他按比例扣每酌情万元 \n"
)


@given(st.text(alphabet=RULE_ALPHABET, max_size=60))
def test_it_never_raises_whatever_the_text(text: str) -> None:
    result = recognise(text, indicator())
    assert result.note
    if not result.recognised:
        assert result.rule == NationalDefault()
