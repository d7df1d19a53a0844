"""Who may see and do what (权限): the one place that decides it.

Seeing follows the organisation tree: a unit's people (单位填报人, 单位负责人) see their unit's plans; a
department reviewer (主管部门审核人) sees the plans of every unit under the department; a finance
reviewer (财政审核人) sees every unit under the bureau; an administrator (系统管理员) sees everything.
Doing follows the role: only a unit's 单位填报人 writes its plans (targets, actual values, uploads).
Views never decide this themselves: they call ``get_plan_for_user`` (404 for a plan the person may not
see, so its existence is not confirmed) and ``require`` (403 for a visible plan the person may not
change).

The workflow (流程, ``jixiao.core.workflow``) adds two things. A plan under review, approved or published
is locked (``edit_lock``): nobody edits it, whatever their role. And each step of the flow is taken in a
role held for the plan's own organisations (``flow_roles``): 单位填报人 and 单位负责人 of its unit, the
主管部门审核人 of its unit's department, the 财政审核人 of the bureau above; an administrator takes no
step. ``flow_role_for`` is the guard every workflow service calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from jixiao.core import workflow as flow
from jixiao.core.errors import WorkflowError
from jixiao.web.accounts.models import Membership, Organisation, OrgKind, Role

if TYPE_CHECKING:
    from jixiao.web.plans.models import Plan


class Action(StrEnum):
    """What a person does to a plan."""

    VIEW = "view"  # read the plan, its review, score, history, downloads
    EDIT = "edit"  # change targets, actual values, rows; upload into the unit


WRITE_ROLES = {Role.UNIT_FILLER}


def person(request: HttpRequest) -> User:
    """The logged-in person of ``request``; ``PermissionDenied`` for an anonymous one."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("请先登录")
    return user


