"""Results applied (结果应用): grade → consequence for next year's budget, the default and validation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.errors import InputError
from jixiao.core.outcomes import DEFAULT_POLICY, GRADE_ORDER, Consequence, Policy
from jixiao.core.scoring import Grade

G = Grade


def test_it_gives_the_default_phrases_and_no_figure() -> None:
    assert [DEFAULT_POLICY.of(g).action for g in GRADE_ORDER] == [
        "优先保障",
        "保持",
        "调整压减",
        "压减或取消",
    ]
    assert all(DEFAULT_POLICY.of(g).suggested_budget(Decimal(1200)) is None for g in GRADE_ORDER)


def test_it_suggests_next_years_budget_from_the_bureaus_percentage() -> None:
    policy = Policy.from_mapping(
        {
            G.EXCELLENT: ("优先保障", Decimal("0.05")),
            G.GOOD: ("保持", Decimal(0)),
            G.FAIR: ("调整压减", Decimal("-0.22")),
            G.POOR: ("压减或取消", Decimal(-1)),
        }
    )
    assert policy.of(G.FAIR).suggested_budget(Decimal("1200")) == Decimal("936.00")
    assert policy.of(G.EXCELLENT).suggested_budget(Decimal("333.33")) == Decimal("350.00")  # 349.9965
    assert policy.of(G.POOR).suggested_budget(Decimal(80)) == 0
    assert policy.of(G.FAIR).describe() == "调整压减（下年预算 -22%）"
    assert policy.of(G.EXCELLENT).describe() == "优先保障（下年预算 +5%）"
    assert policy.of(G.GOOD).suggested_budget(None) is None


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({G.EXCELLENT: ("优先保障", None)}, "「良」有 0 条"),
        ({**{g: ("保持", None) for g in GRADE_ORDER}, G.GOOD: ("  ", None)}, "等级「良」的结果应用不能为空"),
        ({**{g: ("保持", None) for g in GRADE_ORDER}, G.POOR: ("取" * 51, None)}, "等级「差」的结果应用过长"),
        ({**{g: ("保持", None) for g in GRADE_ORDER}, G.POOR: ("取消", Decimal(-2))}, "-100% 到 +100%"),
        (
            {
                **{g: ("保持", None) for g in GRADE_ORDER},
                G.EXCELLENT: ("压减", Decimal("-0.1")),
                G.FAIR: ("保持", Decimal(0)),
            },
            "等级「优」的预算调整比例（-10%）低于等级「中」的（0%）",
        ),
    ],
)
def test_it_refuses_a_policy_that_cannot_be_meant(rows: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)").replace("+", r"\+")):
        Policy.from_mapping(rows)


def test_it_wants_each_grade_once() -> None:
    doubled = (*DEFAULT_POLICY.consequences, Consequence(G.GOOD, "保持"))
    with pytest.raises(InputError, match="「良」有 2 条"):
        Policy(doubled)


changes = st.one_of(st.none(), st.decimals(min_value=-1, max_value=1, places=4))


@given(st.lists(changes, min_size=4, max_size=4), st.decimals(min_value=0, max_value=10**9, places=2))
def test_it_never_suggests_more_for_a_worse_grade(given_changes: list, annual: Decimal) -> None:  # type: ignore[type-arg]
    ordered = sorted((c for c in given_changes if c is not None), reverse=True)
    it = iter(ordered)
    fixed = [None if c is None else next(it) for c in given_changes]
    policy = Policy.from_mapping({g: ("结果", c) for g, c in zip(GRADE_ORDER, fixed, strict=True)})
    suggested = [policy.of(g).suggested_budget(annual) for g in GRADE_ORDER]
    figures = [s for s in suggested if s is not None]
    assert figures == sorted(figures, reverse=True)
    assert all(s >= 0 for s in figures)
