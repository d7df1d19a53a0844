"""The finance bureau's overview (驾驶舱) for one budget year: its panels, each a table with the chart
drawn from the same cells, computed with aggregate queries over the person's scope.

The scope (which plans, at which drill-down level) comes from ``permissions.overview_scope``; every
rule from ``core``: milestones and overdue (``core.overview``), deviation levels
(``core.monitoring``), grade distribution, ranking and findings by code (``core.summary``, the
``summary`` command's own functions), findings by ``core.review``. Panels:

- ``states``: plans per group by milestone (已申报 / 已批复 / 已监控 / 已评价) and overdue (逾期);
- ``findings``: the review's findings by code over the scope's plans (each plan reviewed once per
  revision, ``StoredReview``);
- ``execution``: budget execution against time elapsed per group in the current round;
- ``levels``: plans per group by deviation level in the current round; ``warnings``: each deviation;
- ``grades`` and ``ranking``: the published results (``Publication``, the latest per plan).

A group is a department (部门) at the top, a unit (单位) inside a department, a plan inside a unit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Exists, Max, OuterRef, Q, QuerySet, Sum, Window
from django.db.models.functions import Cast
from django.urls import reverse

import jixiao
from jixiao.core import overview as progress
from jixiao.core.monitoring import Level, PlanStatus, assess_plan, year_elapsed
from jixiao.core.review import describe_code, review_plan
from jixiao.core.rules.resolve import resolve_rule
from jixiao.core.summary import count_by_code, findings_by_code, grade_distribution, ranked
from jixiao.core.workflow import State
from jixiao.documents.writers.cells import looks_like_formula
from jixiao.web.accounts.permissions import OverviewScope
from jixiao.web.monitoring.convert import monitored_plans, thresholds_of
from jixiao.web.monitoring.models import PlanEntry, Round, StoredDeviation, StoredReview, StoredStatus
from jixiao.web.plans.convert import to_core
from jixiao.web.plans.models import Plan
from jixiao.web.workflow.models import Deadline, Publication

Cell = str | int | Decimal | None

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
SHOWN = {"ranking": 20, "warnings": 100}
"""How many rows the page shows of these panels (their exports hold all)."""


@dataclass(frozen=True, slots=True)
class Chart:
    """How a panel's chart is drawn from its own table: categories from column ``category``, one series
    per column of ``series`` (named by its heading); ``kind``: bar or stacked (bars); ``mark``: a
    horizontal line (time elapsed) with its label."""

    kind: str
    category: int
    series: tuple[int, ...]
    mark: tuple[str, Decimal] | None = None
    percent: bool = False


@dataclass(slots=True)
class Panel:
    """One panel of the overview: a title, a table (headings, rows of cells, a link per row for the
    drill-down) and the chart drawn from that table."""

    name: str
    title: str
    headings: tuple[str, ...]
    rows: list[list[Cell]] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    chart: Chart | None = None
    note: str = ""

    def chart_data(self) -> dict[str, Any] | None:
        """The chart's data as JSON-ready numbers, taken from the table's cells."""
        if self.chart is None:
            return None
        c = self.chart
        return {
            "kind": c.kind,
            "title": self.title,
            "percent": c.percent,
            "categories": [str(row[c.category]) for row in self.rows],
            "series": [
                {"name": self.headings[i], "data": [_number(row[i]) for row in self.rows]} for i in c.series
            ],
            "mark": None if c.mark is None else {"name": c.mark[0], "value": _number(c.mark[1])},
        }


def _number(cell: Cell) -> float | int | None:
    if cell is None or isinstance(cell, str):
        return None
    return float(cell) if isinstance(cell, Decimal) else cell


def pct(fraction: Decimal | None) -> Decimal | None:
    """A fraction as a percentage to 0.01 (ROUND_HALF_UP), as the tables, charts and exports show it."""
    return None if fraction is None else (fraction * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(slots=True)
class Board:
    """The whole overview: the scope it shows, the current round, the panels by name."""

    scope: OverviewScope
    round: Round | None
    elapsed: Decimal | None
    panels: dict[str, Panel]


# ── groups: department → unit → plan ─────────────────────────────────────────────────────────


def _groups(scope: OverviewScope) -> tuple[str, dict[int, tuple[str, str | None]]]:
    """The field plans are grouped by at this level, and each group's (name, drill-down link)."""
    year_url = reverse("overview", args=[scope.year])
    if scope.unit is not None:
        plans = scope.plans.order_by("id").values_list("id", "title", "kind")
        return "id", {
            pk: (title or ("部门整体" if kind == "department" else "项目"), reverse("plan-detail", args=[pk]))
            for pk, title, kind in plans
        }
    if scope.department is not None:
        units = scope.plans.order_by("unit__name").values_list("unit_id", "unit__name").distinct()
        return "unit_id", {pk: (name, f"{year_url}?unit={pk}") for pk, name in units}
    departments = (
        scope.plans.order_by("unit__parent__name")
        .values_list("unit__parent_id", "unit__parent__name")
        .distinct()
    )
    return "unit__parent_id", {
        pk: (name, f"{year_url}?department={pk}") for pk, name in departments if pk is not None
    }


