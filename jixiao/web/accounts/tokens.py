"""Personal API tokens (个人令牌): ``Authorization: Bearer jx_…`` authenticates a request as its owner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from jixiao.web.accounts.models import ApiToken, hash_token

LAST_USED_STEP = timedelta(minutes=1)
"""``ApiToken.last_used`` is written when it is this much older than the request, not on every request:
the page shows it to the minute, and a script's every call would otherwise be a write."""


class BearerTokenMiddleware:
    """Sets ``request.user`` from a Bearer token; a wrong token is a 401 with a Chinese message.

    Requests authenticated this way carry no session and no CSRF cookie, so CSRF checks do not apply to
    them (``request._dont_enforce_csrf_checks``). Only the API (``/api/``) takes a token: on the pages
    (forms, the admin, issuing more tokens) the header is ignored, so a token cannot act there without
    the CSRF check nor mint a token that outlives its own revocation."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and request.path.startswith("/api/"):
            token = (
                ApiToken.objects.select_related("user").filter(digest=hash_token(header[7:].strip())).first()
            )
            if token is None or not token.user.is_active:
                return JsonResponse({"detail": "令牌无效或已停用", "code": "token-invalid"}, status=401)
            now = timezone.now()
            if token.last_used is None or now - token.last_used >= LAST_USED_STEP:
                ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            request.user = token.user
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
            request.jixiao_token = True  # type: ignore[attr-defined]
        return self.get_response(request)
