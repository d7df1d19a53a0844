"""Whole-process scoring against LibreOffice (整体进程评分速度): ``jixiao score FILE --json``.

Run by ``make bench``; a measurement, not a test. It builds 100,000 indicators in 5,000 plans, each
under the seed's threshold-linear rule written as the seed writes it ("完成率小于60%不得分，大于等于
60%,得分=（完成率-60%）/（1-60%）*指标分值"), with actual values spread around the targets, and writes
them twice: as jixiao's plans JSON (targets and actuals in one file) and as an .xlsx whose rows carry
the same targets, actuals and weights with the rule as formulas (completion rate and points, ROUND to
0.01). Then, from one run:

- ``jixiao score plans.json --json > out.json`` as a whole process (start-up, read, score, explain,
  write), the best of ``ROUNDS``;
- ``soffice --headless --convert-to csv`` of the .xlsx (LibreOffice computes every formula to write
  the CSV), the best of ``ROUNDS``, when LibreOffice is installed (``make bench`` installs Debian's
  libreoffice-calc-nogui when it is missing);

and prints the ratio (LibreOffice's time ÷ jixiao's; the goal is ≥ 10×), checks that both computed the
same points, and prints where jixiao's time goes: start-up (``jixiao --help``), read (JSON → plans),
score (compiled path), explain (the explanations), write (JSON out), measured in-process.

    uv run python benchmarks/bench_cli.py [INDICATORS] [ROUNDS]
"""

from __future__ import annotations

import csv
import gc
import random
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

PLANS = 5_000
INDICATORS = 100_000
ROUNDS = 3
GOAL = 10.0
RULE = "完成率小于60%不得分，大于等于60%,得分=（完成率-60%）/（1-60%）*指标分值"
# (name, target, unit, weight): rows of the seed's department table.
ROWS = [
    ("新增省级“小巨人”企业数", "40", "家", "6"),
    ("新增国家级“小巨人”企业数", "15", "家", "6"),
    ("规模工业增长率", "7", "%", "5"),
    ("技改投资增长率", "5", "%", "5"),
    ("园区技工贸总收入增长率", "8", "%", "5"),
    ("制造业增加值占GDP比重", "32", "%", "5"),
    ("园区技工贸收入", "5500", "亿元", "8"),
    ("中小企业专项补助", "30", "家", "15"),
]


