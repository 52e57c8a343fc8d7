"""Every persona on every action and read: who may, who is refused, and that a
refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role, User
from decentwork.applications import access, actions
from decentwork.applications.models import (
    Application,
    ApplicationState,
    ApplicationTransition,
    Placement,
    RefusalReason,
)
from decentwork.audit.models import AuditEntry
from decentwork.employers.models import Vacancy
from decentwork.inbox.models import Message
from decentwork.network.factories import SiteMembershipFactory
from decentwork.seekers.factories import JobSeekerFactory
from decentwork.seekers.models import Consent, ConsentScope, JobSeeker, SeekerStatus, StatusChange
from tests.applications.steps import give_login, hire_details
from tests.conftest import World

PERSONAS = ["sam", "tess", "erin", "frank", "alice", "bob", "dana", "charlie", "ivan", "judy"]


def persona(world: World, name: str) -> User:
    if name == "sam":
        return world.sam_user
    if name == "tess":
        return give_login(world.tess, "tess")
    user: User = getattr(world, name)
    return user


def _counts() -> tuple[int, ...]:
    return (Application.objects.count(), ApplicationTransition.objects.count(),
            Placement.objects.count(), StatusChange.objects.count(), Message.objects.count(),
            AuditEntry.objects.count(), sum(Vacancy.objects.values_list("filled", flat=True)),
            Vacancy.objects.filter(closes_on__isnull=False).count())


def _sams_application(world: World) -> Application:
    application, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    return application


def _sams_job(world: World) -> Placement:
    return actions.accept_application(
        world.erin, _sams_application(world),
        **hire_details(start_date=timezone.localdate() - dt.timedelta(days=10)))


def _consent(seeker: JobSeeker) -> None:
    Consent.objects.create(seeker=seeker, scope=ConsentScope.PROPOSAL_TO_EMPLOYERS,
                           granted_at=timezone.now())


# Each case: what it sets up (as its rightful actors), then what the persona tries.
Prepare = Callable[[World], object]
Attempt = Callable[[World, User, object], object]
CASES: dict[str, tuple[set[str], Prepare, Attempt]] = {
    "apply": ({"sam", "alice", "bob", "judy"}, lambda w: None,
              lambda w, u, _: actions.apply_to_vacancy(u, w.sam, w.v_a)),
    "refer": ({"alice", "bob", "judy"}, lambda w: None,
              lambda w, u, _: actions.refer_to_vacancy(u, w.sam, w.v_a)),
    "invite": ({"erin"}, lambda w: _consent(w.sam),
               lambda w, u, _: actions.invite_candidate(u, w.sam, w.v_a)),
    "mark_seen": ({"erin", "judy"}, _sams_application,
                  lambda w, u, a: actions.transition_application(u, a, "mark_seen")),
    "plan_interview": ({"erin", "judy"}, _sams_application,
                       lambda w, u, a: actions.transition_application(u, a, "plan_interview")),
    "refuse": ({"erin", "judy"}, _sams_application,
               lambda w, u, a: actions.transition_application(
                   u, a, "refuse", reason=RefusalReason.SKILLS_MISSING)),
    "withdraw": ({"sam", "alice", "bob", "judy"}, _sams_application,
                 lambda w, u, a: actions.transition_application(u, a, "withdraw")),
    # Only the platform itself (no user) closes an application directly.
    "make_obsolete": (set(), _sams_application,
                      lambda w, u, a: actions.transition_application(u, a, "make_obsolete")),
    "accept": ({"erin", "judy"}, _sams_application,
               lambda w, u, a: actions.accept_application(u, a, **hire_details())),
    "record_outside_placement": (
        {"sam", "alice", "bob", "judy"}, lambda w: None,
        lambda w, u, _: actions.record_outside_placement(u, w.sam, employer_name="Bakery",
                                                         **hire_details())),
    "end_placement": ({"sam", "alice", "bob", "judy", "erin"}, _sams_job,
                      lambda w, u, p: actions.end_placement(u, p, end_date=timezone.localdate())),
    "close_vacancy": ({"erin", "judy"}, lambda w: None,
                      lambda w, u, _: actions.close_vacancy(u, w.v_a)),
}


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("case", CASES)
def test_every_persona_on_every_action(world: World, case: str, who: str) -> None:
    allowed, prepare, attempt = CASES[case]
    target = prepare(world)
    user = persona(world, who)
    before = _counts()
    if who in allowed:
        attempt(world, user, target)
        assert _counts() != before
    else:
        with pytest.raises(PermissionDenied):
            attempt(world, user, target)
        assert _counts() == before


def test_an_administrator_of_another_site_is_an_outsider(world: World) -> None:
    admin_b = UserFactory(username="admin_b", role=Role.ADMINISTRATOR)
    SiteMembershipFactory(user=admin_b, site=world.office_b.site)
    application = _sams_application(world)
    with pytest.raises(PermissionDenied):
        actions.transition_application(admin_b, application, "mark_seen")
    with pytest.raises(PermissionDenied):
        actions.apply_to_vacancy(admin_b, world.tess, world.v_a)
    assert not access.applications_for(admin_b).filter(pk=application.pk).exists()
    # On their own site they act as the site's administrator.
    theirs, created = actions.apply_to_vacancy(admin_b, world.seeker_b, world.v_b)
    assert created and access.applications_for(admin_b).get() == theirs


def test_a_vacancy_of_another_region_or_a_closed_one_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as elsewhere:
        actions.apply_to_vacancy(world.judy, world.sam, world.v_b)
    assert "vacancy" in elsewhere.value.message_dict
    Vacancy.objects.filter(pk=world.v_a.pk).update(filled=1)
    with pytest.raises(ValidationError) as full:
        actions.refer_to_vacancy(world.alice, world.sam, Vacancy.objects.get(pk=world.v_a.pk))
    assert "vacancy" in full.value.message_dict
    assert not Application.objects.exists()


def test_an_invitation_needs_consent_an_active_seeker_and_the_same_region(world: World) -> None:
    with pytest.raises(ValidationError) as no_consent:
        actions.invite_candidate(world.erin, world.sam, world.v_a)
    assert "seeker" in no_consent.value.message_dict
    _consent(world.sam)
    JobSeeker.objects.filter(pk=world.sam.pk).update(status=SeekerStatus.INACTIVE)
    with pytest.raises(ValidationError) as inactive:
        actions.invite_candidate(world.erin, JobSeeker.objects.get(pk=world.sam.pk), world.v_a)
    assert "seeker" in inactive.value.message_dict
    _consent(world.seeker_b)
    with pytest.raises(ValidationError) as elsewhere:
        actions.invite_candidate(world.erin, world.seeker_b, world.v_a)
    assert "vacancy" in elsewhere.value.message_dict
    assert not Application.objects.exists()


def _one_each(world: World) -> dict[str, Application]:
    neighbour = JobSeekerFactory(office=world.office_a2)
    return {
        "sam": actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)[0],
        "tess": actions.apply_to_vacancy(world.alice, world.tess, world.v_a)[0],
        "neighbour": actions.refer_to_vacancy(world.dana, neighbour, world.v_a)[0],
        "seeker_b": actions.refer_to_vacancy(world.charlie, world.seeker_b, world.v_b)[0],
    }


@pytest.mark.parametrize(("who", "sees"), [
    ("sam", {"sam"}), ("tess", {"tess"}), ("erin", {"sam", "tess", "neighbour"}),
    ("frank", set()), ("alice", {"sam", "tess"}), ("bob", {"sam", "tess"}),
    ("dana", {"neighbour"}), ("charlie", {"seeker_b"}), ("ivan", set()),
    ("judy", {"sam", "tess", "neighbour", "seeker_b"}),
])
def test_who_sees_which_application(world: World, who: str, sees: set[str]) -> None:
    applications = _one_each(world)
    user = persona(world, who)
    visible = set(access.applications_for(user).values_list("pk", flat=True))
    assert visible == {applications[name].pk for name in sees}
    for name, application in applications.items():
        if name in sees:
            assert access.access_application(user, application.pk) == application
        else:
            with pytest.raises(Http404):
                access.access_application(user, application.pk)
    with pytest.raises(Http404):
        access.access_application(user, 10**9)
    of_v_a = set(access.applications_of_vacancy(user, world.v_a.pk).values_list("pk", flat=True))
    assert of_v_a == {applications[n].pk for n in sees if n != "seeker_b"}
    of_sam = set(access.applications_of_seeker(user, world.sam.pk).values_list("pk", flat=True))
    assert of_sam == ({applications["sam"].pk} if "sam" in sees else set())


@pytest.mark.parametrize(("who", "sees"), [
    ("sam", True), ("tess", False), ("erin", False), ("frank", False), ("alice", True),
    ("bob", True), ("dana", False), ("charlie", False), ("ivan", False), ("judy", True),
])
def test_who_sees_a_persons_jobs_and_status_history(world: World, who: str, sees: bool) -> None:
    placement = _sams_job(world)
    user = persona(world, who)
    placements = list(access.placements_of_seeker(user, world.sam.pk))
    history = list(access.status_history_of_seeker(user, world.sam.pk))
    assert placements == ([placement] if sees else [])
    assert [(c.from_status, c.to_status) for c in history] == (
        [("active", "placed")] if sees else [])


def test_lists_make_the_same_queries_for_few_or_many_rows(world: World) -> None:
    def list_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            for application in access.applications_for(world.alice):
                str((application.seeker.full_name, application.seeker.office.name,
                     application.vacancy.title, application.vacancy.employer.name))
        return len(queries)

    application = _sams_application(world)
    few = list_page()
    for seeker in JobSeekerFactory.create_batch(4, office=world.office_a):
        actions.apply_to_vacancy(world.alice, seeker, world.v_a)
    assert list_page() == few == 1
    actions.transition_application(world.erin, application, "mark_seen")
    actions.transition_application(world.sam_user, application, "withdraw")
    with CaptureQueriesContext(connection) as queries:
        actors = [str(row.actor) for row in access.transition_log(application)]
    assert len(actors) == 3 and len(queries) == 1


def test_the_open_application_of_a_seeker_and_vacancy(world: World) -> None:
    assert access.open_application(world.sam, world.v_a) is None
    application = _sams_application(world)
    assert access.open_application(world.sam, world.v_a) == application
    actions.transition_application(world.erin, application, "refuse",
                                   reason=RefusalReason.DID_NOT_COME)
    assert access.open_application(world.sam, world.v_a) is None
    assert Application.objects.get(pk=application.pk).state == ApplicationState.REFUSED
