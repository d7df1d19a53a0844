"""The self-evaluation report (绩效自评报告): .html, .pdf (WeasyPrint) and .docx.

For each plan: a title page with the date, the basic facts, the yearly goal against what was
achieved, budget execution, the indicator table with completion, points and each score's
explanation, deviations and measures, the review findings, the total and the grade, and three charts
(points by category against their weights, completion by indicator with the 100% line, budget
execution). The HTML and the PDF come from one template (``templates/report*.html`` and
``report.css``); the PDF embeds the shipped CJK font through ``@font-face`` and fetches nothing but
local files and ``data:`` URLs. The Word report has the same sections, with 宋体/仿宋 named and a
page-number field in the footer.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

from jixiao.core.model import Plan, PlanKind
from jixiao.core.review import describe_code
from jixiao.documents.writers import charts
from jixiao.documents.writers.cells import money, percent, points, printable_plan, value_text
from jixiao.documents.writers.export import output_format, score_of, write_bytes
from jixiao.documents.writers.fonts import CJK_FONT_FILE
from jixiao.documents.writers.public import public_plan
from jixiao.documents.writers.tables import is_self_evaluation

if TYPE_CHECKING:
    from jixiao.core.review import Finding
    from jixiao.core.scoring import PlanScore

REPORT_FORMATS = ("docx", "pdf", "html")
NOT_FILLED = "尚未填报实际完成值"
TEMPLATES = Path(__file__).resolve().parent / "templates"
KIND_NAMES = {PlanKind.PROJECT: "项目支出", PlanKind.DEPARTMENT: "部门整体支出"}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
NUMBERS = "一二三四五六七八九十"


@dataclass(slots=True)
class PlanReport:
    """What one plan's report says: the plan, its computed score, the review findings, the charts."""

    plan: Plan
    score: PlanScore
    findings: list[Finding]
    charts: dict[str, bytes] = field(default_factory=dict)  # name → PNG

    @property
    def title(self) -> str:
        return f"{KIND_NAMES[self.plan.kind]}绩效自评报告"

    @property
    def subject(self) -> str:
        plan = self.plan
        name = plan.info.get("项目名称") or plan.title
        if plan.kind is PlanKind.DEPARTMENT:
            return plan.unit or name
        return name or plan.unit


@dataclass(slots=True)
class Report:
    plans: list[PlanReport]
    day: date
    public: bool = False


def build_report(plans: Sequence[Plan], public: bool = False, day: date | None = None) -> Report:
    """Score and review every plan and draw its charts."""
    from jixiao.core.review import review_plans
    from jixiao.core.rules.resolve import resolve_rule

    shown = [printable_plan(public_plan(p) if public else p) for p in plans]
    findings = [] if public else review_plans(shown, resolve_rule)
    reports = []
    for index, plan in enumerate(shown):
        score = score_of(plan)
        report = PlanReport(plan, score, [f for f in findings if f.plan == index])
        report.charts["category"] = charts.category_chart(score)
        if any(s.completion is not None for s in score.indicators):
            report.charts["completion"] = charts.completion_chart(score)
        if plan.budget is not None and plan.budget.annual is not None:
            report.charts["budget"] = charts.budget_chart(score)
        reports.append(report)
    return Report(reports, day or date.today(), public)


def write_report(plans: Sequence[Plan], path: Path, public: bool = False, day: date | None = None) -> None:
    """Write the self-evaluation report to ``path`` (.docx, .pdf or .html by its suffix)."""
    fmt = output_format(path, REPORT_FORMATS)
    write_bytes(path, render_report(build_report(plans, public, day), fmt))


def render_report(report: Report, fmt: str) -> bytes:
    if fmt == "html":
        return report_html(report).encode("utf-8")
    if fmt == "pdf":
        return html_to_pdf(report_html(report, embed_font=True))
    return report_docx(report)


