"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, checked by axe.

The browser is launched once per session; every test gets a fresh context (no
cookies, English) against pytest-django's ``live_server``. Install the browser with
``scripts/install-browser``; without it every browser test is skipped, saying why.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.axe_checks import assert_accessible

# Playwright's sync API runs an event loop in this thread; Django would otherwise
# refuse ORM calls made from the tests (fixtures, assertions) as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
STYLESHEET = "decentwork/site.css"
STATIC_DIR = Path(django_settings.BASE_DIR) / "decentwork" / "static"
# As root, on a machine with a closed network: no sandbox, no background traffic.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: run scripts/install-browser to enable browser tests")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(
    browser: Browser, live_server: LiveServer, transactional_db: None
) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="en")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page: Page) -> Callable[[str, str], None]:
    """Sign in through the real form, as a person would: type, then press Enter."""

    def log_in(username: str, password: str) -> None:
        page.goto("/accounts/login/")
        assert_accessible(page)
        page.get_by_label("User name").press_sequentially(username)
        page.get_by_label("Password").press_sequentially(password)
        with page.expect_navigation():
            page.get_by_label("Password").press("Enter")

    return log_in
