"""Scoring (评分): completion rates (完成率), points by rule, plan totals and grades (等级).

Two paths, one meaning:

- ``score_indicator`` is the reference. It follows the rules exactly as written (issue 2, item 6)
  in exact rational arithmetic (``Fraction``), rounds the points once to 0.01 (ROUND_HALF_UP) and
  explains the result in Chinese with the numbers, e.g.
  "完成率 87.5%（7 ÷ 8）≥ 60%：(87.5% − 60%) ÷ 40% × 5 = 3.44 分".
- ``compile_rule`` binds a rule, comparator, target and weight once into a scorer
  ``actual -> (completion, points)`` for bulk scoring: every constant is computed when the rule is
  compiled, and the scorer does a handful of ``Decimal`` operations, no explanation. A property test
  holds it to the reference.

Completion is reported uncapped, as a fraction (1.3 = 130%), as a 28-digit ``Decimal``. It is
``None`` where it cannot be computed — no actual value, a target that is not a positive number for ≥
and =, a negative target for ≤, a text actual that says neither achieved nor not — and the
explanation says why. Points are never below 0 nor above the weight; an indicator without a weight
gets its completion and no points.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, getcontext
from enum import StrEnum
from fractions import Fraction
from functools import cache, lru_cache
from types import CodeType, FunctionType
from typing import Literal, cast

from jixiao.core.errors import RuleError
from jixiao.core.model import Comparator, Indicator, Plan, PlanKind, Value
from jixiao.core.rules.model import (
    OPERATOR_SYMBOLS,
    AllOrNothing,
    Band,
    Bands,
    Cap,
    NationalDefault,
    Proportional,
    QualitativeTiers,
    Rule,
    ThresholdElseProportional,
    ThresholdLinear,
)
from jixiao.core.values import is_achieved, is_partly_achieved, restates_target
from jixiao.core.wording import Deadline, deadline, meets_deadline

__all__ = [
    "BUDGET_POINTS",
    "Grade",
    "IndicatorScore",
    "PlanScore",
    "compile_rule",
    "completion_rate",
    "format_percent",
    "full_points",
    "grade_for",
    "score_indicator",
    "score_indicators",
    "score_plan",
    "score_plans",
    "scores_to_dict",
]

BUDGET_POINTS = Decimal(10)
"""Points for budget execution (预算执行率) in a project self-evaluation."""

CENT = Decimal("0.01")
_ZERO_POINTS = Decimal("0.00")
_ONE = Decimal(1)
_ZERO = Decimal(0)
_F0 = Fraction(0)
_F1 = Fraction(1)
_DEFAULT_TIERS = QualitativeTiers()

GE = Comparator.GE
LE = Comparator.LE
EQ = Comparator.EQ
QUALITATIVE = Comparator.QUALITATIVE


class Grade(StrEnum):
    """The grade (评价等级) from the score out of 100: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"


def grade_for(normalized: Decimal) -> Grade:
    """The grade of a score out of 100 (百分制): 90 → 优, 89.99 → 良, 80 → 良, 60 → 中, 59.99 → 差."""
    if normalized >= 90:
        return Grade.EXCELLENT
    if normalized >= 80:
        return Grade.GOOD
    if normalized >= 60:
        return Grade.FAIR
    return Grade.POOR


# --- completion -------------------------------------------------------------------------------

Tier = Literal["achieved", "partial", "not_achieved"]
_TIER_WORDS: dict[str, str] = {"achieved": "达成", "partial": "部分达成", "not_achieved": "未达成"}


def _tier(text: str, target: Value | None = None) -> Tier | None:
    """How a text actual reads: 是/完成 → achieved, 部分完成/基本完成 → partial, 否 → not achieved;
    the words of its text target repeated ("显著提升" for 显著提升) → achieved."""
    if is_partly_achieved(text):
        return "partial"
    achieved = is_achieved(text)
    if achieved is None:
        return "achieved" if isinstance(target, str) and restates_target(text, target) else None
    return "achieved" if achieved else "not_achieved"


@dataclass(frozen=True, slots=True)
class _Facts:
    """What scoring one indicator starts from, read once."""

    number: Decimal | None  # the actual, when it is a number
    text: str | None  # the actual, when it is a phrase
    tier: Tier | None  # how the phrase reads
    target: Decimal | None  # the target, when it is a number
    completion: Fraction | None  # exact; None where it cannot be computed
    about: str  # "完成率 87.5%（7 ÷ 8）", or why there is no completion rate


def _deadline_facts(actual: str, target: Value | None, due: Deadline, tiers: QualitativeTiers) -> _Facts:
    """A deadline target (完成时限): achieved when the actual's date is on or before it; an actual
    naming no date is read as any qualitative actual (是/完成 …)."""
    met = meets_deadline(actual, due)
    if met is None:
        tier = _tier(actual)
        if tier is None:
            return _Facts(
                None, actual, None, None, None, f"无法判断实际完成值「{actual}」是否在时限「{target}」内"
            )
    else:
        tier = "achieved" if met else "not_achieved"
    share = Fraction(getattr(tiers, tier))
    about = f"实际「{actual}」对照时限「{target}」判定为{_TIER_WORDS[tier]}（完成率 {format_percent(share)}）"
    return _Facts(None, actual, tier, None, share, about)


def _facts(comparator: Comparator, target: Value | None, actual: Value, tiers: QualitativeTiers) -> _Facts:
    number_target = target if isinstance(target, Decimal) else None
    due = deadline(target) if isinstance(target, str) else None
    if due is not None:
        return _deadline_facts(str(actual), target, due, tiers)
    if isinstance(actual, str):
        tier = _tier(actual, target)
        if tier is None:
            return _Facts(None, actual, None, number_target, None, f"无法判断实际完成值「{actual}」是否达成")
        share = Fraction(getattr(tiers, tier))
        about = f"实际「{actual}」判定为{_TIER_WORDS[tier]}（完成率 {format_percent(share)}）"
        return _Facts(None, actual, tier, number_target, share, about)
    a = actual
    if comparator is QUALITATIVE:
        about = f"定性指标的实际完成值应为文字（如「是」「完成」），此处为数值 {_n(a)}，无法计算完成率"
        return _Facts(a, None, None, number_target, None, about)
    if number_target is None:
        why = "未设目标值" if target is None else f"目标值「{target}」不是数值"
        return _Facts(a, None, None, None, None, f"{why}，无法计算完成率")
    t = number_target
    if comparator is LE:
        if a <= t:
            return _Facts(a, None, None, t, _F1, f"完成率 100%（{_n(a)} ≤ {_n(t)}）")
        if t < 0:
            return _Facts(a, None, None, t, None, f"≤ 指标的目标值为负（{_n(t)}），无法计算完成率")
        c = Fraction(t) / Fraction(a)
        return _Facts(a, None, None, t, c, f"完成率 {format_percent(c)}（{_n(t)} ÷ {_n(a)}，实际超出目标）")
    if t <= 0:
        why = "为 0，不能作除数" if t == 0 else f"为负（{_n(t)}）"
        return _Facts(a, None, None, t, None, f"目标值{why}，无法计算完成率")
    c = Fraction(a) / Fraction(t)
    return _Facts(a, None, None, t, c, f"完成率 {format_percent(c)}（{_n(a)} ÷ {_n(t)}）")


