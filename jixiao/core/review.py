"""Review — 审核: the checks a finance-bureau reviewer makes on a target table, as findings.

Each check is a small function over a :class:`PlanReview` that yields :class:`Finding` objects; the
checks run in the order of the one registry, ``CHECKS``. Codes are public and stable (``CODES``);
messages are Chinese sentences that say what is wrong, with the numbers, and what to do.

The self-evaluation re-checks (复核: a stated score the rules do not give, a stated total that is not
the sum of its rows, a missed target with no reason, a target far exceeded) are checks of the same
shape. They never score anything themselves: each indicator with an actual value is scored once, by
``jixiao.core.scoring.score_indicators`` (the compiled path, ``score_indicator``'s results) under the rule the review was given (``rule_for``), and the
checks read that result (``PlanReview.scores``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jixiao.core.errors import Location, RuleError
from jixiao.core.library import Entry, History, Observation, explain_match, key_of, normalise_unit
from jixiao.core.model import Comparator, Indicator, Plan, PlanKind
from jixiao.core.rules.model import OPERATOR_SYMBOLS, Band, Bands, max_points
from jixiao.core.rules.recognise import Recognition, recognise
from jixiao.core.scoring import IndicatorScore, format_percent, full_points, score_indicators
from jixiao.core.values import parse_value
from jixiao.core.wording import category_family, has_placeholder, level1_of_level2

HUNDRED = Decimal(100)


class Severity(StrEnum):
    """How serious a finding is (级别): 错误 must be fixed, 警告 should be, 提示 may be."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem the review found (审核意见)."""

    code: str  # stable, one of CODES
    severity: Severity
    plan: int  # index of the plan in the list reviewed
    indicator: str | None  # the indicator's name, or None for plan-level findings
    message: str  # Chinese: what is wrong and what to do, with the numbers
    location: Location | None = None  # the indicator's (or plan's) source when known

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "plan": self.plan,
            "indicator": self.indicator,
            "message": self.message,
        }
        if self.location is not None:
            data["location"] = self.location.to_dict()
        return data


CODES: dict[str, tuple[Severity, str]] = {
    "weights-absent": (Severity.INFO, "该表没有分值栏"),
    "weight-missing": (Severity.WARNING, "指标没有分值"),
    "category-quota": (Severity.WARNING, "类别分值与其下指标分值合计不符"),
    "weight-sum": (Severity.ERROR, "分值合计不是100（项目表指标合计不是90）"),
    "rule-override-invalid": (Severity.ERROR, "自定义规则写法有误"),
    "rule-unrecognized": (Severity.WARNING, "评分标准无法识别，按国家默认规则计分"),
    "rule-max-mismatch": (Severity.WARNING, "评分标准的最高得分与分值不一致"),
    "band-overlap": (Severity.WARNING, "评分档次重叠"),
    "band-gap": (Severity.INFO, "评分档次有空档"),
    "unit-mismatch": (Severity.WARNING, "计量单位与指标不符"),
    "target-over-100": (Severity.WARNING, "“≥100%”应为“=100%”"),
    "vague-target": (Severity.WARNING, "定性目标含糊，无法核实"),
    "target-missing": (Severity.WARNING, "指标没有填写目标值"),
    "template-placeholder": (Severity.WARNING, "模板占位符未替换"),
    "category-missing": (Severity.WARNING, "缺少效益指标或满意度指标"),
    "stated-score-mismatch": (Severity.WARNING, "自评得分与按评分标准计算的得分不符"),
    "stated-total-mismatch": (Severity.WARNING, "自评总分不等于各项得分之和"),
    "reason-missing": (Severity.WARNING, "目标未完成，未说明偏差原因"),
    "over-achievement": (Severity.INFO, "实际值达到目标的130%以上，目标可能定得偏低"),
    "actual-missing": (Severity.WARNING, "部分指标未填报实际完成值，等级为暂定"),
    "duplicate-indicator": (Severity.WARNING, "同一张表中指标重复"),
    "target-below-last-actual": (Severity.WARNING, "目标低于本单位上年实际完成值"),
    "target-met-easily": (Severity.WARNING, "连续两年完成目标的150%以上，目标定得过低"),
    "unit-differs-from-history": (Severity.WARNING, "计量单位与历年不一致"),
    "target-unchanged-while-budget-changed": (Severity.WARNING, "预算变化超过30%而目标未变"),
    "common-indicator-missing": (Severity.WARNING, "缺少本行业的共性指标"),
}
"""Every finding code → its severity and a short Chinese title."""


def describe_code(code: str) -> str:
    """A finding's code as a person reads it: its Chinese title, the code a small tag beside it
    ("指标没有分值 〔weight-missing〕"); JSON carries the code alone."""
    return f"{CODES[code][1]} 〔{code}〕" if code in CODES else code


