"""A stored plan read back as the core's plan: through the rows the ORM prefetched, or through
``convert.cores_of``'s own SQL (on SQLite, and on PostgreSQL in ``make test``'s second run) — the same
plan, every number exact, every source kept."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import prefetch_related_objects

from jixiao.core.errors import Location
from jixiao.core.model import Comparator, Indicator, Placeholder, PlanKind
from jixiao.core.model import Plan as CorePlan
from jixiao.web.plans.convert import cores_of, create_plan, to_core
from jixiao.web.plans.models import ChangeWay, Plan
from tests.web.conftest import World

NUMBERS = [
    Decimal("0.1"),
    Decimal("87.5"),
    Decimal("40"),
    Decimal("0.0000000001"),
    Decimal("123456789012.345"),
    Decimal("999999999999999"),
]


def _plan(title: str, numbers: list[Decimal]) -> CorePlan:
    indicators = [
        Indicator(
            level1="产出指标",
            level2="数量指标",
            name=f"指标{k}",
            comparator=Comparator.GE,
            target=n,
            target_text=f"≥{n}",
            unit="个",
            rule_text="完成得满分",
            weight=Decimal("12.5"),
            actual=n,
            stated_score=Decimal("7.25"),
            source=Location(file="表.xlsx", sheet="表1", row=k + 5, column=3, cell=f"C{k + 5}"),
            last_year_actual="按时完成",
        )
        for k, n in enumerate(numbers)
    ]
    indicators.append(
        Indicator("满意度指标", "服务对象满意度指标", "群众满意度", Comparator.QUALITATIVE, "较好", "较好")
    )
    return CorePlan(
        kind=PlanKind.PROJECT,
        title=title,
        unit="株洲市工业和信息化局",
        indicators=indicators,
        placeholders=[Placeholder("效益指标", "生态效益指标", Location(file="表.xlsx", sheet="表1", row=30))],
    )


def test_a_plan_read_by_its_own_sql_is_the_plan_stored_and_the_plan_the_orm_reads(world: World) -> None:
    filler = world.user("filler")
    stored = [
        create_plan(_plan("甲项目", NUMBERS), world.unit, 2024, filler, ChangeWay.UPLOAD),
        create_plan(_plan("乙项目", NUMBERS[::-1]), world.unit, 2024, filler, ChangeWay.UPLOAD),
        create_plan(
            CorePlan(kind=PlanKind.PROJECT, title="空表"), world.unit, 2024, filler, ChangeWay.UPLOAD
        ),
    ]
    fresh = list(Plan.objects.filter(pk__in=[p.pk for p in stored]).order_by("pk"))
    read = cores_of(fresh)
    prefetched = list(Plan.objects.filter(pk__in=[p.pk for p in stored]).order_by("pk"))
    prefetch_related_objects(prefetched, "indicator_rows", "placeholder_rows")

    for plan, orm in zip(fresh, prefetched, strict=True):
        assert read[plan.pk] == to_core(orm) == to_core(plan)
    first = read[stored[0].pk]
    assert [i.target for i in first.indicators[:-1]] == NUMBERS
    assert first.indicators[0].source == Location(file="表.xlsx", sheet="表1", row=5, column=3, cell="C5")
    assert first.indicators[-1].weight is None and first.indicators[-1].target == "较好"
    assert first.placeholders == [
        Placeholder("效益指标", "生态效益指标", Location(file="表.xlsx", sheet="表1", row=30))
    ]
    assert read[stored[2].pk].indicators == [] and read[stored[2].pk].placeholders == []
