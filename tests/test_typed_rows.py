"""Rows typed or pasted by a person, read as a table's rows are (documents.layout.typed)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.errors import InputError, ValueParseError
from jixiao.core.model import Comparator
from jixiao.core.values import read_comparator
from jixiao.documents.layout.headers import Column
from jixiao.documents.layout.typed import (
    edit_indicator,
    indicator_texts,
    read_typed_indicator,
    read_typed_rows,
    split_pasted,
)
from jixiao.documents.load import load_plans
from jixiao.documents.writers.samples import generated_plans

SEED = Path(__file__).resolve().parents[1] / "examples" / "zhuzhou-gxj-2023-targets.txt"


def test_it_reads_an_indicator_back_from_the_texts_it_shows() -> None:
    for ind in load_plans(SEED)[0].indicators:
        again = read_typed_indicator(indicator_texts(ind), (ind.level1, ind.level2))
        assert replace(again, source=ind.source) == ind


def test_it_changes_only_the_fields_of_the_edited_cell() -> None:
    for ind in generated_plans(2, seed=7, indicators=12)[0].indicators:  # names "指标1：数量1"
        edited = edit_indicator(ind, Column.WEIGHT, "7.5")
        assert edited == replace(ind, weight=Decimal("7.5"))
        retyped = edit_indicator(ind, Column.TARGET, "不超过12个")
        assert (retyped.comparator, retyped.target, retyped.unit, retyped.name) == (
            Comparator.LE,
            Decimal(12),
            ind.unit or "个",
            ind.name,
        )


def test_it_reads_pasted_rows_with_categories_from_above() -> None:
    text = '\t\t培训人次\t≥\t300\t人次\t\t完成得满分\t4\r\n\t\t"合格率\n（年度）"\t\t95%\t\t\t\t3\r\n\r\n'
    plan = read_typed_rows(split_pasted(text), "粘贴的内容", ("产出指标", "数量指标"))
    first, second = plan.indicators
    assert (first.level1, first.level2, first.name, first.target, first.unit) == (
        "产出指标",
        "数量指标",
        "培训人次",
        Decimal(300),
        "人次",
    )
    assert second.name == "合格率（年度）" and (second.comparator, second.unit) == (Comparator.GE, "%")


def test_it_names_the_pasted_cell_that_cannot_be_read() -> None:
    with pytest.raises(ValueParseError) as error:
        read_typed_rows(split_pasted("产出指标\t数量指标\t培训人次\t≥\t三百多\t人次\n"), "粘贴的内容")
    assert str(error.value).startswith("粘贴的内容 第1行 E列：目标值「三百多」不是数值")


def test_it_refuses_a_pasted_or_typed_score_above_the_weight_naming_the_row() -> None:
    rows = "产出指标\t数量指标\t培训人次\t≥\t300\t人次\t\t完成得分\t4\t320\t4\n\t\t合格率\t≥\t95\t%\t\t完成得分\t3\t96\t3.5\n"
    with pytest.raises(InputError) as error:
        read_typed_rows(split_pasted(rows), "粘贴的内容")
    assert str(error.value).startswith("粘贴的内容 第2行")
    assert "「合格率」的得分 3.5 超过该指标分值 3" in str(error.value)
    ind = read_typed_rows(split_pasted(rows.splitlines()[0]), "粘贴的内容").indicators[0]
    with pytest.raises(InputError, match="得分 5 超过该指标分值 4"):
        edit_indicator(ind, Column.STATED_SCORE, "5")
    with pytest.raises(InputError, match="得分 4 超过该指标分值 3"):
        edit_indicator(ind, Column.WEIGHT, "3")
    assert edit_indicator(replace(ind, stated_score=Decimal(9)), Column.REASON, "超额").reason == "超额"


def test_it_refuses_an_unknown_comparator_but_lets_the_value_decide_for_blank_or_quantitative() -> None:
    with pytest.raises(ValueParseError, match="指标值类型「≈」无法识别"):
        read_comparator("≈")
    assert read_comparator("") is None and read_comparator("定量") is None
    assert read_comparator("不少于") is Comparator.GE and read_comparator("反向指标") is Comparator.LE
    with pytest.raises(InputError, match="不能都为空"):
        read_typed_indicator({Column.LEVEL1: "产出指标"})
