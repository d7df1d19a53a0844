"""What a plan page shows beside the table (审核与计分): the review's findings and, where actual values
are given, the scores — computed by ``jixiao.core``, never here. Also the table's merged 一级/二级 cells.

A stored plan is reviewed once per request (``review_stored``: with its history) and the result
(``Reviewed``) is shared by all that the request shows of it — the sheet, the workflow panel, the
submission — so that each lists the same findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.cache import cache

from jixiao.core.errors import RuleError
from jixiao.core.library import History
from jixiao.core.model import Indicator, Plan, category_spans
from jixiao.core.review import Finding, review_plan
from jixiao.core.rules.recognise import Recognition
from jixiao.core.rules.resolve import resolve_rule, rule_of
from jixiao.core.scoring import IndicatorScore, PlanScore, score_plan
from jixiao.web.library.build import history_for
from jixiao.web.plans import models
from jixiao.web.plans.convert import cores_of, to_core


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


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A plan as ``jixiao.core`` sees it and the review's findings on it (审核意见), in the review's order."""

    plan: Plan
    findings: list[Finding]


def review(plan: Plan, history: History | None = None) -> Reviewed:
    """``plan`` reviewed (``core.review.review_plan``), with the checks from ``history`` when given."""
    return Reviewed(plan, review_plan(plan, 0, resolve_rule, history))


def review_stored(plan: models.Plan) -> Reviewed:
    """A stored plan reviewed as the plan page, the workflow panel and a submission see it: as stored,
    with its history (``library.build.history_for``: its unit's earlier years, its sector)."""
    return review(to_core(plan), history_for(plan))


def reviews_as_stored(plans: Sequence[models.Plan]) -> dict[int, list[Finding]]:
    """Stored plans' findings without their history (``core.review.review_plan``), by plan id, as last
    year's plans are shown on this year's page. Kept in Django's cache per plan id, revision and time
    saved: every change of a plan raises its revision (``convert``), so a kept review is never stale.
    The plans not kept have their rows read in two queries for all of them (``convert.cores_of``), then
    are reviewed."""
    keys = {p.pk: p.kept_key("review") for p in plans}
    kept: dict[str, list[Finding]] = cache.get_many(list(keys.values()))
    missing = [p for p in plans if keys[p.pk] not in kept]
    if missing:
        cores = cores_of(missing)
        fresh = {keys[p.pk]: review(cores[p.pk]).findings for p in missing}
        cache.set_many(fresh, models.Plan.KEEP_SECONDS)
        kept.update(fresh)
    return {pk: kept[key] for pk, key in keys.items()}


def analyse(reviewed: Reviewed) -> Sheet:
    """The page's view of a reviewed plan: rows with merges, findings per row, and the score if any
    actual value is given."""
    plan, findings = reviewed.plan, reviewed.findings
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
    spans = category_spans([(i.level1, i.level2) for i in plan.indicators])
    rows = [
        Row(i, ind, *spans[i], scores.get(id(ind)), by_name.get(ind.name, []))
        for i, ind in enumerate(plan.indicators)
    ]
    for row in rows:
        row.rule_note, row.rule_understood = rule_note(row.indicator)
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in ("error", "warning", "info")}
    return Sheet(plan, rows, findings, [f for f in findings if f.indicator is None], score, counts)


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
    ``index``'s in the table (``core.model.category_spans``): renaming a merged category renames it for
    all of them."""
    if field not in ("level1", "level2"):
        return []
    column = 0 if field == "level1" else 1
    spans = [s[column] for s in category_spans([(i.level1, i.level2) for i in indicators])]
    first = index
    while first > 0 and spans[first] == 0:
        first -= 1
    return [i for i in range(first, first + spans[first]) if i != index]
