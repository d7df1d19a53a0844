"""The finance bureau's pages of the self-evaluation (财政复核): a plan's re-check and its publication, the
random sample of plans to re-check (抽查), and the deadlines per year and stage (截止时间).

Views load through ``accounts.permissions`` and change nothing themselves: re-checked scores, the
publication, draws and deadlines are ``workflow.services`` functions, whose Chinese refusals are shown
on the page (409 for the plan's state, 422 for what was typed; nothing is saved).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.views.decorators.http import require_POST

from jixiao.core import workflow as flow
from jixiao.core.bounds import BUDGET_YEARS
from jixiao.core.errors import InputError, TransitionRefused, WorkflowError
from jixiao.core.values import parse_number
from jixiao.web.accounts import permissions
from jixiao.web.accounts.permissions import get_plan_for_user, person, plan_state
from jixiao.web.plans.models import IndicatorRow, Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.models import Deadline, Publication, RecheckScore

SAMPLE_MAX = 10_000
"""The largest sample a page may ask for (a draw of more plans than exist takes them all)."""


@dataclass(frozen=True, slots=True)
class RecheckRow:
    """One indicator on the re-check page: the unit's score, the rules' score, the latest re-check and
    the earlier ones, and whether the review flags it (``stated-score-mismatch``)."""

    index: int
    row: IndicatorRow
    points: flow.FinalPoints
    latest: RecheckScore | None
    earlier: list[RecheckScore]
    flagged: bool


@dataclass(frozen=True, slots=True)
class Typed:
    """What was typed into a refused re-check form, shown again at its row with the reason."""

    row_id: int
    score: str
    reason: str
    message: str


def _rows(plan: Plan, result: flow.FinalScore, flagged: set[str]) -> list[RecheckRow]:
    rows = list(IndicatorRow.objects.filter(plan=plan))
    checks: dict[int, list[RecheckScore]] = {}
    for r in RecheckScore.objects.filter(plan=plan).select_related("by").order_by("at", "id"):
        checks.setdefault(r.indicator_id or 0, []).append(r)
    out = []
    for points, row in zip(result.indicators, rows, strict=True):
        mine = checks.get(row.pk, [])
        out.append(
            RecheckRow(points.index, row, points, mine[-1] if mine else None, mine[:-1], row.name in flagged)
        )
    return out


def _recheck_page(
    request: HttpRequest, plan: Plan, typed: Typed | None = None, status: int = 200
) -> HttpResponse:
    findings = services.recheck_findings(plan)
    result = services.final_result(plan)
    state = plan_state(plan)
    context = {
        "plan": plan,
        "state": state,
        "findings": findings,
        "result": result,
        "rows": _rows(plan, result, {f.indicator for f in findings if f.indicator}),
        "can_recheck": state is flow.State.EVAL_FINANCE_REVIEW
        and permissions.is_finance_reviewer_of(request.user, plan),
        "publication": Publication.objects.filter(plan=plan).select_related("transition").last(),
        "typed": typed,
    }
    return render(request, "workflow/recheck.html", context, status=status)


@login_required
def plan_recheck(request: HttpRequest, plan_id: int) -> HttpResponse:
    """GET: the re-check of a plan (every reader of it sees it); POST: a re-checked score with its reason
    (``services.set_recheck_score``; the bureau's 财政审核人, in 财政复核)."""
    plan = get_plan_for_user(request.user, plan_id)
    if request.method != "POST":
        return _recheck_page(request, plan)
    permissions.require_finance_reviewer(request.user, plan)
    typed = Typed(
        _int(request.POST.get("row")), request.POST.get("score", ""), request.POST.get("reason", ""), ""
    )
    row = IndicatorRow.objects.filter(plan=plan, pk=typed.row_id).first()
    name = f"「{row.name}」的" if row else ""
    try:
        score = parse_number(typed.score, what=f"{name}复核得分")
        services.set_recheck_score(plan, person(request), typed.row_id, score, typed.reason)
    except TransitionRefused as exc:
        return _recheck_page(request, plan, _refused(typed, exc.message), 409)
    except (InputError, WorkflowError) as exc:
        return _recheck_page(request, plan, _refused(typed, str(exc)), 422)
    messages.success(request, f"已保存{name}复核得分 {flow.show(score)}（单位自评得分保留）")
    return redirect("plan-recheck", plan_id=plan.pk)


def _refused(typed: Typed, message: str) -> Typed:
    return Typed(typed.row_id, typed.score, typed.reason, message)


def _int(raw: str | None) -> int:
    try:
        return int(raw or "")
    except ValueError:
        return 0


@login_required
@require_POST
def publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    """发布: the final score and grade, re-checked scores in place of the unit's (``services.publish``)."""
    plan = get_plan_for_user(request.user, plan_id)
    permissions.require_finance_reviewer(request.user, plan)
    try:
        expected = _state(request.POST.get("expected", flow.State.EVAL_FINANCE_REVIEW.value))
        services.publish(plan, person(request), expected=expected)
    except WorkflowError as exc:
        return _recheck_page(request, plan, Typed(0, "", "", exc.message), 409)
    result = Publication.objects.filter(plan=plan).last()
    assert result is not None
    score = floatformat(result.normalized, "-2") or "—"  # as the pages show it: 96.30, 96
    messages.success(request, f"已发布：百分制得分 {score}，等级 {result.grade or '—'}")
    return redirect("plan-recheck", plan_id=plan.pk)


# ── the random sample (抽查) ──────────────────────────────────────────────────────────────────


@login_required
def samples(request: HttpRequest) -> HttpResponse:
    """GET: the draws made in the bureau and a form; POST: a new draw (``services.draw_recheck_sample``)."""
    permissions.require_finance_bureau(request.user, "抽查")
    form = _form(request, year=str(timezone.localdate().year - 1), size="5", seed="")
    error = ""
    if request.method == "POST":
        try:
            year = _year(form["year"])
            size = _bounded(form["size"], "抽取数量", 1, SAMPLE_MAX)
            draw = services.draw_recheck_sample(person(request), year, size, form["seed"][:200])
        except WorkflowError as exc:
            error = exc.message
        else:
            return redirect("recheck-sample", draw_id=draw.pk)
    draws = permissions.visible_draws(request.user).select_related("by")[:50]
    context = {"draws": draws, "form": form, "error": error}
    return render(request, "workflow/samples.html", context, status=422 if error else 200)


def _form(request: HttpRequest, **defaults: str) -> dict[str, str]:
    """The form's fields as posted, else their defaults (what the page shows again on a refusal)."""
    return {name: request.POST.get(name, default) for name, default in defaults.items()}


def _year(raw: str) -> int:
    return _bounded(raw, "预算年度", BUDGET_YEARS[0], BUDGET_YEARS[-1])


def _bounded(raw: str, what: str, low: int, high: int) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise WorkflowError(f"{what}「{raw}」应为整数") from None
    if not low <= value <= high:
        raise WorkflowError(f"{what} {value} 应在 {low}–{high} 之间")
    return value


@login_required
def sample(request: HttpRequest, draw_id: int) -> HttpResponse:
    """One draw: its seed, population and the plans drawn with their tickets, and how to recompute it."""
    permissions.require_finance_bureau(request.user, "查看抽查记录")
    draw = permissions.visible_draws(request.user).filter(pk=draw_id).select_related("by").first()
    if draw is None:
        from django.http import Http404

        raise Http404("没有这条抽查记录，或您无权查看")
    plans = Plan.objects.filter(pk__in=draw.drawn).select_related("unit", "unit__parent", "flow")
    by_id = {p.pk: p for p in plans}
    drawn = [(pid, flow.sample_ticket(draw.seed, pid), by_id.get(pid)) for pid in draw.drawn]
    recomputed = flow.draw_sample(draw.population, draw.size, draw.seed)
    context = {
        "draw": draw,
        "drawn": drawn,
        "population": ",".join(str(p) for p in draw.population),
        "recomputed_same": recomputed == draw.drawn,
        "example": draw.drawn[0] if draw.drawn else (draw.population[0] if draw.population else 1),
    }
    return render(request, "workflow/sample.html", context)


# ── deadlines (截止时间) ───────────────────────────────────────────────────────────────────────

WAITING_STATES = [s for s in flow.State if flow.waiting_for(s)]
"""The states someone must act in: those a deadline may be set for."""


@login_required
def deadlines(request: HttpRequest) -> HttpResponse:
    """GET: the deadlines per year and stage; POST: set one (``services.set_deadline``, history kept)."""
    permissions.require_finance_bureau(request.user, "设置截止时间")
    form = _form(request, year=str(timezone.localdate().year), state="", due="")
    error = ""
    if request.method == "POST":
        try:
            year = _year(form["year"])
            state = _state(form["state"])
            due = _date(form["due"])
            services.set_deadline(person(request), year, state, due)
        except WorkflowError as exc:
            error = exc.message
        else:
            messages.success(request, f"已设置 {year} 年「{state.label}」的截止日期：{due:%Y-%m-%d}")
            return redirect("deadlines")
    context = {
        "deadlines": _deadline_rows(),
        "states": [(s.value, f"{s.stage.label} · {s.label}") for s in WAITING_STATES],
        "form": form,
        "error": error,
        "today": timezone.localdate(),
    }
    return render(request, "workflow/deadlines.html", context, status=422 if error else 200)


def _deadline_rows() -> list[dict[str, Any]]:
    rows = []
    for d in Deadline.objects.select_related("set_by").order_by("-year", "due"):
        state = flow.State(d.state)
        rows.append(
            {"deadline": d, "label": f"{state.stage.label} · {state.label}", "changes": d.history.count()}
        )
    return rows


def _state(raw: str) -> flow.State:
    try:
        state = flow.State(raw)
    except ValueError:
        raise WorkflowError("请选择环节") from None
    return state


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise WorkflowError(f"截止日期「{raw}」不是日期（应写作 2024-03-31）") from None
