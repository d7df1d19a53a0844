"""Bulk import of people from an .xlsx list in the administrators' pages: all rows or none."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from jixiao.web.accounts.models import Membership, Role
from tests.web.conftest import World

URL = "/admin/auth/user/import/"


def people_xlsx(
    *rows: tuple[str, str, str, str], header: tuple[str, ...] = ("用户名", "姓名", "组织", "角色")
) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    data = BytesIO()
    book.save(data)
    return SimpleUploadedFile("人员名单.xlsx", data.getvalue())


def test_it_imports_people_with_their_roles(world: World, login: Callable[[str], Client]) -> None:
    upload = people_xlsx(
        ("zhang-san", "张三", "株洲市工业和信息化局/机关", "单位填报人"),
        ("li-si", "李四", "株洲市工业和信息化局", "主管部门审核人"),
        ("filler", "填报人", "株洲市教育局/机关", "单位负责人"),  # an existing person gains a role
    )
    response = login("admin").post(URL, {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "已导入 3 行" in page
    zhang = User.objects.get(username="zhang-san")
    assert zhang.first_name == "张三"
    assert Membership.objects.get(user=zhang).organisation == world.unit
    assert Membership.objects.filter(user__username="li-si", role=Role.DEPARTMENT_REVIEWER).exists()
    assert Membership.objects.filter(user=world.user("filler")).count() == 2
    assert "（已有账号，未改密码）" in page


def test_it_names_every_faulty_row_and_imports_nothing(world: World, login: Callable[[str], Client]) -> None:
    upload = people_xlsx(
        ("wang-wu", "王五", "株洲市工业和信息化局/机关", "单位填报人"),
        ("zhao liu", "赵六", "株洲市工业和信息化局/机关", "单位填报人"),
        ("qian-qi", "钱七", "不存在的局", "填报员"),
    )
    page = login("admin").post(URL, {"file": upload}).content.decode()
    assert "名单未导入" in page
    assert "第3行：用户名「zhao liu」无效" in page
    assert "第4行：组织「不存在的局」不存在" in page and "角色「填报员」应为" in page
    assert not User.objects.filter(username__in=["wang-wu", "zhao-liu", "qian-qi"]).exists()


def test_it_names_missing_columns_and_unreadable_files(world: World, login: Callable[[str], Client]) -> None:
    client = login("admin")
    page = client.post(URL, {"file": people_xlsx(header=("用户名", "姓名"))}).content.decode()
    assert "第1行缺少列：组织、角色" in page
    page = client.post(URL, {"file": SimpleUploadedFile("坏.xlsx", b"not a workbook")}).content.decode()
    assert "坏.xlsx" in page and "名单未导入" in page


def test_it_is_for_administrators_only(world: World, login: Callable[[str], Client]) -> None:
    response = login("dept").post(URL, {"file": people_xlsx(("x", "X", "株洲市财政局", "财政审核人"))})
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert not User.objects.filter(username="x").exists()
