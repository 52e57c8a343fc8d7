"""The application pages, for every persona (outsiders get the same 404, people on
the wrong side of an application a 403), the journey from applying to the hire, and
what a page says when the application moved meanwhile or a field is missing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decentwork.applications import actions
from decentwork.applications.factories import PlacementFactory
from decentwork.applications.models import (
    Application,
    ApplicationState,
    ApplicationTransition,
    Origin,
    Placement,
    RefusalReason,
)
from decentwork.audit.models import AuditEntry
from decentwork.controlled_lists import ContractType, Hours, WageBand
from decentwork.employers.factories import VacancyFactory
from decentwork.employers.models import Vacancy
from decentwork.seekers.factories import JobSeekerFactory
from decentwork.seekers.models import (
    Consent,
    ConsentScope,
    JobSeeker,
    SeekerStatus,
    StatusChange,
)
from tests.conftest import World

pytestmark = pytest.mark.django_db

ALL_PERSONAS = ["sam_user", "tess_user", "erin", "frank", "alice", "bob", "dana", "charlie",
                "ivan", "judy"]






def client_of(world: World, name: str | None) -> Client:
    return world.client_for(None if name is None else world.persona(name))


def html(response: Any) -> str:
    return response.content.decode()


def text(response: Any) -> str:
    """The page's words without tags, with spaces made single (for wording asserts)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split())


@pytest.fixture
def applied(world: World) -> Application:
    """Sam applied to v_a, a vacancy with two openings."""
    Vacancy.objects.filter(pk=world.v_a.pk).update(openings=2)
    world.v_a.refresh_from_db()
    application, created = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a,
                                                     message="I can start on Monday.")
    assert created
    return application


def _state(application: Application) -> str:
    return Application.objects.get(pk=application.pk).state


def _hire_form(**overrides: str) -> dict[str, str]:
    data = {"start_date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
            "contract_type": ContractType.FIXED_TERM, "hours": Hours.PART_TIME,
            "hours_per_week": "20", "formal": "yes", "wage_band": WageBand.UP_TO_1_5}
    data.update(overrides)
    return data


# Who may open which page -------------------------------------------------------------


def _matrix(allowed: dict[str, int]) -> list[tuple[str, int]]:
    """Every persona: the listed status for those named, 404 for everyone else."""
    return [(name, allowed.get(name, 404)) for name in ALL_PERSONAS]


PAGES: dict[str, tuple[Callable[[World, Application], str], dict[str, int]]] = {
    "detail": (lambda w, a: reverse("applications:detail", args=[a.pk]),
               {"sam_user": 200, "erin": 200, "alice": 200, "bob": 200, "judy": 200}),
    "withdraw": (lambda w, a: reverse("applications:withdraw", args=[a.pk]),
                 {"sam_user": 200, "alice": 200, "bob": 200, "judy": 200, "erin": 403}),
    "refuse": (lambda w, a: reverse("applications:refuse", args=[a.pk]),
               {"erin": 200, "judy": 200, "sam_user": 403, "alice": 403, "bob": 403}),
    "plan_interview": (lambda w, a: reverse("applications:plan_interview", args=[a.pk]),
                       {"erin": 200, "judy": 200, "sam_user": 403, "alice": 403, "bob": 403}),
    "mark_seen": (lambda w, a: reverse("applications:mark_seen", args=[a.pk]),
                  {"erin": 200, "judy": 200, "sam_user": 403, "alice": 403, "bob": 403}),
    "hire": (lambda w, a: reverse("applications:hire", args=[a.pk]),
             {"erin": 200, "judy": 200, "sam_user": 403, "alice": 403, "bob": 403}),
    # Staff of the region see the page, with their own office's candidates only.
    "vacancy": (lambda w, a: reverse("applications:vacancy", args=[w.v_a.pk]),
                {"erin": 200, "alice": 200, "bob": 200, "dana": 200, "judy": 200}),
    "close_vacancy": (lambda w, a: reverse("applications:close_vacancy", args=[w.v_a.pk]),
                      {"erin": 200, "judy": 200, "alice": 403, "bob": 403, "dana": 403}),
    # The staff's page about the person (the person has applications:mine).
    "seeker": (lambda w, a: reverse("applications:seeker", args=[w.sam.pk]),
               {"alice": 200, "bob": 200, "judy": 200}),
    "new_placement": (lambda w, a: reverse("applications:new_placement", args=[w.sam.pk]),
                      {"alice": 200, "bob": 200, "judy": 200, "sam_user": 200}),
    "end_placement": (lambda w, a: reverse(
        "applications:end_placement",
        args=[w.sam.pk, Placement.objects.get(seeker=w.sam).pk]),
        {"alice": 200, "bob": 200, "judy": 200, "sam_user": 200}),
    # Only job seekers apply here (counsellors refer); the vacancy is in their region.
    "apply": (lambda w, a: reverse("applications:apply", args=[w.v_other.pk]),
              {"sam_user": 200, "tess_user": 200}),
}
CASES = [(page, name, status) for page, (_url, allowed) in PAGES.items()
         for name, status in _matrix(allowed)]


