"""What the flow attaches to a plan's table (流程批注): the comments of the return being answered, beside
their rows and fields, and the submitter's explanations beside the warnings they explain.

Read-only; the plan pages show these wherever the table is drawn (``plans/edit.sheet_context``), so that
a unit fixing a returned plan sees each comment by its row, and a reviewer sees each explanation by its
finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.core import workflow as flow
from jixiao.core.review import Finding
from jixiao.web.plans.convert import row_keys
from jixiao.web.plans.models import Plan
from jixiao.web.workflow.models import Comment, Explanation, PlanFlow, Transition


@dataclass(frozen=True, slots=True)
class Notes:
    """The comments and explanations of a plan as its pages show them.

    ``returned``: the return being answered (or ``None``); ``rows``: table row index → comments on that
    row; ``fields``: ``CommentTarget`` value (goal, budget, title, duties, plan) → comments; ``orphans``:
    comments on rows since deleted; ``explanations``: ``(code, indicator name or "")`` → the latest text
    in this stage and version.
    """

    returned: Transition | None = None
    rows: dict[int, list[Comment]] = field(default_factory=dict)
    fields: dict[str, list[Comment]] = field(default_factory=dict)
    orphans: list[Comment] = field(default_factory=list)
    explanations: dict[tuple[str, str], str] = field(default_factory=dict)

    def explanation(self, finding: Finding) -> str:
        """The submitter's explanation of ``finding`` ("" when none)."""
        return self.explanations.get((finding.code, finding.indicator or ""), "")


def answered_return(plan: Plan, status: flow.Status) -> Transition | None:
    """The return the plan is being fixed after, or was resubmitted after: the latest return of the
    current version, unless someone approved the plan since (then the comments are settled)."""
    moves = (
        Transition.objects.filter(plan=plan, version=status.version)
        .defer("snapshot")  # the plan as it was, a whole table of JSON a step: not shown here
        .order_by("-at", "-id")
    )
    for move in moves:
        if move.action == flow.Action.RETURN.value:
            return move
        if move.action != flow.Action.SUBMIT.value:
            return None
    return None


def status_of(plan: Plan) -> flow.Status:
    """``plan``'s place in the flow (a plan never submitted is a version-1 draft): as read with the plan
    when it was (``get_plan_for_user(..., with_flow=True)``), else read now."""
    if Plan.flow.is_cached(plan):
        row: PlanFlow | None = getattr(plan, "flow", None)  # None: read, and there is none
    else:
        row = PlanFlow.objects.filter(plan=plan).first()
    return row.status if row else flow.Status()


def notes_for(plan: Plan, status: flow.Status | None = None) -> Notes:
    """The comments of the return being answered and the explanations of this stage and version.

    A plan read with its place in the flow (``get_plan_for_user(..., with_flow=True)``) that has none
    was never submitted: no step was taken (a step gives the plan its flow row, ``services._hold``; a
    monitoring step needs approved targets) and nothing was explained, so nothing is asked."""
    if Plan.flow.is_cached(plan) and getattr(plan, "flow", None) is None:
        return Notes()
    status = status or status_of(plan)
    explanations = {
        (e.code, e.indicator_name): e.text
        for e in Explanation.objects.filter(
            plan=plan, stage=status.state.stage.value, version=status.version
        ).order_by("at", "id")
    }
    back = answered_return(plan, status)
    if back is None:
        return Notes(explanations=explanations)
    index = {pk: i for i, (pk, _) in enumerate(row_keys(plan))}
    rows: dict[int, list[Comment]] = {}
    fields: dict[str, list[Comment]] = {}
    orphans = []
    for c in Comment.objects.filter(transition=back).order_by("id"):
        if c.indicator_id is not None and c.indicator_id in index:
            rows.setdefault(index[c.indicator_id], []).append(c)
        elif c.target == "indicator":
            orphans.append(c)
        else:
            fields.setdefault(c.target, []).append(c)
    return Notes(back, rows, fields, orphans, explanations)
