"""Two people acting on the same plan at the same moment (并发), in truly concurrent threads on a
database as it is served: SQLite as a file (WAL, ``BEGIN IMMEDIATE``, a busy timeout — the settings of
``jixiao serve``) and, in the PostgreSQL stage of ``make test``, PostgreSQL.

- Two saves of the same revision (a cell typed on the page, the whole plan replaced through the API):
  one is served, the other is refused (409) with a message naming who saved first; nothing of the
  refused save is stored, and the history holds the served one once.
- A save and a submission: either the save comes first and the submission carries the saved value, or
  the submission comes first and the save is refused because the plan is now locked — never a value
  changed under review.
- Two approvals of the same step: one is served, the other is refused naming who acted.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client

from jixiao.core.errors import WorkflowError
from jixiao.core.workflow import State
from jixiao.web.accounts import permissions
from jixiao.web.accounts.models import Membership, Role
from jixiao.web.plans.models import IndicatorRow, Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.models import Transition
from tests.web.api_helpers import token_client
from tests.web.conftest import World
from tests.web.workflow_helpers import explanations, stored, submitted

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3
SECOND_FILLER = "王芳"


@pytest.fixture
def served(world: World, tmp_path: Path) -> Iterator[World]:
    """The test world on a database as served. Django's SQLite test database lives in memory, where
    threads get "table is locked" at once instead of queueing; so it is copied into a file with the
    sqlite3 backup API and every thread, this one included, works on the file until the test ends.
    PostgreSQL is used as it is."""
    memory = connections["default"]
    if memory.vendor != "sqlite" or not memory.is_in_memory_db():
        yield world
        return
    memory.ensure_connection()
    path = tmp_path / "jixiao.sqlite3"
    target = sqlite3.connect(path)
    memory.connection.backup(target)
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    connections["default"] = connections.create_connection("default")
    try:
        assert not connections["default"].is_in_memory_db()
        yield world
    finally:
        connections["default"].close()
        connections["default"] = memory
        connections.settings["default"] = original


def at_once(*actions: Callable[[], Any]) -> list[Any]:
    """Run ``actions`` in threads released together by a barrier; their results (or exceptions) in
    order. Each thread closes its own database connection."""
    start = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(i: int) -> None:
        try:
            start.wait()
            results[i] = actions[i]()
        except Exception as exc:  # the outcome, refusal or not, is what the test checks
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def second_filler(world: World) -> User:
    user = User.objects.create_user("filler2", first_name=SECOND_FILLER)
    Membership.objects.create(user=user, organisation=world.unit, role=Role.UNIT_FILLER)
    return user


def refusal_on_page(sheet: str) -> str:
    """The message a refused save shows above the sheet."""
    found = re.search(r'id="sheet-message">([^<]*)<', sheet)
    assert found, sheet[:500]
    return found.group(1)


def explanation_of(plan: Plan, index: int) -> str:
    return IndicatorRow.objects.filter(plan=plan).order_by("position")[index].explanation


def test_it_serves_one_of_two_saves_of_the_same_revision_and_names_the_first(served: World) -> None:
    world = served
    plan = stored(world)
    page = Client()
    page.force_login(world.user("filler"))
    api = token_client(second_filler(world))
    for n in range(ROUNDS):
        plan.refresh_from_db()
        seen = plan.revision
        typed, replaced = f"页面填写的解释{n}", f"接口提交的解释{n}"
        body = json.loads(api.get(f"/api/v1/plans/{plan.pk}").content)
        body["indicators"][0]["explanation"] = replaced

        def save_on_page(seen: int = seen, typed: str = typed) -> Any:
            return page.post(
                f"/plans/{plan.pk}/rows/0/",
                {"field": "explanation", "value": typed, "revision": seen},
                HTTP_HX_REQUEST="true",
            )

        def save_through_api(body: dict[str, Any] = body) -> Any:
            return api.put(f"/api/v1/plans/{plan.pk}", json.dumps(body), content_type="application/json")

        on_page, through_api = at_once(save_on_page, save_through_api)
        codes = sorted([on_page.status_code, through_api.status_code])
        assert codes == [200, 409], (on_page.content.decode()[:300], through_api.content.decode()[:300])
        plan.refresh_from_db()
        assert plan.revision == seen + 1  # one save, not two
        stored_value = explanation_of(plan, 0)
        if on_page.status_code == 200:
            assert stored_value == typed
            refusal = json.loads(through_api.content)["detail"]
            assert "filler" in refusal and "本次修改未保存" in refusal
        else:
            assert stored_value == replaced
            refusal = refusal_on_page(on_page.content.decode())
            assert SECOND_FILLER in refusal and "本次修改未保存" in refusal
        lost = replaced if on_page.status_code == 200 else typed
        row = IndicatorRow.objects.filter(plan=plan).order_by("position")[0]
        kept = [h.explanation for h in row.history.all()]
        assert kept.count(stored_value) == 1 and lost not in kept  # the history holds the served save once


def test_it_never_saves_a_value_into_a_plan_submitted_meanwhile(served: World) -> None:
    world = served
    plan = stored(world)
    page = Client()
    page.force_login(world.user("filler"))
    for n in range(ROUNDS):
        plan.refresh_from_db()
        typed = f"提交时填写的解释{n}"
        given = explanations(plan)

        def save(seen: int = plan.revision, typed: str = typed) -> Any:
            return page.post(
                f"/plans/{plan.pk}/rows/0/",
                {"field": "explanation", "value": typed, "revision": seen},
                HTTP_HX_REQUEST="true",
            )

        def submit(given: list[services.ExplanationInput] = given) -> Transition:
            return services.submit(plan, world.user("filler"), given, expected=State.DRAFT)

        saved, move = at_once(save, submit)
        assert isinstance(move, Transition), move
        assert permissions.plan_state(plan) is State.UNIT_REVIEW
        submitted_value = move.snapshot["indicators"][0].get("explanation")
        if saved.status_code == 200:  # the save was served first: the submission carries it
            assert submitted_value == typed == explanation_of(plan, 0)
        else:  # the submission was served first: the save is refused, nothing changed under review
            assert saved.status_code == 403, saved.content.decode()[:300]
            assert explanation_of(plan, 0) == submitted_value != typed
        services.return_plan(plan, world.user("head"), "再核对一次", expected=State.UNIT_REVIEW)


def test_it_serves_one_of_two_simultaneous_approvals(served: World) -> None:
    world = served
    plan = submitted(world)

    def approve() -> str:
        services.approve(plan, world.user("head"), expected=State.UNIT_REVIEW)
        return "approved"

    outcomes = at_once(approve, approve)
    assert "approved" in outcomes
    (refused,) = [o for o in outcomes if o != "approved"]
    assert isinstance(refused, WorkflowError), refused
    assert "head于" in refused.message and "请刷新" in refused.message
    assert Transition.objects.filter(plan=plan, action="approve").count() == 1
