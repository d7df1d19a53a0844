"""Optimistic locking (防止覆盖他人的修改): a change is saved only onto the revision the person saw.

Every saved change of a plan raises its ``revision`` by one (``convert.replace_plan``). A page or an API
client sends back the revision it read; if someone saved in between, the change is refused with a
message naming who changed the plan and when, and nothing is saved.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jixiao.core.errors import JixiaoError
from jixiao.core.model import Plan as CorePlan
from jixiao.web.plans.convert import User, replace_plan
from jixiao.web.plans.models import ChangeWay, Plan


class StaleRevision(JixiaoError):
    """The plan was changed by someone else since the person read it (revision ``current`` ≠ ``seen``)."""

    def __init__(self, message: str, current: int, seen: int) -> None:
        self.message = message
        self.current = current
        self.seen = seen
        super().__init__(message)


def check_revision(plan: Plan, seen: int) -> None:
    """Raise ``StaleRevision`` unless ``plan`` (freshly read) is still at revision ``seen``."""
    if plan.revision == seen:
        return
    who = "（未知）"
    if plan.updated_by is not None:
        who = plan.updated_by.get_full_name() or plan.updated_by.get_username()
    when = timezone.localtime(plan.updated_at).strftime("%Y-%m-%d %H:%M:%S")
    raise StaleRevision(
        f"这张表已被{who}于 {when} 修改（当前修订号 {plan.revision}，您读取时为 {seen}），"
        "为免覆盖对方的修改，本次未保存：请重新读取后再修改",
        plan.revision,
        seen,
    )


@transaction.atomic
def replace_if_current(plan_id: int, seen: int, core: CorePlan, user: User, way: ChangeWay) -> Plan:
    """Store ``core`` into plan ``plan_id`` if it is still at revision ``seen`` (row locked meanwhile);
    ``StaleRevision`` otherwise, with nothing saved. Returns the saved plan."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=plan_id)
    check_revision(plan, seen)
    return replace_plan(plan, core, user, way)
