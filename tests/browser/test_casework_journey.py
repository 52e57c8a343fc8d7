"""Casework end to end in Chromium, by keyboard only, with axe on every page, in
English and in Arabic (right to left).

Alice, Sam's counsellor, opens her day, then Sam's casework from his page; she
records a needs assessment (barriers with their severity, his goals in his words),
agrees the plan it proposes with a course of the site, books an appointment, and
records the job Sam found when it comes. Sam then opens his plan, finds the
3-month question about the job and answers it from his own page.

The live server answers in a thread of its own, where ``clock.travel_to`` (a context
variable of the test's thread) does not reach: so the job is recorded as started
three months ago, which the placement form allows, and the 3-month check is due today.

Arabic pages are checked on their structure (roles, fields, addresses, ``dir="rtl"``),
not on English words: the new strings are not translated yet and fall back to English,
which a later translation will change.

A second test opens each casework page on a 360-pixel screen, in both directions,
and fails if the page scrolls sideways.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from decentwork import clock
from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.agenda.actions import book_appointment
from decentwork.agenda.models import Appointment, AppointmentState, Channel
from decentwork.applications.actions import record_outside_placement
from decentwork.applications.models import Placement
from decentwork.assistance.actions import record_spell
from decentwork.assistance.models import EndReason
from decentwork.casenotes.actions import write_note
from decentwork.casenotes.models import Confidentiality
from decentwork.casework.actions import agree_plan, record_assessment
from decentwork.casework.models import (
    ActionPlan,
    Assessment,
    Barrier,
    Participation,
    ParticipationState,
    Severity,
    StepOwner,
    StepType,
)
from decentwork.casework.proposals import StepInput
from decentwork.controlled_lists import ContractType, Hours, WageBand
from decentwork.followup.access import retention
from decentwork.followup.models import AnsweredAs, FollowUp
from decentwork.programmes.actions import publish_training_programme
from decentwork.programmes.models import ProgrammeKind, TrainingProgramme
from decentwork.taxonomy.factories import ConceptFactory
from tests.browser.axe_checks import assert_accessible
from tests.browser.conftest import pass_second_factor
from tests.browser.test_exchange_journey import fill, press, tab_to
from tests.conftest import World

pytestmark = pytest.mark.browser

LANGUAGES = [("en", "ltr"), ("ar", "rtl")]
GOALS = "Çocuklarım okuldayken bir mutfakta çalışmak. I want to cook again."
HISTORY = "Cook in a lokanta in Kadıköy for six years."
PURPOSE = "Talk about the language course and the first applications."
EMPLOYER = "Moda Lokantası"
JOB_TITLE = "Cook"
NARROW = 360
MAX_ARROW_PRESSES = 20


@dataclass
class Casework:
    world: World
    course: TrainingProgramme


@pytest.fixture
def casework(world: World) -> Casework:
    """The personas, and a Turkish course for work that Istanbul (site A) offers."""
    speaking = ConceptFactory(kind="skill", uri="http://example.org/skill/speak-turkish")
    course = publish_training_programme(
        world.bob, world.office_a.site, title="Türkçe: work and daily life",
        skills=[speaking], provider="Kadıköy Halk Eğitim Merkezi", language="tr",
        kind=ProgrammeKind.TRAINING_COURSE)
    return Casework(world, course)


# The keyboard, in any language: fields are found by their name, links by their address.


def by_name(page: Page, name: str) -> Locator:
    return page.locator(f"main [name='{name}']")


def link_to(page: Page, path: str, *, within: str = "main") -> Locator:
    return page.locator(f"{within} a[href='{path}']").first


def submit_of(page: Page, action: str | None = None) -> Locator:
    form = f"main form[action='{action}']" if action else "main form[method='post']"
    return page.locator(f"{form} button[type='submit']").last


def arrow_to(page: Page, field: Locator, value: str) -> None:
    """Choose an option of a list, or a radio button of a group, with the arrow keys
    (the words typed to choose differ from one language to another)."""
    tab_to(page, field)
    for _ in range(MAX_ARROW_PRESSES):
        if field.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    expect(field).to_have_value(value)


def tick(page: Page, radio: Locator) -> None:
    """Check the first radio button of a group where none is checked yet."""
    tab_to(page, radio)
    page.keyboard.press("Space")
    expect(radio).to_be_checked()


def type_date(page: Page, field: Locator, day: dt.date) -> None:
    """A date field is typed in segments in the browser's order (en: month, day, year)."""
    tab_to(page, field)
    page.keyboard.type(day.strftime("%m%d%Y"))
    expect(field).to_have_value(day.isoformat())


