"""The loaded demo: the city, its year of history made through the actions, and what
the printed logins find on their pages.

A full load takes a while, so the demo is loaded once for this module and rolled
back at its end; each test runs in its own savepoint inside it. Loading twice with
the same seed is tested in ``test_demo_same_seed.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.utils import timezone

from decentwork.accounts.models import Role, User
from decentwork.applications.actions import CREATE
from decentwork.applications.models import (
    Application,
    ApplicationState,
    ApplicationTransition,
    Placement,
    RefusalReason,
)
from decentwork.controlled_lists import TargetGroup
from decentwork.demo.actions import (
    DEMO_PASSWORD,
    PAST_VACANCIES,
    VACANCIES,
    DemoReport,
    load_demo,
)
from decentwork.demo.history import HISTORY_DAYS
from decentwork.employers.models import Vacancy
from decentwork.inbox.models import Message
from decentwork.network.models import Office
from decentwork.recommendations.models import Recommendation
from decentwork.seekers.models import Consent, JobSeeker, SeekerStatus, StatusChange
from decentwork.taxonomy.models import Concept, Label

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoReport]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo(progress=False, say=lambda _: None)
        transaction.set_rollback(True)


def _logins(report: DemoReport, role: Role) -> list[User]:
    usernames = [username for label, username, _ in report.logins if label == str(role.label)]
    assert usernames, role
    return list(User.objects.filter(username__in=usernames).order_by("username"))


def _signed_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=DEMO_PASSWORD), user.username
    return client


# The city -----------------------------------------------------------------------------


def test_demo_has_the_promised_city_and_taxonomy(demo: DemoReport) -> None:
    assert demo.counts["sites"] == 2 and demo.counts["offices"] == 4
    assert demo.counts["job_seekers"] == 500
    assert demo.counts["employers"] == 60
    assert demo.counts["vacancies"] == VACANCIES + PAST_VACANCIES
    assert demo.counts["occupations"] >= 90 and demo.counts["skills"] >= 250
    languages = set(Label.objects.values_list("language", flat=True))
    assert {"en", "zh", "tr", "nl", "ar", "id"} <= languages
    assert Concept.objects.filter(kind="isco_group").exists()


def test_every_target_group_is_present_and_consented(demo: DemoReport) -> None:
    declared: Counter[str] = Counter()
    consented: dict[int, set[str]] = {}
    for seeker_id, scope in Consent.objects.filter(withdrawn_at__isnull=True).values_list(
            "seeker_id", "scope"):
        consented.setdefault(seeker_id, set()).add(scope)
    for seeker in JobSeeker.objects.all():
        groups = seeker.sensitive["target_groups"]
        declared.update(groups)
        assert set(groups) <= consented.get(seeker.pk, set())
    assert set(declared) == set(TargetGroup.values)


def test_sensitive_attributes_are_encrypted_in_the_database(demo: DemoReport) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sensitive FROM seekers_jobseeker")
        raw = [row[0] for row in cursor.fetchall()]
    assert raw and all("target_groups" not in value and "refugee" not in value for value in raw)


def test_printed_logins_work_for_every_role(demo: DemoReport) -> None:
    roles = {role for role, _, _ in demo.logins}
    assert len(roles) == 6
    for _, username, _ in demo.logins:
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert client.get("/", follow=True).status_code == 200


def test_loading_twice_is_refused_or_skipped(demo: DemoReport, settings: Any) -> None:
    settings.DEBUG = True
    with pytest.raises(CommandError, match="already loaded"):
        call_command("load_demo")
    call_command("load_demo", "--if-empty")  # the demo command's re-run: succeeds, adds nothing
    assert JobSeeker.objects.count() == 500
    assert Application.objects.count() == demo.counts["applications"]


# The year of history -------------------------------------------------------------------


def test_applications_reach_every_state_and_refusals_give_every_reason(demo: DemoReport) -> None:
    states = Counter(Application.objects.values_list("state", flat=True))
    assert set(states) == set(ApplicationState.values), states
    refused = Application.objects.filter(state=ApplicationState.REFUSED)
    reasons = Counter(refused.values_list("refusal_reason", flat=True))
    assert set(reasons) == set(RefusalReason.values), reasons
    # Missing skills are the most common reason, as in a real service.
    assert reasons.most_common(1)[0][0] == RefusalReason.SKILLS_MISSING
    assert not refused.filter(refusal_reason=RefusalReason.OTHER, refusal_text="").exists()
    # The platform's own share of hires is a few per cent of applications.
    assert 0.02 <= states[ApplicationState.ACCEPTED] / sum(states.values()) <= 0.15


def test_the_history_was_written_by_the_actions_in_date_order(demo: DemoReport) -> None:
    """Every application has its log from "create" to its state, in time order, within
    the year before the load day; employers' invitations went to consenting people."""
    today = timezone.localdate()
    logs: dict[int, list[tuple[str, str, dt.datetime]]] = {}
    for application_id, name, to_state, at in ApplicationTransition.objects.order_by(
            "application_id", "id").values_list("application_id", "name", "to_state", "at"):
        logs.setdefault(application_id, []).append((name, to_state, at))
    applications = list(Application.objects.values_list("pk", "state", "created_at"))
    assert len(applications) == demo.counts["applications"] > 400
    for pk, state, created_at in applications:
        log = logs[pk]
        assert log[0][0] == CREATE and log[0][2] == created_at
        assert log[-1][1] == state
        times = [at for _, _, at in log]
        assert times == sorted(times)
        assert today - dt.timedelta(days=HISTORY_DAYS) <= times[0].date() < today
    origins = Counter(Application.objects.values_list("origin", flat=True))
    assert len(origins) == 3, origins


