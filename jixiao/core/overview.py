"""What the finance bureau's overview (驾驶舱) counts about a plan's progress through the year.

A plan's milestones (进展) for its budget year, from its state in the flow (``core.workflow``, one
state machine) and the current monitoring round:

- 已申报 (declared): the targets have been submitted: any state but 草稿 (a plan sent back to 草稿 is
  counted again once resubmitted);
- 已批复 (approved): the finance bureau approved the targets: 已批复 and every state after it;
- 已监控 (monitored): the unit has an entry in the year's current monitoring round (not a state);
- 已评价 (evaluated): the self-evaluation has been submitted: 自评单位负责人审核 and after, 已发布.

A plan is overdue (逾期) when it is still in a state whose deadline (``Deadline``: "plans of this year
must have left this state by …") has passed: ``today > due`` — the same rule as the to-do list's.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from jixiao.core.workflow import State


class Milestone(StrEnum):
    """A step of the year a plan has reached (进展)."""

    DECLARED = "已申报"
    APPROVED = "已批复"
    MONITORED = "已监控"
    EVALUATED = "已评价"


DECLARED_STATES = frozenset(State) - {State.DRAFT}
APPROVED_STATES = frozenset(
    {
        State.APPROVED,
        State.EVAL_FILLING,
        State.EVAL_UNIT_REVIEW,
        State.EVAL_DEPARTMENT_REVIEW,
        State.EVAL_FINANCE_REVIEW,
        State.PUBLISHED,
    }
)
EVALUATED_STATES = frozenset(
    {State.EVAL_UNIT_REVIEW, State.EVAL_DEPARTMENT_REVIEW, State.EVAL_FINANCE_REVIEW, State.PUBLISHED}
)
STATES_REACHING = {
    Milestone.DECLARED: DECLARED_STATES,
    Milestone.APPROVED: APPROVED_STATES,
    Milestone.EVALUATED: EVALUATED_STATES,
}
"""The states in which a plan has reached each milestone (已监控 is not a state: see the module)."""


def milestones(state: State, monitored: bool) -> set[Milestone]:
    """The milestones a plan in ``state`` has reached; ``monitored``: it has an entry in the current
    monitoring round."""
    reached = {m for m, states in STATES_REACHING.items() if state in states}
    if monitored:
        reached.add(Milestone.MONITORED)
    return reached


def overdue_states(deadlines: dict[State, date], today: date) -> frozenset[State]:
    """The states whose deadline has passed on ``today`` (``today > due``): a plan still in one of
    them is overdue (逾期)."""
    return frozenset(state for state, due in deadlines.items() if today > due)