def type_time(page: Page, field: Locator, hour: int) -> None:
    tab_to(page, field)
    page.keyboard.type(f"{hour % 12 or 12:02d}00{'AM' if hour < 12 else 'PM'}")
    expect(field).to_have_value(f"{hour:02d}:00")


def read_in(page: Page, language: str, direction: str) -> None:
    """Choose the language with the header's switcher, by keyboard."""
    arrow_to(page, page.locator("#language-select"), language)
    press(page, page.locator("form.language button[type='submit']"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", direction)


def sign_in(page: Page, username: str) -> None:
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    assert_accessible(page)
    fill(page, page.locator("#id_username"), username)
    fill(page, page.locator("#id_password"), TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    pass_second_factor(page, username)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)


def sign_out(page: Page) -> None:
    page.locator("main").focus()
    press(page, page.locator("form.logout button[type='submit']"), backwards=True)


def in_english(language: str) -> bool:
    return language == "en"


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_casework_from_assessment_to_the_3_month_follow_up_by_keyboard(
        page: Page, casework: Casework, language: str, direction: str) -> None:
    world, course = casework.world, casework.course
    sam = world.sam
    today = clock.today()
    tomorrow = today + dt.timedelta(days=1)
    started = clock.add_months(today, -3)  # the 3-month check is due

    page.goto("/accounts/login/")
    read_in(page, language, direction)
    sign_in(page, "alice")

    # Her day, from the menu.
    press(page, link_to(page, "/casework/today/", within="header nav"))
    expect(page).to_have_url(re.compile(r"/casework/today/$"))
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("header nav a[aria-current='page']")).to_have_attribute(
        "href", "/casework/today/")
    if in_english(language):
        expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    # Sam waits for work: the day lists him with a link to his casework.
    expect(link_to(page, f"/casework/seekers/{sam.pk}/")).to_be_visible()

    # Sam's casework, reached from his page in the caseload.
    press(page, link_to(page, "/seekers/", within="header nav"))
    press(page, link_to(page, f"/seekers/{sam.pk}/"))
    press(page, link_to(page, f"/casework/seekers/{sam.pk}/"))
    expect(page).to_have_url(re.compile(rf"/casework/seekers/{sam.pk}/$"))

    # The needs assessment: language (severe) and childcare (moderate) stand in the way.
    press(page, link_to(page, f"/casework/seekers/{sam.pk}/assessment/new/"))
    arrow_to(page, by_name(page, "barrier_childcare"), Severity.MODERATE)
    arrow_to(page, by_name(page, "barrier_language"), Severity.SEVERE)
    expect(by_name(page, "assessed_on")).to_have_value(today.isoformat())
    fill(page, by_name(page, "employment_history"), HISTORY)
    fill(page, by_name(page, "goals"), GOALS)
    press(page, submit_of(page))

    # The plan page proposes a step for each barrier, and a job search.
    expect(page).to_have_url(re.compile(rf"/casework/seekers/{sam.pk}/plan/$"))
    expect(page.get_by_role("status")).to_be_visible()
    assessment = Assessment.objects.get(seeker=sam)
    assert {(b.barrier, b.severity) for b in assessment.barriers.all()} == {
        (Barrier.CHILDCARE, Severity.MODERATE), (Barrier.LANGUAGE, Severity.SEVERE)}
    assert (assessment.goals, assessment.employment_history) == (GOALS, HISTORY)
    types = [select.input_value() for select in
             page.locator("main select[name$='-step_type']").all()]
    assert types[:3] == [StepType.SERVICE_REFERRAL, StepType.TRAINING_COURSE,
                         StepType.JOB_SEARCH], types
    # The language course step is to be taken at the site's Turkish course.
    course_row = types.index(StepType.TRAINING_COURSE)
    arrow_to(page, by_name(page, f"steps-{course_row}-programme"), str(course.pk))
    press(page, submit_of(page, f"/casework/seekers/{sam.pk}/plan/"))

    expect(page).to_have_url(re.compile(rf"/casework/seekers/{sam.pk}/$"))
    expect(page.get_by_role("status")).to_be_visible()
    plan = ActionPlan.objects.get(seeker=sam, closed_at__isnull=True)
    steps = list(plan.steps.order_by("id"))
    assert [s.step_type for s in steps] == types[:3]
    course_step = steps[course_row]
    assert (course_step.programme, course_step.owner, course_step.barrier) == (
        course, StepOwner.SEEKER, Barrier.LANGUAGE)
    offered = Participation.objects.get(seeker=sam, programme=course)
    assert offered.state == ParticipationState.OFFERED
    plan_part = page.locator("section[aria-labelledby='plan-heading']")
    expect(plan_part).to_contain_text(course_step.title)
    expect(plan_part).to_contain_text(course.title)
    expect(page.locator("section[aria-labelledby='programmes-heading']")).to_contain_text(
        course.title)

    # An appointment by phone tomorrow at ten.
    press(page, link_to(page, f"/agenda/seekers/{sam.pk}/"))
    type_date(page, by_name(page, "day"), tomorrow)
    type_time(page, by_name(page, "time"), 10)
    arrow_to(page, page.locator("main input[name='channel']:checked"), Channel.PHONE)
    expect(page.locator(f"main input[name='channel'][value='{Channel.PHONE}']")).to_be_checked()
    fill(page, by_name(page, "purpose"), PURPOSE)
    press(page, submit_of(page))
    appointment = Appointment.objects.get(seeker=sam)
    expect(page).to_have_url(re.compile(rf"/agenda/{appointment.pk}/$"))
    expect(page.get_by_role("status")).to_be_visible()
    assert (appointment.channel, appointment.state, appointment.purpose) == (
        Channel.PHONE, AppointmentState.BOOKED, PURPOSE)
    assert appointment.starts_at == timezone.make_aware(
        dt.datetime.combine(tomorrow, dt.time(10)))

    # The job Sam found himself: recorded when it comes, from his applications and jobs.
    trail = page.locator("nav.breadcrumbs")
    press(page, trail.locator(f"a[href='/seekers/{sam.pk}/']"))
    press(page, link_to(page, f"/casework/seekers/{sam.pk}/"))
    press(page, link_to(page, f"/applications/seeker/{sam.pk}/"))
    press(page, link_to(page, f"/applications/seeker/{sam.pk}/placements/new/"))
    fill(page, by_name(page, "employer_name"), EMPLOYER)
    fill(page, by_name(page, "job_title"), JOB_TITLE)
    type_date(page, by_name(page, "start_date"), started)
    arrow_to(page, by_name(page, "contract_type"), ContractType.PERMANENT)
    arrow_to(page, by_name(page, "hours"), Hours.FULL_TIME)
    fill(page, by_name(page, "hours_per_week"), "40")
    tick(page, page.locator("main input[name='formal'][value='yes']"))
    press(page, submit_of(page))
    expect(page).to_have_url(re.compile(rf"/applications/seeker/{sam.pk}/$"))
    expect(page.get_by_role("status")).to_be_visible()
    placement = Placement.objects.get(seeker=sam)
    assert (placement.employer_name, placement.start_date, placement.formal) == (
        EMPLOYER, started, True)
    check = FollowUp.objects.get(placement=placement, months=3)
    # Due today, or a day or two ago when three months back was a shorter month.
    assert check.due_on == clock.add_months(started, 3) <= today
    assert check.answered_at is None

    # Alice sees the check due among the follow-ups of his jobs.
    press(page, link_to(page, f"/seekers/{sam.pk}/", within="nav.breadcrumbs"))
    press(page, link_to(page, f"/followup/seekers/{sam.pk}/"))
    expect(link_to(page, f"/followup/{check.pk}/answer/")).to_be_visible()
    sign_out(page)

    # Sam opens his plan: the question about his job comes first.
    sign_in(page, "sam")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    press(page, link_to(page, "/casework/me/", within="header nav"))
    expect(page).to_have_url(re.compile(r"/casework/me/$"))
    questions = page.locator("section[aria-labelledby='questions-heading']")
    expect(questions).to_contain_text(JOB_TITLE)
    expect(questions).to_contain_text(EMPLOYER)
    yours = page.locator("section[aria-labelledby='yours-heading']")
    expect(yours).to_contain_text(course_step.title)
    offers = page.locator("section[aria-labelledby='offers-heading']")
    expect(offers).to_contain_text(course.title)
    expect(page.locator("section[aria-labelledby='appointments-heading']")).to_contain_text(
        PURPOSE)
    if in_english(language):
        expect(questions.get_by_role("heading", level=2)).to_have_text(
            "Questions about your job")
        expect(questions.get_by_role("link")).to_have_text(
            "Answer the questions 3 months after you started")

    # He takes the place in the course.
    press(page, offers.locator(
        f"form[action='/casework/participations/{offered.pk}/enrol/'] button"))
    expect(page).to_have_url(re.compile(r"/casework/me/$"))
    offered.refresh_from_db()
    assert offered.state == ParticipationState.ENROLLED

    # He answers the 3-month questions from his page.
    press(page, link_to(page, f"/followup/{check.pk}/answer/"))
    tick(page, page.locator("main input[name='still_employed'][value='yes']"))
    tick(page, page.locator("main input[name='same_employer'][value='yes']"))
    tick(page, page.locator("main input[name='registered'][value='yes']"))
    fill(page, by_name(page, "hours_per_week"), "40")
    arrow_to(page, by_name(page, "wage_band"), WageBand.MINIMUM)
    press(page, submit_of(page))
    expect(page).to_have_url(re.compile(r"/followup/me/$"))
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator(f"main a[href='/followup/{check.pk}/answer/']")).to_have_count(0)

    check.refresh_from_db()
    assert check.answered_at is not None
    assert (check.answered_as, check.answered_by) == (AnsweredAs.PERSON, world.sam_user)
    assert (check.still_employed, check.same_employer, check.registered,
            check.hours_per_week, check.wage_band) == (True, True, True, 40,
                                                        WageBand.MINIMUM)
    assert retention(placement) == {3: True, 6: None, 12: None}

    # Back on his plan, the question is gone.
    press(page, link_to(page, "/casework/me/", within="header nav"))
    expect(page.locator("section[aria-labelledby='questions-heading']")).to_have_count(0)


