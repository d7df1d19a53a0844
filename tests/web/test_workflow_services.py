"""The workflow's steps in the database (流程操作): each service function with the people of the
``world`` fixture, and an outsider (another department's people, an administrator, the wrong role of
the own organisation) refused for each, with nothing written."""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jixiao.core.actuals import apply_actuals
from jixiao.core.errors import ReasonRequired, SubmissionBlocked, TransitionRefused, WorkflowError
from jixiao.core.review import review_plan
from jixiao.core.serialize import plan_to_dict
from jixiao.core.workflow import Role as FlowRole
from jixiao.core.workflow import State, draw_sample
from jixiao.documents.load import load_plans
from jixiao.web.accounts import permissions
from jixiao.web.accounts.models import Role
from jixiao.web.plans.convert import create_plan, replace_plan, to_core
from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.models import (
    Comment,
    Deadline,
    Explanation,
    Notification,
    PlanVersion,
    Publication,
    RecheckScore,
    SampleDraw,
    Transition,
)
from jixiao.web.workflow.panel import panel
from jixiao.web.workflow.services import CommentInput, ExplanationInput
from jixiao.web.workflow.timeline import diff_since_return, snapshot_plan, version_diff
from tests.web.conftest import World
from tests.web.workflow_helpers import (
    EXAMPLES,
    OUTSIDERS,
    approved,
    explanations,
    in_recheck,
    seed,
    stored,
    submitted,
)


def state(plan: Plan) -> State:
    return permissions.plan_state(plan)


def nothing_written(plan: Plan, transitions: int) -> None:
    assert Transition.objects.filter(plan=plan).count() == transitions


def test_it_uses_the_role_words_of_the_accounts() -> None:
    assert {r.value for r in FlowRole} == set(Role.values)


# ── submit ───────────────────────────────────────────────────────────────────────────────────


def test_it_blocks_a_submission_on_error_findings_and_saves_nothing(world: World) -> None:
    plan = stored(world, 0)
    with pytest.raises(SubmissionBlocked) as caught:
        services.submit(plan, world.user("filler"), explanations(plan))
    assert [f.code for f in caught.value.errors] == ["weight-sum"]
    assert caught.value.unexplained == ()
    nothing_written(plan, 0)
    assert Explanation.objects.count() == 0 and state(plan) is State.DRAFT


def test_it_needs_each_warning_explained_then_submits_and_tells_the_head(world: World) -> None:
    plan = stored(world)
    given = explanations(plan)
    with pytest.raises(SubmissionBlocked, match="有 1 条警告须逐条说明"):
        services.submit(plan, world.user("filler"), given[1:])
    move = services.submit(plan, world.user("filler"), given)
    assert (move.from_state, move.to_state, move.role) == ("draft", "unit_review", "unit_filler")
    assert snapshot_plan(move.snapshot) == to_core(plan)
    assert sorted(e.code for e in move.explanations.all()) == sorted(g.code for g in given)
    head = Notification.objects.get(user=world.user("head"))
    assert "待您办理：单位负责人审核" in head.text and head.plan_id == plan.pk