REVIEW_SCHEMA = "jixiao-review/1"
"""The ``schema`` of ``jixiao review --json`` (docs/review.schema.json)."""


def findings_to_dict(findings: Sequence[Finding]) -> dict[str, object]:
    """The JSON of ``jixiao review``: ``{"schema": "jixiao-review/1", "findings": [...]}``."""
    return {"schema": REVIEW_SCHEMA, "findings": [f.to_dict() for f in findings]}


RuleFor = Callable[[Indicator], Recognition]


def default_rule_for(indicator: Indicator) -> Recognition:
    """The recognised prose rule; callers that honour ``rule_override`` pass their own."""
    return recognise(indicator.rule_text, indicator)


@dataclass(frozen=True, slots=True)
class PlanReview:
    """What every check sees: the plan, its index, and each indicator's rule (or why it has none)."""

    plan: Plan
    index: int
    rules: tuple[Recognition | RuleError, ...]  # one per indicator, in order
    scores: tuple[
        IndicatorScore | None, ...
    ] = ()  # one per indicator: scored where it has an actual and a rule
    history: History | None = None  # earlier years (指标库), for the checks from history
    _pasts: dict[int, tuple[Entry | None, list[Observation]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def past(self, indicator: Indicator) -> tuple[Entry | None, list[Observation]]:
        """``History.past`` of one of the plan's indicators (its library entry and this unit's earlier
        observations, oldest first; (None, []) without history), asked once per indicator and review:
        four checks compare each indicator with its past. The list is shared: read it, do not change it."""
        if self.history is None:
            return None, []
        found = self._pasts.get(id(indicator))
        if found is None:
            found = self._pasts[id(indicator)] = self.history.past(self.plan, indicator)
        return found

    def finding(self, code: str, message: str, indicator: Indicator | None = None) -> Finding:
        severity = CODES[code][0]
        if indicator is None:
            return Finding(code, severity, self.index, None, message, self.plan.source)
        return Finding(code, severity, self.index, indicator.name, message, indicator.source)

    def with_rules(self) -> Iterator[tuple[Indicator, Recognition]]:
        for indicator, rule in zip(self.plan.indicators, self.rules, strict=True):
            if isinstance(rule, Recognition):
                yield indicator, rule

    def scored(self) -> Iterator[IndicatorScore]:
        """Every indicator that has an actual value and a rule, scored (the self-evaluation)."""
        return (score for score in self.scores if score is not None)


Check = Callable[[PlanReview], Iterator[Finding]]


def review_plans(
    plans: Sequence[Plan], rule_for: RuleFor | None = None, history: History | None = None
) -> list[Finding]:
    """Review every plan; findings carry the plan's index in ``plans``.

    ``history`` (earlier years as an indicator library) enables the checks from history; without
    it they find nothing.
    """
    return [
        finding for index, plan in enumerate(plans) for finding in review_plan(plan, index, rule_for, history)
    ]


def review_plan(
    plan: Plan, index: int = 0, rule_for: RuleFor | None = None, history: History | None = None
) -> list[Finding]:
    """Run every check of ``CHECKS`` on one plan (with ``history`` for the checks from history)."""
    rules = tuple(_rule_or_error(rule_for or default_rule_for, indicator) for indicator in plan.indicators)
    pairs = zip(plan.indicators, rules, strict=True)
    scorable = [
        (ind, rule.rule) for ind, rule in pairs if isinstance(rule, Recognition) and ind.actual is not None
    ]
    scored = iter(score_indicators(scorable))
    scores = tuple(
        next(scored) if isinstance(rule, Recognition) and indicator.actual is not None else None
        for indicator, rule in zip(plan.indicators, rules, strict=True)
    )
    context = PlanReview(plan, index, rules, scores, history)
    return [finding for check in CHECKS for finding in check(context)]


def _rule_or_error(rule_for: RuleFor, indicator: Indicator) -> Recognition | RuleError:
    try:
        return rule_for(indicator)
    except RuleError as exc:  # a bad rule_override is a finding, not a crash
        return exc


# ---------------------------------------------------------------------------------------------
# Weights (分值)


def _weights_absent(plan: Plan) -> bool:
    """No indicator has a weight: the table has no 分值 column (target declarations of many
    provinces have none), which is one note for the table, not a fault of each row."""
    return bool(plan.indicators) and all(i.weight is None for i in plan.indicators)


def check_weights_absent(review: PlanReview) -> Iterator[Finding]:
    if _weights_absent(review.plan):
        yield review.finding(
            "weights-absent",
            "该表没有分值（权重）栏：各指标没有分值，不能按分值计分、也不核对分值合计；"
            "如需计分，请补充各指标的分值。",
        )


def check_weight_missing(review: PlanReview) -> Iterator[Finding]:
    if _weights_absent(review.plan):
        return
    for indicator in review.plan.indicators:
        if indicator.weight is None:
            yield review.finding(
                "weight-missing",
                f"指标「{indicator.name}」没有分值：请在分值（备注）栏填写该指标的分值，未填分值的指标不能计分。",
                indicator,
            )


def check_weight_sum(review: PlanReview) -> Iterator[Finding]:
    indicators = review.plan.indicators
    if not indicators or _weights_absent(review.plan):
        return
    total = sum((i.weight for i in indicators if i.weight is not None), Decimal(0))
    missing = sum(1 for i in indicators if i.weight is None)
    if review.plan.kind is PlanKind.PROJECT:
        expected, what, why = Decimal(90), "项目绩效指标", "（预算执行率另占10分）"
    else:
        expected, what, why = HUNDRED, "部门整体绩效指标", ""
    if total == expected:
        return
    gap = f"还差{_num(expected - total)}分" if total < expected else f"多出{_num(total - expected)}分"
    unweighted = f"，另有{missing}个指标未填分值" if missing else ""
    todo = "补齐未填的分值并调整" if missing else "调整"
    yield review.finding(
        "weight-sum",
        f"{what}的分值合计为{_num(total)}分，应为{_num(expected)}分{why}，{gap}{unweighted}："
        f"请{todo}各指标分值，使合计为{_num(expected)}分。",
    )


def check_category_quota(review: PlanReview) -> Iterator[Finding]:
    """A 一级 or 二级 category's stated points (权重/分值 at that level) against its indicators' weights."""
    for quota in review.plan.quotas:
        rows = [
            i
            for i in review.plan.indicators
            if i.level1 == quota.level1 and (not quota.level2 or i.level2 == quota.level2)
        ]
        total = sum((i.weight for i in rows if i.weight is not None), Decimal(0))
        if total == quota.points:
            continue
        what = f"二级指标「{quota.level2}」" if quota.level2 else f"一级指标「{quota.level1}」"
        yield Finding(
            "category-quota",
            CODES["category-quota"][0],
            review.index,
            None,
            f"{what}的分值为{_num(quota.points)}分，其下{len(rows)}个指标的分值合计为{_num(total)}分："
            "请核对该类别的分值或其下各指标的分值，使两者一致。",
            quota.source,
        )


# ---------------------------------------------------------------------------------------------
# Scoring rules (评分标准)


def check_rule_override_invalid(review: PlanReview) -> Iterator[Finding]:
    for indicator, rule in zip(review.plan.indicators, review.rules, strict=True):
        if isinstance(rule, RuleError):
            yield review.finding(
                "rule-override-invalid",
                f"{rule}\n请按规则语言改正该指标的自定义规则（rule_override），改正前它无法评分。",
                indicator,
            )


def check_rule_unrecognized(review: PlanReview) -> Iterator[Finding]:
    for indicator, recognition in review.with_rules():
        if not recognition.recognised:
            yield review.finding(
                "rule-unrecognized",
                f"指标「{indicator.name}」的评分标准“{indicator.rule_text.strip()}”无法自动识别：{recognition.note}。"
                "如需按原意计分，请在该指标的自定义规则（rule_override）中用规则语言写明，"
                "例如 linear(floor=60%)、threshold(target) 或 bands(>=90:8, >=80:7, else:0)。",
                indicator,
            )


def check_rule_max_mismatch(review: PlanReview) -> Iterator[Finding]:
    for indicator, recognition in review.with_rules():
        weight = indicator.weight
        best = max_points(recognition.rule, weight)
        if weight is None or best is None or best == weight:
            continue
        relation = "最高只给" if best < weight else "最高可给"
        yield review.finding(
            "rule-max-mismatch",
            f"指标「{indicator.name}」的评分标准{relation}{_num(best)}分，而分值为{_num(weight)}分："
            f"请把评分标准的最高得分改为{_num(weight)}分，或把分值改为{_num(best)}分。",
            indicator,
        )


def check_bands(review: PlanReview) -> Iterator[Finding]:
    """Bands that overlap (band-overlap) or leave values uncovered (band-gap)."""
    for indicator, recognition in review.with_rules():
        rule = recognition.rule
        if isinstance(rule, Bands):
            yield from _band_overlaps(review, indicator, rule)
            yield from _band_gaps(review, indicator, rule)


def _band_overlaps(review: PlanReview, indicator: Indicator, rule: Bands) -> Iterator[Finding]:
    show = _shower(rule, indicator)
    subject = _subject_label(rule)
    spans = [_Interval.of(band) for band in rule.bands]
    for j, later in enumerate(rule.bands):
        for i in range(j):
            earlier = rule.bands[i]
            both = spans[i].meet(spans[j])
            if not later.bounds or not earlier.bounds or both.is_empty() or spans[i].within(spans[j]):
                continue  # an "else" band, or a later band that only catches what the earlier leaves
            first = f"第{i + 1}档（{_describe_band(earlier, show)}）"
            second = f"第{j + 1}档（{_describe_band(later, show)}）"
            if spans[j].within(spans[i]):
                message = (
                    f"指标「{indicator.name}」的评分档次重叠：{second}完全包含在{first}之内，"
                    f"按书写顺序永远用不到：请修改这两档的界限，使每个值只落在一档。"
                )
            else:
                where = both.describe(subject, show)
                edge = (
                    f"请把其中一档在{show(both.lo)}处的界限改为不含{show(both.lo)}"
                    if both.is_point() and both.lo is not None
                    else "请修改这两档的界限"
                )
                message = (
                    f"指标「{indicator.name}」的评分档次重叠：{where}时同时符合{first}和{second}，"
                    f"按书写顺序只给{_num(earlier.points)}分：{edge}，使每个值只落在一档。"
                )
            yield review.finding("band-overlap", message, indicator)


def _band_gaps(review: PlanReview, indicator: Indicator, rule: Bands) -> Iterator[Finding]:
    show = _shower(rule, indicator)
    subject = _subject_label(rule)
    uncovered = [_Interval(None, False, None, False)]
    for band in rule.bands:
        span = _Interval.of(band)
        uncovered = [piece for gap in uncovered for piece in gap.minus(span)]
    for gap in uncovered:
        yield review.finding(
            "band-gap",
            f"指标「{indicator.name}」的评分档次没有覆盖{gap.describe(subject, show)}的情形，这时得0分："
            "如本意如此，可写明“其他不得分”；否则请补上这一档。",
            indicator,
        )


@dataclass(frozen=True, slots=True)
class _Interval:
    """The values a band holds for: lo..hi, each end open or closed, None for no limit."""

    lo: Decimal | None
    lo_closed: bool
    hi: Decimal | None
    hi_closed: bool

    @staticmethod
    def of(band: Band) -> _Interval:
        span = _Interval(None, False, None, False)
        for bound in band.bounds:
            v = bound.value
            piece = {
                "ge": _Interval(v, True, None, False),
                "gt": _Interval(v, False, None, False),
                "le": _Interval(None, False, v, True),
                "lt": _Interval(None, False, v, False),
                "eq": _Interval(v, True, v, True),
            }[bound.op]
            span = span.meet(piece)
        return span

    def meet(self, other: _Interval) -> _Interval:
        lo, lo_closed = self.lo, self.lo_closed
        if other.lo is not None and (lo is None or other.lo > lo or (other.lo == lo and not other.lo_closed)):
            lo, lo_closed = other.lo, other.lo_closed
        hi, hi_closed = self.hi, self.hi_closed
        if other.hi is not None and (hi is None or other.hi < hi or (other.hi == hi and not other.hi_closed)):
            hi, hi_closed = other.hi, other.hi_closed
        return _Interval(lo, lo_closed, hi, hi_closed)

    def is_empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))

    def is_point(self) -> bool:
        return self.lo is not None and self.lo == self.hi and not self.is_empty()

    def within(self, other: _Interval) -> bool:
        return self.meet(other) == self

    def minus(self, other: _Interval) -> list[_Interval]:
        both = self.meet(other)
        if both.is_empty():
            return [self]
        pieces = []
        if both.lo is not None:
            pieces.append(_Interval(self.lo, self.lo_closed, both.lo, not both.lo_closed))
        if both.hi is not None:
            pieces.append(_Interval(both.hi, not both.hi_closed, self.hi, self.hi_closed))
        return [p for p in pieces if not p.is_empty()]

    def describe(self, subject: str, show: Callable[[Decimal | None], str]) -> str:
        """In words: "实际值为80%", "实际值<60%", "80%≤实际值<90%"."""
        if self.is_point():
            return f"{subject}为{show(self.lo)}"
        low = f"{show(self.lo)}{'≤' if self.lo_closed else '<'}" if self.lo is not None else ""
        high = f"{'≤' if self.hi_closed else '<'}{show(self.hi)}" if self.hi is not None else ""
        if not low:
            return f"{subject}{high}"
        if not high:
            return f"{subject}{'≥' if self.lo_closed else '>'}{show(self.lo)}"
        return f"{low}{subject}{high}"


