"""Next year's plan page shows the unit's last year (上年绩效情况): grade and consequence, the review's
findings and the finance re-check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from django.test import Client

from jixiao.web.plans.convert import replace_plan, to_core
from jixiao.web.plans.models import ChangeWay, Plan
from jixiao.web.workflow.models import Publication
from tests.web.conftest import World
from tests.web.results_helpers import published
from tests.web.workflow_helpers import stored


def test_it_shows_last_years_grade_findings_and_recheck_on_next_years_plan(
    world: World, login: Callable[[str], Client]
) -> None:
    last = published(world, year=2022)
    this = stored(world, year=2023)
    page = login("head").get(f"/plans/{this.pk}/").content.decode()
    panel = page.split('id="last-year"', 1)[1].split("</section>", 1)[0]
    result = Publication.objects.get(plan=last)
    assert "2022年度" in panel and "同名项目" in panel
    assert f'评价等级 <b class="grade">{result.grade}</b>' in panel
    assert "财政复核改分 1 项" in panel
    assert "专项资金使用率" in panel and "使用率95.8%≥90%，应得满分" in panel  # the re-checked score and why
    assert "审核发现" in panel


def test_it_shows_nothing_of_last_year_to_a_plan_without_one(
    world: World, login: Callable[[str], Client]
) -> None:
    this = stored(world, year=2023)
    assert 'id="last-year"' not in login("filler").get(f"/plans/{this.pk}/").content.decode()


def test_it_says_when_last_years_result_is_not_published_yet(
    world: World, login: Callable[[str], Client]
) -> None:
    stored(world, year=2022)
    this = stored(world, year=2023)
    assert "自评结果尚未发布" in login("filler").get(f"/plans/{this.pk}/").content.decode()


def test_last_years_findings_follow_a_change_of_last_years_plan(
    world: World, login: Callable[[str], Client]
) -> None:
    """Last year's review is kept between pages (per revision): a change of that plan shows at once."""
    last = stored(world, year=2022)
    this = stored(world, year=2023)
    client = login("filler")

    def findings() -> str:
        page = client.get(f"/plans/{this.pk}/").content.decode()
        return page.split('id="last-year"', 1)[1].split("</details>", 1)[0]

    before = findings()
    core = to_core(last)
    row = core.indicators[0]
    core.indicators[0] = replace(row, weight=(row.weight or Decimal(0)) + 7)
    replace_plan(Plan.objects.get(pk=last.pk), core, world.user("filler"), ChangeWay.PAGE)
    after = findings()
    assert "分值合计" not in before and "分值合计" in after
