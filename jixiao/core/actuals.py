"""Merging actual values into plans (填报实际完成值): the self-evaluation's numbers onto the targets.

The same merge carries a monitoring round's entries (监控填报: 累计完成值, 预计全年完成值, 偏差原因,
纠偏措施, 累计执行数) onto the targets, whether they come from a filled 绩效运行监控表 or JSON.

The actual values come as plans too — read from a filled-in template, a CSV or JSON — and are matched
to the target plans by position of plan and by indicator name (with level1/level2 to tell apart
indicators of the same name). Nothing is changed when anything fails to match.

A stated score (自评得分) *entered* by a person — typed on a page, sent through the API — may not
exceed the indicator's weight (分值): no rule gives more than the weight (财预〔2020〕10号: an
indicator is scored within its 分值). ``score_over_weight`` says so; a file read with such a score is
not refused (the review's ``stated-score-mismatch`` lists it), so ``refuse_entered_scores`` refuses
only the scores and weights a change brings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from jixiao.core.errors import InputError
from jixiao.core.model import Budget, Indicator, Plan


def score_over_weight(indicator: Indicator) -> str | None:
    """Why ``indicator``'s stated score (自评得分, points) cannot be taken: it exceeds the weight (分值,
    points) — "指标「带动就业人数」的得分 12 超过该指标分值 10，…"; None when either is missing or the
    score is within the weight. Source: 财预〔2020〕10号 (an indicator is scored within its 分值)."""
    stated, weight = indicator.stated_score, indicator.weight
    if stated is None or weight is None or stated <= weight:
        return None
    return (
        f"指标「{indicator.name}」的得分 {stated.normalize():f} 超过该指标分值 {weight.normalize():f}，"
        "自评得分不能高于分值：请改为不超过分值的得分，或先核对分值"
    )


def refuse_entered_scores(before: Plan, after: Plan) -> None:
    """Raise ``InputError`` (path ``plans[0].indicators[i].stated_score``) for the first indicator of
    ``after`` whose stated score exceeds its weight, unless ``before`` already holds that indicator with
    the same score and weight (read from a file: kept, and listed by the review)."""
    held = {(i.name, i.stated_score, i.weight) for i in before.indicators}
    for index, indicator in enumerate(after.indicators):
        message = score_over_weight(indicator)
        if message and (indicator.name, indicator.stated_score, indicator.weight) not in held:
            raise InputError(message, path=f"plans[0].indicators[{index}].stated_score")


def _key(ind: Indicator) -> tuple[str, str, str]:
    return (ind.level1, ind.level2, ind.name)


def merge_actuals(plans: Sequence[Plan], actuals: Sequence[Plan]) -> tuple[list[Plan], list[str]]:
    """``apply_actuals``, and what it could not do, in Chinese: an actuals plan's budget and stated
    total go to the one target plan it pairs with — by position when the counts agree, else the only
    target plan of its kind (and title, when it has one); where several could take them, they are
    applied nowhere and a note names the plans (the indicators' values are applied all the same)."""
    merged = apply_actuals(plans, actuals)
    if len(actuals) == len(plans):
        return merged, []
    notes: list[str] = []
    for index, a_plan in enumerate(actuals):
        if a_plan.budget is None and a_plan.stated_total is None:
            continue
        fits = [
            i
            for i, p in enumerate(plans)
            if p.kind is a_plan.kind and (not a_plan.title or p.title == a_plan.title)
        ]
        if len(fits) == 1:
            target = merged[fits[0]]
            merged[fits[0]] = replace(
                target,
                budget=_merge_budget(target.budget, a_plan.budget),
                stated_total=a_plan.stated_total if a_plan.stated_total is not None else target.stated_total,
            )
            continue
        named = a_plan.title or f"第{index + 1}张表"
        candidates = (
            "、".join(f"「{plans[i].title or f'第{i + 1}张表'}」" for i in fits) or "（没有同类的目标表）"
        )
        notes.append(
            f"实际值中「{named}」的预算执行数和总分无法确定属于哪张目标表（可能是 {candidates}），"
            "未填入；各指标的实际值已填入"
        )
    return merged, notes


def apply_actuals(plans: Sequence[Plan], actuals: Sequence[Plan]) -> list[Plan]:
    """New plans with ``actual``, ``reason``, ``stated_score``, the monitoring fields (``to_date``,
    ``expected``, ``correction``) and ``budget`` taken from ``actuals``.

    As many actuals plans as target plans pair up by position (budget and stated total included);
    otherwise each actual indicator goes to the one target plan that has its name. Raises InputError
    naming the indicator (and where it was read) when one cannot be placed.
    """
    paired = len(actuals) == len(plans)
    found: list[dict[str, list[Indicator]]] = [{} for _ in plans]
    for a_index, a_plan in enumerate(actuals):
        for ind in a_plan.indicators:
            target = _target_plan(plans, ind, a_index if paired else None)
            found[target].setdefault(ind.name, []).append(ind)
    return [
        _merged_plan(plan, found[index], actuals[index] if paired else None)
        for index, plan in enumerate(plans)
    ]


def _target_plan(plans: Sequence[Plan], ind: Indicator, index: int | None) -> int:
    """The index of the target plan ``ind`` belongs to: the paired one, else the one with its name."""
    candidates = range(len(plans)) if index is None else [index]
    matches = [i for i in candidates if _has(plans[i], ind)]
    if len(matches) != 1:
        where = f"（{ind.source.describe()}）" if ind.source else ""
        problem = "在目标表中找不到" if not matches else "在多张目标表中都有，无法确定归属"
        raise InputError(f"实际值中的指标「{ind.name}」{where}{problem}")
    return matches[0]


def _merged_plan(plan: Plan, found: dict[str, list[Indicator]], source: Plan | None) -> Plan:
    indicators = [_merge(ind, found) for ind in plan.indicators]
    if source is None:
        return replace(plan, indicators=indicators)
    stated_total = source.stated_total if source.stated_total is not None else plan.stated_total
    return replace(
        plan,
        indicators=indicators,
        budget=_merge_budget(plan.budget, source.budget),
        stated_total=stated_total,
    )


def _has(plan: Plan, ind: Indicator) -> bool:
    return any(i.name == ind.name for i in plan.indicators)


def _merge(target: Indicator, found: dict[str, list[Indicator]]) -> Indicator:
    candidates = found.get(target.name, [])
    if not candidates:
        return target
    exact = [c for c in candidates if _key(c) == _key(target)] or candidates
    source = exact[0]
    return replace(
        target,
        actual=source.actual if source.actual is not None else target.actual,
        stated_score=source.stated_score if source.stated_score is not None else target.stated_score,
        reason=source.reason or target.reason,
        to_date=source.to_date if source.to_date is not None else target.to_date,
        expected=source.expected if source.expected is not None else target.expected,
        correction=source.correction or target.correction,
    )


def _merge_budget(base: Budget | None, extra: Budget | None) -> Budget | None:
    if extra is None:
        return base
    if base is None:
        return extra
    return Budget(
        annual=extra.annual if extra.annual is not None else base.annual,
        executed=extra.executed if extra.executed is not None else base.executed,
        initial=extra.initial if extra.initial is not None else base.initial,
        stated_score=extra.stated_score if extra.stated_score is not None else base.stated_score,
        executed_to_date=extra.executed_to_date
        if extra.executed_to_date is not None
        else base.executed_to_date,
        reason=extra.reason or base.reason,
        correction=extra.correction or base.correction,
    )
