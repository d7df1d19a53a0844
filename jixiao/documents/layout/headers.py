"""Header rows (表头): which cell names which column, by its text — one row or two.

A header cell is matched by its *bare key* (``header_key``): cleaned (``clean_text``), simplified,
without whitespace and punctuation, so "评(扣)分标准", "评/扣分标准", "评（扣分标准）", "*指标值",
"指标值类 型" and "評(píng)分標準" reach their column. A trailing parenthesised note is also tried
without it ("分值（分）" → 分值, "产出指标（50分）" → 产出指标).

Two-row headers are combined cell by cell, the lower row's name winning where it has one ("年度指标值"
over "指标性质 | 指标值 | 度量单位"; "指标值" over "2021年实际实现值 | 预期2022年实现值"). A column
named by a year and 实际/完成 ("2021年实际实现值") holds last year's actual value when an earlier
year than the target's (or when it sits under the target's group header), else this year's actual.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from jixiao.core.labels import normalise_label, to_simplified
from jixiao.documents.grid import Cell


class Column(StrEnum):
    """The columns of an indicator table (指标表的列)."""

    LEVEL1 = "level1"  # 一级指标
    LEVEL2 = "level2"  # 二级指标
    NAME = "name"  # 三级指标
    COMPARATOR = "comparator"  # 指标值类型 / 指标性质
    TARGET = "target"  # 指标值
    UNIT = "unit"  # 计量单位
    EXPLANATION = "explanation"  # 指标解释
    RULE = "rule"  # 评(扣)分标准
    WEIGHT = "weight"  # 分值 / 权重 / 备注
    ACTUAL = "actual"  # 实际完成值
    STATED_SCORE = "stated_score"  # 得分
    REASON = "reason"  # 偏差原因分析及改进措施
    LAST_YEAR = "last_year"  # 上年实际值 ("2021年实际实现值")
    PROJECT = "project"  # 项目名称, in a list of several projects
    BUDGET = "budget"  # 预算数, beside 项目名称
    GROUP = "group"  # 单位名称 / 单位编码: a grouping column, not part of an indicator
    TO_DATE = "to_date"  # 累计完成值 (monitoring: "1-7月执行情况")
    EXPECTED = "expected"  # 预计全年完成值 (monitoring)
    CORRECTION = "correction"  # 纠偏措施 (monitoring)


COLUMN_TITLES: dict[Column, str] = {
    Column.LEVEL1: "一级指标",
    Column.LEVEL2: "二级指标",
    Column.NAME: "三级指标",
    Column.COMPARATOR: "指标值类型",
    Column.TARGET: "指标值",
    Column.UNIT: "计量单位",
    Column.EXPLANATION: "指标解释",
    Column.RULE: "评（扣）分标准",
    Column.WEIGHT: "分值",
    Column.ACTUAL: "实际完成值",
    Column.STATED_SCORE: "得分",
    Column.REASON: "偏差原因",
    Column.LAST_YEAR: "上年实际值",
    Column.PROJECT: "项目名称",
    Column.BUDGET: "预算数",
    Column.GROUP: "单位名称",
    Column.TO_DATE: "累计完成值",
    Column.EXPECTED: "预计全年完成值",
    Column.CORRECTION: "纠偏措施",
}
"""How messages name a column."""


@dataclass(frozen=True, slots=True)
class ColumnSynonyms:
    """Header texts that name one column (列名同义词), as bare keys (see ``header_key``).

    ``rank`` orders synonyms that claim the same column in one header: the lowest wins (备注 is the
    weight only where no 分值 or 权重 column exists; 年初指标值 the target only where no 全年 or
    调整 value is given).
    """

    column: Column
    names: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    rank: int = 0


COLUMN_SYNONYMS: tuple[ColumnSynonyms, ...] = (
    ColumnSynonyms(Column.LEVEL1, ("一级指标", "一级指标名称")),
    ColumnSynonyms(Column.LEVEL2, ("二级指标", "二级指标名称")),
    ColumnSynonyms(Column.NAME, ("三级指标", "三级指标名称", "指标名称", "具体指标", "三级指标内容")),
    ColumnSynonyms(
        Column.COMPARATOR,
        ("指标值类型", "指标性质", "指标类型", "指标值性质", "比较符号", "指标属性", "指标方向"),
    ),
    ColumnSynonyms(
        Column.TARGET,
        (
            "指标值",
            "年度指标值",
            "目标值",
            "年度目标值",
            "指标目标值",
            "预期目标值",
            "预期指标值",
            "计划指标值",
            "全年指标值",
            "调整指标值",
            "调整后指标值",
            "全年调整指标值",
            "绩效指标值",
            "指标值及单位",
            "目标值及单位",
            "指标值标准",
            "目标值标准",
        ),
        (
            r"^(当年|本年度?|年度)?预期.*实现值$",
            r"^\d{4}年度?(指标值|目标值|预期值)$",
            r"^(当年|本年度?)(指标值|目标值)$",
        ),
    ),
    ColumnSynonyms(Column.TARGET, ("年初指标值", "年初目标值"), rank=1),
    ColumnSynonyms(Column.UNIT, ("计量单位", "度量单位", "单位", "指标单位")),
    ColumnSynonyms(
        Column.EXPLANATION,
        ("指标解释", "指标值内容", "指标说明", "指标值说明", "指标解释说明", "指标内容", "绩效标准"),
    ),
    ColumnSynonyms(Column.RULE, ("评扣分标准", "评分标准", "扣分标准", "评分规则", "评分办法", "评价标准")),
    ColumnSynonyms(
        Column.WEIGHT,
        (
            "分值",
            "权重",
            "指标分值",
            "指标权重",
            "权重分值",
            "分值权重",
            "权重分",
            "标准分值",
            "指标标准分值",
        ),
    ),
    ColumnSynonyms(Column.WEIGHT, ("备注",), rank=1),
    ColumnSynonyms(
        Column.ACTUAL,
        (
            "实际完成值",
            "全年实际值",
            "完成值",
            "实际值",
            "全年实际完成值",
            "实际完成情况",
            "全年完成值",
            "年度实际完成值",
            "实际完成指标值",
            "全年完成情况",
            "年全完成值",
        ),
    ),
    ColumnSynonyms(Column.STATED_SCORE, ("得分", "自评得分", "实际得分", "指标得分")),
    ColumnSynonyms(Column.REASON, (), (r"^偏差原因", r"^未完成原因", r"原因分析", r"^偏差原因分析")),
    ColumnSynonyms(Column.LAST_YEAR, ("上年实际值", "上年完成值", "上年实际完成值", "上年度实际完成值")),
    ColumnSynonyms(Column.PROJECT, ("项目名称",)),
    ColumnSynonyms(Column.BUDGET, ("预算数", "预算金额", "项目预算数", "资金总额", "预算资金")),
    ColumnSynonyms(Column.GROUP, ("单位名称", "部门名称", "单位编码", "单位代码", "部门单位", "项目编码")),
    # Monitoring tables (绩效运行监控表; 财预〔2019〕136号's form writes "1-7月执行情况", "全年预计完成情况",
    # "完成目标可能性"): keys lose their punctuation, so "1-7月" is "17月".
    ColumnSynonyms(
        Column.TO_DATE,
        ("累计完成值", "累计完成情况", "截至目前完成值", "目前完成值", "累计实际完成值", "当前完成值"),
        (r"^\d{2,4}月(实际)?(执行|完成)(情况|值)$", r"^截至.*(完成值|完成情况)$"),
    ),
    ColumnSynonyms(
        Column.EXPECTED,
        (
            "预计全年完成值",
            "全年预计完成值",
            "全年预计完成情况",
            "预计全年完成情况",
            "预计完成值",
            "预计年底完成值",
        ),
    ),
    ColumnSynonyms(Column.EXPECTED, ("完成目标可能性",), rank=1),
    ColumnSynonyms(Column.CORRECTION, ("纠偏措施", "拟采取的纠偏措施", "整改措施"), (r"^纠偏",)),
)

REQUIRED_COLUMNS = (Column.NAME, Column.TARGET)
"""A header must name these; ``MIN_HEADER_COLUMNS`` columns in all."""
MIN_HEADER_COLUMNS = 3
ACTUALS_COLUMNS = (Column.NAME, Column.ACTUAL)
"""Or these, for a table of actual values (实际完成值) alone: indicators named, their actual values
given (reasons and stated scores too when present), targets left to the target table."""


def is_indicator_header(found: Collection[Column]) -> bool:
    """Whether the columns recognised make an indicator table's header: the name and target with
    ``MIN_HEADER_COLUMNS`` columns in all, or the name and actual value (an actual-values table)."""
    if all(c in found for c in ACTUALS_COLUMNS):
        return True
    return len(found) >= MIN_HEADER_COLUMNS and all(c in found for c in REQUIRED_COLUMNS)


_PUNCTUATION = re.compile(r"[^\w%]+")
TRAILING_NOTE = re.compile(r"[(（][^()（）]*[)）]$")
# A pinyin reading in brackets after a character, as some web pages print them ("項(xiàng)目").
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,6}[)）]")
_YEAR = re.compile(r"(\d{4})年")
_YEAR_ACTUAL = re.compile(r"^(\d{4})年度?.*(实际|完成)")
_LONG_TERM = re.compile(r"(中长期|长期)(目标|指标)?$")
_BLOCK_TERM = re.compile(r"^(中长期|长期|年度)(绩效)?(目标|指标)")


def clean_text(text: str) -> str:
    """A cell's text as meant: extraction spaces and line breaks removed, pinyin readings dropped."""
    return _PINYIN.sub("", normalise_label(text))


