"""Scoring properties (hypothesis): points within [0, weight], monotone in the actual, fast = reference."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.errors import RuleError
from jixiao.core.model import Comparator, Indicator, Plan, PlanKind, Value
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
from jixiao.core.scoring import _decimal, _facts, compile_rule, completion_rate, score_indicator, score_plans

GE, LE, EQ, QUALITATIVE = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.QUALITATIVE


@st.composite
def decimals(draw: st.DrawFn, low: int = -(10**6), high: int = 10**6, places: int = 3) -> Decimal:
    """Decimals as tables write them: up to ``places`` decimals, trailing zeros and all."""
    return Decimal(draw(st.integers(low, high))).scaleb(-draw(st.integers(0, places)))


def fractions(below_one: bool = False) -> st.SearchStrategy[Decimal]:
    top = 999 if below_one else 1000
    return st.integers(0, top).map(lambda n: Decimal(n).scaleb(-3))


positive = decimals(low=1)
weights = st.one_of(decimals(low=0, high=10_000, places=2), decimals(low=0, high=100_000, places=3))
OPERATORS: list[Operator] = ["ge", "gt", "le", "lt", "eq"]


@st.composite
def any_bands(draw: st.DrawFn) -> Bands:
    bands = draw(
        st.lists(
            st.builds(
                Band,
                st.lists(st.builds(Bound, st.sampled_from(OPERATORS), decimals()), max_size=3).map(tuple),
                decimals(low=0, high=2000, places=1),
            ),
            min_size=1,
            max_size=5,
        )
    )
    return Bands(tuple(bands), subject=draw(st.sampled_from(["actual", "completion"])))


@st.composite
def tiers(draw: st.DrawFn) -> QualitativeTiers:
    low, mid, high = sorted(draw(st.lists(fractions(), min_size=3, max_size=3)))
    return QualitativeTiers(high, mid, low)


any_rule: st.SearchStrategy[Rule] = st.one_of(
    # Floors the language refuses too (100%, below 0): the recogniser's rules reach scoring unchecked.
    st.builds(ThresholdLinear, fractions() | decimals(low=-500, high=0, places=3)),
    st.builds(ThresholdElseProportional, st.none() | positive),
    st.just(Proportional()),
    st.just(AllOrNothing()),
    st.builds(NationalDefault, tiers()),
    any_bands(),
    st.builds(Cap, decimals(), st.none() | decimals(low=0, high=2000, places=1)),
)

QUALITATIVE_WORDS = ["是", "否", "完成", "未完成", "部分完成", "基本完成", "达成", "进展顺利", ""]


@st.composite
def indicators(draw: st.DrawFn) -> Indicator:
    """Any indicator: numbers or words, targets zero or negative too, weights missing too."""
    comparator = draw(st.sampled_from([GE, LE, EQ, QUALITATIVE]))
    target: Value | None = draw(st.none() | decimals() | st.just("按要求完成"))
    actual: Value | None = draw(st.none() | decimals() | st.sampled_from(QUALITATIVE_WORDS))
    weight = draw(st.none() | weights)
    return Indicator(
        "产出指标", "数量指标", "指标", comparator, target, str(target), weight=weight, actual=actual
    )


@given(indicators(), any_rule)
def test_it_keeps_points_within_zero_and_the_weight(indicator: Indicator, rule: Rule) -> None:
    result = score_indicator(indicator, rule)
    assert result.explanation
    if result.score is not None:
        assert indicator.weight is not None
        assert 0 <= result.score <= indicator.weight
        assert result.score == result.score.quantize(Decimal("0.01"))


# --- monotone in the actual -------------------------------------------------------------------


@st.composite
def rising_bands(draw: st.DrawFn) -> Bands:
    """Bands whose points rise with the value, written as the seed writes them or as ">=" steps."""
    steps = sorted(
        set(draw(st.lists(decimals(low=-1000, high=20_000, places=1), min_size=1, max_size=5))), reverse=True
    )
    points = sorted(
        draw(st.lists(decimals(low=0, high=200, places=1), min_size=len(steps) + 1, max_size=len(steps) + 1)),
        reverse=True,
    )
    seed_style = draw(st.booleans())
    bands = []
    for index, (step, given_points) in enumerate(zip(steps, points, strict=False)):
        bounds = [Bound("ge", step)]
        if seed_style and index > 0:
            bounds.insert(0, Bound("lt", steps[index - 1]))
        bands.append(Band(tuple(bounds), given_points))
    last = (Bound("lt", steps[-1]),) if seed_style else ()
    bands.append(Band(last, points[-1]))
    return Bands(tuple(bands), subject=draw(st.sampled_from(["actual", "completion"])))


rising_rules: st.SearchStrategy[Rule] = st.one_of(
    st.builds(ThresholdLinear, fractions(below_one=True)),
    st.builds(ThresholdElseProportional, st.none() | positive),
    st.just(Proportional()),
    st.builds(NationalDefault, tiers()),
    st.just(AllOrNothing()),
    rising_bands(),
)


@given(rising_rules, positive, weights, decimals(), decimals())
def test_it_never_scores_a_ge_indicator_less_for_a_larger_actual(
    rule: Rule, target: Decimal, weight: Decimal, first: Decimal, second: Decimal
) -> None:
    low, high = sorted([first, second])

    def points(actual: Decimal) -> Decimal | None:
        ind = Indicator("产出指标", "数量指标", "指标", GE, target, str(target), weight=weight, actual=actual)
        return score_indicator(ind, rule).score

    below, above = points(low), points(high)
    assert below is not None and above is not None
    assert below <= above


@given(
    st.one_of(
        st.builds(ThresholdLinear, fractions(below_one=True)),
        st.just(Proportional()),
        st.builds(NationalDefault, tiers()),
        st.just(AllOrNothing()),
        st.builds(Cap, decimals(), st.none() | decimals(low=0, high=200, places=1)),
    ),
    decimals(low=0),
    weights,
    decimals(),
    decimals(),
)
def test_it_never_scores_a_le_indicator_less_for_a_smaller_actual(
    rule: Rule, target: Decimal, weight: Decimal, first: Decimal, second: Decimal
) -> None:
    low, high = sorted([first, second])

    def points(actual: Decimal) -> Decimal | None:
        ind = Indicator(
            "成本指标", "经济成本指标", "成本", LE, target, str(target), weight=weight, actual=actual
        )
        return score_indicator(ind, rule).score

    below, above = points(low), points(high)
    assert below is not None and above is not None
    assert below >= above


# --- the compiled path agrees with the reference ------------------------------------------------


@settings(max_examples=400)
@given(any_rule, st.sampled_from([GE, LE, EQ]), decimals(low=-100, places=3), weights, decimals())
def test_it_compiles_rules_that_score_as_score_indicator_does(
    rule: Rule, comparator: Comparator, target: Decimal, weight: Decimal, actual: Decimal
) -> None:
    try:
        scorer = compile_rule(rule, comparator, target, weight)
    except RuleError:
        return  # some actual value could not be scored; score_indicator says which, one by one
    ind = Indicator(
        "产出指标", "数量指标", "指标", comparator, target, str(target), weight=weight, actual=actual
    )
    reference = score_indicator(ind, rule)
    assert scorer(actual) == (reference.completion, reference.score)


@given(st.integers(10**27, 10**28 - 1), decimals(low=0))
def test_it_agrees_where_a_constant_needs_more_digits_than_the_context_has(big: int, actual: Decimal) -> None:
    target = Decimal(big).scaleb(-3)  # 28 digits: floor × target has more than the context holds
    rule = ThresholdLinear(Decimal("0.65"))
    scorer = compile_rule(rule, GE, target, Decimal(7))
    ind = Indicator(
        "产出指标", "数量指标", "指标", GE, target, str(target), weight=Decimal(7), actual=actual * 10**20
    )
    reference = score_indicator(ind, rule)
    assert scorer(actual * 10**20) == (reference.completion, reference.score)


@settings(max_examples=600)
@given(
    any_rule,
    st.sampled_from([GE, LE, EQ]),
    decimals(low=-100, places=3),
    weights,
    st.lists(decimals() | st.sampled_from(["100%", "是"]), min_size=1, max_size=4),
    st.sampled_from(["", "%", "家"]),
)
def test_it_scores_plans_through_the_compiled_path_with_the_references_words(
    rule: Rule, comparator: Comparator, target: Decimal, weight: Decimal, actuals: list[Value], unit: str
) -> None:
    plan = Plan(
        PlanKind.DEPARTMENT,
        "表",
        indicators=[
            Indicator(
                "产出指标",
                "数量指标",
                f"指标{i}",
                comparator,
                target,
                str(target),
                unit,
                weight=weight,
                actual=a,
            )
            for i, a in enumerate(actuals)
        ],
    )
    bulk = score_plans([plan], lambda _indicator: rule)[0]
    for ind, fast in zip(plan.indicators, bulk.indicators, strict=True):
        reference = score_indicator(ind, rule)
        assert (fast.completion, fast.score, fast.explanation) == (
            reference.completion,
            reference.score,
            reference.explanation,
        )


BOUNDARY_RULES: list[Rule] = [
    ThresholdLinear(Decimal("0.6")),
    ThresholdLinear(Decimal("1")),
    Proportional(),
    NationalDefault(),
    AllOrNothing(),
    ThresholdElseProportional(Decimal("36")),
    Cap(Decimal("40"), Decimal("7")),
    Bands(
        (
            Band((Bound("ge", Decimal("40")),), Decimal("6")),
            Band((Bound("ge", Decimal("0.6")),), Decimal("3")),
        ),
        subject="completion",
    ),
]


@pytest.mark.parametrize("rule", BOUNDARY_RULES, ids=repr)
@pytest.mark.parametrize("comparator", [GE, LE, EQ])
@pytest.mark.parametrize("target", ["40", "0", "40.0"])
def test_it_explains_the_boundaries_as_the_reference_does(
    rule: Rule, comparator: Comparator, target: str
) -> None:
    """Actuals on the floor (60% of 40 is 24; of a ≤ 40 it is 66.67), on the target, at 0, beyond."""
    t = Decimal(target)
    actuals = ["24", "24.0", "40", "66.666", "200/3", "0", "-1", "41", "100", "1E+2"]
    plan = Plan(
        PlanKind.PROJECT,
        "表",
        indicators=[
            Indicator(
                "产出指标",
                "数量指标",
                "指标",
                comparator,
                t,
                target,
                "家",
                weight=Decimal("6"),
                actual=Decimal(a) if "/" not in a else Decimal(200) / 3,
            )
            for a in actuals
        ],
    )
    bulk = score_plans([plan], lambda _indicator: rule)[0]
    for ind, fast in zip(plan.indicators, bulk.indicators, strict=True):
        reference = score_indicator(ind, rule)
        assert (fast.completion, fast.score, fast.explanation) == (
            reference.completion,
            reference.score,
            reference.explanation,
        )


@settings(max_examples=300)
@given(st.sampled_from([GE, LE, EQ]), decimals(), decimals())
def test_it_computes_a_numbers_completion_as_the_reference_does(
    comparator: Comparator, t: Decimal, a: Decimal
) -> None:
    """``completion_rate``'s fast path for numbers equals the exact rate of the explained path."""
    reference = _decimal(_facts(comparator, t, a, QualitativeTiers()).completion)
    assert completion_rate(comparator, t, a) == reference
