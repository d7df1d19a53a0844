"""The workflow's steps as database changes (流程操作): one function per step.

Each function checks with ``accounts.permissions`` (who, for which organisation) and ``core.workflow``
(which step, reasons, the review inside a submission), changes the rows it names, records the
``Transition`` with the plan's content at that moment, notifies the people concerned, and saves — all
in one transaction, holding the plan's row (``select_for_update``) so that two people acting at once
are served one after the other: the second sees the first's result and is refused with a message
naming who acted (``expected`` is the state the person saw). Nothing is half-done: a refusal raises
before anything is written.

Errors: ``Http404`` (a plan the person may not see), ``PermissionDenied`` (a visible plan, not their
step), ``jixiao.core.errors.WorkflowError`` and its subclasses (refused by the rules: 409/422).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jixiao.core import workflow as flow
from jixiao.core.errors import TransitionRefused, WorkflowError
from jixiao.core.model import Plan as CorePlan
from jixiao.core.review import Finding, review_plan
from jixiao.core.rules.resolve import resolve_rule, rule_of
from jixiao.core.scoring import score_plan
from jixiao.core.serialize import plan_to_dict
from jixiao.web.accounts import permissions
from jixiao.web.plans.analysis import review_stored
from jixiao.web.plans.convert import to_core
from jixiao.web.plans.models import IndicatorRow, Plan
from jixiao.web.workflow.models import (
    Comment,
    CommentTarget,
    Deadline,
    Explanation,
    Notification,
    PlanFlow,
    PlanVersion,
    Publication,
    RecheckScore,
    SampleDraw,
    Transition,
)


@dataclass(frozen=True, slots=True)
class CommentInput:
    """A comment of a return: on an indicator row (its id) or on a field (``CommentTarget``)."""

    text: str
    indicator: int | None = None
    target: str = ""


@dataclass(frozen=True, slots=True)
class ExplanationInput:
    """A submitter's explanation of one warning: the finding's code and its indicator row (or none)."""

    code: str
    text: str
    indicator: int | None = None


# ── the steps ────────────────────────────────────────────────────────────────────────────────


def submit(
    plan: Plan,
    user: User,
    explanations: Sequence[ExplanationInput] = (),
    expected: flow.State | None = None,
) -> Transition:
    """提交: the unit's 单位填报人 sends the plan (targets in 草稿, actual values in 自评填报) to review.

    The review runs on the plan as stored: error findings block the submission, and every warning needs
    an explanation — given now (``explanations``) or earlier in this stage and version. Raises
    ``SubmissionBlocked`` (listing them) and saves nothing, not even the new explanations, if blocked.
    """
    with transaction.atomic():
        plan, state_row = _hold(plan, user, expected)
        status = state_row.status
        role = permissions.flow_role_for(user, plan, status.state, flow.Action.SUBMIT)
        now = timezone.now()
        stage = status.state.stage
        new_rows = [_explanation(plan, status, e, user, now) for e in explanations]
        Explanation.objects.bulk_create(new_rows)
        findings = submission_findings(plan)
        explained = current_explanations(plan, stage, status.version)
        after = flow.apply(status, flow.Action.SUBMIT, role, findings=findings, explained=set(explained))
        move = _record(plan, state_row, user, role, flow.Action.SUBMIT, after, "", now)
        Explanation.objects.filter(pk__in=[e.pk for e in new_rows]).update(transition=move)
        return move


def approve(plan: Plan, user: User, reason: str = "", expected: flow.State | None = None) -> Transition:
    """审核通过: the reviewer of the present step passes the plan on; the finance bureau's approval of
    targets is the 批复 and keeps the version's content (``PlanVersion``)."""
    return _step(plan, user, flow.Action.APPROVE, reason, expected)


def return_plan(
    plan: Plan,
    user: User,
    reason: str,
    comments: Sequence[CommentInput] = (),
    expected: flow.State | None = None,
) -> Transition:
    """退回: the reviewer of the present step sends the plan back to the unit with a reason (required) and
    comments on rows or fields, which the unit sees beside them."""
    with transaction.atomic():
        move = _step(plan, user, flow.Action.RETURN, reason, expected)
        rows = {r.pk: r for r in IndicatorRow.objects.filter(plan=plan)}
        Comment.objects.bulk_create(_comment(move, rows, c) for c in comments)
        return move


def adjust(plan: Plan, user: User, reason: str, expected: flow.State | None = None) -> Transition:
    """调整: the unit's 单位填报人 opens a new version of an approved plan (with a reason); it goes through
    the same chain, and the approved version stays as it was (``PlanVersion``)."""
    return _step(plan, user, flow.Action.ADJUST, reason, expected)


