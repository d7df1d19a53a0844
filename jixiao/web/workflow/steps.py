"""The declaration's steps (目标申报流程): a step taken from the plan page's workflow panel
(``workflow.panel``), and the reviewers' list with several plans approved or returned at once.

Every step goes through ``workflow.services`` (one function per step, checked and recorded there); a
refusal is shown on the plan page in Chinese with what was typed kept: 409 when the rules refuse it
(``TransitionRefused``), 422 when something is missing (a reason, an explanation, an error to fix);
``PermissionDenied`` (403) and ``Http404`` come from ``accounts.permissions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jixiao.core import workflow as flow
from jixiao.core.errors import RuleError, SubmissionBlocked, TransitionRefused, WorkflowError
from jixiao.core.review import Finding, Severity, describe_code
from jixiao.core.rules.resolve import rule_of
from jixiao.core.scoring import score_plan
from jixiao.web.accounts import permissions
from jixiao.web.monitoring.overview import stored_findings
from jixiao.web.plans.convert import to_core
from jixiao.web.plans.models import Plan
from jixiao.web.plans.views import detail_context
from jixiao.web.workflow import services
from jixiao.web.workflow.panel import panel
from jixiao.web.workflow.services import CommentInput, ExplanationInput


def plan_page(
    request: HttpRequest, plan: Plan, refusal: str, status: int, typed: dict[str, str] | None = None
) -> HttpResponse:
    """The plan page with a refused step in its workflow panel: the message and what was typed."""
    context = detail_context(request, plan, refusal, typed)
    return render(request, "plans/detail.html", context, status=status)


# ── taking a step ───────────────────────────────────────────────────────────────────────────


def _explanations(post: Any) -> list[ExplanationInput]:
    """The typed explanations: ``explain:<code>:<row id>`` beside each warning (``panel.explain_key``)."""
    out = []
    for key in post:
        if key.startswith("explain:") and post[key].strip():
            _, code, row = key.split(":", 2)
            out.append(ExplanationInput(code, post[key], int(row) if row.isdigit() else None))
    return out


def _comments(post: Any) -> list[CommentInput]:
    """The typed comments of a return: ``comment-row-<id>`` beside a row, ``comment-<field>`` by a field."""
    out = []
    for key in post:
        text = post[key].strip()
        if not key.startswith("comment-") or not text:
            continue
        target = key.removeprefix("comment-")
        if target.startswith("row-"):
            number = target.removeprefix("row-")
            out.append(CommentInput(text, int(number) if number.isdigit() else -1))
        else:
            out.append(CommentInput(text, target=target))
    return out


def _expected(post: Any) -> flow.State | None:
    seen = post.get("expected", "")
    return flow.State(seen) if seen in flow.State._value2member_map_ else None


def take(user: User, plan: Plan, action: flow.Action, post: Any) -> Any:
    """Take ``action`` on ``plan`` with what the form ``post`` holds, through ``services``."""
    expected, reason = _expected(post), post.get("reason", "")
    if action is flow.Action.SUBMIT:
        return services.submit(plan, user, _explanations(post), expected)
    if action is flow.Action.RETURN:
        return services.return_plan(plan, user, reason, _comments(post), expected)
    if action is flow.Action.APPROVE:
        return services.approve(plan, user, reason, expected)
    if action is flow.Action.ADJUST:
        return services.adjust(plan, user, reason, expected)
    if action is flow.Action.REOPEN:
        return services.reopen(plan, user, expected)
    return services.publish(plan, user, expected)


DONE = {
    flow.Action.SUBMIT: "已提交，现处于「{state}」",
    flow.Action.APPROVE: "已审核通过，现处于「{state}」",
    flow.Action.RETURN: "已退回单位修改",
    flow.Action.ADJUST: "已开始调整：第{version}版为草稿，修改后重新提交审核",
    flow.Action.REOPEN: "已开启自评",
    flow.Action.PUBLISH: "已发布",
}


@login_required
@require_POST
def step(request: HttpRequest, plan_id: int, action: str) -> HttpResponse:
    """POST ``/plans/<id>/steps/<action>/``: take the step, back to the plan page; a refusal is shown on
    the plan page with what was typed (409/422)."""
    plan = permissions.get_plan_for_user(request.user, plan_id)
    if action not in flow.Action._value2member_map_:
        return plan_page(request, plan, f"没有「{action}」这个操作", 404)
    try:
        move = take(permissions.person(request), plan, flow.Action(action), request.POST)
    except WorkflowError as refused:
        code = 409 if isinstance(refused, TransitionRefused) else 422
        typed = {k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        return plan_page(request, plan, _refusal(refused), code, typed)
    state = flow.State(move.to_state)
    messages.success(request, DONE[flow.Action(action)].format(state=state.label, version=move.version))
    return redirect("plan-detail", plan_id=plan.pk)


NAMED = 5
"""A refused submission names this many of the warnings still to explain (the list below has all)."""


def _named(finding: Finding) -> str:
    """A warning as the refusal names it: its row (or 整表) and what it is about."""
    where = f"「{finding.indicator}」" if finding.indicator else "整表"
    return f"{where}{describe_code(finding.code)}"


def _refusal(refused: WorkflowError) -> str:
    if isinstance(refused, SubmissionBlocked):
        parts = []
        if refused.errors:
            parts.append(f"有 {len(refused.errors)} 条错误须先改正（见下方列表）")
        if refused.unexplained:
            named = "、".join(_named(f) for f in refused.unexplained[:NAMED])
            more = "等" if len(refused.unexplained) > NAMED else ""
            parts.append(f"有 {len(refused.unexplained)} 条警告须逐条填写说明（{named}{more}）")
        return "不能提交：" + "；".join(parts)
    return refused.message


# ── the reviewers' list, several plans at once ──────────────────────────────────────────────

PAGE_SIZE = 25
COMPUTED_SORT_MAX = 300
"""Sorting by findings or score reads every filtered plan (and scores those with actual values but no
published grade, some ms each): above this many, filter first."""
SORTS = {
    "year": ("year", "unit__parent__name", "unit__name", "id"),
    "unit": ("unit__parent__name", "unit__name", "-year", "id"),
    "state": ("flow__state", "-year", "unit__parent__name", "id"),
    "updated": ("updated_at", "id"),
}
"""Orders the database gives; ``findings`` and ``score`` are computed over the filtered plans."""
COMPUTED_SORTS = ("findings", "score")
BULK_ACTIONS = (flow.Action.APPROVE, flow.Action.RETURN)


@dataclass(frozen=True, slots=True)
class Listed:
    """One plan in the reviewers' list: its state and version, the review's error and warning counts,
    the score out of 100 and grade (published, or computed from the actual values), the actions the
    person may take on it now among those the list offers (approve, return)."""

    plan: Plan
    status: flow.Status
    errors: int
    warnings: int
    score: Decimal | None
    grade: str
    published: bool
    actions: list[flow.Action]

    @property
    def findings(self) -> int:
        return self.errors + self.warnings


def listed(user: Any, plans: Sequence[Plan]) -> list[Listed]:
    """``plans`` as the list shows them to ``user``. The findings are counted from the review kept per
    revision (``monitoring.overview.stored_findings``: one query, a plan reviewed only when it changed);
    the score is the published one, else computed from the actual values where there are any."""
    counted = dict(stored_findings(Plan.objects.filter(pk__in=[p.pk for p in plans])))
    return [_listed(user, plan, counted.get(plan.pk, [])) for plan in plans]


def _listed(user: Any, plan: Plan, findings: Sequence[Any]) -> Listed:
    row = getattr(plan, "flow", None)
    status = row.status if row is not None else flow.Status()
    published = max(plan.publications.all(), key=lambda p: p.pk, default=None)
    score, grade = (published.normalized, published.grade) if published else (None, "")
    core = to_core(plan) if published is None else None
    if core is not None and any(i.actual is not None for i in core.indicators):
        try:
            result = score_plan(core, rule_of)
            score, grade = result.normalized, result.grade.value if result.grade else ""
        except RuleError:
            pass
    actions = [
        a for a in flow.actions_for(status.state, permissions.flow_roles(user, plan)) if a in BULK_ACTIONS
    ]
    return Listed(
        plan,
        status,
        sum(n for _, severity, n, _ in findings if severity == Severity.ERROR.value),
        sum(n for _, severity, n, _ in findings if severity == Severity.WARNING.value),
        score,
        grade,
        published is not None,
        actions,
    )


def _filtered(user: Any, query: Any) -> QuerySet[Plan]:
    plans = (
        permissions.visible_plans(user)
        .select_related("unit", "unit__parent", "flow")
        .prefetch_related("indicator_rows", "placeholder_rows", "publications")
    )
    year, unit, state = query.get("year", ""), query.get("unit", ""), query.get("state", "")
    if year.isdigit():
        plans = plans.filter(year=int(year))
    if unit.isdigit():
        plans = plans.filter(unit_id=int(unit))
    if state == flow.State.DRAFT.value:
        plans = plans.filter(Q(flow__isnull=True) | Q(flow__state=state))
    elif state in flow.State._value2member_map_:
        plans = plans.filter(flow__state=state)
    return plans


def _sorted(user: Any, plans: QuerySet[Plan], sort: str) -> tuple[list[Listed] | None, QuerySet[Plan]]:
    """The list sorted by ``sort`` (a key of ``SORTS`` or ``COMPUTED_SORTS``, "-" first: descending).
    Computed orders give every plan listed; database orders give the query set to page through."""
    key, descending = sort.lstrip("-"), sort.startswith("-")
    if key in COMPUTED_SORTS:
        rows = listed(user, list(plans))
        none_last = Decimal(-1) if descending else Decimal(10**6)

        def value(r: Listed) -> Decimal:
            return (
                Decimal(r.findings) if key == "findings" else (r.score if r.score is not None else none_last)
            )

        return sorted(rows, key=value, reverse=descending), plans
    if key not in SORTS:
        key, descending = "year", True
    fields = SORTS[key]
    order = [(f[1:] if f.startswith("-") else f"-{f}") if descending else f for f in fields]
    return None, plans.order_by(*order)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The reviewers' list (审核列表): every plan the person sees, with its state, findings, score and
    grade; filtered by state, unit and year, sorted; reviewers tick several to approve or return."""
    user = request.user
    plans = _filtered(user, request.GET)
    sort = request.GET.get("sort", "-year")
    if sort.lstrip("-") in COMPUTED_SORTS and plans.count() > COMPUTED_SORT_MAX:
        messages.info(
            request, f"超过 {COMPUTED_SORT_MAX} 张表时不能按审核问题或得分排序：请先按环节、单位或年度筛选"
        )
        sort = "-year"
    computed, ordered = _sorted(user, plans, sort)
    page = Paginator(computed if computed is not None else ordered, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = page.object_list if computed is not None else listed(user, list(page.object_list))
    context = {
        "rows": rows,
        "page": page,
        "sort": sort,
        "query": request.GET,
        "states": [(s.value, s.label) for s in flow.State],
        "units": permissions.visible_units(user).select_related("parent").order_by("parent__name", "name"),
        "years": permissions.visible_plans(user).values_list("year", flat=True).distinct().order_by("-year"),
        "can_bulk": any(r.actions for r in rows),
        "here": request.get_full_path(),
    }
    return render(request, "workflow/review_list.html", context)


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """POST ``/plans/review/bulk/``: approve or return the ticked plans, each one by one through
    ``services`` (each recorded on its own); a refusal names its plan and leaves the others done."""
    action = request.POST.get("action", "")
    back = request.POST.get("next", "")
    back = back if back.startswith("/plans/review/") else reverse("plan-review")
    if action not in {a.value for a in BULK_ACTIONS}:
        messages.error(request, "请选择「审核通过」或「退回」")
        return redirect(back)
    ids = [int(i) for i in request.POST.getlist("plan") if i.isdigit()]
    if not ids:
        messages.error(request, "没有选择任何绩效目标表")
        return redirect(back)
    done = []
    for plan_id in ids:
        name = f"第{plan_id}号表"
        try:
            plan = permissions.get_plan_for_user(request.user, plan_id)
            name = f"「{plan.title or plan.get_kind_display()}」（{plan.unit.full_name}，{plan.year}年）"
            post = {
                "reason": request.POST.get("reason", ""),
                "expected": request.POST.get(f"state-{plan_id}", ""),
            }
            take(permissions.person(request), plan, flow.Action(action), post)
            done.append(name)
        except (WorkflowError, PermissionDenied, Http404) as refused:
            messages.error(request, f"{name}未处理：{_message(refused)}")
    if done:
        verb = "审核通过" if action == flow.Action.APPROVE.value else "退回"
        messages.success(request, f"已{verb} {len(done)} 张表：" + "、".join(done))
    return redirect(back)


def _message(refused: Exception) -> str:
    if isinstance(refused, WorkflowError):
        return refused.message
    return str(refused.args[0]) if refused.args else "无权操作"


@login_required
def flow_panel(request: HttpRequest, plan_id: int) -> HttpResponse:
    """GET ``/plans/<id>/flow-panel/``: the workflow panel alone, with what the person had typed (the
    query), drawn again after an edit of the table changed its findings (``static/jixiao/workflow.js``)."""
    plan = permissions.get_plan_for_user(request.user, plan_id)
    typed = {k: str(v) for k, v in request.GET.items() if k.startswith(("explain:", "comment-", "reason"))}
    return render(
        request, "workflow/_panel.html", {"plan": plan, "flow": panel(request.user, plan, typed=typed)}
    )
