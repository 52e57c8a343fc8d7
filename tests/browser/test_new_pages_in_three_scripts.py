"""The job-exchange pages pass axe (WCAG 2.2 AA) in English, Arabic (right to left)
and Chinese, for each person who uses them: the language changes the words, the
direction and the line breaking, and each can break a page that English does not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.applications import actions
from decentwork.applications.models import Application
from tests.browser.axe_checks import assert_accessible
from tests.conftest import World

pytestmark = pytest.mark.browser

LogIn = Callable[[str, str], None]
LANGUAGES = [("en", "ltr"), ("ar", "rtl"), ("zh-hans", "ltr")]


def _application_in_interview(world: World) -> Application:
    application, _created = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a,
                                                     message="I worked two years in a bakery.")
    actions.transition_application(world.erin, application, "plan_interview",
                                   note="Tuesday at ten")
    return application


def _read_in(page: Page, language: str) -> None:
    """Choose the language with the site's own switcher, as the reader would."""
    page.get_by_label("Language", exact=True).select_option(language)
    with page.expect_navigation():
        page.get_by_role("button", name="Change language").click()


def _check(page: Page, path: str, language: str, direction: str) -> None:
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert_accessible(page)


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_the_seekers_pages(page: Page, log_in: LogIn, world: World,
                          language: str, direction: str) -> None:
    application = _application_in_interview(world)
    log_in("sam", TEST_PASSWORD)
    _read_in(page, language)
    for path in ("/seekers/me/", "/seekers/me/consents/", "/applications/",
                 f"/applications/{application.pk}/", "/inbox/",
                 f"/applications/{application.pk}/withdraw/"):
        _check(page, path, language, direction)


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_the_employers_pages(page: Page, log_in: LogIn, world: World,
                            language: str, direction: str) -> None:
    application = _application_in_interview(world)
    log_in("erin", TEST_PASSWORD)
    _read_in(page, language)
    for path in (f"/applications/vacancy/{world.v_a.pk}/", f"/applications/{application.pk}/",
                 f"/applications/{application.pk}/hire/",
                 f"/applications/{application.pk}/refuse/",
                 f"/applications/vacancy/{world.v_a.pk}/close/"):
        _check(page, path, language, direction)


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_the_counsellors_pages(page: Page, log_in: LogIn, world: World,
                              language: str, direction: str) -> None:
    _application_in_interview(world)
    log_in("alice", TEST_PASSWORD)
    _read_in(page, language)
    for path in (f"/applications/seeker/{world.sam.pk}/",
                 f"/applications/seeker/{world.sam.pk}/placements/new/",
                 f"/seekers/{world.sam.pk}/consents/", f"/seekers/{world.sam.pk}/skills/"):
        _check(page, path, language, direction)


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_sign_up(page: Page, world: World, language: str, direction: str) -> None:
    page.goto("/accounts/login/")
    _read_in(page, language)
    _check(page, "/seekers/sign-up/", language, direction)
