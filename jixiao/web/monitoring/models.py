"""Monitoring rounds and entries as stored (绩效运行监控轮次与填报).

A ``Round`` is opened by the finance bureau for a budget year with a cut-off date and its thresholds
(``core.monitoring.Thresholds``); for each plan of that year a unit keeps one ``PlanEntry`` (funds
executed so far, and why they lag) with an ``IndicatorEntry`` per indicator row (累计完成值, 预计全年完成值,
偏差原因, 纠偏措施). Numbers are decimals, a qualitative indicator's progress a phrase. Levels are never
stored: ``service`` computes them with ``core.monitoring`` each time, so a changed threshold applies at
once. An entry goes through the workflow's monitoring states (``EntryFlow``, one per round and plan);
its steps are the workflow's ``Transition`` rows, each tied to its round by an ``EntryStep``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from jixiao.core.monitoring import DEFAULT_THRESHOLDS
from jixiao.core.workflow import Stage, State, Status
from jixiao.web.accounts.models import Organisation
from jixiao.web.plans.models import NUMBER, IndicatorRow, Plan
from jixiao.web.workflow.models import Transition

THRESHOLD: dict[str, Any] = {"max_digits": 7, "decimal_places": 4}


class Round(models.Model):
    """A monitoring round (监控轮次): a bureau, a budget year, a cut-off date, the thresholds."""

    bureau = models.ForeignKey(
        Organisation, verbose_name="财政局", on_delete=models.PROTECT, related_name="monitoring_rounds"
    )
    year = models.PositiveSmallIntegerField("预算年度")
    cut_off = models.DateField("监控截止日期")
    mild_gap = models.DecimalField(
        "轻度偏差：落后时间进度超过", default=DEFAULT_THRESHOLDS.mild_gap, **THRESHOLD
    )
    severe_gap = models.DecimalField(
        "严重偏差：落后时间进度超过", default=DEFAULT_THRESHOLDS.severe_gap, **THRESHOLD
    )
    mild_forecast = models.DecimalField(
        "轻度偏差：预计完成率低于", default=DEFAULT_THRESHOLDS.mild_forecast, **THRESHOLD
    )
    severe_forecast = models.DecimalField(
        "严重偏差：预计完成率低于", default=DEFAULT_THRESHOLDS.severe_forecast, **THRESHOLD
    )
    opened_at = models.DateTimeField("开启时间", auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="开启人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "监控轮次"
        verbose_name_plural = "监控轮次"
        ordering = ["-year", "-cut_off"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year", "cut_off"], name="round_unique_cut_off")
        ]

    def __str__(self) -> str:
        return f"{self.year}年 截至{self.cut_off.month}月{self.cut_off.day}日"


class PlanEntry(models.Model):
    """A unit's entry for one plan in one round: the funds part (预算执行)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="monitoring_entries")
    executed_to_date = models.DecimalField("累计执行数（万元）", **NUMBER)
    budget_reason = models.TextField("预算执行偏差原因", blank=True)
    budget_correction = models.TextField("预算执行纠偏措施", blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "监控填报"
        verbose_name_plural = "监控填报"
        constraints = [models.UniqueConstraint(fields=["round", "plan"], name="entry_unique_plan")]


class IndicatorEntry(models.Model):
    """One indicator's values at the cut-off (累计完成值, 预计全年完成值, 偏差原因, 纠偏措施)."""

    entry = models.ForeignKey(PlanEntry, on_delete=models.CASCADE, related_name="indicator_entries")
    row = models.ForeignKey(IndicatorRow, on_delete=models.CASCADE, related_name="monitoring_entries")
    to_date_number = models.DecimalField("累计完成值（数值）", **NUMBER)
    to_date_phrase = models.TextField("累计完成值（文字：按进度/滞后/无法完成）", null=True, blank=True)
    expected_number = models.DecimalField("预计全年完成值（数值）", **NUMBER)
    expected_phrase = models.TextField("预计全年完成值（文字）", null=True, blank=True)
    reason = models.TextField("偏差原因", blank=True)
    correction = models.TextField("纠偏措施", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "指标监控值"
        verbose_name_plural = "指标监控值"
        constraints = [models.UniqueConstraint(fields=["entry", "row"], name="indicator_entry_unique_row")]


MONITORING_STATES = [(s.value, s.label) for s in State if s.stage is Stage.MONITORING]


class EntryFlow(models.Model):
    """Where a plan's entry in a round stands in the flow (监控填报状态: ``core.workflow``'s monitoring
    states); a plan without one is being filled (监控填报). The plan's own state is not touched."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="flows")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="monitoring_flows")
    state = models.CharField(
        "监控填报状态", max_length=30, choices=MONITORING_STATES, default=State.MONITOR_FILLING.value
    )
    returned_from = models.CharField("退回环节", max_length=30, choices=MONITORING_STATES, blank=True)
    changed_at = models.DateTimeField("状态变更时间", auto_now=True)

    class Meta:
        verbose_name = "监控填报状态"
        verbose_name_plural = "监控填报状态"
        constraints = [models.UniqueConstraint(fields=["round", "plan"], name="entry_flow_unique_plan")]

    @property
    def status(self) -> Status:
        return Status(State(self.state), 1, State(self.returned_from) if self.returned_from else None)


class EntryStep(models.Model):
    """The round a monitoring step (a ``workflow.Transition`` in the plan's timeline) belongs to."""

    transition = models.OneToOneField(Transition, on_delete=models.PROTECT, related_name="monitoring_step")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="steps")

    class Meta:
        verbose_name = "监控流转记录"
        verbose_name_plural = "监控流转记录"


class StoredReview(models.Model):
    """The review's findings (审核意见) of one version of a plan, kept for the overview (驾驶舱), so that
    counting findings by code over a year's plans is one query, not a review of every plan.

    Never stale: ``revision`` and ``release`` say what the findings were computed from (the plan's
    revision, jixiao's release); the overview reviews again every plan where either differs before it
    counts (``monitoring.overview``). ``findings``: ``[[code, severity, occurrences, first], …]``, one
    per code of ``core.review.review_plan``'s findings in order of first occurrence (``first``: its
    index in ``messages``, the findings' sentences, read only for the examples shown).
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="stored_review")
    revision = models.PositiveIntegerField("表的修订号")
    release = models.CharField("审核所用版本", max_length=40)
    findings = models.JSONField("审核意见（按代码计数）", default=list)
    messages = models.JSONField("审核意见（文字）", default=list)

    class Meta:
        verbose_name = "审核意见（按修订号保存）"
        verbose_name_plural = "审核意见（按修订号保存）"


class StoredStatus(models.Model):
    """A plan's level in a round (监控偏差等级), kept for the overview as ``core.monitoring.assess_plan``
    gave it, with each deviation a ``StoredDeviation`` row (so the overview counts and lists them with
    aggregate queries).

    Never stale: it holds what it was computed from — the plan's ``revision`` (its targets), its
    entry's last save (``entry_saved``: every entry is written by ``convert.store_entries``, which
    saves the ``PlanEntry``), the round's cut-off and thresholds and jixiao's release (``settings``);
    the overview judges again every plan where any differs before it counts.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    revision = models.PositiveIntegerField("表的修订号")
    entry_saved = models.DateTimeField("填报保存时间")
    settings = models.CharField("轮次设置与版本", max_length=200)
    level = models.CharField("偏差等级", max_length=10)

    class Meta:
        verbose_name = "监控偏差等级（按填报保存）"
        verbose_name_plural = "监控偏差等级（按填报保存）"
        constraints = [models.UniqueConstraint(fields=["round", "plan"], name="stored_status_unique_plan")]


class StoredDeviation(models.Model):
    """One deviation of a ``StoredStatus``: an indicator (its position in the plan) or the funds
    (position -1, named 预算执行), its level (``rank``: 1 轻度偏差, 2 严重偏差) and why."""

    status = models.ForeignKey(StoredStatus, on_delete=models.CASCADE, related_name="deviations")
    position = models.IntegerField("指标序号（-1：预算执行）")
    name = models.CharField("指标或资金", max_length=500)
    level = models.CharField("偏差等级", max_length=10)
    rank = models.PositiveSmallIntegerField("严重程度")
    why = models.TextField("偏差情况")

    class Meta:
        verbose_name = "监控偏差（按填报保存）"
        verbose_name_plural = "监控偏差（按填报保存）"
        indexes = [models.Index(fields=["status", "rank"])]