def _bare(text: str) -> str:
    return _PUNCTUATION.sub("", text).replace("_", "")


def header_key(text: str) -> str:
    """A header or label cell's bare key: simplified, cleaned, no whitespace or punctuation."""
    return _bare(to_simplified(clean_text(text)))


def header_keys(text: str) -> list[str]:
    """The bare key, and the key without a trailing parenthesised note when there is one."""
    cleaned = to_simplified(clean_text(text)).strip()
    keys = [_bare(cleaned)]
    without_note = TRAILING_NOTE.sub("", cleaned)
    if without_note != cleaned:
        keys.append(_bare(without_note))
    return [key for key in keys if key]


@lru_cache(maxsize=8192)
def match_column(text: str) -> tuple[Column, int] | None:
    """The column a header cell names, with its synonym's rank; None when it names none.

    Cached: every row of every table is tried as a header, and most cells repeat across tables."""
    for key in header_keys(text):
        if _YEAR_ACTUAL.match(key) and "预期" not in key:
            return Column.LAST_YEAR, 0  # decided by the header's years (see ``build_header``)
        for synonyms in COLUMN_SYNONYMS:
            if key in synonyms.names or any(re.search(p, key) for p in synonyms.patterns):
                return synonyms.column, synonyms.rank
    return None


@dataclass(frozen=True, slots=True)
class Header:
    """A recognised header (one row or two): which cell index holds which column."""

    columns: dict[Column, int]
    ranks: dict[Column, int]
    cells: tuple[Cell, ...]  # the lowest header row
    # 年初指标值 beside a 调整指标值 column: the target of the rows whose adjusted value is blank.
    target_fallback: int | None = None
    # Paired 长期/年度 column sets: the 长期 (long-term) ones, kept as information on the plan.
    long_term: tuple[tuple[Column, int], ...] = ()
    # One target column per area or sub-unit (笏石街道办 | 埭头镇): (cell index, area name).
    areas: tuple[tuple[int, str], ...] = ()
    # Weight columns of the upper levels (一级 权重, 二级 分值): category quotas, not indicator weights.
    quotas: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class _Claim:
    index: int
    column: Column
    rank: int
    key: str
    group: Column | None  # the column the row above names over this cell, in a two-row header
    long_term: bool = False  # marked 长期 ("三级指标(长期)") beside a 年度 set


