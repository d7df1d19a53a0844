"""The rows around an indicator table (信息栏): information fields, headings and the funds block.

- A field is a label and its value: in one row ("主管部门 | 市工信局 | 实施单位 | 市园区服务中心"), in
  one cell ("单位名称：株洲市…"), or a row of labels over a row of values ("年度总体目标 | 预期目标 |
  实际完成情况" over "… | …": each value goes to the label above it).
- A row of labels with no values under it is a heading ("部门（单位）职责 | 年度履职目标"); a lone
  text is a title, unless it is a caption ("绩效指标") or page noise ("第 2 页").
- The funds block (项目资金（万元） / 预算执行情况) is a row naming 年初预算数, 全年预算数 (调整后预算数),
  全年执行数 (预算执行数), 分值, 执行率, 得分 by content, and the rows under it: the total row
  (年度资金总额 / 总额, or amounts right under the head with no label of their own) gives the plan's
  ``Budget``; when it holds no amounts, the rows under it
  (其中：当年财政拨款, 上年结转资金, 其他资金) are added up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jixiao.core.errors import Location
from jixiao.core.labels import to_simplified
from jixiao.core.model import Budget, PlanKind
from jixiao.core.values import parse_number, parse_value
from jixiao.documents.grid import Cell, unstored_formula
from jixiao.documents.layout.headers import CAPTIONS, TRAILING_NOTE, clean_text, header_key, header_keys


class InfoField(StrEnum):
    """Where an information-block label's value goes in the plan."""

    UNIT = "unit"
    DUTIES = "duties"
    GOAL = "goal"
    ACHIEVED = "achieved"  # 实际完成情况 of the yearly goal (self-evaluations)
    TITLE = "title"  # 项目名称: the plan's title, also kept in info
    TOTAL = "total"  # 自评总分: the stated total
    INFO = "info"  # kept in plan.info under the label


INFO_LABELS: dict[str, InfoField] = {
    **dict.fromkeys(
        ["部门单位名称", "部门名称", "单位名称", "预算单位", "预算单位名称", "填报单位", "部门", "预算部门"],
        InfoField.UNIT,
    ),
    **dict.fromkeys(["部门单位职责", "部门职责", "单位职责", "部门主要职责", "主要职责"], InfoField.DUTIES),
    **dict.fromkeys(
        [
            "年度总体目标",
            "绩效目标",
            "年度绩效目标",
            "总体目标",
            "年度目标",
            "年度履职目标",
            "项目年度目标",
            "预期目标",
            "年度总体绩效目标",
            "年度整体绩效目标",
            "年初绩效目标",
            "年度预期目标",
            "全年绩效目标",
            "全年调整绩效目标",
            "调整后绩效目标",
            "全年调整后绩效目标",
            "年初设定目标",
            "项目绩效目标",
        ],
        InfoField.GOAL,
    ),
    **dict.fromkeys(
        [
            "实际完成情况",
            "年度目标完成情况",
            "全年目标实际完成情况",
            "目标完成情况",
            "全年实际完成情况",
            "年度总体目标完成情况综述",
            "年度总体目标完成情况",
            "总体目标完成情况",
        ],
        InfoField.ACHIEVED,
    ),
    "项目名称": InfoField.TITLE,
    **dict.fromkeys(["自评总分", "自评得分"], InfoField.TOTAL),
    **dict.fromkeys(
        [
            "主管部门",
            "实施单位",
            "项目负责人",
            "项目属性",
            "项目类别",
            "项目期限",
            "资金来源",
            "联系人",
            "联系电话",
            "部门联系人",
            "项目联系人",
            "财务负责人",
            "填报人",
            "填表人",
            "填报日期",
            "报表编号",
            "项目编码",
            "项目类型",
            "监控截止日期",
            "监控时点",
            "监控期间",
            "长期目标",
            "中长期目标",
        ],
        InfoField.INFO,
    ),
}
"""Information-block labels (信息栏), by bare key (see ``header_key``)."""

