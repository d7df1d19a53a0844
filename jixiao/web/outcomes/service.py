"""Results applied, as the pages use it (结果应用): the bureau's policy from the database, the list of
published plans by department with their consequence and amounts, its .xlsx, and what next year's plan
page shows of the unit's last year. The rules are ``jixiao.core.outcomes``; no rule is written here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from jixiao.core.outcomes import DEFAULT_POLICY, GRADE_ORDER, Consequence, Policy
from jixiao.core.review import Finding, Severity
from jixiao.core.scoring import Grade
from jixiao.documents.writers.cells import looks_like_formula
from jixiao.web.accounts import permissions
from jixiao.web.accounts.models import Organisation, OrgKind
from jixiao.web.outcomes import models
from jixiao.web.plans.analysis import reviews_as_stored
from jixiao.web.plans.convert import User, plain
from jixiao.web.plans.models import Plan
from jixiao.web.workflow.models import Publication, RecheckScore
from jixiao.web.workflow.timeline import list_xlsx


def bureau_of(unit: Organisation) -> int | None:
    """The finance bureau above ``unit`` (its department's parent, or its own parent)."""
    org: Organisation | None = unit
    while org is not None and org.kind != OrgKind.BUREAU:
        org = org.parent
    return org.pk if org is not None else None


def policy_of(bureau_id: int | None) -> Policy:
    """The bureau's policy (``core.outcomes.DEFAULT_POLICY`` while it has set none)."""
    rows = list(models.Consequence.objects.filter(bureau_id=bureau_id)) if bureau_id else []
    if len(rows) != len(GRADE_ORDER):
        return DEFAULT_POLICY
    return Policy(tuple(Consequence(Grade(r.grade), r.action, plain(r.change)) for r in rows))


@transaction.atomic
def save_policy(user: User, bureau: Organisation, rows: Mapping[Grade, tuple[str, Decimal | None]]) -> Policy:
    """Keep ``rows`` as ``bureau``'s policy; only its 财政审核人 may. Raises ``PermissionDenied`` or
    ``InputError`` (``core.outcomes.Policy``'s Chinese message) and saves nothing then."""
    if bureau.pk not in permissions.reviewed_bureaus(user):
        raise PermissionDenied("只有本级财政审核人可以设置结果应用政策")
    policy = Policy.from_mapping(rows)
    stored = {r.grade: r for r in models.Consequence.objects.filter(bureau=bureau)}
    for c in policy.consequences:
        row = stored.get(c.grade.value) or models.Consequence(bureau=bureau, grade=c.grade.value)
        if row.pk is not None and (row.action, plain(row.change)) == (c.action, c.change):
            continue
        row.action, row.change, row.updated_by = c.action, c.change, user  # type: ignore[assignment]
        row.save()
    return policy


# ── the list by department ───────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One published plan: its final score and grade, the consequence, this year's budget and, when the
    policy gives a percentage, the suggested next-year figure (万元)."""

    plan: Plan
    score: Decimal | None
    grade: Grade | None
    consequence: Consequence | None
    annual: Decimal | None
    suggested: Decimal | None


@dataclass
class DepartmentResults:
    name: str
    rows: list[ResultRow] = field(default_factory=list)

    @property
    def annual(self) -> Decimal:
        return sum((r.annual for r in self.rows if r.annual is not None), Decimal(0))

    @property
    def suggested(self) -> Decimal | None:
        given = [r.suggested for r in self.rows if r.suggested is not None]
        return sum(given, Decimal(0)) if given else None


def latest_publications(plans: QuerySet[Plan] | Sequence[int]) -> dict[int, Publication]:
    """The latest publication of each plan in ``plans`` (plans or their ids; a plan re-published keeps
    its older ones)."""
    out: dict[int, Publication] = {}
    for p in Publication.objects.filter(plan__in=plans).order_by("transition__at", "id"):
        out[p.plan_id] = p
    return out


def results(user: Any, year: int) -> list[DepartmentResults]:
    """The published plans of ``year`` that ``user`` may see, by department (then unit, title)."""
    plans = (
        permissions.visible_plans(user)
        .filter(year=year, publications__isnull=False)
        .distinct()
        .select_related("unit", "unit__parent", "unit__parent__parent")
    )
    published = latest_publications(plans)
    policies: dict[int | None, Policy] = {}
    found: dict[str, DepartmentResults] = {}
    for plan in sorted(plans, key=lambda p: (p.unit.full_name, p.title, p.pk)):
        bureau = bureau_of(plan.unit)
        policy = policies.setdefault(bureau, policy_of(bureau))
        pub = published[plan.pk]
        grade = Grade(pub.grade) if pub.grade else None
        consequence = policy.of(grade) if grade else None
        annual = plain(plan.budget_annual)
        suggested = consequence.suggested_budget(annual) if consequence else None
        dept = plan.unit.parent if plan.unit.parent and plan.unit.parent.kind == OrgKind.DEPARTMENT else None
        name = dept.name if dept else plan.unit.name
        found.setdefault(name, DepartmentResults(name)).rows.append(
            ResultRow(plan, plain(pub.normalized), grade, consequence, annual, suggested)
        )
    return [found[k] for k in sorted(found)]


HEADER = (
    "主管部门",
    "单位",
    "项目（表）",
    "百分制得分",
    "等级",
    "结果应用",
    "本年预算数（万元）",
    "下年建议数（万元）",
)


def results_xlsx(departments: list[DepartmentResults], year: int) -> bytes:
    """The list as .xlsx: one row per plan under its department (formula-like text kept as text)."""
    rows = [
        [
            _text(d.name),
            _text(r.plan.unit.full_name),
            _text(r.plan.title or r.plan.get_kind_display()),
            r.score,
            r.grade.value if r.grade else "",
            _text(r.consequence.describe()) if r.consequence else "",
            r.annual,
            r.suggested,
        ]
        for d in departments
        for r in d.rows
    ]
    title = f"{year}年度绩效评价结果应用（{year + 1}年预算安排参考）"
    return list_xlsx("结果应用", title, HEADER, rows, (24, 30, 40, 12, 8, 28, 18, 18))


def _text(text: str) -> str:
    return "'" + text if looks_like_formula(text) else text


# ── what next year's plan page shows ─────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class LastYear:
    """One of the unit's plans of the year before: grade and consequence, findings, re-checked scores."""

    plan: Plan
    same_title: bool
    publication: Publication | None
    consequence: Consequence | None
    findings: list[Finding]
    rechecks: list[RecheckScore]


def last_year(plan: Plan, user: Any) -> list[LastYear]:
    """The unit's plans of ``plan.year - 1`` that ``user`` may see, the one with the same title first;
    findings are the review's errors and warnings of last year's table as stored."""
    if not permissions.sees(user, plan.unit):  # a unit's people see all its years, or none
        return []
    earlier = list(
        Plan.objects.filter(unit_id=plan.unit_id, year=plan.year - 1)
        .annotate(
            published=Exists(Publication.objects.filter(plan=OuterRef("pk"))),
            rechecked=Exists(RecheckScore.objects.filter(plan=OuterRef("pk"))),
        )
        .order_by()  # sorted below
    )
    if not earlier:
        return []
    for old in earlier:
        old.unit = plan.unit  # the same unit as ``plan``'s, already read with its parents
    # Publications and re-checks are asked for only for the plans that have any (most have none).
    published_ids = [p.pk for p in earlier if p.published]
    published = latest_publications(published_ids) if published_ids else {}
    policy = policy_of(bureau_of(plan.unit)) if published else DEFAULT_POLICY  # read only when needed
    rechecked: dict[int, list[RecheckScore]] = {}
    rechecked_ids = [p.pk for p in earlier if p.rechecked]
    if rechecked_ids:
        for r in RecheckScore.objects.filter(plan_id__in=rechecked_ids).order_by("position", "at", "id"):
            rechecked.setdefault(r.plan_id, []).append(r)
    reviewed = reviews_as_stored(earlier)
    out = []
    for old in earlier:
        pub = published.get(old.pk)
        findings = [f for f in reviewed[old.pk] if f.severity in (Severity.ERROR, Severity.WARNING)]
        latest = list({r.position: r for r in rechecked.get(old.pk, [])}.values())
        consequence = policy.of(Grade(pub.grade)) if pub is not None and pub.grade else None
        out.append(LastYear(old, old.title == plan.title, pub, consequence, findings, latest))
    return sorted(out, key=lambda e: (not e.same_title, e.plan.pk))
