"""The filler's journey in Chromium (Debian's /usr/bin/chromium through Playwright, no download):
log in, upload the seed as .xlsx, confirm the preview, give 规模工业增长率 its weight in place, paste
two rows copied from a spreadsheet, see the findings change, enter actual values, download the PDF
report. A person of another department gets 404 for the plan. Screenshots of the main pages go to
/tmp/jixiao-screens/ (look at them: CJK must render as glyphs)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from jixiao.web.demo import load_demo
from jixiao.web.plans.models import IndicatorRow, Plan
from tests.web.browser import SCREENS, edit_cell, log_in, needs_chromium, sent_and_swapped
from tests.web.plan_helpers import MISSING_WEIGHT, open_for_self_evaluation, row_index, seed_xlsx

PASTED = (
    "产出指标\t质量指标\t企业培训合格率\t≥\t95\t%\t\t达到目标值得满分，每低1个百分点扣1分\t5\n"
    "\t\t服务企业满意度调查次数\t≥\t2\t次\t\t完成得满分\t3\n"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def _findings(page: Any) -> str:
    return str(page.inner_text("#findings"))


def _weight_missing(page: Any, name: str) -> bool:
    """Whether the findings panel says ``name`` has no weight."""
    items = page.locator("#findings li").all_inner_texts()
    return any(item.startswith(name) and "weight-missing" in item for item in items)


def test_it_carries_a_filler_from_upload_to_report(live_server: Any, browser: Any, tmp_path: Path) -> None:
    password = secrets.token_urlsafe(12)
    load_demo(password)
    base = live_server.url
    SCREENS.mkdir(exist_ok=True)
    context = browser.new_context(
        viewport={"width": 1500, "height": 1000}, accept_downloads=True, locale="zh-CN"
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)

    login = context.new_page()
    login.goto(f"{base}/login/")
    login.screenshot(path=SCREENS / "pages-login.png")
    login.close()
    page = log_in(context, base, "gxj-jg", password)
    page.goto(f"{base}/plans/")
    page.screenshot(path=SCREENS / "pages-list.png", full_page=True)

    # upload the seed as .xlsx and confirm what was read
    seed = tmp_path / "工信局2023年绩效目标表.xlsx"
    seed.write_bytes(seed_xlsx())
    page.goto(f"{base}/plans/upload/")
    page.fill("input[name=year]", "2023")
    page.set_input_files("input[name=files]", str(seed))
    page.click("button:has-text('读取并预览')")
    page.wait_for_selector("#confirm-upload")
    assert MISSING_WEIGHT in page.content() and "来源" in page.content()
    page.screenshot(path=SCREENS / "pages-upload-preview.png", full_page=True)
    before_upload = Plan.objects.count()
    page.click("#confirm-upload")
    page.wait_for_load_state("networkidle")
    assert Plan.objects.count() == before_upload + 2
    plan = Plan.objects.filter(indicator_rows__name=MISSING_WEIGHT).order_by("-id").first()
    assert plan is not None
    page.goto(f"{base}/plans/{plan.pk}/")

    # give 规模工业增长率 its missing weight in place
    assert _weight_missing(page, MISSING_WEIGHT)
    edit_cell(page, f"#cell-{row_index(plan, MISSING_WEIGHT)}-weight", "5")
    assert IndicatorRow.objects.get(plan=plan, name=MISSING_WEIGHT).weight == 5
    assert not _weight_missing(page, MISSING_WEIGHT)

    # paste two rows copied from a spreadsheet below the first row
    findings_before = _findings(page)
    count = IndicatorRow.objects.filter(plan=plan).count()
    page.evaluate("text => navigator.clipboard.writeText(text)", PASTED)
    page.focus("#cell-0-name")
    sent_and_swapped(page, lambda: page.keyboard.press("Control+V"), lambda r: "/paste/" in r.url)
    assert IndicatorRow.objects.filter(plan=plan).count() == count + 2
    assert page.input_value("#cell-1-name") == "企业培训合格率"
    assert page.input_value("#cell-2-name") == "服务企业满意度调查次数"
    assert _findings(page) != findings_before
    page.screenshot(path=SCREENS / "pages-plan.png", full_page=True)

    # enter actual values on the self-evaluation page (open in 自评填报 only: arranged here, the steps of
    # the flow before it are the workflow journey's)
    open_for_self_evaluation(plan)
    page.click("nav.tabs >> text=绩效自评")
    page.wait_for_selector("#cell-0-actual")
    edit_cell(page, "#cell-1-actual", "97")
    edit_cell(page, "#cell-2-actual", "2")
    edit_cell(page, f"#cell-{row_index(plan, MISSING_WEIGHT)}-actual", "8.5")
    assert "总分" in _findings(page) and "等级" in _findings(page)
    assert page.inner_text("#row-1 td.score b") != "—"
    page.screenshot(path=SCREENS / "pages-self-evaluation.png", full_page=True)

    # download the PDF report
    with page.expect_download(timeout=180_000) as info:  # charts and fonts: a report takes a while
        page.click("text=自评报告 .pdf", no_wait_after=True)
    pdf = pypdfium2.PdfDocument(info.value.path())
    text = "".join(p.get_textpage().get_text_range() for p in pdf).replace("\r", "").replace("\n", "")
    for name in (MISSING_WEIGHT, "企业培训合格率", "服务企业满意度调查次数"):
        assert name in text

    # a person of another department does not learn that the plan exists
    other = browser.new_context()
    outsider = log_in(other, base, "jyj-jg", password)
    assert outsider.goto(f"{base}/plans/{plan.pk}/").status == 404
    other.close()
    context.close()
