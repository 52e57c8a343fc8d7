"""The administrators' pages in a real browser: on a 360-pixel screen nothing scrolls
sideways, left to right and right to left, and axe finds no WCAG 2.2 AA violation,
errors included; the header menu leads to them by keyboard."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.accounts.models import Role, User
from decentwork.staff.actions import invite_staff
from tests.browser.axe_checks import assert_accessible
from tests.conftest import World

pytestmark = pytest.mark.browser

LogIn = Callable[[str, str], None]
NARROW = 360


def _switch_language(page: Page, language: str) -> None:
    page.locator("#language-select").select_option(language)
    with page.expect_navigation():
        page.locator("form.language button[type='submit']").click()


def _assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(f"""() => [...document.querySelectorAll('main *')]
        .filter(e => {{ const r = e.getBoundingClientRect();
                        return r.width > 0 && (r.right > {NARROW} + 0.5 || r.left < -0.5); }})
        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''))""")
    assert width <= NARROW, f"{page.url} is {width} px wide at {NARROW} px: {wide}"


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_the_staff_pages_fit_a_phone_in_both_directions(
        page: Page, log_in: LogIn, world: World, site_admin: User, language: str,
        direction: str) -> None:
    invite_staff(site_admin, email="mehmet.kaya.long.address@example.org", first_name="Mehmet",
                 role=Role.COUNSELLOR, office=world.office_a)
    page.set_viewport_size({"width": NARROW, "height": 740})
    log_in("sara", TEST_PASSWORD)
    _switch_language(page, language)
    for path in ["/staff/", "/staff/people/", "/staff/invite/",
                 f"/staff/people/{world.alice.pk}/",
                 f"/staff/people/{world.alice.pk}/deactivate/"]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        expect(page.locator("html")).to_have_attribute("dir", direction)
        _assert_fits(page)
        assert_accessible(page)
    # The action's errors are announced, tied to their field, and still fit.
    page.goto("/staff/invite/")
    page.locator("#id_email").fill("sara@example.org")  # her own: in use
    page.locator("#id_first_name").fill("Sara")
    page.locator("#id_role").select_option(Role.COUNSELLOR.value)
    page.locator("#id_office").select_option(str(world.office_a.pk))
    with page.expect_navigation():
        page.locator("form.profile-form button[type='submit']").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    _assert_fits(page)
    assert_accessible(page)


def test_an_administrator_reaches_the_staff_list_by_keyboard(
        page: Page, log_in: LogIn, world: World, site_admin: User) -> None:
    log_in("sara", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    menu = page.locator("header nav").get_by_role("link", name="Administration")
    expect(menu).to_have_attribute("aria-current", "page")
    link = page.locator("main").get_by_role("link", name="Staff accounts")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff accounts")
    # alice, bob, dana, ivan and sara herself.
    expect(page.locator(".staff-list > li")).to_have_count(5)