# At 360 pixels, no page scrolls sideways. ---------------------------------------------


@dataclass
class Filled:
    """Sam's casework with something in every list, and the 3-month check due."""

    world: World
    follow_up: FollowUp


@pytest.fixture
def filled(casework: Casework) -> Filled:
    world, course = casework.world, casework.course
    alice, sam = world.alice, world.sam
    today = clock.today()
    record_assessment(alice, sam, assessed_on=today,
                      barriers={Barrier.LANGUAGE: Severity.SEVERE,
                                Barrier.DIGITAL_SKILLS: Severity.MODERATE},
                      employment_history=HISTORY, goals=GOALS)
    agree_plan(alice, sam, starts_on=today, steps=[
        StepInput(StepType.TRAINING_COURSE, "Take the Turkish course for work and daily life",
                  StepOwner.SEEKER, today + dt.timedelta(weeks=8), Barrier.LANGUAGE, course.pk),
        StepInput(StepType.JOB_SEARCH, "Apply to three kitchens a week", StepOwner.SEEKER,
                  today + dt.timedelta(weeks=4))])
    book_appointment(alice, sam, channel=Channel.VIDEO, purpose=PURPOSE,
                     starts_at=timezone.make_aware(dt.datetime.combine(
                         today + dt.timedelta(days=1), dt.time(10))))
    write_note(alice, sam, text="Talked about the course; he wants to start in the spring.",
               confidentiality=Confidentiality.ORDINARY)
    placement = record_outside_placement(
        alice, sam, employer_name=EMPLOYER, job_title=JOB_TITLE,
        start_date=clock.add_months(today, -3), contract_type=ContractType.PERMANENT,
        hours=Hours.FULL_TIME, formal=True)
    record_spell(alice, sam, programme_name="Sosyal Yardım (Social assistance)",
                 started_on=today - dt.timedelta(days=400),
                 ended_on=today - dt.timedelta(days=2), end_reason=EndReason.FOUND_WORK)
    return Filled(world, FollowUp.objects.get(placement=placement, months=3))


