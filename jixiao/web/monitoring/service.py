"""Monitoring, as the pages and the API use it (监控服务): levels by ``core.monitoring``, entries in
and out through ``convert``, uploads read by ``documents``. No rule is written here.

The same plan gives the same levels whether its values were typed on the page, uploaded as a filled
绩效运行监控表 or sent by ``jixiao monitor --entries``: each path ends in one ``core.model.Plan`` with
its monitoring fields, judged by ``core.monitoring.assess_plan`` with the round's thresholds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from jixiao.core.actuals import apply_actuals
from jixiao.core.bounds import check_plans
from jixiao.core.errors import InputError
from jixiao.core.model import Comparator, Indicator, Value
from jixiao.core.model import Plan as CorePlan
from jixiao.core.monitoring import PlanStatus, assess_plan
from jixiao.core.values import parse_funds, parse_value
from jixiao.documents.load import plans_from_bytes
from jixiao.web.monitoring.convert import store_entries, thresholds_of, with_entries
from jixiao.web.monitoring.models import PlanEntry, Round
from jixiao.web.plans.convert import User
from jixiao.web.plans.models import ChangeWay, Plan


def entry_of(round_: Round, plan: Plan) -> PlanEntry | None:
    return PlanEntry.objects.filter(round=round_, plan=plan).prefetch_related("indicator_entries").first()


def status_of(round_: Round, plan: Plan) -> PlanStatus:
    """The plan's status in the round: levels per indicator, the funds and the plan."""
    return assess_plan(with_entries(plan, entry_of(round_, plan)), round_.cut_off, thresholds_of(round_))


def statuses(round_: Round, plans: Iterable[Plan]) -> list[tuple[Plan, PlanStatus]]:
    """Every plan's status in the round, in a fixed number of queries (the overview keeps levels with
    aggregate queries instead: ``monitoring.overview``)."""
    plans = list(plans)
    entries = {
        e.plan_id: e
        for e in PlanEntry.objects.filter(round=round_, plan__in=plans).prefetch_related("indicator_entries")
    }
    limits = thresholds_of(round_)
    return [
        (plan, assess_plan(with_entries(plan, entries.get(plan.pk)), round_.cut_off, limits))
        for plan in plans
    ]


def upload_entries(round_: Round, plan: Plan, data: bytes, name: str, user: User) -> PlanStatus:
    """Enter the round from a filled 绩效运行监控表 (any readable format): its values are matched to
    the plan's indicators by name and stored. Raises InputError (Chinese, naming the file and what did
    not fit) and stores nothing when the file cannot be read or holds an indicator the plan lacks."""
    uploaded = plans_from_bytes(data, name)
    if not uploaded:
        raise InputError(f"{name}：没有读到绩效运行监控表")
    target = with_entries(plan, entry_of(round_, plan))
    (merged,) = apply_actuals([target], uploaded)
    store_entries(round_, plan, merged, user, ChangeWay.UPLOAD)
    return status_of(round_, plan)


FORM_FIELDS = ("to_date", "expected", "reason", "correction")


def entered_value(ind: Indicator, label: str, text: str) -> Value | None:
    """A typed value: a number for a quantitative indicator ("12", "12家"), the phrase for a
    qualitative one; raises InputError naming the indicator and field when a number is not one."""
    text = text.strip()
    if not text:
        return None
    if ind.comparator is Comparator.QUALITATIVE:
        return text
    number = parse_value(text).number
    if number is None:
        raise InputError(f"指标「{ind.name}」的{label}「{text}」不是数值")
    return number


def core_from_form(round_: Round, plan: Plan, form: Mapping[str, str]) -> CorePlan:
    """The plan with the values of the entry page's form: ``to_date-N``, ``expected-N``, ``reason-N``,
    ``correction-N`` for the N-th indicator, ``executed`` (万元, any money unit typed converted:
    ``core.values.parse_funds``), ``budget_reason``, ``budget_correction``. Raises InputError (nothing
    saved) naming the field that is not a number, not an amount, or out of ``core.bounds``."""
    core = with_entries(plan, entry_of(round_, plan))
    indicators = []
    for n, ind in enumerate(core.indicators):
        indicators.append(
            replace(
                ind,
                to_date=entered_value(ind, "累计完成值", form.get(f"to_date-{n}", "")),
                expected=entered_value(ind, "预计全年完成值", form.get(f"expected-{n}", "")),
                reason=form.get(f"reason-{n}", "").strip(),
                correction=form.get(f"correction-{n}", "").strip(),
            )
        )
    budget = core.budget
    if budget is not None:
        text = form.get("executed", "").strip()
        budget = replace(
            budget,
            executed_to_date=parse_funds(text, what="累计执行数") if text else None,
            reason=form.get("budget_reason", "").strip(),
            correction=form.get("budget_correction", "").strip(),
        )
    typed = replace(core, indicators=indicators, budget=budget)
    check_plans([typed], None)
    return typed
