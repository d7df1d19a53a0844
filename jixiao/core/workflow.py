"""The workflow of a plan (流程): declaration, adjustment, self-evaluation and re-check — pure rules.

Target declaration (目标申报), as 财预〔2021〕101号 and the provincial 一体化 systems run it: the unit
writes its targets (草稿), the unit's head signs them (单位负责人审核), the department checks them
(主管部门审核), the finance bureau reviews them (财政审核) and approves them with the budget (已批复).
Each review step approves (审核通过) or returns (退回) the plan to the unit with a reason; the unit fixes
it and resubmits, and the resubmission goes straight back to the step that returned it (the steps before
had approved it; the returning reviewer sees what changed since the return, ``plan_diff``). An approved
plan changes during the year only through an adjustment (调整): a new version, with a reason, through the
same chain; the approved versions stay as they were.

Self-evaluation (绩效自评) after the year, as 财预〔2020〕10号 sets it: the approved plan is opened for
actual values (开启自评, ``reopen``), the unit fills them in and scores itself (自评填报), its head and its
department check (单位负责人 → 主管部门), the finance bureau re-checks (财政复核, with a random sample
``draw_sample`` and re-checked scores kept beside the unit's own) and publishes (已发布) the final
score and grade (``final_score``).

Who may take which step is a role (``Role``, the same words as the web's ``accounts.Role``); which
organisation a person must belong to for a plan (its unit, its department, the bureau above) is the web
layer's question (``accounts.permissions``). A refused step raises a ``WorkflowError`` whose Chinese
message is shown as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher
from enum import StrEnum

from jixiao.core.errors import (
    NotYourStep,
    ReasonRequired,
    SubmissionBlocked,
    TransitionRefused,
    WorkflowError,
)
from jixiao.core.model import Comparator, Indicator, Plan
from jixiao.core.monitoring import Missing
from jixiao.core.review import Finding, Severity
from jixiao.core.scoring import BUDGET_POINTS, Grade, PlanScore, grade_for


class Role(StrEnum):
    """Who acts in the flow (角色); the values are those of ``jixiao.web.accounts.models.Role``."""

    UNIT_FILLER = "unit_filler"  # 单位填报人
    UNIT_HEAD = "unit_head"  # 单位负责人
    DEPARTMENT_REVIEWER = "department_reviewer"  # 主管部门审核人
    FINANCE_REVIEWER = "finance_reviewer"  # 财政审核人
    ADMIN = "admin"  # 系统管理员: manages people, takes no step of the flow

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.UNIT_FILLER: "单位填报人",
    Role.UNIT_HEAD: "单位负责人",
    Role.DEPARTMENT_REVIEWER: "主管部门审核人",
    Role.FINANCE_REVIEWER: "财政审核人",
    Role.ADMIN: "系统管理员",
}


class Stage(StrEnum):
    """The stages of a plan's year: targets (目标申报), mid-year monitoring (绩效监控, one flow per
    round) and self-evaluation (绩效自评)."""

    TARGETS = "targets"
    SELF_EVALUATION = "self_evaluation"
    MONITORING = "monitoring"

    @property
    def label(self) -> str:
        return {Stage.TARGETS: "目标申报", Stage.SELF_EVALUATION: "绩效自评", Stage.MONITORING: "绩效监控"}[
            self
        ]


class State(StrEnum):
    """Where a plan stands (状态)."""

    DRAFT = "draft"  # 草稿 (also a returned plan, or an adjustment being prepared)
    UNIT_REVIEW = "unit_review"  # 单位负责人审核
    DEPARTMENT_REVIEW = "department_review"  # 主管部门审核
    FINANCE_REVIEW = "finance_review"  # 财政审核
    APPROVED = "approved"  # 已批复
    EVAL_FILLING = "eval_filling"  # 自评填报
    EVAL_UNIT_REVIEW = "eval_unit_review"  # 自评单位负责人审核
    EVAL_DEPARTMENT_REVIEW = "eval_department_review"  # 自评主管部门审核
    EVAL_FINANCE_REVIEW = "eval_finance_review"  # 财政复核
    PUBLISHED = "published"  # 已发布
    # a monitoring round's entry (绩效运行监控填报), its own flow beside the plan's state
    MONITOR_FILLING = "monitor_filling"  # 监控填报
    MONITOR_UNIT_REVIEW = "monitor_unit_review"  # 监控单位负责人审核
    MONITOR_DEPARTMENT_REVIEW = "monitor_department_review"  # 监控主管部门审核
    MONITOR_FINANCE_REVIEW = "monitor_finance_review"  # 监控财政审核
    MONITOR_ACCEPTED = "monitor_accepted"  # 监控已审核

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def stage(self) -> Stage:
        if self in _EVAL_STATES:
            return Stage.SELF_EVALUATION
        return Stage.MONITORING if self in MONITORING_STATES else Stage.TARGETS


_STATE_LABELS = {
    State.DRAFT: "草稿",
    State.UNIT_REVIEW: "单位负责人审核",
    State.DEPARTMENT_REVIEW: "主管部门审核",
    State.FINANCE_REVIEW: "财政审核",
    State.APPROVED: "已批复",
    State.EVAL_FILLING: "自评填报",
    State.EVAL_UNIT_REVIEW: "自评单位负责人审核",
    State.EVAL_DEPARTMENT_REVIEW: "自评主管部门审核",
    State.EVAL_FINANCE_REVIEW: "财政复核",
    State.PUBLISHED: "已发布",
    State.MONITOR_FILLING: "监控填报",
    State.MONITOR_UNIT_REVIEW: "监控单位负责人审核",
    State.MONITOR_DEPARTMENT_REVIEW: "监控主管部门审核",
    State.MONITOR_FINANCE_REVIEW: "监控财政审核",
    State.MONITOR_ACCEPTED: "监控已审核",
}
MONITORING_STATES = frozenset(
    {
        State.MONITOR_FILLING,
        State.MONITOR_UNIT_REVIEW,
        State.MONITOR_DEPARTMENT_REVIEW,
        State.MONITOR_FINANCE_REVIEW,
        State.MONITOR_ACCEPTED,
    }
)
"""The states of a monitoring round's entry; a plan's own state (``PlanFlow``) is never one of them."""
_EVAL_STATES = frozenset(
    {
        State.EVAL_FILLING,
        State.EVAL_UNIT_REVIEW,
        State.EVAL_DEPARTMENT_REVIEW,
        State.EVAL_FINANCE_REVIEW,
        State.PUBLISHED,
    }
)


class Action(StrEnum):
    """A step a person takes (操作)."""

    SUBMIT = "submit"  # 提交 (送审)
    APPROVE = "approve"  # 审核通过
    RETURN = "return"  # 退回
    ADJUST = "adjust"  # 调整 (a new version of an approved plan)
    REOPEN = "reopen"  # 开启自评 (the approved plan opens for actual values)
    PUBLISH = "publish"  # 发布 (the re-checked self-evaluation)

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.SUBMIT: "提交",
    Action.APPROVE: "审核通过",
    Action.RETURN: "退回",
    Action.ADJUST: "调整",
    Action.REOPEN: "开启自评",
    Action.PUBLISH: "发布",
}


class Part(StrEnum):
    """What of a plan may be edited in a state: the targets, or the actual values and self-scores."""

    TARGETS = "targets"  # 目标（指标、指标值、分值、评分标准、总体目标、资金）
    ACTUALS = "actuals"  # 实际完成值、偏差原因、自评得分、执行数
    MONITORING = "monitoring"  # 监控填报：累计完成值、预计全年完成值、偏差原因、纠偏措施、累计执行数


@dataclass(frozen=True, slots=True)
class Status:
    """A plan's place in the flow: its state, the version being declared (1, then 2… after each
    adjustment), and the review step that last returned it (while the unit fixes it)."""

    state: State = State.DRAFT
    version: int = 1
    returned_from: State | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One allowed transition: who may take it, and where it leads (``None``: decided by ``apply``)."""

    actors: frozenset[Role]
    to: State | None


