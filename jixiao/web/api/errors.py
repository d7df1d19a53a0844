"""The API's errors (接口错误): always JSON ``{"detail": 中文说明, "code": …, "path": …}``.

``path`` names the field at fault (``indicators[3].weight``, ``file``, ``revision``) or is null. The
statuses are those REST clients expect: 400 a body that is not JSON; 401 not logged in / bad token;
403 seen but not allowed (or CSRF); 404 not there or not visible; 409 changed by someone else since
read, or a workflow step the present state does not allow; 413 too large; 422 a well-formed request whose content cannot be used.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError

from jixiao.core.errors import InputError, JixiaoError, TransitionRefused
from jixiao.web.plans.locking import StaleRevision
from jixiao.web.uploads import too_large_message

if TYPE_CHECKING:
    from ninja import NinjaAPI

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answered as it is: ``status``, a Chinese ``detail``, a stable ``code``, the ``path``."""

    def __init__(self, status: int, detail: str, code: str, path: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.path = path


def body_not_json(exc: BaseException) -> ApiError:
    """The 400 for a request body that is not JSON, from the reader's exception: not UTF-8, where the
    JSON breaks (line and column), nested too deep."""
    if isinstance(exc, UnicodeDecodeError):
        return ApiError(400, "请求正文不是 UTF-8 编码的 JSON", "json-invalid")
    if isinstance(exc, json.JSONDecodeError):
        return ApiError(
            400, f"请求正文不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）", "json-invalid"
        )
    if isinstance(exc, RecursionError):
        return ApiError(400, "请求正文的 JSON 嵌套过深", "json-invalid")
    return ApiError(400, "请求正文不是有效的 JSON", "json-invalid")


def error_response(status: int, detail: str, code: str, path: str | None = None) -> HttpResponse:
    return JsonResponse({"detail": detail, "code": code, "path": path}, status=status)


def _validation_path(loc: list[Any]) -> str:
    """ninja's ``["query", "year"]`` / ``["body", "payload", "x", 0]`` → ``year`` / ``x[0]``."""
    parts = [p for p in loc if p not in ("query", "path", "body", "form", "file", "payload", "header")]
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


VALIDATION_WORDS = {
    "missing": "缺少此项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
}


def _answer(exc: Exception) -> HttpResponse:
    """The JSON answer for ``exc``; unexpected errors are logged and answered without a traceback."""
    if isinstance(exc, ApiError):
        return error_response(exc.status, exc.detail, exc.code, exc.path)
    if isinstance(exc, StaleRevision):
        return error_response(409, str(exc), "revision-conflict", "revision")
    if isinstance(exc, InputError):
        path = exc.path.removeprefix("plans[0].") if exc.path else None
        detail = str(exc).replace("plans[0].", "") if exc.path else str(exc)
        return error_response(422, detail, "input-invalid", path)
    if isinstance(exc, TransitionRefused):  # the flow's state is not the one the step needs
        return error_response(409, str(exc), "transition-refused")
    if isinstance(exc, JixiaoError):
        return error_response(422, str(exc), "input-invalid")
    if isinstance(exc, Http404):
        return error_response(404, str(exc) or "没有找到", "not-found")
    if isinstance(exc, AuthenticationError):
        return error_response(
            401, "请先登录，或在请求头中提供个人令牌（Authorization: Bearer …）", "not-authenticated"
        )
    if isinstance(exc, PermissionDenied):
        return error_response(403, str(exc) or "您无权进行此操作", "forbidden")
    if isinstance(exc, HttpError):
        if exc.status_code == 403:  # ninja's session authentication: the CSRF check failed
            return error_response(403, "CSRF 校验失败：使用登录会话修改数据时须带 X-CSRFToken 请求头", "csrf")
        if exc.status_code == 400:  # ninja could not parse the body of an endpoint with a typed body
            return _answer(body_not_json(exc.__cause__ or exc))
        return error_response(exc.status_code, str(exc), "http-error")
    if isinstance(exc, ValidationError):
        first = exc.errors[0] if exc.errors else {}
        path = _validation_path(list(first.get("loc", [])))
        words = VALIDATION_WORDS.get(str(first.get("type")), "取值无效")
        return error_response(422, f"参数 {path}：{words}", "parameter-invalid", path or None)
    if isinstance(exc, RequestDataTooBig):
        return error_response(413, too_large_message(), "too-large")
    log.exception("API error", exc_info=exc)
    return error_response(500, "服务器内部错误，已记录；请稍后再试或联系系统管理员", "server-error")


def install(api: NinjaAPI) -> None:
    """Make every error of ``api`` answer in the shape above."""

    def handler(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
        return _answer(exc if isinstance(exc, Exception) else exc())

    for kind in (Exception, Http404, HttpError, AuthenticationError, ValidationError):
        api.add_exception_handler(kind, handler)
