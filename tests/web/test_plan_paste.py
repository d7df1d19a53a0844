"""A block copied from Excel or WPS pasted into the plan table: rows read as a table's rows are and
inserted; an unreadable cell or an over-large paste is refused with nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.test import Client

from jixiao.web.plans.models import IndicatorRow, Plan
from tests.web.conftest import World
from tests.web.plan_helpers import stored_seed

TWO_ROWS = (
    "产出指标\t质量指标\t企业培训合格率\t≥\t95\t%\t\t达到目标值得满分，每低1个百分点扣1分\t5\n"
    "\t\t服务企业满意度调查次数\t≥\t2\t次\t\t完成得满分\t3\n"
)


def _paste(client: Client, plan: Plan, text: str, at: int | str = "") -> object:
    return client.post(f"/plans/{plan.pk}/paste/", {"text": text, "at": at, "revision": plan.revision})


def test_it_inserts_pasted_rows_where_the_cursor_is(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    count = IndicatorRow.objects.filter(plan=plan).count()
    response = _paste(login("filler"), plan, TWO_ROWS, at=2)
    assert response.status_code == 200  # type: ignore[attr-defined]
    rows = list(IndicatorRow.objects.filter(plan=plan).order_by("position"))
    assert len(rows) == count + 2
    first, second = rows[2], rows[3]
    assert (first.name, first.comparator, first.target_number, first.unit, first.weight) == (
        "企业培训合格率",
        "ge",
        Decimal(95),
        "%",
        Decimal(5),
    )
    assert (second.level1, second.level2) == ("产出指标", "质量指标")  # blank categories from above
    assert first.history.latest().history_change_reason == "page"


def test_it_reads_a_pasted_header_row_for_the_columns(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    text = "三级指标\t分值\t指标值\t一级指标\t二级指标\n按时报送率\t4\t100%\t产出指标\t时效指标\n"
    assert _paste(login("filler"), plan, text).status_code == 200  # type: ignore[attr-defined]
    row = IndicatorRow.objects.get(plan=plan, name="按时报送率")
    assert (row.weight, row.target_number, row.unit, row.level2) == (
        Decimal(4),
        Decimal(100),
        "%",
        "时效指标",
    )


def test_it_refuses_a_paste_with_an_unreadable_cell_naming_it(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = stored_seed(world)
    count = IndicatorRow.objects.filter(plan=plan).count()
    response = _paste(login("filler"), plan, TWO_ROWS.replace("\t3\n", "\t三分多\n"))
    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "粘贴的内容 第2行 I列" in page and "分值「三分多」不是数值" in page
    assert IndicatorRow.objects.filter(plan=plan).count() == count


def test_it_refuses_a_10_mb_paste_with_a_message(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    count = IndicatorRow.objects.filter(plan=plan).count()
    huge = (TWO_ROWS * (10 * 1024 * 1024 // len(TWO_ROWS.encode()) + 1))[: 10 * 1024 * 1024]
    response = _paste(login("filler"), plan, huge)
    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert 'id="paste-error"' in page and "粘贴的内容过大" in page
    assert IndicatorRow.objects.filter(plan=plan).count() == count
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision


def test_it_lets_only_the_filler_paste(world: World, login: Callable[[str], Client]) -> None:
    plan = stored_seed(world)
    assert _paste(login("dept"), plan, TWO_ROWS).status_code == 403  # type: ignore[attr-defined]
    assert _paste(login("other_filler"), plan, TWO_ROWS).status_code == 404  # type: ignore[attr-defined]
    assert not IndicatorRow.objects.filter(plan=plan, name="企业培训合格率").exists()
