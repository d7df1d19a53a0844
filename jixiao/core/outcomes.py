"""Results applied (结果应用): what a plan's final grade means for its next year's budget — pure rules.

After the self-evaluation is re-checked and published (``core.workflow.final_score``), each plan's grade
(优 / 良 / 中 / 差, ``core.scoring.Grade``) is mapped to a consequence for the next budget by the
finance bureau's own policy (``Policy``): a phrase (优先保障, 保持, 调整压减, 压减或取消) and, when the
bureau fixes one, a percentage change of next year's budget (−10% → a suggested figure of 90% of this
year's). The default (``DEFAULT_POLICY``) gives the phrases and no percentage: the national rules
(财预〔2020〕10号) tie good grades to support and poor ones to cuts without a figure (docs/results.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from jixiao.core.errors import InputError
from jixiao.core.scoring import Grade

MAX_ACTION_LENGTH = 50
"""A consequence's phrase is a short label (优先保障); the bureau's reasoning belongs in its policy text."""

CHANGE_RANGE = (Decimal(-1), Decimal(1))
CHANGE_STEP = Decimal("0.0001")  # a change is kept to 0.01 % (as a fraction, four decimals)
"""A budget change lies within −100% (取消) and +100% (doubled)."""

GRADE_ORDER = (Grade.EXCELLENT, Grade.GOOD, Grade.FAIR, Grade.POOR)


@dataclass(frozen=True, slots=True)
class Consequence:
    """The consequence of one grade (结果应用): ``action`` the phrase, ``change`` the fraction by which
    next year's budget moves (−0.1 = 压减10%; ``None``: the bureau sets no figure)."""

    grade: Grade
    action: str
    change: Decimal | None = None

    def suggested_budget(self, annual: Decimal | None) -> Decimal | None:
        """Next year's suggested budget (万元, rounded to 0.01 half up) from this year's ``annual``;
        ``None`` without a change or a budget."""
        if self.change is None or annual is None:
            return None
        return (annual * (1 + self.change)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def change_percent(self) -> str:
        """The change as a percentage text without the sign's plus ("-10", "5.5"), "" without one."""
        if self.change is None:
            return ""
        return f"{(self.change * 100).quantize(Decimal('0.01')).normalize():f}"

    def describe(self) -> str:
        """ "压减或取消（下年预算 −20%）"."""
        if self.change is None:
            return self.action
        return f"{self.action}（下年预算 {_signed_percent(self.change)}）"


@dataclass(frozen=True, slots=True)
class Policy:
    """The bureau's mapping grade → consequence (结果应用政策), one per grade.

    Raises ``InputError`` (Chinese, naming the grade and field) when a grade is missing or doubled, a
    phrase is empty or longer than ``MAX_ACTION_LENGTH``, a change lies outside ``CHANGE_RANGE`` or is
    finer than ``CHANGE_STEP`` (0.01 %, what is stored: 12.345 % was kept as 12.35 % unsaid), or a
    better grade would get a smaller change than a worse one (优 below 良 …): a policy that rewards a
    poorer result is a typing error, not a policy.
    """

    consequences: tuple[Consequence, ...]

    def __post_init__(self) -> None:
        grades = [c.grade for c in self.consequences]
        for grade in GRADE_ORDER:
            if grades.count(grade) != 1:
                raise InputError(
                    f"结果应用政策须为每个等级（优、良、中、差）各设一条，「{grade.value}」有 {grades.count(grade)} 条"
                )
        for c in self.consequences:
            if not c.action.strip():
                raise InputError(f"等级「{c.grade.value}」的结果应用不能为空")
            if len(c.action) > MAX_ACTION_LENGTH:
                raise InputError(
                    f"等级「{c.grade.value}」的结果应用过长（{len(c.action)} 字，最多 {MAX_ACTION_LENGTH} 字）"
                )
            if c.change is None:
                continue
            if not (c.change.is_finite() and CHANGE_RANGE[0] <= c.change <= CHANGE_RANGE[1]):
                shown = _signed_percent(c.change) if c.change.is_finite() else f"「{c.change}」"
                raise InputError(
                    f"等级「{c.grade.value}」的预算调整比例应在 -100% 到 +100% 之间，实际为 {shown}"
                )
            if c.change != c.change.quantize(CHANGE_STEP):
                typed = f"{(c.change * 100).normalize():f}"
                raise InputError(
                    f"等级「{c.grade.value}」的预算调整比例「{typed}%」最多保留两位小数（如 12.35%）"
                )
        changes = [(g, self.of(g).change) for g in GRADE_ORDER]
        given = [(g, c) for g, c in changes if c is not None]
        for (better, a), (worse, b) in pairwise(given):
            if a < b:
                raise InputError(
                    f"等级「{better.value}」的预算调整比例（{_signed_percent(a)}）低于等级「{worse.value}」的"
                    f"（{_signed_percent(b)}）：较好的等级不应调整得更少"
                )

    def of(self, grade: Grade) -> Consequence:
        """The consequence of ``grade``."""
        return next(c for c in self.consequences if c.grade is grade)

    @classmethod
    def from_mapping(cls, rows: Mapping[Grade, tuple[str, Decimal | None]]) -> Policy:
        """A policy from ``{grade: (action, change)}`` (validated as above)."""
        return cls(tuple(Consequence(g, a.strip(), c) for g, (a, c) in rows.items()))


DEFAULT_POLICY = Policy(
    (
        Consequence(Grade.EXCELLENT, "优先保障"),
        Consequence(Grade.GOOD, "保持"),
        Consequence(Grade.FAIR, "调整压减"),
        Consequence(Grade.POOR, "压减或取消"),
    )
)
"""The default (docs/results.md): the national rule's direction — 优、良 supported, 中、差 cut — as the
issue's phrases, with no percentage (财预〔2020〕10号 fixes none; the bureau sets its own)."""


def _signed_percent(fraction: Decimal) -> str:
    value = (fraction * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    text = f"{value:f}"
    return f"+{text}%" if fraction > 0 else f"{text}%"