def _step(to: State | None, *actors: Role) -> Step:
    return Step(frozenset(actors), to)


STEPS: dict[tuple[State, Action], Step] = {
    # 目标申报 (财预〔2021〕101号): unit → head → department → finance → approved with the budget.
    (State.DRAFT, Action.SUBMIT): _step(None, Role.UNIT_FILLER),
    (State.UNIT_REVIEW, Action.APPROVE): _step(State.DEPARTMENT_REVIEW, Role.UNIT_HEAD),
    (State.UNIT_REVIEW, Action.RETURN): _step(State.DRAFT, Role.UNIT_HEAD),
    (State.DEPARTMENT_REVIEW, Action.APPROVE): _step(State.FINANCE_REVIEW, Role.DEPARTMENT_REVIEWER),
    (State.DEPARTMENT_REVIEW, Action.RETURN): _step(State.DRAFT, Role.DEPARTMENT_REVIEWER),
    (State.FINANCE_REVIEW, Action.APPROVE): _step(State.APPROVED, Role.FINANCE_REVIEWER),
    (State.FINANCE_REVIEW, Action.RETURN): _step(State.DRAFT, Role.FINANCE_REVIEWER),
    # 调整: an approved plan changes only as a new version through the same chain.
    (State.APPROVED, Action.ADJUST): _step(State.DRAFT, Role.UNIT_FILLER),
    # 绩效自评 (财预〔2020〕10号): opened after the year by the unit or by the finance bureau.
    (State.APPROVED, Action.REOPEN): _step(State.EVAL_FILLING, Role.UNIT_FILLER, Role.FINANCE_REVIEWER),
    (State.EVAL_FILLING, Action.SUBMIT): _step(None, Role.UNIT_FILLER),
    (State.EVAL_UNIT_REVIEW, Action.APPROVE): _step(State.EVAL_DEPARTMENT_REVIEW, Role.UNIT_HEAD),
    (State.EVAL_UNIT_REVIEW, Action.RETURN): _step(State.EVAL_FILLING, Role.UNIT_HEAD),
    (State.EVAL_DEPARTMENT_REVIEW, Action.APPROVE): _step(
        State.EVAL_FINANCE_REVIEW, Role.DEPARTMENT_REVIEWER
    ),
    (State.EVAL_DEPARTMENT_REVIEW, Action.RETURN): _step(State.EVAL_FILLING, Role.DEPARTMENT_REVIEWER),
    # 财政复核 (抽查复核): the bureau re-checks, then publishes the final score and grade, or returns.
    (State.EVAL_FINANCE_REVIEW, Action.PUBLISH): _step(State.PUBLISHED, Role.FINANCE_REVIEWER),
    (State.EVAL_FINANCE_REVIEW, Action.RETURN): _step(State.EVAL_FILLING, Role.FINANCE_REVIEWER),
    # 绩效运行监控 (财预〔2019〕136号): a round's entry, unit → head → department → finance.
    (State.MONITOR_FILLING, Action.SUBMIT): _step(None, Role.UNIT_FILLER),
    (State.MONITOR_UNIT_REVIEW, Action.APPROVE): _step(State.MONITOR_DEPARTMENT_REVIEW, Role.UNIT_HEAD),
    (State.MONITOR_UNIT_REVIEW, Action.RETURN): _step(State.MONITOR_FILLING, Role.UNIT_HEAD),
    (State.MONITOR_DEPARTMENT_REVIEW, Action.APPROVE): _step(
        State.MONITOR_FINANCE_REVIEW, Role.DEPARTMENT_REVIEWER
    ),
    (State.MONITOR_DEPARTMENT_REVIEW, Action.RETURN): _step(State.MONITOR_FILLING, Role.DEPARTMENT_REVIEWER),
    (State.MONITOR_FINANCE_REVIEW, Action.APPROVE): _step(State.MONITOR_ACCEPTED, Role.FINANCE_REVIEWER),
    (State.MONITOR_FINANCE_REVIEW, Action.RETURN): _step(State.MONITOR_FILLING, Role.FINANCE_REVIEWER),
}
"""Every allowed (state, action) → who may take it and where it leads. Anything not here is refused."""

