"""The workflow as stored (流程记录): a plan's state and version, every transition, the comments of a
return, the explanations of warnings, approved versions, re-checks, sample draws, deadlines and
notifications.

The rules live in ``jixiao.core.workflow``; ``services`` is the only module that changes these rows, one
function per step. Nothing here is ever deleted by the application: a plan with a recorded transition
cannot be deleted (``PROTECT``), and a new explanation or re-checked score is a new row beside the old.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from simple_history.models import HistoricalRecords

from jixiao.core.workflow import Stage, State, Status
from jixiao.web.plans.models import NUMBER, IndicatorRow, Plan

STATES = [(s.value, s.label) for s in State if s.stage is not Stage.MONITORING]
"""A plan's states; a monitoring round's entry keeps its own (``monitoring.models.EntryFlow``), and its
steps are ``Transition`` rows like any other (the same timeline), whose states are not in these choices."""
STAGES = [(s.value, s.label) for s in Stage if s is not Stage.MONITORING]


class NumberEncoder(DjangoJSONEncoder):
    """Decimals as JSON numbers (not texts), so that a snapshot reads back as the interchange format:
    numbers have at most 15 significant digits (docs/limits.md), which a float's shortest form keeps."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


class DecimalDecoder(json.JSONDecoder):
    """JSON numbers back as ``Decimal`` (the interchange reader's ``parse_float=Decimal``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("parse_float", Decimal)
        kwargs.setdefault("parse_int", Decimal)
        super().__init__(*args, **kwargs)


def snapshot_field(verbose_name: str, **kwargs: Any) -> models.JSONField[Any, Any]:
    """A plan's content in the interchange JSON (``jixiao.core.serialize.plan_to_dict``)."""
    return models.JSONField(verbose_name, encoder=NumberEncoder, decoder=DecimalDecoder, **kwargs)


_USER: dict[str, Any] = {"null": True, "on_delete": models.SET_NULL, "related_name": "+"}


