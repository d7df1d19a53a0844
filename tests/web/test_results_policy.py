"""The bureau's results-applied policy page (结果应用政策): finance edits, others read; bad input saves
nothing and says which grade."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from jixiao.web.outcomes.models import Consequence
from tests.web.conftest import World

FORM = {
    "action-优": "优先保障",
    "change-优": "5",
    "action-良": "保持",
    "change-良": "0",
    "action-中": "调整压减",
    "change-中": "-22",
    "action-差": "压减或取消",
    "change-差": "-100%",
}


def test_it_shows_the_national_default_until_the_bureau_sets_its_own(
    world: World, login: Callable[[str], Client]
) -> None:
    page = login("dept").get("/results/policy/").content.decode()
    for phrase in ("优先保障", "保持", "调整压减", "压减或取消", "财预〔2020〕10号"):
        assert phrase in page
    assert "<input" not in page.split('class="grid policy"', 1)[1]


def test_it_lets_finance_set_the_mapping_and_keeps_its_history(
    world: World, login: Callable[[str], Client]
) -> None:
    response = login("finance").post("/results/policy/", FORM, follow=True)
    page = response.content.decode()
    assert "已保存结果应用政策" in page and 'value="-22"' in page
    fair = Consequence.objects.get(bureau=world.bureau, grade="中")
    assert fair.change is not None and fair.change * 100 == -22 and fair.updated_by == world.user("finance")
    login("finance").post("/results/policy/", {**FORM, "change-中": "-30"})
    fair.refresh_from_db()
    assert [h.change * 100 for h in fair.history.order_by("history_date")] == [-22, -30]


def test_it_refuses_a_policy_that_rewards_a_worse_grade_and_saves_nothing(
    world: World, login: Callable[[str], Client]
) -> None:
    response = login("finance").post("/results/policy/", {**FORM, "change-优": "-50"})
    assert response.status_code == 422
    assert "等级「优」的预算调整比例（-50%）低于等级「良」的（0%）" in response.content.decode()
    response = login("finance").post("/results/policy/", {**FORM, "change-良": "少许"})
    assert (
        response.status_code == 422
        and "等级「良」的下年预算调整比例「少许」不是数值" in response.content.decode()
    )
    assert not Consequence.objects.exists()


def test_it_refuses_anyone_but_finance(world: World, login: Callable[[str], Client]) -> None:
    for key in ("dept", "other_dept"):
        assert login(key).post("/results/policy/", FORM).status_code == 403
    for key in ("filler", "head"):
        assert login(key).post("/results/policy/", FORM).status_code == 403
    assert not Consequence.objects.exists()


def test_it_refuses_a_percentage_it_cannot_keep_quoting_it_as_typed(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("finance")
    for typed, said in (
        ("1e3", "等级「优」的预算调整比例应在 -100% 到 +100% 之间，实际为 +1000%"),
        ("12.345", "等级「优」的预算调整比例「12.345%」最多保留两位小数"),
        ("-0.0001", "等级「优」的预算调整比例「-0.0001%」最多保留两位小数"),
    ):
        response = client.post("/results/policy/", {**FORM, "change-优": typed})
        assert response.status_code == 422 and said in response.content.decode(), typed
    assert not Consequence.objects.exists()