def _shower(rule: Bands, indicator: Indicator) -> Callable[[Decimal | None], str]:
    """How a band bound is shown: "80%" for the actual of a % indicator, "80%" for completion 0.8."""
    if rule.subject == "completion":
        return lambda v: "" if v is None else f"{_num(v * HUNDRED)}%"
    unit = indicator.unit.strip()
    return lambda v: "" if v is None else f"{_num(v)}{unit}"


def _subject_label(rule: Bands) -> str:
    return "完成率" if rule.subject == "completion" else "实际值"


def _describe_band(band: Band, show: Callable[[Decimal | None], str]) -> str:
    condition = "且".join(f"{OPERATOR_SYMBOLS[b.op]}{show(b.value)}" for b in band.bounds) or "其他"
    return f"{condition}，{_num(band.points)}分"


# ---------------------------------------------------------------------------------------------
# Units and targets (计量单位与指标值)

RATE_WORDS = (
    "率",
    "比",  # 比重 比例 占比 同比
    "增长",
    "增速",
    "增幅",
    "降幅",
    "下降",
    "提高",
    "提升",
    "进度",
    "满意",
    "覆盖",
    "达标",
    "合格",
    "百分",
    "按时",
    "及时",
    "准时",
    "到位",
    "执行",
    "完成",
    "知晓",
    "普及",
    "程度",
)
"""Words that make a name a rate, share or progress, measured in "%"."""

