"""The recommendation pages in a real browser, keyboard first, with axe (WCAG 2.2 AA)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.controlled_lists import Accommodation, TargetGroup
from decentwork.programmes.actions import publish_training_programme
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.seekers.models import ConsentScope
from tests.browser.axe_checks import assert_accessible
from tests.conftest import World
from tests.recommendations.conftest import (
    consent,
    give_skills,
    seeker,
    skill,
    state_needs,
    vacancy,
)

pytestmark = pytest.mark.browser

LogIn = Callable[[str, str], None]


@pytest.fixture
def matched(world: World) -> World:
    employer, region = world.v_a.employer, world.v_a.region
    world.care = vacancy(employer, region, title="Care assistant",  # type: ignore[attr-defined]
                         essential=["bathe patients", "take vital signs", "keep care records"])
    world.upstairs = vacancy(employer, region, title="Night nurse",  # type: ignore[attr-defined]
                             essential=["bathe patients"])
    state_needs(world.sam, [Accommodation.STEP_FREE_ACCESS])
    world.care.accommodations = [Accommodation.STEP_FREE_ACCESS]  # type: ignore[attr-defined]
    world.care.save(update_fields=["accommodations"])  # type: ignore[attr-defined]
    give_skills(world.sam, ["bathe patients", "take vital signs"])
    consent(world.sam, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    publish_training_programme(None, world.office_a.site, title="Kayıt tutma kursu",
                               skills=[skill("keep care records")], language="tr",
                               provider="Kadıköy", url="https://example.org/kayit")
    run_matching_in_process(None, region)
    return world


def test_the_seeker_finds_jobs_explained_in_plain_words(page: Page, log_in: LogIn,
                                                        matched: World) -> None:
    log_in("sam", TEST_PASSWORD)
    page.get_by_role("link", name="Jobs that could suit you").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Jobs that could suit you")
    job = page.get_by_role("article", name="Care assistant")
    expect(job).to_contain_text("You have 2 of the 3 skills the employer needs.")
    expect(job).to_contain_text("You could learn: keep care records")
    course = job.get_by_role("link", name="Kayıt tutma kursu")
    expect(course).to_have_attribute("lang", "tr")  # read out in its own language
    expect(job).to_contain_text("(Kadıköy) · teaches keep care records")
    expect(page.get_by_role("article", name="Night nurse")).to_have_count(0)  # no step-free access
    assert_accessible(page)


def test_the_counsellor_asks_why_a_vacancy_is_not_shown(page: Page, log_in: LogIn,
                                                        matched: World) -> None:
    log_in("alice", TEST_PASSWORD)
    page.goto(f"/seekers/{matched.sam.pk}/")
    page.get_by_role("link", name="Scores and why a vacancy is not shown").click()

    scores = page.get_by_role("table", name=re.compile("Recommended vacancies, best first"))
    expect(scores.get_by_role("link", name="Care assistant")).to_be_visible()
    assert_accessible(page)

    choice = page.get_by_label("Vacancy", exact=True)
    choice.select_option(label=f"Night nurse · {matched.v_a.employer.name}")
    choice.press("Tab")
    page.keyboard.press("Enter")  # the Explain button, by keyboard

    answer = page.get_by_role("status")
    expect(answer).to_contain_text("does not offer a workplace accommodation")
    expect(answer).to_contain_text("Step-free access")
    assert_accessible(page)


def test_the_employer_sees_consenting_candidates(page: Page, log_in: LogIn,
                                                 matched: World) -> None:
    log_in("erin", TEST_PASSWORD)
    page.goto(f"/employers/vacancies/{matched.care.pk}/")
    page.get_by_role("link", name="Candidates").click()

    table = page.get_by_role("table", name=re.compile("Candidates, best fit first"))
    expect(table.get_by_role("row")).to_have_count(2)  # the header and Sam
    expect(table).to_contain_text("Sam")
    expect(table).not_to_contain_text(matched.sam.last_name)
    assert_accessible(page)


def _tab_to(page: Page, target: Locator, most: int = 40) -> None:
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{target} not reached in {most} presses of Tab")


def test_the_office_manager_starts_matching_with_the_keyboard(page: Page, log_in: LogIn,
                                                              matched: World) -> None:
    log_in("bob", TEST_PASSWORD)
    _tab_to(page, page.get_by_role("link", name="Matching runs"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Matching in {matched.v_a.region.name}")
    assert_accessible(page)
    fairness = page.get_by_label("Keep each group's fair share of good vacancies")
    expect(fairness).to_be_checked()
    _tab_to(page, fairness)
    page.keyboard.press("Space")
    expect(fairness).not_to_be_checked()
    _tab_to(page, page.get_by_role("button", name="Start matching"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Matching has finished")
    runs = page.get_by_role("list", name=re.compile("Matching runs of this region"))
    newest = runs.locator(":scope > li").first
    expect(newest).to_contain_text("Done")
    expect(newest).to_contain_text("Fair exposure across groups: off")
    expect(newest.get_by_role("progressbar")).to_have_attribute("value", "1")
    expect(runs).to_contain_text("removed when a later run finished")  # the fixture's run
    assert_accessible(page)


@pytest.mark.parametrize("width", [360, 1280])
def test_the_runs_page_fits_a_phone_and_a_desktop(page: Page, log_in: LogIn, matched: World,
                                                  width: int) -> None:
    # A run that measured a group: its sentences, settings and progress must reflow.
    matched.sam.sensitive = {"target_groups": [TargetGroup.DISABILITY]}
    matched.sam.save(update_fields=["sensitive"])
    consent(matched.sam, TargetGroup.DISABILITY)
    seeker(matched.office_a, skills=["bathe patients"], first_name="Ece")
    run_matching_in_process(None, matched.v_a.region)
    page.set_viewport_size({"width": width, "height": 800})
    log_in("bob", TEST_PASSWORD)
    page.goto(reverse("recommendations:region_runs", args=[matched.v_a.region_id]))
    expect(page.get_by_role("heading", name="What the run measured").first).to_be_visible()
    expect(page.get_by_text(re.compile("Person with a disability: .* band"))).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the runs page scrolls sideways by {overflow} px at {width} px"
    assert_accessible(page)