def reopen(plan: Plan, user: User, expected: flow.State | None = None) -> Transition:
    """开启自评: after the year, the unit (or the finance bureau) opens the approved plan for actual
    values and self-scores (财预〔2020〕10号)."""
    return _step(plan, user, flow.Action.REOPEN, "", expected)


def publish(plan: Plan, user: User, expected: flow.State | None = None) -> Transition:
    """发布: the finance bureau publishes the self-evaluation's final score and grade, re-checked scores in
    place of the unit's own (``core.workflow.final_score``)."""
    return _step(plan, user, flow.Action.PUBLISH, "", expected)


STEPS = {
    flow.Action.SUBMIT: submit,
    flow.Action.APPROVE: approve,
    flow.Action.RETURN: return_plan,
    flow.Action.ADJUST: adjust,
    flow.Action.REOPEN: reopen,
    flow.Action.PUBLISH: publish,
}
"""Each action's service function (the API's ``POST /plans/{id}/transitions`` dispatches here)."""


def _step(
    plan: Plan, user: User, action: flow.Action, reason: str, expected: flow.State | None
) -> Transition:
    with transaction.atomic():
        plan, state_row = _hold(plan, user, expected)
        status = state_row.status
        role = permissions.flow_role_for(user, plan, status.state, action)
        after = flow.apply(status, action, role, reason=reason)
        now = timezone.now()
        move = _record(plan, state_row, user, role, action, after, reason, now)
        if action is flow.Action.APPROVE and after.state is flow.State.APPROVED:
            version = _version(plan, status.version, user, now)
            version.approved_at, version.content = now, move.snapshot
            version.save(update_fields=["approved_at", "content"])
        elif action is flow.Action.ADJUST:
            _version(plan, status.version, user, now)  # the approved version, if it was never recorded
            PlanVersion.objects.create(
                plan=plan, number=after.version, reason=reason.strip(), started_at=now, started_by=user
            )
        elif action is flow.Action.PUBLISH:
            _publish(plan, move)
        return move


def _hold(plan: Plan, user: User, expected: flow.State | None = None) -> tuple[Plan, PlanFlow]:
    """The plan and its flow row, locked for this transaction (a plan never submitted gets its row).
    ``Http404`` first for a person who may not see the plan: nothing about it (its state, who acted)
    is said to them, whatever they send. ``TransitionRefused`` when the plan has left the state the
    person saw (``expected``): asked before the lock is taken, so a stale step waits for no other, and
    again under it."""
    permissions.get_plan_for_user(user, plan.pk)
    if expected is not None:
        seen = PlanFlow.objects.filter(plan_id=plan.pk).values_list("state", flat=True).first()
        _expect(plan, seen or flow.State.DRAFT.value, expected)
    held = Plan.objects.select_for_update(of=("self",)).select_related("unit", "unit__parent").get(pk=plan.pk)
    state_row, _ = PlanFlow.objects.select_for_update().get_or_create(plan=held)
    _expect(held, state_row.state, expected)
    return held, state_row


def _expect(plan: Plan, state: str, expected: flow.State | None) -> None:
    """Refuse when the plan (in ``state``) left the state the person saw: someone else acted in between."""
    if expected is None or state == expected:
        return
    last = Transition.objects.filter(plan=plan).order_by("-at", "-id").defer("snapshot").first()
    who = (
        f"已由{last.by_name}于{timezone.localtime(last.at):%Y-%m-%d %H:%M}{flow.Action(last.action).label}，"
        if last
        else ""
    )
    raise TransitionRefused(
        f"这张表{who}现在处于「{flow.State(state).label}」，"
        f"不再是您看到的「{expected.label}」；请刷新后再操作"
    )


def _record(
    plan: Plan,
    state_row: PlanFlow,
    user: User,
    role: flow.Role,
    action: flow.Action,
    after: flow.Status,
    reason: str,
    now: Any,
) -> Transition:
    before = state_row.status
    state_row.state = after.state.value
    state_row.version = after.version
    state_row.returned_from = after.returned_from.value if after.returned_from else ""
    state_row.save()
    return record_transition(plan, user, role, action, (before, after), reason, now, to_core(plan))


def record_transition(
    plan: Plan,
    user: User,
    role: flow.Role,
    action: flow.Action,
    move: tuple[flow.Status, flow.Status],
    reason: str,
    now: Any,
    content: CorePlan,
) -> Transition:
    """Record one step of ``plan``'s flow (the plan's own, or a monitoring round's entry: the same
    timeline) from ``move[0]`` to ``move[1]`` with ``content`` as its snapshot, and notify the people
    the plan now waits for. The caller holds the rows and saves the new state."""
    before, after = move
    transition = Transition.objects.create(
        plan=plan,
        at=now,
        by=user,
        by_name=user.get_full_name() or user.username,
        role=role.value,
        action=action.value,
        from_state=before.state.value,
        to_state=after.state.value,
        version=after.version,
        reason=reason.strip(),
        plan_revision=plan.revision,
        snapshot=plan_to_dict(content),
    )
    _notify_move(plan, transition, before, after)
    return transition


