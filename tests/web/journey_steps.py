"""Steps of issue 8's browser journey on the demo, shared by the journey tests (Chromium through
Playwright). ``year_end`` is the part after the year: the unit enters actual values with one wrong
stated score and sends the self-evaluation up its chain; the finance bureau's re-check lists it, sets
the right score with a reason and publishes the grade. Screenshots go to /tmp/jixiao-screens/.

开启自评, 提交 and 审核通过 are taken here through the API with the person's own browser session
(``X-CSRFToken``), as a client of the application would; the declaration's journey takes the same steps
from the plan page's buttons."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jixiao.documents.load import load_plans
from tests.web.browser import SCREENS, edit_cell, person_page

EXAMPLE_ACTUALS = Path(__file__).resolve().parents[2] / "examples" / "zhuzhou-gxj-2023-actuals.json"


@dataclass(frozen=True)
class YearEnd:
    """What the year-end journey did: the row given a wrong stated score, the score typed, the score
    the finance bureau set, and the published score out of 100 and grade as the page showed them."""

    wrong_row: str
    stated: str
    rechecked: str
    published_score: str
    published_grade: str


def api(page: Any, base: str, method: str, path: str, data: Any = None) -> Any:
    """An API request with the page's session and CSRF token; the JSON answer (status kept in
    ``["_status"]``)."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.fetch(
        f"{base}/api/v1{path}", method=method, data=data, headers={"X-CSRFToken": token}
    )
    answer = response.json()
    answer["_status"] = response.status
    return answer


def transition(page: Any, base: str, plan_id: int, action: str, **body: Any) -> Any:
    answer = api(page, base, "POST", f"/plans/{plan_id}/transitions", {"action": action, **body})
    assert answer["_status"] == 201, answer
    return answer


def submit_explained(page: Any, base: str, plan_id: int) -> Any:
    """提交, explaining each warning the refusal lists (as the submitter reads them)."""
    blocked = api(page, base, "POST", f"/plans/{plan_id}/transitions", {"action": "submit"})
    if blocked["_status"] == 201:
        return blocked
    assert blocked["_status"] == 422 and not blocked["errors"], blocked
    explained = [
        {"finding": u["code"], "indicator": u["indicator_id"], "text": f"已核实：{u['code']}"}
        for u in blocked["unexplained"]
    ]
    return transition(page, base, plan_id, "submit", explanations=explained)


def _edit(page: Any, selector: str, value: str) -> None:
    """Type into a cell of the sheet and leave it; wait until the saved sheet is back. A cell that
    already holds ``value`` is left as it is (typing the same text sends no change)."""
    if page.input_value(selector) != value:
        edit_cell(page, selector, value)


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None


def _example_actual(name: str) -> str | None:
    """The example 2023 actual value of an indicator named ``name`` (the demo's seed), as typed."""
    for plan in load_plans(EXAMPLE_ACTUALS):
        for ind in plan.indicators:
            if ind.name == name and ind.actual is not None:
                return str(ind.actual)
    return None


def enter_actual_values(page: Any, base: str, plan_id: int) -> tuple[str, str, Decimal]:
    """On the self-evaluation page: every row's actual value (the example's, else the target), the
    stated score the rules give on every row but one, which gets one point less. Returns that row's
    name, the wrong stated score typed and the score the rules give."""
    page.goto(f"{base}/plans/{plan_id}/self-evaluation/")
    plan = api(page, base, "GET", f"/plans/{plan_id}")
    for i, ind in enumerate(plan["indicators"]):
        actual = _example_actual(ind["name"]) or str(ind["target"])
        _edit(page, f"#cell-{i}-actual", actual)
    wrong: tuple[str, str, Decimal] | None = None
    for i, ind in enumerate(plan["indicators"]):
        due = _number(page.inner_text(f"#row-{i} td.score b"))
        if due is None:
            continue
        stated = due
        if wrong is None and due >= 1:
            stated = due - 1
            wrong = (ind["name"], str(stated), due)
        _edit(page, f"#cell-{i}-stated_score", str(stated))
    assert wrong is not None, "no row the rules score: nothing to get wrong"
    return wrong


def year_end(browser: Any, base: str, plan_id: int, password: str) -> YearEnd:
    """The year-end part of the journey on an approved (已批复) demo plan of 工信局机关."""
    SCREENS.mkdir(exist_ok=True)
    unit = person_page(browser, base, "gxj-jg", password)
    transition(unit, base, plan_id, "reopen")  # 开启自评
    name, stated, due = enter_actual_values(unit, base, plan_id)
    assert "stated-score-mismatch" in unit.inner_text("#findings")
    unit.screenshot(path=SCREENS / "year-end-self-evaluation.png", full_page=True)
    submit_explained(unit, base, plan_id)
    for who in ("gxj-fzr", "gxj"):  # 单位负责人, 主管部门
        reviewer = person_page(browser, base, who, password)
        transition(reviewer, base, plan_id, "approve")
        reviewer.context.close()

    finance = person_page(browser, base, "czj", password)
    finance.goto(f"{base}/todo/")
    finance.screenshot(path=SCREENS / "todo-finance.png", full_page=True)
    finance.click(f"a[href='/plans/{plan_id}/recheck/']")
    finance.wait_for_selector("#recheck-findings")
    assert name in finance.inner_text("#recheck-findings")
    row = finance.locator("table.recheck tr.flagged", has_text=name)
    assert row.locator("td.unit-score").inner_text().strip() == _shown(stated)
    finance.screenshot(path=SCREENS / "year-end-recheck.png", full_page=True)
    row.locator("input[name=score]").fill(_shown(str(due)))
    row.locator("input[name=reason]").fill(f"按评分标准应得{_shown(str(due))}分，单位自评少计1分")
    row.locator("button").click()
    finance.wait_for_load_state("networkidle")
    assert "复核得分" in finance.inner_text("ul.messages")
    finance.click("#publish")
    finance.wait_for_selector("#publication")
    finance.screenshot(path=SCREENS / "year-end-published.png", full_page=True)
    result = YearEnd(
        name,
        stated,
        _shown(str(due)),
        finance.inner_text("#published-score"),
        finance.inner_text("#published-grade"),
    )
    for page in (unit, finance):
        page.context.close()
    return result


def _shown(number: str) -> str:
    """A number as the pages show it (``floatformat:"-2"``): 10.00 → 10, 7.50 → 7.50."""
    value = Decimal(number)
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else f"{value:.2f}"
