"""A plan's timeline (时间线): steps and value changes together in time order, each once; the page and
its .xlsx; 404 to outsiders."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

from django.test import Client
from openpyxl import load_workbook

from jixiao.web.plans.convert import replace_plan, to_core
from jixiao.web.plans.models import ChangeWay, IndicatorRow
from jixiao.web.workflow import services
from jixiao.web.workflow.models import Publication, Transition
from jixiao.web.workflow.services import CommentInput
from jixiao.web.workflow.timeline import timeline
from tests.web.conftest import World
from tests.web.workflow_helpers import OUTSIDERS, explanations, in_recheck, stored


def returned_and_fixed(world: World) -> int:
    plan = stored(world)
    services.submit(plan, world.user("filler"), explanations(plan))
    services.approve(plan, world.user("head"))
    row = IndicatorRow.objects.get(plan=plan, name="满意度")
    services.return_plan(plan, world.user("dept"), "满意度需修改", [CommentInput("应不低于95%", row.pk)])
    fixed = to_core(plan)
    fixed.indicators[-1].target = Decimal(95)
    replace_plan(plan, fixed, world.user("filler"), ChangeWay.PAGE)
    services.submit(plan, world.user("filler"))
    return plan.pk


def test_it_merges_steps_and_value_changes_in_time_order_each_once(world: World) -> None:
    plan_id = returned_and_fixed(world)
    plan = IndicatorRow.objects.get(plan_id=plan_id, name="满意度").plan
    events = timeline(plan)
    assert [e.at for e in events] == sorted(e.at for e in events)
    steps = [e for e in events if e.kind == "流程"]
    assert len(steps) == Transition.objects.filter(plan=plan).count() == 4
    titles = [e.title for e in events]
    assert titles[0] == "创建绩效目标表"
    [change] = [e for e in events if e.title == "修改指标「满意度」"]
    assert change.details == ("指标值（数值）：90 → 95",) and "页面" in change.who
    back = next(e for e in steps if e.title.startswith("退回"))
    assert "原因/意见：满意度需修改" in back.details and "意见（「满意度」）：应不低于95%" in back.details
    # the fix lies between the return and the resubmission
    assert titles.index(back.title) < titles.index(change.title) < titles.index(steps[-1].title)
    assert any(d.startswith("说明 target-over-100") for d in steps[0].details)


def test_it_shows_the_timeline_page_and_exports_it(world: World, login: Callable[[str], Client]) -> None:
    plan_id = returned_and_fixed(world)
    page = login("dept").get(f"/plans/{plan_id}/timeline/").content.decode()
    assert "满意度需修改" in page and "指标值（数值）：90 → 95" in page and "主管部门审核" in page
    response = login("finance").get(f"/plans/{plan_id}/timeline.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert len(rows) == len(timeline(IndicatorRow.objects.filter(plan_id=plan_id).first().plan))  # type: ignore[union-attr]
    assert any("应不低于95%" in (r[4] or "") for r in rows)


def test_it_shows_the_re_checked_scores_and_the_published_result(
    world: World, login: Callable[[str], Client]
) -> None:
    """The finance re-check changes what counts (a re-checked score in place of the unit's own): the
    timeline a reviewer reads, and its .xlsx, say who set which score of which indicator, from what,
    why, and what was published."""
    plan = in_recheck(world)
    row = IndicatorRow.objects.filter(plan=plan).order_by("position").first()
    assert row is not None and row.stated_score is not None
    services.set_recheck_score(plan, world.user("finance"), row.pk, Decimal(10), "按评分标准应得满分")
    move = services.publish(plan, world.user("finance"))
    published = Publication.objects.get(transition=move)
    events = timeline(plan)
    [recheck] = [e for e in events if row.name in e.title and "复核" in e.title]
    said = " ".join(recheck.details)
    assert "6" in said and "10" in said and "按评分标准应得满分" in said and "财政" in recheck.who
    publish = next(e for e in events if e.title.startswith("发布"))
    assert events.index(recheck) < events.index(publish)
    assert any(published.grade in d and f"{published.normalized:.2f}" in d for d in publish.details)
    response = login("dept").get(f"/plans/{plan.pk}/timeline.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert any("按评分标准应得满分" in str(r[4].value) for r in sheet.iter_rows(min_row=3))


def test_it_is_404_for_another_department(world: World, login: Callable[[str], Client]) -> None:
    plan_id = returned_and_fixed(world)
    for key in OUTSIDERS:
        assert login(key).get(f"/plans/{plan_id}/timeline/").status_code == 404
        assert login(key).get(f"/plans/{plan_id}/timeline.xlsx").status_code == 404
    assert Client().get(f"/plans/{plan_id}/timeline/").status_code == 302
