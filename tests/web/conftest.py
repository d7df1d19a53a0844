"""Shared fixtures of the web tests: one organisation tree with a person for every role, in the
department under test ("own") and in another ("other"), and a logged-in client helper."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from jixiao.web.accounts.models import Membership, Organisation, OrgKind, Role
from tests.web.browser import browser  # noqa: F401 — the browser tests' Chromium, as a shared fixture

PASSWORD = "Jixiao-test-2023!"


@dataclass
class World:
    bureau: Organisation
    department: Organisation  # 工信局, own
    unit: Organisation  # 工信局 / 机关, own
    other_department: Organisation  # 教育局
    other_unit: Organisation  # 教育局 / 机关
    people: dict[str, User]  # by key below

    def user(self, key: str) -> User:
        return self.people[key]


PEOPLE = {
    # key: (organisation attribute, role)
    "filler": ("unit", Role.UNIT_FILLER),
    "head": ("unit", Role.UNIT_HEAD),
    "dept": ("department", Role.DEPARTMENT_REVIEWER),
    "finance": ("bureau", Role.FINANCE_REVIEWER),
    "admin": ("bureau", Role.ADMIN),
    "other_filler": ("other_unit", Role.UNIT_FILLER),
    "other_head": ("other_unit", Role.UNIT_HEAD),
    "other_dept": ("other_department", Role.DEPARTMENT_REVIEWER),
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Tests hash passwords with MD5: the production hasher costs ~0.3 s a person on a busy machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _library_asks_always(settings: Any) -> None:
    """The kept indicator library asks the database on every request (``library.build``): a test's
    rolled-back plans leave no signal behind. ``test_library`` tests the one-second window itself."""
    settings.JIXIAO_LIBRARY_RECHECK_SECONDS = 0


@pytest.fixture
def world(db: None) -> World:
    bureau = Organisation.objects.create(name="株洲市财政局", kind=OrgKind.BUREAU)
    department = Organisation.objects.create(
        name="株洲市工业和信息化局", kind=OrgKind.DEPARTMENT, parent=bureau
    )
    unit = Organisation.objects.create(name="机关", kind=OrgKind.UNIT, parent=department)
    other_department = Organisation.objects.create(
        name="株洲市教育局", kind=OrgKind.DEPARTMENT, parent=bureau
    )
    other_unit = Organisation.objects.create(name="机关", kind=OrgKind.UNIT, parent=other_department)
    w = World(bureau, department, unit, other_department, other_unit, {})
    for key, (attr, role) in PEOPLE.items():
        user = User.objects.create_user(key, password=PASSWORD, first_name=key)
        if role is Role.ADMIN:
            user.is_staff = user.is_superuser = True
            user.save()
        Membership.objects.create(user=user, organisation=getattr(w, attr), role=role)
        w.people[key] = user
    return w


@pytest.fixture
def login(world: World) -> Callable[[str], Client]:
    """``login("filler")`` → a test client logged in as that person."""

    def make(key: str) -> Client:
        client = Client()
        client.force_login(world.user(key))
        return client

    return make
