"""What a table can mean (core/bounds.py), enforced by ``documents.load`` for every format: numbers
within 15 significant digits and 1e-10..1e15, texts within their lengths, no lone surrogates."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import builders
import pytest

from jixiao.core.bounds import TEXT_LIMITS, number_problem
from jixiao.core.errors import InputError
from jixiao.documents.load import plans_from_bytes
from jixiao.documents.writers.report import write_report


def plan_json(indicator: dict[str, object], **plan: object) -> bytes:
    base: dict[str, object] = {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "新增企业数",
        "comparator": "ge",
        "target": 40,
        "unit": "家",
        "weight": 10,
    }
    document = {
        "plans": [
            {"kind": "project", "title": "项目支出绩效自评表", **plan, "indicators": [base | indicator]}
        ]
    }
    return json.dumps(document, ensure_ascii=False).encode()


def refusal(data: bytes, name: str) -> InputError:
    with pytest.raises(InputError) as caught:
        plans_from_bytes(data, name)
    return caught.value


@pytest.mark.parametrize(
    "literal",
    ["1e999999", "-1e-999999", "9" * 100_000, "1e27", "0.12345678901234567", "1e-11", "1000000000000001"],
)
def test_it_refuses_json_numbers_out_of_range_naming_the_field(literal: str) -> None:
    data = plan_json({}).replace(b'"weight": 10', b'"weight": 10, "actual": ' + literal.encode())

    error = refusal(data, "n.json")

    assert "n.json" in str(error) and "plans[0].indicators[0].actual" in error.message
    assert "实际完成值" in error.message and len(error.message) < 300  # the number is not quoted whole


@pytest.mark.parametrize(
    "literal", ["1e15", "-1e15", "1e-10", "123456789012345", "0", "0.000", "100.0000000000000000"]
)
def test_it_reads_numbers_at_the_edges_of_the_range(literal: str) -> None:
    data = plan_json({}).replace(b'"weight": 10', b'"weight": 10, "actual": ' + literal.encode())

    (plan,) = plans_from_bytes(data, "edge.json")

    assert plan.indicators[0].actual == Decimal(literal)


def test_it_refuses_a_target_cell_with_too_many_digits_at_its_cell() -> None:
    rows = [list(row) for row in builders.CSV_ROWS]
    rows[1][3] = "≥1234567.12345678901"

    error = refusal(builders.csv_bytes(rows), "digits.csv")

    assert "digits.csv 第2行" in str(error) and "有效数字过多" in error.message and "指标值" in error.message


def test_it_refuses_a_name_over_its_length_at_its_cell_and_reads_one_at_it() -> None:
    rows = [list(row) for row in builders.CSV_ROWS]
    rows[1][2] = "长" * (TEXT_LIMITS["name"] + 1)
    error = refusal(builders.csv_bytes(rows), "long.csv")
    rows[1][2] = "长" * TEXT_LIMITS["name"]

    assert "long.csv 第2行" in str(error) and "过长" in error.message and "501" in error.message
    assert plans_from_bytes(builders.csv_bytes(rows), "ok.csv")[0].indicators[0].name == rows[1][2]


def test_it_refuses_lone_surrogates_naming_the_field() -> None:
    data = plan_json({"name": "名称"}).replace("名称".encode(), b"\\ud800\\udfff\\ud800")

    error = refusal(data, "s.json")

    assert "plans[0].indicators[0].name" in error.message and "无法编码" in error.message
    str(error).encode("utf-8")  # the message itself can be printed


def test_it_gives_every_number_out_of_range_a_reason() -> None:
    assert number_problem(Decimal("1E+16")) and number_problem(Decimal("-1E-11"))
    assert number_problem(Decimal("1234567890123456")) and number_problem(Decimal("NaN"))
    assert number_problem(Decimal("1E+15")) is None and number_problem(Decimal("0E-999999")) is None


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_it_writes_a_report_of_a_plan_at_every_text_limit(suffix: str, tmp_path: Path) -> None:
    longest = {key: "长" * (limit - 1) + "。" for key, limit in TEXT_LIMITS.items()}
    indicator = {
        key: longest[key] for key in ("level1", "level2", "name", "explanation", "rule_text", "reason")
    } | {"unit": longest["indicator_unit"], "actual": 30}
    data = plan_json(
        indicator,
        title=longest["title"],
        unit=longest["unit"],
        duties=longest["duties"],
        goal=longest["goal"],
        achieved=longest["achieved"],
    )
    plans = plans_from_bytes(data, "limits.json")

    write_report(plans, tmp_path / f"report{suffix}")

    assert (tmp_path / f"report{suffix}").stat().st_size > 10_000


@pytest.mark.parametrize(
    ("field", "label"),
    [("to_date", "累计完成值"), ("expected", "预计全年完成值"), ("correction", "纠偏措施")],
)
def test_it_refuses_monitoring_values_out_of_range_naming_the_indicator(field: str, label: str) -> None:
    value: object = "x" * (TEXT_LIMITS["correction"] + 1) if field == "correction" else 1e27
    error = refusal(plan_json({field: value}), "监控.json")

    assert f"指标「新增企业数」的{label}" in error.message and "表1" not in error.message
    assert f"plans[0].indicators[0].{field}" in error.message


def test_it_refuses_funds_executed_to_date_out_of_range() -> None:
    data = plan_json({}, budget={"annual": 1200, "executed_to_date": 1e27})

    error = refusal(data, "监控.json")

    assert "累计执行数" in error.message and "超出范围" in error.message
