"""Monitoring rows ↔ core objects (监控填报与领域对象的转换): the monitoring counterpart of
``plans.convert``, and the only module that knows both the entry rows and ``core.model``'s monitoring
fields (``Indicator.to_date``/``expected``/``reason``/``correction``, ``Budget.executed_to_date``/
``reason``/``correction``).

``with_entries`` puts a round's entries onto the plan ``plans.convert.to_core`` gives; ``store_entries``
keeps the monitoring fields of a core plan (entered on a page, uploaded as a filled 绩效运行监控表, or
sent as JSON) as the plan's entry in a round, in one transaction, each row's change in its history.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db import transaction

from jixiao.core.model import Budget, Comparator, Indicator, PlanKind
from jixiao.core.model import Plan as CorePlan
from jixiao.core.monitoring import Thresholds
from jixiao.web.monitoring.models import IndicatorEntry, PlanEntry, Round
from jixiao.web.plans.convert import User, plain, split_value, stored_value, to_core
from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan


def thresholds_of(round_: Round) -> Thresholds:
    """The round's thresholds as ``core.monitoring.Thresholds`` (InputError if out of order)."""
    return Thresholds(
        mild_gap=plain(round_.mild_gap) or Decimal(0),
        severe_gap=plain(round_.severe_gap) or Decimal(0),
        mild_forecast=plain(round_.mild_forecast) or Decimal(0),
        severe_forecast=plain(round_.severe_forecast) or Decimal(0),
    )


def with_entries(plan: Plan, entry: PlanEntry | None, rows: list[IndicatorRow] | None = None) -> CorePlan:
    """The core plan of ``plan`` carrying ``entry``'s values (none: nothing entered yet). A stored
    self-evaluation's 偏差原因 is not a round's: ``reason`` comes from the entry alone."""
    core = to_core(plan)
    rows = rows if rows is not None else list(plan.indicator_rows.all())
    by_row = {e.row_id: e for e in entry.indicator_entries.all()} if entry is not None else {}
    indicators = []
    for row, ind in zip(rows, core.indicators, strict=True):
        e = by_row.get(row.pk)
        if e is None:
            indicators.append(replace(ind, reason=""))
            continue
        indicators.append(
            replace(
                ind,
                to_date=stored_value(e.to_date_number, e.to_date_phrase),
                expected=stored_value(e.expected_number, e.expected_phrase),
                reason=e.reason,
                correction=e.correction,
            )
        )
    budget = core.budget
    if budget is not None:
        budget = replace(
            budget,
            executed_to_date=plain(entry.executed_to_date) if entry else None,
            reason=entry.budget_reason if entry else "",
            correction=entry.budget_correction if entry else "",
        )
    return replace(core, indicators=indicators, budget=budget)


def _indicator_values(ind: Any) -> dict[str, Any]:
    to_date_number, to_date_phrase = split_value(ind.to_date)
    expected_number, expected_phrase = split_value(ind.expected)
    return {
        "to_date_number": to_date_number,
        "to_date_phrase": to_date_phrase,
        "expected_number": expected_number,
        "expected_phrase": expected_phrase,
        "reason": ind.reason,
        "correction": ind.correction,
    }


@transaction.atomic
def store_entries(round_: Round, plan: Plan, core: CorePlan, user: User, way: ChangeWay) -> PlanEntry:
    """Keep ``core``'s monitoring fields as ``plan``'s entry in ``round_``; ``core`` holds the plan's
    indicators in row order (as ``with_entries`` or ``apply_actuals`` onto ``to_core`` give them)."""
    author = user if getattr(user, "is_authenticated", False) else None
    entry, _ = PlanEntry.objects.get_or_create(round=round_, plan=plan)
    budget = core.budget
    entry.executed_to_date = budget.executed_to_date if budget else None  # type: ignore[assignment]  # null=True comes in **NUMBER
    entry.budget_reason = budget.reason if budget else ""
    entry.budget_correction = budget.correction if budget else ""
    entry.updated_by = author  # type: ignore[assignment]
    entry._change_reason = way.value  # type: ignore[attr-defined]
    entry.save()
    existing = {e.row_id: e for e in entry.indicator_entries.all()}
    rows = list(plan.indicator_rows.all())
    for row, ind in zip(rows, core.indicators, strict=True):
        values = _indicator_values(ind)
        e = existing.get(row.pk)
        if e is None:
            e = IndicatorEntry(entry=entry, row=row, **values)
        elif all(getattr(e, k) == v for k, v in values.items()):
            continue
        else:
            for k, v in values.items():
                setattr(e, k, v)
        e._history_user = author  # type: ignore[attr-defined]
        e._change_reason = way.value  # type: ignore[attr-defined]
        e.save()
    return entry


def monitored_plans(round_: Round, plans: Any) -> dict[int, CorePlan]:
    """The plans of ``plans`` (a queryset) that have an entry in ``round_``, as core plans holding what
    ``core.monitoring`` judges (per indicator: names, comparator, target, the entry's values, reason and
    correction; the budget's 全年预算数 and the entry's funds), by plan id, indicators in row order.

    Read in four flat queries (no model instances), so that the overview can judge 20,000 indicators
    in its time; a plan's levels are those ``with_entries`` + ``assess_plan`` give (tests hold this).
    """
    entries = {
        plan_id: (executed, reason, correction)
        for plan_id, executed, reason, correction in PlanEntry.objects.filter(
            round=round_, plan__in=plans
        ).values_list("plan_id", "executed_to_date", "budget_reason", "budget_correction")
    }
    values: dict[int, tuple[Decimal | None, str | None, Decimal | None, str | None, str, str]] = {}
    for (
        row_id,
        to_number,
        to_phrase,
        expected_number,
        expected_phrase,
        reason,
        correction,
    ) in IndicatorEntry.objects.filter(entry__round=round_, entry__plan__in=plans).values_list(
        "row_id",
        "to_date_number",
        "to_date_phrase",
        "expected_number",
        "expected_phrase",
        "reason",
        "correction",
    ):
        values[row_id] = (to_number, to_phrase, expected_number, expected_phrase, reason, correction)
    found: dict[int, CorePlan] = {}
    for pk, kind, title, unit_name, has_budget, annual in (
        Plan.objects.filter(pk__in=list(entries))
        .order_by()
        .values_list("pk", "kind", "title", "unit_name", "has_budget", "budget_annual")
    ):
        executed, reason, correction = entries[pk]
        budget = (
            Budget(
                annual=plain(annual),
                executed=None,
                executed_to_date=plain(executed),
                reason=reason,
                correction=correction,
            )
            if has_budget
            else None
        )
        found[pk] = CorePlan(kind=PlanKind(kind), title=title, unit=unit_name, budget=budget)
    rows = IndicatorRow.objects.filter(plan_id__in=list(found)).order_by("plan_id", "position")
    for row_id, plan_id, level1, level2, name, comparator, number, phrase, text, unit in rows.values_list(
        "pk",
        "plan_id",
        "level1",
        "level2",
        "name",
        "comparator",
        "target_number",
        "target_phrase",
        "target_text",
        "unit",
    ):
        entered = values.get(row_id)
        ind = Indicator(
            level1, level2, name, Comparator(comparator), stored_value(number, phrase), text, unit
        )
        if entered is not None:
            ind.to_date = stored_value(entered[0], entered[1])
            ind.expected = stored_value(entered[2], entered[3])
            ind.reason, ind.correction = entered[4], entered[5]
        found[plan_id].indicators.append(ind)
    return found
