"""The staff sign-in with a second factor, by keyboard only, every page checked by axe:
a first sign-in sets up the authenticator app and keeps the recovery codes; the next
one asks for the code; a recovery code stands in for a lost phone."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.accounts.second_factor import code_now
from tests.browser.axe_checks import assert_accessible
from tests.browser.conftest import pass_second_factor
from tests.browser.test_exchange_journey import fill, press, sign_out
from tests.conftest import World

pytestmark = pytest.mark.browser
NARROW = 360


def _password_step(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    fill(page, page.get_by_label("User name"), username)
    fill(page, page.get_by_label("Password"), TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_first_sign_in_sets_up_the_app_then_the_code_is_asked(page: Page,
                                                               world: World) -> None:
    page.set_viewport_size({"width": NARROW, "height": 740})
    _password_step(page, "alice")
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/setup/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW
    # A wrong code first: the error is named on the field and the summary links to it.
    fill(page, page.get_by_label("Code from the app"), "000000")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    expect(page.get_by_label("Code from the app")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    TOTPDevice.objects.filter(user=world.alice).update(throttling_failure_timestamp=None)

    pass_second_factor(page, "alice")  # the right code, the recovery codes, then in
    expect(page).to_have_url(re.compile(r"/seekers/$"))

    sign_out(page)
    _password_step(page, "alice")
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    pass_second_factor(page, "alice")
    expect(page).to_have_url(re.compile(r"/seekers/$"))


def test_the_recovery_codes_page_and_the_security_page(page: Page, world: World) -> None:
    _password_step(page, "bob")
    pending = TOTPDevice.objects.get(user=world.bob, confirmed=False)
    fill(page, page.get_by_label("Code from the app"), code_now(pending))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.locator(".recovery-codes li")
    expect(codes).to_have_count(10)
    expect(page.get_by_role("link", name="Download the codes")).to_be_visible()
    assert_accessible(page)
    first_code = codes.first.inner_text()
    press(page, page.get_by_role("button", name="I have saved my recovery codes"))

    press(page, page.get_by_role("link", name="Security"))
    expect(page.get_by_text("You have 10 unused recovery codes.")).to_be_visible()

    # The phone is lost: a recovery code stands in, once.
    sign_out(page)
    _password_step(page, "bob")
    fill(page, page.get_by_label("Code", exact=True), first_code)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("You used a recovery code. 9 are left")
    assert_accessible(page)


def test_the_locked_out_page_is_accessible(page: Page, world: World) -> None:
    for guess in range(5):
        page.goto("/accounts/login/")
        page.get_by_label("User name").fill("sam")
        page.get_by_label("Password").fill(f"wrong {guess}")
        with page.expect_navigation():
            page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")
    expect(page.get_by_text("try again in 15 minutes")).to_be_visible()
    assert_accessible(page)
