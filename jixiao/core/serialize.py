"""Plans ↔ JSON-ready dicts: jixiao's interchange format (交换格式), described in docs/schema.json.

Pure functions on dicts; reading and writing files is the documents layer's job. Numbers leave as
``Decimal`` (the CLI's encoder writes them as JSON numbers) and come back as ``Decimal`` when the JSON
was parsed with ``parse_float=Decimal``; ints and floats are accepted too. Errors name the JSON path
(``plans[0].indicators[3].weight``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.core.errors import InputError, Location
from jixiao.core.model import Budget, Comparator, Indicator, Placeholder, Plan, PlanKind, Quota, Value
from jixiao.core.values import value_of


def plans_to_dict(plans: Sequence[Plan]) -> dict[str, object]:
    """``{"schema": "jixiao-plans/1", "plans": [...]}`` — the output of ``jixiao import --json``."""
    return {"schema": PLANS_SCHEMA, "plans": [plan_to_dict(p) for p in plans]}


def plan_to_dict(plan: Plan) -> dict[str, object]:
    return {
        "kind": plan.kind.value,
        "title": plan.title,
        "unit": plan.unit,
        "duties": plan.duties,
        "goal": plan.goal,
        "achieved": plan.achieved,
        "budget": None if plan.budget is None else budget_to_dict(plan.budget),
        "stated_total": plan.stated_total,
        "info": dict(plan.info),
        "placeholders": [
            {"level1": p.level1, "level2": p.level2, "source": _location(p.source)} for p in plan.placeholders
        ],
        "indicators": [indicator_to_dict(i) for i in plan.indicators],
        "quotas": [
            {"level1": q.level1, "level2": q.level2, "points": q.points, "source": _location(q.source)}
            for q in plan.quotas
        ],
        "source": _location(plan.source),
    }


def budget_to_dict(budget: Budget) -> dict[str, object]:
    return {
        "annual": budget.annual,
        "executed": budget.executed,
        "initial": budget.initial,
        "stated_score": budget.stated_score,
        "executed_to_date": budget.executed_to_date,
        "reason": budget.reason,
        "correction": budget.correction,
    }


def indicator_to_dict(ind: Indicator) -> dict[str, object]:
    return {
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        # A target left unfilled with no comparator written has none (null), not an inferred one.
        "comparator": None if ind.target is None and ind.comparator_inferred else ind.comparator.value,
        "comparator_inferred": ind.comparator_inferred,
        "target": ind.target,
        "target_text": ind.target_text,
        "unit": ind.unit,
        "explanation": ind.explanation,
        "rule_text": ind.rule_text,
        "rule_override": ind.rule_override,
        "weight": ind.weight,
        "actual": ind.actual,
        "stated_score": ind.stated_score,
        "reason": ind.reason,
        "last_year_actual": ind.last_year_actual,
        "name_as_written": ind.name_as_written,
        "to_date": ind.to_date,
        "expected": ind.expected,
        "correction": ind.correction,
        "source": _location(ind.source),
    }


def _location(loc: Location | None) -> dict[str, object] | None:
    return None if loc is None else loc.to_dict()


# ── reading ──────────────────────────────────────────────────────────────────────────────────


class _Reader:
    """Field access with errors that name the JSON path and the file."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, path: str, message: str) -> InputError:
        return InputError(f"JSON 字段 {path}：{message}", Location(file=self.file), path=path)

    def mapping(self, obj: object, path: str) -> Mapping[str, Any]:
        if not isinstance(obj, Mapping):
            raise self.fail(path, f"应为对象，实际为 {type(obj).__name__}")
        return obj

    def text(self, obj: Mapping[str, Any], key: str, path: str, default: str = "") -> str:
        value = obj.get(key, default)
        if value.__class__ is str:  # the common case, first: reading 100,000 indicators is felt
            return value
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(f"{path}.{key}", f"应为文字，实际为 {value!r}")
        return value

    def decimal(self, obj: Mapping[str, Any], key: str, path: str) -> Decimal | None:
        value = obj.get(key)
        if value.__class__ is Decimal and value.is_finite():
            return value
        if value is None or value == "":
            return None
        return self.number(value, f"{path}.{key}")

    def number(self, value: object, path: str) -> Decimal:
        """A finite number: NaN and Infinity (which JSON parsers accept) are refused."""
        number = _finite(value)
        if number is None:
            raise self.fail(path, f"应为数值，实际为 {value!r}")
        return number

    def value(self, obj: Mapping[str, Any], key: str, path: str) -> Value | None:
        value = obj.get(key)
        if value.__class__ is Decimal and value.is_finite():
            return value
        if value is None:
            return None
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, str):  # "100%", "≥35家": read as a table cell is (one parser for values)
            return value_of(value)
        return self.number(value, f"{path}.{key}")

    def location(self, obj: Mapping[str, Any], path: str) -> Location | None:
        """The source (来源): texts for file, sheet and cell; whole numbers for page, row, column and
        line (which a JSON parsed with ``parse_int=Decimal`` gives as Decimals)."""
        raw = obj.get("source")
        if raw is None:
            return None
        data = self.mapping(raw, f"{path}.source")
        fields: dict[str, str | int] = {}
        for key in Location.__slots__:
            value = data.get(key)
            if value is None:
                continue
            if key in _LOCATION_TEXTS:
                if not isinstance(value, str):
                    raise self.fail(f"{path}.source.{key}", f"应为文字，实际为 {value!r}")
                fields[key] = value
            else:
                number = _finite(value)
                if number is None or number != number.to_integral_value() or isinstance(value, str):
                    raise self.fail(f"{path}.source.{key}", f"应为整数，实际为 {value!r}")
                fields[key] = int(number)
        return Location(**fields)  # type: ignore[arg-type]


