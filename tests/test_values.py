"""Values and units (指标值 / 计量单位): comparator, number and unit from real target and actual texts."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from jixiao.core.errors import Location, ValueParseError
from jixiao.core.model import Comparator
from jixiao.core.values import (
    ParsedValue,
    is_achieved,
    is_partly_achieved,
    parse_comparator,
    parse_number,
    parse_value,
)

GE = Comparator.GE
LE = Comparator.LE
EQ = Comparator.EQ
D = Decimal


@pytest.mark.parametrize(
    ("text", "comparator", "number", "unit"),
    [
        ("≥40", GE, D(40), ""),
        ("≥ 100%", GE, D(100), "%"),
        ("90%以上", GE, D(90), "%"),
        ("不少于12种", GE, D(12), "种"),
        ("≤1950万元", LE, D(1950), "万元"),
        ("10个以上", GE, D(10), "个"),
        ("达到目标值95%", GE, D(95), "%"),
        ("达到目标值95%以上", GE, D(95), "%"),
        ("百分之九十五", None, D(95), "%"),
        ("1600元/亩", None, D(1600), "元/亩"),
        ("250万", None, D(250), "万"),
        ("≥80M", GE, D(80), "M"),
        ("≥266米", GE, D(266), "米"),
        ("10辆", None, D(10), "辆"),
        ("≥100百分比", GE, D(100), "%"),
        ("100.00%", None, D("100.00"), "%"),
        ("-3.5%", None, D("-3.5"), "%"),
        ("1,950", None, D(1950), ""),
        ("９０％", None, D(90), "%"),
        ("≧90", GE, D(90), ""),
        ("＞=90", GE, D(90), ""),
        ("＝100", EQ, D(100), ""),
        ("═100", EQ, D(100), ""),
        ("﹦100", EQ, D(100), ""),
        (">=90", GE, D(90), ""),
        ("<=5", LE, D(5), ""),
        ("≦5", LE, D(5), ""),
        ("=100", EQ, D(100), ""),
        ("超5500亿元", GE, D(5500), "亿元"),
        ("5%以内", LE, D(5), "%"),
        ("低于3%", LE, D(3), "%"),
        ("不超过2天", LE, D(2), "天"),
        ("38508人", None, D(38508), "人"),
        ("壹佰贰拾万元", None, D(120), "万元"),
        ("三十家", None, D(30), "家"),
        # from the realdocs
        ("≥ 40 家", GE, D(40), "家"),
        ("不少于12 种", GE, D(12), "种"),
        ("≥50个", GE, D(50), "个"),
        ("≤90万元", LE, D(90), "万元"),
        ("≤4", LE, D(4), ""),
        ("≥95%", GE, D(95), "%"),
        ("97.30%", None, D("97.30"), "%"),
        ("125.25万", None, D("125.25"), "万"),
        ("28.8万元", None, D("28.8"), "万元"),
        ("26次", None, D(26), "次"),
        ("2200篇", None, D(2200), "篇"),
        ("8例", None, D(8), "例"),
        ("9月前", LE, D(9), "月"),
        ("7月", None, D(7), "月"),
        ("达100%", GE, D(100), "%"),
        # more of the same kinds
        ("0.5", None, D("0.5"), ""),
        ("1,234,567.89元", None, D("1234567.89"), "元"),
        ("≥-5%", GE, D(-5), "%"),
        ("－2", None, D(-2), ""),
        ("大于等于60%", GE, D(60), "%"),
        ("小于等于80%", LE, D(80), "%"),
        ("不低于98%", GE, D(98), "%"),
        ("不高于5%", LE, D(5), "%"),
        ("不多于3次", LE, D(3), "次"),
        ("等于100%", EQ, D(100), "%"),
        ("控制在5%以内", LE, D(5), "%"),
        ("3个工作日内", LE, D(3), "个工作日"),
        ("12月底前", LE, D(12), "月"),
        ("≥90%(含)", GE, D(90), "%"),
        ("100左右", None, D(100), ""),
        ("百分之百", None, D(100), "%"),
        ("百分之95", None, D(95), "%"),
        ("一万二千人", None, D(12000), "人"),
        ("三点五万元", None, D("3.5"), "万元"),
        ("不少于十二种", GE, D(12), "种"),
        ("5m2", None, D(5), "m2"),
        ("12个百分点", None, D(12), "个百分点"),
        ("1.5万人次", None, D("1.5"), "万人次"),
    ],
)
def test_it_parses_comparator_number_and_unit(
    text: str, comparator: Comparator | None, number: Decimal, unit: str
) -> None:
    assert parse_value(text) == ParsedValue(text, comparator, number, unit)


@pytest.mark.parametrize("text", ["＜5", "<5", "﹤5"])
def test_it_reads_a_strict_less_than_as_at_most(text: str) -> None:
    assert (parse_value(text).comparator, parse_value(text).number) == (LE, D(5))


@pytest.mark.parametrize("text", ["＞5", ">5", "超过5", "高于5"])
def test_it_reads_a_strict_greater_than_as_at_least(text: str) -> None:
    assert (parse_value(text).comparator, parse_value(text).number) == (GE, D(5))


@pytest.mark.parametrize(
    "text",
    [
        "按要求及时公开",
        "明显",
        "有序推进",
        "持续优化",
        "—",
        "/",
        "",
        "  ",
        "严格执行相关制度规定",
        "在项目计划完成时间内完成",
        "效果明显",
        "按月安排",
        "应保尽保",
        "2022年底前完成",
        "一般",
        "十分满意",
        "零投诉",
        "一站式服务",
        "10个一级指标",
        "到0次",
        "小于等于80%且大于等于60%",
        "60%-80%",
        "≥90%以下",
        "abc",
    ],
)
def test_it_keeps_a_phrase_as_text_with_no_number(text: str) -> None:
    assert parse_value(text) == ParsedValue(text, None, None, "")


def test_it_keeps_the_original_text_unchanged() -> None:
    assert parse_value(" ≥ ９０％以上 ").text == " ≥ ９０％以上 "


def test_it_keeps_decimals_exact() -> None:
    number = parse_value("0.1").number
    assert number is not None and number.as_tuple() == D("0.1").as_tuple()


@pytest.mark.parametrize(("text", "expected"), [("≥40", True), ("明显", False), ("—", False)])
def test_it_tells_a_number_from_a_phrase(text: str, expected: bool) -> None:
    assert parse_value(text).is_number is expected


def test_it_gives_up_on_a_pathological_text_quickly() -> None:
    text = "5" * 40 + "abcdefghijklmnopqrstuvwxyz" * 40 + "!"
    assert parse_value(text).number is None


def test_it_imports_cn2an_only_for_chinese_numerals() -> None:
    code = (
        "import sys\n"
        "from jixiao.core.values import parse_value\n"
        "parse_value('≥40'); parse_value('按要求及时公开'); parse_value('90%以上')\n"
        "before = 'cn2an' in sys.modules\n"
        "parse_value('三十家')\n"
        "print(before, 'cn2an' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("≥40", D(40)),
        ("1,950", D(1950)),
        ("≤1950万元", D(1950)),
        ("百分之九十五", D(95)),
        ("-3.5%", D("-3.5")),
    ],
)
def test_it_reads_a_number_strictly(text: str, number: Decimal) -> None:
    assert parse_number(text) == number


def test_it_names_the_place_and_quotes_the_text_of_a_value_that_is_not_a_number() -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_number("abc", Location(file="seed.txt", line=12))
    assert str(caught.value).startswith("seed.txt 第12行：目标值「abc」不是数值")


def test_it_keeps_the_location_on_the_error() -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_number("abc", Location(sheet="表2", cell="E14"))
    assert caught.value.location == Location(sheet="表2", cell="E14")


def test_it_says_an_empty_value_is_empty() -> None:
    with pytest.raises(ValueParseError, match="目标值为空"):
        parse_number("  ")


def test_it_names_an_actual_value_when_asked() -> None:
    with pytest.raises(ValueParseError, match="实际完成值「明显」不是数值"):
        parse_number("明显", what="实际完成值")


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        *[(t, GE) for t in ["≥", "≧", "＞=", ">=", "大于等于", "不少于", "不低于", "正向", "正向指标", "＞"]],
        *[(t, LE) for t in ["≤", "≦", "＜=", "<=", "小于等于", "不超过", "不高于", "不多于", "反向", "＜"]],
        *[(t, EQ) for t in ["=", "＝", "═", "﹦", "等于"]],
        ("定性", Comparator.QUALITATIVE),
        ("定性指标", Comparator.QUALITATIVE),
        (" ≥ ", GE),
        ("定量", None),
        ("定量指标", None),
        ("", None),
        ("中性", None),
        ("40", None),
    ],
)
def test_it_reads_the_comparator_column(text: str, comparator: Comparator | None) -> None:
    assert parse_comparator(text) is comparator


@pytest.mark.parametrize(
    ("text", "achieved"),
    [
        *[
            (t, True)
            for t in [
                "是",
                "完成",
                "已完成",
                "达成",
                "达到",
                "达标",
                "全部完成",
                "true",
                "yes",
                "TRUE",
                " 是 ",
                "达成预期指标",
            ]
        ],
        *[(t, False) for t in ["否", "未完成", "未达成", "未达到", "没有", "false", "no", "No"]],
        *[(t, None) for t in ["部分完成", "基本完成", "明显", "", "100%", "是否"]],
    ],
)
def test_it_reads_a_qualitative_actual(text: str, achieved: bool | None) -> None:
    assert is_achieved(text) is achieved


@pytest.mark.parametrize(
    ("text", "partly"),
    [
        ("部分完成", True),
        ("部分达成", True),
        ("基本完成", True),
        ("基本达成", True),
        (" 基本完成。", True),
        ("完成", False),
        ("未完成", False),
        ("", False),
    ],
)
def test_it_reads_a_partly_achieved_actual(text: str, partly: bool) -> None:
    assert is_partly_achieved(text) is partly


@pytest.mark.parametrize(
    "text", ["最少12种", "不少于12种", "超5500亿元", "12种以上", "最多3次", "少于3次", "3次以内", "3次以下"]
)
def test_it_reads_in_the_comparator_column_every_word_a_value_may_carry(text: str) -> None:
    value = parse_value(text)
    word = text.replace(f"{value.number}", " ").replace(value.unit, " ").split()
    assert value.comparator is not None
    assert {parse_comparator(w) for w in word} == {value.comparator}


@pytest.mark.parametrize(
    ("text", "comparator", "number", "unit"),
    [
        ("至少全年完成2次宣传", GE, D(2), "次"),
        ("全年开展宣传活动不少于4场", GE, D(4), "场"),
        ("培训合格率不低于95%", GE, D(95), "%"),
        ("每季度巡查次数不小于3次", GE, D(3), "次"),
        ("群众满意度达到90%", GE, D(90), "%"),
        ("全年发放补贴≥1200万元", GE, D(1200), "万元"),
        ("完成改造10个以上村", GE, D(10), "个"),
        ("办结时限不超过15个工作日", LE, D(15), "个工作日"),
        ("安全事故不高于1起", LE, D(1), "起"),
        ("误差不大于0.5%", LE, D("0.5"), "%"),
        ("运行成本控制在300万元以内", LE, D(300), "万元"),
        ("人均费用控制在80元以下", LE, D(80), "元"),
        ("返工次数≤2次", LE, D(2), "次"),
    ],
)
def test_it_reads_a_bound_stated_in_prose(
    text: str, comparator: Comparator, number: Decimal, unit: str
) -> None:
    """One number and one bound word in a sentence state the target: the text is kept for display."""
    assert parse_value(text) == ParsedValue(text, comparator, number, unit)


@pytest.mark.parametrize(
    "text",
    [
        "2023年完成3个项目",  # a year and a count: two numbers
        "2023年底前至少完成",  # the only number is a year
        "至少完成第2批验收",  # an ordinal
        "至少完成2次培训，不超过5天",  # two bounds and two numbers
        "6月底前至少完成2次",  # a deadline and a bound
        "全年完成2次宣传",  # no bound word
        "至少完成两次宣传",  # no Arabic number
        "完成2次宣传至少",  # the bound word after the number it would precede
        "按要求完成G107国道至少一次巡查",
    ],
)
def test_it_leaves_prose_without_exactly_one_bound_and_one_number_as_it_was(text: str) -> None:
    assert parse_value(text).number is None
