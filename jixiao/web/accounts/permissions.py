"""Who may see and do what (权限): the one place that decides it.

Seeing follows the organisation tree: a unit's people (单位填报人, 单位负责人) see their unit's plans; a
department reviewer (主管部门审核人) sees the plans of every unit under the department; a finance
reviewer (财政审核人) sees every unit under the bureau; an administrator (系统管理员) sees everything.
Doing follows the role: only a unit's 单位填报人 writes its plans (targets, actual values, uploads).
Views never decide this themselves: they call ``get_plan_for_user`` (404 for a plan the person may not
see, so its existence is not confirmed) and ``require`` (403 for a visible plan the person may not
change).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

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
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        user._jixiao_memberships = cached
    return cached


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(m.role == Role.ADMIN for m in memberships(user))


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
            scope |= Q(parent__parent_id=org.pk) | Q(parent_id=org.pk)
    return units.filter(scope)


def writable_units(user: Any) -> QuerySet[Organisation]:
    """The units into which ``user`` may write plans (upload, edit)."""
    ids = [
        m.organisation_id
        for m in memberships(user)
        if m.role in WRITE_ROLES and m.organisation.kind == OrgKind.UNIT
    ]
    return Organisation.objects.filter(pk__in=ids)


def visible_plans(user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may see."""
    from jixiao.web.plans.models import Plan

    return Plan.objects.filter(unit__in=visible_units(user))


def get_plan_for_user(user: Any, plan_id: int) -> Plan:
    """The plan ``plan_id`` if ``user`` may see it; ``Http404`` otherwise (never 403: that would confirm
    that the plan exists)."""
    plan = visible_plans(user).select_related("unit", "unit__parent").filter(pk=plan_id).first()
    if plan is None:
        raise Http404("没有这个绩效目标表，或您无权查看")
    return plan


def get_unit_for_user(user: Any, unit_id: int) -> Organisation:
    """A unit ``user`` may see, else ``Http404``."""
    unit = visible_units(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404("没有这个单位，或您无权查看")
    return unit


def can(user: Any, action: Action, plan: Plan) -> bool:
    """Whether ``user`` may do ``action`` to ``plan`` (which they can see)."""
    if action is Action.VIEW:
        return visible_plans(user).filter(pk=plan.pk).exists()
    return writable_units(user).filter(pk=plan.unit_id).exists()


def can_write_unit(user: Any, unit: Organisation) -> bool:
    return writable_units(user).filter(pk=unit.pk).exists()


def require(user: Any, action: Action, plan: Plan) -> None:
    """Raise ``PermissionDenied`` (403, with a Chinese reason) unless ``user`` may do ``action``."""
    if not can(user, action, plan):
        raise PermissionDenied("只有本单位的填报人可以修改这张表")


def library_units(user: Any) -> set[int]:
    """The units whose own rows of the indicator library (指标库) ``user`` may see: those whose plans
    they may see. Names, categories, units and the spread across units (low / median / high) are
    shown to every logged-in person: they are aggregates, shared so targets can be set from them."""
    return set(visible_units(user).values_list("pk", flat=True))
