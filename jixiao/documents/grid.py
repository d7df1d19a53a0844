"""A grid of cells with provenance (单元格网格): what every reader produces, whatever the format.

Readers turn a format into grids; ``layout`` turns grids into plans. A cell covered by a merged
range carries a copy of its anchor's text with ``merged=True``, so layout can fill merged category
cells and drop repeated copies in a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from jixiao.core.errors import InputError, Location


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    location: Location
    merged: bool = False  # a copy of a merged range's anchor text
    formula: str = ""  # a formula whose value the file does not hold (text ""): never evaluated

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Grid:
    """One sheet, page, Word table or text block: rows of cells, each knowing where it came from."""

    rows: list[list[Cell]]
    source: Location
    name: str = ""  # sheet name, "表2", "第3页"
    text_before: list[Cell] = field(default_factory=list)  # paragraphs around a Word/PDF table

    def __iter__(self) -> Iterator[list[Cell]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def unstored_formula(cell: Cell) -> InputError:
    """The refusal (``InputError`` naming the cell) of a formula cell read for a value whose result the
    file does not hold: read as empty, the value would be silently lost."""
    return InputError(
        f"单元格是公式「{cell.formula}」，文件里没有保存它的计算结果（文件由程序生成，未在 Excel 或 WPS 中"
        "保存过）。jixiao 不执行公式：请在 Excel 或 WPS 中打开这个文件、保存后再导入",
        cell.location,
    )