def _table(
    panel: Panel, groups: dict[int, tuple[str, str | None]], values: dict[int, list[Cell]], blank: list[Cell]
) -> Panel:
    for key, (name, link) in groups.items():
        panel.rows.append([name, *values.get(key, blank)])
        panel.links.append(link)
    return panel


# ── the panels ───────────────────────────────────────────────────────────────────────────────


def _in_states(states: frozenset[State]) -> Q:
    q = Q(flow__state__in=[s.value for s in states])
    return q | Q(flow__isnull=True) if State.DRAFT in states else q


def states_panel(
    scope: OverviewScope,
    key: str,
    groups: dict[int, tuple[str, str | None]],
    round_: Round | None,
    today: date,
) -> Panel:
    deadlines = {State(d.state): d.due for d in Deadline.objects.filter(year=scope.year)}
    late = progress.overdue_states(deadlines, today)
    plans: QuerySet[Plan] = scope.plans
    counts: dict[str, Any] = {
        m.name: Count("id", filter=_in_states(states)) for m, states in progress.STATES_REACHING.items()
    }
    if round_ is not None:
        plans = plans.annotate(monitored=Exists(PlanEntry.objects.filter(round=round_, plan=OuterRef("pk"))))
        counts["MONITORED"] = Count("id", filter=Q(monitored=True))
    if late:
        counts["OVERDUE"] = Count("id", filter=_in_states(late))
    found = plans.order_by().values(key).annotate(total=Count("id"), **counts)
    columns = ["total", *(m.name for m in progress.Milestone), "OVERDUE"]
    values: dict[int, list[Cell]] = {r[key]: [r.get(c, 0) for c in columns] for r in found}
    due = "；".join(
        f"{s.label} {d.month}月{d.day}日" for s, d in sorted(deadlines.items(), key=lambda x: x[1])
    )
    panel = Panel(
        "states",
        "各环节进展",
        ("名称", "表数", *(m.value for m in progress.Milestone), "逾期"),
        chart=Chart("bar", 0, (2, 3, 4, 5)),
        note=f"截止时间：{due}（今日 {today.month}月{today.day}日）" if due else "本年度未设截止时间",
    )
    return _table(panel, groups, values, [0, 0, 0, 0, 0, 0])


def execution_panel(
    scope: OverviewScope, key: str, groups: dict[int, tuple[str, str | None]], round_: Round | None
) -> Panel:
    elapsed = None if round_ is None else year_elapsed(round_.cut_off)
    panel = Panel(
        "execution",
        "预算执行率与时间进度",
        (
            "名称",
            "已填执行数的表",
            "全年预算数（万元）",
            "累计执行数（万元）",
            "预算执行率（%）",
            "落后时间进度（百分点）",
        ),
        chart=Chart(
            "bar", 0, (4,), None if elapsed is None else ("时间进度", pct(elapsed) or Decimal(0)), True
        ),
    )
    values: dict[int, list[Cell]] = {}
    if round_ is not None and elapsed is not None:
        entries = PlanEntry.objects.filter(
            round=round_,
            plan__in=scope.plans,
            executed_to_date__isnull=False,
            plan__has_budget=True,
            plan__budget_annual__gt=0,
        )
        for r in (
            entries.order_by()
            .values(f"plan__{key}")
            .annotate(n=Count("id"), annual=Sum("plan__budget_annual"), executed=Sum("executed_to_date"))
        ):
            rate = r["executed"] / r["annual"]
            values[r[f"plan__{key}"]] = [
                r["n"],
                r["annual"].quantize(Decimal("0.01")),
                r["executed"].quantize(Decimal("0.01")),
                pct(rate),
                pct(elapsed - rate),
            ]
    return _table(panel, groups, values, [0, None, None, None, None])


