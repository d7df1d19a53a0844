"""The workflow panel of a plan page (流程面板): the plan's state, version and deadline, why it is locked,
the actions this person may take now and what each needs — the submission's findings with the
explanation typed so far beside each warning, the rows and fields a return may comment on, and, for the
reviewer of a resubmitted plan, what changed since the return (``timeline.diff_since_return``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from jixiao.core import workflow as flow
from jixiao.core.review import Finding, Severity
from jixiao.core.workflow import PlanDiff
from jixiao.web.accounts import permissions
from jixiao.web.plans.analysis import Reviewed
from jixiao.web.plans.convert import row_keys
from jixiao.web.plans.models import Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.models import CommentTarget, Deadline
from jixiao.web.workflow.notes import Notes, notes_for, status_of
from jixiao.web.workflow.timeline import diff_since_return

FIELD_TARGETS = [(t.value, t.label) for t in CommentTarget if t != CommentTarget.INDICATOR]
"""The fields a return may comment on (年度总体目标, 资金, 名称, 部门职责, 全表)."""


@dataclass(frozen=True, slots=True)
class ToExplain:
    """A warning the submitter must explain: the finding, its row's id (or ``None``), the text so far.
    Its input is named ``explain:<code>:<row id>`` (the row id empty for a plan-level warning), so a
    typed text stays with its warning when the list changes."""

    finding: Finding
    row_id: int | None
    text: str

    @property
    def name(self) -> str:
        return explain_key(self.finding.code, self.row_id)


def explain_key(code: str, row_id: int | None) -> str:
    """The form name of the explanation of warning ``code`` on row ``row_id``."""
    return f"explain:{code}:{row_id or ''}"


@dataclass(slots=True)
class Panel:
    """What the workflow panel of a plan page shows to one person."""

    status: flow.Status
    actions: list[flow.Action]
    deadline: date | None
    overdue: bool
    lock: str | None  # why the plan cannot be edited now, and what to do (None: not locked)
    notes: Notes
    errors: list[Finding] = field(default_factory=list)  # the submitter's: block the submission
    warnings: list[ToExplain] = field(default_factory=list)  # the submitter's: each needs a line
    diff: PlanDiff | None = None  # the reviewer's: what changed since the return
    rows: list[tuple[int, str, str]] = field(default_factory=list)  # the return form: (id, name, typed)
    explained: list[tuple[Finding, str]] = field(default_factory=list)  # the reviewer's: warning, why
    refusal: str = ""
    typed: dict[str, str] = field(default_factory=dict)

    @property
    def state(self) -> flow.State:
        return self.status.state

    @property
    def fields(self) -> list[tuple[str, str, str]]:
        """The fields a return may comment on: (target, label, the comment typed so far)."""
        return [(value, label, self.typed.get(f"comment-{value}", "")) for value, label in FIELD_TARGETS]


def panel(
    user: Any,
    plan: Plan,
    refusal: str = "",
    typed: dict[str, str] | None = None,
    notes: Notes | None = None,
    review: Reviewed | None = None,
    status: flow.Status | None = None,
) -> Panel:
    """The workflow panel of ``plan`` for ``user``: their possible actions (``core.workflow.actions_for``
    with the roles ``permissions.flow_roles`` gives them for this plan) and what each needs. The
    submission's findings are ``review``'s when the page has reviewed the plan already, else the
    submission's own review (``services.submission_findings``): the same findings either way. ``notes``
    and ``status``: the plan's, when the page has read them already."""
    status = status or status_of(plan)
    actions = flow.actions_for(status.state, permissions.flow_roles(user, plan))
    due = (
        Deadline.objects.filter(year=plan.year, state=status.state.value)
        .values_list("due", flat=True)
        .first()
    )
    notes = notes or notes_for(plan, status)
    shown = Panel(
        status,
        actions,
        due,
        due is not None and timezone.localdate() > due,
        permissions.edit_lock(plan, state=status.state),
        notes,
        refusal=refusal,
        typed=typed or {},
    )
    reviewing = flow.Action.RETURN in actions or flow.Action.APPROVE in actions
    findings: list[Finding] = []
    if reviewing or flow.Action.SUBMIT in actions:
        findings = review.findings if review is not None else services.submission_findings(plan)
    if flow.Action.SUBMIT in actions:
        answered = flow.answered_at_submission(findings, status.state.stage)
        shown.errors, shown.warnings = _to_submit(plan, answered, notes, shown.typed)
    if reviewing:
        shown.rows = [(pk, name, shown.typed.get(f"comment-row-{pk}", "")) for pk, name in row_keys(plan)]
        if status.state.stage is flow.Stage.TARGETS:
            shown.diff = diff_since_return(plan)
        shown.explained = [
            (f, notes.explanation(f))
            for f in findings
            if f.severity is Severity.WARNING and notes.explanation(f)
        ]
    return shown


def _to_submit(
    plan: Plan, findings: list[Finding], notes: Notes, typed: dict[str, str]
) -> tuple[list[Finding], list[ToExplain]]:
    ids: dict[str, int] = {}
    for pk, name in row_keys(plan):  # the first row of a name, as its finding names it
        ids.setdefault(name, pk)
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    listed = []
    for f in warnings:
        row_id = ids.get(f.indicator or "")
        listed.append(ToExplain(f, row_id, typed.get(explain_key(f.code, row_id), notes.explanation(f))))
    return [f for f in findings if f.severity is Severity.ERROR], listed
