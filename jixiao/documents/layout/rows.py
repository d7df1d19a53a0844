"""The rows under a header (表体): indicators, placeholders, totals, and where the table ends.

- A row with a name, a target or a unit is an indicator (三级指标); its 一级/二级 categories, when
  blank (merged cells, exported as blanks or as copies), are the ones above — except that a 一级
  label written once in the *middle* of its block (as a vertically merged cell comes out of a text or
  PDF export) also claims the rows just above it whose 二级 category belongs to it and not to the
  category above (数量/质量/时效/成本 → 产出; 经济/社会/生态效益, 可持续影响 → 效益; 经济/社会/生态环境成本
  → 成本; 服务对象满意度 → 满意度: both hierarchies of DOMAIN.md).
- A "/" row, an empty row of a category, or a template's empty slot ("指标2 | | |", "……") is a
  placeholder: that category has no indicator. A category keeps one placeholder, and none once it
  has an indicator.
- "指标1：" / "指标1" before a name is the template's numbering, not the name.
- Subtotals in category labels ("产出指标（50分）") are not part of the category.
- A 总分 / 合计 row gives the stated total (its 得分 cell); a 小计 row is skipped.
- A row of labels (评价结论, 项目负责人, 单位名称：…) or of text outside the table's columns ends it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from jixiao.core.errors import ValueParseError
from jixiao.core.labels import to_simplified
from jixiao.core.model import Budget, Comparator, Indicator, Placeholder, Plan, Quota, Value
from jixiao.core.values import ParsedValue, parse_comparator, parse_number, parse_value, value_of
from jixiao.core.wording import (
    category_family,
    deadline,
    default_comparator,
    has_placeholder,
    level1_of_level2,
    strip_placeholders,
    unit_in_name,
    unit_only,
)
from jixiao.documents.grid import Cell, unstored_formula
from jixiao.documents.layout.headers import Column, Header, clean_text, header_key, is_caption
from jixiao.documents.layout.info import INFO_LABELS, is_noise, label_value, total_value

END_LABELS = frozenset(
    {
        "评价结论",
        "监控结论",
        "存在问题",
        "改进措施",
        "自评结论",
        "问题及改进措施",
        "存在的问题及改进措施",
        "填报说明",
        "说明",
        "备注说明",
        "单位负责人",
        "部门负责人",
        "审核人",
        "填报人",
        "填表人",
        "财务负责人",
        "项目负责人",
        "联系人",
        "联系电话",
    }
)
"""First cells of rows under a table that end it."""

_TOTALS = ("总分", "合计", "总计", "总得分", "自评总分")
_SUBTOTALS = ("小计",)
_CATEGORY = re.compile(r"^(产出|效益|满意|成本|经济|社会|生态|可持续|数量|质量|时效|服务对象)")
_SUBTOTAL = re.compile(r"\s*[(（]\s*\d+(?:\.\d+)?\s*分?\s*[)）]\s*$")
_SLOT = re.compile(r"^(指标\s*\d*\s*[:：]?|[.…。]{2,}|…)$")
_NUMBERING = re.compile(r"^指标\s*\d+\s*[:：、.．]?\s*(?=\D)")
_EMPTY = frozenset({"/", "／", "…", "……", "——", "—"})


@dataclass
class PlanBuilder:
    """A plan being read, and the categories its rows fill blanks from."""

    plan: Plan
    header: Header
    sheet: str | None
    kind_known: bool  # its headings or labels told the kind
    level1: str = ""
    level2: str = ""
    # Rows since the last 一级 label that took their 一级 from above: a label in the middle of its
    # block may claim them.
    tentative: list[Indicator | Placeholder] = field(default_factory=list)
    project: str = ""  # the 项目名称 of a list of several projects (kind 3)
    areas: list[PlanBuilder] = field(default_factory=list)  # the other areas' plans (kind 6)
    stopped_at: Sequence[Cell] | None = None  # the first row that ended the table
    # Where a block labelled 长期绩效指标 began: (indicators, placeholders) read before it.
    long_term_start: tuple[int, int] | None = None


def cell_at(row: Sequence[Cell], header: Header, column: Column) -> Cell | None:
    """The row's cell under ``column`` of the header; ``None`` where the header has no such column.

    Raises ``InputError`` naming the cell when it is a formula whose value the file does not hold
    (``Cell.formula``): read as empty, a target, weight or score would be silently lost."""
    index = header.columns.get(column)
    if index is None or index >= len(row):
        return None
    cell = row[index]
    if cell.formula:
        raise unstored_formula(cell)
    return cell


def text_of(cell: Cell | None) -> str:
    """A cell's text, cleaned; a lone "/" (or "……") counts as empty."""
    if cell is None or cell.blank:
        return ""
    text = clean_text(cell.text).strip()
    return "" if text in _EMPTY else text