def deviation_panels(
    scope: OverviewScope,
    key: str,
    groups: dict[int, tuple[str, str | None]],
    round_: Round | None,
    limit: int | None,
) -> tuple[Panel, Panel]:
    """Plans per group by level, and the deviations (``limit``: the first so many, most severe
    first, then by unit and plan)."""
    levels = Panel(
        "levels",
        "监控偏差等级（按表）",
        ("名称", "已监控的表", *(level.value for level in Level)),
        chart=Chart("stacked", 0, (2, 3, 4)),
    )
    warnings = Panel("warnings", "偏差预警", ("偏差等级", "单位", "绩效目标表", "指标或资金", "偏差情况"))
    if round_ is None:
        return _table(levels, groups, {}, [0, 0, 0, 0]), warnings
    judged = refresh_statuses(round_, scope.plans, key)
    counts: dict[int, list[int]] = {}
    order = {level.value: n for n, level in enumerate(Level, 1)}
    for group, level in judged.values():
        found = counts.setdefault(group, [0, 0, 0, 0])
        found[0] += 1
        found[order[level]] += 1
    values: dict[int, list[Cell]] = {group: list(n) for group, n in counts.items()}
    deviations = StoredDeviation.objects.filter(status__round=round_, status__plan__in=scope.plans)
    rows = deviations.order_by(
        "-rank", "status__plan__unit__name", "status__plan_id", "position"
    ).values_list(
        "status__plan_id",
        "position",
        "name",
        "level",
        "why",
        "status__plan__unit__name",
        "status__plan__title",
        "status__plan__unit__parent__name",
    )
    if limit is not None:  # how many there are, counted by the same query
        rows = rows.annotate(total=Window(Count("id")))[:limit]
    entry: dict[int, str] = {}
    total = 0
    counted: list[int]
    for pk, position, name, level, why, unit, title, department, *counted in rows:
        warnings.rows.append([level, f"{department} / {unit}", title or "（未命名）", name, why])
        entry[pk] = entry.get(pk) or reverse("monitoring-entry", args=[round_.pk, pk])
        warnings.links.append(entry[pk] + (f"#indicator-{position}" if position >= 0 else ""))
        total = counted[0] if counted else total
    if limit is not None and total > limit:
        warnings.note = f"共 {total} 条，显示最严重的前 {limit} 条；下钻到部门、单位查看其余，导出含全部"
    return _table(levels, groups, values, [0, 0, 0, 0]), warnings