def test_a_declaration_answers_for_its_targets_not_for_actual_values_it_cannot_edit(world: World) -> None:
    """A plan declared with last year's actual values in it, one of them missing and one stated score
    wrong: the actual values cannot be edited before 开启自评, so the declaration's submission neither
    lists nor needs an explanation of the findings about them — only of those the targets alone have."""
    core = apply_actuals([seed(1)], [load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json")[1]])[0]
    core.indicators[0].actual = None
    core.indicators[1].stated_score = (core.indicators[1].weight or Decimal(1)) + 1
    plan = create_plan(core, world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    targets_only = deepcopy(core)
    for indicator in targets_only.indicators:
        indicator.actual, indicator.stated_score, indicator.reason = None, None, ""
    keys = {(f.code, f.indicator) for f in review_plan(targets_only)}
    about_actuals = {(f.code, f.indicator) for f in review_plan(core)} - keys
    assert about_actuals, "the plan should have findings about its actual values"
    assert about_actuals <= {(f.code, f.indicator) for f in services.submission_findings(plan)}

    shown = panel(world.user("filler"), plan)
    listed = {(w.finding.code, w.finding.indicator) for w in shown.warnings}
    assert not listed & about_actuals and not shown.errors
    given = [ExplanationInput(w.finding.code, "已核实", w.row_id) for w in shown.warnings]
    move = services.submit(plan, world.user("filler"), given)
    assert move.to_state == "unit_review"


def test_it_keeps_an_outsider_from_submitting(world: World) -> None:
    plan = stored(world)
    for key in OUTSIDERS:
        with pytest.raises(Http404):
            services.submit(plan, world.user(key), explanations(plan))
    for key in ("head", "dept", "finance", "admin"):
        with pytest.raises(PermissionDenied, match="只能由本表的单位填报人进行"):
            services.submit(plan, world.user(key), explanations(plan))
    nothing_written(plan, 0)
    assert Explanation.objects.count() == 0


# ── approve and return ─────────────────────────────────────────────────────────────────────────


def test_it_takes_the_plan_up_the_chain_and_keeps_the_approved_version(world: World) -> None:
    plan = approved(world)
    assert state(plan) is State.APPROVED
    assert [(t.role, t.to_state) for t in Transition.objects.filter(plan=plan)] == [
        ("unit_filler", "unit_review"),
        ("unit_head", "department_review"),
        ("department_reviewer", "finance_review"),
        ("finance_reviewer", "approved"),
    ]
    version = PlanVersion.objects.get(plan=plan)
    assert version.number == 1 and version.approved_at is not None
    assert snapshot_plan(version.content) == to_core(plan)
    assert "已批复" in Notification.objects.filter(user=world.user("filler")).first().text  # type: ignore[union-attr]


def test_it_lets_only_the_step_s_reviewer_approve(world: World) -> None:
    plan = submitted(world)
    for key in OUTSIDERS:
        with pytest.raises(Http404):
            services.approve(plan, world.user(key))
    for key in ("filler", "dept", "finance", "admin"):
        with pytest.raises(PermissionDenied, match="单位负责人"):
            services.approve(plan, world.user(key))
    nothing_written(plan, 1)
    services.approve(plan, world.user("head"))
    with pytest.raises(PermissionDenied):
        services.approve(plan, world.user("head"))  # now the department's step
    assert state(plan) is State.DEPARTMENT_REVIEW


def test_it_refuses_an_approval_of_a_plan_someone_else_moved_on(world: World) -> None:
    plan = submitted(world)
    services.approve(plan, world.user("head"))
    services.approve(plan, world.user("dept"))
    with pytest.raises(TransitionRefused, match=r"dept于.*审核通过.*财政审核.*请刷新"):
        services.approve(plan, world.user("dept"), expected=State.DEPARTMENT_REVIEW)
    nothing_written(plan, 3)


def test_it_returns_with_a_reason_and_comments_on_rows_and_fields(world: World) -> None:
    plan = submitted(world)
    services.approve(plan, world.user("head"))
    row = IndicatorRow.objects.get(plan=plan, name="满意度")
    with pytest.raises(ReasonRequired):
        services.return_plan(plan, world.user("dept"), " ", [CommentInput("分值偏高", row.pk)])
    with pytest.raises(WorkflowError, match="没有编号为 0 的指标"):
        services.return_plan(plan, world.user("dept"), "请修改", [CommentInput("x", 0)])
    nothing_written(plan, 2)
    assert Comment.objects.count() == 0
    move = services.return_plan(
        plan,
        world.user("dept"),
        "满意度指标需修改",
        [CommentInput("满意度应不低于95%", row.pk), CommentInput("总体目标写得太笼统", target="goal")],
    )
    assert state(plan) is State.DRAFT
    assert [(c.indicator_name, c.target, c.text) for c in move.comments.all()] == [
        ("满意度", "indicator", "满意度应不低于95%"),
        ("", "goal", "总体目标写得太笼统"),
    ]
    back = Notification.objects.get(user=world.user("filler"))
    assert "退回" in back.text and "满意度指标需修改" in back.text


def test_it_shows_what_changed_since_the_return_and_goes_back_to_the_returner(world: World) -> None:
    plan = submitted(world)
    services.approve(plan, world.user("head"))
    services.return_plan(plan, world.user("dept"), "满意度指标需修改")
    assert diff_since_return(plan) is not None and diff_since_return(plan).empty  # type: ignore[union-attr]
    assert permissions.can(world.user("filler"), permissions.Action.EDIT, plan)
    fixed = to_core(plan)
    fixed.indicators[-1].target = Decimal(95)
    replace_plan(plan, fixed, world.user("filler"), ChangeWay.PAGE)
    services.submit(plan, world.user("filler"))  # earlier explanations of this version still count
    assert state(plan) is State.DEPARTMENT_REVIEW
    diff = diff_since_return(plan)
    assert diff is not None
    assert [(r.name, [(c.field, c.old, c.new) for c in r.changes]) for r in diff.changed] == [
        ("满意度", [("target", Decimal(90), Decimal(95))])
    ]


def test_it_keeps_an_outsider_from_returning(world: World) -> None:
    plan = submitted(world)
    for key in OUTSIDERS:
        with pytest.raises(Http404):
            services.return_plan(plan, world.user(key), "不行")
    for key in ("filler", "dept", "finance", "admin"):
        with pytest.raises(PermissionDenied):
            services.return_plan(plan, world.user(key), "不行")
    nothing_written(plan, 1)


# ── locks ────────────────────────────────────────────────────────────────────────────────────


def test_it_locks_the_plan_while_under_review_and_once_approved(world: World) -> None:
    plan = stored(world)
    filler = world.user("filler")
    assert permissions.can(filler, permissions.Action.EDIT, plan)
    services.submit(plan, filler, explanations(plan))
    assert not permissions.can(filler, permissions.Action.EDIT, plan)
    with pytest.raises(PermissionDenied, match=r"单位负责人审核.*已锁定"):
        permissions.require(filler, permissions.Action.EDIT, plan)
    for key in ("head", "dept", "finance"):
        services.approve(plan, world.user(key))
    with pytest.raises(PermissionDenied, match="只能通过「调整」修改"):
        permissions.require(filler, permissions.Action.EDIT, plan)


# ── adjust ───────────────────────────────────────────────────────────────────────────────────


def test_it_makes_an_adjustment_a_second_version_keeping_the_first(world: World) -> None:
    plan = approved(world)
    first = to_core(plan)
    with pytest.raises(ReasonRequired):
        services.adjust(plan, world.user("filler"), "")
    move = services.adjust(plan, world.user("filler"), "年中追加预算，调整产出指标")
    assert move.version == 2 and state(plan) is State.DRAFT
    changed = deepcopy(first)
    changed.indicators[2].target = Decimal(40)
    replace_plan(plan, changed, world.user("filler"), ChangeWay.PAGE)
    services.submit(plan, world.user("filler"), explanations(plan))
    for key in ("head", "dept", "finance"):
        services.approve(plan, world.user(key))
    v1, v2 = PlanVersion.objects.filter(plan=plan)
    assert snapshot_plan(v1.content) == first and snapshot_plan(v2.content) == changed
    assert v2.reason == "年中追加预算，调整产出指标"
    diff = version_diff(plan, 1, 2)
    assert diff is not None
    assert [r.name for r in diff.changed] == [first.indicators[2].name]


def test_it_keeps_an_outsider_from_adjusting(world: World) -> None:
    plan = approved(world)
    for key in OUTSIDERS:
        with pytest.raises(Http404):
            services.adjust(plan, world.user(key), "调整")
    for key in ("head", "dept", "finance", "admin"):
        with pytest.raises(PermissionDenied):
            services.adjust(plan, world.user(key), "调整")
    nothing_written(plan, 4)
    assert PlanVersion.objects.filter(plan=plan).count() == 1


# ── self-evaluation, re-check, publication ────────────────────────────────────────────────────


def test_it_opens_the_approved_plan_for_actual_values(world: World) -> None:
    plan = approved(world)
    for key in OUTSIDERS:
        with pytest.raises(Http404):
            services.reopen(plan, world.user(key))
    for key in ("head", "dept", "admin"):
        with pytest.raises(PermissionDenied):
            services.reopen(plan, world.user(key))
    services.reopen(plan, world.user("finance"))
    assert state(plan) is State.EVAL_FILLING
    assert permissions.edit_lock(plan) is None
    assert permissions.edit_lock(plan, permissions.flow.Part.TARGETS) is not None


def test_it_lists_the_wrong_stated_score_and_keeps_the_re_checked_one_beside_it(world: World) -> None:
    plan = in_recheck(world)
    assert state(plan) is State.EVAL_FINANCE_REVIEW
    [finding] = [f for f in services.recheck_findings(plan) if f.code == "stated-score-mismatch"]
    assert finding.indicator == "专项资金使用率"
    row = IndicatorRow.objects.get(plan=plan, name="专项资金使用率")
    for key in (*OUTSIDERS,):
        with pytest.raises(Http404):
            services.set_recheck_score(plan, world.user(key), row.pk, Decimal(10), "按标准")
    for key in ("filler", "head", "dept", "admin"):
        with pytest.raises(PermissionDenied):
            services.set_recheck_score(plan, world.user(key), row.pk, Decimal(10), "按标准")
    with pytest.raises(ReasonRequired):
        services.set_recheck_score(plan, world.user("finance"), row.pk, Decimal(10), "")
    assert RecheckScore.objects.count() == 0
    score = services.set_recheck_score(
        plan, world.user("finance"), row.pk, Decimal(10), "使用率95.8%≥90%，应得满分"
    )
    assert (score.unit_score, score.score) == (Decimal(6), Decimal(10))
    result = services.final_result(plan)
    assert result.indicators[0].points == Decimal(10) and result.rechecked == 1


def test_it_publishes_the_final_score_and_grade(world: World) -> None:
    plan = in_recheck(world)
    row = IndicatorRow.objects.get(plan=plan, name="专项资金使用率")
    services.set_recheck_score(plan, world.user("finance"), row.pk, Decimal(10), "应得满分")
    for key in OUTSIDERS:
        with pytest.raises(Http404):
            services.publish(plan, world.user(key))
    for key in ("filler", "head", "dept", "admin"):
        with pytest.raises(PermissionDenied):
            services.publish(plan, world.user(key))
    expected = services.final_result(plan)
    move = services.publish(plan, world.user("finance"))
    published = Publication.objects.get(transition=move)
    assert published.total == expected.total and published.grade == expected.grade.value  # type: ignore[union-attr]
    assert published.rechecked == 1 and state(plan) is State.PUBLISHED
    with pytest.raises(TransitionRefused):
        services.set_recheck_score(plan, world.user("finance"), row.pk, Decimal(9), "再改")


def test_it_draws_a_recorded_sample_that_can_be_recomputed(world: World) -> None:
    plan = in_recheck(world)
    with pytest.raises(PermissionDenied):
        services.draw_recheck_sample(world.user("dept"), 2023, 1)
    draw = services.draw_recheck_sample(world.user("finance"), 2023, 5, "2024年复核")
    assert draw.population == [plan.pk] and draw.drawn == [plan.pk]
    assert draw_sample(draw.population, draw.size, draw.seed) == draw.drawn
    random_seeded = services.draw_recheck_sample(world.user("finance"), 2023, 1)
    assert len(random_seeded.seed) == 16 and SampleDraw.objects.count() == 2


# ── deadlines ────────────────────────────────────────────────────────────────────────────────


def test_it_lets_only_the_finance_bureau_set_deadlines_and_keeps_their_history(world: World) -> None:
    for key in ("filler", "head", "dept", "other_dept"):
        with pytest.raises(PermissionDenied):
            services.set_deadline(world.user(key), 2023, State.DRAFT, date(2023, 3, 1))
    with pytest.raises(WorkflowError, match="已批复"):
        services.set_deadline(world.user("finance"), 2023, State.APPROVED, date(2023, 3, 1))
    services.set_deadline(world.user("finance"), 2023, State.DRAFT, date(2023, 3, 1))
    services.set_deadline(world.user("finance"), 2023, State.DRAFT, date(2023, 3, 15))
    deadline = Deadline.objects.get(year=2023, state="draft")
    assert deadline.due == date(2023, 3, 15) and deadline.history.count() == 2


def test_it_stores_the_snapshot_as_the_interchange_json(world: World) -> None:
    plan = submitted(world)
    move = Transition.objects.get(plan=Plan.objects.get(pk=plan.pk))
    assert snapshot_plan(move.snapshot) == to_core(plan)
    assert plan_to_dict(snapshot_plan(move.snapshot)) == plan_to_dict(to_core(plan))
