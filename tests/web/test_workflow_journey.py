"""The declaration's journey in Chromium (issue 8, Debian's /usr/bin/chromium through Playwright) on the
demo: gxj-jg submits the seed's 2023 department plan and is stopped by its error findings until he fixes
them in the page and explains each warning; gxj-fzr approves; gxj returns it with a comment on
群众满意度; gxj-jg sees the comment beside that row, fixes it and resubmits; gxj sees what changed and
approves; czj approves; gxj-jg can no longer edit; an adjustment makes version 2 through the same chain,
and the versions page shows both side by side; at year end (``tests/web/journey_steps.year_end``) gxj-jg
enters actual values with one wrong stated score, czj's re-check lists it, sets the right score with a
reason and publishes the grade.
Screenshots go to /tmp/jixiao-screens/workflow-*.png (look at them: CJK must render as glyphs)."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from jixiao.core.workflow import State
from jixiao.web.accounts.permissions import plan_state
from jixiao.web.demo import load_demo
from jixiao.web.plans.models import IndicatorRow, Plan
from jixiao.web.workflow.models import Comment, PlanFlow, PlanVersion, Publication, RecheckScore
from tests.web.browser import SCREENS, edit_cell, needs_chromium, person_page
from tests.web.journey_steps import year_end
from tests.web.plan_helpers import row_index

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]

SATISFACTION = "群众满意度"
COMMENT = "评分标准最高只给8分，与分值9分不符；80%一档重叠，请改正"
FIXED_RULE = "满意度大于等于90%得9分，小于90%且大于等于80%得7分，小于80%且大于等于60%得6分，小于60%不得分"


class People:
    """One browser context per demo person, logged in once."""

    def __init__(self, browser: Any, base: str, password: str) -> None:
        self.browser, self.base, self.password = browser, base, password
        self.pages: dict[str, Any] = {}

    def page(self, username: str, plan: Plan) -> Any:
        if username not in self.pages:
            self.pages[username] = person_page(self.browser, self.base, username, self.password)
        page = self.pages[username]
        page.goto(f"{self.base}/plans/{plan.pk}/")
        return page

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def state(plan: Plan) -> tuple[str, int]:
    row = PlanFlow.objects.get(plan=plan)
    return row.state, row.version


def text(page: Any, selector: str) -> str:
    return " ".join(str(page.inner_text(selector)).split())


def click_and_load(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def explain_every_warning(page: Any, line: str) -> int:
    inputs = page.locator("#submit-warnings input.explain").all()
    for index, field in enumerate(inputs):
        if not field.input_value():
            field.fill(f"{line}（{index + 1}）")
    return len(inputs)


def approve(people: People, username: str, plan: Plan) -> Any:
    page = people.page(username, plan)
    click_and_load(page, "#approve-button")
    return page


def test_it_takes_the_department_plan_through_declaration(live_server: Any, browser: Any) -> None:
    password = secrets.token_urlsafe(12)
    load_demo(password)
    SCREENS.mkdir(exist_ok=True)
    plan = Plan.objects.get(year=2023, kind="department", unit__parent__name="株洲市工业和信息化局")
    people = People(browser, live_server.url, password)

    # gxj-jg submits: the error findings stop him, listed with their rows
    filler = people.page("gxj-jg", plan)
    assert text(filler, "#flow-state") == "草稿"
    click_and_load(filler, "#submit-button")
    assert "不能提交" in text(filler, "#flow-refusal")
    assert "weight-sum" in text(filler, "#submit-errors")
    assert (
        PlanFlow.objects.filter(plan=plan, state="draft").exists()
        or not PlanFlow.objects.filter(plan=plan).exists()
    )
    filler.screenshot(path=SCREENS / "workflow-submit-blocked.png", full_page=True)

    # he fixes them in the page: the two missing weights make the sum 100; the panel follows the table
    for name in ("规模工业增长率", "技改投资增长率"):
        edit_cell(filler, f"#cell-{row_index(plan, name)}-weight", "10")
    assert filler.locator("#submit-errors").count() == 0
    warnings = explain_every_warning(filler, "已核实，按实际情况设定")
    assert warnings >= 5
    filler.screenshot(path=SCREENS / "workflow-submit-explained.png", full_page=True)
    click_and_load(filler, "#submit-button")
    assert state(plan) == ("unit_review", 1)
    assert "已锁定" in text(filler, "#flow-lock")

    # gxj-fzr approves; gxj returns it with a comment on 群众满意度
    approve(people, "gxj-fzr", plan)
    assert state(plan) == ("department_review", 1)
    reviewer = people.page("gxj", plan)
    assert "已核实，按实际情况设定" in text(reviewer, "#flow-explanations")
    reviewer.click("#return-details summary")
    reviewer.fill("#return-reason", "群众满意度的评分标准需修改")
    reviewer.fill(f"input[aria-label='对「{SATISFACTION}」的意见']", COMMENT)
    reviewer.screenshot(path=SCREENS / "workflow-return-form.png", full_page=True)
    click_and_load(reviewer, "#return-button")
    assert state(plan) == ("draft", 1)
    assert Comment.objects.get(plan=plan).indicator_name == SATISFACTION

    # gxj-jg sees the comment beside that row, fixes the rule and resubmits
    filler = people.page("gxj-jg", plan)
    index = row_index(plan, SATISFACTION)
    assert f"退回意见：{COMMENT}" in text(filler, f"#findings-{index}")
    assert "群众满意度的评分标准需修改" in text(filler, "#flow-returned")
    filler.locator(f"#row-{index}").scroll_into_view_if_needed()
    filler.screenshot(path=SCREENS / "workflow-returned-comment.png", full_page=True)
    edit_cell(filler, f"#cell-{index}-rule", FIXED_RULE)
    assert IndicatorRow.objects.get(plan=plan, name=SATISFACTION).rule_text == FIXED_RULE
    explain_every_warning(filler, "已核实")
    click_and_load(filler, "#submit-button")
    assert state(plan) == ("department_review", 1)  # straight back to the step that returned it

    # gxj sees what changed since the return, before the approve button, and approves
    reviewer = people.page("gxj", plan)
    diff = text(reviewer, "#flow-diff")
    assert f"指标「{SATISFACTION}」评（扣）分标准" in diff and "得9分" in diff
    assert (
        reviewer.locator("#flow-diff").bounding_box()["y"]
        < reviewer.locator("#approve-button").bounding_box()["y"]
    )
    reviewer.screenshot(path=SCREENS / "workflow-diff-since-return.png", full_page=True)
    click_and_load(reviewer, "#approve-button")
    assert state(plan) == ("finance_review", 1)

    # czj approves (批复); gxj-jg can no longer edit
    approve(people, "czj", plan)
    assert state(plan) == ("approved", 1)
    filler = people.page("gxj-jg", plan)
    assert "调整" in text(filler, "#flow-lock")
    assert filler.locator("#sheet input.cell, #sheet textarea.cell").count() == 0
    filler.screenshot(path=SCREENS / "workflow-approved-locked.png", full_page=True)
    refused = filler.request.post(
        f"{live_server.url}/plans/{plan.pk}/rows/{index}/",
        form={"field": "target", "value": "80", "revision": str(Plan.objects.get(pk=plan.pk).revision)},
        headers={"X-CSRFToken": _csrf(filler)},
    )
    assert refused.status == 403
    assert IndicatorRow.objects.get(plan=plan, name=SATISFACTION).target_number == 90

    # an adjustment makes version 2, through the same chain
    filler.click("#adjust-details summary")
    filler.fill("#adjust-reason", "年中追加专项资金，满意度目标提高")
    click_and_load(filler, "#adjust-button")
    assert state(plan) == ("draft", 2)
    edit_cell(filler, f"#cell-{index}-target", "95")
    explain_every_warning(filler, "第2版已核实")
    click_and_load(filler, "#submit-button")
    assert state(plan) == ("unit_review", 2)
    for username in ("gxj-fzr", "gxj", "czj"):
        approve(people, username, plan)
    assert state(plan) == ("approved", 2)
    assert PlanVersion.objects.filter(plan=plan, content__isnull=False).count() == 2

    versions = people.page("gxj", plan)
    versions.goto(f"{live_server.url}/plans/{plan.pk}/versions/")
    assert "年中追加专项资金" in text(versions, "#version-list")
    changed = text(versions, "#side-by-side tr.changed")
    assert SATISFACTION in changed and "指标值：90 → 95" in changed
    versions.screenshot(path=SCREENS / "workflow-versions.png", full_page=True)

    # ── year end: gxj-jg enters actual values with one wrong stated score and sends them up the
    # chain; czj's re-check lists that row, sets the right score with a reason and publishes ─────
    people.close()
    done = year_end(browser, live_server.url, plan.pk, password)
    assert plan_state(plan) is State.PUBLISHED
    wrong = IndicatorRow.objects.get(plan=plan, name=done.wrong_row)
    assert wrong.stated_score == Decimal(done.stated)  # the unit's own score stays beside the re-check
    [kept] = RecheckScore.objects.filter(plan=plan)
    assert (kept.unit_score, kept.score) == (Decimal(done.stated), Decimal(done.rechecked))
    assert kept.reason.startswith("按评分标准应得")
    published = Publication.objects.get(plan=plan)
    assert published.rechecked == 1 and published.grade == done.published_grade
    assert Decimal(done.published_score) == published.normalized
    assert published.transition.by_name == User.objects.get(username="czj").get_full_name()


def _csrf(page: Any) -> str:
    for cookie in page.context.cookies():
        if cookie["name"] == "csrftoken":
            return str(cookie["value"])
    return ""
