"""``jixiao manage apitoken USERNAME``: create a personal API token and print it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jixiao.web.accounts.models import ApiToken


class Command(BaseCommand):
    help = "为用户创建个人 API 令牌并打印（只显示这一次）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="命令行创建", help="令牌用途")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有用户「{options['username']}」")
        _token, raw = ApiToken.issue(user, options["name"])
        self.stdout.write(raw)