@pytest.mark.parametrize(("page", "name", "status"), CASES,
                         ids=[f"{p}-{n}" for p, n, _s in CASES])
def test_who_may_open_each_page(world: World, applied: Application, page: str, name: str,
                                status: int) -> None:
    world.v_other = VacancyFactory(  # type: ignore[attr-defined]
        employer=world.v_a.employer, region=world.v_a.region, title="Cook")
    PlacementFactory(seeker=world.sam, start_date=timezone.localdate() - dt.timedelta(days=9))
    url, _allowed = PAGES[page]

    response = client_of(world, name).get(url(world, applied))

    assert response.status_code == status
    if status == 200:
        assert html(response).count("<h1") == 1
        assert 'class="breadcrumbs"' in html(response)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_people_are_sent_to_sign_in(world: World, applied: Application,
                                              page: str) -> None:
    world.v_other = world.v_a  # type: ignore[attr-defined]
    PlacementFactory(seeker=world.sam, start_date=timezone.localdate())
    url = PAGES[page][0](world, applied)

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_missing_and_forbidden_look_the_same(world: World, applied: Application) -> None:
    frank = world.client_for(world.frank)
    not_theirs = frank.get(reverse("applications:detail", args=[applied.pk]))
    missing = frank.get(reverse("applications:detail", args=[applied.pk + 1000]))
    assert not_theirs.status_code == missing.status_code == 404


@pytest.mark.parametrize(("name", "sees_sam"), [
    ("sam_user", True), ("erin", True), ("alice", True), ("bob", True), ("judy", True),
    ("tess_user", False), ("frank", False), ("dana", False), ("charlie", False),
    ("ivan", False),
])
def test_the_list_shows_only_what_the_reader_may_see(world: World, applied: Application,
                                                     name: str, sees_sam: bool) -> None:
    response = client_of(world, name).get(reverse("applications:mine"))
    assert response.status_code == 200
    link = reverse("applications:detail", args=[applied.pk])
    assert (link in html(response)) is sees_sam


def test_a_region_colleague_sees_the_vacancy_page_without_other_offices_candidates(
        world: World, applied: Application) -> None:
    response = world.client_for(world.dana).get(reverse("applications:vacancy",
                                                        args=[world.v_a.pk]))
    assert world.sam.last_name not in html(response)
    assert "No applications or referrals yet." in text(response)


@pytest.mark.parametrize(("name", "status"), [("frank", 404), ("alice", 403), ("tess_user", 404),
                                              ("charlie", 404), ("erin", 403)])
def test_a_step_sent_by_someone_else_writes_nothing(world: World, applied: Application,
                                                    name: str, status: int) -> None:
    step = "withdraw" if name == "erin" else "refuse"
    client = client_of(world, name)  # signing in is audited too: before counting
    before = (ApplicationTransition.objects.count(), AuditEntry.objects.count())

    response = client.post(
        reverse(f"applications:{step}", args=[applied.pk]),
        {"expected_state": ApplicationState.NEW, "reason": RefusalReason.SKILLS_MISSING})

    assert response.status_code == status
    assert _state(applied) == ApplicationState.NEW
    assert (ApplicationTransition.objects.count(), AuditEntry.objects.count()) == before


def test_another_employer_cannot_close_the_vacancy(world: World, applied: Application) -> None:
    response = world.client_for(world.frank).post(
        reverse("applications:close_vacancy", args=[world.v_a.pk]))
    assert response.status_code == 404
    assert _state(applied) == ApplicationState.NEW


