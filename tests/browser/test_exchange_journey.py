"""The job-exchange loop end to end in Chromium, by keyboard only, with axe on every page.

A person signs up, describes a past job in Turkish and confirms the occupation it is
linked to, and applies to a vacancy recommended to her; the employer invites a second
candidate, plans an interview with the first and hires her; she reads "Accepted", the
vacancy shows its opening filled, and her counsellor finds the job and the change of
status in her history. No mouse: focus travels with Tab (or Shift+Tab), links and
buttons are pressed with Enter, boxes ticked with Space, lists chosen by typing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.applications.models import Application, ApplicationState, Origin
from decentwork.employers.factories import VacancyFactory
from decentwork.employers.models import Vacancy
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.models import RunStatus
from decentwork.seekers.actions import add_skills, add_work_experience, give_consent
from decentwork.seekers.factories import JobSeekerFactory
from decentwork.seekers.models import ConsentScope, JobSeeker, SeekerStatus, WorkExperience
from decentwork.taxonomy.link_index import linker_for_site
from decentwork.taxonomy.models import Concept, OccupationSkill, Relevance
from tests.browser.axe_checks import assert_accessible
from tests.browser.conftest import pass_second_factor
from tests.conftest import World

pytestmark = pytest.mark.browser

# "nurse assistant" in the demo release; its Turkish label is "hemşire yardımcısı".
NURSE_ASSISTANT = "http://data.europa.eu/esco/occupation/87d0795a-d41f-47ee-979f-0ab7d73836e7"
# "I worked as a nurse assistant in a hospital": free text, not a taxonomy label.
PAST_WORK_IN_TURKISH = "Hastanede hemşire yardımcısı olarak çalıştım"
EMAIL = "elif.demir@example.org"
PASSWORD = "Kadikoy-sabah-2026"
FIRST, LAST = "Elif", "Demir"
MAX_TAB_STOPS = 80


@dataclass
class Exchange:
    world: World
    vacancy: Vacancy
    second: JobSeeker


@pytest.fixture
def exchange(demo_taxonomy: World) -> Exchange:
    """The personas on the demo taxonomy, plus Erin's vacancy for one nurse assistant
    at Kadıköy's region and Zeynep, a nurse assistant of Kadıköy who agreed to be
    proposed to employers (recorded by her counsellor Alice)."""
    world = demo_taxonomy
    occupation = Concept.objects.get(uri=NURSE_ASSISTANT)
    vacancy = VacancyFactory.create(
        employer=world.v_a.employer, region=world.office_a.region, occupation=occupation,
        title="Hemşire yardımcısı (gündüz)", language="tr", place="Kadıköy", openings=1,
        opens_on=timezone.localdate() - dt.timedelta(days=3))
    second = JobSeekerFactory.create(office=world.office_a, first_name="Zeynep", last_name="Kaya")
    add_work_experience(world.alice, second, title="hemşire yardımcısı", language="tr",
                        occupation=occupation, years=Decimal(4))
    essentials = OccupationSkill.objects.filter(occupation=occupation,
                                                relevance=Relevance.ESSENTIAL)
    add_skills(world.alice, second, [link.skill for link in essentials.order_by("id")[:2]])
    give_consent(world.alice, second, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    # The site's linker is built once at start-up in a running service; building it
    # inside the first request would outlast the browser's wait.
    linker_for_site(world.office_a.site_id)
    return Exchange(world, vacancy, second)


# The keyboard.


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab) until ``target`` has the focus: it is in the tab order."""
    key = "Shift+Tab" if backwards else "Tab"
    if not target.count():
        pytest.fail(f"{target} is not on {page.url} ({page.title()})")
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press(key)
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{target} not reached in {MAX_TAB_STOPS} presses of {key} on {page.url}")


