"""``jixiao report``: the self-evaluation report as .pdf, .html and .docx, and its charts."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from docx import Document
from PIL import Image

from jixiao.core.rules.resolve import rule_of
from jixiao.core.scoring import score_plan
from jixiao.documents.writers import charts
from jixiao.documents.writers.report import build_report, render_report
from jixiao.documents.writers.samples import sample_project
from tests.cli_helpers import jixiao

DAY = date(2024, 3, 15)


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return render_report(build_report([sample_project(with_actuals=True)], day=DAY), "pdf")


def non_background_share(image: Image.Image) -> float:
    """The share of pixels that are not (near) white."""
    grey = image.convert("L")
    histogram = grey.histogram()
    return sum(histogram[:240]) / (grey.width * grey.height)


def test_it_renders_the_pdf_with_its_cjk_font_embedded(report_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(report_pdf)) as pdf:
        fonts = {char["fontname"] for page in pdf.pages for char in page.chars}
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    # One font, the shipped one, embedded as a subset ("ABCDEF+" prefix).
    assert {name.split("+", 1)[-1] for name in fonts} == {"NotoSansSC-jixiao"}, fonts
    assert all("+" in name for name in fonts)
    for words in (
        "项目支出绩效自评报告",
        "2024年3月15日",
        "预算执行率",
        "95.04%",
        "偏差原因分析及改进措施",
        "良",
    ):
        assert words in text
    assert "第 2 页 共" in text  # page numbers (the title page has none)


def test_it_renders_pdf_pages_with_content(report_pdf: bytes) -> None:
    document = pypdfium2.PdfDocument(report_pdf)
    assert len(document) >= 3
    for index in (0, 2):  # the title page and the indicator page
        image = document[index].render(scale=0.5).to_pil()
        assert non_background_share(image) > 0.002


def test_it_draws_charts_with_content() -> None:
    score = score_plan(sample_project(with_actuals=True), rule_of)
    for png in (charts.category_chart(score), charts.completion_chart(score), charts.budget_chart(score)):
        image = Image.open(io.BytesIO(png))
        assert image.width > 500 and image.height > 200
        assert non_background_share(image) > 0.03


def test_it_writes_an_html_report_that_needs_no_network() -> None:
    html = render_report(build_report([sample_project(with_actuals=True)], day=DAY), "html").decode()
    assert "http://" not in html and "https://" not in html
    assert html.count("data:image/png;base64,") == 3
    assert "各指标完成率" in html and "审核发现的问题" in html
    assert "完成率 90%（27 ÷ 30）" in html  # each score's explanation


def test_it_writes_a_word_report() -> None:
    data = render_report(build_report([sample_project(with_actuals=True)], day=DAY), "docx")
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "项目支出绩效自评报告" in text and "报告日期：2024年3月15日" in text
    assert "总分 83.5 分" in text
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "培训企业人次" in cells and "95.04%" in cells
    assert len(document.inline_shapes) == 3
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer


def test_it_leaves_findings_and_internal_reasons_out_of_a_public_report() -> None:
    html = render_report(
        build_report([sample_project(with_actuals=True)], public=True, day=DAY), "html"
    ).decode()
    assert "审核发现的问题" not in html
    assert "两家企业投产推迟" not in html and "13812345678" not in html
    assert "服务流程较长" in html


def test_it_writes_reports_from_the_command_line(tmp_path: Path) -> None:
    from jixiao.core.serialize import plans_to_dict
    from jixiao.documents.jsonio import dumps

    source = tmp_path / "plans.json"
    source.write_bytes(dumps(plans_to_dict([sample_project(with_actuals=True)])))
    out = tmp_path / "report.html"
    result = jixiao(*["report", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "中小企业发展专项资金" in out.read_text(encoding="utf-8")


def test_it_does_not_call_a_plan_without_actual_values_complete() -> None:
    # A report of targets alone (no --actuals) must not say every indicator was completed, nor
    # give a total of 0 out of 0: nothing was reported yet.
    report = build_report([sample_project(with_actuals=False)], day=DAY)
    html = render_report(report, "html").decode()
    assert "各项指标均已完成" not in html and "总分 0 分" not in html
    assert "尚未填报实际完成值，无法分析偏差" in html
    assert "尚未填报实际完成值，未计分" in html
    document = Document(io.BytesIO(render_report(report, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "各项指标均已完成" not in text and "尚未填报实际完成值，未计分" in text


def test_it_keeps_a_negative_completion_rate_inside_the_chart() -> None:
    # A growth rate that fell (-2% against ≥5%: completion -40%): its label must not sit left of
    # the axis, over the indicator's name.
    from dataclasses import replace

    from jixiao.documents.writers.charts import completion_figure

    plan = sample_project(with_actuals=True)
    first = plan.indicators[0]
    plan = replace(plan, indicators=[replace(first, actual=-first.target), *plan.indicators[1:]])  # type: ignore[operator]
    score = score_plan(plan, rule_of)
    assert score.indicators[0].completion is not None and score.indicators[0].completion < 0
    figure = completion_figure(score)
    labels = {t.get_text(): t.get_position()[0] for t in figure.axes[0].texts}
    assert "-100.0%" in labels and labels["-100.0%"] >= 0, labels
    assert all(x >= 0 for x in labels.values())
