"""The finance bureau's results-applied policy as stored (结果应用政策): one row per bureau and grade.

The rules (default, validation, the suggested figure) are ``jixiao.core.outcomes``; a bureau without
rows uses ``core.outcomes.DEFAULT_POLICY``. Every change is kept by django-simple-history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from jixiao.core.scoring import Grade
from jixiao.web.accounts.models import Organisation

GRADES = [(g.value, g.value) for g in Grade]


class Consequence(models.Model):
    """What one grade means for the next budget in one bureau (结果应用): a phrase and, optionally, the
    fraction by which the budget moves (−0.1 = 压减10%)."""

    bureau = models.ForeignKey(
        Organisation, verbose_name="财政局", on_delete=models.CASCADE, related_name="result_consequences"
    )
    grade = models.CharField("等级", max_length=4, choices=GRADES)
    action = models.CharField("结果应用", max_length=50)
    change = models.DecimalField("下年预算调整比例", max_digits=7, decimal_places=4, null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "结果应用政策"
        verbose_name_plural = "结果应用政策"
        constraints = [models.UniqueConstraint(fields=["bureau", "grade"], name="consequence_unique_grade")]