def test_a_seeker_cannot_apply_in_another_region(world: World) -> None:
    response = world.client_for(world.sam_user).get(
        reverse("applications:apply", args=[world.v_b.pk]))
    assert response.status_code == 404


# The journey -------------------------------------------------------------------------


def test_from_applying_to_the_hire_through_the_pages(world: World) -> None:
    Vacancy.objects.filter(pk=world.v_a.pk).update(openings=2)
    sam, erin, alice = (world.client_for(u) for u in (world.sam_user, world.erin, world.alice))
    vacancy_page = reverse("employers:vacancy_detail", args=[world.v_a.pk])
    apply_url = reverse("applications:apply", args=[world.v_a.pk])

    # The seeker finds "Apply" on the vacancy and sends a message with the application.
    assert f'href="{apply_url}"' in html(sam.get(vacancy_page))
    assert world.v_a.title in html(sam.get(apply_url))
    sent = sam.post(apply_url, {"message": "I worked five years in a kitchen."}, follow=True)
    application = Application.objects.get(seeker=world.sam, vacancy=world.v_a)
    assert sent.redirect_chain[-1][0] == reverse("applications:detail", args=[application.pk])
    assert application.message == "I worked five years in a kitchen."
    assert application.origin == Origin.SEEKER
    assert "Your application was sent to" in text(sent)

    # Applying again leads to the same application, saying when.
    again = sam.post(apply_url, {"message": "again"}, follow=True)
    assert again.redirect_chain[-1][0] == reverse("applications:detail", args=[application.pk])
    assert "You already applied on" in text(again)
    assert Application.objects.filter(seeker=world.sam).count() == 1
    assert "You applied on" in text(sam.get(vacancy_page))

    # The employer finds it from the vacancy list, grouped, with the message.
    assert "Applications (1)" in text(erin.get(reverse("employers:vacancy_list")))
    listing = erin.get(reverse("applications:vacancy", args=[world.v_a.pk]))
    assert f"{world.sam.first_name} {world.sam.last_name}" in text(listing)
    assert "Applied" in text(listing)
    assert "I worked five years in a kitchen." in text(listing)
    assert "0 of 2 openings filled" in text(listing)

    detail_url = reverse("applications:detail", args=[application.pk])
    buttons = text(erin.get(detail_url))
    for label in ("Mark as seen", "Plan an interview", "Hire", "Refuse"):
        assert label in buttons
    assert "Withdraw" not in buttons

    erin.post(reverse("applications:mark_seen", args=[application.pk]),
              {"expected_state": ApplicationState.NEW})
    assert _state(application) == ApplicationState.SEEN
    erin.post(reverse("applications:plan_interview", args=[application.pk]),
              {"expected_state": ApplicationState.SEEN, "note": "Tuesday 10:00, Main Street 5"})
    assert _state(application) == ApplicationState.INTERVIEW
    hire_page = erin.get(reverse("applications:hire", args=[application.pk]))
    assert f'value="{world.v_a.contract_type}" selected' in html(hire_page)  # the vacancy's
    hired = erin.post(reverse("applications:hire", args=[application.pk]),
                      {"expected_state": ApplicationState.INTERVIEW, **_hire_form()},
                      follow=True)
    assert "is hired" in text(hired)
    placement = Placement.objects.get(application=application)
    assert (placement.contract_type, placement.hours, placement.hours_per_week,
            placement.formal, placement.wage_band) == (
        ContractType.FIXED_TERM, Hours.PART_TIME, 20, True, WageBand.UP_TO_1_5)

    # The seeker reads "Accepted" and the history, with the interview's note.
    assert "Accepted" in text(sam.get(reverse("applications:mine")))
    seen_by_sam = text(sam.get(detail_url))
    for step in ("You applied", "Sent", "Seen by the employer", "Interview planned",
                 "Tuesday 10:00, Main Street 5", "Accepted"):
        assert step in seen_by_sam
    assert "Mark as seen" not in seen_by_sam and "Withdraw" not in seen_by_sam

    assert "1 of 2 openings filled" in text(erin.get(reverse("applications:vacancy",
                                                             args=[world.v_a.pk])))

    # The counsellor sees the job and the change of status, in words.
    seeker_page = text(alice.get(reverse("applications:seeker", args=[world.sam.pk])))
    assert world.v_a.employer.name in seeker_page
    assert "Interview planned" in seeker_page
    assert "from “Looking for work” to “In work”, because: Started a job" in seeker_page
    assert "End this job" in seeker_page


