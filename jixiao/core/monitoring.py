"""Mid-year monitoring (绩效运行监控, "双监控"): progress and funds against the time elapsed.

At a cut-off date (监控截止日期: often 6月30日 or 7月31日, any date) a unit states, per indicator, the
value reached so far (累计完成值, ``Indicator.to_date``) and what it expects at year end (预计全年完成值,
``Indicator.expected``), and the funds executed so far (累计执行数, ``Budget.executed_to_date``). This
module compares them with the share of the year elapsed and gives each indicator, the funds and the
plan a deviation level (偏差等级): 正常 / 轻度偏差 / 严重偏差, with thresholds the finance bureau sets
(``Thresholds``; defaults and their sources in docs/monitoring.md). Every number is a ``Decimal``
fraction (0.4959 = 49.59%).

- **Time elapsed** (时间进度) = calendar days from 1 January to the cut-off, both included, ÷ the days
  of that year: 30 June 2025 → 181 ÷ 365 = 49.59%.
- **≥ and = indicators**: completion so far (累计完成进度) = to-date ÷ target; the gap = time elapsed −
  completion so far, in percentage points; behind by more than ``mild_gap`` → 轻度偏差, more than
  ``severe_gap`` → 严重偏差 ("低于序时进度 X 个百分点").
- **≤ indicators** (costs, caps): judged in their own direction: spending less than the time share is
  no deviation; the share of the cap used running *ahead* of the time elapsed by more than the gaps
  is (its pace would overrun the cap), and a value already over the cap is 严重偏差. More spent never
  gives a better level; the same spend at a later cut-off is a slower pace, never a worse one.
- **Forecasts** (预计全年完成情况): the unit's own expectation and, beside it, the linear extrapolation
  to-date ÷ time elapsed, each as a completion rate (``scoring.completion_rate``: ≤ in its own
  direction). The unit's forecast below ``mild_forecast`` → at least 轻度偏差, below
  ``severe_forecast`` → 严重偏差. The extrapolation is shown beside it, not judged again: for a steady
  pace it says what the gap already says.
- **Qualitative indicators** (定性): the unit states 按进度 / 滞后 / 无法完成 (in the to-date cell, or the
  expected one): 正常 / 轻度偏差 / 严重偏差.
- **Funds** (预算执行): execution = executed so far ÷ 全年预算数, judged against the time elapsed
  with the same gaps ("时间过半、预算执行过半"); more than the whole budget executed is 严重偏差.
- **The plan**: its worst level.
- **Before submission** (``missing_before_submission``): every value entered, and for every
  deviation a reason (偏差原因) and a corrective action (纠偏措施).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from jixiao.core.errors import InputError
from jixiao.core.model import Budget, Comparator, Indicator, Plan, Value
from jixiao.core.scoring import completion_rate
from jixiao.core.values import parse_value


class Level(StrEnum):
    """A deviation level (偏差等级)."""

    NORMAL = "正常"
    MILD = "轻度偏差"
    SEVERE = "严重偏差"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Level.NORMAL: 0, Level.MILD: 1, Level.SEVERE: 2}


def worst(levels: list[Level]) -> Level:
    """The most serious of ``levels`` (正常 when there are none)."""
    return max(levels, key=lambda level: level.rank, default=Level.NORMAL)


class QualitativeProgress(StrEnum):
    """How a qualitative indicator stands (定性指标进度)."""

    ON_SCHEDULE = "按进度"
    BEHIND = "滞后"
    UNACHIEVABLE = "无法完成"


_QUALITATIVE_LEVELS = {
    QualitativeProgress.ON_SCHEDULE: Level.NORMAL,
    QualitativeProgress.BEHIND: Level.MILD,
    QualitativeProgress.UNACHIEVABLE: Level.SEVERE,
}
# Words units write, checked in this order (无法完成 holds 完成). 确定能 / 有可能 / 完全不可能 are the
# 完成目标可能性 column of the 财预〔2019〕136号 form.
_QUALITATIVE_WORDS: tuple[tuple[QualitativeProgress, tuple[str, ...]], ...] = (
    (
        QualitativeProgress.UNACHIEVABLE,
        ("无法完成", "不能完成", "完全不可能", "无法实现", "不能实现", "无法达到", "不能达到", "无法达成"),
    ),
    (QualitativeProgress.BEHIND, ("滞后", "落后", "延迟", "延期", "有可能", "部分完成", "进度慢")),
    (
        QualitativeProgress.ON_SCHEDULE,
        ("按进度", "按计划", "正常", "确定能", "已完成", "完成", "达到", "达成", "是", "符合"),
    ),
)


def qualitative_progress(text: str) -> QualitativeProgress | None:
    """按进度 / 滞后 / 无法完成 as a unit writes them ("进度滞后", "确定能", "已完成"), else None."""
    cleaned = "".join(text.split())
    for progress, words in _QUALITATIVE_WORDS:
        if any(word in cleaned for word in words):
            return progress
    return None


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The bureau's deviation thresholds (偏差阈值), as fractions (0.05 = 5 percentage points).

    ``mild_gap`` / ``severe_gap``: how far completion so far, or budget execution, may fall behind the
    time elapsed before the level is 轻度偏差 / 严重偏差 (behind by *more* than the gap).
    ``mild_forecast`` / ``severe_forecast``: a forecast year-end completion below these is 轻度偏差 /
    严重偏差. Raises InputError (Chinese) unless 0 ≤ mild_gap ≤ severe_gap ≤ 1 and
    0 ≤ severe_forecast ≤ mild_forecast. Defaults: docs/monitoring.md.
    """

    mild_gap: Decimal = Decimal("0.05")
    severe_gap: Decimal = Decimal("0.15")
    mild_forecast: Decimal = Decimal("1")
    severe_forecast: Decimal = Decimal("0.6")

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.mild_gap <= self.severe_gap <= Decimal(1):
            raise InputError(
                f"偏差阈值应满足 0 ≤ 轻度偏差（{_pct(self.mild_gap)}）≤ 严重偏差（{_pct(self.severe_gap)}）≤ 100%"
            )
        if not Decimal(0) <= self.severe_forecast <= self.mild_forecast:
            raise InputError(
                f"预计完成率阈值应满足 0 ≤ 严重偏差（{_pct(self.severe_forecast)}）"
                f"≤ 轻度偏差（{_pct(self.mild_forecast)}）"
            )

    def gap_level(self, gap: Decimal) -> Level:
        """The level for being ``gap`` behind the time elapsed (negative: ahead)."""
        if gap > self.severe_gap:
            return Level.SEVERE
        if gap > self.mild_gap:
            return Level.MILD
        return Level.NORMAL

    def forecast_level(self, completion: Decimal) -> Level:
        """The level for a forecast year-end completion rate."""
        if completion < self.severe_forecast:
            return Level.SEVERE
        if completion < self.mild_forecast:
            return Level.MILD
        return Level.NORMAL


