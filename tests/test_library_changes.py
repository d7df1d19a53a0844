"""The library changed one plan at a time (``Library.replace``) is the library built from scratch.

A server keeps one library in memory and replaces a stored plan's observations after each save; the
library it ends with must be the one a fresh build from the same plans gives: the same entries with the
same observations, names, units and history per unit, the same common indicators, and the same
suggestions for a typed fragment. Hypothesis draws sequences of plans created, edited and deleted from
a pool of real name variants (spaces inside words, full width, 比例/率, a year in the name, quotes).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.library import Library, MarkCommon, Merge, PlanRecord, Split, build_library
from jixiao.core.model import Comparator, Indicator, Plan, PlanKind

NAMES = [
    "新增省级“小巨人”企业数",
    "新增省级小巨人企业 数",
    "新增国家级“小巨人”企业数",
    "验收合格率",
    "验收合格比例",
    "2023年验收合格率",
    "群众满意度",
    "群众满意率",
    "培训人次",
    "培训人数",
    "ＧＤＰ增长率",
    "GDP增长率",
]
CATEGORIES = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("满意度指标", "服务对象满意度指标")]
UNITS = ["家", "%", "％", "人次", ""]
ORGANISATIONS = ["工信局/机关", "工信局/中心", "教育局/机关"]
CORRECTIONS = [
    Merge("产出指标/数量指标/培训人次", "产出指标/数量指标/培训人数", "同一指标"),
    Split("产出指标/质量指标/验收合格率", "验收合格比例", "口径不同"),
    MarkCommon("满意度指标/服务对象满意度指标/群众满意度", "工业"),
]

indicators = st.builds(
    lambda name, category, unit, target, actual: Indicator(
        category[0], category[1], name, Comparator.GE, target, str(target), unit, actual=actual
    ),
    st.sampled_from(NAMES),
    st.sampled_from(CATEGORIES),
    st.sampled_from(UNITS),
    st.integers(0, 100).map(Decimal),
    st.none() | st.integers(0, 150).map(Decimal),
)
records = st.builds(
    lambda rows, year, organisation: (rows, year, organisation),
    st.lists(indicators, max_size=5),
    st.integers(2021, 2024),
    st.sampled_from(ORGANISATIONS),
)
# a step: plan number → its new content, or None to delete it
steps = st.lists(st.tuples(st.integers(0, 4), st.none() | records), min_size=1, max_size=12)


def record(source: int, content: tuple[list[Indicator], int, str]) -> PlanRecord:
    rows, year, organisation = content
    plan = Plan(PlanKind.PROJECT, unit=organisation, indicators=rows)
    return PlanRecord(plan, year, organisation, "工业" if organisation.startswith("工信") else "教育", source)


def snapshot(library: Library) -> dict[str, object]:
    """What a reader of the library sees, order-free where the library promises no order."""
    return {
        key: (
            entry.level1,
            entry.level2,
            sorted(
                (o.year, o.organisation, o.indicator.name, str(o.indicator.target))
                for o in entry.observations
            ),
            dict(entry.variants),
            dict(entry.units),
            set(entry.search_names),
            entry.common_in,
            {org: len(rows) for org, rows in entry.by_organisation.items()},
            sorted((o.year, o.indicator.name) for o in entry.history("工信局/机关")),
        )
        for key, entry in library.entries.items()
    }


def suggested(library: Library, text: str) -> list[tuple[tuple[bool, bool, bool], str]]:
    """The suggestions for ``text`` as (how they rank, entry) pairs; entries of equal rank in any order."""
    found = library.suggest(text, level1="产出指标", unit="%", limit=100)
    return sorted(((not s.prefix, not s.same_category, not s.same_unit), s.entry.id) for s in found)


@settings(max_examples=150, deadline=None)
@given(
    steps=steps,
    first=st.lists(records, max_size=3),
    queries=st.lists(st.sampled_from(["新增", "率", "合格", "满意", "培训", "G"]), min_size=1, max_size=3),
)
def test_a_library_changed_plan_by_plan_is_the_library_built_from_scratch(
    steps: list[tuple[int, tuple[list[Indicator], int, str] | None]],
    first: list[tuple[list[Indicator], int, str]],
    queries: list[str],
) -> None:
    plans = dict(enumerate(first))
    library = build_library([record(k, v) for k, v in plans.items()], CORRECTIONS)
    library.prepare_suggestions()  # the index exists before the changes, as on a server
    for source, content in steps:
        if content is None:
            plans.pop(source, None)
        else:
            plans[source] = content
        library.replace(source, [] if content is None else [record(source, content)])
    fresh = build_library([record(k, v) for k, v in plans.items()], CORRECTIONS)
    assert snapshot(library) == snapshot(fresh)
    for entry in library.entries.values():
        years = [o.year for o in entry.history("工信局/机关")]
        assert years == sorted(years)
    for text in queries:
        assert suggested(library, text) == suggested(fresh, text)


def test_an_edit_replaces_the_entry_a_reader_holds_instead_of_changing_it() -> None:
    rows = [
        Indicator("产出指标", "数量指标", "新增省级“小巨人”企业数", Comparator.GE, Decimal(40), "40", "家")
    ]
    library = build_library([record(1, (rows, 2023, "工信局/机关"))])
    held = next(iter(library.entries.values()))
    edited = [
        Indicator("产出指标", "数量指标", "新增省级“小巨人”企业数", Comparator.GE, Decimal(45), "45", "家")
    ]
    library.replace(1, [record(1, (edited, 2024, "工信局/机关"))])
    assert [o.indicator.target for o in held.observations] == [Decimal(40)]
    assert [(o.year, o.indicator.target) for o in library.entries[held.id].observations] == [
        (2024, Decimal(45))
    ]
    library.replace(1, [])
    assert library.entries == {}
    assert library.suggest("小巨人") == []