def _is_copy(cell: Cell, above: Cell | None) -> bool:
    return cell.merged and above is not None and above.text == cell.text


def _claims(rows: Sequence[Sequence[Cell]]) -> list[_Claim]:
    """Per cell index, the column the lowest row with a name there gives it."""
    width = max((len(row) for row in rows), default=0)
    claims: list[_Claim] = []
    for index in range(width):
        found: tuple[Column, int, str] | None = None
        group: Column | None = None
        long_term = False
        for depth in range(len(rows) - 1, -1, -1):
            row = rows[depth]
            if index >= len(row) or row[index].blank:
                continue
            cell = row[index]
            above = rows[depth - 1][index] if depth > 0 and index < len(rows[depth - 1]) else None
            match = match_column(cell.text)
            if match is None:
                continue
            if found is None:
                if _is_copy(cell, above):
                    continue  # a vertical copy of the name above: the row above names it
                keys = header_keys(cell.text)
                found = (match[0], match[1], keys[0] if keys else "")
                long_term = _LONG_TERM.search(keys[0] if keys else "") is not None
            elif group is None:
                group = match[0]
        if found is not None:
            claims.append(_Claim(index, found[0], found[1], found[2], group, long_term))
    return claims


def _decide_years(claims: list[_Claim]) -> list[_Claim]:
    """A "2021年实际实现值" column is last year's when earlier than the target's year, or under the
    target's group header, or beside another actual column; else it is this year's actual value."""
    target_years = [
        int(m.group(1)) for c in claims if c.column is Column.TARGET for m in [_YEAR.search(c.key)] if m
    ]
    plan_year = max(target_years, default=None)
    has_actual = any(c.column is Column.ACTUAL for c in claims)
    decided: list[_Claim] = []
    for claim in claims:
        year_match = _YEAR.search(claim.key)
        if claim.column is Column.LAST_YEAR and year_match is not None:
            year = int(year_match.group(1))
            if plan_year is not None:
                last_year = year < plan_year
            else:
                last_year = has_actual or claim.group is Column.TARGET
            if not last_year:
                claim = _Claim(
                    claim.index, Column.ACTUAL, claim.rank, claim.key, claim.group, claim.long_term
                )
        decided.append(claim)
    return decided