def completion_rate(
    comparator: Comparator,
    target: Value | None,
    actual: Value | None,
    tiers: QualitativeTiers = _DEFAULT_TIERS,
) -> Decimal | None:
    """The completion rate (完成率) as an uncapped fraction, or None where there is none.

    ≥ and = → actual ÷ target; ≤ → 1 when actual ≤ target, else target ÷ actual; a text actual →
    the share of its tier (是/完成 → ``tiers.achieved``, 部分完成 → ``tiers.partial``, 否 →
    ``tiers.not_achieved``). None for a missing actual, a ≥/= target that is not a positive number,
    a negative ≤ target, or a text that says neither.
    """
    if actual is None:
        return None
    if isinstance(actual, Decimal) and isinstance(target, Decimal) and comparator is not QUALITATIVE:
        return _number_completion(comparator, target, actual)  # no explanation to build: ~50× faster
    return _decimal(_facts(comparator, target, actual, tiers).completion)


def _number_completion(comparator: Comparator, t: Decimal, a: Decimal) -> Decimal | None:
    """``completion_rate`` of a number against a number, in Decimal: the same value as the exact
    rate of ``_facts`` (a Decimal quotient is correctly rounded, as ``_decimal`` of the exact one is;
    a property test holds them equal)."""
    if comparator is LE:
        if a <= t:
            return Decimal(1)
        return None if t < 0 else t / a
    return a / t if t > 0 else None


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """One indicator scored: completion rate (完成率), points (得分) and how they were reached."""

    indicator: Indicator
    rule: Rule
    completion: Decimal | None
    score: Decimal | None
    explanation: str

    def to_dict(self) -> dict[str, object]:
        """The JSON of ``jixiao score``: Decimals stay Decimals, for the encoder to write as numbers."""
        ind = self.indicator
        return {
            "level1": ind.level1,
            "level2": ind.level2,
            "name": ind.name,
            "weight": ind.weight,
            "actual": ind.actual,
            "completion": self.completion,
            "score": self.score,
            "rule": self.rule.to_dict(),
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class PlanScore:
    """A plan scored: its indicators, budget execution (预算执行率), total, score out of 100, grade."""

    plan: Plan
    indicators: list[IndicatorScore]
    budget_score: Decimal | None
    budget_rate: Decimal | None
    total: Decimal
    max_total: Decimal
    normalized: Decimal | None
    grade: Grade | None

    @property
    def missing_actuals(self) -> int:
        """How many indicators have no actual value (未填报实际完成值)."""
        return sum(1 for s in self.indicators if s.indicator.actual is None)

    @property
    def provisional(self) -> bool:
        """Whether the grade is provisional (暂定): some indicators were scored, others have no actual."""
        missing = self.missing_actuals
        return 0 < missing < len(self.indicators)

    def grade_text(self) -> str:
        """ "良", "良（暂定）", or "—" where nothing was scored."""
        if self.grade is None:
            return "—"
        return f"{self.grade.value}（暂定）" if self.provisional else self.grade.value

    def summary_line(self) -> str:
        """The total as tables and the CLI state it, saying what is missing:
        "总分 7.00 / 15，折算百分制 46.67，等级：差（暂定）；15 个指标中 13 个未填报实际完成值"."""
        line = (
            f"总分 {_p(self.total)} / {_p(self.max_total)}，折算百分制 "
            f"{'—' if self.normalized is None else _p(self.normalized)}，等级：{self.grade_text()}"
        )
        missing = self.missing_actuals
        if missing:
            line += f"；{len(self.indicators)} 个指标中 {missing} 个未填报实际完成值"
        return line

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.plan.kind.value,
            "title": self.plan.title,
            "unit": self.plan.unit,
            "total": self.total,
            "max_total": self.max_total,
            "normalized": self.normalized,
            "grade": None if self.grade is None else self.grade.value,
            "provisional": self.provisional,
            "missing_actuals": self.missing_actuals,
            "budget_score": self.budget_score,
            "budget_rate": self.budget_rate,
            "indicators": [s.to_dict() for s in self.indicators],
        }


SCORE_SCHEMA = "jixiao-score/1"
"""The ``schema`` of ``jixiao score --json`` (docs/score.schema.json): results, not plans."""


def scores_to_dict(scores: Sequence[PlanScore]) -> dict[str, object]:
    """The JSON of ``jixiao score``: ``{"schema": "jixiao-score/1", "plans": [...]}``."""
    return {"schema": SCORE_SCHEMA, "plans": [s.to_dict() for s in scores]}


# --- the reference path -----------------------------------------------------------------------


def score_indicator(indicator: Indicator, rule: Rule) -> IndicatorScore:
    """Score one indicator under ``rule``, with a Chinese explanation that shows the numbers."""
    actual = indicator.actual
    if actual is None:
        return IndicatorScore(indicator, rule, None, None, "未填报实际完成值")
    tiers = rule.tiers if isinstance(rule, NationalDefault) else _DEFAULT_TIERS
    facts = _facts(indicator.comparator, indicator.target, actual, tiers)
    completion = _decimal(facts.completion)
    weight = indicator.weight
    if weight is None:
        return IndicatorScore(indicator, rule, completion, None, f"{facts.about}；未设分值，不计分")
    if weight < 0:
        return IndicatorScore(
            indicator, rule, completion, None, f"{facts.about}；分值为负（{_n(weight)}），不计分"
        )
    scorer = _SCORERS[type(rule)]
    score, explanation = scorer(rule, facts, _Weight(weight), indicator)
    return IndicatorScore(indicator, rule, completion, score, explanation)