def category(text: str) -> str:
    """A category label as kept: simplified, without a subtotal ("产出指标（50分）" → 产出指标)."""
    return _SUBTOTAL.sub("", to_simplified(text)).strip()


# ── where rows belong ────────────────────────────────────────────────────────────────────────


def _family1(level1: str) -> str | None:
    return category_family(header_key(level1))


def _family2(level2: str) -> str | None:
    return level1_of_level2(header_key(level2))


def belongs(level1: str, level2: str) -> bool:
    """Whether a 二级 category is one of the 一级 category's (in either hierarchy)."""
    family = _family1(level1)
    return family is not None and _family2(level2) == family


# ── kinds of row ─────────────────────────────────────────────────────────────────────────────


def _is_total(key: str) -> bool:
    return any(key.startswith(word) for word in _TOTALS)


_GROUP_COLUMNS = (Column.GROUP, Column.PROJECT, Column.BUDGET)


def row_kind(row: Sequence[Cell], header: Header) -> str:
    """What a row under a header is: "row" (an indicator or placeholder), "total" (总分/合计),
    "group" (a department or project row with its indicator cells empty), "skip" (小计, page noise,
    a caption column's copy, a block label's merged copy) or "end" (not the table).

    A cell outside the header's columns that is the copy of a vertically merged cell (a block label
    merged down column A, "年度绩效目标1(40分)") belongs to no row: it neither ends the table nor
    makes a row."""
    own = [
        (index, cell)
        for index, cell in enumerate(row)
        if not cell.blank and not (cell.merged and index not in header.columns.values())
    ]
    if not own:
        return "skip"
    first = own[0][1]
    # A caption column merged down the table ("绩效指标（90分）") does not name the row: the 总分 /
    # 合计 / 小计 label may come after its copy.
    label = next((cell for _, cell in own if not (cell.merged and is_caption(cell.text))), first)
    label_key = header_key(label.text)
    if _is_total(label_key):
        return "total"
    if any(label_key.startswith(word) for word in _SUBTOTALS):
        return "skip"
    first_key = header_key(first.text)
    known = set(header.columns.values())
    inside = [(index, cell) for index, cell in own if index in known]
    outside = [cell for index, cell in own if index not in known]
    grouping = {header.columns[c] for c in _GROUP_COLUMNS if c in header.columns}
    if inside and all(index in grouping for index, _ in inside):
        return "group"
    if not inside:
        if all(is_caption(cell.text) for cell in outside):
            return "skip"
        if len(own) == 1 and is_noise(first_key):
            return "skip"
        return "end"
    for cell in (first, inside[0][1]):
        key = header_key(cell.text)
        if cell.merged and is_caption(cell.text):
            continue
        if key in INFO_LABELS or key in END_LABELS or label_value(cell.text) is not None:
            return "end"
        if cell is inside[0][1] and is_caption(cell.text) and len(own) == 1:
            return "end"
    if len(own) == 1 and is_noise(first_key):
        return "skip"
    levels = {header.columns.get(Column.LEVEL1), header.columns.get(Column.LEVEL2)}
    if any(index not in levels for index, _ in inside):
        return "row"
    # Only the category cells hold text: an empty row of a category ("no indicator of this kind"),
    # or a title or note under the table.
    plain_outside = [cell for cell in outside if not is_caption(cell.text)]
    if not plain_outside and all(_CATEGORY.match(header_key(cell.text)) for _, cell in inside):
        return "row"
    return "end"


def read_total(row: Sequence[Cell], builder: PlanBuilder) -> None:
    """The stated total of a 总分 / 合计 row: its 得分 cell."""
    cell = cell_at(row, builder.header, Column.STATED_SCORE)
    if cell is None or cell.blank:
        return
    value = total_value(cell.text, cell.location)
    if value is not None:
        builder.plan.stated_total = value


# ── indicators ───────────────────────────────────────────────────────────────────────────────


