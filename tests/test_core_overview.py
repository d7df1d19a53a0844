"""The overview's rules in core: milestones from the flow's states, overdue against deadlines, and the
summary's counting of findings given one by one or counted per plan beforehand."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.overview import Milestone, milestones, overdue_states
from jixiao.core.summary import count_by_code, findings_by_code, grade_distribution
from jixiao.core.workflow import State


def test_it_counts_a_plan_as_declared_approved_and_evaluated_by_its_state() -> None:
    assert milestones(State.DRAFT, False) == set()
    assert milestones(State.UNIT_REVIEW, False) == {Milestone.DECLARED}
    assert milestones(State.APPROVED, True) == {Milestone.DECLARED, Milestone.APPROVED, Milestone.MONITORED}
    assert milestones(State.EVAL_FILLING, False) == {Milestone.DECLARED, Milestone.APPROVED}
    assert milestones(State.PUBLISHED, False) == {Milestone.DECLARED, Milestone.APPROVED, Milestone.EVALUATED}


def test_it_marks_a_state_overdue_only_after_its_deadline_day() -> None:
    deadlines = {State.DRAFT: date(2025, 3, 31), State.APPROVED: date(2025, 12, 31)}
    assert overdue_states(deadlines, date(2025, 3, 31)) == frozenset()
    assert overdue_states(deadlines, date(2025, 4, 1)) == {State.DRAFT}


def test_it_keeps_zero_grades_and_ignores_the_ungraded() -> None:
    assert grade_distribution(["良", None, "优", "", "良"]) == [("优", 1), ("良", 2), ("中", 0), ("差", 0)]


findings = st.lists(
    st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["error", "warning"])), max_size=6),
    max_size=6,
)


@given(findings)
def test_it_counts_the_same_whether_findings_come_one_by_one_or_counted_per_plan(
    plans: list[list[tuple[str, str]]],
) -> None:
    one_by_one = findings_by_code(
        (p, code, severity, (p, i), 1)
        for p, found in enumerate(plans)
        for i, (code, severity) in enumerate(found)
    )
    counted = findings_by_code(
        (p, code, severity, (p, first), n)
        for p, found in enumerate(plans)
        for code, severity, n, first in count_by_code(found)
    )
    assert counted == one_by_one
