"""The reviewers' list (审核列表): state, findings, score and grade per plan; filters by state, unit and
year; sorting; several plans approved or returned at once, each recorded on its own, a refusal naming
its plan without undoing the others; outsiders see and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from jixiao.core.actuals import apply_actuals
from jixiao.documents.load import load_plans
from jixiao.web.plans.convert import create_plan
from jixiao.web.plans.models import ChangeWay, Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.models import PlanFlow, Publication, Transition
from tests.web.conftest import World
from tests.web.step_helpers import page_tree
from tests.web.workflow_helpers import explanations, in_recheck, stored

Login = Callable[[str], Client]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def state(plan: Plan) -> str:
    row = PlanFlow.objects.filter(plan=plan).first()
    return row.state if row else "draft"


def listed(client: Client, query: str = "") -> dict[int, dict[str, str]]:
    """The list's rows by plan id: the text of each column."""
    tree = page_tree(client.get(f"/plans/review/{query}"))
    heads = [
        " ".join(th.text_content().split()) for th in tree.xpath('//table[@id="review-table"]/thead//th')
    ]
    rows = {}
    for tr in tree.xpath('//table[@id="review-table"]/tbody/tr[@id]'):
        cells = [" ".join(td.text_content().split()) for td in tr.xpath("td")]
        rows[int(tr.get("id").removeprefix("plan-"))] = dict(zip(heads, cells, strict=True))
    return rows


def a_few(world: World) -> dict[str, Plan]:
    """Three plans of the own unit in three states, and one of the other department."""
    waiting = stored(world)  # the project plan: warnings only
    services.submit(waiting, world.user("filler"), explanations(waiting))
    services.approve(waiting, world.user("head"))  # now waits for the department
    second = stored(world, year=2024)
    services.submit(second, world.user("filler"), explanations(second))
    services.approve(second, world.user("head"))
    with_actuals = apply_actuals(
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt"),
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"),
    )[0]
    draft = create_plan(with_actuals, world.unit, 2022, world.user("filler"), ChangeWay.UPLOAD)
    other = stored(world, unit="other_unit")
    return {"waiting": waiting, "second": second, "draft": draft, "other": other}


def test_it_lists_state_findings_score_and_grade(world: World, login: Login) -> None:
    plans = a_few(world)
    rows = listed(login("dept"))
    assert set(rows) == {
        plans["waiting"].pk,
        plans["second"].pk,
        plans["draft"].pk,
    }  # not the other department's
    waiting = rows[plans["waiting"].pk]
    assert waiting["环节"] == "主管部门审核" and waiting["版本"] == "第1版"
    assert waiting["审核问题（错误/警告）"] == "0 / 2" and waiting["得分"] == "—"
    draft = rows[plans["draft"].pk]
    assert draft["环节"] == "草稿" and draft["审核问题（错误/警告）"].startswith("1 / ")
    assert draft["得分"].endswith("（计算）") and draft["等级"] in {"优", "良", "中", "差"}


def test_a_published_score_reads_as_the_computed_ones_do(world: World, login: Login) -> None:
    """The score of a published plan (kept with ten decimal places) is written as the re-check page
    writes it, two decimals at most, not "95.2200000000"."""
    plan = in_recheck(world)
    services.publish(plan, world.user("finance"))
    published = Publication.objects.get(plan=plan).normalized
    score = listed(login("dept"))[plan.pk]["得分"]
    assert score == f"{published:.2f}", score


def test_it_filters_by_state_unit_and_year_and_sorts(world: World, login: Login) -> None:
    plans = a_few(world)
    dept = login("dept")
    assert set(listed(dept, "?state=department_review")) == {plans["waiting"].pk, plans["second"].pk}
    assert set(listed(dept, "?state=draft")) == {plans["draft"].pk}
    assert set(listed(dept, "?year=2024")) == {plans["second"].pk}
    assert set(listed(dept, f"?unit={world.other_unit.pk}")) == set()
    assert set(listed(login("finance"), f"?unit={world.other_unit.pk}")) == {plans["other"].pk}
    assert list(listed(dept, "?sort=year")) == [plans["draft"].pk, plans["waiting"].pk, plans["second"].pk]
    assert list(listed(dept, "?sort=-year")) == [plans["second"].pk, plans["waiting"].pk, plans["draft"].pk]
    by_findings = list(listed(dept, "?sort=-findings"))
    assert by_findings[0] == plans["draft"].pk  # the plan with an error and the most warnings first


def test_it_approves_several_plans_at_once_each_recorded(world: World, login: Login) -> None:
    plans = a_few(world)
    ids = [plans["waiting"].pk, plans["second"].pk]
    response = login("dept").post("/plans/review/bulk/", {"plan": ids, "action": "approve"}, follow=True)
    assert state(plans["waiting"]) == state(plans["second"]) == "finance_review"
    for plan in (plans["waiting"], plans["second"]):
        assert Transition.objects.filter(plan=plan, action="approve", by=world.user("dept")).count() == 1
    assert "已审核通过 2 张表" in response.content.decode()


def test_a_refusal_names_its_plan_and_leaves_the_others_done(world: World, login: Login) -> None:
    plans = a_few(world)
    ids = [plans["waiting"].pk, plans["draft"].pk, plans["other"].pk, plans["second"].pk]
    response = login("dept").post(
        "/plans/review/bulk/", {"plan": ids, "action": "return", "reason": "请补充依据"}, follow=True
    )
    page = response.content.decode()
    assert state(plans["waiting"]) == state(plans["second"]) == "draft"
    assert Transition.objects.filter(plan=plans["waiting"], action="return", reason="请补充依据").count() == 1
    assert state(plans["draft"]) == "draft" and not Transition.objects.filter(plan=plans["draft"]).exists()
    assert not Transition.objects.filter(plan=plans["other"]).exists()
    assert (
        f"「{plans['draft'].title}」（{world.unit.full_name}，2022年）未处理：这张表处于「草稿」，不能退回"
        in page
    )
    assert (
        f"第{plans['other'].pk}号表未处理：没有这个绩效目标表" in page
    )  # not named: it is not theirs to see
    assert "已退回 2 张表" in page


def test_it_needs_a_reason_to_return_in_bulk(world: World, login: Login) -> None:
    plans = a_few(world)
    response = login("dept").post(
        "/plans/review/bulk/", {"plan": [plans["waiting"].pk], "action": "return"}, follow=True
    )
    assert "未处理：退回必须写明原因" in response.content.decode()
    assert state(plans["waiting"]) == "department_review"


def test_outsiders_change_nothing_in_bulk(world: World, login: Login) -> None:
    plans = a_few(world)
    before = Transition.objects.count()
    for key in ("other_filler", "other_head", "other_dept", "filler", "head", "finance", "admin"):
        login(key).post("/plans/review/bulk/", {"plan": [plans["waiting"].pk], "action": "approve"})
    assert Transition.objects.count() == before and state(plans["waiting"]) == "department_review"
    assert (
        Client().post("/plans/review/bulk/", {"plan": [plans["waiting"].pk], "action": "approve"}).status_code
        == 302
    )
    assert state(plans["waiting"]) == "department_review"


def test_it_asks_to_filter_before_sorting_many_plans_by_score(
    world: World, login: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.web.workflow import steps

    plans = a_few(world)
    monkeypatch.setattr(steps, "COMPUTED_SORT_MAX", 2)
    response = login("dept").get("/plans/review/?sort=-score")
    assert "超过 2 张表时不能按审核问题或得分排序" in response.content.decode()
    assert list(listed(login("dept"), "?sort=-score&year=2024")) == [plans["second"].pk]
