"""The published tables of ../shared/realdocs/, read as they are (web pages flattened to text).

What each read before the rules of this module's commits (main at 55128f9) and what it reads now;
the fields asserted are those a person checks: plan title, unit and budget; each indicator's
categories, name, comparator, target, unit, weight, actual and stated score.

| realdoc | before | now |
|---|---|---|
| 03 丽江 卫片执法 (traditional + pinyin, pipe rows broken over lines) | error: the funds head lost its caption, 年度资金总额 read as an amount | 5 of 5 indicators, 9 fields each; budget 7.29/7.29/7.29 |
| 04 贵池 委托业务 (the whole table on one line, space-separated) | no table | no table (see below) |
| 05 廊坊 暖通改造 (one cell a paragraph, header words broken) | no table | 9 of 9 indicators (template rows 指标2/…… left out), budget 43.2/43.2/37.24, the empty 生态效益 category |
| 06 鄂州 市民中心 (one cell a line) | 6 of 6 indicators right | the same 6, and the row the page cut (社会效益指标 岗) read as an indicator with no target |
| 07 稷山 公卫 (columns interleaved by extraction) | no table | no table |
| 08 金寨 美丽乡村 (padded pipe rows broken over lines) | error: the funds head row read as a value row | 8 of 8 indicators; budget 329.77/329.77/338.31; 部门整体 |
| 09 重庆 融媒体 (OCR, cells run together) | no table | no table |
| 10 青神 工资性支出 (one cell a line, no row ends) | 2 of 2 indicators, no budget, no goal | 2 of 2 indicators, budget 238.93/251.89/251.89, its goal |
| 15 岳阳楼区 价格认证 (traditional + pinyin, padded pipe rows) | 6 rows, every one shifted a column (一级指标 read as a category) | 6 rows with their categories; the 时效 row's lost unit cell leaves its explanation as unit |

04, 07 and 09 lost their cell boundaries (a run of words, or two columns interleaved): no general
rule gives back which word was which cell, and guessing would read wrong fields silently.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.errors import InputError
from jixiao.core.model import Comparator, Plan, PlanKind
from jixiao.documents.load import load_plans

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"
D = Decimal
GE, LE, EQ, QUAL = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.QUALITATIVE


def read(prefix: str) -> list[Plan]:
    (path,) = REALDOCS.glob(f"{prefix}-*.txt")
    return load_plans(path)


def amounts(plan: Plan) -> tuple[Decimal | None, ...]:
    """The budget as a person reads it: 年初预算数, 全年预算数, 全年执行数 (万元)."""
    assert plan.budget is not None
    return (plan.budget.initial, plan.budget.annual, plan.budget.executed)


def fields(plan: Plan) -> list[tuple[object, ...]]:
    return [
        (i.level1, i.level2, i.name, i.comparator, i.target, i.unit, i.weight, i.actual, i.stated_score)
        for i in plan.indicators
    ]


def test_lijiang_self_evaluation_with_pinyin_and_broken_rows_reads_field_by_field() -> None:
    (plan,) = read("03")
    assert plan.title == "2020年省級自然資源衛片執法補助經費支出績效自評表"
    assert plan.unit == "麗江市古城區自然資源局"
    assert plan.info["主管部门"] == "麗江市自然資源和規劃局"
    assert amounts(plan) == (D("7.29"), D("7.29"), D("7.29"))
    assert plan.budget is not None and plan.budget.stated_score == D(10)
    assert fields(plan) == [
        ("产出指标", "数量指标", "衛片執法補助經費", EQ, D(72890), "元", D(10), D(72890), D(9)),
        ("产出指标", "质量指标", "項目驗收合格率", EQ, D(100), "%", D(20), D(100), D(19)),
        ("产出指标", "时效指标", "項目完成及時率", EQ, D(100), "%", D(20), D(100), D(19)),
        ("效益指标", "社会效益指标", "違法行為責停率", GE, D(95), "%", D(30), D(95), D(27)),
        # the page was cut before this row's 得分
        ("满意度指标", "服务对象满意度指标", "滿意度", GE, D(95), "%", D(10), D(95), None),
    ]


def test_langfang_self_evaluation_one_cell_a_paragraph_reads_field_by_field() -> None:
    (plan,) = read("05")
    assert plan.title == "办公宿舍楼、食堂及餐厅暖通改造经费"
    assert plan.unit == "廊坊市食品工程学校"
    assert amounts(plan) == (D("43.2"), D("43.2"), D("37.24"))
    assert plan.budget is not None and plan.budget.stated_score == D(9)
    got = [
        (i.level1, i.level2, i.name, i.target, i.weight, i.actual, i.stated_score) for i in plan.indicators
    ]
    hundred = (D(100), D(10), D(100), D(10))
    assert got == [
        ("产出指标", "数量指标", "工程资金金额", D("43.2"), D(10), D("37.24"), D(9)),
        ("产出指标", "质量指标", "工程完工率", *hundred),
        ("产出指标", "质量指标", "工程验收合格率", *hundred),
        ("产出指标", "时效指标", "项目完成及时率", *hundred),
        ("产出指标", "成本指标", "成本控制率", *hundred),
        ("效益指标", "经济效益指标", "安全率", *hundred),
        ("效益指标", "社会效益指标", "学校发展能力", *hundred),
        ("效益指标", "可持续影响指标", "长期使用性", *hundred),
        ("满意度指标", "服务对象满意度指标", "学生满意度", *hundred),
    ]
    assert [(p.level1, p.level2) for p in plan.placeholders] == [("效益指标", "生态效益指标")]


def test_ezhou_self_evaluation_one_cell_a_line_reads_its_cost_row_under_its_columns() -> None:
    (plan,) = read("06")
    assert plan.title == "市民中心运行维护费"
    assert amounts(plan) == (D(150), D(150), D("125.25"))
    assert fields(plan)[:6] == [
        ("产出指标", "数量指标", "预算执行率", EQ, D(100), "%", D(20), D("83.5"), D(18)),
        ("产出指标", "数量指标", "预算资金拨款率", EQ, D(100), "%", D(10), D(100), D(10)),
        ("产出指标", "质量指标", "政务服务工作办结率", EQ, D(100), "%", D(10), D(100), D(10)),
        ("产出指标", "质量指标", "大厅业务日常考核结果", EQ, D(100), "%", D(10), D(100), D(10)),
        ("产出指标", "成本指标", "市民中心运行维护费", LE, D(150), "万", D(10), D(150), D(10)),
        ("效益指标", "经济效益指标", "大厅运行正常率", EQ, D(100), "%", D(10), D(100), D(10)),
    ]
    assert [(p.level1, p.level2) for p in plan.placeholders] == [("产出指标", "时效指标")]


def test_jinzhai_department_self_evaluation_in_padded_broken_pipe_rows_reads_field_by_field() -> None:
    (plan,) = read("08")
    assert plan.kind is PlanKind.DEPARTMENT
    assert plan.unit == "金寨县茶谷和美丽乡村建设服务中心"
    assert "2023年度" not in plan.title  # a heading that only gives the year is no title
    assert amounts(plan) == (D("329.77"), D("329.77"), D("338.31"))
    assert plan.goal.startswith("1.建设徽风皖韵美丽乡村")
    assert fields(plan) == [
        ("产出指标", "数量指标", "开展精品示范村建设数量", LE, D(4), "", D(10), D(4), D(10)),
        ("产出指标", "数量指标", "建设美丽宜居自然村庄数量", GE, D(200), "", D(10), D(202), D(10)),
        ("产出指标", "数量指标", "完成农村户用卫生厕所改造数量", GE, D(2000), "", D(10), D(3061), D(10)),
        ("产出指标", "数量指标", "新建省级中心村数量", GE, D(10), "", D(10), D(10), D(10)),
        ("产出指标", "质量指标", "美丽宜居自然村庄验收通过率", GE, D(95), "%", D(5), D(100), D(5)),
        ("产出指标", "质量指标", "户用卫生厕所改造验收通过率", GE, D(95), "%", D(5), D(100), D(5)),
        ("产出指标", "时效指标", "完成美丽宜居自然村庄验收时间", QUAL, "9月前", "", D(5), "7月", D(5)),
        ("产出指标", "时效指标", "完成户用卫生厕所改造验收时间", QUAL, "11月前", "", D(5), "10月", D(5)),
    ]


def test_qingshen_self_evaluation_as_a_cell_stream_reads_indicators_and_budget() -> None:
    (plan,) = read("10")
    assert plan.title == "51000021R000000019951-工资性支出"
    assert plan.unit == "青神县发展和改革局"
    assert amounts(plan) == (D("238.93"), D("251.89"), D("251.89"))
    assert plan.goal.startswith("严格执行相关政策")  # 项目年度目标 over its value, one cell a line
    assert fields(plan) == [
        ("产出指标", "数量指标", "发放(缴纳)覆盖率", EQ, D(100), "%", D(60), None, None),
        ("效益指标", "社会效益指标", "足额保障率(参保率)", EQ, D(100), "%", D(30), None, None),
    ]


def test_yueyanglou_department_targets_in_traditional_pipe_rows_keep_their_categories() -> None:
    (plan,) = read("15")
    assert plan.kind is PlanKind.DEPARTMENT
    assert plan.unit == "岳陽樓區價格認證鑒定中心"
    assert plan.goal == "做好涉案、價格認定工作。"
    got = [(i.level1, i.level2, i.name, i.comparator, i.target) for i in plan.indicators]
    assert got[:4] == [
        ("产出指标", "数量指标", "業務工作支出安排金額", GE, D("28.8")),
        ("产出指标", "质量指标", "業務工作支出到位率", EQ, D(100)),
        ("产出指标", "时效指标", "工作安排時間", QUAL, "按月安排"),
        ("产出指标", "成本指标", "社會成本指標", EQ, D(100)),
    ]
    assert got[-1] == ("效益指标", "社会效益指标", "保證單位正常運轉", QUAL, "應保盡保")
    assert plan.indicators[1].unit == "%"


@pytest.mark.parametrize("prefix", ["07", "09"])
def test_tables_whose_cells_ran_together_are_refused_naming_the_file(prefix: str) -> None:
    with pytest.raises(InputError) as refused:
        read(prefix)
    assert refused.value.location is not None and refused.value.location.file
    assert "未找到指标表" in refused.value.message
