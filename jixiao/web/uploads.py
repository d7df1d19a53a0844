"""The upload size limit for one file (上传文件大小上限): ``settings.UPLOAD_MAX_BYTES`` (default 20 MB,
``JIXIAO_UPLOAD_MAX_MB``).

A request declaring a larger body is refused unread by ``plans.limits.RequestSizeLimitMiddleware``;
a file within the form's margin but over the limit is refused here, on its size, before it is read
into memory or parsed (``read_upload``).
"""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from jixiao.documents.limits import DEFAULT_LIMITS, Limits, human_size


def too_large_message(size: int | None = None) -> str:
    """ "上传的内容过大（25.0 MB），超过上限 20.0 MB" (the size when known)."""
    given = f"（{human_size(size)}）" if size is not None else ""
    return f"上传的内容过大{given}，超过上限 {human_size(settings.UPLOAD_MAX_BYTES)}"


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
