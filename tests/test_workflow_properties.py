"""Properties of the workflow (流程): random sequences of steps by random roles, with or without reasons
and clean reviews, never reach a transition the issue's chain forbids, and a locked plan's values never
change. The allowed moves are written out here again, from the issue's text, as the oracle."""

from __future__ import annotations

from decimal import Decimal

import hypothesis.strategies as st
from hypothesis import given, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from jixiao.core.errors import WorkflowError
from jixiao.core.review import Finding, Severity
from jixiao.core.workflow import (
    STEPS,
    Action,
    Part,
    Role,
    Stage,
    State,
    Status,
    apply,
    check_edit,
    draw_sample,
    locked,
    possible_actions,
)

S = State
# From state → states it may lead to (issue 8, Build 1, 2 and 4), and by whom.
ORACLE: dict[State, dict[State, set[Role]]] = {
    S.DRAFT: {
        S.UNIT_REVIEW: {Role.UNIT_FILLER},
        S.DEPARTMENT_REVIEW: {Role.UNIT_FILLER},  # resubmission to the step that returned it
        S.FINANCE_REVIEW: {Role.UNIT_FILLER},
    },
    S.UNIT_REVIEW: {S.DEPARTMENT_REVIEW: {Role.UNIT_HEAD}, S.DRAFT: {Role.UNIT_HEAD}},
    S.DEPARTMENT_REVIEW: {
        S.FINANCE_REVIEW: {Role.DEPARTMENT_REVIEWER},
        S.DRAFT: {Role.DEPARTMENT_REVIEWER},
    },
    S.FINANCE_REVIEW: {S.APPROVED: {Role.FINANCE_REVIEWER}, S.DRAFT: {Role.FINANCE_REVIEWER}},
    S.APPROVED: {S.DRAFT: {Role.UNIT_FILLER}, S.EVAL_FILLING: {Role.UNIT_FILLER, Role.FINANCE_REVIEWER}},
    S.EVAL_FILLING: {
        S.EVAL_UNIT_REVIEW: {Role.UNIT_FILLER},
        S.EVAL_DEPARTMENT_REVIEW: {Role.UNIT_FILLER},
        S.EVAL_FINANCE_REVIEW: {Role.UNIT_FILLER},
    },
    S.EVAL_UNIT_REVIEW: {S.EVAL_DEPARTMENT_REVIEW: {Role.UNIT_HEAD}, S.EVAL_FILLING: {Role.UNIT_HEAD}},
    S.EVAL_DEPARTMENT_REVIEW: {
        S.EVAL_FINANCE_REVIEW: {Role.DEPARTMENT_REVIEWER},
        S.EVAL_FILLING: {Role.DEPARTMENT_REVIEWER},
    },
    S.EVAL_FINANCE_REVIEW: {S.PUBLISHED: {Role.FINANCE_REVIEWER}, S.EVAL_FILLING: {Role.FINANCE_REVIEWER}},
    S.PUBLISHED: {},
}

ERROR = Finding("weight-sum", Severity.ERROR, 0, None, "分值合计不是100")
# a warning about the targets (not an ACTUALS_CODES one)
WARNING = Finding("weight-missing", Severity.WARNING, 0, "规模工业增长率", "指标没有分值")


