"""The same levels whichever way a unit's monitoring values come in (监控三种途径): typed on the entry page,
uploaded as a filled 绩效运行监控表, or read by ``jixiao monitor`` from that table — for generated
entries and cut-off dates."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.actuals import apply_actuals
from jixiao.core.model import Plan as CorePlan
from jixiao.core.monitoring import PlanStatus, assess_plan
from jixiao.documents.load import load_plans
from jixiao.documents.writers.monitoring import monitoring_xlsx
from jixiao.web.monitoring.models import PlanEntry, Round
from jixiao.web.monitoring.service import status_of
from jixiao.web.plans.convert import create_plan, to_core
from jixiao.web.plans.models import ChangeWay
from tests.cli_helpers import jixiao
from tests.web.conftest import World
from tests.web.workflow_helpers import EXAMPLES

shares = st.decimals(min_value=0, max_value=Decimal("1.6"), places=2)
Entry = tuple[list[Decimal], list[Decimal | None], Decimal, int]


@st.composite
def entries(draw: Any, count: int) -> Entry:
    """Per indicator a to-date share of its target and, sometimes, an expected year-end share; the
    budget's executed share; the cut-off as a day of 2023."""
    to_date = draw(st.lists(shares, min_size=count, max_size=count))
    expected = draw(st.lists(st.one_of(st.none(), shares), min_size=count, max_size=count))
    return to_date, expected, draw(shares), draw(st.integers(min_value=1, max_value=365))


def _entered(core: CorePlan, entry: Entry) -> CorePlan:
    """The plan with the generated values, numbers as a unit types them (two decimals)."""
    to_date, expected, executed, _ = entry
    indicators = []
    for ind, share, later in zip(core.indicators, to_date, expected, strict=True):
        assert isinstance(ind.target, Decimal)
        value = (ind.target * share).quantize(Decimal("0.01"))
        forecast = None if later is None else (ind.target * later).quantize(Decimal("0.01"))
        indicators.append(replace(ind, to_date=value, expected=forecast, reason="", correction=""))
    assert core.budget is not None and core.budget.annual is not None
    budget = replace(core.budget, executed_to_date=(core.budget.annual * executed).quantize(Decimal("0.01")))
    return replace(core, indicators=indicators, budget=budget)


def _levels(status: PlanStatus) -> list[str | None]:
    found = [None if s.level is None else s.level.value for s in status.indicators]
    budget = status.budget.level if status.budget is not None else None
    return [*found, None if budget is None else budget.value, status.level.value]


def _cli_levels(plan: dict[str, Any]) -> list[str | None]:
    return [*(i["level"] for i in plan["indicators"]), plan["budget"]["level"], plan["level"]]


def _page_form(core: CorePlan) -> dict[str, str]:
    form = {f"to_date-{n}": str(i.to_date) for n, i in enumerate(core.indicators)}
    form.update(
        {
            f"expected-{n}": "" if i.expected is None else str(i.expected)
            for n, i in enumerate(core.indicators)
        }
    )
    assert core.budget is not None
    form["executed"] = str(core.budget.executed_to_date)
    return form


def test_it_gives_equal_levels_typed_uploaded_or_by_the_cli(world: World, login: Any) -> None:
    targets = apply_actuals(
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt"),
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"),
    )[1]
    plan = create_plan(targets, world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    round_ = Round.objects.create(bureau=world.bureau, year=2023, cut_off=date(2023, 6, 30))
    client: Client = login("filler")
    core = to_core(plan)

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    @given(entries(len(core.indicators)))
    def check(entry: Entry) -> None:
        cut_off = date(2023, 1, 1) + timedelta(days=entry[3] - 1)
        round_.cut_off = cut_off
        round_.save()
        PlanEntry.objects.all().delete()
        entered = _entered(core, entry)
        table = monitoring_xlsx([assess_plan(entered, cut_off)])
        # 1. typed on the entry page
        assert (
            client.post(f"/monitoring/{round_.pk}/plans/{plan.pk}/", _page_form(entered)).status_code == 302
        )
        page = _levels(status_of(round_, plan))
        # 2. the filled table uploaded on the entry page, into the round emptied again
        PlanEntry.objects.all().delete()
        response = client.post(
            f"/monitoring/{round_.pk}/plans/{plan.pk}/upload/",
            {"file": SimpleUploadedFile("监控表.xlsx", table)},
        )
        assert response.status_code == 302, response.content.decode()[:500]
        upload = _levels(status_of(round_, plan))
        # 3. the same table read by the command line
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "监控表.xlsx"
            path.write_bytes(table)
            result = jixiao("monitor", path, "--date", cut_off.isoformat(), "--json")
        assert result.exit_code == 0, result.output
        cli = _cli_levels(result.json()["plans"][0])
        assert page == upload == cli, (cut_off, page, upload, cli)

    check()