DEFAULT_THRESHOLDS = Thresholds()


GAP_PRECISION = Decimal("0.0001")
"""Gaps are judged to 0.01 percentage point, as monitoring tables show them."""


def behind(elapsed: Decimal, share: Decimal) -> Decimal:
    """How far ``share`` (completion or execution) is behind ``elapsed``, rounded to ``GAP_PRECISION``
    (ROUND_HALF_UP) so that a value entered as exactly on schedule is judged so; negative: ahead."""
    return (elapsed - share).quantize(GAP_PRECISION, rounding=ROUND_HALF_UP)


def year_elapsed(cut_off: date) -> Decimal:
    """The share of the year elapsed at the cut-off (时间进度): days from 1 January to ``cut_off``,
    both included, ÷ the days of the year (365 or 366). 2025-06-30 → 181/365; 12-31 → 1."""
    days = 366 if calendar.isleap(cut_off.year) else 365
    return Decimal(cut_off.timetuple().tm_yday) / Decimal(days)


@dataclass(frozen=True, slots=True)
class IndicatorStatus:
    """One indicator at the cut-off. Rates are fractions; None where there is nothing to compute.
    ``why`` (the judgement in Chinese, with its numbers) is written when asked for: an overview of
    20,000 indicators needs the levels, and the sentences only of those it shows."""

    indicator: Indicator
    level: Level | None  # None: not judged (no value entered, or a target that is not a number)
    completion: Decimal | None  # 累计完成进度: to-date ÷ target (≤: the share of the cap used)
    gap: Decimal | None  # time elapsed − completion so far (≥ and =); positive: behind
    own_forecast: Decimal | None  # completion rate of the unit's expected year-end value
    linear_value: Decimal | None  # linear extrapolation of the year-end value: to-date ÷ time elapsed
    linear_forecast: Decimal | None  # its completion rate
    qualitative: QualitativeProgress | None
    elapsed: Decimal | None = None
    note: str = ""  # why it is not judged, for a qualitative indicator its progress
    forecast_level: Level = Level.NORMAL  # what the unit's own forecast alone gives

    @property
    def deviates(self) -> bool:
        return self.level is not None and self.level is not Level.NORMAL

    @property
    def why(self) -> str:
        if self.note or self.completion is None or self.elapsed is None:
            return self.note
        ind, completion, elapsed = self.indicator, self.completion, self.elapsed
        if ind.comparator is Comparator.LE:
            to_date, cap = _number(ind.to_date), ind.target
            assert isinstance(cap, Decimal) and to_date is not None and self.linear_value is not None
            text = f"累计 {_n(to_date)}，已用上限 {_n(cap)} 的 {_pct(completion)}，时间进度 {_pct(elapsed)}"
            ahead = -behind(elapsed, completion)
            if completion > 1:
                text += "，已超过上限"
            elif ahead > 0:
                text += f"，快于时间进度 {_points(ahead)} 个百分点（按此进度全年约 {_n(self.linear_value)}）"
        else:
            text = f"累计完成进度 {_pct(completion)}，时间进度 {_pct(elapsed)}"
            if self.gap is not None and self.gap > 0:
                text += f"，落后 {_points(self.gap)} 个百分点"
        if self.own_forecast is not None and self.forecast_level is not Level.NORMAL:
            text += f"；单位预计全年完成率 {_pct(self.own_forecast)}"
        return text


