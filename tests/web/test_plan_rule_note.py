"""The scoring rule shown as understood (or not) while it is typed, without saving."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from jixiao.web.plans.models import IndicatorRow
from tests.web.conftest import World
from tests.web.plan_helpers import stored_seed


def test_it_says_how_a_typed_rule_is_understood(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    before = IndicatorRow.objects.get(plan=plan, position=0).rule_text
    client = login("filler")
    understood = client.post(f"/plans/{plan.pk}/rows/0/rule/", {"value": "完成得满分，未完成不得分"})
    assert understood.status_code == 200 and "已识别" in understood.content.decode()
    unclear = client.post(f"/plans/{plan.pk}/rows/0/rule/", {"value": "视情况酌情打分"})
    assert "未识别" in unclear.content.decode() and "默认规则" in unclear.content.decode()
    assert IndicatorRow.objects.get(plan=plan, position=0).rule_text == before


def test_it_is_404_for_outsiders(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    assert login("other_filler").post(f"/plans/{plan.pk}/rows/0/rule/", {"value": "x"}).status_code == 404
    assert login("head").post(f"/plans/{plan.pk}/rows/0/rule/", {"value": "x"}).status_code == 403
