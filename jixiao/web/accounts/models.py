"""Organisations, memberships with a role, and personal API tokens (组织、人员、角色、令牌)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


class OrgKind(models.TextChoices):
    """The three levels of the tree: 财政局 → 主管部门 → 单位."""

    BUREAU = "bureau", "财政局"
    DEPARTMENT = "department", "主管部门"
    UNIT = "unit", "单位"


class Role(models.TextChoices):
    """What a person does in an organisation (角色)."""

    UNIT_FILLER = "unit_filler", "单位填报人"
    UNIT_HEAD = "unit_head", "单位负责人"
    DEPARTMENT_REVIEWER = "department_reviewer", "主管部门审核人"
    FINANCE_REVIEWER = "finance_reviewer", "财政审核人"
    ADMIN = "admin", "系统管理员"


class Organisation(models.Model):
    """One node of the tree; a unit's parent is its department, a department's the bureau."""

    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField("编码", max_length=50, blank=True)
    sector = models.CharField("行业领域", max_length=100, blank=True)

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_under_parent")
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """ "株洲市工业和信息化局 / 机关" for a unit, the name alone for the others."""
        return full_name(self.kind, self.name, self.parent.name if self.parent is not None else None)


def full_name(kind: str, name: str, parent: str | None) -> str:
    """``Organisation.full_name`` from the columns (for lists read as values, without the rows)."""
    return f"{parent} / {name}" if kind == OrgKind.UNIT and parent is not None else name


class Membership(models.Model):
    """A person's role in one organisation; a person may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("角色", max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token (个人令牌): only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    @classmethod
    def issue(cls, user: object, name: str = "") -> tuple[ApiToken, str]:
        """A new token for ``user``: ``(row, raw)``; ``raw`` is the only copy of the secret."""
        raw = "jx_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=hash_token(raw), prefix=raw[:10])
        return token, raw
