"""Booking, the appointment's transition table, attendance, cancelling and reminders:
who may, what is refused (naming the field, writing nothing), what the person is told."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from decentwork import clock
from decentwork.agenda import access, actions
from decentwork.agenda.models import (
    Appointment,
    AppointmentState,
    AppointmentTransition,
    Channel,
)
from decentwork.agenda.workflow import LIFECYCLE, Party
from decentwork.audit.models import AuditEntry
from decentwork.inbox.models import Message
from tests.agenda.helpers import NOW, book
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _nothing_written() -> None:
    assert not Appointment.objects.exists()
    assert not AppointmentTransition.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="agenda.").exists()
    assert not Message.objects.filter(kind__startswith="agenda.").exists()


# Booking -----------------------------------------------------------------------------


def test_a_counsellor_books_and_the_person_is_told_the_day_time_channel_and_place(
        world: World) -> None:
    world.office_a.address = "Moda Caddesi 12"
    world.office_a.save(update_fields=["address"])
    appointment = book(world, duration_minutes=45, purpose="Prepare the interview")
    assert appointment.state == AppointmentState.BOOKED
    assert appointment.counsellor == world.alice
    assert appointment.office == world.office_a
    assert [(t.name, t.from_state, t.to_state) for t in appointment.transitions.all()] == [
        ("book", "", AppointmentState.BOOKED)]
    assert AuditEntry.objects.filter(action="agenda.book",
                                     target_id=str(appointment.pk)).count() == 1
    message = Message.objects.get(recipient=world.sam_user, kind="agenda.booked")
    assert "March 11, 2026" in message.subject
    assert "10:00" in message.body or "10 a.m." in message.body
    assert "Moda Caddesi 12" in message.body and "in person" in message.body
    assert "45 minutes" in message.body
    assert message.link == "/agenda/me/"


def test_the_notice_is_in_the_persons_language(world: World) -> None:
    world.sam_user.preferred_language = "fr"
    world.sam_user.save(update_fields=["preferred_language"])
    book(world, channel=Channel.PHONE)
    message = Message.objects.get(recipient=world.sam_user, kind="agenda.booked")
    assert "mars 2026" in message.subject


@pytest.mark.parametrize("name", ["alice", "bob", "judy"])
def test_staff_of_the_office_and_administrators_may_book(world: World, name: str) -> None:
    appointment = book(world, by=getattr(world, name))
    # An administrator books for the office without naming a counsellor.
    assert appointment.counsellor == (None if name == "judy" else getattr(world, name))


@pytest.mark.parametrize("name", ["sam_user", "dana", "charlie", "erin", "frank", "ivan"])
def test_others_may_not_book(world: World, name: str) -> None:
    with pytest.raises(PermissionDenied):
        book(world, by=getattr(world, name))
    _nothing_written()


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"starts_at": NOW - dt.timedelta(minutes=1)}, "starts_at"),
    ({"starts_at": NOW}, "starts_at"),
    ({"starts_at": NOW + dt.timedelta(days=400)}, "starts_at"),
    ({"duration_minutes": 4}, "duration_minutes"),
    ({"duration_minutes": 481}, "duration_minutes"),
    ({"channel": "pigeon"}, "channel"),
    ({"purpose": "x" * 2001}, "purpose"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
        world: World, kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        book(world, **kwargs)
    assert field in refused.value.message_dict
    _nothing_written()


def test_the_counsellor_named_must_work_at_the_persons_office(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        book(world, by=world.judy, counsellor=world.dana)
    assert "counsellor" in refused.value.message_dict
    _nothing_written()
    assert book(world, by=world.judy, counsellor=world.bob).counsellor == world.bob


def test_the_shortest_and_longest_durations_are_allowed(world: World) -> None:
    assert book(world, duration_minutes=5).duration_minutes == 5
    assert book(world, duration_minutes=480).ends_at == (
        NOW + dt.timedelta(days=1, hours=9))


# The transition table ----------------------------------------------------------------


def test_the_table_attend_no_show_and_cancel_only_from_booked() -> None:
    assert {name: (t.sources, t.target) for name, t in LIFECYCLE.transitions.items()} == {
        "attend": ((AppointmentState.BOOKED,), AppointmentState.ATTENDED),
        "no_show": ((AppointmentState.BOOKED,), AppointmentState.NO_SHOW),
        "cancel": ((AppointmentState.BOOKED,), AppointmentState.CANCELLED),
        "cancel_erased": ((AppointmentState.BOOKED,), AppointmentState.CANCELLED),
    }
    assert [t.name for t in LIFECYCLE.open_from(AppointmentState.BOOKED, [Party.PERSON])] == [
        "cancel"]
    assert [t.name for t in LIFECYCLE.open_from(AppointmentState.BOOKED,
                                                [Party.STAFF, Party.PERSON])] == [
        "attend", "no_show", "cancel"]
    assert [t.name for t in LIFECYCLE.open_from(AppointmentState.BOOKED, [Party.SYSTEM])] == [
        "cancel_erased"]
    for state in (AppointmentState.ATTENDED, AppointmentState.NO_SHOW,
                  AppointmentState.CANCELLED):
        assert LIFECYCLE.open_from(state) == []


@pytest.mark.parametrize(("attended", "state"), [(True, AppointmentState.ATTENDED),
                                                  (False, AppointmentState.NO_SHOW)])
def test_attendance_is_recorded_once_started_with_its_log_row(
        world: World, attended: bool, state: str) -> None:
    appointment = book(world)
    with clock.travel_to(appointment.starts_at + dt.timedelta(minutes=5)):
        actions.record_attendance(world.bob, appointment, attended=attended, note=" on time ")
    appointment.refresh_from_db()
    assert appointment.state == state
    last = appointment.transitions.order_by("at", "id").last()
    assert last is not None
    assert (last.from_state, last.to_state, last.actor, last.note) == (
        AppointmentState.BOOKED, state, world.bob, "on time")
    assert AuditEntry.objects.filter(target_id=str(appointment.pk),
                                     action=f"agenda.{last.name}").count() == 1


def test_attendance_before_the_start_is_refused_and_nothing_changes(world: World) -> None:
    appointment = book(world)
    with clock.travel_to(appointment.starts_at - dt.timedelta(minutes=1)), \
            pytest.raises(ValidationError) as refused:
        actions.record_attendance(world.alice, appointment, attended=True)
    assert "starts_at" in refused.value.message_dict
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.BOOKED
    assert appointment.transitions.count() == 1


@pytest.mark.parametrize("first", ["attend", "no_show", "cancel"])
@pytest.mark.parametrize("second", ["attend", "no_show", "cancel"])
def test_no_step_leaves_a_final_state(world: World, first: str, second: str) -> None:
    appointment = book(world)
    with clock.travel_to(appointment.starts_at + dt.timedelta(hours=1)):
        actions.change_appointment(world.alice, appointment, first)
        with pytest.raises(ValidationError) as refused:
            actions.change_appointment(world.alice, appointment, second)
    assert "state" in refused.value.message_dict
    assert appointment.transitions.count() == 2


def test_an_unknown_step_is_refused(world: World) -> None:
    appointment = book(world)
    with pytest.raises(ValidationError) as refused:
        actions.change_appointment(world.alice, appointment, "reschedule")
    assert "name" in refused.value.message_dict


def test_the_person_may_cancel_their_own_and_the_counsellor_is_told(world: World) -> None:
    appointment = book(world)
    with clock.travel_to(NOW):
        actions.cancel_appointment(world.sam_user, appointment, note="My child is ill")
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED
    assert appointment.transitions.last().note == "My child is ill"  # type: ignore[union-attr]
    assert Message.objects.filter(recipient=world.alice,
                                  kind="agenda.cancelled_by_person").count() == 1
    assert not Message.objects.filter(recipient=world.sam_user,
                                      kind="agenda.cancelled").exists()


def test_the_person_may_not_record_attendance(world: World) -> None:
    appointment = book(world)
    with clock.travel_to(appointment.starts_at + dt.timedelta(hours=1)), \
            pytest.raises(PermissionDenied):
        actions.record_attendance(world.sam_user, appointment, attended=True)


@pytest.mark.parametrize("name", ["tess_user", "dana", "charlie", "erin", "ivan"])
def test_others_may_not_cancel(world: World, name: str) -> None:
    appointment = book(world)
    actor = world.tess_user() if name == "tess_user" else getattr(world, name)
    with pytest.raises(PermissionDenied):
        actions.cancel_appointment(actor, appointment)
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.BOOKED


def test_a_cancellation_by_the_counsellor_tells_the_person(world: World) -> None:
    appointment = book(world)
    with clock.travel_to(NOW):
        actions.cancel_appointment(world.alice, appointment)
    message = Message.objects.get(recipient=world.sam_user, kind="agenda.cancelled")
    assert "March 11, 2026" in message.subject


# Reminders ---------------------------------------------------------------------------


def test_reminders_go_once_and_only_within_24_hours(
        world: World, mailoutbox: list[mail.EmailMessage],
        django_capture_on_commit_callbacks: Any) -> None:
    world.sam_user.email = "sam@example.org"
    world.sam_user.save(update_fields=["email"])
    soon = book(world, starts_at=NOW + dt.timedelta(hours=30))
    later = book(world, starts_at=NOW + dt.timedelta(days=3))
    cancelled = book(world, starts_at=NOW + dt.timedelta(hours=26))
    with clock.travel_to(NOW):
        actions.cancel_appointment(world.alice, cancelled)
    mailoutbox.clear()
    with clock.travel_to(NOW), django_capture_on_commit_callbacks(execute=True):
        assert actions.send_appointment_reminders() == 0  # 30 hours ahead: not yet
    with clock.travel_to(NOW + dt.timedelta(hours=7)), \
            django_capture_on_commit_callbacks(execute=True):
        assert actions.send_appointment_reminders() == 1
        assert actions.send_appointment_reminders() == 0  # once only
    assert actions.send_appointment_reminders(now=NOW + dt.timedelta(hours=8)) == 0
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.reminded_at == NOW + dt.timedelta(hours=7)
    assert later.reminded_at is None
    reminders = Message.objects.filter(recipient=world.sam_user, kind="agenda.reminder")
    assert reminders.count() == 1
    assert [m.to for m in mailoutbox] == [["sam@example.org"]]
    assert mailoutbox[0].subject.startswith("Reminder")
    # The one starting in three days is reminded the day before.
    assert actions.send_appointment_reminders(now=NOW + dt.timedelta(days=2, hours=1)) == 1


def test_an_appointment_already_started_is_not_reminded(world: World) -> None:
    appointment = book(world)
    assert actions.send_appointment_reminders(now=appointment.starts_at) == 0
    assert actions.send_appointment_reminders(
        now=appointment.starts_at - dt.timedelta(hours=24)) == 1


def test_a_person_without_a_login_gets_no_reminder_yet(world: World) -> None:
    appointment = book(world, world.tess)
    assert actions.send_appointment_reminders(now=NOW + dt.timedelta(hours=2)) == 0
    world.tess_user()
    assert actions.send_appointment_reminders(now=NOW + dt.timedelta(hours=3)) == 1
    appointment.refresh_from_db()
    assert appointment.reminded_at == NOW + dt.timedelta(hours=3)


# Reads -------------------------------------------------------------------------------


def test_appointments_on_a_local_day_and_last_attended(world: World, settings: Any) -> None:
    settings.TIME_ZONE = "Europe/Istanbul"  # UTC+3
    late = book(world, starts_at=dt.datetime(2026, 3, 11, 22, 30, tzinfo=dt.UTC))  # 12th, 01:30
    early = book(world, starts_at=dt.datetime(2026, 3, 11, 6, 0, tzinfo=dt.UTC))
    with translation.override("en"):
        assert list(access.appointments_on(world.alice, dt.date(2026, 3, 11))) == [early]
        assert list(access.appointments_on(world.alice, dt.date(2026, 3, 12))) == [late]
        assert list(access.appointments_on(world.dana, dt.date(2026, 3, 11))) == []
        assert list(access.appointments_on(world.judy, dt.date(2026, 3, 11),
                                           office_id=world.office_a2.pk)) == []
    with clock.travel_to(late.starts_at + dt.timedelta(minutes=10)):
        actions.record_attendance(world.alice, late, attended=True)
        actions.record_attendance(world.alice, early, attended=False)
    assert access.last_attended([world.sam.pk, world.tess.pk]) == {world.sam.pk: late.starts_at}


def test_who_sees_which_appointments(world: World) -> None:
    sams = book(world)
    tess = book(world, world.tess)
    assert set(access.appointments_for(world.alice)) == {sams, tess}
    assert set(access.appointments_for(world.judy)) == {sams, tess}
    assert list(access.appointments_for(world.sam_user)) == [sams]
    assert list(access.appointments_for(world.tess_user())) == [tess]
    for name in ("dana", "charlie", "erin", "frank", "ivan"):
        assert list(access.appointments_for(getattr(world, name))) == []
    with clock.travel_to(NOW):
        assert list(access.upcoming_appointments_of_seeker(world.sam_user, world.sam)) == [sams]
        assert list(access.upcoming_appointments_of_seeker(world.sam_user, world.tess)) == []
