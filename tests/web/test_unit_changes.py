"""A unit's change log: every change of every plan of the unit, linking each row to its history."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from jixiao.web.plans.models import IndicatorRow
from tests.web.conftest import World
from tests.web.history_helpers import CHANGED, changed_plan


def test_it_lists_all_changes_of_the_units_plans(world: World, login: Callable[[str], Client]) -> None:
    plan, row = changed_plan(world)
    response = login("dept").get(f"/units/{world.unit.pk}/changes/")
    page = response.content.decode()
    assert response.status_code == 200
    rows = IndicatorRow.objects.filter(plan=plan).count()
    # one creation per row and the plan, and the one change on the page
    assert f"共 {rows + 2} 条" in page
    assert f'href="/plans/{plan.pk}/rows/{row.pk}/history/">{CHANGED}' in page


def test_it_is_404_for_another_departments_unit(world: World, login: Callable[[str], Client]) -> None:
    changed_plan(world)
    assert login("other_filler").get(f"/units/{world.unit.pk}/changes/").status_code == 404
    assert login("finance").get(f"/units/{world.unit.pk}/changes/").status_code == 200