COUNT_SUFFIXES = ("数量", "个数", "家数", "人数", "次数", "户数", "项数", "数")
"""Name endings that make an indicator a count, never measured in "%"."""
NOT_COUNTS = ("指数", "系数", "倍数", "分数")

PERCENT_UNITS = ("%", "％")
PERCENT_WORDS = ("百分比", "百分率", "百分数")
"""Units written out in words where "%" is meant ("≥100百分比")."""


def _is_percent(unit: str) -> bool:
    return unit.strip() in PERCENT_UNITS


def check_unit_mismatch(review: PlanReview) -> Iterator[Finding]:
    for indicator in review.plan.indicators:
        message = _unit_problem(indicator)
        if message:
            yield review.finding("unit-mismatch", message, indicator)


def _unit_problem(indicator: Indicator) -> str | None:
    name, unit = indicator.name, indicator.unit.strip()
    worded = next((w for w in PERCENT_WORDS if w in unit or w in indicator.target_text), None)
    if worded:
        return f"指标「{name}」的计量单位写成了“{worded}”：请写作“%”（如“≥100%”），以便按数值比较。"
    if not _is_percent(unit):
        return None
    target = f"（目标{_num(indicator.target)}%）" if isinstance(indicator.target, Decimal) else ""
    suffix = next((s for s in COUNT_SUFFIXES if name.endswith(s)), None)
    if suffix and not name.endswith(NOT_COUNTS):
        return (
            f"指标「{name}」是一个数量（名称以“{suffix}”结尾），计量单位却是“%”{target}："
            "请把单位改为“个”“家”“人”等计数单位。"
        )
    if not any(word in name for word in RATE_WORDS):
        return (
            f"指标「{name}」的计量单位是“%”{target}，但名称不是比率、占比或进度：如果统计的是个数，"
            "请把单位改为“个”“家”“项”等计数单位；如果确是比率，请在名称中写明（如“…增长率”“…占比”）。"
        )
    return None


