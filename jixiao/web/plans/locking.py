"""Optimistic locking (并发修改检查): a save names the plan's revision the page was rendered with; a
save from a page that is out of date is refused, naming who changed the plan last and when.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils import timezone

from jixiao.core.errors import JixiaoError
from jixiao.core.workflow import Part
from jixiao.web.accounts.permissions import Action, require
from jixiao.web.plans.models import Plan


class StaleRevision(JixiaoError):
    """The plan changed since the page was shown (409). ``changed``: who changed it and when; the
    message adds that nothing was saved and to read the plan again."""

    def __init__(self, changed: str) -> None:
        self.changed = changed
        super().__init__(f"{changed}本次修改未保存：请刷新页面后再改")

    def redrawn(self) -> str:
        """The message for a page that shows the plan as it is now (the sheet redrawn with the refusal)."""
        return f"{self.changed}本次修改未保存：表中现在是最新的内容，请核对后重新填写"


def check_revision(plan: Plan, seen: object) -> None:
    """Raise ``StaleRevision`` (a Chinese message naming the last editor) unless ``seen`` — the
    revision the page was rendered with, as posted — is ``plan.revision``."""
    if str(seen).strip() == str(plan.revision):
        return
    who = plan.updated_by.get_full_name() or plan.updated_by.username if plan.updated_by else "其他人"
    when = timezone.localtime(plan.updated_at).strftime("%H:%M:%S")
    raise StaleRevision(
        f"这张表已被{who}于 {when} 修改（第 {plan.revision} 次保存），您看到的是修改前的内容，"
    )


def locked_plan(plan: Plan) -> Plan:
    """``plan`` read again with its row locked until the transaction ends (PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise writers)."""
    # of=self: only the plan's row is locked, not its unit's. The last editor (updated_by) is not joined
    # here: when PostgreSQL waits for the lock it re-reads the plan's row but not the rows joined to it,
    # so a joined editor would be the one before the save it waited for (the refusal would not name who
    # saved); read after the lock, ``plan.updated_by`` is the editor of the row as locked.
    return Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)


def hold_for_edit(plan: Plan, user: Any, seen: object, parts: Collection[Part] = ()) -> Plan:
    """``plan`` read again with its row locked until the transaction ends, and checked once more now
    that nobody else can change it: ``user`` may still edit it — each of ``parts``, or without parts
    the part its state opens (a submission or another step of the workflow, served while this save
    waited for the row, locks the plan: ``PermissionDenied`` with the reason) — and it is still at
    revision ``seen`` (``StaleRevision`` naming who saved meanwhile). Every save of a plan's values
    goes through here, inside its transaction."""
    held = locked_plan(plan)
    for part in parts or (None,):
        require(user, Action.EDIT, held, part)
    check_revision(held, seen)
    return held
