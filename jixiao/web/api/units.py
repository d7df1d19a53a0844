"""``GET /api/v1/units``: the units (单位) whose plans the caller may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from jixiao.web.accounts.permissions import visible_units, writable_units

router = Router(tags=["单位"])


@router.get("", summary="可见的单位")
def list_units(request: HttpRequest) -> dict[str, Any]:
    """每个单位：编号、名称、所属主管部门，以及调用者能否向它上传和修改（writable）。"""
    writable = set(writable_units(request.user).values_list("pk", flat=True))
    units = visible_units(request.user).select_related("parent").order_by("parent__name", "name")
    return {
        "units": [
            {
                "id": u.pk,
                "name": u.name,
                "full_name": u.full_name,
                "department_id": u.parent_id,
                "writable": u.pk in writable,
            }
            for u in units
        ]
    }
