"""Target tables (绩效目标表) in the layouts real departments publish, read from real files.

Each layout is modelled on a table in ../shared/realdocs/ or DOMAIN.md (named in its test); the
expectations are written by hand, every field of every indicator.
"""

from __future__ import annotations

from decimal import Decimal

import layout_builders as lb
from layout_builders import EQ, GE, LE, QUAL, cell, check_indicators, ind

from jixiao.core.errors import Location
from jixiao.core.model import Indicator, Placeholder, PlanKind
from jixiao.documents.load import plans_from_bytes

D = Decimal

# ── 4. the weight before the target (07-jishan): CSV saved by Chinese Excel (GBK) ─────────────────

COMPLETE = "完成得分，未完成按比例扣分"


def jishan() -> lb.Layout:
    """山西 稷山县 基本公共卫生服务: 分值 before 年度指标值, template numbering ("指标1:"),
    comparators in words ("不少于12 种", "达到目标值95%以上"), a template's empty slots ("指标2")
    and a "/" row."""
    return lb.Layout(
        [
            ["稷山县项目支出绩效目标表（2021年度）"],
            ["项目名称", "国家基本公共卫生服务", "", "主管部门", "稷山县卫生健康和体育局"],
            ["实施单位", "稷山县翟店镇卫生院"],
            ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "评分标准"],
            ["产出指标", "数量指标", "指标1:居民健康档案", "3", "38508人", COMPLETE],
            ["", "", "指标2:发放健康教育资料", "1", "不少于12 种", COMPLETE],
            ["", "", "指标3：举办健康教育知识讲座", "1", "≥12次", COMPLETE],
            ["", "质量指标", "指标1:适龄儿童疫苗接种率", "2", "达到目标值95%以上", COMPLETE],
            ["", "", "指标2", "", "", ""],
            ["", "时效指标", "指标1:", "", "", ""],
            ["效益指标", "社会效益指标", "指标1居民健康素养水平", "5", "逐步提高", "提高得分，否则不得分"],
            ["", "可持续影响指标", "/", "/", "/", "/"],
            ["满意度指标", "服务对象满意度指标", "指标1：居民满意度", "10", "≥90%", COMPLETE],
            ["", "", "指标2", "", "", ""],
            ["", "", "……", "", "", ""],
        ]
    )


def test_it_reads_a_gbk_csv_with_the_weight_before_the_target() -> None:
    data = lb.csv(jishan(), encoding="gbk")
    (plan,) = plans_from_bytes(data, "jishan.csv")
    assert plan.kind is PlanKind.PROJECT
    assert (plan.title, plan.unit) == ("国家基本公共卫生服务", "稷山县翟店镇卫生院")
    assert plan.info == {
        "项目名称": "国家基本公共卫生服务",
        "主管部门": "稷山县卫生健康和体育局",
        "实施单位": "稷山县翟店镇卫生院",
    }
    assert (plan.goal, plan.budget, plan.stated_total) == ("", None, None)

    def at(row: int) -> Location:
        return Location(file="jishan.csv", row=row, column=3)

    out = "产出指标"
    check_indicators(
        plan,
        [
            ind(out, "数量指标", "居民健康档案", GE, D(38508), "38508人", "人", rule=COMPLETE, weight=D(3),
                source=at(5), inferred=True),
            ind(out, "数量指标", "发放健康教育资料", GE, D(12), "不少于12种", "种", rule=COMPLETE, weight=D(1),
                source=at(6)),
            ind(out, "数量指标", "举办健康教育知识讲座", GE, D(12), "≥12次", "次", rule=COMPLETE, weight=D(1),
                source=at(7)),
            ind(out, "质量指标", "适龄儿童疫苗接种率", GE, D(95), "达到目标值95%以上", "%", rule=COMPLETE,
                weight=D(2), source=at(8)),
            ind("效益指标", "社会效益指标", "居民健康素养水平", QUAL, "逐步提高", "逐步提高",
                rule="提高得分，否则不得分", weight=D(5), source=at(11)),
            ind("满意度指标", "服务对象满意度指标", "居民满意度", GE, D(90), "≥90%", "%", rule=COMPLETE,
                weight=D(10), source=at(13)),
        ],
    )  # fmt: skip
    # The empty slots of a category that has indicators are no placeholders; 时效 has none.
    assert plan.placeholders == [
        Placeholder("产出指标", "时效指标", at(10)),
        Placeholder("效益指标", "可持续影响指标", at(12)),
    ]


# ── 5. a two-row header with last year's value (指标值 over 2021年实际实现值 | 预期2022年实现值) ────

ROAD_RULE = "完成得满分，未完成按完成比例得分"


