"""The indicator library as a workbook (指标库.xlsx): one row per entry, one per unit and year.

Sheet 指标库: 一级指标, 二级指标, 指标名称, 计量单位, 名称写法, 单位数, 年度, 归并说明, 共性指标(行业).
Sheet 历年数据: 条目, 年度, 单位, 目标值, 实际值, 完成率, 是否完成 — for the units in ``organisations``.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from jixiao.core.library import Library, entries_by_category


def _cell(value: object) -> object:
    return value if isinstance(value, Decimal) or value is None else str(value)


def library_xlsx(library: Library, organisations: Collection[str]) -> bytes:
    """The workbook as bytes; history rows only of the units named in ``organisations``."""
    book = Workbook()
    entries = book.active
    assert entries is not None
    entries.title = "指标库"
    entries.append(
        [
            "一级指标",
            "二级指标",
            "指标名称",
            "计量单位",
            "名称写法",
            "单位数",
            "年度",
            "归并说明",
            "共性指标（行业）",
        ]
    )
    history = book.create_sheet("历年数据")
    history.append(
        [
            "条目",
            "年度",
            "单位",
            "一级指标",
            "二级指标",
            "指标名称",
            "目标值",
            "实际值",
            "计量单位",
            "完成率",
            "是否完成",
        ]
    )
    for _, group in entries_by_category(library):
        for entry in group:
            units = {o.organisation for o in entry.observations}
            entries.append(
                [
                    entry.level1,
                    entry.level2,
                    entry.name,
                    entry.unit,
                    "、".join(entry.variants),
                    len(units),
                    "、".join(str(y) for y in entry.years()),
                    entry.explanation(),
                    "、".join(sorted(entry.common_in)),
                ]
            )
            for o in sorted(entry.observations, key=lambda o: (o.year, o.organisation)):
                if o.organisation not in organisations:
                    continue
                ind = o.indicator
                history.append(
                    [
                        entry.name,
                        o.year,
                        o.organisation,
                        entry.level1,
                        entry.level2,
                        ind.name,
                        _cell(ind.target),
                        _cell(ind.actual),
                        ind.unit,
                        _cell(o.completion),
                        {True: "是", False: "否", None: ""}[o.met],
                    ]
                )
    for sheet in (entries, history):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
