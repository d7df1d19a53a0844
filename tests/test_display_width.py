"""``display_width`` (core.errors; the writers' column widths and row heights, the caret under a
rule's error): East Asian wide and full-width characters count two columns, every other one."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.errors import display_width


def test_it_counts_cjk_and_full_width_forms_twice() -> None:
    assert display_width("") == 0
    assert display_width("≥1950 万元") == 10
    assert display_width("培训，１２ab") == 12


@given(st.text())
def test_it_counts_each_character_by_its_east_asian_width(text: str) -> None:
    assert display_width(text) == sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
