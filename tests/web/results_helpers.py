"""Published self-evaluations for the results-applied tests (结果应用): the seed's project plan taken
through targets, self-evaluation, the finance re-check (one score corrected) and publication."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.actuals import apply_actuals
from jixiao.documents.load import load_plans
from jixiao.web.plans.convert import replace_plan, to_core
from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan
from jixiao.web.workflow import services
from tests.web.conftest import World
from tests.web.workflow_helpers import EXAMPLES, explanations, stored


def published(world: World, year: int = 2022, recheck: Decimal | None = Decimal(10)) -> Plan:
    """The seed's project plan of ``year``, published; its first indicator's stated score is 6 where the
    rules give 10, re-checked to ``recheck`` (none: left as the unit stated it)."""
    plan = stored(world, year=year)
    services.submit(plan, world.user("filler"), explanations(plan))
    for key in ("head", "dept", "finance"):
        services.approve(plan, world.user(key))
    services.reopen(plan, world.user("filler"))
    actuals = load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json")[1]
    with_actuals = apply_actuals([to_core(plan)], [actuals])[0]
    with_actuals.indicators[0].stated_score = Decimal(6)
    replace_plan(plan, with_actuals, world.user("filler"), ChangeWay.PAGE)
    services.submit(plan, world.user("filler"), explanations(plan))
    services.approve(plan, world.user("head"))
    services.approve(plan, world.user("dept"))
    if recheck is not None:
        row = IndicatorRow.objects.get(plan=plan, position=0)
        services.set_recheck_score(plan, world.user("finance"), row.pk, recheck, "使用率95.8%≥90%，应得满分")
    services.publish(plan, world.user("finance"))
    return plan
