"""The demonstration data (演示数据), loaded by ``jixiao manage loaddemo`` and by ``make run`` on an empty
database: 株洲市财政局; 株洲市工业和信息化局 with its unit 机关 holding the seed's two plans with the
example actual values, the same plans for 2022 (targets and actuals 10% lower, so the indicator library
has two years of history) and for 2024 (the 2023 targets, no actuals yet: writing a target below the
2023 actual there raises ``target-below-last-actual``); 株洲市教育局 and 株洲市交通运输局, each with a unit 机关 and a few generated
plans of this and earlier years; and one person per role.

The seed comes from the repository's ``examples/`` folder, read by the same reader as any upload.

A monitoring round at 2023年6月30日 (``DEMO_CUT_OFF``) holds entries for every 2023 plan: the seed's
project plan has its first indicator at 20% of its target and its budget 30% executed (严重偏差 for
both, no reasons given yet); the other plans stand about on schedule, one budget a little behind.
The unit's 2023 project plan is approved (its monitoring entry can go through the flow) and its 2022
one published with a grade (``outcomes.demo``: the results list and the 2023 page's last-year panel).
"""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from jixiao.core.actuals import apply_actuals
from jixiao.core.model import Plan as CorePlan
from jixiao.documents.load import load_plans
from jixiao.documents.writers.samples import generated_plans
from jixiao.web.accounts.models import Membership, Organisation, OrgKind, Role
from jixiao.web.plans.convert import create_plan, to_core
from jixiao.web.plans.models import ChangeWay, Plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEED_TARGETS = EXAMPLES / "zhuzhou-gxj-2023-targets.txt"
SEED_ACTUALS = EXAMPLES / "zhuzhou-gxj-2023-actuals.json"
SEED_YEAR = 2023
DEMO_CUT_OFF = date(SEED_YEAR, 6, 30)


@dataclass(frozen=True)
class DemoPerson:
    username: str
    name: str
    organisation: str  # the department's name, or "部门/单位"
    role: Role


PEOPLE = [
    DemoPerson("czj", "财政局审核员", "株洲市财政局", Role.FINANCE_REVIEWER),
    DemoPerson("gxj", "工信局审核员", "株洲市工业和信息化局", Role.DEPARTMENT_REVIEWER),
    DemoPerson("gxj-jg", "工信局机关填报人", "株洲市工业和信息化局/机关", Role.UNIT_FILLER),
    DemoPerson("gxj-fzr", "工信局机关负责人", "株洲市工业和信息化局/机关", Role.UNIT_HEAD),
    DemoPerson("jyj-jg", "教育局机关填报人", "株洲市教育局/机关", Role.UNIT_FILLER),
    DemoPerson("jtj-jg", "交通运输局机关填报人", "株洲市交通运输局/机关", Role.UNIT_FILLER),
    DemoPerson("admin", "系统管理员", "株洲市财政局", Role.ADMIN),
]

OTHER_DEPARTMENTS = {"株洲市教育局": 11, "株洲市交通运输局": 12}  # name → seed of its generated plans


def demo_is_loaded() -> bool:
    return Organisation.objects.filter(kind=OrgKind.BUREAU, name="株洲市财政局").exists()


@transaction.atomic
def load_demo(password: str | None = None) -> str:
    """Create the demo organisations, people and plans; returns the password all demo people share
    (``password`` when given, else a new random one). Raises ``RuntimeError`` if already loaded."""
    if demo_is_loaded():
        raise RuntimeError("演示数据已存在")
    password = password or secrets.token_urlsafe(9)
    bureau = Organisation.objects.create(name="株洲市财政局", kind=OrgKind.BUREAU, sector="财政")
    orgs = {bureau.name: bureau}
    for name, sector in [
        ("株洲市工业和信息化局", "工业和信息化"),
        ("株洲市教育局", "教育"),
        ("株洲市交通运输局", "交通运输"),
    ]:
        dept = Organisation.objects.create(name=name, kind=OrgKind.DEPARTMENT, parent=bureau, sector=sector)
        orgs[name] = dept
        orgs[f"{name}/机关"] = Organisation.objects.create(
            name="机关", kind=OrgKind.UNIT, parent=dept, sector=sector
        )
    users = get_user_model().objects
    for person in PEOPLE:
        user = users.create_user(person.username, password=password, first_name=person.name)
        if person.role is Role.ADMIN:
            user.is_staff = user.is_superuser = True
            user.save()
        Membership.objects.create(user=user, organisation=orgs[person.organisation], role=person.role)

    filler = users.get(username="gxj-jg")
    seed = apply_actuals(load_plans(SEED_TARGETS), load_plans(SEED_ACTUALS))
    for plan in seed:
        create_plan(plan, orgs["株洲市工业和信息化局/机关"], SEED_YEAR, filler, ChangeWay.DEMO)
        create_plan(
            scaled(plan, Decimal("0.9")),
            orgs["株洲市工业和信息化局/机关"],
            SEED_YEAR - 1,
            filler,
            ChangeWay.DEMO,
        )
        create_plan(
            targets_only(plan), orgs["株洲市工业和信息化局/机关"], SEED_YEAR + 1, filler, ChangeWay.DEMO
        )
    for dept_name, seed_number in OTHER_DEPARTMENTS.items():
        unit = orgs[f"{dept_name}/机关"]
        for year in (SEED_YEAR - 1, SEED_YEAR, SEED_YEAR + 1):
            for plan in generated_plans(2, seed=seed_number * 10000 + year, indicators=8):
                plan.unit = dept_name
                plan.title = dept_name + plan.title.split("局", 1)[1]
                if year > SEED_YEAR:  # this year's plans: targets only, no actual values yet
                    for ind in plan.indicators:
                        ind.actual = None
                    if plan.budget is not None:
                        plan.budget.executed = None
                create_plan(plan, unit, year, None, ChangeWay.DEMO)
    open_demo_round(bureau)
    from jixiao.web.outcomes.demo import demo_results

    demo_results(SEED_YEAR)
    return password