def build(count: int, seed: int = 2023) -> list[dict[str, object]]:
    """``count`` indicators in plans of ``count // PLANS`` (at least 1): JSON-ready plan dicts."""
    rng = random.Random(seed)
    per_plan = max(1, count // PLANS)
    plans: list[dict[str, object]] = []
    for p in range(max(1, count // per_plan)):
        indicators = []
        for i in range(per_plan):
            name, target, unit, weight = ROWS[i % len(ROWS)]
            t = Decimal(target)
            actual = (t * rng.randint(30, 140) / 100).quantize(Decimal("0.1"))
            indicators.append(
                {
                    "level1": "产出指标",
                    "level2": "数量指标",
                    "name": f"{name}{i + 1}",
                    "comparator": "ge",
                    "target": t,
                    "unit": unit,
                    "weight": Decimal(weight),
                    "rule_text": RULE,
                    "actual": actual,
                }
            )
        plans.append(
            {
                "kind": "department",
                "title": f"单位{p + 1}部门整体绩效目标表",
                "unit": f"单位{p + 1}",
                "goal": "",
                "budget": None,
                "stated_total": None,
                "placeholders": [],
                "indicators": indicators,
            }
        )
    return plans


def write_xlsx(plans: list[dict[str, object]], path: Path) -> None:
    """The same indicators as rows, the rule as formulas: completion = actual ÷ target, points =
    0 below 60%, the weight from 100%, else ROUND((c − 60%) ÷ 40% × weight, 2)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("指标")
    sheet.append(["单位", "三级指标", "指标值", "实际完成值", "分值", "完成率", "得分"])
    row = 1
    for plan in plans:
        for ind in plan["indicators"]:  # type: ignore[attr-defined]
            row += 1
            sheet.append(
                [
                    plan["unit"],
                    ind["name"],
                    float(ind["target"]),
                    float(ind["actual"]),
                    float(ind["weight"]),
                    f"=D{row}/C{row}",
                    f"=IF(F{row}<0.6,0,IF(F{row}>=1,E{row},ROUND((F{row}-0.6)/0.4*E{row},2)))",
                ]
            )
    book.save(path)


def best_of(command: list[str], rounds: int, **kwargs: object) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]
        best = min(best, time.perf_counter() - start)
    return best


def breakdown(source: Path) -> list[tuple[str, float]]:
    """Where jixiao's time goes, in-process: read, score, explain, write (best of ROUNDS each)."""
    from jixiao.core.rules.resolve import rule_of
    from jixiao.core.scoring import compile_rule, score_plans, scores_to_dict
    from jixiao.documents.jsonio import dumps
    from jixiao.documents.load import load_plans

    def timed(action: object) -> tuple[float, object]:
        best, result = float("inf"), None
        for _ in range(ROUNDS):
            gc.collect()
            start = time.perf_counter()
            result = action()  # type: ignore[operator]
            best = min(best, time.perf_counter() - start)
        return best, result

    read, plans = timed(lambda: load_plans(source))
    indicators = [ind for plan in plans for ind in plan.indicators]  # type: ignore[attr-defined]
    rules, _ = timed(lambda: [rule_of(ind) for ind in indicators])
    compiled = [compile_rule(rule_of(i), i.comparator, i.target, i.weight) for i in indicators]
    score_only, _ = timed(lambda: [scorer(i.actual) for scorer, i in zip(compiled, indicators, strict=True)])
    scored_total, scores = timed(lambda: score_plans(plans, rule_of))  # type: ignore[arg-type]
    write, _ = timed(lambda: dumps(scores_to_dict(scores)))  # type: ignore[arg-type]
    return [
        ("read (JSON → plans)", read),
        ("rules (recognise each indicator's prose)", rules),
        ("score (compiled scorers alone)", score_only),
        ("explain (+ results objects, totals)", max(0.0, scored_total - rules - score_only)),
        ("write (results → JSON)", write),
    ]


def libreoffice_points(csv_path: Path) -> list[Decimal]:
    # Only the points column is read (ASCII digits): LibreOffice may write the names in its own
    # character set whatever the filter asks.
    with csv_path.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.reader(handle))
    return [Decimal(row[6]).quantize(Decimal("0.01"), ROUND_HALF_UP) for row in rows[1:]]


def main() -> None:
    global ROUNDS
    count = int(sys.argv[1]) if len(sys.argv) > 1 else INDICATORS
    ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else ROUNDS
    from jixiao.documents.jsonio import dumps, loads

    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        work = Path(tmp)
        plans = build(count)
        source = work / "plans.json"
        source.write_bytes(dumps({"plans": plans}))
        n = sum(len(p["indicators"]) for p in plans)  # type: ignore[arg-type]
        jixiao = [sys.executable, "-m", "jixiao.cli"]
        out = work / "out.json"

        start_up = best_of([*jixiao, "--help"], ROUNDS, stdout=subprocess.DEVNULL)
        with out.open("wb") as sink:
            whole = best_of([*jixiao, "score", str(source), "--json"], ROUNDS, stdout=sink)
        with out.open("wb") as sink:
            subprocess.run([*jixiao, "score", str(source), "--json"], check=True, stdout=sink)
        result = loads(out.read_bytes(), "out.json")
        ours = [ind["score"] for plan in result["plans"] for ind in plan["indicators"]]
        print(
            f"jixiao score --json: {n:,} indicators in {len(plans):,} plans, {whole:.2f} s as a whole process "
            f"({n / whole:,.0f} indicators/s)"
        )

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        ratio = None
        if soffice is None:
            print("LibreOffice is not installed: no comparison (make bench installs libreoffice-calc-nogui)")
        else:
            book = work / "plans.xlsx"
            write_xlsx(plans, book)
            profile = work / "lo-profile"
            command = [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "csv",
                "--outdir",
                str(work),
                str(book),
            ]
            subprocess.run(command, check=True, capture_output=True)  # the profile's first start, not timed
            office = best_of(command, ROUNDS, capture_output=True)
            theirs = libreoffice_points(work / "plans.csv")
            same = sum(1 for a, b in zip(ours, theirs, strict=False) if Decimal(a) == b)
            ratio = office / whole
            print(
                f"soffice --headless --convert-to csv: {office:.2f} s; both computed the same points for "
                f"{same:,} of {n:,} indicators"
            )
            print(f"ratio: jixiao is {ratio:.2f}× LibreOffice's speed (goal ≥ {GOAL:.0f}×)")

        print(f"where jixiao's time goes (whole process {whole:.2f} s):")
        print(f"  {'start-up (jixiao --help, a process)':45s} {start_up:6.2f} s")
        for label, seconds in breakdown(source):
            print(f"  {label:45s} {seconds:6.2f} s")
        if ratio is not None and ratio < GOAL:
            print(f"the goal of {GOAL:.0f}× is not reached: see the breakdown above")


if __name__ == "__main__":
    main()
