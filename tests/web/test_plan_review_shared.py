"""One review per plan page (审核一次): the table's findings, the workflow panel's warnings to explain and
the submission's are the same — the checks from the unit's earlier years included — and an upload's
preview is reviewed with the history of the unit and year chosen."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.core import review as core_review
from jixiao.core.errors import SubmissionBlocked
from jixiao.core.model import Plan as CorePlan
from jixiao.core.review import Finding, PlanReview
from jixiao.documents.writers.export import export_tables
from jixiao.web.plans.convert import create_plan, to_core
from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.notes import status_of
from tests.web.conftest import World
from tests.web.history_helpers import NAME, next_year, seed_with_actuals, two_years

BELOW = f"指标「{NAME}」的目标≥30家，低于本单位2023年的实际完成值35家"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def listed_warnings(page: str) -> set[tuple[str, str]]:
    """(code, indicator or "") of each warning in the page's list of findings beside the table."""
    panel = page.split('id="findings"', 1)[1].split("</aside>", 1)[0]
    found = re.findall(
        r'<li class="finding warning"><b>(.*?)</b>：.*?<code class="tag">([a-z0-9-]+)</code>', panel, re.S
    )
    return {(code, "" if name == "（整表）" else name) for name, code in found}


def asked_explanations(page: str, plan: Plan) -> set[tuple[str, str]]:
    """(code, indicator or "") of each explanation the workflow panel asks for (``explain:<code>:<row>``)."""
    names = dict(IndicatorRow.objects.filter(plan=plan).values_list("pk", "name"))
    return {
        (code, names[int(row)] if row else "")
        for code, row in re.findall(r'name="explain:([a-z0-9-]+):(\d*)"', page)
    }


def test_the_page_the_panel_and_the_submission_ask_for_the_same_warnings_history_included(
    world: World, login: Callable[[str], Client]
) -> None:
    _, plan = two_years(world)
    page = login("filler").get(f"/plans/{plan.pk}/").content.decode()
    listed = listed_warnings(page)
    assert BELOW in page and ("target-below-last-actual", NAME) in listed
    assert asked_explanations(page, plan) == listed
    with pytest.raises(SubmissionBlocked) as blocked:
        services.submit(plan, world.user("filler"))
    assert {(f.code, f.indicator or "") for f in blocked.value.unexplained} == listed


def submit_explaining(client: Client, plan: Plan) -> tuple[Any, dict[str, str]]:
    """Submit ``plan`` from its page with a line for each warning the panel asks to explain: the
    response and the typed explanations by input name."""
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    typed = {n: f"说明{i}" for i, n in enumerate(re.findall(r'name="(explain:[a-z0-9-]+:\d*)"', page))}
    return client.post(f"/plans/{plan.pk}/steps/submit/", typed), typed


def test_explaining_what_the_panel_asks_submits_the_plan_and_the_reviewer_sees_each_line(
    world: World, login: Callable[[str], Client]
) -> None:
    _, plan = two_years(world, index=1)  # the project plan: warnings only
    response, typed = submit_explaining(login("filler"), plan)
    assert response.status_code == 302 and status_of(plan).state.value == "unit_review"
    below = [n for n in typed if n.startswith("explain:target-below-last-actual:")]
    assert below  # a warning from the unit's 2023 actual values was asked for
    seen = login("head").get(f"/plans/{plan.pk}/").content.decode()
    explained = seen.split('id="flow-explanations"', 1)[1].split("</div>", 1)[0]
    assert all(f"说明：{typed[n]}</li>" in explained for n in typed)


@pytest.mark.parametrize("key", ["filler", "head"])
def test_the_plan_page_reviews_the_plan_once(
    world: World, login: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """For the submitter (warnings to explain) and for the reviewer (explanations beside warnings)."""
    _, plan = two_years(world, index=1)
    if key == "head":
        submit_explaining(login("filler"), plan)
    reviewed: list[CorePlan] = []

    def counted(context: PlanReview) -> list[Finding]:  # a check that notes each plan reviewed
        reviewed.append(context.plan)
        return []

    monkeypatch.setattr(core_review, "CHECKS", [counted, *core_review.CHECKS])
    page = login(key).get(f"/plans/{plan.pk}/").content.decode()
    assert ('name="explain:target-below-last-actual' if key == "filler" else 'id="flow-explanations"') in page
    assert reviewed.count(to_core(plan)) == 1  # last year's plan (the same title) may be reviewed too


def test_an_upload_preview_is_reviewed_with_the_units_earlier_years(
    world: World, login: Callable[[str], Client]
) -> None:
    seed = seed_with_actuals()
    create_plan(seed, world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    xlsx = export_tables([next_year(seed, "30")], "xlsx")
    client = login("filler")

    def preview(year: int) -> str:
        files = [SimpleUploadedFile("工信局2024年绩效目标表.xlsx", xlsx, XLSX)]
        response = client.post("/plans/upload/", {"unit": world.unit.pk, "year": year, "files": files})
        assert response.status_code == 200
        return str(response.content.decode())

    assert BELOW in preview(2024)
    assert "低于本单位" not in preview(2023)  # no earlier year of this unit before 2023
    assert Plan.objects.count() == 1  # nothing saved by the previews