class _Weight:
    """The weight (分值) and the rounding of points against it."""

    __slots__ = ("exact", "text", "top", "value")

    def __init__(self, value: Decimal) -> None:
        self.value = value
        self.exact = Fraction(value)
        self.text = _n(value)
        self.top = full_points(value)

    def points(self, raw: Fraction) -> Decimal:
        """``raw`` rounded once to 0.01 (ROUND_HALF_UP), then held within [0, weight]."""
        return _points_within(raw, self.top)

    def full(self) -> str:
        return f"得满分 {_p(self.top)} 分"


def full_points(weight: Decimal) -> Decimal:
    """Full points (满分) of a weight (分值): to the cent, rounded down, so that a weight of 3.335
    gives 3.33 and points never exceed the weight; exact for a weight of any size."""
    return _from_cents(math.floor(Fraction(weight) * 100))


def _points_within(raw: Fraction, top: Decimal) -> Decimal:
    """``raw`` rounded once to 0.01 (ROUND_HALF_UP), then held within [0, ``top``]."""
    cents = math.floor(raw * 100 + Fraction(1, 2))
    if cents <= 0:
        return _ZERO_POINTS
    points = _from_cents(cents)
    return points if points <= top else top


Scored = tuple[Decimal | None, str]


def _no_number(facts: _Facts, needs: str) -> Scored:
    if facts.text is not None:
        return None, f"{facts.about}；该规则按{needs}评分，实际完成值「{facts.text}」不是数值，不计分"
    return None, f"{facts.about}；不计分"


def _score_linear(rule: ThresholdLinear, facts: _Facts, w: _Weight, ind: Indicator) -> Scored:
    c = facts.completion
    if c is None:
        return None, f"{facts.about}；不计分"
    f = Fraction(rule.floor)
    floor = format_percent(f)
    if c < f:
        return _ZERO_POINTS, f"{facts.about}< {floor}：0.00 分"
    if c >= 1:
        return w.top, f"{facts.about}≥ 100%：{w.full()}"
    points = w.points((c - f) / (1 - f) * w.exact)
    return (
        points,
        f"{facts.about}≥ {floor}：({format_percent(c)} − {floor}) ÷ {format_percent(1 - f)} × {w.text} = {_p(points)} 分",
    )


def _score_threshold(rule: ThresholdElseProportional, facts: _Facts, w: _Weight, ind: Indicator) -> Scored:
    a = facts.number
    if a is None:
        return _no_number(facts, "实际数值")
    threshold = rule.threshold if rule.threshold is not None else facts.target
    named = "门槛" if rule.threshold is not None else "目标"
    if threshold is None:
        return None, f"{facts.about}；规则未写门槛，目标值又不是数值，不计分"
    if threshold <= 0:
        return None, f"{facts.about}；{named} {_n(threshold)} 不大于 0，不能按比例计分"
    u = ind.unit
    if a >= threshold:
        return w.top, f"{facts.about}；实际 {_n(a)}{u} ≥ {named} {_n(threshold)}{u}：{w.full()}"
    if a <= 0:
        return _ZERO_POINTS, f"{facts.about}；实际 {_n(a)}{u} ≤ 0：0.00 分"
    points = w.points(Fraction(a) / Fraction(threshold) * w.exact)
    sentence = f"实际 {_n(a)}{u} < {named} {_n(threshold)}{u}：{_n(a)} ÷ {_n(threshold)} × {w.text} = {_p(points)} 分"
    return points, f"{facts.about}；{sentence}"


def _score_proportional(rule: Proportional, facts: _Facts, w: _Weight, ind: Indicator) -> Scored:
    c = facts.completion
    if c is None:
        return None, f"{facts.about}；不计分"
    if c >= 1:
        return w.top, f"{facts.about}，按 100% 计：{w.full()}"
    if c <= 0:
        return _ZERO_POINTS, f"{facts.about}≤ 0：0.00 分"
    points = w.points(c * w.exact)
    return points, f"{facts.about}：{format_percent(c)} × {w.text} = {_p(points)} 分"


def _score_all_or_nothing(rule: AllOrNothing, facts: _Facts, w: _Weight, ind: Indicator) -> Scored:
    if facts.text is not None:
        if facts.tier is None:
            return None, f"{facts.about}，不计分"
        if facts.tier == "achieved":
            return w.top, f"{facts.about}：{w.full()}"
        return _ZERO_POINTS, f"{facts.about}，完成得分、未完成不得分：0.00 分"
    a = facts.number
    t = facts.target
    if a is None or t is None or ind.comparator is QUALITATIVE:
        return None, f"{facts.about}；无法判断是否达成，不计分"
    u = ind.unit
    goal = f"目标 {target_as_written(ind, t)}"
    if _met(ind.comparator, a, t):
        return w.top, f"{facts.about}；实际 {_n(a)}{u} 达到{goal}：{w.full()}"
    return _ZERO_POINTS, f"{facts.about}；实际 {_n(a)}{u} 未达到{goal}：0.00 分"


def _score_bands(rule: Bands, facts: _Facts, w: _Weight, ind: Indicator) -> Scored:
    on_completion = rule.subject == "completion"
    if on_completion:
        if facts.completion is None:
            return None, f"{facts.about}；不计分"
        x: Fraction = facts.completion
        what = f"完成率 {format_percent(x)}"
    else:
        if facts.number is None:
            return _no_number(facts, "实际数值")
        x = Fraction(facts.number)
        what = f"实际 {_n(facts.number)}{ind.unit}"
    for band in rule.bands:
        if band.holds(x):
            points = w.points(Fraction(band.points))
            capped = (
                f"（档内 {_n(band.points)} 分超过分值 {w.text}，按 {w.text} 计）"
                if band.points > w.value
                else ""
            )
            shown = _band_text(band, ind.unit, on_completion)
            return points, f"{facts.about}；{what} 落在「{shown}」档{capped}：{_p(points)} 分"
    return _ZERO_POINTS, f"{facts.about}；{what} 不在任何一档：0.00 分"


