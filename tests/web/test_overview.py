"""The overview (驾驶舱, /overview/<year>/): what czj and a department reviewer see, drilled down from
department to unit to plan to indicator, overdue plans, findings by code, published grades, every
table exported to .xlsx; people without the overview refused."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from openpyxl import load_workbook

from jixiao.core.actuals import apply_actuals
from jixiao.core.review import describe_code, review_plan
from jixiao.core.rules.resolve import resolve_rule
from jixiao.core.workflow import State
from jixiao.documents.load import load_plans
from jixiao.web.monitoring import overview
from jixiao.web.monitoring.convert import store_entries, with_entries
from jixiao.web.monitoring.models import Round, StoredReview
from jixiao.web.monitoring.service import status_of
from jixiao.web.plans.convert import create_plan, replace_plan, to_core
from jixiao.web.plans.models import ChangeWay, Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.models import Deadline, Publication
from tests.web.conftest import World
from tests.web.workflow_helpers import EXAMPLES, approved, in_recheck, seed, stored

PANELS = ("states", "execution", "levels", "warnings", "findings", "grades", "ranking")


class Tables(HTMLParser):
    """The page's tables (by id, without ``table-``) as rows of cell texts, each row's links beside,
    and the charts' JSON blocks (by id)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: dict[str, list[list[str]]] = {}
        self.charts: dict[str, str] = {}
        self._table: str | None = None
        self._row: tuple[list[str], list[str]] | None = None
        self._cell: list[str] | None = None
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and (a.get("id") or "").startswith("table-"):
            self._table = (a.get("id") or "")[6:]
            self.tables[self._table], self.links[self._table] = [], []
        elif self._table and tag == "tr":
            self._row = ([], [])
        elif self._row is not None and tag == "td":
            self._cell = []
        elif self._row is not None and tag == "a" and a.get("href"):
            self._row[1].append(a.get("href") or "")
        elif tag == "script" and a.get("type") == "application/json":
            self._script = a.get("id")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row[0].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._table and self._row is not None:
            cells, links = self._row
            if cells and cells != ["无"]:  # not the header, not an empty table's line
                self.tables[self._table].append(cells)
                self.links[self._table].append(links)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._script:
            self.charts[self._script] = self.charts.get(self._script, "") + data


def read(client: Client, url: str) -> Tables:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    page = Tables()
    page.feed(response.content.decode())
    return page


def as_read(value: object) -> object:
    """A cell's value to compare a page's text with a workbook's number: numbers as Decimals."""
    if value is None or value == "—":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return str(value)


def by_name(page: Tables, panel: str) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in page.tables[panel]}


@pytest.fixture
def round_(world: World) -> Round:
    return Round.objects.create(bureau=world.bureau, year=2023, cut_off=date(2023, 6, 30))


def entered(plan: Plan, round_: Round, first_share: str, budget_share: str) -> None:
    """The unit's entry: the first indicator at ``first_share`` of its target, the others on
    schedule, the budget ``budget_share`` executed."""
    core = with_entries(plan, None)
    for n, ind in enumerate(core.indicators):
        if isinstance(ind.target, Decimal):
            ind.to_date = ind.target * Decimal(first_share if n == 0 else "0.5")
        else:
            ind.to_date = "按进度"
    assert core.budget is not None and core.budget.annual is not None
    core.budget.executed_to_date = core.budget.annual * Decimal(budget_share)
    store_entries(round_, plan, core, None, ChangeWay.PAGE)