def refresh_statuses(round_: Round, plans: QuerySet[Plan], key: str = "id") -> dict[int, tuple[Any, str]]:
    """Make the kept level and deviations (``StoredStatus``, ``StoredDeviation``) of each plan of
    ``plans`` with an entry in ``round_`` those ``core.monitoring.assess_plan`` gives for the present
    targets, entry, cut-off and thresholds: plans judged on other inputs (or never) are judged now.
    Returns each kept plan's (its ``key``: the group it is counted in, its level) by plan id.

    Which are stale: the kept rows (one query, which also gives the levels) and the entries' inputs
    (one query), compared here; the save times are compared as the database's text (reading 2,000
    of them as ``datetime`` was 14% of the page's profiled time). A correlated anti-join did this before:
    PostgreSQL planned it as a nested loop over every kept row while it had no statistics of the
    freshly written rows (250 ms at 1,000 plans). Usually none is stale."""
    limits = (
        round_.cut_off,
        round_.mild_gap,
        round_.severe_gap,
        round_.mild_forecast,
        round_.severe_forecast,
    )
    setting = "|".join(str(p) for p in (*limits, RELEASE))
    kept: dict[int, tuple[Any, str, tuple[int, str, str]]] = {
        pk: (group, level, (revision, saved, settings))
        for pk, group, level, revision, saved, settings in StoredStatus.objects.filter(
            round=round_, plan__in=plans
        )
        .annotate(saved=Cast("entry_saved", CharField()))
        .values_list("plan_id", f"plan__{key}", "level", "revision", "saved", "settings")
    }
    changed: dict[int, Any] = {}  # each stale plan's group
    for pk, group, revision, saved in (
        PlanEntry.objects.filter(round=round_, plan__in=plans)
        .annotate(saved=Cast("updated_at", CharField()))
        .values_list("plan_id", f"plan__{key}", "plan__revision", "saved")
    ):
        if pk not in kept or kept[pk][2] != (revision, saved, setting):
            changed[pk] = group
    judged = {pk: (group, level) for pk, (group, level, _) in kept.items()}
    if not changed:
        return judged
    stale = {
        pk: (revision, saved)
        for pk, revision, saved in PlanEntry.objects.filter(
            round=round_, plan_id__in=list(changed)
        ).values_list("plan_id", "plan__revision", "updated_at")
    }
    cores = monitored_plans(round_, Plan.objects.filter(pk__in=list(stale)))
    thresholds = thresholds_of(round_)
    statuses = {pk: assess_plan(core, round_.cut_off, thresholds) for pk, core in cores.items()}

    def store() -> None:
        rows = StoredStatus.objects.bulk_create(
            StoredStatus(
                round=round_,
                plan_id=pk,
                revision=stale[pk][0],
                entry_saved=stale[pk][1],
                settings=setting,
                level=s.level.value,
            )
            for pk, s in statuses.items()
        )
        StoredDeviation.objects.bulk_create(
            StoredDeviation(status=row, position=n, name=name, level=level.value, rank=level.rank, why=why)
            for row in rows
            for n, name, level, why in _deviations(statuses[row.plan_id])
        )

    _replace(StoredStatus.objects.filter(round=round_, plan_id__in=list(stale)), store)
    judged.update((pk, (changed[pk], s.level.value)) for pk, s in statuses.items())
    return judged


def _deviations(status: PlanStatus) -> list[tuple[int, str, Level, str]]:
    """(position, name, level, why) of each deviation of ``status``; the funds at position -1."""
    found = []
    b = status.budget
    if b is not None and b.deviates and b.level is not None:
        found.append((-1, "预算执行", b.level, b.why))
    for n, s in enumerate(status.indicators):
        if s.deviates and s.level is not None:
            found.append((n, s.indicator.name, s.level, s.why))
    return found


def _replace(old: QuerySet[Any], store: Callable[[], None]) -> None:
    """Delete ``old`` and ``store()`` the new rows in one transaction. When another request stored
    the same plans at the same moment (a unique row refused), its rows — from the same inputs — stay."""
    try:
        with transaction.atomic():
            old.delete()
            store()
    except IntegrityError:
        pass


def findings_panel(scope: OverviewScope) -> Panel:
    kept = stored_findings(scope.plans)
    found = ((pk, code, severity, (pk, first), n) for pk, items in kept for code, severity, n, first in items)
    rows = findings_by_code(found)
    wanted = {ref[0] for *_, ref in rows}
    messages = dict(StoredReview.objects.filter(plan_id__in=wanted).values_list("plan_id", "messages"))
    panel = Panel(
        "findings",
        "审核问题（按问题类型）",
        ("问题", "级别", "出现次数", "涉及表数", "示例"),
        chart=Chart("bar", 0, (2,)),
    )
    for code, severity, count, plans, (pk, first) in rows:
        panel.rows.append(
            [describe_code(code), SEVERITY_NAMES.get(severity, severity), count, plans, messages[pk][first]]
        )
        panel.links.append(None)
    return panel


RELEASE = jixiao.__version__


