"""The monitoring entry's workflow buttons (监控填报流程: 提交 / 审核通过 / 退回) on the entry page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from jixiao.core.workflow import State
from jixiao.web.monitoring.models import EntryFlow, EntryStep, Round
from jixiao.web.monitoring.steps import entry_state
from jixiao.web.plans.models import Plan
from jixiao.web.workflow.models import Notification, Transition
from tests.web.conftest import World
from tests.web.workflow_helpers import OUTSIDERS, approved, stored


@pytest.fixture
def round_(world: World) -> Round:
    return Round.objects.create(bureau=world.bureau, year=2023, cut_off=date(2023, 6, 30))


def _url(round_: Round, plan: Plan, what: str = "") -> str:
    return f"/monitoring/{round_.pk}/plans/{plan.pk}/{what}"


def _enter(
    client: Client, round_: Round, plan: Plan, first: str, reason: str = "", correction: str = ""
) -> None:
    """The first indicator at the share ``first`` of its target, every other quantitative one at half
    its target, qualitative ones 按进度 (6月30日 is 49.59% of the year)."""
    rows = list(plan.indicator_rows.order_by("position"))
    form = {"reason-0": reason, "correction-0": correction}
    for n, row in enumerate(rows):
        share = Decimal(first) if n == 0 else Decimal("0.5")
        number = row.target_number
        form[f"to_date-{n}"] = str(number * share) if number is not None else "按进度"
    response = client.post(_url(round_, plan), form)
    assert response.status_code == 302, response.content.decode()[:2000]


def _step(client: Client, round_: Round, plan: Plan, action: str, reason: str = "") -> tuple[int, str]:
    state = entry_state(round_, plan).value
    response = client.post(
        _url(round_, plan, "step/"), {"action": action, "expected": state, "reason": reason}, follow=True
    )
    return response.status_code, response.content.decode()


def test_it_refuses_to_submit_a_deviation_without_reason_and_corrective_action(
    world: World, round_: Round, login: Callable[[str], Client]
) -> None:
    plan = approved(world)
    filler = login("filler")
    _enter(filler, round_, plan, "0.2")  # 20% at 6月30日: 严重偏差
    name = plan.indicator_rows.order_by("position").first().name  # type: ignore[union-attr]
    status, page = _step(filler, round_, plan, "submit")
    assert status == 422
    assert f"指标「{name}」严重偏差，须填写偏差原因" in page and "须填写纠偏措施" in page
    assert entry_state(round_, plan) is State.MONITOR_FILLING
    assert not Transition.objects.filter(plan=plan, to_state__startswith="monitor").exists()
    # the refused page is shown at the step's address: its form still saves to the entry
    assert f'<form method="post" action="{_url(round_, plan)}">' in page


def test_it_takes_the_entry_from_the_unit_to_the_finance_bureau_in_the_plans_timeline(
    world: World, round_: Round, login: Callable[[str], Client]
) -> None:
    plan = approved(world)
    filler = login("filler")
    _enter(filler, round_, plan, "0.2", reason="资金下达晚", correction="倒排工期，三季度完成认定")
    status, page = _step(filler, round_, plan, "submit")
    assert status == 200 and "已提交：现在处于「监控单位负责人审核」" in page
    assert filler.post(_url(round_, plan), {"to_date-0": "80"}).status_code == 403  # locked under review
    listed = login("head").get("/monitoring/").content.decode()
    assert '监控单位负责人审核 <b class="todo">待您办理</b>' in listed
    assert "待您办理" not in login("dept").get("/monitoring/").content.decode()
    for key, now in (("head", "监控主管部门审核"), ("dept", "监控财政审核"), ("finance", "监控已审核")):
        status, page = _step(login(key), round_, plan, "approve")
        assert status == 200 and f"现在处于「{now}」" in page, key
    assert entry_state(round_, plan) is State.MONITOR_ACCEPTED
    assert EntryStep.objects.filter(round=round_).count() == 4
    timeline = login("dept").get(f"/plans/{plan.pk}/timeline/").content.decode()
    assert "提交：监控填报 → 监控单位负责人审核" in timeline
    assert "审核通过：监控财政审核 → 监控已审核" in timeline
    plan.refresh_from_db()
    assert plan.flow.state == State.APPROVED  # the plan's own state is untouched
    told = Notification.objects.filter(user=world.user("filler")).values_list("text", flat=True)
    assert any(t.endswith("监控已审核") for t in told)
    assert any(
        "待您办理：监控单位负责人审核" in t
        for t in Notification.objects.filter(user=world.user("head")).values_list("text", flat=True)
    )


def test_it_returns_the_entry_with_a_reason_and_opens_it_again(
    world: World, round_: Round, login: Callable[[str], Client]
) -> None:
    plan = approved(world)
    filler = login("filler")
    _enter(filler, round_, plan, "0.5")
    _step(filler, round_, plan, "submit")
    head = login("head")
    status, page = _step(head, round_, plan, "return")
    assert status == 422 and "退回必须写明原因" in page
    status, page = _step(head, round_, plan, "return", "累计完成值请附认定文件")
    assert status == 200 and entry_state(round_, plan) is State.MONITOR_FILLING
    assert EntryFlow.objects.get().returned_from == State.MONITOR_UNIT_REVIEW
    assert "累计完成值请附认定文件" in login("filler").get(f"/plans/{plan.pk}/timeline/").content.decode()
    _enter(filler, round_, plan, "0.55")
    assert _step(filler, round_, plan, "submit")[0] == 200


def test_it_lets_each_person_only_their_own_step(
    world: World, round_: Round, login: Callable[[str], Client]
) -> None:
    plan = approved(world)
    _enter(login("filler"), round_, plan, "0.5")
    for key in ("head", "dept", "finance", "admin"):
        assert _step(login(key), round_, plan, "submit")[0] == 403, key
    for key in OUTSIDERS:
        assert _step(login(key), round_, plan, "submit")[0] == 404, key
    assert entry_state(round_, plan) is State.MONITOR_FILLING
    page = login("head").get(_url(round_, plan)).content.decode()
    assert "现在没有等待您办理的步骤" in page


def test_it_refuses_a_plan_whose_targets_are_not_approved(
    world: World, round_: Round, login: Callable[[str], Client]
) -> None:
    plan = stored(world)
    filler = login("filler")
    _enter(filler, round_, plan, "0.5")
    status, page = _step(filler, round_, plan, "submit")
    assert status == 409 and "尚未批复" in page
    assert not EntryFlow.objects.filter(state=State.MONITOR_UNIT_REVIEW).exists()


def test_it_refuses_a_step_on_a_state_the_person_no_longer_sees(
    world: World, round_: Round, login: Callable[[str], Client]
) -> None:
    plan = approved(world)
    filler = login("filler")
    _enter(filler, round_, plan, "0.5")
    _step(filler, round_, plan, "submit")
    response = login("head").post(
        _url(round_, plan, "step/"), {"action": "approve", "expected": "monitor_filling"}
    )
    assert response.status_code == 409 and "请刷新后再操作" in response.content.decode()
