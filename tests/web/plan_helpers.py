"""Helpers of the plan page tests: the seed stored for the own unit, the seed as a real .xlsx."""

from __future__ import annotations

from pathlib import Path

from jixiao.documents.load import load_plans
from jixiao.documents.writers.export import export_tables
from jixiao.web.plans.convert import create_plan
from jixiao.web.plans.models import ChangeWay, Plan
from tests.web.conftest import World

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEED = EXAMPLES / "zhuzhou-gxj-2023-targets.txt"
MISSING_WEIGHT = "规模工业增长率"


def seed_xlsx() -> bytes:
    """The seed's targets as the official .xlsx tables (what ``jixiao export`` writes)."""
    return export_tables(load_plans(SEED), "xlsx")


def stored_seed(world: World) -> Plan:
    """The seed's department plan (the one with 规模工业增长率), stored for the own unit."""
    plans = load_plans(SEED)
    core = next(p for p in plans if any(i.name == MISSING_WEIGHT for i in p.indicators))
    return create_plan(core, world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)


def row_index(plan: Plan, name: str) -> int:
    return [r.name for r in plan.indicator_rows.order_by("position")].index(name)


def open_for_self_evaluation(plan: Plan) -> Plan:
    """``plan`` in 自评填报, as the workflow leaves it after approval and 开启自评 (the state arranged
    directly: these tests are about the pages that fill actual values, not about the steps before)."""
    from jixiao.web.workflow.models import PlanFlow

    PlanFlow.objects.update_or_create(plan=plan, defaults={"state": "eval_filling"})
    return plan
