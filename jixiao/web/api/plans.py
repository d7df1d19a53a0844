"""Plans (绩效目标表): list, read, replace (with optimistic locking), import from a file."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from jixiao.core.actuals import refuse_entered_scores
from jixiao.core.bounds import BUDGET_YEARS
from jixiao.core.errors import InputError
from jixiao.core.serialize import plans_to_dict
from jixiao.core.workflow import State
from jixiao.documents.load import plans_from_bytes
from jixiao.web.accounts.models import full_name
from jixiao.web.accounts.permissions import (
    Action,
    can_write_unit,
    get_plan_for_user,
    get_unit_for_user,
    require,
    visible_plans,
)
from jixiao.web.api.errors import ApiError
from jixiao.web.api.interchange import plan_from_json, plan_json, read_json, save_over
from jixiao.web.plans.convert import create_plan, to_core
from jixiao.web.plans.models import ChangeWay
from jixiao.web.uploads import UploadTooLarge, read_upload, upload_limits

router = Router(tags=["绩效目标表"])

PLAN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["revision"],
                    "description": "GET 得到的一张表（交换格式，docs/schema.json），改后整体送回；revision 保持读取时的值。"
                    "交换格式以外的字段一律拒绝（422，path 指明字段）。",
                }
            }
        },
    }
}


@router.get("", summary="可见的绩效目标表")
def list_plans(request: HttpRequest, year: int | None = None, unit: int | None = None) -> dict[str, Any]:
    """按预算年度（year）和单位编号（unit）筛选；每张表给出编号、单位、年度、类型、名称、修订号、流程状态（state）和版本（version）。"""
    plans = visible_plans(request.user)
    if year is not None:
        plans = plans.filter(year=year)
    if unit is not None:
        plans = plans.filter(unit_id=unit)
    columns = ("pk", "unit_id", "unit__kind", "unit__name", "unit__parent__name", "year", "kind", "title")
    rows = plans.annotate(updated_text=Cast("updated_at", TextField()))
    return {
        "plans": [
            {
                "id": pk,
                "unit_id": unit_id,
                "unit": full_name(unit_kind, unit_name, parent),
                "year": year_,
                "kind": kind,
                "title": title,
                "revision": revision,
                "updated_at": utc_iso(updated),
                "state": state or State.DRAFT.value,  # a plan never submitted is a version-1 draft
                "version": version or 1,
            }
            for pk, unit_id, unit_kind, unit_name, parent, year_, kind, title, revision, updated, state, version in (
                rows.values_list(*columns, "revision", "updated_text", "flow__state", "flow__version")
            )
        ]
    }


def utc_iso(written: str) -> str:
    """A moment as the database writes it as text (PostgreSQL: ``2026-11-30 13:49:07.217+00``; SQLite,
    which keeps UTC without an offset: ``2026-11-30 13:49:07.217079``) → ISO 8601 in UTC as
    ``datetime.isoformat`` writes it (``2026-11-30T13:49:07.217000+00:00``), the form every plan of
    the API carries. ``ValueError`` for text that is not a moment.

    A list of thousands of plans reads ``updated_at`` this way: Django's loader of PostgreSQL
    timestamps parses each in Python (some 15 µs). PostgreSQL's form in UTC is rewritten as a string
    (its fraction, shortened of trailing zeros, padded back to microseconds); any other is parsed."""
    if written.endswith("+00") and len(written) in (22, 24, 25, 26, 27, 28, 29) and written[10] == " ":
        fraction = written[19:-3]
        return f"{written[:10]}T{written[11:19]}{fraction.ljust(7, '0') if fraction else ''}+00:00"
    moment = datetime.fromisoformat(written)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


@router.post("/import", summary="从文件导入", response={201: dict[str, Any]})
def import_plans(
    request: HttpRequest, file: File[UploadedFile], unit: Form[int], year: Form[int]
) -> Status[dict[str, Any]]:
    """上传一个文件（命令行能读的任何格式），存为单位 unit 在 year 年度的表；返回新建的表（交换格式，带 id）。
    读不出时返回 422，说明文件、工作表、单元格；超过上传上限返回 413。"""
    try:
        organisation = get_unit_for_user(request.user, unit)
    except Http404 as exc:
        raise ApiError(404, str(exc), "not-found", "unit") from None
    if not can_write_unit(request.user, organisation):
        raise PermissionDenied("只有本单位的填报人可以上传")
    if year not in BUDGET_YEARS:
        span = f"{BUDGET_YEARS[0]}–{BUDGET_YEARS[-1]}"
        raise ApiError(422, f"参数 year：预算年度 {year} 不在 {span} 之间", "parameter-invalid", "year")
    try:
        cores = plans_from_bytes(read_upload(file), file.name or "上传文件", upload_limits())
    except UploadTooLarge as exc:
        raise ApiError(413, str(exc), "too-large", "file") from None
    except InputError as exc:
        raise ApiError(422, str(exc), "file-unreadable", "file") from None
    if not cores:
        raise ApiError(422, f"{file.name}：没有找到绩效目标表", "file-unreadable", "file")
    with transaction.atomic():
        stored = [create_plan(core, organisation, year, request.user, ChangeWay.API) for core in cores]
    return Status(
        201, {**plans_to_dict(cores), "plans": [plan_json(p, c) for p, c in zip(stored, cores, strict=True)]}
    )


@router.get("/{int:plan_id}", summary="一张表（交换格式）")
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """与 `jixiao import --json` 输出中的一张表相同，另加 id、unit_id、year、revision、updated_at、updated_by。"""
    return plan_json(get_plan_for_user(request.user, plan_id))


@router.put("/{int:plan_id}", summary="整体替换一张表", openapi_extra=PLAN_BODY)
def put_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """只有本单位填报人可以修改：草稿中只能改目标，自评填报中只能改实际完成值、自评得分、偏差原因和执行数（改了不能改的部分返回 403 并说明原因，不保存；填报的得分超过该指标分值返回 422，不保存）。revision 与当前不符时（他人已修改）返回 409，说明谁在何时修改，不保存。"""
    plan = get_plan_for_user(request.user, plan_id)
    require(request.user, Action.EDIT, plan)
    core, revision = plan_from_json(read_json(request), plan)
    refuse_entered_scores(to_core(plan), core)
    saved = save_over(plan, revision, core, request.user)
    return plan_json(saved, core)
