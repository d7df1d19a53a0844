"""Template tag of the plan list (绩效目标表列表, and the home page's recent plans): the table's rows,
written in Python."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from jixiao.web.links import id_link
from jixiao.web.plans.views import ListedPlan

register = template.Library()


@register.simple_tag
def plan_rows(plans: Iterable[ListedPlan]) -> SafeString:
    """The rows of the plan table, one ``<tr>`` a plan (``plans.views.ListedPlan``): 年度,
    单位, 类型, 名称 (else 未命名) linked to the plan, 指标数 (``indicator_count``), 修改时间 in the
    current time zone; one row saying there is none when ``plans`` is empty.

    Written as escaped strings rather than template variables: the list shows a hundred plans, and
    resolving their template variables was most of the page's time."""
    detail = id_link("plan-detail")
    rows = [
        "<tr>\n"
        f"  <td>{line.year}</td>\n"
        f"  <td>{escape(line.unit)}</td>\n"
        f"  <td>{escape(line.kind)}</td>\n"
        f'  <td><a href="{detail(line.pk)}">{escape(line.title or "（未命名）")}</a></td>\n'
        f'  <td class="num">{plan.indicator_count}</td>\n'
        f"  <td>{timezone.localtime(plan.updated_at):%Y-%m-%d %H:%M}</td>\n"
        "</tr>\n"
        for plan in plans
        for line in (plan.line,)
    ]
    return mark_safe("".join(rows) or '<tr><td colspan="6">没有可查看的绩效目标表。</td></tr>\n')
