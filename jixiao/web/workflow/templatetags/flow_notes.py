"""Template filters of the workflow's notes on a plan's table: ``{{ notes.rows|at:row.index }}`` (the
comments beside a row, or a field's), ``{{ notes|explained:finding }}`` (the submitter's explanation);
and the lists of findings written in Python: ``{% finding_items findings notes %}`` (审核意见), and the
workflow panel's ``explanation_inputs``, ``explained_items`` and ``comment_row_inputs``."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from jixiao.core.review import Finding
from jixiao.web.workflow.notes import Notes
from jixiao.web.workflow.panel import ToExplain

register = template.Library()


@register.filter
def at(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or an empty list when absent (or when there is no mapping)."""
    return mapping.get(key, []) if isinstance(mapping, dict) else []


@register.filter
def explained(notes: Any, finding: Finding) -> str:
    """The submitter's explanation of ``finding`` in ``notes`` ("" when none)."""
    return notes.explanation(finding) if isinstance(notes, Notes) else ""


def _finding(f: Finding) -> str:
    """A finding as the lists write it: the indicator (else （整表）) in bold, the message, the code."""
    return f'<b>{escape(f.indicator or "（整表）")}</b>：{escape(f.message)} <code class="tag">{escape(f.code)}</code>'


@register.simple_tag
def finding_items(findings: Iterable[Finding], notes: Any = None) -> SafeString:
    """The findings as ``<li class="finding SEVERITY">`` (``_finding``), with the submitter's
    explanation when ``notes`` hold one; one item saying 未发现问题 when there are none.

    This and the panel's lists below are written as escaped strings rather than template loops: a plan
    has some thirty findings, and resolving their template variables was a tenth of the plan page's
    time (the sheet's list), and the panel's lists another tenth."""
    items = []
    for f in findings:
        text = explained(notes, f)
        note = f'<span class="explained">提交说明：{escape(text)}</span>' if text else ""
        items.append(f'<li class="finding {f.severity.value}">{_finding(f)}{note}</li>')
    return mark_safe("".join(items) or "<li>未发现问题。</li>")


@register.simple_tag
def explanation_inputs(warnings: Iterable[ToExplain]) -> SafeString:
    """The warnings a submitter must explain, each an ``<li>`` with the finding and a one-line input
    named after it (``ToExplain.name``) holding the text so far."""
    return mark_safe(
        "".join(
            f'<li>\n    <span class="finding warning">{_finding(w.finding)}</span>\n'
            f'    <input name="{escape(w.name)}" class="explain" maxlength="500" value="{escape(w.text)}" '
            f'aria-label="说明：{escape(w.finding.indicator or "整表")} {escape(w.finding.code)}" '
            'placeholder="一句话说明">\n  </li>'
            for w in warnings
        )
    )


@register.simple_tag
def explained_items(pairs: Iterable[tuple[Finding, str]]) -> SafeString:
    """The submitter's explanations as the reviewer reads them: the warning, then 说明：the text."""
    return mark_safe(
        "".join(
            f'<li><span class="finding warning">{_finding(f)}</span>说明：{escape(text)}</li>'
            for f, text in pairs
        )
    )


@register.simple_tag
def comment_row_inputs(rows: Iterable[tuple[int, str, str]]) -> SafeString:
    """A return's comment inputs, one table row per indicator row ``(id, name, text so far)``: the
    input named ``comment-row-<id>``."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row">{escape(name)}</th><td><input name="comment-row-{row_id}" '
            f'aria-label="对「{escape(name)}」的意见" value="{escape(text)}"></td></tr>'
            for row_id, name, text in rows
        )
    )
