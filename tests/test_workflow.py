"""The workflow rules (流程): who may take which step in which state, locks, the review inside a
submission, version differences, the re-check sample and the published score."""

from __future__ import annotations

from copy import deepcopy
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.actuals import apply_actuals
from jixiao.core.errors import (
    JixiaoError,
    NotYourStep,
    ReasonRequired,
    SubmissionBlocked,
    TransitionRefused,
    WorkflowError,
)
from jixiao.core.model import Comparator, Plan
from jixiao.core.review import CODES, Finding, Severity, review_plan
from jixiao.core.rules.resolve import resolve_rule, rule_of
from jixiao.core.scoring import Grade, score_plan
from jixiao.core.workflow import (
    ACTUALS_CODES,
    Action,
    Part,
    PointsFrom,
    Role,
    Stage,
    State,
    Status,
    actions_for,
    answered_at_submission,
    apply,
    check_edit,
    check_recheck_score,
    draw_sample,
    editable_part,
    final_score,
    locked,
    plan_diff,
    possible_actions,
    recheck_findings,
    waiting_for,
)
from jixiao.documents.load import load_plans

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
A, R = Action, Role


def seed() -> list[Plan]:
    return load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt")


def seed_with_actuals() -> list[Plan]:
    return apply_actuals(seed(), load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"))


def run(*steps: tuple[Action, Role], status: Status | None = None) -> Status:
    status = status or Status()
    for action, role in steps:
        status = apply(status, action, role, reason="理由")
    return status


DECLARE = ((A.SUBMIT, R.UNIT_FILLER), (A.APPROVE, R.UNIT_HEAD), (A.APPROVE, R.DEPARTMENT_REVIEWER))
APPROVED = (*DECLARE, (A.APPROVE, R.FINANCE_REVIEWER))


def test_it_runs_the_declaration_chain_to_approval() -> None:
    status = Status()
    seen = [status.state]
    for action, role in APPROVED:
        status = apply(status, action, role)
        seen.append(status.state)
    assert seen == [
        State.DRAFT,
        State.UNIT_REVIEW,
        State.DEPARTMENT_REVIEW,
        State.FINANCE_REVIEW,
        State.APPROVED,
    ]
    assert [s.label for s in seen] == ["草稿", "单位负责人审核", "主管部门审核", "财政审核", "已批复"]
    assert status.version == 1


def test_it_refuses_a_step_of_another_role_and_says_whose_it_is() -> None:
    status = run((A.SUBMIT, R.UNIT_FILLER))
    with pytest.raises(NotYourStep) as caught:
        apply(status, A.APPROVE, R.DEPARTMENT_REVIEWER)
    assert "单位负责人审核" in str(caught.value) and "单位负责人" in str(caught.value)
    assert isinstance(caught.value, WorkflowError) and isinstance(caught.value, JixiaoError)


def test_it_refuses_an_action_the_state_does_not_allow() -> None:
    with pytest.raises(TransitionRefused, match=r"草稿.*不能审核通过.*此时可以：提交"):
        apply(Status(), A.APPROVE, R.UNIT_HEAD)
    with pytest.raises(TransitionRefused, match="已发布"):
        apply(Status(State.PUBLISHED), A.RETURN, R.FINANCE_REVIEWER, reason="x")


def test_it_keeps_administrators_out_of_the_flow() -> None:
    for state in State:
        assert actions_for(state, [R.ADMIN]) == []


def test_it_needs_a_reason_to_return_and_sends_the_plan_back_to_the_unit() -> None:
    status = run(*DECLARE)
    with pytest.raises(ReasonRequired, match="退回必须写明原因"):
        apply(status, A.RETURN, R.FINANCE_REVIEWER, reason="  ")
    back = apply(status, A.RETURN, R.FINANCE_REVIEWER, reason="满意度指标分值不符")
    assert back == Status(State.DRAFT, 1, State.FINANCE_REVIEW)
    assert editable_part(back.state) is Part.TARGETS


def test_it_sends_a_resubmission_straight_back_to_the_step_that_returned_it() -> None:
    back = apply(run(*DECLARE[:2]), A.RETURN, R.DEPARTMENT_REVIEWER, reason="群众满意度分值不对")
    again = apply(back, A.SUBMIT, R.UNIT_FILLER)
    assert again == Status(State.DEPARTMENT_REVIEW, 1, None)
    # a head's return comes back to the head
    head_back = apply(run(DECLARE[0]), A.RETURN, R.UNIT_HEAD, reason="补充说明")
    assert apply(head_back, A.SUBMIT, R.UNIT_FILLER).state is State.UNIT_REVIEW


def test_it_makes_an_adjustment_a_new_version_through_the_same_chain() -> None:
    approved = run(*APPROVED)
    with pytest.raises(ReasonRequired):
        apply(approved, A.ADJUST, R.UNIT_FILLER)
    with pytest.raises(NotYourStep):
        apply(approved, A.ADJUST, R.DEPARTMENT_REVIEWER, reason="x")
    adjusting = apply(approved, A.ADJUST, R.UNIT_FILLER, reason="年中追加预算")
    assert adjusting == Status(State.DRAFT, 2, None)
    assert run(*APPROVED, status=adjusting) == Status(State.APPROVED, 2, None)


def test_it_runs_the_self_evaluation_to_publication() -> None:
    opened = apply(run(*APPROVED), A.REOPEN, R.FINANCE_REVIEWER)
    assert opened.state is State.EVAL_FILLING and editable_part(opened.state) is Part.ACTUALS
    status = run(*DECLARE, status=opened)
    assert status.state is State.EVAL_FINANCE_REVIEW and status.state.label == "财政复核"
    with pytest.raises(TransitionRefused, match="此时可以：退回、发布"):
        apply(status, A.APPROVE, R.FINANCE_REVIEWER)
    back = apply(status, A.RETURN, R.FINANCE_REVIEWER, reason="得分不符")
    assert back.state is State.EVAL_FILLING
    assert apply(back, A.SUBMIT, R.UNIT_FILLER).state is State.EVAL_FINANCE_REVIEW
    published = apply(status, A.PUBLISH, R.FINANCE_REVIEWER)
    assert published.state is State.PUBLISHED and possible_actions(published.state) == []


def test_it_blocks_a_submission_with_error_findings_of_the_seed() -> None:
    findings = review_plan(seed()[0], 0, resolve_rule)
    with pytest.raises(SubmissionBlocked) as caught:
        apply(Status(), A.SUBMIT, R.UNIT_FILLER, findings=findings)
    assert [f.code for f in caught.value.errors] == ["weight-sum"]
    assert "有 1 条错误须先改正" in str(caught.value) and "weight-sum" in str(caught.value)
    assert {f.indicator for f in caught.value.unexplained} >= {"规模工业增长率", "群众满意度"}


def test_it_needs_every_warning_explained_and_hints_never_block() -> None:
    findings = [f for f in review_plan(seed()[1], 0, resolve_rule)]
    assert {f.severity for f in findings} == {Severity.WARNING}
    explained = {(f.code, f.indicator) for f in findings}
    with pytest.raises(SubmissionBlocked, match="有 1 条警告须逐条说明"):
        apply(Status(), A.SUBMIT, R.UNIT_FILLER, findings=findings, explained=list(explained)[1:])
    hint = Finding("band-gap", Severity.INFO, 0, "群众满意度", "评分档次有空档")
    status = apply(Status(), A.SUBMIT, R.UNIT_FILLER, findings=[*findings, hint], explained=explained)
    assert status.state is State.UNIT_REVIEW


def test_it_locks_a_plan_under_review_approved_or_published() -> None:
    plan_states = [s for s in State if s.stage is not Stage.MONITORING]
    assert [s for s in plan_states if not locked(s)] == [State.DRAFT, State.EVAL_FILLING]
    with pytest.raises(TransitionRefused, match=r"主管部门审核.*已锁定"):
        check_edit(State.DEPARTMENT_REVIEW, Part.TARGETS)
    with pytest.raises(TransitionRefused, match="只能通过「调整」修改"):
        check_edit(State.APPROVED, Part.TARGETS)
    with pytest.raises(TransitionRefused, match="此时不能修改目标"):
        check_edit(State.EVAL_FILLING, Part.TARGETS)
    check_edit(State.DRAFT, Part.TARGETS)
    check_edit(State.EVAL_FILLING, Part.ACTUALS)


def test_it_says_whom_each_state_waits_for() -> None:
    assert waiting_for(State.DRAFT) == {R.UNIT_FILLER}
    assert waiting_for(State.DEPARTMENT_REVIEW) == {R.DEPARTMENT_REVIEWER}
    assert waiting_for(State.EVAL_FINANCE_REVIEW) == {R.FINANCE_REVIEWER}
    assert waiting_for(State.APPROVED) == frozenset() and waiting_for(State.PUBLISHED) == frozenset()


# ── plan_diff ─────────────────────────────────────────────────────────────────────────────────


def test_it_finds_no_difference_between_a_plan_and_its_copy() -> None:
    plan = seed()[0]
    assert plan_diff(plan, deepcopy(plan)).empty


def test_it_lists_rows_added_removed_and_changed_field_by_field() -> None:
    old = seed()[0]
    new = deepcopy(old)
    satisfaction = next(i for i in new.indicators if i.name == "群众满意度")
    satisfaction.weight = Decimal("10")
    satisfaction.rule_text = "满意度大于等于90%得10分"
    removed = new.indicators.pop(1)
    added = deepcopy(new.indicators[0])
    added.name = "新增专精特新中小企业数"
    new.indicators.append(added)
    new.goal = old.goal + "（调整）"
    diff = plan_diff(old, new)
    assert [ind.name for _, ind in diff.removed] == [removed.name]
    assert [ind.name for _, ind in diff.added] == ["新增专精特新中小企业数"]
    [row] = diff.changed
    assert row.name == "群众满意度"
    old_weight = next(i.weight for i in old.indicators if i.name == "群众满意度")
    assert [c.label for c in row.changes] == ["评（扣）分标准", "分值"]
    assert {c.field: (c.old, c.new) for c in row.changes}["weight"] == (old_weight, Decimal("10"))
    assert [c.field for c in diff.plan] == ["goal"]
    assert "指标「群众满意度」分值：" in "\n".join(diff.lines())


def test_it_pairs_a_renamed_or_moved_indicator_instead_of_removing_it() -> None:
    old = seed()[0]
    new = deepcopy(old)
    new.indicators[0].name = "新增省级“小巨人”企业数量"  # renamed in place
    new.indicators[1].level2 = "质量指标"  # moved to another 二级
    diff = plan_diff(old, new)
    assert diff.added == () and diff.removed == ()
    assert [(r.name, [c.field for c in r.changes]) for r in diff.changed] == [
        ("新增省级“小巨人”企业数量", ["name"]),
        (new.indicators[1].name, ["level2"]),
    ]


def test_it_treats_equal_numbers_and_empty_texts_as_unchanged() -> None:
    old = seed()[0]
    new = deepcopy(old)
    new.indicators[0].target = Decimal("40.00")
    new.indicators[0].reason = ""
    old.indicators[0].comparator = Comparator.GE
    assert plan_diff(old, new).empty


# ── re-check ──────────────────────────────────────────────────────────────────────────────────


def test_it_draws_a_reproducible_sample_whatever_the_order() -> None:
    ids = list(range(1, 101))
    first = draw_sample(ids, 10, "2024-复核")
    assert len(first) == 10 and set(first) <= set(ids)
    assert draw_sample(reversed(ids), 10, "2024-复核") == first
    assert draw_sample(ids, 10, "另一个种子") != first
    assert sorted(draw_sample(ids, 500, "s")) == ids
    with pytest.raises(WorkflowError):
        draw_sample(ids, -1, "s")
    with pytest.raises(WorkflowError):
        draw_sample(ids, 1, " ")


def test_it_lists_the_scores_a_re_check_looks_at_and_publishes_the_corrected_grade() -> None:
    plan = seed_with_actuals()[1]
    wrong = plan.indicators[0]
    score = score_plan(plan, rule_of)
    due = score.indicators[0].score
    assert due is not None and wrong.weight is not None
    wrong.stated_score = due - 3
    findings = recheck_findings(review_plan(plan, 0, resolve_rule))
    assert (findings[0].code, findings[0].indicator) == ("stated-score-mismatch", wrong.name)
    with pytest.raises(ReasonRequired):
        check_recheck_score(wrong, due, "")
    with pytest.raises(WorkflowError, match="超过其分值"):
        check_recheck_score(wrong, wrong.weight + 1, "按标准")
    before = final_score(score_plan(plan, rule_of), {})
    after = final_score(score_plan(plan, rule_of), {0: due})
    assert before.indicators[0].source is PointsFrom.STATED
    assert after.indicators[0].source is PointsFrom.RECHECK and after.rechecked == 1
    assert after.total - before.total == 3
    assert after.grade in set(Grade)


def test_a_change_touches_the_targets_or_the_actual_values_by_its_fields() -> None:
    from dataclasses import replace as changed

    from jixiao.core.model import Budget, Comparator, Indicator, Plan, PlanKind
    from jixiao.core.workflow import Part, parts_changed

    row = Indicator("产出指标", "数量指标", "新增企业数", Comparator.GE, Decimal(40), "40", "家")
    plan = Plan(PlanKind.PROJECT, unit="机关", indicators=[row], budget=Budget(Decimal(100), None))
    with_actual = changed(plan, indicators=[changed(row, actual=Decimal(35), reason="市场下行")])
    assert parts_changed(plan, plan) == frozenset()
    assert parts_changed(plan, with_actual) == {Part.ACTUALS}
    assert parts_changed(plan, changed(plan, budget=Budget(Decimal(100), Decimal(90)))) == {Part.ACTUALS}
    assert (
        parts_changed(plan, changed(plan, budget=Budget(Decimal(120), None))) == frozenset()
    )  # both tables'
    assert parts_changed(plan, changed(plan, indicators=[changed(row, target=Decimal(45))])) == {Part.TARGETS}
    assert parts_changed(plan, changed(plan, indicators=[row, changed(row, name="新增园区数")])) == {
        Part.TARGETS
    }
    assert parts_changed(with_actual, changed(plan, indicators=[changed(row, weight=Decimal(10))])) == {
        Part.TARGETS,
        Part.ACTUALS,
    }


def test_each_submission_answers_only_for_findings_about_the_part_it_opens() -> None:
    """Findings about actual values and self-scores (codes of the review) do not stand in the way of
    a declaration, whose actual values cannot be edited; the self-evaluation answers for them, and not
    again for the targets' findings (locked, explained when declared)."""
    assert set(CODES) >= ACTUALS_CODES
    warnings = [Finding(code, Severity.WARNING, 0, "某指标", "…") for code in sorted(ACTUALS_CODES)]
    target = Finding("vague-target", Severity.WARNING, 0, "某指标", "…")
    assert answered_at_submission([*warnings, target], Stage.TARGETS) == [target]
    assert answered_at_submission([*warnings, target], Stage.SELF_EVALUATION) == warnings
    assert all(
        CODES[code][0] is not Severity.ERROR for code in ACTUALS_CODES
    )  # a declaration's errors all block
    error = Finding("weight-sum", Severity.ERROR, 0, None, "…")
    assert answered_at_submission([target, error], Stage.SELF_EVALUATION) == [
        error
    ]  # errors block every submission
