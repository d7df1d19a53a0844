"""Load (负载): jixiao served by gunicorn on PostgreSQL, many plans, many people at once — figures printed,
not a timed test.

A private PostgreSQL 15 cluster (``tests/pg_cluster.py``) holds 10,000 plans of 20 indicators each
(200,000 indicator rows, bulk inserts through the ORM, then VACUUM ANALYZE as after an import) in 500
units under 25 departments; the plans are spread over the workflow's states (草稿, 单位负责人审核,
主管部门审核, 财政审核) so that every reviewer has work.
``jixiao serve`` (gunicorn, ``BENCH_LOAD_WORKERS`` processes, default as ``jixiao serve``'s: one per
core) serves it on 127.0.0.1. First
the time to build the indicator library from all plans is printed (each worker builds it for the plan
page's history checks); then every worker is warmed up (it imports the application and builds its
library, unbounded in time); then 20 clients (threads, each a person logged in through the log-in
page, with a personal API token too) run twice for ``BENCH_LOAD_SECONDS`` (default 60) each, pausing
``BENCH_LOAD_THINK`` seconds (default 0.2, ±50 %) between requests: once reading only, once the whole
mix by role:

- 单位填报人 (8, two per unit, so that they sometimes save the same plan at once): open the list, the
  to-do, a plan; save a cell on the page (with the revision the page showed); replace the plan through
  the API (``PUT`` with the revision read); download the tables (.xlsx); submit.
- 单位负责人 (4), 主管部门审核人 (4), 财政审核人 (4, who see all 10,000 plans): to-do, lists (page and
  API), plans, downloads, approve.

Submissions and approvals go through ``POST /api/v1/plans/{id}/transitions`` (the contract of issue 8);
where the served API has no such endpoint, they are printed as not measured.

Printed: p50/p95/p99 per kind of request and overall (goal p95 ≤ 200 ms), requests refused by the rules
(409 a stale revision or a state that moved on, 403 a plan locked meanwhile: the answers a person gets,
not errors), errors (anything else), and the check that no acknowledged write was lost: each
acknowledged save is the value in the database unless a later acknowledged save of the same cell
replaced it, no two saves of a plan acknowledged the same revision, and each appears exactly once in
the plan's timeline; each acknowledged step is one ``Transition``. After each phase, the CPU time per
measured request of the server (gunicorn), of PostgreSQL and of the clients (this process), from /proc:
where the machine's two cores went.

Before the clients start, each kind of read is timed one request at a time in-process (server time
before any queueing; ``BENCH_PROFILE=1`` adds a profile, ``BENCH_LOAD_ONLY_SERVER_TIME=1`` stops
there).

Sizes: ``BENCH_LOAD_PLANS`` (default 10000), ``BENCH_LOAD_CLIENTS`` (default 20).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.web.server import default_workers

ROOT = Path(__file__).resolve().parents[1]
PLANS = int(os.environ.get("BENCH_LOAD_PLANS", "10000"))
INDICATORS = 20
CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "20"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
THINK = float(os.environ.get("BENCH_LOAD_THINK", "0.2"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "0")) or default_workers()
DEPARTMENTS, UNITS = 25, 500
YEAR = 2024
PASSWORD = "Bench-load-2024!"
GOAL_P95 = 0.200
ON_CLUSTER = "JIXIAO_BENCH_LOAD_ON_CLUSTER"


def on_cluster() -> int:
    """Run this script again on a private PostgreSQL cluster (tests/pg_cluster.py)."""
    os.environ[ON_CLUSTER] = "1"
    return subprocess.call([sys.executable, str(ROOT / "tests" / "pg_cluster.py"), sys.executable, __file__])


def configure() -> None:
    os.environ.update(
        {
            "JIXIAO_SECRET_KEY": secrets.token_urlsafe(50),
            "JIXIAO_ALLOWED_HOSTS": "127.0.0.1,testserver",  # testserver: the in-process timings
            "JIXIAO_HTTPS": "0",
            "JIXIAO_DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "jixiao.web.settings",
        }
    )
    import django

    django.setup()


# ── the data ────────────────────────────────────────────────────────────────────────────────


@dataclass
class Person:
    key: str
    role: str  # 单位填报人 / 单位负责人 / 主管部门审核人 / 财政审核人
    plans: list[int]  # the plans this person works on
    drafts: list[int] = field(default_factory=list)  # those of them a filler may edit at the start
    token: str = ""
    opener: Any = None
    csrf: str = ""


@dataclass
class World:
    people: list[Person]
    states: dict[int, str]  # plan id → state at the start


def template_plan() -> Any:
    """A 20-indicator project plan the review lets through (names made distinct, reasons given)."""
    from dataclasses import replace

    from jixiao.documents.writers.samples import generated_plans

    core = generated_plans(1, seed=4, indicators=INDICATORS)[0]
    core.indicators = [
        replace(ind, name=f"{ind.name}（{k + 1}）", reason=ind.reason or "按计划完成")
        for k, ind in enumerate(core.indicators)
    ]
    return core


def load() -> World:
    """The organisation tree, 10,000 plans and their rows in bulk, states, and the 20 people."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from simple_history.utils import bulk_create_with_history

    from jixiao.core.workflow import State
    from jixiao.web.accounts.models import Membership, Organisation, OrgKind, Role
    from jixiao.web.plans.convert import create_plan
    from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan
    from jixiao.web.workflow.models import PlanFlow

    start = time.perf_counter()
    bureau = Organisation.objects.create(name="株洲市财政局", kind=OrgKind.BUREAU)
    departments = Organisation.objects.bulk_create(
        Organisation(name=f"部门{d:02d}", kind=OrgKind.DEPARTMENT, parent=bureau) for d in range(DEPARTMENTS)
    )
    units = Organisation.objects.bulk_create(
        Organisation(name=f"单位{u:03d}", kind=OrgKind.UNIT, parent=departments[u % DEPARTMENTS])
        for u in range(UNITS)
    )
    model = create_plan(template_plan(), units[0], YEAR, None, ChangeWay.SYSTEM)  # type: ignore[arg-type]
    plan_values = Plan.objects.filter(pk=model.pk).values().get()
    row_values = list(IndicatorRow.objects.filter(plan=model).values())
    for values in (plan_values, *row_values):
        values.pop("id")
    plan_values.pop("unit_id")
    model.delete()
    plans = bulk_create_with_history(
        [
            Plan(**{**plan_values, "unit_id": units[n % UNITS].pk, "year": YEAR - (n // UNITS) % 4})
            for n in range(PLANS)
        ],
        Plan,
        batch_size=2000,
        default_change_reason=ChangeWay.SYSTEM.value,
    )
    for first in range(0, len(plans), 250):
        bulk_create_with_history(
            [
                IndicatorRow(**{**row, "plan_id": p.pk})
                for p in plans[first : first + 250]
                for row in row_values
            ],
            IndicatorRow,
            batch_size=5000,
            default_change_reason=ChangeWay.SYSTEM.value,
        )
    spread = [State.DRAFT] * 12 + [State.UNIT_REVIEW] * 4 + [State.DEPARTMENT_REVIEW] * 2
    spread += [State.FINANCE_REVIEW] * 2
    states = {p.pk: spread[(n // UNITS) % len(spread)].value for n, p in enumerate(plans)}
    PlanFlow.objects.bulk_create(
        (PlanFlow(plan_id=pk, state=state) for pk, state in states.items() if state != State.DRAFT.value),
        batch_size=5000,
    )
    loaded = time.perf_counter() - start
    rows = IndicatorRow.objects.count()
    print(
        f"loaded {Plan.objects.count():,} plans, {rows:,} indicator rows, {UNITS} units in {DEPARTMENTS} "
        f"departments in {loaded:.1f} s (bulk inserts through the ORM, with their history records)",
        flush=True,
    )

    by_unit: dict[int, list[int]] = defaultdict(list)
    for p in plans:
        by_unit[p.unit_id].append(p.pk)
    everything = [p.pk for p in plans]
    hashed = make_password(PASSWORD)
    people: list[Person] = []

    def member(key: str, organisation: Organisation, role: Role, label: str, scope: list[int]) -> None:
        user = User.objects.create(username=key, password=hashed, first_name=key)
        Membership.objects.create(user=user, organisation=organisation, role=role)
        drafts = [pk for pk in scope if states[pk] == State.DRAFT.value] if role == Role.UNIT_FILLER else []
        people.append(Person(key, label, scope, drafts))

    kinds = ["filler", "filler", "head", "dept", "finance"]  # 8 : 4 : 4 : 4 for 20 clients
    for n in range(CLIENTS):
        kind = kinds[n % len(kinds)] if n < (CLIENTS // 5) * 5 else "filler"
        u = units[(n // len(kinds)) % UNITS]
        if kind == "filler":
            member(f"filler{n}", u, Role.UNIT_FILLER, "单位填报人", by_unit[u.pk])
        elif kind == "head":
            member(f"head{n}", u, Role.UNIT_HEAD, "单位负责人", by_unit[u.pk])
        elif kind == "dept":
            assert u.parent is not None
            scope = [pk for unit in units if unit.parent_id == u.parent_id for pk in by_unit[unit.pk]]
            member(f"dept{n}", u.parent, Role.DEPARTMENT_REVIEWER, "主管部门审核人", scope)
        else:
            member(f"finance{n}", bureau, Role.FINANCE_REVIEWER, "财政审核人", everything)
    return World(people, states)


# ── the server and the clients ──────────────────────────────────────────────────────────────


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jixiao.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
        ],
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5).read()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("jixiao serve did not answer within 60 s")


@dataclass
class Answer:
    status: int
    body: bytes


def send(
    person: Person,
    base: str,
    method: str,
    path: str,
    data: Any = None,
    api: bool = False,
    timeout: float = 60,
) -> Answer:
    """One request as ``person``: with their token for the API, else with their session (and CSRF)."""
    headers = {"HX-Request": "true"}
    body = None
    if api:
        headers["Authorization"] = f"Bearer {person.token}"
        if data is not None:
            body, headers["Content-Type"] = json.dumps(data).encode(), "application/json"
    elif data is not None:
        body = urllib.parse.urlencode(data).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["X-CSRFToken"] = person.csrf
        headers["Referer"] = base + path
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    opener = urllib.request.build_opener() if api else person.opener
    try:
        with opener.open(request, timeout=timeout) as response:
            return Answer(response.status, response.read())
    except urllib.error.HTTPError as refused:
        return Answer(refused.code, refused.read())


def log_in(person: Person, base: str) -> None:
    from django.contrib.auth.models import User

    from jixiao.web.accounts.models import ApiToken

    jar = http.cookiejar.CookieJar()
    person.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    person.opener.open(base + "/login/", timeout=60).read()
    person.csrf = next(c.value for c in jar if c.name == "csrftoken")
    form = {"username": person.key, "password": PASSWORD, "csrfmiddlewaretoken": person.csrf}
    answer = send(person, base, "POST", "/login/", form)
    person.csrf = next(c.value for c in jar if c.name == "csrftoken")
    if answer.status != 200 or not any(c.name == "sessionid" for c in jar):
        raise SystemExit(f"{person.key} could not log in: {answer.status}")
    person.token = ApiToken.issue(User.objects.get(username=person.key), "负载测试")[1]


@dataclass
class Ack:
    """An acknowledged save: the plan, the row, the value written and the revision it made."""

    plan: int
    index: int
    value: str
    revision: int
    way: str


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    refused: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    acks: list[Ack] = field(default_factory=list)
    steps: Counter[int] = field(default_factory=Counter)  # plan → acknowledged workflow steps
    lock: threading.Lock = field(default_factory=threading.Lock)
    measuring: bool = True


REVISION = re.compile(rb'data-revision="(\d+)"')
READS = {"列表（页面）", "列表（API）", "待办（页面）", "表（页面）", "表（API）", "下载表格（xlsx）"}
MIX = {
    "单位填报人": [
        ("列表（页面）", 2),
        ("待办（页面）", 1),
        ("表（页面）", 2),
        ("修改（页面）", 3),
        ("修改（API）", 2),
        ("下载表格（xlsx）", 1),
        ("提交", 1),
    ],
    "单位负责人": [("待办（页面）", 3), ("表（页面）", 3), ("下载表格（xlsx）", 1), ("审核通过", 2)],
    "主管部门审核人": [
        ("待办（页面）", 2),
        ("列表（页面）", 3),
        ("列表（API）", 1),
        ("表（页面）", 2),
        ("审核通过", 2),
    ],
    "财政审核人": [
        ("待办（页面）", 2),
        ("列表（页面）", 3),
        ("列表（API）", 2),
        ("表（页面）", 2),
        ("下载表格（xlsx）", 1),
        ("审核通过", 1),
    ],
}
WAITS_FOR = {
    "单位负责人": "unit_review",
    "主管部门审核人": "department_review",
    "财政审核人": "finance_review",
}


class Client:
    def __init__(
        self, person: Person, base: str, results: Results, world: World, transitions: bool, writes: bool
    ) -> None:
        self.person, self.base, self.results, self.world = person, base, results, world
        self.transitions, self.writes = transitions, writes
        self.rng = random.Random(person.key)
        self.count = 0

    def timed(self, kind: str, method: str, path: str, data: Any = None, api: bool = False) -> Answer | None:
        """The answer when the request succeeded (2xx); None when it was refused by the rules (403, 409:
        counted) or failed (an error of the run)."""
        start = time.perf_counter()
        try:
            answer = send(self.person, self.base, method, path, data, api)
        except Exception as exc:  # a timeout or a dropped connection is an error of the run
            with self.results.lock:
                self.results.errors.append(f"{kind} {path}: {exc!r}")
            return None
        elapsed = time.perf_counter() - start
        with self.results.lock:
            if self.results.measuring:
                self.results.times[kind].append(elapsed)
            if answer.status in (403, 409) and kind not in READS:
                if self.results.measuring:
                    self.results.refused[f"{kind} {answer.status}"] += 1
                return None  # refused by the rules: nothing was written, nothing to acknowledge
            if not 200 <= answer.status < 300:
                self.results.errors.append(f"{kind} {path}: {answer.status} {answer.body[:200]!r}")
                return None
        return answer

    def plan(self) -> int:
        return self.rng.choice(self.person.plans)

    def run(self, until: float) -> None:
        mix = [(k, w) for k, w in MIX[self.person.role] if self.writes or k in READS]
        kinds, weights = zip(*mix, strict=True)
        while time.perf_counter() < until:
            kind = self.rng.choices(kinds, weights)[0]
            if kind in ("提交", "审核通过") and not self.transitions:
                kind = "表（页面）"
            getattr(self, "do_" + {v: k for k, v in NAMES.items()}[kind])()
            time.sleep(THINK * self.rng.uniform(0.5, 1.5))

    def do_list(self) -> None:
        self.timed("列表（页面）", "GET", f"/plans/?year={YEAR}")

    def do_api_list(self) -> None:
        self.timed("列表（API）", "GET", f"/api/v1/plans?year={YEAR}", api=True)

    def do_todo(self) -> None:
        self.timed("待办（页面）", "GET", "/todo/")

    def do_page(self) -> None:
        self.timed("表（页面）", "GET", f"/plans/{self.plan()}/")

    def do_download(self) -> None:
        self.timed("下载表格（xlsx）", "GET", f"/plans/{self.plan()}/download/tables.xlsx/")

    def value(self) -> str:
        self.count += 1
        return f"负载测试{self.person.key}-{self.count}"

    def draft(self) -> int:
        return self.rng.choice(self.person.drafts)

    def do_edit_page(self) -> None:
        plan = self.draft()
        shown = self.timed("表（页面）", "GET", f"/plans/{plan}/")
        found = REVISION.search(shown.body) if shown else None
        if found is None:
            return
        index, value = self.rng.randrange(INDICATORS), self.value()
        form = {"field": "explanation", "value": value, "revision": found.group(1), "mode": "targets"}
        saved = self.timed("修改（页面）", "POST", f"/plans/{plan}/rows/{index}/", form)
        after = REVISION.search(saved.body) if saved else None
        if saved is not None and after is not None:
            self.ack(Ack(plan, index, value, int(after.group(1)), "page"))

    def do_edit_api(self) -> None:
        plan = self.draft()
        read = self.timed("表（API）", "GET", f"/api/v1/plans/{plan}", api=True)
        if read is None:
            return
        body = json.loads(read.body)
        index, value = self.rng.randrange(INDICATORS), self.value()
        body["indicators"][index]["explanation"] = value
        saved = self.timed("修改（API）", "PUT", f"/api/v1/plans/{plan}", body, api=True)
        if saved is not None:
            self.ack(Ack(plan, index, value, int(json.loads(saved.body)["revision"]), "api"))

    def ack(self, ack: Ack) -> None:
        with self.results.lock:
            self.results.acks.append(ack)

    def step(self, kind: str, action: str, expected: str) -> None:
        """Take a step through the API. A submission refused for warnings not yet explained (422, the
        review with this unit's history asks for a line on each) is sent again with a line on each,
        as the submitter does on the page; the first, refused attempt is not in the figures."""
        plan = self.plan()
        body: dict[str, Any] = {
            "action": action,
            "reason": "",
            "expected": expected,
            "comments": [],
            "explanations": [],
        }
        path = f"/api/v1/plans/{plan}/transitions"
        if action == "submit":
            try:
                asked = send(self.person, self.base, "POST", path, body, True)
            except Exception:  # timed below, where a failure counts as an error
                asked = None
            if asked is not None and asked.status == 422:
                unexplained = json.loads(asked.body).get("unexplained", [])
                body["explanations"] = [
                    {"finding": u["code"], "indicator": u["indicator_id"], "text": "已核实，按计划设定"}
                    for u in unexplained
                ]
            elif asked is not None and 200 <= asked.status < 300:
                with self.results.lock:
                    self.results.steps[plan] += 1
                return
        if self.timed(kind, "POST", path, body, api=True) is not None:
            with self.results.lock:
                self.results.steps[plan] += 1

    def do_submit(self) -> None:
        self.step("提交", "submit", "draft")

    def do_approve(self) -> None:
        self.step("审核通过", "approve", WAITS_FOR[self.person.role])


NAMES = {
    "list": "列表（页面）",
    "api_list": "列表（API）",
    "todo": "待办（页面）",
    "page": "表（页面）",
    "download": "下载表格（xlsx）",
    "edit_page": "修改（页面）",
    "edit_api": "修改（API）",
    "submit": "提交",
    "approve": "审核通过",
}


def has_transitions_endpoint(base: str, person: Person) -> bool:
    schema = json.loads(send(person, base, "GET", "/api/v1/openapi.json", api=True).body)
    return any(path.endswith("/transitions") for path in schema.get("paths", {}))


# ── the figures ─────────────────────────────────────────────────────────────────────────────


def percentiles(times: list[float]) -> tuple[float, float, float]:
    if len(times) < 2:
        t = times[0] if times else float("nan")
        return t, t, t
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def report(results: Results, elapsed: float, transitions: bool, errors: int) -> bool:
    print(f"{'kind':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  refused by the rules")
    everything: list[float] = []
    for kind in NAMES.values():
        times = results.times.get(kind, [])
        if not times and kind not in ("提交", "审核通过"):
            continue
        if kind in ("提交", "审核通过") and not transitions:
            print(f"{kind:<16}  not measured (endpoint missing: POST /api/v1/plans/{{id}}/transitions)")
            continue
        everything += times
        p50, p95, p99 = percentiles(times)
        refused = ", ".join(
            f"{k.split()[1]}: {n}" for k, n in results.refused.items() if k.split()[0] == kind
        )
        print(f"{kind:<16}{len(times):>9}{p50 * 1000:>9.0f}{p95 * 1000:>9.0f}{p99 * 1000:>9.0f}  {refused}")
    p50, p95, p99 = percentiles(everything)
    print(f"{'overall':<16}{len(everything):>9}{p50 * 1000:>9.0f}{p95 * 1000:>9.0f}{p99 * 1000:>9.0f}")
    print(
        f"{len(everything) / elapsed:.1f} requests/s over {elapsed:.0f} s, {CLIENTS} clients, {WORKERS} gunicorn "
        f"workers, think time {THINK:.2f} s ±50 %; p95 {p95 * 1000:.0f} ms "
        f"(goal ≤ {GOAL_P95 * 1000:.0f} ms) {'OK' if p95 <= GOAL_P95 else 'OVER'}"
    )
    print(f"errors: {errors}")
    for line in results.errors[len(results.errors) - errors :][:10]:
        print("  ", line)
    return p95 <= GOAL_P95 and not errors


def verify(results: Results, since: Any) -> bool:
    """No acknowledged write lost: in the database, once in the timeline; each step once recorded."""
    from jixiao.web.plans.models import IndicatorRow
    from jixiao.web.workflow.models import Transition
    from jixiao.web.workflow.timeline import timeline

    problems: list[str] = []
    by_cell: dict[tuple[int, int], list[Ack]] = defaultdict(list)
    by_plan: dict[int, list[Ack]] = defaultdict(list)
    for ack in results.acks:
        by_cell[(ack.plan, ack.index)].append(ack)
        by_plan[ack.plan].append(ack)
    for plan, acks in by_plan.items():
        revisions = Counter(a.revision for a in acks)
        problems += [
            f"plan {plan}: two saves acknowledged revision {r}" for r, n in revisions.items() if n > 1
        ]
        rows = list(IndicatorRow.objects.filter(plan_id=plan).order_by("position"))
        lines = [line for event in timeline(rows[0].plan) for line in event.details]
        for ack in acks:
            found = sum(1 for line in lines if line.endswith(f"→ {ack.value}"))
            if found != 1:
                problems.append(f"plan {plan} row {ack.index}: 「{ack.value}」 {found} times in the timeline")
        for index in {a.index for a in acks}:
            last = max(by_cell[(plan, index)], key=lambda a: a.revision)
            if rows[index].explanation != last.value:
                problems.append(
                    f"plan {plan} row {index}: holds 「{rows[index].explanation}」, "
                    f"the last acknowledged save was 「{last.value}」"
                )
    recorded = Counter(Transition.objects.filter(at__gte=since).values_list("plan_id", flat=True))
    problems += [
        f"plan {p}: {n} steps acknowledged, {recorded[p]} recorded"
        for p, n in results.steps.items()
        if recorded[p] != n
    ]
    ways = Counter(a.way for a in results.acks)
    print(
        f"acknowledged saves: {len(results.acks)} (page {ways['page']}, API {ways['api']}) on "
        f"{len(by_plan)} plans, steps: {sum(results.steps.values())}; lost or doubled: {len(problems)}"
        f" {'OK' if not problems else 'LOST UPDATES'}"
    )
    for line in problems[:10]:
        print("  ", line)
    return not problems


def settle() -> None:
    """VACUUM ANALYZE after the bulk load, as a deployment does after importing a year's plans: a server
    in use has statistics (autovacuum), and without them PostgreSQL plans the first minutes badly —
    and autovacuum would do the work during the measured phases."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE after the load: {time.perf_counter() - start:.1f} s", flush=True)


def library_rebuild() -> None:
    """How long the plan page's indicator library takes to build from every stored plan: each process
    builds it once, on its first plan page, then refiles only the plans saved since (``library.build``)."""
    from jixiao.web.library.build import build_from_database

    wall, cpu = time.perf_counter(), time.process_time()
    library = build_from_database()
    print(
        f"indicator library built from all {PLANS:,} plans ({len(library.entries):,} entries): "
        f"{time.perf_counter() - wall:.1f} s ({time.process_time() - cpu:.1f} s CPU) — each gunicorn worker "
        "does this once, on its first plan page (after that it refiles only the plans saved)",
        flush=True,
    )


def one_at_a_time(world: World) -> None:
    """Server time of each kind of read, one request at a time, in-process through Django's test
    client (median of 5 after one warm-up, CPU time beside wall time): what each request costs before
    any queueing. With ``BENCH_PROFILE=1`` the costliest functions of each kind are printed too."""
    import cProfile
    import pstats

    from django.contrib.auth.models import User
    from django.test import Client as TestClient

    reads = {
        "列表（页面）": lambda p: f"/plans/?year={YEAR}",
        "列表（API）": lambda p: f"/api/v1/plans?year={YEAR}",
        "待办（页面）": lambda p: "/todo/",
        "表（页面）": lambda p: f"/plans/{p.plans[0]}/",
        "下载表格（xlsx）": lambda p: f"/plans/{p.plans[0]}/download/tables.xlsx/",
    }
    print(f"\none request at a time, in-process (load average {os.getloadavg()[0]:.1f}):", flush=True)
    for role in ("单位填报人", "财政审核人"):
        person = next(p for p in world.people if p.role == role)
        client = TestClient()
        client.force_login(User.objects.get(username=person.key))
        for kind, path in reads.items():
            url = path(person)
            assert client.get(url).status_code == 200, url
            walls, cpus = [], []
            for _ in range(5):
                wall, cpu = time.perf_counter(), time.process_time()
                client.get(url)
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
            print(
                f"  {role} {kind:<12} median {statistics.median(walls):7.1f} ms wall, "
                f"{statistics.median(cpus):7.1f} ms CPU"
            )
            if os.environ.get("BENCH_PROFILE"):
                profile = cProfile.Profile()
                profile.runcall(client.get, url)
                pstats.Stats(profile).sort_stats("tottime").print_stats(20)


def warm_up(world: World, base: str) -> None:
    """Two plan pages per worker at once, unbounded in time: every worker imports the application and
    builds its library before anything is measured."""
    start = time.perf_counter()
    person = world.people[0]
    threads = [
        threading.Thread(target=send, args=(person, base, "GET", f"/plans/{pk}/"), kwargs={"timeout": 3600})
        for pk in person.plans[: 2 * WORKERS]
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"warm-up ({2 * WORKERS} plan pages at once): {time.perf_counter() - start:.1f} s", flush=True)


def cpu_seconds(server: int) -> dict[str, float]:
    """CPU seconds (user + system) used so far by the server (``server`` and its descendants: gunicorn's
    master and workers), by PostgreSQL's processes (a closed backend's in the postmaster's reaped
    children's time), and by this process (the clients), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents, used, names = {}, {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:  # gone meanwhile
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        pid = int(entry)
        # utime + stime, and cutime + cstime: the processes it reaped (PostgreSQL's backends that closed)
        parents[pid], names[pid] = int(fields[1]), name
        used[pid] = sum(int(fields[k]) for k in (11, 12, 13, 14)) / ticks

    def under(pid: int) -> bool:
        while pid > 1:
            if pid == server:
                return True
            pid = parents.get(pid, 0)
        return False

    return {
        "server": sum(t for pid, t in used.items() if under(pid)),
        "postgres": sum(t for pid, t in used.items() if names[pid].startswith("postgres")),
        "clients": time.process_time(),
    }


def phase(
    title: str, world: World, base: str, transitions: bool, writes: bool, results: Results, server: int
) -> None:
    print(f"\n{title}", flush=True)
    results.measuring, results.times, results.refused = True, defaultdict(list), Counter()
    errors = len(results.errors)
    clients = [Client(p, base, results, world, transitions, writes) for p in world.people]
    before = cpu_seconds(server)
    start = time.perf_counter()
    threads = [threading.Thread(target=c.run, args=(start + SECONDS,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    after = cpu_seconds(server)
    report(results, elapsed, transitions, len(results.errors) - errors)
    requests = sum(len(t) for t in results.times.values()) or 1
    print(
        f"CPU per request (of {os.cpu_count()} cores: "
        f"{sum(after[k] - before[k] for k in after) / elapsed:.2f} CPU-seconds per second used): "
        + ", ".join(f"{k} {(after[k] - before[k]) / requests * 1000:.1f} ms" for k in after)
    )


def main() -> int:
    if os.environ.get(ON_CLUSTER) != "1":
        return on_cluster()
    configure()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", "--noinput", "-v", "0")
    world = load()
    settle()
    library_rebuild()
    one_at_a_time(world)
    if os.environ.get("BENCH_LOAD_ONLY_SERVER_TIME"):
        return 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port)
    results = Results()
    try:
        for person in world.people:
            log_in(person, base)
        transitions = has_transitions_endpoint(base, world.people[0])
        since = timezone.now()
        warm_up(world, base)
        phase(
            "reading only (lists, to-do, plans, downloads):",
            world,
            base,
            transitions,
            False,
            results,
            server.pid,
        )
        phase(
            "the whole mix (with saves, submissions, approvals):",
            world,
            base,
            transitions,
            True,
            results,
            server.pid,
        )
    finally:
        server.terminate()
        server.wait(timeout=60)
    kept = verify(results, since)
    print("lost updates:", "none" if kept else "SOME (above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