def read_row(row: Sequence[Cell], builder: PlanBuilder) -> None:
    """An indicator or placeholder row, added to the builder's plan."""
    header = builder.header
    level1 = category(text_of(cell_at(row, header, Column.LEVEL1)))
    level2 = category(text_of(cell_at(row, header, Column.LEVEL2)))
    explicit = bool(level1)
    if level1:
        if level1 != builder.level1:
            claimed = _claim_rows_above(builder, level1)
            if not level2 and claimed:
                level2 = claimed[-1].level2
        elif not level2:
            level2 = builder.level2
    else:
        level1 = builder.level1
        level2 = level2 or builder.level2
    if Column.LEVEL1 not in header.columns and level2:
        # No 一级 column: the 二级 category says its family ("数量指标" → 产出指标).
        level1 = level1_of_level2(header_key(level2)) or level1

    name_cell = cell_at(row, header, Column.NAME)
    first = next(cell for cell in row if not cell.blank)
    if not text_of(name_cell) and header_key(level1) in BUDGET_ROW_LABELS:
        _read_budget_row(row, builder)
        return
    if _continues_indicator(row, builder):
        return
    item: Indicator | Placeholder
    if _is_placeholder(row, header):
        item = Placeholder(level1=level1, level2=level2, source=(name_cell or first).location)
        builder.plan.placeholders.append(item)
    else:
        item = _indicator(row, header, level1, level2, name_cell or first)
        builder.plan.indicators.append(item)
    builder.level1, builder.level2 = level1, level2
    _read_quotas(row, builder)
    if explicit:
        builder.tentative = []
    else:
        builder.tentative.append(item)


# A row of the indicator table that is budget execution (预算执行率, 10分 of a project's 自评表), as
# local templates put it under the indicators instead of in the funds block.
BUDGET_ROW_LABELS = frozenset(["预算执行率", "预算资金执行率", "资金执行率", "项目预算执行率", "执行率"])


def _read_budget_row(row: Sequence[Cell], builder: PlanBuilder) -> None:
    """A 预算执行率 row with no 三级指标: its 得分 is the budget's stated score, its actual (the rate
    as written, "98%") kept in the plan's information; never an indicator without a name."""
    plan = builder.plan
    stated = _number_or_none(cell_at(row, builder.header, Column.STATED_SCORE), "得分")
    if stated is not None:
        plan.budget = replace(plan.budget or Budget(None, None), stated_score=stated)
    rate = text_of(cell_at(row, builder.header, Column.ACTUAL))
    if rate:
        plan.info["预算执行率"] = rate


def _read_quotas(row: Sequence[Cell], builder: PlanBuilder) -> None:
    """The upper weight columns of a row (kind 7): a quota of its 一级 category (a column before the
    二级 one) or of its 二级 category, kept once per category."""
    header = builder.header
    level2_index = header.columns.get(Column.LEVEL2, header.columns.get(Column.NAME, 0))
    for index in header.quotas:
        if index >= len(row) or row[index].merged:
            continue
        try:
            points = _number_or_none(row[index], "分值")
        except ValueParseError:
            continue  # a remark in a category's weight cell: no quota
        if points is None:
            continue
        level2 = "" if index < level2_index else builder.level2
        known = {(q.level1, q.level2) for q in builder.plan.quotas}
        if (builder.level1, level2) not in known:
            builder.plan.quotas.append(Quota(builder.level1, level2, points, row[index].location))


LONG_TERM_INFO = "长期绩效指标"
"""The plan.info key of the 长期 (long-term) indicators of a table with paired 长期/年度 columns."""


def read_long_term(row: Sequence[Cell], builder: PlanBuilder) -> None:
    """The 长期 cells of a row (kind 1), kept on the plan as information: "工程数量：5"."""
    header = builder.header
    if not header.long_term:
        return
    by_column = {column: text_of(row[index]) for column, index in header.long_term if index < len(row)}
    name = by_column.get(Column.NAME, "")
    value = by_column.get(Column.TARGET, "")
    if not name and not value:
        return
    _keep_long_term(builder.plan, name, value)


def _keep_long_term(plan: Plan, name: str, value: str) -> None:
    entry = f"{name}：{value}" if name and value else name or value
    info = plan.info
    info[LONG_TERM_INFO] = f"{info[LONG_TERM_INFO]}；{entry}" if info.get(LONG_TERM_INFO) else entry


