"""Plans taken through the workflow for the workflow's tests (the seed's project plan: warnings only)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.core.actuals import apply_actuals
from jixiao.documents.load import load_plans
from jixiao.web.plans.convert import create_plan, replace_plan, to_core
from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.services import ExplanationInput
from tests.web.conftest import World

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OUTSIDERS = ("other_filler", "other_head", "other_dept")


def seed(index: int) -> Plan:
    return load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt")[index]


def stored(world: World, index: int = 1, unit: str = "unit", year: int = 2023) -> Plan:
    """The seed's project plan (index 1: warnings only) or department plan (index 0: an error too)."""
    owner = "filler" if unit == "unit" else "other_filler"
    return create_plan(seed(index), getattr(world, unit), year, world.user(owner), ChangeWay.UPLOAD)


def explanations(plan: Plan) -> list[ExplanationInput]:
    """One explanation for every warning the submission's review finds on ``plan`` as stored."""
    rows = {r.name: r.pk for r in IndicatorRow.objects.filter(plan=plan)}
    return [
        ExplanationInput(f.code, f"说明：{f.code}", rows.get(f.indicator or ""))
        for f in services.submission_findings(plan)
        if f.severity.value == "warning"
    ]


def submitted(world: World) -> Plan:
    plan = stored(world)
    services.submit(plan, world.user("filler"), explanations(plan))
    return plan


def approved(world: World) -> Plan:
    plan = submitted(world)
    for key in ("head", "dept", "finance"):
        services.approve(plan, world.user(key))
    return plan


def in_recheck(world: World) -> Plan:
    """The project plan approved, opened for self-evaluation with the example actual values and one
    wrong stated score (专项资金使用率: 6, the rules give 10 for 95.8% ≥ 90%), taken up to 财政复核."""
    plan = approved(world)
    services.reopen(plan, world.user("filler"))
    with_actuals = apply_actuals(
        [to_core(plan)], [load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json")[1]]
    )[0]
    with_actuals.indicators[0].stated_score = Decimal(6)
    replace_plan(plan, with_actuals, world.user("filler"), ChangeWay.PAGE)
    services.submit(plan, world.user("filler"), explanations(plan))
    services.approve(plan, world.user("head"))
    services.approve(plan, world.user("dept"))
    return plan