FIRST_REVIEW = {
    State.DRAFT: State.UNIT_REVIEW,
    State.EVAL_FILLING: State.EVAL_UNIT_REVIEW,
    State.MONITOR_FILLING: State.MONITOR_UNIT_REVIEW,
}
"""Where a first submission goes; a resubmission after a return goes to the step that returned it."""

_EDITABLE = {
    State.DRAFT: Part.TARGETS,
    State.EVAL_FILLING: Part.ACTUALS,
    State.MONITOR_FILLING: Part.MONITORING,
}

NEEDS_REASON = frozenset({Action.RETURN, Action.ADJUST})


def step(state: State, action: Action) -> Step | None:
    """The allowed transition of ``action`` in ``state``, or ``None``."""
    return STEPS.get((state, action))


def possible_actions(state: State) -> list[Action]:
    """The actions anyone may take in ``state``, in ``Action`` order."""
    return [a for a in Action if (state, a) in STEPS]


def actions_for(state: State, roles: Collection[Role]) -> list[Action]:
    """The actions a person holding ``roles`` (for this plan) may take in ``state``."""
    return [a for a in possible_actions(state) if STEPS[(state, a)].actors & set(roles)]


def waiting_for(state: State) -> frozenset[Role]:
    """The roles a plan in ``state`` waits for (待办): whoever may take a step other than adjust/reopen."""
    return frozenset(
        role
        for (s, a), st in STEPS.items()
        if s == state and a not in (Action.ADJUST, Action.REOPEN)
        for role in st.actors
    )