def recognise_header(row: Sequence[Cell]) -> dict[Column, tuple[int, int]]:
    """Every column one row's cells name: column → (cell index, rank); the best rank wins."""
    return _resolve(_decide_years(_claims([row])))


def _resolve(claims: Sequence[_Claim]) -> dict[Column, tuple[int, int]]:
    """Column → (cell index, rank): the best rank wins, a 长期 column only where no 年度 one names
    the same column, and of several weight columns the indicator's own (``_indicator_weight``)."""
    found: dict[Column, tuple[int, int]] = {}
    for claim in claims:
        rank = claim.rank + (LONG_TERM_RANK if claim.long_term else 0)
        if claim.column not in found or rank < found[claim.column][1]:
            found[claim.column] = (claim.index, rank)
    weight = _indicator_weight(claims, found)
    if weight is not None:
        found[Column.WEIGHT] = (weight, 0)
    return found


LONG_TERM_RANK = 10
"""Added to a 长期 column's rank: the 年度 set is the year's plan."""


def _indicator_weight(claims: Sequence[_Claim], found: dict[Column, tuple[int, int]]) -> int | None:
    """Of several weight columns (权重 or 分值 at 一级, 二级 and 三级 level), the 三级 one: the first
    after 三级指标, else the last; None when there is at most one."""
    weights = [c.index for c in claims if c.column is Column.WEIGHT and c.rank == 0]
    if len(weights) < 2:
        return None
    name = found.get(Column.NAME, (-1, 0))[0]
    after = [index for index in weights if index > name]
    return after[0] if after else weights[-1]


_CONTENT_NAMES = frozenset(["指标内容", "三级指标内容"])


