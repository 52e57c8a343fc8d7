"""The case notes API, persona by persona: the same readers and writers as the page,
404 for everyone else (the person included), 422 naming the field, and one audit
entry per confidential note answered."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from decentwork.audit.models import AuditEntry
from decentwork.casenotes.actions import write_note
from decentwork.casenotes.models import CaseNote, Confidentiality
from tests.conftest import World

pytestmark = pytest.mark.django_db

READERS = ["alice", "bob", "judy"]
OUTSIDERS = ["sam_user", "tess_user", "dana", "charlie", "erin", "frank", "ivan"]


def client_of(world: World, name: str) -> Client:
    return world.client_for(world.persona(name))


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _reads() -> int:
    return AuditEntry.objects.filter(action="casenotes.read_confidential").count()


@pytest.mark.parametrize("name", READERS)
def test_readers_list_and_confidential_notes_answered_are_audited(world: World,
                                                                  name: str) -> None:
    ordinary = write_note(world.alice, world.sam, text="CV sent",
                          confidentiality=Confidentiality.ORDINARY)
    secret = write_note(world.alice, world.sam, text="Debts",
                        confidentiality=Confidentiality.CONFIDENTIAL)
    client = client_of(world, name)
    body = client.get(f"/api/seekers/{world.sam.pk}/case-notes").json()
    assert body["count"] == 2
    assert [(n["id"], n["text"]) for n in body["items"]] == [(secret.pk, "Debts"),
                                                             (ordinary.pk, "CV sent")]
    assert _reads() == 1
    # A page without the confidential note reads nothing confidential.
    client.get(f"/api/seekers/{world.sam.pk}/case-notes", {"offset": 1})
    assert _reads() == 1


@pytest.mark.parametrize("name", READERS)
def test_readers_write(world: World, name: str) -> None:
    response = _post(client_of(world, name), f"/api/seekers/{world.sam.pk}/case-notes",
                     {"text": "Interview coaching done", "confidentiality": "ordinary"})
    assert response.status_code == 201
    assert response.json()["author_id"] == world.persona(name).pk
    assert CaseNote.objects.get().text == "Interview coaching done"


@pytest.mark.parametrize("name", OUTSIDERS)
def test_nobody_else_reads_or_writes(world: World, name: str) -> None:
    write_note(world.alice, world.sam, text="Debts", confidentiality=Confidentiality.CONFIDENTIAL)
    client = client_of(world, name)
    assert client.get(f"/api/seekers/{world.sam.pk}/case-notes").status_code == 404
    assert _post(client, f"/api/seekers/{world.sam.pk}/case-notes",
                 {"text": "x"}).status_code == 404
    assert CaseNote.objects.count() == 1
    assert _reads() == 0


@pytest.mark.parametrize(("body", "field"), [
    ({"text": "   "}, "text"),
    ({"text": "fine", "confidentiality": "secret"}, "confidentiality"),
])
def test_bad_input_is_422_naming_the_field(world: World, body: dict[str, Any],
                                           field: str) -> None:
    response = _post(client_of(world, "alice"), f"/api/seekers/{world.sam.pk}/case-notes",
                     body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field
    assert not CaseNote.objects.exists()