GROWTH_WORDS = ("增长", "增速", "增幅", "提高", "提升")
"""Names whose percentage can exceed 100% (a growth of 120% is possible)."""


def check_target_over_100(review: PlanReview) -> Iterator[Finding]:
    for indicator in review.plan.indicators:
        if (
            indicator.comparator is Comparator.GE
            and not indicator.comparator_inferred
            and isinstance(indicator.target, Decimal)
            and indicator.target == HUNDRED
            and _is_percent(indicator.unit)
            and not any(word in indicator.name for word in GROWTH_WORDS)
        ):
            yield review.finding(
                "target-over-100",
                f"指标「{indicator.name}」的目标为“{_as_written(indicator)}”："
                "比率最高就是100%，不可能超过，"
                "请把指标值类型改为“=”（=100%）。",
                indicator,
            )


def _as_written(indicator: Indicator) -> str:
    """A ≥ target as the table wrote it: its value cell, with the comparator of the 指标值类型
    column in front when the cell has none ("≥" + "100%")."""
    text = indicator.target_text.strip()
    if parse_value(text).comparator is None:
        return f"{indicator.comparator.symbol}{text}"
    return text


VAGUE_WORDS = (
    "明显",
    "显著",
    "有序推进",
    "持续优化",
    "持续",
    "进一步",
    "逐步",
    "稳步",
    "较好",
    "较大",
    "大幅",
    "不断",
    "有所",
    "有效",
    "积极",
    "力争",
    "一定程度",
)
"""Words that make a qualitative target (定性指标值) impossible to verify."""


def check_vague_target(review: PlanReview) -> Iterator[Finding]:
    for indicator in review.plan.indicators:
        if indicator.comparator is not Comparator.QUALITATIVE and not isinstance(indicator.target, str):
            continue
        text = indicator.target_text.strip() or str(indicator.target or "")
        found = [w for w in VAGUE_WORDS if w in text]
        words = [w for w in found if not any(w != other and w in other for other in found)]
        if words:
            quoted = "" if words == [text] else "含" + "、".join(f"“{w}”" for w in words) + "，"
            yield review.finding(
                "vague-target",
                f"指标「{indicator.name}」的目标“{text}”{quoted}无法核实是否达成："
                "请写成可检验的结果，如数量、比率、完成时限或验收标准（例如“年底前完成…并通过验收”）。",
                indicator,
            )


