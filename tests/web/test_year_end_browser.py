"""The year-end part of issue 8's journey in Chromium, on the demo: a plan of 工信局机关 brought to 已批复
through the services, then ``journey_steps.year_end``: gxj-jg enters actual values with one wrong
stated score and sends it up the self-evaluation chain; czj's re-check lists it, sets the right score
with a reason and publishes the grade. Screenshots in /tmp/jixiao-screens/year-end-*.png."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from jixiao.core.workflow import State
from jixiao.web.accounts.permissions import plan_state
from jixiao.web.demo import SEED_YEAR, load_demo
from jixiao.web.plans.models import IndicatorRow, Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.models import Publication, RecheckScore
from tests.web.browser import needs_chromium
from tests.web.journey_steps import year_end
from tests.web.workflow_helpers import explanations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]


def approved_demo_plan() -> Plan:
    """The demo's next-year project plan of 工信局机关 (targets only), taken to 已批复 by its people."""
    plan = Plan.objects.get(
        unit__name="机关", unit__parent__name="株洲市工业和信息化局", year=SEED_YEAR + 1, kind="project"
    )
    people = {u.username: u for u in User.objects.filter(username__in=["gxj-jg", "gxj-fzr", "gxj", "czj"])}
    services.submit(plan, people["gxj-jg"], explanations(plan))
    for who in ("gxj-fzr", "gxj", "czj"):
        services.approve(plan, people[who])
    assert plan_state(plan) is State.APPROVED
    return plan


def test_it_rechecks_a_wrong_stated_score_and_publishes_the_grade(live_server: Any, browser: Any) -> None:
    password = secrets.token_urlsafe(12)
    load_demo(password)
    plan = approved_demo_plan()

    done = year_end(browser, live_server.url, plan.pk, password)

    assert plan_state(plan) is State.PUBLISHED
    row = IndicatorRow.objects.get(plan=plan, name=done.wrong_row)
    assert row.stated_score == Decimal(done.stated)  # the unit's own score stays
    [kept] = RecheckScore.objects.filter(plan=plan)
    assert (kept.unit_score, kept.score) == (Decimal(done.stated), Decimal(done.rechecked))
    assert kept.reason.startswith("按评分标准应得")
    published = Publication.objects.get(plan=plan)
    assert published.rechecked == 1 and published.grade == done.published_grade
    assert Decimal(done.published_score) == published.normalized
    assert published.transition.by_name == User.objects.get(username="czj").get_full_name()
