"""In Chromium (Debian's, no browser download): typing the start of an indicator name offers the
library entry with its history; choosing it fills category and unit. A screenshot is saved to
/tmp/jixiao-screens/ to be looked at."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import SCREENS, needs_chromium, page_as
from tests.web.conftest import World
from tests.web.history_helpers import NAME, two_years

pytestmark = [pytest.mark.browser, needs_chromium]


def test_it_offers_the_entry_with_history_and_fills_category_and_unit(
    world: World, transactional_db: None, live_server: Any, browser: Any
) -> None:
    two_years(world)
    page = page_as(browser, live_server.url, world.user("filler"), 1280, 900)
    page.goto(f"{live_server.url}/library/")
    page.locator("#lookup-name").press_sequentially("新增省", delay=30)
    option = page.locator("#lookup-list li[role=option]").filter(has_text=NAME)
    option.wait_for(timeout=10000)
    assert "2023年1个单位：目标 40家" in option.inner_text()
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENS / "library-suggest.png"), full_page=True)
    option.click()
    assert page.locator("#lookup-name").input_value() == NAME
    assert page.locator("input[name=level1]").input_value() == "产出指标"
    assert page.locator("input[name=level2]").input_value() == "数量指标"
    assert page.locator("input[name=unit]").input_value() == "家"
    page.context.close()


def test_an_entrys_page_draws_targets_and_actuals_over_the_years_beside_its_table(
    world: World, transactional_db: None, live_server: Any, browser: Any
) -> None:
    two_years(world)
    page = page_as(browser, live_server.url, world.user("dept"), 1280, 900)
    page.goto(f"{live_server.url}/library/entry/?id=产出指标/数量指标/新增省级小巨人企业数")
    page.wait_for_selector("#entry-chart[data-rendered=true] svg")
    drawn = page.inner_text("#entry-chart")
    assert "目标值" in drawn and "实际值" in drawn and "2023" in drawn and "2024" in drawn
    assert "35" in drawn and "40" in drawn and "30" in drawn  # the labelled points
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENS / "library-entry-chart.png", full_page=True)
