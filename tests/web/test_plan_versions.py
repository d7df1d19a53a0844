"""A plan's versions page (版本): the list (who began each, when, why), two versions side by side with
the differences marked, the side by side as .xlsx; 404 to outsiders."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

from django.test import Client
from openpyxl import load_workbook

from jixiao.core.model import Comparator, Indicator
from jixiao.web.plans.convert import replace_plan, to_core
from jixiao.web.plans.models import ChangeWay, Plan
from jixiao.web.workflow import services
from tests.web.conftest import World
from tests.web.step_helpers import page_tree, text_of
from tests.web.workflow_helpers import OUTSIDERS, approved

Login = Callable[[str], Client]


def adjusted(world: World) -> Plan:
    """Version 1 approved; version 2 begun with a reason: 满意度 90 → 95, 补助资金按时发放 removed, a row added."""
    plan = approved(world)
    services.adjust(plan, world.user("filler"), "年中追加资金")
    core = to_core(plan)
    satisfaction = next(i for i in core.indicators if i.name == "满意度")
    satisfaction.target = Decimal(95)
    core.indicators = [i for i in core.indicators if i.name != "补助资金按时发放"]
    core.indicators.append(
        Indicator(
            "产出指标",
            "数量指标",
            "新增培训企业",
            Comparator.GE,
            Decimal(20),
            "20",
            unit="家",
            weight=Decimal(5),
        )
    )
    replace_plan(plan, core, world.user("filler"), ChangeWay.PAGE)
    return plan


def test_it_lists_the_versions_with_who_when_and_why(world: World, login: Login) -> None:
    plan = adjusted(world)
    tree = page_tree(login("dept").get(f"/plans/{plan.pk}/versions/"))
    rows = [" ".join(r.text_content().split()) for r in tree.xpath('//table[@id="version-list"]/tbody/tr')]
    assert len(rows) == 2
    assert rows[0].startswith("第1版") and "filler（创建）" in rows[0] and "未批复" not in rows[0]
    assert (
        rows[1].startswith("第2版 当前")
        and "filler" in rows[1]
        and "年中追加资金" in rows[1]
        and "未批复" in rows[1]
    )


def test_it_shows_two_versions_side_by_side_with_the_differences_marked(world: World, login: Login) -> None:
    plan = adjusted(world)
    tree = page_tree(login("filler").get(f"/plans/{plan.pk}/versions/?from=1&to=2"))
    lines = tree.xpath('//table[@id="side-by-side"]/tbody/tr')
    by_kind: dict[str, list[str]] = {}
    for line in lines:
        by_kind.setdefault(line.get("class"), []).append(" ".join(line.text_content().split()))
    assert len(by_kind["changed"]) == 1 and "指标值：90 → 95" in by_kind["changed"][0]
    assert len(by_kind["removed"]) == 1 and "补助资金按时发放" in by_kind["removed"][0]
    assert len(by_kind["added"]) == 1 and "新增培训企业" in by_kind["added"][0]
    assert len(by_kind["same"]) == 7
    [changed] = tree.xpath('//tr[@class="changed"]')
    marked = [td.text_content() for td in changed.xpath('td[@class="changed"]')]
    assert marked == ["90", "95"]  # the old and the new 指标值, and nothing else


def test_it_exports_the_side_by_side_to_xlsx(world: World, login: Login) -> None:
    plan = adjusted(world)
    response = login("finance").get(f"/plans/{plan.pk}/versions.xlsx?from=1&to=2")
    assert response.status_code == 200
    assert "versions-1-2.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert "第1版与第2版对照" in rows[0][0]
    header = rows.index(next(r for r in rows if r[-1] == "差异"))
    assert rows[header - 1][0] == "第1版" and rows[header - 1][8] == "第2版"
    body = rows[header + 1 :]
    assert len(body) == 10
    changed = next(r for r in body if r[2] == "满意度")
    assert changed[4] == 90 and changed[12] == 95 and changed[16] == "指标值：90 → 95"  # numbers, not texts
    assert all(isinstance(r[7], int | float) for r in body if r[7] is not None)  # 分值
    assert changed[3] == "≥"  # a comparator is text, not a formula
    cells = list(sheet.iter_rows(min_row=header + 2))
    fill = next(r for r in cells if r[2].value == "满意度")[12].fill.fgColor.rgb
    assert fill.endswith("FFE8CC")
    assert any(r[16] == "删除" and r[2] == "补助资金按时发放" for r in body)
    assert any(r[16] == "新增" and r[10] == "新增培训企业" for r in body)


def test_it_compares_the_last_two_versions_by_default_and_refuses_a_missing_one(
    world: World, login: Login
) -> None:
    plan = adjusted(world)
    tree = page_tree(login("filler").get(f"/plans/{plan.pk}/versions/"))
    assert "第1版 与 第2版 对照" in text_of(tree, "content") or tree.xpath(
        '//h2[contains(., "第1版 与 第2版 对照")]'
    )
    response = login("filler").get(f"/plans/{plan.pk}/versions/?from=3&to=2")
    assert response.status_code == 404 and "没有第3版" in response.content.decode()


def test_it_is_404_for_another_department(world: World, login: Login) -> None:
    plan = adjusted(world)
    for key in OUTSIDERS:
        assert login(key).get(f"/plans/{plan.pk}/versions/").status_code == 404
        assert login(key).get(f"/plans/{plan.pk}/versions.xlsx").status_code == 404
