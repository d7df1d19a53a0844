"""Uploading plans (上传): files read, shown as understood with the review's findings, and saved only
when the person confirms.

Between preview and confirmation the uploaded bytes wait under ``$JIXIAO_DATA_DIR/uploads/<id>/``,
the id kept in the person's session; confirming reads them again and saves every plan of every file
in one transaction (``convert.create_plan``, ``ChangeWay.UPLOAD``). A file that cannot be read is told
in Chinese (file, sheet, cell) and nothing is kept. Requests larger than the upload limit are refused
before they are read (``limits.RequestSizeLimitMiddleware``).
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jixiao.core.bounds import BUDGET_YEARS
from jixiao.core.errors import InputError, JixiaoError, Location
from jixiao.core.library import History
from jixiao.core.model import Plan as CorePlan
from jixiao.documents.limits import human_size
from jixiao.documents.load import plans_from_bytes
from jixiao.web.accounts.models import Organisation
from jixiao.web.accounts.permissions import person, writable_units
from jixiao.web.library.build import history_for
from jixiao.web.plans import analysis
from jixiao.web.plans.convert import create_plan
from jixiao.web.plans.models import ChangeWay, Plan

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP_SECONDS = 24 * 3600  # previews not confirmed within a day are removed


@dataclass
class ReadFile:
    """One uploaded file as read: its plans, each with the page's analysis — reviewed with ``history``
    (that of the unit and year chosen) when given."""

    name: str
    plans: list[CorePlan]
    history: History | None = None

    def sheets(self) -> list[analysis.Sheet]:
        return [analysis.analyse(analysis.review(plan, self.history)) for plan in self.plans]


def read_upload(request: HttpRequest, field: str) -> tuple[str, bytes]:
    """The name and bytes of the file posted as ``field``; ``InputError`` when none or too large."""
    upload = request.FILES.get(field)
    if upload is None:
        raise InputError("请选择要上传的文件")
    _check_size(upload.name or "", upload.size or 0)
    return upload.name or "上传的文件", upload.read()


def _check_size(name: str, size: int) -> None:
    if size > settings.UPLOAD_MAX_BYTES:
        raise InputError(
            f"文件过大（{human_size(size)}），超过上限 {human_size(settings.UPLOAD_MAX_BYTES)}",
            Location(file=name),
        )


def _folder(token: str) -> Path:
    return Path(settings.DATA_DIR) / "uploads" / token


def _read_all(files: list[tuple[str, bytes]]) -> tuple[list[ReadFile], list[str]]:
    read, errors = [], []
    for name, data in files:
        try:
            read.append(ReadFile(name, plans_from_bytes(data, name)))
        except JixiaoError as exc:
            errors.append(str(exc))
    return read, errors


def _form(request: HttpRequest, errors: list[str], status: int = 200) -> HttpResponse:
    context = {
        "units": writable_units(request.user),
        "errors": errors,
        "year": request.POST.get("year") or timezone.localdate().year,
        "unit_id": request.POST.get("unit", ""),
        "max_size": human_size(settings.UPLOAD_MAX_BYTES),
        "max_bytes": settings.UPLOAD_MAX_BYTES,
    }
    return render(request, "plans/upload.html", context, status=status)


def _unit_and_year(request: HttpRequest) -> tuple[Organisation | None, int | None, list[str]]:
    errors = []
    unit = writable_units(request.user).filter(pk=_int(request.POST.get("unit")) or 0).first()
    if unit is None:
        errors.append("单位：请选择您填报的单位")
    year = _int(request.POST.get("year"))
    if year is None or year not in BUDGET_YEARS:
        errors.append(
            f"预算年度「{request.POST.get('year', '')}」应为 {BUDGET_YEARS[0]} 到 {BUDGET_YEARS[-1]} 之间的年份"
        )
        year = None
    return unit, year, errors


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: the files read and shown for confirmation, nothing saved."""
    if not writable_units(request.user).exists():
        raise PermissionDenied("只有单位填报人可以上传绩效目标表")
    if request.method != "POST":
        return _form(request, [])
    unit, year, errors = _unit_and_year(request)
    uploads = request.FILES.getlist("files")
    if not uploads:
        errors.append("文件：请选择要上传的文件")
    try:
        for f in uploads:
            _check_size(f.name or "", f.size or 0)
        files = [(f.name or "上传的文件", f.read()) for f in uploads]
    except InputError as exc:
        errors.append(str(exc))
        files = []
    read, read_errors = _read_all(files)
    errors += read_errors
    if errors or unit is None or year is None:
        return _form(request, errors, status=422)
    token = _keep(request, files, unit, year)
    history = history_for(Plan(unit=unit, year=year))  # as the plan will be reviewed once saved
    shown = [ReadFile(f.name, f.plans, history) for f in read]
    context = {"files": shown, "unit": unit, "year": year, "token": token}
    return render(request, "plans/upload_preview.html", context)


def _keep(request: HttpRequest, files: list[tuple[str, bytes]], unit: Organisation, year: int) -> str:
    """Store the uploaded bytes until confirmation; the id goes into the session."""
    _remove_stale()
    token = secrets.token_urlsafe(24)
    folder = _folder(token)
    folder.mkdir(parents=True)
    for index, (_name, data) in enumerate(files):
        (folder / f"{index}.bin").write_bytes(data)
    names = [name for name, _ in files]
    (folder / "meta.json").write_text(json.dumps({"names": names}, ensure_ascii=False), encoding="utf-8")
    request.session[f"upload-{token}"] = {"unit": unit.pk, "year": year, "user": person(request).pk}
    return token


def _remove_stale() -> None:
    root = Path(settings.DATA_DIR) / "uploads"
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if folder.is_dir() and time.time() - folder.stat().st_mtime > KEEP_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Save every plan of the previewed files in one transaction, then forget the files."""
    token = request.POST.get("token", "")
    kept = request.session.get(f"upload-{token}") if _TOKEN.match(token) else None
    folder = _folder(token)
    if kept is None or kept.get("user") != person(request).pk or not folder.is_dir():
        messages.error(request, "这次上传的预览已过期或不存在，请重新上传")
        return redirect("plan-upload")
    unit = writable_units(request.user).filter(pk=kept["unit"]).first()
    if unit is None:
        raise PermissionDenied("只有本单位的填报人可以上传")
    names = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["names"]
    read, errors = _read_all([(name, (folder / f"{i}.bin").read_bytes()) for i, name in enumerate(names)])
    if errors:  # the reader changed between preview and confirmation: nothing is saved
        return _form(request, errors, status=422)
    with transaction.atomic():
        saved = [
            create_plan(plan, unit, kept["year"], request.user, ChangeWay.UPLOAD)
            for f in read
            for plan in f.plans
        ]
    del request.session[f"upload-{token}"]
    shutil.rmtree(folder, ignore_errors=True)
    messages.success(request, f"已保存 {len(saved)} 张表（{unit.full_name}，{kept['year']} 年）")
    return redirect("plan-detail", plan_id=saved[0].pk) if len(saved) == 1 else redirect("plan-list")


def _int(raw: str | None) -> int | None:
    try:
        return int(raw or "")
    except ValueError:
        return None