def check(state: State, action: Action, role: Role) -> Step:
    """The step ``role`` takes with ``action`` in ``state``; raises ``TransitionRefused`` when the action
    is not possible in that state, ``NotYourStep`` when it is, but for another role."""
    allowed = STEPS.get((state, action))
    if allowed is None:
        can_do = "、".join(a.label for a in possible_actions(state)) or "无"
        raise TransitionRefused(f"这张表处于「{state.label}」，不能{action.label}（此时可以：{can_do}）")
    if role not in allowed.actors:
        who = "或".join(sorted(r.label for r in allowed.actors))
        raise NotYourStep(f"「{state.label}」环节的{action.label}只能由{who}进行，您是{role.label}")
    return allowed


def apply(
    status: Status,
    action: Action,
    role: Role,
    *,
    reason: str = "",
    findings: Sequence[Finding] = (),
    explained: Collection[tuple[str, str | None]] = (),
    missing: Sequence[Missing] | None = None,
) -> Status:
    """The status after ``role`` takes ``action``; raises a ``WorkflowError`` and changes nothing if the
    step is refused.

    A return and an adjustment need a ``reason`` (``ReasonRequired``). A submission needs the review's
    ``findings`` (``jixiao.core.review``) of the plan as it is to hold no error and every warning to be
    explained: ``explained`` holds ``(code, indicator name or None)`` of each explained warning
    (``SubmissionBlocked`` otherwise). A monitoring entry's submission needs instead what
    ``core.monitoring.missing_before_submission`` says is ``missing`` to be empty (every value entered;
    a reason and a corrective action for every deviation); it must be given (``TypeError`` otherwise).
    """
    allowed = check(status.state, action, role)
    if action in NEEDS_REASON and not reason.strip():
        raise ReasonRequired(f"{action.label}必须写明原因")
    if action is Action.SUBMIT:
        if status.state.stage is not Stage.MONITORING:
            check_submission(answered_at_submission(findings, status.state.stage), explained)
        elif missing is None:
            raise TypeError("a monitoring submission needs what is missing (missing_before_submission)")
        else:
            check_monitoring_submission(missing)
        to = status.returned_from or FIRST_REVIEW[status.state]
        return replace(status, state=to, returned_from=None)
    assert allowed.to is not None
    if action is Action.RETURN:
        return replace(status, state=allowed.to, returned_from=status.state)
    if action is Action.ADJUST:
        return Status(allowed.to, status.version + 1, None)
    return replace(status, state=allowed.to, returned_from=None)


ACTUALS_CODES = frozenset(
    {"actual-missing", "stated-score-mismatch", "stated-total-mismatch", "reason-missing", "over-achievement"}
)
"""The review's codes about the self-evaluation's part (``Part.ACTUALS``): actual values, self-scores,
reasons for a missed target."""


def answered_at_submission(findings: Iterable[Finding], stage: Stage) -> list[Finding]:
    """The findings a submission in ``stage`` must answer for (fix the errors, explain the warnings):
    those about the part the stage opens (``editable_part``), which the unit can fix, and every error.

    In 目标申报 those about the targets only: the actual values, self-scores and reasons
    (``ACTUALS_CODES``) cannot be edited before 开启自评, so a finding about them (a plan declared with
    last year's actual values in it, a row added by an adjustment with none) can be neither fixed nor
    explained by the unit there (none of them is an error); the self-evaluation's submission answers for
    them. In 绩效自评 every error (error findings block every submission) and the warnings about the
    actual values: the targets are approved and locked, and their warnings were
    explained when they were declared (the explanations stay in the timeline)."""
    if stage is Stage.TARGETS:
        return [f for f in findings if f.code not in ACTUALS_CODES]
    if stage is Stage.SELF_EVALUATION:
        return [f for f in findings if f.code in ACTUALS_CODES or f.severity is Severity.ERROR]
    return list(findings)


