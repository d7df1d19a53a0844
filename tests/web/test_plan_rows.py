"""Rows of the plan table added, deleted and moved on the page, each recorded with its history."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from jixiao.web.plans.models import IndicatorRow, Plan
from tests.web.conftest import World
from tests.web.plan_helpers import stored_seed


def _names(plan: Plan) -> list[str]:
    return list(IndicatorRow.objects.filter(plan=plan).order_by("position").values_list("name", flat=True))


def test_it_adds_a_row_below_another_in_its_category(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    names = _names(plan)
    response = login("filler").post(f"/plans/{plan.pk}/rows/add/", {"at": 1, "revision": plan.revision})
    assert response.status_code == 200
    assert _names(plan) == [names[0], "新指标", *names[1:]]
    new = IndicatorRow.objects.get(plan=plan, position=1)
    first = IndicatorRow.objects.get(plan=plan, position=0)
    assert (new.level1, new.level2) == (first.level1, first.level2)
    assert new.history.latest().history_change_reason == "page"


def test_it_deletes_and_moves_rows(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    names = _names(plan)
    client = login("filler")
    assert client.post(f"/plans/{plan.pk}/rows/0/delete/", {"revision": plan.revision}).status_code == 200
    assert _names(plan) == names[1:]
    assert (
        client.post(
            f"/plans/{plan.pk}/rows/0/move/", {"direction": "down", "revision": plan.revision + 1}
        ).status_code
        == 200
    )
    assert _names(plan) == [names[2], names[1], *names[3:]]
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision + 2


def test_it_lets_no_one_else_change_rows(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    names = _names(plan)
    data = {"revision": plan.revision}
    for key, status in (("head", 403), ("dept", 403), ("other_filler", 404)):
        client = login(key)
        assert client.post(f"/plans/{plan.pk}/rows/add/", data).status_code == status
        assert client.post(f"/plans/{plan.pk}/rows/0/delete/", data).status_code == status
        assert client.post(f"/plans/{plan.pk}/rows/0/move/", data).status_code == status
    assert _names(plan) == names
