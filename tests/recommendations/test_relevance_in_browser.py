"""The honest empty list and the relevance report in a real browser: a phone's width
and a desktop's, the keyboard, and axe (WCAG 2.2 AA)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.programmes.actions import publish_training_programme
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.taxonomy.factories import ConceptFactory, LabelFactory
from tests.browser.axe_checks import assert_accessible
from tests.conftest import World
from tests.recommendations.conftest import give_skills, seeker, skill, vacancy

pytestmark = pytest.mark.browser

LogIn = Callable[[str, str], None]


@pytest.fixture
def nothing_close(world: World) -> World:
    """Sam interprets; the only job sharing a skill with him is social work, 30 km away."""
    social_work = ConceptFactory(kind="occupation", isco_code="2635")
    LabelFactory(concept=social_work, text="social worker")
    employer, region = world.v_a.employer, world.v_a.region
    vacancy(employer, region, title="Sosyal hizmet uzmanı", occupation=social_work,
            essential=["respect confidentiality", "manage a caseload", "assess client needs"],
            latitude=41.27, longitude=29.0)
    vacancy(employer, region, title="Forklift operatörü", essential=["drive a forklift"])
    give_skills(world.sam, ["respect confidentiality", "interpret spoken language"])
    publish_training_programme(None, world.office_a.site, title="Vaka yönetimi kursu",
                               skills=[skill("manage a caseload")], language="tr")
    # Someone with a close match, so that the report has rows and a score table.
    seeker(world.office_a, skills=["drive a forklift"], first_name="Ece")
    run_matching_in_process(None, region)
    return world


@pytest.mark.parametrize("width", [360, 1280])
def test_the_person_reads_no_close_match_and_what_to_learn(page: Page, log_in: LogIn,
                                                           nothing_close: World,
                                                           width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    log_in("sam", TEST_PASSWORD)
    page.goto(reverse("recommendations:seeker_recommendations", args=[nothing_close.sam.pk]))

    expect(page.get_by_role("heading", name="No close match today")).to_be_visible()
    near = page.get_by_role("article", name="social worker")
    expect(near).to_contain_text("1 open vacancy in the region.")
    expect(near).to_contain_text("Skills you could learn:")
    expect(near).to_contain_text("manage a caseload")
    course = near.get_by_text("Vaka yönetimi kursu")
    expect(course).to_have_attribute("lang", "tr")
    expect(page.get_by_text("Forklift operatörü")).to_have_count(0)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
    assert_accessible(page)


def test_the_counsellor_reads_why_the_nearest_vacancy_is_not_shown(
        page: Page, log_in: LogIn, nothing_close: World) -> None:
    log_in("alice", TEST_PASSWORD)
    page.goto(reverse("recommendations:seeker_recommendation_details",
                      args=[nothing_close.sam.pk]))
    near = page.get_by_role("article", name="social worker")
    expect(near).to_contain_text("The workplace is farther away than this person can travel.")
    link = near.get_by_role("link", name="Sosyal hizmet uzmanı")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sosyal hizmet uzmanı")


@pytest.mark.parametrize("width", [360, 1280])
def test_the_office_manager_reads_the_report(page: Page, log_in: LogIn, nothing_close: World,
                                             width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    log_in("bob", TEST_PASSWORD)
    page.goto(reverse("recommendations:region_runs", args=[nothing_close.v_a.region_id]))
    report = page.get_by_role("link", name="How close the recommendations are to each person")
    report.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("How close the recommendations")
    expect(page.get_by_text("are one or the other: close to the person")).to_be_visible()
    expect(page.get_by_role("table", name="Shown recommendations by match score")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the report scrolls sideways by {overflow} px at {width} px"
    assert_accessible(page)