def check_submission(findings: Iterable[Finding], explained: Collection[tuple[str, str | None]]) -> None:
    """Raise ``SubmissionBlocked`` unless ``findings`` hold no error and every warning is explained."""
    errors, unexplained = blocking(findings, explained)
    if not errors and not unexplained:
        return
    parts = []
    if errors:
        parts.append(f"有 {len(errors)} 条错误须先改正：" + "；".join(_finding_text(f) for f in errors))
    if unexplained:
        parts.append(
            f"有 {len(unexplained)} 条警告须逐条说明：" + "；".join(_finding_text(f) for f in unexplained)
        )
    raise SubmissionBlocked("不能提交。" + "。".join(parts), tuple(errors), tuple(unexplained))


def check_monitoring_submission(missing: Sequence[Missing]) -> None:
    """Raise ``SubmissionBlocked`` listing ``missing`` (values, reasons, corrective actions a monitoring
    entry still needs) unless it is empty."""
    if missing:
        listed = "；".join(m.message for m in missing)
        raise SubmissionBlocked(f"不能提交监控填报，有 {len(missing)} 项须先填写：{listed}", (), ())


def blocking(
    findings: Iterable[Finding], explained: Collection[tuple[str, str | None]]
) -> tuple[list[Finding], list[Finding]]:
    """``(errors, unexplained warnings)`` among ``findings``: what stands in the way of a submission.
    Hints (提示) never block."""
    keys = set(explained)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    unexplained = [
        f for f in findings if f.severity is Severity.WARNING and (f.code, f.indicator) not in keys
    ]
    return errors, unexplained


def _finding_text(finding: Finding) -> str:
    where = f"「{finding.indicator}」" if finding.indicator else "全表"
    return f"{where}{finding.message}（{finding.code}）"


def editable_part(state: State) -> Part | None:
    """What may be edited in ``state``: the targets in 草稿, the actual values in 自评填报, else nothing
    (the plan is locked while under review, approved or published)."""
    return _EDITABLE.get(state)


def locked(state: State) -> bool:
    """Whether a plan in ``state`` is locked (锁定): under review, approved or published."""
    return editable_part(state) is None


ACTUAL_FIELDS = frozenset(
    {"actual", "stated_score", "reason", "achieved", "budget.executed", "budget.stated_score", "stated_total"}
)
"""The fields of the self-evaluation (自评, 财预〔2020〕10号 附件 绩效自评表): actual values (实际完成值),
self-scores (自评得分, 总分), reasons for deviations (偏差原因), what was achieved (实际完成情况) and the
funds executed (执行数). Every other field of a plan is part of its targets."""


BOTH_PARTS_FIELDS = frozenset({"budget.annual", "budget.initial"})
"""Fields both tables state: the target table's funds and the self-evaluation table's 年初预算数 and
全年预算数 (the budget as adjusted during the year, 财预〔2020〕10号 附件 绩效自评表). Either stage may
write them, so a change of them needs only that the plan is open for editing."""


def field_part(name: str) -> Part:
    """The part a field belongs to (an ``Indicator`` field, or a ``PLAN_FIELDS`` key): ``ACTUAL_FIELDS``
    → actual values, everything else → targets."""
    return Part.ACTUALS if name in ACTUAL_FIELDS else Part.TARGETS


def parts_changed(old: Plan, new: Plan) -> frozenset[Part]:
    """The parts of ``old`` that ``new`` changes (empty when nothing changed): a row added or removed
    changes the targets; a changed field, its ``field_part`` (``BOTH_PARTS_FIELDS``: none)."""
    diff = plan_diff(old, new)
    parts = {field_part(c.field) for c in diff.plan if c.field not in BOTH_PARTS_FIELDS}
    parts |= {field_part(c.field) for row in diff.changed for c in row.changes}
    if diff.added or diff.removed:
        parts.add(Part.TARGETS)
    return frozenset(parts)


