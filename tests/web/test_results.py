"""The results-applied list (结果应用): published plans by department with grade, consequence and amounts,
and its .xlsx."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from jixiao.core.scoring import Grade
from jixiao.web.outcomes.service import save_policy
from jixiao.web.workflow.models import Publication
from tests.web.conftest import World
from tests.web.results_helpers import published


def test_it_lists_each_published_plan_with_its_grade_and_consequence(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = published(world)
    result = Publication.objects.get(plan=plan)
    page = login("finance").get("/results/2022/").content.decode()
    assert "株洲市工业和信息化局" in page and plan.title in page
    assert f">{result.grade}<" in page
    consequence = {"优": "优先保障", "良": "保持", "中": "调整压减", "差": "压减或取消"}[result.grade]
    assert consequence in page
    assert login("dept").get("/results/2022/").content.decode().count(plan.title) == 1
    assert plan.title not in login("other_dept").get("/results/2022/").content.decode()


def test_it_suggests_next_years_figure_only_when_the_bureau_gives_a_percentage(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = published(world)
    plan.budget_annual = Decimal(1200)
    plan.save()
    grade = Grade(Publication.objects.get(plan=plan).grade)
    client = login("finance")
    assert "1080.00" not in client.get("/results/2022/").content.decode()
    rows = {g: ("压减", Decimal("-0.1")) for g in Grade}
    save_policy(world.user("finance"), world.bureau, rows)
    page = client.get("/results/2022/").content.decode()
    assert "1080.00" in page and "压减（下年预算 -10%）" in page, grade


def test_it_exports_the_list_to_xlsx(world: World, login: Callable[[str], Client]) -> None:
    plan = published(world)
    save_policy(world.user("finance"), world.bureau, {g: ("保持", Decimal(0)) for g in Grade})
    plan.budget_annual = Decimal("1200.5")
    plan.save()
    response = login("dept").get("/results/2022.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:5] == ("主管部门", "单位", "项目（表）", "百分制得分", "等级")
    published_row = Publication.objects.get(plan=plan)
    assert rows[2][0] == "株洲市工业和信息化局" and rows[2][2] == plan.title
    assert Decimal(str(rows[2][3])) == published_row.normalized and rows[2][4] == published_row.grade
    assert rows[2][5] == "保持（下年预算 0%）" and Decimal(str(rows[2][6])) == Decimal("1200.5")
    assert Decimal(str(rows[2][7])) == Decimal("1200.50")


def test_it_is_for_reviewers_only(world: World, login: Callable[[str], Client]) -> None:
    published(world)
    for key in ("filler", "head", "other_filler"):
        assert login(key).get("/results/2022/").status_code == 403
        assert login(key).get("/results/2022.xlsx").status_code == 403


def test_it_shows_the_demos_result_and_monitoring_flow(db: None) -> None:
    from jixiao.web.demo import load_demo
    from jixiao.web.monitoring.models import Round
    from jixiao.web.plans.models import Plan

    load_demo("demo-password-1")
    finance = Client()
    finance.force_login(User.objects.get(username="czj"))
    page = finance.get("/results/2022/").content.decode()
    last = Plan.objects.get(year=2022, kind="project", unit__parent__name="株洲市工业和信息化局")
    grade = Publication.objects.get(plan=last).grade
    assert last.title in page and f">{grade}<" in page
    this = Plan.objects.get(year=2023, kind="project", unit__parent__name="株洲市工业和信息化局")
    panel = finance.get(f"/plans/{this.pk}/").content.decode().split('id="last-year"', 1)[1]
    assert "复核：按评分标准应得" in panel.split("</section>", 1)[0]
    filler = Client()
    filler.force_login(User.objects.get(username="gxj-jg"))
    round_ = Round.objects.get()
    refused = filler.post(
        f"/monitoring/{round_.pk}/plans/{this.pk}/step/", {"action": "submit", "expected": "monitor_filling"}
    )
    assert refused.status_code == 422 and "严重偏差，须填写偏差原因" in refused.content.decode()


def test_it_is_404_not_an_error_for_a_year_no_budget_has(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("finance")
    for url in ("/results/0/", "/results/0.xlsx", "/overview/0/", "/todo/late-0.xlsx", "/results/99999/"):
        assert client.get(url).status_code == 404, url
    assert client.get("/results/2023/").status_code == 200