def _score_cap(rule: Cap, facts: _Facts, w: _Weight, ind: Indicator) -> Scored:
    a = facts.number
    if a is None:
        return _no_number(facts, "实际数值")
    u = ind.unit
    if a > rule.limit:
        return _ZERO_POINTS, f"{facts.about}；实际 {_n(a)}{u} > 上限 {_n(rule.limit)}{u}：0.00 分"
    given = w.value if rule.points is None else rule.points
    points = w.points(Fraction(given))
    capped = f"（规则给 {_n(given)} 分，超过分值 {w.text}，按 {w.text} 计）" if given > w.value else ""
    return points, f"{facts.about}；实际 {_n(a)}{u} ≤ 上限 {_n(rule.limit)}{u}{capped}：{_p(points)} 分"


def _score_default(rule: NationalDefault, facts: _Facts, w: _Weight, ind: Indicator) -> Scored:
    c = facts.completion
    if facts.text is not None:  # the three tiers (达成 / 部分达成 / 未达成)
        if c is None:
            return None, f"{facts.about}，不计分"
        points = w.points(c * w.exact)
        return points, f"{facts.about}：{format_percent(c)} × {w.text} = {_p(points)} 分"
    a, t = facts.number, facts.target
    if a is not None and t is not None and ind.comparator is not QUALITATIVE:
        goal = f"目标（{target_as_written(ind, t)}）"
        if _met(ind.comparator, a, t):
            return w.top, f"{facts.about}；达到{goal}：{w.full()}"
        if c is not None:
            raw = c * w.exact
            points = w.points(raw)
            over = f"，超过分值按 {w.text} 计" if raw > w.exact else ""
            return (
                points,
                f"{facts.about}；未达到{goal}：{format_percent(c)} × {w.text}{over} = {_p(points)} 分",
            )
    return None, f"{facts.about}；不计分"


_SCORERS: dict[type, Callable[..., Scored]] = {
    ThresholdLinear: _score_linear,
    ThresholdElseProportional: _score_threshold,
    Proportional: _score_proportional,
    AllOrNothing: _score_all_or_nothing,
    Bands: _score_bands,
    Cap: _score_cap,
    NationalDefault: _score_default,
}


def target_as_written(ind: Indicator, target: Decimal) -> str:
    """A numeric target quoted as the table wrote it: "≥ 90%", or "100%" when the table wrote no
    comparator (``comparator_inferred``): never a comparator the table did not write."""
    if ind.comparator_inferred:
        return f"{_n(target)}{ind.unit}"
    return f"{ind.comparator.symbol} {_n(target)}{ind.unit}"


def _met(comparator: Comparator, a: Decimal, t: Decimal) -> bool:
    """Whether the actual meets the target by its comparator (≥, ≤, =)."""
    if comparator is GE:
        return a >= t
    if comparator is LE:
        return a <= t
    return a == t


def _band_text(band: Band, unit: str, on_completion: bool) -> str:
    """「<90% 且 ≥80%」 as the explanation shows a band; 「其他」 for else."""
    if not band.bounds:
        return "其他"
    return " 且 ".join(
        OPERATOR_SYMBOLS[b.op] + (format_percent(Fraction(b.value)) if on_completion else _n(b.value) + unit)
        for b in band.bounds
    )


# --- plans ------------------------------------------------------------------------------------


def score_plan(plan: Plan, rule_for: Callable[[Indicator], Rule]) -> PlanScore:
    """Score every indicator, budget execution for a project, the total, the score out of 100, the grade.

    total = the sum of the rounded points; max_total = the weights of the indicators that got points
    (a weight and an actual that could be scored) + 10 where budget execution is scored; normalized =
    total ÷ max_total × 100 to 0.01; grade from normalized.
    """
    return score_plans([plan], rule_for)[0]


def score_plans(plans: Sequence[Plan], rule_for: Callable[[Indicator], Rule]) -> list[PlanScore]:
    """Score many plans as ``score_plan`` scores one, through the compiled path (``compile_rule``).

    Each distinct (rule, comparator, target, weight) is compiled once and its explanation's fixed
    parts written once; an indicator the compiled path cannot take (a phrase, a missing weight or
    target, constants longer than the decimal context) goes through ``score_indicator``. The points,
    completion and explanation are those of ``score_indicator``, character for character (a property
    test holds them to it).
    """
    bulk = _Bulk(rule_for)
    return [_score_plan(plan, [bulk.score(indicator) for indicator in plan.indicators]) for plan in plans]


def score_indicators(pairs: Iterable[tuple[Indicator, Rule]]) -> list[IndicatorScore]:
    """Score each (indicator, rule) as ``score_indicator`` does, through the compiled path."""
    bulk = _Bulk(_no_rule)
    return [bulk.score_with(indicator, rule) for indicator, rule in pairs]


def _no_rule(indicator: Indicator) -> Rule:  # pragma: no cover - score_indicators gives every rule
    raise RuleError(f"指标「{indicator.name}」没有评分规则")


def _score_plan(plan: Plan, scores: list[IndicatorScore]) -> PlanScore:
    budget_score, budget_rate = _budget(plan)
    total = sum((s.score for s in scores if s.score is not None), _ZERO_POINTS)
    weights = [s.indicator.weight for s in scores if s.score is not None]
    max_total = sum((w for w in weights if w is not None), _ZERO)
    if budget_score is not None:
        total += budget_score
        max_total += BUDGET_POINTS
    normalized = _from_cents(_ratio_cents(total, max_total, 100)) if max_total > 0 else None
    grade = grade_for(normalized) if normalized is not None else None
    return PlanScore(plan, scores, budget_score, budget_rate, total, max_total, normalized, grade)


def _budget(plan: Plan) -> tuple[Decimal | None, Decimal | None]:
    """Budget execution of a project (预算执行率 = 全年执行数 ÷ 全年预算数): (points out of 10, rate)."""
    budget = plan.budget
    if plan.kind is not PlanKind.PROJECT or budget is None:
        return None, None
    annual, executed = budget.annual, budget.executed
    if annual is None or executed is None or annual <= 0:
        return None, None
    rate = Fraction(executed) / Fraction(annual)
    points = _round_half_up(max(_F0, min(rate, _F1)) * Fraction(BUDGET_POINTS))
    return points, _decimal(rate)


# --- the compiled path ------------------------------------------------------------------------

