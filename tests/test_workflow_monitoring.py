"""A monitoring round's entry in the workflow (绩效运行监控填报的流程): the same state machine as targets
and self-evaluation, unit → head → department → finance, blocked while a deviation lacks its reason or
corrective action."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.actuals import apply_actuals
from jixiao.core.errors import NotYourStep, ReasonRequired, SubmissionBlocked, TransitionRefused
from jixiao.core.model import Plan
from jixiao.core.monitoring import assess_plan, missing_before_submission
from jixiao.core.workflow import (
    Action,
    Part,
    Role,
    Stage,
    State,
    Status,
    actions_for,
    apply,
    check_edit,
    editable_part,
    waiting_for,
)
from jixiao.documents.load import load_plans

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
A, R = Action, Role
FILLING = Status(State.MONITOR_FILLING)


def _project(first_share: str, reason: str = "", correction: str = "") -> Plan:
    """The seed's project with its first indicator at ``first_share`` of target, the others at half,
    its budget half executed."""
    plan = apply_actuals(
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt"),
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"),
    )[1]
    indicators = []
    for i, ind in enumerate(plan.indicators):
        share = Decimal(first_share) if i == 0 else Decimal("0.5")
        value = ind.target * share if isinstance(ind.target, Decimal) else "按进度"
        said = (reason, correction) if i == 0 else ("", "")
        indicators.append(replace(ind, to_date=value, reason=said[0], correction=said[1]))
    assert plan.budget is not None and plan.budget.annual is not None
    return replace(
        plan, indicators=indicators, budget=replace(plan.budget, executed_to_date=plan.budget.annual / 2)
    )


def _missing(plan: Plan) -> list:  # type: ignore[type-arg]
    return missing_before_submission(assess_plan(plan, date(2023, 6, 30)))


def test_it_runs_an_entry_from_the_unit_to_the_finance_bureau() -> None:
    status = apply(FILLING, A.SUBMIT, R.UNIT_FILLER, missing=_missing(_project("0.5")))
    assert status.state is State.MONITOR_UNIT_REVIEW
    for role, to in (
        (R.UNIT_HEAD, State.MONITOR_DEPARTMENT_REVIEW),
        (R.DEPARTMENT_REVIEWER, State.MONITOR_FINANCE_REVIEW),
        (R.FINANCE_REVIEWER, State.MONITOR_ACCEPTED),
    ):
        assert waiting_for(status.state) == {role}
        status = apply(status, A.APPROVE, role)
        assert status.state is to
    assert actions_for(State.MONITOR_ACCEPTED, list(Role)) == []


def test_it_blocks_a_deviation_without_reason_and_corrective_action() -> None:
    behind = _project("0.2")
    with pytest.raises(SubmissionBlocked) as refused:
        apply(FILLING, A.SUBMIT, R.UNIT_FILLER, missing=_missing(behind))
    name = behind.indicators[0].name
    assert f"指标「{name}」严重偏差，须填写偏差原因" in refused.value.message
    assert f"指标「{name}」严重偏差，须填写纠偏措施" in refused.value.message
    half = _project("0.2", reason="资金下达晚")
    with pytest.raises(SubmissionBlocked, match="须填写纠偏措施"):
        apply(FILLING, A.SUBMIT, R.UNIT_FILLER, missing=_missing(half))
    explained = _project("0.2", reason="资金下达晚", correction="倒排工期，三季度完成")
    assert (
        apply(FILLING, A.SUBMIT, R.UNIT_FILLER, missing=_missing(explained)).state
        is State.MONITOR_UNIT_REVIEW
    )


def test_it_insists_on_being_told_what_is_missing() -> None:
    with pytest.raises(TypeError):
        apply(FILLING, A.SUBMIT, R.UNIT_FILLER)


def test_it_returns_to_the_unit_with_a_reason_and_resubmits_to_the_step_that_returned() -> None:
    status = apply(FILLING, A.SUBMIT, R.UNIT_FILLER, missing=[])
    status = apply(status, A.APPROVE, R.UNIT_HEAD)
    with pytest.raises(ReasonRequired):
        apply(status, A.RETURN, R.DEPARTMENT_REVIEWER, reason=" ")
    back = apply(status, A.RETURN, R.DEPARTMENT_REVIEWER, reason="纠偏措施不具体")
    assert back == Status(State.MONITOR_FILLING, 1, State.MONITOR_DEPARTMENT_REVIEW)
    assert apply(back, A.SUBMIT, R.UNIT_FILLER, missing=[]).state is State.MONITOR_DEPARTMENT_REVIEW


def test_it_lets_each_role_only_its_own_step() -> None:
    with pytest.raises(NotYourStep):
        apply(FILLING, A.SUBMIT, R.UNIT_HEAD, missing=[])
    under_review = Status(State.MONITOR_UNIT_REVIEW)
    with pytest.raises(NotYourStep):
        apply(under_review, A.APPROVE, R.FINANCE_REVIEWER)
    with pytest.raises(TransitionRefused):
        apply(under_review, A.PUBLISH, R.FINANCE_REVIEWER)
    with pytest.raises(TransitionRefused):
        apply(FILLING, A.ADJUST, R.UNIT_FILLER, reason="x")


def test_it_opens_entries_for_editing_only_while_the_unit_fills_them() -> None:
    assert editable_part(State.MONITOR_FILLING) is Part.MONITORING
    for state in (State.MONITOR_UNIT_REVIEW, State.MONITOR_FINANCE_REVIEW, State.MONITOR_ACCEPTED):
        with pytest.raises(TransitionRefused, match="已锁定"):
            check_edit(state, Part.MONITORING)
    assert {s.stage for s in State if s.value.startswith("monitor_")} == {Stage.MONITORING}


def test_it_leaves_the_targets_and_self_evaluation_flows_as_they_were() -> None:
    # A plan's own submission still runs the review, never the monitoring check.
    assert apply(Status(), A.SUBMIT, R.UNIT_FILLER).state is State.UNIT_REVIEW
    assert apply(Status(State.EVAL_FILLING), A.SUBMIT, R.UNIT_FILLER).state is State.EVAL_UNIT_REVIEW
    assert State.APPROVED.stage is Stage.TARGETS and State.PUBLISHED.stage is Stage.SELF_EVALUATION
