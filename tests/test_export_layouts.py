"""Round trip of the documents issue's layouts: import(export(plans)) gives the same plans.

Each layout the readers are tested on (tests/test_layout_*.py) is read, exported as the official
table (.xlsx and .docx), and read back: every field of every plan comes back, sources aside. Stated
scores come back as the scores jixiao computed — that is what an exported self-evaluation states.
"""

from __future__ import annotations

from dataclasses import fields, replace

import layout_builders as lb
import pytest
from test_layout_selfeval import guichi_pdf, lijiang, qingshen
from test_layout_targets import jishan, road, yueyang

from jixiao.core.model import Budget, Plan
from jixiao.core.rules.resolve import rule_of
from jixiao.core.scoring import score_plan
from jixiao.documents.load import plans_from_bytes
from jixiao.documents.writers import export_tables

LAYOUTS = {
    "lijiang.xlsx": lambda: lb.xlsx({"自评表": lijiang()}, percent=["G5", "G6"]),
    "qingshen.xls": lambda: lb.xls({"自评表": qingshen()}),
    "guichi.pdf": guichi_pdf,
    "jishan.csv": lambda: lb.csv(jishan(), encoding="gbk"),
    "road.xlsx": lambda: lb.xlsx({"目标表": road()}),
    "yueyang.docx": lambda: lb.docx(yueyang()),
}


def as_computed(plan: Plan) -> Plan:
    """The plan as its exported self-evaluation states it: stated scores are the computed ones."""
    if not any(i.actual is not None for i in plan.indicators):
        return plan
    scored = score_plan(plan, rule_of)
    indicators = [replace(s.indicator, stated_score=s.score) for s in scored.indicators]
    budget = plan.budget
    if budget is not None and scored.budget_score is not None:
        budget = replace(budget, stated_score=scored.budget_score)
    return replace(plan, indicators=indicators, budget=budget, stated_total=scored.total)


def comparable(plan: Plan) -> Plan:
    return replace(
        plan,
        source=None,
        # The export writes every comparator out, so one the source table left to be inferred
        # (comparator_inferred) comes back written.
        indicators=[replace(i, source=None, comparator_inferred=False) for i in plan.indicators],
        placeholders=[replace(p, source=None) for p in plan.placeholders],
    )


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_it_reads_back_every_layout_it_exports(name: str, fmt: str) -> None:
    plans = plans_from_bytes(LAYOUTS[name](), name)

    back = plans_from_bytes(export_tables(plans, fmt), f"export.{fmt}")

    assert len(back) == len(plans)
    for index, (want, got) in enumerate(zip(plans, back, strict=True)):
        want, got = comparable(as_computed(want)), comparable(got)
        for f in fields(Plan):
            assert getattr(got, f.name) == getattr(want, f.name), f"{name} plan {index} field {f.name}"


def test_it_keeps_the_budget_of_a_self_evaluation() -> None:
    (plan,) = plans_from_bytes(LAYOUTS["lijiang.xlsx"](), "lijiang.xlsx")
    (back,) = plans_from_bytes(export_tables([plan], "xlsx"), "export.xlsx")
    assert isinstance(back.budget, Budget)
    assert (back.budget.annual, back.budget.executed) == (plan.budget.annual, plan.budget.executed)  # type: ignore[union-attr]