def stored_findings(plans: QuerySet[Plan]) -> list[tuple[int, Sequence[Any]]]:
    """Each plan's review findings counted by code (``core.summary.count_by_code``: ``[code, severity,
    occurrences, first]``), by plan id in id order, as ``review_plan`` gives them for the plan's
    present revision: plans reviewed at another revision or release (or never) are reviewed now and
    kept (``StoredReview``), so nothing counted is stale. The plans' revisions and their kept findings
    are read in one query."""
    found: dict[int, Sequence[Any]] = {}
    stale = []
    for pk, revision, kept, release, findings in plans.order_by("pk").values_list(
        "pk", "revision", "stored_review__revision", "stored_review__release", "stored_review__findings"
    ):
        if kept == revision and release == RELEASE:
            found[pk] = findings
        else:
            stale.append(pk)
    if stale:
        fresh = []
        for plan in Plan.objects.filter(pk__in=stale).prefetch_related("indicator_rows", "placeholder_rows"):
            reviewed = review_plan(to_core(plan), 0, resolve_rule)
            fresh.append(
                StoredReview(
                    plan=plan,
                    revision=plan.revision,
                    release=RELEASE,
                    findings=count_by_code((f.code, f.severity.value) for f in reviewed),
                    messages=[f.message for f in reviewed],
                )
            )
            found[plan.pk] = fresh[-1].findings

        def store() -> None:
            StoredReview.objects.bulk_create(fresh)

        _replace(StoredReview.objects.filter(plan_id__in=stale), store)
    return sorted(found.items())


def result_panels(scope: OverviewScope) -> tuple[Panel, Panel]:
    latest = Publication.objects.filter(plan__in=scope.plans).values("plan_id").annotate(last=Max("id"))
    published = list(
        Publication.objects.filter(id__in=latest.values("last")).values_list(
            "plan_id", "normalized", "grade", "plan__title", "plan__unit__name", "plan__unit__parent__name"
        )
    )
    grades = Panel("grades", "等级分布（已发布）", ("等级", "表数"), chart=Chart("bar", 0, (1,)))
    for grade, n in grade_distribution(p[2] for p in published):
        grades.rows.append([grade, n])
        grades.links.append(None)
    ranking = Panel(
        "ranking",
        "得分排名（已发布，百分制）",
        ("名次", "表", "单位", "百分制得分", "等级"),
        chart=Chart("bar", 1, (3,)),
        note=f"共 {len(published)} 张，显示前 {SHOWN['ranking']} 名，导出含全部"
        if len(published) > SHOWN["ranking"]
        else "",
    )
    best = ranked(published, lambda p: p[1], lambda p: (p[4], p[3]))
    for rank, (pk, normalized, grade, title, unit, department) in enumerate(best, 1):
        ranking.rows.append(
            [
                rank,
                title or "（未命名）",
                f"{department} / {unit}",
                normalized.quantize(Decimal("0.01")),
                grade,
            ]
        )
        ranking.links.append(reverse("plan-detail", args=[pk]) if rank <= SHOWN["ranking"] else None)
    return grades, ranking


def board(scope: OverviewScope, round_: Round | None, today: date, full: bool = False) -> Board:
    """Every panel of the overview for ``scope`` with ``round_`` as the current monitoring round;
    ``full``: every warning (for the export), else the first ``SHOWN``."""
    key, groups = _groups(scope)
    levels, warnings = deviation_panels(scope, key, groups, round_, None if full else SHOWN["warnings"])
    grades, ranking = result_panels(scope)
    panels = [
        states_panel(scope, key, groups, round_, today),
        execution_panel(scope, key, groups, round_),
        levels,
        warnings,
        findings_panel(scope),
        grades,
        ranking,
    ]
    elapsed = None if round_ is None else year_elapsed(round_.cut_off)
    return Board(scope, round_, elapsed, {p.name: p for p in panels})


PANEL_NAMES = ("states", "execution", "levels", "warnings", "findings", "grades", "ranking")


def shown(panel: Panel) -> Panel:
    """The panel as the page shows it: the ranking and the warnings cut to their first ``SHOWN``."""
    limit = SHOWN.get(panel.name)
    if limit is None:
        return panel
    return Panel(
        panel.name,
        panel.title,
        panel.headings,
        panel.rows[:limit],
        panel.links[:limit],
        panel.chart,
        panel.note,
    )


def export_rows(panel: Panel) -> Sequence[Sequence[Cell]]:
    """The panel's rows for its .xlsx: every row, a text that a spreadsheet would run as a formula
    given a leading apostrophe."""
    return [
        [f"'{c}" if isinstance(c, str) and looks_like_formula(c) else c for c in row] for row in panel.rows
    ]