def test_the_seeker_withdraws_after_a_confirmation(world: World, applied: Application) -> None:
    sam = world.client_for(world.sam_user)
    detail = text(sam.get(reverse("applications:detail", args=[applied.pk])))
    assert "Withdraw" in detail and "Refuse" not in detail

    confirm = sam.get(reverse("applications:withdraw", args=[applied.pk]))
    assert "Yes, withdraw my application" in text(confirm)
    assert _state(applied) == ApplicationState.NEW  # opening the page changes nothing

    sam.post(reverse("applications:withdraw", args=[applied.pk]),
             {"expected_state": ApplicationState.NEW})
    assert _state(applied) == ApplicationState.WITHDRAWN


def test_a_counsellor_withdraws_on_the_persons_behalf(world: World,
                                                     applied: Application) -> None:
    alice = world.client_for(world.alice)
    url = reverse("applications:withdraw", args=[applied.pk])
    assert "Withdraw this application?" in text(alice.get(url))
    assert "my application" not in text(alice.get(url))

    alice.post(url, {"expected_state": ApplicationState.NEW})

    assert _state(applied) == ApplicationState.WITHDRAWN
    assert ApplicationTransition.objects.filter(application=applied).last().actor == world.alice  # type: ignore[union-attr]


def test_a_referral_and_an_invitation_read_as_such_for_the_employer(world: World) -> None:
    Vacancy.objects.filter(pk=world.v_a.pk).update(openings=3)
    actions.refer_to_vacancy(world.alice, world.sam, world.v_a, note="Reliable and kind.")
    Consent.objects.create(seeker=world.tess, scope=ConsentScope.PROPOSAL_TO_EMPLOYERS,
                           granted_at=timezone.now())
    invited, _created = actions.invite_candidate(world.erin, world.tess, world.v_a,
                                                 message="Come and see us.")

    page = text(world.client_for(world.erin).get(reverse("applications:vacancy",
                                                         args=[world.v_a.pk])))
    assert "Referred by a counsellor" in page and "Reliable and kind." in page
    assert "Invited by you" in page and "Come and see us." in page
    # The person reads it in their own words.
    detail = text(world.client_for(world.tess_user()).get(
        reverse("applications:detail", args=[invited.pk])))
    assert "The employer invited you" in detail


# A page that is out of date, and fields left out -------------------------------------


def test_a_stale_form_says_the_application_changed_and_writes_nothing(
        world: World, applied: Application) -> None:
    erin = world.client_for(world.erin)
    actions.transition_application(world.erin, applied, "mark_seen")  # in another tab
    before = (ApplicationTransition.objects.count(), AuditEntry.objects.count())

    response = erin.post(reverse("applications:plan_interview", args=[applied.pk]),
                         {"expected_state": ApplicationState.NEW, "note": "Friday"})

    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', html(response), re.S)
    assert summary is not None
    assert "changed this application meanwhile" in summary.group(0)
    assert "Seen by the employer" in summary.group(0)
    assert _state(applied) == ApplicationState.SEEN
    assert (ApplicationTransition.objects.count(), AuditEntry.objects.count()) == before
    # The page now carries the state as it is: sending again is a deliberate choice.
    assert f'name="expected_state" value="{ApplicationState.SEEN}"' in html(response)


def test_a_stale_hire_writes_no_placement(world: World, applied: Application) -> None:
    actions.transition_application(world.sam_user, applied, "withdraw")

    response = world.client_for(world.erin).post(
        reverse("applications:hire", args=[applied.pk]),
        {"expected_state": ApplicationState.NEW, **_hire_form()})

    assert "changed this application meanwhile" in text(response)
    assert not Placement.objects.exists()
    assert Vacancy.objects.get(pk=world.v_a.pk).filled == 0


