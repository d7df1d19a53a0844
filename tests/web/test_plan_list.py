"""The plan list (绩效目标表列表): a hundred plans a page with their indicator counts, in a number of
queries that does not grow with the plans shown (a finance bureau sees thousands)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.test import Client

from jixiao.core.model import Comparator, Indicator, PlanKind
from jixiao.core.model import Plan as CorePlan
from jixiao.web.plans.convert import create_plan
from jixiao.web.plans.models import ChangeWay
from jixiao.web.plans.views import PER_PAGE
from tests.web.conftest import World


def plans(world: World, count: int, indicators: int) -> None:
    rows = [
        Indicator("产出指标", "数量指标", f"指标{k}", Comparator.GE, Decimal(k), str(k), weight=Decimal(5))
        for k in range(indicators)
    ]
    for n in range(count):
        core = CorePlan(PlanKind.PROJECT, title=f"项目{n:03d}", indicators=rows)
        create_plan(core, world.unit, 2024, world.user("filler"), ChangeWay.UPLOAD)


def test_it_shows_a_hundred_plans_a_page_and_the_rest_on_the_next(
    world: World, login: Callable[[str], Client]
) -> None:
    plans(world, PER_PAGE + 3, 2)
    client = login("dept")
    first = client.get("/plans/?year=2024").content.decode()
    second = client.get("/plans/?year=2024&page=2").content.decode()
    titles = [f"项目{n:03d}" for n in range(PER_PAGE + 3)]
    on_first = [t for t in titles if t in first]
    on_second = [t for t in titles if t in second]
    assert len(on_first) == PER_PAGE and len(on_second) == 3
    assert not set(on_first) & set(on_second)
    assert f"共 {PER_PAGE + 3} 张表" in first and "page=2" in first and "year=2024" in first


def test_it_counts_each_plans_indicators_without_a_query_per_plan(
    world: World, login: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    plans(world, 30, 3)
    client = login("finance")
    client.get("/plans/")  # the session and the person are read once
    with django_assert_max_num_queries(12):
        page = client.get("/plans/").content.decode()
    assert page.count('<td class="num">3</td>') == 30


def test_each_row_counts_its_own_plans_indicators_none_as_zero(
    world: World, login: Callable[[str], Client]
) -> None:
    for n, count in enumerate((0, 1, 4)):
        rows = [
            Indicator(
                "产出指标", "数量指标", f"指标{k}", Comparator.GE, Decimal(k), str(k), weight=Decimal(5)
            )
            for k in range(count)
        ]
        core = CorePlan(PlanKind.PROJECT, title=f"计数{n}", indicators=rows)
        create_plan(core, world.unit, 2024, world.user("filler"), ChangeWay.UPLOAD)
    for url in ("/plans/?year=2024", "/"):
        page = login("finance").get(url).content.decode()
        counted = re.findall(r'>(计数\d)</a></td>\s*<td class="num">(\d+)</td>', page)
        assert sorted(counted) == [("计数0", "0"), ("计数1", "1"), ("计数2", "4")]
