"""Optimistic locking (并发修改检查): a save names the plan's revision the page was rendered with; a
save from a page that is out of date is refused, naming who changed the plan last and when.
"""

from __future__ import annotations

from django.utils import timezone

from jixiao.core.errors import JixiaoError
from jixiao.web.plans.models import Plan


class StaleRevision(JixiaoError):
    """The plan changed since the page was shown (409)."""


def check_revision(plan: Plan, seen: object) -> None:
    """Raise ``StaleRevision`` (a Chinese message naming the last editor) unless ``seen`` — the
    revision the page was rendered with, as posted — is ``plan.revision``."""
    if str(seen).strip() == str(plan.revision):
        return
    who = plan.updated_by.get_full_name() or plan.updated_by.username if plan.updated_by else "其他人"
    when = timezone.localtime(plan.updated_at).strftime("%H:%M:%S")
    raise StaleRevision(
        f"这张表已被{who}于 {when} 修改（第 {plan.revision} 版），您看到的是旧版本，"
        "本次修改未保存：请刷新页面后再改"
    )


def locked_plan(plan: Plan) -> Plan:
    """``plan`` read again with its row locked until the transaction ends (PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise writers)."""
    return Plan.objects.select_for_update().select_related("updated_by", "unit").get(pk=plan.pk)
