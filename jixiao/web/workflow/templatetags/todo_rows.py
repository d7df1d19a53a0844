"""Template tag of the to-do list (待办): the table's rows, written in Python."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from jixiao.core import workflow as flow
from jixiao.web.links import id_link
from jixiao.web.workflow.todo import Item

register = template.Library()


@register.simple_tag
def todo_rows(items: Sequence[Item]) -> SafeString:
    """The rows of the to-do table, one ``<tr>`` an item (``class="overdue"`` when overdue): 年度, 单位,
    the plan's title (else its kind) linked to the plan, 环节 (with 被退回 when returned), 由您办理, 截止日期
    (with 已逾期; "—" when none), the links (复核 in 财政复核, 时间线).

    Written as escaped strings rather than template variables: a finance reviewer's page lists 200
    items, and resolving their template variables was some half of the page's time."""
    detail, timeline, recheck = id_link("plan-detail"), id_link("plan-timeline"), id_link("plan-recheck")
    rows = []
    for item in items:
        plan = item.plan
        title = escape(plan.name)
        returned = ' <span class="badge returned">被退回</span>' if item.returned else ""
        late = ' <span class="badge overdue">已逾期</span>' if item.overdue else ""
        due = f"{item.deadline:%Y-%m-%d}{late}" if item.deadline else "—"
        links = (
            f'<a href="{recheck(plan.pk)}">复核</a> · '
            if item.state is flow.State.EVAL_FINANCE_REVIEW
            else ""
        )
        rows.append(
            f'  <tr class="{"overdue" if item.overdue else ""}">\n'
            f'    <td class="center">{plan.year}</td>\n'
            f"    <td>{escape(plan.unit)}</td>\n"
            f'    <td><a href="{detail(plan.pk)}">{title}</a></td>\n'
            f"    <td>{escape(item.state.label)}{returned}</td>\n"
            f"    <td>{escape(item.role.label)}</td>\n"
            f'    <td class="center">{due}</td>\n'
            f'    <td>{links}<a href="{timeline(plan.pk)}">时间线</a></td>\n'
            "  </tr>\n"
        )
    return mark_safe("".join(rows))
