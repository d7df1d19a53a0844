"""Seconds per report (报告生成速度): a 30-indicator self-evaluation as .docx + .xlsx, and as a PDF;
and the CPU milliseconds of the .xlsx tables writer alone (what the plan page's 下载 .xlsx costs).

Goals: ≤ 1 s for the .docx plus the .xlsx, ≤ 2 s for the PDF. Times are taken in one process after a
warm-up run (imports, font registration), as a server or batch run sees them; the cold first run is
printed too. The PDF is fast only with Debian's libharfbuzz-subset0 (WeasyPrint subsets fonts
with it; without it, fontTools takes several seconds per font).
"""

from __future__ import annotations

import ctypes.util
import statistics
import time
from decimal import Decimal
from pathlib import Path

from jixiao.core.actuals import apply_actuals
from jixiao.core.model import Plan
from jixiao.documents.load import load_plans
from jixiao.documents.writers.export import export_tables, plan_tables
from jixiao.documents.writers.report import build_report, render_report
from jixiao.documents.writers.samples import generated_plans
from jixiao.documents.writers.tables_xlsx import tables_workbook

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def plan_with(indicators: int) -> Plan:
    plan = generated_plans(1, indicators=indicators)[0]
    for ind in plan.indicators:
        ind.reason = "受项目进度影响未完全达标，下一步加强调度。" if ind.actual != ind.target else ""
    plan.achieved = "完成年度主要任务。"
    assert len(plan.indicators) == indicators and plan.budget is not None
    plan.budget.initial = plan.budget.annual or Decimal(0)
    return plan


def timed(label: str, action: object, runs: int = 3) -> float:
    assert callable(action)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<44} {best:6.3f} s")
    return best


def writer_ms(label: str, plans: list[Plan], runs: int = 20) -> None:
    """CPU milliseconds of ``tables_workbook`` for the plans' tables (laid out once), median of ``runs``."""
    tables = plan_tables(plans)
    tables_workbook(tables)
    times = []
    for _ in range(runs):
        start = time.process_time()
        tables_workbook(tables)
        times.append((time.process_time() - start) * 1000)
    print(f"{label:<44} {statistics.median(times):6.1f} ms CPU (median of {runs})")


def main() -> None:
    plan = plan_with(30)
    harfbuzz = ctypes.util.find_library("harfbuzz-subset")
    print(f"libharfbuzz-subset: {'found' if harfbuzz else 'NOT FOUND — PDFs will be slow'}")
    start = time.perf_counter()
    render_report(build_report([plan]), "pdf")
    print(f"{'cold first PDF report (imports, fonts)':<44} {time.perf_counter() - start:6.3f} s")

    tables = timed(
        "30-indicator tables: .docx + .xlsx",
        lambda: (export_tables([plan], "docx"), export_tables([plan], "xlsx")),
    )
    timed("30-indicator report: .docx (with charts)", lambda: render_report(build_report([plan]), "docx"))
    pdf = timed("30-indicator report: .pdf (with charts)", lambda: render_report(build_report([plan]), "pdf"))
    report = build_report([plan])
    timed("  of which HTML → PDF (WeasyPrint)", lambda: render_report(report, "pdf"))
    seed = load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt")
    evaluated = apply_actuals(seed, load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"))
    writer_ms(".xlsx writer: the seed's first target table", seed[:1])
    writer_ms(".xlsx writer: its self-evaluation table", evaluated[:1])
    writer_ms(".xlsx writer: 30-indicator self-evaluation", [plan])
    print(
        f"goals: tables ≤ 1 s {'met' if tables <= 1 else 'MISSED'}; PDF ≤ 2 s {'met' if pdf <= 2 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