# ── rows, shared by HTML and Word ────────────────────────────────────────────────────────────


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def facts(report: PlanReport) -> list[tuple[str, str]]:
    plan, score = report.plan, report.score
    rows = [("报告类型", f"{KIND_NAMES[plan.kind]}绩效自评")]
    if plan.kind is PlanKind.PROJECT:
        rows.append(("项目名称", plan.info.get("项目名称") or plan.title))
    rows.append(("单位名称", plan.unit))
    rows += [(label, value) for label, value in plan.info.items() if label != "项目名称"]
    if plan.duties:
        rows.append(("部门（单位）职责", plan.duties))
    rows.append(("指标个数", f"{len(plan.indicators)} 个（无指标的类别 {len(plan.placeholders)} 个）"))
    if is_self_evaluation(plan):
        rows.append(("自评得分", f"{points(score.total)} / {points(score.max_total)}，等级：{grade(score)}"))
    else:
        rows.append(("自评得分", f"未计分（{NOT_FILLED}）"))
    return [(k, v) for k, v in rows if v]


def grade(score: PlanScore) -> str:
    return score.grade.value if score.grade else "—"


def budget_rows(report: PlanReport) -> list[tuple[str, str]]:
    budget, score = report.plan.budget, report.score
    if budget is None:
        return []
    return [
        ("年初预算数（万元）", money(budget.initial) or "—"),
        ("全年预算数（万元）", money(budget.annual) or "—"),
        ("全年执行数（万元）", money(budget.executed) or "—"),
        ("预算执行率", percent(score.budget_rate) or "—"),
        ("得分（分值 10）", points(score.budget_score) or "—"),
    ]


INDICATOR_HEADINGS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "完成率",
    "分值",
    "得分",
    "计算说明",
)


def indicator_rows(report: PlanReport) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for s in report.score.indicators:
        ind = s.indicator
        target = f"{ind.comparator.symbol if ind.comparator.value != 'qualitative' else ''}{value_text(ind.target)}"
        rows.append(
            (
                ind.level1,
                ind.level2,
                ind.name,
                f"{target}{ind.unit}",
                f"{value_text(ind.actual)}{ind.unit if isinstance(ind.actual, Decimal) else ''}" or "未填报",
                percent(s.completion, 1) or "—",
                points(ind.weight) or "—",
                points(s.score) or "—",
                s.explanation,
            )
        )
    return rows


def deviation_rows(report: PlanReport) -> list[tuple[str, str, str, str]]:
    """Indicators not fully scored or with a stated reason: name, completion, points lost, reason."""
    rows = []
    for s in report.score.indicators:
        ind = s.indicator
        lost = (ind.weight - s.score) if ind.weight is not None and s.score is not None else None
        if ind.reason or (lost is not None and lost > 0):
            rows.append(
                (
                    ind.name,
                    percent(s.completion, 1) or "—",
                    points(lost) if lost else "0",
                    ind.reason or "（未填写偏差原因及改进措施）",
                )
            )
    return rows


def no_deviations(report: PlanReport) -> str:
    """What the deviations section says when no indicator lost points or states a reason."""
    if not is_self_evaluation(report.plan):
        return f"{NOT_FILLED}，无法分析偏差。"
    return "各项指标均已完成，无偏差。"


def conclusion(report: PlanReport) -> str:
    score = report.score
    if not is_self_evaluation(report.plan):
        return f"{NOT_FILLED}，未计分。"
    normalized = points(score.normalized) if score.normalized is not None else "—"
    return (
        f"总分 {points(score.total)} 分（满分 {points(score.max_total)} 分），折算百分制 {normalized} 分，"
        f"自评等级：{grade(score)}。"
    )


# ── HTML and PDF ─────────────────────────────────────────────────────────────────────────────


