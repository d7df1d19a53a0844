"""Sample plans (示例数据) for tests, benchmarks and demonstrations of the writers.

``sample_project`` and ``sample_department`` are small hand-built plans in the shape of real tables
(every comparator, a placeholder, a qualitative row, a row with no weight); ``generated_plans`` makes
any number of varied, deterministic plans with actual values, for the finance bureau's summary.
Labels and texts are already in the form the readers produce (no spaces beside Chinese characters).
"""

from __future__ import annotations

import random
from decimal import Decimal

from jixiao.core.model import Budget, Comparator, Indicator, Placeholder, Plan, PlanKind

D = Decimal
LINEAR = "完成率小于60%不得分，大于等于60%,得分=（完成率-60%）/（1-60%）*指标分值"
ALL_OR_NOTHING = "完成得分，未完成不得分"
SATISFACTION = "满意度大于等于90%得满分，小于90%且大于等于80%得7分，小于80%不得分"
CAP = "成本小于等于1950万元得满分，大于1950万元不得分。"


def _ind(
    level1: str,
    level2: str,
    name: str,
    comparator: Comparator,
    target: Decimal | str | None,
    unit: str,
    rule: str,
    weight: Decimal | None,
    explanation: str = "",
    target_text: str | None = None,
) -> Indicator:
    text = target_text if target_text is not None else (target if isinstance(target, str) else f"{target}")
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        comparator=comparator,
        target=target,
        target_text=text or "",
        unit=unit,
        explanation=explanation or name,
        rule_text=rule,
        weight=weight,
    )


def sample_project(with_actuals: bool = False) -> Plan:
    """A project plan (项目): 90 indicator points, budget execution the other 10."""
    indicators = [
        _ind("产出指标", "数量指标", "新增“专精特新”企业数", Comparator.GE, D(30), "家", LINEAR, D(20)),
        _ind("产出指标", "数量指标", "培训企业人次", Comparator.GE, D(500), "人次", LINEAR, D(10)),
        _ind("产出指标", "质量指标", "项目验收合格率", Comparator.EQ, D(100), "%", LINEAR, D(10)),
        _ind(
            "产出指标",
            "时效指标",
            "补助资金按时发放",
            Comparator.QUALITATIVE,
            "按时",
            "",
            ALL_OR_NOTHING,
            D(10),
        ),
        _ind("成本指标", "经济成本指标", "项目总成本", Comparator.LE, D(1950), "万元", CAP, D(10)),
        _ind("效益指标", "经济效益指标", "带动企业新增产值", Comparator.GE, D("2.5"), "亿元", LINEAR, D(20)),
        _ind(
            "满意度指标", "服务对象满意度指标", "企业满意度", Comparator.GE, D(90), "%", SATISFACTION, D(10)
        ),
    ]
    plan = Plan(
        kind=PlanKind.PROJECT,
        title="中小企业发展专项资金",
        unit="株洲市工业和信息化局机关",
        goal="支持中小企业专精特新发展，新增国省“专精特新”企业30家以上，带动新增产值2.5亿元。",
        info={
            "项目名称": "中小企业发展专项资金",
            "主管部门": "株洲市工业和信息化局",
            "实施单位": "株洲市工业和信息化局机关",
            "项目负责人": "张小明（13812345678）",
        },
        budget=Budget(annual=D("1200.00"), executed=None, initial=D("1000.00")),
        placeholders=[Placeholder("效益指标", "生态效益指标")],
        indicators=indicators,
    )
    if with_actuals:
        add_sample_actuals(plan)
    return plan


def add_sample_actuals(plan: Plan) -> None:
    """Fill in actual values, reasons and the executed budget of ``sample_project``."""
    actuals: dict[str, tuple[Decimal | str, str]] = {
        "新增“专精特新”企业数": (D(27), "申报企业数量不足；下一步加强梯度培育。"),
        "培训企业人次": (D(620), ""),
        "项目验收合格率": (D(100), ""),
        "补助资金按时发放": ("是", ""),
        "项目总成本": (D(1890), ""),
        "带动企业新增产值": (D("2.1"), "内部：两家企业投产推迟，暂不对外说明。"),
        "企业满意度": (D(85), "服务流程较长；下一步推行一次办。"),
    }
    for ind in plan.indicators:
        if ind.name in actuals:
            ind.actual, ind.reason = actuals[ind.name]
    plan.achieved = "新增国省“专精特新”企业27家，带动新增产值2.1亿元，资金按时拨付到企。"
    if plan.budget is not None:
        plan.budget.executed = D("1140.50")