def build_header(rows: Sequence[Sequence[Cell]]) -> Header | None:
    """The rows (one, or two with the upper first) as an indicator-table header, or None.

    A header with no 三级指标 column names its indicators in the lowest level it has: its 二级指标
    column holds the names, its 一级指标 column the 二级 categories (鄂州's 项目支出绩效目标表).

    A header with no target column but a 指标方向 (comparator) column and unnamed columns after
    the named ones has one target column per area (kind 6): ``Header.areas``."""
    claims = _decide_years(_claims(rows))
    found = _resolve(claims)
    content = found.get(Column.EXPLANATION)
    if (
        Column.NAME not in found
        and Column.LEVEL2 in found
        and content is not None
        and content[0] > found[Column.LEVEL2][0]
        and header_key(rows[-1][content[0]].text) in _CONTENT_NAMES
    ):
        # 一级指标 | 二级指标 | 指标内容 | 指标值 (the 项目绩效目标表 of 湖南 and 陕西 counties): with no
        # 三级指标 column, the 指标内容 after the 二级 one names the indicators.
        found[Column.NAME] = found.pop(Column.EXPLANATION)
    if Column.NAME not in found and Column.LEVEL2 in found:
        # No 三级指标 column: the indicators are named in the lowest level the header names
        # (一级指标 holding 数量指标, 二级指标 the names), so each level moves one down.
        found[Column.NAME] = found.pop(Column.LEVEL2)
        if Column.LEVEL1 in found:
            found[Column.LEVEL2] = found.pop(Column.LEVEL1)
    areas: tuple[tuple[int, str], ...] = ()
    if Column.TARGET not in found and Column.COMPARATOR in found and Column.NAME in found:
        areas = _area_columns(rows[-1], claims)
        if areas:
            found[Column.TARGET] = (areas[0][0], 0)
    if not is_indicator_header(found):
        return None
    target = found[Column.TARGET][0] if Column.TARGET in found else None
    used = {index for index, _ in found.values()}
    spare = [
        c.index
        for c in claims
        if c.column is Column.TARGET and target is not None and c.index != target and not c.long_term
    ]
    long_term = tuple((c.column, c.index) for c in claims if c.long_term and c.index not in used)
    quotas = tuple(
        c.index for c in claims if c.column is Column.WEIGHT and c.rank == 0 and c.index not in used
    )
    return Header(
        columns={c: i for c, (i, _) in found.items()},
        ranks={c: r for c, (_, r) in found.items()},
        cells=tuple(rows[-1]),
        target_fallback=spare[0] if spare else None,
        long_term=long_term,
        areas=areas,
        quotas=quotas,
    )


def _area_columns(row: Sequence[Cell], claims: Sequence[_Claim]) -> tuple[tuple[int, str], ...]:
    """The unnamed, non-blank header cells after every named column: one target column per area."""
    last = max((c.index for c in claims), default=-1)
    areas: list[tuple[int, str]] = []
    for index in range(last + 1, len(row)):
        cell = row[index]
        if cell.blank or cell.merged:
            continue
        areas.append((index, clean_text(cell.text)))
    return tuple(areas)


def detect_header(row: Sequence[Cell]) -> Header | None:
    """One row as an indicator-table header, or None when it is not one."""
    return build_header([row])


CAPTIONS = frozenset(
    {
        "绩效指标",
        "分解指标",
        "年度绩效指标",
        "绩效指标表",
        "指标",
        "续表",
        "续",
        "年度绩效目标指标",
        "绩效指标情况",
    }
)
"""Lone texts that caption the indicator part of a plan: neither a title nor the start of a plan."""


def is_caption(text: str) -> bool:
    return any(key in CAPTIONS for key in header_keys(text))


def is_header_part(row: Sequence[Cell], *, lower: bool) -> bool:
    """Whether a row can be one row of a two-row header: every cell it holds (vertical copies of the
    row above aside) names a column, or is a caption ("绩效指标"); at least one names a column (two
    for an upper row, which must name something the lower one does not)."""
    named = 0
    for cell in row:
        if cell.blank or (lower and cell.merged):
            continue
        if match_column(cell.text) is not None:
            named += 1
        elif not is_caption(cell.text):
            return False
    return named >= (1 if lower else 2)


def block_term(header: Header) -> str | None:
    """What a header row's block label outside its columns says (a cell merged down column A):
    "长期" for 长期绩效指标 / 中长期绩效目标, "年度" for 年度绩效指标; ``None`` without one."""
    used = set(header.columns.values())
    for index, cell in enumerate(header.cells):
        if index in used or cell.blank:
            continue
        found = _BLOCK_TERM.match(header_key(cell.text))
        if found:
            return "年度" if found.group(1) == "年度" else "长期"
    return None