def test_placements_through_the_platform_and_outside_some_informal(demo: DemoReport) -> None:
    kinds = Counter(Placement.objects.values_list("through_platform", "formal"))
    assert set(kinds) == {(True, True), (True, False), (False, True), (False, False)}, kinds
    assert kinds[(True, True)] > kinds[(True, False)]  # most hires are formal
    outside = Placement.objects.filter(through_platform=False)
    assert not outside.filter(employer_name="").exists()
    assert Placement.objects.filter(end_date__isnull=False).exists()  # some jobs ended
    hired = Placement.objects.filter(through_platform=True)
    assert hired.count() == Application.objects.filter(state=ApplicationState.ACCEPTED).count()
    assert not hired.filter(application__isnull=True).exists()


def test_being_in_work_comes_from_placements_with_status_history(demo: DemoReport) -> None:
    placed = JobSeeker.objects.filter(status=SeekerStatus.PLACED)
    assert 0.10 <= placed.count() / 500 <= 0.20, placed.count()
    assert not JobSeeker.objects.filter(status=SeekerStatus.INACTIVE).exists()
    for seeker in placed:
        assert seeker.placements.filter(end_date__isnull=True).exists(), seeker.pk
        last = StatusChange.objects.filter(seeker=seeker).order_by("at", "id").last()
        assert last is not None and last.to_status == SeekerStatus.PLACED, seeker.pk
    # And the other way round: whoever's last change was back to work-seeking is active.
    for seeker in JobSeeker.objects.filter(status=SeekerStatus.ACTIVE,
                                           status_changes__isnull=False).distinct():
        last = StatusChange.objects.filter(seeker=seeker).order_by("at", "id").last()
        assert last is not None and last.to_status == SeekerStatus.ACTIVE, seeker.pk
        assert not seeker.placements.filter(end_date__isnull=True).exists()


def test_filled_openings_are_the_hires_through_the_platform(demo: DemoReport) -> None:
    vacancies = Vacancy.objects.annotate(
        hires=Count("placements", filter=Q(placements__through_platform=True)))
    assert any(vacancy.filled for vacancy in vacancies)
    for vacancy in vacancies:
        assert vacancy.filled == vacancy.hires, vacancy.pk