class Flow(RuleBasedStateMachine):
    """One plan in the hands of random people; values are one number per part."""

    def __init__(self) -> None:
        super().__init__()
        self.status = Status()
        self.values = {Part.TARGETS: Decimal(0), Part.ACTUALS: Decimal(0)}
        self.approved: dict[int, Decimal] = {}  # version → targets when approved
        self.reached_approval = False

    @rule(
        action=st.sampled_from(Action),
        role=st.sampled_from(Role),
        reason=st.sampled_from(["", "  ", "分值不对"]),
        findings=st.sampled_from([(), (ERROR,), (WARNING,)]),
        explain=st.booleans(),
    )
    def take(
        self, action: Action, role: Role, reason: str, findings: tuple[Finding, ...], explain: bool
    ) -> None:
        before = self.status
        explained = [(WARNING.code, WARNING.indicator)] if explain else []
        try:
            after = apply(before, action, role, reason=reason, findings=findings, explained=explained)
        except WorkflowError as refused:
            assert str(refused)  # a reason to show
            return
        assert after.state in ORACLE[before.state], (before, action, role, after)
        assert role in ORACLE[before.state][after.state]
        if action in (Action.RETURN, Action.ADJUST):
            assert reason.strip()
        if action is Action.SUBMIT:
            # an error blocks every submission; a warning about the targets needs its line in 目标申报,
            # not in 绩效自评, where the targets are approved and locked (explained when declared)
            in_declaration = before.state.stage is Stage.TARGETS
            assert ERROR not in findings and (WARNING not in findings or explain or not in_declaration)
        assert after.version == before.version + (1 if action is Action.ADJUST else 0)
        if after.state is State.APPROVED:
            self.approved[after.version] = self.values[Part.TARGETS]
            self.reached_approval = True
        self.status = after

    @rule(data=st.data())
    def take_a_possible_step(self, data: st.DataObject) -> None:
        """Steps at random reach deep states rarely: this rule picks an action possible in the state
        (by a role that may or may not take it), so runs get through approval into self-evaluation."""
        actions = possible_actions(self.status.state)
        if not actions:
            return
        action = data.draw(st.sampled_from(actions))
        actors = sorted(STEPS[(self.status.state, action)].actors)
        role = data.draw(st.sampled_from(actors) | st.sampled_from(Role))
        self.take(action, role, "理由", (), True)

    @rule(part=st.sampled_from(Part), role=st.sampled_from(Role), value=st.integers(1, 100))
    def edit(self, part: Part, role: Role, value: int) -> None:
        """What a page or the API does before saving: the lock is checked first."""
        before = dict(self.values)
        was_locked = locked(self.status.state)
        try:
            check_edit(self.status.state, part)
        except WorkflowError:
            assert self.values == before
            return
        assert not was_locked
        self.values[part] += value

    @precondition(lambda self: self.status.state is State.PUBLISHED)
    @rule(action=st.sampled_from(Action), role=st.sampled_from(Role))
    def published_is_final(self, action: Action, role: Role) -> None:
        try:
            apply(self.status, action, role, reason="x")
        except WorkflowError:
            return
        raise AssertionError("a published self-evaluation moved on")

    @invariant()
    def consistent(self) -> None:
        status = self.status
        assert status.version >= 1
        if status.returned_from is not None:
            assert status.state in (State.DRAFT, State.EVAL_FILLING)
            assert status.returned_from.stage == status.state.stage
        if status.state.stage.value == "self_evaluation":
            assert self.reached_approval
        # an approved version's targets stay as approved until an adjustment opens a new version
        if status.version in self.approved and status.state is not State.DRAFT:
            assert self.values[Part.TARGETS] == self.approved[status.version]


TestFlow = Flow.TestCase
TestFlow.settings = settings(max_examples=200, stateful_step_count=40, deadline=None)


@given(ids=st.lists(st.integers(1, 10_000), max_size=60), n=st.integers(0, 70), seed=st.text(min_size=1))
def test_it_draws_a_sample_that_does_not_depend_on_order_and_grows_consistently(
    ids: list[int], n: int, seed: str
) -> None:
    if not seed.strip():
        return
    drawn = draw_sample(ids, n, seed)
    assert len(drawn) == min(n, len(set(ids))) and set(drawn) <= set(ids)
    assert draw_sample(list(reversed(ids)), n, seed) == drawn
    # one more plan in the population: the others drawn stay drawn unless the newcomer displaced one
    newcomer = 10_001
    again = draw_sample([*ids, newcomer], n, seed)
    if newcomer not in again:
        assert again == drawn
