"""Tables imported per second (导入速度): 1,000 generated target tables as .xlsx, ~20 indicators each.

The tables are the official target tables jixiao exports (``export_tables``: title, information
block, funds block, merged category cells), one workbook per plan, from ``generated_plans`` —
varied names, comparators, units and rules. They are generated first, in memory, and not timed; then
every workbook is read with ``plans_from_bytes`` (format detection, zip inspection, calamine, layout),
as ``jixiao import`` or a batch upload does. The goal is at least 50 tables per second.

``--profile`` prints where the import time goes (cProfile, top functions by cumulative time).
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from jixiao.core.model import Plan
from jixiao.documents.load import plans_from_bytes
from jixiao.documents.writers.export import export_tables
from jixiao.documents.writers.samples import generated_plans

TABLES = 1_000
INDICATORS = 20
GOAL = 50.0  # tables per second


def target_table(plan: Plan) -> Plan:
    """The plan as a target table: no actual values, no stated scores."""
    budget = plan.budget and replace(plan.budget, executed=None, stated_score=None)
    indicators = [replace(i, actual=None, stated_score=None, reason="") for i in plan.indicators]
    return replace(plan, indicators=indicators, budget=budget, achieved="", stated_total=None)


def exported(plan: Plan) -> bytes:
    return export_tables([target_table(plan)], "xlsx")


def generate(count: int) -> list[bytes]:
    """The tables as .xlsx bytes, written on every core (openpyxl takes ~35 ms a workbook)."""
    plans = generated_plans(count, indicators=INDICATORS)
    with ProcessPoolExecutor() as pool:
        return list(pool.map(exported, plans, chunksize=25))


def import_all(files: list[bytes]) -> int:
    indicators = 0
    for index, data in enumerate(files):
        plans = plans_from_bytes(data, f"表{index}.xlsx")
        indicators += sum(len(plan.indicators) for plan in plans)
    return indicators


def main() -> None:
    start = time.perf_counter()
    files = generate(TABLES)
    size = sum(len(f) for f in files) / len(files)
    print(
        f"generated {len(files)} tables (.xlsx, {INDICATORS} indicators, {size / 1024:.1f} KB each) "
        f"in {time.perf_counter() - start:.1f} s (not timed)"
    )

    start = time.perf_counter()
    plans_from_bytes(files[0], "warm-up.xlsx")
    print(f"first import (imports calamine and the layout): {time.perf_counter() - start:.3f} s")

    if "--profile" in sys.argv:
        profiler = cProfile.Profile()
        profiler.runcall(import_all, files[:200])
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)

    start, cpu = time.perf_counter(), time.process_time()
    indicators = import_all(files)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert indicators == TABLES * INDICATORS, indicators
    rate = len(files) / seconds
    print(
        f"imported {len(files)} tables in {seconds:.2f} s: {rate:.1f} tables/second "
        f"({seconds / len(files) * 1000:.1f} ms per table, {indicators} indicators)"
    )
    # On a shared machine the wall clock counts other processes' turns too; CPU time does not.
    print(f"CPU time {cpu:.2f} s: {len(files) / cpu:.1f} tables per CPU-second")
    print(f"goal ≥ {GOAL:.0f} tables/second: {'met' if rate >= GOAL else 'MISSED'}")


if __name__ == "__main__":
    main()
