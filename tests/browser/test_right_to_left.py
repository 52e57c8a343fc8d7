"""Arabic: the header's language form turns every page right-to-left."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from tests.browser.axe_checks import assert_accessible
from tests.browser.conftest import pass_second_factor
from tests.conftest import World

pytestmark = pytest.mark.browser


def arabic(message: str) -> str:
    with translation.override("ar"):
        translated = translation.gettext(message)
    assert translated != message, f"no Arabic translation of {message!r}"
    return translated


def test_switching_to_arabic_gives_a_right_to_left_page(page: Page, world: World) -> None:
    page.goto("/accounts/login/")

    page.get_by_label("Language").select_option("ar")
    with page.expect_navigation():
        page.get_by_role("button", name="Change language").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", level=1)).to_have_text(arabic("Sign in"))
    expect(page.get_by_label(arabic("Language"))).to_have_value("ar")
    # Logical CSS: the skip link appears at the right-hand edge, where reading starts.
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name=arabic("Skip to main content"))
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert viewport is not None
    assert box["x"] + box["width"] > viewport["width"] * 0.75, box
    assert_accessible(page)


def test_arabic_stays_on_after_signing_in(page: Page, world: World) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Language").select_option("ar")
    with page.expect_navigation():
        page.get_by_role("button", name="Change language").click()

    page.get_by_label(arabic("User name")).fill("alice")
    page.get_by_label(arabic("Password")).fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name=arabic("Sign in")).click()
    pass_second_factor(page, "alice")

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(arabic("Caseload"))
    assert_accessible(page)
    page.get_by_role("link", name=world.sam.full_name).click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
