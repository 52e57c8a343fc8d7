"""Erasing the demo person with the most history leaves every figure of the site as
it was: the analyst's overview, exits from assistance, and every row the outcome
figures are computed from. The demo is loaded once for the module and rolled back."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from decentwork import clock
from decentwork.accounts.models import Role, User
from decentwork.agenda.models import Appointment
from decentwork.applications.models import Application, Placement
from decentwork.assistance.models import AssistanceSpell
from decentwork.casenotes.models import CaseNote
from decentwork.casework.models import Participation
from decentwork.demo.actions import DemoReport, load_demo
from decentwork.privacy.actions import erase_due, request_erasure
from decentwork.privacy.models import ErasureState
from decentwork.seekers.models import JobSeeker, StatusChange
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


def test_erasing_a_demo_person_changes_no_figure(demo: DemoReport) -> None:
    analyst, administrator = _login(demo, Role.ANALYST), _login(demo, Role.ADMINISTRATOR)
    person = _busiest_with_a_login()
    assert person.user is not None
    before = figures(analyst, administrator)
    request = request_erasure(person.user, person)
    with clock.travel_to(request.due_at):
        started = time.perf_counter()
        assert erase_due() == 1
        elapsed = time.perf_counter() - started
    print(f"erased demo seeker {person.pk} in {elapsed * 1000:.0f} ms")
    request.refresh_from_db()
    assert request.state == ErasureState.CARRIED_OUT
    assert figures(analyst, administrator) == before
    erased = JobSeeker.objects.get(pk=person.pk)
    assert erased.full_name == f"Erased person #{person.pk}"
    assert not Application.objects.filter(seeker=erased).exclude(message="").exists()