def sample_department() -> Plan:
    """A department-wide plan (部门整体): 100 indicator points."""
    return Plan(
        kind=PlanKind.DEPARTMENT,
        title="2023年部门整体支出绩效目标表",
        unit="株洲市工业和信息化局机关",
        duties="拟定全市工业和信息化领域的发展规划、年度计划及相关政策并组织实施。",
        goal="全力推进新型工业化，培育壮大工业市场主体。",
        placeholders=[Placeholder("成本指标", "社会成本指标")],
        indicators=[
            _ind("产出指标", "数量指标", "新增省级“小巨人”企业数", Comparator.GE, D(40), "家", LINEAR, D(30)),
            _ind("产出指标", "数量指标", "规模工业增长率", Comparator.GE, D(7), "%", LINEAR, None),
            _ind(
                "产出指标",
                "时效指标",
                "部门预决算公开",
                Comparator.QUALITATIVE,
                "按要求及时公开",
                "",
                ALL_OR_NOTHING,
                D(20),
            ),
            _ind(
                "效益指标",
                "社会效益指标",
                "五好园区创建",
                Comparator.QUALITATIVE,
                "有序推进",
                "",
                ALL_OR_NOTHING,
                D(20),
            ),
            _ind(
                "满意度指标",
                "服务对象满意度指标",
                "群众满意度",
                Comparator.GE,
                D(90),
                "%",
                SATISFACTION,
                D(20),
            ),
            _ind("成本指标", "经济成本指标", "机关内人力成本", Comparator.LE, D(1950), "万元", CAP, D(10)),
        ],
    )


_UNITS = [
    "工业和信息化局",
    "财政局",
    "教育局",
    "卫生健康委员会",
    "农业农村局",
    "交通运输局",
    "民政局",
    "住房和城乡建设局",
]
_PROJECTS = ["专项资金", "运行经费", "设备购置", "培训补助", "信息化建设", "民生实事", "园区建设"]


def generated_plans(count: int, seed: int = 2023, indicators: int = 8, missing_every: int = 0) -> list[Plan]:
    """``count`` varied project plans with actual values (deterministic for a given ``seed``).

    Every ``missing_every``-th plan (when > 0) has no actual values: a plan still to be filled in.
    """
    rng = random.Random(seed)
    plans: list[Plan] = []
    for number in range(1, count + 1):
        unit = f"株洲市{_UNITS[number % len(_UNITS)]}"
        weights = _split(D(90), indicators, rng)
        rows: list[Indicator] = []
        for k, weight in enumerate(weights):
            level1, level2 = [
                ("产出指标", "数量指标"),
                ("产出指标", "质量指标"),
                ("产出指标", "时效指标"),
                ("效益指标", "社会效益指标"),
                ("效益指标", "经济效益指标"),
                ("满意度指标", "服务对象满意度指标"),
            ][min(k * 6 // indicators, 5)]
            target = D(rng.choice([10, 20, 50, 100, 200, 500]))
            ind = _ind(
                level1,
                level2,
                f"指标{k + 1}：{level2[:2]}{number}",
                Comparator.GE,
                target,
                "个",
                LINEAR,
                weight,
            )
            rows.append(ind)
        annual = D(rng.randrange(50, 5000)) + D(rng.randrange(0, 100)) / 100
        plan = Plan(
            kind=PlanKind.PROJECT,
            title=f"{unit}{_PROJECTS[number % len(_PROJECTS)]}项目{number:03d}",
            unit=unit,
            goal="完成年度工作任务。",
            budget=Budget(annual=annual, executed=None),
            indicators=rows,
        )
        if not (missing_every and number % missing_every == 0):
            quality = D(rng.randrange(40, 125)) / 100
            for ind in plan.indicators:
                assert isinstance(ind.target, Decimal)
                jitter = D(rng.randrange(-20, 21)) / 100
                ind.actual = max(D(0), (ind.target * (quality + jitter)).quantize(D(1)))
            assert plan.budget is not None
            plan.budget.executed = (annual * min(D(1), quality + D("0.1"))).quantize(D("0.01"))
        plans.append(plan)
    return plans


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """``total`` split into ``parts`` whole-number weights of similar size."""
    base = [total // parts] * parts
    for _ in range(int(total - sum(base))):
        base[rng.randrange(parts)] += 1
    return base
