"""Two people taking the same step at the same moment (并发): one is served, the other is refused by
the rules with a message naming who acted; exactly one transition is recorded."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from jixiao.core.errors import WorkflowError
from jixiao.core.workflow import State
from jixiao.web.workflow import services
from jixiao.web.workflow.models import Transition
from tests.web.conftest import World
from tests.web.workflow_helpers import submitted


def _in_memory_sqlite() -> bool:
    db = connections["default"]
    return db.vendor == "sqlite" and db.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_it_serves_one_of_two_simultaneous_approvals(world: World) -> None:
    if _in_memory_sqlite():
        # threads on Django's shared-cache in-memory test database get "table is locked" instead of
        # waiting; the served database (a file with BEGIN IMMEDIATE, or PostgreSQL) queues them.
        pytest.skip("needs a database file or PostgreSQL (JIXIAO_DATABASE_URL)")
    plan = submitted(world)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act() -> None:
        try:
            start.wait()
            services.approve(plan, world.user("head"), expected=State.UNIT_REVIEW)
            outcomes.append("approved")
        except WorkflowError as refused:
            outcomes.append(refused.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=len)[0] == "approved"
    assert "head于" in sorted(outcomes, key=len)[1] and "请刷新" in sorted(outcomes, key=len)[1]
    assert Transition.objects.filter(plan=plan, action="approve").count() == 1
