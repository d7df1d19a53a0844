"""``jixiao manage loaddemo``: load the demonstration data into an empty database."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jixiao.web.demo import PEOPLE, demo_is_loaded, load_demo


class Command(BaseCommand):
    help = "载入演示数据（株洲市财政局及三个部门、各角色演示账号、示例绩效目标表）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="已有演示数据时什么也不做")

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_is_loaded():
            if options["if_empty"]:
                return
            raise CommandError("演示数据已存在，未重复载入")
        given = os.environ.get("JIXIAO_DEMO_PASSWORD") or None
        password = load_demo(given)
        self.stdout.write("已载入演示数据。演示账号：")
        for person in PEOPLE:
            self.stdout.write(f"  {person.username:8}  {person.role.label}（{person.organisation}）")
        if given:
            self.stdout.write("密码：环境变量 JIXIAO_DEMO_PASSWORD 的值")
        else:
            self.stdout.write(f"密码（只显示这一次）：{password}")
