"""Mid-year monitoring (core.monitoring): time elapsed, levels, forecasts, what a round still needs."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.errors import InputError
from jixiao.core.model import Budget, Comparator, Indicator, Plan, PlanKind, Value
from jixiao.core.monitoring import (
    Level,
    QualitativeProgress,
    Thresholds,
    assess_indicator,
    assess_plan,
    missing_before_submission,
    qualitative_progress,
    year_elapsed,
)

GE, LE, EQ, QUALITATIVE = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.QUALITATIVE
MID_YEAR = date(2025, 6, 30)


def indicator(
    comparator: Comparator = GE,
    target: Value | None = Decimal(40),
    to_date: Value | None = None,
    expected: Value | None = None,
    name: str = "新增小巨人企业数",
    reason: str = "",
    correction: str = "",
) -> Indicator:
    return Indicator(
        level1="产出指标",
        level2="数量指标",
        name=name,
        comparator=comparator,
        target=target,
        target_text=str(target),
        to_date=to_date,
        expected=expected,
        reason=reason,
        correction=correction,
    )


def plan(
    *indicators: Indicator, annual: Decimal | None = Decimal(1000), executed: Decimal | None = None
) -> Plan:
    budget = Budget(annual=annual, executed=None, executed_to_date=executed)
    return Plan(kind=PlanKind.PROJECT, title="专项资金", budget=budget, indicators=list(indicators))


def test_it_counts_the_calendar_days_to_the_cut_off_inclusive() -> None:
    assert year_elapsed(date(2025, 6, 30)) == Decimal(181) / Decimal(365)
    assert year_elapsed(date(2024, 6, 30)) == Decimal(182) / Decimal(366)  # a leap year
    assert year_elapsed(date(2025, 12, 31)) == 1
    assert year_elapsed(date(2025, 1, 1)) == Decimal(1) / Decimal(365)


def test_it_gives_the_demo_round_its_severe_deviations() -> None:
    # 6月30日: one indicator at 20% of its target and the budget 30% executed.
    status = assess_plan(
        plan(
            indicator(to_date=Decimal(8)),
            indicator(name="带动就业", target=Decimal(100), to_date=Decimal(50)),
            executed=Decimal(300),
        ),
        MID_YEAR,
    )
    first, second = status.indicators
    assert first.level is Level.SEVERE
    assert first.completion == Decimal("0.2")
    assert "落后 29.59 个百分点" in first.why
    assert second.level is Level.NORMAL
    assert status.budget is not None and status.budget.level is Level.SEVERE
    assert status.budget.execution == Decimal("0.3")
    assert status.level is Level.SEVERE


def test_it_extrapolates_linearly_beside_the_units_own_forecast() -> None:
    status = assess_indicator(indicator(to_date=Decimal(10), expected=Decimal(36)), year_elapsed(MID_YEAR))
    assert status.linear_value == Decimal(10) / year_elapsed(MID_YEAR)
    assert status.linear_forecast is not None and status.linear_forecast.quantize(
        Decimal("0.0001")
    ) == Decimal("0.5041")
    assert status.own_forecast == Decimal("0.9")
    # Behind time by 24.6 points, and the unit itself expects 90%: 严重偏差.
    assert status.level is Level.SEVERE
    assert "单位预计全年完成率 90.00%" in status.why


def test_it_makes_the_units_own_low_forecast_a_deviation_even_on_schedule() -> None:
    status = assess_indicator(indicator(to_date=Decimal(20), expected=Decimal(30)), year_elapsed(MID_YEAR))
    assert status.gap is not None and status.gap < 0  # ahead of time
    assert status.level is Level.MILD  # but the unit expects 75%


def test_it_judges_a_cost_cap_by_its_pace_not_by_spending_slowly() -> None:
    elapsed = year_elapsed(MID_YEAR)
    slow = assess_indicator(indicator(LE, Decimal(1950), Decimal(300)), elapsed)
    fast = assess_indicator(indicator(LE, Decimal(1950), Decimal(1200)), elapsed)
    over = assess_indicator(indicator(LE, Decimal(1950), Decimal(2000)), elapsed)
    assert slow.level is Level.NORMAL
    assert fast.level is Level.MILD  # 61.5% of the cap used at 49.6% of the year: 11.9 points ahead
    assert "快于时间进度 11.95 个百分点" in fast.why
    assert over.level is Level.SEVERE and "已超过上限" in over.why


@pytest.mark.parametrize(
    ("text", "progress", "level"),
    [
        ("按进度", QualitativeProgress.ON_SCHEDULE, Level.NORMAL),
        ("进度滞后", QualitativeProgress.BEHIND, Level.MILD),
        ("有可能", QualitativeProgress.BEHIND, Level.MILD),
        ("无法完成", QualitativeProgress.UNACHIEVABLE, Level.SEVERE),
        ("完全不可能", QualitativeProgress.UNACHIEVABLE, Level.SEVERE),
    ],
)
def test_it_reads_a_qualitative_indicators_progress(
    text: str, progress: QualitativeProgress, level: Level
) -> None:
    assert qualitative_progress(text) is progress
    status = assess_indicator(indicator(QUALITATIVE, "按要求公开", text), year_elapsed(MID_YEAR))
    assert status.qualitative is progress and status.level is level


def test_it_asks_for_reasons_and_corrections_of_every_deviation() -> None:
    status = assess_plan(
        plan(
            indicator(to_date=Decimal(8), reason="资金未到位"),
            indicator(QUALITATIVE, "按要求公开", None, name="信息公开"),
            indicator(name="带动就业", target=Decimal(100), to_date=Decimal(50)),
            executed=Decimal(300),
        ),
        MID_YEAR,
    )
    messages = [m.message for m in missing_before_submission(status)]
    assert messages == [
        "指标「新增小巨人企业数」严重偏差，须填写纠偏措施",
        "指标「信息公开」：定性指标请填写 按进度 / 滞后 / 无法完成",
        "预算执行严重偏差，须填写偏差原因",
        "预算执行严重偏差，须填写纠偏措施",
    ]


def test_it_needs_nothing_more_for_a_plan_on_schedule() -> None:
    elapsed = year_elapsed(MID_YEAR)
    on_time = assess_plan(
        plan(indicator(to_date=Decimal(40) * elapsed), executed=Decimal(1000) * elapsed), MID_YEAR
    )
    assert on_time.level is Level.NORMAL
    assert missing_before_submission(on_time) == []


def test_it_refuses_thresholds_out_of_order() -> None:
    with pytest.raises(InputError, match="轻度偏差"):
        Thresholds(mild_gap=Decimal("0.3"), severe_gap=Decimal("0.1"))


def test_it_applies_the_bureaus_own_thresholds() -> None:
    strict = Thresholds(mild_gap=Decimal(0), severe_gap=Decimal("0.05"))
    status = assess_indicator(indicator(to_date=Decimal(18)), year_elapsed(MID_YEAR), strict)
    assert status.level is Level.MILD  # 45% against 49.6%: 4.6 points behind
    assert assess_indicator(indicator(to_date=Decimal(18)), year_elapsed(MID_YEAR)).level is Level.NORMAL


# ── properties ───────────────────────────────────────────────────────────────────────────────

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
targets = st.integers(1, 10**6).map(Decimal)
shares = st.integers(0, 1500).map(lambda n: Decimal(n).scaleb(-3))  # 0 … 150% of the target
thresholds = st.tuples(st.integers(0, 50), st.integers(0, 50), st.integers(0, 100), st.integers(0, 100)).map(
    lambda t: Thresholds(
        mild_gap=Decimal(min(t[0], t[1])).scaleb(-2),
        severe_gap=Decimal(max(t[0], t[1])).scaleb(-2),
        mild_forecast=Decimal(max(t[2], t[3])).scaleb(-2),
        severe_forecast=Decimal(min(t[2], t[3])).scaleb(-2),
    )
)


Rows = list[tuple[Comparator, Decimal, Decimal]]
ProgressPlan = tuple[Rows, Decimal, Decimal]


@st.composite
def progress_plans(draw: st.DrawFn) -> ProgressPlan:
    """Indicators (≥ or =) with a target and a share of it reached; a budget and its share executed."""
    rows = draw(st.lists(st.tuples(st.sampled_from([GE, EQ]), targets, shares), min_size=1, max_size=5))
    return rows, draw(targets), draw(shares.filter(lambda s: s <= 1))


def build(rows: list[tuple[Comparator, Decimal, Decimal]], annual: Decimal, executed_share: Decimal) -> Plan:
    return plan(
        *(indicator(c, t, t * s, name=f"指标{i}") for i, (c, t, s) in enumerate(rows)),
        annual=annual,
        executed=annual * executed_share,
    )


@settings(max_examples=100, deadline=None)
@given(progress_plans(), dates, thresholds)
def test_it_finds_a_plan_exactly_on_schedule_normal(
    data: ProgressPlan, cut_off: date, limits: Thresholds
) -> None:
    rows, annual, _ = data
    elapsed = year_elapsed(cut_off)
    on_time = build([(c, t, elapsed) for c, t, _ in rows], annual, elapsed)
    status = assess_plan(on_time, cut_off, limits)
    assert status.level is Level.NORMAL
    assert all(s.gap == 0 for s in status.indicators)


@settings(max_examples=150, deadline=None)
@given(progress_plans(), dates, st.integers(1, 364), thresholds)
def test_it_never_gives_a_better_level_at_a_later_cut_off(
    data: ProgressPlan, cut_off: date, days: int, limits: Thresholds
) -> None:
    later = cut_off + timedelta(days=days)
    if later.year != cut_off.year:
        later = date(cut_off.year, 12, 31)
    same_progress = build(*data)
    early = assess_plan(same_progress, cut_off, limits)
    late = assess_plan(same_progress, later, limits)
    assert late.level.rank >= early.level.rank
    for a, b in zip(early.indicators, late.indicators, strict=True):
        assert a.level is not None and b.level is not None and b.level.rank >= a.level.rank


@settings(max_examples=150, deadline=None)
@given(targets, shares, shares, dates, thresholds)
def test_it_judges_a_cap_in_its_own_direction(
    target: Decimal, a: Decimal, b: Decimal, cut_off: date, limits: Thresholds
) -> None:
    """≤ (costs): more spent by the same date is never better; for ≥, more reached is never worse."""
    less, more = sorted((a, b))
    elapsed = year_elapsed(cut_off)
    cap = [assess_indicator(indicator(LE, target, target * s), elapsed, limits).level for s in (less, more)]
    floor = [assess_indicator(indicator(GE, target, target * s), elapsed, limits).level for s in (less, more)]
    assert cap[0] is not None and cap[1] is not None and cap[1].rank >= cap[0].rank
    assert floor[0] is not None and floor[1] is not None and floor[1].rank <= floor[0].rank