Scorer = Callable[[Decimal], tuple[Decimal | None, Decimal]]
_ON_COMPLETION = (ThresholdLinear, Proportional, NationalDefault)


def compile_rule(rule: Rule, comparator: Comparator, target: Decimal, weight: Decimal) -> Scorer:
    """Bind ``rule`` to one quantitative indicator once; the scorer maps an actual value to
    ``(completion, points)`` exactly as ``score_indicator`` does, without the explanation.

    Every operator and constant is bound here (for threshold-linear: floor × target, and
    weight ÷ ((1 − floor) × target) when that is exact; for bands: a sorted table of their
    bounds), so scoring is one call and a few ``Decimal`` operations. Raises ``RuleError`` where
    some actual value could not be scored: a qualitative comparator, a negative weight, a threshold
    ≤ 0, or a rule that needs the completion rate while the target gives none (≥/= target ≤ 0,
    ≤ target < 0); and a threshold-linear floor above 100%, which no table means.
    """
    if comparator is QUALITATIVE:
        raise RuleError("定性指标按文字判断，不能编译为数值评分")
    if weight < 0:
        raise RuleError(f"分值为负（{_n(weight)}），不能评分")
    le = comparator is LE
    has_completion = target >= 0 if le else target > 0
    needs_completion = isinstance(rule, _ON_COMPLETION) or (
        isinstance(rule, Bands) and rule.subject == "completion"
    )
    if needs_completion and not has_completion:
        raise RuleError(f"目标值 {_n(target)} 无法计算完成率，该规则不能评分")
    if isinstance(rule, ThresholdElseProportional):
        threshold = rule.threshold if rule.threshold is not None else target
        if threshold <= 0:
            raise RuleError(f"门槛 {_n(threshold)} 不大于 0，不能按比例计分")
    if isinstance(rule, ThresholdLinear) and rule.floor > 1:
        raise RuleError(f"完成率下限 {format_percent(rule.floor)} 超过 100%，不能编译")
    exact = _Exact()
    shape, constants = _shape(rule, comparator, target, weight, exact)
    top = constants["top"]
    assert isinstance(top, Decimal)
    # A constant, or the points to the cent, would need more digits than the context has.
    if shape is None or exact.rounded or top.adjusted() + 3 > exact.context.prec:
        return _reference_scorer(rule, comparator, target, weight)
    if le:
        completion = "reverse" if has_completion else "reverse-met"
    elif not has_completion:
        completion = "none"
    else:
        inverse = exact.quotient(_ONE, target)
        completion = "ratio" if inverse is None else "inverse"
        constants["inverse"] = inverse
    constants.update(t=target, w=weight, q=_rounder(exact.context))
    code, names, namespace = _template(shape, completion)
    # One function per indicator, sharing the template's code; its constants are its defaults, so
    # the scorer reads them as fast locals and carries them in one tuple (call it with the actual only).
    name = "score_" + re.sub(r"\W", "_", shape)
    scorer = FunctionType(code, namespace, name, tuple(constants.get(n) for n in names))
    return cast(Scorer, scorer)


# How a compiled scorer computes the completion rate ``c`` of the actual ``a`` (see completion_rate).
# "inverse" is "ratio" where 1 ÷ target is exact (40 → 0.025): a × (1 ÷ t) then rounds the same exact
# value as a ÷ t, once, so it is the same number, for a multiplication's price.
_COMPLETION: dict[str, str] = {
    "ratio": "a / t",
    "inverse": "a * inverse",
    "reverse": "one if a <= t else t / a",
    "reverse-met": "one if a <= t else None",  # ≤ with a negative target: met, or no rate at all
    "none": "None",
}

# The points, once ``c`` is known; each returns ``(c, points)``. The names are the constants
# ``_shape`` binds. A formula's result is rounded once (quantize, ROUND_HALF_UP) and held to the
# full points ``top``; its operands are exact, so only the last operation rounds (to 28 digits).
_POINTS: dict[str, str] = {
    # threshold-linear on ≥/=: 0 below floor × target, full from the target, linear between.
    "linear": """
        if a >= t:
            return c, top
        if a < ft:
            return c, zero
        p = q((a - ft) * k, cent)
        return c, p if p <= top else top""",
    "linear/inexact": """
        if a >= t:
            return c, top
        if a < ft:
            return c, zero
        p = q((a - ft) * w / den, cent)
        return c, p if p <= top else top""",
    # threshold-linear on ≤: c = t ÷ a above the target, so (c − f) ÷ (1 − f) × w = (t − f·a) × w ÷ ((1 − f)·a).
    "linear-le": """
        if a <= t:
            return c, top
        fa = f * a
        if t < fa:
            return c, zero
        p = q((t - fa) * k / a, cent)
        return c, p if p <= top else top""",
    "linear-le/inexact": """
        if a <= t:
            return c, top
        fa = f * a
        if t < fa:
            return c, zero
        p = q((t - fa) * w / (d1 * a), cent)
        return c, p if p <= top else top""",
    # proportional, and the national default on a number: met → full, else c × w within [0, w].
    "proportional": """
        if a >= t:
            return c, top
        if a <= 0:
            return c, zero
        p = q(a * k, cent)
        return c, p if p <= top else top""",
    "proportional/inexact": """
        if a >= t:
            return c, top
        if a <= 0:
            return c, zero
        p = q(a * w / t, cent)
        return c, p if p <= top else top""",
    "proportional-le": """
        if a <= t:
            return c, top
        p = q(tw / a, cent)
        return c, p if p <= top else top""",
    # threshold-else-proportional: full at or above the threshold, else a ÷ threshold × w.
    "threshold": """
        if a >= threshold:
            return c, top
        if a <= 0:
            return c, zero
        p = q(a * k, cent)
        return c, p if p <= top else top""",
    "threshold/inexact": """
        if a >= threshold:
            return c, top
        if a <= 0:
            return c, zero
        p = q(a * w / threshold, cent)
        return c, p if p <= top else top""",
    "all-or-nothing-ge": """
        return c, top if a >= t else zero""",
    "all-or-nothing-le": """
        return c, top if a <= t else zero""",
    "all-or-nothing-eq": """
        return c, top if a == t else zero""",
    "cap": """
        return c, given if a <= limit else zero""",
    # bands: their bound values sorted; on a value the first band that holds there, between two
    # values (where no bound changes its answer) the first band that holds in between.
    "bands": """
        i = bisect(values, a)
        return c, at[i] if i < n and values[i] == a else between[i]""",
    # on the exact completion rate: a rounded one may fall on a bound the exact one is below.
    "bands-on-completion": """
        x = exact(a)
        i = bisect(values, x)
        return c, at[i] if i < n and values[i] == x else between[i]""",
}