def check_edit(state: State, part: Part) -> None:
    """Raise ``TransitionRefused`` unless ``part`` of a plan in ``state`` may be edited."""
    editable = editable_part(state)
    if editable is part:
        return
    if state is State.APPROVED and part is Part.TARGETS:
        raise TransitionRefused("这张表已批复，目标只能通过「调整」修改（调整形成新版本，原版本保留）")
    if editable is None:
        raise TransitionRefused(f"这张表处于「{state.label}」，已锁定，不能修改；需要修改请由审核人退回")
    if part is Part.TARGETS:
        raise TransitionRefused(
            f"这张表处于「{state.label}」，此时不能修改目标（自评只填实际完成值、偏差原因和自评得分）"
        )
    raise TransitionRefused(
        f"这张表处于「{state.label}」，此时不能填报实际完成值和自评得分（目标批复后开启自评才能填报）"
    )


# ── differences between two versions ─────────────────────────────────────────────────────────

INDICATOR_FIELDS: dict[str, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "comparator": "指标值类型",
    "target": "指标值",
    "unit": "计量单位",
    "explanation": "指标解释",
    "rule_text": "评（扣）分标准",
    "rule_override": "规则（规则语言）",
    "weight": "分值",
    "actual": "实际完成值",
    "stated_score": "自评得分",
    "reason": "偏差原因分析及改进措施",
    "last_year_actual": "上年实际值",
}
"""The indicator fields a diff compares (not the source, nor the target's original text: the comparator,
value and unit say what it means)."""

