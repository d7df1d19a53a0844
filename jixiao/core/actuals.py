"""Merging actual values into plans (填报实际完成值): the self-evaluation's numbers onto the targets.

The actual values come as plans too — read from a filled-in template, a CSV or JSON — and are matched
to the target plans by position of plan and by indicator name (with level1/level2 to tell apart
indicators of the same name). Nothing is changed when anything fails to match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from jixiao.core.errors import InputError
from jixiao.core.model import Budget, Indicator, Plan


def _key(ind: Indicator) -> tuple[str, str, str]:
    return (ind.level1, ind.level2, ind.name)


def apply_actuals(plans: Sequence[Plan], actuals: Sequence[Plan]) -> list[Plan]:
    """New plans with ``actual``, ``reason``, ``stated_score`` and ``budget`` taken from ``actuals``.

    A single actuals plan may serve several target plans when its indicator names are unique across
    them. Raises InputError naming the indicator (and where it was read) when one cannot be placed.
    """
    by_plan: list[dict[str, list[Indicator]]] = [{} for _ in plans]
    located: list[tuple[int, Indicator]] = []
    for a_index, a_plan in enumerate(actuals):
        for ind in a_plan.indicators:
            candidates = (
                [a_index] if len(actuals) == len(plans) else [i for i, p in enumerate(plans) if _has(p, ind)]
            )
            matches = [i for i in candidates if _has(plans[i], ind)]
            if len(matches) != 1:
                where = f"（{ind.source.describe()}）" if ind.source else ""
                problem = "在目标表中找不到" if not matches else "在多张目标表中都有，无法确定归属"
                raise InputError(f"实际值中的指标「{ind.name}」{where}{problem}")
            located.append((matches[0], ind))
    for plan_index, ind in located:
        by_plan[plan_index].setdefault(ind.name, []).append(ind)

    merged: list[Plan] = []
    for index, plan in enumerate(plans):
        indicators = [_merge(ind, by_plan[index]) for ind in plan.indicators]
        budget = plan.budget
        if len(actuals) == len(plans) and actuals[index].budget is not None:
            budget = _merge_budget(plan.budget, actuals[index].budget)
        stated_total = plan.stated_total
        if len(actuals) == len(plans) and actuals[index].stated_total is not None:
            stated_total = actuals[index].stated_total
        merged.append(replace(plan, indicators=indicators, budget=budget, stated_total=stated_total))
    return merged


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
    )
