"""``jixiao summary``: the finance bureau's summary of many plans (.xlsx, .pdf)."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pdfplumber

from jixiao.core.rules.resolve import rule_of
from jixiao.core.scoring import score_plan
from jixiao.core.serialize import plans_to_dict
from jixiao.documents.jsonio import dumps
from jixiao.documents.writers.samples import generated_plans
from jixiao.documents.writers.summary import build_summary, summary_pdf, summary_xlsx
from tests.cli_helpers import jixiao

DAY = date(2024, 4, 1)


def test_it_ranks_sixty_generated_plans_and_counts_their_grades() -> None:
    plans = generated_plans(60, missing_every=10)
    scores = {
        p.title: score_plan(p, rule_of) for p in plans if any(i.actual is not None for i in p.indicators)
    }
    expected = sorted(scores, key=lambda t: (-(scores[t].normalized or 0), scores[t].plan.unit, t))
    grades = Counter(s.grade.value for s in scores.values() if s.grade)
    assert len(scores) == 54 and len(grades) >= 3  # the generator spreads the grades

    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(build_summary([("a.xlsx", plans)], DAY))))
    ranking = [[c.value for c in row] for row in book["得分排名"].iter_rows(min_row=2)]
    assert [row[2] for row in ranking] == expected
    assert [row[0] for row in ranking] == list(range(1, 55))
    assert [Decimal(str(row[5])) for row in ranking] == [scores[t].normalized for t in expected]

    overview = {row[0].value: row[1].value for row in book["汇总"].iter_rows()}
    assert overview["等级分布"] == "，".join(f"{g} {grades.get(g, 0)}" for g in "优良中差")
    assert overview["未填报实际值"] == "6"
    missing = [row[1].value for row in book["未填报实际值"].iter_rows(min_row=2)]
    assert missing == [p.title for i, p in enumerate(plans, 1) if i % 10 == 0]
    assert len(book["汇总"]._images) == 2  # the grade and ranking charts


def test_it_sums_budget_execution_by_unit() -> None:
    plans = generated_plans(16)
    summary = build_summary([("a", plans[:8]), ("b", plans[8:])], DAY)
    by_unit = {unit: (a, e, n) for unit, a, e, _, n in summary.budget_by_unit()}
    for unit in {p.unit for p in plans}:
        mine = [p for p in plans if p.unit == unit and p.budget is not None]
        assert by_unit[unit][0] == sum(p.budget.annual or 0 for p in mine if p.budget)
        assert by_unit[unit][2] == len(mine)


def test_it_lists_frequent_and_serious_findings() -> None:
    plans = generated_plans(5)
    for plan in plans:
        plan.indicators[0].weight = None  # weight-missing, and the weights no longer sum to 90
    summary = build_summary([("a", plans)], DAY)
    frequent = {code: (count, affected) for code, _, count, affected, _ in summary.frequent_findings()}
    assert frequent["weight-missing"] == (5, 5)
    serious = [f.severity.value for _, f in summary.serious_findings()]
    assert serious and set(serious) <= {"error", "warning"}
    assert serious == sorted(serious, key=["error", "warning"].index)  # errors first


def test_it_writes_a_pdf_summary_with_the_ranking() -> None:
    plans = generated_plans(8, missing_every=4)
    pdf = summary_pdf(build_summary([("a", plans)], DAY))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
        fonts = {char["fontname"].split("+")[-1] for page in document.pages for char in page.chars}
    assert "预算绩效自评结果汇总" in text and "得分排名" in text and "尚未填报实际值的表" in text
    assert fonts == {"NotoSansSC-jixiao"}


def test_it_summarises_files_from_the_command_line(tmp_path: Path) -> None:
    files = []
    for n, chunk in enumerate((generated_plans(3, seed=1), generated_plans(3, seed=2))):
        path = tmp_path / f"unit{n}.json"
        path.write_bytes(dumps(plans_to_dict(chunk)))
        files.append(str(path))
    out = tmp_path / "summary.xlsx"
    result = jixiao(*["summary", *files, "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert len(list(book["得分排名"].iter_rows(min_row=2))) == 6


def test_it_counts_plans_by_grade_in_whole_numbers_on_the_chart() -> None:
    # Two plans 优 and two 良: the axis of a count shows 0, 1, 2 — never 0.5 or 1.5 plans.
    from jixiao.documents.writers.charts import grade_figure

    figure = grade_figure([("优", 2), ("良", 2), ("中", 0), ("差", 0)])
    figure.canvas.draw()
    ticks = [t for t in figure.axes[0].get_yticks() if 0 <= t <= 2]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks


def test_it_names_the_file_of_each_plan_missing_actual_values_in_the_pdf() -> None:
    # Two departments hand in tables of the same name: the bureau must see which file to chase.
    plans = generated_plans(2, seed=3)
    blank = [
        replace(p, indicators=[replace(i, actual=None) for i in p.indicators], budget=None) for p in plans
    ]
    summary = build_summary([("甲单位/目标表.xlsx", blank[:1]), ("乙单位/目标表.xlsx", blank[1:])], day=DAY)
    assert len(summary.missing) == 2
    with pdfplumber.open(io.BytesIO(summary_pdf(summary))) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "甲单位/目标表.xlsx" in text and "乙单位/目标表.xlsx" in text