def test_a_step_the_state_does_not_allow_names_both_states(world: World,
                                                           applied: Application) -> None:
    actions.transition_application(world.erin, applied, "refuse",
                                   reason=RefusalReason.POSITION_FILLED)

    response = world.client_for(world.erin).post(
        reverse("applications:plan_interview", args=[applied.pk]),
        {"expected_state": ApplicationState.REFUSED, "note": "Friday"})

    summary = text(response)
    assert "There is a problem" in summary
    assert "“Refused”; it cannot become “Interview planned”" in summary
    assert _state(applied) == ApplicationState.REFUSED


def test_a_refusal_without_a_reason_shows_the_error_on_the_reason(
        world: World, applied: Application) -> None:
    response = world.client_for(world.erin).post(
        reverse("applications:refuse", args=[applied.pk]),
        {"expected_state": ApplicationState.NEW})

    page = html(response)
    assert 'id="id_reason-error"' in page
    assert 'fieldset aria-describedby="id_reason-error"' in page
    assert 'href="#id_reason-error"' in page  # the summary leads to it
    assert _state(applied) == ApplicationState.NEW


def test_other_reason_needs_words(world: World, applied: Application) -> None:
    erin = world.client_for(world.erin)
    url = reverse("applications:refuse", args=[applied.pk])

    response = erin.post(url, {"expected_state": ApplicationState.NEW,
                               "reason": RefusalReason.OTHER})
    assert 'id="id_reason_text-error"' in html(response)
    assert 'aria-describedby="id_reason_text-error"' in html(response)
    assert _state(applied) == ApplicationState.NEW

    erin.post(url, {"expected_state": ApplicationState.NEW, "reason": RefusalReason.OTHER,
                    "reason_text": "We closed the shop."})
    refused = Application.objects.get(pk=applied.pk)
    assert (refused.state, refused.refusal_reason, refused.refusal_text) == (
        ApplicationState.REFUSED, RefusalReason.OTHER, "We closed the shop.")
    assert "We closed the shop." in text(world.client_for(world.sam_user).get(
        reverse("applications:detail", args=[applied.pk])))


def test_the_actions_own_errors_are_tied_to_their_field(world: World,
                                                        applied: Application) -> None:
    far = (timezone.localdate() + dt.timedelta(days=800)).isoformat()

    response = world.client_for(world.erin).post(
        reverse("applications:hire", args=[applied.pk]),
        {"expected_state": ApplicationState.NEW, **_hire_form(start_date=far)})

    error = re.search(r'<p class="error" id="id_start_date-error">(.*?)</p>', html(response))
    assert error is not None and "within a year" in error.group(1)
    assert 'aria-describedby="id_start_date-error"' in html(response)
    assert not Placement.objects.exists()


# Closing a vacancy, jobs found elsewhere ---------------------------------------------


def test_closing_a_vacancy_says_how_many_are_told_then_closes_them(
        world: World, applied: Application) -> None:
    tess_application, _created = actions.apply_to_vacancy(world.tess_user(), world.tess,
                                                          world.v_a)
    actions.transition_application(world.erin, tess_application, "refuse",
                                   reason=RefusalReason.SKILLS_MISSING)
    erin = world.client_for(world.erin)
    url = reverse("applications:close_vacancy", args=[world.v_a.pk])
    assert "Close this vacancy" in text(erin.get(reverse("applications:vacancy",
                                                         args=[world.v_a.pk])))

    confirm = text(erin.get(url))
    assert "Open applications that will be closed: 1." in confirm
    assert _state(applied) == ApplicationState.NEW

    done = erin.post(url, follow=True)
    assert _state(applied) == ApplicationState.OBSOLETE
    assert _state(tess_application) == ApplicationState.REFUSED
    assert "their people told: 1" in text(done)
    assert "Vacancy closed or filled (1)" in text(done)


