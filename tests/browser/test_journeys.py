"""Each role's first journey, through the real login form, with axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.seekers.factories import JobSeekerFactory
from decentwork.seekers.views import CASELOAD_PAGE_SIZE
from tests.browser.axe_checks import assert_accessible
from tests.conftest import World

pytestmark = pytest.mark.browser

LogIn = Callable[[str, str], None]


def test_counsellor_signs_in_and_opens_a_seeker_from_the_caseload(
    page: Page, log_in: LogIn, world: World
) -> None:
    log_in("alice", TEST_PASSWORD)

    expect(page).to_have_url(re.compile(r"/seekers/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    expect(page.get_by_role("link", name="Caseload")).to_have_attribute("aria-current", "page")
    # Alice's office has Sam and Tess; another office's seeker is not listed.
    caseload = page.get_by_role("table", name="Job seekers, longest waiting first")
    expect(caseload.get_by_role("link")).to_have_count(2)
    expect(caseload.get_by_role("link", name=world.seeker_b.full_name)).to_have_count(0)
    assert_accessible(page)

    caseload.get_by_role("link", name=world.sam.full_name).click()

    expect(page).to_have_url(re.compile(rf"/seekers/{world.sam.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(world.sam.full_name)
    expect(page).to_have_title(re.compile(rf"^{re.escape(world.sam.full_name)} · "))
    experience = page.get_by_role("region", name="Work experience")
    expect(experience.get_by_text("hemşire yardımcısı", exact=True)).to_have_attribute("lang", "tr")
    # Sam's spoken languages, not the languages of the user interface.
    languages = page.get_by_role("region", name="Languages")
    expect(languages.get_by_role("listitem")).to_have_text(["None recorded"])
    assert_accessible(page)


def test_employer_sees_their_vacancies_and_opens_one(
    page: Page, log_in: LogIn, world: World
) -> None:
    log_in("erin", TEST_PASSWORD)

    expect(page).to_have_url(re.compile(r"/employers/vacancies/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Our vacancies")
    vacancies = page.get_by_role("table", name="1 vacancy")
    # The vacancy, and the way to its applications (none yet).
    expect(vacancies.get_by_role("link")).to_have_text([world.v_a.title, "Applications (0)"])
    assert_accessible(page)

    vacancies.get_by_role("link", name=world.v_a.title).click()

    expect(page).to_have_url(re.compile(rf"/employers/vacancies/{world.v_a.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(world.v_a.title)
    expect(page.get_by_role("definition").first).to_have_text(world.v_a.employer.name)
    assert_accessible(page)


def test_vacancy_filter_is_usable(page: Page, log_in: LogIn, world: World) -> None:
    log_in("erin", TEST_PASSWORD)

    page.get_by_label("Only vacancies open today").check()
    page.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(r"\?open=1$"))
    expect(page.get_by_label("Only vacancies open today")).to_be_checked()
    assert_accessible(page)


def test_analyst_sees_the_site_overview_without_small_counts(
    page: Page, log_in: LogIn, world: World
) -> None:
    log_in("ivan", TEST_PASSWORD)

    expect(page).to_have_url(re.compile(r"/insights/overview/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview of Istanbul")
    figures = page.get_by_role("table", name="Job seekers by office")
    kadikoy = figures.get_by_role("row", name=re.compile("Kadıköy"))
    # Two seekers at Kadıköy: below the small-cell limit, so not shown as a number.
    expect(kadikoy.get_by_role("cell").first).to_have_text("fewer than 5")
    assert_accessible(page)


def test_job_seeker_lands_on_their_own_profile(page: Page, log_in: LogIn, world: World) -> None:
    log_in("sam", TEST_PASSWORD)

    expect(page).to_have_url(re.compile(r"/seekers/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    assert_accessible(page)


def test_wrong_password_is_explained_next_to_the_fields(
    page: Page, log_in: LogIn, world: World
) -> None:
    log_in("alice", "not the password")

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    # Announced at once by screen readers, and worded for a person.
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Please enter a correct username and password")
    error_id = alert.get_attribute("id")
    assert error_id
    for field in (page.get_by_label("User name"), page.get_by_label("Password")):
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", error_id)
        # The accessible description a screen reader reads with the field is the error.
        expect(field).to_have_accessible_description(re.compile("correct username and password"))
    # What they typed is kept, the password is not, and they can fix it at once.
    expect(page.get_by_label("User name")).to_have_value("alice")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_label("User name")).to_be_focused()
    assert_accessible(page)


def test_empty_form_says_which_field_is_missing(page: Page, world: World) -> None:
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("User name: This field is required.")
    expect(alert).to_contain_text("Password: This field is required.")
    for field in (page.get_by_label("User name"), page.get_by_label("Password")):
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile("This field is required"))
    assert_accessible(page)


def test_long_caseload_is_split_into_pages_that_can_be_followed(
    page: Page, log_in: LogIn, world: World
) -> None:
    JobSeekerFactory.create_batch(CASELOAD_PAGE_SIZE, office=world.office_a)
    log_in("alice", TEST_PASSWORD)

    pages = page.get_by_role("navigation", name="Pages")
    expect(pages).to_contain_text("Page 1 of 2")
    assert_accessible(page)
    pages.get_by_role("link", name="Next page").click()

    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(pages).to_contain_text("Page 2 of 2")
    expect(pages.get_by_role("link", name="Previous page")).to_be_visible()
    expect(page.get_by_role("table").get_by_role("link")).to_have_count(2)
    assert_accessible(page)
