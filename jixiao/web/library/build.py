"""The library of all plans in the database (指标库), and the history a plan is reviewed with.

``current_library()`` builds a ``jixiao.core.library.Library`` from every stored plan (each with its
unit as "部门/单位", its budget year and its unit's sector) and the bureau's corrections, and keeps it
in the process. It asks the database one cheap question — how many plans, the sum of their
revisions, the highest id, the last save: every save raises a plan's revision — and when the answer
changed, it refiles only the plans whose revision (or time of last save) changed (``Library.replace``), so
a save costs the next request milliseconds, not a rebuild of the whole library. A changed correction
rebuilds it. (A unit renamed or given another sector reaches the library with the next save of its plans
or the next rebuild.)

A plan saved in this process is refiled by itself at the next request, without the question (its
signature counted in, ``_signed``); the question is asked at once after a unit or a correction was saved
or deleted, or a plan deleted, in this process (``changed_here``, connected to the models' signals in
``apps.py``), and otherwise at most once every ``RECHECK_SECONDS``: a save in another process (another
gunicorn worker) reaches this one's history checks within that time. The question scans every plan;
asked by every request, it was a tenth of the plan page's time at 10,000 plans, and asked after every
save, 6 ms of the database's time a save.
``history_for(plan)`` is what the plan page reviews a plan with: earlier years of its own unit, the
common indicators of its sector.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Sum

from jixiao.core.library import Correction as CoreCorrection
from jixiao.core.library import History, Library, MarkCommon, Merge, PlanRecord, Split, build_library
from jixiao.web.accounts.models import Organisation
from jixiao.web.library.models import Correction, CorrectionKind
from jixiao.web.plans.convert import IDS_A_QUERY, cores_of
from jixiao.web.plans.models import Plan

_lock = threading.Lock()


@dataclass
class _Kept:
    """The library this process keeps, and what it was built from."""

    plans: Any  # the signature (count, sum of revisions, highest id, last save) of the plans filed
    corrections: Any  # the corrections' signature (count, highest id)
    revisions: dict[int, Any]  # plan id → (revision, last save) filed
    library: Library


_kept: _Kept | None = None

RECHECK_SECONDS = 1.0
"""How long (seconds) a process trusts its library without asking the database whether another process
saved a plan; the setting ``JIXIAO_LIBRARY_RECHECK_SECONDS`` overrides it (the tests set 0: ask always)."""

_checked_at = float("-inf")  # time.monotonic() of the last question
_changed_here = False
_saved_here: set[int] = set()  # ids of plans saved in this process since the library last looked


def changed_here(sender: Any = None, instance: Any = None, created: bool | None = None, **_: Any) -> None:
    """A signal receiver: a plan, unit or correction was saved or deleted in this process. A plan saved
    here is refiled at the next ``current_library()`` by itself (``_saved_here``); anything else makes
    it ask the database at once."""
    global _changed_here
    if sender is Plan and created is not None:
        _saved_here.add(instance.pk)  # post_save of a plan (post_delete passes no ``created``)
    else:
        _changed_here = True


def _recheck_due(now: float) -> bool:
    window = getattr(settings, "JIXIAO_LIBRARY_RECHECK_SECONDS", RECHECK_SECONDS)
    return _kept is None or _changed_here or now - _checked_at >= window


def organisation_label(unit: Organisation) -> str:
    """How the library names a unit: "株洲市工业和信息化局/机关" (a unit's name alone is not unique)."""
    return f"{unit.parent.name}/{unit.name}" if unit.parent is not None else unit.name


def corrections() -> list[CoreCorrection]:
    """The stored corrections as core corrections, oldest first."""
    made: list[CoreCorrection] = []
    for row in Correction.objects.all():
        if row.kind == CorrectionKind.MERGE:
            made.append(Merge(row.entry, row.other, row.reason))
        elif row.kind == CorrectionKind.SPLIT:
            made.append(Split(row.entry, row.name, row.reason))
        else:
            made.append(MarkCommon(row.entry, row.sector))
    return made


def _plans_signature() -> Any:
    plans = Plan.objects.aggregate(
        n=Count("pk"), revisions=Sum("revision"), last=Max("pk"), saved=Max("updated_at")
    )
    return (plans["n"], plans["revisions"], plans["last"], plans["saved"])


RECENT = timedelta(seconds=60)
"""How long before the last save seen a save is looked for again when the plans' signature changed: a
save whose transaction set its time before another's but committed after it is still found. A change the
look misses (a plan deleted, a transaction longer than this) leaves the signature unexplained, and every
plan's revision is read instead. Every plan saved in this window is read at each look (by each worker,
once a second while others save): at five minutes, after an import of 10,000 plans every look read all
of them, a third of the server's time under the load benchmark's saves."""


def _revisions(plans: Any = None) -> dict[int, Any]:
    """Each plan's (revision, last save) (of ``plans``; default all): the time tells a plan apart from
    an earlier one that had its id (a test's rolled-back database gives ids again)."""
    rows = (
        (Plan.objects.all() if plans is None else plans)
        .order_by()
        .values_list("pk", "revision", "updated_at")
    )
    return {pk: (revision, saved) for pk, revision, saved in rows}


def _signature_of(revisions: dict[int, Any]) -> Any:
    """What ``_plans_signature`` answers for plans with these ``revisions``."""
    return (
        len(revisions),
        sum(revision for revision, _ in revisions.values()) if revisions else None,
        max(revisions, default=None),
        max((saved for _, saved in revisions.values()), default=None),
    )


def _changes(kept: _Kept, plans: Any) -> tuple[dict[int, Any], set[int], Any]:
    """What changed since ``kept``, the plans' signature being ``plans``: plan id → its (revision, last
    save) now for the plans saved or created, the ids of plans deleted, and the signature of the plans
    with these changes. First only the plans saved since ``RECENT`` before the last save ``kept`` saw
    are read; when they do not explain the signature, every plan's revision is."""
    if kept.plans[3] is not None:
        recent = _revisions(Plan.objects.filter(updated_at__gte=kept.plans[3] - RECENT))
        changed = {pk: now for pk, now in recent.items() if kept.revisions.get(pk) != now}
        if _signed(kept, changed) == plans:
            return changed, set(), plans
    revisions = _revisions()
    changed = {pk: now for pk, now in revisions.items() if kept.revisions.get(pk) != now}
    return changed, kept.revisions.keys() - revisions.keys(), _signature_of(revisions)


def _signed(kept: _Kept, changed: dict[int, Any]) -> Any:
    """The plans' signature ``kept.plans`` with the plans ``changed`` (id → (revision, last save) now,
    saved or created since) counted in, as ``_plans_signature`` would answer it."""
    count, total, top, last = kept.plans
    for pk, (revision, saved) in changed.items():
        before = kept.revisions.get(pk)
        count += before is None
        total = (total or 0) + revision - (before[0] if before else 0)
        top, last = max(top or pk, pk), max(last, saved) if last is not None else saved
    return (count, total, top, last)


def _refile(kept: _Kept, plans: Any) -> dict[int, Any]:
    """File ``plans`` (a query of stored plans) in ``kept.library`` anew: their (revision, last save)."""
    changed: dict[int, Any] = {}
    for record, plan in _records_of(plans):
        kept.library.replace(record.source, [record])
        changed[plan.pk] = (plan.revision, plan.updated_at)
    return changed


def _corrections_signature() -> Any:
    fixes = Correction.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (fixes["n"], fixes["last"])


def _records(plans: Iterable[Plan]) -> Iterator[PlanRecord]:
    """The stored plans as library records, their rows read ``IDS_A_QUERY`` plans at a time
    (``convert.cores_of``: by SQL, not the ORM's prefetch of model objects)."""
    return (record for record, _ in _records_of(plans))


def _records_of(plans: Iterable[Plan]) -> Iterator[tuple[PlanRecord, Plan]]:
    """``_records``, each with its stored plan."""
    read = list(plans)
    for start in range(0, len(read), IDS_A_QUERY):
        some = read[start : start + IDS_A_QUERY]
        cores = cores_of(some)
        for p in some:
            yield PlanRecord(cores[p.pk], p.year, organisation_label(p.unit), p.unit.sector, p.pk), p


def _stored_plans() -> Any:
    return Plan.objects.select_related("unit", "unit__parent")


def build_from_database() -> Library:
    """Every stored plan as library records, corrections applied (no cache)."""
    return build_library(_records(_stored_plans()), corrections())


def current_library() -> Library:
    """The library of every stored plan, kept in the process and brought up to date plan by plan: the
    plans saved in this process at once, by themselves; the database asked what else changed when a
    unit or correction changed here or ``RECHECK_SECONDS`` since the last look ask for it."""
    global _kept, _checked_at, _changed_here
    now = time.monotonic()
    kept = _kept
    if kept is not None and not _recheck_due(now):
        if _saved_here:
            with _lock:
                kept = _kept or kept  # as another thread may have left it
                saved = list(_saved_here)
                _saved_here.difference_update(saved)
                changed = _refile(kept, _stored_plans().filter(pk__in=saved).order_by())
                kept = _kept = _Kept(_signed(kept, changed), kept.corrections, kept.revisions, kept.library)
                kept.revisions.update(changed)
        return kept.library
    _checked_at, _changed_here = now, False
    _saved_here.clear()  # the look below finds them
    plans, fixes = _plans_signature(), _corrections_signature()
    with _lock:
        kept = _kept
        if kept is None or kept.corrections != fixes:
            revisions = _revisions()
            kept = _Kept(_signature_of(revisions), fixes, revisions, build_from_database())
        elif kept.plans != plans:
            changed, deleted, signature = _changes(kept, plans)
            for pk in deleted:
                kept.library.replace(pk, [])
                del kept.revisions[pk]
            _refile(kept, _stored_plans().filter(pk__in=list(changed)))
            kept.revisions.update(changed)
            kept = _Kept(signature, fixes, kept.revisions, kept.library)
        _kept = kept
        return kept.library


def history_for(plan: Plan) -> History:
    """The history a stored plan is reviewed with: its unit's earlier years, its sector."""
    return History(current_library(), plan.year, organisation_label(plan.unit), plan.unit.sector or None)
