"""Starting the web application (启动): ``jixiao serve`` (gunicorn + whitenoise) and ``jixiao manage``.

``serve(demo=True)`` is what ``make run`` does: the data folder ``$JIXIAO_DATA_DIR`` (default ``./data``)
with an SQLite database, created and migrated on first start and loaded with the demo when empty; a
secret key kept in ``data/secret_key``; plain HTTP on 127.0.0.1:8000.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

SETTINGS = "jixiao.web.settings"


def _data_folder() -> None:
    """The default SQLite database lives in ``$JIXIAO_DATA_DIR``: the folder is made if missing, so a
    first ``migrate`` creates the database instead of failing with "unable to open database file"."""
    if not os.environ.get("JIXIAO_DATABASE_URL"):
        Path(os.environ.get("JIXIAO_DATA_DIR", "data")).mkdir(parents=True, exist_ok=True)


def _django(argv: Sequence[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    _data_folder()
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["jixiao manage", *argv])
    except ImproperlyConfigured as exc:  # a setting missing: said in Chinese by settings.py, no traceback
        print(f"jixiao：{exc}", file=sys.stderr)
        sys.exit(1)


def manage(argv: Sequence[str]) -> None:
    """``jixiao manage ARGS…``: Django's management commands under jixiao's settings. On the data folder
    ``jixiao serve --demo`` made (``make run``), its kept secret key serves when ``JIXIAO_SECRET_KEY`` is
    not set, so that ``jixiao manage apitoken czj`` works on the demo as the README says. A missing
    setting exits with status 1 and its Chinese message."""
    _kept_secret(create=False)
    _django(argv)


def _kept_secret(create: bool) -> None:
    """``JIXIAO_SECRET_KEY`` from ``$JIXIAO_DATA_DIR/secret_key`` unless set; the file made first (random,
    readable by its owner only) when ``create``."""
    if "JIXIAO_SECRET_KEY" in os.environ:
        return
    key_file = Path(os.environ.get("JIXIAO_DATA_DIR", "data")).resolve() / "secret_key"
    if create and not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    if key_file.is_file():
        os.environ["JIXIAO_SECRET_KEY"] = key_file.read_text().strip()


def _demo_environment() -> None:
    """The settings ``make run`` needs and nobody should have to type: a kept secret, local hosts, HTTP."""
    Path(os.environ.setdefault("JIXIAO_DATA_DIR", "data")).resolve().mkdir(parents=True, exist_ok=True)
    _kept_secret(create=True)
    os.environ.setdefault("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("JIXIAO_HTTPS", "0")


def default_workers() -> int:
    """How many gunicorn worker processes ``jixiao serve`` starts when ``--workers`` is not given: one
    per CPU core (``os.cpu_count()``, 2 if unknown).

    Measured by ``benchmarks/bench_load.py`` on 2 cores (PostgreSQL, 10,000 plans, 20 clients, the
    whole mix with saves): 2 workers p95 427 and 457 ms (two runs) at 38–40 requests/s, 3 workers
    472 ms, 4 workers 545 ms at 35.0 requests/s; reading only, p95 varies more between runs than
    between worker counts (2 workers 348 and 422 ms, 3 workers 342, 4 workers 333–402). A sync worker
    keeps the CPU busy for all of a request but its database waits, so more workers than cores only
    queue on the cores; and each worker keeps its own indicator library, refiling every plan the
    others save (``library.build``), which costs once per worker."""
    return os.cpu_count() or 2


def serve(bind: str, workers: int | None = None, demo: bool = False) -> None:
    """Run gunicorn on ``bind`` with ``workers`` processes (``default_workers()`` when ``None``); with
    ``demo``, prepare the demo first."""
    if demo:
        _demo_environment()
        _django(["migrate", "--noinput", "-v", "0"])
        _django(["loaddemo", "--if-empty"])
        print("演示账号：czj 财政审核人 · gxj 主管部门审核人（工信局）· gxj-jg 单位填报人（工信局机关）·")
        print("          gxj-fzr 单位负责人（工信局机关）· jyj-jg、jtj-jg 单位填报人 · admin 系统管理员")
        print("密码：首次启动时已显示（或为环境变量 JIXIAO_DEMO_PASSWORD）。")
        print(f"jixiao 已启动：http://{bind}/  （按 Ctrl-C 停止）", flush=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    _data_folder()
    from gunicorn.app.wsgiapp import WSGIApplication

    sys.argv = [
        "jixiao serve",
        "--bind",
        bind,
        "--workers",
        str(workers or default_workers()),
        "--access-logfile",
        "-" if not demo else "/dev/null",
        "--timeout",
        "120",
        "--config",
        "python:jixiao.web.gunicorn_config",
        "jixiao.web.wsgi:application",
    ]
    WSGIApplication("%(prog)s [OPTIONS]").run()
