"""The case notes page for every persona: the office's staff and administrators read
and write, every confidential note shown is one audit entry, everybody else (the
person included) gets the same 404 and nothing is read."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from decentwork.audit.models import AuditEntry
from decentwork.casenotes.actions import write_note
from decentwork.casenotes.models import CaseNote, Confidentiality
from tests.conftest import World

pytestmark = pytest.mark.django_db

READERS = ["alice", "bob", "judy"]
OUTSIDERS = ["sam_user", "tess_user", "dana", "charlie", "erin", "frank", "ivan"]


def client_of(world: World, name: str) -> Client:
    return world.client_for(world.persona(name))


def text(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _reads() -> int:
    return AuditEntry.objects.filter(action="casenotes.read_confidential").count()


@pytest.fixture
def notes(world: World) -> list[CaseNote]:
    return [write_note(world.alice, world.sam, text="Wants evening shifts",
                       confidentiality=Confidentiality.ORDINARY),
            write_note(world.alice, world.sam, text="Court hearing in May",
                       confidentiality=Confidentiality.CONFIDENTIAL)]


@pytest.mark.parametrize("name", READERS)
def test_readers_see_every_note_and_each_confidential_one_is_audited(
        world: World, notes: list[CaseNote], name: str) -> None:
    response = client_of(world, name).get(reverse("casenotes:seeker", args=[world.sam.pk]))
    assert response.status_code == 200
    page = text(response)
    assert page.index("Court hearing in May") < page.index("Wants evening shifts")
    assert "Confidential" in page
    entry = AuditEntry.objects.get(action="casenotes.read_confidential")
    assert (entry.actor, entry.target_id) == (world.persona(name), str(notes[1].pk))


@pytest.mark.parametrize("name", READERS)
def test_readers_write_a_note(world: World, name: str) -> None:
    url = reverse("casenotes:seeker", args=[world.sam.pk])
    response = client_of(world, name).post(url, {"text": "Asked about childcare",
                                                 "confidentiality": "confidential"})
    assert response.status_code == 302 and response["Location"] == url
    note = CaseNote.objects.get()
    assert (note.text, note.confidentiality, note.author) == (
        "Asked about childcare", Confidentiality.CONFIDENTIAL, world.persona(name))


def test_an_empty_note_is_refused_naming_the_field(world: World) -> None:
    response = client_of(world, "alice").post(
        reverse("casenotes:seeker", args=[world.sam.pk]),
        {"text": "   ", "confidentiality": "ordinary"})
    assert response.status_code == 200
    assert 'id="id_text-error"' in response.content.decode()
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize("name", OUTSIDERS)
def test_nobody_else_reads_or_writes(world: World, notes: list[CaseNote], name: str) -> None:
    url = reverse("casenotes:seeker", args=[world.sam.pk])
    client = client_of(world, name)
    response = client.get(url)
    assert response.status_code == 404
    assert "Court hearing" not in response.content.decode()
    assert client.post(url, {"text": "x", "confidentiality": "ordinary"}).status_code == 404
    assert CaseNote.objects.count() == 2
    assert _reads() == 0


def test_only_the_page_shown_is_read(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from decentwork.casenotes import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(3):
        write_note(world.alice, world.sam, text=f"secret {n}",
                   confidentiality=Confidentiality.CONFIDENTIAL)
    client = client_of(world, "alice")
    url = reverse("casenotes:seeker", args=[world.sam.pk])
    first = text(client.get(url))
    assert "secret 2" in first and "secret 1" in first and "secret 0" not in first
    assert _reads() == 2
    assert "secret 0" in text(client.get(url, {"page": 2}))
    assert _reads() == 3
