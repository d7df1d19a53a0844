"""The 绩效运行监控表 (writers.monitoring) and ``jixiao monitor``: the same levels however entered."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from jixiao.core.model import Comparator
from jixiao.core.monitoring import Level, assess_plan
from jixiao.documents.load import load_plans, plans_from_bytes
from tests.builders import workbook_bytes
from tests.cli_helpers import SEED, jixiao

CUT_OFF = "2023-06-30"


def seed_entries() -> dict[str, object]:
    """A round at 6月30日 for the seed's two plans, as the interchange JSON: each first indicator at
    20% (with a reason, no corrective action), the others on schedule, one qualitative one behind."""
    plans = []
    for plan in load_plans(SEED):
        indicators: list[dict[str, object]] = []
        for index, ind in enumerate(plan.indicators):
            entry: dict[str, object] = {"name": ind.name, "level1": ind.level1, "level2": ind.level2}
            if ind.comparator is Comparator.QUALITATIVE:
                entry["to_date"] = "滞后" if index % 2 else "按进度"
            elif isinstance(ind.target, Decimal):
                share = Decimal("0.2") if index == 0 else Decimal("0.5")
                entry["to_date"] = str(ind.target * share)
                entry["expected"] = str(ind.target)
            if index == 0:
                entry["reason"] = "专项资金下达晚于预期"
            indicators.append(entry)
        plans.append({"kind": plan.kind.value, "indicators": indicators})
    return {"plans": plans}


def levels(result_json: dict[str, object]) -> list[tuple[str, list[tuple[str, str | None]]]]:
    return [
        (p["level"], [(i["name"], i["level"]) for i in p["indicators"]])  # type: ignore[index]
        for p in result_json["plans"]  # type: ignore[attr-defined]
    ]


@pytest.fixture
def entries_file(tmp_path: Path) -> Path:
    path = tmp_path / "entries.json"
    path.write_text(json.dumps(seed_entries(), ensure_ascii=False), encoding="utf-8")
    return path


def test_it_prints_levels_and_what_is_missing(entries_file: Path) -> None:
    result = jixiao("monitor", SEED, "--date", CUT_OFF, "--entries", entries_file)
    assert result.exit_code == 0, result.stderr
    assert "时间进度 49.6%" in result.stdout
    assert "严重偏差" in result.stdout
    assert "须补充：指标「新增省级“小巨人”企业数」严重偏差，须填写纠偏措施" in result.stdout


def test_it_gives_the_same_levels_from_the_cli_and_from_uploaded_tables(
    entries_file: Path, tmp_path: Path
) -> None:
    entered = jixiao("monitor", SEED, "--date", CUT_OFF, "--entries", entries_file, "--json").json()
    first = levels(entered)
    assert first[0][0] == Level.SEVERE.value
    assert first[0][1][0] == ("新增省级“小巨人”企业数", Level.SEVERE.value)
    assert {level for _, rows in first for _, level in rows} >= {Level.NORMAL.value, Level.SEVERE.value}
    for suffix in (".xlsx", ".docx"):
        table = tmp_path / f"监控表{suffix}"
        written = jixiao("monitor", SEED, "--date", CUT_OFF, "--entries", entries_file, "-o", table)
        assert written.exit_code == 0, written.stderr
        uploaded = jixiao("monitor", table, "--date", CUT_OFF, "--json").json()
        assert levels(uploaded) == first, suffix
        assert uploaded["plans"][0]["missing"] == entered["plans"][0]["missing"]


def test_it_writes_the_official_columns_and_the_cut_off(entries_file: Path, tmp_path: Path) -> None:
    table = tmp_path / "监控表.xlsx"
    jixiao("monitor", SEED, "--date", CUT_OFF, "--entries", entries_file, "-o", table)
    sheet = openpyxl.load_workbook(table).worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    for heading in ("累计完成值", "完成进度", "预计全年完成值", "偏差等级", "偏差原因", "纠偏措施"):
        assert heading in texts
    assert "2023年6月30日（时间进度 49.59%）" in texts
    assert any(t.startswith("整体偏差等级：严重偏差。须补充：") for t in texts)
    docx_path = tmp_path / "监控表.docx"
    jixiao("monitor", SEED, "--date", CUT_OFF, "--entries", entries_file, "-o", docx_path)
    words = {cell.text for t in Document(str(docx_path)).tables for row in t.rows for cell in row.cells}
    assert {"累计完成值", "纠偏措施", "严重偏差"} <= words


def test_it_reads_the_1_to_7_month_form_of_the_ministry() -> None:
    """The columns as 财预〔2019〕136号's form names them: 1-7月执行情况, 全年预计完成情况, 偏差原因分析,
    and the funds executed as 1-7月执行数."""
    rows: list[list[object]] = [
        ["项目支出绩效目标执行监控表"],
        ["项目名称", "园区建设", None, None, None, None, None],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "1-7月执行数", "1-7月执行率", "偏差原因分析"],
        ["年度资金总额", None, 500, 500, 100, 0.2, "工程款未到结算期"],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "1-7月执行情况",
            "全年预计完成情况",
            "偏差原因分析",
            "纠偏措施",
        ],
        ["产出指标", "数量指标", "新建标准厂房", "≥10万平方米", 2, 10, "征地延迟", "倒排工期"],
        [None, "质量指标", "验收合格率", "≥95%", 96, 100, None, None],
        ["满意度指标", "服务对象满意度指标", "入园企业满意度", "按要求完成", "滞后", "有可能", None, None],
    ]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    (plan,) = plans_from_bytes(workbook_bytes(workbook), "监控.xlsx")
    assert plan.budget is not None and plan.budget.executed_to_date == 100 and plan.budget.executed is None
    assert plan.budget.reason == "工程款未到结算期"
    first = plan.indicators[0]
    assert (first.to_date, first.expected, first.reason, first.correction) == (2, 10, "征地延迟", "倒排工期")
    status = assess_plan(plan, date(2023, 7, 31))
    assert [s.level for s in status.indicators] == [Level.SEVERE, Level.NORMAL, Level.MILD]
    assert status.budget is not None and status.budget.level is Level.SEVERE


def test_it_refuses_a_date_that_is_not_one() -> None:
    result = jixiao("monitor", SEED, "--date", "2025-02-30")
    assert result.exit_code == 2
    assert "--date「2025-02-30」不是日期" in result.stderr


def test_it_lists_every_value_a_blank_round_still_needs() -> None:
    result = jixiao("monitor", SEED, "--date", CUT_OFF, "--json").json()
    plan = result["plans"][0]
    assert plan["level"] == Level.NORMAL.value
    assert all(i["level"] is None for i in plan["indicators"])
    assert len(plan["missing"]) == len(plan["indicators"])
