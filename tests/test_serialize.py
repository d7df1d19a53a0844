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