_NOISE = re.compile(r"^(第?\d+页(共\d+页)?|共\d+页|\d+|单位万元|金额单位万元)$")
_LABEL_VALUE = re.compile(r"^([^：:]{2,14})[：:]\s*(\S.*)$", re.DOTALL)

DEPARTMENT_MARKERS = (
    "部门整体",
    "单位整体",
    "整体支出",
    "部门单位名称",
    "部门单位职责",
    "部门职责",
    "年度履职目标",
    "整体绩效",
)
PROJECT_MARKERS = ("项目", "分解指标")
"""Words in a plan's own headings and labels that tell its kind (bare keys, matched as substrings)."""


def info_label(text: str) -> InfoField | None:
    """The field an information-block label names ("*部门(单位)名称", "实施单位（盖章）"), or None."""
    for key in header_keys(text):
        if key in INFO_LABELS:
            return INFO_LABELS[key]
    return None


def label_name(text: str) -> str:
    """A label as plan.info keeps it: cleaned, simplified ("實施單位" → 实施单位), without a leading "*", a trailing colon, or a trailing
    note that is not part of the label ("实施单位（盖章）" → 实施单位)."""
    name = to_simplified(clean_text(text)).strip().lstrip("*＊").rstrip("：:").strip()
    if header_key(name) not in INFO_LABELS:
        without_note = TRAILING_NOTE.sub("", name).strip()
        if header_key(without_note) in INFO_LABELS:
            return without_note
    return name


def label_value(text: str) -> tuple[InfoField, str, str] | None:
    """A "label：value" cell ("单位名称：株洲市…"): its field, label and value."""
    match = _LABEL_VALUE.match(text.strip())
    if match is None:
        return None
    field_ = info_label(match.group(1))
    if field_ is None:
        return None
    return field_, label_name(match.group(1)), clean_text(match.group(2))


def is_noise(key: str) -> bool:
    return bool(_NOISE.match(key))


# ── the funds block ──────────────────────────────────────────────────────────────────────────


class Fund(StrEnum):
    INITIAL = "initial"  # 年初预算数
    ANNUAL = "annual"  # 全年预算数
    EXECUTED = "executed"  # 全年执行数
    POINTS = "points"  # 分值
    RATE = "rate"  # 执行率
    SCORE = "score"  # 得分
    EXECUTED_TO_DATE = "executed_to_date"  # 累计执行数 (monitoring: "1-7月执行数")
    REASON = "reason"  # 偏差原因 (monitoring)
    CORRECTION = "correction"  # 纠偏措施 (monitoring)


FUND_HEADINGS: dict[str, Fund] = {
    **dict.fromkeys(["年初预算数", "年初预算", "年初预算数a", "年初数"], Fund.INITIAL),
    **dict.fromkeys(
        [
            "全年预算数",
            "全年预算",
            "调整后预算数",
            "调整后预算",
            "全年调整预算数",
            "全年调整后预算数",
            "全年预算数a",
            "预算数",
        ],
        Fund.ANNUAL,
    ),
    **dict.fromkeys(["全年执行数", "预算执行数", "执行数", "全年执行数b", "实际执行数"], Fund.EXECUTED),
    **dict.fromkeys(["分值", "权重", "执行率权重", "分值权重"], Fund.POINTS),
    **dict.fromkeys(["执行率", "预算执行率", "执行率ba", "全年执行率"], Fund.RATE),
    **dict.fromkeys(["得分", "执行率得分"], Fund.SCORE),
    **dict.fromkeys(["累计执行数", "截至目前执行数", "累计支出数", "累计执行金额"], Fund.EXECUTED_TO_DATE),
    **dict.fromkeys(["偏差原因", "偏差原因分析", "执行偏差原因"], Fund.REASON),
    **dict.fromkeys(["纠偏措施", "拟采取的纠偏措施"], Fund.CORRECTION),
}
# "1-7月执行数", "1至6月执行数", "截至6月30日执行数": punctuation gone from the key.
_FUND_TO_DATE = re.compile(r"^(\d{2,4}月|\d{1,2}至\d{1,2}月|截至.*)(预算)?(执行|支出)数$")
_FUND_TOTALS = ("年度资金总额", "资金总额", "总额", "合计", "总计", "年度预算总额", "预算总额")
_FUND_PARTS = (
    "其中",
    "上年结转",
    "其他资金",
    "财政专户",
    "单位资金",
    "当年财政",
    "本年财政",
    "财政资金",
    "财政拨款",
)
_DASHES = frozenset({"", "—", "-", "－", "/", "／", "——", "--", "无"})


