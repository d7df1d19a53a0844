"""The to-do page (待办): what waits for each person, with deadlines; overdue items stand out; the
finance bureau exports the late units."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from jixiao.core.workflow import State
from jixiao.web.plans.models import Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.models import Deadline, PlanFlow
from jixiao.web.workflow.todo import todo
from tests.web.api_helpers import token_client
from tests.web.conftest import World
from tests.web.step_helpers import page_tree
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


def test_the_home_page_lists_what_waits_with_counts_and_deadlines(
    world: World, login: Callable[[str], Client]
) -> None:
    """Issue 8: each person's home page lists what waits for them, with counts and deadlines; overdue
    items stand out. The head, who has nothing waiting, is told so."""
    early = stored(world, year=2023)
    stored(world, year=2024)
    today = timezone.localdate()
    services.set_deadline(world.user("finance"), 2023, State.DRAFT, today - timedelta(days=3))
    home = page_tree(login("filler").get("/"))
    [card] = home.xpath('//section[@id="home-todo"]')
    text = " ".join(card.text_content().split())
    assert "共 2 项待办" in text and "1 项已逾期" in text and "草稿 2" in text
    [late] = card.xpath('.//tr[@class="overdue"]')
    assert f"/plans/{early.pk}/" in late.xpath(".//a/@href") and (today - timedelta(days=3)).isoformat() in (
        late.text_content()
    )
    nothing = " ".join(
        page_tree(login("head").get("/")).xpath('//section[@id="home-todo"]')[0].text_content().split()
    )
    assert "没有等待您办理的事项" in nothing


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
    # the to-do page offers the export of each year with a deadline, whatever today's year
    services.set_deadline(world.user("finance"), 2021, State.DRAFT, today + timedelta(days=3))
    links = re.findall(r'href="/todo/late-(\d+)\.xlsx"', login("finance").get("/todo/").content.decode())
    assert links == ["2023", "2021"]


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


def _many_waiting(world: World, per_cell: int) -> list[Plan]:
    """Plans of both units over three years in the states that wait for the filler (never submitted,
    returned to 草稿, 自评填报) and for the finance reviewer (财政审核, 财政复核), ``per_cell`` of each."""
    states = [None, State.DRAFT, State.EVAL_FILLING, State.FINANCE_REVIEW, State.EVAL_FINANCE_REVIEW]
    made = []
    for unit in (world.other_unit, world.unit):
        for year in (2022, 2023, 2024):
            for state in states:
                for n in range(per_cell):
                    plan = Plan.objects.create(unit=unit, year=year, kind="project", title=f"{year}-{n}")
                    if state is not None:
                        returned = State.DEPARTMENT_REVIEW.value if state is State.DRAFT else ""
                        PlanFlow.objects.create(plan=plan, state=state.value, returned_from=returned)
                    made.append(plan)
    return made


def _by_the_rule(plans: list[Plan], states: set[State], today: date) -> list[tuple[int, str, bool]]:
    """(plan, state, overdue) of the plans waiting in ``states``: overdue first, then by deadline (none
    last), the latest year, unit, plan."""
    dues = {(d.year, d.state): d.due for d in Deadline.objects.all()}
    rows = []
    for plan in plans:
        row = PlanFlow.objects.filter(plan=plan).first()
        state = State(row.state) if row else State.DRAFT
        if state in states:
            due = dues.get((plan.year, state.value))
            overdue = due is not None and due < today
            rows.append(((not overdue, due or date.max, -plan.year, plan.unit_id, plan.pk), state, overdue))
    rows.sort(key=lambda r: r[0])
    return [(key[-1], state.value, overdue) for key, state, overdue in rows]


def test_the_most_urgent_are_chosen_by_the_rule_among_more_than_the_page_shows(
    world: World, login: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.web.workflow import views

    monkeypatch.setattr(views, "TODO_SHOWN", 25)
    plans = _many_waiting(world, 6)  # 6 × 5 states × 3 years × 2 units: 72 wait for finance
    today = timezone.localdate()
    finance = world.user("finance")
    for year, state, days in [
        (2024, State.FINANCE_REVIEW, -2),  # overdue, the latest year first among the same deadline
        (2023, State.FINANCE_REVIEW, -2),
        (2022, State.EVAL_FINANCE_REVIEW, -9),  # overdue the longest
        (2023, State.EVAL_FINANCE_REVIEW, 5),
        (2024, State.EVAL_FINANCE_REVIEW, 40),
        (2022, State.DRAFT, 1),
        (2024, State.EVAL_FILLING, -1),
    ]:  # the other (year, state) pairs have no deadline: last
        services.set_deadline(finance, year, state, today + timedelta(days=days))

    expected = _by_the_rule(plans, {State.FINANCE_REVIEW, State.EVAL_FINANCE_REVIEW}, today)
    assert len(expected) == 72
    page = login("finance").get("/todo/").content.decode()
    shown = [int(pk) for pk in re.findall(r'<a href="/plans/(\d+)/">', page)]
    assert shown == [pk for pk, _, _ in expected[:25]]
    assert "共 <b>72</b> 项待办" in page and '其中 <b class="overdue">36 项已逾期</b>' in page
    assert page.index("财政复核 36") < page.index("财政审核 36")  # the state of the first item first
    assert "共 72 项，下面按逾期和截止日期列出最急的 25 项" in page

    listed = token_client(finance).get("/api/v1/todo").json()
    assert [(i["plan"], i["state"], i["overdue"]) for i in listed["items"]] == expected
    assert listed["count"] == 72 and listed["overdue"] == 36
    assert list(listed["counts"].items()) == [("财政复核", 36), ("财政审核", 36)]

    filler = todo(world.user("filler"), today, 10)
    mine = _by_the_rule(
        [p for p in plans if p.unit_id == world.unit.pk], {State.DRAFT, State.EVAL_FILLING}, today
    )
    assert [(i.plan.pk, i.state.value, i.overdue) for i in filler.items] == mine[:10]
    assert filler.total == len(mine) == 54 and filler.overdue == 6
    assert list(filler.counts.items()) == [("自评填报", 18), ("草稿", 36)]
    returned = PlanFlow.objects.filter(plan__unit=world.unit, returned_from=State.DEPARTMENT_REVIEW.value)
    everything = todo(world.user("filler"), today)  # every item read: counted without the database
    assert list(everything.counts.items()) == list(filler.counts.items()) and everything.overdue == 6
    assert [(i.plan.pk, i.state.value, i.overdue) for i in everything.items] == mine
    assert {i.plan.pk for i in everything.items if i.returned} == set(
        returned.values_list("plan_id", flat=True)
    )


def test_a_person_with_two_roles_gets_each_item_in_the_role_it_waits_for(world: World) -> None:
    from jixiao.web.accounts.models import Membership, Role

    draft = stored(world)
    waiting = stored(world)
    services.submit(waiting, world.user("filler"), explanations(waiting))
    Membership.objects.create(user=world.user("filler"), organisation=world.unit, role=Role.UNIT_HEAD)
    filler = type(world.user("filler")).objects.get(pk=world.user("filler").pk)  # memberships read afresh
    mine = todo(filler, date(2024, 1, 10))
    assert {(i.plan.pk, i.role.value) for i in mine.items} == {
        (draft.pk, "unit_filler"),
        (waiting.pk, "unit_head"),
    }
    assert mine.total == 2 and mine.counts == {"草稿": 1, State.UNIT_REVIEW.label: 1}
    assert [i.plan.pk for i in mine.items] == [draft.pk, waiting.pk]  # no deadline: by plan
