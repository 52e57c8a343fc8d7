"""Carrying out an erasure also closes what the person had open: they stop looking
for work (unless in work), their open applications are withdrawn and their booked
appointments to come are cancelled, each with its log row, so the erased person
leaves the caseload and the counsellor's day lists."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from decentwork import clock
from decentwork.agenda.actions import book_appointment
from decentwork.agenda.models import AppointmentState, AppointmentTransition, Channel
from decentwork.applications.actions import apply_to_vacancy, record_outside_placement
from decentwork.applications.models import ApplicationState, ApplicationTransition
from decentwork.casework.access import DayFilter, counsellor_day
from decentwork.controlled_lists import ContractType, Hours
from decentwork.inbox.models import Message
from decentwork.privacy.actions import erase_due, request_erasure
from decentwork.seekers.access import caseload_for
from decentwork.seekers.models import JobSeeker, SeekerStatus, StatusChange, StatusChangeReason
from tests.conftest import World


def _listed(day: object) -> set[int]:
    """Every person the counsellor's day shows as something to do: a booked
    appointment, no contact for long, waiting longest. (The day's agenda also shows
    its cancelled appointments, as it does for any cancellation.)"""
    assert hasattr(day, "appointments")
    return ({a.seeker_id for a in day.appointments.items
             if a.state == AppointmentState.BOOKED}
            | {p.seeker.pk for p in day.no_contact.items}
            | {p.seeker.pk for p in day.waiting_longest.items})


def test_the_erased_person_leaves_the_caseload_with_nothing_left_open(world: World) -> None:
    sam = world.sam
    application, _created = apply_to_vacancy(world.sam_user, sam, world.v_a)
    request = request_erasure(world.sam_user, sam)
    moment = request.due_at + dt.timedelta(minutes=1)
    with clock.travel_to(moment):
        appointment = book_appointment(world.alice, sam, channel=Channel.PHONE,
                                       starts_at=moment + dt.timedelta(hours=1))
        day = timezone.localdate(appointment.starts_at)
        assert sam in caseload_for(world.alice)
        assert sam.pk in _listed(counsellor_day(world.alice, day, DayFilter()))

        assert erase_due() == 1

        assert sam not in caseload_for(world.alice)
        assert sam.pk not in _listed(counsellor_day(world.alice, day, DayFilter()))
    erased = JobSeeker.objects.get(pk=sam.pk)
    assert erased.status == SeekerStatus.INACTIVE
    change = StatusChange.objects.get(seeker=sam)
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        SeekerStatus.ACTIVE, SeekerStatus.INACTIVE, StatusChangeReason.STOPPED_LOOKING, None)

    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    withdrawn = ApplicationTransition.objects.get(application=application,
                                                  to_state=ApplicationState.WITHDRAWN)
    assert withdrawn.name == "withdraw_erased" and withdrawn.actor is None
    # The employer is told, under the stand-in: nothing names the person.
    notice = Message.objects.get(recipient=world.erin, kind="applications.withdrawn")
    assert f"Erased person #{sam.pk}" in notice.subject and "Sam" not in notice.body

    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED
    cancelled = AppointmentTransition.objects.get(appointment=appointment,
                                                  to_state=AppointmentState.CANCELLED)
    assert cancelled.name == "cancel_erased" and cancelled.actor is None


def test_a_person_in_work_stays_in_work(world: World) -> None:
    tess_user = world.tess_user()
    record_outside_placement(
        world.alice, world.tess, employer_name="Bakery", job_title="Baker",
        start_date=clock.today() - dt.timedelta(days=30), contract_type=ContractType.PERMANENT,
        hours=Hours.FULL_TIME, formal=True)
    request = request_erasure(tess_user, world.tess)
    with clock.travel_to(request.due_at):
        assert erase_due() == 1
    assert JobSeeker.objects.get(pk=world.tess.pk).status == SeekerStatus.PLACED
    assert list(StatusChange.objects.filter(seeker=world.tess).values_list("reason", flat=True)
                ) == [StatusChangeReason.PLACED]
