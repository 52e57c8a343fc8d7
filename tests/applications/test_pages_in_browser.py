"""The application pages in a real browser: keyboard only, on a 360 px wide screen,
right to left, checked by axe (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.applications import actions
from decentwork.applications.factories import PlacementFactory
from decentwork.applications.models import Application, ApplicationState, RefusalReason
from tests.browser import conftest as browser_fixtures
from tests.browser.axe_checks import assert_accessible
from tests.conftest import World
from tests.recommendations import conftest as recommendations_fixtures

# The fixtures of tests/browser, for this folder: a fresh page and the login form; and
# one Chromium per module unless tests/browser already runs one (Playwright allows one
# per thread), as the recommendations tests do.
page = browser_fixtures.page
log_in = browser_fixtures.log_in
browser = recommendations_fixtures.browser

pytestmark = pytest.mark.browser

LogIn = Callable[[str, str], None]
PHONE = {"width": 360, "height": 740}


def assert_fits(page: Page) -> None:
    """Nothing makes the page wider than the screen (WCAG 1.4.10, reflow)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"


def press_on(page: Page, name: str, role: str = "link") -> None:
    """Reach the control with the keyboard's focus and press Enter, as a keyboard user."""
    control = page.get_by_role(role, name=name)  # type: ignore[arg-type]
    control.focus()
    expect(control).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_seeker_applies_and_withdraws_with_the_keyboard_on_a_phone(
        page: Page, log_in: LogIn, world: World) -> None:
    page.set_viewport_size(PHONE)
    log_in("sam", TEST_PASSWORD)
    page.goto(f"/employers/vacancies/{world.v_a.pk}/")
    press_on(page, "Apply for this job")

    expect(page.get_by_role("heading", level=1)).to_contain_text(world.v_a.title)
    assert_fits(page)
    assert_accessible(page)
    message = page.get_by_label("A message to the employer (optional)")
    message.focus()
    page.keyboard.type("I can start on Monday. " * 8)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send my application")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Your application was sent")
    expect(page.get_by_role("list").filter(has_text="Sent")).not_to_have_count(0)
    assert_fits(page)
    assert_accessible(page)

    press_on(page, "Withdraw")
    assert_fits(page)
    assert_accessible(page)
    press_on(page, "Yes, withdraw my application", role="button")
    expect(page.get_by_role("status")).to_contain_text("Your application is withdrawn.")
    assert Application.objects.get().state == ApplicationState.WITHDRAWN

    trail = page.get_by_role("navigation", name="You are here")
    trail.get_by_role("link", name="My applications").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="My applications").first).to_have_attribute(
        "aria-current", "page")  # the menu says where the person is
    expect(page.get_by_role("heading", level=1)).to_have_text("My applications")
    expect(page.locator("main")).to_contain_text("Withdrawn by the job seeker")
    assert_fits(page)
    assert_accessible(page)


def test_the_employer_refuses_and_is_led_to_the_missing_words(
        page: Page, log_in: LogIn, world: World) -> None:
    application, _created = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a,
                                                     message="Hello")
    page.set_viewport_size(PHONE)
    log_in("erin", TEST_PASSWORD)
    page.goto(f"/applications/vacancy/{world.v_a.pk}/")
    assert_fits(page)
    assert_accessible(page)
    press_on(page, world.sam.full_name)
    press_on(page, "Refuse")

    other = page.get_by_role("radio", name="Other reason")
    other.focus()
    page.keyboard.press("Space")
    expect(other).to_be_checked()
    press_on(page, "Refuse the application", role="button")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Write the reason in your words.")
    assert_fits(page)
    assert_accessible(page)
    summary.get_by_role("link").focus()
    page.keyboard.press("Enter")  # to the message beside the empty field
    words = page.get_by_label("The reason in your words", exact=False)
    words.focus()
    page.keyboard.type("We closed the shop.")
    press_on(page, "Refuse the application", role="button")

    expect(page.get_by_role("status")).to_contain_text("The application is refused")
    refused = Application.objects.get(pk=application.pk)
    assert (refused.refusal_reason, refused.refusal_text) == (RefusalReason.OTHER,
                                                              "We closed the shop.")


def test_the_counsellors_page_right_to_left_on_a_phone(page: Page, log_in: LogIn,
                                                      world: World) -> None:
    application, _created = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a,
                                                     message="Hello")
    actions.transition_application(world.erin, application, "plan_interview",
                                   note="Tuesday at ten, at the bakery on the corner")
    PlacementFactory(seeker=world.sam, start_date=timezone.localdate() - dt.timedelta(days=3),
                     employer_name="A company with a rather long name, Limited")
    page.set_viewport_size(PHONE)
    log_in("alice", TEST_PASSWORD)
    page.get_by_label("Language").select_option("ar")
    with page.expect_navigation():
        page.get_by_role("button", name="Change language").click()

    for path in (f"/applications/seeker/{world.sam.pk}/",
                 f"/applications/seeker/{world.sam.pk}/placements/new/",
                 f"/applications/{application.pk}/"):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert_fits(page)
        assert_accessible(page)