def road() -> lb.Layout:
    """湖南 style 项目支出绩效目标申报表: 指标值 merged over 2021年实际实现值 | 预期2022年实现值,
    the other header cells merged down both header rows."""
    rows: list[list[lb.CellValue]] = [
        ["2022年项目支出绩效目标申报表"],
        ["项目名称", "农村公路养护"],
        ["主管部门", "某县交通运输局", None, None, "实施单位", "某县公路建设养护中心"],
        ["年度绩效目标", "完成农村公路养护1250公里，优良路率达到82%。"],
        ["一级指标", "二级指标", "三级指标", "指标值", None, "计量单位", "分值", "评（扣）分标准"],
        [None, None, None, "2021年实际实现值", "预期2022年实现值"],
        ["产出指标", "数量指标", "农村公路养护里程", 1200, "≥1250", "公里", 20, ROAD_RULE],
        [None, "质量指标", "优良路率", 80, "≥82", "%", 20, ROAD_RULE],
        [None, "时效指标", "养护资金拨付及时率", 100, 100, "%", 10, ROAD_RULE],
        ["成本指标", "经济成本指标", "每公里养护成本", 0.52, "≤0.5", "万元/公里", 10, "超出不得分"],
        ["效益指标", "社会效益指标", "群众出行条件", "明显改善", "持续改善", None, 20, "改善得分"],
        [None, "生态效益指标", "/", "/", "/", "/", "/", "/"],
        ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "90%", "≥90%", None, 10, "达到得分"],
    ]
    merges: list[lb.Merge] = [
        (0, 0, 0, 7), (1, 1, 1, 7), (2, 1, 2, 3), (2, 5, 2, 7), (3, 1, 3, 7),
        (4, 0, 5, 0), (4, 1, 5, 1), (4, 2, 5, 2), (4, 3, 4, 4), (4, 5, 5, 5), (4, 6, 5, 6), (4, 7, 5, 7),
        (6, 0, 8, 0), (10, 0, 11, 0),
    ]  # fmt: skip
    return lb.Layout(rows, merges)


def test_it_reads_last_years_value_under_a_two_row_header_in_xlsx() -> None:
    (plan,) = plans_from_bytes(lb.xlsx({"目标表": road()}), "road.xlsx")
    assert (plan.kind, plan.title, plan.unit) == (PlanKind.PROJECT, "农村公路养护", "某县公路建设养护中心")
    assert plan.goal == "完成农村公路养护1250公里，优良路率达到82%。"
    assert plan.info == {
        "项目名称": "农村公路养护",
        "主管部门": "某县交通运输局",
        "实施单位": "某县公路建设养护中心",
    }
    at = {r: cell("road.xlsx", "目标表", f"C{r}") for r in range(7, 14)}
    check_indicators(
        plan,
        [
            ind("产出指标", "数量指标", "农村公路养护里程", GE, D(1250), "≥1250", "公里", rule=ROAD_RULE,
                weight=D(20), last_year=D(1200), source=at[7]),
            ind("产出指标", "质量指标", "优良路率", GE, D(82), "≥82", "%", rule=ROAD_RULE, weight=D(20),
                last_year=D(80), source=at[8]),
            ind("产出指标", "时效指标", "养护资金拨付及时率", EQ, D(100), "100", "%", rule=ROAD_RULE,
                weight=D(10), last_year=D(100), source=at[9], inferred=True),
            ind("成本指标", "经济成本指标", "每公里养护成本", LE, D("0.5"), "≤0.5", "万元/公里",
                rule="超出不得分", weight=D(10), last_year=D("0.52"), source=at[10]),
            ind("效益指标", "社会效益指标", "群众出行条件", QUAL, "持续改善", "持续改善", rule="改善得分",
                weight=D(20), last_year="明显改善", source=at[11]),
            ind("满意度指标", "服务对象满意度指标", "沿线群众满意度", GE, D(90), "≥90%", "%", rule="达到得分",
                weight=D(10), last_year=D(90), source=at[13]),
        ],
    )  # fmt: skip
    assert plan.placeholders == [Placeholder("效益指标", "生态效益指标", at[12])]


def test_it_reads_the_same_two_row_header_from_extracted_text() -> None:
    (plan,) = plans_from_bytes(lb.extracted_text(road()).encode(), "road.txt")
    assert [(i.name, i.target, i.last_year_actual) for i in plan.indicators] == [
        ("农村公路养护里程", D(1250), D(1200)),
        ("优良路率", D(82), D(80)),
        ("养护资金拨付及时率", D(100), D(100)),
        ("每公里养护成本", D("0.5"), D("0.52")),
        ("群众出行条件", "持续改善", "明显改善"),
        ("沿线群众满意度", D(90), D(90)),
    ]


