"""A person asks to be erased; after the grace period the scheduled job erases them
everywhere, while every figure the site counts stays the same. During the grace
period they can change their mind."""

from __future__ import annotations

import datetime as dt
import json

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from decentwork import clock
from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.audit.models import AuditEntry
from decentwork.encryption import EncryptedJSONField
from decentwork.privacy.actions import erase_due
from decentwork.privacy.models import ErasureRequest, ErasureState
from decentwork.recommendations.models import RunChunk
from decentwork.recommendations.snapshots import unseal_seekers
from decentwork.seekers.models import JobSeeker
from decentwork.taxonomy.models import LinkFeedback
from tests.privacy.conftest import People, figures

ERASURE = reverse("privacy:erasure")


def _ask(people: People) -> ErasureRequest:
    client = people.world.client_for(people.world.sam_user)
    response = client.post(ERASURE, {"confirm": "on"})
    assert response.status_code == 302
    return ErasureRequest.objects.get(seeker=people.world.sam)


def _traces(marker: str) -> list[str]:
    """Every column of every table whose text holds ``marker``, read as the database
    stores it, then every encrypted column read through its key."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table)} "
                               f"WHERE CAST({quote(column.name)} AS TEXT) LIKE %s",
                               [f"%{marker}%"])
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedJSONField):
                values = model._default_manager.values_list(field.name, flat=True)
                if any(marker in json.dumps(value) for value in values):
                    found.append(f"{model._meta.label}.{field.name} (sealed)")
    return found


def _in_snapshot(people: People, seeker: JobSeeker) -> bool:
    chunk = RunChunk.objects.get(run=people.run, first_seeker_id__lte=seeker.pk,
                                 last_seeker_id__gte=seeker.pk)
    assert chunk.seekers_sealed is not None
    return seeker.pk in unseal_seekers(chunk.seekers_sealed).seeker_ids.tolist()


def test_asking_needs_the_box_ticked_and_sets_the_day(people: People, settings: object) -> None:
    world = people.world
    client = world.client_for(world.sam_user)
    html = client.get(ERASURE).content.decode()
    assert "We wait 30 days before we erase it" in html
    refused = client.post(ERASURE, {})
    assert refused.status_code == 200
    assert 'id="id_confirm-error"' in refused.content.decode()
    assert not ErasureRequest.objects.exists()
    request = _ask(people)
    assert request.state == ErasureState.REQUESTED
    assert request.due_at - request.requested_at == dt.timedelta(days=30)
    html = client.get(ERASURE).content.decode()
    assert "You asked us to erase your data" in html
    assert reverse("privacy:cancel_erasure") in html
    assert AuditEntry.objects.filter(action="privacy.request_erasure",
                                     actor=world.sam_user).count() == 1


def test_the_grace_period_is_a_setting(people: People, settings: object) -> None:
    settings.PRIVACY_ERASURE_GRACE_DAYS = 7  # type: ignore[attr-defined]
    request = _ask(people)
    assert request.due_at - request.requested_at == dt.timedelta(days=7)


def test_after_the_grace_period_nothing_of_the_person_is_left_and_figures_hold(
        people: People) -> None:
    world = people.world
    request = _ask(people)
    before = figures(world.ivan, world.judy)
    assert _traces("SAMMARK") and _in_snapshot(people, world.sam)
    assert erase_due() == 0  # not due yet
    with clock.travel_to(request.due_at + dt.timedelta(minutes=1)):
        call_command("erase_due", stdout=open("/dev/null", "w"))  # noqa: SIM115
    request.refresh_from_db()
    assert request.state == ErasureState.CARRIED_OUT
    assert _traces("SAMMARK") == []
    assert not _in_snapshot(people, world.sam) and _in_snapshot(people, world.tess)
    # Closing what Sam had open is real and counted as such (privacy.actions
    # carry_out_erasure): he stopped looking for work and his open application was
    # withdrawn, each with its log row. Every other figure holds.
    assert before["seekers.JobSeeker"] == [("active", 3)]
    assert before["applications.Application"] == [("new", 2)]
    assert figures(world.ivan, world.judy) == {
        **before,
        "seekers.JobSeeker": [("active", 2), ("inactive", 1)],
        "seekers.StatusChange": [("placed", 2), ("placement_ended", 2), ("stopped_looking", 1)],
        "applications.Application": [("new", 1), ("withdrawn", 1)],
        "applications.ApplicationTransition": [("new", 2), ("withdrawn", 1)],
    }
    sam = JobSeeker.objects.get(pk=world.sam.pk)
    assert sam.full_name == f"Erased person #{sam.pk}" and sam.sensitive is None
    assert not LinkFeedback.objects.filter(given_by=world.sam_user).exists()
    # Tess is untouched.
    assert "TESSMARK" in json.dumps(people.world.client_for(people.tess_user)
                                    .get("/api/privacy/me/export").json())
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.actor is None and entry.target_id == str(request.pk)
    assert set(entry.details) <= {"copies", "about", "mentions", "anonymised", "deleted",
                                  "applications_withdrawn", "appointments_cancelled"}


def test_the_erased_login_no_longer_opens_anything(people: People) -> None:
    world = people.world
    client = world.client_for(world.sam_user)
    assert world.sam_user.check_password(TEST_PASSWORD)
    request = _ask(people)
    with clock.travel_to(request.due_at):
        erase_due()
    world.sam_user.refresh_from_db()
    assert not world.sam_user.is_active and world.sam_user.email == ""
    assert not world.sam_user.check_password(TEST_PASSWORD)
    # The session open before the erasure ends with it: back to signing in.
    response = client.get(reverse("seekers:my_profile"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_running_twice_erases_once(people: People) -> None:
    request = _ask(people)
    with clock.travel_to(request.due_at):
        assert erase_due() == 1
        assert erase_due() == 0
    assert AuditEntry.objects.filter(action="privacy.erase").count() == 1


def test_the_person_changes_their_mind_during_the_grace_period(people: People) -> None:
    world = people.world
    client = world.client_for(world.sam_user)
    request = _ask(people)
    response = client.post(reverse("privacy:cancel_erasure"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == ErasureState.CANCELLED
    with clock.travel_to(request.due_at + dt.timedelta(days=1)):
        assert erase_due() == 0
    assert "SAMMARK" in JobSeeker.objects.get(pk=world.sam.pk).full_name
    # A new request can be made afterwards.
    _ask_again = client.post(ERASURE, {"confirm": "on"})
    assert _ask_again.status_code == 302
    assert ErasureRequest.objects.filter(seeker=world.sam).count() == 2


def test_too_late_to_cancel_once_the_day_has_come(people: People) -> None:
    world = people.world
    request = _ask(people)
    with clock.travel_to(request.due_at):
        response = world.client_for(world.sam_user).post(reverse("privacy:cancel_erasure"),
                                                          follow=True)
    assert "The time to change your mind is over" in response.content.decode()
    request.refresh_from_db()
    assert request.state == ErasureState.REQUESTED


def test_the_api_asks_shows_and_cancels(people: People) -> None:
    client = people.world.client_for(people.world.sam_user)
    assert client.get("/api/privacy/me/erasure").status_code == 404
    asked = client.post("/api/privacy/me/erasure")
    assert asked.status_code == 201 and asked.json()["state"] == "requested"
    again = client.post("/api/privacy/me/erasure")
    assert again.status_code == 422 and again.json()["detail"][0]["loc"] == ["body", "state"]
    assert client.get("/api/privacy/me/erasure").json()["id"] == asked.json()["id"]
    cancelled = client.delete("/api/privacy/me/erasure")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert client.get("/api/privacy/me/erasure").status_code == 404
