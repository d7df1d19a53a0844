"""The first hour of a new user (issue 12): each item met trying the project as a newcomer would.

Item 1 (set-up with Debian's Python) is tests/test_setup.py; the README's commands are
tests/test_readme.py; the speed of the compiled path is tests/test_scoring_properties.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from jixiao.core.serialize import plans_to_dict
from jixiao.documents.jsonio import dumps
from jixiao.documents.load import load_plans
from jixiao.documents.writers.samples import generated_plans
from tests.cli_helpers import ACTUALS, SEED, jixiao

DOCS = Path(__file__).resolve().parent.parent / "docs"


# --- item 3: every JSON jixiao prints reads back to the same plans, or is refused saying what it is ---


@pytest.mark.parametrize("command", ["score", "review"])
def test_it_refuses_its_own_results_json_as_plans_saying_what_it_is(command: str, tmp_path: Path) -> None:
    printed = jixiao(command, SEED, "--actuals", ACTUALS, "--json")
    assert printed.exit_code == 0, printed.output
    path = tmp_path / f"{command}.json"
    path.write_text(printed.stdout, encoding="utf-8")

    again = jixiao("score", path)

    assert again.exit_code == 1
    assert f"jixiao {command} --json" in again.stderr
    assert f"{command}.json" in again.stderr
    assert "总分" not in again.stdout


def test_it_refuses_a_score_json_without_its_schema_mark_by_its_shape(tmp_path: Path) -> None:
    data = jixiao("score", SEED, "--actuals", ACTUALS, "--json").json()
    del data["schema"]
    path = tmp_path / "old-score.json"
    path.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")

    again = jixiao("score", path)

    assert again.exit_code == 1
    assert "评分结果" in again.stderr


def test_it_reads_its_import_json_back_to_the_same_plans(tmp_path: Path) -> None:
    printed = jixiao("import", SEED, "--json")
    path = tmp_path / "plans.json"
    path.write_text(printed.stdout, encoding="utf-8")

    assert plans_to_dict(load_plans(path)) == plans_to_dict(load_plans(SEED))


@pytest.mark.parametrize(
    ("schema", "args"),
    [
        ("schema.json", ("import", SEED, "--json")),
        ("score.schema.json", ("score", SEED, "--actuals", ACTUALS, "--json")),
        ("review.schema.json", ("review", SEED, "--actuals", ACTUALS, "--json")),
    ],
)
def test_each_json_output_has_its_schema_in_the_docs(schema: str, args: tuple[object, ...]) -> None:
    printed = jixiao(*args)  # type: ignore[arg-type]
    document = json.loads((DOCS / schema).read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(printed.stdout), document)


# --- item 4: actual values from any table that names indicators and gives actual values ---------


def test_it_reads_actual_values_from_a_csv_of_names_and_actual_values(tmp_path: Path) -> None:
    actuals = tmp_path / "实际值.csv"
    actuals.write_text(
        "三级指标,实际完成值\n新增省级“小巨人”企业数,35\n规模工业增长率,7.5%\n", encoding="utf-8"
    )

    result = jixiao("score", SEED, "--actuals", actuals, "--json")

    assert result.exit_code == 0, result.output
    scored = {i["name"]: i for p in result.json()["plans"] for i in p["indicators"]}
    assert str(scored["新增省级“小巨人”企业数"]["actual"]) == "35"
    assert str(scored["规模工业增长率"]["actual"]) == "7.5"


# --- item 5: one parser for values, whatever the format ------------------------------------------


def test_it_reads_a_percent_text_in_json_actuals_as_a_csv_cell_is_read(tmp_path: Path) -> None:
    as_json = tmp_path / "a.json"
    as_json.write_text(
        json.dumps(
            {"plans": [{"indicators": [{"name": "规模工业增长率", "actual": "7.5%"}]}]}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    as_csv = tmp_path / "a.csv"
    as_csv.write_text("三级指标,实际完成值\n规模工业增长率,7.5%\n", encoding="utf-8")

    from_json = jixiao("score", SEED, "--actuals", as_json, "--json").json()
    from_csv = jixiao("score", SEED, "--actuals", as_csv, "--json").json()

    def growth(data: dict[str, list[dict[str, list[dict[str, object]]]]]) -> dict[str, object]:
        return next(i for p in data["plans"] for i in p["indicators"] if i["name"] == "规模工业增长率")

    assert growth(from_json)["completion"] is not None
    assert growth(from_json) == growth(from_csv)


# --- item 6: nothing the user needs is cut -------------------------------------------------------


def _cells(output: str) -> str:
    """The table's text with the frame, padding and line ends taken out."""
    return re.sub(r"[│┃┆║|─━┼╋┬┴├┤┌┐└┘╭╮╰╯═╞╡╪\s]", "", output)