def test_open_vacancies_stay_for_the_recommendations(demo: DemoReport) -> None:
    today = timezone.localdate()
    assert sum(vacancy.is_open(today) for vacancy in Vacancy.objects.all()) == VACANCIES
    assert demo.counts["open_vacancies"] == VACANCIES
    for office in Office.objects.all():
        assert Recommendation.objects.filter(seeker__office__region=office.region).exists()


def test_no_notice_was_emailed(demo: DemoReport) -> None:
    """The demo's accounts have no email address: a year of notices stays in the inbox."""
    assert not User.objects.exclude(email="").exists()
    assert Message.objects.count() > 0
    assert not Message.objects.filter(emailed_at__isnull=False).exists()


# What the printed logins see -------------------------------------------------------------


def test_each_demo_seeker_has_a_story_on_their_pages(demo: DemoReport) -> None:
    listed = {username for _, username, _ in demo.logins}
    for user in _logins(demo, Role.JOB_SEEKER):
        seeker = user.job_seeker
        states = set(seeker.applications.values_list("state", flat=True))
        assert {ApplicationState.ACCEPTED, ApplicationState.INTERVIEW,
                ApplicationState.REFUSED, ApplicationState.NEW} <= states, (user.username, states)
        assert seeker.status == SeekerStatus.ACTIVE  # looking again: the loop can be walked
        assert seeker.placements.filter(end_date__isnull=False).exists()
        assert list(seeker.status_changes.order_by("at").values_list("to_status", flat=True)
                    ) == [SeekerStatus.PLACED, SeekerStatus.ACTIVE]
        messages = Message.objects.filter(recipient=user)
        assert messages.count() >= 4
        assert messages.filter(read_at__isnull=True).exists()
        assert messages.filter(read_at__isnull=False).exists()
        client = _signed_in(user)
        interview = seeker.applications.get(state=ApplicationState.INTERVIEW,
                                             created_by=user, created_at__gte=timezone.now()
                                             - dt.timedelta(days=7))
        page = client.get("/applications/")
        assert page.status_code == 200
        assert interview.vacancy.title in page.content.decode()
        # The employer who will interview them is a printed login: the loop can go on.
        assert User.objects.filter(employer_membership__employer=interview.vacancy.employer_id,
                                   username__in=listed).exists()
        inbox = client.get("/inbox/")
        assert inbox.status_code == 200
        assert messages.order_by("-created_at").first().subject in inbox.content.decode()


def test_each_demo_employer_has_applications_in_several_states(demo: DemoReport) -> None:
    # Every employer, since which ones are printed depends on the recommendations.
    states: dict[int, set[str]] = {}
    for employer_id, state in Application.objects.values_list("vacancy__employer_id", "state"):
        states.setdefault(employer_id, set()).add(state)
    assert len(states) == demo.counts["employers"]
    assert all(len(seen) >= 2 for seen in states.values()), states
    for user in _logins(demo, Role.EMPLOYER):
        employer_id = user.employer_membership.employer_id
        vacancy = (Vacancy.objects.filter(employer_id=employer_id)
                   .annotate(received=Count("applications")).order_by("-received", "pk")[0])
        assert vacancy.received > 0
        page = _signed_in(user).get(f"/applications/vacancy/{vacancy.pk}/")
        assert page.status_code == 200
        assert vacancy.title in page.content.decode()
        assert Message.objects.filter(recipient=user).exists()


def test_every_office_has_applications_placements_and_status_history(demo: DemoReport) -> None:
    for office in Office.objects.all():
        assert Application.objects.filter(seeker__office=office).count() >= 50, office.slug
        assert Placement.objects.filter(seeker__office=office).count() >= 5, office.slug
        assert StatusChange.objects.filter(seeker__office=office).count() >= 5, office.slug
    for user in _logins(demo, Role.COUNSELLOR):
        office = user.staff_membership.office
        seeker = (JobSeeker.objects.filter(office=office, placements__isnull=False)
                  .order_by("pk").first())
        assert seeker is not None
        page = _signed_in(user).get(f"/applications/seeker/{seeker.pk}/")
        assert page.status_code == 200
