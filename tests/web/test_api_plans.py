"""The API's plans: import from a file, list, read, replace with optimistic locking; refusals as JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from hypothesis import given
from hypothesis import strategies as st

from jixiao.web.api.plans import utc_iso
from jixiao.web.plans.models import IndicatorRow, Plan
from jixiao.web.workflow import services
from tests import builders
from tests.cli_helpers import jixiao
from tests.web.api_helpers import SEED, body, seed_xlsx, token_client, upload
from tests.web.conftest import World
from tests.web.workflow_helpers import explanations

RECORD = ("id", "unit_id", "year", "revision", "updated_at", "updated_by", "state", "version")


def _without_record(plan: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in plan.items() if k not in RECORD}


def test_it_imports_the_seed_xlsx_equal_to_the_command_line(world: World, tmp_path: Path) -> None:
    xlsx = seed_xlsx(tmp_path)
    client = token_client(world.user("filler"))
    response = upload(client, xlsx, world.unit.pk)
    assert response.status_code == 201, response.content.decode()
    created = body(response)
    cli = jixiao("import", xlsx, "--json").json()
    assert [_without_record(p) for p in created["plans"]] == cli["plans"]
    # and read back, each plan equals the command line's, by id
    for index, plan in enumerate(created["plans"]):
        again = body(client.get(f"/api/v1/plans/{plan['id']}"))
        assert _without_record(again) == cli["plans"][index]
        assert again["unit_id"] == world.unit.pk and again["year"] == 2023 and again["revision"] == 0


def test_it_lists_plans_by_year_and_unit(world: World) -> None:
    client = token_client(world.user("filler"))
    upload(client, SEED, world.unit.pk, 2023)
    upload(token_client(world.user("other_filler")), SEED, world.other_unit.pk, 2024)
    mine = body(client.get("/api/v1/plans"))["plans"]
    assert {p["unit_id"] for p in mine} == {world.unit.pk} and len(mine) == 2
    finance = token_client(world.user("finance"))
    assert len(body(finance.get("/api/v1/plans"))["plans"]) == 4
    assert [p["year"] for p in body(finance.get("/api/v1/plans?year=2024"))["plans"]] == [2024, 2024]
    only = body(finance.get(f"/api/v1/plans?unit={world.unit.pk}"))["plans"]
    assert {p["unit"] for p in only} == {"株洲市工业和信息化局 / 机关"}


def test_the_list_gives_each_plan_its_revision_and_time_as_reading_the_plan_does(world: World) -> None:
    client = token_client(world.user("filler"))
    upload(client, SEED, world.unit.pk, 2023)
    first, second = Plan.objects.filter(unit=world.unit).order_by("pk")
    # a moment on the second, and one whose microseconds end in zeros (each written shorter by a database)
    Plan.objects.filter(pk=first.pk).update(updated_at=datetime(2024, 3, 1, 8, 0, 5, tzinfo=UTC))
    Plan.objects.filter(pk=second.pk).update(updated_at=datetime(2024, 3, 1, 8, 0, 5, 120000, tzinfo=UTC))
    listed = body(client.get("/api/v1/plans"))["plans"]
    assert [p["updated_at"] for p in listed] == [
        "2024-03-01T08:00:05+00:00",
        "2024-03-01T08:00:05.120000+00:00",
    ]
    submitted = services.submit(second, world.user("filler"), explanations(second))
    assert submitted.to_state == "unit_review"
    listed = body(client.get("/api/v1/plans"))["plans"]
    for item in listed:
        read = body(client.get(f"/api/v1/plans/{item['id']}"))
        keys = ("revision", "updated_at", "state", "version")
        assert [item[k] for k in keys] == [read[k] for k in keys]  # a plan never submitted: draft, 1
    assert [p["state"] for p in listed] == ["draft", "unit_review"]


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)), st.integers(-12, 14))
def test_a_moment_written_by_either_database_reads_as_its_isoformat_in_utc(
    moment: datetime, hours: int
) -> None:
    fraction = f".{moment.microsecond:06d}" if moment.microsecond else ""
    postgres = f"{moment:%Y-%m-%d %H:%M:%S}{fraction.rstrip('0')}"
    zone = timezone(timedelta(hours=hours))
    assert utc_iso(postgres + "+00") == moment.replace(tzinfo=UTC).isoformat()
    assert (
        utc_iso(f"{moment:%Y-%m-%d %H:%M:%S}{fraction}") == moment.replace(tzinfo=UTC).isoformat()
    )  # SQLite
    assert utc_iso(f"{postgres}{hours:+03d}") == moment.replace(tzinfo=zone).astimezone(UTC).isoformat()


def _imported(world: World, key: str = "filler") -> tuple[Client, dict[str, Any]]:
    client = token_client(world.user(key))
    return client, body(upload(client, SEED, world.unit.pk))["plans"][0]


def test_it_replaces_a_plan_and_records_the_way(world: World) -> None:
    client, plan = _imported(world)
    name = "规模工业增长率"
    row = next(i for i in plan["indicators"] if i["name"] == name)
    row["weight"] = 10
    response = client.put(f"/api/v1/plans/{plan['id']}", plan, content_type="application/json")
    assert response.status_code == 200, response.content.decode()
    saved = body(response)
    assert saved["revision"] == 1
    assert next(i for i in saved["indicators"] if i["name"] == name)["weight"] == 10
    stored = IndicatorRow.objects.get(plan_id=plan["id"], name=name)
    last = stored.history.latest()
    assert last.history_change_reason == "api" and last.history_user == world.user("filler")


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("target", 1e300, "超出范围"),
        ("weight", 1e20, "超出范围"),
        ("name", "指" * 600, "字"),
    ],
)
def test_a_put_keeps_the_bounds_a_file_import_keeps_and_saves_nothing(
    world: World, field: str, value: Any, said: str
) -> None:
    client, plan = _imported(world)
    plan["indicators"][0][field] = value
    refused = client.put(f"/api/v1/plans/{plan['id']}", plan, content_type="application/json")
    assert refused.status_code == 422, refused.content.decode()
    answer = body(refused)
    assert said in answer["detail"] and f"indicators[0].{field}" in answer["detail"]
    again = client.get(f"/api/v1/plans/{plan['id']}")  # the plan still reads, unchanged
    assert again.status_code == 200, again.content.decode()
    assert body(again)["revision"] == 0 and body(again)["indicators"][0][field] != value


def test_a_whole_plan_put_may_change_only_the_part_the_state_opens(world: World) -> None:
    from tests.web.plan_helpers import open_for_self_evaluation

    client, plan = _imported(world)
    name = "规模工业增长率"
    row = next(i for i in plan["indicators"] if i["name"] == name)
    row["actual"] = 8.5  # an actual value, in 草稿
    refused = client.put(f"/api/v1/plans/{plan['id']}", plan, content_type="application/json")
    assert refused.status_code == 403 and "实际完成值" in body(refused)["detail"]
    assert IndicatorRow.objects.get(plan_id=plan["id"], name=name).actual_number is None

    open_for_self_evaluation(Plan.objects.get(pk=plan["id"]))
    saved = client.put(f"/api/v1/plans/{plan['id']}", plan, content_type="application/json")
    assert saved.status_code == 200, saved.content.decode()
    assert IndicatorRow.objects.get(plan_id=plan["id"], name=name).actual_number == 8.5

    again = body(saved)
    next(i for i in again["indicators"] if i["name"] == name)["weight"] = 10  # a target, in 自评填报
    refused = client.put(f"/api/v1/plans/{plan['id']}", again, content_type="application/json")
    assert refused.status_code == 403 and "不能修改目标" in body(refused)["detail"]
    assert IndicatorRow.objects.get(plan_id=plan["id"], name=name).weight != 10


def test_it_refuses_a_stale_revision_naming_who_changed_it(world: World) -> None:
    client, plan = _imported(world)
    first = dict(plan, title="第一次修改")
    assert (
        client.put(f"/api/v1/plans/{plan['id']}", first, content_type="application/json").status_code == 200
    )
    second = dict(plan, title="基于旧版本的修改")
    response = client.put(f"/api/v1/plans/{plan['id']}", second, content_type="application/json")
    assert response.status_code == 409
    error = body(response)
    assert error["code"] == "revision-conflict" and error["path"] == "revision"
    assert "filler" in error["detail"] and "第 1 次保存" in error["detail"]
    assert "版" not in error["detail"]  # 第1版 is the workflow's version (调整), which did not change
    assert Plan.objects.get(pk=plan["id"]).title == "第一次修改"


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda p: p["indicators"][2].update(colour="红"), "indicators[2].colour", "没有这一项"),
        (lambda p: p.update(approved=True), "approved", "没有这一项"),
        (lambda p: p["indicators"][0]["source"].update(page2=1), "indicators[0].source.page2", "没有这一项"),
        (lambda p: p["indicators"][1].update(weight="abc"), "indicators[1].weight", "应为数值"),
        (lambda p: p["indicators"][1].update(comparator="≈"), "indicators[1].comparator", "应为 ge"),
        (lambda p: p.pop("revision"), "revision", "修订号"),
        (lambda p: p.update(year=2030), "year", "不能在此修改"),
    ],
)
def test_it_refuses_bad_plan_json_at_the_field(
    world: World, change: Callable[[dict[str, Any]], None], path: str, words: str
) -> None:
    client, plan = _imported(world)
    before = list(IndicatorRow.objects.filter(plan_id=plan["id"]).values())
    change(plan)
    response = client.put(f"/api/v1/plans/{plan['id']}", plan, content_type="application/json")
    assert response.status_code == 422
    error = body(response)
    assert error["path"] == path and words in error["detail"] and path in error["detail"]
    assert list(IndicatorRow.objects.filter(plan_id=plan["id"]).values()) == before
    assert Plan.objects.get(pk=plan["id"]).revision == 0


def test_it_answers_400_to_a_body_that_is_not_json(world: World) -> None:
    client, plan = _imported(world)
    response = client.put(f"/api/v1/plans/{plan['id']}", "{not json", content_type="application/json")
    assert response.status_code == 400 and "不是有效的 JSON" in body(response)["detail"]


def test_it_refuses_an_unreadable_file_naming_it(world: World) -> None:
    client = token_client(world.user("filler"))
    response = client.post(
        "/api/v1/plans/import",
        {"file": _named(b"PK\x03\x04 broken zip", "坏文件.xlsx"), "unit": world.unit.pk, "year": 2023},
    )
    assert response.status_code == 422
    error = body(response)
    assert error["path"] == "file" and "坏文件.xlsx" in error["detail"]
    assert not Plan.objects.exists()


def test_it_refuses_a_formula_without_its_value_at_its_cell_and_saves_nothing(world: World) -> None:
    """A workbook a program wrote (openpyxl): its target is a formula whose value the file does not
    hold; the import names the file, sheet and cell, and no plan is half-saved."""

    def fill(workbook: Any) -> None:
        sheet = workbook.active
        sheet.title = "目标表"
        for row in builders.TARGET_ROWS:
            sheet.append(row)
        sheet["E3"] = "=10+5"

    client = token_client(world.user("filler"))
    response = client.post(
        "/api/v1/plans/import",
        {"file": _named(builders.xlsx(fill), "导出.xlsx"), "unit": world.unit.pk, "year": 2023},
    )
    assert response.status_code == 422, response.content.decode()
    detail = body(response)["detail"]
    assert "导出.xlsx" in detail and "目标表" in detail and "E3" in detail and "公式" in detail
    assert not Plan.objects.exists()


def test_it_refuses_a_missing_parameter_naming_it(world: World) -> None:
    client = token_client(world.user("filler"))
    with SEED.open("rb") as handle:
        response = client.post("/api/v1/plans/import", {"file": handle, "unit": world.unit.pk})
    assert response.status_code == 422 and body(response)["path"] == "year"


@override_settings(UPLOAD_MAX_BYTES=64 * 1024)
def test_it_refuses_an_upload_over_the_limit_before_reading_it(world: World) -> None:
    client = token_client(world.user("filler"))
    # the declared length alone is refused: the body (which is not even there) is never read
    response = client.generic(
        "POST",
        "/api/v1/plans/import",
        b"",
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413 and "超过上限 64.0 KB" in body(response)["detail"]
    # a file just over the limit, within the form's margin, is refused before it is parsed
    response = client.post(
        "/api/v1/plans/import",
        {"file": _named(b"x" * (65 * 1024), "大.txt"), "unit": world.unit.pk, "year": 2023},
    )
    assert response.status_code == 413 and body(response)["path"] == "file"
    assert not Plan.objects.exists()


def test_it_needs_the_csrf_token_for_session_writes(world: World) -> None:
    _client, plan = _imported(world)
    session = Client(enforce_csrf_checks=True)
    session.force_login(world.user("filler"))
    assert session.get(f"/api/v1/plans/{plan['id']}").status_code == 200
    response = session.put(f"/api/v1/plans/{plan['id']}", plan, content_type="application/json")
    assert response.status_code == 403 and body(response)["code"] == "csrf"


def test_it_is_401_without_credentials_and_for_a_wrong_token(db: None) -> None:
    assert Client().get("/api/v1/units").status_code == 401
    response = Client(HTTP_AUTHORIZATION="Bearer jx_wrong").get("/api/v1/units")
    assert response.status_code == 401 and "令牌" in body(response)["detail"]


def test_it_hides_another_departments_plan_and_unit(world: World) -> None:
    _client, plan = _imported(world)
    outsider = token_client(world.user("other_filler"))
    for url in (f"/api/v1/plans/{plan['id']}", f"/api/v1/plans/{plan['id']}/review"):
        response = outsider.get(url)
        assert response.status_code == 404 and body(response)["code"] == "not-found"
    response = upload(outsider, SEED, world.unit.pk)
    assert response.status_code == 404 and body(response)["path"] == "unit"
    assert Plan.objects.count() == 2


def test_it_forbids_a_reader_to_write(world: World) -> None:
    _client, plan = _imported(world)
    head = token_client(world.user("head"))
    response = head.put(f"/api/v1/plans/{plan['id']}", plan, content_type="application/json")
    assert response.status_code == 403 and body(response)["detail"]


def _named(data: bytes, name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
