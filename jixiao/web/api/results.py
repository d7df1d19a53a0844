"""A plan's review, score and actual values (审核、评分、实际完成值), computed by ``jixiao.core``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile

from jixiao.core.actuals import apply_actuals, refuse_entered_scores
from jixiao.core.errors import InputError
from jixiao.core.review import review_plans
from jixiao.core.rules.resolve import resolve_rule, rule_of
from jixiao.core.scoring import score_plan
from jixiao.core.workflow import Part
from jixiao.documents.load import plans_from_bytes
from jixiao.web.accounts.permissions import Action, get_plan_for_user, require
from jixiao.web.api.errors import ApiError
from jixiao.web.api.interchange import BODY_NAME, plan_json, save_over
from jixiao.web.plans.convert import to_core
from jixiao.web.uploads import UploadTooLarge, read_upload, upload_limits

router = Router(tags=["审核与评分"])

ACTUALS_BODY = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": '实际完成值 JSON（与 jixiao score --actuals 相同：{"plans": [{"indicators": '
                    '[{"name": …, "actual": …, "reason": …}]}]}）',
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "description": "或上传填好的模板、自评表等任何可读文件",
                }
            },
        }
    }
}


@router.get("/{int:plan_id}/review", summary="审核意见")
def review(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """与 `jixiao review --json` 相同：{"findings": [...]}。"""
    core = to_core(get_plan_for_user(request.user, plan_id))
    return {"findings": [f.to_dict() for f in review_plans([core], resolve_rule)]}


@router.get("/{int:plan_id}/score", summary="评分")
def score(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """与 `jixiao score --json` 相同：{"plans": [...]}，每个指标的完成率、得分和计算过程，总分与等级。"""
    core = to_core(get_plan_for_user(request.user, plan_id))
    return {"plans": [score_plan(core, rule_of).to_dict()]}


@router.put("/{int:plan_id}/actuals", summary="填报实际完成值", openapi_extra=ACTUALS_BODY)
def put_actuals(
    request: HttpRequest, plan_id: int, file: File[UploadedFile | None] = None, revision: int | None = None
) -> dict[str, Any]:
    """按指标名称合并到这张表（core.actuals）；找不到的指标、以 JSON 填报的得分超过该指标分值，返回 422 并说明，不保存任何值。
    可带 revision（查询参数）确认没有覆盖他人的修改（不符时 409）。"""
    plan = get_plan_for_user(request.user, plan_id)
    require(request.user, Action.EDIT, plan, Part.ACTUALS)
    try:
        data, name = (
            (read_upload(file), file.name or "上传文件") if file is not None else (request.body, BODY_NAME)
        )
        actuals = plans_from_bytes(data, name, upload_limits())
    except UploadTooLarge as exc:
        raise ApiError(413, str(exc), "too-large", "file") from None
    except InputError as exc:
        raise ApiError(422, str(exc), "input-invalid", "file" if file is not None else exc.path) from None
    current = to_core(plan)
    merged = apply_actuals([current], actuals)[0]
    if file is None:  # values sent, not a file read: a 得分 above its 分值 is refused (422)
        refuse_entered_scores(current, merged)
    seen = plan.revision if revision is None else revision
    saved = save_over(plan, seen, merged, request.user)
    return plan_json(saved, merged)
