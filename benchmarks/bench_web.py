"""The web application's speed and size (网页应用性能), on SQLite: figures printed, not a timed test.

1. Server time of the plan page (``/plans/<id>/``) for a 40-indicator plan with earlier years in the
   library (the checks from history run), seen by its 单位填报人 (the workflow panel asks for the
   warnings' explanations): median of 50 after 5 warm-ups, (a) in-process through Django's test
   client (no network), wall and CPU time of this process; (b) over HTTP from 127.0.0.1 to
   ``jixiao serve`` (gunicorn, one worker, the same SQLite database) with the person's session cookie,
   wall time at the client and the worker's CPU time per request (from /proc). Goal ≤ 100 ms; the CPU
   time is what the wall time comes to on an idle machine, near enough, when other processes share
   the cores (the load average is printed).
2. Upload of the seed .xlsx (made by ``jixiao export``) to what the person sees: ``POST /plans/upload/``
   (the file read, reviewed, kept for confirmation, the preview page rendered), median of 10; and
   ``plans_from_bytes`` + review alone. Goal ≤ 1 s.
3. Resident memory of that application process (``jixiao serve --workers 1``, gunicorn) after the
   plan page's requests of 1b and 1,000 more over HTTP (plan page, list, API plan, review, score),
   read from /proc. Goal ≤ 300 MB.
"""

from __future__ import annotations

import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

DATA = Path(tempfile.mkdtemp(prefix="jixiao-bench-web-"))
ENV = {
    "JIXIAO_DATA_DIR": str(DATA),
    "JIXIAO_SECRET_KEY": secrets.token_urlsafe(50),
    "JIXIAO_ALLOWED_HOSTS": "127.0.0.1,testserver",
    "JIXIAO_HTTPS": "0",
    "DJANGO_SETTINGS_MODULE": "jixiao.web.settings",
}
os.environ.update(ENV)
os.environ.pop("JIXIAO_DATABASE_URL", None)

import django  # noqa: E402  (settings come from the environment set above)

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from jixiao.core.review import review_plans  # noqa: E402
from jixiao.core.rules.resolve import resolve_rule  # noqa: E402
from jixiao.documents.load import load_plans, plans_from_bytes  # noqa: E402
from jixiao.documents.writers.export import export_tables  # noqa: E402
from jixiao.documents.writers.samples import generated_plans  # noqa: E402
from jixiao.web.accounts.models import ApiToken, Organisation  # noqa: E402
from jixiao.web.demo import SEED_TARGETS, load_demo  # noqa: E402
from jixiao.web.plans.convert import create_plan  # noqa: E402
from jixiao.web.plans.models import ChangeWay  # noqa: E402

REQUESTS = 1_000


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(action: object, runs: int, warm: int = 5) -> float:
    """Median wall time of ``action`` (seconds); its median CPU time goes to ``LAST_CPU``."""
    for _ in range(warm):
        action()  # type: ignore[operator]
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    LAST_CPU[0] = statistics.median(cpu)
    return statistics.median(times)


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _verdict(wall: float, cpu: float) -> str:
    if wall <= 0.1:
        return "OK"
    return "OK (CPU time; the wall time is the load)" if cpu <= 0.1 else "OVER"


LAST_CPU = [0.0]
"""The CPU time of the process in the last ``timed`` (median): what the wall time is on an idle
machine, near enough, when other processes share the cores (SQLite's file I/O is not in it)."""


