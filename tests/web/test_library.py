"""The library pages and suggestions (指标库), and the plan page reviewing with history."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from jixiao.web.plans.models import ChangeWay, Plan
from tests.web.conftest import World
from tests.web.history_helpers import NAME, two_years

BELOW = f"指标「{NAME}」的目标≥30家，低于本单位2023年的实际完成值35家"
"""The history's warning on 2024's 新增省级 while 2023's actual value is 35."""


def test_it_flags_a_target_below_last_years_actual_on_the_plan_page(
    world: World, login: Callable[[str], Client]
) -> None:
    _, following = two_years(world)
    page = login("filler").get(f"/plans/{following.pk}/").content.decode()
    assert "target-below-last-actual" in page or "低于本单位2023年的实际完成值35家" in page
    assert BELOW in page


def test_it_does_not_flag_a_target_at_last_years_actual(world: World, login: Callable[[str], Client]) -> None:
    _, following = two_years(world, "35")
    page = login("filler").get(f"/plans/{following.pk}/").content.decode()
    assert f"指标「{NAME}」的目标≥35家，低于" not in page


def test_it_suggests_entries_with_this_units_last_values_and_the_spread(
    world: World, login: Callable[[str], Client]
) -> None:
    _, following = two_years(world)
    response = login("filler").get("/library/suggest/", {"q": "新增省", "plan": following.pk})
    fragment = response.content.decode()
    assert response.status_code == 200 and "<html" not in fragment
    assert NAME in fragment and 'data-unit="家"' in fragment and 'data-level2="数量指标"' in fragment
    assert "本单位2023年：目标≥40家，实际35家" in fragment
    assert "2023年1个单位" in fragment
    assert "新增国家级" not in fragment


def test_an_outsider_gets_404_for_another_units_plan_and_no_unit_values(
    world: World, login: Callable[[str], Client]
) -> None:
    _, following = two_years(world)
    outsider = login("other_filler")
    assert outsider.get("/library/suggest/", {"q": "新增省", "plan": following.pk}).status_code == 404
    assert outsider.get("/library/suggest/", {"q": "新增省", "plan": "9" * 30}).status_code == 404
    fragment = outsider.get("/library/suggest/", {"q": "新增省"}).content.decode()
    assert NAME in fragment and "本单位" not in fragment
    entry_id = "产出指标/数量指标/新增省级小巨人企业数"
    entry = outsider.get("/library/entry/", {"id": entry_id}).content.decode()
    assert NAME in entry and "株洲市工业和信息化局/机关" not in entry
    own = login("dept").get("/library/entry/", {"id": entry_id}).content.decode()
    assert "株洲市工业和信息化局/机关" in own and "87.5%" in own
    assert Client().get("/library/").status_code == 302  # anonymous: to the login page


def test_it_browses_by_category_and_exports_the_library(world: World, login: Callable[[str], Client]) -> None:
    two_years(world)
    client = login("finance")
    index = client.get("/library/").content.decode()
    assert "产出指标 / 数量指标" in index and NAME in index
    assert client.get("/library/entry/", {"id": "nothing"}).status_code == 404
    response = client.get("/library/export.xlsx")
    book = load_workbook(BytesIO(response.content))
    names = [row[2] for row in book["指标库"].iter_rows(min_row=2, values_only=True)]
    assert NAME in names
    history = [r for r in book["历年数据"].iter_rows(min_row=2, values_only=True) if r[0] == NAME]
    assert [(r[1], r[6], r[7]) for r in history] == [(2023, 40, 35), (2024, 30, None)]


def test_the_demo_has_earlier_years_so_writing_a_low_target_is_flagged(db: None) -> None:
    from django.contrib.auth.models import User

    from jixiao.web.demo import load_demo
    from jixiao.web.plans.convert import replace_plan, to_core

    load_demo(password="Demo-password-2023!")
    plans = Plan.objects.filter(unit__parent__name="株洲市工业和信息化局", kind="department")
    assert sorted(plans.values_list("year", flat=True)) == [2022, 2023, 2024]
    following = plans.get(year=2024)
    filler = User.objects.get(username="gxj-jg")
    client = Client()
    client.force_login(filler)
    assert f"指标「{NAME}」的目标≥40家，低于" not in client.get(f"/plans/{following.pk}/").content.decode()
    core = to_core(following)
    row = next(i for i in core.indicators if i.name == NAME)
    row.target, row.target_text = Decimal(30), "30"
    replace_plan(following, core, filler, ChangeWay.PAGE)
    page = client.get(f"/plans/{following.pk}/").content.decode()
    assert BELOW in page


