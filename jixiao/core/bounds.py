"""What a performance table can mean (取值范围): the range and precision of its numbers and the length
of its texts, checked once on every plan read, whatever the format (docs/limits.md).

- **Numbers** (指标值, 实际完成值, 上年实际值, 分值, 得分, 预算数, 执行数, 总分): at most
  ``MAX_SIGNIFICANT_DIGITS`` (15) significant digits — what Excel and WPS keep of a number — and a
  magnitude of 0 or within ``MIN_MAGNITUDE``..``MAX_MAGNITUDE`` (1e-10..1e15). A budget of 10¹⁵ 万元
  or a rate to the eleventh decimal means nothing in a table; ``1e999999``, ``1e-999999`` and a
  100,000-digit integer would otherwise cost minutes in every later step.
- **Monitoring** (绩效运行监控): 累计完成值, 预计全年完成值 and 累计执行数 as numbers, 偏差原因 and 纠偏措施
  as texts, the same bounds whether typed on the page, uploaded or sent to the API.
- **Texts**: the lengths in ``TEXT_LIMITS`` (a name 500 characters, a reason 2,000, the 部门职责 and
  目标 texts 10,000), so that a report of a plan at the limits is still written in seconds.
- **Characters**: no lone surrogates (U+D800..U+DFFF alone, which a JSON ``\\ud800`` escape makes and
  no file can store: every writer would fail on them).

``check_plans`` raises ``InputError`` at the first field out of bounds, naming the file, the table,
the indicator, the field in Chinese and, for a JSON file, its path (``plans[0].indicators[3].actual``).
Pure: the documents layer calls it on every plan it reads (``documents.load``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from jixiao.core.errors import InputError, Location
from jixiao.core.model import Plan, Value

MAX_SIGNIFICANT_DIGITS = 15
MAX_MAGNITUDE = Decimal("1e15")
MIN_MAGNITUDE = Decimal("1e-10")

BUDGET_YEARS = range(1990, 2101)
"""The budget years (预算年度) jixiao keeps, 1990–2100: a form, the API and every page's URL refuse others."""

TEXT_LIMITS: dict[str, int] = {
    "title": 500,
    "unit": 500,  # of a plan: the unit's name (单位名称)
    "duties": 10_000,
    "goal": 10_000,
    "achieved": 10_000,
    "info_key": 100,
    "info_value": 2_000,
    "level1": 500,
    "level2": 500,
    "name": 500,
    "indicator_unit": 50,  # 计量单位
    "target_text": 500,
    "value_text": 500,  # a phrase as a target, actual or last year's actual value
    "explanation": 2_000,
    "rule_text": 2_000,
    "rule_override": 2_000,
    "reason": 2_000,
    "correction": 2_000,  # 纠偏措施 of a monitoring entry
}
"""The longest text each field may hold, in characters (docs/limits.md)."""

LABELS = {
    "title": "表名",
    "unit": "单位名称",
    "duties": "部门职责",
    "goal": "年度总体目标",
    "achieved": "实际完成情况",
    "info_key": "信息栏名称",
    "info_value": "信息栏内容",
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标名称",
    "indicator_unit": "计量单位",
    "target_text": "指标值",
    "target": "指标值",
    "explanation": "指标解释",
    "rule_text": "评（扣）分标准",
    "rule_override": "评分规则",
    "reason": "偏差原因",
    "correction": "纠偏措施",
    "actual": "实际完成值",
    "to_date": "累计完成值",
    "expected": "预计全年完成值",
    "executed_to_date": "累计执行数",
    "last_year_actual": "上年实际值",
    "weight": "分值",
    "stated_score": "得分",
    "stated_total": "总分",
    "annual": "全年预算数",
    "executed": "全年执行数",
    "initial": "年初预算数",
}

_SURROGATE = re.compile(r"[\ud800-\udfff]")

# One field to check: its path (plans[0].indicators[3].actual), label key, value, and the source
# location of the row it belongs to.
_Field = tuple[str, str, Value | None, Location | None]


def number_problem(value: Decimal) -> str | None:
    """Why ``value`` is out of the bounds a table can mean, in Chinese; None when it is within."""
    if not value.is_finite():
        return "不是有限的数值"
    if value == 0:
        return None
    magnitude = abs(value)
    if magnitude > MAX_MAGNITUDE:
        return f"超出范围（绝对值应不大于 {MAX_MAGNITUDE:.0E}）"
    if magnitude < MIN_MAGNITUDE:
        return f"超出范围（非零数值的绝对值应不小于 {MIN_MAGNITUDE:.0E}）"
    digits = value.as_tuple().digits
    significant = len("".join(map(str, digits)).strip("0"))
    if significant > MAX_SIGNIFICANT_DIGITS:
        return f"有效数字过多（{significant} 位，最多 {MAX_SIGNIFICANT_DIGITS} 位）"
    return None


