"""The workflow in the API: ``POST /api/v1/plans/{id}/transitions`` takes the same steps as the pages
(services), with the same Chinese reasons (409 state, 403 role, 422 reason/explanations naming the
field); the timeline, versions, differences between versions and the to-do list read back as JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.test import Client

from jixiao.web.plans.models import IndicatorRow, Plan
from jixiao.web.workflow.models import Transition
from tests.web.api_helpers import token_client
from tests.web.conftest import World
from tests.web.workflow_helpers import explanations, stored


def _move(client: Client, plan: Plan, **body: Any) -> Any:
    return client.post(f"/api/v1/plans/{plan.pk}/transitions", body, content_type="application/json")


def _explained(plan: Plan) -> list[dict[str, Any]]:
    return [{"finding": e.code, "indicator": e.indicator, "text": e.text} for e in explanations(plan)]


def test_it_takes_a_plan_up_the_chain_with_the_pages_reasons(world: World) -> None:
    plan = stored(world)
    filler, head = token_client(world.user("filler")), token_client(world.user("head"))
    blocked = _move(filler, plan, action="submit")
    assert blocked.status_code == 422 and blocked.json()["path"] == "explanations"
    assert blocked.json()["unexplained"] and blocked.json()["detail"].startswith("不能提交。")
    early = _move(head, plan, action="approve")
    assert early.status_code == 409 and early.json()["detail"].startswith("这张表处于「草稿」，不能审核通过")
    assert Transition.objects.filter(plan=plan).count() == 0

    from_answer = [  # what a client explains, read from the refusal alone
        {"finding": u["code"], "indicator": u["indicator_id"], "text": "已核实"}
        for u in blocked.json()["unexplained"]
    ]
    assert all(u["indicator_id"] is not None for u in blocked.json()["unexplained"] if u["indicator"])
    sent = _move(filler, plan, action="submit", explanations=from_answer, expected="draft")
    assert sent.status_code == 201 and (sent.json()["from"], sent.json()["to"]) == ("draft", "unit_review")
    not_mine = _move(filler, plan, action="approve")
    assert not_mine.status_code == 403 and "单位负责人" in not_mine.json()["detail"]
    no_reason = _move(head, plan, action="return", reason=" ")
    assert no_reason.status_code == 422 and no_reason.json()["path"] == "reason"
    row = IndicatorRow.objects.filter(plan=plan).first()
    assert row is not None
    back = _move(
        head, plan, action="return", reason="请核实", comments=[{"indicator": row.pk, "text": "指标值偏低"}]
    )
    assert back.status_code == 201 and back.json()["to"] == "draft"
    stale = _move(head, plan, action="approve", expected="unit_review")
    assert (
        stale.status_code == 409 and "head" in stale.json()["detail"] and "请刷新" in stale.json()["detail"]
    )
    shown = filler.get(f"/api/v1/plans/{plan.pk}").json()
    assert (shown["state"], shown["version"]) == ("draft", 1)
    timeline = filler.get(f"/api/v1/plans/{plan.pk}/timeline").json()
    steps = [e for e in timeline["events"] if e["kind"] == "流程"]
    assert len(steps) == 2 and any("指标值偏低" in d for d in steps[1]["details"])
    assert token_client(world.user("other_dept")).get(f"/api/v1/plans/{plan.pk}/timeline").status_code == 404


def test_it_names_a_wrong_action_or_a_missing_field(world: World) -> None:
    plan = stored(world)
    filler = token_client(world.user("filler"))
    wrong = _move(filler, plan, action="approve-all")
    assert (
        wrong.status_code == 422 and wrong.json()["path"] == "action" and "submit" in wrong.json()["detail"]
    )
    missing = filler.post(
        f"/api/v1/plans/{plan.pk}/transitions",
        {"action": "submit", "explanations": [{"finding": "x"}]},
        content_type="application/json",
    )
    assert missing.status_code == 422 and missing.json()["path"] == "explanations[0].text"
    assert Transition.objects.count() == 0


def test_it_lists_versions_and_their_differences_after_an_adjustment(world: World) -> None:
    plan = stored(world)
    people = {k: token_client(world.user(k)) for k in ("filler", "head", "dept", "finance")}
    assert _move(people["filler"], plan, action="submit", explanations=_explained(plan)).status_code == 201
    for key in ("head", "dept", "finance"):
        assert _move(people[key], plan, action="approve").status_code == 201
    adjusted = _move(people["filler"], plan, action="adjust", reason="年中追加预算")
    assert adjusted.status_code == 201 and adjusted.json()["version"] == 2
    row = IndicatorRow.objects.filter(plan=plan).order_by("position").first()
    assert row is not None
    cell = Client()
    cell.force_login(world.user("filler"))
    plan.refresh_from_db()
    saved = cell.post(
        f"/plans/{plan.pk}/rows/0/", {"field": "weight", "value": "9", "revision": plan.revision}
    )
    assert saved.status_code == 200
    versions = people["dept"].get(f"/api/v1/plans/{plan.pk}/versions").json()
    assert [v["number"] for v in versions["versions"]] == [1, 2]
    first = versions["versions"][0]  # begun by the unit's declaration, as the versions page says
    filler = world.user("filler")
    assert first["started_by"] == (filler.get_full_name() or filler.username)
    assert datetime.fromisoformat(first["started_at"]) == plan.created_at
    assert first["started_at"] < first["approved_at"]
    assert (
        versions["versions"][1]["reason"] == "年中追加预算" and versions["versions"][1]["approved_at"] is None
    )
    diff = people["dept"].get(f"/api/v1/plans/{plan.pk}/diff?from=1&to=2").json()
    [change] = diff["changed"]
    assert change["name"] == row.name and change["changes"][0]["field"] == "weight"
    assert change["changes"][0]["new"] == 9 and diff["lines"] == [
        f"指标「{row.name}」分值：{change['changes'][0]['old']} → 9"
    ]
    same = people["dept"].get(f"/api/v1/plans/{plan.pk}/diff?old=1&new=2").json()
    assert same["lines"] == diff["lines"]
    assert people["dept"].get(f"/api/v1/plans/{plan.pk}/diff?from=1").json()["path"] == "to"
    missing = people["dept"].get(f"/api/v1/plans/{plan.pk}/diff?from=1&to=7")
    assert missing.status_code == 404 and missing.json()["path"] == "to"  # version 1 exists, 7 does not
    assert "没有第7版，这张表有第1至第2版" in missing.json()["detail"]


def test_it_lists_what_waits_for_the_caller(world: World) -> None:
    plan = stored(world)
    filler = token_client(world.user("filler"))
    assert filler.get("/api/v1/todo").json()["items"][0]["plan"] == plan.pk
    _move(filler, plan, action="submit", explanations=_explained(plan))
    assert filler.get("/api/v1/todo").json()["count"] == 0
    waiting = token_client(world.user("head")).get("/api/v1/todo").json()
    assert [(i["plan"], i["state"], i["role_label"]) for i in waiting["items"]] == [
        (plan.pk, "unit_review", "单位负责人")
    ]
    assert token_client(world.user("other_head")).get("/api/v1/todo").json()["count"] == 0


def test_a_body_that_is_not_json_is_refused_in_chinese_naming_where(world: World) -> None:
    """A client that sends broken JSON to a step (a typed body, read by ninja) is told in Chinese where
    the JSON breaks, as ``PUT /plans/{id}`` tells it; nothing is recorded."""
    plan = stored(world)
    filler = token_client(world.user("filler"))
    for body, where in (('{"action": "submit",', "第 1 行"), (b'{"action": "\xff"}', "UTF-8")):
        answer = filler.post(f"/api/v1/plans/{plan.pk}/transitions", body, content_type="application/json")
        assert answer.status_code == 400, answer.content
        assert answer.json()["code"] == "json-invalid" and where in answer.json()["detail"]
        assert "Cannot" not in answer.json()["detail"]
    assert Transition.objects.count() == 0