def check_target_missing(review: PlanReview) -> Iterator[Finding]:
    for indicator in review.plan.indicators:
        if indicator.target is None:
            unit = f"（只写了单位“{indicator.unit}”）" if indicator.unit and indicator.target_text else ""
            yield review.finding(
                "target-missing",
                f"指标「{indicator.name}」没有目标值{unit}：请填写具体的指标值（如“≥95%”“10公里”），"
                "没有目标值的指标无法评价是否完成。",
                indicator,
            )


def check_template_placeholder(review: PlanReview) -> Iterator[Finding]:
    for indicator in review.plan.indicators:
        for what, text in (("名称", indicator.name_as_written), ("指标值", indicator.target_text)):
            if has_placeholder(text):
                yield review.finding(
                    "template-placeholder",
                    f"指标「{indicator.name}」的{what}“{text}”含有模板占位符（“**”“XX”之类）："
                    "请用实际的数值或文字替换后再报送。",
                    indicator,
                )


# ---------------------------------------------------------------------------------------------
# The plan as a whole


def _family(indicator: Indicator) -> str | None:
    """The normalised 一级 category of an indicator (项目效果 → 效益指标), from its 二级 when its
    一级 names none."""
    return category_family(indicator.level1) or level1_of_level2(indicator.level2)


def check_category_missing(review: PlanReview) -> Iterator[Finding]:
    indicators = review.plan.indicators
    if not indicators:
        return
    families = [(_family(i), level1_of_level2(i.level2)) for i in indicators]
    satisfaction = any("满意度指标" in pair for pair in families)
    outcome = any(one == "效益指标" and two != "满意度指标" for one, two in families)
    if not outcome:
        yield review.finding(
            "category-missing",
            "该表没有效益指标：请至少设置一项效益指标（经济效益、社会效益、生态效益或可持续影响），"
            "说明资金带来的结果。",
        )
    if not satisfaction:
        yield review.finding(
            "category-missing",
            "该表没有满意度指标：请设置服务对象满意度指标（如“服务对象满意度≥90%”）。",
        )


# ---------------------------------------------------------------------------------------------
# The self-evaluation re-check (自评复核)

TOLERANCE = Decimal("0.005")
"""Points closer than this are the same score (both are rounded to 0.01)."""
OVER_ACHIEVEMENT = Decimal("1.3")
"""A ≥ target exceeded by this much (130%) was perhaps set too low: the unit should say why."""


def check_stated_score_mismatch(review: PlanReview) -> Iterator[Finding]:
    for score in review.scored():
        indicator = score.indicator
        stated, due = indicator.stated_score, score.score
        if stated is None or due is None or abs(stated - due) <= TOLERANCE:
            continue
        yield review.finding(
            "stated-score-mismatch",
            f"指标「{indicator.name}」自评得分{_num(stated)}分，按评分标准应得{_num(due)}分"
            f"（{score.explanation}）：{_verdict(score, stated, due)}。请核实实际完成值，按评分标准改正得分。",
            indicator,
        )


def _verdict(score: IndicatorScore, stated: Decimal, due: Decimal) -> str:
    """Why a stated score differs: docked though met, full though missed, above the weight, …"""
    weight = score.indicator.weight
    completion = score.completion
    if stated < due:
        if completion is not None and completion >= 1 and weight is not None and due == full_points(weight):
            return f"目标已完成却被扣了{_num(due - stated)}分"
        return f"少给了{_num(due - stated)}分"
    if weight is not None and stated > weight:
        return f"自评得分超过了分值{_num(weight)}分"
    if weight is not None and stated == weight and completion is not None and completion < 1:
        return "目标未完成却给了满分"
    return f"多给了{_num(stated - due)}分"


def check_stated_total_mismatch(review: PlanReview) -> Iterator[Finding]:
    plan = review.plan
    stated_total = plan.stated_total
    rows = [i.stated_score for i in plan.indicators if i.stated_score is not None]
    budget = plan.budget.stated_score if plan.budget is not None else None
    if stated_total is None or (not rows and budget is None):
        return
    total = sum(rows, Decimal(0)) + (budget or Decimal(0))
    if abs(stated_total - total) <= TOLERANCE:
        return
    parts = f"{len(rows)}个指标的自评得分" + (
        f"与预算执行率得分{_num(budget)}分" if budget is not None else ""
    )
    gap = stated_total - total
    relation = f"多出{_num(gap)}分" if gap > 0 else f"少了{_num(-gap)}分"
    yield review.finding(
        "stated-total-mismatch",
        f"自评总分写为{_num(stated_total)}分，而{parts}合计为{_num(total)}分，总分{relation}："
        "请核对各行得分与总分，使总分等于各项得分之和。",
    )


