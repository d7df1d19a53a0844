"""A stored seed plan changed once on the page, for the history tests."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jixiao.documents.load import load_plans
from jixiao.web.plans.convert import create_plan, replace_plan, to_core
from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan
from tests.cli_helpers import SEED
from tests.web.conftest import World

CHANGED = "规模工业增长率"


def changed_plan(world: World) -> tuple[Plan, IndicatorRow]:
    """The seed's first plan uploaded by the filler, then 规模工业增长率 given weight 8 on the page."""
    plan = create_plan(load_plans(SEED)[0], world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    core = to_core(plan)
    core.indicators = [replace(i, weight=Decimal(8)) if i.name == CHANGED else i for i in core.indicators]
    replace_plan(Plan.objects.get(pk=plan.pk), core, world.user("filler"), ChangeWay.PAGE)
    return plan, IndicatorRow.objects.get(plan=plan, name=CHANGED)