def test_an_entrys_page_gives_its_chart_the_years_medians(
    world: World, login: Callable[[str], Client]
) -> None:
    two_years(world)
    page = login("other_filler").get("/library/entry/", {"id": "产出指标/数量指标/新增省级小巨人企业数"})
    chart = page.context["chart"]
    assert chart == {
        "unit": "家",
        "years": ["2023", "2024"],
        "targets": [40.0, 30.0],
        "actuals": [35.0, None],
        "units": [1, 1],
    }
    html = page.content.decode()
    assert 'id="entry-chart-data"' in html and "echarts.min.js" in html


def test_a_saved_actual_value_reaches_next_years_review_without_rebuilding_the_library(
    world: World, login: Callable[[str], Client]
) -> None:
    from jixiao.web.library.build import current_library

    last, following = two_years(world)
    filler = login("filler")
    assert "实际完成值35家" in filler.get(f"/plans/{following.pk}/").content.decode()
    library = current_library()
    save_last_years_actual(filler, last, "25")
    page = filler.get(f"/plans/{following.pk}/").content.decode()
    assert "实际完成值35家" not in page and f"指标「{NAME}」的目标≥30家，低于" not in page
    assert current_library() is library  # refiled plan by plan, not built again
    entry = next(e for e in library.entries.values() if e.name == NAME)
    assert sorted((o.year, o.indicator.actual) for o in entry.observations) == [(2023, 25), (2024, None)]

    following.indicator_rows.all().delete()
    following.placeholder_rows.all().delete()
    following.delete()
    entry = next(e for e in current_library().entries.values() if e.name == NAME)
    assert [o.year for o in entry.observations] == [2023]


def test_another_workers_save_reaches_the_history_within_the_recheck_window(
    world: World, login: Callable[[str], Client], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save in this process is seen at once (a signal); one made by another gunicorn worker (here an
    UPDATE that sends no signal in this process) once ``JIXIAO_LIBRARY_RECHECK_SECONDS`` have passed."""
    from django.utils import timezone

    from jixiao.web.library import build
    from jixiao.web.plans.models import IndicatorRow

    settings.JIXIAO_LIBRARY_RECHECK_SECONDS = 60
    last, following = two_years(world)
    filler = login("filler")
    assert BELOW in filler.get(f"/plans/{following.pk}/").content.decode()

    # Another worker writes last year's actual value 25: the database changes, no signal reaches here.
    IndicatorRow.objects.filter(plan=last, name=NAME).update(actual_number=Decimal(25))
    Plan.objects.filter(pk=last.pk).update(revision=last.revision + 1, updated_at=timezone.now())
    assert BELOW in filler.get(f"/plans/{following.pk}/").content.decode()  # within the window

    now = build.time.monotonic()
    monkeypatch.setattr(build.time, "monotonic", lambda: now + 61)
    assert BELOW not in filler.get(f"/plans/{following.pk}/").content.decode()  # the window passed


def test_a_save_in_this_process_reaches_the_history_at_once(
    world: World, login: Callable[[str], Client], settings: Any
) -> None:
    settings.JIXIAO_LIBRARY_RECHECK_SECONDS = 3600
    last, following = two_years(world)
    filler = login("filler")
    assert BELOW in filler.get(f"/plans/{following.pk}/").content.decode()
    with CaptureQueriesContext(connection) as asked:
        save_last_years_actual(filler, last, "25")
        assert BELOW not in filler.get(f"/plans/{following.pk}/").content.decode()
    # the plan saved here is refiled by itself: not the question that reads every plan's revision
    assert not [q["sql"] for q in asked.captured_queries if 'SUM("plans_plan"."revision")' in q["sql"]]


def test_a_save_whose_time_is_older_than_the_last_seen_still_reaches_the_history(
    world: World, login: Callable[[str], Client]
) -> None:
    """A transaction that took its time of save long before it committed: the plans saved lately do not
    explain the changed signature, so every plan's revision is read (``library.build._changes``)."""
    from datetime import timedelta

    from django.utils import timezone

    from jixiao.web.plans.models import IndicatorRow

    last, following = two_years(world)
    filler = login("filler")
    assert BELOW in filler.get(f"/plans/{following.pk}/").content.decode()
    IndicatorRow.objects.filter(plan=last, name=NAME).update(actual_number=Decimal(25))
    long_ago = timezone.now() - timedelta(hours=1)
    Plan.objects.filter(pk=last.pk).update(revision=last.revision + 1, updated_at=long_ago)
    assert BELOW not in filler.get(f"/plans/{following.pk}/").content.decode()


def save_last_years_actual(filler: Client, last: Plan, value: str) -> None:
    """Open last year's plan for self-evaluation and save ``value`` as its 新增省级 actual on the page."""
    from tests.web.plan_helpers import open_for_self_evaluation, row_index

    open_for_self_evaluation(last)
    last.refresh_from_db()
    saved = filler.post(
        f"/plans/{last.pk}/rows/{row_index(last, NAME)}/",
        {"field": "actual", "value": value, "revision": last.revision, "mode": "self-evaluation"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