def set_long_term_aside(builder: PlanBuilder) -> None:
    """A 年度绩效指标 block follows a 长期绩效指标 one (stacked, each labelled down column A): the rows
    read since the 长期 block began are kept as information ("名称：指标值"), not indicators."""
    if builder.long_term_start is None:
        return
    indicators, placeholders = builder.long_term_start
    for indicator in builder.plan.indicators[indicators:]:
        _keep_long_term(builder.plan, indicator.name, indicator.target_text.strip())
    del builder.plan.indicators[indicators:]
    del builder.plan.placeholders[placeholders:]
    builder.long_term_start = None
    builder.tentative = []


def _continues_indicator(row: Sequence[Cell], builder: PlanBuilder) -> bool:
    """A row whose name cell is the merged copy of the indicator above, each row with its own
    sub-score (kind 8): one indicator, its weight (and stated score) the sum. Adds them and says so."""
    header = builder.header
    name_cell = cell_at(row, header, Column.NAME)
    if name_cell is None or not name_cell.merged or not builder.plan.indicators:
        return False
    last = builder.plan.indicators[-1]
    target_cell = cell_at(row, header, Column.TARGET)
    target_text = "" if target_cell is None else clean_text(target_cell.text)
    if text_of(name_cell) not in (last.name, last.name_as_written) or target_text not in (
        "",
        last.target_text,
    ):
        return False
    weight = _weight(row, header)
    if weight is not None:
        last.weight = weight if last.weight is None else last.weight + weight
    score = _number_or_none(cell_at(row, header, Column.STATED_SCORE), "得分")
    if score is not None:
        last.stated_score = score if last.stated_score is None else last.stated_score + score
    return True


def _claim_rows_above(builder: PlanBuilder, level1: str) -> list[Indicator | Placeholder]:
    """A new 一级 label: the rows just above it that took the previous 一级 but whose 二级 belongs to
    this one (a label in the middle of its block) take this one; before any label, all rows do."""
    claimed: list[Indicator | Placeholder] = []
    if not builder.level1:
        claimed = list(builder.tentative)
    else:
        for item in reversed(builder.tentative):
            if belongs(level1, item.level2) and not belongs(builder.level1, item.level2):
                claimed.insert(0, item)
            else:
                break
    for item in claimed:
        item.level1 = level1
    builder.tentative = []
    return claimed


def _is_placeholder(row: Sequence[Cell], header: Header) -> bool:
    name = text_of(cell_at(row, header, Column.NAME))
    target = text_of(cell_at(row, header, Column.TARGET))
    unit = text_of(cell_at(row, header, Column.UNIT))
    if not (name or target or unit):
        return True
    if _SLOT.match(name) and not target:
        values = (Column.ACTUAL, Column.WEIGHT, Column.STATED_SCORE, Column.LAST_YEAR, Column.TO_DATE)
        return not any(text_of(cell_at(row, header, column)) for column in values)
    return False


def indicator_name(text: str) -> str:
    """The name without a template's numbering ("指标1：居民健康档案" → 居民健康档案)."""
    stripped = _NUMBERING.sub("", text)
    return stripped or text


