"""Template filters of the workflow's notes on a plan's table: ``{{ notes.rows|at:row.index }}`` (the
comments beside a row, or a field's), ``{{ notes|explained:finding }}`` (the submitter's explanation);
and ``{% finding_items findings notes %}``, the review's findings (审核意见) as list items."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from jixiao.core.review import Finding
from jixiao.web.workflow.notes import Notes

register = template.Library()


@register.filter
def at(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or an empty list when absent (or when there is no mapping)."""
    return mapping.get(key, []) if isinstance(mapping, dict) else []


@register.filter
def explained(notes: Any, finding: Finding) -> str:
    """The submitter's explanation of ``finding`` in ``notes`` ("" when none)."""
    return notes.explanation(finding) if isinstance(notes, Notes) else ""


@register.simple_tag
def finding_items(findings: Iterable[Finding], notes: Any = None) -> SafeString:
    """The findings as ``<li class="finding SEVERITY">``: the indicator (else （整表）), the message, the
    code, and the submitter's explanation when ``notes`` hold one; one item saying 未发现问题 when there
    are none.

    Written as escaped strings rather than a template loop: a plan has some thirty findings, and
    resolving their template variables was a tenth of the plan page's time."""
    items = []
    for f in findings:
        text = explained(notes, f)
        note = f'<span class="explained">提交说明：{escape(text)}</span>' if text else ""
        items.append(
            f'<li class="finding {f.severity.value}"><b>{escape(f.indicator or "（整表）")}</b>：'
            f'{escape(f.message)} <code class="tag">{escape(f.code)}</code>{note}</li>'
        )
    return mark_safe("".join(items) or "<li>未发现问题。</li>")
