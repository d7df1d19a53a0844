"""What waits for a person (待办): the plans in a state that waits for a role they hold for the plan's
organisation, with the deadline of that state for the plan's year and whether it is overdue; and, for
the finance bureau, the units that are late (逾期).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    F,
    OrderBy,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from jixiao.core import workflow as flow
from jixiao.web.accounts import permissions
from jixiao.web.accounts.models import Organisation, OrgKind, Role
from jixiao.web.plans.models import LINE, Plan, PlanLine, plan_line
from jixiao.web.workflow.models import Deadline
from jixiao.web.workflow.timeline import list_xlsx


@dataclass(frozen=True, slots=True)
class Item:
    """One plan waiting (as lists show it): its state, the role it waits for, the deadline, overdue or
    not, returned or not."""

    plan: PlanLine
    state: flow.State
    role: flow.Role
    deadline: date | None
    overdue: bool
    returned: bool


@dataclass(frozen=True, slots=True)
class Todo:
    """What waits: ``items`` the most urgent first (all of them, or the first ``limit`` asked for),
    ``total`` how many wait in all, ``counts`` state label → number waiting (in the order the states
    first appear in the full list), ``overdue`` how many are overdue."""

    items: list[Item]
    counts: dict[str, int]
    overdue: int
    total: int


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
        return Q(unit__in=Organisation.objects.filter(permissions.under_bureau(organisation_id)))
    return Q(pk__in=[])


def _item(plan: Plan, role: flow.Role, deadlines: dict[tuple[int, str], date], today: date) -> Item:
    row = getattr(plan, "flow", None)
    state = flow.State(row.state) if row else flow.State.DRAFT
    due = deadlines.get((plan.year, state.value))
    returned = bool(row and row.returned_from)
    return Item(plan.line, state, role, due, due is not None and today > due, returned)


def _plans(q: Q) -> QuerySet[Plan]:
    return Plan.objects.filter(q).select_related("unit", "unit__parent", "flow")


URGENT = (
    OrderBy(F("todo_overdue"), descending=True),
    OrderBy(F("todo_due"), nulls_last=True),
    OrderBy(F("year"), descending=True),
    OrderBy(F("unit_id")),
    OrderBy(F("pk")),
)
"""The order of the to-do list: overdue first, then by deadline (none last), the latest year, unit, plan."""


def _waiting(user: Any, today: date) -> QuerySet[Plan] | None:
    """The plans waiting for ``user``, each annotated with ``todo_state`` (its state's value),
    ``todo_role`` (the flow role it waits for: that of the person's first membership it waits for),
    ``todo_due`` (the deadline of that state for its year, or ``None``) and ``todo_overdue``
    (``today`` is past the deadline); ``None`` when the person holds no role of the flow. The
    deadlines (a few a year) are read first and written into the query as cases, not joined per plan."""
    waits: list[tuple[Q, flow.Role]] = []
    for m in permissions.memberships(user):
        role = permissions.FLOW_ROLES.get(Role(m.role))
        if role is None:
            continue
        waiting = [s for s in flow.State if role in flow.waiting_for(s)]
        waits.append(
            (_in_states(waiting) & _scope(Role(m.role), m.organisation_id, m.organisation.kind), role)
        )
    if not waits:
        return None
    states = {s.value for s in flow.State if any(r in flow.waiting_for(s) for _, r in waits)}
    dues = Deadline.objects.filter(state__in=states).values_list("year", "state", "due")
    at = [(Q(year=year, todo_state=state), due) for year, state, due in dues]
    return (
        Plan.objects.filter(reduce(operator.or_, (q for q, _ in waits)))
        .annotate(
            todo_state=Coalesce(F("flow__state"), Value(flow.State.DRAFT.value), output_field=CharField()),
            todo_role=(
                Value(waits[0][1].value, output_field=CharField())
                if len(waits) == 1  # one role (most people): no case to compile and evaluate
                else Case(*(When(q, then=Value(r.value)) for q, r in waits), output_field=CharField())
            ),
        )
        .annotate(
            todo_due=Case(
                *(When(q, then=Value(due)) for q, due in at), default=None, output_field=DateField()
            ),
            todo_overdue=Case(
                *(When(q, then=Value(True)) for q, due in at if due < today),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


LISTED = (*LINE, "todo_state", "todo_role", "todo_due", "todo_overdue", "flow__returned_from")
"""The columns an item is read with (``_waiting_item``): its plan's line, then what ``_waiting``
annotates and whether it was returned."""


def _key(overdue: bool, due: date | None, year: int, unit_id: int, pk: int) -> tuple[Any, ...]:
    """``URGENT`` as a Python sort key."""
    return (not overdue, due or date.max, -year, unit_id, pk)


def _waiting_item(values: tuple[Any, ...]) -> Item:
    """The item of a plan annotated by ``_waiting``, read as ``LISTED``'s values."""
    state, role, due, overdue, returned_from = values[len(LINE) :]
    line = plan_line(values)
    return Item(line, flow.State(state), flow.Role(role), due, bool(overdue), bool(returned_from))


def todo(user: Any, today: date, limit: int | None = None) -> Todo:
    """What waits for ``user`` today: overdue first, then by deadline, year and unit (``URGENT``);
    ``limit``: list only that many items (the counts are of all). Chosen and ordered by the database
    (a finance reviewer may have thousands waiting); when more wait than are listed, counted by it
    too (``_counted``)."""
    plans = _waiting(user, today)
    if plans is None:
        return Todo([], {}, 0, 0)
    listed = plans.order_by(*URGENT).values_list(*LISTED)
    items = [_waiting_item(row) for row in (listed if limit is None else listed[: limit + 1])]
    if limit is None or len(items) <= limit:  # every item read: counted here
        counts: dict[str, int] = {}
        for i in items:
            counts[i.state.label] = counts.get(i.state.label, 0) + 1
        return Todo(items, counts, sum(1 for i in items if i.overdue), len(items))
    counts, overdue = _counted(plans)
    return Todo(items[:limit], counts, overdue, sum(counts.values()))


def _counted(plans: QuerySet[Plan]) -> tuple[dict[str, int], int]:
    """The plans annotated by ``_waiting`` counted per state label, in the order the states first
    appear in ``URGENT`` order, and the number overdue: one query (per state, its count, its number
    overdue and its first plan by window functions)."""
    state = [F("todo_state")]
    one_if_late = Sum(Case(When(todo_overdue=True, then=Value(1)), default=Value(0)))
    firsts = (
        plans.order_by()
        .annotate(
            todo_rank=Window(RowNumber(), partition_by=state, order_by=URGENT),
            todo_count=Window(Count("pk"), partition_by=state),
            todo_late=Window(one_if_late, partition_by=state),
        )
        .filter(todo_rank=1)
        .values_list(
            "todo_state", "todo_count", "todo_late", "todo_overdue", "todo_due", "year", "unit_id", "pk"
        )
    )
    states = sorted(firsts, key=lambda r: _key(bool(r[3]), r[4], r[5], r[6], r[7]))
    return {flow.State(value).label: n for value, n, *_ in states}, sum(r[2] for r in states)


def late(user: Any, year: int, today: date) -> list[Item]:
    """The plans of ``year``, in the bureaus where ``user`` is 财政审核人, still in a state whose deadline
    has passed (the units that are late), most overdue first."""
    bureaus = permissions.reviewed_bureaus(user)
    passed = [d for d in Deadline.objects.filter(year=year, due__lt=today)]
    if not bureaus or not passed:
        return []
    under = Q(
        unit__in=Organisation.objects.filter(reduce(operator.or_, map(permissions.under_bureau, bureaus)))
    )
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
            i.plan.unit,
            i.plan.name,
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
