"""Erasing the demo person with the most history leaves every figure of the site as
it was, but for closing what they had open (real events, counted): the analyst's
overview, exits from assistance, and every row the outcome figures are computed
from. The demo is loaded once for the module and rolled back."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from django.db import transaction

from decentwork import clock
from decentwork.accounts.models import Role, User
from decentwork.agenda.models import Appointment, AppointmentState
from decentwork.applications.models import OPEN_STATES, Application, Placement
from decentwork.assistance.models import AssistanceSpell
from decentwork.casenotes.models import CaseNote
from decentwork.casework.models import Participation
from decentwork.demo.actions import DemoReport, load_demo
from decentwork.privacy.actions import erase_due, request_erasure
from decentwork.privacy.models import ErasureState
from decentwork.seekers.models import JobSeeker, SeekerStatus, StatusChange
from tests.privacy.conftest import figures

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoReport]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo(progress=False, say=lambda _: None)
        transaction.set_rollback(True)


def _login(report: DemoReport, role: Role) -> User:
    username = next(name for label, name, _ in report.logins if label == str(role.label))
    return User.objects.get(username=username)


def _busiest_with_a_login() -> JobSeeker:
    history: Counter[int] = Counter()
    for model in (Application, Placement, Appointment, CaseNote, Participation,
                  AssistanceSpell, StatusChange):
        history.update(model._default_manager.values_list("seeker_id", flat=True))
    with_login = set(JobSeeker.objects.filter(user__isnull=False).values_list("pk", flat=True))
    seeker_id = next(pk for pk, _ in history.most_common() if pk in with_login)
    return JobSeeker.objects.select_related("user").get(pk=seeker_id)


def _after_closing(before: dict[str, Any], person: JobSeeker) -> dict[str, Any]:
    """The figures once the erasure has closed what the person had open: those real
    events are counted (a stop looking for work, withdrawn applications, cancelled
    appointments, each with its log row); nothing else moves."""
    stops = person.status == SeekerStatus.ACTIVE
    open_now = Counter(Application.objects.filter(seeker=person, state__in=OPEN_STATES)
                       .values_list("state", flat=True))
    withdrawn = sum(open_now.values())
    cancelled = Appointment.objects.filter(seeker=person, state=AppointmentState.BOOKED,
                                           starts_at__gt=clock.now()).count()

    def moved(label: str, changes: dict[str, int]) -> list[tuple[str, int]]:
        counts = Counter(dict(before[label]))
        counts.update(changes)
        return sorted((state, n) for state, n in counts.items() if n)

    expected = {
        **before,
        "seekers.JobSeeker": moved("seekers.JobSeeker", {"active": -stops, "inactive": stops}),
        "seekers.StatusChange": moved("seekers.StatusChange", {"stopped_looking": stops}),
        "applications.Application": moved("applications.Application", {
            "withdrawn": withdrawn, **{state: -n for state, n in open_now.items()}}),
        "applications.ApplicationTransition": moved("applications.ApplicationTransition",
                                                    {"withdrawn": withdrawn}),
        "agenda.Appointment": moved("agenda.Appointment",
                                    {"booked": -cancelled, "cancelled": cancelled}),
        "agenda.AppointmentTransition": moved("agenda.AppointmentTransition",
                                              {"cancelled": cancelled}),
    }
    if stops:
        office = person.office.name
        expected["overview"] = [
            replace(row, active_seekers=row.active_seekers - 1) if row.office == office else row
            for row in before["overview"]]
    return expected


def test_erasing_a_demo_person_changes_no_figure(demo: DemoReport) -> None:
    analyst, administrator = _login(demo, Role.ANALYST), _login(demo, Role.ADMINISTRATOR)
    person = _busiest_with_a_login()
    assert person.user is not None
    before = figures(analyst, administrator)
    request = request_erasure(person.user, person)
    with clock.travel_to(request.due_at):
        expected = _after_closing(before, person)
        started = time.perf_counter()
        assert erase_due() == 1
        elapsed = time.perf_counter() - started
    print(f"erased demo seeker {person.pk} in {elapsed * 1000:.0f} ms")
    request.refresh_from_db()
    assert request.state == ErasureState.CARRIED_OUT
    assert figures(analyst, administrator) == expected
    erased = JobSeeker.objects.get(pk=person.pk)
    assert erased.full_name == f"Erased person #{person.pk}"
    assert not Application.objects.filter(seeker=erased).exclude(message="").exists()