def test_it_prints_every_explanation_whole_when_piped() -> None:
    result = jixiao("score", SEED, "--actuals", ACTUALS)
    explanations = [
        i["explanation"]
        for p in jixiao("score", SEED, "--actuals", ACTUALS, "--json").json()["plans"]
        for i in p["indicators"]
    ]

    assert "…" not in result.stdout
    for line in result.stdout.splitlines():
        if line.startswith("│") and "完成率 " in line:
            assert any(e in line for e in explanations), line


def test_it_wraps_in_a_100_column_terminal_without_cutting_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr("shutil.get_terminal_size", lambda *a, **k: __import__("os").terminal_size((100, 40)))
    result = jixiao("score", SEED, "--actuals", ACTUALS, tty=True)
    screen = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    names = [i.name for p in load_plans(SEED) for i in p.indicators]

    assert "…" not in screen
    assert max(len(line) for line in screen.splitlines()) <= 100
    flat = _cells(screen)
    for name in names:  # every character of every name is there, in order, within its column
        assert re.search(".*?".join(map(re.escape, re.sub(r"\s", "", name)[:4])), flat), name


# --- item 7: every error names the file, and the page/sheet/cell where known ----------------------


def test_it_reads_a_total_written_with_its_maximum_and_grade(tmp_path: Path) -> None:
    from jixiao.documents.layout.info import total_value

    assert str(total_value("68.28 / 80，等级：良", None)) == "68.28"


def test_it_names_the_file_of_an_error_raised_deep_in_a_layout(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    broken = tmp_path / "坏表.txt"
    # A stated total (自评总分) that is no number, in the seed's own layout: read deep in the block
    # before the table, where no cell is at hand.
    unit = "\t株洲市工业和信息化局机关\n"
    broken.write_text(text.replace(unit, unit + "\n\t自评总分\n\t很好\n", 1), encoding="utf-8")

    result = jixiao("import", broken)

    assert result.exit_code == 1
    assert "坏表.txt" in result.stderr
    assert "很好" in result.stderr


# --- item 8: indicators without actual values are said, the grade provisional ---------------------


def test_it_says_how_many_actual_values_are_missing_and_marks_the_grade_provisional(tmp_path: Path) -> None:
    actuals = tmp_path / "two.csv"
    actuals.write_text(
        "三级指标,实际完成值\n新增省级“小巨人”企业数,35\n新增国家级“小巨人”企业数,18\n", encoding="utf-8"
    )

    result = jixiao("score", SEED, "--actuals", actuals)
    review = jixiao("review", SEED, "--actuals", actuals, "--json").json()
    scored = jixiao("score", SEED, "--actuals", actuals, "--json").json()["plans"][0]

    assert "暂定" in result.stdout
    assert "13 个未填报实际完成值" in result.stdout
    assert "actual-missing" in {f["code"] for f in review["findings"]}
    assert scored["provisional"] is True and scored["missing_actuals"] == 13


def test_it_says_a_report_without_actuals_is_unscored(tmp_path: Path) -> None:
    out = tmp_path / "报告.html"

    result = jixiao("report", SEED, "-o", out)

    assert result.exit_code == 0, result.output
    assert "未计分" in result.stdout


# --- item 10: everything a user reads is Chinese ---------------------------------------------------

COMMANDS = ["import", "review", "score", "template", "export", "report", "summary"]
# What may stay in Latin letters: the program, its commands and options, file kinds, codes' tags.
ALLOWED = set(COMMANDS) | {
    "jixiao",
    "json",
    "JSON",
    "help",
    "actuals",
    "output",
    "public",
    "fail",
    "on",
    "warning",
    "error",
    "xlsx",
    "xls",
    "docx",
    "pdf",
    "csv",
    "txt",
    "html",
    "h",
    "o",
    "FILE",
    # the commands and options added since, and the programs and names they mention
    "monitor",
    "date",
    "entries",
    "history",
    "year",
    "serve",
    "bind",
    "workers",
    "demo",
    "data",
    "manage",
    "migrate",
    "createsuperuser",
    "noinput",
    "loaddemo",
    "apitoken",
    "gunicorn",
    "Django",
    "SQLite",
    "JIXIAO_",
    "docs",
    "deploy",
    "md",
}


def _english(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_]+", text) if w not in ALLOWED]


@pytest.mark.parametrize("args", [["--help"], *[[c, "--help"] for c in COMMANDS]])
def test_its_help_is_chinese(args: list[str]) -> None:
    result = jixiao(*args)
    assert result.exit_code == 0
    assert _english(result.stdout) == [], result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["export", str(SEED)],
        ["review", str(SEED), "--fail-on", "foo"],
        ["score"],
        ["frobnicate"],
        ["score", str(SEED), "--bogus"],
        [],
    ],
)
def test_its_usage_errors_are_chinese_with_status_2(args: list[str]) -> None:
    result = jixiao(*args)
    assert result.exit_code == 2
    assert "错误" in result.stderr or "用法" in result.stderr
    assert _english(result.stderr.replace("frobnicate", "").replace("bogus", "").replace("foo", "")) == []


