"""Random sequences of workflow steps and value edits by every person of the test world (a hypothesis
state machine), checked against ``jixiao.core.workflow`` after each step:

- a step is served exactly when the rules allow it to that person (by role and organisation: the own
  unit's 单位填报人 and 单位负责人, the own department's 主管部门审核人, the bureau's 财政审核人; an
  administrator takes no step; another department's people do not even see the plan), and the plan is
  then in the state ``core.workflow.apply`` gives — never in one the machine forbids;
- a refused step is refused the way the rules say (404 not visible, 409 not possible now or the state
  moved on, 403 not this person's step, a missing reason, a blocked submission) and changes nothing;
- a value edit (a cell on the page, the whole plan through the API) is saved only by the unit's filler
  while the plan's state opens that field's part (targets in 草稿, actual values in 自评填报); a locked plan's values never change, whoever tries and however;
- every served step and every saved edit appears exactly once in the plan's timeline, and nothing
  refused appears there.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import msgspec
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from jixiao.core import workflow as flow
from jixiao.core.errors import ReasonRequired, SubmissionBlocked, TransitionRefused, WorkflowError
from jixiao.core.review import Severity, review_plan
from jixiao.core.rules.resolve import resolve_rule
from jixiao.core.serialize import plan_to_dict
from jixiao.core.workflow import field_part
from jixiao.web.accounts import permissions
from jixiao.web.api.interchange import plan_json
from jixiao.web.plans.convert import to_core
from jixiao.web.plans.models import IndicatorRow, Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.models import Transition
from jixiao.web.workflow.timeline import timeline
from tests.web.api_helpers import token_client
from tests.web.conftest import PEOPLE, World
from tests.web.workflow_helpers import OUTSIDERS, explanations, stored

FLOW_ROLE = {
    "filler": flow.Role.UNIT_FILLER,
    "head": flow.Role.UNIT_HEAD,
    "dept": flow.Role.DEPARTMENT_REVIEWER,
    "finance": flow.Role.FINANCE_REVIEWER,
}
"""The role each person of the own organisations holds in the plan's flow; "admin" holds none, the
outsiders do not see the plan."""
EVERYONE = sorted(PEOPLE)
REASONS = ["", "  ", "指标值偏低，请修改"]
EXACT = msgspec.json.Encoder(decimal_format="number")  # as the API writes decimals: every digit
FIELDS = [
    "explanation",
    "reason",
]  # 指标解释 (a target's field: 草稿), 偏差原因 (a self-evaluation's: 自评填报)


def refusal(key: str, status: flow.Status, action: flow.Action, reason: str, blocked: bool) -> type | None:
    """How the application must refuse ``key``'s ``action`` (the exception type), ``None`` to serve it."""
    if key in OUTSIDERS:
        return Http404
    allowed = flow.step(status.state, action)
    if allowed is None:
        return TransitionRefused
    if FLOW_ROLE.get(key) not in allowed.actors:
        return PermissionDenied
    if action in flow.NEEDS_REASON and not reason.strip():
        return ReasonRequired
    return SubmissionBlocked if blocked else None