def fund_heading(text: str) -> Fund | None:
    """The amount or figure a funds-block heading names ("年初预算数", "1-7月执行数"), or None."""
    for key in header_keys(text):
        fund = FUND_HEADINGS.get(key.lower())
        if fund is not None:
            return fund
        if _FUND_TO_DATE.match(key):
            return Fund.EXECUTED_TO_DATE
    return None


def funds_header(row: Sequence[Cell]) -> dict[Fund, int] | None:
    """The row as the head of a funds block: which cell index holds which amount; None if it is not."""
    found: dict[Fund, int] = {}
    for index, cell in enumerate(row):
        if cell.blank:
            continue
        fund = fund_heading(cell.text)
        if fund is not None and fund not in found:
            found[fund] = index
    amounts = {Fund.INITIAL, Fund.ANNUAL, Fund.EXECUTED, Fund.EXECUTED_TO_DATE}
    if len(found) >= 3 and len(amounts & found.keys()) >= 2:
        return found
    return None


def is_fund_label(text: str) -> bool:
    """Whether a cell labels a row of the funds block: its total (年度资金总额, 总额) or a part
    (其中：当年财政拨款, 上年结转资金, 其他资金)."""
    key = header_key(text)
    return any(key.startswith(word) for word in (*_FUND_TOTALS, *_FUND_PARTS))


def _fund_row_kind(row: Sequence[Cell], head: dict[Fund, int], right_under_head: bool) -> str | None:
    """Whether a row is the funds block's "total" row, a "part" of it, or None (not in the block), by
    the label left of the amounts; a row right under the head with no label of its own (the head's
    caption merged down beside it, as Chongqing's table has it) and an amount is the total."""
    first_amount = min(head.values())
    own_label = False
    for cell in row[:first_amount]:
        if cell.blank:
            continue
        key = header_key(cell.text)
        if any(key.startswith(word) for word in _FUND_TOTALS):
            return "total"
        if any(key.startswith(word) for word in _FUND_PARTS):
            return "part"
        own_label = own_label or not cell.merged
    if right_under_head and not own_label:
        money = [head[fund] for fund in (Fund.INITIAL, Fund.ANNUAL, Fund.EXECUTED) if fund in head]
        if any(i < len(row) and parse_value(row[i].text).number is not None for i in money):
            return "total"
    return None


def _amount(cell: Cell | None, what: str) -> Decimal | None:
    """An amount (万元: "7.29", "150万"); None for an empty cell or a dash; raises naming the cell."""
    if cell is None:
        return None
    if cell.formula:
        raise unstored_formula(cell)
    text = cell.text.strip()
    if clean_text(text) in _DASHES:
        return None
    number = parse_value(text).number
    if number is None:
        return parse_number(text, cell.location, what=what)
    return number


_FUND_NAMES = {
    Fund.INITIAL: "年初预算数",
    Fund.ANNUAL: "全年预算数",
    Fund.EXECUTED: "全年执行数",
    Fund.SCORE: "预算执行得分",
    Fund.EXECUTED_TO_DATE: "累计执行数",
}
_FUND_TEXTS = (Fund.REASON, Fund.CORRECTION)


