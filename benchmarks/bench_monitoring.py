"""Monitoring levels (监控偏差等级) at the overview's scale: 1,000 plans × 20 indicators = 20,000
indicators and 1,000 budgets judged by ``core.monitoring.assess_plan`` at a 6月30日 cut-off.

The plans come from ``generated_plans`` with to-date values at varied shares of their targets (and
budgets at varied execution), made first and not timed. This is the core's share of the overview's
server time (issue 9 asks ≤ 300 ms for the whole page on PostgreSQL, which also needs the workflow
and the database; the page's own benchmark comes with them). Goal here: ≤ 150 ms, half the page's.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import date
from decimal import Decimal

from jixiao.core.model import Plan
from jixiao.core.monitoring import Level, assess_plan
from jixiao.documents.writers.samples import generated_plans

PLANS = 1_000
INDICATORS = 20
CUT_OFF = date(2025, 6, 30)
GOAL_MS = 150.0


def entered(plan: Plan, index: int) -> Plan:
    indicators = []
    for n, ind in enumerate(plan.indicators):
        share = Decimal((index * 7 + n * 13) % 30 + 40) / 100  # 40% … 69%
        value = (
            ind.target * share if isinstance(ind.target, Decimal) else ("滞后" if n % 5 == 0 else "按进度")
        )
        indicators.append(replace(ind, to_date=value))
    budget = plan.budget
    if budget is not None and budget.annual is not None:
        budget = replace(budget, executed_to_date=budget.annual * Decimal((index * 11) % 40 + 25) / 100)
    return replace(plan, indicators=indicators, budget=budget)


def main() -> None:
    plans = [entered(p, i) for i, p in enumerate(generated_plans(PLANS, seed=9, indicators=INDICATORS))]
    count = sum(len(p.indicators) for p in plans)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        statuses = [assess_plan(p, CUT_OFF) for p in plans]
        best = min(best, (time.perf_counter() - start) * 1000)
    levels = {level: sum(1 for s in statuses if s.level is level) for level in Level}
    load = os.getloadavg()[0]  # on a shared machine the figure moves with it
    print(f"monitoring: {count} indicators in {PLANS} plans judged in {best:.0f} ms (best of 3)")
    print(f"goal ≤ {GOAL_MS:.0f} ms; load average {load:.1f} on {os.cpu_count()} cores while measured")
    print("plan levels: " + ", ".join(f"{level.value} {n}" for level, n in levels.items()))


if __name__ == "__main__":
    main()
