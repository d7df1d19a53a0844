"""Request size limits (请求大小上限), applied before a request body is read.

A file upload (multipart) larger than ``settings.UPLOAD_MAX_BYTES`` (plus a little for the form's
other fields), or any other body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``, is refused with 413 and
a Chinese message from its declared ``Content-Length`` — before Django parses it (the CSRF check
would otherwise read it whole) and before any reader sees it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jixiao.documents.limits import human_size

FORM_MARGIN = 256 * 1024  # the form's other fields and multipart boundaries


def limit_for(request: HttpRequest) -> int:
    """The largest body ``request`` may declare, in bytes."""
    if request.content_type == "multipart/form-data":
        return int(settings.UPLOAD_MAX_BYTES) + FORM_MARGIN
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def refusal_message(size: int, limit: int) -> str:
    return f"上传的内容过大（{human_size(size)}），超过上限 {human_size(limit)}，未读取、未保存"


class RequestSizeLimitMiddleware:
    """Refuse an over-large request from its ``Content-Length`` (413), unread."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        limit = limit_for(request)
        if size <= limit:
            return self.get_response(request)
        shown = limit - FORM_MARGIN if request.content_type == "multipart/form-data" else limit
        message = refusal_message(size, shown)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        response = render(request, "plans/too_large.html", {"message": message}, status=413)
        if request.headers.get("HX-Request"):
            response["HX-Retarget"] = "body"
        return response