def read_funds(rows: Sequence[Sequence[Cell]], start: int, head: dict[Fund, int]) -> tuple[Budget, int]:
    """The budget of the funds block whose head is ``rows[start]``; and the index after the block."""
    total: dict[Fund, Decimal | None] | None = None
    parts: list[dict[Fund, Decimal | None]] = []
    texts: dict[Fund, str] = {}
    index = start + 1
    while index < len(rows):
        row = rows[index]
        kind = _fund_row_kind(row, head, index == start + 1)
        if kind is None:
            break
        amounts = {
            fund: _amount(row[i] if i < len(row) else None, _FUND_NAMES.get(fund, fund.value))
            for fund, i in head.items()
            if fund in _FUND_NAMES
        }
        if kind == "total" and total is None:
            total = amounts
            texts = {fund: _text(row, head.get(fund)) for fund in _FUND_TEXTS}
        else:
            parts.append(amounts)
        index += 1
    chosen = total or {}
    money = (Fund.INITIAL, Fund.ANNUAL, Fund.EXECUTED, Fund.EXECUTED_TO_DATE)
    if not any(chosen.get(fund) for fund in money) and parts:
        summed: dict[Fund, Decimal | None] = {}
        for fund in money:
            values = [value for part in parts if (value := part.get(fund)) is not None]
            summed[fund] = sum(values, Decimal(0)) if values else chosen.get(fund)
        chosen = {**chosen, **summed}
    budget = Budget(
        annual=chosen.get(Fund.ANNUAL),
        executed=chosen.get(Fund.EXECUTED),
        initial=chosen.get(Fund.INITIAL),
        stated_score=chosen.get(Fund.SCORE),
        executed_to_date=chosen.get(Fund.EXECUTED_TO_DATE),
        reason=texts.get(Fund.REASON, ""),
        correction=texts.get(Fund.CORRECTION, ""),
    )
    return budget, index


def _text(row: Sequence[Cell], index: int | None) -> str:
    """A text cell of the funds row (偏差原因, 纠偏措施); "" for a blank or a dash."""
    if index is None or index >= len(row):
        return ""
    text = clean_text(row[index].text).strip()
    return "" if text in _DASHES else text


# ── the block before a table ─────────────────────────────────────────────────────────────────


KIND_TITLES: dict[tuple[PlanKind, bool], str] = {
    (PlanKind.PROJECT, False): "项目支出绩效目标表",
    (PlanKind.PROJECT, True): "项目支出绩效自评表",
    (PlanKind.DEPARTMENT, False): "部门整体支出绩效目标表",
    (PlanKind.DEPARTMENT, True): "部门整体支出绩效自评表",
}
"""The official tables' own names (表名), keyed by (kind, self-evaluation): they say what kind of
table it is, not which plan, so they are not taken as a plan's title."""

MONITORING_TITLES: dict[PlanKind, str] = {
    PlanKind.PROJECT: "项目支出绩效运行监控表",
    PlanKind.DEPARTMENT: "部门整体支出绩效运行监控表",
}
"""The monitoring tables' own names (绩效运行监控表); 财预〔2019〕136号 calls the project one
项目支出绩效目标执行监控表, also recognised."""

_KIND_TITLE_KEYS = {
    header_key(t) for t in (*KIND_TITLES.values(), *MONITORING_TITLES.values(), "项目支出绩效目标执行监控表")
}


def is_kind_title(text: str) -> bool:
    """Whether a heading is only the table's name ("项目支出绩效自评表"), or only the table's
    generic words ("项目绩效目标", "部门（单位）职责 年度履职目标": a pair of labels), or only the year
    ("（2023年度）"); one with a year,
    a unit or a project's name ("2023年部门整体支出绩效目标表") says which plan and stays its title."""
    key = header_key(text)
    return key in _KIND_TITLE_KEYS or not _GENERIC_WORDS.sub("", key) or bool(_YEAR_ONLY.match(key))