def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def _table(
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    classes: Sequence[str] = (),
    widths: Sequence[int] = (),
) -> str:
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    colgroup = f"<colgroup>{cols}</colgroup>" if cols else ""
    head = "".join(f"<th>{escape(h)}</th>" for h in headings)
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            css = classes[i] if i < len(classes) and classes[i] else ""
            attr = f' class="{css}"' if css else ""
            cells.append(f"<td{attr}>{_text(value)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table>{colgroup}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<div class="figure"><img alt="{escape(alt)}" src="data:image/png;base64,{data}"></div>'


def _plan_html(report: PlanReport, day: date, public: bool) -> str:
    plan = report.plan
    cover = [("单位", plan.unit), ("报告日期", chinese_date(day))]
    budget = budget_rows(report)
    budget_html = (
        "<table class='facts'>"
        + "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in budget)
        + "</table>"
        if budget
        else "<p class='muted'>本表未填列预算资金。</p>"
    )
    if "budget" in report.charts:
        budget_html += _img(report.charts["budget"], "预算执行情况")
    indicators = _table(
        INDICATOR_HEADINGS,
        indicator_rows(report),
        ("c", "c", "", "c", "c", "n", "n", "n", "explain"),
        (10, 10, 14, 9, 8, 8, 5, 6, 30),
    )
    chart_html = "".join(
        _img(report.charts[name], alt)
        for name, alt in (("category", "各类指标得分与分值"), ("completion", "各指标完成率"))
        if name in report.charts
    )
    deviations = deviation_rows(report)
    deviation_html = (
        _table(
            ("三级指标", "完成率", "扣分", "偏差原因分析及改进措施"),
            deviations,
            ("", "n", "n", ""),
            (25, 10, 8, 57),
        )
        if deviations
        else f"<p>{escape(no_deviations(report))}</p>"
    )
    number = 6
    findings_html = ""
    if not public:
        findings_html = f"<h2>{NUMBERS[number - 1]}、审核发现的问题</h2>"
        number += 1
        if report.findings:
            findings_html += _table(
                ("级别", "问题", "指标", "问题与建议"),
                [
                    (
                        SEVERITY_NAMES.get(f.severity.value, f.severity.value),
                        describe_code(f.code),
                        f.indicator or "（整表）",
                        f.message,
                    )
                    for f in report.findings
                ],
                ("c", "c", "", ""),
                (8, 18, 20, 54),
            )
        else:
            findings_html += "<p>未发现问题。</p>"
    return _template("report_plan.html").substitute(
        title=escape(report.title),
        subject=escape(report.subject),
        cover_facts="".join(f"<dt>{escape(k)}：</dt><dd>{escape(v)}</dd>" for k, v in cover if v),
        facts="".join(f"<tr><th>{escape(k)}</th><td>{_text(v)}</td></tr>" for k, v in facts(report)),
        goal=_text(plan.goal) or "—",
        achieved=_text(plan.achieved) or "（未填写）",
        budget=budget_html,
        indicators=indicators,
        charts=chart_html,
        deviations=deviation_html,
        findings_section=findings_html,
        conclusion_number=NUMBERS[number - 1],
        conclusion=f"{escape(conclusion(report))}<br><span class='grade'>{escape(grade(report.score))}</span>",
    )


def font_face() -> str:
    """The @font-face rule for the shipped CJK font, as a local file URL."""
    return f'@font-face {{ font-family: "NotoSansSC-jixiao"; src: url("{CJK_FONT_FILE.as_uri()}"); }}'


def report_html(report: Report, embed_font: bool = False) -> str:
    """The report as one HTML page; ``embed_font`` adds the shipped font (for WeasyPrint)."""
    css = Template((TEMPLATES / "report.css").read_text(encoding="utf-8")).substitute(
        font_face=font_face() if embed_font else ""
    )
    title = report.plans[0].title if len(report.plans) == 1 else "绩效自评报告"
    body = "\n".join(_plan_html(p, report.day, report.public) for p in report.plans)
    return _template("report.html").substitute(title=escape(title), css=css, body=body)


def local_only_fetcher() -> Any:
    """WeasyPrint's URL fetcher limited to ``file:`` and ``data:`` URLs: a report never goes online."""
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    return URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES), url_fetcher=local_only_fetcher()).write_pdf()
    return pdf


# ── Word ─────────────────────────────────────────────────────────────────────────────────────