def check_reason_missing(review: PlanReview) -> Iterator[Finding]:
    for score in review.scored():
        indicator = score.indicator
        if indicator.reason.strip() or score.completion is None or score.completion >= 1:
            continue
        if isinstance(indicator.actual, str):
            how = f"实际完成情况为“{indicator.actual}”"
        else:
            how = f"完成率{format_percent(score.completion)}"
        yield review.finding(
            "reason-missing",
            f"指标「{indicator.name}」目标未完成（{how}），但没有填写偏差原因："
            "请在“偏差原因分析及改进措施”栏说明未完成的原因和下一步改进措施。",
            indicator,
        )


def check_actual_missing(review: PlanReview) -> Iterator[Finding]:
    """A self-evaluation (some actual values given) where others are missing: its total and grade
    count only what was reported, so they are provisional (暂定)."""
    indicators = review.plan.indicators
    missing = [ind.name for ind in indicators if ind.actual is None]
    if not missing or len(missing) == len(indicators):
        return
    names = "、".join(f"「{name}」" for name in missing[:5]) + ("等" if len(missing) > 5 else "")
    yield review.finding(
        "actual-missing",
        f"{len(indicators)} 个指标中有 {len(missing)} 个未填报实际完成值（{names}）：总分只计已填报的指标，"
        "等级为暂定；请补填实际完成值后重新计分。",
    )


def check_over_achievement(review: PlanReview) -> Iterator[Finding]:
    for score in review.scored():
        indicator = score.indicator
        completion = score.completion
        if indicator.comparator is not Comparator.GE or not isinstance(indicator.actual, Decimal):
            continue
        if completion is None or completion < OVER_ACHIEVEMENT:
            continue
        unit = indicator.unit.strip()
        yield review.finding(
            "over-achievement",
            f"指标「{indicator.name}」实际完成{_num(indicator.actual)}{unit}，是目标{_num(_decimal(indicator.target))}{unit}的"
            f"{format_percent(completion)}（130%以上）：目标可能定得偏低，请说明超额完成的原因，"
            "并在下一年度据实提高目标值。",
            indicator,
        )


# ---------------------------------------------------------------------------------------------
# Checks from history (历史比对): the indicator library of earlier years

EASY = Decimal("1.5")
"""A ≥ target met at this completion (150%) two years running was set too low."""
BUDGET_CHANGE = Decimal("0.3")
"""A budget that changed by more than this share (30%) should move the targets it buys."""


def check_duplicate_indicator(review: PlanReview) -> Iterator[Finding]:
    """Two rows of one plan that the library takes for one indicator (with the bureau's corrections)."""
    library = review.history.library if review.history is not None else None
    first: dict[str, Indicator] = {}
    for indicator in review.plan.indicators:
        key = library.key_for(indicator) if library is not None else key_of(indicator).id
        earlier = first.setdefault(key, indicator)
        if earlier is indicator:
            continue
        why = explain_match(earlier, indicator).explain()
        yield review.finding(
            "duplicate-indicator",
            f"指标「{indicator.name}」与本表的「{earlier.name}」是同一指标（{why}）："
            "同一指标不应重复设置，请合并为一行，或改为确有区别的名称。",
            indicator,
        )


def _past(review: PlanReview, indicator: Indicator) -> list[Observation]:
    """This unit's earlier observations of the indicator, oldest first (none without history)."""
    return review.past(indicator)[1]


def _same_unit(indicator: Indicator, observation: Observation) -> bool:
    return normalise_unit(indicator.unit) == normalise_unit(observation.indicator.unit)


def check_target_below_last_actual(review: PlanReview) -> Iterator[Finding]:
    for indicator in review.plan.indicators:
        target = indicator.target
        if indicator.comparator is not Comparator.GE or not isinstance(target, Decimal):
            continue
        last = next(
            (o for o in reversed(_past(review, indicator)) if isinstance(o.indicator.actual, Decimal)), None
        )
        if last is None or not _same_unit(indicator, last):
            continue
        actual = _decimal(last.indicator.actual)
        if actual is None or target >= actual:
            continue
        unit = indicator.unit.strip()
        was = last.indicator
        before = (
            f"（{last.year}年目标{was.comparator.symbol}{_num(_decimal(was.target))}{unit}）"
            if isinstance(was.target, Decimal)
            else ""
        )
        yield review.finding(
            "target-below-last-actual",
            f"指标「{indicator.name}」的目标≥{_num(target)}{unit}，低于本单位{last.year}年的实际完成值"
            f"{_num(actual)}{unit}{before}：目标应不低于上年实际水平，请提高目标值，"
            "或在指标解释中说明目标下调的原因。",
            indicator,
        )


