"""What a plan page shows beside the table (审核与计分): the review's findings and, where actual values
are given, the scores — computed by ``jixiao.core``, never here. Also the table's merged 一级/二级 cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.core.errors import RuleError
from jixiao.core.library import History
from jixiao.core.model import Indicator, Plan
from jixiao.core.review import Finding, review_plan
from jixiao.core.rules.recognise import Recognition
from jixiao.core.rules.resolve import resolve_rule, rule_of
from jixiao.core.scoring import IndicatorScore, PlanScore, score_plan


@dataclass(slots=True)
class Row:
    """One indicator row as the page shows it: the rowspans of its merged category cells."""

    index: int
    indicator: Indicator
    level1_span: int  # 0: covered by the cell above
    level2_span: int
    score: IndicatorScore | None
    findings: list[Finding] = field(default_factory=list)
    rule_note: str = ""  # how the scoring rule was understood (or why not)
    rule_understood: bool = True


@dataclass(slots=True)
class Sheet:
    plan: Plan
    rows: list[Row]
    findings: list[Finding]
    plan_findings: list[Finding]
    score: PlanScore | None
    counts: dict[str, int]


def analyse(plan: Plan, history: History | None = None) -> Sheet:
    """The page's view of ``plan``: rows with merges, findings per row (with the checks from
    ``history`` when given), and the score if any actual value is given."""
    findings = review_plan(plan, 0, resolve_rule, history)
    has_actuals = any(i.actual is not None for i in plan.indicators)
    try:
        score = score_plan(plan, rule_of) if has_actuals else None
    except RuleError:  # an invalid rule override: the review reports it as rule-override-invalid
        score = None
    by_name: dict[str, list[Finding]] = {}
    for f in findings:
        if f.indicator is not None:
            by_name.setdefault(f.indicator, []).append(f)
    scores = {id(s.indicator): s for s in score.indicators} if score else {}
    rows = [
        Row(i, ind, 0, 0, scores.get(id(ind)), by_name.get(ind.name, []))
        for i, ind in enumerate(plan.indicators)
    ]
    _spans(rows)
    for row in rows:
        row.rule_note, row.rule_understood = rule_note(row.indicator)
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in ("error", "warning", "info")}
    return Sheet(plan, rows, findings, [f for f in findings if f.indicator is None], score, counts)


def _spans(rows: list[Row]) -> None:
    """Merge equal consecutive 一级 (and, inside them, 二级) cells, as the official table does."""
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1].indicator.level1 == rows[i].indicator.level1:
            j += 1
        rows[i].level1_span = j - i + 1
        k = i
        while k <= j:
            m = k
            while m + 1 <= j and rows[m + 1].indicator.level2 == rows[k].indicator.level2:
                m += 1
            rows[k].level2_span = m - k + 1
            k = m + 1
        i = j + 1


def rule_note(indicator: Indicator) -> tuple[str, bool]:
    """How ``indicator``'s scoring rule is understood (``resolve_rule``'s note) and whether it was:
    (note, understood); an override that does not parse gives its error and False."""
    try:
        recognition: Recognition = resolve_rule(indicator)
    except RuleError as exc:
        return str(exc), False
    return recognition.note, recognition.recognised


def merged_with(indicators: list[Indicator], index: int, field: str) -> list[int]:
    """The other rows whose 一级 (``field`` "level1") or 二级 ("level2") cell is merged with row
    ``index``'s in the table: renaming a merged category renames it for all of them."""
    if field not in ("level1", "level2"):
        return []
    key = (
        (lambda i: indicators[i].level1)
        if field == "level1"
        else (lambda i: (indicators[i].level1, indicators[i].level2))
    )
    first = last = index
    while first > 0 and key(first - 1) == key(index):
        first -= 1
    while last + 1 < len(indicators) and key(last + 1) == key(index):
        last += 1
    return [i for i in range(first, last + 1) if i != index]
