"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, checked by axe.

The browser is launched once per session; every test gets a fresh context (no
cookies, English) against pytest-django's ``live_server``. Install the browser with
``scripts/install-browser``; without it every browser test is skipped, saying why.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from decentwork.accounts.models import User
from decentwork.accounts.second_factor import authenticator_of, code_now, needs_second_factor
from tests.browser.axe_checks import assert_accessible
from tests.conftest import authenticator_for

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
    """Sign in through the real form, as a person would: type, then press Enter; then,
    for a staff role, type the code their authenticator app shows now."""

    def log_in(username: str, password: str) -> None:
        user = User.objects.filter(username=username).first()
        device = authenticator_for(user) if user is not None else None
        page.goto("/accounts/login/")
        assert_accessible(page)
        page.get_by_label("User name").press_sequentially(username)
        page.get_by_label("Password").press_sequentially(password)
        with page.expect_navigation():
            page.get_by_label("Password").press("Enter")
        if device is not None and "/accounts/login/" not in page.url:
            pass_second_factor(page, username)

    return log_in


def _tab_to_and_enter(page: Page, selector: str, text: str = "") -> None:
    """Tab to ``selector``, type ``text`` and press Enter, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(80):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail(f"{selector} is not in the tab order of {page.url}")
    page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def pass_second_factor(page: Page, username: str) -> None:
    """After the password step: a staff role types, by keyboard, the code their
    authenticator app shows now; on a first sign-in they set the app up first and
    keep their recovery codes. Others are through already."""
    user = User.objects.get(username=username)
    if not needs_second_factor(user):
        return
    if "/accounts/second-factor/setup/" in page.url:
        assert_accessible(page)
        pending = TOTPDevice.objects.get(user=user, confirmed=False)
        _tab_to_and_enter(page, "#id_code", code_now(pending))
        expect(page).to_have_url(re.compile(r"/accounts/second-factor/recovery-codes/"))
        assert_accessible(page)
        _tab_to_and_enter(page, "form.no-print button[type='submit']")
    else:
        expect(page).to_have_url(re.compile(r"/accounts/second-factor/\?"))
        assert_accessible(page)
        device = authenticator_of(user)
        assert device is not None, username
        _tab_to_and_enter(page, "#id_code", code_now(device))
    expect(page).not_to_have_url(re.compile(r"/accounts/(login|second-factor)/"))
