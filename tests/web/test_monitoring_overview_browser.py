"""The overview in Chromium (Playwright): czj opens it on the demo, the chart's numbers are its table's,
the warning drills down to the indicator. Screenshots go to /tmp/jixiao-screens/."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page

from jixiao.web.demo import load_demo
from tests.web.browser import SCREENS, needs_chromium

PASSWORD = "Demo-browser-2023!"

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]


def _log_in(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button")
    page.wait_for_url(f"{base}/")
    return page


def _percent(text: str) -> float | None:
    text = text.strip().rstrip("%")
    return None if text in ("", "—") else float(Decimal(text))


def test_it_shows_czj_the_overview_and_drills_down_to_the_indicator(
    live_server: object, transactional_db: None, browser: Browser
) -> None:
    load_demo(PASSWORD)
    base = str(live_server)
    SCREENS.mkdir(exist_ok=True)
    page = _log_in(browser, base, "czj")
    page.goto(f"{base}/monitoring/")
    page.click("text=监控总览（驾驶舱）")
    page.wait_for_selector("#budget-chart[data-rendered=true]")
    page.screenshot(path=str(SCREENS / "monitoring-overview.png"), full_page=True)

    option = page.evaluate(
        "() => { const o = echarts.getInstanceByDom(document.getElementById('budget-chart')).getOption();"
        " return {animation: o.animation, names: o.xAxis[0].data, values: o.series[0].data}; }"
    )
    rows = page.locator("#budget-table tbody tr")
    names = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    values = [_percent(rows.nth(i).locator("td").last.inner_text()) for i in range(rows.count())]
    assert option["animation"] is False  # nothing drawn mid-animation
    assert option["names"] == names and option["values"] == values
    assert values[names.index("株洲市工业和信息化局")] == 30.0

    warning = page.locator("#warnings a.warn-item", has_text="专项资金使用率 严重偏差")
    warning.click()
    assert page.url.endswith("#indicator-0")
    row = page.locator("#indicator-0")
    assert "专项资金使用率" in row.inner_text() and "严重偏差" in row.inner_text()
    assert "指标「专项资金使用率」严重偏差，须填写偏差原因" in page.inner_text(".missing")
    page.screenshot(path=str(SCREENS / "monitoring-entry.png"), full_page=True)
