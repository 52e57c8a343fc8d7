"""Writing and reading case notes: who may, what is refused, the text sealed at rest,
and one audit entry for every confidential note read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from decentwork import clock
from decentwork.audit.models import AuditEntry
from decentwork.casenotes.access import last_note_written, notes_of_seeker
from decentwork.casenotes.actions import write_note
from decentwork.casenotes.models import CaseNote, Confidentiality
from tests.conftest import World

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def _reads() -> int:
    return AuditEntry.objects.filter(action="casenotes.read_confidential").count()


@pytest.mark.parametrize("name", ["alice", "bob", "judy"])
def test_staff_of_the_office_and_administrators_write_notes(world: World, name: str) -> None:
    with clock.travel_to(NOW):
        note = write_note(getattr(world, name), world.sam, text="  Looking for evening work ",
                          confidentiality=Confidentiality.ORDINARY)
    note.refresh_from_db()
    assert (note.text, note.author, note.written_at) == (
        "Looking for evening work", getattr(world, name), NOW)
    entry = AuditEntry.objects.get(action="casenotes.write", target_id=str(note.pk))
    assert "evening" not in str(entry.details)


@pytest.mark.parametrize("name", ["sam_user", "dana", "charlie", "erin", "frank", "ivan"])
def test_nobody_else_writes_notes(world: World, name: str) -> None:
    with pytest.raises(PermissionDenied):
        write_note(getattr(world, name), world.sam, text="x",
                   confidentiality=Confidentiality.ORDINARY)
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize(("text", "confidentiality", "field"), [
    ("   ", Confidentiality.ORDINARY, "text"),
    ("x" * 10_001, Confidentiality.ORDINARY, "text"),
    ("fine", "secret", "confidentiality"),
])
def test_bad_input_names_the_field_and_writes_nothing(
        world: World, text: str, confidentiality: str, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        write_note(world.alice, world.sam, text=text, confidentiality=confidentiality)
    assert field in refused.value.message_dict
    assert not CaseNote.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="casenotes.").exists()


def test_the_text_is_sealed_in_the_database(world: World) -> None:
    note = write_note(world.alice, world.sam, text="Fled domestic violence",
                      confidentiality=Confidentiality.CONFIDENTIAL)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM casenotes_casenote WHERE id = %s", [note.pk])
        (stored,) = cursor.fetchone()
    assert "violence" not in stored


def test_each_confidential_note_read_is_audited_ordinary_ones_are_not(world: World) -> None:
    with clock.travel_to(NOW):
        ordinary = write_note(world.alice, world.sam, text="CV updated",
                              confidentiality=Confidentiality.ORDINARY)
    with clock.travel_to(NOW + dt.timedelta(days=1)):
        first = write_note(world.alice, world.sam, text="Debts",
                           confidentiality=Confidentiality.CONFIDENTIAL)
    with clock.travel_to(NOW + dt.timedelta(days=2)):
        second = write_note(world.alice, world.sam, text="Health",
                            confidentiality=Confidentiality.CONFIDENTIAL)
    assert _reads() == 0
    notes = notes_of_seeker(world.bob, world.sam)
    assert notes == [second, first, ordinary]  # newest first
    reads = AuditEntry.objects.filter(action="casenotes.read_confidential")
    assert sorted((e.actor_id, e.target_id) for e in reads) == sorted(
        [(world.bob.pk, str(first.pk)), (world.bob.pk, str(second.pk))])
    # Only the notes returned are reads: a page of one confidential note is one entry.
    assert notes_of_seeker(world.judy, world.sam, limit=1) == [second]
    assert _reads() == 3
    assert notes_of_seeker(world.alice, world.sam, limit=1, offset=2) == [ordinary]
    assert _reads() == 3


@pytest.mark.parametrize("name", ["sam_user", "dana", "charlie", "erin", "frank", "ivan"])
def test_nobody_else_reads_notes_and_nothing_is_audited(world: World, name: str) -> None:
    write_note(world.alice, world.sam, text="Debts", confidentiality=Confidentiality.CONFIDENTIAL)
    assert notes_of_seeker(getattr(world, name), world.sam) == []
    assert _reads() == 0


def test_last_note_written(world: World) -> None:
    for day in (1, 3, 2):
        with clock.travel_to(NOW + dt.timedelta(days=day)):
            write_note(world.alice, world.sam, text=f"day {day}",
                       confidentiality=Confidentiality.ORDINARY)
    assert last_note_written({world.sam.pk, world.tess.pk}) == {
        world.sam.pk: NOW + dt.timedelta(days=3)}
