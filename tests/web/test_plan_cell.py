"""Editing one cell of the plan table in place: typed values read as a table's cells are, refused at
the field with nothing saved, optimistic locking, and only the unit's filler may."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from django.test import Client

from jixiao.web.plans.models import IndicatorRow, Plan
from tests.web.conftest import World
from tests.web.plan_helpers import MISSING_WEIGHT, row_index, stored_seed


def _post(client: Client, plan: Plan, index: int, field: str, value: str, revision: int | None = None):  # type: ignore[no-untyped-def]
    return client.post(
        f"/plans/{plan.pk}/rows/{index}/",
        {"field": field, "value": value, "revision": plan.revision if revision is None else revision},
        HTTP_HX_REQUEST="true",
    )


def test_it_saves_a_weight_typed_in_place(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    index = row_index(plan, MISSING_WEIGHT)
    before = _post(login("filler"), plan, index, "weight", "").content.decode()  # nothing changes
    assert "weight-missing" in before or "分值" in before
    response = _post(login("filler"), plan, index, "weight", "5", plan.revision + 1)
    assert response.status_code == 200
    row = IndicatorRow.objects.get(plan=plan, name=MISSING_WEIGHT)
    assert row.weight == Decimal(5)
    assert row.history.latest().history_change_reason == "page"
    assert row.history.latest().history_user == world.user("filler")
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision + 2


def test_it_refuses_a_weight_that_is_not_a_number_at_the_field(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = stored_seed(world)
    index = row_index(plan, MISSING_WEIGHT)
    response = _post(login("filler"), plan, index, "weight", "abc")
    page = response.content.decode()
    assert response.status_code == 422
    assert f'id="error-{index}-weight"' in page and "分值「abc」不是数值" in page
    assert 'value="abc"' in page  # the typed text stays in the field to be corrected
    assert IndicatorRow.objects.get(plan=plan, name=MISSING_WEIGHT).weight is None
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision


def test_it_refuses_a_negative_weight_at_the_field(world: World, login: Callable[[str], Client]) -> None:
    """A 分值 below zero is no weight (it lowered the sum silently, with no finding at the row): refused
    at the field, naming it, nothing saved; pasted rows are read the same way."""
    plan = stored_seed(world)
    index = row_index(plan, MISSING_WEIGHT)
    response = _post(login("filler"), plan, index, "weight", "-5")
    page = response.content.decode()
    assert response.status_code == 422
    assert f'id="error-{index}-weight"' in page and "分值「-5」" in page and "负" in page
    assert IndicatorRow.objects.get(plan=plan, name=MISSING_WEIGHT).weight is None
    pasted = login("filler").post(
        f"/plans/{plan.pk}/paste/",
        {"text": "产出指标\t数量指标\t新指标\t≥\t5\t个\t解释\t完成得分\t-2", "revision": plan.revision},
        HTTP_HX_REQUEST="true",
    )
    assert pasted.status_code == 422 and "分值「-2」" in pasted.content.decode()
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision


def test_it_refuses_an_unknown_comparator_at_the_field(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    before = list(IndicatorRow.objects.filter(plan=plan).values_list("comparator", flat=True))
    response = _post(login("filler"), plan, 0, "comparator", "≈")
    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="error-0-comparator"' in page and "指标值类型「≈」无法识别" in page
    assert list(IndicatorRow.objects.filter(plan=plan).values_list("comparator", flat=True)) == before


def test_it_reads_a_target_as_typed(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    response = _post(login("filler"), plan, 0, "target", "不少于12家")
    assert response.status_code == 200
    row = IndicatorRow.objects.get(plan=plan, position=0)
    assert (row.comparator, row.target_number, row.unit) == ("ge", Decimal(12), row.unit)


def test_it_renames_a_merged_category_for_every_row_it_covers(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = stored_seed(world)
    first = IndicatorRow.objects.get(plan=plan, position=0)
    covered = IndicatorRow.objects.filter(plan=plan, level1=first.level1).count()
    _post(login("filler"), plan, 0, "level1", "产出")
    assert IndicatorRow.objects.filter(plan=plan, level1="产出").count() == covered


def test_it_refuses_a_stale_save_naming_who_changed_the_plan(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = stored_seed(world)
    _post(login("filler"), plan, 0, "unit", "个")
    response = _post(login("filler"), plan, 1, "unit", "户", revision=plan.revision)
    assert response.status_code == 409
    assert "filler" in response.content.decode() and "未保存" in response.content.decode()
    assert IndicatorRow.objects.get(plan=plan, position=1).unit != "户"
    # what was typed stays in its cell, marked, beside the message; the other save's value is shown
    page = response.content.decode()
    refused = re.search(r'<input id="cell-1-unit"[^>]*>', page)
    assert (
        refused is not None and 'value="户"' in refused.group(0) and 'aria-invalid="true"' in refused.group(0)
    )
    assert 'id="sheet-message"' in page and "仍在这里" in page.split('id="error-1-unit"')[1]
    assert re.search(r'<input id="cell-0-unit"[^>]*value="个"', page)


def test_it_is_read_only_for_reviewers_and_404_for_outsiders(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = stored_seed(world)
    for key in ("head", "dept", "finance"):
        assert _post(login(key), plan, 0, "unit", "个").status_code == 403
        assert 'id="cell-0-unit"' not in login(key).get(f"/plans/{plan.pk}/").content.decode()
    for key in ("other_filler", "other_dept"):
        assert _post(login(key), plan, 0, "unit", "个").status_code == 404
    assert IndicatorRow.objects.get(plan=plan, position=0).unit != "个"
    assert 'id="cell-0-unit"' in login("filler").get(f"/plans/{plan.pk}/").content.decode()


def test_it_saves_a_name_chosen_from_the_library_with_its_category_and_unit_for_that_row_only(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = stored_seed(world)
    rows = list(IndicatorRow.objects.filter(plan=plan).order_by("position"))
    index = 1  # inside the first merged 一级/二级 block
    covered = [r.pk for r in rows if (r.level1, r.level2) == (rows[index].level1, rows[index].level2)]
    assert len(covered) > 1
    response = login("filler").post(
        f"/plans/{plan.pk}/rows/{index}/",
        {
            "field": "name",
            "value": "新增省级“小巨人”企业数",
            "with-level1": "效益指标",
            "with-level2": "经济效益指标",
            "with-unit": "家",
            "revision": plan.revision,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    chosen = IndicatorRow.objects.get(pk=rows[index].pk)
    assert (chosen.name, chosen.level1, chosen.level2, chosen.unit) == (
        "新增省级“小巨人”企业数",
        "效益指标",
        "经济效益指标",
        "家",
    )
    others = IndicatorRow.objects.filter(pk__in=covered).exclude(pk=chosen.pk)
    assert {(r.level1, r.level2) for r in others} == {(rows[index].level1, rows[index].level2)}
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision + 1  # one change
    assert chosen.history.latest().history_change_reason == "page"


def test_it_takes_a_librarys_category_only_with_a_name(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    before = list(IndicatorRow.objects.filter(plan=plan).values_list("level1", "unit"))
    response = login("filler").post(
        f"/plans/{plan.pk}/rows/0/",
        {"field": "target", "value": "5", "with-level1": "效益指标", "revision": plan.revision},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "指标库的类别和计量单位只随三级指标名称保存" in response.content.decode()
    assert list(IndicatorRow.objects.filter(plan=plan).values_list("level1", "unit")) == before


def test_the_name_cell_asks_the_library_and_the_read_only_page_does_not(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = stored_seed(world)
    own = login("filler").get(f"/plans/{plan.pk}/").content.decode()
    assert f'data-library-suggest="/library/suggest/?plan={plan.pk}"' in own
    assert 'data-library-list-of="cell-0-name"' in own
    assert "data-library-suggest" not in login("dept").get(f"/plans/{plan.pk}/").content.decode()
