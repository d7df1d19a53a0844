"""Seconds per report (报告生成速度): a 30-indicator self-evaluation as .docx + .xlsx, and as a PDF.

Goals: ≤ 1 s for the .docx plus the .xlsx, ≤ 2 s for the PDF. Times are taken in one process after a
warm-up run (imports, font registration), as a server or batch run sees them; the cold first run is
printed too. The PDF is fast only with Debian's libharfbuzz-subset0 (WeasyPrint subsets fonts
with it; without it, fontTools takes several seconds per font).
"""

from __future__ import annotations

import ctypes.util
import time
from decimal import Decimal

from jixiao.core.model import Plan
from jixiao.documents.writers.export import export_tables
from jixiao.documents.writers.report import build_report, render_report
from jixiao.documents.writers.samples import generated_plans


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
    print(
        f"goals: tables ≤ 1 s {'met' if tables <= 1 else 'MISSED'}; PDF ≤ 2 s {'met' if pdf <= 2 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