def test_it_shows_finding_codes_beside_their_chinese_title() -> None:
    result = jixiao("review", SEED)
    assert "指标没有分值" in result.stdout or "评分标准" in result.stdout
    for code in re.findall(r"\b[a-z]+(?:-[a-z0-9]+)+\b", result.stdout):
        assert f"〔{code}〕" in result.stdout


# --- item 11: the same plans given twice are counted once -----------------------------------------


def test_it_counts_a_plan_given_twice_once_and_says_so(tmp_path: Path) -> None:
    plans = generated_plans(3, seed=7)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_bytes(dumps(plans_to_dict(plans)))
    second.write_bytes(dumps(plans_to_dict(plans)))
    out = tmp_path / "汇总.xlsx"

    result = jixiao("summary", first, second, "-o", out)

    assert result.exit_code == 0, result.output
    assert "（3 张表）" in result.stdout
    assert "只计一次" in result.stderr


# --- item 9: titles are what a person would call the plan; exports carry the official name ---------


def test_it_titles_plans_as_a_person_would_and_exports_the_official_name(tmp_path: Path) -> None:
    department, project = load_plans(SEED)
    assert department.title == f"{department.unit}部门整体绩效目标表"
    assert "职责" not in department.title and project.title.endswith("项目绩效目标表")

    out = tmp_path / "自评.xlsx"
    assert jixiao("export", SEED, "-o", out, "--actuals", ACTUALS).exit_code == 0
    from openpyxl import load_workbook

    book = load_workbook(out)
    assert [sheet.cell(1, 1).value for sheet in book] == ["部门整体支出绩效自评表", "项目支出绩效自评表"]


# --- item 12: report charts and title pages -------------------------------------------------------


def _scored_sample(actual: str) -> object:
    from dataclasses import replace
    from decimal import Decimal

    from jixiao.core.rules.resolve import rule_of
    from jixiao.core.scoring import score_plan
    from jixiao.documents.writers.samples import sample_project

    plan = sample_project(with_actuals=True)
    first = plan.indicators[0]
    assert isinstance(first.target, Decimal)
    plan.indicators[0] = replace(first, actual=first.target * Decimal(actual))
    return score_plan(plan, rule_of)


def test_it_draws_a_bar_for_a_negative_completion_rate() -> None:
    from jixiao.documents.writers.charts import completion_figure

    figure = completion_figure(_scored_sample("-0.4"))  # type: ignore[arg-type]
    widths = [patch.get_width() for patch in figure.axes[0].patches]
    assert any(abs(w + 40) < 1e-6 for w in widths)


def test_it_keeps_completion_labels_clear_of_the_100_percent_line() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from jixiao.documents.writers.charts import completion_figure

    figure = completion_figure(_scored_sample("0.97"))  # type: ignore[arg-type]
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    axes = figure.axes[0]
    renderer = canvas.get_renderer()
    line_x = axes.transData.transform((100, 0))[0]
    labels = [t for t in axes.texts if t.get_text().endswith("%") and t.get_text().strip() != "100%"]
    assert labels
    for label in labels:
        box = label.get_window_extent(renderer)
        assert not box.x0 <= line_x <= box.x1, label.get_text()


def test_it_writes_a_dash_not_zero_for_a_budget_figure_the_table_leaves_out() -> None:
    from jixiao.documents.writers.charts import budget_figure

    score = _scored_sample("1")
    budget = score.plan.budget  # type: ignore[attr-defined]
    budget.initial = None
    texts = [t.get_text().strip() for t in budget_figure(score).axes[0].texts]  # type: ignore[arg-type]
    assert "—" in texts
    assert "0.00" not in texts


def test_no_title_page_of_a_pdf_report_carries_a_page_number(tmp_path: Path) -> None:
    out = tmp_path / "报告.pdf"
    assert jixiao("report", SEED, "-o", out, "--actuals", ACTUALS).exit_code == 0
    import pdfplumber

    with pdfplumber.open(out) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    covers = [text for text in pages if "报告日期" in text]
    assert len(covers) == 2
    assert all("页 共" not in text for text in covers)
    assert any("页 共" in text for text in pages)


# --- decisions of round 1 -------------------------------------------------------------------------


def test_it_takes_the_adjusted_goal_and_keeps_the_initial_one_in_info(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    table = tmp_path / "调整.txt"
    both = "\t年初绩效目标\n\t年初定下的目标\n\n\t全年（调整）绩效目标\n"
    table.write_text(text.replace("\t年度总体目标\n", both, 1), encoding="utf-8")

    department = load_plans(table)[0]

    assert department.goal == load_plans(SEED)[0].goal
    assert department.info["年初绩效目标"] == "年初定下的目标"