# Every name a template may take as a constant, in the order of the scorer's parameters.
_CONSTANTS = (
    *("t", "w", "top", "zero", "one", "cent", "q", "inverse"),
    *("ft", "k", "den", "f", "d1", "tw", "threshold", "given", "limit"),
    *("values", "at", "between", "n", "bisect", "exact"),
)


@cache
def _template(shape: str, completion: str) -> tuple[CodeType, tuple[str, ...], dict[str, object]]:
    """The code of a scorer for ``shape`` and ``completion``, the constants it takes, and its globals.

    Built once per shape from the two sources above and nothing else: no user text reaches it, the
    constants come in as the parameters' defaults.
    """
    expression = _COMPLETION[completion]
    body = _POINTS[shape]
    used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expression + body))
    names = tuple(name for name in _CONSTANTS if name in used)
    parameters = "".join(f", {name}=None" for name in names)
    source = f"def score(a{parameters}):\n        c = {expression}{body}\n"
    namespace: dict[str, object] = {}
    exec(compile(source, f"<jixiao.core.scoring {shape}/{completion}>", "exec"), namespace)
    template = namespace.pop("score")
    assert isinstance(template, FunctionType)
    return template.__code__, names, namespace


@cache
def _rounder_for(prec: int, emax: int, emin: int) -> Callable[[Decimal, Decimal], Decimal]:
    return Context(prec=prec, rounding=ROUND_HALF_UP, Emax=emax, Emin=emin).quantize


def _rounder(context: Context) -> Callable[[Decimal, Decimal], Decimal]:
    """``q(x, cent)``: quantize with ROUND_HALF_UP in the precision of ``context``; one per precision."""
    return _rounder_for(context.prec, context.Emax, context.Emin)


def _shape(
    rule: Rule, comparator: Comparator, t: Decimal, weight: Decimal, exact: _Exact
) -> tuple[str | None, dict[str, object]]:
    """Which points template scores ``rule``, and its constants, computed in ``exact`` arithmetic
    (None for bands whose table cannot be built exactly)."""
    top = full_points(weight)
    constants: dict[str, object] = {"zero": _ZERO_POINTS, "one": _ONE, "cent": CENT, "top": top}
    context = exact.context

    def scaled(name: str, numerator: Decimal, denominator: Decimal) -> str:
        """``name`` for an exact numerator ÷ denominator bound as ``k``, ``name/inexact`` otherwise."""
        k = exact.quotient(numerator, denominator)
        constants["k"] = k
        return name if k is not None else f"{name}/inexact"

    if isinstance(rule, ThresholdLinear):
        f = rule.floor
        d1 = context.subtract(_ONE, f)
        if comparator is LE:
            constants.update(f=f, d1=d1)
            return scaled("linear-le", weight, d1), constants
        den = context.multiply(d1, t)
        constants.update(ft=context.multiply(f, t), den=den)
        return scaled("linear", weight, den), constants
    if isinstance(rule, Proportional | NationalDefault):
        if comparator is LE:
            constants["tw"] = context.multiply(t, weight)
            return "proportional-le", constants
        return scaled("proportional", weight, t), constants
    if isinstance(rule, ThresholdElseProportional):
        threshold = rule.threshold if rule.threshold is not None else t
        constants["threshold"] = threshold
        return scaled("threshold", weight, threshold), constants
    if isinstance(rule, AllOrNothing):
        return f"all-or-nothing-{comparator.value}", constants
    if isinstance(rule, Cap):
        constants.update(limit=rule.limit, given=_held(weight if rule.points is None else rule.points, top))
        return "cap", constants
    table = _band_table(rule, top, context.prec)
    if table is None:
        return None, constants
    values, at, between = table
    constants.update(values=values, n=len(values), at=at, between=between, bisect=bisect.bisect_left)
    constants["exact"] = functools.partial(_completion_fraction, comparator, t=t)
    return ("bands-on-completion" if rule.subject == "completion" else "bands"), constants


def _held(points: Decimal, top: Decimal) -> Decimal:
    """Points a band or cap gives, rounded (ROUND_HALF_UP) and held within [0, full points] once."""
    return _points_within(Fraction(points), top)


BandTable = tuple[tuple[Decimal, ...], tuple[Decimal, ...], tuple[Decimal, ...]]


@lru_cache(maxsize=1024)
def _band_table(rule: Bands, top: Decimal, prec: int) -> BandTable | None:
    """Bands as a lookup table: their bound values sorted; the points on each value; the points
    between two values (and below the first, above the last), where no bound changes its answer.
    Shared by every indicator with the same bands and full points. None if a midpoint is inexact."""

    def first(x: Decimal) -> Decimal:
        for band in rule.bands:
            if band.holds(x):
                return _held(band.points, top)
        return _ZERO_POINTS

    context = Context(prec=prec)
    values = sorted({bound.value for bound in itertools.chain.from_iterable(b.bounds for b in rule.bands)})
    probes = [context.subtract(values[0], _ONE)] if values else [_ZERO]
    probes += [context.divide(context.add(lo, hi), 2) for lo, hi in itertools.pairwise(values)]
    probes += [context.add(values[-1], _ONE)] if values else []
    if context.flags[Inexact]:
        return None
    return tuple(values), tuple(first(v) for v in values), tuple(first(x) for x in probes)


class _Exact:
    """Arithmetic for the constants of a compiled rule: ``context`` for those that must be exact
    (``rounded`` tells afterwards whether one was not), ``quotient`` for a division that may not be."""

    __slots__ = ("context", "probe")

    def __init__(self) -> None:
        self.context = getcontext().copy()
        self.context.clear_flags()
        self.probe = self.context.copy()

    @property
    def rounded(self) -> bool:
        return bool(self.context.flags[Inexact])

    def quotient(self, dividend: Decimal, divisor: Decimal) -> Decimal | None:
        """dividend ÷ divisor when that is exact, else None."""
        if divisor == 0:
            return None
        probe = self.probe
        probe.clear_flags()
        quotient = probe.divide(dividend, divisor)
        return None if probe.flags[Inexact] else quotient


