"""Typed scoring rules (评分规则), the output of the recogniser and of the rule language.

Each rule is a small frozen dataclass with a ``kind`` and ``to_dict()``. Percent thresholds are
kept in the indicator's own unit (90 for "90%" when the unit is %), except where a rule works on
the completion rate (完成率), whose bounds are fractions (0.6 for "60%").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Literal

ONE = Decimal(1)
ZERO = Decimal(0)


class RuleKind(StrEnum):
    THRESHOLD_LINEAR = "threshold_linear"  # 完成率小于60%不得分，大于等于60%按比例
    THRESHOLD_ELSE_PROPORTIONAL = "threshold_else_proportional"  # ≥T得满分，其他按比例扣分
    PROPORTIONAL = "proportional"  # 按完成比例赋分
    ALL_OR_NOTHING = "all_or_nothing"  # 完成得分，未完成不得分
    BANDS = "bands"  # 大于等于90%得8分，小于90%且大于等于80%得7分…
    CAP = "cap"  # 成本小于等于1950万元得2分，大于1950万元不得分
    NATIONAL_DEFAULT = "national_default"  # 财预〔2020〕10号 default


Operator = Literal["ge", "gt", "le", "lt", "eq"]
OPERATOR_SYMBOLS: dict[str, str] = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "="}


@dataclass(frozen=True, slots=True)
class ThresholdLinear:
    """0 below ``floor`` (a completion fraction), rising linearly to full points at 100%."""

    floor: Decimal = Decimal("0.6")
    kind: RuleKind = field(default=RuleKind.THRESHOLD_LINEAR, init=False)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind.value, "floor": str(self.floor)}


@dataclass(frozen=True, slots=True)
class ThresholdElseProportional:
    """Full points when actual ≥ threshold (the indicator's unit), else actual ÷ threshold × weight.

    ``threshold`` None means the indicator's own target.
    """

    threshold: Decimal | None = None
    kind: RuleKind = field(default=RuleKind.THRESHOLD_ELSE_PROPORTIONAL, init=False)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind.value, "threshold": None if self.threshold is None else str(self.threshold)}


@dataclass(frozen=True, slots=True)
class Proportional:
    """min(completion, 1) × weight."""

    kind: RuleKind = field(default=RuleKind.PROPORTIONAL, init=False)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind.value}


@dataclass(frozen=True, slots=True)
class AllOrNothing:
    """Full points when achieved (是/完成/达成, or the target met), else 0."""

    kind: RuleKind = field(default=RuleKind.ALL_OR_NOTHING, init=False)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind.value}


@dataclass(frozen=True, slots=True)
class Bound:
    """One comparison of a band: ``subject op value``."""

    op: Operator
    value: Decimal

    def holds(self, x: Decimal | Fraction) -> bool:
        """Whether ``x`` satisfies the bound (exact fractions compare exactly with decimals)."""
        v = self.value
        op = self.op
        if op == "ge":
            return x >= v
        if op == "gt":
            return x > v
        if op == "le":
            return x <= v
        if op == "lt":
            return x < v
        return x == v

    def to_dict(self) -> dict[str, object]:
        return {"op": self.op, "value": str(self.value)}


@dataclass(frozen=True, slots=True)
class Band:
    """Points given when every bound holds; no bounds means "else" (其他)."""

    bounds: tuple[Bound, ...]
    points: Decimal

    def holds(self, x: Decimal | Fraction) -> bool:
        return all(b.holds(x) for b in self.bounds)

    def to_dict(self) -> dict[str, object]:
        return {"bounds": [b.to_dict() for b in self.bounds], "points": str(self.points)}


@dataclass(frozen=True, slots=True)
class Bands:
    """The first band, in the order written, that holds gives its points; none holding gives 0.

    ``subject`` "actual" compares the actual value in the indicator's unit; "completion" compares
    the completion rate as a fraction.
    """

    bands: tuple[Band, ...]
    subject: Literal["actual", "completion"] = "actual"
    kind: RuleKind = field(default=RuleKind.BANDS, init=False)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind.value, "subject": self.subject, "bands": [b.to_dict() for b in self.bands]}


@dataclass(frozen=True, slots=True)
class Cap:
    """For ≤ costs: ``points`` (None → the weight) while actual ≤ limit, else 0."""

    limit: Decimal
    points: Decimal | None = None
    kind: RuleKind = field(default=RuleKind.CAP, init=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "limit": str(self.limit),
            "points": None if self.points is None else str(self.points),
        }


@dataclass(frozen=True, slots=True)
class QualitativeTiers:
    """The three tiers of a qualitative judgement (财预〔2020〕10号), as shares of the weight.

    达成 (achieved) 100–80%, 部分达成 (partly) 80–50%, 未达成 (not achieved) below 50%: the
    share used when the actual names only the tier is configurable.
    """

    achieved: Decimal = Decimal("1")
    partial: Decimal = Decimal("0.6")
    not_achieved: Decimal = Decimal("0")

    def to_dict(self) -> dict[str, object]:
        return {
            "achieved": str(self.achieved),
            "partial": str(self.partial),
            "not_achieved": str(self.not_achieved),
        }


@dataclass(frozen=True, slots=True)
class NationalDefault:
    """Quantitative: met → full points, else completion × weight; qualitative: three tiers."""

    tiers: QualitativeTiers = QualitativeTiers()
    kind: RuleKind = field(default=RuleKind.NATIONAL_DEFAULT, init=False)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind.value, "tiers": self.tiers.to_dict()}


Rule = (
    ThresholdLinear | ThresholdElseProportional | Proportional | AllOrNothing | Bands | Cap | NationalDefault
)


def max_points(rule: Rule, weight: Decimal | None) -> Decimal | None:
    """The best score the rule can give (None where it is the weight and there is none)."""
    if isinstance(rule, Bands):
        return max((b.points for b in rule.bands), default=ZERO)
    if isinstance(rule, Cap) and rule.points is not None:
        return rule.points
    return weight
