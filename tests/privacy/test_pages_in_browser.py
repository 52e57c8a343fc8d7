"""The data-rights pages in Chromium, by keyboard only, with axe on every page.

Sam opens his profile, reads all his data, withdraws his refugee consent after the
confirmation page, asks for erasure (the box to tick first) and changes his mind.
A second test opens each page on a 360-pixel screen, left to right and right to
left, and fails if it scrolls sideways.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.privacy.models import ErasureRequest, ErasureState
from decentwork.seekers.actions import declare_target_group
from decentwork.seekers.models import Consent
from tests.browser.axe_checks import assert_accessible
from tests.browser.conftest import page  # noqa: F401 - a fresh page per test
from tests.browser.test_exchange_journey import press, sign_in, tab_to
from tests.conftest import World
from tests.recommendations.conftest import browser  # noqa: F401 - Chromium, shared

pytestmark = pytest.mark.browser

NARROW = 360


@pytest.fixture
def refugee(world: World) -> World:
    declare_target_group(world.alice, world.sam, "refugee")
    return world


def test_the_person_reads_withdraws_and_asks_for_erasure_by_keyboard(
        page: Page, refugee: World) -> None:  # noqa: F811
    world = refugee
    page.goto("/accounts/login/")
    sign_in(page, "sam", TEST_PASSWORD)
    page.goto("/seekers/me/")
    assert_accessible(page)

    press(page, page.get_by_role("link", name="See or download all your data"))
    expect(page.get_by_role("heading", level=1)).to_have_text("All your data")
    expect(page.get_by_role("heading", name="Work experience", exact=True)).to_be_visible()
    expect(page.get_by_text("Person with a disability")).to_have_count(0)
    expect(page.get_by_text("Refugee").first).to_be_visible()
    expect(page.get_by_role("link", name="Download it as a file (JSON)")).to_be_visible()

    press(page, page.get_by_role("link", name="Your profile"), backwards=True)
    press(page, page.get_by_role("link", name="Your consents, and withdrawing them"))
    press(page, page.get_by_role("link", name="Withdraw Refugee"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Withdraw your consent: Refugee")
    press(page, page.get_by_role("button", name="Withdraw"))
    expect(page.get_by_text("You withdrew this consent: Refugee.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Withdrawn on"))).to_be_visible()
    assert Consent.objects.get(seeker=world.sam, scope="refugee").withdrawn_at is not None

    page.goto("/seekers/me/")
    press(page, page.get_by_role("link", name="Erase your data"))
    press(page, page.get_by_role("button", name="Erase my data"))
    expect(page.get_by_text("Tick the box to say that you understand.").first).to_be_visible()
    assert not ErasureRequest.objects.exists()
    box = page.get_by_label(re.compile("I understand that my data will be erased"))
    tab_to(page, box)
    page.keyboard.press("Space")
    press(page, page.get_by_role("button", name="Erase my data"))
    expect(page.get_by_text(re.compile("You asked us to erase your data"))).to_be_visible()
    assert ErasureRequest.objects.get(seeker=world.sam).state == ErasureState.REQUESTED

    press(page, page.get_by_role("button", name="Keep my data"), backwards=True)
    expect(page.get_by_text("We will keep your data. Nothing was erased.")).to_be_visible()
    assert ErasureRequest.objects.get(seeker=world.sam).state == ErasureState.CANCELLED


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
@pytest.mark.parametrize("path", ["/privacy/me/export/", "/privacy/me/consents/",
                                  "/privacy/me/consents/refugee/withdraw/",
                                  "/privacy/me/erasure/"])
def test_the_pages_do_not_scroll_sideways_at_360_pixels(
        page: Page, refugee: World, path: str, language: str,  # noqa: F811
        direction: str) -> None:
    page.set_viewport_size({"width": NARROW, "height": 740})
    page.goto("/accounts/login/")
    page.locator("#language-select").select_option(language)
    with page.expect_navigation():
        page.locator("form.language button[type='submit']").click()
    page.locator("#id_username").fill("sam")
    page.locator("#id_password").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    expect(page.locator("html")).to_have_attribute("dir", direction)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW, f"{path} is {width} px wide at {NARROW} px"
    assert_accessible(page)