def _reference_scorer(rule: Rule, comparator: Comparator, target: Decimal, weight: Decimal) -> Scorer:
    """The reference path as a scorer, for constants too long for the fast one."""

    def score_by_reference(a: Decimal) -> tuple[Decimal | None, Decimal]:
        indicator = Indicator("", "", "", comparator, target, "", weight=weight, actual=a)
        result = score_indicator(indicator, rule)
        if result.score is None:  # pragma: no cover - compile_rule refuses what cannot be scored
            raise RuleError(result.explanation)
        return result.completion, result.score

    return score_by_reference


# --- numbers as the explanations show them -----------------------------------------------------


def _decimal(value: Fraction | None) -> Decimal | None:
    """An exact fraction as a Decimal of the context's precision (what ``a / t`` gives)."""
    if value is None:
        return None
    return Decimal(value.numerator) / Decimal(value.denominator)


def _round_half_up(value: Fraction) -> Decimal:
    """To 0.01, ROUND_HALF_UP (halves away from zero), from the exact value."""
    cents = math.floor(abs(value) * 100 + Fraction(1, 2))
    return _from_cents(-cents if value < 0 else cents)


def _from_cents(cents: int) -> Decimal:
    """A whole number of cents as a Decimal with two decimals, exactly (no context rounding)."""
    return Decimal(f"{cents}E-2")


def _n(number: Decimal) -> str:
    """A number as written, never in exponent form: 7, 1950, 0.5, -2."""
    return format(number, "f")


def _p(points: Decimal) -> str:
    """Points, always with two decimals: 3.44, 0.00, 6.00."""
    return format(points, ".2f")


def format_percent(fraction: Fraction | Decimal) -> str:
    """A fraction as a percentage (百分比) to at most two decimals: 0.875 → 87.5%, 1.3 → 130%,
    2/3 → 66.67%; exact for a fraction of any size."""
    return _percent_text(_round_half_up(Fraction(fraction) * 100))


