"""The JSON interchange format (交换格式): plans to dicts and back, with errors that name the JSON path."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from jixiao.core.errors import InputError
from jixiao.core.serialize import plans_from_dict


def plans(**indicator: object) -> dict[str, object]:
    return {"plans": [{"kind": "project", "indicators": [{"name": "新增企业", "target": 8, **indicator}]}]}


@pytest.mark.parametrize(
    ("field", "number"),
    [
        *[(f, n) for f in ("weight", "stated_score") for n in ("NaN", "Infinity", "-Infinity", "sNaN")],
        *[
            (f, n)
            for f in ("weight", "stated_score", "target", "actual")
            for n in (Decimal("NaN"), float("inf"))
        ],
    ],
)
def test_it_refuses_a_number_that_is_not_finite(field: str, number: object) -> None:
    with pytest.raises(InputError, match=rf"plans\[0\]\.indicators\[0\]\.{field}：应为数值"):
        plans_from_dict(plans(**{field: number}))


def test_it_refuses_the_nan_a_json_parser_lets_through() -> None:
    data = json.loads('{"plans": [{"budget": {"annual": NaN}}]}', parse_float=Decimal, parse_int=Decimal)
    with pytest.raises(InputError, match=r"plans\[0\]\.budget\.annual：应为数值"):
        plans_from_dict(data)


def test_it_reads_a_source_whose_numbers_the_json_parser_made_decimals() -> None:
    source = {"file": "表.docx", "sheet": "表1", "row": 3, "column": 4}
    data = json.loads(json.dumps(plans(source=source)), parse_float=Decimal, parse_int=Decimal)
    where = plans_from_dict(data)[0].indicators[0].source
    assert where is not None
    assert (where.row, where.column) == (3, 4)
    assert where.describe() == "表.docx 表1 第3行 D列"


@pytest.mark.parametrize(
    ("source", "path", "message"),
    [
        ({"column": "D"}, "source.column", "应为整数"),
        ({"row": 2.5}, "source.row", "应为整数"),
        ({"line": True}, "source.line", "应为整数"),
        ({"file": 3}, "source.file", "应为文字"),
    ],
)
def test_it_refuses_a_source_of_the_wrong_types(source: dict[str, object], path: str, message: str) -> None:
    with pytest.raises(InputError, match=rf"plans\[0\]\.indicators\[0\]\.{path}：{message}"):
        plans_from_dict(plans(source=source))


def test_it_refuses_placeholders_that_are_not_a_list() -> None:
    with pytest.raises(InputError, match=r"plans\[0\]\.placeholders：应为列表"):
        plans_from_dict({"plans": [{"placeholders": 5}]})
