"""Merging actual values onto target plans (apply_actuals)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.actuals import apply_actuals
from jixiao.core.errors import InputError
from jixiao.core.model import Budget, Comparator, Indicator, Plan, PlanKind

D = Decimal


def indicator(name: str, actual: Decimal | None = None, level2: str = "数量指标") -> Indicator:
    return Indicator("产出指标", level2, name, Comparator.GE, D(10), "10", actual=actual)


def plan(*names: str, budget: Budget | None = None) -> Plan:
    return Plan(PlanKind.PROJECT, indicators=[indicator(n) for n in names], budget=budget)


def test_it_pairs_plans_by_position_with_their_budget_and_total() -> None:
    targets = [plan("甲"), plan("甲", budget=Budget(annual=D(100), executed=None))]
    actuals = [
        Plan(PlanKind.PROJECT, indicators=[indicator("甲", D(1))]),
        Plan(
            PlanKind.PROJECT,
            indicators=[indicator("甲", D(2))],
            budget=Budget(None, D(90)),
            stated_total=D(88),
        ),
    ]

    first, second = apply_actuals(targets, actuals)

    assert first.indicators[0].actual == D(1) and first.budget is None
    assert second.indicators[0].actual == D(2)
    assert second.budget == Budget(annual=D(100), executed=D(90))
    assert second.stated_total == D(88)


def test_it_places_one_actuals_plan_across_several_targets_by_name() -> None:
    targets = [plan("甲", "乙"), plan("丙")]
    actuals = [Plan(PlanKind.PROJECT, indicators=[indicator("丙", D(3)), indicator("甲", D(1))])]

    first, second = apply_actuals(targets, actuals)

    assert [i.actual for i in first.indicators] == [D(1), None]
    assert second.indicators[0].actual == D(3)


def test_it_tells_indicators_of_the_same_name_apart_by_their_categories() -> None:
    targets = [
        Plan(PlanKind.PROJECT, indicators=[indicator("合格率"), indicator("合格率", level2="质量指标")])
    ]
    actuals = [Plan(PlanKind.PROJECT, indicators=[indicator("合格率", D(9), level2="质量指标")])]

    (merged,) = apply_actuals(targets, actuals)

    assert merged.indicators[1].actual == D(9)


@pytest.mark.parametrize(
    ("targets", "message"),
    [([plan("甲")], "找不到"), ([plan("乙"), plan("乙"), plan("丙")], "无法确定归属")],
)
def test_it_refuses_an_indicator_it_cannot_place(targets: list[Plan], message: str) -> None:
    actuals = (
        [Plan(PlanKind.PROJECT, indicators=[indicator("乙", D(1))])] if len(targets) > 1 else [plan("乙")]
    )

    with pytest.raises(InputError) as caught:
        apply_actuals(targets, actuals)
    assert message in caught.value.message and "「乙」" in caught.value.message


def test_it_places_a_budget_on_the_one_target_plan_of_its_kind_and_title() -> None:
    from jixiao.core.actuals import merge_actuals

    targets = [Plan(PlanKind.DEPARTMENT, "部门", indicators=[indicator("甲")]), plan("乙"), plan("丙")]
    actuals = [Plan(PlanKind.DEPARTMENT, indicators=[indicator("甲", D(1))], stated_total=D(80))]

    merged, notes = merge_actuals(targets, actuals)

    assert merged[0].stated_total == D(80) and notes == []


def test_it_says_which_plans_could_take_a_budget_and_applies_the_values_only() -> None:
    from jixiao.core.actuals import merge_actuals

    targets = [plan("甲"), plan("乙"), plan("丙")]
    actuals = [
        Plan(
            PlanKind.PROJECT,
            indicators=[indicator("甲", D(1)), indicator("乙", D(2))],
            budget=Budget(None, D(9)),
        )
    ]

    merged, notes = merge_actuals(targets, actuals)

    assert [p.budget for p in merged] == [None, None, None]
    assert merged[0].indicators[0].actual == D(1) and merged[1].indicators[0].actual == D(2)
    assert len(notes) == 1 and "无法确定" in notes[0] and "已填入" in notes[0]
