"""The plan page: the official table with merged categories, the review beside it; 404 to outsiders."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from django.test import Client

from jixiao.core.actuals import apply_actuals
from jixiao.documents.load import load_plans
from jixiao.documents.writers.tables import plan_table
from jixiao.web.plans.convert import create_plan, to_core
from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan
from tests.web.conftest import World

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _seed_plan(world: World) -> Plan:
    plans = apply_actuals(
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt"),
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"),
    )
    return create_plan(plans[0], world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)


def test_it_stores_the_plan_exactly(world: World) -> None:
    source = load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt")[0]
    stored = create_plan(source, world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    assert to_core(Plan.objects.get(pk=stored.pk)) == source


def test_it_shows_the_table_and_findings(world: World, login: Callable[[str], Client]) -> None:
    plan = _seed_plan(world)
    response = login("filler").get(f"/plans/{plan.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "新增省级“小巨人”企业数" in page
    # 产出指标 is one merged cell over its rows, as in the official table
    first = IndicatorRow.objects.filter(plan=plan, level1="产出指标").count()
    assert re.search(f'rowspan="{first}" class="cat"><input [^>]*value="产出指标"', page)
    assert "规模工业增长率" in page and "weight-missing" in page


def test_it_is_404_for_another_department(world: World, login: Callable[[str], Client]) -> None:
    plan = _seed_plan(world)
    for key in ("other_filler", "other_dept", "other_head"):
        assert login(key).get(f"/plans/{plan.pk}/").status_code == 404
    for key in ("filler", "head", "dept", "finance", "admin"):
        assert login(key).get(f"/plans/{plan.pk}/").status_code == 200


def test_it_sends_anonymous_people_to_the_login(db: None) -> None:
    response = Client().get("/plans/1/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_it_merges_category_cells_as_the_official_table_does(
    world: World, login: Callable[[str], Client]
) -> None:
    """Equal 一级 (and 二级 within them) merge; an empty category cell merges with nothing — on the page
    and in the downloaded table alike (``core.model.category_spans``)."""
    core = load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt")[0]
    categories = [("产出指标", "数量指标")] * 2 + [("产出指标", "")] * 2 + [("", "")] * 2
    categories += [("效益指标", "社会效益指标")] * 2
    core.indicators = [
        replace(core.indicators[i], level1=level1, level2=level2)
        for i, (level1, level2) in enumerate(categories)
    ]
    core.placeholders = []
    plan = create_plan(core, world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    page = login("head").get(f"/plans/{plan.pk}/").content.decode()
    body = page.split('id="indicator-table"', 1)[1].split("</tbody>", 1)[0]
    shown = [
        [int(span) for span in re.findall(r'<td rowspan="(\d+)" class="cat">', row)]
        for row in body.split("<tr ")[1:]
    ]
    assert shown == [[4, 2], [], [1], [1], [1, 1], [1, 1], [2, 2], []]
    table = plan_table(to_core(plan))
    first = table.header_row + 1
    merged = sorted((m.col, m.row - first, m.last_row - first) for m in table.merges if m.row >= first)
    assert merged == [(0, 0, 3), (0, 6, 7), (1, 0, 1), (1, 6, 7)]
