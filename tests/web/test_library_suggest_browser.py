"""In Chromium (Debian's, no browser download), on the plan page: typing the start of an indicator name
in a row's name cell offers the library entry with its history (this unit's last target and actual,
the spread across units); choosing it fills and saves the row's category and unit, and the review's
finding from history appears. Screenshots go to /tmp/jixiao-screens/ to be looked at."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from jixiao.web.plans.convert import to_core, update_rows
from jixiao.web.plans.models import ChangeWay, IndicatorRow
from tests.web.browser import SCREENS, needs_chromium, page_as, sent_and_swapped
from tests.web.conftest import World
from tests.web.history_helpers import NAME, two_years

pytestmark = [pytest.mark.browser, needs_chromium]


def test_typing_a_name_on_the_plan_page_offers_the_entry_and_choosing_it_saves_category_and_unit(
    world: World, transactional_db: None, live_server: Any, browser: Any
) -> None:
    _, following = two_years(world)  # 2023 with actuals; 2024 with 新增省级 at ≥30 (2023's actual: 35)
    filler = world.user("filler")
    core = to_core(following)
    index = next(i for i, ind in enumerate(core.indicators) if ind.name == NAME)
    blank = replace(
        core.indicators[index], name="新指标", level1="满意度指标", level2="服务对象满意度指标", unit=""
    )
    update_rows(following, {index: blank}, filler, ChangeWay.PAGE)

    page = page_as(browser, live_server.url, filler, 1500, 1000)
    page.goto(f"{live_server.url}/plans/{following.pk}/")
    cell = page.locator(f"#cell-{index}-name")
    cell.fill("")
    cell.press_sequentially("新增省", delay=30)
    option = page.locator(f"#suggest-{index} li[role=option]").filter(has_text=NAME)
    option.wait_for(timeout=10000)
    shown = option.inner_text()
    assert "产出指标 / 数量指标 · 家" in shown
    assert "本单位2023年：目标≥40家，实际35家" in shown
    assert "2023年1个单位：目标 40家" in shown and "实际 35家" in shown
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENS / "library-suggest-plan-page.png")

    sent_and_swapped(page, option.click, lambda r: f"/rows/{index}/" in r.url and r.request.method == "POST")
    row = IndicatorRow.objects.get(plan=following, position=index)
    assert (row.name, row.level1, row.level2, row.unit) == (NAME, "产出指标", "数量指标", "家")
    assert page.input_value(f"#cell-{index}-name") == NAME
    assert page.input_value(f"#cell-{index}-unit") == "家"
    titles = page.locator(f"#findings-{index} .finding").evaluate_all("all => all.map(f => f.title)")
    assert any("目标≥30家，低于本单位2023年的实际完成值35家" in t for t in titles)
    page.screenshot(path=SCREENS / "library-suggest-chosen.png")
