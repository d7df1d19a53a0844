"""The API object (``/api/v1/``): authentication, JSON rendering with exact decimals, the routers.

Authentication: a personal token (``Authorization: Bearer jx_…``, checked by
``accounts.tokens.BearerTokenMiddleware``) or the log-in session, which must send the CSRF token
(``X-CSRFToken``) with every request that changes data. The OpenAPI 3 description is at
``/api/v1/openapi.json`` and the browsable page at ``/api/v1/docs`` (Swagger UI from ninja's own static
files: no CDN, no inline script).
"""

from __future__ import annotations

from typing import Any

import msgspec
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.renderers import BaseRenderer
from ninja.security import HttpBearer, SessionAuth

from jixiao.web.api import errors, history, library, monitoring, plans, results, units, workflow


class TokenAuth(HttpBearer):
    """``Authorization: Bearer jx_…``: a personal token made on 个人页面 or by
    ``jixiao manage apitoken USERNAME``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return request.user if getattr(request, "jixiao_token", False) else None


class ExactJSON(BaseRenderer):
    """JSON with decimals written as numbers with all their digits (never through a float)."""

    media_type = "application/json"
    _encoder = msgspec.json.Encoder(decimal_format="number")

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return self._encoder.encode(data)


api = NinjaAPI(
    title="jixiao 绩效 API",
    version="1",
    description=(
        "预算绩效目标表的读取、审核、评分与修改记录。认证：个人令牌（`Authorization: Bearer …`，在个人页面或用 "
        "`jixiao manage apitoken 用户名` 创建）或登录会话（修改数据须带 `X-CSRFToken`）。错误均为 JSON："
        '`{"detail": 中文说明, "code": 代码, "path": 出错的字段}`。'
    ),
    auth=[TokenAuth(), SessionAuth()],
    renderer=ExactJSON(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/units", units.router)
api.add_router("/plans", plans.router)
api.add_router("/plans", results.router)
api.add_router("/plans", history.router)
api.add_router("/library", library.router)
api.add_router("", workflow.router)  # /plans/{id}/transitions, timeline, versions, diff; /todo
api.add_router("/monitoring", monitoring.router)