# ── 6. a department table like the seed (15-yueyanglouqu), .docx and traditional text ────────────

YUEYANG_TITLE = "岳阳楼区价格认证鉴定中心2023年度整体绩效目标表"
JUDGED = "未达指标值酌情扣分"


def yueyang(traditional: bool = False) -> lb.Layout:
    """湖南 岳阳楼区 部门整体绩效目标表: 部门（单位）名称, *职责, *年度总体绩效目标, a 绩效指标
    caption, 指标值类型 "定量"/"定性", the weight in 备注, 一级 merged down its rows, a "/" row. The
    traditional variant is written as a web page prints it, with pinyin readings after some
    characters ("項(xiàng)目")."""
    t = _traditional if traditional else (lambda s: s)
    rows: list[list[lb.CellValue]] = [
        [t("部门（单位）名称"), None, t("岳阳楼区价格认证鉴定中心")],
        [t("*部门（单位）职责"), None, t("负责价格认定工作")],
        [t("*年度总体绩效目标"), None, t("做好涉案、价格认定工作。")],
        [t("绩效指标")],
        [t("一级指标"), t("二级指标"), t("三级指标"), t("指标值类型"), t("*指标值"), t("计量单位"), t("*指标解释"),
         t("*评（扣）分标准"), t("备注")],
        [t("产出指标"), t("数量指标"), t("业务工作支出安排金额"), t("定量"), t("28.8万元"), None,
         t("考察业务工作支出安排情况"), t(JUDGED), 20],
        [None, t("质量指标"), t("业务工作支出到位率"), t("定量"), 100, "%", t("考察业务工作支出到位情况"), t(JUDGED), 20],
        [None, t("时效指标"), t("工作安排时间"), t("定性"), t("按月安排"), None, t("考察业务工作支出安排时间"),
         t(JUDGED), 10],
        [t("成本指标"), t("经济成本指标"), t("业务工作成本控制率"), "≤", 100, "%", t("考察总成本控制情况"), t(JUDGED),
         10],
        [t("效益指标"), t("经济效益指标"), "/", "/", "/", "/", "/", "/", "/"],
        [None, t("社会效益指标"), t("保证单位正常运转"), t("定性"), t("应保尽保"), None, t("考察单位运转保障"),
         t(JUDGED), 30],
        [t("满意度指标"), t("服务对象满意度指标"), t("服务对象满意度"), "≥", 90, "%", t("考察服务对象满意程度"),
         t(JUDGED), 10],
    ]  # fmt: skip
    merges: list[lb.Merge] = [
        (0, 0, 0, 1), (0, 2, 0, 8), (1, 0, 1, 1), (1, 2, 1, 8), (2, 0, 2, 1), (2, 2, 2, 8), (3, 0, 3, 8),
        (5, 0, 7, 0), (9, 0, 10, 0),
    ]  # fmt: skip
    return lb.Layout(rows, merges)


_TRADITIONAL = str.maketrans(
    "门单位称职责绩效总体标值类型计量释评扣准备注产出数质时经济济社会务满对业资态岳阳楼区价认鉴中心负涉认证额发实际支确运转"
    "间况情护制强达应尽证率",
    "門單位稱職責績效總體標值類型計量釋評扣準備註產出數質時經濟濟社會務滿對業資態岳陽樓區價認鑒中心負涉認證額發實際支確運轉"
    "間況情護制強達應盡證率",
)
_PINYIN = {"項": "項(xiàng)", "績": "績(jì)", "標": "標(biāo)", "職": "職(zhí)"}


def _plain_traditional(text: str) -> str:
    return text.translate(_TRADITIONAL)


def _traditional(text: str) -> str:
    out = _plain_traditional(text)
    for character, reading in _PINYIN.items():
        out = out.replace(character, reading)
    return out