def main() -> None:
    call_command("migrate", "--noinput", "-v", "0")
    load_demo("bench-Password-2023")
    filler = User.objects.get(username="gxj-jg")
    unit = Organisation.objects.get(name="机关", parent__name="株洲市工业和信息化局")
    generated = generated_plans(1, seed=40, indicators=40)[0]
    create_plan(generated, unit, 2023, filler, ChangeWay.DEMO)  # last year: its history for every row
    big = create_plan(generated, unit, 2024, filler, ChangeWay.DEMO)
    client = Client()
    client.force_login(filler)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    def page() -> None:
        assert client.get(f"/plans/{big.pk}/").status_code == 200

    print(f"(load average {_load()} on {os.cpu_count()} cores: figures are for a machine that busy)")
    t = timed(page, 50)
    cpu = LAST_CPU[0]
    print(
        f"plan page, 40 indicators, in-process (Django test client): {ms(t)} wall, {ms(cpu)} CPU "
        f"(goal ≤ 100 ms) {_verdict(t, cpu)}; load average {_load()}"
    )

    xlsx = export_tables(load_plans(SEED_TARGETS), "xlsx")
    _token, raw = ApiToken.issue(filler, "bench")

    def read_and_review() -> None:
        review_plans(plans_from_bytes(xlsx, "seed.xlsx"), resolve_rule)

    def preview() -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("工信局2023年绩效目标表.xlsx", xlsx)
        response = client.post("/plans/upload/", {"files": [upload], "unit": unit.pk, "year": 2023})
        assert response.status_code == 200 and "确认" in response.content.decode(), response.status_code

    t_read = timed(read_and_review, 10, warm=2)
    t_preview = timed(preview, 10, warm=2)
    cpu_preview = LAST_CPU[0]
    print(f"seed .xlsx ({len(xlsx) // 1024} KB) read + review: {ms(t_read)}")
    print(
        f"seed .xlsx upload to the preview page (POST /plans/upload/: read, review, kept, page): {ms(t_preview)} wall, "
        f"{ms(cpu_preview)} CPU "
        f"(goal ≤ 1 s) {'OK' if t_preview <= 1 else 'OVER'}"
    )
    with Server() as server:
        over_http(server, session, big.pk)
        memory(server, raw, big.pk)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """``jixiao serve`` (gunicorn, one worker) on a free port of 127.0.0.1, on this benchmark's database."""

    def __enter__(self) -> Server:
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jixiao.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            env={**os.environ},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/login/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        return self

    def __exit__(self, *_: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def worker(self) -> int:
        """The worker's process id (gunicorn's one child)."""
        pid = self.process.pid
        return int(Path(f"/proc/{pid}/task/{pid}/children").read_text().split()[0])

    def get(self, path: str, headers: dict[str, str]) -> None:
        with urllib.request.urlopen(
            urllib.request.Request(self.base + path, headers=headers), timeout=30
        ) as r:
            assert r.status == 200, (path, r.status)
            r.read()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def over_http(server: Server, session: str, plan_id: int, runs: int = 50) -> None:
    """The plan page through gunicorn, as the logged-in person's browser asks for it (session cookie)."""
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    for _ in range(5):
        server.get(f"/plans/{plan_id}/", headers)
    worker = server.worker()
    times = []
    cpu_before = _cpu_seconds(worker)
    for _ in range(runs):
        start = time.perf_counter()
        server.get(f"/plans/{plan_id}/", headers)
        times.append(time.perf_counter() - start)
    cpu = (_cpu_seconds(worker) - cpu_before) / runs  # clock ticks (10 ms): the mean, not a median
    wall = statistics.median(times)
    print(
        f"plan page, 40 indicators, over HTTP (gunicorn, 1 worker, session cookie, from 127.0.0.1): "
        f"{ms(wall)} wall at the client, {ms(cpu)} CPU of the worker (mean of {runs}) "
        f"(goal ≤ 100 ms) {_verdict(wall, cpu)}; load average {_load()}"
    )


def memory(server: Server, token: str, plan_id: int) -> None:
    urls = [
        f"/plans/{plan_id}/",
        "/plans/",
        f"/api/v1/plans/{plan_id}",
        f"/api/v1/plans/{plan_id}/review",
        "/api/v1/plans/1/score",
    ]
    start = time.perf_counter()
    for n in range(REQUESTS):
        server.get(urls[n % len(urls)], {"Authorization": f"Bearer {token}"})
    elapsed = time.perf_counter() - start
    worker = _rss_mb(server.worker())
    print(
        f"one application process after {REQUESTS} more requests: {worker:.0f} MB resident "
        f"(goal ≤ 300 MB) {'OK' if worker <= 300 else 'OVER'}; gunicorn master {_rss_mb(server.process.pid):.0f} MB; "
        f"{REQUESTS / elapsed:.0f} requests/s over HTTP, one worker"
    )


if __name__ == "__main__":
    main()
