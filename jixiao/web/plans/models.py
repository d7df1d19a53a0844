"""Plans, indicator rows and placeholder rows as stored (数据库中的绩效目标表).

Each holds what ``core.model`` holds, numbers as decimals; ``convert`` maps them to core objects and
back, and nothing else in the web layer knows both. Every saved change of a plan or a row keeps a
historical record (django-simple-history): who, when, the whole row before and after, and the way
(页面 / 上传 / 接口) as the change reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from jixiao.core.model import Comparator, PlanKind
from jixiao.web.accounts.models import Organisation, full_name

NUMBER: dict[str, Any] = {"max_digits": 30, "decimal_places": 10, "null": True, "blank": True}
"""Decimal columns: 20 integer and 10 fractional digits (the read-time limits are 15 significant digits
within 1e-10..1e15, docs/limits.md), so every number that can be read can be stored exactly."""


class ChangeWay(models.TextChoices):
    """How a value was changed (修改途径)."""

    PAGE = "page", "页面"
    UPLOAD = "upload", "上传"
    API = "api", "接口"
    DEMO = "demo", "演示数据"
    SYSTEM = "system", "系统"


class Plan(models.Model):
    """A unit's performance target table for one budget year (绩效目标表 / 自评表)."""

    unit = models.ForeignKey(
        Organisation, verbose_name="单位", on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField("预算年度")
    kind = models.CharField(
        "类型", max_length=20, choices=[(PlanKind.DEPARTMENT, "部门整体"), (PlanKind.PROJECT, "项目")]
    )
    title = models.CharField("名称", max_length=500, blank=True)
    unit_name = models.CharField("表内单位名称", max_length=500, blank=True)
    duties = models.TextField("部门职责", blank=True)
    goal = models.TextField("年度总体目标", blank=True)
    achieved = models.TextField("实际完成情况", blank=True)
    info = models.JSONField("其他信息", default=dict, blank=True)
    has_budget = models.BooleanField("有资金信息", default=False)
    budget_annual = models.DecimalField("全年预算数（万元）", **NUMBER)
    budget_executed = models.DecimalField("全年执行数（万元）", **NUMBER)
    budget_initial = models.DecimalField("年初预算数（万元）", **NUMBER)
    budget_stated_score = models.DecimalField("预算执行得分（表内）", **NUMBER)
    stated_total = models.DecimalField("总分（表内）", **NUMBER)
    source = models.JSONField("来源", null=True, blank=True)
    revision = models.PositiveIntegerField("修订号", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "绩效目标表"
        verbose_name_plural = "绩效目标表"
        ordering = ["-year", "unit_id", "id"]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.title or self.get_kind_display()}"

    @property
    def line(self) -> PlanLine:
        """This plan as lists show it (its unit and department loaded)."""
        return PlanLine(
            self.pk, self.year, self.unit_id, self.unit.full_name, self.get_kind_display(), self.title
        )

    KEEP_SECONDS = 3600
    """How long what is kept under ``kept_key`` stays in Django's cache (it is never stale; this only
    bounds the memory it takes)."""

    def kept_key(self, what: str) -> str:
        """A cache key for ``what`` made from this plan as it is now: every change raises ``revision``,
        and the time of the save tells the plan apart from an earlier one that had its id, so what is
        kept under it is never stale."""
        return f"jixiao-{what}:{self.pk}:{self.revision}:{self.updated_at.isoformat()}"


UNIT_NAMED = ("unit__name", "unit__kind", "unit__parent__name")
"""What ``plan.unit.full_name`` reads, for ``QuerySet.only`` with ``select_related("unit", "unit__parent")``
(a list of plans reads these columns and not every column of the plan)."""


@dataclass(frozen=True, slots=True)
class PlanLine:
    """A plan as a list shows it (the plan list, 待办, the late units): id, 年度, its unit's id and full
    name (``Organisation.full_name``), 类型 as its label (部门整体 / 项目), 名称 ("" when none).

    Lists read it as values (``LINE``, ``plan_line``), not as plans with their unit and department:
    building three model objects a row was a fifth of a hundred-row page's time."""

    pk: int
    year: int
    unit_id: int
    unit: str
    kind: str
    title: str

    @property
    def name(self) -> str:
        """名称, else 类型 (部门整体 / 项目)."""
        return self.title or self.kind


LINE = ("pk", "year", "unit_id", *UNIT_NAMED, "kind", "title")
"""The columns of a ``PlanLine``, for ``values_list`` (their values, in this order, make one with
``plan_line``)."""

KIND_LABELS = dict(Plan._meta.get_field("kind").flatchoices)
"""A plan's kind → its label (部门整体, 项目)."""


def plan_line(values: Sequence[Any]) -> PlanLine:
    """The ``PlanLine`` of the first ``len(LINE)`` values of a row read with ``LINE``'s columns first."""
    pk, year, unit_id, name, kind, parent, plan_kind, title = values[: len(LINE)]
    label = KIND_LABELS.get(plan_kind, plan_kind)
    return PlanLine(pk, year, unit_id, full_name(kind, name, parent), str(label), title)


class IndicatorRow(models.Model):
    """One indicator (三级指标) of a plan, in table order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicator_rows")
    position = models.PositiveIntegerField("序号")
    level1 = models.CharField("一级指标", max_length=100, blank=True)
    level2 = models.CharField("二级指标", max_length=100, blank=True)
    name = models.CharField("三级指标", max_length=500)
    comparator = models.CharField(
        "指标值类型", max_length=20, choices=[(c.value, c.symbol) for c in Comparator]
    )
    target_number = models.DecimalField("指标值（数值）", **NUMBER)
    target_phrase = models.TextField("指标值（文字）", null=True, blank=True)
    target_text = models.CharField("指标值（原文）", max_length=500, blank=True)
    unit = models.CharField("计量单位", max_length=100, blank=True)
    explanation = models.TextField("指标解释", blank=True)
    rule_text = models.TextField("评（扣）分标准", blank=True)
    rule_override = models.TextField("规则（规则语言）", null=True, blank=True)
    weight = models.DecimalField("分值", **NUMBER)
    actual_number = models.DecimalField("实际完成值（数值）", **NUMBER)
    actual_phrase = models.TextField("实际完成值（文字）", null=True, blank=True)
    stated_score = models.DecimalField("自评得分", **NUMBER)
    reason = models.TextField("偏差原因分析及改进措施", blank=True)
    last_year_number = models.DecimalField("上年实际值（数值）", **NUMBER)
    last_year_phrase = models.TextField("上年实际值（文字）", null=True, blank=True)
    source = models.JSONField("来源", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["plan_id", "position"]

    def __str__(self) -> str:
        return self.name


class PlaceholderRow(models.Model):
    """A "/" row (不是指标): this category has no indicator."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="placeholder_rows")
    position = models.PositiveIntegerField("序号")
    level1 = models.CharField("一级指标", max_length=100, blank=True)
    level2 = models.CharField("二级指标", max_length=100, blank=True)
    source = models.JSONField("来源", null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "position"]
