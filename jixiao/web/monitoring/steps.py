"""A monitoring round's entry through the workflow (监控填报流程): submit, approve, return.

The rules are ``core.workflow``'s (its monitoring states); who may take a step is
``accounts.permissions.flow_role_for``, as for the plan's own steps; each step is recorded as a
``workflow.Transition`` of the plan (the same timeline, with the entry's values as its snapshot) tied to
its round by an ``EntryStep``. A submission is refused while ``core.monitoring.missing_before_submission``
lists anything (a value, or a deviation's reason or corrective action). One transaction, holding the
entry's flow row, so that two people acting at once are served one after the other.

Errors: ``Http404`` (a plan the person may not see), ``PermissionDenied`` (not their step),
``WorkflowError`` and its subclasses (refused by the rules).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from jixiao.core import workflow as flow
from jixiao.core.errors import TransitionRefused
from jixiao.core.monitoring import missing_before_submission
from jixiao.web.accounts import permissions
from jixiao.web.monitoring import service
from jixiao.web.monitoring.convert import with_entries
from jixiao.web.monitoring.models import EntryFlow, EntryStep, Round
from jixiao.web.plans.models import Plan
from jixiao.web.workflow.models import PlanVersion, Transition
from jixiao.web.workflow.services import record_transition

TARGETS_APPROVED = frozenset(
    {flow.State.APPROVED, *(s for s in flow.State if s.stage is flow.Stage.SELF_EVALUATION)}
)


def entry_state(round_: Round, plan: Plan) -> flow.State:
    """The state of ``plan``'s entry in ``round_`` (监控填报 until first submitted)."""
    state = EntryFlow.objects.filter(round=round_, plan=plan).values_list("state", flat=True).first()
    return flow.State(state) if state else flow.State.MONITOR_FILLING


def entry_flow(round_: Round, plan: Plan) -> EntryFlow:
    """The entry's flow row as it stands (unsaved, in 监控填报, when never submitted)."""
    found = EntryFlow.objects.filter(round=round_, plan=plan).first()
    return found or EntryFlow(round=round_, plan=plan)


def take_step(
    round_: Round,
    plan: Plan,
    user: User,
    action: flow.Action,
    reason: str = "",
    expected: flow.State | None = None,
) -> Transition:
    """``action`` (提交 / 审核通过 / 退回) on ``plan``'s entry in ``round_`` by ``user``; ``expected`` is
    the state the person saw (refused if someone acted in between). A submission needs the plan's
    targets approved (监控针对已批复的目标) and nothing missing."""
    with transaction.atomic():
        held = (
            Plan.objects.select_for_update(of=("self",))
            .select_related("unit", "unit__parent")
            .get(pk=plan.pk)
        )
        row, _ = EntryFlow.objects.select_for_update().get_or_create(round=round_, plan=held)
        before = row.status
        if expected is not None and before.state is not expected:
            raise TransitionRefused(
                f"这张监控表现在处于「{before.state.label}」，不再是您看到的「{expected.label}」；请刷新后再操作"
            )
        role = permissions.flow_role_for(user, held, before.state, action)
        missing = None
        if action is flow.Action.SUBMIT:
            _check_targets_approved(held)
            missing = missing_before_submission(service.status_of(round_, held))
        after = flow.apply(before, action, role, reason=reason, missing=missing)
        row.state = after.state.value
        row.returned_from = after.returned_from.value if after.returned_from else ""
        row.save()
        content = with_entries(held, service.entry_of(round_, held))
        version = held.flow.version if hasattr(held, "flow") else 1
        move = record_transition(
            held,
            user,
            role,
            action,
            (before, flow.Status(after.state, version, after.returned_from)),
            reason,
            timezone.now(),
            content,
        )
        EntryStep.objects.create(transition=move, round=round_)
        return move


def _check_targets_approved(plan: Plan) -> None:
    state = permissions.plan_state(plan)
    if state in TARGETS_APPROVED or PlanVersion.objects.filter(plan=plan, approved_at__isnull=False).exists():
        return
    raise TransitionRefused(
        f"这张表的目标处于「{state.label}」，尚未批复：绩效运行监控针对已批复的目标，批复后才能提交监控填报"
    )


def entry_states(rounds: Iterable[Round], plans: Iterable[Plan]) -> dict[tuple[int, int], flow.State]:
    """The state of every (round id, plan id) entry that has left 监控填报 at least once (the others are
    being filled), in one query."""
    rows = EntryFlow.objects.filter(round__in=list(rounds), plan__in=list(plans))
    return {(r.round_id, r.plan_id): flow.State(r.state) for r in rows.only("round_id", "plan_id", "state")}


def waiting_for_user(user: Any, rounds: Iterable[Round], plans: Iterable[Plan]) -> set[tuple[int, int]]:
    """The (round id, plan id) entries on which ``user`` may take a step now (their 待办)."""
    by_id = {p.pk: p for p in plans}
    states = entry_states(rounds, by_id.values())
    return {
        key
        for key, state in states.items()
        if flow.actions_for(state, permissions.flow_roles(user, by_id[key[1]]))
    }
