"""A stored seed plan changed once on the page, and a unit's two years (2023 with actual values, 2024
below them), for the history tests."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jixiao.core.actuals import apply_actuals
from jixiao.core.model import Plan as CorePlan
from jixiao.documents.load import load_plans
from jixiao.web.demo import targets_only
from jixiao.web.plans.convert import create_plan, replace_plan, to_core
from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan
from tests.cli_helpers import ACTUALS, SEED
from tests.web.conftest import World

CHANGED = "规模工业增长率"
NAME = "新增省级“小巨人”企业数"  # 2023: target ≥40, actual 35


def changed_plan(world: World) -> tuple[Plan, IndicatorRow]:
    """The seed's first plan uploaded by the filler, then 规模工业增长率 given weight 8 on the page."""
    plan = create_plan(load_plans(SEED)[0], world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    core = to_core(plan)
    core.indicators = [replace(i, weight=Decimal(8)) if i.name == CHANGED else i for i in core.indicators]
    replace_plan(Plan.objects.get(pk=plan.pk), core, world.user("filler"), ChangeWay.PAGE)
    return plan, IndicatorRow.objects.get(plan=plan, name=CHANGED)


def seed_with_actuals(index: int = 0) -> CorePlan:
    """The seed's department plan (``index`` 0: 新增省级 actual 35家; an error, weight-sum) or project
    plan (1: warnings only) with the example actual values."""
    return apply_actuals(load_plans(SEED), load_plans(ACTUALS))[index]


def next_year(seed: CorePlan, target: str = "30") -> CorePlan:
    """``seed``'s targets for the following year, 新增省级 (if it has it) at ``target``."""
    following = targets_only(seed)
    for row in following.indicators:
        if row.name == NAME:
            row.target, row.target_text = Decimal(target), target
    return following


def two_years(world: World, target_2024: str = "30", index: int = 0) -> tuple[Plan, Plan]:
    """Seed plan ``index`` with its actuals as 2023, and 2024 with the same targets (新增省级 at
    ``target_2024``): 2024's targets below 2023's actual values are flagged (target-below-last-actual)."""
    seed = seed_with_actuals(index)
    filler = world.user("filler")
    last = create_plan(seed, world.unit, 2023, filler, ChangeWay.UPLOAD)
    return last, create_plan(next_year(seed, target_2024), world.unit, 2024, filler, ChangeWay.PAGE)
