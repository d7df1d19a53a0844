"""``{% last_year_panel plan %}``: the unit's last year (grade, findings, re-checks) on a plan page,
rendered from its own template (``outcomes/_last_year.html``) so the plan page needs one line."""

from __future__ import annotations

from typing import Any

from django import template

from jixiao.web.outcomes.service import last_year
from jixiao.web.plans.models import Plan

register = template.Library()


@register.inclusion_tag("outcomes/_last_year.html", takes_context=True)
def last_year_panel(context: dict[str, Any], plan: Plan) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"plan": plan, "last_year": last_year(plan, user) if user is not None else []}