def report_docx(report: Report) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm

    from jixiao.documents.writers.fonts import BODY_FONT, HEADING_FONT
    from jixiao.documents.writers.tables_docx import add_paragraph, new_document

    document = new_document(landscape=False)
    _page_number_footer(document)
    for index, plan_report in enumerate(report.plans):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for _ in range(6):
            document.add_paragraph()
        add_paragraph(document, plan_report.title, HEADING_FONT, 24, bold=True, center=True)
        add_paragraph(document, plan_report.subject, HEADING_FONT, 15, center=True)
        for _ in range(8):
            document.add_paragraph()
        add_paragraph(document, f"单位：{plan_report.plan.unit}", BODY_FONT, 13, center=True)
        add_paragraph(document, f"报告日期：{chinese_date(report.day)}", BODY_FONT, 13, center=True)
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

        number = iter(NUMBERS)

        def heading(text: str, number: Any = number) -> None:
            add_paragraph(document, f"{next(number)}、{text}", HEADING_FONT, 14, bold=True)

        heading("基本情况")
        _docx_table(document, ("项目", "内容"), facts(plan_report), widths=(4, 13))
        heading("年度总体目标完成情况")
        _docx_table(
            document,
            ("年度总体目标（预期目标）", "实际完成情况"),
            [(plan_report.plan.goal or "—", plan_report.plan.achieved or "（未填写）")],
            widths=(8.5, 8.5),
        )
        heading("预算执行情况")
        budget = budget_rows(plan_report)
        if budget:
            _docx_table(document, ("项目", "金额或比率"), budget, widths=(8.5, 8.5))
        else:
            add_paragraph(document, "本表未填列预算资金。", BODY_FONT, 10.5)
        if "budget" in plan_report.charts:
            document.add_picture(io.BytesIO(plan_report.charts["budget"]), width=Cm(15))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading("绩效指标完成情况")
        _docx_table(
            document,
            INDICATOR_HEADINGS,
            indicator_rows(plan_report),
            widths=(1.5, 1.7, 2.4, 1.6, 1.6, 1.4, 1.0, 1.0, 4.8),
            size=8,
        )
        for name in ("category", "completion"):
            if name in plan_report.charts:
                document.add_picture(io.BytesIO(plan_report.charts[name]), width=Cm(15))
                document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading("偏差原因分析及改进措施")
        deviations = deviation_rows(plan_report)
        if deviations:
            _docx_table(
                document,
                ("三级指标", "完成率", "扣分", "偏差原因分析及改进措施"),
                deviations,
                widths=(4, 2, 1.5, 9.5),
            )
        else:
            add_paragraph(document, no_deviations(plan_report), BODY_FONT, 10.5)
        if not report.public:
            heading("审核发现的问题")
            if plan_report.findings:
                _docx_table(
                    document,
                    ("级别", "问题", "指标", "问题与建议"),
                    [
                        (
                            SEVERITY_NAMES.get(f.severity.value, ""),
                            describe_code(f.code),
                            f.indicator or "（整表）",
                            f.message,
                        )
                        for f in plan_report.findings
                    ],
                    widths=(1.4, 3.2, 3.4, 9),
                    size=9,
                )
            else:
                add_paragraph(document, "未发现问题。", BODY_FONT, 10.5)
        heading("自评结论")
        add_paragraph(document, conclusion(plan_report), BODY_FONT, 12)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(
    document: Any,
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    size: float = 10,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    from jixiao.documents.writers.fonts import BODY_FONT, HEADING_FONT
    from jixiao.documents.writers.tables_docx import set_run_font

    table = document.add_table(rows=len(rows) + 1, cols=len(headings))
    table.style = "Table Grid"
    table.autofit = False
    grid = [row.cells for row in table.rows]
    for r, values in enumerate([headings, *rows]):
        for c, value in enumerate(values):
            cell = grid[r][c]
            cell.width = Cm(widths[c])
            paragraph = cell.paragraphs[0]
            if r == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(paragraph.add_run(value), HEADING_FONT if r == 0 else BODY_FONT, size, bold=r == 0)


def _page_number_footer(document: Any) -> None:
    """A centred "第 N 页" footer with a PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from jixiao.documents.writers.fonts import BODY_FONT
    from jixiao.documents.writers.tables_docx import set_run_font

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run("第 "), BODY_FONT, 9)
    run = paragraph.add_run()
    set_run_font(run, BODY_FONT, 9)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    set_run_font(paragraph.add_run(" 页"), BODY_FONT, 9)