def _version(plan: Plan, number: int, user: User, now: Any) -> PlanVersion:
    """The record of version ``number``, made now if missing: version 1 was begun by the plan's creation
    (who created it, when), not by the step that records it (the approval); a later one by ``user``."""
    begun = {"started_at": plan.created_at, "started_by": plan.created_by} if number == 1 else {}
    version, _ = PlanVersion.objects.get_or_create(
        plan=plan, number=number, defaults={"started_at": now, "started_by": user, **begun}
    )
    return version


def _explanation(
    plan: Plan, status: flow.Status, given: ExplanationInput, user: User, now: Any
) -> Explanation:
    if not given.text.strip():
        raise WorkflowError(f"警告 {given.code} 的说明不能为空")
    name = ""
    if given.indicator is not None:
        row = IndicatorRow.objects.filter(plan=plan, pk=given.indicator).first()
        if row is None:
            raise WorkflowError(f"这张表没有编号为 {given.indicator} 的指标")
        name = row.name
    return Explanation(
        plan=plan,
        stage=status.state.stage.value,
        version=status.version,
        code=given.code,
        indicator_id=given.indicator,
        indicator_name=name,
        text=given.text.strip()[:500],
        at=now,
        by=user,
    )


def submission_findings(plan: Plan) -> list[Finding]:
    """The review a submission runs on ``plan`` as stored, with its history (``analysis.review_stored``):
    its errors block the submission and its warnings need explanations. The plan page lists the same
    findings (it shares that review)."""
    return review_stored(plan).findings


def current_explanations(plan: Plan, stage: flow.Stage, version: int) -> dict[tuple[str, str | None], str]:
    """The latest explanation of each warning ``(code, indicator name or None)`` in this stage and
    version of ``plan`` (earlier ones stay, superseded)."""
    out: dict[tuple[str, str | None], str] = {}
    for e in Explanation.objects.filter(plan=plan, stage=stage.value, version=version).order_by("at", "id"):
        out[(e.code, e.indicator_name or None)] = e.text
    return out


def _comment(move: Transition, rows: dict[int, IndicatorRow], given: CommentInput) -> Comment:
    if not given.text.strip():
        raise WorkflowError("退回意见不能为空")
    if given.indicator is not None:
        row = rows.get(given.indicator)
        if row is None:
            raise WorkflowError(f"这张表没有编号为 {given.indicator} 的指标")
        return Comment(
            transition=move,
            plan_id=move.plan_id,
            target=CommentTarget.INDICATOR,
            indicator=row,
            indicator_name=row.name,
            text=given.text.strip(),
        )
    target = given.target or CommentTarget.PLAN
    if target not in CommentTarget.values or target == CommentTarget.INDICATOR:
        raise WorkflowError(f"退回意见的对象「{target}」不存在（可用：goal、budget、title、duties、plan）")
    return Comment(transition=move, plan_id=move.plan_id, target=target, text=given.text.strip())


# ── re-check (抽查复核) ────────────────────────────────────────────────────────────────────────


def recheck_findings(plan: Plan) -> list[Finding]:
    """What a re-check looks at on ``plan``: every stated score the rules do not give and every total
    that is not the sum (``core.workflow.RECHECK_CODES``)."""
    return flow.recheck_findings(review_plan(to_core(plan), 0, resolve_rule))


def set_recheck_score(plan: Plan, user: User, row_id: int, score: Decimal, reason: str) -> RecheckScore:
    """复核得分: the finance reviewer sets an indicator's re-checked score with a reason, while the plan is
    in 财政复核; the unit's own score is kept beside it. A later re-check is a new row (the latest
    counts)."""
    with transaction.atomic():
        plan, state_row = _hold(plan, user)
        permissions.require_finance_reviewer(user, plan)
        if state_row.state != flow.State.EVAL_FINANCE_REVIEW:
            raise TransitionRefused(
                f"只有处于「财政复核」的自评表可以复核，这张表处于「{flow.State(state_row.state).label}」"
            )
        row = IndicatorRow.objects.filter(plan=plan, pk=row_id).first()
        if row is None:
            raise WorkflowError(f"这张表没有编号为 {row_id} 的指标")
        indicator = to_core(plan).indicators[_index(plan, row)]
        flow.check_recheck_score(indicator, score, reason)
        return RecheckScore.objects.create(
            plan=plan,
            indicator=row,
            indicator_name=row.name,
            position=row.position,
            unit_score=row.stated_score,
            score=score,
            reason=reason.strip(),
            at=timezone.now(),
            by=user,
        )