@dataclass(frozen=True, slots=True)
class BudgetStatus:
    """The funds at the cut-off (预算执行)."""

    annual: Decimal
    executed: Decimal | None  # 累计执行数
    execution: Decimal | None  # executed ÷ annual
    gap: Decimal | None  # time elapsed − execution
    level: Level | None
    why: str
    reason: str
    correction: str

    @property
    def deviates(self) -> bool:
        return self.level is not None and self.level is not Level.NORMAL


@dataclass(frozen=True, slots=True)
class PlanStatus:
    """A plan at the cut-off: every indicator, the funds, and the plan's level (the worst)."""

    plan: Plan
    cut_off: date
    elapsed: Decimal
    indicators: list[IndicatorStatus]
    budget: BudgetStatus | None
    level: Level

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary (``jixiao monitor --json``): levels as their Chinese words."""
        return {
            "title": self.plan.title,
            "unit": self.plan.unit,
            "cut_off": self.cut_off.isoformat(),
            "elapsed": self.elapsed,
            "level": self.level.value,
            "budget": None
            if self.budget is None
            else {
                "annual": self.budget.annual,
                "executed": self.budget.executed,
                "execution": self.budget.execution,
                "gap": self.budget.gap,
                "level": None if self.budget.level is None else self.budget.level.value,
                "why": self.budget.why,
            },
            "indicators": [
                {
                    "level1": s.indicator.level1,
                    "level2": s.indicator.level2,
                    "name": s.indicator.name,
                    "to_date": s.indicator.to_date,
                    "expected": s.indicator.expected,
                    "completion": s.completion,
                    "gap": s.gap,
                    "own_forecast": s.own_forecast,
                    "linear_value": s.linear_value,
                    "linear_forecast": s.linear_forecast,
                    "qualitative": None if s.qualitative is None else s.qualitative.value,
                    "level": None if s.level is None else s.level.value,
                    "why": s.why,
                }
                for s in self.indicators
            ],
            "missing": [m.message for m in missing_before_submission(self)],
        }


def assess_plan(plan: Plan, cut_off: date, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> PlanStatus:
    """The plan's monitoring status at ``cut_off`` (one round): per indicator, the funds, the plan."""
    elapsed = year_elapsed(cut_off)
    indicators = [assess_indicator(ind, elapsed, thresholds) for ind in plan.indicators]
    budget = assess_budget(plan.budget, elapsed, thresholds)
    levels = [s.level for s in indicators if s.level is not None]
    if budget is not None and budget.level is not None:
        levels.append(budget.level)
    return PlanStatus(plan, cut_off, elapsed, indicators, budget, worst(levels))


