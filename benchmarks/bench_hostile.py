"""What the bounds on hostile input cost (恶意输入的代价), and what a refusal takes.

1. A PDF read in the child process (``read_pdf``, the default) against in-process
   (``isolate_pdf=False``): the child's start-up is the price of its wall-clock and memory limits.
2. A .docx and an .xlsx export of a generated plan read with ``plans_from_bytes`` (every zip member
   is inflated once more, in bounded chunks, to check its declared size).
3. Each file of ``../shared/cases/hostile-2026-11`` (when present) through ``plans_from_bytes``:
   the time and the peak memory growth of the refusal or the read.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from pathlib import Path

from jixiao.core.errors import JixiaoError
from jixiao.documents.limits import Limits
from jixiao.documents.load import plans_from_bytes
from jixiao.documents.writers.export import export_tables
from jixiao.documents.writers.report import build_report, render_report
from jixiao.documents.writers.samples import generated_plans

CASES = Path(__file__).resolve().parent.parent.parent / "shared" / "cases" / "hostile-2026-11"
ROUNDS = 5


def timed(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    """The median seconds of ``rounds`` runs of ``action``."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main() -> None:
    plan = generated_plans(1, seed=13)[0]
    pdf = render_report(build_report([plan]), "pdf")
    in_process = Limits(isolate_pdf=False)
    print(f"report PDF ({len(pdf) // 1024} KB, read as a document):")
    print(f"  child process {timed(lambda: _read(pdf, 'r.pdf')):.3f} s")
    print(f"  in-process    {timed(lambda: _read(pdf, 'r.pdf', in_process)):.3f} s")
    for fmt in ("docx", "xlsx"):
        data = export_tables([plan], fmt)
        print(
            f"{fmt} of {len(plan.indicators)} indicators: {timed(lambda d=data, f=fmt: _read(d, 'p.' + f)) * 1000:.1f} ms"
        )
    if not CASES.is_dir():
        return
    print("hostile cases (plans_from_bytes; peak RSS growth of this process):")
    for case in sorted(CASES.iterdir()):
        if case.suffix == ".md":
            continue
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        outcome = _read(case.read_bytes(), case.name)
        seconds = time.perf_counter() - start
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(f"  {case.name:28} {seconds:6.2f} s  +{grown:5.0f} MB  {outcome}")


def _read(data: bytes, name: str, limits: Limits | None = None) -> str:
    try:
        plans = plans_from_bytes(data, name) if limits is None else plans_from_bytes(data, name, limits)
    except JixiaoError as error:
        return "refused: " + str(error)[:60]
    return f"read: {len(plans)} plan(s)"


if __name__ == "__main__":
    main()
