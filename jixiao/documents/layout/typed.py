"""Rows a person types or pastes (手工填写或粘贴的行) → indicators, read as a table's rows are.

A page's cell edit and a block pasted from Excel or WPS (tab-separated) are rows of texts in known
columns. They are read by the same code as a file's table body (``rows.read_row``: blank categories
from the row above, "/" rows as placeholders, values through ``core.values``), with one difference:
a typed 指标值类型 must be one the vocabulary knows (``values.read_comparator``), where a file's
column is read leniently.

A pasted block whose first row names columns (a header copied with the rows) is read by that header;
otherwise its columns are in the official order of the target table (``TYPED_COLUMNS``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from jixiao.core.actuals import score_over_weight
from jixiao.core.errors import InputError, Location
from jixiao.core.model import Indicator, Plan, PlanKind, Value
from jixiao.core.values import parse_value, read_comparator
from jixiao.documents.grid import Cell
from jixiao.documents.layout.headers import Column, Header, detect_header
from jixiao.documents.layout.rows import PlanBuilder, cell_at, read_row, settle_placeholders

TYPED_COLUMNS: tuple[Column, ...] = (
    Column.LEVEL1,
    Column.LEVEL2,
    Column.NAME,
    Column.COMPARATOR,
    Column.TARGET,
    Column.UNIT,
    Column.EXPLANATION,
    Column.RULE,
    Column.WEIGHT,
    Column.ACTUAL,
    Column.STATED_SCORE,
    Column.REASON,
)
"""The official target table's columns (一级 二级 三级 指标值类型 指标值 计量单位 指标解释 评（扣）分标准
分值), then the self-evaluation's inputs (实际完成值 得分 偏差原因)."""


def split_pasted(text: str) -> list[list[str]]:
    """Clipboard text of a spreadsheet block → rows of cell texts (tab-separated, one row a line).

    A cell holding a line break comes quoted from Excel and WPS (``"第一行\\n第二行"``): the quotes
    are removed and the line break kept. Blank trailing lines are dropped.
    """
    import csv
    import io

    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n"), newline=""), delimiter="\t")
    records = [list(record) for record in reader]
    while records and not any(field.strip() for field in records[-1]):
        records.pop()
    return records


def read_typed_rows(
    records: Sequence[Sequence[str]], name: str, above: tuple[str, str] = ("", ""), *, headed: bool = True
) -> Plan:
    """Typed or pasted rows → a plan holding their indicators and placeholders, in order.

    ``name`` names the rows in messages ("粘贴的内容"); ``above`` is the (一级, 二级) of the row above
    where they go, which rows with blank categories take; ``headed`` lets a first row of column names
    set the columns. Raises ``InputError`` (a
    ``ValueParseError`` for a value) naming the row and column of the first cell that cannot be read,
    or the row whose 得分 exceeds its 分值 (``core.actuals.score_over_weight``: typed, not read).
    """
    plan = _read_rows(records, name, above, headed)
    for indicator in plan.indicators:
        over = score_over_weight(indicator)
        if over:
            raise InputError(over, indicator.source)
    return plan


def _read_rows(records: Sequence[Sequence[str]], name: str, above: tuple[str, str], headed: bool) -> Plan:
    """``read_typed_rows`` without refusing a stated score above its weight."""
    header = _header(records, name) if headed else None
    if header is not None:
        records = records[1:]
    else:
        header = Header(columns={c: i for i, c in enumerate(TYPED_COLUMNS)}, ranks={}, cells=())
    builder = PlanBuilder(Plan(PlanKind.DEPARTMENT), header, None, True, level1=above[0], level2=above[1])
    for number, record in enumerate(records, start=1):
        row = [Cell(text, Location(file=name, row=number, column=col)) for col, text in enumerate(record, 1)]
        if all(cell.blank for cell in row):
            continue
        comparator = cell_at(row, header, Column.COMPARATOR)
        if comparator is not None:
            read_comparator(comparator.text, comparator.location)
        read_row(row, builder)
    settle_placeholders(builder.plan)
    return builder.plan


def _header(records: Sequence[Sequence[str]], name: str) -> Header | None:
    if not records:
        return None
    return detect_header([Cell(text, Location(file=name, row=1)) for text in records[0]])


def read_typed_indicator(texts: Mapping[Column, str], above: tuple[str, str] = ("", "")) -> Indicator:
    """One indicator from the texts of its cells by column (a row edited on a page).

    Raises ``InputError`` whose ``message`` says what is wrong (the caller shows it at the field): a
    value that is not a number where one is needed, an unknown 指标值类型, or a row left with neither
    name nor value.
    """
    record = [texts.get(column, "") for column in TYPED_COLUMNS]
    plan = _read_rows([record], "", above, headed=False)
    if not plan.indicators:
        raise InputError("三级指标、指标值和计量单位不能都为空")
    return plan.indicators[0]


_VALUE = ("comparator", "target", "target_text", "unit")
FIELDS_OF: dict[Column, tuple[str, ...]] = {
    Column.LEVEL1: ("level1",),
    Column.LEVEL2: ("level2",),
    Column.NAME: ("name",),
    Column.COMPARATOR: _VALUE,
    Column.TARGET: _VALUE,
    Column.UNIT: _VALUE,
    Column.EXPLANATION: ("explanation",),
    Column.RULE: ("rule_text",),
    Column.WEIGHT: ("weight",),
    Column.ACTUAL: ("actual",),
    Column.STATED_SCORE: ("stated_score",),
    Column.REASON: ("reason",),
}
"""The indicator's fields one cell sets: comparator, target and unit are read together."""


def edit_indicator(ind: Indicator, column: Column, text: str, above: tuple[str, str] = ("", "")) -> Indicator:
    """``ind`` with the cell of ``column`` typed as ``text``: the row is read again as a table row
    (``read_typed_indicator``) and only the fields that cell sets change, so the other cells stay
    exactly as stored; a target typed with its own comparator ("不超过12个") sets the comparator too.
    Raises ``InputError`` as ``read_typed_indicator`` does, and when the 得分 or 分值 typed leaves the
    stated score above the weight (``core.actuals.score_over_weight``); a score read from a file and
    kept does not stop the row's other cells from being typed."""
    texts = indicator_texts(ind)
    texts[column] = text
    if column is Column.TARGET and parse_value(text).comparator is not None:
        texts[Column.COMPARATOR] = ""  # "不超过12个" typed last: its own comparator wins over the column's
    new = read_typed_indicator(texts, above)
    edited = replace(ind, **{name: getattr(new, name) for name in FIELDS_OF[column]})
    over = score_over_weight(edited) if column in (Column.STATED_SCORE, Column.WEIGHT) else None
    if over:
        raise InputError(over)
    return edited


def indicator_texts(ind: Indicator) -> dict[Column, str]:
    """The texts of an indicator's cells by column, as a person reads and edits them ("≥", "40",
    "家", "10"): what ``read_typed_indicator`` reads back into the same indicator."""
    return {
        Column.LEVEL1: ind.level1,
        Column.LEVEL2: ind.level2,
        Column.NAME: ind.name,
        Column.COMPARATOR: ind.comparator.symbol,
        Column.TARGET: ind.target_text or _text(ind.target),
        Column.UNIT: ind.unit,
        Column.EXPLANATION: ind.explanation,
        Column.RULE: ind.rule_text,
        Column.WEIGHT: _text(ind.weight),
        Column.ACTUAL: _text(ind.actual),
        Column.STATED_SCORE: _text(ind.stated_score),
        Column.REASON: ind.reason,
    }


def _text(value: Value | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value != value.to_integral_value() else f"{value.quantize(1):f}"
    return value