def text_problem(text: str, limit: int) -> str | None:
    """Why ``text`` cannot be kept, in Chinese; None when it can."""
    if len(text) > limit:
        return f"过长（{len(text)} 个字符，上限 {limit} 个）"
    surrogate = _SURROGATE.search(text)
    if surrogate:
        return (
            f"含有无法编码的字符（U+{ord(surrogate.group()):04X}，孤立的代理项，"
            f"在第 {surrogate.start() + 1} 个字符处）；请检查文件的编码或生成它的程序"
        )
    return None


def shown(value: Value) -> str:
    """A value as a message quotes it: a 100,000-digit number by its first digits and its length."""
    text = str(value)
    if len(text) > 40:
        return f"{text[:20]}…（共 {len(text)} 个字符）"
    return text


def check_plans(plans: Sequence[Plan], file: str | None, *, with_paths: bool = False) -> None:
    """Refuse the first number or text of ``plans`` out of bounds (see the module's docstring).

    Raises ``InputError`` at the row's own location when it comes from ``file`` (a cell, a line), else
    at ``file``; with ``file`` None (values typed on a page) the message alone names the field.
    ``with_paths`` (for JSON) adds the field's path to the message.
    """
    for path, key, value, source in _fields(plans):
        if value is None:
            continue
        if isinstance(value, Decimal):
            problem = number_problem(value)
        else:
            limit = TEXT_LIMITS.get(key, TEXT_LIMITS["value_text"])
            problem = text_problem(value, limit)
        if problem is None:
            continue
        where = (
            source
            if source is not None and source.file == file
            else (Location(file=file) if file is not None else None)
        )
        label = LABELS.get(key, key)
        quoted = f" {shown(value)} " if isinstance(value, Decimal) else ""
        suffix = f"（字段 {path}）" if with_paths else ""
        raise InputError(f"{_owner(plans, path)}{label}{quoted}{problem}{suffix}", where)


def _owner(plans: Sequence[Plan], path: str) -> str:
    """ "表1 指标「新增企业数」的" for a path into an indicator, "表1 的" for the plan's own fields; without
    "表1" when there is only one plan."""
    match = re.match(r"plans\[(\d+)\](?:\.indicators\[(\d+)\])?", path)
    if match is None:  # pragma: no cover - every path starts so
        return ""
    plan = int(match.group(1))
    table = f"表{plan + 1} " if len(plans) > 1 else ""
    if match.group(2) is None:
        return f"{table}的" if table else ""
    name = plans[plan].indicators[int(match.group(2))].name
    return f"{table}指标「{shown(name) if not _SURROGATE.search(name) else '（名称含无法编码的字符）'}」的"


def _fields(plans: Sequence[Plan]) -> Iterator[_Field]:
    for p, plan in enumerate(plans):
        at = f"plans[{p}]"
        for key in ("title", "unit", "duties", "goal", "achieved"):
            yield f"{at}.{key}", key, getattr(plan, key), plan.source
        for info_key, info_value in plan.info.items():
            yield f"{at}.info", "info_key", info_key, plan.source
            yield f"{at}.info.{info_key[:20]}", "info_value", info_value, plan.source
        yield f"{at}.stated_total", "stated_total", plan.stated_total, plan.source
        if plan.budget is not None:
            for key in ("annual", "executed", "initial", "stated_score", "executed_to_date"):
                yield f"{at}.budget.{key}", key, getattr(plan.budget, key), plan.source
            for key in ("reason", "correction"):
                yield f"{at}.budget.{key}", key, getattr(plan.budget, key), plan.source
        for h, placeholder in enumerate(plan.placeholders):
            for key in ("level1", "level2"):
                yield f"{at}.placeholders[{h}].{key}", key, getattr(placeholder, key), placeholder.source
        for i, indicator in enumerate(plan.indicators):
            row = f"{at}.indicators[{i}]"
            source = indicator.source
            yield f"{row}.name", "name", indicator.name, source
            for key in (
                "level1",
                "level2",
                "target_text",
                "explanation",
                "rule_text",
                "rule_override",
                "reason",
                "correction",
            ):
                yield f"{row}.{key}", key, getattr(indicator, key), source
            yield f"{row}.unit", "indicator_unit", indicator.unit, source
            for key in (
                "target",
                "actual",
                "last_year_actual",
                "weight",
                "stated_score",
                "to_date",
                "expected",
            ):
                yield f"{row}.{key}", key, getattr(indicator, key), source