PLAN_FIELDS: dict[str, str] = {
    "title": "名称",
    "unit": "单位",
    "duties": "部门职责",
    "goal": "年度总体目标",
    "achieved": "实际完成情况",
    "budget.annual": "全年预算数（万元）",
    "budget.executed": "全年执行数（万元）",
    "budget.initial": "年初预算数（万元）",
    "budget.stated_score": "预算执行得分（表内）",
    "stated_total": "总分（表内）",
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's change: its key (``weight``, ``budget.annual``, ``info.主管部门``), Chinese label, old
    and new value (``Decimal``, text, ``Comparator`` or ``None``)."""

    field: str
    label: str
    old: object
    new: object

    def describe(self) -> str:
        return f"{self.label}：{show(self.old)} → {show(self.new)}"


@dataclass(frozen=True, slots=True)
class RowChange:
    """An indicator present in both versions (at ``old_index`` and ``new_index``) whose fields changed."""

    old_index: int
    new_index: int
    name: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """What changed from one version of a plan to another (版本差异)."""

    plan: tuple[FieldChange, ...] = ()
    added: tuple[tuple[int, Indicator], ...] = ()  # (index in the new plan, indicator)
    removed: tuple[tuple[int, Indicator], ...] = ()  # (index in the old plan, indicator)
    changed: tuple[RowChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.plan or self.added or self.removed or self.changed)

    def lines(self) -> list[str]:
        """Chinese lines a reviewer reads: 新增、删除、修改 with old → new."""
        out = [f"表头 {c.describe()}" for c in self.plan]
        out += [f"新增指标「{ind.name}」（{ind.level1}/{ind.level2}）" for _, ind in self.added]
        out += [f"删除指标「{ind.name}」（{ind.level1}/{ind.level2}）" for _, ind in self.removed]
        out += [f"指标「{row.name}」{c.describe()}" for row in self.changed for c in row.changes]
        return out


def show(value: object) -> str:
    """A value as a reviewer reads it: ``None`` → （空）, 40.0 → 40, ``Comparator.GE`` → ≥."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, Comparator):
        return value.symbol
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    return str(value)


def plan_diff(old: Plan, new: Plan) -> PlanDiff:
    """The differences from ``old`` to ``new`` (two versions of one plan): header fields, and indicators
    added, removed and changed field by field.

    Indicators are paired, in this order: the same 一级, 二级 and name; then the same name (it moved to
    another category); then, within one 一级/二级, the most similar remaining name (a renamed indicator,
    similarity ≥ 0.6 by ``difflib``). Duplicates pair in table order. What is left is added or removed.
    """
    pairs, removed, added = _pair(old.indicators, new.indicators)
    changed = []
    for i, j in pairs:
        changes = _changes(old.indicators[i], new.indicators[j])
        if changes:
            changed.append(RowChange(i, j, new.indicators[j].name, changes))
    return PlanDiff(
        plan=_plan_changes(old, new),
        added=tuple((j, new.indicators[j]) for j in added),
        removed=tuple((i, old.indicators[i]) for i in removed),
        changed=tuple(sorted(changed, key=lambda r: r.new_index)),
    )


@dataclass(frozen=True, slots=True)
class SideRow:
    """One line of two versions side by side: the old and the new indicator (``None`` for a row added or
    removed) and the fields (``INDICATOR_FIELDS`` keys) that differ between them."""

    old: Indicator | None
    new: Indicator | None
    changed: frozenset[str] = frozenset()

    @property
    def kind(self) -> str:
        """ "added", "removed", "changed" or "same"."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.changed else "same"


def side_by_side(old: Plan, new: Plan) -> list[SideRow]:
    """The rows of two versions laid side by side (版本对照), paired as ``plan_diff`` pairs them. In the new
    version's order; a removed row comes right after the row it followed in the old version (first when
    it followed none that is kept)."""
    pairs, removed, added = _pair(old.indicators, new.indicators)
    new_of = dict(pairs)
    keyed: list[tuple[tuple[int, int, int], SideRow]] = []
    for i, j in pairs:
        a, b = old.indicators[i], new.indicators[j]
        changed = frozenset(c.field for c in _changes(a, b))
        keyed.append(((j, 0, 0), SideRow(a, b, changed)))
    keyed += [((j, 0, 0), SideRow(None, new.indicators[j])) for j in added]
    for i in removed:
        before = [new_of[k] for k in range(i) if k in new_of]
        keyed.append(((before[-1] if before else -1, 1, i), SideRow(old.indicators[i], None)))
    return [row for _, row in sorted(keyed, key=lambda pair: pair[0])]


SIMILAR = 0.6


def _pair(
    old: Sequence[Indicator], new: Sequence[Indicator]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    left = list(range(len(old)))
    right = list(range(len(new)))
    pairs: list[tuple[int, int]] = []
    keys: list[Callable[[Indicator], object]] = [lambda i: (i.level1, i.level2, i.name), lambda i: i.name]
    for key in keys:
        by_key: dict[object, list[int]] = {}
        for i in left:
            by_key.setdefault(key(old[i]), []).append(i)
        for j in list(right):
            found = by_key.get(key(new[j]))
            if found:
                i = found.pop(0)
                pairs.append((i, j))
                left.remove(i)
                right.remove(j)
    for j in list(right):
        near = [
            (SequenceMatcher(None, old[i].name, new[j].name).ratio(), -i, i)
            for i in left
            if (old[i].level1, old[i].level2) == (new[j].level1, new[j].level2)
        ]
        best = max(near, default=None)
        if best is not None and best[0] >= SIMILAR:
            pairs.append((best[2], j))
            left.remove(best[2])
            right.remove(j)
    return pairs, left, right


def _changes(old: Indicator, new: Indicator) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, label, getattr(old, name), getattr(new, name))
        for name, label in INDICATOR_FIELDS.items()
        if not _same(getattr(old, name), getattr(new, name))
    )


def _plan_value(plan: Plan, name: str) -> object:
    if name.startswith("budget."):
        return None if plan.budget is None else getattr(plan.budget, name.removeprefix("budget."))
    return getattr(plan, name)


def _plan_changes(old: Plan, new: Plan) -> tuple[FieldChange, ...]:
    changes = [
        FieldChange(name, label, _plan_value(old, name), _plan_value(new, name))
        for name, label in PLAN_FIELDS.items()
        if not _same(_plan_value(old, name), _plan_value(new, name))
    ]
    for key in sorted(set(old.info) | set(new.info)):
        if not _same(old.info.get(key), new.info.get(key)):
            changes.append(FieldChange(f"info.{key}", key, old.info.get(key), new.info.get(key)))
    return tuple(changes)


def _same(a: object, b: object) -> bool:
    """Equal values; an empty text and a missing value are the same (40 and 40.0 are equal Decimals)."""
    return (None if a == "" else a) == (None if b == "" else b)


# ── the finance re-check (抽查复核) ────────────────────────────────────────────────────────────

RECHECK_CODES = ("stated-score-mismatch", "stated-total-mismatch")
"""The review's codes a re-check lists: a stated score the rules do not give, a total that is not the
sum of its rows."""


def recheck_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings a finance re-check looks at (``RECHECK_CODES``)."""
    return [f for f in findings if f.code in RECHECK_CODES]


