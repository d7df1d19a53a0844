"""The monitoring pages: a unit's entry (save, upload), the overview; outsiders refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from lxml import html

from jixiao.core.actuals import apply_actuals
from jixiao.documents.load import load_plans
from jixiao.documents.writers.monitoring import monitoring_xlsx
from jixiao.web.monitoring.models import IndicatorEntry, PlanEntry, Round
from jixiao.web.monitoring.service import status_of
from jixiao.web.plans.convert import create_plan
from jixiao.web.plans.models import ChangeWay, Plan
from tests.web.conftest import World

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def project(world: World) -> Plan:
    plans = apply_actuals(
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt"),
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"),
    )
    return create_plan(plans[1], world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)


@pytest.fixture
def round_(world: World) -> Round:
    return Round.objects.create(bureau=world.bureau, year=2023, cut_off=date(2023, 6, 30))


def _form(project: Plan, first: str = "18", executed: str = "360") -> dict[str, str]:
    form = {f"to_date-{n}": "" for n in range(project.indicator_rows.count())}
    form.update({"to_date-0": first, "to_date-1": "50", "executed": executed})
    return form


def test_it_saves_the_units_entry_and_asks_for_reasons(
    project: Plan, round_: Round, login: Callable[[str], Client]
) -> None:
    url = f"/monitoring/{round_.pk}/plans/{project.pk}/"
    response = login("filler").post(url, _form(project), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "已保存监控填报" in page
    assert "指标「专项资金使用率」严重偏差，须填写偏差原因" in page
    assert "预算执行严重偏差，须填写纠偏措施" in page
    status = status_of(round_, project)
    assert (
        status.indicators[0].indicator.to_date == 18
        and status.budget is not None
        and status.budget.executed == 360
    )
    entry = IndicatorEntry.objects.get(row__position=0)
    assert entry.history.latest("history_date").history_change_reason == ChangeWay.PAGE.value


def test_it_refuses_a_value_that_is_not_a_number_and_saves_nothing(
    project: Plan, round_: Round, login: Callable[[str], Client]
) -> None:
    response = login("filler").post(
        f"/monitoring/{round_.pk}/plans/{project.pk}/", _form(project, first="abc")
    )
    assert response.status_code == 400
    assert "指标「专项资金使用率」的累计完成值「abc」不是数值" in response.content.decode()
    assert not PlanEntry.objects.exists()


def test_it_enters_a_round_from_an_uploaded_table(
    project: Plan, round_: Round, login: Callable[[str], Client]
) -> None:
    client = login("filler")
    client.post(f"/monitoring/{round_.pk}/plans/{project.pk}/", _form(project))
    typed = status_of(round_, project)
    other = Round.objects.create(bureau=round_.bureau, year=2023, cut_off=date(2023, 6, 30).replace(day=29))
    filled = monitoring_xlsx([typed])
    response = client.post(
        f"/monitoring/{other.pk}/plans/{project.pk}/upload/",
        {"file": SimpleUploadedFile("监控表.xlsx", filled)},
        follow=True,
    )
    assert "已读入 监控表.xlsx" in response.content.decode()
    uploaded = status_of(other, project)
    assert [s.indicator.to_date for s in uploaded.indicators] == [
        s.indicator.to_date for s in typed.indicators
    ]
    assert uploaded.budget is not None and uploaded.budget.executed == 360


def test_it_is_403_for_a_visible_plan_one_may_not_change(
    project: Plan, round_: Round, login: Callable[[str], Client]
) -> None:
    url = f"/monitoring/{round_.pk}/plans/{project.pk}/"
    for key in ("head", "dept", "finance"):
        client = login(key)
        assert client.get(url).status_code == 200
        assert client.post(url, _form(project)).status_code == 403
        upload = {"file": SimpleUploadedFile("a.xlsx", b"x")}
        assert client.post(url + "upload/", upload).status_code == 403
    assert not PlanEntry.objects.exists()


def test_it_is_404_for_another_department(
    project: Plan, round_: Round, login: Callable[[str], Client]
) -> None:
    url = f"/monitoring/{round_.pk}/plans/{project.pk}/"
    for key in ("other_filler", "other_head", "other_dept"):
        client = login(key)
        assert client.get(url).status_code == 404
        assert client.post(url, _form(project)).status_code == 404
    assert not PlanEntry.objects.exists()


def test_it_shows_the_overview_with_its_warnings_to_reviewers(
    project: Plan, round_: Round, login: Callable[[str], Client]
) -> None:
    login("filler").post(f"/monitoring/{round_.pk}/plans/{project.pk}/", _form(project))
    for key in ("finance", "dept", "admin"):
        page = login(key).get(f"/monitoring/{round_.pk}/", follow=True).content.decode()
        assert "株洲市工业和信息化局" in page and "30.00" in page
        assert "专项资金使用率" in page and "严重偏差" in page
    for key in ("filler", "head", "other_filler"):
        assert login(key).get(f"/monitoring/{round_.pk}/").status_code == 403
    other = login("other_dept").get(f"/monitoring/{round_.pk}/", follow=True).content.decode()
    assert other.count("专项资金使用率") == 0


@pytest.mark.parametrize(
    ("field", "typed", "said"),
    [
        ("executed", "9" * 40, "累计执行数"),
        ("to_date-0", "9" * 20, "指标「专项资金使用率」的累计完成值"),
        ("expected-1", "0.000000000001", "指标「企业验收合格率」的预计全年完成值"),
    ],
)
def test_it_refuses_a_number_out_of_range_and_the_page_still_opens(
    project: Plan, round_: Round, login: Callable[[str], Client], field: str, typed: str, said: str
) -> None:
    client = login("filler")
    url = f"/monitoring/{round_.pk}/plans/{project.pk}/"
    response = client.post(url, _form(project) | {field: typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert f"未保存：{said}" in page and ("超出范围" in page or "有效数字过多" in page)
    assert not PlanEntry.objects.exists()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("typed", "kept"), [("3600000元", 360), ("360万元", 360), ("０.０３６亿元", 360), ("三百六十", 360)]
)
def test_it_takes_the_funds_executed_in_wan_yuan_whatever_unit_is_typed(
    project: Plan, round_: Round, login: Callable[[str], Client], typed: str, kept: int
) -> None:
    url = f"/monitoring/{round_.pk}/plans/{project.pk}/"
    assert login("filler").post(url, _form(project, executed=typed)).status_code == 302
    status = status_of(round_, project)
    assert status.budget is not None and status.budget.executed == kept


@pytest.mark.parametrize(
    ("typed", "said"), [("36%", "「36%」不是金额"), ("-5", "「-5」不能为负数"), ("≥360", "「≥360」不是金额")]
)
def test_it_refuses_funds_executed_that_are_no_amount_and_saves_nothing(
    project: Plan, round_: Round, login: Callable[[str], Client], typed: str, said: str
) -> None:
    url = f"/monitoring/{round_.pk}/plans/{project.pk}/"
    response = login("filler").post(url, _form(project, executed=typed))
    assert response.status_code == 400
    assert f"未保存：累计执行数{said}" in response.content.decode()
    assert not PlanEntry.objects.exists()


def test_a_refused_save_keeps_everything_that_was_typed(
    project: Plan, round_: Round, login: Callable[[str], Client]
) -> None:
    """One wrong value refuses the whole form (nothing saved), and the page comes back with every field
    as the person typed it — the wrong value too, to correct — not with what was stored before."""
    url = f"/monitoring/{round_.pk}/plans/{project.pk}/"
    form = _form(project, first="18", executed="36%") | {
        "reason-0": "受疫情影响，<项目>推迟开工",
        "correction-1": "下季度加派人手",
        "budget_reason": "资金拨付滞后",
    }
    response = login("filler").post(url, form)
    page = html.fromstring(response.content)
    assert response.status_code == 400
    assert not PlanEntry.objects.exists()
    assert page.xpath("//input[@name='executed']/@value") == ["36%"]
    assert page.xpath("//input[@name='to_date-0']/@value") == ["18"]
    assert page.xpath("//input[@name='to_date-1']/@value") == ["50"]
    assert page.xpath("//textarea[@name='reason-0']/text()") == ["受疫情影响，<项目>推迟开工"]
    assert page.xpath("//textarea[@name='correction-1']/text()") == ["下季度加派人手"]
    assert page.xpath("//textarea[@name='budget_reason']/text()") == ["资金拨付滞后"]
