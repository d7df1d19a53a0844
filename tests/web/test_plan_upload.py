"""Uploading plans: what was read is shown (each value with its source, the review's findings) and
saved only on confirmation; an unreadable or over-large file is refused in Chinese, nothing saved."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from jixiao.web.plans.models import IndicatorRow, Plan
from tests.web.conftest import World
from tests.web.plan_helpers import MISSING_WEIGHT, seed_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client: Client, world: World, *files: tuple[str, bytes]) -> object:
    data = {
        "unit": world.unit.pk,
        "year": 2023,
        "files": [SimpleUploadedFile(name, content, XLSX) for name, content in files],
    }
    return client.post("/plans/upload/", data)


def test_it_previews_then_saves_on_confirmation(world: World, login: Callable[[str], Client]) -> None:
    client = login("filler")
    response = _upload(client, world, ("工信局2023.xlsx", seed_xlsx()))
    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert MISSING_WEIGHT in page and "工信局2023.xlsx" in page
    assert "单元格 C" in page  # each value with where it came from
    assert "weight-missing" in page or "分值" in page  # the review's findings
    assert not Plan.objects.exists()  # nothing saved before confirmation
    token = page.split('name="token" value="')[1].split('"')[0]
    confirmed = client.post("/plans/upload/confirm/", {"token": token})
    assert confirmed.status_code == 302
    plans = Plan.objects.filter(unit=world.unit, year=2023)
    assert plans.count() == 2
    row = IndicatorRow.objects.get(plan__in=plans, name=MISSING_WEIGHT)
    assert row.history.latest().history_change_reason == "upload"
    # the same token cannot save the plans twice
    client.post("/plans/upload/confirm/", {"token": token})
    assert Plan.objects.count() == 2


def test_it_tells_an_unreadable_file_and_saves_nothing(world: World, login: Callable[[str], Client]) -> None:
    response = _upload(
        login("filler"), world, ("好的.xlsx", seed_xlsx()), ("坏的.xlsx", b"PK\x03\x04 not really a zip")
    )
    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "坏的.xlsx" in page and "未能读取，什么也没有保存" in page
    assert not Plan.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=1024 * 1024)
def test_it_refuses_an_over_large_upload_before_reading_it(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("filler")
    big = _upload(client, world, ("大.xlsx", seed_xlsx() + b"\0" * (2 * 1024 * 1024)))
    assert big.status_code == 413  # type: ignore[attr-defined]
    assert "超过上限 1.0 MB" in big.content.decode() or "超过上限" in big.content.decode()  # type: ignore[attr-defined]
    # Refused from the declared length alone: the body (here a few bytes) is never read.
    declared = client.generic(
        "POST",
        "/plans/upload/",
        b"--x--",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert declared.status_code == 413 and "未读取、未保存" in declared.content.decode()
    assert not Plan.objects.exists()


def test_it_lets_only_fillers_upload_into_their_own_unit(
    world: World, login: Callable[[str], Client]
) -> None:
    assert login("head").get("/plans/upload/").status_code == 403
    assert login("dept").get("/plans/upload/").status_code == 403
    response = _upload(login("other_filler"), world, ("工信局2023.xlsx", seed_xlsx()))
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "请选择您填报的单位" in response.content.decode()  # type: ignore[attr-defined]
    assert not Plan.objects.exists()