def draw_sample(plan_ids: Iterable[int], n: int, seed: str) -> list[int]:
    """The ``n`` plans drawn for re-check (抽查) from ``plan_ids``, reproducibly from ``seed``.

    Each plan gets a ticket, the SHA-256 of ``"<seed>:<plan id>"`` (UTF-8, as hex); the ``n`` plans with
    the smallest tickets are drawn (all of them when ``n`` is larger than the population). Anyone can
    recompute a draw with any SHA-256 tool (``printf '%s' 'seed:17' | sha256sum``); the order of the
    list given does not matter, and a plan added later does not change which of the others are drawn
    unless its own ticket is smaller. Fair as long as the seed is fixed before the population is known
    (a seed chosen at random by the system, or announced beforehand). Returned in drawing order.
    Raises ``WorkflowError`` for a negative ``n`` or an empty seed.
    """
    if n < 0:
        raise WorkflowError(f"抽查数量应为不小于0的整数，实际为 {n}")
    if not seed.strip():
        raise WorkflowError("抽查需要一个随机种子")
    population = sorted(set(plan_ids))
    return sorted(population, key=lambda pid: (sample_ticket(seed, pid), pid))[:n]


def sample_ticket(seed: str, plan_id: int) -> str:
    """The ticket of one plan in a draw: the hex SHA-256 of ``"<seed>:<plan id>"``."""
    return hashlib.sha256(f"{seed}:{plan_id}".encode()).hexdigest()


def check_recheck_score(indicator: Indicator, score: Decimal, reason: str) -> None:
    """A re-checked score (复核得分) must lie within 0 and the indicator's weight and say why; raises
    ``ReasonRequired`` or ``WorkflowError``."""
    if not reason.strip():
        raise ReasonRequired(f"「{indicator.name}」的复核得分必须写明理由")
    if not score.is_finite() or score < 0:
        raise WorkflowError(f"「{indicator.name}」的复核得分应为不小于0的数，实际为 {show(score)}")
    if indicator.weight is not None and score > indicator.weight:
        raise WorkflowError(
            f"「{indicator.name}」的复核得分 {show(score)} 超过其分值 {show(indicator.weight)}"
        )


class PointsFrom(StrEnum):
    """Where an indicator's final points come from."""

    RECHECK = "recheck"  # 复核
    STATED = "stated"  # 自评
    COMPUTED = "computed"  # 按评分标准计算（表内未填自评得分）


@dataclass(frozen=True, slots=True)
class FinalPoints:
    index: int
    name: str
    weight: Decimal | None
    stated: Decimal | None
    computed: Decimal | None
    points: Decimal | None
    source: PointsFrom


@dataclass(frozen=True, slots=True)
class FinalScore:
    """The published result (发布结果): points per indicator, the total, the score out of 100, grade."""

    indicators: tuple[FinalPoints, ...]
    budget_points: Decimal | None
    total: Decimal
    max_total: Decimal
    normalized: Decimal | None
    grade: Grade | None
    rechecked: int = field(default=0)


def final_score(score: PlanScore, rechecked: Mapping[int, Decimal]) -> FinalScore:
    """The final score a re-check publishes: for each indicator (by index) the re-checked points if the
    bureau set them, else the unit's stated score, else the points the rules give; budget execution as
    the rules give it (10 points, 财预〔2020〕10号). Total and score out of 100 as ``score_plan`` forms
    them (rounded to 0.01, half up), grade by ``grade_for``."""
    rows = []
    for index, s in enumerate(score.indicators):
        ind = s.indicator
        points: Decimal | None
        if index in rechecked:
            points, source = rechecked[index], PointsFrom.RECHECK
        elif ind.stated_score is not None:
            points, source = ind.stated_score, PointsFrom.STATED
        else:
            points, source = s.score, PointsFrom.COMPUTED
        rows.append(FinalPoints(index, ind.name, ind.weight, ind.stated_score, s.score, points, source))
    total = sum((r.points for r in rows if r.points is not None), Decimal("0.00"))
    max_total = sum((r.weight for r in rows if r.points is not None and r.weight is not None), Decimal(0))
    if score.budget_score is not None:
        total += score.budget_score
        max_total += BUDGET_POINTS
    normalized = (
        (total * 100 / max_total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if max_total > 0 else None
    )
    grade = grade_for(normalized) if normalized is not None else None
    count = sum(1 for r in rows if r.source is PointsFrom.RECHECK)
    return FinalScore(tuple(rows), score.budget_score, total, max_total, normalized, grade, count)