def yueyang_expected(source: dict[int, Location] | None = None, traditional: bool = False) -> list[Indicator]:
    t = _plain_traditional if traditional else (lambda s: s)
    s = source or {}
    return [
        ind("产出指标", "数量指标", t("业务工作支出安排金额"), GE, D("28.8"), t("28.8万元"),
            "万元", explanation=t("考察业务工作支出安排情况"), rule=t(JUDGED), weight=D(20), source=s.get(6),
            inferred=True),
        # "定量" and a bare 100%: = 100 (kind 9 of issue 11), not a comparator the table did not write.
        ind("产出指标", "质量指标", t("业务工作支出到位率"), EQ, D(100), "100", "%",
            explanation=t("考察业务工作支出到位情况"), rule=t(JUDGED), weight=D(20), source=s.get(7),
            inferred=True),
        ind("产出指标", "时效指标", t("工作安排时间"), QUAL, t("按月安排"), t("按月安排"),
            explanation=t("考察业务工作支出安排时间"), rule=t(JUDGED), weight=D(10), source=s.get(8)),
        ind("成本指标", "经济成本指标", t("业务工作成本控制率"), LE, D(100), "100", "%",
            explanation=t("考察总成本控制情况"), rule=t(JUDGED), weight=D(10), source=s.get(9)),
        ind("效益指标", "社会效益指标", t("保证单位正常运转"), QUAL, t("应保尽保"), t("应保尽保"),
            explanation=t("考察单位运转保障"), rule=t(JUDGED), weight=D(30), source=s.get(11)),
        ind("满意度指标", "服务对象满意度指标", t("服务对象满意度"), GE, D(90), "90", "%",
            explanation=t("考察服务对象满意程度"), rule=t(JUDGED), weight=D(10), source=s.get(12)),
    ]  # fmt: skip


def test_it_reads_a_department_table_like_the_seed_from_docx() -> None:
    data = lb.docx(YUEYANG_TITLE, yueyang())
    (plan,) = plans_from_bytes(data, "yueyang.docx")
    assert plan.kind is PlanKind.DEPARTMENT
    assert plan.title == YUEYANG_TITLE
    assert (plan.unit, plan.duties, plan.goal) == (
        "岳阳楼区价格认证鉴定中心",
        "负责价格认定工作",
        "做好涉案、价格认定工作。",
    )
    assert plan.info == {}
    at = {r: Location(file="yueyang.docx", sheet="表1", row=r, column=3) for r in range(6, 13)}
    check_indicators(plan, yueyang_expected(at))
    assert plan.placeholders == [Placeholder("效益指标", "经济效益指标", at[10])]


def test_it_reads_a_traditional_character_department_table_with_pinyin_readings_as_text() -> None:
    text = lb.extracted_text(_traditional(YUEYANG_TITLE), yueyang(traditional=True))
    assert "績(jì)效" in text and "標(biāo)" in text
    (plan,) = plans_from_bytes(text.encode(), "yueyang-tw.txt")
    assert plan.kind is PlanKind.DEPARTMENT
    assert plan.title == _plain_traditional(YUEYANG_TITLE)
    assert (plan.unit, plan.duties, plan.goal) == (
        _plain_traditional("岳阳楼区价格认证鉴定中心"),
        _plain_traditional("负责价格认定工作"),
        _plain_traditional("做好涉案、价格认定工作。"),
    )
    check_indicators(plan, yueyang_expected(traditional=True), sources=False)
    assert [(p.level1, p.level2) for p in plan.placeholders] == [("效益指标", "经济效益指标")]
    # The title is line 1, four blank lines follow the table break, the table starts at line 7;
    # a row is nine cell lines and a blank one; the name is a row's third cell.
    assert [i.source.line for i in plan.indicators if i.source] == [
        7 + 10 * r + 2 for r in (5, 6, 7, 8, 10, 11)
    ]


# ── a bound stated in a prose target ──────────────────────────────────────────────────────────────


def _prose_targets() -> bytes:
    from builders import xlsx
    from openpyxl.workbook.workbook import Workbook

    rows: list[list[object]] = [
        ["一级指标", "二级指标", "三级指标", "指标值", "度量单位", "分值"],
        ["产出指标", "数量指标", "宣传次数", "至少全年完成2次宣传", None, 20],
        [None, None, "建设项目", "2023年完成3个项目", None, 20],
        [None, "成本指标", "运行成本", "运行成本控制在300万元以内", None, 20],
        ["效益指标", "社会效益指标", "群众知晓度", "明显提高", None, 30],
    ]

    def fill(workbook: Workbook) -> None:
        for line in rows:
            workbook.active.append(line)  # type: ignore[union-attr]

    return xlsx(fill)


def test_it_reads_the_bound_a_prose_target_states_and_keeps_its_text() -> None:
    (plan,) = plans_from_bytes(_prose_targets(), "目标.xlsx")
    got = {i.name: (i.comparator, i.target, i.unit, i.target_text) for i in plan.indicators}
    assert got["宣传次数"] == (GE, Decimal(2), "次", "至少全年完成2次宣传")
    assert got["运行成本"] == (LE, Decimal(300), "万元", "运行成本控制在300万元以内")
    assert got["建设项目"] == (QUAL, "2023年完成3个项目", "", "2023年完成3个项目")  # a year and a count
    assert got["群众知晓度"][0] is QUAL
