"""The deadlines page (截止时间): the finance bureau sets a date per year and stage, every change kept;
what is overdue stands out in the to-do list of the people it waits for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from jixiao.web.workflow.models import Deadline
from tests.web.conftest import PEOPLE, World
from tests.web.workflow_helpers import submitted


def test_it_sets_a_deadline_and_the_waiting_plan_turns_overdue(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = submitted(world)  # 单位负责人审核, waiting for "head"
    finance = login("finance")
    yesterday = timezone.localdate() - timedelta(days=1)
    saved = finance.post(
        "/deadlines/", {"year": "2023", "state": "unit_review", "due": yesterday.isoformat()}
    )
    assert saved.status_code == 302
    page = finance.get("/deadlines/").content.decode()
    assert f"已设置 2023 年「单位负责人审核」的截止日期：{yesterday:%Y-%m-%d}" in page
    assert "目标申报 · 单位负责人审核" in page
    todo = login("head").get("/todo/").content.decode()
    assert '<tr class="overdue">' in todo and "1 项已逾期" in todo and f"/plans/{plan.pk}/" in todo
    later = yesterday + timedelta(days=30)
    finance.post("/deadlines/", {"year": "2023", "state": "unit_review", "due": later.isoformat()})
    deadline = Deadline.objects.get()
    assert deadline.due == later and deadline.history.count() == 2
    assert "已逾期" not in login("head").get("/todo/").content.decode()


def test_it_refuses_a_wrong_date_or_stage_saving_nothing(
    world: World, login: Callable[[str], Client]
) -> None:
    finance = login("finance")
    bad_date = finance.post("/deadlines/", {"year": "2023", "state": "draft", "due": "三月底"})
    assert bad_date.status_code == 422 and "截止日期「三月底」不是日期" in bad_date.content.decode()
    no_wait = finance.post("/deadlines/", {"year": "2023", "state": "approved", "due": "2023-03-31"})
    assert no_wait.status_code == 422 and "「已批复」不等待任何人办理" in no_wait.content.decode()
    assert Deadline.objects.count() == 0
    for key in (k for k in PEOPLE if k != "finance"):
        assert login(key).get("/deadlines/").status_code == 403
        denied = login(key).post("/deadlines/", {"year": "2023", "state": "draft", "due": "2023-03-31"})
        assert denied.status_code == 403
    assert Deadline.objects.count() == 0