def _entered(core: CorePlan, first_share: Decimal, other_share: Decimal, budget_share: Decimal) -> CorePlan:
    """``core`` with monitoring values: the first quantitative indicator at ``first_share`` of its
    target, the others at ``other_share``, qualitative ones 按进度, the budget ``budget_share`` executed."""
    indicators = []
    first = True
    for ind in core.indicators:
        if isinstance(ind.target, Decimal):
            share = first_share if first else other_share
            first = False
            indicators.append(replace(ind, to_date=(ind.target * share).quantize(Decimal("0.01")), reason=""))
        else:
            indicators.append(replace(ind, to_date="按进度", reason=""))
    budget = core.budget
    if budget is not None and budget.annual is not None:
        budget = replace(budget, executed_to_date=(budget.annual * budget_share).quantize(Decimal("0.01")))
    return replace(core, indicators=indicators, budget=budget)


def open_demo_round(bureau: Organisation) -> None:
    """The demo's monitoring round at 6月30日 with an entry for every plan of the seed's year."""
    from jixiao.web.monitoring.convert import store_entries
    from jixiao.web.monitoring.models import Round

    round_ = Round.objects.create(bureau=bureau, year=SEED_YEAR, cut_off=DEMO_CUT_OFF)
    plans = (
        Plan.objects.filter(year=SEED_YEAR)
        .select_related("unit__parent")
        .order_by("unit__parent__name", "id")
    )
    for index, plan in enumerate(plans):
        core = to_core(plan)
        if plan.unit.parent is not None and plan.unit.parent.name == "株洲市工业和信息化局" and core.budget:
            entered = _entered(core, Decimal("0.2"), Decimal("0.5"), Decimal("0.3"))
        else:
            entered = _entered(
                core, Decimal("0.5"), Decimal("0.5"), Decimal("0.4") if index % 3 == 1 else Decimal("0.5")
            )
        store_entries(round_, plan, entered, None, ChangeWay.DEMO)


def _scale(value: object, factor: Decimal) -> object:
    if not isinstance(value, Decimal):
        return value
    exponent = value.as_tuple().exponent
    places = Decimal(1).scaleb(min(exponent, 0) if isinstance(exponent, int) else 0)
    return (value * factor).quantize(places, rounding=ROUND_HALF_UP)


def scaled(plan: CorePlan, factor: Decimal) -> CorePlan:
    """A copy of ``plan`` for an earlier year: numeric targets, actuals and budget times ``factor``
    (rounded to the seed's decimals); percentages of 100 and qualitative values stay."""
    earlier = copy.deepcopy(plan)
    for ind in earlier.indicators:
        if ind.unit.strip() in ("%", "％") and ind.target == Decimal(100):
            continue
        ind.target = _scale(ind.target, factor)  # type: ignore[assignment]
        ind.actual = _scale(ind.actual, factor)  # type: ignore[assignment]
        if isinstance(ind.target, Decimal):
            ind.target_text = f"{ind.target.normalize():f}"
    if earlier.budget is not None:
        earlier.budget.annual = _scale(earlier.budget.annual, factor)  # type: ignore[assignment]
        earlier.budget.executed = _scale(earlier.budget.executed, factor)  # type: ignore[assignment]
    return earlier


def targets_only(plan: CorePlan) -> CorePlan:
    """A copy of ``plan`` for the next year: the same targets, no actual values or scores yet."""
    later = copy.deepcopy(plan)
    for ind in later.indicators:
        ind.actual = None
        ind.stated_score = None
        ind.reason = ""
    later.stated_total = None
    if later.budget is not None:
        later.budget.executed = None
        later.budget.stated_score = None
    return later