# A heading that only gives the year: "（2023年度）", "2021年".
_YEAR_ONLY = re.compile(r"^\d{4}年度?$")


# The words every table of a kind carries, that name no plan.
_GENERIC_WORDS = re.compile(r"部门|单位|项目|整体|支出|职责|年度|履职|绩效|目标|自评|申报|指标|表")


def plan_title(kind: PlanKind, unit: str, project: str = "", *, self_evaluation: bool = False) -> str:
    """What a person calls a plan whose table gives no title: the unit's (or project's) name and the
    official table name (表名), "株洲市工业和信息化局机关部门整体绩效目标表", "园区建设项目绩效目标表";
    for a self-evaluation (``self_evaluation``) "…部门整体绩效自评表", "园区建设项目绩效自评表", and with
    no name the official name "项目支出绩效自评表" — never a target table's title."""
    table = "绩效自评表" if self_evaluation else "绩效目标表"
    name = unit if kind is PlanKind.DEPARTMENT else project or unit
    if not name and self_evaluation:
        return KIND_TITLES[(kind, True)]
    if kind is PlanKind.DEPARTMENT:
        return f"{name}部门整体{table}"
    return f"{name}{'' if name.endswith('项目') else '项目'}{table}"


@dataclass
class Block:
    """What the rows before a table say."""

    headings: list[str] = field(default_factory=list)  # rows of labels, and lone titles
    fields: list[tuple[InfoField, str, str]] = field(default_factory=list)  # (field, label, value)
    words: list[str] = field(default_factory=list)  # bare keys of labels and titles, for the kind
    budget: Budget | None = None


def _own_cells(row: Sequence[Cell]) -> list[tuple[int, Cell]]:
    """A row's non-blank cells with their index, copies of merged cells left out (their anchor, above
    or to the left, was read already)."""
    return [(index, cell) for index, cell in enumerate(row) if not cell.blank and not cell.merged]


def _is_labels(cells: Sequence[tuple[int, Cell]]) -> bool:
    return bool(cells) and all(info_label(cell.text) is not None for _, cell in cells)


def _is_values(cells: Sequence[tuple[int, Cell]]) -> bool:
    return bool(cells) and all(
        info_label(cell.text) is None
        and label_value(cell.text) is None
        and header_key(cell.text) not in CAPTIONS
        and not is_noise(header_key(cell.text))
        for _, cell in cells
    )


def _positioned(cells: Sequence[tuple[int, Cell]]) -> bool:
    return all(cell.location.column is not None for _, cell in cells)


def _pair_below(
    labels: Sequence[tuple[int, Cell]], values: Sequence[tuple[int, Cell]]
) -> list[tuple[InfoField, str, str]]:
    """Values under a row of labels, each to the label above it: by column where cells know theirs,
    else in order (a leading row caption such as 年度总体目标 over 预期目标 | 实际完成情况 dropped
    when there are fewer values than labels)."""
    pairs: list[tuple[Cell, Cell]] = []
    if _positioned(values) and _positioned(labels):
        for index, value in values:
            above = [cell for i, cell in labels if i <= index]
            if above:
                pairs.append((above[-1], value))
    else:
        label_cells = [cell for _, cell in labels]
        if len(values) < len(label_cells) and len(label_cells) > 1:
            label_cells = label_cells[1:]
        pairs = list(zip(label_cells, (cell for _, cell in values), strict=False))
    out: list[tuple[InfoField, str, str]] = []
    for label, value in pairs:
        field_ = info_label(label.text)
        if field_ is not None:
            out.append((field_, label_name(label.text), clean_text(value.text)))
    return out