def memberships(user: Any) -> list[Membership]:
    """The person's memberships (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Membership] | None = getattr(user, "_jixiao_memberships", None)
    if cached is None:
        cached = user._jixiao_memberships = _read_memberships(user.pk)
    return cached


def _read_memberships(user_id: int) -> list[Membership]:
    """The memberships of person ``user_id`` with their organisations, in the order they were made:
    ``Membership.objects.filter(user=…).select_related("organisation")`` as one SELECT written here
    (every request asks it; the ORM's compiling of it was two thirds of its cost: 0.95 ms of CPU
    against 0.3 ms, in-process on PostgreSQL)."""
    held, places = Membership._meta.concrete_fields, Organisation._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = [f"m.{quote(f.column)}" for f in held] + [f"o.{quote(f.column)}" for f in places]
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(Membership._meta.db_table)} m "
        f"JOIN {quote(Organisation._meta.db_table)} o ON o.{quote('id')} = m.{quote('organisation_id')} "
        f"WHERE m.{quote('user_id')} = %s ORDER BY m.{quote('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        read = cursor.fetchall()
    out = []
    for values in read:
        membership = Membership.from_db(connection.alias, [f.attname for f in held], values[: len(held)])
        membership.organisation = Organisation.from_db(
            connection.alias, [f.attname for f in places], values[len(held) :]
        )
        out.append(membership)
    return out


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(m.role == Role.ADMIN for m in memberships(user))


def under_bureau(bureau_id: int) -> Q:
    """Organisations under the bureau ``bureau_id``: directly, or under one of its departments.

    Written on the organisation's own parent (``parent_id IN`` the bureau's children), not through a
    join to the parent's parent: PostgreSQL estimates that join's ``OR`` at a tenth of the units, and
    then reads the plans unit by unit (a finance reviewer's 待办 read all 10,000 plans to find 1,000)."""
    return Q(parent_id=bureau_id) | Q(
        parent_id__in=Organisation.objects.filter(parent_id=bureau_id).values("pk")
    )


def visible_units(user: Any) -> QuerySet[Organisation]:
    """The units whose plans ``user`` may see."""
    units = Organisation.objects.filter(kind=OrgKind.UNIT)
    if is_admin(user):
        return units
    scope = Q(pk__in=[])
    for m in memberships(user):
        org = m.organisation
        if org.kind == OrgKind.UNIT and m.role in (Role.UNIT_FILLER, Role.UNIT_HEAD):
            scope |= Q(pk=org.pk)
        elif org.kind == OrgKind.DEPARTMENT and m.role == Role.DEPARTMENT_REVIEWER:
            scope |= Q(parent_id=org.pk)
        elif org.kind == OrgKind.BUREAU and m.role == Role.FINANCE_REVIEWER:
            scope |= under_bureau(org.pk)
    return units.filter(scope)


def sees(user: Any, unit: Organisation) -> bool:
    """Whether ``user`` may see the plans of ``unit`` — ``visible_units`` decided in Python from the
    memberships already read, for one unit whose department (``parent``) is loaded: an administrator,
    or a role held where it sits for the unit (``_places``)."""
    return unit.kind == OrgKind.UNIT and (is_admin(user) or bool(_held(user, unit)))


def _written_unit_ids(user: Any) -> list[int]:
    """The ids of the units into which ``user`` may write plans, from their memberships."""
    return [
        m.organisation_id
        for m in memberships(user)
        if m.role in WRITE_ROLES and m.organisation.kind == OrgKind.UNIT
    ]


def writable_units(user: Any) -> QuerySet[Organisation]:
    """The units into which ``user`` may write plans (upload, edit)."""
    return Organisation.objects.filter(pk__in=_written_unit_ids(user))


def visible_plans(user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may see."""
    from jixiao.web.plans.models import Plan

    return Plan.objects.filter(unit__in=visible_units(user))


def get_plan_for_user(user: Any, plan_id: int, *, with_flow: bool = False) -> Plan:
    """The plan ``plan_id`` if ``user`` may see it; ``Http404`` otherwise (never 403: that would confirm
    that the plan exists). ``with_flow``: its place in the flow is read with it, for a page that only
    shows it (``workflow.notes.status_of`` uses it then; a request that takes a step must not)."""
    from jixiao.web.plans.models import Plan

    related = ("unit", "unit__parent", "flow") if with_flow else ("unit", "unit__parent")
    try:  # get(), not filter().first(): no ORDER BY of the plans' default ordering to compile
        plan = Plan.objects.select_related(*related).get(pk=plan_id)
    except Plan.DoesNotExist:
        plan = None
    if plan is None or not sees(user, plan.unit):
        raise Http404("没有这个绩效目标表，或您无权查看")
    return plan


def get_unit_for_user(user: Any, unit_id: int) -> Organisation:
    """A unit ``user`` may see, else ``Http404``."""
    unit = visible_units(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404("没有这个单位，或您无权查看")
    return unit


def can(
    user: Any, action: Action, plan: Plan, part: flow.Part | None = None, state: flow.State | None = None
) -> bool:
    """Whether ``user`` may do ``action`` to ``plan`` (which they can see); nobody edits a locked plan,
    nor a ``part`` (targets, actual values) that its state does not open (``edit_lock``; ``state``: the
    plan's state when the caller has read it already)."""
    if action is Action.VIEW:
        return sees(user, plan.unit)
    return _writes(user, plan.unit_id) and edit_lock(plan, part, state) is None


def _writes(user: Any, unit_id: int) -> bool:
    """Whether ``user`` writes plans of unit ``unit_id`` (``writable_units``, without a query)."""
    return unit_id in _written_unit_ids(user)


def can_write_unit(user: Any, unit: Organisation) -> bool:
    return _writes(user, unit.pk)


def require(user: Any, action: Action, plan: Plan, part: flow.Part | None = None) -> None:
    """Raise ``PermissionDenied`` (403, with a Chinese reason) unless ``user`` may do ``action`` (to
    ``part`` of the plan: the targets only in 草稿, the actual values only in 自评填报)."""
    if not can(user, action, plan, part):
        raise PermissionDenied(edit_lock(plan, part) or "只有本单位的填报人可以修改这张表")


# ── the workflow ─────────────────────────────────────────────────────────────────────────────

FLOW_ROLES = {
    Role.UNIT_FILLER: flow.Role.UNIT_FILLER,
    Role.UNIT_HEAD: flow.Role.UNIT_HEAD,
    Role.DEPARTMENT_REVIEWER: flow.Role.DEPARTMENT_REVIEWER,
    Role.FINANCE_REVIEWER: flow.Role.FINANCE_REVIEWER,
}
"""Membership roles → the roles of the flow (the administrator takes no step)."""


def plan_state(plan: Plan) -> flow.State:
    """The plan's state in the flow (a plan never submitted is a draft)."""
    from jixiao.web.workflow.models import PlanFlow

    state = PlanFlow.objects.filter(plan_id=plan.pk).values_list("state", flat=True).first()
    return flow.State(state) if state else flow.State.DRAFT


def edit_lock(plan: Plan, part: flow.Part | None = None, state: flow.State | None = None) -> str | None:
    """Why ``plan`` (or its ``part``: targets or actual values) cannot be edited now, in Chinese; ``None``
    when it can. Under review, approved or published, a plan is locked; in 草稿 only the targets and in
    自评填报 only the actual values, reasons and self-scores may be edited (docs/workflow.md). Without a
    ``part``: whether the part its state opens may be edited. ``state``: the plan's state when the caller
    has read it already (else it is read here)."""
    state = state or plan_state(plan)
    try:
        flow.check_edit(state, part or flow.editable_part(state) or flow.Part.TARGETS)
    except WorkflowError as refused:
        return refused.message
    return None


def _places(unit: Organisation) -> dict[Role, int | None]:
    """Where each role of the flow sits for ``unit``'s plans (the organisation whose member it must be):
    单位填报人 and 单位负责人 in the unit, 主管部门审核人 in its department, 财政审核人 in the bureau above; a
    unit directly under the bureau has no department (None)."""
    parent = unit.parent
    department: int | None
    bureau: int | None
    if parent is not None and parent.kind == OrgKind.BUREAU:
        department, bureau = None, parent.pk
    else:
        department, bureau = unit.parent_id, parent.parent_id if parent is not None else None
    return {
        Role.UNIT_FILLER: unit.pk,
        Role.UNIT_HEAD: unit.pk,
        Role.DEPARTMENT_REVIEWER: department,
        Role.FINANCE_REVIEWER: bureau,
    }


def _held(user: Any, unit: Organisation) -> set[Role]:
    """The roles ``user`` holds where they sit for ``unit`` (``_places``)."""
    places = _places(unit)
    return {Role(m.role) for m in memberships(user) if places.get(Role(m.role)) == m.organisation_id}


def flow_roles(user: Any, plan: Plan) -> set[flow.Role]:
    """The roles ``user`` holds in ``plan``'s flow, by organisation: unit roles in its unit, 主管部门审核人
    in its department, 财政审核人 in the bureau above (``_places``)."""
    return {FLOW_ROLES[role] for role in _held(user, plan.unit)}


def flow_role_for(user: Any, plan: Plan, state: flow.State, action: flow.Action) -> flow.Role:
    """The role in which ``user`` takes ``action`` on ``plan`` (in ``state``).

    Raises ``Http404`` for a plan the person may not see; ``TransitionRefused`` (409) when the action is
    not possible in ``state``; ``PermissionDenied`` (403, saying whose step it is) when the person holds
    no role for this plan that may take it — a reviewer of another department never gets this far.
    """
    get_plan_for_user(user, plan.pk)
    allowed = flow.step(state, action)
    if allowed is None:
        flow.check(state, action, flow.Role.ADMIN)  # raises TransitionRefused with the reason
        raise AssertionError("unreachable")
    held = flow_roles(user, plan) & allowed.actors
    if not held:
        who = "或".join(sorted(r.label for r in allowed.actors))
        raise PermissionDenied(f"「{state.label}」环节的{action.label}只能由本表的{who}进行")
    return min(held)


def require_finance_reviewer(user: Any, plan: Plan) -> None:
    """``PermissionDenied`` unless ``user`` is the 财政审核人 of the bureau above ``plan`` (re-checks)."""
    get_plan_for_user(user, plan.pk)
    if flow.Role.FINANCE_REVIEWER not in flow_roles(user, plan):
        raise PermissionDenied("只有财政审核人可以复核")


def is_finance_reviewer_of(user: Any, plan: Plan) -> bool:
    """Whether ``user`` is the 财政审核人 of the bureau above ``plan`` (who re-checks and publishes it)."""
    return flow.Role.FINANCE_REVIEWER in flow_roles(user, plan)


def require_finance_bureau(user: Any, what: str) -> list[int]:
    """The bureaus where ``user`` is 财政审核人; ``PermissionDenied`` ("只有财政审核人可以{what}") when none."""
    bureaus = reviewed_bureaus(user)
    if not bureaus:
        raise PermissionDenied(f"只有财政审核人可以{what}")
    return bureaus


def visible_draws(user: Any) -> QuerySet[Any]:
    """The re-check sample draws (抽查记录) ``user`` may see: those drawn by a 财政审核人 of one of their
    bureaus (nobody else sees any)."""
    from jixiao.web.workflow.models import SampleDraw

    drawers = Membership.objects.filter(
        role=Role.FINANCE_REVIEWER, organisation_id__in=reviewed_bureaus(user)
    ).values("user_id")
    return SampleDraw.objects.filter(by_id__in=drawers)


def reviewed_bureaus(user: Any) -> list[int]:
    """The bureaus in which ``user`` is a 财政审核人 (they draw samples and set deadlines there)."""
    return [
        m.organisation_id
        for m in memberships(user)
        if m.role == Role.FINANCE_REVIEWER and m.organisation.kind == OrgKind.BUREAU
    ]


def people_for(plan: Plan, roles: set[flow.Role]) -> QuerySet[User]:
    """The people who hold any of ``roles`` in ``plan``'s flow (whom a notification reaches)."""
    places = _places(plan.unit)
    scope = Q(pk__in=[])
    for role, place in places.items():
        if FLOW_ROLES[role] in roles and place is not None:
            scope |= Q(memberships__role=role, memberships__organisation_id=place)
    return User.objects.filter(scope).distinct()


# ── monitoring rounds and the overview (绩效运行监控、驾驶舱) ─────────────────────────────────────

OVERVIEW_ROLES = {Role.FINANCE_REVIEWER, Role.DEPARTMENT_REVIEWER}


def bureaus_of(user: Any) -> list[int]:
    """The finance bureaus above (or at) the person's organisations: whose monitoring rounds they see."""
    ids: set[int] = set()
    for m in memberships(user):
        org: Organisation | None = m.organisation
        while org is not None and org.kind != OrgKind.BUREAU:
            org = org.parent
        if org is not None:
            ids.add(org.pk)
    return sorted(ids)


def visible_rounds(user: Any) -> QuerySet[Any]:
    """The monitoring rounds ``user`` may see: those of their bureau (all of them for an admin)."""
    from jixiao.web.monitoring.models import Round

    rounds = Round.objects.all()
    return rounds if is_admin(user) else rounds.filter(bureau_id__in=bureaus_of(user))


def get_round_for_user(user: Any, round_id: int) -> Any:
    """A monitoring round ``user`` may see, else ``Http404``."""
    found = visible_rounds(user).filter(pk=round_id).first()
    if found is None:
        raise Http404("没有这个监控轮次，或您无权查看")
    return found


def get_round_and_plan_for_user(user: Any, round_id: int, plan_id: int) -> tuple[Any, Plan]:
    """A monitoring round and one of its year's plans, both visible to ``user``; ``Http404`` otherwise
    (also for a plan of another year than the round's)."""
    found = get_round_for_user(user, round_id)
    plan = get_plan_for_user(user, plan_id)
    if plan.year != found.year:
        raise Http404("这张表不属于该监控轮次的年度")
    return found, plan


def can_view_overview(user: Any) -> bool:
    """The overview (驾驶舱) is for the finance bureau's and the departments' reviewers (each sees the
    units ``visible_units`` gives them) and administrators."""
    return is_admin(user) or any(m.role in OVERVIEW_ROLES for m in memberships(user))


def require_overview(user: Any) -> None:
    if not can_view_overview(user):
        raise PermissionDenied("监控总览仅供财政和主管部门审核人查看")


@dataclass(frozen=True)
class OverviewScope:
    """What one overview (驾驶舱) shows: the budget year, the plans, and where it is drilled down to (a
    department, or a unit of it; neither: every department the person sees)."""

    year: int
    plans: QuerySet[Plan]
    department: Organisation | None = None
    unit: Organisation | None = None


def overview_scope(
    user: Any, year: int, department: str | None = None, unit: str | None = None
) -> OverviewScope:
    """The scope of ``user``'s overview of ``year``: the plans of the units they see (the finance
    reviewer: every unit under the bureau; a department reviewer: the department's units), narrowed to
    ``department`` or ``unit`` (ids as given in the page's address). ``PermissionDenied`` for a person
    without the overview; ``Http404`` for a department or unit they do not see (or not an id)."""
    require_overview(user)
    plans = visible_plans(user).filter(year=year)
    if unit:
        found = get_unit_for_user(user, int(unit)) if unit.isdigit() else None
        if found is None:
            raise Http404("没有这个单位，或您无权查看")
        return OverviewScope(year, plans.filter(unit=found), found.parent, found)
    if department:
        seen = visible_units(user).filter(parent_id=int(department)) if department.isdigit() else None
        if seen is None or not seen.exists():
            raise Http404("没有这个部门，或您无权查看")
        return OverviewScope(year, plans.filter(unit__parent_id=int(department)), seen[0].parent)
    return OverviewScope(year, plans)


def library_units(user: Any) -> set[int]:
    """The units whose own rows of the indicator library (指标库) ``user`` may see: those whose plans
    they may see. Names, categories, units and the spread across units (low / median / high) are
    shown to every logged-in person: they are aggregates, shared so targets can be set from them."""
    return set(visible_units(user).values_list("pk", flat=True))


def monitoring_entry_lock(user: Any, plan: Plan, state: flow.State) -> str | None:
    """Why ``user`` may not change ``plan``'s entry in a monitoring round whose entry is in ``state``, in
    Chinese; ``None`` when they may: only the unit's 单位填报人, and only while the entry is being filled
    (监控填报) — the plan's own state (已批复 …) does not lock its monitoring values."""
    if not writable_units(user).filter(pk=plan.unit_id).exists():
        return "只有本单位的填报人可以填写绩效运行监控表"
    try:
        flow.check_edit(state, flow.Part.MONITORING)
    except WorkflowError as refused:
        return refused.message
    return None


def require_monitoring_entry(user: Any, plan: Plan, state: flow.State) -> None:
    """``PermissionDenied`` (403, with the Chinese reason) unless ``user`` may change the entry now."""
    refused = monitoring_entry_lock(user, plan, state)
    if refused is not None:
        raise PermissionDenied(refused)


# ── results applied (结果应用) ───────────────────────────────────────────────────────────────────


def require_results(user: Any) -> None:
    """The results-applied list is for the reviewers who see the overview (each their own units)."""
    if not can_view_overview(user):
        raise PermissionDenied("结果应用清单仅供财政和主管部门审核人查看")
