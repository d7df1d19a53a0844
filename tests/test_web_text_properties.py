"""Any target table, printed as web pages print it, reads back to the same indicators (property).

A table is drawn (hypothesis): categories in the official hierarchy, indicator names, targets with
or without a written comparator, units, weights. It is printed in the forms of ``web_text``: pipe
rows whose merged leading cells are lost (a category written only on its first row), the same rows
padded with empty cells to the table's width and broken over lines after a caption cell, Markdown,
tab-separated text, one cell a paragraph. Each form must read to the indicators drawn: category, name, target, unit and
weight, the comparator where written. Modest example counts: the reading is what is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.model import Comparator
from jixiao.documents.load import plans_from_bytes

HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "计量单位", "分值"]
FAMILIES = {
    "产出指标": ["数量指标", "质量指标", "时效指标"],
    "效益指标": ["社会效益指标", "经济效益指标", "可持续影响指标"],
    "满意度指标": ["服务对象满意度指标"],
}
NAMES = [
    "新增企业数",
    "培训人次",
    "验收合格率",
    "设备完好率",
    "带动就业人数",
    "群众知晓率",
    "道路养护里程",
    "惠及农户数",
    "受益学生人数",
    "开展巡查次数",
]
UNITS = ["家", "人次", "%", "人", "公里", "户", "次"]
COMPARATORS = {"≥": Comparator.GE, "≤": Comparator.LE, "=": Comparator.EQ}


@dataclass(frozen=True)
class Row:
    level1: str
    level2: str
    name: str
    glyph: str  # "≥", "≤", "=" written before the number
    number: int
    unit: str
    weight: int


@st.composite
def tables(draw: st.DrawFn) -> list[Row]:
    """Rows grouped by 一级 then 二级, each name once."""
    level1s = draw(st.lists(st.sampled_from(sorted(FAMILIES)), min_size=1, max_size=3, unique=True))
    names = iter(draw(st.permutations(NAMES)))
    rows: list[Row] = []
    for level1 in level1s:
        level2s = draw(st.lists(st.sampled_from(FAMILIES[level1]), min_size=1, max_size=2, unique=True))
        for level2 in level2s:
            for _ in range(draw(st.integers(1, 2))):
                name = next(names, None)
                if name is None:
                    break
                rows.append(
                    Row(
                        level1,
                        level2,
                        name,
                        draw(st.sampled_from(sorted(COMPARATORS))),
                        draw(st.integers(1, 5000)),
                        draw(st.sampled_from(UNITS)),
                        draw(st.integers(1, 30)),
                    )
                )
    return rows


def cells(rows: list[Row], *, merged: bool) -> list[list[str]]:
    """Rows of cell texts; with ``merged``, a category is written on its first row only and the row
    loses the cells (as a page loses merged cells)."""
    out: list[list[str]] = []
    previous: Row | None = None
    for row in rows:
        values = [f"{row.glyph}{row.number}", row.unit, str(row.weight)]
        full = [row.level1, row.level2, row.name, *values]
        if merged and previous is not None and previous.level1 == row.level1:
            full = full[2:] if previous.level2 == row.level2 else full[1:]
        out.append(full)
        previous = row
    return out


def pipe(rows: list[Row]) -> str:
    body = "\n".join(" | ".join(row) + " |" for row in cells(rows, merged=True))
    return f"项目支出绩效目标表\n{' | '.join(HEADER)} |\n{body}\n"


def padded_and_broken(rows: list[Row], cut: int) -> str:
    """Each row padded with empty cells; the header behind a caption cell merged down the table
    (绩效指标), the header row broken over lines after the caption and after ``cut`` cells."""
    lines = ["| 项目支出绩效目标表 | |||||", "| 项目名称 | 示例项目 | ||||", "|", "绩效指标 |"]
    lines.append(" | ".join(HEADER[:cut]) + " |")
    lines.append(" | ".join(HEADER[cut:]) + " | ||")
    lines += ["| " + " | ".join(row) + " | |||" for row in cells(rows, merged=True)]
    return "\n".join(lines) + "\n"


def markdown(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in cells(rows, merged=False)]
    return "\n".join(lines) + "\n"


def tabs(rows: list[Row]) -> str:
    lines = ["\t".join(HEADER)] + ["\t".join(row) for row in cells(rows, merged=False)]
    return "\n".join(lines) + "\n"


def paragraphs(rows: list[Row]) -> str:
    """One cell a paragraph, merged cells lost, the 一级 heading broken in two ("一级" / "指标")."""
    texts = ["项目支出绩效自评表", "一级", "指标", *HEADER[1:]]
    for row in cells(rows, merged=True):
        texts += row
    return "\n\n".join(text or "\u00a0" for text in texts) + "\n"


def read(text: str) -> list[tuple[object, ...]]:
    (plan,) = plans_from_bytes(text.encode("utf-8"), "page.txt")
    return [(i.level1, i.level2, i.name, i.comparator, i.target, i.unit, i.weight) for i in plan.indicators]


def expected(rows: list[Row]) -> list[tuple[object, ...]]:
    return [
        (r.level1, r.level2, r.name, COMPARATORS[r.glyph], Decimal(r.number), r.unit, Decimal(r.weight))
        for r in rows
    ]


PROPERTY = settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(tables())
def test_pipe_rows_that_lost_their_merged_cells_read_back(rows: list[Row]) -> None:
    assert read(pipe(rows)) == expected(rows)


@PROPERTY
@given(tables(), st.integers(1, len(HEADER) - 1))
def test_padded_pipe_rows_broken_over_lines_read_back(rows: list[Row], cut: int) -> None:
    assert read(padded_and_broken(rows, cut)) == expected(rows)


@PROPERTY
@given(tables())
def test_markdown_and_tab_separated_tables_read_back(rows: list[Row]) -> None:
    assert read(markdown(rows)) == expected(rows)
    assert read(tabs(rows)) == expected(rows)


@PROPERTY
@given(tables())
def test_one_cell_a_paragraph_reads_back(rows: list[Row]) -> None:
    assert read(paragraphs(rows)) == expected(rows)
