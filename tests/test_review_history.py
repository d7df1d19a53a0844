"""Review checks from history (历史比对): targets judged against what earlier years achieved."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from cli_helpers import ACTUALS, SEED, jixiao

from jixiao.core.library import History, MarkCommon, PlanRecord, build_library
from jixiao.core.model import Budget, Comparator, Indicator, Plan, PlanKind
from jixiao.core.review import CODES, Finding, Severity, review_plan

UNIT = "株洲市工业和信息化局机关"


def row(name: str, target: str, unit: str = "家", actual: str | None = None, **kw: object) -> Indicator:
    return Indicator(
        "产出指标",
        "数量指标",
        name,
        Comparator.GE,
        Decimal(target),
        target,
        unit,
        weight=Decimal(10),
        actual=None if actual is None else Decimal(actual),
        **kw,  # type: ignore[arg-type]
    )


def plan(*rows: Indicator, budget: str | None = None, unit: str = UNIT) -> Plan:
    money = Budget(Decimal(budget), None) if budget is not None else None
    return Plan(PlanKind.PROJECT, unit=unit, budget=money, indicators=list(rows))


def findings(reviewed: Plan, *history: tuple[int, Plan], year: int = 2024, **kw: str) -> list[Finding]:
    library = build_library([PlanRecord(p, y) for y, p in history], kw.pop("corrections", ()))  # type: ignore[arg-type]
    return review_plan(reviewed, history=History(library, year, **kw))


def codes(found: list[Finding], code: str) -> list[str | None]:
    return [f.indicator for f in found if f.code == code]


# ---------------------------------------------------------------------------------------------
# The CLI: jixiao review --history


def write_seed_selfevaluation(folder: Path) -> Path:
    """The seed's 2023 targets with the example actuals, as a self-evaluation JSON of that year."""
    imported = jixiao("import", SEED, "--json").json()
    actuals = json.loads(ACTUALS.read_text(encoding="utf-8"))
    by_name = {i["name"]: i for p in actuals["plans"] for i in p["indicators"]}
    for p in imported["plans"]:
        for ind in p["indicators"]:
            found = by_name.get(ind["name"].replace(" ", ""))
            if found is not None:
                ind["actual"] = found["actual"]
    folder.mkdir(exist_ok=True)
    path = folder / "gxj-2023-selfeval.json"
    path.write_text(json.dumps(imported, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def next_year_seed(tmp_path: Path, target: str) -> Path:
    """Next year's table: the seed with 新增省级“小巨人”企业数 given another target."""
    text = SEED.read_text(encoding="utf-8")
    old = "新增省级“小巨人”企业数\n\t≥\n\t40\n"
    assert old in text
    path = tmp_path / "zhuzhou-gxj-2024-targets.txt"
    path.write_text(text.replace(old, f"新增省级“小巨人”企业数\n\t≥\n\t{target}\n", 1), encoding="utf-8")
    return path


def test_it_flags_next_years_target_below_last_years_actual_from_the_cli(tmp_path: Path) -> None:
    history = write_seed_selfevaluation(tmp_path / "history")
    table = next_year_seed(tmp_path, "30")  # 2023: target 40, actual 35
    result = jixiao("review", table, "--history", history.parent, "--json")
    assert result.exit_code == 0, result.stderr
    flagged = [f for f in result.json()["findings"] if f["code"] == "target-below-last-actual"]
    row_finding = next(f for f in flagged if f["indicator"] == "新增省级“小巨人”企业数")
    assert "≥30家" in row_finding["message"] and "2023年的实际完成值35家" in row_finding["message"]
    assert row_finding["plan"] == 0 and row_finding["location"]["file"] == table.name

    raised = jixiao("review", next_year_seed(tmp_path, "36"), "--history", history)
    assert raised.exit_code == 0
    assert "新增省级“小巨人”企业数」的目标≥30" not in raised.stdout


def test_it_does_not_flag_a_target_at_or_above_last_years_actual(tmp_path: Path) -> None:
    history = write_seed_selfevaluation(tmp_path / "history")
    result = jixiao("review", next_year_seed(tmp_path, "36"), "--history", history, "--json")
    flagged = [f["indicator"] for f in result.json()["findings"] if f["code"] == "target-below-last-actual"]
    assert "新增省级“小巨人”企业数" not in flagged


def test_it_asks_for_the_year_of_an_undated_history_file(tmp_path: Path) -> None:
    undated = tmp_path / "history.json"
    undated.write_text(
        write_seed_selfevaluation(tmp_path / "h").read_text(encoding="utf-8"), encoding="utf-8"
    )
    table = next_year_seed(tmp_path, "30")
    refused = jixiao("review", table, "--history", undated)
    assert refused.exit_code == 1
    assert "history.json" in refused.stderr and "--history-year" in refused.stderr
    given = jixiao("review", table, "--history", undated, "--history-year", "2023", "--json")
    assert any(f["code"] == "target-below-last-actual" for f in given.json()["findings"])


def test_it_names_a_missing_history_path(tmp_path: Path) -> None:
    result = jixiao("review", SEED, "--history", tmp_path / "nowhere")
    assert result.exit_code == 1 and "nowhere" in result.stderr and "不存在" in result.stderr


# ---------------------------------------------------------------------------------------------
# Each check


def test_every_history_code_is_registered_as_a_warning() -> None:
    for code in (
        "target-below-last-actual",
        "target-met-easily",
        "unit-differs-from-history",
        "target-unchanged-while-budget-changed",
        "duplicate-indicator",
        "common-indicator-missing",
    ):
        assert CODES[code][0] is Severity.WARNING


def test_it_compares_with_this_units_latest_actual_only() -> None:
    last = plan(row("新增省级“小巨人”企业数", "40", actual="35"))
    other_unit = plan(row("新增省级“小巨人”企业数", "80", actual="90"), unit="另一单位")
    found = findings(plan(row("2024年新增省级“小巨人”企业数量", "36")), (2023, last), (2023, other_unit))
    assert codes(found, "target-below-last-actual") == []
    found = findings(plan(row("新增省级“小巨人”企业数", "30")), (2023, last), (2023, other_unit))
    assert codes(found, "target-below-last-actual") == ["新增省级“小巨人”企业数"]
    # the same table reviewed as of 2023 has no history before it
    assert (
        codes(
            findings(plan(row("新增省级“小巨人”企业数", "30")), (2023, last), year=2023),
            "target-below-last-actual",
        )
        == []
    )


def test_it_flags_a_target_met_at_150_percent_two_years_running() -> None:
    easy = [(y, plan(row("培训人数", "100", "人", actual=a))) for y, a in ((2022, "160"), (2023, "175"))]
    found = findings(plan(row("培训人数", "180", "人")), *easy)
    messages = [f.message for f in found if f.code == "target-met-easily"]
    assert len(messages) == 1 and "160%、175%" in messages[0]
    once = [(2022, plan(row("培训人数", "100", "人", actual="120"))), easy[1]]
    assert codes(findings(plan(row("培训人数", "180", "人")), *once), "target-met-easily") == []
    gap = [(2021, easy[0][1]), easy[1]]  # not two years running
    assert codes(findings(plan(row("培训人数", "180", "人")), *gap), "target-met-easily") == []


def test_it_flags_a_unit_that_differs_from_history() -> None:
    found = findings(
        plan(row("新建道路里程", "12", "公里")), (2023, plan(row("新建道路里程", "12000", "米")))
    )
    message = next(f.message for f in found if f.code == "unit-differs-from-history")
    assert "“公里”" in message and "2023年" in message and "“米”" in message
    same = findings(plan(row("新建道路里程", "12", "公里")), (2023, plan(row("新建道路里程", "10", " 公里"))))
    assert codes(same, "unit-differs-from-history") == []


def test_it_flags_a_target_unchanged_while_the_budget_moved_over_30_percent() -> None:
    last = plan(row("培训人数", "100", "人"), budget="100")
    moved = findings(plan(row("培训人数", "100", "人"), budget="150"), (2023, last))
    message = next(f.message for f in moved if f.code == "target-unchanged-while-budget-changed")
    assert "100万元变为150万元" in message and "增加50%" in message
    assert (
        codes(
            findings(plan(row("培训人数", "100", "人"), budget="120"), (2023, last)),
            "target-unchanged-while-budget-changed",
        )
        == []
    )
    assert (
        codes(
            findings(plan(row("培训人数", "130", "人"), budget="150"), (2023, last)),
            "target-unchanged-while-budget-changed",
        )
        == []
    )


def test_it_flags_two_rows_of_one_plan_that_are_one_indicator_even_without_history() -> None:
    twice = plan(
        row("新增省级“小巨人”企业数", "40"),
        row("新增省级“小巨人”企业 数量", "45"),
        row("新增国家级“小巨人”企业数", "15"),
    )
    found = review_plan(twice)
    duplicates = [f for f in found if f.code == "duplicate-indicator"]
    assert [f.indicator for f in duplicates] == ["新增省级“小巨人”企业 数量"]
    assert "「新增省级“小巨人”企业数」" in duplicates[0].message and "“数量”视同“数”" in duplicates[0].message


def test_it_flags_a_missing_common_indicator_of_the_sector() -> None:
    common = "满意度指标/服务对象满意度指标/企业满意度"
    history = plan(
        Indicator("满意度指标", "服务对象满意度指标", "企业满意度", Comparator.GE, Decimal(90), "90", "%")
    )
    marks = [MarkCommon(common, "工业和信息化")]
    missing = findings(
        plan(row("培训人数", "100", "人")), (2023, history), corrections=marks, sector="工业和信息化"
    )  # type: ignore[arg-type]
    message = next(f.message for f in missing if f.code == "common-indicator-missing")
    assert "「企业满意度」" in message and "工业和信息化" in message
    other_sector = findings(
        plan(row("培训人数", "100", "人")), (2023, history), corrections=marks, sector="教育"
    )  # type: ignore[arg-type]
    assert codes(other_sector, "common-indicator-missing") == []


def test_the_review_without_history_finds_nothing_from_history() -> None:
    found = review_plan(plan(row("新增省级“小巨人”企业数", "30")))
    history_codes = {"target-below-last-actual", "target-met-easily", "unit-differs-from-history"}
    assert not [f for f in found if f.code in history_codes]
