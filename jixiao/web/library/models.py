"""The bureau's corrections of the indicator library (指标库更正): merges, splits, common indicators.

The library itself is not stored: it is built from all plans (``build.py``) and these rows are applied
on top of the automatic matching, as ``jixiao.core.library`` corrections.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CorrectionKind(models.TextChoices):
    MERGE = "merge", "合并（两条目是同一指标）"
    SPLIT = "split", "拆分（该名称单独成条）"
    COMMON = "common", "共性指标（本行业必设）"


class Correction(models.Model):
    """One correction: ``entry`` is a library entry id ("产出指标/数量指标/新增省级小巨人企业数")."""

    kind = models.CharField("更正类型", max_length=10, choices=CorrectionKind.choices)
    entry = models.CharField("条目", max_length=700, help_text="合并时为保留的条目；拆分、共性指标时为该条目")
    other = models.CharField("并入的条目", max_length=700, blank=True, help_text="仅合并：被并入的条目")
    name = models.CharField("单独成条的名称", max_length=500, blank=True, help_text="仅拆分：指标名称原文")
    sector = models.CharField("行业领域", max_length=100, blank=True, help_text="仅共性指标")
    reason = models.CharField("理由", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "指标库更正"
        verbose_name_plural = "指标库更正"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.entry}"
