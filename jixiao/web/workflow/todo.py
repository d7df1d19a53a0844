"""What waits for a person (待办): the plans in a state that waits for a role they hold for the plan's
organisation, with the deadline of that state for the plan's year and whether it is overdue; and, for
the finance bureau, the units that are late (逾期).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from jixiao.core import workflow as flow
from jixiao.web.accounts import permissions
from jixiao.web.accounts.models import OrgKind, Role
from jixiao.web.plans.models import Plan
from jixiao.web.workflow.models import Deadline
from jixiao.web.workflow.timeline import list_xlsx


@dataclass(frozen=True, slots=True)
class Item:
    """One plan waiting: its state, the role it waits for, the deadline, overdue or not, returned or not."""

    plan: Plan
    state: flow.State
    role: flow.Role
    deadline: date | None
    overdue: bool
    returned: bool


@dataclass(frozen=True, slots=True)
class Todo:
    items: list[Item]
    counts: dict[str, int]  # state label → number waiting
    overdue: int


def _in_states(states: list[flow.State]) -> Q:
    q = Q(flow__state__in=[s.value for s in states])
    if flow.State.DRAFT in states:
        q |= Q(flow__isnull=True)
    return q


def _scope(role: Role, organisation_id: int, kind: str) -> Q:
    if role in (Role.UNIT_FILLER, Role.UNIT_HEAD):
        return Q(unit_id=organisation_id)
    if role == Role.DEPARTMENT_REVIEWER:
        return Q(unit__parent_id=organisation_id)
    if kind == OrgKind.BUREAU:
        return Q(unit__parent__parent_id=organisation_id) | Q(unit__parent_id=organisation_id)
    return Q(pk__in=[])


def _deadlines(years: set[int]) -> dict[tuple[int, str], date]:
    return {(d.year, d.state): d.due for d in Deadline.objects.filter(year__in=years)}


def _item(plan: Plan, role: flow.Role, deadlines: dict[tuple[int, str], date], today: date) -> Item:
    row = getattr(plan, "flow", None)
    state = flow.State(row.state) if row else flow.State.DRAFT
    due = deadlines.get((plan.year, state.value))
    return Item(plan, state, role, due, due is not None and today > due, bool(row and row.returned_from))


def _plans(q: Q) -> QuerySet[Plan]:
    return Plan.objects.filter(q).select_related("unit", "unit__parent", "flow")


def todo(user: Any, today: date) -> Todo:
    """What waits for ``user`` today: overdue first, then by deadline, year and unit."""
    found: dict[int, tuple[Plan, flow.Role]] = {}
    for m in permissions.memberships(user):
        role = permissions.FLOW_ROLES.get(Role(m.role))
        if role is None:
            continue
        states = [s for s in flow.State if role in flow.waiting_for(s)]
        for plan in _plans(_in_states(states) & _scope(Role(m.role), m.organisation_id, m.organisation.kind)):
            found.setdefault(plan.pk, (plan, role))
    deadlines = _deadlines({p.year for p, _ in found.values()})
    items = [_item(plan, role, deadlines, today) for plan, role in found.values()]
    items.sort(key=lambda i: (not i.overdue, i.deadline or date.max, -i.plan.year, i.plan.unit_id, i.plan.pk))
    counts = Counter(i.state.label for i in items)
    return Todo(items, dict(counts), sum(1 for i in items if i.overdue))


def late(user: Any, year: int, today: date) -> list[Item]:
    """The plans of ``year``, in the bureaus where ``user`` is 财政审核人, still in a state whose deadline
    has passed (the units that are late), most overdue first."""
    bureaus = permissions.reviewed_bureaus(user)
    passed = [d for d in Deadline.objects.filter(year=year, due__lt=today)]
    if not bureaus or not passed:
        return []
    under = Q(unit__parent__parent_id__in=bureaus) | Q(unit__parent_id__in=bureaus)
    deadlines = {(d.year, d.state): d.due for d in passed}
    items = []
    for d in passed:
        for plan in _plans(under & Q(year=year) & _in_states([flow.State(d.state)])):
            waiting = sorted(flow.waiting_for(flow.State(d.state)))
            items.append(_item(plan, waiting[0], deadlines, today))
    items.sort(key=lambda i: (i.deadline or date.max, i.plan.unit_id, i.plan.pk))
    return items


def late_xlsx(items: list[Item], year: int, today: date) -> bytes:
    """The late units as an .xlsx list: 单位, 表, 环节, 等待, 截止日期, 逾期天数."""
    rows = [
        [
            i.plan.unit.full_name,
            i.plan.title or i.plan.get_kind_display(),
            i.state.label,
            i.role.label,
            i.deadline,
            (today - i.deadline).days if i.deadline else 0,
        ]
        for i in items
    ]
    header = ("单位", "绩效目标表", "环节", "等待", "截止日期", "逾期天数")
    title = f"{year}年 逾期未办理的单位（截至 {today:%Y-%m-%d}）"
    return list_xlsx("逾期单位", title, header, rows, (36, 40, 18, 16, 14, 10))
