"""Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright (no browser download),
started with the flags this machine's closed network needs. Screenshots go to /tmp/jixiao-screens/."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENS = Path("/tmp/jixiao-screens")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

needs_chromium = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK), reason="Debian's chromium is not installed: run make setup"
)


@pytest.fixture
def browser() -> Iterator[Any]:
    """A headless Chromium, closed after the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


def page_as(browser: Any, base_url: str, user: Any, width: int = 1280, height: int = 900) -> Any:
    """A new page in a Chinese-locale context, logged in as ``user`` by a session cookie."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
    return context.new_page()


def log_in(context: Any, base: str, username: str, password: str) -> Any:
    """A new page of ``context`` with ``username`` logged in through the login form, as a person does."""
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button:has-text('登录')")
    page.wait_for_url(f"{base}/")
    return page


def person_page(
    browser: Any, base: str, username: str, password: str, width: int = 1500, height: int = 1000
) -> Any:
    """``log_in`` in a Chinese-locale browser context of its own (each person their own cookies)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    return log_in(context, base, username, password)


def sent_and_swapped(page: Any, act: Callable[[], None], sent: Callable[[Any], bool]) -> None:
    """Do ``act`` (typing into the sheet and leaving the cell, a paste, a click that saves), wait for the
    response ``sent`` matches, then until htmx has swapped the answer into the page and no request is
    left in flight. (Playwright's ``networkidle`` is reached once per navigation and does not wait for
    later requests: a cell typed into before the last answer is swapped in loses what was typed.)"""
    page.evaluate("() => { const s = document.querySelector('#sheet'); if (s) s.jixiaoStale = true; }")
    with page.expect_response(sent):
        act()
    page.wait_for_function(
        "() => { const s = document.querySelector('#sheet');"
        " return (!s || !s.jixiaoStale) && !document.querySelector('.htmx-request'); }"
    )


def edit_cell(page: Any, selector: str, value: str, sent: Callable[[Any], bool] | None = None) -> None:
    """Type ``value`` into the sheet's cell at ``selector`` and leave it with Tab; wait until the saved
    sheet is in the page (``sent_and_swapped``). ``sent`` picks the save's response (default: a POST
    saving a row or the budget, not the rule cell's note that typing asks for)."""

    def act() -> None:
        page.fill(selector, value)
        page.press(selector, "Tab")

    sent_and_swapped(page, act, sent or _row_saved)


def _row_saved(response: Any) -> bool:
    url = response.url
    saves = ("/rows/" in url and not url.endswith("/rule/")) or url.endswith("/budget/")
    return saves and response.request.method == "POST"
