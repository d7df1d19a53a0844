"""A grid of cells with provenance (单元格网格): what every reader produces, whatever the format.

Readers turn a format into grids; ``layout`` turns grids into plans. A cell covered by a merged
range carries a copy of its anchor's text with ``merged=True``, so layout can fill merged category
cells and drop repeated copies in a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from jixiao.core.errors import Location


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    location: Location
    merged: bool = False  # a copy of a merged range's anchor text

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
