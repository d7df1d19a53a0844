"""The finance bureau's summary (财政局汇总): many plans at once, as .xlsx or .pdf.

From every plan of every file: the grade distribution (等级分布), the ranking by normalized score
(得分排名), the most frequent and the most serious review findings (常见问题 / 严重问题), budget
execution by unit (各单位预算执行), and the plans still missing actual values (未填报实际值). A plan
with no actual value is not scored and not ranked: it is listed as missing. Charts: the grade
distribution and the ranking.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.core.model import Plan
from jixiao.core.summary import GRADES, SEVERITY_ORDER, findings_by_code, grade_distribution, ranked
from jixiao.documents.writers import charts
from jixiao.documents.writers.cells import money, percent, points, printable_plan, unbreakable_width
from jixiao.documents.writers.export import output_format, score_of, write_bytes
from jixiao.documents.writers.tables import is_self_evaluation

if TYPE_CHECKING:
    from jixiao.core.review import Finding
    from jixiao.core.scoring import PlanScore

SUMMARY_FORMATS = ("xlsx", "pdf")
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(slots=True)
class Entry:
    """One plan in the summary."""

    file: str
    plan: Plan
    score: PlanScore | None  # None: no actual values yet
    findings: list[Finding]

    @property
    def name(self) -> str:
        return self.plan.info.get("项目名称") or self.plan.title or self.plan.unit


@dataclass(slots=True)
class Summary:
    entries: list[Entry]
    day: date
    notes: list[str] = field(default_factory=list)  # what the summary did that the user should know

    @property
    def plan_count(self) -> int:
        return len(self.entries)

    @property
    def ranked(self) -> list[Entry]:
        """Scored plans, best normalized score first (ties: by unit, then name)."""
        return ranked(
            self.entries,
            lambda e: None if e.score is None else e.score.normalized,
            lambda e: (e.plan.unit, e.name),
        )

    @property
    def missing(self) -> list[Entry]:
        return [e for e in self.entries if e.score is None]

    def grade_counts(self) -> list[tuple[str, int]]:
        return grade_distribution(
            e.score.grade.value if e.score is not None and e.score.grade else None for e in self.entries
        )

    def frequent_findings(self, limit: int = 10) -> list[tuple[str, str, int, int, str]]:
        """(code, severity, occurrences, plans affected, an example message), most frequent first."""
        return findings_by_code(
            (
                (index, f.code, f.severity.value, f.message, 1)
                for index, e in enumerate(self.entries)
                for f in e.findings
            ),
            limit,
        )

    def serious_findings(self, limit: int = 20) -> list[tuple[Entry, Finding]]:
        """Errors first, then warnings, in document order."""
        found = [(e, f) for e in self.entries for f in e.findings if f.severity.value in ("error", "warning")]
        found.sort(key=lambda ef: SEVERITY_ORDER.get(ef[1].severity.value, 9))
        return found[:limit]

    def budget_by_unit(self) -> list[tuple[str, Decimal, Decimal, Decimal | None, int]]:
        """(unit, 全年预算数, 全年执行数, 执行率, plans) per unit, by unit name."""
        totals: dict[str, list[Decimal]] = {}
        counts: Counter[str] = Counter()
        for entry in self.entries:
            budget = entry.plan.budget
            if budget is None or budget.annual is None:
                continue
            unit = entry.plan.unit or "（未注明单位）"
            annual, executed = totals.setdefault(unit, [Decimal(0), Decimal(0)])
            totals[unit] = [annual + budget.annual, executed + (budget.executed or 0)]
            counts[unit] += 1
        return [(unit, a, e, (e / a) if a else None, counts[unit]) for unit, (a, e) in sorted(totals.items())]


def _normalized(entry: Entry) -> Decimal:
    assert entry.score is not None and entry.score.normalized is not None
    return entry.score.normalized


def build_summary(sources: Sequence[tuple[str, Sequence[Plan]]], day: date | None = None) -> Summary:
    """Score and review every plan of every (file, plans) source."""
    from jixiao.core.review import review_plans
    from jixiao.core.rules.resolve import resolve_rule

    entries: list[Entry] = []
    notes: list[str] = []
    seen: dict[tuple[object, ...], Entry] = {}
    for file, read in sources:
        plans = [printable_plan(plan) for plan in read]
        findings = review_plans(plans, resolve_rule)
        for index, plan in enumerate(plans):
            score = score_of(plan) if is_self_evaluation(plan) else None
            entry = Entry(file, plan, score, [f for f in findings if f.plan == index])
            key = plan_identity(plan)
            first = seen.get(key)
            if first is None:
                seen[key] = entry
                entries.append(entry)
                continue
            notes.append(f"「{file}」中的「{entry.name}」与「{first.file}」中的是同一张表，只计一次")
            if _reported(plan) > _reported(first.plan):  # keep the copy with more actual values
                entries[entries.index(first)] = seen[key] = entry
    return Summary(entries, day or date.today(), notes)


def plan_identity(plan: Plan) -> tuple[object, ...]:
    """What makes two plans the same table (同一张表): kind, unit, title and the indicators' names,
    comparators and targets — a table and its own export, or the same file given twice, agree on
    these; the actual values may differ (a target table and its self-evaluation)."""
    indicators = tuple(sorted((i.name, i.comparator.value, str(i.target)) for i in plan.indicators))
    return (plan.kind, plan.unit, plan.title, indicators)


def _reported(plan: Plan) -> int:
    return sum(1 for i in plan.indicators if i.actual is not None)


def write_summary(
    sources: Sequence[tuple[str, Sequence[Plan]]], path: Path, day: date | None = None
) -> Summary:
    """Write the summary to ``path`` (.xlsx or .pdf by its suffix); the summary written (its notes
    say which plans were given twice and counted once)."""
    fmt = output_format(path, SUMMARY_FORMATS)
    summary = build_summary(sources, day)
    write_bytes(path, summary_xlsx(summary) if fmt == "xlsx" else summary_pdf(summary))
    return summary


# ── the tables, shared by both formats ───────────────────────────────────────────────────────

RANKING_HEADINGS = ("名次", "单位", "项目（表）", "总分", "满分", "百分制得分", "等级", "预算执行率", "文件")
FREQUENT_HEADINGS = ("问题", "级别", "出现次数", "涉及表数", "示例")
SERIOUS_HEADINGS = ("级别", "单位", "项目（表）", "指标", "问题与建议")
BUDGET_HEADINGS = ("单位", "全年预算数（万元）", "全年执行数（万元）", "执行率", "表数")
MISSING_HEADINGS = ("单位", "项目（表）", "文件")


def ranking_rows(summary: Summary) -> list[tuple[Any, ...]]:
    rows = []
    for rank, entry in enumerate(summary.ranked, 1):
        score = entry.score
        assert score is not None
        rows.append(
            (
                rank,
                entry.plan.unit,
                entry.name,
                score.total,
                score.max_total,
                score.normalized,
                score.grade.value if score.grade else "",
                score.budget_rate,
                entry.file,
            )
        )
    return rows


def overview(summary: Summary) -> list[tuple[str, str]]:
    ranked = summary.ranked
    counts = dict(summary.grade_counts())
    average = sum((_normalized(e) for e in ranked), Decimal(0)) / len(ranked) if ranked else None
    return [
        ("汇总日期", f"{summary.day.year}年{summary.day.month}月{summary.day.day}日"),
        ("表数", str(len(summary.entries))),
        ("已评分", str(len(ranked))),
        ("未填报实际值", str(len(summary.missing))),
        ("等级分布", "，".join(f"{g} {counts[g]}" for g in GRADES)),
        ("平均百分制得分", points(average) if average is not None else "—"),
        ("审核问题", f"{sum(len(e.findings) for e in summary.entries)} 条"),
    ]


# ── xlsx ─────────────────────────────────────────────────────────────────────────────────────


def summary_xlsx(summary: Summary) -> bytes:
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as XlImage
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from jixiao.documents.writers.fonts import BODY_FONT, HEADING_FONT
    from jixiao.documents.writers.tables_xlsx import write_value

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font = Font(name=HEADING_FONT, bold=True, size=10.5, charset=134)
    body_font = Font(name=BODY_FONT, size=10.5, charset=134)
    workbook = Workbook()

    def sheet(
        title: str, headings: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]
    ) -> Any:
        ws = workbook.create_sheet(title)
        for c, (heading, width) in enumerate(zip(headings, widths, strict=True), 1):
            cell = ws.cell(1, c)
            write_value(cell, heading)
            cell.font, cell.border = head_font, border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            needed = max((unbreakable_width(row[c - 1]) for row in rows if c - 1 < len(row)), default=0.0)
            ws.column_dimensions[get_column_letter(c)].width = max(width, needed)
        for r, row in enumerate(rows, 2):
            for c, value in enumerate(row, 1):
                cell = ws.cell(r, c)
                if isinstance(value, int) and not isinstance(value, bool):
                    value = Decimal(value)
                fmt = (
                    "0.00%"
                    if headings[c - 1] in ("执行率", "预算执行率")
                    else ("0.00" if "万元" in headings[c - 1] else "General")
                )
                write_value(cell, value, fmt)
                cell.font, cell.border = body_font, border
                cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.freeze_panes = "A2"
        return ws

    first = workbook.active
    overview_sheet = sheet("汇总", ("项目", "内容"), overview(summary), (16, 40))
    for name, png, anchor in (
        ("grades", charts.grade_chart(summary.grade_counts()), "D1"),
        ("ranking", charts.ranking_chart([(e.name, _normalized(e)) for e in summary.ranked]), "D16"),
    ):
        image = XlImage(io.BytesIO(png))
        image.width, image.height = image.width * 0.5, image.height * 0.5
        overview_sheet.add_image(image, anchor)
        del name
    sheet("得分排名", RANKING_HEADINGS, ranking_rows(summary), (6, 24, 30, 8, 8, 10, 6, 10, 24))
    sheet(
        "常见问题",
        FREQUENT_HEADINGS,
        _frequent_rows(summary),
        (22, 6, 9, 9, 70),
    )
    sheet(
        "严重问题",
        SERIOUS_HEADINGS,
        _serious_rows(summary),
        (6, 22, 26, 22, 70),
    )
    sheet("预算执行", BUDGET_HEADINGS, summary.budget_by_unit(), (26, 16, 16, 10, 6))
    sheet(
        "未填报实际值",
        MISSING_HEADINGS,
        [(e.plan.unit, e.name, e.file) for e in summary.missing],
        (26, 30, 30),
    )
    if first is not None:
        workbook.remove(first)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ── pdf ──────────────────────────────────────────────────────────────────────────────────────


def _cell(value: Any, heading: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        if "率" in heading:
            return percent(value)
        if "万元" in heading:
            return money(value)
        return points(value)
    return str(value)


def _html_table(headings: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]) -> str:
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    head = "".join(f"<th>{escape(h)}</th>" for h in headings)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{escape(_cell(v, h))}</td>" for v, h in zip(row, headings, strict=True))
        + "</tr>"
        for row in rows
    )
    if not rows:
        body = f"<tr><td colspan='{len(headings)}' class='muted'>无</td></tr>"
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def summary_html(summary: Summary, embed_font: bool = False) -> str:
    from string import Template

    from jixiao.documents.writers.report import TEMPLATES, _img, font_face

    css = Template((TEMPLATES / "report.css").read_text(encoding="utf-8")).substitute(
        font_face=font_face() if embed_font else ""
    )
    parts = [
        "<h1 style='text-align:center'>预算绩效自评结果汇总</h1>",
        "<h2>一、总体情况</h2>",
        "<table class='facts'>"
        + "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in overview(summary))
        + "</table>",
        _img(charts.grade_chart(summary.grade_counts()), "等级分布"),
        "<h2>二、得分排名</h2>",
        _html_table(
            RANKING_HEADINGS[:-1], [row[:-1] for row in ranking_rows(summary)], (6, 20, 30, 8, 7, 9, 6, 14)
        ),
        _img(charts.ranking_chart([(e.name, _normalized(e)) for e in summary.ranked]), "得分排名"),
        "<h2>三、常见问题</h2>",
        _html_table(
            FREQUENT_HEADINGS,
            _frequent_rows(summary),
            (18, 7, 8, 8, 59),
        ),
        "<h2>四、严重问题</h2>",
        _html_table(
            SERIOUS_HEADINGS,
            _serious_rows(summary),
            (7, 16, 20, 17, 40),
        ),
        "<h2>五、各单位预算执行情况</h2>",
        _html_table(BUDGET_HEADINGS, summary.budget_by_unit(), (30, 22, 22, 14, 12)),
        "<h2>六、尚未填报实际值的表</h2>",
        # The file too: plans of the same name (one per file) must be told apart to be chased.
        _html_table(MISSING_HEADINGS, [(e.plan.unit, e.name, e.file) for e in summary.missing], (30, 35, 35)),
    ]
    return Template((TEMPLATES / "report.html").read_text(encoding="utf-8")).substitute(
        title="预算绩效自评结果汇总", css=css, body="\n".join(parts)
    )


def summary_pdf(summary: Summary) -> bytes:
    from jixiao.documents.writers.report import html_to_pdf

    return html_to_pdf(summary_html(summary, embed_font=True))


def _frequent_rows(summary: Summary) -> list[tuple[str, str, int, int, str]]:
    """The most frequent findings as table rows, severity in Chinese."""
    from jixiao.core.review import describe_code

    return [
        (describe_code(c), SEVERITY_NAMES.get(s, s), n, p, m) for c, s, n, p, m in summary.frequent_findings()
    ]


def _serious_rows(summary: Summary) -> list[tuple[str, str, str, str, str]]:
    """The most serious findings as table rows: severity, unit, plan, indicator, message."""
    return [
        (SEVERITY_NAMES.get(f.severity.value, ""), e.plan.unit, e.name, f.indicator or "（整表）", f.message)
        for e, f in summary.serious_findings()
    ]