def assess_indicator(
    ind: Indicator, elapsed: Decimal, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> IndicatorStatus:
    """One indicator at ``elapsed`` (a fraction of the year, > 0); see the module's rules."""
    if ind.comparator is Comparator.QUALITATIVE:
        return _qualitative(ind)
    target = ind.target if isinstance(ind.target, Decimal) else None
    to_date = _number(ind.to_date)
    expected = _number(ind.expected)
    own = None if expected is None else completion_rate(ind.comparator, ind.target, expected)
    if to_date is None:
        return _status(ind, "未填写累计完成值", own)
    if target is None or target <= 0:
        return _status(ind, "目标值不是正数，无法计算进度", own)
    linear_value = to_date / elapsed
    linear = completion_rate(ind.comparator, target, linear_value)
    completion = to_date / target
    gap: Decimal | None = None
    if ind.comparator is Comparator.LE:
        # A cap: the share of it used runs ahead of the time elapsed (the pace would overrun it).
        level = Level.SEVERE if to_date > target else thresholds.gap_level(-behind(elapsed, completion))
    else:
        gap = behind(elapsed, completion)
        level = thresholds.gap_level(gap)
    forecast = Level.NORMAL if own is None else thresholds.forecast_level(own)
    if forecast.rank > level.rank:
        level = forecast
    return IndicatorStatus(
        ind, level, completion, gap, own, linear_value, linear, None, elapsed, "", forecast
    )


def _qualitative(ind: Indicator) -> IndicatorStatus:
    texts = [v for v in (ind.to_date, ind.expected) if isinstance(v, str) and v.strip()]
    states = [p for p in (qualitative_progress(t) for t in texts) if p is not None]
    if not states:
        written = f"「{texts[0]}」无法判断，" if texts else ""
        return _status(ind, f"定性指标{written}请填写 按进度 / 滞后 / 无法完成")
    state = max(states, key=lambda p: _QUALITATIVE_LEVELS[p].rank)
    level = _QUALITATIVE_LEVELS[state]
    return IndicatorStatus(ind, level, None, None, None, None, None, state, None, f"定性指标：{state.value}")


def _status(ind: Indicator, note: str, own_forecast: Decimal | None = None) -> IndicatorStatus:
    """An indicator not judged: why, in ``note``."""
    return IndicatorStatus(ind, None, None, None, own_forecast, None, None, None, None, note)


def assess_budget(
    budget: Budget | None, elapsed: Decimal, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> BudgetStatus | None:
    """Budget execution (预算执行率 = 累计执行数 ÷ 全年预算数) against the time elapsed; None when the
    plan has no positive 全年预算数."""
    if budget is None or budget.annual is None or budget.annual <= 0:
        return None
    annual, executed = budget.annual, budget.executed_to_date
    if executed is None:
        return BudgetStatus(
            annual, None, None, None, None, "未填写累计执行数", budget.reason, budget.correction
        )
    execution = executed / annual
    gap = behind(elapsed, execution)
    text = f"预算执行率 {_pct(execution)}（{_n(executed)} ÷ {_n(annual)}），时间进度 {_pct(elapsed)}"
    if execution > 1:
        level, text = Level.SEVERE, text + "，执行数超过全年预算"
    else:
        level = thresholds.gap_level(gap)
        if gap > 0:
            text += f"，落后 {_points(gap)} 个百分点"
    return BudgetStatus(annual, executed, execution, gap, level, text, budget.reason, budget.correction)


@dataclass(frozen=True, slots=True)
class Missing:
    """What a unit must still fill in before it submits a round (提交前须补充)."""

    indicator: str  # the indicator's name, or "预算执行" for the funds
    field: str  # 累计完成值 / 偏差原因 / 纠偏措施 / 累计执行数
    message: str


def missing_before_submission(status: PlanStatus) -> list[Missing]:
    """Every value a round still needs: each indicator's to-date value (a qualitative one's 按进度 /
    滞后 / 无法完成), the funds executed, and for each deviation (轻度 or 严重) its reason and corrective
    action. Empty when the plan can be submitted."""
    missing: list[Missing] = []
    for s in status.indicators:
        name = s.indicator.name
        if s.level is None:
            field = "进度情况" if s.indicator.comparator is Comparator.QUALITATIVE else "累计完成值"
            missing.append(Missing(name, field, f"指标「{name}」：{s.why}"))
        elif s.deviates:
            missing += _explanations(
                name, f"指标「{name}」{s.level.value}", s.indicator.reason, s.indicator.correction
            )
    b = status.budget
    if b is not None:
        if b.level is None:
            missing.append(Missing("预算执行", "累计执行数", "预算执行：未填写累计执行数"))
        elif b.deviates:
            missing += _explanations("预算执行", f"预算执行{b.level.value}", b.reason, b.correction)
    return missing


def _explanations(name: str, what: str, reason: str, correction: str) -> list[Missing]:
    found = []
    if not reason.strip():
        found.append(Missing(name, "偏差原因", f"{what}，须填写偏差原因"))
    if not correction.strip():
        found.append(Missing(name, "纠偏措施", f"{what}，须填写纠偏措施"))
    return found


def _number(value: Value | None) -> Decimal | None:
    """A value entered as a number, or as a text that holds one ("12", "12家", "约12")."""
    if isinstance(value, str):
        return parse_value(value).number
    return value


def _pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).quantize(Decimal('0.01'))}%"


def _points(fraction: Decimal) -> str:
    return f"{(fraction * 100).quantize(Decimal('0.01'))}"


def _n(number: Decimal) -> str:
    text = f"{number.quantize(Decimal('0.01')).normalize():f}"
    return text
