"""The overview (驾驶舱) in Chromium (Playwright), on the demo: czj opens it, each chart's numbers are
its table's (read from the drawn chart's option), and drills down department → unit → the indicator
at 严重偏差 in the demo round. The demo's seed project plan is first taken through the flow to
publication (so the grade and the ranking have a plan) and a passed deadline marks the drafts overdue.
Screenshots go to /tmp/jixiao-screens/."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page

from jixiao.core.workflow import State
from jixiao.web.accounts.permissions import plan_state
from jixiao.web.demo import load_demo
from jixiao.web.plans.models import Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.models import Deadline
from tests.web.browser import SCREENS, needs_chromium, person_page
from tests.web.workflow_helpers import explanations

PASSWORD = "Demo-browser-2023!"
CHARTS = ("states", "execution", "levels", "findings", "grades", "ranking")

pytestmark = [pytest.mark.browser, needs_chromium]


def _publish_the_seed_project() -> None:
    """The demo's 2023 project plan of 工信局/机关 through every step of the flow, by its own people."""
    person = {name: User.objects.get(username=name) for name in ("gxj-jg", "gxj-fzr", "gxj", "czj")}
    plan = Plan.objects.get(year=2023, kind="project", unit__parent__name="株洲市工业和信息化局")
    if plan_state(plan) is not State.APPROVED:  # the demo may already have approved it
        services.submit(plan, person["gxj-jg"], explanations(plan))
        for name in ("gxj-fzr", "gxj", "czj"):
            services.approve(plan, person[name])
    services.reopen(plan, person["czj"])
    services.submit(plan, person["gxj-jg"], explanations(plan))
    services.approve(plan, person["gxj-fzr"])
    services.approve(plan, person["gxj"])
    services.publish(plan, person["czj"])
    Deadline.objects.create(year=2023, state=State.DRAFT.value, due=date.today() - timedelta(days=1))


def _number(text: str) -> float | int | None:
    text = text.strip()
    if text in ("", "—"):
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() and "." not in text else float(value)


def _chart_matches_table(page: Page, name: str) -> None:
    option = page.evaluate(
        "(id) => { const o = echarts.getInstanceByDom(document.getElementById(id)).getOption();"
        " return {animation: o.animation, categories: o.xAxis[0].data,"
        " series: o.series.map(s => ({name: s.name, data: s.data}))}; }",
        f"chart-{name}",
    )
    assert option["animation"] is False  # nothing drawn mid-animation
    headings = page.locator(f"#table-{name} thead th").all_inner_texts()
    rows = [
        row.locator("td").all_inner_texts()
        for row in page.locator(f"#table-{name} tbody tr").all()
        if row.locator("td").count() > 1
    ]
    category = 1 if name == "ranking" else 0
    assert option["categories"] == [r[category] for r in rows], name
    for series in option["series"]:
        column = headings.index(series["name"])
        assert series["data"] == [_number(r[column]) for r in rows], (name, series["name"])


def test_it_shows_czj_the_overview_and_drills_down_to_the_indicator(
    live_server: object, transactional_db: None, browser: Browser
) -> None:
    load_demo(PASSWORD)
    _publish_the_seed_project()
    base = str(live_server)
    SCREENS.mkdir(exist_ok=True)
    page = person_page(browser, base, "czj", PASSWORD, 1400)
    page.goto(f"{base}/monitoring/")
    page.click("text=驾驶舱（监控总览）")
    for name in CHARTS:
        page.wait_for_selector(f"#chart-{name}[data-rendered=true]")
    page.screenshot(path=str(SCREENS / "overview-czj.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENS / "overview-czj-print.png"), full_page=True)
    page.emulate_media(media="screen")

    for name in CHARTS:
        _chart_matches_table(page, name)
    execution = page.locator("#table-execution tbody tr", has_text="株洲市工业和信息化局")
    assert execution.locator("td").nth(4).inner_text() == "30.00"  # the seed's budget, 30% executed
    assert page.locator("#table-states tr.overdue").count() == 3  # every department has a draft left
    assert page.locator("#table-grades tbody tr").all_inner_texts() != []
    assert page.locator("#table-ranking tbody tr").count() == 1

    page.click("#table-levels >> text=株洲市工业和信息化局")
    page.wait_for_selector("#chart-levels[data-rendered=true]")
    assert page.locator("h1").inner_text().endswith("株洲市工业和信息化局")
    assert "株洲市教育局" not in page.inner_text("#table-warnings")
    page.click("#table-levels >> text=机关")
    page.wait_for_selector("#chart-levels[data-rendered=true]")
    for name in CHARTS:
        _chart_matches_table(page, name)
    page.screenshot(path=str(SCREENS / "overview-unit.png"), full_page=True)

    warning = page.locator("#table-warnings tr", has_text="专项资金使用率")
    assert "严重偏差" in warning.inner_text()
    warning.locator("a").click()
    assert page.url.endswith("#indicator-0")
    row = page.locator("#indicator-0")
    assert "专项资金使用率" in row.inner_text() and "严重偏差" in row.inner_text()
    assert "指标「专项资金使用率」严重偏差，须填写偏差原因" in page.inner_text(".missing")
    page.screenshot(path=str(SCREENS / "overview-indicator.png"), full_page=True)


def test_it_shows_a_department_reviewer_their_department_only(
    live_server: object, transactional_db: None, browser: Browser
) -> None:
    load_demo(PASSWORD)
    base = str(live_server)
    page = person_page(browser, base, "gxj", PASSWORD, 1400)
    page.goto(f"{base}/overview/")
    page.wait_for_selector("#chart-levels[data-rendered=true]")
    assert page.locator("#table-levels tbody tr").all_inner_texts()[0].startswith("株洲市工业和信息化局")
    assert page.locator("#table-levels tbody tr").count() == 1
    for name in CHARTS:
        _chart_matches_table(page, name)
    page.screenshot(path=str(SCREENS / "overview-gxj.png"), full_page=True)
