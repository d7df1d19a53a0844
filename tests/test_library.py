"""The indicator library (指标库): matching names from real tables, entries with history, suggestions.

Name variants are taken from real tables: the seed (examples/ and ../shared/seed), the published
tables in ../shared/realdocs and the layout cases in ../shared/cases/layouts-2026-11. Each pair is
first checked to be written so in its file, then matched (or not) as the library does.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.library import (
    Library,
    MarkCommon,
    Merge,
    PlanRecord,
    Split,
    budget_year,
    build_library,
    explain_match,
    normalise_category,
)
from jixiao.core.model import Comparator, Indicator, Plan, PlanKind
from jixiao.documents.load import load_plans

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def row(
    name: str, level1: str = "产出指标", level2: str = "数量指标", unit: str = "家", **kw: object
) -> Indicator:
    target = kw.pop("target", Decimal(40))
    return Indicator(level1, level2, name, Comparator.GE, target, str(target), unit, **kw)  # type: ignore[arg-type]


def written_in(path: Path, *names: str) -> None:
    """The names are written so in the real file (a variant is real, not made up)."""
    if not path.exists():
        pytest.skip(f"{path} is not here")
    text = path.read_text(encoding="utf-8")
    for name in names:
        assert name in text, f"{name!r} not in {path.name}"


# ---------------------------------------------------------------------------------------------
# Pairs that must match


MUST_MATCH = [
    # seed: the extracted text puts a space inside the word; the actuals file writes it without
    (EXAMPLES / "zhuzhou-gxj-2023-targets.txt", "新增国家级“小巨人”企业 数", "新增国家级“小巨人”企业数"),
    (
        SHARED / "seed" / "zhuzhou-gxj-2023-targets.txt",
        "新增国家级“小巨人”企业 数",
        "新增国家级“小巨人”企业数",
    ),
    # realdocs: numbering in front of the name, a stray quote, pinyin and traditional characters
    (
        SHARED / "realdocs" / "05-langfang-shipin-xuexiao-nuantong-zipingbiao.txt",
        "指标1项目完成及时率",
        "项目完成及时率",
    ),
    (
        SHARED / "realdocs" / "05-langfang-shipin-xuexiao-nuantong-zipingbiao.txt",
        "指标2工程验收合格率",
        "工程验收合格率",
    ),
    (
        SHARED / "realdocs" / "09-chongqing-kexuecheng-rongmeiti-zhengti-zipingbiao.txt",
        "“三公经费变动率",
        "三公经费变动率",
    ),
    (
        SHARED / "realdocs" / "03-lijiang-guchengqu-weipian-zhifa-zipingbiao.txt",
        "項(xiàng)目完成及時率",
        "项目完成及时率",
    ),
]


@pytest.mark.parametrize(("path", "written", "other"), MUST_MATCH)
def test_it_matches_name_variants_written_in_real_tables(path: Path, written: str, other: str) -> None:
    written_in(path, written)
    match = explain_match(row(written), row(other))
    assert match.same, match.explain()
    assert "名称归一后相同" in match.reasons[0]


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("2023年新增省级“小巨人”企业数", "新增省级“小巨人”企业数", "去掉年份“2023年”"),
        ("新增省级「小巨人」企业数", '新增省级"小巨人"企业数', "去掉引号"),
        ("制造业增加值占ＧＤＰ比重", "制造业增加值占GDP比重", "全角字符按半角"),
        ("工程验收合格比例", "工程验收合格率", "“比例”视同“率”"),
        ("群众满意率", "群众满意度", "“满意率”视同“满意度”"),
        ("新增省级“小巨人”企业数量", "新增省级“小巨人”企业数", "“数量”视同“数”"),
        ("新增省级“小巨人”企业数（家）", "新增省级“小巨人”企业数", "去掉重复计量单位"),
    ],
)
def test_it_matches_written_variants_and_says_why(a: str, b: str, why: str) -> None:
    match = explain_match(row(a), row(b))
    assert match.same
    assert why in match.explain()


def test_it_matches_a_layout_cases_project_category_with_the_official_one() -> None:
    path = SHARED / "cases" / "layouts-2026-11" / "K15-xiangmu-xiaoguo-category.csv"
    written_in(path, "项目产出", "产出数量", "出国任务完成率")
    plan = load_plans(path)[0]
    read = next(i for i in plan.indicators if i.name == "出国任务完成率")
    match = explain_match(read, row("出国任务完成率", "产出指标", "数量指标", "%"))
    assert match.same, match.explain()
    assert "归为 产出指标/数量指标" in match.reasons[1]
    assert normalise_category("项目效果", "经济效益") == ("效益指标", "经济效益指标")


@pytest.mark.parametrize(
    ("level1", "level2", "expected"),
    [
        ("项目完成", "完成数量", ("产出指标", "数量指标")),  # the older 项目完成 naming is 产出 (wording)
        ("项目完成指标", "数量指标", ("产出指标", "数量指标")),
        ("满意度指标（10分）", "服务对象满意度", ("满意度指标", "服务对象满意度指标")),
        ("效 果", "社会效益", ("效益指标", "社会效益指标")),
        ("其他", "其他", ("其他指标", "其他指标")),  # no family: the label's own words stay
        ("", "", ("", "")),
    ],
)
def test_it_normalises_categories_as_the_layout_and_review_do(
    level1: str, level2: str, expected: tuple[str, str]
) -> None:
    assert normalise_category(level1, level2) == expected


# ---------------------------------------------------------------------------------------------
# Pairs that must not match


MUST_NOT_MATCH = [
    (EXAMPLES / "zhuzhou-gxj-2023-targets.txt", "新增省级“小巨人”企业数", "新增国家级“小巨人”企业 数"),
    (EXAMPLES / "zhuzhou-gxj-2023-targets.txt", "园区技工贸总收入增长率", "园区技工贸收入"),
    (EXAMPLES / "zhuzhou-gxj-2023-targets.txt", "规模工业增长率", "规模以上工业增加值增速"),
    (SHARED / "cases" / "layouts-2026-11" / "K10-unit-only-value.csv", "工程验收合格率", "工程验收合格率2"),
    (SHARED / "cases" / "layouts-2026-11" / "K05c-two-blocks-unmerged-OK.xlsx", None, None),
]


@pytest.mark.parametrize(("path", "a", "b"), [p for p in MUST_NOT_MATCH if p[1] is not None])
def test_it_keeps_different_indicators_from_real_tables_apart(path: Path, a: str, b: str) -> None:
    written_in(path, a, b)
    match = explain_match(row(a), row(b))
    assert not match.same
    assert match.reasons[0].startswith("名称不同")


def test_it_keeps_provincial_and_national_and_at_least_provincial_apart() -> None:
    names = [
        "新增省级“小巨人”企业数",
        "新增国家级“小巨人”企业数",
        "新增省级及以上“小巨人”企业数",
        "2023年新增市级“小巨人”企业数",
    ]
    library = build_library([PlanRecord(Plan(PlanKind.DEPARTMENT, indicators=[row(n) for n in names]), 2023)])
    assert len(library.entries) == 4


def test_it_keeps_the_same_name_under_another_category_apart() -> None:
    match = explain_match(
        row("满意度", "满意度指标", "服务对象满意度指标", "%"), row("满意度", "产出指标", "质量指标", "%")
    )
    assert not match.same
    assert match.reasons[1].startswith("类别不同")


def test_it_keeps_the_seeds_two_tables_indicators_apart_except_true_repeats() -> None:
    plans = load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt")
    rows = [i for p in plans for i in p.indicators]
    library = build_library([PlanRecord(p, 2023) for p in plans])
    # 24 rows, each its own indicator: the department and project tables share no name and category
    assert len(rows) == 24
    assert len(library.entries) == 24


# ---------------------------------------------------------------------------------------------
# Entries: history per unit and year, corrections


def seed_records() -> list[PlanRecord]:
    from jixiao.core.actuals import apply_actuals

    plans = apply_actuals(
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-targets.txt"),
        load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"),
    )
    return [PlanRecord(plan, 2023) for plan in plans]


def test_it_keeps_targets_actuals_completion_and_met_per_unit_and_year() -> None:
    records = seed_records()
    later = Plan(
        PlanKind.DEPARTMENT,
        unit="株洲市工业和信息化局机关",
        indicators=[row("2024年新增省级“小巨人”企业数量", target=Decimal(45), actual=Decimal(50))],
    )
    library = build_library([*records, PlanRecord(later, 2024)])
    entry = library.entry_for(row("新增省级“小巨人”企业数"))
    assert entry is not None
    history = entry.history("株洲市工业和信息化局 机关")
    assert [(o.year, o.indicator.target, o.indicator.actual) for o in history] == [
        (2023, Decimal(40), Decimal(35)),
        (2024, Decimal(45), Decimal(50)),
    ]
    assert [o.completion for o in history] == [Decimal("0.875"), Decimal(50) / Decimal(45)]
    assert [o.met for o in history] == [False, True]
    assert "「新增省级“小巨人”企业数」" in entry.explanation() or len(entry.variants) == 2


def test_it_applies_the_bureaus_merge_split_and_common_marks() -> None:
    plan = Plan(
        PlanKind.DEPARTMENT,
        unit="甲单位",
        indicators=[
            row("工程验收合格率", unit="%"),
            row("工程验收合格比例", unit="%"),
            row("项目验收率", unit="%"),
        ],
    )
    auto = build_library([PlanRecord(plan, 2023)])
    assert len(auto.entries) == 2
    merged_id = "产出指标/数量指标/工程验收合格率"
    corrections = [
        Split(merged_id, "工程验收合格比例", "按抽检比例统计，口径不同"),
        Merge(merged_id, "产出指标/数量指标/项目验收率", "同一口径"),
        MarkCommon(merged_id, "工业和信息化"),
    ]
    corrected = build_library([PlanRecord(plan, 2023)], corrections)
    assert len(corrected.entries) == 2
    main = corrected.entries[merged_id]
    assert set(main.variants) == {"工程验收合格率", "项目验收率"}
    assert "并入" in main.explanation() and "同一口径" in main.explanation()
    split_off = corrected.entry_for(row("工程验收合格比例", unit="%"))
    assert split_off is not None and split_off is not main
    assert "单独成条" in split_off.explanation()
    assert [e.id for e in corrected.common_indicators("工业和信息化")] == [merged_id]


def test_it_shows_the_spread_across_units() -> None:
    plans = [
        Plan(PlanKind.DEPARTMENT, unit=u, indicators=[row("培训人数", unit="人", target=t, actual=a)])
        for u, t, a in (
            ("甲", Decimal(100), Decimal(120)),
            ("乙", Decimal(200), Decimal(180)),
            ("丙", Decimal(300), None),
        )
    ]
    entry = build_library([PlanRecord(p, 2023) for p in plans]).entry_for(row("培训人数", unit="人"))
    assert entry is not None
    spread = entry.spread(2023)
    assert spread is not None and spread.units == 3
    assert spread.targets is not None and (
        spread.targets.low,
        spread.targets.middle,
        spread.targets.high,
    ) == (
        Decimal(100),
        Decimal(200),
        Decimal(300),
    )
    assert spread.actuals is not None and spread.actuals.middle == Decimal(150)


def test_it_reads_the_budget_year_from_the_title_then_the_file_name() -> None:
    assert budget_year(Plan(PlanKind.PROJECT, title="2024年度项目支出绩效目标表"), "x-2023.xlsx") == 2024
    assert budget_year(Plan(PlanKind.PROJECT, title="项目绩效目标"), "zhuzhou-gxj-2023-targets.txt") == 2023
    assert budget_year(Plan(PlanKind.PROJECT, info={"预算年度": "2022"})) == 2022
    assert budget_year(Plan(PlanKind.PROJECT, title="项目绩效目标"), "targets.xlsx") is None


# ---------------------------------------------------------------------------------------------
# Suggestions


def test_it_suggests_entries_for_a_typed_fragment_best_first() -> None:
    library = build_library(seed_records())
    names = [s.entry.name for s in library.suggest("新增省级")]
    assert names[:2] == ["新增省级“小巨人”企业数", "新增省级及以上创新平台"]
    assert "新增国家级“小巨人”企业数" not in names
    # a fragment from the middle, written with another ending, still finds the entry
    inside = library.suggest("小巨人企业数量")
    assert {s.entry.name for s in inside} == {"新增省级“小巨人”企业数", "新增国家级“小巨人”企业数"}
    assert not inside[0].prefix
    # the category and unit typed rank entries of that category and unit first
    ranked = library.suggest("满意度", level1="满意度", unit="%")
    assert all(s.same_category for s in ranked)
    assert library.suggest("") == [] and library.suggest("不存在的指标") == []


def test_it_suggests_single_characters_and_every_variant_of_a_merged_entry() -> None:
    plan = Plan(PlanKind.DEPARTMENT, indicators=[row("培训人数", unit="人"), row("参训人次", unit="人次")])
    library = Library([Merge("产出指标/数量指标/培训人数", "产出指标/数量指标/参训人次")])
    for indicator in plan.indicators:
        library.add(
            __import__("jixiao.core.library", fromlist=["Observation"]).Observation(2023, "甲", indicator)
        )
    assert [s.entry.id for s in library.suggest("参训")] == ["产出指标/数量指标/培训人数"]
    assert len(library.suggest("训")) == 1
