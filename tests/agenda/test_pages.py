"""The agenda pages for every persona: the office's staff and administrators see and
book, the person sees and cancels their own, everyone else gets the same 404 (or a
403 for a step that is not theirs); errors name the field and write nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decentwork import clock
from decentwork.agenda.models import Appointment, AppointmentState, Channel
from decentwork.inbox.models import Message
from tests.agenda.helpers import NOW, book
from tests.conftest import World

pytestmark = pytest.mark.django_db

STAFF = ["alice", "bob", "judy"]
OUTSIDERS = ["dana", "charlie", "erin", "frank", "ivan"]


def client_of(world: World, name: str) -> Client:
    return world.client_for(world.persona(name))


def text(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture(autouse=True)
def standing_clock() -> Any:
    with clock.travel_to(NOW):
        yield


# The agenda --------------------------------------------------------------------------


@pytest.mark.parametrize("name", STAFF)
def test_the_agenda_shows_the_day_and_the_coming_week(world: World, name: str) -> None:
    today = book(world, starts_at=NOW + dt.timedelta(hours=2), purpose="Review the plan")
    coming = book(world, world.tess, starts_at=NOW + dt.timedelta(days=3))
    later = book(world, starts_at=NOW + dt.timedelta(days=9))
    response = client_of(world, name).get(reverse("agenda:agenda"))
    assert response.status_code == 200
    page = text(response)
    assert "Review the plan" in page and "Sam" in page and "Tess" in page
    body = response.content.decode()
    assert reverse("agenda:detail", args=[today.pk]) in body
    assert reverse("agenda:detail", args=[coming.pk]) in body
    assert reverse("agenda:detail", args=[later.pk]) not in body
    assert "?day=2026-03-09" in body and "?day=2026-03-11" in body


def test_another_day_and_the_office_filter(world: World) -> None:
    appointment = book(world, starts_at=NOW + dt.timedelta(days=12))
    url = reverse("agenda:agenda")
    body = client_of(world, "alice").get(url, {"day": "2026-03-22"}).content.decode()
    assert reverse("agenda:detail", args=[appointment.pk]) in body
    judy = client_of(world, "judy")
    assert reverse("agenda:detail", args=[appointment.pk]) in judy.get(
        url, {"day": "2026-03-22", "office": world.office_a.pk}).content.decode()
    assert reverse("agenda:detail", args=[appointment.pk]) not in judy.get(
        url, {"day": "2026-03-22", "office": world.office_a2.pk}).content.decode()
    # A day that is no day shows today.
    assert client_of(world, "alice").get(url, {"day": "soon"}).status_code == 200


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_see_no_appointment_of_the_office(world: World, name: str) -> None:
    appointment = book(world)
    response = client_of(world, name).get(reverse("agenda:agenda"),
                                          {"day": "2026-03-11"})
    if name in {"dana", "charlie"}:  # their own office's agenda, without Sam's
        assert response.status_code == 200
        assert reverse("agenda:detail", args=[appointment.pk]) not in response.content.decode()
    else:
        assert response.status_code == 404


def test_a_person_is_sent_to_their_own_appointments(world: World) -> None:
    response = client_of(world, "sam_user").get(reverse("agenda:agenda"))
    assert response.status_code == 302 and response["Location"] == reverse("agenda:mine")


# A person's appointments, and booking ------------------------------------------------


@pytest.mark.parametrize("name", STAFF)
def test_staff_see_a_persons_appointments_and_book(world: World, name: str) -> None:
    past = book(world, starts_at=NOW + dt.timedelta(hours=1))
    with clock.travel_to(NOW + dt.timedelta(hours=2)):
        client = client_of(world, name)
        response = client.get(reverse("agenda:seeker", args=[world.sam.pk]))
        assert response.status_code == 200
        assert reverse("agenda:detail", args=[past.pk]) in response.content.decode()
        response = client.post(reverse("agenda:seeker", args=[world.sam.pk]), {
            "day": "2026-03-12", "time": "14:30", "duration_minutes": "60",
            "channel": Channel.VIDEO, "purpose": "Coaching"})
    booked = Appointment.objects.exclude(pk=past.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agenda:detail", args=[booked.pk])
    assert (booked.starts_at, booked.duration_minutes, booked.channel, booked.purpose) == (
        dt.datetime(2026, 3, 12, 14, 30, tzinfo=dt.UTC), 60, Channel.VIDEO, "Coaching")


@pytest.mark.parametrize("name", [*OUTSIDERS, "sam_user", "tess_user"])
def test_nobody_else_sees_or_books(world: World, name: str) -> None:
    url = reverse("agenda:seeker", args=[world.sam.pk])
    client = client_of(world, name)
    assert client.get(url).status_code == 404
    assert client.post(url, {"day": "2026-03-12", "time": "14:30", "duration_minutes": "30",
                             "channel": Channel.PHONE}).status_code == 404
    assert not Appointment.objects.exists()


def test_a_time_in_the_past_is_refused_on_the_day_and_nothing_is_written(
        world: World) -> None:
    response = client_of(world, "alice").post(reverse("agenda:seeker", args=[world.sam.pk]), {
        "day": "2026-03-10", "time": "08:00", "duration_minutes": "30",
        "channel": Channel.IN_PERSON})
    assert response.status_code == 200
    assert "later than now" in text(response)
    assert 'id="id_day-error"' in response.content.decode()
    assert not Appointment.objects.exists()
    assert not Message.objects.exists()


def test_a_duration_out_of_range_is_refused(world: World) -> None:
    response = client_of(world, "alice").post(reverse("agenda:seeker", args=[world.sam.pk]), {
        "day": "2026-03-12", "time": "10:00", "duration_minutes": "600",
        "channel": Channel.IN_PERSON})
    assert response.status_code == 200
    assert 'id="id_duration_minutes-error"' in response.content.decode()
    assert not Appointment.objects.exists()


# One appointment ---------------------------------------------------------------------


@pytest.mark.parametrize("name", STAFF)
def test_staff_record_attendance_once_it_has_started(world: World, name: str) -> None:
    appointment = book(world)
    url = reverse("agenda:detail", args=[appointment.pk])
    client = client_of(world, name)
    before = client.get(url).content.decode()
    assert 'value="cancel"' in before and 'value="attend"' not in before
    with clock.travel_to(appointment.starts_at + dt.timedelta(minutes=10)):
        page = client.get(url).content.decode()
        assert 'value="attend"' in page and 'value="no_show"' in page
        response = client.post(url, {"step": "no_show", "note": "No answer by phone"})
    assert response.status_code == 302 and response["Location"] == url
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.NO_SHOW
    assert "No answer by phone" in text(client.get(url))


def test_attendance_posted_before_the_start_is_refused(world: World) -> None:
    appointment = book(world)
    response = client_of(world, "alice").post(
        reverse("agenda:detail", args=[appointment.pk]), {"step": "attend"})
    assert response.status_code == 200  # not a step open now: the form says so
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.BOOKED


def test_the_person_sees_and_cancels_their_own(world: World) -> None:
    appointment = book(world)
    url = reverse("agenda:detail", args=[appointment.pk])
    client = client_of(world, "sam_user")
    page = client.get(url).content.decode()
    assert 'value="attend"' not in page and 'name="step"' in page
    assert client.post(url, {"step": "attend"}).status_code == 200
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.BOOKED
    response = client.post(url, {"step": "cancel", "note": "I start a job that day"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED
    assert Message.objects.filter(recipient=world.alice,
                                  kind="agenda.cancelled_by_person").exists()


def test_a_step_on_a_finished_appointment_is_refused(world: World) -> None:
    appointment = book(world)
    client = client_of(world, "sam_user")
    url = reverse("agenda:detail", args=[appointment.pk])
    client.post(url, {"step": "cancel"})
    assert client.post(url, {"step": "cancel"}).status_code == 403


@pytest.mark.parametrize("name", [*OUTSIDERS, "tess_user"])
def test_an_appointment_is_not_found_by_others(world: World, name: str) -> None:
    appointment = book(world)
    url = reverse("agenda:detail", args=[appointment.pk])
    client = client_of(world, name)
    assert client.get(url).status_code == 404
    assert client.post(url, {"step": "cancel"}).status_code == 404
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.BOOKED


# The person's own --------------------------------------------------------------------


def test_my_appointments_shows_only_my_upcoming_ones(world: World) -> None:
    mine = book(world, purpose="Sam's review")
    tess = book(world, world.tess, purpose="Tess's review")
    response = client_of(world, "sam_user").get(reverse("agenda:mine"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("agenda:detail", args=[mine.pk]) in body
    assert reverse("agenda:detail", args=[tess.pk]) not in body
    world.tess_user()
    body = client_of(world, "tess_user").get(reverse("agenda:mine")).content.decode()
    assert reverse("agenda:detail", args=[mine.pk]) not in body
    assert "Tess&#x27;s review" in body or "Tess's review" in body


@pytest.mark.parametrize("name", [*OUTSIDERS, *STAFF])
def test_my_appointments_is_for_job_seekers_only(world: World, name: str) -> None:
    assert client_of(world, name).get(reverse("agenda:mine")).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(world: World) -> None:
    appointment = book(world)
    for url in (reverse("agenda:agenda"), reverse("agenda:mine"),
                reverse("agenda:seeker", args=[world.sam.pk]),
                reverse("agenda:detail", args=[appointment.pk])):
        assert Client().get(url).status_code == 302


def test_the_pages_speak_arabic_right_to_left(world: World) -> None:
    book(world)
    client = client_of(world, "alice")
    client.cookies["django_language"] = "ar"
    response = client.get(reverse("agenda:seeker", args=[world.sam.pk]))
    assert 'dir="rtl"' in response.content.decode()


def test_the_agenda_makes_as_many_queries_for_many_appointments_as_for_one(
        world: World) -> None:
    client = client_of(world, "alice")
    url = reverse("agenda:agenda")
    book(world, starts_at=NOW + dt.timedelta(hours=2))
    book(world, starts_at=NOW + dt.timedelta(days=2))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for hours in (3, 4, 5):
        book(world, world.tess, starts_at=NOW + dt.timedelta(hours=hours))
        book(world, world.tess, starts_at=NOW + dt.timedelta(days=2, hours=hours))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