def test_a_counsellor_records_a_job_found_elsewhere_and_its_end(world: World) -> None:
    alice = world.client_for(world.alice)
    new_url = reverse("applications:new_placement", args=[world.tess.pk])
    start = timezone.localdate() - dt.timedelta(days=20)

    missing = alice.post(new_url, {"job_title": "Baker"})
    assert 'id="id_employer_name-error"' in html(missing)
    assert not Placement.objects.exists()

    alice.post(new_url, {
        "employer_name": "Corner bakery", "job_title": "Baker", "occupation": "",
        "start_date": start.isoformat(), "contract_type": ContractType.PERMANENT,
        "hours": Hours.FULL_TIME, "hours_per_week": "", "formal": "no",
        "wage_band": WageBand.MINIMUM})
    placement = Placement.objects.get(seeker=world.tess)
    assert (placement.employer_name, placement.formal, placement.through_platform) == (
        "Corner bakery", False, False)
    assert JobSeeker.objects.get(pk=world.tess.pk).status == SeekerStatus.PLACED

    page = text(alice.get(reverse("applications:seeker", args=[world.tess.pk])))
    assert "Corner bakery" in page and "outside this service" in page

    alice.post(reverse("applications:end_placement", args=[world.tess.pk, placement.pk]),
               {"end_date": timezone.localdate().isoformat(), "note": "Shop closed"})
    assert Placement.objects.get(pk=placement.pk).end_date == timezone.localdate()
    page = text(alice.get(reverse("applications:seeker", args=[world.tess.pk])))
    assert "from “In work” to “Looking for work”, because: The job ended" in page
    assert "End this job" not in page
    assert StatusChange.objects.filter(seeker=world.tess).count() == 2


def test_the_occupations_offered_are_the_persons_own(world: World) -> None:
    from decentwork.seekers.factories import WorkExperienceFactory
    from decentwork.taxonomy.factories import ConceptFactory, LabelFactory

    baker = ConceptFactory(kind="occupation")
    LabelFactory(concept=baker, text="baker", language="en")
    WorkExperienceFactory(seeker=world.tess, occupation=baker)
    unrelated = ConceptFactory(kind="occupation")
    LabelFactory(concept=unrelated, text="astronaut", language="en")

    page = text(world.client_for(world.alice).get(
        reverse("applications:new_placement", args=[world.tess.pk])))

    assert "baker" in page and "astronaut" not in page


def test_links_into_the_pages_from_the_other_apps(world: World, applied: Application) -> None:
    seeker_page = html(world.client_for(world.alice).get(
        reverse("seekers:seeker_detail", args=[world.sam.pk])))
    assert reverse("applications:seeker", args=[world.sam.pk]) in seeker_page

    vacancy_for_erin = html(world.client_for(world.erin).get(
        reverse("employers:vacancy_detail", args=[world.v_a.pk])))
    assert reverse("applications:vacancy", args=[world.v_a.pk]) in vacancy_for_erin
    assert reverse("applications:apply", args=[world.v_a.pk]) not in vacancy_for_erin

    # A closed vacancy offers no "Apply".
    closed = VacancyFactory(employer=world.v_a.employer, region=world.v_a.region,
                            closes_on=timezone.localdate() - dt.timedelta(days=1))
    for_tess = html(world.client_for(world.tess_user()).get(
        reverse("employers:vacancy_detail", args=[closed.pk])))
    assert reverse("applications:apply", args=[closed.pk]) not in for_tess
    assert reverse("applications:vacancy", args=[closed.pk]) not in for_tess


# No N+1 on list pages ----------------------------------------------------------------


def _more_applications(world: World, n: int) -> None:
    for _i in range(n):
        seeker = JobSeekerFactory(office=world.office_a)
        actions.apply_to_vacancy(world.alice, seeker, world.v_a, message="Hello")
        actions.refer_to_vacancy(world.alice, world.sam,
                                 VacancyFactory(employer=world.v_a.employer,
                                                region=world.v_a.region))
    Vacancy.objects.filter(pk=world.v_a.pk).update(openings=100)


@pytest.mark.parametrize(("name", "url"), [
    ("sam_user", lambda w: reverse("applications:mine")),
    ("erin", lambda w: reverse("applications:mine")),
    ("erin", lambda w: reverse("applications:vacancy", args=[w.v_a.pk])),
    ("alice", lambda w: reverse("applications:seeker", args=[w.sam.pk])),
    ("erin", lambda w: reverse("employers:vacancy_list")),
])
def test_list_pages_make_the_same_queries_for_3_or_23_rows(
        world: World, name: str, url: Callable[[World], str],
        django_assert_max_num_queries: Any) -> None:
    client = client_of(world, name)
    client.get(url(world))  # warm the session
    _more_applications(world, 3)
    with django_assert_max_num_queries(15) as small:
        assert client.get(url(world)).status_code == 200
    _more_applications(world, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(world)).status_code == 200
