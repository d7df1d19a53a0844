"""``jixiao score``: the seed scored against the example actual values, and plans JSON in."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from tests.cli_helpers import ACTUALS, SEED, jixiao


def scored() -> list[dict[str, object]]:
    result = jixiao("score", SEED, "--actuals", ACTUALS, "--json")
    assert result.exit_code == 0
    plans: list[dict[str, object]] = result.json()["plans"]
    return plans


def indicator(plans: list[dict[str, object]], name: str) -> dict[str, object]:
    return next(i for p in plans for i in p["indicators"] if i["name"] == name)  # type: ignore[attr-defined]


def test_it_scores_threshold_linear_as_the_seeds_rule_says() -> None:
    row = indicator(scored(), "新增省级“小巨人”企业数")  # ≥40 家, weight 6, actual 35

    assert row["completion"] == Decimal("0.875")
    assert row["score"] == Decimal("4.13")  # (87.5% − 60%) ÷ 40% × 6 = 4.125 → 4.13
    assert row["rule"] == {"kind": "threshold_linear", "floor": "0.6"}
    assert "35 ÷ 40" in str(row["explanation"])


def test_it_gives_the_satisfaction_band_and_the_cost_cap() -> None:
    plans = scored()
    assert indicator(plans, "群众满意度")["score"] == 8  # 92% falls in ≥90%: 8 of 9
    assert indicator(plans, "机关内人力成本")["score"] == 2  # 1932.6 ≤ 1950


def test_it_totals_grades_and_scores_budget_execution_for_the_project() -> None:
    department, project = scored()

    assert project["budget_score"] == Decimal("9.58")  # 1150 ÷ 1200 × 10
    assert project["max_total"] == 100
    assert project["total"] == sum(Decimal(str(i["score"])) for i in project["indicators"]) + Decimal("9.58")
    assert project["grade"] == "优"
    assert department["budget_score"] is None
    assert department["max_total"] == 80  # two indicators have no weight
    assert department["grade"] == "良"


def test_it_scores_a_plans_json_with_actual_values_filled_in(tmp_path: Path) -> None:
    plans = jixiao("import", SEED, "--json").json()
    for ind in plans["plans"][1]["indicators"]:
        ind["actual"] = ind["target"]
    plans["plans"][1]["budget"] = {"annual": 100, "executed": 100}
    path = tmp_path / "filled.json"
    path.write_text(json.dumps(plans, default=str, ensure_ascii=False), encoding="utf-8")

    project = jixiao("score", path, "--json").json()["plans"][1]

    assert project["total"] == 100 and project["normalized"] == 100 and project["grade"] == "优"


def test_it_says_which_indicator_of_the_actuals_it_cannot_place(tmp_path: Path) -> None:
    path = tmp_path / "actuals.json"
    path.write_text('{"plans": [{"indicators": [{"name": "不存在的指标", "actual": 3}]}]}', encoding="utf-8")

    result = jixiao("score", SEED, "--actuals", path)

    assert result.exit_code == 1 and "不存在的指标" in result.stderr


def test_it_prints_tables_with_explanations_without_json() -> None:
    result = jixiao("score", SEED, "--actuals", ACTUALS)

    assert result.exit_code == 0
    assert "等级：优" in result.stdout and "计算过程" in result.stdout


def test_it_names_the_actuals_file_of_an_indicator_it_cannot_place(tmp_path: Path) -> None:
    # A misspelt name in the actual values: the user must learn which file to correct.
    path = tmp_path / "实际值.json"
    path.write_text('{"plans": [{"indicators": [{"name": "群众满意度度", "actual": 3}]}]}', encoding="utf-8")

    result = jixiao("export", SEED, "--actuals", path, "-o", tmp_path / "自评表.xlsx")

    message = result.stderr.replace("\n", "")
    assert result.exit_code == 1 and f"{path}：" in message and "群众满意度度" in message
    assert not (tmp_path / "自评表.xlsx").exists()
