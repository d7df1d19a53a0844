"""The to-do page (待办): what waits for each person, with deadlines; overdue items stand out; the
finance bureau exports the late units."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from jixiao.core.workflow import State
from jixiao.web.workflow import services
from jixiao.web.workflow.todo import todo
from tests.web.conftest import World
from tests.web.workflow_helpers import explanations, stored


def test_it_lists_for_each_person_what_waits_for_them(world: World) -> None:
    draft = stored(world)
    waiting = stored(world)
    services.submit(waiting, world.user("filler"), explanations(waiting))
    other = stored(world, unit="other_unit")
    today = date(2024, 1, 10)
    assert [i.plan.pk for i in todo(world.user("filler"), today).items] == [draft.pk]
    assert [i.plan.pk for i in todo(world.user("head"), today).items] == [waiting.pk]
    assert todo(world.user("dept"), today).items == []
    assert [i.plan.pk for i in todo(world.user("other_filler"), today).items] == [other.pk]
    services.approve(waiting, world.user("head"))
    [item] = todo(world.user("dept"), today).items
    assert item.state is State.DEPARTMENT_REVIEW and todo(world.user("other_dept"), today).items == []
    services.return_plan(waiting, world.user("dept"), "请修改")
    mine = todo(world.user("filler"), today)
    assert {i.plan.pk for i in mine.items} == {draft.pk, waiting.pk}
    assert [i.returned for i in mine.items if i.plan.pk == waiting.pk] == [True]
    assert mine.counts == {"草稿": 2}


def test_it_marks_overdue_items_and_puts_them_first(world: World, login: Callable[[str], Client]) -> None:
    early = stored(world, year=2023)
    stored(world, year=2024)
    today = timezone.localdate()
    services.set_deadline(world.user("finance"), 2023, State.DRAFT, today - timedelta(days=3))
    services.set_deadline(world.user("finance"), 2024, State.DRAFT, today + timedelta(days=30))
    mine = todo(world.user("filler"), today)
    assert [(i.plan.pk, i.overdue) for i in mine.items] == [(early.pk, True), (mine.items[1].plan.pk, False)]
    assert mine.overdue == 1
    page = login("filler").get("/todo/").content.decode()
    assert "1 项已逾期" in page and 'class="overdue"' in page and "已逾期" in page


def test_it_exports_the_late_units_for_the_finance_bureau(
    world: World, login: Callable[[str], Client]
) -> None:
    stored(world, year=2023)
    stored(world, unit="other_unit", year=2023)
    today = timezone.localdate()
    services.set_deadline(world.user("finance"), 2023, State.DRAFT, today - timedelta(days=3))
    response = login("finance").get("/todo/late-2023.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert sorted(r[0] for r in rows) == ["株洲市工业和信息化局 / 机关", "株洲市教育局 / 机关"]
    assert {r[5] for r in rows} == {3}
    for key in ("filler", "head", "dept", "other_dept"):
        assert login(key).get("/todo/late-2023.xlsx").status_code == 403


def test_the_page_lists_the_most_urgent_and_counts_the_rest(
    world: World, login: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.web.workflow import views

    monkeypatch.setattr(views, "TODO_SHOWN", 2)
    early = stored(world, year=2023)
    later = [stored(world, year=2024) for _ in range(2)]
    today = timezone.localdate()
    services.set_deadline(world.user("finance"), 2023, State.DRAFT, today - timedelta(days=3))
    page = login("filler").get("/todo/").content.decode()
    assert "共 <b>3</b> 项待办" in page and "共 3 项，下面按逾期和截止日期列出最急的 2 项" in page
    assert f'href="/plans/{early.pk}/"' in page  # overdue: listed
    assert sum(f'href="/plans/{p.pk}/"' in page for p in later) == 1
    assert 'href="/plans/review/"' in page
    monkeypatch.setattr(views, "TODO_SHOWN", 200)
    assert 'id="todo-more"' not in login("filler").get("/todo/").content.decode()
