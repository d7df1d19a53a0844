"""The upload size limit (上传大小上限): a request body over ``settings.UPLOAD_MAX_BYTES`` (default 20 MB,
``JIXIAO_UPLOAD_MAX_MB``) is refused with 413 from its ``Content-Length``, before any of it is read.

A small margin is allowed over the limit for the form's other fields and the multipart boundaries; a
file that still exceeds the limit once received is refused by the view before it is parsed
(``check_upload``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jixiao.documents.limits import DEFAULT_LIMITS, Limits, human_size

FORM_MARGIN = 256 * 1024


def too_large_message(size: int | None = None) -> str:
    """ "上传的内容过大（25.0 MB），超过上限 20.0 MB" (the size when known)."""
    given = f"（{human_size(size)}）" if size is not None else ""
    return f"上传的内容过大{given}，超过上限 {human_size(settings.UPLOAD_MAX_BYTES)}"


class UploadLimitMiddleware:
    """Answers 413 (JSON under ``/api/``, a page elsewhere) to a body declared larger than the limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared.isdigit() and int(declared) > settings.UPLOAD_MAX_BYTES + FORM_MARGIN:
            message = too_large_message(int(declared))
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "too-large", "path": None}, status=413)
            return render(request, "errors/too_large.html", {"message": message}, status=413)
        return self.get_response(request)


class UploadTooLarge(Exception):
    """A received file over the limit (its ``size`` in bytes); the message is ``too_large_message``."""

    def __init__(self, size: int) -> None:
        self.size = size
        super().__init__(too_large_message(size))


def read_upload(file: UploadedFile) -> bytes:
    """The bytes of an uploaded ``file``; ``UploadTooLarge`` if it exceeds the limit (checked on its
    size before it is read into memory)."""
    if file.size is not None and file.size > settings.UPLOAD_MAX_BYTES:
        raise UploadTooLarge(file.size)
    data: bytes = file.read()
    return data


def upload_limits() -> Limits:
    """The readers' limits with the upload limit as the largest input."""
    return replace(DEFAULT_LIMITS, max_input_bytes=settings.UPLOAD_MAX_BYTES)