def funded(world: World, unit: str) -> Plan:
    """The seed's project plan with its funds (1200 万元) and actual values, stored in ``unit``."""
    plan = apply_actuals([seed(1)], [load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json")[1]])[0]
    owner = "filler" if unit == "unit" else "other_filler"
    return create_plan(plan, getattr(world, unit), 2023, world.user(owner), ChangeWay.UPLOAD)


@pytest.fixture
def two_departments(world: World, round_: Round) -> tuple[Plan, Plan]:
    own = funded(world, "unit")
    other = funded(world, "other_unit")
    entered(own, round_, "0.2", "0.3")  # 20% and 30%: 严重偏差 for both
    entered(other, round_, "0.5", "0.5")
    return own, other


def test_it_shows_czj_every_department_with_its_execution_and_deviations(
    two_departments: tuple[Plan, Plan], login: Callable[[str], Client]
) -> None:
    own, _ = two_departments
    page = read(login("finance"), "/overview/2023/")
    assert set(page.tables) == set(PANELS)
    execution = by_name(page, "execution")
    assert execution["株洲市工业和信息化局"] == ["1", "1200.00", "360.00", "30.00", "19.59"]
    assert execution["株洲市教育局"][3] == "50.00"
    levels = by_name(page, "levels")
    assert levels["株洲市工业和信息化局"] == ["1", "0", "0", "1"]  # one plan, 严重偏差
    warnings = page.tables["warnings"]
    # every department has its 机关: the unit is named with its department, as in the ranking
    assert ["严重偏差", "株洲市工业和信息化局 / 机关", own.title, "专项资金使用率"] == warnings[1][:4]
    assert warnings[0][3] == "预算执行" and "预算执行率 30.00%" in warnings[0][4]
    assert page.links["warnings"][1] == [f"/monitoring/{Round.objects.get().pk}/plans/{own.pk}/#indicator-0"]


def test_it_judges_each_plan_as_its_entry_page_does(
    two_departments: tuple[Plan, Plan], round_: Round, login: Callable[[str], Client]
) -> None:
    page = read(login("finance"), "/overview/2023/")
    for plan in two_departments:
        status = status_of(round_, plan)
        shown = {
            row[3]: row[0]
            for row, links in zip(page.tables["warnings"], page.links["warnings"], strict=True)
            if f"/plans/{plan.pk}/" in links[0]
        }
        expected = {s.indicator.name: s.level.value for s in status.indicators if s.deviates and s.level}
        if status.budget is not None and status.budget.deviates and status.budget.level:
            expected["预算执行"] = status.budget.level.value
        assert shown == expected


def test_it_shows_a_department_reviewer_their_units_only(
    two_departments: tuple[Plan, Plan], login: Callable[[str], Client]
) -> None:
    page = read(login("dept"), "/overview/2023/")
    assert list(by_name(page, "states")) == ["株洲市工业和信息化局"]
    assert all("株洲市教育局" not in " ".join(row) for rows in page.tables.values() for row in rows)
    other = read(login("other_dept"), "/overview/2023/")
    assert list(by_name(other, "execution")) == ["株洲市教育局"]
    assert not any("专项资金使用率" in row for row in other.tables["warnings"])


def test_it_refuses_people_without_the_overview_and_hides_other_departments(
    world: World, two_departments: tuple[Plan, Plan], login: Callable[[str], Client]
) -> None:
    for key in ("filler", "head", "other_filler", "other_head"):
        assert login(key).get("/overview/2023/").status_code == 403
        assert login(key).get("/overview/2023/states.xlsx").status_code == 403
    dept = login("other_dept")
    assert dept.get(f"/overview/2023/?department={world.department.pk}").status_code == 404
    assert dept.get(f"/overview/2023/?unit={world.unit.pk}").status_code == 404
    assert dept.get("/overview/2023/?department=x").status_code == 404
    assert dept.get(f"/overview/2023/levels.xlsx?unit={world.unit.pk}").status_code == 404
    assert login("finance").get("/overview/2023/nothing.xlsx").status_code == 404


def test_it_drills_down_from_department_to_unit_to_plan_to_indicator(
    world: World, two_departments: tuple[Plan, Plan], round_: Round, login: Callable[[str], Client]
) -> None:
    own, _ = two_departments
    client = login("finance")
    top = read(client, "/overview/2023/")
    department_link = top.links["levels"][list(by_name(top, "levels")).index("株洲市工业和信息化局")][0]
    assert department_link == f"/overview/2023/?department={world.department.pk}"
    units = read(client, department_link)
    assert list(by_name(units, "levels")) == ["机关"]
    assert all("株洲市教育局" not in " ".join(r) for r in units.tables["warnings"])
    unit_link = units.links["levels"][0][0]
    plans = read(client, unit_link)
    assert list(by_name(plans, "levels")) == [own.title]
    assert plans.links["levels"][0] == [f"/plans/{own.pk}/"]
    indicator = plans.links["warnings"][1][0]
    assert indicator == f"/monitoring/{round_.pk}/plans/{own.pk}/#indicator-0"
    entry = client.get(indicator.split("#")[0]).content.decode()
    assert 'id="indicator-0"' in entry and "专项资金使用率" in entry


def test_it_follows_a_changed_entry_threshold_and_target_at_once(
    world: World, two_departments: tuple[Plan, Plan], round_: Round, login: Callable[[str], Client]
) -> None:
    own, _ = two_departments
    client = login("finance")

    def level_of(name: str) -> str | None:
        page = read(client, "/overview/2023/")
        rows = [
            r
            for r, links in zip(page.tables["warnings"], page.links["warnings"], strict=True)
            if r[3] == name and f"/plans/{own.pk}/" in links[0]
        ]
        return rows[0][0] if rows else None

    assert level_of("专项资金使用率") == "严重偏差"
    entered(own, round_, "0.45", "0.3")  # 45% against 49.59%: within the 5-point gap
    assert level_of("专项资金使用率") is None and level_of("预算执行") == "严重偏差"
    round_.severe_gap = Decimal("0.25")  # the bureau loosens its threshold: 19.59 points is now 轻度
    round_.save()
    assert level_of("预算执行") == "轻度偏差"
    core = to_core(own)
    assert isinstance(core.indicators[0].target, Decimal)
    core.indicators[0].target *= Decimal("1.5")  # 45% of the old target is 30% of the new: 轻度
    replace_plan(own, core, world.user("filler"), ChangeWay.PAGE)
    assert level_of("专项资金使用率") == "轻度偏差"


def test_it_counts_plans_by_milestone_and_marks_the_overdue(
    world: World, round_: Round, login: Callable[[str], Client]
) -> None:
    plan = approved(world)  # submitted and approved: 已申报, 已批复
    late = stored(world, index=0)  # a draft …
    stored(world, unit="other_unit")  # … and another department's draft
    store_entries(round_, plan, with_entries(plan, None), None, ChangeWay.PAGE)  # 已监控, nothing entered
    today = date.today()
    Deadline.objects.create(year=2023, state=State.DRAFT.value, due=today - timedelta(days=1))
    Deadline.objects.create(year=2023, state=State.APPROVED.value, due=today + timedelta(days=30))
    states = read(login("finance"), "/overview/2023/")
    rows = by_name(states, "states")
    #                                          表数 已申报 已批复 已监控 已评价 逾期
    assert rows["株洲市工业和信息化局"] == ["2", "1", "1", "1", "0", "1"]
    assert rows["株洲市教育局"] == ["1", "0", "0", "0", "0", "1"]
    assert late.pk and Deadline.objects.count() == 2
    page = login("finance").get("/overview/2023/").content.decode()
    assert page.count('class="overdue"') == 2 and "草稿" in page  # the deadline named in the note


def test_it_counts_findings_by_code_as_the_review_finds_them_and_follows_each_change(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = stored(world, index=0)
    expected = review_plan(to_core(plan), 0, resolve_rule)
    page = read(login("finance"), "/overview/2023/")
    counted = {row[0]: int(row[2]) for row in page.tables["findings"]}
    assert counted == {
        describe_code(c): sum(1 for f in expected if f.code == c) for c in {f.code for f in expected}
    }
    assert StoredReview.objects.filter(plan=plan).count() == 1  # kept for the next view
    fixed = seed(0)
    fixed.indicators = fixed.indicators[:1]  # most problems go with the other rows
    replace_plan(plan, fixed, world.user("filler"), ChangeWay.PAGE)
    plan.refresh_from_db()
    after = read(login("finance"), "/overview/2023/")
    again = review_plan(to_core(plan), 0, resolve_rule)
    assert sum(int(row[2]) for row in after.tables["findings"]) == len(again) != len(expected)


def test_it_shows_published_grades_and_ranks_them_with_the_summarys_functions(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = in_recheck(world)
    services.publish(plan, world.user("finance"))
    result = Publication.objects.get(plan=plan)
    page = read(login("finance"), "/overview/2023/")
    grades = by_name(page, "grades")
    assert grades == {g: ["1" if g == result.grade else "0"] for g in ("优", "良", "中", "差")}
    [ranked] = page.tables["ranking"]
    assert ranked[:2] == ["1", plan.title] and Decimal(ranked[3]) == result.normalized.quantize(
        Decimal("0.01")
    )
    states = by_name(page, "states")["株洲市工业和信息化局"]
    assert states[:5] == ["1", "1", "1", "0", "1"]  # declared, approved, not monitored, evaluated


def test_it_draws_each_chart_from_its_tables_numbers(
    two_departments: tuple[Plan, Plan], login: Callable[[str], Client]
) -> None:
    page = read(login("finance"), "/overview/2023/")
    assert set(page.charts) == {"states", "execution", "levels", "findings", "grades", "ranking"}
    for name, text in page.charts.items():
        chart = json.loads(text)
        rows = page.tables[name]
        heads = [s["name"] for s in chart["series"]]
        assert heads and len(chart["categories"]) == len(rows)
        for series in chart["series"]:
            for value, row in zip(series["data"], rows, strict=True):
                assert any(c == (f"{value:.2f}" if isinstance(value, float) else str(value)) for c in row)


def test_it_exports_every_table_to_xlsx_with_the_pages_numbers(
    world: World, two_departments: tuple[Plan, Plan], login: Callable[[str], Client]
) -> None:
    client = login("finance")
    for query in ("", f"?department={world.department.pk}"):
        page = read(client, f"/overview/2023/{query}")
        for name in PANELS:
            response = client.get(f"/overview/2023/{name}.xlsx{query}")
            assert response.status_code == 200
            assert "attachment" in response["Content-Disposition"]
            sheet = load_workbook(io.BytesIO(response.content)).active
            assert sheet is not None
            rows = [[as_read(v) for v in row] for row in sheet.iter_rows(min_row=3, values_only=True)]
            assert "2023年" in str(sheet["A1"].value)
            assert rows == [[as_read(v) for v in row] for row in page.tables[name]], name


def test_it_shows_the_most_severe_warnings_first_and_says_how_many_there_are(
    two_departments: tuple[Plan, Plan],
    round_: Round,
    login: Callable[[str], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entered(two_departments[1], round_, "0.4", "0.4")  # about 10 points behind time: 轻度偏差
    client = login("finance")
    sheet = load_workbook(io.BytesIO(client.get("/overview/2023/warnings.xlsx").content)).active
    assert sheet is not None
    every = [row for row in sheet.iter_rows(min_row=3, values_only=True)]
    levels = [row[0] for row in every]
    assert "严重偏差" in levels and "轻度偏差" in levels  # both levels, the severe ones first
    assert levels == sorted(levels, key=lambda level: level != "严重偏差")
    monkeypatch.setitem(overview.SHOWN, "warnings", 3)  # the page shows the first three of them
    response = client.get("/overview/2023/")
    page = Tables()
    page.feed(response.content.decode())
    assert [row[:4] for row in page.tables["warnings"]] == [[str(c) for c in row[:4]] for row in every[:3]]
    assert len(every) > 3 and f"共 {len(every)} 条，显示最严重的前 3 条" in response.content.decode()
    monkeypatch.setitem(overview.SHOWN, "warnings", len(every))  # all of them shown: no note
    assert "显示最严重的前" not in client.get("/overview/2023/").content.decode()


def test_it_sends_a_rounds_overview_to_the_years(round_: Round, login: Callable[[str], Client]) -> None:
    response = login("finance").get(f"/monitoring/{round_.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/overview/2023/?round={round_.pk}"
    assert login("finance").get("/overview/").url == "/overview/2023/"  # type: ignore[attr-defined]


def test_it_shows_a_year_without_a_round(world: World, login: Callable[[str], Client]) -> None:
    create_plan(seed(1), world.unit, 2024, world.user("filler"), ChangeWay.UPLOAD)
    page = login("finance").get("/overview/2024/").content.decode()
    assert "本年度尚未开启监控轮次" in page and "株洲市工业和信息化局" in page
