"""Bulk scoring benchmark (批量评分): 1,000,000 generated indicators on one core.

Run by ``make bench``; a measurement, not a test. The indicators copy the seed's rows (株洲市工信局
2023): threshold-linear counts and growth rates, the satisfaction bands, the ≤ cost cap, the
"≥90% 得满分，其他按比例扣分" threshold, an all-or-nothing "= 100%", plus the national default and
proportional, with Decimal actual values spread around each target. Each indicator's rule is compiled
once (``compile_rule``); then every indicator is scored through its closure, and that is timed.
A sample is checked against the reference path (``score_indicator``) so the figure is for right answers.

    uv run python benchmarks/bench_scoring.py [N]
"""

from __future__ import annotations

import gc
import operator
import random
import sys
import time
from decimal import Decimal

from jixiao.core.model import Comparator, Indicator
from jixiao.core.rules.language import parse_rule
from jixiao.core.scoring import compile_rule, score_indicator

GE, LE, EQ = Comparator.GE, Comparator.LE, Comparator.EQ
ROUNDS = 3

# (name, comparator, target, unit, weight, rule, how often): the seed's rows and rules.
TEMPLATES: list[tuple[str, Comparator, str, str, str, str, int]] = [
    ("新增省级“小巨人”企业数", GE, "40", "家", "6", "linear(floor=60%)", 6),
    ("新增国家级“小巨人”企业数", GE, "15", "家", "6", "linear(floor=60%)", 6),
    ("规模工业增长率", GE, "7", "%", "5", "linear(floor=60%)", 5),
    ("技改投资增长率", GE, "5", "%", "5", "linear(floor=60%)", 5),
    ("园区技工贸总收入增长率", GE, "8", "%", "5", "linear(floor=60%)", 5),
    ("制造业增加值占GDP比重", GE, "32", "%", "5", "linear(floor=60%)", 5),
    ("资金拨付进度", EQ, "100", "%", "4", "linear(floor=60%)", 4),
    ("园区技工贸收入", GE, "5500", "亿元", "8", "linear(floor=60%)", 4),
    ("群众满意度", GE, "90", "%", "9", "bands(>=90:8, <90 and >=80:7, <=80 and >=60:6, <60:0)", 8),
    ("机关内人力成本", LE, "1950", "万元", "2", "cap(1950, points=2)", 6),
    ("专项资金使用率", GE, "90", "%", "10", "threshold(90)", 6),
    ("企业验收合格率", GE, "100", "%", "5", "threshold(target)", 6),
    ("中小企业专项补助", GE, "30", "家", "15", "linear(floor=60%)", 5),
    ("补助资金按时发放", EQ, "100", "%", "10", "all_or_nothing", 6),
    ("企业培育数", GE, "12", "家", "5", "default", 6),
    ("成本控制", LE, "300", "万元", "5", "default", 4),
    ("园区新增就业", GE, "2000", "人", "6", "proportional", 4),
    ("项目平均用时", LE, "45", "天", "4", "linear(floor=60%)", 3),
    ("达标率", GE, "95", "%", "6", "bands(completion, >=100%:6, >=90%:5, >=80%:4, >=60%:2, else:0)", 6),
]


def generate(count: int, seed: int = 2023) -> list[Indicator]:
    """``count`` indicators drawn from the templates, actual values 0–140% of target, some negative."""
    rng = random.Random(seed)
    population = [t for t in TEMPLATES for _ in range(t[6])]
    indicators = []
    for _ in range(count):
        name, comparator, target, unit, weight, rule_text, _often = rng.choice(population)
        t = Decimal(target)
        places = rng.choice((0, 1, 2))
        scale = 10**places
        # An actual between -10% and 140% of the target, to 0, 1 or 2 decimals: Decimals, never floats.
        cents = rng.randint(int(-t * scale // 10), int(t * scale * 14 // 10))
        actual = Decimal(cents).scaleb(-places)
        indicators.append(
            Indicator(
                "产出指标",
                "数量指标",
                name,
                comparator,
                t,
                target,
                unit,
                weight=Decimal(weight),
                actual=actual,
                rule_override=rule_text,
            )
        )
    return indicators


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rules = {t[5]: parse_rule(t[5]) for t in TEMPLATES}

    started = time.perf_counter()
    indicators = generate(count)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    scorers = []
    for ind in indicators:
        assert isinstance(ind.target, Decimal) and ind.weight is not None and ind.rule_override is not None
        scorers.append(compile_rule(rules[ind.rule_override], ind.comparator, ind.target, ind.weight))
    compiled = time.perf_counter() - started
    actuals = [ind.actual for ind in indicators if isinstance(ind.actual, Decimal)]
    assert len(actuals) == count
    # What is loaded stays loaded: as a bulk job would, move it out of the collector's way, so that
    # the timing is of scoring, not of the cyclic GC walking two million live objects again and again.
    gc.collect()
    gc.freeze()

    # Three rounds, the best reported (the usual for a benchmark: the others measure the machine's
    # other work too); every round scores all of them.
    timings = []
    results: list[tuple[Decimal | None, Decimal]] = []
    for _round in range(ROUNDS):
        del results[:]
        started = time.perf_counter()
        results = list(map(operator.call, scorers, actuals))
        timings.append(time.perf_counter() - started)
    seconds = min(timings)

    # The figure counts only right answers: a sample must agree with the reference path.
    rng = random.Random(7)
    for index in rng.sample(range(count), min(count, 2000)):
        ind = indicators[index]
        assert ind.rule_override is not None
        reference = score_indicator(ind, rules[ind.rule_override])
        assert results[index] == (reference.completion, reference.score), (ind, results[index], reference)

    total = sum(points for _completion, points in results)
    print(f"generated {count:,} indicators in {generated:.2f} s; compiled their rules in {compiled:.2f} s")
    print(f"scored {count:,} indicators in {seconds:.3f} s: {count / seconds:,.0f} indicators/second")
    rounds = ", ".join(f"{t:.3f} s" for t in timings)
    print(
        f"(best of {ROUNDS} rounds: {rounds}; total points {total}; {min(count, 2000)} checked against score_indicator)"
    )


if __name__ == "__main__":
    main()
