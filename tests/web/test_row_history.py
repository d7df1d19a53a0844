"""A row's history page: each change with the field's old → new value, who, when and the way in Chinese."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

from tests.web.conftest import World
from tests.web.history_helpers import CHANGED, changed_plan


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_shows_old_and_new_value_who_and_the_way(world: World, login: Callable[[str], Client]) -> None:
    plan, row = changed_plan(world)
    response = login("head").get(f"/plans/{plan.pk}/rows/{row.pk}/history/")
    assert response.status_code == 200
    page = _text(response.content.decode())
    assert CHANGED in page
    assert "分值 ： （空） → 8" in page  # the page change
    assert "filler 页面 " in page and "filler 上传 " in page  # who and the way, in Chinese
    assert page.index("页面") < page.index("上传")  # newest first


def test_it_is_404_for_another_department_and_for_a_row_of_another_plan(
    world: World, login: Callable[[str], Client]
) -> None:
    plan, row = changed_plan(world)
    assert login("other_dept").get(f"/plans/{plan.pk}/rows/{row.pk}/history/").status_code == 404
    assert login("filler").get(f"/plans/{plan.pk}/rows/{row.pk + 10_000}/history/").status_code == 404
