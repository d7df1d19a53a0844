"""The monitoring API (绩效运行监控接口): rounds, a plan's entry read and written, its levels and steps."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from jixiao.core.actuals import apply_actuals
from jixiao.core.monitoring import Level
from jixiao.documents.load import load_plans
from jixiao.web.monitoring.models import IndicatorEntry, PlanEntry, Round
from jixiao.web.monitoring.service import status_of
from jixiao.web.plans.convert import create_plan
from jixiao.web.plans.models import ChangeWay, Plan
from tests.web.api_helpers import body, token_client
from tests.web.conftest import World
from tests.web.plan_helpers import EXAMPLES
from tests.web.workflow_helpers import approved


@pytest.fixture
def round_(world: World) -> Round:
    return Round.objects.create(bureau=world.bureau, year=2023, cut_off=date(2023, 6, 30))


def _url(round_: Round, plan: Plan, tail: str = "") -> str:
    return f"/api/v1/monitoring/rounds/{round_.pk}/plans/{plan.pk}{tail}"


def _put(client: Client, round_: Round, plan: Plan, data: Any) -> Any:
    return client.put(_url(round_, plan), json.dumps(data, default=str), content_type="application/json")


def test_it_lists_the_rounds_of_the_callers_bureau(world: World, round_: Round) -> None:
    rounds = body(token_client(world.user("filler")).get("/api/v1/monitoring/rounds"))["rounds"]
    assert [(r["id"], r["cut_off"]) for r in rounds] == [(round_.pk, "2023-06-30")]
    assert rounds[0]["elapsed"] == Decimal(181) / Decimal(365)
    assert rounds[0]["thresholds"]["severe_gap"] == Decimal("0.15")
    assert body(token_client(world.user("filler")).get("/api/v1/monitoring/rounds?year=2024"))["rounds"] == []


def test_it_writes_an_entry_and_answers_its_levels(world: World, round_: Round) -> None:
    plan = approved(world)
    client = token_client(world.user("filler"))
    data = {"indicators": [{"index": 0, "to_date": 18, "expected": "90"}, {"index": 1, "to_date": "50"}]}
    answer = _put(client, round_, plan, data)
    assert answer.status_code == 200, answer.content.decode()
    got = body(answer)
    first = got["indicators"][0]
    assert (first["name"], first["to_date"], first["completion"]) == ("专项资金使用率", 18, Decimal("0.2"))
    assert first["level"] == "严重偏差" and got["level"] == "严重偏差"
    assert "指标「专项资金使用率」严重偏差，须填写偏差原因" in got["missing"]
    assert got["state"] == "monitor_filling" and got["actions"] == ["submit"]
    status = status_of(round_, plan)
    assert [s.level for s in status.indicators[:2]] == [Level.SEVERE, Level.NORMAL]
    entry = IndicatorEntry.objects.get(row__position=0)
    assert entry.history.latest("history_date").history_change_reason == ChangeWay.API.value
    # a second PUT changes only what it names
    _put(
        client, round_, plan, {"indicators": [{"index": 0, "reason": "资金下达晚", "correction": "倒排工期"}]}
    )
    again = body(client.get(_url(round_, plan)))["indicators"][0]
    assert (again["to_date"], again["reason"], again["correction"]) == (18, "资金下达晚", "倒排工期")


@pytest.mark.parametrize(
    ("data", "path", "detail"),
    [
        (
            {"indicators": [{"index": 0, "to_date": "很多"}]},
            "indicators[0].to_date",
            "指标「专项资金使用率」的累计完成值「很多」不是数值",
        ),
        ({"indicators": [{"index": 99, "to_date": 1}]}, "indicators[0].index", "应为指标序号 0–8"),
        ({"indicators": [{"index": 0, "progress": 1}]}, "indicators[0].progress", "没有这一项"),
        (
            {"indicators": [{"index": 0, "to_date": "1e400"}]},
            "indicators[0].to_date",
            "指标「专项资金使用率」的累计完成值",
        ),
        (
            {"indicators": [{"index": 0, "reason": 5}]},
            "indicators[0].reason",
            "指标「专项资金使用率」的偏差原因应为文字",
        ),
        ({"executed_to_date": 360}, "executed_to_date", "这张表没有资金信息，不能填写累计执行数"),
        ({"level": "正常"}, "level", "没有这一项"),
    ],
)
def test_it_refuses_a_value_it_cannot_use_naming_the_field(
    world: World, round_: Round, data: dict[str, Any], path: str, detail: str
) -> None:
    plan = approved(world)
    answer = _put(token_client(world.user("filler")), round_, plan, data)
    assert answer.status_code == 422
    got = body(answer)
    assert got["path"] == path and detail in got["detail"], got
    assert not PlanEntry.objects.exists() and not IndicatorEntry.objects.exists()


def _on_schedule(plan: Plan) -> list[dict[str, Any]]:
    """Every indicator at half its target (qualitative ones 按进度)."""
    rows = plan.indicator_rows.order_by("position")
    return [
        {"index": n, "to_date": r.target_number / 2 if r.target_number is not None else "按进度"}
        for n, r in enumerate(rows)
    ]


def test_it_takes_the_steps_of_the_flow(world: World, round_: Round) -> None:
    plan = approved(world)
    filler = token_client(world.user("filler"))
    _put(filler, round_, plan, {"indicators": [*_on_schedule(plan), {"index": 0, "to_date": 18}]})
    refused = filler.post(
        _url(round_, plan, "/transitions"), {"action": "submit"}, content_type="application/json"
    )
    assert refused.status_code == 422 and "须填写纠偏措施" in body(refused)["detail"]
    _put(
        filler, round_, plan, {"indicators": [{"index": 0, "reason": "资金下达晚", "correction": "倒排工期"}]}
    )
    done = filler.post(
        _url(round_, plan, "/transitions"), {"action": "submit"}, content_type="application/json"
    )
    assert done.status_code == 200 and body(done)["state"] == "monitor_unit_review"
    locked = _put(filler, round_, plan, {"indicators": [{"index": 0, "to_date": 80}]})
    assert locked.status_code == 403 and "已锁定" in body(locked)["detail"]
    head = token_client(world.user("head"))
    stale = head.post(
        _url(round_, plan, "/transitions"),
        {"action": "approve", "expected": "monitor_filling"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    wrong = head.post(
        _url(round_, plan, "/transitions"), {"action": "publish!"}, content_type="application/json"
    )
    assert wrong.status_code == 422 and body(wrong)["path"] == "action"
    ok = head.post(_url(round_, plan, "/transitions"), {"action": "approve"}, content_type="application/json")
    assert body(ok)["state"] == "monitor_department_review"


def test_it_keeps_outsiders_out(world: World, round_: Round) -> None:
    plan = approved(world)
    for key in ("other_filler", "other_dept"):
        client = token_client(world.user(key))
        assert client.get(_url(round_, plan)).status_code == 404
        assert _put(client, round_, plan, {"indicators": [{"index": 0, "to_date": 1}]}).status_code == 404
    for key in ("head", "dept", "finance"):
        assert _put(token_client(world.user(key)), round_, plan, {}).status_code == 403
    assert not PlanEntry.objects.exists()


@pytest.mark.parametrize("executed", [-5, "360"])
def test_it_refuses_funds_executed_that_are_no_amount(world: World, round_: Round, executed: Any) -> None:
    filled = apply_actuals(
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt"),
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"),
    )
    plan = create_plan(filled[1], world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)  # 1200 万元
    answer = _put(token_client(world.user("filler")), round_, plan, {"executed_to_date": executed})
    assert answer.status_code == 422
    got = body(answer)
    assert got["path"] == "executed_to_date" and "累计执行数" in got["detail"], got
    assert "没有资金信息" not in got["detail"], got
    assert not PlanEntry.objects.exists()
