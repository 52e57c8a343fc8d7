"""The agenda API, persona by persona: the same readers and writers as the pages,
404 for what is not the reader's, 403 for a step that is not theirs, 422 naming
the field with nothing written."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from decentwork import clock
from decentwork.agenda.models import Appointment, AppointmentState, Channel
from tests.agenda.helpers import NOW, book
from tests.conftest import World

pytestmark = pytest.mark.django_db

STAFF = ["alice", "bob", "judy"]
OUTSIDERS = ["dana", "charlie", "erin", "frank", "ivan"]


@pytest.fixture(autouse=True)
def standing_clock() -> Any:
    with clock.travel_to(NOW):
        yield


def client_of(world: World, name: str) -> Client:
    return world.client_for(world.persona(name))


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _booking(**overrides: Any) -> dict[str, Any]:
    return {"starts_at": "2026-03-12T14:30:00+00:00", "channel": Channel.PHONE,
            "duration_minutes": 20, "purpose": "Check the CV", **overrides}


@pytest.mark.parametrize("name", [*STAFF, "sam_user"])
def test_the_days_agenda(world: World, name: str) -> None:
    sams = book(world)
    tess = book(world, world.tess)
    response = client_of(world, name).get("/api/appointments", {"day": "2026-03-11"})
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()}
    assert ids == ({sams.pk} if name == "sam_user" else {sams.pk, tess.pk})
    assert client_of(world, name).get("/api/appointments").json() == []  # today: none


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_no_appointment_of_the_office(world: World, name: str) -> None:
    book(world)
    response = client_of(world, name).get("/api/appointments", {"day": "2026-03-11"})
    if name in {"dana", "charlie"}:
        assert response.status_code == 200 and response.json() == []
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("name", STAFF)
def test_staff_book_and_list(world: World, name: str) -> None:
    client = client_of(world, name)
    response = _post(client, f"/api/seekers/{world.sam.pk}/appointments", _booking())
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["channel"], body["duration_minutes"]) == (
        AppointmentState.BOOKED, Channel.PHONE, 20)
    assert [t["name"] for t in body["transitions"]] == ["book"]
    listed = client.get(f"/api/seekers/{world.sam.pk}/appointments").json()
    assert [row["id"] for row in listed] == [body["id"]]


def test_the_person_lists_their_own_but_may_not_book(world: World) -> None:
    appointment = book(world)
    client = client_of(world, "sam_user")
    assert [row["id"] for row in client.get(
        f"/api/seekers/{world.sam.pk}/appointments").json()] == [appointment.pk]
    assert _post(client, f"/api/seekers/{world.sam.pk}/appointments",
                 _booking()).status_code == 403
    assert Appointment.objects.count() == 1
    assert client.get(f"/api/seekers/{world.tess.pk}/appointments").status_code == 404


@pytest.mark.parametrize("name", [*OUTSIDERS, "tess_user"])
def test_nobody_else_lists_or_books(world: World, name: str) -> None:
    client = client_of(world, name)
    assert client.get(f"/api/seekers/{world.sam.pk}/appointments").status_code == 404
    assert _post(client, f"/api/seekers/{world.sam.pk}/appointments",
                 _booking()).status_code == 404
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"starts_at": "2026-03-10T08:00:00+00:00"}, "starts_at"),
    ({"counsellor_id": 999_999}, "counsellor_id"),
])
def test_bad_input_is_422_naming_the_field(world: World, overrides: dict[str, Any],
                                           field: str) -> None:
    response = _post(client_of(world, "alice"), f"/api/seekers/{world.sam.pk}/appointments",
                     _booking(**overrides))
    assert response.status_code == 422
    assert [d["loc"][-1] for d in response.json()["detail"]] == [field]
    assert not Appointment.objects.exists()


def test_a_duration_out_of_range_is_422(world: World) -> None:
    response = _post(client_of(world, "alice"), f"/api/seekers/{world.sam.pk}/appointments",
                     _booking(duration_minutes=481))
    assert response.status_code == 422
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("name", STAFF)
def test_staff_record_attendance_after_the_start(world: World, name: str) -> None:
    appointment = book(world)
    client = client_of(world, name)
    url = f"/api/appointments/{appointment.pk}/attend"
    early = _post(client, url, {})
    assert early.status_code == 422
    assert early.json()["detail"][0]["loc"][-1] == "starts_at"
    with clock.travel_to(appointment.starts_at + dt.timedelta(minutes=1)):
        response = _post(client, url, {"note": "Came with her daughter"})
    assert response.status_code == 200
    assert response.json()["state"] == AppointmentState.ATTENDED
    assert response.json()["transitions"][-1]["note"] == "Came with her daughter"


def test_no_show_and_then_nothing_more(world: World) -> None:
    appointment = book(world)
    client = client_of(world, "alice")
    with clock.travel_to(appointment.starts_at + dt.timedelta(minutes=30)):
        assert _post(client, f"/api/appointments/{appointment.pk}/no-show",
                     {}).json()["state"] == AppointmentState.NO_SHOW
        again = _post(client, f"/api/appointments/{appointment.pk}/cancel", {})
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"][-1] == "state"


def test_the_person_cancels_their_own_but_records_nothing(world: World) -> None:
    appointment = book(world)
    client = client_of(world, "sam_user")
    with clock.travel_to(appointment.starts_at + dt.timedelta(minutes=1)):
        assert _post(client, f"/api/appointments/{appointment.pk}/attend",
                     {}).status_code == 403
    response = _post(client, f"/api/appointments/{appointment.pk}/cancel", {"note": "ill"})
    assert response.status_code == 200
    assert response.json()["state"] == AppointmentState.CANCELLED


@pytest.mark.parametrize("name", [*OUTSIDERS, "tess_user"])
@pytest.mark.parametrize("step", ["attend", "no-show", "cancel"])
def test_others_cannot_find_the_appointment(world: World, name: str, step: str) -> None:
    appointment = book(world)
    client = client_of(world, name)
    assert client.get(f"/api/appointments/{appointment.pk}").status_code == 404
    with clock.travel_to(appointment.starts_at + dt.timedelta(minutes=1)):
        assert _post(client, f"/api/appointments/{appointment.pk}/{step}",
                     {}).status_code == 404
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.BOOKED


def test_signed_out_clients_are_refused(world: World) -> None:
    assert Client().get("/api/appointments").status_code == 401