def _label_run(rows: Sequence[Sequence[Cell]], start: int) -> list[tuple[InfoField, str, str]]:
    """A row of labels over a row of values flattened one cell a row ("项目年度目标" / "年度目标完成
    情况" / "严格执行…" / "对照年度目标…"): two or more one-label rows, then as many one-value rows,
    each value to its label in order; [] when the rows at ``start`` are not that."""
    labels: list[Cell] = []
    index = start
    while index < len(rows):
        cells = _own_cells(rows[index])
        if len(cells) != 1 or info_label(cells[0][1].text) is None:
            break
        labels.append(cells[0][1])
        index += 1
    if len(labels) < 2 or index + len(labels) > len(rows):
        return []
    values = [_own_cells(row) for row in rows[index : index + len(labels)]]
    if not all(len(cells) == 1 and _is_values(cells) for cells in values):
        return []
    return [
        (field_, label_name(label.text), clean_text(cells[0][1].text))
        for label, cells in zip(labels, values, strict=True)
        if (field_ := info_label(label.text)) is not None
    ]


def read_block(rows: Sequence[Sequence[Cell]]) -> Block:
    block = Block()
    index = 0
    while index < len(rows):
        row = rows[index]
        head = funds_header(row)
        if head is not None:
            budget, index = read_funds(rows, index, head)
            if block.budget is None:
                block.budget = budget
            continue
        index += 1
        cells = _own_cells(row)
        if not cells:
            continue
        keys = [header_key(cell.text) for _, cell in cells]
        run = _label_run(rows, index - 1)
        if run:
            block.fields.extend(run)
            block.words.extend(header_key(label) for _, label, _ in run)
            index += 2 * len(run) - 1
            continue
        if _is_labels(cells):
            below = _own_cells(rows[index]) if index < len(rows) else []
            if _is_values(below) and funds_header(rows[index]) is None:
                pairs = _pair_below(cells, below)
                if pairs:
                    block.fields.extend(pairs)
                    block.words.extend(keys)
                    index += 1
                    continue
            if len(cells) > 1:
                block.headings.append(" ".join(clean_text(cell.text) for _, cell in cells))
                block.words.extend(keys)
                continue
        if len(cells) == 1:
            key = keys[0]
            text = cells[0][1].text
            pair = label_value(text)
            if pair is not None:
                block.fields.append(pair)
                block.words.append(header_key(pair[1]))
            elif key in CAPTIONS:
                block.words.append(key)
            elif key and not is_noise(key) and info_label(text) is None:
                block.headings.append(clean_text(text))
                block.words.append(key)
            continue
        position = 0
        while position < len(cells):
            cell = cells[position][1]
            label = info_label(cell.text)
            following = cells[position + 1][1] if position + 1 < len(cells) else None
            if label is not None and following is not None and info_label(following.text) is None:
                block.fields.append((label, label_name(cell.text), clean_text(following.text)))
                block.words.append(keys[position])
                position += 2
                continue
            pair = label_value(cell.text)
            if pair is not None:
                block.fields.append(pair)
                block.words.append(header_key(pair[1]))
            position += 1
    return block


def kind_from_words(words: Sequence[str]) -> PlanKind | None:
    """The kind its own headings and labels say; None when they say neither or both equally."""
    department = project = 0
    for word in words:
        if any(marker in word for marker in DEPARTMENT_MARKERS):
            department += 1
        elif any(marker in word for marker in PROJECT_MARKERS):
            project += 1
    if department > project:
        return PlanKind.DEPARTMENT
    if project > department:
        return PlanKind.PROJECT
    return None


_TOTAL_OUT_OF = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*分?\s*[/／]\s*\d+(?:\.\d+)?")


def total_value(text: str, location: Location | None) -> Decimal | None:
    """A stated total ("97.6", "97.6分", or as a report writes it, "68.28 / 80，等级：良" → 68.28);
    None when the cell is empty or a dash."""
    if clean_text(text) in _DASHES:
        return None
    out_of = _TOTAL_OUT_OF.match(text)
    if out_of is not None:
        return Decimal(out_of.group(1))
    return parse_number(text, location, what="总分")
