"""Monitoring in the web application: rounds, entries and levels (monitoring.service), and the demo."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.actuals import apply_actuals
from jixiao.core.errors import InputError
from jixiao.core.model import Plan as CorePlan
from jixiao.core.monitoring import Level, assess_plan, missing_before_submission
from jixiao.documents.load import load_plans
from jixiao.documents.writers.monitoring import monitoring_docx, monitoring_xlsx
from jixiao.web.accounts.models import Organisation, OrgKind
from jixiao.web.demo import DEMO_CUT_OFF, load_demo
from jixiao.web.monitoring.convert import store_entries, with_entries
from jixiao.web.monitoring.models import IndicatorEntry, PlanEntry, Round
from jixiao.web.monitoring.service import status_of, upload_entries
from jixiao.web.plans.convert import create_plan, to_core
from jixiao.web.plans.models import ChangeWay, Plan
from tests.web.conftest import World

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CUT_OFF = date(2023, 6, 30)


def _seed_project(world: World) -> Plan:
    plans = apply_actuals(
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt"),
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"),
    )
    return create_plan(plans[1], world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)


def _entered(core: CorePlan) -> CorePlan:
    """The first indicator at 20% with a reason, the others at half their target; budget 30%."""
    indicators = [
        replace(
            ind,
            to_date=ind.target * (Decimal("0.2") if i == 0 else Decimal("0.5"))
            if isinstance(ind.target, Decimal)
            else "按进度",
            reason="资金下达晚" if i == 0 else "",
        )
        for i, ind in enumerate(core.indicators)
    ]
    assert core.budget is not None and core.budget.annual is not None
    budget = replace(core.budget, executed_to_date=core.budget.annual * Decimal("0.3"), correction="加快支付")
    return replace(core, indicators=indicators, budget=budget)


def _levels(status: object) -> list[Level | None]:
    return [s.level for s in status.indicators] + [status.budget.level, status.level]  # type: ignore[attr-defined]


def test_it_gives_the_demo_round_its_severe_deviations(db: None) -> None:
    load_demo("demo-password-1")
    round_ = Round.objects.get()
    assert round_.cut_off == DEMO_CUT_OFF == date(2023, 6, 30)
    plan = Plan.objects.get(unit__parent__name="株洲市工业和信息化局", kind="project", year=round_.year)
    status = status_of(round_, plan)
    first = status.indicators[0]
    assert first.completion == Decimal("0.2") and first.level is Level.SEVERE
    assert status.budget is not None and status.budget.execution == Decimal("0.3")
    assert status.budget.level is Level.SEVERE and status.level is Level.SEVERE
    asked = [m.message for m in missing_before_submission(status)]
    assert f"指标「{first.indicator.name}」严重偏差，须填写偏差原因" in asked
    assert "预算执行严重偏差，须填写纠偏措施" in asked


def test_it_gives_the_same_levels_entered_uploaded_or_by_the_cli(world: World) -> None:
    plan = _seed_project(world)
    entered = _entered(to_core(plan))
    cli = assess_plan(entered, CUT_OFF)  # what `jixiao monitor --entries` computes
    typed = Round.objects.create(bureau=world.bureau, year=2023, cut_off=CUT_OFF)
    store_entries(typed, plan, entered, world.user("filler"), ChangeWay.PAGE)
    assert _levels(status_of(typed, plan)) == _levels(cli)
    for write, name in ((monitoring_xlsx, "监控表.xlsx"), (monitoring_docx, "监控表.docx")):
        # A fresh round at the same date (of another bureau: one round per bureau and date).
        bureau = Organisation.objects.create(name=f"{name}财政局", kind=OrgKind.BUREAU)
        uploaded = Round.objects.create(bureau=bureau, year=2023, cut_off=CUT_OFF)
        status = upload_entries(uploaded, plan, write([cli]), name, world.user("filler"))
        assert _levels(status) == _levels(cli), name
    assert _levels(cli)[0] is Level.SEVERE and cli.level is Level.SEVERE


def test_it_stores_nothing_from_an_upload_that_does_not_fit(world: World) -> None:
    plan = _seed_project(world)
    round_ = Round.objects.create(bureau=world.bureau, year=2023, cut_off=CUT_OFF)
    stranger = replace(
        _entered(to_core(plan)), indicators=[replace(to_core(plan).indicators[0], name="不存在的指标")]
    )
    with pytest.raises(InputError, match="不存在的指标"):
        upload_entries(round_, plan, monitoring_xlsx([assess_plan(stranger, CUT_OFF)]), "错表.xlsx", None)
    assert not PlanEntry.objects.exists() and not IndicatorEntry.objects.exists()


def test_it_applies_the_rounds_own_thresholds(world: World) -> None:
    plan = _seed_project(world)
    round_ = Round.objects.create(bureau=world.bureau, year=2023, cut_off=CUT_OFF)
    store_entries(round_, plan, _entered(to_core(plan)), None, ChangeWay.PAGE)
    assert status_of(round_, plan).budget.level is Level.SEVERE  # type: ignore[union-attr]
    round_.severe_gap = Decimal("0.25")
    round_.save()
    assert status_of(round_, plan).budget.level is Level.MILD  # type: ignore[union-attr]


def test_it_keeps_each_entry_change_in_history(world: World) -> None:
    plan = _seed_project(world)
    round_ = Round.objects.create(bureau=world.bureau, year=2023, cut_off=CUT_OFF)
    entered = _entered(to_core(plan))
    store_entries(round_, plan, entered, world.user("filler"), ChangeWay.PAGE)
    first = replace(entered.indicators[0], correction="倒排工期")
    store_entries(
        round_, plan, replace(entered, indicators=[first, *entered.indicators[1:]]), None, ChangeWay.API
    )
    row = IndicatorEntry.objects.get(entry__plan=plan, row__position=0)
    assert [h.correction for h in row.history.order_by("history_date")] == ["", "倒排工期"]
    assert row.history.latest("history_date").history_change_reason == ChangeWay.API.value
    assert with_entries(plan, PlanEntry.objects.get()).indicators[0].correction == "倒排工期"