class Workflow(RuleBasedStateMachine):
    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world
        self.plan = stored(world)
        self.status = flow.Status()
        self.explained: set[tuple[str, int, str, str | None]] = set()  # (stage, version, code, indicator)
        self.moves: Counter[str] = Counter()  # timeline titles of the steps served
        self.saved: list[str] = []
        self.refused: list[str] = []
        self.count = 0
        self.pages: dict[str, Client] = {}
        self.apis: dict[str, Client] = {}

    # ── helpers ──────────────────────────────────────────────────────────────────────────────

    def content(self) -> tuple[int, Any]:
        plan = Plan.objects.get(pk=self.plan.pk)
        return plan.revision, plan_to_dict(to_core(plan))

    def blocked(self, explain: bool) -> bool:
        """Whether a submission now is blocked: errors, or warnings not explained in this stage and
        version (now or before)."""
        findings = review_plan(to_core(self.plan), 0, resolve_rule)
        key = (self.status.state.stage.value, self.status.version)
        explained = {(code, ind) for stage, version, code, ind in self.explained if (stage, version) == key}
        if explain:
            explained |= {(f.code, f.indicator) for f in findings if f.severity is Severity.WARNING}
        errors, unexplained = flow.blocking(findings, explained)
        return bool(errors or unexplained)

    def page(self, key: str) -> Client:
        if key not in self.pages:
            self.pages[key] = Client()
            self.pages[key].force_login(self.world.user(key))
        return self.pages[key]

    def api(self, key: str) -> Client:
        if key not in self.apis:
            self.apis[key] = token_client(self.world.user(key))
        return self.apis[key]

    # ── the steps ────────────────────────────────────────────────────────────────────────────

    @rule(data=st.data())
    def take_a_step(self, data: st.DataObject) -> None:
        possible = flow.possible_actions(self.status.state)
        actions = st.sampled_from(list(flow.Action))
        action = data.draw(st.sampled_from(possible) | actions if possible else actions, label="action")
        allowed = flow.step(self.status.state, action)
        holders = [k for k, r in FLOW_ROLE.items() if allowed and r in allowed.actors]
        people = st.sampled_from(EVERYONE)
        key = data.draw(st.sampled_from(holders) | people if holders else people, label="person")
        reason = data.draw(st.sampled_from(REASONS), label="reason")
        explain = data.draw(st.booleans(), label="explain")
        stale = data.draw(st.booleans(), label="stale") and data.draw(st.booleans())
        seen = self.status.state
        if stale:
            seen = data.draw(st.sampled_from([s for s in flow.State if s is not self.status.state]))

        expected = refusal(
            key, self.status, action, reason, action is flow.Action.SUBMIT and self.blocked(explain)
        )
        if key not in OUTSIDERS and seen is not self.status.state:
            expected = TransitionRefused  # someone acted since: refused, naming who, before anything else
        user = self.world.user(key)
        given = explanations(self.plan) if explain and action is flow.Action.SUBMIT else []
        before, transitions = self.content(), Transition.objects.filter(plan=self.plan).count()
        try:
            if action is flow.Action.SUBMIT:
                services.submit(self.plan, user, given, expected=seen)
            elif action in (flow.Action.RETURN, flow.Action.ADJUST):
                services.STEPS[action](self.plan, user, reason, expected=seen)  # type: ignore[operator]
            elif action is flow.Action.APPROVE:
                services.approve(self.plan, user, reason, expected=seen)
            else:
                services.STEPS[action](self.plan, user, expected=seen)  # type: ignore[operator]
        except (Http404, PermissionDenied, WorkflowError) as refused:
            assert expected is not None and isinstance(refused, expected), (key, action, seen, refused)
            assert Transition.objects.filter(plan=self.plan).count() == transitions
        else:
            assert expected is None, (key, action, seen, "served", expected)
            after = flow.apply(self.status, action, FLOW_ROLE[key], reason=reason, findings=(), explained=())
            if action is flow.Action.SUBMIT:
                self.explained |= {
                    (self.status.state.stage.value, self.status.version, e.code, self._name(e.indicator))
                    for e in given
                }
            self.moves[
                f"{action.label}：{self.status.state.label} → {after.state.label}（第{after.version}版）"
            ] += 1
            self.status = after
        assert self.content() == before  # a step never changes the values

    def _name(self, row: int | None) -> str | None:
        return IndicatorRow.objects.get(pk=row).name if row is not None else None

    @rule(key=st.sampled_from(EVERYONE), way=st.sampled_from(["page", "api"]), field=st.sampled_from(FIELDS))
    def edit_a_value(self, key: str, way: str, field: str) -> None:
        self.count += 1
        value = f"随机修改第{self.count}次"
        before = self.content()
        if way == "page":
            response = self.page(key).post(
                f"/plans/{self.plan.pk}/rows/0/",
                {"field": field, "value": value, "revision": before[0]},
                HTTP_HX_REQUEST="true",
            )
        else:  # the whole plan's PUT is the targets' part (actual values go through PUT …/actuals)
            field = "explanation"
            body = plan_json(Plan.objects.get(pk=self.plan.pk))
            body["indicators"][0][field] = value
            response = self.api(key).put(
                f"/api/v1/plans/{self.plan.pk}", EXACT.encode(body), content_type="application/json"
            )
        if key == "filler" and flow.editable_part(self.status.state) is field_part(field):
            assert response.status_code == 200, (way, self.status.state, response.content[:300])
            assert (
                getattr(IndicatorRow.objects.filter(plan=self.plan).order_by("position")[0], field) == value
            )
            self.saved.append(value)
        else:
            assert response.status_code == (404 if key in OUTSIDERS else 403), (key, way, self.status.state)
            assert self.content() == before  # nothing saved, not even the revision
            self.refused.append(value)

    # ── after every step ─────────────────────────────────────────────────────────────────────

    @invariant()
    def the_plan_is_where_the_rules_put_it(self) -> None:
        assert permissions.plan_state(self.plan) is self.status.state
        row = getattr(Plan.objects.get(pk=self.plan.pk), "flow", None)
        if row is not None:
            assert row.status == self.status
        for move in Transition.objects.filter(plan=self.plan):
            allowed = flow.step(flow.State(move.from_state), flow.Action(move.action))
            assert allowed is not None and flow.Role(move.role) in allowed.actors

    @invariant()
    def every_change_is_in_the_timeline_once(self) -> None:
        events = timeline(self.plan)
        steps = Counter(e.title for e in events if e.kind == "流程")
        assert steps == self.moves
        lines = [line for e in events if e.kind == "修改" for line in e.details]
        for value in self.saved:
            assert sum(1 for line in lines if line.endswith(f"→ {value}")) == 1, value
        for value in self.refused:
            assert not any(value in line for line in lines), value


@pytest.mark.django_db
def test_it_keeps_to_the_rules_under_random_steps_and_edits_by_anyone(world: World) -> None:
    run_state_machine_as_test(
        lambda: Workflow(world),
        settings=settings(
            max_examples=6,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
