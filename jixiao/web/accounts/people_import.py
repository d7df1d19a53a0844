"""Bulk import of people (批量导入人员) from an .xlsx list with the columns 用户名, 姓名, 组织, 角色.

组织 is an organisation's name (株洲市财政局, 株洲市工业和信息化局) or a unit as 部门/单位
(株洲市工业和信息化局/机关); 角色 is a role's Chinese name (单位填报人 …). The sheet is read by the same
reader (and hostile-file limits) as any upload. Every row is checked first; any fault refuses the whole
list with messages naming each row, and nothing is saved. A new person gets a random password, shown
once; a person already there gains the membership.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction

from jixiao.core.errors import InputError
from jixiao.documents.limits import Limits
from jixiao.documents.spreadsheet import read_xlsx
from jixiao.web.accounts.models import Membership, Organisation, OrgKind, Role

COLUMNS = ("用户名", "姓名", "组织", "角色")
ROLES = {label: Role(value) for value, label in Role.choices}


@dataclass(frozen=True, slots=True)
class PersonRow:
    line: int  # the row number in the sheet
    username: str
    name: str
    organisation: Organisation
    role: Role


@dataclass(frozen=True, slots=True)
class Imported:
    username: str
    password: str | None  # a new person's password, None for a person already there
    membership: str


class PeopleListError(InputError):
    """The list cannot be imported; ``problems`` holds one Chinese sentence per faulty row."""

    def __init__(self, name: str, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(f"{name}：" + "；".join(self.problems))


def _organisations() -> dict[str, Organisation]:
    """Every organisation by the names a list may use: its own name (when unique) and 部门/单位."""
    by_name: dict[str, list[Organisation]] = {}
    for org in Organisation.objects.select_related("parent"):
        by_name.setdefault(org.name, []).append(org)
        if org.kind == OrgKind.UNIT and org.parent is not None:
            by_name.setdefault(f"{org.parent.name}/{org.name}", []).append(org)
    return {name: orgs[0] for name, orgs in by_name.items() if len(orgs) == 1}


def read_people(data: bytes, name: str, limits: Limits) -> list[PersonRow]:
    """The rows of the list in ``data`` (.xlsx); ``PeopleListError`` naming every faulty row."""
    grids = read_xlsx(data, name, limits)
    if not grids or not grids[0].rows:
        raise PeopleListError(name, ["第一个工作表是空的"])
    header = [c.text.strip() for c in grids[0].rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise PeopleListError(name, [f"第1行缺少列：{'、'.join(missing)}（应有 {'、'.join(COLUMNS)}）"])
    index = {c: header.index(c) for c in COLUMNS}
    organisations = _organisations()
    rows: list[PersonRow] = []
    problems: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for cells in grids[0].rows[1:]:
        texts = [c.text.strip() for c in cells]
        if not any(texts):
            continue
        line = cells[0].location.row or 0
        value = {c: texts[i] if i < len(texts) else "" for c, i in index.items()}
        faults = _faults(value, organisations, seen)
        if faults:
            problems.append(f"第{line}行：" + "，".join(faults))
            continue
        seen.add((value["用户名"], value["组织"], value["角色"]))
        rows.append(
            PersonRow(
                line, value["用户名"], value["姓名"], organisations[value["组织"]], ROLES[value["角色"]]
            )
        )
    if problems:
        raise PeopleListError(name, problems)
    if not rows:
        raise PeopleListError(name, ["表中没有人员"])
    return rows


def _faults(
    value: dict[str, str], organisations: dict[str, Organisation], seen: set[tuple[str, ...]]
) -> list[str]:
    faults = []
    try:
        UnicodeUsernameValidator()(value["用户名"])
    except ValidationError:
        faults.append(f"用户名「{value['用户名']}」无效（只能用字母、数字和 @.+-_）")
    if not value["姓名"]:
        faults.append("姓名为空")
    if value["组织"] not in organisations:
        faults.append(f"组织「{value['组织']}」不存在或不唯一（单位请写作 部门/单位）")
    if value["角色"] not in ROLES:
        faults.append(f"角色「{value['角色']}」应为 {'、'.join(ROLES)} 之一")
    if (value["用户名"], value["组织"], value["角色"]) in seen:
        faults.append("与前面的行重复")
    return faults


@transaction.atomic
def import_people(rows: Sequence[PersonRow]) -> list[Imported]:
    """Create the people and memberships of ``rows`` (all or nothing)."""
    done = []
    for row in rows:
        user = User.objects.filter(username=row.username).first()
        password = None
        if user is None:
            password = secrets.token_urlsafe(9)
            user = User.objects.create_user(row.username, password=password, first_name=row.name)
        Membership.objects.get_or_create(user=user, organisation=row.organisation, role=row.role)
        done.append(Imported(row.username, password, f"{row.organisation.full_name} · {row.role.label}"))
    return done
