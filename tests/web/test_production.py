"""Production: ``jixiao manage check --deploy`` is clean under production settings (from the
environment alone), and ``jixiao serve`` (gunicorn + whitenoise) answers pages and static files."""

from __future__ import annotations

import os
import runpy
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

import jixiao.web.settings

# Settings that open connections or load apps: the deploy checks do not read them.
NOT_OVERRIDDEN = {"DATABASES", "INSTALLED_APPS", "TEMPLATES", "LOGGING", "STORAGES", "ROOT_URLCONF"}


def evaluated_settings(monkeypatch: pytest.MonkeyPatch, **more: str) -> dict[str, Any]:
    """The settings module evaluated afresh with only what docs/deploy.md asks an operator to set (and
    ``more`` variables)."""
    for name in list(os.environ):
        if name.startswith("JIXIAO_") or name == "DJANGO_ALLOW_ASYNC_UNSAFE":  # the latter: browser tests
            monkeypatch.delenv(name)
    monkeypatch.setenv("JIXIAO_SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("JIXIAO_ALLOWED_HOSTS", "jixiao.czj.example")
    monkeypatch.setenv("JIXIAO_DATABASE_URL", "postgresql://jixiao@127.0.0.1:5432/jixiao")
    for name, value in more.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(jixiao.web.settings.__file__)


def production_settings(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The production settings the deploy checks read (``evaluated_settings`` without ``NOT_OVERRIDDEN``)."""
    values = evaluated_settings(monkeypatch)
    return {k: v for k, v in values.items() if k.isupper() and k not in NOT_OVERRIDDEN}


def test_it_passes_the_deploy_checks_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    with override_settings(**production_settings(monkeypatch)):
        call_command("check", "--deploy", "--fail-level", "WARNING")


def test_it_would_fail_them_over_plain_http() -> None:
    # the test settings (JIXIAO_HTTPS=0) are not fit for production: the check says so
    with pytest.raises(SystemCheckError, match=r"SECURE_SSL_REDIRECT|SESSION_COOKIE_SECURE"):
        call_command("check", "--deploy", "--fail-level", "WARNING")


def test_an_unexpected_error_answers_a_chinese_page() -> None:
    """What a person sees when something fails inside (Django's 500 handler, DEBUG off): a Chinese page
    that says what to do, not Django's bare English "Server Error (500)", and no traceback."""
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/plans/1/"))
    page = response.content.decode()
    assert response.status_code == 500 and "服务器内部错误" in page and "系统管理员" in page
    assert "Server Error" not in page and "Traceback" not in page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # 127.0.0.1 only
        return response.status, dict(response.headers), response.read()


def test_it_makes_the_data_folder_on_the_first_migrate(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIXIAO_", "DJANGO_"))}
    folder = tmp_path / "新" / "data"
    env.update(JIXIAO_SECRET_KEY=secrets.token_urlsafe(50), JIXIAO_DATA_DIR=str(folder))

    child = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "manage", "migrate", "--noinput", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert child.returncode == 0, child.stderr
    assert (folder / "jixiao.sqlite3").stat().st_size > 0


def test_manage_on_the_demo_s_data_folder_uses_its_kept_secret(tmp_path: Path) -> None:
    """``jixiao manage …`` (the README's ``jixiao manage apitoken USERNAME``) on the folder ``make run``
    made works without JIXIAO_SECRET_KEY, with the key ``serve --demo`` kept there; with no key at all
    it says so in Chinese and exits 1, without a traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIXIAO_", "DJANGO_"))}
    env.update(JIXIAO_DATA_DIR=str(tmp_path))
    command = [sys.executable, "-m", "jixiao.cli", "manage", "migrate", "--noinput", "-v", "0"]

    bare = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert bare.returncode == 1 and "Traceback" not in bare.stderr
    assert "JIXIAO_SECRET_KEY" in bare.stderr and "未设置" in bare.stderr

    (tmp_path / "secret_key").write_text(secrets.token_urlsafe(50))
    kept = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert kept.returncode == 0, kept.stderr
    assert (tmp_path / "jixiao.sqlite3").stat().st_size > 0


def test_it_serves_pages_and_static_files_with_gunicorn(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIXIAO_", "DJANGO_"))}
    env.update(
        JIXIAO_SECRET_KEY=secrets.token_urlsafe(50),
        JIXIAO_ALLOWED_HOSTS="127.0.0.1",
        JIXIAO_DATA_DIR=str(tmp_path),
        JIXIAO_HTTPS="0",  # plain HTTP on 127.0.0.1 for the test; production sits behind TLS
    )
    jixiao = [sys.executable, "-m", "jixiao.cli"]
    subprocess.run([*jixiao, "manage", "migrate", "--noinput", "-v", "0"], env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [*jixiao, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                status, headers, page = _get(f"{base}/login/")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.1)
        assert status == 200 and "登录" in page.decode()
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        status, headers, css = _get(f"{base}/static/jixiao/app.css")
        assert status == 200 and b"table.grid" in css and headers["Content-Type"].startswith("text/css")
        status, _headers, js = _get(f"{base}/static/ninja/swagger-ui-bundle.js")
        assert status == 200 and len(js) > 100_000  # the API's docs page assets, from the package
    finally:
        server.terminate()
        server.wait(timeout=30)
    log = server.stderr.read().decode() if server.stderr else ""
    assert "指标库已建立：0 条" in log  # built once in the master, before the worker was forked


def test_postgresql_prepares_a_query_it_runs_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL a query run a fifth time on a connection is prepared on the server (not parsed and
    planned again), unless ``JIXIAO_DB_PREPARED=0`` (a pooler in transaction mode)."""
    assert evaluated_settings(monkeypatch)["DATABASES"]["default"]["OPTIONS"] == {
        "server_side_binding": True,
        "prepare_threshold": 5,
    }
    off = evaluated_settings(monkeypatch, JIXIAO_DB_PREPARED="0")["DATABASES"]["default"]
    assert "prepare_threshold" not in off.get("OPTIONS", {})


@pytest.mark.django_db
def test_the_database_keeps_the_prepared_query() -> None:
    from django.contrib.auth.models import User
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements: PostgreSQL only (the suite's second run)")
    for n in range(6):
        assert not User.objects.filter(username=f"nobody{n}").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "auth_user"' in sql and '"auth_user"."username" = $' in sql for sql in prepared), (
        prepared
    )