def _indicator(row: Sequence[Cell], header: Header, level1: str, level2: str, name_cell: Cell) -> Indicator:
    target_cell = cell_at(row, header, Column.TARGET)
    fallback = header.target_fallback
    if not text_of(target_cell) and fallback is not None and fallback < len(row):
        target_cell = row[fallback]  # no adjusted target: the initial one (年初指标值)
    target_text = "" if target_cell is None else clean_text(target_cell.text)
    written_name = text_of(name_cell)
    name = indicator_name(strip_placeholders(written_name))
    parsed = parse_value(target_text)
    if deadline(target_text) is not None:
        # A deadline ("2023年12月", "12月底前", "2023.07-2024.01") is a date, judged by the actual's
        # date (``wording.meets_deadline``), never a number of months.
        parsed = ParsedValue(target_text, None, None, "")
    bare_unit = unit_only(target_text) if parsed.number is None else None

    comparator: Comparator | None = None
    comparator_text = text_of(cell_at(row, header, Column.COMPARATOR))
    if comparator_text:
        comparator = parse_comparator(to_simplified(comparator_text))  # "定量" gives None
    if comparator is None:
        comparator = parsed.comparator
    inferred = comparator is None and (bare_unit is None or bare_unit[0] is None)
    unit = text_of(cell_at(row, header, Column.UNIT))
    if bare_unit is not None:
        # Only a unit ("公里", "≧ %", "≥**%"): the target was left unfilled (kind 10, 13).
        comparator = comparator or bare_unit[0]
        unit = unit or bare_unit[1]
    elif comparator is None:
        if parsed.number is None:
            comparator = Comparator.QUALITATIVE
        else:
            comparator = default_comparator(
                level1, level2, name, parsed.number, unit or parsed.unit, target_text
            )

    target: Value | None
    if bare_unit is not None:
        target = None
    elif comparator is Comparator.QUALITATIVE:
        target = text_of(target_cell) or None
    elif not text_of(target_cell):
        target = None
    elif parsed.number is not None:
        target = parsed.number if parsed.number != 0 else abs(parsed.number)  # "-0%" is 0
    else:
        location = name_cell.location if target_cell is None else target_cell.location
        target = parse_number(target_text, location)  # raises ValueParseError naming the cell

    if comparator is Comparator.QUALITATIVE and unit in ("是", "否"):
        # A 定性 row's 计量单位 cell often holds "是" (yes, this is judged achieved or not): a
        # mark, not a unit. It is dropped, not kept elsewhere: the comparator already says it.
        unit = ""
    if not unit and comparator is not Comparator.QUALITATIVE:
        unit = parsed.unit or unit_in_name(written_name)
    unit = to_simplified(unit)  # "萬元" → 万元: units, like categories, are a closed vocabulary

    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        comparator=comparator or Comparator.GE,
        target=target,
        target_text=target_text,
        unit=unit,
        explanation=text_of(cell_at(row, header, Column.EXPLANATION)),
        rule_text=text_of(cell_at(row, header, Column.RULE)),
        weight=_weight(row, header),
        actual=_actual(cell_at(row, header, Column.ACTUAL), as_text=deadline(target_text) is not None),
        stated_score=_number_or_none(cell_at(row, header, Column.STATED_SCORE), "得分"),
        source=name_cell.location,
        reason=text_of(cell_at(row, header, Column.REASON)),
        last_year_actual=_actual(cell_at(row, header, Column.LAST_YEAR)),
        comparator_inferred=inferred and comparator is not Comparator.QUALITATIVE,
        name_as_written=written_name if written_name != name and has_placeholder(written_name) else "",
        to_date=_actual(cell_at(row, header, Column.TO_DATE)),
        expected=_actual(cell_at(row, header, Column.EXPECTED)),
        correction=text_of(cell_at(row, header, Column.CORRECTION)),
    )


def _weight(row: Sequence[Cell], header: Header) -> Decimal | None:
    """The weight (分值); None when the cell is empty (never 0). A 备注 column's remark is no weight.
    ``ValueParseError`` naming the cell for a text that is no number, or a number below zero (the points
    an indicator is worth: a negative one lowered the sum of weights without a word)."""
    cell = cell_at(row, header, Column.WEIGHT)
    if header.ranks.get(Column.WEIGHT, 0) > 0:
        try:
            return _weight_of(cell)
        except ValueParseError:
            return None
    return _weight_of(cell)


def _weight_of(cell: Cell | None) -> Decimal | None:
    weight = _number_or_none(cell, "分值")
    if weight is not None and weight < 0 and cell is not None:
        raise ValueParseError(
            f"分值「{cell.text.strip()}」不能为负数：分值是该指标满分的分数，应为0或正数", cell.location
        )
    return weight


def _number_or_none(cell: Cell | None, what: str) -> Decimal | None:
    if cell is None or not text_of(cell):
        return None
    return parse_number(cell.text.strip(), cell.location, what=what)


def _actual(cell: Cell | None, *, as_text: bool = False) -> Value | None:
    """An actual value: its number, else its text; always its text when ``as_text`` (a date)."""
    if cell is None or not text_of(cell):
        return None
    if as_text:
        return text_of(cell)
    parsed = value_of(cell.text.strip())
    return parsed if isinstance(parsed, Decimal) else text_of(cell)


def settle_placeholders(plan: Plan) -> None:
    """One placeholder per category, and none for a category that has an indicator."""
    filled = {(i.level1, i.level2) for i in plan.indicators}
    seen: set[tuple[str, str]] = set()
    kept: list[Placeholder] = []
    for placeholder in plan.placeholders:
        key = (placeholder.level1, placeholder.level2)
        if key in filled or key in seen:
            continue
        seen.add(key)
        kept.append(placeholder)
    plan.placeholders = kept