def press(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Reach a link or button with Tab and press Enter; the next page must pass axe."""
    tab_to(page, target, backwards=backwards)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)


def fill(page: Page, field: Locator, text: str) -> None:
    tab_to(page, field)
    field.press_sequentially(text)


def choose(page: Page, select: Locator, typed: str, value: str) -> None:
    """Pick an option of a closed list by typing the start of its name."""
    tab_to(page, select)
    page.keyboard.type(typed)
    expect(select).to_have_value(value)


def fact(scope: Page | Locator, term: str) -> Locator:
    """The value a description list gives for ``term`` ("State" -> "Accepted")."""
    return scope.locator(f"xpath=.//dt[normalize-space()='{term}']/following-sibling::dd[1]")


def sign_in(page: Page, username: str, password: str) -> None:
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    assert_accessible(page)
    fill(page, page.get_by_label("User name"), username)
    fill(page, page.get_by_label("Password"), password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    pass_second_factor(page, username)
    assert_accessible(page)


def sign_out(page: Page) -> None:
    # Backwards from the page's end: the button is in the header.
    page.locator("main").focus()
    press(page, page.get_by_role("button", name="Sign out"), backwards=True)


def test_the_exchange_loop_by_keyboard(page: Page, exchange: Exchange) -> None:
    world, vacancy = exchange.world, exchange.vacancy

    # Elif signs up at Kadıköy.
    page.goto("/seekers/sign-up/")
    assert_accessible(page)
    fill(page, page.get_by_label("First name"), FIRST)
    fill(page, page.get_by_label("Family name"), LAST)
    fill(page, page.get_by_label("Email address"), EMAIL)
    fill(page, page.get_by_label("Choose a password"), PASSWORD)
    fill(page, page.get_by_label("Type the same password again"), PASSWORD)
    choose(page, page.get_by_label("Your employment office"), "Kad", str(world.office_a.pk))
    agree = page.get_by_label("I have read the privacy notice above and I agree to it.")
    tab_to(page, agree)
    page.keyboard.press("Space")
    expect(agree).to_be_checked()
    press(page, page.get_by_role("button", name="Create my account"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_role("status")).to_contain_text("Welcome! Your account is ready.")
    elif_ = JobSeeker.objects.get(user__email=EMAIL)
    assert elif_.office == world.office_a

    # She describes her past work in Turkish and confirms the occupation we suggest.
    press(page, page.get_by_role("link", name="Add work experience"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a job you have done")
    fill(page, page.get_by_label("What was the job?"), PAST_WORK_IN_TURKISH)
    choose(page, page.get_by_label("Language of these words"), "Tu", "tr")
    years = page.get_by_label("How many years?")
    tab_to(page, years)
    page.keyboard.press("ControlOrMeta+A")
    years.press_sequentially("3")
    press(page, page.get_by_role("button", name="Find the occupation"))

    expect(page.locator("#suggestion-help")).to_contain_text(
        "We think this job is: “nurse assistant”.")
    suggestion = page.get_by_role("radio", name="nurse assistant (our suggestion)")
    expect(suggestion).to_be_checked()  # confirming is one press of "Save"
    press(page, page.get_by_role("button", name="Save", exact=True))

    expect(page.get_by_role("status")).to_contain_text("The work experience was added.")
    experience = page.get_by_role("region", name="Your work experience")
    expect(experience).to_contain_text(PAST_WORK_IN_TURKISH)
    expect(experience).to_contain_text("Occupation: nurse assistant")
    expect(experience.get_by_text(PAST_WORK_IN_TURKISH, exact=True)).to_have_attribute("lang", "tr")
    saved = WorkExperience.objects.get(seeker=elif_)  # one job, linked as she confirmed
    assert (saved.language, saved.occupation.uri if saved.occupation else None) == (
        "tr", NURSE_ASSISTANT)

    # Recommendations are made for a whole region at once: here, as an office
    # manager's run would, between two pages of the journey (tests of the runs page
    # start one from the browser).
    run = run_matching_in_process(world.bob, world.office_a.region)
    assert run.status == RunStatus.DONE

    # She opens the jobs recommended to her and applies to Erin's vacancy.
    press(page, page.get_by_role("link", name="Jobs that could suit you"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Jobs that could suit you")
    job = page.get_by_role("article", name=vacancy.title)
    expect(job).to_contain_text("It is the kind of work you have done before.")
    press(page, job.get_by_role("link", name="Apply"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Apply for this job")
    fill(page, page.get_by_label("A message to the employer"),
         "Üç yıl hastanede çalıştım. I can start next week.")
    press(page, page.get_by_role("button", name="Send my application"))

    expect(page.get_by_role("status")).to_contain_text("Your application was sent")
    expect(fact(page, "How it came")).to_have_text("You applied")
    expect(fact(page, "State")).to_have_text(str(ApplicationState.NEW.label))
    application = Application.objects.get(seeker=elif_, vacancy=vacancy)
    assert application.recommendation_run_id == run.pk  # the recommendation went with it
    sign_out(page)

    # Erin invites the second candidate from the vacancy's candidates.
    sign_in(page, "erin", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Our vacancies")
    press(page, page.get_by_role("link", name=vacancy.title))
    press(page, page.get_by_role("link", name="Candidates", exact=True))

    candidates = page.get_by_role("table", name=re.compile("Candidates, best fit first"))
    zeynep = candidates.get_by_role("row", name=re.compile("Zeynep"))
    expect(candidates).not_to_contain_text("Kaya")  # employers read first names only
    expect(candidates).not_to_contain_text(FIRST)  # Elif did not agree to be proposed
    press(page, zeynep.get_by_role("link", name="Invite to apply"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Invite Zeynep to apply")
    fill(page, page.get_by_label("A message to Zeynep"), "Sizi görüşmeye bekliyoruz.")
    press(page, page.get_by_role("button", name="Send the invitation"))
    expect(page.get_by_role("status")).to_contain_text("Zeynep was invited to apply.")
    invited = Application.objects.get(seeker=exchange.second, vacancy=vacancy)
    assert invited.origin == Origin.EMPLOYER

    trail = page.get_by_role("navigation", name="You are here")
    press(page, trail.get_by_role("link", name="Applications", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Applications: {vacancy.title}")
    sent = page.get_by_role("region", name=f"{ApplicationState.NEW.label} (2)")
    expect(sent.get_by_role("listitem").filter(has_text="Zeynep")).to_contain_text(
        "Invited by you")
    expect(sent.get_by_role("listitem").filter(has_text=FIRST)).to_contain_text("Applied")
    expect(page.locator(".openings")).to_have_text("0 of 1 opening filled")

    # She plans an interview with Elif, then hires her.
    press(page, page.get_by_role("link", name=f"{FIRST} {LAST}"))
    press(page, page.get_by_role("link", name="Plan an interview"))
    fill(page, page.get_by_label("When and where is the interview?"),
         "Salı 10:00, Moda Bakımevi, 2. kat")
    press(page, page.get_by_role("button", name="Plan the interview"))
    expect(page.get_by_role("status")).to_contain_text("The interview is planned")
    expect(fact(page, "State")).to_have_text(str(ApplicationState.INTERVIEW.label))

    press(page, page.get_by_role("link", name="Hire", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hire {FIRST} {LAST}")
    registered = page.get_by_role("radio", name="Yes", exact=True)
    tab_to(page, registered)
    page.keyboard.press("Space")
    expect(registered).to_be_checked()
    press(page, page.get_by_role("button", name="Hire", exact=True))

    expect(page.get_by_role("status")).to_contain_text(f"{FIRST} {LAST} is hired and told.")
    expect(fact(page, "State")).to_have_text(str(ApplicationState.ACCEPTED.label))
    expect(page.get_by_role("region", name="The job")).to_contain_text("through this service")

    # The vacancy shows its one opening filled; Zeynep's invitation is closed with it.
    trail = page.get_by_role("navigation", name="You are here")
    press(page, trail.get_by_role("link", name="Applications", exact=True))
    expect(page.locator(".openings")).to_have_text("1 of 1 opening filled")
    closed = page.get_by_role("region", name=f"{ApplicationState.OBSOLETE.label} (1)")
    expect(closed).to_contain_text("Zeynep")
    expect(closed).to_contain_text("Invited by you")
    expect(page.get_by_role("region", name=f"{ApplicationState.ACCEPTED.label} (1)")
           ).to_contain_text(FIRST)
    trail = page.get_by_role("navigation", name="You are here")
    press(page, trail.get_by_role("link", name=vacancy.title))
    expect(fact(page, "Openings")).to_have_text("1 of 1 filled")
    sign_out(page)

    # Elif reads "Accepted" among her applications.
    sign_in(page, EMAIL, PASSWORD)
    press(page, page.get_by_role("link", name="My applications"))
    mine = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=vacancy.title))
    expect(fact(mine, "State")).to_have_text(str(ApplicationState.ACCEPTED.label))
    sign_out(page)

    # Alice, her counsellor, finds the job and the change of status in her history:
    # from the region's vacancies, as Elif is no longer in the caseload of people
    # looking for work.
    sign_in(page, "alice", TEST_PASSWORD)
    press(page, page.get_by_role("navigation", name="Main").get_by_role("link",
                                                                         name="Vacancies"))
    press(page, page.get_by_role("link", name=vacancy.title))
    press(page, page.get_by_role("link", name=re.compile(r"^Applications \(")))
    press(page, page.get_by_role("link", name=f"{FIRST} {LAST}"))
    trail = page.get_by_role("navigation", name="You are here")
    press(page, trail.get_by_role("link", name="Applications and jobs"))

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Applications and jobs of {FIRST} {LAST}")
    expect(fact(page, "Status")).to_have_text(str(SeekerStatus.PLACED.label))
    jobs = page.get_by_role("region", name="Jobs", exact=True)
    expect(jobs.get_by_role("heading", name=f"{vacancy.title} · current")).to_be_visible()
    expect(jobs).to_contain_text(world.v_a.employer.name)
    expect(jobs).to_contain_text("through this service")
    applications = page.get_by_role("region", name="Applications and referrals")
    expect(applications).to_contain_text(str(ApplicationState.ACCEPTED.label))
    expect(applications).to_contain_text("Salı 10:00, Moda Bakımevi")  # the interview
    status = page.get_by_role("region", name="Changes of status")
    expect(status).to_contain_text(
        f"from “{SeekerStatus.ACTIVE.label}” to “{SeekerStatus.PLACED.label}”, "
        "because: Started a job")