NARROW_PAGES = [
    ("alice", "/casework/today/"),
    ("alice", "/casework/seekers/{sam}/"),
    ("alice", "/casework/seekers/{sam}/plan/"),
    ("sam", "/casework/me/"),
    ("alice", "/agenda/"),
    ("alice", "/agenda/seekers/{sam}/"),
    ("alice", "/casenotes/seekers/{sam}/"),
    ("alice", "/followup/seekers/{sam}/"),
    ("sam", "/followup/{follow_up}/answer/"),
    ("alice", "/assistance/seekers/{sam}/"),
    ("alice", "/assistance/offices/"),
    ("judy", "/casework/rules/"),
]


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
@pytest.mark.parametrize(("username", "path"), NARROW_PAGES)
def test_casework_pages_do_not_scroll_sideways_at_360_pixels(
        page: Page, filled: Filled, username: str, path: str, language: str,
        direction: str) -> None:
    page.set_viewport_size({"width": NARROW, "height": 740})
    page.goto("/accounts/login/")
    page.locator("#language-select").select_option(language)
    with page.expect_navigation():
        page.locator("form.language button[type='submit']").click()
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    pass_second_factor(page, username)

    address = path.format(sam=filled.world.sam.pk, follow_up=filled.follow_up.pk)
    response = page.goto(address)
    assert response is not None and response.status == 200, address
    expect(page.locator("html")).to_have_attribute("dir", direction)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(f"""() => [...document.querySelectorAll('main *')]
        .filter(e => {{ const r = e.getBoundingClientRect();
                        return r.width > 0 && (r.right > {NARROW} + 0.5 || r.left < -0.5); }})
        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                         + (e.className ? '.' + e.className : ''))""")
    assert width <= NARROW, f"{address} is {width} px wide at {NARROW} px: {wide}"
    assert_accessible(page)