def _percent_text(percent: Decimal) -> str:
    """A percentage to the cent of a percent as ``format_percent`` writes it: 87.50 → "87.5%"."""
    text = format(percent, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{'0' if text == '-0' else text}%"


# --- the compiled path, with its explanations ----------------------------------------------------

# Exact arithmetic for the comparisons an explanation turns on (floor × target, floor × actual):
# multiplication in this context never rounds.
_WIDE = Context(prec=999_999_999, Emax=999_999_999, Emin=-999_999_999)

Explainer = Callable[[Decimal, Decimal, str], str]
"""``(actual, points, unit) -> explanation`` of a compiled indicator, as ``score_indicator`` words it."""


def _ratio_cents(numerator: Decimal, denominator: Decimal, scale: int = 1) -> int:
    """numerator × scale ÷ denominator in hundredths, ROUND_HALF_UP (halves away from zero), exactly, in
    integers: what ``_round_half_up`` gives for the exact quotient, without a Fraction."""
    nn, nd = numerator.as_integer_ratio()
    dn, dd = denominator.as_integer_ratio()
    num, den = nn * dd * 100 * scale, nd * dn
    if den < 0:
        num, den = -num, -den
    cents = (2 * abs(num) + den) // (2 * den)
    return -cents if num < 0 else cents


def _ratio_percent(numerator: Decimal, denominator: Decimal) -> str:
    """``format_percent(numerator ÷ denominator)``, exactly, without a Fraction."""
    return _percent_text(_from_cents(_ratio_cents(numerator, denominator, 100)))


def _about_number(comparator: Comparator, a: Decimal, t: Decimal) -> tuple[str, str | None]:
    """What ``_facts`` says of a number actual against a number target, and the completion as a
    percentage (None where there is none)."""
    if comparator is LE:
        if a <= t:
            return f"完成率 100%（{_n(a)} ≤ {_n(t)}）", "100%"
        if t < 0:
            return f"≤ 指标的目标值为负（{_n(t)}），无法计算完成率", None
        percent = _ratio_percent(t, a)
        return f"完成率 {percent}（{_n(t)} ÷ {_n(a)}，实际超出目标）", percent
    if t <= 0:
        why = "为 0，不能作除数" if t == 0 else f"为负（{_n(t)}）"
        return f"目标值{why}，无法计算完成率", None
    percent = _ratio_percent(a, t)
    return f"完成率 {percent}（{_n(a)} ÷ {_n(t)}）", percent


def _completion_fraction(comparator: Comparator, a: Decimal, t: Decimal) -> Fraction:
    """The exact completion rate where ``compile_rule`` guarantees one (≥/= target > 0, ≤ target ≥ 0)."""
    if comparator is LE:
        return _F1 if a <= t else Fraction(t) / Fraction(a)
    return Fraction(a) / Fraction(t)


def _explainer(rule: Rule, comparator: Comparator, t: Decimal, weight: Decimal) -> Explainer:
    """The explanation of a compiled indicator from its actual and compiled points: the branch is
    decided by the same exact comparisons as the reference's, the fixed words are written once."""
    w = _Weight(weight)
    full = w.full()
    le = comparator is LE
    met = _met_by(comparator, t)

    if isinstance(rule, ThresholdLinear):
        floor_text, rest = format_percent(rule.floor), format_percent(_ONE - rule.floor)
        f = rule.floor

        def linear(a: Decimal, points: Decimal, unit: str) -> str:
            about, percent = _about_number(comparator, a, t)
            if le:
                below = a > t and t < _WIDE.multiply(f, a)
                top = a <= t
            else:
                below = a < _WIDE.multiply(f, t)
                top = a >= t
            if below:
                return f"{about}< {floor_text}：0.00 分"
            if top:
                return f"{about}≥ 100%：{full}"
            return f"{about}≥ {floor_text}：({percent} − {floor_text}) ÷ {rest} × {w.text} = {_p(points)} 分"

        return linear
    if isinstance(rule, Proportional):

        def proportional(a: Decimal, points: Decimal, unit: str) -> str:
            about, percent = _about_number(comparator, a, t)
            if (a <= t) if le else (a >= t):
                return f"{about}，按 100% 计：{full}"
            if (t == 0) if le else (a <= 0):
                return f"{about}≤ 0：0.00 分"
            return f"{about}：{percent} × {w.text} = {_p(points)} 分"

        return proportional
    if isinstance(rule, NationalDefault):

        def national_default(a: Decimal, points: Decimal, unit: str) -> str:
            about, percent = _about_number(comparator, a, t)
            goal = f"目标（{comparator.symbol} {_n(t)}{unit}）"
            if met(a):
                return f"{about}；达到{goal}：{full}"
            over = f"，超过分值按 {w.text} 计" if weight > 0 and not le and a > t else ""
            return f"{about}；未达到{goal}：{percent} × {w.text}{over} = {_p(points)} 分"

        return national_default
    if isinstance(rule, ThresholdElseProportional):
        threshold = rule.threshold if rule.threshold is not None else t
        named = "门槛" if rule.threshold is not None else "目标"
        thr = _n(threshold)

        def threshold_else(a: Decimal, points: Decimal, unit: str) -> str:
            about = _about_number(comparator, a, t)[0]
            if a >= threshold:
                return f"{about}；实际 {_n(a)}{unit} ≥ {named} {thr}{unit}：{full}"
            if a <= 0:
                return f"{about}；实际 {_n(a)}{unit} ≤ 0：0.00 分"
            sentence = (
                f"实际 {_n(a)}{unit} < {named} {thr}{unit}：{_n(a)} ÷ {thr} × {w.text} = {_p(points)} 分"
            )
            return f"{about}；{sentence}"

        return threshold_else
    if isinstance(rule, AllOrNothing):

        def all_or_nothing(a: Decimal, points: Decimal, unit: str) -> str:
            about = _about_number(comparator, a, t)[0]
            goal = f"目标 {comparator.symbol} {_n(t)}{unit}"
            if met(a):
                return f"{about}；实际 {_n(a)}{unit} 达到{goal}：{full}"
            return f"{about}；实际 {_n(a)}{unit} 未达到{goal}：0.00 分"

        return all_or_nothing
    if isinstance(rule, Cap):
        limit = _n(rule.limit)
        given = weight if rule.points is None else rule.points
        capped = f"（规则给 {_n(given)} 分，超过分值 {w.text}，按 {w.text} 计）" if given > weight else ""

        def cap(a: Decimal, points: Decimal, unit: str) -> str:
            about = _about_number(comparator, a, t)[0]
            if a > rule.limit:
                return f"{about}；实际 {_n(a)}{unit} > 上限 {limit}{unit}：0.00 分"
            return f"{about}；实际 {_n(a)}{unit} ≤ 上限 {limit}{unit}{capped}：{_p(points)} 分"

        return cap
    on_completion = rule.subject == "completion"

    def bands(a: Decimal, points: Decimal, unit: str) -> str:
        about, percent = _about_number(comparator, a, t)
        x: Decimal | Fraction = _completion_fraction(comparator, a, t) if on_completion else a
        what = f"完成率 {percent}" if on_completion else f"实际 {_n(a)}{unit}"
        for band in rule.bands:
            if band.holds(x):
                capped = (
                    f"（档内 {_n(band.points)} 分超过分值 {w.text}，按 {w.text} 计）"
                    if band.points > weight
                    else ""
                )
                shown = _band_text(band, unit, on_completion)
                return f"{about}；{what} 落在「{shown}」档{capped}：{_p(points)} 分"
        return f"{about}；{what} 不在任何一档：0.00 分"

    return bands


def _met_by(comparator: Comparator, t: Decimal) -> Callable[[Decimal], bool]:
    if comparator is GE:
        return t.__le__
    if comparator is LE:
        return t.__ge__
    return t.__eq__


# Compiled scorers and explainers by (rule as written, comparator, target, weight), for every caller.
_COMPILED: dict[tuple[object, ...], tuple[Scorer, Explainer] | None] = {}
_COMPILED_KEPT = 65_536


class _Bulk:
    """Scores indicators one after another, compiling each distinct rule, comparator, target and
    weight once. Keys keep the numbers as written (6 and 6.0 explain differently)."""

    __slots__ = ("compiled", "rule_for", "rule_keys")

    def __init__(self, rule_for: Callable[[Indicator], Rule]) -> None:
        self.rule_for = rule_for
        self.compiled = _COMPILED
        # id → (the rule, kept alive so that its id is not reused; its key as written)
        self.rule_keys: dict[int, tuple[Rule, str]] = {}

    def score(self, indicator: Indicator) -> IndicatorScore:
        return self.score_with(indicator, self.rule_for(indicator))

    def score_with(self, indicator: Indicator, rule: Rule) -> IndicatorScore:
        a, t, weight = indicator.actual, indicator.target, indicator.weight
        if (
            not isinstance(a, Decimal)
            or not isinstance(t, Decimal)
            or weight is None
            or indicator.comparator is QUALITATIVE
        ):
            return score_indicator(indicator, rule)
        known = self.rule_keys.get(id(rule))
        if known is None or known[0] is not rule:
            known = self.rule_keys[id(rule)] = (rule, repr(rule))
        key = (known[1], indicator.comparator, str(t), str(weight))
        try:
            compiled = self.compiled[key]
        except KeyError:
            if len(self.compiled) >= _COMPILED_KEPT:
                self.compiled.clear()
            compiled = self.compiled[key] = _compile_explained(rule, indicator.comparator, t, weight)
        if compiled is None:
            return score_indicator(indicator, rule)
        scorer, explain = compiled
        completion, points = scorer(a)
        text = explain(a, points, indicator.unit)
        if indicator.comparator_inferred:  # quote the target as the table wrote it, as the reference does
            text = text.replace(
                f"{indicator.comparator.symbol} {_n(t)}{indicator.unit}", target_as_written(indicator, t)
            )
        return IndicatorScore(indicator, rule, completion, points, text)


def _compile_explained(
    rule: Rule, comparator: Comparator, t: Decimal, weight: Decimal
) -> tuple[Scorer, Explainer] | None:
    """The compiled scorer and its explainer, or None where the reference path must score."""
    try:
        scorer = compile_rule(rule, comparator, t, weight)
    except RuleError:
        return None
    if getattr(scorer, "__name__", "") == "score_by_reference":  # constants too long: no gain
        return None
    return scorer, _explainer(rule, comparator, t, weight)
