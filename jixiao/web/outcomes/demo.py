"""The demonstration's results (演示：结果应用): the 工信局 unit's project plan of the year before the
seed's taken through the whole flow by the demo people — targets approved, self-evaluation submitted,
re-checked (a stated score the rules do not give corrected to the rules' points) and published — so that
the results list and next year's plan page have a grade to show; and the seed year's project plan
approved, so that its monitoring entry can go through the flow."""

from __future__ import annotations

from django.contrib.auth.models import User

from jixiao.core.review import Severity
from jixiao.web.plans.models import IndicatorRow, Plan
from jixiao.web.workflow import services
from jixiao.web.workflow.services import ExplanationInput

UNIT_DEPARTMENT = "株洲市工业和信息化局"
PEOPLE = {"filler": "gxj-jg", "head": "gxj-fzr", "dept": "gxj", "finance": "czj"}


def demo_results(seed_year: int) -> None:
    """Publish the unit's project plan of ``seed_year - 1``; approve that of ``seed_year``."""
    people = {key: User.objects.get(username=name) for key, name in PEOPLE.items()}
    plans = Plan.objects.filter(unit__parent__name=UNIT_DEPARTMENT, kind="project")
    earlier = plans.filter(year=seed_year - 1).first()
    current = plans.filter(year=seed_year).first()
    if earlier is not None:
        _approve(earlier, people)
        services.reopen(earlier, people["filler"])
        _submit(earlier, people["filler"])
        services.approve(earlier, people["head"])
        services.approve(earlier, people["dept"])
        _recheck(earlier, people["finance"])
        services.publish(earlier, people["finance"])
    if current is not None:
        _approve(current, people)


def _submit(plan: Plan, filler: User) -> None:
    """Submit with every warning explained (the demo's explanation says it was checked)."""
    rows = {r.name: r.pk for r in IndicatorRow.objects.filter(plan=plan)}
    explained = [
        ExplanationInput(f.code, "演示数据：已核实，情况属实", rows.get(f.indicator or ""))
        for f in services.submission_findings(plan)
        if f.severity is Severity.WARNING
    ]
    services.submit(plan, filler, explained)


def _approve(plan: Plan, people: dict[str, User]) -> None:
    _submit(plan, people["filler"])
    for key in ("head", "dept", "finance"):
        services.approve(plan, people[key])


def _recheck(plan: Plan, finance: User) -> None:
    """Correct the first stated score the rules do not give to the rules' points; without one, confirm
    the first indicator's points as the rules give them (a re-check that changes nothing is recorded
    too)."""
    result = services.final_result(plan)
    rows = list(IndicatorRow.objects.filter(plan=plan).order_by("position"))
    scored = [(r, p) for r, p in zip(rows, result.indicators, strict=True) if p.computed is not None]
    wrong = [(r, p) for r, p in scored if p.stated is not None and p.stated != p.computed]
    for row, points in wrong or scored[:1]:
        assert points.computed is not None
        said = f"单位自评 {points.stated} 分" if points.stated is not None else "单位未填自评得分"
        reason = f"复核：按评分标准应得 {points.computed} 分（{said}）"
        services.set_recheck_score(plan, finance, row.pk, points.computed, reason)
        return
