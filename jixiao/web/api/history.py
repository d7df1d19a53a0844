"""``GET /api/v1/plans/{id}/history``: every change of a plan and its rows (修改记录), newest first."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from jixiao.web.accounts.permissions import get_plan_for_user
from jixiao.web.plans.changes import plans_changes

router = Router(tags=["修改记录"])


@router.get("/{int:plan_id}/history", summary="一张表的修改记录")
def plan_history(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """每条：时间、修改人、途径（page 页面 / upload 上传 / api 接口）、新建/修改/删除、指标，及各字段的原值 → 新值。"""
    plan = get_plan_for_user(request.user, plan_id)
    return {"changes": [c.to_dict() for c in plans_changes([plan.pk])]}