_LOCATION_TEXTS = ("file", "sheet", "cell")


def _finite(value: object) -> Decimal | None:
    """``value`` as a finite Decimal (a Decimal, an int, a float or a numeral text), else None."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def plans_from_dict(data: object, file: str = "JSON") -> list[Plan]:
    """The inverse of ``plans_to_dict``; raises InputError naming the JSON path on bad input."""
    r = _Reader(file)
    root = r.mapping(data, "$")
    refused = _not_plans(root)
    if refused:
        raise InputError(refused, Location(file=file))
    raw_plans = root.get("plans")
    if not isinstance(raw_plans, list):
        raise r.fail("plans", '缺少计划列表（应为 {"plans": [...]}）')
    return [_plan(r, r.mapping(p, f"plans[{i}]"), f"plans[{i}]") for i, p in enumerate(raw_plans)]


PLANS_SCHEMA = "jixiao-plans/1"
"""The ``schema`` of ``jixiao import --json`` (docs/schema.json); a plans JSON may leave it out."""

_OTHER_OUTPUTS = {
    "jixiao-score/1": "jixiao score --json 输出的评分结果",
    "jixiao-review/1": "jixiao review --json 输出的审核意见",
}


def _not_plans(root: Mapping[str, Any]) -> str | None:
    """Why a JSON that is another of jixiao's outputs (or an unknown schema) is not plans, else None.

    Told by its ``schema``, or by its shape where that was left out: review findings; scored
    indicators (``score`` and ``explanation``, no ``comparator``)."""
    schema = root.get("schema")
    advice = "不是绩效目标表：请给出原表，或 jixiao import --json 的输出"
    if schema is not None and schema != PLANS_SCHEMA:
        what = _OTHER_OUTPUTS.get(str(schema), f"格式为「{schema}」的 JSON")
        return f"这是{what}，{advice}"
    if schema is None and "findings" in root and "plans" not in root:
        return f"这是{_OTHER_OUTPUTS['jixiao-review/1']}，{advice}"
    plans = root.get("plans")
    if schema is None and isinstance(plans, list):
        for plan in plans:
            indicators = plan.get("indicators") if isinstance(plan, Mapping) else None
            for ind in indicators if isinstance(indicators, list) else ():
                if (
                    isinstance(ind, Mapping)
                    and "explanation" in ind
                    and "score" in ind
                    and "comparator" not in ind
                ):
                    return f"这是{_OTHER_OUTPUTS['jixiao-score/1']}，{advice}"
    return None


def _plan(r: _Reader, obj: Mapping[str, Any], path: str) -> Plan:
    kind_text = r.text(obj, "kind", path, "project")
    try:
        kind = PlanKind(kind_text)
    except ValueError:
        raise r.fail(f"{path}.kind", f"应为 department 或 project，实际为 {kind_text!r}") from None
    budget = None
    if obj.get("budget") is not None:
        b = r.mapping(obj["budget"], f"{path}.budget")
        budget = Budget(
            annual=r.decimal(b, "annual", f"{path}.budget"),
            executed=r.decimal(b, "executed", f"{path}.budget"),
            initial=r.decimal(b, "initial", f"{path}.budget"),
            stated_score=r.decimal(b, "stated_score", f"{path}.budget"),
            executed_to_date=r.decimal(b, "executed_to_date", f"{path}.budget"),
            reason=r.text(b, "reason", f"{path}.budget"),
            correction=r.text(b, "correction", f"{path}.budget"),
        )
    info_raw = obj.get("info") or {}
    info = {str(k): str(v) for k, v in r.mapping(info_raw, f"{path}.info").items()}
    raw_placeholders = obj.get("placeholders") or []
    if not isinstance(raw_placeholders, list):
        raise r.fail(f"{path}.placeholders", "应为列表")
    placeholders = []
    for i, raw in enumerate(raw_placeholders):
        p = r.mapping(raw, f"{path}.placeholders[{i}]")
        placeholders.append(
            Placeholder(
                level1=r.text(p, "level1", f"{path}.placeholders[{i}]"),
                level2=r.text(p, "level2", f"{path}.placeholders[{i}]"),
                source=r.location(p, f"{path}.placeholders[{i}]"),
            )
        )
    raw_quotas = obj.get("quotas") or []
    if not isinstance(raw_quotas, list):
        raise r.fail(f"{path}.quotas", "应为列表")
    quotas = []
    for i, raw in enumerate(raw_quotas):
        where = f"{path}.quotas[{i}]"
        q = r.mapping(raw, where)
        points = r.decimal(q, "points", where)
        if points is None:
            raise r.fail(f"{where}.points", "分值不能为空")
        quotas.append(
            Quota(r.text(q, "level1", where), r.text(q, "level2", where), points, r.location(q, where))
        )
    raw_indicators = obj.get("indicators") or []
    if not isinstance(raw_indicators, list):
        raise r.fail(f"{path}.indicators", "应为列表")
    indicators = [
        _indicator(r, r.mapping(x, f"{path}.indicators[{i}]"), f"{path}.indicators[{i}]")
        for i, x in enumerate(raw_indicators)
    ]
    return Plan(
        kind=kind,
        title=r.text(obj, "title", path),
        unit=r.text(obj, "unit", path),
        duties=r.text(obj, "duties", path),
        goal=r.text(obj, "goal", path),
        achieved=r.text(obj, "achieved", path),
        budget=budget,
        stated_total=r.decimal(obj, "stated_total", path),
        placeholders=placeholders,
        indicators=indicators,
        quotas=quotas,
        info=info,
        source=r.location(obj, path),
    )


_COMPARATORS = {c.value: c for c in Comparator}


def _indicator(r: _Reader, obj: Mapping[str, Any], path: str) -> Indicator:
    comparator_text = r.text(obj, "comparator", path)
    inferred = obj.get("comparator_inferred") is True or obj.get("comparator") is None
    if not comparator_text:  # an actual-values file need not repeat the comparison
        comparator_text = "qualitative" if isinstance(obj.get("target"), str) else "ge"
    comparator = _COMPARATORS.get(comparator_text)
    if comparator is None:
        raise r.fail(f"{path}.comparator", f"应为 ge、le、eq 或 qualitative，实际为 {comparator_text!r}")
    name = r.text(obj, "name", path)
    if not name.strip():
        raise r.fail(f"{path}.name", "指标名称不能为空")
    target = r.value(obj, "target", path)
    if comparator is Comparator.QUALITATIVE and isinstance(obj.get("target"), str):
        target = obj["target"]  # a qualitative target is its phrase, digits and all
    if comparator is not Comparator.QUALITATIVE and isinstance(target, str):
        raise r.fail(f"{path}.target", f"{comparator.symbol} 指标的目标值应为数值，实际为 {target!r}")
    weight = r.decimal(obj, "weight", path)
    if weight is not None and weight < 0:
        raise r.fail(f"{path}.weight", f"分值不能为负数：{weight}")
    stated_score = r.decimal(obj, "stated_score", path)
    if stated_score is not None and stated_score < 0:  # 自评得分 lies in 0…分值 (财预〔2020〕10号)
        raise r.fail(f"{path}.stated_score", f"自评得分不能为负数：{stated_score}")
    override = obj.get("rule_override")
    if override is not None and not isinstance(override, str):
        raise r.fail(f"{path}.rule_override", "应为规则语言文字")
    return Indicator(
        level1=r.text(obj, "level1", path),
        level2=r.text(obj, "level2", path),
        name=name,
        comparator=comparator,
        target=target,
        target_text=r.text(obj, "target_text", path, "" if target is None else str(target)),
        unit=r.text(obj, "unit", path),
        explanation=r.text(obj, "explanation", path),
        rule_text=r.text(obj, "rule_text", path),
        weight=weight,
        actual=r.value(obj, "actual", path),
        stated_score=stated_score,
        source=r.location(obj, path),
        rule_override=override,
        reason=r.text(obj, "reason", path),
        last_year_actual=r.value(obj, "last_year_actual", path),
        name_as_written=r.text(obj, "name_as_written", path),
        comparator_inferred=inferred,
        to_date=r.value(obj, "to_date", path),
        expected=r.value(obj, "expected", path),
        correction=r.text(obj, "correction", path),
    )
