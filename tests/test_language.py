"""The rule language (规则语言): parse, format, and the errors a user sees."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.errors import RuleSyntaxError
from jixiao.core.rules import language
from jixiao.core.rules.language import format_rule, parse_rule
from jixiao.core.rules.model import (
    AllOrNothing,
    Band,
    Bands,
    Bound,
    Cap,
    NationalDefault,
    Operator,
    Proportional,
    QualitativeTiers,
    Rule,
    ThresholdElseProportional,
    ThresholdLinear,
)

D = Decimal
SEED_BANDS = Bands(
    (
        Band((Bound("ge", D(90)),), D(8)),
        Band((Bound("lt", D(90)), Bound("ge", D(80))), D(7)),
        Band((Bound("le", D(80)), Bound("ge", D(60))), D(6)),
        Band((Bound("lt", D(60)),), D(0)),
    )
)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("linear(floor=60%)", ThresholdLinear(D("0.6"))),
        ("linear(floor=65%)", ThresholdLinear(D("0.65"))),
        ("linear(floor=0.5)", ThresholdLinear(D("0.5"))),
        ("linear(70%)", ThresholdLinear(D("0.7"))),
        ("linear()", ThresholdLinear(D("0.6"))),
        ("linear", ThresholdLinear(D("0.6"))),
        ("threshold(90)", ThresholdElseProportional(D(90))),
        ("threshold(90%)", ThresholdElseProportional(D(90))),
        ("threshold(2.5)", ThresholdElseProportional(D("2.5"))),
        ("threshold(target)", ThresholdElseProportional(None)),
        ("threshold()", ThresholdElseProportional(None)),
        ("threshold", ThresholdElseProportional(None)),
        ("proportional", Proportional()),
        ("proportional()", Proportional()),
        ("all_or_nothing", AllOrNothing()),
        ("default", NationalDefault()),
        ("default()", NationalDefault()),
        ("default(partial=60%)", NationalDefault(QualitativeTiers(partial=D("0.6")))),
        ("default(partial=50%)", NationalDefault(QualitativeTiers(partial=D("0.5")))),
        (
            "default(achieved=90%, partial=70%, not_achieved=20%)",
            NationalDefault(QualitativeTiers(D("0.9"), D("0.7"), D("0.2"))),
        ),
        (
            "bands(>=90:8, >=80:7, >=60:6, else:0)",
            Bands(
                (
                    Band((Bound("ge", D(90)),), D(8)),
                    Band((Bound("ge", D(80)),), D(7)),
                    Band((Bound("ge", D(60)),), D(6)),
                    Band((), D(0)),
                )
            ),
        ),
        ("bands(>=90:8, <90 and >=80:7, <=80 and >=60:6, <60:0)", SEED_BANDS),
        (
            "bands(completion, >=100%:10, >=80%:8, else:0)",
            Bands(
                (Band((Bound("ge", D(1)),), D(10)), Band((Bound("ge", D("0.8")),), D(8)), Band((), D(0))),
                subject="completion",
            ),
        ),
        ("bands(>=90%:8, else:0)", Bands((Band((Bound("ge", D(90)),), D(8)), Band((), D(0))))),
        ("bands(actual, >90:8)", Bands((Band((Bound("gt", D(90)),), D(8)),))),
        (
            "bands(=100:2.5, >=-5:1)",
            Bands((Band((Bound("eq", D(100)),), D("2.5")), Band((Bound("ge", D(-5)),), D(1)))),
        ),
        ("cap(1950)", Cap(D(1950))),
        ("cap(1950, points=2)", Cap(D(1950), D(2))),
        ("cap(-3.5)", Cap(D("-3.5"))),
    ],
)
def test_it_parses_each_form_into_its_rule(text: str, rule: Rule) -> None:
    assert parse_rule(text) == rule


def test_it_reads_percent_literals_on_the_actual_as_their_number_and_on_completion_as_fractions() -> None:
    on_actual = parse_rule("bands(>=90%:8)")
    on_completion = parse_rule("bands(completion, >=90%:8)")
    assert isinstance(on_actual, Bands)
    assert isinstance(on_completion, Bands)
    assert on_actual.bands[0].bounds[0].value == D(90)
    assert on_completion.bands[0].bounds[0].value == D("0.9")


def test_it_keeps_every_number_a_decimal() -> None:
    rule = parse_rule("bands(completion, >=33.3%:1.25, else:0)")
    assert isinstance(rule, Bands)
    assert rule.bands[0].bounds[0].value == D("0.333")
    assert type(rule.bands[0].bounds[0].value) is Decimal
    assert rule.bands[0].points == D("1.25")


def test_it_accepts_the_synonyms_a_chinese_keyboard_types() -> None:
    assert parse_rule("bands（≥90：8，<90 且 ≥80：7，其他：0）") == parse_rule(
        "bands(>=90:8, <90 and >=80:7, else:0)"
    )
    assert parse_rule("bands(>=90:8, <90 & >=80:7)") == parse_rule("bands(>=90:8, <90 and >=80:7)")
    assert parse_rule("linear（floor＝60％）") == ThresholdLinear(D("0.6"))


def test_it_allows_a_rule_over_several_lines() -> None:
    text = "bands(\n  >=90:8,\n  <90 and >=80:7,\n  else:0\n)\n"
    assert parse_rule(text) == parse_rule("bands(>=90:8, <90 and >=80:7, else:0)")


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (ThresholdLinear(), "linear(floor=60%)"),
        (ThresholdLinear(D("0.655")), "linear(floor=65.5%)"),
        (ThresholdElseProportional(D("90.0")), "threshold(90)"),
        (ThresholdElseProportional(None), "threshold(target)"),
        (Proportional(), "proportional"),
        (AllOrNothing(), "all_or_nothing"),
        (NationalDefault(), "default"),
        (NationalDefault(QualitativeTiers(partial=D("0.5"))), "default(partial=50%)"),
        (SEED_BANDS, "bands(>=90:8, <90 and >=80:7, <=80 and >=60:6, <60:0)"),
        (
            Bands((Band((Bound("ge", D(1)),), D(10)), Band((), D(0))), subject="completion"),
            "bands(completion, >=100%:10, else:0)",
        ),
        (Cap(D(1950), D(2)), "cap(1950, points=2)"),
        (Cap(D("1E+3")), "cap(1000)"),
    ],
)
def test_it_formats_the_canonical_text(rule: Rule, text: str) -> None:
    assert format_rule(rule) == text


# --- round trip ---------------------------------------------------------------------------------


@st.composite
def decimals(draw: st.DrawFn, low: int = -(10**7), high: int = 10**7, places: int = 6) -> Decimal:
    """Decimals with varied exponents, trailing zeros included: 90, 90.0, 0.125, -3E+2 …"""
    exponent = draw(st.integers(-2, places))
    return Decimal(draw(st.integers(low, high))).scaleb(-exponent)


@st.composite
def fractions(draw: st.DrawFn, below_one: bool = False) -> Decimal:
    """A share in [0, 1] (or [0, 1)), as written with up to six places."""
    places = draw(st.integers(0, 6))
    top = 10**places - 1 if below_one else 10**places
    return Decimal(draw(st.integers(0, top))).scaleb(-places)


OPERATORS: list[Operator] = ["ge", "gt", "le", "lt", "eq"]


@st.composite
def bands_rules(draw: st.DrawFn) -> Bands:
    count = draw(st.integers(1, 5))
    bands = []
    for index in range(count):
        may_be_else = index == count - 1
        bounds = draw(
            st.lists(
                st.builds(Bound, st.sampled_from(OPERATORS), decimals()),
                min_size=0 if may_be_else else 1,
                max_size=3,
            )
        )
        bands.append(Band(tuple(bounds), draw(decimals(low=0, high=10**4))))
    return Bands(tuple(bands), subject=draw(st.sampled_from(["actual", "completion"])))


@st.composite
def tiers(draw: st.DrawFn) -> QualitativeTiers:
    low, mid, high = sorted(draw(st.lists(fractions(), min_size=3, max_size=3)))
    return QualitativeTiers(high, mid, low)


rules: st.SearchStrategy[Rule] = st.one_of(
    st.builds(ThresholdLinear, fractions(below_one=True)),
    st.builds(ThresholdElseProportional, st.none() | decimals(low=1, high=10**7)),
    st.just(Proportional()),
    st.just(AllOrNothing()),
    st.builds(NationalDefault, tiers()),
    bands_rules(),
    st.builds(Cap, decimals(), st.none() | decimals(low=0, high=10**4)),
)


@given(rules)
def test_it_parses_back_every_rule_it_formats(rule: Rule) -> None:
    text = format_rule(rule)
    assert parse_rule(text) == rule
    assert format_rule(parse_rule(text)) == text


@settings(deadline=None)  # a property, not a timing: the first parse on a loaded machine took 0.3-0.9 s
@given(
    st.text(alphabet="linearthsodbcmp()[]<>=:,.%0123456789- _&且其他（）：，\n\r\x0c\u2028", max_size=40)
    | st.text(max_size=20)
)
def test_it_answers_any_text_with_a_rule_or_a_rule_syntax_error(text: str) -> None:
    try:
        parse_rule(text)
    except RuleSyntaxError as exc:
        lines = text.splitlines() or [""]
        assert 1 <= exc.line <= len(lines)
        assert 1 <= exc.column <= len(lines[exc.line - 1]) + 1
        assert exc.message


# --- errors -------------------------------------------------------------------------------------


def error(text: str) -> RuleSyntaxError:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule(text)
    return caught.value


def test_it_names_line_and_column_and_shows_a_caret_under_the_fault() -> None:
    exc = error("bands(>=90:8,\n      >=80:7 >=60:6)")
    assert (exc.line, exc.column) == (2, 14)
    assert str(exc) == "第2行第14列：分档之间缺少逗号「,」\n        >=80:7 >=60:6)\n               ^"


def test_it_puts_a_missing_closing_parenthesis_just_after_the_last_character() -> None:
    exc = error("linear(floor=60%\n\n")
    assert exc.message == "缺少右括号「)」"
    assert (exc.line, exc.column) == (1, 17)
    assert str(exc).endswith("linear(floor=60%\n                  ^")


def test_it_counts_lines_as_the_message_shows_them_whatever_the_line_breaks() -> None:
    exc = error("bands(>=90:8,\r\n  >=80:7\r  >=60:6)")
    assert (exc.line, exc.column) == (3, 3)
    assert str(exc).splitlines()[1:] == ["    >=60:6)", "    ^"]


def test_it_counts_columns_in_characters_not_bytes() -> None:
    exc = error("bands（≥90：8 ≥80：7）")
    assert (exc.line, exc.column) == (1, 13)
    assert exc.message == "分档之间缺少逗号「,」"


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("linear(floor=60%", "缺少右括号「)」", 17),
        ("bands(>=90:8, else:0", "缺少右括号「)」", 21),
        ("bands(>=90:8, >=80:7, >=70:6, >=60:5", "缺少右括号「)」", 37),
        (
            "xyz(1)",
            "未知的规则名「xyz」，可用：linear, threshold, proportional, all_or_nothing, default, bands, cap",
            1,
        ),
        (
            "linearx(floor=60%)",
            "未知的规则名「linearx」，可用：linear, threshold, proportional, all_or_nothing, default, bands, cap",
            1,
        ),
        (
            "完成率小于60%不得分",
            "未知的规则名「完成率小于」，可用：linear, threshold, proportional, all_or_nothing, default, bands, cap",
            1,
        ),
        ("bands(>=90, else:0)", "分档缺少分值，应写作「>=90:8」", 11),
        ("bands(>=90:8, >=80, else:0)", "分档缺少分值，应写作「>=90:8」", 19),
        ("bands(completion, >=1:8, >=0.9:7, >=80%)", "分档缺少分值，应写作「>=90:8」", 40),
        ("bands(>=90:, else:0)", "分档缺少分值，应写作「>=90:8」", 12),
        ("bands(>=90:8 >=80:7)", "分档之间缺少逗号「,」", 14),
        ("bands(<90 >=80:7)", "同一档的几个条件之间要用「and」连接，如「<90 and >=80」", 11),
        ("bands(90:8)", "分档的条件应以比较符开头，如「>=90」「<80」，或写「else」", 7),
        ("bands(>=:8)", "比较符后缺少数值，应写作「>=90」", 9),
        ("bands(>=90:8%)", "分值是几分，不带「%」：应写作「>=90:8」", 13),
        ("bands(>=90:x)", "分值应为数字，如「>=90:8」", 12),
        ("bands >=90:8", "缺少左括号「(」", 7),
        ("proportional 5", "规则到此已经完整，多出了「5」", 14),
        ("linear(flor=60%)", "linear 的参数应写作「floor=60%」", 8),
        ("linear(floor 60%)", "缺少等号「=」，应写作「floor=60%」", 14),
        ("threshold(abc)", "threshold 的参数应为门槛值（如「90」「90%」）或「target」", 11),
        (
            "default(parital=60%)",
            "default 的参数只有 achieved、partial、not_achieved，如「default(partial=60%)」",
            9,
        ),
        ("cap(1950, 2)", "cap 的参数应写作「cap(1950)」或「cap(1950, points=2)」", 11),
        ("cap(1950 points=2)", "参数之间缺少逗号「,」", 10),
        ("   ", "规则为空：请写一条规则，如「linear(floor=60%)」", 1),
    ],
)
def test_it_explains_example_mistakes_in_chinese(text: str, message: str, column: int) -> None:
    exc = error(text)
    assert exc.message == message
    assert exc.column == column


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("linear(floor=120%)", "下限「120%」应在 0% 到 100% 之间（不含 100%），如「floor=60%」", 14),
        ("linear(floor=100%)", "下限「100%」应在 0% 到 100% 之间（不含 100%），如「floor=60%」", 14),
        ("linear(-5%)", "下限「-5%」应在 0% 到 100% 之间（不含 100%），如「floor=60%」", 8),
        (
            "linear(floor=60)",
            "下限「60」应在 0% 到 100% 之间（不含 100%），如「floor=60%」，是否想写「60%」？",
            14,
        ),
        ("threshold(0)", "门槛「0」应大于 0（按比例得分要除以门槛）", 11),
        ("default(partial=120%)", "「partial」的比例「120%」应在 0% 到 100% 之间", 17),
        ("default(partial=60%, partial=50%)", "参数「partial」重复", 22),
        (
            "default(partial=90%, achieved=80%)",
            "三档比例应满足 achieved ≥ partial ≥ not_achieved，此处 achieved=80% < partial=90%",
            22,
        ),
        ("bands(else:0, >=90:8)", "「else」之后的分档永远不会生效：「else」应是最后一档", 15),
        ("bands(>=90:-8)", "分值「-8」不能为负", 12),
        ("cap(1950, points=-2)", "分值「-2」不能为负", 18),
    ],
)
def test_it_gives_semantic_errors_a_location_too(text: str, message: str, column: int) -> None:
    exc = error(text)
    assert exc.message == message
    assert (exc.line, exc.column) == (1, column)
    assert str(exc).splitlines()[2] == "  " + " " * (column - 1) + "^"


def test_it_locates_a_semantic_error_on_a_later_line() -> None:
    exc = error("bands(\n  >=90:8,\n  else:0,\n  >=80:7\n)")
    assert (exc.line, exc.column) == (4, 3)


def test_it_matches_every_example_mistake_to_its_own_message() -> None:
    for label, examples in language._MISTAKES.items():
        for example in examples:
            message = error(example).message
            if label == language._UNKNOWN_NAME:
                assert "规则名" in message, example
            else:
                assert message.startswith(label.split("{")[0]), example


# --- the documentation ----------------------------------------------------------------------------

DOC = Path(__file__).parent.parent / "docs" / "rule-language.md"


def doc_rows(columns: int) -> list[list[str]]:
    """The rows of docs/rule-language.md tables with ``columns`` cells whose first cell is code."""
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == columns:
            rows.append([cell.removeprefix("`").removesuffix("`") for cell in cells])
    return rows


def test_it_parses_every_form_the_documentation_shows_into_its_canonical_text() -> None:
    rows = doc_rows(4)
    assert len(rows) >= 15
    for text, canonical, _typed, _meaning in rows:
        assert format_rule(parse_rule(text)) == (text if canonical == "same" else canonical)


def test_it_gives_every_error_the_documentation_shows() -> None:
    rows = doc_rows(3)
    assert len(rows) >= 20
    for text, where, message in rows:
        exc = error(text)
        assert (f"{exc.line}:{exc.column}", exc.message) == (where, message), text


def test_it_puts_the_caret_under_the_fault_after_chinese_characters() -> None:
    import pytest

    from jixiao.core.errors import RuleSyntaxError
    from jixiao.core.rules.language import parse_rule

    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule("bands（>=90:8, 其他 8")
    source, caret = str(caught.value).splitlines()[1:3]
    # "（" and "其他" are two terminal cells wide each: the caret stands under the "8" that lacks its ":".
    assert source.strip() == "bands（>=90:8, 其他 8"
    assert caret.index("^") == len("  bands") + 2 + len(">=90:8, ") + 4 + 1


@pytest.mark.parametrize(
    "text",
    [
        "linear(floor=100000000000000000000000000000000%)",
        "default(partial=100000000000000000000000000000000%)",
    ],
)
def test_it_answers_a_percent_too_long_for_the_context_with_a_rule_syntax_error(text: str) -> None:
    assert "应在 0% 到 100% 之间" in error(text).message


def test_it_reads_a_completion_bound_too_long_for_the_context_exactly() -> None:
    rule = parse_rule("bands(completion, >=100000000000000000000000000000000%:1)")
    assert rule == Bands((Band((Bound("ge", D("1" + "0" * 30)),), D(1)),), subject="completion")