def check_target_met_easily(review: PlanReview) -> Iterator[Finding]:
    for indicator in review.plan.indicators:
        if indicator.comparator is not Comparator.GE:
            continue
        past = [o for o in _past(review, indicator) if o.indicator.comparator is Comparator.GE]
        if len(past) < 2:
            continue
        earlier, last = past[-2], past[-1]
        rates = (earlier.completion, last.completion)
        if last.year - earlier.year != 1 or any(r is None or r < EASY for r in rates):
            continue
        shown = "、".join(format_percent(r) for r in rates if r is not None)
        yield review.finding(
            "target-met-easily",
            f"指标「{indicator.name}」本单位{earlier.year}年、{last.year}年的实际完成值分别为目标的{shown}，"
            "连续两年达到150%以上：目标定得过低，请参照近两年的实际完成值提高目标值。",
            indicator,
        )


def check_unit_differs_from_history(review: PlanReview) -> Iterator[Finding]:
    if review.history is None:
        return
    for indicator in review.plan.indicators:
        unit = normalise_unit(indicator.unit)
        entry, past = review.past(indicator)
        if entry is None or not unit:
            continue
        if past:
            before, where = past[-1].indicator.unit.strip(), f"本单位{past[-1].year}年"
        else:
            before, where = entry.unit, "历年各单位"
        if not before or normalise_unit(before) == unit:
            continue
        yield review.finding(
            "unit-differs-from-history",
            f"指标「{indicator.name}」的计量单位为“{indicator.unit.strip()}”，而{where}同一指标的单位是“{before}”："
            "单位不同的目标无法与历年比较，请改用与历年一致的单位，或把指标改为新的名称。",
            indicator,
        )


def check_target_unchanged_while_budget_changed(review: PlanReview) -> Iterator[Finding]:
    budget = review.plan.budget.annual if review.plan.budget is not None else None
    if budget is None:
        return
    for indicator in review.plan.indicators:
        past = _past(review, indicator)
        if not past or not isinstance(indicator.target, Decimal):
            continue
        last = past[-1]
        was = last.indicator
        if (
            last.budget is None
            or last.budget <= 0
            or was.comparator is not indicator.comparator
            or was.target != indicator.target
            or not _same_unit(indicator, last)
        ):
            continue
        change = (budget - last.budget) / last.budget
        if abs(change) <= BUDGET_CHANGE:
            continue
        how = "增加" if change > 0 else "减少"
        yield review.finding(
            "target-unchanged-while-budget-changed",
            f"指标「{indicator.name}」的目标{indicator.comparator.symbol}{_num(indicator.target)}{indicator.unit.strip()}"
            f"与本单位{last.year}年相同，而全年预算由{_num(last.budget)}万元变为{_num(budget)}万元"
            f"（{how}{format_percent(abs(change))}，超过30%）：资金变化较大时目标应随之调整，"
            "请调整目标值，或说明目标不变的理由。",
            indicator,
        )


def check_common_indicator_missing(review: PlanReview) -> Iterator[Finding]:
    history = review.history
    if history is None or not history.sector:
        return
    library = history.library
    present = {library.key_for(indicator) for indicator in review.plan.indicators}
    for entry in library.common_indicators(history.sector):
        if entry.id in present:
            continue
        unit = f"，单位“{entry.unit}”" if entry.unit else ""
        yield review.finding(
            "common-indicator-missing",
            f"本表属于“{history.sector}”行业，缺少该行业的共性指标「{entry.name}」"
            f"（{entry.level1}/{entry.level2}{unit}）：请按共性指标库补充该指标及其目标值。",
        )


def _decimal(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


CHECKS: list[Check] = [
    check_weights_absent,
    check_weight_missing,
    check_weight_sum,
    check_category_quota,
    check_rule_override_invalid,
    check_rule_unrecognized,
    check_rule_max_mismatch,
    check_bands,
    check_unit_mismatch,
    check_target_over_100,
    check_vague_target,
    check_target_missing,
    check_template_placeholder,
    check_category_missing,
    check_actual_missing,
    check_duplicate_indicator,
    check_target_below_last_actual,
    check_target_met_easily,
    check_unit_differs_from_history,
    check_target_unchanged_while_budget_changed,
    check_common_indicator_missing,
    check_stated_score_mismatch,
    check_stated_total_mismatch,
    check_reason_missing,
    check_over_achievement,
]
"""The review, in order: each check reads a PlanReview and yields findings."""


def _num(value: Decimal | None) -> str:
    """A Decimal as people write it: 80.00 → "80", 0.50 → "0.5"."""
    return "" if value is None else format(value.normalize(), "f")
