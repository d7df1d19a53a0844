"""``GET /api/v1/library``: the indicator library listed and searched through the API, a page at a
time; a unit's own rows only for callers who may see that unit's plans."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.test import Client

from jixiao.core.model import Comparator, Indicator, Plan, PlanKind
from jixiao.web.plans.convert import create_plan
from jixiao.web.plans.models import ChangeWay
from tests.web.conftest import World
from tests.web.history_helpers import NAME, two_years


def test_it_finds_an_entry_by_the_start_of_its_name_with_history_and_spread(
    world: World, login: Callable[[str], Client]
) -> None:
    two_years(world)
    body = login("filler").get("/api/v1/library", {"q": "新增省"}).json()
    first = body["items"][0]
    assert body["count"] == len(body["items"]) >= 1
    assert (first["name"], first["level1"], first["level2"], first["unit"]) == (
        NAME,
        "产出指标",
        "数量指标",
        "家",
    )
    assert first["id"] == "产出指标/数量指标/新增省级小巨人企业数"
    assert first["years"] == [2023, 2024]
    spread_2023 = next(s for s in first["spread"] if s["year"] == 2023)
    assert spread_2023["units"] == 1 and spread_2023["actuals"] == {"low": 35, "median": 35, "high": 35}
    rows = [(h["year"], h["unit"], h["target"], h["actual"], h["met"]) for h in first["history"]]
    assert rows == [
        (2023, "株洲市工业和信息化局/机关", 40, 35, False),
        (2024, "株洲市工业和信息化局/机关", 30, None, None),
    ]
    assert all(item["name"] != NAME for item in body["items"][1:])
    assert "新增国家级“小巨人”企业数" not in [i["name"] for i in body["items"]]


def test_it_searches_through_width_and_spaces(world: World, login: Callable[[str], Client]) -> None:
    two_years(world)
    names = [
        i["name"] for i in login("filler").get("/api/v1/library", {"q": "新增 省级“小巨人”"}).json()["items"]
    ]
    assert names == [NAME]


def test_an_outsider_sees_the_entry_and_its_spread_but_not_the_units_rows(
    world: World, login: Callable[[str], Client]
) -> None:
    two_years(world)
    first = login("other_filler").get("/api/v1/library", {"q": "新增省级“小巨人”"}).json()["items"][0]
    assert first["name"] == NAME and first["spread"] and first["history"] == []
    assert Client().get("/api/v1/library").status_code == 401


def test_it_lists_every_entry_a_page_at_a_time(world: World, login: Callable[[str], Client]) -> None:
    names = [f"培训企业{n:03d}家数" for n in range(120)]
    indicators = [
        Indicator("产出指标", "数量指标", name, Comparator.GE, Decimal(5), "5", "家") for name in names
    ]
    create_plan(
        Plan(PlanKind.PROJECT, indicators=indicators), world.unit, 2023, world.user("filler"), ChangeWay.PAGE
    )
    client = login("finance")
    pages = [client.get("/api/v1/library", {"page": n}).json() for n in (1, 2, 3)]
    assert [p["count"] for p in pages] == [120] * 3
    assert [len(p["items"]) for p in pages] == [50, 50, 20]
    assert [i["name"] for p in pages for i in p["items"]] == sorted(names)
    assert len(client.get("/api/v1/library", {"page_size": 200}).json()["items"]) == 120
    bad = client.get("/api/v1/library", {"page": 0})
    assert bad.status_code == 422 and bad.json()["path"] == "page"
    assert "page" in bad.json()["detail"] and bad.json()["detail"].isascii() is False  # said in Chinese