class PlanFlow(models.Model):
    """Where a plan stands in the flow (流程状态); a plan without one is a version-1 draft."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="flow")
    state = models.CharField("状态", max_length=30, choices=STATES, default=State.DRAFT.value)
    version = models.PositiveIntegerField("版本", default=1)
    returned_from = models.CharField("退回环节", max_length=30, choices=STATES, blank=True)
    changed_at = models.DateTimeField("状态变更时间", auto_now=True)

    class Meta:
        verbose_name = "流程状态"
        verbose_name_plural = "流程状态"
        indexes = [models.Index(fields=["state"])]

    @property
    def status(self) -> Status:
        return Status(
            State(self.state), self.version, State(self.returned_from) if self.returned_from else None
        )

    def __str__(self) -> str:
        return f"{self.plan} · {State(self.state).label} · 第{self.version}版"


class Transition(models.Model):
    """One step taken (流转记录): who, when, in which role, from which state to which, why, and the
    plan's content at that moment (interchange JSON), so that a return can be compared with the
    resubmission and a version with another."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="transitions")
    at = models.DateTimeField("时间", db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", **_USER)
    by_name = models.CharField("操作人姓名", max_length=150)
    role = models.CharField("角色", max_length=30)
    action = models.CharField("操作", max_length=20)
    from_state = models.CharField("原状态", max_length=30, choices=STATES)
    to_state = models.CharField("新状态", max_length=30, choices=STATES)
    version = models.PositiveIntegerField("版本")
    reason = models.TextField("原因/意见", blank=True)
    plan_revision = models.PositiveIntegerField("表的修订号")
    snapshot = snapshot_field("当时的内容")

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"
        ordering = ["plan_id", "at", "id"]


class CommentTarget(models.TextChoices):
    """What a return's comment is about (意见对象)."""

    INDICATOR = "indicator", "指标"
    GOAL = "goal", "年度总体目标"
    BUDGET = "budget", "资金"
    TITLE = "title", "名称"
    DUTIES = "duties", "部门职责"
    PLAN = "plan", "全表"


class Comment(models.Model):
    """A reviewer's comment attached to a return (退回意见), on one row or one field of the plan."""

    transition = models.ForeignKey(Transition, on_delete=models.PROTECT, related_name="comments")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="workflow_comments")
    target = models.CharField("对象", max_length=20, choices=CommentTarget.choices)
    indicator = models.ForeignKey(
        IndicatorRow, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    indicator_name = models.CharField("指标名称", max_length=500, blank=True)
    text = models.TextField("意见")

    class Meta:
        verbose_name = "退回意见"
        verbose_name_plural = "退回意见"
        ordering = ["transition_id", "id"]


class Explanation(models.Model):
    """A submitter's one-line explanation of a warning (警告说明): the finding's code and indicator."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="explanations")
    stage = models.CharField("阶段", max_length=20, choices=STAGES)
    version = models.PositiveIntegerField("版本")
    code = models.CharField("审核代码", max_length=50)
    indicator = models.ForeignKey(
        IndicatorRow, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    indicator_name = models.CharField("指标名称", max_length=500, blank=True)  # blank: a plan-level finding
    text = models.CharField("说明", max_length=500)
    at = models.DateTimeField("时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="说明人", **_USER)
    transition = models.ForeignKey(
        Transition, null=True, blank=True, on_delete=models.PROTECT, related_name="explanations"
    )

    class Meta:
        verbose_name = "警告说明"
        verbose_name_plural = "警告说明"
        ordering = ["plan_id", "at", "id"]


class PlanVersion(models.Model):
    """One version of a plan's targets (版本): 1, then one more per adjustment (调整, with its reason);
    ``content`` is the approved content in the interchange JSON, set when the version is approved."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    reason = models.TextField("调整原因", blank=True)
    started_at = models.DateTimeField("开始时间")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", **_USER)
    approved_at = models.DateTimeField("批复时间", null=True, blank=True)
    content = snapshot_field("批复内容", null=True, blank=True)

    class Meta:
        verbose_name = "版本"
        verbose_name_plural = "版本"
        ordering = ["plan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]


class RecheckScore(models.Model):
    """A score set by the finance re-check (复核得分), kept beside the unit's own (``unit_score``)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="recheck_scores")
    indicator = models.ForeignKey(IndicatorRow, null=True, on_delete=models.SET_NULL, related_name="+")
    indicator_name = models.CharField("指标名称", max_length=500)
    position = models.PositiveIntegerField("序号")
    unit_score = models.DecimalField("单位自评得分", **NUMBER)
    score = models.DecimalField("复核得分", max_digits=30, decimal_places=10)
    reason = models.TextField("复核理由")
    at = models.DateTimeField("时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="复核人", **_USER)

    class Meta:
        verbose_name = "复核得分"
        verbose_name_plural = "复核得分"
        ordering = ["plan_id", "position", "at", "id"]


class Publication(models.Model):
    """The published result of a self-evaluation (发布结果): final total, score out of 100 and grade."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="publications")
    transition = models.OneToOneField(Transition, on_delete=models.PROTECT, related_name="publication")
    total = models.DecimalField("总分", max_digits=30, decimal_places=10)
    max_total = models.DecimalField("满分", max_digits=30, decimal_places=10)
    normalized = models.DecimalField("百分制得分", **NUMBER)
    grade = models.CharField("等级", max_length=4, blank=True)
    rechecked = models.PositiveIntegerField("复核改分的指标数")

    class Meta:
        verbose_name = "发布结果"
        verbose_name_plural = "发布结果"


class SampleDraw(models.Model):
    """A random draw of plans for re-check (抽查): seed, population and the plans drawn, so that anyone
    can recompute it (``jixiao.core.workflow.draw_sample``)."""

    year = models.PositiveSmallIntegerField("预算年度")
    size = models.PositiveIntegerField("抽取数量")
    seed = models.CharField("随机种子", max_length=200)
    population = models.JSONField("备选范围（表编号）")
    drawn = models.JSONField("抽中（表编号，按抽取顺序）")
    at = models.DateTimeField("时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="抽取人", **_USER)

    class Meta:
        verbose_name = "抽查记录"
        verbose_name_plural = "抽查记录"
        ordering = ["-at"]


class Deadline(models.Model):
    """When plans of a budget year must have left a state (截止时间), set by the finance bureau; every
    change of it is kept (django-simple-history)."""

    year = models.PositiveSmallIntegerField("预算年度")
    state = models.CharField("环节", max_length=30, choices=STATES)
    due = models.DateField("截止日期")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设置人", **_USER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "截止时间"
        verbose_name_plural = "截止时间"
        ordering = ["year", "state"]
        constraints = [models.UniqueConstraint(fields=["year", "state"], name="deadline_unique")]


class Notification(models.Model):
    """An in-app notice (站内通知) of a return, an approval, a plan waiting or a deadline."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.CharField("内容", max_length=500)
    at = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-at", "-id"]