def _index(plan: Plan, row: IndicatorRow) -> int:
    return list(IndicatorRow.objects.filter(plan=plan).values_list("pk", flat=True)).index(row.pk)


def rechecked_scores(plan: Plan) -> dict[int, RecheckScore]:
    """The latest re-checked score of each indicator of ``plan``, by its index in the table."""
    order = {
        pk: i for i, pk in enumerate(IndicatorRow.objects.filter(plan=plan).values_list("pk", flat=True))
    }
    out: dict[int, RecheckScore] = {}
    for r in RecheckScore.objects.filter(plan=plan, indicator__isnull=False).order_by("at", "id"):
        if r.indicator_id in order:
            out[order[r.indicator_id]] = r
    return out


def final_result(plan: Plan) -> flow.FinalScore:
    """The score a publication would publish now."""
    rechecked = {i: r.score for i, r in rechecked_scores(plan).items()}
    return flow.final_score(score_plan(to_core(plan), rule_of), rechecked)


def _publish(plan: Plan, move: Transition) -> Publication:
    result = final_result(plan)
    return Publication.objects.create(
        plan=plan,
        transition=move,
        total=result.total,
        max_total=result.max_total,
        normalized=result.normalized,  # type: ignore[misc]  # nullable (NUMBER), not seen through **
        grade=result.grade.value if result.grade else "",
        rechecked=result.rechecked,
    )


def draw_recheck_sample(user: User, year: int, size: int, seed: str = "") -> SampleDraw:
    """抽查: draw ``size`` of the year's self-evaluations awaiting or past the finance re-check, in the
    bureaus where ``user`` is 财政审核人; the seed (random when not given), the population and the draw
    are recorded, so that anyone can recompute it (``core.workflow.draw_sample``)."""
    bureaus = permissions.reviewed_bureaus(user)
    if not bureaus:
        raise PermissionDenied("只有财政审核人可以抽查")
    states = [flow.State.EVAL_FINANCE_REVIEW.value, flow.State.PUBLISHED.value]
    under = Q(unit__parent__parent_id__in=bureaus) | Q(unit__parent_id__in=bureaus)
    population = sorted(
        Plan.objects.filter(under, year=year, flow__state__in=states).values_list("pk", flat=True)
    )
    seed = seed.strip() or secrets.token_hex(8)
    drawn = flow.draw_sample(population, size, seed)
    return SampleDraw.objects.create(
        year=year, size=size, seed=seed, population=population, drawn=drawn, at=timezone.now(), by=user
    )


# ── deadlines and notifications ─────────────────────────────────────────────────────────────


def set_deadline(user: User, year: int, state: flow.State, due: date) -> Deadline:
    """截止时间: the finance bureau sets by when plans of ``year`` must have left ``state`` (a state that
    waits for someone); the change is kept in the deadline's history."""
    if not permissions.reviewed_bureaus(user):
        raise PermissionDenied("只有财政审核人可以设置截止时间")
    if not flow.waiting_for(state):
        raise WorkflowError(f"「{state.label}」不等待任何人办理，不能设截止时间")
    deadline, _ = Deadline.objects.update_or_create(
        year=year, state=state.value, defaults={"due": due, "set_by": user}
    )
    return deadline


def notify(users: Iterable[User], plan: Plan | None, text: str) -> None:
    """An in-app notification to each of ``users`` (and an e-mail when ``JIXIAO_EMAIL`` is on)."""
    now = timezone.now()
    people = list(users)
    Notification.objects.bulk_create(Notification(user=u, plan=plan, text=text, at=now) for u in people)
    mails = [u.email for u in people if u.email]
    if mails:
        send_mail(f"jixiao 绩效：{text[:60]}", text, None, mails, fail_silently=True)


def _notify_move(plan: Plan, move: Transition, before: flow.Status, after: flow.Status) -> None:
    title = f"{plan.year}年「{plan.title or plan.get_kind_display()}」（{plan.unit.full_name}）"
    action = flow.Action(move.action)
    waiting = set(flow.waiting_for(after.state))
    if waiting:
        text = f"{title}待您办理：{after.state.label}"
        if action is flow.Action.RETURN:
            text = f"{title}被{move.by_name}退回（{before.state.label}）：{move.reason}"
        notify(permissions.people_for(plan, waiting).exclude(pk=move.by_id or 0), plan, text)
    if after.state in (flow.State.APPROVED, flow.State.PUBLISHED, flow.State.MONITOR_ACCEPTED):
        notify(
            permissions.people_for(plan, {flow.Role.UNIT_FILLER, flow.Role.UNIT_HEAD}),
            plan,
            f"{title}{after.state.label}",
        )
