"""Template filters of the workflow's notes on a plan's table: ``{{ notes.rows|at:row.index }}`` (the
comments beside a row, or a field's), ``{{ notes|explained:finding }}`` (the submitter's explanation)."""

from __future__ import annotations

from typing import Any

from django import template

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
